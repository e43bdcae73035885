//! Finding a caller who does not say their unit: by name, phone (or its last
//! digits) or unit number, ranked exact before partial. Every search is an
//! index lookup (see `migrations/0004_search.sql`), never a scan.

use super::{parse_code, Result, Store};
use crate::domain::household::HouseholdKind;
use crate::domain::mask;
use crate::domain::search::{classify, Rank, MIN_TAIL};
use crate::domain::unit::{self, UnitNo};
use rusqlite::params;

/// A person (or a unit) that matches, with what the desk needs to pick them.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hit {
    pub rank: Rank,
    pub unit_id: i64,
    pub unit: String,
    /// The person's name; the household's when the unit matched.
    pub name: String,
    pub household: String,
    pub kind: Option<HouseholdKind>,
    pub relation: String,
    /// Masked: a list view.
    pub phone: String,
    pub open_tickets: i64,
}

/// Columns every person search selects (`m` members, `h` households, `u` units).
const PERSON: &str = "SELECT u.id, u.code, m.name, h.name, h.kind, m.relation, m.phone,
        (SELECT count(*) FROM tickets t WHERE t.unit_id = u.id AND t.closed_at IS NULL)
    FROM household_members m
    JOIN households h ON h.id = m.household_id AND h.move_out IS NULL AND m.until IS NULL
    JOIN units u ON u.id = h.unit_id";

fn person_row(rank: Rank) -> impl Fn(&rusqlite::Row) -> rusqlite::Result<Hit> {
    move |r| {
        Ok(Hit {
            rank,
            unit_id: r.get(0)?,
            unit: r.get(1)?,
            name: r.get(2)?,
            household: r.get(3)?,
            kind: Some(parse_code(r, 4)?),
            relation: r.get(5)?,
            phone: mask::phone(&r.get::<_, String>(6)?),
            open_tickets: r.get(7)?,
        })
    }
}

impl Store {
    /// Everyone and every unit `text` may mean, best matches first, at most
    /// `limit`. A unit matches by its number; people by phone, phone tail
    /// (at least four digits) or the start of their name.
    pub fn find(&self, text: &str, limit: usize) -> Result<Vec<Hit>> {
        let q = classify(text);
        let mut hits: Vec<Hit> = Vec::new();
        if let Some(uq) = &q.unit {
            let mut st = self
                .conn
                .prepare_cached("SELECT building, entrance, room FROM units WHERE room = ?1")?;
            let candidates: Vec<UnitNo> = st
                .query_map([uq.room], |r| {
                    Ok(UnitNo::new(r.get(0)?, r.get(1)?, r.get(2)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let matching = match unit::resolve(uq, &candidates) {
                unit::Resolution::Unique(u) => vec![u],
                unit::Resolution::Ambiguous(list) => list,
                unit::Resolution::NotFound => Vec::new(),
            };
            let mut st = self.conn.prepare_cached(
                "SELECT u.id, u.code, coalesce(h.name, ''), h.kind,
                    (SELECT count(*) FROM tickets t WHERE t.unit_id = u.id AND t.closed_at IS NULL)
                 FROM units u
                 LEFT JOIN households h ON h.id = (SELECT id FROM households x
                     WHERE x.unit_id = u.id AND x.move_out IS NULL
                     ORDER BY x.kind = 'tenant' DESC, x.id LIMIT 1)
                 WHERE u.building = ?1 AND u.entrance = ?2 AND u.room = ?3",
            )?;
            for u in matching {
                let hit = st.query_row(params![u.building, u.entrance, u.room], |r| {
                    let household: String = r.get(2)?;
                    Ok(Hit {
                        rank: Rank::Unit,
                        unit_id: r.get(0)?,
                        unit: r.get(1)?,
                        name: household.clone(),
                        household,
                        kind: crate::store::parse_opt_code(r, 3)?,
                        relation: String::new(),
                        phone: String::new(),
                        open_tickets: r.get(4)?,
                    })
                })?;
                hits.push(hit);
            }
        }
        if let Some(d) = q.digits.as_deref().filter(|d| d.len() >= MIN_TAIL) {
            let tail = &d[d.len() - MIN_TAIL..];
            let mut st = self.conn.prepare_cached(&format!(
                "{PERSON} WHERE substr(m.phone, -4) = ?1 ORDER BY u.code, m.id LIMIT ?2"
            ))?;
            let rows = st.query_map(params![tail, limit as i64 * 4], |r| {
                let full: String = r.get(6)?;
                let digits: String = full.chars().filter(|c| c.is_ascii_digit()).collect();
                let rank = if digits == d {
                    Rank::PhoneExact
                } else {
                    Rank::PhoneTail
                };
                Ok((digits, person_row(rank)(r)?))
            })?;
            for row in rows {
                let (digits, hit) = row?;
                if digits.ends_with(d) {
                    hits.push(hit);
                }
            }
        }
        if let Some(name) = &q.name {
            // A prefix as an index range: names from `name` up to the next
            // string that does not start with it. In name order the exact
            // name comes first by itself, so the index order serves and a
            // one-character surname does not sort thousands of people first.
            let mut st = self.conn.prepare_cached(&format!(
                "{PERSON} WHERE m.name >= ?1 AND m.name < ?1 || char(1114111)
                 ORDER BY m.name, u.code LIMIT ?2"
            ))?;
            let rows = st.query_map(params![name, limit as i64], |r| {
                let exact: String = r.get(2)?;
                let rank = if exact == *name {
                    Rank::NameExact
                } else {
                    Rank::NamePrefix
                };
                person_row(rank)(r)
            })?;
            for row in rows {
                hits.push(row?);
            }
        }
        hits.sort_by(|a, b| a.rank.cmp(&b.rank).then(a.unit.cmp(&b.unit)));
        hits.dedup_by(|a, b| a.unit_id == b.unit_id && a.name == b.name && a.rank == b.rank);
        hits.truncate(limit);
        Ok(hits)
    }
}
