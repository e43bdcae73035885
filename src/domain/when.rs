//! The one parser for every field that takes a time: due times, callback
//! times, consent dates, the time a resident asked for. Pure: `now` is passed
//! in, and the parser never panics on any input.
//!
//! # Input
//!
//! Before parsing, full-width forms from a Chinese IME are folded to ASCII
//! (`０-９`, `：`, `－`, `／`, `＋`, `ｈ`, the ideographic space), the text is
//! trimmed and lower-cased. Spaces between the parts below are optional
//! except where two numbers would run together.
//!
//! # Grammar
//!
//! One of three shapes.
//!
//! **Now**: `现在`, `刚才`, `刚刚`, `now`.
//!
//! **Relative**: an optional sign, one or more `amount unit` pairs, an
//! optional direction word.
//!
//! | part      | forms |
//! |-----------|-------|
//! | sign      | `+`, `-`, `in ` |
//! | amount    | digits, a Chinese numeral up to 99 (`两`, `十二`), `半` (half a unit), `N个半` (N and a half) |
//! | unit      | minutes `m` `min` `mins` `minute(s)` `分` `分钟`; hours `h` `hr` `hrs` `hour(s)` `小时` `钟头`; days `d` `day(s)` `天`; weeks `w` `week(s)` `周` `星期` `礼拜`; `个` may come before any of them |
//! | direction | later: `后` `以后` `之后` `later` `from now`; earlier: `前` `以前` `之前` `ago` |
//!
//! `+2h`, `+30m`, `+1d`, `+2 h`, `+2小时`, `+30分钟`, `+1天`, `2小时后`,
//! `30分钟后`, `-2h`, `2小时前`, `1h30m`, `1天2小时后`, `半小时后`,
//! `一个半小时后`, `两个小时`, `３ days ago`, `＋２ｈ`. A sign and a
//! direction word must agree. With neither (`２小时`), the amount goes in
//! the field's direction ([`Toward`]). The result keeps `now`'s seconds.
//!
//! **Absolute**: an optional day, then an optional time of day (at least
//! one of the two).
//!
//! | day part | forms |
//! |----------|-------|
//! | day word | `今天` `今日` `today`, `明天` `明日` `tomorrow`, `后天`, `大后天`, `昨天` `昨日` `yesterday`, `前天`, `大前天`; with a part of day: `今早` `今晚` `明早` `明晚` `昨晚` |
//! | full date | `2026-11-24`, `2026/11/24`, `2026.11.24`, `2026年11月24日` |
//! | month-day | `11-24`, `11/24`, `11月24日`, `11月24号`, `11月24` (month first, always) |
//!
//! | time part | forms |
//! |-----------|-------|
//! | clock | `12:00`, `9:05`, `9:5` (09:05), `12:00:30`, `9: 30` (a space after the colon) |
//! | Chinese | `12点`, `12点30`, `12点30分`, `12点半`, `12点整`, `12时30分`, `十二点半`, `3点钟` |
//! | part of day | before: `上午` `早上` `早晨` `清晨` `早` `凌晨` `中午` `下午` `傍晚` `晚上` `晚` `夜里` `夜间`; after: `am` `pm` (`3pm`, `3:30 pm`). A bare hour is allowed with one (`下午3`, `3pm`). |
//!
//! A date and a time may be joined by spaces, `T` (`2026-11-24T12:00`), or
//! nothing after a Chinese or word form (`明天9:00`, `11月24日下午3点`).
//!
//! Parts of day: `下午3点` is 15:00, `晚上8点` 20:00, `中午1点` 13:00,
//! `凌晨2点` 02:00, `12am` 00:00, `12pm` 12:00. `晚上12点` and `晚上1点`
//! are [`WhenError::Ambiguous`] (which night?); write `0:00` with a day.
//!
//! Not understood (deliberately): weekdays (`周五`), `11.24` without a year,
//! two-digit years, `24:00`, `一刻`.
//!
//! # Which day: the roll rule
//!
//! Some fields hold due times (future), some hold when something happened
//! (past: a callback, a consent). The caller says which with [`Toward`], and
//! only forms that name no day or no year are moved:
//!
//! - a bare time (`9:00`): with `Future`, a time earlier than or equal to
//!   now means that time tomorrow; with `Past`, a time later than now means
//!   yesterday. Otherwise today.
//! - a month-day without a year (`11-24`): with `Future`, a day earlier than
//!   today means next year; with `Past`, a day later than today means last
//!   year. Otherwise this year. The year is chosen from the month and day
//!   alone; if that day does not exist in that year (`2-29` in 2027) it is
//!   [`WhenError::NoSuchDate`], not moved again.
//! - day words and full dates are never moved: `今天 9:00` at 10:00 is this
//!   morning, in the past; [`check_due`] is where a past due time is refused.
//!
//! A day given without a time means [`default_time`]: 23:59 toward the
//! future (a due date is met by anything done that day), 00:00 toward the
//! past (the start of the day is never later than now for today, and it is
//! what `clock::parse` gave a date alone). [`parse_with_default`] takes
//! another.
//!
//! Examples with now = 2026-11-23 10:00:
//!
//! | input        | Future           | Past             |
//! |--------------|------------------|------------------|
//! | `19:00`      | 2026-11-23 19:00 | 2026-11-22 19:00 |
//! | `9:30`       | 2026-11-24 09:30 | 2026-11-23 09:30 |
//! | `明天9:00`   | 2026-11-24 09:00 | 2026-11-24 09:00 |
//! | `11-20`      | 2027-11-20 23:59 | 2026-11-20 00:00 |
//! | `12-01 8:00` | 2026-12-01 08:00 | 2025-12-01 08:00 |
//! | `+2h`        | 2026-11-23 12:00 | 2026-11-23 12:00 |
//! | `2小时`      | 2026-11-23 12:00 | 2026-11-23 08:00 |
//!
//! # Replacing the old parsers
//!
//! This accepts every form `intake::parse_when`, `dutylog::parse_due`,
//! `keys::parse_due` and `clock::parse` accepted (checked by a differential
//! fuzz against them), except artefacts of their implementations: a stray
//! `T` anywhere (`T9:00`, `9:00T`, which `keys::parse_due` blanked out), a
//! doubled sign (`++2h`) and results beyond the horizon below. One meaning
//! changes on purpose: `intake::parse_when` and `keys::parse_due` read a
//! bare time already gone as today; with `Future` it is tomorrow, as
//! `dutylog::parse_due` had it.
//!
//! # Range
//!
//! Every result must lie within [`HORIZON_DAYS`] (about 100 years) of now,
//! else [`WhenError::OutOfRange`]: no desk time is that far, and it keeps
//! all arithmetic far from chrono's limits (`+999999999h` is an error). Due
//! times are checked further by [`check_due`], past times by
//! [`check_happened`], with limits the caller chooses.

use super::validate::fold_width;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

/// Which way an ambiguous time is read: see the module doc.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Toward {
    /// Due times, appointments: a bare time already gone is tomorrow's.
    Future,
    /// When something happened: a bare time still to come is yesterday's.
    Past,
}

/// Why a time was not accepted. No words: the UI translates the variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error, serde::Serialize)]
pub enum WhenError {
    #[error("time: empty")]
    Empty,
    /// Not any form of the grammar.
    #[error("time: not a recognised form")]
    Unrecognised,
    /// A well-formed date that does not exist: `2-30`, `13-01`, `2027-02-29`.
    #[error("time: no such date")]
    NoSuchDate,
    /// A well-formed time that does not exist: `25:00`, `9:60`, `下午0点`.
    #[error("time: no such time of day")]
    NoSuchTime,
    /// A time that could mean two nights: `晚上12点`, `晚上1点`.
    #[error("time: ambiguous")]
    Ambiguous,
    /// Further than [`HORIZON_DAYS`] from now, or a number too big to hold.
    #[error("time: out of range")]
    OutOfRange,
    /// [`check_due`]: before the current minute.
    #[error("time: already past")]
    InPast,
    /// [`check_due`]: after now + the caller's limit.
    #[error("time: too far ahead")]
    TooFar,
    /// [`check_happened`]: after the current minute.
    #[error("time: not yet")]
    NotYet,
    /// [`check_happened`]: before now − the caller's limit.
    #[error("time: too long ago")]
    TooLongAgo,
}

/// A result further than this from now is [`WhenError::OutOfRange`].
pub const HORIZON_DAYS: i64 = 36_525;

/// What a day alone means toward the future: the last minute of the day.
pub const END_OF_DAY: NaiveTime = match NaiveTime::from_hms_opt(23, 59, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

/// What a day alone means toward the past: the start of the day.
pub const START_OF_DAY: NaiveTime = NaiveTime::MIN;

/// The time of day [`parse`] gives a day named without one.
pub fn default_time(toward: Toward) -> NaiveTime {
    match toward {
        Toward::Future => END_OF_DAY,
        Toward::Past => START_OF_DAY,
    }
}

/// Parse a time as typed (grammar in the module doc). A day without a time
/// means [`default_time`]`(toward)`.
pub fn parse(text: &str, now: NaiveDateTime, toward: Toward) -> Result<NaiveDateTime, WhenError> {
    parse_with_default(text, now, toward, default_time(toward))
}

/// As [`parse`], with the time of day a day alone means chosen by the
/// caller (a callback form might say 09:00).
pub fn parse_with_default(
    text: &str,
    now: NaiveDateTime,
    toward: Toward,
    default_time: NaiveTime,
) -> Result<NaiveDateTime, WhenError> {
    let folded = fold_width(text);
    let s = folded.trim().to_lowercase();
    if s.is_empty() {
        return Err(WhenError::Empty);
    }
    let t = resolve(syntax(&s)?, now, toward, default_time)?;
    within_horizon(t, now)
}

/// A deadline set at `now` must not be before the minute `now` is in (a
/// form takes seconds to fill: `+0m` or the current minute is accepted) and
/// not after `now + max_ahead`. A `max_ahead` too large to add means no
/// upper limit.
pub fn check_due(
    due: NaiveDateTime,
    now: NaiveDateTime,
    max_ahead: Duration,
) -> Result<(), WhenError> {
    if due < minute_floor(now) {
        return Err(WhenError::InPast);
    }
    match now.checked_add_signed(max_ahead) {
        Some(limit) if due > limit => Err(WhenError::TooFar),
        _ => Ok(()),
    }
}

/// A time something happened, recorded at `now`: not after the minute `now`
/// is in, and not before `now - max_back`. A `max_back` too large to
/// subtract means no lower limit.
pub fn check_happened(
    at: NaiveDateTime,
    now: NaiveDateTime,
    max_back: Duration,
) -> Result<(), WhenError> {
    let next_minute = minute_floor(now).checked_add_signed(Duration::minutes(1));
    if next_minute.is_some_and(|n| at >= n) {
        return Err(WhenError::NotYet);
    }
    match now.checked_sub_signed(max_back) {
        Some(limit) if at < limit => Err(WhenError::TooLongAgo),
        _ => Ok(()),
    }
}

fn minute_floor(t: NaiveDateTime) -> NaiveDateTime {
    t.with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(t)
}

fn within_horizon(t: NaiveDateTime, now: NaiveDateTime) -> Result<NaiveDateTime, WhenError> {
    let horizon = Duration::days(HORIZON_DAYS);
    let d = t.signed_duration_since(now);
    if d > horizon || d < -horizon {
        Err(WhenError::OutOfRange)
    } else {
        Ok(t)
    }
}

// ---------------------------------------------------------------------------
// Syntax: text to a description of the time, no calendar yet
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sign {
    Later,
    Earlier,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Spec {
    Now,
    /// `seconds` ≥ 0; the sign comes from the text, or from `Toward`.
    Offset {
        seconds: i64,
        sign: Option<Sign>,
    },
    At {
        day: Option<Day>,
        clock: Option<Clock>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Day {
    /// Days from today: `明天` is 1.
    Relative(i64),
    /// `year` None: month-day, rolled by `Toward`.
    Date {
        year: Option<i32>,
        month: u32,
        day: u32,
    },
}

/// A time of day as written, checked only when resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Clock {
    hour: u32,
    minute: u32,
    second: u32,
    period: Option<Period>,
}

/// Part of day written with a time, which moves the hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Period {
    /// English am.
    Am,
    /// English pm.
    Pm,
    /// 上午, 早上 …
    Morning,
    /// 凌晨: the small hours.
    Dawn,
    /// 中午.
    Noon,
    /// 下午.
    Afternoon,
    /// 晚上, 傍晚, 夜里 …
    Evening,
}

const NOW_WORDS: &[(&str, ())] = &[("现在", ()), ("刚才", ()), ("刚刚", ()), ("now", ())];

const DAY_WORDS: &[(&str, (i64, Option<Period>))] = &[
    ("大后天", (3, None)),
    ("大前天", (-3, None)),
    ("今天", (0, None)),
    ("今日", (0, None)),
    ("today", (0, None)),
    ("明天", (1, None)),
    ("明日", (1, None)),
    ("tomorrow", (1, None)),
    ("后天", (2, None)),
    ("昨天", (-1, None)),
    ("昨日", (-1, None)),
    ("yesterday", (-1, None)),
    ("前天", (-2, None)),
    ("今早", (0, Some(Period::Morning))),
    ("今晨", (0, Some(Period::Morning))),
    ("今晚", (0, Some(Period::Evening))),
    ("明早", (1, Some(Period::Morning))),
    ("明晚", (1, Some(Period::Evening))),
    ("昨晚", (-1, Some(Period::Evening))),
];

/// Parts of day written before the time. Longer words first: `早上` before
/// `早`.
const PERIODS_BEFORE: &[(&str, Period)] = &[
    ("上午", Period::Morning),
    ("早上", Period::Morning),
    ("早晨", Period::Morning),
    ("清晨", Period::Morning),
    ("凌晨", Period::Dawn),
    ("中午", Period::Noon),
    ("下午", Period::Afternoon),
    ("傍晚", Period::Evening),
    ("晚上", Period::Evening),
    ("夜里", Period::Evening),
    ("夜间", Period::Evening),
    ("早", Period::Morning),
    ("晚", Period::Evening),
];

const PERIODS_AFTER: &[(&str, Period)] = &[
    ("a.m.", Period::Am),
    ("p.m.", Period::Pm),
    ("am", Period::Am),
    ("pm", Period::Pm),
];

const MINUTE: i64 = 60;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
const WEEK: i64 = 7 * DAY;

/// Units in seconds. Longer words first: `min` before `m`.
const UNITS: &[(&str, i64)] = &[
    ("minutes", MINUTE),
    ("minute", MINUTE),
    ("mins", MINUTE),
    ("min", MINUTE),
    ("分钟", MINUTE),
    ("分", MINUTE),
    ("m", MINUTE),
    ("hours", HOUR),
    ("hour", HOUR),
    ("hrs", HOUR),
    ("hr", HOUR),
    ("小时", HOUR),
    ("钟头", HOUR),
    ("h", HOUR),
    ("days", DAY),
    ("day", DAY),
    ("天", DAY),
    ("d", DAY),
    ("weeks", WEEK),
    ("week", WEEK),
    ("星期", WEEK),
    ("礼拜", WEEK),
    ("周", WEEK),
    ("w", WEEK),
];

const DIRECTIONS: &[(&str, Sign)] = &[
    ("以后", Sign::Later),
    ("之后", Sign::Later),
    ("后", Sign::Later),
    ("later", Sign::Later),
    ("from now", Sign::Later),
    ("以前", Sign::Earlier),
    ("之前", Sign::Earlier),
    ("前", Sign::Earlier),
    ("ago", Sign::Earlier),
];

/// A position in the input. Copied to try an alternative, assigned back
/// when it matched: backtracking for free, and `strip_prefix` never splits
/// a character, so no slicing can panic.
#[derive(Debug, Clone, Copy)]
struct Cur<'a> {
    rest: &'a str,
}

impl<'a> Cur<'a> {
    fn new(s: &'a str) -> Self {
        Cur { rest: s }
    }

    fn done(&self) -> bool {
        self.rest.is_empty()
    }

    fn eat(&mut self, word: &str) -> bool {
        match self.rest.strip_prefix(word) {
            Some(r) => {
                self.rest = r;
                true
            }
            None => false,
        }
    }

    /// The value of the first word in `table` the input starts with.
    fn eat_first<T: Copy>(&mut self, table: &[(&str, T)]) -> Option<T> {
        table.iter().find(|(w, _)| self.eat(w)).map(|&(_, v)| v)
    }

    fn ws(&mut self) {
        self.rest = self.rest.trim_start();
    }

    /// The whole run of ASCII digits here, if any.
    fn digits(&mut self) -> Option<&'a str> {
        let end = self
            .rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(self.rest.len());
        if end == 0 {
            return None;
        }
        // `end` is at a char boundary: everything before it is ASCII.
        let (run, rest) = self.rest.split_at(end);
        self.rest = rest;
        Some(run)
    }

    /// 1 to `max_len` ASCII digits as a number.
    fn small(&mut self, max_len: usize) -> Option<u32> {
        let mut t = *self;
        let run = t.digits().filter(|r| r.len() <= max_len)?;
        let n = run.parse().ok()?;
        *self = t;
        Some(n)
    }

    /// A digit in Chinese.
    fn cn_digit(&mut self) -> Option<u32> {
        const DIGITS: &[(&str, u32)] = &[
            ("零", 0),
            ("〇", 0),
            ("一", 1),
            ("二", 2),
            ("两", 2),
            ("三", 3),
            ("四", 4),
            ("五", 5),
            ("六", 6),
            ("七", 7),
            ("八", 8),
            ("九", 9),
        ];
        self.eat_first(DIGITS)
    }

    /// A Chinese numeral 0..=99: `五`, `十`, `十二`, `二十`, `二十三`.
    fn cn_number(&mut self) -> Option<u32> {
        let mut t = *self;
        let first = t.cn_digit();
        let n = if t.eat("十") {
            first.unwrap_or(1) * 10 + t.cn_digit().unwrap_or(0)
        } else {
            first?
        };
        *self = t;
        Some(n)
    }

    /// 1-2 ASCII digits or a Chinese numeral: hours, minutes, months, days.
    fn small_or_cn(&mut self) -> Option<u32> {
        self.small(2).or_else(|| self.cn_number())
    }
}

fn syntax(s: &str) -> Result<Spec, WhenError> {
    let mut c = Cur::new(s);
    if c.eat_first(NOW_WORDS).is_some() && c.done() {
        return Ok(Spec::Now);
    }
    if let Some(spec) = offset(s) {
        return spec;
    }
    at(s)
}

/// The relative forms. None when the text does not have their shape (so it
/// may be absolute); an error when it does but is wrong, e.g. too big, or
/// starts with a sign (nothing else does).
fn offset(s: &str) -> Option<Result<Spec, WhenError>> {
    let mut c = Cur::new(s);
    let prefix = if c.eat("+") || c.eat("in ") {
        Some(Sign::Later)
    } else if c.eat("-") {
        Some(Sign::Earlier)
    } else {
        None
    };
    let refuse = || prefix.map(|_| Err(WhenError::Unrecognised));
    c.ws();
    let seconds = match amounts(&mut c) {
        Ok(Some(n)) => n,
        Ok(None) => return refuse(),
        Err(e) => return Some(Err(e)),
    };
    c.ws();
    let suffix = c.eat_first(DIRECTIONS);
    c.ws();
    if !c.done() {
        return refuse();
    }
    let sign = match (prefix, suffix) {
        (Some(p), Some(q)) if p != q => return Some(Err(WhenError::Unrecognised)),
        (p, q) => p.or(q),
    };
    Some(Ok(Spec::Offset { seconds, sign }))
}

/// One or more `amount unit` pairs, summed, in seconds. None when the text
/// does not start with one.
fn amounts(c: &mut Cur) -> Result<Option<i64>, WhenError> {
    let mut total: Option<i64> = None;
    loop {
        let mut t = *c;
        t.ws();
        let Some(secs) = amount(&mut t)? else {
            return Ok(total);
        };
        let sum = total.unwrap_or(0).checked_add(secs);
        total = Some(sum.ok_or(WhenError::OutOfRange)?);
        *c = t;
    }
}

/// `2h`, `30 分钟`, `两个小时`, `半小时`, `一个半小时`.
fn amount(c: &mut Cur) -> Result<Option<i64>, WhenError> {
    let (count, half) = if c.eat("半") {
        (0, true)
    } else if let Some(run) = c.digits() {
        // Only overflow can fail here: the run is all digits.
        let n: i64 = run.parse().map_err(|_| WhenError::OutOfRange)?;
        c.ws();
        (n, c.eat("个半"))
    } else if let Some(n) = c.cn_number() {
        (i64::from(n), c.eat("个半"))
    } else {
        return Ok(None);
    };
    c.ws();
    c.eat("个");
    let Some(unit) = c.eat_first(UNITS) else {
        return Ok(None);
    };
    let extra = if half { unit / 2 } else { 0 };
    count
        .checked_mul(unit)
        .and_then(|s| s.checked_add(extra))
        .map(Some)
        .ok_or(WhenError::OutOfRange)
}

/// The absolute forms: `[day] [time]`.
fn at(s: &str) -> Result<Spec, WhenError> {
    let mut c = Cur::new(s);
    let (day, day_period) = match c.eat_first(DAY_WORDS) {
        Some((n, period)) => (Some(Day::Relative(n)), period),
        None => (date(&mut c), None),
    };
    c.ws();
    if matches!(day, Some(Day::Date { .. })) {
        eat_t_separator(&mut c);
    }
    let clock = clock(&mut c, day_period);
    c.ws();
    if !c.done() || (day.is_none() && clock.is_none()) {
        return Err(WhenError::Unrecognised);
    }
    Ok(Spec::At { day, clock })
}

/// ISO's `T` between date and time (`2026-11-24T12:00`), only before a digit.
fn eat_t_separator(c: &mut Cur) {
    let mut t = *c;
    if t.eat("t") && t.rest.starts_with(|ch: char| ch.is_ascii_digit()) {
        *c = t;
    }
}

fn date(c: &mut Cur) -> Option<Day> {
    let forms: [fn(&mut Cur) -> Option<Day>; 4] = [
        full_numeric,
        full_chinese,
        month_day_numeric,
        month_day_chinese,
    ];
    forms.iter().find_map(|form| {
        let mut t = *c;
        let day = form(&mut t)?;
        *c = t;
        Some(day)
    })
}

fn year(c: &mut Cur) -> Option<i32> {
    let run = c.digits().filter(|r| r.len() == 4)?;
    run.parse().ok()
}

/// `2026-11-24`, `2026/11/24`, `2026.11.24`: the same separator twice.
fn full_numeric(c: &mut Cur) -> Option<Day> {
    let year = year(c)?;
    let sep = ["-", "/", "."].into_iter().find(|s| c.eat(s))?;
    let month = c.small(2)?;
    if !c.eat(sep) {
        return None;
    }
    let day = c.small(2)?;
    Some(Day::Date {
        year: Some(year),
        month,
        day,
    })
}

/// `2026年11月24日`.
fn full_chinese(c: &mut Cur) -> Option<Day> {
    let year = year(c)?;
    c.ws();
    if !c.eat("年") {
        return None;
    }
    c.ws();
    match month_day_chinese(c)? {
        Day::Date { month, day, .. } => Some(Day::Date {
            year: Some(year),
            month,
            day,
        }),
        Day::Relative(_) => None,
    }
}

/// `11-24`, `11/24` (month first).
fn month_day_numeric(c: &mut Cur) -> Option<Day> {
    let month = c.small(2)?;
    ["-", "/"].into_iter().find(|s| c.eat(s))?;
    let day = c.small(2)?;
    Some(Day::Date {
        year: None,
        month,
        day,
    })
}

/// `11月24日`, `11月24号`, `11月24`, `十一月二十四日`.
fn month_day_chinese(c: &mut Cur) -> Option<Day> {
    let month = c.small_or_cn()?;
    c.ws();
    if !c.eat("月") {
        return None;
    }
    c.ws();
    let day = c.small_or_cn()?;
    let _ = c.eat("日") || c.eat("号");
    Some(Day::Date {
        year: None,
        month,
        day,
    })
}

/// A time of day; `day_period` comes from a day word like `今晚`. None when
/// there is no time here.
fn clock(c: &mut Cur, day_period: Option<Period>) -> Option<Clock> {
    let mut t = *c;
    let before = t.eat_first(PERIODS_BEFORE);
    t.ws();
    let hour = t.small_or_cn()?;
    let (minute, second, marked) = if t.eat(":") {
        // An IME's `：` often brings a space with it: `9： 30`.
        t.ws();
        let minute = t.small(2)?;
        let second = if t.eat(":") {
            t.ws();
            t.small(2)?
        } else {
            0
        };
        (minute, second, true)
    } else if t.eat("点钟") || t.eat("点") || t.eat("时") {
        (chinese_minutes(&mut t), 0, true)
    } else {
        (0, 0, false)
    };
    t.ws();
    let after = t.eat_first(PERIODS_AFTER);
    // A bare number is a time only with a part of day: `下午3`, `3pm`.
    if !marked && before.is_none() && after.is_none() {
        return None;
    }
    if before.is_some() && after.is_some() {
        return None;
    }
    *c = t;
    Some(Clock {
        hour,
        minute,
        second,
        period: after.or(before).or(day_period),
    })
}

/// What may follow `点`: `半`, `整`, `30`, `30分`, `三十分`, or nothing.
fn chinese_minutes(c: &mut Cur) -> u32 {
    c.ws();
    if c.eat("半") {
        return 30;
    }
    if c.eat("整") {
        return 0;
    }
    match c.small_or_cn() {
        Some(m) => {
            let _ = c.eat("分钟") || c.eat("分");
            m
        }
        None => 0,
    }
}

// ---------------------------------------------------------------------------
// Resolution: the description against now and a direction
// ---------------------------------------------------------------------------

fn resolve(
    spec: Spec,
    now: NaiveDateTime,
    toward: Toward,
    default_time: NaiveTime,
) -> Result<NaiveDateTime, WhenError> {
    match spec {
        Spec::Now => Ok(now),
        Spec::Offset { seconds, sign } => shift(now, seconds, sign, toward),
        Spec::At { day, clock } => {
            let time = clock.map(Clock::time).transpose()?;
            match (day, time) {
                (Some(day), time) => {
                    let date = day.date(now.date(), toward)?;
                    Ok(date.and_time(time.unwrap_or(default_time)))
                }
                (None, Some(time)) => roll_time(time, now, toward),
                (None, None) => Err(WhenError::Unrecognised),
            }
        }
    }
}

fn shift(
    now: NaiveDateTime,
    seconds: i64,
    sign: Option<Sign>,
    toward: Toward,
) -> Result<NaiveDateTime, WhenError> {
    let sign = sign.unwrap_or(match toward {
        Toward::Future => Sign::Later,
        Toward::Past => Sign::Earlier,
    });
    // `seconds` is never negative, so negating cannot overflow.
    let seconds = match sign {
        Sign::Later => seconds,
        Sign::Earlier => -seconds,
    };
    Duration::try_seconds(seconds)
        .and_then(|d| now.checked_add_signed(d))
        .ok_or(WhenError::OutOfRange)
}

/// A bare time: today, or the next/previous day per the roll rule.
fn roll_time(
    time: NaiveTime,
    now: NaiveDateTime,
    toward: Toward,
) -> Result<NaiveDateTime, WhenError> {
    let today = now.date().and_time(time);
    let step = match toward {
        Toward::Future if today <= now => 1,
        Toward::Past if today > now => -1,
        _ => return Ok(today),
    };
    today
        .checked_add_signed(Duration::days(step))
        .ok_or(WhenError::OutOfRange)
}

impl Day {
    fn date(self, today: NaiveDate, toward: Toward) -> Result<NaiveDate, WhenError> {
        match self {
            Day::Relative(n) => today
                .checked_add_signed(Duration::days(n))
                .ok_or(WhenError::OutOfRange),
            Day::Date {
                year: Some(y),
                month,
                day,
            } => NaiveDate::from_ymd_opt(y, month, day).ok_or(WhenError::NoSuchDate),
            Day::Date {
                year: None,
                month,
                day,
            } => month_day(month, day, today, toward),
        }
    }
}

/// The year for a month-day per the roll rule, chosen from (month, day)
/// alone so that `2-29` never silently becomes another day.
fn month_day(
    month: u32,
    day: u32,
    today: NaiveDate,
    toward: Toward,
) -> Result<NaiveDate, WhenError> {
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(WhenError::NoSuchDate);
    }
    let asked = (month, day);
    let now = (today.month(), today.day());
    let year = match toward {
        Toward::Future if asked < now => today.year().checked_add(1),
        Toward::Past if asked > now => today.year().checked_sub(1),
        _ => Some(today.year()),
    };
    year.and_then(|y| NaiveDate::from_ymd_opt(y, month, day))
        .ok_or(WhenError::NoSuchDate)
}

impl Clock {
    fn time(self) -> Result<NaiveTime, WhenError> {
        let hour = match self.period {
            Some(p) => p.hour(self.hour)?,
            None => self.hour,
        };
        NaiveTime::from_hms_opt(hour, self.minute, self.second).ok_or(WhenError::NoSuchTime)
    }
}

impl Period {
    /// The 24-hour hour that `h` written with this part of day means.
    fn hour(self, h: u32) -> Result<u32, WhenError> {
        use Period::*;
        match (self, h) {
            (Am | Dawn, 12) => Ok(0),
            (Am, 1..=11) | (Morning, 0..=12) | (Dawn, 0..=6) | (Noon, 11..=12) => Ok(h),
            (Noon, 1..=3) | (Afternoon | Pm, 1..=11) | (Evening, 5..=11) => Ok(h + 12),
            (Afternoon | Pm, 12) => Ok(12),
            (Afternoon, 13..=23) | (Evening, 17..=23) => Ok(h),
            // Just after midnight, but after which evening?
            (Evening, 0..=4 | 12) => Err(WhenError::Ambiguous),
            _ => Err(WhenError::NoSuchTime),
        }
    }
}

#[cfg(test)]
mod tests;
