//! `frontdesk report daily|weekly|monthly [--date D | --month YYYY-MM]
//! [--format text|md|csv|json|xlsx] [--out FILE]`: the daily statistics
//! sheet, the weekly report and the monthly report with the complaint
//! summary 投诉数据汇总表, computed from the stored facts
//! (`Store::daily_sheet` …) and laid out by `present::report`.
//! `frontdesk report range --from D --to D`: the same sections as the
//! monthly report for any run of whole days, both days included.

use super::{output, sheet, CliError, Env};
use crate::domain::figures::Period;
use crate::domain::when::{self, Toward};
use crate::i18n::{fill, Lang};
use crate::present::report::{self, Doc, FigureWords};
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    /// 日工作统计表: one day.
    Daily,
    /// 周报表: the ISO week (Monday to Sunday) of the date.
    Weekly,
    /// 月报表 with 投诉数据汇总表: a calendar month.
    Monthly,
    /// 统计报表: any days, --from D --to D (both included); the monthly sections.
    Range,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Md,
    Csv,
    Json,
    Xlsx,
}

impl Format {
    fn code(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Md => "md",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Xlsx => "xlsx",
        }
    }
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Which report: daily (日工作统计表), weekly (周报表) or monthly (月报表 with 投诉数据汇总表).
    #[arg(value_enum)]
    pub kind: ReportKind,
    /// A day in the period (default: today): 2026-11-23, 11-23, yesterday …
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// The month of a monthly report: 2026-10.
    #[arg(long, value_name = "YYYY-MM", conflicts_with = "date")]
    pub month: Option<String>,
    /// A range's first day (included): 2026-11-01.
    #[arg(long, value_name = "DATE", conflicts_with_all = ["date", "month"])]
    pub from: Option<String>,
    /// A range's last day (included): 2026-11-15.
    #[arg(long, value_name = "DATE", conflicts_with_all = ["date", "month"])]
    pub to: Option<String>,
    /// text (80 columns, prints as is), md, csv, json (the figures) or xlsx (needs --out).
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Shorthand for --format json.
    #[arg(long)]
    pub json: bool,
    /// Write to this file instead of standard output (required for xlsx).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// CSV: start with a UTF-8 byte order mark (older Excel reads Chinese then).
    #[arg(long)]
    pub bom: bool,
}

/// `--month 2026-10`.
pub fn parse_month(lang: Lang, m: &str) -> Result<Period, CliError> {
    let bad = || CliError::Usage(fill(lang.t().show.bad_month, &[&m]));
    let d =
        NaiveDate::parse_from_str(&format!("{}-01", m.trim()), "%Y-%m-%d").map_err(|_| bad())?;
    Period::month(d.year(), d.month()).ok_or_else(bad)
}

/// `--date`: any day the time parser reads, toward the past.
pub fn parse_day(lang: Lang, s: &str, now: NaiveDateTime) -> Result<NaiveDate, CliError> {
    when::parse(s, now, Toward::Past)
        .map(|t| t.date())
        .map_err(|e| {
            CliError::Usage(fill(
                lang.t().reports.cli_bad_date,
                &[&s, &lang.when_error(e)],
            ))
        })
}

/// Bytes to `out`, or to standard output.
pub fn deliver(lang: Lang, out: Option<&Path>, bytes: &[u8], what: &str) -> Result<(), CliError> {
    match out {
        Some(path) => {
            crate::private_file::write(path, bytes).map_err(|e| {
                CliError::Failed(fill(
                    lang.t().reports.cli_write_failed,
                    &[&path.display(), &e],
                ))
            })?;
            output::note(&fill(
                lang.t().reports.cli_written,
                &[&path.display(), &what],
            ));
            Ok(())
        }
        None => output::text(&String::from_utf8_lossy(bytes)),
    }
}

pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The report as CSV bytes.
pub fn doc_csv(lang: Lang, doc: &Doc, bom: bool, to_file: bool) -> Result<Vec<u8>, CliError> {
    let mut buf = Vec::new();
    if bom {
        buf.extend_from_slice(BOM);
    }
    let mut w = csv::WriterBuilder::new()
        .terminator(if to_file {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(&mut buf);
    report::write_csv(lang, doc, &mut w).map_err(|e| CliError::Failed(e.to_string()))?;
    drop(w);
    Ok(buf)
}

pub fn run(env: &Env, a: &ReportArgs) -> Result<(), CliError> {
    let lang = env.lang;
    let now = env.clock.now();
    // Whole seconds: the report says when it was made, not a nanosecond.
    let now = now.with_nanosecond(0).unwrap_or(now);
    let format = if a.json { Format::Json } else { a.format };
    if format == Format::Xlsx && a.out.is_none() {
        return Err(CliError::Usage(fill(
            lang.t().reports.cli_needs_out,
            &[&"xlsx"],
        )));
    }
    let day = match &a.date {
        Some(s) => parse_day(lang, s, now)?,
        None => now.date(),
    };
    let t = &lang.t().reports;
    if a.kind != ReportKind::Range && (a.from.is_some() || a.to.is_some()) {
        return Err(CliError::Usage(t.cli_range_only.into()));
    }
    let period = match (a.kind, &a.month) {
        (ReportKind::Monthly, Some(m)) => parse_month(lang, m)?,
        (_, Some(_)) => {
            return Err(CliError::Usage(t.cli_month_monthly.into()));
        }
        (ReportKind::Daily, None) => Period::day(day),
        (ReportKind::Weekly, None) => Period::week_of(day),
        (ReportKind::Monthly, None) => Period::month_of(day),
        (ReportKind::Range, None) => {
            let (Some(from), Some(to)) = (&a.from, &a.to) else {
                return Err(CliError::Usage(t.cli_range_needs.into()));
            };
            let (first, last) = (parse_day(lang, from, now)?, parse_day(lang, to, now)?);
            Period::days(first, last)
                .ok_or_else(|| CliError::Usage(fill(t.cli_from_after_to, &[from, to])))?
        }
    };
    let store = env.open_read()?;
    let se = |e: crate::store::StoreError| CliError::from_store(&e, lang);
    let site = env.config.site.name.clone();
    // The figures as JSON only for `--format json`: turning a month of a
    // large site into a `serde_json::Value` (and dropping it) was a tenth
    // of the text report's time (issue 15).
    let want_json = format == Format::Json;
    let (doc, json) = match a.kind {
        ReportKind::Daily => {
            let r = store.daily_sheet(&period, now).map_err(se)?;
            (
                lang.daily_doc(&site, &r),
                want_json.then(|| serde_json::to_value(&r)),
            )
        }
        ReportKind::Weekly => {
            let r = store.weekly_report(&period, now).map_err(se)?;
            (
                lang.weekly_doc(&site, &r),
                want_json.then(|| serde_json::to_value(&r)),
            )
        }
        // A range has the monthly report's sections (its title says range).
        ReportKind::Monthly | ReportKind::Range => {
            let r = store.monthly_report(&period, now).map_err(se)?;
            (
                lang.monthly_doc(&site, &r),
                want_json.then(|| serde_json::to_value(&r)),
            )
        }
    };
    let out = a.out.as_deref();
    match format {
        Format::Json => {
            let mut v = json
                .unwrap_or(Ok(serde_json::Value::Null))
                .map_err(|e| CliError::Failed(e.to_string()))?;
            match out {
                None => output::json(&v),
                Some(_) => {
                    // The same instants as on stdout (docs/json.md).
                    output::with_offsets(&mut v);
                    let s = serde_json::to_string_pretty(&v)
                        .map_err(|e| CliError::Failed(e.to_string()))?;
                    deliver(lang, out, s.as_bytes(), format.code())
                }
            }
        }
        Format::Text => deliver(
            lang,
            out,
            report::doc_text(lang, &doc, 80).as_bytes(),
            format.code(),
        ),
        Format::Md => deliver(
            lang,
            out,
            report::doc_markdown(lang, &doc).as_bytes(),
            format.code(),
        ),
        Format::Csv => {
            let bytes = doc_csv(lang, &doc, a.bom, out.is_some())?;
            deliver(lang, out, &bytes, format.code())
        }
        Format::Xlsx => {
            let bytes =
                sheet::doc_workbook(lang, &doc).map_err(|e| CliError::Failed(e.to_string()))?;
            deliver(lang, out, &bytes, format.code())
        }
    }
}
