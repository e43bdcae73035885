use super::*;
use crate::domain::calendar::WorkCalendar;

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// An input that gives every field a step could ask for.
fn full() -> RInput {
    RInput {
        unit: Some("3-2-1201".into()),
        name: Some("王五".into()),
        id_number: Some("110101199003071233".into()),
        phone: Some("13800001111".into()),
        purpose: Some("探亲".into()),
        people: Some(2),
        badge: Some("V-07".into()),
        salesperson: Some(true),
        reason: Some("原因".into()),
        note: Some("备注".into()),
        item_kind: Some(ItemKind::Parcel),
        carrier: Some("顺丰".into()),
        count: Some(1),
        shelf: Some("A3".into()),
        tracking: Some("SF123".into()),
        addressee: Some("李四".into()),
        via: Some(NotifyVia::Sms),
        picked_by: Some("李四".into()),
        signed: Some(true),
        items: vec![PassItem {
            item: "冰箱".into(),
            quantity: 1,
        }],
        vehicle: Some("沪A12345".into()),
        confirmed_by: Some("李四".into()),
        confirmed_via: Some(ConfirmVia::Phone),
        confirmed_at: Some(at("2026-11-23 09:55")),
        approver: Some("陈静".into()),
        contractor: Some("美家装饰".into()),
        responsible: Some("钱工".into()),
        licence: Some(true),
        scope: Some("厨卫改造".into()),
        planned_start: Some(d("2026-11-25")),
        planned_end: Some(d("2027-01-20")),
        papers_complete: Some(true),
        fee_item: Some(FeeItem::Deposit),
        amount_cents: Some(300_000),
        receipt: Some("R-001".into()),
        pass_kind: Some(PassKind::Worker),
        valid_until: Some(d("2026-12-31")),
        certificate: Some("焊-123".into()),
        inspection_at: Some(at("2026-12-01 10:00")),
        inspector: Some("赵建军".into()),
        deduction_cents: Some(0),
        passes_returned: Some(true),
        household_kind: Some(HouseholdKind::Owner),
        date: Some(d("2026-11-23")),
        papers: Some(true),
        id_copy: Some(true),
        inspected: Some(true),
        keys: Some(2),
        key_receipt: Some("K-9".into()),
        meters: Some("水 12 电 345".into()),
        fees_paid: Some(true),
        documents: Some(true),
        replace: Some(false),
        keys_returned: Some(true),
    }
}

fn facts() -> RFacts {
    RFacts {
        approved: true,
        papers_in: true,
        deposit_paid: true,
        now: Some(at("2026-11-23 10:00")),
        valid_until: Some(at("2026-11-23 23:59")),
        ..Default::default()
    }
}

const DESK: Acting = Acting {
    role: Role::Operator,
    security: false,
};
const BOSS: Acting = Acting {
    role: Role::Manager,
    security: false,
};
const GUARD: Acting = Acting {
    role: Role::Technician,
    security: true,
};

use crate::domain::household::HouseholdKind;

#[test]
fn every_pair_is_decided_by_the_table() {
    let input = full();
    let f = facts();
    for &reg in Register::ALL {
        for &state in RState::ALL {
            for &action in RAction::ALL {
                let r = check(reg, state, action, &BOSS, &input, &f);
                match machine(reg).find(state, action) {
                    Some(row) => {
                        let got = r.unwrap_or_else(|e| panic!("{reg} {state} {action}: {e}"));
                        assert_eq!(got.action, row.action);
                    }
                    None => assert!(
                        matches!(r, Err(RegisterError::NotAllowed { .. })),
                        "{reg} {state} {action}: {r:?}"
                    ),
                }
            }
        }
    }
}

fn walk(reg: Register, who: &Acting, steps: &[RAction]) -> RState {
    let mut state = RState::New;
    for &a in steps {
        let row = check(reg, state, a, who, &full(), &facts())
            .unwrap_or_else(|e| panic!("{reg} {a} from {state}: {e}"));
        state = row.target(state);
    }
    state
}

#[test]
fn happy_paths() {
    use RAction as A;
    assert_eq!(
        walk(Register::Visitor, &DESK, &[A::In, A::Out]),
        RState::Left
    );
    assert_eq!(
        walk(
            Register::Parcel,
            &DESK,
            &[A::Receive, A::Notify, A::Notify, A::PickUp]
        ),
        RState::PickedUp
    );
    assert_eq!(
        walk(Register::Pass, &DESK, &[A::Issue, A::Use]),
        RState::Used
    );
    assert_eq!(
        walk(
            Register::Renovation,
            &BOSS,
            &[
                A::Apply,
                A::Approve,
                A::Pay,
                A::Start,
                A::WorkerPass,
                A::HotWork,
                A::RequestInspection,
                A::PassHidden,
                A::Complete,
                A::Accept,
                A::Refund,
                A::Close
            ]
        ),
        RState::Closed
    );
    assert_eq!(
        walk(Register::MoveIn, &DESK, &[A::Open, A::Check, A::Finish]),
        RState::Done
    );
    assert_eq!(walk(Register::MoveOut, &DESK, &[A::Finish]), RState::Done);
}

#[test]
fn expiry_is_the_systems_not_offered() {
    let offered: Vec<RAction> = machine(Register::Pass)
        .offered(RState::Issued)
        .iter()
        .map(|r| r.action)
        .collect();
    assert_eq!(offered, vec![RAction::Use, RAction::Cancel]);
    // An illegal move lists what is allowed.
    let e = check(
        Register::Pass,
        RState::Used,
        RAction::Use,
        &DESK,
        &full(),
        &facts(),
    )
    .unwrap_err();
    assert_eq!(
        e,
        RegisterError::NotAllowed {
            register: Register::Pass,
            state: RState::Used,
            action: RAction::Use,
            allowed: vec![]
        }
    );
}

#[test]
fn roles() {
    let f = facts();
    let i = full();
    // Only supervisors approve, reject, resume and refund.
    for (state, action) in [
        (RState::Applied, RAction::Approve),
        (RState::Applied, RAction::Reject),
        (RState::Suspended, RAction::Resume),
        (RState::Accepted, RAction::Refund),
    ] {
        assert_eq!(
            check(Register::Renovation, state, action, &DESK, &i, &f).unwrap_err(),
            RegisterError::Role {
                action,
                need: Duty::Supervisor
            }
        );
    }
    // A guard at the gate marks a pass used, and nothing else.
    assert!(check(Register::Pass, RState::Issued, RAction::Use, &GUARD, &i, &f).is_ok());
    assert!(matches!(
        check(Register::Pass, RState::New, RAction::Issue, &GUARD, &i, &f),
        Err(RegisterError::Role { .. })
    ));
    let tech = Acting {
        role: Role::Technician,
        security: false,
    };
    assert!(matches!(
        check(Register::Pass, RState::Issued, RAction::Use, &tech, &i, &f),
        Err(RegisterError::Role { .. })
    ));
}

#[test]
fn guards() {
    let mut f = facts();
    // The site requires visitors' ID numbers.
    let mut i = full();
    i.id_number = None;
    assert!(check(Register::Visitor, RState::New, RAction::In, &DESK, &i, &f).is_ok());
    f.visitor_id_required = true;
    assert_eq!(
        check(Register::Visitor, RState::New, RAction::In, &DESK, &i, &f).unwrap_err(),
        RegisterError::IdRequired
    );
    // Registered post needs a signature.
    f.item_kind = Some(ItemKind::Registered);
    let mut i = full();
    i.signed = Some(false);
    assert_eq!(
        check(
            Register::Parcel,
            RState::Waiting,
            RAction::PickUp,
            &DESK,
            &i,
            &f
        )
        .unwrap_err(),
        RegisterError::Signature
    );
    f.item_kind = Some(ItemKind::Letter);
    assert!(check(
        Register::Parcel,
        RState::Waiting,
        RAction::PickUp,
        &DESK,
        &i,
        &f
    )
    .is_ok());
    // A pass: the owner's confirmation, or a proven override with a reason.
    let mut i = full();
    i.confirmed_by = None;
    i.approver = None;
    assert_eq!(
        check(Register::Pass, RState::New, RAction::Issue, &DESK, &i, &f).unwrap_err(),
        RegisterError::NotConfirmed
    );
    i.approver = Some("陈静".into());
    f.approved = false;
    assert_eq!(
        check(Register::Pass, RState::New, RAction::Issue, &DESK, &i, &f).unwrap_err(),
        RegisterError::NeedsApproval
    );
    f.approved = true;
    assert!(check(Register::Pass, RState::New, RAction::Issue, &DESK, &i, &f).is_ok());
    i.reason = None;
    assert_eq!(
        check(Register::Pass, RState::New, RAction::Issue, &DESK, &i, &f).unwrap_err(),
        RegisterError::NotConfirmed
    );
    // Past its day a pass is not used.
    f.now = Some(at("2026-11-24 00:10"));
    assert_eq!(
        check(
            Register::Pass,
            RState::Issued,
            RAction::Use,
            &DESK,
            &full(),
            &f
        )
        .unwrap_err(),
        RegisterError::PassExpired
    );
    // Renovation: papers, deposit, a deduction's reason.
    let mut f = facts();
    f.papers_in = false;
    assert_eq!(
        check(
            Register::Renovation,
            RState::Applied,
            RAction::Approve,
            &BOSS,
            &full(),
            &f
        )
        .unwrap_err(),
        RegisterError::PapersIncomplete
    );
    f.deposit_paid = false;
    assert_eq!(
        check(
            Register::Renovation,
            RState::Approved,
            RAction::Start,
            &DESK,
            &full(),
            &f
        )
        .unwrap_err(),
        RegisterError::NoDeposit
    );
    let mut i = full();
    i.deduction_cents = Some(20_000);
    i.reason = None;
    assert_eq!(
        check(
            Register::Renovation,
            RState::Accepted,
            RAction::Refund,
            &BOSS,
            &i,
            &f
        )
        .unwrap_err(),
        RegisterError::DeductionReason
    );
    // Move-out waits for what is still out.
    let mut f = facts();
    f.outstanding = vec![Outstanding::GoodsPass {
        no: "FX2026-000001".into(),
    }];
    assert!(matches!(
        check(
            Register::MoveOut,
            RState::Open,
            RAction::Finish,
            &DESK,
            &full(),
            &f
        ),
        Err(RegisterError::Outstanding(_))
    ));
}

#[test]
fn move_in_needs_the_whole_checklist() {
    let mut i = full();
    i.key_receipt = None;
    i.inspected = Some(false);
    assert_eq!(
        check(
            Register::MoveIn,
            RState::Open,
            RAction::Finish,
            &DESK,
            &i,
            &facts()
        )
        .unwrap_err(),
        RegisterError::Missing {
            action: RAction::Finish,
            missing: vec![RField::Inspected, RField::KeyReceipt]
        }
    );
    // Opening takes a partial checklist.
    assert!(check(
        Register::MoveIn,
        RState::New,
        RAction::Open,
        &DESK,
        &i,
        &facts()
    )
    .is_ok());
}

#[test]
fn approval_within_three_working_days_across_national_day() {
    let cal = WorkCalendar::cn_default();
    let rules = RegisterRules::default();
    // Complete on Wed 30 Sep 2026: 1-7 Oct are holidays, Sat 10 Oct is a
    // make-up working day: Thu 8, Fri 9, Sat 10.
    assert_eq!(
        approval_due(&cal, at("2026-09-30 10:00"), &rules),
        at("2026-10-10 23:59") + Duration::seconds(59)
    );
    // An ordinary week: Mon → Thu.
    assert_eq!(
        approval_due(&cal, at("2026-11-23 10:00"), &rules).date(),
        d("2026-11-26")
    );
}

#[test]
fn pass_validity() {
    let today = d("2026-11-23");
    assert!(check_pass_validity(PassKind::Temporary, today, d("2026-11-25")).is_ok());
    assert_eq!(
        check_pass_validity(PassKind::Temporary, today, d("2026-11-26")),
        Err(RegisterError::TooLongValid {
            kind: PassKind::Temporary,
            days: 3
        })
    );
    assert!(check_pass_validity(PassKind::Worker, today, d("2027-02-22")).is_ok());
    assert!(check_pass_validity(PassKind::Worker, today, d("2027-02-23")).is_err());
    assert_eq!(
        check_pass_validity(PassKind::Worker, today, d("2026-11-22")),
        Err(RegisterError::InPast)
    );
    assert_eq!(pass_no(Series::Goods, 2026, 7), "FX2026-000007");
    assert_eq!(
        pass_valid_until(at("2026-11-23 10:00")),
        at("2026-11-23 23:59") + Duration::seconds(59)
    );
    assert!(waiting_too_long(
        at("2026-11-19 09:00"),
        at("2026-11-23 10:00"),
        3
    ));
    assert!(!waiting_too_long(
        at("2026-11-21 09:00"),
        at("2026-11-23 10:00"),
        3
    ));
}

#[test]
fn amounts_in_yuan() {
    assert_eq!(parse_yuan("3000"), Some(300_000));
    assert_eq!(parse_yuan("12.5"), Some(1_250));
    assert_eq!(parse_yuan("¥0.05"), Some(5));
    assert_eq!(parse_yuan("1.234"), None);
    assert_eq!(parse_yuan("-3"), None);
    assert_eq!(parse_yuan("abc"), None);
    assert_eq!(parse_yuan(""), None);
}
