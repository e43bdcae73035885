//! 派工 Dispatch board: every open ticket of every kind, overdue first, then by
//! time left, with a live countdown; filters and a quick search; the steps the
//! selected ticket's table allows, each with a form for its fields.
//!
//! Countdowns are computed from the clock at each draw (no SQL); the rows are
//! re-read when the database changes and re-sorted every few seconds.

use super::step_form::StepForm;
use super::{Ctx, Nav, Screen, ScreenId, View};
use crate::domain::deadline::{self, DeadlineRules, DeadlineStatus, Standing};
use crate::domain::transitions::{self, Transition};
use crate::domain::{Kind, State};
use crate::i18n::{fill, Lang};
use crate::store::deadlines::{Deadline, Running};
use crate::store::tickets::{Filter, Ticket, TicketSummary};
use crate::store::StoreError;
use crate::text::{fit, one_line, pad, width};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::theme;
use crate::tui::widgets::form::{Field, Form, FormEvent};
use crate::tui::widgets::line_input::LineInput;
use crate::tui::widgets::list::ListState;
use chrono::NaiveDateTime;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

/// One open ticket with its running deadline.
#[derive(Debug, Clone)]
pub struct Row {
    pub t: TicketSummary,
    pub run: Option<Running>,
}

impl Row {
    pub fn standing(&self, now: NaiveDateTime, rules: &DeadlineRules) -> Option<Standing> {
        self.run
            .as_ref()
            .map(|r| deadline::standing(r.due_at, now, r.held_since, rules))
    }

    fn matches(&self, f: &BoardFilter, search: &str) -> bool {
        let t = &self.t;
        if f.kind.is_some_and(|k| k != t.kind)
            || f.state.is_some_and(|s| s != t.state)
            || f.dept
                .as_ref()
                .is_some_and(|d| t.department.as_ref() != Some(d))
            || f.building.is_some_and(|b| t.building != Some(b))
        {
            return false;
        }
        let q = search.trim();
        q.is_empty()
            || format!("#{}", t.id) == q
            || t.place().contains(q)
            || t.description.contains(q)
            || t.reporter.contains(q)
            || t.wo_no.as_deref().is_some_and(|w| w.contains(q))
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct BoardFilter {
    pub kind: Option<Kind>,
    pub dept: Option<String>,
    pub building: Option<u16>,
    pub state: Option<State>,
}

impl BoardFilter {
    fn is_empty(&self) -> bool {
        *self == BoardFilter::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    /// Overdue first, then by time left (the board's purpose).
    Deadline,
    Newest,
    Oldest,
}

pub struct Dispatch {
    all: Vec<Row>,
    /// Indices into `all`, filtered and sorted; re-sorted every few seconds.
    order: Vec<usize>,
    list: ListState,
    sort: Order,
    filter: BoardFilter,
    filter_form: Option<Form>,
    search: LineInput,
    searching: bool,
    rules: DeadlineRules,
    sorted_at: Option<NaiveDateTime>,
    /// The selected ticket in full, its deadlines and the steps offered.
    detail: Option<(Ticket, Vec<&'static Transition>, Vec<Deadline>)>,
    step: Option<StepForm>,
    /// Keys out / overdue, shown on the status line of the board.
    pub key_alerts: (i64, i64),
}

impl Default for Dispatch {
    fn default() -> Self {
        Dispatch::new()
    }
}

/// "35分", "5时20", "3天" — how long ago.
pub fn age(lang: Lang, t: NaiveDateTime, now: NaiveDateTime) -> String {
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

/// The countdown cell: `超0:12⚠`, `!剩0:15`, `剩1:45`, `停1:45`, and its style.
pub fn countdown(lang: Lang, s: Option<Standing>) -> (String, Style) {
    let t = lang.t();
    let u = &t.units;
    let c = |secs| deadline::clock_text(secs, u.day, u.hour);
    match s {
        None => ("-".into(), theme::dim()),
        Some(Standing::Overdue(x)) => (format!("{}{}⚠", t.board.over, c(x)), theme::error()),
        Some(Standing::DueSoon(x)) => (format!("!{}{}", t.board.left, c(x)), theme::warn()),
        Some(Standing::Left(x)) => (format!("{}{}", t.board.left, c(x)), Style::default()),
        Some(Standing::Paused(x)) if x < 0 => (
            format!("{}{}{}", t.board.paused, t.board.over, c(x)),
            theme::dim(),
        ),
        Some(Standing::Paused(x)) => (format!("{}{}", t.board.paused, c(x)), theme::dim()),
    }
}

impl Dispatch {
    pub fn new() -> Self {
        Dispatch {
            all: Vec::new(),
            order: Vec::new(),
            list: ListState::default(),
            sort: Order::Deadline,
            filter: BoardFilter::default(),
            filter_form: None,
            search: LineInput::new(30),
            searching: false,
            rules: DeadlineRules::default(),
            sorted_at: None,
            detail: None,
            step: None,
            key_alerts: (0, 0),
        }
    }

    fn selected(&self) -> Option<&Row> {
        self.order.get(self.list.selected).map(|&i| &self.all[i])
    }

    fn selected_id(&self) -> Option<i64> {
        self.selected().map(|r| r.t.id)
    }

    /// Filter and sort, keeping the selection on the same ticket.
    fn resort(&mut self, now: NaiveDateTime) {
        let keep = self.selected_id();
        let search = self.search.value().to_string();
        let mut order: Vec<usize> = (0..self.all.len())
            .filter(|&i| self.all[i].matches(&self.filter, &search))
            .collect();
        let rules = &self.rules;
        let all = &self.all;
        match self.sort {
            Order::Deadline => order.sort_by_key(|&i| {
                let r = &all[i];
                // Without a running deadline: emergencies first, then the rest.
                let idle = (3, i64::from(r.t.kind != Kind::Emergency));
                let key = r.standing(now, rules).map(|s| s.sort_key()).unwrap_or(idle);
                (key, std::cmp::Reverse(r.t.created_at))
            }),
            Order::Newest => order.sort_by(|&a, &b| {
                all[b]
                    .t
                    .created_at
                    .cmp(&all[a].t.created_at)
                    .then(all[b].t.id.cmp(&all[a].t.id))
            }),
            Order::Oldest => order.sort_by(|&a, &b| {
                all[a]
                    .t
                    .created_at
                    .cmp(&all[b].t.created_at)
                    .then(all[a].t.id.cmp(&all[b].t.id))
            }),
        }
        self.order = order;
        if let Some(id) = keep {
            if let Some(p) = self.order.iter().position(|&i| self.all[i].t.id == id) {
                self.list.selected = p;
            }
        }
        self.list.clamp(self.order.len());
        self.sorted_at = Some(now);
    }

    fn load_detail(&mut self, ctx: &mut Ctx) {
        self.detail = match self.selected_id() {
            Some(id) => match (ctx.store.ticket(id), ctx.store.deadlines(id)) {
                (Ok(t), Ok(d)) => {
                    let offered = transitions::offered(t.kind, t.state);
                    Some((t, offered, d))
                }
                (Err(e), _) | (_, Err(e)) => {
                    ctx.store_error(&e);
                    None
                }
            },
            None => None,
        };
    }

    fn reload_rows(&mut self, ctx: &mut Ctx) {
        self.rules = ctx.store.rules().deadlines.clone();
        let filter = Filter {
            open_only: true,
            ..Default::default()
        };
        let rows = ctx.store.list_tickets(&filter);
        let runs = ctx.store.running_deadlines();
        match (rows, runs) {
            (Ok(rows), Ok(mut runs)) => {
                self.all = rows
                    .into_iter()
                    .map(|t| {
                        let run = runs.remove(&t.id);
                        Row { t, run }
                    })
                    .collect();
            }
            (Err(e), _) | (_, Err(e)) => ctx.store_error(&e),
        }
        self.key_alerts = ctx
            .store
            .key_alerts(ctx.now)
            .map(|k| (k.out, k.overdue))
            .unwrap_or((0, 0));
        self.resort(ctx.now);
    }

    fn open_step(&mut self, n: u8, ctx: &mut Ctx) {
        let Some((ticket, offered, _)) = &self.detail else {
            return;
        };
        match offered.get(n as usize - 1) {
            Some(rule) => self.step = Some(StepForm::new(ticket, rule, ctx.store, ctx.lang)),
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
                // Never overwrite: say who changed it, re-read, keep the form.
                ctx.error(fill(lang.t().common.stale, &[&by, &at]));
                self.reload_rows(ctx);
                self.load_detail(ctx);
                let still = self.detail.as_ref().and_then(|(t, offered, _)| {
                    (t.id == sf_id(&self.step) && offered.iter().any(|r| r.action == action))
                        .then_some(t.version)
                });
                match (still, self.step.as_mut()) {
                    (Some(v), Some(sf)) => sf.version = v,
                    _ => self.step = None,
                }
            }
            Err(e) => ctx.store_error(&e),
        }
    }

    fn open_filter(&mut self, ctx: &mut Ctx) {
        let lang = ctx.lang;
        let t = lang.t();
        let all = t.board.all.to_string();
        let with_all = |mut v: Vec<(String, String)>| {
            v.insert(0, (String::new(), all.clone()));
            v
        };
        let kinds = with_all(
            Kind::ALL
                .iter()
                .map(|k| (k.code().into(), lang.kind(*k).into()))
                .collect(),
        );
        let depts = with_all(
            ctx.store
                .departments()
                .unwrap_or_default()
                .into_iter()
                .map(|d| {
                    (
                        d.code.clone(),
                        lang.pick(&d.name_zh, &d.name_en).to_string(),
                    )
                })
                .collect(),
        );
        let mut buildings: Vec<u16> = self.all.iter().filter_map(|r| r.t.building).collect();
        buildings.sort_unstable();
        buildings.dedup();
        let buildings = with_all(
            buildings
                .iter()
                .map(|b| (b.to_string(), fill(t.board.building, &[b])))
                .collect(),
        );
        let mut states: Vec<State> = self.all.iter().map(|r| r.t.state).collect();
        states.sort();
        states.dedup();
        let states = with_all(
            states
                .iter()
                .map(|s| (s.code().into(), lang.state(*s).into()))
                .collect(),
        );
        let mut form = Form::new(vec![
            Field::choice("kind", t.board.f_kind, kinds),
            Field::choice("dept", t.board.f_dept, depts),
            Field::choice("building", t.board.f_building, buildings),
            Field::choice("state", t.board.f_state, states),
        ]);
        form.set("kind", self.filter.kind.map(|k| k.code()).unwrap_or(""));
        form.set("dept", self.filter.dept.as_deref().unwrap_or(""));
        form.set(
            "building",
            &self
                .filter
                .building
                .map(|b| b.to_string())
                .unwrap_or_default(),
        );
        form.set("state", self.filter.state.map(|s| s.code()).unwrap_or(""));
        self.filter_form = Some(form);
    }

    fn apply_filter(&mut self, now: NaiveDateTime) {
        if let Some(f) = self.filter_form.take() {
            let v = |k: &str| Some(f.value(k)).filter(|s| !s.is_empty());
            self.filter = BoardFilter {
                kind: v("kind").and_then(|s| s.parse().ok()),
                dept: v("dept"),
                building: v("building").and_then(|s| s.parse().ok()),
                state: v("state").and_then(|s| s.parse().ok()),
            };
            self.list = ListState::default();
            self.resort(now);
        }
    }

    /// The bottom pane: the detail, a form at the height it needs.
    fn detail_height(&self, rows: u16) -> u16 {
        let form = self
            .step
            .as_ref()
            .map(|s| &s.form)
            .or(self.filter_form.as_ref());
        match form {
            Some(f) => (f.height() + 2).clamp(5, rows.saturating_sub(6).max(5)),
            None => 8,
        }
    }
}

fn sf_id(step: &Option<StepForm>) -> i64 {
    step.as_ref().map(|s| s.ticket_id).unwrap_or(-1)
}

impl Screen for Dispatch {
    fn id(&self) -> ScreenId {
        ScreenId::Dispatch
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.t().dispatch.title
    }

    fn contexts(&self) -> Vec<Context> {
        if self.step.is_some() || self.filter_form.is_some() {
            vec![Context::Step]
        } else if self.searching {
            vec![Context::Search]
        } else {
            vec![Context::Dispatch]
        }
    }

    fn wants_text(&self) -> bool {
        self.searching || self.step.as_ref().is_some_and(|s| s.form.wants_text())
    }

    fn handle(&mut self, action: Action, ctx: &mut Ctx) {
        if self.filter_form.is_some() {
            match action {
                Action::Save | Action::Select => self.apply_filter(ctx.now),
                Action::NextField => self.filter_form.as_mut().map(|f| f.next()).unwrap_or(()),
                Action::PrevField => self.filter_form.as_mut().map(|f| f.prev()).unwrap_or(()),
                Action::Back => self.filter_form = None,
                _ => {}
            }
            self.load_detail(ctx);
            return;
        }
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
        if self.searching {
            match action {
                Action::Select => self.searching = false,
                Action::Back => {
                    self.searching = false;
                    self.search.clear();
                    self.resort(ctx.now);
                }
                _ => {}
            }
            self.load_detail(ctx);
            return;
        }
        let len = self.order.len();
        let before = self.selected_id();
        match action {
            Action::Up => self.list.up(1),
            Action::Down => self.list.down(1, len),
            Action::PageUp => self.list.up(10),
            Action::PageDown => self.list.down(10, len),
            Action::Home => self.list.home(),
            Action::End => self.list.end(len),
            Action::Sort => {
                self.sort = match self.sort {
                    Order::Deadline => Order::Newest,
                    Order::Newest => Order::Oldest,
                    Order::Oldest => Order::Deadline,
                };
                self.resort(ctx.now);
            }
            Action::Filter => self.open_filter(ctx),
            Action::Search => self.searching = true,
            Action::Back if !self.filter.is_empty() || !self.search.is_empty() => {
                self.filter = BoardFilter::default();
                self.search.clear();
                self.resort(ctx.now);
                ctx.info(ctx.lang.t().board.cleared);
            }
            Action::Step(n) => self.open_step(n, ctx),
            Action::LookupUnit => {
                if let Some(code) = self.selected().and_then(|r| r.t.unit.clone()) {
                    *ctx.nav = Some(Nav::LookupFor(code));
                }
            }
            _ => {}
        }
        if self.selected_id() != before || self.detail.is_none() {
            self.load_detail(ctx);
        }
    }

    fn text_key(&mut self, key: &KeyEvent, ctx: &mut Ctx) {
        if let Some(f) = self.filter_form.as_mut() {
            if f.handle_key(key) == FormEvent::Submit {
                self.apply_filter(ctx.now);
                self.load_detail(ctx);
            }
            return;
        }
        if self.searching {
            if self.search.handle(key) {
                self.list = ListState::default();
                self.resort(ctx.now);
                self.load_detail(ctx);
            }
            return;
        }
        let Some(sf) = self.step.as_mut() else {
            // Typing on the list starts a search, like most list screens.
            if let KeyCode::Char(c) = key.code {
                if c.is_ascii_digit() || !c.is_ascii() {
                    self.searching = true;
                    self.search.insert_str(&c.to_string());
                    self.resort(ctx.now);
                    self.load_detail(ctx);
                }
            }
            return;
        };
        match sf.form.handle_key(key) {
            FormEvent::Changed("dept") => sf.refresh_technicians(ctx.store, ctx.lang),
            FormEvent::Submit => self.apply_step(ctx),
            _ => {}
        }
    }

    fn paste(&mut self, text: &str, ctx: &mut Ctx) {
        if let Some(sf) = self.step.as_mut() {
            sf.form.paste(text);
        } else if self.searching {
            self.search.insert_str(text.trim());
            self.resort(ctx.now);
        }
    }

    fn reload(&mut self, ctx: &mut Ctx) {
        self.reload_rows(ctx);
        self.load_detail(ctx);
    }

    fn on_second(&mut self, now: NaiveDateTime) {
        // Countdowns redraw every second from the clock; the order catches up
        // every 15 s so rows do not jump under the operator's cursor.
        if self.sorted_at.is_none_or(|t| (now - t).num_seconds() >= 15) {
            self.resort(now);
        }
    }

    fn is_dirty(&self) -> bool {
        self.step.as_ref().is_some_and(|s| s.form.has_text())
    }

    fn render(&self, f: &mut Frame, area: Rect, view: &View) {
        let detail_h = self.detail_height(area.height);
        let [top, bottom] =
            Layout::vertical([Constraint::Min(4), Constraint::Length(detail_h)]).areas(area);
        let block = Block::default()
            .borders(Borders::TOP)
            .title(self.title_line(view));
        let inner = block.inner(top);
        f.render_widget(block, top);
        let list_area = if self.searching || !self.search.is_empty() {
            self.render_search(
                f,
                Rect::new(inner.x, inner.bottom().saturating_sub(1), inner.width, 1),
                view,
            );
            Rect::new(
                inner.x,
                inner.y,
                inner.width,
                inner.height.saturating_sub(1),
            )
        } else {
            inner
        };
        self.render_list(f, list_area, view);
        let t = view.lang.t();
        match (&self.step, &self.filter_form, &self.detail) {
            (Some(sf), _, Some((ticket, _, _))) => render_step(f, bottom, sf, ticket, view),
            (None, Some(form), _) => {
                let block = Block::default()
                    .borders(Borders::ALL)
                    .title(Span::styled(t.board.filter_title, theme::title()));
                let inner = block.inner(bottom);
                f.render_widget(block, bottom);
                form.render(f, inner, true, (t.common.yes, t.common.no));
            }
            (None, None, Some((ticket, offered, deadlines))) => {
                let held = self
                    .selected()
                    .and_then(|r| r.run.as_ref())
                    .and_then(|r| r.held_since);
                render_detail(
                    f,
                    bottom,
                    (ticket, offered, deadlines, held),
                    view,
                    &self.rules,
                )
            }
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
        let search = u16::from(self.searching || !self.search.is_empty());
        self.list
            .scroll_to(rows.saturating_sub(detail + 2 + search) as usize);
    }
}

impl Dispatch {
    fn title_line(&self, view: &View) -> Line<'static> {
        let lang = view.lang;
        let t = lang.t();
        let shown: Vec<&Row> = self.order.iter().map(|&i| &self.all[i]).collect();
        let count = |pred: fn(Standing) -> bool| {
            shown
                .iter()
                .filter(|r| r.standing(view.now, &self.rules).is_some_and(pred))
                .count()
        };
        let over = count(|s| matches!(s, Standing::Overdue(_)));
        let soon = count(|s| matches!(s, Standing::DueSoon(_)));
        let paused = count(|s| matches!(s, Standing::Paused(_)));
        let mut spans = vec![Span::styled(
            fill(t.board.heading, &[&shown.len()]),
            theme::title(),
        )];
        if over > 0 {
            spans.push(Span::styled(fill(t.board.n_over, &[&over]), theme::error()));
        }
        if soon > 0 {
            spans.push(Span::styled(fill(t.board.n_soon, &[&soon]), theme::warn()));
        }
        if paused > 0 {
            spans.push(Span::styled(
                fill(t.board.n_paused, &[&paused]),
                theme::dim(),
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

    fn render_search(&self, f: &mut Frame, area: Rect, view: &View) {
        let label = format!("{}: ", view.lang.t().board.search);
        let lw = width(&label) as u16;
        f.render_widget(
            Paragraph::new(Span::styled(label, theme::focus_label())),
            Rect::new(area.x, area.y, lw, 1),
        );
        let w = area.width.saturating_sub(lw).min(30);
        let (shown, cur) = self.search.view(w.saturating_sub(1) as usize);
        let style = if self.searching {
            theme::input_focus()
        } else {
            theme::input()
        };
        f.render_widget(
            Paragraph::new(Span::styled(pad(&shown, w as usize), style)),
            Rect::new(area.x + lw, area.y, w, 1),
        );
        if self.searching {
            f.set_cursor_position((area.x + lw + cur as u16, area.y));
        }
    }

    fn render_list(&self, f: &mut Frame, area: Rect, view: &View) {
        let t = view.lang.t();
        let lang = view.lang;
        if area.height == 0 {
            return;
        }
        // Columns (display cells): #id, kind, unit, summary, department, state, countdown.
        let (w_id, w_kind, w_unit, w_dept, w_state, w_due) =
            (5usize, 2usize, 10usize, 6usize, 6usize, 10usize);
        let fixed = w_id + w_kind + w_unit + w_dept + w_state + w_due + 6;
        let w_sum = (area.width as usize).saturating_sub(fixed).max(6);
        let head = format!(
            "{} {} {} {} {} {} {}",
            pad(t.dispatch.col_no, w_id),
            pad(t.board.col_kind, w_kind),
            pad(t.dispatch.col_unit, w_unit),
            pad(t.dispatch.col_summary, w_sum),
            pad(t.dispatch.col_dept, w_dept),
            pad(t.dispatch.col_state, w_state),
            pad(t.board.col_due, w_due)
        );
        f.render_widget(
            Paragraph::new(Span::styled(head, theme::header())),
            Rect::new(area.x, area.y, area.width, 1),
        );
        let rows_h = area.height.saturating_sub(1) as usize;
        if self.order.is_empty() {
            let msg = if self.all.is_empty() {
                t.dispatch.empty
            } else {
                t.board.none_match
            };
            f.render_widget(
                Paragraph::new(Span::styled(msg, theme::dim())),
                Rect::new(area.x, area.y + 1, area.width, 1),
            );
            return;
        }
        let start = self.list.window(rows_h);
        for (pos, &i) in self.order.iter().enumerate().skip(start).take(rows_h) {
            let r = &self.all[i];
            let y = area.y + 1 + (pos - start) as u16;
            let dept =
                r.t.department
                    .as_deref()
                    .map(|d| lang.department(d))
                    .unwrap_or("-");
            let (due, due_style) = countdown(lang, r.standing(view.now, &self.rules));
            let mut summary = one_line(r.t.summary());
            if r.t.escalated {
                summary = format!("{}{summary}", t.board.escalated_mark);
            }
            if r.t.reopen_count > 0 {
                summary = format!("{}{summary}", t.board.reopened_mark);
            }
            let left = format!(
                "{} {} {} {} {} {} ",
                pad(&format!("#{}", r.t.id), w_id),
                pad(lang.kind_short(r.t.kind), w_kind),
                pad(r.t.place(), w_unit),
                pad(&summary, w_sum),
                pad(dept, w_dept),
                pad(lang.state(r.t.state), w_state),
            );
            let selected = pos == self.list.selected;
            let base = if selected {
                theme::selected()
            } else {
                Style::default()
            };
            let kind_style = if r.t.kind == Kind::Emergency {
                theme::error()
            } else {
                Style::default()
            };
            let line = Line::from(vec![
                Span::styled(
                    left,
                    base.patch(if selected {
                        Style::default()
                    } else {
                        kind_style
                    }),
                ),
                Span::styled(pad(&due, w_due), if selected { base } else { due_style }),
            ]);
            f.render_widget(Paragraph::new(line), Rect::new(area.x, y, area.width, 1));
        }
    }
}

type DetailParts<'a> = (
    &'a Ticket,
    &'a [&'static Transition],
    &'a [Deadline],
    Option<NaiveDateTime>,
);

fn render_detail(
    f: &mut Frame,
    area: Rect,
    parts: DetailParts,
    view: &View,
    rules: &DeadlineRules,
) {
    let (tk, offered, deadlines, held) = parts;
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
                &tk.created_at.format("%m-%d %H:%M"),
            ],
        ),
        theme::dim(),
    )));
    lines.push(deadline_line(lang, deadlines, held, view.now, rules));
    let mut notes = Vec::new();
    if let Some(reason) = &tk.hold_reason {
        notes.push(format!("{}: {}", t.dispatch.on_hold_because, reason));
    }
    if let Some(e) = tk.escalated_to {
        let who = lang.escalate_to(e);
        notes.push(fill(
            t.board.escalated_to,
            &[
                &who,
                &tk.escalated_at
                    .map(|a| a.format("%m-%d %H:%M").to_string())
                    .unwrap_or_default(),
            ],
        ));
    }
    if tk.reopen_count > 0 {
        notes.push(fill(t.board.reopened, &[&tk.reopen_count]));
    }
    if let Some(u) = tk.urgency {
        notes.push(lang.urgency(u).to_string());
    }
    if !notes.is_empty() {
        lines.push(Line::from(Span::styled(notes.join(" · "), theme::warn())));
    }
    let mut steps: Vec<Span> = vec![Span::raw(format!("{}: ", t.dispatch.steps))];
    if offered.is_empty() {
        steps.push(Span::styled(t.dispatch.no_steps, theme::dim()));
    }
    for (i, rule) in offered.iter().enumerate() {
        steps.push(Span::styled(format!("{}", i + 1), theme::key()));
        steps.push(Span::raw(format!(" {} ", lang.action(rule.action))));
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

/// `时限: 派工 10:20✓ · 取单 10:25 超0:03 · 完工 17:00 剩6:35 · 暂停共 1:20`
fn deadline_line(
    lang: Lang,
    ds: &[Deadline],
    held: Option<NaiveDateTime>,
    now: NaiveDateTime,
    rules: &DeadlineRules,
) -> Line<'static> {
    let t = lang.t();
    let mut spans = vec![Span::raw(format!("{}: ", t.board.deadlines))];
    if ds.is_empty() {
        spans.push(Span::styled(t.dispatch.no_steps, theme::dim()));
    }
    let mut paused = 0;
    // Show the latest round of each promise.
    let mut latest: Vec<&Deadline> = Vec::new();
    for d in ds {
        paused += d.paused_secs;
        match latest.iter_mut().find(|x| x.what == d.what) {
            Some(x) if d.round > x.round => *x = d,
            Some(_) => {}
            None => latest.push(d),
        }
    }
    for d in latest.iter().filter(|d| d.status != DeadlineStatus::Void) {
        let due = d.due_at.format("%H:%M").to_string();
        let day = if d.due_at.date() != now.date() {
            d.due_at.format("%m-%d ").to_string()
        } else {
            String::new()
        };
        spans.push(Span::raw(format!("{} {day}{due}", lang.deadline(d.what))));
        let mark = match d.status {
            DeadlineStatus::Met => (" ✓".to_string(), theme::ok()),
            DeadlineStatus::Missed => (format!(" {}", t.board.missed), theme::error()),
            DeadlineStatus::Pending | DeadlineStatus::Void => {
                let s = Some(deadline::standing(d.due_at, now, held, rules));
                let (text, style) = countdown(lang, s);
                (format!(" {text}"), style)
            }
        };
        spans.push(Span::styled(mark.0, mark.1));
        spans.push(Span::raw(" · "));
    }
    if paused > 0 {
        let u = &t.units;
        spans.push(Span::styled(
            fill(
                t.board.paused_total,
                &[&deadline::clock_text(paused, u.day, u.hour)],
            ),
            theme::dim(),
        ));
    } else if spans.len() > 1 {
        spans.pop();
    }
    Line::from(spans)
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
    sf.form.render(f, inner, true, (t.common.yes, t.common.no));
}
