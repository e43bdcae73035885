//! 回访 Callbacks: the queue in three sections (overdue, due today, upcoming)
//! under a line of this month's figures against the targets; Enter records a
//! call in a form (who, how, reached, ratings, verdict, the resident's words)
//! that shows the resident's full phone. An unsatisfied verdict sends the
//! ticket back to work through the store.
//!
//! Composed from the kit: the queue is a table with the sections as heading
//! rows, the record form (`form`) is a `Form`.

mod form;
mod view;

use super::{Ctx, Nav, Screen, ScreenId, Target, View};
use crate::domain::callback::{self, Figures, Section};
use crate::i18n::{fill, Lang};
use crate::present::CallbackText;
use crate::store::callback_queue::{Queue, QueueRow};
use crate::store::callbacks::{Attempt, Sample, Task, Which};
use crate::store::StoreError;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::widgets::form::FormEvent;
use crate::tui::widgets::table::ListState;
use chrono::NaiveDateTime;
use form::OutcomeForm;
use ratatui::layout::Rect;
use ratatui::Frame;
use std::collections::BTreeMap;

/// One row of the queue: a section heading or a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    Heading(Section, usize),
    Task(usize),
}

/// The selected task read whole, with its calls so far and its sampling
/// decision: the queue holds only what its list shows of each task.
pub(super) struct Detail {
    pub task: Task,
    pub attempts: Vec<Attempt>,
    pub sample: Option<Sample>,
}

pub struct Callbacks {
    /// The pending tasks, light (ids, codes, instants; place and summary
    /// in one text): 32,000 of them on a site of a million tickets.
    rows: Queue,
    /// The queue as drawn: each section's heading, then its tasks.
    entries: Vec<Entry>,
    /// Over `entries`; never on a heading.
    list: ListState,
    figures: Option<Figures>,
    /// What `figures` were computed at: the store's change mark and the hour.
    figures_key: Option<((i64, u64), String)>,
    /// The month's figures are being read on the loader's thread (the
    /// screen shows the last ones meanwhile).
    figuring: bool,
    /// The store's change mark when the queue was last read (or asked
    /// for): entering the screen again reads it only if something was
    /// written since.
    rows_mark: Option<(i64, u64)>,
    /// The queue has been read at least once.
    rows_loaded: bool,
    /// The queue is being read on the loader's thread (5,000 pending tasks
    /// at 50,000 open took 30 ms on the key thread).
    queuing: bool,
    /// Counts the queue's reads: only the latest one sent is taken when it
    /// lands (a read at once after a write here makes older ones stale).
    queue_seq: u64,
    /// The selected task whole, its calls so far and its sampling decision.
    detail: Option<Detail>,
    form: Option<OutcomeForm>,
}

impl Default for Callbacks {
    fn default() -> Self {
        Callbacks::new()
    }
}

/// The heading and task rows, in queue order (sections are contiguous).
fn entries(sections: &[Section]) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut last = None;
    for (i, s) in sections.iter().enumerate() {
        if last != Some(*s) {
            let n = sections.iter().filter(|x| *x == s).count();
            out.push(Entry::Heading(*s, n));
            last = Some(*s);
        }
        out.push(Entry::Task(i));
    }
    out
}

impl Callbacks {
    pub fn new() -> Self {
        Callbacks {
            rows: Queue::default(),
            entries: Vec::new(),
            list: ListState::default(),
            figures: None,
            figures_key: None,
            figuring: false,
            rows_mark: None,
            rows_loaded: false,
            queuing: false,
            queue_seq: 0,
            detail: None,
            form: None,
        }
    }

    fn is_heading(&self, i: usize) -> bool {
        matches!(self.entries.get(i), Some(Entry::Heading(..)))
    }

    fn selected(&self) -> Option<&QueueRow> {
        match self.entries.get(self.list.selected()) {
            Some(Entry::Task(i)) => self.rows.rows.get(*i),
            _ => None,
        }
    }

    /// Select the task with id `id`; returns whether it is on the queue.
    fn select_task(&mut self, id: i64) -> bool {
        let at = self
            .entries
            .iter()
            .position(|e| matches!(e, Entry::Task(i) if self.rows.rows[*i].id == id));
        if let Some(at) = at {
            self.list.select(at, self.entries.len());
        }
        at.is_some()
    }

    /// Read the queue if something was written since it was last read:
    /// on the loader's thread when there is one (the screen shows the last
    /// rows, or that it is reading, meanwhile), else — or when `inline`,
    /// after this screen's own write — at once.
    fn reload_rows(&mut self, ctx: &mut Ctx, inline: bool) {
        let keep = self.selected().map(|t| t.id);
        let mark = ctx.store.change_mark().ok();
        let fresh = self.rows_loaded && mark.is_some() && mark == self.rows_mark;
        if !fresh {
            match ctx.loader {
                Some(_) if !inline && self.queuing => {}
                Some(loader) if !inline => {
                    self.queue_seq += 1;
                    loader.send(crate::tui::loader::Job::CallbackQueue {
                        now: ctx.now,
                        seq: self.queue_seq,
                    });
                    self.queuing = true;
                    // Marked now: a write after this point changes the mark
                    // again and asks for another read when this one lands.
                    self.rows_mark = mark;
                }
                _ => match ctx.store.callback_queue_light(ctx.now, Which::All) {
                    Ok(rows) => {
                        // A read still on its way is older than this one.
                        self.queue_seq += 1;
                        self.queuing = false;
                        self.rows = rows;
                        self.rows_loaded = true;
                        self.rows_mark = mark;
                    }
                    Err(e) => ctx.store_error(&e),
                },
            }
        }
        self.place_rows(ctx.now, keep);
        self.reload_figures(ctx);
    }

    /// The queue's sections at `now`, keeping the selected task selected.
    fn place_rows(&mut self, now: NaiveDateTime, keep: Option<i64>) {
        let sections: Vec<Section> = self
            .rows
            .rows
            .iter()
            .map(|t| callback::section(t.due_at, now))
            .collect();
        self.entries = entries(&sections);
        if !keep.is_some_and(|id| self.select_task(id)) {
            let n = self.entries.len();
            self.list.clamp(n);
        }
        let headings: Vec<bool> = (0..self.entries.len())
            .map(|i| self.is_heading(i))
            .collect();
        self.list
            .step_off(self.entries.len(), true, |i| headings[i]);
    }

    fn reload_figures(&mut self, ctx: &mut Ctx) {
        // The month's figures only when something was written since they
        // were computed, or the hour turned (what is overdue moves on with
        // the clock): entering the screen again reads the queue, not the
        // month. They read every ticket of the month: off the key thread
        // when there is a loader, so entering the screen is instant.
        let key = ctx
            .store
            .change_mark()
            .ok()
            .map(|m| (m, ctx.now.format("%Y-%m-%d %H").to_string()));
        let fresh = key.is_some() && key == self.figures_key && self.figures.is_some();
        if !fresh {
            match ctx.loader {
                Some(_) if self.figuring => {}
                Some(loader) => {
                    loader.send(crate::tui::loader::Job::CallbackFigures { now: ctx.now });
                    self.figuring = true;
                    // Marked now: a write after this point changes the mark
                    // again and asks for another read.
                    self.figures_key = key;
                }
                None => match ctx.store.callback_figures(ctx.now) {
                    Ok(f) => {
                        self.figures = Some(f);
                        self.figures_key = key;
                    }
                    Err(e) => ctx.store_error(&e),
                },
            }
        }
    }

    /// Re-read the queue at once (after a write here: the form needs the
    /// task's new version).
    fn reload_now(&mut self, ctx: &mut Ctx) {
        self.reload_rows(ctx, true);
        self.load_detail(ctx);
    }

    fn load_detail(&mut self, ctx: &mut Ctx) {
        let Some(id) = self.selected().map(|t| t.id) else {
            self.detail = None;
            return;
        };
        let task = ctx.store.callback(id);
        let attempts = ctx.store.callback_attempts(id);
        let sample = ctx.store.callback_sample(id);
        match (task, attempts, sample) {
            (Ok(task), Ok(attempts), Ok(sample)) => {
                self.detail = Some(Detail {
                    task,
                    attempts,
                    sample,
                })
            }
            (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
                self.detail = None;
                ctx.store_error(&e);
            }
        }
    }

    /// The selected task's detail, when it is loaded.
    fn selected_detail(&self) -> Option<&Detail> {
        let id = self.selected()?.id;
        self.detail.as_ref().filter(|d| d.task.id == id)
    }

    fn open_form(&mut self, ctx: &mut Ctx) {
        if self.selected_detail().is_none() {
            self.load_detail(ctx);
        }
        let Some(task) = self.selected_detail().map(|d| d.task.clone()) else {
            return;
        };
        self.form = OutcomeForm::build(ctx, &task);
    }

    fn submit(&mut self, ctx: &mut Ctx) {
        let lang = ctx.lang;
        let Some(f) = self.form.as_mut() else {
            return;
        };
        let Some(outcome) = f.read(ctx) else {
            return;
        };
        let (task_id, version) = (f.task_id, f.version);
        match ctx
            .store
            .record_callback(task_id, Some(version), &outcome, ctx.me, ctx.now)
        {
            Ok(r) => {
                ctx.ok(lang.cb_recorded(&r));
                self.form = None;
                self.reload_now(ctx);
            }
            Err(StoreError::Stale { by, at, .. }) => {
                // Never overwrite: say who changed it, re-read, keep the form.
                ctx.error(fill(lang.t().common.stale, &[&by, &at]));
                self.reload_now(ctx);
                // Still on the queue, it stays selected and its detail is
                // read again: the form takes its new version.
                match self.selected_detail().filter(|d| d.task.id == task_id) {
                    Some(d) => {
                        let version = d.task.version;
                        if let Some(f) = self.form.as_mut() {
                            f.version = version;
                        }
                    }
                    None => self.form = None,
                }
            }
            Err(e) => ctx.store_error(&e),
        }
    }

    fn handle_form(&mut self, action: Action, ctx: &mut Ctx) {
        let Some(of) = self.form.as_mut() else {
            return;
        };
        if action == Action::Discard {
            self.form = None;
            ctx.info(ctx.lang.t().kit.discarded);
            return;
        }
        match of.form.handle(action) {
            FormEvent::Submit => self.submit(ctx),
            FormEvent::AskDiscard => ctx.ask_discard(),
            FormEvent::Cancel => {
                self.form = None;
                ctx.info(ctx.lang.t().common.cancelled);
            }
            FormEvent::Changed(_) | FormEvent::None => {}
        }
    }
}

impl Screen for Callbacks {
    fn id(&self) -> ScreenId {
        ScreenId::Callbacks
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.t().callbacks.title
    }

    fn contexts(&self) -> Vec<Context> {
        match &self.form {
            // Only the form's keys: Enter, letters and Esc are the form's.
            Some(of) => of.form.contexts(),
            None => vec![Context::Callbacks, Context::List, Context::ListVi],
        }
    }

    fn wants_text(&self) -> bool {
        self.form.as_ref().is_some_and(|f| f.form.wants_text())
    }

    fn handle(&mut self, action: Action, ctx: &mut Ctx) {
        if self.form.is_some() {
            return self.handle_form(action, ctx);
        }
        let before = self.list.selected();
        match action {
            Action::Select => self.open_form(ctx),
            Action::LookupUnit => {
                let unit = self.selected().and_then(|t| self.rows.text.unit(t));
                if let Some(code) = unit.map(str::to_string) {
                    *ctx.nav = Some(Nav::Open(ScreenId::Lookup, Target::Unit(code)));
                }
            }
            a => {
                let headings: Vec<bool> = (0..self.entries.len())
                    .map(|i| self.is_heading(i))
                    .collect();
                self.list
                    .handle_skipping(a, self.entries.len(), |i| headings[i]);
            }
        }
        if self.list.selected() != before || self.detail.is_none() {
            self.load_detail(ctx);
        }
    }

    fn type_char(&mut self, c: char, _ctx: &mut Ctx) {
        if let Some(f) = self.form.as_mut() {
            f.form.type_char(c);
        }
    }

    fn paste(&mut self, text: &str, _ctx: &mut Ctx) {
        if let Some(f) = self.form.as_mut() {
            f.form.paste(text);
        }
    }

    fn reload(&mut self, ctx: &mut Ctx) {
        self.reload_rows(ctx, false);
        self.load_detail(ctx);
    }

    /// The queue and the month's figures, read on the loader's thread
    /// after sign-in: the first F5 finds them there.
    fn preload(&mut self, ctx: &mut Ctx) {
        if ctx.loader.is_some() {
            self.reload_rows(ctx, false);
        }
    }

    fn loaded(&mut self, done: crate::tui::loader::Done, ctx: &mut Ctx) {
        use crate::tui::loader::Done;
        match done {
            Done::CallbackFigures { figures, .. } if self.figuring => {
                self.figuring = false;
                match figures {
                    Ok(f) => self.figures = Some(*f),
                    Err(e) => ctx.store_error(&e),
                }
            }
            Done::CallbackQueue { seq, rows } if self.queuing && seq == self.queue_seq => {
                self.queuing = false;
                let keep = self.selected().map(|t| t.id);
                match rows {
                    Ok(rows) => {
                        self.rows = rows;
                        self.rows_loaded = true;
                    }
                    Err(e) => {
                        // Read again at the next entry.
                        self.rows_mark = None;
                        ctx.store_error(&e);
                    }
                }
                self.place_rows(ctx.now, keep);
                let shown = self.detail.as_ref().map(|d| d.task.id);
                if shown != self.selected().map(|t| t.id) {
                    self.load_detail(ctx);
                }
                // Something was written while it was read: read again.
                if self.rows_mark.is_some() && ctx.store.change_mark().ok() != self.rows_mark {
                    self.reload_rows(ctx, false);
                }
            }
            _ => {}
        }
    }

    /// The time and caller are filled in: only what the operator chose or
    /// typed is work that leaving would lose.
    fn is_dirty(&self) -> bool {
        self.form.as_ref().is_some_and(|f| f.form.is_dirty())
    }

    /// `{"task": id, <field code>: value, …}`.
    fn draft(&self) -> Option<String> {
        let f = self.form.as_ref().filter(|f| f.form.is_dirty())?;
        let mut m = serde_json::Map::new();
        m.insert("task".into(), f.task_id.into());
        for (k, v) in f.form.values() {
            m.insert(k, v.into());
        }
        Some(serde_json::Value::Object(m).to_string())
    }

    fn restore_draft(&mut self, body: &str, ctx: &mut Ctx) {
        let Ok(serde_json::Value::Object(m)) = serde_json::from_str(body) else {
            return;
        };
        let Some(id) = m.get("task").and_then(|v| v.as_i64()) else {
            return;
        };
        if !self.rows_loaded {
            // The draft's task must be on the queue to reopen its form.
            self.reload_rows(ctx, true);
        }
        if !self.select_task(id) {
            return;
        }
        self.load_detail(ctx);
        self.open_form(ctx);
        let values: BTreeMap<String, String> = m
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
            .collect();
        if let Some(f) = self.form.as_mut() {
            f.form.restore(&values);
        }
        ctx.info(ctx.lang.t().intake.draft_restored);
    }

    fn render(&self, f: &mut Frame, area: Rect, view: &View) {
        self.draw(f, area, view);
    }
}
