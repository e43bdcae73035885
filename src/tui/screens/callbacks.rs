//! 回访 Callbacks: the queue in three sections (overdue, due today, upcoming)
//! under a line of this month's figures against the targets; Enter records a
//! call in a form (who, how, reached, ratings, verdict, the resident's words).
//! An unsatisfied verdict sends the ticket back to work through the store.

use super::{Ctx, Nav, Screen, ScreenId, View};
use crate::domain::callback::{self, CallbackError, Figures, Method, Outcome, Rating, Section};
use crate::i18n::{fill, Lang};
use crate::present::CallbackText;
use crate::store::callbacks::{Attempt, Sample, Task, Which};
use crate::store::StoreError;
use crate::text::{fit, one_line, pad};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::theme;
use crate::tui::widgets::form::{Field, Form, FormEvent};
use crate::tui::widgets::list::ListState;
use chrono::NaiveDateTime;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

/// The record form's fields, in order (also the draft's keys).
const FIELDS: &[&str] = &[
    "at",
    "caller",
    "method",
    "reached",
    "verdict",
    "timeliness",
    "attitude",
    "workmanship",
    "words",
];

struct OutcomeForm {
    task_id: i64,
    ticket_id: i64,
    version: i64,
    place: String,
    handled_at: NaiveDateTime,
    form: Form,
}

/// One line of the list: a section heading or a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    Heading(Section, usize),
    Task(usize),
}

pub struct Callbacks {
    rows: Vec<Task>,
    /// The section of each row, as of the last reload.
    sections: Vec<Section>,
    list: ListState,
    /// First list line drawn (headings included).
    offset: usize,
    figures: Option<Figures>,
    /// Calls so far and the sampling decision of the selected task.
    detail: Option<(i64, Vec<Attempt>, Option<Sample>)>,
    form: Option<OutcomeForm>,
}

impl Default for Callbacks {
    fn default() -> Self {
        Callbacks::new()
    }
}

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

fn rating_options(lang: Lang) -> Vec<(String, String)> {
    let mut v = vec![(String::new(), lang.cb_rating(None).to_string())];
    v.extend(
        Rating::ALL
            .iter()
            .map(|r| (r.code().to_string(), lang.cb_rating(Some(*r)).to_string())),
    );
    v
}

impl Callbacks {
    pub fn new() -> Self {
        Callbacks {
            rows: Vec::new(),
            sections: Vec::new(),
            list: ListState::default(),
            offset: 0,
            figures: None,
            detail: None,
            form: None,
        }
    }

    fn selected(&self) -> Option<&Task> {
        self.rows.get(self.list.selected)
    }

    fn entries(&self) -> Vec<Entry> {
        let mut out = Vec::new();
        let mut last = None;
        for (i, s) in self.sections.iter().enumerate() {
            if last != Some(*s) {
                let n = self.sections.iter().filter(|x| *x == s).count();
                out.push(Entry::Heading(*s, n));
                last = Some(*s);
            }
            out.push(Entry::Task(i));
        }
        out
    }

    /// The first list line to draw so the selection (and, when it fits, its
    /// heading) is visible in `rows` lines.
    fn window(&self, rows: usize) -> usize {
        let rows = rows.max(1);
        let entries = self.entries();
        let Some(at) = entries
            .iter()
            .position(|e| *e == Entry::Task(self.list.selected))
        else {
            return 0;
        };
        let heading_above = at > 0 && matches!(entries[at - 1], Entry::Heading(..));
        let top = if heading_above { at - 1 } else { at };
        if top < self.offset {
            top
        } else if at >= self.offset + rows {
            at + 1 - rows
        } else {
            self.offset
        }
    }

    fn reload_rows(&mut self, ctx: &mut Ctx) {
        let keep = self.selected().map(|t| t.id);
        match ctx.store.callback_queue(ctx.now, Which::All) {
            Ok(rows) => self.rows = rows,
            Err(e) => ctx.store_error(&e),
        }
        self.sections = self
            .rows
            .iter()
            .map(|t| callback::section(t.due_at, ctx.now))
            .collect();
        if let Some(id) = keep {
            if let Some(i) = self.rows.iter().position(|t| t.id == id) {
                self.list.selected = i;
            }
        }
        self.list.clamp(self.rows.len());
        match ctx.store.callback_figures(ctx.now) {
            Ok(f) => self.figures = Some(f),
            Err(e) => ctx.store_error(&e),
        }
    }

    fn load_detail(&mut self, ctx: &mut Ctx) {
        let Some(id) = self.selected().map(|t| t.id) else {
            self.detail = None;
            return;
        };
        let attempts = ctx.store.callback_attempts(id);
        let sample = ctx.store.callback_sample(id);
        match (attempts, sample) {
            (Ok(a), Ok(s)) => self.detail = Some((id, a, s)),
            (Err(e), _) | (_, Err(e)) => {
                self.detail = None;
                ctx.store_error(&e);
            }
        }
    }

    fn build_form(ctx: &Ctx, task: &Task) -> Option<OutcomeForm> {
        let lang = ctx.lang;
        let t = &lang.t().callbacks;
        let mut people: Vec<(String, String)> = Vec::new();
        for s in ctx
            .store
            .desk_staff()
            .unwrap_or_default()
            .into_iter()
            .chain(ctx.store.technicians(None).unwrap_or_default())
        {
            if !people.iter().any(|p| p.0 == s.name) {
                people.push((s.name.clone(), s.name));
            }
        }
        let mut verdicts = vec![(String::new(), t.choose.to_string())];
        verdicts.extend(
            callback::Satisfaction::ALL
                .iter()
                .map(|v| (v.code().to_string(), lang.cb_verdict(*v).to_string())),
        );
        let mut form = Form::new(vec![
            Field::line("at", t.f_at, 16).required(),
            Field::choice("caller", t.f_caller, people),
            Field::choice(
                "method",
                t.f_method,
                Method::ALL
                    .iter()
                    .map(|m| (m.code().to_string(), lang.cb_method(*m).to_string()))
                    .collect(),
            ),
            Field::toggle("reached", t.f_reached),
            Field::choice("verdict", t.f_verdict, verdicts),
            Field::choice("timeliness", t.f_timeliness, rating_options(lang)),
            Field::choice("attitude", t.f_attitude, rating_options(lang)),
            Field::choice("workmanship", t.f_workmanship, rating_options(lang)),
            Field::area("words", t.f_words),
        ]);
        form.set("at", &ctx.now.format("%Y-%m-%d %H:%M").to_string());
        form.set("caller", &ctx.me.name);
        form.set("reached", "yes");
        form.focus_on("verdict");
        Some(OutcomeForm {
            task_id: task.id,
            ticket_id: task.ticket_id,
            version: task.version,
            place: task.place().to_string(),
            handled_at: task.handled_at,
            form,
        })
    }

    fn open_form(&mut self, ctx: &mut Ctx) {
        let Some(task) = self.selected().cloned() else {
            return;
        };
        self.form = Callbacks::build_form(ctx, &task);
    }

    /// Mark the field an error is about and say why.
    fn mark(&mut self, key: &str, msg: String, ctx: &mut Ctx) {
        if let Some(f) = self.form.as_mut() {
            f.form.set_note(
                key,
                Some((ctx.lang.t().common.required.to_string(), theme::error())),
            );
            f.form.focus_on(key);
        }
        ctx.error(msg);
    }

    fn submit(&mut self, ctx: &mut Ctx) {
        let lang = ctx.lang;
        let Some(f) = self.form.as_mut() else {
            return;
        };
        f.form.clear_notes();
        let value = |k: &str| f.form.value(k);
        let Some(at) = crate::clock::parse(&value("at")) else {
            let msg = lang.t().callbacks.bad_time.to_string();
            self.mark("at", msg, ctx);
            return;
        };
        let outcome = Outcome {
            at,
            caller: Some(value("caller")).filter(|c| !c.is_empty()),
            method: value("method").parse().unwrap_or(Method::Phone),
            reached: f.form.toggle("reached").unwrap_or(true),
            timeliness: value("timeliness").parse().ok(),
            attitude: value("attitude").parse().ok(),
            workmanship: value("workmanship").parse().ok(),
            satisfaction: value("verdict").parse().ok(),
            words: value("words"),
        };
        // The same check the store makes, first, to point at the field.
        if let Err(e) = callback::normalize(outcome.clone(), f.handled_at, ctx.now) {
            let key = match e {
                CallbackError::VerdictMissing => "verdict",
                CallbackError::WordsMissing | CallbackError::TooLong => "words",
                _ => "at",
            };
            self.mark(key, lang.callback_error(&e), ctx);
            return;
        }
        let (task_id, version) = (f.task_id, f.version);
        match ctx
            .store
            .record_callback(task_id, Some(version), &outcome, ctx.me, ctx.now)
        {
            Ok(r) => {
                ctx.ok(lang.cb_recorded(&r));
                self.form = None;
                self.reload(ctx);
            }
            Err(StoreError::Stale { by, at, .. }) => {
                // Never overwrite: say who changed it, re-read, keep the form.
                ctx.error(fill(lang.t().common.stale, &[&by, &at]));
                self.reload(ctx);
                match self.rows.iter().find(|t| t.id == task_id) {
                    Some(t) => {
                        if let Some(f) = self.form.as_mut() {
                            f.version = t.version;
                        }
                    }
                    None => self.form = None,
                }
            }
            Err(e) => ctx.store_error(&e),
        }
    }
}

impl Screen for Callbacks {
    fn id(&self) -> ScreenId {
        ScreenId::Callbacks
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.t().callbacks.title
    }

    fn contexts(&self) -> Vec<Context> {
        if self.form.is_some() {
            vec![Context::Step]
        } else {
            vec![Context::Callbacks]
        }
    }

    fn wants_text(&self) -> bool {
        self.form.as_ref().is_some_and(|f| f.form.wants_text())
    }

    fn handle(&mut self, action: Action, ctx: &mut Ctx) {
        if let Some(f) = self.form.as_mut() {
            match action {
                Action::Save => self.submit(ctx),
                Action::NextField => f.form.next(),
                Action::PrevField => f.form.prev(),
                Action::Back => {
                    self.form = None;
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
            Action::Select => self.open_form(ctx),
            Action::LookupUnit => {
                if let Some(code) = self.selected().and_then(|t| t.unit.clone()) {
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
        let Some(f) = self.form.as_mut() else {
            return;
        };
        if f.form.handle_key(key) == FormEvent::Submit {
            self.submit(ctx);
        }
    }

    fn paste(&mut self, text: &str, _ctx: &mut Ctx) {
        if let Some(f) = self.form.as_mut() {
            f.form.paste(text);
        }
    }

    fn reload(&mut self, ctx: &mut Ctx) {
        self.reload_rows(ctx);
        self.load_detail(ctx);
    }

    /// The time and caller are prefilled: only the resident's words are
    /// work that quitting would lose.
    fn is_dirty(&self) -> bool {
        self.form
            .as_ref()
            .is_some_and(|f| !f.form.value("words").trim().is_empty())
    }

    fn draft(&self) -> Option<String> {
        let f = self.form.as_ref().filter(|_| self.is_dirty())?;
        let mut m = serde_json::Map::new();
        m.insert("task".into(), f.task_id.into());
        for k in FIELDS {
            m.insert((*k).into(), f.form.value(k).into());
        }
        Some(serde_json::Value::Object(m).to_string())
    }

    fn restore_draft(&mut self, body: &str, ctx: &mut Ctx) {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(body) else {
            return;
        };
        let Some(i) = v["task"]
            .as_i64()
            .and_then(|id| self.rows.iter().position(|t| t.id == id))
        else {
            return;
        };
        self.list.selected = i;
        self.load_detail(ctx);
        self.open_form(ctx);
        if let Some(f) = self.form.as_mut() {
            for k in FIELDS {
                if let Some(s) = v[*k].as_str() {
                    f.form.set(k, s);
                }
            }
        }
        ctx.info(ctx.lang.t().intake.draft_restored);
    }

    fn render(&self, f: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let t = &lang.t().callbacks;
        let bottom_h = self.bottom_height(area.height);
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
            (Some(of), _) => render_form(f, bottom, of, view),
            (None, Some(task)) => {
                let detail = self.detail.as_ref().filter(|(id, _, _)| *id == task.id);
                render_detail(f, bottom, task, detail, view);
            }
            (None, None) => {
                let empty = Paragraph::new(Span::styled(t.empty, theme::dim()))
                    .block(Block::default().borders(Borders::TOP));
                f.render_widget(empty, bottom);
            }
        }
    }

    fn after_draw(&mut self, rows: u16) {
        let list = rows
            .saturating_sub(self.bottom_height(rows))
            .saturating_sub(2);
        self.offset = self.window(list as usize);
    }
}

impl Callbacks {
    fn bottom_height(&self, rows: u16) -> u16 {
        match &self.form {
            Some(f) => (f.form.height() + 2).clamp(5, rows.saturating_sub(5).max(5)),
            None => 7,
        }
    }

    fn render_list(&self, f: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let t = &lang.t().callbacks;
        if area.height == 0 {
            return;
        }
        // Columns (display cells): ticket, unit, kind, summary, handled, due, attempts.
        let (w_no, w_unit, w_kind, w_time, w_att) = (6usize, 10usize, 8usize, 11usize, 3usize);
        let w_sum = (area.width as usize)
            .saturating_sub(w_no + w_unit + w_kind + 2 * w_time + w_att + 6)
            .max(6);
        let head = format!(
            "{} {} {} {} {} {} {}",
            pad(t.col_ticket, w_no),
            pad(t.col_unit, w_unit),
            pad(t.col_kind, w_kind),
            pad(t.col_summary, w_sum),
            pad(t.col_handled, w_time),
            pad(t.col_due, w_time),
            pad(t.col_attempts, w_att),
        );
        f.render_widget(
            Paragraph::new(Span::styled(head, theme::header())),
            Rect::new(area.x, area.y, area.width, 1),
        );
        let rows_h = area.height.saturating_sub(1) as usize;
        if self.rows.is_empty() {
            f.render_widget(
                Paragraph::new(Span::styled(t.empty, theme::dim())),
                Rect::new(area.x, area.y + 1, area.width, 1),
            );
            return;
        }
        let start = self.window(rows_h);
        for (n, e) in self.entries().iter().skip(start).take(rows_h).enumerate() {
            let y = area.y + 1 + n as u16;
            let (text, style) = match *e {
                Entry::Heading(s, count) => {
                    let mark = if s == Section::Overdue {
                        "⚠ "
                    } else {
                        "▸ "
                    };
                    let style = if s == Section::Overdue {
                        theme::warn()
                    } else {
                        theme::title()
                    };
                    (format!("{mark}{} ({count})", lang.cb_section(s)), style)
                }
                Entry::Task(i) => {
                    let r = &self.rows[i];
                    let line = format!(
                        "{} {} {} {} {} {} {}",
                        pad(&format!("#{}", r.ticket_id), w_no),
                        pad(r.place(), w_unit),
                        pad(lang.kind(r.kind), w_kind),
                        pad(&one_line(r.summary()), w_sum),
                        pad(&short(&r.handled_at), w_time),
                        pad(&due_text(&r.due_at), w_time),
                        pad(&r.attempts.to_string(), w_att),
                    );
                    let style = if i == self.list.selected {
                        theme::selected()
                    } else {
                        Style::default()
                    };
                    (line, style)
                }
            };
            f.render_widget(
                Paragraph::new(Span::styled(text, style)),
                Rect::new(area.x, y, area.width, 1),
            );
        }
    }
}

fn render_detail(
    f: &mut Frame,
    area: Rect,
    task: &Task,
    detail: Option<&(i64, Vec<Attempt>, Option<Sample>)>,
    view: &View,
) {
    let lang = view.lang;
    let t = &lang.t().callbacks;
    let w = area.width as usize;
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
    if let Some((_, attempts, sample)) = detail {
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
    let block = Block::default()
        .borders(Borders::TOP)
        .title(Span::styled(t.detail, theme::title()));
    f.render_widget(Paragraph::new(lines).block(block), area);
}

fn render_form(f: &mut Frame, area: Rect, of: &OutcomeForm, view: &View) {
    let lang = view.lang;
    let t = &lang.t().callbacks;
    let title = fill(t.form_title, &[&of.ticket_id, &fit(&of.place, 12)]);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, theme::title()));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let common = &lang.t().common;
    of.form.render(f, inner, true, (common.yes, common.no));
}
