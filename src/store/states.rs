//! The tickets' states in SQL, in the words the state indexes are built on.
//!
//! `tickets_state` and `tickets_department` keep only the tickets that are
//! not closed (migration 0015: nine in ten tickets of an older site are
//! closed, and nothing looks for those through a state index). SQLite uses
//! a partial index only for a statement that repeats the index's WHERE, so
//! every condition on states that leaves out the closed tickets says
//! `state <> 'closed'` too. A list of closed tickets is most of the table
//! and reads it in date order instead.

use crate::domain::State;

/// The WHERE of the partial state indexes, on a column `{alias}state`.
fn not_closed(alias: &str) -> String {
    format!("{alias}state <> '{}'", State::Closed.code())
}

/// `{alias}state IN (…)` for `states` (codes from the enum, never typed
/// text, so inlining them is safe), with the partial indexes' condition
/// in front when the closed state is not among them. `alias` is the
/// table's alias with its dot (`"t."`) or empty.
pub(crate) fn states_in(alias: &str, states: &[State]) -> String {
    let list = states
        .iter()
        .map(|s| format!("'{}'", s.code()))
        .collect::<Vec<_>>()
        .join(",");
    let among = format!("{alias}state IN ({list})");
    if states.contains(&State::Closed) {
        among
    } else {
        format!("{} AND {among}", not_closed(alias))
    }
}

/// The open tickets (the states that are not final), as `states_in`.
pub(crate) fn open_in(alias: &str) -> String {
    let open: Vec<State> = State::ALL
        .iter()
        .copied()
        .filter(|s| !s.is_final())
        .collect();
    states_in(alias, &open)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_tickets_are_asked_for_without_the_partial_condition() {
        assert_eq!(
            states_in("t.", &[State::Closed, State::Cancelled]),
            "t.state IN ('closed','cancelled')"
        );
        assert_eq!(
            states_in("", &[State::Cancelled]),
            "state <> 'closed' AND state IN ('cancelled')"
        );
        let open = open_in("t.");
        assert!(open.starts_with("t.state <> 'closed' AND t.state IN ('registered',"));
        assert!(
            !open.contains("'closed',") && !open.contains("'cancelled'"),
            "{open}"
        );
    }
}
