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

mod text;

pub(super) use text::cut;
pub use text::{BoardText, TextAt};

use super::deadlines::Running;
use super::{at, at_opt, states, Result, Store};
use crate::domain::category::Category;
use crate::domain::{mask, Kind, State};
use chrono::NaiveDateTime;
use rusqlite::Row;

/// More changed tickets than this since the last load: read the board whole.
pub const DELTA_LIMIT: usize = 2_000;

/// One open ticket as the board lists it: ids, codes and flags; its words
/// (place, department, reporter, description …) are in the load's
/// `BoardText`, read through it.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardRow {
    pub id: i64,
    pub kind: Kind,
    pub state: State,
    /// A coded category (else any stored text is in the `BoardText`).
    pub category: Option<Category>,
    /// Whether the place is a unit (else a public-area location).
    pub has_unit: bool,
    pub escalated: bool,
    pub reopen_count: i64,
    pub created_at: NaiveDateTime,
    pub building: Option<u16>,
    /// Where its words are in the `BoardText`.
    pub text: TextAt,
}

/// What one load read: the whole board, or what changed since `since`.
#[derive(Debug, Clone, Default)]
pub struct BoardLoad {
    /// Whether `rows` is the whole board (else a change list).
    pub full: bool,
    /// Open tickets (all, or those changed), each with its running
    /// deadline, by id.
    pub rows: Vec<(BoardRow, Option<Running>)>,
    /// The words of `rows`.
    pub text: BoardText,
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

/// A text column without a `String` of its own (NULL reads as empty).
pub(super) fn text_at<'r>(r: &'r Row, i: usize) -> rusqlite::Result<&'r str> {
    use rusqlite::types::ValueRef;
    match r.get_ref(i)? {
        ValueRef::Null => Ok(""),
        v => v
            .as_str()
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, v.data_type(), Box::new(e))),
    }
}

/// A coded column (kind, state) read without a `String` of its own.
pub(super) fn code_at<T: std::str::FromStr>(r: &Row, i: usize) -> rusqlite::Result<T> {
    let s = text_at(r, i)?;
    s.parse().map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            s.to_string().into(),
        )
    })
}

/// One row of `BOARD_SELECT`: its words added to `text`. A ticket no
/// longer open gives only its id (`Err`), and adds nothing.
fn board_row(
    r: &Row,
    z: crate::domain::time::Tz,
    text: &mut BoardText,
) -> rusqlite::Result<std::result::Result<BoardRow, i64>> {
    let id = r.get(0)?;
    let state: State = code_at(r, 2)?;
    if state.is_final() {
        return Ok(Err(id));
    }
    let unit = match r.get_ref(3)? {
        rusqlite::types::ValueRef::Null => None,
        _ => Some(text_at(r, 3)?),
    };
    let stored = text_at(r, 7)?.trim();
    let category = if stored.is_empty() {
        None
    } else {
        stored.parse::<Category>().ok()
    };
    // Only what the masked phone shows at its end is kept (see
    // `BoardText::phone_tail`).
    let masked = mask::phone(text_at(r, 6)?);
    let tail = masked.rsplit('*').next().unwrap_or("");
    let words = text.push(
        [
            unit.unwrap_or(text_at(r, 4)?),
            text_at(r, 9)?,
            text_at(r, 10)?,
            text_at(r, 5)?,
            if category.is_some() { "" } else { stored },
            tail,
        ],
        text_at(r, 8)?,
    );
    Ok(Ok(BoardRow {
        id,
        kind: code_at(r, 1)?,
        state,
        category,
        has_unit: unit.is_some(),
        escalated: r.get(11)?,
        reopen_count: r.get(12)?,
        created_at: at(r, 13, z)?,
        building: r.get(14)?,
        text: words,
    }))
}

/// `(1,2,3)`: ids read from the database, never typed text.
fn id_list(ids: &[i64]) -> String {
    let parts: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
    format!("({})", parts.join(","))
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
        let mut load = BoardLoad {
            full: changed.is_none(),
            watermark,
            ..Default::default()
        };
        match &changed {
            Some(ids) if ids.is_empty() => {}
            Some(ids) => {
                let list = id_list(ids);
                self.board_rows(&format!("t.id IN {list}"), ids.len(), &mut load)?;
                let mut seen: Vec<i64> = load.rows.iter().map(|(r, _)| r.id).collect();
                seen.extend(&load.gone);
                seen.sort_unstable();
                load.gone
                    .extend(ids.iter().filter(|id| seen.binary_search(id).is_err()));
                self.running_into(&format!("AND ticket_id IN {list}"), &mut load.rows)?;
            }
            None => {
                // Counted first (the state index alone), so the rows are
                // read into a list of the right size: no doubling on the way.
                let n: i64 = self.conn.query_row(
                    &format!("SELECT count(*) FROM tickets WHERE {}", states::open_in("")),
                    [],
                    |r| r.get(0),
                )?;
                let n = usize::try_from(n).unwrap_or(0);
                self.board_rows(&states::open_in("t."), n, &mut load)?;
                self.running_into("", &mut load.rows)?;
                load.text.shrink_to_fit();
            }
        }
        let k = self.key_alerts(now)?;
        load.key_alerts = (k.out, k.overdue);
        load.deadline_years = self.pending_deadline_years()?;
        tx.commit()?;
        Ok(load)
    }

    /// The board's rows `cond` picks into `load` (its words into
    /// `load.text`), sorted by id; tickets no longer open into `load.gone`.
    fn board_rows(&self, cond: &str, expect: usize, load: &mut BoardLoad) -> Result<()> {
        // No ORDER BY: the board sorts by its own key anyway.
        let mut st = self.conn.prepare(&format!("{BOARD_SELECT} WHERE {cond}"))?;
        let z = self.zone;
        load.rows.reserve_exact(expect);
        // About 63 bytes of words a ticket on gen's sites; more grow it.
        load.text = BoardText::with_capacity(expect * 64);
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            match board_row(r, z, &mut load.text)? {
                Ok(row) => load.rows.push((row, None)),
                Err(id) => load.gone.push(id),
            }
        }
        load.rows.sort_unstable_by_key(|(r, _)| r.id);
        Ok(())
    }

    /// The running deadline and hold of `rows` (sorted by id; `filter` is
    /// `AND ticket_id IN (…)`, or empty for all), set in place: no map of
    /// 50,000 deadlines beside the rows.
    fn running_into(&self, filter: &str, rows: &mut [(BoardRow, Option<Running>)]) -> Result<()> {
        let mut st = self.conn.prepare(&format!(
            "SELECT p.ticket_id, p.what, p.due, h.started_at
             FROM (SELECT ticket_id, what, min(due_at) AS due FROM ticket_deadlines
                   WHERE status = 0 {filter} GROUP BY ticket_id) p
             LEFT JOIN ticket_holds h ON h.ticket_id = p.ticket_id AND h.ended_at IS NULL"
        ))?;
        let z = self.zone;
        let mut found = st.query([])?;
        while let Some(r) = found.next()? {
            let id: i64 = r.get(0)?;
            if let Ok(i) = rows.binary_search_by_key(&id, |(row, _)| row.id) {
                rows[i].1 = Some(Running {
                    what: super::deadlines::what_at(r, 1)?,
                    due_at: at(r, 2, z)?,
                    held_since: at_opt(r, 3, z)?,
                });
            }
        }
        Ok(())
    }
}
