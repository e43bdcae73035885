//! Properties of the working calendar and of holds, checked over generated
//! dates: the arithmetic the deadlines stand on.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};
use frontdesk::domain::calendar::WorkCalendar;
use frontdesk::domain::deadline::resume;
use proptest::prelude::*;

fn date(days: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).expect("date") + Duration::days(days)
}

fn at(days: i64, secs: i64) -> NaiveDateTime {
    date(days).and_hms_opt(0, 0, 0).expect("time") + Duration::seconds(secs)
}

proptest! {
    /// The next working day is after `d`, is a working day, and nothing
    /// between is.
    #[test]
    fn next_working_day_skips_only_days_off(days in 0i64..730) {
        let cal = WorkCalendar::cn_default();
        let d = date(days);
        let next = cal.next_working_day(d);
        prop_assert!(next > d);
        prop_assert!(cal.is_working_day(next));
        let mut between = d + Duration::days(1);
        while between < next {
            prop_assert!(!cal.is_working_day(between), "{between} is a working day");
            between += Duration::days(1);
        }
    }

    /// N working days after `d` there are exactly N working days in between.
    #[test]
    fn nth_working_day_counts_working_days(days in 0i64..700, n in 0u32..15) {
        let cal = WorkCalendar::cn_default();
        let d = date(days);
        let nth = cal.nth_working_day_after(d, n);
        let counted = cal.working_days_between(d + Duration::days(1), nth + Duration::days(1));
        prop_assert_eq!(counted, n);
    }

    /// Weekends are off unless the calendar names them make-up days; a
    /// weekday is worked unless it is a holiday.
    #[test]
    fn weekends_and_make_up_days(days in 0i64..730) {
        let cal = WorkCalendar::cn_default();
        let d = date(days);
        let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        let make_up = cal.make_up_days().contains(&d);
        let holiday = cal.holidays().any(|(h, _)| *h == d);
        prop_assert_eq!(cal.is_working_day(d), !holiday && (!weekend || make_up));
    }

    /// A hold gives back exactly the time on hold, never less; a deadline
    /// already missed when the hold began stays missed.
    #[test]
    fn resume_adds_the_hold(due_s in 0i64..86_400 * 10, held_s in 0i64..86_400 * 10, len in 0i64..86_400 * 5) {
        let due = at(0, due_s);
        let held = at(0, held_s);
        let now = held + Duration::seconds(len);
        let moved = resume(due, held, now);
        if held >= due {
            prop_assert_eq!(moved, due);
        } else {
            prop_assert_eq!(moved - due, Duration::seconds(len));
            // What was left when the hold began is left when it ends.
            prop_assert_eq!(moved - now, due - held);
        }
    }

    /// Two holds back to back move a deadline as far as one hold as long.
    #[test]
    fn holds_add_up(due_s in 3_600i64..86_400, a in 0i64..3_000, gap in 0i64..600, b in 0i64..3_000) {
        let due = at(0, due_s);
        let h1 = at(0, 0);
        let once = resume(due, h1, h1 + Duration::seconds(a));
        let h2 = h1 + Duration::seconds(a + gap);
        let twice = resume(once, h2, h2 + Duration::seconds(b));
        prop_assert_eq!(twice, due + Duration::seconds(a + b));
    }
}
