//! Bringing the board's rows up to date: the whole board once, then only
//! the tickets changed since the last load (`store::board`), on the
//! loader's thread when there is one; the selection stays on its ticket.

use super::rows::{self, Row};
use super::Dispatch;
use crate::store::board::BoardLoad;
use crate::tui::loader::Job;
use crate::tui::screens::Ctx;

impl Dispatch {
    /// Bring the rows up to date: on the loader's thread when there is one
    /// (the result comes back through `loaded`), else at once.
    pub(super) fn reload_rows(&mut self, ctx: &mut Ctx) {
        match ctx.loader {
            Some(loader) => {
                if self.loading {
                    self.again = true;
                } else {
                    loader.send(Job::Board {
                        since: self.watermark,
                        now: ctx.now,
                    });
                    self.loading = true;
                }
            }
            None => match ctx.store.board_load(self.watermark, ctx.now) {
                Ok(load) => self.apply_load(load, ctx),
                Err(e) => ctx.store_error(&e),
            },
        }
    }

    /// Take in what a load read: the whole board or the changed tickets.
    pub(super) fn apply_load(&mut self, load: BoardLoad, ctx: &mut Ctx) {
        // The ticket under the cursor, before the rows are replaced.
        let keep = self.selected_id();
        self.rules = ctx.store.rules().deadlines.clone();
        self.watermark = Some(load.watermark);
        self.key_alerts = load.key_alerts;
        let mut years = load.deadline_years;
        years.push(chrono::Datelike::year(&ctx.now));
        let cal = &ctx.store.rules().calendar;
        self.unknown_years = years.into_iter().filter(|y| !cal.knows_year(*y)).collect();
        self.unknown_years.sort_unstable();
        self.unknown_years.dedup();
        if load.full {
            // The old rows go before the new ones are laid out.
            self.all = Vec::new();
            self.text = load.text;
            self.garbage = 0;
            self.all = load
                .rows
                .into_iter()
                .map(|(t, run)| Row { t, run })
                .collect();
            self.index = self
                .all
                .iter()
                .enumerate()
                .map(|(i, r)| (r.t.id, i))
                .collect();
            self.resort(ctx.now, keep);
            return;
        }
        if load.rows.is_empty() && load.gone.is_empty() {
            self.recount(ctx.now);
            return;
        }
        // Only the changed tickets move: out of the order, replaced (or
        // added, or dropped), and back in where their key puts them.
        let changed: std::collections::HashSet<i64> = load
            .rows
            .iter()
            .map(|(t, _)| t.id)
            .chain(load.gone.iter().copied())
            .collect();
        // By place in `all`, so the order is filtered without touching rows.
        let mut places: Vec<usize> = changed
            .iter()
            .filter_map(|id| self.index.get(id).copied())
            .collect();
        places.sort_unstable();
        self.order.retain(|i| places.binary_search(i).is_err());
        for id in &load.gone {
            if let Some(i) = self.index.remove(id) {
                self.garbage += self.all[i].t.text.len();
                let last = self.all.len() - 1;
                self.all.swap_remove(i);
                if i < last {
                    // The last row moved into the hole.
                    self.index.insert(self.all[i].t.id, i);
                    for o in self.order.iter_mut().filter(|o| **o == last) {
                        *o = i;
                    }
                }
            }
        }
        let search = self.search.value();
        let q = rows::Query::new(&search);
        // The changed rows' words go after the others'; what the rows they
        // replace had is left behind until there is as much of it as of
        // the rest (then the text is copied afresh, see `compact`).
        let by = self.text.append(&load.text);
        for (mut t, run) in load.rows {
            t.text = t.text.moved(by);
            let i = match self.index.get(&t.id) {
                Some(&i) => {
                    self.garbage += self.all[i].t.text.len();
                    self.all[i] = Row { t, run };
                    i
                }
                None => {
                    self.index.insert(t.id, self.all.len());
                    self.all.push(Row { t, run });
                    self.all.len() - 1
                }
            };
            if self.all[i].matches(&self.text, &self.filter, &q) {
                rows::insert_sorted(&self.all, &mut self.order, i, self.sort);
            }
        }
        self.compact();
        self.keep_selection(ctx.now, keep);
    }

    /// Copy the live rows' words afresh once replaced rows have left as
    /// much behind as there is of them (so the text is at most twice what
    /// the rows need, and each byte is copied about once per replacement).
    fn compact(&mut self) {
        let live = self.text.len() - self.garbage;
        if self.garbage > live.max(64 * 1024) {
            self.text
                .compact(self.all.iter_mut().map(|r| &mut r.t.text), live);
            self.garbage = 0;
        }
    }
}
