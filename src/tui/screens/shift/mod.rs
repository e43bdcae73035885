//! 值班 Shift: write duty-log entries, see the current shift's entries and the
//! open promises, correct an entry or mark a promise kept (both new entries),
//! open the handover (a report generated from the data, with the outgoing
//! operator's note), acknowledge one with the incoming operator's PIN, and
//! browse past handovers (addenda, supervisor review).
//!
//! Composed from the kit: every form is a `Form` (Ctrl-S, Tab, Enter and Esc
//! are the form's), the report scrolls with `Scroll`, past handovers are a
//! table. `log` holds the duty log, `handover` the handover views, `history`
//! the past handovers.

mod handover;
mod history;
mod log;
mod paper;

use super::{Ctx, Screen, ScreenId, Target, View};
use crate::i18n::Lang;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::widgets::form::FormEvent;
use handover::HandoverView;
use history::History;
use log::{Editing, Log};
use ratatui::layout::Rect;
use ratatui::Frame;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Log,
    Handover,
    History,
}

pub struct ShiftScreen {
    lang: Lang,
    mode: Mode,
    log: Log,
    view: Option<HandoverView>,
    history: History,
}

impl Default for ShiftScreen {
    fn default() -> Self {
        ShiftScreen::new()
    }
}

impl ShiftScreen {
    pub fn new() -> Self {
        ShiftScreen {
            lang: Lang::Zh,
            mode: Mode::Log,
            log: Log::new(Lang::Zh),
            view: None,
            history: History::default(),
        }
    }

    fn relang(&mut self, lang: Lang) {
        if self.lang != lang {
            self.lang = lang;
            self.log.relang(lang);
        }
    }

    fn open_history(&mut self, ctx: &mut Ctx) {
        self.history.load(ctx);
        self.mode = Mode::History;
    }

    fn open_record(&mut self, id: i64, back_to: Mode, ctx: &mut Ctx) {
        match ctx.store.handover(id) {
            Ok(h) => self.show_record(h, back_to, ctx),
            Err(e) => ctx.store_error(&e),
        }
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
            Mode::Log => {
                let mut c = vec![Context::Shift];
                c.extend(self.log.form.contexts());
                c
            }
            Mode::Handover => {
                let mut c = vec![Context::ShiftHandover];
                match self.view.as_ref().and_then(|v| v.form()) {
                    // Keys the form leaves alone scroll the report.
                    Some(form) => {
                        c.extend(form.contexts());
                        c.push(Context::List);
                    }
                    None => c.extend([Context::List, Context::ListVi]),
                }
                c
            }
            Mode::History => vec![Context::ShiftHistory, Context::List, Context::ListVi],
        }
    }

    fn wants_text(&self) -> bool {
        match self.mode {
            Mode::Log => self.log.form.wants_text(),
            Mode::Handover => self
                .view
                .as_ref()
                .and_then(|v| v.form())
                .is_some_and(|f| f.wants_text()),
            Mode::History => false,
        }
    }

    fn handle(&mut self, action: Action, ctx: &mut Ctx) {
        self.relang(ctx.lang);
        if action == Action::Print {
            return self.print(ctx);
        }
        match self.mode {
            Mode::Log => match action {
                Action::OpenHandover => self.open_pending(ctx),
                Action::PastHandovers => self.open_history(ctx),
                a => self.log.handle(a, ctx),
            },
            Mode::Handover => self.handle_handover(action, ctx),
            Mode::History => match action {
                Action::Select => {
                    if let Some(id) = self.history.selected_id() {
                        self.open_record(id, Mode::History, ctx);
                    }
                }
                Action::Back => {
                    self.mode = Mode::Log;
                    self.log.reload(ctx);
                }
                a => {
                    self.history.handle(a);
                }
            },
        }
    }

    fn type_char(&mut self, c: char, ctx: &mut Ctx) {
        self.relang(ctx.lang);
        match self.mode {
            Mode::Log => {
                if let FormEvent::Changed(k) = self.log.form.type_char(c) {
                    self.log.changed(k, ctx);
                }
            }
            Mode::Handover => {
                if let Some(v) = self.view.as_mut() {
                    v.type_char(c);
                }
            }
            Mode::History => {}
        }
    }

    fn paste(&mut self, text: &str, ctx: &mut Ctx) {
        match self.mode {
            Mode::Log => {
                if let FormEvent::Changed(k) = self.log.form.paste(text) {
                    self.log.changed(k, ctx);
                }
            }
            Mode::Handover => {
                if let Some(v) = self.view.as_mut() {
                    v.paste(text);
                }
            }
            Mode::History => {}
        }
    }

    fn reload(&mut self, ctx: &mut Ctx) {
        self.relang(ctx.lang);
        match self.mode {
            Mode::Log => self.log.reload(ctx),
            Mode::Handover => self.refresh_view(ctx),
            Mode::History => self.history.load(ctx),
        }
    }

    fn is_dirty(&self) -> bool {
        self.log.form.is_dirty() || self.view.as_ref().is_some_and(|v| v.is_dirty())
    }

    /// A new entry being written is kept as a draft (field code → value).
    fn draft(&self) -> Option<String> {
        if self.log.editing != Editing::New || !self.log.form.is_dirty() {
            return None;
        }
        serde_json::to_string(&self.log.form.values()).ok()
    }

    fn restore_draft(&mut self, body: &str, ctx: &mut Ctx) {
        let Ok(values) = serde_json::from_str::<BTreeMap<String, String>>(body) else {
            return;
        };
        self.relang(ctx.lang);
        self.log.restore(&values, ctx);
        ctx.info(ctx.lang.t().intake.draft_restored);
    }

    fn open(&mut self, target: &Target, ctx: &mut Ctx) {
        self.relang(ctx.lang);
        if let Target::Handover(id) = target {
            self.open_record(*id, Mode::Log, ctx);
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, view: &View) {
        match self.mode {
            Mode::Log => self.log.render(f, area, view),
            Mode::Handover => self.render_handover(f, area, view),
            Mode::History => self.history.render(f, area, view),
        }
    }
}
