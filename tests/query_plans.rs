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
