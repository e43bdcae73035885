//! Turn a database of this program back into version 14's form (migrations
//! 0016 and 0015 undone): `ticket_data` with its unique text again, and
//! every index 0015 narrowed, dropped or re-keyed, each with the exact text
//! the migration that last made it gave it (0002, 0009, 0014).

use rusqlite::Connection;

/// `ticket_data` as 0014 made it (the rows copied back by number). The
/// old table is renamed out of the way with the legacy rule, so the audit
/// rows' reference to `ticket_data` is left as it was.
const V14_DATA: &str = "
PRAGMA legacy_alter_table = ON;
DROP TRIGGER ticket_data_no_update;
DROP TRIGGER ticket_data_no_delete;
ALTER TABLE ticket_data RENAME TO ticket_data_v16;
CREATE TABLE ticket_data (
    id   INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE
) STRICT;
INSERT INTO ticket_data (id, code) SELECT id, code FROM ticket_data_v16 ORDER BY id;
DROP TABLE ticket_data_v16;
CREATE TRIGGER ticket_data_no_update BEFORE UPDATE ON ticket_data
BEGIN SELECT RAISE(ABORT, 'ticket_data is append-only'); END;
CREATE TRIGGER ticket_data_no_delete BEFORE DELETE ON ticket_data
BEGIN SELECT RAISE(ABORT, 'ticket_data is append-only'); END;
PRAGMA legacy_alter_table = OFF;
";

/// The indexes as version 14 had them.
const V14_INDEXES: &str = "
DROP INDEX tickets_state;
CREATE INDEX tickets_state ON tickets(state, kind);
DROP INDEX tickets_department;
CREATE INDEX tickets_department ON tickets(department_id, state);
DROP INDEX ticket_events_ticket;
CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);
CREATE INDEX callback_samples_ticket ON callback_samples(ticket_id);
DROP INDEX callback_samples_callback;
CREATE INDEX callback_samples_callback ON callback_samples(callback_id);
DROP INDEX callbacks_outcome_ticket;
CREATE INDEX callbacks_outcome_ticket ON callbacks(outcome_ticket_id);
";

/// Undo 0016 and 0015 on an open connection, foreign keys off (the caller
/// sets the version).
pub fn undo_0016_0015(c: &Connection) {
    c.execute_batch(V14_DATA).expect("version 14's ticket_data");
    c.execute_batch(V14_INDEXES).expect("version 14's indexes");
}

/// Turn the (closed) database at `path` into version 14's form.
pub fn to_version_14(path: &std::path::Path) {
    let c = Connection::open(path).expect("open");
    c.execute_batch("PRAGMA foreign_keys = OFF;")
        .expect("fk off");
    undo_0016_0015(&c);
    c.execute_batch("PRAGMA user_version = 14;")
        .expect("version");
}
