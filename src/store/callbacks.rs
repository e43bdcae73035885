//! 回访 Callbacks: the queue, outcomes recorded together with the ticket
//! step they cause, and the month's figures. The tasks are created inside
//! the step transaction that handled a complaint or finished a work order by
//! `callback_tasks` (a hook of every step). The rules are in
//! `domain::callback`.

use super::hooks;
use super::staff::staff_by_name;
use super::staff::Actor;
use super::ticket_row::{get_ticket, Ticket};
use super::tickets::{append_event, insert_copy, step_in, NewTicket};
use super::{at, at_opt, parse_code, parse_opt_code, Cx, Result, Staff, Store, StoreError};
use crate::domain::calendar::end_of_day;
use crate::domain::callback::{
    self, AfterMiss, Basis, CallbackError, Effect, Figures, Method, Outcome, Plan, Rating, Reason,
    Satisfaction, Status,
};
use crate::domain::mask;
use crate::domain::rules::Rules;
use crate::domain::ticket::dept;
use crate::domain::time::Tz;
use crate::domain::transitions::{self, StepError};
use crate::domain::{Action, Kind, Role, State, StepInput};
use chrono::NaiveDateTime;
use rusqlite::{params, OptionalExtension, Row};

/// A callback task with what the queue shows of its ticket.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Task {
    pub id: i64,
    pub ticket_id: i64,
    pub reason: Reason,
    /// When the ticket's handling closed (replied / explained / done).
    #[serde(with = "crate::domain::time")]
    pub handled_at: NaiveDateTime,
    #[serde(with = "crate::domain::time::opt")]
    pub not_before: Option<NaiveDateTime>,
    #[serde(with = "crate::domain::time")]
    pub due_at: NaiveDateTime,
    #[serde(with = "crate::domain::time")]
    pub first_due_at: NaiveDateTime,
    pub status: Status,
    pub attempts: i64,
    pub result: Option<Satisfaction>,
    pub effect: Option<Effect>,
    pub outcome_ticket_id: Option<i64>,
    pub follow_id: Option<i64>,
    pub unreachable_reason: Option<String>,
    #[serde(with = "crate::domain::time::opt")]
    pub finished_at: Option<NaiveDateTime>,
    pub finished_by: Option<String>,
    #[serde(with = "crate::domain::time")]
    pub created_at: NaiveDateTime,
    #[serde(with = "crate::domain::time")]
    pub updated_at: NaiveDateTime,
    pub updated_by: String,
    pub version: i64,
    pub kind: Kind,
    pub state: State,
    pub unit: Option<String>,
    pub location: String,
    pub reporter: String,
    /// Masked.
    pub phone: String,
    pub description: String,
    pub department: Option<String>,
    pub wo_no: Option<String>,
    pub reopen_count: i64,
}

impl Task {
    pub fn place(&self) -> &str {
        self.unit.as_deref().unwrap_or(&self.location)
    }
    pub fn summary(&self) -> &str {
        self.description.lines().next().unwrap_or("")
    }
}

/// One call.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Attempt {
    pub no: i64,
    #[serde(with = "crate::domain::time")]
    pub at: NaiveDateTime,
    pub caller: String,
    pub recorded_by: String,
    pub method: Method,
    pub reached: bool,
    pub timeliness: Option<Rating>,
    pub attitude: Option<Rating>,
    pub workmanship: Option<Rating>,
    pub satisfaction: Option<Satisfaction>,
    pub words: String,
}

/// One sampling decision, for the supervisor's audit.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Sample {
    pub ticket_id: i64,
    pub kind: Kind,
    pub place: String,
    #[serde(with = "crate::domain::time")]
    pub decided_at: NaiveDateTime,
    pub month: String,
    pub seq: i64,
    pub picked_before: i64,
    pub score: u32,
    pub rate_percent: u32,
    pub basis: Basis,
    pub selected: bool,
    pub callback_id: Option<i64>,
}

/// What recording an outcome did.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Recorded {
    pub task: Task,
    pub ticket: Ticket,
    pub reached: bool,
    /// The ticket put back to work (itself, or a linked rework ticket).
    pub outcome_ticket: Option<i64>,
}

/// Which pending tasks a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Which {
    #[default]
    All,
    /// Due by the end of today (overdue included).
    Due,
    Overdue,
}

impl Which {
    /// The condition on `c.due_at` that picks these tasks, and the bound
    /// (an instant) it compares with: the queue's two reads share it.
    pub(super) fn filter(self, cx: &Cx, now: NaiveDateTime) -> (&'static str, Option<i64>) {
        match self {
            Which::All => ("", None),
            Which::Due => (
                " AND c.due_at <= ?1",
                Some(cx.epoch(end_of_day(now.date()))),
            ),
            Which::Overdue => (" AND c.due_at < ?1", Some(cx.epoch(now))),
        }
    }
}

const TASK_SELECT: &str = "SELECT c.id, c.ticket_id, c.reason, c.handled_at, c.not_before,
    c.due_at, c.first_due_at, c.status, c.attempts, c.result, c.effect, c.outcome_ticket_id,
    c.follow_id, c.unreachable_reason, c.finished_at, fb.name, c.created_at, c.updated_at, ub.name,
    c.version, t.kind, t.state, u.code, t.location, t.reporter, t.phone, t.description, d.code,
    t.wo_no, t.reopen_count
  FROM callbacks c
  JOIN tickets t ON t.id = c.ticket_id
  LEFT JOIN units u ON u.id = t.unit_id
  LEFT JOIN departments d ON d.id = t.department_id
  LEFT JOIN staff fb ON fb.id = c.finished_by
  JOIN staff ub ON ub.id = c.updated_by";

fn task_row(r: &Row, z: Tz) -> rusqlite::Result<Task> {
    Ok(Task {
        id: r.get(0)?,
        ticket_id: r.get(1)?,
        reason: parse_code(r, 2)?,
        handled_at: at(r, 3, z)?,
        not_before: at_opt(r, 4, z)?,
        due_at: at(r, 5, z)?,
        first_due_at: at(r, 6, z)?,
        status: parse_code(r, 7)?,
        attempts: r.get(8)?,
        result: parse_opt_code(r, 9)?,
        effect: parse_opt_code(r, 10)?,
        outcome_ticket_id: r.get(11)?,
        follow_id: r.get(12)?,
        unreachable_reason: r.get(13)?,
        finished_at: at_opt(r, 14, z)?,
        finished_by: r.get(15)?,
        created_at: at(r, 16, z)?,
        updated_at: at(r, 17, z)?,
        updated_by: r.get(18)?,
        version: r.get(19)?,
        kind: parse_code(r, 20)?,
        state: parse_code(r, 21)?,
        unit: r.get(22)?,
        location: r.get(23)?,
        reporter: r.get(24)?,
        phone: mask::phone(&r.get::<_, String>(25)?),
        description: r.get(26)?,
        department: r.get(27)?,
        wo_no: r.get(28)?,
        reopen_count: r.get(29)?,
    })
}

const SAMPLE_SELECT: &str = "SELECT s.ticket_id, t.kind, coalesce(u.code, t.location),
    s.decided_at, s.month, s.seq, s.picked_before, s.score, s.rate_percent, s.basis, s.selected,
    s.callback_id
  FROM callback_samples s
  JOIN tickets t ON t.id = s.ticket_id
  LEFT JOIN units u ON u.id = t.unit_id";

fn sample_row(r: &Row, z: Tz) -> rusqlite::Result<Sample> {
    Ok(Sample {
        ticket_id: r.get(0)?,
        kind: parse_code(r, 1)?,
        place: r.get(2)?,
        decided_at: at(r, 3, z)?,
        month: r.get(4)?,
        seq: r.get(5)?,
        picked_before: r.get(6)?,
        score: r.get(7)?,
        rate_percent: r.get(8)?,
        basis: parse_code(r, 9)?,
        selected: r.get(10)?,
        callback_id: r.get(11)?,
    })
}

pub(crate) fn get_task(cx: &Cx, id: i64) -> Result<Task> {
    cx.query_row(&format!("{TASK_SELECT} WHERE c.id = ?1"), [id], |r| {
        task_row(r, cx.zone)
    })
    .optional()?
    .ok_or_else(|| StoreError::not_found("callback", id))
}

fn last_event_id(tx: &Cx, ticket_id: i64) -> Result<i64> {
    Ok(tx.query_row(
        "SELECT max(id) FROM ticket_events WHERE ticket_id = ?1",
        [ticket_id],
        |r| r.get(0),
    )?)
}

/// A closed repair has no way back in its table: an unsatisfied callback
/// registers a rework ticket linked to it and dispatches it to the same
/// department (and technician, when still there).
fn follow_up(
    tx: &Cx,
    rules: &Rules,
    t: &Ticket,
    words: &str,
    actor: &Staff,
    now: NaiveDateTime,
) -> Result<(i64, i64)> {
    let new = NewTicket {
        kind: Some(Kind::Repair),
        unit: t.unit.clone(),
        location: t.location.clone(),
        channel: Some(t.channel),
        reporter: t.reporter.clone(),
        phone: t.phone.clone(),
        category: t.category.clone(),
        description: t.description.clone(),
        preferred_time: t.preferred_time.clone(),
        parent_id: Some(t.id),
        ..Default::default()
    };
    let id = insert_copy(tx, &new, actor, now)?;
    hooks::after_create(tx, rules, &get_ticket(tx, id)?, actor, now)?;
    let department = t
        .department
        .clone()
        .unwrap_or_else(|| dept::ENGINEERING.to_string());
    let technician = t.technician.clone().filter(|name| {
        staff_by_name(tx, name).is_ok_and(|s| {
            s.role == Role::Technician && s.department.as_deref() == Some(department.as_str())
        })
    });
    let input = StepInput {
        department: Some(department),
        technician,
        note: Some(words.to_string()),
        ..Default::default()
    };
    let after = step_in(tx, rules, id, 1, Action::Dispatch, &input, actor, now)?;
    Ok((after.id, last_event_id(tx, after.id)?))
}

/// Record one call and, when it decides the ticket's fate, take that step:
/// all in the caller's transaction.
fn record_in(
    tx: &Cx,
    rules: &Rules,
    id: i64,
    expected_version: Option<i64>,
    outcome: &Outcome,
    actor: &Staff,
    now: NaiveDateTime,
) -> Result<Recorded> {
    let task = get_task(tx, id)?;
    if expected_version.is_some_and(|v| v != task.version) {
        return Err(StoreError::Stale {
            by: task.updated_by,
            at: task.updated_at,
            version: task.version,
        });
    }
    if task.status != Status::Pending {
        return Err(CallbackError::NotPending(task.status).into());
    }
    if !actor.role.covers(Role::Operator) {
        return Err(CallbackError::DeskOnly.into());
    }
    let o = callback::normalize(outcome.clone(), task.handled_at, now)?;
    let caller = match o.caller.as_deref().filter(|c| !c.trim().is_empty()) {
        Some(name) => staff_by_name(tx, name)?,
        None => actor.clone(),
    };
    let no = task.attempts + 1;
    let now_s = tx.epoch(now);
    tx.execute(
        "INSERT INTO callback_attempts (callback_id, no, at, caller_id, recorded_by, recorded_at,
            method, reached, timeliness, attitude, workmanship, satisfaction, words)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            id,
            no,
            tx.epoch(o.at),
            caller.id,
            actor.id,
            now_s,
            o.method.code(),
            o.reached,
            o.timeliness.map(|r| r.code()),
            o.attitude.map(|r| r.code()),
            o.workmanship.map(|r| r.code()),
            o.satisfaction.map(|s| s.code()),
            o.words,
        ],
    )?;
    let ticket = get_ticket(tx, task.ticket_id)?;
    // The call goes on the ticket's own audit trail, linked to the task and
    // its attempt (which holds when, who called, how and whether reached).
    let data = serde_json::json!({
        "callback": id,
        "attempt": no,
        "result": o.satisfaction.map(|s| s.code()),
    });
    append_event(
        tx,
        ticket.id,
        now,
        actor,
        "callback",
        Some(ticket.state),
        ticket.state,
        &o.words,
        &data.to_string(),
    )?;
    let words_or = |fallback: String| {
        if o.words.trim().is_empty() {
            fallback
        } else {
            o.words.clone()
        }
    };
    let mut outcome_ticket = None;
    if let Some(verdict) = o.satisfaction.filter(|_| o.reached) {
        let (effect, back, event) = match callback::plan(ticket.kind, ticket.state, verdict) {
            Plan::Step(action) => {
                let mut input = StepInput {
                    via_callback: true,
                    ..Default::default()
                };
                match action {
                    Action::Close => {
                        input.note = Some(words_or(format!("callback #{id}: {}", verdict.code())))
                    }
                    _ => input.reason = Some(o.words.clone()),
                }
                match transitions::check(
                    ticket.kind,
                    ticket.state,
                    action,
                    actor.role,
                    &input,
                    ticket.facts(),
                ) {
                    // An escalated complaint is closed by a supervisor.
                    Err(StepError::Escalated | StepError::Role { .. }) => {
                        (Effect::Supervisor, None, None)
                    }
                    Err(e) => return Err(e.into()),
                    Ok(_) => {
                        step_in(
                            tx,
                            rules,
                            ticket.id,
                            ticket.version,
                            action,
                            &input,
                            actor,
                            now,
                        )?;
                        let ev = last_event_id(tx, ticket.id)?;
                        match action {
                            Action::Close => (Effect::Closed, None, Some(ev)),
                            Action::Rework => (Effect::Rework, Some(ticket.id), Some(ev)),
                            _ => (Effect::Reopened, Some(ticket.id), Some(ev)),
                        }
                    }
                }
            }
            Plan::FollowUp => {
                let (new_id, ev) = follow_up(tx, rules, &ticket, &o.words, actor, now)?;
                (Effect::FollowUp, Some(new_id), Some(ev))
            }
            Plan::Leave(effect) => (effect, None, None),
        };
        outcome_ticket = back;
        tx.execute(
            "UPDATE callbacks SET status = 'done', attempts = ?1, result = ?2, effect = ?3,
                outcome_ticket_id = ?4, outcome_event_id = ?5, not_before = NULL,
                finished_at = ?6, finished_by = ?7, updated_at = ?6, updated_by = ?7,
                version = version + 1
             WHERE id = ?8",
            params![
                no,
                verdict.code(),
                effect.code(),
                back,
                event,
                now_s,
                actor.id,
                id
            ],
        )?;
    } else {
        match callback::after_miss(
            &rules.callbacks,
            &rules.calendar,
            no as u32,
            o.at,
            task.due_at,
        ) {
            AfterMiss::Retry { not_before, due_at } => {
                tx.execute(
                    "UPDATE callbacks SET attempts = ?1, not_before = ?2, due_at = ?3,
                        updated_at = ?4, updated_by = ?5, version = version + 1
                     WHERE id = ?6",
                    params![
                        no,
                        tx.epoch(not_before),
                        tx.epoch(due_at),
                        now_s,
                        actor.id,
                        id
                    ],
                )?;
            }
            AfterMiss::Unreachable => {
                let notes: Vec<String> = {
                    let mut st = tx.prepare(
                        "SELECT words FROM callback_attempts
                         WHERE callback_id = ?1 AND reached = 0 AND words != '' ORDER BY no",
                    )?;
                    let v = st
                        .query_map([id], |r| r.get::<_, String>(0))?
                        .collect::<rusqlite::Result<_>>()?;
                    v
                };
                let reason = notes.join("；");
                let (effect, event) = match callback::unreachable_plan(ticket.kind, ticket.state) {
                    Plan::Step(action) => {
                        let input = StepInput {
                            via_callback: true,
                            note: Some(if reason.is_empty() {
                                format!("callback #{id}: unreachable")
                            } else {
                                reason.clone()
                            }),
                            ..Default::default()
                        };
                        step_in(
                            tx,
                            rules,
                            ticket.id,
                            ticket.version,
                            action,
                            &input,
                            actor,
                            now,
                        )?;
                        (Effect::Closed, Some(last_event_id(tx, ticket.id)?))
                    }
                    Plan::Leave(effect) => (effect, None),
                    Plan::FollowUp => (Effect::Unchanged, None),
                };
                tx.execute(
                    "UPDATE callbacks SET status = 'unreachable', attempts = ?1,
                        unreachable_reason = ?2, effect = ?3, outcome_event_id = ?4,
                        not_before = NULL, finished_at = ?5, finished_by = ?6, updated_at = ?5,
                        updated_by = ?6, version = version + 1
                     WHERE id = ?7",
                    params![no, reason, effect.code(), event, now_s, actor.id, id],
                )?;
            }
        }
    }
    Ok(Recorded {
        task: get_task(tx, id)?,
        ticket: get_ticket(tx, task.ticket_id)?,
        reached: o.reached,
        outcome_ticket,
    })
}

impl Store {
    /// Pending callbacks, most urgent first.
    pub fn callback_queue(&self, now: NaiveDateTime, which: Which) -> Result<Vec<Task>> {
        let cx = self.cx();
        let (cond, bound) = which.filter(&cx, now);
        let sql = format!("{TASK_SELECT} WHERE c.status = 'pending'{cond} ORDER BY c.due_at, c.id");
        let mut st = self.conn.prepare_cached(&sql)?;
        let row = |r: &Row| task_row(r, cx.zone);
        let rows = match &bound {
            Some(b) => st.query_map([b], row)?,
            None => st.query_map([], row)?,
        };
        let mut tasks: Vec<Task> = rows.collect::<rusqlite::Result<_>>()?;
        // The whole queue is held by the callbacks screen from sign-in on
        // (5,000 tasks at 50,000 open): collecting doubled it up to the
        // next power of two, up to 1.3 MB of room never used.
        tasks.shrink_to_fit();
        Ok(tasks)
    }

    pub fn callback(&self, id: i64) -> Result<Task> {
        get_task(&self.cx(), id)
    }

    /// Every callback of a ticket, oldest first.
    pub fn callbacks_of_ticket(&self, ticket_id: i64) -> Result<Vec<Task>> {
        let mut st = self.conn.prepare_cached(&format!(
            "{TASK_SELECT} WHERE c.ticket_id = ?1 ORDER BY c.id"
        ))?;
        let rows = st.query_map([ticket_id], |r| task_row(r, self.zone))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn callback_attempts(&self, id: i64) -> Result<Vec<Attempt>> {
        let mut st = self.conn.prepare_cached(
            "SELECT a.no, a.at, c.name, r.name, a.method, a.reached, a.timeliness, a.attitude,
                a.workmanship, a.satisfaction, a.words
             FROM callback_attempts a
             JOIN staff c ON c.id = a.caller_id
             JOIN staff r ON r.id = a.recorded_by
             WHERE a.callback_id = ?1 ORDER BY a.no",
        )?;
        let z = self.zone;
        let rows = st.query_map([id], |r| {
            Ok(Attempt {
                no: r.get(0)?,
                at: at(r, 1, z)?,
                caller: r.get(2)?,
                recorded_by: r.get(3)?,
                method: parse_code(r, 4)?,
                reached: r.get(5)?,
                timeliness: parse_opt_code(r, 6)?,
                attitude: parse_opt_code(r, 7)?,
                workmanship: parse_opt_code(r, 8)?,
                satisfaction: parse_opt_code(r, 9)?,
                words: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Record a call on a pending task: refused (nothing written) if the task
    /// changed since `expected_version`, is no longer pending, or the outcome
    /// does not hold together.
    pub fn record_callback(
        &mut self,
        id: i64,
        expected_version: Option<i64>,
        outcome: &Outcome,
        actor: &Actor,
        now: NaiveDateTime,
    ) -> Result<Recorded> {
        let rules = self.shared_rules();
        self.write(|tx| record_in(tx, &rules, id, expected_version, outcome, actor, now))
    }

    /// The month of `now`: households reached, satisfaction, complaint
    /// coverage and the sample, against the site's targets. Counted from the
    /// same facts as the reports (`store::figures`), so the queue's line and
    /// the monthly report agree.
    pub fn callback_figures(&self, now: NaiveDateTime) -> Result<Figures> {
        let month = crate::domain::figures::Period::month_of(now.date());
        self.callback_figures_of(&month, now)
    }

    /// The sampling decision that created a callback, if it was one.
    pub fn callback_sample(&self, callback_id: i64) -> Result<Option<Sample>> {
        let mut st = self.conn.prepare_cached(&format!(
            "{SAMPLE_SELECT} WHERE s.callback_id = ?1 ORDER BY s.id DESC LIMIT 1"
        ))?;
        Ok(st
            .query_row([callback_id], |r| sample_row(r, self.zone))
            .optional()?)
    }

    /// Every sampling decision of a month (`YYYY-MM`), in the order taken.
    pub fn callback_samples(&self, month: &str) -> Result<Vec<Sample>> {
        let mut st = self
            .conn
            .prepare_cached(&format!("{SAMPLE_SELECT} WHERE s.month = ?1 ORDER BY s.id"))?;
        let rows = st.query_map([month], |r| sample_row(r, self.zone))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The full phone of the ticket a callback calls back: the number the
    /// operator dials (`Task::phone` is masked, for every other view).
    pub fn callback_phone(&self, ticket_id: i64) -> Result<String> {
        self.conn
            .query_row(
                "SELECT phone FROM tickets WHERE id = ?1",
                [ticket_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::not_found("ticket", ticket_id))
    }
}
