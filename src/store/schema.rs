//! Migrations: one SQL file per schema version under `migrations/`, applied
//! in order under `PRAGMA user_version`, all pending ones in one
//! `BEGIN IMMEDIATE` so two operators starting at once cannot both apply one.
//!
//! A released file is never edited: a change to the schema is a new file.

use super::{Result, StoreError};
use rusqlite::{Connection, TransactionBehavior};

/// A schema version and the SQL that brings the previous one to it.
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

/// Migration N brings the schema to user_version N. Append only.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_initial",
        sql: include_str!("migrations/0001_initial.sql"),
    },
    Migration {
        version: 2,
        name: "0002_instants",
        sql: include_str!("migrations/0002_instants.sql"),
    },
    Migration {
        version: 3,
        name: "0003_category_codes",
        sql: include_str!("migrations/0003_category_codes.sql"),
    },
    Migration {
        version: 4,
        name: "0004_household_history",
        sql: include_str!("migrations/0004_household_history.sql"),
    },
    Migration {
        version: 5,
        name: "0005_search",
        sql: include_str!("migrations/0005_search.sql"),
    },
    Migration {
        version: 6,
        name: "0006_auth",
        sql: include_str!("migrations/0006_auth.sql"),
    },
    Migration {
        version: 7,
        name: "0007_safety",
        sql: include_str!("migrations/0007_safety.sql"),
    },
    // The registers (visitors, parcels, passes, renovations, moves). Merged
    // first, so it keeps version 8; the figures came after it as 9.
    Migration {
        version: 8,
        name: "0008_registers",
        sql: include_str!("migrations/0008_registers.sql"),
    },
    // Figures, reports and exports: the emergency visit's callback reason,
    // the range indexes the reports read by, the export audit.
    Migration {
        version: 9,
        name: "0009_figures",
        sql: include_str!("migrations/0009_figures.sql"),
    },
    // Issue 15: compact chain links under integer chain ids, the unread
    // audit-by-time index dropped, deadlines in one B-tree.
    Migration {
        version: 10,
        name: "0010_compact",
        sql: include_str!("migrations/0010_compact.sql"),
    },
    // Issue 15: the audit trail's words as small numbers (`ticket_codes`),
    // hashed as the words they name, so every record link still holds; the
    // deadlines' `what` and `status` as numbers; follow-ups' index partial.
    Migration {
        version: 11,
        name: "0011_codes",
        sql: include_str!("migrations/0011_codes.sql"),
    },
    // A supervisor authorising one step at the desk: `authorised` in the
    // sign-in audit.
    Migration {
        version: 12,
        name: "0012_signin_authorised",
        sql: include_str!("migrations/0012_signin_authorised.sql"),
    },
    // Issue 15: record links kept short (the whole link at checkpoints and
    // in `chain_heads`), sealed handovers packed; nothing hashed changes.
    Migration {
        version: 13,
        name: "0013_short_links",
        sql: include_str!("migrations/0013_short_links.sql"),
    },
    // Issue 15: the audit rows' details stored once each (`ticket_data`),
    // hashed as their text, so every record link still holds.
    Migration {
        version: 14,
        name: "0014_event_data",
        sql: include_str!("migrations/0014_event_data.sql"),
    },
    // Issue 15: indexes that hold only the rows looked for (the tickets that
    // are not closed, the callbacks' few set links); no table changes.
    Migration {
        version: 15,
        name: "0015_lean_indexes",
        sql: include_str!("migrations/0015_lean_indexes.sql"),
    },
    // Issue 15: the audit rows' details found by a 32-bit key of their text
    // instead of a unique index on it; the texts and numbers do not change.
    Migration {
        version: 16,
        name: "0016_data_key",
        sql: include_str!("migrations/0016_data_key.sql"),
    },
];

pub fn latest() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

pub fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Bring the schema up to date. Migrations rebuild tables (SQLite cannot
/// change a column's type), so foreign keys are off while they run (the
/// pragma is a no-op inside a transaction) and checked before the commit.
/// Converting stored local times needs `site_epoch`, registered on the
/// connection by the store beforehand.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let known = latest();
    let found = version(conn)?;
    if found > known {
        return Err(StoreError::SchemaTooNew { found, known });
    }
    if found == known {
        return Ok(());
    }
    conn.execute_batch("PRAGMA foreign_keys=OFF;")?;
    let out = apply(conn, known);
    conn.execute_batch("PRAGMA foreign_keys=ON;")?;
    out
}

fn apply(conn: &mut Connection, known: i64) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Re-read under the write lock: another process may have migrated meanwhile.
    let current = version(&tx)?;
    if current > known {
        return Err(StoreError::SchemaTooNew {
            found: current,
            known,
        });
    }
    for m in MIGRATIONS.iter().filter(|m| m.version > current) {
        tx.execute_batch(m.sql)?;
        tx.pragma_update(None, "user_version", m.version)?;
    }
    let broken: i64 = tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
        r.get(0)
    })?;
    if broken > 0 {
        return Err(StoreError::MigrationBroken {
            version: known,
            rows: broken,
        });
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_increase_and_name_their_files() {
        let mut last = 0;
        for m in MIGRATIONS {
            assert!(m.version > last, "{}", m.name);
            assert_eq!(m.version - last, 1, "no gap before {}", m.name);
            assert!(m.name.starts_with(&format!("{:04}_", m.version)));
            last = m.version;
        }
        assert_eq!(MIGRATIONS[0].version, 1);
    }
}
