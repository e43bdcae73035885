//! The operator picker shown at start when no `--operator` was given.

use crate::i18n::Lang;
use crate::store::Staff;
use crate::tui::theme;
use crate::tui::widgets::list::ListState;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

pub struct SignIn {
    pub staff: Vec<Staff>,
    pub list: ListState,
}

impl SignIn {
    pub fn new(staff: Vec<Staff>) -> Self {
        SignIn {
            staff,
            list: ListState::default(),
        }
    }

    pub fn selected(&self) -> Option<&Staff> {
        self.staff.get(self.list.selected)
    }

    pub fn render(&self, f: &mut Frame, area: Rect, lang: Lang) {
        let t = lang.t();
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(format!(" {} ", t.app.sign_in), theme::title()));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let mut lines = vec![Line::from(t.app.who_are_you), Line::from("")];
        let rows = inner.height.saturating_sub(2) as usize;
        let start = self.list.window(rows);
        for (i, s) in self.staff.iter().enumerate().skip(start).take(rows) {
            let style = if i == self.list.selected {
                theme::selected()
            } else {
                Style::default()
            };
            lines.push(Line::from(Span::styled(
                format!("  {} {}", crate::text::pad(&s.name, 8), lang.role(s.role)),
                style,
            )));
        }
        f.render_widget(Paragraph::new(lines), inner);
    }
}
