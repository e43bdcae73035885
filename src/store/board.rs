//! The dispatch board's reads: light rows (only what the list shows and the
//! quick search finds) of the open tickets with their running deadline, read
//! whole once and then only what changed since a watermark.
//!
//! The watermark is the last `ticket_events` id seen. Every write that
//! touches a ticket or its deadlines appends an audit row in the same
//! transaction (`tickets::step_in_by`, `tickets::write_ticket`; deadlines
//! and holds change only inside those), and ids grow with commits (writes
//! are serialised), so the tickets with an event after the watermark are
//! exactly the ones that changed. `updated_at` would not do: it has second
//! resolution and follows the operator's clock, not the commit order.

use super::deadlines::Running;
use super::{at, at_opt, parse_code, Result, Store};
use crate::domain::category::TicketCategory;
use crate::domain::{mask, Kind, State};
use chrono::NaiveDateTime;
use rusqlite::Row;
use std::collections::HashMap;

/// More changed tickets than this since the last load: read the board whole.
pub const DELTA_LIMIT: usize = 2_000;

/// One open ticket as the board lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardRow {
    pub id: i64,
    pub kind: Kind,
    pub state: State,
    pub unit: Option<String>,
    pub location: String,
    pub reporter: String,
    /// Masked: only its tail is searched.
    pub phone: String,
    pub category: TicketCategory,
    pub description: String,
    pub department: Option<String>,
    pub wo_no: Option<String>,
    pub escalated: bool,
    pub reopen_count: i64,
    pub created_at: NaiveDateTime,
    pub building: Option<u16>,
}

impl BoardRow {
    /// The unit code, or the public-area location.
    pub fn place(&self) -> &str {
        self.unit.as_deref().unwrap_or(&self.location)
    }
    /// First line of the description.
    pub fn summary(&self) -> &str {
        self.description.lines().next().unwrap_or("")
    }
}

/// What one load read: the whole board, or what changed since `since`.
#[derive(Debug, Clone, Default)]
pub struct BoardLoad {
    /// Whether `rows` is the whole board (else a change list).
    pub full: bool,
    /// Open tickets (all, or those changed), each with its running deadline.
    pub rows: Vec<(BoardRow, Option<Running>)>,
    /// Tickets changed since the watermark that are no longer open.
    pub gone: Vec<i64>,
    /// The last audit row this load has seen: the next load's `since`.
    pub watermark: i64,
    /// Keys out and overdue at `now`.
    pub key_alerts: (i64, i64),
    /// Years any pending deadline falls in.
    pub deadline_years: Vec<i32>,
}

const BOARD_SELECT: &str = "SELECT t.id, t.kind, t.state, u.code, t.location, t.reporter, t.phone,
    t.category, t.description, d.code, t.wo_no, t.escalated_to IS NOT NULL, t.reopen_count,
    t.created_at, u.building
  FROM tickets t
  LEFT JOIN units u ON u.id = t.unit_id
  LEFT JOIN departments d ON d.id = t.department_id";

fn board_row(r: &Row, z: crate::domain::time::Tz) -> rusqlite::Result<BoardRow> {
    Ok(BoardRow {
        id: r.get(0)?,
        kind: parse_code(r, 1)?,
        state: parse_code(r, 2)?,
        unit: r.get(3)?,
        location: r.get(4)?,
        reporter: r.get(5)?,
        phone: mask::phone(&r.get::<_, String>(6)?),
        category: TicketCategory::stored(&r.get::<_, String>(7)?),
        description: r.get(8)?,
        department: r.get(9)?,
        wo_no: r.get(10)?,
        escalated: r.get(11)?,
        reopen_count: r.get(12)?,
        created_at: at(r, 13, z)?,
        building: r.get(14)?,
    })
}

/// `(1,2,3)`: ids read from the database, never typed text.
fn id_list(ids: &[i64]) -> String {
    let parts: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
    format!("({})", parts.join(","))
}

fn open_states() -> String {
    let open: Vec<String> = State::ALL
        .iter()
        .filter(|s| !s.is_final())
        .map(|s| format!("'{}'", s.code()))
        .collect();
    open.join(",")
}

impl Store {
    /// The last audit row id: a board loaded now has seen everything up to it.
    pub fn board_watermark(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(id), 0) FROM ticket_events", [], |r| {
                r.get(0)
            })?)
    }

    /// Read the board: whole (`since` None, or too much changed), or only the
    /// tickets with an audit row after `since`. One read transaction, so the
    /// rows and the watermark agree.
    pub fn board_load(&self, since: Option<i64>, now: NaiveDateTime) -> Result<BoardLoad> {
        let tx = self.conn.unchecked_transaction()?;
        let watermark = self.board_watermark()?;
        let changed: Option<Vec<i64>> = match since {
            Some(w) if w == watermark => Some(Vec::new()),
            Some(w) => {
                let mut st = self.conn.prepare_cached(
                    "SELECT DISTINCT ticket_id FROM ticket_events WHERE id > ?1 AND id <= ?2",
                )?;
                let ids = st
                    .query_map([w, watermark], |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<i64>>>()?;
                (ids.len() <= DELTA_LIMIT).then_some(ids)
            }
            None => None,
        };
        let z = self.zone;
        let mut load = BoardLoad {
            full: changed.is_none(),
            watermark,
            ..Default::default()
        };
        match &changed {
            Some(ids) if ids.is_empty() => {}
            Some(ids) => {
                let list = id_list(ids);
                let mut runs = self.running_of(&format!("AND ticket_id IN {list}"))?;
                let mut st = self
                    .conn
                    .prepare(&format!("{BOARD_SELECT} WHERE t.id IN {list}"))?;
                let rows = st.query_map([], |r| board_row(r, z))?;
                let mut seen = std::collections::HashSet::new();
                for row in rows {
                    let row = row?;
                    seen.insert(row.id);
                    if row.state.is_final() {
                        load.gone.push(row.id);
                    } else {
                        let run = runs.remove(&row.id);
                        load.rows.push((row, run));
                    }
                }
                load.gone.extend(ids.iter().filter(|id| !seen.contains(id)));
            }
            None => {
                let mut runs = self.running_of("")?;
                // No ORDER BY: the board sorts by its own key anyway.
                let mut st = self.conn.prepare_cached(&format!(
                    "{BOARD_SELECT} WHERE t.state IN ({})",
                    open_states()
                ))?;
                let rows = st.query_map([], |r| board_row(r, z))?;
                for row in rows {
                    let row = row?;
                    let run = runs.remove(&row.id);
                    load.rows.push((row, run));
                }
            }
        }
        let k = self.key_alerts(now)?;
        load.key_alerts = (k.out, k.overdue);
        load.deadline_years = self.pending_deadline_years()?;
        tx.commit()?;
        Ok(load)
    }

    /// The running deadline and hold of the tickets `filter` picks
    /// (`AND ticket_id IN (…)`, or all).
    fn running_of(&self, filter: &str) -> Result<HashMap<i64, Running>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT p.ticket_id, p.what, p.due, h.started_at
             FROM (SELECT ticket_id, what, min(due_at) AS due FROM ticket_deadlines
                   WHERE status = 0 {filter} GROUP BY ticket_id) p
             LEFT JOIN ticket_holds h ON h.ticket_id = p.ticket_id AND h.ended_at IS NULL"
        ))?;
        let z = self.zone;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Running {
                    what: super::deadlines::what_at(r, 1)?,
                    due_at: at(r, 2, z)?,
                    held_since: at_opt(r, 3, z)?,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
