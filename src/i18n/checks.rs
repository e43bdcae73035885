//! Refusals of bad input in both languages: a secret typed where it would
//! be seen, numbers out of range in the config, unknown codes in a filter,
//! text too long, a phone number that is not one.

use super::Lang;

#[derive(serde::Serialize)]
pub struct ChecksTx {
    /// `keys lend --id-no`: refused, and how to give it instead.
    pub id_no_in_argv: &'static str,
    /// Asking for the borrower's ID number at the terminal.
    pub id_prompt: &'static str,
    /// The config file, the key, the value, the lowest and highest allowed.
    pub config_range: &'static str,
    /// The config file, the key, the value.
    pub config_time: &'static str,
    /// The config file, complaint_after_days, complaint_within_days.
    pub config_after_within: &'static str,
    pub config_no_shift: &'static str,
    pub config_shift_code: &'static str,
    /// The config file, the code.
    pub config_shift_twice: &'static str,
    /// The config file, the time.
    pub config_shift_start: &'static str,
}

pub const ZH: ChecksTx = ChecksTx {
    id_no_in_argv: "证件号不能写在命令行上（ps 和命令历史里都看得到）：去掉 --id-no，运行时按提示输入；脚本从标准输入提供，顺序见 frontdesk keys lend --help",
    id_prompt: "借用人证件号：",
    config_range: "配置 {0}：{1} = {2} 超出范围，允许 {3} 到 {4}",
    config_time: "配置 {0}：{1} = {2} 不是时刻，应写成 09:00 这样",
    config_after_within: "配置 {0}：[callbacks] complaint_after_days = {1} 晚于 complaint_within_days = {2}",
    config_no_shift: "配置 {0}：[shifts] 至少要有一个班次",
    config_shift_code: "配置 {0}：[[shifts.shift]] 有班次的 code 是空的",
    config_shift_twice: "配置 {0}：班次 code \"{1}\" 用了两次",
    config_shift_start: "配置 {0}：两个班次都从 {1} 开始",
};

pub const EN: ChecksTx = ChecksTx {
    id_no_in_argv: "An ID number is not taken from the command line (ps and the shell history show it): drop --id-no and type it when asked; scripts give it on stdin, in the order frontdesk keys lend --help lists",
    id_prompt: "Borrower's ID number: ",
    config_range: "Config {0}: {1} = {2} is out of range: allowed {3} to {4}",
    config_time: "Config {0}: {1} = {2} is not a time: write it like 09:00",
    config_after_within: "Config {0}: [callbacks] complaint_after_days = {1} is later than complaint_within_days = {2}",
    config_no_shift: "Config {0}: [shifts] needs at least one shift",
    config_shift_code: "Config {0}: a [[shifts.shift]] has an empty code",
    config_shift_twice: "Config {0}: shift code \"{1}\" is used twice",
    config_shift_start: "Config {0}: two shifts start at {1}",
};

impl Lang {
    pub fn checks(self) -> &'static ChecksTx {
        &self.t().checks
    }
}
