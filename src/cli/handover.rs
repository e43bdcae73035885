//! `frontdesk handover list|show|pending|submit|ack|review|addendum` and
//! `frontdesk log add|list|correct|kept|promises`: the duty log and shift
//! handovers through the same store rules as the 值班 screen. `show` prints a
//! stored handover exactly as it was shown and signed.

use super::output::outln;
use super::{output, CliError, Env};
use crate::domain::dutylog::{self, Category, LogEntry};
use crate::domain::shift::{self, Shift, ShiftPlan};
use crate::i18n::{fill, Lang};
use crate::present::HandoverText;
use crate::store::dutylog::NewLogEntry;
use crate::store::handover::HandoverRecord;
use crate::store::{Store, StoreError};
use chrono::{NaiveDate, NaiveDateTime};
use clap::Subcommand;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Md,
    Json,
}

#[derive(Subcommand, Debug)]
pub enum HandoverCmd {
    /// Handovers, newest first (shift dates FROM..=TO).
    List {
        /// The first shift date to list.
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<String>,
        /// The last shift date to list.
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
        /// At most this many handovers.
        #[arg(long, default_value_t = 200)]
        limit: usize,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// A stored handover exactly as signed, then its signature, addenda and review.
    Show {
        /// `latest` or a handover number.
        #[arg(default_value = "latest")]
        which: String,
        /// How to print it.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// What the handover would contain if handed over now (nothing is stored).
    Pending {
        /// DATE/CODE, e.g. 2026-11-23/day (default: the shift being handed over now).
        #[arg(long)]
        shift: Option<String>,
        /// How to print it.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Hand the shift over as the outgoing operator (--operator).
    Submit {
        /// A note for the incoming operator.
        #[arg(long, default_value = "")]
        note: String,
        /// DATE/CODE of the shift handed over (default: the one ending now).
        #[arg(long)]
        shift: Option<String>,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Acknowledge as the incoming operator (--operator); the PIN is read
    /// from the terminal (not echoed) or from the first line of stdin.
    Ack {
        /// `latest` (the latest waiting one) or a handover number.
        which: String,
        /// Remarks of the incoming operator, kept with the signature.
        #[arg(long, default_value = "")]
        remarks: String,
    },
    /// Mark a handover reviewed (supervisor or manager, --operator).
    Review {
        /// `latest` or a handover number.
        which: String,
        /// The supervisor's comment.
        #[arg(long)]
        comment: String,
    },
    /// Add a later correction or addition to a handover (--operator).
    Addendum {
        /// `latest` or a handover number.
        which: String,
        /// The correction or addition.
        #[arg(long)]
        text: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum LogCmd {
    /// Write a duty-log entry in the current shift (--operator).
    Add {
        /// call, visitor, patrol, incident, promise or note.
        #[arg(value_parser = super::coded!(Category), long, default_value = "note")]
        category: Category,
        /// What happened and what was done.
        #[arg(long)]
        text: String,
        /// The unit concerned (any form).
        #[arg(long)]
        unit: Option<String>,
        /// The ticket concerned (its number).
        #[arg(long)]
        ticket: Option<i64>,
        /// A promise's due time: 19:00, 明天 9:00, 11-24 09:30, +2h, +2小时.
        #[arg(long)]
        due: Option<String>,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// A shift's entries (default: the current shift).
    List {
        /// DATE/CODE, e.g. 2026-11-23/day.
        #[arg(long)]
        shift: Option<String>,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Correct an entry with a new one (the original stays).
    Correct {
        /// The entry to correct (its number as listed).
        id: i64,
        /// The corrected text.
        #[arg(long)]
        text: String,
        /// The unit concerned (any form).
        #[arg(long)]
        unit: Option<String>,
        /// The ticket concerned (its number).
        #[arg(long)]
        ticket: Option<i64>,
        /// A promise's due time: 19:00, 明天 9:00, +2h.
        #[arg(long)]
        due: Option<String>,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Mark a promise kept.
    Kept {
        /// The promise's entry number.
        id: i64,
        /// How it was kept.
        #[arg(long, default_value = "")]
        text: String,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Promises to residents not yet kept.
    Promises {
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
}

fn plan(env: &Env) -> Result<ShiftPlan, CliError> {
    env.config.shifts.plan().map_err(CliError::Usage)
}

fn date(s: &Option<String>, lang: Lang) -> Result<Option<NaiveDate>, CliError> {
    s.as_deref()
        .map(|d| {
            NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
                .map_err(|_| CliError::Usage(fill(lang.t().shift.cli_bad_date, &[&d])))
        })
        .transpose()
}

fn shift_arg(
    s: &Option<String>,
    plan: &ShiftPlan,
    store: &Store,
    now: NaiveDateTime,
    lang: Lang,
) -> Result<Shift, CliError> {
    match s {
        None => store
            .handover_target(plan, now)
            .map_err(|e| CliError::from_store(&e, lang)),
        Some(text) => shift::parse_key(text)
            .and_then(|(d, code)| plan.get(d, &code))
            .ok_or_else(|| CliError::Usage(fill(lang.t().shift.cli_bad_shift, &[text]))),
    }
}

fn record(
    store: &Store,
    which: &str,
    lang: Lang,
    waiting: bool,
) -> Result<HandoverRecord, CliError> {
    let se = |e: StoreError| CliError::from_store(&e, lang);
    let t = &lang.t().shift;
    if which.trim() == "latest" {
        let found = if waiting {
            match store.unacknowledged_handover().map_err(se)? {
                Some(s) => Some(store.handover(s.id).map_err(se)?),
                None => None,
            }
        } else {
            store.latest_handover().map_err(se)?
        };
        return found.ok_or_else(|| CliError::Refused(t.cli_no_handover.to_string()));
    }
    let id: i64 = which
        .trim()
        .trim_start_matches('#')
        .parse()
        .map_err(|_| CliError::Usage(fill(t.cli_bad_id, &[&which])))?;
    store.handover(id).map_err(se)
}

/// A handover whose seal no longer matches its content is refused (shown or
/// printed, it would pass as what the next operator signed).
pub(super) fn seal_holds(h: &HandoverRecord, lang: Lang) -> Result<(), CliError> {
    if h.hash_ok {
        return Ok(());
    }
    Err(CliError::Refused(format!(
        "{} #{}: {}",
        lang.t().shift.thing_handover,
        h.id,
        lang.t().safety.b_handover_hash
    )))
}

fn print_record(h: &HandoverRecord, format: Format, lang: Lang) -> Result<(), CliError> {
    match format {
        Format::Json => output::json(h),
        // Exactly as shown and signed, then what happened since.
        Format::Text => {
            output::text(&h.content)?;
            output::text(&lang.handover_signature(h, false))?;
            Ok(())
        }
        Format::Md => {
            output::text(&lang.handover_markdown(&h.report))?;
            output::text(&lang.handover_signature(h, true))?;
            Ok(())
        }
    }
}

pub fn run(env: &Env, cmd: &HandoverCmd) -> Result<(), CliError> {
    let lang = env.lang;
    let t = &lang.t().shift;
    let se = |e: StoreError| CliError::from_store(&e, lang);
    let now = env.clock.now();
    match cmd {
        HandoverCmd::List {
            from,
            to,
            limit,
            json,
        } => {
            let (from, to) = (date(from, lang)?, date(to, lang)?);
            let store = env.open_read()?;
            let rows = store.handovers(from, to, *limit).map_err(se)?;
            if *json {
                return output::json(&rows);
            }
            if rows.is_empty() {
                output::note(t.cli_no_handover);
            }
            for h in &rows {
                let status = match (&h.acknowledged_at, h.reviewed) {
                    (None, _) => t.status_awaiting,
                    (Some(_), false) => t.status_sealed,
                    (Some(_), true) => t.status_reviewed,
                };
                outln!(
                    "#{}\t{}\t{}\t{} → {}\t{}\t{}\t{}",
                    h.id,
                    h.shift_date,
                    h.shift_name,
                    h.from_operator,
                    h.to_operator.as_deref().unwrap_or("-"),
                    h.created_at.format("%Y-%m-%d %H:%M"),
                    status,
                    if h.addenda > 0 {
                        format!("+{}", h.addenda)
                    } else {
                        String::new()
                    }
                )?;
            }
            Ok(())
        }
        HandoverCmd::Show { which, format } => {
            let store = env.open_read()?;
            let h = record(&store, which, lang, false)?;
            print_record(&h, *format, lang)?;
            // Shown as stored, but a broken seal is no success.
            seal_holds(&h, lang)?;
            Ok(())
        }
        HandoverCmd::Pending { shift, format } => {
            let plan = plan(env)?;
            let store = env.open()?;
            let s = shift_arg(shift, &plan, &store, now, lang)?;
            let who = env.operator_name().unwrap_or_else(|| "-".into());
            let report = store
                .pending_report(&s, &plan.next(&s), &who, "", now)
                .map_err(se)?;
            match format {
                Format::Json => output::json(&report),
                Format::Text => {
                    output::text(&lang.handover_text(&report))?;
                    Ok(())
                }
                Format::Md => {
                    output::text(&lang.handover_markdown(&report))?;
                    Ok(())
                }
            }
        }
        HandoverCmd::Submit { note, shift, json } => {
            let plan = plan(env)?;
            let mut store = env.open()?;
            let me = env.actor(&store)?;
            let s = shift_arg(shift, &plan, &store, now, lang)?;
            let h = store
                .submit_handover(&s, &plan.next(&s), note, &me, now, &|r| {
                    lang.handover_text(r)
                })
                .map_err(se)?;
            if *json {
                return output::json(&h);
            }
            output::text(&h.content)?;
            output::note(&fill(t.cli_submitted, &[&h.id, &lang.shift_label(&s)]).to_string());
            Ok(())
        }
        HandoverCmd::Ack { which, remarks } => {
            let mut store = env.open()?;
            // The PIN the incoming operator signed in with signs the
            // handover; a bound Unix login still types it.
            let who = env.actor_with_pin(&store)?;
            let me = who.actor;
            let h = record(&store, which, lang, true)?;
            let pin = match who.pin {
                Some(p) => p.as_str().to_string(),
                None => super::auth::read_pin(&fill(t.cli_pin_prompt, &[&me.name]), lang)?
                    .as_str()
                    .to_string(),
            };
            let h = store
                .acknowledge_handover(h.id, &me, &pin, remarks, now)
                .map_err(se)?;
            outln!("{}", fill(t.cli_acknowledged, &[&h.id]))?;
            Ok(())
        }
        HandoverCmd::Review { which, comment } => {
            let mut store = env.open()?;
            let me = env.actor(&store)?;
            let h = record(&store, which, lang, false)?;
            let h = store.review_handover(h.id, &me, comment, now).map_err(se)?;
            outln!("{}", fill(t.cli_reviewed, &[&h.id]))?;
            Ok(())
        }
        HandoverCmd::Addendum { which, text } => {
            let mut store = env.open()?;
            let me = env.actor(&store)?;
            let h = record(&store, which, lang, false)?;
            let h = store
                .add_handover_addendum(h.id, &me, text, now)
                .map_err(se)?;
            outln!("{}", fill(t.cli_addendum, &[&h.id]))?;
            Ok(())
        }
    }
}

fn due(
    s: &Option<String>,
    now: NaiveDateTime,
    lang: Lang,
) -> Result<Option<NaiveDateTime>, CliError> {
    s.as_deref()
        .filter(|d| !d.trim().is_empty())
        .map(|d| {
            dutylog::promise_due(d, now)
                .map_err(|e| CliError::Usage(format!("{d}: {}", lang.when_error(e))))
        })
        .transpose()
}

fn print_entries(entries: &[LogEntry], json: bool, lang: Lang) -> Result<(), CliError> {
    if json {
        return output::json(&entries);
    }
    if entries.is_empty() {
        output::note(lang.t().cli.no_rows);
    }
    for e in entries {
        outln!(
            "{} {}{}",
            e.at.format("%m-%d"),
            lang.log_head(e),
            lang.log_body(e)
        )?;
    }
    Ok(())
}

pub fn run_log(env: &Env, cmd: &LogCmd) -> Result<(), CliError> {
    let lang = env.lang;
    let se = |e: StoreError| CliError::from_store(&e, lang);
    let now = env.clock.now();
    let plan = plan(env)?;
    let current = plan.at(now);
    match cmd {
        LogCmd::Add {
            category,
            text,
            unit,
            ticket,
            due: d,
            json,
        } => {
            let mut store = env.open()?;
            let me = env.actor(&store)?;
            let new = NewLogEntry {
                category: Some(*category),
                text: text.clone(),
                unit: unit.clone(),
                ticket_id: *ticket,
                due_at: due(d, now, lang)?,
            };
            let e = store.add_log_entry(&new, &me, &current, now).map_err(se)?;
            print_entries(std::slice::from_ref(&e), *json, lang)
        }
        LogCmd::List { shift, json } => {
            let store = env.open_read()?;
            let s = match shift {
                None => current,
                Some(_) => shift_arg(shift, &plan, &store, now, lang)?,
            };
            let entries = store.shift_log(&s).map_err(se)?;
            print_entries(&entries, *json, lang)
        }
        LogCmd::Correct {
            id,
            text,
            unit,
            ticket,
            due: d,
            json,
        } => {
            let mut store = env.open()?;
            let me = env.actor(&store)?;
            let new = NewLogEntry {
                category: None,
                text: text.clone(),
                unit: unit.clone(),
                ticket_id: *ticket,
                due_at: due(d, now, lang)?,
            };
            let e = store
                .correct_log_entry(*id, &new, &me, &current, now)
                .map_err(se)?;
            print_entries(std::slice::from_ref(&e), *json, lang)
        }
        LogCmd::Kept { id, text, json } => {
            let mut store = env.open()?;
            let me = env.actor(&store)?;
            let e = store
                .keep_promise(*id, text, &me, &current, now)
                .map_err(se)?;
            print_entries(std::slice::from_ref(&e), *json, lang)
        }
        LogCmd::Promises { json } => {
            let store = env.open_read()?;
            let list = store.open_promises().map_err(se)?;
            print_entries(&list, *json, lang)
        }
    }
}
