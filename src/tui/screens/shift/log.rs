//! The duty log: the entry form (a new entry, a correction, a promise kept),
//! the current shift's entries and the open promises under it.

use super::super::Ctx;
use crate::domain::dutylog::{self, Category, LogEntry, MAX_TEXT};
use crate::domain::shift::{Shift, ShiftRefusal};
use crate::i18n::{fill, Lang};
use crate::present::{ErrorText, HandoverText};
use crate::store::dutylog::NewLogEntry;
use crate::store::StoreError;
use crate::text::{fit, pad};
use crate::tui::action::Action;
use crate::tui::keymap::{Context, Keymap};
use crate::tui::screens::View;
use crate::tui::theme;
use crate::tui::widgets::choice::options;
use crate::tui::widgets::form::{field_keys, Field, Form, FormEvent, Note};
use crate::tui::widgets::table::ListState;
use chrono::NaiveDateTime;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

field_keys! {
    pub(super) enum L {
        Category => "category",
        Text => "text",
        Unit => "unit",
        Ticket => "ticket",
        Due => "due",
    }
}

/// How a due time is shown in the list and filled into a correction.
const DUE_FORMAT: &str = "%m-%d %H:%M";

/// What the form is writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Editing {
    New,
    Correct(i64),
    Keep(i64),
}

pub(super) struct Log {
    lang: Lang,
    pub form: Form<L>,
    pub editing: Editing,
    shift: Option<Shift>,
    entries: Vec<LogEntry>,
    promises: Vec<LogEntry>,
    /// Over the entries, then the promises.
    list: ListState,
    /// A correction's due time as filled in and the time it stands for:
    /// left as it is, it is kept (even when already past), not parsed again.
    due_shown: Option<(String, NaiveDateTime)>,
}

fn new_form(lang: Lang) -> Form<L> {
    let t = &lang.t().shift;
    let mut f = Form::new(vec![
        Field::choice(
            L::Category,
            t.f_category,
            options(Category::WRITABLE, Category::code, |c| {
                lang.log_category(c).to_string()
            }),
        ),
        Field::line(L::Text, t.f_text, MAX_TEXT).required(),
        Field::line(L::Unit, t.f_unit, 24),
        Field::line(L::Ticket, t.f_ticket, 10),
        Field::line(L::Due, t.f_due, 30),
    ]);
    f.set_note(L::Due, Some(Note::info(t.due_hint)));
    f.focus_on(L::Text);
    f
}

fn correct_form(lang: Lang, e: &LogEntry) -> Form<L> {
    let t = &lang.t().shift;
    let mut fields = vec![
        Field::line(L::Text, t.f_text, MAX_TEXT).required(),
        Field::line(L::Unit, t.f_unit, 24),
        Field::line(L::Ticket, t.f_ticket, 10),
    ];
    if e.category == Category::Promise {
        fields.push(Field::line(L::Due, t.f_due, 30).required());
    }
    let mut f = Form::new(fields);
    f.set(L::Text, &e.text);
    f.set(L::Unit, e.unit.as_deref().unwrap_or(""));
    f.set(
        L::Ticket,
        &e.ticket_id.map(|i| i.to_string()).unwrap_or_default(),
    );
    if let Some(d) = e.due_at {
        f.set(L::Due, &d.format(DUE_FORMAT).to_string());
        f.set_note(L::Due, Some(Note::info(t.due_hint)));
    }
    f.focus_on(L::Text);
    f
}

fn keep_form(lang: Lang) -> Form<L> {
    Form::new(vec![Field::line(L::Text, lang.t().shift.f_text, MAX_TEXT)])
}

/// `↑↓`: the keys that move in the list, for messages.
fn updown(keymap: &Keymap) -> String {
    let k = |a| keymap.keys_for(Context::Shift, a).unwrap_or_default();
    format!("{}{}", k(Action::Up), k(Action::Down))
}

impl Log {
    pub fn new(lang: Lang) -> Log {
        Log {
            lang,
            form: new_form(lang),
            editing: Editing::New,
            shift: None,
            entries: Vec::new(),
            promises: Vec::new(),
            list: ListState::default(),
            due_shown: None,
        }
    }

    /// Another language: the form is built again (typed input goes, as
    /// before the kit).
    pub fn relang(&mut self, lang: Lang) {
        self.lang = lang;
        self.reset();
    }

    fn items(&self) -> usize {
        self.entries.len() + self.promises.len()
    }

    fn selected(&self) -> Option<&LogEntry> {
        let i = self.list.selected();
        self.entries
            .get(i)
            .or_else(|| self.promises.get(i.checked_sub(self.entries.len())?))
    }

    fn select_id(&mut self, id: i64) {
        if let Some(i) = self.entries.iter().position(|e| e.id == id) {
            self.list.select(i, self.items());
        }
    }

    pub fn reload(&mut self, ctx: &mut Ctx) {
        let keep = self.selected().map(|e| e.id);
        let shift = ctx.shifts.at(ctx.now);
        match ctx.store.shift_log(&shift) {
            Ok(v) => self.entries = v,
            Err(e) => ctx.store_error(&e),
        }
        match ctx.store.open_promises() {
            Ok(v) => self.promises = v,
            Err(e) => ctx.store_error(&e),
        }
        self.shift = Some(shift);
        let at = match keep {
            Some(id) => self
                .entries
                .iter()
                .position(|e| e.id == id)
                .or_else(|| {
                    self.promises
                        .iter()
                        .position(|e| e.id == id)
                        .map(|p| p + self.entries.len())
                })
                .unwrap_or(self.list.selected()),
            // The latest entry: the one most likely to need a correction.
            None => self.entries.len().saturating_sub(1),
        };
        self.list.select(at, self.items());
    }

    /// A fresh entry form, keeping the category chosen.
    pub fn reset(&mut self) {
        let category = self.form.value(L::Category);
        self.form = new_form(self.lang);
        if !category.is_empty() {
            self.form.set(L::Category, &category);
        }
        self.editing = Editing::New;
        self.due_shown = None;
    }

    /// Put a draft of a new entry back.
    pub fn restore(&mut self, values: &std::collections::BTreeMap<String, String>, ctx: &Ctx) {
        self.reset();
        self.form.restore(values);
        self.due_changed(ctx.now);
    }

    pub fn handle(&mut self, action: Action, ctx: &mut Ctx) {
        let n = self.items();
        match action {
            Action::Up | Action::Down => {
                self.list.handle(action, n);
            }
            Action::CorrectEntry => self.start_correct(ctx),
            Action::KeepPromise => self.start_keep(ctx),
            Action::Discard => {
                self.reset();
                ctx.info(ctx.lang.t().kit.discarded);
            }
            a => match self.form.handle(a) {
                FormEvent::Submit => self.save(ctx),
                FormEvent::Changed(k) => self.changed(k, ctx),
                FormEvent::AskDiscard => ctx.ask_discard(),
                FormEvent::Cancel if self.editing != Editing::New => {
                    self.reset();
                    ctx.info(ctx.lang.t().common.cancelled);
                }
                // Nothing typed in a new entry: back to its text.
                FormEvent::Cancel => self.form.focus_on(L::Text),
                FormEvent::None => {}
            },
        }
    }

    pub fn changed(&mut self, key: L, ctx: &Ctx) {
        if key == L::Due {
            self.due_changed(ctx.now);
        }
    }

    /// Say what the typed due time means, as it is typed.
    fn due_changed(&mut self, now: NaiveDateTime) {
        let t = &self.lang.t().shift;
        let note = match self.form.text(L::Due) {
            Some(text) if self.due_shown.as_ref().is_some_and(|(s, _)| *s == text) => {
                Note::info(t.due_hint)
            }
            Some(text) => match dutylog::promise_due(&text, now) {
                Ok(d) => Note::ok(format!("→ {}", d.format(DUE_FORMAT))),
                Err(_) => Note::info(t.due_hint),
            },
            None => Note::info(t.due_hint),
        };
        self.form.set_note(L::Due, Some(note));
    }

    /// Read the form into an entry, marking what is wrong.
    fn read(&mut self, ctx: &Ctx) -> Option<NewLogEntry> {
        let lang = ctx.lang;
        let t = &lang.t().shift;
        for k in [L::Text, L::Unit, L::Ticket] {
            self.form.set_note(k, None);
        }
        self.due_changed(ctx.now);
        let f = &mut self.form;
        let category: Option<Category> = f.value(L::Category).parse().ok();
        let ticket_id = match f.text(L::Ticket) {
            None => None,
            Some(s) => match s.trim_start_matches('#').parse::<i64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    f.set_note(L::Ticket, Some(Note::error(t.bad_ticket)));
                    f.focus_on(L::Ticket);
                    return None;
                }
            },
        };
        let due_at = match f.text(L::Due) {
            None => None,
            Some(text) => match &self.due_shown {
                Some((shown, d)) if *shown == text => Some(*d),
                _ => match dutylog::promise_due(&text, ctx.now) {
                    Ok(d) => Some(d),
                    Err(e) => {
                        f.set_note(L::Due, Some(Note::error(lang.when_error(e))));
                        f.focus_on(L::Due);
                        return None;
                    }
                },
            },
        };
        Some(NewLogEntry {
            category,
            text: f.value(L::Text),
            unit: f.text(L::Unit),
            ticket_id,
            due_at: if category.is_none_or(|c| c == Category::Promise) {
                due_at
            } else {
                None
            },
        })
    }

    /// A store refusal: say it, and point at the field it is about.
    fn refused(&mut self, e: &StoreError, ctx: &mut Ctx) {
        ctx.store_error(e);
        let key = match e {
            StoreError::Unit(_) | StoreError::Ambiguous(_) => L::Unit,
            StoreError::NotFound { what: "unit", .. } => L::Unit,
            StoreError::NotFound { what: "ticket", .. } => L::Ticket,
            StoreError::Shift(ShiftRefusal::PromiseNeedsDue) => L::Due,
            StoreError::Shift(r) if r.is_bad_input() => L::Text,
            _ => return,
        };
        let msg = ctx.lang.store_error(e);
        self.form.set_note(key, Some(Note::error(msg)));
        self.form.focus_on(key);
    }

    fn save(&mut self, ctx: &mut Ctx) {
        let t = &ctx.lang.t().shift;
        let Some(new) = self.read(ctx) else {
            ctx.error(ctx.lang.t().common.fix_marked);
            return;
        };
        let shift = ctx.shifts.at(ctx.now);
        let result = match self.editing {
            Editing::New => ctx.store.add_log_entry(&new, ctx.me, &shift, ctx.now),
            Editing::Correct(id) => ctx
                .store
                .correct_log_entry(id, &new, ctx.me, &shift, ctx.now),
            Editing::Keep(id) => ctx
                .store
                .keep_promise(id, &new.text, ctx.me, &shift, ctx.now),
        };
        match result {
            Ok(e) => {
                let msg = match self.editing {
                    Editing::New => fill(t.saved_entry, &[&e.id]),
                    Editing::Correct(_) => fill(t.corrected, &[&e.refers_to.unwrap_or(0), &e.id]),
                    Editing::Keep(id) => fill(t.kept, &[&id]),
                };
                self.reset();
                self.reload(ctx);
                self.select_id(e.id);
                ctx.ok(msg);
            }
            Err(e) => self.refused(&e, ctx),
        }
    }

    /// "Save with Ctrl-S, cancel with Esc" for a correction or a kept promise.
    fn editing_text(&self, keymap: &Keymap) -> Option<String> {
        let t = &self.lang.t().shift;
        let k = |a| keymap.keys_for(Context::Form, a).unwrap_or_default();
        let (save, back) = (k(Action::Save), k(Action::Back));
        match self.editing {
            Editing::New => None,
            Editing::Correct(id) => Some(fill(t.correcting, &[&id, &save, &back])),
            Editing::Keep(id) => Some(fill(t.keeping, &[&id, &save, &back])),
        }
    }

    fn start_correct(&mut self, ctx: &mut Ctx) {
        let t = &ctx.lang.t().shift;
        let Some(e) = self.selected().cloned() else {
            ctx.error(fill(t.select_entry, &[&updown(ctx.keymap)]));
            return;
        };
        if e.category == Category::Kept {
            ctx.error(fill(t.r_cannot_correct_kept, &[&e.id]));
            return;
        }
        // A correction row is corrected by restating its original.
        let (id, shown) = match (e.category, e.refers_to) {
            (Category::Correction, Some(orig)) => {
                let base = ctx
                    .store
                    .log_entry(orig)
                    .map(|o| LogEntry {
                        text: e.text.clone(),
                        unit: e.unit.clone().or(o.unit.clone()),
                        ticket_id: e.ticket_id.or(o.ticket_id),
                        due_at: e.due_at.or(o.due_at),
                        ..o
                    })
                    .unwrap_or(e.clone());
                (orig, base)
            }
            _ => (e.id, e),
        };
        self.form = correct_form(ctx.lang, &shown);
        self.due_shown = shown.due_at.map(|d| (d.format(DUE_FORMAT).to_string(), d));
        self.editing = Editing::Correct(id);
        let msg = self.editing_text(ctx.keymap).unwrap_or_default();
        ctx.info(msg);
    }

    fn start_keep(&mut self, ctx: &mut Ctx) {
        let t = &ctx.lang.t().shift;
        match self.selected() {
            Some(e) if e.is_open_promise() => {
                let id = e.id;
                self.form = keep_form(ctx.lang);
                self.due_shown = None;
                self.editing = Editing::Keep(id);
                let msg = self.editing_text(ctx.keymap).unwrap_or_default();
                ctx.info(msg);
            }
            _ => ctx.error(fill(t.select_promise, &[&updown(ctx.keymap)])),
        }
    }

    pub fn render(&self, f: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let t = &lang.t().shift;
        let label = self
            .shift
            .as_ref()
            .map(|s| lang.shift_label(s))
            .unwrap_or_default();
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(fill(t.heading_log, &[&label]), theme::title()));
        let inner = block.inner(area);
        f.render_widget(block, area);
        if inner.height < 4 {
            return;
        }
        let form_h = self.form.height().min(inner.height.saturating_sub(3));
        self.form.render(
            f,
            Rect::new(inner.x, inner.y, inner.width, form_h),
            true,
            lang,
            view.keymap,
        );
        let banner_y = inner.y + form_h;
        if let Some(b) = self.editing_text(view.keymap) {
            f.render_widget(
                Paragraph::new(Span::styled(fit(&b, inner.width as usize), theme::warn())),
                Rect::new(inner.x, banner_y, inner.width, 1),
            );
        }
        let list = Rect::new(
            inner.x,
            banner_y + 1,
            inner.width,
            inner.bottom().saturating_sub(banner_y + 1),
        );
        self.render_entries(f, list, view);
    }

    /// The shift's entries, then the open promises, each under a heading;
    /// the selection kept in view.
    fn render_entries(&self, f: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let t = &lang.t().shift;
        let w = area.width as usize;
        let selected = self.list.selected();
        // (item index, line)
        let mut lines: Vec<(Option<usize>, Line)> = Vec::new();
        let heading = |text: String| (None, Line::from(Span::styled(text, theme::header())));
        let dim = |text: &str| {
            (
                None,
                Line::from(Span::styled(format!("  {text}"), theme::dim())),
            )
        };
        lines.push(heading(fill(t.log_section, &[&self.entries.len()])));
        if self.entries.is_empty() {
            lines.push(dim(t.empty_log));
        }
        for (i, e) in self.entries.iter().enumerate() {
            let text = format!("{}{}", lang.log_head(e), lang.log_body(e));
            let style = if i == selected {
                theme::selected()
            } else if e.corrected_by.is_some() {
                theme::dim()
            } else {
                Style::default()
            };
            lines.push((Some(i), Line::from(Span::styled(pad(&text, w), style))));
        }
        lines.push(heading(fill(t.promises_section, &[&self.promises.len()])));
        if self.promises.is_empty() {
            lines.push(dim(t.none));
        }
        for (j, p) in self.promises.iter().enumerate() {
            let i = self.entries.len() + j;
            let overdue = p.overdue(view.now);
            let due = p
                .due_at
                .map(|d| d.format(DUE_FORMAT).to_string())
                .unwrap_or_default();
            let mark = if overdue {
                format!("⚠{} ", t.overdue)
            } else {
                String::new()
            };
            let unit = p.unit.as_ref().map(|u| format!("{u} ")).unwrap_or_default();
            let text = format!(
                "{mark}L{} {} {unit}{}（{}）",
                p.id,
                fill(t.promise_due, &[&due]),
                crate::text::one_line(&p.text),
                p.operator
            );
            let style = if i == selected {
                theme::selected()
            } else if overdue {
                theme::warn()
            } else {
                Style::default()
            };
            lines.push((Some(i), Line::from(Span::styled(pad(&text, w), style))));
        }
        let rows = area.height as usize;
        let sel_line = lines
            .iter()
            .position(|(i, _)| *i == Some(selected))
            .unwrap_or(0);
        let start = (sel_line + 1).saturating_sub(rows);
        let shown: Vec<Line> = lines
            .into_iter()
            .skip(start)
            .take(rows)
            .map(|(_, l)| l)
            .collect();
        f.render_widget(Paragraph::new(shown), area);
    }
}
