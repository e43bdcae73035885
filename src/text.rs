//! Display-width helpers: CJK characters take two cells, so text is measured
//! with unicode-width, never by bytes or chars.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cut `s` to at most `max` cells, ending with "…" when it was cut.
pub fn fit(s: &str, max: usize) -> String {
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

/// One line: newlines and tabs become spaces (for list cells).
pub fn one_line(s: &str) -> String {
    s.split(['\n', '\r', '\t'])
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
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
