//! The registers' vocabulary in both languages: registers, states, actions,
//! fields, kinds — each a `(中文, English)` pair, so a new variant without
//! its words does not compile — and the refusals of `domain::registers`.

use super::{fill, Lang};
use crate::domain::registers::{
    ConfirmVia, Duty, FeeItem, ItemKind, NotifyVia, Outstanding, PassKind, RAction, RField, RState,
    Register, RegisterError,
};

impl Lang {
    pub fn register_name(self, r: Register) -> &'static str {
        let (zh, en) = match r {
            Register::Visitor => ("访客", "Visitors"),
            Register::Parcel => ("快递", "Mail"),
            Register::Pass => ("放行", "Passes"),
            Register::Renovation => ("装修", "Renovation"),
            Register::MoveIn => ("入伙", "Move-in"),
            Register::MoveOut => ("迁出", "Move-out"),
        };
        self.pick(zh, en)
    }

    pub fn reg_state(self, s: RState) -> &'static str {
        let (zh, en) = match s {
            RState::New => ("新", "new"),
            RState::Inside => ("在内", "inside"),
            RState::Left => ("已离开", "left"),
            RState::Refused => ("已拒绝", "refused"),
            RState::Waiting => ("待取", "waiting"),
            RState::Notified => ("已通知", "notified"),
            RState::PickedUp => ("已取", "picked up"),
            RState::Returned => ("已退回", "returned"),
            RState::Issued => ("已开出", "issued"),
            RState::Used => ("已放行", "used"),
            RState::Expired => ("已过期", "expired"),
            RState::Cancelled => ("已作废", "cancelled"),
            RState::Applied => ("待审批", "applied"),
            RState::Approved => ("已批准", "approved"),
            RState::Rejected => ("未批准", "rejected"),
            RState::InProgress => ("施工中", "in progress"),
            RState::HiddenPassed => ("隐蔽已验", "hidden passed"),
            RState::Suspended => ("已停工", "suspended"),
            RState::Completed => ("已竣工", "completed"),
            RState::Accepted => ("已验收", "accepted"),
            RState::Refunded => ("已退押金", "refunded"),
            RState::Closed => ("已结案", "closed"),
            RState::Open => ("办理中", "open"),
            RState::Done => ("已办结", "done"),
        };
        self.pick(zh, en)
    }

    pub fn reg_action(self, a: RAction) -> &'static str {
        let (zh, en) = match a {
            RAction::In => ("来访登记", "sign in"),
            RAction::Refuse => ("拒绝进入", "refuse"),
            RAction::Out => ("离开", "sign out"),
            RAction::Receive => ("收件登记", "receive"),
            RAction::Notify => ("通知业户", "notify"),
            RAction::PickUp => ("取件", "pick up"),
            RAction::ReturnToSender => ("退回", "return to sender"),
            RAction::Issue => ("开放行条", "issue"),
            RAction::Use => ("放行", "mark used"),
            RAction::Expire => ("过期", "expire"),
            RAction::Cancel => ("作废", "cancel"),
            RAction::Apply => ("装修申请", "apply"),
            RAction::Papers => ("资料齐全", "papers complete"),
            RAction::Approve => ("批准", "approve"),
            RAction::Reject => ("不批准", "reject"),
            RAction::Pay => ("收费/押金", "payment"),
            RAction::Start => ("开工", "start"),
            RAction::WorkerPass => ("办出入证", "worker pass"),
            RAction::HotWork => ("办动火证", "hot-work permit"),
            RAction::RequestInspection => ("申请隐蔽验收", "request inspection"),
            RAction::PassHidden => ("隐蔽验收合格", "hidden works passed"),
            RAction::FailHidden => ("隐蔽验收不合格", "hidden works failed"),
            RAction::Violation => ("记录违规", "violation"),
            RAction::Suspend => ("停工", "suspend"),
            RAction::Resume => ("复工", "resume"),
            RAction::Complete => ("竣工", "complete"),
            RAction::Accept => ("竣工验收", "acceptance"),
            RAction::Refund => ("退押金", "refund deposit"),
            RAction::Close => ("结案", "close"),
            RAction::Open => ("开单（待补齐）", "open checklist"),
            RAction::Check => ("补记清单", "update checklist"),
            RAction::Finish => ("办结", "finish"),
        };
        self.pick(zh, en)
    }

    pub fn reg_field(self, f: RField) -> &'static str {
        let (zh, en) = match f {
            RField::Unit => ("房号", "Unit"),
            RField::Name => ("姓名", "Name"),
            RField::IdNumber => ("证件号", "ID number"),
            RField::Phone => ("电话", "Phone"),
            RField::Purpose => ("事由", "Purpose"),
            RField::People => ("人数", "People"),
            RField::Badge => ("通行证号", "Badge"),
            RField::Salesperson => ("推销人员", "Salesperson"),
            RField::Reason => ("原因", "Reason"),
            RField::Note => ("备注", "Note"),
            RField::ItemKind => ("类别", "Kind"),
            RField::Carrier => ("快递公司", "Carrier"),
            RField::Count => ("件数", "Count"),
            RField::Shelf => ("货架", "Shelf"),
            RField::Tracking => ("单号", "Tracking no."),
            RField::Addressee => ("收件人", "Addressee"),
            RField::Via => ("通知方式", "Told by"),
            RField::PickedBy => ("取件人", "Picked up by"),
            RField::Signed => ("已签收", "Signed"),
            RField::Items => ("物品及数量", "Items × qty"),
            RField::Vehicle => ("车牌", "Vehicle"),
            RField::ConfirmedBy => ("业主确认人", "Confirmed by"),
            RField::ConfirmedVia => ("确认方式", "Confirmed how"),
            RField::ConfirmedAt => ("确认时间", "Confirmed at"),
            RField::Approver => ("主管", "Supervisor"),
            RField::Contractor => ("施工单位", "Contractor"),
            RField::Responsible => ("负责人", "Responsible"),
            RField::Licence => ("资质已查验", "Licence checked"),
            RField::Scope => ("装修项目", "Scope"),
            RField::PlannedStart => ("计划开工", "Planned start"),
            RField::PlannedEnd => ("计划完工", "Planned end"),
            RField::PapersComplete => ("资料齐全", "Papers complete"),
            RField::FeeItem => ("项目", "Item"),
            RField::Amount => ("金额（元）", "Amount (yuan)"),
            RField::Receipt => ("收据号", "Receipt no."),
            RField::PassKind => ("证件类别", "Pass kind"),
            RField::ValidUntil => ("有效至", "Valid until"),
            RField::Certificate => ("操作证号", "Certificate"),
            RField::InspectionAt => ("验收时间", "Inspection at"),
            RField::Inspector => ("验收人", "Inspector"),
            RField::Deduction => ("扣款（元）", "Deduction (yuan)"),
            RField::PassesReturned => ("证件已退", "Passes returned"),
            RField::HouseholdKind => ("业户类别", "Household"),
            RField::Date => ("日期", "Date"),
            RField::Papers => ("入住资料", "Papers"),
            RField::IdCopy => ("身份证复印", "ID copy"),
            RField::Inspected => ("已验房", "Inspected"),
            RField::Keys => ("钥匙（把）", "Keys"),
            RField::KeyReceipt => ("钥匙回执号", "Key receipt"),
            RField::Meters => ("表底数", "Meter readings"),
            RField::FeesPaid => ("费用已缴", "Fees paid"),
            RField::Documents => ("文件已签", "Papers signed"),
            RField::Replace => ("替换现住户", "Replace current"),
            RField::KeysReturned => ("钥匙已交回", "Keys returned"),
        };
        self.pick(zh, en)
    }

    pub fn duty(self, d: Duty) -> &'static str {
        let (zh, en) = match d {
            Duty::Desk => ("前台人员", "desk staff"),
            Duty::Supervisor => ("主管", "a supervisor"),
            Duty::Gate => ("前台或安保人员", "desk or security staff"),
        };
        self.pick(zh, en)
    }

    pub fn item_kind(self, k: ItemKind) -> &'static str {
        let (zh, en) = match k {
            ItemKind::Letter => ("信件", "letter"),
            ItemKind::Registered => ("挂号信", "registered"),
            ItemKind::Parcel => ("包裹", "parcel"),
            ItemKind::Newspaper => ("报刊", "newspaper"),
        };
        self.pick(zh, en)
    }

    pub fn notify_via(self, v: NotifyVia) -> &'static str {
        let (zh, en) = match v {
            NotifyVia::Phone => ("电话", "phone"),
            NotifyVia::Sms => ("短信", "SMS"),
            NotifyVia::Slip => ("通知单", "slip"),
            NotifyVia::Wechat => ("微信", "WeChat"),
            NotifyVia::InPerson => ("当面", "in person"),
        };
        self.pick(zh, en)
    }

    pub fn confirm_via(self, v: ConfirmVia) -> &'static str {
        let (zh, en) = match v {
            ConfirmVia::Phone => ("电话", "phone"),
            ConfirmVia::InPerson => ("当面", "in person"),
            ConfirmVia::Letter => ("书面", "in writing"),
        };
        self.pick(zh, en)
    }

    pub fn fee_item(self, f: FeeItem) -> &'static str {
        let (zh, en) = match f {
            FeeItem::OwnerDeposit => ("业主押金", "owner's deposit"),
            FeeItem::Deposit => ("装修押金", "renovation deposit"),
            FeeItem::Supervision => ("监理费", "supervision fee"),
            FeeItem::PassDeposit => ("出入证押金", "pass deposit"),
            FeeItem::PassFee => ("出入证工本费", "pass fee"),
            FeeItem::Other => ("其他", "other"),
        };
        self.pick(zh, en)
    }

    pub fn pass_kind(self, k: PassKind) -> &'static str {
        let (zh, en) = match k {
            PassKind::Worker => ("出入证", "worker's pass"),
            PassKind::Temporary => ("临时出入证", "temporary pass"),
            PassKind::HotWork => ("动火证", "hot-work permit"),
        };
        self.pick(zh, en)
    }

    pub fn outstanding(self, o: &Outstanding) -> String {
        let t = &self.t().registers;
        match o {
            Outstanding::KeyLoan { hook, borrower } => fill(t.out_key, &[hook, borrower]),
            Outstanding::GoodsPass { no } => fill(t.out_pass, &[no]),
            Outstanding::Renovation { id } => fill(t.out_renovation, &[id]),
            Outstanding::WorkerPass { no } => fill(t.out_worker_pass, &[no]),
        }
    }

    pub fn register_error(self, e: &RegisterError) -> String {
        let t = &self.t().registers;
        let actions = |v: &[RAction]| {
            if v.is_empty() {
                self.t().errors.none.to_string()
            } else {
                v.iter()
                    .map(|a| format!("{}({})", self.reg_action(*a), a.code()))
                    .collect::<Vec<_>>()
                    .join("、")
            }
        };
        match e {
            RegisterError::NotAllowed {
                register,
                state,
                action,
                allowed,
            } => fill(
                t.e_not_allowed,
                &[
                    &self.reg_action(*action),
                    &self.reg_state(*state),
                    &self.register_name(*register),
                    &actions(allowed),
                ],
            ),
            RegisterError::Role { action, need } => {
                fill(t.e_role, &[&self.reg_action(*action), &self.duty(*need)])
            }
            RegisterError::Missing { action, missing } => fill(
                t.e_missing,
                &[
                    &self.reg_action(*action),
                    &missing
                        .iter()
                        .map(|f| self.reg_field(*f))
                        .collect::<Vec<_>>()
                        .join("、"),
                ],
            ),
            RegisterError::IdRequired => t.e_id_required.to_string(),
            RegisterError::Signature => t.e_signature.to_string(),
            RegisterError::NotConfirmed => t.e_not_confirmed.to_string(),
            RegisterError::NeedsApproval => t.e_needs_approval.to_string(),
            RegisterError::ApproverRole { name } => fill(t.e_approver_role, &[name]),
            RegisterError::WrongPin { name } => fill(t.e_wrong_pin, &[name]),
            RegisterError::PapersIncomplete => t.e_papers.to_string(),
            RegisterError::NoDeposit => t.e_no_deposit.to_string(),
            RegisterError::DeductionReason => t.e_deduction_reason.to_string(),
            RegisterError::PassExpired => t.e_pass_expired.to_string(),
            RegisterError::Outstanding(list) => fill(
                t.e_outstanding,
                &[&list
                    .iter()
                    .map(|o| self.outstanding(o))
                    .collect::<Vec<_>>()
                    .join("、")],
            ),
            RegisterError::TooLong { field, max } => {
                fill(t.e_too_long, &[&self.reg_field(*field), max])
            }
            RegisterError::OutOfRange { field, min, max } => {
                fill(t.e_range, &[&self.reg_field(*field), min, max])
            }
            RegisterError::Negative { field } => fill(t.e_negative, &[&self.reg_field(*field)]),
            RegisterError::BadIdNumber(_) => t.e_bad_id.to_string(),
            RegisterError::BadPhone => t.e_bad_phone.to_string(),
            RegisterError::EndBeforeStart => t.e_end_before_start.to_string(),
            RegisterError::TooLongValid { kind, days } => {
                fill(t.e_valid_too_long, &[&self.pass_kind(*kind), days])
            }
            RegisterError::InPast => t.e_in_past.to_string(),
            RegisterError::BadItems { line } => fill(t.e_items, &[line]),
            RegisterError::WrongPassKind => t.e_wrong_pass_kind.to_string(),
            RegisterError::NoHousehold(k) => fill(t.e_no_household, &[&self.household_kind(*k)]),
        }
    }
}
