//! Printing helpers shared by the subcommands. Everything a command prints
//! to stdout goes through here:
//!
//! - a reader that went away (`frontdesk … | head -1`) ends the command
//!   quietly with exit 0 ([`CliError::Closed`]), like other Unix tools,
//!   instead of a panic and a backtrace;
//! - stored text cannot drive the terminal: every control character but the
//!   line breaks and tabs the command itself lays out with is shown as its
//!   picture (`␛`), so a description holding `\x1b[2J` prints as text.
//!   Fields that may hold line breaks or tabs of their own go through
//!   [`field`] first, so they cannot break a list's columns.
//!
//! Messages for the operator go to stderr with [`note`], which never fails.

use super::instants::{iso_instant, FREE_TEXT};
use super::CliError;
use crate::domain::time::Tz;
use crate::domain::validate::inert;
use serde::Serialize;
use serde_json::Value;
use std::borrow::Cow;
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

/// `outln!("{} {}", a, b)?`: one line to stdout through [`line`].
macro_rules! outln {
    () => {
        $crate::cli::output::line("")
    };
    ($($arg:tt)*) => {
        $crate::cli::output::line(&format!($($arg)*))
    };
}
pub(crate) use outln;

/// Text exactly as the command lays it out, with every other control
/// character made visible.
fn layout_inert(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Cow::Borrowed(s);
    }
    let lines: Vec<String> = s
        .split('\n')
        .map(|l| {
            l.split('\t')
                .map(|cell| inert(cell).into_owned())
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect();
    Cow::Owned(lines.join("\n"))
}

fn write_out(s: &str) -> Result<(), CliError> {
    write_bytes(layout_inert(s).as_bytes())
}

/// Print `s` and a line break.
pub fn line(s: &str) -> Result<(), CliError> {
    let mut text = String::with_capacity(s.len() + 1);
    text.push_str(s);
    text.push('\n');
    write_out(&text)
}

/// Print `s` as it is (it carries its own line breaks).
pub fn text(s: &str) -> Result<(), CliError> {
    write_out(s)
}

/// A stored one-line field inside a laid-out line: its own line breaks and
/// tabs shown as `⏎` and a space, so they cannot break the columns.
pub fn field(s: &str) -> Cow<'_, str> {
    inert(s)
}

/// A message for the operator on stderr. A closed stderr is ignored: there
/// is nobody left to tell.
pub fn note(s: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", layout_inert(s));
}

static PRETTY: AtomicBool = AtomicBool::new(false);
static ZONE: OnceLock<Tz> = OnceLock::new();

/// `--pretty`: indented JSON even into a pipe.
pub fn set_pretty(on: bool) {
    PRETTY.store(on, Ordering::Relaxed);
}

/// The site's zone, for the offsets of the instants JSON shows.
pub fn set_zone(zone: Tz) {
    let _ = ZONE.set(zone);
}

fn zone() -> Tz {
    ZONE.get()
        .copied()
        .unwrap_or(crate::domain::time::DEFAULT_ZONE)
}

/// Every instant in `v` as [`json`] shows it, for JSON that does not go
/// through [`json`]: `report --format json --out FILE`, the export's rows
/// streamed one by one.
pub fn with_offsets(v: &mut Value) {
    instants_with_offset(v, "", zone());
}

/// Every instant in `v` (a `YYYY-MM-DD HH:MM:SS` site-local string outside
/// the free-text fields) as ISO 8601 with the offset.
fn instants_with_offset(v: &mut Value, key: &str, zone: Tz) {
    match v {
        Value::String(s) if !FREE_TEXT.contains(&key) => {
            if let Some(iso) = iso_instant(s, zone) {
                *s = iso;
            }
        }
        Value::Array(items) => {
            for item in items {
                instants_with_offset(item, key, zone);
            }
        }
        Value::Object(map) => {
            for (k, item) in map.iter_mut() {
                instants_with_offset(item, k, zone);
            }
        }
        _ => {}
    }
}

/// JSON for scripts (docs/json.md): instants in ISO 8601 with the site's
/// offset; one compact line into a pipe or file, indented at a terminal or
/// with `--pretty`.
pub fn json<T: Serialize + ?Sized>(v: &T) -> Result<(), CliError> {
    let pretty = PRETTY.load(Ordering::Relaxed) || std::io::stdout().is_terminal();
    let mut buf = Vec::with_capacity(8192);
    let done = if pretty {
        super::json_out::serialize(v, &mut serde_json::Serializer::pretty(&mut buf), zone())
    } else {
        super::json_out::serialize(v, &mut serde_json::Serializer::new(&mut buf), zone())
    };
    done.map_err(|e| CliError::Failed(e.to_string()))?;
    buf.push(b'\n');
    if !has_control(&buf) {
        return write_bytes(&buf);
    }
    let s = String::from_utf8(buf).map_err(|e| CliError::Failed(e.to_string()))?;
    write_out(&s)
}

/// Whether JSON text holds a character [`layout_inert`] would change
/// (C0 but the line breaks and tabs, DEL, C1 — U+0080…U+009F is C2 80…9F
/// in UTF-8): one pass over the bytes instead of decoding every char.
fn has_control(b: &[u8]) -> bool {
    // A first pass without branches, which the compiler turns into wide
    // compares (JSON holds none of these bytes unless its text has a C2
    // lead byte: `·`, `°`); only then the exact test.
    let maybe = b.iter().fold(false, |seen, &c| {
        seen | ((c < 0x20) & (c != b'\n') & (c != b'\t')) | (c == 0x7f) | (c == 0xc2)
    });
    maybe
        && b.iter().enumerate().any(|(i, &c)| {
            (c < 0x20 && c != b'\n' && c != b'\t')
                || c == 0x7f
                || (c == 0xc2 && b.get(i + 1).is_some_and(|n| (0x80..0xa0).contains(n)))
        })
}

fn write_bytes(b: &[u8]) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(b)
        .and_then(|_| stdout.flush())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => CliError::Closed,
            _ => CliError::Failed(e.to_string()),
        })
}

/// Yuan from cents: 3500 → "35.00".
pub fn yuan(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, (cents % 100).abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_pictures_but_the_layout_stays() {
        assert_eq!(layout_inert("a\tb\nc"), "a\tb\nc");
        assert_eq!(layout_inert("x\x1b[2Jy\tz\r\n"), "x␛[2Jy\tz␍\n");
        assert!(matches!(layout_inert("plain 文字"), Cow::Borrowed(_)));
        assert_eq!(field("a\tb\nc"), "a b⏎c");
    }

    #[test]
    fn the_byte_scan_finds_what_layout_inert_changes() {
        for s in [
            "a\tb\nc",
            "plain 文字 · °",
            "x\x1b[2Jy",
            "del\x7f",
            "csi\u{9b}2J",
            "nel\u{85}",
        ] {
            let changed = matches!(layout_inert(s), Cow::Owned(_));
            assert_eq!(has_control(s.as_bytes()), changed, "{s:?}");
        }
    }

    #[test]
    fn instants_carry_the_site_offset_and_free_text_stays_as_typed() {
        let zone = crate::domain::time::DEFAULT_ZONE;
        let mut v = serde_json::json!({
            "created_at": "2026-11-23 10:00:00",
            "note": "2026-11-23 10:00:00",
            "deadlines": [{ "due_at": "2026-11-23 10:20:00", "kind": "dispatch" }],
            "date": "2026-11-23",
        });
        instants_with_offset(&mut v, "", zone);
        assert_eq!(v["created_at"], "2026-11-23T10:00:00+08:00");
        assert_eq!(v["note"], "2026-11-23 10:00:00");
        assert_eq!(v["deadlines"][0]["due_at"], "2026-11-23T10:20:00+08:00");
        assert_eq!(v["date"], "2026-11-23");
        // chrono's own form of a wall time (the figures' periods) too.
        let mut p =
            serde_json::json!({ "period": { "from": "2026-11-01T00:00:00", "label": "2026-11" } });
        instants_with_offset(&mut p, "", zone);
        assert_eq!(p["period"]["from"], "2026-11-01T00:00:00+08:00");
        assert_eq!(p["period"]["label"], "2026-11");
        assert_eq!(iso_instant("2026-11-01X00:00:00", zone), None);
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        assert_eq!(
            iso_instant("2026-07-01 12:00:00", berlin).as_deref(),
            Some("2026-07-01T12:00:00+02:00")
        );
        // West of UTC, and the half-hour zones: the offset's sign and minutes.
        let ny: Tz = "America/New_York".parse().unwrap();
        let kolkata: Tz = "Asia/Kolkata".parse().unwrap();
        assert_eq!(
            iso_instant("2026-01-15 09:05:00", ny).as_deref(),
            Some("2026-01-15T09:05:00-05:00")
        );
        assert_eq!(
            iso_instant("2026-01-15 09:05:00", kolkata).as_deref(),
            Some("2026-01-15T09:05:00+05:30")
        );
        // Daylight saving's edges take the slow way and say the instant
        // `to_epoch` chose: a skipped wall time (02:30 on 2026-03-29 in
        // Berlin) is read with the offset before the gap, so it is shown as
        // the hour after; a wall time shown twice (02:30 on 2026-10-25) is
        // the earlier one, still in summer time.
        assert_eq!(
            iso_instant("2026-03-29 02:30:00", berlin).as_deref(),
            Some("2026-03-29T03:30:00+02:00")
        );
        assert_eq!(
            iso_instant("2026-10-25 02:30:00", berlin).as_deref(),
            Some("2026-10-25T02:30:00+02:00")
        );
    }
}
