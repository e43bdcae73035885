//! `frontdesk callbacks [--due|--overdue]`, `callbacks record ID --result R`,
//! `callbacks show|figures|samples`: the same store rules as the 回访 screen.

use super::output::outln;
use super::{output, CliError, Env};
use crate::domain::callback::{self, CallResult, Method, Outcome, Rating};
use crate::domain::mask;
use crate::domain::when::{self, Toward};
use crate::i18n::{fill, Lang};
use crate::present::CallbackText;
use crate::store::callbacks::{Task, Which};
use clap::{Args, Subcommand};

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct CallbacksArgs {
    #[command(subcommand)]
    pub cmd: Option<CallbacksCmd>,
    /// Only callbacks due by the end of today (overdue ones included).
    #[arg(long, conflicts_with = "overdue")]
    pub due: bool,
    /// Only overdue callbacks.
    #[arg(long)]
    pub overdue: bool,
    /// Print JSON for scripts (shapes in docs/json.md).
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand, Debug)]
pub enum CallbacksCmd {
    /// Record one call on a pending callback (ID as listed).
    Record {
        /// The callback's ID (first column of `frontdesk callbacks`).
        id: i64,
        /// satisfied, basic, unsatisfied or unreached.
        #[arg(value_parser = super::coded!(CallResult), long)]
        result: CallResult,
        /// The resident's words (for a missed call: why, e.g. 无人接听).
        #[arg(long, default_value = "")]
        note: String,
        /// phone or visit.
        #[arg(value_parser = super::coded!(Method), long, default_value = "phone")]
        method: Method,
        /// Who called, if not the operator recording it.
        #[arg(long)]
        caller: Option<String>,
        /// When the call was made (default: now): 9:40, 昨天 16:00, 2026-11-23 09:40.
        #[arg(long)]
        at: Option<String>,
        /// Timeliness of the visit: good, fair or poor.
        #[arg(value_parser = super::coded!(Rating), long)]
        timeliness: Option<Rating>,
        /// The staff's attitude.
        #[arg(value_parser = super::coded!(Rating), long)]
        attitude: Option<Rating>,
        /// The quality of the work.
        #[arg(value_parser = super::coded!(Rating), long)]
        workmanship: Option<Rating>,
        /// Refuse if the callback is no longer at this version.
        #[arg(long)]
        expect_version: Option<i64>,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// One callback with its calls and, for a work order, the sampling decision.
    Show {
        /// The callback's ID.
        id: i64,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// A month's figures against the site's targets (default: this month).
    Figures {
        /// YYYY-MM
        #[arg(long)]
        month: Option<String>,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Every sampling decision of a month (default: this month), for the audit.
    Samples {
        /// YYYY-MM
        #[arg(long)]
        month: Option<String>,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
}

fn short(t: &chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// A task as `--json` shows it (docs/json.md): its fields, its section of
/// the queue and the reason in words. Serialized as it stands, without a
/// `serde_json::Value` per row in between (issue 15: `callbacks --due`).
#[derive(serde::Serialize)]
struct TaskJson<'a> {
    #[serde(flatten)]
    task: &'a Task,
    section: &'static str,
    reason_text: &'static str,
}

fn task_json(t: &Task, lang: Lang, now: chrono::NaiveDateTime) -> TaskJson<'_> {
    let section = match callback::section(t.due_at, now) {
        callback::Section::Overdue => "overdue",
        callback::Section::Today => "today",
        callback::Section::Upcoming => "upcoming",
    };
    TaskJson {
        task: t,
        section,
        reason_text: lang.cb_reason(t.reason),
    }
}

/// The queue as `callbacks --json` prints it; the month's figures only with
/// the whole queue.
#[derive(serde::Serialize)]
struct QueueJson<'a> {
    callbacks: Vec<TaskJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    figures: Option<&'a callback::Figures>,
}

pub fn run(env: &Env, args: &CallbacksArgs) -> Result<(), CliError> {
    let lang = env.lang;
    let se = |e: crate::store::StoreError| CliError::from_store(&e, lang);
    let now = env.clock.now();
    let tx = lang.t();
    match &args.cmd {
        None => {
            let store = env.open_read()?;
            let which = if args.overdue {
                Which::Overdue
            } else if args.due {
                Which::Due
            } else {
                Which::All
            };
            let rows = store.callback_queue(now, which).map_err(se)?;
            // The month's figures only with the whole queue: --due and
            // --overdue are the quick look, one query (issue 15).
            let figures = match which {
                Which::All => Some(store.callback_figures(now).map_err(se)?),
                Which::Due | Which::Overdue => None,
            };
            if args.json {
                return output::json(&QueueJson {
                    callbacks: rows.iter().map(|t| task_json(t, lang, now)).collect(),
                    figures: figures.as_ref(),
                });
            }
            if let Some(f) = &figures {
                outln!("{}", lang.cb_figures(f))?;
            }
            if rows.is_empty() {
                output::note(tx.callbacks.empty);
            }
            for t in &rows {
                let section = lang.cb_section(callback::section(t.due_at, now));
                outln!(
                    "{}\t#{}\t{}\t{}\t{}\t{}\t{} {}\t{} {}\t{}",
                    t.id,
                    t.ticket_id,
                    lang.kind(t.kind),
                    output::field(t.place()),
                    section,
                    short(&t.handled_at),
                    tx.callbacks.cli_due,
                    short(&t.due_at),
                    tx.callbacks.cli_attempts,
                    t.attempts,
                    output::field(t.summary())
                )?;
            }
            Ok(())
        }
        Some(CallbacksCmd::Record {
            id,
            result,
            note,
            method,
            caller,
            at,
            timeliness,
            attitude,
            workmanship,
            expect_version,
            json,
        }) => {
            let mut store = env.open()?;
            let me = env.actor(&store)?;
            let at = match at {
                Some(s) => when::parse(s, now, Toward::Past)
                    .and_then(|at| {
                        when::check_happened(at, now, chrono::Duration::days(when::HORIZON_DAYS))
                            .map(|_| at)
                    })
                    .map_err(|e| CliError::Usage(format!("--at {s:?}: {}", lang.when_error(e))))?,
                None => now,
            };
            let mut outcome = Outcome::simple(at, *result, note);
            outcome.method = *method;
            outcome.caller = caller.clone();
            outcome.timeliness = *timeliness;
            outcome.attitude = *attitude;
            outcome.workmanship = *workmanship;
            let r = store
                .record_callback(*id, *expect_version, &outcome, &me, now)
                .map_err(|e| match e {
                    // The command line reloads nothing: say what to do.
                    crate::store::StoreError::Stale { by, at, version } => CliError::Refused(fill(
                        tx.show.stale_callback,
                        &[id, &by, &crate::domain::time::format(at), &version],
                    )),
                    e => se(e),
                })?;
            if *json {
                let mut ticket = r.ticket.clone();
                ticket.phone = mask::phone(&ticket.phone);
                return output::json(&serde_json::json!({
                    "callback": task_json(&r.task, lang, now),
                    "ticket": ticket,
                    "outcome_ticket": r.outcome_ticket,
                }));
            }
            outln!("{}", lang.cb_recorded(&r))?;
            Ok(())
        }
        Some(CallbacksCmd::Show { id, json }) => {
            let store = env.open_read()?;
            let t = store.callback(*id).map_err(se)?;
            let attempts = store.callback_attempts(*id).map_err(se)?;
            let sample = store.callback_sample(*id).map_err(se)?;
            if *json {
                return output::json(&serde_json::json!({
                    "callback": task_json(&t, lang, now),
                    "attempts": attempts,
                    "sample": sample,
                }));
            }
            outln!(
                "{}\t#{}\t{}\t{}\t{}",
                t.id,
                t.ticket_id,
                lang.kind(t.kind),
                output::field(t.place()),
                lang.cb_status(t.status)
            )?;
            outln!("  {}", t.summary())?;
            outln!("  {}", lang.cb_reason(t.reason))?;
            if let Some(s) = &sample {
                outln!("  {}", lang.cb_sample(s))?;
            }
            outln!(
                "  {} {} · {} {}",
                tx.callbacks.col_handled,
                short(&t.handled_at),
                tx.callbacks.cli_due,
                short(&t.due_at)
            )?;
            for a in &attempts {
                let verdict = a
                    .satisfaction
                    .map(|v| lang.cb_verdict(v))
                    .unwrap_or(tx.callbacks.unreached);
                outln!(
                    "  {}. {} {} {} {}  {}",
                    a.no,
                    short(&a.at),
                    a.caller,
                    lang.cb_method(a.method),
                    verdict,
                    a.words.replace('\n', " / ")
                )?;
            }
            if let Some(reason) = t.unreachable_reason.as_deref().filter(|r| !r.is_empty()) {
                outln!("  {}: {reason}", tx.callbacks.cli_unreachable_reason)?;
            }
            if t.effect.is_some() {
                outln!("  → {}", lang.cb_effect(&t))?;
            }
            Ok(())
        }
        Some(CallbacksCmd::Figures { month, json }) => {
            let store = env.open_read()?;
            let f = match month {
                Some(m) => {
                    let p = super::report::parse_month(lang, m)?;
                    store.callback_figures_of(&p, now).map_err(se)?
                }
                None => store.callback_figures(now).map_err(se)?,
            };
            if *json {
                return output::json(&f);
            }
            outln!("{}", lang.cb_figures(&f))?;
            Ok(())
        }
        Some(CallbacksCmd::Samples { month, json }) => {
            let store = env.open()?;
            let month = match month {
                Some(m) => {
                    let ok =
                        chrono::NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").is_ok();
                    if !ok {
                        return Err(CliError::Usage(fill(tx.show.bad_month, &[m])));
                    }
                    m.clone()
                }
                None => callback::month_key(now),
            };
            let rows = store.callback_samples(&month).map_err(se)?;
            if *json {
                return output::json(&rows);
            }
            let counted: Vec<_> = rows
                .iter()
                .filter(|s| s.basis != callback::Basis::Rework)
                .collect();
            let picked = counted.iter().filter(|s| s.selected).count();
            let pct = if counted.is_empty() {
                "—".to_string()
            } else {
                format!("{:.1}%", 100.0 * picked as f64 / counted.len() as f64)
            };
            let rate = store.rules().callbacks.sample_percent;
            outln!(
                "{}",
                fill(
                    tx.callbacks.cli_samples_head,
                    &[&month, &counted.len(), &picked, &pct, &rate]
                )
            )?;
            for s in &rows {
                outln!(
                    "#{}\t{}\t{}\t{}\t{}\t{}",
                    s.ticket_id,
                    lang.kind(s.kind),
                    s.place,
                    short(&s.decided_at),
                    if s.selected { "✓" } else { "✗" },
                    lang.cb_sample(s)
                )?;
            }
            Ok(())
        }
    }
}
