//! Properties over random facts: every rate within 0..=100%, every breakdown
//! summing to its total, every row balancing (open at start + opened = ended
//! + open at end), every decided deadline either met or late-listed.

use crate::domain::callback::{Basis, Rating, Reason, Satisfaction, Status};
use crate::domain::deadline::What;
use crate::domain::figures::callbacks::callback_figures;
use crate::domain::figures::counts::{counts, Row, Tally};
use crate::domain::figures::timeliness::timeliness;
use crate::domain::figures::*;
use crate::domain::ticket::{Channel, Kind, State};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use proptest::prelude::*;

fn base() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 10, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("base")
}

/// Minutes from the base, spanning the month before to the month after.
fn minutes() -> impl Strategy<Value = i64> {
    -45 * 1440i64..75 * 1440
}

const FINAL: [State; 5] = [
    State::Dispatched,
    State::Closed,
    State::Cancelled,
    State::OutOfScope,
    State::Converted,
];

fn ticket() -> impl Strategy<Value = TicketFact> {
    (
        (
            0..Kind::ALL.len(),
            0..Channel::ALL.len(),
            0..4usize,
            proptest::option::of(0..6u32),
        ),
        (
            proptest::option::of(0..3usize),
            minutes(),
            0..FINAL.len(),
            0..20 * 1440i64,
        ),
    )
        .prop_map(|((k, c, cat, unit), (dept, at, end, dur))| {
            let created_at = base() + Duration::minutes(at);
            let state = FINAL[end];
            TicketFact {
                id: at,
                kind: Kind::ALL[k],
                channel: Channel::ALL[c],
                category: ["", "leak", "noise", "lift"][cat].into(),
                unit: unit.map(|u| format!("{}-1-0{u}01", u % 3 + 1)),
                building: unit.map(|u| u % 3 + 1),
                department: dept.map(|d| ["engineering", "security", "cleaning"][d].into()),
                parent: None,
                created_at,
                state,
                ended_at: state
                    .is_final()
                    .then(|| created_at + Duration::minutes(dur)),
                validity: None,
                developer_defect: false,
                escalated: false,
                reopened: 0,
            }
        })
}

fn period() -> impl Strategy<Value = Period> {
    (0..4usize, 0..40i64).prop_map(|(kind, day)| {
        let d = base().date() + Duration::days(day - 5);
        match kind {
            0 => Period::day(d),
            1 => Period::week_of(d),
            2 => Period::month_of(d),
            _ => Period::range(
                base() + Duration::hours(day * 7),
                base() + Duration::hours(day * 7 + 100),
            )
            .expect("range"),
        }
    })
}

fn sum(rows: &[Row]) -> Tally {
    rows.iter().fold(Tally::default(), |mut a, r| {
        a.open_at_start += r.tally.open_at_start;
        a.opened += r.tally.opened;
        a.closed += r.tally.closed;
        a.cancelled += r.tally.cancelled;
        a.out_of_scope += r.tally.out_of_scope;
        a.converted += r.tally.converted;
        a.open_at_end += r.tally.open_at_end;
        a
    })
}

fn deadline() -> impl Strategy<Value = DeadlineFact> {
    (
        (0..What::ALL.len(), minutes(), 0..4usize, 0..3 * 3600i64),
        (
            proptest::option::of(-600..600i64),
            proptest::option::of(-600..600i64),
        ),
    )
        .prop_map(|((w, due, st, paused), (settled, held))| {
            let due_at = base() + Duration::minutes(due);
            let status = DeadlineStatus::ALL[st];
            DeadlineFact {
                ticket_id: due,
                kind: Kind::Repair,
                unit: None,
                department: None,
                what: What::ALL[w],
                round: 1,
                due_at,
                paused_secs: paused,
                status,
                settled_at: settled.map(|s| due_at + Duration::minutes(s)),
                held_since: held
                    .filter(|_| status == DeadlineStatus::Pending)
                    .map(|h| due_at + Duration::minutes(h)),
            }
        })
}

fn callback() -> impl Strategy<Value = CallbackFact> {
    let rating = || proptest::option::of(0..3usize).prop_map(|r| r.map(|r| Rating::ALL[r]));
    (
        (
            0..i64::MAX,
            0..Reason::ALL.len(),
            0..Status::ALL.len(),
            minutes(),
            0..5u32,
        ),
        (0..3usize, rating(), rating(), rating(), 0..4 * 1440i64),
    )
        .prop_map(
            |((id, reason, status, at, unit), (verdict, r1, r2, r3, later))| {
                let created_at = base() + Duration::minutes(at);
                let status = Status::ALL[status];
                let done = status == Status::Done;
                CallbackFact {
                    id,
                    ticket_id: id,
                    kind: Kind::Repair,
                    unit: Some(format!("1-1-{unit}")),
                    department: None,
                    category: String::new(),
                    reason: Reason::ALL[reason],
                    created_at,
                    first_due_at: created_at + Duration::days(3),
                    due_at: created_at + Duration::days(3),
                    status,
                    reached_at: done.then(|| created_at + Duration::minutes(later)),
                    verdict: done.then(|| Satisfaction::ALL[verdict]),
                    timeliness: r1.filter(|_| done),
                    attitude: r2.filter(|_| done),
                    workmanship: r3.filter(|_| done),
                    finished_at: (status != Status::Pending)
                        .then(|| created_at + Duration::minutes(later)),
                }
            },
        )
}

fn within(r: Rate) -> bool {
    r.part() <= r.whole() && r.per_mille().is_none_or(|p| p <= 1000)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn counts_add_up(tickets in proptest::collection::vec(ticket(), 0..40), p in period()) {
        let c = counts(&p, &tickets);
        let t = c.total;
        prop_assert_eq!(t.open_at_start + t.opened, t.ended() + t.open_at_end);
        for rows in [&c.by_kind, &c.by_category, &c.by_channel, &c.by_building, &c.by_department] {
            prop_assert_eq!(sum(rows), t);
            for r in rows.iter() {
                prop_assert_eq!(r.tally.open_at_start + r.tally.opened, r.tally.ended() + r.tally.open_at_end);
            }
        }
        let opened = tickets.iter().filter(|x| p.contains(x.created_at)).count() as u32;
        prop_assert_eq!(t.opened, opened);
        // The next period starts with what this one ended with.
        prop_assert_eq!(counts(&p.next(), &tickets).total.open_at_start, t.open_at_end);
    }

    #[test]
    fn timeliness_rates_are_rates(ds in proptest::collection::vec(deadline(), 0..40), p in period(), ahead in -20..60i64) {
        let as_of = base() + Duration::days(ahead);
        let tl = timeliness(&p, &ds, as_of);
        let mut total = 0;
        for r in &tl.rules {
            prop_assert!(within(r.rate));
            prop_assert_eq!(r.rate.whole(), r.met + r.missed);
            prop_assert_eq!(r.late.len() as u32, r.missed);
            prop_assert!(r.overdue <= r.missed);
            let by_kind: u32 = r.by_kind.iter().map(|k| k.rate.whole()).sum();
            prop_assert_eq!(by_kind, r.rate.whole());
            total += r.rate.whole();
            let seen = ds.iter().filter(|d| d.what == r.what && p.contains(d.nominal_due())).count() as u32;
            prop_assert!(r.rate.whole() + r.paused + r.running <= seen);
        }
        prop_assert_eq!(tl.overall.whole(), total);
        prop_assert!(within(tl.overall));
    }

    #[test]
    fn callback_rates_are_rates(cbs in proptest::collection::vec(callback(), 0..40), p in period(), ahead in -20..60i64) {
        let samples: Vec<SampleFact> = cbs.iter().map(|c| SampleFact {
            ticket_id: c.ticket_id,
            decided_at: c.created_at,
            selected: c.id % 3 != 0,
            basis: if c.id % 7 == 0 { Basis::Rework } else { Basis::Hash },
        }).collect();
        let f = callback_figures(&p, &cbs, &samples, &FigureRules::default(), base() + Duration::days(ahead));
        for r in [f.pass, f.pass_complaints, f.pass_work_orders, f.satisfaction, f.index,
                  f.complaint_coverage, f.complaint_in_time, f.sample] {
            prop_assert!(within(r));
        }
        prop_assert_eq!(f.reached, f.satisfied + f.basic + f.unsatisfied);
        prop_assert_eq!(
            f.pass.whole(),
            f.pass_complaints.whole() + f.pass_work_orders.whole() + f.pass_visits.whole()
        );
        prop_assert_eq!(f.satisfaction.whole(), f.households);
        prop_assert!(f.complaint_in_time.part() <= f.complaint_coverage.part());
    }
}
