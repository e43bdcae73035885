//! What the registers' stores share: the list query each register builds
//! from its filter (a search over some columns or the units a text names, a
//! day, a unit, flags) and the end of every step (the audit row, the answer).

use super::{
    append_event, event_data, event_note, like, units_named, StepRequest, Stepped, Writing,
};
use crate::domain::registers::{RRow, RState, Register};
use crate::store::{Cx, Result, StoreError};
use chrono::{Duration, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Row, ToSql};

/// The record of `select` whose `key` column is `id` (not found as `what`).
pub(crate) fn by_id<T>(
    cx: &Cx,
    select: &str,
    key: &str,
    what: &'static str,
    id: i64,
    row: impl FnOnce(&Row) -> rusqlite::Result<T>,
) -> Result<T> {
    cx.query_row(&format!("{select} WHERE {key} = ?1"), [id], row)
        .optional()?
        .ok_or_else(|| StoreError::not_found(what, id))
}

/// The conditions of a list query and their arguments, numbered `?1`, `?2`…
/// in the order they are added.
pub(crate) struct ListQuery {
    cond: Vec<String>,
    args: Vec<Box<dyn ToSql>>,
}

impl ListQuery {
    pub fn new() -> Self {
        ListQuery {
            cond: vec!["1 = 1".into()],
            args: Vec::new(),
        }
    }

    /// Adds an argument; its number.
    pub fn arg(&mut self, v: impl ToSql + 'static) -> usize {
        self.args.push(Box::new(v));
        self.args.len()
    }

    /// Adds a condition.
    pub fn push(&mut self, cond: impl Into<String>) {
        self.cond.push(cond.into());
    }

    /// A search text (when one is typed): any of `cols` LIKE it, or the
    /// record's unit (`unit_col`) among the units it names.
    pub fn search(&mut self, cx: &Cx, query: &str, cols: &[&str], unit_col: &str) -> Result<()> {
        let q = query.trim();
        if q.is_empty() {
            return Ok(());
        }
        let ids = units_named(cx, q)?;
        let n = self.arg(like(q));
        // Ids come from the database as integers, so inlining is safe.
        let units = if ids.is_empty() {
            String::new()
        } else {
            format!(
                " OR {unit_col} IN ({})",
                ids.iter()
                    .map(|i| i.to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            )
        };
        let likes = cols
            .iter()
            .map(|c| format!("{c} LIKE ?{n}"))
            .collect::<Vec<_>>()
            .join(" OR ");
        self.push(format!("({likes}{units})"));
        Ok(())
    }

    /// Instants in `col` on the day `d` (when one is given).
    pub fn day(&mut self, cx: &Cx, col: &str, d: Option<NaiveDate>) {
        if let Some(d) = d {
            let start = d.and_hms_opt(0, 0, 0).unwrap_or_default();
            let from = self.arg(cx.epoch(start));
            let to = self.arg(cx.epoch(start + Duration::days(1)));
            self.push(format!("{col} >= ?{from} AND {col} < ?{to}"));
        }
    }

    /// Records of the unit `u` (when one is given).
    pub fn unit(&mut self, col: &str, u: Option<i64>) {
        if let Some(u) = u {
            let n = self.arg(u);
            self.push(format!("{col} = ?{n}"));
        }
    }

    /// The rows of `select` meeting the conditions, in `order` (an
    /// `ORDER BY … LIMIT …` tail), each read by `row`.
    pub fn rows<T>(
        &self,
        conn: &Connection,
        select: &str,
        order: &str,
        row: impl FnMut(&Row) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let sql = format!("{select} WHERE {} {order}", self.cond.join(" AND "));
        let mut st = conn.prepare(&sql)?;
        let params: Vec<&dyn ToSql> = self.args.iter().map(|b| b.as_ref()).collect();
        let rows = st.query_map(params.as_slice(), row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// The end of a step: the audit row (what was given, and the number given
/// when there is one) and what the step did.
#[allow(clippy::too_many_arguments)]
pub(crate) fn stepped(
    tx: &Cx,
    w: &Writing,
    req: &StepRequest,
    register: Register,
    rule: &RRow,
    id: i64,
    from: RState,
    to: RState,
    no: Option<String>,
) -> Result<Stepped> {
    let mut data = event_data(rule, req.input);
    if let Some(n) = &no {
        // The number given, beside what was typed.
        let mut v: serde_json::Value = serde_json::from_str(&data).unwrap_or_default();
        if let Some(m) = v.as_object_mut() {
            m.insert("no".into(), serde_json::Value::String(n.clone()));
        }
        data = v.to_string();
    }
    append_event(
        tx,
        register,
        id,
        w.now,
        w.actor,
        req.action,
        from,
        to,
        &event_note(req.input),
        &data,
    )?;
    Ok(Stepped {
        register,
        id,
        from,
        state: to,
        no,
    })
}
