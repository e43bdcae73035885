//! Printing helpers shared by the subcommands. Everything a command prints
//! to stdout goes through here:
//!
//! - a reader that went away (`frontdesk … | head -1`) ends the command
//!   quietly with exit 0 ([`CliError::Closed`]), like other Unix tools,
//!   instead of a panic and a backtrace;
//! - stored text cannot drive the terminal: every control character but the
//!   line breaks and tabs the command itself lays out with is shown as its
//!   picture (`␛`), so a description holding `\x1b[2J` prints as text.
//!   Fields that may hold line breaks or tabs of their own go through
//!   [`field`] first, so they cannot break a list's columns.
//!
//! Messages for the operator go to stderr with [`note`], which never fails.

use super::CliError;
use crate::domain::validate::inert;
use serde::Serialize;
use std::borrow::Cow;
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

/// Text exactly as the command lays it out, with every other control
/// character made visible.
fn layout_inert(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Cow::Borrowed(s);
    }
    let lines: Vec<String> = s
        .split('\n')
        .map(|l| {
            l.split('\t')
                .map(|cell| inert(cell).into_owned())
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect();
    Cow::Owned(lines.join("\n"))
}

fn write_out(s: &str) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(layout_inert(s).as_bytes())
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

/// A stored one-line field inside a laid-out line: its own line breaks and
/// tabs shown as `⏎` and a space, so they cannot break the columns.
pub fn field(s: &str) -> Cow<'_, str> {
    inert(s)
}

/// A message for the operator on stderr. A closed stderr is ignored: there
/// is nobody left to tell.
pub fn note(s: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", layout_inert(s));
}

pub fn json<T: Serialize>(v: &T) -> Result<(), CliError> {
    let s = serde_json::to_string_pretty(v).map_err(|e| CliError::Failed(e.to_string()))?;
    line(&s)
}

/// Yuan from cents: 3500 → "35.00".
pub fn yuan(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, (cents % 100).abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_pictures_but_the_layout_stays() {
        assert_eq!(layout_inert("a\tb\nc"), "a\tb\nc");
        assert_eq!(layout_inert("x\x1b[2Jy\tz\r\n"), "x␛[2Jy\tz␍\n");
        assert!(matches!(layout_inert("plain 文字"), Cow::Borrowed(_)));
        assert_eq!(field("a\tb\nc"), "a b⏎c");
    }
}
