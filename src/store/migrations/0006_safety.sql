-- Safety (issue: nothing lost, nothing forged, nothing confusing).
--
-- Drafts: kept per session as well as per operator and screen, so two
-- sessions of one operator that both hang up keep both drafts (the newest is
-- restored first, the others at the next starts). Drafts saved before this
-- version belong to one earlier session.

CREATE TABLE drafts_v6 (
    operator_id INTEGER NOT NULL REFERENCES staff(id),
    screen      TEXT NOT NULL,
    -- One run of the program (process id and start time).
    session     TEXT NOT NULL,
    body        TEXT NOT NULL,
    saved_at    INTEGER NOT NULL,
    PRIMARY KEY (operator_id, screen, session)
) STRICT;
INSERT INTO drafts_v6 (operator_id, screen, session, body, saved_at)
SELECT operator_id, screen, 'before-v6', body, saved_at FROM drafts;
DROP TABLE drafts;
ALTER TABLE drafts_v6 RENAME TO drafts;
