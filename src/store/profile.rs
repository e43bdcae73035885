//! Statement timing for the data generator and benchmarks: every statement
//! this connection runs, with the time SQLite spent in it. Kept apart from
//! `trace_statements` (which the query-plan tests use) because it reports
//! when a statement finishes, with its duration.

use super::{Result, Store};
use rusqlite::trace::{TraceEvent, TraceEventCodes};
use std::time::Duration;

/// Where `Store::profile_statements` hands each statement: its SQL as
/// written (`?N` placeholders) and the time it took, triggers included. A
/// trigger's own statements are not reported apart: they count in the
/// statement that fired them.
pub type ProfileSink = Box<dyn FnMut(&str, Duration) + Send>;

impl Store {
    /// Report every statement this connection runs to `sink` from now on
    /// (`None` stops it; replaces `trace_statements`' sink).
    pub fn profile_statements(&mut self, sink: Option<ProfileSink>) -> Result<()> {
        // Linked first: creating the triggers is not a statement of the run.
        self.link()?;
        match sink {
            Some(mut f) => self.conn.trace_v2(
                TraceEventCodes::SQLITE_TRACE_PROFILE,
                Some(move |e: TraceEvent<'_>| {
                    if let TraceEvent::Profile(stmt, d) = e {
                        f(&stmt.sql(), d)
                    }
                }),
            )?,
            None => self
                .conn
                .trace_v2(TraceEventCodes::empty(), None::<fn(TraceEvent<'_>)>)?,
        }
        Ok(())
    }
}
