//! Many writers on one database, as a busy desk has them: each worker has its
//! own connection and does real store writes (register a repair, dispatch,
//! accept, complete, close — one write transaction each) as fast as it can
//! for the given time. Prints the writes done, the "database is locked"
//! errors and the write latencies (p50/p95/p99/max, including the wait for
//! the write lock).
//!
//! ```sh
//! cargo run --release --example load -- --writers 20 --secs 30            # processes
//! cargo run --release --example load -- --writers 20 --secs 30 --threads  # threads
//! ```
//!
//! Workers are separate processes by default (this program started again with
//! `--worker`), as operators' SSH sessions are; `--threads` runs them as
//! threads of one process, each with its own connection. `--db PATH` uses an
//! existing database (copy one first: the run adds tickets); otherwise a demo
//! site is built in a temporary directory.

use frontdesk::clock::Clock;
use frontdesk::domain::time::DEFAULT_ZONE;
use frontdesk::domain::{Action, Kind, StepInput};
use frontdesk::store::tickets::NewTicket;
use frontdesk::store::{Actor, Store, StoreError};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one worker saw.
#[derive(Debug, Default)]
struct Tally {
    /// Latency of each committed write, in microseconds.
    lat_us: Vec<u64>,
    /// Writes refused with SQLITE_BUSY / SQLITE_LOCKED.
    locked: u64,
    /// Writes that failed otherwise (the first message is kept).
    other: u64,
    first_other: Option<String>,
}

impl Tally {
    fn merge(&mut self, o: Tally) {
        self.lat_us.extend(o.lat_us);
        self.locked += o.locked;
        self.other += o.other;
        if self.first_other.is_none() {
            self.first_other = o.first_other;
        }
    }

    /// One line a worker process prints and the parent reads back.
    fn encode(&self) -> String {
        let lat: Vec<String> = self.lat_us.iter().map(|l| l.to_string()).collect();
        format!(
            "{} {} {}|{}",
            self.locked,
            self.other,
            lat.join(","),
            self.first_other.as_deref().unwrap_or("").replace('\n', " ")
        )
    }

    fn decode(line: &str) -> Option<Tally> {
        let (head, first) = line.split_once('|')?;
        let mut parts = head.splitn(3, ' ');
        let locked = parts.next()?.parse().ok()?;
        let other = parts.next()?.parse().ok()?;
        let lat_us = parts
            .next()
            .unwrap_or("")
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().ok())
            .collect::<Option<Vec<u64>>>()?;
        Some(Tally {
            lat_us,
            locked,
            other,
            first_other: (!first.is_empty()).then(|| first.to_string()),
        })
    }
}

fn is_lock_error(e: &StoreError) -> bool {
    matches!(e, StoreError::Sql(rusqlite::Error::SqliteFailure(f, _))
        if matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked))
}

const OPERATORS: &[&str] = &["张敏", "李娜", "王芳", "赵丽"];

/// Write for `secs` seconds on `db`; worker `n` acts as one of the demo operators.
fn work(db: &Path, secs: f64, n: usize) -> Tally {
    let mut tally = Tally::default();
    let mut store = match Store::open(db, DEFAULT_ZONE) {
        Ok(s) => s,
        Err(e) => {
            tally.other += 1;
            tally.first_other = Some(format!("open: {e}"));
            return tally;
        }
    };
    let clock = Clock::System(DEFAULT_ZONE);
    let me = match store.staff_by_name(OPERATORS[n % OPERATORS.len()]) {
        Ok(s) => Actor::assume(s),
        Err(e) => {
            tally.other += 1;
            tally.first_other = Some(format!("operator: {e}"));
            return tally;
        }
    };
    let units: Vec<String> = store
        .conn()
        .prepare("SELECT code FROM units ORDER BY id LIMIT 300")
        .and_then(|mut st| {
            st.query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .unwrap_or_default();
    let end = Instant::now() + Duration::from_secs_f64(secs);
    let mut i = n;
    // One write: time it, sort the outcome.
    let timed = |tally: &mut Tally, f: &mut dyn FnMut() -> Result<(), StoreError>| -> bool {
        let t = Instant::now();
        match f() {
            Ok(()) => {
                tally.lat_us.push(t.elapsed().as_micros() as u64);
                true
            }
            Err(e) if is_lock_error(&e) => {
                tally.locked += 1;
                false
            }
            Err(e) => {
                tally.other += 1;
                tally.first_other.get_or_insert_with(|| e.to_string());
                false
            }
        }
    };
    while Instant::now() < end {
        i += 1;
        let unit = units.get(i % units.len().max(1)).cloned();
        let new = NewTicket {
            kind: Some(Kind::Repair),
            unit,
            reporter: "压测".into(),
            description: format!("load test {n}/{i}"),
            ..Default::default()
        };
        let mut ticket = None;
        timed(&mut tally, &mut || {
            ticket = Some(store.create_ticket(&new, &me, clock.now())?);
            Ok(())
        });
        let Some(mut t) = ticket else { continue };
        let steps = [
            (
                Action::Dispatch,
                StepInput {
                    department: Some("engineering".into()),
                    ..Default::default()
                },
            ),
            (Action::Accept, StepInput::default()),
            (
                Action::Complete,
                StepInput {
                    resident_signed: Some(true),
                    ..Default::default()
                },
            ),
            (Action::Close, StepInput::default()),
        ];
        for (action, input) in steps {
            if Instant::now() >= end {
                break;
            }
            let mut next = None;
            let ok = timed(&mut tally, &mut || {
                next = Some(store.transition(t.id, t.version, action, &input, &me, clock.now())?);
                Ok(())
            });
            match next {
                Some(n) if ok => t = n,
                _ => break,
            }
        }
    }
    tally
}

fn percentile(sorted: &[u64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[i] as f64 / 1000.0
}

struct Args {
    writers: usize,
    secs: f64,
    threads: bool,
    db: Option<PathBuf>,
    worker: Option<usize>,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        writers: 20,
        secs: 30.0,
        threads: false,
        db: None,
        worker: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--writers" => a.writers = value("--writers")?.parse().map_err(|_| "--writers N")?,
            "--secs" => a.secs = value("--secs")?.parse().map_err(|_| "--secs T")?,
            "--threads" => a.threads = true,
            "--db" => a.db = Some(PathBuf::from(value("--db")?)),
            "--worker" => a.worker = Some(value("--worker")?.parse().map_err(|_| "--worker N")?),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(a)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a = args()?;
    if let Some(n) = a.worker {
        let db = a.db.ok_or("--worker needs --db")?;
        println!("{}", work(&db, a.secs, n).encode());
        return Ok(());
    }
    let dir = tempfile::tempdir()?;
    let db = match a.db.clone() {
        Some(p) => p,
        None => {
            let p = dir.path().join("load.db");
            let mut store = Store::create(&p, false, DEFAULT_ZONE)?;
            frontdesk::demo::populate(&mut store, Clock::System(DEFAULT_ZONE).now())?;
            p
        }
    };
    let mode = if a.threads { "threads" } else { "processes" };
    println!(
        "{} writers ({mode}) for {} s on {}",
        a.writers,
        a.secs,
        db.display()
    );
    let started = Instant::now();
    let mut total = Tally::default();
    if a.threads {
        let handles: Vec<_> = (0..a.writers)
            .map(|n| {
                let db = db.clone();
                std::thread::spawn(move || work(&db, a.secs, n))
            })
            .collect();
        for h in handles {
            total.merge(h.join().map_err(|_| "a worker panicked")?);
        }
    } else {
        let exe = std::env::current_exe()?;
        let children: Vec<_> = (0..a.writers)
            .map(|n| {
                Command::new(&exe)
                    .args(["--worker", &n.to_string(), "--secs", &a.secs.to_string()])
                    .arg("--db")
                    .arg(&db)
                    .stdout(Stdio::piped())
                    .spawn()
            })
            .collect::<Result<_, _>>()?;
        for c in children {
            let out = c.wait_with_output()?;
            let text = String::from_utf8_lossy(&out.stdout);
            let t = text
                .lines()
                .last()
                .and_then(Tally::decode)
                .ok_or("a worker printed nothing")?;
            total.merge(t);
        }
    }
    let wall = started.elapsed().as_secs_f64();
    let mut lat = std::mem::take(&mut total.lat_us);
    lat.sort_unstable();
    println!(
        "writes {}  ({:.0}/s)   lock errors {}   other errors {}",
        lat.len(),
        lat.len() as f64 / wall,
        total.locked,
        total.other
    );
    println!(
        "write latency ms: p50 {:.1}  p95 {:.1}  p99 {:.1}  max {:.1}",
        percentile(&lat, 0.50),
        percentile(&lat, 0.95),
        percentile(&lat, 0.99),
        percentile(&lat, 1.0)
    );
    if let Some(e) = &total.first_other {
        println!("first other error: {e}");
    }
    Ok(())
}
