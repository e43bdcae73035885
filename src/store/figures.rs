//! The facts the figures are computed from (`domain::figures::facts`), read
//! from the stored tickets, deadlines, callbacks, sampling decisions, key
//! loans and emergencies: one row per record, codes not labels, site-local
//! times. Every read of a period goes by an index range (migration 0006 adds
//! the ones missing; the tests check the query plans), all in one read
//! transaction so the facts agree with each other.
//!
//! Hold time is not computed here: a deadline's stored due time already moved
//! on by the time spent on hold (`paused_secs`), and the domain takes it back
//! off to find the period a promise belongs to.

use super::{at, at_opt, parse_code, parse_opt_code, Cx, Result, Store};
use crate::domain::callback::{self, Figures};
use crate::domain::figures::facts::DeadlineStatus;
use crate::domain::figures::facts::{
    CallbackFact, DeadlineFact, EmergencyFact, LoanFact, SampleFact, Scope, TicketFact,
};
use crate::domain::figures::{
    self, scope, DailySheet, Facts, FigureRules, MonthlyReport, Period, WeeklyReport,
};
use crate::domain::time::Tz;
use chrono::{Duration, NaiveDateTime};
use rusqlite::{params, Row};
use std::collections::{BTreeSet, HashMap};

/// Tickets registered this long before a period and still open in it are
/// read through the partial index `tickets_long_open` (0009_figures.sql
/// holds the same number).
pub const LONG_OPEN_SECS: i64 = 2_592_000;

/// A ticket with its unit and department, for a unit's history (intake).
const TICKET_COLUMNS: &str = "SELECT t.id, t.kind, t.channel, t.category, u.code, u.building,
        d.code, t.parent_id, t.created_at, t.state, t.closed_at, t.validity,
        t.developer_defect, t.escalated_to IS NOT NULL, t.reopen_count
    FROM tickets t";
const TICKET_JOINS: &str = "LEFT JOIN units u ON u.id = t.unit_id
    LEFT JOIN departments d ON d.id = t.department_id";

// The bulk reads below take unit and department ids as stored and name them
// from maps read once (a site has a few thousand units): a month of a large
// site is tens of thousands of rows, and a join per row would be most of the
// time. Deadlines and callbacks take their ticket's kind, unit and category
// from the tickets already read.

/// A ticket's columns without joins (`ticket_row`).
const TICKET_RAW: &str = "SELECT t.id, t.kind, t.channel, t.category, t.unit_id,
        t.department_id, t.parent_id, t.created_at, t.state, t.closed_at, t.validity,
        t.developer_defect, t.escalated_to IS NOT NULL, t.reopen_count
    FROM tickets t";

/// Tickets registered in `[?1, ?2)`.
pub(crate) fn tickets_registered_sql() -> String {
    format!("{TICKET_RAW} WHERE t.created_at >= ?1 AND t.created_at < ?2")
}

/// Tickets registered before `?1` and not ended before `?2`: open for longer
/// than `LONG_OPEN_SECS` when `?2 - ?1` is at least that (the WHERE of the
/// partial index, repeated word for word so SQLite uses it).
pub(crate) fn tickets_long_open_sql() -> String {
    format!(
        "{TICKET_RAW} INDEXED BY tickets_long_open
         WHERE (t.closed_at IS NULL OR t.closed_at - t.created_at > 2592000)
           AND t.created_at < ?1 AND (t.closed_at IS NULL OR t.closed_at >= ?2)"
    )
}

/// Tickets by id (`?1`, a JSON list): those a deadline or callback of the
/// period belongs to that the period's tickets do not include.
pub(crate) const TICKETS_BY_ID: &str = "SELECT t.id, t.kind, t.channel, t.category, t.unit_id,
        t.department_id, t.parent_id, t.created_at, t.state, t.closed_at, t.validity,
        t.developer_defect, t.escalated_to IS NOT NULL, t.reopen_count
    FROM json_each(?1) j JOIN tickets t ON t.id = j.value";

/// Deadlines whose nominal due time is in `[?1, ?2)`; of the tickets open at
/// `?2` (`?3`, JSON ids) due before `?2` and settled after; pending and due
/// before `?2`; and of the complaints registered in the period (`?4`).
/// Status 0 is pending, 3 void (`deadlines::STATUS_NO`, migration 0011).
/// Picked by value, not rowid: the deadlines are a WITHOUT ROWID table
/// (0010_compact); the union drops a row found twice.
pub(crate) const DEADLINE_FACTS: &str = "WITH picked AS (
        SELECT ticket_id, what, round, due_at, paused_secs, status, met_at FROM ticket_deadlines
            WHERE due_at - paused_secs >= ?1 AND due_at - paused_secs < ?2
        UNION
        SELECT d2.ticket_id, d2.what, d2.round, d2.due_at, d2.paused_secs, d2.status, d2.met_at FROM json_each(?4) j
            JOIN ticket_deadlines d2 ON d2.ticket_id = j.value
        UNION
        SELECT ticket_id, what, round, due_at, paused_secs, status, met_at FROM ticket_deadlines INDEXED BY ticket_deadlines_pending_due
            WHERE status = 0 AND due_at < ?2
        UNION
        SELECT d3.ticket_id, d3.what, d3.round, d3.due_at, d3.paused_secs, d3.status, d3.met_at FROM json_each(?3) j
            JOIN ticket_deadlines d3 ON d3.ticket_id = j.value
            WHERE d3.due_at < ?2 AND d3.status <> 0
              AND (d3.status = 3 OR d3.met_at >= ?2))
    SELECT p.ticket_id, p.what, p.round, p.due_at,
        p.paused_secs, p.status, p.met_at,
        CASE WHEN p.status = 0 THEN
            (SELECT max(h.started_at) FROM ticket_holds h
             WHERE h.ticket_id = p.ticket_id AND h.ended_at IS NULL) END
    FROM picked p";

/// Which callbacks a period's facts take: created, reached or finished in
/// `[?1, ?2)`, pending, or of the complaints registered then (`?3`, JSON
/// ids). A macro, so both reads below say it once.
macro_rules! callbacks_of_period {
    () => {
        "WHERE c.id IN (
        SELECT id FROM callbacks WHERE created_at >= ?1 AND created_at < ?2
        UNION
        SELECT id FROM callbacks WHERE finished_at >= ?1 AND finished_at < ?2
        UNION
        SELECT callback_id FROM callback_attempts WHERE at >= ?1 AND at < ?2 AND reached = 1
        UNION
        SELECT id FROM callbacks INDEXED BY callbacks_pending_due WHERE status = 'pending'
        UNION
        SELECT c2.id FROM json_each(?3) j JOIN callbacks c2 ON c2.ticket_id = j.value)"
    };
}

/// Callbacks created, reached or finished in `[?1, ?2)`, pending, or of the
/// complaints registered then (`?3`, JSON ids); with the reached call.
pub(crate) const CALLBACK_FACTS: &str = concat!(
    "SELECT c.id, c.ticket_id, c.reason, c.created_at,
        c.first_due_at, c.due_at, c.status, a.at, c.result, a.timeliness, a.attitude,
        a.workmanship, c.finished_at
    FROM callbacks c
    LEFT JOIN callback_attempts a ON a.callback_id = c.id AND a.reached = 1
    ",
    callbacks_of_period!()
);

/// `CALLBACK_FACTS` with the ticket's unit code last (column 13), for the
/// callbacks screen's line: the only part of the ticket it counts
/// (households reached). Callbacks of a ticket not found are left out, as
/// `callback_facts` leaves them.
pub(crate) const CALLBACK_FACTS_UNIT: &str = concat!(
    "SELECT c.id, c.ticket_id, c.reason, c.created_at,
        c.first_due_at, c.due_at, c.status, a.at, c.result, a.timeliness, a.attitude,
        a.workmanship, c.finished_at, u.code
    FROM callbacks c
    JOIN tickets t ON t.id = c.ticket_id
    LEFT JOIN units u ON u.id = t.unit_id
    LEFT JOIN callback_attempts a ON a.callback_id = c.id AND a.reached = 1
    ",
    callbacks_of_period!()
);

/// Sampling decisions taken in `[?1, ?2)`.
pub(crate) const SAMPLE_FACTS: &str = "SELECT ticket_id, decided_at, selected, basis
    FROM callback_samples WHERE decided_at >= ?1 AND decided_at < ?2";

/// Loans out at some moment of `[?1, ?2)`, or due in it.
pub(crate) const LOAN_FACTS: &str = "SELECT l.id, l.key_id, u.code, l.borrower_type, l.lent_at,
        l.due_at, l.approved_at, l.returned_at
    FROM key_loans l
    JOIN keys k ON k.id = l.key_id
    LEFT JOIN units u ON u.id = k.unit_id
    WHERE l.id IN (
        SELECT id FROM key_loans INDEXED BY key_loans_lent
            WHERE lent_at < ?2 AND (returned_at IS NULL OR returned_at >= ?1)
        UNION
        SELECT id FROM key_loans WHERE due_at >= ?1 AND due_at < ?2)";

/// Emergencies registered in the period (`?1`, JSON ids), or whose record
/// was completed in `[?2, ?3)`; the visit's task tells when the handling
/// first finished and when the visit was made.
pub(crate) const EMERGENCY_FACTS: &str = "SELECT t.id, u.code, er.severity, t.state,
        t.created_at, t.on_scene_at,
        coalesce((SELECT min(c.handled_at) FROM callbacks c
                  WHERE c.ticket_id = t.id AND c.reason = 'emergency_visit'), er.recorded_at),
        t.closed_at,
        (SELECT min(coalesce(a.at, c.finished_at)) FROM callbacks c
            LEFT JOIN callback_attempts a ON a.callback_id = c.id AND a.reached = 1
            WHERE c.ticket_id = t.id AND c.reason = 'emergency_visit' AND c.status = 'done')
    FROM tickets t
    LEFT JOIN units u ON u.id = t.unit_id
    LEFT JOIN emergency_records er ON er.ticket_id = t.id
    WHERE t.id IN (
        SELECT value FROM json_each(?1)
        UNION
        SELECT ticket_id FROM emergency_records WHERE recorded_at >= ?2 AND recorded_at < ?3)";

/// Unit codes and buildings, department codes, by id.
struct Names {
    units: HashMap<i64, (String, Option<u32>)>,
    departments: HashMap<i64, String>,
}

impl Names {
    fn read(cx: &Cx) -> Result<Names> {
        let mut st = cx.prepare_cached("SELECT id, code, building FROM units")?;
        let units = st
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
            .collect::<rusqlite::Result<_>>()?;
        let mut st = cx.prepare_cached("SELECT id, code FROM departments")?;
        let departments = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Names { units, departments })
    }

    /// A ticket of `TICKET_RAW`.
    fn ticket(&self, r: &Row, zone: Tz) -> rusqlite::Result<TicketFact> {
        let unit = r
            .get::<_, Option<i64>>(4)?
            .and_then(|id| self.units.get(&id));
        Ok(TicketFact {
            id: r.get(0)?,
            kind: parse_code(r, 1)?,
            channel: parse_code(r, 2)?,
            category: r.get(3)?,
            unit: unit.map(|u| u.0.clone()),
            building: unit.and_then(|u| u.1),
            department: r
                .get::<_, Option<i64>>(5)?
                .and_then(|id| self.departments.get(&id).cloned()),
            parent: r.get(6)?,
            created_at: at(r, 7, zone)?,
            state: parse_code(r, 8)?,
            ended_at: at_opt(r, 9, zone)?,
            validity: parse_opt_code(r, 10)?,
            developer_defect: r.get(11)?,
            escalated: r.get(12)?,
            reopened: r.get(13)?,
        })
    }
}

fn ticket_fact(r: &Row, cx: &Cx) -> rusqlite::Result<TicketFact> {
    let zone = cx.zone;
    Ok(TicketFact {
        id: r.get(0)?,
        kind: parse_code(r, 1)?,
        channel: parse_code(r, 2)?,
        category: r.get(3)?,
        unit: r.get(4)?,
        building: r.get(5)?,
        department: r.get(6)?,
        parent: r.get(7)?,
        created_at: at(r, 8, zone)?,
        state: parse_code(r, 9)?,
        ended_at: at_opt(r, 10, zone)?,
        validity: parse_opt_code(r, 11)?,
        developer_defect: r.get(12)?,
        escalated: r.get(13)?,
        reopened: r.get(14)?,
    })
}

/// The first instant of the tickets read by registration: the lookback of
/// the scope, or earlier so that every ticket registered before it and open
/// in the period is a long-open one.
fn registered_floor(s: &Scope) -> NaiveDateTime {
    s.lookback_from
        .min(s.from - Duration::seconds(LONG_OPEN_SECS))
}

/// Tickets registered in `[?1, ?2)` of a unit of `?3` (JSON ids) or open
/// at `?4` (not ended before it, or in a state that is not final): the
/// lookback before the building window, where only unit repeats and the
/// tickets open at the period's start matter.
pub(crate) fn tickets_lookback_sql() -> String {
    format!(
        "{TICKET_RAW} WHERE t.created_at >= ?1 AND t.created_at < ?2
           AND (t.unit_id IN (SELECT value FROM json_each(?3))
                OR t.closed_at IS NULL OR t.closed_at >= ?4
                OR t.state NOT IN ('closed', 'cancelled', 'out_of_scope', 'converted'))"
    )
}

fn ticket_facts(cx: &Cx, names: &Names, s: &Scope, narrow: bool) -> Result<Vec<TicketFact>> {
    let floor = cx.epoch(registered_floor(s));
    let near = if narrow {
        cx.epoch(s.near_from.max(registered_floor(s)))
    } else {
        floor
    };
    let mut out = Vec::new();
    // Every ticket from the building window on.
    let mut st = cx.prepare_cached(&tickets_registered_sql())?;
    for row in st.query_map(params![near, cx.epoch(s.to)], |r| names.ticket(r, cx.zone))? {
        out.push(row?);
    }
    // Before it: the units reported in the period, and what was open.
    let units: BTreeSet<&str> = out
        .iter()
        .filter(|t| s.from <= t.created_at)
        .filter_map(|t| t.unit.as_deref())
        .collect();
    let unit_ids = json_ids(
        names
            .units
            .iter()
            .filter(|(_, (code, _))| units.contains(code.as_str()))
            .map(|(id, _)| *id),
    );
    let mut st = cx.prepare_cached(&tickets_lookback_sql())?;
    let rows = st.query_map(params![floor, near, unit_ids, cx.epoch(s.from)], |r| {
        names.ticket(r, cx.zone)
    })?;
    let mut before = Vec::new();
    for row in rows {
        before.push(row?);
    }
    let mut st = cx.prepare_cached(&tickets_long_open_sql())?;
    for row in st.query_map(params![floor, cx.epoch(s.from)], |r| {
        names.ticket(r, cx.zone)
    })? {
        before.push(row?);
    }
    before.append(&mut out);
    Ok(before)
}

fn json_ids(ids: impl IntoIterator<Item = i64>) -> String {
    let v: Vec<i64> = ids.into_iter().collect();
    serde_json::to_string(&v).unwrap_or_else(|_| "[]".into())
}

/// The period's tickets by id, and those read on demand for deadlines and
/// callbacks of other tickets.
struct Tickets<'a> {
    read: HashMap<i64, &'a TicketFact>,
    more: HashMap<i64, TicketFact>,
}

impl<'a> Tickets<'a> {
    fn new(tickets: &'a [TicketFact]) -> Self {
        Tickets {
            read: tickets.iter().map(|t| (t.id, t)).collect(),
            more: HashMap::new(),
        }
    }
    /// Read the tickets of `ids` not known yet.
    fn fetch(&mut self, cx: &Cx, names: &Names, ids: impl Iterator<Item = i64>) -> Result<()> {
        let missing: BTreeSet<i64> = ids
            .filter(|id| !self.read.contains_key(id) && !self.more.contains_key(id))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let mut st = cx.prepare_cached(TICKETS_BY_ID)?;
        let rows = st.query_map([json_ids(missing)], |r| names.ticket(r, cx.zone))?;
        for t in rows {
            let t = t?;
            self.more.insert(t.id, t);
        }
        Ok(())
    }
    fn get(&self, id: i64) -> Option<&TicketFact> {
        self.read.get(&id).copied().or_else(|| self.more.get(&id))
    }
}

/// A deadline row before its ticket's parts are filled in.
struct RawDeadline {
    ticket_id: i64,
    what: crate::domain::deadline::What,
    round: u32,
    due_at: NaiveDateTime,
    paused_secs: i64,
    status: DeadlineStatus,
    met_at: Option<NaiveDateTime>,
    held_since: Option<NaiveDateTime>,
}

fn deadline_facts(
    cx: &Cx,
    names: &Names,
    tickets: &mut Tickets,
    s: &Scope,
    open_at_end: &str,
    complaints: &str,
) -> Result<Vec<DeadlineFact>> {
    let z = cx.zone;
    let mut st = cx.prepare_cached(DEADLINE_FACTS)?;
    let rows = st.query_map(
        params![cx.epoch(s.from), cx.epoch(s.to), open_at_end, complaints],
        |r| {
            Ok(RawDeadline {
                ticket_id: r.get(0)?,
                what: super::deadlines::what_at(r, 1)?,
                round: r.get(2)?,
                due_at: at(r, 3, z)?,
                paused_secs: r.get(4)?,
                status: super::deadlines::status_at(r, 5)?,
                met_at: at_opt(r, 6, z)?,
                held_since: at_opt(r, 7, z)?,
            })
        },
    )?;
    let raw: Vec<RawDeadline> = rows.collect::<rusqlite::Result<_>>()?;
    tickets.fetch(cx, names, raw.iter().map(|d| d.ticket_id))?;
    Ok(raw
        .into_iter()
        .filter_map(|d| {
            let t = tickets.get(d.ticket_id)?;
            Some(DeadlineFact {
                ticket_id: d.ticket_id,
                kind: t.kind,
                unit: t.unit.clone(),
                department: t.department.clone(),
                what: d.what,
                round: d.round,
                due_at: d.due_at,
                paused_secs: d.paused_secs,
                status: d.status,
                // A void row was settled by the step that ended its ticket.
                settled_at: match d.status {
                    DeadlineStatus::Void => t.ended_at,
                    _ => d.met_at,
                },
                held_since: d.held_since,
            })
        })
        .collect())
}

fn callback_facts(
    cx: &Cx,
    names: &Names,
    tickets: &mut Tickets,
    s: &Scope,
    complaints: &str,
) -> Result<Vec<CallbackFact>> {
    let mut out = callback_rows(cx, s, complaints)?;
    tickets.fetch(cx, names, out.iter().map(|c| c.ticket_id))?;
    out.retain_mut(|c| match tickets.get(c.ticket_id) {
        Some(t) => {
            c.kind = t.kind;
            c.unit = t.unit.clone();
            c.department = t.department.clone();
            c.category = t.category.clone();
            true
        }
        None => false,
    });
    Ok(out)
}

/// The callbacks of `s` with only their ticket's unit filled in: all the
/// month's figures line counts of a ticket (households reached). Reading
/// each ticket whole for it, as the report does, held 15 MB on the loader
/// at sign-in on a 1,000,000-ticket site (issue 15: < 40 MB); the unit code
/// comes with each row (`CALLBACK_FACTS_UNIT`), without a map of units or
/// of tickets beside the rows (3.8 MB more there).
fn callback_facts_units(cx: &Cx, s: &Scope, complaints: &str) -> Result<Vec<CallbackFact>> {
    let z = cx.zone;
    let mut st = cx.prepare_cached(CALLBACK_FACTS_UNIT)?;
    let mut rows = st.query(params![cx.epoch(s.from), cx.epoch(s.to), complaints])?;
    let mut out: Vec<CallbackFact> = Vec::new();
    while let Some(r) = rows.next()? {
        grow_by_a_quarter(&mut out);
        let mut c = callback_fact(r, z)?;
        c.unit = r.get(13)?;
        out.push(c);
    }
    Ok(out)
}

/// Room for one more row, grown by a quarter (at least 1,024 rows) instead
/// of doubled: 40,000 callbacks of 160 bytes on a 1,000,000-ticket site
/// grew to room for 65,536 (10.5 MB) at the peak of sign-in. Large blocks
/// are mapped (`memory::tune`), so growing one moves no bytes.
fn grow_by_a_quarter<T>(v: &mut Vec<T>) {
    if v.len() == v.capacity() {
        v.reserve_exact((v.len() / 4).max(1024));
    }
}

/// One row of `CALLBACK_FACTS` (or `CALLBACK_FACTS_UNIT`), its ticket's
/// parts blank.
fn callback_fact(r: &Row, z: Tz) -> rusqlite::Result<CallbackFact> {
    Ok(CallbackFact {
        id: r.get(0)?,
        ticket_id: r.get(1)?,
        kind: crate::domain::Kind::Repair,
        unit: None,
        department: None,
        category: String::new(),
        reason: parse_code(r, 2)?,
        created_at: at(r, 3, z)?,
        first_due_at: at(r, 4, z)?,
        due_at: at(r, 5, z)?,
        status: parse_code(r, 6)?,
        reached_at: at_opt(r, 7, z)?,
        verdict: parse_opt_code(r, 8)?,
        timeliness: parse_opt_code(r, 9)?,
        attitude: parse_opt_code(r, 10)?,
        workmanship: parse_opt_code(r, 11)?,
        finished_at: at_opt(r, 12, z)?,
    })
}

/// The callbacks of `s` as read, their ticket's parts blank.
fn callback_rows(cx: &Cx, s: &Scope, complaints: &str) -> Result<Vec<CallbackFact>> {
    let z = cx.zone;
    let mut st = cx.prepare_cached(CALLBACK_FACTS)?;
    let rows = st.query_map(params![cx.epoch(s.from), cx.epoch(s.to), complaints], |r| {
        callback_fact(r, z)
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn sample_facts(cx: &Cx, s: &Scope) -> Result<Vec<SampleFact>> {
    let z = cx.zone;
    let mut st = cx.prepare_cached(SAMPLE_FACTS)?;
    let rows = st.query_map(params![cx.epoch(s.from), cx.epoch(s.to)], |r| {
        Ok(SampleFact {
            ticket_id: r.get(0)?,
            decided_at: at(r, 1, z)?,
            selected: r.get(2)?,
            basis: parse_code(r, 3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn loan_facts(cx: &Cx, s: &Scope) -> Result<Vec<LoanFact>> {
    let z = cx.zone;
    let mut st = cx.prepare_cached(LOAN_FACTS)?;
    let rows = st.query_map(params![cx.epoch(s.from), cx.epoch(s.to)], |r| {
        Ok(LoanFact {
            id: r.get(0)?,
            key_id: r.get(1)?,
            unit: r.get(2)?,
            borrower: parse_code(r, 3)?,
            lent_at: at(r, 4, z)?,
            due_at: at(r, 5, z)?,
            approved_at: at_opt(r, 6, z)?,
            returned_at: at_opt(r, 7, z)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn emergency_facts(cx: &Cx, s: &Scope, registered: &str) -> Result<Vec<EmergencyFact>> {
    let z = cx.zone;
    let mut st = cx.prepare_cached(EMERGENCY_FACTS)?;
    let rows = st.query_map(
        params![registered, cx.epoch(s.follow_up_from), cx.epoch(s.to)],
        |r| {
            Ok(EmergencyFact {
                ticket_id: r.get(0)?,
                unit: r.get(1)?,
                severity: parse_opt_code(r, 2)?,
                state: parse_code(r, 3)?,
                registered_at: at(r, 4, z)?,
                on_scene_at: at_opt(r, 5, z)?,
                recorded_at: at_opt(r, 6, z)?,
                closed_at: at_opt(r, 7, z)?,
                follow_up_at: at_opt(r, 8, z)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Ids of the tickets of `kind` registered in the scope's period.
fn registered_ids(tickets: &[TicketFact], s: &Scope, kind: crate::domain::Kind) -> String {
    json_ids(
        tickets
            .iter()
            .filter(|t| t.kind == kind && s.from <= t.created_at && t.created_at < s.to)
            .map(|t| t.id),
    )
}

impl Store {
    fn ticket_fact(&self, r: &Row) -> rusqlite::Result<TicketFact> {
        ticket_fact(r, &self.cx())
    }

    /// A unit's tickets registered since `since` (intake's repeat warning).
    pub fn unit_ticket_facts(&self, unit_id: i64, since: NaiveDateTime) -> Result<Vec<TicketFact>> {
        let mut st = self.conn.prepare_cached(&format!(
            "{TICKET_COLUMNS} {TICKET_JOINS}
             WHERE t.unit_id = ?1 AND t.created_at >= ?2 ORDER BY t.id"
        ))?;
        let since = self.cx().epoch(since);
        let rows = st.query_map(rusqlite::params![unit_id, since], |r| self.ticket_fact(r))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The site's figure settings: defaults with the targets and the
    /// emergency visit days of `[callbacks]`.
    pub fn figure_rules(&self) -> FigureRules {
        FigureRules::from_callbacks(&self.rules().callbacks)
    }

    /// Every fact `scope` asks for, read in one transaction: tickets,
    /// deadlines, callbacks, sampling decisions, key loans and emergencies.
    pub fn figure_facts(&self, scope: &Scope) -> Result<Facts> {
        self.facts_of(scope, true)
    }

    /// As [`Store::figure_facts`], with every ticket of the lookback read
    /// (not only the period's units and what was open): slower, for
    /// checking that the narrow read changes no figure.
    pub fn figure_facts_unnarrowed(&self, scope: &Scope) -> Result<Facts> {
        self.facts_of(scope, false)
    }

    fn facts_of(&self, scope: &Scope, narrow: bool) -> Result<Facts> {
        use crate::domain::Kind;
        let tx = self.conn.unchecked_transaction()?;
        let cx = Cx::new(&tx, self.zone);
        let names = Names::read(&cx)?;
        let tickets = ticket_facts(&cx, &names, scope, narrow)?;
        let open_at_end = json_ids(tickets.iter().filter(|t| t.open_at(scope.to)).map(|t| t.id));
        let complaints = registered_ids(&tickets, scope, Kind::Complaint);
        let emergencies = registered_ids(&tickets, scope, Kind::Emergency);
        let mut by_id = Tickets::new(&tickets);
        let deadlines = deadline_facts(&cx, &names, &mut by_id, scope, &open_at_end, &complaints)?;
        let callbacks = callback_facts(&cx, &names, &mut by_id, scope, &complaints)?;
        drop(by_id);
        let facts = Facts {
            deadlines,
            callbacks,
            samples: sample_facts(&cx, scope)?,
            loans: loan_facts(&cx, scope)?,
            emergencies: emergency_facts(&cx, scope, &emergencies)?,
            tickets,
        };
        tx.commit()?;
        Ok(facts)
    }

    /// The facts of period `p` under the site's rules.
    pub fn period_facts(&self, p: &Period) -> Result<Facts> {
        self.figure_facts(&scope(p, &self.figure_rules()))
    }

    /// 日工作统计表 of `p` (meant for `Period::day`), as of `as_of`.
    pub fn daily_sheet(&self, p: &Period, as_of: NaiveDateTime) -> Result<DailySheet> {
        let facts = self.period_facts(p)?;
        Ok(figures::daily(p, &facts, &self.figure_rules(), as_of))
    }

    /// 周报表 of `p` (meant for `Period::week_of`).
    pub fn weekly_report(&self, p: &Period, as_of: NaiveDateTime) -> Result<WeeklyReport> {
        let facts = self.period_facts(p)?;
        Ok(figures::weekly(p, &facts, &self.figure_rules(), as_of))
    }

    /// The month's report with the 投诉数据汇总表 (any period works: a custom
    /// range gets the same sections).
    pub fn monthly_report(&self, p: &Period, as_of: NaiveDateTime) -> Result<MonthlyReport> {
        let facts = self.period_facts(p)?;
        Ok(figures::monthly(p, &facts, &self.figure_rules(), as_of))
    }

    /// The callback screen's line for month `p` from the same facts as the
    /// reports (`figures::callbacks::month_counts`).
    pub fn callback_figures_of(&self, p: &Period, as_of: NaiveDateTime) -> Result<Figures> {
        let s = scope(p, &self.figure_rules());
        let tx = self.conn.unchecked_transaction()?;
        let cx = Cx::new(&tx, self.zone);
        // The line counts complaint callbacks by when they were created:
        // those of the month's complaints are among them.
        let cbs = callback_facts_units(&cx, &s, "[]")?;
        let samples = sample_facts(&cx, &s)?;
        tx.commit()?;
        let counts = figures::callbacks::month_counts(p, &cbs, &samples, as_of);
        Ok(Figures::new(
            callback::month_key(p.from()),
            counts,
            &self.rules().callbacks,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every plan line of `sql` (with placeholder arguments).
    fn plan(store: &Store, sql: &str, args: &[&dyn rusqlite::ToSql]) -> Vec<String> {
        let mut st = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .expect("prepare");
        let rows = st.query_map(args, |r| r.get::<_, String>(3)).expect("plan");
        rows.map(|r| r.expect("row")).collect()
    }

    /// Indexes with a WHERE clause: walking one reads only its rows (pending
    /// tasks, deadlines still running), never the table.
    fn partial_indexes(store: &Store) -> Vec<String> {
        let mut st = store
            .conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '% WHERE %'")
            .expect("prepare");
        let rows = st.query_map([], |r| r.get(0)).expect("query");
        rows.map(|r| r.expect("row")).collect()
    }

    /// The monthly report's reads on a large table go by index ranges: a
    /// plan line `SCAN tickets` (or an alias of it, or a whole index of it)
    /// fails, naming the query. A scan of a partial index is allowed.
    #[test]
    fn the_monthly_queries_never_scan_a_big_table() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::create(
            &dir.path().join("t.db"),
            false,
            crate::domain::time::DEFAULT_ZONE,
        )
        .expect("create");
        // No statistics (as on a site that never ran ANALYZE): the planner
        // then assumes large tables, as a site three years old has.
        let partial = partial_indexes(&store);
        assert!(partial.iter().any(|p| p == "tickets_long_open"));
        let p = Period::month(2026, 11).expect("month");
        let s = scope(&p, &FigureRules::default());
        let cx = store.cx();
        let (from, to, floor, back) = (
            cx.epoch(s.from),
            cx.epoch(s.to),
            cx.epoch(registered_floor(&s)),
            cx.epoch(s.follow_up_from),
        );
        let ids = "[1,2,3]".to_string();
        let queries: Vec<(&str, String, Vec<&dyn rusqlite::ToSql>)> = vec![
            (
                "tickets registered",
                tickets_registered_sql(),
                vec![&floor, &to],
            ),
            (
                "tickets lookback",
                tickets_lookback_sql(),
                vec![&floor, &from, &ids, &from],
            ),
            (
                "tickets long open",
                tickets_long_open_sql(),
                vec![&floor, &from],
            ),
            ("tickets by id", TICKETS_BY_ID.into(), vec![&ids]),
            (
                "deadlines",
                DEADLINE_FACTS.into(),
                vec![&from, &to, &ids, &ids],
            ),
            ("callbacks", CALLBACK_FACTS.into(), vec![&from, &to, &ids]),
            (
                "callbacks with units",
                CALLBACK_FACTS_UNIT.into(),
                vec![&from, &to, &ids],
            ),
            ("samples", SAMPLE_FACTS.into(), vec![&from, &to]),
            ("loans", LOAN_FACTS.into(), vec![&from, &to]),
            (
                "emergencies",
                EMERGENCY_FACTS.into(),
                vec![&ids, &back, &to],
            ),
        ];
        // Table names and the aliases the queries give them.
        let big = [
            ("tickets", &["t", "t2", "tickets"][..]),
            (
                "ticket_deadlines",
                &["d", "d2", "d3", "ticket_deadlines"][..],
            ),
            ("ticket_events", &["e", "ticket_events"][..]),
            ("callbacks", &["c", "c2", "callbacks"][..]),
        ];
        let mut bad = Vec::new();
        for (name, sql, args) in &queries {
            let lines = plan(&store, sql, args);
            if std::env::var_os("SHOW_PLANS").is_some() {
                eprintln!("{name}:\n  {}", lines.join("\n  "));
            }
            for line in lines {
                let Some(rest) = line.strip_prefix("SCAN ") else {
                    continue;
                };
                let mut words = rest.split_whitespace();
                let target = words.next().unwrap_or("");
                let via_partial = rest
                    .split("INDEX ")
                    .nth(1)
                    .and_then(|i| i.split_whitespace().next())
                    .is_some_and(|i| partial.iter().any(|p| p == i));
                let is_big = big.iter().any(|(_, aliases)| aliases.contains(&target));
                if is_big && !via_partial {
                    bad.push(format!("{name}: {line}"));
                }
            }
        }
        assert!(bad.is_empty(), "full scans:\n{}", bad.join("\n"));
    }
}
