//! What the callbacks screen draws: the month's figures line, the queue,
//! and the selected task's detail or the outcome form. Drawing only reads.

use super::Callbacks;
use super::{Detail, Entry, View};
use crate::domain::callback::Section;
use crate::i18n::fill;
use crate::present::CallbackText;
use crate::text::{fit, one_line};
use crate::tui::theme;
use crate::tui::widgets::table::{render_table, Column, TableRow, Width};
use chrono::NaiveDateTime;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

fn short(t: &NaiveDateTime) -> String {
    t.format("%m-%d %H:%M").to_string()
}

/// `11-24` for an end-of-day deadline, else `11-24 14:00`.
fn due_text(due: &NaiveDateTime) -> String {
    if due.time() == chrono::NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default() {
        due.format("%m-%d").to_string()
    } else {
        short(due)
    }
}

impl Callbacks {
    pub(super) fn draw(&self, f: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let t = &lang.t().callbacks;
        let bottom_h = match &self.form {
            Some(of) => of.height().clamp(5, area.height.saturating_sub(5).max(5)),
            None => 7,
        };
        let [head, top, bottom] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(bottom_h),
        ])
        .areas(area);
        if let Some(fig) = &self.figures {
            let short = fig.households_short()
                || fig.satisfaction_short()
                || fig.coverage_short()
                || fig.sample_off()
                || fig.counts.overdue > 0;
            let style = if short { theme::warn() } else { theme::title() };
            f.render_widget(
                Paragraph::new(Span::styled(
                    fit(&lang.cb_figures(fig), head.width as usize),
                    style,
                )),
                head,
            );
        }
        self.render_list(f, top, view);
        match (&self.form, self.selected()) {
            (Some(of), _) => of.render(f, bottom, view),
            (None, Some(_)) => render_detail(f, bottom, self.selected_detail(), view),
            (None, None) => {
                let text = if self.rows_loaded || !self.queuing {
                    t.empty
                } else {
                    t.loading
                };
                let empty = Paragraph::new(Span::styled(text, theme::dim()))
                    .block(Block::default().borders(Borders::TOP));
                f.render_widget(empty, bottom);
            }
        }
    }

    fn render_list(&self, f: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let t = &lang.t().callbacks;
        let content = |min, max| Width::Content { min, max };
        let columns = [
            Column::new(t.col_ticket, content(4, 8)),
            Column::new(t.col_unit, content(6, 16)),
            Column::new(t.col_kind, content(4, 12)),
            Column::new(t.col_summary, Width::Fill { min: 8 }),
            Column::new(t.col_handled, Width::Fixed(11)),
            Column::new(t.col_due, content(5, 11)),
            Column::new(t.col_attempts, content(1, 3)),
        ];
        render_table(
            f,
            area,
            &self.list,
            &columns,
            self.entries.len(),
            |i| match self.entries[i] {
                Entry::Heading(s, count) => {
                    let (mark, style) = if s == Section::Overdue {
                        ("⚠ ", theme::warn())
                    } else {
                        ("▸ ", theme::title())
                    };
                    TableRow::heading(format!("{mark}{} ({count})", lang.cb_section(s)), style)
                }
                Entry::Task(i) => {
                    let r = &self.rows.rows[i];
                    TableRow::new(vec![
                        format!("#{}", r.ticket_id).into(),
                        self.rows.text.place(r).into(),
                        lang.kind(r.kind).into(),
                        one_line(self.rows.text.summary(r)).into(),
                        short(&r.handled_at).into(),
                        due_text(&r.due_at).into(),
                        r.attempts.to_string().into(),
                    ])
                }
            },
            if self.rows_loaded || !self.queuing {
                t.empty
            } else {
                t.loading
            },
        );
    }
}

/// The selected task's detail; only its frame until it is read (the
/// queue holds what the list shows, not the task whole).
fn render_detail(f: &mut Frame, area: Rect, detail: Option<&Detail>, view: &View) {
    let lang = view.lang;
    let t = &lang.t().callbacks;
    let w = area.width as usize;
    let block = Block::default()
        .borders(Borders::TOP)
        .title(Span::styled(t.detail, theme::title()));
    let Some(Detail {
        task,
        attempts,
        sample,
    }) = detail
    else {
        f.render_widget(block, area);
        return;
    };
    let mut lines: Vec<Line> = Vec::new();
    let wo = task.wo_no.clone().unwrap_or_default();
    lines.push(Line::from(vec![
        Span::styled(format!("#{} {} ", task.ticket_id, wo), theme::title()),
        Span::raw(fit(
            &format!(
                "{} · {} · {} · {} {}",
                lang.kind(task.kind),
                task.place(),
                lang.state(task.state),
                task.reporter,
                task.phone
            ),
            w.saturating_sub(20),
        )),
    ]));
    lines.push(Line::from(fit(&one_line(&task.description), w)));
    let mut facts = vec![
        lang.cb_reason(task.reason).to_string(),
        format!("{} {}", t.col_handled, short(&task.handled_at)),
        format!("{} {}", t.col_due, short(&task.due_at)),
    ];
    if let Some(nb) = &task.not_before {
        facts.push(fill(t.not_before, &[&short(nb)]));
    }
    if let Some(d) = &task.department {
        facts.push(lang.department(d).to_string());
    }
    if task.reopen_count > 0 {
        facts.push(fill(t.reopened_times, &[&task.reopen_count]));
    }
    lines.push(Line::from(Span::styled(
        fit(&facts.join(" · "), w),
        theme::dim(),
    )));
    {
        if let Some(s) = sample {
            lines.push(Line::from(Span::styled(
                fit(&lang.cb_sample(s), w),
                theme::dim(),
            )));
        }
        let calls = if attempts.is_empty() {
            t.no_attempts.to_string()
        } else {
            let list: Vec<String> = attempts
                .iter()
                .map(|a| {
                    let verdict = a
                        .satisfaction
                        .map(|v| lang.cb_verdict(v))
                        .unwrap_or(t.unreached);
                    let words = one_line(&a.words);
                    if words.is_empty() {
                        format!("{} {} {verdict}", short(&a.at), a.caller)
                    } else {
                        format!("{} {} {verdict}「{words}」", short(&a.at), a.caller)
                    }
                })
                .collect();
            format!(
                "{}{}",
                fill(t.attempts_head, &[&attempts.len()]),
                list.join("；")
            )
        };
        lines.push(Line::from(fit(&calls, w)));
    }
    f.render_widget(Paragraph::new(lines).block(block), area);
}
