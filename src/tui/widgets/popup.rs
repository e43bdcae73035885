//! A box drawn over the screen (a question, the step picker, help).
//!
//! Drawing over double-width text needs care: ratatui's buffer diff skips
//! the cell after a wide character, so a border drawn just right of a CJK
//! character would never reach the terminal. The character is blanked first.

use crate::text::width;
use crate::tui::theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear};
use ratatui::Frame;

/// A `w`x`h` box centred in `area` (shrunk to fit).
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Blank a wide character that straddles the left edge of `rect`, so the
/// cells of `rect` are all drawn.
pub fn free_left_edge(buf: &mut Buffer, rect: Rect) {
    if rect.x == 0 || rect.x <= buf.area.x {
        return;
    }
    for y in rect.top()..rect.bottom().min(buf.area.bottom()) {
        if let Some(cell) = buf.cell_mut((rect.x - 1, y)) {
            if width(cell.symbol()) > 1 {
                cell.set_symbol(" ");
            }
        }
    }
}

/// Clear `rect`, draw a bordered box titled `title`, return the inside.
pub fn open(f: &mut Frame, rect: Rect, title: &str, title_style: Style) -> Rect {
    free_left_edge(f.buffer_mut(), rect);
    f.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(format!(" {title} "), title_style));
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    inner
}

/// `open` with the usual title style.
pub fn open_titled(f: &mut Frame, rect: Rect, title: &str) -> Rect {
    open(f, rect, title, theme::title())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::TestBackend;
    use ratatui::widgets::Paragraph;
    use ratatui::Terminal;

    #[test]
    fn border_beside_wide_text_reaches_the_terminal() {
        let wide = "中中中中中中中中中中\n".repeat(5);
        let mut term = Terminal::new(TestBackend::new(20, 5)).unwrap();
        term.draw(|f| f.render_widget(Paragraph::new(wide.as_str()), f.area()))
            .unwrap();
        // The popup's left border falls on the second half of a wide char.
        term.draw(|f| {
            f.render_widget(Paragraph::new(wide.as_str()), f.area());
            open_titled(f, Rect::new(3, 0, 8, 3), "x");
        })
        .unwrap();
        let buf = term.backend().buffer();
        assert_eq!(buf[(3, 1)].symbol(), "│");
        assert_eq!(buf[(10, 1)].symbol(), "│");
    }

    #[test]
    fn centred_and_clamped() {
        let a = Rect::new(0, 0, 80, 24);
        assert_eq!(centered(a, 40, 10), Rect::new(20, 7, 40, 10));
        assert_eq!(centered(a, 100, 30), a);
    }
}
