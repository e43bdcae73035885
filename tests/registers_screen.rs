//! The 登记 screen at 80x24: each register's tab on the demo, the step
//! picker, the forms (a pass with the owner's confirmation, a batch of
//! mail), a refusal keeping what was typed, and the pass as printed.

mod common;

use common::*;
use frontdesk::i18n::Lang;
use frontdesk::tui::screens::ScreenId;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

fn f10() -> Event {
    key(KeyCode::F(10))
}

fn shift_tab() -> Event {
    Event::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT))
}

/// The registers screen on the demo, on the `n`-th tab.
fn on_tab(db: &Db, n: usize) -> frontdesk::tui::app::App {
    let mut a = app(db, "张敏", Lang::Zh);
    press(&mut a, &[f10()]);
    assert_eq!(a.screen_id(), ScreenId::Registers);
    for _ in 0..n {
        press(&mut a, &[key(KeyCode::Tab)]);
    }
    a
}

#[test]
fn each_register_at_80x24() {
    let db = demo_db();
    let names = [
        "visitors",
        "parcels",
        "passes",
        "renovations",
        "move_in",
        "move_out",
    ];
    for (n, name) in names.iter().enumerate() {
        let mut a = on_tab(&db, n);
        let screen = render(&mut a, 80, 24);
        insta::assert_snapshot!(format!("registers_{name}_80x24"), screen);
    }
    // Shift-Tab goes back round.
    let mut a = on_tab(&db, 0);
    press(&mut a, &[shift_tab()]);
    assert!(render(&mut a, 80, 24).contains("登记 · 迁出"));
}

#[test]
fn each_register_at_120x40_and_in_english() {
    let db = demo_db();
    let names = [
        "visitors",
        "parcels",
        "passes",
        "renovations",
        "move_in",
        "move_out",
    ];
    for (n, name) in names.iter().enumerate() {
        let mut a = on_tab(&db, n);
        let screen = render(&mut a, 120, 40);
        insta::assert_snapshot!(format!("registers_{name}_120x40"), screen);
    }
    // In English: the passes at 120x40, a renovation's steps at 80x24.
    let mut a = app(&db, "张敏", Lang::En);
    press(&mut a, &[f10(), key(KeyCode::Tab), key(KeyCode::Tab)]);
    insta::assert_snapshot!("registers_passes_en_120x40", render(&mut a, 120, 40));
    press(&mut a, &[key(KeyCode::Tab), key(KeyCode::Enter)]);
    insta::assert_snapshot!(
        "registers_renovation_steps_en_80x24",
        render(&mut a, 80, 24)
    );
}

#[test]
fn the_views_and_the_search() {
    let db = demo_db();
    let mut a = on_tab(&db, 0);
    // All visitors: the one who left and the salesperson too.
    press(&mut a, &[key(KeyCode::Char('v')), key(KeyCode::Char('v'))]);
    let s = render(&mut a, 80, 24);
    assert!(s.contains("[全部]"), "{s}");
    assert!(s.contains("已拒绝"), "{s}");
    assert!(s.contains("陈立"), "{s}");
    // Typing searches.
    type_text(&mut a, "刘洋");
    let s = render(&mut a, 80, 24);
    assert!(s.contains("刘洋"), "{s}");
    assert!(!s.contains("陈立"), "{s}");
}

#[test]
fn a_visitor_leaves_through_the_tables_step() {
    let db = demo_db();
    let mut a = on_tab(&db, 0);
    // Enter on a visitor inside: the one step offered opens at once.
    press(&mut a, &[key(KeyCode::Enter)]);
    let s = render(&mut a, 80, 24);
    assert!(s.contains("离开 · #"), "{s}");
    press(&mut a, &[ctrl('s')]);
    let s = render(&mut a, 80, 24);
    assert!(s.contains("已办理「离开」"), "{s}");
    // The overview's count follows.
    let data = db.reopen().register_alerts(now()).unwrap();
    assert_eq!(data.visitors_inside, 1);
}

#[test]
fn a_pass_form_and_a_refusal_that_keeps_the_typing() {
    let db = demo_db();
    let mut a = on_tab(&db, 2);
    press(&mut a, &[ctrl('n')]);
    type_text(&mut a, "3-2-1201");
    press(&mut a, &[key(KeyCode::Tab)]);
    type_text(&mut a, "王五");
    press(&mut a, &[key(KeyCode::Tab)]);
    type_text(&mut a, "110101199003071233");
    press(&mut a, &[key(KeyCode::Tab)]);
    type_text(&mut a, "冰箱 1");
    press(&mut a, &[key(KeyCode::Enter)]);
    type_text(&mut a, "纸箱×3");
    insta::assert_snapshot!("registers_pass_form_80x24", render(&mut a, 80, 24));
    // No owner's confirmation, no override: refused, nothing lost.
    press(&mut a, &[ctrl('s')]);
    let s = render(&mut a, 80, 24);
    assert!(s.contains("须先联系业主确认"), "{s}");
    assert!(s.contains("王五"), "{s}");
    // Who confirmed, then saved.
    press(&mut a, &[ctrl('s')]);
    let form = render(&mut a, 80, 24);
    assert!(form.contains("业主确认人"), "{form}");
    // The refusal focused the confirmation: type who confirmed.
    type_text(&mut a, "王建国");
    press(&mut a, &[key(KeyCode::Tab), key(KeyCode::Right)]);
    press(&mut a, &[ctrl('s')]);
    let s = render(&mut a, 80, 24);
    assert!(s.contains("放行条 FX2026-000003 已开出"), "{s}");
    // Printed.
    press(&mut a, &[key(KeyCode::Home), key(KeyCode::Char('p'))]);
    insta::assert_snapshot!("registers_pass_print_80x24", render(&mut a, 80, 24));
    press(&mut a, &[key(KeyCode::Esc)]);
    // Used at the gate: `u`, then save.
    press(&mut a, &[key(KeyCode::Char('u')), ctrl('s')]);
    let s = render(&mut a, 80, 24);
    assert!(s.contains("已办理「放行」"), "{s}");
    let p = db
        .reopen()
        .goods_pass_by_no("FX2026-000003", now())
        .unwrap();
    assert_eq!(p.state, frontdesk::domain::registers::RState::Used);
}

#[test]
fn mail_is_received_as_a_batch() {
    let db = demo_db();
    let mut a = on_tab(&db, 1);
    press(&mut a, &[ctrl('n')]);
    insta::assert_snapshot!("registers_parcel_batch_80x24", render(&mut a, 80, 24));
    // Change the carrier once, then unit, Enter, unit, Enter.
    press(
        &mut a,
        &[
            shift_tab(),
            shift_tab(),
            shift_tab(),
            shift_tab(),
            shift_tab(),
            shift_tab(),
        ],
    );
    type_text(&mut a, "中通");
    press(
        &mut a,
        &[
            key(KeyCode::Tab),
            key(KeyCode::Tab),
            key(KeyCode::Tab),
            key(KeyCode::Tab),
            key(KeyCode::Tab),
            key(KeyCode::Tab),
        ],
    );
    for unit in ["1-1-301", "2-1-802"] {
        type_text(&mut a, unit);
        press(&mut a, &[key(KeyCode::Enter)]);
        let s = render(&mut a, 80, 24);
        assert!(s.contains(&format!("已收件 {unit}")), "{s}");
    }
    press(&mut a, &[key(KeyCode::Esc)]);
    let store = db.reopen();
    let waiting = store
        .parcels(
            &frontdesk::store::registers::ParcelFilter {
                query: "中通".into(),
                ..Default::default()
            },
            now(),
        )
        .unwrap();
    assert_eq!(waiting.len(), 2);
}

#[test]
fn a_renovation_offers_its_steps_numbered() {
    let db = demo_db();
    let mut a = on_tab(&db, 3);
    press(&mut a, &[key(KeyCode::Enter)]);
    insta::assert_snapshot!("registers_renovation_steps_80x24", render(&mut a, 80, 24));
    press(&mut a, &[key(KeyCode::Esc)]);
    // The overview shows what the registers ask for, and goes there.
    press(&mut a, &[key(KeyCode::F(8))]);
    let s = render(&mut a, 80, 24);
    assert!(s.contains("访客在内"), "{s}");
    assert!(s.contains("待取快递"), "{s}");
    assert!(s.contains("装修"), "{s}");
}

#[test]
fn the_units_file_in_lookup_lists_its_open_register_items() {
    let db = demo_db();
    let mut a = app(&db, "张敏", Lang::Zh);
    a.go(ScreenId::Lookup);
    // 6-2-602: a pass issued this morning and a newspaper waiting.
    type_text(&mut a, "6-2-602");
    let s = render(&mut a, 120, 40);
    assert!(s.contains("登记事项"), "{s}");
    assert!(s.contains("FX2026-000002"), "{s}");
    insta::assert_snapshot!("registers_lookup_file_120x40", s);
}
