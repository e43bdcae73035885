//! Deadlines and holds, kept in the same transaction as the step that sets,
//! meets or pauses them. The rules are in `domain::deadline`.

use super::ticket_row::Ticket;
use super::{at, at_opt, Cx, Result, Store};
use crate::domain::deadline::{self, DeadlineStatus, Facts, What};
use crate::domain::rules::Rules;
use crate::domain::{Action, StepInput};
use chrono::NaiveDateTime;
use rusqlite::types::Type;
use rusqlite::{params, OptionalExtension, Row};

/// How `ticket_deadlines.what` is stored (migration 0011): a small number,
/// in the order of the words, so `ORDER BY what` reads as it did.
pub const WHAT_NO: [(What, i64); 7] = [
    (What::Collect, 1),
    (What::Contact, 2),
    (What::Dispatch, 3),
    (What::Explain, 4),
    (What::Finish, 5),
    (What::OnScene, 6),
    (What::Reply, 7),
];

/// How `ticket_deadlines.status` is stored: pending is 0, the number the
/// partial indexes select (`WHERE status = 0` in the statements below).
pub const STATUS_NO: [(DeadlineStatus, i64); 4] = [
    (DeadlineStatus::Pending, 0),
    (DeadlineStatus::Met, 1),
    (DeadlineStatus::Missed, 2),
    (DeadlineStatus::Void, 3),
];

/// The number `what` is stored as (for statements written by hand: tools,
/// tests).
pub fn what_no(w: What) -> i64 {
    WHAT_NO.iter().find(|(x, _)| *x == w).map_or(0, |(_, n)| *n)
}

/// The number `status` is stored as.
pub fn status_no(s: DeadlineStatus) -> i64 {
    STATUS_NO
        .iter()
        .find(|(x, _)| *x == s)
        .map_or(0, |(_, n)| *n)
}

fn by_no<T: Copy>(table: &[(T, i64)], r: &Row, i: usize) -> rusqlite::Result<T> {
    let n: i64 = r.get(i)?;
    table
        .iter()
        .find(|(_, k)| *k == n)
        .map(|(v, _)| *v)
        .ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(i, Type::Integer, n.to_string().into())
        })
}

/// A stored `what` read back; a number that names none is a conversion error.
pub(crate) fn what_at(r: &Row, i: usize) -> rusqlite::Result<What> {
    by_no(&WHAT_NO, r, i)
}

/// A stored `status` read back, as any enum of the same words (the
/// figures have their own).
pub(crate) fn status_at<T: std::str::FromStr>(r: &Row, i: usize) -> rusqlite::Result<T> {
    let s = by_no(&STATUS_NO, r, i)?;
    s.code()
        .parse()
        .map_err(|_| rusqlite::Error::FromSqlConversionFailure(i, Type::Integer, s.code().into()))
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Deadline {
    pub what: What,
    pub round: i64,
    #[serde(with = "crate::domain::time")]
    pub due_at: NaiveDateTime,
    #[serde(with = "crate::domain::time::opt")]
    pub met_at: Option<NaiveDateTime>,
    pub status: DeadlineStatus,
    pub paused_secs: i64,
}

fn facts(t: &Ticket) -> Facts {
    Facts {
        kind: t.kind,
        created_at: t.created_at,
        urgency: t.urgency,
        requested_due: t.requested_due_at,
    }
}

/// Start a new round of `what`; a round of it still pending is voided first
/// (settled now: a miss if it was already past due), so one runs at a time.
fn open(tx: &Cx, id: i64, what: What, due: NaiveDateTime, now: NaiveDateTime) -> Result<()> {
    tx.execute(
        "UPDATE ticket_deadlines SET status = 3, met_at = ?3
         WHERE ticket_id = ?1 AND what = ?2 AND status = 0",
        params![id, what_no(what), tx.epoch(now)],
    )?;
    tx.execute(
        "INSERT INTO ticket_deadlines (ticket_id, what, round, due_at)
         VALUES (?1, ?2, (SELECT coalesce(max(round), 0) + 1 FROM ticket_deadlines WHERE ticket_id = ?1 AND what = ?2), ?3)",
        params![id, what_no(what), tx.epoch(due)],
    )?;
    Ok(())
}

/// Close the pending rounds of `what`: met if on time, missed if late.
fn meet(tx: &Cx, id: i64, what: What, now: NaiveDateTime) -> Result<()> {
    tx.execute(
        "UPDATE ticket_deadlines SET met_at = ?3,
            status = CASE WHEN ?3 <= due_at THEN 1 ELSE 2 END
         WHERE ticket_id = ?1 AND what = ?2 AND status = 0",
        params![id, what_no(what), tx.epoch(now)],
    )?;
    Ok(())
}

fn miss(tx: &Cx, id: i64, what: What, now: NaiveDateTime) -> Result<()> {
    tx.execute(
        "UPDATE ticket_deadlines SET met_at = ?3, status = 2
         WHERE ticket_id = ?1 AND what = ?2 AND status = 0",
        params![id, what_no(what), tx.epoch(now)],
    )?;
    Ok(())
}

pub(crate) fn on_create(tx: &Cx, rules: &Rules, t: &Ticket) -> Result<()> {
    for (what, due) in rules.deadlines.on_create(&facts(t)) {
        open(tx, t.id, what, due, t.created_at)?;
    }
    Ok(())
}

/// The open hold of a ticket, if on hold.
fn held_since(tx: &Cx, id: i64) -> Result<Option<NaiveDateTime>> {
    Ok(tx
        .query_row(
            "SELECT started_at FROM ticket_holds WHERE ticket_id = ?1 AND ended_at IS NULL",
            [id],
            |r| at(r, 0, tx.zone),
        )
        .optional()?)
}

/// End an open hold: running deadlines move on by the time spent on hold.
fn end_hold(tx: &Cx, id: i64, now: NaiveDateTime) -> Result<()> {
    let Some(since) = held_since(tx, id)? else {
        return Ok(());
    };
    tx.execute(
        "UPDATE ticket_holds SET ended_at = ?2 WHERE ticket_id = ?1 AND ended_at IS NULL",
        params![id, tx.epoch(now)],
    )?;
    let rows: Vec<(i64, i64, NaiveDateTime)> = {
        let mut st = tx.prepare(
            "SELECT what, round, due_at FROM ticket_deadlines WHERE ticket_id = ?1 AND status = 0",
        )?;
        let v = st
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, at(r, 2, tx.zone)?)))?
            .collect::<rusqlite::Result<_>>()?;
        v
    };
    for (what, round, due_t) in rows {
        let moved = deadline::resume(due_t, since, now);
        let paused = (moved - due_t).num_seconds();
        tx.execute(
            "UPDATE ticket_deadlines SET due_at = ?4, paused_secs = paused_secs + ?5
             WHERE ticket_id = ?1 AND what = ?2 AND round = ?3",
            params![id, what, round, tx.epoch(moved), paused],
        )?;
    }
    Ok(())
}

pub(crate) fn on_step(
    tx: &Cx,
    rules: &Rules,
    before: &Ticket,
    after: &Ticket,
    action: Action,
    input: &StepInput,
    now: NaiveDateTime,
) -> Result<()> {
    let id = after.id;
    if action == Action::Hold {
        tx.execute(
            "INSERT INTO ticket_holds (ticket_id, started_at, reason) VALUES (?1, ?2, ?3)",
            params![id, tx.epoch(now), input.reason.clone().unwrap_or_default()],
        )?;
    }
    if before.state == crate::domain::State::OnHold && after.state != crate::domain::State::OnHold {
        end_hold(tx, id, now)?;
    }
    let changes = rules.deadlines.on_step(
        &facts(after),
        action,
        after.state.is_final(),
        now,
        &rules.calendar,
    );
    for w in &changes.meet {
        meet(tx, id, *w, now)?;
    }
    for w in &changes.miss {
        miss(tx, id, *w, now)?;
    }
    if changes.void_all {
        tx.execute(
            "UPDATE ticket_deadlines SET status = 3 WHERE ticket_id = ?1 AND status = 0",
            [id],
        )?;
    }
    for (w, due) in changes.open {
        open(tx, id, w, due, now)?;
    }
    Ok(())
}

/// The next running deadline of an open ticket and its hold, for lists.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Running {
    pub what: What,
    #[serde(with = "crate::domain::time")]
    pub due_at: NaiveDateTime,
    #[serde(with = "crate::domain::time::opt")]
    pub held_since: Option<NaiveDateTime>,
}

impl Store {
    /// The years any pending deadline falls in (from the earliest to the
    /// latest): the board warns when one has no holiday list.
    pub fn pending_deadline_years(&self) -> Result<Vec<i32>> {
        use chrono::Datelike;
        let (lo, hi): (Option<i64>, Option<i64>) = self.conn.query_row(
            "SELECT min(due_at), max(due_at) FROM ticket_deadlines WHERE status = 0",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let year = |e: Option<i64>| {
            e.and_then(|e| crate::domain::time::from_epoch(e, self.zone()))
                .map(|t| t.year())
        };
        Ok(match (year(lo), year(hi)) {
            (Some(lo), Some(hi)) => (lo..=hi).collect(),
            _ => Vec::new(),
        })
    }

    pub fn deadlines(&self, ticket_id: i64) -> Result<Vec<Deadline>> {
        let mut st = self.conn.prepare_cached(
            "SELECT what, round, due_at, met_at, status, paused_secs FROM ticket_deadlines
             WHERE ticket_id = ?1 ORDER BY due_at, what",
        )?;
        let z = self.zone;
        let rows = st.query_map([ticket_id], |r| {
            Ok(Deadline {
                what: what_at(r, 0)?,
                round: r.get(1)?,
                due_at: at(r, 2, z)?,
                met_at: at_opt(r, 3, z)?,
                status: status_at(r, 4)?,
                paused_secs: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// When the ticket was put on hold, if it is on hold now.
    pub fn held_since(&self, ticket_id: i64) -> Result<Option<NaiveDateTime>> {
        held_since(&self.cx(), ticket_id)
    }

    /// Earliest pending deadline and hold of every open ticket, by ticket id.
    /// Reads only pending rows (indexed) and open holds: cheap for the board.
    pub fn running_deadlines(&self) -> Result<std::collections::HashMap<i64, Running>> {
        let mut st = self.conn.prepare_cached(
            "SELECT p.ticket_id, p.what, p.due, h.started_at
             FROM (SELECT ticket_id, what, min(due_at) AS due FROM ticket_deadlines
                   WHERE status = 0 GROUP BY ticket_id) p
             LEFT JOIN ticket_holds h ON h.ticket_id = p.ticket_id AND h.ended_at IS NULL",
        )?;
        let z = self.zone;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Running {
                    what: what_at(r, 1)?,
                    due_at: at(r, 2, z)?,
                    held_since: at_opt(r, 3, z)?,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Ids of tickets with a running deadline already past at `now`.
    pub fn overdue_ids(&self, now: NaiveDateTime) -> Result<Vec<i64>> {
        let mut st = self.conn.prepare_cached(
            "SELECT DISTINCT d.ticket_id FROM ticket_deadlines d
             WHERE d.status = 0 AND d.due_at < ?1
               AND NOT EXISTS (SELECT 1 FROM ticket_holds h WHERE h.ticket_id = d.ticket_id AND h.ended_at IS NULL)
             ORDER BY d.ticket_id",
        )?;
        let rows = st.query_map([self.cx().epoch(now)], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
