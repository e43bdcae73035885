//! The monthly complaint summary 投诉数据汇总表 (004 篇5 4.6.1: last month's
//! complaint data filled in by the 2nd, the month's complaint handling
//! summarised to the office head by the 5th).
//!
//! The seed names the table, not its columns; these follow the steps of the
//! same procedure, so each column is something 篇5 asks of a complaint:
//!
//! | column | seed |
//! |---|---|
//! | registered, cancelled | 4.1 受理 |
//! | valid / invalid / unclassified | 4.2 有效投诉 / 无效投诉 |
//! | dispatched within 20 minutes | 4.1.2, 4.3.1 |
//! | developer defects | 4.3.4 |
//! | escalated | 4.3.2-4.3.3 |
//! | replied in time (2 h / 2 working days) | 003 §7.7 3A |
//! | invalid ones explained within 1 working day | 4.4, 003 §7.7 3B |
//! | weekly contact while open | 004 篇2 2(4) |
//! | closed, still open, reopened | 4.5 回访验证, 003 §7.4 |
//! | callbacks owed / reached / in time, verdicts, 合格率 | 4.5, 004 篇1 3.5.4 |
//! | repeats (same unit and category in the 30 days before) | 4.6.2 |
//!
//! Rows: the total, by category and by department (the responsible
//! department, 4.3.1; `""` for complaints never dispatched). The rows follow
//! the month's complaints — those registered in it — to `as_of`: their
//! deadlines and callbacks count whenever they fell due, so every column is
//! about the same complaints and `valid + invalid + unclassified = registered`.

use super::facts::{CallbackFact, DeadlineFact, TicketFact, Validity};
use super::period::{Period, Span};
use super::repeats::reported_among;
use super::timeliness::{standing, Standing};
use super::{FigureRules, Rate};
use crate::domain::callback::{Satisfaction, Status};
use crate::domain::deadline::What;
use crate::domain::ticket::{Kind, State};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ComplaintRow {
    pub key: String,
    pub registered: u32,
    pub cancelled: u32,
    pub valid: u32,
    pub invalid: u32,
    pub unclassified: u32,
    pub developer: u32,
    pub escalated: u32,
    /// Deadline rates: met ÷ decided (`timeliness::standing`).
    pub dispatched_in_time: Rate,
    pub replied_in_time: Rate,
    pub explained_in_time: Rate,
    pub contacted_in_time: Rate,
    /// Closed by `as_of`, still open at `as_of`, ever reopened.
    pub closed: u32,
    pub open: u32,
    pub reopened: u32,
    pub repeats: u32,
    /// Callback tasks owed (finished, or pending past due).
    pub callbacks_owed: u32,
    pub callbacks_reached: u32,
    pub callbacks_in_time: u32,
    pub unreachable: u32,
    pub satisfied: u32,
    pub basic: u32,
    pub unsatisfied: u32,
    /// Reached ÷ owed, and 合格率 (satisfied + basic ÷ reached).
    pub coverage: Rate,
    pub pass: Rate,
}

impl ComplaintRow {
    fn add(&mut self, o: &ComplaintRow) {
        self.registered += o.registered;
        self.cancelled += o.cancelled;
        self.valid += o.valid;
        self.invalid += o.invalid;
        self.unclassified += o.unclassified;
        self.developer += o.developer;
        self.escalated += o.escalated;
        self.dispatched_in_time = self.dispatched_in_time.plus(o.dispatched_in_time);
        self.replied_in_time = self.replied_in_time.plus(o.replied_in_time);
        self.explained_in_time = self.explained_in_time.plus(o.explained_in_time);
        self.contacted_in_time = self.contacted_in_time.plus(o.contacted_in_time);
        self.closed += o.closed;
        self.open += o.open;
        self.reopened += o.reopened;
        self.repeats += o.repeats;
        self.callbacks_owed += o.callbacks_owed;
        self.callbacks_reached += o.callbacks_reached;
        self.callbacks_in_time += o.callbacks_in_time;
        self.unreachable += o.unreachable;
        self.satisfied += o.satisfied;
        self.basic += o.basic;
        self.unsatisfied += o.unsatisfied;
        self.coverage = Rate::new(self.callbacks_reached, self.callbacks_owed);
        self.pass = Rate::new(self.satisfied + self.basic, self.callbacks_reached);
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ComplaintSummary {
    pub period: Period,
    /// For a month: the data is due on the 2nd, the summary on the 5th of the next.
    pub data_due: Option<NaiveDate>,
    pub report_due: Option<NaiveDate>,
    pub total: ComplaintRow,
    pub by_category: Vec<ComplaintRow>,
    pub by_department: Vec<ComplaintRow>,
}

/// (the 2nd, the 5th) of the month after a month period (004 篇5 4.6.1).
pub fn summary_due(p: &Period) -> Option<(NaiveDate, NaiveDate)> {
    (p.span() == Span::Month).then(|| {
        let first = p.to().date();
        (first + Duration::days(1), first + Duration::days(4))
    })
}

/// One complaint as a row of its own.
fn line(
    t: &TicketFact,
    deadlines: &[&DeadlineFact],
    callbacks: &[&CallbackFact],
    unit_tickets: &BTreeMap<&str, Vec<&TicketFact>>,
    rules: &FigureRules,
    as_of: NaiveDateTime,
) -> ComplaintRow {
    let mut r = ComplaintRow {
        registered: 1,
        developer: u32::from(t.developer_defect),
        escalated: u32::from(t.escalated),
        reopened: u32::from(t.reopened > 0),
        ..Default::default()
    };
    match t.validity {
        Some(Validity::Valid) => r.valid = 1,
        Some(Validity::Invalid) => r.invalid = 1,
        None => r.unclassified = 1,
    }
    match t.end().filter(|(_, at)| *at <= as_of) {
        Some((State::Closed, _)) => r.closed = 1,
        Some((State::Cancelled, _)) => r.cancelled = 1,
        Some(_) => {}
        None => r.open = 1,
    }
    if let Some(unit) = t.unit.as_deref() {
        let history = unit_tickets.get(unit).into_iter().flatten().copied();
        let before = reported_among(history, unit, &t.category, t.created_at, rules);
        r.repeats = u32::from(before.tickets.iter().any(|id| *id != t.id));
    }
    for d in deadlines {
        let s = standing(d, as_of);
        if !s.counts() {
            continue;
        }
        let one = Rate::new(u32::from(s == Standing::Met), 1);
        let slot = match d.what {
            What::Dispatch => &mut r.dispatched_in_time,
            What::Reply => &mut r.replied_in_time,
            What::Explain => &mut r.explained_in_time,
            What::Contact => &mut r.contacted_in_time,
            _ => continue,
        };
        *slot = slot.plus(one);
    }
    for c in callbacks {
        let owed =
            c.status != Status::Cancelled && (c.status != Status::Pending || c.due_at < as_of);
        if !owed {
            continue;
        }
        r.callbacks_owed += 1;
        match c.status {
            Status::Done => {
                r.callbacks_reached += 1;
                let at = c.reached_at.or(c.finished_at);
                r.callbacks_in_time += u32::from(at.is_some_and(|a| a <= c.first_due_at));
                match c.verdict {
                    Some(Satisfaction::Satisfied) => r.satisfied += 1,
                    Some(Satisfaction::Basic) => r.basic += 1,
                    Some(Satisfaction::Unsatisfied) => r.unsatisfied += 1,
                    None => {}
                }
            }
            Status::Unreachable => r.unreachable += 1,
            _ => {}
        }
    }
    r.coverage = Rate::new(r.callbacks_reached, r.callbacks_owed);
    r.pass = Rate::new(r.satisfied + r.basic, r.callbacks_reached);
    r
}

pub fn complaint_summary(
    p: &Period,
    tickets: &[TicketFact],
    deadlines: &[DeadlineFact],
    callbacks: &[CallbackFact],
    rules: &FigureRules,
    as_of: NaiveDateTime,
) -> ComplaintSummary {
    let mut by_ticket: BTreeMap<i64, (Vec<&DeadlineFact>, Vec<&CallbackFact>)> = BTreeMap::new();
    for d in deadlines {
        by_ticket.entry(d.ticket_id).or_default().0.push(d);
    }
    for c in callbacks.iter().filter(|c| c.reason.is_complaint()) {
        by_ticket.entry(c.ticket_id).or_default().1.push(c);
    }
    let mut total = ComplaintRow::default();
    let mut cats: BTreeMap<String, ComplaintRow> = BTreeMap::new();
    let mut depts: BTreeMap<String, ComplaintRow> = BTreeMap::new();
    let empty = (Vec::new(), Vec::new());
    // Each unit's tickets, for the repeat column (a complaint looks back at
    // its own unit only).
    let mut unit_tickets: BTreeMap<&str, Vec<&TicketFact>> = BTreeMap::new();
    for t in tickets {
        if let Some(u) = t.unit.as_deref() {
            unit_tickets.entry(u).or_default().push(t);
        }
    }
    for t in tickets
        .iter()
        .filter(|t| t.kind == Kind::Complaint && p.contains(t.created_at))
    {
        let (ds, cs) = by_ticket.get(&t.id).unwrap_or(&empty);
        let r = line(t, ds, cs, &unit_tickets, rules, as_of);
        total.add(&r);
        cats.entry(t.category.trim().to_string())
            .or_default()
            .add(&r);
        depts
            .entry(t.department.clone().unwrap_or_default())
            .or_default()
            .add(&r);
    }
    let rows = |m: BTreeMap<String, ComplaintRow>| {
        m.into_iter()
            .map(|(key, r)| ComplaintRow { key, ..r })
            .collect()
    };
    let due = summary_due(p);
    ComplaintSummary {
        period: *p,
        data_due: due.map(|d| d.0),
        report_due: due.map(|d| d.1),
        total,
        by_category: rows(cats),
        by_department: rows(depts),
    }
}
