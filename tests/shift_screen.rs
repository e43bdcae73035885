//! The 值班 screen driven by keys at the fixed clock (Mon 2026-11-23 10:00),
//! rendered at 80x24: the duty log, the handover preview, the handover waiting
//! for the incoming operator (shown at sign-in, PIN masked, a wrong PIN
//! refused), corrections and kept promises, past handovers.

mod common;

use common::*;
use frontdesk::domain::dutylog::Category;
use frontdesk::domain::shift::ShiftPlan;
use frontdesk::i18n::Lang;
use frontdesk::present::HandoverText;
use frontdesk::store::dutylog::NewLogEntry;
use frontdesk::tui::app::Overlay;
use frontdesk::tui::keymap::Context;
use frontdesk::tui::screens::ScreenId;
use ratatui::crossterm::event::KeyCode;

fn entry(
    db: &mut Db,
    who: &str,
    when: &str,
    category: Category,
    text: &str,
    unit: Option<&str>,
) -> i64 {
    let me = db.staff(who);
    let shift = ShiftPlan::default().at(at(when));
    let new = NewLogEntry {
        category: Some(category),
        text: text.into(),
        unit: unit.map(String::from),
        due_at: (category == Category::Promise).then(|| at("2026-11-23 19:00")),
        ..Default::default()
    };
    db.store
        .add_log_entry(&new, &me, &shift, at(when))
        .unwrap()
        .id
}

/// A morning at the desk: a call, a patrol, a promise.
fn morning() -> Db {
    let mut db = site_db();
    entry(
        &mut db,
        "王芳",
        "2026-11-23 06:00",
        Category::Patrol,
        "夜巡 1-3栋 正常",
        None,
    );
    entry(
        &mut db,
        "张敏",
        "2026-11-23 09:10",
        Category::Call,
        "业主来电询问热水器维修进度",
        Some("3-2-1201"),
    );
    entry(
        &mut db,
        "张敏",
        "2026-11-23 09:30",
        Category::Patrol,
        "巡查 6栋1单元 楼道，感应灯不亮，已报修",
        None,
    );
    entry(
        &mut db,
        "张敏",
        "2026-11-23 09:45",
        Category::Promise,
        "答应李女士今晚7点前回电告知维修结果",
        Some("3-2-1201"),
    );
    db
}

#[test]
fn duty_log_screen() {
    let db = morning();
    let mut a = app(&db, "张敏", Lang::Zh);
    press(&mut a, &[key(KeyCode::F(7))]);
    assert_eq!(a.screen_id(), ScreenId::Shift);
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("值班日志 · 2026-11-23 白班 09:00–17:00"));
    // The status bar: the current shift and its operator.
    assert!(screen.lines().next().unwrap().contains("白班 张敏"));
    insta::assert_snapshot!("shift_log_80x24", screen);

    // Write an entry: the text is focused; Tab to the unit; Ctrl-S.
    type_text(&mut a, "5-2-502 业主来访咨询装修");
    press(&mut a, &[key(KeyCode::Tab)]);
    type_text(&mut a, "5-2-502");
    press(&mut a, &[ctrl('s')]);
    assert!(a.status.text.contains("已记录"), "{}", a.status.text);
    let log = a.store.shift_log(&ShiftPlan::default().at(now())).unwrap();
    let last = log.last().unwrap();
    assert_eq!(last.text, "5-2-502 业主来访咨询装修");
    assert_eq!(last.unit.as_deref(), Some("5-2-502"));
    assert_eq!(last.operator, "张敏");
    assert_eq!(last.category, Category::Call);

    // A promise without a due time: refused, the text stays.
    // After a save the text has the focus again; Shift-Tab is the category.
    press(&mut a, &[key(KeyCode::BackTab)]);
    for _ in 0..4 {
        press(&mut a, &[key(KeyCode::Right)]);
    }
    press(&mut a, &[key(KeyCode::Tab)]);
    type_text(&mut a, "答应回电");
    press(&mut a, &[ctrl('s')]);
    assert!(
        a.status.text.contains("承诺须写明期限"),
        "{}",
        a.status.text
    );
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("答应回电"), "typed text kept:\n{screen}");
}

#[test]
fn correct_an_entry_and_keep_a_promise() {
    let db = morning();
    let mut a = app(&db, "张敏", Lang::Zh);
    press(&mut a, &[key(KeyCode::F(7))]);
    // The latest entry (the promise) is chosen; up twice is the call.
    press(&mut a, &[key(KeyCode::Up), key(KeyCode::Up), ctrl('x')]);
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("更正 L2"), "{screen}");
    // Ctrl-U clears the line; type the corrected text.
    press(&mut a, &[ctrl('u')]);
    type_text(&mut a, "业主来电询问热水器维修进度（来电人为李秀英）");
    press(&mut a, &[ctrl('s')]);
    assert!(a.status.text.contains("已更正 L2"), "{}", a.status.text);
    let call = a.store.log_entry(2).unwrap();
    assert_eq!(
        call.text, "业主来电询问热水器维修进度",
        "the original stays"
    );
    let fix = a.store.log_entry(call.corrected_by.unwrap()).unwrap();
    assert_eq!(fix.category, Category::Correction);
    assert_eq!(fix.text, "业主来电询问热水器维修进度（来电人为李秀英）");
    assert_eq!(fix.unit.as_deref(), Some("3-2-1201"));

    // Keep the promise: choose it in the open promises, Ctrl-K, say how.
    press(
        &mut a,
        &[key(KeyCode::Down), key(KeyCode::Down), key(KeyCode::Down)],
    );
    press(&mut a, &[ctrl('k')]);
    assert!(a.status.text.contains("承诺 L4"), "{}", a.status.text);
    type_text(&mut a, "已回电告知明早维修");
    press(&mut a, &[ctrl('s')]);
    assert!(a.status.text.contains("已记为兑现"), "{}", a.status.text);
    assert!(a.store.open_promises().unwrap().is_empty());
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("未兑现承诺（0）"), "{screen}");
}

#[test]
fn handover_preview_and_submit() {
    let mut db = morning();
    let op = db.staff("张敏");
    db.store
        .create_ticket(
            &frontdesk::store::tickets::NewTicket {
                kind: Some(frontdesk::domain::Kind::Repair),
                unit: Some("3-2-1201".into()),
                channel: Some(frontdesk::domain::Channel::Visit),
                reporter: "李秀英".into(),
                phone: "13987654321".into(),
                description: "卫生间热水器打不着火".into(),
                ..Default::default()
            },
            &op,
            at("2026-11-23 09:20"),
        )
        .unwrap();
    let mut a = app(&db, "张敏", Lang::Zh);
    press(&mut a, &[key(KeyCode::F(7)), ctrl('o')]);
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("交班预览 · 2026-11-23 白班 09:00–17:00"));
    assert!(screen.contains("#1    修 3-2-1201"));
    assert!(
        !screen.contains("13987654321"),
        "no phone numbers in a report"
    );
    insta::assert_snapshot!("shift_handover_preview_80x24", screen);

    // Scroll to the end: the log and the promise are in the report.
    for _ in 0..4 {
        press(&mut a, &[key(KeyCode::PageDown)]);
    }
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("答应李女士今晚7点前回电"), "{screen}");

    type_text(&mut a, "热水器今晚回电");
    press(&mut a, &[ctrl('s')]);
    assert!(a.status.text.contains("已交班"), "{}", a.status.text);
    let h = a.store.latest_handover().unwrap().unwrap();
    assert_eq!(h.report.note, "热水器今晚回电");
    assert_eq!(h.from_operator, "张敏");
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("待签收"));
    // Opening the handover again shows the stored one, not a second preview.
    press(&mut a, &[key(KeyCode::Esc), ctrl('o')]);
    assert!(a.status.text.contains("本班已交班"), "{}", a.status.text);
}

#[test]
fn the_next_operator_is_shown_the_waiting_handover_and_signs_with_a_pin() {
    let mut db = morning();
    let zhang = db.staff("张敏");
    let day = ShiftPlan::default().at(now());
    let next = ShiftPlan::default().next(&day);
    let h = db
        .store
        .submit_handover(
            &day,
            &next,
            "热水器今晚回电",
            &zhang,
            at("2026-11-23 09:55"),
            &|r| Lang::Zh.handover_text(r),
        )
        .unwrap();

    // The author signing in again is not sent there.
    let a = app(&db, "张敏", Lang::Zh);
    assert_eq!(a.screen_id(), ScreenId::Today);

    // The next operator is: on the handover, with a message.
    let mut a = app(&db, "李娜", Lang::Zh);
    assert_eq!(a.screen_id(), ScreenId::Shift);
    assert!(
        a.status
            .text
            .contains(&format!("有待签收的交接班 #{}", h.id)),
        "{}",
        a.status.text
    );
    // The form starts on who signs (李娜, herself); Tab is the PIN.
    press(&mut a, &[key(KeyCode::Tab)]);
    type_text(&mut a, "9999");
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("****"), "{screen}");
    assert!(!screen.contains("9999"), "the PIN is masked");
    insta::assert_snapshot!("shift_handover_awaiting_80x24", screen);

    // Wrong PIN: refused, still waiting; the PIN field is cleared and keeps
    // the focus.
    press(&mut a, &[ctrl('s')]);
    assert!(a.status.text.contains("PIN 不正确"), "{}", a.status.text);
    assert!(a.store.handover(h.id).unwrap().acknowledged.is_none());
    type_text(&mut a, "1234");
    press(&mut a, &[key(KeyCode::Tab)]);
    type_text(&mut a, "收到 明早见");
    press(&mut a, &[ctrl('s')]);
    assert!(
        a.status.text.contains("已由 李娜 签收并封存"),
        "{}",
        a.status.text
    );
    let sealed = a.store.handover(h.id).unwrap();
    let ack = sealed.acknowledged.unwrap();
    assert_eq!(
        (ack.by.as_str(), ack.remarks.as_str()),
        ("李娜", "收到 明早见"),
        "the space is text; the incoming operator stays"
    );
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("已签收"), "{screen}");
    // Ctrl-R: an operator may not review.
    press(&mut a, &[ctrl('r')]);
    assert!(
        a.status.text.contains("只有主管或经理"),
        "{}",
        a.status.text
    );
    // Ctrl-D: an addendum.
    press(&mut a, &[ctrl('d')]);
    type_text(&mut a, "补：钥匙 A-12 已归还");
    press(&mut a, &[ctrl('s')]);
    assert_eq!(a.store.handover(h.id).unwrap().addenda.len(), 1);

    // A supervisor reviews from past handovers.
    let mut s = app(&db, "陈静", Lang::Zh);
    press(&mut s, &[key(KeyCode::F(7)), ctrl('p')]);
    let screen = render(&mut s, 80, 24);
    assert!(screen.contains("历史交接班（1）"), "{screen}");
    assert!(
        screen
            .lines()
            .any(|l| l.contains("#1") && l.contains("张敏") && l.contains("李娜")),
        "{screen}"
    );
    insta::assert_snapshot!("shift_history_80x24", screen);
    press(&mut s, &[key(KeyCode::Enter), ctrl('r')]);
    type_text(&mut s, "已阅");
    press(&mut s, &[ctrl('s')]);
    assert!(s.status.text.contains("已审阅"), "{}", s.status.text);
    let r = s.store.handover(h.id).unwrap().review.unwrap();
    assert_eq!((r.by.as_str(), r.comment.as_str()), ("陈静", "已阅"));
    // Esc goes back to the list, then to the log.
    press(&mut s, &[key(KeyCode::Esc)]);
    assert!(render(&mut s, 80, 24).contains("历史交接班"));
    press(&mut s, &[key(KeyCode::Esc)]);
    assert!(render(&mut s, 80, 24).contains("值班日志"));
}

#[test]
fn english_screen_fits() {
    let db = morning();
    let mut a = app(&db, "张敏", Lang::En);
    press(&mut a, &[key(KeyCode::F(7))]);
    let screen = render(&mut a, 80, 24);
    assert!(
        screen.contains("Duty log · 2026-11-23 Day 09:00–17:00"),
        "{screen}"
    );
    press(&mut a, &[ctrl('o')]);
    let screen = render(&mut a, 80, 24);
    assert!(
        screen.contains("Shift handover · 2026-11-23 Day"),
        "{screen}"
    );
}

/// Who is focused in a form: the label drawn with the focus mark.
fn focused_label(screen: &str) -> String {
    screen
        .lines()
        .find_map(|l| l.split_once('▶').map(|(_, rest)| rest.to_string()))
        .map(|rest| rest.split_whitespace().next().unwrap_or("").to_string())
        .unwrap_or_default()
}

#[test]
fn signing_form_focus_goes_who_then_pin_then_remarks() {
    let mut db = morning();
    let zhang = db.staff("张敏");
    let day = ShiftPlan::default().at(now());
    let next = ShiftPlan::default().next(&day);
    let h = db
        .store
        .submit_handover(&day, &next, "", &zhang, at("2026-11-23 09:55"), &|r| {
            Lang::Zh.handover_text(r)
        })
        .unwrap();
    let mut a = app(&db, "李娜", Lang::Zh);
    assert_eq!(a.screen_id(), ScreenId::Shift);
    // First: who signs. Digits typed there go nowhere, least of all on screen.
    assert_eq!(focused_label(&render(&mut a, 80, 24)), "接班人");
    assert!(a.contexts().contains(&Context::Choice));
    type_text(&mut a, "1234");
    assert!(!render(&mut a, 80, 24).contains("1234"));
    // Then the PIN (masked), then the remarks.
    press(&mut a, &[key(KeyCode::Tab)]);
    assert_eq!(focused_label(&render(&mut a, 80, 24)), "PIN*");
    type_text(&mut a, "1234");
    let screen = render(&mut a, 80, 24);
    assert!(
        screen.contains("****") && !screen.contains("1234"),
        "{screen}"
    );
    press(&mut a, &[key(KeyCode::Tab)]);
    assert_eq!(focused_label(&render(&mut a, 80, 24)), "接班备注");
    assert!(!a.contexts().contains(&Context::Choice));
    // A space in the remarks is text: the incoming operator does not change.
    type_text(&mut a, "灯 已报修");
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("灯 已报修"), "{screen}");
    press(&mut a, &[key(KeyCode::Tab)]);
    assert_eq!(focused_label(&render(&mut a, 80, 24)), "接班人");
    press(&mut a, &[ctrl('s')]);
    let ack = a.store.handover(h.id).unwrap().acknowledged.unwrap();
    assert_eq!(
        (ack.by.as_str(), ack.remarks.as_str()),
        ("李娜", "灯 已报修")
    );
}

/// Write a promise due at `due`; `right` steps the category to 承诺 (4 from
/// 来电; none once a promise was saved, as the category stays).
fn promise(a: &mut frontdesk::tui::app::App, right: usize, text: &str, due: &str) {
    // The text has the focus; Shift-Tab is the category.
    press(a, &[key(KeyCode::BackTab)]);
    for _ in 0..right {
        press(a, &[key(KeyCode::Right)]);
    }
    press(a, &[key(KeyCode::Tab)]);
    type_text(a, text);
    for _ in 0..3 {
        press(a, &[key(KeyCode::Tab)]);
    }
    type_text(a, due);
}

#[test]
fn a_promise_due_in_two_hours_in_chinese_or_full_width_saves() {
    let db = morning();
    let mut a = app(&db, "张敏", Lang::Zh);
    press(&mut a, &[key(KeyCode::F(7))]);
    for (right, due, text) in [(4, "+2小时", "两小时内回电"), (0, "+2ｈ", "两小时内再回电")]
    {
        promise(&mut a, right, text, due);
        // What the time means shows as it is typed.
        let screen = render(&mut a, 80, 24);
        assert!(screen.contains("→ 11-23 12:00"), "{due}:\n{screen}");
        press(&mut a, &[ctrl('s')]);
        assert!(a.status.text.contains("已记录"), "{due}: {}", a.status.text);
        let log = a.store.shift_log(&ShiftPlan::default().at(now())).unwrap();
        let last = log.last().unwrap();
        assert_eq!(last.text, text);
        assert_eq!(last.category, Category::Promise);
        assert_eq!(last.due_at, Some(at("2026-11-23 12:00")), "{due}");
    }
    // A time already past is refused at the field, with the parser's words;
    // what was typed stays.
    promise(&mut a, 0, "答应回电", "今天 9:00");
    press(&mut a, &[ctrl('s')]);
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("时间已过"), "{screen}");
    assert!(screen.contains("答应回电"), "{screen}");
    assert_eq!(focused_label(&screen), "承诺期限");
}

#[test]
fn esc_on_the_log_form_asks_before_dropping_typed_text() {
    let db = morning();
    let mut a = app(&db, "张敏", Lang::Zh);
    press(&mut a, &[key(KeyCode::F(7))]);
    // Untouched: Esc asks nothing.
    press(&mut a, &[key(KeyCode::Esc)]);
    assert!(matches!(a.overlay, Overlay::None));
    type_text(&mut a, "6栋电梯异响");
    press(&mut a, &[key(KeyCode::Esc)]);
    assert!(matches!(a.overlay, Overlay::Confirm(_)), "Esc asks first");
    // No: the text stays.
    press(&mut a, &[key(KeyCode::Char('n'))]);
    assert!(render(&mut a, 80, 24).contains("6栋电梯异响"));
    // Yes: it goes, and the form is a fresh one.
    press(&mut a, &[key(KeyCode::Esc), key(KeyCode::Char('y'))]);
    assert!(!render(&mut a, 80, 24).contains("6栋电梯异响"));
    assert!(!a.screen().is_dirty());
    assert!(
        a.store
            .shift_log(&ShiftPlan::default().at(now()))
            .unwrap()
            .len()
            == 3
    );
}

#[test]
fn a_new_entry_being_written_survives_a_hangup() {
    let db = morning();
    let mut a = app(&db, "张敏", Lang::Zh);
    press(&mut a, &[key(KeyCode::F(7))]);
    type_text(&mut a, "6栋电梯异响，已通知维保");
    press(&mut a, &[key(KeyCode::Tab)]);
    type_text(&mut a, "6-1-701");
    assert!(a.screen().is_dirty());
    a.save_drafts();
    drop(a);
    let mut b = app(&db, "张敏", Lang::Zh);
    assert_eq!(b.screen_id(), ScreenId::Shift);
    let screen = render(&mut b, 80, 24);
    assert!(screen.contains("6栋电梯异响，已通知维保"), "{screen}");
    assert!(screen.contains("6-1-701"), "{screen}");
    // Restored input counts as typed: Esc asks before dropping it.
    press(&mut b, &[key(KeyCode::Esc)]);
    assert!(matches!(b.overlay, Overlay::Confirm(_)));
}
