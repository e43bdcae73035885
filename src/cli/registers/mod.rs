//! The registers on the command line: `frontdesk visitor|parcel|pass|
//! renovation ...`, `frontdesk move-in` and `move-out`, each through the
//! same store rules as the 登记 screen (`Store::register_step`), with
//! `--json`.
//!
//! Secrets never come from arguments. In the order of the command line's
//! one reader (`cli/auth.rs`), from the terminal or, when stdin is not a
//! terminal, from its lines: the operator's PIN (unless the Unix login is
//! bound), then a supervisor's PIN (if one approves), then the ID number the
//! command takes (if any).

mod moves;
mod parcel;
mod pass;
mod renovation;
mod visitor;

pub use moves::MoveArgs;
pub use parcel::ParcelCmd;
pub use pass::PassCmd;
pub use renovation::RenovationCmd;
pub use visitor::VisitorCmd;

use super::output::outln;
use super::{output, CliError, Env};
use crate::domain::registers::{RAction, RInput, Register};
use crate::domain::when::{self, Toward};
use crate::i18n::{fill, Lang};
use crate::store::keys::Approval;
use crate::store::registers::{StepRequest, Stepped};
use crate::store::{Actor, Store, StoreError};
use chrono::{NaiveDate, NaiveDateTime};

pub fn run_visitor(env: &Env, cmd: &VisitorCmd) -> Result<(), CliError> {
    visitor::run(env, cmd)
}

pub fn run_parcel(env: &Env, cmd: &ParcelCmd) -> Result<(), CliError> {
    parcel::run(env, cmd)
}

pub fn run_pass(env: &Env, cmd: &PassCmd) -> Result<(), CliError> {
    pass::run(env, cmd)
}

pub fn run_renovation(env: &Env, cmd: &RenovationCmd) -> Result<(), CliError> {
    renovation::run(env, cmd)
}

pub fn run_move(env: &Env, args: &MoveArgs, register: Register) -> Result<(), CliError> {
    moves::run(env, args, register)
}

/// The acting person of a register write: the one sign-in of the command
/// line (`cli/auth.rs`: the bound Unix login, or `--operator` and that
/// person's PIN, read first).
pub(super) fn desk_actor(env: &Env, store: &Store) -> Result<Actor, CliError> {
    env.actor(store)
}

/// An ID number, read from the terminal or the next line of stdin (never an
/// argument), after the PINs.
pub(super) fn read_id(lang: Lang, whose: &str) -> Result<String, CliError> {
    let t = &lang.t().registers;
    let id = super::auth::read_line(&fill(t.cli_id_prompt, &[&whose]), lang)?;
    if id.is_empty() {
        return Err(CliError::Usage(t.cli_no_id.to_string()));
    }
    Ok(id)
}

/// A supervisor named with `--approver`: checked for the role before their
/// PIN is asked for.
pub(super) fn approval(
    store: &Store,
    lang: Lang,
    approver: Option<&str>,
) -> Result<Option<Approval>, CliError> {
    let Some(name) = approver.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let who = store
        .staff_by_name(name)
        .map_err(|e| CliError::from_store(&e, lang))?;
    if !who.role.covers(crate::domain::Role::Supervisor) {
        let e = crate::domain::registers::RegisterError::ApproverRole { name: who.name };
        return Err(CliError::from_store(&e.into(), lang));
    }
    let t = &lang.t().registers;
    let pin = super::auth::read_pin(&fill(t.cli_pin_prompt, &[&who.name]), lang)?
        .as_str()
        .to_string();
    Ok(Some(Approval {
        approver: who.name,
        pin,
    }))
}

/// Take a step through the store's rules.
pub(super) fn step(
    env: &Env,
    store: &mut Store,
    me: &Actor,
    req: StepRequest,
) -> Result<Stepped, CliError> {
    store
        .register_step(&req, me, env.clock.now())
        .map_err(|e| CliError::from_store(&e, env.lang))
}

/// What a step did, in one line (stderr), e.g. `放行 #3：已开出 → 已放行`.
pub(super) fn say(lang: Lang, s: &Stepped) {
    let t = &lang.t().registers;
    let mut line = fill(
        t.cli_done,
        &[
            &lang.register_name(s.register),
            &s.id,
            &lang.reg_state(s.from),
            &lang.reg_state(s.state),
        ],
    );
    if let Some(no) = &s.no {
        line.push_str(&format!(" {no}"));
    }
    output::note(&line);
}

/// A date or time as the one time parser reads it, in the site's wall time.
pub(super) fn when(
    text: &str,
    now: NaiveDateTime,
    toward: Toward,
    lang: Lang,
) -> Result<NaiveDateTime, CliError> {
    when::parse(text, now, toward).map_err(|e| {
        CliError::Usage(format!(
            "{text:?}: {} ({})",
            lang.t().registers.cli_bad_date,
            lang.when_error(e)
        ))
    })
}

/// A date ahead (a planned end, a pass's last day).
pub(super) fn date(text: &str, now: NaiveDateTime, lang: Lang) -> Result<NaiveDate, CliError> {
    when(text, now, Toward::Future, lang).map(|t| t.date())
}

/// A day to list (today or before: `11-20` is this year's).
pub(super) fn day(text: &str, now: NaiveDateTime, lang: Lang) -> Result<NaiveDate, CliError> {
    when(text, now, Toward::Past, lang).map(|t| t.date())
}

/// Yuan as typed (`3000`, `3000.5`, `3000.50`) in cents.
pub(super) fn cents(text: &str, lang: Lang) -> Result<i64, CliError> {
    crate::domain::registers::parse_yuan(text)
        .ok_or_else(|| CliError::Usage(format!("{text:?}: {}", lang.t().registers.cli_bad_amount)))
}

/// `--x` text: `None` when blank.
pub(super) fn opt(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(String::from)
}

/// A flag given as yes (absent: not given).
pub(super) fn flag(b: bool) -> Option<bool> {
    b.then_some(true)
}

/// A record number as typed (`#12` or `12`).
pub(super) fn record_id(s: &str) -> Result<i64, CliError> {
    s.trim()
        .trim_start_matches('#')
        .parse()
        .map_err(|_| CliError::Usage(format!("{s:?}: #ID")))
}

pub(super) fn store_err(lang: Lang) -> impl Fn(StoreError) -> CliError {
    move |e| CliError::from_store(&e, lang)
}

/// Print a record as JSON, or its line.
pub(super) fn show<T: serde::Serialize>(
    json: bool,
    v: &T,
    line: impl FnOnce(&T) -> String,
) -> Result<(), CliError> {
    if json {
        return output::json(v);
    }
    outln!("{}", line(v))
}

/// An input with nothing in it.
/// A list: JSON for scripts, else one line per record.
pub(super) fn show_all<T: serde::Serialize>(
    json: bool,
    list: &[T],
    line: impl Fn(&T) -> String,
) -> Result<(), CliError> {
    if json {
        return output::json(&list);
    }
    for v in list {
        outln!("{}", line(v))?;
    }
    Ok(())
}

pub(super) fn input() -> RInput {
    RInput::default()
}

/// A request for `action` on a record (or a new one).
pub(super) fn request<'a>(
    register: Register,
    id: Option<i64>,
    action: RAction,
    input: &'a RInput,
    approval: Option<&'a Approval>,
) -> StepRequest<'a> {
    StepRequest {
        register,
        id,
        version: None,
        action,
        input,
        approval,
    }
}
