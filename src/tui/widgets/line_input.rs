//! A single-line text field with a cursor, measured in display cells.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_width::UnicodeWidthChar;

#[derive(Clone, Default, PartialEq)]
pub struct LineInput {
    value: String,
    /// Cursor as a char index into `value`.
    cursor: usize,
    max_chars: usize,
    /// Shown as `*` (a PIN): the value never reaches the screen.
    pub masked: bool,
}

impl std::fmt::Debug for LineInput {
    /// A masked value (a PIN) never shows in debug output either.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value = if self.masked {
            "*".repeat(self.value.chars().count())
        } else {
            self.value.clone()
        };
        f.debug_struct("LineInput")
            .field("value", &value)
            .field("cursor", &self.cursor)
            .field("masked", &self.masked)
            .finish()
    }
}

impl LineInput {
    pub fn new(max_chars: usize) -> Self {
        LineInput {
            value: String::new(),
            cursor: 0,
            max_chars,
            masked: false,
        }
    }

    /// A field whose characters are drawn as `*`.
    pub fn masked(mut self) -> Self {
        self.masked = true;
        self
    }

    pub fn is_masked(&self) -> bool {
        self.masked
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    pub fn set(&mut self, v: &str) {
        self.value = v.chars().take(self.max_chars).collect();
        self.cursor = self.value.chars().count();
    }

    pub fn clear(&mut self) {
        self.value.clear();
        self.cursor = 0;
    }

    pub fn is_empty(&self) -> bool {
        self.value.trim().is_empty()
    }

    fn byte_at(&self, char_idx: usize) -> usize {
        self.value
            .char_indices()
            .nth(char_idx)
            .map(|(i, _)| i)
            .unwrap_or(self.value.len())
    }

    pub fn insert_str(&mut self, s: &str) {
        for c in s.chars().filter(|c| !c.is_control()) {
            if self.value.chars().count() >= self.max_chars {
                break;
            }
            let at = self.byte_at(self.cursor);
            self.value.insert(at, c);
            self.cursor += 1;
        }
    }

    /// Editing keys. Returns whether the value changed.
    pub fn handle(&mut self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let len = self.value.chars().count();
        match key.code {
            KeyCode::Char('u') if ctrl => {
                let changed = !self.value.is_empty();
                self.clear();
                changed
            }
            KeyCode::Char('a') if ctrl => {
                self.cursor = 0;
                false
            }
            KeyCode::Char('e') if ctrl => {
                self.cursor = len;
                false
            }
            KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
                let before = self.value.clone();
                self.insert_str(&c.to_string());
                before != self.value
            }
            KeyCode::Backspace if self.cursor > 0 => {
                let at = self.byte_at(self.cursor - 1);
                self.value.remove(at);
                self.cursor -= 1;
                true
            }
            KeyCode::Delete if self.cursor < len => {
                let at = self.byte_at(self.cursor);
                self.value.remove(at);
                true
            }
            KeyCode::Left => {
                self.cursor = self.cursor.saturating_sub(1);
                false
            }
            KeyCode::Right => {
                self.cursor = (self.cursor + 1).min(len);
                false
            }
            KeyCode::Home => {
                self.cursor = 0;
                false
            }
            KeyCode::End => {
                self.cursor = len;
                false
            }
            _ => false,
        }
    }

    /// The visible slice for a field `cells` wide and the cursor's cell
    /// offset in it: the view scrolls so the cursor stays visible.
    pub fn view(&self, cells: usize) -> (String, usize) {
        let chars: Vec<char> = if self.masked {
            self.value.chars().map(|_| '*').collect()
        } else {
            self.value.chars().collect()
        };
        let cw = |c: &char| c.width().unwrap_or(0);
        let before: usize = chars[..self.cursor].iter().map(cw).sum();
        let cells = cells.max(2);
        // First visible char: drop from the left until the cursor fits.
        let mut start = 0;
        let mut skipped = 0;
        while before - skipped >= cells && start < self.cursor {
            skipped += cw(&chars[start]);
            start += 1;
        }
        let mut shown = String::new();
        let mut used = 0;
        for c in &chars[start..] {
            if used + cw(c) > cells {
                break;
            }
            shown.push(*c);
            used += cw(c);
        }
        (shown, before - skipped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::width;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn edit_cjk() {
        let mut l = LineInput::new(20);
        for c in "3栋2单元".chars() {
            l.handle(&key(KeyCode::Char(c)));
        }
        assert_eq!(l.value(), "3栋2单元");
        l.handle(&key(KeyCode::Backspace));
        assert_eq!(l.value(), "3栋2单");
        l.handle(&key(KeyCode::Home));
        l.handle(&key(KeyCode::Delete));
        assert_eq!(l.value(), "栋2单");
        let (shown, cur) = l.view(10);
        assert_eq!(shown, "栋2单");
        assert_eq!(cur, 0);
    }

    #[test]
    fn view_scrolls_to_cursor() {
        let mut l = LineInput::new(50);
        l.set("一二三四五六七八九十");
        let (shown, cur) = l.view(8);
        assert!(width(&shown) <= 8);
        assert!(cur < 8);
        assert!(shown.ends_with('十') || cur <= 8);
    }

    #[test]
    fn masked_view_shows_stars_only() {
        let mut l = LineInput::new(12).masked();
        l.insert_str("2468");
        assert_eq!(l.value(), "2468");
        let (shown, cur) = l.view(10);
        assert_eq!(shown, "****");
        assert_eq!(cur, 4);
        assert!(!shown.contains('2'));
        assert!(!format!("{l:?}").contains("2468"));
    }

    #[test]
    fn max_chars() {
        let mut l = LineInput::new(3);
        l.insert_str("12345");
        assert_eq!(l.value(), "123");
    }
}
