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
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(layout_inert(s).as_bytes())
        .and_then(|_| stdout.flush())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => CliError::Closed,
            _ => CliError::Failed(e.to_string()),
        })
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

/// Fields of free text: a value there is shown as typed, even one that
/// looks like a time.
const FREE_TEXT: &[&str] = &[
    "text",
    "note",
    "notes",
    "reason",
    "remarks",
    "comment",
    "answer",
    "explanation",
    "description",
    "name",
    "words",
    "what",
    "where",
    "location",
    "cause",
    "measures",
    "losses",
    "responders",
    "purpose",
    "content",
    "reporter",
    // --- the registers' free text ---
    "scope",
    "hours",
    "meters",
    "carrier",
    "shelf",
    "tracking",
    "addressee",
    "badge",
    "vehicle",
    "person",
    "holder",
    "applicant",
    "contractor",
    "responsible",
    "certificate",
    "inspector",
    "item",
    "receipt_no",
    "key_receipt",
    "confirmed_by",
    "picked_up_by",
    "close_reason",
    "override_reason",
    "deduction_reason",
    "stop_reason",
    "return_reason",
];

/// A site-local time as JSON shows it: ISO 8601 with the site's offset
/// (`2026-11-23T10:00:00+08:00`); anything else None. Both the stored form
/// `2026-11-23 10:00:00` and chrono's own serialisation of a wall time
/// without a zone, `2026-11-23T10:00:00` (the figures' periods and `as_of`),
/// are site-local wall times.
fn iso_instant(s: &str, zone: Tz) -> Option<String> {
    if s.len() != 19 {
        return None;
    }
    let local = match s.as_bytes()[10] {
        b' ' => crate::domain::time::parse(s)?,
        b'T' => chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").ok()?,
        _ => return None,
    };
    Some(offset_instant(local, zone))
}

fn offset_instant(local: chrono::NaiveDateTime, zone: Tz) -> String {
    let secs = crate::domain::time::to_epoch(local, zone);
    match chrono::DateTime::from_timestamp(secs, 0) {
        Some(t) => t
            .with_timezone(&zone)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        None => local.format("%Y-%m-%dT%H:%M:%S").to_string(),
    }
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
pub fn json<T: Serialize>(v: &T) -> Result<(), CliError> {
    let mut value = serde_json::to_value(v).map_err(|e| CliError::Failed(e.to_string()))?;
    with_offsets(&mut value);
    let pretty = PRETTY.load(Ordering::Relaxed) || std::io::stdout().is_terminal();
    let s = if pretty {
        serde_json::to_string_pretty(&value)
    } else {
        serde_json::to_string(&value)
    }
    .map_err(|e| CliError::Failed(e.to_string()))?;
    line(&s)
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
    }
}
