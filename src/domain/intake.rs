//! What a new ticket must carry before it is registered. Shared by the intake
//! screen (inline messages), the CLI and the store (the last word).

use super::ticket::{Channel, Kind};
use super::when::{self, Toward, WhenError};
use chrono::{Duration, NaiveDateTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum IntakeField {
    Unit,
    Reporter,
    Phone,
    Description,
    /// The deadline the resident asked for.
    Due,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Problem {
    /// Neither a unit nor a public-area location was given.
    NoPlace,
    Required,
    /// Phone numbers are digits with optional + - and spaces, 5 to 20 long.
    BadPhone,
    TooLong,
    /// A requested deadline already past or too far ahead.
    When(WhenError),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field:?}: {problem:?}")]
pub struct IntakeError {
    pub field: IntakeField,
    pub problem: Problem,
}

/// The pieces of a registration the rules look at.
pub struct IntakeFacts<'a> {
    pub kind: Kind,
    pub channel: Channel,
    pub has_unit: bool,
    pub location: &'a str,
    pub reporter: &'a str,
    pub phone: &'a str,
    pub description: &'a str,
    /// The deadline the resident asked for, if any, and when it is asked.
    pub requested_due: Option<NaiveDateTime>,
    pub now: NaiveDateTime,
}

pub const MAX_DESCRIPTION: usize = 2000;

/// How far ahead a resident may ask for a deadline.
pub const MAX_REQUESTED_DAYS: i64 = 366;

/// A requested deadline set at `now`: not already past, at most
/// [`MAX_REQUESTED_DAYS`] ahead.
pub fn check_requested(due: NaiveDateTime, now: NaiveDateTime) -> Result<(), WhenError> {
    when::check_due(due, now, Duration::days(MAX_REQUESTED_DAYS))
}

/// A requested deadline as typed (`17:30`, `明天 9:00`, `11-24 12:00`,
/// `+2h` …: the one time parser, toward the future), checked by
/// [`check_requested`].
pub fn requested_due(text: &str, now: NaiveDateTime) -> Result<NaiveDateTime, WhenError> {
    let due = when::parse(text, now, Toward::Future)?;
    check_requested(due, now)?;
    Ok(due)
}

pub fn phone_ok(p: &str) -> bool {
    let p = p.trim();
    let digits = p.chars().filter(|c| c.is_ascii_digit()).count();
    (5..=20).contains(&digits)
        && p.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')'))
}

/// All problems, in screen order, so the form can mark every field at once.
pub fn validate(f: &IntakeFacts) -> Vec<IntakeError> {
    let mut out = Vec::new();
    let mut push = |field, problem| out.push(IntakeError { field, problem });
    if !f.has_unit && f.location.trim().is_empty() {
        push(IntakeField::Unit, Problem::NoPlace);
    }
    // Patrols and other departments report without a resident on the line.
    let resident_channel = !matches!(f.channel, Channel::Patrol | Channel::Department);
    if resident_channel && f.kind != Kind::Enquiry && f.reporter.trim().is_empty() {
        push(IntakeField::Reporter, Problem::Required);
    }
    if !f.phone.trim().is_empty() && !phone_ok(f.phone) {
        push(IntakeField::Phone, Problem::BadPhone);
    }
    if f.description.trim().is_empty() {
        push(IntakeField::Description, Problem::Required);
    } else if f.description.chars().count() > MAX_DESCRIPTION {
        push(IntakeField::Description, Problem::TooLong);
    }
    if let Some(Err(e)) = f.requested_due.map(|d| check_requested(d, f.now)) {
        push(IntakeField::Due, Problem::When(e));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(reporter: &'a str, phone: &'a str, desc: &'a str) -> IntakeFacts<'a> {
        IntakeFacts {
            kind: Kind::Repair,
            channel: Channel::Phone,
            has_unit: true,
            location: "",
            reporter,
            phone,
            description: desc,
            requested_due: None,
            now: at("2026-11-23 10:00"),
        }
    }

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn requested_deadlines_within_limits() {
        let mut f = facts("王先生", "", "漏水");
        f.requested_due = Some(at("2026-11-24 12:00"));
        assert!(validate(&f).is_empty());
        for (due, e) in [
            ("2020-01-01 10:00", WhenError::InPast),
            ("2026-11-23 09:59", WhenError::InPast),
            ("2028-01-01 10:00", WhenError::TooFar),
        ] {
            f.requested_due = Some(at(due));
            let problems = validate(&f);
            assert_eq!(problems.len(), 1, "{due}");
            assert_eq!(problems[0].field, IntakeField::Due);
            assert_eq!(problems[0].problem, Problem::When(e), "{due}");
        }
        let now = at("2026-11-23 10:00");
        assert_eq!(requested_due("明天 12:00", now), Ok(at("2026-11-24 12:00")));
        assert_eq!(
            requested_due("0000-01-01 00:00", now),
            Err(WhenError::OutOfRange)
        );
        assert_eq!(
            requested_due("9999-12-31 23:59", now),
            Err(WhenError::OutOfRange)
        );
        assert_eq!(
            requested_due("2020-01-01 10:00", now),
            Err(WhenError::InPast)
        );
    }

    #[test]
    fn rules() {
        assert!(validate(&facts("王先生", "13812345678", "水龙头漏水")).is_empty());
        let errs = validate(&facts("", "abc", " "));
        let fields: Vec<_> = errs.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            vec![
                IntakeField::Reporter,
                IntakeField::Phone,
                IntakeField::Description
            ]
        );
        let mut f = facts("王", "", "x");
        f.has_unit = false;
        assert_eq!(validate(&f)[0].problem, Problem::NoPlace);
        f.location = "3栋大堂";
        assert!(validate(&f).is_empty());
        f.channel = Channel::Patrol;
        f.reporter = "";
        assert!(validate(&f).is_empty());
    }

    #[test]
    fn phones() {
        assert!(phone_ok("13812345678"));
        assert!(phone_ok("+86 138-1234-5678"));
        assert!(phone_ok("021-62345678"));
        assert!(!phone_ok("1234"));
        assert!(!phone_ok("138abc45678"));
    }
}

/// A time the resident asked for, as typed at the desk: `2026-11-24 12:00`,
/// `11-24 12:00`, `12:00` (today), `明天 12:00` / `tomorrow 12:00`, `今天17:00`.
pub fn parse_when(text: &str, now: chrono::NaiveDateTime) -> Option<chrono::NaiveDateTime> {
    use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
    let s = text.trim();
    if s.is_empty() {
        return None;
    }
    let (day, rest) = if let Some(r) = s
        .strip_prefix("明天")
        .or_else(|| s.strip_prefix("tomorrow"))
    {
        (Some(now.date() + Duration::days(1)), r)
    } else if let Some(r) = s.strip_prefix("今天").or_else(|| s.strip_prefix("today")) {
        (Some(now.date()), r)
    } else {
        (None, s)
    };
    let rest = rest.trim().replace('：', ":");
    let time = |t: &str| NaiveTime::parse_from_str(t.trim(), "%H:%M").ok();
    if let Some(d) = day {
        return time(&rest).map(|t| d.and_time(t));
    }
    if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(&rest, "%Y-%m-%d %H:%M") {
        return Some(dt);
    }
    if let Some((md, t)) = rest.split_once(' ') {
        let full = format!("{}-{}", now.year(), md.trim());
        if let (Ok(d), Some(t)) = (NaiveDate::parse_from_str(&full, "%Y-%m-%d"), time(t)) {
            return Some(d.and_time(t));
        }
    }
    time(&rest).map(|t| now.date().and_time(t))
}

#[cfg(test)]
mod when_tests {
    use super::parse_when;

    #[test]
    fn forms() {
        let at = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").ok();
        let now = at("2026-11-23 10:00").unwrap();
        assert_eq!(parse_when("2026-11-24 12:00", now), at("2026-11-24 12:00"));
        assert_eq!(parse_when("11-24 12:00", now), at("2026-11-24 12:00"));
        assert_eq!(parse_when("17:30", now), at("2026-11-23 17:30"));
        assert_eq!(parse_when("明天 9:00", now), at("2026-11-24 09:00"));
        assert_eq!(parse_when("今天17：00", now), at("2026-11-23 17:00"));
        assert_eq!(parse_when("tomorrow 08:15", now), at("2026-11-24 08:15"));
        assert_eq!(parse_when("", now), None);
        assert_eq!(parse_when("soon", now), None);
    }
}
