//! Drawing the board: the title line with its counts, the list, the search
//! line, the step picker and a step's form. Reads the screen, never the store.

use super::detail::countdown;
use super::rows::Order;
use super::step_form::StepForm;
use super::Dispatch;
use crate::domain::authority;
use crate::domain::transitions::Transition;
use crate::domain::Kind;
use crate::i18n::fill;
use crate::store::tickets::Ticket;
use crate::text::{fit, one_line, width};
use crate::tui::screens::View;
use crate::tui::theme;
use crate::tui::widgets::form::Note;
use crate::tui::widgets::popup;
use crate::tui::widgets::table::{render_table, Column, ListState, TableCell, TableRow, Width};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

impl Dispatch {
    pub(super) fn title_line(&self, view: &View) -> Line<'static> {
        let lang = view.lang;
        let t = lang.t();
        let c = self.counts;
        let mut spans = vec![Span::styled(
            fill(t.board.heading, &[&self.order.len()]),
            theme::title(),
        )];
        if c.over > 0 {
            spans.push(Span::styled(
                fill(t.board.n_over, &[&c.over]),
                theme::error(),
            ));
        }
        if c.soon > 0 {
            spans.push(Span::styled(
                fill(t.board.n_soon, &[&c.soon]),
                theme::warn(),
            ));
        }
        if c.paused > 0 {
            spans.push(Span::styled(
                fill(t.board.n_paused, &[&c.paused]),
                theme::dim(),
            ));
        }
        if !self.unknown_years.is_empty() {
            let years: Vec<String> = self.unknown_years.iter().map(|y| y.to_string()).collect();
            spans.push(Span::styled(
                fill(t.board.calendar_unknown, &[&years.join("、")]),
                theme::warn(),
            ));
        }
        let (out, overdue_keys) = self.key_alerts;
        if overdue_keys > 0 {
            spans.push(Span::styled(
                fill(t.board.keys_overdue, &[&overdue_keys]),
                theme::error(),
            ));
        } else if out > 0 {
            spans.push(Span::raw(fill(t.board.keys_out, &[&out])));
        }
        let sort = match self.sort {
            Order::Deadline => t.board.by_deadline,
            Order::Newest => t.dispatch.newest_first,
            Order::Oldest => t.dispatch.oldest_first,
        };
        spans.push(Span::raw(format!("· {sort} ")));
        if !self.filter.is_empty() {
            let mut parts = Vec::new();
            if let Some(k) = self.filter.kind {
                parts.push(lang.kind(k).to_string());
            }
            if let Some(d) = &self.filter.dept {
                parts.push(lang.department(d).to_string());
            }
            if let Some(b) = self.filter.building {
                parts.push(fill(t.board.building, &[&b]));
            }
            if let Some(s) = self.filter.state {
                parts.push(lang.state(s).to_string());
            }
            spans.push(Span::styled(
                format!("{}{} ", t.board.filtered, parts.join("·")),
                theme::warn(),
            ));
        }
        Line::from(spans)
    }

    pub(super) fn render_search(&self, f: &mut Frame, area: Rect, view: &View) {
        let label = format!("{}: ", view.lang.t().board.search);
        let lw = width(&label) as u16;
        let style = if self.searching {
            theme::focus_label()
        } else {
            theme::label()
        };
        f.render_widget(
            Paragraph::new(Span::styled(label, style)),
            Rect::new(area.x, area.y, lw, 1),
        );
        let w = area.width.saturating_sub(lw).min(30);
        if self.searching {
            self.search.render(f, Rect::new(area.x + lw, area.y, w, 1));
        } else {
            f.render_widget(
                Paragraph::new(Span::styled(
                    fit(&self.search.value(), w as usize),
                    theme::input(),
                )),
                Rect::new(area.x + lw, area.y, w, 1),
            );
        }
    }

    pub(super) fn render_list(&self, f: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let t = lang.t();
        let columns = [
            Column::new(t.dispatch.col_no, Width::Content { min: 4, max: 8 }),
            Column::new(t.board.col_kind, Width::Content { min: 2, max: 10 }),
            Column::new(t.dispatch.col_unit, Width::Content { min: 8, max: 18 }),
            Column::new(t.dispatch.col_summary, Width::Fill { min: 8 }),
            Column::new(t.dispatch.col_dept, Width::Content { min: 4, max: 12 }),
            Column::new(t.dispatch.col_state, Width::Content { min: 4, max: 14 }),
            Column::new(t.board.col_due, Width::Content { min: 6, max: 12 }),
        ];
        let empty = if self.watermark.is_none() {
            t.board.loading
        } else if self.all.is_empty() {
            t.dispatch.empty
        } else {
            t.board.none_match
        };
        render_table(
            f,
            area,
            &self.list,
            &columns,
            self.order.len(),
            |pos| {
                let r = &self.all[self.order[pos]];
                let dept = self
                    .text
                    .department(&r.t)
                    .map(|d| lang.department(d))
                    .unwrap_or("-");
                let (due, due_style) = countdown(lang, r.standing(view.now, &self.rules));
                let mut summary = one_line(self.text.summary(&r.t));
                if r.t.escalated {
                    summary = format!("{}{summary}", t.board.escalated_mark);
                }
                if r.t.reopen_count > 0 {
                    summary = format!("{}{summary}", t.board.reopened_mark);
                }
                let style = if r.t.kind == Kind::Emergency {
                    theme::error()
                } else {
                    Style::default()
                };
                TableRow::new(vec![
                    format!("#{}", r.t.id).into(),
                    lang.kind_short(r.t.kind).into(),
                    self.text.place(&r.t).into(),
                    summary.into(),
                    dept.into(),
                    lang.state(r.t.state).into(),
                    TableCell::styled(due, due_style),
                ])
                .style(style)
            },
            empty,
        );
    }
}

/// The steps offered, numbered, over the detail pane.
pub(super) fn render_picker(
    f: &mut Frame,
    area: Rect,
    ticket: &Ticket,
    offered: &[&'static Transition],
    state: &ListState,
    view: &View,
) {
    let lang = view.lang;
    // Steps beyond the operator are offered, marked: a supervisor at the
    // desk authorises them in the form.
    let label =
        |r: &Transition| match authority::needs(ticket.kind, r, ticket.facts(), view.me.role) {
            Some(need) => fill(
                lang.t().dispatch.needs_role,
                &[&lang.action(r.action), &lang.role(need)],
            ),
            None => lang.action(r.action).to_string(),
        };
    let widest = offered.iter().map(|r| width(&label(r))).max().unwrap_or(8) as u16;
    let h = (offered.len() as u16 + 2).min(area.height);
    let rect = Rect::new(area.x + 2, area.y, (widest + 10).min(area.width), h);
    let inner = popup::open_titled(f, rect, lang.t().dispatch.steps);
    let lines: Vec<Line> = offered
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let style = if i == state.selected() {
                theme::selected()
            } else {
                Style::default()
            };
            Line::from(vec![
                Span::styled(format!(" {} ", i + 1), theme::key()),
                Span::styled(format!(" {} ", label(r)), style),
            ])
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}

pub(super) fn render_step(f: &mut Frame, area: Rect, sf: &StepForm, tk: &Ticket, view: &View) {
    let lang = view.lang;
    let t = lang.t();
    let title = fill(
        t.dispatch.step_title,
        &[&lang.action(sf.rule.action), &tk.id, &fit(&tk.place(), 12)],
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, theme::title()));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let body = match &sf.stale {
        Some(why) => {
            let note = Note::warn(fill(t.dispatch.step_gone, &[why]));
            f.render_widget(
                Paragraph::new(Span::styled(
                    fit(&note.text, inner.width as usize),
                    theme::warn(),
                )),
                Rect::new(inner.x, inner.y, inner.width, 1),
            );
            Rect {
                y: inner.y + 1,
                height: inner.height.saturating_sub(1),
                ..inner
            }
        }
        None => inner,
    };
    sf.form
        .render(f, body, sf.stale.is_none(), lang, view.keymap);
}
