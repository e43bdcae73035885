//! Labels of the command line's answers that used to print codes: deadline
//! statuses, the emergency record, events. Codes stay in `--json`.

use super::Lang;
use crate::domain::deadline::Shown;

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
};

impl Lang {
    pub fn show(self) -> &'static ShowTx {
        &self.t().show
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
