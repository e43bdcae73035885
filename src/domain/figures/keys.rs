//! Key loans 借钥匙 (003 §7.3, 002 3.6.8): loans made, those that needed a
//! supervisor's approval (anyone but the owner or sales staff, 003 §7.3 3)
//! and whether they had it, and returns: on time ÷ due for the loans due in
//! the period (the same "due in the period" rule as deadlines), returns made
//! late, and keys still out past due when the period ended.

use super::facts::LoanFact;
use super::period::Period;
use super::Rate;
use crate::domain::keys::{self, BorrowerType};
use chrono::NaiveDateTime;

/// A loan returned late or still out past due.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OverdueLoan {
    pub id: i64,
    pub key_id: i64,
    pub unit: Option<String>,
    pub borrower: BorrowerType,
    pub due_at: NaiveDateTime,
    pub returned_at: Option<NaiveDateTime>,
    /// Seconds past due: at the return, or at the period's end while out.
    pub late_secs: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct KeyFigures {
    /// Loans made in the period.
    pub lent: u32,
    /// ... of which the borrower needed a supervisor's approval,
    pub needing_approval: u32,
    /// ... and had it.
    pub approved: u32,
    /// Loans made without the approval they needed (should stay empty).
    pub unapproved: Vec<i64>,
    /// Returns signed off in the period.
    pub returned: u32,
    /// Loans due in the period: returned by the due time ÷ decided (returned,
    /// or still out past due at `as_of`).
    pub on_time: Rate,
    /// Returned in the period after the due time.
    pub returned_late: Vec<OverdueLoan>,
    /// Out when the period ended and past due then (whenever lent).
    pub out_overdue: Vec<OverdueLoan>,
    /// Out when the period ended.
    pub out_at_end: u32,
}

fn overdue(l: &LoanFact, at: NaiveDateTime) -> OverdueLoan {
    OverdueLoan {
        id: l.id,
        key_id: l.key_id,
        unit: l.unit.clone(),
        borrower: l.borrower,
        due_at: l.due_at,
        returned_at: l.returned_at,
        late_secs: (at - l.due_at).num_seconds().max(0),
    }
}

pub fn key_figures(p: &Period, loans: &[LoanFact], as_of: NaiveDateTime) -> KeyFigures {
    let end = p.end_at(as_of);
    // Out at instant t: lent before it, not yet returned.
    let out_at =
        |l: &LoanFact, t: NaiveDateTime| l.lent_at < t && l.returned_at.is_none_or(|r| r >= t);
    let mut f = KeyFigures::default();
    let (mut due, mut kept) = (0, 0);
    for l in loans {
        if p.contains(l.lent_at) {
            f.lent += 1;
            if keys::needs_approval(l.borrower) {
                f.needing_approval += 1;
                if l.approved_at.is_some() {
                    f.approved += 1;
                } else {
                    f.unapproved.push(l.id);
                }
            }
        }
        if let Some(r) = l.returned_at.filter(|r| p.contains(*r)) {
            f.returned += 1;
            if r > l.due_at {
                f.returned_late.push(overdue(l, r));
            }
        }
        if out_at(l, end) {
            f.out_at_end += 1;
            if keys::is_overdue(l.due_at, false, end) {
                f.out_overdue.push(overdue(l, end));
            }
        }
        if p.contains(l.due_at) {
            match l.returned_at.filter(|r| *r <= as_of) {
                Some(r) => {
                    due += 1;
                    kept += u32::from(r <= l.due_at);
                }
                None if l.due_at < as_of => due += 1,
                None => {}
            }
        }
    }
    f.on_time = Rate::new(kept, due);
    f.returned_late.sort_by_key(|o| (o.due_at, o.id));
    f.out_overdue.sort_by_key(|o| (o.due_at, o.id));
    f.unapproved.sort();
    f
}
