//! Cell values as offices type them: full-width digits from a Chinese IME,
//! dates as 2019-06-15, 2019/6/15 or 2019年6月15日, areas with "㎡".

use chrono::{Datelike, Duration, NaiveDate};

pub const MAX_NAME: usize = 40;
pub const MAX_RELATION: usize = 20;
pub const MAX_HOUSEHOLD_NAME: usize = 100;
pub const MAX_NOTES: usize = 500;

/// Full-width ASCII and IME dashes to plain ASCII, trimmed.
pub fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '—' | '–' | '‐' | '‑' | '−' | '﹣' => '-',
            '。' => '.',
            _ => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Text of at most `max` characters; `Ok(None)` when empty.
pub fn text(cell: &str, max: usize) -> Result<Option<String>, usize> {
    let t = cell.trim();
    if t.is_empty() {
        Ok(None)
    } else if t.chars().count() > max {
        Err(max)
    } else {
        Ok(Some(t.to_string()))
    }
}

/// A date cell formatted as a number shows Excel's serial day: five digits
/// cover 1927-05 … 2173-10, all a move-in can be.
fn excel_serial(s: &str) -> Option<NaiveDate> {
    let n = s.strip_suffix(".0").unwrap_or(s);
    if n.len() != 5 || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // 1899-12-30 + n days is right for every date after February 1900.
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(Duration::days(n.parse().ok()?))
}

/// A date in the forms an office uses. Times after the date are ignored.
pub fn parse_date(cell: &str) -> Option<NaiveDate> {
    let s = fold(cell);
    let s = s.split([' ', 'T']).next().unwrap_or("");
    let date = if let Some(d) = excel_serial(s) {
        d
    } else if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        NaiveDate::parse_from_str(s, "%Y%m%d").ok()?
    } else {
        let s = s
            .replace(['年', '月'], "-")
            .replace('日', "")
            .replace(['/', '.'], "-");
        let parts: Vec<&str> = s.trim_end_matches('-').split('-').collect();
        let [y, m, d] = parts.as_slice() else {
            return None;
        };
        if y.len() != 4 {
            return None;
        }
        NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?
    };
    (1900..=2100).contains(&date.year()).then_some(date)
}

/// A floor area in m², with or without its unit.
pub fn parse_area(cell: &str) -> Option<f64> {
    let s = fold(cell);
    let s = ["平方米", "平米", "㎡", "m²", "m2", "M2"]
        .iter()
        .find_map(|u| s.strip_suffix(u))
        .unwrap_or(&s)
        .trim();
    let v: f64 = s.replace(',', "").parse().ok()?;
    (v > 0.0 && v < 100_000.0).then_some(v)
}

/// A floor: "12", "12层", "-1" (basement), "B1".
pub fn parse_floor(cell: &str) -> Option<i32> {
    let s = fold(cell);
    let s = s.strip_suffix('层').or(s.strip_suffix('F')).unwrap_or(&s);
    let v = match s.strip_prefix(['B', 'b']) {
        Some(b) => -b.parse::<i32>().ok()?,
        None => s.parse::<i32>().ok()?,
    };
    ((-9..=200).contains(&v) && v != 0).then_some(v)
}

/// A cell as a lookup key: folded, lower case, without spaces.
pub fn key(cell: &str) -> String {
    fold(cell)
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn dates() {
        for s in [
            "2019-06-15",
            "2019/6/15",
            "2019.6.15",
            "2019年6月15日",
            "２０１９年６月１５日",
            "20190615",
            "2019-06-15 00:00:00",
            "2019-06-15T08:30",
            "43631",
            "43631.0",
        ] {
            assert_eq!(parse_date(s), d(2019, 6, 15), "{s}");
        }
        for s in [
            "2019-13-01",
            "2019-02-30",
            "15/6/2019",
            "六月",
            "",
            "1850-01-01",
            "12345678",
        ] {
            assert_eq!(parse_date(s), None, "{s}");
        }
    }

    #[test]
    fn areas_and_floors() {
        assert_eq!(parse_area("89.5"), Some(89.5));
        assert_eq!(parse_area("132.00㎡"), Some(132.0));
        assert_eq!(parse_area("１１０平方米"), Some(110.0));
        assert_eq!(parse_area("1,200"), Some(1200.0));
        assert_eq!(parse_area("-3"), None);
        assert_eq!(parse_area("大"), None);
        assert_eq!(parse_floor("12"), Some(12));
        assert_eq!(parse_floor("12层"), Some(12));
        assert_eq!(parse_floor("B1"), Some(-1));
        assert_eq!(parse_floor("0"), None);
        assert_eq!(parse_floor("十二"), None);
    }

    #[test]
    fn text_limits() {
        assert_eq!(text("  ", 3), Ok(None));
        assert_eq!(text(" 王磊 ", 3), Ok(Some("王磊".into())));
        assert_eq!(text("王小磊磊", 3), Err(3));
    }
}
