//! End to end: the real binary in a PTY. Nobody is signed in at start; a
//! wrong PIN is refused on screen, the right one signs in; F12 hands the
//! terminal to the next operator, whose sign-in is audited with the first
//! one's switch, and the first one's typed input waits as her draft.

mod common;

use common::pty::{self, keys, Pty};

const NOW: &str = "2026-11-23 10:00";

#[test]
fn sign_in_refuse_switch_and_come_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let db_s = db.to_str().unwrap();
    pty::init_demo(&db, NOW);

    let mut t = Pty::spawn(&["--db", db_s], NOW);
    let s = t.wait_for("选择你的姓名");
    assert!(s.contains("张敏 前台"), "{s}");
    // 张敏 is the first choice: Enter goes to the PIN.
    t.send(keys::ENTER);
    t.sign_in("4321");
    let s = t.wait_for("还可以再试 4 次");
    assert!(!s.contains("4321"), "{s}");
    t.sign_in("1234");
    t.wait_for("张敏（前台）已登录");
    t.send(keys::F2);
    t.wait_for("新工单登记");
    t.type_text("5-1-101");
    t.wait_for("5-1-101");
    // F12: the next operator signs in.
    t.send(keys::F12);
    t.wait_for("张敏 未保存的内容已存为草稿");
    t.send(keys::DOWN);
    t.send(keys::ENTER);
    t.sign_in("1234");
    let s = t.wait_for("李娜（前台）已登录");
    assert!(!s.contains("5-1-101"), "{s}");
    t.quit();

    // 张敏 comes back: her draft is there.
    let mut t = Pty::spawn(&["--db", db_s, "--operator", "张敏"], NOW);
    t.sign_in("1234");
    let s = t.wait_for("已恢复上次未保存的草稿");
    assert!(s.contains("5-1-101"), "{s}");
    // Quitting with her draft on screen asks first.
    t.send(keys::CTRL_Q);
    t.wait_for("确认退出");
    t.send("y");
    assert_eq!(t.wait_exit(std::time::Duration::from_secs(10)), Some(0));

    let store = frontdesk::store::Store::open(&db, common::ZONE).unwrap();
    let log: Vec<(String, String)> = store
        .signins(None)
        .unwrap()
        .into_iter()
        .map(|s| (s.staff, s.event.code().to_string()))
        .collect();
    let want: Vec<(String, String)> = [
        ("张敏", "wrong_pin"),
        ("张敏", "signed_in"),
        ("张敏", "switched"),
        ("李娜", "signed_in"),
        ("张敏", "signed_in"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(log, want);
}
