//! The clock the app reads. Domain code never reads it: time is passed in.
//!
//! `FRONTDESK_NOW="2026-11-23 10:00:00"` starts the clock at that moment (it
//! then runs on), so end-to-end tests and demos are repeatable.

use chrono::{Local, NaiveDateTime};
use std::time::Instant;

#[derive(Debug, Clone)]
pub enum Clock {
    /// The machine's local time.
    System,
    /// Starts at `at` and advances with real time.
    Anchored { at: NaiveDateTime, since: Instant },
    /// Frozen: for tests and snapshots.
    Fixed(NaiveDateTime),
}

pub const ENV_NOW: &str = "FRONTDESK_NOW";

impl Clock {
    pub fn now(&self) -> NaiveDateTime {
        match self {
            Clock::System => Local::now().naive_local(),
            Clock::Anchored { at, since } => {
                *at + chrono::Duration::from_std(since.elapsed()).unwrap_or_default()
            }
            Clock::Fixed(t) => *t,
        }
    }

    /// From `FRONTDESK_NOW` when set and valid, else the system clock.
    pub fn from_env() -> Result<Clock, String> {
        match std::env::var(ENV_NOW) {
            Ok(s) if !s.trim().is_empty() => parse(&s)
                .map(|at| Clock::Anchored {
                    at,
                    since: Instant::now(),
                })
                .ok_or_else(|| format!("{ENV_NOW}={s:?}: expected YYYY-MM-DD HH:MM[:SS]")),
            _ => Ok(Clock::System),
        }
    }
}

/// `2026-11-23 10:00`, `2026-11-23 10:00:00` or `2026-11-23T10:00:00`.
pub fn parse(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim().replace('T', " ");
    ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(&s, f).ok())
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_forms() {
        let want = chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap();
        assert_eq!(parse("2026-11-23 10:00"), Some(want));
        assert_eq!(parse("2026-11-23T10:00:00"), Some(want));
        assert_eq!(parse("2026-11-23").map(|d| d.date()), Some(want.date()));
        assert_eq!(parse("23/11/2026"), None);
        assert_eq!(Clock::Fixed(want).now(), want);
    }
}
