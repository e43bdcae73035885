//! Who is acting: a person proves who they are with their PIN (or by the
//! Unix account bound to them) and becomes an `Actor`.
//!
//! A PIN is checked with argon2 (about 150 ms) **before** the write
//! transaction, never inside it, so a wrong-PIN loop at one desk does not
//! hold the write lock the other desks wait for: read the hash, verify, then
//! one short `BEGIN IMMEDIATE` that re-reads the person (the hash must still
//! be the one checked; the lock may have been set meanwhile) and records the
//! outcome. Wrong PINs are counted per person; at the site's limit the person
//! is locked for a while and refused even with the right PIN. Every outcome
//! is a row of `signins`, which triggers keep append-only.

use super::staff::{staff_by_name, staff_row, STAFF_COLS};
use super::{at, at_opt, parse_code, Actor, Cx, Proof, Result, Staff, Store, StoreError};
use crate::domain::auth::{self, AfterWrong, SignInEvent, Via};
use crate::domain::time::Tz;
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};

/// Why a person was not let in.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// No active staff member of that name.
    #[error("no active staff member named {0}")]
    Unknown(String),
    /// Technicians do not sign in.
    #[error("{0} does not work at the desk")]
    NotDesk(String),
    #[error("{0} has no PIN yet")]
    NoPin(String),
    #[error("wrong PIN for {name} ({left} attempts left)")]
    WrongPin { name: String, left: u32 },
    /// Locked out until `until`; `now` when this attempt set the lock.
    #[error("{name} is locked for {minutes_left} more minutes")]
    Locked {
        name: String,
        until: NaiveDateTime,
        minutes_left: i64,
        now: bool,
    },
    /// The Unix account is bound to no active staff member.
    #[error("the Unix account {0} is bound to no active staff member")]
    NoLogin(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for AuthError {
    fn from(e: rusqlite::Error) -> Self {
        AuthError::Store(e.into())
    }
}

/// A person's PIN state as stored.
struct PinState {
    hash: Option<String>,
    failed: u32,
    locked_until: Option<NaiveDateTime>,
    active: bool,
}

fn pin_state(conn: &Connection, zone: Tz, staff_id: i64) -> Result<Option<PinState>> {
    Ok(conn
        .query_row(
            "SELECT pin_hash, failed_pins, locked_until, active FROM staff WHERE id = ?1",
            [staff_id],
            |r| {
                Ok(PinState {
                    hash: r.get(0)?,
                    failed: r.get(1)?,
                    locked_until: at_opt(r, 2, zone)?,
                    active: r.get(3)?,
                })
            },
        )
        .optional()?)
}

/// A PIN verified against a person's stored hash outside any transaction.
/// Inside the write, `holds` re-reads the hash: the check stands only if it
/// is still the hash that was verified (a PIN changed meanwhile counts as
/// wrong).
pub(crate) struct PinCheck {
    staff_id: i64,
    hash: Option<String>,
    ok: bool,
}

impl PinCheck {
    /// Read the hash and run argon2: call this before `Store::write`.
    pub(crate) fn run(conn: &Connection, staff_id: i64, pin: &str) -> Result<PinCheck> {
        let hash = current_hash(conn, staff_id)?;
        let ok = hash.as_deref().is_some_and(|h| crate::pin::verify(pin, h));
        Ok(PinCheck { staff_id, hash, ok })
    }

    /// Inside the write transaction: `None` when the person has no PIN (or
    /// is no longer active), else whether the PIN checked is theirs now.
    pub(crate) fn holds(&self, tx: &Connection, staff_id: i64) -> Result<Option<bool>> {
        let now = current_hash(tx, staff_id)?;
        Ok(now.map(|h| {
            self.ok && self.staff_id == staff_id && self.hash.as_deref() == Some(h.as_str())
        }))
    }
}

fn current_hash(conn: &Connection, staff_id: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT pin_hash FROM staff WHERE id = ?1 AND active = 1",
            [staff_id],
            |r| r.get::<_, Option<String>>(0),
        )
        .optional()?
        .flatten())
}

/// One row of the sign-in audit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SignIn {
    #[serde(with = "crate::domain::time")]
    pub at: NaiveDateTime,
    pub staff: String,
    pub event: SignInEvent,
    pub via: Via,
    pub client: Option<String>,
    pub login: Option<String>,
}

pub(crate) fn record(
    tx: &Cx,
    staff_id: i64,
    event: SignInEvent,
    via: Via,
    client: Option<&str>,
    login: Option<&str>,
    now: NaiveDateTime,
) -> Result<()> {
    tx.execute(
        "INSERT INTO signins (at, staff_id, event, via, client, login)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            tx.epoch(now),
            staff_id,
            event.code(),
            via.code(),
            client.filter(|c| !c.is_empty()),
            login
        ],
    )?;
    Ok(())
}

/// `Store::write` for callers holding the store shared (the command line
/// establishes who acts before it writes): one `BEGIN IMMEDIATE`, rolled
/// back on any error. Refused at run time if a transaction is open.
fn write_shared<T>(store: &Store, zone: Tz, f: impl FnOnce(&Cx) -> Result<T>) -> Result<T> {
    store.link()?;
    let tx = Transaction::new_unchecked(&store.conn, TransactionBehavior::Immediate)?;
    let out = f(&Cx::new(&tx, zone))?;
    tx.commit()?;
    Ok(out)
}

/// What the write after a PIN check found.
enum Outcome {
    In,
    Wrong(u32),
    Locked {
        until: NaiveDateTime,
        now: bool,
    },
    Gone,
    /// The PIN changed between the check and the write: check again.
    Again,
}

impl Store {
    /// The person typed at a PIN prompt; an unknown name is an auth error.
    fn person_named(&self, name: &str) -> Result<Staff, AuthError> {
        match staff_by_name(&self.conn, name) {
            Ok(s) => Ok(s),
            Err(StoreError::NotFound { .. }) => Err(AuthError::Unknown(name.trim().to_string())),
            Err(e) => Err(e.into()),
        }
    }

    /// Sign `name` in with their PIN. The PIN is verified before the write
    /// transaction; the outcome (signed in, wrong PIN, locked, refused while
    /// locked) is recorded in one short one.
    pub fn authenticate(
        &self,
        name: &str,
        pin: &str,
        via: Via,
        client: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<Actor, AuthError> {
        let staff = self.person_named(name)?;
        self.prove_pin(staff, pin, SignInEvent::SignedIn, via, client, now)
    }

    /// A supervisor standing at the desk proves who they are with their PIN
    /// for one step in the signed-in operator's form. Checked and counted
    /// (wrong PINs, lockout) as at sign-in, but recorded as `authorised`, so
    /// the sign-in audit does not show them as having opened a session.
    pub fn authorise_at_desk(
        &self,
        name: &str,
        pin: &str,
        via: Via,
        client: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<Actor, AuthError> {
        let staff = self.person_named(name)?;
        self.prove_pin(staff, pin, SignInEvent::Authorised, via, client, now)
    }

    /// Sign `name` in at the gate with their PIN, for one step there (a
    /// goods release pass marked used): desk staff or a security guard
    /// (`domain::auth::may_sign_in_at_gate`). Otherwise as `authenticate`.
    pub fn authenticate_at_gate(
        &self,
        name: &str,
        pin: &str,
        via: Via,
        client: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<Actor, AuthError> {
        let staff = self.person_named(name)?;
        if !auth::may_sign_in_at_gate(staff.role, staff.department.as_deref()) {
            return Err(AuthError::NotDesk(staff.name));
        }
        self.check_pin(staff, pin, SignInEvent::SignedIn, via, client, now)
    }

    /// The signed-in person unlocks their idle-locked screen with their PIN
    /// (wrong PINs count towards the lock as at sign-in).
    pub fn unlock(
        &self,
        me: &Actor,
        pin: &str,
        client: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<Actor, AuthError> {
        let staff = me.staff().clone();
        self.prove_pin(staff, pin, SignInEvent::Unlocked, Via::Tui, client, now)
    }

    fn prove_pin(
        &self,
        staff: Staff,
        pin: &str,
        success: SignInEvent,
        via: Via,
        client: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<Actor, AuthError> {
        if !auth::is_desk(staff.role) {
            return Err(AuthError::NotDesk(staff.name));
        }
        self.check_pin(staff, pin, success, via, client, now)
    }

    /// The PIN itself, for a person already allowed to sign in where they are.
    fn check_pin(
        &self,
        staff: Staff,
        pin: &str,
        success: SignInEvent,
        via: Via,
        client: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<Actor, AuthError> {
        let lockout = self.rules().lockout;
        let zone = self.zone;
        let id = staff.id;
        let locked = |until: NaiveDateTime, set_now: bool| AuthError::Locked {
            name: staff.name.clone(),
            until,
            minutes_left: auth::minutes_left(until, now),
            now: set_now,
        };
        // A PIN changed twice while we check is not worth a third try.
        for _ in 0..3 {
            // 1. Read, with no lock held.
            let Some(state) = pin_state(&self.conn, zone, id)?.filter(|s| s.active) else {
                return Err(AuthError::Unknown(staff.name.clone()));
            };
            if let Some(until) = state
                .locked_until
                .filter(|_| auth::is_locked(state.locked_until, now))
            {
                // Refused without looking at the PIN: a lock is no oracle.
                write_shared(self, zone, |tx| {
                    record(tx, id, SignInEvent::RefusedLocked, via, client, None, now)
                })?;
                return Err(locked(until, false));
            }
            let Some(hash) = state.hash else {
                return Err(AuthError::NoPin(staff.name.clone()));
            };
            // 2. The slow part, outside any transaction.
            let ok = crate::pin::verify(pin, &hash);
            // 3. One short write: re-check, then record the outcome.
            let outcome = write_shared(self, zone, |tx| {
                let Some(now_state) = pin_state(tx, zone, id)?.filter(|s| s.active) else {
                    return Ok(Outcome::Gone);
                };
                if now_state.hash.as_deref() != Some(hash.as_str()) {
                    return Ok(Outcome::Again);
                }
                if let Some(until) = now_state
                    .locked_until
                    .filter(|_| auth::is_locked(now_state.locked_until, now))
                {
                    record(tx, id, SignInEvent::RefusedLocked, via, client, None, now)?;
                    return Ok(Outcome::Locked { until, now: false });
                }
                if ok {
                    tx.execute(
                        "UPDATE staff SET failed_pins = 0, locked_until = NULL WHERE id = ?1",
                        [id],
                    )?;
                    record(tx, id, success, via, client, None, now)?;
                    return Ok(Outcome::In);
                }
                record(tx, id, SignInEvent::WrongPin, via, client, None, now)?;
                match lockout.after_wrong(now_state.failed, now) {
                    AfterWrong::Counted { failed, left } => {
                        tx.execute(
                            "UPDATE staff SET failed_pins = ?1 WHERE id = ?2",
                            params![failed, id],
                        )?;
                        Ok(Outcome::Wrong(left))
                    }
                    AfterWrong::Locked { until } => {
                        tx.execute(
                            "UPDATE staff SET failed_pins = 0, locked_until = ?1 WHERE id = ?2",
                            params![tx.epoch(until), id],
                        )?;
                        record(tx, id, SignInEvent::Locked, via, client, None, now)?;
                        Ok(Outcome::Locked { until, now: true })
                    }
                }
            })?;
            return match outcome {
                Outcome::In => Ok(Actor::proven(staff, Proof::Pin)),
                Outcome::Wrong(left) => Err(AuthError::WrongPin {
                    name: staff.name.clone(),
                    left,
                }),
                Outcome::Locked { until, now } => Err(locked(until, now)),
                Outcome::Gone => Err(AuthError::Unknown(staff.name.clone())),
                Outcome::Again => continue,
            };
        }
        Err(AuthError::WrongPin {
            name: staff.name.clone(),
            left: 0,
        })
    }

    /// The person the Unix account `login` is bound to (a command run from
    /// that account acts as them). Recorded as a sign-in by the command line.
    /// The PIN lockout does not apply: the account was proven by the system.
    pub fn actor_for_login(
        &self,
        login: &str,
        client: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<Actor, AuthError> {
        let staff = self
            .staff_by_login(login)?
            .ok_or_else(|| AuthError::NoLogin(login.to_string()))?;
        if !auth::is_desk(staff.role) {
            return Err(AuthError::NotDesk(staff.name));
        }
        write_shared(self, self.zone, |tx| {
            record(
                tx,
                staff.id,
                SignInEvent::SignedIn,
                Via::Cli,
                client,
                Some(login),
                now,
            )
        })?;
        Ok(Actor::proven(staff, Proof::Login))
    }

    /// The active person the Unix account `login` is bound to, if any.
    pub fn staff_by_login(&self, login: &str) -> Result<Option<Staff>> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {STAFF_COLS} FROM staff s LEFT JOIN departments d ON d.id = s.department_id
                     WHERE s.login = ?1 AND s.active = 1"
                ),
                [login],
                staff_row,
            )
            .optional()?)
    }

    /// Record an event of a signed-in session (screen locked, switched).
    pub fn record_signin(
        &self,
        who: &Actor,
        event: SignInEvent,
        via: Via,
        client: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<()> {
        write_shared(self, self.zone, |tx| {
            record(tx, who.id, event, via, client, None, now)
        })
    }

    /// The sign-in audit, newest last (all people, or one).
    pub fn signins(&self, staff: Option<&str>) -> Result<Vec<SignIn>> {
        let zone = self.zone;
        let mut st = self.conn.prepare(
            "SELECT g.at, s.name, g.event, g.via, g.client, g.login
             FROM signins g JOIN staff s ON s.id = g.staff_id
             WHERE ?1 IS NULL OR s.name = ?1 ORDER BY g.id",
        )?;
        let rows = st.query_map([staff], |r| {
            Ok(SignIn {
                at: at(r, 0, zone)?,
                staff: r.get(1)?,
                event: parse_code(r, 2)?,
                via: parse_code(r, 3)?,
                client: r.get(4)?,
                login: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// When `name`'s lock ends, if they are locked at `now`.
    pub fn locked_until(&self, name: &str, now: NaiveDateTime) -> Result<Option<NaiveDateTime>> {
        let s = staff_by_name(&self.conn, name)?;
        let state = pin_state(&self.conn, self.zone, s.id)?;
        Ok(state
            .and_then(|s| s.locked_until)
            .filter(|u| auth::is_locked(Some(*u), now)))
    }
}
