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
-- Deadlines per ticket and the holds that stop their clocks (issue: kinds and deadlines).

-- One row per promise and round (a reworked repair or a reopened complaint
-- starts a new round). due_at already includes time added back after holds.
CREATE TABLE ticket_deadlines (
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id),
    what        TEXT NOT NULL CHECK (what IN ('dispatch','collect','finish','reply','explain','contact','on_scene')),
    round       INTEGER NOT NULL DEFAULT 1,
    due_at      TEXT NOT NULL,
    met_at      TEXT,
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','met','missed','void')),
    paused_secs INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (ticket_id, what, round)
) STRICT;
CREATE INDEX ticket_deadlines_due ON ticket_deadlines(status, due_at);
CREATE INDEX ticket_deadlines_ticket ON ticket_deadlines(ticket_id, status, due_at);

CREATE TABLE ticket_holds (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
    started_at TEXT NOT NULL,
    ended_at   TEXT,
    reason     TEXT NOT NULL
) STRICT;
CREATE INDEX ticket_holds_ticket ON ticket_holds(ticket_id, started_at);

CREATE TABLE emergency_records (
    ticket_id    INTEGER PRIMARY KEY REFERENCES tickets(id),
    what         TEXT NOT NULL,
    location     TEXT NOT NULL,
    severity     TEXT NOT NULL CHECK (severity IN ('minor','serious','major')),
    responders   TEXT NOT NULL,
    losses       TEXT NOT NULL DEFAULT '',
    photos_taken INTEGER NOT NULL DEFAULT 0 CHECK (photos_taken IN (0,1)),
    cause        TEXT NOT NULL,
    measures     TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    recorded_by  INTEGER NOT NULL REFERENCES staff(id),
    signed_off_by INTEGER REFERENCES staff(id),
    signed_off_at TEXT
) STRICT;

CREATE TABLE emergency_notifications (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
    target     TEXT NOT NULL,
    at         TEXT NOT NULL,
    by_id      INTEGER NOT NULL REFERENCES staff(id)
) STRICT;
CREATE INDEX emergency_notifications_ticket ON emergency_notifications(ticket_id);
-- Callback tasks 回访 and their attempts (004 篇1 3.5, 篇2 §4, 篇5 4.5; 003 §7.4, §7.8).
-- Rules: src/domain/callback.rs. Written by src/store/callbacks.rs only.

CREATE TABLE callbacks (
    id             INTEGER PRIMARY KEY,
    ticket_id      INTEGER NOT NULL REFERENCES tickets(id),
    -- Why this task exists: a complaint (100%), a sampled work order, a rework follow-up.
    reason         TEXT NOT NULL CHECK (reason IN ('complaint','invalid_complaint','developer_defect','sample','rework')),
    -- When the ticket's handling closed (销项): replied / explained / done.
    handled_at     TEXT NOT NULL,
    -- Not called before (a 3 days – 1 week window, or a retry after a missed call).
    not_before     TEXT,
    due_at         TEXT NOT NULL,
    -- The due time first set (due_at moves on after a missed call).
    first_due_at   TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','done','unreachable','cancelled')),
    attempts       INTEGER NOT NULL DEFAULT 0,
    -- The verdict of the reached call (status 'done').
    result         TEXT CHECK (result IN ('satisfied','basic','unsatisfied')),
    -- What the outcome did to the ticket, the ticket it put back to work (the
    -- same one, or a linked rework ticket) and that step's audit row.
    effect         TEXT CHECK (effect IN ('closed','rework','reopened','follow_up','already_closed','awaiting_payment','supervisor','unchanged')),
    outcome_ticket_id INTEGER REFERENCES tickets(id),
    outcome_event_id  INTEGER REFERENCES ticket_events(id),
    -- The callback made after the ticket was finished again.
    follow_id      INTEGER REFERENCES callbacks(id),
    -- Why it was given up (the notes of the missed calls).
    unreachable_reason TEXT,
    finished_at    TEXT,
    finished_by    INTEGER REFERENCES staff(id),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    updated_by     INTEGER NOT NULL REFERENCES staff(id),
    version        INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX callbacks_due ON callbacks(status, due_at);
CREATE INDEX callbacks_ticket ON callbacks(ticket_id);
CREATE INDEX callbacks_created ON callbacks(created_at);
CREATE INDEX callbacks_outcome_ticket ON callbacks(outcome_ticket_id);
-- At most one open task per ticket.
CREATE UNIQUE INDEX callbacks_one_pending ON callbacks(ticket_id) WHERE status = 'pending';

CREATE TABLE callback_attempts (
    id           INTEGER PRIMARY KEY,
    callback_id  INTEGER NOT NULL REFERENCES callbacks(id),
    no           INTEGER NOT NULL,
    at           TEXT NOT NULL,
    caller_id    INTEGER NOT NULL REFERENCES staff(id),
    recorded_by  INTEGER NOT NULL REFERENCES staff(id),
    recorded_at  TEXT NOT NULL,
    method       TEXT NOT NULL CHECK (method IN ('phone','visit')),
    reached      INTEGER NOT NULL CHECK (reached IN (0,1)),
    timeliness   TEXT CHECK (timeliness IN ('good','fair','poor')),
    attitude     TEXT CHECK (attitude IN ('good','fair','poor')),
    workmanship  TEXT CHECK (workmanship IN ('good','fair','poor')),
    satisfaction TEXT CHECK (satisfaction IN ('satisfied','basic','unsatisfied')),
    words        TEXT NOT NULL DEFAULT '',
    UNIQUE (callback_id, no)
) STRICT;
CREATE INDEX callback_attempts_at ON callback_attempts(at);

-- Every sampling decision on a finished repair or paid service, selected or
-- not, with what decided it: a supervisor can recompute and audit each one.
CREATE TABLE callback_samples (
    id            INTEGER PRIMARY KEY,
    ticket_id     INTEGER NOT NULL REFERENCES tickets(id),
    decided_at    TEXT NOT NULL,
    -- 'YYYY-MM' of the completion: each month has its own quota.
    month         TEXT NOT NULL,
    -- n-th decision of the month (1-based); 0 for a rework follow-up.
    seq           INTEGER NOT NULL,
    -- Selected among the month's earlier decisions.
    picked_before INTEGER NOT NULL,
    -- sha256(salt, month, ticket id) in 0..10000, and the rate in percent.
    score         INTEGER NOT NULL,
    rate_percent  INTEGER NOT NULL,
    basis         TEXT NOT NULL CHECK (basis IN ('hash','quota_up','quota_down','rework')),
    selected      INTEGER NOT NULL CHECK (selected IN (0,1)),
    callback_id   INTEGER REFERENCES callbacks(id)
) STRICT;
CREATE INDEX callback_samples_month ON callback_samples(month, seq);
CREATE INDEX callback_samples_ticket ON callback_samples(ticket_id);
CREATE INDEX callback_samples_callback ON callback_samples(callback_id);
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
-- Duty log 值班日志 and sealed shift handovers 交接班 (002 3.6.3, 3.6.5).
-- A shift is (shift_date, shift_code): the date it starts on and its code in
-- the config's shift plan.

CREATE TABLE duty_log (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    shift_date    TEXT NOT NULL,
    shift_code    TEXT NOT NULL,
    category      TEXT NOT NULL CHECK (category IN ('call','visitor','patrol','incident','promise','note','kept','correction')),
    text          TEXT NOT NULL,
    operator_id   INTEGER NOT NULL REFERENCES staff(id),
    unit_id       INTEGER REFERENCES units(id),
    ticket_id     INTEGER REFERENCES tickets(id),
    -- A correction or a 'kept' mark points at the entry it concerns (a
    -- correction always at the original, never at another correction).
    refers_to     INTEGER REFERENCES duty_log(id),
    promise_due_at TEXT,
    CHECK ((category IN ('kept','correction')) = (refers_to IS NOT NULL)),
    CHECK (category <> 'promise' OR promise_due_at IS NOT NULL)
) STRICT;
CREATE INDEX duty_log_shift ON duty_log(shift_date, shift_code, at);
CREATE INDEX duty_log_at ON duty_log(at);
CREATE INDEX duty_log_refers ON duty_log(refers_to, category);
-- Open promises are found by category.
CREATE INDEX duty_log_category ON duty_log(category, promise_due_at);
-- A promise is kept once.
CREATE UNIQUE INDEX duty_log_kept_once ON duty_log(refers_to) WHERE category = 'kept';
CREATE TRIGGER duty_log_no_update BEFORE UPDATE ON duty_log
BEGIN SELECT RAISE(ABORT, 'duty_log is append-only'); END;
CREATE TRIGGER duty_log_no_delete BEFORE DELETE ON duty_log
BEGIN SELECT RAISE(ABORT, 'duty_log is append-only'); END;

-- One row per handed-over shift. Written by the outgoing operator with the
-- report as generated (JSON) and as shown (text) plus the SHA-256 of the
-- text; acknowledged once by the incoming operator (PIN checked), reviewed
-- once by a supervisor. Nothing else ever changes: see the triggers.
CREATE TABLE handovers (
    id              INTEGER PRIMARY KEY,
    shift_date      TEXT NOT NULL,
    shift_code      TEXT NOT NULL,
    shift_name      TEXT NOT NULL,
    shift_start     TEXT NOT NULL,
    shift_end       TEXT NOT NULL,
    from_operator   INTEGER NOT NULL REFERENCES staff(id),
    created_at      TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    report_json     TEXT NOT NULL,
    content         TEXT NOT NULL,
    content_hash    TEXT NOT NULL,
    to_operator     INTEGER REFERENCES staff(id),
    acknowledged_at TEXT,
    remarks         TEXT NOT NULL DEFAULT '',
    reviewed_by     INTEGER REFERENCES staff(id),
    reviewed_at     TEXT,
    review_comment  TEXT NOT NULL DEFAULT '',
    UNIQUE (shift_date, shift_code),
    CHECK (to_operator IS NULL OR to_operator <> from_operator),
    CHECK ((to_operator IS NULL) = (acknowledged_at IS NULL)),
    CHECK ((reviewed_by IS NULL) = (reviewed_at IS NULL)),
    CHECK (reviewed_at IS NULL OR acknowledged_at IS NOT NULL)
) STRICT;
CREATE INDEX handovers_start ON handovers(shift_start);
CREATE INDEX handovers_unacknowledged ON handovers(acknowledged_at, created_at);

-- The report and everything the outgoing operator wrote are fixed at insert.
CREATE TRIGGER handovers_content_fixed BEFORE UPDATE ON handovers
WHEN NEW.id IS NOT OLD.id
  OR NEW.shift_date IS NOT OLD.shift_date OR NEW.shift_code IS NOT OLD.shift_code
  OR NEW.shift_name IS NOT OLD.shift_name OR NEW.shift_start IS NOT OLD.shift_start
  OR NEW.shift_end IS NOT OLD.shift_end OR NEW.from_operator IS NOT OLD.from_operator
  OR NEW.created_at IS NOT OLD.created_at OR NEW.note IS NOT OLD.note
  OR NEW.report_json IS NOT OLD.report_json OR NEW.content IS NOT OLD.content
  OR NEW.content_hash IS NOT OLD.content_hash
BEGIN SELECT RAISE(ABORT, 'a handover''s content is sealed: add an addendum instead'); END;

-- The acknowledgement is set once, by an UPDATE from unacknowledged.
CREATE TRIGGER handovers_ack_once BEFORE UPDATE ON handovers
WHEN OLD.acknowledged_at IS NOT NULL AND (
     NEW.to_operator IS NOT OLD.to_operator
  OR NEW.acknowledged_at IS NOT OLD.acknowledged_at
  OR NEW.remarks IS NOT OLD.remarks)
BEGIN SELECT RAISE(ABORT, 'a handover is acknowledged once'); END;

-- The review is set once.
CREATE TRIGGER handovers_review_once BEFORE UPDATE ON handovers
WHEN OLD.reviewed_at IS NOT NULL AND (
     NEW.reviewed_by IS NOT OLD.reviewed_by
  OR NEW.reviewed_at IS NOT OLD.reviewed_at
  OR NEW.review_comment IS NOT OLD.review_comment)
BEGIN SELECT RAISE(ABORT, 'a handover is reviewed once'); END;

CREATE TRIGGER handovers_no_delete BEFORE DELETE ON handovers
BEGIN SELECT RAISE(ABORT, 'handovers are kept: they cannot be deleted'); END;

-- Later corrections to a handover: appended, never changed.
CREATE TABLE handover_addenda (
    id          INTEGER PRIMARY KEY,
    handover_id INTEGER NOT NULL REFERENCES handovers(id),
    at          TEXT NOT NULL,
    author_id   INTEGER NOT NULL REFERENCES staff(id),
    text        TEXT NOT NULL CHECK (length(trim(text)) > 0)
) STRICT;
CREATE INDEX handover_addenda_handover ON handover_addenda(handover_id, id);
CREATE TRIGGER handover_addenda_no_update BEFORE UPDATE ON handover_addenda
BEGIN SELECT RAISE(ABORT, 'handover addenda are append-only'); END;
CREATE TRIGGER handover_addenda_no_delete BEFORE DELETE ON handover_addenda
BEGIN SELECT RAISE(ABORT, 'handover addenda are append-only'); END;
