//! Past handovers, newest first, on the kit's table: Enter opens one.

use crate::i18n::fill;
use crate::store::handover::HandoverSummary;
use crate::tui::action::Action;
use crate::tui::screens::{Ctx, View};
use crate::tui::theme;
use crate::tui::widgets::table::{render_table, Column, ListState, TableRow, Width};
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders};
use ratatui::Frame;

/// How many past handovers the list loads (a year of three shifts a day).
const HISTORY_ROWS: usize = 1200;

#[derive(Default)]
pub(super) struct History {
    rows: Vec<HandoverSummary>,
    list: ListState,
}

impl History {
    pub fn load(&mut self, ctx: &mut Ctx) {
        match ctx.store.handovers(None, None, HISTORY_ROWS) {
            Ok(mut v) => {
                // Shift names in the reader's language, when the plan knows the code.
                for h in &mut v {
                    if let Some(s) = ctx.shifts.get(h.shift_date, &h.shift_code) {
                        h.shift_name = ctx.lang.shift_name(&s).to_string();
                    }
                }
                self.rows = v;
            }
            Err(e) => ctx.store_error(&e),
        }
        self.list.clamp(self.rows.len());
    }

    /// Move in the list; returns whether the selection moved.
    pub fn handle(&mut self, action: Action) -> bool {
        self.list.handle(action, self.rows.len())
    }

    pub fn selected_id(&self) -> Option<i64> {
        self.rows.get(self.list.selected()).map(|h| h.id)
    }

    pub fn render(&self, f: &mut Frame, area: Rect, view: &View) {
        let t = &view.lang.t().shift;
        let block = Block::default().borders(Borders::ALL).title(Span::styled(
            fill(t.heading_history, &[&self.rows.len()]),
            theme::title(),
        ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let content = |min| Width::Content { min, max: 20 };
        let columns = [
            Column::new(t.col_no, content(4)),
            Column::new(t.col_date, Width::Fixed(10)),
            Column::new(t.col_shift, content(4)),
            Column::new(t.col_from, content(4)),
            Column::new(t.col_to, content(4)),
            Column::new(t.col_status, content(4)),
            Column::new(t.col_handed, Width::Fixed(11)),
            Column::new(t.col_addenda, Width::Fill { min: 3 }),
        ];
        render_table(
            f,
            inner,
            &self.list,
            &columns,
            self.rows.len(),
            |i| {
                let h = &self.rows[i];
                let status = match (&h.acknowledged_at, h.reviewed) {
                    (None, _) => t.status_awaiting,
                    (Some(_), false) => t.status_sealed,
                    (Some(_), true) => t.status_reviewed,
                };
                let addenda = if h.addenda > 0 {
                    format!("+{}", h.addenda)
                } else {
                    String::new()
                };
                let row = TableRow::new(vec![
                    format!("#{}", h.id).into(),
                    h.shift_date.to_string().into(),
                    h.shift_name.clone().into(),
                    h.from_operator.clone().into(),
                    h.to_operator.clone().unwrap_or_else(|| "-".into()).into(),
                    status.into(),
                    h.created_at.format("%m-%d %H:%M").to_string().into(),
                    addenda.into(),
                ]);
                // Still waiting for a signature: it stands out.
                if h.acknowledged_at.is_none() {
                    row.style(theme::warn())
                } else {
                    row
                }
            },
            t.history_empty,
        );
    }
}
