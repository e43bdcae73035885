//! Words of the figures: the reports 报表 (screen and command line), the
//! printed forms and the exports. Each language's table lives here, beside
//! the struct.

#[derive(serde::Serialize)]
pub struct ReportsTx {
    /// The callback reason of an emergency's follow-up visit.
    pub reason_emergency_visit: &'static str,
}

pub const ZH: ReportsTx = ReportsTx {
    reason_emergency_visit: "紧急事件20天内上门回访",
};

pub const EN: ReportsTx = ReportsTx {
    reason_emergency_visit: "emergency follow-up visit (20 days)",
};
