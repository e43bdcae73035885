//! App state and the key → action → update path (here); who is at the
//! keyboard (`session`), what arrives without a key (`background`) and
//! unsaved input kept as drafts (`drafts`). Rendering lives in `ui`;
//! nothing here draws, and nothing in `ui` touches the store.

mod background;
mod drafts;
mod session;

use super::action::Action;
use super::keymap::{Context, Keymap};
use super::loader::Loader;
use super::screens::signin::{SignIn, Submit};
use super::screens::{self, Ctx, Nav, Question, Screen, ScreenId, Status, Target};
use super::widgets::scroll::Scroll;
use crate::clock::Clock;
use crate::i18n::Lang;
use crate::store::{Actor, Store};
use chrono::NaiveDateTime;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::time::{Duration, Instant};

/// What is drawn over the screen; while open it takes every key.
#[derive(Debug, Clone)]
pub enum Overlay {
    None,
    Help(Scroll),
    Confirm(Question),
}

pub struct App {
    pub lang: Lang,
    pub store: Store,
    pub clock: Clock,
    pub keymap: Keymap,
    pub site: String,
    pub me: Option<Actor>,
    /// The sign-in form, while nobody is signed in.
    pub signin: Option<SignIn>,
    /// The idle lock over the screens of the signed-in person: everything
    /// underneath stays as it was until they type their PIN again.
    pub lock: Option<SignIn>,
    /// Minutes without a key before the screen locks (None: never).
    pub idle_lock_minutes: Option<u32>,
    /// When the last key (or paste) arrived, on the app's clock.
    last_input: NaiveDateTime,
    /// The SSH client's address, for the sign-in audit.
    pub client: Option<String>,
    pub screens: Vec<Box<dyn Screen>>,
    pub current: usize,
    pub status: Status,
    pub overlay: Overlay,
    pub quit: bool,
    /// Ctrl-Z: the event loop suspends the process and redraws on `fg`.
    pub suspend: bool,
    data_version: i64,
    last_poll: Instant,
    /// The site's shifts: the status bar and the 值班 screen use them.
    pub shifts: crate::domain::shift::ShiftPlan,
    pub settings: screens::Settings,
    /// This run of the program: drafts are kept per session, so two
    /// sessions of one operator that both end abruptly keep both.
    pub session: String,
    /// Reads off the key thread (the board, the month's figures); None:
    /// screens read at once (tests).
    pub loader: Option<Loader>,
    /// The answer of the file's quick check, run on a thread of its own at
    /// start (`watch_damage`): `Some(message)` when the file is damaged.
    damage: Option<std::sync::mpsc::Receiver<Option<String>>>,
}

/// A name for this run of the program: process, start time and a counter
/// (several apps in one test process).
fn new_session() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!(
        "{}-{nanos}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// What the config says about the site and the screens.
pub struct Setup {
    pub site: String,
    pub shifts: crate::domain::shift::ShiftPlan,
    pub settings: screens::Settings,
}

/// How often another operator's changes are looked for.
pub const POLL_EVERY: Duration = Duration::from_millis(800);

impl App {
    pub fn new(
        store: Store,
        clock: Clock,
        lang: Lang,
        keymap: Keymap,
        site: String,
        me: Option<Actor>,
    ) -> App {
        let setup = Setup {
            site,
            shifts: crate::domain::shift::ShiftPlan::default(),
            settings: screens::Settings::default(),
        };
        App::configured(store, clock, lang, keymap, me, setup)
    }

    /// `new` with the site's shift plan and screen settings from the config.
    pub fn configured(
        store: Store,
        clock: Clock,
        lang: Lang,
        keymap: Keymap,
        me: Option<Actor>,
        setup: Setup,
    ) -> App {
        let Setup {
            site,
            shifts,
            mut settings,
        } = setup;
        // The site's name, for what a screen prints (a goods release pass).
        settings.site = site.clone();
        let data_version = store.data_version().unwrap_or(0);
        let last_input = clock.now();
        let mut app = App {
            lang,
            store,
            clock,
            keymap,
            site,
            me: None,
            signin: None,
            lock: None,
            idle_lock_minutes: Some(15),
            last_input,
            client: None,
            screens: screens::all(),
            current: 0,
            status: Status::default(),
            overlay: Overlay::None,
            quit: false,
            suspend: false,
            data_version,
            last_poll: Instant::now(),
            shifts,
            settings,
            session: new_session(),
            loader: None,
            damage: None,
        };
        match me {
            Some(s) => app.sign_in(s),
            None => app.open_signin(None),
        }
        app
    }

    pub fn screen(&self) -> &dyn Screen {
        self.screens[self.current].as_ref()
    }

    pub fn screen_id(&self) -> ScreenId {
        self.screen().id()
    }

    /// The current screen's contexts, under any overlay.
    pub fn screen_contexts(&self) -> Vec<Context> {
        if let Some(form) = self.lock.as_ref().or(self.signin.as_ref()) {
            return form.contexts();
        }
        self.screen().contexts()
    }

    /// Key contexts in lookup order for the current state.
    pub fn contexts(&self) -> Vec<Context> {
        // The lock covers everything, an open question included.
        if let Some(lock) = &self.lock {
            let mut c = lock.contexts();
            c.push(Context::Global);
            return c;
        }
        match self.overlay {
            Overlay::Help(_) => return vec![Context::Help],
            Overlay::Confirm(_) => return vec![Context::Confirm],
            Overlay::None => {}
        }
        if let Some(si) = &self.signin {
            let mut c = si.contexts();
            c.push(Context::Global);
            return c;
        }
        let mut c = self.screen().contexts();
        c.push(Context::Global);
        if !self.screen().wants_text() {
            c.push(Context::Nav);
        }
        c
    }

    pub fn on_event(&mut self, ev: Event) {
        match ev {
            // Act on press (and repeat), never on release.
            Event::Key(k) if k.kind != KeyEventKind::Release => {
                self.last_input = self.clock.now();
                self.on_key(k)
            }
            Event::Paste(text) => {
                self.last_input = self.clock.now();
                match self.lock.as_mut().or(self.signin.as_mut()) {
                    Some(form) => form.paste(&text),
                    None => self.with_ctx(|s, ctx| s.paste(&text, ctx)),
                }
            }
            _ => {}
        }
    }

    pub fn on_key(&mut self, key: KeyEvent) {
        let contexts = self.contexts();
        match self.keymap.lookup(&contexts, &key) {
            Some(action) => self.update(action),
            // Typed into the sign-in form or the lock (a PIN).
            None if self.lock.is_some() || self.signin.is_some() => {
                let typed = match key.code {
                    KeyCode::Char(c)
                        if !key
                            .modifiers
                            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
                    {
                        Some(c)
                    }
                    _ => None,
                };
                let covered = match (self.lock.as_mut(), &self.overlay) {
                    (Some(lock), _) => Some(lock),
                    (None, Overlay::None) => self.signin.as_mut(),
                    _ => None,
                };
                if let (Some(form), Some(c)) = (covered, typed) {
                    form.type_char(c);
                }
            }
            None if !matches!(self.overlay, Overlay::None) => {}
            // A key nothing claimed: a printable one is typed into the
            // focused field (`Screen::text_key` passes it to `type_char`).
            None => self.with_ctx(|s, ctx| s.text_key(&key, ctx)),
        }
    }

    /// Apply an action: overlays and app-level ones here, the rest to the
    /// current screen.
    pub fn update(&mut self, action: Action) {
        if let Some(lock) = self.lock.as_mut() {
            match action {
                // Whoever quits a locked screen keeps the person's input
                // as their drafts.
                Action::Quit => {
                    self.save_drafts();
                    self.quit = true;
                }
                Action::SwitchOperator => self.switch_operator(),
                Action::Suspend => self.suspend = true,
                a => {
                    if let Submit::Check { name, pin } = lock.handle(a, self.lang) {
                        self.check_pin(&name, &pin);
                    }
                }
            }
            return;
        }
        match std::mem::replace(&mut self.overlay, Overlay::None) {
            Overlay::Help(mut scroll) => {
                if action != Action::Back {
                    scroll.handle(action);
                    self.overlay = Overlay::Help(scroll);
                }
                return;
            }
            Overlay::Confirm(q) => {
                match action {
                    Action::Yes if q.on_yes == Action::Quit => self.quit = true,
                    Action::Yes => self.with_ctx(|s, ctx| s.handle(q.on_yes, ctx)),
                    Action::No => self.status = Status::default(),
                    _ => self.overlay = Overlay::Confirm(q),
                }
                return;
            }
            Overlay::None => {}
        }
        if let Some(si) = self.signin.as_mut() {
            match action {
                Action::Quit => self.quit = true,
                Action::Help => self.overlay = Overlay::Help(Scroll::default()),
                Action::Suspend => self.suspend = true,
                a => {
                    if let Submit::Check { name, pin } = si.handle(a, self.lang) {
                        self.check_pin(&name, &pin);
                    }
                }
            }
            return;
        }
        match action {
            Action::Quit => self.request_quit(),
            Action::Help => self.overlay = Overlay::Help(Scroll::default()),
            Action::Suspend => self.suspend = true,
            Action::SwitchOperator => self.switch_operator(),
            Action::Emergency => {
                // From any screen: straight into intake with the kind set.
                self.go(ScreenId::Intake);
                self.with_ctx(|s, ctx| s.handle(Action::Emergency, ctx));
            }
            a => {
                if let Some(id) = self
                    .screens
                    .iter()
                    .map(|s| s.id())
                    .find(|id| id.go_action() == a)
                {
                    self.go(id);
                    return;
                }
                self.with_ctx(|s, ctx| s.handle(a, ctx));
            }
        }
    }

    fn request_quit(&mut self) {
        if self.screens.iter().any(|s| s.is_dirty()) {
            let t = self.lang.t();
            self.overlay = Overlay::Confirm(Question {
                title: t.app.confirm_quit_title.to_string(),
                text: t.app.confirm_quit.to_string(),
                yes: t.app.quit_yes.to_string(),
                no: t.app.quit_no.to_string(),
                on_yes: Action::Quit,
            });
        } else {
            self.quit = true;
        }
    }

    /// Switch screens. The status line starts clean on the new screen: an
    /// old message must not read as if it were about this one.
    pub fn go(&mut self, id: ScreenId) {
        if let Some(i) = self.screens.iter().position(|s| s.id() == id) {
            if i != self.current {
                self.status = Status::default();
            }
            self.current = i;
            self.reload_current();
        }
    }

    /// Run `f` on the current screen with a context, then follow any navigation.
    fn with_ctx(&mut self, f: impl FnOnce(&mut dyn Screen, &mut Ctx)) {
        self.with_ctx_at(self.current, f)
    }

    /// `with_ctx` on screen `i` (a load that lands for a screen not shown).
    fn with_ctx_at(&mut self, i: usize, f: impl FnOnce(&mut dyn Screen, &mut Ctx)) {
        let Some(me) = self.me.clone() else {
            return;
        };
        let mut nav = None;
        let mut ask = None;
        let now = self.clock.now();
        {
            let mut ctx = Ctx {
                store: &mut self.store,
                now,
                me: &me,
                lang: self.lang,
                status: &mut self.status,
                nav: &mut nav,
                ask: &mut ask,
                keymap: &self.keymap,
                settings: &self.settings,
                client: self.client.as_deref(),
                shifts: &self.shifts,
                loader: self.loader.as_ref(),
            };
            f(self.screens[i].as_mut(), &mut ctx);
        }
        if let Some(q) = ask {
            self.overlay = Overlay::Confirm(q);
        }
        if let Some(n) = nav {
            self.follow(n);
        }
    }

    /// Go to a screen and open something there, as another screen would.
    pub fn open(&mut self, id: ScreenId, target: Target) {
        self.follow(Nav::Open(id, target));
    }

    fn follow(&mut self, nav: Nav) {
        match nav {
            Nav::To(id) => self.go(id),
            Nav::Open(id, target) => {
                self.go(id);
                self.with_ctx(|s, ctx| s.open(&target, ctx));
            }
        }
    }
}
