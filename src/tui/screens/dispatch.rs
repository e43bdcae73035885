//! 派工 Dispatch: open tickets, the steps the transition table allows for the
//! selected one, and a form for the chosen step's fields.

use super::step_form::StepForm;
use super::{Ctx, Nav, Screen, ScreenId, View};
use crate::domain::transitions::{self, Transition};
use crate::i18n::{fill, Lang};
use crate::store::tickets::{Filter, Ticket, TicketSummary};
use crate::store::{parse_ts, StoreError};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::theme;
use crate::tui::widgets::form::FormEvent;
use crate::tui::widgets::list::ListState;
use crate::tui::widgets::text::{fit, one_line, pad};
use chrono::NaiveDateTime;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

pub struct Dispatch {
    rows: Vec<TicketSummary>,
    list: ListState,
    oldest_first: bool,
    /// The selected ticket in full, and the steps offered for it.
    detail: Option<(Ticket, Vec<&'static Transition>)>,
    step: Option<StepForm>,
}

impl Default for Dispatch {
    fn default() -> Self {
        Dispatch::new()
    }
}

/// "35分", "5时20分", "3天" — how long a ticket has been open.
pub fn age(lang: Lang, from: &str, now: NaiveDateTime) -> String {
    let Some(t) = parse_ts(from) else {
        return String::new();
    };
    let mins = (now - t).num_minutes().max(0);
    let u = &lang.t().units;
    if mins < 60 {
        format!("{mins}{}", u.min)
    } else if mins < 48 * 60 {
        format!("{}{}{:02}", mins / 60, u.hour, mins % 60)
    } else {
        format!("{}{}", mins / (24 * 60), u.day)
    }
}

impl Dispatch {
    pub fn new() -> Self {
        Dispatch {
            rows: Vec::new(),
            list: ListState::default(),
            oldest_first: false,
            detail: None,
            step: None,
        }
    }

    fn selected_id(&self) -> Option<i64> {
        self.rows.get(self.list.selected).map(|r| r.id)
    }

    fn load_detail(&mut self, ctx: &mut Ctx) {
        self.detail = match self.selected_id() {
            Some(id) => match ctx.store.ticket(id) {
                Ok(t) => {
                    let offered = transitions::offered(t.kind, t.state);
                    Some((t, offered))
                }
                Err(e) => {
                    ctx.store_error(&e);
                    None
                }
            },
            None => None,
        };
    }

    fn open_step(&mut self, n: u8, ctx: &mut Ctx) {
        let Some((ticket, offered)) = &self.detail else {
            return;
        };
        match offered.get(n as usize - 1) {
            Some(rule) => {
                let mut sf = StepForm::new(ticket, rule, ctx.store, ctx.lang);
                sf.form.focus = 0;
                self.step = Some(sf);
            }
            None => ctx.error(ctx.lang.t().dispatch.no_such_step),
        }
    }

    fn apply_step(&mut self, ctx: &mut Ctx) {
        let lang = ctx.lang;
        let Some(sf) = self.step.as_mut() else {
            return;
        };
        let input = match sf.input(lang) {
            Ok(i) => i,
            Err(msg) => {
                ctx.error(msg);
                return;
            }
        };
        let action = sf.rule.action;
        match ctx
            .store
            .transition(sf.ticket_id, sf.version, action, &input, ctx.me, ctx.now)
        {
            Ok(t) => {
                let mut msg = fill(
                    lang.t().dispatch.done,
                    &[&t.id, &lang.action(action), &lang.state(t.state)],
                );
                if let Some(wo) = &t.wo_no {
                    msg.push_str(&format!(" · {wo}"));
                }
                ctx.ok(msg);
                self.step = None;
                self.reload(ctx);
            }
            Err(StoreError::Stale { by, at, .. }) => {
                // Never overwrite: show who changed it, re-read, keep the form.
                ctx.error(fill(lang.t().common.stale, &[&by, &at]));
                self.load_detail(ctx);
                let still = self.detail.as_ref().and_then(|(t, offered)| {
                    offered
                        .iter()
                        .any(|r| r.action == action)
                        .then_some(t.version)
                });
                match (still, self.step.as_mut()) {
                    (Some(v), Some(sf)) => sf.version = v,
                    _ => self.step = None,
                }
                self.reload_rows(ctx);
            }
            Err(e) => ctx.store_error(&e),
        }
    }

    fn reload_rows(&mut self, ctx: &mut Ctx) {
        let keep = self.selected_id();
        let filter = Filter {
            open_only: true,
            oldest_first: self.oldest_first,
            ..Default::default()
        };
        match ctx.store.list_tickets(&filter) {
            Ok(rows) => self.rows = rows,
            Err(e) => ctx.store_error(&e),
        }
        if let Some(id) = keep {
            if let Some(i) = self.rows.iter().position(|r| r.id == id) {
                self.list.selected = i;
            }
        }
        self.list.clamp(self.rows.len());
    }
}

impl Screen for Dispatch {
    fn id(&self) -> ScreenId {
        ScreenId::Dispatch
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.t().dispatch.title
    }

    fn contexts(&self) -> Vec<Context> {
        if self.step.is_some() {
            vec![Context::Step]
        } else {
            vec![Context::Dispatch]
        }
    }

    fn wants_text(&self) -> bool {
        self.step.as_ref().is_some_and(|s| s.form.wants_text())
    }

    fn handle(&mut self, action: Action, ctx: &mut Ctx) {
        if self.step.is_some() {
            match action {
                Action::Save => self.apply_step(ctx),
                Action::NextField => self.step.as_mut().map(|s| s.form.next()).unwrap_or(()),
                Action::PrevField => self.step.as_mut().map(|s| s.form.prev()).unwrap_or(()),
                Action::Back => {
                    self.step = None;
                    ctx.info(ctx.lang.t().common.cancelled);
                }
                _ => {}
            }
            return;
        }
        let len = self.rows.len();
        let before = self.list.selected;
        match action {
            Action::Up => self.list.up(1),
            Action::Down => self.list.down(1, len),
            Action::PageUp => self.list.up(10),
            Action::PageDown => self.list.down(10, len),
            Action::Home => self.list.home(),
            Action::End => self.list.end(len),
            Action::Sort => {
                self.oldest_first = !self.oldest_first;
                self.reload_rows(ctx);
            }
            Action::Step(n) => self.open_step(n, ctx),
            Action::LookupUnit => {
                if let Some(code) = self
                    .rows
                    .get(self.list.selected)
                    .and_then(|r| r.unit.clone())
                {
                    *ctx.nav = Some(Nav::LookupFor(code));
                }
            }
            _ => {}
        }
        if self.list.selected != before || self.detail.is_none() {
            self.load_detail(ctx);
        }
    }

    fn text_key(&mut self, key: &KeyEvent, ctx: &mut Ctx) {
        let Some(sf) = self.step.as_mut() else {
            return;
        };
        match sf.form.handle_key(key) {
            FormEvent::Changed("dept") => sf.refresh_technicians(ctx.store, ctx.lang),
            FormEvent::Submit => self.apply_step(ctx),
            _ => {}
        }
    }

    fn paste(&mut self, text: &str, _ctx: &mut Ctx) {
        if let Some(sf) = self.step.as_mut() {
            sf.form.paste(text);
        }
    }

    fn reload(&mut self, ctx: &mut Ctx) {
        self.reload_rows(ctx);
        self.load_detail(ctx);
    }

    fn is_dirty(&self) -> bool {
        self.step.as_ref().is_some_and(|s| s.form.has_text())
    }

    fn render(&self, f: &mut Frame, area: Rect, view: &View) {
        let t = view.lang.t();
        let detail_h = self.detail_height(area.height);
        let [top, bottom] =
            Layout::vertical([Constraint::Min(4), Constraint::Length(detail_h)]).areas(area);
        let order = if self.oldest_first {
            t.dispatch.oldest_first
        } else {
            t.dispatch.newest_first
        };
        let title = fill(t.dispatch.heading, &[&self.rows.len(), &order]);
        let block = Block::default()
            .borders(Borders::TOP)
            .title(Span::styled(title, theme::title()));
        let inner = block.inner(top);
        f.render_widget(block, top);
        self.render_list(f, inner, view);
        match (&self.step, &self.detail) {
            (Some(sf), Some((ticket, _))) => render_step(f, bottom, sf, ticket, view),
            (None, Some((ticket, offered))) => render_detail(f, bottom, ticket, offered, view),
            _ => {
                let empty = Paragraph::new(Span::styled(t.dispatch.empty, theme::dim()))
                    .block(Block::default().borders(Borders::TOP));
                f.render_widget(empty, bottom);
            }
        }
    }

    fn after_draw(&mut self, rows: u16) {
        // The list gets what the detail pane leaves, less its header lines.
        let detail = self.detail_height(rows);
        self.list
            .scroll_to(rows.saturating_sub(detail + 2) as usize);
    }
}

impl Dispatch {
    /// The bottom pane: the detail, or the step form at the height it needs.
    fn detail_height(&self, rows: u16) -> u16 {
        match &self.step {
            Some(sf) => (sf.form.height() + 2).clamp(5, rows.saturating_sub(6).max(5)),
            None => 8,
        }
    }

    fn render_list(&self, f: &mut Frame, area: Rect, view: &View) {
        let t = view.lang.t();
        let lang = view.lang;
        if area.height == 0 {
            return;
        }
        // Columns (display cells): #id, unit, summary, department, state, age.
        let (w_id, w_unit, w_dept, w_state, w_age) = (5usize, 10usize, 7usize, 7usize, 7usize);
        let w_sum = (area.width as usize)
            .saturating_sub(w_id + w_unit + w_dept + w_state + w_age + 6)
            .max(6);
        let head = format!(
            "{} {} {} {} {} {}",
            pad(t.dispatch.col_no, w_id),
            pad(t.dispatch.col_unit, w_unit),
            pad(t.dispatch.col_summary, w_sum),
            pad(t.dispatch.col_dept, w_dept),
            pad(t.dispatch.col_state, w_state),
            pad(t.dispatch.col_age, w_age)
        );
        f.render_widget(
            Paragraph::new(Span::styled(head, theme::header())),
            Rect::new(area.x, area.y, area.width, 1),
        );
        let rows_h = area.height.saturating_sub(1) as usize;
        let start = self.list.window(rows_h);
        for (i, r) in self.rows.iter().enumerate().skip(start).take(rows_h) {
            let y = area.y + 1 + (i - start) as u16;
            let dept = r
                .department
                .as_deref()
                .map(|d| lang.department(d))
                .unwrap_or("-");
            let summary = format!("{}{}", kind_mark(lang, r), one_line(r.summary()));
            let line = format!(
                "{} {} {} {} {} {}",
                pad(&format!("#{}", r.id), w_id),
                pad(r.place(), w_unit),
                pad(&summary, w_sum),
                pad(dept, w_dept),
                pad(lang.state(r.state), w_state),
                pad(&age(lang, &r.created_at, view.now), w_age)
            );
            let style = if i == self.list.selected {
                theme::selected()
            } else {
                ratatui::style::Style::default()
            };
            f.render_widget(
                Paragraph::new(Span::styled(line, style)),
                Rect::new(area.x, y, area.width, 1),
            );
        }
    }
}

/// A short kind tag before the summary, so mixed lists read at a glance.
fn kind_mark(lang: Lang, r: &TicketSummary) -> String {
    format!("[{}]", lang.kind_short(r.kind))
}

fn render_detail(
    f: &mut Frame,
    area: Rect,
    tk: &Ticket,
    offered: &[&'static Transition],
    view: &View,
) {
    let lang = view.lang;
    let t = lang.t();
    let mut lines: Vec<Line> = Vec::new();
    let wo = tk.wo_no.clone().unwrap_or_default();
    lines.push(Line::from(vec![
        Span::styled(format!("#{} {} ", tk.id, wo), theme::title()),
        Span::raw(format!(
            "{} · {} · {} · {} {}",
            lang.kind(tk.kind),
            tk.place(),
            lang.state(tk.state),
            tk.reporter,
            tk.phone
        )),
    ]));
    lines.push(Line::from(one_line(&tk.description)));
    let dept = tk
        .department
        .as_deref()
        .map(|d| lang.department(d))
        .unwrap_or("-");
    lines.push(Line::from(Span::styled(
        fill(
            t.dispatch.detail_line,
            &[
                &if tk.preferred_time.is_empty() {
                    "-"
                } else {
                    &tk.preferred_time
                },
                &dept,
                &tk.technician.as_deref().unwrap_or("-"),
                &tk.owner,
                &tk.created_at.get(5..16).unwrap_or(""),
            ],
        ),
        theme::dim(),
    )));
    if let Some(reason) = &tk.hold_reason {
        lines.push(Line::from(Span::styled(
            format!("{}: {}", t.dispatch.on_hold_because, reason),
            theme::warn(),
        )));
    }
    let mut steps: Vec<Span> = vec![Span::raw(format!("{}: ", t.dispatch.steps))];
    if offered.is_empty() {
        steps.push(Span::styled(t.dispatch.no_steps, theme::dim()));
    }
    for (i, rule) in offered.iter().enumerate() {
        steps.push(Span::styled(format!("{}", i + 1), theme::key()));
        steps.push(Span::raw(format!(" {}  ", lang.action(rule.action))));
    }
    lines.push(Line::from(steps));
    let block = Block::default()
        .borders(Borders::TOP)
        .title(Span::styled(t.dispatch.detail, theme::title()));
    f.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        area,
    );
}

fn render_step(f: &mut Frame, area: Rect, sf: &StepForm, tk: &Ticket, view: &View) {
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
    if sf.form.fields.is_empty() {
        let msg = fill(t.dispatch.confirm_step, &[&lang.action(sf.rule.action)]);
        f.render_widget(Paragraph::new(msg), inner);
        return;
    }
    sf.form.render(f, inner, true, (t.common.yes, t.common.no));
}
