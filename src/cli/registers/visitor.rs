//! `frontdesk visitor in|refuse|out|list` — 来访登记 (002 2.8).

use super::{
    day, desk_actor, input, opt, read_id, record_id, request, say, show, show_all, step, store_err,
};
use crate::cli::{CliError, Env};
use crate::domain::registers::{RAction, RInput, Register};
use crate::i18n::Lang;
use crate::store::registers::{Visitor, VisitorFilter};
use crate::store::{Actor, Store};
use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum VisitorCmd {
    /// A visitor goes in: who, for which unit, why, how many. `--id` reads
    /// their ID number from the terminal or stdin (required when the site
    /// says so).
    In {
        /// The unit visited, any form (3-2-1201, 3栋2单元1201 …).
        #[arg(long)]
        unit: String,
        /// The visitor's name.
        #[arg(long)]
        name: String,
        /// Why they came (探亲, 送货, 维修 …).
        #[arg(long)]
        purpose: String,
        /// How many people came in together.
        #[arg(long, default_value_t = 1)]
        people: i64,
        /// The visitor's phone (shown masked).
        #[arg(long)]
        phone: Option<String>,
        /// The visitor's badge (临时通行证) number.
        #[arg(long)]
        badge: Option<String>,
        /// Read the visitor's ID number (terminal or stdin, after the PIN).
        #[arg(long)]
        id: bool,
        /// A note kept with the record.
        #[arg(long)]
        note: Option<String>,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Someone turned away at the desk (a salesperson, 002 2.8 4), noted.
    Refuse {
        /// Why they were turned away.
        #[arg(long)]
        reason: String,
        /// Their name, if given.
        #[arg(long)]
        name: Option<String>,
        /// The unit they asked for (any form).
        #[arg(long)]
        unit: Option<String>,
        /// Their phone (shown masked).
        #[arg(long)]
        phone: Option<String>,
        /// Not a salesperson (noted as one otherwise).
        #[arg(long)]
        not_sales: bool,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// A visitor leaves (by their number, #12).
    Out {
        /// The visitor's number (#12 or 12, first column of `visitor list`).
        id: String,
        /// A note kept with the record.
        #[arg(long)]
        note: Option<String>,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Visitors: by name or unit, on a day, or only those still inside.
    List {
        /// Only visitors still inside.
        #[arg(long)]
        inside: bool,
        /// Name, unit (any form) or purpose.
        #[arg(long)]
        find: Option<String>,
        /// A day: 2026-11-23, 11-23, 今天, 昨天 …
        #[arg(long)]
        date: Option<String>,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
}

pub fn line(lang: Lang, v: &Visitor) -> String {
    let out = v
        .out_at
        .map(|t| t.format("%H:%M").to_string())
        .unwrap_or_else(|| "-".into());
    format!(
        "#{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
        v.id,
        lang.reg_state(v.state),
        v.in_at.format("%m-%d %H:%M"),
        out,
        v.unit.as_deref().unwrap_or("-"),
        v.name,
        v.people,
        if v.purpose.is_empty() {
            &v.reason
        } else {
            &v.purpose
        }
    )
}

/// A step on a visitor, said, and the record as it now is.
fn write(
    env: &Env,
    store: &mut Store,
    me: &Actor,
    id: Option<i64>,
    action: RAction,
    i: &RInput,
    json: bool,
) -> Result<(), CliError> {
    let lang = env.lang;
    let s = step(
        env,
        store,
        me,
        request(Register::Visitor, id, action, i, None),
    )?;
    say(lang, &s);
    let v = store.visitor(s.id).map_err(store_err(lang))?;
    show(json, &v, |v| line(lang, v))
}

pub fn run(env: &Env, cmd: &VisitorCmd) -> Result<(), CliError> {
    let lang = env.lang;
    let now = env.clock.now();
    let se = store_err(lang);
    match cmd {
        VisitorCmd::In {
            unit,
            name,
            purpose,
            people,
            phone,
            badge,
            id,
            note,
            json,
        } => {
            let mut store = env.open()?;
            let me = desk_actor(env, &store)?;
            let id_number = if *id || store.rules().registers.visitor_id_required {
                Some(read_id(lang, name)?)
            } else {
                None
            };
            let i = RInput {
                unit: Some(unit.clone()),
                name: Some(name.clone()),
                purpose: Some(purpose.clone()),
                people: Some(*people),
                phone: opt(phone),
                badge: opt(badge),
                id_number,
                note: opt(note),
                ..input()
            };
            write(env, &mut store, &me, None, RAction::In, &i, *json)
        }
        VisitorCmd::Refuse {
            reason,
            name,
            unit,
            phone,
            not_sales,
            json,
        } => {
            let mut store = env.open()?;
            let me = desk_actor(env, &store)?;
            let i = RInput {
                reason: Some(reason.clone()),
                name: opt(name),
                unit: opt(unit),
                phone: opt(phone),
                salesperson: Some(!*not_sales),
                ..input()
            };
            write(env, &mut store, &me, None, RAction::Refuse, &i, *json)
        }
        VisitorCmd::Out { id, note, json } => {
            let id = record_id(id)?;
            let mut store = env.open()?;
            let me = desk_actor(env, &store)?;
            let i = RInput {
                note: opt(note),
                ..input()
            };
            write(env, &mut store, &me, Some(id), RAction::Out, &i, *json)
        }
        VisitorCmd::List {
            inside,
            find,
            date: on,
            json,
        } => {
            let store = env.open()?;
            let filter = VisitorFilter {
                query: find.clone().unwrap_or_default(),
                date: on.as_deref().map(|d| day(d, now, lang)).transpose()?,
                inside_only: *inside,
                unit_id: None,
            };
            let list = store.visitors(&filter).map_err(&se)?;
            show_all(*json, &list, |v| line(lang, v))
        }
    }
}
