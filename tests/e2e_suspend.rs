//! End to end: Ctrl-Z from a job-control shell stops the app with the
//! terminal given back (main screen, the shell's prompt usable), and `fg`
//! brings it back drawn anew, in raw mode, with what was typed kept.

mod common;

use common::pty::{self, keys, Pty, SHELL_PROMPT};
use std::time::Duration;

const NOW: &str = "2026-11-23 10:00";

#[test]
fn ctrl_z_suspends_and_fg_redraws() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("desk.db");
    pty::init_demo(&db, NOW);

    let mut sh = Pty::shell(home.path(), NOW);
    sh.wait_for(SHELL_PROMPT);
    // Only ASCII on the command line: the shell runs in the C locale.
    sh.type_text(&format!("\"$FRONTDESK_BIN\" --db '{}'", db.display()));
    sh.send(keys::ENTER);
    sh.wait_for("选择你的姓名");
    assert!(
        sh.alternate_screen(),
        "the app draws on the alternate screen"
    );
    // 张敏 is the first choice; half the PIN typed before the suspend.
    sh.send(keys::ENTER);
    sh.wait_for("PIN");
    sh.type_text("12");

    sh.send(keys::CTRL_Z);
    let s = sh.wait_for("Stopped");
    assert!(
        !sh.alternate_screen(),
        "the terminal is given back on the main screen:\n{s}"
    );
    assert!(!s.contains("选择你的姓名"), "{s}");
    // The shell works: a command runs and prints.
    sh.type_text("echo shell-$((40+2))");
    sh.send(keys::ENTER);
    sh.wait_for("shell-42");

    sh.type_text("fg");
    sh.send(keys::ENTER);
    let s = sh.wait_for("选择你的姓名");
    assert!(sh.alternate_screen(), "back on the alternate screen:\n{s}");
    assert!(
        !s.contains("shell-42"),
        "drawn anew over a clean screen:\n{s}"
    );
    // Keys arrive one by one again (raw mode): the rest of the PIN, Enter.
    sh.type_text("34");
    sh.send(keys::ENTER);
    sh.wait_for("张敏（前台）已登录");

    // Ctrl-Q reaches the app only in raw mode (the tty would take it as XON).
    sh.send(keys::CTRL_Q);
    sh.wait_for(SHELL_PROMPT);
    sh.type_text("echo exit=$?");
    sh.send(keys::ENTER);
    let s = sh.wait_for("exit=0");
    assert!(!sh.alternate_screen(), "{s}");
    sh.type_text("exit");
    sh.send(keys::ENTER);
    assert!(
        sh.wait_exit(Duration::from_secs(10)).is_some(),
        "the shell did not end:\n{}",
        sh.screen()
    );
}
