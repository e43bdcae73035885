//! The registers at a glance: counts for the morning overview and the
//! board (indexed aggregates), the open items of one unit for its file, and
//! the registers' part of a handover snapshot.

use super::moves::Move;
use super::parcels::{self, Parcel};
use super::passes::{self, GoodsPass};
use super::renovations::Renovation;
use super::visitors::{self, Visitor};
use super::MoveFilter;
use crate::domain::calendar::end_of_day;
use crate::domain::handover::{ParcelFact, PassFact, RegisterFacts, RenovationFact, VisitorFact};
use crate::store::{at, at_opt, date, parse_code, Cx, Result, Store};
use chrono::{Duration, NaiveDateTime};
use rusqlite::params;

/// What the registers ask of the desk now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct RegisterAlerts {
    pub visitors_inside: i64,
    pub parcels_waiting: i64,
    /// Waiting longer than the site's follow-up limit (`follow_up_days`).
    pub parcels_overdue: i64,
    pub follow_up_days: u32,
    /// Goods release passes issued and still to be used today.
    pub passes_open: i64,
    /// Renovation applications to approve by the end of today (late ones
    /// included), and the late ones.
    pub approvals_due: i64,
    pub approvals_overdue: i64,
    /// Hidden-works inspections asked for by the end of today.
    pub inspections_due: i64,
    /// Renovations still under way after their planned end.
    pub past_end: i64,
    /// Move-in and move-out checklists still open.
    pub moves_open: i64,
    /// Renovations not closed (nor rejected).
    pub renovations_open: i64,
    pub move_ins_open: i64,
    pub move_outs_open: i64,
}

impl RegisterAlerts {
    /// Something on the registers is late.
    pub fn late(&self) -> i64 {
        self.parcels_overdue + self.approvals_overdue + self.past_end
    }
}

/// A unit's register items still open (its file in lookup, `lookup --json`).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct UnitRegisters {
    pub visitors_inside: Vec<Visitor>,
    pub parcels_waiting: Vec<Parcel>,
    /// Issued and not used (one past its day shows as expired).
    pub passes_open: Vec<GoodsPass>,
    pub renovations_open: Vec<Renovation>,
    pub moves_open: Vec<Move>,
}

impl UnitRegisters {
    pub fn is_empty(&self) -> bool {
        self.visitors_inside.is_empty()
            && self.parcels_waiting.is_empty()
            && self.passes_open.is_empty()
            && self.renovations_open.is_empty()
            && self.moves_open.is_empty()
    }
}

/// The open items of a unit, as stored.
pub(crate) fn unit_registers(store: &Store, unit_id: i64) -> Result<UnitRegisters> {
    let cx = store.cx();
    let z = cx.zone;
    let collect = |sql: String| -> Result<Vec<i64>> {
        let mut st = cx.prepare_cached(&sql)?;
        let rows = st.query_map([unit_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let mut out = UnitRegisters::default();
    {
        let mut st = cx.prepare_cached(&format!(
            "{} WHERE v.unit_id = ?1 AND v.state = 'inside' ORDER BY v.in_at",
            visitors::SELECT
        ))?;
        let rows = st.query_map([unit_id], |r| visitors::row(r, z))?;
        out.visitors_inside = rows.collect::<rusqlite::Result<_>>()?;
    }
    {
        let mut st = cx.prepare_cached(&format!(
            "{} WHERE p.unit_id = ?1 AND p.state IN ('waiting','notified') ORDER BY p.received_at",
            parcels::SELECT
        ))?;
        let rows = st.query_map([unit_id], |r| parcels::row(r, z))?;
        out.parcels_waiting = rows.collect::<rusqlite::Result<_>>()?;
    }
    {
        let mut st = cx.prepare_cached(&format!(
            "{} WHERE g.unit_id = ?1 AND g.state = 'issued' ORDER BY g.issued_at",
            passes::SELECT
        ))?;
        let rows = st.query_map([unit_id], |r| passes::row(r, z, None))?;
        out.passes_open = rows.collect::<rusqlite::Result<_>>()?;
        for p in &mut out.passes_open {
            p.items = passes::items_of(&cx, p.id)?;
        }
    }
    for id in collect(
        "SELECT id FROM renovations WHERE unit_id = ?1 AND state NOT IN ('rejected','closed')
         ORDER BY applied_at"
            .into(),
    )? {
        out.renovations_open.push(store.renovation(id)?);
    }
    out.moves_open = store.moves(&MoveFilter {
        open_only: true,
        unit_id: Some(unit_id),
        ..Default::default()
    })?;
    Ok(out)
}

impl Store {
    /// A unit's register items still open.
    pub fn unit_registers(&self, unit_id: i64) -> Result<UnitRegisters> {
        unit_registers(self, unit_id)
    }

    /// Counts for the overview and the board at `now`.
    pub fn register_alerts(&self, now: NaiveDateTime) -> Result<RegisterAlerts> {
        let cx = self.cx();
        let now_e = cx.epoch(now);
        let eod = cx.epoch(end_of_day(now.date()));
        let days = i64::from(self.rules().registers.parcel_follow_up_days);
        let limit = cx.epoch(now - Duration::days(days));
        let today = now.date().format("%Y-%m-%d").to_string();
        let mut a = RegisterAlerts {
            follow_up_days: self.rules().registers.parcel_follow_up_days,
            visitors_inside: cx.query_row(
                "SELECT count(*) FROM visitors WHERE state = 'inside'",
                [],
                |r| r.get(0),
            )?,
            ..Default::default()
        };
        (a.parcels_waiting, a.parcels_overdue) = cx.query_row(
            "SELECT count(*), coalesce(sum(received_at < ?1), 0) FROM parcels
             WHERE state IN ('waiting','notified')",
            [limit],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        a.passes_open = cx.query_row(
            "SELECT count(*) FROM goods_passes WHERE state = 'issued' AND valid_until >= ?1",
            [now_e],
            |r| r.get(0),
        )?;
        (
            a.approvals_due,
            a.approvals_overdue,
            a.inspections_due,
            a.past_end,
        ) = cx.query_row(
            "SELECT coalesce(sum(state = 'applied' AND approval_due_at <= ?2), 0),
                    coalesce(sum(state = 'applied' AND approval_due_at < ?1), 0),
                    coalesce(sum(state = 'in_progress' AND inspection_at <= ?2), 0),
                    coalesce(sum(state IN ('approved','in_progress','hidden_passed','suspended')
                                 AND planned_end < ?3), 0)
             FROM renovations WHERE state NOT IN ('rejected','closed')",
            params![now_e, eod, today],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        (a.move_ins_open, a.move_outs_open) = cx.query_row(
            "SELECT coalesce(sum(direction = 'in'), 0), coalesce(sum(direction = 'out'), 0)
             FROM moves WHERE state = 'open'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        a.moves_open = a.move_ins_open + a.move_outs_open;
        a.renovations_open = cx.query_row(
            "SELECT count(*) FROM renovations WHERE state NOT IN ('rejected','closed')",
            [],
            |r| r.get(0),
        )?;
        Ok(a)
    }
}

/// The registers' part of a handover snapshot, read in the snapshot's
/// transaction.
pub(crate) fn handover_facts(cx: &Cx, follow_up_days: u32) -> Result<RegisterFacts> {
    let z = cx.zone;
    let mut st = cx.prepare_cached(
        "SELECT v.id, v.name, coalesce(u.code, '-'), v.people, v.in_at FROM visitors v
         LEFT JOIN units u ON u.id = v.unit_id WHERE v.state = 'inside'",
    )?;
    let visitors = st
        .query_map([], |r| {
            Ok(VisitorFact {
                id: r.get(0)?,
                name: r.get(1)?,
                place: r.get(2)?,
                people: r.get(3)?,
                in_at: at(r, 4, z)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut st = cx.prepare_cached(
        "SELECT p.id, u.code, p.kind, p.count, p.shelf, p.received_at FROM parcels p
         JOIN units u ON u.id = p.unit_id WHERE p.state IN ('waiting','notified')",
    )?;
    let parcels = st
        .query_map([], |r| {
            Ok(ParcelFact {
                id: r.get(0)?,
                place: r.get(1)?,
                kind: parse_code(r, 2)?,
                count: r.get(3)?,
                shelf: r.get(4)?,
                received_at: at(r, 5, z)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut st = cx.prepare_cached(
        "SELECT g.no, u.code, g.person, g.issued_at FROM goods_passes g
         JOIN units u ON u.id = g.unit_id WHERE g.state = 'issued'",
    )?;
    let passes = st
        .query_map([], |r| {
            Ok(PassFact {
                no: r.get(0)?,
                place: r.get(1)?,
                person: r.get(2)?,
                issued_at: at(r, 3, z)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut st = cx.prepare_cached(
        "SELECT r.id, u.code, r.contractor, r.state, r.planned_end, r.inspection_at,
            r.approval_due_at
         FROM renovations r JOIN units u ON u.id = r.unit_id
         WHERE r.state NOT IN ('rejected','closed')",
    )?;
    let renovations = st
        .query_map([], |r| {
            Ok(RenovationFact {
                id: r.get(0)?,
                place: r.get(1)?,
                contractor: r.get(2)?,
                state: parse_code(r, 3)?,
                planned_end: date(r, 4)?,
                inspection_at: at_opt(r, 5, z)?,
                approval_due_at: at_opt(r, 6, z)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(RegisterFacts {
        visitors,
        parcels,
        passes,
        renovations,
        follow_up_days,
    })
}
