//! Buildings, units, households: finding a unit by what was typed, and
//! reading its households and keys. A leaf of the store (tickets, keys,
//! registers and households all resolve units here); the whole unit file,
//! which gathers from those, is in `unit_file`.

use super::{at, at_opt, date_opt, parse_code, Result, Store, StoreError};
use crate::domain::household::{HouseholdKind, PaymentStatus};
use crate::domain::keys::{KeyKind, KeyStatus};
use crate::domain::mask;
use crate::domain::unit::{self, parse_unit, Resolution, UnitNo, UnitQuery};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension};

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Unit {
    pub id: i64,
    #[serde(rename = "unit")]
    pub no: UnitNo,
    pub code: String,
    pub building_name: String,
    pub floor: i64,
    pub area_m2: Option<f64>,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Member {
    pub id: i64,
    pub name: String,
    pub relation: String,
    /// Masked: the full number never leaves the store in a list or file view.
    pub phone: String,
    pub id_number: String,
    pub primary: bool,
    /// A member of the household since (None: from its start, date unknown).
    pub since: Option<NaiveDate>,
    /// Left the household on (None: a current member).
    pub until: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Household {
    pub id: i64,
    pub kind: HouseholdKind,
    pub name: String,
    pub move_in: Option<NaiveDate>,
    pub move_out: Option<NaiveDate>,
    pub payment_status: PaymentStatus,
    pub notes: String,
    /// Its current members (those who left are in `former_members`).
    pub members: Vec<Member>,
    /// Counts the changes to the household and its members: an edit names the
    /// version it saw, and a stale one is refused.
    pub version: i64,
}

impl Household {
    pub fn current(&self) -> bool {
        self.move_out.is_none()
    }
}

/// A copy out on loan: which, with whom, due back when.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct KeyOut {
    pub copy_no: i64,
    pub borrower: String,
    #[serde(with = "crate::domain::time")]
    pub due_at: NaiveDateTime,
}

/// A key the desk holds for the unit, with its loan if out (the earliest due
/// when several copies are out) and every copy out.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct KeyHeld {
    pub id: i64,
    pub kind: KeyKind,
    pub hook: String,
    pub copies: i64,
    pub status: KeyStatus,
    pub out_to: Option<String>,
    #[serde(with = "crate::domain::time::opt")]
    pub due_at: Option<NaiveDateTime>,
    /// How many copies are out now.
    pub out_copies: i64,
    /// Each copy out, earliest due first: with two out, both borrowers.
    pub out: Vec<KeyOut>,
}

/// What a typed unit number leads to.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    One(Unit),
    Several(Vec<UnitNo>),
    None(UnitQuery),
}

/// The columns of a unit as `unit_row` reads them.
const UNIT: &str = "SELECT u.id, u.building, u.entrance, u.room, u.code, b.name, u.floor,
    u.area_m2, u.notes
  FROM units u JOIN buildings b ON b.id = u.building_id";

fn unit_row(r: &rusqlite::Row) -> rusqlite::Result<Unit> {
    Ok(Unit {
        id: r.get(0)?,
        no: UnitNo::new(r.get(1)?, r.get(2)?, r.get(3)?),
        code: r.get(4)?,
        building_name: r.get(5)?,
        floor: r.get(6)?,
        area_m2: r.get(7)?,
        notes: r.get(8)?,
    })
}

/// Match a query against the units sharing its room number: one indexed
/// statement reads those units whole and the match is made among them (no
/// second read for the one found).
pub(crate) fn find_unit(conn: &Connection, q: &UnitQuery) -> Result<Found> {
    // All three parts named: the one unit by its unique key, not every unit
    // with that room number (a room number repeats in each entrance of
    // each building: 168 rows on a site of 20,000 units).
    if let Some(no) = q.full() {
        let one = conn
            .prepare_cached(&format!(
                "{UNIT} WHERE u.building = ?1 AND u.entrance = ?2 AND u.room = ?3"
            ))?
            .query_row(params![no.building, no.entrance, no.room], unit_row)
            .optional()?;
        return Ok(match one {
            Some(u) => Found::One(u),
            None => Found::None(*q),
        });
    }
    let mut st = conn.prepare_cached(&format!("{UNIT} WHERE u.room = ?1"))?;
    let units: Vec<Unit> = st
        .query_map([q.room], unit_row)?
        .collect::<rusqlite::Result<_>>()?;
    let candidates: Vec<UnitNo> = units.iter().map(|u| u.no).collect();
    Ok(match unit::resolve(q, &candidates) {
        Resolution::Unique(no) => match units.into_iter().find(|u| u.no == no) {
            Some(u) => Found::One(u),
            None => Found::None(*q),
        },
        Resolution::Ambiguous(list) => Found::Several(list),
        Resolution::NotFound => Found::None(*q),
    })
}

/// Parse and resolve in one go; every failure is a typed error.
pub(crate) fn resolve_text(conn: &Connection, text: &str) -> Result<Unit> {
    let q = parse_unit(text)?;
    match find_unit(conn, &q)? {
        Found::One(u) => Ok(u),
        Found::Several(list) => Err(StoreError::Ambiguous(list)),
        Found::None(_) => Err(StoreError::not_found("unit", text.trim())),
    }
}

impl Store {
    pub fn find_unit(&self, q: &UnitQuery) -> Result<Found> {
        find_unit(&self.conn, q)
    }

    pub fn resolve_unit(&self, text: &str) -> Result<Unit> {
        resolve_text(&self.conn, text)
    }

    pub fn unit_by_id(&self, id: i64) -> Result<Unit> {
        self.conn
            .query_row(&format!("{UNIT} WHERE u.id = ?1"), [id], unit_row)
            .optional()?
            .ok_or_else(|| StoreError::not_found("unit", id))
    }

    /// Households of a unit, current ones first, then the former ones (the
    /// unit's history), each with its current members; phones and IDs masked.
    pub fn households(&self, unit_id: i64) -> Result<Vec<Household>> {
        households_of_unit(&self.conn, unit_id)
    }

    /// One household with its current members; phones and IDs masked.
    pub fn household(&self, id: i64) -> Result<Household> {
        household(&self.conn, id)
    }

    /// People who left a household (dated out, kept for the file's history),
    /// most recent first; phones and IDs masked.
    pub fn former_members(&self, household_id: i64) -> Result<Vec<Member>> {
        members(&self.conn, household_id, false)
    }

    /// The primary contact of the current household: name and full phone,
    /// used to prefill intake (the operator is talking to them).
    pub fn primary_contact(&self, unit_id: i64) -> Result<Option<(String, String)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT m.name, m.phone FROM household_members m
                 JOIN households h ON h.id = m.household_id
                 WHERE h.unit_id = ?1 AND h.move_out IS NULL AND m.until IS NULL
                 ORDER BY h.kind = 'tenant' DESC, m.is_primary DESC, m.id LIMIT 1",
                [unit_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// The unit's keys, held ones first; each with its earliest-due open loan.
    pub fn keys_of_unit(&self, unit_id: i64) -> Result<Vec<KeyHeld>> {
        let mut st = self.conn.prepare_cached(
            "SELECT k.id, k.kind, k.hook, k.copies, k.status, l.borrower_name, l.due_at,
                (SELECT count(*) FROM key_loans o WHERE o.key_id = k.id AND o.returned_at IS NULL)
             FROM keys k
             LEFT JOIN key_loans l ON l.id = (
                SELECT o.id FROM key_loans o WHERE o.key_id = k.id AND o.returned_at IS NULL
                ORDER BY o.due_at, o.id LIMIT 1)
             WHERE k.unit_id = ?1 ORDER BY k.status <> 'held', k.id",
        )?;
        let z = self.zone;
        let rows = st.query_map([unit_id], |r| {
            Ok(KeyHeld {
                id: r.get(0)?,
                kind: parse_code(r, 1)?,
                hook: r.get(2)?,
                copies: r.get(3)?,
                status: parse_code(r, 4)?,
                out_to: r.get(5)?,
                due_at: at_opt(r, 6, z)?,
                out_copies: r.get(7)?,
                out: Vec::new(),
            })
        })?;
        let mut keys: Vec<KeyHeld> = rows.collect::<rusqlite::Result<_>>()?;
        // No copy out (most units): the loans are not asked for.
        if keys.iter().all(|k| k.out_copies == 0) {
            return Ok(keys);
        }
        let mut st = self.conn.prepare_cached(
            "SELECT l.key_id, l.copy_no, l.borrower_name, l.due_at FROM key_loans l
             JOIN keys k ON k.id = l.key_id
             WHERE k.unit_id = ?1 AND l.returned_at IS NULL
             ORDER BY l.due_at, l.copy_no",
        )?;
        let loans = st.query_map([unit_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                KeyOut {
                    copy_no: r.get(1)?,
                    borrower: r.get(2)?,
                    due_at: at(r, 3, z)?,
                },
            ))
        })?;
        for row in loans {
            let (key_id, out) = row?;
            if let Some(k) = keys.iter_mut().find(|k| k.id == key_id) {
                k.out.push(out);
            }
        }
        Ok(keys)
    }

    pub fn unit_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM units", [], |r| r.get(0))?)
    }
}

impl Store {
    /// The head of each unit's current household (a tenant before the owner),
    /// for picking among the units that share a room number.
    pub fn unit_heads(&self, units: &[UnitNo]) -> Result<Vec<(UnitNo, Option<String>)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT h.name FROM units u JOIN households h ON h.unit_id = u.id
             WHERE u.building = ?1 AND u.entrance = ?2 AND u.room = ?3 AND h.move_out IS NULL
             ORDER BY h.kind = 'tenant' DESC, h.id LIMIT 1",
        )?;
        units
            .iter()
            .map(|u| {
                let head = st
                    .query_row(params![u.building, u.entrance, u.room], |r| r.get(0))
                    .optional()?;
                Ok((*u, head))
            })
            .collect()
    }
}

/// A person of a unit's current household with the full phone: intake shows
/// it because the operator is talking to them and may call back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub name: String,
    pub relation: String,
    pub phone: String,
}

impl Store {
    /// The current households' people, the one to ask for first first (the
    /// tenant's primary contact, then the owner's).
    pub fn unit_contacts(&self, unit_id: i64) -> Result<Vec<Contact>> {
        let mut st = self.conn.prepare_cached(
            "SELECT m.name, m.relation, m.phone FROM household_members m
             JOIN households h ON h.id = m.household_id
             WHERE h.unit_id = ?1 AND h.move_out IS NULL AND m.until IS NULL
             ORDER BY h.kind = 'tenant' DESC, h.id, m.is_primary DESC, m.id",
        )?;
        let rows = st.query_map([unit_id], |r| {
            Ok(Contact {
                name: r.get(0)?,
                relation: r.get(1)?,
                phone: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

const HOUSEHOLD_COLS: &str =
    "id, kind, name, move_in, move_out, payment_status, notes, version FROM households";

fn households_where(conn: &Connection, cond: &str, key: i64) -> Result<Vec<Household>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {HOUSEHOLD_COLS} WHERE {cond}
         ORDER BY move_out IS NOT NULL, move_out DESC, kind, id"
    ))?;
    let mut list: Vec<Household> = st
        .query_map([key], |r| {
            Ok(Household {
                id: r.get(0)?,
                kind: parse_code(r, 1)?,
                name: r.get(2)?,
                move_in: date_opt(r, 3)?,
                move_out: date_opt(r, 4)?,
                payment_status: parse_code(r, 5)?,
                notes: r.get(6)?,
                members: Vec::new(),
                version: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    for h in &mut list {
        h.members = members(conn, h.id, true)?;
    }
    Ok(list)
}

/// A unit's households with their current members in two statements,
/// however many households it had (lookup reads this on every keystroke).
fn households_of_unit(conn: &Connection, unit_id: i64) -> Result<Vec<Household>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {HOUSEHOLD_COLS} WHERE unit_id = ?1
         ORDER BY move_out IS NOT NULL, move_out DESC, kind, id"
    ))?;
    let mut list: Vec<Household> = st
        .query_map([unit_id], |r| {
            Ok(Household {
                id: r.get(0)?,
                kind: parse_code(r, 1)?,
                name: r.get(2)?,
                move_in: date_opt(r, 3)?,
                move_out: date_opt(r, 4)?,
                payment_status: parse_code(r, 5)?,
                notes: r.get(6)?,
                members: Vec::new(),
                version: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    if list.is_empty() {
        return Ok(list);
    }
    let mut st = conn.prepare_cached(
        "SELECT m.household_id, m.id, m.name, m.relation, m.phone, m.id_number, m.is_primary,
                m.since, m.until
         FROM household_members m JOIN households h ON h.id = m.household_id
         WHERE h.unit_id = ?1 AND m.until IS NULL
         ORDER BY m.household_id, m.is_primary DESC, m.id",
    )?;
    let rows = st.query_map([unit_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            Member {
                id: r.get(1)?,
                name: r.get(2)?,
                relation: r.get(3)?,
                phone: mask::phone(&r.get::<_, String>(4)?),
                id_number: mask::id_number(&r.get::<_, String>(5)?),
                primary: r.get(6)?,
                since: date_opt(r, 7)?,
                until: date_opt(r, 8)?,
            },
        ))
    })?;
    for row in rows {
        let (household_id, m) = row?;
        if let Some(h) = list.iter_mut().find(|h| h.id == household_id) {
            h.members.push(m);
        }
    }
    Ok(list)
}

pub(crate) fn household(conn: &Connection, id: i64) -> Result<Household> {
    households_where(conn, "id = ?1", id)?
        .pop()
        .ok_or_else(|| StoreError::not_found("household", id))
}

/// A household's members, masked: the current ones (head first), or those
/// who left (latest first).
fn members(conn: &Connection, household_id: i64, current: bool) -> Result<Vec<Member>> {
    let sql = if current {
        "SELECT id, name, relation, phone, id_number, is_primary, since, until
         FROM household_members WHERE household_id = ?1 AND until IS NULL
         ORDER BY is_primary DESC, id"
    } else {
        "SELECT id, name, relation, phone, id_number, is_primary, since, until
         FROM household_members WHERE household_id = ?1 AND until IS NOT NULL
         ORDER BY until DESC, id DESC"
    };
    let mut st = conn.prepare_cached(sql)?;
    let rows = st.query_map([household_id], |r| {
        Ok(Member {
            id: r.get(0)?,
            name: r.get(1)?,
            relation: r.get(2)?,
            phone: mask::phone(&r.get::<_, String>(3)?),
            id_number: mask::id_number(&r.get::<_, String>(4)?),
            primary: r.get(5)?,
            since: date_opt(r, 6)?,
            until: date_opt(r, 7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
