//! Store rules on temp databases: every legal repair step, every illegal one
//! refused with nothing written, the audit trail, gapless work orders, stale
//! versions refused, and lookup resolution.

mod common;

use common::*;
use frontdesk::domain::transitions::{self, StepError};
use frontdesk::domain::{Action, Channel, Kind, State, StepInput};
use frontdesk::store::site::Found;
use frontdesk::store::tickets::{Filter, NewTicket};
use frontdesk::store::{Store, StoreError};

fn repair(unit: &str) -> NewTicket {
    NewTicket {
        kind: Some(Kind::Repair),
        unit: Some(unit.into()),
        channel: Some(Channel::Phone),
        reporter: "王建国".into(),
        phone: "13812345678".into(),
        category: frontdesk::domain::category::Category::PlumbingElectric.into(),
        description: "厨房水龙头漏水".into(),
        ..Default::default()
    }
}

fn dispatch_input() -> StepInput {
    StepInput {
        department: Some("engineering".into()),
        technician: Some("赵建军".into()),
        ..Default::default()
    }
}

/// Rows in the tables a step may touch: a refused step must change none.
fn fingerprint(store: &Store, id: i64) -> (String, i64, i64) {
    let t = store.ticket(id).unwrap();
    let events = store.events(id).unwrap().len() as i64;
    let counters: i64 = store
        .conn()
        .query_row("SELECT coalesce(sum(last), 0) FROM wo_counters", [], |r| {
            r.get(0)
        })
        .unwrap();
    (format!("{:?}", t), events, counters)
}

#[test]
fn full_repair_life_cycle_with_audit() {
    let mut db = site_db();
    let op = db.staff("张敏");
    let t = db
        .store
        .create_ticket(&repair("3-2-1201"), &op, now())
        .unwrap();
    assert_eq!(t.state, State::Registered);
    assert_eq!(t.unit.as_deref(), Some("3-2-1201"));
    assert_eq!(t.owner, "张敏");
    let steps: Vec<(Action, StepInput, State)> = vec![
        (Action::Dispatch, dispatch_input(), State::Dispatched),
        (Action::Accept, StepInput::default(), State::Accepted),
        (
            Action::Hold,
            StepInput {
                reason: Some("缺配件".into()),
                resident_informed: Some(true),
                ..Default::default()
            },
            State::OnHold,
        ),
        (Action::Resume, StepInput::default(), State::Accepted),
        (
            Action::Complete,
            StepInput {
                resident_signed: Some(true),
                fee_cents: Some(3500),
                ..Default::default()
            },
            State::Done,
        ),
        (Action::Close, StepInput::default(), State::Closed),
    ];
    let mut version = t.version;
    let mut clock = now();
    for (action, input, want) in steps {
        clock += chrono::Duration::minutes(5);
        let t = db
            .store
            .transition(t.id, version, action, &input, &op, clock)
            .unwrap();
        assert_eq!(t.state, want, "{action}");
        assert_eq!(t.version, version + 1);
        version = t.version;
    }
    let t = db.store.ticket(t.id).unwrap();
    assert_eq!(t.wo_no.as_deref(), Some("WX2026-000001"));
    assert_eq!(t.technician.as_deref(), Some("赵建军"));
    assert_eq!(t.fee_cents, Some(3500));
    assert_eq!(t.resident_signed, Some(true));
    assert!(t.closed_at.is_some());
    let events = db.store.events(t.id).unwrap();
    let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["create", "dispatch", "accept", "hold", "resume", "complete", "close"]
    );
    assert!(events.iter().all(|e| e.actor == "张敏"));
    assert_eq!(events[3].note, "缺配件");
    assert_eq!(events[1].from, Some(State::Registered));
    assert_eq!(events[1].to, State::Dispatched);
    assert_eq!(events[1].data["department"], "engineering");
}

#[test]
fn every_illegal_step_is_refused_and_writes_nothing() {
    let mut db = site_db();
    let op = db.staff("张敏");
    // One ticket parked in each reachable repair state.
    let paths: Vec<Vec<(Action, StepInput)>> = vec![
        vec![],
        vec![(Action::Dispatch, dispatch_input())],
        vec![
            (Action::Dispatch, dispatch_input()),
            (Action::Accept, StepInput::default()),
        ],
        vec![
            (Action::Dispatch, dispatch_input()),
            (Action::Accept, StepInput::default()),
            (
                Action::Hold,
                StepInput {
                    reason: Some("等业主".into()),
                    resident_informed: Some(true),
                    ..Default::default()
                },
            ),
        ],
        vec![
            (Action::Dispatch, dispatch_input()),
            (Action::Accept, StepInput::default()),
            (
                Action::Complete,
                StepInput {
                    resident_signed: Some(false),
                    ..Default::default()
                },
            ),
        ],
        vec![(
            Action::Cancel,
            StepInput {
                reason: Some("撤单".into()),
                ..Default::default()
            },
        )],
        vec![(
            Action::OutOfScope,
            StepInput {
                explanation: Some("非物业责任".into()),
                ..Default::default()
            },
        )],
    ];
    let full = StepInput {
        department: Some("engineering".into()),
        reason: Some("r".into()),
        resident_informed: Some(true),
        resident_signed: Some(true),
        explanation: Some("e".into()),
        note: Some("n".into()),
        quoted_fee_cents: Some(100),
        ..Default::default()
    };
    let mut checked = 0;
    for path in paths {
        let mut t = db
            .store
            .create_ticket(&repair("3-2-1201"), &op, now())
            .unwrap();
        for (a, input) in path {
            t = db
                .store
                .transition(t.id, t.version, a, &input, &op, now())
                .unwrap();
        }
        for &action in Action::ALL {
            if transitions::find(Kind::Repair, t.state, action).is_some() {
                continue;
            }
            let before = fingerprint(&db.store, t.id);
            let err = db
                .store
                .transition(t.id, t.version, action, &full, &op, now())
                .unwrap_err();
            match err {
                StoreError::Step(StepError::NotAllowed { allowed, .. }) => {
                    let offered: Vec<Action> = transitions::offered(Kind::Repair, t.state)
                        .iter()
                        .map(|r| r.action)
                        .collect();
                    assert_eq!(allowed, offered);
                }
                other => panic!("{action} from {}: {other:?}", t.state),
            }
            assert_eq!(
                fingerprint(&db.store, t.id),
                before,
                "{action} from {} wrote something",
                t.state
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} refusals checked");
}

#[test]
fn missing_fields_and_roles_refused_without_writing() {
    let mut db = site_db();
    let op = db.staff("张敏");
    let t = db
        .store
        .create_ticket(&repair("3-2-1201"), &op, now())
        .unwrap();
    let before = fingerprint(&db.store, t.id);
    let err = db
        .store
        .transition(
            t.id,
            t.version,
            Action::Dispatch,
            &StepInput::default(),
            &op,
            now(),
        )
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Step(StepError::Missing { .. })),
        "{err:?}"
    );
    let tech = db.staff("赵建军");
    let err = db
        .store
        .transition(
            t.id,
            t.version,
            Action::Dispatch,
            &dispatch_input(),
            &tech,
            now(),
        )
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Step(StepError::Role { .. })),
        "{err:?}"
    );
    // A technician from another department is refused too.
    let wrong = StepInput {
        department: Some("cleaning".into()),
        technician: Some("赵建军".into()),
        ..Default::default()
    };
    let err = db
        .store
        .transition(t.id, t.version, Action::Dispatch, &wrong, &op, now())
        .unwrap_err();
    assert!(
        matches!(err, StoreError::TechnicianDepartment { .. }),
        "{err:?}"
    );
    let bad_dept = StepInput {
        department: Some("nowhere".into()),
        ..Default::default()
    };
    let err = db
        .store
        .transition(t.id, t.version, Action::Dispatch, &bad_dept, &op, now())
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::NotFound {
                what: "department",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(fingerprint(&db.store, t.id), before);
}

#[test]
fn stale_version_is_refused_with_who_changed_it() {
    let mut db = site_db();
    let op = db.staff("张敏");
    let t = db
        .store
        .create_ticket(&repair("3-2-1201"), &op, now())
        .unwrap();
    // Another operator, in another process, dispatches first.
    let mut other = db.reopen();
    let li = actor(&other, "李娜");
    let later = now() + chrono::Duration::minutes(3);
    other
        .transition(
            t.id,
            t.version,
            Action::Dispatch,
            &dispatch_input(),
            &li,
            later,
        )
        .unwrap();
    let before = fingerprint(&db.store, t.id);
    let cancel = StepInput {
        reason: Some("重复登记".into()),
        ..Default::default()
    };
    match db
        .store
        .transition(t.id, t.version, Action::Cancel, &cancel, &op, later)
    {
        Err(StoreError::Stale { by, at, version }) => {
            assert_eq!(by, "李娜");
            assert_eq!(at, common::at("2026-11-23 10:03:00"));
            assert_eq!(version, t.version + 1);
        }
        other => panic!("expected stale, got {other:?}"),
    }
    assert_eq!(fingerprint(&db.store, t.id), before);
}

#[test]
fn work_order_numbers_are_gapless_per_year_and_never_reused() {
    let mut db = site_db();
    let op = db.staff("张敏");
    let mut numbers = Vec::new();
    for i in 0..5 {
        let t = db
            .store
            .create_ticket(&repair("3-2-1201"), &op, now())
            .unwrap();
        // A refused dispatch in between must not consume a number.
        let _ = db.store.transition(
            t.id,
            t.version,
            Action::Dispatch,
            &StepInput::default(),
            &op,
            now(),
        );
        let t = db
            .store
            .transition(
                t.id,
                t.version,
                Action::Dispatch,
                &dispatch_input(),
                &op,
                now(),
            )
            .unwrap();
        numbers.push(t.wo_no.clone().unwrap());
        if i == 2 {
            // A cancelled order keeps its number.
            let c = StepInput {
                reason: Some("业主撤单".into()),
                ..Default::default()
            };
            let t = db
                .store
                .transition(t.id, t.version, Action::Cancel, &c, &op, now())
                .unwrap();
            assert_eq!(t.wo_no.as_deref(), Some("WX2026-000003"));
        }
    }
    assert_eq!(
        numbers,
        [
            "WX2026-000001",
            "WX2026-000002",
            "WX2026-000003",
            "WX2026-000004",
            "WX2026-000005"
        ]
    );
    // A new year starts again at 1.
    let t = db
        .store
        .create_ticket(&repair("3-2-1201"), &op, now())
        .unwrap();
    let ny = at("2027-01-02 09:00");
    let t = db
        .store
        .transition(
            t.id,
            t.version,
            Action::Dispatch,
            &dispatch_input(),
            &op,
            ny,
        )
        .unwrap();
    assert_eq!(t.wo_no.as_deref(), Some("WX2027-000001"));
    // Reassigning keeps the number.
    let re = StepInput {
        department: Some("engineering".into()),
        technician: Some("孙志刚".into()),
        ..Default::default()
    };
    let t = db
        .store
        .transition(t.id, t.version, Action::Reassign, &re, &op, ny)
        .unwrap();
    assert_eq!(t.wo_no.as_deref(), Some("WX2027-000001"));
    assert_eq!(t.technician.as_deref(), Some("孙志刚"));
}

#[test]
fn work_orders_gapless_under_two_writers() {
    let db = site_db();
    let path = db.path();
    let mut handles = Vec::new();
    for who in ["张敏", "李娜"] {
        let path = path.clone();
        handles.push(std::thread::spawn(move || {
            let mut s = Store::open(&path, ZONE).unwrap();
            let me = actor(&s, who);
            for _ in 0..20 {
                let t = s.create_ticket(&repair("3-2-1201"), &me, now()).unwrap();
                s.transition(
                    t.id,
                    t.version,
                    Action::Dispatch,
                    &dispatch_input(),
                    &me,
                    now(),
                )
                .unwrap();
            }
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
    let mut st = db
        .store
        .conn()
        .prepare("SELECT wo_no FROM tickets ORDER BY wo_no")
        .unwrap();
    let nos: Vec<String> = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let want: Vec<String> = (1..=40).map(|n| format!("WX2026-{n:06}")).collect();
    assert_eq!(nos, want);
}

#[test]
fn audit_rows_cannot_be_changed() {
    let mut db = site_db();
    let op = db.staff("张敏");
    let t = db
        .store
        .create_ticket(&repair("3-2-1201"), &op, now())
        .unwrap();
    let upd = db.store.conn().execute(
        "UPDATE ticket_events SET note = 'x' WHERE ticket_id = ?1",
        [t.id],
    );
    assert!(upd.is_err());
    let del = db
        .store
        .conn()
        .execute("DELETE FROM ticket_events WHERE ticket_id = ?1", [t.id]);
    assert!(del.is_err());
}

#[test]
fn registration_rules() {
    let mut db = site_db();
    let op = db.staff("张敏");
    let mut bad = repair("3-2-1201");
    bad.description = "  ".into();
    assert!(matches!(
        db.store.create_ticket(&bad, &op, now()),
        Err(StoreError::Intake(_))
    ));
    let amb = repair("1201");
    assert!(
        matches!(db.store.create_ticket(&amb, &op, now()), Err(StoreError::Ambiguous(list)) if list.len() == 6)
    );
    let garbage = repair("3--1201");
    assert!(matches!(
        db.store.create_ticket(&garbage, &op, now()),
        Err(StoreError::Unit(_))
    ));
    let missing = repair("99-1-101");
    assert!(matches!(
        db.store.create_ticket(&missing, &op, now()),
        Err(StoreError::NotFound { .. })
    ));
    // A public-area repair from a patrol needs no unit or reporter.
    let public = NewTicket {
        kind: Some(Kind::Repair),
        location: "3栋大堂".into(),
        channel: Some(Channel::Patrol),
        description: "大堂灯不亮".into(),
        ..Default::default()
    };
    let t = db.store.create_ticket(&public, &op, now()).unwrap();
    assert_eq!(t.unit, None);
    assert_eq!(t.place(), "3栋大堂");
    let n: i64 = db
        .store
        .conn()
        .query_row("SELECT count(*) FROM tickets", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn lookup_resolution_and_file() {
    let db = demo_db();
    let q = |s| frontdesk::domain::parse_unit(s).unwrap();
    let Found::One(u) = db.store.find_unit(&q("3栋2单元1201室")).unwrap() else {
        panic!("3-2-1201")
    };
    assert_eq!(u.code, "3-2-1201");
    assert!(
        matches!(db.store.find_unit(&q("3301")).unwrap(), Found::One(u) if u.code == "8-1-3301")
    );
    assert!(matches!(db.store.find_unit(&q("1201")).unwrap(), Found::Several(v) if v.len() == 6));
    assert!(matches!(
        db.store.find_unit(&q("9-9-909")).unwrap(),
        Found::None(_)
    ));
    let file = db.store.unit_file(u).unwrap();
    let owner = &file.households[0];
    assert_eq!(owner.name, "王建国");
    assert_eq!(owner.members[0].phone, "138****5678");
    assert!(owner
        .members
        .iter()
        .all(|m| !m.id_number.contains("1965031")));
    assert!(file.tickets.iter().any(|t| t.state == State::Accepted));
    assert!(file.tickets.iter().any(|t| t.state == State::Closed));
}

#[test]
fn demo_has_every_repair_state() {
    let db = demo_db();
    let all = db.store.list_tickets(&Filter::default()).unwrap();
    for s in transitions::states_of(Kind::Repair) {
        assert!(
            all.iter().any(|t| t.state == s),
            "demo lacks a repair in {s}"
        );
    }
    assert!(db.store.unit_count().unwrap() >= 300);
    let roles: Vec<_> = db
        .store
        .desk_staff()
        .unwrap()
        .iter()
        .map(|s| s.role)
        .collect();
    for r in [
        frontdesk::domain::Role::Operator,
        frontdesk::domain::Role::Supervisor,
        frontdesk::domain::Role::Manager,
    ] {
        assert!(roles.contains(&r));
    }
    for d in db.store.departments().unwrap() {
        if d.code != "desk" {
            assert!(
                !db.store.technicians(Some(&d.code)).unwrap().is_empty(),
                "no technician in {}",
                d.code
            );
        }
    }
}

#[test]
fn migrations_are_idempotent_and_refuse_newer() {
    let db = site_db();
    let v = db.store.schema_version().unwrap();
    assert!(v >= 1);
    drop(db.reopen());
    let s = db.reopen();
    assert_eq!(s.schema_version().unwrap(), v);
    s.conn()
        .execute_batch(&format!("PRAGMA user_version = {}", v + 1))
        .unwrap();
    assert!(matches!(
        Store::open(&db.path(), ZONE),
        Err(StoreError::SchemaTooNew { .. })
    ));
    let mode: String = db
        .store
        .conn()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = db
        .store
        .conn()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
}

#[test]
fn create_refuses_to_overwrite() {
    let db = site_db();
    assert!(matches!(
        Store::create(&db.path(), false, ZONE),
        Err(StoreError::Exists(_))
    ));
}

#[test]
fn data_version_moves_when_another_connection_commits() {
    let mut db = site_db();
    let watcher = db.reopen();
    let v0 = watcher.data_version().unwrap();
    let op = db.staff("张敏");
    db.store
        .create_ticket(&repair("3-2-1201"), &op, now())
        .unwrap();
    assert_ne!(watcher.data_version().unwrap(), v0);
}

#[test]
fn dispatching_to_someone_who_is_no_technician_is_refused() {
    use frontdesk::i18n::Lang;
    use frontdesk::present::ErrorText;
    let mut db = site_db();
    let op = db.staff("张敏");
    let t = db
        .store
        .create_ticket(&repair("3-2-1201"), &op, now())
        .unwrap();
    let before = fingerprint(&db.store, t.id);
    let input = StepInput {
        department: Some("engineering".into()),
        technician: Some("李娜".into()),
        ..Default::default()
    };
    let e = db
        .store
        .transition(t.id, t.version, Action::Dispatch, &input, &op, now())
        .unwrap_err();
    assert!(matches!(&e, StoreError::NotTechnician(name) if name == "李娜"));
    assert_eq!(Lang::Zh.store_error(&e), "李娜 不是技师，不能派给其工单");
    assert_eq!(fingerprint(&db.store, t.id), before, "nothing written");
}
