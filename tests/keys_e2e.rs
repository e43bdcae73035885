//! End to end in a real terminal: the binary on a demo database in an 80x24
//! PTY. An operator lends a key to a contractor with 陈静's approval (PIN in
//! the masked field); with the clock started after the due time the key shows
//! overdue; it is returned and signed off.

use portable_pty::{native_pty_system, CommandBuilder, PtySize};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_frontdesk");
const F6: &str = "\x1b[17~";
const RIGHT: &str = "\x1b[C";
const TAB: &str = "\t";
const ENTER: &str = "\r";
const CTRL_S: &str = "\x13";
const CTRL_U: &str = "\x15";
const CTRL_Q: &str = "\x11";

type Writer = Arc<Mutex<Box<dyn Write + Send>>>;

struct Term {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Writer,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Term {
    fn spawn(db: &Path, home: &Path, now: &str) -> Term {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(["--db", &db.display().to_string(), "--operator", "张敏"]);
        cmd.env("TERM", "xterm-256color");
        cmd.env("FRONTDESK_NOW", now);
        cmd.env("HOME", home);
        cmd.env("XDG_CONFIG_HOME", home);
        cmd.env("XDG_DATA_HOME", home);
        let child = pty.slave.spawn_command(cmd).expect("spawn");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let writer: Writer = Arc::new(Mutex::new(pty.master.take_writer().expect("writer")));
        let parser = Arc::new(Mutex::new(vt100::Parser::new(24, 80, 0)));
        let p = Arc::clone(&parser);
        let w = Arc::clone(&writer);
        std::thread::spawn(move || {
            let _master = pty.master;
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let Ok(mut parser) = p.lock() else { break };
                parser.process(&buf[..n]);
                // Answer a cursor-position query as a terminal would.
                if buf[..n].windows(4).any(|x| x == b"\x1b[6n") {
                    let (r, c) = parser.screen().cursor_position();
                    if let Ok(mut w) = w.lock() {
                        let _ = write!(w, "\x1b[{};{}R", r + 1, c + 1);
                        let _ = w.flush();
                    }
                }
            }
        });
        Term {
            parser,
            writer,
            child,
        }
    }

    fn screen(&self) -> String {
        self.parser
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

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

    fn send(&mut self, s: &str) {
        {
            let mut w = self.writer.lock().expect("writer");
            w.write_all(s.as_bytes()).expect("write");
            w.flush().expect("flush");
        }
        std::thread::sleep(Duration::from_millis(150));
    }

    fn quit(mut self) {
        self.send(CTRL_Q);
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(status)) = self.child.try_wait() {
                assert!(status.success(), "{status:?}");
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("frontdesk did not quit");
    }
}

impl Drop for Term {
    /// A failing test must not leave the app behind: with its terminal gone
    /// it would spin (crossterm#793).
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The row of the screen that starts with `head` (inside a box or not).
fn row<'a>(screen: &'a str, head: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.trim_start_matches('│').starts_with(head))
        .unwrap_or("")
}

#[test]
fn lend_to_a_contractor_see_it_overdue_and_return_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("desk.db");
    let out = std::process::Command::new(BIN)
        .args(["init", "--db", &db.display().to_string(), "--demo"])
        .env("FRONTDESK_NOW", "2026-11-23 10:00")
        .env("XDG_CONFIG_HOME", dir.path())
        .output()
        .expect("init");
    assert!(out.status.success(), "{out:?}");

    // 10:00 — lend A-03 to a contractor until 12:00, approved by 陈静.
    let mut t = Term::spawn(&db, dir.path(), "2026-11-23 10:00");
    t.wait_for("张敏（前台）已登录");
    t.send(F6);
    t.wait_for("代管钥匙与借还");
    t.send("A-03");
    let s = t.wait_for("全部 1 ");
    assert!(row(&s, "A-03").contains("在柜"), "{s}");
    t.send(ENTER);
    t.wait_for("借出钥匙");
    t.send(RIGHT);
    t.send(RIGHT);
    t.send(TAB);
    t.send("孙师傅");
    t.send(TAB);
    t.send("310104198001011234");
    t.send(TAB);
    t.send("13800001111");
    t.send(TAB);
    t.send("更换门锁");
    t.send(TAB);
    t.send(TAB);
    t.send(CTRL_U);
    t.send("12:00");
    t.send(TAB);
    t.send("y");
    t.send(TAB);
    t.send(RIGHT);
    t.send(TAB);
    t.send("1234");
    let s = t.screen();
    assert!(row(&s, "主管 PIN").contains("****"), "PIN masked:\n{s}");
    assert!(!s.contains("1234\n") && !row(&s, "主管 PIN").contains("1234"));
    t.send(ENTER);
    let s = t.wait_for("已借出 A-03 份1 给 孙师傅");
    assert!(s.contains("陈静 批准"), "{s}");
    assert!(row(&s, "A-03").contains("应还 11-23 12:00"), "{s}");
    assert!(!row(&s, "A-03").contains("逾期"), "not yet overdue:\n{s}");
    t.quit();

    // 12:30 — past the due time: the CLI lists it overdue …
    let out = std::process::Command::new(BIN)
        .args([
            "--db",
            &db.display().to_string(),
            "keys",
            "--overdue",
            "--json",
        ])
        .env("FRONTDESK_NOW", "2026-11-23 12:30")
        .env("XDG_CONFIG_HOME", dir.path())
        .output()
        .expect("keys --overdue");
    assert!(out.status.success(), "{out:?}");
    let overdue: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let overdue = overdue.as_array().expect("list");
    assert!(overdue
        .iter()
        .any(|l| l["hook"] == "A-03" && l["overdue"] == true));
    let n = overdue.len();

    // … and it stands out on the keys screen.
    let mut t = Term::spawn(&db, dir.path(), "2026-11-23 12:30");
    t.wait_for("张敏（前台）已登录");
    t.send(F6);
    let s = t.wait_for("代管钥匙与借还");
    assert!(s.contains(&format!("逾期 {n} 份")), "{n} overdue:\n{s}");
    t.send("A-03");
    let s = t.wait_for("全部 1 ");
    assert!(row(&s, "A-03").contains("⚠逾期"), "{s}");
    assert!(s.contains("⚠逾期 1"), "the overdue tab counts it:\n{s}");
    t.send(ENTER);
    let s = t.wait_for("归还钥匙");
    assert!(s.contains("⚠逾期 份1 施工单位 孙师傅"), "{s}");
    t.send(CTRL_S);
    let s = t.wait_for("已归还 A-03 份1（完好），张敏 签收");
    assert!(row(&s, "A-03").contains("在柜"), "{s}");
    assert!(s.contains(&format!("逾期 {} 份", n - 1)), "{s}");
    t.quit();

    // The register kept the loan with its approval and the return.
    let out = std::process::Command::new(BIN)
        .args([
            "--db",
            &db.display().to_string(),
            "keys",
            "show",
            "A-03",
            "--json",
        ])
        .env("FRONTDESK_NOW", "2026-11-23 12:31")
        .env("XDG_CONFIG_HOME", dir.path())
        .output()
        .expect("show");
    assert!(out.status.success(), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let loan = &v["history"][0];
    assert_eq!(loan["borrower_type"], "contractor");
    assert_eq!(loan["approved_by"], "陈静");
    assert!(
        loan["returned_at"]
            .as_str()
            .is_some_and(|t| t.starts_with("2026-11-23 12:30")),
        "{loan}"
    );
    assert_eq!(loan["returned_to"], "张敏");
    assert_eq!(loan["borrower_id_no"], "310***********1234");
}
