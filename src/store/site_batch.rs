//! Site data written in bulk — buildings, units, households and their
//! members — inside one transaction. The demo builds its site with it.

use super::{Cx, Result, Store};
use crate::domain::household::{HouseholdKind, PaymentStatus};
use crate::domain::UnitNo;
use rusqlite::params;

/// The rows of one site write; every call runs in the caller's transaction.
pub struct SiteBatch<'a> {
    tx: &'a Cx<'a>,
}

/// A household as written: who, since when, until when (a dated record).
pub struct HouseholdRow<'a> {
    pub unit_id: i64,
    pub kind: HouseholdKind,
    pub name: &'a str,
    pub move_in: &'a str,
    pub move_out: Option<&'a str>,
    pub payment: PaymentStatus,
    pub notes: &'a str,
}

/// A person of a household.
pub struct MemberRow<'a> {
    pub household_id: i64,
    pub name: &'a str,
    pub relation: &'a str,
    pub phone: &'a str,
    pub id_number: &'a str,
    pub primary: bool,
}

impl SiteBatch<'_> {
    pub fn add_building(
        &self,
        no: u16,
        name: &str,
        kind: &str,
        entrances: u16,
        floors: u32,
    ) -> Result<i64> {
        self.tx.execute(
            "INSERT INTO buildings (no, name, kind, entrances, floors) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![no, name, kind, entrances, floors],
        )?;
        Ok(self.tx.last_insert_rowid())
    }

    pub fn add_unit(
        &self,
        building_id: i64,
        no: UnitNo,
        floor: u32,
        area_m2: Option<f64>,
    ) -> Result<i64> {
        self.tx.execute(
            "INSERT INTO units (building_id, building, entrance, room, floor, code, area_m2)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                building_id,
                no.building,
                no.entrance,
                no.room,
                floor,
                no.code(),
                area_m2
            ],
        )?;
        Ok(self.tx.last_insert_rowid())
    }

    pub fn add_household(&self, h: &HouseholdRow) -> Result<i64> {
        self.tx.execute(
            "INSERT INTO households (unit_id, kind, name, move_in, move_out, payment_status, notes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                h.unit_id,
                h.kind.code(),
                h.name,
                h.move_in,
                h.move_out,
                h.payment.code(),
                h.notes
            ],
        )?;
        Ok(self.tx.last_insert_rowid())
    }

    /// A member since the household moved in (`since` is its move-in date).
    pub fn add_member(&self, m: &MemberRow) -> Result<()> {
        self.tx.execute(
            "INSERT INTO household_members
                (household_id, name, relation, phone, id_number, is_primary, since)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT move_in FROM households WHERE id = ?1))",
            params![
                m.household_id,
                m.name,
                m.relation,
                m.phone,
                m.id_number,
                m.primary
            ],
        )?;
        Ok(())
    }
}

impl Store {
    /// Write site rows in one `BEGIN IMMEDIATE` transaction.
    pub fn site_batch<T>(&mut self, f: impl FnOnce(&SiteBatch) -> Result<T>) -> Result<T> {
        self.write(|tx| f(&SiteBatch { tx }))
    }

    /// Seeding thousands of rows needs no fsync per commit; `false` restores
    /// `synchronous=FULL`.
    pub fn set_bulk_mode(&self, bulk: bool) -> Result<()> {
        let mode = if bulk { "OFF" } else { "FULL" };
        self.conn
            .execute_batch(&format!("PRAGMA synchronous={mode}"))?;
        Ok(())
    }

    /// Every unit code, in the order the units were made.
    pub fn unit_codes(&self) -> Result<Vec<String>> {
        let mut st = self.conn.prepare("SELECT code FROM units ORDER BY id")?;
        let v = st
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(v)
    }

    /// Units with a current household: (id, code).
    pub fn occupied_units(&self) -> Result<Vec<(i64, String)>> {
        let mut st = self.conn.prepare(
            "SELECT u.id, u.code FROM units u
             WHERE EXISTS (SELECT 1 FROM households h WHERE h.unit_id = u.id AND h.move_out IS NULL)
             ORDER BY u.id",
        )?;
        let v = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(v)
    }

    /// Residential units with a current owner: (code, owner, move-in date).
    pub fn owned_residential_units(&self) -> Result<Vec<(String, String, String)>> {
        let mut st = self.conn.prepare(
            "SELECT u.code, h.name, coalesce(h.move_in, '2019-01-01') FROM units u
             JOIN buildings b ON b.id = u.building_id
             JOIN households h ON h.unit_id = u.id AND h.kind = 'owner' AND h.move_out IS NULL
             WHERE b.kind = 'residential' ORDER BY u.id",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
