//! End to end in a real terminal: the binary on a demo database in an 80x24
//! PTY. An operator lends a key to a contractor with 陈静's approval (PIN in
//! the masked field) — Esc half-way asks before dropping what was typed; with
//! the clock started after the due time the key shows overdue; it is returned
//! and signed off.

mod common;

use common::pty::{self, keys, Pty};

/// The row of the screen that starts with `head` (inside a box or not, the
/// focused field's `▶` mark aside).
fn row<'a>(screen: &'a str, head: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.trim_start_matches(['│', '▶', ' ']).starts_with(head))
        .unwrap_or("")
}

/// Wait until `needle` is no longer on the screen.
fn gone(t: &Pty, needle: &str) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let s = t.screen();
        if !s.contains(needle) {
            return s;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "still showing {needle:?}:\n{s}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn lend_to_a_contractor_see_it_overdue_and_return_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("desk.db");
    let db_s = db.display().to_string();
    let (code, _, err) = pty::cli_in(
        dir.path(),
        &["init", "--db", &db_s, "--demo"],
        "2026-11-23 10:00",
        None,
    );
    assert_eq!(code, 0, "{err}");

    // 10:00 — lend A-03 to a contractor until 12:00, approved by 陈静.
    let mut t = Pty::spawn_in(
        dir.path(),
        &["--db", &db_s, "--operator", "张敏"],
        "2026-11-23 10:00",
    );
    t.sign_in("1234");
    t.wait_for("张敏（前台）已登录");
    t.send(keys::F6);
    t.wait_for("代管钥匙与借还");
    t.send("A-03");
    let s = t.wait_for("全部 1 ");
    assert!(row(&s, "A-03").contains("在柜"), "{s}");
    t.send(keys::ENTER);
    t.wait_for("借出钥匙");
    t.send(keys::RIGHT);
    t.send(keys::RIGHT);
    t.send(keys::TAB);
    t.send("孙师傅");
    // Esc with something typed asks first; "no" keeps the form as it was.
    t.send(keys::ESC);
    t.wait_for("放弃输入？");
    t.send("n");
    let s = gone(&t, "放弃输入？");
    assert!(s.contains("借出钥匙"), "{s}");
    assert!(row(&s, "姓名").contains("孙师傅"), "{s}");
    t.send(keys::TAB);
    t.send("310104198001011234");
    t.send(keys::TAB);
    t.send("13800001111");
    t.send(keys::TAB);
    t.send("更换门锁");
    t.send(keys::TAB);
    t.send(keys::TAB);
    t.send(keys::CTRL_U);
    t.send("12:00");
    t.send(keys::TAB);
    t.send("y");
    t.send(keys::TAB);
    t.send(keys::RIGHT);
    t.send(keys::TAB);
    t.send("1234");
    let s = t.screen();
    assert!(row(&s, "主管 PIN").contains("****"), "PIN masked:\n{s}");
    assert!(!s.contains("1234\n") && !row(&s, "主管 PIN").contains("1234"));
    t.send(keys::ENTER);
    let s = t.wait_for("已借出 A-03 份1 给 孙师傅");
    assert!(s.contains("陈静 批准"), "{s}");
    assert!(row(&s, "A-03").contains("应还 11-23 12:00"), "{s}");
    assert!(!row(&s, "A-03").contains("逾期"), "not yet overdue:\n{s}");
    t.quit();

    // 12:30 — past the due time: the CLI lists it overdue …
    let (code, out, err) = pty::cli_in(
        dir.path(),
        &["--db", &db_s, "keys", "--overdue", "--json"],
        "2026-11-23 12:30",
        None,
    );
    assert_eq!(code, 0, "{err}");
    let overdue: serde_json::Value = serde_json::from_str(&out).expect("json");
    let overdue = overdue.as_array().expect("list");
    assert!(overdue
        .iter()
        .any(|l| l["hook"] == "A-03" && l["overdue"] == true));
    let n = overdue.len();

    // … and it stands out on the keys screen.
    let mut t = Pty::spawn_in(
        dir.path(),
        &["--db", &db_s, "--operator", "张敏"],
        "2026-11-23 12:30",
    );
    t.sign_in("1234");
    t.wait_for("张敏（前台）已登录");
    t.send(keys::F6);
    let s = t.wait_for("代管钥匙与借还");
    assert!(s.contains(&format!("逾期 {n} 份")), "{n} overdue:\n{s}");
    t.send("A-03");
    let s = t.wait_for("全部 1 ");
    assert!(row(&s, "A-03").contains("⚠逾期"), "{s}");
    assert!(s.contains("⚠逾期 1"), "the overdue tab counts it:\n{s}");
    t.send(keys::ENTER);
    let s = t.wait_for("归还钥匙");
    assert!(s.contains("⚠逾期 份1 施工单位 孙师傅"), "{s}");
    t.send(keys::CTRL_S);
    let s = t.wait_for("已归还 A-03 份1（完好），张敏 签收");
    assert!(row(&s, "A-03").contains("在柜"), "{s}");
    assert!(s.contains(&format!("逾期 {} 份", n - 1)), "{s}");
    t.quit();

    // The register kept the loan with its approval and the return.
    let (code, out, err) = pty::cli_in(
        dir.path(),
        &["--db", &db_s, "keys", "show", "A-03", "--json"],
        "2026-11-23 12:31",
        None,
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let loan = &v["history"][0];
    assert_eq!(loan["borrower_type"], "contractor");
    assert_eq!(loan["approved_by"], "陈静");
    assert!(
        loan["returned_at"]
            .as_str()
            .is_some_and(|t| t.starts_with("2026-11-23T12:30")),
        "{loan}"
    );
    assert_eq!(loan["returned_to"], "张敏");
    assert_eq!(loan["borrower_id_no"], "310***********1234");
}
