//! End to end: the real binary in a PTY on a temp database, typed into like an
//! operator, then checked from the CLI.

mod common;

use common::pty::{self, keys, Pty};
use std::time::Duration;

const NOW: &str = "2026-11-23 10:00";

#[test]
fn register_dispatch_then_lookup_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let db_s = db.to_str().unwrap();
    pty::init_demo(&db, NOW);

    let mut p = Pty::spawn(&["--db", db_s, "--operator", "张敏"], NOW);
    p.sign_in("1234");
    p.wait_for("张敏（前台）已登录");
    p.send(keys::F2);
    p.wait_for("新工单登记");
    p.type_text("3栋2单元1201");
    p.wait_for("✓ 3栋2单元1201室 王建国");
    // Repair form: kind, unit, location, channel, reporter, phone, category,
    // preferred time, asked-for deadline, description.
    for _ in 0..8 {
        p.send(keys::TAB);
    }
    p.type_text("阳台地漏反水，楼下投诉");
    p.send(keys::CTRL_S);
    let screen = p.wait_for("已登记 #");
    let id: i64 = screen
        .split("已登记 #")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|s| s.parse().ok())
        .expect("ticket number on screen");

    p.send(keys::F3);
    p.wait_for("未完成");
    // Find it with the board's quick search, as an operator would.
    p.send("/");
    p.type_text(&format!("#{id}"));
    p.send(keys::ENTER);
    p.wait_for(&format!("#{id} "));
    // Enter offers the ticket's steps; 1 is dispatch.
    p.send(keys::ENTER);
    p.wait_for(" 1  派工");
    p.send("1");
    p.wait_for("部门*");
    p.send(keys::CTRL_S);
    p.wait_for("现为「已派工」");
    p.send(keys::CTRL_Q);
    assert_eq!(p.wait_exit(Duration::from_secs(5)), Some(0), "quit cleanly");
    assert!(!p.alternate_screen(), "terminal restored");

    let (code, out, err) = pty::cli(&["--db", db_s, "lookup", "3-2-1201", "--json"], NOW, None);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let open = v["open_tickets"].as_array().unwrap();
    let t = open
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("#{id} not in {out}"));
    assert_eq!(t["state"], "dispatched");
    assert_eq!(t["department"], "engineering");
    assert!(t["wo_no"].as_str().unwrap().starts_with("WX2026-"));
    assert_eq!(v["households"][0]["members"][0]["phone"], "138****5678");
}

#[test]
fn hangup_saves_the_draft_and_next_start_restores_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let db_s = db.to_str().unwrap();
    pty::init_demo(&db, NOW);

    let mut p = Pty::spawn(&["--db", db_s, "--operator", "李娜"], NOW);
    p.sign_in("1234");
    p.wait_for("李娜（前台）已登录");
    p.send(keys::F2);
    p.type_text("8-1-3301");
    p.wait_for("✓ 8栋1单元3301室");
    let pid = p.pid().expect("pid");
    let status = std::process::Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(
        p.wait_exit(Duration::from_secs(5)).is_some(),
        "exits promptly on SIGHUP"
    );

    let mut p = Pty::spawn(&["--db", db_s, "--operator", "李娜"], NOW);
    p.sign_in("1234");
    let screen = p.wait_for("已恢复上次未保存的草稿");
    assert!(screen.contains("8-1-3301"), "{screen}");
}

#[test]
fn cli_refuses_an_illegal_move_with_the_allowed_ones() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let db_s = db.to_str().unwrap();
    pty::init_demo(&db, NOW);
    let (code, out, err) = pty::cli(
        &[
            "--db",
            db_s,
            "--operator",
            "张敏",
            "ticket",
            "new",
            "--unit",
            "3-2-1201",
            "--text",
            "门铃不响",
            "--reporter",
            "王建国",
            "--json",
        ],
        NOW,
        Some("1234\n"),
    );
    assert_eq!(code, 0, "{err}");
    let id = serde_json::from_str::<serde_json::Value>(&out).unwrap()["id"]
        .as_i64()
        .unwrap();
    let (code, _, err) = pty::cli(
        &[
            "--db",
            db_s,
            "--operator",
            "张敏",
            "ticket",
            "move",
            &id.to_string(),
            "--to",
            "done",
        ],
        NOW,
        Some("1234\n"),
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("dispatched (dispatch)") && err.contains("cancelled (cancel)"),
        "{err}"
    );
    let (code, _, err) = pty::cli(
        &[
            "--db",
            db_s,
            "--operator",
            "张敏",
            "ticket",
            "move",
            &id.to_string(),
            "--to",
            "dispatched",
        ],
        NOW,
        Some("1234\n"),
    );
    assert_eq!(code, 1, "department missing");
    assert!(err.contains("dept"), "{err}");
    let (code, out, err) = pty::cli(
        &[
            "--db",
            db_s,
            "--operator",
            "张敏",
            "ticket",
            "move",
            &id.to_string(),
            "--to",
            "dispatched",
            "--dept",
            "工程部",
            "--tech",
            "赵建军",
            "--json",
        ],
        NOW,
        Some("1234\n"),
    );
    assert_eq!(code, 0, "{err}");
    let moved: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(moved["state"], "dispatched");
    let (code, _, err) = pty::cli(&["--db", db_s, "lookup", "3--1201"], NOW, None);
    assert_eq!(code, 2);
    assert!(err.contains("空段"), "{err}");
    let (code, out, _) = pty::cli(&["--db", db_s, "lookup", "1201"], NOW, None);
    assert_eq!(code, 1);
    assert_eq!(out.lines().count(), 6);
    let (code, _, _) = pty::cli(&["--db", db_s, "lookup", "7-1-101"], NOW, None);
    assert_eq!(code, 1);
    let (code, _, err) = pty::cli(
        &[
            "--db", db_s, "ticket", "new", "--unit", "3-2-1201", "--text", "x",
        ],
        NOW,
        None,
    );
    assert_eq!(code, 2, "operator required: {err}");
}
