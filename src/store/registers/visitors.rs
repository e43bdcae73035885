//! 来访登记 Visitors (002 2.8 4): who came, for which unit, why, how many,
//! when in and out; salespeople refused and noted. ID numbers and phones are
//! kept whole and shown masked.

use super::common::{by_id, stepped, ListQuery};
use super::{check_version, not_taken, unit_of, StepRequest, Stepped, Writing};
use crate::domain::mask;
use crate::domain::registers::{self, RAction, RFacts, RState, Register};
use crate::domain::time::Tz;
use crate::store::{at, at_opt, parse_code, Cx, Result, Store};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Row};

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Visitor {
    pub id: i64,
    pub state: RState,
    pub name: String,
    /// Masked.
    pub id_number: String,
    /// Masked.
    pub phone: String,
    pub unit: Option<String>,
    #[serde(skip)]
    pub unit_id: Option<i64>,
    pub purpose: String,
    pub people: i64,
    pub badge: String,
    pub salesperson: bool,
    pub reason: String,
    pub note: String,
    #[serde(with = "crate::domain::time")]
    pub in_at: NaiveDateTime,
    #[serde(with = "crate::domain::time::opt")]
    pub out_at: Option<NaiveDateTime>,
    pub registered_by: String,
    pub version: i64,
}

impl Visitor {
    pub fn inside(&self) -> bool {
        self.state == RState::Inside
    }
}

/// Which visitors a list shows: by name or unit, on a day, or only those
/// still inside.
#[derive(Debug, Clone, Default)]
pub struct VisitorFilter {
    pub query: String,
    pub date: Option<NaiveDate>,
    pub inside_only: bool,
    pub unit_id: Option<i64>,
}

pub(crate) const SELECT: &str = "SELECT v.id, v.state, v.name, v.id_number, v.phone, u.code,
    v.unit_id, v.purpose, v.people, v.badge, v.salesperson, v.reason, v.note, v.in_at, v.out_at,
    s.name, v.version
  FROM visitors v LEFT JOIN units u ON u.id = v.unit_id JOIN staff s ON s.id = v.created_by";

pub(crate) fn row(r: &Row, z: Tz) -> rusqlite::Result<Visitor> {
    Ok(Visitor {
        id: r.get(0)?,
        state: parse_code(r, 1)?,
        name: r.get(2)?,
        id_number: mask::id_number(&r.get::<_, String>(3)?),
        phone: mask::phone(&r.get::<_, String>(4)?),
        unit: r.get(5)?,
        unit_id: r.get(6)?,
        purpose: r.get(7)?,
        people: r.get(8)?,
        badge: r.get(9)?,
        salesperson: r.get(10)?,
        reason: r.get(11)?,
        note: r.get(12)?,
        in_at: at(r, 13, z)?,
        out_at: at_opt(r, 14, z)?,
        registered_by: r.get(15)?,
        version: r.get(16)?,
    })
}

fn get(cx: &Cx, id: i64) -> Result<Visitor> {
    by_id(cx, SELECT, "v.id", "visitor", id, |r| row(r, cx.zone))
}

pub(super) fn step(tx: &Cx, w: &Writing, req: &StepRequest) -> Result<Stepped> {
    const REG: Register = Register::Visitor;
    let cur = req.id.map(|id| get(tx, id)).transpose()?;
    let state = cur.as_ref().map_or(RState::New, |v| v.state);
    if let Some(v) = &cur {
        check_version(tx, REG, v.id, v.version, req.version)?;
    }
    let facts = RFacts {
        visitor_id_required: w.rules.visitor_id_required,
        ..Default::default()
    };
    let input = req.input;
    let rule = registers::check(REG, state, req.action, &w.acting, input, &facts)?;
    let to = rule.target(state);
    let now = tx.epoch(w.now);
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    let id = match (req.action, &cur) {
        (RAction::In | RAction::Refuse, None) => {
            let unit = unit_of(tx, input)?;
            tx.execute(
                "INSERT INTO visitors (state, name, id_number, phone, unit_id, purpose, people,
                    badge, salesperson, reason, note, in_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                params![
                    to.code(),
                    text(&input.name),
                    text(&input.id_number),
                    text(&input.phone),
                    unit.map(|u| u.id),
                    text(&input.purpose),
                    input.people.unwrap_or(1),
                    text(&input.badge),
                    input.salesperson.unwrap_or(req.action == RAction::Refuse),
                    text(&input.reason),
                    text(&input.note),
                    now,
                    w.actor.id,
                ],
            )?;
            tx.last_insert_rowid()
        }
        (RAction::Out, Some(v)) => {
            tx.execute(
                "UPDATE visitors SET state = ?1, out_at = ?2, out_by = ?3,
                    note = CASE WHEN ?4 = '' THEN note WHEN note = '' THEN ?4
                                ELSE note || '；' || ?4 END,
                    version = version + 1
                 WHERE id = ?5",
                params![to.code(), now, w.actor.id, text(&input.note), v.id],
            )?;
            v.id
        }
        _ => return Err(not_taken(REG, state, req.action)),
    };
    stepped(tx, w, req, REG, rule, id, state, to, None)
}

impl Store {
    pub fn visitor(&self, id: i64) -> Result<Visitor> {
        get(&self.cx(), id)
    }

    /// Visitors matching a filter: those still inside first, then the
    /// latest arrivals.
    pub fn visitors(&self, f: &VisitorFilter) -> Result<Vec<Visitor>> {
        let cx = self.cx();
        let mut q = ListQuery::new();
        q.search(
            &cx,
            &f.query,
            &["v.name", "u.code", "v.purpose"],
            "v.unit_id",
        )?;
        q.day(&cx, "v.in_at", f.date);
        if f.inside_only {
            q.push("v.state = 'inside'");
        }
        q.unit("v.unit_id", f.unit_id);
        q.rows(
            &self.conn,
            SELECT,
            "ORDER BY v.state = 'inside' DESC, v.in_at DESC, v.id DESC LIMIT 500",
            |r| row(r, self.zone),
        )
    }
}
