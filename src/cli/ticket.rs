//! `frontdesk ticket new|move|show|list`: the same store rules as the TUI.

use super::output::outln;
use super::{output, CliError, Env};
use crate::domain::category::{Category, TicketCategory};
use crate::domain::deadline;
use crate::domain::mask;
use crate::domain::ticket::{EscalateTo, NotifyTarget, ReplyVia, Severity, Urgency};
use crate::domain::transitions::{self, EmergencyRecord, Transition};
use crate::domain::{Channel, Kind, State, StepInput};
use crate::i18n::{fill, Lang};
use crate::present::EmergencyText;
use crate::store::tickets::{Filter, NewTicket, Ticket};
use crate::store::Store;
use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum TicketCmd {
    /// Register a ticket.
    New {
        /// What kind of request.
        #[arg(value_parser = super::coded!(Kind), long, default_value = "repair")]
        kind: Kind,
        /// Unit in any form (3-2-1201, 3栋2单元1201 …).
        #[arg(long)]
        unit: Option<String>,
        /// Public-area location (when there is no unit).
        #[arg(long)]
        location: Option<String>,
        /// What the resident reported.
        #[arg(long)]
        text: String,
        /// How it reached the desk.
        #[arg(value_parser = super::coded!(Channel), long, default_value = "phone")]
        channel: Channel,
        /// Who reported it (default for a unit: its household's first
        /// contact, with their phone).
        #[arg(long)]
        reporter: Option<String>,
        /// The reporter's phone (shown masked).
        #[arg(long)]
        phone: Option<String>,
        /// The kind's category: a code (plumbing_electric) or its label in
        /// either language (水电); an unknown one is refused with the
        /// kind's list.
        #[arg(long)]
        category: Option<String>,
        /// When the technician may come.
        #[arg(long)]
        preferred: Option<String>,
        /// A deadline the resident asked for: "17:30", "明天 9:00", "11-24 12:00",
        /// "+2h"; not past, at most a year ahead.
        #[arg(long)]
        due: Option<String>,
        /// Complaint: classify at once with this urgency.
        #[arg(value_parser = super::coded!(Urgency), long)]
        urgency: Option<Urgency>,
        /// Complaint: about the developer's construction.
        #[arg(long)]
        developer_defect: bool,
        /// Emergency: who was notified at once (repeat the flag).
        #[arg(value_parser = super::coded!(NotifyTarget), long)]
        notify: Vec<NotifyTarget>,
        /// Enquiry: the answer given on the spot (closes it).
        #[arg(long)]
        answer: Option<String>,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Take a step: --to names the target state (or the step itself).
    Move {
        /// The ticket's number (first column of `ticket list`).
        id: i64,
        /// The target state, or the step's own name (`ticket show` lists
        /// the steps allowed next).
        #[arg(long, value_parser = to_parser())]
        to: String,
        /// Dispatch: the department's code (`frontdesk dept list`).
        #[arg(long, value_name = "CODE")]
        dept: Option<String>,
        /// Dispatch/accept: the technician's name.
        #[arg(long)]
        tech: Option<String>,
        /// Why (hold, return unfinished, cancel, out of scope, reopen).
        #[arg(long)]
        reason: Option<String>,
        /// What the resident was told (invalid complaint, out of scope).
        #[arg(long)]
        explanation: Option<String>,
        /// A note kept with the step.
        #[arg(long)]
        note: Option<String>,
        /// The resident was told (hold).
        #[arg(long)]
        informed: bool,
        /// Resident signed the work order: yes or no.
        #[arg(long, value_parser = parse_yes_no)]
        signed: Option<bool>,
        /// Fee charged, in yuan (35 or 35.50).
        #[arg(long)]
        fee: Option<String>,
        /// Quoted fee for a paid service, in yuan.
        #[arg(long)]
        quote: Option<String>,
        /// Classify a complaint: how urgent.
        #[arg(value_parser = super::coded!(Urgency), long)]
        urgency: Option<Urgency>,
        /// Classify a complaint: about the developer's construction.
        #[arg(long)]
        developer_defect: bool,
        /// Reply to a complaint: how the resident was answered.
        #[arg(value_parser = super::coded!(ReplyVia), long)]
        via: Option<ReplyVia>,
        /// Escalate a complaint: to whom.
        #[arg(value_parser = super::coded!(EscalateTo), long)]
        escalate_to: Option<EscalateTo>,
        /// Emergency: who was notified.
        #[arg(value_parser = super::coded!(NotifyTarget), long)]
        notify: Option<NotifyTarget>,
        /// Convert an enquiry: into this kind.
        #[arg(value_parser = super::coded!(Kind), long)]
        convert_to: Option<Kind>,
        /// Emergency record: what happened.
        #[arg(long)]
        what: Option<String>,
        /// Emergency record: where.
        #[arg(long = "where")]
        location: Option<String>,
        /// Emergency record: how severe.
        #[arg(value_parser = super::coded!(Severity), long)]
        severity: Option<Severity>,
        /// Emergency record: who came.
        #[arg(long)]
        responders: Option<String>,
        /// Emergency record: losses.
        #[arg(long)]
        losses: Option<String>,
        /// Emergency record: photos were taken.
        #[arg(long)]
        photos: bool,
        /// Emergency record: the cause.
        #[arg(long)]
        cause: Option<String>,
        /// Emergency record: follow-up measures.
        #[arg(long)]
        measures: Option<String>,
        /// Refuse if the ticket is no longer at this version.
        #[arg(long)]
        expect_version: Option<i64>,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// One ticket with its history and the steps allowed next.
    Show {
        /// The ticket's number.
        id: i64,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Tickets, open ones by default.
    List {
        /// Only tickets in this state (repeat the flag for several).
        #[arg(value_parser = super::coded!(State), long)]
        state: Vec<State>,
        /// Only tickets of this kind (repeat the flag for several).
        #[arg(value_parser = super::coded!(Kind), long)]
        kind: Vec<Kind>,
        /// Only tickets of this unit (any form).
        #[arg(long)]
        unit: Option<String>,
        /// Only tickets sent to this department (its code).
        #[arg(long, value_name = "CODE")]
        dept: Option<String>,
        /// Include closed, cancelled and out-of-scope tickets.
        #[arg(long)]
        all: bool,
        /// Only tickets with a deadline already past (overdue first).
        #[arg(long)]
        overdue: bool,
        /// At most this many tickets.
        #[arg(long)]
        limit: Option<usize>,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
}

/// `--to`: any text (an unknown one is refused by the ticket's own table,
/// which names the steps allowed from its state), with every state and step
/// listed in `--help` and offered by the completions.
#[derive(Clone)]
struct ToParser;

fn to_parser() -> ToParser {
    ToParser
}

impl clap::builder::TypedValueParser for ToParser {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        let mut codes: Vec<&'static str> = State::ALL.iter().map(|s| s.code()).collect();
        for a in crate::domain::Action::ALL {
            if !codes.contains(&a.code()) {
                codes.push(a.code());
            }
        }
        Some(Box::new(
            codes.into_iter().map(clap::builder::PossibleValue::new),
        ))
    }
}

/// `--category`: a code or a label in either language, of the kind's list.
fn category_arg(kind: Kind, text: Option<&str>, lang: Lang) -> Result<TicketCategory, CliError> {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return Ok(TicketCategory::None);
    };
    crate::i18n::category_from_text(kind, text)
        .map(TicketCategory::Code)
        .ok_or_else(|| {
            let allowed: Vec<String> = Category::of_kind(kind)
                .iter()
                .map(|c| format!("{} ({})", c.code(), lang.category(*c)))
                .collect();
            CliError::Usage(fill(
                lang.t().cli.bad_category,
                &[&text, &lang.kind(kind), &allowed.join(", ")],
            ))
        })
}

/// Who reported it: `--reporter` and `--phone` as given; without a
/// reporter, a resident calling or visiting about a unit with a household on
/// file is its first contact (the tenant's primary, then the owner's), with
/// their phone unless `--phone` gives another — as the intake screen fills
/// them.
fn reporter_of(
    store: &Store,
    unit: Option<&str>,
    channel: Channel,
    reporter: &Option<String>,
    phone: &Option<String>,
) -> Result<(String, String), crate::store::StoreError> {
    let given = (
        reporter.clone().unwrap_or_default(),
        phone.clone().unwrap_or_default(),
    );
    let resident = !matches!(channel, Channel::Patrol | Channel::Department);
    let Some(unit) = unit.filter(|u| !u.trim().is_empty()) else {
        return Ok(given);
    };
    if !given.0.trim().is_empty() || !resident {
        return Ok(given);
    }
    let u = store.resolve_unit(unit)?;
    Ok(match store.unit_contacts(u.id)?.into_iter().next() {
        Some(c) if given.1.trim().is_empty() => (c.name, c.phone),
        Some(c) => (c.name, given.1),
        None => given,
    })
}

/// `--dept`: a department's code or its name in either language; one
/// nobody knows is bad input naming the valid ones.
fn department_arg(store: &Store, text: &str, lang: Lang) -> Result<String, CliError> {
    let t = text.trim();
    let list = store
        .departments()
        .map_err(|e| CliError::from_store(&e, lang))?;
    list.iter()
        .find(|d| {
            d.code.eq_ignore_ascii_case(t) || d.name_zh == t || d.name_en.eq_ignore_ascii_case(t)
        })
        .map(|d| d.code.clone())
        .ok_or_else(|| {
            let valid: Vec<String> = list
                .iter()
                .map(|d| format!("{} ({})", d.code, lang.pick(&d.name_zh, &d.name_en)))
                .collect();
            CliError::Usage(lang.unknown_code(t, "--dept", &valid))
        })
}

fn parse_yes_no(s: &str) -> Result<bool, String> {
    match s.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "是" => Ok(true),
        "no" | "n" | "false" | "0" | "否" => Ok(false),
        _ => Err(format!("expected yes or no, got {s:?}")),
    }
}

fn amount(s: &Option<String>, lang: Lang) -> Result<Option<i64>, CliError> {
    match s {
        None => Ok(None),
        Some(v) => crate::domain::validate::parse_yuan(v)
            .map(Some)
            .ok_or_else(|| CliError::Usage(format!("{v}: {}", lang.t().dispatch.bad_amount))),
    }
}

/// The steps allowed from `state`, as `--to` takes them: `target (step)`, or
/// for a step that keeps the state its name, marked as such.
fn allowed_steps(kind: Kind, state: State, lang: Lang) -> String {
    let t = lang.t();
    let list: Vec<String> = transitions::offered(kind, state)
        .iter()
        .map(|r| match r.to {
            Some(to) => format!("{} ({})", to.code(), r.action.code()),
            None => fill(t.safety.stays, &[&r.action.code()]),
        })
        .collect();
    if list.is_empty() {
        t.errors.none.to_string()
    } else {
        list.join(", ")
    }
}

/// The one step `--to` names for the ticket as seen (`state`): a step by its
/// name, or the single step that leads to the state named. A state the ticket
/// is already in names no step — a step that keeps the state (reassign,
/// return, escalate …) is given by its name — so an operator who arrives
/// second is told what happened instead of silently taking another step.
fn pick_rule(
    id: i64,
    kind: Kind,
    state: State,
    to: &str,
    lang: Lang,
) -> Result<&'static Transition, CliError> {
    let t = lang.t();
    let offered = transitions::offered(kind, state);
    if let Ok(a) = to.parse::<crate::domain::Action>() {
        if let Some(rule) = offered.iter().find(|r| r.action == a) {
            return Ok(rule);
        }
    }
    if let Ok(target) = to.parse::<State>() {
        let leading: Vec<&&Transition> = offered.iter().filter(|r| r.to == Some(target)).collect();
        match leading.as_slice() {
            [one] => return Ok(one),
            [] if target == state => {
                return Err(CliError::Refused(fill(
                    t.safety.move_already,
                    &[
                        &id,
                        &lang.state(state),
                        &to,
                        &allowed_steps(kind, state, lang),
                    ],
                )))
            }
            [] => {}
            many => {
                let steps: Vec<&str> = many.iter().map(|r| r.action.code()).collect();
                return Err(CliError::Refused(fill(
                    t.safety.move_ambiguous,
                    &[&to, &steps.join(", ")],
                )));
            }
        }
    }
    Err(CliError::Refused(fill(
        t.errors.not_allowed,
        &[
            &to,
            &lang.state(state),
            &lang.kind(kind),
            &allowed_steps(kind, state, lang),
        ],
    )))
}

/// A ticket that moved on since the version the caller saw: who, when, where
/// it is now and what may be done from there.
fn changed(t: &Ticket, lang: Lang) -> CliError {
    CliError::Refused(fill(
        lang.t().safety.move_changed,
        &[
            &t.id,
            &t.updated_by,
            &crate::store::ts(t.updated_at),
            &t.version,
            &lang.state(t.state),
            &allowed_steps(t.kind, t.state, lang),
        ],
    ))
}

pub fn run(env: &Env, cmd: &TicketCmd) -> Result<(), CliError> {
    let lang = env.lang;
    let se = |e: crate::store::StoreError| CliError::from_store(&e, lang);
    match cmd {
        TicketCmd::New {
            kind,
            unit,
            location,
            text,
            channel,
            reporter,
            phone,
            category,
            preferred,
            due,
            urgency,
            developer_defect,
            notify,
            answer,
            json,
        } => {
            let now = env.clock.now();
            let requested_due_at = match due {
                Some(d) => Some(crate::domain::intake::requested_due(d, now).map_err(|e| {
                    CliError::Usage(format!("--due {d:?}: {}", lang.when_error(e)))
                })?),
                None => None,
            };
            let mut store = env.open()?;
            let me = env.actor(&store)?;
            let (reporter, phone) =
                reporter_of(&store, unit.as_deref(), *channel, reporter, phone).map_err(se)?;
            let new = NewTicket {
                kind: Some(*kind),
                unit: unit.clone(),
                location: location.clone().unwrap_or_default(),
                channel: Some(*channel),
                reporter,
                phone,
                category: category_arg(*kind, category.as_deref(), lang)?,
                description: text.clone(),
                preferred_time: preferred.clone().unwrap_or_default(),
                requested_due_at,
                urgency: *urgency,
                developer_defect: *developer_defect,
                notify: notify.clone(),
                answer: answer.clone(),
                ..Default::default()
            };
            let t = store.create_ticket(&new, &me, now).map_err(se)?;
            print_ticket(&t, *json, lang)?;
            warn_calendar(&store, t.id, lang);
            Ok(())
        }
        TicketCmd::Move {
            id,
            to,
            dept,
            tech,
            reason,
            explanation,
            note,
            informed,
            signed,
            fee,
            quote,
            urgency,
            developer_defect,
            via,
            escalate_to,
            notify,
            convert_to,
            what,
            location,
            severity,
            responders,
            losses,
            photos,
            cause,
            measures,
            expect_version,
            json,
        } => {
            let mut store = env.open()?;
            let me = env.actor(&store)?;
            let current = store.ticket(*id).map_err(se)?;
            // The step is chosen from the state the caller saw: a ticket
            // changed since `--expect-version` is refused before anything.
            if expect_version.is_some_and(|v| v != current.version) {
                return Err(changed(&current, lang));
            }
            let rule = pick_rule(*id, current.kind, current.state, to, lang)?;
            let record = what.as_ref().map(|w| EmergencyRecord {
                what: w.clone(),
                location: location.clone().unwrap_or_default(),
                severity: *severity,
                responders: responders.clone().unwrap_or_default(),
                losses: losses.clone().unwrap_or_default(),
                photos_taken: *photos,
                cause: cause.clone().unwrap_or_default(),
                measures: measures.clone().unwrap_or_default(),
            });
            let input = StepInput {
                department: dept.clone(),
                technician: tech.clone(),
                reason: reason.clone(),
                explanation: explanation.clone(),
                note: note.clone(),
                resident_informed: informed.then_some(true),
                resident_signed: *signed,
                fee_cents: amount(fee, lang)?,
                quoted_fee_cents: amount(quote, lang)?,
                urgency: *urgency,
                developer_defect: developer_defect.then_some(true),
                reply_via: *via,
                escalate_to: *escalate_to,
                notify: *notify,
                record,
                convert_to: *convert_to,
                via_callback: false,
            };
            let version = expect_version.unwrap_or(current.version);
            let t = match store.transition(*id, version, rule.action, &input, &me, env.clock.now())
            {
                Err(crate::store::StoreError::Stale { .. }) => {
                    return Err(changed(&store.ticket(*id).map_err(se)?, lang))
                }
                other => other.map_err(se)?,
            };
            print_ticket(&t, *json, lang)?;
            warn_calendar(&store, t.id, lang);
            Ok(())
        }
        TicketCmd::Show { id, json } => {
            let store = env.open_read()?;
            let t = store.ticket(*id).map_err(se)?;
            let events = store.events(*id).map_err(se)?;
            let deadlines = store.deadlines(*id).map_err(se)?;
            let held = store.held_since(*id).map_err(se)?;
            let record = store.emergency_record(*id).map_err(se)?;
            let now = env.clock.now();
            let shown = |d: &crate::store::deadlines::Deadline| {
                deadline::shown(d.status, d.due_at, now, held)
            };
            let allowed: Vec<String> = transitions::offered(t.kind, t.state)
                .iter()
                .map(|r| r.action.code().to_string())
                .collect();
            if *json {
                // Each deadline's status as every view shows it (overdue,
                // paused), not only as stored.
                let deadlines: Vec<serde_json::Value> = deadlines
                    .iter()
                    .map(|d| {
                        let mut v = serde_json::to_value(d).unwrap_or_default();
                        v["status"] = serde_json::json!(shown(d).code());
                        v
                    })
                    .collect();
                return output::json(&serde_json::json!({
                    "ticket": masked(&t),
                    "emergency_record": record,
                    "deadlines": deadlines,
                    "events": events,
                    "allowed": allowed
                }));
            }
            print_ticket(&t, false, lang)?;
            let tx = lang.t();
            if let Some(r) = &record {
                let (head, lines) = lang.emergency_lines(r);
                outln!("{head}:")?;
                for l in lines {
                    outln!("  {}", l.replace('\n', "\n    "))?;
                }
            }
            if !deadlines.is_empty() {
                outln!("{}:", tx.board.deadlines)?;
                for d in &deadlines {
                    let met = d.met_at.map(crate::store::ts).unwrap_or_default();
                    outln!(
                        "  {}\t{}\t{}\t{}",
                        lang.deadline(d.what),
                        d.due_at,
                        lang.deadline_shown(shown(d)),
                        met
                    )?;
                }
            }
            outln!("{}:", tx.cli.events)?;
            for e in &events {
                let from = e.from.map_or("-", |s| lang.state(s));
                outln!(
                    "  {}  {}  {}  {} → {}  {}",
                    e.at,
                    e.actor,
                    lang.event_action(&e.action),
                    from,
                    lang.state(e.to),
                    output::field(&e.note)
                )?;
            }
            // Each step in words, its code (what --to takes) beside it.
            let next: Vec<String> = transitions::offered(t.kind, t.state)
                .iter()
                .map(|r| format!("{}({})", lang.action(r.action), r.action.code()))
                .collect();
            outln!(
                "{}: {}",
                tx.cli.allowed_next,
                if next.is_empty() {
                    tx.cli.none.to_string()
                } else {
                    next.join(lang.show().list_sep)
                }
            )?;
            Ok(())
        }
        TicketCmd::List {
            state,
            kind,
            unit,
            dept,
            all,
            overdue,
            limit,
            json,
        } => {
            let store = env.open_read()?;
            let unit_id = match unit {
                Some(u) => Some(store.resolve_unit(u).map_err(se)?.id),
                None => None,
            };
            let department = match dept {
                Some(d) => Some(department_arg(&store, d, lang)?),
                None => None,
            };
            let filter = Filter {
                kinds: kind.clone(),
                states: state.clone(),
                open_only: !*all && state.is_empty(),
                unit_id,
                department,
                limit: *limit,
                // Most overdue first, in the one query.
                overdue_at: overdue.then(|| env.clock.now()),
                ..Default::default()
            };
            let rows = store.list_tickets(&filter).map_err(se)?;
            if *json {
                return output::json(&rows);
            }
            if rows.is_empty() {
                output::note(lang.t().cli.no_rows);
            }
            for r in &rows {
                outln!(
                    "#{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    r.id,
                    lang.kind(r.kind),
                    lang.state(r.state),
                    output::field(r.place()),
                    r.department.as_deref().map_or("-", |d| lang.department(d)),
                    r.created_at,
                    output::field(r.summary())
                )?;
            }
            Ok(())
        }
    }
}

/// After a write, on stderr (text and --json alike): a deadline of ticket
/// `id` falls in a year the working calendar has no holiday list for, so it
/// was counted over weekends only — as the board says after a write.
fn warn_calendar(store: &Store, id: i64, lang: Lang) {
    let dues = store
        .deadlines(id)
        .unwrap_or_default()
        .into_iter()
        .filter(|d| d.status == deadline::DeadlineStatus::Pending)
        .map(|d| d.due_at.date());
    if let Some(y) = store.rules().calendar.unknown_years(dues).first() {
        output::note(&fill(lang.t().common.calendar_unknown, &[y]));
    }
}

/// A ticket as the command line shows it: the reporter's phone masked, in
/// text and JSON alike. Only the screens where an operator dials (intake,
/// the board's detail, the callback being recorded) show the full number.
fn masked(t: &Ticket) -> Ticket {
    let mut t = t.clone();
    t.phone = mask::phone(&t.phone);
    t
}

fn print_ticket(t: &Ticket, json: bool, lang: Lang) -> Result<(), CliError> {
    let t = &masked(t);
    if json {
        return output::json(t);
    }
    let wo = t
        .wo_no
        .as_deref()
        .map(|w| format!(" {w}"))
        .unwrap_or_default();
    outln!(
        "#{}{wo}\t{}\t{}\t{}",
        t.id,
        lang.kind(t.kind),
        lang.state(t.state),
        output::field(&t.place())
    )?;
    outln!("  {}: {} {}", lang.t().intake.reporter, t.reporter, t.phone)?;
    if !t.category.is_none() {
        outln!(
            "  {}: {}",
            lang.t().intake.category,
            lang.ticket_category(&t.category)
        )?;
    }
    outln!("  {}", t.description.replace('\n', "\n  "))?;
    if let Some(d) = &t.department {
        let tech = t.technician.as_deref().unwrap_or("-");
        outln!(
            "  {}: {} / {}",
            lang.field(crate::domain::Field::Department),
            lang.department(d),
            tech
        )?;
    }
    if let Some(fee) = t.fee_cents {
        outln!(
            "  {}: {}",
            lang.field(crate::domain::Field::Fee),
            output::yuan(fee)
        )?;
    }
    outln!("  v{} · {} · {}", t.version, t.updated_at, t.updated_by)?;
    Ok(())
}
