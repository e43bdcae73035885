//! One ticket as stored, read whole: the row type every step, hook and
//! screen passes around, and the one read of it by id. Below `tickets` (the
//! writes) and `hooks` (what follows a step), which both use it, so neither
//! has to import the other for the type.

use super::{at, at_opt, parse_code, parse_opt_code, Cx, Result, StoreError};
use crate::domain::category::TicketCategory;
use crate::domain::ticket::{EscalateTo, ReplyVia, Urgency, Validity};
use crate::domain::time::Tz;
use crate::domain::transitions::TicketFacts;
use crate::domain::{Channel, Kind, State};
use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, Row};

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Ticket {
    pub id: i64,
    pub kind: Kind,
    pub state: State,
    pub unit: Option<String>,
    pub unit_id: Option<i64>,
    pub location: String,
    pub channel: Channel,
    pub reporter: String,
    pub phone: String,
    pub category: TicketCategory,
    pub description: String,
    pub preferred_time: String,
    pub owner: String,
    pub department: Option<String>,
    pub technician: Option<String>,
    pub wo_no: Option<String>,
    pub urgency: Option<Urgency>,
    pub validity: Option<Validity>,
    pub developer_defect: bool,
    pub escalated_to: Option<EscalateTo>,
    #[serde(with = "crate::domain::time::opt")]
    pub escalated_at: Option<NaiveDateTime>,
    pub reopen_count: i64,
    pub fee_cents: Option<i64>,
    pub quoted_fee_cents: Option<i64>,
    #[serde(with = "crate::domain::time::opt")]
    pub paid_at: Option<NaiveDateTime>,
    pub resident_signed: Option<bool>,
    pub hold_reason: Option<String>,
    pub explanation: Option<String>,
    pub reply_via: Option<ReplyVia>,
    #[serde(with = "crate::domain::time::opt")]
    pub last_contact_at: Option<NaiveDateTime>,
    pub parent_id: Option<i64>,
    #[serde(with = "crate::domain::time::opt")]
    pub requested_due_at: Option<NaiveDateTime>,
    #[serde(with = "crate::domain::time")]
    pub created_at: NaiveDateTime,
    #[serde(with = "crate::domain::time::opt")]
    pub dispatched_at: Option<NaiveDateTime>,
    #[serde(with = "crate::domain::time::opt")]
    pub accepted_at: Option<NaiveDateTime>,
    #[serde(with = "crate::domain::time::opt")]
    pub on_scene_at: Option<NaiveDateTime>,
    #[serde(with = "crate::domain::time::opt")]
    pub done_at: Option<NaiveDateTime>,
    #[serde(with = "crate::domain::time::opt")]
    pub closed_at: Option<NaiveDateTime>,
    #[serde(with = "crate::domain::time")]
    pub updated_at: NaiveDateTime,
    pub updated_by: String,
    pub version: i64,
}

impl Ticket {
    pub fn facts(&self) -> TicketFacts {
        TicketFacts {
            escalated: self.escalated_to.is_some(),
        }
    }
    /// The unit code, or the public-area location.
    pub fn place(&self) -> String {
        self.unit.clone().unwrap_or_else(|| self.location.clone())
    }
}

const TICKET_SELECT: &str =
    "SELECT t.id, t.kind, t.state, u.code, t.unit_id, t.location, t.channel,
    t.reporter, t.phone, t.category, t.description, t.preferred_time, o.name, d.code, tech.name,
    t.wo_no, t.urgency, t.validity, t.developer_defect, t.escalated_to, t.escalated_at,
    t.reopen_count, t.fee_cents, t.quoted_fee_cents, t.paid_at, t.resident_signed, t.hold_reason,
    t.explanation, t.reply_via, t.last_contact_at, t.parent_id, t.requested_due_at, t.created_at,
    t.dispatched_at, t.accepted_at, t.on_scene_at, t.done_at, t.closed_at, t.updated_at, ub.name,
    t.version
  FROM tickets t
  LEFT JOIN units u ON u.id = t.unit_id
  JOIN staff o ON o.id = t.owner_id
  LEFT JOIN departments d ON d.id = t.department_id
  LEFT JOIN staff tech ON tech.id = t.technician_id
  JOIN staff ub ON ub.id = t.updated_by";

fn ticket_row(r: &Row, z: Tz) -> rusqlite::Result<Ticket> {
    Ok(Ticket {
        id: r.get(0)?,
        kind: parse_code(r, 1)?,
        state: parse_code(r, 2)?,
        unit: r.get(3)?,
        unit_id: r.get(4)?,
        location: r.get(5)?,
        channel: parse_code(r, 6)?,
        reporter: r.get(7)?,
        phone: r.get(8)?,
        category: TicketCategory::stored(&r.get::<_, String>(9)?),
        description: r.get(10)?,
        preferred_time: r.get(11)?,
        owner: r.get(12)?,
        department: r.get(13)?,
        technician: r.get(14)?,
        wo_no: r.get(15)?,
        urgency: parse_opt_code(r, 16)?,
        validity: parse_opt_code(r, 17)?,
        developer_defect: r.get(18)?,
        escalated_to: parse_opt_code(r, 19)?,
        escalated_at: at_opt(r, 20, z)?,
        reopen_count: r.get(21)?,
        fee_cents: r.get(22)?,
        quoted_fee_cents: r.get(23)?,
        paid_at: at_opt(r, 24, z)?,
        resident_signed: r.get(25)?,
        hold_reason: r.get(26)?,
        explanation: r.get(27)?,
        reply_via: parse_opt_code(r, 28)?,
        last_contact_at: at_opt(r, 29, z)?,
        parent_id: r.get(30)?,
        requested_due_at: at_opt(r, 31, z)?,
        created_at: at(r, 32, z)?,
        dispatched_at: at_opt(r, 33, z)?,
        accepted_at: at_opt(r, 34, z)?,
        on_scene_at: at_opt(r, 35, z)?,
        done_at: at_opt(r, 36, z)?,
        closed_at: at_opt(r, 37, z)?,
        updated_at: at(r, 38, z)?,
        updated_by: r.get(39)?,
        version: r.get(40)?,
    })
}

pub(crate) fn get_ticket(cx: &Cx, id: i64) -> Result<Ticket> {
    cx.query_row(&format!("{TICKET_SELECT} WHERE t.id = ?1"), [id], |r| {
        ticket_row(r, cx.zone)
    })
    .optional()?
    .ok_or_else(|| StoreError::not_found("ticket", id))
}
