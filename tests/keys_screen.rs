//! The keys screen (钥匙): snapshots of the list and the lend form, and a
//! contractor loan through the form with a wrong and then the right
//! supervisor PIN.

mod common;

use common::*;
use frontdesk::i18n::Lang;
use frontdesk::store::keys::KeyFilter;
use frontdesk::tui::action::Action;
use frontdesk::tui::screens::ScreenId;
use ratatui::crossterm::event::KeyCode;

fn keys_app(db: &Db, lang: Lang) -> frontdesk::tui::app::App {
    let mut app = app(db, "张敏", lang);
    app.update(Action::GoKeys);
    assert_eq!(app.screen_id(), ScreenId::Keys);
    app
}

/// The row of the masked PIN field.
fn pin_row(screen: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains("主管 PIN"))
        .unwrap_or_default()
        .replace("主管 PIN*", "")
}

#[test]
fn keys_screen_lists_the_register() {
    let db = demo_db();
    let mut app = keys_app(&db, Lang::Zh);
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains("钥匙F6"),
        "tab bar shows the key:\n{screen}"
    );
    assert!(
        screen.contains("⚠逾期 应还 11-22"),
        "overdue stands out:\n{screen}"
    );
    assert!(screen.contains("逾期 1 份"));
    insta::assert_snapshot!("keys_list_80x24", screen);
}

#[test]
fn overdue_view_and_search() {
    let db = demo_db();
    let mut app = keys_app(&db, Lang::Zh);
    // Tab: all → out → overdue.
    app.update(Action::KeysView);
    app.update(Action::KeysView);
    let screen = render(&mut app, 80, 24);
    // List rows start with a hook label such as A-08.
    let rows: Vec<&str> = screen
        .lines()
        .filter(|l| l.as_bytes().get(1) == Some(&b'-') && l.as_bytes()[0].is_ascii_uppercase())
        .collect();
    assert_eq!(rows.len(), 1, "only the overdue key:\n{screen}");
    assert!(rows[0].contains("林晓燕"));
    // Search by unit in any form narrows the list.
    app.update(Action::KeysView);
    app.update(Action::KeysView);
    app.update(Action::KeysView);
    type_text(&mut app, "3栋2单元1201");
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains("A-01") && screen.contains("B-01"),
        "{screen}"
    );
    assert!(!screen.contains("A-02"), "{screen}");
    insta::assert_snapshot!("keys_search_unit_en_120x40", {
        let mut en = keys_app(&db, Lang::En);
        type_text(&mut en, "3-2-1201");
        render(&mut en, 120, 40)
    });
}

#[test]
fn contractor_loan_needs_the_supervisors_pin() {
    let db = demo_db();
    let mut app = keys_app(&db, Lang::Zh);
    type_text(&mut app, "A-03");
    press(&mut app, &[key(KeyCode::Enter)]);
    let form = render(&mut app, 80, 24);
    assert!(form.contains("借出钥匙"), "{form}");
    insta::assert_snapshot!("keys_lend_form_80x24", form);

    // Borrower type: owner → sales → contractor.
    press(
        &mut app,
        &[key(KeyCode::Right), key(KeyCode::Right), key(KeyCode::Tab)],
    );
    type_text(&mut app, "孙师傅");
    press(&mut app, &[key(KeyCode::Tab)]);
    type_text(&mut app, "310104198001011234");
    press(&mut app, &[key(KeyCode::Tab)]);
    type_text(&mut app, "13800001111");
    press(&mut app, &[key(KeyCode::Tab)]);
    type_text(&mut app, "更换门锁");
    // Ticket, due (kept at the default 18:00), signed.
    press(
        &mut app,
        &[key(KeyCode::Tab), key(KeyCode::Tab), key(KeyCode::Tab)],
    );
    type_text(&mut app, "y");
    // Without a supervisor: refused, nothing lost.
    press(&mut app, &[ctrl('s')]);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("须主管批准"), "{screen}");
    assert!(screen.contains("孙师傅"));
    // 陈静 picked, wrong PIN typed (shown as stars only).
    press(&mut app, &[key(KeyCode::Right), key(KeyCode::Tab)]);
    type_text(&mut app, "9999");
    let screen = render(&mut app, 80, 24);
    assert!(pin_row(&screen).contains("****"), "{screen}");
    assert!(!screen.contains("9999"), "{screen}");
    press(&mut app, &[ctrl('s')]);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("陈静 的 PIN 不正确"), "{screen}");
    assert!(screen.contains("更换门锁"), "the form keeps what was typed");
    assert!(!pin_row(&screen).contains("**"), "the wrong PIN is cleared");
    let out = db.store.open_loans(now(), false).unwrap();
    assert!(!out.iter().any(|l| l.borrower_name == "孙师傅"));

    type_text(&mut app, "1234");
    press(&mut app, &[key(KeyCode::Enter)]);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("已借出 A-03 份1 给 孙师傅"), "{screen}");
    assert!(screen.contains("陈静 批准"));
    // The ID number is masked in the detail.
    assert!(screen.contains("310***********1234") && !screen.contains("310104198001011234"));
    let keys = db
        .store
        .list_keys(
            &KeyFilter {
                query: "A-03".into(),
                ..Default::default()
            },
            now(),
        )
        .unwrap();
    let l = &keys[0].loans[0];
    assert_eq!(l.approved_by.as_deref(), Some("陈静"));
    assert_eq!(l.due_at, at("2026-11-23 18:00:00"));

    // Enter on a key that is out opens the return form; sign it off.
    press(&mut app, &[key(KeyCode::Enter)]);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("归还钥匙"), "{screen}");
    press(&mut app, &[ctrl('s')]);
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains("已归还 A-03 份1（完好），张敏 签收"),
        "{screen}"
    );
}

/// Open the lend form on A-03 (a key in the cabinet, one copy).
fn lend_a03(app: &mut frontdesk::tui::app::App) {
    type_text(app, "A-03");
    press(app, &[key(KeyCode::Enter)]);
    assert!(render(app, 80, 24).contains("借出钥匙 · 8-1-2601"));
}

/// The form row whose label (after the focus mark) starts with `label`.
fn field_row(screen: &str, label: &str) -> String {
    screen
        .lines()
        .map(|l| l.trim_start_matches('│'))
        .find(|l| {
            l.trim_start_matches(['▶', ' '])
                .strip_prefix(label)
                .is_some_and(|rest| rest.starts_with([' ', '*']))
        })
        .unwrap_or_default()
        .to_string()
}

#[test]
fn esc_on_a_form_asks_only_when_something_was_typed() {
    let db = demo_db();
    let mut app = keys_app(&db, Lang::Zh);
    // Untouched: Esc closes at once.
    lend_a03(&mut app);
    press(&mut app, &[key(KeyCode::Esc)]);
    let screen = render(&mut app, 80, 24);
    assert!(!screen.contains("借出钥匙"), "{screen}");
    assert!(!screen.contains("放弃输入？"), "{screen}");
    assert!(screen.contains("已取消"), "{screen}");

    // Typed: Esc asks; "no" keeps the form and everything in it.
    press(&mut app, &[key(KeyCode::Enter)]);
    press(&mut app, &[key(KeyCode::Tab)]);
    type_text(&mut app, "孙师傅");
    press(&mut app, &[key(KeyCode::Esc)]);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("放弃输入？"), "Esc asks first:\n{screen}");
    press(&mut app, &[key(KeyCode::Char('n'))]);
    let screen = render(&mut app, 80, 24);
    assert!(!screen.contains("放弃输入？"), "{screen}");
    assert!(screen.contains("借出钥匙"), "the form stays:\n{screen}");
    assert!(field_row(&screen, "姓名").contains("孙师傅"), "{screen}");
    assert!(
        field_row(&screen, "姓名").starts_with('▶'),
        "focus kept:\n{screen}"
    );
    // Typing goes on where it was.
    type_text(&mut app, "甲");
    assert!(field_row(&render(&mut app, 80, 24), "姓名").contains("孙师傅甲"));
    // Quitting now asks too: the form holds typed input.
    press(&mut app, &[ctrl('q')]);
    assert!(render(&mut app, 80, 24).contains("退出"));
    press(&mut app, &[key(KeyCode::Char('n'))]);
    assert!(!app.quit);

    // "Yes" drops it.
    press(&mut app, &[key(KeyCode::Esc), key(KeyCode::Char('y'))]);
    let screen = render(&mut app, 80, 24);
    assert!(!screen.contains("借出钥匙"), "{screen}");
    assert!(screen.contains("已放弃输入"), "{screen}");
    assert!(screen.contains("A-03"), "back on the list:\n{screen}");
    let out = db.store.open_loans(now(), false).unwrap();
    assert!(!out.iter().any(|l| l.borrower_name.starts_with("孙师傅")));
}

#[test]
fn a_wrong_pin_is_cleared_and_everything_else_stays() {
    let db = demo_db();
    let mut app = keys_app(&db, Lang::Zh);
    lend_a03(&mut app);
    // A contractor, with every field filled.
    press(
        &mut app,
        &[key(KeyCode::Right), key(KeyCode::Right), key(KeyCode::Tab)],
    );
    type_text(&mut app, "孙师傅");
    press(&mut app, &[key(KeyCode::Tab)]);
    type_text(&mut app, "310104198001011234");
    press(&mut app, &[key(KeyCode::Tab)]);
    type_text(&mut app, "13800001111");
    press(&mut app, &[key(KeyCode::Tab)]);
    type_text(&mut app, "更换门锁");
    press(&mut app, &[key(KeyCode::Tab), key(KeyCode::Tab)]);
    type_text(&mut app, "+3h");
    press(&mut app, &[key(KeyCode::Tab)]);
    type_text(&mut app, "y");
    press(
        &mut app,
        &[key(KeyCode::Tab), key(KeyCode::Right), key(KeyCode::Tab)],
    );
    type_text(&mut app, "9999");
    press(&mut app, &[ctrl('s')]);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("陈静 的 PIN 不正确"), "{screen}");
    // Everything but the PIN is as typed (ID and phone masked off focus).
    for (label, value) in [
        ("借用人类型", "施工单位"),
        ("姓名", "孙师傅"),
        ("证件号", "310***********1234"),
        ("电话", "138****1111"),
        ("事由", "更换门锁"),
        ("应还时间", "+3h"),
        ("借用人已签字", "是"),
        ("批准主管", "陈静"),
    ] {
        assert!(
            field_row(&screen, label).contains(value),
            "{label} keeps {value}:\n{screen}"
        );
    }
    // The PIN is empty, marked and focused: typing goes into it.
    let pin = field_row(&screen, "主管 PIN");
    assert!(pin.starts_with('▶'), "the PIN has the focus:\n{screen}");
    assert!(pin.contains("✗") && !pin.contains("**"), "{screen}");
    type_text(&mut app, "1234");
    assert!(field_row(&render(&mut app, 80, 24), "主管 PIN").contains("****"));
    press(&mut app, &[ctrl('s')]);
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains("已借出 A-03 份1 给 孙师傅，应还 11-23 13:00"),
        "{screen}"
    );
}

#[test]
fn due_times_are_read_by_the_one_time_parser() {
    let db = demo_db();
    let mut app = keys_app(&db, Lang::Zh);
    lend_a03(&mut app);
    // An owner: no approval needed.
    press(&mut app, &[key(KeyCode::Tab)]);
    type_text(&mut app, "郭建国");
    press(&mut app, &[key(KeyCode::Tab)]);
    type_text(&mut app, "310104197001011234");
    press(&mut app, &[key(KeyCode::Tab), key(KeyCode::Tab)]);
    type_text(&mut app, "取物");
    press(&mut app, &[key(KeyCode::Tab), key(KeyCode::Tab)]);
    type_text(&mut app, "25:00");
    press(&mut app, &[key(KeyCode::Tab)]);
    type_text(&mut app, "y");
    press(&mut app, &[ctrl('s')]);
    let screen = render(&mut app, 80, 24);
    let due = field_row(&screen, "应还时间");
    assert!(due.contains("没有这个钟点"), "{screen}");
    assert!(
        due.starts_with('▶'),
        "the due time has the focus:\n{screen}"
    );
    assert!(field_row(&screen, "事由").contains("取物"));
    // A form the old parser did not know.
    type_text(&mut app, "明天9:00");
    press(&mut app, &[ctrl('s')]);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("应还 11-24 09:00"), "{screen}");
    let l = db.store.open_loans(now(), false).unwrap();
    let l = l
        .iter()
        .find(|l| l.borrower_name == "郭建国")
        .expect("lent");
    assert_eq!(l.due_at, at("2026-11-24 09:00"));
}

#[test]
fn paging_in_the_key_list_moves_by_the_visible_height() {
    let db = demo_db();
    let keys = db
        .store
        .list_keys(&KeyFilter::default(), now())
        .expect("keys");
    for (h, page) in [(24u16, 12usize), (30, 18)] {
        let mut app = keys_app(&db, Lang::Zh);
        let screen = render(&mut app, 80, h);
        let rows = screen
            .lines()
            .filter(|l| keys.iter().any(|k| l.starts_with(&format!("{} ", k.hook))))
            .count();
        assert_eq!(rows, page, "{page} rows fit at height {h}:\n{screen}");
        press(&mut app, &[key(KeyCode::PageDown)]);
        let screen = render(&mut app, 80, h);
        let hook = &keys[page].hook;
        assert!(
            screen.contains(&format!("[{hook}]")),
            "a page down selects row {page} ({hook}):\n{screen}"
        );
        press(&mut app, &[key(KeyCode::PageUp), key(KeyCode::Down)]);
        let screen = render(&mut app, 80, h);
        assert!(screen.contains(&format!("[{}]", keys[1].hook)), "{screen}");
    }
}

#[test]
fn register_picks_the_unit_in_place_and_marks_every_problem() {
    let db = demo_db();
    let mut app = keys_app(&db, Lang::Zh);
    press(&mut app, &[ctrl('n')]);
    type_text(&mut app, "1201");
    let screen = render(&mut app, 80, 24);
    assert!(
        field_row(&screen, "房号").contains("1/6 3-1-1201"),
        "candidates on offer:\n{screen}"
    );
    insta::assert_snapshot!("keys_register_form_80x24", screen);
    // ↓ Enter picks 3-2-1201; its owner is taken as the one who consented.
    press(&mut app, &[key(KeyCode::Down), key(KeyCode::Enter)]);
    let screen = render(&mut app, 80, 24);
    assert!(field_row(&screen, "房号").contains("3-2-1201"), "{screen}");
    assert!(field_row(&screen, "同意人").contains("王建国"), "{screen}");
    // Bad copies and a consent date still to come: both marked, the first
    // focused, nothing typed lost.
    press(
        &mut app,
        &[key(KeyCode::Tab), key(KeyCode::Tab), key(KeyCode::Tab)],
    );
    type_text(&mut app, "x");
    press(&mut app, &[key(KeyCode::Tab), key(KeyCode::Tab)]);
    press(&mut app, &[key(KeyCode::Tab)]);
    type_text(&mut app, "明天");
    press(&mut app, &[key(KeyCode::Tab)]);
    type_text(&mut app, "信报箱钥匙");
    press(&mut app, &[ctrl('s')]);
    let screen = render(&mut app, 80, 24);
    assert!(field_row(&screen, "份数").starts_with('▶'), "{screen}");
    assert!(field_row(&screen, "份数").contains("✗"), "{screen}");
    assert!(
        field_row(&screen, "同意日期").contains("时间还没到"),
        "{screen}"
    );
    assert!(
        field_row(&screen, "用途").contains("信报箱钥匙"),
        "{screen}"
    );
    assert!(screen.contains("份数应为 1–20 的数字"), "{screen}");
    // Fixed, it registers and the list shows the new key.
    type_text(&mut app, "1");
    press(
        &mut app,
        &[key(KeyCode::Tab), key(KeyCode::Tab), key(KeyCode::Tab)],
    );
    type_text(&mut app, "2019-06-15");
    press(&mut app, &[ctrl('s')]);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("已登记钥匙 #"), "{screen}");
    assert!(
        screen.contains("王建国（2019-06-15）用途：信报箱钥匙"),
        "{screen}"
    );
}

/// What another screen does to show a unit's keys (`Nav::Open`).
fn open_unit(app: &mut frontdesk::tui::app::App, code: &str) {
    use frontdesk::tui::screens::{ScreenId, Target};
    app.open(ScreenId::Keys, Target::Unit(code.into()));
}

#[test]
fn opening_a_unit_searches_for_it_and_keeps_typed_input() {
    let db = demo_db();
    let mut app = keys_app(&db, Lang::Zh);
    open_unit(&mut app, "3-2-1201");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("查找: 3-2-1201"), "{screen}");
    assert!(screen.contains("全部 2 "), "{screen}");
    // The search is not input: leaving it does not ask.
    assert!(!app.screen().is_dirty());
    // An untouched form gives way to the unit asked for …
    press(&mut app, &[ctrl('l')]);
    open_unit(&mut app, "8-1-2601");
    let screen = render(&mut app, 80, 24);
    assert!(!screen.contains("借出钥匙"), "{screen}");
    assert!(screen.contains("A-03"), "{screen}");
    // … one with typed input stays, the search set behind it.
    press(&mut app, &[ctrl('l'), key(KeyCode::Tab)]);
    type_text(&mut app, "郭建国");
    open_unit(&mut app, "3-2-1201");
    let screen = render(&mut app, 80, 24);
    assert!(field_row(&screen, "姓名").contains("郭建国"), "{screen}");
    press(&mut app, &[key(KeyCode::Esc), key(KeyCode::Char('y'))]);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("查找: 3-2-1201"), "{screen}");
}
