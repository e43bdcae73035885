-- Keys the desk holds (003 §7.3, 002 3.6.8) and their loans. Refined by the keys work.

CREATE TABLE keys (
    id              INTEGER PRIMARY KEY,
    unit_id         INTEGER REFERENCES units(id),
    -- Public area or plant room when there is no unit.
    area            TEXT NOT NULL DEFAULT '',
    kind            TEXT NOT NULL CHECK (kind IN ('unit_door','entrance','storage','locker','mailbox','plant_room','other')),
    copies          INTEGER NOT NULL DEFAULT 1 CHECK (copies >= 1),
    hook            TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'held' CHECK (status IN ('held','returned_to_owner','lost','damaged')),
    consent_by      TEXT NOT NULL DEFAULT '',
    consent_at      TEXT,
    consent_purpose TEXT NOT NULL DEFAULT '',
    withdrawn_at    TEXT,
    notes           TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX keys_unit ON keys(unit_id);
CREATE INDEX keys_hook ON keys(hook);

CREATE TABLE key_loans (
    id              INTEGER PRIMARY KEY,
    key_id          INTEGER NOT NULL REFERENCES keys(id),
    copy_no         INTEGER NOT NULL DEFAULT 1,
    borrower_type   TEXT NOT NULL CHECK (borrower_type IN ('owner','sales','contractor','engineering','other')),
    borrower_name   TEXT NOT NULL,
    borrower_id_no  TEXT NOT NULL DEFAULT '',
    borrower_phone  TEXT NOT NULL DEFAULT '',
    reason          TEXT NOT NULL,
    ticket_id       INTEGER REFERENCES tickets(id),
    lent_at         TEXT NOT NULL,
    due_at          TEXT NOT NULL,
    lent_by         INTEGER NOT NULL REFERENCES staff(id),
    approved_by     INTEGER REFERENCES staff(id),
    approved_at     TEXT,
    signed          INTEGER NOT NULL DEFAULT 0 CHECK (signed IN (0,1)),
    returned_at     TEXT,
    returned_to     INTEGER REFERENCES staff(id),
    return_condition TEXT
) STRICT;
CREATE INDEX key_loans_key ON key_loans(key_id, returned_at);
CREATE INDEX key_loans_open ON key_loans(returned_at, due_at);
