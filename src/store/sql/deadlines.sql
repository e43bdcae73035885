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
