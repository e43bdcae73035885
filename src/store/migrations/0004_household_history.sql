-- Version 4: the household file keeps its history (000 §2, 002 3.6.10).
--
-- A member who leaves a household is dated out (`until`) instead of deleted,
-- and one who joins is dated in (`since`): ISO dates 'YYYY-MM-DD' (calendar
-- dates of the site, not instants). `until` NULL is a current member; `since`
-- NULL means "from the household's start, date unknown". A household that
-- moves out keeps its members as they were on that day (the household's
-- `move_out` dates them all). Existing members are given their household's
-- move-in as `since`.
--
-- `households.version` counts the changes to a household and its members, so
-- two operators editing one household at once cannot overwrite each other
-- (a stale version is refused, as with tickets).
--
-- `household_events` is the append-only audit of every change an import or an
-- edit makes: who, when (Unix seconds), which field, the value before and
-- after. Phones and ID numbers are kept in full here, as in the members table;
-- the store masks them whenever it shows the history.

ALTER TABLE household_members ADD COLUMN since TEXT
    CHECK (since IS NULL OR since GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
ALTER TABLE household_members ADD COLUMN until TEXT
    CHECK (until IS NULL OR until GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
UPDATE household_members
SET since = (SELECT h.move_in FROM households h WHERE h.id = household_members.household_id);
-- Lookup, intake and callbacks read only the current members of a household.
CREATE INDEX household_members_current ON household_members(household_id) WHERE until IS NULL;

ALTER TABLE households ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

CREATE TABLE household_events (
    id           INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households(id),
    -- The member a member change is about; NULL for the household's own fields.
    member_id    INTEGER REFERENCES household_members(id),
    at           INTEGER NOT NULL,
    actor_id     INTEGER NOT NULL REFERENCES staff(id),
    source       TEXT NOT NULL CHECK (source IN ('import','edit')),
    -- domain::household::HouseholdField codes: move_in, move_out, name,
    -- payment_status, notes, member_since, member_until, member_name,
    -- relation, phone, id_number, is_primary.
    field        TEXT NOT NULL,
    old_value    TEXT,
    new_value    TEXT
) STRICT;
CREATE INDEX household_events_household ON household_events(household_id, id);
CREATE INDEX household_events_at ON household_events(at);
CREATE TRIGGER household_events_no_update BEFORE UPDATE ON household_events
BEGIN SELECT RAISE(ABORT, 'household_events is append-only'); END;
CREATE TRIGGER household_events_no_delete BEFORE DELETE ON household_events
BEGIN SELECT RAISE(ABORT, 'household_events is append-only'); END;
