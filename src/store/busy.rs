//! Waiting for the write lock. Every write is one short `BEGIN IMMEDIATE`;
//! when another operator's process holds the lock, the connection waits
//! rather than failing with "database is locked".
//!
//! SQLite's own busy timeout sleeps 1, 2, 5 … 50, then 100 ms at a time: a
//! writer that has waited long looks for the lock only every 100 ms and keeps
//! losing it to newcomers that look after 1 ms — with 20 busy writers some
//! waited the whole 5 s and failed (p99 2 s). Here a waiter sleeps a short
//! random time instead (a few ms; shorter the longer it has waited, so the
//! longest waiters look most often: roughly first come, first served), and
//! gives up only when the busy window is over.

use std::time::{Duration, Instant};

/// How long a write waits for the lock before it reports the database busy.
pub const BUSY_WINDOW: Duration = Duration::from_secs(5);

/// Random pauses: cheap, and good enough to spread waiters apart.
pub struct Jitter(u64);

impl Jitter {
    /// Seeded from the clock, the process and the place in memory, so two
    /// processes started together do not pause alike.
    pub fn new() -> Jitter {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0x9e37_79b9);
        let here = Box::new(0u8);
        let addr = &*here as *const u8 as u64;
        Jitter((nanos ^ (u64::from(std::process::id()) << 32) ^ addr.rotate_left(17)) | 1)
    }

    fn next(&mut self) -> u64 {
        // xorshift64*
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// The pause before look number `count` (0-based) of one wait: uniform
    /// in [0.2 ms, cap], the cap falling from 6 ms to 1 ms as the wait grows.
    pub fn backoff(&mut self, count: u32) -> Duration {
        let cap_us: u64 = match count {
            0..=7 => 6_000,
            8..=15 => 3_000,
            16..=31 => 2_000,
            _ => 1_000,
        };
        Duration::from_micros(200 + self.next() % (cap_us - 200))
    }
}

/// Install the busy handler on a connection (instead of a busy timeout):
/// sleep a little and try again, until the busy window is over.
pub fn install(conn: &mut rusqlite::Connection) -> rusqlite::Result<()> {
    let mut jitter = Jitter::new();
    let mut start = Instant::now();
    conn.busy_handler(Some(move |count: i32| {
        let now = Instant::now();
        // Count 0 is the first call of a new wait.
        if count == 0 {
            start = now;
        }
        if now.duration_since(start) >= BUSY_WINDOW {
            return false;
        }
        std::thread::sleep(jitter.backoff(count.max(0) as u32));
        true
    }))
}

/// Whether an error is "the database is busy / locked".
pub fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_short_and_shrinks_with_the_wait() {
        let mut j = Jitter::new();
        for count in 0..100 {
            let d = j.backoff(count);
            assert!(d >= Duration::from_micros(200) && d <= Duration::from_millis(6));
            if count >= 32 {
                assert!(d <= Duration::from_millis(1));
            }
        }
    }

    #[test]
    fn waits_are_spread() {
        let mut j = Jitter::new();
        let a: Vec<Duration> = (0..20).map(|_| j.backoff(0)).collect();
        let distinct: std::collections::BTreeSet<_> = a.iter().collect();
        assert!(distinct.len() > 10, "{a:?}");
    }
}
