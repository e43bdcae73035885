-- Version 12: a supervisor who authorises one step at the desk with their PIN
-- is recorded as `authorised`, not `signed_in` (they opened no session).
--
-- SQLite cannot change a CHECK in place: the table is rebuilt with the same
-- rows and ids (the signins record chain hashes the column values by id, so
-- every link still verifies), then its index and append-only triggers are
-- made again. DROP TABLE's implicit delete fires no trigger.
CREATE TABLE signins_new (
    id       INTEGER PRIMARY KEY,
    at       INTEGER NOT NULL,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    event    TEXT NOT NULL CHECK (event IN ('signed_in','wrong_pin','locked',
                 'refused_locked','screen_locked','unlocked','switched',
                 'authorised')),
    via      TEXT NOT NULL CHECK (via IN ('tui','cli')),
    client   TEXT,
    login    TEXT
) STRICT;
INSERT INTO signins_new (id, at, staff_id, event, via, client, login)
    SELECT id, at, staff_id, event, via, client, login FROM signins ORDER BY id;
DROP TABLE signins;
ALTER TABLE signins_new RENAME TO signins;
CREATE INDEX signins_staff ON signins(staff_id, at);

CREATE TRIGGER signins_no_update BEFORE UPDATE ON signins
BEGIN
    SELECT RAISE(ABORT, 'signins are append-only');
END;
CREATE TRIGGER signins_no_delete BEFORE DELETE ON signins
BEGIN
    SELECT RAISE(ABORT, 'signins are append-only');
END;
