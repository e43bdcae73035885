//! What a new ticket must carry before it is registered. Shared by the intake
//! screen (inline messages), the CLI and the store (the last word): every
//! field goes through `domain::validate` here and nowhere else.

use super::ticket::{Channel, Kind};
use super::validate::{
    self, PhoneError, TextError, MAX_CATEGORY, MAX_LOCATION, MAX_NOTE, MAX_PREFERRED,
};
use super::when::{self, Toward, WhenError};
use chrono::{Duration, NaiveDateTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum IntakeField {
    /// The unit, or the place as a whole (neither unit nor location given).
    Unit,
    Location,
    Reporter,
    Phone,
    Category,
    Description,
    /// When the technician may come.
    Preferred,
    /// An enquiry's answer given on the spot.
    Answer,
    /// The deadline the resident asked for.
    Due,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Problem {
    /// Neither a unit nor a public-area location was given.
    NoPlace,
    Required,
    /// Not a phone number (`validate::parse_phone` says why).
    Phone(PhoneError),
    /// Longer than this many characters.
    TooLong(usize),
    /// A name with no letter in it.
    NoLetters,
    /// Control characters (a line break, an escape) in a name.
    ControlChar,
    /// A requested deadline already past or too far ahead.
    When(WhenError),
}

impl From<TextError> for Problem {
    fn from(e: TextError) -> Problem {
        match e {
            TextError::Required => Problem::Required,
            TextError::TooLong { max } => Problem::TooLong(max),
            TextError::ControlChar => Problem::ControlChar,
            TextError::NoLetters => Problem::NoLetters,
        }
    }
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
    /// The category as stored: a code, or old free text.
    pub category: &'a str,
    pub description: &'a str,
    pub preferred_time: &'a str,
    pub answer: &'a str,
    /// The deadline the resident asked for, if any, and when it is asked.
    pub requested_due: Option<NaiveDateTime>,
    pub now: NaiveDateTime,
}

pub const MAX_DESCRIPTION: usize = validate::MAX_DESCRIPTION;

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

/// The phone as stored: its one form (`13812345678`, `021-62345678`) when
/// it is a phone number, else as typed, trimmed (the store refuses it
/// before it gets that far).
pub fn stored_phone(p: &str) -> String {
    match validate::parse_phone(p) {
        Ok(phone) => phone.into_string(),
        Err(_) => p.trim().to_string(),
    }
}

/// All problems, in screen order, so the form can mark every field at once.
pub fn validate(f: &IntakeFacts) -> Vec<IntakeError> {
    let mut out = Vec::new();
    let mut push = |field, problem| out.push(IntakeError { field, problem });
    if !f.has_unit && f.location.trim().is_empty() {
        push(IntakeField::Unit, Problem::NoPlace);
    }
    if let Err(e) = validate::check_text(f.location.trim(), MAX_LOCATION, false) {
        push(IntakeField::Location, e.into());
    }
    // Patrols and other departments report without a resident on the line.
    let resident_channel = !matches!(f.channel, Channel::Patrol | Channel::Department);
    if f.reporter.trim().is_empty() {
        if resident_channel && f.kind != Kind::Enquiry {
            push(IntakeField::Reporter, Problem::Required);
        }
    } else if let Err(e) = validate::check_name(f.reporter) {
        push(IntakeField::Reporter, e.into());
    }
    if !f.phone.trim().is_empty() {
        if let Err(e) = validate::parse_phone(f.phone) {
            push(IntakeField::Phone, Problem::Phone(e));
        }
    }
    if let Err(e) = validate::check_text(f.category.trim(), MAX_CATEGORY, false) {
        push(IntakeField::Category, e.into());
    }
    if let Err(e) = validate::check_text(f.description.trim_end(), MAX_DESCRIPTION, true) {
        push(IntakeField::Description, e.into());
    }
    if let Err(e) = validate::check_text(f.preferred_time.trim(), MAX_PREFERRED, false) {
        push(IntakeField::Preferred, e.into());
    }
    if let Err(e) = validate::check_text(f.answer.trim_end(), MAX_NOTE, false) {
        push(IntakeField::Answer, e.into());
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
            category: "",
            description: desc,
            preferred_time: "",
            answer: "",
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
        let ok = |p: &str| validate(&facts("王先生", p, "x")).is_empty();
        assert!(ok("13812345678"));
        assert!(ok("+86 138-1234-5678"));
        assert!(ok("021-62345678"));
        assert!(ok("１３８１２３４５６７８"));
        assert!(!ok("1234"));
        assert!(!ok("138abc45678"));
        assert!(!ok("((((12345))))"));
        assert_eq!(stored_phone("１３８ １２３４ ５６７８"), "13812345678");
        assert_eq!(stored_phone("(021) 6234-5678"), "021-62345678");
        assert_eq!(stored_phone(" 12345 "), "12345");
    }

    #[test]
    fn lengths_and_names() {
        let problem = |f: &IntakeFacts| validate(f).first().map(|e| (e.field, e.problem));
        let long = "王".repeat(31);
        assert_eq!(
            problem(&facts(&long, "", "x")),
            Some((IntakeField::Reporter, Problem::TooLong(30)))
        );
        assert_eq!(
            problem(&facts("13812345678", "", "x")),
            Some((IntakeField::Reporter, Problem::NoLetters))
        );
        assert_eq!(
            problem(&facts("王\x1b[2J", "", "x")),
            Some((IntakeField::Reporter, Problem::ControlChar))
        );
        let mut f = facts("王先生", "", "x");
        let place = "楼".repeat(61);
        f.location = &place;
        assert_eq!(
            problem(&f),
            Some((IntakeField::Location, Problem::TooLong(60)))
        );
        let mut f = facts("王先生", "", "x");
        let cat = "类".repeat(31);
        f.category = &cat;
        assert_eq!(
            problem(&f),
            Some((IntakeField::Category, Problem::TooLong(30)))
        );
        let desc = "漏".repeat(MAX_DESCRIPTION + 1);
        assert_eq!(
            problem(&facts("王先生", "", &desc)),
            Some((IntakeField::Description, Problem::TooLong(MAX_DESCRIPTION)))
        );
        // A description is stored as typed: control characters are shown
        // inert, not refused.
        assert!(validate(&facts("王先生", "", "水管\x1b[2J爆了\n快来")).is_empty());
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
