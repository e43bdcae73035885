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
