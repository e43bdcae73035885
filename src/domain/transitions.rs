//! The transition tables: for each kind, `(from, action) → to`, the role that
//! may take the step, the fields it needs and any guard — rows of the one
//! general machine (`domain::machine`). Screens ask this table what to offer,
//! the CLI asks it to validate, the store asks it again inside the write
//! transaction. Nothing else decides what is allowed.

use super::machine::{self, Machine, Refusal, Row};
use super::ticket::Severity;
use super::ticket::{
    coded_enum, Action, EscalateTo, Kind, NotifyTarget, ReplyVia, Role, State, Urgency,
};

coded_enum!(
    /// A piece of information a step needs.
    Field {
        Department => "dept",
        Technician => "tech",
        Reason => "reason",
        ResidentInformed => "informed",
        ResidentSigned => "signed",
        Fee => "fee",
        QuotedFee => "quote",
        Explanation => "explanation",
        Note => "note",
        Urgency => "urgency",
        DeveloperDefect => "developer_defect",
        ReplyVia => "via",
        EscalateTo => "escalate_to",
        NotifyTarget => "notify",
        Record => "record",
        ConvertTo => "convert_to",
    }
);

/// Extra conditions beyond role and fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    None,
    /// Only a callback outcome takes this step (rework, reopen).
    CallbackOnly,
    /// An operator may take it after a callback; otherwise a supervisor.
    CallbackOrSupervisor,
}

impl machine::Guard for Guard {
    /// Callback-only steps are taken by recording a callback, not offered.
    fn offered(self) -> bool {
        self != Guard::CallbackOnly
    }
}

impl machine::Permit<Role> for Role {
    fn may(&self, need: Role) -> bool {
        self.covers(need)
    }
}

/// One row of a kind's table (`target`, `manual` and `fields` come with
/// the machine's row).
pub type Transition = Row<State, Action, Field, Role, Guard>;

/// A kind's table as the general machine.
pub type TicketMachine = Machine<State, Action, Field, Role, Guard>;

/// What an emergency record (紧急情况处理登记表) holds.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EmergencyRecord {
    pub what: String,
    pub location: String,
    pub severity: Option<Severity>,
    pub responders: String,
    pub losses: String,
    pub photos_taken: bool,
    pub cause: String,
    pub measures: String,
}

impl EmergencyRecord {
    pub fn complete(&self) -> bool {
        !self.what.trim().is_empty()
            && !self.location.trim().is_empty()
            && self.severity.is_some()
            && !self.responders.trim().is_empty()
            && !self.cause.trim().is_empty()
            && !self.measures.trim().is_empty()
    }
}

/// The values an operator supplies with a step. Unused fields stay `None`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct StepInput {
    pub department: Option<String>,
    pub technician: Option<String>,
    pub reason: Option<String>,
    pub resident_informed: Option<bool>,
    pub resident_signed: Option<bool>,
    pub fee_cents: Option<i64>,
    pub quoted_fee_cents: Option<i64>,
    pub explanation: Option<String>,
    pub note: Option<String>,
    pub urgency: Option<Urgency>,
    pub developer_defect: Option<bool>,
    pub reply_via: Option<ReplyVia>,
    pub escalate_to: Option<EscalateTo>,
    pub notify: Option<NotifyTarget>,
    pub record: Option<EmergencyRecord>,
    pub convert_to: Option<Kind>,
    /// Set only by the store when a callback outcome drives the step.
    #[serde(skip)]
    pub via_callback: bool,
}

fn filled(s: &Option<String>) -> bool {
    s.as_deref().is_some_and(|v| !v.trim().is_empty())
}

impl StepInput {
    pub fn has(&self, f: Field) -> bool {
        match f {
            Field::Department => filled(&self.department),
            Field::Technician => filled(&self.technician),
            Field::Reason => filled(&self.reason),
            // A confirmation counts only when given as yes.
            Field::ResidentInformed => self.resident_informed == Some(true),
            Field::ResidentSigned => self.resident_signed.is_some(),
            Field::Fee => self.fee_cents.is_some(),
            Field::QuotedFee => self.quoted_fee_cents.is_some(),
            Field::Explanation => filled(&self.explanation),
            Field::Note => filled(&self.note),
            Field::Urgency => self.urgency.is_some(),
            Field::DeveloperDefect => self.developer_defect.is_some(),
            Field::ReplyVia => self.reply_via.is_some(),
            Field::EscalateTo => self.escalate_to.is_some(),
            Field::NotifyTarget => self.notify.is_some(),
            Field::Record => self.record.as_ref().is_some_and(|r| r.complete()),
            Field::ConvertTo => self.convert_to.is_some(),
        }
    }
}

/// Why the table refuses a step.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    #[error("{action} is not allowed for a {kind} in state {state}")]
    NotAllowed {
        kind: Kind,
        state: State,
        action: Action,
        allowed: Vec<Action>,
    },
    #[error("{action} needs the role {need}")]
    Role { action: Action, need: Role },
    #[error("{action} needs: {}", missing.iter().map(|f| f.code()).collect::<Vec<_>>().join(", "))]
    Missing { action: Action, missing: Vec<Field> },
    #[error("{action} is taken by recording a callback, not by hand")]
    CallbackOnly { action: Action },
    #[error("an escalated complaint is closed by a supervisor")]
    Escalated,
    #[error("the fee must not be negative")]
    NegativeFee,
}

use Action as A;
use Field as F;
use State as S;

const OPEN_REPAIR: &[State] = &[S::Registered, S::Dispatched, S::Accepted, S::OnHold];

/// A row of a kind's table; the kind names the table the row is in (rows
/// do not carry it).
macro_rules! t {
    ($kind:expr, $from:expr, $action:expr => $to:expr, $role:expr, req $req:expr, opt $opt:expr $(, $guard:expr)?) => {
        Transition {
            from: $from,
            action: $action,
            to: $to,
            role: $role,
            required: $req,
            optional: $opt,
            guard: t!(@guard $($guard)?),
        }
    };
    (@guard) => { Guard::None };
    (@guard $g:expr) => { $g };
}

/// Repair 报修 (000 §3, 002 3.1.6-3.1.7).
static REPAIR: &[Transition] = &[
    t!(Kind::Repair, &[S::Registered], A::Dispatch => Some(S::Dispatched), Role::Operator, req &[F::Department], opt &[F::Technician, F::Note]),
    t!(Kind::Repair, &[S::Dispatched], A::Reassign => None, Role::Operator, req &[F::Department], opt &[F::Technician, F::Note]),
    t!(Kind::Repair, &[S::Dispatched], A::Accept => Some(S::Accepted), Role::Operator, req &[], opt &[F::Technician, F::Note]),
    t!(Kind::Repair, &[S::Accepted], A::Hold => Some(S::OnHold), Role::Operator, req &[F::Reason, F::ResidentInformed], opt &[]),
    t!(Kind::Repair, &[S::OnHold], A::Resume => Some(S::Accepted), Role::Operator, req &[], opt &[F::Note]),
    t!(Kind::Repair, &[S::Accepted], A::Complete => Some(S::Done), Role::Operator, req &[F::ResidentSigned], opt &[F::Fee, F::Note]),
    t!(Kind::Repair, &[S::Dispatched, S::Accepted, S::OnHold], A::ReturnUnfinished => None, Role::Operator, req &[F::Reason], opt &[]),
    t!(Kind::Repair, &[S::Done], A::Close => Some(S::Closed), Role::Operator, req &[], opt &[F::Note]),
    t!(Kind::Repair, &[S::Done], A::Rework => Some(S::Dispatched), Role::Operator, req &[F::Reason], opt &[], Guard::CallbackOnly),
    t!(Kind::Repair, OPEN_REPAIR, A::Cancel => Some(S::Cancelled), Role::Operator, req &[F::Reason], opt &[]),
    t!(Kind::Repair, &[S::Registered], A::OutOfScope => Some(S::OutOfScope), Role::Operator, req &[F::Explanation], opt &[]),
];

/// Paid service 有偿服务: a repair with a quoted fee that finance confirms paid.
static PAID: &[Transition] = &[
    t!(Kind::PaidService, &[S::Registered], A::Dispatch => Some(S::Dispatched), Role::Operator, req &[F::Department, F::QuotedFee], opt &[F::Technician, F::Note]),
    t!(Kind::PaidService, &[S::Dispatched], A::Reassign => None, Role::Operator, req &[F::Department], opt &[F::Technician, F::Note]),
    t!(Kind::PaidService, &[S::Dispatched], A::Accept => Some(S::Accepted), Role::Operator, req &[], opt &[F::Technician, F::Note]),
    t!(Kind::PaidService, &[S::Accepted], A::Hold => Some(S::OnHold), Role::Operator, req &[F::Reason, F::ResidentInformed], opt &[]),
    t!(Kind::PaidService, &[S::OnHold], A::Resume => Some(S::Accepted), Role::Operator, req &[], opt &[F::Note]),
    t!(Kind::PaidService, &[S::Accepted], A::Complete => Some(S::Done), Role::Operator, req &[F::ResidentSigned, F::Fee], opt &[F::Note]),
    t!(Kind::PaidService, &[S::Dispatched, S::Accepted, S::OnHold], A::ReturnUnfinished => None, Role::Operator, req &[F::Reason], opt &[]),
    t!(Kind::PaidService, &[S::Done], A::ConfirmPayment => Some(S::Paid), Role::Operator, req &[], opt &[F::Note]),
    t!(Kind::PaidService, &[S::Paid], A::Close => Some(S::Closed), Role::Operator, req &[], opt &[F::Note]),
    t!(Kind::PaidService, &[S::Done, S::Paid], A::Rework => Some(S::Dispatched), Role::Operator, req &[F::Reason], opt &[], Guard::CallbackOnly),
    t!(Kind::PaidService, OPEN_REPAIR, A::Cancel => Some(S::Cancelled), Role::Operator, req &[F::Reason], opt &[]),
    t!(Kind::PaidService, &[S::Registered], A::OutOfScope => Some(S::OutOfScope), Role::Operator, req &[F::Explanation], opt &[]),
];

/// Complaint 投诉 (003 §7.7, 004 篇2 §2 and 篇5).
static COMPLAINT: &[Transition] = &[
    t!(Kind::Complaint, &[S::Registered], A::ClassifyValid => Some(S::Classified), Role::Operator, req &[F::Urgency], opt &[F::DeveloperDefect, F::Note]),
    t!(Kind::Complaint, &[S::Registered], A::ClassifyInvalid => Some(S::Invalid), Role::Supervisor, req &[], opt &[F::Note]),
    t!(Kind::Complaint, &[S::Invalid], A::Explain => Some(S::Explained), Role::Operator, req &[F::Explanation], opt &[F::ReplyVia]),
    t!(Kind::Complaint, &[S::Explained], A::Close => Some(S::Closed), Role::Operator, req &[], opt &[F::Note], Guard::CallbackOrSupervisor),
    t!(Kind::Complaint, &[S::Classified], A::Dispatch => Some(S::Dispatched), Role::Operator, req &[F::Department], opt &[F::Technician, F::Note]),
    t!(Kind::Complaint, &[S::Dispatched], A::Reassign => None, Role::Operator, req &[F::Department], opt &[F::Technician, F::Note]),
    t!(Kind::Complaint, &[S::Dispatched], A::Handle => Some(S::Handled), Role::Operator, req &[F::Note], opt &[]),
    t!(Kind::Complaint, &[S::Handled], A::Reply => Some(S::Replied), Role::Operator, req &[F::ReplyVia, F::Explanation], opt &[]),
    t!(Kind::Complaint, &[S::Replied], A::Close => Some(S::Closed), Role::Operator, req &[], opt &[F::Note], Guard::CallbackOrSupervisor),
    t!(Kind::Complaint, &[S::Replied, S::Closed], A::Reopen => Some(S::Dispatched), Role::Operator, req &[F::Reason], opt &[], Guard::CallbackOnly),
    t!(Kind::Complaint, &[S::Registered, S::Classified, S::Dispatched, S::Handled, S::Replied], A::Escalate => None, Role::Operator, req &[F::EscalateTo], opt &[F::Note]),
    t!(Kind::Complaint, &[S::Registered, S::Classified, S::Dispatched, S::Handled, S::Replied, S::Invalid], A::Contact => None, Role::Operator, req &[F::Note], opt &[F::ReplyVia]),
    t!(Kind::Complaint, &[S::Registered, S::Classified], A::Cancel => Some(S::Cancelled), Role::Operator, req &[F::Reason], opt &[]),
];

/// Emergency 紧急事件 (002 3.1.6 F, 003 §7.9): no work order first.
static EMERGENCY: &[Transition] = &[
    t!(Kind::Emergency, &[S::Registered, S::OnScene], A::Notify => None, Role::Operator, req &[F::NotifyTarget], opt &[F::Note]),
    t!(Kind::Emergency, &[S::Registered], A::ArriveOnScene => Some(S::OnScene), Role::Operator, req &[], opt &[F::Note]),
    t!(Kind::Emergency, &[S::OnScene, S::Recorded], A::Record => Some(S::Recorded), Role::Operator, req &[F::Record], opt &[F::Note]),
    t!(Kind::Emergency, &[S::Registered, S::OnScene, S::Recorded], A::LinkRepair => None, Role::Operator, req &[], opt &[F::Note]),
    t!(Kind::Emergency, &[S::Recorded], A::SignOff => Some(S::Closed), Role::Supervisor, req &[], opt &[F::Note]),
    t!(Kind::Emergency, &[S::Registered, S::OnScene], A::Cancel => Some(S::Cancelled), Role::Operator, req &[F::Reason], opt &[]),
];

/// Enquiry 咨询: answered on the spot, or turned into another kind.
static ENQUIRY: &[Transition] = &[
    t!(Kind::Enquiry, &[S::Registered], A::Answer => Some(S::Closed), Role::Operator, req &[F::Explanation], opt &[]),
    t!(Kind::Enquiry, &[S::Registered], A::Convert => Some(S::Converted), Role::Operator, req &[F::ConvertTo], opt &[F::Note]),
];

/// The table of one kind.
pub fn table(kind: Kind) -> &'static [Transition] {
    match kind {
        Kind::Repair => REPAIR,
        Kind::PaidService => PAID,
        Kind::Complaint => COMPLAINT,
        Kind::Emergency => EMERGENCY,
        Kind::Enquiry => ENQUIRY,
    }
}

/// The table of one kind as the general machine.
pub fn machine(kind: Kind) -> TicketMachine {
    Machine::new(table(kind))
}

/// The rule for `action` from `state`, if the table has one.
pub fn find(kind: Kind, state: State, action: Action) -> Option<&'static Transition> {
    machine(kind).find(state, action)
}

/// Steps an operator may offer for a ticket in `state` (callback-only ones excluded).
pub fn offered(kind: Kind, state: State) -> Vec<&'static Transition> {
    machine(kind).offered(state)
}

/// Facts about the ticket that guards look at.
#[derive(Debug, Clone, Copy, Default)]
pub struct TicketFacts {
    pub escalated: bool,
}

/// Validate a step. The store calls this inside its transaction.
pub fn check(
    kind: Kind,
    state: State,
    action: Action,
    role: Role,
    input: &StepInput,
    facts: TicketFacts,
) -> Result<&'static Transition, StepError> {
    let t = machine(kind)
        .check(
            state,
            action,
            &role,
            |f| input.has(f),
            |t| match t.guard {
                Guard::CallbackOnly if !input.via_callback => {
                    Err(StepError::CallbackOnly { action })
                }
                Guard::CallbackOrSupervisor
                    if !input.via_callback && !role.covers(Role::Supervisor) =>
                {
                    Err(StepError::Role {
                        action,
                        need: Role::Supervisor,
                    })
                }
                _ => Ok(()),
            },
        )
        .map_err(|r| match r {
            Refusal::NotAllowed { allowed, .. } => StepError::NotAllowed {
                kind,
                state,
                action,
                allowed,
            },
            Refusal::Role { action, need } => StepError::Role { action, need },
            Refusal::Missing { action, missing } => StepError::Missing { action, missing },
            Refusal::Guard(e) => e,
        })?;
    // 003: only supervisors close an escalated complaint. (Closing takes no
    // fields, so this comes after the machine's check as it came before the
    // fields' check.)
    if kind == Kind::Complaint
        && facts.escalated
        && t.to == Some(State::Closed)
        && !role.covers(Role::Supervisor)
    {
        return Err(StepError::Escalated);
    }
    if input.fee_cents.is_some_and(|f| f < 0) || input.quoted_fee_cents.is_some_and(|f| f < 0) {
        return Err(StepError::NegativeFee);
    }
    Ok(t)
}

/// States a kind can be in, in life-cycle order (for filters and reports).
pub fn states_of(kind: Kind) -> Vec<State> {
    machine(kind).states(State::Registered)
}

impl Field {
    /// Free-text fields (the others are choices, flags or amounts).
    pub fn is_text(self) -> bool {
        matches!(
            self,
            F::Department | F::Technician | F::Reason | F::Explanation | F::Note
        )
    }
}

#[cfg(test)]
mod tests;
