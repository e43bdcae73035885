//! The words of the audit trail that every database already numbers: those
//! migration 0011 wrote into `ticket_codes` with fixed numbers. The table is
//! append-only (its triggers refuse an update or a delete), so from that
//! version on these words are always there, and a step whose words are all
//! among them need not first insert its words (that statement was one in
//! fourteen of those a step runs). A word added to the program since still
//! goes through the insert.

use std::collections::HashSet;
use std::sync::OnceLock;

/// Migration 0011 as it ships: read here so the list cannot drift from what
/// the migration wrote.
const MIGRATION: &str = include_str!("migrations/0011_codes.sql");

/// The quoted words of the migration's first `INSERT INTO ticket_codes (id,
/// code) VALUES …;` (its numbered list).
fn parse(sql: &str) -> HashSet<&str> {
    let start = "INSERT INTO ticket_codes (id, code) VALUES";
    let Some(at) = sql.find(start) else {
        return HashSet::new();
    };
    let list = &sql[at + start.len()..];
    let list = &list[..list.find(';').unwrap_or(list.len())];
    // Every other piece between quotes is a word: `(1, 'create'), (2, …`.
    list.split('\'').skip(1).step_by(2).collect()
}

/// Whether `word` is one migration 0011 numbered.
pub(crate) fn numbered(word: &str) -> bool {
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| parse(MIGRATION)).contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Action, State};

    #[test]
    fn the_migrations_list_is_read_whole() {
        let words = parse(MIGRATION);
        assert_eq!(words.len(), 44, "{words:?}");
        for w in ["create", "callback", "link_repair", "closed"] {
            assert!(numbered(w), "{w}");
        }
        assert!(!numbered("no_such_word"));
        assert!(!numbered(""));
    }

    #[test]
    fn every_state_and_action_of_today_is_numbered() {
        // Not required for correctness (a new word is inserted), but a new
        // one should be noticed: each step would run the insert again.
        for s in State::ALL {
            assert!(numbered(s.code()), "state {}", s.code());
        }
        for a in Action::ALL {
            assert!(numbered(a.code()), "action {}", a.code());
        }
    }
}
