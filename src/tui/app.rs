//! App state and the key → action → update path. Rendering lives in `ui`;
//! nothing here draws, and nothing in `ui` touches the store.

use super::action::Action;
use super::keymap::{Context, Keymap};
use super::loader::{Done, Loader};
use super::screens::signin::{SignIn, Submit};
use super::screens::{self, Ctx, Nav, Question, Screen, ScreenId, Status, StatusKind, Target};
use super::widgets::scroll::Scroll;
use crate::clock::Clock;
use crate::domain::auth::{SignInEvent, Via};
use crate::i18n::Lang;
use crate::present::AuthText;
use crate::store::{Actor, AuthError, Store};
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

    /// Show the sign-in form, with `preselect` chosen (`--operator NAME`,
    /// or the person bound to the Unix account).
    pub fn open_signin(&mut self, preselect: Option<&str>) {
        let staff = self.store.desk_staff().unwrap_or_default();
        self.signin = Some(SignIn::new(staff, preselect, self.lang));
    }

    /// Whether a form covers the screens (sign-in or the idle lock).
    pub fn covered(&self) -> bool {
        self.signin.is_some() || self.lock.is_some()
    }

    /// The sign-in form or the lock submitted a PIN: check it (argon2 runs
    /// before the store's write transaction) and act on the outcome.
    fn check_pin(&mut self, name: &str, pin: &str) {
        let now = self.clock.now();
        let client = self.client.clone();
        let unlocking = self.lock.is_some();
        let outcome = match (&self.me, unlocking) {
            (Some(me), true) => self.store.unlock(me, pin, client.as_deref(), now),
            _ => self
                .store
                .authenticate(name, pin, Via::Tui, client.as_deref(), now),
        };
        match outcome {
            Ok(actor) if unlocking => {
                self.me = Some(actor);
                self.lock = None;
                self.last_input = now;
                self.status = Status {
                    text: self.lang.t().auth.unlocked.to_string(),
                    kind: StatusKind::Ok,
                };
            }
            Ok(actor) => self.sign_in(actor),
            Err(e) => {
                let text = self.lang.auth_error(&e);
                let form = if unlocking {
                    self.lock.as_mut()
                } else {
                    self.signin.as_mut()
                };
                if let Some(f) = form {
                    f.refuse(&text);
                }
                let kind = match e {
                    AuthError::Store(_) => StatusKind::Error,
                    _ => StatusKind::Info,
                };
                self.status = Status { text, kind };
            }
        }
    }

    /// The idle lock: cover the screens until the person's PIN is typed
    /// again. Nothing underneath changes (forms, drafts, the overlay).
    pub fn lock_screen(&mut self) {
        let Some(me) = self.me.clone() else {
            return;
        };
        if self.covered() {
            return;
        }
        let now = self.clock.now();
        let client = self.client.clone();
        let _ = self.store.record_signin(
            &me,
            SignInEvent::ScreenLocked,
            Via::Tui,
            client.as_deref(),
            now,
        );
        let minutes = self.idle_lock_minutes.unwrap_or(0);
        self.lock = Some(SignIn::unlock(&me.name, minutes, self.lang));
        self.status = Status::default();
    }

    /// Hand the terminal to another operator: the current one's unsaved
    /// input is kept as their drafts, the screens start afresh, and the
    /// next person signs in (their own drafts then come back).
    pub fn switch_operator(&mut self) {
        let Some(me) = self.me.clone() else {
            return;
        };
        self.save_drafts();
        let now = self.clock.now();
        let client = self.client.clone();
        let _ =
            self.store
                .record_signin(&me, SignInEvent::Switched, Via::Tui, client.as_deref(), now);
        self.me = None;
        self.lock = None;
        self.overlay = Overlay::None;
        self.screens = screens::all();
        self.current = 0;
        self.open_signin(None);
        self.status = Status {
            text: crate::i18n::fill(self.lang.t().auth.switched, &[&me.name]),
            kind: StatusKind::Info,
        };
    }

    fn sign_in(&mut self, me: Actor) {
        let greeting = crate::i18n::fill(
            self.lang.t().app.signed_in,
            &[&me.name, &self.lang.role(me.role)],
        );
        self.me = Some(me);
        self.signin = None;
        // The first screen of a session (set directly: `go` would clear
        // the greeting below).
        let first = self.settings.first_screen.unwrap_or(ScreenId::Today);
        if let Some(i) = self.screens.iter().position(|s| s.id() == first) {
            self.current = i;
        }
        self.lock = None;
        self.last_input = self.clock.now();
        self.status = Status {
            text: greeting,
            kind: StatusKind::Info,
        };
        self.restore_drafts();
        self.reload_current();
        self.preload_others();
        self.show_pending_handover();
    }

    /// The other screens' slow first reads, sent to the loader behind the
    /// first screen's (none without a loader: tests read at once).
    fn preload_others(&mut self) {
        if self.loader.is_none() {
            return;
        }
        for i in 0..self.screens.len() {
            if i != self.current {
                self.with_ctx_at(i, |s, ctx| s.preload(ctx));
            }
        }
    }

    // --- shift-log screen ---
    /// A handover waiting for the incoming operator is shown to the next
    /// person who signs in (unless they wrote it).
    fn show_pending_handover(&mut self) {
        let Some(me) = self.me.clone() else {
            return;
        };
        let Ok(Some(h)) = self.store.unacknowledged_handover() else {
            return;
        };
        if h.from_id == me.id {
            return;
        }
        self.follow(Nav::Open(ScreenId::Shift, Target::Handover(h.id)));
        self.status = Status {
            text: crate::i18n::fill(
                self.lang.t().shift.pending_ack_notice,
                &[
                    &h.id,
                    &format!("{} {}", h.shift_date, h.shift_name),
                    &h.from_operator,
                ],
            ),
            kind: StatusKind::Info,
        };
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

    /// Read the board and the month's figures on a thread of their own with
    /// a read-only connection from now on; `wake` is called when a result
    /// is ready (the event loop then calls `take_loaded`).
    pub fn start_loader(
        &mut self,
        wake: Box<dyn Fn() + Send>,
    ) -> Result<(), crate::store::StoreError> {
        let reader = self.store.open_reader()?;
        self.loader = Some(Loader::spawn(reader, wake));
        Ok(())
    }

    /// Listen for the start-up quick check's answer (see `damage_found`).
    pub fn watch_damage(&mut self, answer: std::sync::mpsc::Receiver<Option<String>>) {
        self.damage = Some(answer);
    }

    /// The quick check's message once it has found damage; `None` while it
    /// runs and after it passed.
    pub fn damage_found(&mut self) -> Option<String> {
        use std::sync::mpsc::TryRecvError;
        let answer = self.damage.as_ref()?.try_recv();
        match answer {
            Ok(Some(message)) => Some(message),
            Ok(None) | Err(TryRecvError::Disconnected) => {
                self.damage = None;
                None
            }
            Err(TryRecvError::Empty) => None,
        }
    }

    /// Hand every finished read to its screen. Returns whether any landed.
    pub fn take_loaded(&mut self) -> bool {
        let mut any = false;
        while let Some(done) = self.loader.as_ref().and_then(|l| l.try_take()) {
            self.deliver(done);
            any = true;
        }
        any
    }

    /// Wait until every read sent has landed (tests and the probe).
    pub fn settle(&mut self) {
        while let Some(done) = self
            .loader
            .as_ref()
            .and_then(|l| l.take_waiting(Duration::from_secs(60)))
        {
            self.deliver(done);
        }
    }

    fn deliver(&mut self, done: Done) {
        let id = match done {
            Done::Board(_) => ScreenId::Dispatch,
            Done::CallbackFigures { .. } | Done::CallbackQueue { .. } => ScreenId::Callbacks,
            Done::Today(_) => ScreenId::Today,
        };
        if let Some(i) = self.screens.iter().position(|s| s.id() == id) {
            self.with_ctx_at(i, |s, ctx| s.loaded(done, ctx));
        }
    }

    /// Whether a job of this kind is waiting (unused by screens; for tests).
    pub fn loading(&self) -> bool {
        self.loader.as_ref().is_some_and(|l| l.pending() > 0)
    }

    pub fn reload_current(&mut self) {
        self.with_ctx(|s, ctx| s.reload(ctx));
    }

    /// Called on a timer: pick up other operators' commits without a busy loop.
    /// Returns whether anything changed that needs a redraw.
    pub fn tick(&mut self) -> bool {
        if self.last_poll.elapsed() < POLL_EVERY {
            return false;
        }
        self.tick_now()
    }

    /// `tick` without waiting for the poll interval (tests and the probe).
    pub fn tick_now(&mut self) -> bool {
        self.last_poll = Instant::now();
        match self.store.data_version() {
            Ok(v) if v != self.data_version => {
                self.data_version = v;
                self.reload_current();
                true
            }
            _ => false,
        }
    }

    /// Once a second, from the clock alone (no SQL): countdowns and the
    /// board's order. Returns whether anything visible changed.
    pub fn second(&mut self) -> bool {
        let now = self.clock.now();
        if self.idle_expired(now) {
            self.lock_screen();
            return true;
        }
        self.screens[self.current].on_second(now)
    }

    /// Signed in, not covered, and no key for `idle_lock_minutes`.
    fn idle_expired(&self, now: NaiveDateTime) -> bool {
        match self.idle_lock_minutes.filter(|m| *m > 0) {
            Some(m) if self.me.is_some() && !self.covered() => {
                now - self.last_input >= chrono::Duration::minutes(i64::from(m))
            }
            _ => false,
        }
    }

    /// Save unsaved input (on SIGHUP, a lost terminal or a panic) so nothing
    /// typed is lost. A screen whose own `draft` panics (the one that broke)
    /// does not keep the others' from being saved.
    pub fn save_drafts(&mut self) {
        let Some(me) = self.me.clone() else {
            return;
        };
        let now = self.clock.now();
        for s in &self.screens {
            let draft = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| s.draft()))
                .unwrap_or(None);
            if let Some(body) = draft {
                let _ = self
                    .store
                    .save_draft(me.id, &self.session, s.id().code(), &body, now);
            }
        }
    }

    fn restore_drafts(&mut self) {
        let Some(me) = self.me.clone() else {
            return;
        };
        let mut restored = false;
        for i in 0..self.screens.len() {
            let code = self.screens[i].id().code();
            if let Ok(Some(body)) = self.store.take_draft(me.id, code) {
                // Start on the screen with the draft, so the operator sees it.
                self.current = i;
                self.with_ctx(|s, ctx| {
                    s.reload(ctx);
                    s.restore_draft(&body, ctx);
                });
                restored = true;
            }
        }
        // Drafts of another session that ended too wait for the next start.
        let waiting = self.store.drafts_waiting(me.id).unwrap_or(0);
        if restored && waiting > 0 {
            let kept = crate::i18n::fill(self.lang.t().safety.drafts_kept, &[&waiting]);
            self.status.text = format!("{}{}{kept}", self.status.text, self.lang.pick("；", "; "));
        }
    }
}
