//! The emergency record (紧急情况处理登记表, 002 3.1.6 F) read back: written
//! by the `record` step (`store::tickets`), signed off by a supervisor, shown
//! by `ticket show` and the board's detail pane.

use super::{at, at_opt, parse_opt_code, Result, Store};
use crate::domain::ticket::Severity;
use chrono::NaiveDateTime;
use rusqlite::OptionalExtension;

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EmergencyRecord {
    pub what: String,
    pub location: String,
    pub severity: Option<Severity>,
    /// Who came to the scene.
    pub responders: String,
    pub losses: String,
    pub photos_taken: bool,
    pub cause: String,
    /// Follow-up measures.
    pub measures: String,
    #[serde(with = "crate::domain::time")]
    pub recorded_at: NaiveDateTime,
    pub recorded_by: String,
    /// The supervisor who signed it off, and when.
    pub signed_off_by: Option<String>,
    #[serde(with = "crate::domain::time::opt")]
    pub signed_off_at: Option<NaiveDateTime>,
}

impl Store {
    /// The emergency record of a ticket, once one was filled in.
    pub fn emergency_record(&self, ticket_id: i64) -> Result<Option<EmergencyRecord>> {
        let z = self.zone;
        Ok(self
            .conn
            .query_row(
                "SELECT r.what, r.location, r.severity, r.responders, r.losses, r.photos_taken,
                    r.cause, r.measures, r.recorded_at, rb.name, sb.name, r.signed_off_at
                 FROM emergency_records r
                 JOIN staff rb ON rb.id = r.recorded_by
                 LEFT JOIN staff sb ON sb.id = r.signed_off_by
                 WHERE r.ticket_id = ?1",
                [ticket_id],
                |r| {
                    Ok(EmergencyRecord {
                        what: r.get(0)?,
                        location: r.get(1)?,
                        severity: parse_opt_code(r, 2)?,
                        responders: r.get(3)?,
                        losses: r.get(4)?,
                        photos_taken: r.get(5)?,
                        cause: r.get(6)?,
                        measures: r.get(7)?,
                        recorded_at: at(r, 8, z)?,
                        recorded_by: r.get(9)?,
                        signed_off_by: r.get(10)?,
                        signed_off_at: at_opt(r, 11, z)?,
                    })
                },
            )
            .optional()?)
    }
}
