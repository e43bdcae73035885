//! Lists and tables on ratatui's `Table`, drawn a window at a time: only the
//! rows on screen are built, so a list costs what the screen shows. The
//! visible height and the scroll offset are learned while drawing (render
//! only reads the state; the two numbers live in `Cell`s), so paging moves
//! by the real page and no screen does height arithmetic of its own.
//!
//! Columns are sized from their content and the width available, measured
//! in display cells (CJK takes two): a column never shows `dispa…` while the
//! screen has room to spare.

use crate::text::{fit, width};
use crate::tui::action::Action;
use crate::tui::theme;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell as TCell, Paragraph, Row, Table, TableState};
use ratatui::Frame;
use std::cell::Cell;

/// The selected row of a list and the window drawn last.
#[derive(Debug, Default, Clone)]
pub struct ListState {
    selected: usize,
    offset: Cell<usize>,
    /// Rows visible at the last draw (a page).
    page: Cell<usize>,
}

impl PartialEq for ListState {
    fn eq(&self, other: &Self) -> bool {
        self.selected == other.selected
    }
}

impl ListState {
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// Select row `i` of `len` (clamped).
    pub fn select(&mut self, i: usize, len: usize) {
        self.selected = i.min(len.saturating_sub(1));
    }

    pub fn clamp(&mut self, len: usize) {
        self.select(self.selected, len);
    }

    fn page(&self) -> usize {
        self.page.get().max(1)
    }

    /// `handle` for a list with rows that cannot be selected (section
    /// headings, `skip`): the selection moves on past them in the direction
    /// it went.
    pub fn handle_skipping(
        &mut self,
        action: Action,
        len: usize,
        skip: impl Fn(usize) -> bool,
    ) -> bool {
        let before = self.selected;
        self.handle(action, len);
        let down = !matches!(action, Action::Up | Action::PageUp | Action::End);
        self.step_off(len, down, skip);
        self.selected != before
    }

    /// Move off a row that cannot be selected: to the nearest one that can,
    /// looking down first when `down` (else up), then the other way.
    pub fn step_off(&mut self, len: usize, down: bool, skip: impl Fn(usize) -> bool) {
        self.clamp(len);
        if len == 0 || !skip(self.selected) {
            return;
        }
        let below = (self.selected + 1..len).find(|&i| !skip(i));
        let above = (0..self.selected).rev().find(|&i| !skip(i));
        let to = if down {
            below.or(above)
        } else {
            above.or(below)
        };
        if let Some(i) = to {
            self.selected = i;
        }
    }

    /// Move for a list action; returns whether the selection moved.
    pub fn handle(&mut self, action: Action, len: usize) -> bool {
        let before = self.selected;
        let last = len.saturating_sub(1);
        self.selected = match action {
            Action::Up => self.selected.saturating_sub(1),
            Action::Down => (self.selected + 1).min(last),
            Action::PageUp => self.selected.saturating_sub(self.page()),
            Action::PageDown => (self.selected + self.page()).min(last),
            Action::Home => 0,
            Action::End => last,
            _ => self.selected,
        };
        self.selected != before
    }

    /// The first row to draw so the selection shows in `rows` rows.
    fn window(&self, rows: usize, len: usize) -> usize {
        let rows = rows.max(1);
        let offset = self.offset.get().min(len.saturating_sub(rows));
        if self.selected < offset {
            self.selected
        } else if self.selected >= offset + rows {
            self.selected + 1 - rows
        } else {
            offset
        }
    }
}

/// How wide a column is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    Fixed(u16),
    /// As wide as its widest visible cell (or header), within bounds.
    Content {
        min: u16,
        max: u16,
    },
    /// What is left, shared among fill columns; never below `min`.
    Fill {
        min: u16,
    },
}

#[derive(Debug, Clone, Copy)]
pub struct Column<'a> {
    pub header: &'a str,
    pub width: Width,
}

impl<'a> Column<'a> {
    pub fn new(header: &'a str, width: Width) -> Column<'a> {
        Column { header, width }
    }
}

/// One cell: text and its own style (drawn over the row's).
#[derive(Debug, Clone, Default)]
pub struct TableCell {
    pub text: String,
    pub style: Style,
}

impl<T: Into<String>> From<T> for TableCell {
    fn from(text: T) -> TableCell {
        TableCell {
            text: text.into(),
            style: Style::default(),
        }
    }
}

impl TableCell {
    pub fn styled(text: impl Into<String>, style: Style) -> TableCell {
        TableCell {
            text: text.into(),
            style,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct TableRow {
    pub cells: Vec<TableCell>,
    pub style: Style,
    /// A section heading (see `TableRow::heading`).
    pub heading: bool,
}

impl TableRow {
    pub fn new(cells: Vec<TableCell>) -> TableRow {
        TableRow {
            cells,
            style: Style::default(),
            heading: false,
        }
    }
    /// A section heading over the rows after it (`⚠ 逾期 (2)`): one text
    /// drawn across every column (it widens none of them), kept on screen
    /// above its first row. The screen keeps the selection off it with
    /// `ListState::handle_skipping`.
    pub fn heading(text: impl Into<String>, style: Style) -> TableRow {
        TableRow {
            cells: vec![TableCell::styled(text, style)],
            style: Style::default(),
            heading: true,
        }
    }
    pub fn style(mut self, style: Style) -> TableRow {
        self.style = style;
        self
    }
}

/// Column widths for `total` cells: fixed and content columns first, fill
/// columns share the rest; when space is short, fill then content columns
/// give way down to their minimum.
fn widths(columns: &[Column], content: &[u16], total: u16) -> Vec<u16> {
    let gaps = columns.len().saturating_sub(1) as u16;
    let mut w: Vec<u16> = columns
        .iter()
        .zip(content)
        .map(|(c, &have)| match c.width {
            Width::Fixed(n) => n,
            Width::Content { min, max } => have.clamp(min, max.max(min)),
            Width::Fill { min } => min,
        })
        .collect();
    let used: u16 = w.iter().sum::<u16>() + gaps;
    let fills: Vec<usize> = (0..columns.len())
        .filter(|&i| matches!(columns[i].width, Width::Fill { .. }))
        .collect();
    if used <= total {
        let spare = total - used;
        if !fills.is_empty() {
            let each = spare / fills.len() as u16;
            for (n, &i) in fills.iter().enumerate() {
                w[i] += each + u16::from(n == 0) * (spare % fills.len() as u16);
            }
        }
        return w;
    }
    // Too wide: content columns shrink toward their minimum.
    let mut over = used - total;
    for (i, c) in columns.iter().enumerate() {
        if over == 0 {
            break;
        }
        if let Width::Content { min, .. } = c.width {
            let give = w[i].saturating_sub(min).min(over);
            w[i] -= give;
            over -= give;
        }
    }
    w
}

/// Draw rows `0..len` (built on demand by `row`) with a header line.
/// `empty` is shown when there are no rows.
pub fn render_table(
    f: &mut Frame,
    area: Rect,
    state: &ListState,
    columns: &[Column],
    len: usize,
    mut row: impl FnMut(usize) -> TableRow,
    empty: &str,
) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let visible = area.height.saturating_sub(1) as usize;
    state.page.set(visible);
    let mut offset = state.window(visible, len);
    // The selection at the top under a heading: show the heading too.
    if visible > 1 && offset > 0 && state.selected == offset && row(offset - 1).heading {
        offset -= 1;
    }
    state.offset.set(offset);
    let rows: Vec<TableRow> = (offset..len.min(offset + visible)).map(&mut row).collect();
    let mut content: Vec<u16> = columns.iter().map(|c| width(c.header) as u16).collect();
    for r in rows.iter().filter(|r| !r.heading) {
        for (i, c) in r.cells.iter().enumerate().take(content.len()) {
            content[i] = content[i].max(width(&c.text) as u16);
        }
    }
    let w = widths(columns, &content, area.width);
    let header = Row::new(
        columns
            .iter()
            .zip(&w)
            .map(|(c, &cw)| TCell::from(fit(c.header, cw as usize))),
    )
    .style(theme::header());
    // Headings are drawn over their (empty) rows once the table is down.
    let mut headings = Vec::new();
    let body: Vec<Row> = rows
        .into_iter()
        .enumerate()
        .map(|(n, r)| {
            if r.heading {
                let y = area.y + 1 + n as u16;
                headings.push((y, r.cells.into_iter().next().unwrap_or_default(), r.style));
                return Row::new(Vec::<TCell>::new()).style(r.style);
            }
            Row::new(r.cells.into_iter().zip(&w).map(|(c, &cw)| {
                TCell::from(Line::from(Span::styled(fit(&c.text, cw as usize), c.style)))
            }))
            .style(r.style)
        })
        .collect();
    let constraints: Vec<Constraint> = w.iter().map(|&n| Constraint::Length(n)).collect();
    let table = Table::new(body, constraints)
        .header(header)
        .column_spacing(1)
        .row_highlight_style(theme::selected());
    let mut ts = TableState::default();
    if len > 0 {
        ts.select(Some(state.selected - offset));
    }
    f.render_stateful_widget(table, area, &mut ts);
    for (y, cell, style) in headings {
        f.render_widget(
            Paragraph::new(Span::styled(
                fit(&cell.text, area.width as usize),
                cell.style,
            ))
            .style(style),
            Rect::new(area.x, y, area.width, 1),
        );
    }
    if len == 0 && area.height > 1 {
        f.render_widget(
            Paragraph::new(Span::styled(empty.to_string(), theme::dim())),
            Rect::new(area.x, area.y + 1, area.width, 1),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    #[test]
    fn paging_uses_the_height_drawn() {
        let mut s = ListState::default();
        let mut term = Terminal::new(TestBackend::new(30, 11)).unwrap();
        let cols = [Column::new("#", Width::Fill { min: 3 })];
        term.draw(|f| {
            render_table(
                f,
                f.area(),
                &s,
                &cols,
                100,
                |i| TableRow::new(vec![i.to_string().into()]),
                "",
            )
        })
        .unwrap();
        assert!(s.handle(Action::PageDown, 100));
        assert_eq!(s.selected(), 10, "a page is the 10 rows below the header");
        s.handle(Action::End, 100);
        assert_eq!(s.selected(), 99);
        s.handle(Action::Down, 100);
        assert_eq!(s.selected(), 99);
        term.draw(|f| {
            render_table(
                f,
                f.area(),
                &s,
                &cols,
                100,
                |i| TableRow::new(vec![i.to_string().into()]),
                "",
            )
        })
        .unwrap();
        let screen = term.backend().buffer().clone();
        let last: String = (0..3)
            .map(|x| screen[(x, 10)].symbol().to_string())
            .collect();
        assert_eq!(last.trim(), "99");
    }

    #[test]
    fn only_visible_rows_are_built() {
        let s = ListState::default();
        let mut built = 0;
        let mut term = Terminal::new(TestBackend::new(30, 6)).unwrap();
        let cols = [Column::new("#", Width::Fixed(5))];
        term.draw(|f| {
            render_table(
                f,
                f.area(),
                &s,
                &cols,
                50_000,
                |i| {
                    built += 1;
                    TableRow::new(vec![i.to_string().into()])
                },
                "",
            )
        })
        .unwrap();
        assert_eq!(built, 5);
    }

    #[test]
    fn columns_grow_from_content_and_fill_the_rest() {
        let cols = [
            Column::new("state", Width::Content { min: 4, max: 20 }),
            Column::new("summary", Width::Fill { min: 6 }),
        ];
        assert_eq!(widths(&cols, &[10, 7], 40), vec![10, 29]);
        // Short of room: the content column gives way to its minimum.
        assert_eq!(widths(&cols, &[10, 7], 12), vec![5, 6]);
    }

    fn sections() -> Vec<TableRow> {
        let mut rows = vec![TableRow::heading("▸ 逾期 (2)", Style::default())];
        rows.extend((1..=2).map(|i| TableRow::new(vec![format!("#{i}").into()])));
        rows.push(TableRow::heading("▸ 即将到期 (20)", Style::default()));
        rows.extend((4..24).map(|i| TableRow::new(vec![format!("#{i}").into()])));
        rows
    }

    fn draw(s: &ListState, rows: &[TableRow], h: u16) -> Vec<String> {
        let mut term = Terminal::new(TestBackend::new(20, h)).unwrap();
        let cols = [Column::new("No.", Width::Content { min: 3, max: 6 })];
        term.draw(|f| render_table(f, f.area(), s, &cols, rows.len(), |i| rows[i].clone(), ""))
            .unwrap();
        let buf = term.backend().buffer().clone();
        (0..h)
            .map(|y| {
                let mut line = String::new();
                let mut skip = 0;
                for x in 0..20 {
                    // A wide character covers the next cell.
                    if skip == 0 {
                        line.push_str(buf[(x, y)].symbol());
                    }
                    skip = skip.max(width(buf[(x, y)].symbol())).saturating_sub(1);
                }
                line.trim_end().to_string()
            })
            .collect()
    }

    #[test]
    fn headings_span_the_row_and_are_never_selected() {
        let rows = sections();
        let skip = |i: usize| rows[i].heading;
        let mut s = ListState::default();
        s.step_off(rows.len(), true, skip);
        assert_eq!(s.selected(), 1);
        s.handle_skipping(Action::Down, rows.len(), skip);
        s.handle_skipping(Action::Down, rows.len(), skip);
        assert_eq!(s.selected(), 4, "past the heading");
        s.handle_skipping(Action::Up, rows.len(), skip);
        assert_eq!(s.selected(), 2);
        s.handle_skipping(Action::Home, rows.len(), skip);
        assert_eq!(s.selected(), 1);
        let screen = draw(&s, &rows, 6);
        // The heading is wider than its column and is not cut to it; the
        // column keeps the width of its cells.
        assert_eq!(screen[1], "▸ 逾期 (2)");
        assert_eq!(screen[2], "#1");
        assert_eq!(screen[4], "▸ 即将到期 (20)");
    }

    #[test]
    fn a_heading_stays_above_its_first_row() {
        let rows = sections();
        let skip = |i: usize| rows[i].heading;
        let mut s = ListState::default();
        s.handle_skipping(Action::End, rows.len(), skip);
        draw(&s, &rows, 6);
        // Up to the first row of the second section: its heading shows.
        for _ in 0..19 {
            s.handle_skipping(Action::Up, rows.len(), skip);
        }
        assert_eq!(s.selected(), 4);
        let screen = draw(&s, &rows, 6);
        assert_eq!(screen[1], "▸ 即将到期 (20)");
        assert_eq!(screen[2], "#4");
    }

    #[test]
    fn selection_stays_in_bounds() {
        let mut s = ListState::default();
        s.select(7, 3);
        assert_eq!(s.selected(), 2);
        s.clamp(0);
        assert_eq!(s.selected(), 0);
        assert!(!s.handle(Action::Up, 0));
    }
}
