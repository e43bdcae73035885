//! The duty log 值班日志: append-only entries per shift (the table's triggers
//! refuse UPDATE and DELETE). A correction or a "kept" mark is a new entry
//! pointing at the one it concerns.

use super::site::resolve_text;
use super::staff::Actor;
use super::{at, at_opt, date, parse_code, Cx, Result, Staff, Store, StoreError};
use crate::domain::dutylog::{self, Category, LogEntry};
use crate::domain::shift::Shift;
use crate::domain::shift::ShiftRefusal;
use crate::domain::time::Tz;
use crate::domain::Role;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, OptionalExtension, Row};

/// A new entry as typed at the desk or given to the CLI.
#[derive(Debug, Clone, Default)]
pub struct NewLogEntry {
    pub category: Option<Category>,
    pub text: String,
    /// Unit number in any accepted form; resolved inside the transaction.
    pub unit: Option<String>,
    pub ticket_id: Option<i64>,
    /// Required for a promise.
    pub due_at: Option<NaiveDateTime>,
}

const ENTRY_SELECT: &str = "SELECT e.id, e.at, e.shift_date, e.shift_code, e.category, e.text,
    s.name, u.code, e.ticket_id, e.refers_to, e.promise_due_at,
    (SELECT max(c.id) FROM duty_log c WHERE c.refers_to = e.id AND c.category = 'correction'),
    (SELECT k.id FROM duty_log k WHERE k.refers_to = e.id AND k.category = 'kept')
  FROM duty_log e
  JOIN staff s ON s.id = e.operator_id
  LEFT JOIN units u ON u.id = e.unit_id";

fn entry_row(r: &Row, z: Tz) -> rusqlite::Result<LogEntry> {
    Ok(LogEntry {
        id: r.get(0)?,
        at: at(r, 1, z)?,
        shift_date: date(r, 2)?,
        shift_code: r.get(3)?,
        category: parse_code(r, 4)?,
        text: r.get(5)?,
        operator: r.get(6)?,
        unit: r.get(7)?,
        ticket_id: r.get(8)?,
        refers_to: r.get(9)?,
        due_at: at_opt(r, 10, z)?,
        corrected_by: r.get(11)?,
        kept_by: r.get(12)?,
    })
}

pub(crate) fn get_entry(cx: &Cx, id: i64) -> Result<LogEntry> {
    cx.query_row(&format!("{ENTRY_SELECT} WHERE e.id = ?1"), [id], |r| {
        entry_row(r, cx.zone)
    })
    .optional()?
    .ok_or(StoreError::Shift(ShiftRefusal::NotFound(id)))
}

/// The entries of one shift, oldest first (corrections and kept marks included).
pub(crate) fn shift_log(cx: &Cx, day: NaiveDate, code: &str) -> Result<Vec<LogEntry>> {
    let mut st = cx.prepare_cached(&format!(
        "{ENTRY_SELECT} WHERE e.shift_date = ?1 AND e.shift_code = ?2 ORDER BY e.at, e.id"
    ))?;
    let rows = st.query_map(params![day.to_string(), code], |r| entry_row(r, cx.zone))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Promises not marked kept, from any shift, as corrected; by due time.
pub(crate) fn open_promises(cx: &Cx) -> Result<Vec<LogEntry>> {
    let mut st = cx.prepare_cached(&format!(
        "{ENTRY_SELECT} WHERE e.category = 'promise'
           AND NOT EXISTS (SELECT 1 FROM duty_log k WHERE k.refers_to = e.id AND k.category = 'kept')
         ORDER BY e.promise_due_at, e.id"
    ))?;
    let originals: Vec<LogEntry> = st
        .query_map([], |r| entry_row(r, cx.zone))?
        .collect::<rusqlite::Result<_>>()?;
    let mut st = cx.prepare_cached(&format!(
        "{ENTRY_SELECT} WHERE e.category = 'correction' AND e.refers_to IN (
           SELECT p.id FROM duty_log p WHERE p.category = 'promise'
             AND NOT EXISTS (SELECT 1 FROM duty_log k WHERE k.refers_to = p.id AND k.category = 'kept'))
         ORDER BY e.id"
    ))?;
    let corrections: Vec<LogEntry> = st
        .query_map([], |r| entry_row(r, cx.zone))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = dutylog::apply_corrections(&originals, &corrections);
    out.sort_by_key(|e| (e.due_at, e.id));
    Ok(out)
}

fn check_writer(actor: &Staff, shift: &Shift, now: NaiveDateTime) -> Result<()> {
    if !actor.role.covers(Role::Operator) {
        return Err(StoreError::Shift(ShiftRefusal::NotDeskStaff));
    }
    if !shift.contains(now) {
        return Err(StoreError::Shift(ShiftRefusal::OutsideShift {
            at: now,
            shift: shift.key(),
        }));
    }
    Ok(())
}

/// Insert one row inside an open transaction, after the checks.
#[allow(clippy::too_many_arguments)]
fn insert(
    tx: &Cx,
    category: Category,
    new: &NewLogEntry,
    refers_to: Option<i64>,
    actor: &Staff,
    shift: &Shift,
    now: NaiveDateTime,
) -> Result<LogEntry> {
    let due = if matches!(category, Category::Promise | Category::Correction) {
        new.due_at
    } else {
        None
    };
    dutylog::validate(category, &new.text, due, now)?;
    let unit = match new.unit.as_deref().filter(|u| !u.trim().is_empty()) {
        Some(text) => Some(resolve_text(tx, text)?),
        None => None,
    };
    if let Some(id) = new.ticket_id {
        let found: Option<i64> = tx
            .query_row("SELECT id FROM tickets WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        if found.is_none() {
            return Err(StoreError::not_found("ticket", id));
        }
    }
    tx.execute(
        "INSERT INTO duty_log (at, shift_date, shift_code, category, text, operator_id, unit_id,
            ticket_id, refers_to, promise_due_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            tx.epoch(now),
            shift.date.to_string(),
            shift.code,
            category.code(),
            new.text.trim(),
            actor.id,
            unit.map(|u| u.id),
            new.ticket_id,
            refers_to,
            tx.epoch_opt(due),
        ],
    )?;
    get_entry(tx, tx.last_insert_rowid())
}

impl Store {
    /// Write a new entry in `shift` (the shift containing `now`).
    pub fn add_log_entry(
        &mut self,
        new: &NewLogEntry,
        actor: &Actor,
        shift: &Shift,
        now: NaiveDateTime,
    ) -> Result<LogEntry> {
        let category = new.category.unwrap_or(Category::Note);
        if !Category::WRITABLE.contains(&category) {
            return Err(StoreError::Shift(ShiftRefusal::OwnAction(category.code())));
        }
        self.write(|tx| {
            check_writer(actor, shift, now)?;
            insert(tx, category, new, None, actor, shift, now)
        })
    }

    /// Correct entry `id` with a new entry restating it (the original stays).
    /// `new` gives the corrected text, and the unit, ticket or due time if
    /// they change.
    pub fn correct_log_entry(
        &mut self,
        id: i64,
        new: &NewLogEntry,
        actor: &Actor,
        shift: &Shift,
        now: NaiveDateTime,
    ) -> Result<LogEntry> {
        self.write(|tx| {
            check_writer(actor, shift, now)?;
            let target = get_entry(tx, id)?;
            let original = dutylog::correction_target(&target)?;
            let orig = if original == target.id {
                target
            } else {
                get_entry(tx, original)?
            };
            let mut new = new.clone();
            if orig.category != Category::Promise {
                // Only a promise has a due time to correct.
                new.due_at = None;
            }
            insert(
                tx,
                Category::Correction,
                &new,
                Some(original),
                actor,
                shift,
                now,
            )
        })
    }

    /// Mark promise `id` kept; `text` says how (may be empty).
    pub fn keep_promise(
        &mut self,
        id: i64,
        text: &str,
        actor: &Actor,
        shift: &Shift,
        now: NaiveDateTime,
    ) -> Result<LogEntry> {
        self.write(|tx| {
            check_writer(actor, shift, now)?;
            let target = get_entry(tx, id)?;
            dutylog::check_keep(&target)?;
            let new = NewLogEntry {
                category: Some(Category::Kept),
                text: text.to_string(),
                ..Default::default()
            };
            insert(tx, Category::Kept, &new, Some(id), actor, shift, now)
        })
    }

    pub fn log_entry(&self, id: i64) -> Result<LogEntry> {
        get_entry(&self.cx(), id)
    }

    pub fn shift_log(&self, shift: &Shift) -> Result<Vec<LogEntry>> {
        shift_log(&self.cx(), shift.date, &shift.code)
    }

    pub fn open_promises(&self) -> Result<Vec<LogEntry>> {
        open_promises(&self.cx())
    }
}
