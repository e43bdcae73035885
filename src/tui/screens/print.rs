//! `p` on the board, the keys screen and the shift screen: the selected
//! record's paper form (`present::paper`, the builders `frontdesk print`
//! uses) written to a file in `[print] dir`, and the status bar says where.
//!
//! The forms hold names and phone numbers (the work order the technician's
//! phone in full), so each file is made readable by its owner only (0600)
//! and a directory made here is 0700. A file is written beside its final
//! name and renamed into place, so a half-written form is never left under
//! that name; printing the same record again replaces its file with the
//! record as it stands now. Printing is a read: nothing is written to the
//! database (the CLI's `print` asks no PIN either).

use super::Ctx;
use crate::config::PrintFormat;
use crate::i18n::{fill, Lang};
use crate::present::paper::Paper;
use std::path::{Path, PathBuf};

/// `workorder-WX20261123-0001`: the form's code and its number, with
/// anything but letters, digits, `-` and `_` made `_` (a number is stored
/// text and must not name another directory).
pub fn file_stem(form: &str, number: &str) -> String {
    let clean: String = number
        .trim()
        .trim_start_matches('#')
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{form}-{clean}")
}

/// Write `paper` into `dir` as `stem.html` and/or `stem.txt`; the paths
/// written, the first one the one to name. An error names the path.
pub fn write(
    paper: &Paper,
    lang: Lang,
    dir: &Path,
    format: PrintFormat,
    stem: &str,
) -> Result<Vec<PathBuf>, (PathBuf, std::io::Error)> {
    if !dir.as_os_str().is_empty() && !dir.is_dir() {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| (dir.to_path_buf(), e))?;
    }
    let mut parts: Vec<(&str, String)> = Vec::new();
    if matches!(format, PrintFormat::Html | PrintFormat::Both) {
        parts.push(("html", paper.html(lang)));
    }
    if matches!(format, PrintFormat::Text | PrintFormat::Both) {
        parts.push(("txt", paper.text(lang)));
    }
    let mut written = Vec::new();
    for (ext, body) in parts {
        let path = dir.join(format!("{stem}.{ext}"));
        crate::private_file::write(&path, body.as_bytes()).map_err(|e| (path.clone(), e))?;
        written.push(path);
    }
    Ok(written)
}

/// The full path, as the status bar says it (relative paths made absolute,
/// so the operator can find the file from anywhere).
fn shown(p: &Path) -> String {
    std::path::absolute(p)
        .unwrap_or_else(|_| p.to_path_buf())
        .display()
        .to_string()
}

/// Write the form and say where in the status bar; a failure says why there,
/// and nothing else changes.
pub fn out(ctx: &mut Ctx, paper: &Paper, form: &str, number: &str) {
    let p = &ctx.lang.t().paper;
    let stem = file_stem(form, number);
    let (dir, format) = (&ctx.settings.print_dir, ctx.settings.print_format);
    match write(paper, ctx.lang, dir, format, &stem) {
        Ok(paths) => {
            let mut msg = fill(p.tui_written, &[&shown(&paths[0])]);
            if paths.len() > 1 {
                msg.push_str(p.tui_also_text);
            }
            ctx.ok(msg);
        }
        Err((path, e)) => ctx.error(fill(p.tui_write_failed, &[&shown(&path), &e])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_number_cannot_name_another_directory() {
        assert_eq!(
            file_stem("workorder", "WX-2026-0001"),
            "workorder-WX-2026-0001"
        );
        assert_eq!(file_stem("handover", "#12"), "handover-12");
        assert_eq!(
            file_stem("workorder", "../../etc/x"),
            "workorder-______etc_x"
        );
        assert_eq!(file_stem("keyloan", "工单 1"), "keyloan-___1");
    }
}
