//! Long text that scrolls (help, a handover report, a unit's file). The
//! offset is clamped while drawing, when the height is known, and a mark
//! says there is more above or below.

use crate::tui::action::Action;
use crate::tui::theme;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use std::cell::Cell;

#[derive(Debug, Default, Clone)]
pub struct Scroll {
    offset: usize,
    /// Lines that fit at the last draw, and how many there were.
    page: Cell<usize>,
    max: Cell<usize>,
}

impl Scroll {
    pub fn offset(&self) -> usize {
        self.offset.min(self.max.get())
    }

    pub fn reset(&mut self) {
        self.offset = 0;
    }

    /// Scroll for a list action; returns whether anything moved.
    pub fn handle(&mut self, action: Action) -> bool {
        let before = self.offset();
        let page = self.page.get().max(1);
        self.offset = match action {
            Action::Up | Action::CursorUp => before.saturating_sub(1),
            Action::Down | Action::CursorDown => before + 1,
            Action::PageUp => before.saturating_sub(page),
            Action::PageDown => before + page,
            Action::Home => 0,
            Action::End => usize::MAX,
            _ => before,
        }
        .min(self.max.get());
        self.offset != before
    }

    /// Draw `lines` into `area`; the last line of `area` carries a "more"
    /// mark (`more` text) when lines are hidden below.
    pub fn render(&self, f: &mut Frame, area: Rect, lines: Vec<Line<'static>>, more: &str) {
        let h = area.height as usize;
        if h == 0 {
            return;
        }
        let total = lines.len();
        let max = total.saturating_sub(h);
        self.max.set(max);
        self.page.set(h.saturating_sub(1).max(1));
        let top = self.offset.min(max);
        let below = total > top + h;
        let shown = if below { h - 1 } else { h };
        let mut visible: Vec<Line> = lines.into_iter().skip(top).take(shown).collect();
        if below {
            let arrow = if top > 0 { "▲▼" } else { "▼" };
            visible.push(Line::from(Span::styled(
                format!("{arrow} {more} ({}/{})", top + shown, total),
                theme::dim(),
            )));
        } else if top > 0 {
            if let Some(first) = visible.first_mut() {
                first.spans.insert(0, Span::styled("▲ ", theme::dim()));
            }
        }
        f.render_widget(Paragraph::new(visible), area);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    fn lines(n: usize) -> Vec<Line<'static>> {
        (0..n).map(|i| Line::from(format!("line {i}"))).collect()
    }

    fn draw(s: &Scroll, n: usize) -> Vec<String> {
        let mut term = Terminal::new(TestBackend::new(30, 5)).unwrap();
        term.draw(|f| s.render(f, f.area(), lines(n), "more"))
            .unwrap();
        let buf = term.backend().buffer().clone();
        (0..5)
            .map(|y| {
                (0..30)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn marks_more_and_clamps_at_the_end() {
        let mut s = Scroll::default();
        let screen = draw(&s, 12);
        assert!(screen[4].contains("more (4/12)"), "{screen:?}");
        s.handle(Action::End);
        let screen = draw(&s, 12);
        assert_eq!(screen[4], "line 11");
        assert!(screen[0].starts_with("▲"));
        assert!(!s.handle(Action::Down));
        s.handle(Action::Home);
        assert_eq!(s.offset(), 0);
    }

    #[test]
    fn short_text_has_no_mark() {
        let s = Scroll::default();
        let screen = draw(&s, 3);
        assert_eq!(screen[2], "line 2");
        assert_eq!(screen[3], "");
    }
}
