//! 派工 Dispatch board: every open ticket of every kind, overdue first, then
//! by time left, with a live countdown; filters and a quick search (typing
//! on the board searches); Enter offers the steps the selected ticket's
//! table allows, each with a form for its fields.
//!
//! Countdowns are computed from the clock at each draw (no SQL). The rows
//! are light (what the list shows and the search finds); they are read whole
//! once, then only the tickets changed since the last load (see
//! `store::board`), on the loader's thread when there is one, and the
//! selection stays on the same ticket through every refresh. The order does
//! not depend on the clock (`rows::sort_key`), so time passing never
//! re-sorts; the title's counts are recomputed only when a deadline crosses
//! a boundary. The selected ticket's details are read when it is selected.

pub(crate) mod detail;
mod filter;
mod load;
mod paper;
pub mod rows;
pub mod step_form;
mod view;

pub use detail::{age, countdown};

use super::{Ctx, Nav, Screen, ScreenId, Target, View};
use crate::domain::auth::Via;
use crate::domain::authority;
use crate::domain::deadline::DeadlineRules;
use crate::domain::transitions::{self, Transition};
use crate::domain::Kind;
use crate::i18n::{fill, Lang};
use crate::present::AuthText;
use crate::store::board::BoardText;
use crate::store::deadlines::Deadline;
use crate::store::emergency::EmergencyRecord;
use crate::store::tickets::Ticket;
use crate::store::StoreError;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::loader::Done;
use crate::tui::theme;
use crate::tui::widgets::form::{Form, FormEvent, Note};
use crate::tui::widgets::table::ListState;
use crate::tui::widgets::text_field::TextField;
use chrono::NaiveDateTime;
use filter::FilterKey;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;
use rows::{BoardFilter, Counts, Order, Row};
use std::collections::HashMap;
use step_form::{StepForm, StepKey};

pub struct Dispatch {
    all: Vec<Row>,
    /// The rows' words (place, description, …), one string for all.
    text: BoardText,
    /// Bytes of `text` no row points at any more (rows replaced or gone).
    garbage: usize,
    /// Ticket id → its place in `all`.
    index: HashMap<i64, usize>,
    /// Indices into `all`, filtered and sorted.
    order: Vec<usize>,
    /// The last audit row the rows have seen (None: not loaded yet).
    watermark: Option<i64>,
    /// A load is on the loader's thread; `again`: another was asked for
    /// meanwhile.
    loading: bool,
    again: bool,
    list: ListState,
    sort: Order,
    filter: BoardFilter,
    filter_form: Option<Form<FilterKey>>,
    search: TextField,
    searching: bool,
    rules: DeadlineRules,
    counts: Counts,
    /// When the counts change next (a deadline comes due soon or passes).
    counts_until: Option<NaiveDateTime>,
    /// The selected ticket in full, its deadlines and the steps offered.
    detail: Option<(Ticket, Vec<&'static Transition>, Vec<Deadline>)>,
    /// The selected emergency's record, once filled in.
    record: Option<EmergencyRecord>,
    /// Enter on a ticket: the steps to choose from.
    picker: Option<ListState>,
    step: Option<StepForm>,
    /// Keys out / overdue, shown on the title line of the board.
    pub key_alerts: (i64, i64),
    /// Years of running deadlines (or this year) with no holiday list.
    pub unknown_years: Vec<i32>,
}

impl Default for Dispatch {
    fn default() -> Self {
        Dispatch::new()
    }
}

impl Dispatch {
    pub fn new() -> Self {
        let mut search = TextField::line(30);
        search.set_focus(true);
        Dispatch {
            all: Vec::new(),
            text: BoardText::default(),
            garbage: 0,
            index: HashMap::new(),
            order: Vec::new(),
            watermark: None,
            loading: false,
            again: false,
            list: ListState::default(),
            sort: Order::Deadline,
            filter: BoardFilter::default(),
            filter_form: None,
            search,
            searching: false,
            rules: DeadlineRules::default(),
            counts: Counts::default(),
            counts_until: None,
            detail: None,
            record: None,
            picker: None,
            step: None,
            key_alerts: (0, 0),
            unknown_years: Vec::new(),
        }
    }

    fn selected(&self) -> Option<&Row> {
        self.order.get(self.list.selected()).map(|&i| &self.all[i])
    }

    fn selected_id(&self) -> Option<i64> {
        self.selected().map(|r| r.t.id)
    }

    /// Filter and sort, keeping the selection on ticket `keep`.
    fn resort(&mut self, now: NaiveDateTime, keep: Option<i64>) {
        let search = self.search.value();
        self.order = rows::order(&self.all, &self.text, &self.filter, &search, self.sort);
        self.keep_selection(now, keep);
    }

    fn keep_selection(&mut self, now: NaiveDateTime, keep: Option<i64>) {
        // Found by place in `all`: the order is scanned, not the rows.
        let place = keep.and_then(|id| self.index.get(&id).copied());
        if let Some(p) = place.and_then(|i| self.order.iter().position(|&j| j == i)) {
            self.list.select(p, self.order.len());
        }
        self.list.clamp(self.order.len());
        self.recount(now);
    }

    fn recount(&mut self, now: NaiveDateTime) {
        (self.counts, self.counts_until) = if self.order.len() == self.all.len() {
            // Every row shown: read them in memory order.
            rows::counts(&self.all, 0..self.all.len(), now, &self.rules)
        } else {
            rows::counts(&self.all, self.order.iter().copied(), now, &self.rules)
        };
    }

    fn load_detail(&mut self, ctx: &mut Ctx) {
        self.record = None;
        let emergency = self.selected().is_some_and(|r| r.t.kind == Kind::Emergency);
        if let (true, Some(id)) = (emergency, self.selected_id()) {
            match ctx.store.emergency_record(id) {
                Ok(r) => self.record = r,
                Err(e) => ctx.store_error(&e),
            }
        }
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

    fn open_step(&mut self, n: usize, ctx: &mut Ctx) {
        self.picker = None;
        let Some((ticket, offered, _)) = &self.detail else {
            return;
        };
        match offered.get(n) {
            Some(rule) => {
                let need = authority::needs(ticket.kind, rule, ticket.facts(), ctx.me.role);
                self.step = Some(StepForm::new(ticket, rule, need, ctx.store, ctx.lang))
            }
            None => ctx.error(ctx.lang.t().dispatch.no_such_step),
        }
    }

    fn apply_step(&mut self, ctx: &mut Ctx) {
        let lang = ctx.lang;
        let Some(sf) = self.step.as_mut() else {
            return;
        };
        if let Some(why) = &sf.stale {
            ctx.error(why.clone());
            return;
        }
        let input = match sf.input(lang) {
            Ok(i) => i,
            Err(msg) => {
                ctx.error(msg);
                return;
            }
        };
        let (id, action) = (sf.ticket_id, sf.rule.action);
        let result = match sf.authority {
            None => ctx
                .store
                .transition(id, sf.version, action, &input, ctx.me, ctx.now),
            // A supervisor at the desk authorises it: their PIN first (outside
            // any write), then the step on their authority.
            Some(_) => {
                let who = sf.form.value(StepKey::Supervisor);
                let pin = sf.form.value(StepKey::Pin);
                sf.form.set(StepKey::Pin, "");
                match ctx
                    .store
                    .authorise_at_desk(&who, &pin, Via::Tui, ctx.client, ctx.now)
                {
                    Ok(sup) => ctx.store.transition_authorised(
                        id, sf.version, action, &input, &sup, ctx.me, ctx.now,
                    ),
                    Err(e) => {
                        let msg = lang.auth_error(&e);
                        sf.form
                            .set_note(StepKey::Pin, Some(Note::error(msg.clone())));
                        sf.form.focus_on(StepKey::Pin);
                        // The operator is signed in: say whose PIN it was.
                        ctx.error(fill(lang.t().dispatch.not_authorised, &[&who, &msg]));
                        return;
                    }
                }
            }
        };
        match result {
            Ok(t) => {
                let mut msg = fill(
                    lang.t().dispatch.done,
                    &[&t.id, &lang.action(action), &lang.state(t.state)],
                );
                if let Some(wo) = &t.wo_no {
                    msg.push_str(&format!(" · {wo}"));
                }
                msg.push_str(&super::calendar_warning(ctx, t.id));
                ctx.ok(msg);
                self.step = None;
                self.reload(ctx);
            }
            Err(StoreError::Stale { by, at, .. }) => {
                // Never overwrite: say who changed it, re-read, keep the form.
                let msg = fill(lang.t().common.stale, &[&by, &at]);
                ctx.error(msg.clone());
                self.reload_rows(ctx);
                self.load_detail(ctx);
                let still = self.detail.as_ref().and_then(|(t, offered, _)| {
                    (t.id == id && offered.iter().any(|r| r.action == action)).then_some(t.version)
                });
                if let Some(sf) = self.step.as_mut() {
                    match still {
                        Some(v) => sf.version = v,
                        // The step no longer applies: keep what was typed on
                        // screen until Esc, so nothing is lost.
                        None => sf.stale = Some(msg),
                    }
                }
            }
            Err(e) => ctx.store_error(&e),
        }
    }

    fn start_search(&mut self) {
        self.searching = true;
        self.picker = None;
    }

    fn search_changed(&mut self, ctx: &mut Ctx) {
        self.list.select(0, 0);
        self.resort(ctx.now, None);
        self.load_detail(ctx);
    }

    /// The bottom pane: the detail, or a form at the height it needs.
    fn detail_height(&self, rows: u16) -> u16 {
        let form_h = match (&self.step, &self.filter_form) {
            (Some(s), _) => Some(s.form.height() + 3),
            (None, Some(f)) => Some(f.height() + 2),
            _ => None,
        };
        match form_h {
            Some(h) => h.clamp(5, rows.saturating_sub(6).max(5)),
            None => 8,
        }
    }

    fn handle_step(&mut self, action: Action, ctx: &mut Ctx) {
        let Some(sf) = self.step.as_mut() else {
            return;
        };
        if action == Action::Discard || (sf.stale.is_some() && action == Action::Back) {
            self.step = None;
            ctx.info(ctx.lang.t().common.cancelled);
            return;
        }
        match sf.form.handle(action) {
            FormEvent::Submit => self.apply_step(ctx),
            FormEvent::Changed(StepKey::Field(crate::domain::Field::Department)) => {
                sf.refresh_technicians(ctx.store, ctx.lang)
            }
            FormEvent::Cancel => {
                self.step = None;
                ctx.info(ctx.lang.t().common.cancelled);
            }
            FormEvent::AskDiscard => ctx.ask_discard(),
            _ => {}
        }
    }

    fn handle_filter(&mut self, action: Action, ctx: &mut Ctx) {
        let Some(form) = self.filter_form.as_mut() else {
            return;
        };
        match form.handle(action) {
            FormEvent::Submit => {
                self.filter = filter::read(form);
                self.filter_form = None;
                self.list.select(0, 0);
                self.resort(ctx.now, None);
                self.load_detail(ctx);
            }
            // Choosing a filter is not typing: Esc closes at once.
            FormEvent::Cancel | FormEvent::AskDiscard => self.filter_form = None,
            _ => {}
        }
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
        if let Some(s) = &self.step {
            s.form.contexts()
        } else if let Some(f) = &self.filter_form {
            f.contexts()
        } else if self.picker.is_some() {
            vec![Context::Steps, Context::Picker]
        } else if self.searching {
            vec![Context::Search, Context::Text, Context::List]
        } else {
            vec![Context::Dispatch, Context::List, Context::ListVi]
        }
    }

    fn wants_text(&self) -> bool {
        self.searching || self.step.as_ref().is_some_and(|s| s.form.wants_text())
    }

    fn handle(&mut self, action: Action, ctx: &mut Ctx) {
        if self.step.is_some() {
            return self.handle_step(action, ctx);
        }
        if self.filter_form.is_some() {
            return self.handle_filter(action, ctx);
        }
        if let Some(p) = self.picker.as_mut() {
            let n = self.detail.as_ref().map(|d| d.1.len()).unwrap_or(0);
            match action {
                Action::Step(k) => self.open_step(usize::from(k).saturating_sub(1), ctx),
                Action::Select => {
                    let i = p.selected();
                    self.open_step(i, ctx);
                }
                Action::Back => self.picker = None,
                a => {
                    p.handle(a, n);
                }
            }
            return;
        }
        let before = self.selected_id();
        let len = self.order.len();
        match action {
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Home
            | Action::End => {
                self.list.handle(action, len);
            }
            // The search line: Enter keeps the search, Esc drops it.
            Action::Select if self.searching => self.searching = false,
            Action::Back if self.searching => {
                self.searching = false;
                self.search.clear();
                self.search_changed(ctx);
            }
            a if self.searching && self.search.apply(a) => self.search_changed(ctx),
            // Nothing else applies to the search line.
            _ if self.searching => {}
            Action::Sort => {
                self.sort = self.sort.next();
                self.resort(ctx.now, before);
            }
            Action::Filter => {
                self.filter_form = Some(filter::build(&self.filter, &self.all, ctx.store, ctx.lang))
            }
            Action::Search => self.start_search(),
            Action::Steps => match &self.detail {
                Some((_, offered, _)) if !offered.is_empty() => {
                    self.picker = Some(ListState::default())
                }
                Some(_) => ctx.error(ctx.lang.t().dispatch.no_steps),
                None => {}
            },
            Action::Back if !self.filter.is_empty() || !self.search.is_blank() => {
                self.filter = BoardFilter::default();
                self.search.clear();
                self.resort(ctx.now, before);
                ctx.info(ctx.lang.t().board.cleared);
            }
            Action::Print => self.print(ctx),
            Action::LookupUnit => {
                if let Some(code) = self.selected().and_then(|r| self.text.unit(&r.t)) {
                    *ctx.nav = Some(Nav::Open(ScreenId::Lookup, Target::Unit(code.to_string())));
                }
            }
            _ => {}
        }
        if self.selected_id() != before || self.detail.is_none() {
            self.load_detail(ctx);
        }
    }

    /// Typing on the board searches: a unit number, a name, a phone tail.
    fn type_char(&mut self, c: char, ctx: &mut Ctx) {
        if let Some(sf) = self.step.as_mut() {
            sf.form.type_char(c);
            return;
        }
        if self.filter_form.is_some() || self.picker.is_some() {
            return;
        }
        if !self.searching {
            self.start_search();
        }
        if self.search.type_char(c) {
            self.search_changed(ctx);
        }
    }

    fn paste(&mut self, text: &str, ctx: &mut Ctx) {
        if let Some(sf) = self.step.as_mut() {
            sf.form.paste(text);
        } else if self.filter_form.is_none() {
            self.start_search();
            self.search.paste(text.trim());
            self.search_changed(ctx);
        }
    }

    fn reload(&mut self, ctx: &mut Ctx) {
        self.reload_rows(ctx);
        self.load_detail(ctx);
    }

    fn open(&mut self, target: &Target, ctx: &mut Ctx) {
        if let Target::Ticket(id) = target {
            self.filter = BoardFilter::default();
            self.search.clear();
            self.resort(ctx.now, Some(*id));
            self.load_detail(ctx);
        }
    }

    fn on_second(&mut self, now: NaiveDateTime) -> bool {
        // The order stands (it does not depend on the clock); the counts
        // change only when a deadline crosses a boundary.
        if self.counts_until.is_some_and(|t| now >= t) {
            self.recount(now);
        }
        // Countdowns change every second.
        !self.all.is_empty()
    }

    fn loaded(&mut self, done: Done, ctx: &mut Ctx) {
        // Not ours: sent for the screens before an operator switch.
        let (Done::Board(result), true) = (done, self.loading) else {
            return;
        };
        self.loading = false;
        match result {
            Ok(load) => {
                self.apply_load(load, ctx);
                // The selected ticket's details follow the rows.
                self.load_detail(ctx);
            }
            Err(e) => ctx.store_error(&e),
        }
        if std::mem::take(&mut self.again) {
            self.reload_rows(ctx);
        }
    }

    fn is_dirty(&self) -> bool {
        self.step.as_ref().is_some_and(|s| s.form.is_dirty())
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
        let show_search = self.searching || !self.search.is_blank();
        let list_area = Rect {
            height: inner.height.saturating_sub(u16::from(show_search)),
            ..inner
        };
        self.render_list(f, list_area, view);
        if show_search {
            self.render_search(
                f,
                Rect::new(inner.x, inner.bottom().saturating_sub(1), inner.width, 1),
                view,
            );
        }
        let t = view.lang.t();
        match (&self.step, &self.filter_form, &self.detail) {
            (Some(sf), _, Some((ticket, _, _))) => view::render_step(f, bottom, sf, ticket, view),
            (None, Some(form), _) => {
                let block = Block::default()
                    .borders(Borders::ALL)
                    .title(Span::styled(t.board.filter_title, theme::title()));
                let inner = block.inner(bottom);
                f.render_widget(block, bottom);
                form.render(f, inner, true, view.lang, view.keymap);
            }
            (None, None, Some((ticket, offered, deadlines))) => {
                let held = self
                    .selected()
                    .and_then(|r| r.run.as_ref())
                    .and_then(|r| r.held_since);
                detail::render_detail(
                    f,
                    bottom,
                    (ticket, offered, deadlines, held, self.record.as_ref()),
                    view,
                    &self.rules,
                );
                if let Some(p) = &self.picker {
                    view::render_picker(f, bottom, ticket, offered, p, view);
                }
            }
            _ => {
                let empty = Paragraph::new(Span::styled(t.dispatch.empty, theme::dim()))
                    .block(Block::default().borders(Borders::TOP));
                f.render_widget(empty, bottom);
            }
        }
    }
}
