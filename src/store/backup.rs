//! `frontdesk backup`: a consistent copy of the live database while others
//! write, with SQLite's online backup API.
//!
//! Why the backup API and not `VACUUM INTO`: it copies the pages as they are
//! (no rebuilding of every table and index, so it is quick on a big site and
//! the copy's own check speaks for the original's pages); done in one step
//! it reads one snapshot under one read transaction, which in WAL mode never
//! blocks the operators' writes (an incremental backup would start over
//! after every write of another process and might never finish on a busy
//! desk). A plain `cp` of a live database can catch a write half done.

use super::{Result, Store, StoreError};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::Connection;
use std::path::Path;
use std::time::Duration;

impl Store {
    /// Copy the database to `dest`, a new file readable by its owner only
    /// (0600). Refuses an existing `dest`. Returns the pages copied. The
    /// caller verifies the copy (open it, `check`).
    pub fn backup_to(&self, dest: &Path) -> Result<i64> {
        let file_error = |e: std::io::Error| StoreError::File {
            path: dest.to_path_buf(),
            source: e,
        };
        if dest.is_dir() {
            return Err(StoreError::IsDirectory(dest.to_path_buf()));
        }
        if dest.exists() {
            return Err(StoreError::Exists(dest.to_path_buf()));
        }
        {
            use std::os::unix::fs::OpenOptionsExt;
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(dest)
                .map_err(|e| match e.kind() {
                    std::io::ErrorKind::AlreadyExists => StoreError::Exists(dest.to_path_buf()),
                    _ => file_error(e),
                })?;
        }
        let copied = copy(&self.conn, dest);
        if copied.is_err() {
            for suffix in ["", "-journal", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", dest.display()));
            }
        }
        copied
    }
}

fn copy(src: &Connection, dest: &Path) -> Result<i64> {
    let mut dst = Connection::open(dest)?;
    {
        let backup = Backup::new(src, &mut dst)?;
        // All pages in one step: one snapshot of the source.
        let mut tries = 0;
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                StepResult::More => {}
                // The destination is ours alone; the source is only read.
                _ if tries < 50 => std::thread::sleep(Duration::from_millis(100)),
                _ => {
                    return Err(StoreError::Sql(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                        Some("backup: the database stayed busy".into()),
                    )))
                }
            }
            tries += 1;
        }
    }
    let pages: i64 = dst.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    dst.close().map_err(|(_, e)| e)?;
    Ok(pages)
}
