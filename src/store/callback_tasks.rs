//! 回访 The callback tasks a step creates, inside the step's transaction:
//! a complaint handled, an emergency recorded, a work order finished (with
//! the sampling decision recorded). Called only from `hooks::after_step`;
//! the queue and the outcomes are in `callbacks`, which takes steps itself
//! and so sits above `tickets`.

use super::ticket_row::Ticket;
use super::{Cx, Result, Staff};
use crate::domain::callback::{self, Basis, Reason, Trigger};
use crate::domain::rules::Rules;
use crate::domain::Action;
use chrono::NaiveDateTime;
use rusqlite::{params, OptionalExtension};

/// The hook: called from `hooks::after_step` inside the step's transaction.
pub(crate) fn on_step(
    tx: &Cx,
    rules: &Rules,
    after: &Ticket,
    action: Action,
    actor: &Staff,
    now: NaiveDateTime,
) -> Result<()> {
    let Some(trigger) = callback::trigger(after.kind, action, after.state, after.developer_defect)
    else {
        return Ok(());
    };
    let pending: Option<i64> = tx
        .query_row(
            "SELECT id FROM callbacks WHERE ticket_id = ?1 AND status = 'pending'",
            [after.id],
            |r| r.get(0),
        )
        .optional()?;
    if pending.is_some() {
        return Ok(());
    }
    match trigger {
        Trigger::Complaint(reason) => {
            create_task(tx, rules, after, reason, actor, now)?;
        }
        Trigger::Visit => {
            // Once per emergency: a corrected record does not call for another
            // visit, nor move the one owed (its due date counts from the first).
            let scheduled: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM callbacks WHERE ticket_id = ?1 AND reason = ?2)",
                params![after.id, Reason::EmergencyVisit.code()],
                |r| r.get(0),
            )?;
            if !scheduled {
                create_task(tx, rules, after, Reason::EmergencyVisit, actor, now)?;
            }
        }
        Trigger::Finished => {
            // Put back to work by an unsatisfied callback: always called again.
            let owed: Option<i64> = tx
                .query_row(
                    "SELECT id FROM callbacks WHERE outcome_ticket_id = ?1
                       AND effect IN ('rework','follow_up') AND follow_id IS NULL
                     ORDER BY id DESC LIMIT 1",
                    [after.id],
                    |r| r.get(0),
                )
                .optional()?;
            let month = callback::month_key(now);
            let score = callback::sample_score(&rules.callbacks.sample_salt, &month, after.id);
            let rate = rules.callbacks.sample_percent;
            let (seq, picked, decision) = if owed.is_some() {
                (
                    0,
                    0,
                    callback::Decision {
                        selected: true,
                        basis: Basis::Rework,
                    },
                )
            } else {
                // The month's decisions so far and how many were picked,
                // read off the month's latest decision: each is written
                // with `seq` = its number in the month and `picked_before`
                // = those picked before it (here, and nowhere else; the
                // rows are chained, so none is changed or removed later).
                // One index step, where counting the month's rows grew
                // with the month: on a site of a million orders that count
                // was most of the time a finished order took.
                let (n, k): (i64, i64) = tx
                    .query_row(
                        "SELECT seq, picked_before + selected FROM callback_samples
                         WHERE month = ?1 AND basis != 'rework'
                         ORDER BY seq DESC LIMIT 1",
                        [&month],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?
                    .unwrap_or((0, 0));
                (n + 1, k, callback::decide(rate, n as u32, k as u32, score))
            };
            let callback_id = if decision.selected {
                let reason = if owed.is_some() {
                    Reason::Rework
                } else {
                    Reason::Sample
                };
                Some(create_task(tx, rules, after, reason, actor, now)?)
            } else {
                None
            };
            tx.execute(
                "INSERT INTO callback_samples (ticket_id, decided_at, month, seq, picked_before,
                    score, rate_percent, basis, selected, callback_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    after.id,
                    tx.epoch(now),
                    month,
                    seq,
                    picked,
                    score,
                    rate,
                    decision.basis.code(),
                    decision.selected,
                    callback_id
                ],
            )?;
        }
    }
    Ok(())
}

fn create_task(
    tx: &Cx,
    rules: &Rules,
    t: &Ticket,
    reason: Reason,
    actor: &Staff,
    now: NaiveDateTime,
) -> Result<i64> {
    let s = callback::schedule(
        &rules.callbacks,
        &rules.calendar,
        reason,
        now,
        t.department.as_deref(),
    );
    let now_s = tx.epoch(now);
    tx.execute(
        "INSERT INTO callbacks (ticket_id, reason, handled_at, not_before, due_at, first_due_at,
            created_at, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?3, ?3, ?6)",
        params![
            t.id,
            reason.code(),
            now_s,
            tx.epoch_opt(s.not_before),
            tx.epoch(s.due_at),
            actor.id
        ],
    )?;
    let id = tx.last_insert_rowid();
    // The callback that put this ticket back to work is followed by this one.
    tx.execute(
        "UPDATE callbacks SET follow_id = ?1
         WHERE outcome_ticket_id = ?2 AND follow_id IS NULL AND id != ?1
           AND effect IN ('rework','reopened','follow_up')",
        params![id, t.id],
    )?;
    Ok(id)
}
