//! The figures through the store: October 2026 built step by step with the
//! store's own writes (deadlines, holds, callbacks and the visit set by its
//! hooks), read back as facts and counted, against answers worked out by
//! hand below. The month has National Day (10-01..10-07 off) and a make-up
//! Saturday (10-10 is a working day); one repair spent a day on hold.

mod common;

use chrono::{Duration, NaiveDateTime};
use common::*;
use frontdesk::domain::callback::{CallResult, Method, Outcome, Reason, Status};
use frontdesk::domain::category::Category;
use frontdesk::domain::deadline::What;
use frontdesk::domain::figures::{Period, Rate};
use frontdesk::domain::keys::{BorrowerType, Condition, KeyKind};
use frontdesk::domain::ticket::{ReplyVia, Severity, Urgency};
use frontdesk::domain::transitions::EmergencyRecord;
use frontdesk::domain::{Action, Channel, Kind, State, StepInput};
use frontdesk::store::callbacks::Which;
use frontdesk::store::keys::{Approval, LoanRef, NewKey, NewLoan};
use frontdesk::store::tickets::NewTicket;
use frontdesk::store::{Actor, Store};

/// The report is run on the 2nd of November, when the data is due.
fn as_of() -> NaiveDateTime {
    at("2026-11-02 10:00")
}

fn ticket(kind: Kind, unit: &str, category: Category, text: &str) -> NewTicket {
    NewTicket {
        kind: Some(kind),
        unit: Some(unit.into()),
        channel: Some(Channel::Phone),
        reporter: "王建国".into(),
        phone: "13812345678".into(),
        category: category.into(),
        description: text.into(),
        ..Default::default()
    }
}

struct Site {
    db: Db,
    op: Actor,
    boss: Actor,
}

impl Site {
    fn new() -> Site {
        let mut db = site_db();
        let mut rules = frontdesk::domain::rules::Rules::default();
        // Every finished work order is called back: the sample is certain.
        rules.callbacks.sample_percent = 100;
        db.store.set_rules(rules);
        let op = db.staff("张敏");
        let boss = db.staff("陈静");
        Site { db, op, boss }
    }
    fn store(&mut self) -> &mut Store {
        &mut self.db.store
    }
    fn create(&mut self, t: NewTicket, when: &str) -> i64 {
        let op = self.op.clone();
        self.store().create_ticket(&t, &op, at(when)).unwrap().id
    }
    fn step(&mut self, id: i64, action: Action, input: StepInput, when: &str) {
        let who = if matches!(action, Action::SignOff) {
            self.boss.clone()
        } else {
            self.op.clone()
        };
        let v = self.store().ticket(id).unwrap().version;
        self.store()
            .transition(id, v, action, &input, &who, at(when))
            .unwrap_or_else(|e| panic!("{action} on #{id} at {when}: {e}"));
    }
    fn dispatch(&mut self, id: i64, dept: &str, when: &str) {
        let input = StepInput {
            department: Some(dept.into()),
            ..Default::default()
        };
        self.step(id, Action::Dispatch, input, when);
    }
    fn complete(&mut self, id: i64, when: &str) {
        let input = StepInput {
            resident_signed: Some(true),
            ..Default::default()
        };
        self.step(id, Action::Complete, input, when);
    }
    fn classify(&mut self, id: i64, u: Urgency, when: &str) {
        let input = StepInput {
            urgency: Some(u),
            ..Default::default()
        };
        self.step(id, Action::ClassifyValid, input, when);
    }
    fn handle_and_reply(&mut self, id: i64, handled: &str, replied: &str) {
        let note = StepInput {
            note: Some("已处理".into()),
            ..Default::default()
        };
        self.step(id, Action::Handle, note, handled);
        let reply = StepInput {
            reply_via: Some(ReplyVia::Phone),
            explanation: Some("已电话告知处理结果".into()),
            ..Default::default()
        };
        self.step(id, Action::Reply, reply, replied);
    }
    /// The pending callback of ticket `id`, reached at `when`.
    fn call(&mut self, id: i64, result: CallResult, method: Method, when: &str) {
        let task = self
            .store()
            .callback_queue(at(when), Which::All)
            .unwrap()
            .into_iter()
            .find(|t| t.ticket_id == id)
            .unwrap_or_else(|| panic!("no callback for #{id}"));
        let mut o = Outcome::simple(at(when), result, "");
        o.method = method;
        let op = self.op.clone();
        self.store()
            .record_callback(task.id, None, &o, &op, at(when))
            .unwrap();
    }
}

/// October 2026 as the desk lived it. Returns the ticket ids by letter.
fn october() -> (Site, [i64; 8]) {
    let mut s = Site::new();
    // H: a repair of August, on hold for parts ever since (read through the
    // index of tickets open a long time).
    let h = s.create(
        ticket(Kind::Repair, "8-1-3102", Category::Hvac, "空调不制冷"),
        "2026-08-10 10:00",
    );
    s.dispatch(h, "engineering", "2026-08-10 10:05");
    s.step(h, Action::Accept, StepInput::default(), "2026-08-10 10:08");
    let hold = StepInput {
        reason: Some("等厂家配件".into()),
        resident_informed: Some(true),
        ..Default::default()
    };
    // On hold before its 17:00: the clock stopped, never overdue.
    s.step(h, Action::Hold, hold.clone(), "2026-08-10 11:00");

    // P: a complaint registered the afternoon before National Day: its reply
    // (2 working days) falls due on 10-09, after the seven days off.
    let p = s.create(
        ticket(
            Kind::Complaint,
            "3-2-1402",
            Category::Cleanliness,
            "楼道垃圾没人清",
        ),
        "2026-09-30 16:00",
    );
    s.classify(p, Urgency::NotUrgent, "2026-09-30 16:05");
    s.dispatch(p, "cleaning", "2026-09-30 16:10");
    s.handle_and_reply(p, "2026-10-08 10:00", "2026-10-09 11:00");
    s.call(p, CallResult::Satisfied, Method::Phone, "2026-10-10 10:00");

    // F: an enquiry on a holiday, answered at once.
    let mut enquiry = ticket(
        Kind::Enquiry,
        "3-2-1201",
        Category::PropertyFee,
        "物业费怎么交",
    );
    enquiry.answer = Some("可在服务中心或线上缴纳".into());
    let f = s.create(enquiry, "2026-10-05 10:00");

    // A: a repair on the first working day after the holiday, a day on hold
    // for parts; finished before its 17:00 only because the hold is not
    // counted. The sample callback is due on the make-up Saturday.
    let a = s.create(
        ticket(
            Kind::Repair,
            "3-2-1201",
            Category::PlumbingElectric,
            "厨房水龙头漏水",
        ),
        "2026-10-08 09:00",
    );
    s.dispatch(a, "engineering", "2026-10-08 09:10");
    s.step(a, Action::Accept, StepInput::default(), "2026-10-08 09:12");
    s.step(a, Action::Hold, hold, "2026-10-08 10:00");
    s.step(a, Action::Resume, StepInput::default(), "2026-10-09 10:00");
    s.complete(a, "2026-10-09 16:00");
    s.call(a, CallResult::Satisfied, Method::Phone, "2026-10-10 09:30");

    // C: a complaint on Friday afternoon; 2 working days are Saturday (made
    // up) and Monday.
    let c = s.create(
        ticket(Kind::Complaint, "6-1-701", Category::Noise, "楼上装修噪音"),
        "2026-10-09 15:00",
    );
    s.classify(c, Urgency::NotUrgent, "2026-10-09 15:10");
    s.dispatch(c, "security", "2026-10-09 15:15");
    s.handle_and_reply(c, "2026-10-12 10:00", "2026-10-12 18:00");
    s.call(c, CallResult::Satisfied, Method::Phone, "2026-10-13 10:00");

    // E: a burst pipe at night; the record completed the same night, signed
    // off the next morning, the follow-up visit made ten days later.
    let mut burst = ticket(
        Kind::Emergency,
        "8-1-3102",
        Category::WaterLeak,
        "厨房水管爆裂",
    );
    burst.notify = vec![frontdesk::domain::ticket::NotifyTarget::Engineering];
    let e = s.create(burst, "2026-10-15 20:00");
    s.step(
        e,
        Action::ArriveOnScene,
        StepInput::default(),
        "2026-10-15 20:04",
    );
    let record = StepInput {
        record: Some(EmergencyRecord {
            what: "厨房进水管爆裂".into(),
            location: "8-1-3102 厨房".into(),
            severity: Some(Severity::Serious),
            responders: "孙志刚、保安李强".into(),
            losses: "楼下天花板水渍".into(),
            photos_taken: true,
            cause: "水管老化".into(),
            measures: "关闭总阀，更换水管".into(),
        }),
        ..Default::default()
    };
    s.step(e, Action::Record, record, "2026-10-15 23:00");
    s.step(e, Action::SignOff, StepInput::default(), "2026-10-16 09:00");
    s.call(e, CallResult::Satisfied, Method::Visit, "2026-10-25 15:00");

    // B: the same tap again, within 30 days: a repeat. Dispatched late and
    // finished after 17:00.
    let b = s.create(
        ticket(
            Kind::Repair,
            "3-2-1201",
            Category::PlumbingElectric,
            "厨房水龙头又漏水",
        ),
        "2026-10-20 09:00",
    );
    s.dispatch(b, "engineering", "2026-10-20 09:30");
    s.step(b, Action::Accept, StepInput::default(), "2026-10-20 09:33");
    s.complete(b, "2026-10-20 18:00");
    s.call(b, CallResult::Basic, Method::Phone, "2026-10-21 10:00");

    // D: an urgent complaint not answered in its 2 hours, still open.
    let d = s.create(
        ticket(
            Kind::Complaint,
            "3-2-1402",
            Category::Attitude,
            "前台态度差",
        ),
        "2026-10-26 11:00",
    );
    s.classify(d, Urgency::Urgent, "2026-10-26 11:05");
    s.dispatch(d, "desk", "2026-10-26 11:10");

    // Keys: the owner returned late; a contractor (approved) still has one.
    let op = s.op.clone();
    let key = s
        .store()
        .add_key(
            &NewKey {
                unit: Some("3-2-1201".into()),
                area: String::new(),
                kind: KeyKind::UnitDoor,
                copies: 2,
                hook: "A-01".into(),
                consent_by: "王建国".into(),
                consent_at: None,
                consent_purpose: "交房验收后整改维修".into(),
                notes: String::new(),
            },
            &op,
            at("2026-09-01 09:00"),
        )
        .unwrap()
        .id;
    let lend = |bt: BorrowerType, due: &str| NewLoan {
        key_id: key,
        copy: None,
        borrower_type: bt,
        name: "孙师傅".into(),
        id_number: "310104198001011234".into(),
        phone: "13800001111".into(),
        reason: "维修".into(),
        ticket_id: None,
        due_at: at(due),
        signed: true,
    };
    let owner = s
        .store()
        .lend(
            &lend(BorrowerType::Owner, "2026-10-12 18:00"),
            None,
            &op,
            at("2026-10-12 10:00"),
        )
        .unwrap();
    s.store()
        .return_key(
            LoanRef::Loan(owner.id),
            Condition::Good,
            "",
            &op,
            at("2026-10-13 09:00"),
        )
        .unwrap();
    let ok = Approval {
        approver: "陈静".into(),
        pin: "1234".into(),
    };
    s.store()
        .lend(
            &lend(BorrowerType::Contractor, "2026-10-27 18:00"),
            Some(&ok),
            &op,
            at("2026-10-20 10:00"),
        )
        .unwrap();
    (s, [a, b, c, d, e, f, h, p])
}

#[test]
fn october_by_hand() {
    let (s, [a, b, c, d, e, _f, h, p]) = october();
    let oct = Period::month(2026, 10).unwrap();
    let m = s.db.store.monthly_report(&oct, as_of()).unwrap();

    // Counts: P and H open on the 1st; A B C D E F registered; A B C E F P
    // ended; D and H open at the end. 2 + 6 = 6 + 2.
    let t = m.counts.total;
    assert_eq!(
        (t.open_at_start, t.opened, t.closed, t.open_at_end),
        (2, 6, 6, 2)
    );
    assert_eq!(t.cancelled + t.out_of_scope + t.converted, 0);
    let kinds: Vec<(String, u32)> = m
        .counts
        .by_kind
        .iter()
        .map(|r| (r.key.clone(), r.tally.opened))
        .collect();
    assert_eq!(
        kinds,
        [
            ("repair".into(), 2),
            ("complaint".into(), 2),
            ("emergency".into(), 1),
            ("enquiry".into(), 1)
        ]
    );

    // Timeliness, by nominal due time in October.
    let rule = |w: What| m.timeliness.rule(w).unwrap().clone();
    // Dispatch: A 09:10 ≤ 09:20, B 09:30 > 09:20, C, D in time.
    assert_eq!(rule(What::Dispatch).rate, Rate::new(3, 4));
    assert_eq!(rule(What::Collect).rate, Rate::new(2, 2));
    // Finish: A's 17:00 on 10-08 moved a day by the hold (met at 16:00 on
    // 10-09); B finished at 18:00.
    let finish = rule(What::Finish);
    assert_eq!(finish.rate, Rate::new(1, 2));
    assert_eq!(finish.held_secs, 86_400);
    assert_eq!(finish.late.len(), 1);
    assert_eq!(finish.late[0].ticket_id, b);
    assert_eq!(finish.late[0].late_secs, 3600);
    // Reply: P due 10-09 (after the holiday), C due Monday 10-12 (Saturday
    // 10-10 was a working day), D's 2 hours missed and still open.
    let reply = rule(What::Reply);
    assert_eq!(reply.rate, Rate::new(2, 3));
    assert_eq!((reply.overdue, reply.late[0].ticket_id), (1, d));
    // Contact: P's weekly contact fell due in the holiday (missed), C's was
    // met by the reply; the next rounds ended with the tickets (not owed).
    assert_eq!(rule(What::Contact).rate, Rate::new(1, 2));
    assert_eq!(rule(What::OnScene).rate, Rate::new(1, 1));
    assert_eq!(rule(What::Explain).rate, Rate::new(0, 0));
    assert_eq!(m.timeliness.overall, Rate::new(10, 14));

    // Callbacks: P, A, C, B by phone, E's visit in person.
    let cb = &m.callbacks;
    assert_eq!(
        (cb.reached, cb.satisfied, cb.basic, cb.unsatisfied),
        (5, 4, 1, 0)
    );
    assert_eq!(cb.pass, Rate::new(5, 5));
    assert_eq!(cb.pass_complaints, Rate::new(2, 2));
    assert_eq!(cb.pass_work_orders, Rate::new(2, 2));
    assert_eq!(cb.pass_visits, Rate::new(1, 1));
    // 3-2-1201, 3-2-1402, 6-1-701, 8-1-3102.
    assert_eq!(cb.households, 4);
    assert_eq!(cb.satisfaction, Rate::new(4, 4));
    // Verdicts only (no ratings given): 4 × 100 + 60 of 500.
    assert_eq!(cb.index, Rate::new(460, 500));
    assert_eq!(cb.complaint_coverage, Rate::new(2, 2));
    assert_eq!(cb.complaint_in_time, Rate::new(2, 2));
    assert_eq!(cb.sample, Rate::new(2, 2));
    assert!(cb.overdue.is_empty());

    // Keys: the owner's return 15 hours late; the contractor's key out
    // since 10-27 18:00 (4 days 6 hours at the month's end).
    let k = &m.keys;
    assert_eq!(
        (k.lent, k.needing_approval, k.approved, k.returned),
        (2, 1, 1, 1)
    );
    assert_eq!(k.on_time, Rate::new(0, 2));
    assert_eq!(k.returned_late.len(), 1);
    assert_eq!(k.returned_late[0].late_secs, 15 * 3600);
    assert_eq!(k.out_at_end, 1);
    assert_eq!(k.out_overdue[0].late_secs, (4 * 24 + 6) * 3600);

    // The emergency: on scene in 4 minutes; its visit falls due in November.
    let em = &m.emergencies;
    assert_eq!((em.registered, em.on_scene), (1, 1));
    assert_eq!(em.response_median_secs, Some(240));
    assert_eq!(em.by_severity.get("serious"), Some(&1));
    assert_eq!(em.follow_ups.in_time, Rate::new(0, 0));

    // The repeat: the same tap of 3-2-1201 twice within 30 days.
    assert_eq!(m.repeats.units.len(), 1);
    assert_eq!(m.repeats.units[0].tickets, vec![a, b]);
    assert!(m.repeats.buildings.is_empty());

    // 投诉数据汇总表: C and D (P was registered in September).
    let cs = &m.complaints;
    let tot = &cs.total;
    assert_eq!(
        (tot.registered, tot.valid, tot.closed, tot.open),
        (2, 2, 1, 1)
    );
    assert_eq!(tot.dispatched_in_time, Rate::new(2, 2));
    assert_eq!(tot.replied_in_time, Rate::new(1, 2));
    // C's first contact met; D's not yet due on the 2nd at 10:00.
    assert_eq!(tot.contacted_in_time, Rate::new(1, 1));
    assert_eq!(
        (
            tot.callbacks_owed,
            tot.callbacks_reached,
            tot.callbacks_in_time
        ),
        (1, 1, 1)
    );
    assert_eq!(tot.pass, Rate::new(1, 1));
    let cats: Vec<&str> = cs.by_category.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(cats, ["attitude", "noise"]);
    let depts: Vec<&str> = cs.by_department.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(depts, ["desk", "security"]);
    assert_eq!(
        (cs.data_due, cs.report_due),
        (
            Some(at("2026-11-02 00:00").date()),
            Some(at("2026-11-05 00:00").date())
        )
    );

    // Still open at the month's end: H (on hold: its clock stopped) and D
    // (its reply overdue).
    let open: Vec<(i64, Vec<What>)> = m
        .unfinished
        .iter()
        .map(|o| (o.ticket_id, o.overdue.clone()))
        .collect();
    assert_eq!(open, vec![(h, vec![]), (d, vec![What::Reply])]);
    let _ = (c, e, p);
}

#[test]
fn a_day_and_the_next_month() {
    let (s, [_a, _b, _c, d, e, _f, h, _p]) = october();
    // 10-20: B registered, dispatched late, finished after 17:00.
    let day = Period::day(at("2026-10-20 00:00").date());
    let sheet = s.db.store.daily_sheet(&day, as_of()).unwrap();
    let t = sheet.counts.total;
    assert_eq!(
        (t.open_at_start, t.opened, t.closed, t.open_at_end),
        (1, 1, 0, 2)
    );
    assert_eq!(sheet.timeliness.overall, Rate::new(1, 3));
    assert!(sheet.overdue.is_empty(), "{:?}", sheet.overdue);
    // 10-26: D's reply overdue by the evening.
    let day = Period::day(at("2026-10-26 00:00").date());
    let sheet = s.db.store.daily_sheet(&day, as_of()).unwrap();
    let over: Vec<i64> = sheet.overdue.iter().map(|o| o.ticket_id).collect();
    assert_eq!(over, vec![d]);
    // The week of 10-19..10-25: B's repeat, E's visit on the 25th.
    let week = Period::week_of(at("2026-10-21 00:00").date());
    let w = s.db.store.weekly_report(&week, as_of()).unwrap();
    assert_eq!(w.repeats.units.len(), 1);
    assert_eq!(w.callbacks.pass_visits, Rate::new(1, 1));
    assert_eq!(
        w.unfinished.iter().map(|o| o.ticket_id).collect::<Vec<_>>(),
        vec![h]
    );
    // November: E's visit was due 11-04 (20 days after 10-15) and was made
    // on 10-25; D is still open and its weekly contact due on 11-02 11:00
    // is not yet due at 10:00.
    let nov = Period::month(2026, 11).unwrap();
    let m = s.db.store.monthly_report(&nov, as_of()).unwrap();
    assert_eq!(m.emergencies.follow_ups.in_time, Rate::new(1, 1));
    assert_eq!(m.counts.total.open_at_start, 2);
    let contact = m.timeliness.rule(What::Contact).unwrap();
    assert_eq!((contact.running, contact.rate), (1, Rate::new(0, 0)));
    let _ = e;
}

#[test]
fn the_emergency_visit_is_scheduled_once_and_shown_in_the_queue() {
    let mut s = Site::new();
    let e = s.create(
        ticket(
            Kind::Emergency,
            "8-1-3102",
            Category::WaterLeak,
            "厨房水管爆裂",
        ),
        "2026-10-15 20:00",
    );
    s.step(
        e,
        Action::ArriveOnScene,
        StepInput::default(),
        "2026-10-15 20:04",
    );
    let record = |what: &str| StepInput {
        record: Some(EmergencyRecord {
            what: what.into(),
            location: "厨房".into(),
            severity: Some(Severity::Minor),
            responders: "孙志刚".into(),
            losses: String::new(),
            photos_taken: false,
            cause: "老化".into(),
            measures: "更换".into(),
        }),
        ..Default::default()
    };
    s.step(e, Action::Record, record("水管爆裂"), "2026-10-15 23:00");
    // A corrected record does not add a second visit nor move the first.
    s.step(e, Action::Record, record("进水管爆裂"), "2026-10-16 08:00");
    let tasks = s.db.store.callbacks_of_ticket(e).unwrap();
    assert_eq!(tasks.len(), 1);
    let v = &tasks[0];
    assert_eq!(
        (v.reason, v.status),
        (Reason::EmergencyVisit, Status::Pending)
    );
    assert_eq!(v.handled_at, at("2026-10-15 23:00"));
    assert_eq!(v.due_at, at("2026-11-04 23:59:59"));
    // In the queue, and overdue once past its day.
    let queue =
        s.db.store
            .callback_queue(at("2026-11-05 09:00"), Which::Overdue)
            .unwrap();
    assert!(queue.iter().any(|t| t.id == v.id));
    // Owed and late in November's figures if never made.
    let nov = Period::month(2026, 11).unwrap();
    let m =
        s.db.store
            .monthly_report(&nov, at("2026-11-06 10:00"))
            .unwrap();
    assert_eq!(m.emergencies.follow_ups.in_time, Rate::new(0, 1));
    assert_eq!(m.emergencies.follow_ups.late[0].ticket_id, e);
    assert_eq!(m.callbacks.overdue.len(), 1);
    // Nothing else schedules one: a cancelled emergency never had a record.
    let x = s.create(
        ticket(Kind::Emergency, "3-2-1201", Category::FireAlarm, "烟感误报"),
        "2026-10-20 10:00",
    );
    let cancel = StepInput {
        reason: Some("误报".into()),
        ..Default::default()
    };
    s.step(x, Action::Cancel, cancel, "2026-10-20 10:03");
    assert!(s.db.store.callbacks_of_ticket(x).unwrap().is_empty());
    let _ = Duration::zero();
    let _ = State::Closed;
}

/// Before the building-repeat week the facts read only the units reported
/// in the period and the tickets open at its start: on the demo site every
/// report comes out as from all the tickets of the lookback.
#[test]
fn the_narrow_lookback_changes_no_figure() {
    use frontdesk::domain::figures::{self, facts::scope};
    let db = demo_db();
    let store = &db.store;
    let rules = store.figure_rules();
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("day");
    let mut periods = vec![
        Period::month(2026, 11).expect("month"),
        Period::month(2026, 10).expect("month"),
        Period::week_of(day("2026-11-18")),
        Period::week_of(day("2026-11-23")),
    ];
    for d in 1..=23 {
        periods.push(Period::day(day(&format!("2026-11-{d:02}"))));
    }
    let mut fewer = 0;
    for p in periods {
        let s = scope(&p, &rules);
        let narrow = store.figure_facts(&s).expect("facts");
        let wide = store.figure_facts_unnarrowed(&s).expect("facts");
        assert!(wide.tickets.len() >= narrow.tickets.len());
        fewer += wide.tickets.len() - narrow.tickets.len();
        assert_eq!(
            figures::monthly(&p, &narrow, &rules, now()),
            figures::monthly(&p, &wide, &rules, now()),
            "{p:?}"
        );
        assert_eq!(
            figures::daily(&p, &narrow, &rules, now()),
            figures::daily(&p, &wide, &rules, now()),
            "{p:?}"
        );
    }
    assert!(fewer > 0, "the narrow read leaves something out");
}
