-- Version 14 (issue 15): the audit rows' details (`ticket_events.data`, a
-- small JSON object) stored once each, as numbers naming them in
-- `ticket_data`.
--
-- The same few details repeat on most rows ({}, who was dispatched, "the
-- resident signed", the reply channel…): ≈ 20 of an audit row's ≈ 55 bytes.
-- As with the words of 0011, what a record link hashes is the text: the
-- chain reads the column back through `ticket_data` (src/store/chain,
-- `Chain::coded`), so every link keeps its value and heads recorded before
-- the upgrade still hold. A detail changed by hand in `ticket_data` changes
-- the hashed content of every row that uses it, and `check` names them.

CREATE TABLE ticket_data (
    id   INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE
) STRICT;
CREATE TRIGGER ticket_data_no_update BEFORE UPDATE ON ticket_data
BEGIN SELECT RAISE(ABORT, 'ticket_data is append-only'); END;
CREATE TRIGGER ticket_data_no_delete BEFORE DELETE ON ticket_data
BEGIN SELECT RAISE(ABORT, 'ticket_data is append-only'); END;

-- No details (most rows) is number 1; the rest in the order of their text.
INSERT INTO ticket_data (id, code) VALUES (1, '{}');
INSERT INTO ticket_data (code)
SELECT DISTINCT data FROM ticket_events WHERE data <> '{}' ORDER BY data;

CREATE TABLE ticket_events_v14 (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
    at         INTEGER NOT NULL,
    actor_id   INTEGER NOT NULL REFERENCES staff(id),
    action     INTEGER NOT NULL REFERENCES ticket_codes(id),
    from_state INTEGER REFERENCES ticket_codes(id),
    to_state   INTEGER NOT NULL REFERENCES ticket_codes(id),
    note       TEXT NOT NULL DEFAULT '',
    data       INTEGER NOT NULL DEFAULT 1 REFERENCES ticket_data(id)
) STRICT;
INSERT INTO ticket_events_v14 (id, ticket_id, at, actor_id, action, from_state, to_state, note, data)
SELECT e.id, e.ticket_id, e.at, e.actor_id, e.action, e.from_state, e.to_state, e.note,
       (SELECT d.id FROM ticket_data d WHERE d.code = e.data)
FROM ticket_events e ORDER BY e.id;
DROP TABLE ticket_events;
ALTER TABLE ticket_events_v14 RENAME TO ticket_events;
CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);
CREATE TRIGGER ticket_events_no_update BEFORE UPDATE ON ticket_events
BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END;
CREATE TRIGGER ticket_events_no_delete BEFORE DELETE ON ticket_events
BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END;
