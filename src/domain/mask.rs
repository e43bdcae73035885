//! Contact data is confidential (002 3.6.13): lists never show it whole.

/// `13812345678` → `138****5678`; short or odd numbers keep only the last 2.
pub fn phone(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let n = chars.len();
    if n == 0 {
        return String::new();
    }
    if n >= 7 {
        let head: String = chars[..3].iter().collect();
        let tail: String = chars[n - 4..].iter().collect();
        format!("{head}{}{tail}", "*".repeat(n - 7))
    } else {
        let keep = n.min(2);
        format!(
            "{}{}",
            "*".repeat(n - keep),
            chars[n - keep..].iter().collect::<String>()
        )
    }
}

/// ID numbers keep the first 3 and last 4 characters: `110***********123X`.
pub fn id_number(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let n = chars.len();
    if n == 0 {
        return String::new();
    }
    if n <= 7 {
        return "*".repeat(n);
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[n - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(n - 7))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks() {
        assert_eq!(phone("13812345678"), "138****5678");
        assert_eq!(phone(" 021-6234567 "), "021****4567");
        assert_eq!(phone("12345"), "***45");
        assert_eq!(phone(""), "");
        assert_eq!(id_number("11010119800101123X"), "110***********123X");
        assert_eq!(id_number("1234567"), "*******");
        assert_eq!(id_number(""), "");
    }

    #[test]
    fn masked_never_contains_the_middle() {
        let p = "13812345678";
        assert!(!phone(p).contains("1234"));
    }
}
