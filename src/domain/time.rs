//! One site, one clock. The desk's rules are wall-clock rules (the working
//! calendar, the 17:00 finish, the shifts), so the domain and the app work in
//! the site's local wall time (`NaiveDateTime`). The database stores instants
//! as Unix seconds (UTC), unambiguous whatever `TZ` the writing process had;
//! the store converts at its boundary with the site's zone from the config.
//!
//! Local → instant is deterministic where a zone has daylight saving:
//! - a wall time that occurs twice (clocks go back) is the **earlier** one;
//! - a wall time that does not occur (clocks go forward) is **shifted forward**
//!   by the length of the gap: the offset in force before the gap applies, so
//!   02:30 in a one-hour spring-forward gap is stored as the instant shown
//!   as 03:30.
//!
//! Asia/Shanghai has had no daylight saving since 1991, so neither case
//! arises at a site there. Text (JSON, the CLI) shows times as
//! `YYYY-MM-DD HH:MM:SS` in the site's zone: see the serde helpers below.

use chrono::{DateTime, Duration, LocalResult, NaiveDateTime, Offset, TimeZone};
pub use chrono_tz::Tz;

/// The zone a site is in unless its config says otherwise.
pub const DEFAULT_ZONE: Tz = chrono_tz::Asia::Shanghai;

/// Site-local times as text: JSON, the CLI, the duty log.
pub const FORMAT: &str = "%Y-%m-%d %H:%M:%S";

pub fn format(t: NaiveDateTime) -> String {
    Wall(t).to_string()
}

/// A wall time written as [`FORMAT`] writes it, digit by digit: chrono's
/// `format` reads the format string again for every time, which `--json`
/// of 30,000 rows with three or four times each felt (issue 15). Years
/// outside 0…9999 (never a desk's) go through chrono.
pub struct Wall(pub NaiveDateTime);

impl std::fmt::Display for Wall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use chrono::{Datelike, Timelike};
        let t = self.0;
        if !(0..=9999).contains(&t.year()) {
            return write!(f, "{}", t.format(FORMAT));
        }
        let mut b = *b"0000-00-00 00:00:00";
        let mut put = |at: usize, width: usize, mut v: u32| {
            for i in (at..at + width).rev() {
                b[i] = b'0' + (v % 10) as u8;
                v /= 10;
            }
        };
        put(0, 4, t.year() as u32);
        put(5, 2, t.month());
        put(8, 2, t.day());
        put(11, 2, t.hour());
        put(14, 2, t.minute());
        // chrono's %S shows a leap second (nanos ≥ 1e9) as 60.
        put(
            17,
            2,
            t.second() + u32::from(t.nanosecond() >= 1_000_000_000),
        );
        f.write_str(std::str::from_utf8(&b).map_err(|_| std::fmt::Error)?)
    }
}

/// `YYYY-MM-DD HH:MM:SS` exactly.
pub fn parse(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, FORMAT).ok()
}

/// An IANA zone name (`Asia/Shanghai`), as the config gives it.
pub fn parse_zone(name: &str) -> Result<Tz, String> {
    name.trim().parse::<Tz>().map_err(|_| {
        format!("unknown time zone {name:?} (expected an IANA name such as \"Asia/Shanghai\")")
    })
}

/// The instant (Unix seconds) a wall time at the site denotes; see the
/// module docs for the two daylight-saving cases.
pub fn to_epoch(local: NaiveDateTime, zone: Tz) -> i64 {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => t.timestamp(),
        LocalResult::Ambiguous(a, b) => a.timestamp().min(b.timestamp()),
        LocalResult::None => {
            // In a gap: the offset in force a day before (before the gap).
            let before = zone
                .offset_from_utc_datetime(&(local - Duration::days(1)))
                .fix()
                .local_minus_utc();
            local.and_utc().timestamp() - i64::from(before)
        }
    }
}

/// The site's wall time at an instant; None outside chrono's range.
pub fn from_epoch(secs: i64, zone: Tz) -> Option<NaiveDateTime> {
    DateTime::from_timestamp(secs, 0).map(|t| t.with_timezone(&zone).naive_local())
}

/// Serde for a `NaiveDateTime` as `YYYY-MM-DD HH:MM:SS` (site-local):
/// `#[serde(with = "crate::domain::time")]`.
pub fn serialize<S: serde::Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&Wall(*t))
}

pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
    let s = <String as serde::Deserialize>::deserialize(d)?;
    NaiveDateTime::parse_from_str(&s, FORMAT).map_err(serde::de::Error::custom)
}

/// The same for `Option<NaiveDateTime>` (null when absent):
/// `#[serde(with = "crate::domain::time::opt")]`.
pub mod opt {
    use super::{Wall, FORMAT};
    use chrono::NaiveDateTime;

    pub fn serialize<S: serde::Serializer>(
        t: &Option<NaiveDateTime>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.collect_str(&Wall(*t)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<Option<NaiveDateTime>, D::Error> {
        let s = <Option<String> as serde::Deserialize>::deserialize(d)?;
        s.map(|s| NaiveDateTime::parse_from_str(&s, FORMAT).map_err(serde::de::Error::custom))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    #[test]
    fn wall_writes_what_chrono_writes() {
        let d = |y, mo, da, h, mi, se| {
            chrono::NaiveDate::from_ymd_opt(y, mo, da)
                .unwrap()
                .and_hms_opt(h, mi, se)
                .unwrap()
        };
        let leap = chrono::NaiveDate::from_ymd_opt(2016, 12, 31)
            .unwrap()
            .and_hms_milli_opt(23, 59, 59, 1_500)
            .unwrap();
        for t in [
            d(2026, 11, 23, 10, 0, 0),
            d(1, 1, 1, 0, 0, 0),
            d(999, 9, 9, 9, 9, 9),
            d(9999, 12, 31, 23, 59, 59),
            d(10000, 1, 1, 0, 0, 0),
            d(-1, 6, 15, 12, 30, 5),
            leap,
        ] {
            assert_eq!(Wall(t).to_string(), t.format(FORMAT).to_string(), "{t:?}");
        }
    }

    fn t(s: &str) -> NaiveDateTime {
        parse(s).unwrap()
    }

    fn utc(s: &str) -> i64 {
        Utc.from_utc_datetime(&t(s)).timestamp()
    }

    #[test]
    fn shanghai_is_utc_plus_8() {
        let z = DEFAULT_ZONE;
        assert_eq!(
            to_epoch(t("2026-11-23 10:00:00"), z),
            utc("2026-11-23 02:00:00")
        );
        assert_eq!(
            from_epoch(utc("2026-11-23 02:00:00"), z),
            Some(t("2026-11-23 10:00:00"))
        );
        assert_eq!(to_epoch(t("2026-11-23 10:00:00"), z), 1_795_399_200);
    }

    #[test]
    fn round_trip_over_a_year() {
        for z in [DEFAULT_ZONE, chrono_tz::UTC, chrono_tz::Europe::Berlin] {
            let mut at = t("2026-01-01 00:00:00");
            while at < t("2027-01-01 00:00:00") {
                let back = from_epoch(to_epoch(at, z), z).unwrap();
                // Only the hour skipped in spring differs (shifted forward).
                if back != at {
                    assert_eq!(back - at, Duration::hours(1), "{z} {at}");
                }
                at += Duration::minutes(47);
            }
        }
    }

    #[test]
    fn daylight_saving_is_deterministic() {
        let ny = chrono_tz::America::New_York;
        // Spring forward (02:00 → 03:00 on 2026-03-08): 02:30 does not exist.
        let gap = to_epoch(t("2026-03-08 02:30:00"), ny);
        assert_eq!(gap, utc("2026-03-08 07:30:00"));
        assert_eq!(from_epoch(gap, ny), Some(t("2026-03-08 03:30:00")));
        // Fall back (02:00 → 01:00 on 2026-11-01): 01:30 happens twice.
        let twice = to_epoch(t("2026-11-01 01:30:00"), ny);
        assert_eq!(twice, utc("2026-11-01 05:30:00"));
        assert_eq!(from_epoch(twice, ny), Some(t("2026-11-01 01:30:00")));
    }

    #[test]
    fn zone_names() {
        assert_eq!(parse_zone("Asia/Shanghai"), Ok(DEFAULT_ZONE));
        assert!(parse_zone("Mars/Olympus")
            .unwrap_err()
            .contains("Mars/Olympus"));
    }

    #[test]
    fn serde_format() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct W {
            #[serde(with = "super")]
            a: NaiveDateTime,
            #[serde(with = "super::opt")]
            b: Option<NaiveDateTime>,
        }
        let w = W {
            a: t("2026-11-23 10:00:00"),
            b: None,
        };
        let s = serde_json::to_string(&w).unwrap();
        assert_eq!(s, r#"{"a":"2026-11-23 10:00:00","b":null}"#);
        assert_eq!(serde_json::from_str::<W>(&s).unwrap(), w);
    }
}
