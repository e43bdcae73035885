//! Labels of the command line's answers that used to print codes: deadline
//! statuses, the emergency record, events. Codes stay in `--json`.

use super::Lang;
use crate::domain::deadline::Shown;
use crate::domain::keys::KeyEventAction;

#[derive(serde::Serialize)]
pub struct ShowTx {
    pub pending: &'static str,
    pub overdue: &'static str,
    pub paused: &'static str,
    pub met: &'static str,
    pub missed: &'static str,
    pub void: &'static str,
    /// The emergency record's heading: who recorded it, when.
    pub record_title: &'static str,
    /// The board's compact line starts with this.
    pub record_short: &'static str,
    pub photos_none: &'static str,
    /// Who signed the record off, when.
    pub signed_off: &'static str,
    pub not_signed_off: &'static str,
    /// Copies out of a key: how many, of how many, who with which copy.
    pub keys_out: &'static str,
    /// One copy out: the borrower, the copy, due back when.
    pub key_out_one: &'static str,
    /// Between borrowers.
    pub list_sep: &'static str,
    /// Ticket events that are not steps.
    pub ev_create: &'static str,
    pub ev_callback: &'static str,
    /// Key events.
    pub ke_register: &'static str,
    pub ke_lend: &'static str,
    pub ke_return: &'static str,
    pub ke_withdraw: &'static str,
    pub ke_lost: &'static str,
    pub ke_damaged: &'static str,
    /// A loan's number.
    pub loan_no: &'static str,
    /// `--ticket` that is no ticket number.
    pub bad_ticket: &'static str,
    /// `--month` that is no month.
    pub bad_month: &'static str,
    pub key_or_loan: &'static str,
    pub cancelled: &'static str,
    /// A stale callback record: the callback, who, when, its version now.
    pub stale_callback: &'static str,
}

pub const ZH: ShowTx = ShowTx {
    pending: "未到期",
    overdue: "已超时",
    paused: "暂停",
    met: "按时",
    missed: "未按时",
    void: "作废",
    record_title: "紧急情况处理登记表（{0} 登记于 {1}）",
    record_short: "登记表",
    photos_none: "未拍照",
    signed_off: "主管签认：{0} {1}",
    not_signed_off: "待主管签认",
    keys_out: "已借出 {0}/{1}：{2}",
    key_out_one: "{0}（份{1}，应还 {2}）",
    list_sep: "、",
    ev_create: "登记",
    ev_callback: "回访",
    ke_register: "登记",
    ke_lend: "借出",
    ke_return: "归还",
    ke_withdraw: "退还业主",
    ke_lost: "丢失",
    ke_damaged: "损坏",
    loan_no: "借出#{}",
    bad_ticket: "--ticket {}：不是工单号（如 #36 或 36）",
    bad_month: "--month {}：月份应写成 2026-11 这样",
    key_or_loan: "请用 --key 或 --loan 指明归还哪一把",
    cancelled: "已取消",
    stale_callback: "回访 #{0} 已被 {1} 于 {2} 改过（版本 {3}）；这次没有保存。请用 frontdesk callbacks show {0} 核对，仍要记录就加 --expect-version {3} 再提交",
};

pub const EN: ShowTx = ShowTx {
    pending: "pending",
    overdue: "overdue",
    paused: "paused",
    met: "met",
    missed: "missed",
    void: "void",
    record_title: "Emergency record (recorded by {0} at {1})",
    record_short: "Record",
    photos_none: "No photos",
    signed_off: "Signed off: {0} {1}",
    not_signed_off: "Awaiting sign-off",
    keys_out: "out {0}/{1}: {2}",
    key_out_one: "{0} (copy {1}, due {2})",
    list_sep: ", ",
    ev_create: "registered",
    ev_callback: "callback",
    ke_register: "registered",
    ke_lend: "lent",
    ke_return: "returned",
    ke_withdraw: "back to owner",
    ke_lost: "lost",
    ke_damaged: "damaged",
    loan_no: "loan#{}",
    bad_ticket: "--ticket {}: not a ticket number (#36 or 36)",
    bad_month: "--month {}: write a month like 2026-11",
    key_or_loan: "Say which to take back: --key or --loan",
    cancelled: "Cancelled",
    stale_callback: "Callback #{0} was changed by {1} at {2} (version {3}); nothing was saved. Check it with frontdesk callbacks show {0} and, to go ahead, run again with --expect-version {3}",
};

impl Lang {
    pub fn show(self) -> &'static ShowTx {
        &self.t().show
    }

    /// A ticket event's action: a step's name, or registered / callback.
    pub fn event_action(self, code: &str) -> String {
        let t = self.show();
        match code {
            "create" => t.ev_create.to_string(),
            "callback" => t.ev_callback.to_string(),
            other => match other.parse::<crate::domain::Action>() {
                Ok(a) => self.action(a).to_string(),
                Err(_) => other.to_string(),
            },
        }
    }

    pub fn key_event(self, a: KeyEventAction) -> &'static str {
        let t = self.show();
        match a {
            KeyEventAction::Register => t.ke_register,
            KeyEventAction::Lend => t.ke_lend,
            KeyEventAction::Return => t.ke_return,
            KeyEventAction::Withdraw => t.ke_withdraw,
            KeyEventAction::Lost => t.ke_lost,
            KeyEventAction::Damaged => t.ke_damaged,
        }
    }

    /// A deadline's status as shown (see `deadline::shown`).
    pub fn deadline_shown(self, s: Shown) -> &'static str {
        let t = self.show();
        match s {
            Shown::Pending => t.pending,
            Shown::Overdue => t.overdue,
            Shown::Paused => t.paused,
            Shown::Met => t.met,
            Shown::Missed => t.missed,
            Shown::Void => t.void,
        }
    }
}
