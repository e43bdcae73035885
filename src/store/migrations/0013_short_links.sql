-- Version 13 (issue 15, the whole file under 1 KB a ticket): short record
-- links, sealed handovers packed.
--
-- Nothing hashed changes: every link keeps its value, heads recorded before
-- the upgrade still hold, and every handover's text still hashes to the
-- hash it was signed with (docs/tamper-evidence.md).

-- 1. Record links: the first 8 bytes of a link, the whole link every 16th
-- (a checkpoint), the last link of every chain whole in `chain_heads`.
--
-- A link is 32 bytes of its ≈ 41 in `chain_links`, 6–9 links a ticket.
-- `frontdesk check` recomputes every link from the first anyway, so a
-- prefix names the row that no longer matches as well as the whole link
-- did (a change goes unnoticed with a chance of 2⁻⁶⁴); after such a row,
-- checking starts again at the next checkpoint, where the whole link is
-- kept. The trigger that writes a link hashes it from the chain's head and
-- moves the head on (src/store/chain/mod.rs). What guards against a chain
-- rewritten as a whole are the heads recorded elsewhere, as before: `check
-- --against` compares them with the links recomputed from the rows.

-- The last link of each chain, whole (NULL for a chain with no link yet).
-- A chain added later inserts its row here in its own migration.
CREATE TABLE chain_heads (
    chain INTEGER PRIMARY KEY REFERENCES chain_names(id),
    seq   INTEGER NOT NULL CHECK (seq >= 0),
    hash  BLOB CHECK (length(hash) = 32),
    CHECK ((seq = 0) = (hash IS NULL))
) STRICT;
INSERT INTO chain_heads (chain, seq, hash)
SELECT n.id, coalesce(l.seq, 0), l.hash
FROM chain_names n
LEFT JOIN chain_links l
  ON l.chain = n.id AND l.seq = (SELECT max(m.seq) FROM chain_links m WHERE m.chain = n.id)
ORDER BY n.id;
-- A head only moves on to the next link, and is never deleted.
CREATE TRIGGER chain_heads_forward BEFORE UPDATE ON chain_heads
WHEN NEW.chain IS NOT OLD.chain OR NEW.seq IS NOT OLD.seq + 1
BEGIN SELECT RAISE(ABORT, 'a chain head only moves on to the next link'); END;
CREATE TRIGGER chain_heads_no_delete BEFORE DELETE ON chain_heads
BEGIN SELECT RAISE(ABORT, 'chain_heads is kept'); END;

CREATE TABLE chain_links_v13 (
    chain  INTEGER NOT NULL,
    seq    INTEGER NOT NULL,
    row_id INTEGER NOT NULL,
    hash   BLOB NOT NULL CHECK (length(hash) IN (8, 32)),
    PRIMARY KEY (chain, seq)
) STRICT, WITHOUT ROWID;
INSERT INTO chain_links_v13 (chain, seq, row_id, hash)
SELECT chain, seq, row_id, CASE WHEN seq % 16 = 0 THEN hash ELSE substr(hash, 1, 8) END
FROM chain_links ORDER BY chain, seq;
DROP TABLE chain_links;
ALTER TABLE chain_links_v13 RENAME TO chain_links;
CREATE TRIGGER chain_links_no_update BEFORE UPDATE ON chain_links
BEGIN SELECT RAISE(ABORT, 'chain_links is append-only'); END;
CREATE TRIGGER chain_links_no_delete BEFORE DELETE ON chain_links
BEGIN SELECT RAISE(ABORT, 'chain_links is append-only'); END;

-- 2. Sealed handovers: the report (JSON) and the text, each listing every
-- open ticket (≈ 20 MB a handover at 50,000 open), stored as zlib streams
-- (`report_z`, `content_z`; src/store/pack.rs). What is sealed is still
-- the text: `content_hash` is its SHA-256, and the handovers chain hashes
-- the texts the columns inflate to (`fd_inflate`), so no link changes.
-- The sqlite3 shell shows the columns as blobs; `frontdesk handover show`
-- prints the text.
CREATE TABLE handovers_v13 (
    id              INTEGER PRIMARY KEY,
    shift_date      TEXT NOT NULL,
    shift_code      TEXT NOT NULL,
    shift_name      TEXT NOT NULL,
    shift_start     INTEGER NOT NULL,
    shift_end       INTEGER NOT NULL,
    from_operator   INTEGER NOT NULL REFERENCES staff(id),
    created_at      INTEGER NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    report_z        BLOB NOT NULL,
    content_z       BLOB NOT NULL,
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
INSERT INTO handovers_v13
SELECT id, shift_date, shift_code, shift_name, shift_start, shift_end, from_operator,
    created_at, note, fd_deflate(report_json), fd_deflate(content), content_hash,
    to_operator, acknowledged_at, remarks, reviewed_by, reviewed_at, review_comment
FROM handovers ORDER BY id;
DROP TABLE handovers;
ALTER TABLE handovers_v13 RENAME TO handovers;
CREATE INDEX handovers_start ON handovers(shift_start);
CREATE INDEX handovers_unacknowledged ON handovers(created_at) WHERE acknowledged_at IS NULL;

-- The triggers of 0002, on the packed columns.
CREATE TRIGGER handovers_content_fixed BEFORE UPDATE ON handovers
WHEN NEW.id IS NOT OLD.id
  OR NEW.shift_date IS NOT OLD.shift_date OR NEW.shift_code IS NOT OLD.shift_code
  OR NEW.shift_name IS NOT OLD.shift_name OR NEW.shift_start IS NOT OLD.shift_start
  OR NEW.shift_end IS NOT OLD.shift_end OR NEW.from_operator IS NOT OLD.from_operator
  OR NEW.created_at IS NOT OLD.created_at OR NEW.note IS NOT OLD.note
  OR NEW.report_z IS NOT OLD.report_z OR NEW.content_z IS NOT OLD.content_z
  OR NEW.content_hash IS NOT OLD.content_hash
BEGIN SELECT RAISE(ABORT, 'a handover''s content is sealed: add an addendum instead'); END;

CREATE TRIGGER handovers_ack_once BEFORE UPDATE ON handovers
WHEN OLD.acknowledged_at IS NOT NULL AND (
     NEW.to_operator IS NOT OLD.to_operator
  OR NEW.acknowledged_at IS NOT OLD.acknowledged_at
  OR NEW.remarks IS NOT OLD.remarks)
BEGIN SELECT RAISE(ABORT, 'a handover is acknowledged once'); END;

CREATE TRIGGER handovers_review_once BEFORE UPDATE ON handovers
WHEN OLD.reviewed_at IS NOT NULL AND (
     NEW.reviewed_by IS NOT OLD.reviewed_by
  OR NEW.reviewed_at IS NOT OLD.reviewed_at
  OR NEW.review_comment IS NOT OLD.review_comment)
BEGIN SELECT RAISE(ABORT, 'a handover is reviewed once'); END;

CREATE TRIGGER handovers_no_delete BEFORE DELETE ON handovers
BEGIN SELECT RAISE(ABORT, 'handovers are kept: they cannot be deleted'); END;
