//! Period edges: a closing at 00:00 of the next month, a week across a month
//! end, a deadline registered on the last evening of a month; and the
//! smaller rules each figure stands on.

use super::month::{as_of, october};
use super::records::october_facts;
use super::sim::t;
use crate::domain::deadline::What;
use crate::domain::figures::counts::counts;
use crate::domain::figures::emergencies::median;
use crate::domain::figures::timeliness::{standing, timeliness, Standing};
use crate::domain::figures::*;
use crate::domain::ticket::Kind;
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

#[test]
fn periods_and_their_neighbours() {
    let oct = october();
    assert_eq!(
        (oct.from(), oct.to()),
        (t("2026-10-01 00:00"), t("2026-11-01 00:00"))
    );
    assert_eq!(oct.label(), "2026-10");
    assert_eq!(oct.next(), Period::month(2026, 11).expect("Nov"));
    assert_eq!(
        Period::month(2026, 1).expect("Jan").previous(),
        Period::month(2025, 12).expect("Dec")
    );
    assert_eq!(Period::month(2026, 13), None);
    assert!(oct.contains(t("2026-10-31 23:59:59")));
    assert!(!oct.contains(t("2026-11-01 00:00")));
    // Thursday 10-29 is in ISO week 44, Monday 10-26 to Monday 11-02.
    let w = Period::week_of(d("2026-10-29"));
    assert_eq!(
        (w.from(), w.to(), w.label()),
        (
            t("2026-10-26 00:00"),
            t("2026-11-02 00:00"),
            "2026-W44".into()
        )
    );
    assert_eq!(
        Period::week_of(d("2026-11-01")),
        w,
        "Sunday belongs to the week before"
    );
    assert_eq!(w.next(), Period::week_of(d("2026-11-02")));
    assert_eq!(w.previous().from(), t("2026-10-19 00:00"));
    let day = Period::day(d("2026-10-31"));
    assert_eq!(
        (day.next().label(), day.previous().label()),
        ("2026-11-01".into(), "2026-10-30".into())
    );
    let r = Period::range(t("2026-10-01 00:00"), t("2026-10-15 00:00")).expect("range");
    assert_eq!(r.next().to(), t("2026-10-29 00:00"));
    assert_eq!(r.previous().from(), t("2026-09-17 00:00"));
    assert_eq!(Period::range(r.to(), r.from()), None);
    // Whole days, both included: a custom range typed as two dates.
    let days = Period::days(d("2026-10-01"), d("2026-10-14")).expect("days");
    assert_eq!(days, r);
    assert_eq!(days.label(), "2026-10-01 00:00..2026-10-15 00:00");
    let one = Period::days(d("2026-10-01"), d("2026-10-01")).expect("one day");
    assert!(one.contains(t("2026-10-01 23:59")) && !one.contains(t("2026-10-02 00:00")));
    assert_eq!(Period::days(d("2026-10-02"), d("2026-10-01")), None);
}

#[test]
fn a_closing_at_midnight_belongs_to_the_next_month() {
    let (_, f) = october_facts();
    let oct = counts(&october(), &f.tickets);
    let nov = counts(&october().next(), &f.tickets);
    let repair = |c: &counts::Counts| {
        c.by_kind
            .iter()
            .find(|r| r.key == "repair")
            .map(|r| r.tally)
            .expect("repairs")
    };
    // #7 is open at the end of October and closed in November.
    assert_eq!((repair(&oct).closed, repair(&oct).open_at_end), (2, 2));
    assert_eq!(
        (
            repair(&nov).open_at_start,
            repair(&nov).closed,
            repair(&nov).open_at_end
        ),
        (2, 1, 1)
    );
    assert_eq!(nov.total.open_at_start, oct.total.open_at_end);
    assert_eq!(nov.total.closed, 1);
}

#[test]
fn a_week_across_the_month_end() {
    let (_, f) = october_facts();
    let w = Period::week_of(d("2026-10-29"));
    let c = counts(&w, &f.tickets);
    // Open on Monday: #3. Registered: #18 #14 #7 #8. Closed: #7 at 11-01 00:00.
    assert_eq!(
        (
            c.total.open_at_start,
            c.total.opened,
            c.total.closed,
            c.total.open_at_end
        ),
        (1, 4, 1, 4)
    );
    // The dispatch deadline of #8 (11-01 00:10) is the week's, not October's.
    let tl = timeliness(&w, &f.deadlines, as_of());
    assert_eq!(
        tl.rule(What::Dispatch).expect("dispatch").rate,
        Rate::new(4, 4)
    );
    let nov = timeliness(&october().next(), &f.deadlines, as_of());
    let dispatch = nov.rule(What::Dispatch).expect("dispatch");
    assert_eq!(
        (dispatch.rate, dispatch.by_kind[0].kind),
        (Rate::new(1, 1), Kind::PaidService)
    );
    let weekly = weekly(&w, &f, &FigureRules::default(), as_of());
    assert_eq!(
        weekly
            .unfinished
            .iter()
            .map(|o| o.ticket_id)
            .collect::<Vec<_>>(),
        [3, 18, 14, 8]
    );
}

#[test]
fn the_daily_sheet_lists_what_is_overdue_tonight() {
    let (_, f) = october_facts();
    let day = Period::day(d("2026-10-30"));
    let s = daily(&day, &f, &FigureRules::default(), as_of());
    assert_eq!(s.counts.total.opened, 1);
    assert_eq!(
        s.timeliness.rule(What::Finish).expect("finish").rate,
        Rate::new(0, 1)
    );
    let late: Vec<(i64, Vec<What>)> = s
        .overdue
        .iter()
        .map(|o| (o.ticket_id, o.overdue.clone()))
        .collect();
    assert_eq!(late, [(14, vec![What::Reply])]);
    assert_eq!(s.overdue[0].age_days, 3);
    // Keys: #3 went out that morning and was due back at noon.
    assert_eq!(
        s.keys.out_overdue.iter().map(|l| l.id).collect::<Vec<_>>(),
        [3]
    );
}

fn fact(status: DeadlineStatus, due: &str, settled: Option<&str>) -> DeadlineFact {
    DeadlineFact {
        ticket_id: 1,
        kind: Kind::Repair,
        unit: None,
        department: None,
        what: What::Finish,
        round: 1,
        due_at: t(due),
        paused_secs: 0,
        status,
        settled_at: settled.map(t),
        held_since: None,
    }
}

#[test]
fn how_a_deadline_stands() {
    use DeadlineStatus::*;
    let now = t("2026-10-20 12:00");
    // The stored result decides, whatever the times say.
    assert_eq!(
        standing(
            &fact(Met, "2026-10-20 10:00", Some("2026-10-20 11:00")),
            now
        ),
        Standing::Met
    );
    assert_eq!(
        standing(
            &fact(Missed, "2026-10-20 17:00", Some("2026-10-20 11:00")),
            now
        ),
        Standing::Missed
    );
    // A result settled after `as_of` is not known yet.
    assert_eq!(
        standing(
            &fact(Met, "2026-10-20 17:00", Some("2026-10-20 13:00")),
            now
        ),
        Standing::Running
    );
    assert_eq!(
        standing(
            &fact(Missed, "2026-10-20 11:00", Some("2026-10-20 13:00")),
            now
        ),
        Standing::Overdue
    );
    assert_eq!(
        standing(&fact(Pending, "2026-10-20 11:59", None), now),
        Standing::Overdue
    );
    assert_eq!(
        standing(&fact(Pending, "2026-10-20 12:00", None), now),
        Standing::Running
    );
    // Voided by the end of the ticket: lapsed before due, missed after.
    assert_eq!(
        standing(
            &fact(Void, "2026-10-20 11:00", Some("2026-10-20 10:00")),
            now
        ),
        Standing::Lapsed
    );
    assert_eq!(
        standing(
            &fact(Void, "2026-10-20 11:00", Some("2026-10-20 11:30")),
            now
        ),
        Standing::Missed
    );
    // On hold: paused if the clock stopped before due, else already missed.
    let mut held = fact(Pending, "2026-10-20 11:00", None);
    held.held_since = Some(t("2026-10-20 10:30"));
    assert_eq!(standing(&held, now), Standing::Paused);
    held.held_since = Some(t("2026-10-20 11:30"));
    assert_eq!(standing(&held, now), Standing::Overdue);
}

#[test]
fn a_paused_deadline_keeps_its_period() {
    let mut d = fact(
        DeadlineStatus::Met,
        "2026-11-01 02:00",
        Some("2026-11-01 01:00"),
    );
    // Due 10-31 23:00, then 3 hours on hold: still October's promise.
    d.paused_secs = 3 * 3600;
    let tl = timeliness(&october(), &[d.clone()], as_of());
    assert_eq!(tl.rule(What::Finish).expect("finish").rate, Rate::new(1, 1));
    let nov = timeliness(&october().next(), &[d], as_of());
    assert_eq!(
        nov.rule(What::Finish).expect("finish").rate,
        Rate::new(0, 0)
    );
}

#[test]
fn rates_are_exact() {
    assert_eq!(Rate::new(2, 3).per_mille(), Some(667));
    assert_eq!(Rate::new(1, 8).per_mille(), Some(125));
    assert_eq!(Rate::new(1, 2000).per_mille(), Some(1), "half up");
    assert_eq!(Rate::new(0, 0).per_mille(), None);
    assert_eq!(Rate::new(5, 3), Rate::new(3, 3), "never above all");
    // 24 of 25 is 96% exactly; 23 of 24 (95.83%) is short.
    assert_eq!(Rate::new(24, 25).reaches(96), Some(true));
    assert_eq!(Rate::new(23, 24).reaches(96), Some(false));
    assert_eq!(Rate::new(0, 0).reaches(96), None);
    assert_eq!(median(vec![]), None);
    assert_eq!(median(vec![7, 1, 4]), Some(4));
    assert_eq!(median(vec![240, 421]), Some(330));
}

#[test]
fn continuations_are_not_new_reports() {
    let (_, f) = october_facts();
    let mut tickets = f.tickets.clone();
    // A follow-up rework of #2 (same unit and category) is #2 carried on.
    let mut child = tickets.iter().find(|t| t.id == 2).expect("#2").clone();
    child.id = 30;
    child.parent = Some(2);
    child.created_at = t("2026-10-25 10:00");
    tickets.push(child);
    let r = repeats::unit_repeats(&october(), &tickets, &FigureRules::default());
    assert_eq!(r[0].tickets, [1, 2]);
    // Two reports 30 days and a second apart are not a repeat.
    let mut far = tickets.iter().find(|t| t.id == 2).expect("#2").clone();
    far.id = 31;
    far.parent = None;
    far.created_at = t("2026-11-19 10:00:01");
    tickets.push(far);
    let nov = repeats::unit_repeats(&october().next(), &tickets, &FigureRules::default());
    assert!(nov.is_empty(), "{nov:?}");
}

#[test]
fn the_building_threshold_is_a_setting() {
    let (_, f) = october_facts();
    let rules = FigureRules {
        building_units: 4,
        ..FigureRules::default()
    };
    assert!(repeats::building_repeats(&october(), &f.tickets, &rules).is_empty());
    let two = FigureRules {
        building_units: 2,
        ..FigureRules::default()
    };
    let found = repeats::building_repeats(&october(), &f.tickets, &two);
    let keys: Vec<(u32, &str, usize)> = found
        .iter()
        .map(|b| (b.building, b.category.as_str(), b.units.len()))
        .collect();
    // Building 7 reaches two units on 10-08 (the third joins the same run).
    assert_eq!(keys, [(7, "elevator_noise", 3)]);
    assert_eq!(found[0].reached_at, t("2026-10-08 09:00"));
}

#[test]
fn the_scope_reaches_back_for_repeats_and_follow_ups() {
    let s = scope(&october(), &FigureRules::default());
    assert_eq!(s.lookback_from, t("2026-09-01 00:00"));
    assert_eq!(s.follow_up_from, t("2026-09-10 00:00"));
    // #17, handled 09-20, owes its visit on 10-10: inside the scope.
    assert!(s.follow_up_from <= t("2026-09-20 14:00"));
}

#[test]
fn intake_is_counted_per_day_of_a_month_and_per_hour_of_a_day() {
    use crate::domain::figures::counts::intake_series;
    let (_, f) = october_facts();
    let oct = october();
    let days = intake_series(&oct, &f.tickets);
    assert_eq!(days.len(), 31);
    let registered = f
        .tickets
        .iter()
        .filter(|t| oct.contains(t.created_at))
        .count() as u64;
    assert_eq!(days.iter().sum::<u64>(), registered);
    // Each ticket in the slice of its registration day.
    for tk in f.tickets.iter().filter(|t| oct.contains(t.created_at)) {
        let i = (tk.created_at.date() - oct.from().date()).num_days() as usize;
        assert!(days[i] > 0, "#{} on day {i}", tk.id);
    }
    let first = f
        .tickets
        .iter()
        .filter(|t| oct.contains(t.created_at))
        .map(|t| t.created_at)
        .min()
        .expect("a ticket in October");
    let day = Period::day(first.date());
    let hours = intake_series(&day, &f.tickets);
    assert_eq!(hours.len(), 24);
    use chrono::Timelike;
    assert!(hours[first.hour() as usize] >= 1);
}

#[test]
fn the_figures_owe_a_visit_on_the_day_the_task_is_due() {
    use crate::domain::callback::visit_due;
    use crate::domain::figures::emergencies::follow_up_due;
    for (handled, days) in [
        ("2026-09-30 15:00", 20),
        ("2026-12-31 23:59", 20),
        ("2026-02-27 00:00", 1),
    ] {
        assert_eq!(
            visit_due(t(handled), days),
            follow_up_due(t(handled), i64::from(days))
        );
    }
}
