//! The board's rows: open tickets with their running deadline, the filter
//! and quick search that pick some, and the order they are shown in. No
//! drawing here, so the ordering can be tested without a terminal.

use crate::domain::deadline::{self, DeadlineRules, Standing};
use crate::domain::{Kind, State};
use crate::store::board::BoardRow;
use crate::store::deadlines::Running;
use chrono::NaiveDateTime;

/// One open ticket with its running deadline.
#[derive(Debug, Clone)]
pub struct Row {
    pub t: BoardRow,
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

/// Where a row goes in `sort` order: computed once per row, never per
/// comparison, and from the rows alone.
///
/// The deadline order does not move with the clock: overdue rows (most
/// overdue first) then the others by time left is the order of their due
/// instants, so the key is the due instant itself, and rows never need
/// re-sorting because time passed — only when they change.
pub type SortKey = (u8, i64, i64, i64);

pub fn sort_key(r: &Row, sort: Order) -> SortKey {
    let created = r.t.created_at.and_utc().timestamp();
    match sort {
        Order::Deadline => {
            let (class, at) = match &r.run {
                Some(run) => match run.held_since {
                    // Paused after the running ones, by what was left.
                    Some(h) => (2, (run.due_at - h).num_seconds()),
                    None => (1, run.due_at.and_utc().timestamp()),
                },
                // Without a running deadline: emergencies first, then the rest.
                None => (3, i64::from(r.t.kind != Kind::Emergency)),
            };
            (class, at, -created, -r.t.id)
        }
        Order::Newest => (0, 0, -created, -r.t.id),
        Order::Oldest => (0, 0, created, r.t.id),
    }
}

/// Indices of the rows that pass, in the order asked for.
pub fn order(all: &[Row], filter: &BoardFilter, search: &str, sort: Order) -> Vec<usize> {
    let mut order: Vec<usize> = (0..all.len())
        .filter(|&i| all[i].matches(filter, search))
        .collect();
    order.sort_by_cached_key(|&i| sort_key(&all[i], sort));
    order
}

/// Put row `i` into `order` (sorted by `sort`) where it belongs.
pub fn insert_sorted(all: &[Row], order: &mut Vec<usize>, i: usize, sort: Order) {
    let key = sort_key(&all[i], sort);
    let at = order.partition_point(|&j| sort_key(&all[j], sort) < key);
    order.insert(at, i);
}

/// The title line's counts and the next instant one of them changes (a
/// running deadline comes due soon or passes): until then the counts stand.
pub fn counts(
    all: &[Row],
    shown: impl Iterator<Item = usize>,
    now: NaiveDateTime,
    rules: &DeadlineRules,
) -> (Counts, Option<NaiveDateTime>) {
    let mut c = Counts::default();
    let soon = chrono::Duration::minutes(rules.due_soon_minutes);
    let mut next: Option<NaiveDateTime> = None;
    let mut later = |t: NaiveDateTime| {
        if t > now && next.is_none_or(|n| t < n) {
            next = Some(t);
        }
    };
    for i in shown {
        let r = &all[i];
        match r.standing(now, rules) {
            Some(Standing::Overdue(_)) => c.over += 1,
            Some(Standing::DueSoon(_)) => c.soon += 1,
            Some(Standing::Paused(_)) => c.paused += 1,
            _ => {}
        }
        if let Some(run) = r.run.as_ref().filter(|r| r.held_since.is_none()) {
            // A standing changes within the second after each boundary.
            let second = chrono::Duration::seconds(1);
            later(run.due_at - soon + second);
            later(run.due_at + second);
        }
    }
    (c, next)
}
