//! Demo callbacks: a month of finished work orders and handled complaints
//! (through the real store steps, so the callback hook creates the tasks and
//! records the sample), then the calls the desk made: mostly satisfied, one
//! unsatisfied repair that went back as rework and is due again, missed calls
//! and one resident never reached, a few left pending or overdue.

use super::Rng;
use crate::domain::callback::{CallResult, Method, Outcome, Rating, Reason};
use crate::domain::category::Category;
use crate::domain::category::Category as C;
use crate::domain::ticket::{dept, ReplyVia, Urgency};
use crate::domain::{Action, Channel, Kind, State, StepInput};
use crate::store::callbacks::{Task, Which};
use crate::store::tickets::NewTicket;
use crate::store::{Actor, Result, Store};
use chrono::{Duration, NaiveDateTime, NaiveTime};

const REPAIRS: &[(Category, &str)] = &[
    (C::PlumbingElectric, "厨房水槽下水管漏水"),
    (C::PlumbingElectric, "卫生间灯不亮，开关有焦味"),
    (C::PlumbingElectric, "阳台水龙头关不紧"),
    (C::DoorsWindows, "卧室窗户把手松动关不上"),
    (C::DoorsWindows, "入户门闭门器漏油"),
    (C::Building, "阳台顶棚渗水"),
    (C::Hvac, "空调外机支架锈蚀松动"),
    (C::PlumbingElectric, "马桶水箱一直流水"),
    (C::DoorsWindows, "防盗门猫眼脱落"),
];

const PAID: &[(Category, &str)] = &[
    (C::Housekeeping, "家政保洁：全屋擦窗"),
    (C::Repair, "有偿服务：更换厨房水龙头"),
    (C::Housekeeping, "家政保洁：油烟机清洗"),
];

/// (category, text, department)
const COMPLAINTS: &[(Category, &str, &str)] = &[
    (
        C::Noise,
        "楼上装修晚上十点后还在施工，噪音很大",
        dept::SECURITY,
    ),
    (
        C::Cleanliness,
        "单元门口垃圾桶两天没清，异味严重",
        dept::CLEANING,
    ),
    (
        C::Safety,
        "夜里有外来人员进小区，门岗未登记",
        dept::SECURITY,
    ),
    (
        C::Cleanliness,
        "修剪下来的树枝堆在楼下一周没清运",
        dept::LANDSCAPING,
    ),
    (
        C::Cleanliness,
        "电梯轿厢地面很脏，有宠物尿渍",
        dept::CLEANING,
    ),
    (C::Safety, "消防通道长期被私家车占用", dept::SECURITY),
];

const SATISFIED: &[&str] = &[
    "师傅很准时，修得很好",
    "挺好的，谢谢你们",
    "已经不漏了",
    "态度很好，走的时候还把地拖了",
    "",
    "",
];
const BASIC: &[&str] = &[
    "修好了，就是等得有点久",
    "基本可以，希望下次上门前先打电话",
    "还行，楼道里留了点灰",
];
const COMPLAINT_OK: &[&str] = &["现在好多了，谢谢", "已经处理了，希望保持", ""];
const MISSED: &[&str] = &["无人接听", "关机", "占线", "响铃无人接"];

struct Ctx<'a> {
    store: &'a mut Store,
    rng: Rng,
    ops: Vec<Actor>,
}

impl Ctx<'_> {
    fn op(&mut self) -> Actor {
        let i = self.rng.below(self.ops.len() as u64) as usize;
        self.ops[i].clone()
    }

    fn step(&mut self, id: i64, action: Action, input: StepInput, at: NaiveDateTime) -> Result<()> {
        let who = self.op();
        let v = self.store.ticket(id)?.version;
        self.store.transition(id, v, action, &input, &who, at)?;
        Ok(())
    }

    fn call(
        &mut self,
        task: &Task,
        at: NaiveDateTime,
        result: CallResult,
        words: &str,
    ) -> Result<()> {
        let who = self.op();
        let mut o = Outcome::simple(at, result, words);
        if result != CallResult::Unreached && task.reason.is_complaint() {
            o.attitude = Some(Rating::Good);
        } else if result != CallResult::Unreached {
            o.timeliness = Some(if result == CallResult::Basic {
                Rating::Fair
            } else {
                Rating::Good
            });
            o.attitude = Some(Rating::Good);
            o.workmanship = Some(match result {
                CallResult::Unsatisfied => Rating::Poor,
                CallResult::Basic => Rating::Fair,
                _ => Rating::Good,
            });
        }
        if self.rng.chance(10) {
            o.method = Method::Visit;
        }
        self.store.record_callback(task.id, None, &o, &who, at)?;
        Ok(())
    }
}

/// Occupied units with their primary contact.
fn residents(store: &Store) -> Result<Vec<(String, String, String)>> {
    let ids = store.occupied_units()?;
    let mut out = Vec::new();
    for (id, code) in ids {
        if let Some((name, phone)) = store.primary_contact(id)? {
            if !phone.is_empty() {
                out.push((code, name, phone));
            }
        }
    }
    Ok(out)
}

/// The next morning's call round after `t`.
fn round_after(t: NaiveDateTime, rng: &mut Rng) -> NaiveDateTime {
    let day = t.date() + Duration::days(1);
    day.and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN))
        + Duration::minutes(rng.below(150) as i64)
}

pub fn seed(store: &mut Store, now: NaiveDateTime) -> Result<()> {
    let ops = ["张敏", "李娜", "王芳", "赵丽"]
        .iter()
        .map(|n| super::person(store, n))
        .collect::<Result<Vec<_>>>()?;
    let supervisor = super::person(store, "陈静")?;
    let people = residents(store)?;
    let mut c = Ctx {
        store,
        rng: Rng::new(2024),
        ops,
    };
    let techs = ["赵建军", "孙志刚", "周海涛"];
    // 1. A month of work: about one or two work orders a day, a complaint
    //    every few days.
    for ago in (2..=30).rev() {
        let day = (now - Duration::days(ago)).date();
        let morning = day.and_time(NaiveTime::from_hms_opt(8, 30, 0).unwrap_or(NaiveTime::MIN));
        for _ in 0..1 + c.rng.below(2) {
            let (unit, who, phone) = c.rng.pick(&people).clone();
            let paid = c.rng.chance(15);
            let (category, text) = if paid {
                *c.rng.pick(PAID)
            } else {
                *c.rng.pick(REPAIRS)
            };
            let start = morning + Duration::minutes(c.rng.below(8 * 60) as i64);
            let new = NewTicket {
                kind: Some(if paid {
                    Kind::PaidService
                } else {
                    Kind::Repair
                }),
                unit: Some(unit),
                channel: Some(
                    *c.rng
                        .pick(&[Channel::Phone, Channel::Phone, Channel::Visit]),
                ),
                reporter: who,
                phone,
                category: category.into(),
                description: text.into(),
                ..Default::default()
            };
            let op = c.op();
            let t = c.store.create_ticket(&new, &op, start)?;
            let tech = c.rng.pick(&techs).to_string();
            c.step(
                t.id,
                Action::Dispatch,
                StepInput {
                    department: Some(dept::ENGINEERING.into()),
                    technician: Some(tech),
                    quoted_fee_cents: paid.then_some(8000),
                    ..Default::default()
                },
                start + Duration::minutes(6),
            )?;
            c.step(
                t.id,
                Action::Accept,
                StepInput::default(),
                start + Duration::minutes(20),
            )?;
            let done = start + Duration::minutes(90 + c.rng.below(180) as i64);
            c.step(
                t.id,
                Action::Complete,
                StepInput {
                    resident_signed: Some(true),
                    fee_cents: paid.then_some(8000),
                    ..Default::default()
                },
                done,
            )?;
            if paid {
                c.step(
                    t.id,
                    Action::ConfirmPayment,
                    StepInput::default(),
                    done + Duration::hours(1),
                )?;
            }
        }
        if ago % 4 == 0 {
            let (unit, who, phone) = c.rng.pick(&people).clone();
            let (category, text, to) = *c.rng.pick(COMPLAINTS);
            let start = morning + Duration::minutes(c.rng.below(6 * 60) as i64);
            let developer = ago == 4;
            let new = NewTicket {
                kind: Some(Kind::Complaint),
                unit: Some(unit),
                channel: Some(Channel::Phone),
                reporter: who,
                phone,
                category: if developer {
                    C::Construction.into()
                } else {
                    category.into()
                },
                description: if developer {
                    "新交房外墙渗水，卧室墙面发霉（开发商遗留）".into()
                } else {
                    text.into()
                },
                ..Default::default()
            };
            let op = c.op();
            let t = c.store.create_ticket(&new, &op, start)?;
            let urgency = if c.rng.chance(30) {
                Urgency::Urgent
            } else {
                Urgency::NotUrgent
            };
            c.step(
                t.id,
                Action::ClassifyValid,
                StepInput {
                    urgency: Some(urgency),
                    developer_defect: Some(developer),
                    ..Default::default()
                },
                start + Duration::minutes(5),
            )?;
            c.step(
                t.id,
                Action::Dispatch,
                StepInput {
                    department: Some(if developer { dept::DEVELOPER } else { to }.into()),
                    ..Default::default()
                },
                start + Duration::minutes(15),
            )?;
            let handled = start + Duration::hours(3 + c.rng.below(20) as i64);
            c.step(
                t.id,
                Action::Handle,
                StepInput {
                    note: Some("责任部门已处理并反馈前台".into()),
                    ..Default::default()
                },
                handled,
            )?;
            c.step(
                t.id,
                Action::Reply,
                StepInput {
                    reply_via: Some(ReplyVia::Phone),
                    explanation: Some("已电话告知业户处理结果".into()),
                    ..Default::default()
                },
                handled + Duration::minutes(30),
            )?;
        }
    }
    // An invalid complaint, explained ten days ago.
    let (unit, who, phone) = c.rng.pick(&people).clone();
    let start = now - Duration::days(10);
    let t = c.store.create_ticket(
        &NewTicket {
            kind: Some(Kind::Complaint),
            unit: Some(unit),
            channel: Some(Channel::Visit),
            reporter: who,
            phone,
            category: C::Other.into(),
            description: "快递放在门口丢失，要求物业赔偿".into(),
            ..Default::default()
        },
        &c.ops[0].clone(),
        start,
    )?;
    let v = c.store.ticket(t.id)?.version;
    c.store.transition(
        t.id,
        v,
        Action::ClassifyInvalid,
        &StepInput::default(),
        &supervisor,
        start + Duration::minutes(20),
    )?;
    c.step(
        t.id,
        Action::Explain,
        StepInput {
            explanation: Some("快递丢失属快递公司责任，已告知投诉电话".into()),
            reply_via: Some(ReplyVia::Visit),
            ..Default::default()
        },
        start + Duration::hours(2),
    )?;
    // 2. The calls, in the order the tasks were created.
    let mut tasks = c.store.callback_queue(now, Which::All)?;
    tasks.sort_by_key(|t| (t.handled_at, t.id));
    let (mut reworked, mut unreachable, mut late_reached, mut skipped) = (false, false, 0, 0);
    for task in &tasks {
        // An emergency's follow-up visit is made days later, in person: the
        // demo's is still to come (due within 20 days), in the queue.
        if task.reason == Reason::EmergencyVisit {
            continue;
        }
        let handled = task.handled_at;
        let at = round_after(handled, &mut c.rng);
        // Today's round has not started for these: they stay pending.
        if at + Duration::hours(1) > now {
            continue;
        }
        let age = now - handled;
        // Two the desk has not got to: overdue on the screen.
        if skipped < 2 && age < Duration::days(4) && task.reason == Reason::Sample {
            skipped += 1;
            continue;
        }
        let ticket = c.store.ticket(task.ticket_id)?;
        // The one unsatisfied resident: the repair went back as rework,
        // was finished again yesterday and is due for its callback again.
        if !reworked
            && ticket.kind == Kind::Repair
            && ticket.state == State::Done
            && age >= Duration::days(3)
            && age < Duration::days(8)
        {
            reworked = true;
            c.call(
                task,
                at,
                CallResult::Unsatisfied,
                "修完第二天又开始滴水，晚上滴答声吵得睡不着",
            )?;
            c.step(
                task.ticket_id,
                Action::Accept,
                StepInput::default(),
                at + Duration::hours(2),
            )?;
            let yesterday = (now - Duration::days(1))
                .date()
                .and_time(NaiveTime::from_hms_opt(15, 0, 0).unwrap_or(NaiveTime::MIN));
            let again = yesterday.max(at + Duration::hours(4)).min(now);
            c.step(
                task.ticket_id,
                Action::Complete,
                StepInput {
                    resident_signed: Some(true),
                    note: Some("更换阀芯，试水半小时无渗漏".into()),
                    ..Default::default()
                },
                again,
            )?;
            continue;
        }
        // One resident never reached: three calls, given up.
        if !unreachable && age >= Duration::days(5) {
            unreachable = true;
            let times = [at, at + Duration::hours(6), at + Duration::days(1)];
            for (i, t) in times.iter().enumerate() {
                let task = c.store.callback(task.id)?;
                c.call(&task, *t, CallResult::Unreached, MISSED[i % MISSED.len()])?;
            }
            continue;
        }
        // A couple missed first, reached the next day.
        if late_reached < 2 && age >= Duration::days(3) && c.rng.chance(25) {
            late_reached += 1;
            let word = *c.rng.pick(MISSED);
            c.call(task, at, CallResult::Unreached, word)?;
            let task = c.store.callback(task.id)?;
            c.call(
                &task,
                at + Duration::days(1),
                CallResult::Satisfied,
                "上次在外地，修得挺好",
            )?;
            continue;
        }
        let roll = c.rng.below(100);
        let (result, words) = if roll < 15 {
            (CallResult::Basic, *c.rng.pick(BASIC))
        } else if task.reason.is_complaint() {
            (CallResult::Satisfied, *c.rng.pick(COMPLAINT_OK))
        } else {
            (CallResult::Satisfied, *c.rng.pick(SATISFIED))
        };
        c.call(task, at, result, words)?;
    }
    // 3. This morning's round has begun: two residents did not pick up.
    let mut missed = 0;
    for task in c.store.callback_queue(now, Which::All)? {
        let handled = task.handled_at;
        let at = now - Duration::minutes(40 + 25 * missed);
        let due_today_or_later = task.due_at >= now;
        if missed < 2
            && due_today_or_later
            && task.attempts == 0
            && handled < at
            && task.reason != Reason::Rework
            && task.reason != Reason::EmergencyVisit
        {
            missed += 1;
            let word = *c.rng.pick(MISSED);
            c.call(&task, at, CallResult::Unreached, word)?;
        }
    }
    Ok(())
}
