//! Callback records in words: the sampling audit, what a call did to its
//! ticket, the message after recording one.

use crate::domain::callback::{Basis, Effect, Status};
use crate::i18n::{fill, Lang};
use crate::store::callbacks::{Recorded, Sample, Task};

pub trait CallbackText {
    /// Why a finished work order was (not) selected, for the audit.
    fn cb_sample(self, s: &Sample) -> String;
    /// What a finished task did to its ticket.
    fn cb_effect(self, task: &Task) -> String;
    /// The status message after recording a call.
    fn cb_recorded(self, r: &Recorded) -> String;
}

impl CallbackText for Lang {
    /// Why a finished work order was (not) selected, for the audit.
    fn cb_sample(self, s: &Sample) -> String {
        let t = &self.t().callbacks;
        let score = format!("{:.4}", s.score as f64 / 10_000.0);
        let rate = format!("{:.2}", s.rate_percent as f64 / 100.0);
        let picked = format!("{}/{}", s.picked_before, (s.seq - 1).max(0));
        let why = match s.basis {
            Basis::Hash if s.selected => fill(t.basis_hash_in, &[&score, &rate]),
            Basis::Hash => fill(t.basis_hash_out, &[&score, &rate]),
            Basis::QuotaUp => fill(t.basis_quota_up, &[&picked, &s.rate_percent]),
            Basis::QuotaDown => fill(t.basis_quota_down, &[&picked, &s.rate_percent]),
            Basis::Rework => return t.basis_rework.to_string(),
        };
        format!("{}{why}", fill(t.sample_head, &[&s.month, &s.seq]))
    }

    /// What a finished task did to its ticket.
    fn cb_effect(self, task: &Task) -> String {
        let t = &self.t().callbacks;
        let dept = task
            .department
            .as_deref()
            .map(|d| self.department(d))
            .unwrap_or("-");
        match task.effect {
            Some(Effect::Closed) => t.fx_closed.to_string(),
            Some(Effect::Rework) => fill(t.fx_rework, &[&dept, &task.reopen_count]),
            Some(Effect::Reopened) => fill(t.fx_reopened, &[&task.reopen_count]),
            Some(Effect::FollowUp) => fill(
                t.fx_follow_up,
                &[&task.outcome_ticket_id.unwrap_or_default(), &dept],
            ),
            Some(Effect::AlreadyClosed) => t.fx_already_closed.to_string(),
            Some(Effect::AwaitingPayment) => t.fx_awaiting_payment.to_string(),
            Some(Effect::Supervisor) => t.fx_supervisor.to_string(),
            Some(Effect::Unchanged) | None => t.fx_unchanged.to_string(),
        }
    }

    /// The status message after recording a call.
    fn cb_recorded(self, r: &Recorded) -> String {
        let t = &self.t().callbacks;
        let task = &r.task;
        match (task.status, task.result) {
            (Status::Done, Some(v)) => fill(
                t.recorded,
                &[&task.ticket_id, &self.cb_verdict(v), &self.cb_effect(task)],
            ),
            (Status::Unreachable, _) => fill(
                t.gave_up,
                &[&task.ticket_id, &task.attempts, &self.cb_effect(task)],
            ),
            _ => fill(
                t.missed,
                &[
                    &task.ticket_id,
                    &task.attempts,
                    &task
                        .not_before
                        .map_or_else(|| "-".to_string(), |t| t.format("%m-%d %H:%M").to_string()),
                ],
            ),
        }
    }
}
