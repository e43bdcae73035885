//! 及时率 per rule (004 篇1 2.1: monthly timeliness of the handling): met ÷
//! due for each promise of `domain::deadline` — dispatch within 20 minutes
//! (004 篇5 4.1.2), collection within 5 (002 3.1.6 C2), on scene within 5
//! (002 3.1.6 F1, 004 篇2 2(1)), replies by their deadline and invalid
//! complaints explained within a working day (003 §7.7 3), work orders done
//! by 17:00 (002 3.1.6 E3), and a weekly contact while a complaint is open
//! (004 篇2 1(2), 2(4)).
//!
//! Hold time is already excluded: the store moves a deadline on by the time
//! spent on hold and records whether it was met. A deadline counts in the
//! period of its nominal due time (see the module docs of `figures`).

use super::facts::{DeadlineFact, DeadlineStatus};
use super::period::Period;
use super::Rate;
use crate::domain::deadline::What;
use crate::domain::ticket::Kind;
use chrono::NaiveDateTime;
use std::collections::BTreeMap;

/// Where a deadline stands at `as_of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Met,
    /// Settled as missed (late, or the work order came back unfinished).
    Missed,
    /// Still pending and past due: it can no longer be met.
    Overdue,
    /// On hold since before it fell due: the clock is stopped.
    Paused,
    /// Not yet due.
    Running,
    /// The ticket ended before it fell due: nothing was owed.
    Lapsed,
}

impl Standing {
    /// Decided, so it counts in the rate.
    pub fn counts(self) -> bool {
        matches!(self, Standing::Met | Standing::Missed | Standing::Overdue)
    }
}

/// How `d` stands at `as_of` (a result settled after `as_of` is not known yet).
pub fn standing(d: &DeadlineFact, as_of: NaiveDateTime) -> Standing {
    let settled = d.settled_at.filter(|s| *s <= as_of);
    let later = d.settled_at.is_some() && settled.is_none();
    match d.status {
        DeadlineStatus::Met if !later => return Standing::Met,
        DeadlineStatus::Missed if !later => return Standing::Missed,
        // Voided by the step that ended the ticket: a miss if already past due.
        DeadlineStatus::Void if !later => {
            return match settled {
                Some(s) if s > d.due_at => Standing::Missed,
                _ => Standing::Lapsed,
            };
        }
        _ => {}
    }
    match d.held_since {
        // A hold does not rescue a deadline already missed (deadline::resume).
        Some(h) if h <= as_of && h < d.due_at => Standing::Paused,
        _ if d.due_at < as_of => Standing::Overdue,
        _ => Standing::Running,
    }
}

/// A deadline missed or overdue: the list behind a rate.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Late {
    pub ticket_id: i64,
    pub kind: Kind,
    pub unit: Option<String>,
    pub department: Option<String>,
    pub round: u32,
    pub due_at: NaiveDateTime,
    /// When it was finally done (or the work order returned); `None` if still open.
    pub settled_at: Option<NaiveDateTime>,
    /// How late, in seconds: at settling, or at `as_of` while still open.
    pub late_secs: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct KindRate {
    pub kind: Kind,
    pub rate: Rate,
}

/// One rule's figure.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RuleFigure {
    pub what: What,
    /// Met ÷ decided (met + missed + overdue).
    pub rate: Rate,
    pub met: u32,
    pub missed: u32,
    /// Of the misses, still pending at `as_of`.
    pub overdue: u32,
    /// Not counted yet: on hold, or not yet due.
    pub paused: u32,
    pub running: u32,
    /// Hold time added to the counted deadlines, seconds.
    pub held_secs: i64,
    pub by_kind: Vec<KindRate>,
    /// Missed and overdue, earliest due first.
    pub late: Vec<Late>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Timeliness {
    /// Every rule, in `What::ALL` order (rules with nothing due show 0/0).
    pub rules: Vec<RuleFigure>,
    /// All rules together.
    pub overall: Rate,
}

impl Timeliness {
    pub fn rule(&self, what: What) -> Option<&RuleFigure> {
        self.rules.iter().find(|r| r.what == what)
    }
}

/// One rule over the deadlines whose nominal due time falls in `p`.
pub fn rule(
    p: &Period,
    deadlines: &[DeadlineFact],
    what: What,
    as_of: NaiveDateTime,
) -> RuleFigure {
    let mut f = RuleFigure {
        what,
        rate: Rate::default(),
        met: 0,
        missed: 0,
        overdue: 0,
        paused: 0,
        running: 0,
        held_secs: 0,
        by_kind: Vec::new(),
        late: Vec::new(),
    };
    let mut kinds: BTreeMap<Kind, (u32, u32)> = BTreeMap::new();
    for d in deadlines
        .iter()
        .filter(|d| d.what == what && p.contains(d.nominal_due()))
    {
        let s = standing(d, as_of);
        match s {
            Standing::Met => f.met += 1,
            Standing::Missed => f.missed += 1,
            Standing::Overdue => {
                f.missed += 1;
                f.overdue += 1;
            }
            Standing::Paused => f.paused += 1,
            Standing::Running => f.running += 1,
            Standing::Lapsed => {}
        }
        if !s.counts() {
            continue;
        }
        f.held_secs += d.paused_secs.max(0);
        let k = kinds.entry(d.kind).or_default();
        k.1 += 1;
        if s == Standing::Met {
            k.0 += 1;
            continue;
        }
        let settled = (s == Standing::Missed).then_some(d.settled_at).flatten();
        let upto = settled.unwrap_or(as_of);
        f.late.push(Late {
            ticket_id: d.ticket_id,
            kind: d.kind,
            unit: d.unit.clone(),
            department: d.department.clone(),
            round: d.round,
            due_at: d.due_at,
            settled_at: settled,
            late_secs: (upto - d.due_at).num_seconds().max(0),
        });
    }
    f.rate = Rate::new(f.met, f.met + f.missed);
    f.by_kind = kinds
        .into_iter()
        .map(|(kind, (met, due))| KindRate {
            kind,
            rate: Rate::new(met, due),
        })
        .collect();
    f.late.sort_by_key(|l| (l.due_at, l.ticket_id, l.round));
    f
}

pub fn timeliness(p: &Period, deadlines: &[DeadlineFact], as_of: NaiveDateTime) -> Timeliness {
    let rules: Vec<RuleFigure> = What::ALL
        .iter()
        .map(|w| rule(p, deadlines, *w, as_of))
        .collect();
    let overall = rules.iter().fold(Rate::default(), |a, r| a.plus(r.rate));
    Timeliness { rules, overall }
}
