//! Choices and yes/no fields. A focused choice shows its options with the
//! chosen one marked `◀ ▶`; an unfocused one shows only its value, so a
//! choice never looks like the field being typed into.

use crate::text::{fit, width};
use crate::tui::theme;
use ratatui::text::{Line, Span};

/// One of a list of (code, label) options.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Choice {
    options: Vec<(String, String)>,
    selected: usize,
}

/// The (code, label) options of a choice, one per value of `all`.
pub fn options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: impl Fn(T) -> String,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (code(*v).to_string(), label(*v)))
        .collect()
}

impl Choice {
    pub fn new(options: Vec<(String, String)>) -> Choice {
        Choice {
            options,
            selected: 0,
        }
    }

    /// The chosen option's code ("" when there are no options).
    pub fn code(&self) -> &str {
        self.options
            .get(self.selected)
            .map(|o| o.0.as_str())
            .unwrap_or("")
    }

    pub fn label(&self) -> &str {
        self.options
            .get(self.selected)
            .map(|o| o.1.as_str())
            .unwrap_or("")
    }

    pub fn options(&self) -> &[(String, String)] {
        &self.options
    }

    /// Choose by code; an unknown code leaves the choice as it was.
    pub fn set(&mut self, code: &str) -> bool {
        match self.options.iter().position(|o| o.0 == code) {
            Some(i) => {
                self.selected = i;
                true
            }
            None => false,
        }
    }

    /// New options, keeping the chosen code when it is still offered.
    pub fn set_options(&mut self, options: Vec<(String, String)>) {
        let current = self.code().to_string();
        self.selected = options.iter().position(|o| o.0 == current).unwrap_or(0);
        self.options = options;
    }

    pub fn next(&mut self) {
        let n = self.options.len().max(1);
        self.selected = (self.selected + 1) % n;
    }

    pub fn prev(&mut self) {
        let n = self.options.len().max(1);
        self.selected = (self.selected + n - 1) % n;
    }

    /// The line to draw in `cells` display cells.
    pub fn line(&self, focused: bool, cells: usize) -> Line<'static> {
        if !focused {
            return Line::from(Span::styled(
                fit(self.label(), cells),
                theme::option_selected(),
            ));
        }
        // All options inline when they fit, the chosen one reversed.
        let total: usize = self.options.iter().map(|o| width(&o.1) + 3).sum();
        if total + 4 <= cells {
            let mut spans = vec![Span::styled("◀ ", theme::dim())];
            for (i, (_, label)) in self.options.iter().enumerate() {
                let style = if i == self.selected {
                    theme::option_focus()
                } else {
                    theme::option()
                };
                spans.push(Span::styled(format!(" {label} "), style));
                spans.push(Span::raw(" "));
            }
            spans.push(Span::styled("▶", theme::dim()));
            return Line::from(spans);
        }
        let count = format!(" ▶ {}/{}", self.selected + 1, self.options.len());
        Line::from(vec![
            Span::styled("◀ ", theme::dim()),
            Span::styled(
                fit(self.label(), cells.saturating_sub(2 + width(&count))),
                theme::option_focus(),
            ),
            Span::styled(count, theme::dim()),
        ])
    }
}

/// A yes/no answer that starts unanswered: "not asked" differs from "no".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Toggle(pub Option<bool>);

impl Toggle {
    pub fn code(self) -> &'static str {
        match self.0 {
            Some(true) => "yes",
            Some(false) => "no",
            None => "",
        }
    }

    pub fn set_code(&mut self, code: &str) {
        self.0 = match code {
            "yes" | "true" | "1" => Some(true),
            "no" | "false" | "0" => Some(false),
            _ => None,
        };
    }

    pub fn flip(&mut self) {
        self.0 = Some(!self.0.unwrap_or(false));
    }

    pub fn line(self, focused: bool, yes: &str, no: &str, keys: &str) -> Line<'static> {
        let mark = |on: bool| match (on, focused) {
            (true, true) => theme::option_focus(),
            (true, false) => theme::option_selected(),
            _ => theme::option(),
        };
        if !focused {
            let text = match self.0 {
                Some(true) => yes,
                Some(false) => no,
                None => "-",
            };
            return Line::from(Span::styled(text.to_string(), mark(self.0.is_some())));
        }
        Line::from(vec![
            Span::styled(format!(" {yes} "), mark(self.0 == Some(true))),
            Span::raw(" "),
            Span::styled(format!(" {no} "), mark(self.0 == Some(false))),
            Span::styled(format!("  ({keys})"), theme::dim()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn abc() -> Choice {
        Choice::new(vec![
            ("a".into(), "甲".into()),
            ("b".into(), "乙".into()),
            ("c".into(), "丙".into()),
        ])
    }

    #[test]
    fn cycles_and_keeps_the_code_across_new_options() {
        let mut c = abc();
        c.prev();
        assert_eq!(c.code(), "c");
        c.next();
        assert_eq!(c.code(), "a");
        assert!(c.set("b"));
        assert!(!c.set("zz"));
        c.set_options(vec![("x".into(), "x".into()), ("b".into(), "乙".into())]);
        assert_eq!(c.code(), "b");
    }

    #[test]
    fn unfocused_shows_only_the_value() {
        let c = abc();
        let text: String = c
            .line(false, 20)
            .spans
            .iter()
            .map(|s| s.content.to_string())
            .collect();
        assert_eq!(text, "甲");
        let focused: String = c
            .line(true, 40)
            .spans
            .iter()
            .map(|s| s.content.to_string())
            .collect();
        assert!(focused.contains("乙") && focused.contains('◀'));
    }

    #[test]
    fn toggle_codes() {
        let mut t = Toggle::default();
        assert_eq!(t.code(), "");
        t.flip();
        assert_eq!(t.code(), "yes");
        t.set_code("no");
        assert_eq!(t.0, Some(false));
    }
}
