//! Many writers at once never see "database is locked": each waits its turn
//! for the write lock (short randomized retries within the busy window).
//! The default run keeps it short (5 writers × 5 s); the full figure of the
//! issue (20 writers × 30 s) is `#[ignore]`d — run it with
//! `cargo test --test safety_load -- --ignored`. Timings are not asserted
//! (a shared CI machine varies); `examples/load.rs` prints them.

mod common;

use frontdesk::clock::Clock;
use frontdesk::domain::time::DEFAULT_ZONE;
use frontdesk::domain::{Action, Kind, StepInput};
use frontdesk::store::tickets::NewTicket;
use frontdesk::store::{Actor, Store, StoreError};
use std::path::Path;
use std::time::{Duration, Instant};

#[derive(Default)]
struct Tally {
    writes: u64,
    locked: u64,
    other: Vec<String>,
}

fn is_lock_error(e: &StoreError) -> bool {
    matches!(e, StoreError::Sql(rusqlite::Error::SqliteFailure(f, _))
        if matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked))
}

/// Register repairs and take them through dispatch, accept, done, closed —
/// one write transaction each — until `secs` are up.
fn writer(db: &Path, n: usize, secs: u64) -> Tally {
    let mut store = Store::open(db, DEFAULT_ZONE).expect("open");
    let names = ["张敏", "李娜", "王芳", "赵丽"];
    let me = Actor::assume(store.staff_by_name(names[n % names.len()]).expect("staff"));
    let clock = Clock::System(DEFAULT_ZONE);
    let mut tally = Tally::default();
    let note = |r: Result<(), StoreError>, tally: &mut Tally| match r {
        Ok(()) => tally.writes += 1,
        Err(e) if is_lock_error(&e) => tally.locked += 1,
        Err(e) => tally.other.push(e.to_string()),
    };
    let end = Instant::now() + Duration::from_secs(secs);
    let mut i = 0;
    while Instant::now() < end {
        i += 1;
        let new = NewTicket {
            kind: Some(Kind::Repair),
            unit: Some("3-2-1201".into()),
            reporter: "压测".into(),
            description: format!("load {n}/{i}"),
            ..Default::default()
        };
        let mut t = match store.create_ticket(&new, &me, clock.now()) {
            Ok(t) => {
                tally.writes += 1;
                t
            }
            Err(e) => {
                note(Err(e), &mut tally);
                continue;
            }
        };
        let steps = [
            (
                Action::Dispatch,
                StepInput {
                    department: Some("engineering".into()),
                    ..Default::default()
                },
            ),
            (Action::Accept, StepInput::default()),
            (
                Action::Complete,
                StepInput {
                    resident_signed: Some(true),
                    ..Default::default()
                },
            ),
            (Action::Close, StepInput::default()),
        ];
        for (action, input) in steps {
            match store.transition(t.id, t.version, action, &input, &me, clock.now()) {
                Ok(next) => {
                    t = next;
                    note(Ok(()), &mut tally);
                }
                Err(e) => {
                    note(Err(e), &mut tally);
                    break;
                }
            }
        }
    }
    tally
}

fn run(writers: usize, secs: u64) {
    let db = common::site_db();
    let path = db.path();
    let handles: Vec<_> = (0..writers)
        .map(|n| {
            let path = path.clone();
            std::thread::spawn(move || writer(&path, n, secs))
        })
        .collect();
    let mut total = Tally::default();
    for h in handles {
        let t = h.join().expect("writer");
        total.writes += t.writes;
        total.locked += t.locked;
        total.other.extend(t.other);
    }
    assert!(total.writes > 0);
    assert_eq!(
        total.locked, 0,
        "{} of {} writes failed with database is locked",
        total.locked, total.writes
    );
    assert!(total.other.is_empty(), "other errors: {:?}", total.other);
}

#[test]
fn five_writers_for_five_seconds_see_no_lock_errors() {
    run(5, 5);
}

/// The figure: 20 writers for 30 s. Long, so not in the default run:
/// `cargo test --test safety_load -- --ignored`.
#[test]
#[ignore]
fn twenty_writers_for_thirty_seconds_see_no_lock_errors() {
    run(20, 30);
}
