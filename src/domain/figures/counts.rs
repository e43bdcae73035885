//! Ticket counts 工作统计 by kind, category, channel, building and department
//! (001 前台接待 日工作统计表; DOMAIN "What the desk measures").
//!
//! Every row balances: `open_at_start + opened = closed + cancelled +
//! out_of_scope + converted + open_at_end`, and every breakdown sums to the
//! total. A ticket is counted under its category, building and department as
//! they stand now (a reassigned ticket moves with its department).

use super::facts::TicketFact;
use super::period::Period;
use crate::domain::ticket::State;
use std::collections::BTreeMap;

/// The counts of one row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    /// Open at the period's first instant.
    pub open_at_start: u32,
    /// Registered in the period.
    pub opened: u32,
    /// Ended in the period, by how.
    pub closed: u32,
    pub cancelled: u32,
    pub out_of_scope: u32,
    /// Enquiries turned into another kind of ticket.
    pub converted: u32,
    /// Still open when the period ended.
    pub open_at_end: u32,
}

impl Tally {
    fn add(&mut self, t: &TicketFact, p: &Period) {
        if t.open_at(p.from()) {
            self.open_at_start += 1;
        }
        if p.contains(t.created_at) {
            self.opened += 1;
        }
        if let Some((state, at)) = t.end() {
            if p.contains(at) {
                match state {
                    State::Closed => self.closed += 1,
                    State::Cancelled => self.cancelled += 1,
                    State::OutOfScope => self.out_of_scope += 1,
                    _ => self.converted += 1,
                }
            }
        }
        if t.open_at(p.to()) {
            self.open_at_end += 1;
        }
    }

    /// Tickets that ended in the period, however.
    pub fn ended(&self) -> u32 {
        self.closed + self.cancelled + self.out_of_scope + self.converted
    }

    pub fn is_zero(&self) -> bool {
        *self == Tally::default()
    }
}

/// One row of a breakdown: the code (`""` when none) and its counts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Row {
    pub key: String,
    #[serde(flatten)]
    pub tally: Tally,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub total: Tally,
    pub by_kind: Vec<Row>,
    pub by_category: Vec<Row>,
    pub by_channel: Vec<Row>,
    /// Building number; `""` for public areas without one.
    pub by_building: Vec<Row>,
    /// Department code; `""` for tickets never sent anywhere.
    pub by_department: Vec<Row>,
}

/// Rows in the order of `key` (buildings numerically), shown by `show`.
fn breakdown<K: Ord>(
    tickets: &[&TicketFact],
    p: &Period,
    key: impl Fn(&TicketFact) -> K,
    show: impl Fn(K) -> String,
) -> Vec<Row> {
    let mut m: BTreeMap<K, Tally> = BTreeMap::new();
    for t in tickets {
        m.entry(key(t)).or_default().add(t, p);
    }
    m.into_iter()
        .filter(|(_, t)| !t.is_zero())
        .map(|(k, tally)| Row {
            key: show(k),
            tally,
        })
        .collect()
}

/// Counts for the period. Tickets that never touch the period add nothing.
pub fn counts(p: &Period, tickets: &[TicketFact]) -> Counts {
    let live: Vec<&TicketFact> = tickets
        .iter()
        .filter(|t| t.created_at < p.to() && t.end().is_none_or(|(_, e)| e >= p.from()))
        .collect();
    let mut total = Tally::default();
    for t in &live {
        total.add(t, p);
    }
    Counts {
        total,
        by_kind: breakdown(&live, p, |t| t.kind, |k| k.code().to_string()),
        by_category: breakdown(&live, p, |t| t.category.trim().to_string(), |k| k),
        by_channel: breakdown(&live, p, |t| t.channel, |k| k.code().to_string()),
        by_building: breakdown(
            &live,
            p,
            |t| t.building,
            |k| k.map(|b| b.to_string()).unwrap_or_default(),
        ),
        by_department: breakdown(
            &live,
            p,
            |t| t.department.clone().unwrap_or_default(),
            |k| k,
        ),
    }
}

/// Tickets registered in each slice of the period, for a sparkline: hours
/// of a day, days of anything longer (a custom range of more than 366 days
/// is cut there).
pub fn intake_series(p: &Period, tickets: &[TicketFact]) -> Vec<u64> {
    use super::period::Span;
    let slice = match p.span() {
        Span::Day => chrono::Duration::hours(1),
        _ => chrono::Duration::days(1),
    };
    let len = ((p.to() - p.from()).num_seconds() / slice.num_seconds()).clamp(1, 366) as usize;
    let mut out = vec![0u64; len];
    for t in tickets {
        if p.contains(t.created_at) {
            let i = ((t.created_at - p.from()).num_seconds() / slice.num_seconds()) as usize;
            if let Some(n) = out.get_mut(i) {
                *n += 1;
            }
        }
    }
    out
}
