//! The morning overview: its counts against the database counted directly,
//! snapshots at 80x24 and 120x40, and Enter going where each line says.

mod common;

use common::*;
use frontdesk::i18n::Lang;
use frontdesk::tui::screens::ScreenId;
use ratatui::crossterm::event::KeyCode;

fn count(db: &Db, sql: &str, now_epoch: i64, eod_epoch: i64) -> i64 {
    db.store
        .conn()
        .query_row(sql, [now_epoch, eod_epoch], |r| r.get(0))
        .unwrap()
}

#[test]
fn the_first_screen_counts_what_the_tables_hold() {
    let db = demo_db();
    let mut app = app(&db, "张敏", Lang::Zh);
    assert_eq!(app.screen_id(), ScreenId::Today, "the first screen");
    let zone = db.store.zone();
    let epoch = |s: &str| frontdesk::domain::time::to_epoch(at(s), zone);
    let (n, e) = (epoch("2026-11-23 10:00"), epoch("2026-11-23 23:59:59"));
    let keys_out = count(
        &db,
        "SELECT count(*) FROM key_loans WHERE returned_at IS NULL AND ?1 = ?1 AND ?2 = ?2",
        n,
        e,
    );
    let keys_overdue = count(
        &db,
        "SELECT count(*) FROM key_loans WHERE returned_at IS NULL AND due_at < ?1 AND ?2 = ?2",
        n,
        e,
    );
    let callbacks_due = count(
        &db,
        "SELECT count(*) FROM callbacks WHERE status = 'pending' AND due_at <= ?2 AND ?1 = ?1",
        n,
        e,
    );
    let late = count(
        &db,
        "SELECT count(DISTINCT d.ticket_id) FROM ticket_deadlines d WHERE d.status = 0
           AND d.due_at < ?1 AND ?2 = ?2
           AND NOT EXISTS (SELECT 1 FROM ticket_holds h WHERE h.ticket_id = d.ticket_id AND h.ended_at IS NULL)",
        n,
        e,
    );
    let data = db.store.today(now(), db.staff("张敏").id).unwrap();
    assert_eq!(data.keys_out, keys_out);
    assert_eq!(data.keys_overdue, keys_overdue);
    assert_eq!(data.callbacks_due, callbacks_due);
    assert_eq!(data.overdue, late);
    assert!(late > 0 && keys_out > 0, "the demo has something to show");
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains(&format!("借出 {keys_out} · 逾期 {keys_overdue}")),
        "{screen}"
    );
    insta::assert_snapshot!("today_80x24", screen);
    let wide = render(&mut app, 120, 40);
    insta::assert_snapshot!("today_120x40", wide);
}

#[test]
fn enter_goes_where_the_line_says() {
    let db = demo_db();
    let mut app = app(&db, "张敏", Lang::Zh);
    // The keys line is the fourth.
    press(
        &mut app,
        &[
            key(KeyCode::Down),
            key(KeyCode::Down),
            key(KeyCode::Down),
            key(KeyCode::Enter),
        ],
    );
    assert_eq!(app.screen_id(), ScreenId::Keys);
    // The first overdue ticket's line (after seven counts and a heading,
    // which the selection steps over) opens it on the board.
    let data = db.store.today(now(), db.staff("张敏").id).unwrap();
    let first_late = data
        .overdue_first
        .first()
        .expect("an overdue ticket")
        .ticket_id;
    app.go(ScreenId::Today);
    press(&mut app, &[key(KeyCode::Home)]);
    // The registers' rows come after the counts, one for each register
    // with something due.
    let r = &data.registers;
    let register_rows = [
        r.visitors_inside > 0,
        r.parcels_waiting > 0,
        r.passes_open > 0,
        r.approvals_due + r.inspections_due + r.past_end > 0,
        r.moves_open > 0,
    ]
    .iter()
    .filter(|b| **b)
    .count();
    for _ in 0..7 + register_rows {
        press(&mut app, &[key(KeyCode::Down)]);
    }
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(app.screen_id(), ScreenId::Dispatch);
    let board = render(&mut app, 120, 40);
    let detail = board
        .lines()
        .skip_while(|l| !l.contains("详情"))
        .nth(1)
        .unwrap_or("");
    assert!(detail.starts_with(&format!("#{first_late} ")), "{board}");
}
