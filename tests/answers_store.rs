//! The store is the last word: whatever a screen or a script sends, a
//! deadline past or absurdly far, text too long or a phone that is not one
//! is refused with nothing written, and the rules answer what the manuals
//! say (deadline rounds, the working calendar).

mod common;

use common::*;
use frontdesk::domain::dutylog::Category;
use frontdesk::domain::intake::{IntakeField, Problem};
use frontdesk::domain::shift::{ShiftPlan, ShiftRefusal};
use frontdesk::domain::when::WhenError;
use frontdesk::domain::{Channel, Kind};
use frontdesk::store::dutylog::NewLogEntry;
use frontdesk::store::tickets::NewTicket;
use frontdesk::store::StoreError;

fn repair(unit: &str) -> NewTicket {
    NewTicket {
        kind: Some(Kind::Repair),
        unit: Some(unit.into()),
        channel: Some(Channel::Phone),
        reporter: "王建国".into(),
        phone: "13812345678".into(),
        description: "厨房水龙头漏水".into(),
        ..Default::default()
    }
}

fn ticket_count(db: &Db) -> i64 {
    db.store
        .conn()
        .query_row("SELECT count(*) FROM tickets", [], |r| r.get(0))
        .unwrap()
}

/// A requested deadline or a promise already past, or years ahead, is
/// refused by the store itself, whoever sends it.
#[test]
fn the_store_refuses_deadlines_past_or_absurdly_far() {
    let mut db = site_db();
    let op = db.staff("张敏");
    let before = ticket_count(&db);
    for (due, why) in [
        ("2020-01-01 10:00", WhenError::InPast),
        ("2028-01-01 10:00", WhenError::TooFar),
    ] {
        let new = NewTicket {
            requested_due_at: Some(at(due)),
            ..repair("3-2-1201")
        };
        match db.store.create_ticket(&new, &op, now()) {
            Err(StoreError::Intake(e)) => {
                assert_eq!(e.field, IntakeField::Due);
                assert_eq!(e.problem, Problem::When(why));
            }
            other => panic!("{due}: {other:?}"),
        }
    }
    assert_eq!(ticket_count(&db), before);

    let shift = ShiftPlan::default().at(now());
    let promise = NewLogEntry {
        category: Some(Category::Promise),
        text: "答应回电".into(),
        unit: None,
        ticket_id: None,
        due_at: Some(at("2020-01-01 10:00")),
    };
    let e = db
        .store
        .add_log_entry(&promise, &op, &shift, now())
        .unwrap_err();
    assert!(
        matches!(
            e,
            StoreError::Shift(ShiftRefusal::BadDue(WhenError::InPast))
        ),
        "{e:?}"
    );
}

/// The store checks every field through `domain::validate`, whatever the
/// caller: lengths, names, phones (stored in one form).
#[test]
fn the_store_checks_every_field_and_stores_phones_in_one_form() {
    use frontdesk::domain::category::TicketCategory;
    use frontdesk::domain::validate::PhoneError;
    let mut db = site_db();
    let op = db.staff("张敏");
    let before = ticket_count(&db);
    let cases: Vec<(NewTicket, IntakeField, Problem)> = vec![
        (
            NewTicket {
                reporter: "王".repeat(100_000),
                ..repair("3-2-1201")
            },
            IntakeField::Reporter,
            Problem::TooLong(30),
        ),
        (
            NewTicket {
                unit: None,
                location: "楼".repeat(100_000),
                ..repair("3-2-1201")
            },
            IntakeField::Location,
            Problem::TooLong(60),
        ),
        (
            NewTicket {
                category: TicketCategory::Text("类".repeat(100_000)),
                ..repair("3-2-1201")
            },
            IntakeField::Category,
            Problem::TooLong(30),
        ),
        (
            NewTicket {
                preferred_time: "早".repeat(100_000),
                ..repair("3-2-1201")
            },
            IntakeField::Preferred,
            Problem::TooLong(60),
        ),
        (
            NewTicket {
                phone: "((((12345))))".into(),
                ..repair("3-2-1201")
            },
            IntakeField::Phone,
            Problem::Phone(PhoneError::BadParentheses),
        ),
    ];
    for (new, field, problem) in cases {
        match db.store.create_ticket(&new, &op, now()) {
            Err(StoreError::Intake(e)) => {
                assert_eq!((e.field, e.problem), (field, problem));
            }
            other => panic!("{field:?}: {other:?}"),
        }
    }
    assert_eq!(ticket_count(&db), before);
    let t = db
        .store
        .create_ticket(
            &NewTicket {
                phone: "１３８ １２３４ ５６７８".into(),
                ..repair("3-2-1201")
            },
            &op,
            now(),
        )
        .unwrap();
    assert_eq!(t.phone, "13812345678");
}

/// Take a step on the ticket's current version.
fn step(
    db: &mut Db,
    id: i64,
    action: frontdesk::domain::Action,
    input: frontdesk::domain::StepInput,
    who: &frontdesk::store::Actor,
    when: &str,
) -> frontdesk::store::tickets::Ticket {
    let v = db.store.ticket(id).unwrap().version;
    db.store
        .transition(id, v, action, &input, who, at(when))
        .unwrap_or_else(|e| panic!("{action} on #{id}: {e}"))
}

/// A complaint reopened by an unsatisfied callback starts a new round of
/// weekly contact: the round that was running is voided, so one "contact"
/// deadline is pending at a time, not two.
#[test]
fn a_reopened_complaint_has_one_contact_round_running() {
    use frontdesk::domain::callback::{CallResult, Outcome, Status};
    use frontdesk::domain::deadline::{DeadlineStatus, What};
    use frontdesk::domain::ticket::{ReplyVia, Urgency};
    use frontdesk::domain::{Action, StepInput};
    let mut db = site_db();
    let op = db.staff("王芳");
    let c = db
        .store
        .create_ticket(
            &NewTicket {
                kind: Some(Kind::Complaint),
                description: "楼上装修噪音".into(),
                ..repair("6-1-501")
            },
            &op,
            at("2026-11-21 11:00"),
        )
        .unwrap();
    let classify = StepInput {
        urgency: Some(Urgency::NotUrgent),
        ..Default::default()
    };
    step(
        &mut db,
        c.id,
        Action::ClassifyValid,
        classify,
        &op,
        "2026-11-21 12:00",
    );
    let dispatch = StepInput {
        department: Some("security".into()),
        ..Default::default()
    };
    step(
        &mut db,
        c.id,
        Action::Dispatch,
        dispatch,
        &op,
        "2026-11-21 13:00",
    );
    let handle = StepInput {
        note: Some("已上门劝阻".into()),
        ..Default::default()
    };
    step(
        &mut db,
        c.id,
        Action::Handle,
        handle,
        &op,
        "2026-11-21 15:00",
    );
    let reply = StepInput {
        reply_via: Some(ReplyVia::Phone),
        explanation: Some("已责令停工".into()),
        ..Default::default()
    };
    step(&mut db, c.id, Action::Reply, reply, &op, "2026-11-21 16:00");
    let task = db
        .store
        .callbacks_of_ticket(c.id)
        .unwrap()
        .into_iter()
        .find(|t| t.status == Status::Pending)
        .unwrap();
    let r = db
        .store
        .record_callback(
            task.id,
            None,
            &Outcome::simple(now(), CallResult::Unsatisfied, "昨晚还在敲"),
            &op,
            now(),
        )
        .unwrap();
    assert_eq!(r.ticket.reopen_count, 1);
    let contact: Vec<_> = db
        .store
        .deadlines(c.id)
        .unwrap()
        .into_iter()
        .filter(|d| d.what == What::Contact)
        .collect();
    let pending: Vec<_> = contact
        .iter()
        .filter(|d| d.status == DeadlineStatus::Pending)
        .collect();
    assert_eq!(pending.len(), 1, "{contact:#?}");
    // The new round runs a week from the reopening; the old one is void.
    assert_eq!(pending[0].due_at, now() + chrono::Duration::days(7));
    assert!(contact
        .iter()
        .any(|d| d.status == DeadlineStatus::Void && d.round < pending[0].round));
}
