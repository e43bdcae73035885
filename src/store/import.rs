//! Site lists into the store: the units list and the households list
//! (`domain::import` checks and plans them; `crate::import` reads the files).
//!
//! An import is one `BEGIN IMMEDIATE` transaction: load the site as the
//! planner needs it, plan (pure), write, commit — so nothing can change
//! between planning and writing, and a file with any problem writes nothing
//! (the planner only plans a file without one). Re-importing the same file
//! plans nothing and writes nothing.
//!
//! Households are dated records: a household with another head is dated out
//! (`move_out`) and the file's one is a new record (`move_in`); a person the
//! newer list leaves out is dated out of the household (`until`), one it adds
//! dated in (`since`, the import date). Every change appends a
//! `household_events` row with the actor and the time.
//!
//! The site state carries full phone and ID numbers for the planner to
//! compare: it is read here and handed to nobody else. What comes back is a
//! [`Summary`]: counts and names, no contact data.

use super::households::{check_editor, insert_household, insert_member, iso, Audit, HouseholdRow};
use super::staff::Actor;
use super::{date_opt, Cx, Result, Store, StoreError};
use crate::domain::household::{EventSource, HouseholdField, Person};
use crate::domain::import::{
    check_households, check_units, BuildingAction, BuildingChange, BuildingKind, CurrentBuilding,
    CurrentHousehold, CurrentMember, CurrentUnit, HouseholdAction, HouseholdChange, HouseholdKind,
    HouseholdRecord, HouseholdsPlan, MemberChange, MemberRecord, Payment, SiteState, Summary,
    Table, UnitAction, UnitChange, UnitsPlan,
};
use crate::domain::unit::UnitNo;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, OptionalExtension};
use std::collections::HashMap;

/// Told how far an import has got: items written so far, and of how many
/// (buildings and units, or households).
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize);

fn bad_code(i: usize, s: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, s.into())
}

fn buildings(cx: &Cx) -> Result<Vec<CurrentBuilding>> {
    let mut st = cx.prepare("SELECT id, no, name, kind, entrances, floors FROM buildings")?;
    let rows = st.query_map([], |r| {
        let kind: String = r.get(3)?;
        Ok(CurrentBuilding {
            id: r.get(0)?,
            no: r.get(1)?,
            name: r.get(2)?,
            kind: BuildingKind::from_code(&kind).ok_or_else(|| bad_code(3, kind))?,
            entrances: r.get(4)?,
            floors: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn units(cx: &Cx) -> Result<Vec<CurrentUnit>> {
    let mut st =
        cx.prepare("SELECT id, building, entrance, room, floor, area_m2, notes FROM units")?;
    let rows = st.query_map([], |r| {
        Ok(CurrentUnit {
            id: r.get(0)?,
            no: UnitNo::new(r.get(1)?, r.get(2)?, r.get(3)?),
            floor: r.get(4)?,
            area_m2: r.get(5)?,
            notes: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Current households (not moved out) with their current members, whole.
fn current_households(cx: &Cx) -> Result<Vec<CurrentHousehold>> {
    let mut st = cx.prepare(
        "SELECT h.id, u.building, u.entrance, u.room, h.kind, h.name, h.move_in,
                h.payment_status, h.notes
         FROM households h JOIN units u ON u.id = h.unit_id
         WHERE h.move_out IS NULL ORDER BY h.id",
    )?;
    let mut list: Vec<CurrentHousehold> = st
        .query_map([], |r| {
            let kind: String = r.get(4)?;
            Ok(CurrentHousehold {
                id: r.get(0)?,
                unit: UnitNo::new(r.get(1)?, r.get(2)?, r.get(3)?),
                kind: HouseholdKind::from_code(&kind).ok_or_else(|| bad_code(4, kind))?,
                name: r.get(5)?,
                move_in: date_opt(r, 6)?,
                payment: Payment::from_code(&r.get::<_, String>(7)?),
                notes: r.get(8)?,
                members: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let index: HashMap<i64, usize> = list.iter().enumerate().map(|(i, h)| (h.id, i)).collect();
    let mut st = cx.prepare(
        "SELECT m.household_id, m.id, m.name, m.relation, m.phone, m.id_number, m.is_primary
         FROM household_members m JOIN households h ON h.id = m.household_id
         WHERE h.move_out IS NULL AND m.until IS NULL
         ORDER BY m.household_id, m.is_primary DESC, m.id",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let household: i64 = r.get(0)?;
        let Some(&i) = index.get(&household) else {
            continue;
        };
        let (name, relation, phone, id_number): (String, String, String, String) =
            (r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?);
        list[i].members.push(CurrentMember::from_stored(
            r.get(1)?,
            &name,
            &relation,
            &phone,
            &id_number,
            r.get(6)?,
        ));
    }
    Ok(list)
}

/// The units list planned against the site.
fn plan_units(cx: &Cx, table: &Table) -> Result<(UnitsPlan, SiteState)> {
    let site = SiteState {
        buildings: buildings(cx)?,
        units: units(cx)?,
        households: Vec::new(),
    };
    let plan = check_units(table, &site).map_err(StoreError::Rejected)?;
    Ok((plan, site))
}

/// The households list planned against the site; `date` is the import date.
fn plan_households(cx: &Cx, table: &Table, date: NaiveDate) -> Result<(HouseholdsPlan, SiteState)> {
    let site = SiteState {
        buildings: Vec::new(),
        units: units(cx)?,
        households: current_households(cx)?,
    };
    let plan = check_households(table, &site, date).map_err(StoreError::Rejected)?;
    Ok((plan, site))
}

impl Store {
    /// Run `f` in a read transaction: one consistent view of the site.
    fn read<T>(&self, f: impl FnOnce(&Cx) -> Result<T>) -> Result<T> {
        let tx = self.conn.unchecked_transaction()?;
        let out = f(&Cx::new(&tx, self.zone));
        drop(tx);
        out
    }

    /// What importing a units list would do (`--dry-run`): nothing is
    /// written. A list with problems is `StoreError::Rejected`.
    pub fn plan_units_import(&self, table: &Table) -> Result<Summary> {
        self.read(|cx| Ok(plan_units(cx, table)?.0.summary()))
    }

    /// Import a units list: buildings and units, new or changed, in one
    /// transaction; a list with any problem writes nothing.
    pub fn import_units(
        &mut self,
        table: &Table,
        actor: &Actor,
        progress: Progress,
    ) -> Result<Summary> {
        check_editor(actor)?;
        self.write(|tx| {
            let (plan, site) = plan_units(tx, table)?;
            apply_units(tx, &plan, &site, progress)?;
            Ok(plan.summary())
        })
    }

    /// What importing a households list would do (`--dry-run`): nothing is
    /// written. `date` dates a replacement whose row gives no move-in.
    pub fn plan_households_import(&self, table: &Table, date: NaiveDate) -> Result<Summary> {
        self.read(|cx| Ok(plan_households(cx, table, date)?.0.summary()))
    }

    /// Import a households list as dated records, in one transaction; a list
    /// with any problem writes nothing. `date` is the import date: it dates
    /// a replacement whose row gives no move-in, and people joining or
    /// leaving a household; `now` and `actor` go into `household_events`.
    pub fn import_households(
        &mut self,
        table: &Table,
        date: NaiveDate,
        actor: &Actor,
        now: NaiveDateTime,
        progress: Progress,
    ) -> Result<Summary> {
        check_editor(actor)?;
        self.write(|tx| {
            let (plan, site) = plan_households(tx, table, date)?;
            let unit_ids: HashMap<UnitNo, i64> = site.units.iter().map(|u| (u.no, u.id)).collect();
            let audit = Audit::new(tx, actor, now, EventSource::Import);
            apply_households(tx, &audit, &plan, &unit_ids, date, progress)?;
            Ok(plan.summary())
        })
    }
}

// ---------------------------------------------------------------- units

fn apply_units(cx: &Cx, plan: &UnitsPlan, site: &SiteState, progress: Progress) -> Result<()> {
    let total = plan.buildings.len() + plan.units.len();
    let mut done = 0;
    progress(done, total);
    let mut ids: HashMap<u16, i64> = site.buildings.iter().map(|b| (b.no, b.id)).collect();
    for b in &plan.buildings {
        match &b.action {
            BuildingAction::New {
                name,
                kind,
                entrances,
                floors,
            } => {
                cx.execute(
                    "INSERT INTO buildings (no, name, kind, entrances, floors)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![b.no, name, kind.code(), entrances, floors],
                )?;
                ids.insert(b.no, cx.last_insert_rowid());
            }
            BuildingAction::Changed { id, changes } => {
                for c in changes {
                    let (sql, value): (&str, rusqlite::types::Value) = match c {
                        BuildingChange::Name { to, .. } => (
                            "UPDATE buildings SET name = ?1 WHERE id = ?2",
                            to.clone().into(),
                        ),
                        BuildingChange::Kind { to, .. } => (
                            "UPDATE buildings SET kind = ?1 WHERE id = ?2",
                            to.code().to_string().into(),
                        ),
                        BuildingChange::Entrances { to, .. } => (
                            "UPDATE buildings SET entrances = ?1 WHERE id = ?2",
                            i64::from(*to).into(),
                        ),
                        BuildingChange::Floors { to, .. } => (
                            "UPDATE buildings SET floors = ?1 WHERE id = ?2",
                            i64::from(*to).into(),
                        ),
                    };
                    cx.execute(sql, params![value, id])?;
                }
            }
            BuildingAction::Unchanged { .. } => {}
        }
        done += 1;
        progress(done, total);
    }
    let mut insert = cx.prepare_cached(
        "INSERT INTO units (building_id, building, entrance, room, floor, code, area_m2, notes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for u in &plan.units {
        let r = &u.record;
        match &u.action {
            UnitAction::New => {
                let building = *ids
                    .get(&r.no.building)
                    .ok_or_else(|| StoreError::not_found("building", r.no.building))?;
                insert.execute(params![
                    building,
                    r.no.building,
                    r.no.entrance,
                    r.no.room,
                    r.floor_or_derived(),
                    r.no.code(),
                    r.area_m2,
                    r.notes.as_deref().unwrap_or("")
                ])?;
            }
            UnitAction::Changed { id, changes } => {
                for c in changes {
                    let (sql, value): (&str, rusqlite::types::Value) = match c {
                        UnitChange::Floor { to, .. } => (
                            "UPDATE units SET floor = ?1 WHERE id = ?2",
                            i64::from(*to).into(),
                        ),
                        UnitChange::Area { to, .. } => {
                            ("UPDATE units SET area_m2 = ?1 WHERE id = ?2", (*to).into())
                        }
                        UnitChange::Notes { to, .. } => (
                            "UPDATE units SET notes = ?1 WHERE id = ?2",
                            to.clone().into(),
                        ),
                    };
                    cx.execute(sql, params![value, id])?;
                }
            }
            UnitAction::Unchanged { .. } => {}
        }
        done += 1;
        progress(done, total);
    }
    Ok(())
}

// ----------------------------------------------------------- households

/// A person of the file as the household file stores them ('' for none).
fn person(m: &MemberRecord) -> Person {
    Person {
        name: m.name.clone(),
        relation: m.relation.clone(),
        phone: m.phone.as_ref().map_or("", |p| p.as_str()).to_string(),
        id_number: m.id_number.as_ref().map_or("", |i| i.as_str()).to_string(),
        primary: m.head,
    }
}

/// The state changed under the plan: cannot happen inside the write
/// transaction, but nothing is written if it does.
fn vanished(what: &'static str, id: i64) -> StoreError {
    StoreError::not_found(what, id)
}

fn apply_households(
    cx: &Cx,
    audit: &Audit,
    plan: &HouseholdsPlan,
    unit_ids: &HashMap<UnitNo, i64>,
    date: NaiveDate,
    progress: Progress,
) -> Result<()> {
    let total = plan.households.len();
    progress(0, total);
    let unit_of = |no: UnitNo| {
        unit_ids
            .get(&no)
            .copied()
            .ok_or_else(|| StoreError::not_found("unit", no.code()))
    };
    for (done, h) in plan.households.iter().enumerate() {
        let r = &h.record;
        match &h.action {
            HouseholdAction::Unchanged { .. } => {}
            HouseholdAction::New => {
                new_household(cx, audit, r, unit_of(r.unit)?, r.move_in)?;
            }
            HouseholdAction::Replaced {
                old_id,
                move_out,
                move_in,
                ..
            } => {
                let n = cx
                    .prepare_cached(
                        "UPDATE households SET move_out = ?1, version = version + 1
                         WHERE id = ?2 AND move_out IS NULL",
                    )?
                    .execute(params![iso(*move_out), old_id])?;
                if n != 1 {
                    return Err(vanished("household", *old_id));
                }
                audit.log(
                    *old_id,
                    None,
                    HouseholdField::MoveOut,
                    None,
                    Some(&iso(*move_out)),
                )?;
                new_household(cx, audit, r, unit_of(r.unit)?, Some(*move_in))?;
            }
            HouseholdAction::Changed { id, changes } => {
                apply_changes(cx, audit, *id, r, changes, date)?;
            }
        }
        progress(done + 1, total);
    }
    Ok(())
}

/// Insert the file's household dated in on `move_in`, its people with it.
fn new_household(
    cx: &Cx,
    audit: &Audit,
    r: &HouseholdRecord,
    unit_id: i64,
    move_in: Option<NaiveDate>,
) -> Result<i64> {
    let id = insert_household(
        cx,
        audit,
        &HouseholdRow {
            unit_id,
            kind: r.kind.code(),
            name: &r.name,
            move_in,
            payment: r.payment.unwrap_or(Payment::Unknown).code(),
            notes: r.notes.as_deref().unwrap_or(""),
        },
    )?;
    for m in &r.members {
        insert_member(cx, audit, id, &person(m), move_in)?;
    }
    Ok(id)
}

fn set_household(cx: &Cx, id: i64, column: &str, value: Option<&str>) -> Result<()> {
    cx.execute(
        &format!("UPDATE households SET {column} = ?1 WHERE id = ?2"),
        params![value, id],
    )?;
    Ok(())
}

fn apply_changes(
    cx: &Cx,
    audit: &Audit,
    id: i64,
    r: &HouseholdRecord,
    changes: &[HouseholdChange],
    date: NaiveDate,
) -> Result<()> {
    let n = cx
        .prepare_cached(
            "UPDATE households SET version = version + 1 WHERE id = ?1 AND move_out IS NULL",
        )?
        .execute([id])?;
    if n != 1 {
        return Err(vanished("household", id));
    }
    for c in changes {
        match c {
            HouseholdChange::Name { from, to } => {
                set_household(cx, id, "name", Some(to))?;
                audit.log(id, None, HouseholdField::Name, Some(from), Some(to))?;
            }
            HouseholdChange::MoveIn { from, to } => {
                set_household(cx, id, "move_in", Some(&iso(*to)))?;
                let from = from.map(iso);
                audit.log(
                    id,
                    None,
                    HouseholdField::MoveIn,
                    from.as_deref(),
                    Some(&iso(*to)),
                )?;
            }
            HouseholdChange::Payment { from, to } => {
                set_household(cx, id, "payment_status", Some(to.code()))?;
                audit.log(
                    id,
                    None,
                    HouseholdField::Payment,
                    Some(from.code()),
                    Some(to.code()),
                )?;
            }
            HouseholdChange::Notes { from, to } => {
                set_household(cx, id, "notes", Some(to))?;
                audit.log(id, None, HouseholdField::Notes, Some(from), Some(to))?;
            }
            HouseholdChange::MemberAdded { index } => {
                insert_member(cx, audit, id, &person(&r.members[*index]), Some(date))?;
            }
            HouseholdChange::MemberRemoved { member_id, .. } => {
                let since: Option<Option<String>> = cx
                    .query_row(
                        "SELECT since FROM household_members
                         WHERE id = ?1 AND household_id = ?2 AND until IS NULL",
                        params![member_id, id],
                        |r| r.get(0),
                    )
                    .optional()?;
                let since = since.ok_or_else(|| vanished("member", *member_id))?;
                // Never dated out before they were dated in.
                let until = since
                    .and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
                    .map_or(date, |s| s.max(date));
                cx.execute(
                    "UPDATE household_members SET until = ?1 WHERE id = ?2",
                    params![iso(until), member_id],
                )?;
                audit.log(
                    id,
                    Some(*member_id),
                    HouseholdField::MemberUntil,
                    None,
                    Some(&iso(until)),
                )?;
            }
            HouseholdChange::MemberChanged {
                member_id, changes, ..
            } => member_changes(cx, audit, id, *member_id, changes)?,
        }
    }
    Ok(())
}

fn member_changes(
    cx: &Cx,
    audit: &Audit,
    household: i64,
    member_id: i64,
    changes: &[MemberChange],
) -> Result<()> {
    // The stored values, whole, for the audit's "before".
    let stored: Option<(String, String, String, String, bool)> = cx
        .query_row(
            "SELECT name, relation, phone, id_number, is_primary FROM household_members
             WHERE id = ?1 AND household_id = ?2 AND until IS NULL",
            params![member_id, household],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let (name, relation, phone, id_number, primary) =
        stored.ok_or_else(|| vanished("member", member_id))?;
    let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
    for c in changes {
        let (field, column, old, new): (HouseholdField, &str, Option<String>, String) = match c {
            MemberChange::Name { to, .. } => {
                (HouseholdField::MemberName, "name", some(&name), to.clone())
            }
            MemberChange::Relation { to, .. } => (
                HouseholdField::Relation,
                "relation",
                some(&relation),
                to.clone(),
            ),
            MemberChange::Phone { to, .. } => (
                HouseholdField::Phone,
                "phone",
                some(&phone),
                to.as_str().to_string(),
            ),
            MemberChange::IdNumber { to, .. } => (
                HouseholdField::IdNumber,
                "id_number",
                some(&id_number),
                to.as_str().to_string(),
            ),
            MemberChange::Head { to } => (
                HouseholdField::Primary,
                "is_primary",
                Some(if primary { "1" } else { "0" }.to_string()),
                if *to { "1" } else { "0" }.to_string(),
            ),
        };
        if field == HouseholdField::Primary {
            cx.execute(
                "UPDATE household_members SET is_primary = ?1 WHERE id = ?2",
                params![new == "1", member_id],
            )?;
        } else {
            cx.execute(
                &format!("UPDATE household_members SET {column} = ?1 WHERE id = ?2"),
                params![new, member_id],
            )?;
        }
        audit.log(
            household,
            Some(member_id),
            field,
            old.as_deref(),
            Some(&new),
        )?;
    }
    Ok(())
}
