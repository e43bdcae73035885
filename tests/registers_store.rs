//! The registers in the store: every step through `register_step`, checked
//! inside the write; refusals write nothing; audit rows append-only; pass
//! numbers gapless (also with two writers); passes expire at the end of
//! their day; the renovation approval deadline on the working calendar
//! across a holiday; move-in and move-out write the household file; open
//! items in the unit's file and in the handover.

mod common;

use common::*;
use frontdesk::domain::household::HouseholdKind;
use frontdesk::domain::registers::{
    ConfirmVia, FeeItem, ItemKind, NotifyVia, Outstanding, PassItem, PassKind, RAction, RInput,
    RState, Register, RegisterError,
};
use frontdesk::domain::shift::ShiftPlan;
use frontdesk::store::keys::Approval;
use frontdesk::store::registers::{ParcelFilter, PassFilter, StepRequest, Stepped, VisitorFilter};
use frontdesk::store::{Actor, Store, StoreError};

const ID: &str = "110101199003071233";

fn step(
    store: &mut Store,
    who: &Actor,
    register: Register,
    id: Option<i64>,
    action: RAction,
    input: RInput,
    when: &str,
) -> Result<Stepped, StoreError> {
    step_with(store, who, register, id, action, input, None, when)
}

#[allow(clippy::too_many_arguments)]
fn step_with(
    store: &mut Store,
    who: &Actor,
    register: Register,
    id: Option<i64>,
    action: RAction,
    input: RInput,
    approval: Option<&Approval>,
    when: &str,
) -> Result<Stepped, StoreError> {
    store.register_step(
        &StepRequest {
            register,
            id,
            version: None,
            action,
            input: &input,
            approval,
        },
        who,
        at(when),
    )
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn events(store: &Store) -> i64 {
    count(store, "SELECT count(*) FROM register_events")
}

fn visitor() -> RInput {
    RInput {
        name: Some("王五".into()),
        unit: Some("3-2-1201".into()),
        purpose: Some("探望父母".into()),
        people: Some(2),
        ..Default::default()
    }
}

fn pass_input() -> RInput {
    RInput {
        unit: Some("3-2-1201".into()),
        name: Some("王五".into()),
        id_number: Some(ID.into()),
        items: vec![
            PassItem {
                item: "冰箱".into(),
                quantity: 1,
            },
            PassItem {
                item: "纸箱".into(),
                quantity: 3,
            },
        ],
        vehicle: Some("沪A12345".into()),
        confirmed_by: Some("王建国".into()),
        confirmed_via: Some(ConfirmVia::Phone),
        confirmed_at: Some(at("2026-11-23 09:55")),
        ..Default::default()
    }
}

#[test]
fn visitors_in_and_out_refused_and_found() {
    let mut db = site_db();
    let me = db.staff("张敏");
    let v = step(
        &mut db.store,
        &me,
        Register::Visitor,
        None,
        RAction::In,
        visitor(),
        "2026-11-23 10:00",
    )
    .unwrap();
    assert_eq!(v.state, RState::Inside);
    // A salesperson turned away, noted.
    let r = step(
        &mut db.store,
        &me,
        Register::Visitor,
        None,
        RAction::Refuse,
        RInput {
            reason: Some("推销保险".into()),
            ..Default::default()
        },
        "2026-11-23 10:05",
    )
    .unwrap();
    assert_eq!(r.state, RState::Refused);
    assert!(db.store.visitor(r.id).unwrap().salesperson);
    // Found by name, by unit in any form, by date.
    let find = |store: &Store, q: &str| {
        store
            .visitors(&VisitorFilter {
                query: q.into(),
                ..Default::default()
            })
            .unwrap()
            .len()
    };
    assert_eq!(find(&db.store, "王五"), 1);
    assert_eq!(find(&db.store, "3栋2单元1201"), 1);
    let day = |d: &str| {
        db.store
            .visitors(&VisitorFilter {
                date: Some(chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()),
                ..Default::default()
            })
            .unwrap()
            .len()
    };
    assert_eq!(day("2026-11-23"), 2);
    assert_eq!(day("2026-11-22"), 0);
    // Out, then out again is refused and lists what is allowed (nothing).
    let out = step(
        &mut db.store,
        &me,
        Register::Visitor,
        Some(v.id),
        RAction::Out,
        RInput::default(),
        "2026-11-23 11:00",
    )
    .unwrap();
    assert_eq!(out.state, RState::Left);
    let before = events(&db.store);
    let e = step(
        &mut db.store,
        &me,
        Register::Visitor,
        Some(v.id),
        RAction::Out,
        RInput::default(),
        "2026-11-23 11:01",
    )
    .unwrap_err();
    assert!(matches!(
        e,
        StoreError::Register(RegisterError::NotAllowed { ref allowed, .. }) if allowed.is_empty()
    ));
    assert_eq!(events(&db.store), before);
    let v = db.store.visitor(v.id).unwrap();
    assert_eq!(v.out_at, Some(at("2026-11-23 11:00")));
    assert_eq!(v.version, 2);
}

#[test]
fn the_site_may_require_a_visitors_id_number() {
    let mut db = site_db();
    let mut rules = frontdesk::domain::rules::Rules::default();
    rules.registers.visitor_id_required = true;
    db.store.set_rules(rules);
    let me = db.staff("张敏");
    let e = step(
        &mut db.store,
        &me,
        Register::Visitor,
        None,
        RAction::In,
        visitor(),
        "2026-11-23 10:00",
    )
    .unwrap_err();
    assert!(matches!(e, StoreError::Register(RegisterError::IdRequired)));
    assert_eq!(count(&db.store, "SELECT count(*) FROM visitors"), 0);
    let mut v = visitor();
    v.id_number = Some(ID.into());
    let ok = step(
        &mut db.store,
        &me,
        Register::Visitor,
        None,
        RAction::In,
        v,
        "2026-11-23 10:00",
    )
    .unwrap();
    // Kept whole, shown masked.
    assert_eq!(
        db.store.visitor(ok.id).unwrap().id_number,
        "110***********1233"
    );
    let stored: String = db
        .store
        .conn()
        .query_row("SELECT id_number FROM visitors", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, ID);
    let data: String = db
        .store
        .conn()
        .query_row("SELECT data FROM register_events", [], |r| r.get(0))
        .unwrap();
    assert!(!data.contains(ID), "{data}");
}

#[test]
fn parcels_received_told_picked_up_or_returned() {
    let mut db = site_db();
    let me = db.staff("李娜");
    let receive = |kind| RInput {
        unit: Some("3-2-1201".into()),
        item_kind: Some(kind),
        carrier: Some("顺丰".into()),
        count: Some(1),
        shelf: Some("A3".into()),
        ..Default::default()
    };
    let p = step(
        &mut db.store,
        &me,
        Register::Parcel,
        None,
        RAction::Receive,
        receive(ItemKind::Parcel),
        "2026-11-19 09:00",
    )
    .unwrap();
    let reg = step(
        &mut db.store,
        &me,
        Register::Parcel,
        None,
        RAction::Receive,
        receive(ItemKind::Registered),
        "2026-11-23 09:00",
    )
    .unwrap();
    let n = step(
        &mut db.store,
        &me,
        Register::Parcel,
        Some(p.id),
        RAction::Notify,
        RInput {
            via: Some(NotifyVia::Sms),
            ..Default::default()
        },
        "2026-11-19 09:10",
    )
    .unwrap();
    assert_eq!(n.state, RState::Notified);
    // Waiting more than 3 days: listed for follow-up.
    let overdue = db
        .store
        .parcels(
            &ParcelFilter {
                overdue_only: true,
                ..Default::default()
            },
            now(),
        )
        .unwrap();
    assert_eq!(overdue.iter().map(|x| x.id).collect::<Vec<_>>(), vec![p.id]);
    // Registered post needs a signature.
    let picked = RInput {
        picked_by: Some("王建国".into()),
        ..Default::default()
    };
    let e = step(
        &mut db.store,
        &me,
        Register::Parcel,
        Some(reg.id),
        RAction::PickUp,
        picked.clone(),
        "2026-11-23 10:00",
    )
    .unwrap_err();
    assert!(matches!(e, StoreError::Register(RegisterError::Signature)));
    let signed = RInput {
        signed: Some(true),
        ..picked.clone()
    };
    assert_eq!(
        step(
            &mut db.store,
            &me,
            Register::Parcel,
            Some(reg.id),
            RAction::PickUp,
            signed,
            "2026-11-23 10:00"
        )
        .unwrap()
        .state,
        RState::PickedUp
    );
    // Unclaimed, back to the sender.
    let r = step(
        &mut db.store,
        &me,
        Register::Parcel,
        Some(p.id),
        RAction::ReturnToSender,
        RInput {
            reason: Some("无人认领".into()),
            ..Default::default()
        },
        "2026-11-23 10:05",
    )
    .unwrap();
    assert_eq!(r.state, RState::Returned);
    assert!(db
        .store
        .parcels(
            &ParcelFilter {
                waiting_only: true,
                ..Default::default()
            },
            now()
        )
        .unwrap()
        .is_empty());
}

#[test]
fn a_pass_needs_the_owners_confirmation_or_a_supervisors_pin() {
    let mut db = site_db();
    let me = db.staff("张敏");
    let mut unconfirmed = pass_input();
    unconfirmed.confirmed_by = None;
    let e = step(
        &mut db.store,
        &me,
        Register::Pass,
        None,
        RAction::Issue,
        unconfirmed.clone(),
        "2026-11-23 10:00",
    )
    .unwrap_err();
    assert!(matches!(
        e,
        StoreError::Register(RegisterError::NotConfirmed)
    ));
    // An override: a wrong PIN is refused before anything is written.
    unconfirmed.reason = Some("业主出差，电话确认不上，物业经理知情".into());
    let wrong = Approval {
        approver: "陈静".into(),
        pin: "9999".into(),
    };
    let e = step_with(
        &mut db.store,
        &me,
        Register::Pass,
        None,
        RAction::Issue,
        unconfirmed.clone(),
        Some(&wrong),
        "2026-11-23 10:00",
    )
    .unwrap_err();
    assert!(matches!(
        e,
        StoreError::Register(RegisterError::WrongPin { .. })
    ));
    // An operator cannot override.
    let op = Approval {
        approver: "李娜".into(),
        pin: "1234".into(),
    };
    let e = step_with(
        &mut db.store,
        &me,
        Register::Pass,
        None,
        RAction::Issue,
        unconfirmed.clone(),
        Some(&op),
        "2026-11-23 10:00",
    )
    .unwrap_err();
    assert!(matches!(
        e,
        StoreError::Register(RegisterError::ApproverRole { .. })
    ));
    assert_eq!(count(&db.store, "SELECT count(*) FROM goods_passes"), 0);
    assert_eq!(
        count(&db.store, "SELECT count(*) FROM register_counters"),
        0
    );
    let right = Approval {
        approver: "陈静".into(),
        pin: "1234".into(),
    };
    let s = step_with(
        &mut db.store,
        &me,
        Register::Pass,
        None,
        RAction::Issue,
        unconfirmed,
        Some(&right),
        "2026-11-23 10:00",
    )
    .unwrap();
    assert_eq!(s.no.as_deref(), Some("FX2026-000001"));
    let p = db.store.goods_pass(s.id, now()).unwrap();
    assert_eq!(p.override_by.as_deref(), Some("陈静"));
    // Confirmed by the owner: no override recorded.
    let s2 = step(
        &mut db.store,
        &me,
        Register::Pass,
        None,
        RAction::Issue,
        pass_input(),
        "2026-11-23 10:10",
    )
    .unwrap();
    let p2 = db.store.goods_pass(s2.id, now()).unwrap();
    assert_eq!(p2.no, "FX2026-000002");
    assert_eq!(p2.override_by, None);
    assert_eq!(p2.items.len(), 2);
    assert_eq!(p2.id_number, "110***********1233");
}

#[test]
fn passes_are_used_at_the_gate_or_expire_at_the_end_of_the_day() {
    let mut db = site_db();
    let me = db.staff("张敏");
    let a = step(
        &mut db.store,
        &me,
        Register::Pass,
        None,
        RAction::Issue,
        pass_input(),
        "2026-11-23 10:00",
    )
    .unwrap();
    let b = step(
        &mut db.store,
        &me,
        Register::Pass,
        None,
        RAction::Issue,
        pass_input(),
        "2026-11-23 10:05",
    )
    .unwrap();
    // A security guard marks one used, by its number.
    let guard = db.staff("郑勇");
    let p = db
        .store
        .goods_pass_by_no("1", at("2026-11-23 11:00"))
        .unwrap();
    assert_eq!(p.id, a.id);
    let used = step(
        &mut db.store,
        &guard,
        Register::Pass,
        Some(p.id),
        RAction::Use,
        RInput::default(),
        "2026-11-23 11:00",
    )
    .unwrap();
    assert_eq!(used.state, RState::Used);
    // A cleaner may not.
    let cleaner = db.staff("吴桂英");
    assert!(matches!(
        step(
            &mut db.store,
            &cleaner,
            Register::Pass,
            Some(b.id),
            RAction::Use,
            RInput::default(),
            "2026-11-23 11:00"
        ),
        Err(StoreError::Register(RegisterError::Role { .. }))
    ));
    // The other one, not used that day: reads as expired at once, is
    // refused at the gate the next morning, and the write records the expiry.
    let next = at("2026-11-24 08:00");
    assert_eq!(
        db.store.goods_pass(b.id, next).unwrap().state,
        RState::Expired
    );
    let e = step(
        &mut db.store,
        &me,
        Register::Pass,
        Some(b.id),
        RAction::Use,
        RInput::default(),
        "2026-11-24 08:00",
    )
    .unwrap_err();
    assert!(matches!(
        e,
        StoreError::Register(RegisterError::NotAllowed {
            state: RState::Expired,
            ..
        })
    ));
    // The refusal rolled the expiry back with it; the next accepted write keeps it.
    step(
        &mut db.store,
        &me,
        Register::Pass,
        None,
        RAction::Issue,
        pass_input(),
        "2026-11-24 08:05",
    )
    .unwrap();
    let stored: String = db
        .store
        .conn()
        .query_row(
            "SELECT state FROM goods_passes WHERE id = ?1",
            [b.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, "expired");
    let open = db
        .store
        .goods_passes(
            &PassFilter {
                open_only: true,
                ..Default::default()
            },
            next,
        )
        .unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].no, "FX2026-000003");
}

#[test]
fn pass_numbers_are_gapless_with_two_writers() {
    let db = site_db();
    let path = db.path();
    let handles: Vec<_> = ["张敏", "李娜"]
        .into_iter()
        .map(|who| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut store = Store::open(&path, ZONE).unwrap();
                let me = actor(&store, who);
                let mut nos = Vec::new();
                for i in 0..15 {
                    let mut input = pass_input();
                    // Every fifth is refused (no items): no number is used up.
                    if i % 5 == 4 {
                        input.items.clear();
                    }
                    match step(
                        &mut store,
                        &me,
                        Register::Pass,
                        None,
                        RAction::Issue,
                        input,
                        "2026-11-23 10:00",
                    ) {
                        Ok(s) => nos.push(s.no.unwrap()),
                        Err(StoreError::Register(RegisterError::Missing { .. })) => {}
                        Err(e) => panic!("{e}"),
                    }
                }
                nos
            })
        })
        .collect();
    let mut all: Vec<String> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    all.sort();
    let want: Vec<String> = (1..=24).map(|n| format!("FX2026-{n:06}")).collect();
    assert_eq!(all, want);
    // A new year starts again at 1.
    let mut store = db.reopen();
    let me = actor(&store, "张敏");
    let s = step(
        &mut store,
        &me,
        Register::Pass,
        None,
        RAction::Issue,
        pass_input(),
        "2027-01-01 09:00",
    )
    .unwrap();
    assert_eq!(s.no.as_deref(), Some("FX2027-000001"));
}

fn renovation() -> RInput {
    RInput {
        unit: Some("3-2-1201".into()),
        name: Some("王建国".into()),
        contractor: Some("美家装饰".into()),
        responsible: Some("钱工".into()),
        phone: Some("13800001111".into()),
        licence: Some(true),
        scope: Some("厨卫改造".into()),
        planned_start: Some(chrono::NaiveDate::from_ymd_opt(2026, 10, 12).unwrap()),
        planned_end: Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()),
        ..Default::default()
    }
}

#[test]
fn a_renovation_from_application_to_closing() {
    let mut db = site_db();
    let me = db.staff("张敏");
    let boss = db.staff("陈静");
    let reg = Register::Renovation;
    // Applied on Wed 30 Sep without the drawings; complete the same day:
    // approval within 3 working days across National Day — Thu 8, Fri 9 and
    // the make-up Saturday 10 Oct.
    let a = step(
        &mut db.store,
        &me,
        reg,
        None,
        RAction::Apply,
        renovation(),
        "2026-09-30 09:00",
    )
    .unwrap();
    let r = db.store.renovation(a.id).unwrap();
    assert_eq!(r.approval_due_at, None);
    let e = step(
        &mut db.store,
        &boss,
        reg,
        Some(a.id),
        RAction::Approve,
        RInput::default(),
        "2026-09-30 10:00",
    )
    .unwrap_err();
    assert!(matches!(
        e,
        StoreError::Register(RegisterError::PapersIncomplete)
    ));
    step(
        &mut db.store,
        &me,
        reg,
        Some(a.id),
        RAction::Papers,
        RInput {
            papers_complete: Some(true),
            ..Default::default()
        },
        "2026-09-30 15:00",
    )
    .unwrap();
    let r = db.store.renovation(a.id).unwrap();
    assert_eq!(
        r.approval_due_at,
        Some(at("2026-10-10 23:59") + chrono::Duration::seconds(59))
    );
    assert!(!r.approval_overdue(at("2026-10-09 18:00")));
    assert!(r.approval_overdue(at("2026-10-11 08:00")));
    // Only a supervisor approves.
    let e = step(
        &mut db.store,
        &me,
        reg,
        Some(a.id),
        RAction::Approve,
        RInput::default(),
        "2026-10-08 10:00",
    )
    .unwrap_err();
    assert!(matches!(
        e,
        StoreError::Register(RegisterError::Role { .. })
    ));
    step(
        &mut db.store,
        &boss,
        reg,
        Some(a.id),
        RAction::Approve,
        RInput::default(),
        "2026-10-08 10:00",
    )
    .unwrap();
    // No work before the deposit.
    let e = step(
        &mut db.store,
        &me,
        reg,
        Some(a.id),
        RAction::Start,
        RInput::default(),
        "2026-10-12 08:00",
    )
    .unwrap_err();
    assert!(matches!(e, StoreError::Register(RegisterError::NoDeposit)));
    let pay = |item, cents, receipt: &str| RInput {
        fee_item: Some(item),
        amount_cents: Some(cents),
        receipt: Some(receipt.into()),
        ..Default::default()
    };
    step(
        &mut db.store,
        &me,
        reg,
        Some(a.id),
        RAction::Pay,
        pay(FeeItem::Deposit, 300_000, "R-1"),
        "2026-10-09 10:00",
    )
    .unwrap();
    step(
        &mut db.store,
        &me,
        reg,
        Some(a.id),
        RAction::Pay,
        pay(FeeItem::OwnerDeposit, 100_000, "R-2"),
        "2026-10-09 10:01",
    )
    .unwrap();
    step(
        &mut db.store,
        &me,
        reg,
        Some(a.id),
        RAction::Start,
        RInput::default(),
        "2026-10-12 08:00",
    )
    .unwrap();
    // Workers' passes: 3 months at most, temporary ones 3 days.
    let worker = |kind, until: (i32, u32, u32)| RInput {
        pass_kind: Some(kind),
        name: Some("孙师傅".into()),
        id_number: Some(ID.into()),
        valid_until: chrono::NaiveDate::from_ymd_opt(until.0, until.1, until.2),
        ..Default::default()
    };
    let wp = step(
        &mut db.store,
        &me,
        reg,
        Some(a.id),
        RAction::WorkerPass,
        worker(PassKind::Worker, (2026, 12, 31)),
        "2026-10-12 08:10",
    )
    .unwrap();
    assert_eq!(wp.no.as_deref(), Some("SG2026-0001"));
    let e = step(
        &mut db.store,
        &me,
        reg,
        Some(a.id),
        RAction::WorkerPass,
        worker(PassKind::Temporary, (2026, 10, 20)),
        "2026-10-12 08:10",
    )
    .unwrap_err();
    assert!(matches!(
        e,
        StoreError::Register(RegisterError::TooLongValid { .. })
    ));
    // A hot-work permit needs a supervisor's PIN.
    let hot = RInput {
        certificate: Some("焊-2026-77".into()),
        approver: Some("陈静".into()),
        ..worker(PassKind::HotWork, (2026, 10, 13))
    };
    let e = step(
        &mut db.store,
        &me,
        reg,
        Some(a.id),
        RAction::HotWork,
        hot.clone(),
        "2026-10-12 08:20",
    )
    .unwrap_err();
    assert!(matches!(
        e,
        StoreError::Register(RegisterError::NeedsApproval)
    ));
    let pin = Approval {
        approver: "陈静".into(),
        pin: "1234".into(),
    };
    let hw = step_with(
        &mut db.store,
        &me,
        reg,
        Some(a.id),
        RAction::HotWork,
        hot,
        Some(&pin),
        "2026-10-12 08:20",
    )
    .unwrap();
    assert_eq!(hw.no.as_deref(), Some("SG2026-0002"));
    // Hidden works: asked for, failed, asked again, passed.
    let insp = |t| RInput {
        inspection_at: Some(at(t)),
        ..Default::default()
    };
    step(
        &mut db.store,
        &me,
        reg,
        Some(a.id),
        RAction::RequestInspection,
        insp("2026-10-20 10:00"),
        "2026-10-18 09:00",
    )
    .unwrap();
    assert!(db
        .store
        .renovation(a.id)
        .unwrap()
        .inspection_due(at("2026-10-20 23:59")));
    step(
        &mut db.store,
        &me,
        reg,
        Some(a.id),
        RAction::FailHidden,
        RInput {
            inspector: Some("赵建军".into()),
            reason: Some("闭水试验渗漏".into()),
            ..Default::default()
        },
        "2026-10-20 11:00",
    )
    .unwrap();
    step(
        &mut db.store,
        &me,
        reg,
        Some(a.id),
        RAction::RequestInspection,
        insp("2026-10-23 10:00"),
        "2026-10-21 09:00",
    )
    .unwrap();
    // A violation, a stop, and only a supervisor lets work go on.
    step(
        &mut db.store,
        &me,
        reg,
        Some(a.id),
        RAction::Suspend,
        RInput {
            reason: Some("午休时间施工".into()),
            ..Default::default()
        },
        "2026-10-22 12:30",
    )
    .unwrap();
    assert!(step(
        &mut db.store,
        &me,
        reg,
        Some(a.id),
        RAction::Resume,
        RInput::default(),
        "2026-10-22 14:00"
    )
    .is_err());
    step(
        &mut db.store,
        &boss,
        reg,
        Some(a.id),
        RAction::Resume,
        RInput::default(),
        "2026-10-22 14:00",
    )
    .unwrap();
    step(
        &mut db.store,
        &me,
        reg,
        Some(a.id),
        RAction::RequestInspection,
        insp("2026-10-23 10:00"),
        "2026-10-22 14:10",
    )
    .unwrap();
    step(
        &mut db.store,
        &me,
        reg,
        Some(a.id),
        RAction::PassHidden,
        RInput {
            inspector: Some("赵建军".into()),
            ..Default::default()
        },
        "2026-10-23 10:30",
    )
    .unwrap();
    step(
        &mut db.store,
        &me,
        reg,
        Some(a.id),
        RAction::Complete,
        RInput::default(),
        "2026-11-18 17:00",
    )
    .unwrap();
    step(
        &mut db.store,
        &me,
        reg,
        Some(a.id),
        RAction::Accept,
        RInput {
            inspector: Some("赵建军".into()),
            ..Default::default()
        },
        "2026-11-19 10:00",
    )
    .unwrap();
    // The deposit back: a deduction needs its reason; a supervisor refunds.
    let refund = RInput {
        amount_cents: Some(380_000),
        receipt: Some("T-9".into()),
        passes_returned: Some(true),
        deduction_cents: Some(20_000),
        ..Default::default()
    };
    let e = step(
        &mut db.store,
        &boss,
        reg,
        Some(a.id),
        RAction::Refund,
        refund.clone(),
        "2026-11-23 10:00",
    )
    .unwrap_err();
    assert!(matches!(
        e,
        StoreError::Register(RegisterError::DeductionReason)
    ));
    let refund = RInput {
        reason: Some("电梯轿厢划伤".into()),
        ..refund
    };
    step(
        &mut db.store,
        &boss,
        reg,
        Some(a.id),
        RAction::Refund,
        refund,
        "2026-11-23 10:00",
    )
    .unwrap();
    step(
        &mut db.store,
        &me,
        reg,
        Some(a.id),
        RAction::Close,
        RInput::default(),
        "2026-11-23 10:05",
    )
    .unwrap();
    let r = db.store.renovation(a.id).unwrap();
    assert_eq!(r.state, RState::Closed);
    assert_eq!(r.deposits(), 400_000);
    assert_eq!(r.deduction_cents, Some(20_000));
    assert_eq!(r.violations, 1);
    assert_eq!(r.passes.len(), 2);
    assert_eq!(r.passes[1].approved_by.as_deref(), Some("陈静"));
    // Every step audited.
    let history = db.store.register_events(reg, a.id).unwrap();
    assert_eq!(history.first().map(|e| e.action), Some(RAction::Apply));
    assert_eq!(history.last().map(|e| e.to), Some(RState::Closed));
    assert_eq!(history.len(), 19);
}

#[test]
fn audit_rows_cannot_be_changed_or_removed() {
    let mut db = site_db();
    let me = db.staff("张敏");
    step(
        &mut db.store,
        &me,
        Register::Visitor,
        None,
        RAction::In,
        visitor(),
        "2026-11-23 10:00",
    )
    .unwrap();
    let c = db.store.conn();
    assert!(c
        .execute("UPDATE register_events SET note = 'x'", [])
        .is_err());
    assert!(c.execute("DELETE FROM register_events", []).is_err());
    assert_eq!(events(&db.store), 1);
}

#[test]
fn a_stale_version_is_refused() {
    let mut db = site_db();
    let me = db.staff("张敏");
    let v = step(
        &mut db.store,
        &me,
        Register::Visitor,
        None,
        RAction::In,
        visitor(),
        "2026-11-23 10:00",
    )
    .unwrap();
    let input = RInput::default();
    let e = db
        .store
        .register_step(
            &StepRequest {
                register: Register::Visitor,
                id: Some(v.id),
                version: Some(7),
                action: RAction::Out,
                input: &input,
                approval: None,
            },
            &me,
            at("2026-11-23 10:30"),
        )
        .unwrap_err();
    assert!(matches!(e, StoreError::Stale { ref by, .. } if by == "张敏"));
}

fn vacant_unit(store: &Store) -> String {
    store
        .conn()
        .query_row(
            "SELECT u.code FROM units u WHERE NOT EXISTS (SELECT 1 FROM households h
             WHERE h.unit_id = u.id AND h.move_out IS NULL) ORDER BY u.id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn move_in_writes_the_household_and_move_out_waits_for_what_is_out() {
    let mut db = site_db();
    let me = db.staff("王芳");
    let unit = vacant_unit(&db.store);
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    // Opened with part of the checklist; finishing needs the rest.
    let open = step(
        &mut db.store,
        &me,
        Register::MoveIn,
        None,
        RAction::Open,
        RInput {
            unit: Some(unit.clone()),
            household_kind: Some(HouseholdKind::Tenant),
            name: Some("赵六".into()),
            phone: Some("13900002222".into()),
            id_number: Some(ID.into()),
            papers: Some(true),
            ..Default::default()
        },
        "2026-11-23 09:00",
    )
    .unwrap();
    let e = step(
        &mut db.store,
        &me,
        Register::MoveIn,
        Some(open.id),
        RAction::Finish,
        RInput::default(),
        "2026-11-23 10:00",
    )
    .unwrap_err();
    assert!(matches!(
        e,
        StoreError::Register(RegisterError::Missing { .. })
    ));
    assert_eq!(
        count(
            &db.store,
            "SELECT count(*) FROM households WHERE name = '赵六'"
        ),
        0
    );
    let rest = RInput {
        date: Some(d("2026-11-23")),
        id_copy: Some(true),
        inspected: Some(true),
        keys: Some(2),
        key_receipt: Some("K-88".into()),
        meters: Some("水 0012 电 00345".into()),
        ..Default::default()
    };
    let done = step(
        &mut db.store,
        &me,
        Register::MoveIn,
        Some(open.id),
        RAction::Finish,
        rest,
        "2026-11-23 10:00",
    )
    .unwrap();
    assert_eq!(done.state, RState::Done);
    let m = db.store.move_record(open.id).unwrap();
    let hid = m.household_id.unwrap();
    let (name, move_in, phone): (String, String, String) = db
        .store
        .conn()
        .query_row(
            "SELECT h.name, h.move_in, m.phone FROM households h
             JOIN household_members m ON m.household_id = h.id WHERE h.id = ?1",
            [hid],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (name.as_str(), move_in.as_str(), phone.as_str()),
        ("赵六", "2026-11-23", "13900002222")
    );
    // A pass issued for the unit and not used holds the move-out up.
    let mut pass = pass_input();
    pass.unit = Some(unit.clone());
    step(
        &mut db.store,
        &me,
        Register::Pass,
        None,
        RAction::Issue,
        pass,
        "2026-11-23 11:00",
    )
    .unwrap();
    let out = RInput {
        unit: Some(unit.clone()),
        household_kind: Some(HouseholdKind::Tenant),
        date: Some(d("2026-11-23")),
        keys_returned: Some(true),
        meters: Some("水 0020 电 00400".into()),
        ..Default::default()
    };
    let e = step(
        &mut db.store,
        &me,
        Register::MoveOut,
        None,
        RAction::Finish,
        out.clone(),
        "2026-11-23 12:00",
    )
    .unwrap_err();
    match e {
        StoreError::Register(RegisterError::Outstanding(list)) => {
            assert!(matches!(list[0], Outstanding::GoodsPass { .. }), "{list:?}")
        }
        e => panic!("{e}"),
    }
    // The next day the pass has expired: the household moves out, dated.
    let done = step(
        &mut db.store,
        &me,
        Register::MoveOut,
        None,
        RAction::Finish,
        RInput {
            date: Some(d("2026-11-24")),
            ..out
        },
        "2026-11-24 09:00",
    )
    .unwrap();
    assert_eq!(done.state, RState::Done);
    let move_out: Option<String> = db
        .store
        .conn()
        .query_row(
            "SELECT move_out FROM households WHERE id = ?1",
            [hid],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(move_out.as_deref(), Some("2026-11-24"));
}

#[test]
fn open_items_are_in_the_units_file_and_the_handover() {
    let mut db = site_db();
    let me = db.staff("张敏");
    step(
        &mut db.store,
        &me,
        Register::Visitor,
        None,
        RAction::In,
        visitor(),
        "2026-11-23 10:00",
    )
    .unwrap();
    step(
        &mut db.store,
        &me,
        Register::Parcel,
        None,
        RAction::Receive,
        RInput {
            unit: Some("3-2-1201".into()),
            item_kind: Some(ItemKind::Parcel),
            count: Some(2),
            ..Default::default()
        },
        "2026-11-19 10:00",
    )
    .unwrap();
    step(
        &mut db.store,
        &me,
        Register::Pass,
        None,
        RAction::Issue,
        pass_input(),
        "2026-11-23 10:10",
    )
    .unwrap();
    let a = step(
        &mut db.store,
        &me,
        Register::Renovation,
        None,
        RAction::Apply,
        RInput {
            papers_complete: Some(true),
            ..renovation()
        },
        "2026-11-20 10:00",
    )
    .unwrap();
    let unit = db.store.resolve_unit("3-2-1201").unwrap();
    let file = db.store.unit_file(unit).unwrap();
    let r = &file.registers;
    assert_eq!(r.visitors_inside.len(), 1);
    assert_eq!(r.parcels_waiting.len(), 1);
    assert_eq!(r.passes_open.len(), 1);
    assert_eq!(r.renovations_open.len(), 1);
    let json = serde_json::to_string(&file).unwrap();
    assert!(json.contains("\"registers\""), "{json}");
    assert!(!json.contains(ID), "{json}");
    // The handover of the day shift at 16:50.
    let plan = ShiftPlan::default();
    let shift = plan.at(at("2026-11-23 16:50"));
    let report = db
        .store
        .pending_report(
            &shift,
            &plan.next(&shift),
            "张敏",
            "",
            at("2026-11-23 16:50"),
        )
        .unwrap();
    let g = report.registers.expect("registers");
    assert_eq!(g.visitors.len(), 1);
    assert_eq!(g.parcels.len(), 1);
    assert!(g.parcels[0].overdue);
    assert_eq!(g.passes.len(), 1);
    // Applied Fri 20 Nov, complete: approve by Wed 25 Nov — not due before
    // the evening shift ends, and not past its end: not listed.
    assert!(g.renovations.is_empty());
    let alerts = db.store.register_alerts(at("2026-11-23 16:50")).unwrap();
    assert_eq!(alerts.visitors_inside, 1);
    assert_eq!(alerts.parcels_overdue, 1);
    assert_eq!(alerts.passes_open, 1);
    assert_eq!(alerts.approvals_due, 0);
    let _ = a;
    let late = db.store.register_alerts(at("2026-11-26 08:00")).unwrap();
    assert_eq!(late.approvals_overdue, 1);
    assert_eq!(late.passes_open, 0);
}

#[test]
fn reports_sealed_before_the_registers_read_as_they_were() {
    use frontdesk::domain::handover::Report;
    use frontdesk::i18n::Lang;
    use frontdesk::present::HandoverText;
    let mut db = site_db();
    let me = db.staff("张敏");
    step(
        &mut db.store,
        &me,
        Register::Visitor,
        None,
        RAction::In,
        visitor(),
        "2026-11-23 10:00",
    )
    .unwrap();
    let plan = ShiftPlan::default();
    let shift = plan.at(at("2026-11-23 16:50"));
    let r = db
        .store
        .pending_report(
            &shift,
            &plan.next(&shift),
            "张敏",
            "交班",
            at("2026-11-23 16:50"),
        )
        .unwrap();
    // A report stored before the registers existed has no such key.
    let mut json = serde_json::to_value(&r).unwrap();
    json.as_object_mut().unwrap().remove("registers");
    let old: Report = serde_json::from_value(json).unwrap();
    assert!(old.registers.is_none());
    for lang in [Lang::Zh, Lang::En] {
        let with = lang.handover_text(&r);
        let without = lang.handover_text(&old);
        // The new text is the old one with the registers' sections added
        // before the duty log: nothing of the old sections changed.
        let lines: Vec<&str> = with.lines().collect();
        let t = lang.t();
        let first = lines
            .iter()
            .position(|l| {
                l.starts_with(&format!(
                    "■ {}",
                    t.registers
                        .h_visitors
                        .split('（')
                        .next()
                        .unwrap()
                        .split(" (")
                        .next()
                        .unwrap()
                ))
            })
            .unwrap();
        let log_head = t.shift.sec_log.split(['（', '(']).next().unwrap();
        let log = lines
            .iter()
            .position(|l| l.starts_with(&format!("■ {log_head}")))
            .unwrap();
        let mut kept: Vec<&str> = lines[..first].to_vec();
        kept.extend_from_slice(&lines[log..]);
        assert_eq!(format!("{}\n", kept.join("\n")), without);
        assert!(with.contains("王五"), "{with}");
        assert!(!without.contains("王五"));
    }
}
