//! Complaints, emergencies, enquiries and paid services through the store:
//! their life cycles, role rules, and the deadlines kept with each ticket.

mod common;

use common::*;
use frontdesk::domain::ticket::{EscalateTo, NotifyTarget, ReplyVia, Severity, Urgency};
use frontdesk::domain::transitions::{EmergencyRecord, StepError};
use frontdesk::domain::{Action, Channel, Kind, State, StepInput};
use frontdesk::store::tickets::{NewTicket, Ticket};
use frontdesk::store::{Actor, Store, StoreError};

fn new(kind: Kind) -> NewTicket {
    NewTicket {
        kind: Some(kind),
        unit: Some("3-2-1201".into()),
        channel: Some(Channel::Phone),
        reporter: "王建国".into(),
        phone: "13812345678".into(),
        description: "描述".into(),
        ..Default::default()
    }
}

fn step(
    s: &mut Store,
    t: &Ticket,
    a: Action,
    input: StepInput,
    who: &Actor,
    at: &str,
) -> Result<Ticket, StoreError> {
    s.transition(t.id, t.version, a, &input, who, common::at(at))
}

fn dept(d: &str) -> StepInput {
    StepInput {
        department: Some(d.into()),
        ..Default::default()
    }
}

fn note(n: &str) -> StepInput {
    StepInput {
        note: Some(n.into()),
        ..Default::default()
    }
}

fn classify(u: Urgency) -> StepInput {
    StepInput {
        urgency: Some(u),
        ..Default::default()
    }
}

fn reply(via: ReplyVia, explanation: &str) -> StepInput {
    StepInput {
        reply_via: Some(via),
        explanation: Some(explanation.into()),
        ..Default::default()
    }
}

/// A registered complaint classified valid, dispatched to `department`,
/// handled and replied to (`answer`): one step at each of `times`.
fn replied(
    s: &mut Store,
    t: &Ticket,
    op: &Actor,
    urgency: Urgency,
    department: &str,
    answer: StepInput,
    times: [&str; 4],
) -> Ticket {
    let t = step(s, t, Action::ClassifyValid, classify(urgency), op, times[0]).unwrap();
    let t = step(s, &t, Action::Dispatch, dept(department), op, times[1]).unwrap();
    let t = step(s, &t, Action::Handle, note("ok"), op, times[2]).unwrap();
    step(s, &t, Action::Reply, answer, op, times[3]).unwrap()
}

/// (what, status, due) of each deadline row, in due order.
fn deadlines(s: &Store, id: i64) -> Vec<(String, String, String)> {
    s.deadlines(id)
        .unwrap()
        .into_iter()
        .map(|d| {
            (
                d.what.code().to_string(),
                d.status.code().to_string(),
                frontdesk::store::ts(d.due_at),
            )
        })
        .collect()
}

fn row<'a>(v: &'a [(String, String, String)], what: &str) -> &'a (String, String, String) {
    v.iter()
        .rev()
        .find(|d| d.0 == what)
        .unwrap_or_else(|| panic!("no {what} in {v:?}"))
}

#[test]
fn complaint_valid_path_with_deadlines() {
    let mut db = site_db();
    let op = db.staff("张敏");
    let t = db
        .store
        .create_ticket(&new(Kind::Complaint), &op, now())
        .unwrap();
    let d = deadlines(&db.store, t.id);
    assert_eq!(row(&d, "dispatch").2, "2026-11-23 10:20:00");
    assert_eq!(row(&d, "contact").2, "2026-11-30 10:00:00");
    let t = step(
        &mut db.store,
        &t,
        Action::ClassifyValid,
        classify(Urgency::SevereUrgent),
        &op,
        "2026-11-23 10:05",
    )
    .unwrap();
    assert_eq!(
        row(&deadlines(&db.store, t.id), "reply").2,
        "2026-11-23 12:00:00"
    );
    // Dispatched 25 minutes after registration: the 20-minute figure is missed.
    let t = step(
        &mut db.store,
        &t,
        Action::Dispatch,
        dept("security"),
        &op,
        "2026-11-23 10:25",
    )
    .unwrap();
    assert_eq!(row(&deadlines(&db.store, t.id), "dispatch").1, "missed");
    let t = step(
        &mut db.store,
        &t,
        Action::Handle,
        note("已处理"),
        &op,
        "2026-11-23 11:00",
    )
    .unwrap();
    let r = reply(ReplyVia::Phone, "已电话答复");
    let t = step(&mut db.store, &t, Action::Reply, r, &op, "2026-11-23 11:30").unwrap();
    assert_eq!(t.state, State::Replied);
    let d = deadlines(&db.store, t.id);
    assert_eq!(row(&d, "reply").1, "met");
    // The next weekly contact runs from the reply.
    assert_eq!(row(&d, "contact").2, "2026-11-30 11:30:00");
    // Closing after the callback is not the operator's to do by hand; a supervisor may.
    let err = step(
        &mut db.store,
        &t,
        Action::Close,
        StepInput::default(),
        &op,
        "2026-11-24 09:00",
    )
    .unwrap_err();
    assert!(
        matches!(err, StoreError::Step(StepError::Role { .. })),
        "{err:?}"
    );
    let sup = db.staff("陈静");
    let t = step(
        &mut db.store,
        &t,
        Action::Close,
        StepInput::default(),
        &sup,
        "2026-11-24 09:00",
    )
    .unwrap();
    assert_eq!(t.state, State::Closed);
    assert!(deadlines(&db.store, t.id).iter().all(|d| d.1 != "pending"));
}

#[test]
fn complaint_invalid_needs_a_supervisor_and_an_explanation_in_a_working_day() {
    let mut db = site_db();
    let op = db.staff("张敏");
    let sup = db.staff("陈静");
    // Friday afternoon: 1 working day → Monday.
    let t = db
        .store
        .create_ticket(&new(Kind::Complaint), &op, at("2026-11-27 15:00"))
        .unwrap();
    let before = deadlines(&db.store, t.id);
    let err = step(
        &mut db.store,
        &t,
        Action::ClassifyInvalid,
        StepInput::default(),
        &op,
        "2026-11-27 15:10",
    )
    .unwrap_err();
    assert!(matches!(err, StoreError::Step(StepError::Role { .. })));
    assert_eq!(deadlines(&db.store, t.id), before, "refusal wrote nothing");
    let t = step(
        &mut db.store,
        &t,
        Action::ClassifyInvalid,
        StepInput::default(),
        &sup,
        "2026-11-27 15:10",
    )
    .unwrap();
    assert_eq!(t.state, State::Invalid);
    assert_eq!(
        row(&deadlines(&db.store, t.id), "explain").2,
        "2026-11-30 23:59:59"
    );
    let e = StepInput {
        explanation: Some("私人纠纷不属物业服务".into()),
        ..Default::default()
    };
    let t = step(
        &mut db.store,
        &t,
        Action::Explain,
        e,
        &op,
        "2026-11-30 09:00",
    )
    .unwrap();
    assert_eq!(t.state, State::Explained);
    assert_eq!(row(&deadlines(&db.store, t.id), "explain").1, "met");
}

#[test]
fn escalated_complaint_is_closed_only_by_a_supervisor() {
    let mut db = site_db();
    let op = db.staff("张敏");
    let sup = db.staff("陈静");
    let mut t = db
        .store
        .create_ticket(&new(Kind::Complaint), &op, now())
        .unwrap();
    let e = StepInput {
        escalate_to: Some(EscalateTo::DutyManager),
        ..Default::default()
    };
    t = step(
        &mut db.store,
        &t,
        Action::Escalate,
        e,
        &op,
        "2026-11-23 10:10",
    )
    .unwrap();
    assert_eq!(t.escalated_to, Some(EscalateTo::DutyManager));
    assert_eq!(t.escalated_at, Some(at("2026-11-23 10:10:00")));
    let events = db.store.events(t.id).unwrap();
    assert_eq!(events.last().unwrap().actor, "张敏");
    t = replied(
        &mut db.store,
        &t,
        &op,
        Urgency::NotUrgent,
        "engineering",
        reply(ReplyVia::Visit, "上门说明"),
        [
            "2026-11-23 10:11",
            "2026-11-23 10:12",
            "2026-11-23 12:00",
            "2026-11-23 13:00",
        ],
    );
    // Even after a callback, an operator cannot close an escalated complaint.
    let cb = StepInput {
        via_callback: true,
        ..Default::default()
    };
    let err = db
        .store
        .transition(t.id, t.version, Action::Close, &cb, &op, now())
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Step(StepError::Escalated)),
        "{err:?}"
    );
    let t = db
        .store
        .transition(t.id, t.version, Action::Close, &cb, &sup, now())
        .unwrap();
    assert_eq!(t.state, State::Closed);
}

#[test]
fn complaint_reopen_raises_the_count_and_opens_a_new_reply_round() {
    let mut db = site_db();
    let op = db.staff("张敏");
    let mut t = db
        .store
        .create_ticket(&new(Kind::Complaint), &op, now())
        .unwrap();
    t = replied(
        &mut db.store,
        &t,
        &op,
        Urgency::Urgent,
        "cleaning",
        reply(ReplyVia::Phone, "已答复"),
        [
            "2026-11-23 10:01",
            "2026-11-23 10:02",
            "2026-11-23 10:30",
            "2026-11-23 11:00",
        ],
    );
    let by_hand = StepInput {
        reason: Some("不满意".into()),
        ..Default::default()
    };
    assert!(matches!(
        step(
            &mut db.store,
            &t,
            Action::Reopen,
            by_hand.clone(),
            &op,
            "2026-11-26 10:00"
        ),
        Err(StoreError::Step(StepError::CallbackOnly { .. }))
    ));
    let cb = StepInput {
        via_callback: true,
        ..by_hand
    };
    let t = db
        .store
        .transition(
            t.id,
            t.version,
            Action::Reopen,
            &cb,
            &op,
            at("2026-11-26 10:00"),
        )
        .unwrap();
    assert_eq!((t.state, t.reopen_count), (State::Dispatched, 1));
    let d = db.store.deadlines(t.id).unwrap();
    let replies: Vec<_> = d.iter().filter(|d| d.what.code() == "reply").collect();
    assert_eq!(replies.len(), 2);
    assert_eq!(replies[1].round, 2);
    assert_eq!(replies[1].due_at, at("2026-11-26 12:00:00"));
}

#[test]
fn emergency_notifications_on_scene_record_and_sign_off() {
    let mut db = site_db();
    let op = db.staff("张敏");
    let sup = db.staff("陈静");
    let mut e = new(Kind::Emergency);
    e.notify = vec![
        NotifyTarget::Engineering,
        NotifyTarget::Supervisor,
        NotifyTarget::Security,
    ];
    let t = db.store.create_ticket(&e, &op, now()).unwrap();
    assert_eq!(t.wo_no, None, "no work order first");
    let n: i64 = db
        .store
        .conn()
        .query_row("SELECT count(*) FROM emergency_notifications WHERE ticket_id = ?1 AND at = site_epoch('2026-11-23 10:00:00')", [t.id], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 3);
    assert_eq!(
        row(&deadlines(&db.store, t.id), "on_scene").2,
        "2026-11-23 10:05:00"
    );
    let t = step(
        &mut db.store,
        &t,
        Action::ArriveOnScene,
        StepInput::default(),
        &op,
        "2026-11-23 10:04",
    )
    .unwrap();
    assert_eq!(t.on_scene_at, Some(at("2026-11-23 10:04:00")));
    assert_eq!(row(&deadlines(&db.store, t.id), "on_scene").1, "met");
    // An incomplete record is refused.
    let partial = StepInput {
        record: Some(EmergencyRecord {
            what: "跑水".into(),
            ..Default::default()
        }),
        ..Default::default()
    };
    assert!(matches!(
        step(
            &mut db.store,
            &t,
            Action::Record,
            partial,
            &op,
            "2026-11-23 12:00"
        ),
        Err(StoreError::Step(StepError::Missing { .. }))
    ));
    let rec = EmergencyRecord {
        what: "水管爆裂".into(),
        location: "3-2-1201 厨房".into(),
        severity: Some(Severity::Serious),
        responders: "赵建军、郑勇".into(),
        losses: "楼下吊顶受潮".into(),
        photos_taken: true,
        cause: "管件老化".into(),
        measures: "更换管件，排查同批次".into(),
    };
    let t = step(
        &mut db.store,
        &t,
        Action::Record,
        StepInput {
            record: Some(rec),
            ..Default::default()
        },
        &op,
        "2026-11-23 12:00",
    )
    .unwrap();
    let err = step(
        &mut db.store,
        &t,
        Action::SignOff,
        StepInput::default(),
        &op,
        "2026-11-23 13:00",
    )
    .unwrap_err();
    assert!(matches!(err, StoreError::Step(StepError::Role { .. })));
    let t = step(
        &mut db.store,
        &t,
        Action::SignOff,
        StepInput::default(),
        &sup,
        "2026-11-23 13:00",
    )
    .unwrap();
    assert_eq!(t.state, State::Closed);
    let by: String = db
        .store
        .conn()
        .query_row("SELECT s.name FROM emergency_records r JOIN staff s ON s.id = r.signed_off_by WHERE r.ticket_id = ?1", [t.id], |r| r.get(0))
        .unwrap();
    assert_eq!(by, "陈静");
}

#[test]
fn emergency_may_create_a_linked_repair_and_an_enquiry_may_be_converted() {
    let mut db = site_db();
    let op = db.staff("张敏");
    let e = db
        .store
        .create_ticket(&new(Kind::Emergency), &op, now())
        .unwrap();
    let e = step(
        &mut db.store,
        &e,
        Action::LinkRepair,
        note("爆管需更换立管"),
        &op,
        "2026-11-23 10:30",
    )
    .unwrap();
    assert_eq!(e.state, State::Registered, "the emergency goes on");
    let linked: String = db
        .store
        .conn()
        .query_row(
            "SELECT kind FROM tickets WHERE parent_id = ?1",
            [e.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(linked, "repair");
    let q = db
        .store
        .create_ticket(&new(Kind::Enquiry), &op, now())
        .unwrap();
    let c = StepInput {
        convert_to: Some(Kind::Repair),
        ..Default::default()
    };
    let q = step(
        &mut db.store,
        &q,
        Action::Convert,
        c,
        &op,
        "2026-11-23 10:02",
    )
    .unwrap();
    assert_eq!(q.state, State::Converted);
    let child: (i64, String) = db
        .store
        .conn()
        .query_row(
            "SELECT id, kind FROM tickets WHERE parent_id = ?1",
            [q.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(child.1, "repair");
    assert_eq!(
        row(&deadlines(&db.store, child.0), "dispatch").2,
        "2026-11-23 10:22:00"
    );
}

#[test]
fn enquiry_answered_on_the_spot_is_closed_and_logged() {
    let mut db = site_db();
    let op = db.staff("张敏");
    let mut q = new(Kind::Enquiry);
    q.answer = Some("物业费可按季度缴".into());
    let t = db.store.create_ticket(&q, &op, now()).unwrap();
    assert_eq!(t.state, State::Closed);
    let actions: Vec<String> = db
        .store
        .events(t.id)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["create", "answer"]);
}

#[test]
fn paid_service_needs_a_quote_and_payment_before_closing() {
    let mut db = site_db();
    let op = db.staff("张敏");
    let t = db
        .store
        .create_ticket(&new(Kind::PaidService), &op, now())
        .unwrap();
    assert!(matches!(
        step(
            &mut db.store,
            &t,
            Action::Dispatch,
            dept("cleaning"),
            &op,
            "2026-11-23 10:05"
        ),
        Err(StoreError::Step(StepError::Missing { .. }))
    ));
    let d = StepInput {
        department: Some("cleaning".into()),
        quoted_fee_cents: Some(12000),
        ..Default::default()
    };
    let t = step(
        &mut db.store,
        &t,
        Action::Dispatch,
        d,
        &op,
        "2026-11-23 10:05",
    )
    .unwrap();
    assert!(t.wo_no.is_some());
    assert_eq!(t.quoted_fee_cents, Some(12000));
    let t = step(
        &mut db.store,
        &t,
        Action::Accept,
        StepInput::default(),
        &op,
        "2026-11-23 10:08",
    )
    .unwrap();
    let done = StepInput {
        resident_signed: Some(true),
        fee_cents: Some(12000),
        ..Default::default()
    };
    let t = step(
        &mut db.store,
        &t,
        Action::Complete,
        done,
        &op,
        "2026-11-23 12:00",
    )
    .unwrap();
    assert!(matches!(
        step(
            &mut db.store,
            &t,
            Action::Close,
            StepInput::default(),
            &op,
            "2026-11-23 12:05"
        ),
        Err(StoreError::Step(StepError::NotAllowed { .. }))
    ));
    let t = step(
        &mut db.store,
        &t,
        Action::ConfirmPayment,
        note("财务已收"),
        &op,
        "2026-11-23 14:00",
    )
    .unwrap();
    assert_eq!(t.paid_at, Some(at("2026-11-23 14:00:00")));
    let t = step(
        &mut db.store,
        &t,
        Action::Close,
        StepInput::default(),
        &op,
        "2026-11-23 14:05",
    )
    .unwrap();
    assert_eq!(t.state, State::Closed);
}

#[test]
fn repair_deadlines_hold_over_a_weekend_and_the_17_00_return() {
    let mut db = site_db();
    let op = db.staff("张敏");
    // Friday 14:00, dispatched 14:10 (collect by 14:15, finish by 17:00).
    let t = db
        .store
        .create_ticket(&new(Kind::Repair), &op, at("2026-11-27 14:00"))
        .unwrap();
    let d = StepInput {
        department: Some("engineering".into()),
        ..Default::default()
    };
    let t = step(
        &mut db.store,
        &t,
        Action::Dispatch,
        d,
        &op,
        "2026-11-27 14:10",
    )
    .unwrap();
    let ds = deadlines(&db.store, t.id);
    assert_eq!(row(&ds, "dispatch").1, "met");
    assert_eq!(row(&ds, "collect").2, "2026-11-27 14:15:00");
    assert_eq!(row(&ds, "finish").2, "2026-11-27 17:00:00");
    // Collected late (14:20): missed, kept for the figures.
    let t = step(
        &mut db.store,
        &t,
        Action::Accept,
        StepInput::default(),
        &op,
        "2026-11-27 14:20",
    )
    .unwrap();
    assert_eq!(row(&deadlines(&db.store, t.id), "collect").1, "missed");
    // On hold at 15:00 (2 h left) until Monday 10:00: due Monday 12:00.
    let h = StepInput {
        reason: Some("等配件".into()),
        resident_informed: Some(true),
        ..Default::default()
    };
    let t = step(&mut db.store, &t, Action::Hold, h, &op, "2026-11-27 15:00").unwrap();
    assert!(
        db.store
            .overdue_ids(at("2026-11-28 12:00"))
            .unwrap()
            .is_empty(),
        "paused, not overdue"
    );
    let t = step(
        &mut db.store,
        &t,
        Action::Resume,
        StepInput::default(),
        &op,
        "2026-11-30 10:00",
    )
    .unwrap();
    let fin = db
        .store
        .deadlines(t.id)
        .unwrap()
        .into_iter()
        .find(|d| d.what.code() == "finish")
        .unwrap();
    assert_eq!(fin.due_at, at("2026-11-30 12:00:00"));
    assert_eq!(fin.paused_secs, 67 * 3600);
    let (hold_start, hold_end): (i64, i64) = db
        .store
        .conn()
        .query_row(
            "SELECT started_at, ended_at FROM ticket_holds WHERE ticket_id = ?1",
            [t.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    // Stored as instants.
    let epoch = |s: &str| frontdesk::domain::time::to_epoch(at(s), ZONE);
    assert_eq!(
        (hold_start, hold_end),
        (epoch("2026-11-27 15:00:00"), epoch("2026-11-30 10:00:00"))
    );
    // Not done by then: returned with a reason, due again at 17:00 the next day.
    assert_eq!(
        db.store.overdue_ids(at("2026-11-30 12:30")).unwrap(),
        vec![t.id]
    );
    let r = StepInput {
        reason: Some("配件型号不对".into()),
        ..Default::default()
    };
    let t = step(
        &mut db.store,
        &t,
        Action::ReturnUnfinished,
        r,
        &op,
        "2026-11-30 12:30",
    )
    .unwrap();
    let ds = deadlines(&db.store, t.id);
    let finishes: Vec<_> = ds.iter().filter(|d| d.0 == "finish").collect();
    assert_eq!(finishes.len(), 2);
    assert_eq!(finishes[0].1, "missed");
    assert_eq!(finishes[1].2, "2026-11-30 17:00:00");
    let done = StepInput {
        resident_signed: Some(true),
        ..Default::default()
    };
    let t = step(
        &mut db.store,
        &t,
        Action::Complete,
        done,
        &op,
        "2026-11-30 16:00",
    )
    .unwrap();
    assert_eq!(row(&deadlines(&db.store, t.id), "finish").1, "met");
}

#[test]
fn requested_deadline_overrides_and_cancel_voids() {
    let mut db = site_db();
    let op = db.staff("张敏");
    let mut n = new(Kind::Repair);
    n.requested_due_at = Some(at("2026-11-24 12:00"));
    let t = db.store.create_ticket(&n, &op, now()).unwrap();
    let t = step(
        &mut db.store,
        &t,
        Action::Dispatch,
        dept("engineering"),
        &op,
        "2026-11-23 10:05",
    )
    .unwrap();
    assert_eq!(
        row(&deadlines(&db.store, t.id), "finish").2,
        "2026-11-24 12:00:00"
    );
    let c = StepInput {
        reason: Some("撤单".into()),
        ..Default::default()
    };
    let t = step(
        &mut db.store,
        &t,
        Action::Cancel,
        c,
        &op,
        "2026-11-23 10:30",
    )
    .unwrap();
    let ds = deadlines(&db.store, t.id);
    assert!(ds.iter().all(|d| d.1 != "pending"), "{ds:?}");
    assert_eq!(row(&ds, "finish").1, "void");
}

#[test]
fn urgent_complaint_at_intake_is_classified_in_the_same_commit() {
    let mut db = site_db();
    let op = db.staff("张敏");
    let mut c = new(Kind::Complaint);
    c.urgency = Some(Urgency::Urgent);
    c.developer_defect = true;
    let t = db.store.create_ticket(&c, &op, now()).unwrap();
    assert_eq!(t.state, State::Classified);
    assert!(t.developer_defect);
    assert_eq!(
        row(&deadlines(&db.store, t.id), "reply").2,
        "2026-11-23 12:00:00"
    );
    // A refused follow-up step rolls the registration back too.
    let mut bad = new(Kind::Enquiry);
    bad.answer = Some(" ".into());
    let tickets = |s: &Store| -> i64 {
        s.conn()
            .query_row("SELECT count(*) FROM tickets", [], |r| r.get(0))
            .unwrap()
    };
    let before = tickets(&db.store);
    let t = db.store.create_ticket(&bad, &op, now()).unwrap();
    assert_eq!(
        t.state,
        State::Registered,
        "a blank answer leaves the enquiry open"
    );
    assert_eq!(tickets(&db.store), before + 1);
}
