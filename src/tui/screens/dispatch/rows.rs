//! The board's rows: open tickets with their running deadline, the filter
//! and quick search that pick some, and the order they are shown in. No
//! drawing here, so the ordering can be tested without a terminal.

use crate::domain::deadline::{self, DeadlineRules, Standing};
use crate::domain::{Kind, State};
use crate::store::deadlines::Running;
use crate::store::tickets::TicketSummary;
use chrono::NaiveDateTime;

/// One open ticket with its running deadline.
#[derive(Debug, Clone)]
pub struct Row {
    pub t: TicketSummary,
    pub run: Option<Running>,
}

impl Row {
    pub fn standing(&self, now: NaiveDateTime, rules: &DeadlineRules) -> Option<Standing> {
        self.run
            .as_ref()
            .map(|r| deadline::standing(r.due_at, now, r.held_since, rules))
    }

    /// Whether the row passes the filter and the quick search. The search
    /// finds `#id`, a unit or place, the work-order number, the reporter,
    /// a phone tail or words of the description.
    pub fn matches(&self, f: &BoardFilter, search: &str) -> bool {
        let t = &self.t;
        if f.kind.is_some_and(|k| k != t.kind)
            || f.state.is_some_and(|s| s != t.state)
            || f.dept
                .as_ref()
                .is_some_and(|d| t.department.as_ref() != Some(d))
            || f.building.is_some_and(|b| t.building != Some(b))
        {
            return false;
        }
        let q = search.trim();
        q.is_empty()
            || format!("#{}", t.id) == q
            || t.id.to_string() == q
            || t.place().contains(q)
            || t.description.contains(q)
            || t.reporter.contains(q)
            || t.category.as_stored().contains(q)
            // A phone tail: the list's phone is masked but keeps its last digits.
            || (q.len() >= 4 && q.chars().all(|c| c.is_ascii_digit()) && t.phone.ends_with(q))
            || t.wo_no.as_deref().is_some_and(|w| w.contains(q))
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct BoardFilter {
    pub kind: Option<Kind>,
    pub dept: Option<String>,
    pub building: Option<u16>,
    pub state: Option<State>,
}

impl BoardFilter {
    pub fn is_empty(&self) -> bool {
        *self == BoardFilter::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Overdue first, then by time left (the board's purpose).
    Deadline,
    Newest,
    Oldest,
}

impl Order {
    pub fn next(self) -> Order {
        match self {
            Order::Deadline => Order::Newest,
            Order::Newest => Order::Oldest,
            Order::Oldest => Order::Deadline,
        }
    }
}

/// How many shown rows stand how: the title line's counts, computed once
/// per refresh or second, never per draw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub over: usize,
    pub soon: usize,
    pub paused: usize,
}

/// Indices of the rows that pass, in the order asked for.
pub fn order(
    all: &[Row],
    filter: &BoardFilter,
    search: &str,
    sort: Order,
    now: NaiveDateTime,
    rules: &DeadlineRules,
) -> Vec<usize> {
    let mut order: Vec<usize> = (0..all.len())
        .filter(|&i| all[i].matches(filter, search))
        .collect();
    match sort {
        // The key is computed once per row, not once per comparison.
        Order::Deadline => order.sort_by_cached_key(|&i| {
            let r = &all[i];
            // Without a running deadline: emergencies first, then the rest.
            let idle = (3, i64::from(r.t.kind != Kind::Emergency));
            let key = r.standing(now, rules).map(|s| s.sort_key()).unwrap_or(idle);
            (key, std::cmp::Reverse((r.t.created_at, r.t.id)))
        }),
        Order::Newest => {
            order.sort_by_cached_key(|&i| std::cmp::Reverse((all[i].t.created_at, all[i].t.id)))
        }
        Order::Oldest => order.sort_by_cached_key(|&i| (all[i].t.created_at, all[i].t.id)),
    }
    order
}

pub fn counts(all: &[Row], order: &[usize], now: NaiveDateTime, rules: &DeadlineRules) -> Counts {
    let mut c = Counts::default();
    for &i in order {
        match all[i].standing(now, rules) {
            Some(Standing::Overdue(_)) => c.over += 1,
            Some(Standing::DueSoon(_)) => c.soon += 1,
            Some(Standing::Paused(_)) => c.paused += 1,
            _ => {}
        }
    }
    c
}
