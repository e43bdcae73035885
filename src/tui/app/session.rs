//! Who is at the keyboard: the sign-in form, the PIN check, the idle lock,
//! handing the terminal to the next operator, and what a sign-in opens
//! (their drafts, a handover waiting for them).

use super::{App, Overlay};
use crate::domain::auth::{SignInEvent, Via};
use crate::present::AuthText;
use crate::store::{Actor, AuthError};
use crate::tui::screens::signin::SignIn;
use crate::tui::screens::{self, Nav, ScreenId, Status, StatusKind, Target};

impl App {
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
    pub(super) fn check_pin(&mut self, name: &str, pin: &str) {
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

    pub(super) fn sign_in(&mut self, me: Actor) {
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
}
