//! Staff and departments.

use super::{Result, Store, StoreError};
use crate::domain::Role;
use rusqlite::{params, Connection, OptionalExtension, Row};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Staff {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// Department code; technicians always have one.
    pub department: Option<String>,
    pub has_pin: bool,
}

/// How the acting person was established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Proof {
    /// They typed their PIN.
    Pin,
    /// The Unix account they are logged in with is bound to them.
    Login,
    /// Taken as given: the demo seeder, tests and the system itself. Never
    /// used by the TUI or the CLI for a person at the desk.
    Assumed,
}

/// The person a write is done by, once their identity was established. The
/// store's writes take an `Actor`, never a typed name, so every role check
/// is on an authenticated person. Derefs to the `Staff` record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    staff: Staff,
    proof: Proof,
}

impl std::ops::Deref for Actor {
    type Target = Staff;
    fn deref(&self) -> &Staff {
        &self.staff
    }
}

impl Actor {
    /// For the demo, tests and the system only (see `Proof::Assumed`).
    pub fn assume(staff: Staff) -> Actor {
        Actor {
            staff,
            proof: Proof::Assumed,
        }
    }

    pub fn proof(&self) -> Proof {
        self.proof
    }

    pub fn staff(&self) -> &Staff {
        &self.staff
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Department {
    pub id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

const STAFF_COLS: &str = "s.id, s.name, s.role, d.code, s.pin_hash IS NOT NULL";

fn staff_row(r: &Row) -> rusqlite::Result<Staff> {
    let role: String = r.get(2)?;
    Ok(Staff {
        id: r.get(0)?,
        name: r.get(1)?,
        role: role.parse().unwrap_or(Role::Operator),
        department: r.get(3)?,
        has_pin: r.get(4)?,
    })
}

pub(crate) fn staff_by_name(conn: &Connection, name: &str) -> Result<Staff> {
    conn.query_row(
        &format!(
            "SELECT {STAFF_COLS} FROM staff s LEFT JOIN departments d ON d.id = s.department_id
             WHERE s.name = ?1 AND s.active = 1"
        ),
        [name.trim()],
        staff_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::not_found("staff", name))
}

/// The PIN against the stored salted hash (false when the person has none).
pub(crate) fn pin_matches(conn: &Connection, staff_id: i64, pin: &str) -> Result<bool> {
    let hash: Option<String> = conn
        .query_row(
            "SELECT pin_hash FROM staff WHERE id = ?1",
            [staff_id],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    Ok(hash.is_some_and(|h| crate::pin::verify(pin, &h)))
}

pub(crate) fn department_by_code(conn: &Connection, code: &str) -> Result<Department> {
    let key = code.trim();
    conn.query_row(
        "SELECT id, code, name_zh, name_en FROM departments
         WHERE code = ?1 OR name_zh = ?1 OR lower(name_en) = lower(?1)",
        [key],
        |r| {
            Ok(Department {
                id: r.get(0)?,
                code: r.get(1)?,
                name_zh: r.get(2)?,
                name_en: r.get(3)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| StoreError::not_found("department", code))
}

impl Store {
    /// Active staff who use the desk (operators, supervisors, managers).
    pub fn desk_staff(&self) -> Result<Vec<Staff>> {
        self.staff_where("s.role <> 'technician'", [])
    }

    pub fn technicians(&self, department: Option<&str>) -> Result<Vec<Staff>> {
        match department {
            Some(code) => self.staff_where("s.role = 'technician' AND d.code = ?1", [code]),
            None => self.staff_where("s.role = 'technician'", []),
        }
    }

    fn staff_where<P: rusqlite::Params>(&self, cond: &str, p: P) -> Result<Vec<Staff>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {STAFF_COLS} FROM staff s LEFT JOIN departments d ON d.id = s.department_id
             WHERE s.active = 1 AND {cond}
             ORDER BY CASE s.role WHEN 'operator' THEN 0 WHEN 'supervisor' THEN 1
                      WHEN 'manager' THEN 2 ELSE 3 END, s.id"
        ))?;
        let rows = st.query_map(p, staff_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn staff_by_name(&self, name: &str) -> Result<Staff> {
        staff_by_name(&self.conn, name)
    }

    pub fn departments(&self) -> Result<Vec<Department>> {
        let mut st = self
            .conn
            .prepare("SELECT id, code, name_zh, name_en FROM departments ORDER BY id")?;
        let rows = st.query_map([], |r| {
            Ok(Department {
                id: r.get(0)?,
                code: r.get(1)?,
                name_zh: r.get(2)?,
                name_en: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn department(&self, code: &str) -> Result<Department> {
        department_by_code(&self.conn, code)
    }

    pub fn add_department(&mut self, code: &str, zh: &str, en: &str) -> Result<i64> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO departments (code, name_zh, name_en) VALUES (?1, ?2, ?3)",
                params![code, zh, en],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Add a person; `pin` is hashed before it is stored.
    pub fn add_staff(
        &mut self,
        name: &str,
        role: Role,
        department: Option<&str>,
        pin: Option<&str>,
    ) -> Result<Staff> {
        let pin_hash = pin.map(crate::pin::hash).transpose()?;
        self.write(|tx| {
            let dept = department
                .map(|d| department_by_code(tx, d).map(|d| d.id))
                .transpose()?;
            tx.execute(
                "INSERT INTO staff (name, role, department_id, pin_hash) VALUES (?1, ?2, ?3, ?4)",
                params![name, role.code(), dept, pin_hash],
            )?;
            staff_by_name(tx, name)
        })
    }

    /// Check a person's PIN. False when they have none.
    pub fn verify_pin(&self, staff_id: i64, pin: &str) -> Result<bool> {
        pin_matches(&self.conn, staff_id, pin)
    }

    pub fn set_pin(&mut self, staff_id: i64, pin: &str) -> Result<()> {
        let hash = crate::pin::hash(pin)?;
        self.write(|tx| {
            tx.execute(
                "UPDATE staff SET pin_hash = ?1 WHERE id = ?2",
                params![hash, staff_id],
            )?;
            Ok(())
        })
    }
}
