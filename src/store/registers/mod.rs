//! The desk's other registers 登记: visitors, mail and parcels, goods release
//! passes, renovations, move-in and move-out. One entry for every step,
//! `Store::register_step`: a supervisor's PIN (when one is typed) is checked
//! before the write transaction; then, inside one short `BEGIN IMMEDIATE`,
//! the record is read, its version compared, the register's table asked
//! (`domain::registers::check`) with the facts its guard needs, the step
//! applied and a `register_events` row appended. A refusal writes nothing.

mod common;
mod moves;
mod overview;
mod parcels;
mod passes;
mod renovations;
mod visitors;

pub use moves::{Move, MoveFilter};
pub use overview::{RegisterAlerts, UnitRegisters};
pub use parcels::{Parcel, ParcelFilter};
pub use passes::{GoodsPass, PassFilter};
pub use renovations::{Fee, RenoPass, Renovation, RenovationFilter};
pub use visitors::{Visitor, VisitorFilter};

pub(crate) use overview::handover_facts;

use super::keys::Approval;
use super::site::{resolve_text, Unit};
use super::staff::{pin_matches, staff_by_name, Actor};
use super::{at, Cx, Result, Staff, Store, StoreError};
use crate::domain::calendar::WorkCalendar;
use crate::domain::registers::{
    self, Acting, RAction, RField, RInput, RRow, RState, Register, RegisterError, RegisterRules,
    Series,
};
use crate::domain::ticket::dept;
use crate::domain::Role;
use chrono::NaiveDateTime;
use rusqlite::{params, OptionalExtension};
use std::collections::BTreeMap;

/// A step as asked for by a screen or the CLI.
#[derive(Debug, Clone, Copy)]
pub struct StepRequest<'a> {
    pub register: Register,
    /// `None`: a new record (the register's first step).
    pub id: Option<i64>,
    /// The version the operator saw; `None` takes the record as it is (a
    /// pass marked used by its number at the gate).
    pub version: Option<i64>,
    pub action: RAction,
    pub input: &'a RInput,
    /// A supervisor approving at the desk (an override, a hot-work permit).
    pub approval: Option<&'a Approval>,
}

/// What a step did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Stepped {
    pub register: Register,
    pub id: i64,
    pub from: RState,
    pub state: RState,
    /// The number given (a goods release pass, a renovation pass).
    pub no: Option<String>,
}

/// What a step's write knows besides the request.
pub(crate) struct Writing<'a> {
    pub rules: &'a RegisterRules,
    pub calendar: &'a WorkCalendar,
    pub acting: Acting,
    pub actor: &'a Actor,
    /// The supervisor whose PIN was proven before the write.
    pub approver: Option<Staff>,
    pub now: NaiveDateTime,
}

/// How the registers' tables see a person.
pub fn acting(actor: &Staff) -> Acting {
    Acting {
        role: actor.role,
        security: actor.department.as_deref() == Some(dept::SECURITY),
    }
}

/// The audit row of a step: the one function that writes `register_events`,
/// so a hash chain over its rows needs one change here.
#[allow(clippy::too_many_arguments)]
pub(crate) fn append_event(
    tx: &Cx,
    register: Register,
    record_id: i64,
    now: NaiveDateTime,
    actor: &Staff,
    action: RAction,
    from: RState,
    to: RState,
    note: &str,
    data: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO register_events
            (register, record_id, at, actor_id, action, from_state, to_state, note, data)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        register.code(),
        record_id,
        tx.epoch(now),
        actor.id,
        action.code(),
        from.code(),
        to.code(),
        note.trim(),
        data
    ])?;
    Ok(())
}

/// What a step was given, as JSON with sorted keys (ID numbers and phones
/// masked): the audit row's `data`.
pub(crate) fn event_data(row: &RRow, input: &RInput) -> String {
    let map: BTreeMap<&str, String> = row
        .fields()
        .filter(|(f, _)| *f != RField::Note)
        .filter_map(|(f, _)| input.shown(f).map(|v| (f.code(), v)))
        .collect();
    serde_json::to_string(&map).unwrap_or_else(|_| "{}".into())
}

/// The note of an audit row: what the operator wrote, else the reason.
pub(crate) fn event_note(input: &RInput) -> String {
    input
        .note
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .or(input.reason.as_deref())
        .unwrap_or("")
        .trim()
        .to_string()
}

/// Refused as stale: who changed the record last, and when.
pub(crate) fn check_version(
    tx: &Cx,
    register: Register,
    id: i64,
    current: i64,
    expected: Option<i64>,
) -> Result<()> {
    let Some(v) = expected else { return Ok(()) };
    if v == current {
        return Ok(());
    }
    let last = tx
        .query_row(
            "SELECT s.name, e.at FROM register_events e JOIN staff s ON s.id = e.actor_id
             WHERE e.register = ?1 AND e.record_id = ?2 ORDER BY e.id DESC LIMIT 1",
            params![register.code(), id],
            |r| Ok((r.get::<_, String>(0)?, at(r, 1, tx.zone)?)),
        )
        .optional()?;
    let (by, at) = last.unwrap_or_default();
    Err(StoreError::Stale {
        by,
        at,
        version: current,
    })
}

/// A row the table has but the register's writer does not take (a bug in
/// the table or the writer): refused as not allowed, never half-done.
pub(crate) fn not_taken(register: Register, state: RState, action: RAction) -> StoreError {
    RegisterError::NotAllowed {
        register,
        state,
        action,
        allowed: registers::machine(register)
            .offered(state)
            .iter()
            .map(|r| r.action)
            .collect(),
    }
    .into()
}

/// Next gapless number of `series` for `year`, inside the caller's
/// transaction.
pub(crate) fn next_no(tx: &Cx, series: Series, year: i32) -> Result<String> {
    tx.execute(
        "INSERT INTO register_counters (series, year, last) VALUES (?1, ?2, 1)
         ON CONFLICT(series, year) DO UPDATE SET last = last + 1",
        params![series.code(), year],
    )?;
    let seq: i64 = tx.query_row(
        "SELECT last FROM register_counters WHERE series = ?1 AND year = ?2",
        params![series.code(), year],
        |r| r.get(0),
    )?;
    Ok(registers::pass_no(series, year, seq))
}

/// The unit an input names (required by the caller's table row).
pub(crate) fn unit_of(tx: &Cx, input: &RInput) -> Result<Option<Unit>> {
    match input.unit.as_deref().filter(|u| !u.trim().is_empty()) {
        Some(text) => Ok(Some(resolve_text(tx, text)?)),
        None => Ok(None),
    }
}

/// One row of a record's history.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RegisterEvent {
    pub id: i64,
    #[serde(with = "crate::domain::time")]
    pub at: NaiveDateTime,
    pub actor: String,
    pub action: RAction,
    pub from: RState,
    pub to: RState,
    pub note: String,
    /// The step's fields as recorded (an object, as in a ticket's events).
    pub data: serde_json::Value,
}

impl Store {
    /// Take a step of a register: create a record (its first step) or move
    /// one. Everything is checked inside the write (the PIN of a supervisor
    /// named in the form just before it); a refusal writes nothing.
    pub fn register_step(
        &mut self,
        req: &StepRequest,
        actor: &Actor,
        now: NaiveDateTime,
    ) -> Result<Stepped> {
        let mut input = req.input.checked()?;
        // The approver typed at the desk: their role, then their PIN (argon2,
        // slow: before the write lock is taken).
        let approver = match req.approval.filter(|a| !a.approver.trim().is_empty()) {
            Some(a) => {
                input.approver = Some(a.approver.trim().to_string());
                self.verify_approver(a)?
            }
            None => None,
        };
        if req.approval.is_none() {
            // A name without a PIN proves nothing.
            input.approver = None;
        }
        let rules = self.rules().registers.clone();
        let calendar = self.rules().calendar.clone();
        self.write(|tx| {
            // The approver may have been deactivated since the PIN check.
            let approver = match &approver {
                Some(s) => Some(staff_by_name(tx, &s.name)?),
                None => None,
            };
            let w = Writing {
                rules: &rules,
                calendar: &calendar,
                acting: acting(actor),
                actor,
                approver,
                now,
            };
            let req = StepRequest {
                input: &input,
                ..*req
            };
            match req.register {
                Register::Visitor => visitors::step(tx, &w, &req),
                Register::Parcel => parcels::step(tx, &w, &req),
                Register::Pass => passes::step(tx, &w, &req),
                Register::Renovation => renovations::step(tx, &w, &req),
                Register::MoveIn | Register::MoveOut => moves::step(tx, &w, &req),
            }
        })
    }

    /// The supervisor named at the desk, checked: role first, then the PIN.
    fn verify_approver(&self, a: &Approval) -> Result<Option<Staff>> {
        let s = staff_by_name(&self.conn, &a.approver)?;
        if !s.role.covers(Role::Supervisor) {
            return Err(RegisterError::ApproverRole { name: s.name }.into());
        }
        if a.pin.is_empty() {
            return Ok(None);
        }
        if !pin_matches(&self.conn, s.id, &a.pin)? {
            return Err(RegisterError::WrongPin { name: s.name }.into());
        }
        Ok(Some(s))
    }

    /// People who may approve at the desk (supervisors and managers).
    pub fn register_approvers(&self) -> Result<Vec<Staff>> {
        Ok(self
            .desk_staff()?
            .into_iter()
            .filter(|s| s.role.covers(Role::Supervisor))
            .collect())
    }

    /// A record's history, oldest first.
    pub fn register_events(&self, register: Register, id: i64) -> Result<Vec<RegisterEvent>> {
        let mut st = self.conn.prepare_cached(
            "SELECT e.id, e.at, s.name, e.action, e.from_state, e.to_state, e.note, e.data
             FROM register_events e JOIN staff s ON s.id = e.actor_id
             WHERE e.register = ?1 AND e.record_id = ?2 ORDER BY e.id",
        )?;
        let z = self.zone;
        let rows = st.query_map(params![register.code(), id], |r| {
            Ok(RegisterEvent {
                id: r.get(0)?,
                at: at(r, 1, z)?,
                actor: r.get(2)?,
                action: super::parse_code(r, 3)?,
                from: super::parse_code(r, 4)?,
                to: super::parse_code(r, 5)?,
                note: r.get(6)?,
                data: serde_json::from_str(&r.get::<_, String>(7)?)
                    .unwrap_or(serde_json::Value::Null),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// `%text%` for LIKE, wildcards typed by the operator taken literally.
pub(crate) fn like(text: &str) -> String {
    format!("%{}%", text.trim().replace(['%', '_'], ""))
}

/// Unit ids a search text names (empty when it is not a unit number).
pub(crate) fn units_named(cx: &Cx, text: &str) -> Result<Vec<i64>> {
    super::keys::units_named(cx, text)
}
