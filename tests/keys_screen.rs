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
        screen.contains("钥匙 F6"),
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
