use super::*;
use crate::domain::calendar::WorkCalendar;

fn t(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .unwrap()
}

#[test]
fn defaults_are_the_issue_s() {
    let r = CallbackRules::default();
    assert_eq!(r.complaint_within_days, 3);
    assert_eq!(r.developer_defect_working_days, 3);
    assert_eq!(r.sample_percent, 60);
    assert_eq!(r.monthly_households, 20);
    assert_eq!(r.satisfaction_percent, 96);
    assert_eq!(r.max_attempts, 3);
    assert!(r.validate().is_ok());
    for bad in [
        CallbackRules {
            sample_percent: 101,
            ..Default::default()
        },
        CallbackRules {
            max_attempts: 0,
            ..Default::default()
        },
        CallbackRules {
            complaint_after_days: 4,
            ..Default::default()
        },
        CallbackRules {
            satisfaction_percent: 120,
            ..Default::default()
        },
    ] {
        assert!(bad.validate().is_err(), "{bad:?}");
    }
}

#[test]
fn which_steps_create_a_task() {
    use Action as A;
    assert_eq!(
        trigger(Kind::Complaint, A::Reply, State::Replied, false),
        Some(Trigger::Complaint(Reason::Complaint))
    );
    assert_eq!(
        trigger(Kind::Complaint, A::Reply, State::Replied, true),
        Some(Trigger::Complaint(Reason::DeveloperDefect))
    );
    assert_eq!(
        trigger(Kind::Complaint, A::Explain, State::Explained, false),
        Some(Trigger::Complaint(Reason::InvalidComplaint))
    );
    assert_eq!(
        trigger(Kind::Repair, A::Complete, State::Done, false),
        Some(Trigger::Finished)
    );
    assert_eq!(
        trigger(Kind::PaidService, A::Complete, State::Done, false),
        Some(Trigger::Finished)
    );
    // Nothing else: handling, closing, paying, emergencies, enquiries.
    assert_eq!(
        trigger(Kind::Complaint, A::Handle, State::Handled, false),
        None
    );
    assert_eq!(trigger(Kind::Repair, A::Close, State::Closed, false), None);
    assert_eq!(
        trigger(Kind::PaidService, A::ConfirmPayment, State::Paid, false),
        None
    );
    assert_eq!(
        trigger(Kind::Emergency, A::SignOff, State::Closed, false),
        None
    );
    // The emergency's record completed: its follow-up visit (004 篇1 3.3.1).
    assert_eq!(
        trigger(Kind::Emergency, A::Record, State::Recorded, false),
        Some(Trigger::Visit)
    );
    assert_eq!(
        trigger(Kind::Enquiry, A::Answer, State::Closed, false),
        None
    );
}

#[test]
fn due_times() {
    let cal = WorkCalendar::cn_default();
    let r = CallbackRules::default();
    // Complaint replied Monday 10:00: by Thursday end of day, callable at once.
    let s = schedule(
        &r,
        &cal,
        Reason::Complaint,
        t("2026-11-23 10:00"),
        Some("engineering"),
    );
    assert_eq!(s.due_at, t("2026-11-26 23:59:59"));
    assert_eq!(s.not_before, None);
    // Calendar days, not working days: Friday → Monday.
    let s = schedule(&r, &cal, Reason::Complaint, t("2026-11-27 16:00"), None);
    assert_eq!(s.due_at, t("2026-11-30 23:59:59"));
    // A 3 days – 1 week window (004 篇1 3.5.3), cleaning excepted.
    let week = CallbackRules {
        complaint_after_days: 3,
        complaint_within_days: 7,
        ..Default::default()
    };
    let s = schedule(
        &week,
        &cal,
        Reason::Complaint,
        t("2026-11-23 10:00"),
        Some("security"),
    );
    assert_eq!(s.not_before, Some(t("2026-11-26 10:00")));
    assert_eq!(s.due_at, t("2026-11-30 23:59:59"));
    let s = schedule(
        &week,
        &cal,
        Reason::Complaint,
        t("2026-11-23 10:00"),
        Some("cleaning"),
    );
    assert_eq!(s.not_before, None);
    // Developer defect: 3 working days, across a weekend and New Year.
    let s = schedule(
        &r,
        &cal,
        Reason::DeveloperDefect,
        t("2026-11-27 09:00"),
        Some("developer"),
    );
    assert_eq!(s.due_at, t("2026-12-02 23:59:59"));
    let s = schedule(
        &r,
        &cal,
        Reason::DeveloperDefect,
        t("2026-12-31 09:00"),
        None,
    );
    assert_eq!(s.due_at, t("2027-01-05 23:59:59"));
    // The day's work orders: next working day; Friday → Monday; before National Day.
    let s = schedule(&r, &cal, Reason::Sample, t("2026-11-23 15:00"), None);
    assert_eq!(s.due_at, t("2026-11-24 23:59:59"));
    let s = schedule(&r, &cal, Reason::Sample, t("2026-11-27 15:00"), None);
    assert_eq!(s.due_at, t("2026-11-30 23:59:59"));
    let s = schedule(&r, &cal, Reason::Rework, t("2026-09-30 15:00"), None);
    assert_eq!(s.due_at, t("2026-10-08 23:59:59"));
    // An emergency's visit: 20 calendar days, holidays and weekends included
    // (the figures' tests check they hold it to the same day).
    let s = schedule(
        &r,
        &cal,
        Reason::EmergencyVisit,
        t("2026-09-30 15:00"),
        None,
    );
    assert_eq!(s.not_before, None);
    assert_eq!(s.due_at, t("2026-10-20 23:59:59"));
}

#[test]
fn month_helpers() {
    assert_eq!(month_key(t("2026-11-23 10:00")), "2026-11");
    let (a, b) = month_bounds(t("2026-12-31 10:00").date());
    assert_eq!((a, b), (t("2026-12-01 00:00"), t("2027-01-01 00:00")));
    let (a, b) = month_bounds(t("2026-02-14 10:00").date());
    assert_eq!((a, b), (t("2026-02-01 00:00"), t("2026-03-01 00:00")));
}

#[test]
fn scores_are_deterministic_and_salted() {
    let a = sample_score("阳光花园", "2026-11", 42);
    assert_eq!(a, sample_score("阳光花园", "2026-11", 42));
    assert!(a < SCORE_SCALE);
    let differ = (1..200)
        .filter(|id| {
            sample_score("阳光花园", "2026-11", *id) != sample_score("翠湖苑", "2026-11", *id)
        })
        .count();
    assert!(differ > 190, "the salt changes the draw ({differ}/199)");
    let differ = (1..200)
        .filter(|id| sample_score("", "2026-11", *id) != sample_score("", "2026-12", *id))
        .count();
    assert!(differ > 190, "the month changes the draw ({differ}/199)");
}

/// 10 000 generated finished work orders over months of very different sizes.
fn simulate(rate: u32, salt: &str) -> Vec<(String, i64, Decision)> {
    let mut rng = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let mut out = Vec::new();
    let mut id = 0i64;
    let mut m = 0u32;
    while out.len() < 10_000 {
        let month = format!("{}-{:02}", 2024 + m / 12, 1 + m % 12);
        let size = 5 + next() % 600;
        let (mut n, mut k) = (0u32, 0u32);
        for _ in 0..size {
            if out.len() >= 10_000 {
                break;
            }
            // Ids interleave as in a real database (other kinds between).
            id += 1 + (next() % 3) as i64;
            let d = decide(rate, n, k, sample_score(salt, &month, id));
            n += 1;
            k += d.selected as u32;
            out.push((month.clone(), id, d));
        }
        m += 1;
    }
    out
}

#[test]
fn sampling_rate_holds_every_month_over_10000_tickets() {
    for rate in [0u32, 10, 33, 60, 75, 100] {
        let all = simulate(rate, "阳光花园");
        let mut months: std::collections::BTreeMap<&str, (u32, u32)> = Default::default();
        let mut by_hash = 0;
        for (month, _, d) in &all {
            let e = months.entry(month.as_str()).or_default();
            e.0 += 1;
            e.1 += d.selected as u32;
            by_hash += (d.basis == Basis::Hash) as u32;
            // At every point of the month the count is within the band.
            let dev = (100 * e.1 as i64 - (rate * e.0) as i64).unsigned_abs();
            assert!(dev <= band_hundredths(e.0), "rate {rate} {month}: {e:?}");
        }
        for (month, (n, k)) in &months {
            let got = 100.0 * *k as f64 / *n as f64;
            let bound = (100.0 / *n as f64).max(2.0);
            assert!(
                (got - rate as f64).abs() <= bound + 1e-9,
                "rate {rate} {month}: {k}/{n} = {got:.1}%"
            );
            if *n >= 20 {
                assert!((got - rate as f64).abs() <= 5.0, "±5% over {n}");
            }
        }
        // The hash decides nearly everything: the sample is not a pattern.
        assert!(
            by_hash as f64 >= 0.85 * all.len() as f64,
            "rate {rate}: hash decided {by_hash}/{}",
            all.len()
        );
    }
}

#[test]
fn sampling_is_deterministic_and_not_periodic() {
    let a = simulate(60, "阳光花园");
    let b = simulate(60, "阳光花园");
    assert_eq!(a, b, "same tickets, same decisions");
    let c = simulate(60, "翠湖苑");
    let same = a
        .iter()
        .zip(&c)
        .filter(|(x, y)| x.2.selected == y.2.selected)
        .count();
    assert!(same < 7_000, "another site draws another sample ({same})");
    // Runs of 5 selected or 4 skipped in a row happen, as in a fair draw; a
    // fixed rotation (1,0,1,1,0, …) never gives more than 2 in a row.
    let sel: Vec<bool> = a.iter().map(|x| x.2.selected).collect();
    let runs = sel.windows(5).filter(|w| w.iter().all(|s| *s)).count();
    assert!(runs > 200, "runs of 5 selected: {runs}");
    let runs = sel.windows(4).filter(|w| w.iter().all(|s| !*s)).count();
    assert!(runs > 50, "runs of 4 skipped: {runs}");
    let hash_share = a.iter().filter(|x| x.2.basis == Basis::Hash).count();
    let up = a.iter().filter(|x| x.2.basis == Basis::QuotaUp).count();
    let down = a.iter().filter(|x| x.2.basis == Basis::QuotaDown).count();
    assert_eq!(a.len(), 10_000);
    assert!(hash_share > 9_000, "hash {hash_share} up {up} down {down}");
    assert!(up > 0 && down > 0, "the quota both adds and skips");
}

#[test]
fn quota_steps_in_at_the_band() {
    // 10 decided, 6 picked; the band after the 11th is 1 ticket.
    // Hash says yes but 7 > 6.6 + 1? no → hash.
    assert_eq!(decide(60, 10, 6, 0).basis, Basis::Hash);
    // 10 decided, 8 picked: a yes would make 9 > 6.6 + 1 → quota says no.
    assert_eq!(
        decide(60, 10, 8, 0),
        Decision {
            selected: false,
            basis: Basis::QuotaDown
        }
    );
    // 10 decided, 5 picked: a no leaves 5 < 6.6 - 1 → quota says yes.
    assert_eq!(
        decide(60, 10, 5, 9_999),
        Decision {
            selected: true,
            basis: Basis::QuotaUp
        }
    );
    assert!(decide(100, 0, 0, 9_999).selected);
    assert!(!decide(0, 0, 0, 0).selected);
}

#[test]
fn outcome_plans() {
    use Satisfaction as V;
    let s = V::Satisfied;
    assert_eq!(
        plan(Kind::Repair, State::Done, s),
        Plan::Step(Action::Close)
    );
    assert_eq!(
        plan(Kind::Repair, State::Done, V::Basic),
        Plan::Step(Action::Close)
    );
    assert_eq!(
        plan(Kind::Repair, State::Closed, s),
        Plan::Leave(Effect::AlreadyClosed)
    );
    assert_eq!(
        plan(Kind::PaidService, State::Done, s),
        Plan::Leave(Effect::AwaitingPayment)
    );
    assert_eq!(
        plan(Kind::PaidService, State::Paid, s),
        Plan::Step(Action::Close)
    );
    assert_eq!(
        plan(Kind::Complaint, State::Replied, s),
        Plan::Step(Action::Close)
    );
    assert_eq!(
        plan(Kind::Complaint, State::Explained, s),
        Plan::Step(Action::Close)
    );
    let u = V::Unsatisfied;
    assert_eq!(
        plan(Kind::Repair, State::Done, u),
        Plan::Step(Action::Rework)
    );
    assert_eq!(
        plan(Kind::PaidService, State::Done, u),
        Plan::Step(Action::Rework)
    );
    assert_eq!(
        plan(Kind::PaidService, State::Paid, u),
        Plan::Step(Action::Rework)
    );
    assert_eq!(plan(Kind::Repair, State::Closed, u), Plan::FollowUp);
    assert_eq!(
        plan(Kind::Complaint, State::Replied, u),
        Plan::Step(Action::Reopen)
    );
    assert_eq!(
        plan(Kind::Complaint, State::Closed, u),
        Plan::Step(Action::Reopen)
    );
    assert_eq!(
        plan(Kind::Complaint, State::Explained, u),
        Plan::Leave(Effect::Supervisor)
    );
    // Every step a plan names is one the table allows from that state.
    for &kind in &[Kind::Repair, Kind::PaidService, Kind::Complaint] {
        for &state in crate::domain::transitions::states_of(kind).iter() {
            for &v in Satisfaction::ALL {
                if let Plan::Step(a) = plan(kind, state, v) {
                    assert!(
                        crate::domain::transitions::find(kind, state, a).is_some(),
                        "{kind} {state} {v}: {a}"
                    );
                }
            }
        }
    }
    assert_eq!(
        unreachable_plan(Kind::Repair, State::Done),
        Plan::Step(Action::Close)
    );
    assert_eq!(
        unreachable_plan(Kind::PaidService, State::Paid),
        Plan::Step(Action::Close)
    );
    assert_eq!(
        unreachable_plan(Kind::PaidService, State::Done),
        Plan::Leave(Effect::Unchanged)
    );
    assert_eq!(
        unreachable_plan(Kind::Complaint, State::Replied),
        Plan::Leave(Effect::Supervisor)
    );
    assert_eq!(
        unreachable_plan(Kind::Repair, State::Closed),
        Plan::Leave(Effect::Unchanged)
    );
}

#[test]
fn missed_calls_retry_then_give_up() {
    let cal = WorkCalendar::cn_default();
    let r = CallbackRules::default();
    let due = t("2026-11-24 23:59:59");
    // Monday 10:00, first miss: again from 14:00, by Tuesday night.
    assert_eq!(
        after_miss(&r, &cal, 1, t("2026-11-23 10:00"), due),
        AfterMiss::Retry {
            not_before: t("2026-11-23 14:00"),
            due_at: t("2026-11-24 23:59:59")
        }
    );
    // Friday evening miss: the next working day is Monday.
    assert_eq!(
        after_miss(&r, &cal, 2, t("2026-11-27 18:00"), due),
        AfterMiss::Retry {
            not_before: t("2026-11-27 22:00"),
            due_at: t("2026-11-30 23:59:59")
        }
    );
    assert_eq!(
        after_miss(&r, &cal, 3, t("2026-11-30 10:00"), due),
        AfterMiss::Unreachable
    );
}

#[test]
fn outcomes_are_checked() {
    let handled = t("2026-11-22 10:00");
    let now = t("2026-11-23 10:00");
    let ok = Outcome::simple(now, CallResult::Satisfied, "");
    assert!(normalize(ok.clone(), handled, now).is_ok());
    let mut miss = Outcome::simple(now, CallResult::Unreached, "无人接听");
    miss.attitude = Some(Rating::Good);
    let n = normalize(miss, handled, now).unwrap();
    assert_eq!((n.attitude, n.satisfaction, n.reached), (None, None, false));
    assert_eq!(
        normalize(
            Outcome::simple(now, CallResult::Unsatisfied, "  "),
            handled,
            now
        ),
        Err(CallbackError::WordsMissing)
    );
    let mut no_verdict = ok.clone();
    no_verdict.satisfaction = None;
    assert_eq!(
        normalize(no_verdict, handled, now),
        Err(CallbackError::VerdictMissing)
    );
    assert_eq!(
        normalize(
            Outcome::simple(t("2026-11-23 11:00"), CallResult::Basic, ""),
            handled,
            now
        ),
        Err(CallbackError::InFuture)
    );
    assert_eq!(
        normalize(
            Outcome::simple(t("2026-11-21 11:00"), CallResult::Basic, ""),
            handled,
            now
        ),
        Err(CallbackError::BeforeHandled(handled))
    );
}

#[test]
fn sections_and_figures() {
    let now = t("2026-11-23 10:00");
    assert_eq!(section(t("2026-11-22 23:59:59"), now), Section::Overdue);
    assert_eq!(section(t("2026-11-23 23:59:59"), now), Section::Today);
    assert_eq!(section(t("2026-11-24 23:59:59"), now), Section::Upcoming);
    let r = CallbackRules::default();
    let c = MonthCounts {
        households: 18,
        satisfied: 20,
        basic: 3,
        unsatisfied: 1,
        complaints_owed: 5,
        complaints_reached: 5,
        finished: 50,
        sampled: 31,
        overdue: 2,
    };
    let f = Figures::new("2026-11".into(), c, &r);
    assert!(f.households_short());
    assert!((f.satisfaction_percent.unwrap() - 95.833).abs() < 0.01);
    assert!(f.satisfaction_short());
    assert_eq!(f.complaint_coverage_percent, Some(100.0));
    assert!(!f.coverage_short());
    assert_eq!(f.sample_percent, Some(62.0));
    assert!(!f.sample_off());
    let empty = Figures::new("2026-12".into(), MonthCounts::default(), &r);
    assert_eq!(empty.satisfaction_percent, None);
    assert!(!empty.satisfaction_short());
}
