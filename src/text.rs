//! Display-width helpers: CJK characters take two cells, so text is measured
//! with unicode-width, never by bytes or chars.
//!
//! Stored text is shown inert: every helper that builds a cell or a line
//! ([`fit`], [`pad`], [`one_line`], [`wrap`]) shows control characters as
//! their pictures (`␛`), so an escape sequence typed into a description can
//! neither drive the terminal nor silently vanish. `domain::validate`
//! offers [`inert`] under its own name.

use std::borrow::Cow;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// A line break in one-line display.
pub const NEWLINE_MARK: char = '⏎';
/// A C1 control (U+0080..U+009F) has no picture in the U+2400 block.
pub const C1_MARK: char = '\u{FFFD}';

/// The visible picture of a control character: C0 and DEL from the
/// U+2400 Control Pictures block (ESC → `␛`, NUL → `␀`, DEL → `␡`), C1 as
/// U+FFFD. Non-controls map to themselves.
fn picture(c: char) -> char {
    match c {
        '\0'..='\u{1F}' => char::from_u32(0x2400 + c as u32).unwrap_or(C1_MARK),
        '\u{7F}' => '␡',
        '\u{80}'..='\u{9F}' => C1_MARK,
        _ => c,
    }
}

/// Stored text for a one-line display (a list row, a form field): every
/// control character becomes visible, so an escape sequence pasted into a
/// name cannot move the cursor, recolour the screen or retitle the
/// terminal, and nothing the person typed disappears (ratatui itself would
/// silently drop controls). A line break (`\n` or `\r\n`) shows as `⏎`; a
/// tab as a space, since whitespace is what the writer meant. Borrowed when
/// there is nothing to change.
pub fn inert(s: &str) -> Cow<'_, str> {
    render(s, false)
}

/// As [`inert`], but line breaks stay line breaks (`\r\n` becomes `\n`) for
/// multi-line views such as a description. Tabs become spaces here too:
/// the terminal would expand a raw tab to a width the layout cannot know.
pub fn inert_multiline(s: &str) -> Cow<'_, str> {
    render(s, true)
}

fn render(s: &str, multiline: bool) -> Cow<'_, str> {
    let plain = |c: char| !c.is_control() || (multiline && c == '\n');
    if s.chars().all(plain) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // A Windows line end is one line break, not two characters.
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' if multiline => out.push('\n'),
            '\n' => out.push(NEWLINE_MARK),
            '\t' => out.push(' '),
            c => out.push(picture(c)),
        }
    }
    Cow::Owned(out)
}

/// Cut `s` to at most `max` cells, ending with "…" when it was cut; control
/// characters shown inert.
pub fn fit(s: &str, max: usize) -> String {
    let s = &*inert(s);
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `fit`, then pad with spaces to exactly `cells` wide.
pub fn pad(s: &str, cells: usize) -> String {
    let mut out = fit(s, cells);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cells.saturating_sub(w)));
    out
}

/// One line: newlines and tabs become spaces (for list cells), any other
/// control character its picture.
pub fn one_line(s: &str) -> String {
    let joined = s
        .split(['\n', '\r', '\t'])
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    inert(&joined).into_owned()
}

/// Characters that must not start a line: they stay with what precedes them.
const CLOSING: &str = "）)，,。.、；;：:！!？?」』》”’%";

/// Wrap `text` to `cells`. CJK characters break anywhere; a run of other
/// characters (a number, a unit code, a word) moves to the next line whole
/// unless it is longer than a line; closing punctuation never starts a line.
pub fn wrap(text: &str, cells: usize) -> Vec<String> {
    let cells = cells.max(4);
    let mut out = Vec::new();
    for para in text.lines() {
        let para = &*inert(para);
        // Tokens: one wide character, a run of narrow non-space characters,
        // or a space; closing punctuation is glued to the token before it.
        let mut tokens: Vec<String> = Vec::new();
        for c in para.chars() {
            let c = if c == '\t' { ' ' } else { c };
            let wide = c.width().unwrap_or(0) > 1;
            let glue = CLOSING.contains(c) && !tokens.is_empty();
            let narrow_run = !wide
                && c != ' '
                && tokens.last().is_some_and(|t| {
                    let l = t.chars().last().unwrap_or(' ');
                    l != ' ' && l.width().unwrap_or(0) == 1
                });
            if glue || narrow_run {
                if let Some(t) = tokens.last_mut() {
                    t.push(c);
                }
            } else {
                tokens.push(c.to_string());
            }
        }
        let mut line = String::new();
        for tok in tokens {
            let w = width(&tok);
            if width(&line) + w <= cells {
                line.push_str(&tok);
                continue;
            }
            if tok == " " {
                out.push(std::mem::take(&mut line));
                continue;
            }
            if w <= cells {
                out.push(std::mem::take(&mut line));
                line = tok;
                continue;
            }
            // Longer than a line: break it where it must.
            for c in tok.chars() {
                if width(&line) + c.width().unwrap_or(0) > cells {
                    out.push(std::mem::take(&mut line));
                }
                line.push(c);
            }
        }
        out.push(line);
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out.into_iter().map(|l| l.trim_end().to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_width() {
        assert_eq!(width("3栋2单元"), 1 + 2 + 1 + 4);
        assert_eq!(fit("厨房水龙头漏水", 9), "厨房水龙…");
        assert_eq!(width(&fit("厨房水龙头漏水", 9)), 9);
        assert_eq!(fit("abc", 3), "abc");
        assert_eq!(pad("王", 4), "王  ");
        assert_eq!(width(&pad("厨房水龙头漏水", 6)), 6);
        assert_eq!(one_line("a\nb\tc"), "a b c");
    }

    #[test]
    fn cells_and_lines_are_inert() {
        assert_eq!(one_line("\x1b[2J清屏\x07"), "␛[2J清屏␇");
        assert_eq!(fit("\x1b[2Jabc", 10), "␛[2Jabc");
        assert_eq!(width(&fit("\x1b[2J厨房水龙头漏水", 9)), 9);
        assert_eq!(pad("a\x1bb", 4), "a␛b ");
        assert_eq!(wrap("x\x1b[2J\n\x07y", 20), vec!["x␛[2J", "␇y"]);
    }

    #[test]
    fn wrap_by_cells() {
        assert_eq!(wrap("一二三四五", 4), vec!["一二", "三四", "五"]);
        assert_eq!(wrap("ab\ncd", 10), vec!["ab", "cd"]);
        assert_eq!(wrap("", 10), vec![""]);
        // A number moves whole; closing punctuation stays on its line.
        assert_eq!(wrap("回电 11-23 03:00", 10), vec!["回电 11-23", "03:00"]);
        assert_eq!(wrap("回电 11-23 03:00", 8), vec!["回电", "11-23", "03:00"]);
        assert_eq!(wrap("一二三）四", 6), vec!["一二", "三）四"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("一二 03:00）", 7), vec!["一二", "03:00）"]);
        for l in wrap("答应 2-1-402 明早回电（王芳 11-23 03:00）", 12) {
            assert!(width(&l) <= 12, "{l}");
        }
    }
}
