//! `frontdesk parcel receive|notify|pickup|return|list [--waiting]` —
//! 报刊/快递收发 (002 2.9, 4.7).

use super::{
    day, desk_actor, flag, input, opt, record_id, request, say, show, show_all, step, store_err,
};
use crate::cli::{CliError, Env};
use crate::domain::registers::{ItemKind, NotifyVia, RAction, RInput, Register};
use crate::i18n::Lang;
use crate::store::registers::{Parcel, ParcelFilter};
use chrono::NaiveDateTime;
use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum ParcelCmd {
    /// Receive an item for a unit.
    Receive {
        /// The addressed unit, any form (3-2-1201, 3栋2单元1201 …).
        #[arg(long)]
        unit: String,
        /// What came.
        #[arg(long, default_value = "parcel", value_parser = crate::cli::coded!(ItemKind))]
        kind: ItemKind,
        /// Who delivered it (邮局, 顺丰 …).
        #[arg(long)]
        carrier: Option<String>,
        /// How many items.
        #[arg(long, default_value_t = 1)]
        count: i64,
        /// Where it is kept (the shelf, A-3).
        #[arg(long)]
        shelf: Option<String>,
        /// The tracking or registered-post number.
        #[arg(long)]
        tracking: Option<String>,
        /// The addressee, when not the household's head.
        #[arg(long = "to")]
        addressee: Option<String>,
        /// A note kept with the record.
        #[arg(long)]
        note: Option<String>,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// The resident was told the item is waiting.
    Notify {
        /// The item's number (#12 or 12, first column of `parcel list`).
        id: String,
        /// How they were told.
        #[arg(long, value_parser = crate::cli::coded!(NotifyVia))]
        via: NotifyVia,
        /// A note kept with the record.
        #[arg(long)]
        note: Option<String>,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Picked up; registered post needs --signed.
    Pickup {
        /// The item's number (#12 or 12).
        id: String,
        /// Who took it.
        #[arg(long)]
        by: String,
        /// They signed for it (required for registered post 挂号信).
        #[arg(long)]
        signed: bool,
        /// A note kept with the record.
        #[arg(long)]
        note: Option<String>,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Sent back (unclaimed or misdelivered, 002 2.9 5).
    Return {
        /// The item's number (#12 or 12).
        id: String,
        /// Why it goes back (无人认领, 投错 …).
        #[arg(long)]
        reason: String,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Items: those waiting (--waiting), those waiting past the follow-up
    /// limit (--overdue), or all.
    List {
        /// Only items still waiting to be picked up.
        #[arg(long)]
        waiting: bool,
        /// Only items waiting past the site's follow-up limit.
        #[arg(long)]
        overdue: bool,
        /// Unit, carrier, tracking number, addressee or shelf.
        #[arg(long)]
        find: Option<String>,
        /// The day received: 2026-11-23, 11-23, 今天, 昨天 …
        #[arg(long)]
        date: Option<String>,
        /// Print JSON for scripts (shapes in docs/json.md).
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
            let days = store.rules().registers.parcel_follow_up_days;
            show_all(*json, &list, |p| line(lang, p, now, days))
        }
    }
}
