//! What people type at the desk, checked in one place: phone numbers, ID
//! numbers, names, free text, and how stored text is shown.
//!
//! Everything here is pure and total: any string in, a value or an error
//! enum out, never a panic. Errors carry no words; the UI translates the
//! variants.
//!
//! Input from a Chinese IME often arrives in full-width forms (`１３８`,
//! `（０２１）`, `－`), so the parsers fold those to ASCII first.

use chrono::NaiveDate;
use std::borrow::Cow;
use std::fmt;

/// Longest person name (characters).
pub const MAX_NAME: usize = 30;
/// Longest public-area location, e.g. `3栋大堂东侧电梯厅`.
pub const MAX_LOCATION: usize = 60;
/// Longest category label.
pub const MAX_CATEGORY: usize = 30;
/// Longest ticket description (`domain::intake` checks with it).
pub const MAX_DESCRIPTION: usize = 2000;
/// Longest note (callback note, handover remark …).
pub const MAX_NOTE: usize = 500;
/// Longest "when the technician may come" (`明天上午 9-11 点，先打电话`).
pub const MAX_PREFERRED: usize = 60;

// ---------------------------------------------------------------------------
// Width folding
// ---------------------------------------------------------------------------

/// One character of the full-width ASCII block (U+FF01..U+FF5E) or the
/// ideographic space to its ASCII twin; dashes that IMEs and word processors
/// produce for `-` to `-`. Anything else unchanged.
fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        // hyphen, non-breaking hyphen, figure dash, en dash, em dash,
        // horizontal bar, minus sign
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        _ => c,
    }
}

fn folds(c: char) -> bool {
    fold_char(c) != c
}

/// The whole full-width ASCII block (digits, letters, punctuation), the
/// ideographic space and typographic dashes, folded to ASCII. Borrowed when
/// there is nothing to fold. Parsers call this before looking at input.
pub fn fold_width(s: &str) -> Cow<'_, str> {
    if s.chars().any(folds) {
        Cow::Owned(s.chars().map(fold_char).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// Full-width digits, full-width punctuation (`：－／（）＋`), the
/// ideographic space and typographic dashes to ASCII. Letters are left as
/// typed: this is for numbers inside text, where rewriting `ＡＢＣ` would
/// change what the person wrote.
pub fn normalize_digits(s: &str) -> String {
    s.chars()
        .map(|c| {
            let f = fold_char(c);
            if f.is_ascii_alphabetic() {
                c
            } else {
                f
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Phones
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum PhoneKind {
    /// Mainland mobile: 11 digits, `1[3-9]` then 9 more.
    Mobile,
    /// Fixed line with its area code, maybe an extension.
    Landline,
}

/// A checked phone number in its stored form:
///
/// - mobile: the 11 digits, `13812345678` (a `+86`/`0086` prefix is dropped:
///   every number here is mainland);
/// - landline: area code with its trunk `0`, a hyphen, the local number,
///   and `-extension` when there is one: `021-62345678`, `0755-1234567`,
///   `010-12345678-123`.
///
/// Two spellings of one number store the same string, so stored numbers can
/// be compared and searched as text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone {
    kind: PhoneKind,
    stored: String,
}

impl Phone {
    pub fn kind(&self) -> PhoneKind {
        self.kind
    }

    /// The stored form (see the type's doc).
    pub fn as_str(&self) -> &str {
        &self.stored
    }

    pub fn into_string(self) -> String {
        self.stored
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.stored)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error, serde::Serialize)]
pub enum PhoneError {
    /// Nothing typed, or no digits at all.
    #[error("phone: empty")]
    Empty,
    /// Letters or symbols other than digits, spaces, hyphens, one `+86` /
    /// `0086` prefix, parentheses around the area code and `转`.
    #[error("phone: character not allowed")]
    BadCharacter,
    /// Parentheses anywhere but once around the area code at the start.
    #[error("phone: parentheses only around the area code")]
    BadParentheses,
    /// Starts with 1 but is not 11 digits of the form `1[3-9]…`.
    #[error("phone: not a mobile number")]
    BadMobile,
    /// A local number without its area code, e.g. `62345678`.
    #[error("phone: area code missing")]
    NoAreaCode,
    /// Not `010`, `02x` or `0[3-9]xx`.
    #[error("phone: bad area code")]
    BadAreaCode,
    /// The local part is not 7 or 8 digits, or starts with 0.
    #[error("phone: bad local number")]
    BadLocalNumber,
    /// An extension on a mobile, or not 1-6 digits.
    #[error("phone: bad extension")]
    BadExtension,
}

/// Longest extension accepted (digits).
const MAX_EXTENSION: usize = 6;

/// Check a phone number as typed. Accepted:
///
/// - `13812345678`, `138 1234 5678`, `138-1234-5678`, `+86 138 1234 5678`,
///   `0086-13812345678`, full-width digits;
/// - `010-12345678`, `0755-1234567`, `021 6234 5678`, `(021)62345678`,
///   `（０２１）６２３４５６７８`, `+86 21 6234 5678` (trunk 0 dropped after
///   the country code, as it is dialled), `010-12345678-123`,
///   `010-12345678转123`.
///
/// Refused: anything else, e.g. `12345`, `((((12345))))`, `62345678` (no
/// area code), letters.
pub fn parse_phone(text: &str) -> Result<Phone, PhoneError> {
    let folded = normalize_digits(text);
    let s = folded.trim();
    if s.is_empty() {
        return Err(PhoneError::Empty);
    }
    let (main, ext) = split_extension(s)?;
    let (international, main) = strip_country(main);
    let (area, groups) = split_area(main)?;
    let digits = groups.concat();
    match area {
        Some(area) => landline(&area, &digits, ext),
        None if digits.is_empty() => Err(PhoneError::Empty),
        None => {
            // After the country code the trunk 0 of an area code is not
            // dialled (`+86 21 …`); put it back for the stored form.
            let trunk = if international && !digits.starts_with(['0', '1']) {
                "0"
            } else {
                ""
            };
            number_without_parens(trunk, &groups, ext)
        }
    }
}

/// `…转123`: the explicit extension marker. Returns the number part and the
/// extension digits.
fn split_extension(s: &str) -> Result<(&str, Option<&str>), PhoneError> {
    let Some((main, ext)) = s.split_once('转') else {
        return Ok((s, None));
    };
    let ext = ext.trim();
    if ext.is_empty() || ext.len() > MAX_EXTENSION || !ext.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PhoneError::BadExtension);
    }
    Ok((main.trim_end(), Some(ext)))
}

/// `+86` / `0086` in front, with or without a separator after it.
fn strip_country(s: &str) -> (bool, &str) {
    for prefix in ["+86", "0086"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            return (true, rest.trim_start_matches([' ', '-']));
        }
    }
    (false, s)
}

/// Split `(021) 6234-5678` into the area code in parentheses (with its
/// trunk 0) and the digit groups after it. Without parentheses the area is
/// None and the whole is groups. A group is a run of digits; groups are
/// separated by spaces and hyphens.
fn split_area(s: &str) -> Result<(Option<String>, Vec<&str>), PhoneError> {
    let (area, rest) = match s.strip_prefix('(') {
        Some(inner) => {
            let (code, rest) = inner.split_once(')').ok_or(PhoneError::BadParentheses)?;
            let code = code.trim();
            if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(PhoneError::BadParentheses);
            }
            let code = if code.starts_with('0') {
                code.to_string()
            } else {
                format!("0{code}")
            };
            (Some(code), rest)
        }
        None => (None, s),
    };
    if rest.contains(['(', ')']) {
        return Err(PhoneError::BadParentheses);
    }
    if !rest
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-'))
    {
        return Err(PhoneError::BadCharacter);
    }
    let groups = rest.split([' ', '-']).filter(|g| !g.is_empty()).collect();
    Ok((area, groups))
}

/// No parentheses: a mobile (starts with 1) or a landline whose area code is
/// worked out from the digits. A trailing separate group is taken as an
/// extension only when the digits before it already make a whole landline
/// and the whole run does not (`010-12345678-123`, but `010-1234-5678` is
/// one number).
fn number_without_parens(
    trunk: &str,
    groups: &[&str],
    ext: Option<&str>,
) -> Result<Phone, PhoneError> {
    let digits = format!("{trunk}{}", groups.concat());
    if digits.starts_with('1') {
        if ext.is_some() {
            return Err(PhoneError::BadExtension);
        }
        return mobile(&digits);
    }
    if !digits.starts_with('0') {
        return Err(PhoneError::NoAreaCode);
    }
    let whole = split_area_code(&digits).and_then(|(area, local)| landline(area, local, ext));
    if whole.is_ok() || ext.is_some() || groups.len() < 2 {
        return whole;
    }
    let Some((last, before)) = groups.split_last() else {
        return whole;
    };
    let before = format!("{trunk}{}", before.concat());
    split_area_code(&before)
        .and_then(|(area, local)| landline(area, local, Some(last)))
        .or(whole)
}

fn mobile(digits: &str) -> Result<Phone, PhoneError> {
    let b = digits.as_bytes();
    if b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) {
        Ok(Phone {
            kind: PhoneKind::Mobile,
            stored: digits.to_string(),
        })
    } else {
        Err(PhoneError::BadMobile)
    }
}

/// Mainland area codes: `010` (Beijing) and `02x` are three digits with the
/// trunk 0, all others `0[3-9]xx` four.
fn area_code_len(digits: &str) -> Option<usize> {
    match digits.as_bytes() {
        [b'0', b'1', b'0', ..] | [b'0', b'2', _, ..] => Some(3),
        [b'0', b'3'..=b'9', _, _, ..] => Some(4),
        _ => None,
    }
}

fn split_area_code(digits: &str) -> Result<(&str, &str), PhoneError> {
    let n = area_code_len(digits).ok_or(PhoneError::BadAreaCode)?;
    // area_code_len only says n when there are n ASCII digits.
    Ok(digits.split_at(n))
}

fn landline(area: &str, local: &str, ext: Option<&str>) -> Result<Phone, PhoneError> {
    if area_code_len(area) != Some(area.len()) {
        return Err(PhoneError::BadAreaCode);
    }
    let local_ok = matches!(local.len(), 7 | 8)
        && local.bytes().all(|b| b.is_ascii_digit())
        // A leading 0 would be a trunk prefix typed twice.
        && !local.starts_with('0');
    if !local_ok {
        return Err(PhoneError::BadLocalNumber);
    }
    let mut stored = format!("{area}-{local}");
    if let Some(e) = ext {
        if e.is_empty() || e.len() > MAX_EXTENSION || !e.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PhoneError::BadExtension);
        }
        stored.push('-');
        stored.push_str(e);
    }
    Ok(Phone {
        kind: PhoneKind::Landline,
        stored,
    })
}

// ---------------------------------------------------------------------------
// ID numbers
// ---------------------------------------------------------------------------

/// Which document an ID number belongs to; the form asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum IdKind {
    /// 居民身份证: 18 characters (GB 11643, check digit ISO 7064 MOD 11-2)
    /// or the legacy 15 digits.
    Resident,
    /// Passport, 港澳/台湾 permit and the like: 5-20 letters and digits.
    Other,
}

/// A checked ID number in its stored form: spaces (and for other documents
/// hyphens) removed, letters upper-case (`…123X`, `E12345678`). A legacy
/// 15-digit number is kept as 15 digits: converting it would invent the
/// century and check digit the person never showed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdNumber {
    kind: IdKind,
    stored: String,
}

impl IdNumber {
    pub fn kind(&self) -> IdKind {
        self.kind
    }

    pub fn as_str(&self) -> &str {
        &self.stored
    }

    pub fn into_string(self) -> String {
        self.stored
    }

    /// The birth date a resident ID carries; None for other documents.
    pub fn birth_date(&self) -> Option<NaiveDate> {
        match self.kind {
            IdKind::Resident => resident_birth_date(&self.stored),
            IdKind::Other => None,
        }
    }
}

impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.stored)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error, serde::Serialize)]
pub enum IdError {
    #[error("id: empty")]
    Empty,
    /// Resident: not digits (X last only); other: not letters and digits.
    #[error("id: character not allowed")]
    BadCharacter,
    /// Resident: not 18 or 15; other: not 5-20.
    #[error("id: wrong length")]
    BadLength,
    /// The birth date inside a resident number does not exist or is before
    /// 1900.
    #[error("id: bad birth date")]
    BadBirthDate,
    /// The 18th character does not match the other 17.
    #[error("id: check digit does not match")]
    BadCheckDigit,
}

/// Shortest and longest other-document number.
pub const OTHER_ID_LEN: std::ops::RangeInclusive<usize> = 5..=20;

/// Check an ID number of the given kind.
pub fn parse_id(text: &str, kind: IdKind) -> Result<IdNumber, IdError> {
    let folded = fold_width(text);
    let separators: &[char] = match kind {
        IdKind::Resident => &[' '],
        IdKind::Other => &[' ', '-'],
    };
    let s: String = folded
        .chars()
        .filter(|c| !separators.contains(c))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    match kind {
        IdKind::Resident => check_resident(&s)?,
        IdKind::Other => check_other(&s)?,
    }
    Ok(IdNumber { kind, stored: s })
}

fn check_other(s: &str) -> Result<(), IdError> {
    if !s.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(IdError::BadCharacter);
    }
    if !OTHER_ID_LEN.contains(&s.len()) {
        return Err(IdError::BadLength);
    }
    Ok(())
}

fn check_resident(s: &str) -> Result<(), IdError> {
    let b = s.as_bytes();
    let body_ok = |body: &[u8]| body.iter().all(u8::is_ascii_digit);
    match b.len() {
        18 => {
            if !body_ok(&b[..17]) || !(b[17].is_ascii_digit() || b[17] == b'X') {
                return Err(IdError::BadCharacter);
            }
        }
        15 => {
            if !body_ok(b) {
                return Err(IdError::BadCharacter);
            }
        }
        _ if !s.chars().all(|c| c.is_ascii_digit() || c == 'X') => {
            return Err(IdError::BadCharacter)
        }
        _ => return Err(IdError::BadLength),
    }
    resident_birth_date(s).ok_or(IdError::BadBirthDate)?;
    if b.len() == 18 && check_digit(&b[..17]) != Some(b[17]) {
        return Err(IdError::BadCheckDigit);
    }
    Ok(())
}

/// ISO 7064 MOD 11-2 over the first 17 digits (weights 2^(17-i) mod 11).
/// None when `body` is not 17 ASCII digits.
pub fn check_digit(body: &[u8]) -> Option<u8> {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    if body.len() != 17 || !body.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = body
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK.get((sum % 11) as usize).copied()
}

/// Birth date at [6..14] (18) or 19 + [6..12] (15); None when it does not
/// exist or is before 1900 (nobody alive was born earlier).
fn resident_birth_date(s: &str) -> Option<NaiveDate> {
    let digits = |r: std::ops::Range<usize>| s.get(r)?.parse::<u32>().ok();
    let (y, m, d) = match s.len() {
        18 => (digits(6..10)?, digits(10..12)?, digits(12..14)?),
        15 => (1900 + digits(6..8)?, digits(8..10)?, digits(10..12)?),
        _ => return None,
    };
    if y < 1900 {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

// ---------------------------------------------------------------------------
// Names and free text
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error, serde::Serialize)]
pub enum TextError {
    #[error("text: required")]
    Required,
    #[error("text: longer than {max} characters")]
    TooLong { max: usize },
    /// Control characters (newlines, escapes) in a one-line field.
    #[error("text: control character")]
    ControlChar,
    /// A name with no letter in it: digits only (a phone number typed in
    /// the wrong field), or punctuation only.
    #[error("text: no letters")]
    NoLetters,
}

/// A person's name: trimmed, 1..=[`MAX_NAME`] characters, no control
/// characters, at least one letter (any script: `王`, `Li`). Returns the
/// trimmed name, which is what should be stored.
pub fn check_name(s: &str) -> Result<&str, TextError> {
    let name = s.trim();
    check_text(name, MAX_NAME, true)?;
    if name.chars().any(char::is_control) {
        return Err(TextError::ControlChar);
    }
    if !name.chars().any(char::is_alphabetic) {
        return Err(TextError::NoLetters);
    }
    Ok(name)
}

/// A free-text field: `required` refuses blank (whitespace-only) text, and
/// the text as given may be at most `max_chars` characters (Unicode scalar
/// values, so `漏水` is 2). Control characters are allowed: text is stored
/// as typed and shown through [`inert`] / [`inert_multiline`].
pub fn check_text(s: &str, max_chars: usize, required: bool) -> Result<(), TextError> {
    if required && s.trim().is_empty() {
        return Err(TextError::Required);
    }
    // Counting stops one past the limit, so a pasted novel costs nothing.
    if s.chars().nth(max_chars).is_some() {
        return Err(TextError::TooLong { max: max_chars });
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Showing stored text
// ---------------------------------------------------------------------------

// The one implementation lives with the display-width helpers, so the
// screens' cells and lines (`text::fit`, `one_line`, `wrap`) make text inert
// on their own; it is the same function under both names.
pub use crate::text::{inert, inert_multiline, C1_MARK, NEWLINE_MARK};

/// "35", "35.5", "35.50", "¥35" → cents.
pub fn parse_yuan(s: &str) -> Option<i64> {
    let s = s.trim().trim_start_matches(['¥', '￥']).trim();
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let w: i64 = whole.parse().ok()?;
    let f: i64 = format!("{frac:0<2}").parse().ok()?;
    w.checked_mul(100)?.checked_add(f)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod yuan_tests {
    use super::parse_yuan;

    #[test]
    fn yuan() {
        assert_eq!(parse_yuan("35"), Some(3500));
        assert_eq!(parse_yuan("35.5"), Some(3550));
        assert_eq!(parse_yuan("¥0.05"), Some(5));
        assert_eq!(parse_yuan("-3"), None);
        assert_eq!(parse_yuan("3.555"), None);
        assert_eq!(parse_yuan(""), None);
    }
}
