//! What an operator typed into a lookup: a unit number, a phone number or
//! its tail, a name — or several at once (`1201` is a room and a phone
//! tail). Pure: the store runs the searches this describes and ranks by
//! `Rank`.

use super::unit::{parse_unit, UnitQuery};
use super::validate::normalize_digits;

/// The shortest phone tail worth searching: fewer digits match too many.
pub const MIN_TAIL: usize = 4;

/// The forms a query can take; more than one may be set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// A unit number in any form the parser knows.
    pub unit: Option<UnitQuery>,
    /// Digits only (separators dropped, full-width folded): a whole phone
    /// number or its last digits.
    pub digits: Option<String>,
    /// Text that may begin a person's or household's name.
    pub name: Option<String>,
}

/// How well a hit matches, best first: exact before partial.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Rank {
    Unit,
    PhoneExact,
    PhoneTail,
    NameExact,
    NamePrefix,
}

/// Read a query. Letters and CJK make it a name; digits (with spaces,
/// hyphens, a `+86`) a phone; anything `parse_unit` accepts a unit.
pub fn classify(text: &str) -> Query {
    let t = normalize_digits(text.trim());
    let t = t.trim();
    if t.is_empty() {
        return Query::default();
    }
    let unit = parse_unit(t).ok();
    let phone_like = t
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')'));
    let mut digits: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
    if let Some(rest) = digits.strip_prefix("86").filter(|_| t.starts_with('+')) {
        digits = rest.to_string();
    }
    let digits = (phone_like && digits.len() >= MIN_TAIL).then_some(digits);
    let has_letters = t.chars().any(|c| c.is_alphabetic());
    // A unit written in Chinese (3栋2单元1201) has letters but is no name.
    let name = (has_letters && unit.is_none()).then(|| t.to_string());
    Query { unit, digits, name }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let q = classify("1201");
        assert!(q.unit.is_some());
        assert_eq!(q.digits.as_deref(), Some("1201"));
        assert!(q.name.is_none());
        let q = classify("5678");
        assert_eq!(q.digits.as_deref(), Some("5678"));
        let q = classify("王");
        assert_eq!(q.name.as_deref(), Some("王"));
        assert!(q.unit.is_none() && q.digits.is_none());
        let q = classify("3栋2单元1201");
        assert!(q.unit.is_some() && q.name.is_none());
        let q = classify("+86 138-1234-5678");
        assert_eq!(q.digits.as_deref(), Some("13812345678"));
        let q = classify("１３８１２３４５６７８");
        assert_eq!(q.digits.as_deref(), Some("13812345678"));
        // Too few digits to be a tail; still a room.
        let q = classify("301");
        assert!(q.digits.is_none() && q.unit.is_some());
        assert_eq!(classify("  "), Query::default());
    }

    #[test]
    fn ranks_order_exact_first() {
        assert!(Rank::Unit < Rank::PhoneExact);
        assert!(Rank::PhoneTail < Rank::NameExact);
        assert!(Rank::NameExact < Rank::NamePrefix);
    }
}
