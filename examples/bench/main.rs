//! The figures of issue 15 on one database, each beside its target and its
//! ratio to a floor measured in the same run:
//!
//! - lookup as a whole process (`frontdesk lookup U --json`) vs the `sqlite3`
//!   shell running the same statements on the same file;
//! - the interface through a real pseudo-terminal (portable-pty), 80x24:
//!   first frame, board first frame, key p50/p99 on the board and in lookup,
//!   bytes per key, screen switches, idle CPU and peak RSS — against a bare
//!   ratatui list app (`examples/floor_app.rs`) through the same probe;
//! - board keys while another connection commits twice a second;
//! - database bytes per ticket (and per table, from `dbstat`).
//!
//! ```sh
//! cargo build --release --bin frontdesk --example floor_app
//! cargo run --release --example bench -- --db /tmp/site.db [--json] [--quick]
//! ```
//!
//! The database is copied to a temporary directory first (the run signs in
//! and writes); `--in-place` uses it as it is. Every wait has a timeout and
//! a figure that cannot be measured says why instead of stopping the run.

use frontdesk::domain::time::DEFAULT_ZONE;
use frontdesk::domain::{Channel, Kind};
use frontdesk::store::tickets::NewTicket;
use frontdesk::store::{Actor, Store};
use portable_pty::{native_pty_system, Child, CommandBuilder, PtySize};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

type Res<T> = std::result::Result<T, Box<dyn std::error::Error>>;

const NOW: &str = "2026-11-23 10:00";
/// A burst of output counts as finished after this long without a byte.
const QUIET: Duration = Duration::from_millis(40);
/// The longest a single answer may take before the figure says "timeout".
const PATIENCE: Duration = Duration::from_secs(20);

struct Args {
    db: PathBuf,
    json: bool,
    quick: bool,
    in_place: bool,
    bin: Option<PathBuf>,
    floor_bin: Option<PathBuf>,
    now: String,
}

fn parse_args() -> Res<Args> {
    let mut a = Args {
        db: PathBuf::new(),
        json: false,
        quick: false,
        in_place: false,
        bin: None,
        floor_bin: None,
        now: NOW.into(),
    };
    let usage = "usage: bench --db PATH [--json] [--quick] [--in-place] [--bin FRONTDESK] \
                 [--floor-bin FLOOR_APP] [--now 'YYYY-MM-DD HH:MM']";
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let mut val = || {
            it.next()
                .ok_or_else(|| format!("{k} needs a value\n{usage}"))
        };
        match k.as_str() {
            "--db" => a.db = PathBuf::from(val()?),
            "--json" => a.json = true,
            "--quick" => a.quick = true,
            "--in-place" => a.in_place = true,
            "--bin" => a.bin = Some(PathBuf::from(val()?)),
            "--floor-bin" => a.floor_bin = Some(PathBuf::from(val()?)),
            "--now" => a.now = val()?,
            "-h" | "--help" => {
                println!("{usage}");
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other}\n{usage}").into()),
        }
    }
    if a.db.as_os_str().is_empty() {
        return Err(usage.into());
    }
    if !a.db.is_file() {
        return Err(format!("{}: no such database", a.db.display()).into());
    }
    Ok(a)
}

/// One line of the table.
#[derive(serde::Serialize)]
struct Figure {
    name: String,
    value: Option<f64>,
    unit: &'static str,
    target: String,
    floor: Option<f64>,
    ratio: Option<f64>,
    note: String,
}

#[derive(Default)]
struct Table(Vec<Figure>);

impl Table {
    fn add(&mut self, name: &str, value: Option<f64>, unit: &'static str, target: &str) {
        self.add_vs(name, value, unit, target, None, "");
    }
    fn add_vs(
        &mut self,
        name: &str,
        value: Option<f64>,
        unit: &'static str,
        target: &str,
        floor: Option<f64>,
        note: &str,
    ) {
        let ratio = match (value, floor) {
            (Some(v), Some(f)) if f > 0.0 => Some(v / f),
            _ => None,
        };
        self.0.push(Figure {
            name: name.into(),
            value,
            unit,
            target: target.into(),
            floor,
            ratio,
            note: note.into(),
        });
    }
    fn print(&self) {
        let num = |v: Option<f64>| match v {
            Some(v) if v >= 100.0 => format!("{v:.0}"),
            Some(v) => format!("{v:.1}"),
            None => "—".into(),
        };
        println!(
            "| {:<40} | {:>10} | {:<5} | {:<22} | {:>10} | {:>6} | note",
            "figure", "value", "unit", "target", "floor", "ratio"
        );
        println!(
            "|{:-<42}|{:-<12}|{:-<7}|{:-<24}|{:-<12}|{:-<8}|------",
            "", "", "", "", "", ""
        );
        for f in &self.0 {
            let ratio = f.ratio.map(|r| format!("{r:.2}×")).unwrap_or("—".into());
            println!(
                "| {:<40} | {:>10} | {:<5} | {:<22} | {:>10} | {:>6} | {}",
                f.name,
                num(f.value),
                f.unit,
                f.target,
                num(f.floor),
                ratio,
                f.note
            );
        }
    }
}

fn pct(v: &[f64], q: f64) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    Some(s[((s.len() as f64 - 1.0) * q).round() as usize])
}

fn mean(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

/// Where the programs are: beside this example (target/<profile>/), built
/// first with cargo when missing and cargo is at hand.
fn locate(given: Option<PathBuf>, name: &str, example: bool) -> Res<PathBuf> {
    if let Some(p) = given {
        return if p.is_file() {
            Ok(p)
        } else {
            Err(format!("{}: not found", p.display()).into())
        };
    }
    let me = std::env::current_exe()?;
    let profile_dir = me
        .parent()
        .and_then(|p| p.parent())
        .ok_or("where is target/?")?
        .to_path_buf();
    let path = if example {
        profile_dir.join("examples").join(name)
    } else {
        profile_dir.join(name)
    };
    if path.is_file() {
        return Ok(path);
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let release = profile_dir.file_name().is_some_and(|n| n == "release");
    let mut cmd = Command::new(cargo);
    cmd.arg("build");
    if release {
        cmd.arg("--release");
    }
    if example {
        cmd.args(["--example", name]);
    } else {
        cmd.args(["--bin", name]);
    }
    let status = cmd.status()?;
    if !status.success() || !path.is_file() {
        return Err(format!(
            "{} is missing and could not be built (cargo build{} {} {name})",
            path.display(),
            if release { " --release" } else { "" },
            if example { "--example" } else { "--bin" }
        )
        .into());
    }
    Ok(path)
}

/// A program in a pseudo-terminal: what it wrote and when.
struct Term {
    chunks: Arc<Mutex<Vec<(Instant, usize)>>>,
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    started: Instant,
}

impl Term {
    fn spawn(program: &Path, args: &[&str], env: &[(&str, String)], cwd: &Path) -> Res<Term> {
        let pair = native_pty_system().openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })?;
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.cwd(cwd);
        cmd.env("TERM", "xterm-256color");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let started = Instant::now();
        let child = pair.slave.spawn_command(cmd)?;
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader()?;
        let writer = pair.master.take_writer()?;
        let chunks = Arc::new(Mutex::new(Vec::new()));
        let parser = Arc::new(Mutex::new(vt100::Parser::new(24, 80, 0)));
        let (c, p) = (Arc::clone(&chunks), Arc::clone(&parser));
        let master = pair.master;
        std::thread::spawn(move || {
            let _keep = master;
            let mut buf = [0u8; 16384];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let now = Instant::now();
                        if let Ok(mut p) = p.lock() {
                            p.process(&buf[..n]);
                        }
                        if let Ok(mut c) = c.lock() {
                            c.push((now, n));
                        }
                    }
                }
            }
        });
        Ok(Term {
            chunks,
            parser,
            writer,
            child,
            started,
        })
    }

    fn screen(&self) -> String {
        self.parser
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// Wait for output after `since` and then for quiet: the time of its
    /// last byte and the bytes written, or None when nothing came.
    fn burst(&self, since: Instant, wait_first: Duration) -> Option<(Instant, usize)> {
        let deadline = since + PATIENCE;
        let first_deadline = since + wait_first;
        loop {
            std::thread::sleep(Duration::from_millis(2));
            let now = Instant::now();
            let (last, bytes) = {
                let c = self.chunks.lock().ok()?;
                let after: Vec<&(Instant, usize)> = c.iter().filter(|(t, _)| *t >= since).collect();
                (
                    after.last().map(|(t, _)| *t),
                    after.iter().map(|(_, n)| n).sum::<usize>(),
                )
            };
            match last {
                None if now > first_deadline => return None,
                None => continue,
                Some(t) if now.duration_since(t) >= QUIET => return Some((t, bytes)),
                Some(_) if now > deadline => return Some((now, bytes)),
                Some(_) => continue,
            }
        }
    }

    fn send(&mut self, keys: &str) -> Res<Instant> {
        let t = Instant::now();
        self.writer.write_all(keys.as_bytes())?;
        self.writer.flush()?;
        Ok(t)
    }

    /// A key and its answer: (ms until the last byte, bytes), None if the
    /// program drew nothing.
    fn key(&mut self, keys: &str) -> Res<Option<(f64, usize)>> {
        self.key_within(keys, Duration::from_millis(500))
    }

    /// `key` for a key whose answer may take long (a screen that loads).
    fn key_within(&mut self, keys: &str, first: Duration) -> Res<Option<(f64, usize)>> {
        let sent = self.send(keys)?;
        Ok(self
            .burst(sent, first)
            .map(|(t, n)| (t.duration_since(sent).as_secs_f64() * 1e3, n)))
    }

    fn wait_for(&self, needle: &str) -> Res<()> {
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            if self.screen().contains(needle) {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        Err(format!(
            "timed out waiting for {needle:?}; screen:\n{}",
            self.screen()
        )
        .into())
    }

    /// Peak resident memory in MB (VmHWM).
    fn peak_rss_mb(&self) -> Option<f64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid()?)).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb / 1024.0)
    }

    /// CPU time used (user + system), in seconds.
    fn cpu_secs(&self) -> Option<f64> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid()?)).ok()?;
        let after = stat.rsplit_once(')')?.1;
        let f: Vec<&str> = after.split_whitespace().collect();
        let ticks = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
        // SAFETY: sysconf has no preconditions.
        let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
        Some(ticks / hz.max(1.0))
    }

    /// Bytes the program wrote while `d` passes with no input.
    fn idle(&self, d: Duration) -> (Option<f64>, usize) {
        let since = Instant::now();
        let c0 = self.cpu_secs();
        std::thread::sleep(d);
        let c1 = self.cpu_secs();
        let bytes = self
            .chunks
            .lock()
            .map(|c| c.iter().filter(|(t, _)| *t >= since).map(|(_, n)| n).sum())
            .unwrap_or(0);
        let cpu = match (c0, c1) {
            (Some(a), Some(b)) => Some((b - a) / d.as_secs_f64() * 100.0),
            _ => None,
        };
        (cpu, bytes)
    }

    fn quit(mut self, keys: &str) {
        let _ = self.send(keys);
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";
const F: [&str; 6] = [
    "\x1bOQ", "\x1bOR", "\x1bOS", "\x1b[15~", "\x1b[17~", "\x1b[18~",
];

/// Key latencies (ms) and bytes of `n` presses alternating down and up in
/// runs of 10 (the selection moves every time).
fn arrows(t: &mut Term, n: usize) -> Res<(Vec<f64>, Vec<f64>)> {
    let (mut lat, mut bytes) = (Vec::new(), Vec::new());
    for i in 0..n {
        let k = if (i / 10) % 2 == 0 { DOWN } else { UP };
        if let Some((ms, b)) = t.key(k)? {
            lat.push(ms);
            bytes.push(b as f64);
        }
        std::thread::sleep(Duration::from_millis(15));
    }
    Ok((lat, bytes))
}

struct Site {
    tickets: i64,
    open: i64,
    unit: String,
}

fn site(db: &Path) -> Res<Site> {
    let c = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let tickets: i64 = c.query_row("SELECT count(*) FROM tickets", [], |r| r.get(0))?;
    let open: i64 = c.query_row(
        "SELECT count(*) FROM tickets WHERE closed_at IS NULL",
        [],
        |r| r.get(0),
    )?;
    // A unit with a history: the unit of a ticket in the middle.
    let unit: String = c
        .query_row(
            "SELECT u.code FROM tickets t JOIN units u ON u.id = t.unit_id
             WHERE t.id >= (SELECT max(id) / 2 FROM tickets) AND t.unit_id IS NOT NULL
             ORDER BY t.id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .or_else(|_| {
            c.query_row("SELECT code FROM units ORDER BY id LIMIT 1", [], |r| {
                r.get(0)
            })
        })?;
    Ok(Site {
        tickets,
        open,
        unit,
    })
}

/// What the database takes per ticket: the file, and per table from dbstat.
fn size(db: &Path, tickets: i64, t: &mut Table, details: &mut Vec<String>) -> Res<()> {
    let c = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let page: i64 = c.query_row("PRAGMA page_size", [], |r| r.get(0))?;
    let pages: i64 = c.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    let free: i64 = c.query_row("PRAGMA freelist_count", [], |r| r.get(0))?;
    let bytes = (page * (pages - free)) as f64;
    let per = bytes / tickets.max(1) as f64;
    t.add("DB bytes per ticket (all tables)", Some(per), "B", "< 1024");
    // What the tickets themselves take: their tables and indexes, and the
    // record links of their audit rows, calls and sampling decisions.
    let ticket_bytes = (|| -> rusqlite::Result<f64> {
        let own: i64 = c.query_row(
            "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN (
                SELECT name FROM sqlite_master WHERE tbl_name IN ('tickets', 'ticket_events',
                  'ticket_deadlines', 'ticket_holds', 'callbacks', 'callback_attempts',
                  'callback_samples', 'emergency_notifications', 'emergency_records', 'wo_counters'))",
            [],
            |r| r.get(0),
        )?;
        let links: i64 = c.query_row(
            "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name = 'chain_links'",
            [],
            |r| r.get(0),
        )?;
        let (mine, all): (i64, i64) = c.query_row(
            "SELECT count(*) FILTER (WHERE chain IN (1, 2, 7, 8)), count(*) FROM chain_links",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(own as f64 + links as f64 * mine as f64 / all.max(1) as f64)
    })();
    match ticket_bytes {
        Ok(b) => t.add(
            "DB bytes per ticket (ticket data + links)",
            Some(b / tickets.max(1) as f64),
            "B",
            "< 1024",
        ),
        Err(e) => details.push(format!("ticket data: dbstat unavailable ({e})")),
    }
    let stat = (|| -> rusqlite::Result<Vec<(String, i64)>> {
        let mut st = c.prepare(
            "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY sum(pgsize) DESC LIMIT 14",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect()
    })();
    match stat {
        Ok(rows) => {
            for (name, b) in rows {
                details.push(format!(
                    "{name:<34} {:>8.1} B/ticket",
                    b as f64 / tickets.max(1) as f64
                ));
            }
        }
        Err(e) => details.push(format!("per table: dbstat unavailable ({e})")),
    }
    Ok(())
}

/// The statements `frontdesk lookup U --json` runs, for the sqlite3 shell.
fn lookup_sql(unit: &str) -> Option<String> {
    let mut p = unit.split('-');
    let (b, e, r) = (p.next()?, p.next()?, p.next()?);
    Some(format!(
        "SELECT id, building, entrance, room, floor, code FROM units WHERE building = {b} AND entrance = {e} AND room = {r};
SELECT id, kind, name, move_in, move_out, payment_status, notes, version FROM households
 WHERE unit_id = (SELECT id FROM units WHERE building = {b} AND entrance = {e} AND room = {r})
 ORDER BY move_out IS NOT NULL, kind = 'tenant' DESC, id;
SELECT m.id, m.household_id, m.name, m.relation, m.phone, m.id_number, m.is_primary FROM household_members m
 JOIN households h ON h.id = m.household_id
 WHERE h.unit_id = (SELECT id FROM units WHERE building = {b} AND entrance = {e} AND room = {r}) AND m.until IS NULL ORDER BY m.id;
SELECT k.id, k.kind, k.hook, k.copies, k.status, l.borrower_name, l.due_at,
 (SELECT count(*) FROM key_loans o WHERE o.key_id = k.id AND o.returned_at IS NULL)
 FROM keys k LEFT JOIN key_loans l ON l.id = (SELECT o.id FROM key_loans o WHERE o.key_id = k.id AND o.returned_at IS NULL ORDER BY o.due_at, o.id LIMIT 1)
 WHERE k.unit_id = (SELECT id FROM units WHERE building = {b} AND entrance = {e} AND room = {r}) ORDER BY k.status <> 'held', k.id;
SELECT t.id, t.kind, t.state, u.code, t.location, t.reporter, t.phone, t.category, t.description, d.code, tech.name,
 t.wo_no, t.urgency, t.escalated_to IS NOT NULL, t.reopen_count, t.created_at, t.updated_at, t.version, u.building
 FROM tickets t LEFT JOIN units u ON u.id = t.unit_id LEFT JOIN departments d ON d.id = t.department_id
 LEFT JOIN staff tech ON tech.id = t.technician_id
 WHERE t.unit_id = (SELECT id FROM units WHERE building = {b} AND entrance = {e} AND room = {r})
 ORDER BY t.created_at DESC, t.id DESC LIMIT 200;
"
    ))
}

fn main() {
    if let Err(e) = run() {
        eprintln!("bench: {e}");
        std::process::exit(1);
    }
}

fn run() -> Res<()> {
    let a = parse_args()?;
    let bin = locate(a.bin.clone(), "frontdesk", false)?;
    let floor_bin = locate(a.floor_bin.clone(), "floor_app", true)?;
    let dir = tempfile::tempdir()?;
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home)?;
    let db = if a.in_place {
        a.db.clone()
    } else {
        let copy = dir.path().join("bench.db");
        // A consistent copy even if the file is in use (the backup API).
        let src = rusqlite::Connection::open_with_flags(
            &a.db,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )?;
        src.backup(
            rusqlite::MAIN_DB,
            &copy,
            None::<fn(rusqlite::backup::Progress)>,
        )?;
        copy
    };
    let s = site(&db)?;
    let mut t = Table::default();
    let mut details = Vec::new();
    // Breakdowns printed under the table.
    let mut notes: Vec<String> = Vec::new();
    let env: Vec<(&str, String)> = vec![
        ("FRONTDESK_NOW", a.now.clone()),
        ("HOME", home.display().to_string()),
        ("XDG_CONFIG_HOME", home.join("config").display().to_string()),
        ("XDG_DATA_HOME", home.join("data").display().to_string()),
    ];
    let dbs = db.display().to_string();
    let runs = if a.quick { 3 } else { 20 };
    let keys_n = if a.quick { 20 } else { 200 };

    size(&db, s.tickets, &mut t, &mut details)?;

    // --- lookup, whole process, vs the sqlite3 shell on the same file ---
    // Run in turn (A B A B …) after one warm-up of each, so a machine
    // whose speed drifts (other builds on these 2 cores) moves both alike.
    let lookup_once = || -> Res<f64> {
        let t = Instant::now();
        let out = Command::new(&bin)
            .args(["--db", &dbs, "lookup", &s.unit, "--json"])
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .output()?;
        let ms = t.elapsed().as_secs_f64() * 1e3;
        if !out.status.success() {
            return Err(format!(
                "frontdesk lookup {} failed: {}",
                s.unit,
                String::from_utf8_lossy(&out.stderr)
            )
            .into());
        }
        Ok(ms)
    };
    let sqlite3 = Command::new("sqlite3").arg("-version").output().is_ok();
    let floor_sql = match (sqlite3, lookup_sql(&s.unit)) {
        (true, Some(sql)) => {
            let file = dir.path().join("lookup.sql");
            std::fs::write(&file, sql)?;
            Some(file)
        }
        _ => None,
    };
    let floor_once = |file: &Path| -> Res<Option<f64>> {
        let t = Instant::now();
        let out = Command::new("sqlite3")
            .args([
                "-readonly",
                "-json",
                &dbs,
                &format!(".read {}", file.display()),
            ])
            .output()?;
        let ms = t.elapsed().as_secs_f64() * 1e3;
        Ok(out.status.success().then_some(ms))
    };
    let (mut la, mut fa) = (Vec::new(), Vec::new());
    for i in 0..=runs {
        let a = lookup_once()?;
        let b = match &floor_sql {
            Some(f) => floor_once(f)?,
            None => None,
        };
        if i > 0 {
            la.push(a);
            fa.extend(b);
        }
    }
    let lookup = pct(&la, 0.5);
    let floor = if fa.len() == la.len() {
        pct(&fa, 0.5)
    } else {
        None
    };
    let note = if floor.is_none() {
        "floor unavailable (no sqlite3 shell)"
    } else {
        "floor: sqlite3 shell, same statements"
    };
    t.add_vs(
        &format!("lookup {} --json, whole process", s.unit),
        lookup,
        "ms",
        "≤ 1.2× floor",
        floor,
        note,
    );

    // --- the floor app through the PTY ---
    let open_rows = s.open.max(1).to_string();
    let (floor_first, floor_keys, floor_bytes) = {
        let mut f = Term::spawn(&floor_bin, &[&open_rows], &env, &home)?;
        let first = f
            .burst(f.started, PATIENCE)
            .map(|(at, _)| at.duration_since(f.started).as_secs_f64() * 1e3);
        let (lat, bytes) = arrows(&mut f, keys_n)?;
        f.quit("q");
        (first, lat, bytes)
    };

    // --- frontdesk through the PTY ---
    let mut p = Term::spawn(&bin, &["--db", &dbs, "--operator", "张敏"], &env, &home)?;
    let first = p
        .burst(p.started, PATIENCE)
        .map(|(at, _)| at.duration_since(p.started).as_secs_f64() * 1e3);
    t.add_vs(
        "first frame (start → sign-in drawn)",
        first,
        "ms",
        "—",
        floor_first,
        "floor: floor_app first frame",
    );
    p.wait_for("PIN")?;
    p.send("1234\r")?;
    p.burst(Instant::now(), PATIENCE);
    std::thread::sleep(Duration::from_millis(300));
    // The board.
    let board_first = p.key_within(F[1], PATIENCE)?.map(|(ms, _)| ms);
    t.add_vs(
        &format!("board first frame ({} open)", s.open),
        board_first,
        "ms",
        "< 100",
        floor_first,
        "",
    );
    std::thread::sleep(Duration::from_millis(300));
    let (lat, bytes) = arrows(&mut p, keys_n)?;
    t.add_vs(
        "board key p50",
        pct(&lat, 0.5),
        "ms",
        "≤ floor",
        pct(&floor_keys, 0.5),
        "",
    );
    t.add_vs(
        "board key p99",
        pct(&lat, 0.99),
        "ms",
        "< 10",
        pct(&floor_keys, 0.99),
        "",
    );
    t.add_vs(
        "board bytes per key (80x24)",
        mean(&bytes),
        "B",
        "< 1024, ≤ 2× floor",
        mean(&floor_bytes),
        "",
    );
    let (cpu, idle_bytes) = p.idle(Duration::from_secs(if a.quick { 1 } else { 5 }));
    t.add("board idle CPU", cpu, "%", "< 0.5");
    t.add(
        "board bytes while idle (per second)",
        Some(idle_bytes as f64 / if a.quick { 1.0 } else { 5.0 }),
        "B",
        "0 when nothing changed",
    );

    // Board keys while another connection commits twice a second.
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let stop = Arc::clone(&stop);
        let db = db.clone();
        let now = frontdesk::clock::parse(&a.now).ok_or("--now?")?;
        std::thread::spawn(move || -> std::result::Result<u64, String> {
            let mut store = Store::open(&db, DEFAULT_ZONE).map_err(|e| e.to_string())?;
            let op = Actor::assume(store.staff_by_name("李娜").map_err(|e| e.to_string())?);
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let new = NewTicket {
                    kind: Some(Kind::Enquiry),
                    location: "大堂".into(),
                    channel: Some(Channel::Visit),
                    reporter: "访客".into(),
                    description: "咨询快递柜位置".into(),
                    answer: Some("在1栋大堂东侧".into()),
                    ..Default::default()
                };
                store
                    .create_ticket(&new, &op, now)
                    .map_err(|e| e.to_string())?;
                n += 1;
                std::thread::sleep(Duration::from_millis(500));
            }
            Ok(n)
        })
    };
    std::thread::sleep(Duration::from_millis(600));
    let (lat_w, _) = arrows(&mut p, keys_n)?;
    stop.store(true, Ordering::Relaxed);
    let commits = writer
        .join()
        .map_err(|_| "writer thread panicked")?
        .map_err(|e| format!("writer: {e}"))?;
    t.add_vs(
        "board key p99, other process commits 2/s",
        pct(&lat_w, 0.99),
        "ms",
        "< 10",
        pct(&floor_keys, 0.99),
        &format!(
            "{commits} commits during the keys; p50 {:.1} ms",
            pct(&lat_w, 0.5).unwrap_or(f64::NAN)
        ),
    );

    // Screen switches F2…F7 (each key lands on another screen).
    let mut sw = Vec::new();
    // Per screen: the first entry (the screen's first read) apart from
    // the later ones, to find which screen a slow switch is.
    let mut first_entry = [None::<f64>; 6];
    let mut again: [Vec<f64>; 6] = Default::default();
    for i in 0..(if a.quick { 2 } else { 10 }) {
        for (k, key) in F.iter().enumerate() {
            if let Some((ms, _)) = p.key_within(key, PATIENCE)? {
                sw.push(ms);
                if i == 0 {
                    first_entry[k] = Some(ms);
                } else {
                    again[k].push(ms);
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    // The board (F3) was entered before this loop; the others had not been.
    let names = [
        "F2 intake",
        "F3 board",
        "F4 lookup",
        "F5 callbacks",
        "F6 keys",
        "F7 shift",
    ];
    let per_screen: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(k, n)| {
            format!(
                "{n} {:.1}/{:.1}",
                first_entry[k].unwrap_or(f64::NAN),
                pct(&again[k], 0.99).unwrap_or(f64::NAN)
            )
        })
        .collect();
    t.add_vs(
        "screen switch F2…F7 p50",
        pct(&sw, 0.5),
        "ms",
        "—",
        None,
        "",
    );
    t.add_vs(
        "screen switch F2…F7 p99",
        pct(&sw, 0.99),
        "ms",
        "< 20",
        None,
        "",
    );
    notes.push(format!(
        "screen switch, first entry / p99 of the later ones (ms): {}",
        per_screen.join(", ")
    ));

    // Lookup: the unit typed a character at a time.
    p.key_within(F[2], PATIENCE)?;
    std::thread::sleep(Duration::from_millis(200));
    let mut lk = Vec::new();
    let mut lk_bytes = Vec::new();
    for _ in 0..(if a.quick { 1 } else { 5 }) {
        for c in s.unit.chars() {
            if let Some((ms, b)) = p.key(&c.to_string())? {
                lk.push(ms);
                lk_bytes.push(b as f64);
            }
        }
        for _ in s.unit.chars() {
            p.key("\x7f")?;
        }
    }
    t.add_vs(
        "lookup key p50 (typing the unit)",
        pct(&lk, 0.5),
        "ms",
        "≤ floor",
        pct(&floor_keys, 0.5),
        "",
    );
    t.add_vs(
        "lookup key p99",
        pct(&lk, 0.99),
        "ms",
        "< 10",
        pct(&floor_keys, 0.99),
        "",
    );
    t.add("lookup bytes per key", mean(&lk_bytes), "B", "—");
    t.add("peak RSS (VmHWM)", p.peak_rss_mb(), "MB", "< 40");
    p.quit("\x11");

    if a.json {
        let out = serde_json::json!({
            "db": a.db.display().to_string(),
            "tickets": s.tickets,
            "open": s.open,
            "figures": t.0,
            "tables": details,
            "notes": notes,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        println!(
            "database {} — {} tickets, {} open; floors measured in this run\n",
            a.db.display(),
            s.tickets,
            s.open
        );
        t.print();
        println!("\nbytes per ticket by table and index (dbstat):");
        for d in &details {
            println!("  {d}");
        }
        for n in &notes {
            println!("\n{n}");
        }
    }
    Ok(())
}
