//! Emergencies 紧急事件 (002 3.1.6 F, 003 §7.9, 004 篇2 2(1)): how many, how
//! fast people were on scene (registration → on scene; the 5-minute rate
//! itself is the `on_scene` rule of `timeliness`), and the follow-up visit
//! the office head makes within 20 days after a special event is handled
//! (004 篇1 3.3.1 "特殊事件处理完毕后…在20天内…专门安排上门回访").

use super::facts::EmergencyFact;
use super::period::Period;
use super::{FigureRules, Rate};
use crate::domain::calendar::end_of_day;
use crate::domain::ticket::State;
use chrono::{Duration, NaiveDateTime};
use std::collections::BTreeMap;

/// When the handling of an emergency finished: its record 紧急情况处理登记表 is
/// completed once the situation is stable (003 §7.9 2); failing a record, its
/// closing. `None` while still being handled, and for a cancelled one.
pub fn handled_at(e: &EmergencyFact) -> Option<NaiveDateTime> {
    if e.state == State::Cancelled {
        return None;
    }
    e.recorded_at.or(e.closed_at)
}

/// The follow-up visit is due by the end of the `days`-th calendar day after
/// the day the handling finished (20 days, not working days: the seed says 天).
pub fn follow_up_due(handled: NaiveDateTime, days: i64) -> NaiveDateTime {
    end_of_day(handled.date() + Duration::days(days.max(0)))
}

/// A follow-up visit late or still owed past its due date.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FollowUpLate {
    pub ticket_id: i64,
    pub unit: Option<String>,
    pub due_at: NaiveDateTime,
    pub done_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct FollowUps {
    /// Visits due in the period: made by the due date ÷ decided (made, or
    /// past due at `as_of`).
    pub in_time: Rate,
    /// Due in the period and not yet due at `as_of` (a running period).
    pub pending: u32,
    pub late: Vec<FollowUpLate>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct EmergencyFigures {
    /// Registered in the period, cancelled ones (false alarms) included.
    pub registered: u32,
    pub cancelled: u32,
    /// By severity code (`""`: no record yet).
    pub by_severity: BTreeMap<String, u32>,
    /// Of those registered, people reached the scene.
    pub on_scene: u32,
    /// Registration → on scene, seconds: the median (the mean of the middle
    /// two for an even count, rounded down) and the longest.
    pub response_median_secs: Option<i64>,
    pub response_max_secs: Option<i64>,
    pub follow_ups: FollowUps,
}

/// The median of whole seconds: the middle two averaged, rounded down.
pub fn median(mut v: Vec<i64>) -> Option<i64> {
    v.sort_unstable();
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some((v[n / 2 - 1] + v[n / 2]).div_euclid(2)),
    }
}

pub fn emergency_figures(
    p: &Period,
    emergencies: &[EmergencyFact],
    rules: &FigureRules,
    as_of: NaiveDateTime,
) -> EmergencyFigures {
    let mut f = EmergencyFigures::default();
    let mut responses = Vec::new();
    let (mut kept, mut decided) = (0, 0);
    for e in emergencies {
        if p.contains(e.registered_at) {
            f.registered += 1;
            if e.state == State::Cancelled {
                f.cancelled += 1;
            }
            let sev = e.severity.map(|s| s.code().to_string()).unwrap_or_default();
            *f.by_severity.entry(sev).or_default() += 1;
            if let Some(at) = e.on_scene_at {
                f.on_scene += 1;
                responses.push((at - e.registered_at).num_seconds().max(0));
            }
        }
        let Some(due) = handled_at(e).map(|h| follow_up_due(h, rules.follow_up_days)) else {
            continue;
        };
        if !p.contains(due) {
            continue;
        }
        let done = e.follow_up_at.filter(|d| *d <= as_of);
        match done {
            Some(d) if d <= due => {
                kept += 1;
                decided += 1;
            }
            None if due >= as_of => f.follow_ups.pending += 1,
            _ => {
                decided += 1;
                f.follow_ups.late.push(FollowUpLate {
                    ticket_id: e.ticket_id,
                    unit: e.unit.clone(),
                    due_at: due,
                    done_at: done,
                });
            }
        }
    }
    f.response_max_secs = responses.iter().copied().max();
    f.response_median_secs = median(responses);
    f.follow_ups.in_time = Rate::new(kept, decided);
    f.follow_ups.late.sort_by_key(|l| (l.due_at, l.ticket_id));
    f
}
