//! `frontdesk keys [--out|--overdue|--in|--off] [--unit U] [--json]` and
//! `frontdesk keys lend|return|show|add|withdraw|mark`: the same store rules
//! as the keys screen. A supervisor's PIN is read from the terminal (not
//! echoed) or, when stdin is not a terminal, from its first line; never from
//! an argument.

use super::output::outln;
use super::{output, CliError, Env};
use crate::domain::keys::{self, BorrowerType, Condition, KeyKind, Mark};
use crate::i18n::{fill, Lang};
use crate::present::KeyText;
use crate::store::keys::{Approval, KeyFilter, KeyRecord, KeyView, Loan, LoanRef, NewKey, NewLoan};
use crate::store::{Store, StoreError};
use clap::{Args, Subcommand};

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct KeysArgs {
    #[command(subcommand)]
    pub cmd: Option<KeysCmd>,
    /// Only copies out now (one line per loan).
    #[arg(long, group = "view")]
    pub out: bool,
    /// Only copies out past their due time (one line per loan).
    #[arg(long, group = "view")]
    pub overdue: bool,
    /// Only keys with a copy in the cabinet.
    #[arg(long = "in", group = "view")]
    pub in_cabinet: bool,
    /// Only keys no longer held (returned to the owner, lost, damaged).
    #[arg(long, group = "view")]
    pub off: bool,
    /// Keys of one unit (any form: 3-2-1201, 3栋2单元1201 …).
    #[arg(long)]
    pub unit: Option<String>,
    /// Search unit, hook label or area.
    #[arg(long)]
    pub find: Option<String>,
    /// Print JSON for scripts (shapes in docs/json.md).
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand, Debug)]
pub enum KeysCmd {
    /// Lend a copy. Anyone but an owner or sales staff needs --approver.
    ///
    /// Secrets never come from arguments (ps and the shell history would show
    /// them). At a terminal each is asked for; otherwise they are read from
    /// stdin, one per line, in this order: the operator's PIN (when sign-in
    /// asks for it), the approver's PIN (with --approver), the borrower's ID
    /// number (everyone but engineering staff).
    Lend {
        /// Key number (#12) or hook label.
        #[arg(long)]
        key: String,
        /// Which copy (default: the first in the cabinet).
        #[arg(long)]
        copy: Option<i64>,
        /// owner, sales, contractor, engineering or other.
        #[arg(value_parser = super::coded!(BorrowerType), long = "type", value_name = "TYPE")]
        borrower_type: BorrowerType,
        /// The borrower's name.
        #[arg(long)]
        name: String,
        /// Refused: an ID number is read from the terminal or stdin.
        #[arg(long, hide = true)]
        id_no: Option<String>,
        /// The borrower's phone (shown masked).
        #[arg(long)]
        phone: Option<String>,
        /// Why they need the key.
        #[arg(long)]
        reason: String,
        /// The ticket the loan serves (#36 or 36).
        #[arg(long)]
        ticket: Option<String>,
        /// Due back: 18:00, 明天 10:00, 11-24 10:00, +2h; not past, at most a
        /// year ahead (default: 18:00 today, or two hours from now late in
        /// the day).
        #[arg(long)]
        due: Option<String>,
        /// The borrower signed the register.
        #[arg(long)]
        signed: bool,
        /// Supervisor or manager approving at the desk.
        #[arg(long)]
        approver: Option<String>,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Sign a return off now (by key, or by loan number).
    Return {
        /// Key number (#12) or hook label.
        #[arg(long, required_unless_present = "loan")]
        key: Option<String>,
        /// Which copy, when several are out.
        #[arg(long)]
        copy: Option<i64>,
        /// The loan's number instead of --key (as listed by `keys --out`).
        #[arg(long, conflicts_with = "key")]
        loan: Option<i64>,
        /// good, damaged or lost.
        #[arg(value_parser = super::coded!(Condition), long, default_value = "good")]
        condition: Condition,
        /// A note kept with the return.
        #[arg(long)]
        note: Option<String>,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// One key: consent, copies, every loan and its history.
    Show {
        /// Key number (#12) or hook label.
        key: String,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Register a key the desk now holds.
    Add {
        /// The unit the key opens (any form).
        #[arg(long, required_unless_present = "area")]
        unit: Option<String>,
        /// Public area (plant room …) when there is no unit.
        #[arg(long)]
        area: Option<String>,
        /// unit_door, entrance, storage, locker, mailbox, plant_room, other.
        #[arg(value_parser = super::coded!(KeyKind), long)]
        kind: KeyKind,
        /// How many copies the desk holds.
        #[arg(long, default_value_t = 1)]
        copies: i64,
        /// The hook label in the cabinet.
        #[arg(long)]
        hook: Option<String>,
        /// Who agreed that the desk keeps the key (the owner).
        #[arg(long)]
        consent_by: Option<String>,
        /// When they agreed (2026-11-20, 昨天 …; default now).
        #[arg(long)]
        consent_at: Option<String>,
        /// What for (rectification, vacant-unit checks …).
        #[arg(long)]
        purpose: Option<String>,
        /// Anything else worth knowing about the key.
        #[arg(long)]
        notes: Option<String>,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// The owner withdrew consent: the key goes back to them, the record stays.
    Withdraw {
        /// Key number (#12) or hook label.
        #[arg(long)]
        key: String,
        /// Who took the key back.
        #[arg(long)]
        to: String,
        /// A note kept with the record.
        #[arg(long)]
        note: Option<String>,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Record a copy in the cabinet as lost or damaged.
    Mark {
        /// Key number (#12) or hook label.
        #[arg(long)]
        key: String,
        /// Which copy (default: the only one in the cabinet).
        #[arg(long)]
        copy: Option<i64>,
        /// lost or damaged.
        #[arg(value_parser = super::coded!(Mark), long = "as", value_name = "MARK")]
        mark: Mark,
        /// What happened.
        #[arg(long)]
        note: Option<String>,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
}

/// `11-23 15:00`.
fn short(t: &chrono::NaiveDateTime) -> String {
    t.format("%m-%d %H:%M").to_string()
}

fn key_line(k: &KeyRecord, lang: Lang) -> String {
    let t = &lang.t().keys;
    let state = if !k.held() {
        lang.key_status_of(k.status).to_string()
    } else if let Some(first) = k.loans.first() {
        let mut s = if k.copies > 1 {
            // Each borrower named, earliest due first.
            let names: Vec<&str> = k.loans.iter().map(|l| l.borrower_name.as_str()).collect();
            fill(
                t.state_out_of,
                &[&k.loans.len(), &k.copies, &names.join(lang.show().list_sep)],
            )
        } else {
            fill(t.state_out, &[&first.borrower_name])
        };
        s.push(' ');
        s.push_str(&fill(t.due, &[&short(&first.due_at)]));
        if k.overdue() {
            s.push(' ');
            s.push_str(t.overdue_mark);
        }
        s
    } else {
        t.state_in.to_string()
    };
    format!(
        "#{}\t{}\t{}\t{}\t×{}\t{}",
        k.id,
        if k.hook.is_empty() { "-" } else { &k.hook },
        output::field(k.place()),
        lang.key_kind_of(k.kind),
        k.copies,
        state
    )
}

fn loan_line(l: &Loan, lang: Lang) -> String {
    let t = &lang.t().keys;
    let state = match (&l.returned_at, l.overdue) {
        (Some(at), _) => format!(
            "{} {} {}",
            lang.t().keys.f_condition,
            l.return_condition.map(|c| lang.condition(c)).unwrap_or(""),
            at
        ),
        (None, true) => format!("{} {}", fill(t.due, &[&l.due_at]), t.overdue_mark),
        (None, false) => fill(t.due, &[&l.due_at]),
    };
    format!(
        "{}\t{}\t{}\t{}\t{}{}\t{}\t{}\t{}\t{}",
        fill(lang.show().loan_no, &[&l.id]),
        if l.hook.is_empty() { "-" } else { &l.hook },
        l.place,
        lang.key_kind_of(l.kind),
        t.f_copy,
        l.copy_no,
        lang.borrower_type(l.borrower_type),
        output::field(&l.borrower_name),
        l.lent_at,
        state
    )
}

fn parse_ticket(s: &str, lang: Lang) -> Result<i64, CliError> {
    s.trim()
        .trim_start_matches('#')
        .parse()
        .map_err(|_| CliError::Usage(fill(lang.show().bad_ticket, &[&format!("{s:?}")])))
}

pub fn run(env: &Env, args: &KeysArgs) -> Result<(), CliError> {
    let lang = env.lang;
    let t = &lang.t().keys;
    let se = |e: StoreError| CliError::from_store(&e, lang);
    let now = env.clock.now();
    let Some(cmd) = &args.cmd else {
        return list(env, args);
    };
    match cmd {
        KeysCmd::Lend {
            key,
            copy,
            borrower_type,
            name,
            id_no,
            phone,
            reason,
            ticket,
            due,
            signed,
            approver,
            json,
        } => {
            if id_no.is_some() {
                return Err(CliError::Usage(lang.checks().id_no_in_argv.to_string()));
            }
            let mut store = env.open()?;
            let me = env.actor(&store)?;
            let key_id = store.find_key(key).map_err(se)?;
            let due_at = match due {
                Some(d) => keys::loan_due(d, now)
                    .map_err(|e| CliError::Usage(format!("--due {d:?}: {}", lang.when_error(e))))?,
                None => keys::default_due(now),
            };
            let ticket_id = ticket
                .as_deref()
                .map(|s| parse_ticket(s, lang))
                .transpose()?;
            let approval = if keys::needs_approval(*borrower_type) {
                let Some(name) = approver.as_deref().filter(|a| !a.trim().is_empty()) else {
                    return Err(CliError::Refused(fill(
                        t.cli_need_approver,
                        &[&lang.borrower_type(*borrower_type)],
                    )));
                };
                // Name the approver before asking for a PIN.
                let who = store.staff_by_name(name).map_err(se)?;
                if !keys::can_approve(who.role) {
                    let e = keys::KeyError::ApproverRole { name: who.name };
                    return Err(CliError::from_store(&e.into(), lang));
                }
                let pin = super::auth::read_pin(&fill(t.cli_pin_prompt, &[&who.name]), lang)?
                    .as_str()
                    .to_string();
                Some(Approval {
                    approver: who.name,
                    pin,
                })
            } else {
                None
            };
            // After the PINs: the borrower's ID number.
            let id_number = if keys::needs_id_number(*borrower_type) {
                super::auth::read_line(lang.checks().id_prompt, lang)?
            } else {
                String::new()
            };
            let new = NewLoan {
                key_id,
                copy: *copy,
                borrower_type: *borrower_type,
                name: name.clone(),
                id_number,
                phone: phone.clone().unwrap_or_default(),
                reason: reason.clone(),
                ticket_id,
                due_at,
                signed: *signed,
            };
            let loan = store.lend(&new, approval.as_ref(), &me, now).map_err(se)?;
            if *json {
                return output::json(&loan);
            }
            let mut msg = fill(
                t.lent,
                &[&loan.hook, &loan.copy_no, &loan.borrower_name, &loan.due_at],
            );
            if let Some(a) = &loan.approved_by {
                msg.push_str(&fill(t.lent_approved, &[a]));
            }
            outln!("{msg}")?;
            outln!("{}", loan_line(&loan, lang))?;
            Ok(())
        }
        KeysCmd::Return {
            key,
            copy,
            loan,
            condition,
            note,
            json,
        } => {
            let mut store = env.open()?;
            let me = env.actor(&store)?;
            let which = match (loan, key) {
                (Some(id), _) => LoanRef::Loan(*id),
                (None, Some(k)) => LoanRef::Key {
                    key_id: store.find_key(k).map_err(se)?,
                    copy: *copy,
                },
                (None, None) => return Err(CliError::Usage(lang.show().key_or_loan.to_string())),
            };
            let l = store
                .return_key(which, *condition, note.as_deref().unwrap_or(""), &me, now)
                .map_err(se)?;
            if *json {
                return output::json(&l);
            }
            outln!(
                "{}",
                fill(
                    t.returned,
                    &[&l.hook, &l.copy_no, &lang.condition(*condition), &me.name]
                )
            )?;
            outln!("{}", loan_line(&l, lang))?;
            Ok(())
        }
        KeysCmd::Show { key, json } => {
            let store = env.open_read()?;
            let id = store.find_key(key).map_err(se)?;
            let k = store.key(id, now).map_err(se)?;
            let loans = store.loans_of_key(id, now).map_err(se)?;
            let events = store.key_events(id).map_err(se)?;
            if *json {
                return output::json(
                    &serde_json::json!({ "key": k, "history": loans, "events": events }),
                );
            }
            print_key(&k, lang)?;
            outln!("{}:", t.cli_history)?;
            if loans.is_empty() {
                outln!("  {}", lang.t().cli.none)?;
            }
            for l in &loans {
                outln!("  {}", loan_line(l, lang))?;
            }
            outln!("{}:", t.cli_events)?;
            for e in &events {
                // A return's note is the condition's code: said in words.
                let note = match e.note.parse::<Condition>() {
                    Ok(c) if e.action == keys::KeyEventAction::Return => {
                        lang.condition(c).to_string()
                    }
                    _ => output::field(&e.note).into_owned(),
                };
                outln!(
                    "  {}  {}  {}  {}",
                    e.at,
                    e.actor,
                    lang.key_event(e.action),
                    note
                )?;
            }
            Ok(())
        }
        KeysCmd::Add {
            unit,
            area,
            kind,
            copies,
            hook,
            consent_by,
            consent_at,
            purpose,
            notes,
            json,
        } => {
            let mut store = env.open()?;
            let me = env.actor(&store)?;
            let consent_at = match consent_at {
                Some(d) => Some(keys::consent_date(d, now).map_err(|e| {
                    CliError::Usage(format!("--consent-at {d:?}: {}", lang.when_error(e)))
                })?),
                None => None,
            };
            let new = NewKey {
                unit: unit.clone(),
                area: area.clone().unwrap_or_default(),
                kind: *kind,
                copies: *copies,
                hook: hook.clone().unwrap_or_default(),
                consent_by: consent_by.clone().unwrap_or_default(),
                consent_at,
                consent_purpose: purpose.clone().unwrap_or_default(),
                notes: notes.clone().unwrap_or_default(),
            };
            let k = store.add_key(&new, &me, now).map_err(se)?;
            if *json {
                return output::json(&k);
            }
            outln!("{}", fill(t.registered, &[&k.id, &k.place(), &k.hook]))?;
            Ok(())
        }
        KeysCmd::Withdraw {
            key,
            to,
            note,
            json,
        } => {
            let mut store = env.open()?;
            let me = env.actor(&store)?;
            let id = store.find_key(key).map_err(se)?;
            let k = store
                .withdraw_consent(id, to, note.as_deref().unwrap_or(""), &me, now)
                .map_err(se)?;
            if *json {
                return output::json(&k);
            }
            outln!("{}", fill(t.withdrawn_ok, &[&k.hook, &to]))?;
            Ok(())
        }
        KeysCmd::Mark {
            key,
            copy,
            mark,
            note,
            json,
        } => {
            let mut store = env.open()?;
            let me = env.actor(&store)?;
            let id = store.find_key(key).map_err(se)?;
            let k = store
                .mark_copy(id, *copy, *mark, note.as_deref().unwrap_or(""), &me, now)
                .map_err(se)?;
            if *json {
                return output::json(&k);
            }
            let c = copy.unwrap_or(1);
            outln!("{}", fill(t.marked, &[&k.hook, &c, &lang.mark(*mark)]))?;
            Ok(())
        }
    }
}

fn print_key(k: &KeyRecord, lang: Lang) -> Result<(), CliError> {
    let t = &lang.t().keys;
    outln!("{}", key_line(k, lang))?;
    outln!("  {}", lang.key_consent(k))?;
    if let (Some(to), Some(at)) = (&k.withdrawn_to, &k.withdrawn_at) {
        outln!("  {}", fill(t.withdrawn, &[to, &at.format("%Y-%m-%d")]))?;
    }
    for m in &k.marks {
        outln!(
            "  {}",
            fill(
                t.copy_mark,
                &[&m.copy_no, &lang.mark(m.mark), &m.note, &m.at, &m.by]
            )
        )?;
    }
    if !k.notes.is_empty() {
        outln!("  {}", k.notes)?;
    }
    Ok(())
}

fn list(env: &Env, args: &KeysArgs) -> Result<(), CliError> {
    let lang = env.lang;
    let now = env.clock.now();
    let store: Store = env.open_read()?;
    let se = |e: StoreError| CliError::from_store(&e, lang);
    let unit_id = match &args.unit {
        Some(u) => Some(store.resolve_unit(u).map_err(se)?.id),
        None => None,
    };
    let view = if args.out {
        KeyView::Out
    } else if args.overdue {
        KeyView::Overdue
    } else if args.in_cabinet {
        KeyView::In
    } else if args.off {
        KeyView::Off
    } else {
        KeyView::All
    };
    let keys = store
        .list_keys(
            &KeyFilter {
                query: args.find.clone().unwrap_or_default(),
                unit_id,
                view,
            },
            now,
        )
        .map_err(se)?;
    if matches!(view, KeyView::Out | KeyView::Overdue) {
        let mut loans: Vec<&Loan> = keys
            .iter()
            .flat_map(|k| k.loans.iter())
            .filter(|l| view == KeyView::Out || l.overdue)
            .collect();
        loans.sort_by(|a, b| a.due_at.cmp(&b.due_at).then(a.id.cmp(&b.id)));
        if args.json {
            return output::json(&loans);
        }
        if loans.is_empty() {
            output::note(lang.t().keys.cli_no_keys);
        }
        for l in loans {
            outln!("{}", loan_line(l, lang))?;
        }
        return Ok(());
    }
    if args.json {
        return output::json(&keys);
    }
    if keys.is_empty() {
        output::note(lang.t().keys.cli_no_keys);
    }
    for k in &keys {
        outln!("{}", key_line(k, lang))?;
    }
    Ok(())
}
