//! The generator and the benchmark stay in working order: a small site is
//! generated, `frontdesk check` accepts it, lookup and the board work on it,
//! and the benchmark runs through in its quick mode. Nothing here is timed.

mod common;

use common::pty::BIN;
use frontdesk::domain::time::DEFAULT_ZONE;
use frontdesk::store::tickets::Filter;
use frontdesk::store::Store;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// target/<profile>/ of this test binary.
fn profile_dir() -> PathBuf {
    let me = std::env::current_exe().expect("test binary");
    me.parent()
        .and_then(|deps| deps.parent())
        .expect("target dir")
        .to_path_buf()
}

/// Run to completion within `limit`: (exit code, stdout, stderr).
fn run(cmd: &mut Command, limit: Duration) -> (i32, String, String) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let started = Instant::now();
    loop {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().expect("output");
            panic!(
                "{cmd:?} did not finish within {limit:?}:\n{}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().expect("output");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The example programs, built by cargo first when this test runs alone.
fn examples() -> (PathBuf, PathBuf) {
    let dir = profile_dir().join("examples");
    let (gen, bench, floor) = (dir.join("gen"), dir.join("bench"), dir.join("floor_app"));
    if !(gen.is_file() && bench.is_file() && floor.is_file()) {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let release = profile_dir().file_name().is_some_and(|n| n == "release");
        let mut cmd = Command::new(cargo);
        cmd.args([
            "build",
            "--example",
            "gen",
            "--example",
            "bench",
            "--example",
            "floor_app",
        ]);
        if release {
            cmd.arg("--release");
        }
        let (code, _, err) = run(&mut cmd, Duration::from_secs(900));
        assert_eq!(code, 0, "building the examples: {err}");
    }
    (gen, bench)
}

fn now_env<'a>(cmd: &'a mut Command, home: &Path) -> &'a mut Command {
    cmd.env("FRONTDESK_NOW", "2026-11-23 10:00")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
}

#[test]
fn a_generated_site_passes_check_and_the_benchmark_runs() {
    let (gen, bench) = examples();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("site.db");
    let dbs = db.to_str().expect("path");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).expect("home");

    let (code, out, err) = run(
        Command::new(&gen).args([
            "--db",
            dbs,
            "--units",
            "2000",
            "--tickets",
            "2000",
            "--open",
            "200",
            "--years",
            "1",
            "--handover-days",
            "1",
            "--seed",
            "7",
            "--quiet",
        ]),
        Duration::from_secs(600),
    );
    assert_eq!(code, 0, "gen: {out}\n{err}");
    assert!(out.contains("2000 tickets (200 open)"), "{out}");

    // Deterministic: the same seed gives the same rows.
    let store = Store::open(&db, DEFAULT_ZONE).expect("open");
    let kinds: Vec<(String, i64)> = {
        let mut st = store
            .conn()
            .prepare("SELECT kind, count(*) FROM tickets GROUP BY kind ORDER BY kind")
            .expect("prepare");
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("query");
        rows.collect::<rusqlite::Result<_>>().expect("rows")
    };
    assert_eq!(kinds.len(), 5, "every kind: {kinds:?}");
    for table in [
        "ticket_events",
        "ticket_deadlines",
        "callbacks",
        "callback_attempts",
        "key_loans",
        "duty_log",
        "handovers",
        "emergency_records",
        "households",
    ] {
        let n: i64 = store
            .conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .expect("count");
        assert!(n > 0, "{table} has rows");
    }
    let sealed: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM handovers WHERE acknowledged_at IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .expect("sealed");
    assert!(sealed > 0);

    // The board's rows and a lookup.
    let open = store
        .list_tickets(&Filter {
            open_only: true,
            ..Default::default()
        })
        .expect("board");
    assert_eq!(open.len(), 200);
    let unit = open
        .iter()
        .find_map(|t| t.unit.clone())
        .expect("an open ticket of a unit");
    drop(store);
    let (code, out, err) = run(
        now_env(
            Command::new(BIN).args(["--db", dbs, "lookup", &unit, "--json"]),
            &home,
        ),
        Duration::from_secs(60),
    );
    assert_eq!(code, 0, "lookup: {err}");
    assert!(out.contains(&unit), "{out}");

    // frontdesk check: chains, trails, work orders, approvals, seals.
    let (code, out, err) = run(
        now_env(Command::new(BIN).args(["--db", dbs, "check"]), &home),
        Duration::from_secs(300),
    );
    assert_eq!(code, 0, "check: {out}\n{err}");

    // The benchmark, quick: every figure named, through the real PTY.
    let (code, out, err) = run(
        Command::new(&bench).args(["--db", dbs, "--quick", "--json"]),
        Duration::from_secs(600),
    );
    assert_eq!(code, 0, "bench: {out}\n{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("bench --json");
    let names: Vec<&str> = v["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .filter_map(|f| f["name"].as_str())
        .collect();
    for want in [
        "DB bytes per ticket",
        "lookup",
        "first frame",
        "board key p99",
        "bytes per key",
        "peak RSS",
        "screen switch",
        "commits 2/s",
        "ticket list --overdue",
        "callbacks --due",
        "report monthly",
        "report daily",
        "export tickets",
    ] {
        assert!(
            names.iter().any(|n| n.contains(want)),
            "{want} in {names:?}"
        );
    }
    // A floor whose rows are not frontdesk's is not a floor: bench says so
    // in the note (and only where a sqlite3 shell ran).
    for f in v["figures"].as_array().expect("figures") {
        let note = f["note"].as_str().unwrap_or_default();
        assert!(!note.contains("answer differs"), "{f}");
    }
}
