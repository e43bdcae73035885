//! Callback figures 回访 (004 篇1 2.1, 3.5; 篇2 §4; 003 §7.8): households
//! reached against the monthly 20, 合格率, 满意率 (96%), 满意度 (75%),
//! complaint callback coverage (100%) and the work-order sample against the
//! site's rate (篇1 3.5.1: 60%). Definitions: the `figures` module docs.
//!
//! [`month_counts`] gives `domain::callback::MonthCounts` from the same facts,
//! so the callback screen's line can come from here (the store passes the
//! result to `callback::Figures::new`).

use super::facts::{CallbackFact, SampleFact};
use super::period::{Period, Span};
use super::{FigureRules, IndexPoints, Rate};
use crate::domain::callback::{self, Basis, MonthCounts, Rating, Satisfaction, Status};
use chrono::NaiveDateTime;
use std::collections::{BTreeMap, BTreeSet};

/// A pending callback past its due time.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OverdueCallback {
    pub id: i64,
    pub ticket_id: i64,
    pub unit: Option<String>,
    pub reason: callback::Reason,
    pub due_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CallbackFigures {
    /// Calls that reached the resident in the period, by verdict.
    pub reached: u32,
    pub satisfied: u32,
    pub basic: u32,
    pub unsatisfied: u32,
    /// Given up as unreachable in the period.
    pub unreachable: u32,
    /// 合格率: satisfied + basic ÷ reached; and for complaints / work orders
    /// / emergency follow-up visits.
    pub pass: Rate,
    pub pass_complaints: Rate,
    pub pass_work_orders: Rate,
    pub pass_visits: Rate,
    /// Distinct units reached; the monthly target applies to a month only.
    pub households: u32,
    pub households_target: Option<u32>,
    pub households_met: Option<bool>,
    /// 满意率 per household, and whether it reaches the target.
    pub satisfaction: Rate,
    pub satisfaction_target: u32,
    pub satisfaction_met: Option<bool>,
    /// 满意度: points ÷ the most the answers could have earned.
    pub index: Rate,
    pub index_target: u32,
    pub index_met: Option<bool>,
    /// Complaint callbacks owed in the period: reached ÷ owed (target 100%),
    /// and reached by their first due time ÷ owed.
    pub complaint_coverage: Rate,
    pub complaint_in_time: Rate,
    /// Finished work orders selected for a callback ÷ sampling decisions.
    pub sample: Rate,
    pub sample_target: u32,
    /// Within the band the sampler promises (`callback::band_hundredths`).
    pub sample_on_target: Option<bool>,
    /// Pending callbacks past due at `as_of` (any period).
    pub overdue: Vec<OverdueCallback>,
}

/// Reached in the period: a verdict and the call's time in `p`.
fn reached_in<'a>(
    p: &'a Period,
    cbs: &'a [CallbackFact],
) -> impl Iterator<Item = &'a CallbackFact> {
    cbs.iter().filter(move |c| {
        c.status == Status::Done
            && c.verdict.is_some()
            && c.reached_at
                .or(c.finished_at)
                .is_some_and(|t| p.contains(t))
    })
}

fn passed(c: &CallbackFact) -> bool {
    matches!(
        c.verdict,
        Some(Satisfaction::Satisfied | Satisfaction::Basic)
    )
}

/// 满意率: each unit's tickets judged by their last verdict in the period.
fn households(reached: &[&CallbackFact]) -> (u32, u32) {
    let mut last: BTreeMap<(&str, i64), (NaiveDateTime, i64, bool)> = BTreeMap::new();
    for c in reached {
        let Some(unit) = c.unit.as_deref() else {
            continue;
        };
        let at = c.reached_at.or(c.finished_at).unwrap_or(c.created_at);
        let e = last
            .entry((unit, c.ticket_id))
            .or_insert((at, c.id, passed(c)));
        if (at, c.id) > (e.0, e.1) {
            *e = (at, c.id, passed(c));
        }
    }
    let mut units: BTreeMap<&str, bool> = BTreeMap::new();
    for ((unit, _), (_, _, ok)) in last {
        *units.entry(unit).or_insert(true) &= ok;
    }
    let ok = units.values().filter(|v| **v).count() as u32;
    (ok, units.len() as u32)
}

/// 满意度 points of one reached call, and the most it could have earned.
pub fn index_points(c: &CallbackFact, pts: &IndexPoints) -> (u32, u32) {
    let verdict = match c.verdict {
        Some(Satisfaction::Satisfied) => Some(pts.top),
        Some(Satisfaction::Basic) => Some(pts.middle),
        Some(Satisfaction::Unsatisfied) => Some(pts.bottom),
        None => None,
    };
    let rating = |r: Option<Rating>| {
        r.map(|r| match r {
            Rating::Good => pts.top,
            Rating::Fair => pts.middle,
            Rating::Poor => pts.bottom,
        })
    };
    [
        verdict,
        rating(c.timeliness),
        rating(c.attitude),
        rating(c.workmanship),
    ]
    .into_iter()
    .flatten()
    .fold((0, 0), |(got, most), p| {
        (got + p.min(pts.top), most + pts.top)
    })
}

/// Complaint callbacks created in `p` that are owed at `as_of`.
fn complaints_owed<'a>(
    p: &'a Period,
    cbs: &'a [CallbackFact],
    as_of: NaiveDateTime,
) -> impl Iterator<Item = &'a CallbackFact> {
    cbs.iter().filter(move |c| {
        c.reason.is_complaint()
            && p.contains(c.created_at)
            && c.status != Status::Cancelled
            && (c.status != Status::Pending || c.due_at < as_of)
    })
}

/// Sampling decisions in `p` (rework follow-ups are not samples).
fn decisions<'a>(p: &'a Period, samples: &'a [SampleFact]) -> impl Iterator<Item = &'a SampleFact> {
    samples
        .iter()
        .filter(move |s| s.basis != Basis::Rework && p.contains(s.decided_at))
}

pub fn callback_figures(
    p: &Period,
    cbs: &[CallbackFact],
    samples: &[SampleFact],
    rules: &FigureRules,
    as_of: NaiveDateTime,
) -> CallbackFigures {
    let reached: Vec<&CallbackFact> = reached_in(p, cbs).collect();
    let verdicts = |v: Satisfaction| reached.iter().filter(|c| c.verdict == Some(v)).count() as u32;
    let pass_of = |of: fn(callback::Reason) -> bool| {
        let group: Vec<_> = reached.iter().filter(|c| of(c.reason)).collect();
        Rate::new(
            group.iter().filter(|c| passed(c)).count() as u32,
            group.len() as u32,
        )
    };
    let units: BTreeSet<&str> = reached.iter().filter_map(|c| c.unit.as_deref()).collect();
    let (happy, homes) = households(&reached);
    let (got, most) = reached
        .iter()
        .map(|c| index_points(c, &rules.index))
        .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    let owed: Vec<&CallbackFact> = complaints_owed(p, cbs, as_of).collect();
    let done = |c: &&&CallbackFact| c.status == Status::Done;
    let in_time = owed
        .iter()
        .filter(done)
        .filter(|c| {
            c.reached_at
                .or(c.finished_at)
                .is_some_and(|t| t <= c.first_due_at)
        })
        .count() as u32;
    let decided: Vec<&SampleFact> = decisions(p, samples).collect();
    let picked = decided.iter().filter(|s| s.selected).count() as u32;
    let sample = Rate::new(picked, decided.len() as u32);
    let mut overdue: Vec<OverdueCallback> = cbs
        .iter()
        .filter(|c| c.status == Status::Pending && c.due_at < as_of)
        .map(|c| OverdueCallback {
            id: c.id,
            ticket_id: c.ticket_id,
            unit: c.unit.clone(),
            reason: c.reason,
            due_at: c.due_at,
        })
        .collect();
    overdue.sort_by_key(|o| (o.due_at, o.id));
    let satisfaction = Rate::new(happy, homes);
    let index = Rate::new(got, most);
    let monthly = p.span() == Span::Month;
    CallbackFigures {
        reached: reached.len() as u32,
        satisfied: verdicts(Satisfaction::Satisfied),
        basic: verdicts(Satisfaction::Basic),
        unsatisfied: verdicts(Satisfaction::Unsatisfied),
        unreachable: cbs
            .iter()
            .filter(|c| {
                c.status == Status::Unreachable && c.finished_at.is_some_and(|t| p.contains(t))
            })
            .count() as u32,
        pass: Rate::new(
            reached.iter().filter(|c| passed(c)).count() as u32,
            reached.len() as u32,
        ),
        pass_complaints: pass_of(callback::Reason::is_complaint),
        pass_work_orders: pass_of(callback::Reason::is_work_order),
        pass_visits: pass_of(|r| r == callback::Reason::EmergencyVisit),
        households: units.len() as u32,
        households_target: monthly.then_some(rules.households_target),
        households_met: monthly.then_some(units.len() as u32 >= rules.households_target),
        satisfaction,
        satisfaction_target: rules.satisfaction_percent,
        satisfaction_met: satisfaction.reaches(rules.satisfaction_percent),
        index,
        index_target: rules.index_percent,
        index_met: index.reaches(rules.index_percent),
        complaint_coverage: Rate::new(owed.iter().filter(done).count() as u32, owed.len() as u32),
        complaint_in_time: Rate::new(in_time, owed.len() as u32),
        sample,
        sample_target: rules.sample_percent,
        sample_on_target: sample_on_target(sample, rules.sample_percent),
        overdue,
    }
}

/// The sampler keeps the month's count within `band_hundredths(n)` of
/// `rate × n` (`domain::callback::decide`): on target means inside that band.
pub fn sample_on_target(sample: Rate, rate_percent: u32) -> Option<bool> {
    let n = sample.whole();
    (n > 0).then(|| {
        let target = rate_percent.min(100) as i64 * n as i64;
        let got = 100 * sample.part() as i64;
        (got - target).unsigned_abs() <= callback::band_hundredths(n)
    })
}

/// The counts `domain::callback::Figures` shows, from the same facts: reached
/// calls by verdict (one reached call per task), households, complaint
/// coverage, the sample and the overdue queue.
pub fn month_counts(
    p: &Period,
    cbs: &[CallbackFact],
    samples: &[SampleFact],
    as_of: NaiveDateTime,
) -> MonthCounts {
    let reached: Vec<&CallbackFact> = reached_in(p, cbs).collect();
    let verdicts = |v: Satisfaction| reached.iter().filter(|c| c.verdict == Some(v)).count() as u32;
    let owed: Vec<&CallbackFact> = complaints_owed(p, cbs, as_of).collect();
    let decided: Vec<&SampleFact> = decisions(p, samples).collect();
    MonthCounts {
        households: reached
            .iter()
            .filter_map(|c| c.unit.as_deref())
            .collect::<BTreeSet<_>>()
            .len() as u32,
        satisfied: verdicts(Satisfaction::Satisfied),
        basic: verdicts(Satisfaction::Basic),
        unsatisfied: verdicts(Satisfaction::Unsatisfied),
        complaints_owed: owed.len() as u32,
        complaints_reached: owed.iter().filter(|c| c.status == Status::Done).count() as u32,
        finished: decided.len() as u32,
        sampled: decided.iter().filter(|s| s.selected).count() as u32,
        overdue: cbs
            .iter()
            .filter(|c| c.status == Status::Pending && c.due_at < as_of)
            .count() as u32,
    }
}
