//! Changes to a household file 业户档案 made at the desk, as dated records:
//! a person who joins is dated in (`since`), one who leaves dated out
//! (`until`), never deleted; a household that leaves gets its `move_out` and
//! a new one is a new record, so the unit's history stays. Each change is one
//! short `BEGIN IMMEDIATE` write that checks the actor's role, the household's
//! state and the version the operator saw, and appends `household_events`
//! rows (who, when, field, before, after).
//!
//! The history is shown masked: phones and ID numbers are kept whole only in
//! the household file itself.

use super::site::{self, Household};
use super::staff::Actor;
use super::{at, date_opt, parse_code, Cx, Result, Store, StoreError};
use crate::domain::household::{
    self as rules, EventSource, HouseholdError, HouseholdField, HouseholdKind, PaymentStatus,
    PersonInput,
};
use crate::domain::mask;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, OptionalExtension};

/// Appends `household_events` rows for one write: who, when, from where.
pub(crate) struct Audit<'a> {
    cx: &'a Cx<'a>,
    at: i64,
    actor: i64,
    source: EventSource,
}

impl<'a> Audit<'a> {
    pub(crate) fn new(
        cx: &'a Cx<'a>,
        actor: &Actor,
        now: NaiveDateTime,
        source: EventSource,
    ) -> Self {
        Audit {
            cx,
            at: cx.epoch(now),
            actor: actor.id,
            source,
        }
    }

    pub(crate) fn log(
        &self,
        household: i64,
        member: Option<i64>,
        field: HouseholdField,
        old: Option<&str>,
        new: Option<&str>,
    ) -> Result<()> {
        let mut st = self.cx.prepare_cached(
            "INSERT INTO household_events
                (household_id, member_id, at, actor_id, source, field, old_value, new_value)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        st.execute(params![
            household,
            member,
            self.at,
            self.actor,
            self.source.code(),
            field.code(),
            old,
            new
        ])?;
        Ok(())
    }
}

/// `YYYY-MM-DD`, as dates are stored.
pub(crate) fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(crate) fn check_editor(actor: &Actor) -> Result<()> {
    if rules::can_edit(actor.role) {
        Ok(())
    } else {
        Err(HouseholdError::Role {
            name: actor.name.clone(),
        }
        .into())
    }
}

/// A household as the write checks it.
struct Facts {
    id: i64,
    unit_id: i64,
    kind: HouseholdKind,
    move_in: Option<NaiveDate>,
    move_out: Option<NaiveDate>,
    payment: PaymentStatus,
    notes: String,
    version: i64,
}

fn facts(cx: &Cx, id: i64) -> Result<Facts> {
    cx.query_row(
        "SELECT id, unit_id, kind, move_in, move_out, payment_status, notes, version
         FROM households WHERE id = ?1",
        [id],
        |r| {
            Ok(Facts {
                id: r.get(0)?,
                unit_id: r.get(1)?,
                kind: parse_code(r, 2)?,
                move_in: date_opt(r, 3)?,
                move_out: date_opt(r, 4)?,
                payment: parse_code(r, 5)?,
                notes: r.get(6)?,
                version: r.get(7)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| StoreError::not_found("household", id))
}

/// The household, still current, at the version the operator saw.
fn current(cx: &Cx, id: i64, version: i64) -> Result<Facts> {
    let h = facts(cx, id)?;
    if let Some(d) = h.move_out {
        return Err(HouseholdError::MovedOut(d).into());
    }
    if h.version != version {
        return Err(stale(cx, &h));
    }
    Ok(h)
}

/// Who changed the household last, and when.
fn stale(cx: &Cx, h: &Facts) -> StoreError {
    let last = cx
        .query_row(
            "SELECT s.name, e.at FROM household_events e JOIN staff s ON s.id = e.actor_id
             WHERE e.household_id = ?1 ORDER BY e.id DESC LIMIT 1",
            [h.id],
            |r| Ok((r.get::<_, String>(0)?, at(r, 1, cx.zone)?)),
        )
        .optional();
    match last {
        Ok(Some((by, at))) => StoreError::Stale {
            by,
            at,
            version: h.version,
        },
        Ok(None) => StoreError::Stale {
            by: String::new(),
            at: NaiveDateTime::default(),
            version: h.version,
        },
        Err(e) => e.into(),
    }
}

fn bump(cx: &Cx, id: i64) -> Result<()> {
    cx.prepare_cached("UPDATE households SET version = version + 1 WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// A member as stored, whole: for the checks and the audit's old values.
struct MemberFacts {
    household_id: i64,
    name: String,
    relation: String,
    phone: String,
    id_number: String,
    primary: bool,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
}

fn member(cx: &Cx, id: i64) -> Result<MemberFacts> {
    cx.query_row(
        "SELECT household_id, name, relation, phone, id_number, is_primary, since, until
         FROM household_members WHERE id = ?1",
        [id],
        |r| {
            Ok(MemberFacts {
                household_id: r.get(0)?,
                name: r.get(1)?,
                relation: r.get(2)?,
                phone: r.get(3)?,
                id_number: r.get(4)?,
                primary: r.get(5)?,
                since: date_opt(r, 6)?,
                until: date_opt(r, 7)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| StoreError::not_found("member", id))
}

/// The current members of a household (id and person).
fn current_people(cx: &Cx, household_id: i64) -> Result<Vec<(i64, rules::Person)>> {
    let mut st = cx.prepare_cached(
        "SELECT id, name, relation, phone, id_number, is_primary FROM household_members
         WHERE household_id = ?1 AND until IS NULL",
    )?;
    let rows = st.query_map([household_id], |r| {
        Ok((
            r.get(0)?,
            rules::Person {
                name: r.get(1)?,
                relation: r.get(2)?,
                phone: r.get(3)?,
                id_number: r.get(4)?,
                primary: r.get(5)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Insert a member dated `since`; the audit records the joining.
pub(crate) fn insert_member(
    cx: &Cx,
    audit: &Audit,
    household_id: i64,
    p: &rules::Person,
    since: Option<NaiveDate>,
) -> Result<i64> {
    let since = since.map(iso);
    cx.prepare_cached(
        "INSERT INTO household_members
            (household_id, name, relation, phone, id_number, is_primary, since)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        household_id,
        p.name,
        p.relation,
        p.phone,
        p.id_number,
        p.primary,
        since
    ])?;
    let id = cx.last_insert_rowid();
    audit.log(
        household_id,
        Some(id),
        HouseholdField::MemberSince,
        None,
        Some(since.as_deref().unwrap_or("")),
    )?;
    Ok(id)
}

/// A household as the desk records it moving in.
#[derive(Debug, Clone)]
pub struct NewHousehold {
    pub unit_id: i64,
    pub kind: HouseholdKind,
    /// 户名 (a company); empty: the head's name.
    pub name: String,
    pub move_in: NaiveDate,
    pub payment: PaymentStatus,
    pub notes: String,
    /// At least one; the head marked `primary` (none marked: the first).
    pub members: Vec<PersonInput>,
}

/// The current household a move-in replaces: it is dated out on the new
/// one's move-in day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Replacing {
    pub household_id: i64,
    pub version: i64,
}

/// A change to one member's contact data (an empty phone or ID removes it).
/// `Debug` masks the phone and ID number.
#[derive(Clone, PartialEq, Eq)]
pub enum MemberEdit {
    Phone(String),
    Relation(String),
    IdNumber(String),
}

impl std::fmt::Debug for MemberEdit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MemberEdit::Phone(s) => f.debug_tuple("Phone").field(&mask::phone(s)).finish(),
            MemberEdit::Relation(s) => f.debug_tuple("Relation").field(s).finish(),
            MemberEdit::IdNumber(s) => f
                .debug_tuple("IdNumber")
                .field(&mask::id_number(s))
                .finish(),
        }
    }
}

/// A change to the household's own fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HouseholdEdit {
    Payment(PaymentStatus),
    Notes(String),
}

/// One row of a household's history, as shown: phones and ID numbers masked.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct HouseholdEvent {
    pub id: i64,
    #[serde(with = "crate::domain::time")]
    pub at: NaiveDateTime,
    pub actor: String,
    pub source: EventSource,
    pub field: HouseholdField,
    /// The member the change is about.
    pub member: Option<String>,
    pub old: Option<String>,
    pub new: Option<String>,
}

impl Store {
    /// A person joins a current household on `since` (not before it moved in).
    /// Refused with nothing written when the household moved out, the version
    /// is stale, the person is already a member or the input is bad.
    pub fn add_member(
        &mut self,
        household_id: i64,
        version: i64,
        person: &PersonInput,
        since: NaiveDate,
        actor: &Actor,
        now: NaiveDateTime,
    ) -> Result<Household> {
        check_editor(actor)?;
        let p = rules::check_person(person)?;
        self.write(|tx| {
            let h = current(tx, household_id, version)?;
            rules::check_not_before(since, h.move_in)?;
            let people = current_people(tx, h.id)?;
            if let Some((_, same)) = people.iter().find(|(_, q)| rules::same_person(q, &p)) {
                return Err(HouseholdError::SameMember {
                    name: same.name.clone(),
                }
                .into());
            }
            if p.primary && people.iter().any(|(_, q)| q.primary) {
                return Err(HouseholdError::TwoHeads.into());
            }
            let audit = Audit::new(tx, actor, now, EventSource::Edit);
            insert_member(tx, &audit, h.id, &p, Some(since))?;
            bump(tx, h.id)?;
            site::household(tx, h.id)
        })
    }

    /// A person leaves the household on `until`: the member row stays, dated
    /// out. The head cannot leave this way (record a move-out).
    pub fn remove_member(
        &mut self,
        member_id: i64,
        version: i64,
        until: NaiveDate,
        actor: &Actor,
        now: NaiveDateTime,
    ) -> Result<Household> {
        check_editor(actor)?;
        self.write(|tx| {
            let m = member(tx, member_id)?;
            let h = current(tx, m.household_id, version)?;
            if let Some(until) = m.until {
                return Err(HouseholdError::MemberLeft {
                    name: m.name,
                    until,
                }
                .into());
            }
            if m.primary {
                return Err(HouseholdError::RemoveHead.into());
            }
            rules::check_not_before(until, m.since.or(h.move_in))?;
            tx.execute(
                "UPDATE household_members SET until = ?1 WHERE id = ?2 AND until IS NULL",
                params![iso(until), member_id],
            )?;
            let audit = Audit::new(tx, actor, now, EventSource::Edit);
            audit.log(
                h.id,
                Some(member_id),
                HouseholdField::MemberUntil,
                None,
                Some(&iso(until)),
            )?;
            bump(tx, h.id)?;
            site::household(tx, h.id)
        })
    }

    /// Change a current member's phone, relation or ID number. The same value
    /// again changes nothing (no event, same version).
    pub fn edit_member(
        &mut self,
        member_id: i64,
        version: i64,
        edit: &MemberEdit,
        actor: &Actor,
        now: NaiveDateTime,
    ) -> Result<Household> {
        check_editor(actor)?;
        let (field, column, value) = match edit {
            MemberEdit::Phone(s) => (HouseholdField::Phone, "phone", rules::check_phone(s)?),
            MemberEdit::Relation(s) => (
                HouseholdField::Relation,
                "relation",
                rules::check_relation(s)?,
            ),
            MemberEdit::IdNumber(s) => (
                HouseholdField::IdNumber,
                "id_number",
                rules::check_id_number(s)?,
            ),
        };
        self.write(|tx| {
            let m = member(tx, member_id)?;
            let h = current(tx, m.household_id, version)?;
            if let Some(until) = m.until {
                return Err(HouseholdError::MemberLeft {
                    name: m.name,
                    until,
                }
                .into());
            }
            let old = match field {
                HouseholdField::Phone => &m.phone,
                HouseholdField::Relation => &m.relation,
                _ => &m.id_number,
            };
            if *old == value {
                return site::household(tx, h.id);
            }
            // Two people of one household never share an ID number.
            if field == HouseholdField::IdNumber && !value.is_empty() {
                let others = current_people(tx, h.id)?;
                if let Some((_, same)) = others
                    .iter()
                    .find(|(id, q)| *id != member_id && q.id_number == value)
                {
                    return Err(HouseholdError::SameMember {
                        name: same.name.clone(),
                    }
                    .into());
                }
            }
            tx.execute(
                &format!("UPDATE household_members SET {column} = ?1 WHERE id = ?2"),
                params![value, member_id],
            )?;
            let audit = Audit::new(tx, actor, now, EventSource::Edit);
            audit.log(h.id, Some(member_id), field, Some(old), Some(&value))?;
            bump(tx, h.id)?;
            site::household(tx, h.id)
        })
    }

    /// Change a current household's payment status or notes.
    pub fn edit_household(
        &mut self,
        household_id: i64,
        version: i64,
        edit: &HouseholdEdit,
        actor: &Actor,
        now: NaiveDateTime,
    ) -> Result<Household> {
        check_editor(actor)?;
        let notes = match edit {
            HouseholdEdit::Notes(s) => Some(rules::check_notes(s)?),
            HouseholdEdit::Payment(_) => None,
        };
        self.write(|tx| {
            let h = current(tx, household_id, version)?;
            let (field, column, old, new) = match (edit, notes) {
                (HouseholdEdit::Payment(p), _) => (
                    HouseholdField::Payment,
                    "payment_status",
                    h.payment.code().to_string(),
                    p.code().to_string(),
                ),
                (HouseholdEdit::Notes(_), n) => (
                    HouseholdField::Notes,
                    "notes",
                    h.notes.clone(),
                    n.unwrap_or_default(),
                ),
            };
            if old == new {
                return site::household(tx, h.id);
            }
            tx.execute(
                &format!("UPDATE households SET {column} = ?1 WHERE id = ?2"),
                params![new, h.id],
            )?;
            let audit = Audit::new(tx, actor, now, EventSource::Edit);
            audit.log(h.id, None, field, Some(&old), Some(&new))?;
            bump(tx, h.id)?;
            site::household(tx, h.id)
        })
    }

    /// The household leaves the unit on `date` (not before it moved in). It
    /// stays in the unit's file with its members as they were.
    pub fn move_out(
        &mut self,
        household_id: i64,
        version: i64,
        date: NaiveDate,
        actor: &Actor,
        now: NaiveDateTime,
    ) -> Result<Household> {
        check_editor(actor)?;
        self.write(|tx| {
            move_out_tx(tx, household_id, Some(version), date, actor, now)?;
            site::household(tx, household_id)
        })
    }

    /// A new household moves into a unit: a new record with its people, dated
    /// in. With `replacing`, that current household (same unit and kind) is
    /// dated out on the same day in the same write; without, a unit that
    /// already has a current household of this kind is refused.
    pub fn move_in(
        &mut self,
        new: &NewHousehold,
        replacing: Option<Replacing>,
        actor: &Actor,
        now: NaiveDateTime,
    ) -> Result<Household> {
        check_editor(actor)?;
        self.write(|tx| {
            let id = move_in_tx(tx, new, replacing, actor, now)?;
            site::household(tx, id)
        })
    }

    /// Every change to a household and its members, oldest first; phones and
    /// ID numbers masked.
    pub fn household_history(&self, household_id: i64) -> Result<Vec<HouseholdEvent>> {
        let mut st = self.conn.prepare_cached(
            "SELECT e.id, e.at, s.name, e.source, e.field, m.name, e.old_value, e.new_value
             FROM household_events e
             JOIN staff s ON s.id = e.actor_id
             LEFT JOIN household_members m ON m.id = e.member_id
             WHERE e.household_id = ?1 ORDER BY e.id",
        )?;
        let zone = self.zone;
        let rows = st.query_map([household_id], |r| {
            let field: HouseholdField = parse_code(r, 4)?;
            let shown = |v: Option<String>| {
                v.map(|v| match field {
                    HouseholdField::Phone => mask::phone(&v),
                    HouseholdField::IdNumber => mask::id_number(&v),
                    _ => v,
                })
            };
            Ok(HouseholdEvent {
                id: r.get(0)?,
                at: at(r, 1, zone)?,
                actor: r.get(2)?,
                source: parse_code(r, 3)?,
                field,
                member: r.get(5)?,
                old: shown(r.get(6)?),
                new: shown(r.get(7)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// A household moves in, inside the caller's transaction (`Store::move_in`,
/// and the move-in register's last step with its checklist). Returns the new
/// household's id.
pub(crate) fn move_in_tx(
    tx: &Cx,
    new: &NewHousehold,
    replacing: Option<Replacing>,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<i64> {
    let people = rules::check_people(&new.members)?;
    let name = match new.name.trim() {
        "" => people[0].name.clone(),
        n => rules::check_household_name(n)?,
    };
    let notes = rules::check_notes(&new.notes)?;
    let unit: Option<i64> = tx
        .query_row("SELECT id FROM units WHERE id = ?1", [new.unit_id], |r| {
            r.get(0)
        })
        .optional()?;
    unit.ok_or_else(|| StoreError::not_found("unit", new.unit_id))?;
    let audit = Audit::new(tx, actor, now, EventSource::Edit);
    let occupant: Option<(i64, String)> = tx
        .query_row(
            "SELECT id, name FROM households
             WHERE unit_id = ?1 AND kind = ?2 AND move_out IS NULL ORDER BY id LIMIT 1",
            params![new.unit_id, new.kind.code()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match (replacing, occupant) {
        (Some(r), _) => {
            let old = facts(tx, r.household_id)?;
            if old.unit_id != new.unit_id || old.kind != new.kind || old.move_out.is_some() {
                return Err(HouseholdError::NotReplaceable { kind: new.kind }.into());
            }
            if old.version != r.version {
                return Err(stale(tx, &old));
            }
            date_out(tx, &old, new.move_in, &audit)?;
        }
        (None, Some((_, name))) => {
            return Err(HouseholdError::Occupied {
                kind: new.kind,
                name,
            }
            .into())
        }
        (None, None) => {}
    }
    let id = insert_household(
        tx,
        &audit,
        &HouseholdRow {
            unit_id: new.unit_id,
            kind: new.kind.code(),
            name: &name,
            move_in: Some(new.move_in),
            payment: new.payment.code(),
            notes: &notes,
        },
    )?;
    for p in &people {
        insert_member(tx, &audit, id, p, Some(new.move_in))?;
    }
    Ok(id)
}

/// A current household moves out on `date`, inside the caller's transaction
/// (`Store::move_out`, and the move-out register's last step). With
/// `version`, a stale one is refused.
pub(crate) fn move_out_tx(
    tx: &Cx,
    household_id: i64,
    version: Option<i64>,
    date: NaiveDate,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<()> {
    let h = match version {
        Some(v) => current(tx, household_id, v)?,
        None => {
            let h = facts(tx, household_id)?;
            current(tx, household_id, h.version)?
        }
    };
    date_out(tx, &h, date, &Audit::new(tx, actor, now, EventSource::Edit))
}

/// Date a current household out (the caller checked it is current).
fn date_out(cx: &Cx, h: &Facts, date: NaiveDate, audit: &Audit) -> Result<()> {
    rules::check_not_before(date, h.move_in)?;
    let n = cx
        .prepare_cached(
            "UPDATE households SET move_out = ?1, version = version + 1
             WHERE id = ?2 AND move_out IS NULL",
        )?
        .execute(params![iso(date), h.id])?;
    if n != 1 {
        return Err(StoreError::not_found("household", h.id));
    }
    audit.log(h.id, None, HouseholdField::MoveOut, None, Some(&iso(date)))
}

/// A household row as inserted (kinds and payment as stored codes).
pub(crate) struct HouseholdRow<'a> {
    pub unit_id: i64,
    pub kind: &'a str,
    pub name: &'a str,
    pub move_in: Option<NaiveDate>,
    pub payment: &'a str,
    pub notes: &'a str,
}

/// Insert a current household; the audit records it moving in.
pub(crate) fn insert_household(cx: &Cx, audit: &Audit, h: &HouseholdRow) -> Result<i64> {
    let move_in = h.move_in.map(iso);
    cx.prepare_cached(
        "INSERT INTO households (unit_id, kind, name, move_in, payment_status, notes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        h.unit_id, h.kind, h.name, move_in, h.payment, h.notes
    ])?;
    let id = cx.last_insert_rowid();
    audit.log(id, None, HouseholdField::MoveIn, None, move_in.as_deref())?;
    Ok(id)
}
