//! All SQL lives here. Every write is one short `BEGIN IMMEDIATE` transaction;
//! no statement outlives the call that prepared it.

pub mod callbacks;
pub mod deadlines;
pub mod drafts;
pub mod dutylog;
pub mod handover;
mod hooks;
pub mod keys;
pub mod schema;
pub mod site;
pub mod site_batch;
pub mod staff;
pub mod tickets;

use crate::domain::rules::Rules;
use crate::domain::{StepError, UnitError, UnitNo};
use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

pub use staff::Staff;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("{what} not found: {key}")]
    NotFound { what: &'static str, key: String },
    /// Someone else changed the record since it was read.
    #[error("changed by {by} at {at} meanwhile (now version {version})")]
    Stale {
        by: String,
        at: String,
        version: i64,
    },
    #[error(transparent)]
    Step(#[from] StepError),
    #[error(transparent)]
    Unit(#[from] UnitError),
    #[error("unit number matches several units: {}", .0.iter().map(|u| u.code()).collect::<Vec<_>>().join(", "))]
    Ambiguous(Vec<UnitNo>),
    #[error(transparent)]
    Intake(#[from] crate::domain::intake::IntakeError),
    #[error("technician {technician} does not belong to {department}")]
    TechnicianDepartment {
        technician: String,
        department: String,
    },
    #[error("{0}")]
    Invalid(String),
    #[error(
        "database schema version {found} is newer than this program ({known}); upgrade frontdesk"
    )]
    SchemaTooNew { found: i64, known: i64 },
    #[error("{0} already exists")]
    Exists(PathBuf),
    // --- keys ---
    #[error(transparent)]
    Key(#[from] crate::domain::keys::KeyError),
    // --- callbacks ---
    #[error(transparent)]
    Callback(#[from] crate::domain::callback::CallbackError),
    // --- shift handover errors ---
    #[error(transparent)]
    Shift(#[from] crate::domain::shift::ShiftRefusal),
}

impl StoreError {
    pub fn not_found(what: &'static str, key: impl ToString) -> Self {
        StoreError::NotFound {
            what,
            key: key.to_string(),
        }
    }
}

/// Site-local timestamps as stored: sortable text.
pub const TS_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

pub fn ts(t: NaiveDateTime) -> String {
    t.format(TS_FORMAT).to_string()
}

pub fn parse_ts(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, TS_FORMAT).ok()
}

/// A column holding a stored code (kind, state, status …), parsed into its
/// enum; an unknown code is a conversion error.
pub(crate) fn parse_code<T: std::str::FromStr>(r: &Row, i: usize) -> rusqlite::Result<T> {
    let s: String = r.get(i)?;
    s.parse().map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, s.into())
    })
}

/// `parse_code` for a nullable column.
pub(crate) fn parse_opt_code<T: std::str::FromStr>(
    r: &Row,
    i: usize,
) -> rusqlite::Result<Option<T>> {
    match r.get::<_, Option<String>>(i)? {
        None => Ok(None),
        Some(_) => parse_code(r, i).map(Some),
    }
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Site settings the rules need (calendar, deadlines, callback rates).
    rules: Arc<Rules>,
}

impl Store {
    /// Open (creating if absent) and bring the schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path)?;
        Self::configure(&conn)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            rules: Arc::new(Rules::default()),
        };
        schema::migrate(&mut store.conn)?;
        Ok(store)
    }

    /// Create a new database; refuses to overwrite one unless `force`.
    pub fn create(path: &Path, force: bool) -> Result<Store> {
        if path.exists() {
            if !force {
                return Err(StoreError::Exists(path.to_path_buf()));
            }
            for suffix in ["", "-wal", "-shm"] {
                let p = PathBuf::from(format!("{}{suffix}", path.display()));
                if p.exists() {
                    std::fs::remove_file(&p)
                        .map_err(|e| StoreError::Invalid(format!("{}: {e}", p.display())))?;
                }
            }
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::Invalid(format!("{}: {e}", dir.display())))?;
        }
        Store::open(path)
    }

    fn configure(conn: &Connection) -> Result<()> {
        conn.busy_timeout(Duration::from_secs(5))?;
        let _mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        conn.execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")?;
        Ok(())
    }

    /// Use the site's settings (from the config file) from now on.
    pub fn set_rules(&mut self, rules: Rules) {
        self.rules = Arc::new(rules);
    }

    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Changes when another connection commits: polled about once a second.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Run `f` in a `BEGIN IMMEDIATE` transaction; any error rolls back.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Whether the database holds any units yet (an empty file from `init`).
    pub fn is_empty(&self) -> Result<bool> {
        let any: Option<i64> = self
            .conn
            .query_row("SELECT id FROM units LIMIT 1", [], |r| r.get(0))
            .optional()?;
        Ok(any.is_none())
    }
}
