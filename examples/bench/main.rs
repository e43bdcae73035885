//! The figures of issue 15 on one database, each beside its target and its
//! ratio to a floor measured in the same run:
//!
//! - the command line as a whole process vs the `sqlite3` shell on the same
//!   file: lookup, `ticket list --overdue`, `callbacks --due`, and the times
//!   of the monthly report, the daily sheet and the export (`cli.rs`);
//! - the interface through a real pseudo-terminal (portable-pty), 80x24:
//!   first frame, board first frame, key p50/p99 on the board and in lookup,
//!   bytes per key, screen switches, idle CPU and peak RSS — against a bare
//!   ratatui list app (`examples/floor_app.rs`) through the same probe;
//! - board keys while another connection commits twice a second;
//! - database bytes per ticket (and per table, from `dbstat`).
//!
//! ```sh
//! cargo build --release --bin frontdesk --example floor_app --example bench
//! cargo run --release --example bench -- --db /tmp/site.db [--json] [--quick]
//! ```
//!
//! The database is copied to a temporary directory first (the run signs in
//! and writes); `--in-place` uses it as it is. So are the two programs, as
//! `install` would put them in place (see `installed`). `--cli` stops after
//! the size and the command-line figures. Every wait has a timeout and a
//! figure that cannot be measured says why instead of stopping the run.

mod cli;
mod site;
mod table;
mod term;

use frontdesk::domain::time::DEFAULT_ZONE;
use frontdesk::domain::{Channel, Kind};
use frontdesk::store::tickets::NewTicket;
use frontdesk::store::{Actor, Store};
use site::{site, size};
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use table::{mean, pct, Table};
use term::{arrows, Term, F, PATIENCE};

type Res<T> = std::result::Result<T, Box<dyn std::error::Error>>;

const NOW: &str = "2026-11-23 10:00";

struct Args {
    db: PathBuf,
    json: bool,
    quick: bool,
    in_place: bool,
    /// Only the size and the command-line figures (no PTY): seconds
    /// instead of minutes, for working on one of them.
    cli_only: bool,
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
        cli_only: false,
        bin: None,
        floor_bin: None,
        now: NOW.into(),
    };
    let usage = "usage: bench --db PATH [--json] [--quick] [--in-place] [--cli] [--bin FRONTDESK] \
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
            "--cli" => a.cli_only = true,
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

/// A copy of the program in `dir`, as a site has it installed, which is
/// what bench runs: written, synced and dropped from the page cache, so the
/// first start reads it from disk as after a reboot. The file the linker
/// just wrote sits in the page cache in small pieces, and a process started
/// from it takes more page faults: `lookup --json` on the 1M site took
/// 8.3 ms from target/release/frontdesk and 6.9 ms from a byte-identical
/// copy in the same alternated run (BENCHMARKS.md). Read from disk again,
/// both took 7.3–7.6 ms; that is the state measured.
fn installed(bin: &std::path::Path, dir: &std::path::Path) -> Res<PathBuf> {
    use std::os::unix::io::AsRawFd;
    let name = bin.file_name().ok_or("program without a name")?;
    let copy = dir.join(name);
    std::fs::copy(bin, &copy)?;
    let f = std::fs::File::open(&copy)?;
    f.sync_all()?;
    // SAFETY: advice on an open descriptor; it changes no memory of ours.
    let r = unsafe { libc::posix_fadvise(f.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED) };
    if r != 0 {
        return Err(format!("{}: posix_fadvise: error {r}", copy.display()).into());
    }
    Ok(copy)
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

fn main() {
    if let Err(e) = run() {
        eprintln!("bench: {e}");
        std::process::exit(1);
    }
}

fn run() -> Res<()> {
    let a = parse_args()?;
    let dir = tempfile::tempdir()?;
    let bin = installed(&locate(a.bin.clone(), "frontdesk", false)?, dir.path())?;
    let floor_bin = installed(&locate(a.floor_bin.clone(), "floor_app", true)?, dir.path())?;
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

    // --- the command line, whole process, vs the sqlite3 shell ---
    let ctx = cli::Ctx {
        bin: &bin,
        db: &dbs,
        env: &env,
        dir: dir.path(),
        runs,
        now: frontdesk::clock::parse(&a.now).ok_or("--now?")?,
    };
    cli::figures(&ctx, &s, &mut t)?;
    if a.cli_only {
        return print(&a, &s, &t, &details, &notes);
    }

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

    print(&a, &s, &t, &details, &notes)
}

/// The table (or JSON) with the breakdowns under it.
fn print(a: &Args, s: &site::Site, t: &Table, details: &[String], notes: &[String]) -> Res<()> {
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
        for d in details {
            println!("  {d}");
        }
        for n in notes {
            println!("\n{n}");
        }
    }
    Ok(())
}
