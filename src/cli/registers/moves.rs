//! `frontdesk move-in` and `frontdesk move-out` — 入伙 / 迁出 (002 3.1.1,
//! 3.1.16; 003 七(1)): the checklist, and with it complete the household
//! written as a dated record. `--open` only records the checklist so far;
//! `--record ID` goes on with one.

use super::{
    date, desk_actor, flag, input, opt, read_id, record_id, request, say, show, step, store_err,
};
use crate::cli::{CliError, Env};
use crate::domain::household::HouseholdKind;
use crate::domain::registers::{RAction, RInput, Register};
use crate::i18n::Lang;
use crate::store::registers::Move;
use clap::Args;

#[derive(Args, Debug)]
pub struct MoveArgs {
    /// The unit (any form); not needed with --record.
    #[arg(long, required_unless_present = "record")]
    pub unit: Option<String>,
    /// owner or tenant.
    #[arg(long, default_value = "owner")]
    pub kind: HouseholdKind,
    /// Move-in: the head of the new household.
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    /// Move-in: read the head's ID number (terminal or stdin, after the PIN).
    #[arg(long)]
    pub id: bool,
    /// The day of the move (default today).
    #[arg(long)]
    pub date: Option<String>,
    /// Move-in: the papers (入住通知书, 会签单) are in.
    #[arg(long)]
    pub papers: bool,
    /// Move-in: a copy of the ID was taken.
    #[arg(long)]
    pub id_copy: bool,
    /// Move-in: the unit was inspected with the resident.
    #[arg(long)]
    pub inspected: bool,
    /// Move-in: keys handed over (against --key-receipt).
    #[arg(long)]
    pub keys: Option<i64>,
    #[arg(long)]
    pub key_receipt: Option<String>,
    /// Meter readings: 水 0012 电 00345 …
    #[arg(long)]
    pub meters: Option<String>,
    #[arg(long)]
    pub fees_paid: bool,
    /// Move-in: the documents were signed (公约, 消防责任书 …).
    #[arg(long)]
    pub documents: bool,
    /// Move-in: the unit's current household of this kind moves out that day.
    #[arg(long)]
    pub replace: bool,
    /// Move-out: the keys came back.
    #[arg(long)]
    pub keys_returned: bool,
    /// Only record the checklist so far; it stays open.
    #[arg(long)]
    pub open: bool,
    /// Go on with an open checklist (#ID).
    #[arg(long)]
    pub record: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
    #[arg(long)]
    pub json: bool,
}

pub fn line(lang: Lang, m: &Move) -> String {
    format!(
        "#{}\t{}\t{}\t{}\t{}\t{}\t{}",
        m.id,
        lang.register_name(m.register),
        lang.reg_state(m.state),
        m.unit,
        lang.household_kind(m.household_kind),
        m.name,
        m.date.map(|d| d.to_string()).unwrap_or_else(|| "-".into())
    )
}

pub fn run(env: &Env, a: &MoveArgs, register: Register) -> Result<(), CliError> {
    let lang = env.lang;
    let now = env.clock.now();
    let se = store_err(lang);
    let record = a.record.as_deref().map(record_id).transpose()?;
    let action = match (a.open, record) {
        (true, Some(_)) => RAction::Check,
        (true, None) => RAction::Open,
        (false, _) => RAction::Finish,
    };
    let mut i = RInput {
        unit: opt(&a.unit),
        household_kind: Some(a.kind),
        name: opt(&a.name),
        phone: opt(&a.phone),
        date: a.date.as_deref().map(|d| date(d, now, lang)).transpose()?,
        papers: flag(a.papers),
        id_copy: flag(a.id_copy),
        inspected: flag(a.inspected),
        keys: a.keys,
        key_receipt: opt(&a.key_receipt),
        meters: opt(&a.meters),
        fees_paid: flag(a.fees_paid),
        documents: flag(a.documents),
        replace: flag(a.replace),
        keys_returned: flag(a.keys_returned),
        note: opt(&a.note),
        ..input()
    };
    if action == RAction::Finish && i.date.is_none() {
        i.date = Some(now.date());
    }
    let mut store = env.open()?;
    let me = desk_actor(env, &store)?;
    if a.id && register == Register::MoveIn {
        let whose = i.name.clone().unwrap_or_default();
        i.id_number = Some(read_id(lang, &whose)?);
    }
    let s = step(
        env,
        &mut store,
        &me,
        request(register, record, action, &i, None),
    )?;
    say(lang, &s);
    let m = store.move_record(s.id).map_err(&se)?;
    show(a.json, &m, |m| line(lang, m))
}
