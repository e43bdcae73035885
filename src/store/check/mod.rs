//! `frontdesk check`: is the file whole, are the records as written, do the
//! app's own rules hold? Reads only.
//!
//! - SQLite's `integrity_check` (the whole file) and `foreign_key_check`;
//! - every hash chain (`chain::verify`), and recorded heads still in them;
//! - every ticket's state follows from its audit trail, replayed through the
//!   transition table; so does every register record's (visitors, parcels,
//!   passes, renovations, moves), through its register's table;
//! - work-order numbers are gapless per year and agree with the counter;
//! - no key went out without the approval it needed;
//! - sealed handovers still match the hash they were signed with.
//!
//! `quick_check` is the cheap file check the interface runs at start.

mod trails;

use super::chain::{self, Flaw, Head, CHAINS};
use super::{Result, Store};
use crate::domain::keys::{can_approve, needs_approval, BorrowerType};
use crate::domain::{workorder, Role};
use std::collections::BTreeMap;
use trails::{register_trails, trails};

/// What is wrong, without the rows it concerns.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    /// The file itself (SQLite's words).
    Integrity {
        detail: String,
    },
    /// A row breaking its table's CHECK, NOT NULL or type rule (SQLite's
    /// words): written with the rules switched off.
    Constraint {
        detail: String,
    },
    /// Rows pointing at a row of `parent` that is not there.
    ForeignKey {
        parent: String,
    },
    /// Not in the record chain: written by something other than frontdesk.
    Unlinked {
        chain: String,
    },
    /// Does not match the record chain: changed after it was written.
    Changed {
        chain: String,
    },
    /// In the record chain but gone: deleted.
    Missing {
        chain: String,
    },
    /// Links missing from the chain's sequence (from `seq`).
    LinkGap {
        chain: String,
        seq: i64,
    },
    /// A link out of the order rows were written in.
    LinkOrder {
        chain: String,
    },
    /// Could not be checked: an earlier row of the chain no longer matches
    /// (links are kept short; checking starts again at the next whole one).
    Unverified {
        chain: String,
    },
    /// The chain's head kept in the file (`chain_heads`) is not its last
    /// link (`seq` is the head's).
    ChainHead {
        chain: String,
        seq: i64,
    },
    /// The ticket's audit trail does not start with its registration.
    TrailStart,
    /// An audit row that is no step the table allows from the state before.
    TrailStep {
        event: i64,
        action: String,
        from: String,
    },
    /// The ticket's state is not where its audit trail leads.
    TrailEnd {
        state: String,
        replayed: String,
    },
    /// Work-order numbers of `year` never given out.
    WoGap {
        year: i32,
        missing: Vec<i64>,
    },
    /// The counter of `year` disagrees with the numbers given out.
    WoCounter {
        year: i32,
        counter: i64,
        max: i64,
    },
    WoForm {
        wo_no: String,
    },
    /// A key lent without the supervisor's approval it needed.
    LoanUnapproved {
        borrower: String,
    },
    /// A handover's text no longer hashes to the hash it was signed with.
    HandoverHash,
    /// The chain no longer holds a head recorded earlier: rewritten.
    Head {
        chain: String,
        seq: i64,
        hash: String,
    },
}

/// One breach: a problem and the table rows it concerns.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Breach {
    pub table: String,
    pub rows: Vec<i64>,
    #[serde(flatten)]
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    pub breaches: Vec<Breach>,
    /// The last link of every chain, to record elsewhere.
    pub heads: Vec<Head>,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.breaches.is_empty()
    }
}

/// Breaches collected, one per (table, problem) with its rows.
#[derive(Default)]
struct Found(Vec<Breach>);

impl Found {
    fn add(&mut self, table: &str, row: Option<i64>, problem: Problem) {
        let row = row.into_iter();
        match self
            .0
            .iter_mut()
            .find(|b| b.table == table && b.problem == problem)
        {
            Some(b) => b.rows.extend(row),
            None => self.0.push(Breach {
                table: table.to_string(),
                rows: row.collect(),
                problem,
            }),
        }
    }
}

impl Store {
    /// SQLite's `quick_check`: `None` when the file is whole, else the first
    /// thing wrong. Cheap enough for every start of the interface.
    pub fn quick_check(&self) -> Result<Option<String>> {
        Ok(pragma_check(&self.conn, "quick_check")?.map(|l| l.join("; ")))
    }

    /// `quick_check` with a page cache of 256 KiB instead of SQLite's 2 MB,
    /// for a connection opened for nothing else (the interface's start-up
    /// check, beside the sign-in): the check reads each page of the file
    /// once, so a larger cache only holds pages it will not read again —
    /// 1.8 MB of the process's memory for the half minute it runs on a
    /// 1,000,000-ticket site, in the same time (measured with the sqlite3
    /// shell on that file: 11.5–11.8 s either way, warm).
    pub fn quick_check_small_cache(&self) -> Result<Option<String>> {
        self.set_page_cache_kib(256)?;
        self.quick_check()
    }

    /// Everything `frontdesk check` verifies; `against` are heads recorded
    /// earlier (`check --head`) that the chains must still hold.
    pub fn check(&self, against: &[Head]) -> Result<Report> {
        let cx = self.cx();
        let mut found = Found::default();
        // A damaged file: the rest would read garbage. Rows that break a
        // table's own rules are breaches like the others below.
        if let Some(lines) = pragma_check(&self.conn, "integrity_check")? {
            let (rules, damage): (Vec<String>, Vec<String>) =
                lines.into_iter().partition(|l| constraint(l).is_some());
            for l in &rules {
                let table = constraint(l).unwrap_or("-");
                found.add(table, None, Problem::Constraint { detail: l.clone() });
            }
            if !damage.is_empty() {
                found.add(
                    "-",
                    None,
                    Problem::Integrity {
                        detail: damage.join("; "),
                    },
                );
                return Ok(Report {
                    breaches: found.0,
                    heads: Vec::new(),
                });
            }
        }
        let tx = self.conn.unchecked_transaction()?;
        foreign_keys(&tx, &mut found)?;
        let mut held = Vec::new();
        for c in CHAINS {
            let name = c.name.to_string();
            // The recorded heads of this chain: the walk recomputes those links.
            let wanted: Vec<i64> = against
                .iter()
                .filter(|h| h.chain == c.name)
                .map(|h| h.seq)
                .collect();
            let walked = chain::verify(&cx, c, &wanted)?;
            held.extend(
                against
                    .iter()
                    .filter(|h| h.chain == c.name)
                    .map(|h| (h, h.seq == 0 || walked.links.get(&h.seq) == Some(&h.hash))),
            );
            for flaw in walked.flaws {
                let (row, problem) = match flaw {
                    Flaw::Unlinked { row } => (
                        Some(row),
                        Problem::Unlinked {
                            chain: name.clone(),
                        },
                    ),
                    Flaw::Changed { row } => (
                        Some(row),
                        Problem::Changed {
                            chain: name.clone(),
                        },
                    ),
                    Flaw::Missing { row } => (
                        Some(row),
                        Problem::Missing {
                            chain: name.clone(),
                        },
                    ),
                    Flaw::Gap { seq } => (
                        None,
                        Problem::LinkGap {
                            chain: name.clone(),
                            seq,
                        },
                    ),
                    Flaw::Order { row } => (
                        Some(row),
                        Problem::LinkOrder {
                            chain: name.clone(),
                        },
                    ),
                    Flaw::Unverified { row } => (
                        Some(row),
                        Problem::Unverified {
                            chain: name.clone(),
                        },
                    ),
                    Flaw::Head { seq } => {
                        found.add(
                            "chain_heads",
                            None,
                            Problem::ChainHead {
                                chain: name.clone(),
                                seq,
                            },
                        );
                        continue;
                    }
                };
                found.add(c.table, row, problem);
            }
        }
        // A head of a chain this program does not have is not held either.
        held.extend(
            against
                .iter()
                .filter(|h| !CHAINS.iter().any(|c| c.name == h.chain))
                .map(|h| (h, false)),
        );
        for (h, holds) in held {
            if !holds {
                found.add(
                    "chain_links",
                    None,
                    Problem::Head {
                        chain: h.chain.clone(),
                        seq: h.seq,
                        hash: h.hash.clone(),
                    },
                );
            }
        }
        trails(&tx, &mut found)?;
        register_trails(&tx, &mut found)?;
        work_orders(&tx, &mut found)?;
        loans(&tx, &mut found)?;
        handovers(&tx, &mut found)?;
        let heads = chain::heads(&cx)?;
        drop(tx);
        Ok(Report {
            breaches: found.0,
            heads,
        })
    }

    /// The last link of every chain.
    pub fn chain_heads(&self) -> Result<Vec<Head>> {
        chain::heads(&self.cx())
    }

    /// Every link of the chain numbered `chain` whole, recomputed from its
    /// rows: `(seq, row id, link)` (see `chain::whole_links`).
    pub fn whole_links(&self, chain: i64) -> Result<Vec<(i64, i64, [u8; 32])>> {
        match CHAINS.iter().find(|c| c.id == chain) {
            Some(c) => chain::whole_links(&self.cx(), c),
            None => Ok(Vec::new()),
        }
    }
}

/// The table of an `integrity_check` line about a row breaking its table's
/// rules ("CHECK constraint failed in key_loans", "NULL value in t.c",
/// "non-INTEGER value in t.c"), or `None` for damage to the file.
fn constraint(line: &str) -> Option<&str> {
    let table = if let Some(t) = line.strip_prefix("CHECK constraint failed in ") {
        t
    } else if line.starts_with("NULL value in ") || line.starts_with("non-") {
        line.rsplit(" in ").next()?.split('.').next()?
    } else {
        return None;
    };
    Some(table.trim())
}

/// `integrity_check` or `quick_check`: `None` when "ok", else its first
/// lines (a file too damaged to check says so as an error).
fn pragma_check(conn: &rusqlite::Connection, which: &str) -> Result<Option<Vec<String>>> {
    let run = || -> rusqlite::Result<Vec<String>> {
        let mut st = conn.prepare(&format!("PRAGMA {which}(20)"))?;
        let rows = st.query_map([], |r| r.get::<_, String>(0))?;
        rows.collect()
    };
    match run() {
        Ok(lines) if lines.len() == 1 && lines[0] == "ok" => Ok(None),
        Ok(lines) => Ok(Some(lines)),
        Err(rusqlite::Error::SqliteFailure(f, msg))
            if matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase
            ) =>
        {
            Ok(Some(vec![msg.unwrap_or_else(|| f.to_string())]))
        }
        Err(e) => Err(e.into()),
    }
}

fn foreign_keys(conn: &rusqlite::Connection, found: &mut Found) -> Result<()> {
    let mut st = conn.prepare("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<i64>>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (table, rowid, parent) = row?;
        found.add(&table, rowid, Problem::ForeignKey { parent });
    }
    Ok(())
}

/// Work-order numbers: 1, 2, 3 … per year, and the counter at the last one.
fn work_orders(conn: &rusqlite::Connection, found: &mut Found) -> Result<()> {
    let mut used: BTreeMap<i32, Vec<i64>> = BTreeMap::new();
    let mut st =
        conn.prepare("SELECT id, wo_no FROM tickets WHERE wo_no IS NOT NULL ORDER BY id")?;
    let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, wo) = row?;
        match workorder::parse(&wo) {
            Some((year, seq)) if seq > 0 => used.entry(year).or_default().push(seq),
            _ => found.add("tickets", Some(id), Problem::WoForm { wo_no: wo }),
        }
    }
    let mut st = conn.prepare("SELECT year, last FROM wo_counters ORDER BY year")?;
    let counters: BTreeMap<i32, i64> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let years: std::collections::BTreeSet<i32> =
        used.keys().chain(counters.keys()).copied().collect();
    for year in years {
        let mut seqs = used.remove(&year).unwrap_or_default();
        seqs.sort_unstable();
        let max = seqs.last().copied().unwrap_or(0);
        let counter = counters.get(&year).copied().unwrap_or(0);
        let top = max.max(counter);
        let missing: Vec<i64> = (1..=top)
            .filter(|n| seqs.binary_search(n).is_err())
            .collect();
        if !missing.is_empty() {
            found.add(
                "tickets",
                None,
                Problem::WoGap {
                    year,
                    missing: missing.into_iter().take(20).collect(),
                },
            );
        }
        if counter != max {
            found.add(
                "wo_counters",
                Some(i64::from(year)),
                Problem::WoCounter { year, counter, max },
            );
        }
    }
    Ok(())
}

/// Loans that needed a supervisor's approval have one, by someone who may.
fn loans(conn: &rusqlite::Connection, found: &mut Found) -> Result<()> {
    let mut st = conn.prepare(
        "SELECT l.id, l.borrower_type, l.borrower_name, l.approved_at, s.role
         FROM key_loans l LEFT JOIN staff s ON s.id = l.approved_by ORDER BY l.id",
    )?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<i64>>(3)?,
            r.get::<_, Option<String>>(4)?,
        ))
    })?;
    for row in rows {
        let (id, kind, borrower, approved_at, role) = row?;
        let needed = kind
            .parse::<BorrowerType>()
            .map(needs_approval)
            .unwrap_or(true);
        let approved = approved_at.is_some()
            && role
                .and_then(|r| r.parse::<Role>().ok())
                .is_some_and(can_approve);
        if needed && !approved {
            found.add("key_loans", Some(id), Problem::LoanUnapproved { borrower });
        }
    }
    Ok(())
}

fn handovers(conn: &rusqlite::Connection, found: &mut Found) -> Result<()> {
    let mut st = conn.prepare("SELECT id, content_z, content_hash FROM handovers ORDER BY id")?;
    let rows = st.query_map([], |r| {
        // Packed (migration 0013): a text that no longer inflates fails too.
        let content = match r.get_ref(1)? {
            rusqlite::types::ValueRef::Blob(b) => super::pack::inflate_text(b),
            _ => None,
        };
        Ok((r.get::<_, i64>(0)?, content, r.get::<_, String>(2)?))
    })?;
    for row in rows {
        let (id, content, hash) = row?;
        let sealed = content.is_some_and(|c| crate::domain::handover::content_hash(&c) == hash);
        if !sealed {
            found.add("handovers", Some(id), Problem::HandoverHash);
        }
    }
    Ok(())
}

/// Whether a chain head line (`chain seq hash`, as `check --head` prints)
/// can be read back.
pub fn parse_head(line: &str) -> Option<Head> {
    let mut parts = line.split_whitespace();
    let chain = parts.next()?;
    let seq = parts.next()?.parse().ok()?;
    let hash = parts.next()?;
    if parts.next().is_some()
        || hash.len() != 64
        || !CHAINS.iter().any(|c| c.name == chain)
        || !hash.chars().all(|c| c.is_ascii_hexdigit())
    {
        return None;
    }
    Some(Head {
        chain: chain.to_string(),
        seq,
        hash: hash.to_string(),
    })
}

/// What `frontdesk doctor` reads of a database without changing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peek {
    /// The file's schema version (`PRAGMA user_version`).
    pub version: i64,
    /// The version this program writes.
    pub latest: i64,
    /// SQLite's `quick_check`: None when the file is whole.
    pub quick_check: Option<String>,
}

/// Look at a database on a read-only connection: an older one is not
/// upgraded by looking, and nothing is written. Refuses another program's
/// file like `Store::open`.
pub fn peek(path: &std::path::Path) -> Result<Peek> {
    use rusqlite::OpenFlags;
    if path.is_dir() {
        return Err(super::StoreError::IsDirectory(path.to_path_buf()));
    }
    if !path.is_file() {
        return Err(super::StoreError::NoDatabase(path.to_path_buf()));
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn =
        rusqlite::Connection::open_with_flags(path, flags).map_err(|e| super::opening(path, e))?;
    match super::identify(&conn) {
        Ok(true) => {}
        Ok(false) => return Err(super::StoreError::NotFrontdesk(path.to_path_buf())),
        Err(e) => return Err(super::opening(path, e)),
    }
    Ok(Peek {
        version: super::schema::version(&conn)?,
        latest: super::schema::latest(),
        quick_check: pragma_check(&conn, "quick_check")?.map(|l| l.join("; ")),
    })
}
