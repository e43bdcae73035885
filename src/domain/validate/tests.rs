use super::*;
use proptest::prelude::*;

#[test]
fn folding() {
    assert_eq!(
        normalize_digits("１３８－１２３４：５６７８"),
        "138-1234:5678"
    );
    assert_eq!(normalize_digits("（０２１）　６２３４"), "(021) 6234");
    // Letters are text: left as typed.
    assert_eq!(normalize_digits("ＡＢＣ１"), "ＡＢＣ1");
    assert_eq!(normalize_digits("010—1234"), "010-1234");
    assert_eq!(fold_width("ＡＢＣ１ｈ＋"), "ABC1h+");
    assert!(matches!(fold_width("plain 文字"), Cow::Borrowed(_)));
}

fn phone(s: &str) -> Result<(PhoneKind, String), PhoneError> {
    parse_phone(s).map(|p| (p.kind(), p.into_string()))
}

#[test]
fn phones_accepted() {
    use PhoneKind::*;
    let cases: &[(&str, PhoneKind, &str)] = &[
        ("13812345678", Mobile, "13812345678"),
        (" 138 1234 5678 ", Mobile, "13812345678"),
        ("138-1234-5678", Mobile, "13812345678"),
        ("+86 138 1234 5678", Mobile, "13812345678"),
        ("+8613812345678", Mobile, "13812345678"),
        ("0086-13812345678", Mobile, "13812345678"),
        ("１３８１２３４５６７８", Mobile, "13812345678"),
        ("19912345678", Mobile, "19912345678"),
        ("010-12345678", Landline, "010-12345678"),
        ("01012345678", Landline, "010-12345678"),
        ("0755-1234567", Landline, "0755-1234567"),
        ("0755-12345678", Landline, "0755-12345678"),
        ("021 6234 5678", Landline, "021-62345678"),
        ("021-6234-5678", Landline, "021-62345678"),
        ("(021)62345678", Landline, "021-62345678"),
        ("(021) 6234-5678", Landline, "021-62345678"),
        ("（０２１）６２３４５６７８", Landline, "021-62345678"),
        ("+86 21 6234 5678", Landline, "021-62345678"),
        ("+86 021 62345678", Landline, "021-62345678"),
        ("+86 (21) 62345678", Landline, "021-62345678"),
        ("0086 755 1234567", Landline, "0755-1234567"),
        ("010-12345678-123", Landline, "010-12345678-123"),
        ("010-12345678转123", Landline, "010-12345678-123"),
        ("010-12345678 转 8001", Landline, "010-12345678-8001"),
        ("0755-1234567-8", Landline, "0755-12345678"),
        ("(0755)1234567转12", Landline, "0755-1234567-12"),
        ("０１０－１２３４５６７８", Landline, "010-12345678"),
    ];
    for (input, kind, stored) in cases {
        assert_eq!(
            phone(input),
            Ok((*kind, stored.to_string())),
            "input {input:?}"
        );
    }
}

#[test]
fn phones_refused() {
    use PhoneError::*;
    let cases: &[(&str, PhoneError)] = &[
        ("", Empty),
        ("   ", Empty),
        ("---", Empty),
        ("+86", Empty),
        ("12345", BadMobile),
        ("1381234567", BadMobile),
        ("138123456789", BadMobile),
        ("12812345678", BadMobile),
        ("((((12345))))", BadParentheses),
        ("(021", BadParentheses),
        ("021)62345678", BadParentheses),
        ("(021)(6234)5678", BadParentheses),
        ("()62345678", BadParentheses),
        ("(0a1)62345678", BadParentheses),
        ("138abc45678", BadCharacter),
        ("tel 13812345678", BadCharacter),
        ("138.1234.5678", BadCharacter),
        ("138/1234/5678", BadCharacter),
        ("62345678", NoAreaCode),
        ("011-62345678", BadAreaCode),
        ("0012345678", BadAreaCode),
        ("021-0234567", BadLocalNumber),
        ("021-623456", BadLocalNumber),
        ("021-623456789", BadLocalNumber),
        ("13812345678转1", BadExtension),
        ("010-12345678转", BadExtension),
        ("010-12345678转1234567", BadExtension),
        ("010-12345678转12a", BadExtension),
    ];
    for (input, err) in cases {
        assert_eq!(phone(input), Err(*err), "input {input:?}");
    }
}

#[test]
fn resident_ids() {
    let ok = |s: &str| parse_id(s, IdKind::Resident).map(IdNumber::into_string);
    assert_eq!(ok("11010519491231002X"), Ok("11010519491231002X".into()));
    assert_eq!(ok("11010519491231002x"), Ok("11010519491231002X".into()));
    assert_eq!(
        ok("１１０１０５１９４９１２３１００２ｘ"),
        Ok("11010519491231002X".into())
    );
    assert_eq!(ok("110105 19491231 002X"), Ok("11010519491231002X".into()));
    assert_eq!(ok("310104198001011239"), Ok("310104198001011239".into()));
    // Leap day in a leap year.
    assert_eq!(ok("320106200002291230"), Ok("320106200002291230".into()));
    assert_eq!(ok("510104202802291118"), Ok("510104202802291118".into()));
    // Legacy 15 digits, kept as typed.
    assert_eq!(ok("110105491231002"), Ok("110105491231002".into()));

    let bad = |s: &str| parse_id(s, IdKind::Resident).unwrap_err();
    assert_eq!(bad(""), IdError::Empty);
    assert_eq!(bad("  "), IdError::Empty);
    assert_eq!(bad("310104198001011234"), IdError::BadCheckDigit);
    assert_eq!(bad("11010519491231002Y"), IdError::BadCharacter);
    assert_eq!(bad("1101051949123100X2"), IdError::BadCharacter);
    assert_eq!(bad("11010519491231002-"), IdError::BadCharacter);
    assert_eq!(bad("1101051949123100"), IdError::BadLength);
    assert_eq!(bad("1101051949123100200"), IdError::BadLength);
    assert_eq!(bad("11010519491231"), IdError::BadLength);
    assert_eq!(bad("11010519490231002X"), IdError::BadBirthDate);
    assert_eq!(bad("110105190002291234"), IdError::BadBirthDate);
    assert_eq!(bad("440524188001010014"), IdError::BadBirthDate);
    assert_eq!(bad("110105491331002"), IdError::BadBirthDate);
    assert_eq!(bad("11010549123100X"), IdError::BadCharacter);

    let id = parse_id("11010519491231002X", IdKind::Resident).unwrap();
    assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31));
    assert_eq!(id.kind(), IdKind::Resident);
    let legacy = parse_id("110105491231002", IdKind::Resident).unwrap();
    assert_eq!(legacy.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31));
}

#[test]
fn other_ids() {
    let ok = |s: &str| parse_id(s, IdKind::Other).map(IdNumber::into_string);
    assert_eq!(ok("E12345678"), Ok("E12345678".into()));
    assert_eq!(ok("e1234 5678"), Ok("E12345678".into()));
    assert_eq!(ok("H1234567801"), Ok("H1234567801".into()));
    assert_eq!(ok("C-1234-5678"), Ok("C12345678".into()));
    assert_eq!(ok("ｅ１２３４５"), Ok("E12345".into()));
    assert_eq!(ok("A1234"), Ok("A1234".into()));
    assert_eq!(ok(&"9".repeat(20)), Ok("9".repeat(20)));
    let bad = |s: &str| parse_id(s, IdKind::Other).unwrap_err();
    assert_eq!(bad(""), IdError::Empty);
    assert_eq!(bad("A123"), IdError::BadLength);
    assert_eq!(bad(&"9".repeat(21)), IdError::BadLength);
    assert_eq!(bad("A123456(7)"), IdError::BadCharacter);
    assert_eq!(bad("护照12345"), IdError::BadCharacter);
    let other = parse_id("E12345678", IdKind::Other).unwrap();
    assert_eq!(other.birth_date(), None);
    assert_eq!(other.to_string(), "E12345678");
}

#[test]
fn check_digits() {
    assert_eq!(check_digit(b"11010519491231002"), Some(b'X'));
    assert_eq!(check_digit(b"44052418800101001"), Some(b'4'));
    assert_eq!(check_digit(b"1101051949123100"), None);
    assert_eq!(check_digit(b"1101051949123100a"), None);
}

#[test]
fn names() {
    assert_eq!(check_name("  王建国 "), Ok("王建国"));
    assert_eq!(check_name("王"), Ok("王"));
    assert_eq!(check_name("Li Wei"), Ok("Li Wei"));
    assert_eq!(check_name("3栋保安"), Ok("3栋保安"));
    assert_eq!(
        check_name(&"王".repeat(MAX_NAME)),
        Ok("王".repeat(MAX_NAME).as_str())
    );
    assert_eq!(check_name(""), Err(TextError::Required));
    assert_eq!(check_name(" \t "), Err(TextError::Required));
    assert_eq!(
        check_name(&"王".repeat(MAX_NAME + 1)),
        Err(TextError::TooLong { max: MAX_NAME })
    );
    assert_eq!(check_name("王\u{1b}[31m"), Err(TextError::ControlChar));
    assert_eq!(check_name("王\n建国"), Err(TextError::ControlChar));
    assert_eq!(check_name("13812345678"), Err(TextError::NoLetters));
    assert_eq!(check_name("１３８ １２３４"), Err(TextError::NoLetters));
    assert_eq!(check_name("???"), Err(TextError::NoLetters));
}

#[test]
fn texts() {
    assert_eq!(check_text("", MAX_NOTE, false), Ok(()));
    assert_eq!(check_text("  ", MAX_NOTE, true), Err(TextError::Required));
    assert_eq!(check_text("漏水", 2, true), Ok(()));
    assert_eq!(
        check_text("漏水了", 2, true),
        Err(TextError::TooLong { max: 2 })
    );
    // Multi-line text with controls is stored as typed.
    assert_eq!(check_text("a\n\u{1b}b", MAX_DESCRIPTION, true), Ok(()));
    assert_eq!(check_text("", 0, false), Ok(()));
    assert_eq!(
        check_text("x", 0, false),
        Err(TextError::TooLong { max: 0 })
    );
}

#[test]
fn inert_display() {
    let cases: &[(&str, &str, &str)] = &[
        // input, one line, multi-line
        ("王建国", "王建国", "王建国"),
        ("\u{1b}[2J", "␛[2J", "␛[2J"),
        ("a\nb", "a⏎b", "a\nb"),
        ("a\r\nb", "a⏎b", "a\nb"),
        ("a\rb", "a␍b", "a␍b"),
        ("a\tb", "a b", "a b"),
        ("\0", "␀", "␀"),
        ("\u{7}", "␇", "␇"),
        ("\u{7f}", "␡", "␡"),
        ("\u{9b}31m", "\u{fffd}31m", "\u{fffd}31m"),
        ("\u{1b}]0;title\u{7}", "␛]0;title␇", "␛]0;title␇"),
        ("end\r", "end␍", "end␍"),
        ("", "", ""),
    ];
    for (input, one, multi) in cases {
        assert_eq!(inert(input), *one, "inert {input:?}");
        assert_eq!(inert_multiline(input), *multi, "multi {input:?}");
    }
    assert!(matches!(inert("3栋大堂 ⏎"), Cow::Borrowed(_)));
    assert!(matches!(inert_multiline("a\nb"), Cow::Borrowed(_)));
    assert!(matches!(inert("a\nb"), Cow::Owned(_)));
}

/// 17 digits with a valid birth date, then the right check character.
fn valid_resident() -> impl Strategy<Value = String> {
    (100_000u32..=999_999, 0i64..(120 * 365), 0u32..1000).prop_map(|(area, days, seq)| {
        let birth = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(days);
        let body = format!("{area}{}{seq:03}", birth.format("%Y%m%d"));
        let check = check_digit(body.as_bytes()).unwrap() as char;
        format!("{body}{check}")
    })
}

proptest! {
    #[test]
    fn never_panics(s in "\\PC{0,40}") {
        let _ = normalize_digits(&s);
        let _ = fold_width(&s);
        let _ = parse_phone(&s);
        let _ = parse_id(&s, IdKind::Resident);
        let _ = parse_id(&s, IdKind::Other);
        let _ = check_name(&s);
        let _ = check_text(&s, 10, true);
        let _ = check_digit(s.as_bytes());
        let _ = inert(&s);
        let _ = inert_multiline(&s);
    }

    #[test]
    fn never_panics_on_phone_alphabet(s in "[0-9０-９+() \\-转x（）]{0,30}") {
        if let Ok(p) = parse_phone(&s) {
            // The stored form is itself accepted and stores the same.
            prop_assert_eq!(parse_phone(p.as_str()), Ok(p.clone()));
        }
        let _ = parse_id(&s, IdKind::Resident);
    }

    #[test]
    fn any_control_text_is_made_inert(s in "[\\x00-\\x1f\\x7f\\u{80}-\\u{9f}a-z王 ]{0,40}") {
        let one = inert(&s);
        prop_assert!(!one.chars().any(char::is_control));
        let multi = inert_multiline(&s);
        prop_assert!(!multi.chars().any(|c| c.is_control() && c != '\n'));
        // Nothing vanishes: one output char per input char, except that a
        // CRLF pair is one line break.
        let pairs = s.matches("\r\n").count();
        prop_assert_eq!(one.chars().count(), s.chars().count() - pairs);
        prop_assert_eq!(multi.chars().count(), s.chars().count() - pairs);
        prop_assert_eq!(
            matches!(one, Cow::Borrowed(_)),
            !s.chars().any(char::is_control)
        );
    }

    #[test]
    fn valid_resident_ids_pass_and_one_changed_digit_fails(
        id in valid_resident(),
        pos in 0usize..17,
        delta in 1u8..10,
    ) {
        prop_assert_eq!(
            parse_id(&id, IdKind::Resident).map(IdNumber::into_string),
            Ok(id.clone())
        );
        // MOD 11-2 catches every single-digit error.
        let mut b = id.into_bytes();
        b[pos] = b'0' + (b[pos] - b'0' + delta) % 10;
        let changed = String::from_utf8(b).unwrap();
        prop_assert!(parse_id(&changed, IdKind::Resident).is_err());
    }

    #[test]
    fn mobiles_in_any_spelling(
        second in 3u8..=9,
        rest in 0u64..1_000_000_000,
        style in 0usize..4,
    ) {
        let digits = format!("1{second}{rest:09}");
        let typed = match style {
            0 => digits.clone(),
            1 => format!("+86 {} {} {}", &digits[..3], &digits[3..7], &digits[7..]),
            2 => format!("{}-{}-{}", &digits[..3], &digits[3..7], &digits[7..]),
            _ => digits.chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap()).collect(),
        };
        prop_assert_eq!(phone(&typed), Ok((PhoneKind::Mobile, digits)));
    }
}
