//! Shift handovers 交接班: the snapshot the report is built from, and the
//! sealed record. The outgoing operator's submission stores the report (JSON)
//! and its text exactly as shown with a SHA-256 of the text; the incoming
//! operator acknowledges once with their PIN (verified before the write
//! transaction, the result used inside it); a supervisor reviews once; later corrections are addenda.
//! The table's triggers refuse any other UPDATE and every DELETE.

use super::auth::PinCheck;
use super::dutylog::{open_promises, shift_log};
use super::pack::{deflate, inflate_text};
use super::staff::Actor;
use super::{at, at_opt, date, parse_code, Cx, Result, Staff, Store, StoreError};
use crate::domain::handover::{
    self, content_hash, CallbackFact, DeadlineFact, KeyLoanFact, Report, Snapshot, TicketFact,
};
use crate::domain::shift::{Shift, ShiftRefusal};
use crate::domain::time::Tz;
use crate::domain::Role;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Acknowledgement {
    pub by: String,
    #[serde(with = "crate::domain::time")]
    pub at: NaiveDateTime,
    pub remarks: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Review {
    pub by: String,
    #[serde(with = "crate::domain::time")]
    pub at: NaiveDateTime,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Addendum {
    pub id: i64,
    #[serde(with = "crate::domain::time")]
    pub at: NaiveDateTime,
    pub author: String,
    pub text: String,
}

/// A stored handover with everything said about it since.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HandoverRecord {
    pub id: i64,
    pub shift_date: NaiveDate,
    pub shift_code: String,
    pub shift_name: String,
    #[serde(with = "crate::domain::time")]
    pub shift_start: NaiveDateTime,
    #[serde(with = "crate::domain::time")]
    pub shift_end: NaiveDateTime,
    pub from_operator: String,
    #[serde(skip)]
    pub from_id: i64,
    #[serde(with = "crate::domain::time")]
    pub created_at: NaiveDateTime,
    pub note: String,
    /// The text exactly as shown and signed.
    pub content: String,
    pub content_hash: String,
    /// Whether `content` still hashes to `content_hash`.
    pub hash_ok: bool,
    pub report: Report,
    pub acknowledged: Option<Acknowledgement>,
    pub review: Option<Review>,
    pub addenda: Vec<Addendum>,
}

impl HandoverRecord {
    pub fn sealed(&self) -> bool {
        self.acknowledged.is_some()
    }
}

/// One row of the handover list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HandoverSummary {
    pub id: i64,
    pub shift_date: NaiveDate,
    pub shift_code: String,
    pub shift_name: String,
    pub from_operator: String,
    #[serde(skip)]
    pub from_id: i64,
    pub to_operator: Option<String>,
    #[serde(with = "crate::domain::time")]
    pub created_at: NaiveDateTime,
    #[serde(with = "crate::domain::time::opt")]
    pub acknowledged_at: Option<NaiveDateTime>,
    pub reviewed: bool,
    pub addenda: i64,
}

fn summary_line(description: &str) -> String {
    description.lines().next().unwrap_or("").trim().to_string()
}

/// Gather what the report of `shift` may draw on, as of `as_of`.
pub(crate) fn snapshot(
    cx: &Cx,
    shift: &Shift,
    next: &Shift,
    as_of: NaiveDateTime,
    operator: &str,
    follow_up_days: u32,
) -> Result<Snapshot> {
    let open = super::states::open_in("t.");
    let z = cx.zone;
    let (start, end) = (cx.epoch(shift.start), cx.epoch(shift.end));
    let cols = "SELECT t.id, t.kind, t.state, coalesce(u.code, nullif(t.location, ''), '-'),
        t.description, t.created_at, t.closed_at
      FROM tickets t LEFT JOIN units u ON u.id = t.unit_id";
    let mut st = cx.prepare(&format!(
        "{cols} WHERE {open}
         UNION {cols} WHERE t.created_at >= ?1 AND t.created_at < ?2
         UNION {cols} WHERE t.closed_at >= ?1 AND t.closed_at < ?2"
    ))?;
    let tickets: Vec<TicketFact> = st
        .query_map(params![start, end], |r| {
            Ok(TicketFact {
                id: r.get(0)?,
                kind: parse_code(r, 1)?,
                state: parse_code(r, 2)?,
                place: r.get(3)?,
                summary: summary_line(&r.get::<_, String>(4)?),
                created_at: at(r, 5, z)?,
                closed_at: at_opt(r, 6, z)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    let mut st = cx.prepare(&format!(
        "SELECT d.ticket_id, d.what, d.due_at FROM ticket_deadlines d
         JOIN tickets t ON t.id = d.ticket_id
         WHERE d.status = 0 AND {open}"
    ))?;
    let deadlines: Vec<DeadlineFact> = st
        .query_map([], |r| {
            Ok(DeadlineFact {
                ticket_id: r.get(0)?,
                // The word, as the sealed report has always said it.
                what: super::deadlines::what_at(r, 1)?.code().to_string(),
                due_at: at(r, 2, z)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    let mut st = cx.prepare(
        "SELECT c.id, c.ticket_id, t.kind, coalesce(u.code, nullif(t.location, ''), '-'),
            t.description, c.reason, c.due_at, c.attempts
         FROM callbacks c JOIN tickets t ON t.id = c.ticket_id
         LEFT JOIN units u ON u.id = t.unit_id
         WHERE c.status = 'pending' AND c.due_at < ?1",
    )?;
    let callbacks: Vec<CallbackFact> = st
        .query_map([cx.epoch(handover::callback_horizon(next))], |r| {
            Ok(CallbackFact {
                id: r.get(0)?,
                ticket_id: r.get(1)?,
                kind: parse_code(r, 2)?,
                place: r.get(3)?,
                summary: summary_line(&r.get::<_, String>(4)?),
                reason: r.get(5)?,
                due_at: at(r, 6, z)?,
                attempts: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    let mut st = cx.prepare(
        "SELECT l.id, k.id, k.kind, k.hook, coalesce(u.code, nullif(k.area, ''), '-'),
            l.borrower_name, l.lent_at, l.due_at
         FROM key_loans l JOIN keys k ON k.id = l.key_id
         LEFT JOIN units u ON u.id = k.unit_id
         WHERE l.returned_at IS NULL",
    )?;
    let key_loans: Vec<KeyLoanFact> = st
        .query_map([], |r| {
            Ok(KeyLoanFact {
                loan_id: r.get(0)?,
                key_id: r.get(1)?,
                key_kind: r.get(2)?,
                hook: r.get(3)?,
                place: r.get(4)?,
                borrower: r.get(5)?,
                lent_at: at(r, 6, z)?,
                due_at: at(r, 7, z)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    Ok(Snapshot {
        shift: shift.clone(),
        next: next.clone(),
        as_of,
        operator: operator.to_string(),
        tickets,
        deadlines,
        callbacks,
        key_loans,
        log: shift_log(cx, shift.date, &shift.code)?,
        promises: open_promises(cx)?,
        registers: Some(super::registers::handover_facts(cx, follow_up_days)?),
    })
}

const RECORD_SELECT: &str = "SELECT h.id, h.shift_date, h.shift_code, h.shift_name, h.shift_start,
    h.shift_end, f.name, h.from_operator, h.created_at, h.note, h.content_z, h.content_hash,
    h.report_z, t.name, h.acknowledged_at, h.remarks, r.name, h.reviewed_at, h.review_comment
  FROM handovers h
  JOIN staff f ON f.id = h.from_operator
  LEFT JOIN staff t ON t.id = h.to_operator
  LEFT JOIN staff r ON r.id = h.reviewed_by";

/// A packed column's text (`None`: not a stream that inflates to text).
fn packed_text(r: &Row, i: usize) -> rusqlite::Result<Option<String>> {
    Ok(match r.get_ref(i)? {
        rusqlite::types::ValueRef::Blob(b) => inflate_text(b),
        _ => None,
    })
}

fn record_row(r: &Row, z: Tz) -> rusqlite::Result<HandoverRecord> {
    // Stored packed (migration 0013). A text that no longer inflates shows
    // empty and fails its seal; a report that does not is an error, as a
    // report that is not JSON always was.
    let content = packed_text(r, 10)?;
    let hash: String = r.get(11)?;
    let json = packed_text(r, 12)?.ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            12,
            rusqlite::types::Type::Blob,
            "the stored report does not inflate".into(),
        )
    })?;
    let report: Report = serde_json::from_str(&json).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(12, rusqlite::types::Type::Text, Box::new(e))
    })?;
    let hash_ok = content.as_deref().is_some_and(|c| content_hash(c) == hash);
    let content = content.unwrap_or_default();
    let to: Option<String> = r.get(13)?;
    let acked = at_opt(r, 14, z)?;
    let reviewer: Option<String> = r.get(16)?;
    let reviewed = at_opt(r, 17, z)?;
    Ok(HandoverRecord {
        id: r.get(0)?,
        shift_date: date(r, 1)?,
        shift_code: r.get(2)?,
        shift_name: r.get(3)?,
        shift_start: at(r, 4, z)?,
        shift_end: at(r, 5, z)?,
        from_operator: r.get(6)?,
        from_id: r.get(7)?,
        created_at: at(r, 8, z)?,
        note: r.get(9)?,
        hash_ok,
        content,
        content_hash: hash,
        report,
        acknowledged: match (to, acked) {
            (Some(by), Some(at)) => Some(Acknowledgement {
                by,
                at,
                remarks: r.get(15)?,
            }),
            _ => None,
        },
        review: match (reviewer, reviewed) {
            (Some(by), Some(at)) => Some(Review {
                by,
                at,
                comment: r.get(18)?,
            }),
            _ => None,
        },
        addenda: Vec::new(),
    })
}

fn addenda(cx: &Cx, id: i64) -> Result<Vec<Addendum>> {
    let mut st = cx.prepare_cached(
        "SELECT a.id, a.at, s.name, a.text FROM handover_addenda a
         JOIN staff s ON s.id = a.author_id WHERE a.handover_id = ?1 ORDER BY a.id",
    )?;
    let rows = st.query_map([id], |r| {
        Ok(Addendum {
            id: r.get(0)?,
            at: at(r, 1, cx.zone)?,
            author: r.get(2)?,
            text: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn record_where<P: rusqlite::Params>(cx: &Cx, cond: &str, p: P) -> Result<Option<HandoverRecord>> {
    let rec = cx
        .query_row(&format!("{RECORD_SELECT} WHERE {cond}"), p, |r| {
            record_row(r, cx.zone)
        })
        .optional()?;
    match rec {
        Some(mut rec) => {
            rec.addenda = addenda(cx, rec.id)?;
            Ok(Some(rec))
        }
        None => Ok(None),
    }
}

pub(crate) fn get_handover(cx: &Cx, id: i64) -> Result<HandoverRecord> {
    record_where(cx, "h.id = ?1", [id])?.ok_or_else(|| StoreError::not_found("handover", id))
}

fn handover_id_for(conn: &Connection, date: NaiveDate, code: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM handovers WHERE shift_date = ?1 AND shift_code = ?2",
            params![date.to_string(), code],
            |r| r.get(0),
        )
        .optional()?)
}

/// Inside the write: the PIN verified before it (`PinCheck::run`) must be
/// the person's, against the hash they have now.
fn pin_holds(tx: &Connection, who: &Staff, checked: &PinCheck) -> Result<()> {
    match checked.holds(tx, who.id)? {
        None => Err(StoreError::Shift(ShiftRefusal::NoPin(who.name.clone()))),
        Some(true) => Ok(()),
        Some(false) => Err(StoreError::Shift(ShiftRefusal::WrongPin)),
    }
}

fn desk(actor: &Staff) -> Result<()> {
    if actor.role.covers(Role::Operator) {
        Ok(())
    } else {
        Err(StoreError::Shift(ShiftRefusal::NotDeskStaff))
    }
}

const SUMMARY_SELECT: &str = "SELECT h.id, h.shift_date, h.shift_code, h.shift_name, f.name,
    h.from_operator, t.name, h.created_at, h.acknowledged_at, h.reviewed_at IS NOT NULL,
    (SELECT count(*) FROM handover_addenda a WHERE a.handover_id = h.id)
  FROM handovers h
  JOIN staff f ON f.id = h.from_operator
  LEFT JOIN staff t ON t.id = h.to_operator";

fn summary_row(r: &Row, z: Tz) -> rusqlite::Result<HandoverSummary> {
    Ok(HandoverSummary {
        id: r.get(0)?,
        shift_date: date(r, 1)?,
        shift_code: r.get(2)?,
        shift_name: r.get(3)?,
        from_operator: r.get(4)?,
        from_id: r.get(5)?,
        to_operator: r.get(6)?,
        created_at: at(r, 7, z)?,
        acknowledged_at: at_opt(r, 8, z)?,
        reviewed: r.get(9)?,
        addenda: r.get(10)?,
    })
}

/// A report built, rendered, encoded, hashed and packed, ready to store.
struct Prepared {
    report: Report,
    /// The text and the report (JSON) packed (`store::pack`): packing 20 MB
    /// is done here, outside the write lock, like the rest.
    text_z: Vec<u8>,
    json_z: Vec<u8>,
    hash: String,
}

/// Changes whenever another connection commits.
fn data_version(cx: &Cx) -> Result<i64> {
    Ok(cx.query_row("PRAGMA data_version", [], |r| r.get(0))?)
}

fn insert_handover(
    tx: &Cx,
    shift: &Shift,
    actor: &Actor,
    now: NaiveDateTime,
    p: &Prepared,
) -> Result<HandoverRecord> {
    tx.execute(
        "INSERT INTO handovers (shift_date, shift_code, shift_name, shift_start, shift_end,
            from_operator, created_at, note, report_z, content_z, content_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            shift.date.to_string(),
            shift.code,
            shift.name,
            tx.epoch(shift.start),
            tx.epoch(shift.end),
            actor.id,
            tx.epoch(now),
            p.report.note,
            p.json_z,
            p.text_z,
            p.hash,
        ],
    )?;
    get_handover(tx, tx.last_insert_rowid())
}

impl Store {
    /// What the handover of `shift` would contain if handed over now (nothing
    /// is written). Read in one transaction, so the sections agree.
    pub fn pending_report(
        &self,
        shift: &Shift,
        next: &Shift,
        operator: &str,
        note: &str,
        now: NaiveDateTime,
    ) -> Result<Report> {
        let tx = self.conn.unchecked_transaction()?;
        let days = self.rules().registers.parcel_follow_up_days;
        let snap = snapshot(&Cx::new(&tx, self.zone), shift, next, now, operator, days)?;
        drop(tx);
        Ok(handover::build(snap, note))
    }

    /// The outgoing operator hands `shift` over: the report is generated from
    /// the data, rendered by `render` (the text the incoming operator will be
    /// shown and sign), hashed and stored.
    ///
    /// Building, rendering and encoding the report is the slow part, so it
    /// is done outside the write lock, from a read of the data; the write
    /// then stores it only if no other process committed since that read
    /// (`PRAGMA data_version`), so the report is still the data as of the
    /// handover. On a busy site a few rounds may be lost to others' writes;
    /// the last round builds the report inside the lock, as a fallback.
    pub fn submit_handover(
        &mut self,
        shift: &Shift,
        next: &Shift,
        note: &str,
        actor: &Actor,
        now: NaiveDateTime,
        render: &dyn Fn(&Report) -> String,
    ) -> Result<HandoverRecord> {
        let days = self.rules().registers.parcel_follow_up_days;
        let refuse = |cx: &Cx| -> Result<()> {
            desk(actor)?;
            if now < shift.start {
                return Err(StoreError::Shift(ShiftRefusal::NotStarted(shift.key())));
            }
            if let Some(id) = handover_id_for(cx, shift.date, &shift.code)? {
                return Err(StoreError::Shift(ShiftRefusal::AlreadyHandedOver(
                    shift.key(),
                    id,
                )));
            }
            Ok(())
        };
        let prepare = |cx: &Cx| -> Result<Prepared> {
            let snap = snapshot(cx, shift, next, now, &actor.name, days)?;
            let report = handover::build(snap, note);
            let text = render(&report);
            let json = serde_json::to_string(&report)
                .map_err(|e| StoreError::ReportEncoding(e.to_string()))?;
            let hash = content_hash(&text);
            Ok(Prepared {
                report,
                text_z: deflate(&text),
                json_z: deflate(&json),
                hash,
            })
        };
        const ROUNDS: usize = 3;
        for _ in 0..ROUNDS {
            let (prepared, seen) = {
                let tx = self.conn.unchecked_transaction()?;
                let cx = Cx::new(&tx, self.zone);
                // Read before the data: a commit in between only costs a round.
                let seen = data_version(&cx)?;
                refuse(&cx)?;
                (prepare(&cx)?, seen)
            };
            let stored = self.write(|tx| {
                refuse(tx)?;
                if data_version(tx)? != seen {
                    // Someone wrote meanwhile: the report may be out of date.
                    return Ok(None);
                }
                insert_handover(tx, shift, actor, now, &prepared).map(Some)
            })?;
            if let Some(rec) = stored {
                return Ok(rec);
            }
        }
        self.write(|tx| {
            refuse(tx)?;
            let prepared = prepare(tx)?;
            insert_handover(tx, shift, actor, now, &prepared)
        })
    }

    /// The incoming operator signs for handover `id` with their own PIN. This
    /// seals it. Refused: wrong PIN, the outgoing operator themselves, already
    /// acknowledged, or content that no longer matches its hash.
    pub fn acknowledge_handover(
        &mut self,
        id: i64,
        incoming: &Staff,
        pin: &str,
        remarks: &str,
        now: NaiveDateTime,
    ) -> Result<HandoverRecord> {
        // argon2 before the write lock is taken; the result is used inside.
        let checked = PinCheck::run(&self.conn, incoming.id, pin)?;
        self.write(|tx| {
            let h = get_handover(tx, id)?;
            if h.acknowledged.is_some() {
                return Err(StoreError::Shift(ShiftRefusal::AlreadyAcknowledged(id)));
            }
            desk(incoming)?;
            if incoming.id == h.from_id {
                return Err(StoreError::Shift(ShiftRefusal::SameOperator));
            }
            if !h.hash_ok {
                return Err(StoreError::Shift(ShiftRefusal::Tampered(id)));
            }
            pin_holds(tx, incoming, &checked)?;
            tx.execute(
                "UPDATE handovers SET to_operator = ?1, acknowledged_at = ?2, remarks = ?3
                 WHERE id = ?4 AND acknowledged_at IS NULL",
                params![incoming.id, tx.epoch(now), remarks.trim(), id],
            )?;
            get_handover(tx, id)
        })
    }

    /// A supervisor or manager marks an acknowledged handover reviewed.
    pub fn review_handover(
        &mut self,
        id: i64,
        reviewer: &Actor,
        comment: &str,
        now: NaiveDateTime,
    ) -> Result<HandoverRecord> {
        self.write(|tx| {
            if !reviewer.role.covers(Role::Supervisor) {
                return Err(StoreError::Shift(ShiftRefusal::NotReviewer));
            }
            if comment.trim().is_empty() {
                return Err(StoreError::Shift(ShiftRefusal::EmptyText));
            }
            let h = get_handover(tx, id)?;
            if h.acknowledged.is_none() {
                return Err(StoreError::Shift(ShiftRefusal::NotAcknowledged(id)));
            }
            if h.review.is_some() {
                return Err(StoreError::Shift(ShiftRefusal::AlreadyReviewed(id)));
            }
            tx.execute(
                "UPDATE handovers SET reviewed_by = ?1, reviewed_at = ?2, review_comment = ?3
                 WHERE id = ?4 AND reviewed_at IS NULL",
                params![reviewer.id, tx.epoch(now), comment.trim(), id],
            )?;
            get_handover(tx, id)
        })
    }

    /// A later correction or addition to a handover: appended, never edited.
    pub fn add_handover_addendum(
        &mut self,
        id: i64,
        author: &Actor,
        text: &str,
        now: NaiveDateTime,
    ) -> Result<HandoverRecord> {
        self.write(|tx| {
            desk(author)?;
            if text.trim().is_empty() {
                return Err(StoreError::Shift(ShiftRefusal::EmptyText));
            }
            get_handover(tx, id)?;
            tx.execute(
                "INSERT INTO handover_addenda (handover_id, at, author_id, text) VALUES (?1, ?2, ?3, ?4)",
                params![id, tx.epoch(now), author.id, text.trim()],
            )?;
            get_handover(tx, id)
        })
    }

    pub fn handover(&self, id: i64) -> Result<HandoverRecord> {
        get_handover(&self.cx(), id)
    }

    /// The most recent handover (by shift), acknowledged or not.
    pub fn latest_handover(&self) -> Result<Option<HandoverRecord>> {
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM handovers ORDER BY shift_start DESC, id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        id.map(|id| self.handover(id)).transpose()
    }

    pub fn handover_for_shift(&self, shift: &Shift) -> Result<Option<HandoverRecord>> {
        handover_id_for(&self.conn, shift.date, &shift.code)?
            .map(|id| self.handover(id))
            .transpose()
    }

    /// Handovers of shifts dated `from..=to`, newest first.
    pub fn handovers(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        limit: usize,
    ) -> Result<Vec<HandoverSummary>> {
        let mut st = self.conn.prepare(&format!(
            "{SUMMARY_SELECT}
             WHERE h.shift_date >= coalesce(?1, '0000-00-00') AND h.shift_date <= coalesce(?2, '9999-12-31')
             ORDER BY h.shift_start DESC, h.id DESC LIMIT ?3"
        ))?;
        let rows = st.query_map(
            params![
                from.map(|d| d.to_string()),
                to.map(|d| d.to_string()),
                limit as i64
            ],
            |r| summary_row(r, self.zone),
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The latest handover still waiting for the incoming operator.
    pub fn unacknowledged_handover(&self) -> Result<Option<HandoverSummary>> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "{SUMMARY_SELECT} WHERE h.acknowledged_at IS NULL
                     ORDER BY h.created_at DESC, h.id DESC LIMIT 1"
                ),
                [],
                |r| summary_row(r, self.zone),
            )
            .optional()?)
    }
}

impl Store {
    /// The shift a handover opened at `now` is for (see
    /// `ShiftPlan::handover_shift`): the one that just ended if it has not
    /// been handed over and the change was less than the grace period ago.
    pub fn handover_target(
        &self,
        plan: &crate::domain::shift::ShiftPlan,
        now: NaiveDateTime,
    ) -> Result<Shift> {
        let prev = plan.prev(&plan.at(now));
        let done = handover_id_for(&self.conn, prev.date, &prev.code)?.is_some();
        Ok(plan.handover_shift(now, done))
    }
}
