use super::*;
use proptest::prelude::*;
use Toward::{Future, Past};
use WhenError::*;

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S"))
        .unwrap_or_else(|_| panic!("bad test time {s:?}"))
}

const NOW: &str = "2026-11-23 10:00";

/// (input, now, direction, expected): `Ok` holds the expected time as text.
type Case = (
    &'static str,
    &'static str,
    Toward,
    Result<&'static str, WhenError>,
);

const CASES: &[Case] = &[
    // Full dates: never rolled, either direction.
    ("2026-11-24 12:00", NOW, Future, Ok("2026-11-24 12:00")),
    (
        "2026-11-24 12:00:30",
        NOW,
        Future,
        Ok("2026-11-24 12:00:30"),
    ),
    ("2026-11-24T12:00", NOW, Future, Ok("2026-11-24 12:00")),
    ("2026-11-24t12:00:00", NOW, Past, Ok("2026-11-24 12:00")),
    ("2026/11/24 12:00", NOW, Future, Ok("2026-11-24 12:00")),
    ("2026.11.24 12:00", NOW, Future, Ok("2026-11-24 12:00")),
    ("2026-1-5 9:00", NOW, Future, Ok("2026-01-05 09:00")),
    (
        "2026年11月24日 下午3点",
        NOW,
        Future,
        Ok("2026-11-24 15:00"),
    ),
    ("2026-11-01 08:00", NOW, Future, Ok("2026-11-01 08:00")),
    ("2027-11-01 08:00", NOW, Past, Ok("2027-11-01 08:00")),
    ("2026-11-24", NOW, Future, Ok("2026-11-24 23:59")),
    ("2026-11-24", NOW, Past, Ok("2026-11-24 00:00")),
    // Month-day: the year is rolled by direction.
    ("11-24 12:00", NOW, Future, Ok("2026-11-24 12:00")),
    ("11/24 12:00", NOW, Future, Ok("2026-11-24 12:00")),
    ("11月24日 12:00", NOW, Future, Ok("2026-11-24 12:00")),
    ("11月24日12:00", NOW, Future, Ok("2026-11-24 12:00")),
    ("11月24号下午3点", NOW, Future, Ok("2026-11-24 15:00")),
    ("十一月二十四日 9点", NOW, Future, Ok("2026-11-24 09:00")),
    ("11-24", NOW, Future, Ok("2026-11-24 23:59")),
    ("11-20", NOW, Future, Ok("2027-11-20 23:59")),
    ("11-23", NOW, Future, Ok("2026-11-23 23:59")),
    ("11-23 09:00", NOW, Future, Ok("2026-11-23 09:00")),
    ("11-24", NOW, Past, Ok("2025-11-24 00:00")),
    ("11-20", NOW, Past, Ok("2026-11-20 00:00")),
    ("12-01 8:00", NOW, Past, Ok("2025-12-01 08:00")),
    // Bare times: rolled by direction.
    ("12:00", NOW, Future, Ok("2026-11-23 12:00")),
    ("9:05", NOW, Future, Ok("2026-11-24 09:05")),
    ("10:00", NOW, Future, Ok("2026-11-24 10:00")),
    ("10:01", NOW, Future, Ok("2026-11-23 10:01")),
    ("19:00", NOW, Past, Ok("2026-11-22 19:00")),
    ("9:30", NOW, Past, Ok("2026-11-23 09:30")),
    ("10:00", NOW, Past, Ok("2026-11-23 10:00")),
    ("9:5", NOW, Past, Ok("2026-11-23 09:05")),
    ("12点", NOW, Future, Ok("2026-11-23 12:00")),
    ("12点30", NOW, Future, Ok("2026-11-23 12:30")),
    ("12点30分", NOW, Future, Ok("2026-11-23 12:30")),
    ("12点半", NOW, Future, Ok("2026-11-23 12:30")),
    ("十二点半", NOW, Future, Ok("2026-11-23 12:30")),
    ("12时05分", NOW, Future, Ok("2026-11-23 12:05")),
    ("3点钟", NOW, Past, Ok("2026-11-23 03:00")),
    ("12点整", NOW, Future, Ok("2026-11-23 12:00")),
    // Parts of day.
    ("下午3点", NOW, Future, Ok("2026-11-23 15:00")),
    ("下午3", NOW, Future, Ok("2026-11-23 15:00")),
    ("下午15点", NOW, Future, Ok("2026-11-23 15:00")),
    ("3pm", NOW, Future, Ok("2026-11-23 15:00")),
    ("3:30 PM", NOW, Future, Ok("2026-11-23 15:30")),
    ("12pm", NOW, Future, Ok("2026-11-23 12:00")),
    ("12am", NOW, Future, Ok("2026-11-24 00:00")),
    ("晚上8点", NOW, Future, Ok("2026-11-23 20:00")),
    ("中午12点", NOW, Future, Ok("2026-11-23 12:00")),
    ("中午1点", NOW, Future, Ok("2026-11-23 13:00")),
    ("凌晨2点", NOW, Future, Ok("2026-11-24 02:00")),
    ("上午9点", NOW, Past, Ok("2026-11-23 09:00")),
    ("今晚8点", NOW, Future, Ok("2026-11-23 20:00")),
    ("明早7点半", NOW, Future, Ok("2026-11-24 07:30")),
    ("晚上12点", NOW, Future, Err(Ambiguous)),
    ("晚上1点", NOW, Future, Err(Ambiguous)),
    ("下午0点", NOW, Future, Err(NoSuchTime)),
    ("15pm", NOW, Future, Err(NoSuchTime)),
    ("下午3pm", NOW, Future, Err(Unrecognised)),
    // Day words: never rolled.
    ("今天", NOW, Future, Ok("2026-11-23 23:59")),
    ("今天", NOW, Past, Ok("2026-11-23 00:00")),
    ("明天", NOW, Future, Ok("2026-11-24 23:59")),
    ("明天9:00", NOW, Future, Ok("2026-11-24 09:00")),
    ("明天 9:00", NOW, Future, Ok("2026-11-24 09:00")),
    ("tomorrow 08:15", NOW, Future, Ok("2026-11-24 08:15")),
    ("Tomorrow 9AM", NOW, Future, Ok("2026-11-24 09:00")),
    ("今天17：00", NOW, Future, Ok("2026-11-23 17:00")),
    ("今天 9:00", NOW, Future, Ok("2026-11-23 09:00")),
    ("today", NOW, Past, Ok("2026-11-23 00:00")),
    ("后天 8点", NOW, Future, Ok("2026-11-25 08:00")),
    ("大后天", NOW, Future, Ok("2026-11-26 23:59")),
    ("昨天 15:00", NOW, Past, Ok("2026-11-22 15:00")),
    ("yesterday", NOW, Past, Ok("2026-11-22 00:00")),
    ("前天", NOW, Past, Ok("2026-11-21 00:00")),
    ("现在", NOW, Past, Ok("2026-11-23 10:00")),
    ("now", NOW, Future, Ok("2026-11-23 10:00")),
    // Relative.
    ("+2h", NOW, Future, Ok("2026-11-23 12:00")),
    ("+30m", NOW, Future, Ok("2026-11-23 10:30")),
    ("+1d", NOW, Future, Ok("2026-11-24 10:00")),
    ("+0h", NOW, Future, Ok("2026-11-23 10:00")),
    ("+2H", NOW, Future, Ok("2026-11-23 12:00")),
    ("+2 h", NOW, Future, Ok("2026-11-23 12:00")),
    ("+ 5 m", NOW, Future, Ok("2026-11-23 10:05")),
    ("+2小时", NOW, Future, Ok("2026-11-23 12:00")),
    ("+2个小时", NOW, Future, Ok("2026-11-23 12:00")),
    ("+30分钟", NOW, Future, Ok("2026-11-23 10:30")),
    ("+30分", NOW, Future, Ok("2026-11-23 10:30")),
    ("+1天", NOW, Future, Ok("2026-11-24 10:00")),
    ("+1w", NOW, Future, Ok("2026-11-30 10:00")),
    ("+1h30m", NOW, Future, Ok("2026-11-23 11:30")),
    ("1天2小时后", NOW, Future, Ok("2026-11-24 12:00")),
    ("2小时后", NOW, Past, Ok("2026-11-23 12:00")),
    ("30分钟后", NOW, Future, Ok("2026-11-23 10:30")),
    ("半小时后", NOW, Future, Ok("2026-11-23 10:30")),
    ("一个半小时后", NOW, Future, Ok("2026-11-23 11:30")),
    ("两天后", NOW, Future, Ok("2026-11-25 10:00")),
    ("in 2 hours", NOW, Future, Ok("2026-11-23 12:00")),
    ("3 days ago", NOW, Future, Ok("2026-11-20 10:00")),
    ("-2h", NOW, Past, Ok("2026-11-23 08:00")),
    ("2小时前", NOW, Past, Ok("2026-11-23 08:00")),
    ("2小时", NOW, Future, Ok("2026-11-23 12:00")),
    ("2小时", NOW, Past, Ok("2026-11-23 08:00")),
    ("+2小时后", NOW, Future, Ok("2026-11-23 12:00")),
    ("+2小时前", NOW, Future, Err(Unrecognised)),
    ("+h", NOW, Future, Err(Unrecognised)),
    ("+2", NOW, Future, Err(Unrecognised)),
    ("+1month", NOW, Future, Err(Unrecognised)),
    ("+1.5h", NOW, Future, Err(Unrecognised)),
    ("+999999999h", NOW, Future, Err(OutOfRange)),
    ("+99999999999999999999h", NOW, Future, Err(OutOfRange)),
    ("-9999999999999999w", NOW, Past, Err(OutOfRange)),
    // Full-width input.
    ("＋２ｈ", NOW, Future, Ok("2026-11-23 12:00")),
    ("+2ｈ", NOW, Future, Ok("2026-11-23 12:00")),
    ("２小时后", NOW, Future, Ok("2026-11-23 12:00")),
    ("２小时", NOW, Future, Ok("2026-11-23 12:00")),
    ("－２ｈ", NOW, Past, Ok("2026-11-23 08:00")),
    (
        "２０２６－１１－２４　１２：００",
        NOW,
        Future,
        Ok("2026-11-24 12:00"),
    ),
    ("１１／２４ １２：００", NOW, Future, Ok("2026-11-24 12:00")),
    ("明天　９：００", NOW, Future, Ok("2026-11-24 09:00")),
    ("ＴＯＭＯＲＲＯＷ", NOW, Future, Ok("2026-11-24 23:59")),
    // Around midnight.
    ("00:10", "2026-11-23 23:50", Future, Ok("2026-11-24 00:10")),
    ("23:55", "2026-11-23 23:50", Future, Ok("2026-11-23 23:55")),
    ("+20m", "2026-11-23 23:50", Future, Ok("2026-11-24 00:10")),
    ("今天", "2026-11-23 23:50", Future, Ok("2026-11-23 23:59")),
    ("23:50", "2026-11-24 00:10", Past, Ok("2026-11-23 23:50")),
    ("00:05", "2026-11-24 00:10", Past, Ok("2026-11-24 00:05")),
    ("0:00", "2026-11-24 00:00", Future, Ok("2026-11-25 00:00")),
    ("0:00", "2026-11-24 00:00", Past, Ok("2026-11-24 00:00")),
    // Year end.
    ("00:10", "2026-12-31 23:30", Future, Ok("2027-01-01 00:10")),
    ("明天", "2026-12-31 23:30", Future, Ok("2027-01-01 23:59")),
    (
        "01-02 9:00",
        "2026-12-31 23:30",
        Future,
        Ok("2027-01-02 09:00"),
    ),
    (
        "12-31 23:45",
        "2026-12-31 23:30",
        Future,
        Ok("2026-12-31 23:45"),
    ),
    (
        "12-31 18:00",
        "2027-01-01 08:00",
        Past,
        Ok("2026-12-31 18:00"),
    ),
    ("昨天", "2027-01-01 08:00", Past, Ok("2026-12-31 00:00")),
    ("+1d", "2026-12-31 23:30", Future, Ok("2027-01-01 23:30")),
    // Leap day.
    ("2028-02-29 12:00", NOW, Future, Ok("2028-02-29 12:00")),
    ("02-29", "2028-01-10 10:00", Future, Ok("2028-02-29 23:59")),
    (
        "2-29 9:00",
        "2027-03-01 10:00",
        Future,
        Ok("2028-02-29 09:00"),
    ),
    ("2-29", "2028-03-05 10:00", Past, Ok("2028-02-29 00:00")),
    ("+1d", "2028-02-28 22:00", Future, Ok("2028-02-29 22:00")),
    ("明天", "2028-02-29 10:00", Future, Ok("2028-03-01 23:59")),
    ("02-29", NOW, Future, Err(NoSuchDate)),
    ("2-29", "2029-03-01 10:00", Past, Err(NoSuchDate)),
    ("2027-02-29", NOW, Future, Err(NoSuchDate)),
    // Impossible or unknown.
    ("", NOW, Future, Err(Empty)),
    (" 　 ", NOW, Past, Err(Empty)),
    ("soon", NOW, Future, Err(Unrecognised)),
    ("12", NOW, Future, Err(Unrecognised)),
    ("明天 soon", NOW, Future, Err(Unrecognised)),
    ("周五", NOW, Future, Err(Unrecognised)),
    ("11.24", NOW, Future, Err(Unrecognised)),
    ("25:00", NOW, Future, Err(NoSuchTime)),
    ("24:00", NOW, Future, Err(NoSuchTime)),
    ("9:60", NOW, Future, Err(NoSuchTime)),
    ("12:00:60", NOW, Future, Err(NoSuchTime)),
    ("02-30 10:00", NOW, Future, Err(NoSuchDate)),
    ("2月30日", NOW, Future, Err(NoSuchDate)),
    ("13-40 10:00", NOW, Future, Err(NoSuchDate)),
    ("0-10", NOW, Future, Err(NoSuchDate)),
    ("0001-01-01 00:00", NOW, Past, Err(OutOfRange)),
    ("9999-12-31 10:00", NOW, Future, Err(OutOfRange)),
    ("123:00", NOW, Future, Err(Unrecognised)),
    ("11-2412:00", NOW, Future, Err(Unrecognised)),
];

#[test]
fn table() {
    assert!(CASES.len() >= 40);
    let mut failures = Vec::new();
    for &(input, now, toward, want) in CASES {
        let got = parse(input, at(now), toward);
        let want = want.map(at);
        if got != want {
            failures.push(format!(
                "{input:?} at {now} {toward:?}: got {got:?}, want {want:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// The example table in the module doc.
#[test]
fn module_doc_examples() {
    let rows = [
        ("19:00", "2026-11-23 19:00", "2026-11-22 19:00"),
        ("9:30", "2026-11-24 09:30", "2026-11-23 09:30"),
        ("明天9:00", "2026-11-24 09:00", "2026-11-24 09:00"),
        ("11-20", "2027-11-20 23:59", "2026-11-20 00:00"),
        ("12-01 8:00", "2026-12-01 08:00", "2025-12-01 08:00"),
        ("+2h", "2026-11-23 12:00", "2026-11-23 12:00"),
        ("2小时", "2026-11-23 12:00", "2026-11-23 08:00"),
    ];
    for (input, future, past) in rows {
        assert_eq!(parse(input, at(NOW), Future), Ok(at(future)), "{input}");
        assert_eq!(parse(input, at(NOW), Past), Ok(at(past)), "{input}");
    }
}

#[test]
fn relative_keeps_seconds() {
    let now = at("2026-11-23 10:00:37");
    assert_eq!(parse("+2h", now, Future), Ok(at("2026-11-23 12:00:37")));
    // A bare time at the current minute but before now's seconds is gone.
    assert_eq!(parse("10:00", now, Future), Ok(at("2026-11-24 10:00")));
}

#[test]
fn caller_default_time() {
    let now = at(NOW);
    let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
    assert_eq!(
        parse_with_default("明天", now, Future, nine),
        Ok(at("2026-11-24 09:00"))
    );
    assert_eq!(
        parse_with_default("11-20", now, Past, nine),
        Ok(at("2026-11-20 09:00"))
    );
    // A time given wins over the default.
    assert_eq!(
        parse_with_default("明天 8:00", now, Future, nine),
        Ok(at("2026-11-24 08:00"))
    );
    assert_eq!(default_time(Future), END_OF_DAY);
    assert_eq!(default_time(Past), START_OF_DAY);
}

#[test]
fn due_checks() {
    let now = at("2026-11-23 10:00:30");
    let year = Duration::days(366);
    assert_eq!(check_due(at("2026-11-23 12:00"), now, year), Ok(()));
    // Same minute: the form took a few seconds.
    assert_eq!(check_due(at("2026-11-23 10:00"), now, year), Ok(()));
    assert_eq!(check_due(at("2026-11-23 09:59"), now, year), Err(InPast));
    assert_eq!(check_due(at("2027-11-24 10:00"), now, year), Ok(()));
    assert_eq!(check_due(at("2027-11-24 10:01"), now, year), Err(TooFar));
    // A limit too big to add is no limit.
    assert_eq!(
        check_due(at("2126-01-01 00:00"), now, Duration::MAX),
        Ok(())
    );
}

#[test]
fn happened_checks() {
    let now = at("2026-11-23 10:00:30");
    let back = Duration::days(30);
    assert_eq!(check_happened(at("2026-11-23 09:00"), now, back), Ok(()));
    assert_eq!(check_happened(at("2026-11-23 10:00"), now, back), Ok(()));
    assert_eq!(check_happened(at("2026-11-23 10:00:59"), now, back), Ok(()));
    assert_eq!(
        check_happened(at("2026-11-23 10:01"), now, back),
        Err(NotYet)
    );
    assert_eq!(
        check_happened(at("2026-10-24 10:00"), now, back),
        Err(TooLongAgo)
    );
    assert_eq!(
        check_happened(at("1926-01-01 00:00"), now, Duration::MAX),
        Ok(())
    );
}

/// Callers switch from the four old parsers; every input their tests
/// accept must still be accepted, with the same meaning where the old
/// parser had the roll rule of the direction it is used in.
#[test]
fn old_forms_still_parse() {
    let now = at(NOW);
    // intake::parse_when (the time a resident asked for: Future).
    for (input, want) in [
        ("2026-11-24 12:00", "2026-11-24 12:00"),
        ("11-24 12:00", "2026-11-24 12:00"),
        ("17:30", "2026-11-23 17:30"),
        ("明天 9:00", "2026-11-24 09:00"),
        ("今天17：00", "2026-11-23 17:00"),
        ("tomorrow 08:15", "2026-11-24 08:15"),
    ] {
        assert_eq!(parse(input, now, Future), Ok(at(want)), "{input}");
    }
    // dutylog::parse_due and keys::parse_due (due times: Future).
    for (input, want) in [
        ("19:00", "2026-11-23 19:00"),
        ("09:30", "2026-11-24 09:30"),
        ("11-25 08:00", "2026-11-25 08:00"),
        ("2026-12-01 08:00", "2026-12-01 08:00"),
        ("+2h", "2026-11-23 12:00"),
        ("+30m", "2026-11-23 10:30"),
        ("+1d", "2026-11-24 10:00"),
        ("18：00", "2026-11-23 18:00"),
        ("11-24 09:30", "2026-11-24 09:30"),
        ("2026-12-01 09:30", "2026-12-01 09:30"),
    ] {
        assert_eq!(parse(input, now, Future), Ok(at(want)), "{input}");
    }
    // clock::parse (consent dates, callback times: Past).
    for (input, want) in [
        ("2026-11-23 10:00", "2026-11-23 10:00"),
        ("2026-11-23T10:00:00", "2026-11-23 10:00"),
        ("2026-11-23", "2026-11-23 00:00"),
    ] {
        assert_eq!(parse(input, now, Past), Ok(at(want)), "{input}");
    }
}

/// Pieces of the grammar, for strings that get deep into the parser.
const ALPHABET: &[&str] = &[
    "0",
    "1",
    "2",
    "9",
    "12",
    "24",
    "30",
    "59",
    "2026",
    "2028",
    "99999999999",
    ":",
    "-",
    "/",
    ".",
    "+",
    " ",
    "t",
    "h",
    "m",
    "d",
    "w",
    "min",
    "hours",
    "am",
    "pm",
    "ago",
    "in ",
    "年",
    "月",
    "日",
    "号",
    "点",
    "时",
    "分",
    "分钟",
    "半",
    "整",
    "个",
    "小时",
    "天",
    "周",
    "后",
    "前",
    "今天",
    "明天",
    "后天",
    "昨天",
    "tomorrow",
    "today",
    "下午",
    "晚上",
    "凌晨",
    "中午",
    "今晚",
    "十",
    "二",
    "两",
    "现在",
    "：",
    "＋",
    "２",
    "ｈ",
    "－",
    "　",
    "\u{0}",
    "é",
];

fn grammar_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), 0..10).prop_map(|v| v.concat())
}

fn any_now() -> impl Strategy<Value = NaiveDateTime> {
    // 2000-01-01 .. about 2060, any second.
    (0i64..22_000, 0i64..86_400)
        .prop_map(|(d, s)| at("2000-01-01 00:00") + Duration::days(d) + Duration::seconds(s))
}

fn toward() -> impl Strategy<Value = Toward> {
    prop::sample::select(vec![Future, Past])
}

fn horizon_ok(t: NaiveDateTime, now: NaiveDateTime) -> bool {
    (t - now).num_days().abs() <= HORIZON_DAYS
}

proptest! {
    #[test]
    fn never_panics_on_anything(s in "\\PC{0,40}", now in any_now(), dir in toward()) {
        if let Ok(t) = parse(&s, now, dir) {
            prop_assert!(horizon_ok(t, now));
        }
    }

    #[test]
    fn never_panics_on_grammar_soup(s in grammar_soup(), now in any_now(), dir in toward()) {
        if let Ok(t) = parse(&s, now, dir) {
            prop_assert!(horizon_ok(t, now));
        }
        let _ = check_due(now, now, Duration::MAX);
        let _ = check_due(now, now, Duration::MIN);
        let _ = check_happened(now, now, Duration::MAX);
        let _ = check_happened(now, now, Duration::MIN);
    }

    #[test]
    fn future_relative_and_bare_times_are_not_past(
        now in any_now(),
        n in 0u32..10_000,
        unit in prop::sample::select(vec!["m", "h", "d", "小时", "分钟", "天", " min"]),
        shape in 0usize..3,
        h in 0u32..24,
        m in 0u32..60,
    ) {
        let relative = match shape {
            0 => format!("+{n}{unit}"),
            1 => format!("{n}{unit}后"),
            _ => format!("{n}{unit}"),
        };
        let floor = now - Duration::minutes(1);
        for text in [relative, format!("{h}:{m:02}"), format!("{h}点{m}分")] {
            match parse(&text, now, Future) {
                Ok(t) => prop_assert!(t >= floor, "{} gave {} at {}", text, t, now),
                Err(e) => prop_assert_eq!(e, OutOfRange, "{}", text),
            }
        }
    }

    #[test]
    fn past_relative_and_bare_times_are_not_future(
        now in any_now(),
        n in 0u32..10_000,
        h in 0u32..24,
        m in 0u32..60,
    ) {
        let ceiling = now + Duration::minutes(1);
        for text in [format!("-{n}h"), format!("{n}分钟前"), format!("{n}天"), format!("{h}:{m:02}")] {
            match parse(&text, now, Past) {
                Ok(t) => prop_assert!(t <= ceiling, "{} gave {} at {}", text, t, now),
                Err(e) => prop_assert_eq!(e, OutOfRange, "{}", text),
            }
        }
    }

    #[test]
    fn full_form_round_trips(
        now in any_now(),
        days in -18_000i64..18_000,
        minutes in 0i64..1440,
        dir in toward(),
    ) {
        let t = now.date().and_time(NaiveTime::MIN)
            + Duration::days(days)
            + Duration::minutes(minutes);
        let text = t.format("%Y-%m-%d %H:%M").to_string();
        prop_assert_eq!(parse(&text, now, dir), Ok(t));
    }
}
