//! End to end: the real binary in a pseudo-terminal (80x24), two operators
//! changing shift on one database. 张敏 writes a log entry and hands the day
//! shift over at 16:40; 李娜 starts at 17:05, picks herself, is shown the
//! handover, types a wrong PIN (refused), then hers; the CLI then prints the
//! sealed handover as signed.

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const F7: &str = "\x1b[18~";
const CTRL_S: &str = "\x13";
const CTRL_O: &str = "\x0f";
const CTRL_Q: &str = "\x11";
const DOWN: &str = "\x1b[B";
const ENTER: &str = "\r";
const TAB: &str = "\t";

type Writer = Arc<Mutex<Box<dyn Write + Send>>>;

struct Term {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Writer,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
}

fn env(cmd: &mut CommandBuilder, home: &Path, now: &str) {
    cmd.env("TERM", "xterm-256color");
    cmd.env("FRONTDESK_NOW", now);
    cmd.env("HOME", home);
    cmd.env("XDG_CONFIG_HOME", home.join("config"));
    cmd.env("XDG_DATA_HOME", home.join("data"));
}

impl Term {
    fn spawn(home: &Path, now: &str, args: &[&str]) -> Term {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_frontdesk"));
        cmd.args(args);
        cmd.cwd(home);
        env(&mut cmd, home, now);
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer: Writer = Arc::new(Mutex::new(pair.master.take_writer().expect("writer")));
        let parser = Arc::new(Mutex::new(vt100::Parser::new(24, 80, 0)));
        let p = Arc::clone(&parser);
        let w = Arc::clone(&writer);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let Ok(mut p) = p.lock() else { break };
                p.process(&buf[..n]);
                // Answer "where is the cursor?" (DSR) as a terminal would.
                if buf[..n].windows(4).any(|x| x == b"\x1b[6n") {
                    let (row, col) = p.screen().cursor_position();
                    if let Ok(mut w) = w.lock() {
                        let _ = write!(w, "\x1b[{};{}R", row + 1, col + 1);
                        let _ = w.flush();
                    }
                }
            }
        });
        Term {
            parser,
            writer,
            child,
            _master: pair.master,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().expect("parser").screen().contents()
    }

    /// Wait until `text` is on the screen (10 s at most).
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(10) {
                panic!("timed out waiting for {text:?}; screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn send(&mut self, bytes: &str) {
        let mut w = self.writer.lock().expect("writer");
        w.write_all(bytes.as_bytes()).expect("write");
        w.flush().expect("flush");
        drop(w);
        std::thread::sleep(Duration::from_millis(150));
    }

    fn quit(mut self) {
        self.send(CTRL_Q);
        let start = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                assert!(status.success(), "exit status {status:?}");
                return;
            }
            if start.elapsed() > Duration::from_secs(10) {
                let _ = self.child.kill();
                panic!("did not quit; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn db(home: &Path) -> PathBuf {
    home.join("site.db")
}

#[test]
fn a_full_shift_change_by_two_operators() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = dir.path();
    let path = db(home).to_string_lossy().into_owned();
    let init = std::process::Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(["init", "--db", &path, "--demo"])
        .env("FRONTDESK_NOW", "2026-11-23 16:40")
        .env("HOME", home)
        .output()
        .expect("init");
    assert!(init.status.success());

    // 张敏, end of the day shift.
    let mut a = Term::spawn(
        home,
        "2026-11-23 16:40",
        &["--db", &path, "--operator", "张敏"],
    );
    a.wait_for("受理");
    a.send(F7);
    let s = a.wait_for("值班日志 · 2026-11-23 白班");
    assert!(s.contains("白班 张敏"), "{s}");
    a.send("3-2-1201 热水器已修好");
    a.wait_for("3-2-1201 热水器已修好");
    a.send(CTRL_S);
    a.wait_for("已记录 L");
    a.send(CTRL_O);
    a.wait_for("交班预览 · 2026-11-23 白班 09:00–17:00");
    a.send("今晚回电李女士");
    a.send(CTRL_S);
    let s = a.wait_for("等待接班人签收");
    assert!(s.contains("待签收"), "{s}");
    a.quit();

    // 李娜 starts the evening shift and picks herself.
    let mut b = Term::spawn(home, "2026-11-23 17:05", &["--db", &path]);
    b.wait_for("请选择当班人员");
    b.send(DOWN);
    b.send(ENTER);
    let s = b.wait_for("有待签收的交接班");
    assert!(s.contains("中班 李娜"), "{s}");
    assert!(s.contains("交班人 张敏"), "{s}");
    b.send("0000");
    b.wait_for("****");
    b.send(CTRL_S);
    b.wait_for("PIN 不正确");
    b.send("1234");
    b.send(TAB);
    b.send("收到");
    b.send(CTRL_S);
    let s = b.wait_for("已由 李娜 签收并封存");
    assert!(s.contains("已签收"), "{s}");
    b.quit();

    // The sealed handover, exactly as signed.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(["--db", &path, "handover", "show", "latest"])
        .env("HOME", home)
        .output()
        .expect("show");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
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
