//! Exports: one row per record with every field, streamed (`frontdesk
//! export`). Codes stay codes, people and places are named; phones and ID
//! numbers are returned as stored and marked as such, so the caller masks
//! them unless a supervisor asked otherwise — and then `record_export`
//! writes that export to `export_audit` first.

use super::staff::Actor;
use super::{Cx, Result, Store, StoreError};
use crate::domain::Role;
use chrono::NaiveDateTime;
use rusqlite::params;
use rusqlite::types::ValueRef;

/// What can be exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportWhat {
    /// Tickets (by registration time).
    Tickets,
    /// Callback tasks with their reached call (by creation).
    Callbacks,
    /// Key loans (by when lent).
    Keys,
    /// The duty log (by when written).
    Log,
    /// Handovers (by when handed over).
    Handovers,
}

impl ExportWhat {
    pub fn code(self) -> &'static str {
        match self {
            ExportWhat::Tickets => "tickets",
            ExportWhat::Callbacks => "callbacks",
            ExportWhat::Keys => "keys",
            ExportWhat::Log => "log",
            ExportWhat::Handovers => "handovers",
        }
    }
}

/// How a column's values are to be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Plain,
    /// An instant (stored as Unix seconds), given in site-local time.
    Time,
    /// Masked unless asked otherwise.
    Phone,
    IdNumber,
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub kind: ColumnKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Time(NaiveDateTime),
}

use ColumnKind::{IdNumber as I, Phone as P, Plain as V, Time as T};

/// (expression, header, kind) of each export, its FROM and range column.
struct Spec {
    cols: &'static [(&'static str, &'static str, ColumnKind)],
    from: &'static str,
    range: &'static str,
}

const TICKETS: Spec = Spec {
    cols: &[
        ("t.id", "id", V),
        ("t.kind", "kind", V),
        ("t.state", "state", V),
        ("u.code", "unit", V),
        ("t.location", "location", V),
        ("t.channel", "channel", V),
        ("t.reporter", "reporter", V),
        ("t.phone", "phone", P),
        ("t.category", "category", V),
        ("t.description", "description", V),
        ("t.preferred_time", "preferred_time", V),
        ("o.name", "owner", V),
        ("d.code", "department", V),
        ("tech.name", "technician", V),
        ("t.wo_no", "wo_no", V),
        ("t.urgency", "urgency", V),
        ("t.validity", "validity", V),
        ("t.developer_defect", "developer_defect", V),
        ("t.escalated_to", "escalated_to", V),
        ("t.escalated_at", "escalated_at", T),
        ("t.reopen_count", "reopen_count", V),
        ("t.fee_cents", "fee_cents", V),
        ("t.quoted_fee_cents", "quoted_fee_cents", V),
        ("t.paid_at", "paid_at", T),
        ("t.resident_signed", "resident_signed", V),
        ("t.hold_reason", "hold_reason", V),
        ("t.explanation", "explanation", V),
        ("t.reply_via", "reply_via", V),
        ("t.last_contact_at", "last_contact_at", T),
        ("t.parent_id", "parent_id", V),
        ("t.requested_due_at", "requested_due_at", T),
        ("t.created_at", "created_at", T),
        ("t.dispatched_at", "dispatched_at", T),
        ("t.accepted_at", "accepted_at", T),
        ("t.on_scene_at", "on_scene_at", T),
        ("t.done_at", "done_at", T),
        ("t.closed_at", "closed_at", T),
        ("t.updated_at", "updated_at", T),
        ("ub.name", "updated_by", V),
        ("t.version", "version", V),
    ],
    from: "tickets t
        LEFT JOIN units u ON u.id = t.unit_id
        LEFT JOIN staff o ON o.id = t.owner_id
        LEFT JOIN departments d ON d.id = t.department_id
        LEFT JOIN staff tech ON tech.id = t.technician_id
        LEFT JOIN staff ub ON ub.id = t.updated_by",
    range: "t.created_at",
};

const CALLBACKS: Spec = Spec {
    cols: &[
        ("c.id", "id", V),
        ("c.ticket_id", "ticket_id", V),
        ("t.kind", "ticket_kind", V),
        ("u.code", "unit", V),
        ("t.reporter", "reporter", V),
        ("t.phone", "phone", P),
        ("c.reason", "reason", V),
        ("c.handled_at", "handled_at", T),
        ("c.not_before", "not_before", T),
        ("c.due_at", "due_at", T),
        ("c.first_due_at", "first_due_at", T),
        ("c.status", "status", V),
        ("c.attempts", "attempts", V),
        ("c.result", "result", V),
        ("a.at", "reached_at", T),
        ("a.method", "method", V),
        ("caller.name", "caller", V),
        ("a.timeliness", "timeliness", V),
        ("a.attitude", "attitude", V),
        ("a.workmanship", "workmanship", V),
        ("a.words", "words", V),
        ("c.effect", "effect", V),
        ("c.outcome_ticket_id", "outcome_ticket_id", V),
        ("c.follow_id", "follow_id", V),
        ("c.unreachable_reason", "unreachable_reason", V),
        ("c.finished_at", "finished_at", T),
        ("fb.name", "finished_by", V),
        ("c.created_at", "created_at", T),
        ("c.updated_at", "updated_at", T),
        ("c.version", "version", V),
    ],
    from: "callbacks c
        JOIN tickets t ON t.id = c.ticket_id
        LEFT JOIN units u ON u.id = t.unit_id
        LEFT JOIN callback_attempts a ON a.callback_id = c.id AND a.reached = 1
        LEFT JOIN staff caller ON caller.id = a.caller_id
        LEFT JOIN staff fb ON fb.id = c.finished_by",
    range: "c.created_at",
};

const KEYS: Spec = Spec {
    cols: &[
        ("l.id", "id", V),
        ("l.key_id", "key_id", V),
        ("u.code", "unit", V),
        ("k.area", "area", V),
        ("k.kind", "key_kind", V),
        ("l.copy_no", "copy_no", V),
        ("l.borrower_type", "borrower_type", V),
        ("l.borrower_name", "borrower_name", V),
        ("l.borrower_id_no", "borrower_id_no", I),
        ("l.borrower_phone", "borrower_phone", P),
        ("l.reason", "reason", V),
        ("l.ticket_id", "ticket_id", V),
        ("l.lent_at", "lent_at", T),
        ("l.due_at", "due_at", T),
        ("lb.name", "lent_by", V),
        ("ab.name", "approved_by", V),
        ("l.approved_at", "approved_at", T),
        ("l.signed", "signed", V),
        ("l.returned_at", "returned_at", T),
        ("rt.name", "returned_to", V),
        ("l.return_condition", "return_condition", V),
        ("l.return_note", "return_note", V),
    ],
    from: "key_loans l
        JOIN keys k ON k.id = l.key_id
        LEFT JOIN units u ON u.id = k.unit_id
        LEFT JOIN staff lb ON lb.id = l.lent_by
        LEFT JOIN staff ab ON ab.id = l.approved_by
        LEFT JOIN staff rt ON rt.id = l.returned_to",
    range: "l.lent_at",
};

const LOG: Spec = Spec {
    cols: &[
        ("g.id", "id", V),
        ("g.at", "at", T),
        ("g.shift_date", "shift_date", V),
        ("g.shift_code", "shift_code", V),
        ("g.category", "category", V),
        ("g.text", "text", V),
        ("op.name", "operator", V),
        ("u.code", "unit", V),
        ("g.ticket_id", "ticket_id", V),
        ("g.refers_to", "refers_to", V),
        ("g.promise_due_at", "promise_due_at", T),
    ],
    from: "duty_log g
        LEFT JOIN staff op ON op.id = g.operator_id
        LEFT JOIN units u ON u.id = g.unit_id",
    range: "g.at",
};

const HANDOVERS: Spec = Spec {
    cols: &[
        ("h.id", "id", V),
        ("h.shift_date", "shift_date", V),
        ("h.shift_code", "shift_code", V),
        ("h.shift_name", "shift_name", V),
        ("h.shift_start", "shift_start", T),
        ("h.shift_end", "shift_end", T),
        ("f.name", "from_operator", V),
        ("h.created_at", "created_at", T),
        ("h.note", "note", V),
        // Stored packed (migration 0013): exported as the text.
        ("fd_inflate(h.content_z)", "content", V),
        ("h.content_hash", "content_hash", V),
        ("tt.name", "to_operator", V),
        ("h.acknowledged_at", "acknowledged_at", T),
        ("h.remarks", "remarks", V),
        ("rv.name", "reviewed_by", V),
        ("h.reviewed_at", "reviewed_at", T),
        ("h.review_comment", "review_comment", V),
    ],
    from: "handovers h
        LEFT JOIN staff f ON f.id = h.from_operator
        LEFT JOIN staff tt ON tt.id = h.to_operator
        LEFT JOIN staff rv ON rv.id = h.reviewed_by",
    range: "h.created_at",
};

fn spec(what: ExportWhat) -> &'static Spec {
    match what {
        ExportWhat::Tickets => &TICKETS,
        ExportWhat::Callbacks => &CALLBACKS,
        ExportWhat::Keys => &KEYS,
        ExportWhat::Log => &LOG,
        ExportWhat::Handovers => &HANDOVERS,
    }
}

/// The columns of an export, in order.
pub fn columns(what: ExportWhat) -> Vec<Column> {
    spec(what)
        .cols
        .iter()
        .map(|(_, name, kind)| Column { name, kind: *kind })
        .collect()
}

/// `[from, to)` as epoch bounds (open ends: the whole range of i64).
fn bounds(cx: &Cx, from: Option<NaiveDateTime>, to: Option<NaiveDateTime>) -> (i64, i64) {
    (
        from.map_or(i64::MIN, |t| cx.epoch(t)),
        to.map_or(i64::MAX, |t| cx.epoch(t)),
    )
}

/// Whether a person may export phones and ID numbers in full.
pub fn may_export_unmasked(role: Role) -> bool {
    matches!(role, Role::Supervisor | Role::Manager)
}

impl Store {
    /// How many records an export of `[from, to)` has.
    pub fn export_count(
        &self,
        what: ExportWhat,
        from: Option<NaiveDateTime>,
        to: Option<NaiveDateTime>,
    ) -> Result<u64> {
        let s = spec(what);
        let cx = self.cx();
        let (a, b) = bounds(&cx, from, to);
        let table = s
            .from
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        let sql = format!(
            "SELECT count(*) FROM {table} WHERE {r} >= ?1 AND {r} < ?2",
            r = s.range
        );
        let n: i64 = self.conn.query_row(&sql, params![a, b], |r| r.get(0))?;
        Ok(n.max(0) as u64)
    }

    /// Every record of `[from, to)` in id order, one call of `each` per row
    /// (in the order of [`columns`]); read in one transaction, so the rows
    /// are one moment's. Returns how many rows were given.
    pub fn export_rows(
        &self,
        what: ExportWhat,
        from: Option<NaiveDateTime>,
        to: Option<NaiveDateTime>,
        mut each: impl FnMut(Vec<Value>) -> Result<()>,
    ) -> Result<u64> {
        let s = spec(what);
        let tx = self.conn.unchecked_transaction()?;
        let cx = Cx::new(&tx, self.zone);
        let (a, b) = bounds(&cx, from, to);
        let exprs: Vec<&str> = s.cols.iter().map(|c| c.0).collect();
        let id = s.cols[0].0;
        let sql = format!(
            "SELECT {} FROM {} WHERE {r} >= ?1 AND {r} < ?2 ORDER BY {id}",
            exprs.join(", "),
            s.from,
            r = s.range
        );
        let mut st = tx.prepare(&sql)?;
        let mut rows = st.query(params![a, b])?;
        let mut n = 0u64;
        while let Some(r) = rows.next()? {
            let mut v = Vec::with_capacity(s.cols.len());
            for (i, (_, _, kind)) in s.cols.iter().enumerate() {
                v.push(match (r.get_ref(i)?, kind) {
                    (ValueRef::Null, _) => Value::Null,
                    (ValueRef::Integer(x), ColumnKind::Time) => {
                        crate::domain::time::from_epoch(x, self.zone)
                            .map_or(Value::Int(x), Value::Time)
                    }
                    (ValueRef::Integer(x), _) => Value::Int(x),
                    (ValueRef::Real(x), _) => Value::Real(x),
                    (ValueRef::Text(t), _) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                    (ValueRef::Blob(_), _) => Value::Null,
                });
            }
            each(v)?;
            n += 1;
        }
        drop(rows);
        drop(st);
        tx.commit()?;
        Ok(n)
    }

    /// Write an export with phones and ID numbers in full to the audit,
    /// before its first row leaves: supervisors and managers only.
    #[allow(clippy::too_many_arguments)]
    pub fn record_export(
        &mut self,
        by: &Actor,
        what: ExportWhat,
        format: &str,
        range: (Option<&str>, Option<&str>),
        rows: u64,
        target: &str,
        now: NaiveDateTime,
    ) -> Result<i64> {
        if !may_export_unmasked(by.role) {
            return Err(StoreError::StaffRule(
                crate::domain::auth::StaffError::NeedsSupervisor(by.name.clone()),
            ));
        }
        let proof = match by.proof() {
            super::staff::Proof::Pin => "pin",
            super::staff::Proof::Login => "login",
            super::staff::Proof::Assumed => "assumed",
        };
        self.write(|tx| {
            tx.execute(
                "INSERT INTO export_audit
                   (at, actor_id, proof, what, format, range_from, range_to, rows, target)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    tx.epoch(now),
                    by.id,
                    proof,
                    what.code(),
                    format,
                    range.0,
                    range.1,
                    rows as i64,
                    target
                ],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }
}
