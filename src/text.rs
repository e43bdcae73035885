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
}
