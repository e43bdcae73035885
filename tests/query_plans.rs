//! The screens' reads never walk a large table from end to end: every
//! statement the interface runs while an operator goes through all screens,
//! looks a unit up and opens a ticket is traced on its connection, and its
//! EXPLAIN QUERY PLAN may not SCAN tickets, ticket_events or
//! ticket_deadlines (the pending-deadline partial indexes excepted: they
//! hold what is running, not the history). Checked twice: on a database
//! without statistics (the planner assumes big tables) and after ANALYZE.

mod common;

use common::plans;
use common::*;
use frontdesk::clock::Clock;
use frontdesk::domain::State;
use frontdesk::i18n::Lang;
use frontdesk::store::tickets::Filter;
use frontdesk::tui::app::App;
use frontdesk::tui::keymap::Keymap;
use frontdesk::tui::screens::ScreenId;
use ratatui::crossterm::event::KeyCode;
use std::collections::{BTreeMap, BTreeSet};

/// Everything an operator's session reads on `db`, as statements.
fn session_statements(db: &Db) -> BTreeSet<String> {
    let mut store = db.reopen();
    let seen = plans::trace(&mut store);
    // The store's own reads behind the screens and the CLI's lookups.
    let unit = store.resolve_unit("3-2-1201").expect("unit");
    let file = store.unit_file(unit).expect("unit file");
    let open = store
        .list_tickets(&Filter {
            open_only: true,
            ..Default::default()
        })
        .expect("open");
    store.running_deadlines().expect("running");
    if let Some(t) = file.tickets.first().or(open.first()) {
        store.ticket(t.id).expect("ticket");
        store.events(t.id).expect("events");
        store.callbacks_of_ticket(t.id).expect("callbacks");
    }
    let me = actor(&store, "张敏");
    let keymap = Keymap::new(&BTreeMap::new()).expect("keymap");
    let mut app = App::new(
        store,
        Clock::Fixed(now()),
        Lang::Zh,
        keymap,
        "阳光花园".into(),
        Some(me),
    );
    for id in ScreenId::ALL {
        app.go(*id);
        render(&mut app, 80, 24);
    }
    app.go(ScreenId::Dispatch);
    render(&mut app, 80, 24);
    press(&mut app, &[key(KeyCode::Down), key(KeyCode::Enter)]);
    render(&mut app, 80, 24);
    app.go(ScreenId::Lookup);
    type_text(&mut app, "3-2-1201");
    render(&mut app, 80, 24);
    app.go(ScreenId::Lookup);
    type_text(&mut app, "1201");
    render(&mut app, 80, 24);
    drop(app);
    let out = seen.lock().expect("statements").clone();
    out
}

fn assert_no_full_scans(db: &Db, what: &str) {
    let sqls = session_statements(db);
    assert!(
        sqls.iter().any(|s| s.contains("FROM tickets")),
        "the trace saw the ticket reads: {sqls:?}"
    );
    let bad = plans::full_scans(&db.store, &sqls);
    assert!(
        bad.is_empty(),
        "{what}: full scans of a large table:\n{}",
        bad.iter()
            .map(|(sql, plan)| format!(
                "{plan}\n    in: {}",
                sql.split_whitespace().collect::<Vec<_>>().join(" ")
            ))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn screens_never_scan_the_large_tables_without_statistics() {
    let db = demo_db();
    assert_no_full_scans(&db, "no statistics");
}

/// A site with a history: the demo plus 20,000 closed tickets with their
/// audit rows and met deadlines, as the statistics of a real site say.
fn with_history(db: &Db) {
    db.store
        .conn()
        .execute_batch(
            "BEGIN;
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
             INSERT INTO tickets (kind, state, unit_id, channel, reporter, description, owner_id,
                 created_at, updated_at, updated_by, closed_at)
             SELECT 'repair', 'closed', (SELECT min(id) FROM units) + i % 300, 'phone', '业主',
                 '厨房水龙头漏水', (SELECT min(id) FROM staff), 1700000000 + i * 3000,
                 1700000000 + i * 3000 + 7200, (SELECT min(id) FROM staff),
                 1700000000 + i * 3000 + 7200
             FROM n;
             INSERT INTO ticket_events (ticket_id, at, actor_id, action, from_state, to_state)
             SELECT id, created_at, owner_id, (SELECT id FROM ticket_codes WHERE code = 'create'),
                 NULL, (SELECT id FROM ticket_codes WHERE code = 'registered') FROM tickets
             WHERE state = 'closed' AND description = '厨房水龙头漏水' AND created_at >= 1700000000;
             INSERT INTO ticket_deadlines (ticket_id, what, due_at, met_at, status)
             SELECT id, 5, created_at + 21600, closed_at, 1 FROM tickets -- finish, met
             WHERE state = 'closed' AND description = '厨房水龙头漏水' AND created_at >= 1700000000;
             COMMIT;
             ANALYZE;",
        )
        .expect("history");
}

#[test]
fn screens_never_scan_the_large_tables_after_analyze() {
    let db = demo_db();
    with_history(&db);
    assert_no_full_scans(&db, "after ANALYZE");
}

/// The indexes 0010_compact drops are read by no statement of a session
/// (and the ones it keeps for the screens are).
#[test]
fn dropped_indexes_are_not_read_and_kept_ones_are() {
    let db = demo_db();
    let sqls = session_statements(&db);
    let used = plans::indexes_used(&db.store, &sqls);
    for gone in ["ticket_events_at", "ticket_deadlines_ticket"] {
        assert!(!used.contains(gone), "{gone} is read: {used:?}");
        let left: i64 = db
            .store
            .conn()
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?1",
                [gone],
                |r| r.get(0),
            )
            .expect("schema");
        assert_eq!(left, 0, "{gone} is dropped");
    }
    assert!(used.contains("ticket_events_ticket"), "{used:?}");
}

/// Each plan line of `sql` (its parameters NULL).
fn plan_of(db: &Db, sql: &str) -> Vec<String> {
    let conn = db.store.conn();
    let mut st = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .expect("plan");
    let nulls = vec![rusqlite::types::Value::Null; st.parameter_count()];
    let rows = st
        .query_map(rusqlite::params_from_iter(nulls), |r| r.get::<_, String>(3))
        .expect("plan rows");
    rows.map(|r| r.expect("plan row")).collect()
}

/// The statements `list_tickets(f)` runs, with their plans.
fn list_plans(db: &Db, f: &Filter) -> Vec<(String, Vec<String>)> {
    let mut store = db.reopen();
    let seen = plans::trace(&mut store);
    store.list_tickets(f).expect("list");
    drop(store);
    let sqls = seen.lock().expect("statements").clone();
    sqls.iter()
        .filter(|s| s.contains("FROM tickets"))
        .map(|s| (s.clone(), plan_of(db, s)))
        .collect()
}

/// Migration 0015 keeps only the tickets that are not closed in
/// `tickets_state` and `tickets_department`: every list that leaves the
/// closed ones out must still search those indexes (a partial index is used
/// only when the statement repeats its WHERE), and a list of closed tickets
/// reads the table in date order, never searching and then sorting.
fn assert_state_plans(db: &Db, what: &str) {
    let open = Filter {
        open_only: true,
        ..Default::default()
    };
    let one_open = Filter {
        states: vec![State::Registered],
        ..Default::default()
    };
    let cancelled = Filter {
        states: vec![State::Cancelled, State::OutOfScope],
        limit: Some(50),
        ..Default::default()
    };
    let department = Filter {
        open_only: true,
        department: Some("engineering".into()),
        ..Default::default()
    };
    for (name, f, index) in [
        ("open", &open, "tickets_state"),
        ("registered", &one_open, "tickets_state"),
        ("cancelled", &cancelled, "tickets_state"),
        ("department's open", &department, "tickets_department"),
    ] {
        let plans = list_plans(db, f);
        assert!(!plans.is_empty(), "{what}/{name}: no statement traced");
        for (sql, plan) in plans {
            let reads_tickets = plan.iter().find(|l| l.contains(" t ")).cloned();
            assert!(
                reads_tickets
                    .as_deref()
                    .is_some_and(|l| l.starts_with("SEARCH t USING INDEX")
                        && (l.contains(index) || l.contains("tickets_state"))),
                "{what}/{name}: tickets not searched through {index}:\n{}\n  in: {sql}",
                plan.join("\n")
            );
        }
    }
    let closed = Filter {
        states: vec![State::Closed],
        limit: Some(50),
        ..Default::default()
    };
    for (sql, plan) in list_plans(db, &closed) {
        assert!(
            plan.iter()
                .any(|l| l == "SCAN t USING INDEX tickets_created"),
            "{what}/closed: not read in date order:\n{}\n  in: {sql}",
            plan.join("\n")
        );
        assert!(
            !plan.iter().any(|l| l.contains("TEMP B-TREE")),
            "{what}/closed: sorted:\n{}",
            plan.join("\n")
        );
    }
    // The board's count and rows, and the handover's open tickets.
    let board = plans::indexes_used(&db.store, &session_statements(db));
    assert!(board.contains("tickets_state"), "{what}: {board:?}");
}

#[test]
fn state_lists_search_the_not_closed_indexes() {
    let db = demo_db();
    assert_state_plans(&db, "no statistics");
    with_history(&db);
    assert_state_plans(&db, "after ANALYZE");
}

/// A ticket's audit rows come in order from `ticket_events_ticket`, which
/// 0015 keys by the ticket alone (the row id ends every entry anyway): no
/// sort, for the ticket screen's trail and for `check`'s replay.
#[test]
fn a_tickets_trail_is_read_in_order_without_a_sort() {
    let db = demo_db();
    with_history(&db);
    for sql in [
        "SELECT e.id, e.at FROM ticket_events e WHERE e.ticket_id = ?1 ORDER BY e.id",
        "SELECT max(id) FROM ticket_events WHERE ticket_id = ?1",
    ] {
        let plan = plan_of(&db, sql);
        assert!(
            plan.iter()
                .any(|l| l.contains("USING")
                    && l.contains("INDEX ticket_events_ticket (ticket_id=?)")),
            "{plan:?}"
        );
        assert!(!plan.iter().any(|l| l.contains("TEMP B-TREE")), "{plan:?}");
    }
    let cols: Vec<String> = {
        let conn = db.store.conn();
        let mut st = conn
            .prepare("SELECT name FROM pragma_index_info('ticket_events_ticket')")
            .expect("index info");
        let rows = st.query_map([], |r| r.get(0)).expect("cols");
        rows.map(|r| r.expect("col")).collect()
    };
    assert_eq!(cols, ["ticket_id"], "the id is not stored twice");
}

/// The indexes 0015 drops or narrows: no statement of a session reads the
/// samples by ticket, and the narrowed ones hold only the rows with a value.
#[test]
fn lean_indexes_hold_only_what_is_looked_for() {
    let db = demo_db();
    let conn = db.store.conn();
    let gone: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'callback_samples_ticket'",
            [],
            |r| r.get(0),
        )
        .expect("schema");
    assert_eq!(gone, 0);
    for (index, where_) in [
        ("tickets_state", "WHERE state <> 'closed'"),
        ("tickets_department", "WHERE state <> 'closed'"),
        ("callback_samples_callback", "WHERE callback_id IS NOT NULL"),
        (
            "callbacks_outcome_ticket",
            "WHERE outcome_ticket_id IS NOT NULL",
        ),
    ] {
        let sql: String = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1",
                [index],
                |r| r.get(0),
            )
            .expect(index);
        assert!(sql.ends_with(where_), "{sql}");
    }
    for (sql, index) in [
        (
            "SELECT id FROM callbacks WHERE outcome_ticket_id = ?1",
            "callbacks_outcome_ticket",
        ),
        (
            "SELECT s.id FROM callback_samples s WHERE s.callback_id = ?1 ORDER BY s.id DESC LIMIT 1",
            "callback_samples_callback",
        ),
    ] {
        let plan = plan_of(&db, sql);
        assert!(plan.iter().any(|l| l.contains(index)), "{sql}: {plan:?}");
    }
}
