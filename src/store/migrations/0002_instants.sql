-- Version 2: every instant is INTEGER Unix seconds (UTC), so sessions with
-- different TZ settings record the same moment alike. Version 1 stored the
-- writer's local wall time as TEXT 'YYYY-MM-DD HH:MM:SS'; site_epoch(text)
-- (registered by the store on its connection, from the site's zone in the
-- config) reads those as the site's wall time. Calendar dates that are not
-- instants (shift dates, move-in/out, 'YYYY-MM' months) stay TEXT.
--
-- SQLite cannot change a column's type: each table is created anew, filled
-- from the old one, the old one dropped and the new one renamed, then its
-- indexes and triggers are made again (the triggers exactly as in version 1).
-- The store runs this with foreign keys off and checks them before COMMIT.
-- Where a list only ever searches pending rows, its index is now partial.

PRAGMA application_id = 1178882891; -- 'FDSK': a frontdesk database

-- tickets --------------------------------------------------------------------

CREATE TABLE tickets_v2 (
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
    escalated_at     INTEGER,
    reopen_count     INTEGER NOT NULL DEFAULT 0,
    fee_cents        INTEGER,
    quoted_fee_cents INTEGER,
    paid_at          INTEGER,
    resident_signed  INTEGER CHECK (resident_signed IN (0,1)),
    hold_reason      TEXT,
    explanation      TEXT,
    reply_via        TEXT,
    last_contact_at  INTEGER,
    parent_id        INTEGER REFERENCES tickets(id),
    -- A deadline the resident asked for overrides the default.
    requested_due_at INTEGER,
    created_at       INTEGER NOT NULL,
    dispatched_at    INTEGER,
    accepted_at      INTEGER,
    on_scene_at      INTEGER,
    done_at          INTEGER,
    closed_at        INTEGER,
    updated_at       INTEGER NOT NULL,
    updated_by       INTEGER NOT NULL REFERENCES staff(id),
    version          INTEGER NOT NULL DEFAULT 1
) STRICT;
INSERT INTO tickets_v2
SELECT id, kind, state, unit_id, location, channel, reporter, phone, category, description,
    preferred_time, owner_id, department_id, technician_id, wo_no, urgency, validity,
    developer_defect, escalated_to, site_epoch(escalated_at), reopen_count, fee_cents,
    quoted_fee_cents, site_epoch(paid_at), resident_signed, hold_reason, explanation, reply_via,
    site_epoch(last_contact_at), parent_id, site_epoch(requested_due_at), site_epoch(created_at),
    site_epoch(dispatched_at), site_epoch(accepted_at), site_epoch(on_scene_at),
    site_epoch(done_at), site_epoch(closed_at), site_epoch(updated_at), updated_by, version
FROM tickets;
DROP TABLE tickets;
ALTER TABLE tickets_v2 RENAME TO tickets;
CREATE INDEX tickets_state ON tickets(state, kind);
CREATE INDEX tickets_unit ON tickets(unit_id, created_at);
CREATE INDEX tickets_department ON tickets(department_id, state);
CREATE INDEX tickets_created ON tickets(created_at);
CREATE INDEX tickets_closed ON tickets(closed_at);
CREATE INDEX tickets_parent ON tickets(parent_id);

-- Append-only audit trail: every creation and step, who and when.
CREATE TABLE ticket_events_v2 (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
    at         INTEGER NOT NULL,
    actor_id   INTEGER NOT NULL REFERENCES staff(id),
    action     TEXT NOT NULL,
    from_state TEXT,
    to_state   TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    data       TEXT NOT NULL DEFAULT '{}'
) STRICT;
INSERT INTO ticket_events_v2
SELECT id, ticket_id, site_epoch(at), actor_id, action, from_state, to_state, note, data
FROM ticket_events;
DROP TABLE ticket_events;
ALTER TABLE ticket_events_v2 RENAME TO ticket_events;
CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);
CREATE INDEX ticket_events_at ON ticket_events(at);
CREATE TRIGGER ticket_events_no_update BEFORE UPDATE ON ticket_events
BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END;
CREATE TRIGGER ticket_events_no_delete BEFORE DELETE ON ticket_events
BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END;

-- Unsaved form input kept when a session ends abruptly (SIGHUP).
CREATE TABLE drafts_v2 (
    operator_id INTEGER NOT NULL REFERENCES staff(id),
    screen      TEXT NOT NULL,
    body        TEXT NOT NULL,
    saved_at    INTEGER NOT NULL,
    PRIMARY KEY (operator_id, screen)
) STRICT;
INSERT INTO drafts_v2 SELECT operator_id, screen, body, site_epoch(saved_at) FROM drafts;
DROP TABLE drafts;
ALTER TABLE drafts_v2 RENAME TO drafts;

-- deadlines ------------------------------------------------------------------

CREATE TABLE ticket_deadlines_v2 (
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id),
    what        TEXT NOT NULL CHECK (what IN ('dispatch','collect','finish','reply','explain','contact','on_scene')),
    round       INTEGER NOT NULL DEFAULT 1,
    due_at      INTEGER NOT NULL,
    met_at      INTEGER,
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','met','missed','void')),
    paused_secs INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (ticket_id, what, round)
) STRICT;
INSERT INTO ticket_deadlines_v2
SELECT ticket_id, what, round, site_epoch(due_at), site_epoch(met_at), status, paused_secs
FROM ticket_deadlines;
DROP TABLE ticket_deadlines;
ALTER TABLE ticket_deadlines_v2 RENAME TO ticket_deadlines;
-- The board and the overdue list read running (pending) deadlines only.
CREATE INDEX ticket_deadlines_pending ON ticket_deadlines(ticket_id, due_at) WHERE status = 'pending';
CREATE INDEX ticket_deadlines_pending_due ON ticket_deadlines(due_at) WHERE status = 'pending';
CREATE INDEX ticket_deadlines_ticket ON ticket_deadlines(ticket_id, status, due_at);

CREATE TABLE ticket_holds_v2 (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
    started_at INTEGER NOT NULL,
    ended_at   INTEGER,
    reason     TEXT NOT NULL
) STRICT;
INSERT INTO ticket_holds_v2
SELECT id, ticket_id, site_epoch(started_at), site_epoch(ended_at), reason FROM ticket_holds;
DROP TABLE ticket_holds;
ALTER TABLE ticket_holds_v2 RENAME TO ticket_holds;
CREATE INDEX ticket_holds_ticket ON ticket_holds(ticket_id, started_at);

CREATE TABLE emergency_records_v2 (
    ticket_id    INTEGER PRIMARY KEY REFERENCES tickets(id),
    what         TEXT NOT NULL,
    location     TEXT NOT NULL,
    severity     TEXT NOT NULL CHECK (severity IN ('minor','serious','major')),
    responders   TEXT NOT NULL,
    losses       TEXT NOT NULL DEFAULT '',
    photos_taken INTEGER NOT NULL DEFAULT 0 CHECK (photos_taken IN (0,1)),
    cause        TEXT NOT NULL,
    measures     TEXT NOT NULL,
    recorded_at  INTEGER NOT NULL,
    recorded_by  INTEGER NOT NULL REFERENCES staff(id),
    signed_off_by INTEGER REFERENCES staff(id),
    signed_off_at INTEGER
) STRICT;
INSERT INTO emergency_records_v2
SELECT ticket_id, what, location, severity, responders, losses, photos_taken, cause, measures,
    site_epoch(recorded_at), recorded_by, signed_off_by, site_epoch(signed_off_at)
FROM emergency_records;
DROP TABLE emergency_records;
ALTER TABLE emergency_records_v2 RENAME TO emergency_records;

CREATE TABLE emergency_notifications_v2 (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
    target     TEXT NOT NULL,
    at         INTEGER NOT NULL,
    by_id      INTEGER NOT NULL REFERENCES staff(id)
) STRICT;
INSERT INTO emergency_notifications_v2
SELECT id, ticket_id, target, site_epoch(at), by_id FROM emergency_notifications;
DROP TABLE emergency_notifications;
ALTER TABLE emergency_notifications_v2 RENAME TO emergency_notifications;
CREATE INDEX emergency_notifications_ticket ON emergency_notifications(ticket_id);

-- callbacks ------------------------------------------------------------------

CREATE TABLE callbacks_v2 (
    id             INTEGER PRIMARY KEY,
    ticket_id      INTEGER NOT NULL REFERENCES tickets(id),
    -- Why this task exists: a complaint (100%), a sampled work order, a rework follow-up.
    reason         TEXT NOT NULL CHECK (reason IN ('complaint','invalid_complaint','developer_defect','sample','rework')),
    -- When the ticket's handling closed (销项): replied / explained / done.
    handled_at     INTEGER NOT NULL,
    -- Not called before (a 3 days – 1 week window, or a retry after a missed call).
    not_before     INTEGER,
    due_at         INTEGER NOT NULL,
    -- The due time first set (due_at moves on after a missed call).
    first_due_at   INTEGER NOT NULL,
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
    finished_at    INTEGER,
    finished_by    INTEGER REFERENCES staff(id),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    updated_by     INTEGER NOT NULL REFERENCES staff(id),
    version        INTEGER NOT NULL DEFAULT 1
) STRICT;
INSERT INTO callbacks_v2
SELECT id, ticket_id, reason, site_epoch(handled_at), site_epoch(not_before), site_epoch(due_at),
    site_epoch(first_due_at), status, attempts, result, effect, outcome_ticket_id,
    outcome_event_id, follow_id, unreachable_reason, site_epoch(finished_at), finished_by,
    site_epoch(created_at), site_epoch(updated_at), updated_by, version
FROM callbacks;
DROP TABLE callbacks;
ALTER TABLE callbacks_v2 RENAME TO callbacks;
-- The queue reads pending tasks only, by due time.
CREATE INDEX callbacks_pending_due ON callbacks(due_at) WHERE status = 'pending';
CREATE INDEX callbacks_ticket ON callbacks(ticket_id);
CREATE INDEX callbacks_created ON callbacks(created_at);
CREATE INDEX callbacks_outcome_ticket ON callbacks(outcome_ticket_id);
-- At most one open task per ticket.
CREATE UNIQUE INDEX callbacks_one_pending ON callbacks(ticket_id) WHERE status = 'pending';

CREATE TABLE callback_attempts_v2 (
    id           INTEGER PRIMARY KEY,
    callback_id  INTEGER NOT NULL REFERENCES callbacks(id),
    no           INTEGER NOT NULL,
    at           INTEGER NOT NULL,
    caller_id    INTEGER NOT NULL REFERENCES staff(id),
    recorded_by  INTEGER NOT NULL REFERENCES staff(id),
    recorded_at  INTEGER NOT NULL,
    method       TEXT NOT NULL CHECK (method IN ('phone','visit')),
    reached      INTEGER NOT NULL CHECK (reached IN (0,1)),
    timeliness   TEXT CHECK (timeliness IN ('good','fair','poor')),
    attitude     TEXT CHECK (attitude IN ('good','fair','poor')),
    workmanship  TEXT CHECK (workmanship IN ('good','fair','poor')),
    satisfaction TEXT CHECK (satisfaction IN ('satisfied','basic','unsatisfied')),
    words        TEXT NOT NULL DEFAULT '',
    UNIQUE (callback_id, no)
) STRICT;
INSERT INTO callback_attempts_v2
SELECT id, callback_id, no, site_epoch(at), caller_id, recorded_by, site_epoch(recorded_at),
    method, reached, timeliness, attitude, workmanship, satisfaction, words
FROM callback_attempts;
DROP TABLE callback_attempts;
ALTER TABLE callback_attempts_v2 RENAME TO callback_attempts;
CREATE INDEX callback_attempts_at ON callback_attempts(at);

-- Every sampling decision on a finished repair or paid service, selected or
-- not, with what decided it: a supervisor can recompute and audit each one.
CREATE TABLE callback_samples_v2 (
    id            INTEGER PRIMARY KEY,
    ticket_id     INTEGER NOT NULL REFERENCES tickets(id),
    decided_at    INTEGER NOT NULL,
    -- 'YYYY-MM' of the completion (site-local): each month has its own quota.
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
INSERT INTO callback_samples_v2
SELECT id, ticket_id, site_epoch(decided_at), month, seq, picked_before, score, rate_percent,
    basis, selected, callback_id
FROM callback_samples;
DROP TABLE callback_samples;
ALTER TABLE callback_samples_v2 RENAME TO callback_samples;
CREATE INDEX callback_samples_month ON callback_samples(month, seq);
CREATE INDEX callback_samples_ticket ON callback_samples(ticket_id);
CREATE INDEX callback_samples_callback ON callback_samples(callback_id);

-- keys -----------------------------------------------------------------------

CREATE TABLE keys_v2 (
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
    consent_at      INTEGER,
    consent_purpose TEXT NOT NULL DEFAULT '',
    -- Consent withdrawn: the key went back to `withdrawn_to`, handed over by `withdrawn_by`.
    withdrawn_at    INTEGER,
    withdrawn_to    TEXT,
    withdrawn_by    INTEGER REFERENCES staff(id),
    notes           TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    created_by      INTEGER REFERENCES staff(id),
    version         INTEGER NOT NULL DEFAULT 1,
    CHECK (unit_id IS NOT NULL OR area <> ''),
    CHECK ((withdrawn_at IS NULL) = (status <> 'returned_to_owner'))
) STRICT;
INSERT INTO keys_v2
SELECT id, unit_id, area, kind, copies, hook, status, consent_by, site_epoch(consent_at),
    consent_purpose, site_epoch(withdrawn_at), withdrawn_to, withdrawn_by, notes,
    site_epoch(created_at), created_by, version
FROM keys;
DROP TABLE keys;
ALTER TABLE keys_v2 RENAME TO keys;
CREATE INDEX keys_unit ON keys(unit_id);
CREATE INDEX keys_hook ON keys(hook);
-- One key per hook among the keys the desk still holds.
CREATE UNIQUE INDEX keys_hook_held ON keys(hook) WHERE hook <> '' AND status = 'held';
CREATE TRIGGER keys_no_delete BEFORE DELETE ON keys
BEGIN SELECT RAISE(ABORT, 'key records are kept'); END;

CREATE TABLE key_loans_v2 (
    id              INTEGER PRIMARY KEY,
    key_id          INTEGER NOT NULL REFERENCES keys(id),
    copy_no         INTEGER NOT NULL DEFAULT 1 CHECK (copy_no >= 1),
    borrower_type   TEXT NOT NULL CHECK (borrower_type IN ('owner','sales','contractor','engineering','other')),
    borrower_name   TEXT NOT NULL CHECK (borrower_name <> ''),
    borrower_id_no  TEXT NOT NULL DEFAULT '',
    borrower_phone  TEXT NOT NULL DEFAULT '',
    reason          TEXT NOT NULL,
    ticket_id       INTEGER REFERENCES tickets(id),
    lent_at         INTEGER NOT NULL,
    due_at          INTEGER NOT NULL,
    lent_by         INTEGER NOT NULL REFERENCES staff(id),
    approved_by     INTEGER REFERENCES staff(id),
    approved_at     INTEGER,
    -- The borrower signed the loan register.
    signed          INTEGER NOT NULL DEFAULT 0 CHECK (signed IN (0,1)),
    returned_at     INTEGER,
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
INSERT INTO key_loans_v2
SELECT id, key_id, copy_no, borrower_type, borrower_name, borrower_id_no, borrower_phone, reason,
    ticket_id, site_epoch(lent_at), site_epoch(due_at), lent_by, approved_by,
    site_epoch(approved_at), signed, site_epoch(returned_at), returned_to, return_condition,
    return_note
FROM key_loans;
DROP TABLE key_loans;
ALTER TABLE key_loans_v2 RENAME TO key_loans;
CREATE INDEX key_loans_key ON key_loans(key_id, returned_at);
-- Keys out, by due time: only loans not yet returned.
CREATE INDEX key_loans_out_due ON key_loans(due_at) WHERE returned_at IS NULL;
CREATE INDEX key_loans_ticket ON key_loans(ticket_id);
-- A copy is out to one borrower at a time.
CREATE UNIQUE INDEX key_loans_one_open ON key_loans(key_id, copy_no) WHERE returned_at IS NULL;
CREATE TRIGGER key_loans_no_delete BEFORE DELETE ON key_loans
BEGIN SELECT RAISE(ABORT, 'key loans are kept'); END;

-- Copies taken out of service (lost or damaged): recorded, never deleted.
CREATE TABLE key_marks_v2 (
    id       INTEGER PRIMARY KEY,
    key_id   INTEGER NOT NULL REFERENCES keys(id),
    copy_no  INTEGER NOT NULL CHECK (copy_no >= 1),
    mark     TEXT NOT NULL CHECK (mark IN ('lost','damaged')),
    -- The loan it came back from (or did not), if any.
    loan_id  INTEGER REFERENCES key_loans(id),
    note     TEXT NOT NULL DEFAULT '',
    at       INTEGER NOT NULL,
    by_id    INTEGER NOT NULL REFERENCES staff(id),
    UNIQUE (key_id, copy_no)
) STRICT;
INSERT INTO key_marks_v2
SELECT id, key_id, copy_no, mark, loan_id, note, site_epoch(at), by_id FROM key_marks;
DROP TABLE key_marks;
ALTER TABLE key_marks_v2 RENAME TO key_marks;

-- Append-only history of each key: registered, lent, returned, consent
-- withdrawn, copy lost or damaged.
CREATE TABLE key_events_v2 (
    id       INTEGER PRIMARY KEY,
    key_id   INTEGER NOT NULL REFERENCES keys(id),
    at       INTEGER NOT NULL,
    actor_id INTEGER NOT NULL REFERENCES staff(id),
    action   TEXT NOT NULL CHECK (action IN ('register','lend','return','withdraw','lost','damaged')),
    loan_id  INTEGER REFERENCES key_loans(id),
    note     TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO key_events_v2
SELECT id, key_id, site_epoch(at), actor_id, action, loan_id, note FROM key_events;
DROP TABLE key_events;
ALTER TABLE key_events_v2 RENAME TO key_events;
CREATE INDEX key_events_key ON key_events(key_id, id);
CREATE TRIGGER key_events_no_update BEFORE UPDATE ON key_events
BEGIN SELECT RAISE(ABORT, 'key_events is append-only'); END;
CREATE TRIGGER key_events_no_delete BEFORE DELETE ON key_events
BEGIN SELECT RAISE(ABORT, 'key_events is append-only'); END;

-- duty log and handovers -----------------------------------------------------

CREATE TABLE duty_log_v2 (
    id            INTEGER PRIMARY KEY,
    at            INTEGER NOT NULL,
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
    promise_due_at INTEGER,
    CHECK ((category IN ('kept','correction')) = (refers_to IS NOT NULL)),
    CHECK (category <> 'promise' OR promise_due_at IS NOT NULL)
) STRICT;
INSERT INTO duty_log_v2
SELECT id, site_epoch(at), shift_date, shift_code, category, text, operator_id, unit_id,
    ticket_id, refers_to, site_epoch(promise_due_at)
FROM duty_log;
DROP TABLE duty_log;
ALTER TABLE duty_log_v2 RENAME TO duty_log;
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
-- once by a supervisor. Nothing else ever changes: see the triggers. The
-- report and the text keep the site-local times they were made with.
CREATE TABLE handovers_v2 (
    id              INTEGER PRIMARY KEY,
    shift_date      TEXT NOT NULL,
    shift_code      TEXT NOT NULL,
    shift_name      TEXT NOT NULL,
    shift_start     INTEGER NOT NULL,
    shift_end       INTEGER NOT NULL,
    from_operator   INTEGER NOT NULL REFERENCES staff(id),
    created_at      INTEGER NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    report_json     TEXT NOT NULL,
    content         TEXT NOT NULL,
    content_hash    TEXT NOT NULL,
    to_operator     INTEGER REFERENCES staff(id),
    acknowledged_at INTEGER,
    remarks         TEXT NOT NULL DEFAULT '',
    reviewed_by     INTEGER REFERENCES staff(id),
    reviewed_at     INTEGER,
    review_comment  TEXT NOT NULL DEFAULT '',
    UNIQUE (shift_date, shift_code),
    CHECK (to_operator IS NULL OR to_operator <> from_operator),
    CHECK ((to_operator IS NULL) = (acknowledged_at IS NULL)),
    CHECK ((reviewed_by IS NULL) = (reviewed_at IS NULL)),
    CHECK (reviewed_at IS NULL OR acknowledged_at IS NOT NULL)
) STRICT;
INSERT INTO handovers_v2
SELECT id, shift_date, shift_code, shift_name, site_epoch(shift_start), site_epoch(shift_end),
    from_operator, site_epoch(created_at), note, report_json, content, content_hash, to_operator,
    site_epoch(acknowledged_at), remarks, reviewed_by, site_epoch(reviewed_at), review_comment
FROM handovers;
DROP TABLE handovers;
ALTER TABLE handovers_v2 RENAME TO handovers;
CREATE INDEX handovers_start ON handovers(shift_start);
-- The one waiting for the incoming operator.
CREATE INDEX handovers_unacknowledged ON handovers(created_at) WHERE acknowledged_at IS NULL;

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
CREATE TABLE handover_addenda_v2 (
    id          INTEGER PRIMARY KEY,
    handover_id INTEGER NOT NULL REFERENCES handovers(id),
    at          INTEGER NOT NULL,
    author_id   INTEGER NOT NULL REFERENCES staff(id),
    text        TEXT NOT NULL CHECK (length(trim(text)) > 0)
) STRICT;
INSERT INTO handover_addenda_v2
SELECT id, handover_id, site_epoch(at), author_id, text FROM handover_addenda;
DROP TABLE handover_addenda;
ALTER TABLE handover_addenda_v2 RENAME TO handover_addenda;
CREATE INDEX handover_addenda_handover ON handover_addenda(handover_id, id);
CREATE TRIGGER handover_addenda_no_update BEFORE UPDATE ON handover_addenda
BEGIN SELECT RAISE(ABORT, 'handover addenda are append-only'); END;
CREATE TRIGGER handover_addenda_no_delete BEFORE DELETE ON handover_addenda
BEGIN SELECT RAISE(ABORT, 'handover addenda are append-only'); END;
