-- Version 5: who is acting is established, not taken as typed.
--
-- A person may be bound to a Unix account (`login`): a command run from that
-- account acts as them without a PIN. Wrong PINs are counted per person; at
-- the site's limit (`[security] lockout_attempts`) the person is locked until
-- `locked_until` (Unix seconds) and refused even with the right PIN.
-- SQLite cannot add a UNIQUE column: the partial unique index makes it one.
ALTER TABLE staff ADD COLUMN login TEXT;
ALTER TABLE staff ADD COLUMN failed_pins INTEGER NOT NULL DEFAULT 0 CHECK (failed_pins >= 0);
ALTER TABLE staff ADD COLUMN locked_until INTEGER;
CREATE UNIQUE INDEX staff_login ON staff(login) WHERE login IS NOT NULL;

-- Every sign-in outcome, screen lock and operator switch: append only.
-- `client` is the address from SSH_CLIENT (NULL on a local terminal);
-- `login` the Unix account when that was the proof.
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
CREATE INDEX signins_staff ON signins(staff_id, at);

CREATE TRIGGER signins_no_update BEFORE UPDATE ON signins
BEGIN
    SELECT RAISE(ABORT, 'signins are append-only');
END;
CREATE TRIGGER signins_no_delete BEFORE DELETE ON signins
BEGIN
    SELECT RAISE(ABORT, 'signins are append-only');
END;

-- Changes to staff and departments: who, when, what. Append only.
-- `staff_id` / `department_id` name the record changed; `detail` is JSON
-- of the values set (never a PIN or its hash).
CREATE TABLE staff_changes (
    id            INTEGER PRIMARY KEY,
    at            INTEGER NOT NULL,
    by_id         INTEGER NOT NULL REFERENCES staff(id),
    action        TEXT NOT NULL CHECK (action IN ('staff_added','staff_disabled',
                      'pin_set','dept_added')),
    staff_id      INTEGER REFERENCES staff(id),
    department_id INTEGER REFERENCES departments(id),
    detail        TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX staff_changes_staff ON staff_changes(staff_id, at);

CREATE TRIGGER staff_changes_no_update BEFORE UPDATE ON staff_changes
BEGIN
    SELECT RAISE(ABORT, 'staff changes are append-only');
END;
CREATE TRIGGER staff_changes_no_delete BEFORE DELETE ON staff_changes
BEGIN
    SELECT RAISE(ABORT, 'staff changes are append-only');
END;
