//! 值班 Shift: write duty-log entries, see the current shift's entries and the
//! open promises, correct an entry or mark a promise kept (both new entries),
//! open the handover (a report generated from the data, with the outgoing
//! operator's note), acknowledge one with the incoming operator's PIN, and
//! browse past handovers (addenda, supervisor review).

use super::{Ctx, Screen, ScreenId, View};
use crate::domain::dutylog::{self, Category, LogEntry, MAX_TEXT};
use crate::domain::handover::Report;
use crate::domain::shift::Shift;
use crate::domain::Role;
use crate::i18n::{fill, Lang};
use crate::present::{ErrorText, HandoverText};
use crate::store::dutylog::NewLogEntry;
use crate::store::handover::{HandoverRecord, HandoverSummary};
use crate::store::{Staff, StoreError};
use crate::text::{fit, pad, width};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::theme;
use crate::tui::widgets::form::{Field, Form, FormEvent, Input};
use crate::tui::widgets::list::ListState;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;
use std::collections::BTreeMap;

/// How many past handovers the list loads (a year of three shifts a day).
const HISTORY_ROWS: usize = 1200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Log,
    Handover,
    History,
}

/// What the log form is writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Editing {
    New,
    Correct(i64),
    Keep(i64),
}

/// The form under a handover's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Note,
    Ack,
    Addendum,
    Review,
}

/// What the handover of `shift` would contain now; not stored yet.
struct Pending {
    shift: Shift,
    next: Shift,
    report: Report,
}

enum Doc {
    Pending(Box<Pending>),
    Stored(Box<HandoverRecord>),
}

struct HandoverView {
    doc: Doc,
    lines: Vec<String>,
    scroll: u16,
    form: Option<(Purpose, Form)>,
    back_to: Mode,
}

pub struct ShiftScreen {
    lang: Lang,
    mode: Mode,
    shift: Option<Shift>,
    form: Form,
    editing: Editing,
    entries: Vec<LogEntry>,
    promises: Vec<LogEntry>,
    list: ListState,
    view: Option<HandoverView>,
    history: Vec<HandoverSummary>,
    hist: ListState,
    /// Body rows at the last draw, for scrolling.
    rows: u16,
}

impl Default for ShiftScreen {
    fn default() -> Self {
        ShiftScreen::new()
    }
}

/// Padded to at least `cells`, never cut.
fn pad_min(s: &str, cells: usize) -> String {
    format!("{s}{}", " ".repeat(cells.saturating_sub(width(s))))
}

fn text_lines(s: &str) -> Vec<String> {
    s.lines().map(String::from).collect()
}

fn new_form(lang: Lang) -> Form {
    let t = &lang.t().shift;
    let mut f = Form::new(vec![
        Field::choice(
            "category",
            t.f_category,
            Category::WRITABLE
                .iter()
                .map(|c| (c.code().to_string(), lang.log_category(*c).to_string()))
                .collect(),
        ),
        Field::line("text", t.f_text, MAX_TEXT).required(),
        Field::line("unit", t.f_unit, 24),
        Field::line("ticket", t.f_ticket, 10),
        Field::line("due", t.f_due, 20),
    ]);
    f.set_note("due", Some((t.due_hint.to_string(), theme::dim())));
    f.focus_on("text");
    f
}

fn correct_form(lang: Lang, e: &LogEntry) -> Form {
    let t = &lang.t().shift;
    let mut fields = vec![
        Field::line("text", t.f_text, MAX_TEXT).required(),
        Field::line("unit", t.f_unit, 24),
        Field::line("ticket", t.f_ticket, 10),
    ];
    if e.category == Category::Promise {
        fields.push(Field::line("due", t.f_due, 20).required());
    }
    let mut f = Form::new(fields);
    f.set("text", &e.text);
    f.set("unit", e.unit.as_deref().unwrap_or(""));
    f.set(
        "ticket",
        &e.ticket_id.map(|i| i.to_string()).unwrap_or_default(),
    );
    if let Some(d) = e.due_at {
        f.set("due", &d.format("%m-%d %H:%M").to_string());
        f.set_note("due", Some((t.due_hint.to_string(), theme::dim())));
    }
    f
}

fn keep_form(lang: Lang) -> Form {
    Form::new(vec![Field::line("text", lang.t().shift.f_text, MAX_TEXT)])
}

fn note_form(lang: Lang) -> Form {
    Form::new(vec![Field::area("note", lang.t().shift.f_note)])
}

fn ack_form(lang: Lang, staff: &[Staff], author: i64, me: &Staff) -> Form {
    let t = &lang.t().shift;
    let opts: Vec<(String, String)> = staff
        .iter()
        .filter(|s| s.id != author)
        .map(|s| (s.name.clone(), s.name.clone()))
        .collect();
    let mut pin = Field::line("pin", t.f_pin, 12).required();
    if let Input::Line(l) = &mut pin.input {
        l.masked = true;
    }
    let mut f = Form::new(vec![
        Field::choice("incoming", t.f_incoming, opts),
        pin,
        Field::line("remarks", t.f_remarks, 300),
    ]);
    if me.id != author {
        f.set("incoming", &me.name);
    }
    f.focus_on("pin");
    f
}

fn line_form(key: &'static str, label: &str) -> Form {
    Form::new(vec![Field::line(key, label, 500).required()])
}

impl ShiftScreen {
    pub fn new() -> Self {
        ShiftScreen {
            lang: Lang::Zh,
            mode: Mode::Log,
            shift: None,
            form: new_form(Lang::Zh),
            editing: Editing::New,
            entries: Vec::new(),
            promises: Vec::new(),
            list: ListState::default(),
            view: None,
            history: Vec::new(),
            hist: ListState::default(),
            rows: 21,
        }
    }

    fn items(&self) -> usize {
        self.entries.len() + self.promises.len()
    }

    fn selected(&self) -> Option<&LogEntry> {
        let i = self.list.selected;
        self.entries
            .get(i)
            .or_else(|| self.promises.get(i.checked_sub(self.entries.len())?))
    }

    fn select_id(&mut self, id: i64) {
        if let Some(i) = self.entries.iter().position(|e| e.id == id) {
            self.list.selected = i;
        }
    }

    fn reload_log(&mut self, ctx: &mut Ctx) {
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
        match keep {
            Some(id) => {
                let at = self.entries.iter().position(|e| e.id == id).or_else(|| {
                    self.promises
                        .iter()
                        .position(|e| e.id == id)
                        .map(|p| p + self.entries.len())
                });
                self.list.selected = at.unwrap_or(self.list.selected);
            }
            // The latest entry: the one most likely to need a correction.
            None => self.list.selected = self.entries.len().saturating_sub(1),
        }
        self.list.clamp(self.items());
    }

    fn reset_form(&mut self) {
        let category = self.form.value("category");
        self.form = new_form(self.lang);
        if !category.is_empty() {
            self.form.set("category", &category);
        }
        self.editing = Editing::New;
    }

    /// Read the form into an entry, marking what is wrong.
    fn read_form(&mut self, ctx: &Ctx) -> Option<NewLogEntry> {
        let t = &self.lang.t().shift;
        let f = &mut self.form;
        for k in ["text", "unit", "ticket", "due"] {
            f.set_note(k, None);
        }
        let category: Option<Category> = f.value("category").parse().ok();
        let ticket = f.value("ticket");
        let ticket_id = if ticket.trim().is_empty() {
            None
        } else {
            match ticket.trim().trim_start_matches('#').parse::<i64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    f.set_note("ticket", Some((t.bad_ticket.to_string(), theme::error())));
                    f.focus_on("ticket");
                    return None;
                }
            }
        };
        let due_text = f.value("due");
        let due_at = if due_text.trim().is_empty() {
            None
        } else {
            match dutylog::parse_due(&due_text, ctx.now) {
                Some(d) => Some(d),
                None => {
                    f.set_note("due", Some((t.bad_due.to_string(), theme::error())));
                    f.focus_on("due");
                    return None;
                }
            }
        };
        let unit = f.value("unit");
        Some(NewLogEntry {
            category,
            text: f.value("text"),
            unit: (!unit.trim().is_empty()).then_some(unit),
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
            StoreError::Unit(_) | StoreError::Ambiguous(_) => "unit",
            StoreError::NotFound { what: "unit", .. } => "unit",
            StoreError::NotFound { what: "ticket", .. } => "ticket",
            StoreError::Shift(r) if r.is_bad_input() => {
                if matches!(r, crate::domain::shift::ShiftRefusal::PromiseNeedsDue) {
                    "due"
                } else {
                    "text"
                }
            }
            _ => return,
        };
        let msg = ctx.lang.store_error(e);
        self.form.set_note(key, Some((msg, theme::error())));
        self.form.focus_on(key);
    }

    fn save_entry(&mut self, ctx: &mut Ctx) {
        let t = &ctx.lang.t().shift;
        let Some(new) = self.read_form(ctx) else {
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
                self.reset_form();
                self.reload_log(ctx);
                self.select_id(e.id);
                ctx.ok(msg);
            }
            Err(e) => self.refused(&e, ctx),
        }
    }

    fn start_correct(&mut self, ctx: &mut Ctx) {
        let t = &ctx.lang.t().shift;
        let Some(e) = self.selected().cloned() else {
            ctx.error(t.select_entry);
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
        self.editing = Editing::Correct(id);
        ctx.info(fill(t.correcting, &[&id]));
    }

    fn start_keep(&mut self, ctx: &mut Ctx) {
        let t = &ctx.lang.t().shift;
        match self.selected() {
            Some(e) if e.is_open_promise() => {
                let id = e.id;
                self.form = keep_form(ctx.lang);
                self.editing = Editing::Keep(id);
                ctx.info(fill(t.keeping, &[&id]));
            }
            _ => ctx.error(t.select_promise),
        }
    }

    // --- handover ---

    fn open_pending(&mut self, ctx: &mut Ctx) {
        let target = match ctx.store.handover_target(ctx.shifts, ctx.now) {
            Ok(s) => s,
            Err(e) => return ctx.store_error(&e),
        };
        match ctx.store.handover_for_shift(&target) {
            Ok(Some(h)) => {
                let id = h.id;
                self.show_record(h, Mode::Log, ctx);
                ctx.info(fill(ctx.lang.t().shift.already_handed, &[&id]));
                return;
            }
            Ok(None) => {}
            Err(e) => return ctx.store_error(&e),
        }
        let next = ctx.shifts.next(&target);
        match ctx
            .store
            .pending_report(&target, &next, &ctx.me.name, "", ctx.now)
        {
            Ok(report) => {
                self.view = Some(HandoverView {
                    lines: text_lines(&ctx.lang.handover_text(&report)),
                    doc: Doc::Pending(Box::new(Pending {
                        shift: target,
                        next,
                        report,
                    })),
                    scroll: 0,
                    form: Some((Purpose::Note, note_form(ctx.lang))),
                    back_to: Mode::Log,
                });
                self.mode = Mode::Handover;
            }
            Err(e) => ctx.store_error(&e),
        }
    }

    fn record_lines(lang: Lang, h: &HandoverRecord) -> Vec<String> {
        let mut lines = text_lines(&h.content);
        lines.extend(text_lines(&lang.handover_signature(h, false)));
        lines
    }

    fn show_record(&mut self, h: HandoverRecord, back_to: Mode, ctx: &mut Ctx) {
        let form = if h.acknowledged.is_none() {
            let staff = ctx.store.desk_staff().unwrap_or_default();
            Some((Purpose::Ack, ack_form(ctx.lang, &staff, h.from_id, ctx.me)))
        } else {
            None
        };
        self.view = Some(HandoverView {
            lines: Self::record_lines(ctx.lang, &h),
            doc: Doc::Stored(Box::new(h)),
            scroll: 0,
            form,
            back_to,
        });
        self.mode = Mode::Handover;
    }

    fn refresh_view(&mut self, ctx: &mut Ctx) {
        let lang = ctx.lang;
        let Some(v) = self.view.as_mut() else {
            return;
        };
        match &mut v.doc {
            Doc::Pending(p) => {
                match ctx
                    .store
                    .pending_report(&p.shift, &p.next, &ctx.me.name, "", ctx.now)
                {
                    Ok(r) => {
                        v.lines = text_lines(&lang.handover_text(&r));
                        p.report = r;
                    }
                    Err(e) => ctx.store_error(&e),
                }
            }
            Doc::Stored(h) => match ctx.store.handover(h.id) {
                Ok(fresh) => {
                    // Signed meanwhile (elsewhere): the ack form goes.
                    if fresh.acknowledged.is_some() && matches!(v.form, Some((Purpose::Ack, _))) {
                        v.form = None;
                    }
                    v.lines = Self::record_lines(lang, &fresh);
                    **h = fresh;
                }
                Err(e) => ctx.store_error(&e),
            },
        }
    }

    fn save_handover(&mut self, ctx: &mut Ctx) {
        let lang = ctx.lang;
        let t = &lang.t().shift;
        let Some(v) = self.view.as_mut() else {
            return;
        };
        let Some((purpose, form)) = v.form.as_mut() else {
            return;
        };
        let result = match (&v.doc, *purpose) {
            (Doc::Pending(p), Purpose::Note) => {
                let note = form.value("note");
                ctx.store
                    .submit_handover(&p.shift, &p.next, &note, ctx.me, ctx.now, &|r| {
                        lang.handover_text(r)
                    })
                    .map(|h| (fill(t.submitted, &[&h.id]), h))
            }
            (Doc::Stored(h), Purpose::Ack) => {
                let pin = form.value("pin");
                if pin.is_empty() {
                    form.focus_on("pin");
                    ctx.error(t.need_pin);
                    return;
                }
                let who = form.value("incoming");
                let incoming = match ctx.store.staff_by_name(&who) {
                    Ok(s) => s,
                    Err(e) => return ctx.store_error(&e),
                };
                let r = ctx.store.acknowledge_handover(
                    h.id,
                    &incoming,
                    &pin,
                    &form.value("remarks"),
                    ctx.now,
                );
                if r.is_err() {
                    // The PIN is typed again; the remarks stay.
                    form.set("pin", "");
                    form.focus_on("pin");
                }
                r.map(|h| (fill(t.acknowledged, &[&h.id, &incoming.name]), h))
            }
            (Doc::Stored(h), Purpose::Addendum) => ctx
                .store
                .add_handover_addendum(h.id, ctx.me, &form.value("addendum"), ctx.now)
                .map(|h| (t.addendum_saved.to_string(), h)),
            (Doc::Stored(h), Purpose::Review) => ctx
                .store
                .review_handover(h.id, ctx.me, &form.value("review"), ctx.now)
                .map(|h| (fill(t.reviewed, &[&h.id]), h)),
            _ => return,
        };
        match result {
            Ok((msg, h)) => {
                let back = v.back_to;
                self.show_record(h, back, ctx);
                ctx.ok(msg);
            }
            Err(e) => ctx.store_error(&e),
        }
    }

    fn open_form(&mut self, purpose: Purpose, ctx: &mut Ctx) {
        let t = &ctx.lang.t().shift;
        let Some(v) = self.view.as_mut() else {
            return;
        };
        let Doc::Stored(h) = &v.doc else {
            return;
        };
        if v.form.as_ref().is_some_and(|(p, _)| *p == Purpose::Ack) {
            return;
        }
        match purpose {
            Purpose::Addendum => {
                v.form = Some((purpose, line_form("addendum", t.f_addendum)));
            }
            Purpose::Review => {
                if !ctx.me.role.covers(Role::Supervisor) {
                    return ctx.error(t.r_not_reviewer);
                }
                if h.acknowledged.is_none() {
                    return ctx.error(fill(t.r_not_ack, &[&h.id]));
                }
                if h.review.is_some() {
                    return ctx.error(fill(t.r_already_reviewed, &[&h.id]));
                }
                v.form = Some((purpose, line_form("review", t.f_review)));
            }
            _ => {}
        }
    }

    fn text_rows(&self) -> u16 {
        let form_h = self
            .view
            .as_ref()
            .and_then(|v| v.form.as_ref())
            .map(|(p, f)| f.height() + if *p == Purpose::Note { 1 } else { 0 } + 1)
            .unwrap_or(0);
        self.rows.saturating_sub(3 + form_h)
    }

    fn scroll(&mut self, by: i32) {
        let rows = self.text_rows();
        if let Some(v) = self.view.as_mut() {
            let max = (v.lines.len() as u16).saturating_sub(rows);
            let s = (v.scroll as i32 + by).clamp(0, max as i32);
            v.scroll = s as u16;
        }
    }

    fn load_history(&mut self, ctx: &mut Ctx) {
        match ctx.store.handovers(None, None, HISTORY_ROWS) {
            Ok(mut v) => {
                // Shift names in the reader's language, when the plan knows the code.
                for h in &mut v {
                    if let Some(s) = ctx.shifts.get(h.shift_date, &h.shift_code) {
                        h.shift_name = ctx.lang.shift_name(&s).to_string();
                    }
                }
                self.history = v;
            }
            Err(e) => ctx.store_error(&e),
        }
        self.hist.clamp(self.history.len());
    }

    fn open_history(&mut self, ctx: &mut Ctx) {
        self.load_history(ctx);
        self.mode = Mode::History;
    }
}

impl Screen for ShiftScreen {
    fn id(&self) -> ScreenId {
        ScreenId::Shift
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.t().shift.title
    }

    fn contexts(&self) -> Vec<Context> {
        match self.mode {
            Mode::Log => vec![Context::Shift],
            Mode::Handover => vec![Context::ShiftHandover],
            Mode::History => vec![Context::ShiftHistory],
        }
    }

    fn wants_text(&self) -> bool {
        match self.mode {
            Mode::Log => self.form.wants_text(),
            Mode::Handover => self
                .view
                .as_ref()
                .and_then(|v| v.form.as_ref())
                .is_some_and(|(_, f)| f.wants_text()),
            Mode::History => false,
        }
    }

    fn handle(&mut self, action: Action, ctx: &mut Ctx) {
        if self.lang != ctx.lang {
            self.lang = ctx.lang;
            self.reset_form();
        }
        match self.mode {
            Mode::Log => match action {
                Action::Save => self.save_entry(ctx),
                Action::NextField => self.form.next(),
                Action::PrevField => self.form.prev(),
                Action::Up => self.list.up(1),
                Action::Down => self.list.down(1, self.items()),
                Action::CorrectEntry => self.start_correct(ctx),
                Action::KeepPromise => self.start_keep(ctx),
                Action::OpenHandover => self.open_pending(ctx),
                Action::PastHandovers => self.open_history(ctx),
                Action::Back => {
                    if self.editing != Editing::New {
                        self.reset_form();
                        ctx.info(ctx.lang.t().common.cancelled);
                    } else {
                        self.form.focus_on("text");
                    }
                }
                _ => {}
            },
            Mode::Handover => match action {
                Action::Save => self.save_handover(ctx),
                Action::NextField => {
                    if let Some((_, f)) = self.view.as_mut().and_then(|v| v.form.as_mut()) {
                        f.next();
                    }
                }
                Action::PrevField => {
                    if let Some((_, f)) = self.view.as_mut().and_then(|v| v.form.as_mut()) {
                        f.prev();
                    }
                }
                Action::Up => self.scroll(-1),
                Action::Down => self.scroll(1),
                Action::PageUp => self.scroll(-(self.text_rows() as i32 - 1).max(1)),
                Action::PageDown => self.scroll((self.text_rows() as i32 - 1).max(1)),
                Action::Addendum => self.open_form(Purpose::Addendum, ctx),
                Action::Review => self.open_form(Purpose::Review, ctx),
                Action::Back => {
                    let Some(v) = self.view.as_mut() else {
                        self.mode = Mode::Log;
                        return;
                    };
                    match &v.form {
                        Some((Purpose::Addendum | Purpose::Review, _)) => v.form = None,
                        _ => {
                            let back = v.back_to;
                            self.view = None;
                            match back {
                                Mode::History => self.open_history(ctx),
                                _ => {
                                    self.mode = Mode::Log;
                                    self.reload_log(ctx);
                                }
                            }
                        }
                    }
                }
                _ => {}
            },
            Mode::History => {
                let n = self.history.len();
                match action {
                    Action::Up => self.hist.up(1),
                    Action::Down => self.hist.down(1, n),
                    Action::PageUp => self.hist.up(10),
                    Action::PageDown => self.hist.down(10, n),
                    Action::Home => self.hist.home(),
                    Action::End => self.hist.end(n),
                    Action::Select => {
                        if let Some(id) = self.history.get(self.hist.selected).map(|h| h.id) {
                            match ctx.store.handover(id) {
                                Ok(h) => self.show_record(h, Mode::History, ctx),
                                Err(e) => ctx.store_error(&e),
                            }
                        }
                    }
                    Action::Back => {
                        self.mode = Mode::Log;
                        self.reload_log(ctx);
                    }
                    _ => {}
                }
            }
        }
    }

    fn text_key(&mut self, key: &KeyEvent, ctx: &mut Ctx) {
        match self.mode {
            Mode::Log => {
                if self.form.handle_key(key) == FormEvent::Submit {
                    self.save_entry(ctx);
                }
            }
            Mode::Handover => {
                let submit = self
                    .view
                    .as_mut()
                    .and_then(|v| v.form.as_mut())
                    .map(|(_, f)| f.handle_key(key) == FormEvent::Submit)
                    .unwrap_or(false);
                if submit {
                    self.save_handover(ctx);
                }
            }
            Mode::History => {}
        }
    }

    fn paste(&mut self, text: &str, _ctx: &mut Ctx) {
        match self.mode {
            Mode::Log => {
                self.form.paste(text);
            }
            Mode::Handover => {
                if let Some((_, f)) = self.view.as_mut().and_then(|v| v.form.as_mut()) {
                    f.paste(text);
                }
            }
            Mode::History => {}
        }
    }

    fn reload(&mut self, ctx: &mut Ctx) {
        if self.lang != ctx.lang {
            self.lang = ctx.lang;
            self.reset_form();
        }
        match self.mode {
            Mode::Log => self.reload_log(ctx),
            Mode::Handover => self.refresh_view(ctx),
            Mode::History => self.load_history(ctx),
        }
    }

    fn is_dirty(&self) -> bool {
        let note = self
            .view
            .as_ref()
            .and_then(|v| v.form.as_ref())
            .is_some_and(|(p, f)| *p != Purpose::Ack && f.has_text());
        (self.editing == Editing::New && self.form.has_text()) || note
    }

    fn draft(&self) -> Option<String> {
        if self.editing != Editing::New || !self.form.has_text() {
            return None;
        }
        let map: BTreeMap<&str, String> = self
            .form
            .fields
            .iter()
            .map(|f| (f.key, self.form.value(f.key)))
            .collect();
        serde_json::to_string(&map).ok()
    }

    fn restore_draft(&mut self, body: &str, ctx: &mut Ctx) {
        let Ok(map) = serde_json::from_str::<BTreeMap<String, String>>(body) else {
            return;
        };
        self.lang = ctx.lang;
        self.reset_form();
        for (k, v) in &map {
            self.form.set(k, v);
        }
        ctx.info(ctx.lang.t().intake.draft_restored);
    }

    fn open_handover(&mut self, id: i64, ctx: &mut Ctx) {
        self.lang = ctx.lang;
        match ctx.store.handover(id) {
            Ok(h) => self.show_record(h, Mode::Log, ctx),
            Err(e) => ctx.store_error(&e),
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, view: &View) {
        match self.mode {
            Mode::Log => self.render_log(f, area, view),
            Mode::Handover => self.render_handover(f, area, view),
            Mode::History => self.render_history(f, area, view),
        }
    }

    fn after_draw(&mut self, rows: u16) {
        self.rows = rows;
        let n = self.history.len();
        self.hist.clamp(n);
        self.hist.scroll_to(rows.saturating_sub(3) as usize);
    }
}

impl ShiftScreen {
    fn render_log(&self, f: &mut Frame, area: Rect, view: &View) {
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
            (lang.t().common.yes, lang.t().common.no),
        );
        let banner_y = inner.y + form_h;
        let banner = match self.editing {
            Editing::New => None,
            Editing::Correct(id) => Some(fill(t.correcting, &[&id])),
            Editing::Keep(id) => Some(fill(t.keeping, &[&id])),
        };
        if let Some(b) = banner {
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

    fn render_entries(&self, f: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let t = &lang.t().shift;
        let w = area.width as usize;
        // (item index, line)
        let mut lines: Vec<(Option<usize>, Line)> = Vec::new();
        lines.push((
            None,
            Line::from(Span::styled(
                fill(t.log_section, &[&self.entries.len()]),
                theme::header(),
            )),
        ));
        if self.entries.is_empty() {
            lines.push((
                None,
                Line::from(Span::styled(format!("  {}", t.empty_log), theme::dim())),
            ));
        }
        for (i, e) in self.entries.iter().enumerate() {
            let text = format!("{}{}", lang.log_head(e), lang.log_body(e));
            let style = if i == self.list.selected {
                theme::selected()
            } else if e.corrected_by.is_some() {
                theme::dim()
            } else {
                Style::default()
            };
            lines.push((Some(i), Line::from(Span::styled(pad(&text, w), style))));
        }
        lines.push((
            None,
            Line::from(Span::styled(
                fill(t.promises_section, &[&self.promises.len()]),
                theme::header(),
            )),
        ));
        if self.promises.is_empty() {
            lines.push((
                None,
                Line::from(Span::styled(format!("  {}", t.none), theme::dim())),
            ));
        }
        for (j, p) in self.promises.iter().enumerate() {
            let i = self.entries.len() + j;
            let overdue = p.overdue(view.now);
            let due = p
                .due_at
                .map(|d| d.format("%m-%d %H:%M").to_string())
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
            let style = if i == self.list.selected {
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
            .position(|(i, _)| *i == Some(self.list.selected))
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

    fn render_handover(&self, f: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let t = &lang.t().shift;
        let Some(v) = &self.view else {
            return;
        };
        let (title, help) = match &v.doc {
            Doc::Pending(p) => (
                fill(t.heading_pending, &[&lang.shift_label(&p.shift)]),
                t.pending_help,
            ),
            Doc::Stored(h) => {
                let status = match (&h.acknowledged, &h.review) {
                    (None, _) => t.status_awaiting,
                    (Some(_), None) => t.status_sealed,
                    (Some(_), Some(_)) => t.status_reviewed,
                };
                let label = format!(
                    "{} {} · {status}",
                    h.shift_date,
                    lang.shift_name(&h.report.shift)
                );
                let help = if h.acknowledged.is_none() {
                    t.awaiting_help
                } else {
                    t.sealed_help
                };
                (fill(t.heading_handover, &[&h.id, &label]), help)
            }
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(title, theme::title()));
        let inner = block.inner(area);
        f.render_widget(block, area);
        if inner.height < 4 {
            return;
        }
        f.render_widget(
            Paragraph::new(Span::styled(fit(help, inner.width as usize), theme::dim())),
            Rect::new(inner.x, inner.y, inner.width, 1),
        );
        let form_h = v
            .form
            .as_ref()
            .map(|(p, fm)| fm.height() + if *p == Purpose::Note { 1 } else { 0 })
            .unwrap_or(0)
            .min(inner.height.saturating_sub(3));
        let text_h = inner
            .height
            .saturating_sub(1 + form_h + if form_h > 0 { 1 } else { 0 });
        let text_area = Rect::new(inner.x, inner.y + 1, inner.width, text_h);
        let lines: Vec<Line> = v
            .lines
            .iter()
            .map(|l| {
                let style = if l.starts_with('■') {
                    theme::header()
                } else if l.starts_with('⚠') {
                    theme::warn()
                } else {
                    Style::default()
                };
                Line::from(Span::styled(l.clone(), style))
            })
            .collect();
        f.render_widget(Paragraph::new(lines).scroll((v.scroll, 0)), text_area);
        if let Some((_, form)) = &v.form {
            let sep_y = text_area.bottom();
            let sep = Block::default().borders(Borders::TOP);
            f.render_widget(sep, Rect::new(inner.x, sep_y, inner.width, 1));
            form.render(
                f,
                Rect::new(inner.x, sep_y + 1, inner.width, form_h),
                true,
                (lang.t().common.yes, lang.t().common.no),
            );
        }
    }

    fn render_history(&self, f: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let t = &lang.t().shift;
        let block = Block::default().borders(Borders::ALL).title(Span::styled(
            fill(t.heading_history, &[&self.history.len()]),
            theme::title(),
        ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        if self.history.is_empty() {
            f.render_widget(
                Paragraph::new(Span::styled(t.history_empty, theme::dim())),
                inner,
            );
            return;
        }
        let rows = inner.height as usize;
        let start = self.hist.window(rows);
        let w = inner.width as usize;
        let lines: Vec<Line> = self
            .history
            .iter()
            .enumerate()
            .skip(start)
            .take(rows)
            .map(|(i, h)| {
                let status = match (&h.acknowledged_at, h.reviewed) {
                    (None, _) => t.status_awaiting,
                    (Some(_), false) => t.status_sealed,
                    (Some(_), true) => t.status_reviewed,
                };
                let to = h.to_operator.as_deref().unwrap_or("-");
                let extra = if h.addenda > 0 {
                    format!(" +{}", h.addenda)
                } else {
                    String::new()
                };
                let text = format!(
                    "#{:<4} {} {} {} → {} {} {}{extra}",
                    h.id,
                    h.shift_date,
                    pad_min(&h.shift_name, 7),
                    pad_min(&h.from_operator, 6),
                    pad_min(to, 6),
                    pad(status, 8),
                    h.created_at.format("%m-%d %H:%M")
                );
                let style = if i == self.hist.selected {
                    theme::selected()
                } else if h.acknowledged_at.is_none() {
                    theme::warn()
                } else {
                    Style::default()
                };
                Line::from(Span::styled(pad(&text, w), style))
            })
            .collect();
        f.render_widget(Paragraph::new(lines), inner);
    }
}
