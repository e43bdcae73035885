//! The board's rows: open tickets with their running deadline, the filter
//! and quick search that pick some, and the order they are shown in. No
//! drawing here, so the ordering can be tested without a terminal.

use crate::domain::deadline::{self, DeadlineRules, Standing};
use crate::domain::{Kind, State};
use crate::store::board::{BoardRow, BoardText};
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

    /// Whether the row passes the filter and the quick search (`text`:
    /// the board's words). The search finds `#id`, a unit or place, the
    /// work-order number, the reporter, a phone tail or words of the
    /// description.
    pub fn matches(&self, text: &BoardText, f: &BoardFilter, q: &Query) -> bool {
        let t = &self.t;
        if f.kind.is_some_and(|k| k != t.kind)
            || f.state.is_some_and(|s| s != t.state)
            || f.dept
                .as_deref()
                .is_some_and(|d| text.department(t) != Some(d))
            || f.building.is_some_and(|b| t.building != Some(b))
        {
            return false;
        }
        let q_text = q.text;
        q_text.is_empty()
            || q.id == Some(t.id)
            || text.place(t).contains(q_text)
            || text.description(t).contains(q_text)
            || text.reporter(t).contains(q_text)
            || text.category(t).contains(q_text)
            // A phone tail: the list's phone is masked but keeps its last digits.
            || (q.phone && text.phone_tail(t).ends_with(q_text))
            || text.wo_no(t).is_some_and(|w| w.contains(q_text))
    }
}

/// The quick search, read once per search rather than once per row.
#[derive(Debug, Clone, Copy)]
pub struct Query<'a> {
    /// The text searched for, trimmed.
    text: &'a str,
    /// The ticket number it names (`#12` or `12`, written as a number is).
    id: Option<i64>,
    /// Whether it can be a phone tail (four digits or more).
    phone: bool,
}

impl<'a> Query<'a> {
    pub fn new(search: &'a str) -> Query<'a> {
        let text = search.trim();
        let digits = text.strip_prefix('#').unwrap_or(text);
        let id = digits
            .parse::<i64>()
            .ok()
            .filter(|n| n.to_string() == digits);
        let phone = text.len() >= 4 && text.chars().all(|c| c.is_ascii_digit());
        Query { text, id, phone }
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
pub fn order(
    all: &[Row],
    text: &BoardText,
    filter: &BoardFilter,
    search: &str,
    sort: Order,
) -> Vec<usize> {
    let q = Query::new(search);
    let mut order: Vec<usize> = (0..all.len())
        .filter(|&i| all[i].matches(text, filter, &q))
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
