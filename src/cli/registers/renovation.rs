//! `frontdesk renovation new|move|show|list` — 装修 (002 3.1.2-3.1.3;
//! 003 七(6)). `move ID --to STEP|STATE` takes any step the table offers;
//! an illegal one exits 1 and lists the allowed ones.

use super::{
    approval, cents, date, desk_actor, flag, input, opt, read_id, record_id, request, say, show,
    show_all, step, store_err, when,
};
use crate::cli::output::outln;
use crate::cli::{output, CliError, Env};
use crate::domain::registers::{
    machine, FeeItem, PassKind, RAction, RField, RInput, RState, Register,
};
use crate::domain::when::Toward;
use crate::i18n::{fill, Lang};
use crate::store::registers::{Renovation, RenovationFilter};
use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum RenovationCmd {
    /// A renovation application for a unit.
    New {
        /// The unit, any form (3-2-1201, 3栋2单元1201 …).
        #[arg(long)]
        unit: String,
        /// The owner applying.
        #[arg(long)]
        applicant: String,
        /// The renovation contractor (装修单位).
        #[arg(long)]
        contractor: String,
        /// The contractor's person in charge.
        #[arg(long)]
        responsible: String,
        /// The person in charge's phone (shown masked).
        #[arg(long)]
        phone: String,
        /// The contractor's licence and qualification were checked.
        #[arg(long)]
        licence_checked: bool,
        /// What is to be done (装修项目).
        #[arg(long)]
        scope: String,
        /// The planned first day: 2026-12-01, 12-01, 明天 …
        #[arg(long)]
        start: String,
        /// The planned last day (same forms as --start).
        #[arg(long)]
        end: String,
        /// The application is complete (drawings, undertaking): the approval
        /// is due within 3 working days from now.
        #[arg(long)]
        papers_complete: bool,
        /// A note kept with the record.
        #[arg(long)]
        note: Option<String>,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Take a step: papers, approve, reject, pay, start, worker_pass, hot_work,
    /// request_inspection, pass_hidden, fail_hidden, violation, suspend,
    /// resume, complete, accept, refund, close (or the state it leads to).
    Move {
        /// The renovation's number (#3 or 3, first column of `renovation list`).
        id: String,
        /// The step, or the state it leads to (`renovation show` lists the
        /// steps allowed next).
        #[arg(long, value_parser = StepParser)]
        to: String,
        /// Why (reject, fail_hidden, violation, suspend, a refund's deduction).
        #[arg(long)]
        reason: Option<String>,
        /// A note kept with the step.
        #[arg(long)]
        note: Option<String>,
        /// pay: what the payment is.
        #[arg(long, value_parser = crate::cli::coded!(FeeItem))]
        item: Option<FeeItem>,
        /// pay / refund: yuan (3000, 3000.50).
        #[arg(long)]
        amount: Option<String>,
        /// pay / refund: the receipt's number.
        #[arg(long)]
        receipt: Option<String>,
        /// refund: deducted (yuan); needs --reason.
        #[arg(long)]
        deduction: Option<String>,
        /// refund: the workers' passes came back.
        #[arg(long)]
        passes_returned: bool,
        /// worker_pass: the kind of pass (worker or temporary).
        #[arg(long, value_parser = crate::cli::coded!(PassKind))]
        kind: Option<PassKind>,
        /// worker_pass / hot_work: the holder (their ID number is read).
        #[arg(long)]
        name: Option<String>,
        /// worker_pass / hot_work: the last valid day (2026-12-31, 12-31 …).
        #[arg(long)]
        valid_until: Option<String>,
        /// hot_work: the welder's certificate 电气焊操作本.
        #[arg(long)]
        certificate: Option<String>,
        /// hot_work: the approving supervisor (their PIN is read).
        #[arg(long)]
        approver: Option<String>,
        /// request_inspection: when.
        #[arg(long)]
        at: Option<String>,
        /// pass_hidden / fail_hidden / accept: who inspected.
        #[arg(long)]
        inspector: Option<String>,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// One renovation with its fees, passes and history.
    Show {
        /// The renovation's number (#3 or 3).
        id: String,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Renovations: the open ones (--open), or found by unit, applicant or
    /// contractor (--find).
    List {
        /// Only those not yet closed or rejected.
        #[arg(long)]
        open: bool,
        /// Unit (any form), applicant or contractor.
        #[arg(long)]
        find: Option<String>,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
}

/// `--to`: any text (one the renovation's table does not offer from its
/// state is refused with the steps allowed), with every step and state of
/// the table listed in `--help` and offered by the completions.
#[derive(Clone)]
struct StepParser;

impl clap::builder::TypedValueParser for StepParser {
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
        // The steps of a renovation on record (`new` applies).
        let rows: Vec<_> = machine(Register::Renovation)
            .rows()
            .iter()
            .filter(|r| r.manual() && !r.from.contains(&RState::New))
            .collect();
        let mut codes: Vec<&'static str> = Vec::new();
        let steps = rows.iter().map(|r| r.action.code());
        let states = rows.iter().filter_map(|r| r.to).map(|s| s.code());
        for c in steps.chain(states) {
            if !codes.contains(&c) {
                codes.push(c);
            }
        }
        Some(Box::new(
            codes.into_iter().map(clap::builder::PossibleValue::new),
        ))
    }
}

pub fn line(lang: Lang, r: &Renovation) -> String {
    format!(
        "#{}\t{}\t{}\t{}\t{} – {}",
        r.id,
        lang.reg_state(r.state),
        r.unit,
        r.contractor,
        r.planned_start,
        r.planned_end
    )
}

/// The step `to` names from `state`: an action, or the state it leads to.
fn pick(lang: Lang, state: RState, to: &str) -> Result<RAction, CliError> {
    let offered = machine(Register::Renovation).offered(state);
    let found = match (to.parse::<RAction>(), to.parse::<RState>()) {
        (Ok(a), _) => offered.iter().find(|r| r.action == a),
        (_, Ok(s)) => offered.iter().find(|r| r.to == Some(s)),
        _ => None,
    };
    found.map(|r| r.action).ok_or_else(|| {
        let allowed: Vec<String> = offered
            .iter()
            .map(|r| format!("{} ({})", r.target(state).code(), r.action.code()))
            .collect();
        let t = lang.t();
        let list = if allowed.is_empty() {
            t.errors.none.to_string()
        } else {
            allowed.join(", ")
        };
        CliError::Refused(fill(
            t.registers.e_not_allowed,
            &[
                &to,
                &lang.reg_state(state),
                &lang.register_name(Register::Renovation),
                &list,
            ],
        ))
    })
}

pub fn run(env: &Env, cmd: &RenovationCmd) -> Result<(), CliError> {
    let lang = env.lang;
    let now = env.clock.now();
    let se = store_err(lang);
    match cmd {
        RenovationCmd::New {
            unit,
            applicant,
            contractor,
            responsible,
            phone,
            licence_checked,
            scope,
            start,
            end,
            papers_complete,
            note,
            json,
        } => {
            let i = RInput {
                unit: Some(unit.clone()),
                name: Some(applicant.clone()),
                contractor: Some(contractor.clone()),
                responsible: Some(responsible.clone()),
                phone: Some(phone.clone()),
                licence: flag(*licence_checked),
                scope: Some(scope.clone()),
                planned_start: Some(date(start, now, lang)?),
                planned_end: Some(date(end, now, lang)?),
                papers_complete: flag(*papers_complete),
                note: opt(note),
                ..input()
            };
            let mut store = env.open()?;
            let me = desk_actor(env, &store)?;
            let s = step(
                env,
                &mut store,
                &me,
                request(Register::Renovation, None, RAction::Apply, &i, None),
            )?;
            say(lang, &s);
            let r = store.renovation(s.id).map_err(&se)?;
            show(*json, &r, |r| line(lang, r))
        }
        RenovationCmd::Move {
            id,
            to,
            reason,
            note,
            item,
            amount,
            receipt,
            deduction,
            passes_returned,
            kind,
            name,
            valid_until,
            certificate,
            approver,
            at,
            inspector,
            json,
        } => {
            let id = record_id(id)?;
            let mut store = env.open()?;
            let r = store.renovation(id).map_err(&se)?;
            let action = pick(lang, r.state, to)?;
            let row = machine(Register::Renovation)
                .find(r.state, action)
                .ok_or_else(|| CliError::Refused(to.clone()))?;
            let takes = |f: RField| row.fields().any(|(g, _)| g == f);
            let mut i = RInput {
                reason: opt(reason),
                note: opt(note),
                fee_item: *item,
                amount_cents: amount.as_deref().map(|a| cents(a, lang)).transpose()?,
                receipt: opt(receipt),
                deduction_cents: deduction.as_deref().map(|a| cents(a, lang)).transpose()?,
                passes_returned: flag(*passes_returned),
                pass_kind: *kind,
                name: opt(name),
                valid_until: valid_until
                    .as_deref()
                    .map(|d| date(d, now, lang))
                    .transpose()?,
                certificate: opt(certificate),
                inspection_at: at
                    .as_deref()
                    .map(|t| when(t, now, Toward::Future, lang))
                    .transpose()?,
                inspector: opt(inspector),
                papers_complete: Some(true).filter(|_| action == RAction::Papers),
                ..input()
            };
            let me = desk_actor(env, &store)?;
            // The PINs first (the operator's, a supervisor's), then the ID number.
            let approval = if takes(RField::Approver) {
                approval(&store, lang, approver.as_deref())?
            } else {
                None
            };
            if takes(RField::IdNumber) {
                let whose = i.name.clone().unwrap_or_default();
                i.id_number = Some(read_id(lang, &whose)?);
            }
            let s = step(
                env,
                &mut store,
                &me,
                request(
                    Register::Renovation,
                    Some(id),
                    action,
                    &i,
                    approval.as_ref(),
                ),
            )?;
            say(lang, &s);
            let r = store.renovation(s.id).map_err(&se)?;
            show(*json, &r, |r| line(lang, r))
        }
        RenovationCmd::Show { id, json } => {
            let id = record_id(id)?;
            let store = env.open()?;
            let r = store.renovation(id).map_err(&se)?;
            let history = store
                .register_events(Register::Renovation, id)
                .map_err(&se)?;
            if *json {
                return output::json(&serde_json::json!({
                    "renovation": r,
                    "history": history,
                    "allowed": machine(Register::Renovation)
                        .offered(r.state)
                        .iter()
                        .map(|x| x.action.code())
                        .collect::<Vec<_>>(),
                }));
            }
            outln!("{}", line(lang, &r))?;
            outln!("{}", r.scope)?;
            if let Some(d) = r.approval_due_at {
                outln!("{}", fill(lang.t().registers.d_approval_due, &[&d]))?;
            }
            if let Some(d) = r.inspection_at {
                outln!("{}", fill(lang.t().registers.d_inspection, &[&d]))?;
            }
            for f in &r.fees {
                outln!(
                    "  {}\t{}\t{}\t{}",
                    lang.fee_item(f.item),
                    output::yuan(f.amount_cents),
                    f.receipt_no,
                    f.at.format("%Y-%m-%d")
                )?;
            }
            for p in &r.passes {
                outln!(
                    "  {}\t{}\t{}\t{}\t{} – {}",
                    p.no,
                    lang.pass_kind(p.kind),
                    p.holder,
                    p.id_number,
                    p.valid_from,
                    p.valid_until
                )?;
            }
            for e in &history {
                outln!(
                    "  {}\t{}\t{}\t{} → {}\t{}",
                    e.at.format("%m-%d %H:%M"),
                    e.actor,
                    lang.reg_action(e.action),
                    lang.reg_state(e.from),
                    lang.reg_state(e.to),
                    e.note
                )?;
            }
            Ok(())
        }
        RenovationCmd::List { open, find, json } => {
            let store = env.open()?;
            let list = store
                .renovations(&RenovationFilter {
                    query: find.clone().unwrap_or_default(),
                    open_only: *open,
                    unit_id: None,
                })
                .map_err(&se)?;
            show_all(*json, &list, |r| line(lang, r))
        }
    }
}
