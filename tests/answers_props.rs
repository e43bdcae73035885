//! Bad input gets a refusal, never a panic: every validator and every
//! parser the command line and the forms put typed text through is total
//! over arbitrary strings (any Unicode, control characters, huge numbers),
//! and a config that passes its checks cannot make the deadline arithmetic
//! overflow.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use frontdesk::config::Config;
use frontdesk::domain::calendar::WorkCalendar;
use frontdesk::domain::deadline::Facts;
use frontdesk::domain::validate::{self, IdKind};
use frontdesk::domain::when::{self, Toward};
use frontdesk::domain::{intake, keys, Action, Kind, State};
use proptest::prelude::*;
use std::path::Path;

fn at(mins: i64) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2025, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("date")
        + Duration::minutes(mins)
}

/// Text as people and scripts send it: anything, with a bias to what the
/// parsers look for (digits, full-width forms, separators, CJK words).
fn typed() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9０-９ :：/－\\-+()（）.年月日号点分半前后天明今昨晚上下午小时钟hdmw转#\\x1b\\t\\n]{0,24}",
        "[+-]?[0-9]{1,25}[hdmw]?",
        "[0-9]{1,6}[-/][0-9]{1,6}[-/][0-9]{1,9}( [0-9]{1,4}:[0-9]{1,4})?",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn validators_never_panic(s in typed()) {
        let _ = validate::parse_phone(&s);
        let _ = validate::parse_id(&s, IdKind::Resident);
        let _ = validate::parse_id(&s, IdKind::Other);
        let _ = validate::check_name(&s);
        let _ = validate::check_text(&s, validate::MAX_NOTE, true);
        let _ = validate::parse_yuan(&s);
        let _ = validate::fold_width(&s);
        let _ = validate::normalize_digits(&s);
        let shown = validate::inert(&s);
        prop_assert!(!shown.chars().any(char::is_control), "{shown:?}");
        let many = validate::inert_multiline(&s);
        prop_assert!(!many.chars().any(|c| c.is_control() && c != '\n'), "{many:?}");
        let _ = intake::stored_phone(&s);
    }

    #[test]
    fn time_parsers_never_panic(s in typed(), mins in -1_000_000i64..10_000_000) {
        let now = at(mins);
        for toward in [Toward::Future, Toward::Past] {
            if let Ok(t) = when::parse(&s, now, toward) {
                // Whatever it reads lies within the horizon.
                prop_assert!((t - now).num_days().abs() <= when::HORIZON_DAYS);
            }
        }
        let _ = intake::requested_due(&s, now);
        let _ = keys::loan_due(&s, now);
        let _ = keys::consent_date(&s, now);
        let _ = frontdesk::domain::dutylog::promise_due(&s, now);
        let _ = intake::parse_when(&s, now);
        let _ = keys::parse_due(&s, now);
        let _ = frontdesk::clock::parse(&s);
    }

    #[test]
    fn cli_word_parsers_never_panic(s in typed()) {
        let _ = frontdesk::domain::parse_unit(&s);
        let _ = frontdesk::domain::shift::parse_time(&s);
        let _ = frontdesk::domain::shift::parse_key(&s);
        let _ = s.parse::<Kind>();
        let _ = s.parse::<State>();
        let _ = s.parse::<Action>();
        let _ = s.parse::<frontdesk::domain::Channel>();
        for &k in Kind::ALL {
            let _ = frontdesk::i18n::category_from_text(k, &s);
        }
        let _ = frontdesk::text::fit(&s, 12);
        let _ = frontdesk::text::pad(&s, 8);
        let _ = frontdesk::text::one_line(&s);
        let _ = frontdesk::text::wrap(&s, 10);
    }

    /// Any text as a config file: parsed and checked, or refused.
    #[test]
    fn config_text_never_panics(s in any::<String>()) {
        if let Ok(c) = Config::parse(&s, Path::new("x.toml")) {
            let _ = c.check();
        }
    }

    /// Any numbers in `[deadlines]`: either the config refuses them, or
    /// every deadline of every kind and step computes without overflow or
    /// an endless count of working days.
    #[test]
    fn checked_deadline_numbers_never_overflow(
        n in prop::array::uniform9(prop_oneof![20 => 1i64..30, 1 => -5i64..100_000, 1 => any::<i64>()]),
        mins in 0i64..1_000_000,
    ) {
        let text = format!(
            "[deadlines]\ndispatch_minutes = {}\ncollect_minutes = {}\nreply_urgent_hours = {}\n\
             reply_not_urgent_working_days = {}\nexplain_working_days = {}\ncontact_days = {}\n\
             on_scene_minutes = {}\ndue_soon_minutes = {}\n",
            n[0], n[1], n[2], n[3].clamp(0, u32::MAX as i64), n[4].clamp(0, u32::MAX as i64),
            n[5], n[6], n[7],
        );
        let Ok(c) = Config::parse(&text, Path::new("x.toml")) else {
            return Ok(());
        };
        if c.check().is_err() {
            prop_assert!(c.rules().is_err());
            return Ok(());
        }
        let rules = c.rules().expect("checked");
        let cal = WorkCalendar::cn_default();
        let now = at(mins);
        for &kind in Kind::ALL {
            for urgency in [None, Some(frontdesk::domain::ticket::Urgency::Urgent), Some(frontdesk::domain::ticket::Urgency::NotUrgent)] {
                let f = Facts { kind, created_at: now, urgency, requested_due: None };
                let _ = rules.deadlines.on_create(&f);
                for &a in Action::ALL {
                    let _ = rules.deadlines.on_step(&f, a, false, now + Duration::minutes(n[8].rem_euclid(10_000)), &cal);
                }
            }
        }
    }
}
