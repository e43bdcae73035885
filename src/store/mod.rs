//! All SQL lives here. Every write is one short `BEGIN IMMEDIATE` transaction;
//! no statement outlives the call that prepared it.

pub mod auth;
pub mod backup;
pub mod board;
mod busy;
pub mod callback_queue;
mod callback_tasks;
pub mod callbacks;
pub mod chain;
pub mod check;
mod codes;
pub mod deadlines;
pub mod drafts;
pub mod dutylog;
pub mod emergency;
mod event_data;
pub mod export;
pub mod figures;
pub mod handover;
mod hooks;
pub mod households;
pub mod import;
pub mod keys;
pub mod pack;
pub mod profile;
pub mod registers;
pub mod schema;
pub mod search;
pub mod site;
pub mod site_batch;
pub mod staff;
mod states;
mod ticket_row;
pub mod tickets;
pub mod today;
pub mod unit_file;

use crate::domain::rules::Rules;
use crate::domain::time::{self, Tz};
use crate::domain::{StepError, UnitError, UnitNo};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use auth::AuthError;
pub use busy::{is_busy, BUSY_WINDOW};
pub use staff::{Actor, Proof, Staff};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("{what} not found: {key}")]
    NotFound { what: &'static str, key: String },
    /// Someone else changed the record since it was read.
    #[error("changed by {by} at {} meanwhile (now version {version})", time::format(*.at))]
    Stale {
        by: String,
        at: NaiveDateTime,
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
    #[error("{0} is not a technician")]
    NotTechnician(String),
    #[error(transparent)]
    Pin(#[from] crate::pin::PinError),
    /// The handover report could not be written as JSON (a bug, not input).
    #[error("the handover report could not be encoded: {0}")]
    ReportEncoding(String),
    #[error(
        "database schema version {found} is newer than this program ({known}); upgrade frontdesk"
    )]
    SchemaTooNew { found: i64, known: i64 },
    #[error("upgrading the database to version {version} would leave {rows} rows pointing at nothing; nothing was changed")]
    MigrationBroken { version: i64, rows: i64 },
    #[error("{0} already exists")]
    Exists(PathBuf),
    #[error("no database at {0}")]
    NoDatabase(PathBuf),
    #[error("{0} is not a frontdesk database")]
    NotFrontdesk(PathBuf),
    #[error("{0} is a directory, not a database file")]
    IsDirectory(PathBuf),
    #[error("{0} is damaged or incomplete")]
    Damaged(PathBuf),
    #[error("{0} cannot be written (read-only)")]
    ReadOnly(PathBuf),
    #[error("cannot open {0}")]
    CannotOpen(PathBuf),
    #[error("{path}: {source}")]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
    // --- keys ---
    #[error(transparent)]
    Key(#[from] crate::domain::keys::KeyError),
    // --- callbacks ---
    #[error(transparent)]
    Callback(#[from] crate::domain::callback::CallbackError),
    // --- shift handover errors ---
    #[error(transparent)]
    Shift(#[from] crate::domain::shift::ShiftRefusal),
    // --- household file and import ---
    #[error(transparent)]
    Household(#[from] crate::domain::household::HouseholdError),
    // --- registers: visitors, parcels, passes, renovations, moves ---
    #[error(transparent)]
    Register(#[from] crate::domain::registers::RegisterError),
    /// A list with problems (each with row, column and reason): nothing was
    /// written.
    #[error("the list has {} problems; nothing was written", .0.problems.len())]
    Rejected(crate::domain::import::Rejected),
    // --- staff and departments ---
    #[error(transparent)]
    StaffRule(#[from] crate::domain::auth::StaffError),
}

impl StoreError {
    pub fn not_found(what: &'static str, key: impl ToString) -> Self {
        StoreError::NotFound {
            what,
            key: key.to_string(),
        }
    }
}

/// Site-local wall time as text (`YYYY-MM-DD HH:MM:SS`): for messages and
/// the JSON kept in audit rows, never for storage.
pub fn ts(t: NaiveDateTime) -> String {
    time::format(t)
}

/// An instant column (Unix seconds) as the site's wall time.
pub(crate) fn at(r: &Row, i: usize, zone: Tz) -> rusqlite::Result<NaiveDateTime> {
    let secs: i64 = r.get(i)?;
    time::from_epoch(secs, zone).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Integer,
            format!("instant {secs} out of range").into(),
        )
    })
}

/// `at` for a nullable column.
pub(crate) fn at_opt(r: &Row, i: usize, zone: Tz) -> rusqlite::Result<Option<NaiveDateTime>> {
    match r.get::<_, Option<i64>>(i)? {
        None => Ok(None),
        Some(_) => at(r, i, zone).map(Some),
    }
}

/// A `YYYY-MM-DD` column (dates that are not instants: shifts, move-in).
pub(crate) fn date(r: &Row, i: usize) -> rusqlite::Result<NaiveDate> {
    let s: String = r.get(i)?;
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, s.into())
    })
}

/// `date` for a nullable column.
pub(crate) fn date_opt(r: &Row, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    match r.get::<_, Option<String>>(i)? {
        None => Ok(None),
        Some(_) => date(r, i).map(Some),
    }
}

/// A connection — or an open transaction — with the site's zone: store
/// functions read and write through it, so instants are converted in one
/// place. Derefs to the connection.
#[derive(Clone, Copy)]
pub(crate) struct Cx<'c> {
    conn: &'c Connection,
    pub zone: Tz,
}

impl std::ops::Deref for Cx<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl<'c> Cx<'c> {
    pub(crate) fn new(conn: &'c Connection, zone: Tz) -> Self {
        Cx { conn, zone }
    }
    /// A site-local time as the stored instant.
    pub(crate) fn epoch(&self, t: NaiveDateTime) -> i64 {
        time::to_epoch(t, self.zone)
    }
    pub(crate) fn epoch_opt(&self, t: Option<NaiveDateTime>) -> Option<i64> {
        t.map(|t| self.epoch(t))
    }
    /// `Connection::execute` through the connection's statement cache: a
    /// write transaction runs the same few statements again and again, and
    /// parsing them (with the link triggers they fire) cost more than
    /// running them.
    pub(crate) fn execute<P: rusqlite::Params>(&self, sql: &str, p: P) -> rusqlite::Result<usize> {
        self.conn.prepare_cached(sql)?.execute(p)
    }
    /// `Connection::query_row` through the statement cache.
    pub(crate) fn query_row<T, P, F>(&self, sql: &str, p: P, f: F) -> rusqlite::Result<T>
    where
        P: rusqlite::Params,
        F: FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    {
        self.conn.prepare_cached(sql)?.query_row(p, f)
    }
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
    /// Site settings the rules need (calendar, deadlines, callback rates):
    /// the config's, set after the open; the built-in ones only when
    /// nothing set them and something asks (building them costs a read
    /// such as `lookup` more than one of its queries).
    rules: std::cell::OnceCell<Arc<Rules>>,
    /// The site's zone: stored instants are shown and typed in it.
    zone: Tz,
    /// Commits made through this connection (`data_version` counts only
    /// other connections' commits).
    writes: u64,
    /// Inside `batch`: writes run in the one open transaction.
    batch: bool,
    /// A write inside the batch failed: the batch rolls back.
    batch_failed: bool,
    /// The chain's link triggers are on this connection. Made before the
    /// first write rather than at open: creating them (22 TEMP triggers
    /// parsed) cost a read-only command such as `lookup` more than its
    /// queries did.
    linked: std::cell::Cell<bool>,
}

/// Where `Store::trace_statements` hands each statement's SQL.
pub type StatementSink = Box<dyn FnMut(&str) + Send>;

/// `PRAGMA application_id` of a frontdesk database ('FDSK'), set from schema
/// version 2 on.
pub const APPLICATION_ID: i64 = 0x4644_534B;

/// Tables a version-1 database (made before the application id) has.
const V1_TABLES: &[&str] = &["staff", "units", "tickets", "ticket_events", "handovers"];

impl Store {
    /// Open an existing frontdesk database and bring its schema up to date.
    /// Never creates a file and never writes to one that is not frontdesk's
    /// (an empty file, another program's database): those are refused.
    pub fn open(path: &Path, zone: Tz) -> Result<Store> {
        let not_ours = || StoreError::NotFrontdesk(path.to_path_buf());
        let conn = connect(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        // A write-protected file opens read-only: every write would fail.
        if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            return Err(StoreError::ReadOnly(path.to_path_buf()));
        }
        match identify(&conn) {
            Ok(true) => {}
            Ok(false) => return Err(not_ours()),
            Err(e) => return Err(opening(path, e)),
        }
        if truncated(path) {
            return Err(StoreError::Damaged(path.to_path_buf()));
        }
        Store::ready(conn, path, zone).map_err(|e| match e {
            StoreError::Sql(e) => opening(path, e),
            other => other,
        })
    }

    /// Open an existing database to read it only: the command line's
    /// lookups, lists and reports. The same refusals as `open` (not a
    /// file, not frontdesk's, cut short); a schema older than this program
    /// is handed to `open`, which brings it up to date first. Read-only, it
    /// neither sets the journal mode (every open for writing does) nor, as
    /// the last connection to close, checkpoints and removes the `-wal`
    /// and `-shm` files (3.7% of a one-shot `lookup`'s profile, and a
    /// create and unlink of both for the next process; BENCHMARKS.md). A
    /// write through it fails.
    pub fn open_read(path: &Path, zone: Tz) -> Result<Store> {
        let conn = connect(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        // One read of the header for both: whose file, which schema.
        let head = conn.query_row(
            "SELECT a.application_id, v.user_version
               FROM pragma_application_id a, pragma_user_version v",
            [],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
        );
        let (app, found) = match head {
            Ok(h) => h,
            // Something only a writer may do first (a hot rollback journal
            // left by a crash): `open` does it, or says why it cannot.
            Err(rusqlite::Error::SqliteFailure(f, _))
                if f.code == rusqlite::ErrorCode::ReadOnly =>
            {
                drop(conn);
                return Store::open(path, zone);
            }
            Err(e) => return Err(opening(path, e)),
        };
        if app != APPLICATION_ID || found != schema::latest() {
            // Another program's file, an old frontdesk schema or a newer
            // one: `open` says which, or migrates.
            drop(conn);
            return Store::open(path, zone);
        }
        if truncated(path) {
            return Err(StoreError::Damaged(path.to_path_buf()));
        }
        Self::prepare(&conn, zone).map_err(|e| match e {
            StoreError::Sql(e) => opening(path, e),
            other => other,
        })?;
        Ok(Store::with(conn, path, zone))
    }

    /// Create a new database with the current schema (`frontdesk init`);
    /// refuses to overwrite one unless `force`. The file is private (0600).
    pub fn create(path: &Path, force: bool, zone: Tz) -> Result<Store> {
        Store::create_with_mode(path, force, zone, false)
    }

    /// `create`, the file 0660 when `shared` (a site where several Unix
    /// accounts of one group use it), else 0600. SQLite gives the `-wal`
    /// and `-shm` files the database's mode.
    pub fn create_with_mode(path: &Path, force: bool, zone: Tz, shared: bool) -> Result<Store> {
        let file_error = |p: &Path, e: std::io::Error| StoreError::File {
            path: p.to_path_buf(),
            source: e,
        };
        if path.is_dir() {
            return Err(StoreError::IsDirectory(path.to_path_buf()));
        }
        if path.exists() {
            if !force {
                return Err(StoreError::Exists(path.to_path_buf()));
            }
            for suffix in ["", "-wal", "-shm"] {
                let p = PathBuf::from(format!("{}{suffix}", path.display()));
                if p.exists() {
                    std::fs::remove_file(&p).map_err(|e| file_error(&p, e))?;
                }
            }
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| file_error(dir, e))?;
        }
        {
            // Made here with its mode (SQLite would make it 0644 less the
            // umask); set again after, as the umask may have taken bits.
            use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
            let mode = if shared { 0o660 } else { 0o600 };
            let file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(mode)
                .open(path)
                .map_err(|e| file_error(path, e))?;
            file.set_permissions(std::fs::Permissions::from_mode(mode))
                .map_err(|e| file_error(path, e))?;
        }
        let mut conn = Connection::open(path)?;
        busy::install(&mut conn)?;
        Store::ready(conn, path, zone)
    }

    fn ready(conn: Connection, path: &Path, zone: Tz) -> Result<Store> {
        Self::configure(&conn, zone)?;
        let mut store = Store::with(conn, path, zone);
        schema::migrate(&mut store.conn)?;
        // The link triggers come with the first write (`link`), after the
        // migrations.
        Ok(store)
    }

    /// Put the chain's link triggers on this connection if they are not
    /// yet: every write path calls it before its `BEGIN` (outside any
    /// transaction, so a rollback cannot take them away unnoticed).
    pub(crate) fn link(&self) -> Result<()> {
        link_conn(&self.conn, &self.linked)
    }

    /// Whether the link triggers are on this connection yet (a store that
    /// only read has none): for the tests of the lean open.
    pub fn is_linked(&self) -> bool {
        self.linked.get()
    }

    fn configure(conn: &Connection, zone: Tz) -> Result<()> {
        let _mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        conn.execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")?;
        Self::prepare(conn, zone)
    }

    /// A store around an opened, configured connection.
    fn with(conn: Connection, path: &Path, zone: Tz) -> Store {
        Store {
            conn,
            path: path.to_path_buf(),
            rules: std::cell::OnceCell::new(),
            zone,
            writes: 0,
            batch: false,
            batch_failed: false,
            linked: std::cell::Cell::new(false),
        }
    }

    /// What reading and writing alike need on a connection: its caches,
    /// plans and the SQL functions the schema's queries call.
    fn prepare(conn: &Connection, zone: Tz) -> Result<()> {
        // Reads of a month of figures walk tens of megabytes: mapped, they
        // are not copied through read() a page at a time.
        conn.execute_batch("PRAGMA temp_store=MEMORY;")?;
        // Writes and screens reuse a few dozen statements (see `Cx::execute`).
        conn.set_prepared_statement_cache_capacity(256);
        // One plan per statement, whatever is bound: without this SQLite
        // prepares a cached statement again whenever a new value is bound
        // to a parameter it compared with a partial index or a sample,
        // which cost more than running it (a transition read its ticket
        // through a fresh parse every time).
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )?;
        register_site_epoch(conn, zone)?;
        chain::register(conn)?;
        event_data::register(conn)?;
        Ok(())
    }

    /// The site's zone.
    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// The connection with the zone, for reads.
    pub(crate) fn cx(&self) -> Cx<'_> {
        Cx::new(&self.conn, self.zone)
    }

    /// Use the site's settings (from the config file) from now on.
    pub fn set_rules(&mut self, rules: Rules) {
        self.rules = std::cell::OnceCell::from(Arc::new(rules));
    }

    pub fn rules(&self) -> &Rules {
        self.shared_rules_ref()
    }

    /// The rules, shared with work that outlives a borrow of the store.
    pub(crate) fn shared_rules(&self) -> Arc<Rules> {
        Arc::clone(self.shared_rules_ref())
    }

    fn shared_rules_ref(&self) -> &Arc<Rules> {
        self.rules.get_or_init(|| Arc::new(Rules::default()))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection, its link triggers on (a caller may write through
    /// it, as the tests and `init` do).
    pub fn conn(&self) -> &Connection {
        // Installing can only fail as a statement does; the caller's next
        // statement on the connection reports such a failure.
        let _ = self.link();
        &self.conn
    }

    /// Hand every statement this connection runs (its SQL as written, with
    /// `?N` placeholders) to `sink`: the query-plan tests and the benchmark
    /// see exactly what the screens ask. `None` stops it.
    pub fn trace_statements(&mut self, sink: Option<StatementSink>) -> Result<()> {
        use rusqlite::trace::{TraceEvent, TraceEventCodes};
        // Linked before tracing: the triggers' creation is not a statement
        // of what is traced.
        self.link()?;
        match sink {
            Some(mut f) => self.conn.trace_v2(
                TraceEventCodes::SQLITE_TRACE_STMT,
                Some(move |e: TraceEvent<'_>| {
                    if let TraceEvent::Stmt(_, sql) = e {
                        f(sql)
                    }
                }),
            )?,
            None => self
                .conn
                .trace_v2(TraceEventCodes::empty(), None::<fn(TraceEvent<'_>)>)?,
        }
        Ok(())
    }

    /// Changes when another connection commits: polled about once a second.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Changes whenever anything was written: by another connection
    /// (`data_version`) or by this one (its count of changed rows). A screen
    /// keeps figures computed from the store until this changes.
    pub fn change_mark(&self) -> Result<(i64, u64)> {
        Ok((self.data_version()?, self.conn.total_changes()))
    }

    /// Every statement this connection runs from now on, as written (the
    /// SQL text, parameters unbound): the query-plan tests read which
    /// statements a command runs and how SQLite plans them.
    pub fn record_statements(&mut self) -> Result<Arc<std::sync::Mutex<Vec<String>>>> {
        self.link()?;
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = Arc::clone(&seen);
        self.conn.trace_v2(
            rusqlite::trace::TraceEventCodes::SQLITE_TRACE_STMT,
            Some(move |e: rusqlite::trace::TraceEvent<'_>| {
                if let rusqlite::trace::TraceEvent::Stmt(stmt, _) = e {
                    if let Ok(mut v) = sink.lock() {
                        v.push(stmt.sql().into_owned());
                    }
                }
            }),
        )?;
        Ok(seen)
    }

    /// SQLite's plan for `sql` (`EXPLAIN QUERY PLAN`), one line per step.
    pub fn query_plan(&self, sql: &str) -> Result<Vec<String>> {
        let mut st = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        // Parameters unbound (NULL): the plan does not depend on them.
        let nulls = vec![rusqlite::types::Null; st.parameter_count()];
        let rows = st.query_map(rusqlite::params_from_iter(nulls), |r| r.get::<_, String>(3))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A second, read-only connection to the same database, for reading on
    /// another thread (the board's loader): it never writes, so it needs no
    /// chain triggers, and it refuses a schema this program does not know.
    pub fn open_reader(&self) -> Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn =
            Connection::open_with_flags(&self.path, flags).map_err(|e| opening(&self.path, e))?;
        busy::install(&mut conn)?;
        // A handover read here is packed: the texts inflate in SQL too.
        pack::register(&conn)?;
        let found = schema::version(&conn)?;
        let known = schema::latest();
        if found != known {
            return Err(StoreError::SchemaTooNew { found, known });
        }
        let store = Store::with(conn, &self.path, self.zone);
        let _ = store.rules.set(self.shared_rules());
        Ok(store)
    }

    /// Keep at most `kib` KiB of this connection's pages in its own cache
    /// (SQLite's default is 2 MB). For the readers on other threads: what
    /// they read again is in the system's file cache anyway, and each MB
    /// here is resident for the whole session (issue 15: peak < 40 MB).
    pub fn set_page_cache_kib(&self, kib: u32) -> Result<()> {
        self.conn
            .execute_batch(&format!("PRAGMA cache_size = -{kib}"))?;
        Ok(())
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Run `f` in a `BEGIN IMMEDIATE` transaction; any error rolls back.
    /// `f` runs while this connection holds the site's one write lock: it
    /// only reads and writes rows (no PIN hashing, rendering or encoding of
    /// big reports — those are done before). A busy lock is waited for
    /// (see `busy`); should `BEGIN` still report it busy within the busy
    /// window, it is tried again after a short random pause.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Cx) -> Result<T>) -> Result<T> {
        let zone = self.zone;
        if self.batch {
            let out = f(&Cx::new(&self.conn, zone));
            if out.is_err() {
                // Half a write may be in the transaction: none of it commits.
                self.batch_failed = true;
            }
            return out;
        }
        self.link()?;
        let started = std::time::Instant::now();
        let mut jitter = busy::Jitter::new();
        let mut tries = 0u32;
        let tx = loop {
            match self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
            {
                Ok(tx) => break tx,
                Err(e) if busy::is_busy(&e) && started.elapsed() < BUSY_WINDOW => {
                    std::thread::sleep(jitter.backoff(tries));
                    tries += 1;
                }
                Err(e) => return Err(e.into()),
            }
        };
        let out = f(&Cx::new(&tx, zone))?;
        tx.commit()?;
        self.writes += 1;
        Ok(out)
    }

    /// Many writes in one `BEGIN IMMEDIATE` transaction (a data generator,
    /// a bulk load): each store write inside `f` keeps the same rules, audit
    /// rows and chain links as alone, with one commit at the end. All or
    /// nothing: if `f` fails, or any write inside it failed (even one whose
    /// error `f` went past), nothing is written. Reads that take their own
    /// snapshot (a handover report, `check`) do not belong inside.
    pub fn batch<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        self.link()?;
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        self.batch = true;
        self.batch_failed = false;
        let out = f(self);
        self.batch = false;
        let out = match out {
            Ok(_) if self.batch_failed => Err(StoreError::Sql(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ABORT),
                Some("a write of the batch failed: nothing of it was written".into()),
            ))),
            other => other,
        };
        match out {
            Ok(v) => {
                self.conn.execute_batch("COMMIT")?;
                Ok(v)
            }
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
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

/// `Store::link` for a connection and its flag (the command line's shared
/// writes hold the connection, not the store).
pub(crate) fn link_conn(conn: &Connection, linked: &std::cell::Cell<bool>) -> Result<()> {
    if !linked.get() {
        chain::install(conn)?;
        linked.set(true);
    }
    Ok(())
}

/// What an SQLite error while opening `path` says about the file.
fn opening(path: &Path, e: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode as C;
    let p = path.to_path_buf();
    match &e {
        rusqlite::Error::SqliteFailure(f, _) => match f.code {
            C::NotADatabase => StoreError::NotFrontdesk(p),
            C::DatabaseCorrupt => StoreError::Damaged(p),
            C::ReadOnly => StoreError::ReadOnly(p),
            C::CannotOpen | C::PermissionDenied => StoreError::CannotOpen(p),
            _ => StoreError::Sql(e),
        },
        _ => StoreError::Sql(e),
    }
}

/// A connection to the existing database file at `path`, opened `mode`
/// (read-write or read-only), with the busy handler; a directory or a
/// missing file is refused before SQLite could make one.
fn connect(path: &Path, mode: OpenFlags) -> Result<Connection> {
    if path.is_dir() {
        return Err(StoreError::IsDirectory(path.to_path_buf()));
    }
    if !path.is_file() {
        return Err(StoreError::NoDatabase(path.to_path_buf()));
    }
    let flags = mode | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).map_err(|e| opening(path, e))?;
    busy::install(&mut conn)?;
    Ok(conn)
}

/// Whether the file is shorter than its header says (a copy cut short):
/// SQLite itself only notices when it reads a missing page.
fn truncated(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 100];
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(len) = f.metadata().map(|m| m.len()) else {
        return false;
    };
    if f.read_exact(&mut head).is_err() {
        return true;
    }
    let be32 = |i: usize| u32::from_be_bytes([head[i], head[i + 1], head[i + 2], head[i + 3]]);
    let page_size = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65_536u64,
        n => u64::from(n),
    };
    if page_size < 512 || len % page_size != 0 {
        return true;
    }
    // The page count in the header is valid when written with the change counter.
    let pages = u64::from(be32(28));
    be32(92) == be32(24) && pages > 0 && len < pages * page_size
}

/// Whether an opened file is a frontdesk database: its application id, or
/// (made before version 2 set one) version 1 with frontdesk's tables. Reads
/// only.
fn identify(conn: &Connection) -> rusqlite::Result<bool> {
    let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app == APPLICATION_ID {
        return Ok(true);
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if app != 0 || version != 1 {
        return Ok(false);
    }
    let mut st = conn.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1")?;
    for t in V1_TABLES {
        if !st.exists([t])? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `site_epoch(text)`: a stored site-local `YYYY-MM-DD HH:MM:SS` as Unix
/// seconds in the site's zone (NULL stays NULL; an integer is already an
/// instant). Used by the migration that made instants integers; anything else
/// is an error, so no time is guessed.
fn register_site_epoch(conn: &Connection, zone: Tz) -> Result<()> {
    conn.create_scalar_function(
        "site_epoch",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        move |ctx| match ctx.get_raw(0) {
            ValueRef::Null => Ok(None),
            ValueRef::Integer(i) => Ok(Some(i)),
            ValueRef::Text(t) => {
                let s = String::from_utf8_lossy(t);
                time::parse(s.trim())
                    .map(|t| Some(time::to_epoch(t, zone)))
                    .ok_or_else(|| {
                        rusqlite::Error::UserFunctionError(
                            format!("site_epoch: {s:?} is not a time YYYY-MM-DD HH:MM:SS").into(),
                        )
                    })
            }
            _ => Err(rusqlite::Error::UserFunctionError(
                "site_epoch: not a text time".into(),
            )),
        },
    )?;
    Ok(())
}
