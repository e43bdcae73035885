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
}

pub const ZH: ShowTx = ShowTx {
    pending: "未到期",
    overdue: "已超时",
    paused: "暂停",
    met: "按时",
    missed: "未按时",
    void: "作废",
};

pub const EN: ShowTx = ShowTx {
    pending: "pending",
    overdue: "overdue",
    paused: "paused",
    met: "met",
    missed: "missed",
    void: "void",
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
