//! Reads that may take longer than a key may wait, done on a thread of
//! their own with a read-only connection: the board's rows, the
//! callbacks screen's queue and month figures, and the overview. A screen sends a `Job`; the result
//! comes back as a `Done` that the app hands to the screen in `update`
//! (never while drawing). Without a loader (tests, the probe's inline runs)
//! screens read on the spot, as before.

use crate::domain::callback::Figures;
use crate::store::board::BoardLoad;
use crate::store::callback_queue::Queue;
use crate::store::callbacks::Which;
use crate::store::today::Today;
use crate::store::{Store, StoreError};
use chrono::NaiveDateTime;
use std::cell::Cell;
use std::sync::mpsc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// The board: whole (`since` None) or what changed since the watermark.
    Board {
        since: Option<i64>,
        now: NaiveDateTime,
    },
    /// This month's callback figures at `now`.
    CallbackFigures { now: NaiveDateTime },
    /// The whole callback queue, light (every pending task; 5,000 at
    /// 50,000 open, 32,000 on a site of a million tickets).
    /// `seq` comes back with the rows: the screen takes only its latest.
    CallbackQueue { now: NaiveDateTime, seq: u64 },
    /// The overview screen's data for person `me`.
    Today { now: NaiveDateTime, me: i64 },
}

#[derive(Debug)]
pub enum Done {
    Board(Result<BoardLoad, StoreError>),
    CallbackFigures {
        now: NaiveDateTime,
        /// Boxed: the month's figures are far larger than the other results.
        figures: Result<Box<Figures>, StoreError>,
    },
    /// Boxed like the figures: the overview grew with the registers.
    Today(Result<Box<Today>, StoreError>),
    CallbackQueue {
        seq: u64,
        rows: Result<Queue, StoreError>,
    },
}

/// The handle the app keeps: send jobs, collect what is done.
pub struct Loader {
    jobs: mpsc::Sender<Job>,
    done: mpsc::Receiver<Done>,
    /// Jobs sent and not yet collected.
    pending: Cell<usize>,
}

impl Loader {
    /// Start the thread with `reader` (from `Store::open_reader`). `wake` is
    /// called after each result is sent, so the event loop can pick it up at
    /// once instead of at its next timeout.
    pub fn spawn(reader: Store, wake: Box<dyn Fn() + Send>) -> Loader {
        let (jobs, job_rx) = mpsc::channel::<Job>();
        let (done_tx, done) = mpsc::channel::<Done>();
        std::thread::spawn(move || {
            while let Ok(job) = job_rx.recv() {
                let out = match job {
                    Job::Board { since, now } => Done::Board(reader.board_load(since, now)),
                    Job::CallbackFigures { now } => Done::CallbackFigures {
                        now,
                        figures: reader.callback_figures(now).map(Box::new),
                    },
                    Job::Today { now, me } => Done::Today(reader.today(now, me).map(Box::new)),
                    Job::CallbackQueue { now, seq } => Done::CallbackQueue {
                        seq,
                        rows: reader.callback_queue_light(now, Which::All),
                    },
                };
                if done_tx.send(out).is_err() {
                    break;
                }
                wake();
            }
        });
        Loader {
            jobs,
            done,
            pending: Cell::new(0),
        }
    }

    pub fn send(&self, job: Job) {
        if self.jobs.send(job).is_ok() {
            self.pending.set(self.pending.get() + 1);
        }
    }

    /// A result that is ready, without waiting.
    pub fn try_take(&self) -> Option<Done> {
        let d = self.done.try_recv().ok()?;
        self.pending.set(self.pending.get().saturating_sub(1));
        Some(d)
    }

    /// Wait for the next result (tests and the probe: "let the loads land").
    pub fn take_waiting(&self, timeout: std::time::Duration) -> Option<Done> {
        if self.pending.get() == 0 {
            return None;
        }
        let d = self.done.recv_timeout(timeout).ok()?;
        self.pending.set(self.pending.get().saturating_sub(1));
        Some(d)
    }

    /// Jobs sent whose results were not collected yet.
    pub fn pending(&self) -> usize {
        self.pending.get()
    }
}
