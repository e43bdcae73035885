//! Before a duplicate is registered: the unit already has an open ticket
//! of this kind and category (said with the key to open it instead), or
//! reported the same category within the repeat window.

use super::{Intake, F};
use crate::domain::category::Category;
use crate::domain::figures::repeats::reported_before;
use crate::domain::figures::FigureRules;
use crate::i18n::fill;
use crate::store::tickets::Filter;
use crate::text::one_line;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::screens::Ctx;

impl Intake {
    /// Warn before a duplicate: the unit already has an open ticket of this
    /// kind and category, or reported it before within the repeat window.
    pub(super) fn check_earlier(&mut self, ctx: &Ctx) {
        self.warning = None;
        let (Some(unit), Ok(category)) = (
            self.unit.unit(),
            self.form.value(F::Category).parse::<Category>(),
        ) else {
            return;
        };
        let lang = ctx.lang;
        let t = &lang.t().intake;
        let kind = self.kind();
        let open = Filter {
            unit_id: Some(unit.id),
            open_only: true,
            ..Default::default()
        };
        let same = ctx.store.list_tickets(&open).ok().and_then(|list| {
            list.into_iter()
                .find(|tk| tk.kind == kind && tk.category.code() == Some(category))
        });
        if let Some(tk) = same {
            let key = ctx.key(Context::Intake, Action::OpenRelated);
            self.warning = Some((
                fill(
                    t.open_already,
                    &[
                        &unit.code,
                        &lang.kind(kind),
                        &tk.id,
                        &one_line(tk.summary()),
                        &key,
                    ],
                ),
                Some(tk.id),
            ));
            return;
        }
        let rules = FigureRules::from_callbacks(&ctx.store.rules().callbacks);
        let since = ctx.now - chrono::Duration::days(rules.repeat_days);
        let history = ctx
            .store
            .unit_ticket_facts(unit.id, since)
            .unwrap_or_default();
        let before = reported_before(&history, &unit.code, category.code(), ctx.now, &rules);
        if before.count > 0 {
            self.warning = Some((
                fill(
                    t.reported_before,
                    &[
                        &unit.code,
                        &rules.repeat_days,
                        &lang.category(category),
                        &before.count,
                    ],
                ),
                None,
            ));
        }
    }
}
