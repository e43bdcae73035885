//! `frontdesk import units|households FILE [--sheet NAME] [--dry-run] [--json]`:
//! load the office's Excel/CSV lists (docs/import.md). Every row is checked
//! first; a file with any problem is refused whole — each problem printed as
//! row, column and reason in the operator's language, exit 2, nothing
//! written. `--dry-run` prints what would change and writes nothing.
//! Exit codes: 0 done (or nothing to do), 1 refused by the rules (a role that
//! may not change household files), 2 bad input (a problem in the file, an
//! unreadable file, a bad --date, an unknown operator), 3 other failures.

use super::output::outln;
use super::{output, CliError, Env};
use crate::domain::import::{Counts, Rejected, Summary, Table};
use crate::i18n::{fill, Lang};
use crate::import::read_table;
use crate::store::StoreError;
use chrono::NaiveDate;
use clap::Subcommand;
use serde_json::{json, Value};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Subcommand, Debug)]
pub enum ImportCmd {
    /// The units list 房屋清单 (one row per unit): buildings and units.
    Units {
        /// .csv (UTF-8 or GBK), .txt, .xlsx, .xlsm or .xls.
        file: PathBuf,
        /// The worksheet to read (default: the first with content).
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
        /// Check and count only: write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// The households list 住户清单 (one row per person), as dated records.
    Households {
        /// .csv (UTF-8 or GBK), .txt, .xlsx, .xlsm or .xls.
        file: PathBuf,
        /// The worksheet to read (default: the first with content).
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
        /// Check and count only: write nothing.
        #[arg(long)]
        dry_run: bool,
        /// The list's date (default: today): a replaced household without a
        /// move-in date moves out on it; people joining or leaving are dated
        /// with it.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
}

pub fn run(env: &Env, cmd: &ImportCmd) -> Result<(), CliError> {
    let lang = env.lang;
    match cmd {
        ImportCmd::Units {
            file,
            sheet,
            dry_run,
            json,
        } => {
            let table = read(file, sheet.as_deref(), lang)?;
            let mut store = env.open()?;
            let started = Instant::now();
            let done = if *dry_run {
                store.plan_units_import(&table)
            } else {
                let me = env.actor(&store)?;
                let mut bar = Bar::new(lang);
                let out = store.import_units(&table, &me, &mut |d, t| bar.show(d, t));
                bar.clear();
                out
            };
            report(lang, done, *dry_run, *json, started)
        }
        ImportCmd::Households {
            file,
            sheet,
            dry_run,
            date,
            json,
        } => {
            let date = match date {
                Some(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                    .map_err(|_| CliError::Usage(fill(lang.t().shift.cli_bad_date, &[s])))?,
                None => env.clock.now().date(),
            };
            let table = read(file, sheet.as_deref(), lang)?;
            let mut store = env.open()?;
            let started = Instant::now();
            let done = if *dry_run {
                store.plan_households_import(&table, date)
            } else {
                let me = env.actor(&store)?;
                let now = env.clock.now();
                let mut bar = Bar::new(lang);
                let out =
                    store.import_households(&table, date, &me, now, &mut |d, t| bar.show(d, t));
                bar.clear();
                out
            };
            report(lang, done, *dry_run, *json, started)
        }
    }
}

fn read(file: &Path, sheet: Option<&str>, lang: Lang) -> Result<Table, CliError> {
    read_table(file, sheet).map_err(|e| CliError::Usage(e.message(lang)))
}

/// Progress on stderr, only when stderr is a terminal; redrawn when the
/// percentage moves.
struct Bar {
    lang: Lang,
    on: bool,
    last: Option<usize>,
}

impl Bar {
    fn new(lang: Lang) -> Self {
        Bar {
            lang,
            on: std::io::stderr().is_terminal(),
            last: None,
        }
    }

    fn show(&mut self, done: usize, total: usize) {
        if !self.on || total == 0 {
            return;
        }
        let pct = done * 100 / total;
        if self.last == Some(pct) {
            return;
        }
        self.last = Some(pct);
        let text = fill(self.lang.t().import.s_progress, &[&done, &total]);
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r{text} ({pct}%)\x1b[K");
        let _ = err.flush();
    }

    fn clear(&mut self) {
        if self.on && self.last.is_some() {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[K");
            let _ = err.flush();
        }
    }
}

fn report(
    lang: Lang,
    done: Result<Summary, StoreError>,
    dry_run: bool,
    as_json: bool,
    started: Instant,
) -> Result<(), CliError> {
    let t = &lang.t().import;
    let summary = match done {
        Ok(s) => s,
        Err(StoreError::Rejected(r)) => return Err(rejected(lang, &r, as_json)),
        Err(e) => return Err(CliError::from_store(&e, lang)),
    };
    let seconds = started.elapsed().as_secs_f64();
    if as_json {
        let mut v = summary_json(lang, &summary);
        v["dry_run"] = json!(dry_run);
        if !dry_run {
            v["seconds"] = json!((seconds * 1000.0).round() / 1000.0);
        }
        return output::json(&v);
    }
    if dry_run {
        outln!("{}", t.s_dry_run)?;
    }
    for line in lang.import_summary(&summary) {
        outln!("{line}")?;
    }
    if !dry_run && !summary.is_noop() {
        outln!("{}", fill(t.s_applied, &[&format!("{seconds:.1}")]))?;
    }
    Ok(())
}

/// Every problem on its own line (stderr, or as JSON on stdout); the count
/// line is the error message, last.
fn rejected(lang: Lang, r: &Rejected, as_json: bool) -> CliError {
    if as_json {
        let problems: Vec<Value> = r
            .problems
            .iter()
            .map(|p| {
                json!({
                    "row": p.row,
                    "column": p.column,
                    "reason": lang.import_reason(&p.kind),
                    "message": lang.import_problem(p),
                })
            })
            .collect();
        let warnings: Vec<String> = r.warnings.iter().map(|w| lang.import_warning(w)).collect();
        if let Err(e) = output::json(&json!({
            "ok": false,
            "problems": problems,
            "warnings": warnings,
        })) {
            return e;
        }
    } else {
        for line in lang.import_rejected(r).iter().skip(1) {
            output::note(line);
        }
    }
    CliError::Usage(fill(lang.t().import.s_rejected, &[&r.problems.len()]))
}

fn counts_json(c: Counts) -> Value {
    json!({
        "new": c.new,
        "changed": c.changed,
        "unchanged": c.unchanged,
        "replaced": c.replaced,
        "missing": c.missing,
    })
}

fn summary_json(lang: Lang, s: &Summary) -> Value {
    let date = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    json!({
        "ok": true,
        "counts": counts_json(s.counts),
        "buildings": s.buildings.map(counts_json),
        "people": s.people,
        "members_added": s.members_added,
        "members_removed": s.members_removed,
        "replaced": s.replaced.iter().map(|r| json!({
            "unit": r.unit.code(),
            "kind": r.kind.code(),
            "old": r.old_name,
            "new": r.new_name,
            "move_out": date(r.move_out),
            "move_in": date(r.move_in),
        })).collect::<Vec<_>>(),
        "missing_units": s.missing_units.iter().map(|u| u.code()).collect::<Vec<_>>(),
        "missing_households": s.missing_households.iter().map(|h| json!({
            "unit": h.unit.code(),
            "kind": h.kind.code(),
            "name": h.name,
        })).collect::<Vec<_>>(),
        "warnings": s.warnings.iter().map(|w| lang.import_warning(w)).collect::<Vec<_>>(),
        "nothing_to_do": s.is_noop(),
    })
}
