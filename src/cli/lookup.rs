//! `frontdesk lookup UNIT`: exit 0 found, 1 not found or ambiguous (candidates
//! listed), 2 bad input.

use super::output::outln;
use super::{output, CliError, Env};
use crate::domain::unit::parse_unit;
use crate::i18n::fill;
use crate::present::KeyText;
use crate::store::site::Found;
use crate::store::tickets::TicketSummary;

/// `lookup --json` (docs/json.md): each ticket once, open ones apart from
/// the closed history; the registers' items still open.
#[derive(serde::Serialize)]
struct LookupJson<'a> {
    unit: &'a crate::store::site::Unit,
    households: &'a [crate::store::site::Household],
    keys: &'a [crate::store::site::KeyHeld],
    open_tickets: Vec<&'a TicketSummary>,
    closed_tickets: Vec<&'a TicketSummary>,
    registers: &'a crate::store::registers::UnitRegisters,
}

pub fn run(env: &Env, text: &str, json: bool) -> Result<(), CliError> {
    let lang = env.lang;
    let t = lang.t();
    let q = parse_unit(text).map_err(|e| CliError::Usage(lang.unit_error(&e)))?;
    let store = env.open_read()?;
    let unit = match store
        .find_unit(&q)
        .map_err(|e| CliError::from_store(&e, lang))?
    {
        Found::One(u) => u,
        Found::Several(list) => {
            if json {
                let codes: Vec<String> = list.iter().map(|u| u.code()).collect();
                output::json(&serde_json::json!({ "candidates": codes }))?;
            } else {
                for u in &list {
                    outln!("{}\t{}", u.code(), u.zh())?;
                }
            }
            return Err(CliError::Refused(fill(t.cli.candidates, &[&text.trim()])));
        }
        Found::None(_) => {
            return Err(CliError::Refused(fill(
                t.cli.not_found_unit,
                &[&text.trim()],
            )))
        }
    };
    let file = store
        .unit_file(unit)
        .map_err(|e| CliError::from_store(&e, lang))?;
    let open: Vec<&TicketSummary> = file
        .tickets
        .iter()
        .filter(|t| !t.state.is_final())
        .collect();
    if json {
        return output::json(&LookupJson {
            unit: &file.unit,
            households: &file.households,
            keys: &file.keys,
            open_tickets: open,
            closed_tickets: file.tickets.iter().filter(|t| t.state.is_final()).collect(),
            registers: &file.registers,
        });
    }
    let u = &file.unit;
    outln!("{}\t{}\t{}", u.code, u.no.zh(), u.building_name)?;
    outln!("{}:", t.cli.household)?;
    if file.households.iter().all(|h| !h.current()) {
        outln!("  {}", t.cli.none)?;
    }
    for h in file.households.iter().filter(|h| h.current()) {
        outln!(
            "  {} {}  {} {}",
            lang.household_kind(h.kind),
            output::field(&h.name),
            t.lookup.move_in,
            h.move_in.map_or_else(|| "-".to_string(), |d| d.to_string())
        )?;
        for m in &h.members {
            outln!(
                "    {}\t{}\t{}",
                output::field(&m.name),
                output::field(&m.relation),
                m.phone
            )?;
        }
    }
    if !file.keys.is_empty() {
        outln!("{}:", t.lookup.keys)?;
        for k in &file.keys {
            let state = match (&k.out_to, &k.due_at) {
                // --- keys: overdue loans stand out ---
                (Some(who), Some(due)) => {
                    let late = crate::domain::keys::is_overdue(*due, false, env.clock.now());
                    // Several copies out: each borrower named.
                    let mut s = if k.out.len() > 1 {
                        lang.keys_out(k.copies, &k.out, &|d| crate::store::ts(*d))
                    } else {
                        fill(t.lookup.key_out, &[who, &crate::store::ts(*due)])
                    };
                    if late {
                        s.push(' ');
                        s.push_str(t.lookup.key_overdue);
                    }
                    s
                }
                _ => lang.key_status_of(k.status).to_string(),
            };
            outln!("  {} [{}] {}", lang.key_kind_of(k.kind), k.hook, state)?;
        }
    }
    // --- registers: the unit's items still open ---
    let r = &file.registers;
    if !r.is_empty() {
        outln!("{}:", t.registers.l_heading)?;
        for line in crate::present::registers::unit_lines(lang, r) {
            outln!("  {line}")?;
        }
    }
    outln!("{}:", t.cli.open_tickets)?;
    if open.is_empty() {
        outln!("  {}", t.cli.none)?;
    }
    for tk in open {
        outln!(
            "  #{}\t{}\t{}\t{}\t{}",
            tk.id,
            lang.kind(tk.kind),
            lang.state(tk.state),
            tk.created_at,
            output::field(tk.summary())
        )?;
    }
    Ok(())
}
