//! A text field on `ratatui-textarea`: one line (names, phones, a PIN with
//! its mask char) or several (a description). Keys arrive as named edits
//! from the key table, never as raw key codes, so every editing key can be
//! rebound. Widths are display cells: CJK characters take two.
//!
//! A value that was filled in (from the household file, a draft, a default)
//! is *selected*: the first character typed replaces it, as in a spreadsheet
//! cell; any cursor movement keeps it and edits in place.

use crate::tui::action::Action;
use crate::tui::theme;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::Frame;
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

/// An editing step, from the key table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Left,
    Right,
    Home,
    End,
    WordLeft,
    WordRight,
    Up,
    Down,
    Backspace,
    Delete,
    DeleteWord,
    /// Everything before the cursor (Ctrl-U).
    ClearToStart,
    /// Everything after the cursor (Ctrl-K).
    ClearToEnd,
    /// A line break (multi-line fields only).
    Newline,
}

impl Edit {
    /// The editing step an action from the key table stands for.
    pub fn of(action: Action) -> Option<Edit> {
        Some(match action {
            Action::CursorLeft => Edit::Left,
            Action::CursorRight => Edit::Right,
            Action::CursorHome => Edit::Home,
            Action::CursorEnd => Edit::End,
            Action::WordLeft => Edit::WordLeft,
            Action::WordRight => Edit::WordRight,
            Action::CursorUp => Edit::Up,
            Action::CursorDown => Edit::Down,
            Action::DeleteBack => Edit::Backspace,
            Action::DeleteForward => Edit::Delete,
            Action::DeleteWord => Edit::DeleteWord,
            Action::ClearToStart => Edit::ClearToStart,
            Action::ClearToEnd => Edit::ClearToEnd,
            Action::Newline => Edit::Newline,
            _ => return None,
        })
    }
}

pub struct TextField {
    area: TextArea<'static>,
    multiline: bool,
    max_chars: usize,
    /// The next typed character replaces the whole value.
    selected: bool,
    focused: bool,
}

impl std::fmt::Debug for TextField {
    /// A masked value (a PIN) never shows in debug output.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value = if self.area.mask_char().is_some() {
            "*".repeat(self.value().chars().count())
        } else {
            self.value()
        };
        f.debug_struct("TextField").field("value", &value).finish()
    }
}

impl TextField {
    fn new(multiline: bool, max_chars: usize) -> TextField {
        let mut area = TextArea::default();
        area.set_cursor_line_style(Style::default());
        area.set_max_histories(0);
        if multiline {
            area.set_wrap_mode(WrapMode::WordOrGlyph);
        }
        let mut field = TextField {
            area,
            multiline,
            max_chars,
            selected: false,
            focused: false,
        };
        field.restyle();
        field
    }

    /// One line of at most `max_chars` characters.
    pub fn line(max_chars: usize) -> TextField {
        TextField::new(false, max_chars)
    }

    /// Several lines (a description); `max_chars` counts every line.
    pub fn lines(max_chars: usize) -> TextField {
        TextField::new(true, max_chars)
    }

    /// Drawn as `*` (a PIN): the value never reaches the screen.
    pub fn masked(mut self) -> TextField {
        self.area.set_mask_char('*');
        self
    }

    pub fn is_masked(&self) -> bool {
        self.area.mask_char().is_some()
    }

    pub fn is_multiline(&self) -> bool {
        self.multiline
    }

    pub fn value(&self) -> String {
        self.area.lines().join("\n")
    }

    /// Blank: nothing but spaces typed.
    pub fn is_blank(&self) -> bool {
        self.area.lines().iter().all(|l| l.trim().is_empty())
    }

    /// Fill in a value (selected, so typing replaces it).
    pub fn set(&mut self, value: &str) {
        self.replace_all(value);
        self.selected = !self.is_blank();
        self.restyle();
    }

    pub fn clear(&mut self) {
        self.replace_all("");
        self.selected = false;
        self.restyle();
    }

    fn replace_all(&mut self, value: &str) {
        let value: String = value.chars().take(self.max_chars).collect();
        let lines: Vec<String> = if self.multiline {
            value.split('\n').map(|l| l.replace('\r', "")).collect()
        } else {
            vec![value.replace(['\n', '\r'], " ")]
        };
        let mut area = TextArea::new(lines);
        area.set_cursor_line_style(Style::default());
        area.set_max_histories(0);
        if self.multiline {
            area.set_wrap_mode(WrapMode::WordOrGlyph);
        }
        if let Some(mask) = self.area.mask_char() {
            area.set_mask_char(mask);
        }
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        self.area = area;
    }

    fn chars(&self) -> usize {
        self.area
            .lines()
            .iter()
            .map(|l| l.chars().count())
            .sum::<usize>()
            + self.area.lines().len().saturating_sub(1)
    }

    /// Focus arrives or leaves: a filled field arrives selected.
    pub fn set_focus(&mut self, focused: bool) {
        self.focused = focused;
        self.selected = focused && !self.is_blank();
        self.restyle();
    }

    /// Styles change only with focus or selection, never per frame.
    fn restyle(&mut self) {
        let style = match (self.focused, self.selected) {
            (true, true) => theme::input_selected(),
            (true, false) => theme::input_focus(),
            (false, _) => theme::input(),
        };
        self.area.set_style(style);
        self.area
            .set_cursor_style(if self.focused { theme::cursor() } else { style });
    }

    fn unselect(&mut self) {
        if self.selected {
            self.selected = false;
            self.restyle();
        }
    }

    /// A typed character. Returns whether the value changed.
    pub fn type_char(&mut self, c: char) -> bool {
        if c.is_control() {
            return false;
        }
        if self.selected {
            self.replace_all("");
            self.unselect();
        }
        if self.chars() >= self.max_chars {
            return false;
        }
        self.area.insert_char(c);
        true
    }

    /// Pasted text: line breaks kept in a multi-line field, spaces in a line.
    pub fn paste(&mut self, text: &str) -> bool {
        if self.selected {
            self.replace_all("");
            self.unselect();
        }
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let room = self.max_chars.saturating_sub(self.chars());
        let mut changed = false;
        for c in text.chars().take(room) {
            match c {
                '\n' if self.multiline => self.area.insert_newline(),
                '\n' | '\t' => self.area.insert_char(' '),
                c if c.is_control() => continue,
                c => self.area.insert_char(c),
            }
            changed = true;
        }
        changed
    }

    /// An editing action from the key table; returns whether the value changed
    /// (false for an action that is not an edit).
    pub fn apply(&mut self, action: Action) -> bool {
        Edit::of(action).is_some_and(|e| self.edit(e))
    }

    /// An editing step. Returns whether the value changed.
    pub fn edit(&mut self, e: Edit) -> bool {
        let was_selected = self.selected;
        self.unselect();
        let room = self.multiline && self.chars() < self.max_chars;
        let a = &mut self.area;
        match e {
            Edit::Left => a.move_cursor(CursorMove::Back),
            Edit::Right => a.move_cursor(CursorMove::Forward),
            Edit::Home => a.move_cursor(CursorMove::Head),
            Edit::End => a.move_cursor(CursorMove::End),
            Edit::WordLeft => a.move_cursor(CursorMove::WordBack),
            Edit::WordRight => a.move_cursor(CursorMove::WordForward),
            Edit::Up => a.move_cursor(CursorMove::Up),
            Edit::Down => a.move_cursor(CursorMove::Down),
            // Deleting a selected value deletes all of it.
            Edit::Backspace | Edit::Delete if was_selected => {
                self.replace_all("");
                return true;
            }
            Edit::Backspace => return a.delete_char(),
            Edit::Delete => return a.delete_next_char(),
            Edit::DeleteWord => return a.delete_word(),
            Edit::ClearToStart => return a.delete_line_by_head(),
            Edit::ClearToEnd => return a.delete_line_by_end(),
            Edit::Newline if room => {
                a.insert_newline();
                return true;
            }
            Edit::Newline => {}
        }
        false
    }

    /// Rows the field wants at least.
    pub fn min_rows(&self) -> u16 {
        if self.multiline {
            3
        } else {
            1
        }
    }

    /// Draw into `rect`; a focused field also places the terminal cursor
    /// (where an input method opens its candidate window).
    pub fn render(&self, f: &mut Frame, rect: Rect) {
        if rect.width == 0 || rect.height == 0 {
            return;
        }
        f.render_widget(&self.area, rect);
        if self.focused {
            let cursor = self.area.screen_cursor();
            let (top_row, top_col) = self.area.scroll_offset();
            let x = (cursor.col as u16).saturating_sub(top_col);
            let y = (cursor.row as u16).saturating_sub(top_row);
            if x < rect.width && y < rect.height {
                f.set_cursor_position(Position::new(rect.x + x, rect.y + y));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(f: &mut TextField, s: &str) {
        for c in s.chars() {
            f.type_char(c);
        }
    }

    #[test]
    fn typing_replaces_a_filled_value_and_editing_keeps_it() {
        let mut f = TextField::line(30);
        f.set("2026-12-02 18:00");
        f.set_focus(true);
        typed(&mut f, "+2h");
        assert_eq!(f.value(), "+2h");
        f.set("2026-12-02 18:00");
        f.set_focus(true);
        f.edit(Edit::End);
        typed(&mut f, ":30");
        assert_eq!(f.value(), "2026-12-02 18:00:30");
    }

    #[test]
    fn backspace_on_a_selected_value_clears_it() {
        let mut f = TextField::line(30);
        f.set("王建国");
        f.set_focus(true);
        assert!(f.edit(Edit::Backspace));
        assert_eq!(f.value(), "");
    }

    #[test]
    fn cjk_and_limits() {
        let mut f = TextField::line(4);
        typed(&mut f, "3栋2单元");
        assert_eq!(f.value(), "3栋2单");
        f.edit(Edit::Backspace);
        assert_eq!(f.value(), "3栋2");
        f.edit(Edit::Home);
        f.edit(Edit::Delete);
        assert_eq!(f.value(), "栋2");
    }

    #[test]
    fn paste_keeps_lines_only_where_lines_belong() {
        let mut area = TextField::lines(100);
        area.paste("第一行\r\n第二行");
        assert_eq!(area.value(), "第一行\n第二行");
        let mut line = TextField::line(100);
        line.paste("a\nb\tc\u{1b}");
        assert_eq!(line.value(), "a b c");
    }

    #[test]
    fn masked_value_stays_out_of_debug() {
        let mut f = TextField::line(12).masked();
        typed(&mut f, "2468");
        assert_eq!(f.value(), "2468");
        assert!(!format!("{f:?}").contains("2468"));
    }

    #[test]
    fn control_characters_are_not_typed() {
        let mut f = TextField::line(10);
        assert!(!f.type_char('\u{1b}'));
        assert!(f.type_char('a'));
        assert_eq!(f.value(), "a");
    }
}
