//! End to end: the real binary in a pseudo-terminal (80x24), two operators
//! changing shift on one database. 张敏 writes a log entry and hands the day
//! shift over at 16:40; 李娜 starts at 17:05, picks herself, is shown the
//! handover, types a wrong PIN (refused), then hers; the CLI then prints the
//! sealed handover as signed.

mod common;

use common::pty::{self, keys, Pty};
use std::path::{Path, PathBuf};

fn db(home: &Path) -> PathBuf {
    home.join("site.db")
}

#[test]
fn a_full_shift_change_by_two_operators() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = dir.path();
    let path = db(home).to_string_lossy().into_owned();
    let (code, _, err) = pty::cli_in(
        home,
        &["init", "--db", &path, "--demo"],
        "2026-11-23 16:40",
        None,
    );
    assert_eq!(code, 0, "{err}");

    // 张敏, end of the day shift.
    let mut a = Pty::spawn_in(
        home,
        &["--db", &path, "--operator", "张敏"],
        "2026-11-23 16:40",
    );
    a.sign_in("1234");
    a.wait_for("受理");
    a.send(keys::F7);
    let s = a.wait_for("值班日志 · 2026-11-23 白班");
    assert!(s.contains("白班 张敏"), "{s}");
    a.send("3-2-1201 热水器已修好");
    a.wait_for("3-2-1201 热水器已修好");
    a.send(keys::CTRL_S);
    a.wait_for("已记录 L");
    a.send(keys::CTRL_O);
    a.wait_for("交班预览 · 2026-11-23 白班 09:00–17:00");
    a.send("今晚回电李女士");
    a.send(keys::CTRL_S);
    let s = a.wait_for("等待接班人签收");
    assert!(s.contains("待签收"), "{s}");
    a.quit();

    // 李娜 starts the evening shift and picks herself.
    let mut b = Pty::spawn_in(home, &["--db", &path], "2026-11-23 17:05");
    // The person is a choice: the next one is 李娜; Enter goes on to the PIN.
    b.wait_for("选择你的姓名");
    b.send(keys::DOWN);
    b.send(keys::ENTER);
    b.sign_in("1234");
    let s = b.wait_for("有待签收的交接班");
    assert!(s.contains("中班 李娜"), "{s}");
    assert!(s.contains("交班人 张敏"), "{s}");
    // The signing form starts on who signs (herself); Tab to the PIN.
    b.send(keys::TAB);
    b.send("0000");
    b.wait_for("****");
    b.send(keys::CTRL_S);
    b.wait_for("PIN 不正确");
    b.send("1234");
    b.send(keys::TAB);
    b.send("收到");
    b.send(keys::CTRL_S);
    let s = b.wait_for("已由 李娜 签收并封存");
    assert!(s.contains("已签收"), "{s}");
    b.quit();

    // The sealed handover, exactly as signed.
    let (code, text, err) = pty::cli_in(
        home,
        &["--db", &path, "handover", "show", "latest"],
        "2026-11-23 17:10",
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        text.starts_with("交接班报告 · 2026-11-23 白班 09:00–17:00"),
        "{text}"
    );
    assert!(text.contains("3-2-1201 热水器已修好"), "{text}");
    assert!(text.contains("今晚回电李女士"), "{text}");
    assert!(text.contains("【签收】李娜 于 2026-11-23 17:0"), "{text}");
    assert!(text.contains("接班备注：收到"), "{text}");
    assert!(text.contains("内容与交班时一致"), "{text}");
}
