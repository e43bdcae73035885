use super::*;
use crate::domain::calendar::WorkCalendar;

fn t(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn facts(kind: Kind, created: &str, urgency: Option<Urgency>) -> Facts {
    Facts {
        kind,
        created_at: t(created),
        urgency,
        requested_due: None,
    }
}

fn opened(c: &Changes, what: What) -> Option<NaiveDateTime> {
    c.open.iter().find(|(w, _)| *w == what).map(|(_, d)| *d)
}

#[test]
fn registration_deadlines() {
    let r = DeadlineRules::default();
    let f = facts(Kind::Repair, "2026-11-23 10:00", None);
    assert_eq!(
        r.on_create(&f),
        vec![(What::Dispatch, t("2026-11-23 10:20"))]
    );
    let f = facts(Kind::Emergency, "2026-11-23 23:58", None);
    assert_eq!(
        r.on_create(&f),
        vec![(What::OnScene, t("2026-11-24 00:03"))]
    );
    let f = facts(Kind::Complaint, "2026-11-23 10:00", None);
    assert_eq!(
        r.on_create(&f),
        vec![
            (What::Dispatch, t("2026-11-23 10:20")),
            (What::Contact, t("2026-11-30 10:00"))
        ]
    );
    assert!(r
        .on_create(&facts(Kind::Enquiry, "2026-11-23 10:00", None))
        .is_empty());
}

#[test]
fn complaint_reply_by_urgency_across_weekends_and_holidays() {
    let r = DeadlineRules::default();
    let cal = WorkCalendar::cn_default();
    let reply = |created: &str, u| {
        let c = r.on_step(
            &facts(Kind::Complaint, created, Some(u)),
            Action::ClassifyValid,
            false,
            t(created),
            &cal,
        );
        opened(&c, What::Reply).unwrap()
    };
    // Urgent levels: 2 hours from registration, whatever the day.
    assert_eq!(
        reply("2026-11-28 22:30", Urgency::SevereUrgent),
        t("2026-11-29 00:30")
    );
    assert_eq!(
        reply("2026-11-23 10:00", Urgency::Urgent),
        t("2026-11-23 12:00")
    );
    // Not urgent: 2 working days, end of day. Friday → Tuesday.
    assert_eq!(
        reply("2026-11-27 16:00", Urgency::NotUrgent),
        t("2026-12-01 23:59") + Duration::seconds(59)
    );
    // Registered on a Saturday: Monday and Tuesday count.
    assert_eq!(
        reply("2026-11-28 09:00", Urgency::NotUrgent),
        t("2026-12-01 23:59") + Duration::seconds(59)
    );
    // Over National Day (10-01..07 off), the make-up Saturday 10-10 counts.
    assert_eq!(
        reply("2026-09-30 11:00", Urgency::NotUrgent),
        t("2026-10-09 23:59") + Duration::seconds(59)
    );
    assert_eq!(
        reply("2026-10-09 11:00", Urgency::NotUrgent),
        t("2026-10-12 23:59") + Duration::seconds(59)
    );
    // The make-up Sunday 09-20 is a working day: Friday 09-18 + 1 → Sunday.
    let c = r.on_step(
        &facts(Kind::Complaint, "2026-09-18 15:00", None),
        Action::ClassifyInvalid,
        false,
        t("2026-09-18 15:05"),
        &cal,
    );
    assert_eq!(
        opened(&c, What::Explain).unwrap(),
        t("2026-09-20 23:59") + Duration::seconds(59)
    );
    assert_eq!(c.meet, vec![What::Dispatch]);
}

#[test]
fn requested_deadline_overrides_the_default() {
    let r = DeadlineRules::default();
    let cal = WorkCalendar::cn_default();
    let mut f = facts(
        Kind::Complaint,
        "2026-11-23 10:00",
        Some(Urgency::NotUrgent),
    );
    f.requested_due = Some(t("2026-11-23 18:00"));
    let c = r.on_step(
        &f,
        Action::ClassifyValid,
        false,
        t("2026-11-23 10:05"),
        &cal,
    );
    assert_eq!(opened(&c, What::Reply), Some(t("2026-11-23 18:00")));
    let mut f = facts(Kind::Repair, "2026-11-23 10:00", None);
    f.requested_due = Some(t("2026-11-24 12:00"));
    let c = r.on_step(&f, Action::Dispatch, false, t("2026-11-23 10:05"), &cal);
    assert_eq!(opened(&c, What::Finish), Some(t("2026-11-24 12:00")));
}

#[test]
fn repair_dispatch_collect_and_the_17_00_return() {
    let r = DeadlineRules::default();
    let cal = WorkCalendar::cn_default();
    let f = facts(Kind::Repair, "2026-11-23 10:00", None);
    let c = r.on_step(&f, Action::Dispatch, false, t("2026-11-23 10:12"), &cal);
    assert_eq!(c.meet, vec![What::Dispatch]);
    assert_eq!(opened(&c, What::Collect), Some(t("2026-11-23 10:17")));
    assert_eq!(opened(&c, What::Finish), Some(t("2026-11-23 17:00")));
    // Dispatched after 17:00: due back at 17:00 the next day.
    let c = r.on_step(&f, Action::Dispatch, false, t("2026-11-23 17:00"), &cal);
    assert_eq!(opened(&c, What::Finish), Some(t("2026-11-24 17:00")));
    // Returned unfinished: missed today, due again tomorrow 17:00.
    let c = r.on_step(
        &f,
        Action::ReturnUnfinished,
        false,
        t("2026-11-23 17:05"),
        &cal,
    );
    assert_eq!(c.miss, vec![What::Finish]);
    assert_eq!(opened(&c, What::Finish), Some(t("2026-11-24 17:00")));
    let c = r.on_step(&f, Action::Complete, false, t("2026-11-23 15:00"), &cal);
    assert!(c.meet.contains(&What::Finish));
    let c = r.on_step(&f, Action::Cancel, true, t("2026-11-23 15:00"), &cal);
    assert!(c.void_all);
}

#[test]
fn hold_stops_the_clock_across_a_weekend() {
    let rules = DeadlineRules::default();
    // Due Friday 17:00; put on hold Friday 15:00 (2 h left) until Monday 10:00.
    let due = t("2026-11-27 17:00");
    let held = t("2026-11-27 15:00");
    assert_eq!(
        standing(due, t("2026-11-28 12:00"), Some(held), &rules),
        Standing::Paused(7200)
    );
    let moved = resume(due, held, t("2026-11-30 10:00"));
    assert_eq!(moved, t("2026-11-30 12:00"));
    assert_eq!(
        standing(moved, t("2026-11-30 11:40"), None, &rules),
        Standing::DueSoon(1200)
    );
    assert_eq!(
        standing(moved, t("2026-11-30 11:00"), None, &rules),
        Standing::Left(3600)
    );
    // A deadline already missed before the hold stays missed.
    assert_eq!(
        resume(t("2026-11-27 14:00"), held, t("2026-11-30 10:00")),
        t("2026-11-27 14:00")
    );
}

#[test]
fn standings_and_order() {
    let r = DeadlineRules::default();
    let now = t("2026-11-23 10:00");
    assert_eq!(
        standing(t("2026-11-23 09:48"), now, None, &r),
        Standing::Overdue(720)
    );
    assert_eq!(
        standing(t("2026-11-23 10:20"), now, None, &r),
        Standing::DueSoon(1200)
    );
    assert_eq!(
        standing(t("2026-11-23 12:00"), now, None, &r),
        Standing::Left(7200)
    );
    let mut v = vec![
        Standing::Left(7200),
        Standing::Paused(100),
        Standing::Overdue(60),
        Standing::DueSoon(1200),
        Standing::Overdue(720),
    ];
    v.sort_by_key(|s| s.sort_key());
    assert_eq!(
        v,
        vec![
            Standing::Overdue(720),
            Standing::Overdue(60),
            Standing::DueSoon(1200),
            Standing::Left(7200),
            Standing::Paused(100)
        ]
    );
}

#[test]
fn clock_texts() {
    assert_eq!(clock_text(6300, "天", "时"), "1:45");
    assert_eq!(clock_text(-720, "天", "时"), "0:12");
    assert_eq!(clock_text(2 * 86400 + 3 * 3600, "天", "时"), "2天3时");
    assert_eq!(clock_text(86400, "d", "h"), "1d");
}

#[test]
fn complaint_contact_weekly_and_reopen() {
    let r = DeadlineRules::default();
    let cal = WorkCalendar::cn_default();
    let f = facts(
        Kind::Complaint,
        "2026-11-02 10:00",
        Some(Urgency::NotUrgent),
    );
    let c = r.on_step(&f, Action::Contact, false, t("2026-11-09 09:00"), &cal);
    assert_eq!(c.meet, vec![What::Contact]);
    assert_eq!(opened(&c, What::Contact), Some(t("2026-11-16 09:00")));
    let c = r.on_step(&f, Action::Reopen, false, t("2026-11-23 10:00"), &cal);
    assert_eq!(
        opened(&c, What::Reply),
        Some(t("2026-11-25 23:59") + Duration::seconds(59))
    );
}

/// Work orders come back at 17:00 of a working day (002 3.1.6 E3 / 3.1.7):
/// one returned unfinished on Friday evening is due Monday 17:00, not
/// Saturday; across a holiday, the first working day after it.
#[test]
fn the_next_finish_is_17_00_of_a_working_day() {
    let r = DeadlineRules::default();
    let cal = WorkCalendar::cn_default();
    let f = facts(Kind::Repair, "2026-11-27 09:00", None);
    let finish =
        |action, at: &str| opened(&r.on_step(&f, action, false, t(at), &cal), What::Finish);
    // Friday 2026-11-27 after 17:00 → Monday 2026-11-30.
    assert_eq!(
        finish(Action::ReturnUnfinished, "2026-11-27 17:05"),
        Some(t("2026-11-30 17:00"))
    );
    assert_eq!(
        finish(Action::Dispatch, "2026-11-27 17:30"),
        Some(t("2026-11-30 17:00"))
    );
    assert_eq!(
        finish(Action::Rework, "2026-11-28 10:00"),
        Some(t("2026-11-30 17:00"))
    );
    // Friday before 17:00: today's.
    assert_eq!(
        finish(Action::Dispatch, "2026-11-27 10:00"),
        Some(t("2026-11-27 17:00"))
    );
    // Wednesday 2026-09-30 evening, National Day 10-01..07 → Thursday 10-08.
    assert_eq!(
        finish(Action::ReturnUnfinished, "2026-09-30 18:00"),
        Some(t("2026-10-08 17:00"))
    );
    // A make-up Saturday (调休 2026-10-10) is a working day.
    assert_eq!(
        finish(Action::ReturnUnfinished, "2026-10-09 17:30"),
        Some(t("2026-10-10 17:00"))
    );
}

#[test]
fn a_pending_deadline_past_due_is_shown_overdue() {
    let due = t("2026-11-23 10:20");
    let p = DeadlineStatus::Pending;
    assert_eq!(shown(p, due, t("2026-11-23 10:00"), None), Shown::Pending);
    assert_eq!(shown(p, due, t("2026-11-23 10:20"), None), Shown::Pending);
    assert_eq!(shown(p, due, t("2026-11-23 10:21"), None), Shown::Overdue);
    let held = Some(t("2026-11-23 10:10"));
    assert_eq!(shown(p, due, t("2026-11-23 12:00"), held), Shown::Paused);
    let met = DeadlineStatus::Met;
    assert_eq!(shown(met, due, t("2026-11-23 12:00"), None), Shown::Met);
    // The same as the board's standing.
    let r = DeadlineRules::default();
    for now in ["2026-11-23 10:00", "2026-11-23 10:21"] {
        let overdue = matches!(standing(due, t(now), None, &r), Standing::Overdue(_));
        assert_eq!(shown(p, due, t(now), None) == Shown::Overdue, overdue);
    }
}
