//! Printing a handover from the shift screen (`p` in the past handovers,
//! Alt-P elsewhere): the record shown or selected, or on the duty log the
//! latest signed one, to a file by `screens::print` with the builder
//! `frontdesk print handover` uses. A handover not yet submitted has no
//! record to print; one whose text no longer matches its seal is refused,
//! as `frontdesk print` refuses it (paper would carry the altered text away
//! as if it were the signed one).

use super::{Mode, ShiftScreen};
use crate::present::paper;
use crate::store::handover::HandoverRecord;
use crate::tui::screens::{print, Ctx};

/// How far back the duty log looks for the latest signed handover.
const LOOK_BACK: usize = 50;

impl ShiftScreen {
    pub(super) fn print(&mut self, ctx: &mut Ctx) {
        let t = ctx.lang.t();
        let id = match self.mode {
            Mode::History => self.history.selected_id(),
            Mode::Handover => match self.view.as_ref().and_then(|v| v.stored_id()) {
                Some(id) => Some(id),
                None => return ctx.error(t.paper.tui_not_handed_over),
            },
            // The latest one signed by the incoming operator.
            Mode::Log => match ctx.store.handovers(None, None, LOOK_BACK) {
                Ok(rows) => rows
                    .iter()
                    .find(|h| h.acknowledged_at.is_some())
                    .map(|h| h.id),
                Err(e) => return ctx.store_error(&e),
            },
        };
        let Some(id) = id else {
            return ctx.error(t.paper.tui_no_handover);
        };
        match ctx.store.handover(id) {
            Ok(h) => print_record(&h, ctx),
            Err(e) => ctx.store_error(&e),
        }
    }
}

fn print_record(h: &HandoverRecord, ctx: &mut Ctx) {
    let t = ctx.lang.t();
    if !h.hash_ok {
        return ctx.error(format!(
            "{} #{}: {}",
            t.shift.thing_handover, h.id, t.safety.b_handover_hash
        ));
    }
    let form = paper::handover(ctx.lang, &ctx.settings.site, h, ctx.now);
    print::out(ctx, &form, "handover", &form.no);
}
