//! What else happens in the same transaction when a ticket is registered or
//! takes a step: deadlines are set or met, callback tasks are created. Each
//! feature adds one call here; the order is the order of the lines.

use super::ticket_row::Ticket;
use super::{Cx, Result, Staff};
use crate::domain::rules::Rules;
use crate::domain::{Action, StepInput};
use chrono::NaiveDateTime;

/// After a ticket was inserted (state `registered`).
pub(crate) fn after_create(
    tx: &Cx,
    rules: &Rules,
    ticket: &Ticket,
    actor: &Staff,
    now: NaiveDateTime,
) -> Result<()> {
    let _ = (actor, now);
    // --- deadlines ---
    super::deadlines::on_create(tx, rules, ticket)?;
    // --- callbacks ---
    Ok(())
}

/// After a step moved `before` to `after` (same id, version + 1).
#[allow(clippy::too_many_arguments)]
pub(crate) fn after_step(
    tx: &Cx,
    rules: &Rules,
    before: &Ticket,
    after: &Ticket,
    action: Action,
    input: &StepInput,
    actor: &Staff,
    now: NaiveDateTime,
) -> Result<()> {
    let _ = actor;
    // --- deadlines ---
    super::deadlines::on_step(tx, rules, before, after, action, input, now)?;
    // --- callbacks ---
    super::callback_tasks::on_step(tx, rules, after, action, actor, now)?;
    Ok(())
}
