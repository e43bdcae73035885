//! A report as Markdown.

use super::{cell_text, Doc};
use crate::i18n::Lang;
use std::fmt::Write as _;

/// `|` and line breaks would break a Markdown table cell.
fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// The report as Markdown: a heading and a table per section.
pub fn doc_markdown(lang: Lang, doc: &Doc) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n\n{}", md_cell(&doc.title), md_cell(&doc.subtitle));
    for tb in &doc.tables {
        let _ = writeln!(s, "\n## {}\n", md_cell(&tb.title));
        if tb.rows.is_empty() {
            let _ = writeln!(s, "{}", md_cell(&tb.empty));
        } else {
            let grouped = tb.rows.iter().any(|r| !r.group.is_empty());
            let mut headers: Vec<String> = Vec::new();
            if grouped {
                headers.push(tb.group_header.clone().unwrap_or_default());
            }
            headers.extend(tb.headers.iter().cloned());
            let _ = writeln!(
                s,
                "| {} |",
                headers
                    .iter()
                    .map(|h| md_cell(h))
                    .collect::<Vec<_>>()
                    .join(" | ")
            );
            let _ = writeln!(
                s,
                "|{}|",
                headers
                    .iter()
                    .enumerate()
                    .map(|(i, _)| if i == 0 { "---" } else { "--:" })
                    .collect::<Vec<_>>()
                    .join("|")
            );
            for r in &tb.rows {
                let mut cells: Vec<String> = Vec::new();
                if grouped {
                    cells.push(md_cell(&r.group));
                }
                cells.extend(r.cells.iter().map(|c| md_cell(&cell_text(lang, c, false))));
                let _ = writeln!(s, "| {} |", cells.join(" | "));
            }
        }
        for n in &tb.notes {
            let _ = writeln!(s, "\n{}", md_cell(n));
        }
    }
    s
}
