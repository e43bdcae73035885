//! The desk's other registers 登记 (002 2.8-2.9, 3.1.1-3.1.4, 3.1.16, 4.7;
//! 003 七(1), 七(2), 七(6); 004 篇3 3, 篇4 4): visitors 来访, mail and parcels
//! 报刊/快递, goods release passes 物品放行条, renovations 装修, move-in 入伙
//! and move-out 迁出. Each life cycle is a table of the one general machine
//! (`domain::machine`, as the tickets' are): the screens ask it what to offer,
//! the CLI and the store ask it to check, the store again inside its write.
//!
//! One vocabulary of states, actions and fields serves the six tables, so
//! the words (i18n), the audit rows and the step forms are shared. Pure: the
//! store gathers the facts a guard needs inside its transaction.

mod input;
mod tables;

pub use input::{parse_items, PassItem, RInput};
pub use tables::{machine, table, RMachine, RRow};

use super::household::check_id_number;
use super::import::IdProblem;
use super::machine::{Permit, Refusal};
use super::ticket::{coded_enum, Role};
use chrono::{Duration, NaiveDate, NaiveDateTime};

coded_enum!(
    /// The registers of the desk besides tickets.
    Register {
        Visitor => "visitor",
        Parcel => "parcel",
        Pass => "pass",
        Renovation => "renovation",
        MoveIn => "move_in",
        MoveOut => "move_out",
    }
);

coded_enum!(
    /// Every state a register uses; each table says which it reaches. `New`
    /// is where a record stands before its first step (nothing is stored in
    /// it: the first step creates the record).
    RState {
        New => "new",
        Inside => "inside",
        Left => "left",
        Refused => "refused",
        Waiting => "waiting",
        Notified => "notified",
        PickedUp => "picked_up",
        Returned => "returned",
        Issued => "issued",
        Used => "used",
        Expired => "expired",
        Cancelled => "cancelled",
        Applied => "applied",
        Approved => "approved",
        Rejected => "rejected",
        InProgress => "in_progress",
        HiddenPassed => "hidden_passed",
        Suspended => "suspended",
        Completed => "completed",
        Accepted => "accepted",
        Refunded => "refunded",
        Closed => "closed",
        Open => "open",
        Done => "done",
    }
);

impl RState {
    /// Nothing more is expected of the desk.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            RState::Left
                | RState::Refused
                | RState::PickedUp
                | RState::Returned
                | RState::Used
                | RState::Expired
                | RState::Cancelled
                | RState::Rejected
                | RState::Closed
                | RState::Done
        )
    }
}

coded_enum!(
    /// What the desk does to a register's record.
    RAction {
        In => "in",
        Refuse => "refuse",
        Out => "out",
        Receive => "receive",
        Notify => "notify",
        PickUp => "pickup",
        ReturnToSender => "return",
        Issue => "issue",
        Use => "use",
        Expire => "expire",
        Cancel => "cancel",
        Apply => "apply",
        Papers => "papers",
        Approve => "approve",
        Reject => "reject",
        Pay => "pay",
        Start => "start",
        WorkerPass => "worker_pass",
        HotWork => "hot_work",
        RequestInspection => "request_inspection",
        PassHidden => "pass_hidden",
        FailHidden => "fail_hidden",
        Violation => "violation",
        Suspend => "suspend",
        Resume => "resume",
        Complete => "complete",
        Accept => "accept",
        Refund => "refund",
        Close => "close",
        Open => "open",
        Check => "check",
        Finish => "finish",
    }
);

coded_enum!(
    /// A piece of information a register's step needs or takes.
    RField {
        Unit => "unit",
        Name => "name",
        IdNumber => "id_no",
        Phone => "phone",
        Purpose => "purpose",
        People => "people",
        Badge => "badge",
        Salesperson => "salesperson",
        Reason => "reason",
        Note => "note",
        ItemKind => "item_kind",
        Carrier => "carrier",
        Count => "count",
        Shelf => "shelf",
        Tracking => "tracking",
        Addressee => "addressee",
        Via => "via",
        PickedBy => "picked_by",
        Signed => "signed",
        Items => "items",
        Vehicle => "vehicle",
        ConfirmedBy => "confirmed_by",
        ConfirmedVia => "confirmed_via",
        ConfirmedAt => "confirmed_at",
        Approver => "approver",
        Contractor => "contractor",
        Responsible => "responsible",
        Licence => "licence",
        Scope => "scope",
        PlannedStart => "start",
        PlannedEnd => "end",
        PapersComplete => "papers_complete",
        FeeItem => "fee_item",
        Amount => "amount",
        Receipt => "receipt",
        PassKind => "pass_kind",
        ValidUntil => "valid_until",
        Certificate => "certificate",
        InspectionAt => "inspection_at",
        Inspector => "inspector",
        Deduction => "deduction",
        PassesReturned => "passes_returned",
        HouseholdKind => "household_kind",
        Date => "date",
        Papers => "papers",
        IdCopy => "id_copy",
        Inspected => "inspected",
        Keys => "keys",
        KeyReceipt => "key_receipt",
        Meters => "meters",
        FeesPaid => "fees_paid",
        Documents => "documents",
        Replace => "replace",
        KeysReturned => "keys_returned",
    }
);

coded_enum!(
    /// Who a register's step needs: desk staff (operators and above), a
    /// supervisor (or manager), or — at the gate — desk staff or a security
    /// guard (a member of the security department).
    Duty {
        Desk => "desk",
        Supervisor => "supervisor",
        Gate => "gate",
    }
);

/// The acting person as the registers' tables see them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Acting {
    pub role: Role,
    /// A member of the security department 安保部.
    pub security: bool,
}

impl Permit<Duty> for Acting {
    fn may(&self, need: Duty) -> bool {
        match need {
            Duty::Desk => self.role.covers(Role::Operator),
            Duty::Supervisor => self.role.covers(Role::Supervisor),
            Duty::Gate => self.role.covers(Role::Operator) || self.security,
        }
    }
}

/// A row's guard: what the row cannot say by itself, checked with the facts
/// the store gathers inside its write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RGuard {
    None,
    /// Taken by the system (an unused pass expires at the end of its day).
    System,
    /// The visitor's ID number is required when the site says so.
    IdBySetting,
    /// Registered post 挂号信 is handed over against the addressee's signature.
    SignatureIfRegistered,
    /// The owner confirmed (who, how, when) — or a supervisor overrides with
    /// a reason and their PIN.
    OwnerOrOverride,
    /// A supervisor approves at the desk with their PIN.
    Approval,
    /// The application is complete (its papers are in).
    PapersIn,
    /// A deposit was received.
    DepositPaid,
    /// A deduction from the deposit needs a reason.
    DeductionReason,
    /// The pass is still valid (its day has not ended).
    ValidNow,
    /// Nothing of the unit is still out: key loans, passes, renovations.
    NothingOutstanding,
}

impl RGuard {
    /// A stable name for the golden table ('' for none).
    pub fn code(self) -> &'static str {
        match self {
            RGuard::None => "",
            RGuard::System => "system",
            RGuard::IdBySetting => "id_by_setting",
            RGuard::SignatureIfRegistered => "signature_if_registered",
            RGuard::OwnerOrOverride => "owner_or_override",
            RGuard::Approval => "approval",
            RGuard::PapersIn => "papers_in",
            RGuard::DepositPaid => "deposit_paid",
            RGuard::DeductionReason => "deduction_reason",
            RGuard::ValidNow => "valid_now",
            RGuard::NothingOutstanding => "nothing_outstanding",
        }
    }
}

impl super::machine::Guard for RGuard {
    fn offered(self) -> bool {
        self != RGuard::System
    }
}

coded_enum!(
    /// Mail and parcels (002 2.9, 4.7).
    ItemKind {
        Letter => "letter",
        Registered => "registered",
        Parcel => "parcel",
        Newspaper => "newspaper",
    }
);

coded_enum!(
    /// How a resident was told a parcel is waiting.
    NotifyVia {
        Phone => "phone",
        Sms => "sms",
        Slip => "slip",
        Wechat => "wechat",
        InPerson => "in_person",
    }
);

coded_enum!(
    /// How the owner confirmed a goods release pass (003 七(2)5: 受理人和业主
    /// 取得联络).
    ConfirmVia {
        Phone => "phone",
        InPerson => "in_person",
        Letter => "letter",
    }
);

coded_enum!(
    /// What a renovation payment is (003 七(6): 业主押金, 装修押金; 002 3.1.3 E:
    /// 工程监理费, 出入证押金和工本费).
    FeeItem {
        OwnerDeposit => "owner_deposit",
        Deposit => "deposit",
        Supervision => "supervision",
        PassDeposit => "pass_deposit",
        PassFee => "pass_fee",
        Other => "other",
    }
);

impl FeeItem {
    /// Deposits are refunded at the end; fees are not.
    pub fn is_deposit(self) -> bool {
        matches!(
            self,
            FeeItem::OwnerDeposit | FeeItem::Deposit | FeeItem::PassDeposit
        )
    }
}

coded_enum!(
    /// A pass issued for a renovation (003 七(2)1-3).
    PassKind {
        Worker => "worker",
        Temporary => "temporary",
        HotWork => "hot_work",
    }
);

impl PassKind {
    /// The longest a pass of this kind may be valid, in days: a worker's
    /// pass 出入证 up to 3 months, a temporary one 3 days (003 七(2)1-2); a
    /// hot-work permit 动火证 is issued for a few days at a time.
    pub fn max_days(self) -> i64 {
        match self {
            PassKind::Worker => 92,
            PassKind::Temporary => 3,
            PassKind::HotWork => 7,
        }
    }
}

/// Something of a unit still out, which a move-out must wait for.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum Outstanding {
    /// A key of the unit is out on loan (`store::keys`).
    KeyLoan { hook: String, borrower: String },
    /// A goods release pass issued and not yet used.
    GoodsPass { no: String },
    /// A renovation not closed (nor rejected).
    Renovation { id: i64 },
    /// A renovation pass still valid.
    WorkerPass { no: String },
}

/// The site's settings for the registers (`[registers]` in the config).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterRules {
    /// A visitor's ID number is required (a site choice; 002 3.4.3 登记、验证).
    pub visitor_id_required: bool,
    /// Items waiting longer than this many days are listed for follow-up.
    pub parcel_follow_up_days: u32,
    /// The renovation hours the site allows, shown on every application.
    pub renovation_hours: String,
    /// A complete renovation application is approved within this many
    /// working days (003 七(6): 3个工作日之内完毕审批).
    pub renovation_approval_days: u32,
}

impl Default for RegisterRules {
    fn default() -> Self {
        RegisterRules {
            visitor_id_required: false,
            parcel_follow_up_days: 3,
            // 002 3.1.3 N.
            renovation_hours: "周一至周五 20:00-次日06:00；周六14:00-周一06:00".into(),
            renovation_approval_days: 3,
        }
    }
}

/// Facts about a record and the site that guards look at, gathered by the
/// store inside its write.
#[derive(Debug, Clone, Default)]
pub struct RFacts {
    pub visitor_id_required: bool,
    /// The parcel's kind (registered post needs a signature).
    pub item_kind: Option<ItemKind>,
    /// A supervisor named in the form proved their PIN (checked by the
    /// store before its write).
    pub approved: bool,
    /// The renovation's application is complete.
    pub papers_in: bool,
    /// A deposit was received for the renovation.
    pub deposit_paid: bool,
    /// When the pass stops being valid.
    pub valid_until: Option<NaiveDateTime>,
    pub now: Option<NaiveDateTime>,
    pub outstanding: Vec<Outstanding>,
}

/// Why a register's step is refused. Nothing quotes an ID number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegisterError {
    #[error("{action} is not allowed for a {register} record in state {state}")]
    NotAllowed {
        register: Register,
        state: RState,
        action: RAction,
        allowed: Vec<RAction>,
    },
    #[error("{action} needs {need}")]
    Role { action: RAction, need: Duty },
    #[error("{action} needs: {}", missing.iter().map(|f| f.code()).collect::<Vec<_>>().join(", "))]
    Missing {
        action: RAction,
        missing: Vec<RField>,
    },
    #[error("the site requires the visitor's ID number")]
    IdRequired,
    #[error("registered post is handed over against a signature")]
    Signature,
    #[error("the owner's confirmation (who, how, when) or a supervisor's override with a reason is needed")]
    NotConfirmed,
    #[error("a supervisor's approval with their PIN is needed")]
    NeedsApproval,
    #[error("{name} may not approve (supervisors and managers do)")]
    ApproverRole { name: String },
    #[error("wrong PIN for {name}")]
    WrongPin { name: String },
    #[error("the application is not complete yet")]
    PapersIncomplete,
    #[error("no deposit received yet")]
    NoDeposit,
    #[error("a deduction needs its reason")]
    DeductionReason,
    #[error("the pass expired at the end of its day")]
    PassExpired,
    #[error("still out for the unit: {}", .0.len())]
    Outstanding(Vec<Outstanding>),
    #[error("{field} is too long (at most {max} characters)")]
    TooLong { field: RField, max: usize },
    #[error("{field} must be a whole number from {min} to {max}")]
    OutOfRange { field: RField, min: i64, max: i64 },
    #[error("{field} must not be negative")]
    Negative { field: RField },
    #[error("invalid ID number")]
    BadIdNumber(IdProblem),
    #[error("invalid phone number")]
    BadPhone,
    #[error("the planned end is before the start")]
    EndBeforeStart,
    #[error("a {kind} pass is valid for at most {days} days")]
    TooLongValid { kind: PassKind, days: i64 },
    #[error("the date is in the past")]
    InPast,
    #[error("the item list cannot be read: line {line}")]
    BadItems { line: usize },
    #[error("that kind of pass is issued with its own step")]
    WrongPassKind,
    #[error("the unit has no current {0} household")]
    NoHousehold(super::household::HouseholdKind),
}

impl RegisterError {
    /// Input the operator can correct (as opposed to a refusal by the rules
    /// or the record's state; a required field left out is the table's
    /// refusal, as for tickets).
    pub fn is_input(&self) -> bool {
        matches!(
            self,
            RegisterError::IdRequired
                | RegisterError::TooLong { .. }
                | RegisterError::OutOfRange { .. }
                | RegisterError::Negative { .. }
                | RegisterError::BadIdNumber(_)
                | RegisterError::BadPhone
                | RegisterError::EndBeforeStart
                | RegisterError::TooLongValid { .. }
                | RegisterError::InPast
                | RegisterError::BadItems { .. }
                | RegisterError::WrongPassKind
        )
    }

    /// The field a refusal is about, for a form to mark.
    pub fn field(&self) -> Option<RField> {
        Some(match self {
            RegisterError::Missing { missing, .. } => *missing.first()?,
            RegisterError::IdRequired | RegisterError::BadIdNumber(_) => RField::IdNumber,
            RegisterError::Signature => RField::Signed,
            RegisterError::NotConfirmed => RField::ConfirmedBy,
            RegisterError::NeedsApproval | RegisterError::ApproverRole { .. } => RField::Approver,
            RegisterError::WrongPin { .. } => RField::Approver,
            RegisterError::PapersIncomplete => RField::PapersComplete,
            RegisterError::DeductionReason => RField::Reason,
            RegisterError::TooLong { field, .. }
            | RegisterError::OutOfRange { field, .. }
            | RegisterError::Negative { field } => *field,
            RegisterError::BadPhone => RField::Phone,
            RegisterError::EndBeforeStart => RField::PlannedEnd,
            RegisterError::TooLongValid { .. } | RegisterError::InPast => RField::ValidUntil,
            RegisterError::BadItems { .. } => RField::Items,
            RegisterError::WrongPassKind => RField::PassKind,
            RegisterError::Outstanding(_) => RField::KeysReturned,
            _ => return None,
        })
    }
}

/// Validate a step against the register's table and the guard's facts. The
/// store calls this inside its write transaction.
pub fn check(
    register: Register,
    state: RState,
    action: RAction,
    who: &Acting,
    input: &RInput,
    facts: &RFacts,
) -> Result<&'static RRow, RegisterError> {
    machine(register)
        .check(
            state,
            action,
            who,
            |f| input.has(f),
            |row| guard(row.guard, input, facts),
        )
        .map_err(|r| match r {
            Refusal::NotAllowed { allowed, .. } => RegisterError::NotAllowed {
                register,
                state,
                action,
                allowed,
            },
            Refusal::Role { action, need } => RegisterError::Role { action, need },
            Refusal::Missing { action, missing } => RegisterError::Missing { action, missing },
            Refusal::Guard(e) => e,
        })
}

fn guard(g: RGuard, input: &RInput, f: &RFacts) -> Result<(), RegisterError> {
    match g {
        RGuard::None | RGuard::System => Ok(()),
        RGuard::IdBySetting if f.visitor_id_required && !input.has(RField::IdNumber) => {
            Err(RegisterError::IdRequired)
        }
        RGuard::IdBySetting => Ok(()),
        RGuard::SignatureIfRegistered
            if f.item_kind == Some(ItemKind::Registered) && input.signed != Some(true) =>
        {
            Err(RegisterError::Signature)
        }
        RGuard::SignatureIfRegistered => Ok(()),
        RGuard::OwnerOrOverride => {
            let confirmed = input.has(RField::ConfirmedBy)
                && input.has(RField::ConfirmedVia)
                && input.has(RField::ConfirmedAt);
            let overridden = input.has(RField::Approver) && input.has(RField::Reason);
            if confirmed || (overridden && f.approved) {
                Ok(())
            } else if overridden {
                Err(RegisterError::NeedsApproval)
            } else {
                Err(RegisterError::NotConfirmed)
            }
        }
        RGuard::Approval if input.has(RField::Approver) && f.approved => Ok(()),
        RGuard::Approval => Err(RegisterError::NeedsApproval),
        RGuard::PapersIn if f.papers_in => Ok(()),
        RGuard::PapersIn => Err(RegisterError::PapersIncomplete),
        RGuard::DepositPaid if f.deposit_paid => Ok(()),
        RGuard::DepositPaid => Err(RegisterError::NoDeposit),
        RGuard::DeductionReason
            if input.deduction_cents.unwrap_or(0) > 0 && !input.has(RField::Reason) =>
        {
            Err(RegisterError::DeductionReason)
        }
        RGuard::DeductionReason => Ok(()),
        RGuard::ValidNow => match (f.valid_until, f.now) {
            (Some(until), Some(now)) if now > until => Err(RegisterError::PassExpired),
            _ => Ok(()),
        },
        RGuard::NothingOutstanding if f.outstanding.is_empty() => Ok(()),
        RGuard::NothingOutstanding => Err(RegisterError::Outstanding(f.outstanding.clone())),
    }
}

/// When a complete renovation application must be approved by: the end of
/// the N-th working day after it became complete (003 七(6)).
pub fn approval_due(
    calendar: &super::calendar::WorkCalendar,
    complete_at: NaiveDateTime,
    rules: &RegisterRules,
) -> NaiveDateTime {
    calendar.due_in_working_days(complete_at, rules.renovation_approval_days)
}

/// A goods release pass is valid until the end of the day it was issued.
pub fn pass_valid_until(issued_at: NaiveDateTime) -> NaiveDateTime {
    super::calendar::end_of_day(issued_at.date())
}

/// Check a renovation pass's validity: from `today` to `until` inclusive,
/// within the kind's limit.
pub fn check_pass_validity(
    kind: PassKind,
    today: NaiveDate,
    until: NaiveDate,
) -> Result<(), RegisterError> {
    if until < today {
        return Err(RegisterError::InPast);
    }
    let days = (until - today).num_days() + 1;
    if days > kind.max_days() {
        return Err(RegisterError::TooLongValid {
            kind,
            days: kind.max_days(),
        });
    }
    Ok(())
}

/// The year a gapless number belongs to and its text: `FX2026-000123` for a
/// goods release pass 放行, `SG2026-0042` for a renovation pass 施工.
pub fn pass_no(series: Series, year: i32, seq: i64) -> String {
    match series {
        Series::Goods => format!("FX{year}-{seq:06}"),
        Series::Renovation => format!("SG{year}-{seq:04}"),
    }
}

/// Gapless number series kept by the registers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Series {
    Goods,
    Renovation,
}

impl Series {
    pub fn code(self) -> &'static str {
        match self {
            Series::Goods => "goods_pass",
            Series::Renovation => "renovation_pass",
        }
    }
}

/// Whether a parcel has waited past the follow-up limit at `now`.
pub fn waiting_too_long(received_at: NaiveDateTime, now: NaiveDateTime, days: u32) -> bool {
    now - received_at > Duration::days(i64::from(days))
}

/// `3000` → 300000, `12.5` → 1250, `0.05` → 5; anything else `None`.
pub fn parse_yuan(text: &str) -> Option<i64> {
    let t = text.trim().trim_start_matches(['¥', '￥']);
    let (whole, frac) = match t.split_once('.') {
        Some((w, f)) => (w, f),
        None => (t, ""),
    };
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    if !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
    {
        return None;
    }
    let w: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let f: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    w.checked_mul(100)?.checked_add(f)
}

/// Cents as yuan: 300000 → `3000.00`.
pub fn yuan(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, (cents % 100).abs())
}

/// A normalised ID number ('' for none).
pub fn check_id(s: &str) -> Result<String, RegisterError> {
    check_id_number(s).map_err(|e| match e {
        super::household::HouseholdError::BadIdNumber(p) => RegisterError::BadIdNumber(p),
        _ => RegisterError::BadIdNumber(IdProblem::Form),
    })
}

#[cfg(test)]
mod tests;
