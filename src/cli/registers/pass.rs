//! `frontdesk pass issue|use|cancel|list|show|print` — 物品放行条
//! (003 七(2)5). The carrier's ID number and an overriding supervisor's PIN
//! are read from the terminal or stdin, never from arguments.

use super::{
    approval, day, desk_actor, input, opt, read_id, request, say, show, show_all, step, store_err,
    when,
};
use crate::cli::{output, CliError, Env};
use crate::domain::registers::{ConfirmVia, PassItem, RAction, RInput, Register};
use crate::domain::when::Toward;
use crate::i18n::Lang;
use crate::present::registers::pass_form;
use crate::store::registers::{GoodsPass, PassFilter};
use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum PassCmd {
    /// Issue a pass. The owner's confirmation (--confirmed-by, --confirmed-via,
    /// --confirmed-at, default now) — or a supervisor's override
    /// (--approver with --reason; their PIN is then read). The carrier's ID
    /// number is read from the terminal or stdin after the PINs (the
    /// operator's, then the supervisor's).
    Issue {
        /// The unit the goods leave from, any form (3-2-1201 …).
        #[arg(long)]
        unit: String,
        /// Who takes the goods out.
        #[arg(long)]
        name: String,
        /// An item and its quantity: `冰箱=1`, `纸箱=3` (repeat).
        #[arg(long = "item", value_name = "ITEM=QTY", required = true)]
        items: Vec<String>,
        /// The carrier's phone (shown masked).
        #[arg(long)]
        phone: Option<String>,
        /// The vehicle's plate (浙A12345).
        #[arg(long)]
        vehicle: Option<String>,
        /// The owner (or household member) who confirmed.
        #[arg(long)]
        confirmed_by: Option<String>,
        /// How the owner confirmed.
        #[arg(long, value_parser = crate::cli::coded!(ConfirmVia))]
        confirmed_via: Option<ConfirmVia>,
        /// When they confirmed (default: now).
        #[arg(long)]
        confirmed_at: Option<String>,
        /// A supervisor overriding at the desk (their PIN is read).
        #[arg(long)]
        approver: Option<String>,
        /// Why the pass is issued without the owner's confirmation.
        #[arg(long)]
        reason: Option<String>,
        /// A note kept with the pass.
        #[arg(long)]
        note: Option<String>,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Mark a pass used at the gate (by its number: FX2026-000123, or 123).
    Use {
        /// The pass's number (FX2026-000123, or 123).
        no: String,
        /// A note kept with the pass (what the gate saw).
        #[arg(long)]
        note: Option<String>,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Cancel a pass not yet used.
    Cancel {
        /// The pass's number (FX2026-000123, or 123).
        no: String,
        /// Why it is cancelled.
        #[arg(long)]
        reason: String,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Passes: open ones (--open), by number, unit, person or vehicle, or a day.
    List {
        /// Only passes issued and not yet used, cancelled or expired.
        #[arg(long)]
        open: bool,
        /// Pass number, unit (any form), person or vehicle.
        #[arg(long)]
        find: Option<String>,
        /// The day issued: 2026-11-23, 11-23, 今天, 昨天 …
        #[arg(long)]
        date: Option<String>,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// One pass with its items.
    Show {
        /// The pass's number (FX2026-000123, or 123).
        no: String,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// The pass as a plain 80-column form, to print.
    Print {
        /// The pass's number (FX2026-000123, or 123).
        no: String,
    },
}

pub fn line(lang: Lang, p: &GoodsPass) -> String {
    let items: Vec<String> = p
        .items
        .iter()
        .map(|i| format!("{}×{}", i.item, i.quantity))
        .collect();
    format!(
        "{}\t{}\t{}\t{}\t{}\t{}",
        p.no,
        lang.reg_state(p.state),
        p.issued_at.format("%m-%d %H:%M"),
        p.unit,
        p.person,
        items.join("、")
    )
}

/// `冰箱=1` → the item and its quantity (`冰箱` alone is one).
fn item(s: &str, lang: Lang) -> Result<PassItem, CliError> {
    let bad = || CliError::Usage(format!("{s:?}: {}", lang.t().registers.cli_bad_items));
    let (name, qty) = match s.rsplit_once(['=', '×', ':']) {
        Some((n, q)) => (n.trim(), q.trim().parse::<i64>().map_err(|_| bad())?),
        None => (s.trim(), 1),
    };
    if name.is_empty() {
        return Err(bad());
    }
    Ok(PassItem {
        item: name.to_string(),
        quantity: qty,
    })
}

pub fn run(env: &Env, cmd: &PassCmd) -> Result<(), CliError> {
    let lang = env.lang;
    let now = env.clock.now();
    let se = store_err(lang);
    match cmd {
        PassCmd::Issue {
            unit,
            name,
            items,
            phone,
            vehicle,
            confirmed_by,
            confirmed_via,
            confirmed_at,
            approver,
            reason,
            note,
            json,
        } => {
            let items = items
                .iter()
                .map(|s| item(s, lang))
                .collect::<Result<Vec<_>, _>>()?;
            let confirmed_at = match (confirmed_by, confirmed_at) {
                (_, Some(t)) => Some(when(t, now, Toward::Past, lang)?),
                (Some(_), None) => Some(now),
                (None, None) => None,
            };
            let mut store = env.open()?;
            let me = desk_actor(env, &store)?;
            // The PINs first (the operator's, a supervisor's), then the ID number.
            let approval = approval(&store, lang, approver.as_deref())?;
            let id_number = read_id(lang, name)?;
            let i = RInput {
                unit: Some(unit.clone()),
                name: Some(name.clone()),
                id_number: Some(id_number),
                items,
                phone: opt(phone),
                vehicle: opt(vehicle),
                confirmed_by: opt(confirmed_by),
                confirmed_via: *confirmed_via,
                confirmed_at,
                reason: opt(reason),
                note: opt(note),
                ..input()
            };
            let s = step(
                env,
                &mut store,
                &me,
                request(Register::Pass, None, RAction::Issue, &i, approval.as_ref()),
            )?;
            say(lang, &s);
            let p = store.goods_pass(s.id, now).map_err(&se)?;
            show(*json, &p, |p| line(lang, p))
        }
        PassCmd::Use { no, note, json } => {
            let i = RInput {
                note: opt(note),
                ..input()
            };
            at_gate(env, no, RAction::Use, &i, *json)
        }
        PassCmd::Cancel { no, reason, json } => {
            let i = RInput {
                reason: Some(reason.clone()),
                ..input()
            };
            at_gate(env, no, RAction::Cancel, &i, *json)
        }
        PassCmd::List {
            open,
            find,
            date,
            json,
        } => {
            let store = env.open()?;
            let filter = PassFilter {
                query: find.clone().unwrap_or_default(),
                open_only: *open,
                date: date.as_deref().map(|d| day(d, now, lang)).transpose()?,
                unit_id: None,
            };
            let list = store.goods_passes(&filter, now).map_err(&se)?;
            show_all(*json, &list, |p| line(lang, p))
        }
        PassCmd::Show { no, json } => {
            let store = env.open()?;
            let p = store.goods_pass_by_no(no, now).map_err(&se)?;
            if *json {
                return output::json(&p);
            }
            output::text(&pass_form(lang, &env.config.site.name, &p))?;
            Ok(())
        }
        PassCmd::Print { no } => {
            let store = env.open()?;
            let p = store.goods_pass_by_no(no, now).map_err(&se)?;
            output::text(&pass_form(lang, &env.config.site.name, &p))?;
            Ok(())
        }
    }
}

/// A step on a pass found by its number (used at the gate, or cancelled).
fn at_gate(env: &Env, no: &str, action: RAction, i: &RInput, json: bool) -> Result<(), CliError> {
    let lang = env.lang;
    let now = env.clock.now();
    let se = store_err(lang);
    let mut store = env.open()?;
    let p = store.goods_pass_by_no(no, now).map_err(&se)?;
    // At the gate a security guard signs in too; cancelling is the desk's.
    let me = if action == RAction::Use {
        crate::cli::auth::establish_at_gate(env, &store)?.actor
    } else {
        desk_actor(env, &store)?
    };
    let s = step(
        env,
        &mut store,
        &me,
        request(Register::Pass, Some(p.id), action, i, None),
    )?;
    say(lang, &s);
    let p = store.goods_pass(s.id, now).map_err(&se)?;
    show(json, &p, |p| line(lang, p))
}
