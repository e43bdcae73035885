-- Duty log 值班日志 and sealed shift handovers 交接班 (002 3.6.3, 3.6.5). Refined by the handover work.

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
    -- A correction or a 'kept' mark points at the entry it concerns.
    refers_to     INTEGER REFERENCES duty_log(id),
    promise_due_at TEXT
) STRICT;
CREATE INDEX duty_log_shift ON duty_log(shift_date, shift_code);
CREATE INDEX duty_log_at ON duty_log(at);
CREATE TRIGGER duty_log_no_update BEFORE UPDATE ON duty_log
BEGIN SELECT RAISE(ABORT, 'duty_log is append-only'); END;
CREATE TRIGGER duty_log_no_delete BEFORE DELETE ON duty_log
BEGIN SELECT RAISE(ABORT, 'duty_log is append-only'); END;

CREATE TABLE handovers (
    id              INTEGER PRIMARY KEY,
    shift_date      TEXT NOT NULL,
    shift_code      TEXT NOT NULL,
    from_operator   INTEGER NOT NULL REFERENCES staff(id),
    to_operator     INTEGER REFERENCES staff(id),
    created_at      TEXT NOT NULL,
    content         TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    acknowledged_at TEXT,
    remarks         TEXT NOT NULL DEFAULT '',
    content_hash    TEXT,
    reviewed_by     INTEGER REFERENCES staff(id),
    reviewed_at     TEXT,
    review_comment  TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX handovers_shift ON handovers(shift_date, shift_code);

CREATE TABLE handover_addenda (
    id          INTEGER PRIMARY KEY,
    handover_id INTEGER NOT NULL REFERENCES handovers(id),
    at          TEXT NOT NULL,
    author_id   INTEGER NOT NULL REFERENCES staff(id),
    text        TEXT NOT NULL
) STRICT;
