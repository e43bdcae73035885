//! `frontdesk print workorder|emergency|keyloan|handover ID [--format text|html]
//! [--out FILE]`: the office's paper forms (`present::paper`), as 80-column
//! text for a line printer or one HTML page that prints on A4. A read: no
//! PIN, like `ticket show`; an unknown number is bad input (exit 2). A
//! handover whose seal is broken (its text no longer hashes to what was
//! signed) is refused (exit 1), as `handover show` counts it no success:
//! paper would carry the altered text away as if it were the signed one.
//! `handover show` still shows the stored text for whoever investigates.

use super::report::deliver;
use super::{CliError, Env};
use crate::domain::Kind;
use crate::i18n::fill;
use crate::present::paper::{self, Paper};
use crate::store::StoreError;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Form {
    /// 工程维修单: the work order engineering takes (ticket number).
    Workorder,
    /// 紧急情况处理登记表: an emergency ticket's record (ticket number).
    Emergency,
    /// The key loan receipt (loan number, `keys list --json`).
    Keyloan,
    /// The sealed shift handover (handover number, or `latest`).
    Handover,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PaperFormat {
    /// 80 columns, for a line printer.
    Text,
    /// One self-contained page; prints on A4 from any browser.
    Html,
}

#[derive(clap::Args, Debug)]
pub struct PrintArgs {
    /// Which form.
    #[arg(value_enum)]
    pub form: Form,
    /// The record's number (`#` optional); for a handover also `latest`.
    pub id: String,
    /// text (80 columns) or html (A4 page).
    #[arg(long, value_enum, default_value = "text")]
    pub format: PaperFormat,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

pub fn run(env: &Env, a: &PrintArgs) -> Result<(), CliError> {
    let lang = env.lang;
    let p = &lang.t().paper;
    let now = env.clock.now();
    let site = env.config.site.name.as_str();
    let title = match a.form {
        Form::Workorder => p.wo_title,
        Form::Emergency => p.em_title,
        Form::Keyloan => p.kl_title,
        Form::Handover => p.ho_title,
    }
    .replace(' ', "");
    let unknown = || CliError::Usage(fill(p.cli_unknown, &[&format!("{title} {}", a.id)]));
    // Not found is bad input here: the number typed names nothing.
    let se = |e: StoreError| match e {
        StoreError::NotFound { .. } => unknown(),
        other => CliError::from_store(&other, lang),
    };
    let store = env.open()?;
    let latest = a.form == Form::Handover && a.id.trim() == "latest";
    let id: i64 = if latest {
        0
    } else {
        a.id.trim()
            .trim_start_matches('#')
            .parse()
            .map_err(|_| unknown())?
    };
    let form: Paper = match a.form {
        Form::Workorder => {
            let t = store.ticket(id).map_err(se)?;
            let events = store.events(id).map_err(se)?;
            paper::workorder(lang, site, &t, &events, now)
        }
        Form::Emergency => {
            let t = store.ticket(id).map_err(se)?;
            if t.kind != Kind::Emergency {
                return Err(CliError::Usage(fill(p.cli_not_emergency, &[&id])));
            }
            let r = store.emergency_record(id).map_err(se)?;
            paper::emergency(lang, site, &t, r.as_ref(), now)
        }
        Form::Keyloan => {
            let l = store.loan(id, now).map_err(se)?;
            paper::keyloan(lang, site, &l, now)
        }
        Form::Handover => {
            let h = if latest {
                store.latest_handover().map_err(se)?.ok_or_else(unknown)?
            } else {
                store.handover(id).map_err(se)?
            };
            super::handover::seal_holds(&h, lang)?;
            paper::handover(lang, site, &h, now)
        }
    };
    let (body, what) = match a.format {
        PaperFormat::Text => (form.text(lang), "text"),
        PaperFormat::Html => (form.html(lang), "html"),
    };
    deliver(lang, a.out.as_deref(), body.as_bytes(), what)
}
