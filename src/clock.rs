//! The clock the app reads. Domain code never reads it: time is passed in.
//!
//! Every reading is the site's wall time (`domain::time`): the zone comes from
//! the config, never from the process's `TZ`, so two operators whose sessions
//! have different `TZ` settings see and record the same time.
//!
//! `FRONTDESK_NOW="2026-11-23 10:00:00"` (site-local) starts the clock at that
//! moment (it then runs on), so end-to-end tests and demos are repeatable.

use crate::domain::time::{self, Tz};
use chrono::{DateTime, NaiveDateTime, Utc};
use std::time::Instant;

#[derive(Debug, Clone)]
pub enum Clock {
    /// The machine's clock, read in the site's zone.
    System(Tz),
    /// Starts at the instant `at` and advances with real time; read in `zone`.
    Anchored {
        at: DateTime<Utc>,
        zone: Tz,
        since: Instant,
    },
    /// Frozen at a site-local time: for tests and snapshots.
    Fixed(NaiveDateTime),
}

pub const ENV_NOW: &str = "FRONTDESK_NOW";

impl Clock {
    /// The site's wall time now.
    pub fn now(&self) -> NaiveDateTime {
        match self {
            Clock::System(zone) => zone.local(Utc::now()),
            Clock::Anchored { at, zone, since } => {
                let t = *at + chrono::Duration::from_std(since.elapsed()).unwrap_or_default();
                zone.local(t)
            }
            Clock::Fixed(t) => *t,
        }
    }

    /// Starting at site-local `local` in `zone`, running on.
    pub fn anchored(local: NaiveDateTime, zone: Tz) -> Clock {
        let at = DateTime::from_timestamp(time::to_epoch(local, zone), 0).unwrap_or_default();
        Clock::Anchored {
            at,
            zone,
            since: Instant::now(),
        }
    }

    /// From `FRONTDESK_NOW` (site-local) when set and valid, else the system
    /// clock; both read in the site's `zone`.
    pub fn from_env(zone: Tz) -> Result<Clock, String> {
        match std::env::var(ENV_NOW) {
            Ok(s) if !s.trim().is_empty() => parse(&s)
                .map(|at| Clock::anchored(at, zone))
                .ok_or_else(|| format!("{ENV_NOW}={s:?}: expected YYYY-MM-DD HH:MM[:SS]")),
            _ => Ok(Clock::System(zone)),
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

    #[test]
    fn readings_are_site_local() {
        let at = parse("2026-11-23 10:00").unwrap();
        for zone in [
            time::DEFAULT_ZONE,
            time::parse_zone("America/New_York").unwrap(),
        ] {
            let c = Clock::anchored(at, zone);
            let d = c.now() - at;
            assert!(d >= chrono::Duration::zero() && d < chrono::Duration::seconds(5));
        }
        // The system clock in two zones: the wall times differ by the offsets.
        let sh = Clock::System(time::DEFAULT_ZONE).now();
        let utc = Clock::System(time::UTC).now();
        let diff = (sh - utc).num_minutes();
        assert!((479..=480).contains(&diff), "{diff}");
    }
}
