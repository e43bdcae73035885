//! Words of `frontdesk doctor`: one line per check.

#[derive(serde::Serialize)]
pub struct DoctorTx {
    /// The three verdicts, padded to one width by the command.
    pub ok: &'static str,
    pub warn: &'static str,
    pub fail: &'static str,
    /// `数据库 {0}` — the path in use.
    pub db: &'static str,
    /// `{0}：文件不存在`.
    pub db_missing: &'static str,
    /// `配置 {0}`.
    pub config: &'static str,
    /// `配置 {0}：无此文件，使用默认值`.
    pub config_none: &'static str,
    /// `配置无效：{0}`.
    pub config_bad: &'static str,
    /// `数据库结构 第 {0} 版（本程序 第 {1} 版）`.
    pub schema: &'static str,
    /// `…较旧：下次打开时自动升级`.
    pub schema_older: &'static str,
    /// `…较新：请升级本程序`.
    pub schema_newer: &'static str,
    /// `不是 frontdesk 的数据库，或无法读取：{0}`.
    pub not_ours: &'static str,
    pub quick_ok: &'static str,
    /// `文件检查未通过：{0}`.
    pub quick_bad: &'static str,
    /// `节假日已录入：{0}`.
    pub calendar_ok: &'static str,
    /// `{0} 年节假日未录入：请在配置中补充 [calendar.year{0}]`.
    pub calendar_missing: &'static str,
    pub locked_none: &'static str,
    /// `{0} 人因 PIN 错误被锁定：{1}`.
    pub locked_some: &'static str,
    /// `文件权限 {0}`.
    pub modes_ok: &'static str,
    /// `{0} 为 {1}：其他用户可读写，应为 0600（共享时 0660）`.
    pub modes_world: &'static str,
    /// `{0} 为 {1}：同组用户可读写，但配置未设 shared_group`.
    pub modes_group: &'static str,
    /// `配置 {0} 为 {1}：其他用户可写`.
    pub config_writable: &'static str,
    /// Closing line: `{0} 项正常，{1} 项提醒，{2} 项失败`.
    pub summary: &'static str,
}

pub const ZH: DoctorTx = DoctorTx {
    ok: "正常",
    warn: "提醒",
    fail: "失败",
    db: "数据库 {0}",
    db_missing: "数据库 {0}：文件不存在（frontdesk init --db {0}）",
    config: "配置 {0}",
    config_none: "配置 {0}：无此文件，使用默认值",
    config_bad: "配置无效：{0}",
    schema: "数据库结构第 {0} 版（本程序第 {1} 版）",
    schema_older: "数据库结构第 {0} 版，本程序第 {1} 版：下次打开时自动升级",
    schema_newer: "数据库结构第 {0} 版，比本程序（第 {1} 版）新：请升级本程序",
    not_ours: "无法读取数据库：{0}",
    quick_ok: "文件快速检查通过（quick_check）",
    quick_bad: "文件快速检查未通过：{0}",
    calendar_ok: "节假日已录入：{0}",
    calendar_missing: "{0} 年节假日未录入，时限按周末推算：请在配置中补充 [calendar.year{0}]",
    locked_none: "无人因 PIN 错误被锁定",
    locked_some: "{0} 人因 PIN 错误被锁定：{1}",
    modes_ok: "文件权限 {0}",
    modes_world: "{0} 权限为 {1}：其他用户可访问，应为 0600（多账户共享时 0660）",
    modes_group: "{0} 权限为 {1}：同组用户可访问，但配置未设 [database] shared_group",
    config_writable: "配置 {0} 权限为 {1}：其他用户可写",
    summary: "{0} 项正常，{1} 项提醒，{2} 项失败",
};

pub const EN: DoctorTx = DoctorTx {
    ok: "ok",
    warn: "warn",
    fail: "FAIL",
    db: "database {0}",
    db_missing: "database {0}: no such file (frontdesk init --db {0})",
    config: "config {0}",
    config_none: "config {0}: no such file, defaults used",
    config_bad: "config invalid: {0}",
    schema: "schema version {0} (this program {1})",
    schema_older: "schema version {0}, this program {1}: upgraded when next opened",
    schema_newer: "schema version {0} is newer than this program's ({1}): upgrade the program",
    not_ours: "cannot read the database: {0}",
    quick_ok: "quick check of the file passed",
    quick_bad: "quick check of the file failed: {0}",
    calendar_ok: "holiday lists known: {0}",
    calendar_missing: "no holiday list for {0}: deadlines count weekends only; add [calendar.year{0}] to the config",
    locked_none: "nobody locked out by wrong PINs",
    locked_some: "{0} locked out by wrong PINs: {1}",
    modes_ok: "file modes {0}",
    modes_world: "{0} is mode {1}: others can reach it; it should be 0600 (0660 when shared)",
    modes_group: "{0} is mode {1}: its group can reach it, but [database] shared_group is not set",
    config_writable: "config {0} is mode {1}: others can write it",
    summary: "{0} ok, {1} warnings, {2} failed",
};
