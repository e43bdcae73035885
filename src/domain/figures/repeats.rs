//! Repeat problems 反复出现的问题: the seeds want recurring complaints taken to
//! the office head for a meeting and corrective action (004 篇5 4.6.2), and
//! the same problem raised by many residents answered by a written notice in
//! the lobby within a week (004 篇2 4(4)).
//!
//! - A unit repeat: reports of one unit and category at most `repeat_days`
//!   apart (chained: each within 30 days of the one before), shown in the
//!   period in which a repeat report was made.
//! - A building repeat: one category reported from at least `building_units`
//!   distinct units of a building within `building_days`, shown in the period
//!   in which the threshold was crossed, with the notice due date.
//!
//! Only reports count (`TicketFact::is_report`): not a cancelled ticket, not a
//! ticket carrying on a parent, not one without a category.

use super::facts::TicketFact;
use super::period::Period;
use super::FigureRules;
use chrono::{Duration, NaiveDateTime};
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UnitRepeat {
    pub unit: String,
    pub category: String,
    /// The chain's tickets, oldest first.
    pub tickets: Vec<i64>,
    pub first_at: NaiveDateTime,
    pub last_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BuildingRepeat {
    pub building: u32,
    pub category: String,
    /// Distinct units, in code order.
    pub units: Vec<String>,
    pub tickets: Vec<i64>,
    pub first_at: NaiveDateTime,
    /// When the threshold of units was reached.
    pub reached_at: NaiveDateTime,
    /// The written lobby notice is due by then.
    pub notice_due: NaiveDateTime,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Repeats {
    pub units: Vec<UnitRepeat>,
    pub buildings: Vec<BuildingRepeat>,
}

fn sorted_reports<'a, K: Ord>(
    tickets: &'a [TicketFact],
    key: impl Fn(&'a TicketFact) -> Option<K>,
) -> Vec<(K, Vec<&'a TicketFact>)> {
    // One sort of (key, time, id) and a walk over it: the same groups in
    // the same order as a BTreeMap of lists, without a tree node and a
    // vector per key (a month on a 1M-ticket site has ~200,000 reports).
    let mut all: Vec<(K, &TicketFact)> = tickets
        .iter()
        .filter(|t| t.is_report())
        .filter_map(|t| key(t).map(|k| (k, t)))
        .collect();
    all.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| (a.1.created_at, a.1.id).cmp(&(b.1.created_at, b.1.id)))
    });
    let mut out: Vec<(K, Vec<&TicketFact>)> = Vec::new();
    for (k, t) in all {
        match out.last_mut() {
            Some((last, list)) if *last == k => list.push(t),
            _ => out.push((k, vec![t])),
        }
    }
    out
}

pub fn unit_repeats(p: &Period, tickets: &[TicketFact], rules: &FigureRules) -> Vec<UnitRepeat> {
    let window = Duration::days(rules.repeat_days);
    let groups = sorted_reports(tickets, |t| {
        t.unit.as_deref().map(|u| (u, t.category.trim()))
    });
    let mut out = Vec::new();
    for ((unit, category), list) in groups {
        let mut chain: Vec<&TicketFact> = Vec::new();
        let mut flush = |chain: &mut Vec<&TicketFact>| {
            // Reported when a repeat (not the first report) was made in the period.
            if chain.len() >= 2 && chain[1..].iter().any(|t| p.contains(t.created_at)) {
                out.push(UnitRepeat {
                    unit: unit.to_string(),
                    category: category.to_string(),
                    tickets: chain.iter().map(|t| t.id).collect(),
                    first_at: chain[0].created_at,
                    last_at: chain[chain.len() - 1].created_at,
                });
            }
            chain.clear();
        };
        for t in list {
            if chain
                .last()
                .is_some_and(|l| t.created_at - l.created_at > window)
            {
                flush(&mut chain);
            }
            chain.push(t);
        }
        flush(&mut chain);
    }
    out
}

pub fn building_repeats(
    p: &Period,
    tickets: &[TicketFact],
    rules: &FigureRules,
) -> Vec<BuildingRepeat> {
    let window = Duration::days(rules.building_days);
    let need = rules.building_units.max(1);
    let groups = sorted_reports(tickets, |t| {
        t.unit.as_ref()?;
        t.building.map(|b| (b, t.category.trim()))
    });
    let mut out = Vec::new();
    for ((building, category), list) in groups {
        // The window's units with how many of its reports each has, kept as
        // the window slides: a month of a large site stays linear.
        let mut in_window: HashMap<&str, usize> = HashMap::new();
        let mut open: Option<BuildingRepeat> = None;
        // Reports of `list` up to this index are in the open repeat.
        let mut taken = 0;
        let mut seen: HashSet<&str> = HashSet::new();
        let mut start = 0;
        for (j, t) in list.iter().enumerate() {
            if let Some(u) = t.unit.as_deref() {
                *in_window.entry(u).or_default() += 1;
            }
            while t.created_at - list[start].created_at > window {
                if let Some(u) = list[start].unit.as_deref() {
                    if let Some(n) = in_window.get_mut(u) {
                        *n -= 1;
                        if *n == 0 {
                            in_window.remove(u);
                        }
                    }
                }
                start += 1;
            }
            if in_window.len() < need {
                out.extend(open.take());
                continue;
            }
            let c = open.get_or_insert_with(|| {
                taken = start;
                seen.clear();
                BuildingRepeat {
                    building,
                    category: category.to_string(),
                    units: Vec::new(),
                    tickets: Vec::new(),
                    first_at: list[start].created_at,
                    reached_at: t.created_at,
                    notice_due: t.created_at + Duration::days(rules.notice_days),
                }
            });
            // The window only moves on while the repeat stays open: what is
            // new in it is everything after the last report taken.
            for s in &list[taken.max(start)..=j] {
                c.tickets.push(s.id);
                if let Some(u) = s.unit.as_deref() {
                    if seen.insert(u) {
                        c.units.push(u.to_string());
                    }
                }
            }
            taken = j + 1;
        }
        out.extend(open.take());
    }
    out.retain(|b| p.contains(b.reached_at));
    for b in &mut out {
        b.units.sort();
    }
    out
}

pub fn repeats(p: &Period, tickets: &[TicketFact], rules: &FigureRules) -> Repeats {
    Repeats {
        units: unit_repeats(p, tickets, rules),
        buildings: building_repeats(p, tickets, rules),
    }
}

/// What intake shows for a unit and category: "reported N times in the last
/// 30 days" (tickets registered in `[now - repeat_days, now]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Reported {
    pub count: u32,
    /// Oldest first.
    pub tickets: Vec<i64>,
    pub last_at: Option<NaiveDateTime>,
}

/// Earlier reports of `category` from `unit` within the repeat window before
/// `now`. `history` is the unit's recent tickets (others are ignored).
pub fn reported_before(
    history: &[TicketFact],
    unit: &str,
    category: &str,
    now: NaiveDateTime,
    rules: &FigureRules,
) -> Reported {
    reported_among(history.iter(), unit, category, now, rules)
}

/// `reported_before` over any tickets (the complaint summary passes each
/// unit's own, so a month of complaints does not walk every ticket each).
pub(super) fn reported_among<'a>(
    history: impl Iterator<Item = &'a TicketFact>,
    unit: &str,
    category: &str,
    now: NaiveDateTime,
    rules: &FigureRules,
) -> Reported {
    let since = now - Duration::days(rules.repeat_days);
    let mut hits: Vec<&TicketFact> = history
        .filter(|t| t.is_report() && t.unit.as_deref() == Some(unit))
        .filter(|t| t.category.trim() == category.trim())
        .filter(|t| since <= t.created_at && t.created_at <= now)
        .collect();
    hits.sort_by_key(|t| (t.created_at, t.id));
    Reported {
        count: hits.len() as u32,
        tickets: hits.iter().map(|t| t.id).collect(),
        last_at: hits.last().map(|t| t.created_at),
    }
}
