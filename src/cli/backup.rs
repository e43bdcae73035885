//! `frontdesk backup DEST`: a consistent online copy (SQLite's backup API,
//! see `store::backup`), created 0600, then opened and checked like
//! `frontdesk check`; exit 1 when the copy fails its check.

use super::output;
use super::output::outln;
use super::{check, CliError, Env};
use crate::i18n::fill;
use crate::store::{Store, StoreError};
use std::path::Path;

pub fn run(env: &Env, dest: &Path, json: bool) -> Result<(), CliError> {
    let lang = env.lang;
    let t = &lang.t().safety;
    let se = |e: StoreError| CliError::from_store(&e, lang);
    let store = env.open()?;
    let pages = store.backup_to(dest).map_err(|e| match e {
        StoreError::Exists(p) => CliError::Usage(fill(t.backup_exists, &[&p.display()])),
        other => se(other),
    })?;
    drop(store);
    let copy = Store::open(dest, env.zone()).map_err(se)?;
    let r = copy.check(&[]).map_err(se)?;
    drop(copy);
    if r.ok() {
        if json {
            return super::output::json(&serde_json::json!({
                "ok": true,
                "path": dest.display().to_string(),
                "pages": pages,
                "heads": r.heads.iter().filter(|h| h.seq > 0).collect::<Vec<_>>(),
            }));
        }
        outln!("{}", fill(t.backup_done, &[&dest.display(), &pages]))?;
        return Ok(());
    }
    output::note(&fill(t.backup_bad_copy, &[&dest.display()]));
    check::report(lang, &r, json, false)
}
