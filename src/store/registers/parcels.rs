//! 报刊/快递收发 Mail and parcels (002 2.9, 4.7): received for a unit, the
//! resident told, picked up (registered post against a signature) or sent
//! back; what waits longer than the site's limit is listed for follow-up.

use super::common::{by_id, stepped, ListQuery};
use super::{check_version, not_taken, unit_of, StepRequest, Stepped, Writing};
use crate::domain::registers::{self, ItemKind, NotifyVia, RAction, RFacts, RState, Register};
use crate::domain::time::Tz;
use crate::store::{at, at_opt, parse_code, parse_opt_code, Cx, Result, Store};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use rusqlite::{params, Row};

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Parcel {
    pub id: i64,
    pub state: RState,
    pub unit: String,
    #[serde(skip)]
    pub unit_id: i64,
    pub kind: ItemKind,
    pub carrier: String,
    pub count: i64,
    pub shelf: String,
    pub tracking: String,
    pub addressee: String,
    pub note: String,
    #[serde(with = "crate::domain::time")]
    pub received_at: NaiveDateTime,
    pub received_by: String,
    #[serde(with = "crate::domain::time::opt")]
    pub notified_at: Option<NaiveDateTime>,
    pub notified_via: Option<NotifyVia>,
    pub notify_count: i64,
    #[serde(with = "crate::domain::time::opt")]
    pub picked_up_at: Option<NaiveDateTime>,
    pub picked_up_by: Option<String>,
    pub signed: Option<bool>,
    #[serde(with = "crate::domain::time::opt")]
    pub returned_at: Option<NaiveDateTime>,
    pub return_reason: Option<String>,
    pub version: i64,
}

impl Parcel {
    pub fn waiting(&self) -> bool {
        matches!(self.state, RState::Waiting | RState::Notified)
    }
    /// Waiting past the site's follow-up limit at `now`.
    pub fn overdue(&self, now: NaiveDateTime, days: u32) -> bool {
        self.waiting() && registers::waiting_too_long(self.received_at, now, days)
    }
}

#[derive(Debug, Clone, Default)]
pub struct ParcelFilter {
    /// Unit, carrier, tracking number or addressee.
    pub query: String,
    pub waiting_only: bool,
    /// Only those waiting past the follow-up limit (at `now`).
    pub overdue_only: bool,
    pub date: Option<NaiveDate>,
    pub unit_id: Option<i64>,
}

pub(crate) const SELECT: &str = "SELECT p.id, p.state, u.code, p.unit_id, p.kind, p.carrier,
    p.count, p.shelf, p.tracking, p.addressee, p.note, p.received_at, s.name, p.notified_at,
    p.notified_via, p.notify_count, p.picked_up_at, p.picked_up_by, p.signed, p.returned_at,
    p.return_reason, p.version
  FROM parcels p JOIN units u ON u.id = p.unit_id JOIN staff s ON s.id = p.received_by";

pub(crate) fn row(r: &Row, z: Tz) -> rusqlite::Result<Parcel> {
    Ok(Parcel {
        id: r.get(0)?,
        state: parse_code(r, 1)?,
        unit: r.get(2)?,
        unit_id: r.get(3)?,
        kind: parse_code(r, 4)?,
        carrier: r.get(5)?,
        count: r.get(6)?,
        shelf: r.get(7)?,
        tracking: r.get(8)?,
        addressee: r.get(9)?,
        note: r.get(10)?,
        received_at: at(r, 11, z)?,
        received_by: r.get(12)?,
        notified_at: at_opt(r, 13, z)?,
        notified_via: parse_opt_code(r, 14)?,
        notify_count: r.get(15)?,
        picked_up_at: at_opt(r, 16, z)?,
        picked_up_by: r.get(17)?,
        signed: r.get(18)?,
        returned_at: at_opt(r, 19, z)?,
        return_reason: r.get(20)?,
        version: r.get(21)?,
    })
}

fn get(cx: &Cx, id: i64) -> Result<Parcel> {
    by_id(cx, SELECT, "p.id", "parcel", id, |r| row(r, cx.zone))
}

pub(super) fn step(tx: &Cx, w: &Writing, req: &StepRequest) -> Result<Stepped> {
    const REG: Register = Register::Parcel;
    let cur = req.id.map(|id| get(tx, id)).transpose()?;
    let state = cur.as_ref().map_or(RState::New, |p| p.state);
    if let Some(p) = &cur {
        check_version(tx, REG, p.id, p.version, req.version)?;
    }
    let facts = RFacts {
        item_kind: cur.as_ref().map(|p| p.kind),
        ..Default::default()
    };
    let input = req.input;
    let rule = registers::check(REG, state, req.action, &w.acting, input, &facts)?;
    let to = rule.target(state);
    let now = tx.epoch(w.now);
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    let id = match (req.action, &cur) {
        (RAction::Receive, None) => {
            let unit = unit_of(tx, input)?.ok_or_else(|| not_taken(REG, state, req.action))?;
            tx.execute(
                "INSERT INTO parcels (state, unit_id, kind, carrier, count, shelf, tracking,
                    addressee, note, received_at, received_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    to.code(),
                    unit.id,
                    input.item_kind.map(|k| k.code()),
                    text(&input.carrier),
                    input.count.unwrap_or(1),
                    text(&input.shelf),
                    text(&input.tracking),
                    text(&input.addressee),
                    text(&input.note),
                    now,
                    w.actor.id,
                ],
            )?;
            tx.last_insert_rowid()
        }
        (RAction::Notify, Some(p)) => {
            tx.execute(
                "UPDATE parcels SET state = ?1, notified_at = ?2, notified_via = ?3,
                    notify_count = notify_count + 1, version = version + 1 WHERE id = ?4",
                params![to.code(), now, input.via.map(|v| v.code()), p.id],
            )?;
            p.id
        }
        (RAction::PickUp, Some(p)) => {
            tx.execute(
                "UPDATE parcels SET state = ?1, picked_up_at = ?2, picked_up_by = ?3, signed = ?4,
                    closed_by = ?5, version = version + 1 WHERE id = ?6",
                params![
                    to.code(),
                    now,
                    text(&input.picked_by),
                    input.signed.unwrap_or(false),
                    w.actor.id,
                    p.id
                ],
            )?;
            p.id
        }
        (RAction::ReturnToSender, Some(p)) => {
            tx.execute(
                "UPDATE parcels SET state = ?1, returned_at = ?2, return_reason = ?3,
                    closed_by = ?4, version = version + 1 WHERE id = ?5",
                params![to.code(), now, text(&input.reason), w.actor.id, p.id],
            )?;
            p.id
        }
        _ => return Err(not_taken(REG, state, req.action)),
    };
    stepped(tx, w, req, REG, rule, id, state, to, None)
}

impl Store {
    pub fn parcel(&self, id: i64) -> Result<Parcel> {
        get(&self.cx(), id)
    }

    /// Items matching a filter: waiting ones first (oldest first), then the
    /// rest, latest first.
    pub fn parcels(&self, f: &ParcelFilter, now: NaiveDateTime) -> Result<Vec<Parcel>> {
        let cx = self.cx();
        let mut q = ListQuery::new();
        q.search(
            &cx,
            &f.query,
            &[
                "u.code",
                "p.carrier",
                "p.tracking",
                "p.addressee",
                "p.shelf",
            ],
            "p.unit_id",
        )?;
        if f.waiting_only || f.overdue_only {
            q.push("p.state IN ('waiting','notified')");
        }
        if f.overdue_only {
            let limit =
                now - Duration::days(i64::from(self.rules().registers.parcel_follow_up_days));
            let n = q.arg(cx.epoch(limit));
            q.push(format!("p.received_at < ?{n}"));
        }
        q.day(&cx, "p.received_at", f.date);
        q.unit("p.unit_id", f.unit_id);
        q.rows(
            &self.conn,
            SELECT,
            "ORDER BY p.state IN ('waiting','notified') DESC,
                CASE WHEN p.state IN ('waiting','notified') THEN p.received_at END,
                p.received_at DESC, p.id DESC LIMIT 500",
            |r| row(r, self.zone),
        )
    }
}
