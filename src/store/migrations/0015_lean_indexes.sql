-- Version 15 (issue 15, the whole file under 1 KB a ticket): indexes that
-- hold only the rows a statement looks for.
--
-- Only indexes change: no table, no row, no record link. Every statement
-- that touched these indexes was checked with EXPLAIN QUERY PLAN
-- (tests/query_plans.rs and the plan tests in src/store keep it so).

-- 1. Tickets by state, and a department's tickets by state. Nine in ten
-- tickets of a site a few years old are closed, and nothing looks for the
-- closed ones through these indexes: a list of closed tickets is most of the
-- table and reads it in date order (tickets_created). So both indexes keep
-- only the tickets that are not closed (the open ones, and the few
-- cancelled, out of scope or converted). A partial index is used only by a
-- statement that repeats its WHERE: every query of open or other not-closed
-- states says `state <> 'closed'` as well (src/store/states.rs,
-- `NOT_CLOSED`).
DROP INDEX tickets_state;
CREATE INDEX tickets_state ON tickets(state, kind) WHERE state <> 'closed';
DROP INDEX tickets_department;
CREATE INDEX tickets_department ON tickets(department_id, state) WHERE state <> 'closed';

-- 2. A ticket's audit rows in order: every index entry ends with the row id
-- anyway, so `(ticket_id)` is ordered by `(ticket_id, id)` and serves
-- `WHERE ticket_id = ? ORDER BY id` as before, without storing the id twice
-- (≈ 4 of an entry's ≈ 16 bytes, five entries a ticket).
DROP INDEX ticket_events_ticket;
CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id);

-- 3. Callbacks: no statement looks a sampling decision up by its ticket
-- (they are read by month, by time and by the task they created); the task
-- a decision created, and the ticket a callback's outcome opened, are empty
-- on most rows, and `x = ?` implies `x IS NOT NULL`, so the lookups still
-- use the partial indexes.
DROP INDEX callback_samples_ticket;
DROP INDEX callback_samples_callback;
CREATE INDEX callback_samples_callback ON callback_samples(callback_id)
    WHERE callback_id IS NOT NULL;
DROP INDEX callbacks_outcome_ticket;
CREATE INDEX callbacks_outcome_ticket ON callbacks(outcome_ticket_id)
    WHERE outcome_ticket_id IS NOT NULL;
