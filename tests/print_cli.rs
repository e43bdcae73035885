//! `frontdesk print workorder|emergency|keyloan|handover ID`: each paper
//! form through the real binary on a temp demo database, as 80-column text
//! (display width, CJK counted as two) with its number, unit or subject and
//! signature lines, and as an A4 HTML page with stored text escaped.
//! A read: no PIN; an unknown number is bad input (exit 2).

mod common;

use common::pty;
use std::path::Path;
use unicode_width::UnicodeWidthStr;

const NOW: &str = "2026-11-23 10:00";

struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new() -> Site {
        let dir = tempfile::tempdir().expect("tempdir");
        let site = Site { dir };
        let db = site.db();
        let (code, _, err) = pty::cli_in(site.home(), &["init", "--db", &db, "--demo"], NOW, None);
        assert_eq!(code, 0, "{err}");
        site
    }
    fn home(&self) -> &Path {
        self.dir.path()
    }
    fn db(&self) -> String {
        self.dir.path().join("t.db").display().to_string()
    }
    /// (code, stdout, stderr); no operator and no stdin: printing is a read.
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let db = self.db();
        let mut all = vec!["--db", &db];
        all.extend_from_slice(args);
        pty::cli_in(self.home(), &all, NOW, None)
    }
    fn as_op(&self, args: &[&str], stdin: &str) -> (i32, String, String) {
        let db = self.db();
        let mut all = vec!["--db", &db, "--operator", "张敏"];
        all.extend_from_slice(args);
        pty::cli_in(self.home(), &all, NOW, Some(stdin))
    }
    fn print(&self, form: &str, id: &str, format: &str) -> String {
        let (code, out, err) = self.run(&["print", form, id, "--format", format]);
        assert_eq!(code, 0, "print {form} {id}: {err}");
        out
    }
    /// The first ticket of a kind (`ticket list --json`).
    fn first(&self, kind: &str) -> i64 {
        let (code, out, err) = self.run(&["ticket", "list", "--all", "--kind", kind, "--json"]);
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).expect("json");
        let rows = v.as_array().cloned().unwrap_or_default();
        rows.iter()
            .filter_map(|r| r["id"].as_i64())
            .next()
            .unwrap_or_else(|| panic!("no {kind}: {out}"))
    }
}

/// Every line fits 80 columns by display width.
fn fits(text: &str) {
    assert!(!text.is_empty());
    for line in text.lines() {
        assert!(
            UnicodeWidthStr::width(line) <= 80,
            "{} cells: {line}",
            UnicodeWidthStr::width(line)
        );
    }
}

fn html_ok(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains("@page { size: A4"), "{html}");
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("src=") && !html.contains("href="), "{html}");
}

#[test]
fn work_order_text_and_html() {
    let site = Site::new();
    let (code, out, err) = site.as_op(
        &[
            "ticket",
            "new",
            "--unit",
            "3-2-1201",
            "--text",
            "厨房水龙头漏水<script>alert(1)</script> & \"引号\"",
            "--phone",
            "13812345678",
            "--json",
        ],
        "1234\n",
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let id = v["id"].as_i64().expect("id").to_string();

    let text = site.print("workorder", &id, "text");
    fits(&text);
    assert!(text.contains("工 程 维 修 单"), "{text}");
    assert!(text.contains(&format!("编号：#{id}")), "{text}");
    assert!(text.contains("房号：3-2-1201"), "{text}");
    assert!(text.contains("厨房水龙头漏水"), "{text}");
    // The technician dials the resident: the phone in full on this form.
    assert!(text.contains("13812345678"), "{text}");
    assert!(text.contains("维修人员签字：____"), "{text}");
    assert!(text.contains("日期：____-__-__"), "{text}");

    let html = site.print("workorder", &id, "html");
    html_ok(&html);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;引号&quot;"));
    assert!(html.contains("3-2-1201"));
    assert!(html.contains("维修人员签字"));
}

#[test]
fn work_order_to_a_file_says_where() {
    let site = Site::new();
    let out = site.home().join("wo.html");
    let path = out.display().to_string();
    let (code, stdout, err) = site.run(&[
        "print",
        "workorder",
        "1",
        "--format",
        "html",
        "--out",
        &path,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(err.contains(&path), "{err}");
    let html = std::fs::read_to_string(&out).expect("written");
    html_ok(&html);
}

#[test]
fn emergency_record_masks_the_phone() {
    let site = Site::new();
    let id = site.first("emergency").to_string();
    let text = site.print("emergency", &id, "text");
    fits(&text);
    assert!(text.contains("紧急情况处理登记表"), "{text}");
    assert!(text.contains(&format!("编号：#{id}")), "{text}");
    assert!(text.contains("主管签字：____"), "{text}");
    assert!(text.contains("****"), "phone masked: {text}");
    html_ok(&site.print("emergency", &id, "html"));
    // Only an emergency has the record.
    let repair = site.first("repair").to_string();
    let (code, _, err) = site.run(&["print", "emergency", &repair]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn key_loan_receipt() {
    let site = Site::new();
    let text = site.print("keyloan", "1", "text");
    fits(&text);
    assert!(text.contains("钥 匙 借 用 单"), "{text}");
    assert!(text.contains("编号：#1"), "{text}");
    assert!(text.contains("借用人签字：____"), "{text}");
    assert!(
        !text
            .chars()
            .collect::<Vec<_>>()
            .windows(11)
            .any(|w| w.iter().all(|c| c.is_ascii_digit())),
        "no full phone: {text}"
    );
    html_ok(&site.print("keyloan", "1", "html"));
}

#[test]
fn sealed_handover() {
    let site = Site::new();
    let text = site.print("handover", "latest", "text");
    fits(&text);
    assert!(text.contains("交 接 班 记 录"), "{text}");
    assert!(text.contains("编号：#"), "{text}");
    assert!(text.contains("接班人签字：____"), "{text}");
    let html = site.print("handover", "1", "html");
    html_ok(&html);
    assert!(html.contains("<pre>"), "{html}");
}

#[test]
fn english_forms_fit_too() {
    let site = Site::new();
    for (form, id) in [("workorder", "1"), ("keyloan", "1"), ("handover", "1")] {
        let (code, out, err) = site.run(&["--lang", "en", "print", form, id]);
        assert_eq!(code, 0, "{err}");
        fits(&out);
        assert!(out.contains("No.: #"), "{out}");
        assert!(out.contains("Date: ____-__-__"), "{out}");
    }
}

#[test]
fn unknown_numbers_are_bad_input() {
    let site = Site::new();
    for (form, id) in [
        ("workorder", "99999"),
        ("emergency", "99999"),
        ("keyloan", "99999"),
        ("handover", "99999"),
        ("workorder", "abc"),
    ] {
        let (code, out, err) = site.run(&["print", form, id]);
        assert_eq!(code, 2, "{form} {id}: {out} {err}");
        assert!(out.is_empty(), "{out}");
        assert!(err.contains(id), "{err}");
    }
}

/// A handover whose text was changed after signing is refused (exit 1, the
/// reason on stderr, nothing printed), as `handover show` counts it a failure.
#[test]
fn a_broken_seal_is_not_printed() {
    let site = Site::new();
    let id: i64 = {
        let c = rusqlite::Connection::open(site.db()).expect("open");
        let id = c
            .query_row(
                "SELECT id FROM handovers WHERE acknowledged_at IS NOT NULL ORDER BY id LIMIT 1",
                [],
                |r| r.get(0),
            )
            .expect("a sealed handover");
        c.execute_batch("DROP TRIGGER handovers_content_fixed;")
            .expect("drop trigger");
        // The text is stored packed (migration 0013).
        let packed: Vec<u8> = c
            .query_row("SELECT content_z FROM handovers WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .expect("packed text");
        let text = frontdesk::store::pack::inflate_text(&packed).expect("text");
        c.execute(
            "UPDATE handovers SET content_z = ?2 WHERE id = ?1",
            rusqlite::params![id, frontdesk::store::pack::deflate(&format!("{text} "))],
        )
        .expect("tamper");
        id
    };
    let (show, _, _) = site.run(&["handover", "show", &id.to_string()]);
    assert_eq!(show, 1, "handover show refuses it");
    for format in ["text", "html"] {
        let (code, out, err) =
            site.run(&["print", "handover", &id.to_string(), "--format", format]);
        assert_eq!(code, 1, "{out} {err}");
        assert!(out.is_empty(), "{out}");
        assert!(err.contains(&format!("#{id}")), "{err}");
        assert!(err.contains("哈希不符"), "{err}");
    }
}
