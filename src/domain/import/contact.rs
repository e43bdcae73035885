//! Phones and ID numbers: checked, normalised, and never shown whole by
//! `Debug` (002 3.6.13), so a record can be logged or asserted on safely.
//!
//! TODO(validate.rs): the checks here are deliberately small; when
//! `domain::validate` lands, switch `Phone::parse` to `validate::phone` and
//! `IdNumber::parse` to `validate::id_number`, keeping the masking newtypes.

use super::problem::IdProblem;
use super::values::fold;
use crate::domain::mask;
use std::fmt;

/// One or more phone numbers, normalised (mobiles as 11 digits, landlines
/// as `021-62345678`), several joined by `/`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

/// Separators between several numbers in one cell.
const PHONE_SEPARATORS: &[char] = &['/', ',', '，', ';', '；', '、', '\n'];

impl Phone {
    /// Mainland mobiles, landlines with or without an area code, 400/800
    /// numbers; `+86`/`0086` dropped; several numbers separated by `/`, `,`…
    pub fn parse(cell: &str) -> Option<Phone> {
        let folded = fold(cell);
        let parts: Vec<String> = folded
            .split(PHONE_SEPARATORS)
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(one_phone)
            .collect::<Option<_>>()?;
        (!parts.is_empty()).then(|| Phone(parts.join("/")))
    }

    /// Several checked numbers (电话 and 手机 columns) as one.
    pub fn join(phones: &[Phone]) -> Option<Phone> {
        let all: Vec<&str> = phones.iter().map(|p| p.0.as_str()).collect();
        (!all.is_empty()).then(|| Phone(all.join("/")))
    }

    /// A number as the store has it: normalised when it reads as a phone,
    /// otherwise kept as it is (so it compares unequal to any valid one).
    pub fn stored(s: &str) -> Phone {
        Phone::parse(s).unwrap_or_else(|| Phone(s.trim().to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn masked(&self) -> String {
        self.0
            .split('/')
            .map(mask::phone)
            .collect::<Vec<_>>()
            .join("/")
    }
}

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Phone({})", self.masked())
    }
}

fn one_phone(p: &str) -> Option<String> {
    let mut d = String::with_capacity(p.len());
    for (i, c) in p.chars().enumerate() {
        match c {
            '0'..='9' => d.push(c),
            '+' if i == 0 => d.push('+'),
            ' ' | '-' | '(' | ')' => {}
            _ => return None,
        }
    }
    let d = ["+86", "0086", "86"]
        .iter()
        .find_map(|cc| d.strip_prefix(cc).filter(|rest| is_mobile(rest)))
        .unwrap_or(&d);
    let b = d.as_bytes();
    if is_mobile(d) {
        return Some(d.to_string());
    }
    if d.starts_with('+') {
        return None;
    }
    match (b.first(), d.len()) {
        // 0 + area code (010, 02x: 3 digits; others 4) + 7-8 digit number.
        (Some(b'0'), 10..=12) => {
            let area = if matches!(b[1], b'1' | b'2') { 3 } else { 4 };
            let local = d.len() - area;
            (7..=8)
                .contains(&local)
                .then(|| format!("{}-{}", &d[..area], &d[area..]))
        }
        _ if d.len() == 10 && (d.starts_with("400") || d.starts_with("800")) => Some(d.to_string()),
        // A local number without area code (the site's own city).
        (Some(b'2'..=b'9'), 7..=8) => Some(d.to_string()),
        _ => None,
    }
}

fn is_mobile(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 11
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
        && d.bytes().all(|c| c.is_ascii_digit())
}

/// An identity document number: a mainland ID (18 or old 15 digits) checked
/// for its birth date and check character, or another document (passport,
/// Hong Kong/Macau/Taiwan permits) checked only for its form.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdNumber(String);

impl IdNumber {
    pub fn parse(cell: &str) -> Result<IdNumber, IdProblem> {
        let t: String = fold(cell)
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_uppercase)
            .collect();
        // "3.10104E+17": Excel showed a long number in scientific form.
        if t.contains("E+") && t.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            return Err(IdProblem::Rounded);
        }
        if !t.is_ascii() {
            return Err(IdProblem::Form);
        }
        let digits = |s: &str| s.bytes().all(|c| c.is_ascii_digit());
        match t.len() {
            18 if digits(&t[..17]) && (digits(&t[17..]) || &t[17..] == "X") => {
                birth_date_ok(&t[6..14])
                    .then_some(())
                    .ok_or(IdProblem::BirthDate)?;
                if check_char(&t[..17]) != t.as_bytes()[17] {
                    return Err(if t.ends_with("000") {
                        IdProblem::Rounded
                    } else {
                        IdProblem::Checksum
                    });
                }
                Ok(IdNumber(t))
            }
            15 if digits(&t) => {
                let date = format!("19{}", &t[6..12]);
                birth_date_ok(&date)
                    .then_some(())
                    .ok_or(IdProblem::BirthDate)?;
                Ok(IdNumber(t))
            }
            18 | 15 if digits(&t[..14]) => Err(IdProblem::Form),
            6..=20
                if t.bytes().any(|c| c.is_ascii_uppercase())
                    && t.bytes()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'(' | b')' | b'-')) =>
            {
                Ok(IdNumber(t))
            }
            _ => Err(IdProblem::Form),
        }
    }

    /// A number as the store has it, compared but not re-checked.
    pub fn stored(s: &str) -> IdNumber {
        IdNumber::parse(s).unwrap_or_else(|_| IdNumber(s.trim().to_uppercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn masked(&self) -> String {
        mask::id_number(&self.0)
    }
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({})", self.masked())
    }
}

fn birth_date_ok(yyyymmdd: &str) -> bool {
    chrono::NaiveDate::parse_from_str(yyyymmdd, "%Y%m%d")
        .is_ok_and(|d| (1900..=2100).contains(&chrono::Datelike::year(&d)))
}

/// GB 11643-1999 check character of the first 17 digits.
fn check_char(first17: &str) -> u8 {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CODES: &[u8; 11] = b"10X98765432";
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(c, w)| u32::from(c - b'0') * w)
        .sum();
    CODES[(sum % 11) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        let ok = |s: &str| Phone::parse(s).map(|p| p.as_str().to_string());
        assert_eq!(ok("13812345678"), Some("13812345678".into()));
        assert_eq!(ok("１３８１２３４５６７８"), Some("13812345678".into()));
        assert_eq!(ok("+86 138-1234-5678"), Some("13812345678".into()));
        assert_eq!(ok("021-62345678"), Some("021-62345678".into()));
        assert_eq!(ok("02162345678"), Some("021-62345678".into()));
        assert_eq!(ok("0571-8765432"), Some("0571-8765432".into()));
        assert_eq!(ok("62345678"), Some("62345678".into()));
        assert_eq!(ok("4008123123"), Some("4008123123".into()));
        assert_eq!(
            ok("13812345678 / 021-62345678"),
            Some("13812345678/021-62345678".into())
        );
        for bad in [
            "1234",
            "138abc45678",
            "2162345678",
            "12345678901",
            "+1 415 555 0100",
        ] {
            assert!(Phone::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn ids() {
        assert!(IdNumber::parse("11010519491231002X").is_ok());
        assert!(IdNumber::parse("11010519491231002x").is_ok());
        assert_eq!(IdNumber::parse("110105491231002").map(|_| ()), Ok(()));
        assert_eq!(
            IdNumber::parse("110105194912310021").unwrap_err(),
            IdProblem::Checksum
        );
        assert_eq!(
            IdNumber::parse("110105194913310021").unwrap_err(),
            IdProblem::BirthDate
        );
        assert_eq!(
            IdNumber::parse("110105194912310000").unwrap_err(),
            IdProblem::Rounded
        );
        assert_eq!(
            IdNumber::parse("1.10105E+17").unwrap_err(),
            IdProblem::Rounded
        );
        assert_eq!(IdNumber::parse("12345").unwrap_err(), IdProblem::Form);
        assert_eq!(
            IdNumber::parse("1101051949123100").unwrap_err(),
            IdProblem::Form
        );
        // Passport and Hong Kong permit.
        assert!(IdNumber::parse("E12345678").is_ok());
        assert!(IdNumber::parse("H1234567801").is_ok());
    }

    #[test]
    fn debug_is_masked() {
        let id = IdNumber::parse("11010519491231002X").unwrap();
        let shown = format!("{id:?}");
        assert!(!shown.contains("19491231"), "{shown}");
        assert!(shown.contains("002X"));
        let p = Phone::parse("13812345678").unwrap();
        assert!(!format!("{p:?}").contains("1234"));
    }
}
