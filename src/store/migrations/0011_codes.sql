-- Version 11 (issue 15, a database under 1 KB a ticket): the words stored
-- on every audit row and every deadline as small numbers.
--
-- 1. The audit trail's words (`action`, `from_state`, `to_state`).
--
-- They were ≈ 30 of an audit row's ≈ 72 bytes, repeated on every row: now
-- one byte each, named in `ticket_codes`. What a record link hashes is the
-- word, as before: the chain reads a coded column back through
-- `ticket_codes` (src/store/chain.rs, `Chain::coded`), so every link keeps
-- its value, heads recorded before the upgrade still hold, and this is a
-- change of storage, not of the chain. A code renamed by hand would change
-- the word of every row that uses it, and `frontdesk check` names those rows.

CREATE TABLE ticket_codes (
    id   INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE
) STRICT;
CREATE TRIGGER ticket_codes_no_update BEFORE UPDATE ON ticket_codes
BEGIN SELECT RAISE(ABORT, 'ticket_codes is append-only'); END;
CREATE TRIGGER ticket_codes_no_delete BEFORE DELETE ON ticket_codes
BEGIN SELECT RAISE(ABORT, 'ticket_codes is append-only'); END;

-- Every word the program writes (the registration, a recorded callback, the
-- states, the actions: domain::ticket), numbered once and for good. A word
-- one state and one action share has one number.
INSERT INTO ticket_codes (id, code) VALUES
    (1, 'create'),
    (2, 'callback'),
    (3, 'registered'),
    (4, 'classified'),
    (5, 'invalid'),
    (6, 'explained'),
    (7, 'dispatched'),
    (8, 'accepted'),
    (9, 'on_hold'),
    (10, 'done'),
    (11, 'paid'),
    (12, 'handled'),
    (13, 'replied'),
    (14, 'on_scene'),
    (15, 'recorded'),
    (16, 'converted'),
    (17, 'closed'),
    (18, 'cancelled'),
    (19, 'out_of_scope'),
    (20, 'dispatch'),
    (21, 'reassign'),
    (22, 'return'),
    (23, 'accept'),
    (24, 'hold'),
    (25, 'resume'),
    (26, 'complete'),
    (27, 'confirm_payment'),
    (28, 'close'),
    (29, 'cancel'),
    (30, 'rework'),
    (31, 'classify'),
    (32, 'classify_invalid'),
    (33, 'explain'),
    (34, 'handle'),
    (35, 'reply'),
    (36, 'escalate'),
    (37, 'contact'),
    (38, 'reopen'),
    (39, 'notify'),
    (40, 'record'),
    (41, 'sign_off'),
    (42, 'answer'),
    (43, 'convert'),
    (44, 'link_repair');
-- Any other word an older file holds (a row written by hand) keeps its exact
-- text under a number of its own, so `check` still sees and names that row.
INSERT INTO ticket_codes (code)
SELECT w FROM (
    SELECT action AS w FROM ticket_events
    UNION SELECT from_state FROM ticket_events
    UNION SELECT to_state FROM ticket_events)
WHERE w IS NOT NULL AND w NOT IN (SELECT code FROM ticket_codes)
ORDER BY w;

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
SELECT e.id, e.ticket_id, e.at, e.actor_id,
       (SELECT c.id FROM ticket_codes c WHERE c.code = e.action),
       (SELECT c.id FROM ticket_codes c WHERE c.code = e.from_state),
       (SELECT c.id FROM ticket_codes c WHERE c.code = e.to_state),
       e.note, e.data
FROM ticket_events e ORDER BY e.id;
DROP TABLE ticket_events;
ALTER TABLE ticket_events_v11 RENAME TO ticket_events;
CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);
CREATE TRIGGER ticket_events_no_update BEFORE UPDATE ON ticket_events
BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END;
CREATE TRIGGER ticket_events_no_delete BEFORE DELETE ON ticket_events
BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END;

-- 2. Follow-up tickets (a rework after a callback) are one in a hundred; no
-- statement looks tickets up by parent except for those that have one, so
-- the index keeps only them (`parent_id = ?` implies the index's WHERE).
DROP INDEX tickets_parent;
CREATE INDEX tickets_parent ON tickets(parent_id) WHERE parent_id IS NOT NULL;

-- 3. Deadlines: `what` and `status` as numbers too (≈ 12 of a row's ≈ 31
-- bytes; `what` is part of the key, so every index entry carried it as
-- well). `what` is numbered in the order of its words, so `ORDER BY what`
-- reads as before; a pending deadline is 0, what the partial indexes pick.
-- The numbers are src/store/deadlines.rs's (`WHAT_NO`, `STATUS_NO`).
-- Deadlines are not chained: nothing hashed changes.
CREATE TABLE ticket_deadlines_v11 (
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id),
    what        INTEGER NOT NULL CHECK (what BETWEEN 1 AND 7),
    round       INTEGER NOT NULL DEFAULT 1,
    due_at      INTEGER NOT NULL,
    met_at      INTEGER,
    status      INTEGER NOT NULL DEFAULT 0 CHECK (status BETWEEN 0 AND 3),
    paused_secs INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (ticket_id, what, round)
) STRICT, WITHOUT ROWID;
INSERT INTO ticket_deadlines_v11
SELECT ticket_id,
       CASE what WHEN 'collect' THEN 1 WHEN 'contact' THEN 2 WHEN 'dispatch' THEN 3
                 WHEN 'explain' THEN 4 WHEN 'finish' THEN 5 WHEN 'on_scene' THEN 6
                 WHEN 'reply' THEN 7 END,
       round, due_at, met_at,
       CASE status WHEN 'pending' THEN 0 WHEN 'met' THEN 1 WHEN 'missed' THEN 2
                   WHEN 'void' THEN 3 END,
       paused_secs
FROM ticket_deadlines;
DROP TABLE ticket_deadlines;
ALTER TABLE ticket_deadlines_v11 RENAME TO ticket_deadlines;
CREATE INDEX ticket_deadlines_pending ON ticket_deadlines(ticket_id, due_at) WHERE status = 0;
CREATE INDEX ticket_deadlines_pending_due ON ticket_deadlines(due_at) WHERE status = 0;
CREATE INDEX ticket_deadlines_nominal ON ticket_deadlines(due_at - paused_secs);
