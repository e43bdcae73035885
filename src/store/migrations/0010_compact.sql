-- A smaller file with the same guarantees (issue 15): about half the bytes
-- a ticket took with its audit, deadlines and record links.
--
-- Written as 0010 after the parallel 0008_figures and 0009_registers; only
-- its number changes if those land differently.

-- Record chains: the chain as a number, the link as its 32 bytes, one
-- B-tree (WITHOUT ROWID, keyed by chain and sequence) instead of a table and
-- two indexes. What is hashed is unchanged (the chain's name, the previous
-- link as hex), so every link keeps its value and heads recorded before
-- still hold. `frontdesk check` finds a row linked twice itself now
-- (src/store/chain.rs) instead of a unique index.
CREATE TABLE chain_names (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
) STRICT;
INSERT INTO chain_names (id, name) VALUES
    (1, 'ticket_events'),
    (2, 'emergency_notifications'),
    (3, 'key_events'),
    (4, 'key_loans'),
    (5, 'key_returns'),
    (6, 'key_marks'),
    (7, 'callback_attempts'),
    (8, 'callback_samples'),
    (9, 'duty_log'),
    (10, 'handovers'),
    (11, 'handover_acks'),
    (12, 'handover_reviews'),
    (13, 'handover_addenda'),
    (14, 'household_events'),
    (15, 'signins'),
    (16, 'staff_changes'),
    (17, 'export_audit'),
    (18, 'register_events'),
    (19, 'goods_passes'),
    (20, 'goods_pass_items'),
    (21, 'renovation_fees'),
    (22, 'renovation_passes');
CREATE TABLE chain_links_v10 (
    chain  INTEGER NOT NULL,
    seq    INTEGER NOT NULL,
    row_id INTEGER NOT NULL,
    hash   BLOB NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (chain, seq)
) STRICT, WITHOUT ROWID;
-- A link of an unknown chain stops the upgrade (NOT NULL); a link that is
-- not hex (changed by hand) is kept as zeros, so `check` names it.
INSERT INTO chain_links_v10 (chain, seq, row_id, hash)
SELECT (SELECT n.id FROM chain_names n WHERE n.name = l.chain), l.seq, l.row_id,
       coalesce(CASE WHEN length(unhex(l.hash)) = 32 THEN unhex(l.hash) END, zeroblob(32))
FROM chain_links l;
DROP TABLE chain_links;
ALTER TABLE chain_links_v10 RENAME TO chain_links;
CREATE TRIGGER chain_links_no_update BEFORE UPDATE ON chain_links
BEGIN SELECT RAISE(ABORT, 'chain_links is append-only'); END;
CREATE TRIGGER chain_links_no_delete BEFORE DELETE ON chain_links
BEGIN SELECT RAISE(ABORT, 'chain_links is append-only'); END;

-- The audit trail is read by ticket only (history, replay); no query reads
-- it by time (EXPLAIN QUERY PLAN tests: tests/query_plans.rs).
DROP INDEX IF EXISTS ticket_events_at;

-- Deadlines: one B-tree keyed by (ticket, what, round) instead of a table, its
-- primary-key index and a full index by ticket; the board, the overdue list
-- and the handover search pending rows only, through the partial indexes.
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
SELECT ticket_id, what, round, due_at, met_at, status, paused_secs FROM ticket_deadlines;
DROP TABLE ticket_deadlines;
ALTER TABLE ticket_deadlines_v10 RENAME TO ticket_deadlines;
CREATE INDEX ticket_deadlines_pending ON ticket_deadlines(ticket_id, due_at) WHERE status = 'pending';
CREATE INDEX ticket_deadlines_pending_due ON ticket_deadlines(due_at) WHERE status = 'pending';
-- The figures read a period's deadlines by their nominal due time
-- (0009_figures); the rebuilt table needs that index again.
CREATE INDEX ticket_deadlines_nominal ON ticket_deadlines(due_at - paused_secs);
