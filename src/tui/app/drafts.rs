//! Unsaved input kept as drafts: saved when a session ends abruptly (or the
//! operator hands over the terminal), restored at their next sign-in.

use super::App;

impl App {
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

    pub(super) fn restore_drafts(&mut self) {
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
