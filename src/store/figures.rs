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
use crate::domain::figures::facts::{
    CallbackFact, DeadlineFact, EmergencyFact, LoanFact, SampleFact, Scope, TicketFact,
};
use crate::domain::figures::{
    self, scope, DailySheet, Facts, FigureRules, MonthlyReport, Period, WeeklyReport,
};
use chrono::{Duration, NaiveDateTime};
use rusqlite::{params, Row};

/// Tickets registered this long before a period and still open in it are
/// read through the partial index `tickets_long_open` (0006_figures.sql
/// holds the same number).
pub const LONG_OPEN_SECS: i64 = 2_592_000;

const TICKET_COLUMNS: &str = "SELECT t.id, t.kind, t.channel, t.category, u.code, u.building,
        d.code, t.parent_id, t.created_at, t.state, t.closed_at, t.validity,
        t.developer_defect, t.escalated_to IS NOT NULL, t.reopen_count
    FROM tickets t";
const TICKET_JOINS: &str = "LEFT JOIN units u ON u.id = t.unit_id
    LEFT JOIN departments d ON d.id = t.department_id";
/// Tickets registered in `[?1, ?2)`.
fn tickets_registered_sql() -> String {
    format!("{TICKET_COLUMNS} {TICKET_JOINS} WHERE t.created_at >= ?1 AND t.created_at < ?2")
}

/// Tickets registered before `?1` and not ended before `?2`: open for longer
/// than `LONG_OPEN_SECS` when `?2 - ?1` is at least that (the WHERE of the
/// partial index, repeated word for word so SQLite uses it).
fn tickets_long_open_sql() -> String {
    format!(
        "{TICKET_COLUMNS} INDEXED BY tickets_long_open {TICKET_JOINS}
         WHERE (t.closed_at IS NULL OR t.closed_at - t.created_at > 2592000)
           AND t.created_at < ?1 AND (t.closed_at IS NULL OR t.closed_at >= ?2)"
    )
}

/// Deadlines whose nominal due time is in `[?1, ?2)`; of complaints
/// registered then; pending and due before `?2`; and of the tickets open at
/// `?2` (`?3`, a JSON list of ids), due before `?2` and settled after.
pub(crate) const DEADLINE_FACTS: &str = "SELECT d.ticket_id, t.kind, u.code, dp.code, d.what,
        d.round, d.due_at, d.paused_secs, d.status,
        CASE d.status WHEN 'void' THEN t.closed_at ELSE d.met_at END,
        CASE WHEN d.status = 'pending' THEN
            (SELECT max(h.started_at) FROM ticket_holds h
             WHERE h.ticket_id = d.ticket_id AND h.ended_at IS NULL) END
    FROM ticket_deadlines d
    JOIN tickets t ON t.id = d.ticket_id
    LEFT JOIN units u ON u.id = t.unit_id
    LEFT JOIN departments dp ON dp.id = t.department_id
    WHERE d.rowid IN (
        SELECT rowid FROM ticket_deadlines
            WHERE due_at - paused_secs >= ?1 AND due_at - paused_secs < ?2
        UNION
        SELECT d2.rowid FROM tickets t2 JOIN ticket_deadlines d2 ON d2.ticket_id = t2.id
            WHERE t2.created_at >= ?1 AND t2.created_at < ?2 AND t2.kind = 'complaint'
        UNION
        SELECT rowid FROM ticket_deadlines INDEXED BY ticket_deadlines_pending_due
            WHERE status = 'pending' AND due_at < ?2
        UNION
        SELECT d3.rowid FROM json_each(?3) j
            JOIN ticket_deadlines d3 ON d3.ticket_id = j.value
            WHERE d3.due_at < ?2 AND d3.status <> 'pending'
              AND (d3.status = 'void' OR d3.met_at >= ?2))";

/// Callbacks created, reached or finished in `[?1, ?2)`, pending, or of a
/// complaint registered then; with the reached call.
pub(crate) const CALLBACK_FACTS: &str = "SELECT c.id, c.ticket_id, t.kind, u.code, dp.code,
        t.category, c.reason, c.created_at, c.first_due_at, c.due_at, c.status, a.at, c.result,
        a.timeliness, a.attitude, a.workmanship, c.finished_at
    FROM callbacks c
    JOIN tickets t ON t.id = c.ticket_id
    LEFT JOIN units u ON u.id = t.unit_id
    LEFT JOIN departments dp ON dp.id = t.department_id
    LEFT JOIN callback_attempts a ON a.callback_id = c.id AND a.reached = 1
    WHERE c.id IN (
        SELECT id FROM callbacks WHERE created_at >= ?1 AND created_at < ?2
        UNION
        SELECT id FROM callbacks WHERE finished_at >= ?1 AND finished_at < ?2
        UNION
        SELECT callback_id FROM callback_attempts WHERE at >= ?1 AND at < ?2 AND reached = 1
        UNION
        SELECT id FROM callbacks INDEXED BY callbacks_pending_due WHERE status = 'pending'
        UNION
        SELECT c2.id FROM tickets t2 JOIN callbacks c2 ON c2.ticket_id = t2.id
            WHERE t2.created_at >= ?1 AND t2.created_at < ?2 AND t2.kind = 'complaint')";

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

/// Emergencies registered in `[?1, ?2)`, or whose record was completed in
/// `[?3, ?2)`; the visit's task tells when the handling first finished and
/// when the visit was made.
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
        SELECT id FROM tickets
            WHERE created_at >= ?1 AND created_at < ?2 AND kind = 'emergency'
        UNION
        SELECT ticket_id FROM emergency_records WHERE recorded_at >= ?3 AND recorded_at < ?2)";

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

fn ticket_facts(cx: &Cx, s: &Scope) -> Result<Vec<TicketFact>> {
    let floor = cx.epoch(registered_floor(s));
    let mut out = Vec::new();
    for (sql, a, b) in [
        (tickets_registered_sql(), floor, cx.epoch(s.to)),
        (tickets_long_open_sql(), floor, cx.epoch(s.from)),
    ] {
        let mut st = cx.prepare_cached(&sql)?;
        let rows = st.query_map(params![a, b], |r| ticket_fact(r, cx))?;
        for row in rows {
            out.push(row?);
        }
    }
    Ok(out)
}

fn deadline_facts(cx: &Cx, s: &Scope, open_at_end: &[i64]) -> Result<Vec<DeadlineFact>> {
    let z = cx.zone;
    let ids = serde_json::to_string(open_at_end).unwrap_or_else(|_| "[]".into());
    let mut st = cx.prepare_cached(DEADLINE_FACTS)?;
    let rows = st.query_map(params![cx.epoch(s.from), cx.epoch(s.to), ids], |r| {
        Ok(DeadlineFact {
            ticket_id: r.get(0)?,
            kind: parse_code(r, 1)?,
            unit: r.get(2)?,
            department: r.get(3)?,
            what: parse_code(r, 4)?,
            round: r.get(5)?,
            due_at: at(r, 6, z)?,
            paused_secs: r.get(7)?,
            status: parse_code(r, 8)?,
            settled_at: at_opt(r, 9, z)?,
            held_since: at_opt(r, 10, z)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn callback_facts(cx: &Cx, s: &Scope) -> Result<Vec<CallbackFact>> {
    let z = cx.zone;
    let mut st = cx.prepare_cached(CALLBACK_FACTS)?;
    let rows = st.query_map(params![cx.epoch(s.from), cx.epoch(s.to)], |r| {
        Ok(CallbackFact {
            id: r.get(0)?,
            ticket_id: r.get(1)?,
            kind: parse_code(r, 2)?,
            unit: r.get(3)?,
            department: r.get(4)?,
            category: r.get(5)?,
            reason: parse_code(r, 6)?,
            created_at: at(r, 7, z)?,
            first_due_at: at(r, 8, z)?,
            due_at: at(r, 9, z)?,
            status: parse_code(r, 10)?,
            reached_at: at_opt(r, 11, z)?,
            verdict: parse_opt_code(r, 12)?,
            timeliness: parse_opt_code(r, 13)?,
            attitude: parse_opt_code(r, 14)?,
            workmanship: parse_opt_code(r, 15)?,
            finished_at: at_opt(r, 16, z)?,
        })
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

fn emergency_facts(cx: &Cx, s: &Scope) -> Result<Vec<EmergencyFact>> {
    let z = cx.zone;
    let mut st = cx.prepare_cached(EMERGENCY_FACTS)?;
    let rows = st.query_map(
        params![cx.epoch(s.from), cx.epoch(s.to), cx.epoch(s.follow_up_from)],
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
        FigureRules::from_callbacks(&self.rules.callbacks)
    }

    /// Every fact `scope` asks for, read in one transaction: tickets,
    /// deadlines, callbacks, sampling decisions, key loans and emergencies.
    pub fn figure_facts(&self, scope: &Scope) -> Result<Facts> {
        let tx = self.conn.unchecked_transaction()?;
        let cx = Cx::new(&tx, self.zone);
        let tickets = ticket_facts(&cx, scope)?;
        let open_at_end: Vec<i64> = tickets
            .iter()
            .filter(|t| t.open_at(scope.to))
            .map(|t| t.id)
            .collect();
        let facts = Facts {
            deadlines: deadline_facts(&cx, scope, &open_at_end)?,
            callbacks: callback_facts(&cx, scope)?,
            samples: sample_facts(&cx, scope)?,
            loans: loan_facts(&cx, scope)?,
            emergencies: emergency_facts(&cx, scope)?,
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
        let cbs = callback_facts(&cx, &s)?;
        let samples = sample_facts(&cx, &s)?;
        tx.commit()?;
        let counts = figures::callbacks::month_counts(p, &cbs, &samples, as_of);
        Ok(Figures::new(
            callback::month_key(p.from()),
            counts,
            &self.rules.callbacks,
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
                "tickets long open",
                tickets_long_open_sql(),
                vec![&floor, &from],
            ),
            ("deadlines", DEADLINE_FACTS.into(), vec![&from, &to, &ids]),
            ("callbacks", CALLBACK_FACTS.into(), vec![&from, &to]),
            ("samples", SAMPLE_FACTS.into(), vec![&from, &to]),
            ("loans", LOAN_FACTS.into(), vec![&from, &to]),
            (
                "emergencies",
                EMERGENCY_FACTS.into(),
                vec![&from, &to, &back],
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
