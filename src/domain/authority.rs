//! Whose authority a step needs. The transition table names a role per
//! step; two rules add to it (a complaint closed without a callback, an
//! escalated complaint closed). The board offers every step and marks those
//! beyond the operator, so a supervisor at the desk can authorise them with
//! their PIN instead of the operator filling a form only to be refused.

use super::transitions::{Guard, TicketFacts, Transition};
use super::{Kind, Role, State};

/// The role `t` needs that `role` does not cover, or `None` when `role` may
/// take the step by hand.
pub fn needs(kind: Kind, t: &Transition, facts: TicketFacts, role: Role) -> Option<Role> {
    let mut need = t.role;
    if t.guard == Guard::CallbackOrSupervisor {
        need = need.max_desk(Role::Supervisor);
    }
    // 003: only supervisors close an escalated complaint.
    if kind == Kind::Complaint && facts.escalated && t.to == Some(State::Closed) {
        need = need.max_desk(Role::Supervisor);
    }
    (!role.covers(need)).then_some(need)
}

impl Role {
    /// The higher of two desk roles.
    fn max_desk(self, other: Role) -> Role {
        if self.covers(other) {
            self
        } else {
            other
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::transitions::find;
    use crate::domain::Action;

    #[test]
    fn beyond_an_operator() {
        let facts = TicketFacts::default();
        let invalid = find(Kind::Complaint, State::Registered, Action::ClassifyInvalid).unwrap();
        assert_eq!(
            needs(Kind::Complaint, invalid, facts, Role::Operator),
            Some(Role::Supervisor)
        );
        assert_eq!(
            needs(Kind::Complaint, invalid, facts, Role::Supervisor),
            None
        );
        let close = find(Kind::Complaint, State::Replied, Action::Close).unwrap();
        assert_eq!(
            needs(Kind::Complaint, close, facts, Role::Operator),
            Some(Role::Supervisor)
        );
        let dispatch = find(Kind::Repair, State::Registered, Action::Dispatch).unwrap();
        assert_eq!(needs(Kind::Repair, dispatch, facts, Role::Operator), None);
        let sign_off = find(Kind::Emergency, State::Recorded, Action::SignOff).unwrap();
        assert_eq!(needs(Kind::Emergency, sign_off, facts, Role::Manager), None);
    }
}
