//! The facts the figures are computed from (`domain::figures::facts`), read
//! from the stored tickets, deadlines and callbacks: one row per record,
//! codes not labels.

use super::{at, at_opt, parse_code, parse_opt_code, Result, Store};
use crate::domain::figures::facts::TicketFact;
use chrono::NaiveDateTime;
use rusqlite::Row;

const TICKET_FACT: &str = "SELECT t.id, t.kind, t.channel, t.category, u.code, u.building,
        d.code, t.parent_id, t.created_at, t.state, t.closed_at, t.validity,
        t.developer_defect, t.escalated_to IS NOT NULL, t.reopen_count
    FROM tickets t
    LEFT JOIN units u ON u.id = t.unit_id
    LEFT JOIN departments d ON d.id = t.department_id";

impl Store {
    fn ticket_fact(&self, r: &Row) -> rusqlite::Result<TicketFact> {
        let zone = self.zone();
        Ok(TicketFact {
            id: r.get(0)?,
            kind: parse_code(r, 1)?,
            channel: parse_code(r, 2)?,
            category: r.get(3)?,
            unit: r.get(4)?,
            building: r.get(5)?,
            department: r.get(6)?,
            parent: r.get(7)?,
            created_at: at(r, 8, zone)?,
            state: parse_code(r, 9)?,
            ended_at: at_opt(r, 10, zone)?,
            validity: parse_opt_code(r, 11)?,
            developer_defect: r.get(12)?,
            escalated: r.get(13)?,
            reopened: r.get(14)?,
        })
    }

    /// A unit's tickets registered since `since` (intake's repeat warning).
    pub fn unit_ticket_facts(&self, unit_id: i64, since: NaiveDateTime) -> Result<Vec<TicketFact>> {
        let mut st = self.conn.prepare_cached(&format!(
            "{TICKET_FACT} WHERE t.unit_id = ?1 AND t.created_at >= ?2 ORDER BY t.id"
        ))?;
        let since = self.cx().epoch(since);
        let rows = st.query_map(rusqlite::params![unit_id, since], |r| self.ticket_fact(r))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
