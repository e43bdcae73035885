//! A program in a real pseudo-terminal (portable-pty), 80x24: what it wrote
//! and when, parsed by vt100 to wait for what the screen shows.

use super::Res;
use portable_pty::{native_pty_system, Child, CommandBuilder, PtySize};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A burst of output counts as finished after this long without a byte.
pub const QUIET: Duration = Duration::from_millis(40);
/// The longest a single answer may take before the figure says "timeout".
pub const PATIENCE: Duration = Duration::from_secs(20);

/// A program in a pseudo-terminal: what it wrote and when.
pub struct Term {
    chunks: Arc<Mutex<Vec<(Instant, usize)>>>,
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    pub started: Instant,
}

impl Term {
    pub fn spawn(program: &Path, args: &[&str], env: &[(&str, String)], cwd: &Path) -> Res<Term> {
        let pair = native_pty_system().openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })?;
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.cwd(cwd);
        cmd.env("TERM", "xterm-256color");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let started = Instant::now();
        let child = pair.slave.spawn_command(cmd)?;
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader()?;
        let writer = pair.master.take_writer()?;
        let chunks = Arc::new(Mutex::new(Vec::new()));
        let parser = Arc::new(Mutex::new(vt100::Parser::new(24, 80, 0)));
        let (c, p) = (Arc::clone(&chunks), Arc::clone(&parser));
        let master = pair.master;
        std::thread::spawn(move || {
            let _keep = master;
            let mut buf = [0u8; 16384];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let now = Instant::now();
                        if let Ok(mut p) = p.lock() {
                            p.process(&buf[..n]);
                        }
                        if let Ok(mut c) = c.lock() {
                            c.push((now, n));
                        }
                    }
                }
            }
        });
        Ok(Term {
            chunks,
            parser,
            writer,
            child,
            started,
        })
    }

    pub fn screen(&self) -> String {
        self.parser
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// Wait for output after `since` and then for quiet: the time of its
    /// last byte and the bytes written, or None when nothing came.
    pub fn burst(&self, since: Instant, wait_first: Duration) -> Option<(Instant, usize)> {
        let deadline = since + PATIENCE;
        let first_deadline = since + wait_first;
        loop {
            std::thread::sleep(Duration::from_millis(2));
            let now = Instant::now();
            let (last, bytes) = {
                let c = self.chunks.lock().ok()?;
                let after: Vec<&(Instant, usize)> = c.iter().filter(|(t, _)| *t >= since).collect();
                (
                    after.last().map(|(t, _)| *t),
                    after.iter().map(|(_, n)| n).sum::<usize>(),
                )
            };
            match last {
                None if now > first_deadline => return None,
                None => continue,
                Some(t) if now.duration_since(t) >= QUIET => return Some((t, bytes)),
                Some(_) if now > deadline => return Some((now, bytes)),
                Some(_) => continue,
            }
        }
    }

    pub fn send(&mut self, keys: &str) -> Res<Instant> {
        let t = Instant::now();
        self.writer.write_all(keys.as_bytes())?;
        self.writer.flush()?;
        Ok(t)
    }

    /// A key and its answer: (ms until the last byte, bytes), None if the
    /// program drew nothing.
    pub fn key(&mut self, keys: &str) -> Res<Option<(f64, usize)>> {
        self.key_within(keys, Duration::from_millis(500))
    }

    /// `key` for a key whose answer may take long (a screen that loads).
    pub fn key_within(&mut self, keys: &str, first: Duration) -> Res<Option<(f64, usize)>> {
        let sent = self.send(keys)?;
        Ok(self
            .burst(sent, first)
            .map(|(t, n)| (t.duration_since(sent).as_secs_f64() * 1e3, n)))
    }

    pub fn wait_for(&self, needle: &str) -> Res<()> {
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            if self.screen().contains(needle) {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        Err(format!(
            "timed out waiting for {needle:?}; screen:\n{}",
            self.screen()
        )
        .into())
    }

    /// Peak resident memory in MB (VmHWM).
    pub fn peak_rss_mb(&self) -> Option<f64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid()?)).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb / 1024.0)
    }

    /// CPU time used (user + system), in seconds.
    pub fn cpu_secs(&self) -> Option<f64> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid()?)).ok()?;
        let after = stat.rsplit_once(')')?.1;
        let f: Vec<&str> = after.split_whitespace().collect();
        let ticks = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
        // SAFETY: sysconf has no preconditions.
        let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
        Some(ticks / hz.max(1.0))
    }

    /// Bytes the program wrote while `d` passes with no input.
    pub fn idle(&self, d: Duration) -> (Option<f64>, usize) {
        let since = Instant::now();
        let c0 = self.cpu_secs();
        std::thread::sleep(d);
        let c1 = self.cpu_secs();
        let bytes = self
            .chunks
            .lock()
            .map(|c| c.iter().filter(|(t, _)| *t >= since).map(|(_, n)| n).sum())
            .unwrap_or(0);
        let cpu = match (c0, c1) {
            (Some(a), Some(b)) => Some((b - a) / d.as_secs_f64() * 100.0),
            _ => None,
        };
        (cpu, bytes)
    }

    pub fn quit(mut self, keys: &str) {
        let _ = self.send(keys);
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

pub const DOWN: &str = "\x1b[B";
pub const UP: &str = "\x1b[A";
pub const F: [&str; 6] = [
    "\x1bOQ", "\x1bOR", "\x1bOS", "\x1b[15~", "\x1b[17~", "\x1b[18~",
];

/// Key latencies (ms) and bytes of `n` presses alternating down and up in
/// runs of 10 (the selection moves every time).
pub fn arrows(t: &mut Term, n: usize) -> Res<(Vec<f64>, Vec<f64>)> {
    let (mut lat, mut bytes) = (Vec::new(), Vec::new());
    for i in 0..n {
        let k = if (i / 10) % 2 == 0 { DOWN } else { UP };
        if let Some((ms, b)) = t.key(k)? {
            lat.push(ms);
            bytes.push(b as f64);
        }
        std::thread::sleep(Duration::from_millis(15));
    }
    Ok((lat, bytes))
}
