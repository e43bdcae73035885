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
