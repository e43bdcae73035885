//! The screens answer plainly: stored text shown inert (an escape sequence
//! cannot clear an operator's screen), the emergency record on the board's
//! detail pane.

mod common;

use common::*;
use frontdesk::domain::{Channel, Kind};
use frontdesk::i18n::Lang;
use frontdesk::store::tickets::NewTicket;
use frontdesk::tui::screens::ScreenId;
use ratatui::crossterm::event::KeyCode;

fn select_on_board(app: &mut frontdesk::tui::app::App, id: i64) {
    app.go(ScreenId::Dispatch);
    press(app, &[key(KeyCode::Char('/'))]);
    type_text(app, &format!("#{id}"));
    press(app, &[key(KeyCode::Enter)]);
}

/// A description holding `ESC [2J` (clear screen) shows as `␛[2J` on the
/// board's list and detail, and in lookup's history; nothing of it reaches
/// the terminal as a control character.
#[test]
fn escape_sequences_in_text_are_shown_inert_on_screen() {
    let mut db = demo_db();
    let op = db.staff("张敏");
    let t = db
        .store
        .create_ticket(
            &NewTicket {
                kind: Some(Kind::Repair),
                unit: Some("3-2-1201".into()),
                channel: Some(Channel::Phone),
                reporter: "王先生".into(),
                description: "\x1b[2J水管爆了\x07快来".into(),
                ..Default::default()
            },
            &op,
            now(),
        )
        .unwrap();
    let mut app = app(&db, "张敏", Lang::Zh);
    select_on_board(&mut app, t.id);
    let screen = render(&mut app, 120, 40);
    assert!(!screen.contains('\x1b') && !screen.contains('\x07'));
    // The list row and the detail pane both show it.
    assert!(screen.matches("␛[2J水管爆了␇快来").count() >= 2, "{screen}");

    app.go(ScreenId::Lookup);
    type_text(&mut app, "3-2-1201");
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("␛[2J水管爆了"), "{screen}");
}
