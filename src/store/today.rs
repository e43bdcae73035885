//! The morning overview 今日: what is overdue now and what falls due today,
//! counted by indexed aggregates (the screen must stay instant on a large
//! site) plus the few rows it lists.

use super::dutylog::open_promises;
use super::handover::HandoverSummary;
use super::{at, Result, Store};
use crate::domain::calendar::end_of_day;
use crate::domain::deadline::What;
use crate::domain::dutylog::LogEntry;
use crate::domain::Kind;
use crate::store::tickets::{Filter, TicketSummary};
use chrono::NaiveDateTime;
use rusqlite::params;

/// A ticket whose deadline is past (not on hold).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Late {
    pub ticket_id: i64,
    pub place: String,
    pub summary: String,
    pub what: What,
    #[serde(with = "crate::domain::time")]
    pub due_at: NaiveDateTime,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Today {
    /// Tickets with a deadline past now, and the first of them by due time.
    pub overdue: i64,
    pub overdue_first: Vec<Late>,
    /// Tickets with a deadline later today.
    pub due_today: i64,
    pub callbacks_overdue: i64,
    /// Callbacks due by the end of today, overdue ones included.
    pub callbacks_due: i64,
    pub keys_out: i64,
    pub keys_overdue: i64,
    /// Loans due back by the end of today (overdue ones included).
    pub keys_due: i64,
    /// Promises from the duty log due by the end of today, not yet kept.
    pub promises: Vec<LogEntry>,
    /// A handover waiting for a signature (not written by the one asking).
    pub handover: Option<HandoverSummary>,
    pub emergencies: Vec<TicketSummary>,
    /// The registers: visitors inside, mail waiting, passes to use,
    /// renovations with something due.
    pub registers: super::registers::RegisterAlerts,
}

/// How many overdue tickets the overview lists.
const LATE_ROWS: usize = 8;

impl Store {
    /// The overview for `me_id` at `now`.
    pub fn today(&self, now: NaiveDateTime, me_id: i64) -> Result<Today> {
        let cx = self.cx();
        let now_e = cx.epoch(now);
        let eod = cx.epoch(end_of_day(now.date()));
        // A deadline on hold is not running: it is neither late nor due.
        // (status 0: pending, src/store/deadlines.rs.)
        let running = "d.status = 0 AND NOT EXISTS (SELECT 1 FROM ticket_holds h
            WHERE h.ticket_id = d.ticket_id AND h.ended_at IS NULL)";
        let (overdue, due_today): (i64, i64) = self.conn.query_row(
            &format!(
                "SELECT count(DISTINCT CASE WHEN d.due_at < ?1 THEN d.ticket_id END),
                        count(DISTINCT CASE WHEN d.due_at >= ?1 AND d.due_at <= ?2 THEN d.ticket_id END)
                 FROM ticket_deadlines d WHERE {running} AND d.due_at <= ?2"
            ),
            params![now_e, eod],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT d.ticket_id, coalesce(u.code, t.location), t.description, d.what, d.due_at
             FROM ticket_deadlines d JOIN tickets t ON t.id = d.ticket_id
             LEFT JOIN units u ON u.id = t.unit_id
             WHERE {running} AND d.due_at < ?1 ORDER BY d.due_at LIMIT ?2"
        ))?;
        let zone = self.zone();
        let mut overdue_first: Vec<Late> = Vec::new();
        for row in st.query_map(params![now_e, LATE_ROWS as i64 * 3], |r| {
            Ok(Late {
                ticket_id: r.get(0)?,
                place: r.get(1)?,
                summary: r
                    .get::<_, String>(2)?
                    .lines()
                    .next()
                    .unwrap_or("")
                    .to_string(),
                what: super::deadlines::what_at(r, 3).unwrap_or(What::Dispatch),
                due_at: at(r, 4, zone)?,
            })
        })? {
            let late = row?;
            // One row per ticket: its earliest overdue deadline.
            if !overdue_first.iter().any(|l| l.ticket_id == late.ticket_id) {
                overdue_first.push(late);
            }
        }
        overdue_first.truncate(LATE_ROWS);
        let (callbacks_overdue, callbacks_due): (i64, i64) = self.conn.query_row(
            "SELECT coalesce(sum(due_at < ?1), 0), count(*) FROM callbacks
             WHERE status = 'pending' AND due_at <= ?2",
            params![now_e, eod],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let (keys_out, keys_overdue, keys_due): (i64, i64, i64) = self.conn.query_row(
            "SELECT count(*), coalesce(sum(due_at < ?1), 0), coalesce(sum(due_at <= ?2), 0)
             FROM key_loans WHERE returned_at IS NULL",
            params![now_e, eod],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let promises = open_promises(&cx)?
            .into_iter()
            .filter(|p| p.due_at.is_some_and(|d| d <= end_of_day(now.date())))
            .collect();
        let handover = self
            .unacknowledged_handover()?
            .filter(|h| h.from_id != me_id);
        let emergencies = self.list_tickets(&Filter {
            kinds: vec![Kind::Emergency],
            open_only: true,
            ..Default::default()
        })?;
        Ok(Today {
            overdue,
            overdue_first,
            due_today,
            callbacks_overdue,
            callbacks_due,
            keys_out,
            keys_overdue,
            keys_due,
            promises,
            handover,
            emergencies,
            registers: self.register_alerts(now)?,
        })
    }
}
