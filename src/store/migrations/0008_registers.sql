-- Version 8 (9 once 0008_figures is merged before it): the desk's other registers 登记 — visitors 来访, mail and
-- parcels 报刊/快递, goods release passes 物品放行条, renovations 装修, move-in
-- 入伙 and move-out 迁出 (the seed manuals 002 2.8-2.9, 3.1.1-3.1.4, 3.1.16;
-- 003 七(1), 七(2), 七(6); 004 篇3 3, 篇4 4).
--
-- Each register's life cycle is a table of domain::registers; `state` holds
-- its codes. Every step is one write that checks the table again and appends
-- a `register_events` row (who, when, from, to, what was given): that table
-- is append-only (triggers refuse UPDATE and DELETE). Like the other
-- append-only records (0007), the register's are linked into hash chains
-- (src/store/chain.rs: register_events, goods_passes as issued, their items,
-- renovation fees and passes); the tables are new here, so there are no
-- rows to link.
--
-- Instants are INTEGER Unix seconds, calendar dates 'YYYY-MM-DD' text, money
-- INTEGER cents. ID numbers and phones are kept whole here and masked
-- whenever they are shown. `version` counts a record's changes, so two desks
-- cannot step on each other.

-- Gapless numbers per series and year (goods release passes, renovation
-- passes), bumped inside the issuing transaction: a rolled-back issue
-- leaves no hole.
CREATE TABLE register_counters (
    series TEXT NOT NULL CHECK (series IN ('goods_pass','renovation_pass')),
    year   INTEGER NOT NULL,
    last   INTEGER NOT NULL,
    PRIMARY KEY (series, year)
) STRICT;

-- 来访登记 (002 2.8 4).
CREATE TABLE visitors (
    id          INTEGER PRIMARY KEY,
    state       TEXT NOT NULL CHECK (state IN ('inside','left','refused')),
    name        TEXT NOT NULL DEFAULT '',
    id_number   TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    unit_id     INTEGER REFERENCES units(id),
    purpose     TEXT NOT NULL DEFAULT '',
    people      INTEGER NOT NULL DEFAULT 1 CHECK (people BETWEEN 1 AND 99),
    badge       TEXT NOT NULL DEFAULT '',
    salesperson INTEGER NOT NULL DEFAULT 0 CHECK (salesperson IN (0,1)),
    reason      TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    -- Arrival (or refusal) and departure.
    in_at       INTEGER NOT NULL,
    out_at      INTEGER,
    created_by  INTEGER NOT NULL REFERENCES staff(id),
    out_by      INTEGER REFERENCES staff(id),
    version     INTEGER NOT NULL DEFAULT 1,
    CHECK ((state = 'left') = (out_at IS NOT NULL)),
    CHECK (state <> 'inside' OR (name <> '' AND unit_id IS NOT NULL)),
    CHECK (state <> 'refused' OR reason <> '')
) STRICT;
-- Who is still inside: only those rows.
CREATE INDEX visitors_inside ON visitors(in_at) WHERE state = 'inside';
CREATE INDEX visitors_unit ON visitors(unit_id, in_at);
CREATE INDEX visitors_in_at ON visitors(in_at);
CREATE INDEX visitors_name ON visitors(name);

-- 报刊/快递收发 (002 2.9, 4.7).
CREATE TABLE parcels (
    id            INTEGER PRIMARY KEY,
    state         TEXT NOT NULL CHECK (state IN ('waiting','notified','picked_up','returned')),
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    kind          TEXT NOT NULL CHECK (kind IN ('letter','registered','parcel','newspaper')),
    carrier       TEXT NOT NULL DEFAULT '',
    count         INTEGER NOT NULL DEFAULT 1 CHECK (count BETWEEN 1 AND 999),
    shelf         TEXT NOT NULL DEFAULT '',
    tracking      TEXT NOT NULL DEFAULT '',
    addressee     TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    received_at   INTEGER NOT NULL,
    received_by   INTEGER NOT NULL REFERENCES staff(id),
    notified_at   INTEGER,
    notified_via  TEXT CHECK (notified_via IN ('phone','sms','slip','wechat','in_person')),
    notify_count  INTEGER NOT NULL DEFAULT 0,
    picked_up_at  INTEGER,
    picked_up_by  TEXT,
    signed        INTEGER CHECK (signed IN (0,1)),
    returned_at   INTEGER,
    return_reason TEXT,
    closed_by     INTEGER REFERENCES staff(id),
    version       INTEGER NOT NULL DEFAULT 1,
    CHECK ((state = 'picked_up') = (picked_up_at IS NOT NULL)),
    CHECK ((state = 'returned') = (returned_at IS NOT NULL)),
    -- Registered post is handed over against a signature: the last line.
    CHECK (state <> 'picked_up' OR kind <> 'registered' OR signed = 1)
) STRICT;
CREATE INDEX parcels_waiting ON parcels(received_at) WHERE state IN ('waiting','notified');
CREATE INDEX parcels_unit ON parcels(unit_id, received_at);
CREATE INDEX parcels_received ON parcels(received_at);

-- 物品放行条 (003 七(2)5): numbered, valid the day it is issued.
CREATE TABLE goods_passes (
    id              INTEGER PRIMARY KEY,
    no              TEXT NOT NULL UNIQUE,
    state           TEXT NOT NULL CHECK (state IN ('issued','used','expired','cancelled')),
    unit_id         INTEGER NOT NULL REFERENCES units(id),
    person          TEXT NOT NULL CHECK (person <> ''),
    id_number       TEXT NOT NULL CHECK (id_number <> ''),
    phone           TEXT NOT NULL DEFAULT '',
    vehicle         TEXT NOT NULL DEFAULT '',
    -- The owner's confirmation: who, how, when.
    confirmed_by    TEXT NOT NULL DEFAULT '',
    confirmed_via   TEXT CHECK (confirmed_via IN ('phone','in_person','letter')),
    confirmed_at    INTEGER,
    -- Or a supervisor's override (PIN proven at the desk) with its reason.
    override_by     INTEGER REFERENCES staff(id),
    override_reason TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT '',
    issued_at       INTEGER NOT NULL,
    issued_by       INTEGER NOT NULL REFERENCES staff(id),
    valid_until     INTEGER NOT NULL,
    used_at         INTEGER,
    used_by         INTEGER REFERENCES staff(id),
    closed_at       INTEGER,
    close_reason    TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    CHECK (valid_until > issued_at),
    CHECK ((state = 'used') = (used_at IS NOT NULL)),
    CHECK ((state IN ('expired','cancelled')) = (closed_at IS NOT NULL)),
    CHECK ((confirmed_by <> '' AND confirmed_via IS NOT NULL AND confirmed_at IS NOT NULL)
        OR (override_by IS NOT NULL AND override_reason <> ''))
) STRICT;
CREATE INDEX goods_passes_issued ON goods_passes(valid_until) WHERE state = 'issued';
CREATE INDEX goods_passes_unit ON goods_passes(unit_id, issued_at);
CREATE INDEX goods_passes_at ON goods_passes(issued_at);
CREATE TRIGGER goods_passes_no_delete BEFORE DELETE ON goods_passes
BEGIN SELECT RAISE(ABORT, 'goods release passes are kept'); END;

-- What a pass lets out: fixed once issued.
CREATE TABLE goods_pass_items (
    -- A row id of its own, for the item's link in its hash chain.
    id       INTEGER PRIMARY KEY,
    pass_id  INTEGER NOT NULL REFERENCES goods_passes(id),
    line     INTEGER NOT NULL CHECK (line >= 1),
    item     TEXT NOT NULL CHECK (item <> ''),
    quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 9999),
    UNIQUE (pass_id, line)
) STRICT;
CREATE TRIGGER goods_pass_items_no_update BEFORE UPDATE ON goods_pass_items
BEGIN SELECT RAISE(ABORT, 'a pass''s items are fixed once issued'); END;
CREATE TRIGGER goods_pass_items_no_delete BEFORE DELETE ON goods_pass_items
BEGIN SELECT RAISE(ABORT, 'a pass''s items are fixed once issued'); END;

-- 装修 (002 3.1.2-3.1.3; 003 七(6)).
CREATE TABLE renovations (
    id                INTEGER PRIMARY KEY,
    state             TEXT NOT NULL CHECK (state IN ('applied','approved','rejected','in_progress',
                          'hidden_passed','suspended','completed','accepted','refunded','closed')),
    unit_id           INTEGER NOT NULL REFERENCES units(id),
    applicant         TEXT NOT NULL CHECK (applicant <> ''),
    contractor        TEXT NOT NULL CHECK (contractor <> ''),
    responsible       TEXT NOT NULL CHECK (responsible <> ''),
    phone             TEXT NOT NULL,
    licence_checked   INTEGER NOT NULL CHECK (licence_checked = 1),
    scope             TEXT NOT NULL,
    planned_start     TEXT NOT NULL CHECK (planned_start GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    planned_end       TEXT NOT NULL CHECK (planned_end GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    -- The site's allowed working hours when the application was made.
    hours             TEXT NOT NULL DEFAULT '',
    applied_at        INTEGER NOT NULL,
    -- The application complete; approval is due within N working days of it.
    papers_at         INTEGER,
    approval_due_at   INTEGER,
    approved_at       INTEGER,
    approved_by       INTEGER REFERENCES staff(id),
    started_at        INTEGER,
    -- A hidden-works inspection asked for (002 3.1.3 H: two days before closing up).
    inspection_at     INTEGER,
    hidden_passed_at  INTEGER,
    completed_at      INTEGER,
    accepted_at       INTEGER,
    refunded_at       INTEGER,
    refund_cents      INTEGER CHECK (refund_cents >= 0),
    deduction_cents   INTEGER CHECK (deduction_cents >= 0),
    deduction_reason  TEXT NOT NULL DEFAULT '',
    closed_at         INTEGER,
    -- Why it stopped (suspended, rejected).
    stop_reason       TEXT NOT NULL DEFAULT '',
    violations        INTEGER NOT NULL DEFAULT 0,
    note              TEXT NOT NULL DEFAULT '',
    created_by        INTEGER NOT NULL REFERENCES staff(id),
    updated_at        INTEGER NOT NULL,
    updated_by        INTEGER NOT NULL REFERENCES staff(id),
    version           INTEGER NOT NULL DEFAULT 1,
    CHECK (planned_end >= planned_start),
    CHECK ((papers_at IS NULL) = (approval_due_at IS NULL)),
    CHECK (state IN ('applied','rejected') OR approved_by IS NOT NULL)
) STRICT;
CREATE INDEX renovations_open ON renovations(state, planned_end)
    WHERE state NOT IN ('rejected','closed');
CREATE INDEX renovations_unit ON renovations(unit_id, applied_at);
CREATE TRIGGER renovations_no_delete BEFORE DELETE ON renovations
BEGIN SELECT RAISE(ABORT, 'renovation records are kept'); END;

-- Deposits and fees received, with their receipts: appended, never changed.
CREATE TABLE renovation_fees (
    id            INTEGER PRIMARY KEY,
    renovation_id INTEGER NOT NULL REFERENCES renovations(id),
    item          TEXT NOT NULL CHECK (item IN ('owner_deposit','deposit','supervision',
                      'pass_deposit','pass_fee','other')),
    amount_cents  INTEGER NOT NULL CHECK (amount_cents >= 0),
    receipt_no    TEXT NOT NULL CHECK (receipt_no <> ''),
    at            INTEGER NOT NULL,
    by_id         INTEGER NOT NULL REFERENCES staff(id)
) STRICT;
CREATE INDEX renovation_fees_renovation ON renovation_fees(renovation_id);
CREATE TRIGGER renovation_fees_no_update BEFORE UPDATE ON renovation_fees
BEGIN SELECT RAISE(ABORT, 'renovation_fees is append-only'); END;
CREATE TRIGGER renovation_fees_no_delete BEFORE DELETE ON renovation_fees
BEGIN SELECT RAISE(ABORT, 'renovation_fees is append-only'); END;

-- Workers' passes 出入证 (≤ 3 months), temporary ones 临时出入证 (3 days)
-- and hot-work permits 动火证 (with a supervisor's approval), numbered.
CREATE TABLE renovation_passes (
    id            INTEGER PRIMARY KEY,
    renovation_id INTEGER NOT NULL REFERENCES renovations(id),
    no            TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL CHECK (kind IN ('worker','temporary','hot_work')),
    holder        TEXT NOT NULL CHECK (holder <> ''),
    id_number     TEXT NOT NULL CHECK (id_number <> ''),
    -- 动火证: the welder's certificate 电气焊操作本.
    certificate   TEXT NOT NULL DEFAULT '',
    valid_from    TEXT NOT NULL,
    valid_until   TEXT NOT NULL,
    approved_by   INTEGER REFERENCES staff(id),
    issued_at     INTEGER NOT NULL,
    issued_by     INTEGER NOT NULL REFERENCES staff(id),
    CHECK (valid_until >= valid_from),
    CHECK (kind <> 'hot_work' OR (approved_by IS NOT NULL AND certificate <> ''))
) STRICT;
CREATE INDEX renovation_passes_renovation ON renovation_passes(renovation_id);
CREATE INDEX renovation_passes_valid ON renovation_passes(valid_until);
CREATE TRIGGER renovation_passes_no_update BEFORE UPDATE ON renovation_passes
BEGIN SELECT RAISE(ABORT, 'renovation_passes is append-only'); END;
CREATE TRIGGER renovation_passes_no_delete BEFORE DELETE ON renovation_passes
BEGIN SELECT RAISE(ABORT, 'renovation_passes is append-only'); END;

-- 入伙 / 迁出 (002 3.1.1, 3.1.4, 3.1.16; 003 七(1)): the checklist; once
-- done, the household's move-in or move-out is written in the same
-- transaction (store::households).
CREATE TABLE moves (
    id             INTEGER PRIMARY KEY,
    direction      TEXT NOT NULL CHECK (direction IN ('in','out')),
    state          TEXT NOT NULL CHECK (state IN ('open','done','cancelled')),
    unit_id        INTEGER NOT NULL REFERENCES units(id),
    household_kind TEXT NOT NULL CHECK (household_kind IN ('owner','tenant')),
    -- Move-in: the new household's name; the household once written.
    name           TEXT NOT NULL DEFAULT '',
    household_id   INTEGER REFERENCES households(id),
    phone          TEXT NOT NULL DEFAULT '',
    id_number      TEXT NOT NULL DEFAULT '',
    date           TEXT CHECK (date IS NULL OR date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    papers         INTEGER NOT NULL DEFAULT 0 CHECK (papers IN (0,1)),
    id_copy        INTEGER NOT NULL DEFAULT 0 CHECK (id_copy IN (0,1)),
    inspected      INTEGER NOT NULL DEFAULT 0 CHECK (inspected IN (0,1)),
    keys           INTEGER,
    key_receipt    TEXT NOT NULL DEFAULT '',
    meters         TEXT NOT NULL DEFAULT '',
    fees_paid      INTEGER NOT NULL DEFAULT 0 CHECK (fees_paid IN (0,1)),
    documents      INTEGER NOT NULL DEFAULT 0 CHECK (documents IN (0,1)),
    keys_returned  INTEGER NOT NULL DEFAULT 0 CHECK (keys_returned IN (0,1)),
    note           TEXT NOT NULL DEFAULT '',
    reason         TEXT NOT NULL DEFAULT '',
    opened_at      INTEGER NOT NULL,
    done_at        INTEGER,
    created_by     INTEGER NOT NULL REFERENCES staff(id),
    updated_at     INTEGER NOT NULL,
    updated_by     INTEGER NOT NULL REFERENCES staff(id),
    version        INTEGER NOT NULL DEFAULT 1,
    CHECK ((state = 'done') = (done_at IS NOT NULL)),
    CHECK (state <> 'done' OR (household_id IS NOT NULL AND date IS NOT NULL))
) STRICT;
CREATE INDEX moves_open ON moves(opened_at) WHERE state = 'open';
CREATE INDEX moves_unit ON moves(unit_id, opened_at);

-- The audit of every register: one row per step, whole, in order.
CREATE TABLE register_events (
    id          INTEGER PRIMARY KEY,
    register    TEXT NOT NULL CHECK (register IN ('visitor','parcel','pass','renovation',
                    'move_in','move_out')),
    record_id   INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    actor_id    INTEGER NOT NULL REFERENCES staff(id),
    action      TEXT NOT NULL,
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    -- What the step was given (JSON with sorted keys; ID numbers masked).
    data        TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX register_events_record ON register_events(register, record_id, id);
CREATE INDEX register_events_at ON register_events(at);
CREATE TRIGGER register_events_no_update BEFORE UPDATE ON register_events
BEGIN SELECT RAISE(ABORT, 'register_events is append-only'); END;
CREATE TRIGGER register_events_no_delete BEFORE DELETE ON register_events
BEGIN SELECT RAISE(ABORT, 'register_events is append-only'); END;
