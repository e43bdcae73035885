//! Selection and scrolling for a list drawn a window at a time.

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListState {
    pub selected: usize,
    pub offset: usize,
}

impl ListState {
    pub fn clamp(&mut self, len: usize) {
        if len == 0 {
            self.selected = 0;
            self.offset = 0;
        } else if self.selected >= len {
            self.selected = len - 1;
        }
    }

    pub fn up(&mut self, by: usize) {
        self.selected = self.selected.saturating_sub(by);
    }

    pub fn down(&mut self, by: usize, len: usize) {
        if len > 0 {
            self.selected = (self.selected + by).min(len - 1);
        }
    }

    pub fn home(&mut self) {
        self.selected = 0;
    }

    pub fn end(&mut self, len: usize) {
        self.selected = len.saturating_sub(1);
    }

    /// The first row to draw so the selection is visible in `rows` rows.
    pub fn window(&self, rows: usize) -> usize {
        let rows = rows.max(1);
        if self.selected < self.offset {
            self.selected
        } else if self.selected >= self.offset + rows {
            self.selected + 1 - rows
        } else {
            self.offset
        }
    }

    /// Remember the window after drawing (render only reads, so the caller
    /// stores it on the next update).
    pub fn scroll_to(&mut self, rows: usize) {
        self.offset = self.window(rows);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_follows_selection() {
        let mut l = ListState::default();
        l.down(15, 20);
        assert_eq!(l.selected, 15);
        assert_eq!(l.window(10), 6);
        l.scroll_to(10);
        l.up(3);
        assert_eq!(l.window(10), 6);
        l.up(10);
        assert_eq!(l.window(10), 2);
        l.clamp(1);
        assert_eq!(l.selected, 1.min(l.selected));
        l.end(0);
        assert_eq!(l.selected, 0);
    }
}
