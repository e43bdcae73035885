//! Nothing lost, nothing forged, nothing confusing — from the command line:
//! a move that names no single step, bad --db paths, `check` on tampered
//! copies, `backup` while others write, a damaged file at start.
//!
//! CLI writes pass the PIN on stdin already (`1234\n`, the demo PIN): the
//! CLI will soon ask for it, and extra stdin is harmless today.

mod common;

use common::pty;
use frontdesk::store::pack;
use serde_json::Value;
use std::path::{Path, PathBuf};

const NOW: &str = "2026-11-23 10:00";
const PIN: &str = "1234\n";

struct Site {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

impl Site {
    fn demo() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.db");
        pty::init_demo(&db, NOW);
        Site { _dir: dir, db }
    }
    fn db(&self) -> &str {
        self.db.to_str().unwrap()
    }
    /// A write as 张敏, the PIN on stdin.
    fn write(&self, args: &[&str]) -> (i32, String, String) {
        let mut all = vec!["--db", self.db(), "--operator", "张敏"];
        all.extend_from_slice(args);
        pty::cli(&all, NOW, Some(PIN))
    }
    fn read(&self, args: &[&str]) -> (i32, String, String) {
        let mut all = vec!["--db", self.db()];
        all.extend_from_slice(args);
        pty::cli(&all, NOW, None)
    }
    fn show(&self, id: i64) -> Value {
        let (code, out, err) = self.read(&["ticket", "show", &id.to_string(), "--json"]);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str(&out).unwrap()
    }
    fn new_repair(&self) -> i64 {
        let (code, out, err) = self.write(&[
            "ticket",
            "new",
            "--unit",
            "3-2-1201",
            "--text",
            "门铃不响",
            "--reporter",
            "王建国",
            "--json",
        ]);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str::<Value>(&out).unwrap()["id"]
            .as_i64()
            .unwrap()
    }
}

fn events(v: &Value) -> Vec<String> {
    v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect()
}

// --- 1. a target state means exactly one step -------------------------------

#[test]
fn moving_to_the_state_a_ticket_is_already_in_is_refused_not_turned_into_another_step() {
    let s = Site::demo();
    let id = s.new_repair();
    let ids = id.to_string();
    let (code, _, err) = s.write(&[
        "ticket",
        "move",
        &ids,
        "--to",
        "dispatched",
        "--dept",
        "engineering",
    ]);
    assert_eq!(code, 0, "{err}");

    // A second operator, who saw it registered, sends it elsewhere.
    let (code, _, err) = s.write(&[
        "ticket",
        "move",
        &ids,
        "--to",
        "dispatched",
        "--dept",
        "cleaning",
    ]);
    assert_eq!(code, 1, "refused, not a reassign: {err}");
    assert!(err.contains("已派工"), "names the current state: {err}");
    assert!(err.contains("reassign"), "lists the steps: {err}");
    assert!(!err.contains("dispatched (reassign)"), "{err}");
    let v = s.show(id);
    assert_eq!(
        v["ticket"]["department"], "engineering",
        "first dispatch kept"
    );
    assert_eq!(events(&v), ["create", "dispatch"]);

    // Named as a step, the reassign is what was meant.
    let (code, _, err) = s.write(&[
        "ticket", "move", &ids, "--to", "reassign", "--dept", "cleaning",
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = s.write(&["ticket", "move", &ids, "--to", "accepted"]);
    assert_eq!(code, 0, "{err}");

    // "accepted" again with a reason: not the return step.
    let (code, _, err) = s.write(&[
        "ticket", "move", &ids, "--to", "accepted", "--reason", "r", "--lang", "en",
    ]);
    assert_eq!(code, 1, "refused, not a return: {err}");
    assert!(err.contains("already accepted"), "{err}");
    assert!(err.contains("return (state unchanged)"), "{err}");
    let v = s.show(id);
    assert_eq!(events(&v), ["create", "dispatch", "reassign", "accept"]);
    let missed: Vec<&Value> = v["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["status"] == "missed")
        .collect();
    assert!(missed.is_empty(), "no deadline marked missed: {missed:?}");
}

#[test]
fn a_move_from_a_version_that_changed_meanwhile_is_refused_with_the_current_state() {
    let s = Site::demo();
    let id = s.new_repair();
    let ids = id.to_string();
    // Seen at version 1 (registered); someone dispatches it first.
    let (code, _, err) = s.write(&[
        "ticket",
        "move",
        &ids,
        "--to",
        "dispatched",
        "--dept",
        "engineering",
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = s.write(&[
        "ticket",
        "move",
        &ids,
        "--to",
        "cancelled",
        "--reason",
        "重复",
        "--expect-version",
        "1",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("张敏"), "who changed it: {err}");
    assert!(err.contains("已派工"), "the state now: {err}");
    assert!(err.contains("accept"), "the steps now: {err}");
    assert_eq!(events(&s.show(id)), ["create", "dispatch"]);
    // The version seen now works.
    let (code, _, err) = s.write(&[
        "ticket",
        "move",
        &ids,
        "--to",
        "cancelled",
        "--reason",
        "重复",
        "--expect-version",
        "2",
    ]);
    assert_eq!(code, 0, "{err}");
}

// --- 8. a --db that is no usable database: bad input, said in words --------

/// Run the binary on `args`; as root (who may write anywhere) as `nobody`,
/// so a read-only file is read-only.
fn cli_unprivileged(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    use std::io::Write;
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    let mut cmd = if root {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", pty::BIN]);
        c
    } else {
        std::process::Command::new(pty::BIN)
    };
    cmd.args(args)
        .env("FRONTDESK_NOW", NOW)
        .env("HOME", "/nonexistent")
        .env("XDG_CONFIG_HOME", "/nonexistent/config")
        .env("XDG_DATA_HOME", "/nonexistent/data")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("FRONTDESK_DB")
        .env_remove("FRONTDESK_CONFIG")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("spawn");
    if let Some(input) = stdin {
        let _ = child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes());
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().expect("output");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn no_sqlite_english(err: &str) {
    for raw in [
        "malformed",
        "readonly",
        "unable to open",
        "Is a directory",
        "errno",
    ] {
        assert!(!err.contains(raw), "raw system text: {err}");
    }
}

#[test]
fn a_directory_given_as_the_database_is_bad_input_said_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let (code, _, err) = pty::cli(&["--db", d, "lookup", "3-2-1201"], NOW, None);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("是一个目录"), "{err}");
    no_sqlite_english(&err);
    let (code, _, err) = pty::cli(&["--db", d, "init", "--force"], NOW, None);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("是一个目录"), "{err}");
    assert!(!err.contains("已存在"), "one clear thing: {err}");
    no_sqlite_english(&err);
    assert!(dir.path().is_dir(), "left as it was");
}

#[test]
fn a_file_that_is_not_sqlite_or_truncated_is_bad_input() {
    let s = Site::demo();
    let text = s.db.with_file_name("notes.db");
    std::fs::write(&text, "这不是数据库\n").unwrap();
    let (code, _, err) = pty::cli(
        &["--db", text.to_str().unwrap(), "lookup", "3-2-1201"],
        NOW,
        None,
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("不是 frontdesk 的数据库"), "{err}");

    let cut = s.db.with_file_name("cut.db");
    let bytes = std::fs::read(&s.db).unwrap();
    std::fs::write(&cut, &bytes[..bytes.len() / 3 + 100]).unwrap();
    let cut_s = cut.to_str().unwrap();
    for args in [
        vec!["--db", cut_s, "lookup", "3-2-1201"],
        vec!["--db", cut_s, "ticket", "list"],
        vec![
            "--db",
            cut_s,
            "--operator",
            "张敏",
            "log",
            "add",
            "--text",
            "交接",
        ],
    ] {
        let (code, _, err) = pty::cli(&args, NOW, Some(PIN));
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("已损坏或不完整"), "{args:?}: {err}");
        no_sqlite_english(&err);
    }
}

#[test]
fn a_read_only_database_in_a_read_only_directory_is_bad_input() {
    use std::os::unix::fs::PermissionsExt;
    let s = Site::demo();
    let outer = s.db.parent().unwrap();
    let ro_dir = outer.join("ro");
    std::fs::create_dir(&ro_dir).unwrap();
    let ro = ro_dir.join("desk.db");
    std::fs::copy(&s.db, &ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(&ro_dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    std::fs::set_permissions(outer, std::fs::Permissions::from_mode(0o755)).unwrap();
    let ro_s = ro.to_str().unwrap();
    for (args, stdin) in [
        (vec!["--db", ro_s, "lookup", "3-2-1201"], None),
        (
            vec![
                "--db",
                ro_s,
                "--operator",
                "张敏",
                "log",
                "add",
                "--text",
                "交接",
            ],
            Some(PIN),
        ),
    ] {
        let (code, _, err) = cli_unprivileged(&args, stdin);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("不能写入"), "{args:?}: {err}");
        no_sqlite_english(&err);
    }
    std::fs::set_permissions(&ro_dir, std::fs::Permissions::from_mode(0o755)).unwrap();
}

// --- 5, 6. check: the file, the record chains, the rules --------------------

impl Site {
    /// A plain SQLite connection, as someone with the sqlite3 shell has.
    fn raw(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.db).unwrap()
    }
    fn check(&self, extra: &[&str]) -> (i32, String) {
        let mut args = vec!["check"];
        args.extend_from_slice(extra);
        let (code, out, err) = self.read(&args);
        (code, format!("{out}{err}"))
    }
    fn check_json(&self) -> (i32, Value) {
        let (code, out, err) = self.read(&["check", "--json"]);
        let v: Value = serde_json::from_str(&out).unwrap_or_else(|_| panic!("{out}{err}"));
        (code, v)
    }
}

/// The breaches of `check --json` on `table`, as (kind, rows).
fn breaches(v: &Value, table: &str) -> Vec<(String, Vec<i64>)> {
    v["breaches"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["table"] == table)
        .map(|b| {
            (
                b["kind"].as_str().unwrap().to_string(),
                b["rows"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r.as_i64().unwrap())
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn check_is_clean_on_a_site_used_through_frontdesk() {
    let s = Site::demo();
    let id = s.new_repair();
    let (code, _, err) = s.write(&[
        "ticket",
        "move",
        &id.to_string(),
        "--to",
        "dispatched",
        "--dept",
        "engineering",
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, out) = s.check(&[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("检查通过"), "{out}");
    let (code, v) = s.check_json();
    assert_eq!(code, 0);
    assert_eq!(v["ok"], true);
    assert!(v["heads"].as_array().unwrap().len() >= 8, "{v}");
}

#[test]
fn check_names_a_forged_audit_row_inserted_by_hand() {
    let s = Site::demo();
    let id = s.new_repair();
    let forged: i64 = {
        let c = s.raw();
        c.execute(
            "INSERT INTO ticket_events (ticket_id, at, actor_id, action, from_state, to_state, note, data)
             SELECT ?1, 1795399200, id, (SELECT id FROM ticket_codes WHERE code = 'cancel'),
                 (SELECT id FROM ticket_codes WHERE code = 'registered'),
                 (SELECT id FROM ticket_codes WHERE code = 'cancelled'), '业主撤销',
                 (SELECT id FROM ticket_data WHERE code = '{}')
             FROM staff WHERE name = '张敏'",
            [id],
        )
        .unwrap();
        c.last_insert_rowid()
    };
    let (code, out) = s.check(&[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!("ticket_events 行 #{forged}")),
        "names the row: {out}"
    );
    assert!(out.contains("不是本程序写入的"), "{out}");
    // The forged step also does not end where the ticket is.
    assert!(out.contains(&format!("tickets 行 #{id}")), "{out}");
    let (_, v) = s.check_json();
    assert!(breaches(&v, "ticket_events").contains(&("unlinked".into(), vec![forged])));
}

#[test]
fn check_names_a_ticket_whose_state_was_set_by_hand() {
    let s = Site::demo();
    let id = s.new_repair();
    s.raw()
        .execute("UPDATE tickets SET state = 'closed' WHERE id = ?1", [id])
        .unwrap();
    let (code, out) = s.check(&["--lang", "en"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&format!("tickets row #{id}")), "{out}");
    assert!(
        out.contains("does not follow from the audit trail"),
        "{out}"
    );
    let (_, v) = s.check_json();
    assert_eq!(
        breaches(&v, "tickets"),
        [("trail_end".to_string(), vec![id])]
    );
}

#[test]
fn check_names_an_audit_row_edited_after_dropping_its_trigger() {
    let s = Site::demo();
    let id = s.new_repair();
    let event: i64 = {
        let c = s.raw();
        let event: i64 = c
            .query_row(
                "SELECT id FROM ticket_events WHERE ticket_id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap();
        c.execute_batch("DROP TRIGGER ticket_events_no_update;")
            .unwrap();
        c.execute(
            "UPDATE ticket_events SET actor_id = (SELECT id FROM staff WHERE name = '李娜') WHERE id = ?1",
            [event],
        )
        .unwrap();
        event
    };
    let (code, out) = s.check(&[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&format!("ticket_events 行 #{event}")), "{out}");
    assert!(out.contains("写入后被改动过"), "{out}");
}

#[test]
fn check_names_a_sealed_handover_edited_and_a_loan_without_approval() {
    let s = Site::demo();
    let (handover, loan) = {
        let c = s.raw();
        let h: i64 = c
            .query_row(
                "SELECT id FROM handovers WHERE acknowledged_at IS NOT NULL ORDER BY id LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let packed: Vec<u8> = c
            .query_row("SELECT content_z FROM handovers WHERE id = ?1", [h], |r| {
                r.get(0)
            })
            .unwrap();
        let text = pack::inflate_text(&packed).unwrap();
        c.execute_batch("DROP TRIGGER handovers_content_fixed;")
            .unwrap();
        c.execute(
            // Stored packed since migration 0013.
            "UPDATE handovers SET content_z = ?2 WHERE id = ?1",
            rusqlite::params![h, pack::deflate(&format!("{} ", text.replace('无', "有")))],
        )
        .unwrap();
        let loan: i64 = c
            .query_row(
                "SELECT id FROM key_loans WHERE borrower_type NOT IN ('owner','sales') LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        c.execute_batch("PRAGMA ignore_check_constraints = ON;")
            .unwrap();
        c.execute(
            "UPDATE key_loans SET approved_by = NULL, approved_at = NULL WHERE id = ?1",
            [loan],
        )
        .unwrap();
        (h, loan)
    };
    let (code, v) = s.check_json();
    assert_eq!(code, 1);
    let h = breaches(&v, "handovers");
    assert!(h.contains(&("changed".into(), vec![handover])), "{h:?}");
    assert!(
        h.contains(&("handover_hash".into(), vec![handover])),
        "{h:?}"
    );
    // Shown as stored, with the broken seal said — and not as a success.
    let (code, out, err) = s.read(&["handover", "show", &handover.to_string()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("被改动过"), "{err}");
    let l = breaches(&v, "key_loans");
    assert!(l.contains(&("loan_unapproved".into(), vec![loan])), "{l:?}");
    assert!(l.contains(&("changed".into(), vec![loan])), "{l:?}");
}

#[test]
fn check_finds_gaps_in_work_order_numbers() {
    let s = Site::demo();
    let id: i64 = s
        .raw()
        .query_row(
            "SELECT id FROM tickets WHERE wo_no = 'WX2026-000003'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    s.raw()
        .execute(
            "UPDATE tickets SET wo_no = 'WX2026-000999' WHERE id = ?1",
            [id],
        )
        .unwrap();
    let (code, out) = s.check(&[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("WX2026-000003"), "the missing number: {out}");
    assert!(out.contains("wo_counters"), "{out}");
}

#[test]
fn a_chain_rewritten_as_a_whole_no_longer_holds_the_heads_kept_elsewhere() {
    let s = Site::demo();
    let before = s.db.with_file_name("before.db");
    std::fs::copy(&s.db, &before).unwrap();
    // Today's record, and its heads written down elsewhere.
    let (code, _, err) = s.write(&["log", "add", "--text", "18:00 巡楼，3栋顶层门已锁"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = s.read(&["check", "--head"]);
    assert_eq!(code, 0, "{err}");
    let heads = s.db.with_file_name("heads.txt");
    std::fs::write(&heads, &out).unwrap();
    // Someone puts back yesterday's file and writes the day again, differently:
    // every chain verifies, but not against the heads kept.
    std::fs::copy(&before, &s.db).unwrap();
    let (code, _, err) = s.write(&["log", "add", "--text", "18:00 巡楼，一切正常"]);
    assert_eq!(code, 0, "{err}");
    let (code, out) = s.check(&[]);
    assert_eq!(code, 0, "{out}");
    let (code, out) = s.check(&["--against", heads.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("duty_log"), "{out}");
    assert!(out.contains("链被重写过"), "{out}");
}

/// Overwrite pages in the middle of the file with random bytes.
fn corrupt(path: &Path) {
    use std::io::{Seek, SeekFrom, Write};
    // The pages of the audit trail and the duty log: read by the whole-file
    // check, not by opening the file or the first screens. (The last third
    // of the file, damaged before, can hold schema pages since a migration
    // rebuilt tables: the file is then refused at open, another path.)
    let pages: Vec<u64> = {
        let c = rusqlite::Connection::open(path).unwrap();
        let mut st = c
            .prepare(
                "SELECT pageno FROM dbstat WHERE name IN ('ticket_events', 'duty_log')
                 AND pagetype = 'leaf' ORDER BY pageno",
            )
            .unwrap();
        st.query_map([], |r| r.get::<_, i64>(0))
            .unwrap()
            .map(|p| p.unwrap() as u64 - 1)
            .collect()
    };
    assert!(pages.len() > 3, "{pages:?}");
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for p in pages {
        let bytes: Vec<u8> = (0..4096)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect();
        f.seek(SeekFrom::Start(p * 4096)).unwrap();
        f.write_all(&bytes).unwrap();
    }
}

#[test]
fn a_damaged_file_is_refused_at_start_and_named_by_check() {
    let s = Site::demo();
    corrupt(&s.db);
    // The interface: a clear refusal before any screen.
    let (code, _, err) = s.read(&[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("自检未通过"), "{err}");
    assert!(err.contains("frontdesk check"), "{err}");
    let (code, out) = s.check(&[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("数据库文件损坏"), "{out}");
}

#[test]
fn a_damaged_file_ends_a_terminal_session_with_the_message() {
    // In a terminal the check runs beside the first screens (it reads the
    // whole file): the session still ends, with exit 2 and the message.
    let s = Site::demo();
    corrupt(&s.db);
    let mut p = pty::Pty::spawn(&["--db", s.db()], NOW);
    let code = p.wait_exit(pty::patience());
    assert_eq!(code, Some(2), "{}", p.screen());
    let screen = p.wait_for("自检未通过");
    assert!(screen.contains("frontdesk check"), "{screen}");
}

// --- 7. backup while others write -------------------------------------------

#[test]
fn backup_copies_a_live_database_that_passes_check() {
    use std::os::unix::fs::PermissionsExt;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let s = Site::demo();
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let stop = Arc::clone(&stop);
        let db = s.db.clone();
        std::thread::spawn(move || {
            let mut store = frontdesk::store::Store::open(&db, common::ZONE).unwrap();
            let me = common::actor(&store, "张敏");
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let new = frontdesk::store::tickets::NewTicket {
                    unit: Some("3-2-1201".into()),
                    reporter: "王建国".into(),
                    description: format!("备份时写入 {n}"),
                    ..Default::default()
                };
                store.create_ticket(&new, &me, common::now()).unwrap();
                n += 1;
            }
            n
        })
    };
    std::thread::sleep(std::time::Duration::from_millis(200));
    let copies: Vec<PathBuf> = (0..3)
        .map(|i| s.db.with_file_name(format!("copy{i}.db")))
        .collect();
    for copy in &copies {
        let (code, out, err) = s.read(&["backup", copy.to_str().unwrap()]);
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.contains("副本检查通过"), "{out}");
        let mode = std::fs::metadata(copy).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "only its owner reads a copy");
    }
    stop.store(true, Ordering::Relaxed);
    let written = writer.join().unwrap();
    assert!(written > 0);
    for copy in &copies {
        let (code, out, err) = pty::cli(&["--db", copy.to_str().unwrap(), "check"], NOW, None);
        assert_eq!(code, 0, "{out}{err}");
    }
    // A backup never overwrites.
    let (code, _, err) = s.read(&["backup", copies[0].to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("已存在"), "{err}");
}
