//! Migration 0011 (issue 15) stores the audit trail's words as numbers. A
//! version-10 database with a whole demo site in it (every kind of ticket
//! and step, callbacks, keys, handovers: `demo::populate`) is opened with
//! this program and converted in place: the audit history reads the same,
//! every record link keeps its value (the heads recorded before still
//! hold) and `check` passes.
//!
//! The version-10 file is the demo site written by this program and turned
//! back into version 10's form by `to_version_10` (the words put back, the
//! code table gone, user_version 10); the test first proves that schema is
//! exactly the one migrations 1–10 make.

mod common;

use common::schema::{schema_of, schema_up_to};
use common::{demo_db, ZONE};
use frontdesk::domain::deadline::DeadlineStatus;
use frontdesk::store::chain::{self, Head};
use frontdesk::store::deadlines::Deadline;
use frontdesk::store::tickets::Event;
use frontdesk::store::Store;
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use std::path::Path;

/// Version 10's audit table, word for word as migration 0002 created it
/// (0010 left it alone): the words as text.
const V10_EVENTS: &str = "
CREATE TABLE ticket_events_v2 (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
    at         INTEGER NOT NULL,
    actor_id   INTEGER NOT NULL REFERENCES staff(id),
    action     TEXT NOT NULL,
    from_state TEXT,
    to_state   TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    data       TEXT NOT NULL DEFAULT '{}'
) STRICT;
INSERT INTO ticket_events_v2
SELECT e.id, e.ticket_id, e.at, e.actor_id, a.code, f.code, t.code, e.note, e.data
FROM ticket_events e
JOIN ticket_codes a ON a.id = e.action
LEFT JOIN ticket_codes f ON f.id = e.from_state
JOIN ticket_codes t ON t.id = e.to_state;
DROP TABLE ticket_events;
ALTER TABLE ticket_events_v2 RENAME TO ticket_events;
CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);
CREATE TRIGGER ticket_events_no_update BEFORE UPDATE ON ticket_events
BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END;
CREATE TRIGGER ticket_events_no_delete BEFORE DELETE ON ticket_events
BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END;
DROP TABLE ticket_codes;
";

/// Turn a database of this program back into version 10's form (version
/// 12's first: migration 0013 undone).
fn to_version_10(path: &Path) {
    common::v12::to_version_12(path);
    let c = Connection::open(path).expect("open");
    c.execute_batch(&format!(
        "PRAGMA foreign_keys = OFF; BEGIN; {V11_SIGNINS} {V10_EVENTS} {} PRAGMA user_version = 10; COMMIT;",
        V10_OTHER
    ))
    .expect("back to version 10");
}

/// Migration 12 undone first: `signins` as 0006 made it (without the
/// `authorised` event, which the demo never records), its text exactly
/// as 0006 wrote it (the old table renamed away, not the new one renamed in).
const V11_SIGNINS: &str = "
ALTER TABLE signins RENAME TO signins_v12;
CREATE TABLE signins (
    id       INTEGER PRIMARY KEY,
    at       INTEGER NOT NULL,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    event    TEXT NOT NULL CHECK (event IN ('signed_in','wrong_pin','locked',
                 'refused_locked','screen_locked','unlocked','switched')),
    via      TEXT NOT NULL CHECK (via IN ('tui','cli')),
    client   TEXT,
    login    TEXT
) STRICT;
INSERT INTO signins SELECT * FROM signins_v12 ORDER BY id;
DROP TABLE signins_v12;
CREATE INDEX signins_staff ON signins(staff_id, at);

CREATE TRIGGER signins_no_update BEFORE UPDATE ON signins
BEGIN
    SELECT RAISE(ABORT, 'signins are append-only');
END;
CREATE TRIGGER signins_no_delete BEFORE DELETE ON signins
BEGIN
    SELECT RAISE(ABORT, 'signins are append-only');
END;
";

/// The rest of what 0011 changed, put back as version 10 had it: the
/// deadlines' words (their table and indexes as 0010_compact made them),
/// the index of follow-ups.
const V10_OTHER: &str = "
CREATE TABLE ticket_deadlines_v10 (
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id),
    what        TEXT NOT NULL CHECK (what IN ('dispatch','collect','finish','reply','explain','contact','on_scene')),
    round       INTEGER NOT NULL DEFAULT 1,
    due_at      INTEGER NOT NULL,
    met_at      INTEGER,
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','met','missed','void')),
    paused_secs INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (ticket_id, what, round)
) STRICT, WITHOUT ROWID;
INSERT INTO ticket_deadlines_v10
SELECT ticket_id,
       CASE what WHEN 1 THEN 'collect' WHEN 2 THEN 'contact' WHEN 3 THEN 'dispatch'
                 WHEN 4 THEN 'explain' WHEN 5 THEN 'finish' WHEN 6 THEN 'on_scene'
                 WHEN 7 THEN 'reply' END,
       round, due_at, met_at,
       CASE status WHEN 0 THEN 'pending' WHEN 1 THEN 'met' WHEN 2 THEN 'missed' WHEN 3 THEN 'void' END,
       paused_secs
FROM ticket_deadlines;
DROP TABLE ticket_deadlines;
ALTER TABLE ticket_deadlines_v10 RENAME TO ticket_deadlines;
CREATE INDEX ticket_deadlines_pending ON ticket_deadlines(ticket_id, due_at) WHERE status = 'pending';
CREATE INDEX ticket_deadlines_pending_due ON ticket_deadlines(due_at) WHERE status = 'pending';
CREATE INDEX ticket_deadlines_nominal ON ticket_deadlines(due_at - paused_secs);
DROP INDEX tickets_parent;
CREATE INDEX tickets_parent ON tickets(parent_id);
";

/// Every ticket's audit history and deadlines as the program shows them.
fn histories(store: &Store) -> Vec<(Vec<Event>, Vec<Deadline>)> {
    let ids: Vec<i64> = {
        let mut st = store
            .conn()
            .prepare("SELECT id FROM tickets ORDER BY id")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    ids.iter()
        .map(|id| (store.events(*id).unwrap(), store.deadlines(*id).unwrap()))
        .collect()
}

fn heads(store: &Store) -> Vec<Head> {
    let report = store.check(&[]).expect("check");
    assert!(report.ok(), "{:?}", report.breaches);
    report.heads
}

#[test]
fn a_version_10_site_converts_with_the_same_history_and_links() {
    let db = demo_db();
    let path = db.path();
    let (history, heads_before) = (histories(&db.store), heads(&db.store));
    // Keep the directory, close the program's connection.
    let common::Db { dir: _dir, store } = db;
    drop(store);
    let events = history.iter().flat_map(|(e, _)| e);
    assert!(events.count() > 50, "a site");
    assert!(
        history
            .iter()
            .flat_map(|(e, _)| e)
            .any(|e| e.action == "callback" && e.from.is_some()),
        "a recorded callback among the steps"
    );
    // Deadlines of several kinds, pending and settled.
    let deadlines: Vec<&Deadline> = history.iter().flat_map(|(_, d)| d).collect();
    let whats: std::collections::BTreeSet<_> = deadlines.iter().map(|d| d.what).collect();
    assert!(whats.len() >= 3, "{whats:?}");
    for s in [DeadlineStatus::Pending, DeadlineStatus::Met] {
        assert!(deadlines.iter().any(|d| d.status == s), "{s:?}");
    }

    to_version_10(&path);
    {
        let c = Connection::open(&path).unwrap();
        let mut want = schema_up_to(10);
        let mut got = schema_of(&c);
        // sqlite_sequence and the statistics are data, not schema.
        got.retain(|(n, _)| !n.starts_with("sqlite_stat") && n != "sqlite_sequence");
        want.retain(|(n, _)| !n.starts_with("sqlite_stat") && n != "sqlite_sequence");
        assert_eq!(got, want, "the file is a version-10 file");
        let words: i64 = c
            .query_row(
                "SELECT count(*) FROM ticket_events WHERE typeof(action) = 'text'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(words > 50);
    }

    let store = Store::open(&path, ZONE).expect("open and convert");
    assert_eq!(
        store.schema_version().unwrap(),
        frontdesk::store::schema::latest()
    );
    let c = store.conn();
    let (numbers, rows): (i64, i64) = c
        .query_row(
            "SELECT count(*) FILTER (WHERE typeof(action) = 'integer'
                                     AND typeof(to_state) = 'integer'
                                     AND typeof(from_state) IN ('integer', 'null')),
                    count(*) FROM ticket_events",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(numbers, rows, "every word is a number now");
    assert_eq!(histories(&store), history, "the same history and deadlines");
    let (words, whats): (i64, i64) = c
        .query_row(
            "SELECT (SELECT count(*) FROM ticket_events WHERE typeof(action) <> 'integer'),
                    (SELECT count(*) FROM ticket_deadlines WHERE typeof(what) <> 'integer'
                                                           OR typeof(status) <> 'integer')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((words, whats), (0, 0));
    // Every link verifies and keeps its value: the heads recorded before.
    assert_eq!(heads(&store), heads_before);
    let report = store.check(&heads_before).unwrap();
    assert!(report.ok(), "{:?}", report.breaches);
}

#[test]
fn a_link_hashes_the_word_not_its_number() {
    let db = demo_db();
    let c = db.store.conn();
    let (id, ticket, at, actor, note, data): (i64, i64, i64, i64, String, String) = c
        .query_row(
            "SELECT e.id, e.ticket_id, e.at, e.actor_id, e.note, d.code
             FROM ticket_events e JOIN ticket_data d ON d.id = e.data ORDER BY e.id LIMIT 1",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )
        .unwrap();
    let stored: Vec<u8> = c
        .query_row(
            "SELECT hash FROM chain_links WHERE chain = 1 AND seq = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // The first audit row is a registration: create, no state before, registered.
    let link = chain::link_bytes(
        "",
        "ticket_events",
        &[
            ValueRef::Integer(id),
            ValueRef::Integer(ticket),
            ValueRef::Integer(at),
            ValueRef::Integer(actor),
            ValueRef::Text(b"create"),
            ValueRef::Null,
            ValueRef::Text(b"registered"),
            ValueRef::Text(note.as_bytes()),
            ValueRef::Text(data.as_bytes()),
        ],
    );
    // Kept short since migration 0013 (the first link is no checkpoint).
    assert_eq!(stored, link[..chain::SHORT].to_vec());
}

#[test]
fn every_word_the_program_writes_has_a_one_byte_number() {
    use frontdesk::domain::{Action, State};
    let db = demo_db();
    let c = db.store.conn();
    let words = Action::ALL
        .iter()
        .map(|a| a.code())
        .chain(State::ALL.iter().map(|s| s.code()))
        .chain(["create", "callback"]);
    for w in words {
        let id: Option<i64> = c
            .query_row("SELECT id FROM ticket_codes WHERE code = ?1", [w], |r| {
                r.get(0)
            })
            .ok();
        // Numbered by the migration (not added by a step), and stored in
        // one byte.
        assert!(id.is_some_and(|n| (1..=44).contains(&n)), "{w}: {id:?}");
    }
}

#[test]
fn a_renamed_word_is_named_by_check() {
    let db = demo_db();
    let c = db.store.conn();
    let uses: i64 = c
        .query_row(
            "SELECT count(*) FROM ticket_events WHERE action = (SELECT id FROM ticket_codes WHERE code = 'dispatch')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(uses > 0);
    c.execute_batch(
        "DROP TRIGGER ticket_codes_no_update;
         UPDATE ticket_codes SET code = 'dispatched_by_hand' WHERE code = 'dispatch';",
    )
    .unwrap();
    let report = db.store.check(&[]).unwrap();
    let changed: usize = report
        .breaches
        .iter()
        .filter(|b| b.table == "ticket_events")
        .map(|b| b.rows.len())
        .sum();
    assert!(changed as i64 >= uses, "{:?}", report.breaches);
}

#[test]
fn an_unknown_word_of_an_old_file_is_kept_and_its_row_still_named() {
    let db = demo_db();
    let path = db.path();
    let ticket: i64 = db
        .store
        .conn()
        .query_row("SELECT min(id) FROM tickets", [], |r| r.get(0))
        .unwrap();
    let common::Db { dir: _dir, store } = db;
    drop(store);
    to_version_10(&path);
    let forged: i64 = {
        let c = Connection::open(&path).unwrap();
        c.execute(
            "INSERT INTO ticket_events (ticket_id, at, actor_id, action, from_state, to_state)
             SELECT ?1, 1795399200, min(id), 'teleport', 'registered', 'registered' FROM staff",
            [ticket],
        )
        .unwrap();
        c.last_insert_rowid()
    };
    let store = Store::open(&path, ZONE).expect("convert");
    let words: Vec<String> = {
        let mut st = store
            .conn()
            .prepare("SELECT code FROM ticket_codes WHERE id > 44 ORDER BY id")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(words, ["teleport"]);
    let shown = store.events(ticket).unwrap();
    let last = shown.last().unwrap();
    assert_eq!((last.id, last.action.as_str()), (forged, "teleport"));
    let report = store.check(&[]).unwrap();
    let named: Vec<i64> = report
        .breaches
        .iter()
        .filter(|b| b.table == "ticket_events")
        .flat_map(|b| b.rows.clone())
        .collect();
    assert!(named.contains(&forged), "{:?}", report.breaches);
}

#[test]
fn deadline_numbers_cover_every_word_in_word_order() {
    use frontdesk::domain::deadline::What;
    use frontdesk::store::deadlines::{status_no, what_no, STATUS_NO, WHAT_NO};
    let mut by_word: Vec<(&str, i64)> = WHAT_NO.iter().map(|(w, n)| (w.code(), *n)).collect();
    by_word.sort();
    let numbers: Vec<i64> = by_word.iter().map(|(_, n)| *n).collect();
    assert_eq!(
        numbers,
        (1..=7).collect::<Vec<_>>(),
        "numbered in word order"
    );
    let mut all: Vec<i64> = What::ALL.iter().map(|w| what_no(*w)).collect();
    all.sort_unstable();
    assert_eq!(all, numbers, "every word has its own number");
    let mut st: Vec<i64> = DeadlineStatus::ALL.iter().map(|s| status_no(*s)).collect();
    st.sort_unstable();
    assert_eq!(st, [0, 1, 2, 3]);
    assert_eq!(STATUS_NO.len(), DeadlineStatus::ALL.len());
    // The partial indexes select pending rows as 0.
    assert_eq!(status_no(DeadlineStatus::Pending), 0);
}

#[test]
fn a_detail_changed_in_its_table_is_named_by_check() {
    // Migration 0014: the audit rows' details are stored once each in
    // `ticket_data` and hashed as their text.
    let db = demo_db();
    let c = db.store.conn();
    let (detail, uses): (i64, i64) = c
        .query_row(
            "SELECT data, count(*) FROM ticket_events WHERE data <> 1
             GROUP BY data ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(uses > 1, "a detail shared by several rows");
    c.execute_batch("DROP TRIGGER ticket_data_no_update;")
        .unwrap();
    c.execute(
        "UPDATE ticket_data SET code = '{\"by_hand\":true}' WHERE id = ?1",
        [detail],
    )
    .unwrap();
    let report = db.store.check(&[]).unwrap();
    let named: Vec<i64> = report
        .breaches
        .iter()
        .filter(|b| b.table == "ticket_events")
        .flat_map(|b| b.rows.clone())
        .collect();
    let rows: Vec<i64> = {
        let mut st = c
            .prepare("SELECT id FROM ticket_events WHERE data = ?1 ORDER BY id")
            .unwrap();
        st.query_map([detail], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    for r in rows {
        assert!(named.contains(&r), "row {r}: {:?}", report.breaches);
    }
}
