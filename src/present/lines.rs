//! Line helpers shared by the handover report and the register sections it
//! holds (`registers.rs`): a fixed text width, padding by display cells,
//! short times and wrapped paragraphs. Their own module so neither report
//! part imports the other's internals.

use crate::text::{width, wrap};
use chrono::NaiveDateTime;

/// Display cells per line of the report text.
pub const TEXT_WIDTH: usize = 76;

/// `s` padded with spaces to at least `cells`; never cut (ids, names).
pub(super) fn pad_min(s: &str, cells: usize) -> String {
    format!("{s}{}", " ".repeat(cells.saturating_sub(width(s))))
}

pub(super) fn hm(t: NaiveDateTime) -> String {
    t.format("%H:%M").to_string()
}

pub(super) fn mdhm(t: NaiveDateTime) -> String {
    t.format("%m-%d %H:%M").to_string()
}

/// `head` then `text` wrapped, continuation lines indented to `indent` cells.
pub(super) fn wrapped(out: &mut Vec<String>, head: &str, indent: usize, text: &str) {
    let first = TEXT_WIDTH.saturating_sub(width(head)).max(10);
    let lines = wrap(text, first);
    let first_line = lines.first().cloned().unwrap_or_default();
    out.push(format!("{head}{first_line}"));
    // Re-wrap the rest to the (wider) continuation width.
    let rest = text
        .chars()
        .skip(first_line.chars().count())
        .collect::<String>();
    let rest = rest.trim_start();
    if !rest.is_empty() {
        for l in wrap(rest, TEXT_WIDTH.saturating_sub(indent)) {
            out.push(format!("{}{l}", " ".repeat(indent)));
        }
    }
}
