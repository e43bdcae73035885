//! Who acts on the command line: `--operator NAME` and that person's PIN on
//! stdin (never from an argument), the same lockout as at the desk, staff
//! and departments changed only by a manager, `init` creating the first
//! manager and leaving nothing behind when killed, private or group-shared
//! files.

mod common;

use common::pty::{self, BIN};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const NOW: &str = "2026-11-23 10:00";

struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn demo() -> Site {
        let site = Site {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        let db = site.db();
        pty::init_demo(&db, NOW);
        site
    }
    fn db(&self) -> PathBuf {
        self.dir.path().join("site.db")
    }
    /// `frontdesk --db DB args…` with `stdin`: (exit code, stdout, stderr).
    fn run(&self, now: &str, args: &[&str], stdin: &str) -> (i32, String, String) {
        let db = self.db().to_string_lossy().into_owned();
        let mut all = vec!["--db", db.as_str()];
        all.extend_from_slice(args);
        pty::cli_in(self.dir.path(), &all, now, Some(stdin))
    }
}

fn ticket_id(out: &str) -> String {
    serde_json::from_str::<serde_json::Value>(out).expect("json")["id"]
        .as_i64()
        .expect("id")
        .to_string()
}

#[test]
fn a_supervisor_step_needs_an_authenticated_supervisor() {
    let s = Site::demo();
    let (code, out, err) = s.run(
        NOW,
        &[
            "--operator",
            "张敏",
            "ticket",
            "new",
            "--kind",
            "complaint",
            "--unit",
            "3-2-1201",
            "--text",
            "楼上装修太吵",
            "--reporter",
            "王建国",
            "--json",
        ],
        "1234\n",
    );
    assert_eq!(code, 0, "{err}");
    let id = ticket_id(&out);
    let invalid = [
        "ticket",
        "move",
        id.as_str(),
        "--to",
        "invalid",
        "--note",
        "非物业责任",
    ];
    // An operator, with her own right PIN: refused by the rules (1).
    let mut args = vec!["--operator", "张敏"];
    args.extend(invalid);
    let (code, _, err) = s.run(NOW, &args, "1234\n");
    assert_eq!(code, 1, "{err}");
    // Naming a supervisor is not enough: no PIN (2), a wrong one (1).
    let mut args = vec!["--operator", "陈静"];
    args.extend(invalid);
    let (code, _, err) = s.run(NOW, &args, "");
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = s.run(NOW, &args, "9999\n");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("PIN 不正确"), "{err}");
    assert!(!err.contains("9999"), "the PIN is never echoed: {err}");
    // The supervisor with her PIN on stdin.
    let (code, out, err) = s.run(NOW, &args, "1234\n");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("无效") || out.contains("invalid"), "{out}");
    // No name and no bound Unix account: who is acting is unknown (2).
    let (code, _, err) = s.run(NOW, &invalid, "1234\n");
    assert_eq!(code, 2, "{err}");
    // Reads need no PIN.
    let (code, _, err) = s.run(NOW, &["ticket", "show", &id], "");
    assert_eq!(code, 0, "{err}");
}

#[test]
fn the_lockout_applies_on_the_command_line_and_ends_in_time() {
    let s = Site::demo();
    let write = [
        "--operator",
        "王芳",
        "log",
        "add",
        "--category",
        "note",
        "--text",
        "巡查正常",
    ];
    for left in (1..=4).rev() {
        let (code, _, err) = s.run(NOW, &write, "0000\n");
        assert_eq!(code, 1, "{err}");
        assert!(err.contains(&format!("还可以再试 {left} 次")), "{err}");
    }
    let (code, _, err) = s.run(NOW, &write, "0000\n");
    assert_eq!(code, 1);
    assert!(err.contains("已被锁定 5 分钟"), "{err}");
    // The right PIN while locked: still refused.
    let (code, _, err) = s.run("2026-11-23 10:04", &write, "1234\n");
    assert_eq!(code, 1);
    assert!(err.contains("请 1 分钟后再试"), "{err}");
    // After the lock time.
    let (code, _, err) = s.run("2026-11-23 10:05", &write, "1234\n");
    assert_eq!(code, 0, "{err}");
    // The list shows who is locked.
    for _ in 0..5 {
        s.run("2026-11-23 11:00", &write, "0000\n");
    }
    let (code, out, _) = s.run("2026-11-23 11:01", &["staff", "list", "--json"], "");
    assert_eq!(code, 0);
    let list: serde_json::Value = serde_json::from_str(&out).unwrap();
    let wang = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "王芳")
        .unwrap();
    assert_eq!(wang["locked_until"], "2026-11-23T11:05:00+08:00");
}

/// The PIN is read from stdin (or the terminal), so it never shows in the
/// process's command line or environment while the command waits for it.
#[test]
fn a_pin_never_reaches_the_command_line() {
    let s = Site::demo();
    let db = s.db();
    let mut child = Command::new(BIN)
        .args([
            "--db",
            db.to_str().unwrap(),
            "--operator",
            "张敏",
            "staff",
            "pin",
            "张敏",
        ])
        .env("FRONTDESK_NOW", NOW)
        .env("HOME", s.dir.path())
        .env("XDG_CONFIG_HOME", s.dir.path().join("config"))
        .env("XDG_DATA_HOME", s.dir.path().join("data"))
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("FRONTDESK_DB")
        .env_remove("FRONTDESK_CONFIG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Her PIN: then the command waits for the new one.
    stdin.write_all(b"1234\n").unwrap();
    stdin.flush().unwrap();
    let pid = child.id();
    let proc_file = |f: &str| std::fs::read(format!("/proc/{pid}/{f}")).unwrap_or_default();
    // Wait until it has signed her in (the audit row is written).
    let deadline = Instant::now() + pty::patience();
    loop {
        let store = frontdesk::store::Store::open(&db, common::ZONE).unwrap();
        if !store.signins(Some("张敏")).unwrap().is_empty() {
            break;
        }
        assert!(Instant::now() < deadline, "never signed in");
        std::thread::sleep(Duration::from_millis(50));
    }
    let cmdline = String::from_utf8_lossy(&proc_file("cmdline")).into_owned();
    let environ = String::from_utf8_lossy(&proc_file("environ")).into_owned();
    assert!(cmdline.contains("staff"), "{cmdline}");
    for secret in ["1234", "8642"] {
        assert!(!cmdline.contains(secret), "{cmdline}");
        assert!(!environ.contains(secret), "{environ}");
    }
    stdin.write_all(b"8642\n").unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(!text.contains("8642") && !text.contains("1234"), "{text}");
    let store = frontdesk::store::Store::open(&db, common::ZONE).unwrap();
    assert!(store
        .authenticate(
            "张敏",
            "8642",
            frontdesk::domain::auth::Via::Cli,
            None,
            common::now()
        )
        .is_ok());
}

#[test]
fn staff_and_departments_from_the_command_line() {
    let s = Site::demo();
    // An operator may not add anyone (1).
    let (code, _, err) = s.run(
        NOW,
        &[
            "--operator",
            "张敏",
            "staff",
            "add",
            "孙悦",
            "--role",
            "operator",
        ],
        "1234\n5678\n",
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("只有经理"), "{err}");
    // The manager: her PIN, then the newcomer's (one line on stdin).
    let (code, out, err) = s.run(
        NOW,
        &[
            "--operator",
            "刘强",
            "staff",
            "add",
            "孙悦",
            "--role",
            "operator",
            "--dept",
            "desk",
            "--login",
            "sunyue",
            "--phone",
            "13800001111",
        ],
        "1234\n5678\n",
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("孙悦"), "{out}");
    // A bad role is bad input (2).
    let (code, _, _) = s.run(
        NOW,
        &["--operator", "刘强", "staff", "add", "x", "--role", "boss"],
        "1234\n5678\n",
    );
    assert_eq!(code, 2);
    // The newcomer signs in with her PIN.
    let (code, _, err) = s.run(
        NOW,
        &[
            "--operator",
            "孙悦",
            "log",
            "add",
            "--category",
            "note",
            "--text",
            "到岗",
        ],
        "5678\n",
    );
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = s.run(NOW, &["staff", "list", "--json"], "");
    assert_eq!(code, 0);
    let list: serde_json::Value = serde_json::from_str(&out).unwrap();
    let sun = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "孙悦")
        .unwrap()
        .clone();
    assert_eq!(sun["login"], "sunyue");
    assert_eq!(sun["active"], true);
    assert_eq!(sun["phone"], "138****1111");
    let (code, out, _) = s.run(NOW, &["staff", "list"], "");
    assert_eq!(code, 0);
    assert!(out.contains("sunyue") && out.contains("在职"), "{out}");

    // Departments: a supervisor may not add one; the manager may.
    let (code, _, _) = s.run(
        NOW,
        &[
            "--operator",
            "陈静",
            "dept",
            "add",
            "hr",
            "--name",
            "人事部",
        ],
        "1234\n",
    );
    assert_eq!(code, 1);
    let (code, _, err) = s.run(
        NOW,
        &[
            "--operator",
            "刘强",
            "dept",
            "add",
            "hr",
            "--name",
            "人事部",
            "--name-en",
            "HR",
        ],
        "1234\n",
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = s.run(
        NOW,
        &[
            "--operator",
            "刘强",
            "staff",
            "add",
            "钱师傅",
            "--role",
            "technician",
            "--dept",
            "hr",
        ],
        "1234\n",
    );
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = s.run(NOW, &["dept", "list", "--json"], "");
    assert_eq!(code, 0);
    let depts: serde_json::Value = serde_json::from_str(&out).unwrap();
    let hr = depts
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "hr")
        .unwrap()
        .clone();
    assert_eq!(hr["technicians"], serde_json::json!(["钱师傅"]));
    let (code, out, _) = s.run(NOW, &["dept", "list"], "");
    assert_eq!(code, 0);
    assert!(out.contains("人事部") && out.contains("赵建军"), "{out}");

    // Someone else's PIN needs the manager; one's own is one's own.
    let (code, _, _) = s.run(
        NOW,
        &["--operator", "张敏", "staff", "pin", "孙悦"],
        "1234\n1111\n",
    );
    assert_eq!(code, 1);
    let (code, _, err) = s.run(
        NOW,
        &["--operator", "孙悦", "staff", "pin", "孙悦"],
        "5678\n2222\n",
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = s.run(
        NOW,
        &["--operator", "刘强", "staff", "disable", "孙悦"],
        "1234\n",
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, _) = s.run(
        NOW,
        &[
            "--operator",
            "孙悦",
            "log",
            "add",
            "--category",
            "note",
            "--text",
            "x",
        ],
        "2222\n",
    );
    assert_eq!(code, 2, "a disabled person is no one");
}

fn init_args(db: &Path) -> Vec<String> {
    vec![
        "init".into(),
        "--db".into(),
        db.to_string_lossy().into_owned(),
    ]
}

#[test]
fn init_creates_the_first_manager_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new").join("site.db");
    let args = init_args(&db);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    // A bad PIN leaves nothing behind.
    let (code, _, err) = pty::cli_in(dir.path(), &args, NOW, Some("周总\n12\n"));
    assert_eq!(code, 2, "{err}");
    assert!(!db.exists());
    let (code, _, err) = pty::cli_in(dir.path(), &args, NOW, Some("周总\n8642\n"));
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("8642"), "{err}");
    assert_eq!(
        std::fs::metadata(&db).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // Twice is refused (2) and changes nothing.
    let (code, _, _) = pty::cli_in(dir.path(), &args, NOW, Some("别人\n1111\n"));
    assert_eq!(code, 2);
    let leftovers: Vec<_> = std::fs::read_dir(db.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(leftovers, vec!["site.db".to_string()], "{leftovers:?}");
    // The manager signs in and adds people.
    let dbs = db.to_string_lossy().into_owned();
    let (code, out, err) = pty::cli_in(
        dir.path(),
        &[
            "--db",
            &dbs,
            "--operator",
            "周总",
            "staff",
            "add",
            "甲",
            "--role",
            "operator",
        ],
        NOW,
        Some("8642\n1357\n"),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains('甲'));
    let (code, out, _) = pty::cli_in(dir.path(), &["--db", &dbs, "staff", "list"], NOW, None);
    assert_eq!(code, 0);
    assert!(out.contains("周总") && out.contains("经理"), "{out}");
}

#[test]
fn a_killed_init_leaves_nothing_that_blocks_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("site.db");
    let building = dir.path().join("site.db.building");
    let mut child = Command::new(BIN)
        .args(["init", "--demo", "--db", db.to_str().unwrap()])
        .env("FRONTDESK_NOW", NOW)
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("FRONTDESK_DB")
        .env_remove("FRONTDESK_CONFIG")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it while it builds.
    let deadline = Instant::now() + pty::patience();
    while !building.exists() {
        assert!(Instant::now() < deadline, "never started building");
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(150));
    let _ = child.kill();
    let status = child.wait().unwrap();
    if status.success() {
        eprintln!("note: init finished before it could be killed");
    } else {
        assert!(!db.exists(), "a killed init must not leave the database");
    }
    // The next init goes through.
    let (code, _, err) = pty::cli_in(
        dir.path(),
        &["init", "--demo", "--force", "--db", db.to_str().unwrap()],
        NOW,
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(db.exists());
    assert!(!building.exists());
    let (code, _, err) = pty::cli_in(
        dir.path(),
        &["--db", db.to_str().unwrap(), "lookup", "3-2-1201"],
        NOW,
        None,
    );
    assert_eq!(code, 0, "{err}");
    // Without --force a killed init's leftovers do not block either.
    let db2 = dir.path().join("other.db");
    std::fs::write(dir.path().join("other.db.building"), b"half a database").unwrap();
    let (code, _, err) = pty::cli_in(
        dir.path(),
        &["init", "--db", db2.to_str().unwrap()],
        NOW,
        Some("周总\n8642\n"),
    );
    assert_eq!(code, 0, "{err}");
    assert!(!dir.path().join("other.db.building").exists());
}

fn is_root() -> bool {
    // SAFETY: geteuid cannot fail.
    unsafe { libc::geteuid() == 0 }
}

fn have_setpriv() -> bool {
    Command::new("setpriv")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `frontdesk` run as another uid in group `gid` (no other groups).
fn as_user(uid: u32, gid: u32, dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new("setpriv");
    c.arg(format!("--reuid={uid}"))
        .arg(format!("--regid={gid}"))
        .arg("--clear-groups")
        .arg(BIN)
        .args(args)
        .env("FRONTDESK_NOW", NOW)
        .env("HOME", dir.join(format!("home{uid}")))
        .env("XDG_CONFIG_HOME", dir.join(format!("home{uid}/config")))
        .env("XDG_DATA_HOME", dir.join(format!("home{uid}/data")));
    c
}

/// One Unix account per operator in a shared group (docs/deploy.md): a
/// setgid `2770` directory, the database 0660; two uids of the group both
/// write, and every file (`-wal` and `-shm` too) is 0660, never 0644.
#[test]
fn two_accounts_of_one_group_share_the_database() {
    if !is_root() || !have_setpriv() {
        eprintln!("note: skipped: needs root and setpriv to run as other uids");
        return;
    }
    use std::os::unix::fs::MetadataExt;
    let (gid, alice, bob) = (47_001u32, 47_101u32, 47_102u32);
    let top = tempfile::tempdir().unwrap();
    std::fs::set_permissions(top.path(), std::fs::Permissions::from_mode(0o711)).unwrap();
    let dir = top.path().join("frontdesk");
    std::fs::create_dir(&dir).unwrap();
    std::os::unix::fs::chown(&dir, Some(0), Some(gid)).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o2770)).unwrap();
    let config = top.path().join("site.toml");
    std::fs::write(&config, "[database]\nshared_group = true\n").unwrap();
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).unwrap();
    let db = dir.join("site.db");
    let dbs = db.to_string_lossy().into_owned();
    let cfg = config.to_string_lossy().into_owned();

    let (code, _, err) = pty::cli_in(
        top.path(),
        &["init", "--demo", "--shared", "--db", &dbs],
        NOW,
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::metadata(&db).unwrap().mode() & 0o777, 0o660);
    assert_eq!(std::fs::metadata(&db).unwrap().gid(), gid);

    // alice changes her PIN: after her own PIN the command waits for the
    // new one, holding the database open (its -wal and -shm are hers).
    let mut a = as_user(
        alice,
        gid,
        top.path(),
        &[
            "--db",
            &dbs,
            "--config",
            &cfg,
            "--operator",
            "张敏",
            "staff",
            "pin",
            "张敏",
        ],
    )
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let mut a_in = a.stdin.take().unwrap();
    a_in.write_all(b"1234\n").unwrap();
    a_in.flush().unwrap();
    let wal = dir.join("site.db-wal");
    let deadline = Instant::now() + pty::patience();
    while !wal.exists() {
        assert!(Instant::now() < deadline, "alice never opened the database");
        std::thread::sleep(Duration::from_millis(20));
    }
    // bob writes meanwhile, through alice's -wal and -shm.
    let b = as_user(
        bob,
        gid,
        top.path(),
        &[
            "--db",
            &dbs,
            "--operator",
            "李娜",
            "log",
            "add",
            "--category",
            "note",
            "--text",
            "组内共享",
        ],
    )
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let mut b = b;
    b.stdin.take().unwrap().write_all(b"1234\n").unwrap();
    let out = b.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "bob: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    let modes: Vec<(String, u32, u32)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let m = e.metadata().unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                m.mode() & 0o777,
                m.gid(),
            )
        })
        .collect();
    for (name, mode, g) in &modes {
        assert_eq!(*mode, 0o660, "{name} is {mode:o}: {modes:?}");
        assert_eq!(*g, gid, "{name} not in the group: {modes:?}");
    }
    assert!(modes.iter().any(|m| m.0 == "site.db-wal"), "{modes:?}");
    assert!(modes.iter().any(|m| m.0 == "site.db-shm"), "{modes:?}");

    a_in.write_all(b"1234\n").unwrap();
    drop(a_in);
    let out = a.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "alice: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Both writes are there.
    let store = frontdesk::store::Store::open(&db, common::ZONE).unwrap();
    let log = store.signins(None).unwrap();
    assert!(log.iter().any(|s| s.staff == "张敏"));
    assert!(log.iter().any(|s| s.staff == "李娜"));
    for e in std::fs::read_dir(&dir).unwrap() {
        let m = e.unwrap().metadata().unwrap().mode() & 0o777;
        assert_eq!(m & 0o007, 0, "never world-accessible: {m:o}");
    }
}
