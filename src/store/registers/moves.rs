//! 入伙 / 迁出 Move-in and move-out (002 3.1.1, 3.1.4, 3.1.16; 003 七(1)):
//! a checklist kept as a record — opened, completed item by item, or done
//! at once. The last step writes the household as a dated record through
//! the household file's own operations (`store::households`) in the same
//! transaction: a move-in creates (or replaces) the household; a move-out
//! dates it out once its keys are back and nothing of the unit is still out
//! (key loans, passes, renovations).

use super::common::{by_id, stepped, ListQuery};
use super::{check_version, not_taken, unit_of, StepRequest, Stepped, Writing};
use crate::domain::household::{HouseholdKind, PaymentStatus, PersonInput};
use crate::domain::mask;
use crate::domain::registers::{
    self, Outstanding, RAction, RFacts, RInput, RState, Register, RegisterError,
};
use crate::domain::time::Tz;
use crate::store::households::{move_in_tx, move_out_tx, NewHousehold, Replacing};
use crate::store::{at, at_opt, date_opt, parse_code, Cx, Result, Store, StoreError};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, OptionalExtension, Row};

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Move {
    pub id: i64,
    pub register: Register,
    pub state: RState,
    pub unit: String,
    #[serde(skip)]
    pub unit_id: i64,
    pub household_kind: HouseholdKind,
    pub name: String,
    pub household_id: Option<i64>,
    /// Masked.
    pub phone: String,
    /// Masked.
    pub id_number: String,
    pub date: Option<NaiveDate>,
    pub papers: bool,
    pub id_copy: bool,
    pub inspected: bool,
    pub keys: Option<i64>,
    pub key_receipt: String,
    pub meters: String,
    pub fees_paid: bool,
    pub documents: bool,
    pub keys_returned: bool,
    pub note: String,
    pub reason: String,
    #[serde(with = "crate::domain::time")]
    pub opened_at: NaiveDateTime,
    #[serde(with = "crate::domain::time::opt")]
    pub done_at: Option<NaiveDateTime>,
    pub version: i64,
}

#[derive(Debug, Clone, Default)]
pub struct MoveFilter {
    /// Move-in or move-out only.
    pub register: Option<Register>,
    pub query: String,
    pub open_only: bool,
    pub unit_id: Option<i64>,
}

const SELECT: &str = "SELECT m.id, m.direction, m.state, u.code, m.unit_id, m.household_kind,
    m.name, m.household_id, m.phone, m.id_number, m.date, m.papers, m.id_copy, m.inspected,
    m.keys, m.key_receipt, m.meters, m.fees_paid, m.documents, m.keys_returned, m.note, m.reason,
    m.opened_at, m.done_at, m.version
  FROM moves m JOIN units u ON u.id = m.unit_id";

/// A row, and the checklist as recorded (phone and ID number whole, for
/// completing it).
fn row_raw(r: &Row, z: Tz) -> rusqlite::Result<(Move, RInput)> {
    let dir: String = r.get(1)?;
    let register = if dir == "in" {
        Register::MoveIn
    } else {
        Register::MoveOut
    };
    let phone: String = r.get(8)?;
    let id_number: String = r.get(9)?;
    let m = Move {
        id: r.get(0)?,
        register,
        state: parse_code(r, 2)?,
        unit: r.get(3)?,
        unit_id: r.get(4)?,
        household_kind: parse_code(r, 5)?,
        name: r.get(6)?,
        household_id: r.get(7)?,
        phone: mask::phone(&phone),
        id_number: mask::id_number(&id_number),
        date: date_opt(r, 10)?,
        papers: r.get(11)?,
        id_copy: r.get(12)?,
        inspected: r.get(13)?,
        keys: r.get(14)?,
        key_receipt: r.get(15)?,
        meters: r.get(16)?,
        fees_paid: r.get(17)?,
        documents: r.get(18)?,
        keys_returned: r.get(19)?,
        note: r.get(20)?,
        reason: r.get(21)?,
        opened_at: at(r, 22, z)?,
        done_at: at_opt(r, 23, z)?,
        version: r.get(24)?,
    };
    let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let yes = |b: bool| b.then_some(true);
    let recorded = RInput {
        unit: Some(m.unit.clone()),
        household_kind: Some(m.household_kind),
        name: some(&m.name),
        phone: some(&phone),
        id_number: some(&id_number),
        date: m.date,
        papers: yes(m.papers),
        id_copy: yes(m.id_copy),
        inspected: yes(m.inspected),
        keys: m.keys,
        key_receipt: some(&m.key_receipt),
        meters: some(&m.meters),
        fees_paid: yes(m.fees_paid),
        documents: yes(m.documents),
        keys_returned: yes(m.keys_returned),
        ..Default::default()
    };
    Ok((m, recorded))
}

fn get(cx: &Cx, id: i64) -> Result<(Move, RInput)> {
    by_id(cx, SELECT, "m.id", "move", id, |r| row_raw(r, cx.zone))
}

/// What of `unit_id` is still out at `now`.
fn outstanding(cx: &Cx, unit_id: i64, now: NaiveDateTime) -> Result<Vec<Outstanding>> {
    let mut out = Vec::new();
    let mut st = cx.prepare_cached(
        "SELECT k.hook, l.borrower_name FROM key_loans l JOIN keys k ON k.id = l.key_id
         WHERE k.unit_id = ?1 AND l.returned_at IS NULL ORDER BY l.id",
    )?;
    for r in st.query_map([unit_id], |r| Ok((r.get(0)?, r.get(1)?)))? {
        let (hook, borrower) = r?;
        out.push(Outstanding::KeyLoan { hook, borrower });
    }
    let mut st = cx.prepare_cached(
        "SELECT no FROM goods_passes WHERE unit_id = ?1 AND state = 'issued' AND valid_until >= ?2
         ORDER BY id",
    )?;
    for r in st.query_map(params![unit_id, cx.epoch(now)], |r| r.get(0))? {
        out.push(Outstanding::GoodsPass { no: r? });
    }
    let mut st = cx.prepare_cached(
        "SELECT id FROM renovations WHERE unit_id = ?1 AND state NOT IN ('rejected','closed')
         ORDER BY id",
    )?;
    for r in st.query_map([unit_id], |r| r.get(0))? {
        out.push(Outstanding::Renovation { id: r? });
    }
    let mut st = cx.prepare_cached(
        "SELECT p.no FROM renovation_passes p JOIN renovations r ON r.id = p.renovation_id
         WHERE r.unit_id = ?1 AND p.valid_until >= ?2 ORDER BY p.id",
    )?;
    let today = now.date().format("%Y-%m-%d").to_string();
    for r in st.query_map(params![unit_id, today], |r| r.get(0))? {
        out.push(Outstanding::WorkerPass { no: r? });
    }
    Ok(out)
}

/// The current household of a kind in a unit: (id, version, name).
fn current_household(
    cx: &Cx,
    unit_id: i64,
    kind: HouseholdKind,
) -> Result<Option<(i64, i64, String)>> {
    Ok(cx
        .query_row(
            "SELECT id, version, name FROM households
             WHERE unit_id = ?1 AND kind = ?2 AND move_out IS NULL ORDER BY id LIMIT 1",
            params![unit_id, kind.code()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

pub(super) fn step(tx: &Cx, w: &Writing, req: &StepRequest) -> Result<Stepped> {
    let reg = req.register;
    let cur = req.id.map(|id| get(tx, id)).transpose()?;
    if let Some((m, _)) = &cur {
        if m.register != reg {
            return Err(StoreError::not_found("move", m.id));
        }
        check_version(tx, reg, m.id, m.version, req.version)?;
    }
    let state = cur.as_ref().map_or(RState::New, |(m, _)| m.state);
    // The checklist as recorded, completed by what is given now.
    let input = match &cur {
        Some((_, recorded)) => recorded.overlaid(req.input),
        None => req.input.clone(),
    };
    let unit = match &cur {
        Some((m, _)) => Some((m.unit_id, m.unit.clone())),
        None => unit_of(tx, &input)?.map(|u| (u.id, u.code)),
    };
    let facts = RFacts {
        outstanding: match (&unit, reg, req.action) {
            (Some((uid, _)), Register::MoveOut, RAction::Finish) => {
                super::passes::expire_due(tx, w.now, w.actor)?;
                outstanding(tx, *uid, w.now)?
            }
            _ => Vec::new(),
        },
        ..Default::default()
    };
    let rule = registers::check(reg, state, req.action, &w.acting, &input, &facts)?;
    let to = rule.target(state);
    let Some((unit_id, _)) = unit else {
        return Err(not_taken(reg, state, req.action));
    };
    let now = tx.epoch(w.now);
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    let yes = |b: Option<bool>| b == Some(true);
    let kind = input.household_kind.unwrap_or(HouseholdKind::Owner);
    // The household this move is about: a move-out's leaving one is looked
    // up now; a move-in's is written by its last step.
    let leaving = match (reg, req.action) {
        (Register::MoveOut, RAction::Open | RAction::Finish) => {
            Some(current_household(tx, unit_id, kind)?.ok_or(RegisterError::NoHousehold(kind))?)
        }
        _ => None,
    };
    let mut household_id = cur.as_ref().and_then(|(m, _)| m.household_id);
    let mut done_at = None;
    if req.action == RAction::Finish {
        let date = input.date.unwrap_or(w.now.date());
        match (reg, &leaving) {
            (Register::MoveIn, _) => {
                let replacing = match (input.replace, current_household(tx, unit_id, kind)?) {
                    (Some(true), Some((id, version, _))) => Some(Replacing {
                        household_id: id,
                        version,
                    }),
                    _ => None,
                };
                let new = NewHousehold {
                    unit_id,
                    kind,
                    name: String::new(),
                    move_in: date,
                    payment: PaymentStatus::Paid,
                    notes: String::new(),
                    members: vec![PersonInput {
                        name: text(&input.name),
                        relation: String::new(),
                        phone: text(&input.phone),
                        id_number: text(&input.id_number),
                        primary: true,
                    }],
                };
                household_id = Some(move_in_tx(tx, &new, replacing, w.actor, w.now)?);
            }
            (_, Some((id, _, _))) => {
                move_out_tx(tx, *id, None, date, w.actor, w.now)?;
                household_id = Some(*id);
            }
            _ => return Err(not_taken(reg, state, req.action)),
        }
        done_at = Some(now);
    }
    let name = match &leaving {
        Some((_, _, name)) => name.clone(),
        None => text(&input.name),
    };
    // A move-out's household is the one leaving.
    if let (None, Some((id, _, _))) = (household_id, &leaving) {
        household_id = Some(*id);
    }
    let date = input.date.map(|d| d.format("%Y-%m-%d").to_string());
    let id = match (req.action, &cur) {
        (RAction::Open | RAction::Finish, None) => {
            tx.execute(
                "INSERT INTO moves (direction, state, unit_id, household_kind, name, household_id,
                    phone, id_number, date, papers, id_copy, inspected, keys, key_receipt, meters,
                    fees_paid, documents, keys_returned, note, opened_at, done_at, created_by,
                    updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                    ?17, ?18, ?19, ?20, ?21, ?22, ?20, ?22)",
                params![
                    if reg == Register::MoveIn { "in" } else { "out" },
                    to.code(),
                    unit_id,
                    kind.code(),
                    name,
                    household_id,
                    text(&input.phone),
                    text(&input.id_number),
                    date,
                    yes(input.papers),
                    yes(input.id_copy),
                    yes(input.inspected),
                    input.keys,
                    text(&input.key_receipt),
                    text(&input.meters),
                    yes(input.fees_paid),
                    yes(input.documents),
                    yes(input.keys_returned),
                    text(&input.note),
                    now,
                    done_at,
                    w.actor.id,
                ],
            )?;
            tx.last_insert_rowid()
        }
        (RAction::Check | RAction::Finish | RAction::Cancel, Some((m, _))) => {
            tx.execute(
                "UPDATE moves SET state = ?1, household_kind = ?2, name = ?3, household_id = ?4,
                    phone = ?5, id_number = ?6, date = ?7, papers = ?8, id_copy = ?9,
                    inspected = ?10, keys = ?11, key_receipt = ?12, meters = ?13, fees_paid = ?14,
                    documents = ?15, keys_returned = ?16,
                    note = CASE WHEN ?17 = '' THEN note WHEN note = '' THEN ?17
                                ELSE note || '；' || ?17 END,
                    reason = ?18, done_at = ?19, updated_at = ?20, updated_by = ?21,
                    version = version + 1
                 WHERE id = ?22",
                params![
                    to.code(),
                    kind.code(),
                    name,
                    household_id,
                    text(&input.phone),
                    text(&input.id_number),
                    date,
                    yes(input.papers),
                    yes(input.id_copy),
                    yes(input.inspected),
                    input.keys,
                    text(&input.key_receipt),
                    text(&input.meters),
                    yes(input.fees_paid),
                    yes(input.documents),
                    yes(input.keys_returned),
                    text(&req.input.note),
                    text(&input.reason),
                    done_at,
                    now,
                    w.actor.id,
                    m.id
                ],
            )?;
            m.id
        }
        _ => return Err(not_taken(reg, state, req.action)),
    };
    stepped(tx, w, req, reg, rule, id, state, to, None)
}

impl Store {
    pub fn move_record(&self, id: i64) -> Result<Move> {
        get(&self.cx(), id).map(|(m, _)| m)
    }

    /// Move-in and move-out records: open checklists first, then the latest.
    pub fn moves(&self, f: &MoveFilter) -> Result<Vec<Move>> {
        let cx = self.cx();
        let mut q = ListQuery::new();
        q.search(&cx, &f.query, &["u.code", "m.name"], "m.unit_id")?;
        if f.open_only {
            q.push("m.state = 'open'");
        }
        match f.register {
            Some(Register::MoveIn) => q.push("m.direction = 'in'"),
            Some(Register::MoveOut) => q.push("m.direction = 'out'"),
            _ => {}
        }
        q.unit("m.unit_id", f.unit_id);
        q.rows(
            &self.conn,
            SELECT,
            "ORDER BY m.state = 'open' DESC, m.opened_at DESC, m.id DESC
             LIMIT 500",
            |r| row_raw(r, self.zone).map(|(m, _)| m),
        )
    }

    /// What of a unit is still out at `now` (what a move-out waits for).
    pub fn unit_outstanding(&self, unit_id: i64, now: NaiveDateTime) -> Result<Vec<Outstanding>> {
        outstanding(&self.cx(), unit_id, now)
    }
}
