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

/// The board's detail pane shows an emergency's record in a compact line,
/// and the steps line stays inside the pane.
#[test]
fn the_board_detail_shows_the_emergency_record() {
    use frontdesk::domain::ticket::{NotifyTarget, Severity};
    use frontdesk::domain::transitions::EmergencyRecord;
    use frontdesk::domain::{Action, StepInput};
    let mut db = demo_db();
    let op = db.staff("张敏");
    let t = db
        .store
        .create_ticket(
            &NewTicket {
                kind: Some(Kind::Emergency),
                unit: Some("5-2-601".into()),
                channel: Some(Channel::Phone),
                reporter: "刘女士".into(),
                description: "厨房水管爆裂".into(),
                notify: vec![NotifyTarget::Engineering],
                ..Default::default()
            },
            &op,
            now(),
        )
        .unwrap();
    let t = db
        .store
        .transition(
            t.id,
            t.version,
            Action::ArriveOnScene,
            &StepInput::default(),
            &op,
            now(),
        )
        .unwrap();
    let record = StepInput {
        record: Some(EmergencyRecord {
            what: "进水总阀后水管爆裂".into(),
            location: "厨房".into(),
            severity: Some(Severity::Serious),
            responders: "赵建军、陈静".into(),
            losses: "楼下吊顶受潮".into(),
            photos_taken: true,
            cause: "水管老化".into(),
            measures: "更换水管".into(),
        }),
        ..Default::default()
    };
    db.store
        .transition(t.id, t.version, Action::Record, &record, &op, now())
        .unwrap();
    let mut app = app(&db, "张敏", Lang::Zh);
    select_on_board(&mut app, t.id);
    for (w, h) in [(80, 24), (120, 40)] {
        let screen = render(&mut app, w, h);
        let lines: Vec<&str> = screen.lines().collect();
        let record = lines
            .iter()
            .position(|l| l.contains("登记表") && l.contains("严重"))
            .unwrap_or_else(|| panic!("{w}x{h}:\n{screen}"));
        assert!(lines[record].contains("赵建军"), "{screen}");
        // The steps still show, below it, above the status line.
        let steps = lines
            .iter()
            .position(|l| l.contains("可做"))
            .unwrap_or_else(|| panic!("{w}x{h}:\n{screen}"));
        assert!(steps > record && steps < lines.len() - 1, "{screen}");
    }
}

/// Both copies of a key out: lookup and the keys list name each borrower.
#[test]
fn both_borrowers_of_a_key_are_named_on_screen() {
    use frontdesk::domain::keys::BorrowerType;
    use frontdesk::store::keys::NewLoan;
    let mut db = demo_db();
    let op = db.staff("张敏");
    let key_id = db.store.find_key("A-01").unwrap();
    db.store
        .lend(
            &NewLoan {
                key_id,
                copy: None,
                borrower_type: BorrowerType::Owner,
                name: "王建国".into(),
                id_number: "110101199003071234".into(),
                phone: String::new(),
                reason: "业主取用".into(),
                ticket_id: None,
                due_at: at("2026-11-23 18:00"),
                signed: true,
            },
            None,
            &op,
            now(),
        )
        .unwrap();
    let mut app = app(&db, "张敏", Lang::Zh);
    app.go(ScreenId::Lookup);
    type_text(&mut app, "3-2-1201");
    let screen = render(&mut app, 120, 40);
    let line = screen.lines().find(|l| l.contains("[A-01]")).unwrap();
    assert!(
        line.contains("赵建军") && line.contains("王建国"),
        "{screen}"
    );
    app.go(ScreenId::Keys);
    let screen = render(&mut app, 120, 40);
    let line = screen.lines().find(|l| l.contains("A-01")).unwrap();
    assert!(
        line.contains("赵建军") && line.contains("王建国"),
        "{screen}"
    );
}
