-- Callback tasks 回访 and their attempts (004 篇1 3.5, 篇2 §4). Refined by the callbacks work.

CREATE TABLE callbacks (
    id             INTEGER PRIMARY KEY,
    ticket_id      INTEGER NOT NULL REFERENCES tickets(id),
    -- Why this task exists: complaint coverage, a sampled repair, the daily round.
    reason         TEXT NOT NULL,
    selection_note TEXT NOT NULL DEFAULT '',
    due_at         TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','done','unreachable','cancelled')),
    attempts       INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX callbacks_due ON callbacks(status, due_at);
CREATE INDEX callbacks_ticket ON callbacks(ticket_id);

CREATE TABLE callback_attempts (
    id           INTEGER PRIMARY KEY,
    callback_id  INTEGER NOT NULL REFERENCES callbacks(id),
    at           TEXT NOT NULL,
    caller_id    INTEGER NOT NULL REFERENCES staff(id),
    method       TEXT NOT NULL CHECK (method IN ('phone','visit')),
    reached      INTEGER NOT NULL CHECK (reached IN (0,1)),
    timeliness   TEXT,
    attitude     TEXT,
    workmanship  TEXT,
    satisfaction TEXT CHECK (satisfaction IN ('satisfied','basic','unsatisfied')),
    words        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX callback_attempts_callback ON callback_attempts(callback_id);
CREATE INDEX callback_attempts_at ON callback_attempts(at);
