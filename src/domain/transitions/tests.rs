use super::*;

/// An input that satisfies every field a step could ask for.
pub fn full_input() -> StepInput {
    StepInput {
        department: Some("engineering".into()),
        technician: Some("赵师傅".into()),
        reason: Some("缺配件".into()),
        resident_informed: Some(true),
        resident_signed: Some(true),
        fee_cents: Some(0),
        quoted_fee_cents: Some(5000),
        explanation: Some("已向业主解释".into()),
        note: Some("备注".into()),
        urgency: Some(Urgency::Urgent),
        developer_defect: Some(false),
        reply_via: Some(ReplyVia::Phone),
        escalate_to: Some(EscalateTo::DutyManager),
        notify: Some(NotifyTarget::Engineering),
        record: Some(EmergencyRecord {
            what: "水管爆裂".into(),
            location: "3-2-1201".into(),
            severity: Some(Severity::Serious),
            responders: "赵师傅".into(),
            losses: "地板浸水".into(),
            photos_taken: true,
            cause: "管件老化".into(),
            measures: "更换管件".into(),
        }),
        convert_to: Some(Kind::Repair),
        via_callback: true,
    }
}

#[test]
fn repair_happy_path() {
    let mut state = State::Registered;
    let input = full_input();
    for action in [
        Action::Dispatch,
        Action::Accept,
        Action::Hold,
        Action::Resume,
        Action::Complete,
        Action::Close,
    ] {
        let t = check(
            Kind::Repair,
            state,
            action,
            Role::Operator,
            &input,
            TicketFacts::default(),
        )
        .unwrap_or_else(|e| panic!("{action} from {state}: {e}"));
        state = t.target(state);
    }
    assert_eq!(state, State::Closed);
}

#[test]
fn every_pair_is_decided_by_the_table() {
    let input = full_input();
    for &kind in Kind::ALL {
        for &state in State::ALL {
            for &action in Action::ALL {
                let r = check(
                    kind,
                    state,
                    action,
                    Role::Manager,
                    &input,
                    TicketFacts::default(),
                );
                match find(kind, state, action) {
                    Some(t) => {
                        let t2 = r.unwrap_or_else(|e| panic!("{kind} {state} {action}: {e}"));
                        assert_eq!(t.action, t2.action);
                    }
                    None => match r {
                        Err(StepError::NotAllowed { allowed, .. }) => {
                            let offered: Vec<Action> =
                                offered(kind, state).iter().map(|t| t.action).collect();
                            assert_eq!(allowed, offered);
                        }
                        other => panic!("{kind} {state} {action}: expected refusal, got {other:?}"),
                    },
                }
            }
        }
    }
}

#[test]
fn final_states_offer_nothing_but_reopen() {
    for &kind in Kind::ALL {
        for &state in State::ALL.iter().filter(|s| s.is_final()) {
            assert!(offered(kind, state).is_empty(), "{kind} {state}");
        }
    }
}

#[test]
fn required_fields_are_enforced() {
    let empty = StepInput::default();
    let cases = [
        (
            Kind::Repair,
            State::Registered,
            Action::Dispatch,
            vec![Field::Department],
        ),
        (
            Kind::Repair,
            State::Accepted,
            Action::Hold,
            vec![Field::Reason, Field::ResidentInformed],
        ),
        (
            Kind::Repair,
            State::Accepted,
            Action::Complete,
            vec![Field::ResidentSigned],
        ),
        (
            Kind::Repair,
            State::Registered,
            Action::Cancel,
            vec![Field::Reason],
        ),
        (
            Kind::Repair,
            State::Registered,
            Action::OutOfScope,
            vec![Field::Explanation],
        ),
        (
            Kind::PaidService,
            State::Registered,
            Action::Dispatch,
            vec![Field::Department, Field::QuotedFee],
        ),
        (
            Kind::Complaint,
            State::Registered,
            Action::ClassifyValid,
            vec![Field::Urgency],
        ),
        (
            Kind::Emergency,
            State::OnScene,
            Action::Record,
            vec![Field::Record],
        ),
    ];
    for (kind, state, action, want) in cases {
        match check(
            kind,
            state,
            action,
            Role::Manager,
            &empty,
            TicketFacts::default(),
        ) {
            Err(StepError::Missing { missing, .. }) => assert_eq!(missing, want, "{kind} {action}"),
            other => panic!("{kind} {action}: {other:?}"),
        }
    }
}

#[test]
fn hold_needs_the_resident_told_yes() {
    let mut input = full_input();
    input.resident_informed = Some(false);
    let r = check(
        Kind::Repair,
        State::Accepted,
        Action::Hold,
        Role::Operator,
        &input,
        TicketFacts::default(),
    );
    assert!(matches!(r, Err(StepError::Missing { .. })));
}

#[test]
fn blank_text_is_missing() {
    let input = StepInput {
        department: Some("   ".into()),
        ..Default::default()
    };
    let r = check(
        Kind::Repair,
        State::Registered,
        Action::Dispatch,
        Role::Operator,
        &input,
        TicketFacts::default(),
    );
    assert!(matches!(r, Err(StepError::Missing { .. })));
}

#[test]
fn role_rules() {
    let input = full_input();
    let op = |kind, state, action| {
        check(
            kind,
            state,
            action,
            Role::Operator,
            &input,
            TicketFacts::default(),
        )
    };
    assert!(matches!(
        op(Kind::Complaint, State::Registered, Action::ClassifyInvalid),
        Err(StepError::Role {
            need: Role::Supervisor,
            ..
        })
    ));
    assert!(matches!(
        op(Kind::Emergency, State::Recorded, Action::SignOff),
        Err(StepError::Role {
            need: Role::Supervisor,
            ..
        })
    ));
    let sup = |kind, state, action| {
        check(
            kind,
            state,
            action,
            Role::Supervisor,
            &input,
            TicketFacts::default(),
        )
    };
    assert!(sup(Kind::Complaint, State::Registered, Action::ClassifyInvalid).is_ok());
    assert!(sup(Kind::Emergency, State::Recorded, Action::SignOff).is_ok());
    // Technicians take no step at the desk.
    assert!(matches!(
        check(
            Kind::Repair,
            State::Registered,
            Action::Dispatch,
            Role::Technician,
            &input,
            TicketFacts::default()
        ),
        Err(StepError::Role { .. })
    ));
}

#[test]
fn escalated_complaint_closes_only_by_supervisor() {
    let input = full_input();
    let facts = TicketFacts { escalated: true };
    assert_eq!(
        check(
            Kind::Complaint,
            State::Replied,
            Action::Close,
            Role::Operator,
            &input,
            facts
        )
        .err(),
        Some(StepError::Escalated)
    );
    assert!(check(
        Kind::Complaint,
        State::Replied,
        Action::Close,
        Role::Supervisor,
        &input,
        facts
    )
    .is_ok());
}

#[test]
fn callback_only_steps_are_not_offered_or_taken_by_hand() {
    let mut input = full_input();
    input.via_callback = false;
    assert!(!offered(Kind::Repair, State::Done)
        .iter()
        .any(|t| t.action == Action::Rework));
    assert_eq!(
        check(
            Kind::Repair,
            State::Done,
            Action::Rework,
            Role::Manager,
            &input,
            TicketFacts::default()
        )
        .err(),
        Some(StepError::CallbackOnly {
            action: Action::Rework
        })
    );
    // A complaint is closed after its callback, or by a supervisor.
    assert!(matches!(
        check(
            Kind::Complaint,
            State::Replied,
            Action::Close,
            Role::Operator,
            &input,
            TicketFacts::default()
        ),
        Err(StepError::Role { .. })
    ));
}

#[test]
fn negative_fee_refused() {
    let mut input = full_input();
    input.fee_cents = Some(-1);
    assert_eq!(
        check(
            Kind::Repair,
            State::Accepted,
            Action::Complete,
            Role::Operator,
            &input,
            TicketFacts::default()
        )
        .err(),
        Some(StepError::NegativeFee)
    );
}

#[test]
fn states_of_repair_in_order() {
    let s = states_of(Kind::Repair);
    assert_eq!(s[0], State::Registered);
    for want in [
        State::Dispatched,
        State::Accepted,
        State::OnHold,
        State::Done,
        State::Closed,
        State::Cancelled,
        State::OutOfScope,
    ] {
        assert!(s.contains(&want), "{want}");
    }
    assert!(!s.contains(&State::Replied));
}

#[test]
fn codes_round_trip() {
    for &a in Action::ALL {
        assert_eq!(a.code().parse::<Action>().unwrap(), a);
    }
    for &s in State::ALL {
        assert_eq!(s.code().parse::<State>().unwrap(), s);
    }
    let e = "nope".parse::<Kind>().unwrap_err();
    assert!(e.to_string().contains("repair"));
}
