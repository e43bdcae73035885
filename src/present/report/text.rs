//! A report as text: 80 columns for a printer or a terminal, and the
//! lines of one table for the 报表 screen.

use super::{duration_text, rate_text, Cell, Doc, Table};
use crate::i18n::Lang;
use crate::text::{fit, width};
use chrono::{Datelike, NaiveDateTime, Timelike};
use std::borrow::Cow;

/// A cell as text: times `MM-DD HH:MM` (`full_times`: `YYYY-MM-DD HH:MM:SS`).
pub fn cell_text(lang: Lang, c: &Cell, full_times: bool) -> String {
    match c {
        Cell::Empty => String::new(),
        Cell::Text(s) => s.clone(),
        Cell::Int(n) => n.to_string(),
        Cell::Rate(r) => rate_text(*r),
        Cell::Time(t) if full_times => crate::domain::time::Wall(*t).to_string(),
        Cell::Time(t) => short_time(*t),
        Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        Cell::Secs(s) => duration_text(lang, *s),
    }
}

/// `MM-DD HH:MM`, digit by digit: chrono's `format` reads its format
/// string again for every cell, which the monthly report's tens of
/// thousands of times felt (issue 15). The same text as
/// `t.format("%m-%d %H:%M")`.
fn short_time(t: NaiveDateTime) -> String {
    let mut b = *b"00-00 00:00";
    for (at, v) in [(0, t.month()), (3, t.day()), (6, t.hour()), (9, t.minute())] {
        b[at] = b'0' + (v / 10 % 10) as u8;
        b[at + 1] = b'0' + (v % 10) as u8;
    }
    String::from_utf8_lossy(&b).into_owned()
}

/// The table as lines no wider than `cells`: numbers right-aligned, groups
/// as heading lines, and a table wider than the page cut into column blocks
/// that each repeat the first column.
pub fn table_lines(lang: Lang, tb: &Table, cells: usize) -> Vec<String> {
    let mut out = Vec::new();
    write_table(lang, tb, cells, &mut |l| out.push(l.to_string()));
    out
}

/// `s` cut to `w` cells as [`fit`] cuts it, and its width; `sw` is
/// `width(s)`. Plain text that fits (nearly every cell) is borrowed.
fn fitted(s: &str, sw: usize, w: usize) -> (Cow<'_, str>, usize) {
    if sw <= w && !s.chars().any(char::is_control) {
        return (Cow::Borrowed(s), sw);
    }
    let f = fit(s, w);
    let fw = width(&f);
    (Cow::Owned(f), fw)
}

fn spaces(buf: &mut String, n: usize) {
    buf.extend(std::iter::repeat_n(' ', n));
}

/// [`table_lines`], each line handed to `sink` as it is laid out: the
/// report's text is written into one string instead of a `String` per
/// line and per padded cell (the monthly report on a 1M-ticket site has
/// ~100,000 lines).
fn write_table(lang: Lang, tb: &Table, cells: usize, sink: &mut dyn FnMut(&str)) {
    let n = tb.headers.len();
    if tb.rows.is_empty() {
        if !tb.empty.is_empty() {
            sink(&format!("  {}", tb.empty));
        }
        for note in &tb.notes {
            sink(&format!("  {note}"));
        }
        return;
    }
    // Each cell's text and width, computed once.
    // Text cells borrowed: most cells of the long lists are text.
    let texts: Vec<Vec<(Cow<'_, str>, usize)>> = tb
        .rows
        .iter()
        .map(|r| {
            r.cells
                .iter()
                .map(|c| {
                    let s = match c {
                        Cell::Text(s) => Cow::Borrowed(s.as_str()),
                        other => Cow::Owned(cell_text(lang, other, false)),
                    };
                    let w = width(&s);
                    (s, w)
                })
                .collect()
        })
        .collect();
    let grouped = tb.rows.iter().any(|r| !r.group.is_empty());
    let indent = if grouped { 2 } else { 0 };
    let mut widths: Vec<usize> = (0..n).map(|i| width(&tb.headers[i])).collect();
    for row in &texts {
        for (i, (_, w)) in row.iter().enumerate().take(n) {
            widths[i] = widths[i].max(*w);
        }
    }
    widths[0] += indent;
    // Column blocks: the first column and as many others as fit.
    let mut blocks: Vec<Vec<usize>> = Vec::new();
    let mut cur: Vec<usize> = Vec::new();
    let mut used = 2 + widths[0];
    for (i, w) in widths.iter().enumerate().skip(1) {
        if !cur.is_empty() && used + 2 + w > cells {
            blocks.push(std::mem::take(&mut cur));
            used = 2 + widths[0];
        }
        cur.push(i);
        used += 2 + w;
    }
    blocks.push(cur);
    let numeric: Vec<bool> = (0..n)
        .map(|i| {
            tb.rows
                .iter()
                .any(|r| r.cells.get(i).is_some_and(Cell::numeric))
        })
        .collect();
    // Column `i`'s cell `s` (of width `sw`): numbers right-aligned, the
    // rest padded on the right.
    let cell = |buf: &mut String, s: &str, sw: usize, i: usize| {
        let w = widths[i];
        let (f, fw) = fitted(s, sw, w);
        if numeric[i] && i > 0 {
            spaces(buf, w.saturating_sub(fw));
            buf.push_str(&f);
        } else {
            buf.push_str(&f);
            spaces(buf, w.saturating_sub(fw));
        }
    };
    let mut line = String::with_capacity(2 * cells + 16);
    // The line as laid out, without trailing blanks.
    let emit = |line: &mut String, sink: &mut dyn FnMut(&str)| {
        let keep = line.trim_end().len();
        line.truncate(keep);
        sink(line);
        line.clear();
    };
    let mut first = String::new();
    for (bi, block) in blocks.iter().enumerate() {
        if bi > 0 {
            emit(&mut line, sink);
        }
        line.push_str("  ");
        cell(&mut line, &tb.headers[0], width(&tb.headers[0]), 0);
        for &i in block {
            line.push_str("  ");
            cell(&mut line, &tb.headers[i], width(&tb.headers[i]), i);
        }
        emit(&mut line, sink);
        let rule: usize = 2 + widths[0] + block.iter().map(|&i| 2 + widths[i]).sum::<usize>();
        line.push_str("  ");
        line.push_str(&"─".repeat(rule.saturating_sub(2).min(cells.saturating_sub(2))));
        emit(&mut line, sink);
        let mut group = "";
        for (r, row) in tb.rows.iter().zip(&texts) {
            if r.group != group {
                group = &r.group;
                if !group.is_empty() {
                    // Headings and notes are not trimmed (as before).
                    sink(&format!("  {group}"));
                }
            }
            line.push_str("  ");
            if r.group.is_empty() {
                cell(&mut line, &row[0].0, row[0].1, 0);
            } else {
                first.clear();
                spaces(&mut first, indent);
                first.push_str(&row[0].0);
                cell(&mut line, &first, indent + row[0].1, 0);
            }
            for &i in block {
                line.push_str("  ");
                match row.get(i) {
                    Some((s, w)) => cell(&mut line, s, *w, i),
                    None => cell(&mut line, "", 0, i),
                }
            }
            emit(&mut line, sink);
        }
    }
    for note in &tb.notes {
        sink(&format!("  {note}"));
    }
}

/// The report as text for an 80-column printer or terminal.
pub fn doc_text(lang: Lang, doc: &Doc, cells: usize) -> String {
    let mut s = String::with_capacity(1 << 16);
    for l in [&doc.title, &doc.subtitle] {
        s.push_str(l);
        s.push('\n');
    }
    for tb in &doc.tables {
        s.push_str("\n■ ");
        s.push_str(&tb.title);
        s.push('\n');
        write_table(lang, tb, cells, &mut |l| {
            s.push_str(l);
            s.push('\n');
        });
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_time_is_chronos() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 3, 7).unwrap();
        for (h, m) in [(0, 0), (9, 5), (23, 59), (12, 30)] {
            let t = d.and_hms_opt(h, m, 59).unwrap();
            assert_eq!(short_time(t), t.format("%m-%d %H:%M").to_string());
        }
        let leap = d.and_hms_milli_opt(23, 59, 59, 1_500).unwrap();
        assert_eq!(short_time(leap), leap.format("%m-%d %H:%M").to_string());
        let full = crate::domain::time::Wall(leap).to_string();
        assert_eq!(full, leap.format("%Y-%m-%d %H:%M:%S").to_string());
    }

    /// The lines as the text report lays them out (as before the one-string
    /// writer): the first column as wide as its widest cell plus the group
    /// indent, wide characters padded by their cells, numbers right-aligned, a cell too wide cut with `…`,
    /// a control character shown as its picture, trailing blanks trimmed
    /// from rows but not from group headings and notes.
    #[test]
    fn table_lines_lay_out_cells() {
        let mut tb = Table::new("t", &["名称", "n", "note"]);
        tb.push("", vec![Cell::text("水电"), Cell::int(12), Cell::text("")]);
        tb.push(
            "组 ",
            vec![Cell::text("a\u{1b}b"), Cell::int(3), Cell::text("x")],
        );
        tb.notes.push("备注 ".into());
        assert_eq!(
            table_lines(Lang::Zh, &tb, 80),
            vec![
                "  名称     n  note",
                "  ────────────────",
                "  水电    12",
                "  组 ",
                "    a␛b    3  x",
                "  备注 ",
            ]
        );
        // A page narrower than the table: one column per block at least,
        // the rule no wider than the page.
        let mut tb = Table::new("t", &["k", "v"]);
        tb.push("", vec![Cell::text("一二三四五六"), Cell::int(1)]);
        assert_eq!(
            table_lines(Lang::Zh, &tb, 8),
            vec!["  k             v", "  ──────", "  一二三四五六  1"]
        );
        let mut tb = Table::new("t", &["k"]);
        tb.empty = "无".into();
        assert_eq!(table_lines(Lang::Zh, &tb, 80), vec!["  无"]);
    }
}
