//! Unsaved form input, kept per operator and screen when a session ends abruptly.

use super::{Result, Store};
use chrono::NaiveDateTime;
use rusqlite::{params, OptionalExtension};

impl Store {
    pub fn save_draft(
        &mut self,
        operator_id: i64,
        screen: &str,
        body: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO drafts (operator_id, screen, body, saved_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(operator_id, screen) DO UPDATE SET body = excluded.body, saved_at = excluded.saved_at",
                params![operator_id, screen, body, tx.epoch(now)],
            )?;
            Ok(())
        })
    }

    /// Take the draft out: it is restored once, then gone.
    pub fn take_draft(&mut self, operator_id: i64, screen: &str) -> Result<Option<String>> {
        self.write(|tx| {
            let body: Option<String> = tx
                .query_row(
                    "SELECT body FROM drafts WHERE operator_id = ?1 AND screen = ?2",
                    params![operator_id, screen],
                    |r| r.get(0),
                )
                .optional()?;
            tx.execute(
                "DELETE FROM drafts WHERE operator_id = ?1 AND screen = ?2",
                params![operator_id, screen],
            )?;
            Ok(body)
        })
    }
}
