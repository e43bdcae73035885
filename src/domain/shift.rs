//! Shifts 班次: which shift contains a time, its start and end, the next and
//! previous one, and which shift a handover opened now is for. Pure: the
//! clock is passed in.
//!
//! A shift is identified by (date, code); its date is the date it starts on
//! (the evening shift 17:00–24:00 belongs to its start date, the night shift
//! 00:00–08:00 to the date of its midnight).
//!
//! **A shift runs from its start until the next shift starts.** Seed 003
//! lists 9:00-17:00, 17:00-0:00, 0:00-8:00, which leaves 08:00–09:00 uncovered:
//! here the night shift runs until the day shift takes over at 09:00, so every
//! moment belongs to exactly one shift and the night's handover happens at
//! 09:00. A site sets its own start times in the config.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

/// One shift of the daily plan, as configured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftDef {
    /// Stable code stored with log entries and handovers: `day`, `evening`, `night`.
    pub code: String,
    /// Shown in the Chinese interface (and the English one when `name_en` is empty).
    pub name: String,
    pub name_en: String,
    pub start: NaiveTime,
}

/// One concrete shift: a plan entry on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shift {
    pub date: NaiveDate,
    pub code: String,
    pub name: String,
    pub name_en: String,
    #[serde(with = "super::time")]
    pub start: NaiveDateTime,
    /// Exclusive: the start of the next shift.
    #[serde(with = "super::time")]
    pub end: NaiveDateTime,
}

impl Shift {
    pub fn contains(&self, t: NaiveDateTime) -> bool {
        self.start <= t && t < self.end
    }

    /// `2026-11-23/day`: how the CLI names a shift.
    pub fn key(&self) -> String {
        format!("{}/{}", self.date, self.code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("shifts: at least one shift is needed")]
    Empty,
    #[error("shifts: a shift has an empty code")]
    EmptyCode,
    #[error("shifts: code {0:?} is used twice")]
    DuplicateCode(String),
    #[error("shifts: {code}: start {value:?} is not a time like 09:00")]
    BadTime { code: String, value: String },
    #[error("shifts: two shifts start at {0}")]
    DuplicateStart(String),
}

/// The site's shifts, ordered by start time, and how long after a shift
/// change the outgoing operator may still open the handover of the shift
/// that just ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftPlan {
    defs: Vec<ShiftDef>,
    grace: Duration,
}

/// Seed 003: 9:00-17:00 白班, 17:00-0:00 中班, 0:00-(8:00, here 9:00) 夜班.
impl Default for ShiftPlan {
    fn default() -> Self {
        let def = |code: &str, name: &str, en: &str, h: u32| ShiftDef {
            code: code.into(),
            name: name.into(),
            name_en: en.into(),
            start: NaiveTime::from_hms_opt(h, 0, 0).expect("valid hour"),
        };
        ShiftPlan {
            defs: vec![
                def("night", "夜班", "Night", 0),
                def("day", "白班", "Day", 9),
                def("evening", "中班", "Evening", 17),
            ],
            grace: Duration::minutes(DEFAULT_GRACE_MINUTES),
        }
    }
}

pub const DEFAULT_GRACE_MINUTES: i64 = 60;

/// `9:00`, `09:00`, `09:00:00`.
pub fn parse_time(s: &str) -> Option<NaiveTime> {
    let s = s.trim();
    NaiveTime::parse_from_str(s, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M:%S"))
        .ok()
}

/// `2026-11-23/day` → (date, code).
pub fn parse_key(s: &str) -> Option<(NaiveDate, String)> {
    let (d, code) = s.trim().split_once(['/', ' '])?;
    let date = NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok()?;
    let code = code.trim();
    (!code.is_empty()).then(|| (date, code.to_string()))
}

impl ShiftPlan {
    /// Validate and order a site's shifts.
    pub fn new(mut defs: Vec<ShiftDef>, grace_minutes: i64) -> Result<ShiftPlan, PlanError> {
        if defs.is_empty() {
            return Err(PlanError::Empty);
        }
        for (i, d) in defs.iter().enumerate() {
            if d.code.trim().is_empty() {
                return Err(PlanError::EmptyCode);
            }
            if defs[..i].iter().any(|o| o.code == d.code) {
                return Err(PlanError::DuplicateCode(d.code.clone()));
            }
        }
        defs.sort_by_key(|d| d.start);
        if let Some(w) = defs.windows(2).find(|w| w[0].start == w[1].start) {
            return Err(PlanError::DuplicateStart(
                w[0].start.format("%H:%M").to_string(),
            ));
        }
        Ok(ShiftPlan {
            defs,
            grace: Duration::minutes(grace_minutes.max(0)),
        })
    }

    pub fn defs(&self) -> &[ShiftDef] {
        &self.defs
    }

    pub fn grace(&self) -> Duration {
        self.grace
    }

    fn make(&self, date: NaiveDate, i: usize) -> Shift {
        let d = &self.defs[i];
        let end = match self.defs.get(i + 1) {
            Some(n) => date.and_time(n.start),
            None => (date + Duration::days(1)).and_time(self.defs[0].start),
        };
        Shift {
            date,
            code: d.code.clone(),
            name: d.name.clone(),
            name_en: d.name_en.clone(),
            start: date.and_time(d.start),
            end,
        }
    }

    fn index(&self, code: &str) -> Option<usize> {
        self.defs.iter().position(|d| d.code == code)
    }

    /// The shift that contains `t`.
    pub fn at(&self, t: NaiveDateTime) -> Shift {
        match self.defs.iter().rposition(|d| d.start <= t.time()) {
            Some(i) => self.make(t.date(), i),
            // Before the first start of the day: the last shift of yesterday.
            None => self.make(t.date() - Duration::days(1), self.defs.len() - 1),
        }
    }

    /// The shift `code` on `date`, if the plan has that code.
    pub fn get(&self, date: NaiveDate, code: &str) -> Option<Shift> {
        self.index(code).map(|i| self.make(date, i))
    }

    pub fn next(&self, s: &Shift) -> Shift {
        self.at(s.end)
    }

    pub fn prev(&self, s: &Shift) -> Shift {
        self.at(s.start - Duration::seconds(1))
    }

    /// The shift a handover opened at `now` is for: the current one, or the
    /// one that just ended when it has not been handed over yet and `now` is
    /// within the grace period after the change.
    pub fn handover_shift(&self, now: NaiveDateTime, prev_handed_over: bool) -> Shift {
        let cur = self.at(now);
        if !prev_handed_over && now < cur.start + self.grace {
            self.prev(&cur)
        } else {
            cur
        }
    }
}

/// Why the store refused a duty-log or handover write. Nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShiftRefusal {
    #[error("the text is empty")]
    EmptyText,
    #[error("the text is longer than {0} characters")]
    TextTooLong(usize),
    #[error("a promise needs a due time")]
    PromiseNeedsDue,
    #[error("log entry #{0} not found")]
    NotFound(i64),
    #[error("log entry #{0} is not a promise")]
    NotAPromise(i64),
    #[error("promise #{0} was already marked kept by entry #{1}")]
    AlreadyKept(i64, i64),
    #[error("entry #{0} marks a promise kept and cannot be corrected")]
    CannotCorrectKept(i64),
    #[error("shift {0} was already handed over (handover #{1})")]
    AlreadyHandedOver(String, i64),
    #[error("handover #{0} was already acknowledged")]
    AlreadyAcknowledged(i64),
    #[error("the incoming operator must be someone other than the outgoing one")]
    SameOperator,
    #[error("wrong PIN")]
    WrongPin,
    #[error("{0} has no PIN set")]
    NoPin(String),
    #[error("handover #{0} is not acknowledged yet")]
    NotAcknowledged(i64),
    #[error("handover #{0} was already reviewed")]
    AlreadyReviewed(i64),
    #[error("only a supervisor or manager may review handovers")]
    NotReviewer,
    #[error("only desk staff may do this")]
    NotDeskStaff,
    #[error("handover #{0}: the stored content no longer matches its hash")]
    Tampered(i64),
    #[error("{} is not in shift {shift}", .at.format("%Y-%m-%d %H:%M"))]
    OutsideShift { at: NaiveDateTime, shift: String },
    #[error("shift {0} has not started yet")]
    NotStarted(String),
    /// A `kept` or `correction` entry (its category's code) is written by
    /// marking a promise kept or correcting an entry.
    #[error("a {0} entry is written by its own action")]
    OwnAction(&'static str),
    /// A promise's due time already past or too far ahead.
    #[error("promise due: {0}")]
    BadDue(super::when::WhenError),
}

impl ShiftRefusal {
    /// Bad input (exit 2) rather than a refusal by the rules (exit 1).
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            ShiftRefusal::EmptyText
                | ShiftRefusal::TextTooLong(_)
                | ShiftRefusal::PromiseNeedsDue
                | ShiftRefusal::OutsideShift { .. }
                | ShiftRefusal::NotStarted(_)
                | ShiftRefusal::OwnAction(_)
                | ShiftRefusal::BadDue(_)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn seed_003_shifts() {
        let p = ShiftPlan::default();
        let s = p.at(at("2026-11-23 10:00"));
        assert_eq!((s.date, s.code.as_str()), (d("2026-11-23"), "day"));
        assert_eq!(s.start, at("2026-11-23 09:00"));
        assert_eq!(s.end, at("2026-11-23 17:00"));
        // The evening shift runs to midnight and belongs to its start date.
        let e = p.at(at("2026-11-23 23:59"));
        assert_eq!((e.date, e.code.as_str()), (d("2026-11-23"), "evening"));
        assert_eq!(e.end, at("2026-11-24 00:00"));
        // Midnight starts the night shift of the new date.
        let n = p.at(at("2026-11-24 00:00"));
        assert_eq!((n.date, n.code.as_str()), (d("2026-11-24"), "night"));
        // 08:00-09:00 is not left uncovered: the night runs until the day starts.
        let gap = p.at(at("2026-11-24 08:30"));
        assert_eq!(gap, n);
        assert_eq!(n.end, at("2026-11-24 09:00"));
        assert_eq!(p.at(at("2026-11-24 09:00")).code, "day");
    }

    #[test]
    fn next_and_prev_wrap_days() {
        let p = ShiftPlan::default();
        let e = p.get(d("2026-11-23"), "evening").unwrap();
        let n = p.next(&e);
        assert_eq!((n.date, n.code.as_str()), (d("2026-11-24"), "night"));
        assert_eq!(p.prev(&n), e);
        let night = p.get(d("2026-11-23"), "night").unwrap();
        let before = p.prev(&night);
        assert_eq!(
            (before.date, before.code.as_str()),
            (d("2026-11-22"), "evening")
        );
        assert!(p.get(d("2026-11-23"), "late").is_none());
    }

    #[test]
    fn a_site_with_a_night_shift_across_midnight() {
        let defs = vec![
            ShiftDef {
                code: "a".into(),
                name: "早".into(),
                name_en: String::new(),
                start: parse_time("8:00").unwrap(),
            },
            ShiftDef {
                code: "n".into(),
                name: "夜".into(),
                name_en: String::new(),
                start: parse_time("20:00").unwrap(),
            },
        ];
        let p = ShiftPlan::new(defs, 30).unwrap();
        // 03:00 belongs to the night shift that started yesterday at 20:00.
        let s = p.at(at("2026-11-24 03:00"));
        assert_eq!((s.date, s.code.as_str()), (d("2026-11-23"), "n"));
        assert_eq!(s.end, at("2026-11-24 08:00"));
    }

    #[test]
    fn plan_validation() {
        let def = |code: &str, t: &str| ShiftDef {
            code: code.into(),
            name: code.into(),
            name_en: String::new(),
            start: parse_time(t).unwrap(),
        };
        assert_eq!(ShiftPlan::new(vec![], 60), Err(PlanError::Empty));
        assert_eq!(
            ShiftPlan::new(vec![def("a", "9:00"), def("a", "17:00")], 60),
            Err(PlanError::DuplicateCode("a".into()))
        );
        assert_eq!(
            ShiftPlan::new(vec![def("a", "9:00"), def("b", "09:00")], 60),
            Err(PlanError::DuplicateStart("09:00".into()))
        );
        assert_eq!(
            ShiftPlan::new(vec![def(" ", "9:00")], 60),
            Err(PlanError::EmptyCode)
        );
        assert!(parse_time("24:00").is_none());
        assert!(parse_time("9h").is_none());
    }

    #[test]
    fn handover_is_for_the_shift_that_just_ended_within_the_grace() {
        let p = ShiftPlan::default();
        // 16:50: the day shift hands over.
        assert_eq!(p.handover_shift(at("2026-11-23 16:50"), false).code, "day");
        // 17:20, day not handed over yet: still the day shift.
        assert_eq!(p.handover_shift(at("2026-11-23 17:20"), false).code, "day");
        // 17:20 but the day shift is done: the evening shift.
        assert_eq!(
            p.handover_shift(at("2026-11-23 17:20"), true).code,
            "evening"
        );
        // After the grace period it is always the current shift.
        assert_eq!(
            p.handover_shift(at("2026-11-23 18:30"), false).code,
            "evening"
        );
    }

    #[test]
    fn keys() {
        assert_eq!(
            parse_key("2026-11-23/day"),
            Some((d("2026-11-23"), "day".to_string()))
        );
        assert_eq!(parse_key("2026-11-23"), None);
        assert_eq!(parse_key("23/11/2026/day"), None);
        let p = ShiftPlan::default();
        assert_eq!(p.at(at("2026-11-23 10:00")).key(), "2026-11-23/day");
    }

    proptest! {
        #[test]
        fn every_moment_is_in_exactly_one_shift(mins in 0i64..(60 * 24 * 400)) {
            let p = ShiftPlan::default();
            let t = at("2026-01-01 00:00") + Duration::minutes(mins);
            let s = p.at(t);
            prop_assert!(s.contains(t));
            let n = p.next(&s);
            prop_assert_eq!(n.start, s.end);
            prop_assert!(!n.contains(t));
            prop_assert_eq!(p.prev(&n), s.clone());
            prop_assert_eq!(p.get(s.date, &s.code), Some(s));
        }
    }
}
