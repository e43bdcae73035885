//! Which JSON strings are instants, and how JSON shows them: ISO 8601 with
//! the site's offset (docs/json.md). Shared by the value walker in
//! `output` and the streaming serializer in `json_out`, which both read
//! it and neither owns it.

use crate::domain::time::Tz;

/// Fields of free text: a value there is shown as typed, even one that
/// looks like a time.
pub(super) const FREE_TEXT: &[&str] = &[
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
pub(super) fn iso_instant(s: &str, zone: Tz) -> Option<String> {
    if s.len() != 19 {
        return None;
    }
    let b = s.as_bytes();
    if !matches!(b[10], b' ' | b'T') {
        return None;
    }
    let local = wall_time(b)?;
    let secs = crate::domain::time::to_epoch(local, zone);
    let offset = chrono::FixedOffset::east_opt(zone.offset_at(secs))?;
    let at = chrono::DateTime::from_timestamp(secs, 0)?.with_timezone(&offset);
    // The common case written by hand: chrono's RFC 3339 writer formats
    // through strftime items, a cost per instant that `--json` of 30,000
    // rows pays 100,000 times. A wall time that does not exist in the zone
    // (a spring-forward gap) or an offset with seconds takes chrono's way.
    let off = chrono::Offset::fix(at.offset()).local_minus_utc();
    if at.naive_local() == local && off % 60 == 0 {
        let (sign, m) = if off < 0 {
            ('-', -off / 60)
        } else {
            ('+', off / 60)
        };
        return Some(format!(
            "{}T{}{sign}{:02}:{:02}",
            &s[..10],
            &s[11..],
            m / 60,
            m % 60
        ));
    }
    Some(at.to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
}

/// `YYYY-MM-DD?HH:MM:SS` read digit by digit (chrono's parser reads a
/// format string each time); None for anything else.
fn wall_time(b: &[u8]) -> Option<chrono::NaiveDateTime> {
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let date = chrono::NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?;
    date.and_hms_opt(num(11..13)?, num(14..16)?, num(17..19)?)
}
