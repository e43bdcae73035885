//! Work-order numbers 工程维修单号: gapless per year, e.g. `WX2026-000123`.

/// Format the `seq`-th order of `year`.
pub fn format(year: i32, seq: i64) -> String {
    format!("WX{year}-{seq:06}")
}

/// Parse `WX2026-000123` back into (year, seq).
pub fn parse(s: &str) -> Option<(i32, i64)> {
    let rest = s.trim().strip_prefix("WX")?;
    let (y, n) = rest.split_once('-')?;
    Some((y.parse().ok()?, n.parse().ok()?))
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trip() {
        assert_eq!(super::format(2026, 123), "WX2026-000123");
        assert_eq!(super::parse("WX2026-000123"), Some((2026, 123)));
        assert_eq!(super::parse("WX2026"), None);
    }
}
