//! Drawing the registers screen's parts: the tabs with their open counts
//! (red when something is late), the view and the search; the list with the
//! selected record's detail and the numbered steps over it.

use super::{rows, Registers, DETAIL_ROWS};
use crate::domain::registers::Register;
use crate::i18n::{fill, Lang};
use crate::text::width;
use crate::tui::screens::View;
use crate::tui::theme;
use crate::tui::widgets::popup;
use crate::tui::widgets::table::render_table;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

impl Registers {
    /// The register tabs with their open counts, then the view and search.
    pub(super) fn render_tabs(&self, f: &mut Frame, area: Rect, lang: Lang) {
        let t = &lang.t().registers;
        let a = &self.alerts;
        let mut spans: Vec<Span> = Vec::new();
        for &r in Register::ALL {
            let (n, late) = match r {
                Register::Visitor => (a.visitors_inside, 0),
                Register::Parcel => (a.parcels_waiting, a.parcels_overdue),
                Register::Pass => (a.passes_open, 0),
                Register::Renovation => (a.renovations_open, a.approvals_overdue + a.past_end),
                Register::MoveIn => (a.move_ins_open, 0),
                Register::MoveOut => (a.move_outs_open, 0),
            };
            let style = if r == self.tab {
                theme::tab_active()
            } else if late > 0 {
                theme::error()
            } else {
                theme::tab()
            };
            spans.push(Span::styled(
                format!(" {} {n} ", lang.register_name(r)),
                style,
            ));
        }
        spans.push(Span::styled(
            format!(" [{}]", self.shown.label(lang)),
            theme::dim(),
        ));
        f.render_widget(Paragraph::new(Line::from(spans)), area);
        let used: u16 = Register::ALL
            .iter()
            .map(|r| width(lang.register_name(*r)) as u16 + 4)
            .sum::<u16>()
            + width(self.shown.label(lang)) as u16
            + 3;
        if self.searching || !self.search.is_blank() {
            let label = format!(" {}: ", t.search);
            let lw = width(&label) as u16;
            let x = area.x + used;
            if x + lw + 4 < area.right() {
                f.render_widget(
                    Paragraph::new(Span::styled(label, theme::focus_label())),
                    Rect::new(x, area.y, lw, 1),
                );
                self.search
                    .render(f, Rect::new(x + lw, area.y, area.right() - x - lw, 1));
            }
        }
    }

    pub(super) fn render_list(&self, f: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let t = &lang.t().registers;
        let detail_h = DETAIL_ROWS.min(area.height.saturating_sub(2));
        let table = Rect::new(area.x, area.y, area.width, area.height - detail_h);
        let columns = rows::columns(lang, self.tab);
        let now = view.now;
        let days = self.follow_up_days;
        render_table(
            f,
            table,
            &self.list,
            &columns,
            self.recs.len(),
            |i| rows::row(lang, &self.recs[i], now, days),
            t.empty,
        );
        let detail = Rect::new(area.x, table.bottom(), area.width, detail_h);
        let block = Block::default().borders(Borders::TOP);
        let inner = block.inner(detail);
        f.render_widget(block, detail);
        if let Some(r) = self.selected() {
            f.render_widget(
                Paragraph::new(rows::detail(lang, r)).wrap(Wrap { trim: false }),
                inner,
            );
        }
        if let Some(p) = &self.picker {
            let title = match (p.new, self.selected()) {
                (false, Some(r)) => fill(t.steps_title, &[&r.label()]),
                _ => fill(t.steps_title, &[&lang.register_name(self.tab)]),
            };
            let widest = p
                .rows
                .iter()
                .map(|r| width(lang.reg_action(r.action)))
                .max()
                .unwrap_or(8)
                .max(width(&title).saturating_sub(4)) as u16;
            // Over the list, under its header: the selected record's detail
            // stays readable below.
            let h = (p.rows.len() as u16 + 2).min(area.height.saturating_sub(1));
            let y = area.y + 1;
            let rect = Rect::new(area.x + 2, y, (widest + 10).min(area.width - 2), h);
            let inner = popup::open_titled(f, rect, &title);
            let lines: Vec<Line> = p
                .rows
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let style = if i == p.list.selected() {
                        theme::selected()
                    } else {
                        Style::default()
                    };
                    Line::from(vec![
                        Span::styled(format!(" {} ", i + 1), theme::key()),
                        Span::styled(format!(" {} ", lang.reg_action(r.action)), style),
                    ])
                })
                .collect();
            f.render_widget(Paragraph::new(lines), inner);
        }
    }
}
