//! Unsaved form input, kept per operator, screen and session when a session
//! ends abruptly (hang-up, lost terminal, panic). Two sessions of one
//! operator keep one draft each; the next start restores the newest and
//! leaves the others for the starts after.

use super::{Result, Store};
use chrono::NaiveDateTime;
use rusqlite::{params, OptionalExtension};

impl Store {
    /// Keep `body` as `session`'s draft of `screen` (replacing the
    /// session's earlier one).
    pub fn save_draft(
        &mut self,
        operator_id: i64,
        session: &str,
        screen: &str,
        body: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO drafts (operator_id, screen, session, body, saved_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(operator_id, screen, session)
                 DO UPDATE SET body = excluded.body, saved_at = excluded.saved_at",
                params![operator_id, screen, session, body, tx.epoch(now)],
            )?;
            Ok(())
        })
    }

    /// Take the operator's newest draft of `screen` out: it is restored
    /// once, then gone. Drafts of other sessions stay.
    pub fn take_draft(&mut self, operator_id: i64, screen: &str) -> Result<Option<String>> {
        self.write(|tx| {
            let found: Option<(i64, String)> = tx
                .query_row(
                    "SELECT rowid, body FROM drafts WHERE operator_id = ?1 AND screen = ?2
                     ORDER BY saved_at DESC, rowid DESC LIMIT 1",
                    params![operator_id, screen],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((rowid, body)) = found else {
                return Ok(None);
            };
            tx.execute("DELETE FROM drafts WHERE rowid = ?1", [rowid])?;
            Ok(Some(body))
        })
    }

    /// How many drafts the operator has waiting.
    pub fn drafts_waiting(&self, operator_id: i64) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM drafts WHERE operator_id = ?1",
            [operator_id],
            |r| r.get(0),
        )?)
    }
}
