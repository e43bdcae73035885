//! Callbacks 回访 in the store: tasks created by the steps of each kind, the
//! sample recorded and reproducible, outcomes that close or put the ticket
//! back to work in one transaction, missed calls, refusals that write
//! nothing, and a month's figures.

mod common;

use chrono::{Duration, NaiveDateTime};
use common::*;
use frontdesk::domain::callback::{
    self, Basis, CallResult, CallbackError, Effect, Method, Outcome, Rating, Reason, Satisfaction,
    Status,
};
use frontdesk::domain::rules::Rules;
use frontdesk::domain::ticket::{EscalateTo, ReplyVia, Urgency};
use frontdesk::domain::{Action, Channel, Kind, State, StepInput};
use frontdesk::store::callbacks::{Recorded, Which};
use frontdesk::store::tickets::{NewTicket, Ticket};
use frontdesk::store::{Actor, Store, StoreError};

fn rules(sample_percent: u32) -> Rules {
    let mut r = Rules::default();
    r.callbacks.sample_percent = sample_percent;
    r.callbacks.sample_salt = "阳光花园".into();
    r
}

/// The site (no tickets) with callbacks sampled at `sample_percent`.
fn site(sample_percent: u32) -> Db {
    let mut db = site_db();
    db.store.set_rules(rules(sample_percent));
    db
}

/// `site` for tests that write hundreds of tickets: no fsync per commit.
fn bulk_site(sample_percent: u32) -> Db {
    let db = site(sample_percent);
    db.store
        .conn()
        .execute_batch("PRAGMA synchronous=OFF")
        .unwrap();
    db
}

fn new(kind: Kind, unit: &str, text: &str) -> NewTicket {
    NewTicket {
        kind: Some(kind),
        unit: Some(unit.into()),
        channel: Some(Channel::Phone),
        reporter: "王建国".into(),
        phone: "13812345678".into(),
        category: frontdesk::domain::category::Category::PlumbingElectric.into(),
        description: text.into(),
        ..Default::default()
    }
}

fn step(
    store: &mut Store,
    id: i64,
    action: Action,
    input: StepInput,
    who: &Actor,
    at: NaiveDateTime,
) -> Ticket {
    let v = store.ticket(id).unwrap().version;
    store
        .transition(id, v, action, &input, who, at)
        .unwrap_or_else(|e| panic!("{action} on #{id}: {e}"))
}

/// A repair (or paid service) taken to `done` at `at`.
fn finished(store: &mut Store, kind: Kind, unit: &str, op: &Actor, at: NaiveDateTime) -> Ticket {
    let t = store
        .create_ticket(
            &new(kind, unit, "厨房水龙头漏水"),
            op,
            at - Duration::hours(3),
        )
        .unwrap();
    let mut d = StepInput {
        department: Some("engineering".into()),
        technician: Some("赵建军".into()),
        ..Default::default()
    };
    if kind == Kind::PaidService {
        d.quoted_fee_cents = Some(5000);
    }
    step(
        store,
        t.id,
        Action::Dispatch,
        d,
        op,
        at - Duration::hours(2),
    );
    step(
        store,
        t.id,
        Action::Accept,
        StepInput::default(),
        op,
        at - Duration::hours(1),
    );
    let done = StepInput {
        resident_signed: Some(true),
        fee_cents: (kind == Kind::PaidService).then_some(5000),
        ..Default::default()
    };
    step(store, t.id, Action::Complete, done, op, at)
}

/// A valid complaint taken to `replied` at `at`.
fn replied(
    store: &mut Store,
    unit: &str,
    dept: &str,
    developer: bool,
    op: &Actor,
    at: NaiveDateTime,
) -> Ticket {
    let t = store
        .create_ticket(
            &new(Kind::Complaint, unit, "楼上装修噪音，晚上十点后还在施工"),
            op,
            at - Duration::hours(5),
        )
        .unwrap();
    let c = StepInput {
        urgency: Some(Urgency::NotUrgent),
        developer_defect: Some(developer),
        ..Default::default()
    };
    step(
        store,
        t.id,
        Action::ClassifyValid,
        c,
        op,
        at - Duration::hours(4),
    );
    let d = StepInput {
        department: Some(dept.into()),
        ..Default::default()
    };
    step(
        store,
        t.id,
        Action::Dispatch,
        d,
        op,
        at - Duration::hours(3),
    );
    let h = StepInput {
        note: Some("已上门劝阻施工队".into()),
        ..Default::default()
    };
    step(store, t.id, Action::Handle, h, op, at - Duration::hours(1));
    let r = StepInput {
        reply_via: Some(ReplyVia::Phone),
        explanation: Some("已责令施工方晚八点后停工".into()),
        ..Default::default()
    };
    step(store, t.id, Action::Reply, r, op, at)
}

/// 160 repairs finished nine hours apart from 2026-11-01 09:00, over six
/// units: a November and December of sampling decisions.
fn finish_160(store: &mut Store, op: &Actor) {
    let units = [
        "1-1-101", "1-1-102", "1-2-201", "2-1-301", "3-2-1201", "5-1-101",
    ];
    let mut when = at("2026-11-01 09:00");
    for i in 0..160 {
        finished(store, Kind::Repair, units[i % units.len()], op, when);
        when += Duration::hours(9);
    }
}

/// Work put back by a callback, accepted again and completed (signed).
fn redo(store: &mut Store, id: i64, op: &Actor, accepted: NaiveDateTime, done: NaiveDateTime) {
    step(
        store,
        id,
        Action::Accept,
        StepInput::default(),
        op,
        accepted,
    );
    let signed = StepInput {
        resident_signed: Some(true),
        ..Default::default()
    };
    step(store, id, Action::Complete, signed, op, done);
}

fn pending_of(store: &Store, ticket: i64) -> Option<frontdesk::store::callbacks::Task> {
    store
        .callbacks_of_ticket(ticket)
        .unwrap()
        .into_iter()
        .find(|t| t.status == Status::Pending)
}

fn outcome(at: NaiveDateTime, r: CallResult, words: &str) -> Outcome {
    Outcome::simple(at, r, words)
}

/// Record a call made (and entered) at `at`, whatever the task's version.
fn call(
    store: &mut Store,
    task: i64,
    at: NaiveDateTime,
    result: CallResult,
    words: &str,
    who: &Actor,
) -> Recorded {
    store
        .record_callback(task, None, &outcome(at, result, words), who, at)
        .unwrap_or_else(|e| panic!("callback {task}: {e}"))
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn each_kind_gets_its_task() {
    let mut db = site(100);
    let op = db.staff("张敏");
    let sup = db.staff("陈静");
    // Complaint replied Monday 10:00: due by Thursday night, reason complaint.
    let c = replied(&mut db.store, "3-2-1201", "security", false, &op, now());
    let task = pending_of(&db.store, c.id).expect("complaint task");
    assert_eq!(task.reason, Reason::Complaint);
    assert_eq!(task.handled_at, at("2026-11-23 10:00:00"));
    assert_eq!(task.due_at, at("2026-11-26 23:59:59"));
    assert_eq!(task.not_before, None);
    assert_eq!(task.attempts, 0);
    assert_eq!(task.phone, "138****5678", "phones are masked in lists");
    // Developer defect: 3 working days (Fri → Wed).
    let d = replied(
        &mut db.store,
        "3-2-1202",
        "developer",
        true,
        &op,
        at("2026-11-27 09:00"),
    );
    let task = pending_of(&db.store, d.id).unwrap();
    assert_eq!(task.reason, Reason::DeveloperDefect);
    assert_eq!(task.due_at, at("2026-12-02 23:59:59"));
    // Invalid complaint: called back after the explanation too (coverage 100%).
    let inv = db
        .store
        .create_ticket(
            &new(Kind::Complaint, "3-1-501", "要求物业赔偿快递丢失"),
            &op,
            now(),
        )
        .unwrap();
    step(
        &mut db.store,
        inv.id,
        Action::ClassifyInvalid,
        StepInput::default(),
        &sup,
        now(),
    );
    let e = StepInput {
        explanation: Some("快递由快递公司负责，已告知投诉渠道".into()),
        ..Default::default()
    };
    step(&mut db.store, inv.id, Action::Explain, e, &op, now());
    assert_eq!(
        pending_of(&db.store, inv.id).unwrap().reason,
        Reason::InvalidComplaint
    );
    // Repair and paid service finished Friday 15:00: phoned by Monday night.
    let r = finished(
        &mut db.store,
        Kind::Repair,
        "1-1-101",
        &op,
        at("2026-11-27 15:00"),
    );
    let task = pending_of(&db.store, r.id).unwrap();
    assert_eq!(task.reason, Reason::Sample);
    assert_eq!(task.due_at, at("2026-11-30 23:59:59"));
    let p = finished(&mut db.store, Kind::PaidService, "1-1-102", &op, now());
    assert_eq!(pending_of(&db.store, p.id).unwrap().reason, Reason::Sample);
    // Nothing for the steps before handling, nor for emergencies and enquiries.
    let q = db
        .store
        .create_ticket(
            &new(Kind::Enquiry, "1-1-201", "停水通知什么时候结束"),
            &op,
            now(),
        )
        .unwrap();
    step(
        &mut db.store,
        q.id,
        Action::Answer,
        StepInput {
            explanation: Some("下午五点恢复".into()),
            ..Default::default()
        },
        &op,
        now(),
    );
    assert!(db.store.callbacks_of_ticket(q.id).unwrap().is_empty());
    assert_eq!(count(&db.store, "SELECT count(*) FROM callbacks"), 5);
    // At rate 0 a finished repair gets no task, but the decision is recorded.
    db.store.set_rules(rules(0));
    let r0 = finished(&mut db.store, Kind::Repair, "1-1-301", &op, now());
    assert!(db.store.callbacks_of_ticket(r0.id).unwrap().is_empty());
    let s = db.store.callback_samples("2026-11").unwrap();
    let last = s
        .iter()
        .find(|s| s.ticket_id == r0.id)
        .expect("decision recorded");
    assert!(!last.selected);
    assert_eq!(last.callback_id, None);
}

#[test]
fn sample_is_recorded_reproducible_and_holds_the_rate() {
    let mut db = bulk_site(60);
    let op = db.staff("李娜");
    // 160 work orders finished over November and December.
    finish_160(&mut db.store, &op);
    for month in ["2026-11", "2026-12"] {
        let rows = db.store.callback_samples(month).unwrap();
        assert!(rows.len() >= 50, "{month}: {}", rows.len());
        let mut picked = 0;
        for (i, s) in rows.iter().enumerate() {
            // Each decision can be recomputed from what was recorded.
            assert_eq!(s.seq, i as i64 + 1);
            assert_eq!(s.picked_before, picked);
            assert_eq!(
                s.score,
                callback::sample_score("阳光花园", month, s.ticket_id)
            );
            let d = callback::decide(60, i as u32, picked as u32, s.score);
            assert_eq!((d.selected, d.basis), (s.selected, s.basis), "{s:?}");
            // Selected ones, and only they, have a task.
            assert_eq!(s.selected, s.callback_id.is_some());
            picked += s.selected as i64;
        }
        // With 50 or more decisions the quota keeps the month within 2 points.
        let rate = 100.0 * picked as f64 / rows.len() as f64;
        assert!((rate - 60.0).abs() <= 2.0, "{month}: {rate:.1}%");
    }
    // The same history in another database gives the same decisions.
    let mut other = bulk_site(60);
    finish_160(&mut other.store, &op);
    for month in ["2026-11", "2026-12"] {
        let a: Vec<_> = db
            .store
            .callback_samples(month)
            .unwrap()
            .iter()
            .map(|s| (s.ticket_id, s.selected))
            .collect();
        let b: Vec<_> = other
            .store
            .callback_samples(month)
            .unwrap()
            .iter()
            .map(|s| (s.ticket_id, s.selected))
            .collect();
        assert_eq!(a, b);
    }
    let f = db.store.callback_figures(at("2026-11-30 20:00")).unwrap();
    assert!(f.sample_percent.is_some_and(|p| (p - 60.0).abs() <= 5.0));
}

#[test]
fn unsatisfied_repair_goes_back_to_work_and_is_called_again() {
    let mut db = site(100);
    let op = db.staff("张敏");
    let t = finished(
        &mut db.store,
        Kind::Repair,
        "3-2-1201",
        &op,
        at("2026-11-22 15:00"),
    );
    let task = pending_of(&db.store, t.id).unwrap();
    let mut o = outcome(now(), CallResult::Unsatisfied, "龙头还是滴水\n晚上声音很大");
    o.workmanship = Some(Rating::Poor);
    o.attitude = Some(Rating::Good);
    let r = db
        .store
        .record_callback(task.id, Some(task.version), &o, &op, now())
        .unwrap();
    // One transaction: the call, the ticket back to dispatched, linked.
    assert_eq!(r.ticket.state, State::Dispatched);
    assert_eq!(r.ticket.reopen_count, 1);
    assert_eq!(r.ticket.department.as_deref(), Some("engineering"));
    assert_eq!(r.ticket.technician.as_deref(), Some("赵建军"));
    assert_eq!(r.task.status, Status::Done);
    assert_eq!(r.task.result, Some(Satisfaction::Unsatisfied));
    assert_eq!(r.task.effect, Some(Effect::Rework));
    assert_eq!(r.task.outcome_ticket_id, Some(t.id));
    assert_eq!(r.outcome_ticket, Some(t.id));
    let events = db.store.events(t.id).unwrap();
    let n = events.len();
    assert_eq!(events[n - 2].action, "callback");
    assert_eq!(events[n - 2].data["callback"], task.id);
    assert_eq!(events[n - 2].data["result"], "unsatisfied");
    assert_eq!(events[n - 1].action, "rework");
    assert_eq!(events[n - 1].note, "龙头还是滴水\n晚上声音很大");
    let linked: i64 = db
        .store
        .conn()
        .query_row(
            "SELECT outcome_event_id FROM callbacks WHERE id = ?1",
            [task.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(linked, events[n - 1].id);
    let a = db.store.callback_attempts(task.id).unwrap();
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].workmanship, Some(Rating::Poor));
    assert_eq!(a[0].words, "龙头还是滴水\n晚上声音很大");
    // On the open list (the dispatch board's list).
    let open = db
        .store
        .list_tickets(&frontdesk::store::tickets::Filter {
            open_only: true,
            ..Default::default()
        })
        .unwrap();
    assert!(open.iter().any(|x| x.id == t.id && x.reopen_count == 1));
    // Second completion: called back whatever the sample says.
    db.store.set_rules(rules(0));
    redo(
        &mut db.store,
        t.id,
        &op,
        now() + Duration::hours(2),
        now() + Duration::hours(4),
    );
    let again = pending_of(&db.store, t.id).expect("a new callback follows");
    assert_eq!(again.reason, Reason::Rework);
    assert_eq!(
        db.store.callback(task.id).unwrap().follow_id,
        Some(again.id)
    );
    let s = db.store.callback_sample(again.id).unwrap().unwrap();
    assert_eq!(s.basis, Basis::Rework);
    // Satisfied now: the repair closes.
    let later = now() + Duration::hours(26);
    let r = call(
        &mut db.store,
        again.id,
        later,
        CallResult::Satisfied,
        "修好了",
        &op,
    );
    assert_eq!(r.ticket.state, State::Closed);
    assert_eq!(r.task.effect, Some(Effect::Closed));
    assert_eq!(r.ticket.reopen_count, 1);
}

#[test]
fn unsatisfied_complaint_reopens_and_is_called_again() {
    let mut db = site_db();
    let op = db.staff("王芳");
    let c = replied(
        &mut db.store,
        "6-1-501",
        "security",
        false,
        &op,
        at("2026-11-21 16:00"),
    );
    let task = pending_of(&db.store, c.id).unwrap();
    let r = call(
        &mut db.store,
        task.id,
        now(),
        CallResult::Unsatisfied,
        "昨晚十一点还在敲",
        &op,
    );
    assert_eq!(r.ticket.state, State::Dispatched);
    assert_eq!(r.ticket.reopen_count, 1);
    assert_eq!(r.task.effect, Some(Effect::Reopened));
    let h = StepInput {
        note: Some("约谈装修业主，签承诺书".into()),
        ..Default::default()
    };
    step(
        &mut db.store,
        c.id,
        Action::Handle,
        h,
        &op,
        now() + Duration::hours(3),
    );
    let rp = StepInput {
        reply_via: Some(ReplyVia::Visit),
        explanation: Some("已签承诺书".into()),
        ..Default::default()
    };
    step(
        &mut db.store,
        c.id,
        Action::Reply,
        rp,
        &op,
        now() + Duration::hours(4),
    );
    let again = pending_of(&db.store, c.id).unwrap();
    assert_eq!(again.reason, Reason::Complaint);
    assert_eq!(
        db.store.callback(task.id).unwrap().follow_id,
        Some(again.id)
    );
    let later = now() + Duration::hours(28);
    let r = call(&mut db.store, again.id, later, CallResult::Basic, "", &op);
    assert_eq!(
        r.ticket.state,
        State::Closed,
        "an operator closes after a callback"
    );
}

#[test]
fn closed_repair_unsatisfied_gets_a_linked_rework_ticket() {
    let mut db = site(100);
    let op = db.staff("张敏");
    let t = finished(
        &mut db.store,
        Kind::Repair,
        "3-2-1201",
        &op,
        at("2026-11-22 09:00"),
    );
    // Closed by hand before the callback: the call is still owed.
    step(
        &mut db.store,
        t.id,
        Action::Close,
        StepInput::default(),
        &op,
        at("2026-11-22 12:00"),
    );
    let task = pending_of(&db.store, t.id).expect("still owed");
    let r = call(
        &mut db.store,
        task.id,
        now(),
        CallResult::Unsatisfied,
        "还是漏",
        &op,
    );
    assert_eq!(r.task.effect, Some(Effect::FollowUp));
    let new_id = r.outcome_ticket.unwrap();
    assert_ne!(new_id, t.id);
    let n = db.store.ticket(new_id).unwrap();
    assert_eq!(n.parent_id, Some(t.id));
    assert_eq!(n.state, State::Dispatched);
    assert_eq!(n.department.as_deref(), Some("engineering"));
    assert!(n.wo_no.is_some());
    assert_eq!(db.store.ticket(t.id).unwrap().state, State::Closed);
    // Its completion is called back (rework).
    db.store.set_rules(rules(0));
    redo(
        &mut db.store,
        new_id,
        &op,
        now() + Duration::hours(1),
        now() + Duration::hours(2),
    );
    assert_eq!(
        pending_of(&db.store, new_id).unwrap().reason,
        Reason::Rework
    );
}

#[test]
fn outcomes_that_leave_the_ticket_alone() {
    let mut db = site(100);
    let op = db.staff("张敏");
    let sup = db.staff("陈静");
    // Paid service not yet paid: finance first.
    let p = finished(
        &mut db.store,
        Kind::PaidService,
        "1-1-101",
        &op,
        at("2026-11-22 15:00"),
    );
    let task = pending_of(&db.store, p.id).unwrap();
    let r = call(
        &mut db.store,
        task.id,
        now(),
        CallResult::Satisfied,
        "",
        &op,
    );
    assert_eq!(r.task.effect, Some(Effect::AwaitingPayment));
    assert_eq!(r.ticket.state, State::Done);
    // Escalated complaint: an operator's callback does not close it.
    let c = replied(
        &mut db.store,
        "1-1-102",
        "security",
        false,
        &op,
        at("2026-11-22 15:00"),
    );
    let e = StepInput {
        escalate_to: Some(EscalateTo::Manager),
        ..Default::default()
    };
    step(
        &mut db.store,
        c.id,
        Action::Escalate,
        e,
        &op,
        at("2026-11-22 16:00"),
    );
    let task = pending_of(&db.store, c.id).unwrap();
    let r = call(
        &mut db.store,
        task.id,
        now(),
        CallResult::Satisfied,
        "",
        &op,
    );
    assert_eq!(r.task.effect, Some(Effect::Supervisor));
    assert_eq!(r.ticket.state, State::Replied);
    // Invalid complaint whose explanation was not accepted: a supervisor decides.
    let inv = db
        .store
        .create_ticket(
            &new(Kind::Complaint, "1-1-201", "要求物业赔偿快递丢失"),
            &op,
            at("2026-11-22 09:00"),
        )
        .unwrap();
    step(
        &mut db.store,
        inv.id,
        Action::ClassifyInvalid,
        StepInput::default(),
        &sup,
        at("2026-11-22 09:10"),
    );
    let ex = StepInput {
        explanation: Some("不属物业服务范围".into()),
        ..Default::default()
    };
    step(
        &mut db.store,
        inv.id,
        Action::Explain,
        ex,
        &op,
        at("2026-11-22 09:30"),
    );
    let task = pending_of(&db.store, inv.id).unwrap();
    let r = call(
        &mut db.store,
        task.id,
        now(),
        CallResult::Unsatisfied,
        "不接受",
        &op,
    );
    assert_eq!(r.task.effect, Some(Effect::Supervisor));
    assert_eq!(r.ticket.state, State::Explained);
}

#[test]
fn missed_calls_then_unreachable() {
    let mut db = site(100);
    let op = db.staff("赵丽");
    let t = finished(
        &mut db.store,
        Kind::Repair,
        "2-1-301",
        &op,
        at("2026-11-20 15:00"),
    );
    let task = pending_of(&db.store, t.id).unwrap();
    assert_eq!(task.due_at, at("2026-11-23 23:59:59"));
    let r = call(
        &mut db.store,
        task.id,
        now(),
        CallResult::Unreached,
        "无人接听",
        &op,
    );
    assert!(!r.reached);
    assert_eq!(r.task.status, Status::Pending);
    assert_eq!(r.task.attempts, 1);
    assert_eq!(r.task.not_before, Some(at("2026-11-23 14:00:00")));
    assert_eq!(r.task.due_at, at("2026-11-24 23:59:59"));
    assert_eq!(r.task.first_due_at, at("2026-11-23 23:59:59"));
    assert_eq!(r.ticket.state, State::Done);
    let t2 = at("2026-11-23 18:30");
    let r = call(
        &mut db.store,
        task.id,
        t2,
        CallResult::Unreached,
        "关机",
        &op,
    );
    assert_eq!((r.task.status, r.task.attempts), (Status::Pending, 2));
    let t3 = at("2026-11-24 10:00");
    let mut last = outcome(t3, CallResult::Unreached, "");
    last.method = Method::Visit;
    let r = db
        .store
        .record_callback(task.id, None, &last, &op, t3)
        .unwrap();
    assert_eq!(r.task.status, Status::Unreachable);
    assert_eq!(r.task.attempts, 3);
    assert_eq!(r.task.unreachable_reason.as_deref(), Some("无人接听；关机"));
    assert_eq!(r.ticket.state, State::Closed, "the signed repair is closed");
    assert_eq!(db.store.callback_attempts(task.id).unwrap().len(), 3);
    // A complaint that cannot be reached stays for a supervisor.
    let c = replied(
        &mut db.store,
        "2-1-302",
        "cleaning",
        false,
        &op,
        at("2026-11-20 15:00"),
    );
    let ct = pending_of(&db.store, c.id).unwrap();
    for (i, at_) in ["2026-11-23 09:00", "2026-11-23 15:00", "2026-11-24 09:00"]
        .iter()
        .enumerate()
    {
        let w = at(at_);
        let r = call(&mut db.store, ct.id, w, CallResult::Unreached, "空号", &op);
        assert_eq!(r.task.attempts, i as i64 + 1);
    }
    let ct = db.store.callback(ct.id).unwrap();
    assert_eq!(ct.status, Status::Unreachable);
    assert_eq!(ct.effect, Some(Effect::Supervisor));
    assert_eq!(db.store.ticket(c.id).unwrap().state, State::Replied);
}

#[test]
fn refused_outcomes_write_nothing() {
    let mut db = site(100);
    let op = db.staff("张敏");
    let tech = db.staff("赵建军");
    let t = finished(
        &mut db.store,
        Kind::Repair,
        "3-2-1201",
        &op,
        at("2026-11-22 15:00"),
    );
    let task = pending_of(&db.store, t.id).unwrap();
    let snapshot = |s: &Store| {
        (
            format!("{:?}", s.callback(task.id).unwrap()),
            format!("{:?}", s.ticket(t.id).unwrap()),
            s.events(t.id).unwrap().len(),
            count(s, "SELECT count(*) FROM callback_attempts"),
            count(s, "SELECT count(*) FROM tickets"),
        )
    };
    let before = snapshot(&db.store);
    let cases: Vec<(Option<i64>, Outcome, &Actor)> = vec![
        (
            Some(task.version + 1),
            outcome(now(), CallResult::Satisfied, ""),
            &op,
        ),
        (None, outcome(now(), CallResult::Unsatisfied, "   "), &op),
        (
            None,
            outcome(now() + Duration::hours(1), CallResult::Satisfied, ""),
            &op,
        ),
        (
            None,
            outcome(at("2026-11-22 14:00"), CallResult::Satisfied, ""),
            &op,
        ),
        (None, outcome(now(), CallResult::Satisfied, ""), &tech),
        (
            None,
            Outcome {
                satisfaction: None,
                ..outcome(now(), CallResult::Satisfied, "")
            },
            &op,
        ),
        (
            None,
            Outcome {
                caller: Some("不存在的人".into()),
                ..outcome(now(), CallResult::Satisfied, "")
            },
            &op,
        ),
    ];
    for (v, o, who) in cases {
        let e = db
            .store
            .record_callback(task.id, v, &o, who, now())
            .unwrap_err();
        assert_eq!(snapshot(&db.store), before, "after {e}");
    }
    assert!(matches!(
        db.store.record_callback(
            task.id,
            Some(task.version + 1),
            &outcome(now(), CallResult::Basic, ""),
            &op,
            now()
        ),
        Err(StoreError::Stale { .. })
    ));
    // Done once; a second record on it is refused.
    call(
        &mut db.store,
        task.id,
        now(),
        CallResult::Satisfied,
        "",
        &op,
    );
    let e = db
        .store
        .record_callback(
            task.id,
            None,
            &outcome(now(), CallResult::Satisfied, ""),
            &op,
            now(),
        )
        .unwrap_err();
    assert!(matches!(
        e,
        StoreError::Callback(CallbackError::NotPending(Status::Done))
    ));
    assert!(matches!(
        db.store.record_callback(
            9999,
            None,
            &outcome(now(), CallResult::Satisfied, ""),
            &op,
            now()
        ),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn queue_sections_and_filters() {
    let mut db = site(100);
    let op = db.staff("张敏");
    let overdue = finished(
        &mut db.store,
        Kind::Repair,
        "1-1-101",
        &op,
        at("2026-11-18 15:00"),
    );
    let today = finished(
        &mut db.store,
        Kind::Repair,
        "1-1-102",
        &op,
        at("2026-11-20 15:00"),
    );
    let later = replied(
        &mut db.store,
        "1-1-201",
        "security",
        false,
        &op,
        at("2026-11-23 09:00"),
    );
    let all = db.store.callback_queue(now(), Which::All).unwrap();
    let ids: Vec<i64> = all.iter().map(|t| t.ticket_id).collect();
    assert_eq!(
        ids,
        vec![overdue.id, today.id, later.id],
        "most urgent first"
    );
    let secs: Vec<_> = all
        .iter()
        .map(|t| callback::section(t.due_at, now()))
        .collect();
    use callback::Section::*;
    assert_eq!(secs, vec![Overdue, Today, Upcoming]);
    let queue = |which| -> Vec<i64> {
        let list = db.store.callback_queue(now(), which).unwrap();
        list.iter().map(|t| t.ticket_id).collect()
    };
    assert_eq!(queue(Which::Due), vec![overdue.id, today.id]);
    assert_eq!(queue(Which::Overdue), vec![overdue.id]);
    assert_eq!(db.store.callback_figures(now()).unwrap().counts.overdue, 1);
}

#[test]
fn a_month_of_generated_figures() {
    let mut db = bulk_site(60);
    let op = db.staff("张敏");
    let units: Vec<String> = (1..=11)
        .flat_map(|f| (1..=2).map(move |n| format!("1-1-{}", f * 100 + n)))
        .collect();
    let mut rng = frontdesk::demo::Rng::new(5);
    let (mut reached_units, mut sat, mut basic, mut unsat) =
        (std::collections::BTreeSet::new(), 0, 0, 0);
    // October noise that must not count in November.
    let old = finished(
        &mut db.store,
        Kind::Repair,
        "2-1-101",
        &op,
        at("2026-10-20 10:00"),
    );
    if let Some(t) = pending_of(&db.store, old.id) {
        let w = at("2026-10-21 10:00");
        call(&mut db.store, t.id, w, CallResult::Satisfied, "", &op);
    }
    let mut day = at("2026-11-02 10:00");
    let mut complaints = 0;
    let mut complaints_done = 0;
    for i in 0..60 {
        let unit = units[i % units.len()].clone();
        let t = if i % 6 == 0 {
            complaints += 1;
            replied(&mut db.store, &unit, "cleaning", false, &op, day)
        } else {
            finished(&mut db.store, Kind::Repair, &unit, &op, day)
        };
        if let Some(task) = pending_of(&db.store, t.id) {
            // Leave the last complaint pending and not yet due.
            if i >= 54 && task.reason == Reason::Complaint {
                day += Duration::hours(8);
                continue;
            }
            let w = day + Duration::hours(20);
            let roll = rng.below(20);
            let res = match roll {
                0 => CallResult::Unreached,
                1 => CallResult::Unsatisfied,
                2..=4 => CallResult::Basic,
                _ => CallResult::Satisfied,
            };
            call(&mut db.store, task.id, w, res, "不太满意", &op);
            match res {
                CallResult::Unreached => {}
                r => {
                    reached_units.insert(unit.clone());
                    match r {
                        CallResult::Satisfied => sat += 1,
                        CallResult::Basic => basic += 1,
                        _ => unsat += 1,
                    }
                    if task.reason == Reason::Complaint {
                        complaints_done += 1;
                    }
                }
            }
        }
        day += Duration::hours(8);
    }
    let f = db.store.callback_figures(at("2026-11-23 10:00")).unwrap();
    assert_eq!(f.month, "2026-11");
    assert_eq!(f.counts.households as usize, reached_units.len());
    assert_eq!(
        (f.counts.satisfied, f.counts.basic, f.counts.unsatisfied),
        (sat, basic, unsat)
    );
    let want = 100.0 * (sat + basic) as f64 / (sat + basic + unsat) as f64;
    assert!((f.satisfaction_percent.unwrap() - want).abs() < 1e-9);
    assert!(complaints >= 10);
    assert_eq!(
        f.counts.complaints_owed as usize + 1,
        complaints,
        "the one not yet due is not owed"
    );
    assert_eq!(f.counts.complaints_reached, complaints_done);
    assert_eq!(f.counts.finished, 50);
    assert!((f.sample_percent.unwrap() - 60.0).abs() <= 5.0);
    assert_eq!(f.households_target, 20);
    assert_eq!(f.satisfaction_target, 96);
    let line = frontdesk::i18n::Lang::Zh.cb_figures(&f);
    assert!(line.starts_with("11月 回访户 "), "{line}");
    assert!(line.contains("/20"), "{line}");
}

/// A month's count of decisions is read off its latest decision (not
/// counted again at each one): a rework decision in the middle of the month
/// (seq 0, outside the count) must not change what the next order is told.
#[test]
fn rework_decisions_stay_outside_the_months_count() {
    let mut db = site(100);
    let op = db.staff("张敏");
    let a = finished(
        &mut db.store,
        Kind::Repair,
        "1-1-101",
        &op,
        at("2026-11-02 09:00"),
    );
    finished(
        &mut db.store,
        Kind::Repair,
        "1-1-102",
        &op,
        at("2026-11-02 10:00"),
    );
    // The first one called back unsatisfied, redone: a rework decision.
    let task = pending_of(&db.store, a.id).unwrap();
    call(
        &mut db.store,
        task.id,
        at("2026-11-03 10:00"),
        CallResult::Unsatisfied,
        "还在漏",
        &op,
    );
    redo(
        &mut db.store,
        a.id,
        &op,
        at("2026-11-03 11:00"),
        at("2026-11-03 12:00"),
    );
    // At 0% from now on: the quota, not the hash, speaks for the third.
    db.store.set_rules(rules(0));
    let c = finished(
        &mut db.store,
        Kind::Repair,
        "1-2-201",
        &op,
        at("2026-11-04 09:00"),
    );
    let s = db.store.callback_samples("2026-11").unwrap();
    let of = |id: i64, basis: Basis| {
        s.iter()
            .find(|x| x.ticket_id == id && x.basis == basis)
            .unwrap_or_else(|| panic!("#{id} {basis:?} in {s:?}"))
    };
    let rework = of(a.id, Basis::Rework);
    assert_eq!((rework.seq, rework.picked_before), (0, 0));
    let third = s.iter().find(|x| x.ticket_id == c.id).expect("decided");
    // Two decided before it, both picked at 100%.
    assert_eq!((third.seq, third.picked_before), (3, 2));
    assert_eq!(
        count(
            &db.store,
            "SELECT count(*) FROM callback_samples WHERE month = '2026-11' AND basis != 'rework'"
        ),
        3
    );
}
