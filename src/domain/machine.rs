//! One table-driven state machine for everything with a life cycle: tickets
//! (`transitions`) and the desk's registers (`registers`). A table is data:
//! rows of `(from states, action) → to` (or stays), the role that may take
//! the step, the fields it needs and may take, and a guard for what a row
//! cannot say by itself. Screens ask `offered` what to show, the CLI and the
//! store ask `check` — the store again inside its write transaction — so no
//! caller decides by itself what is allowed.
//!
//! Generic over the state, action, field, role and guard types of a table:
//! nothing here knows tickets or registers.

use std::fmt::Debug;

/// Who may take a step: the acting person's standing (`Self`) against the
/// row's need (`Need`). Tickets use `Role` against `Role`.
pub trait Permit<Need> {
    fn may(&self, need: Need) -> bool;
}

/// A row's guard: extra conditions the table's owner checks (with facts the
/// table cannot know). `offered` says whether a person may pick the step at
/// all (a step only the system takes — a callback outcome, an expiry — is
/// not offered on screens or in the CLI).
pub trait Guard: Copy + PartialEq + Debug {
    fn offered(self) -> bool {
        true
    }
}

/// One rule of a table.
#[derive(Debug, Clone, Copy)]
pub struct Row<S: 'static, A, F: 'static, R, G> {
    /// The states the step may be taken from.
    pub from: &'static [S],
    pub action: A,
    /// `None`: the record stays in its state (a recorded step).
    pub to: Option<S>,
    /// The least standing that may take it.
    pub role: R,
    pub required: &'static [F],
    pub optional: &'static [F],
    pub guard: G,
}

impl<S: Copy, A: Copy, F: Copy, R: Copy, G: Guard> Row<S, A, F, R, G> {
    /// The state after the step.
    pub fn target(&self, from: S) -> S {
        self.to.unwrap_or(from)
    }
    /// Offered on screens and in the CLI (system-only steps are not).
    pub fn manual(&self) -> bool {
        self.guard.offered()
    }
    /// Every field the step takes, with whether it is required.
    pub fn fields(&self) -> impl Iterator<Item = (F, bool)> + '_ {
        self.required
            .iter()
            .map(|f| (*f, true))
            .chain(self.optional.iter().map(|f| (*f, false)))
    }
}

/// Why a table refuses a step. `Guard` carries the owner's own refusal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal<S, A, F, R, E> {
    /// No row for `action` from `from`; `allowed` lists the offered ones.
    NotAllowed {
        from: S,
        action: A,
        allowed: Vec<A>,
    },
    Role {
        action: A,
        need: R,
    },
    Missing {
        action: A,
        missing: Vec<F>,
    },
    Guard(E),
}

/// What `check` answers: the row, or why not.
pub type Checked<S, A, F, R, G, E> = Result<&'static Row<S, A, F, R, G>, Refusal<S, A, F, R, E>>;

/// A table with its queries.
#[derive(Debug, Clone, Copy)]
pub struct Machine<S: 'static, A: 'static, F: 'static, R: 'static, G: 'static> {
    rows: &'static [Row<S, A, F, R, G>],
}

impl<S, A, F, R, G> Machine<S, A, F, R, G>
where
    S: Copy + PartialEq,
    A: Copy + PartialEq,
    F: Copy,
    R: Copy,
    G: Guard,
{
    pub const fn new(rows: &'static [Row<S, A, F, R, G>]) -> Self {
        Machine { rows }
    }

    pub fn rows(&self) -> &'static [Row<S, A, F, R, G>] {
        self.rows
    }

    /// The rule for `action` from `from`, if the table has one.
    pub fn find(&self, from: S, action: A) -> Option<&'static Row<S, A, F, R, G>> {
        self.rows
            .iter()
            .find(|r| r.action == action && r.from.contains(&from))
    }

    /// The steps a person may be offered from `from`, in table order.
    pub fn offered(&self, from: S) -> Vec<&'static Row<S, A, F, R, G>> {
        self.rows
            .iter()
            .filter(|r| r.from.contains(&from) && r.manual())
            .collect()
    }

    /// Validate a step: a row exists, then `guard` (the owner's conditions,
    /// which may refuse with its own error), then the standing of `who`,
    /// then the required fields (`has` says which are given).
    pub fn check<P, E>(
        &self,
        from: S,
        action: A,
        who: &P,
        has: impl Fn(F) -> bool,
        guard: impl FnOnce(&'static Row<S, A, F, R, G>) -> Result<(), E>,
    ) -> Checked<S, A, F, R, G, E>
    where
        P: Permit<R>,
    {
        let row = self.find(from, action).ok_or_else(|| Refusal::NotAllowed {
            from,
            action,
            allowed: self.offered(from).iter().map(|r| r.action).collect(),
        })?;
        guard(row).map_err(Refusal::Guard)?;
        if !who.may(row.role) {
            return Err(Refusal::Role {
                action,
                need: row.role,
            });
        }
        let missing: Vec<F> = row.required.iter().copied().filter(|f| !has(*f)).collect();
        if !missing.is_empty() {
            return Err(Refusal::Missing { action, missing });
        }
        Ok(row)
    }

    /// The states the table reaches, in life-cycle order from `first`.
    pub fn states(&self, first: S) -> Vec<S> {
        let mut out = vec![first];
        for r in self.rows {
            for s in r.from.iter().copied().chain(r.to) {
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum S {
        Open,
        Shut,
    }
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum A {
        Close,
        Note,
        Auto,
    }
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum F {
        Why,
    }
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd)]
    struct Rank(u8);
    impl Permit<Rank> for Rank {
        fn may(&self, need: Rank) -> bool {
            self.0 >= need.0
        }
    }
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum G {
        None,
        System,
    }
    impl Guard for G {
        fn offered(self) -> bool {
            self != G::System
        }
    }

    static ROWS: &[Row<S, A, F, Rank, G>] = &[
        Row {
            from: &[S::Open],
            action: A::Close,
            to: Some(S::Shut),
            role: Rank(2),
            required: &[F::Why],
            optional: &[],
            guard: G::None,
        },
        Row {
            from: &[S::Open, S::Shut],
            action: A::Note,
            to: None,
            role: Rank(1),
            required: &[],
            optional: &[F::Why],
            guard: G::None,
        },
        Row {
            from: &[S::Open],
            action: A::Auto,
            to: Some(S::Shut),
            role: Rank(1),
            required: &[],
            optional: &[],
            guard: G::System,
        },
    ];
    const M: Machine<S, A, F, Rank, G> = Machine::new(ROWS);

    fn ok(_: &Row<S, A, F, Rank, G>) -> Result<(), &'static str> {
        Ok(())
    }

    #[test]
    fn offered_leaves_out_system_steps() {
        let offered: Vec<A> = M.offered(S::Open).iter().map(|r| r.action).collect();
        assert_eq!(offered, vec![A::Close, A::Note]);
        assert!(M.find(S::Open, A::Auto).is_some());
    }

    #[test]
    fn refusals_in_order() {
        let r = M.check(S::Shut, A::Close, &Rank(9), |_| true, ok);
        assert_eq!(
            r.unwrap_err(),
            Refusal::NotAllowed {
                from: S::Shut,
                action: A::Close,
                allowed: vec![A::Note]
            }
        );
        let r = M.check(S::Open, A::Close, &Rank(1), |_| false, ok);
        assert_eq!(
            r.unwrap_err(),
            Refusal::Role {
                action: A::Close,
                need: Rank(2)
            }
        );
        let r = M.check(S::Open, A::Close, &Rank(2), |_| false, ok);
        assert_eq!(
            r.unwrap_err(),
            Refusal::Missing {
                action: A::Close,
                missing: vec![F::Why]
            }
        );
        let r = M.check(S::Open, A::Close, &Rank(2), |_| true, |_| Err("no"));
        assert_eq!(r.unwrap_err(), Refusal::Guard("no"));
        let row = M.check(S::Open, A::Close, &Rank(2), |_| true, ok).unwrap();
        assert_eq!(row.target(S::Open), S::Shut);
        let row = M.check(S::Shut, A::Note, &Rank(1), |_| false, ok).unwrap();
        assert_eq!(row.target(S::Shut), S::Shut);
        assert_eq!(M.states(S::Open), vec![S::Open, S::Shut]);
    }
}
