//! Runs the real binary in a pseudo-terminal and reads its screen back, the
//! way an operator's SSH session would see it.

use portable_pty::{native_pty_system, Child, CommandBuilder, PtySize};
use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_frontdesk");

/// Key sequences as an xterm sends them.
pub mod keys {
    pub const ENTER: &str = "\r";
    pub const TAB: &str = "\t";
    pub const ESC: &str = "\x1b";
    pub const UP: &str = "\x1b[A";
    pub const DOWN: &str = "\x1b[B";
    pub const RIGHT: &str = "\x1b[C";
    pub const HOME: &str = "\x1b[H";
    pub const F1: &str = "\x1bOP";
    pub const F2: &str = "\x1bOQ";
    pub const F3: &str = "\x1bOR";
    pub const F4: &str = "\x1bOS";
    pub const F5: &str = "\x1b[15~";
    pub const F6: &str = "\x1b[17~";
    pub const F7: &str = "\x1b[18~";
    pub const CTRL_S: &str = "\x13";
    pub const CTRL_Q: &str = "\x11";
    pub const CTRL_N: &str = "\x0e";
    pub const CTRL_O: &str = "\x0f";
    pub const CTRL_U: &str = "\x15";
    pub const CTRL_Z: &str = "\x1a";
    pub const F12: &str = "\x1b[24~";
}

pub struct Pty {
    parser: Arc<Mutex<vt100::Parser>>,
    /// When the app last wrote to its terminal.
    last_output: Arc<Mutex<Instant>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
}

/// How long a wait may take before the test fails. A slow machine (or a
/// debug build under load) can stretch it: `FRONTDESK_TEST_TIMEOUT=60`.
pub fn patience() -> Duration {
    let secs = std::env::var("FRONTDESK_TEST_TIMEOUT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(15);
    Duration::from_secs(secs)
}

/// The prompt of the shell `Pty::shell` starts: nothing the app draws
/// looks like it.
pub const SHELL_PROMPT: &str = "fd-shell$ ";

/// The screen counts as settled once the app wrote nothing for this long.
const QUIET: Duration = Duration::from_millis(60);

/// The HOME (and XDG dirs) the tests run the binary with unless a test gives
/// its own: keeps the user's real config and data out of tests.
fn default_home() -> PathBuf {
    std::env::temp_dir().join("frontdesk-pty-home")
}

/// The clock, HOME and XDG config/data dirs for one run of the binary.
/// Variables of the runner that would change what the binary prints.
const UNSET: [&str; 5] = [
    "LANG",
    "LC_ALL",
    "LC_MESSAGES",
    "FRONTDESK_DB",
    "FRONTDESK_CONFIG",
];

fn env_in(home: &Path, now: &str) -> [(&'static str, OsString); 4] {
    [
        ("FRONTDESK_NOW", now.into()),
        ("HOME", home.into()),
        ("XDG_CONFIG_HOME", home.join("config").into()),
        ("XDG_DATA_HOME", home.join("data").into()),
    ]
}

/// Run `frontdesk init --db PATH --demo` with the clock at `now`.
pub fn init_demo(db: &Path, now: &str) {
    let db = db.to_string_lossy();
    let (code, _, err) = cli(&["init", "--db", &db, "--demo"], now, None);
    assert_eq!(code, 0, "init failed: {err}");
}

/// Run a CLI command to completion: (exit code, stdout, stderr).
pub fn cli(args: &[&str], now: &str, stdin: Option<&str>) -> (i32, String, String) {
    cli_in(&default_home(), args, now, stdin)
}

/// `cli` with its own HOME (config and data dirs below it).
pub fn cli_in(home: &Path, args: &[&str], now: &str, stdin: Option<&str>) -> (i32, String, String) {
    let mut cmd = std::process::Command::new(BIN);
    cmd.args(args);
    cmd.envs(env_in(home, now));
    // The runner's locale and frontdesk settings must not reach the binary.
    for key in UNSET {
        cmd.env_remove(key);
    }
    cmd.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("spawn cli");
    if let Some(input) = stdin {
        // A command that does not read its stdin may be gone already.
        match child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
        {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => panic!("write stdin: {e}"),
            _ => {}
        }
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().expect("cli output");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

impl Pty {
    /// Start the binary with `args` in an 80x24 terminal, clock at `now`.
    pub fn spawn(args: &[&str], now: &str) -> Pty {
        Pty::spawn_sized(args, now, 80, 24)
    }

    pub fn spawn_sized(args: &[&str], now: &str, cols: u16, rows: u16) -> Pty {
        Pty::start(&default_home(), args, now, cols, rows)
    }

    /// Start in an 80x24 terminal with its own HOME (config and data below it).
    pub fn spawn_in(home: &Path, args: &[&str], now: &str) -> Pty {
        Pty::start(home, args, now, 80, 24)
    }

    /// Start an interactive shell with job control in an 80x24 terminal
    /// (bash without any rc file), its prompt [`SHELL_PROMPT`], the
    /// binary's path in `$FRONTDESK_BIN` and the clock at `now`: a test
    /// types the command line as an operator would (Ctrl-Z, `fg`).
    pub fn shell(home: &Path, now: &str) -> Pty {
        let mut cmd = CommandBuilder::new("bash");
        cmd.args(["--norc", "--noprofile", "-i"]);
        cmd.env("PS1", SHELL_PROMPT);
        cmd.env("FRONTDESK_BIN", BIN);
        Pty::start_command(cmd, home, now, 80, 24)
    }

    fn start(home: &Path, args: &[&str], now: &str, cols: u16, rows: u16) -> Pty {
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(args);
        Pty::start_command(cmd, home, now, cols, rows)
    }

    fn start_command(mut cmd: CommandBuilder, home: &Path, now: &str, cols: u16, rows: u16) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        cmd.env("TERM", "xterm-256color");
        std::fs::create_dir_all(home).expect("home dir");
        cmd.cwd(home);
        for (key, value) in env_in(home, now) {
            cmd.env(key, value);
        }
        for key in UNSET {
            cmd.env_remove(key);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let p = Arc::clone(&parser);
        let last_output = Arc::new(Mutex::new(Instant::now()));
        let out = Arc::clone(&last_output);
        // The master must stay alive for the session: the reader thread owns it.
        let master = pair.master;
        std::thread::spawn(move || {
            let _keep = master;
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if let Ok(mut parser) = p.lock() {
                            parser.process(&buf[..n]);
                        }
                        if let Ok(mut at) = out.lock() {
                            *at = Instant::now();
                        }
                    }
                }
            }
        });
        Pty {
            parser,
            last_output,
            writer,
            child,
        }
    }

    /// Send keys, then wait until the app has drawn its answer (the screen
    /// stays quiet), rather than for a fixed time.
    pub fn send(&mut self, keys: &str) {
        let sent = Instant::now();
        self.writer
            .write_all(keys.as_bytes())
            .expect("write to pty");
        self.writer.flush().expect("flush");
        self.settle(sent);
    }

    /// Type text one character at a time, as a person would.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            let mut b = [0u8; 4];
            let sent = Instant::now();
            self.writer
                .write_all(c.encode_utf8(&mut b).as_bytes())
                .expect("write");
            self.writer.flush().expect("flush");
            self.settle(sent);
        }
    }

    /// Wait until the app wrote something after `sent` and then nothing for
    /// a moment. A key that changes nothing on screen ends the wait after a
    /// short grace; the app never takes `patience()` to draw.
    fn settle(&self, sent: Instant) {
        let grace = Duration::from_millis(300);
        let deadline = Instant::now() + patience();
        loop {
            std::thread::sleep(Duration::from_millis(10));
            let last = self.last_output.lock().map(|t| *t).unwrap_or(sent);
            let quiet = last.elapsed() >= QUIET;
            let answered = last > sent || sent.elapsed() >= grace;
            if (answered && quiet) || Instant::now() > deadline {
                return;
            }
        }
    }

    pub fn screen(&self) -> String {
        self.parser
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    pub fn alternate_screen(&self) -> bool {
        self.parser
            .lock()
            .map(|p| p.screen().alternate_screen())
            .unwrap_or(false)
    }

    /// Wait until the screen shows `needle`; panic with the screen if it does not.
    pub fn wait_for(&self, needle: &str) -> String {
        let deadline = Instant::now() + patience();
        loop {
            let s = self.screen();
            if s.contains(needle) {
                return s;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {needle:?}; screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// Wait for the process to end; the exit code, or None on timeout.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<u32> {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status.exit_code());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }

    /// Sign in on the sign-in form (the person chosen already, by
    /// `--operator` or by hand, and the PIN field focused): type the PIN and
    /// press Enter.
    pub fn sign_in(&mut self, pin: &str) {
        self.wait_for("PIN");
        self.send(pin);
        self.send(keys::ENTER);
    }

    /// Quit with Ctrl-Q and check the app ended cleanly (exit code 0).
    pub fn quit(mut self) {
        self.send(keys::CTRL_Q);
        let code = self.wait_exit(Duration::from_secs(10));
        assert_eq!(
            code,
            Some(0),
            "did not quit cleanly; screen:\n{}",
            self.screen()
        );
    }
}

impl Drop for Pty {
    /// A failing test must not leave the app behind: with its terminal gone
    /// it would spin (crossterm#793).
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
