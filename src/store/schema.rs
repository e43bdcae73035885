//! Migrations: an ordered list applied under `PRAGMA user_version`, each in
//! `BEGIN IMMEDIATE` so two operators starting at once cannot both apply it.

use super::{Result, StoreError};
use rusqlite::{Connection, TransactionBehavior};

/// Migration N (1-based) brings the schema to user_version N. Append only.
const MIGRATIONS: &[&str] = &[concat!(
    include_str!("sql/core.sql"),
    include_str!("sql/deadlines.sql"),
    include_str!("sql/callbacks.sql"),
    include_str!("sql/keys.sql"),
    include_str!("sql/dutylog.sql"),
)];

pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

pub fn migrate(conn: &mut Connection) -> Result<()> {
    let known = latest();
    let found = version(conn)?;
    if found > known {
        return Err(StoreError::SchemaTooNew { found, known });
    }
    if found == known {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Re-read under the write lock: another process may have migrated meanwhile.
    let current = version(&tx)?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
    }
    tx.commit()?;
    Ok(())
}
