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
    let local = looks_like_wall_time(s)?;
    // The common case written by hand: a wall time the site's clocks show
    // once, its offset in whole minutes (one zone lookup, no formatting
    // machinery: `--json` of 30,000 rows does this 100,000 times).
    if let Some(off) = crate::domain::time::wall_offset(local, zone).filter(|o| o % 60 == 0) {
        let (sign, m) = if off < 0 {
            ('-', -off / 60)
        } else {
            ('+', off / 60)
        };
        let mut out = String::with_capacity(25);
        out.push_str(&s[..10]);
        out.push('T');
        out.push_str(&s[11..]);
        out.push(sign);
        two_digits(&mut out, m / 60);
        out.push(':');
        two_digits(&mut out, m % 60);
        return Some(out);
    }
    // A wall time the clocks skip (spring forward) or show twice (fall
    // back), or an offset with seconds: chrono's way, the instant
    // `to_epoch` chooses.
    let secs = crate::domain::time::to_epoch(local, zone);
    let offset = chrono::FixedOffset::east_opt(zone.offset_at(secs))?;
    let at = chrono::DateTime::from_timestamp(secs, 0)?.with_timezone(&offset);
    Some(at.to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
}

/// `n` (0…99) as two digits.
fn two_digits(out: &mut String, n: i32) {
    for d in [n / 10, n % 10] {
        out.push(char::from(b'0' + d.clamp(0, 9) as u8));
    }
}

/// The wall time a 19-character `YYYY-MM-DD HH:MM:SS` (or with `T`)
/// denotes; None for any other string, cheaply for most.
fn looks_like_wall_time(s: &str) -> Option<chrono::NaiveDateTime> {
    if s.len() != 19 {
        return None;
    }
    let b = s.as_bytes();
    if !matches!(b[10], b' ' | b'T') {
        return None;
    }
    wall_time(b)
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
