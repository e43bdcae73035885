//! Printing helpers shared by the subcommands. Everything a command prints
//! to stdout goes through here:
//!
//! - a reader that went away (`frontdesk … | head -1`) ends the command
//!   quietly with exit 0 ([`CliError::Closed`]), like other Unix tools,
//!   instead of a panic and a backtrace.
//!
//! Messages for the operator go to stderr with [`note`], which never fails.

use super::CliError;
use serde::Serialize;
use std::io::Write;

/// `outln!("{} {}", a, b)?`: one line to stdout through [`line`].
macro_rules! outln {
    () => {
        $crate::cli::output::line("")
    };
    ($($arg:tt)*) => {
        $crate::cli::output::line(&format!($($arg)*))
    };
}
pub(crate) use outln;

fn write_out(s: &str) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(s.as_bytes())
        .and_then(|_| stdout.flush())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => CliError::Closed,
            _ => CliError::Failed(e.to_string()),
        })
}

/// Print `s` and a line break.
pub fn line(s: &str) -> Result<(), CliError> {
    let mut text = String::with_capacity(s.len() + 1);
    text.push_str(s);
    text.push('\n');
    write_out(&text)
}

/// Print `s` as it is (it carries its own line breaks).
pub fn text(s: &str) -> Result<(), CliError> {
    write_out(s)
}

/// A message for the operator on stderr. A closed stderr is ignored: there
/// is nobody left to tell.
pub fn note(s: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{s}");
}

pub fn json<T: Serialize>(v: &T) -> Result<(), CliError> {
    let s = serde_json::to_string_pretty(v).map_err(|e| CliError::Failed(e.to_string()))?;
    line(&s)
}

/// Yuan from cents: 3500 → "35.00".
pub fn yuan(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, (cents % 100).abs())
}
