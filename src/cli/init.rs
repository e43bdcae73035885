//! `frontdesk init`: create a database, optionally with the demo site.

use super::output::outln;
use super::{output, CliError, Env};
use crate::demo;
use crate::domain::rules::Rules;
use crate::domain::time::Tz;
use crate::i18n::{fill, Lang};
use crate::store::Store;
use chrono::NaiveDateTime;
use std::path::Path;

pub fn run(env: &Env, with_demo: bool, force: bool) -> Result<(), CliError> {
    let path = env.db_path();
    let t = env.lang.t();
    let mut store =
        Store::create(&path, force, env.zone()).map_err(|e| CliError::from_store(&e, env.lang))?;
    store.set_rules(env.config.rules().map_err(CliError::Usage)?);
    outln!("{}", fill(t.cli.created_db, &[&path.display()]))?;
    if with_demo {
        populate(&mut store, env.clock.now(), env.lang)?;
    }
    Ok(())
}

fn populate(store: &mut Store, now: NaiveDateTime, lang: Lang) -> Result<(), CliError> {
    demo::populate(store, now).map_err(|e| CliError::from_store(&e, lang))?;
    let units = store
        .unit_count()
        .map_err(|e| CliError::from_store(&e, lang))?;
    output::note(&fill(lang.t().cli.demo_ready, &[&units]));
    Ok(())
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
    let tmp = path.with_extension("db.building");
    let mut store = Store::create(&tmp, true, zone).map_err(|e| CliError::from_store(&e, lang))?;
    // The site's own rules (calendar, deadlines, sampling) shape the demo's history.
    store.set_rules(rules);
    demo::populate(&mut store, now).map_err(|e| CliError::from_store(&e, lang))?;
    // Fold the WAL into the main file before the move.
    store
        .conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .map_err(|e| CliError::Failed(e.to_string()))?;
    drop(store);
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", tmp.display()));
    }
    std::fs::rename(&tmp, path).map_err(|e| CliError::Failed(format!("{}: {e}", path.display())))
}
