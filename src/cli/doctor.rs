//! `frontdesk doctor`: is this setup sound? One line per check, each ok,
//! warn or fail; exit 1 when anything fails. Reads only: an older database
//! is looked at on a read-only connection, not upgraded.

use super::output::outln;
use super::{output, CliError, Env};
use crate::i18n::{fill, Lang};
use crate::present::ErrorText;
use crate::store::check::peek;
use crate::store::Store;
use chrono::Datelike;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Warn,
    Fail,
}

/// One check's verdict.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// What was checked: database, config, schema, file, calendar, staff, modes.
    pub check: &'static str,
    pub status: Status,
    pub message: String,
}

fn found(check: &'static str, status: Status, message: String) -> Finding {
    Finding {
        check,
        status,
        message,
    }
}

/// The paths in use, with or without a readable config.
struct Paths {
    db: PathBuf,
    config: PathBuf,
    config_exists: bool,
}

fn config_path(explicit: Option<&Path>) -> PathBuf {
    explicit
        .map(Path::to_path_buf)
        .unwrap_or_else(|| crate::config::dirs().config_file)
}

/// The config could not be read or is invalid: the paths, that failure,
/// and nothing that needs the config.
pub fn run_without_config(
    cli: &super::Cli,
    lang: Lang,
    problem: String,
    json: bool,
) -> Result<(), CliError> {
    let t = &lang.t().doctor;
    let config = config_path(cli.config.as_deref());
    let db = if cli.demo {
        crate::config::dirs().data_dir.join("demo.db")
    } else {
        cli.db
            .clone()
            .unwrap_or_else(|| crate::config::dirs().data_dir.join("frontdesk.db"))
    };
    let findings = vec![
        found(
            "config",
            Status::Fail,
            fill(t.config_bad, &[&problem.replace('\n', " ")]),
        ),
        found("database", Status::Ok, fill(t.db, &[&db.display()])),
    ];
    print(lang, &db, &config, &findings, json)
}

pub fn run(env: &Env, json: bool) -> Result<(), CliError> {
    let lang = env.lang;
    let t = &lang.t().doctor;
    let config = env
        .config
        .path
        .clone()
        .unwrap_or_else(|| config_path(env.cli.config.as_deref()));
    let paths = Paths {
        db: env.db_path(),
        config_exists: config.is_file(),
        config,
    };
    let mut out = Vec::new();
    // --- config ---
    out.push(if paths.config_exists {
        found(
            "config",
            Status::Ok,
            fill(t.config, &[&paths.config.display()]),
        )
    } else {
        found(
            "config",
            Status::Ok,
            fill(t.config_none, &[&paths.config.display()]),
        )
    });
    // --- the calendar: this year and next ---
    let year = env.clock.now().year();
    match env.config.rules() {
        Ok(rules) => {
            let known: Vec<i32> = [year, year + 1]
                .into_iter()
                .filter(|y| rules.calendar.knows_year(*y))
                .collect();
            for y in [year, year + 1] {
                if !known.contains(&y) {
                    out.push(found(
                        "calendar",
                        Status::Warn,
                        fill(t.calendar_missing, &[&y]),
                    ));
                }
            }
            if !known.is_empty() {
                let years: Vec<String> = known.iter().map(|y| y.to_string()).collect();
                out.push(found(
                    "calendar",
                    Status::Ok,
                    fill(t.calendar_ok, &[&years.join(", ")]),
                ));
            }
        }
        Err(p) => out.push(found("config", Status::Fail, fill(t.config_bad, &[&p]))),
    }
    // --- the database ---
    database(env, &paths, &mut out);
    // --- file modes ---
    modes(env, &paths, &mut out);
    print(lang, &paths.db, &paths.config, &out, json)
}

fn database(env: &Env, paths: &Paths, out: &mut Vec<Finding>) {
    let lang = env.lang;
    let t = &lang.t().doctor;
    if !paths.db.exists() && !env.cli.demo {
        out.push(found(
            "database",
            Status::Fail,
            fill(t.db_missing, &[&paths.db.display()]),
        ));
        return;
    }
    if env.cli.demo && !paths.db.exists() {
        // The demo database is made on first use: make it, as any command would.
        if let Err(e) = env.open() {
            out.push(found(
                "database",
                Status::Fail,
                fill(t.not_ours, &[&e.message()]),
            ));
            return;
        }
    }
    out.push(found(
        "database",
        Status::Ok,
        fill(t.db, &[&paths.db.display()]),
    ));
    let p = match peek(&paths.db) {
        Ok(p) => p,
        Err(e) => {
            out.push(found(
                "database",
                Status::Fail,
                fill(t.not_ours, &[&lang.store_error(&e)]),
            ));
            return;
        }
    };
    out.push(if p.version == p.latest {
        found(
            "schema",
            Status::Ok,
            fill(t.schema, &[&p.version, &p.latest]),
        )
    } else if p.version < p.latest {
        found(
            "schema",
            Status::Warn,
            fill(t.schema_older, &[&p.version, &p.latest]),
        )
    } else {
        found(
            "schema",
            Status::Fail,
            fill(t.schema_newer, &[&p.version, &p.latest]),
        )
    });
    match &p.quick_check {
        None => out.push(found("file", Status::Ok, t.quick_ok.to_string())),
        Some(bad) => {
            out.push(found("file", Status::Fail, fill(t.quick_bad, &[bad])));
            return;
        }
    }
    // Who is locked out: only on a database of this program's version
    // (opening an older one would upgrade it).
    if p.version != p.latest {
        return;
    }
    let locked = Store::open(&paths.db, env.zone())
        .and_then(|s| s.staff_entries(env.clock.now()))
        .map(|list| {
            list.into_iter()
                .filter(|s| s.active && s.locked_until.is_some())
                .map(|s| s.name)
                .collect::<Vec<_>>()
        });
    match locked {
        Ok(names) if names.is_empty() => {
            out.push(found("staff", Status::Ok, t.locked_none.to_string()))
        }
        Ok(names) => out.push(found(
            "staff",
            Status::Warn,
            fill(t.locked_some, &[&names.len(), &names.join(", ")]),
        )),
        Err(e) => out.push(found(
            "staff",
            Status::Fail,
            fill(t.not_ours, &[&lang.store_error(&e)]),
        )),
    }
}

#[cfg(unix)]
fn mode_of(p: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p)
        .ok()
        .map(|m| m.permissions().mode() & 0o777)
}

#[cfg(not(unix))]
fn mode_of(_: &Path) -> Option<u32> {
    None
}

/// The database and its `-wal`/`-shm` files are never reachable by
/// others (fail) nor by the group unless the site shares it (warn); the
/// config is not writable by others (fail).
fn modes(env: &Env, paths: &Paths, out: &mut Vec<Finding>) {
    let t = &env.lang.t().doctor;
    let shared = env.config.database.shared_group;
    let mut seen = Vec::new();
    let mut bad = false;
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", paths.db.display()));
        let Some(mode) = mode_of(&p) else { continue };
        let shown = format!("{mode:04o}");
        if mode & 0o007 != 0 {
            out.push(found(
                "modes",
                Status::Fail,
                fill(t.modes_world, &[&p.display(), &shown]),
            ));
            bad = true;
        } else if mode & 0o070 != 0 && !shared {
            out.push(found(
                "modes",
                Status::Warn,
                fill(t.modes_group, &[&p.display(), &shown]),
            ));
            bad = true;
        }
        seen.push(format!("{} {shown}", p.display()));
    }
    if paths.config_exists {
        if let Some(mode) = mode_of(&paths.config) {
            if mode & 0o002 != 0 {
                out.push(found(
                    "modes",
                    Status::Fail,
                    fill(
                        t.config_writable,
                        &[&paths.config.display(), &format!("{mode:04o}")],
                    ),
                ));
                bad = true;
            }
        }
    }
    if !bad && !seen.is_empty() {
        out.push(found(
            "modes",
            Status::Ok,
            fill(t.modes_ok, &[&seen.join(", ")]),
        ));
    }
}

fn print(
    lang: Lang,
    db: &Path,
    config: &Path,
    findings: &[Finding],
    json: bool,
) -> Result<(), CliError> {
    let t = &lang.t().doctor;
    let count = |s: Status| findings.iter().filter(|f| f.status == s).count();
    let (ok, warn, fail) = (count(Status::Ok), count(Status::Warn), count(Status::Fail));
    if json {
        output::json(&serde_json::json!({
            "db": db.display().to_string(),
            "config": config.display().to_string(),
            "ok": fail == 0,
            "checks": findings,
        }))?;
    } else {
        let word = |s: Status| match s {
            Status::Ok => t.ok,
            Status::Warn => t.warn,
            Status::Fail => t.fail,
        };
        let width = [t.ok, t.warn, t.fail]
            .iter()
            .map(|w| crate::text::width(w))
            .max()
            .unwrap_or(4);
        for f in findings {
            outln!(
                "{}  {}",
                crate::text::pad(word(f.status), width),
                output::field(&f.message)
            )?;
        }
    }
    let summary = fill(t.summary, &[&ok, &warn, &fail]);
    if fail > 0 {
        Err(CliError::Refused(summary))
    } else {
        if !json {
            output::note(&summary);
        }
        Ok(())
    }
}
