//! The working calendar 工作日: weekends and public holidays are off, make-up
//! working days (调休, usually a Saturday or Sunday) are on.
//!
//! "Within N working days" means by the end (23:59:59) of the N-th working day
//! after the day it started: registered Monday 10:00, 2 working days → due
//! Wednesday 23:59:59; registered on a Saturday → counted from Monday.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    holidays: BTreeMap<NaiveDate, String>,
    workdays: BTreeMap<NaiveDate, String>,
}

/// One year's list as the State Council publishes it (and as the config holds it).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearList {
    #[serde(default)]
    pub holidays: Vec<Day>,
    #[serde(default)]
    pub make_up_workdays: Vec<Day>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Day {
    pub date: NaiveDate,
    #[serde(default)]
    pub name: String,
}

/// The official 2025-2026 lists shipped with the program.
pub const CN_HOLIDAYS: &str = include_str!("../../assets/cn-holidays.toml");

pub fn end_of_day(d: NaiveDate) -> NaiveDateTime {
    d.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN))
}

impl WorkCalendar {
    /// Weekends only (no holidays known).
    pub fn weekends_only() -> Self {
        WorkCalendar::default()
    }

    /// Build from year lists (`year2026 = {...}`); later lists add to earlier ones.
    pub fn from_years<'a>(years: impl IntoIterator<Item = &'a YearList>) -> Self {
        let mut cal = WorkCalendar::default();
        for y in years {
            cal.add(y);
        }
        cal
    }

    pub fn add(&mut self, y: &YearList) {
        for d in &y.holidays {
            self.workdays.remove(&d.date);
            self.holidays.insert(d.date, d.name.clone());
        }
        for d in &y.make_up_workdays {
            self.holidays.remove(&d.date);
            self.workdays.insert(d.date, d.name.clone());
        }
    }

    /// Whether the holidays of `year` are known. A year without a list still
    /// works (weekends only), but a deadline in it may count a public
    /// holiday as a working day: the operator must be told.
    pub fn knows_year(&self, year: i32) -> bool {
        let known = |m: &BTreeMap<NaiveDate, String>| m.keys().any(|d| d.year() == year);
        known(&self.holidays) || known(&self.workdays)
    }

    /// The years among `dates` whose holidays are not known, in order.
    pub fn unknown_years(&self, dates: impl IntoIterator<Item = NaiveDate>) -> Vec<i32> {
        let years: BTreeSet<i32> = dates
            .into_iter()
            .map(|d| d.year())
            .filter(|y| !self.knows_year(*y))
            .collect();
        years.into_iter().collect()
    }

    /// The shipped Chinese lists (2025 and 2026).
    pub fn cn_default() -> Self {
        // Parsed once per process: every command builds the rules (the
        // store's defaults, then the config's), and parsing the TOML was a
        // few percent of a whole `lookup`.
        static PARSED: std::sync::OnceLock<WorkCalendar> = std::sync::OnceLock::new();
        PARSED
            .get_or_init(|| {
                let years: BTreeMap<String, YearList> =
                    toml::from_str(CN_HOLIDAYS).unwrap_or_default();
                WorkCalendar::from_years(years.values())
            })
            .clone()
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.workdays.contains_key(&d) {
            return true;
        }
        if self.holidays.contains_key(&d) {
            return false;
        }
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// The holiday's name, or the make-up day's, if the date is one.
    pub fn day_name(&self, d: NaiveDate) -> Option<&str> {
        self.holidays
            .get(&d)
            .or_else(|| self.workdays.get(&d))
            .map(|s| s.as_str())
    }

    /// The first working day strictly after `d`.
    pub fn next_working_day(&self, d: NaiveDate) -> NaiveDate {
        let mut day = d + Duration::days(1);
        // A calendar has at most a few weeks of holidays in a row.
        for _ in 0..366 {
            if self.is_working_day(day) {
                return day;
            }
            day += Duration::days(1);
        }
        day
    }

    /// The N-th working day after `d` (N ≥ 1); N = 0 gives `d` itself.
    pub fn nth_working_day_after(&self, d: NaiveDate, n: u32) -> NaiveDate {
        let mut day = d;
        for _ in 0..n {
            day = self.next_working_day(day);
        }
        day
    }

    /// Deadline "within N working days" of `start`: end of the N-th working day after.
    pub fn due_in_working_days(&self, start: NaiveDateTime, n: u32) -> NaiveDateTime {
        end_of_day(self.nth_working_day_after(start.date(), n))
    }

    /// Working days in the half-open range [from, to).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        let mut n = 0;
        let mut d = from;
        while d < to {
            if self.is_working_day(d) {
                n += 1;
            }
            d += Duration::days(1);
        }
        n
    }

    pub fn holidays(&self) -> impl Iterator<Item = (&NaiveDate, &String)> {
        self.holidays.iter()
    }

    pub fn make_up_days(&self) -> BTreeSet<NaiveDate> {
        self.workdays.keys().copied().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn shipped_lists_load() {
        let c = WorkCalendar::cn_default();
        assert!(!c.is_working_day(d("2026-10-01")), "National Day");
        assert!(!c.is_working_day(d("2026-02-17")), "Spring Festival");
        assert!(c.is_working_day(d("2026-02-14")), "make-up Saturday");
        assert!(c.is_working_day(d("2026-09-20")), "make-up Sunday");
        assert!(!c.is_working_day(d("2026-11-28")), "ordinary Saturday");
        assert!(c.is_working_day(d("2026-11-23")), "ordinary Monday");
        assert_eq!(c.day_name(d("2026-10-01")), Some("国庆节"));
        assert!(!c.is_working_day(d("2025-01-01")));
    }

    #[test]
    fn working_day_deadlines() {
        let c = WorkCalendar::cn_default();
        // Monday + 2 → Wednesday, end of day.
        assert_eq!(
            c.due_in_working_days(t("2026-11-23 10:00"), 2),
            t("2026-11-25 23:59") + Duration::seconds(59)
        );
        // Friday + 1 → Monday (weekend skipped).
        assert_eq!(c.nth_working_day_after(d("2026-11-27"), 1), d("2026-11-30"));
        // Saturday counts from Monday.
        assert_eq!(c.nth_working_day_after(d("2026-11-28"), 2), d("2026-12-01"));
        // Across National Day: 2026-09-30 (Wed) + 1 → 10-08 (Thu), holidays 10-01..07.
        assert_eq!(c.nth_working_day_after(d("2026-09-30"), 1), d("2026-10-08"));
        // The make-up Saturday 10-10 counts: 10-09 (Fri) + 1 → 10-10.
        assert_eq!(c.nth_working_day_after(d("2026-10-09"), 1), d("2026-10-10"));
        // Before Spring Festival the make-up Saturday 02-14 is a working day.
        assert_eq!(c.nth_working_day_after(d("2026-02-13"), 1), d("2026-02-14"));
        assert_eq!(c.nth_working_day_after(d("2026-02-14"), 1), d("2026-02-24"));
        // Developer-defect callback: 3 working days.
        assert_eq!(c.nth_working_day_after(d("2026-12-31"), 3), d("2027-01-05"));
        assert_eq!(c.working_days_between(d("2026-11-23"), d("2026-11-30")), 5);
    }

    #[test]
    fn weekends_only_without_lists() {
        let c = WorkCalendar::weekends_only();
        assert!(c.is_working_day(d("2026-10-01")));
        assert!(!c.is_working_day(d("2026-11-29")));
    }

    #[test]
    fn config_years_override() {
        let mut c = WorkCalendar::cn_default();
        let extra: YearList = toml::from_str(
            "holidays = [{ date = \"2027-01-01\", name = \"元旦\" }]\nmake_up_workdays = [{ date = \"2026-11-28\", name = \"test\" }]",
        )
        .unwrap();
        c.add(&extra);
        assert!(!c.is_working_day(d("2027-01-01")));
        assert!(c.is_working_day(d("2026-11-28")));
    }

    #[test]
    fn years_without_a_list_are_named() {
        let cal = WorkCalendar::cn_default();
        assert!(cal.knows_year(2026));
        assert!(!cal.knows_year(2027));
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            cal.unknown_years([d(2026, 12, 30), d(2027, 1, 1), d(2027, 3, 1), d(2028, 1, 1)]),
            vec![2027, 2028]
        );
        // 2027-01-01 (元旦) counts as a working day without the list: the
        // reason the operator is warned.
        assert!(cal.is_working_day(d(2027, 1, 1)));
    }
}
