//! One module per screen. Each implements `Screen`: it turns actions into
//! state changes (and store calls) and draws itself from that state only.

pub mod callbacks;
pub mod dispatch;
pub mod intake;
pub mod keys;
pub mod lookup;
pub mod shift;
pub mod signin;
pub mod step_form;

use super::action::Action;
use super::keymap::{Context, Keymap};
use crate::i18n::Lang;
use crate::present::ErrorText;
use crate::store::{Staff, Store, StoreError};
use chrono::NaiveDateTime;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::Frame;

/// Screens in tab-bar order. Only screens that work are listed in `all()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScreenId {
    Intake,
    Dispatch,
    Lookup,
    Callbacks,
    Keys,
    Shift,
}

impl ScreenId {
    pub fn code(self) -> &'static str {
        match self {
            ScreenId::Intake => "intake",
            ScreenId::Dispatch => "dispatch",
            ScreenId::Lookup => "lookup",
            ScreenId::Callbacks => "callbacks",
            ScreenId::Keys => "keys",
            ScreenId::Shift => "shift",
        }
    }

    /// The action that switches to this screen (its key shows in the tab bar).
    pub fn go_action(self) -> Action {
        match self {
            ScreenId::Intake => Action::GoIntake,
            ScreenId::Dispatch => Action::GoDispatch,
            ScreenId::Lookup => Action::GoLookup,
            ScreenId::Callbacks => Action::GoCallbacks,
            ScreenId::Keys => Action::GoKeys,
            ScreenId::Shift => Action::GoShift,
        }
    }
}

/// The working screens, in tab order.
pub fn all() -> Vec<Box<dyn Screen>> {
    vec![
        Box::new(intake::Intake::new()),
        Box::new(dispatch::Dispatch::new()),
        Box::new(lookup::Lookup::new()),
        Box::new(callbacks::Callbacks::new()),
        // --- keys screen ---
        Box::new(keys::Keys::new()),
        // --- shift-log screen ---
        Box::new(shift::ShiftScreen::new()),
    ]
}

/// A request to move between screens, carried out by the app after `handle`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Nav {
    To(ScreenId),
    /// Open intake for this unit code.
    IntakeFor(String),
    /// Open lookup on this unit code.
    LookupFor(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Ok,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub kind: StatusKind,
}

impl Default for Status {
    fn default() -> Self {
        Status {
            text: String::new(),
            kind: StatusKind::Info,
        }
    }
}

/// What a screen may touch while handling an action.
pub struct Ctx<'a> {
    pub store: &'a mut Store,
    pub now: NaiveDateTime,
    pub me: &'a Staff,
    pub lang: Lang,
    pub status: &'a mut Status,
    pub nav: &'a mut Option<Nav>,
    /// The site's shift plan (from the config).
    pub shifts: &'a crate::domain::shift::ShiftPlan,
}

impl Ctx<'_> {
    pub fn info(&mut self, text: impl Into<String>) {
        *self.status = Status {
            text: text.into(),
            kind: StatusKind::Info,
        };
    }
    pub fn ok(&mut self, text: impl Into<String>) {
        *self.status = Status {
            text: text.into(),
            kind: StatusKind::Ok,
        };
    }
    pub fn error(&mut self, text: impl Into<String>) {
        *self.status = Status {
            text: text.into(),
            kind: StatusKind::Error,
        };
    }
    /// A store error in the operator's language.
    pub fn store_error(&mut self, e: &StoreError) {
        let text = self.lang.store_error(e);
        self.error(text);
    }
}

/// What a screen may read while drawing.
pub struct View<'a> {
    pub lang: Lang,
    pub now: NaiveDateTime,
    pub keymap: &'a Keymap,
    pub me: &'a Staff,
}

pub trait Screen {
    fn id(&self) -> ScreenId;
    /// The tab label.
    fn title(&self, lang: Lang) -> &'static str;
    /// Key contexts active now, most specific first.
    fn contexts(&self) -> Vec<Context>;
    /// Whether unclaimed keys are typed into a field.
    fn wants_text(&self) -> bool {
        false
    }
    fn handle(&mut self, action: Action, ctx: &mut Ctx);
    /// A key the keymap did not claim: for the focused field, if any.
    fn text_key(&mut self, _key: &KeyEvent, _ctx: &mut Ctx) {}
    fn paste(&mut self, _text: &str, _ctx: &mut Ctx) {}
    /// Re-read data: on entering the screen and when the database changed.
    fn reload(&mut self, ctx: &mut Ctx);
    /// Unsaved input that quitting would lose.
    fn is_dirty(&self) -> bool {
        false
    }
    /// The unsaved input as text, kept when the session ends abruptly.
    fn draft(&self) -> Option<String> {
        None
    }
    fn restore_draft(&mut self, _body: &str, _ctx: &mut Ctx) {}
    /// Open on a unit (from another screen).
    fn open_unit(&mut self, _code: &str, _ctx: &mut Ctx) {}
    // --- shift-log screen ---
    /// Open a stored shift handover (the sign-in hook uses it).
    fn open_handover(&mut self, _id: i64, _ctx: &mut Ctx) {}
    fn render(&self, f: &mut Frame, area: Rect, view: &View);
    /// Once a second, without the store: for countdowns and re-sorting.
    fn on_second(&mut self, _now: NaiveDateTime) {}
    /// Called after drawing with the body height, so lists keep their window.
    fn after_draw(&mut self, _rows: u16) {}
}
