-- Keys the desk holds (003 §7.3, 002 3.1.1 F4, 3.6.8) and their loans.
-- Records are never deleted: a key handed back to its owner or lost stays on
-- file with its history. Columns read by the handover: keys (unit_id, area,
-- kind, hook), key_loans (key_id, borrower_name, due_at, returned_at, lent_at).

CREATE TABLE keys (
    id              INTEGER PRIMARY KEY,
    unit_id         INTEGER REFERENCES units(id),
    -- Public area or plant room when there is no unit.
    area            TEXT NOT NULL DEFAULT '',
    kind            TEXT NOT NULL CHECK (kind IN ('unit_door','entrance','storage','locker','mailbox','plant_room','other')),
    copies          INTEGER NOT NULL DEFAULT 1 CHECK (copies BETWEEN 1 AND 20),
    -- Hook/slot label in the key cabinet.
    hook            TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'held' CHECK (status IN ('held','returned_to_owner','lost','damaged')),
    -- The owner's consent to keep the key: who agreed, when, what for.
    consent_by      TEXT NOT NULL DEFAULT '',
    consent_at      TEXT,
    consent_purpose TEXT NOT NULL DEFAULT '',
    -- Consent withdrawn: the key went back to `withdrawn_to`, handed over by `withdrawn_by`.
    withdrawn_at    TEXT,
    withdrawn_to    TEXT,
    withdrawn_by    INTEGER REFERENCES staff(id),
    notes           TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    created_by      INTEGER REFERENCES staff(id),
    version         INTEGER NOT NULL DEFAULT 1,
    CHECK (unit_id IS NOT NULL OR area <> ''),
    CHECK ((withdrawn_at IS NULL) = (status <> 'returned_to_owner'))
) STRICT;
CREATE INDEX keys_unit ON keys(unit_id);
CREATE INDEX keys_hook ON keys(hook);
-- One key per hook among the keys the desk still holds.
CREATE UNIQUE INDEX keys_hook_held ON keys(hook) WHERE hook <> '' AND status = 'held';

CREATE TABLE key_loans (
    id              INTEGER PRIMARY KEY,
    key_id          INTEGER NOT NULL REFERENCES keys(id),
    copy_no         INTEGER NOT NULL DEFAULT 1 CHECK (copy_no >= 1),
    borrower_type   TEXT NOT NULL CHECK (borrower_type IN ('owner','sales','contractor','engineering','other')),
    borrower_name   TEXT NOT NULL CHECK (borrower_name <> ''),
    borrower_id_no  TEXT NOT NULL DEFAULT '',
    borrower_phone  TEXT NOT NULL DEFAULT '',
    reason          TEXT NOT NULL,
    ticket_id       INTEGER REFERENCES tickets(id),
    lent_at         TEXT NOT NULL,
    due_at          TEXT NOT NULL,
    lent_by         INTEGER NOT NULL REFERENCES staff(id),
    approved_by     INTEGER REFERENCES staff(id),
    approved_at     TEXT,
    -- The borrower signed the loan register.
    signed          INTEGER NOT NULL DEFAULT 0 CHECK (signed IN (0,1)),
    returned_at     TEXT,
    returned_to     INTEGER REFERENCES staff(id),
    return_condition TEXT CHECK (return_condition IN ('good','damaged','lost')),
    return_note     TEXT NOT NULL DEFAULT '',
    CHECK (due_at > lent_at),
    -- Anyone but the owner or sales staff needs a supervisor's approval (003 §7.3 3):
    -- the store checks the approver's role and PIN; this is the last line.
    CHECK (borrower_type IN ('owner','sales') OR (approved_by IS NOT NULL AND approved_at IS NOT NULL)),
    CHECK ((returned_at IS NULL) = (returned_to IS NULL)),
    CHECK ((returned_at IS NULL) = (return_condition IS NULL))
) STRICT;
CREATE INDEX key_loans_key ON key_loans(key_id, returned_at);
CREATE INDEX key_loans_open ON key_loans(returned_at, due_at);
CREATE INDEX key_loans_ticket ON key_loans(ticket_id);
-- A copy is out to one borrower at a time.
CREATE UNIQUE INDEX key_loans_one_open ON key_loans(key_id, copy_no) WHERE returned_at IS NULL;

-- Copies taken out of service (lost or damaged): recorded, never deleted.
CREATE TABLE key_marks (
    id       INTEGER PRIMARY KEY,
    key_id   INTEGER NOT NULL REFERENCES keys(id),
    copy_no  INTEGER NOT NULL CHECK (copy_no >= 1),
    mark     TEXT NOT NULL CHECK (mark IN ('lost','damaged')),
    -- The loan it came back from (or did not), if any.
    loan_id  INTEGER REFERENCES key_loans(id),
    note     TEXT NOT NULL DEFAULT '',
    at       TEXT NOT NULL,
    by_id    INTEGER NOT NULL REFERENCES staff(id),
    UNIQUE (key_id, copy_no)
) STRICT;

-- Append-only history of each key: registered, lent, returned, consent
-- withdrawn, copy lost or damaged.
CREATE TABLE key_events (
    id       INTEGER PRIMARY KEY,
    key_id   INTEGER NOT NULL REFERENCES keys(id),
    at       TEXT NOT NULL,
    actor_id INTEGER NOT NULL REFERENCES staff(id),
    action   TEXT NOT NULL CHECK (action IN ('register','lend','return','withdraw','lost','damaged')),
    loan_id  INTEGER REFERENCES key_loans(id),
    note     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX key_events_key ON key_events(key_id, id);
CREATE TRIGGER key_events_no_update BEFORE UPDATE ON key_events
BEGIN SELECT RAISE(ABORT, 'key_events is append-only'); END;
CREATE TRIGGER key_events_no_delete BEFORE DELETE ON key_events
BEGIN SELECT RAISE(ABORT, 'key_events is append-only'); END;
CREATE TRIGGER keys_no_delete BEFORE DELETE ON keys
BEGIN SELECT RAISE(ABORT, 'key records are kept'); END;
CREATE TRIGGER key_loans_no_delete BEFORE DELETE ON key_loans
BEGIN SELECT RAISE(ABORT, 'key loans are kept'); END;
