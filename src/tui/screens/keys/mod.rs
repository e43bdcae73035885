//! 钥匙 Keys: the keys the desk holds, searched by unit, hook or area; lists
//! of all / out / overdue / in / off-file keys; forms to lend (with the
//! supervisor's PIN typed into a masked field when approval is needed),
//! return, register, hand back to the owner and record a lost copy. Every
//! rule is the store's: a refusal comes back as a typed error and the form
//! keeps what was typed.
//!
//! Composed from the kit: the search box is a `TextField`, the list a
//! `render_table` window over `ListState`, the forms `Form`s (`forms`,
//! `submit`); `detail` draws a key's state and the pane under the list.

mod detail;
mod forms;
mod submit;

use super::{Ctx, Screen, ScreenId, Target, View};
use crate::domain::keys::{self, KeyError};
use crate::i18n::{fill, Lang};
use crate::present::paper;
use crate::present::KeyText;
use crate::store::keys::{KeyAlerts, KeyFilter, KeyRecord, KeyView};
use crate::text::width;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::theme;
use crate::tui::widgets::form::FormEvent;
use crate::tui::widgets::table::{render_table, Column, ListState, TableRow, Width};
use crate::tui::widgets::text_field::TextField;
use detail::{detail_lines, key_state, DETAIL_ROWS};
use forms::KeyForm;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

/// Display cells of the search box.
const SEARCH_CELLS: u16 = 18;

pub struct Keys {
    /// What the list is narrowed to. Not input: leaving does not ask.
    search: TextField,
    view: KeyView,
    /// Every key matching the search; `rows` indexes the ones in the view.
    all: Vec<KeyRecord>,
    rows: Vec<usize>,
    counts: [usize; 5],
    list: ListState,
    alerts: KeyAlerts,
    form: Option<KeyForm>,
}

impl Default for Keys {
    fn default() -> Self {
        Keys::new()
    }
}

fn view_index(v: KeyView) -> usize {
    KeyView::ALL.iter().position(|x| *x == v).unwrap_or(0)
}

/// The editing step of a text action, for the search box.
impl Keys {
    pub fn new() -> Self {
        let mut search = TextField::line(30);
        search.set_focus(true);
        Keys {
            search,
            view: KeyView::All,
            all: Vec::new(),
            rows: Vec::new(),
            counts: [0; 5],
            list: ListState::default(),
            alerts: KeyAlerts::default(),
            form: None,
        }
    }

    fn selected(&self) -> Option<&KeyRecord> {
        self.rows
            .get(self.list.selected())
            .and_then(|i| self.all.get(*i))
    }

    fn load(&mut self, ctx: &mut Ctx) {
        let keep = self.selected().map(|k| k.id);
        let filter = KeyFilter {
            query: self.search.value(),
            unit_id: None,
            view: KeyView::All,
        };
        match ctx.store.list_keys(&filter, ctx.now) {
            Ok(all) => self.all = all,
            Err(e) => ctx.store_error(&e),
        }
        match ctx.store.key_alerts(ctx.now) {
            Ok(a) => self.alerts = a,
            Err(e) => ctx.store_error(&e),
        }
        self.refilter(keep);
    }

    fn refilter(&mut self, keep: Option<i64>) {
        for (i, v) in KeyView::ALL.iter().enumerate() {
            self.counts[i] = self.all.iter().filter(|k| v.matches(k)).count();
        }
        let view = self.view;
        self.rows = (0..self.all.len())
            .filter(|i| view.matches(&self.all[*i]))
            .collect();
        self.show(keep);
    }

    /// Select the key `id` when the view holds it; keep the selection in bounds.
    fn show(&mut self, id: Option<i64>) {
        let len = self.rows.len();
        if let Some(p) = id.and_then(|id| self.rows.iter().position(|i| self.all[*i].id == id)) {
            self.list.select(p, len);
        }
        self.list.clamp(len);
    }

    /// The search changed: the list starts again from its top.
    fn search_changed(&mut self, ctx: &mut Ctx) {
        self.list = ListState::default();
        self.load(ctx);
    }

    /// Alt-P: the receipt of the selected key's loan (`present::paper`,
    /// as `frontdesk print keyloan`) to a file. With several copies out, the
    /// latest lent: the receipt most likely still to be signed.
    fn print(&self, ctx: &mut Ctx) {
        let p = &ctx.lang.t().paper;
        let Some(key) = self.selected() else {
            return ctx.error(p.tui_no_key);
        };
        let Some(id) = key
            .loans
            .iter()
            .max_by_key(|l| (l.lent_at, l.id))
            .map(|l| l.id)
        else {
            return ctx.error(p.tui_no_loan);
        };
        match ctx.store.loan(id, ctx.now) {
            Ok(loan) => {
                let form = paper::keyloan(ctx.lang, &ctx.settings.site, &loan, ctx.now);
                super::print::out(ctx, &form, "keyloan", &form.no)
            }
            Err(e) => ctx.store_error(&e),
        }
    }

    /// The selected key, when `check` allows what is asked of it; otherwise
    /// why not goes to the status line.
    fn selected_for(
        &self,
        ctx: &mut Ctx,
        check: impl Fn(&KeyRecord) -> Result<(), KeyError>,
    ) -> Option<KeyRecord> {
        let Some(key) = self.selected().cloned() else {
            ctx.error(ctx.lang.t().keys.nothing_selected);
            return None;
        };
        match check(&key) {
            Ok(()) => Some(key),
            Err(e) => {
                ctx.store_error(&e.into());
                None
            }
        }
    }

    /// The selected key and its copies in the cabinet, when it is held and
    /// has one.
    fn selected_with_free_copy(&self, ctx: &mut Ctx) -> Option<(KeyRecord, Vec<i64>)> {
        let key = self.selected_for(ctx, |k| {
            if k.held() {
                Ok(())
            } else {
                Err(KeyError::NotHeld(k.status))
            }
        })?;
        let free = key.free_copies();
        if free.is_empty() {
            ctx.error(ctx.lang.t().keys.none_free);
            return None;
        }
        Some((key, free))
    }

    fn open_form(&mut self, action: Action, ctx: &mut Ctx) {
        let lang = ctx.lang;
        let form = match action {
            Action::KeysLend => self
                .selected_with_free_copy(ctx)
                .map(|(key, free)| KeyForm::lend(key, &free, ctx)),
            Action::KeysMark => self
                .selected_with_free_copy(ctx)
                .map(|(key, free)| KeyForm::mark(key, &free, lang)),
            Action::KeysReturn => self
                .selected_for(ctx, |k| keys::check_return(!k.loans.is_empty()))
                .map(|key| KeyForm::give_back(key, lang)),
            Action::KeysWithdraw => self
                .selected_for(ctx, |k| keys::check_off_record(&k.facts()))
                .map(|key| KeyForm::withdraw(key, lang)),
            Action::KeysRegister => Some(KeyForm::register(&self.search.value(), ctx)),
            _ => None,
        };
        if let Some(form) = form {
            self.form = Some(form);
        }
    }

    /// The form's Ctrl-S (or Enter on its last field).
    fn submit(&mut self, ctx: &mut Ctx) {
        let Some(done) = self.form.as_mut().and_then(|kf| kf.submit(ctx)) else {
            return;
        };
        self.form = None;
        if done.registered {
            // Show the new key: clear a search that would hide it.
            self.search.clear();
            self.view = KeyView::All;
        }
        ctx.ok(done.msg);
        self.load(ctx);
        self.show(Some(done.key_id));
    }

    fn close_form(&mut self, ctx: &mut Ctx, msg: &str) {
        self.form = None;
        ctx.info(msg);
    }

    fn handle_form(&mut self, action: Action, ctx: &mut Ctx) {
        let t = ctx.lang.t();
        let Some(kf) = self.form.as_mut() else {
            return;
        };
        match action {
            Action::Discard => self.close_form(ctx, t.kit.discarded),
            Action::Up | Action::Down | Action::Select if kf.picking() => kf.pick(action, ctx),
            a => match kf.form.handle(a) {
                FormEvent::Submit => self.submit(ctx),
                FormEvent::Changed(k) => kf.changed(k, ctx),
                FormEvent::AskDiscard => ctx.ask_discard(),
                FormEvent::Cancel => self.close_form(ctx, t.common.cancelled),
                FormEvent::None => {}
            },
        }
    }

    fn handle_list(&mut self, action: Action, ctx: &mut Ctx) {
        let len = self.rows.len();
        match action {
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Home
            | Action::End => {
                self.list.handle(action, len);
            }
            Action::KeysView => {
                let keep = self.selected().map(|k| k.id);
                let i = (view_index(self.view) + 1) % KeyView::ALL.len();
                self.view = KeyView::ALL[i];
                self.list = ListState::default();
                self.refilter(keep);
            }
            Action::Select => match self.selected() {
                Some(k) if !k.loans.is_empty() => self.open_form(Action::KeysReturn, ctx),
                Some(_) => self.open_form(Action::KeysLend, ctx),
                None => ctx.error(ctx.lang.t().keys.nothing_selected),
            },
            Action::KeysLend
            | Action::KeysReturn
            | Action::KeysRegister
            | Action::KeysWithdraw
            | Action::KeysMark => self.open_form(action, ctx),
            Action::Print => self.print(ctx),
            Action::Back if !self.search.value().is_empty() => {
                self.search.clear();
                self.search_changed(ctx);
            }
            a => {
                if self.search.apply(a) {
                    self.search_changed(ctx);
                }
            }
        }
    }
}

impl Screen for Keys {
    fn id(&self) -> ScreenId {
        ScreenId::Keys
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.t().keys.title
    }

    /// The list: the screen's keys, then the search box's editing keys, then
    /// the list's. A form: its own (the screen's list keys are off).
    fn contexts(&self) -> Vec<Context> {
        match &self.form {
            Some(kf) => kf.contexts(),
            None => vec![Context::Keys, Context::Text, Context::List],
        }
    }

    fn wants_text(&self) -> bool {
        match &self.form {
            Some(kf) => kf.form.wants_text(),
            None => true,
        }
    }

    fn handle(&mut self, action: Action, ctx: &mut Ctx) {
        if self.form.is_some() {
            self.handle_form(action, ctx);
        } else {
            self.handle_list(action, ctx);
        }
    }

    fn type_char(&mut self, c: char, ctx: &mut Ctx) {
        match self.form.as_mut() {
            Some(kf) => {
                if let FormEvent::Changed(k) = kf.form.type_char(c) {
                    kf.changed(k, ctx);
                }
            }
            None => {
                if self.search.type_char(c) {
                    self.search_changed(ctx);
                }
            }
        }
    }

    fn paste(&mut self, text: &str, ctx: &mut Ctx) {
        match self.form.as_mut() {
            Some(kf) => {
                if let FormEvent::Changed(k) = kf.form.paste(text) {
                    kf.changed(k, ctx);
                }
            }
            None => {
                if self.search.paste(text.trim()) {
                    self.search_changed(ctx);
                }
            }
        }
    }

    fn reload(&mut self, ctx: &mut Ctx) {
        self.load(ctx);
    }

    /// Typed input in an open form; the search is not input.
    fn is_dirty(&self) -> bool {
        self.form.as_ref().is_some_and(|kf| kf.form.is_dirty())
    }

    /// A unit's keys: the search is set to it. A form with typed input
    /// stays open over the list (nothing typed is dropped unasked).
    fn open(&mut self, target: &Target, ctx: &mut Ctx) {
        let Target::Unit(code) = target else {
            return;
        };
        if !self.is_dirty() {
            self.form = None;
        }
        self.search.set(code);
        self.view = KeyView::All;
        self.search_changed(ctx);
    }

    fn render(&self, f: &mut Frame, area: Rect, view: &View) {
        let t = &view.lang.t().keys;
        let summary = fill(t.summary, &[&self.alerts.out, &self.alerts.overdue]);
        let summary_style = if self.alerts.overdue > 0 {
            theme::error()
        } else {
            theme::dim()
        };
        let block = Block::default()
            .borders(Borders::TOP)
            .title(Span::styled(t.heading, theme::title()))
            .title_top(Line::from(Span::styled(summary, summary_style)).right_aligned());
        let inner = block.inner(area);
        f.render_widget(block, area);
        if inner.height < 4 {
            return;
        }
        match &self.form {
            Some(kf) => kf.render(f, inner, view),
            None => self.render_list(f, inner, view),
        }
    }
}

impl Keys {
    fn render_list(&self, f: &mut Frame, area: Rect, view: &View) {
        self.render_search(f, Rect::new(area.x, area.y, area.width, 1), view.lang);
        let lang = view.lang;
        let t = &lang.t().keys;
        let detail_h = DETAIL_ROWS.min(area.height - 1);
        let table = Rect::new(area.x, area.y + 1, area.width, area.height - 1 - detail_h);
        let columns = [
            Column::new(t.col_hook, Width::Content { min: 4, max: 12 }),
            Column::new(t.col_place, Width::Content { min: 8, max: 24 }),
            Column::new(t.col_kind, Width::Content { min: 4, max: 12 }),
            Column::new(t.col_copies, Width::Content { min: 2, max: 4 }),
            Column::new(t.col_state, Width::Fill { min: 12 }),
        ];
        render_table(
            f,
            table,
            &self.list,
            &columns,
            self.rows.len(),
            |n| {
                let k = &self.all[self.rows[n]];
                let (state, style) = key_state(k, lang, view.now);
                TableRow::new(vec![
                    k.hook.clone().into(),
                    k.place().into(),
                    lang.key_kind_of(k.kind).into(),
                    format!("×{}", k.copies).into(),
                    state.into(),
                ])
                .style(style)
            },
            t.empty,
        );
        let detail = Rect::new(area.x, table.bottom(), area.width, detail_h);
        let block = Block::default().borders(Borders::TOP);
        let inner = block.inner(detail);
        f.render_widget(block, detail);
        if let Some(k) = self.selected() {
            f.render_widget(
                Paragraph::new(detail_lines(k, view, inner.width)).wrap(Wrap { trim: false }),
                inner,
            );
        }
    }

    /// The search box with the view tabs (and their counts) to its right.
    fn render_search(&self, f: &mut Frame, area: Rect, lang: Lang) {
        let t = &lang.t().keys;
        let label = format!("{}: ", t.search);
        let lw = (width(&label) as u16).min(area.width);
        f.render_widget(
            Paragraph::new(Span::styled(label, theme::focus_label())),
            Rect::new(area.x, area.y, lw, 1),
        );
        let field = Rect::new(area.x + lw, area.y, SEARCH_CELLS.min(area.width - lw), 1);
        if self.search.value().is_empty() {
            // What may be searched for, until something is typed.
            f.render_widget(
                Paragraph::new(Span::styled(
                    t.search_hint,
                    theme::input_focus().patch(theme::dim()),
                ))
                .style(theme::input_focus()),
                field,
            );
            f.set_cursor_position(Position::new(field.x, field.y));
        } else {
            self.search.render(f, field);
        }
        let mut tabs: Vec<Span> = Vec::new();
        for (i, v) in KeyView::ALL.iter().enumerate() {
            let style = if *v == self.view {
                theme::tab_active()
            } else if *v == KeyView::Overdue && self.counts[i] > 0 {
                theme::error()
            } else {
                theme::tab()
            };
            tabs.push(Span::raw(" "));
            tabs.push(Span::styled(
                format!(" {} {} ", lang.key_view(*v), self.counts[i]),
                style,
            ));
        }
        let tx = field.right();
        if tx < area.right() {
            f.render_widget(
                Paragraph::new(Line::from(tabs)),
                Rect::new(tx, area.y, area.right() - tx, 1),
            );
        }
    }
}
