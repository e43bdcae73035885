//! 物品放行条 Goods release passes (003 七(2)5): whoever takes goods out
//! shows ID; the desk reaches the owner (who confirmed, how, when) — or a
//! supervisor at the desk overrides with a reason and their PIN. Numbers are
//! gapless per year (a counter row bumped inside the issuing transaction);
//! security marks a pass used at the gate; a pass not used by the end of its
//! day expires (recorded by the next pass write, shown as expired at once).

use super::common::{stepped, ListQuery};
use super::{
    append_event, check_version, next_no, not_taken, unit_of, StepRequest, Stepped, Writing,
};
use crate::domain::mask;
use crate::domain::registers::{
    self, ConfirmVia, PassItem, RAction, RFacts, RState, Register, Series,
};
use crate::domain::time::Tz;
use crate::store::{at, at_opt, parse_code, parse_opt_code, Cx, Result, Staff, Store, StoreError};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rusqlite::{params, OptionalExtension, Row};

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GoodsPass {
    pub id: i64,
    pub no: String,
    /// As of the reading: an issued pass past its day reads as expired.
    pub state: RState,
    pub unit: String,
    #[serde(skip)]
    pub unit_id: i64,
    pub person: String,
    /// Masked.
    pub id_number: String,
    /// Masked.
    pub phone: String,
    pub items: Vec<PassItem>,
    pub vehicle: String,
    pub confirmed_by: String,
    pub confirmed_via: Option<ConfirmVia>,
    #[serde(with = "crate::domain::time::opt")]
    pub confirmed_at: Option<NaiveDateTime>,
    pub override_by: Option<String>,
    pub override_reason: String,
    pub note: String,
    #[serde(with = "crate::domain::time")]
    pub issued_at: NaiveDateTime,
    pub issued_by: String,
    #[serde(with = "crate::domain::time")]
    pub valid_until: NaiveDateTime,
    #[serde(with = "crate::domain::time::opt")]
    pub used_at: Option<NaiveDateTime>,
    pub used_by: Option<String>,
    #[serde(with = "crate::domain::time::opt")]
    pub closed_at: Option<NaiveDateTime>,
    pub close_reason: String,
    pub version: i64,
}

impl GoodsPass {
    pub fn open(&self) -> bool {
        self.state == RState::Issued
    }
}

#[derive(Debug, Clone, Default)]
pub struct PassFilter {
    /// Pass number, unit, person or vehicle.
    pub query: String,
    /// Only passes still to be used.
    pub open_only: bool,
    pub date: Option<NaiveDate>,
    pub unit_id: Option<i64>,
}

pub(crate) const SELECT: &str = "SELECT g.id, g.no, g.state, u.code, g.unit_id, g.person,
    g.id_number, g.phone, g.vehicle, g.confirmed_by, g.confirmed_via, g.confirmed_at, o.name,
    g.override_reason, g.note, g.issued_at, i.name, g.valid_until, g.used_at, ub.name,
    g.closed_at, g.close_reason, g.version
  FROM goods_passes g JOIN units u ON u.id = g.unit_id
  JOIN staff i ON i.id = g.issued_by
  LEFT JOIN staff o ON o.id = g.override_by
  LEFT JOIN staff ub ON ub.id = g.used_by";

/// A row of `SELECT`, its state as of `now` (`None`: as stored).
pub(crate) fn row(r: &Row, z: Tz, now: Option<NaiveDateTime>) -> rusqlite::Result<GoodsPass> {
    let stored: RState = parse_code(r, 2)?;
    let valid_until = at(r, 17, z)?;
    let state = match now {
        Some(n) if stored == RState::Issued && n > valid_until => RState::Expired,
        _ => stored,
    };
    Ok(GoodsPass {
        id: r.get(0)?,
        no: r.get(1)?,
        state,
        unit: r.get(3)?,
        unit_id: r.get(4)?,
        person: r.get(5)?,
        id_number: mask::id_number(&r.get::<_, String>(6)?),
        phone: mask::phone(&r.get::<_, String>(7)?),
        items: Vec::new(),
        vehicle: r.get(8)?,
        confirmed_by: r.get(9)?,
        confirmed_via: parse_opt_code(r, 10)?,
        confirmed_at: at_opt(r, 11, z)?,
        override_by: r.get(12)?,
        override_reason: r.get(13)?,
        note: r.get(14)?,
        issued_at: at(r, 15, z)?,
        issued_by: r.get(16)?,
        valid_until,
        used_at: at_opt(r, 18, z)?,
        used_by: r.get(19)?,
        closed_at: at_opt(r, 20, z)?,
        close_reason: r.get(21)?,
        version: r.get(22)?,
    })
}

pub(crate) fn items_of(cx: &Cx, pass_id: i64) -> Result<Vec<PassItem>> {
    let mut st = cx.prepare_cached(
        "SELECT item, quantity FROM goods_pass_items WHERE pass_id = ?1 ORDER BY line",
    )?;
    let rows = st.query_map([pass_id], |r| {
        Ok(PassItem {
            item: r.get(0)?,
            quantity: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn get_where(cx: &Cx, cond: &str, key: &dyn rusqlite::ToSql) -> Result<Option<GoodsPass>> {
    let p = cx
        .query_row(&format!("{SELECT} WHERE {cond}"), [key], |r| {
            row(r, cx.zone, None)
        })
        .optional()?;
    match p {
        Some(mut p) => {
            p.items = items_of(cx, p.id)?;
            Ok(Some(p))
        }
        None => Ok(None),
    }
}

fn get(cx: &Cx, id: i64) -> Result<GoodsPass> {
    get_where(cx, "g.id = ?1", &id)?.ok_or_else(|| StoreError::not_found("pass", id))
}

/// Passes issued and not used by the end of their day become expired: the
/// system's step of the table, recorded with the write that notices it.
pub(crate) fn expire_due(tx: &Cx, now: NaiveDateTime, actor: &Staff) -> Result<usize> {
    const REG: Register = Register::Pass;
    let Some(rule) = registers::machine(REG).find(RState::Issued, RAction::Expire) else {
        return Ok(0);
    };
    let ids: Vec<(i64, i64)> = {
        let mut st = tx.prepare_cached(
            "SELECT id, valid_until FROM goods_passes WHERE state = 'issued' AND valid_until < ?1
             ORDER BY id",
        )?;
        let rows = st.query_map([tx.epoch(now)], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let to = rule.target(RState::Issued);
    for (id, until) in &ids {
        tx.execute(
            "UPDATE goods_passes SET state = ?1, closed_at = ?2, version = version + 1
             WHERE id = ?3 AND state = 'issued'",
            params![to.code(), until, id],
        )?;
        append_event(
            tx,
            REG,
            *id,
            now,
            actor,
            RAction::Expire,
            RState::Issued,
            to,
            "",
            "{}",
        )?;
    }
    Ok(ids.len())
}

pub(super) fn step(tx: &Cx, w: &Writing, req: &StepRequest) -> Result<Stepped> {
    const REG: Register = Register::Pass;
    expire_due(tx, w.now, w.actor)?;
    let cur = req.id.map(|id| get(tx, id)).transpose()?;
    let state = cur.as_ref().map_or(RState::New, |p| p.state);
    if let Some(p) = &cur {
        check_version(tx, REG, p.id, p.version, req.version)?;
    }
    let facts = RFacts {
        approved: w.approver.is_some(),
        valid_until: cur.as_ref().map(|p| p.valid_until),
        now: Some(w.now),
        ..Default::default()
    };
    let input = req.input;
    let rule = registers::check(REG, state, req.action, &w.acting, input, &facts)?;
    let to = rule.target(state);
    let now = tx.epoch(w.now);
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    let no: Option<String>;
    let id =
        match (req.action, &cur) {
            (RAction::Issue, None) => {
                let unit = unit_of(tx, input)?.ok_or_else(|| not_taken(REG, state, req.action))?;
                let confirmed = input.confirmed_by.is_some()
                    && input.confirmed_via.is_some()
                    && input.confirmed_at.is_some();
                // The override is recorded only when the owner did not confirm.
                let (override_by, override_reason) = match (&w.approver, confirmed) {
                    (Some(s), false) => (Some(s.id), text(&input.reason)),
                    _ => (None, String::new()),
                };
                let number = next_no(tx, Series::Goods, w.now.year())?;
                tx.execute(
                "INSERT INTO goods_passes (no, state, unit_id, person, id_number, phone, vehicle,
                    confirmed_by, confirmed_via, confirmed_at, override_by, override_reason,
                    note, issued_at, issued_by, valid_until)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                params![
                    number,
                    to.code(),
                    unit.id,
                    text(&input.name),
                    text(&input.id_number),
                    text(&input.phone),
                    text(&input.vehicle),
                    if confirmed { text(&input.confirmed_by) } else { String::new() },
                    input.confirmed_via.filter(|_| confirmed).map(|v| v.code()),
                    tx.epoch_opt(input.confirmed_at.filter(|_| confirmed)),
                    override_by,
                    override_reason,
                    text(&input.note),
                    now,
                    w.actor.id,
                    tx.epoch(registers::pass_valid_until(w.now)),
                ],
            )?;
                let id = tx.last_insert_rowid();
                let mut st = tx.prepare_cached(
                    "INSERT INTO goods_pass_items (pass_id, line, item, quantity)
                 VALUES (?1, ?2, ?3, ?4)",
                )?;
                for (i, it) in input.items.iter().enumerate() {
                    st.execute(params![id, i as i64 + 1, it.item, it.quantity])?;
                }
                no = Some(number);
                id
            }
            (RAction::Use, Some(p)) => {
                tx.execute(
                    "UPDATE goods_passes SET state = ?1, used_at = ?2, used_by = ?3,
                    version = version + 1 WHERE id = ?4",
                    params![to.code(), now, w.actor.id, p.id],
                )?;
                no = Some(p.no.clone());
                p.id
            }
            (RAction::Cancel, Some(p)) => {
                tx.execute(
                    "UPDATE goods_passes SET state = ?1, closed_at = ?2, close_reason = ?3,
                    version = version + 1 WHERE id = ?4",
                    params![to.code(), now, text(&input.reason), p.id],
                )?;
                no = Some(p.no.clone());
                p.id
            }
            _ => return Err(not_taken(REG, state, req.action)),
        };
    stepped(tx, w, req, REG, rule, id, state, to, no)
}

impl Store {
    /// A pass by its id, as of `now`.
    pub fn goods_pass(&self, id: i64, now: NaiveDateTime) -> Result<GoodsPass> {
        let mut p = get(&self.cx(), id)?;
        if p.state == RState::Issued && now > p.valid_until {
            p.state = RState::Expired;
        }
        Ok(p)
    }

    /// A pass by its number (`FX2026-000123`, or just `123` for this year's),
    /// as of `now`.
    pub fn goods_pass_by_no(&self, no: &str, now: NaiveDateTime) -> Result<GoodsPass> {
        let t = no.trim().to_ascii_uppercase();
        let full = match t.parse::<i64>() {
            Ok(n) => registers::pass_no(Series::Goods, now.year(), n),
            Err(_) => t,
        };
        let cx = self.cx();
        let p = get_where(&cx, "g.no = ?1", &full)?
            .ok_or_else(|| StoreError::not_found("pass", no.trim()))?;
        self.goods_pass(p.id, now)
    }

    /// Passes matching a filter, as of `now`: open ones first, then the
    /// latest issued.
    pub fn goods_passes(&self, f: &PassFilter, now: NaiveDateTime) -> Result<Vec<GoodsPass>> {
        let cx = self.cx();
        let mut q = ListQuery::new();
        q.search(
            &cx,
            &f.query,
            &["g.no", "u.code", "g.person", "g.vehicle"],
            "g.unit_id",
        )?;
        if f.open_only {
            let n = q.arg(cx.epoch(now));
            q.push(format!("g.state = 'issued' AND g.valid_until >= ?{n}"));
        }
        q.day(&cx, "g.issued_at", f.date);
        q.unit("g.unit_id", f.unit_id);
        let mut list = q.rows(
            &self.conn,
            SELECT,
            "ORDER BY g.state = 'issued' DESC, g.issued_at DESC, g.id DESC
             LIMIT 500",
            |r| row(r, self.zone, Some(now)),
        )?;
        for p in &mut list {
            p.items = items_of(&cx, p.id)?;
        }
        Ok(list)
    }
}
