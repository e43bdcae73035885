//! The registers' life cycles as rows of the general machine. Each row:
//! from which states, the action, the state after (or stays), who may take
//! it, the fields it needs and may take, and its guard. A changed rule
//! shows in review as a changed line of `tests/registers_golden.rs`.

use super::{Duty, RAction, RField, RGuard, RState, Register};
use crate::domain::machine::{Machine, Row};

pub type RRow = Row<RState, RAction, RField, Duty, RGuard>;
pub type RMachine = Machine<RState, RAction, RField, Duty, RGuard>;

use Duty as D;
use RAction as A;
use RField as F;
use RState as S;

macro_rules! r {
    ($from:expr, $action:expr => $to:expr, $duty:expr, req $req:expr, opt $opt:expr $(, $guard:expr)?) => {
        RRow {
            from: $from,
            action: $action,
            to: $to,
            role: $duty,
            required: $req,
            optional: $opt,
            guard: r!(@guard $($guard)?),
        }
    };
    (@guard) => { RGuard::None };
    (@guard $g:expr) => { $g };
}

/// Visitors 来访登记 (002 2.8 4: every visitor registered; salespeople
/// refused and noted).
static VISITOR: &[RRow] = &[
    r!(&[S::New], A::In => Some(S::Inside), D::Desk,
        req &[F::Name, F::Unit, F::Purpose, F::People],
        opt &[F::IdNumber, F::Phone, F::Badge, F::Note], RGuard::IdBySetting),
    r!(&[S::New], A::Refuse => Some(S::Refused), D::Desk,
        req &[F::Reason], opt &[F::Name, F::Unit, F::Phone, F::Salesperson, F::Note]),
    r!(&[S::Inside], A::Out => Some(S::Left), D::Desk, req &[], opt &[F::Note]),
];

const WAITING: &[RState] = &[S::Waiting, S::Notified];

/// Mail and parcels 报刊/快递收发 (002 2.9, 4.7): registered post against a
/// signature; unclaimed items back to the sender (2.9 5).
static PARCEL: &[RRow] = &[
    r!(&[S::New], A::Receive => Some(S::Waiting), D::Desk,
        req &[F::Unit, F::ItemKind, F::Count],
        opt &[F::Carrier, F::Shelf, F::Tracking, F::Addressee, F::Note]),
    r!(WAITING, A::Notify => Some(S::Notified), D::Desk, req &[F::Via], opt &[F::Note]),
    r!(WAITING, A::PickUp => Some(S::PickedUp), D::Desk,
        req &[F::PickedBy], opt &[F::Signed, F::Note], RGuard::SignatureIfRegistered),
    r!(WAITING, A::ReturnToSender => Some(S::Returned), D::Desk, req &[F::Reason], opt &[F::Note]),
];

/// Goods release passes 物品放行条 (003 七(2)5): the person shows ID, the
/// desk reaches the owner; numbered, valid the day it is issued, used at
/// the gate.
static PASS: &[RRow] = &[
    r!(&[S::New], A::Issue => Some(S::Issued), D::Desk,
        req &[F::Unit, F::Name, F::IdNumber, F::Items],
        opt &[F::Phone, F::Vehicle, F::ConfirmedBy, F::ConfirmedVia, F::ConfirmedAt, F::Approver,
              F::Reason, F::Note],
        RGuard::OwnerOrOverride),
    r!(&[S::Issued], A::Use => Some(S::Used), D::Gate, req &[], opt &[F::Note], RGuard::ValidNow),
    r!(&[S::Issued], A::Cancel => Some(S::Cancelled), D::Desk, req &[F::Reason], opt &[]),
    r!(&[S::Issued], A::Expire => Some(S::Expired), D::Desk, req &[], opt &[], RGuard::System),
];

/// Work going on (or about to): fees, passes and violations are recorded.
const UNDER_WAY: &[RState] = &[S::Approved, S::InProgress, S::HiddenPassed];

/// Renovation 装修 (002 3.1.2-3.1.3; 003 七(2), 七(6); 004 篇3 3).
static RENOVATION: &[RRow] = &[
    r!(&[S::New], A::Apply => Some(S::Applied), D::Desk,
        req &[F::Unit, F::Name, F::Contractor, F::Responsible, F::Phone, F::Licence, F::Scope,
              F::PlannedStart, F::PlannedEnd],
        opt &[F::PapersComplete, F::Note]),
    r!(&[S::Applied], A::Papers => None, D::Desk, req &[F::PapersComplete], opt &[F::Note]),
    r!(&[S::Applied], A::Approve => Some(S::Approved), D::Supervisor,
        req &[], opt &[F::Note], RGuard::PapersIn),
    r!(&[S::Applied], A::Reject => Some(S::Rejected), D::Supervisor, req &[F::Reason], opt &[]),
    r!(&[S::Applied, S::Approved, S::InProgress, S::HiddenPassed], A::Pay => None, D::Desk,
        req &[F::FeeItem, F::Amount, F::Receipt], opt &[F::Note]),
    r!(&[S::Approved], A::Start => Some(S::InProgress), D::Desk,
        req &[], opt &[F::Note], RGuard::DepositPaid),
    r!(UNDER_WAY, A::WorkerPass => None, D::Desk,
        req &[F::PassKind, F::Name, F::IdNumber, F::ValidUntil], opt &[F::Note]),
    r!(&[S::InProgress, S::HiddenPassed], A::HotWork => None, D::Desk,
        req &[F::Name, F::IdNumber, F::Certificate, F::ValidUntil, F::Approver], opt &[F::Note],
        RGuard::Approval),
    r!(&[S::InProgress], A::RequestInspection => None, D::Desk,
        req &[F::InspectionAt], opt &[F::Note]),
    r!(&[S::InProgress], A::PassHidden => Some(S::HiddenPassed), D::Desk,
        req &[F::Inspector], opt &[F::Note]),
    r!(&[S::InProgress], A::FailHidden => None, D::Desk, req &[F::Inspector, F::Reason], opt &[]),
    r!(UNDER_WAY, A::Violation => None, D::Desk, req &[F::Reason], opt &[]),
    r!(UNDER_WAY, A::Suspend => Some(S::Suspended), D::Desk, req &[F::Reason], opt &[]),
    r!(&[S::Suspended], A::Resume => Some(S::InProgress), D::Supervisor, req &[], opt &[F::Note]),
    r!(&[S::HiddenPassed], A::Complete => Some(S::Completed), D::Desk, req &[], opt &[F::Note]),
    r!(&[S::Completed], A::Accept => Some(S::Accepted), D::Desk,
        req &[F::Inspector], opt &[F::Note]),
    r!(&[S::Accepted], A::Refund => Some(S::Refunded), D::Supervisor,
        req &[F::Amount, F::Receipt, F::PassesReturned], opt &[F::Deduction, F::Reason],
        RGuard::DeductionReason),
    r!(&[S::Refunded], A::Close => Some(S::Closed), D::Desk, req &[], opt &[F::Note]),
];

/// Move-in 入伙 (002 3.1.1 E-F; 003 七(1)): the checklist, then the household.
static MOVE_IN: &[RRow] = &[
    r!(&[S::New], A::Open => Some(S::Open), D::Desk,
        req &[F::Unit, F::HouseholdKind, F::Name], opt MOVE_IN_ITEMS),
    r!(&[S::Open], A::Check => None, D::Desk, req &[], opt MOVE_IN_ITEMS),
    r!(&[S::New, S::Open], A::Finish => Some(S::Done), D::Desk,
        req &[F::Unit, F::HouseholdKind, F::Name, F::Date, F::Papers, F::IdCopy, F::Inspected,
              F::Keys, F::KeyReceipt, F::Meters],
        opt &[F::Phone, F::IdNumber, F::FeesPaid, F::Documents, F::Replace, F::Note]),
    r!(&[S::Open], A::Cancel => Some(S::Cancelled), D::Desk, req &[F::Reason], opt &[]),
];

const MOVE_IN_ITEMS: &[RField] = &[
    F::Phone,
    F::IdNumber,
    F::Date,
    F::Papers,
    F::IdCopy,
    F::Inspected,
    F::Keys,
    F::KeyReceipt,
    F::Meters,
    F::FeesPaid,
    F::Documents,
    F::Note,
];

/// Move-out 迁出 (002 3.1.16): keys back, passes closed, the household
/// dated out.
static MOVE_OUT: &[RRow] = &[
    r!(&[S::New], A::Open => Some(S::Open), D::Desk,
        req &[F::Unit, F::HouseholdKind], opt MOVE_OUT_ITEMS),
    r!(&[S::Open], A::Check => None, D::Desk, req &[], opt MOVE_OUT_ITEMS),
    r!(&[S::New, S::Open], A::Finish => Some(S::Done), D::Desk,
        req &[F::Unit, F::HouseholdKind, F::Date, F::KeysReturned, F::Meters],
        opt &[F::FeesPaid, F::Note], RGuard::NothingOutstanding),
    r!(&[S::Open], A::Cancel => Some(S::Cancelled), D::Desk, req &[F::Reason], opt &[]),
];

const MOVE_OUT_ITEMS: &[RField] = &[F::Date, F::KeysReturned, F::Meters, F::FeesPaid, F::Note];

/// The rows of one register.
pub fn table(register: Register) -> &'static [RRow] {
    match register {
        Register::Visitor => VISITOR,
        Register::Parcel => PARCEL,
        Register::Pass => PASS,
        Register::Renovation => RENOVATION,
        Register::MoveIn => MOVE_IN,
        Register::MoveOut => MOVE_OUT,
    }
}

/// One register's table as the general machine.
pub fn machine(register: Register) -> RMachine {
    Machine::new(table(register))
}
