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

use chrono::{DateTime, NaiveDateTime, Utc};
use std::sync::{Mutex, OnceLock};

/// A site's time zone, by IANA name: a small copyable handle to the zone's
/// rules, read once per process — the system's TZif file under
/// `/usr/share/zoneinfo`, else the IANA database bundled in the binary
/// (jiff's, one byte blob). chrono-tz was used before: its tables put
/// 29,000 relocations (a name per transition span) into the start-up of
/// every process (issue 15).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tz(u8);

struct Zone {
    name: Box<str>,
    rules: jiff::tz::TimeZone,
}

/// Zones one process can name: a site has one; the tests a handful.
const SLOTS: usize = 64;
static ZONES: [OnceLock<Zone>; SLOTS] = [const { OnceLock::new() }; SLOTS];
/// Held while a zone is added, so a name gets one slot.
static ADDING: Mutex<()> = Mutex::new(());
/// The zones with a fixed slot, loaded on first use.
const BUILTIN: [&str; 2] = ["Asia/Shanghai", "UTC"];

/// The zone a site is in unless its config says otherwise.
pub const DEFAULT_ZONE: Tz = Tz(0);
/// Coordinated Universal Time.
pub const UTC: Tz = Tz(1);

/// Where the system keeps its TZif files.
const ZONEINFO: &str = "/usr/share/zoneinfo";

impl Tz {
    fn zone(self) -> &'static Zone {
        let i = usize::from(self.0);
        ZONES[i].get_or_init(|| {
            // Only a built-in slot is ever empty here: any other handle is
            // made after its slot was filled.
            let name = BUILTIN.get(i).copied().unwrap_or("UTC");
            let rules = load(name).unwrap_or_else(|| match name {
                // Shanghai has kept +08:00 without daylight saving since 1991.
                "Asia/Shanghai" => jiff::tz::TimeZone::fixed(jiff::tz::offset(8)),
                _ => jiff::tz::TimeZone::UTC,
            });
            Zone {
                name: name.into(),
                rules,
            }
        })
    }

    /// The IANA name, as the config gave it.
    pub fn name(self) -> &'static str {
        &self.zone().name
    }

    /// Seconds east of UTC in force at the instant `secs` (Unix seconds).
    pub fn offset_at(self, secs: i64) -> i32 {
        let at = jiff::Timestamp::from_second(secs.clamp(
            jiff::Timestamp::MIN.as_second(),
            jiff::Timestamp::MAX.as_second(),
        ))
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        self.zone().rules.to_offset(at).seconds()
    }

    /// The site's wall time at a UTC instant (sub-seconds kept).
    pub fn local(self, at: DateTime<Utc>) -> NaiveDateTime {
        let off = self.offset_at(at.timestamp());
        at.naive_utc()
            .checked_add_signed(chrono::Duration::seconds(i64::from(off)))
            .unwrap_or_else(|| at.naive_utc())
    }
}

impl std::fmt::Debug for Tz {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::fmt::Display for Tz {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Tz {
    type Err = String;
    fn from_str(s: &str) -> Result<Tz, String> {
        parse_zone(s)
    }
}

/// A name that can only be a file under the zoneinfo directory:
/// `Area/City` of letters, digits, `_`, `-`, `+`; no `..`, no leading `/`.
fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && name.split('/').all(|part| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'))
        })
}

/// The zone's rules: the system's TZif file, else the bundled database.
/// The name must match exactly (`asia/shanghai` is not a zone).
fn load(name: &str) -> Option<jiff::tz::TimeZone> {
    if !plain_name(name) {
        return None;
    }
    let path = std::path::Path::new(ZONEINFO).join(name);
    if let Ok(bytes) = std::fs::read(&path) {
        if bytes.starts_with(b"TZif") {
            if let Ok(tz) = jiff::tz::TimeZone::tzif(name, &bytes) {
                return Some(tz);
            }
        }
    }
    let tz = jiff::tz::db().get(name).ok()?;
    (tz.iana_name() == Some(name)).then_some(tz)
}

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
    let unknown =
        || format!("unknown time zone {name:?} (expected an IANA name such as \"Asia/Shanghai\")");
    let name = name.trim();
    if let Some(i) = BUILTIN.iter().position(|b| *b == name) {
        return Ok(Tz(i as u8));
    }
    let _adding = ADDING.lock().unwrap_or_else(|e| e.into_inner());
    for (i, slot) in ZONES.iter().enumerate().skip(BUILTIN.len()) {
        match slot.get() {
            Some(z) if &*z.name == name => return Ok(Tz(i as u8)),
            Some(_) => continue,
            None => {
                let rules = load(name).ok_or_else(unknown)?;
                let _ = slot.set(Zone {
                    name: name.into(),
                    rules,
                });
                return Ok(Tz(i as u8));
            }
        }
    }
    Err(format!("too many time zones in one process: {name:?}"))
}

/// The instant (Unix seconds) a wall time at the site denotes; see the
/// module docs for the two daylight-saving cases.
pub fn to_epoch(local: NaiveDateTime, zone: Tz) -> i64 {
    use jiff::tz::AmbiguousOffset;
    let wall = local.and_utc().timestamp();
    let rules = &zone.zone().rules;
    let secs = |o: jiff::tz::Offset| wall - i64::from(o.seconds());
    match rules.to_ambiguous_timestamp(civil(local)).offset() {
        AmbiguousOffset::Unambiguous { offset } => secs(offset),
        // Twice (clocks go back): the earlier instant.
        AmbiguousOffset::Fold { before, after } => secs(before).min(secs(after)),
        // In a gap: the offset in force before it.
        AmbiguousOffset::Gap { before, .. } => secs(before),
    }
}

/// The offset (seconds east of UTC) of a wall time the site's clocks show
/// exactly once; None for one they skip or show twice (daylight saving).
/// One lookup where `to_epoch` then `offset_at` took two: `--json` shows
/// every instant with its offset.
pub fn wall_offset(local: NaiveDateTime, zone: Tz) -> Option<i32> {
    match zone
        .zone()
        .rules
        .to_ambiguous_timestamp(civil(local))
        .offset()
    {
        jiff::tz::AmbiguousOffset::Unambiguous { offset } => Some(offset.seconds()),
        _ => None,
    }
}

/// A chrono wall time as jiff's.
fn civil(local: NaiveDateTime) -> jiff::civil::DateTime {
    use chrono::{Datelike, Timelike};
    // The offset is looked up at the wall time; a year jiff cannot hold
    // (outside ±9999, never a desk's) takes the offset at its edge.
    let year = local.year().clamp(-9999, 9999) as i16;
    jiff::civil::DateTime::new(
        year,
        local.month() as i8,
        local.day() as i8,
        local.hour() as i8,
        local.minute() as i8,
        local.second().min(59) as i8,
        0,
    )
    .unwrap_or(jiff::civil::DateTime::constant(
        year,
        local.month() as i8,
        1,
        0,
        0,
        0,
        0,
    ))
}

/// The site's wall time at an instant; None outside chrono's range.
pub fn from_epoch(secs: i64, zone: Tz) -> Option<NaiveDateTime> {
    let off = zone.offset_at(secs);
    DateTime::from_timestamp(secs.checked_add(i64::from(off))?, 0).map(|t| t.naive_utc())
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
    use chrono::{Duration, TimeZone, Utc};

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
        for z in [DEFAULT_ZONE, UTC, parse_zone("Europe/Berlin").unwrap()] {
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
        let ny = parse_zone("America/New_York").unwrap();
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
        // Exact names only, and only names of the zoneinfo tree.
        for bad in [
            "asia/shanghai",
            "../../etc/passwd",
            "/etc/localtime",
            "",
            "zone.tab",
        ] {
            assert!(parse_zone(bad).is_err(), "{bad:?}");
        }
        let ny = parse_zone(" America/New_York ").unwrap();
        assert_eq!(ny.name(), "America/New_York");
        assert_eq!(ny.to_string(), "America/New_York");
        // One handle per name, however often it is named.
        assert_eq!(parse_zone("America/New_York"), Ok(ny));
        assert_ne!(ny, DEFAULT_ZONE);
        assert_eq!(parse_zone("UTC"), Ok(UTC));
        assert_eq!(UTC.offset_at(1_795_399_200), 0);
        assert_eq!(DEFAULT_ZONE.offset_at(1_795_399_200), 8 * 3600);
        // Winter and summer in New York.
        assert_eq!(ny.offset_at(utc("2026-01-15 12:00:00")), -5 * 3600);
        assert_eq!(ny.offset_at(utc("2026-07-15 12:00:00")), -4 * 3600);
    }

    /// The bundled database answers for a zone the system has no file for
    /// (a machine without tzdata), with the same rules.
    #[test]
    fn bundled_zones_agree_with_the_system() {
        let bundled = jiff::tz::db().get("Europe/Berlin").unwrap();
        let berlin = parse_zone("Europe/Berlin").unwrap();
        let mut at = utc("2020-01-01 00:00:00");
        while at < utc("2030-01-01 00:00:00") {
            let ts = jiff::Timestamp::from_second(at).unwrap();
            assert_eq!(berlin.offset_at(at), bundled.to_offset(ts).seconds());
            at += 86_400 * 5 + 3_333;
        }
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
