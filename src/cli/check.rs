//! `frontdesk check`: the file, the record chains and the app's own rules.
//! Exit 0 when clean; 1 naming the table and rows of each breach. `--head`
//! prints the chains' heads to keep elsewhere; `--against FILE` checks the
//! chains still hold heads kept earlier (a chain rewritten as a whole
//! verifies, but no longer holds them).

use super::output::outln;
use super::{output, CliError, Env};
use crate::i18n::{fill, Lang};
use crate::store::chain::Head;
use crate::store::check::{parse_head, Breach, Problem, Report};
use std::path::Path;

/// A problem in the operator's language.
pub(super) fn problem_text(lang: Lang, p: &Problem) -> String {
    let t = &lang.t().safety;
    match p {
        Problem::Integrity { detail } => fill(t.b_integrity, &[detail]),
        Problem::Constraint { detail } => fill(t.b_constraint, &[detail]),
        Problem::ForeignKey { parent } => fill(t.b_foreign_key, &[parent]),
        Problem::Unlinked { .. } => t.b_unlinked.to_string(),
        Problem::Changed { .. } => t.b_changed.to_string(),
        Problem::Missing { .. } => t.b_missing.to_string(),
        Problem::LinkGap { seq, .. } => fill(t.b_link_gap, &[seq]),
        Problem::LinkOrder { .. } => t.b_link_order.to_string(),
        Problem::Unverified { .. } => t.b_unverified.to_string(),
        Problem::ChainHead { chain, seq } => fill(t.b_chain_head, &[chain, seq]),
        Problem::TrailStart => t.b_trail_start.to_string(),
        Problem::TrailStep {
            event,
            action,
            from,
        } => fill(t.b_trail_step, &[event, action, &state_word(lang, from)]),
        Problem::TrailEnd { state, replayed } => fill(
            t.b_trail_end,
            &[&state_word(lang, state), &state_word(lang, replayed)],
        ),
        Problem::WoGap { year, missing } => {
            let list: Vec<String> = missing
                .iter()
                .map(|n| crate::domain::workorder::format(*year, *n))
                .collect();
            fill(t.b_wo_gap, &[year, &list.join(", ")])
        }
        Problem::WoCounter { year, counter, max } => fill(t.b_wo_counter, &[year, counter, max]),
        Problem::WoForm { wo_no } => fill(t.b_wo_form, &[wo_no]),
        Problem::LoanUnapproved { borrower } => fill(t.b_loan_unapproved, &[borrower]),
        Problem::HandoverHash => t.b_handover_hash.to_string(),
        Problem::Head { chain, seq, hash } => {
            format!("{chain}: {}", fill(t.b_head, &[seq, &short(hash)]))
        }
    }
}

fn short(hash: &str) -> String {
    hash.chars().take(12).collect()
}

fn state_word(lang: Lang, code: &str) -> String {
    code.parse()
        .map(|s| lang.state(s).to_string())
        .unwrap_or_else(|_| code.to_string())
}

/// `table #1, #2: what` (at most 50 rows named).
pub(super) fn breach_line(lang: Lang, b: &Breach) -> String {
    let mut rows: Vec<String> = b.rows.iter().take(50).map(|r| format!("#{r}")).collect();
    if b.rows.len() > 50 {
        rows.push(format!("… (+{})", b.rows.len() - 50));
    }
    let chain = match &b.problem {
        Problem::Unlinked { chain }
        | Problem::Changed { chain }
        | Problem::Missing { chain }
        | Problem::LinkGap { chain, .. }
        | Problem::LinkOrder { chain }
        | Problem::Unverified { chain }
            if chain != &b.table =>
        {
            format!(" [{chain}]")
        }
        _ => String::new(),
    };
    if b.table == "-" {
        problem_text(lang, &b.problem)
    } else if rows.is_empty() {
        format!("{}{chain}: {}", b.table, problem_text(lang, &b.problem))
    } else {
        format!(
            "{}{chain} {} {}: {}",
            b.table,
            lang.t().safety.row,
            rows.join(", "),
            problem_text(lang, &b.problem)
        )
    }
}

pub(super) fn heads_lines(heads: &[Head]) -> Vec<String> {
    heads
        .iter()
        .filter(|h| h.seq > 0)
        .map(|h| format!("{} {} {}", h.chain, h.seq, h.hash))
        .collect()
}

/// Print a report (text or JSON); the exit says whether it was clean.
pub(super) fn report(lang: Lang, r: &Report, json: bool, head: bool) -> Result<(), CliError> {
    let t = &lang.t().safety;
    if json {
        let breaches: Vec<serde_json::Value> = r
            .breaches
            .iter()
            .map(|b| {
                let mut v = serde_json::to_value(b).unwrap_or_default();
                v["text"] = problem_text(lang, &b.problem).into();
                v
            })
            .collect();
        output::json(&serde_json::json!({
            "ok": r.ok(),
            "breaches": breaches,
            "heads": r.heads.iter().filter(|h| h.seq > 0).collect::<Vec<_>>(),
        }))?;
    } else {
        for b in &r.breaches {
            outln!("{}", breach_line(lang, b))?;
        }
        if head {
            outln!("{}", t.check_head)?;
            for line in heads_lines(&r.heads) {
                outln!("{line}")?;
            }
        }
    }
    if r.ok() {
        if !json {
            output::note(&fill(
                t.check_ok,
                &[&r.heads.iter().filter(|h| h.seq > 0).count()],
            ));
        }
        Ok(())
    } else {
        Err(CliError::Refused(fill(
            t.check_failed,
            &[&r.breaches.len()],
        )))
    }
}

fn read_heads(path: &Path, lang: Lang) -> Result<Vec<Head>, CliError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        CliError::Usage(fill(
            lang.t().safety.check_head_file,
            &[&path.display(), &e.kind()],
        ))
    })?;
    Ok(text.lines().filter_map(parse_head).collect())
}

pub fn run(env: &Env, json: bool, head: bool, against: Option<&Path>) -> Result<(), CliError> {
    let lang = env.lang;
    let heads = match against {
        Some(p) => read_heads(p, lang)?,
        None => Vec::new(),
    };
    let store = env.open()?;
    let r = store
        .check(&heads)
        .map_err(|e| CliError::from_store(&e, lang))?;
    report(lang, &r, json, head)
}
