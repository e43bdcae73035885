//! Unit numbers (房号): one parser for every form an operator types.
//!
//! Residential units are building-entrance-room (`3-2-1201`, 3栋2单元1201室);
//! office towers have no entrance (`10-1208`), stored with entrance 0.
//! A partial query (`1201`, `3-1201`) is resolved against the site's units.

use std::fmt;

/// A unit as stored: entrance 0 means the building has no entrances (a tower).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct UnitNo {
    pub building: u16,
    pub entrance: u16,
    pub room: u32,
}

pub const MAX_BUILDING: u64 = 999;
pub const MAX_ENTRANCE: u64 = 99;
pub const MAX_ROOM: u64 = 99_999;

impl UnitNo {
    pub fn new(building: u16, entrance: u16, room: u32) -> Self {
        UnitNo {
            building,
            entrance,
            room,
        }
    }

    /// Floor from the room number: 1201 → 12, 302 → 3.
    pub fn floor(&self) -> u32 {
        (self.room / 100).max(1)
    }

    /// The canonical code stored in the database and printed by the CLI.
    pub fn code(&self) -> String {
        self.to_string()
    }

    /// The Chinese written form: 3栋2单元1201室 (or 10栋1208室 for a tower).
    pub fn zh(&self) -> String {
        if self.entrance == 0 {
            format!("{}栋{}室", self.building, self.room)
        } else {
            format!("{}栋{}单元{}室", self.building, self.entrance, self.room)
        }
    }

    pub fn matches(&self, q: &UnitQuery) -> bool {
        q.room == self.room
            && q.building.is_none_or(|b| b == self.building)
            && q.entrance.is_none_or(|e| e == self.entrance)
    }
}

impl fmt::Display for UnitNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.entrance == 0 {
            write!(f, "{}-{}", self.building, self.room)
        } else {
            write!(f, "{}-{}-{}", self.building, self.entrance, self.room)
        }
    }
}

/// What the operator typed, with the parts they gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitQuery {
    pub building: Option<u16>,
    pub entrance: Option<u16>,
    pub room: u32,
}

impl UnitQuery {
    /// A query naming all three parts is a unit by itself.
    pub fn full(&self) -> Option<UnitNo> {
        match (self.building, self.entrance) {
            (Some(b), Some(e)) => Some(UnitNo::new(b, e, self.room)),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Building,
    Entrance,
    Room,
}

/// Why a unit number could not be read. Messages for operators live in i18n.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnitError {
    #[error("empty unit number")]
    Empty,
    #[error("unexpected character {0:?} in unit number")]
    BadChar(char),
    #[error("empty part in unit number")]
    EmptyPart,
    #[error("too many parts in unit number")]
    TooManyParts,
    #[error("number too long in unit number")]
    TooLong,
    #[error("{part:?} {value} out of range")]
    OutOfRange { part: Part, value: u64 },
    #[error("room number missing")]
    MissingRoom,
    #[error("parts in the wrong order")]
    Order,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Num(u64),
    /// A separator; `space` when it was whitespace (which may repeat).
    Sep {
        space: bool,
    },
    Mark(Part),
}

/// Full-width forms and dash variants an IME produces, folded to ASCII.
fn fold(c: char) -> char {
    match c {
        '\u{FF10}'..='\u{FF19}' => char::from_u32(c as u32 - 0xFF10 + '0' as u32).unwrap_or(c),
        '\u{3000}' => ' ',
        '－' | '—' | '–' | '‐' | '‑' | '−' | '﹣' => '-',
        '／' | '\\' => '/',
        '＃' => '#',
        '．' => '.',
        _ => c,
    }
}

fn tokenize(input: &str) -> Result<Vec<Tok>, UnitError> {
    let chars: Vec<char> = input.chars().map(fold).collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let mut n: u64 = 0;
            let mut significant = 0;
            while i < chars.len() && chars[i].is_ascii_digit() {
                if n > 0 || chars[i] != '0' {
                    significant += 1;
                    // Leading zeros are fine; twelve real digits are not a unit.
                    if significant > 12 {
                        return Err(UnitError::TooLong);
                    }
                }
                n = n * 10 + u64::from(chars[i].to_digit(10).unwrap_or(0));
                i += 1;
            }
            toks.push(Tok::Num(n));
            continue;
        }
        let (tok, len) = match (c, chars.get(i + 1)) {
            ('号', Some('楼')) => (Tok::Mark(Part::Building), 2),
            ('单', Some('元')) => (Tok::Mark(Part::Entrance), 2),
            ('栋' | '幢' | '座' | '楼' | '#', _) => (Tok::Mark(Part::Building), 1),
            ('门', _) => (Tok::Mark(Part::Entrance), 1),
            ('室' | '号' | '户', _) => (Tok::Mark(Part::Room), 1),
            ('-' | '/' | '_' | '.', _) => (Tok::Sep { space: false }, 1),
            (c, _) if c.is_whitespace() => (Tok::Sep { space: true }, 1),
            (c, _) => return Err(UnitError::BadChar(c)),
        };
        toks.push(tok);
        i += len;
    }
    Ok(toks)
}

/// Parse any accepted form into a query. Pure: no knowledge of the site.
pub fn parse_unit(input: &str) -> Result<UnitQuery, UnitError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(UnitError::Empty);
    }
    let toks = tokenize(trimmed)?;
    let mut parts: Vec<(u64, Option<Part>)> = Vec::new();
    // What the previous meaningful token was.
    #[derive(PartialEq)]
    enum Prev {
        Start,
        Num,
        Mark,
        Punct,
    }
    let mut prev = Prev::Start;
    for tok in toks {
        match tok {
            Tok::Num(n) => {
                // Numbers never touch (they would be one number), so any
                // number follows a start, a marker or a separator.
                parts.push((n, None));
                prev = Prev::Num;
            }
            Tok::Mark(p) => {
                match (prev, parts.last_mut()) {
                    (Prev::Num, Some(last)) => last.1 = Some(p),
                    _ => return Err(UnitError::Order),
                }
                prev = Prev::Mark;
            }
            Tok::Sep { space: true } => {} // spaces only separate numbers
            Tok::Sep { space: false } => {
                if prev != Prev::Num && prev != Prev::Mark {
                    return Err(UnitError::EmptyPart);
                }
                prev = Prev::Punct;
            }
        }
    }
    if prev == Prev::Punct {
        return Err(UnitError::EmptyPart);
    }
    if parts.is_empty() {
        return Err(UnitError::Empty);
    }
    assign(&parts)
}

fn check(part: Part, value: u64, max: u64) -> Result<u64, UnitError> {
    if value == 0 || value > max {
        Err(UnitError::OutOfRange { part, value })
    } else {
        Ok(value)
    }
}

fn assign(parts: &[(u64, Option<Part>)]) -> Result<UnitQuery, UnitError> {
    let roles: &[Part] = match parts.len() {
        1 => &[Part::Room],
        2 => &[Part::Building, Part::Room],
        3 => &[Part::Building, Part::Entrance, Part::Room],
        _ => return Err(UnitError::TooManyParts),
    };
    // A trailing building/entrance marker means the room is missing: "3栋2单元".
    if let Some((_, Some(last))) = parts.last() {
        if *last != Part::Room {
            return Err(UnitError::MissingRoom);
        }
    }
    let mut q = UnitQuery {
        building: None,
        entrance: None,
        room: 0,
    };
    for ((value, mark), role) in parts.iter().zip(roles) {
        if let Some(m) = mark {
            if m != role {
                return Err(UnitError::Order);
            }
        }
        match role {
            Part::Building => q.building = Some(check(*role, *value, MAX_BUILDING)? as u16),
            Part::Entrance => q.entrance = Some(check(*role, *value, MAX_ENTRANCE)? as u16),
            Part::Room => q.room = check(*role, *value, MAX_ROOM)? as u32,
        }
    }
    Ok(q)
}

/// The outcome of matching a query against the site's units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Unique(UnitNo),
    Ambiguous(Vec<UnitNo>),
    NotFound,
}

/// Pure resolution: `candidates` are the site's units (or those sharing the room).
pub fn resolve(q: &UnitQuery, candidates: &[UnitNo]) -> Resolution {
    let mut hits: Vec<UnitNo> = candidates
        .iter()
        .copied()
        .filter(|u| u.matches(q))
        .collect();
    hits.sort();
    hits.dedup();
    match hits.len() {
        0 => Resolution::NotFound,
        1 => Resolution::Unique(hits[0]),
        _ => Resolution::Ambiguous(hits),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full(b: u16, e: u16, r: u32) -> Result<UnitQuery, UnitError> {
        Ok(UnitQuery {
            building: Some(b),
            entrance: Some(e),
            room: r,
        })
    }

    #[test]
    fn table() {
        let room_only = |r| {
            Ok(UnitQuery {
                building: None,
                entrance: None,
                room: r,
            })
        };
        let b_room = |b, r| {
            Ok(UnitQuery {
                building: Some(b),
                entrance: None,
                room: r,
            })
        };
        let cases: Vec<(&str, Result<UnitQuery, UnitError>)> = vec![
            ("3-2-1201", full(3, 2, 1201)),
            ("3/2/1201", full(3, 2, 1201)),
            ("3 2 1201", full(3, 2, 1201)),
            ("3  2   1201", full(3, 2, 1201)),
            ("3栋2单元1201", full(3, 2, 1201)),
            ("3栋2单元1201室", full(3, 2, 1201)),
            ("3号楼2单元1201", full(3, 2, 1201)),
            ("3号楼2单元1201号", full(3, 2, 1201)),
            ("3幢2单元1201室", full(3, 2, 1201)),
            ("3栋 2单元 1201", full(3, 2, 1201)),
            ("3栋2-1201", full(3, 2, 1201)),
            ("03-02-1201", full(3, 2, 1201)),
            ("３－２－１２０１", full(3, 2, 1201)),
            ("３栋２单元１２０１室", full(3, 2, 1201)),
            ("  3-2-1201  ", full(3, 2, 1201)),
            ("\u{3000}3-2-1201\u{3000}", full(3, 2, 1201)),
            ("3—2—1201", full(3, 2, 1201)),
            ("3.2.1201", full(3, 2, 1201)),
            ("3#2-1201", full(3, 2, 1201)),
            ("12-1-101", full(12, 1, 101)),
            ("1201", room_only(1201)),
            ("1201室", room_only(1201)),
            (" 0302 ", room_only(302)),
            ("10-1208", b_room(10, 1208)),
            ("10栋1208室", b_room(10, 1208)),
            ("10号楼1208", b_room(10, 1208)),
            ("", Err(UnitError::Empty)),
            ("   ", Err(UnitError::Empty)),
            ("abc", Err(UnitError::BadChar('a'))),
            ("3-2-12a1", Err(UnitError::BadChar('a'))),
            ("3--1201", Err(UnitError::EmptyPart)),
            ("3//1201", Err(UnitError::EmptyPart)),
            ("-1201", Err(UnitError::EmptyPart)),
            ("3-2-", Err(UnitError::EmptyPart)),
            (
                "99999999999",
                Err(UnitError::OutOfRange {
                    part: Part::Room,
                    value: 99_999_999_999,
                }),
            ),
            ("9999999999999999999999", Err(UnitError::TooLong)),
            ("1-2-3-4", Err(UnitError::TooManyParts)),
            ("3栋", Err(UnitError::MissingRoom)),
            ("3栋2单元", Err(UnitError::MissingRoom)),
            ("3单元2栋1201", Err(UnitError::Order)),
            (
                "0-2-1201",
                Err(UnitError::OutOfRange {
                    part: Part::Building,
                    value: 0,
                }),
            ),
            (
                "3-0-1201",
                Err(UnitError::OutOfRange {
                    part: Part::Entrance,
                    value: 0,
                }),
            ),
            (
                "3-100-1201",
                Err(UnitError::OutOfRange {
                    part: Part::Entrance,
                    value: 100,
                }),
            ),
            (
                "0",
                Err(UnitError::OutOfRange {
                    part: Part::Room,
                    value: 0,
                }),
            ),
            ("单元", Err(UnitError::Order)),
        ];
        assert!(cases.len() >= 30);
        for (input, want) in cases {
            assert_eq!(parse_unit(input), want, "input {input:?}");
        }
    }

    #[test]
    fn resolution() {
        let site = [
            UnitNo::new(3, 1, 1201),
            UnitNo::new(3, 2, 1201),
            UnitNo::new(8, 1, 3301),
            UnitNo::new(10, 0, 1208),
        ];
        let q = |s| parse_unit(s).unwrap();
        assert_eq!(resolve(&q("3-2-1201"), &site), Resolution::Unique(site[1]));
        assert_eq!(resolve(&q("3301"), &site), Resolution::Unique(site[2]));
        assert_eq!(
            resolve(&q("1201"), &site),
            Resolution::Ambiguous(vec![site[0], site[1]])
        );
        assert_eq!(
            resolve(&q("3-1201"), &site),
            Resolution::Ambiguous(vec![site[0], site[1]])
        );
        assert_eq!(resolve(&q("10-1208"), &site), Resolution::Unique(site[3]));
        assert_eq!(resolve(&q("5-1-1201"), &site), Resolution::NotFound);
    }

    #[test]
    fn written_forms() {
        let u = UnitNo::new(3, 2, 1201);
        assert_eq!(u.code(), "3-2-1201");
        assert_eq!(u.zh(), "3栋2单元1201室");
        assert_eq!(u.floor(), 12);
        assert_eq!(UnitNo::new(10, 0, 1208).zh(), "10栋1208室");
    }

    mod prop {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn format_then_parse(b in 1u16..=999, e in 0u16..=99, r in 1u32..=99_999) {
                let u = UnitNo::new(b, e, r);
                let back = parse_unit(&u.code()).unwrap();
                let zh = parse_unit(&u.zh()).unwrap();
                prop_assert_eq!(back, zh);
                prop_assert!(u.matches(&back));
                if e > 0 {
                    prop_assert_eq!(back.full(), Some(u));
                }
            }

            #[test]
            fn never_panics(s in "\\PC{0,24}") {
                let _ = parse_unit(&s);
            }
        }
    }
}
