//! The command line as a whole process, each beside the `sqlite3` shell
//! reading the same rows from the same file (issue 15):
//!
//! - `lookup U --json` vs the statements lookup runs;
//! - `ticket list --overdue --json` and `callbacks --due --json` (50,000
//!   open on gen's standard site) vs one query giving the same rows;
//! - the monthly report (last month), the daily sheet and the default
//!   export (tickets as CSV, to a file): times only, no floor.
//!
//! `--json` goes into a pipe (bench reads it), so frontdesk writes compact
//! JSON as a script would get it. Each pair runs in turn (A B A B …) after
//! one warm-up of each, so a machine whose speed drifts (other builds on
//! these 2 cores) moves both alike; the figure is the median wall time, the
//! note gives the median CPU time (user + system, from `getrusage`) of both,
//! which waiting for a core does not inflate. Before a floor counts, its
//! answer is compared with frontdesk's: the same ids in the same order.

use super::site::Site;
use super::table::{pct, Table};
use super::Res;
use chrono::Datelike;
use frontdesk::domain::calendar::end_of_day;
use frontdesk::domain::time::{to_epoch, DEFAULT_ZONE};
use frontdesk::domain::State;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

pub struct Ctx<'a> {
    pub bin: &'a Path,
    pub db: &'a str,
    pub env: &'a [(&'a str, String)],
    /// bench's temporary directory: the floors' SQL, the export's file.
    pub dir: &'a Path,
    pub runs: usize,
    pub now: chrono::NaiveDateTime,
}

/// One finished process: wall and CPU milliseconds, what it printed.
struct Run {
    wall: f64,
    cpu: f64,
    out: Vec<u8>,
}

/// CPU seconds (user + system) of the children waited for so far.
fn children_cpu() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut ru) } != 0 {
        return f64::NAN;
    }
    let s = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    s(ru.ru_utime) + s(ru.ru_stime)
}

fn run_once(cmd: &mut Command) -> Res<Run> {
    let cpu0 = children_cpu();
    let t = Instant::now();
    let out = cmd.stdin(Stdio::null()).output()?;
    let wall = t.elapsed().as_secs_f64() * 1e3;
    let cpu = (children_cpu() - cpu0) * 1e3;
    if !out.status.success() {
        return Err(format!(
            "{cmd:?}: {}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        )
        .into());
    }
    Ok(Run {
        wall,
        cpu,
        out: out.stdout,
    })
}

impl Ctx<'_> {
    fn frontdesk(&self, args: &[&str]) -> Command {
        let mut c = Command::new(self.bin);
        c.args(["--db", self.db]).args(args);
        c.envs(self.env.iter().map(|(k, v)| (*k, v.as_str())));
        c
    }

    /// The sqlite3 shell, read-only, JSON rows, running `sql` from a file.
    fn shell(&self, name: &str, sql: &str) -> Res<Command> {
        let file = self.dir.join(format!("{name}.sql"));
        std::fs::write(&file, sql)?;
        let mut c = Command::new("sqlite3");
        c.args([
            "-readonly",
            "-json",
            self.db,
            &format!(".read {}", file.display()),
        ]);
        Ok(c)
    }

    fn epoch(&self, t: chrono::NaiveDateTime) -> i64 {
        to_epoch(t, DEFAULT_ZONE)
    }
}

/// Medians of `a` and `b` run in turn: (wall a, wall b, cpu a, cpu b) and
/// the last output of each.
type Medians = (f64, f64, f64, f64, Vec<u8>, Vec<u8>);

fn in_turn(runs: usize, a: &mut Command, b: &mut Command) -> Res<Medians> {
    let (mut wa, mut wb, mut ca, mut cb) = (vec![], vec![], vec![], vec![]);
    let (mut oa, mut ob) = (vec![], vec![]);
    for i in 0..=runs {
        let ra = run_once(a)?;
        let rb = run_once(b)?;
        if i > 0 {
            wa.push(ra.wall);
            wb.push(rb.wall);
            ca.push(ra.cpu);
            cb.push(rb.cpu);
        }
        oa = ra.out;
        ob = rb.out;
    }
    let m = |v: &[f64]| pct(v, 0.5).unwrap_or(f64::NAN);
    Ok((m(&wa), m(&wb), m(&ca), m(&cb), oa, ob))
}

/// The sqlite3 shell's `-json` output: one array per statement that gave
/// rows (none for a statement without rows).
fn shell_rows(out: &[u8]) -> Vec<Value> {
    serde_json::Deserializer::from_slice(out)
        .into_iter::<Value>()
        .filter_map(|v| v.ok())
        .flat_map(|v| match v {
            Value::Array(rows) => rows,
            _ => Vec::new(),
        })
        .collect()
}

fn ids<'a>(rows: impl IntoIterator<Item = &'a Value>) -> Vec<i64> {
    rows.into_iter().filter_map(|r| r["id"].as_i64()).collect()
}

/// Whether frontdesk's output and the shell's are the same answer: what
/// they agree on, or how they differ.
type Same = dyn Fn(&[u8], &[u8]) -> Result<String, String>;

/// A figure against its floor; without a sqlite3 shell, or when the
/// floor's answer is not frontdesk's, the figure alone and why.
#[allow(clippy::too_many_arguments)]
fn pair(
    c: &Ctx,
    t: &mut Table,
    name: &str,
    target: &str,
    a: &mut Command,
    b: Option<&mut Command>,
    same: &Same,
    floor_is: &str,
) -> Res<()> {
    let Some(b) = b else {
        let mut w = Vec::new();
        for _ in 0..c.runs {
            w.push(run_once(a)?.wall);
        }
        t.add_vs(
            name,
            pct(&w, 0.5),
            "ms",
            target,
            None,
            "floor unavailable (no sqlite3 shell)",
        );
        return Ok(());
    };
    let (wa, wb, ca, cb, oa, ob) = in_turn(c.runs, a, b)?;
    match same(&oa, &ob) {
        Ok(what) => t.add_vs(
            name,
            Some(wa),
            "ms",
            target,
            Some(wb),
            &format!(
                "floor: {floor_is}; {what}; CPU {ca:.1} / {cb:.1} ms = {:.2}×",
                ca / cb
            ),
        ),
        Err(why) => t.add_vs(
            name,
            Some(wa),
            "ms",
            target,
            None,
            &format!("floor not counted, its answer differs: {why}"),
        ),
    }
    Ok(())
}

/// Whether the shell is there to be a floor.
fn have_sqlite3() -> bool {
    Command::new("sqlite3")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success())
}

pub fn figures(c: &Ctx, s: &Site, t: &mut Table) -> Res<()> {
    let shell = have_sqlite3();
    lookup(c, s, t, shell)?;
    overdue(c, s, t, shell)?;
    callbacks_due(c, t, shell)?;
    reports(c, t)?;
    Ok(())
}

fn lookup(c: &Ctx, s: &Site, t: &mut Table, shell: bool) -> Res<()> {
    // Five times the pairs: both processes take a few milliseconds, so a
    // median of 20 moved by a tenth between runs on this 2-core machine
    // (1.21x, 1.33x, 1.42x for one binary); 100 pairs cost a second.
    let c = &Ctx {
        runs: c.runs * 5,
        ..*c
    };
    let mut a = c.frontdesk(&["lookup", &s.unit, "--json"]);
    let mut b = match (shell, lookup_sql(&s.unit)) {
        (true, Some(sql)) => Some(c.shell("lookup", &sql)?),
        _ => None,
    };
    // The same unit file: the same tickets, households and keys.
    let same = |fd: &[u8], sh: &[u8]| -> Result<String, String> {
        let v: Value = serde_json::from_slice(fd).map_err(|e| e.to_string())?;
        let rows = shell_rows(sh);
        let of = |k: &str| -> Vec<&Value> { rows.iter().filter(|r| r.get(k).is_some()).collect() };
        let mut tf: Vec<i64> = ids(v["open_tickets"].as_array().into_iter().flatten());
        tf.extend(ids(v["closed_tickets"].as_array().into_iter().flatten()));
        tf.sort_unstable();
        let mut ts = ids(of("wo_no"));
        ts.sort_unstable();
        let (hf, hs) = (
            v["households"].as_array().map_or(0, |h| h.len()),
            of("move_in").len(),
        );
        let (kf, ks) = (
            v["keys"].as_array().map_or(0, |k| k.len()),
            of("hook").len(),
        );
        if tf != ts || hf != hs || kf != ks {
            return Err(format!(
                "tickets {}/{}, households {hf}/{hs}, keys {kf}/{ks}",
                tf.len(),
                ts.len()
            ));
        }
        Ok(format!(
            "same {} tickets, {hf} households, {kf} keys",
            tf.len()
        ))
    };
    pair(
        c,
        t,
        &format!("lookup {} --json, whole process", s.unit),
        "≤ 1.2× floor",
        &mut a,
        b.as_mut(),
        &same,
        "sqlite3 shell, lookup's statements",
    )
}

/// The same ids in the same order, from frontdesk's rows and the shell's.
fn same_ids(
    rows_of: fn(&Value) -> Option<&Vec<Value>>,
) -> impl Fn(&[u8], &[u8]) -> Result<String, String> {
    move |fd, sh| {
        let v: Value = serde_json::from_slice(fd).map_err(|e| e.to_string())?;
        let a = ids(rows_of(&v).into_iter().flatten());
        let b = ids(&shell_rows(sh));
        if a != b {
            return Err(format!("{} rows vs {}", a.len(), b.len()));
        }
        Ok(format!("same {} rows in the same order", a.len()))
    }
}

fn open_states() -> String {
    State::ALL
        .iter()
        .filter(|s| !s.is_final())
        .map(|s| format!("'{}'", s.code()))
        .collect::<Vec<_>>()
        .join(",")
}

fn overdue(c: &Ctx, s: &Site, t: &mut Table, shell: bool) -> Res<()> {
    let mut a = c.frontdesk(&["ticket", "list", "--overdue", "--json"]);
    // The store's one query (`list_tickets` with `overdue_at`): the open
    // tickets with a pending deadline past and no hold, most overdue first.
    let sql = format!(
        "SELECT t.id, t.kind, t.state, u.code, t.location, t.reporter, t.phone,
    t.category, t.description, d.code, tech.name, t.wo_no, t.urgency, t.escalated_to,
    t.reopen_count, t.created_at, t.updated_at, t.version, u.building
  FROM tickets t
  LEFT JOIN units u ON u.id = t.unit_id
  LEFT JOIN departments d ON d.id = t.department_id
  LEFT JOIN staff tech ON tech.id = t.technician_id
 WHERE t.state IN ({}) AND t.id IN (SELECT dl.ticket_id FROM ticket_deadlines dl
   WHERE dl.status = 0 AND dl.due_at < {}
     AND NOT EXISTS (SELECT 1 FROM ticket_holds h WHERE h.ticket_id = dl.ticket_id AND h.ended_at IS NULL))
 ORDER BY (SELECT min(x.due_at) FROM ticket_deadlines x WHERE x.ticket_id = t.id AND x.status = 0),
   t.created_at DESC, t.id DESC;\n",
        open_states(),
        c.epoch(c.now)
    );
    let mut b = if shell {
        Some(c.shell("overdue", &sql)?)
    } else {
        None
    };
    pair(
        c,
        t,
        &format!("ticket list --overdue --json ({} open)", s.open),
        "≤ 1.5× floor",
        &mut a,
        b.as_mut(),
        &same_ids(Value::as_array),
        "sqlite3 shell, one query",
    )
}

fn callbacks_due(c: &Ctx, t: &mut Table, shell: bool) -> Res<()> {
    let mut a = c.frontdesk(&["callbacks", "--due", "--json"]);
    // The store's queue query (`callback_queue`, Which::Due): pending and
    // due by the end of today, most urgent first.
    let sql = format!(
        "SELECT c.id, c.ticket_id, c.reason, c.handled_at, c.not_before,
    c.due_at, c.first_due_at, c.status, c.attempts, c.result, c.effect, c.outcome_ticket_id,
    c.follow_id, c.unreachable_reason, c.finished_at, fb.name, c.created_at, c.updated_at, ub.name,
    c.version, t.kind, t.state, u.code, t.location, t.reporter, t.phone, t.description, d.code,
    t.wo_no, t.reopen_count
  FROM callbacks c
  JOIN tickets t ON t.id = c.ticket_id
  LEFT JOIN units u ON u.id = t.unit_id
  LEFT JOIN departments d ON d.id = t.department_id
  LEFT JOIN staff fb ON fb.id = c.finished_by
  JOIN staff ub ON ub.id = c.updated_by
 WHERE c.status = 'pending' AND c.due_at <= {} ORDER BY c.due_at, c.id;\n",
        c.epoch(end_of_day(c.now.date()))
    );
    let mut b = if shell {
        Some(c.shell("callbacks_due", &sql)?)
    } else {
        None
    };
    pair(
        c,
        t,
        "callbacks --due --json",
        "≤ 1.5× floor",
        &mut a,
        b.as_mut(),
        &same_ids(|v| v["callbacks"].as_array()),
        "sqlite3 shell, one query",
    )
}

/// Reports and the export: median wall time of a few whole runs.
fn reports(c: &Ctx, t: &mut Table) -> Res<()> {
    let runs = c.runs.clamp(1, 5);
    let last_month = {
        let first = c.now.date().with_day0(0).ok_or("--now?")?;
        first
            .pred_opt()
            .ok_or("--now?")?
            .format("%Y-%m")
            .to_string()
    };
    let export: PathBuf = c.dir.join("export.csv");
    let export_s = export.display().to_string();
    let cases: [(String, Vec<&str>, &str, &str); 3] = [
        (
            format!("report monthly --month {last_month}"),
            vec!["report", "monthly", "--month", &last_month],
            "< 1 s on 1M tickets",
            "text into a pipe",
        ),
        (
            "report daily --date yesterday".into(),
            vec!["report", "daily", "--date", "yesterday"],
            "—",
            "text into a pipe",
        ),
        (
            "export tickets (CSV, to a file)".into(),
            vec!["export", "tickets", "--out", &export_s],
            "—",
            "the default format, every ticket",
        ),
    ];
    for (name, args, target, note) in cases {
        let mut cmd = c.frontdesk(&args);
        let mut walls = Vec::new();
        let mut cpus = Vec::new();
        let mut bytes = 0;
        for _ in 0..runs {
            // The export writes a new file each time.
            let _ = std::fs::remove_file(&export);
            let r = run_once(&mut cmd)?;
            walls.push(r.wall);
            cpus.push(r.cpu);
            bytes = r.out.len();
        }
        if let Ok(m) = std::fs::metadata(&export) {
            if args[0] == "export" {
                bytes = m.len() as usize;
            }
        }
        t.add_vs(
            &format!("{name}, whole process"),
            pct(&walls, 0.5),
            "ms",
            target,
            None,
            &format!(
                "{note}; {bytes} B; CPU {:.0} ms; median of {runs}",
                pct(&cpus, 0.5).unwrap_or(f64::NAN)
            ),
        );
    }
    let _ = std::fs::remove_file(&export);
    Ok(())
}

/// The statements `frontdesk lookup U --json` runs, for the sqlite3 shell:
/// the unit, its households and their members, its keys with the loans out,
/// its tickets (newest first, at most 200) and the registers' probe for open
/// items (`store::registers::overview`, one statement of five lookups).
fn lookup_sql(unit: &str) -> Option<String> {
    let mut p = unit.split('-');
    let (b, e, r) = (p.next()?, p.next()?, p.next()?);
    let u =
        format!("(SELECT id FROM units WHERE building = {b} AND entrance = {e} AND room = {r})");
    Some(format!(
        "SELECT id, building, entrance, room, floor, code FROM units WHERE building = {b} AND entrance = {e} AND room = {r};
SELECT id, kind, name, move_in, move_out, payment_status, notes, version FROM households
 WHERE unit_id = {u}
 ORDER BY move_out IS NOT NULL, kind = 'tenant' DESC, id;
SELECT m.id AS member_id, m.household_id, m.name, m.relation, m.phone, m.id_number, m.is_primary FROM household_members m
 JOIN households h ON h.id = m.household_id
 WHERE h.unit_id = {u} AND m.until IS NULL ORDER BY m.id;
SELECT k.id, k.kind, k.hook, k.copies, k.status, l.borrower_name, l.due_at,
 (SELECT count(*) FROM key_loans o WHERE o.key_id = k.id AND o.returned_at IS NULL) AS out
 FROM keys k LEFT JOIN key_loans l ON l.id = (SELECT o.id FROM key_loans o WHERE o.key_id = k.id AND o.returned_at IS NULL ORDER BY o.due_at, o.id LIMIT 1)
 WHERE k.unit_id = {u} ORDER BY k.status <> 'held', k.id;
SELECT t.id, t.kind, t.state, u.code, t.location, t.reporter, t.phone, t.category, t.description, d.code AS dept, tech.name AS tech,
 t.wo_no, t.urgency, t.escalated_to IS NOT NULL AS escalated, t.reopen_count, t.created_at, t.updated_at, t.version, u.building
 FROM tickets t LEFT JOIN units u ON u.id = t.unit_id LEFT JOIN departments d ON d.id = t.department_id
 LEFT JOIN staff tech ON tech.id = t.technician_id
 WHERE t.unit_id = {u}
 ORDER BY t.created_at DESC, t.id DESC LIMIT 200;
SELECT
 EXISTS (SELECT 1 FROM visitors WHERE unit_id = {u} AND state = 'inside') AS visitors,
 EXISTS (SELECT 1 FROM parcels WHERE unit_id = {u} AND state IN ('waiting','notified')) AS parcels,
 EXISTS (SELECT 1 FROM goods_passes WHERE unit_id = {u} AND state = 'issued') AS passes,
 EXISTS (SELECT 1 FROM renovations WHERE unit_id = {u} AND state NOT IN ('rejected','closed')) AS renovations,
 EXISTS (SELECT 1 FROM moves WHERE unit_id = {u} AND state = 'open') AS moves;
"
    ))
}
