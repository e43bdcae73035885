//! Demo duty log and handovers: today's entries (calls, a visitor, a patrol,
//! a promise due this evening, a correction, a kept promise), the previous
//! shift handed over and acknowledged, and the one before it also reviewed.
//! Everything goes through the store calls the desk uses; deterministic for
//! a given `now`.

use super::DEMO_PIN;
use crate::domain::dutylog::Category;
use crate::domain::shift::{Shift, ShiftPlan};
use crate::i18n::Lang;
use crate::present::HandoverText;
use crate::store::dutylog::NewLogEntry;
use crate::store::tickets::Filter;
use crate::store::{Actor, Result, Store};
use chrono::{Duration, NaiveDateTime, Timelike};

fn entry(category: Category, text: &str, unit: Option<&str>) -> NewLogEntry {
    NewLogEntry {
        category: Some(category),
        text: text.into(),
        unit: unit.map(String::from),
        ..Default::default()
    }
}

/// `k`/`n` of the way from the shift's start to `until` (never past it).
fn within(s: &Shift, until: NaiveDateTime, k: i32, n: i32) -> NaiveDateTime {
    let span = (until.min(s.end - Duration::seconds(1)) - s.start)
        .num_seconds()
        .max(0);
    s.start + Duration::seconds(span * k as i64 / n as i64)
}

/// The newest open ticket of a unit.
fn open_ticket_of(store: &Store, unit: &str) -> Result<Option<i64>> {
    let u = store.resolve_unit(unit)?;
    let open = Filter {
        open_only: true,
        unit_id: Some(u.id),
        ..Default::default()
    };
    Ok(store.list_tickets(&open)?.iter().map(|t| t.id).max())
}

/// The first ticket registered at a public-area location.
fn ticket_at(store: &Store, location: &str) -> Result<Option<i64>> {
    let all = Filter::default();
    Ok(store
        .list_tickets(&all)?
        .iter()
        .filter(|t| t.unit.is_none() && t.location == location)
        .map(|t| t.id)
        .min())
}

fn render(r: &crate::domain::handover::Report) -> String {
    Lang::Zh.handover_text(r)
}

pub fn seed_shift(store: &mut Store, now: NaiveDateTime) -> Result<()> {
    let plan = ShiftPlan::default();
    let cur = plan.at(now);
    let prev = plan.prev(&cur);
    let older = plan.prev(&prev);
    let who = |store: &Store, n: &str| -> Result<Actor> { super::person(store, n) };
    let (zhang, wang, zhao, chen) = (
        who(store, "张敏")?,
        who(store, "王芳")?,
        who(store, "赵丽")?,
        who(store, "陈静")?,
    );

    // The shift before last: a quiet one, handed over, signed and reviewed.
    store.add_log_entry(
        &entry(
            Category::Patrol,
            "夜间巡查 1-3栋 楼道、消防通道，正常",
            None,
        ),
        &zhao,
        &older,
        within(&older, older.end, 1, 4),
    )?;
    store.add_log_entry(
        &entry(
            Category::Call,
            "2-1-402 业主来电：楼上漏水到卫生间吊顶，已通知工程部值班人员上门查看",
            Some("2-1-402"),
        ),
        &zhao,
        &older,
        within(&older, older.end, 2, 4),
    )?;
    let at = older.end - Duration::minutes(10);
    let h = store.submit_handover(
        &older,
        &prev,
        "2-1-402 漏水已关阀止漏，工程部明早复查，请跟进。",
        &zhao,
        at,
        &render,
    )?;
    let acked = older.end + Duration::minutes(4);
    store.acknowledge_handover(h.id, &wang, DEMO_PIN, "已阅，复查时间已和业主确认。", acked)?;
    store.review_handover(
        h.id,
        &chen,
        "已阅。漏水一事请在回访中确认吊顶恢复情况。",
        older.end + Duration::hours(2),
    )?;

    // The previous shift: a promise made, handed over and acknowledged.
    store.add_log_entry(
        &entry(
            Category::Visitor,
            "5-2-502 业主来访，咨询装修申请手续，已发装修须知和申请表",
            Some("5-2-502"),
        ),
        &wang,
        &prev,
        within(&prev, prev.end, 1, 5),
    )?;
    let mut promise = entry(
        Category::Promise,
        "答应 2-1-402 业主：下一班开始后一小时内回电确认吊顶维修时间",
        Some("2-1-402"),
    );
    promise.due_at = Some(cur.start + Duration::hours(1));
    let early_promise =
        store.add_log_entry(&promise, &wang, &prev, within(&prev, prev.end, 2, 5))?;
    store.add_log_entry(
        &entry(
            Category::Note,
            "地下车库B区照明已恢复，工程部已处理完毕",
            None,
        ),
        &wang,
        &prev,
        within(&prev, prev.end, 3, 5),
    )?;
    let at = prev.end - Duration::minutes(10);
    let h = store.submit_handover(
        &prev,
        &cur,
        "2-1-402 的回电承诺请下一班落实；3-2-1201 热水器维修在跟进中。",
        &wang,
        at,
        &render,
    )?;
    let acked = (prev.end + Duration::minutes(3)).min(now);
    store.acknowledge_handover(h.id, &zhang, DEMO_PIN, "收到，会按时回电。", acked)?;

    // Today's shift so far.
    let t = |k: i32| within(&cur, now, k, 8);
    let mut call = entry(
        Category::Call,
        "3-2-1201 李秀英来电询问热水器维修进度，已告知工程部今天下午上门",
        Some("3-2-1201"),
    );
    call.ticket_id = open_ticket_of(store, "3-2-1201")?;
    store.add_log_entry(&call, &zhang, &cur, t(1))?;
    store.keep_promise(
        early_promise.id,
        "已回电 2-1-402 业主，约定明天上午 10 点维修吊顶",
        &zhang,
        &cur,
        t(2),
    )?;
    let mut patrol = entry(
        Category::Patrol,
        "巡查 6栋1单元 楼道：5-7层感应灯不亮，已报修",
        None,
    );
    patrol.ticket_id = ticket_at(store, "6栋1单元 楼道")?;
    store.add_log_entry(&patrol, &zhang, &cur, t(3))?;
    let wrong = store.add_log_entry(
        &entry(
            Category::Call,
            "8-1-2301 来电反映电梯运行有异响",
            Some("8-1-2301"),
        ),
        &zhang,
        &cur,
        t(4),
    )?;
    store.correct_log_entry(
        wrong.id,
        &entry(
            Category::Call,
            "8-1-2201 来电反映电梯运行有异响（房号记错，不是 2301）",
            Some("8-1-2201"),
        ),
        &zhang,
        &cur,
        t(5),
    )?;
    let evening = now.date().and_hms_opt(19, 0, 0).unwrap_or(now);
    let due = if now.hour() < 17 {
        evening
    } else {
        now + Duration::hours(2)
    };
    let mut promise = entry(
        Category::Promise,
        "答应 3-2-1201 李女士：今晚 7 点前回电告知热水器维修结果",
        Some("3-2-1201"),
    );
    promise.due_at = Some(due);
    promise.ticket_id = call.ticket_id;
    store.add_log_entry(&promise, &zhang, &cur, t(6))?;
    Ok(())
}
