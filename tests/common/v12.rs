//! Turn a database of this program back into version 12's form (migrations
//! 0016, 0015, 0014 and 0013 undone): the audit rows' details as text, every record
//! link whole in `chain_links` (recomputed from the rows, so with the
//! values version 12 wrote), no `chain_heads`, the handovers' report and
//! text as text. Each table, index and trigger with
//! the exact text migrations 0002 and 0010 gave it.

use super::ZONE;
use frontdesk::store::chain::CHAINS;
use frontdesk::store::pack::inflate_text;
use frontdesk::store::Store;
use rusqlite::{params, Connection};
use std::path::Path;

/// Migration 0014 undone: the audit rows' details as text again, in
/// `ticket_events` as 0011_codes made it.
const V11_EVENTS: &str = "
CREATE TABLE ticket_events_v11 (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
    at         INTEGER NOT NULL,
    actor_id   INTEGER NOT NULL REFERENCES staff(id),
    action     INTEGER NOT NULL REFERENCES ticket_codes(id),
    from_state INTEGER REFERENCES ticket_codes(id),
    to_state   INTEGER NOT NULL REFERENCES ticket_codes(id),
    note       TEXT NOT NULL DEFAULT '',
    data       TEXT NOT NULL DEFAULT '{}'
) STRICT;
INSERT INTO ticket_events_v11 (id, ticket_id, at, actor_id, action, from_state, to_state, note, data)
SELECT e.id, e.ticket_id, e.at, e.actor_id, e.action, e.from_state, e.to_state, e.note, d.code
FROM ticket_events e JOIN ticket_data d ON d.id = e.data ORDER BY e.id;
DROP TABLE ticket_events;
ALTER TABLE ticket_events_v11 RENAME TO ticket_events;
CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);
CREATE TRIGGER ticket_events_no_update BEFORE UPDATE ON ticket_events
BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END;
CREATE TRIGGER ticket_events_no_delete BEFORE DELETE ON ticket_events
BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END;
DROP TABLE ticket_data;
";

/// `chain_links` as 0010_compact made it.
const V10_LINKS: &str = "
CREATE TABLE chain_links_v10 (
    chain  INTEGER NOT NULL,
    seq    INTEGER NOT NULL,
    row_id INTEGER NOT NULL,
    hash   BLOB NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (chain, seq)
) STRICT, WITHOUT ROWID;
";

const V10_LINKS_SWAP: &str = "
DROP TABLE chain_links;
ALTER TABLE chain_links_v10 RENAME TO chain_links;
CREATE TRIGGER chain_links_no_update BEFORE UPDATE ON chain_links
BEGIN SELECT RAISE(ABORT, 'chain_links is append-only'); END;
CREATE TRIGGER chain_links_no_delete BEFORE DELETE ON chain_links
BEGIN SELECT RAISE(ABORT, 'chain_links is append-only'); END;
DROP TABLE chain_heads;
";

/// `handovers` as 0002_instants made it (the texts filled in by the caller).
const V2_HANDOVERS: &str = "
CREATE TABLE handovers_v2 (
    id              INTEGER PRIMARY KEY,
    shift_date      TEXT NOT NULL,
    shift_code      TEXT NOT NULL,
    shift_name      TEXT NOT NULL,
    shift_start     INTEGER NOT NULL,
    shift_end       INTEGER NOT NULL,
    from_operator   INTEGER NOT NULL REFERENCES staff(id),
    created_at      INTEGER NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    report_json     TEXT NOT NULL,
    content         TEXT NOT NULL,
    content_hash    TEXT NOT NULL,
    to_operator     INTEGER REFERENCES staff(id),
    acknowledged_at INTEGER,
    remarks         TEXT NOT NULL DEFAULT '',
    reviewed_by     INTEGER REFERENCES staff(id),
    reviewed_at     INTEGER,
    review_comment  TEXT NOT NULL DEFAULT '',
    UNIQUE (shift_date, shift_code),
    CHECK (to_operator IS NULL OR to_operator <> from_operator),
    CHECK ((to_operator IS NULL) = (acknowledged_at IS NULL)),
    CHECK ((reviewed_by IS NULL) = (reviewed_at IS NULL)),
    CHECK (reviewed_at IS NULL OR acknowledged_at IS NOT NULL)
) STRICT;
";

const V2_HANDOVERS_SWAP: &str = "
DROP TABLE handovers;
ALTER TABLE handovers_v2 RENAME TO handovers;
CREATE INDEX handovers_start ON handovers(shift_start);
-- The one waiting for the incoming operator.
CREATE INDEX handovers_unacknowledged ON handovers(created_at) WHERE acknowledged_at IS NULL;

-- The report and everything the outgoing operator wrote are fixed at insert.
CREATE TRIGGER handovers_content_fixed BEFORE UPDATE ON handovers
WHEN NEW.id IS NOT OLD.id
  OR NEW.shift_date IS NOT OLD.shift_date OR NEW.shift_code IS NOT OLD.shift_code
  OR NEW.shift_name IS NOT OLD.shift_name OR NEW.shift_start IS NOT OLD.shift_start
  OR NEW.shift_end IS NOT OLD.shift_end OR NEW.from_operator IS NOT OLD.from_operator
  OR NEW.created_at IS NOT OLD.created_at OR NEW.note IS NOT OLD.note
  OR NEW.report_json IS NOT OLD.report_json OR NEW.content IS NOT OLD.content
  OR NEW.content_hash IS NOT OLD.content_hash
BEGIN SELECT RAISE(ABORT, 'a handover''s content is sealed: add an addendum instead'); END;

-- The acknowledgement is set once, by an UPDATE from unacknowledged.
CREATE TRIGGER handovers_ack_once BEFORE UPDATE ON handovers
WHEN OLD.acknowledged_at IS NOT NULL AND (
     NEW.to_operator IS NOT OLD.to_operator
  OR NEW.acknowledged_at IS NOT OLD.acknowledged_at
  OR NEW.remarks IS NOT OLD.remarks)
BEGIN SELECT RAISE(ABORT, 'a handover is acknowledged once'); END;

-- The review is set once.
CREATE TRIGGER handovers_review_once BEFORE UPDATE ON handovers
WHEN OLD.reviewed_at IS NOT NULL AND (
     NEW.reviewed_by IS NOT OLD.reviewed_by
  OR NEW.reviewed_at IS NOT OLD.reviewed_at
  OR NEW.review_comment IS NOT OLD.review_comment)
BEGIN SELECT RAISE(ABORT, 'a handover is reviewed once'); END;

CREATE TRIGGER handovers_no_delete BEFORE DELETE ON handovers
BEGIN SELECT RAISE(ABORT, 'handovers are kept: they cannot be deleted'); END;
";

/// A chain's number and its links whole: `(seq, row id, link)`.
type WholeChain = (i64, Vec<(i64, i64, [u8; 32])>);

/// Turn the (closed) database at `path` into version 12's form.
pub fn to_version_12(path: &Path) {
    let store = Store::open(path, ZONE).expect("open");
    let links: Vec<WholeChain> = CHAINS
        .iter()
        .map(|c| (c.id, store.whole_links(c.id).expect("links")))
        .collect();
    drop(store);
    let mut c = Connection::open(path).expect("open");
    c.execute_batch("PRAGMA foreign_keys = OFF;").unwrap();
    let tx = c.transaction().unwrap();
    super::v14::undo_0016_0015(&tx);
    tx.execute_batch(V11_EVENTS).unwrap();
    tx.execute_batch(V10_LINKS).unwrap();
    {
        let mut put = tx
            .prepare(
                "INSERT INTO chain_links_v10 (chain, seq, row_id, hash) VALUES (?1, ?2, ?3, ?4)",
            )
            .unwrap();
        for (chain, all) in &links {
            for (seq, row, link) in all {
                put.execute(params![chain, seq, row, link.to_vec()])
                    .unwrap();
            }
        }
    }
    tx.execute_batch(V10_LINKS_SWAP).unwrap();
    tx.execute_batch(V2_HANDOVERS).unwrap();
    {
        let rows: Vec<(i64, Vec<u8>, Vec<u8>)> = {
            let mut st = tx
                .prepare("SELECT id, report_z, content_z FROM handovers ORDER BY id")
                .unwrap();
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        for (id, report, content) in rows {
            tx.execute(
                "INSERT INTO handovers_v2
                 SELECT id, shift_date, shift_code, shift_name, shift_start, shift_end,
                    from_operator, created_at, note, ?2, ?3, content_hash, to_operator,
                    acknowledged_at, remarks, reviewed_by, reviewed_at, review_comment
                 FROM handovers WHERE id = ?1",
                params![
                    id,
                    inflate_text(&report).expect("report"),
                    inflate_text(&content).expect("text")
                ],
            )
            .unwrap();
        }
    }
    tx.execute_batch(V2_HANDOVERS_SWAP).unwrap();
    tx.execute_batch("PRAGMA user_version = 12;").unwrap();
    tx.commit().unwrap();
}

/// The heads version 12's `check --head` printed: the last (whole) link
/// of every chain with one.
pub fn v12_heads(path: &Path) -> Vec<frontdesk::store::chain::Head> {
    let c = Connection::open(path).unwrap();
    CHAINS
        .iter()
        .filter_map(|ch| {
            c.query_row(
                "SELECT seq, hash FROM chain_links WHERE chain = ?1 ORDER BY seq DESC LIMIT 1",
                [ch.id],
                |r| {
                    Ok(frontdesk::store::chain::Head {
                        chain: ch.name.to_string(),
                        seq: r.get(0)?,
                        hash: frontdesk::store::chain::hex(&r.get::<_, Vec<u8>>(1)?),
                    })
                },
            )
            .ok()
        })
        .collect()
}
