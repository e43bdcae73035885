//! Keys the desk holds and their loans. Every rule is checked inside the write
//! transaction, so no caller can skip one: the TUI, the CLI and the demo all
//! come through here. The supervisor's PIN is verified (argon2) before the
//! transaction and its result used inside it, if the stored hash is still
//! the one verified.

use super::auth::PinCheck;
use super::site::{find_unit, resolve_text, Found};
use super::staff::staff_by_name;
use super::staff::Actor;
use super::ticket_row::get_ticket;
use super::{at, at_opt, parse_code, parse_opt_code, Cx, Result, Staff, Store, StoreError};
use crate::domain::keys::{
    self, ApproverFacts, BorrowerType, Condition, KeyError, KeyEventAction, KeyFacts, KeyKind,
    KeyStatus, LoanFacts, LoanField, Mark,
};
use crate::domain::time::Tz;
use crate::domain::unit::parse_unit;
use crate::domain::{mask, Role};
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Row};
use std::collections::HashMap;

/// A key to register.
#[derive(Debug, Clone)]
pub struct NewKey {
    /// Unit in any accepted form; None for a public area.
    pub unit: Option<String>,
    pub area: String,
    pub kind: KeyKind,
    pub copies: i64,
    pub hook: String,
    /// The owner's consent (required for a unit's key): who, when, what for.
    pub consent_by: String,
    pub consent_at: Option<NaiveDateTime>,
    pub consent_purpose: String,
    pub notes: String,
}

/// A loan as registered at the desk.
#[derive(Debug, Clone)]
pub struct NewLoan {
    pub key_id: i64,
    /// None: the first copy in the cabinet.
    pub copy: Option<i64>,
    pub borrower_type: BorrowerType,
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub reason: String,
    pub ticket_id: Option<i64>,
    pub due_at: NaiveDateTime,
    /// The borrower signed the register.
    pub signed: bool,
}

/// A supervisor's approval typed at the desk. The PIN is checked against the
/// stored hash before the lend transaction and never stored or printed.
#[derive(Clone)]
pub struct Approval {
    pub approver: String,
    pub pin: String,
}

impl std::fmt::Debug for Approval {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Approval")
            .field("approver", &self.approver)
            .field("pin", &"****")
            .finish()
    }
}

/// Which loan a return closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoanRef {
    Loan(i64),
    /// The open loan of this key (and copy, needed when several are out).
    Key {
        key_id: i64,
        copy: Option<i64>,
    },
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Loan {
    pub id: i64,
    pub key_id: i64,
    pub copy_no: i64,
    pub hook: String,
    /// Unit code, or the area.
    pub place: String,
    pub kind: KeyKind,
    pub borrower_type: BorrowerType,
    pub borrower_name: String,
    /// Masked: the full number stays in the database.
    pub borrower_id_no: String,
    /// Masked.
    pub borrower_phone: String,
    pub reason: String,
    pub ticket_id: Option<i64>,
    #[serde(with = "crate::domain::time")]
    pub lent_at: NaiveDateTime,
    #[serde(with = "crate::domain::time")]
    pub due_at: NaiveDateTime,
    pub lent_by: String,
    pub approved_by: Option<String>,
    #[serde(with = "crate::domain::time::opt")]
    pub approved_at: Option<NaiveDateTime>,
    pub signed: bool,
    #[serde(with = "crate::domain::time::opt")]
    pub returned_at: Option<NaiveDateTime>,
    pub returned_to: Option<String>,
    pub return_condition: Option<Condition>,
    pub return_note: String,
    /// Out past its due time, at the time of reading.
    pub overdue: bool,
}

impl Loan {
    pub fn is_open(&self) -> bool {
        self.returned_at.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CopyMark {
    pub copy_no: i64,
    pub mark: Mark,
    pub note: String,
    #[serde(with = "crate::domain::time")]
    pub at: NaiveDateTime,
    pub by: String,
}

/// A key record with its open loans and the copies out of service.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct KeyRecord {
    pub id: i64,
    pub unit: Option<String>,
    pub unit_id: Option<i64>,
    pub area: String,
    pub kind: KeyKind,
    pub copies: i64,
    pub hook: String,
    pub status: KeyStatus,
    pub consent_by: String,
    #[serde(with = "crate::domain::time::opt")]
    pub consent_at: Option<NaiveDateTime>,
    pub consent_purpose: String,
    #[serde(with = "crate::domain::time::opt")]
    pub withdrawn_at: Option<NaiveDateTime>,
    pub withdrawn_to: Option<String>,
    pub notes: String,
    #[serde(with = "crate::domain::time")]
    pub created_at: NaiveDateTime,
    pub version: i64,
    /// Open loans, earliest due first.
    pub loans: Vec<Loan>,
    pub marks: Vec<CopyMark>,
}

impl KeyRecord {
    /// The unit code, or the public area.
    pub fn place(&self) -> &str {
        self.unit.as_deref().unwrap_or(&self.area)
    }
    pub fn facts(&self) -> KeyFacts {
        KeyFacts {
            status: Some(self.status),
            copies: self.copies,
            out: self
                .loans
                .iter()
                .map(|l| (l.copy_no, l.borrower_name.clone()))
                .collect(),
            marked: self.marks.iter().map(|m| (m.copy_no, m.mark)).collect(),
        }
    }
    pub fn held(&self) -> bool {
        self.status == KeyStatus::Held
    }
    pub fn free_copies(&self) -> Vec<i64> {
        if self.held() {
            self.facts().free_copies()
        } else {
            Vec::new()
        }
    }
    pub fn overdue(&self) -> bool {
        self.loans.iter().any(|l| l.overdue)
    }
}

/// Which keys a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeyView {
    /// Every record, the ones still held first.
    #[default]
    All,
    /// At least one copy out.
    Out,
    /// At least one copy out past its due time.
    Overdue,
    /// Held, with a copy in the cabinet.
    In,
    /// Handed back to the owner, lost or damaged: kept on file.
    Off,
}

impl KeyView {
    pub const ALL: &'static [KeyView] = &[
        KeyView::All,
        KeyView::Out,
        KeyView::Overdue,
        KeyView::In,
        KeyView::Off,
    ];
    pub fn matches(self, k: &KeyRecord) -> bool {
        match self {
            KeyView::All => true,
            KeyView::Out => !k.loans.is_empty(),
            KeyView::Overdue => k.overdue(),
            KeyView::In => !k.free_copies().is_empty(),
            KeyView::Off => !k.held(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct KeyFilter {
    /// Unit in any form, hook label or area text.
    pub query: String,
    pub unit_id: Option<i64>,
    pub view: KeyView,
}

/// Outstanding keys at a glance: for the board's status line and the handover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct KeyAlerts {
    pub out: i64,
    pub overdue: i64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct KeyEvent {
    #[serde(with = "crate::domain::time")]
    pub at: NaiveDateTime,
    pub actor: String,
    pub action: KeyEventAction,
    pub loan_id: Option<i64>,
    pub note: String,
}

const KEY_SELECT: &str = "SELECT k.id, u.code, k.unit_id, k.area, k.kind, k.copies, k.hook,
    k.status, k.consent_by, k.consent_at, k.consent_purpose, k.withdrawn_at, k.withdrawn_to,
    k.notes, k.created_at, k.version
  FROM keys k LEFT JOIN units u ON u.id = k.unit_id";

fn key_row(r: &Row, z: Tz) -> rusqlite::Result<KeyRecord> {
    Ok(KeyRecord {
        id: r.get(0)?,
        unit: r.get(1)?,
        unit_id: r.get(2)?,
        area: r.get(3)?,
        kind: parse_code(r, 4)?,
        copies: r.get(5)?,
        hook: r.get(6)?,
        status: parse_code(r, 7)?,
        consent_by: r.get(8)?,
        consent_at: at_opt(r, 9, z)?,
        consent_purpose: r.get(10)?,
        withdrawn_at: at_opt(r, 11, z)?,
        withdrawn_to: r.get(12)?,
        notes: r.get(13)?,
        created_at: at(r, 14, z)?,
        version: r.get(15)?,
        loans: Vec::new(),
        marks: Vec::new(),
    })
}

const LOAN_SELECT: &str = "SELECT l.id, l.key_id, l.copy_no, k.hook, coalesce(u.code, k.area),
    k.kind, l.borrower_type, l.borrower_name, l.borrower_id_no, l.borrower_phone, l.reason,
    l.ticket_id, l.lent_at, l.due_at, lb.name, ab.name, l.approved_at, l.signed, l.returned_at,
    rt.name, l.return_condition, l.return_note
  FROM key_loans l
  JOIN keys k ON k.id = l.key_id
  LEFT JOIN units u ON u.id = k.unit_id
  JOIN staff lb ON lb.id = l.lent_by
  LEFT JOIN staff ab ON ab.id = l.approved_by
  LEFT JOIN staff rt ON rt.id = l.returned_to";

fn loan_row(r: &Row, z: Tz, now: NaiveDateTime) -> rusqlite::Result<Loan> {
    let due_at = at(r, 13, z)?;
    let returned_at = at_opt(r, 18, z)?;
    let overdue = keys::is_overdue(due_at, returned_at.is_some(), now);
    Ok(Loan {
        id: r.get(0)?,
        key_id: r.get(1)?,
        copy_no: r.get(2)?,
        hook: r.get(3)?,
        place: r.get(4)?,
        kind: parse_code(r, 5)?,
        borrower_type: parse_code(r, 6)?,
        borrower_name: r.get(7)?,
        borrower_id_no: mask::id_number(&r.get::<_, String>(8)?),
        borrower_phone: mask::phone(&r.get::<_, String>(9)?),
        reason: r.get(10)?,
        ticket_id: r.get(11)?,
        lent_at: at(r, 12, z)?,
        due_at,
        lent_by: r.get(14)?,
        approved_by: r.get(15)?,
        approved_at: at_opt(r, 16, z)?,
        signed: r.get(17)?,
        returned_at,
        returned_to: r.get(19)?,
        return_condition: parse_opt_code(r, 20)?,
        return_note: r.get(21)?,
        overdue,
    })
}

fn get_loan(cx: &Cx, id: i64, now: NaiveDateTime) -> Result<Loan> {
    cx.query_row(&format!("{LOAN_SELECT} WHERE l.id = ?1"), [id], |r| {
        loan_row(r, cx.zone, now)
    })
    .optional()?
    .ok_or_else(|| StoreError::not_found("loan", id))
}

fn open_loans_of(cx: &Cx, key_id: i64, now: NaiveDateTime) -> Result<Vec<Loan>> {
    let mut st = cx.prepare_cached(&format!(
        "{LOAN_SELECT} WHERE l.key_id = ?1 AND l.returned_at IS NULL ORDER BY l.due_at, l.copy_no"
    ))?;
    let rows = st.query_map([key_id], |r| loan_row(r, cx.zone, now))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

const MARK_SELECT: &str = "SELECT m.key_id, m.copy_no, m.mark, m.note, m.at, s.name
  FROM key_marks m JOIN staff s ON s.id = m.by_id";

/// A row of `MARK_SELECT` (its key is column 0).
fn mark_row(r: &Row, z: Tz) -> rusqlite::Result<CopyMark> {
    Ok(CopyMark {
        copy_no: r.get(1)?,
        mark: parse_code(r, 2)?,
        note: r.get(3)?,
        at: at(r, 4, z)?,
        by: r.get(5)?,
    })
}

fn marks_of(cx: &Cx, key_id: i64) -> Result<Vec<CopyMark>> {
    let mut st = cx.prepare_cached(&format!(
        "{MARK_SELECT} WHERE m.key_id = ?1 ORDER BY m.copy_no"
    ))?;
    let rows = st.query_map([key_id], |r| mark_row(r, cx.zone))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One key with its open loans and marks.
fn get_key(cx: &Cx, id: i64, now: NaiveDateTime) -> Result<KeyRecord> {
    let mut k = cx
        .query_row(&format!("{KEY_SELECT} WHERE k.id = ?1"), [id], |r| {
            key_row(r, cx.zone)
        })
        .optional()?
        .ok_or_else(|| StoreError::not_found("key", id))?;
    k.loans = open_loans_of(cx, id, now)?;
    k.marks = marks_of(cx, id)?;
    Ok(k)
}

fn event(
    tx: &Cx,
    key_id: i64,
    now: NaiveDateTime,
    actor: &Staff,
    action: KeyEventAction,
    loan_id: Option<i64>,
    note: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO key_events (key_id, at, actor_id, action, loan_id, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            key_id,
            tx.epoch(now),
            actor.id,
            action.code(),
            loan_id,
            note
        ],
    )?;
    tx.execute(
        "UPDATE keys SET version = version + 1 WHERE id = ?1",
        [key_id],
    )?;
    Ok(())
}

/// Only people who work the desk lend, take back and register keys.
fn check_actor(actor: &Staff) -> Result<()> {
    if actor.role.covers(Role::Operator) {
        Ok(())
    } else {
        Err(KeyError::NotDeskStaff {
            name: actor.name.clone(),
        }
        .into())
    }
}

/// The approver's PIN, verified before the write (argon2 is the slow part):
/// None when there is nothing to verify yet (no approver, an unknown one, no
/// PIN); the write then refuses in its own order.
fn approver_pin(conn: &Connection, a: &Approval) -> Result<Option<PinCheck>> {
    if a.approver.trim().is_empty() || a.pin.is_empty() {
        return Ok(None);
    }
    match staff_by_name(conn, &a.approver) {
        Ok(s) if keys::can_approve(s.role) => Ok(Some(PinCheck::run(conn, s.id, &a.pin)?)),
        Ok(_) | Err(StoreError::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The approver named at the desk, checked: role first, then the PIN (as
/// verified before the transaction).
fn approver_facts(
    tx: &Cx,
    a: &Approval,
    checked: Option<&PinCheck>,
) -> Result<Option<(Staff, ApproverFacts)>> {
    if a.approver.trim().is_empty() {
        return Ok(None);
    }
    let s = staff_by_name(tx, &a.approver)?;
    if !keys::can_approve(s.role) {
        return Err(KeyError::ApproverRole { name: s.name }.into());
    }
    if a.pin.is_empty() {
        return Err(KeyError::Missing(LoanField::Pin).into());
    }
    let pin_ok = match checked {
        Some(c) => c.holds(tx, s.id)?.unwrap_or(false),
        None => false,
    };
    let facts = ApproverFacts {
        name: s.name.clone(),
        role: s.role,
        pin_ok,
    };
    Ok(Some((s, facts)))
}

/// Unit ids a search text names (none when it is not a unit number).
pub(crate) fn units_named(conn: &Connection, text: &str) -> Result<Vec<i64>> {
    let Ok(q) = parse_unit(text) else {
        return Ok(Vec::new());
    };
    let nos = match find_unit(conn, &q)? {
        Found::One(u) => return Ok(vec![u.id]),
        Found::Several(list) => list,
        Found::None(_) => return Ok(Vec::new()),
    };
    let mut st = conn.prepare_cached(
        "SELECT id FROM units WHERE building = ?1 AND entrance = ?2 AND room = ?3",
    )?;
    let mut ids = Vec::new();
    for no in nos {
        if let Some(id) = st
            .query_row(params![no.building, no.entrance, no.room], |r| r.get(0))
            .optional()?
        {
            ids.push(id);
        }
    }
    Ok(ids)
}

impl Store {
    /// Register a key the desk now holds.
    pub fn add_key(
        &mut self,
        new: &NewKey,
        actor: &Actor,
        now: NaiveDateTime,
    ) -> Result<KeyRecord> {
        check_actor(actor)?;
        self.write(|tx| {
            let unit = match new.unit.as_deref().filter(|u| !u.trim().is_empty()) {
                Some(text) => Some(resolve_text(tx, text)?),
                None => None,
            };
            keys::check_register(
                unit.is_some(),
                &new.area,
                new.copies,
                &new.consent_by,
                &new.consent_purpose,
            )?;
            // Hook labels are written on the cabinet in capitals: a-09 is A-09.
            let hook = new.hook.trim().to_ascii_uppercase();
            let hook = hook.as_str();
            if !hook.is_empty() {
                let taken: Option<i64> = tx
                    .query_row(
                        "SELECT id FROM keys WHERE hook = ?1 AND status = 'held'",
                        [hook],
                        |r| r.get(0),
                    )
                    .optional()?;
                if taken.is_some() {
                    return Err(KeyError::HookTaken(hook.to_string()).into());
                }
            }
            let consent_at = (!new.consent_by.trim().is_empty())
                .then(|| tx.epoch(new.consent_at.unwrap_or(now)));
            tx.execute(
                "INSERT INTO keys (unit_id, area, kind, copies, hook, consent_by, consent_at,
                    consent_purpose, notes, created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    unit.as_ref().map(|u| u.id),
                    new.area.trim(),
                    new.kind.code(),
                    new.copies,
                    hook,
                    new.consent_by.trim(),
                    consent_at,
                    new.consent_purpose.trim(),
                    new.notes.trim(),
                    tx.epoch(now),
                    actor.id
                ],
            )?;
            let id = tx.last_insert_rowid();
            event(tx, id, now, actor, KeyEventAction::Register, None, "")?;
            get_key(tx, id, now)
        })
    }

    pub fn key(&self, id: i64, now: NaiveDateTime) -> Result<KeyRecord> {
        get_key(&self.cx(), id, now)
    }

    /// A key by `#12` / `12` (its number) or its hook label (held keys first).
    pub fn find_key(&self, text: &str) -> Result<i64> {
        let t = text.trim();
        if let Ok(id) = t.trim_start_matches('#').parse::<i64>() {
            let found: Option<i64> = self
                .conn
                .query_row("SELECT id FROM keys WHERE id = ?1", [id], |r| r.get(0))
                .optional()?;
            if let Some(id) = found {
                return Ok(id);
            }
        }
        self.conn
            .query_row(
                "SELECT id FROM keys WHERE hook = ?1 COLLATE NOCASE
                 ORDER BY status <> 'held', id DESC LIMIT 1",
                [t],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::not_found("key", t))
    }

    /// Keys matching a search and a view, with their open loans; held keys
    /// first, in hook order.
    pub fn list_keys(&self, f: &KeyFilter, now: NaiveDateTime) -> Result<Vec<KeyRecord>> {
        let mut cond: Vec<String> = vec!["1 = 1".into()];
        let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
        let q = f.query.trim();
        if !q.is_empty() {
            let ids = units_named(&self.conn, q)?;
            args.push(Box::new(format!("%{}%", q.replace(['%', '_'], ""))));
            let like = args.len();
            // Ids come from the database as integers, so inlining is safe.
            let unit_cond = if ids.is_empty() {
                String::new()
            } else {
                format!(
                    " OR k.unit_id IN ({})",
                    ids.iter()
                        .map(|i| i.to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                )
            };
            cond.push(format!(
                "(k.hook LIKE ?{like} OR k.area LIKE ?{like} OR u.code LIKE ?{like}{unit_cond})"
            ));
        }
        if let Some(u) = f.unit_id {
            args.push(Box::new(u));
            cond.push(format!("k.unit_id = ?{}", args.len()));
        }
        let sql = format!(
            "{KEY_SELECT} WHERE {} ORDER BY k.status <> 'held', k.hook = '', k.hook, k.id",
            cond.join(" AND ")
        );
        let mut st = self.conn.prepare(&sql)?;
        let params: Vec<&dyn rusqlite::ToSql> = args.iter().map(|b| b.as_ref()).collect();
        let mut list: Vec<KeyRecord> = st
            .query_map(params.as_slice(), |r| key_row(r, self.zone))?
            .collect::<rusqlite::Result<_>>()?;
        // Open loans and marks of all keys in two reads, then grouped.
        let mut loans: HashMap<i64, Vec<Loan>> = HashMap::new();
        for l in self.open_loans(now, false)? {
            loans.entry(l.key_id).or_default().push(l);
        }
        let mut marks: HashMap<i64, Vec<CopyMark>> = HashMap::new();
        {
            let mut st = self
                .conn
                .prepare_cached(&format!("{MARK_SELECT} ORDER BY m.key_id, m.copy_no"))?;
            let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, mark_row(r, self.zone)?)))?;
            for row in rows {
                let (k, m) = row?;
                marks.entry(k).or_default().push(m);
            }
        }
        for k in &mut list {
            k.loans = loans.remove(&k.id).unwrap_or_default();
            k.marks = marks.remove(&k.id).unwrap_or_default();
        }
        list.retain(|k| f.view.matches(k));
        Ok(list)
    }

    /// Loans still out (or only the overdue ones), earliest due first.
    pub fn open_loans(&self, now: NaiveDateTime, overdue_only: bool) -> Result<Vec<Loan>> {
        let mut st = self.conn.prepare_cached(&format!(
            "{LOAN_SELECT} WHERE l.returned_at IS NULL AND (?1 = 0 OR l.due_at < ?2)
             ORDER BY l.due_at, l.id"
        ))?;
        let rows = st.query_map(params![overdue_only, self.cx().epoch(now)], |r| {
            loan_row(r, self.zone, now)
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every loan of a key, newest first: the record kept.
    pub fn loans_of_key(&self, key_id: i64, now: NaiveDateTime) -> Result<Vec<Loan>> {
        let mut st = self.conn.prepare_cached(&format!(
            "{LOAN_SELECT} WHERE l.key_id = ?1 ORDER BY l.lent_at DESC, l.id DESC"
        ))?;
        let rows = st.query_map([key_id], |r| loan_row(r, self.zone, now))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn loan(&self, id: i64, now: NaiveDateTime) -> Result<Loan> {
        get_loan(&self.cx(), id, now)
    }

    pub fn key_events(&self, key_id: i64) -> Result<Vec<KeyEvent>> {
        let mut st = self.conn.prepare_cached(
            "SELECT e.at, s.name, e.action, e.loan_id, e.note FROM key_events e
             JOIN staff s ON s.id = e.actor_id WHERE e.key_id = ?1 ORDER BY e.id",
        )?;
        let z = self.zone;
        let rows = st.query_map([key_id], |r| {
            Ok(KeyEvent {
                at: at(r, 0, z)?,
                actor: r.get(1)?,
                action: parse_code(r, 2)?,
                loan_id: r.get(3)?,
                note: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Copies out and overdue now: for the board's status line and handover.
    pub fn key_alerts(&self, now: NaiveDateTime) -> Result<KeyAlerts> {
        Ok(self.conn.query_row(
            "SELECT count(*), coalesce(sum(due_at < ?1), 0) FROM key_loans
             WHERE returned_at IS NULL",
            [self.cx().epoch(now)],
            |r| {
                Ok(KeyAlerts {
                    out: r.get(0)?,
                    overdue: r.get(1)?,
                })
            },
        )?)
    }

    /// People who may approve a loan (supervisors and managers).
    pub fn key_approvers(&self) -> Result<Vec<Staff>> {
        Ok(self
            .desk_staff()?
            .into_iter()
            .filter(|s| keys::can_approve(s.role))
            .collect())
    }

    /// Lend a copy. Refused, with nothing written, when the copy is out or
    /// out of service, a field is missing, the borrower has not signed, or —
    /// for anyone but the owner or sales staff — no supervisor or manager
    /// approved with their own PIN.
    pub fn lend(
        &mut self,
        loan: &NewLoan,
        approval: Option<&Approval>,
        actor: &Actor,
        now: NaiveDateTime,
    ) -> Result<Loan> {
        check_actor(actor)?;
        // The approver's PIN first, outside the write lock.
        let checked = match approval {
            Some(a) if keys::needs_approval(loan.borrower_type) => approver_pin(&self.conn, a)?,
            _ => None,
        };
        self.write(|tx| {
            let key = get_key(tx, loan.key_id, now)?;
            let copy = keys::check_lend(&key.facts(), loan.copy)?;
            keys::check_loan(&LoanFacts {
                borrower: loan.borrower_type,
                name: &loan.name,
                id_number: &loan.id_number,
                reason: &loan.reason,
                signed: loan.signed,
                due: loan.due_at,
                now,
            })?;
            if let Some(tid) = loan.ticket_id {
                let t = get_ticket(tx, tid)?;
                if t.state.is_final() {
                    return Err(KeyError::TicketClosed(tid).into());
                }
                if key.unit_id.is_some() && t.unit_id.is_some() && key.unit_id != t.unit_id {
                    return Err(KeyError::TicketOtherUnit(tid).into());
                }
            }
            // The approval, last (its PIN was verified before the write).
            let approved = if keys::needs_approval(loan.borrower_type) {
                let found = match approval {
                    Some(a) => approver_facts(tx, a, checked.as_ref())?,
                    None => None,
                };
                keys::check_approval(loan.borrower_type, found.as_ref().map(|f| &f.1))?;
                found.map(|f| f.0)
            } else {
                None
            };
            tx.execute(
                "INSERT INTO key_loans (key_id, copy_no, borrower_type, borrower_name,
                    borrower_id_no, borrower_phone, reason, ticket_id, lent_at, due_at, lent_by,
                    approved_by, approved_at, signed)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 1)",
                params![
                    key.id,
                    copy,
                    loan.borrower_type.code(),
                    loan.name.trim(),
                    loan.id_number.trim(),
                    loan.phone.trim(),
                    loan.reason.trim(),
                    loan.ticket_id,
                    tx.epoch(now),
                    tx.epoch(loan.due_at),
                    actor.id,
                    approved.as_ref().map(|s| s.id),
                    approved.as_ref().map(|_| tx.epoch(now)),
                ],
            )?;
            let id = tx.last_insert_rowid();
            let note = match &approved {
                Some(s) => format!("{} · {}", loan.name.trim(), s.name),
                None => loan.name.trim().to_string(),
            };
            event(
                tx,
                key.id,
                now,
                actor,
                KeyEventAction::Lend,
                Some(id),
                &note,
            )?;
            get_loan(tx, id, now)
        })
    }

    /// Sign a return off: time, receiving operator, condition. A copy that
    /// comes back damaged (or is reported lost) is marked out of service.
    pub fn return_key(
        &mut self,
        which: LoanRef,
        condition: Condition,
        note: &str,
        actor: &Actor,
        now: NaiveDateTime,
    ) -> Result<Loan> {
        check_actor(actor)?;
        self.write(|tx| {
            let loan = match which {
                LoanRef::Loan(id) => {
                    let l = get_loan(tx, id, now)?;
                    keys::check_return(l.is_open())?;
                    l
                }
                LoanRef::Key { key_id, copy } => {
                    let key = get_key(tx, key_id, now)?;
                    let open: Vec<&Loan> = key
                        .loans
                        .iter()
                        .filter(|l| copy.is_none_or(|c| l.copy_no == c))
                        .collect();
                    match open.as_slice() {
                        [] => return Err(KeyError::NotOut.into()),
                        [one] => (*one).clone(),
                        _ => return Err(KeyError::Missing(LoanField::Copy).into()),
                    }
                }
            };
            tx.execute(
                "UPDATE key_loans SET returned_at = ?1, returned_to = ?2, return_condition = ?3,
                    return_note = ?4
                 WHERE id = ?5 AND returned_at IS NULL",
                params![
                    tx.epoch(now),
                    actor.id,
                    condition.code(),
                    note.trim(),
                    loan.id
                ],
            )?;
            event(
                tx,
                loan.key_id,
                now,
                actor,
                KeyEventAction::Return,
                Some(loan.id),
                condition.code(),
            )?;
            let mark = match condition {
                Condition::Good => None,
                Condition::Damaged => Some(Mark::Damaged),
                Condition::Lost => Some(Mark::Lost),
            };
            if let Some(m) = mark {
                insert_mark(
                    tx,
                    loan.key_id,
                    loan.copy_no,
                    m,
                    Some(loan.id),
                    note,
                    actor,
                    now,
                )?;
            }
            get_loan(tx, loan.id, now)
        })
    }

    /// The owner withdrew consent: the key goes back to them (every copy
    /// must be in) and the record stays, marked returned to the owner.
    pub fn withdraw_consent(
        &mut self,
        key_id: i64,
        handed_to: &str,
        note: &str,
        actor: &Actor,
        now: NaiveDateTime,
    ) -> Result<KeyRecord> {
        check_actor(actor)?;
        self.write(|tx| {
            let key = get_key(tx, key_id, now)?;
            keys::check_off_record(&key.facts())?;
            if handed_to.trim().is_empty() {
                return Err(KeyError::Missing(LoanField::ReturnedTo).into());
            }
            tx.execute(
                "UPDATE keys SET status = 'returned_to_owner', withdrawn_at = ?1,
                    withdrawn_to = ?2, withdrawn_by = ?3,
                    notes = CASE WHEN ?4 = '' THEN notes
                                 WHEN notes = '' THEN ?4 ELSE notes || '；' || ?4 END
                 WHERE id = ?5",
                params![
                    tx.epoch(now),
                    handed_to.trim(),
                    actor.id,
                    note.trim(),
                    key_id
                ],
            )?;
            event(
                tx,
                key_id,
                now,
                actor,
                KeyEventAction::Withdraw,
                None,
                handed_to.trim(),
            )?;
            get_key(tx, key_id, now)
        })
    }

    /// Record a copy in the cabinet as lost or damaged (one out on loan is
    /// marked when it is returned). When no usable copy is left, the key's
    /// status follows.
    pub fn mark_copy(
        &mut self,
        key_id: i64,
        copy: Option<i64>,
        mark: Mark,
        note: &str,
        actor: &Actor,
        now: NaiveDateTime,
    ) -> Result<KeyRecord> {
        check_actor(actor)?;
        self.write(|tx| {
            let key = get_key(tx, key_id, now)?;
            let facts = key.facts();
            if key.status != KeyStatus::Held {
                return Err(KeyError::NotHeld(key.status).into());
            }
            let copy = match copy {
                Some(c) => c,
                None if key.copies == 1 => 1,
                None => return Err(KeyError::Missing(LoanField::Copy).into()),
            };
            // The same checks as a loan: it must exist, be in, not be marked.
            keys::check_lend(&facts, Some(copy))?;
            insert_mark(tx, key_id, copy, mark, None, note, actor, now)?;
            get_key(tx, key_id, now)
        })
    }
}

#[allow(clippy::too_many_arguments)]
fn insert_mark(
    tx: &Cx,
    key_id: i64,
    copy: i64,
    mark: Mark,
    loan_id: Option<i64>,
    note: &str,
    actor: &Staff,
    now: NaiveDateTime,
) -> Result<()> {
    tx.execute(
        "INSERT INTO key_marks (key_id, copy_no, mark, loan_id, note, at, by_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            key_id,
            copy,
            mark.code(),
            loan_id,
            note.trim(),
            tx.epoch(now),
            actor.id
        ],
    )?;
    let action = match mark {
        Mark::Lost => KeyEventAction::Lost,
        Mark::Damaged => KeyEventAction::Damaged,
    };
    event(tx, key_id, now, actor, action, loan_id, note.trim())?;
    let (copies, status): (i64, String) = tx.query_row(
        "SELECT copies, status FROM keys WHERE id = ?1",
        [key_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let marks: Vec<Mark> = marks_of(tx, key_id)?.into_iter().map(|m| m.mark).collect();
    let new = keys::status_after_marks(copies, &marks);
    if status == KeyStatus::Held.code() && new != KeyStatus::Held {
        tx.execute(
            "UPDATE keys SET status = ?1 WHERE id = ?2",
            params![new.code(), key_id],
        )?;
    }
    Ok(())
}
