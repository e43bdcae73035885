-- Version 16 (issue 15): an audit row's details found again by a 32-bit key
-- instead of a unique index on their text.
--
-- `ticket_data` keeps about one detail for every two tickets (every
-- callback's result names its callback), 51 bytes of text on average; the
-- unique index on `code` held all of it a second time (31 of the file's
-- bytes a ticket on the 1,000,000-ticket site). `code_key` is the first 4
-- bytes of the text's SHA-256 (`fd_data_key`, src/store/event_data.rs): a
-- lookup is `code_key = ? AND code = ?`, one step of a 4-byte index. Keys
-- may collide, so the index is not unique; two rows with the same text
-- (only by hand) are harmless: each row names its detail by number.
--
-- The numbers and the texts do not change: what a record link hashes is the
-- text (`Chain::coded`), so every link keeps its value and heads recorded
-- before the upgrade still hold.

CREATE TABLE ticket_data_v16 (
    id       INTEGER PRIMARY KEY,
    code     TEXT NOT NULL,
    code_key INTEGER NOT NULL
) STRICT;
INSERT INTO ticket_data_v16 (id, code, code_key)
SELECT id, code, fd_data_key(code) FROM ticket_data ORDER BY id;
DROP TABLE ticket_data;
ALTER TABLE ticket_data_v16 RENAME TO ticket_data;
CREATE INDEX ticket_data_key ON ticket_data(code_key);
CREATE TRIGGER ticket_data_no_update BEFORE UPDATE ON ticket_data
BEGIN SELECT RAISE(ABORT, 'ticket_data is append-only'); END;
CREATE TRIGGER ticket_data_no_delete BEFORE DELETE ON ticket_data
BEGIN SELECT RAISE(ABORT, 'ticket_data is append-only'); END;
