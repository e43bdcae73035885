//! One module per screen. Each implements `Screen`: it turns actions into
//! state changes (and store calls) and draws itself from that state only.

pub mod callbacks;
pub mod dispatch;
pub mod intake;
pub mod keys;
pub mod lookup;
pub mod print;
pub mod registers;
pub mod reports;
pub mod shift;
pub mod signin;
pub mod today;

use super::action::Action;
use super::keymap::{Context, Keymap};
use crate::i18n::Lang;
use crate::present::ErrorText;
use crate::store::{Actor, Store, StoreError};
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
    Today,
    Reports,
    Registers,
}

impl ScreenId {
    pub const ALL: &'static [ScreenId] = &[
        ScreenId::Intake,
        ScreenId::Dispatch,
        ScreenId::Lookup,
        ScreenId::Callbacks,
        ScreenId::Keys,
        ScreenId::Shift,
        ScreenId::Today,
        ScreenId::Reports,
        ScreenId::Registers,
    ];

    pub fn from_code(s: &str) -> Option<ScreenId> {
        ScreenId::ALL.iter().copied().find(|id| id.code() == s)
    }

    pub fn code(self) -> &'static str {
        match self {
            ScreenId::Intake => "intake",
            ScreenId::Dispatch => "dispatch",
            ScreenId::Lookup => "lookup",
            ScreenId::Callbacks => "callbacks",
            ScreenId::Keys => "keys",
            ScreenId::Shift => "shift",
            ScreenId::Today => "today",
            ScreenId::Reports => "reports",
            ScreenId::Registers => "registers",
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
            ScreenId::Today => Action::GoToday,
            ScreenId::Reports => Action::GoReports,
            ScreenId::Registers => Action::GoRegisters,
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
        Box::new(today::TodayScreen::new()),
        Box::new(reports::ReportsScreen::new()),
        // --- registers screen ---
        Box::new(registers::Registers::new()),
    ]
}

/// What another screen is asked to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A unit, by its code.
    Unit(String),
    /// A stored shift handover.
    Handover(i64),
    /// A ticket, by its id.
    Ticket(i64),
    /// A register's tab (the registers screen).
    Register(crate::domain::registers::Register),
}

/// A request to move between screens, carried out by the app after `handle`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Nav {
    To(ScreenId),
    /// Go to a screen and open something there.
    Open(ScreenId, Target),
}

/// A yes/no question over the screen. `Yes` sends `on_yes` to the screen
/// that asked (or quits, for `Action::Quit`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub title: String,
    pub text: String,
    /// What the two answers do, in words ("discard" / "keep editing").
    pub yes: String,
    pub no: String,
    pub on_yes: Action,
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

/// How the desk likes its screens, from the config file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// Intake keeps the kind and channel of the last registration.
    pub keep_kind_and_channel: bool,
    /// The screen shown after signing in (the overview unless the site
    /// chooses another).
    pub first_screen: Option<ScreenId>,
    /// The site's name (`[site] name`), heading what a screen prints.
    pub site: String,
    /// Where `p` writes a paper form (`[print] dir`), and as what.
    pub print_dir: std::path::PathBuf,
    pub print_format: crate::config::PrintFormat,
}

/// What a screen may touch while handling an action.
pub struct Ctx<'a> {
    pub store: &'a mut Store,
    pub now: NaiveDateTime,
    pub me: &'a Actor,
    pub lang: Lang,
    pub status: &'a mut Status,
    pub nav: &'a mut Option<Nav>,
    /// A question to ask before going on (e.g. "discard what you typed?").
    pub ask: &'a mut Option<Question>,
    /// The key table: messages name keys as bound.
    pub keymap: &'a Keymap,
    pub settings: &'a Settings,
    /// The SSH client's address, for the audit of a PIN typed at the desk.
    pub client: Option<&'a str>,
    /// The site's shift plan (from the config).
    pub shifts: &'a crate::domain::shift::ShiftPlan,
    /// Reads off the key thread (None: read at once, as tests do).
    pub loader: Option<&'a crate::tui::loader::Loader>,
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
    /// The first key bound to `action` in `context`, for a message.
    pub fn key(&self, context: Context, action: Action) -> String {
        self.keymap.keys_for(context, action).unwrap_or_default()
    }
    /// Ask before throwing typed input away; `Action::Discard` comes back on yes.
    pub fn ask_discard(&mut self) {
        let t = &self.lang.t().kit;
        *self.ask = Some(Question {
            title: t.discard_title.to_string(),
            text: t.discard_question.to_string(),
            yes: t.discard_yes.to_string(),
            no: t.discard_no.to_string(),
            on_yes: Action::Discard,
        });
    }
}

/// After a write: a warning when a deadline of ticket `id` falls in a year
/// the working calendar has no holiday list for ("" otherwise).
pub fn calendar_warning(ctx: &Ctx, id: i64) -> String {
    let dues = ctx
        .store
        .deadlines(id)
        .unwrap_or_default()
        .into_iter()
        .filter(|d| d.status == crate::domain::deadline::DeadlineStatus::Pending)
        .map(|d| d.due_at.date());
    let years = ctx.store.rules().calendar.unknown_years(dues);
    match years.first() {
        Some(y) => format!(
            " · {}",
            crate::i18n::fill(ctx.lang.t().common.calendar_unknown, &[y])
        ),
        None => String::new(),
    }
}

/// What a screen may read while drawing.
pub struct View<'a> {
    pub lang: Lang,
    pub now: NaiveDateTime,
    pub keymap: &'a Keymap,
    pub me: &'a Actor,
}

pub trait Screen {
    fn id(&self) -> ScreenId;
    /// The tab label.
    fn title(&self, lang: Lang) -> &'static str;
    /// Whether the tab bar lists it while another screen is shown (its key
    /// reaches it either way; the help names the key).
    fn in_tabs(&self) -> bool {
        true
    }
    /// Key contexts active now, most specific first (the screen's own, then
    /// those of its focused widget).
    fn contexts(&self) -> Vec<Context>;
    /// Whether unclaimed keys are typed into a field (then `Nav` keys are off).
    fn wants_text(&self) -> bool {
        false
    }
    fn handle(&mut self, action: Action, ctx: &mut Ctx);
    /// A printable character no binding claimed: for the focused field.
    fn type_char(&mut self, _c: char, _ctx: &mut Ctx) {}
    /// A key no binding claimed: a printable character goes to `type_char`.
    fn text_key(&mut self, key: &KeyEvent, ctx: &mut Ctx) {
        use ratatui::crossterm::event::{KeyCode, KeyModifiers};
        if let KeyCode::Char(c) = key.code {
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
            {
                self.type_char(c, ctx);
            }
        }
    }
    fn paste(&mut self, _text: &str, _ctx: &mut Ctx) {}
    /// Re-read data: on entering the screen and when the database changed.
    fn reload(&mut self, ctx: &mut Ctx);
    /// Just after sign-in, with a loader only: send the reads entering this
    /// screen would send, so its first entry finds the data there (a screen
    /// whose first read is slow). Default: nothing.
    fn preload(&mut self, _ctx: &mut Ctx) {}
    /// A read sent to the loader came back: take it in (in update, never
    /// while drawing).
    fn loaded(&mut self, _done: crate::tui::loader::Done, _ctx: &mut Ctx) {}
    /// Open what another screen asked for (a unit, a handover, a ticket).
    fn open(&mut self, _target: &Target, _ctx: &mut Ctx) {}
    /// Unsaved typed input that leaving would lose (search text is not).
    fn is_dirty(&self) -> bool {
        false
    }
    /// The unsaved input as text, kept when the session ends abruptly.
    fn draft(&self) -> Option<String> {
        None
    }
    fn restore_draft(&mut self, _body: &str, _ctx: &mut Ctx) {}
    fn render(&self, f: &mut Frame, area: Rect, view: &View);
    /// Once a second, without the store: for countdowns and re-sorting.
    /// Returns whether anything visible changed.
    fn on_second(&mut self, _now: NaiveDateTime) -> bool {
        false
    }
}
