//! `frontdesk init`: create a database — the demo site, or an empty site
//! with its first manager (asked for here, so a real site can start without
//! the demo).
//!
//! Every init is all-or-nothing: the database is built in a temporary file
//! beside the target and moved into place only when complete. A killed init
//! leaves at most that temporary file, which the next init replaces.

use super::auth::{read_line, read_new_pin};
use super::output::outln;
use super::{output, CliError, Env};
use crate::demo;
use crate::domain::rules::Rules;
use crate::domain::time::Tz;
use crate::i18n::{fill, Lang};
use crate::store::{Store, StoreError};
use chrono::NaiveDateTime;
use std::path::{Path, PathBuf};

pub fn run(env: &Env, with_demo: bool, force: bool, shared: bool) -> Result<(), CliError> {
    let path = env.db_path();
    let lang = env.lang;
    let t = lang.t();
    let se = |e: &StoreError| CliError::from_store(e, lang);
    // Said before anything is asked: a directory is never replaced.
    if path.is_dir() {
        return Err(se(&StoreError::IsDirectory(path.clone())));
    }
    if path.exists() && !force {
        return Err(se(&StoreError::Exists(path.clone())));
    }
    let shared = shared || env.config.database.shared_group;
    let rules = env.config.rules().map_err(CliError::Usage)?;
    let now = env.clock.now();
    if with_demo {
        build(&path, force, shared, env.zone(), lang, |store| {
            store.set_rules(rules);
            demo::populate(store, now).map_err(|e| se(&e))
        })?;
        outln!("{}", fill(t.cli.created_db, &[&path.display()]))?;
        let store = Store::open(&path, env.zone()).map_err(|e| se(&e))?;
        let units = store.unit_count().map_err(|e| se(&e))?;
        output::note(&fill(t.cli.demo_ready, &[&units]));
        return Ok(());
    }
    // The first manager: asked before anything is built, so a wrong answer
    // leaves nothing behind.
    let name = read_line(t.auth.manager_name_prompt, lang)?;
    if name.is_empty() {
        return Err(CliError::Usage(t.auth.e_no_name.to_string()));
    }
    let pin = read_new_pin(&name, lang)?;
    build(&path, force, shared, env.zone(), lang, |store| {
        store.set_rules(rules);
        store
            .bootstrap_manager(&name, pin.as_str(), now)
            .map(|_| ())
            .map_err(|e| se(&e))
    })?;
    outln!("{}", fill(t.cli.created_db, &[&path.display()]))?;
    output::note(&fill(t.auth.manager_created, &[&name]));
    Ok(())
}

/// The temporary file a database is built in, beside `path`.
pub fn building_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".building");
    path.with_file_name(name)
}

/// Build a database with `fill` in a temporary file beside `path`, then move
/// it into place: without `force` only if `path` still does not exist (a
/// hard link cannot overwrite), with `force` replacing it. Files are 0600,
/// or 0660 when `shared` (SQLite gives its -wal and -shm the same mode).
fn build(
    path: &Path,
    force: bool,
    shared: bool,
    zone: Tz,
    lang: Lang,
    fill_in: impl FnOnce(&mut Store) -> Result<(), CliError>,
) -> Result<(), CliError> {
    let se = |e: &StoreError| CliError::from_store(e, lang);
    let failed = |p: &Path, e: std::io::Error| {
        se(&StoreError::File {
            path: p.to_path_buf(),
            source: e,
        })
    };
    let tmp = building_path(path);
    let result = (|| {
        let mut store = Store::create_with_mode(&tmp, true, zone, shared).map_err(|e| se(&e))?;
        fill_in(&mut store)?;
        // Fold the WAL into the main file before the move.
        store
            .conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .map_err(|e| se(&e.into()))?;
        drop(store);
        remove_sidecars(&tmp);
        if force {
            // The old database's WAL must not be applied to the new file.
            remove_sidecars(path);
            std::fs::rename(&tmp, path).map_err(|e| failed(path, e))
        } else {
            match std::fs::hard_link(&tmp, path) {
                Ok(()) => std::fs::remove_file(&tmp).map_err(|e| failed(&tmp, e)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    Err(se(&StoreError::Exists(path.to_path_buf())))
                }
                // A file system without hard links: move it if still free.
                Err(_) if !path.exists() => {
                    std::fs::rename(&tmp, path).map_err(|e| failed(path, e))
                }
                Err(e) => Err(failed(path, e)),
            }
        }
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
        remove_sidecars(&tmp);
    }
    result
}

fn remove_sidecars(db: &Path) {
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut p = db.as_os_str().to_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// The demo database for `--demo`: built into a temporary file and moved in
/// place, so an interrupted first start never leaves half a demo behind.
pub fn create_demo(
    path: &Path,
    now: NaiveDateTime,
    lang: Lang,
    rules: Rules,
    zone: Tz,
) -> Result<(), CliError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| CliError::Failed(format!("{}: {e}", dir.display())))?;
    }
    build(path, false, false, zone, lang, |store| {
        // The site's own rules (calendar, deadlines, sampling) shape the demo's history.
        store.set_rules(rules);
        demo::populate(store, now).map_err(|e| CliError::from_store(&e, lang))
    })
    .or_else(|e| if path.exists() { Ok(()) } else { Err(e) })
}
