//! The callbacks screen's queue, light: what the list shows of each
//! pending task (ids, the ticket's kind, two instants, the count of calls)
//! with every row's place and summary side by side in one string, the way
//! the board holds its rows (`board::text`). The task's other fields (its
//! reporter, phone, description, version …) are read for the selected row
//! only (`Store::callback`).
//!
//! Why: on a site of a million tickets 32,000 callbacks are overdue; held
//! whole (`callbacks::Task`, ten `String`s each) the queue took 13 MB of
//! the screen's memory, and twice that while a re-read replaced it.

use super::board::{code_at, cut, text_at};
use super::callbacks::Which;
use super::{at, Result, Store};
use crate::domain::Kind;
use chrono::NaiveDateTime;
use rusqlite::Row;

/// A summary longer than this is cut (at a character boundary): the list
/// shows one line of it in one column, and this is wider than any
/// terminal (170 CJK characters are 340 columns).
pub const SUMMARY_MAX: usize = 512;
/// A place longer than this is cut likewise (unit codes are ~10 bytes;
/// a public-area location is typed free).
pub const PLACE_MAX: usize = 256;

/// One pending task as the queue lists it; its words are in the load's
/// `QueueText`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueRow {
    /// The callback's id.
    pub id: i64,
    pub ticket_id: i64,
    /// When the ticket's handling closed.
    pub handled_at: NaiveDateTime,
    pub due_at: NaiveDateTime,
    /// Calls made so far.
    pub attempts: u32,
    pub kind: Kind,
    /// Whether the place is a unit (else a public-area location).
    pub has_unit: bool,
    /// Where its words are in the `QueueText`.
    text: QueueTextAt,
}

/// Where one row's words lie in the queue's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct QueueTextAt {
    start: u32,
    /// The place's length; the summary follows it.
    place: u16,
    summary: u16,
}

/// Every row's place and summary in one string (see the module's comment).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueText(String);

impl QueueText {
    fn push(&mut self, place: &str, summary: &str) -> std::result::Result<QueueTextAt, ()> {
        let place = cut(place, PLACE_MAX);
        let summary = cut(summary, SUMMARY_MAX);
        // Offsets are u32: a queue's text past 4 GB is not a queue.
        let start = u32::try_from(self.0.len()).map_err(|_| ())?;
        self.0.push_str(place);
        self.0.push_str(summary);
        Ok(QueueTextAt {
            start,
            place: place.len() as u16,
            summary: summary.len() as u16,
        })
    }

    /// Bytes held.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The unit code, or the public-area location.
    pub fn place(&self, r: &QueueRow) -> &str {
        let s = r.text.start as usize;
        &self.0[s..s + usize::from(r.text.place)]
    }

    /// The unit code, when the ticket is for a unit.
    pub fn unit(&self, r: &QueueRow) -> Option<&str> {
        r.has_unit.then(|| self.place(r))
    }

    /// The description's first line (as `Task::summary`, cut at
    /// `SUMMARY_MAX` bytes).
    pub fn summary(&self, r: &QueueRow) -> &str {
        let s = r.text.start as usize + usize::from(r.text.place);
        &self.0[s..s + usize::from(r.text.summary)]
    }
}

/// The pending tasks a queue read found, in queue order (due, then id).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Queue {
    pub rows: Vec<QueueRow>,
    pub text: QueueText,
}

impl Queue {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

const QUEUE_SELECT: &str = "SELECT c.id, c.ticket_id, c.handled_at, c.due_at, c.attempts,
    t.kind, u.code, t.location, t.description
  FROM callbacks c
  JOIN tickets t ON t.id = c.ticket_id
  LEFT JOIN units u ON u.id = t.unit_id
  WHERE c.status = 'pending'";

fn queue_row(
    r: &Row,
    z: crate::domain::time::Tz,
    text: &mut QueueText,
) -> rusqlite::Result<QueueRow> {
    let unit = match r.get_ref(6)? {
        rusqlite::types::ValueRef::Null => None,
        _ => Some(text_at(r, 6)?),
    };
    let place = match unit {
        Some(u) => u,
        None => text_at(r, 7)?,
    };
    let summary = text_at(r, 8)?.lines().next().unwrap_or("");
    let words = text.push(place, summary).map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(
            8,
            rusqlite::types::Type::Text,
            "the queue's text passed 4 GB".into(),
        )
    })?;
    Ok(QueueRow {
        id: r.get(0)?,
        ticket_id: r.get(1)?,
        handled_at: at(r, 2, z)?,
        due_at: at(r, 3, z)?,
        attempts: u32::try_from(r.get::<_, i64>(4)?).unwrap_or(u32::MAX),
        kind: code_at(r, 5)?,
        has_unit: unit.is_some(),
        text: words,
    })
}

impl Store {
    /// The pending tasks `which` picks, light (see the module's comment),
    /// in the order of `callback_queue`: the same tasks, each with what
    /// the queue's list shows of it.
    pub fn callback_queue_light(&self, now: NaiveDateTime, which: Which) -> Result<Queue> {
        let cx = self.cx();
        let (cond, bound) = which.filter(&cx, now);
        // One read transaction: the count and the rows agree.
        let tx = self.conn.unchecked_transaction()?;
        // Counted first (one index), so the rows go into a list of the
        // right size: no doubling on the way, nothing to shrink after.
        let count_sql =
            format!("SELECT count(*) FROM callbacks c WHERE c.status = 'pending'{cond}");
        let n: i64 = match &bound {
            Some(b) => self.conn.query_row(&count_sql, [b], |r| r.get(0))?,
            None => self.conn.query_row(&count_sql, [], |r| r.get(0))?,
        };
        let n = usize::try_from(n).unwrap_or(0);
        let mut q = Queue {
            rows: Vec::with_capacity(n),
            // Some 40 bytes of place and summary a task on gen's sites.
            text: QueueText(String::with_capacity(n * 48)),
        };
        {
            let sql = format!("{QUEUE_SELECT}{cond} ORDER BY c.due_at, c.id");
            let mut st = self.conn.prepare_cached(&sql)?;
            let mut rows = match &bound {
                Some(b) => st.query([b])?,
                None => st.query([])?,
            };
            while let Some(r) = rows.next()? {
                q.rows.push(queue_row(r, cx.zone, &mut q.text)?);
            }
        }
        tx.commit()?;
        q.rows.shrink_to_fit();
        q.text.0.shrink_to_fit();
        Ok(q)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_come_back_as_pushed_and_long_ones_are_cut() {
        let mut t = QueueText::default();
        let a = t.push("3-2-1201", "漏水").unwrap();
        let long = "王".repeat(SUMMARY_MAX); // 3 bytes each
        let b = t.push("1栋 大堂", &long).unwrap();
        let row = |text| QueueRow {
            id: 1,
            ticket_id: 1,
            handled_at: NaiveDateTime::default(),
            due_at: NaiveDateTime::default(),
            attempts: 0,
            kind: Kind::Repair,
            has_unit: true,
            text,
        };
        assert_eq!(t.place(&row(a)), "3-2-1201");
        assert_eq!(t.summary(&row(a)), "漏水");
        assert_eq!(t.place(&row(b)), "1栋 大堂");
        let s = t.summary(&row(b));
        assert!(s.len() <= SUMMARY_MAX && s.len() > SUMMARY_MAX - 3);
        assert!(s.chars().all(|c| c == '王'));
    }
}
