//! One site, one clock: operators' sessions with different `TZ` settings
//! (one SSH login in UTC, one in Asia/Shanghai) record the same instant and
//! are shown the same times, in the site's zone from the config.

mod common;

use chrono::{NaiveDateTime, Utc};
use common::{site_db, ZONE};
use frontdesk::clock::Clock;
use frontdesk::domain::time;
use frontdesk::domain::{Channel, Kind};
use frontdesk::store::tickets::NewTicket;
use frontdesk::store::Store;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const CHILD_DB: &str = "FRONTDESK_TEST_CHILD_DB";

/// Run in a child process by `different_tz_processes_record_the_same_instant`
/// (a no-op otherwise): register a ticket at the system clock's "now", with
/// the process's own idea of local time in the description.
#[test]
fn child_registers_a_ticket_now() {
    let Ok(db) = std::env::var(CHILD_DB) else {
        return;
    };
    let mut store = Store::open(Path::new(&db), ZONE).expect("open");
    let me = frontdesk::store::Actor::assume(store.staff_by_name("张敏").expect("operator"));
    let clock = Clock::System(ZONE);
    let new = NewTicket {
        kind: Some(Kind::Repair),
        location: "3栋大堂".into(),
        channel: Some(Channel::Patrol),
        description: time::format(chrono::Local::now().naive_local()),
        ..Default::default()
    };
    store.create_ticket(&new, &me, clock.now()).expect("create");
}

fn tz_database_present() -> bool {
    Path::new("/usr/share/zoneinfo/Asia/Shanghai").exists()
}

#[test]
fn different_tz_processes_record_the_same_instant() {
    let db = site_db();
    for tz in ["UTC", "Asia/Shanghai"] {
        let out = Command::new(std::env::current_exe().expect("test binary"))
            .args([
                "--exact",
                "child_registers_a_ticket_now",
                "--test-threads=1",
            ])
            .env("TZ", tz)
            .env(CHILD_DB, db.path())
            .output()
            .expect("run child");
        assert!(
            out.status.success(),
            "child in TZ={tz}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    let now = Utc::now().timestamp();
    let c = db.store.conn();
    let mut st = c
        .prepare("SELECT id, created_at, description FROM tickets ORDER BY id")
        .unwrap();
    let rows: Vec<(i64, i64, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows.len(), 2);
    let (utc, shanghai) = (&rows[0], &rows[1]);
    // The same instant (seconds apart), and it is now.
    assert!((shanghai.1 - utc.1).abs() < 60, "{rows:?}");
    assert!((now - utc.1).abs() < 120, "{rows:?} vs {now}");
    // Read back as the site's wall time: Shanghai's, whatever TZ wrote it.
    let site_now = ZONE.local(Utc::now());
    for (id, _, _) in &rows {
        let t = db.store.ticket(*id).unwrap();
        assert!((site_now - t.created_at).num_seconds().abs() < 120);
    }
    // The two processes really had different local clocks.
    if tz_database_present() {
        let local = |s: &str| NaiveDateTime::parse_from_str(s, time::FORMAT).unwrap();
        let apart = (local(&shanghai.2) - local(&utc.2)).num_minutes();
        assert!(
            (479..=481).contains(&apart),
            "local clocks {apart} min apart"
        );
    }
}

struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn db(&self) -> PathBuf {
        self.dir.path().join("t.db")
    }

    /// `frontdesk` with a session `TZ`; `now` sets FRONTDESK_NOW (site-local).
    fn run(&self, tz: &str, now: Option<&str>, args: &[&str]) -> Output {
        let mut c = Command::new(env!("CARGO_BIN_EXE_frontdesk"));
        c.env("TZ", tz)
            .env_remove("FRONTDESK_NOW")
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("FRONTDESK_DB")
            .env_remove("FRONTDESK_CONFIG")
            .arg("--db")
            .arg(self.db())
            .arg("--operator")
            .arg("张敏")
            .args(args);
        if let Some(now) = now {
            c.env("FRONTDESK_NOW", now);
        }
        // 张敏's PIN, for the writes.
        c.stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = c.spawn().expect("run frontdesk");
        if let Some(mut stdin) = child.stdin.take() {
            use std::io::Write;
            let _ = stdin.write_all(b"1234\n");
        }
        child.wait_with_output().expect("run frontdesk")
    }

    fn ok(&self, tz: &str, now: Option<&str>, args: &[&str]) -> String {
        let out = self.run(tz, now, args);
        assert!(
            out.status.success(),
            "{args:?} in TZ={tz}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    }

    fn json(&self, tz: &str, now: Option<&str>, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(tz, now, args)).expect("json")
    }
}

fn site() -> Site {
    let site = Site {
        dir: tempfile::tempdir().expect("tempdir"),
    };
    site.ok("UTC", Some("2026-11-23 10:00"), &["init", "--demo"]);
    site
}

#[test]
fn ticket_times_are_the_sites_whatever_tz_the_session_has() {
    let s = site();
    // Registered from a session in UTC, on the system clock.
    let t = s.json(
        "UTC",
        None,
        &[
            "ticket",
            "new",
            "--unit",
            "3-2-1201",
            "--text",
            "阳台灯不亮",
            "--reporter",
            "王建国",
            "--category",
            "水电",
            "--json",
        ],
    );
    let id = t["id"].as_i64().expect("id").to_string();
    // ISO 8601 with the site's offset: the wall time read in it.
    let created = chrono::DateTime::parse_from_rfc3339(t["created_at"].as_str().unwrap())
        .expect("ISO 8601 with an offset")
        .naive_local();
    let site_now = ZONE.local(Utc::now());
    assert!(
        (site_now - created).num_seconds().abs() < 120,
        "{created} is not Shanghai's now ({site_now})"
    );
    // `ticket show --json` is the same from any session.
    let shown: Vec<String> = ["UTC", "Asia/Shanghai", "America/New_York"]
        .iter()
        .map(|tz| s.ok(tz, None, &["ticket", "show", &id, "--json"]))
        .collect();
    assert_eq!(shown[0], shown[1]);
    assert_eq!(shown[0], shown[2]);
    // A demo ticket made at FRONTDESK_NOW (site-local 2026-11-23 10:00 or
    // before) reads the same too, text output included.
    let a = s.ok("UTC", None, &["ticket", "show", "1"]);
    let b = s.ok("Asia/Shanghai", None, &["ticket", "show", "1"]);
    assert_eq!(a, b);
    let v: serde_json::Value = serde_json::from_str(&shown[0]).unwrap();
    assert_eq!(v["ticket"]["created_at"], t["created_at"]);
    assert_eq!(v["events"][0]["at"], t["created_at"]);
    assert_eq!(v["ticket"]["category"], "plumbing_electric");

    // FRONTDESK_NOW is site-local, not the session's local time.
    let t = s.json(
        "America/New_York",
        Some("2026-11-23 11:30"),
        &[
            "ticket",
            "new",
            "--location",
            "3栋大堂",
            "--channel",
            "patrol",
            "--text",
            "大堂灯不亮",
            "--json",
        ],
    );
    assert_eq!(t["created_at"], "2026-11-23T11:30:00+08:00");

    // The zone is the config's: a site in Berlin sees the same instant as
    // its own wall time (7 hours behind Shanghai in November).
    let config = s.dir.path().join("berlin.toml");
    std::fs::write(&config, "[site]\ntimezone = \"Europe/Berlin\"\n").unwrap();
    let id = t["id"].as_i64().unwrap().to_string();
    let berlin = s.json(
        "Asia/Shanghai",
        None,
        &[
            "--config",
            config.to_str().unwrap(),
            "ticket",
            "show",
            &id,
            "--json",
        ],
    );
    // The same instant, as Berlin's wall time with its offset.
    assert_eq!(berlin["ticket"]["created_at"], "2026-11-23T04:30:00+01:00");
    // A config naming no real zone is refused before anything is opened.
    std::fs::write(&config, "[site]\ntimezone = \"Asia/Beijing\"\n").unwrap();
    let out = s.run(
        "UTC",
        None,
        &["--config", config.to_str().unwrap(), "ticket", "show", &id],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Asia/Beijing"));
}

#[test]
fn category_by_code_or_label_in_either_language() {
    let s = site();
    let now = Some("2026-11-23 10:00");
    for cat in [
        "plumbing_electric",
        "水电",
        "Plumbing/electric",
        "plumbing/ELECTRIC",
    ] {
        let t = s.json(
            "UTC",
            now,
            &[
                "ticket",
                "new",
                "--unit",
                "3-2-1201",
                "--reporter",
                "王建国",
                "--text",
                "水龙头漏水",
                "--category",
                cat,
                "--json",
            ],
        );
        assert_eq!(t["category"], "plumbing_electric", "{cat}");
    }
    // The kind's list decides: "Fees" of an enquiry is the property fee.
    let t = s.json(
        "UTC",
        now,
        &[
            "ticket",
            "new",
            "--kind",
            "enquiry",
            "--unit",
            "3-2-1201",
            "--reporter",
            "王建国",
            "--text",
            "物业费怎么交",
            "--category",
            "Fees",
            "--json",
        ],
    );
    assert_eq!(t["category"], "property_fee");
    // Not a category of repairs: refused (bad input), with the list.
    let out = s.run(
        "UTC",
        now,
        &[
            "--lang",
            "zh",
            "ticket",
            "new",
            "--unit",
            "3-2-1201",
            "--reporter",
            "王建国",
            "--text",
            "x",
            "--category",
            "噪音扰民",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("噪音扰民") && err.contains("plumbing_electric (水电)"),
        "{err}"
    );
    let shown = s.ok("UTC", now, &["--lang", "en", "ticket", "show", "1"]);
    assert!(shown.contains("Category: "), "{shown}");
}
