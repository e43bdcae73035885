//! Words of the morning overview 今日.

#[derive(serde::Serialize)]
pub struct TodayTx {
    pub title: &'static str,
    pub heading: &'static str,
    pub overdue: &'static str,
    pub due_today: &'static str,
    pub callbacks: &'static str,
    pub keys: &'static str,
    pub promises: &'static str,
    pub handover: &'static str,
    pub no_handover: &'static str,
    pub emergencies: &'static str,
    pub late_heading: &'static str,
    pub promises_heading: &'static str,
    pub emergencies_heading: &'static str,
    /// `{} 逾期`.
    pub n_overdue: &'static str,
    /// `借出 {} · 逾期 {} · 今日应还 {}`.
    pub keys_line: &'static str,
    /// `#{} {} 交班，等待签收`.
    pub handover_line: &'static str,
    pub nothing: &'static str,
    pub go: &'static str,
}

pub const ZH: TodayTx = TodayTx {
    title: "今日",
    heading: "今日 · 需要处理的事",
    overdue: "超时工单",
    due_today: "今日到期",
    callbacks: "今日回访",
    keys: "钥匙",
    promises: "今日承诺",
    handover: "交接班",
    no_handover: "无待签收",
    emergencies: "紧急事件",
    late_heading: "▸ 超时工单（最早到期）",
    promises_heading: "▸ 今日到期的承诺",
    emergencies_heading: "▸ 未结紧急事件",
    n_overdue: "其中逾期 {}",
    keys_line: "借出 {} · 逾期 {} · 今日应还 {}",
    handover_line: "#{} {} 由 {} 交班，等待签收",
    nothing: "—",
    go: "前往",
};

pub const EN: TodayTx = TodayTx {
    title: "Today",
    heading: "Today · what needs doing",
    overdue: "Overdue tickets",
    due_today: "Due today",
    callbacks: "Callbacks due",
    keys: "Keys",
    promises: "Promises due",
    handover: "Handover",
    no_handover: "none to sign",
    emergencies: "Emergencies",
    late_heading: "▸ Overdue tickets (earliest first)",
    promises_heading: "▸ Promises due today",
    emergencies_heading: "▸ Open emergencies",
    n_overdue: "{} overdue",
    keys_line: "out {} · overdue {} · due back today {}",
    handover_line: "#{} {} from {}, waiting for a signature",
    nothing: "—",
    go: "go there",
};
