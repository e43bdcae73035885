//! The October figures against answers worked out by hand from the
//! scenario in `month.rs`. Rates are compared as exact fractions.

use super::month::{as_of, october};
use super::records::october_facts;
use super::sim::t;
use crate::domain::calendar::WorkCalendar;
use crate::domain::callback::{self, CallbackRules, MonthCounts};
use crate::domain::deadline::What;
use crate::domain::figures::callbacks::{callback_figures, month_counts};
use crate::domain::figures::complaints::complaint_summary;
use crate::domain::figures::counts::{counts, Tally};
use crate::domain::figures::emergencies::{emergency_figures, follow_up_due};
use crate::domain::figures::keys::key_figures;
use crate::domain::figures::repeats::{repeats, reported_before};
use crate::domain::figures::timeliness::timeliness;
use crate::domain::figures::*;
use crate::domain::ticket::Kind;

fn tally(start: u32, opened: u32, closed: u32, cancelled: u32, oos: u32, end: u32) -> Tally {
    Tally {
        open_at_start: start,
        opened,
        closed,
        cancelled,
        out_of_scope: oos,
        converted: 0,
        open_at_end: end,
    }
}

fn row(rows: &[counts::Row], key: &str) -> Tally {
    rows.iter()
        .find(|r| r.key == key)
        .map(|r| r.tally)
        .unwrap_or_else(|| panic!("no row {key:?}"))
}

#[test]
fn counts_by_kind_and_department() {
    let (_, f) = october_facts();
    let c = counts(&october(), &f.tickets);
    // #11 open on the 1st; 16 registered; #7 (closed 11-01 00:00), #3, #8,
    // #14, #18 still open; #17 ended in September and does not appear.
    assert_eq!(c.total, tally(1, 16, 10, 1, 1, 5));
    assert_eq!(row(&c.by_kind, "complaint"), tally(1, 4, 3, 0, 0, 2));
    assert_eq!(row(&c.by_kind, "repair"), tally(0, 6, 2, 1, 1, 2));
    assert_eq!(row(&c.by_kind, "enquiry"), tally(0, 3, 3, 0, 0, 0));
    assert_eq!(row(&c.by_kind, "emergency"), tally(0, 2, 2, 0, 0, 0));
    assert_eq!(row(&c.by_kind, "paid"), tally(0, 1, 0, 0, 0, 1));
    assert_eq!(row(&c.by_department, ""), tally(0, 8, 6, 1, 1, 0));
    assert_eq!(
        row(&c.by_department, "engineering"),
        tally(0, 4, 2, 0, 0, 2)
    );
    assert_eq!(row(&c.by_department, "security"), tally(1, 2, 2, 0, 0, 1));
    assert_eq!(row(&c.by_department, "cleaning"), tally(0, 2, 0, 0, 0, 2));
    assert_eq!(row(&c.by_building, "7"), tally(0, 3, 3, 0, 0, 0));
    assert_eq!(row(&c.by_category, "faucet_leak"), tally(0, 3, 2, 1, 0, 0));
    assert_eq!(row(&c.by_channel, "patrol"), tally(0, 1, 1, 0, 0, 0));
    // Buildings in number order, not text order.
    let b: Vec<&str> = c.by_building.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(b, ["1", "2", "3", "4", "5", "6", "7", "8", "9"]);
}

#[test]
fn the_deadlines_are_the_calendars() {
    let (s, _) = october_facts();
    let cal = WorkCalendar::cn_default();
    // Across National Day: Wednesday 09-30 + 2 working days = Friday 10-09.
    assert_eq!(s.row(11, What::Reply, 1).due_at, t("2026-10-09 23:59:59"));
    assert_eq!(
        cal.due_in_working_days(t("2026-09-30 10:00"), 2),
        t("2026-10-09 23:59:59")
    );
    // The make-up Saturday counts: Friday 10-09 + 1 working day = 10-10.
    assert_eq!(s.row(13, What::Explain, 1).due_at, t("2026-10-10 23:59:59"));
    assert_eq!(s.row(13, What::Explain, 1).status, DeadlineStatus::Missed);
    // Two hours on hold moved 17:00 to 19:00; done 18:30 is on time.
    let held = s.row(3, What::Finish, 1);
    assert_eq!(
        (held.due_at, held.paused_secs),
        (t("2026-10-14 19:00"), 7200)
    );
    assert_eq!(held.nominal_due(), t("2026-10-14 17:00"));
    assert_eq!(held.status, DeadlineStatus::Met);
}

#[test]
fn timeliness_per_rule() {
    let (_, f) = october_facts();
    let tl = timeliness(&october(), &f.deadlines, as_of());
    let r = |w| tl.rule(w).expect("rule").clone();
    // Dispatch: #1 #3 #7 #13 #14 #18 met; #2 (21 min) and #12 missed; #9 and
    // #10 ended before it fell due; #8's is November's; #11's September's.
    let d = r(What::Dispatch);
    assert_eq!(
        (d.rate, d.met, d.missed, d.overdue),
        (Rate::new(6, 8), 6, 2, 0)
    );
    assert_eq!(d.rate.per_mille(), Some(750));
    let late: Vec<i64> = d.late.iter().map(|l| l.ticket_id).collect();
    assert_eq!(late, [12, 2]);
    assert_eq!(d.late[1].late_secs, 60);
    let kinds: Vec<(Kind, Rate)> = d.by_kind.iter().map(|k| (k.kind, k.rate)).collect();
    assert_eq!(
        kinds,
        [
            (Kind::Repair, Rate::new(3, 4)),
            (Kind::Complaint, Rate::new(3, 4))
        ]
    );
    // Collect: #2 accepted 9 minutes after dispatch.
    assert_eq!(r(What::Collect).rate, Rate::new(3, 4));
    // Finish: #7's first round came back unfinished (its second, returned
    // on Friday evening, falls due Monday 11-02 17:00: November's); #3 is on
    // time only because its two hours on hold do not count.
    let fin = r(What::Finish);
    assert_eq!((fin.rate, fin.held_secs), (Rate::new(3, 4), 7200));
    assert_eq!(
        fin.late.iter().map(|l| l.ticket_id).collect::<Vec<_>>(),
        [7]
    );
    // Reply: #11 (across the holiday) and #12's second round and #18 met;
    // #12's first late; #14 still unanswered, overdue since 10-29 23:59:59.
    let rep = r(What::Reply);
    assert_eq!((rep.rate, rep.overdue), (Rate::new(3, 5), 1));
    let open = rep.late.iter().find(|l| l.ticket_id == 14).expect("#14");
    assert_eq!(
        (open.settled_at, open.late_secs),
        (None, 4 * 86_400 + 36_001)
    );
    assert_eq!(r(What::Explain).rate, Rate::new(0, 1));
    // Contact: #11 twice, #12 twice; the rounds voided before they fell due
    // (#11 r3 and #12 r4 by closing, #13 r1, #12 r2 when the reopening
    // started a new round) are not counted.
    assert_eq!(r(What::Contact).rate, Rate::new(4, 4));
    assert_eq!(r(What::OnScene).rate, Rate::new(1, 2));
    assert_eq!(tl.overall, Rate::new(20, 28));
    assert_eq!(tl.overall.per_mille(), Some(714));
}

#[test]
fn callbacks_against_the_targets() {
    let (_, f) = october_facts();
    let rules = FigureRules::default();
    let c = callback_figures(&october(), &f.callbacks, &f.samples, &rules, as_of());
    assert_eq!(
        (
            c.reached,
            c.satisfied,
            c.basic,
            c.unsatisfied,
            c.unreachable
        ),
        (6, 3, 2, 1, 1)
    );
    assert_eq!(c.pass, Rate::new(5, 6));
    assert_eq!(c.pass.per_mille(), Some(833));
    assert_eq!(c.pass_complaints, Rate::new(3, 4));
    assert_eq!(c.pass_work_orders, Rate::new(2, 2));
    // Four households, short of the monthly 20.
    assert_eq!(
        (c.households, c.households_target, c.households_met),
        (4, Some(20), Some(false))
    );
    // 6-1-0202 was unsatisfied, then basically satisfied after the reopen:
    // every household's last word is a pass.
    assert_eq!(
        (c.satisfaction, c.satisfaction_met),
        (Rate::new(4, 4), Some(true))
    );
    // Points: 300/300 + 0/200 + 120/200 + 100/100 + 200/200 + 120/200.
    assert_eq!((c.index, c.index_met), (Rate::new(840, 1200), Some(false)));
    assert_eq!(c.index.per_mille(), Some(700));
    // Complaint callbacks created in October: 4 reached, #18's unreachable;
    // #13's reached a day late.
    assert_eq!(c.complaint_coverage, Rate::new(4, 5));
    assert_eq!(c.complaint_in_time, Rate::new(3, 5));
    assert_eq!(
        (c.sample, c.sample_on_target),
        (Rate::new(3, 4), Some(true))
    );
    assert_eq!(c.overdue.iter().map(|o| o.id).collect::<Vec<_>>(), [9]);
}

#[test]
fn the_callback_screen_counts_come_from_here() {
    let (_, f) = october_facts();
    let counts = month_counts(&october(), &f.callbacks, &f.samples, as_of());
    let want = MonthCounts {
        households: 4,
        satisfied: 3,
        basic: 2,
        unsatisfied: 1,
        complaints_owed: 5,
        complaints_reached: 4,
        finished: 4,
        sampled: 3,
        overdue: 1,
    };
    assert_eq!(counts, want);
    // The old figure's "satisfaction" (per call) is the new pass rate.
    let old = callback::Figures::new("2026-10".into(), counts, &CallbackRules::default());
    let new = callback_figures(
        &october(),
        &f.callbacks,
        &f.samples,
        &FigureRules::default(),
        as_of(),
    );
    let pm = |p: Option<f64>| p.map(|v| (v * 10.0).round() as u32);
    assert_eq!(pm(old.satisfaction_percent), new.pass.per_mille());
    assert_eq!(
        pm(old.complaint_coverage_percent),
        new.complaint_coverage.per_mille()
    );
    assert_eq!(pm(old.sample_percent), new.sample.per_mille());
}

#[test]
fn repeats_and_the_intake_warning() {
    let (_, f) = october_facts();
    let r = repeats(&october(), &f.tickets, &FigureRules::default());
    let units: Vec<(&str, &str, Vec<i64>)> = r
        .units
        .iter()
        .map(|u| (u.unit.as_str(), u.category.as_str(), u.tickets.clone()))
        .collect();
    assert_eq!(
        units,
        [
            ("3-2-1201", "faucet_leak", vec![1, 2]),
            ("6-1-0202", "noise", vec![12, 18])
        ]
    );
    assert_eq!(r.buildings.len(), 1);
    let b = &r.buildings[0];
    assert_eq!((b.building, b.category.as_str()), (7, "elevator_noise"));
    assert_eq!(b.units, ["7-1-0101", "7-1-0502", "7-2-0903"]);
    assert_eq!(
        (b.first_at, b.reached_at),
        (t("2026-10-05 20:00"), t("2026-10-10 11:00"))
    );
    assert_eq!(b.notice_due, t("2026-10-17 11:00"));
    let rules = FigureRules::default();
    let seen = reported_before(
        &f.tickets,
        "3-2-1201",
        "faucet_leak",
        t("2026-10-28 10:00"),
        &rules,
    );
    assert_eq!((seen.count, seen.tickets.clone()), (2, vec![1, 2]));
    // Exactly 30 days after #1 it still counts; a second later it does not.
    let edge = reported_before(
        &f.tickets,
        "3-2-1201",
        "faucet_leak",
        t("2026-11-11 09:00"),
        &rules,
    );
    assert_eq!(edge.count, 2);
    let after = reported_before(
        &f.tickets,
        "3-2-1201",
        "faucet_leak",
        t("2026-11-11 09:00:01"),
        &rules,
    );
    assert_eq!(after.count, 1);
    // #9 (cancelled) is not a report of 4-1-1001.
    assert_eq!(
        reported_before(&f.tickets, "4-1-1001", "faucet_leak", as_of(), &rules).count,
        0
    );
}

#[test]
fn keys_lent_approved_and_late() {
    let (_, f) = october_facts();
    let k = key_figures(&october(), &f.loans, as_of());
    assert_eq!((k.lent, k.needing_approval, k.approved), (5, 3, 2));
    assert_eq!(k.unapproved, [6]);
    assert_eq!(k.returned, 4);
    // Due in October: #1 and #6 back in time, #2 late, #3 still out.
    assert_eq!(k.on_time, Rate::new(2, 4));
    let late: Vec<(i64, i64)> = k
        .returned_late
        .iter()
        .map(|l| (l.id, l.late_secs))
        .collect();
    assert_eq!(late, [(5, 3 * 86_400), (2, 9_000)]);
    let out: Vec<(i64, i64)> = k.out_overdue.iter().map(|l| (l.id, l.late_secs)).collect();
    assert_eq!(out, [(3, 36 * 3600)]);
    assert_eq!(k.out_at_end, 2);
}

#[test]
fn emergencies_response_and_follow_up() {
    let (_, f) = october_facts();
    let e = emergency_figures(&october(), &f.emergencies, &FigureRules::default(), as_of());
    assert_eq!((e.registered, e.cancelled, e.on_scene), (2, 0, 2));
    // 4 and 7 minutes: the median is the mean of the two.
    assert_eq!(
        (e.response_median_secs, e.response_max_secs),
        (Some(330), Some(420))
    );
    assert_eq!(e.by_severity.get("serious"), Some(&1));
    // #15 visited 10-20 (due 10-25); #17's visit, due 10-10, never made;
    // #16's is due 11-11.
    assert_eq!(
        follow_up_due(t("2026-10-05 12:00"), 20),
        t("2026-10-25 23:59:59")
    );
    assert_eq!(e.follow_ups.in_time, Rate::new(1, 2));
    assert_eq!(
        e.follow_ups
            .late
            .iter()
            .map(|l| l.ticket_id)
            .collect::<Vec<_>>(),
        [17]
    );
    assert_eq!(e.follow_ups.late[0].due_at, t("2026-10-10 23:59:59"));
}

#[test]
fn the_complaint_summary() {
    let (_, f) = october_facts();
    let s = complaint_summary(
        &october(),
        &f.tickets,
        &f.deadlines,
        &f.callbacks,
        &FigureRules::default(),
        as_of(),
    );
    assert_eq!(s.data_due, Some(t("2026-11-02 00:00").date()));
    assert_eq!(s.report_due, Some(t("2026-11-05 00:00").date()));
    let total = &s.total;
    // #12 #13 #14 #18 (#11 was registered in September).
    assert_eq!(
        (
            total.registered,
            total.valid,
            total.invalid,
            total.unclassified
        ),
        (4, 3, 1, 0)
    );
    assert_eq!((total.escalated, total.reopened, total.repeats), (1, 1, 1));
    assert_eq!(total.dispatched_in_time, Rate::new(3, 4));
    assert_eq!(total.replied_in_time, Rate::new(2, 4));
    assert_eq!(total.explained_in_time, Rate::new(0, 1));
    // Followed past the month: #14's first and #18's second contact rounds
    // (due 11-03 and 11-02) are overdue at report time.
    assert_eq!(total.contacted_in_time, Rate::new(3, 5));
    assert_eq!((total.closed, total.open), (2, 2));
    assert_eq!(
        (
            total.callbacks_owed,
            total.callbacks_reached,
            total.callbacks_in_time
        ),
        (4, 3, 2)
    );
    assert_eq!(
        (
            total.satisfied,
            total.basic,
            total.unsatisfied,
            total.unreachable
        ),
        (1, 1, 1, 1)
    );
    assert_eq!(
        (total.coverage, total.pass),
        (Rate::new(3, 4), Rate::new(2, 3))
    );
    let keys =
        |rows: &[complaints::ComplaintRow]| rows.iter().map(|r| r.key.clone()).collect::<Vec<_>>();
    assert_eq!(keys(&s.by_category), ["corridor_dirty", "noise", "parking"]);
    assert_eq!(keys(&s.by_department), ["", "cleaning", "security"]);
    let sec = &s.by_department[2];
    assert_eq!(
        (sec.registered, sec.replied_in_time, sec.repeats),
        (2, Rate::new(2, 3), 1)
    );
    // The rows add up to the total.
    let sum = s.by_category.iter().map(|r| r.registered).sum::<u32>();
    assert_eq!(sum, total.registered);
}

#[test]
fn the_monthly_report_serializes() {
    let (_, f) = october_facts();
    let m = monthly(&october(), &f, &FigureRules::default(), as_of());
    let v = serde_json::to_value(&m).expect("json");
    assert_eq!(v["period"]["label"], "2026-10");
    assert_eq!(v["timeliness"]["overall"]["per_mille"], 714);
    assert_eq!(v["callbacks"]["index"]["part"], 840);
    assert_eq!(v["counts"]["by_kind"][0]["key"], "repair");
    assert_eq!(v["counts"]["by_kind"][0]["opened"], 6);
    let unfinished: Vec<i64> = m.unfinished.iter().map(|o| o.ticket_id).collect();
    assert_eq!(unfinished, [3, 18, 14, 7, 8]);
}
