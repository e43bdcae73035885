//! Staff and departments.

use super::{at_opt, Result, Store, StoreError};
use crate::domain::auth::{self, StaffError};
use crate::domain::Role;
use chrono::NaiveDateTime;
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

    /// A person whose identity the store established (`Store::authenticate`,
    /// `Store::actor_for_login`).
    pub(crate) fn proven(staff: Staff, proof: Proof) -> Actor {
        Actor { staff, proof }
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

pub(crate) const STAFF_COLS: &str = "s.id, s.name, s.role, d.code, s.pin_hash IS NOT NULL";

pub(crate) fn staff_row(r: &Row) -> rusqlite::Result<Staff> {
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

/// A person as `staff list` shows them (disabled people included).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StaffEntry {
    pub name: String,
    pub role: Role,
    pub department: Option<String>,
    /// The Unix account bound to them.
    pub login: Option<String>,
    /// Masked.
    pub phone: String,
    pub active: bool,
    pub has_pin: bool,
    /// Set while a lock from wrong PINs holds.
    #[serde(with = "crate::domain::time::opt")]
    pub locked_until: Option<NaiveDateTime>,
}

/// A person to add (`staff add`).
#[derive(Clone)]
pub struct NewStaff<'a> {
    pub name: &'a str,
    pub role: Role,
    pub department: Option<&'a str>,
    pub login: Option<&'a str>,
    pub phone: &'a str,
    /// Desk roles need one; technicians have none.
    pub pin: Option<&'a str>,
}

impl std::fmt::Debug for NewStaff<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewStaff")
            .field("name", &self.name)
            .field("role", &self.role)
            .field("department", &self.department)
            .field("login", &self.login)
            .field("pin", &self.pin.map(|_| "****"))
            .finish()
    }
}

/// A department with its technicians (`dept list`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DepartmentEntry {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub technicians: Vec<String>,
}

/// An append-only row of `staff_changes`.
fn staff_change(
    tx: &super::Cx,
    by: i64,
    action: &str,
    staff_id: Option<i64>,
    department_id: Option<i64>,
    detail: serde_json::Value,
    now: NaiveDateTime,
) -> Result<()> {
    tx.execute(
        "INSERT INTO staff_changes (at, by_id, action, staff_id, department_id, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            tx.epoch(now),
            by,
            action,
            staff_id,
            department_id,
            detail.to_string()
        ],
    )?;
    Ok(())
}

fn need_manager(by: &Staff) -> Result<()> {
    if auth::can_manage_staff(by.role) {
        Ok(())
    } else {
        Err(StaffError::NeedsManager(by.name.clone()).into())
    }
}

/// The checks of a new person that need no database; the PIN is hashed by
/// the caller before the write.
fn check_new(p: &NewStaff) -> Result<()> {
    if p.name.trim().is_empty() {
        return Err(StaffError::NoName.into());
    }
    if p.role == Role::Technician {
        if p.department.is_none() {
            return Err(StaffError::TechnicianNeedsDept.into());
        }
        if p.pin.is_some() {
            return Err(StaffError::TechnicianPin.into());
        }
    } else if p.pin.is_none() {
        return Err(StaffError::DeskNeedsPin(p.name.trim().to_string()).into());
    }
    if let Some(l) = p.login {
        if !auth::valid_login(l) {
            return Err(StaffError::BadLogin(l.to_string()).into());
        }
    }
    Ok(())
}

/// Insert a checked person inside the caller's transaction; `by` None for
/// the first manager of a new site (recorded as made by themselves).
fn insert_person(
    tx: &super::Cx,
    p: &NewStaff,
    pin_hash: Option<&str>,
    by: Option<i64>,
    now: NaiveDateTime,
) -> Result<Staff> {
    let name = p.name.trim();
    let taken: Option<i64> = tx
        .query_row("SELECT id FROM staff WHERE name = ?1", [name], |r| r.get(0))
        .optional()?;
    if taken.is_some() {
        return Err(StaffError::NameTaken(name.to_string()).into());
    }
    if let Some(l) = p.login {
        let holder: Option<String> = tx
            .query_row("SELECT name FROM staff WHERE login = ?1", [l], |r| r.get(0))
            .optional()?;
        if let Some(h) = holder {
            return Err(StaffError::LoginTaken(l.to_string(), h).into());
        }
    }
    let dept = p
        .department
        .map(|d| department_by_code(tx, d))
        .transpose()?;
    tx.execute(
        "INSERT INTO staff (name, role, department_id, phone, pin_hash, login)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            name,
            p.role.code(),
            dept.as_ref().map(|d| d.id),
            p.phone.trim(),
            pin_hash,
            p.login
        ],
    )?;
    let id = tx.last_insert_rowid();
    staff_change(
        tx,
        by.unwrap_or(id),
        "staff_added",
        Some(id),
        None,
        serde_json::json!({
            "name": name,
            "role": p.role.code(),
            "department": dept.map(|d| d.code),
            "login": p.login,
            "pin": pin_hash.is_some(),
        }),
        now,
    )?;
    staff_by_name(tx, name)
}

impl Store {
    /// Every person, disabled ones included, desk roles first.
    pub fn staff_entries(&self, now: NaiveDateTime) -> Result<Vec<StaffEntry>> {
        let zone = self.zone;
        let mut st = self.conn.prepare(
            "SELECT s.name, s.role, d.code, s.login, s.phone, s.active, s.pin_hash IS NOT NULL,
                    s.locked_until
             FROM staff s LEFT JOIN departments d ON d.id = s.department_id
             ORDER BY s.active DESC, CASE s.role WHEN 'operator' THEN 0 WHEN 'supervisor' THEN 1
                      WHEN 'manager' THEN 2 ELSE 3 END, s.id",
        )?;
        let rows = st.query_map([], |r| {
            let phone: String = r.get(4)?;
            Ok(StaffEntry {
                name: r.get(0)?,
                role: super::parse_code(r, 1)?,
                department: r.get(2)?,
                login: r.get(3)?,
                phone: crate::domain::mask::phone(&phone),
                active: r.get(5)?,
                has_pin: r.get(6)?,
                locked_until: at_opt(r, 7, zone)?.filter(|u| auth::is_locked(Some(*u), now)),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Departments with their active technicians.
    pub fn department_entries(&self) -> Result<Vec<DepartmentEntry>> {
        let depts = self.departments()?;
        let mut st = self.conn.prepare(
            "SELECT name FROM staff WHERE department_id = ?1 AND role = 'technician'
             AND active = 1 ORDER BY id",
        )?;
        let mut out = Vec::new();
        for d in depts {
            let technicians = st
                .query_map([d.id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            out.push(DepartmentEntry {
                code: d.code,
                name_zh: d.name_zh,
                name_en: d.name_en,
                technicians,
            });
        }
        Ok(out)
    }

    /// A manager adds a person. A desk role's PIN is hashed before the write.
    pub fn add_person(&mut self, p: &NewStaff, by: &Actor, now: NaiveDateTime) -> Result<Staff> {
        need_manager(by)?;
        check_new(p)?;
        let hash = p.pin.map(crate::pin::hash).transpose()?;
        self.write(|tx| insert_person(tx, p, hash.as_deref(), Some(by.id), now))
    }

    /// The first manager of a new site (`frontdesk init`): refused once the
    /// site has anyone at the desk.
    pub fn bootstrap_manager(
        &mut self,
        name: &str,
        pin: &str,
        now: NaiveDateTime,
    ) -> Result<Staff> {
        let p = NewStaff {
            name,
            role: Role::Manager,
            department: None,
            login: None,
            phone: "",
            pin: Some(pin),
        };
        check_new(&p)?;
        let hash = crate::pin::hash(pin)?;
        self.write(|tx| {
            let any: Option<i64> = tx
                .query_row(
                    "SELECT id FROM staff WHERE role <> 'technician' LIMIT 1",
                    [],
                    |r| r.get(0),
                )
                .optional()?;
            if any.is_some() {
                return Err(StaffError::AlreadySetUp.into());
            }
            insert_person(tx, &p, Some(&hash), None, now)
        })
    }

    /// A manager disables a person: they can no longer sign in, and their
    /// Unix account is unbound. Their records keep their name.
    pub fn disable_staff(&mut self, name: &str, by: &Actor, now: NaiveDateTime) -> Result<()> {
        need_manager(by)?;
        self.write(|tx| {
            let s = staff_by_name(tx, name)?;
            if s.id == by.id {
                return Err(StaffError::SelfDisable.into());
            }
            let login: Option<String> =
                tx.query_row("SELECT login FROM staff WHERE id = ?1", [s.id], |r| {
                    r.get(0)
                })?;
            tx.execute(
                "UPDATE staff SET active = 0, login = NULL WHERE id = ?1",
                [s.id],
            )?;
            staff_change(
                tx,
                by.id,
                "staff_disabled",
                Some(s.id),
                None,
                serde_json::json!({ "name": s.name, "login": login }),
                now,
            )
        })
    }

    /// Set a person's PIN: one's own, or anyone's by a manager. Clears a
    /// lock and the wrong-PIN count.
    pub fn change_pin(
        &mut self,
        name: &str,
        pin: &str,
        by: &Actor,
        now: NaiveDateTime,
    ) -> Result<()> {
        let s = staff_by_name(&self.conn, name)?;
        if s.id != by.id && !auth::can_manage_staff(by.role) {
            return Err(StaffError::OthersPin.into());
        }
        if !auth::is_desk(s.role) {
            return Err(StaffError::TechnicianPin.into());
        }
        let hash = crate::pin::hash(pin)?;
        self.write(|tx| {
            tx.execute(
                "UPDATE staff SET pin_hash = ?1, failed_pins = 0, locked_until = NULL
                 WHERE id = ?2 AND active = 1",
                params![hash, s.id],
            )?;
            staff_change(
                tx,
                by.id,
                "pin_set",
                Some(s.id),
                None,
                serde_json::json!({ "name": s.name }),
                now,
            )
        })
    }

    /// A manager adds a department.
    pub fn create_department(
        &mut self,
        code: &str,
        name_zh: &str,
        name_en: &str,
        by: &Actor,
        now: NaiveDateTime,
    ) -> Result<Department> {
        need_manager(by)?;
        let code = code.trim();
        if code.is_empty() || name_zh.trim().is_empty() {
            return Err(StaffError::NoName.into());
        }
        self.write(|tx| {
            let taken: Option<i64> = tx
                .query_row(
                    "SELECT id FROM departments WHERE code = ?1 OR name_zh = ?2",
                    params![code, name_zh.trim()],
                    |r| r.get(0),
                )
                .optional()?;
            if taken.is_some() {
                return Err(StaffError::DeptTaken(code.to_string()).into());
            }
            let en = if name_en.trim().is_empty() {
                code
            } else {
                name_en.trim()
            };
            tx.execute(
                "INSERT INTO departments (code, name_zh, name_en) VALUES (?1, ?2, ?3)",
                params![code, name_zh.trim(), en],
            )?;
            let id = tx.last_insert_rowid();
            staff_change(
                tx,
                by.id,
                "dept_added",
                None,
                Some(id),
                serde_json::json!({ "code": code, "name_zh": name_zh.trim(), "name_en": en }),
                now,
            )?;
            department_by_code(tx, code)
        })
    }
}
