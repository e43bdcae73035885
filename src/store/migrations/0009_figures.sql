-- Version 9: figures, reports and exports.
--
-- 1. An emergency is followed by a visit 上门回访 within 20 days of its record
--    (004 篇1 3.3.1): a callback task of the new reason 'emergency_visit',
--    created when the record 紧急情况处理登记表 is first completed. SQLite
--    cannot widen a CHECK, so `callbacks` is created anew with every row,
--    index and reference kept (foreign keys are off while migrations run and
--    checked before the commit). Emergencies recorded before this version
--    get no task: their follow-up shows as owed in the figures.
-- 2. Indexes the figures read by, so a month of a large site is read by
--    ranges, never by walking a whole table (tests/figures_store.rs checks
--    the plans):
--    - tickets open a long time: a partial index of the tickets that were
--      (or are) open for more than 30 days, by registration. A ticket
--      registered more than 30 days before a period and still open in it is
--      one of these.
--    - deadlines by their nominal due time (the stored due time less the
--      time spent on hold), the time that decides their period;
--    - callbacks by when they were finished, sampling decisions by when they
--      were taken, emergency records by when they were completed, key loans
--      by when they were lent and when they were due.
-- 3. `export_audit`: every export that showed phones and ID numbers in full,
--    append-only: who, when, what, the range asked, how many rows, where to.

CREATE TABLE callbacks_v9 (
    id             INTEGER PRIMARY KEY,
    ticket_id      INTEGER NOT NULL REFERENCES tickets(id),
    -- Why this task exists: a complaint (100%), a sampled work order, a rework
    -- follow-up, an emergency's follow-up visit.
    reason         TEXT NOT NULL CHECK (reason IN ('complaint','invalid_complaint','developer_defect','sample','rework','emergency_visit')),
    -- When the ticket's handling closed (销项): replied / explained / done /
    -- the emergency record completed.
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
INSERT INTO callbacks_v9 (id, ticket_id, reason, handled_at, not_before, due_at, first_due_at,
    status, attempts, result, effect, outcome_ticket_id, outcome_event_id, follow_id,
    unreachable_reason, finished_at, finished_by, created_at, updated_at, updated_by, version)
SELECT id, ticket_id, reason, handled_at, not_before, due_at, first_due_at,
    status, attempts, result, effect, outcome_ticket_id, outcome_event_id, follow_id,
    unreachable_reason, finished_at, finished_by, created_at, updated_at, updated_by, version
FROM callbacks;
DROP TABLE callbacks;
ALTER TABLE callbacks_v9 RENAME TO callbacks;
-- The queue reads pending tasks only, by due time.
CREATE INDEX callbacks_pending_due ON callbacks(due_at) WHERE status = 'pending';
CREATE INDEX callbacks_ticket ON callbacks(ticket_id);
CREATE INDEX callbacks_created ON callbacks(created_at);
CREATE INDEX callbacks_outcome_ticket ON callbacks(outcome_ticket_id);
-- One pending task per ticket.
CREATE UNIQUE INDEX callbacks_one_pending ON callbacks(ticket_id) WHERE status = 'pending';
-- The figures: tasks finished (done or given up) in a period.
CREATE INDEX callbacks_finished ON callbacks(finished_at);

-- Tickets registered more than 30 days (2,592,000 s) before a period that
-- were still open in it. The figures' query repeats this WHERE exactly, so
-- SQLite can use the index.
CREATE INDEX tickets_long_open ON tickets(created_at)
    WHERE closed_at IS NULL OR closed_at - created_at > 2592000;
CREATE INDEX ticket_deadlines_nominal ON ticket_deadlines(due_at - paused_secs);
CREATE INDEX callback_samples_decided ON callback_samples(decided_at);
CREATE INDEX emergency_records_recorded ON emergency_records(recorded_at);
CREATE INDEX key_loans_lent ON key_loans(lent_at);
CREATE INDEX key_loans_due ON key_loans(due_at);

-- Exports with phones and ID numbers in full (`frontdesk export --unmasked`,
-- supervisors and managers only). Written before the first row leaves, with
-- the number of rows there were to export then.
CREATE TABLE export_audit (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    actor_id   INTEGER NOT NULL REFERENCES staff(id),
    -- How the person was established: 'pin' or 'login'.
    proof      TEXT NOT NULL,
    what       TEXT NOT NULL CHECK (what IN ('tickets','callbacks','keys','log','handovers','events')),
    format     TEXT NOT NULL CHECK (format IN ('csv','xlsx','json')),
    -- The range asked for, as typed dates (YYYY-MM-DD); NULL: open-ended.
    range_from TEXT,
    range_to   TEXT,
    rows       INTEGER NOT NULL CHECK (rows >= 0),
    -- The file written, or '-' for standard output.
    target     TEXT NOT NULL
) STRICT;
CREATE INDEX export_audit_at ON export_audit(at);
CREATE TRIGGER export_audit_no_update BEFORE UPDATE ON export_audit
BEGIN SELECT RAISE(ABORT, 'export_audit is append-only'); END;
CREATE TRIGGER export_audit_no_delete BEFORE DELETE ON export_audit
BEGIN SELECT RAISE(ABORT, 'export_audit is append-only'); END;
