//! Refusals of bad input in both languages: a secret typed where it would
//! be seen, numbers out of range in the config, unknown codes in a filter,
//! text too long, a phone number that is not one.

use super::{fill, Lang};
use crate::domain::validate::PhoneError;

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
    /// The most characters allowed.
    pub too_long: &'static str,
    pub no_letters: &'static str,
    pub control_char: &'static str,
    pub phone_empty: &'static str,
    pub phone_character: &'static str,
    pub phone_parentheses: &'static str,
    pub phone_mobile: &'static str,
    pub phone_no_area: &'static str,
    pub phone_area: &'static str,
    pub phone_local: &'static str,
    pub phone_extension: &'static str,
    /// The unknown value, its flag, the valid ones.
    pub unknown_code: &'static str,
    /// A config file that cannot be read: the path.
    pub config_unreadable: &'static str,
    /// A config file that is not valid: the path, the parser's words.
    pub config_invalid: &'static str,
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
    too_long: "不能超过 {} 个字",
    no_letters: "要写文字，不能只有数字或符号",
    control_char: "不能含换行或控制字符",
    phone_empty: "没有号码",
    phone_character: "只能有数字、空格、-、+86、括号里的区号和“转”",
    phone_parentheses: "括号只能括在开头的区号上",
    phone_mobile: "手机号应为 1 开头的 11 位数字",
    phone_no_area: "座机号请加区号，如 021-62345678",
    phone_area: "区号不对（如 010、021、0755）",
    phone_local: "座机号应为 7 或 8 位，不以 0 开头",
    phone_extension: "分机号应为 1-6 位数字，手机号没有分机",
    unknown_code: "没有 {0}：{1} 可以是 {2}",
    config_unreadable: "读不到配置文件 {0}",
    config_invalid: "配置文件 {0} 有误：{1}",
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
    too_long: "at most {} characters",
    no_letters: "needs letters, not only digits or symbols",
    control_char: "no line breaks or control characters",
    phone_empty: "no number",
    phone_character: "only digits, spaces, -, +86, an area code in parentheses and 转",
    phone_parentheses: "parentheses only around the area code at the start",
    phone_mobile: "a mobile number is 11 digits starting with 1",
    phone_no_area: "a landline needs its area code, e.g. 021-62345678",
    phone_area: "not an area code (010, 021, 0755 …)",
    phone_local: "a landline number is 7 or 8 digits, not starting with 0",
    phone_extension: "an extension is 1-6 digits, and a mobile has none",
    unknown_code: "No {0} {1}: it may be {2}",
    config_unreadable: "Cannot read the config file {0}",
    config_invalid: "The config file {0} is not valid: {1}",
};

impl Lang {
    pub fn checks(self) -> &'static ChecksTx {
        &self.t().checks
    }

    /// Why a phone number was refused.
    pub fn phone_error(self, e: PhoneError) -> &'static str {
        let t = self.checks();
        match e {
            PhoneError::Empty => t.phone_empty,
            PhoneError::BadCharacter => t.phone_character,
            PhoneError::BadParentheses => t.phone_parentheses,
            PhoneError::BadMobile => t.phone_mobile,
            PhoneError::NoAreaCode => t.phone_no_area,
            PhoneError::BadAreaCode => t.phone_area,
            PhoneError::BadLocalNumber => t.phone_local,
            PhoneError::BadExtension => t.phone_extension,
        }
    }

    /// `--dept bogus`: the value, the flag, the valid ones.
    pub fn unknown_code(self, value: &str, flag: &str, valid: &[String]) -> String {
        fill(
            self.checks().unknown_code,
            &[&value, &flag, &valid.join(", ")],
        )
    }
}
