//! `frontdesk parcel receive|notify|pickup|return|list [--waiting]` —
//! 报刊/快递收发 (002 2.9, 4.7).

use super::{day, desk_actor, flag, input, opt, record_id, request, say, show, step, store_err};
use crate::cli::output::outln;
use crate::cli::{output, CliError, Env};
use crate::domain::registers::{ItemKind, NotifyVia, RAction, RInput, Register};
use crate::i18n::Lang;
use crate::store::registers::{Parcel, ParcelFilter};
use chrono::NaiveDateTime;
use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum ParcelCmd {
    /// Receive an item for a unit.
    Receive {
        #[arg(long)]
        unit: String,
        /// letter, registered, parcel or newspaper.
        #[arg(long, default_value = "parcel")]
        kind: ItemKind,
        #[arg(long)]
        carrier: Option<String>,
        #[arg(long, default_value_t = 1)]
        count: i64,
        #[arg(long)]
        shelf: Option<String>,
        #[arg(long)]
        tracking: Option<String>,
        /// The addressee, when not the household's head.
        #[arg(long = "to")]
        addressee: Option<String>,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The resident was told (phone, sms, slip, wechat, in_person).
    Notify {
        id: String,
        #[arg(long)]
        via: NotifyVia,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Picked up; registered post needs --signed.
    Pickup {
        id: String,
        /// Who took it.
        #[arg(long)]
        by: String,
        #[arg(long)]
        signed: bool,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Sent back (unclaimed or misdelivered, 002 2.9 5).
    Return {
        id: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Items: those waiting (--waiting), those waiting past the follow-up
    /// limit (--overdue), or all.
    List {
        #[arg(long)]
        waiting: bool,
        #[arg(long)]
        overdue: bool,
        /// Unit, carrier, tracking number, addressee or shelf.
        #[arg(long)]
        find: Option<String>,
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

pub fn line(lang: Lang, p: &Parcel, now: NaiveDateTime, days: u32) -> String {
    let over = if p.overdue(now, days) {
        format!(" {}", lang.t().registers.late)
    } else {
        String::new()
    };
    format!(
        "#{}\t{}{over}\t{}\t{}\t{}×{}\t{}\t{}",
        p.id,
        lang.reg_state(p.state),
        p.received_at.format("%m-%d %H:%M"),
        p.unit,
        lang.item_kind(p.kind),
        p.count,
        if p.carrier.is_empty() {
            "-"
        } else {
            &p.carrier
        },
        if p.shelf.is_empty() { "-" } else { &p.shelf },
    )
}

pub fn run(env: &Env, cmd: &ParcelCmd) -> Result<(), CliError> {
    let lang = env.lang;
    let now = env.clock.now();
    let se = store_err(lang);
    let write = |id: Option<i64>, action: RAction, i: RInput, json: bool| {
        let mut store = env.open()?;
        let me = desk_actor(env, &store)?;
        let s = step(
            env,
            &mut store,
            &me,
            request(Register::Parcel, id, action, &i, None),
        )?;
        say(lang, &s);
        let p = store.parcel(s.id).map_err(&se)?;
        let days = store.rules().registers.parcel_follow_up_days;
        show(json, &p, |p| line(lang, p, now, days))
    };
    match cmd {
        ParcelCmd::Receive {
            unit,
            kind,
            carrier,
            count,
            shelf,
            tracking,
            addressee,
            note,
            json,
        } => write(
            None,
            RAction::Receive,
            RInput {
                unit: Some(unit.clone()),
                item_kind: Some(*kind),
                carrier: opt(carrier),
                count: Some(*count),
                shelf: opt(shelf),
                tracking: opt(tracking),
                addressee: opt(addressee),
                note: opt(note),
                ..input()
            },
            *json,
        ),
        ParcelCmd::Notify {
            id,
            via,
            note,
            json,
        } => write(
            Some(record_id(id)?),
            RAction::Notify,
            RInput {
                via: Some(*via),
                note: opt(note),
                ..input()
            },
            *json,
        ),
        ParcelCmd::Pickup {
            id,
            by,
            signed,
            note,
            json,
        } => write(
            Some(record_id(id)?),
            RAction::PickUp,
            RInput {
                picked_by: Some(by.clone()),
                signed: flag(*signed),
                note: opt(note),
                ..input()
            },
            *json,
        ),
        ParcelCmd::Return { id, reason, json } => write(
            Some(record_id(id)?),
            RAction::ReturnToSender,
            RInput {
                reason: Some(reason.clone()),
                ..input()
            },
            *json,
        ),
        ParcelCmd::List {
            waiting,
            overdue,
            find,
            date,
            json,
        } => {
            let store = env.open()?;
            let filter = ParcelFilter {
                query: find.clone().unwrap_or_default(),
                waiting_only: *waiting,
                overdue_only: *overdue,
                date: date.as_deref().map(|d| day(d, now, lang)).transpose()?,
                unit_id: None,
            };
            let list = store.parcels(&filter, now).map_err(&se)?;
            if *json {
                return output::json(&list);
            }
            let days = store.rules().registers.parcel_follow_up_days;
            for p in &list {
                outln!("{}", line(lang, p, now, days))?;
            }
            Ok(())
        }
    }
}
