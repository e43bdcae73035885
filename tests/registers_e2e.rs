//! End to end in a real terminal: the binary on a demo database in an 80x24
//! PTY. An operator signs in and issues a goods release pass after reaching
//! the owner (who, how, when); the pass gets its number. At the gate the
//! security guard marks it used from the command line (`frontdesk pass
//! use`, with his own PIN); the operator's screen shows it used within a
//! second, and a second use is refused. A second pass is marked used at
//! the desk with `u`.

mod common;

use common::pty::{self, keys, Pty};

const F10: &str = "\x1b[21~";
const NOW: &str = "2026-11-23 10:00";
const ID: &str = "110101199003071233";

#[test]
fn issue_a_pass_after_the_owners_confirmation_and_see_it_used() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("desk.db").display().to_string();
    let (code, _, err) = pty::cli_in(dir.path(), &["init", "--db", &db, "--demo"], NOW, None);
    assert_eq!(code, 0, "{err}");

    let mut t = Pty::spawn_in(dir.path(), &["--db", &db, "--operator", "张敏"], NOW);
    t.sign_in("1234");
    t.wait_for("张敏（前台）已登录");
    t.send(F10);
    t.wait_for("登记 · 访客");
    t.send(keys::TAB);
    t.send(keys::TAB);
    t.wait_for("登记 · 放行");
    t.send(keys::CTRL_N);
    t.wait_for("开放行条 · 放行");
    // Unit, the person, their ID (masked once left), the goods.
    t.type_text("3-2-1201");
    t.wait_for("王建国");
    t.send(keys::TAB);
    t.type_text("王五");
    t.send(keys::TAB);
    t.type_text(ID);
    t.send(keys::TAB);
    t.type_text("冰箱 1");
    t.send(keys::TAB);
    let s = t.screen();
    assert!(s.contains("110***********1233"), "{s}");
    assert!(!s.contains(ID), "{s}");
    // Phone (none), vehicle, then the owner's confirmation: who and how
    // (the time is filled in: now).
    t.send(keys::TAB);
    t.type_text("沪A12345");
    t.send(keys::TAB);
    t.type_text("王建国");
    t.send(keys::TAB);
    t.send(keys::RIGHT);
    t.wait_for("电话");
    t.send("\x13");
    let s = t.wait_for("放行条 FX2026-000003 已开出");
    assert!(s.contains("FX2026-000003"), "{s}");
    // At the gate: the security guard, with his own PIN.
    let gate = |stdin: &str| {
        pty::cli_in(
            dir.path(),
            &[
                "--db",
                &db,
                "--operator",
                "郑勇",
                "pass",
                "use",
                "FX2026-000003",
                "--json",
            ],
            NOW,
            Some(stdin),
        )
    };
    let (code, out, err) = gate("1234\n");
    assert_eq!(code, 0, "{err}");
    let p: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(p["state"], "used");
    assert_eq!(p["confirmed_by"], "王建国");
    assert_eq!(p["confirmed_via"], "phone");
    assert_eq!(p["used_by"], "郑勇");
    // The desk's screen follows: the open list no longer holds it, all
    // passes show it used.
    t.send("v");
    t.send("v");
    let s = t.wait_for("[全部]");
    let used_row = |s: &str| {
        s.lines()
            .find(|l| l.contains("FX2026-000003"))
            .unwrap_or_default()
            .contains("已放行")
    };
    if !used_row(&s) {
        t.wait_for("已放行");
    }
    let s = t.screen();
    assert!(used_row(&s), "{s}");
    // Twice is refused.
    let (code, _, err) = gate("1234\n");
    assert_eq!(code, 1, "{err}");

    // A second pass, marked used at the desk with `u` (Enter saves the
    // form's only field).
    t.send(keys::CTRL_N);
    t.wait_for("开放行条 · 放行");
    t.type_text("3-2-1201");
    t.wait_for("王建国");
    t.send(keys::TAB);
    t.type_text("王五");
    t.send(keys::TAB);
    t.type_text(ID);
    t.send(keys::TAB);
    t.type_text("纸箱 3");
    t.send(keys::TAB);
    t.send(keys::TAB);
    t.send(keys::TAB);
    t.type_text("王建国");
    t.send(keys::TAB);
    t.send(keys::RIGHT);
    t.wait_for("电话");
    t.send("\x13");
    t.wait_for("放行条 FX2026-000004 已开出");
    t.send("u");
    t.wait_for("放行 · FX2026-000004");
    t.send(keys::ENTER);
    t.wait_for("已办理「放行」");
    t.quit();

    let (code, out, err) = pty::cli_in(
        dir.path(),
        &["--db", &db, "pass", "show", "FX2026-000004", "--json"],
        NOW,
        None,
    );
    assert_eq!(code, 0, "{err}");
    let p: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(p["state"], "used");
    assert_eq!(p["used_by"], "张敏");
}
