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
}

pub const ZH: ChecksTx = ChecksTx {
    id_no_in_argv: "证件号不能写在命令行上（ps 和命令历史里都看得到）：去掉 --id-no，运行时按提示输入；脚本从标准输入提供，顺序见 frontdesk keys lend --help",
    id_prompt: "借用人证件号：",
};

pub const EN: ChecksTx = ChecksTx {
    id_no_in_argv: "An ID number is not taken from the command line (ps and the shell history show it): drop --id-no and type it when asked; scripts give it on stdin, in the order frontdesk keys lend --help lists",
    id_prompt: "Borrower's ID number: ",
};

impl Lang {
    pub fn checks(self) -> &'static ChecksTx {
        &self.t().checks
    }
}
