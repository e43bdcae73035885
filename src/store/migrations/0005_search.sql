-- Finding a caller: by the start of a name, and by the last four digits of
-- a phone (an expression index: no column to keep in step).
CREATE INDEX household_members_name ON household_members(name);
CREATE INDEX household_members_phone_tail ON household_members(substr(phone, -4));
CREATE INDEX households_name ON households(name);
