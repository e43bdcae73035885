//! What reaches the app without a key: reads landing from the loader
//! thread, the start-up quick check's answer, other operators' commits
//! (polled by `data_version`) and the once-a-second clock (countdowns, the
//! idle lock).

use super::{App, POLL_EVERY};
use crate::tui::loader::{Done, Loader};
use crate::tui::screens::ScreenId;
use chrono::NaiveDateTime;
use std::time::{Duration, Instant};

impl App {
    /// Read the board and the month's figures on a thread of their own with
    /// a read-only connection from now on; `wake` is called when a result
    /// is ready (the event loop then calls `take_loaded`).
    pub fn start_loader(
        &mut self,
        wake: Box<dyn Fn() + Send>,
    ) -> Result<(), crate::store::StoreError> {
        let reader = self.store.open_reader()?;
        // Its reads (the board, the queue, the month's figures, the
        // overview) each walk far more than 2 MB once, so SQLite's default
        // cache only held 1.8 MB of pages it seldom read again (heaptrack,
        // sign-in on a 1,000,000-ticket site); the key thread never waits
        // for it.
        reader.set_page_cache_kib(512)?;
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
}
