-- Safety (issue: nothing lost, nothing forged, nothing confusing).
--
-- Drafts: kept per session as well as per operator and screen, so two
-- sessions of one operator that both hang up keep both drafts (the newest is
-- restored first, the others at the next starts). Drafts saved before this
-- version belong to one earlier session.

CREATE TABLE drafts_v7 (
    operator_id INTEGER NOT NULL REFERENCES staff(id),
    screen      TEXT NOT NULL,
    -- One run of the program (process id and start time).
    session     TEXT NOT NULL,
    body        TEXT NOT NULL,
    saved_at    INTEGER NOT NULL,
    PRIMARY KEY (operator_id, screen, session)
) STRICT;
INSERT INTO drafts_v7 (operator_id, screen, session, body, saved_at)
SELECT operator_id, screen, 'before-v7', body, saved_at FROM drafts;
DROP TABLE drafts;
ALTER TABLE drafts_v7 RENAME TO drafts;

-- Tamper evidence (docs/tamper-evidence.md). Each append-only record is
-- linked into a hash chain of its own: link n = SHA-256 over link n-1, the
-- chain's name, the row id and the row's content (fd_chain, registered by
-- the program on its connections; src/store/chain.rs). The program writes
-- a row's link in the same statement as the row (TEMP triggers of its own
-- connections); `frontdesk check` verifies the chains.

CREATE TABLE chain_links (
    chain  TEXT NOT NULL,
    -- 1, 2, 3 … within the chain, in the order the links were written.
    seq    INTEGER NOT NULL,
    row_id INTEGER NOT NULL,
    hash   TEXT NOT NULL CHECK (length(hash) = 64),
    PRIMARY KEY (chain, seq),
    UNIQUE (chain, row_id)
) STRICT;
CREATE TRIGGER chain_links_no_update BEFORE UPDATE ON chain_links
BEGIN SELECT RAISE(ABORT, 'chain_links is append-only'); END;
CREATE TRIGGER chain_links_no_delete BEFORE DELETE ON chain_links
BEGIN SELECT RAISE(ABORT, 'chain_links is append-only'); END;

-- The rows already there, in id order: an upgraded site starts with valid
-- chains. (A chain linked by an update — acknowledgement, review, return —
-- holds the rows where that update happened.)

INSERT INTO chain_links (chain, seq, row_id, hash)
WITH RECURSIVE c(seq, id, hash) AS (
    SELECT 1, t.id, fd_chain('', 'ticket_events', t.id, t.ticket_id, t.at, t.actor_id, t.action, t.from_state, t.to_state, t.note, t.data)
    FROM ticket_events t WHERE t.id = (SELECT min(id) FROM ticket_events)
    UNION ALL
    SELECT c.seq + 1, t.id, fd_chain(c.hash, 'ticket_events', t.id, t.ticket_id, t.at, t.actor_id, t.action, t.from_state, t.to_state, t.note, t.data)
    FROM c JOIN ticket_events t ON t.id = (SELECT min(id) FROM ticket_events WHERE id > c.id)
)
SELECT 'ticket_events', seq, id, hash FROM c;

INSERT INTO chain_links (chain, seq, row_id, hash)
WITH RECURSIVE c(seq, id, hash) AS (
    SELECT 1, t.id, fd_chain('', 'emergency_notifications', t.id, t.ticket_id, t.target, t.at, t.by_id)
    FROM emergency_notifications t WHERE t.id = (SELECT min(id) FROM emergency_notifications)
    UNION ALL
    SELECT c.seq + 1, t.id, fd_chain(c.hash, 'emergency_notifications', t.id, t.ticket_id, t.target, t.at, t.by_id)
    FROM c JOIN emergency_notifications t ON t.id = (SELECT min(id) FROM emergency_notifications WHERE id > c.id)
)
SELECT 'emergency_notifications', seq, id, hash FROM c;

INSERT INTO chain_links (chain, seq, row_id, hash)
WITH RECURSIVE c(seq, id, hash) AS (
    SELECT 1, t.id, fd_chain('', 'key_events', t.id, t.key_id, t.at, t.actor_id, t.action, t.loan_id, t.note)
    FROM key_events t WHERE t.id = (SELECT min(id) FROM key_events)
    UNION ALL
    SELECT c.seq + 1, t.id, fd_chain(c.hash, 'key_events', t.id, t.key_id, t.at, t.actor_id, t.action, t.loan_id, t.note)
    FROM c JOIN key_events t ON t.id = (SELECT min(id) FROM key_events WHERE id > c.id)
)
SELECT 'key_events', seq, id, hash FROM c;

INSERT INTO chain_links (chain, seq, row_id, hash)
WITH RECURSIVE c(seq, id, hash) AS (
    SELECT 1, t.id, fd_chain('', 'key_loans', t.id, t.key_id, t.copy_no, t.borrower_type, t.borrower_name, t.borrower_id_no, t.borrower_phone, t.reason, t.ticket_id, t.lent_at, t.due_at, t.lent_by, t.approved_by, t.approved_at, t.signed)
    FROM key_loans t WHERE t.id = (SELECT min(id) FROM key_loans)
    UNION ALL
    SELECT c.seq + 1, t.id, fd_chain(c.hash, 'key_loans', t.id, t.key_id, t.copy_no, t.borrower_type, t.borrower_name, t.borrower_id_no, t.borrower_phone, t.reason, t.ticket_id, t.lent_at, t.due_at, t.lent_by, t.approved_by, t.approved_at, t.signed)
    FROM c JOIN key_loans t ON t.id = (SELECT min(id) FROM key_loans WHERE id > c.id)
)
SELECT 'key_loans', seq, id, hash FROM c;

INSERT INTO chain_links (chain, seq, row_id, hash)
WITH RECURSIVE c(seq, id, hash) AS (
    SELECT 1, t.id, fd_chain('', 'key_returns', t.id, t.returned_at, t.returned_to, t.return_condition, t.return_note)
    FROM key_loans t WHERE t.id = (SELECT min(id) FROM key_loans WHERE returned_at IS NOT NULL)
    UNION ALL
    SELECT c.seq + 1, t.id, fd_chain(c.hash, 'key_returns', t.id, t.returned_at, t.returned_to, t.return_condition, t.return_note)
    FROM c JOIN key_loans t ON t.id = (SELECT min(id) FROM key_loans WHERE id > c.id AND returned_at IS NOT NULL)
)
SELECT 'key_returns', seq, id, hash FROM c;

INSERT INTO chain_links (chain, seq, row_id, hash)
WITH RECURSIVE c(seq, id, hash) AS (
    SELECT 1, t.id, fd_chain('', 'key_marks', t.id, t.key_id, t.copy_no, t.mark, t.loan_id, t.note, t.at, t.by_id)
    FROM key_marks t WHERE t.id = (SELECT min(id) FROM key_marks)
    UNION ALL
    SELECT c.seq + 1, t.id, fd_chain(c.hash, 'key_marks', t.id, t.key_id, t.copy_no, t.mark, t.loan_id, t.note, t.at, t.by_id)
    FROM c JOIN key_marks t ON t.id = (SELECT min(id) FROM key_marks WHERE id > c.id)
)
SELECT 'key_marks', seq, id, hash FROM c;

INSERT INTO chain_links (chain, seq, row_id, hash)
WITH RECURSIVE c(seq, id, hash) AS (
    SELECT 1, t.id, fd_chain('', 'callback_attempts', t.id, t.callback_id, t.no, t.at, t.caller_id, t.recorded_by, t.recorded_at, t.method, t.reached, t.timeliness, t.attitude, t.workmanship, t.satisfaction, t.words)
    FROM callback_attempts t WHERE t.id = (SELECT min(id) FROM callback_attempts)
    UNION ALL
    SELECT c.seq + 1, t.id, fd_chain(c.hash, 'callback_attempts', t.id, t.callback_id, t.no, t.at, t.caller_id, t.recorded_by, t.recorded_at, t.method, t.reached, t.timeliness, t.attitude, t.workmanship, t.satisfaction, t.words)
    FROM c JOIN callback_attempts t ON t.id = (SELECT min(id) FROM callback_attempts WHERE id > c.id)
)
SELECT 'callback_attempts', seq, id, hash FROM c;

INSERT INTO chain_links (chain, seq, row_id, hash)
WITH RECURSIVE c(seq, id, hash) AS (
    SELECT 1, t.id, fd_chain('', 'callback_samples', t.id, t.ticket_id, t.decided_at, t.month, t.seq, t.picked_before, t.score, t.rate_percent, t.basis, t.selected, t.callback_id)
    FROM callback_samples t WHERE t.id = (SELECT min(id) FROM callback_samples)
    UNION ALL
    SELECT c.seq + 1, t.id, fd_chain(c.hash, 'callback_samples', t.id, t.ticket_id, t.decided_at, t.month, t.seq, t.picked_before, t.score, t.rate_percent, t.basis, t.selected, t.callback_id)
    FROM c JOIN callback_samples t ON t.id = (SELECT min(id) FROM callback_samples WHERE id > c.id)
)
SELECT 'callback_samples', seq, id, hash FROM c;

INSERT INTO chain_links (chain, seq, row_id, hash)
WITH RECURSIVE c(seq, id, hash) AS (
    SELECT 1, t.id, fd_chain('', 'duty_log', t.id, t.at, t.shift_date, t.shift_code, t.category, t.text, t.operator_id, t.unit_id, t.ticket_id, t.refers_to, t.promise_due_at)
    FROM duty_log t WHERE t.id = (SELECT min(id) FROM duty_log)
    UNION ALL
    SELECT c.seq + 1, t.id, fd_chain(c.hash, 'duty_log', t.id, t.at, t.shift_date, t.shift_code, t.category, t.text, t.operator_id, t.unit_id, t.ticket_id, t.refers_to, t.promise_due_at)
    FROM c JOIN duty_log t ON t.id = (SELECT min(id) FROM duty_log WHERE id > c.id)
)
SELECT 'duty_log', seq, id, hash FROM c;

INSERT INTO chain_links (chain, seq, row_id, hash)
WITH RECURSIVE c(seq, id, hash) AS (
    SELECT 1, t.id, fd_chain('', 'handovers', t.id, t.shift_date, t.shift_code, t.shift_name, t.shift_start, t.shift_end, t.from_operator, t.created_at, t.note, t.report_json, t.content, t.content_hash)
    FROM handovers t WHERE t.id = (SELECT min(id) FROM handovers)
    UNION ALL
    SELECT c.seq + 1, t.id, fd_chain(c.hash, 'handovers', t.id, t.shift_date, t.shift_code, t.shift_name, t.shift_start, t.shift_end, t.from_operator, t.created_at, t.note, t.report_json, t.content, t.content_hash)
    FROM c JOIN handovers t ON t.id = (SELECT min(id) FROM handovers WHERE id > c.id)
)
SELECT 'handovers', seq, id, hash FROM c;

INSERT INTO chain_links (chain, seq, row_id, hash)
WITH RECURSIVE c(seq, id, hash) AS (
    SELECT 1, t.id, fd_chain('', 'handover_acks', t.id, t.to_operator, t.acknowledged_at, t.remarks)
    FROM handovers t WHERE t.id = (SELECT min(id) FROM handovers WHERE acknowledged_at IS NOT NULL)
    UNION ALL
    SELECT c.seq + 1, t.id, fd_chain(c.hash, 'handover_acks', t.id, t.to_operator, t.acknowledged_at, t.remarks)
    FROM c JOIN handovers t ON t.id = (SELECT min(id) FROM handovers WHERE id > c.id AND acknowledged_at IS NOT NULL)
)
SELECT 'handover_acks', seq, id, hash FROM c;

INSERT INTO chain_links (chain, seq, row_id, hash)
WITH RECURSIVE c(seq, id, hash) AS (
    SELECT 1, t.id, fd_chain('', 'handover_reviews', t.id, t.reviewed_by, t.reviewed_at, t.review_comment)
    FROM handovers t WHERE t.id = (SELECT min(id) FROM handovers WHERE reviewed_at IS NOT NULL)
    UNION ALL
    SELECT c.seq + 1, t.id, fd_chain(c.hash, 'handover_reviews', t.id, t.reviewed_by, t.reviewed_at, t.review_comment)
    FROM c JOIN handovers t ON t.id = (SELECT min(id) FROM handovers WHERE id > c.id AND reviewed_at IS NOT NULL)
)
SELECT 'handover_reviews', seq, id, hash FROM c;

INSERT INTO chain_links (chain, seq, row_id, hash)
WITH RECURSIVE c(seq, id, hash) AS (
    SELECT 1, t.id, fd_chain('', 'handover_addenda', t.id, t.handover_id, t.at, t.author_id, t.text)
    FROM handover_addenda t WHERE t.id = (SELECT min(id) FROM handover_addenda)
    UNION ALL
    SELECT c.seq + 1, t.id, fd_chain(c.hash, 'handover_addenda', t.id, t.handover_id, t.at, t.author_id, t.text)
    FROM c JOIN handover_addenda t ON t.id = (SELECT min(id) FROM handover_addenda WHERE id > c.id)
)
SELECT 'handover_addenda', seq, id, hash FROM c;

INSERT INTO chain_links (chain, seq, row_id, hash)
WITH RECURSIVE c(seq, id, hash) AS (
    SELECT 1, t.id, fd_chain('', 'household_events', t.id, t.household_id, t.member_id, t.at, t.actor_id, t.source, t.field, t.old_value, t.new_value)
    FROM household_events t WHERE t.id = (SELECT min(id) FROM household_events)
    UNION ALL
    SELECT c.seq + 1, t.id, fd_chain(c.hash, 'household_events', t.id, t.household_id, t.member_id, t.at, t.actor_id, t.source, t.field, t.old_value, t.new_value)
    FROM c JOIN household_events t ON t.id = (SELECT min(id) FROM household_events WHERE id > c.id)
)
SELECT 'household_events', seq, id, hash FROM c;

INSERT INTO chain_links (chain, seq, row_id, hash)
WITH RECURSIVE c(seq, id, hash) AS (
    SELECT 1, t.id, fd_chain('', 'signins', t.id, t.at, t.staff_id, t.event, t.via, t.client, t.login)
    FROM signins t WHERE t.id = (SELECT min(id) FROM signins)
    UNION ALL
    SELECT c.seq + 1, t.id, fd_chain(c.hash, 'signins', t.id, t.at, t.staff_id, t.event, t.via, t.client, t.login)
    FROM c JOIN signins t ON t.id = (SELECT min(id) FROM signins WHERE id > c.id)
)
SELECT 'signins', seq, id, hash FROM c;

INSERT INTO chain_links (chain, seq, row_id, hash)
WITH RECURSIVE c(seq, id, hash) AS (
    SELECT 1, t.id, fd_chain('', 'staff_changes', t.id, t.at, t.by_id, t.action, t.staff_id, t.department_id, t.detail)
    FROM staff_changes t WHERE t.id = (SELECT min(id) FROM staff_changes)
    UNION ALL
    SELECT c.seq + 1, t.id, fd_chain(c.hash, 'staff_changes', t.id, t.at, t.by_id, t.action, t.staff_id, t.department_id, t.detail)
    FROM c JOIN staff_changes t ON t.id = (SELECT min(id) FROM staff_changes WHERE id > c.id)
)
SELECT 'staff_changes', seq, id, hash FROM c;
