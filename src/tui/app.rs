//! App state and the key → action → update path. Rendering lives in `ui`;
//! nothing here draws, and nothing in `ui` touches the store.

use super::action::Action;
use super::keymap::{Context, Keymap};
use super::screens::signin::SignIn;
use super::screens::{self, Ctx, Nav, Screen, ScreenId, Status, StatusKind};
use crate::clock::Clock;
use crate::i18n::Lang;
use crate::store::{Staff, Store};
use ratatui::crossterm::event::{Event, KeyEvent, KeyEventKind};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help,
    ConfirmQuit,
}

pub struct App {
    pub lang: Lang,
    pub store: Store,
    pub clock: Clock,
    pub keymap: Keymap,
    pub site: String,
    pub me: Option<Staff>,
    pub signin: Option<SignIn>,
    pub screens: Vec<Box<dyn Screen>>,
    pub current: usize,
    pub status: Status,
    pub overlay: Overlay,
    pub help_scroll: u16,
    pub quit: bool,
    data_version: i64,
    last_poll: Instant,
    /// The site's shifts: the status bar and the 值班 screen use them.
    pub shifts: crate::domain::shift::ShiftPlan,
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
        me: Option<Staff>,
    ) -> App {
        let shifts = crate::domain::shift::ShiftPlan::default();
        App::with_shifts(store, clock, lang, keymap, site, me, shifts)
    }

    /// `new` with the site's shift plan from the config.
    pub fn with_shifts(
        store: Store,
        clock: Clock,
        lang: Lang,
        keymap: Keymap,
        site: String,
        me: Option<Staff>,
        shifts: crate::domain::shift::ShiftPlan,
    ) -> App {
        let data_version = store.data_version().unwrap_or(0);
        let mut app = App {
            lang,
            store,
            clock,
            keymap,
            site,
            me: None,
            signin: None,
            screens: screens::all(),
            current: 0,
            status: Status::default(),
            overlay: Overlay::None,
            help_scroll: 0,
            quit: false,
            data_version,
            last_poll: Instant::now(),
            shifts,
        };
        match me {
            Some(s) => app.sign_in(s),
            None => {
                let staff = app.store.desk_staff().unwrap_or_default();
                app.signin = Some(SignIn::new(staff));
            }
        }
        app
    }

    fn sign_in(&mut self, me: Staff) {
        let greeting = crate::i18n::fill(
            self.lang.t().app.signed_in,
            &[&me.name, &self.lang.role(me.role)],
        );
        self.me = Some(me);
        self.signin = None;
        self.status = Status {
            text: greeting,
            kind: StatusKind::Info,
        };
        self.restore_drafts();
        self.reload_current();
        self.show_pending_handover();
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
        self.go(ScreenId::Shift);
        self.with_ctx(|s, ctx| s.open_handover(h.id, ctx));
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

    /// Key contexts in lookup order for the current state.
    pub fn contexts(&self) -> Vec<Context> {
        if self.signin.is_some() {
            return vec![Context::SignIn, Context::Global];
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
            Event::Key(k) if k.kind != KeyEventKind::Release => self.on_key(k),
            Event::Paste(text) => self.with_ctx(|s, ctx| s.paste(&text, ctx)),
            _ => {}
        }
    }

    pub fn on_key(&mut self, key: KeyEvent) {
        match self.overlay {
            Overlay::Help => {
                use ratatui::crossterm::event::KeyCode::*;
                match key.code {
                    Down | Char('j') => self.help_scroll = self.help_scroll.saturating_add(1),
                    Up | Char('k') => self.help_scroll = self.help_scroll.saturating_sub(1),
                    PageDown => self.help_scroll = self.help_scroll.saturating_add(10),
                    PageUp => self.help_scroll = self.help_scroll.saturating_sub(10),
                    _ => self.overlay = Overlay::None,
                }
                return;
            }
            Overlay::ConfirmQuit => {
                use ratatui::crossterm::event::KeyCode::*;
                match key.code {
                    Char('y') | Char('Y') | Enter => self.quit = true,
                    _ => {
                        self.overlay = Overlay::None;
                        self.status = Status::default();
                    }
                }
                return;
            }
            Overlay::None => {}
        }
        let contexts = self.contexts();
        match self.keymap.lookup(&contexts, &key) {
            Some(action) => self.update(action),
            // Unclaimed keys go to the screen's focused field (text, choice, yes/no).
            None if self.signin.is_none() => self.with_ctx(|s, ctx| s.text_key(&key, ctx)),
            None => {}
        }
    }

    /// Apply an action: app-level ones here, the rest to the current screen.
    pub fn update(&mut self, action: Action) {
        if let Some(si) = self.signin.as_mut() {
            match action {
                Action::Up => si.list.up(1),
                Action::Down => si.list.down(1, si.staff.len()),
                Action::Select => {
                    if let Some(s) = si.selected().cloned() {
                        self.sign_in(s);
                    }
                }
                Action::Quit => self.quit = true,
                Action::Help => self.overlay = Overlay::Help,
                _ => {}
            }
            return;
        }
        match action {
            Action::Quit => self.request_quit(),
            Action::Help => {
                self.help_scroll = 0;
                self.overlay = Overlay::Help;
            }
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
            self.overlay = Overlay::ConfirmQuit;
        } else {
            self.quit = true;
        }
    }

    pub fn go(&mut self, id: ScreenId) {
        if let Some(i) = self.screens.iter().position(|s| s.id() == id) {
            self.current = i;
            self.reload_current();
        }
    }

    /// Run `f` on the current screen with a context, then follow any navigation.
    fn with_ctx(&mut self, f: impl FnOnce(&mut dyn Screen, &mut Ctx)) {
        let Some(me) = self.me.clone() else {
            return;
        };
        let mut nav = None;
        let now = self.clock.now();
        {
            let mut ctx = Ctx {
                store: &mut self.store,
                now,
                me: &me,
                lang: self.lang,
                status: &mut self.status,
                nav: &mut nav,
                shifts: &self.shifts,
            };
            f(self.screens[self.current].as_mut(), &mut ctx);
        }
        if let Some(n) = nav {
            self.follow(n);
        }
    }

    fn follow(&mut self, nav: Nav) {
        match nav {
            Nav::To(id) => self.go(id),
            Nav::IntakeFor(code) => {
                self.go(ScreenId::Intake);
                self.with_ctx(|s, ctx| s.open_unit(&code, ctx));
            }
            Nav::LookupFor(code) => {
                self.go(ScreenId::Lookup);
                self.with_ctx(|s, ctx| s.open_unit(&code, ctx));
            }
        }
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
        self.last_poll = Instant::now();
        let now = self.clock.now();
        self.screens[self.current].on_second(now);
        match self.store.data_version() {
            Ok(v) if v != self.data_version => {
                self.data_version = v;
                self.reload_current();
                true
            }
            _ => false,
        }
    }

    /// Save unsaved input (on SIGHUP or a lost terminal) so nothing typed is lost.
    pub fn save_drafts(&mut self) {
        let Some(me) = self.me.clone() else {
            return;
        };
        let now = self.clock.now();
        for s in &self.screens {
            if let Some(body) = s.draft() {
                let _ = self.store.save_draft(me.id, s.id().code(), &body, now);
            }
        }
    }

    fn restore_drafts(&mut self) {
        let Some(me) = self.me.clone() else {
            return;
        };
        for i in 0..self.screens.len() {
            let code = self.screens[i].id().code();
            if let Ok(Some(body)) = self.store.take_draft(me.id, code) {
                // Start on the screen with the draft, so the operator sees it.
                self.current = i;
                self.with_ctx(|s, ctx| {
                    s.reload(ctx);
                    s.restore_draft(&body, ctx);
                });
            }
        }
    }
}
