//! `p` on the board: the selected ticket's 工程维修单, or for an emergency
//! its 紧急情况处理登记表, written to a file by `screens::print` with the
//! builders `frontdesk print` uses.

use super::Dispatch;
use crate::domain::Kind;
use crate::present::paper::{self, Paper};
use crate::store::{Store, StoreError};
use crate::tui::screens::{print, Ctx};
use chrono::NaiveDateTime;

/// The form of ticket `id` as it stands now (read again: the board's copy
/// may be a second old), and its file's form code.
fn form_of(
    store: &Store,
    lang: crate::i18n::Lang,
    site: &str,
    id: i64,
    now: NaiveDateTime,
) -> Result<(Paper, &'static str), StoreError> {
    let t = store.ticket(id)?;
    if t.kind == Kind::Emergency {
        let record = store.emergency_record(id)?;
        return Ok((
            paper::emergency(lang, site, &t, record.as_ref(), now),
            "emergency",
        ));
    }
    let events = store.events(id)?;
    Ok((paper::workorder(lang, site, &t, &events, now), "workorder"))
}

impl Dispatch {
    pub(super) fn print(&self, ctx: &mut Ctx) {
        let Some((t, _, _)) = &self.detail else {
            return ctx.error(ctx.lang.t().paper.tui_no_ticket);
        };
        match form_of(ctx.store, ctx.lang, &ctx.settings.site, t.id, ctx.now) {
            Ok((form, code)) => print::out(ctx, &form, code, &form.no),
            Err(e) => ctx.store_error(&e),
        }
    }
}
