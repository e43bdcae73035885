//! The duty log 值班日志 (002 3.6.3): what happened, when, by whom. Entries are
//! append-only: a correction is a new entry pointing at the one it corrects,
//! and a promise to a resident is closed by a "kept" entry pointing at it.

use super::shift::ShiftRefusal;
use super::ticket::coded_enum;
use super::when::{self, Toward, WhenError};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

coded_enum!(
    /// What an entry records. `correction` and `kept` are written by the
    /// correct/keep actions, never chosen directly.
    Category {
        Call => "call",
        Visitor => "visitor",
        Patrol => "patrol",
        Incident => "incident",
        Promise => "promise",
        Note => "note",
        Correction => "correction",
        Kept => "kept",
    }
);

impl Category {
    /// The categories an operator picks for a new entry, in form order.
    pub const WRITABLE: &'static [Category] = &[
        Category::Call,
        Category::Visitor,
        Category::Patrol,
        Category::Incident,
        Category::Promise,
        Category::Note,
    ];
}

/// Longest entry text (characters).
pub const MAX_TEXT: usize = 1000;

/// One entry as stored, with what later entries say about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    pub id: i64,
    #[serde(with = "super::time")]
    pub at: NaiveDateTime,
    pub shift_date: NaiveDate,
    pub shift_code: String,
    pub category: Category,
    pub text: String,
    pub operator: String,
    pub unit: Option<String>,
    pub ticket_id: Option<i64>,
    /// For a correction or a kept mark: the entry it concerns.
    pub refers_to: Option<i64>,
    /// For a promise: when it is due.
    #[serde(with = "super::time::opt")]
    pub due_at: Option<NaiveDateTime>,
    /// The latest correction of this entry, if any.
    pub corrected_by: Option<i64>,
    /// The entry that marked this promise kept, if any.
    pub kept_by: Option<i64>,
}

impl LogEntry {
    pub fn is_open_promise(&self) -> bool {
        self.category == Category::Promise && self.kept_by.is_none()
    }

    pub fn overdue(&self, now: NaiveDateTime) -> bool {
        self.is_open_promise() && self.due_at.is_some_and(|d| d < now)
    }
}

/// Check a new entry before it is written at `now`: a promise's due time
/// within the limits of [`promise_due`].
pub fn validate(
    category: Category,
    text: &str,
    due_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Result<(), ShiftRefusal> {
    if text.trim().is_empty() && category != Category::Kept {
        return Err(ShiftRefusal::EmptyText);
    }
    if text.chars().count() > MAX_TEXT {
        return Err(ShiftRefusal::TextTooLong(MAX_TEXT));
    }
    if category == Category::Promise && due_at.is_none() {
        return Err(ShiftRefusal::PromiseNeedsDue);
    }
    if let Some(due) = due_at {
        when::check_due(due, now, Duration::days(MAX_DUE_DAYS)).map_err(ShiftRefusal::BadDue)?;
    }
    Ok(())
}

/// Which entry a correction points at: always the original, so a correction
/// of a correction still corrects the original entry.
pub fn correction_target(target: &LogEntry) -> Result<i64, ShiftRefusal> {
    match target.category {
        Category::Correction => target.refers_to.ok_or(ShiftRefusal::NotFound(target.id)),
        Category::Kept => Err(ShiftRefusal::CannotCorrectKept(target.id)),
        _ => Ok(target.id),
    }
}

/// Whether `target` may be marked kept.
pub fn check_keep(target: &LogEntry) -> Result<(), ShiftRefusal> {
    if target.category != Category::Promise {
        return Err(ShiftRefusal::NotAPromise(target.id));
    }
    if let Some(by) = target.kept_by {
        return Err(ShiftRefusal::AlreadyKept(target.id, by));
    }
    Ok(())
}

/// The entries as they now read: the corrections of each original are applied
/// in order; each restates the text and overrides the unit, ticket and due
/// time it gives.
pub fn apply_corrections(originals: &[LogEntry], corrections: &[LogEntry]) -> Vec<LogEntry> {
    originals
        .iter()
        .map(|o| {
            let mut e = o.clone();
            let mut mine: Vec<&LogEntry> = corrections
                .iter()
                .filter(|c| c.refers_to == Some(o.id))
                .collect();
            mine.sort_by_key(|c| c.id);
            // Each correction restates the text and overrides what it gives.
            for c in mine {
                e.text = c.text.clone();
                e.unit = c.unit.clone().or(e.unit);
                e.ticket_id = c.ticket_id.or(e.ticket_id);
                e.due_at = c.due_at.or(e.due_at);
                e.corrected_by = Some(c.id);
            }
            e
        })
        .collect()
}

/// How far ahead a promise may be due.
pub const MAX_DUE_DAYS: i64 = 366;

/// A promise's due time as typed at the desk, in any form of the one time
/// parser (`19:00`, `明天 9:00`, `11-24 09:30`, `+2h`, `+2小时`, `２小时后`),
/// read toward the future; refused when already past or more than
/// [`MAX_DUE_DAYS`] ahead.
pub fn promise_due(text: &str, now: NaiveDateTime) -> Result<NaiveDateTime, WhenError> {
    let due = when::parse(text, now, Toward::Future)?;
    when::check_due(due, now, Duration::days(MAX_DUE_DAYS))?;
    Ok(due)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn entry(id: i64, category: Category, text: &str) -> LogEntry {
        LogEntry {
            id,
            at: at("2026-11-23 10:00"),
            shift_date: at("2026-11-23 10:00").date(),
            shift_code: "day".into(),
            category,
            text: text.into(),
            operator: "张敏".into(),
            unit: None,
            ticket_id: None,
            refers_to: None,
            due_at: None,
            corrected_by: None,
            kept_by: None,
        }
    }

    #[test]
    fn validation() {
        let now = at("2026-11-23 10:00");
        assert_eq!(
            validate(Category::Call, "  ", None, now),
            Err(ShiftRefusal::EmptyText)
        );
        assert_eq!(
            validate(Category::Promise, "回电", None, now),
            Err(ShiftRefusal::PromiseNeedsDue)
        );
        assert!(validate(Category::Promise, "回电", Some(at("2026-11-23 19:00")), now).is_ok());
        assert!(validate(Category::Kept, "", None, now).is_ok());
        let long = "字".repeat(MAX_TEXT + 1);
        assert_eq!(
            validate(Category::Note, &long, None, now),
            Err(ShiftRefusal::TextTooLong(MAX_TEXT))
        );
        // The store's last word on a promise's due time.
        assert_eq!(
            validate(Category::Promise, "回电", Some(at("2020-01-01 10:00")), now),
            Err(ShiftRefusal::BadDue(WhenError::InPast))
        );
        assert_eq!(
            validate(Category::Promise, "回电", Some(at("2028-01-01 10:00")), now),
            Err(ShiftRefusal::BadDue(WhenError::TooFar))
        );
    }

    #[test]
    fn corrections_point_at_the_original_and_the_latest_wins() {
        let orig = entry(1, Category::Promise, "19:00 前回电");
        let mut c1 = entry(2, Category::Correction, "20:00 前回电");
        c1.refers_to = Some(1);
        c1.due_at = Some(at("2026-11-23 20:00"));
        let mut c2 = entry(3, Category::Correction, "20:30 前回电");
        c2.refers_to = Some(1);
        assert_eq!(correction_target(&orig), Ok(1));
        assert_eq!(correction_target(&c1), Ok(1));
        let kept = entry(4, Category::Kept, "");
        assert_eq!(
            correction_target(&kept),
            Err(ShiftRefusal::CannotCorrectKept(4))
        );
        let out = apply_corrections(&[orig], &[c1, c2]);
        assert_eq!(out[0].text, "20:30 前回电");
        assert_eq!(out[0].due_at, Some(at("2026-11-23 20:00")));
        assert_eq!(out[0].corrected_by, Some(3));
    }

    #[test]
    fn keeping() {
        let mut p = entry(1, Category::Promise, "回电");
        assert!(check_keep(&p).is_ok());
        p.kept_by = Some(9);
        assert_eq!(check_keep(&p), Err(ShiftRefusal::AlreadyKept(1, 9)));
        assert_eq!(
            check_keep(&entry(2, Category::Call, "x")),
            Err(ShiftRefusal::NotAPromise(2))
        );
    }

    #[test]
    fn open_promise_overdue() {
        let mut p = entry(1, Category::Promise, "回电");
        p.due_at = Some(at("2026-11-23 09:00"));
        assert!(p.overdue(at("2026-11-23 10:00")));
        assert!(!p.overdue(at("2026-11-23 08:00")));
        p.kept_by = Some(2);
        assert!(!p.is_open_promise());
        assert!(!p.overdue(at("2026-11-23 10:00")));
    }

    #[test]
    fn due_forms() {
        let now = at("2026-11-23 10:00");
        let due = |s| promise_due(s, now);
        assert_eq!(due("19:00"), Ok(at("2026-11-23 19:00")));
        // A time already past today means tomorrow.
        assert_eq!(due("09:30"), Ok(at("2026-11-24 09:30")));
        assert_eq!(due("11-25 08:00"), Ok(at("2026-11-25 08:00")));
        assert_eq!(due("2026-12-01 08:00"), Ok(at("2026-12-01 08:00")));
        assert_eq!(due("+2h"), Ok(at("2026-11-23 12:00")));
        assert_eq!(due("+30m"), Ok(at("2026-11-23 10:30")));
        // The old parser split "+2小时" inside a character and panicked.
        assert_eq!(due("+2小时"), Ok(at("2026-11-23 12:00")));
        assert_eq!(due("+2ｈ"), Ok(at("2026-11-23 12:00")));
        assert_eq!(due("明天 9:00"), Ok(at("2026-11-24 09:00")));
        assert_eq!(due("tomorrow"), Ok(at("2026-11-24 23:59")));
        assert_eq!(due("今天 9:00"), Err(WhenError::InPast));
        assert_eq!(due("+400d"), Err(WhenError::TooFar));
        assert_eq!(due("soon"), Err(WhenError::Unrecognised));
        assert_eq!(due(""), Err(WhenError::Empty));
    }
}
