//! The registers on the command line: `frontdesk visitor|parcel|pass|
//! renovation ...`, `frontdesk move-in` and `move-out`, each through the
//! same store rules as the 登记 screen (`Store::register_step`), with
//! `--json`.
//!
//! Secrets never come from arguments: the operator's PIN, ID numbers and a
//! supervisor's PIN are typed at the terminal (not echoed) or, when stdin is
//! not a terminal, read from its lines in that order — the operator's PIN
//! first, then the ID number the command takes (if any), then the
//! supervisor's PIN (if one approves).

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

use super::{output, CliError, Env};
use crate::domain::registers::{RAction, RInput, Register};
use crate::domain::when::{self, Toward};
use crate::i18n::{fill, Lang};
use crate::store::keys::Approval;
use crate::store::registers::{StepRequest, Stepped};
use crate::store::{Actor, Store, StoreError};
use chrono::{NaiveDate, NaiveDateTime};
use std::io::{BufRead, IsTerminal};

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

/// Secrets in order: from stdin's lines when it is not a terminal, else
/// typed at the terminal without echo.
pub(super) struct Secrets {
    piped: bool,
}

impl Secrets {
    pub fn new() -> Secrets {
        Secrets {
            piped: !std::io::stdin().is_terminal(),
        }
    }

    /// The next secret (`prompt` shown only at a terminal); empty when none.
    pub fn next(&mut self, prompt: &str) -> Result<String, CliError> {
        if self.piped {
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .map_err(|e| CliError::Failed(e.to_string()))?;
            Ok(line.trim().to_string())
        } else {
            super::keys::read_pin_tty(prompt)
                .map(|s| s.trim().to_string())
                .map_err(|e| CliError::Failed(e.to_string()))
        }
    }
}

/// The acting person of a register write, with their PIN.
// TODO(auth): once `Env::actor` reads and checks the operator's PIN (the
// first line of stdin), this is `env.actor(store)` and the read goes.
pub(super) fn desk_actor(
    env: &Env,
    store: &Store,
    secrets: &mut Secrets,
) -> Result<Actor, CliError> {
    let me = env.actor(store)?;
    let t = &env.lang.t().registers;
    let pin = secrets.next(&fill(t.cli_operator_pin, &[&me.name]))?;
    if pin.is_empty() {
        return Err(CliError::Usage(t.cli_no_pin.to_string()));
    }
    let ok = store
        .verify_pin(me.id, &pin)
        .map_err(|e| CliError::from_store(&e, env.lang))?;
    if !ok {
        return Err(CliError::Refused(fill(t.cli_wrong_pin, &[&me.name])));
    }
    Ok(me)
}

/// An ID number, read as a secret (never an argument).
pub(super) fn read_id(secrets: &mut Secrets, lang: Lang, whose: &str) -> Result<String, CliError> {
    let t = &lang.t().registers;
    let id = secrets.next(&fill(t.cli_id_prompt, &[&whose]))?;
    if id.is_empty() {
        return Err(CliError::Usage(t.cli_no_id.to_string()));
    }
    Ok(id)
}

/// A supervisor named with `--approver`: checked for the role before their
/// PIN is asked for.
pub(super) fn approval(
    store: &Store,
    secrets: &mut Secrets,
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
    let pin = secrets.next(&fill(t.cli_pin_prompt, &[&who.name]))?;
    if pin.is_empty() {
        return Err(CliError::Usage(t.cli_no_pin.to_string()));
    }
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
    eprintln!("{line}");
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
    println!("{}", line(v));
    Ok(())
}

/// An input with nothing in it.
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
