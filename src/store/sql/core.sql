-- The site, its people and the tickets. Times are site-local 'YYYY-MM-DD HH:MM:SS'.

CREATE TABLE departments (
    id      INTEGER PRIMARY KEY,
    code    TEXT NOT NULL UNIQUE,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL
) STRICT;

CREATE TABLE staff (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('operator','supervisor','manager','technician')),
    department_id INTEGER REFERENCES departments(id),
    phone         TEXT NOT NULL DEFAULT '',
    -- argon2 PHC string; NULL when the person has no PIN yet.
    pin_hash      TEXT,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1))
) STRICT;
CREATE INDEX staff_department ON staff(department_id, role);

CREATE TABLE buildings (
    id        INTEGER PRIMARY KEY,
    no        INTEGER NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('residential','office')),
    entrances INTEGER NOT NULL DEFAULT 0,
    floors    INTEGER NOT NULL
) STRICT;

CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    building_id INTEGER NOT NULL REFERENCES buildings(id),
    building    INTEGER NOT NULL,
    -- 0 for a building without entrances (office tower: floor-room).
    entrance    INTEGER NOT NULL DEFAULT 0,
    room        INTEGER NOT NULL,
    floor       INTEGER NOT NULL,
    code        TEXT NOT NULL UNIQUE,
    area_m2     REAL,
    notes       TEXT NOT NULL DEFAULT '',
    UNIQUE (building, entrance, room)
) STRICT;
-- Lookup by the room alone ("1201") must be instant.
CREATE INDEX units_room ON units(room);

CREATE TABLE households (
    id             INTEGER PRIMARY KEY,
    unit_id        INTEGER NOT NULL REFERENCES units(id),
    kind           TEXT NOT NULL CHECK (kind IN ('owner','tenant')),
    name           TEXT NOT NULL,
    move_in        TEXT,
    move_out       TEXT,
    payment_status TEXT NOT NULL DEFAULT 'paid' CHECK (payment_status IN ('paid','arrears','unknown')),
    notes          TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX households_unit ON households(unit_id, move_out);

CREATE TABLE household_members (
    id           INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households(id),
    name         TEXT NOT NULL,
    relation     TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    id_number    TEXT NOT NULL DEFAULT '',
    is_primary   INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0,1))
) STRICT;
CREATE INDEX household_members_household ON household_members(household_id);

CREATE TABLE tickets (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind IN ('repair','complaint','emergency','enquiry','paid')),
    state            TEXT NOT NULL,
    unit_id          INTEGER REFERENCES units(id),
    -- Public-area location, or detail within the unit.
    location         TEXT NOT NULL DEFAULT '',
    channel          TEXT NOT NULL CHECK (channel IN ('phone','visit','letter','patrol','department')),
    reporter         TEXT NOT NULL DEFAULT '',
    phone            TEXT NOT NULL DEFAULT '',
    category         TEXT NOT NULL DEFAULT '',
    description      TEXT NOT NULL,
    preferred_time   TEXT NOT NULL DEFAULT '',
    -- 首问负责制: the operator who took it owns it.
    owner_id         INTEGER NOT NULL REFERENCES staff(id),
    department_id    INTEGER REFERENCES departments(id),
    technician_id    INTEGER REFERENCES staff(id),
    -- Work-order number, given in the dispatch transaction, never reused.
    wo_no            TEXT UNIQUE,
    urgency          TEXT CHECK (urgency IN ('severe_urgent','urgent','not_urgent')),
    validity         TEXT CHECK (validity IN ('valid','invalid')),
    developer_defect INTEGER NOT NULL DEFAULT 0 CHECK (developer_defect IN (0,1)),
    escalated_to     TEXT,
    escalated_at     TEXT,
    reopen_count     INTEGER NOT NULL DEFAULT 0,
    fee_cents        INTEGER,
    quoted_fee_cents INTEGER,
    paid_at          TEXT,
    resident_signed  INTEGER CHECK (resident_signed IN (0,1)),
    hold_reason      TEXT,
    explanation      TEXT,
    reply_via        TEXT,
    last_contact_at  TEXT,
    parent_id        INTEGER REFERENCES tickets(id),
    -- A deadline the resident asked for overrides the default.
    requested_due_at TEXT,
    created_at       TEXT NOT NULL,
    dispatched_at    TEXT,
    accepted_at      TEXT,
    on_scene_at      TEXT,
    done_at          TEXT,
    closed_at        TEXT,
    updated_at       TEXT NOT NULL,
    updated_by       INTEGER NOT NULL REFERENCES staff(id),
    version          INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX tickets_state ON tickets(state, kind);
CREATE INDEX tickets_unit ON tickets(unit_id, created_at);
CREATE INDEX tickets_department ON tickets(department_id, state);
CREATE INDEX tickets_created ON tickets(created_at);
CREATE INDEX tickets_closed ON tickets(closed_at);
CREATE INDEX tickets_parent ON tickets(parent_id);

-- Append-only audit trail: every creation and step, who and when.
CREATE TABLE ticket_events (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
    at         TEXT NOT NULL,
    actor_id   INTEGER NOT NULL REFERENCES staff(id),
    action     TEXT NOT NULL,
    from_state TEXT,
    to_state   TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    data       TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);
CREATE INDEX ticket_events_at ON ticket_events(at);
CREATE TRIGGER ticket_events_no_update BEFORE UPDATE ON ticket_events
BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END;
CREATE TRIGGER ticket_events_no_delete BEFORE DELETE ON ticket_events
BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END;

-- Gapless work-order sequence per year; bumped inside the dispatch transaction.
CREATE TABLE wo_counters (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
) STRICT;

-- Unsaved form input kept when a session ends abruptly (SIGHUP).
CREATE TABLE drafts (
    operator_id INTEGER NOT NULL REFERENCES staff(id),
    screen      TEXT NOT NULL,
    body        TEXT NOT NULL,
    saved_at    TEXT NOT NULL,
    PRIMARY KEY (operator_id, screen)
) STRICT;
