//! `p` on the board, Alt-P on the keys and shift screens (`p` in the past
//! handovers): the selected record's paper form is written to `[print] dir`
//! as HTML and text side by side (0600), the status bar names the file, and
//! the database is not written to. No selection, a broken seal or a
//! directory that cannot be made say why in the status bar.

mod common;

use common::*;
use frontdesk::config::PrintFormat;
use frontdesk::domain::Kind;
use frontdesk::i18n::Lang;
use frontdesk::tui::app::App;
use frontdesk::tui::screens::{ScreenId, StatusKind, Target};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

fn alt(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT))
}

/// An app whose forms go to `<tmp>/print` (not made yet: printing makes it).
fn printing_app(db: &Db, lang: Lang) -> (App, PathBuf) {
    let mut app = app(db, "张敏", lang);
    let dir = db.dir.path().join("print");
    app.settings.print_dir = dir.clone();
    app.settings.print_format = PrintFormat::Both;
    (app, dir)
}

/// The file the status bar names, which must exist, with its text twin.
fn written(app: &App, dir: &Path, stem: &str) -> (String, String) {
    assert_eq!(app.status.kind, StatusKind::Ok, "{}", app.status.text);
    let html = dir.join(format!("{stem}.html"));
    assert!(
        app.status.text.contains(&html.display().to_string()),
        "{} / {}",
        app.status.text,
        html.display()
    );
    let txt = dir.join(format!("{stem}.txt"));
    for p in [&html, &txt] {
        let mode = std::fs::metadata(p).expect("written").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{}", p.display());
    }
    let mode = std::fs::metadata(dir).unwrap().permissions().mode();
    assert_eq!(mode & 0o077, 0, "the directory is private");
    (
        std::fs::read_to_string(html).unwrap(),
        std::fs::read_to_string(txt).unwrap(),
    )
}

/// A ticket on the board of `kind` (open, so the board lists it).
fn on_board(
    db: &Db,
    pick: impl Fn(&frontdesk::store::board::BoardText, &frontdesk::store::board::BoardRow) -> bool,
) -> i64 {
    let load = db.store.board_load(None, now()).expect("board");
    load.rows
        .iter()
        .map(|(t, _)| t)
        .find(|t| pick(&load.text, t))
        .map(|t| t.id)
        .expect("a ticket on the board")
}

#[test]
fn p_on_the_board_writes_the_work_order_and_says_where() {
    let db = demo_db();
    let (mut app, dir) = printing_app(&db, Lang::Zh);
    let id = on_board(&db, |x, t| x.wo_no(t).is_some() && x.unit(t).is_some());
    let t = db.store.ticket(id).unwrap();
    let wo = t.wo_no.clone().unwrap();
    app.open(ScreenId::Dispatch, Target::Ticket(id));
    let before = db.store.data_version().unwrap();
    press(&mut app, &[key(KeyCode::Char('p'))]);
    let (html, text) = written(&app, &dir, &format!("workorder-{wo}"));
    let unit = t.unit.clone().unwrap();
    for form in [&html, &text] {
        assert!(form.contains(&wo), "the number");
        assert!(form.contains(&unit), "the unit");
        assert!(form.contains("工 程 维 修 单"), "the title");
    }
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(text
        .lines()
        .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 80));
    // A read: nothing was written to the database.
    assert_eq!(db.store.data_version().unwrap(), before);
    // The board is as it was: the same ticket selected, no search typed.
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains(&format!("#{id}")), "{screen}");
    // Printing again replaces the file with the record as it is now.
    press(&mut app, &[key(KeyCode::Char('p'))]);
    assert_eq!(app.status.kind, StatusKind::Ok);
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
}

#[test]
fn p_on_an_emergency_writes_its_record_form() {
    let db = demo_db();
    let (mut app, dir) = printing_app(&db, Lang::Zh);
    let id = on_board(&db, |_, t| t.kind == Kind::Emergency);
    app.open(ScreenId::Dispatch, Target::Ticket(id));
    press(&mut app, &[key(KeyCode::Char('p'))]);
    let (html, text) = written(&app, &dir, &format!("emergency-{id}"));
    for form in [&html, &text] {
        assert!(form.contains(&format!("#{id}")), "the ticket number");
        assert!(form.contains("紧急"), "the title");
    }
}

#[test]
fn alt_p_on_the_keys_screen_writes_the_loan_receipt() {
    let db = demo_db();
    let (mut app, dir) = printing_app(&db, Lang::Zh);
    let loan: i64 = db
        .store
        .conn()
        .query_row(
            "SELECT id FROM key_loans WHERE returned_at IS NULL ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a key out");
    let l = db.store.loan(loan, now()).unwrap();
    press(&mut app, &[key(KeyCode::F(6))]);
    assert_eq!(app.screen_id(), ScreenId::Keys);
    type_text(&mut app, &l.hook);
    let before = db.store.data_version().unwrap();
    press(&mut app, &[alt('p')]);
    let (html, text) = written(&app, &dir, &format!("keyloan-{loan}"));
    for form in [&html, &text] {
        assert!(form.contains(&format!("#{loan}")), "the loan number");
        assert!(form.contains(&l.place), "the unit");
        assert!(form.contains(&l.borrower_name), "the borrower");
    }
    assert_eq!(db.store.data_version().unwrap(), before);
    // Alt-P typed nothing into the search box.
    let screen = render(&mut app, 80, 24);
    assert!(!screen.contains(&format!("{}p", l.hook)), "{screen}");
}

#[test]
fn alt_p_on_a_key_not_out_or_no_key_says_why() {
    let db = demo_db();
    let (mut app, dir) = printing_app(&db, Lang::Zh);
    press(&mut app, &[key(KeyCode::F(6))]);
    type_text(&mut app, "没有这样的钥匙");
    press(&mut app, &[alt('p')]);
    assert_eq!(app.status.kind, StatusKind::Error);
    assert!(app.status.text.contains("钥匙"), "{}", app.status.text);
    assert!(!dir.exists(), "nothing written");
}

#[test]
fn the_shift_screen_prints_the_latest_signed_handover_or_the_one_chosen() {
    let db = demo_db();
    let (mut app, dir) = printing_app(&db, Lang::Zh);
    let latest: i64 = db
        .store
        .conn()
        .query_row(
            "SELECT id FROM handovers WHERE acknowledged_at IS NOT NULL
             ORDER BY shift_start DESC, id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a signed handover");
    press(&mut app, &[key(KeyCode::F(7))]);
    assert_eq!(app.screen_id(), ScreenId::Shift);
    let before = db.store.data_version().unwrap();
    press(&mut app, &[alt('p')]);
    let (html, text) = written(&app, &dir, &format!("handover-{latest}"));
    for form in [&html, &text] {
        assert!(form.contains(&format!("#{latest}")), "the number");
        assert!(form.contains("阳光花园"), "the site");
    }
    assert_eq!(db.store.data_version().unwrap(), before);
    // The past handovers: `p` prints the one selected (the newest first).
    press(&mut app, &[ctrl('p')]);
    press(&mut app, &[key(KeyCode::Down), key(KeyCode::Char('p'))]);
    assert_eq!(app.status.kind, StatusKind::Ok, "{}", app.status.text);
    assert!(app.status.text.contains("handover-"), "{}", app.status.text);
    // Opened, Alt-P prints the one shown.
    press(&mut app, &[key(KeyCode::Enter), alt('p')]);
    assert_eq!(app.status.kind, StatusKind::Ok, "{}", app.status.text);
}

#[test]
fn a_broken_seal_is_not_printed_from_the_screen_either() {
    let db = demo_db();
    let (mut app, dir) = printing_app(&db, Lang::Zh);
    let id: i64 = {
        let c = db.store.conn();
        let id = c
            .query_row(
                "SELECT id FROM handovers WHERE acknowledged_at IS NOT NULL
                 ORDER BY shift_start DESC, id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        c.execute_batch("DROP TRIGGER handovers_content_fixed;")
            .unwrap();
        c.execute(
            // The text is stored packed (migration 0013).
            "UPDATE handovers SET content_z = fd_deflate(fd_inflate(content_z) || ' ') WHERE id = ?1",
            [id],
        )
        .unwrap();
        id
    };
    press(&mut app, &[key(KeyCode::F(7)), alt('p')]);
    assert_eq!(app.status.kind, StatusKind::Error);
    assert!(
        app.status.text.contains(&format!("#{id}")),
        "{}",
        app.status.text
    );
    assert!(!dir.exists(), "nothing written");
}

#[test]
fn a_directory_that_cannot_be_made_is_an_error_in_the_status_bar() {
    let db = demo_db();
    let (mut app, _) = printing_app(&db, Lang::En);
    let file = db.dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    app.settings.print_dir = file.join("print");
    let id = on_board(&db, |x, t| x.wo_no(t).is_some());
    app.open(ScreenId::Dispatch, Target::Ticket(id));
    press(&mut app, &[key(KeyCode::Char('p'))]);
    assert_eq!(app.status.kind, StatusKind::Error);
    assert!(
        app.status.text.contains("Could not write the form") && app.status.text.contains("a-file"),
        "{}",
        app.status.text
    );
    // The board still shows the ticket.
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains(&format!("#{id}")), "{screen}");
}

#[test]
fn text_only_when_the_config_says_so() {
    let db = demo_db();
    let (mut app, dir) = printing_app(&db, Lang::Zh);
    app.settings.print_format = PrintFormat::Text;
    let id = on_board(&db, |_, t| t.kind == Kind::Emergency);
    app.open(ScreenId::Dispatch, Target::Ticket(id));
    press(&mut app, &[key(KeyCode::Char('p'))]);
    let txt = dir.join(format!("emergency-{id}.txt"));
    assert!(
        app.status.text.contains(&txt.display().to_string()),
        "{}",
        app.status.text
    );
    assert!(txt.exists());
    assert!(!dir.join(format!("emergency-{id}.html")).exists());
}
