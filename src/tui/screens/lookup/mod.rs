//! 查询 Lookup: type a unit number, a name or a phone (or its last digits)
//! and see who it may be; one unit opens its household file at once. The
//! file shows the households (phones and ID numbers masked) and the keys
//! held, over the unit's ticket history — a list whose tickets open with
//! their steps and deadlines.

mod edit;
mod file;
mod ticket;

use super::{Ctx, Nav, Screen, ScreenId, Target, View};
use crate::domain::search::Rank;
use crate::i18n::{fill, Lang};
use crate::present::ErrorText;
use crate::store::search::Hit;
use crate::store::unit_file::UnitFile;
use crate::text::{one_line, width};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::theme;
use crate::tui::widgets::form::FormEvent;
use crate::tui::widgets::popup;
use crate::tui::widgets::scroll::Scroll;
use crate::tui::widgets::table::{render_table, Column, ListState, TableRow, Width};
use crate::tui::widgets::text_field::TextField;
use edit::{Edit as HouseholdEdit, EditForm};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;
use ticket::TicketView;

/// Results shown for a search: enough to pick from at a glance.
const MAX_HITS: usize = 200;

enum Outcome {
    Nothing,
    Error(String),
    NotFound,
    Hits(Vec<Hit>),
    File(Box<UnitFile>),
}

pub struct Lookup {
    input: TextField,
    outcome: Outcome,
    /// The selected hit, or the selected ticket of a file.
    list: ListState,
    file_scroll: Scroll,
    /// A ticket of the file opened with its steps.
    ticket: Option<TicketView>,
    /// Choosing an edit of the household file, then its form.
    edit_picker: Option<ListState>,
    editing: Option<EditForm>,
}

impl Default for Lookup {
    fn default() -> Self {
        Lookup::new()
    }
}

impl Lookup {
    pub fn new() -> Self {
        let mut input = TextField::line(30);
        input.set_focus(true);
        Lookup {
            input,
            outcome: Outcome::Nothing,
            list: ListState::default(),
            file_scroll: Scroll::default(),
            ticket: None,
            edit_picker: None,
            editing: None,
        }
    }

    /// Search for what is typed. Exactly one unit opens its file.
    fn search(&mut self, ctx: &mut Ctx) {
        self.ticket = None;
        self.list = ListState::default();
        self.file_scroll.reset();
        let text = self.input.value();
        if text.trim().is_empty() {
            self.outcome = Outcome::Nothing;
            return;
        }
        self.outcome = match ctx.store.find(&text, MAX_HITS) {
            Err(e) => Outcome::Error(ctx.lang.store_error(&e)),
            Ok(hits) if hits.is_empty() => match crate::domain::parse_unit(&text) {
                // Say what is wrong with a unit number that does not parse.
                Err(e) if !text.chars().any(|c| c.is_alphabetic() && !c.is_ascii()) => {
                    Outcome::Error(ctx.lang.unit_error(&e))
                }
                _ => Outcome::NotFound,
            },
            Ok(hits) => {
                let units: Vec<&Hit> = hits.iter().filter(|h| h.rank == Rank::Unit).collect();
                if units.len() == 1 && hits.iter().all(|h| h.unit_id == units[0].unit_id) {
                    let id = units[0].unit_id;
                    return self.open_file(id, ctx);
                }
                Outcome::Hits(hits)
            }
        };
    }

    fn open_file(&mut self, unit_id: i64, ctx: &mut Ctx) {
        self.ticket = None;
        self.list = ListState::default();
        self.file_scroll.reset();
        self.outcome = match ctx
            .store
            .unit_by_id(unit_id)
            .and_then(|u| ctx.store.unit_file(u))
        {
            Ok(f) => Outcome::File(Box::new(f)),
            Err(e) => Outcome::Error(ctx.lang.store_error(&e)),
        };
    }

    fn current_code(&self) -> Option<String> {
        match &self.outcome {
            Outcome::File(f) => Some(f.unit.code.clone()),
            Outcome::Hits(h) => h.get(self.list.selected()).map(|h| h.unit.clone()),
            _ => None,
        }
    }

    fn len(&self) -> usize {
        match &self.outcome {
            Outcome::Hits(h) => h.len(),
            Outcome::File(f) => f.tickets.len(),
            _ => 0,
        }
    }

    fn edit(&mut self, action: Action, ctx: &mut Ctx) {
        if self.input.apply(action) {
            self.search(ctx);
        }
    }
}

impl Screen for Lookup {
    fn id(&self) -> ScreenId {
        ScreenId::Lookup
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.t().lookup.title
    }

    fn contexts(&self) -> Vec<Context> {
        if let Some(ef) = &self.editing {
            return ef.form.contexts();
        }
        if self.edit_picker.is_some() {
            return vec![Context::Steps, Context::Picker];
        }
        if self.ticket.is_some() {
            return vec![Context::Lookup, Context::List];
        }
        vec![Context::Lookup, Context::Text, Context::List]
    }

    fn wants_text(&self) -> bool {
        match &self.editing {
            Some(ef) => ef.form.wants_text(),
            None => self.ticket.is_none() && self.edit_picker.is_none(),
        }
    }

    fn is_dirty(&self) -> bool {
        self.editing.as_ref().is_some_and(|e| e.form.is_dirty())
    }

    fn handle(&mut self, action: Action, ctx: &mut Ctx) {
        if self.editing.is_some() {
            return self.handle_edit(action, ctx);
        }
        if let Some(p) = self.edit_picker.as_mut() {
            match action {
                Action::Step(n) => self.start_edit(usize::from(n).saturating_sub(1), ctx),
                Action::Select => {
                    let i = p.selected();
                    self.start_edit(i, ctx);
                }
                Action::Back => self.edit_picker = None,
                a => {
                    p.handle(a, HouseholdEdit::ALL.len());
                }
            }
            return;
        }
        if action == Action::EditHousehold {
            match self.outcome {
                Outcome::File(_) => self.edit_picker = Some(ListState::default()),
                _ => ctx.error(ctx.lang.t().lookup.no_unit_yet),
            }
            return;
        }
        if let Some(tv) = self.ticket.as_mut() {
            match action {
                Action::Back => self.ticket = None,
                Action::NewForUnit => {
                    if let Some(code) = self.current_code() {
                        *ctx.nav = Some(Nav::Open(ScreenId::Intake, Target::Unit(code)));
                    }
                }
                a => {
                    tv.scroll.handle(a);
                }
            }
            return;
        }
        let len = self.len();
        match action {
            Action::Up | Action::Down | Action::Home | Action::End => {
                self.list.handle(action, len);
            }
            // Pages scroll the file; in a list of hits they page the list.
            Action::PageUp | Action::PageDown => match self.outcome {
                Outcome::File(_) => {
                    self.file_scroll.handle(action);
                }
                _ => {
                    self.list.handle(action, len);
                }
            },
            Action::Select => match &self.outcome {
                Outcome::Hits(hits) => {
                    if let Some(id) = hits.get(self.list.selected()).map(|h| h.unit_id) {
                        self.open_file(id, ctx);
                    }
                }
                Outcome::File(f) => {
                    if let Some(t) = f.tickets.get(self.list.selected()) {
                        match TicketView::load(t.id, ctx) {
                            Ok(v) => self.ticket = Some(v),
                            Err(e) => ctx.store_error(&e),
                        }
                    }
                }
                _ => {}
            },
            Action::NewForUnit => match self.current_code() {
                Some(code) => *ctx.nav = Some(Nav::Open(ScreenId::Intake, Target::Unit(code))),
                None => ctx.error(ctx.lang.t().lookup.no_unit_yet),
            },
            Action::Back => {
                self.input.clear();
                self.outcome = Outcome::Nothing;
            }
            a => self.edit(a, ctx),
        }
    }

    fn type_char(&mut self, c: char, ctx: &mut Ctx) {
        if let Some(ef) = self.editing.as_mut() {
            ef.form.type_char(c);
            return;
        }
        if self.edit_picker.is_some() {
            return;
        }
        if self.ticket.is_none() && self.input.type_char(c) {
            self.search(ctx);
        }
    }

    fn paste(&mut self, text: &str, ctx: &mut Ctx) {
        if let Some(ef) = self.editing.as_mut() {
            ef.form.paste(text);
            return;
        }
        if self.ticket.is_none() && self.input.paste(text.trim()) {
            self.search(ctx);
        }
    }

    fn reload(&mut self, ctx: &mut Ctx) {
        // Re-read what is shown (another operator may have changed it).
        let keep = (self.list.selected(), self.file_scroll.clone());
        match &self.outcome {
            Outcome::File(f) => {
                let id = f.unit.id;
                self.open_file(id, ctx);
            }
            Outcome::Hits(_) => self.search(ctx),
            _ => return,
        }
        let len = self.len();
        self.list.select(keep.0, len);
        self.file_scroll = keep.1;
        if let Some(id) = self.ticket.as_ref().map(|t| t.id) {
            self.ticket = TicketView::load(id, ctx).ok();
        }
    }

    fn open(&mut self, target: &Target, ctx: &mut Ctx) {
        if let Target::Unit(code) = target {
            self.input.set(code);
            self.search(ctx);
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, view: &View) {
        let t = view.lang.t();
        let block = Block::default().borders(Borders::ALL).title(Span::styled(
            format!(" {} ", t.lookup.heading),
            theme::title(),
        ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        if inner.height < 4 {
            return;
        }
        let label = format!("{}: ", t.lookup.prompt);
        let lw = width(&label) as u16;
        f.render_widget(
            Paragraph::new(Span::styled(label, theme::focus_label())),
            Rect::new(inner.x, inner.y, lw, 1),
        );
        let field_w = 24u16.min(inner.width.saturating_sub(lw));
        self.input
            .render(f, Rect::new(inner.x + lw, inner.y, field_w, 1));
        let hint_x = inner.x + lw + field_w + 1;
        if hint_x < inner.right() {
            f.render_widget(
                Paragraph::new(Span::styled(t.lookup.forms, theme::dim())),
                Rect::new(hint_x, inner.y, inner.right() - hint_x, 1),
            );
        }
        let body = Rect::new(inner.x, inner.y + 2, inner.width, inner.height - 2);
        if let Some(ef) = &self.editing {
            let block = Block::default().borders(Borders::ALL).title(Span::styled(
                format!(
                    " {} · {} ",
                    t.household_edit.edit_title,
                    ef.edit.label(view.lang)
                ),
                theme::title(),
            ));
            let area = block.inner(body);
            f.render_widget(block, body);
            return ef.form.render(f, area, true, view.lang, view.keymap);
        }
        if let Some(tv) = &self.ticket {
            return tv.render(f, body, view);
        }
        let mut line = |text: String, style: Style| {
            f.render_widget(Paragraph::new(Span::styled(text, style)), body);
        };
        match &self.outcome {
            Outcome::Nothing => line(t.lookup.empty.to_string(), theme::dim()),
            Outcome::Error(msg) => line(format!("✗ {msg}"), theme::error()),
            Outcome::NotFound => line(format!("✗ {}", t.lookup.not_found), theme::error()),
            Outcome::Hits(hits) => self.render_hits(f, body, hits, view),
            Outcome::File(file) => self.render_file(f, body, file, view),
        }
        if let Some(p) = &self.edit_picker {
            render_edit_picker(f, body, p, view);
        }
    }
}

/// The edits of a household file, numbered, over the file.
fn render_edit_picker(f: &mut Frame, area: Rect, state: &ListState, view: &View) {
    let lang = view.lang;
    let widest = HouseholdEdit::ALL
        .iter()
        .map(|e| width(e.label(lang)))
        .max()
        .unwrap_or(8) as u16;
    let h = (HouseholdEdit::ALL.len() as u16 + 2).min(area.height);
    let rect = Rect::new(area.x + 2, area.y, (widest + 10).min(area.width), h);
    let inner = popup::open_titled(f, rect, lang.t().household_edit.edit_title);
    let lines: Vec<Line> = HouseholdEdit::ALL
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let style = if i == state.selected() {
                theme::selected()
            } else {
                Style::default()
            };
            Line::from(vec![
                Span::styled(format!(" {} ", i + 1), theme::key()),
                Span::styled(format!(" {} ", e.label(lang)), style),
            ])
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}

impl Lookup {
    fn start_edit(&mut self, i: usize, ctx: &mut Ctx) {
        self.edit_picker = None;
        let (Some(edit), Outcome::File(file)) = (HouseholdEdit::ALL.get(i), &self.outcome) else {
            return;
        };
        match EditForm::open(*edit, file, ctx.lang, ctx.now.date()) {
            Ok(ef) => self.editing = Some(ef),
            Err(msg) => ctx.error(msg),
        }
    }

    fn handle_edit(&mut self, action: Action, ctx: &mut Ctx) {
        let Some(ef) = self.editing.as_mut() else {
            return;
        };
        if action == Action::Discard {
            self.editing = None;
            ctx.info(ctx.lang.t().kit.discarded);
            return;
        }
        match ef.form.handle(action) {
            FormEvent::Submit => match ef.submit(ctx) {
                Ok(msg) => {
                    self.editing = None;
                    if let Outcome::File(f) = &self.outcome {
                        let id = f.unit.id;
                        self.open_file(id, ctx);
                    }
                    ctx.ok(msg);
                }
                Err(msg) => {
                    ef.form.focus_first_problem();
                    ctx.error(msg);
                    // Re-read the file: a stale edit is checked again against it.
                    if let Outcome::File(f) = &self.outcome {
                        let id = f.unit.id;
                        if let Ok(file) = ctx
                            .store
                            .unit_by_id(id)
                            .and_then(|u| ctx.store.unit_file(u))
                        {
                            if let Some(ef) = self.editing.as_mut() {
                                ef.refresh(&file);
                            }
                            self.outcome = Outcome::File(Box::new(file));
                        }
                    }
                }
            },
            FormEvent::Changed(edit::K::Household) => ef.household_changed(),
            FormEvent::Cancel => {
                self.editing = None;
                ctx.info(ctx.lang.t().common.cancelled);
            }
            FormEvent::AskDiscard => ctx.ask_discard(),
            _ => {}
        }
    }

    fn render_hits(&self, f: &mut Frame, area: Rect, hits: &[Hit], view: &View) {
        let lang = view.lang;
        let t = &lang.t().lookup;
        f.render_widget(
            Paragraph::new(Span::styled(fill(t.found, &[&hits.len()]), theme::warn())),
            Rect::new(area.x, area.y, area.width, 1),
        );
        let columns = [
            Column::new(t.col_unit, Width::Content { min: 8, max: 14 }),
            Column::new(t.col_name, Width::Content { min: 6, max: 24 }),
            Column::new(t.col_role, Width::Content { min: 4, max: 14 }),
            Column::new(t.col_phone, Width::Content { min: 6, max: 14 }),
            Column::new(t.col_open, Width::Fill { min: 4 }),
        ];
        let table = Rect {
            y: area.y + 1,
            height: area.height.saturating_sub(1),
            ..area
        };
        render_table(
            f,
            table,
            &self.list,
            &columns,
            hits.len(),
            |i| {
                let h = &hits[i];
                let role = match (h.kind, h.relation.is_empty()) {
                    (Some(k), true) => lang.household_kind(k).to_string(),
                    (Some(k), false) => format!("{}·{}", lang.household_kind(k), h.relation),
                    (None, _) => t.vacant.to_string(),
                };
                let open = if h.open_tickets > 0 {
                    h.open_tickets.to_string()
                } else {
                    String::new()
                };
                TableRow::new(vec![
                    h.unit.clone().into(),
                    h.name.clone().into(),
                    role.into(),
                    h.phone.clone().into(),
                    open.into(),
                ])
            },
            t.not_found,
        );
    }

    fn render_file(&self, f: &mut Frame, area: Rect, file: &UnitFile, view: &View) {
        let lang = view.lang;
        let t = &lang.t().lookup;
        let lines = file::file_lines(file, view);
        // The file above, the ticket history below: each gets what it needs
        // when it can, the history at least a few rows.
        let want_list = file.tickets.len() as u16 + 2;
        let list_h = want_list
            .min(area.height.saturating_sub(lines.len() as u16))
            .max(area.height.min(6));
        let [top, bottom] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(list_h)]).areas(area);
        self.file_scroll.render(f, top, lines, lang.t().kit.more);
        f.render_widget(
            Paragraph::new(Span::styled(
                fill(t.tickets, &[&file.tickets.len()]),
                theme::header(),
            )),
            Rect::new(bottom.x, bottom.y, bottom.width, 1),
        );
        let columns = [
            Column::new(t.col_date, Width::Fixed(10)),
            Column::new("#", Width::Content { min: 3, max: 7 }),
            Column::new(t.col_kind, Width::Content { min: 2, max: 8 }),
            Column::new(t.col_state, Width::Content { min: 4, max: 12 }),
            Column::new(t.col_summary, Width::Fill { min: 8 }),
        ];
        render_table(
            f,
            Rect {
                y: bottom.y + 1,
                height: bottom.height.saturating_sub(1),
                ..bottom
            },
            &self.list,
            &columns,
            file.tickets.len(),
            |i| {
                let tk = &file.tickets[i];
                let style = if tk.state.is_final() {
                    theme::dim()
                } else {
                    Style::default()
                };
                TableRow::new(vec![
                    tk.created_at.format("%Y-%m-%d").to_string().into(),
                    format!("#{}", tk.id).into(),
                    lang.kind_short(tk.kind).into(),
                    lang.state(tk.state).into(),
                    one_line(tk.summary()).into(),
                ])
                .style(style)
            },
            t.no_tickets,
        );
    }
}
