//! `frontdesk export tickets|callbacks|keys|log|handovers [--from D] [--to D]
//! --format csv|xlsx|json [--out FILE]`: one row per record with every
//! field, streamed. CSV opens in Excel (quoted as needed, `--bom` for older
//! Excel, formula-like text defused); the workbook has typed columns and a
//! frozen header. Phones and ID numbers are masked unless `--unmasked` is
//! asked by an authenticated supervisor or manager; that export is written to
//! the audit (`export_audit`) before its first row.

use super::report::{parse_day, BOM};
use super::{output, sheet, CliError, Env};
use crate::domain::mask;
use crate::i18n::fill;
use crate::present::report::{defuse, Cell};
use crate::store::export::{columns, Column, ColumnKind, ExportWhat, Value};
use crate::store::StoreError;
use chrono::{Duration, NaiveDateTime};
use clap::{Args, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Tickets,
    Callbacks,
    Keys,
    Log,
    Handovers,
}

impl From<What> for ExportWhat {
    fn from(w: What) -> ExportWhat {
        match w {
            What::Tickets => ExportWhat::Tickets,
            What::Callbacks => ExportWhat::Callbacks,
            What::Keys => ExportWhat::Keys,
            What::Log => ExportWhat::Log,
            What::Handovers => ExportWhat::Handovers,
        }
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
    Json,
}

impl Format {
    fn code(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Json => "json",
        }
    }
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// What to export: tickets, callbacks, keys (loans), log (duty log) or handovers.
    #[arg(value_enum)]
    pub what: What,
    /// First day (inclusive): 2026-11-01.
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day (inclusive).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// csv (for Excel), xlsx (needs --out) or json.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: Format,
    /// Write to this file instead of standard output (required for xlsx).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// CSV: start with a UTF-8 byte order mark (older Excel reads Chinese then).
    #[arg(long)]
    pub bom: bool,
    /// Phones and ID numbers in full: a supervisor or manager, who proves
    /// who they are (PIN), and the export is recorded in the audit.
    #[arg(long)]
    pub unmasked: bool,
}

/// A stored value as a typed cell; phones and ID numbers masked unless `full`.
fn cell(v: Value, kind: ColumnKind, full: bool) -> Cell {
    match v {
        Value::Null => Cell::Empty,
        Value::Int(n) => Cell::Int(n),
        Value::Real(x) => Cell::Text(x.to_string()),
        Value::Time(t) => Cell::Time(t),
        Value::Text(s) => Cell::Text(match kind {
            ColumnKind::Phone if !full => mask::phone(&s),
            ColumnKind::IdNumber if !full => mask::id_number(&s),
            _ => s,
        }),
    }
}

fn csv_text(c: &Cell) -> String {
    match c {
        Cell::Empty => String::new(),
        Cell::Int(n) => n.to_string(),
        Cell::Time(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
        Cell::Text(s) => defuse(s).into_owned(),
        other => format!("{other:?}"),
    }
}

fn json_value(c: &Cell) -> serde_json::Value {
    match c {
        Cell::Empty => serde_json::Value::Null,
        Cell::Int(n) => (*n).into(),
        Cell::Time(t) => t.format("%Y-%m-%d %H:%M:%S").to_string().into(),
        Cell::Text(s) => s.clone().into(),
        other => format!("{other:?}").into(),
    }
}

/// Where rows go: a file, or standard output through the output helper.
enum Sink {
    File(std::io::BufWriter<std::fs::File>, PathBuf),
    Stdout,
}

impl Sink {
    fn put(&mut self, s: &str) -> Result<(), StoreError> {
        match self {
            Sink::File(f, path) => f.write_all(s.as_bytes()).map_err(|e| StoreError::File {
                path: path.clone(),
                source: e,
            }),
            Sink::Stdout => output::text(s).map_err(|e| match e {
                // A reader that went away ends the export quietly.
                CliError::Closed => StoreError::File {
                    path: "-".into(),
                    source: std::io::Error::from(std::io::ErrorKind::BrokenPipe),
                },
                other => StoreError::File {
                    path: "-".into(),
                    source: std::io::Error::other(format!("{other:?}")),
                },
            }),
        }
    }
    fn finish(self) -> Result<(), StoreError> {
        if let Sink::File(mut f, path) = self {
            f.flush()
                .map_err(|e| StoreError::File { path, source: e })?;
        }
        Ok(())
    }
}

/// `\r导出 1000/52340` on a terminal's stderr, every 1000 rows.
struct Progress {
    on: bool,
    total: u64,
    label: &'static str,
}

impl Progress {
    fn tick(&self, n: u64) {
        if self.on && n.is_multiple_of(1000) {
            let mut e = std::io::stderr().lock();
            let _ = write!(e, "\r{}", fill(self.label, &[&n, &self.total]));
            let _ = e.flush();
        }
    }
    fn done(&self, n: u64) {
        if self.on {
            let mut e = std::io::stderr().lock();
            let _ = writeln!(e, "\r{}", fill(self.label, &[&n, &self.total]));
        }
    }
}

fn csv_line(cells: &[String], to_file: bool) -> Result<String, CliError> {
    let mut w = csv::WriterBuilder::new()
        .terminator(if to_file {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(Vec::new());
    w.write_record(cells)
        .map_err(|e| CliError::Failed(e.to_string()))?;
    let bytes = w
        .into_inner()
        .map_err(|e| CliError::Failed(e.to_string()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

pub fn run(env: &Env, a: &ExportArgs) -> Result<(), CliError> {
    let lang = env.lang;
    let t = &lang.t().reports;
    let now = env.clock.now();
    let what: ExportWhat = a.what.into();
    if a.format == Format::Xlsx && a.out.is_none() {
        return Err(CliError::Usage(fill(t.cli_needs_out, &[&"xlsx"])));
    }
    let day = |s: &Option<String>| -> Result<Option<NaiveDateTime>, CliError> {
        s.as_deref()
            .map(|s| parse_day(lang, s, now).map(|d| d.and_time(chrono::NaiveTime::MIN)))
            .transpose()
    };
    let from = day(&a.from)?;
    // The last day is included: up to the next midnight.
    let to = day(&a.to)?.map(|d| d + Duration::days(1));
    if let (Some(f), Some(t2)) = (from, to) {
        if f >= t2 {
            return Err(CliError::Usage(fill(
                t.cli_from_after_to,
                &[
                    &a.from.clone().unwrap_or_default(),
                    &a.to.clone().unwrap_or_default(),
                ],
            )));
        }
    }
    let mut store = env.open()?;
    let se = |e: StoreError| CliError::from_store(&e, lang);
    let total = store.export_count(what, from, to).map_err(se)?;
    let target = a
        .out
        .as_ref()
        .map_or("-".to_string(), |p| p.display().to_string());
    if a.unmasked {
        let me = env.actor(&store)?;
        let no = store
            .record_export(
                &me,
                what,
                a.format.code(),
                (
                    from.map(|d| d.format("%Y-%m-%d").to_string()).as_deref(),
                    to.map(|d| (d - Duration::days(1)).format("%Y-%m-%d").to_string())
                        .as_deref(),
                ),
                total,
                &target,
                now,
            )
            .map_err(se)?;
        output::note(&fill(t.cli_unmasked_logged, &[&no]));
    }
    let cols: Vec<Column> = columns(what);
    let headers: Vec<String> = cols.iter().map(|c| c.name.to_string()).collect();
    let full = a.unmasked;
    let progress = Progress {
        on: a.out.is_some() && std::io::stderr().is_terminal(),
        total,
        label: t.cli_progress,
    };
    let n = match a.format {
        Format::Xlsx => {
            let path = a.out.clone().unwrap_or_default();
            let mut book = rust_xlsxwriter::Workbook::new();
            let f = sheet::Formats::new();
            // Constant memory: each row goes to a temp file once the next
            // one starts (rows come in order), so a million-row export does
            // not hold the sheet in memory; the file is written from there.
            let xe = |e: rust_xlsxwriter::XlsxError| CliError::Failed(e.to_string());
            let ws = book.add_worksheet_with_constant_memory().map_err(xe)?;
            ws.set_name(what.code()).map_err(xe)?;
            sheet::write_header(ws, &f, &headers).map_err(xe)?;
            let mut row = 0u32;
            let mut failed = None;
            let n = store
                .export_rows(what, from, to, |vals| {
                    row += 1;
                    for (i, (v, c)) in vals.into_iter().zip(&cols).enumerate() {
                        if let Err(e) =
                            sheet::write_cell(ws, &f, lang, row, i as u16, &cell(v, c.kind, full))
                        {
                            failed.get_or_insert(e);
                        }
                    }
                    progress.tick(u64::from(row));
                    Ok(())
                })
                .map_err(se)?;
            if let Some(e) = failed {
                return Err(xe(e));
            }
            progress.done(n);
            // Saved through a file made private first: the sheet holds
            // residents' names and (masked or not) their phones.
            let wf = |e: &dyn std::fmt::Display| {
                CliError::Failed(fill(t.cli_write_failed, &[&path.display(), e]))
            };
            let file = crate::private_file::create(&path).map_err(|e| wf(&e))?;
            book.save_to_writer(std::io::BufWriter::new(file))
                .map_err(|e| wf(&e))?;
            output::note(&fill(
                t.cli_written,
                &[&path.display(), &fill(t.cli_rows, &[&n])],
            ));
            return Ok(());
        }
        Format::Csv | Format::Json => {
            let mut sink = match &a.out {
                Some(p) => Sink::File(
                    std::io::BufWriter::new(crate::private_file::create(p).map_err(|e| {
                        CliError::Failed(fill(t.cli_write_failed, &[&p.display(), &e]))
                    })?),
                    p.clone(),
                ),
                None => Sink::Stdout,
            };
            let to_file = a.out.is_some();
            let csv = a.format == Format::Csv;
            if csv {
                let mut head = String::new();
                if a.bom {
                    head.push_str(std::str::from_utf8(BOM).unwrap_or_default());
                }
                head.push_str(&csv_line(&headers, to_file)?);
                sink.put(&head).map_err(se)?;
            } else {
                sink.put("[").map_err(se)?;
            }
            let mut i = 0u64;
            let r = store.export_rows(what, from, to, |vals| {
                let cells: Vec<Cell> = vals
                    .into_iter()
                    .zip(&cols)
                    .map(|(v, c)| cell(v, c.kind, full))
                    .collect();
                let line = if csv {
                    let texts: Vec<String> = cells.iter().map(csv_text).collect();
                    csv_line(&texts, to_file).map_err(|e| StoreError::File {
                        path: "-".into(),
                        source: std::io::Error::other(format!("{e:?}")),
                    })?
                } else {
                    let obj: serde_json::Map<String, serde_json::Value> = headers
                        .iter()
                        .cloned()
                        .zip(cells.iter().map(json_value))
                        .collect();
                    let mut row = serde_json::Value::Object(obj);
                    // Instants with the site's offset (docs/json.md), the
                    // free-text columns as typed.
                    output::with_offsets(&mut row);
                    format!("{}\n  {}", if i == 0 { "" } else { "," }, row)
                };
                i += 1;
                progress.tick(i);
                sink.put(&line)
            });
            let n = match r {
                Ok(n) => n,
                Err(StoreError::File { path, source })
                    if path.as_os_str() == "-"
                        && source.kind() == std::io::ErrorKind::BrokenPipe =>
                {
                    return Err(CliError::Closed);
                }
                Err(e) => return Err(se(e)),
            };
            if !csv {
                sink.put("\n]\n").map_err(se)?;
            }
            sink.finish().map_err(se)?;
            n
        }
    };
    progress.done(n);
    if let Some(p) = &a.out {
        output::note(&fill(
            t.cli_written,
            &[&p.display(), &fill(t.cli_rows, &[&n])],
        ));
    }
    Ok(())
}
