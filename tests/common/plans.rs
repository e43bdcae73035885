//! EXPLAIN QUERY PLAN over the statements the program really runs (traced
//! on its connection): none may read the large tables — tickets, their
//! audit trail, their deadlines — from end to end.

use frontdesk::store::Store;
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

/// The tables a site grows without bound, by ticket.
pub const LARGE: &[&str] = &["tickets", "ticket_events", "ticket_deadlines"];

/// Indexes that hold only the rows still running: scanning one costs what
/// is open, not the history.
const PARTIAL_OK: &[&str] = &["ticket_deadlines_pending_due", "ticket_deadlines_pending"];

/// Record every statement `store` runs from now on.
pub fn trace(store: &mut Store) -> Arc<Mutex<BTreeSet<String>>> {
    let seen = Arc::new(Mutex::new(BTreeSet::new()));
    let sink = Arc::clone(&seen);
    store
        .trace_statements(Some(Box::new(move |sql: &str| {
            let sql = sql.trim();
            // A trigger's body is reported as a comment; PRAGMAs have no plan.
            if !sql.starts_with("--") && !sql.to_ascii_uppercase().starts_with("PRAGMA") {
                if let Ok(mut s) = sink.lock() {
                    s.insert(sql.to_string());
                }
            }
        })))
        .expect("trace");
    seen
}

/// The aliases a statement gives each large table (and the names themselves).
fn aliases(sql: &str) -> Vec<(String, &'static str)> {
    let words: Vec<&str> = sql
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')' || c == ';')
        .filter(|w| !w.is_empty())
        .collect();
    let keyword = |w: &str| {
        matches!(
            w.to_ascii_uppercase().as_str(),
            "WHERE"
                | "JOIN"
                | "LEFT"
                | "INNER"
                | "CROSS"
                | "ON"
                | "ORDER"
                | "GROUP"
                | "SET"
                | "VALUES"
                | "LIMIT"
                | "UNION"
                | "USING"
                | "INDEXED"
                | "NOT"
                | "AND"
                | "OR"
                | "SELECT"
                | "FROM"
                | "AS"
                | "DEFAULT"
                | "RETURNING"
        )
    };
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let w = w.trim_start_matches("main.");
        if let Some(t) = LARGE.iter().find(|t| **t == w) {
            out.push((t.to_string(), *t));
            let mut j = i + 1;
            if words.get(j).is_some_and(|n| n.eq_ignore_ascii_case("AS")) {
                j += 1;
            }
            if let Some(a) = words.get(j).filter(|a| !keyword(a)) {
                out.push((a.to_string(), *t));
            }
        }
    }
    out
}

/// Full scans of a large table in `sqls`: (statement, plan line).
pub fn full_scans(store: &Store, sqls: &BTreeSet<String>) -> Vec<(String, String)> {
    let mut bad = Vec::new();
    for sql in sqls {
        let names = aliases(sql);
        if names.is_empty() {
            continue;
        }
        let Ok(mut st) = store.conn().prepare(&format!("EXPLAIN QUERY PLAN {sql}")) else {
            continue;
        };
        let n = st.parameter_count();
        let nulls: Vec<rusqlite::types::Value> = vec![rusqlite::types::Value::Null; n];
        let Ok(rows) = st.query_map(rusqlite::params_from_iter(nulls), |r| r.get::<_, String>(3))
        else {
            continue;
        };
        for detail in rows.flatten() {
            let Some(rest) = detail.strip_prefix("SCAN ") else {
                continue;
            };
            let target = rest.split_whitespace().next().unwrap_or("");
            if !names.iter().any(|(a, _)| a == target) {
                continue;
            }
            if PARTIAL_OK
                .iter()
                .any(|i| rest.contains(&format!("INDEX {i}")))
            {
                continue;
            }
            bad.push((sql.clone(), detail.clone()));
        }
    }
    bad
}

/// Every index a plan of `sqls` uses.
pub fn indexes_used(store: &Store, sqls: &BTreeSet<String>) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for sql in sqls {
        let Ok(mut st) = store.conn().prepare(&format!("EXPLAIN QUERY PLAN {sql}")) else {
            continue;
        };
        let n = st.parameter_count();
        let nulls: Vec<rusqlite::types::Value> = vec![rusqlite::types::Value::Null; n];
        let Ok(rows) = st.query_map(rusqlite::params_from_iter(nulls), |r| r.get::<_, String>(3))
        else {
            continue;
        };
        for d in rows.flatten() {
            if let Some(i) = d.split(" INDEX ").nth(1) {
                used.insert(i.split_whitespace().next().unwrap_or("").to_string());
            }
        }
    }
    used
}
