//! What the store supplies: one row per ticket, deadline, callback, sampling
//! decision, key loan and emergency, with codes (never labels) and site-local
//! times. [`Scope`] says which rows a period needs; supplying more is harmless
//! (every function filters by itself), supplying a row twice is not.

use super::period::Period;
use super::FigureRules;
use crate::domain::callback::{Basis, Rating, Reason, Satisfaction, Status};
use crate::domain::deadline::What;
use crate::domain::keys::BorrowerType;
use crate::domain::ticket::{coded_enum, Channel, Kind, Severity, State};
use chrono::{Duration, NaiveDateTime};

coded_enum!(
    /// A deadline row's status (`ticket_deadlines.status`).
    DeadlineStatus {
        Pending => "pending",
        Met => "met",
        Missed => "missed",
        Void => "void",
    }
);

coded_enum!(
    /// A complaint's classification (004 篇5 4.2).
    Validity {
        Valid => "valid",
        Invalid => "invalid",
    }
);

/// One ticket (`tickets`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TicketFact {
    pub id: i64,
    pub kind: Kind,
    pub channel: Channel,
    /// Category code; empty when none was given.
    pub category: String,
    /// Unit code (`3-2-1201`); `None` for a public area.
    pub unit: Option<String>,
    /// Building number of the unit (or of a public area, when known).
    pub building: Option<u32>,
    /// Code of the department it was (last) sent to.
    pub department: Option<String>,
    /// The ticket it carries on (conversion, linked repair, follow-up rework).
    pub parent: Option<i64>,
    pub created_at: NaiveDateTime,
    /// The state now.
    pub state: State,
    /// When it reached its final state (`closed_at`); `None` while open.
    pub ended_at: Option<NaiveDateTime>,
    /// Complaints: valid / invalid once classified.
    pub validity: Option<Validity>,
    pub developer_defect: bool,
    /// Escalated to the duty manager or the manager (004 篇5 4.3.2-4.3.3).
    pub escalated: bool,
    /// Times put back to work by an unsatisfied callback (`reopen_count`).
    pub reopened: u32,
}

impl TicketFact {
    /// The final state and when it was reached (never before registration).
    pub fn end(&self) -> Option<(State, NaiveDateTime)> {
        self.state.is_final().then(|| {
            let at = self.ended_at.unwrap_or(self.created_at);
            (self.state, at.max(self.created_at))
        })
    }

    /// Open at instant `t`: registered before it and not ended before it.
    pub fn open_at(&self, t: NaiveDateTime) -> bool {
        self.created_at < t && self.end().is_none_or(|(_, e)| e >= t)
    }

    /// A report of a problem by a resident or a patrol, for repeat counting:
    /// not a continuation of another ticket and not cancelled.
    pub fn is_report(&self) -> bool {
        self.parent.is_none() && self.state != State::Cancelled && !self.category.trim().is_empty()
    }
}

/// One deadline round (`ticket_deadlines`), with a little of its ticket.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DeadlineFact {
    pub ticket_id: i64,
    pub kind: Kind,
    pub unit: Option<String>,
    pub department: Option<String>,
    pub what: What,
    pub round: u32,
    /// As stored: already moved on by the time spent on hold.
    pub due_at: NaiveDateTime,
    /// Time spent on hold, added to the due time.
    pub paused_secs: i64,
    pub status: DeadlineStatus,
    /// When it was met or missed (`met_at`); for a void row, when the ticket
    /// ended (`closed_at`): the step that ends a ticket voids its deadlines.
    pub settled_at: Option<NaiveDateTime>,
    /// Start of the ticket's open hold, for pending rows of a ticket on hold.
    pub held_since: Option<NaiveDateTime>,
}

impl DeadlineFact {
    /// The due time as promised, before any hold: decides the period.
    pub fn nominal_due(&self) -> NaiveDateTime {
        self.due_at - Duration::seconds(self.paused_secs.max(0))
    }
}

/// One callback task (`callbacks`) with its reached call, if any.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CallbackFact {
    pub id: i64,
    pub ticket_id: i64,
    /// The ticket's kind, unit, department and category.
    pub kind: Kind,
    pub unit: Option<String>,
    pub department: Option<String>,
    pub category: String,
    pub reason: Reason,
    pub created_at: NaiveDateTime,
    pub first_due_at: NaiveDateTime,
    /// The current due time (moves on after a missed call).
    pub due_at: NaiveDateTime,
    pub status: Status,
    /// When the reached call was made (`callback_attempts.at`, not when it
    /// was typed in): decides the period of the verdict.
    pub reached_at: Option<NaiveDateTime>,
    pub verdict: Option<Satisfaction>,
    pub timeliness: Option<Rating>,
    pub attitude: Option<Rating>,
    pub workmanship: Option<Rating>,
    /// When it was finished: done or given up as unreachable.
    pub finished_at: Option<NaiveDateTime>,
}

/// One sampling decision on a finished work order (`callback_samples`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SampleFact {
    pub ticket_id: i64,
    pub decided_at: NaiveDateTime,
    pub selected: bool,
    pub basis: Basis,
}

/// One key loan (`key_loans`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LoanFact {
    pub id: i64,
    pub key_id: i64,
    pub unit: Option<String>,
    pub borrower: BorrowerType,
    pub lent_at: NaiveDateTime,
    pub due_at: NaiveDateTime,
    pub approved_at: Option<NaiveDateTime>,
    pub returned_at: Option<NaiveDateTime>,
}

/// One emergency (`tickets` of kind emergency with `emergency_records`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EmergencyFact {
    pub ticket_id: i64,
    pub unit: Option<String>,
    pub severity: Option<Severity>,
    pub state: State,
    pub registered_at: NaiveDateTime,
    pub on_scene_at: Option<NaiveDateTime>,
    /// When the emergency record 紧急情况处理登记表 was completed.
    pub recorded_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    /// When the follow-up visit (004 篇1 3.3.1) was made, once the store has it.
    pub follow_up_at: Option<NaiveDateTime>,
}

/// The rows a period needs. `from`/`to` are the period's; every bound is
/// half-open like the period. A row matching several clauses is sent once.
///
/// - tickets: registered in `[lookback_from, to)`, or registered before `to`
///   and not ended before `from` (open at some moment of the period);
/// - deadlines: nominal due (`due_at - paused_secs`) in `[from, to)`; or of a
///   complaint registered in `[from, to)`; or due before `to` and not settled
///   before `to` (still pending now, or `met_at >= to`);
/// - callbacks: created, reached or finished in `[from, to)`; or pending; or
///   of a complaint registered in `[from, to)`;
/// - samples: decided in `[from, to)`;
/// - loans: lent before `to` and not returned before `from`, or due in `[from, to)`;
/// - emergencies: registered in `[from, to)`, or recorded/closed in
///   `[follow_up_from, to)` (their follow-up visit may fall due in the period).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Scope {
    pub from: NaiveDateTime,
    pub to: NaiveDateTime,
    pub lookback_from: NaiveDateTime,
    /// From here on every ticket counts (building repeats look this far
    /// back); between `lookback_from` and this, only the tickets of units
    /// reported in the period (unit repeats) and those open at `from`.
    pub near_from: NaiveDateTime,
    pub follow_up_from: NaiveDateTime,
}

pub fn scope(p: &Period, rules: &FigureRules) -> Scope {
    let back = rules.repeat_days.max(rules.building_days).max(0);
    Scope {
        from: p.from(),
        to: p.to(),
        lookback_from: p.from() - Duration::days(back),
        near_from: p.from() - Duration::days(rules.building_days.clamp(0, back)),
        // Due at the end of day N after the handling day: handled up to N+1 days before.
        follow_up_from: p.from() - Duration::days(rules.follow_up_days.max(0) + 1),
    }
}
