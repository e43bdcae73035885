//! Nothing lost, nothing forged, nothing confusing — from the command line:
//! a move that names no single step, bad --db paths, `check` on tampered
//! copies, `backup` while others write, a damaged file at start.
//!
//! CLI writes pass the PIN on stdin already (`1234\n`, the demo PIN): the
//! CLI will soon ask for it, and extra stdin is harmless today.

mod common;

use common::pty;
use serde_json::Value;
use std::path::PathBuf;

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
