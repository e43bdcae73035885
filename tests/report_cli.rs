//! `frontdesk report …` and `frontdesk export …` through the real binary on a
//! temp demo database: the printable text fits 80 columns, the monthly CSV
//! holds the complaint summary, tricky Chinese text survives a CSV round
//! trip, the workbook reads back with calamine (typed cells, masked phones),
//! and an unmasked export is for supervisors only and lands in the audit.

use calamine::{open_workbook, Data, Reader, Xlsx};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const NOW: &str = "2026-11-23 10:00:00";

struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn db(&self) -> PathBuf {
        self.dir.path().join("t.db")
    }
    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn run_stdin(&self, args: &[&str], input: &str) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_frontdesk"))
            .env("FRONTDESK_NOW", NOW)
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .arg("--db")
            .arg(self.db())
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let _ = child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes());
        child.wait_with_output().expect("wait")
    }
    fn run(&self, args: &[&str]) -> Output {
        self.run_stdin(args, "1234\n")
    }
    fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    }
}

fn demo() -> Site {
    let site = Site {
        dir: tempfile::tempdir().expect("tempdir"),
    };
    site.ok(&["init", "--demo"]);
    site
}

#[test]
fn reports_print_in_80_columns_and_as_csv() {
    let site = demo();
    let daily = site.ok(&["report", "daily"]);
    assert!(daily.contains("日工作统计表 2026-11-23"), "{daily}");
    for section in ["■ 工单统计", "■ 及时率", "■ 回访", "■ 钥匙", "■ 紧急事件"]
    {
        assert!(daily.contains(section), "{section}");
    }
    for line in daily.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 80,
            "wider than 80: {line}"
        );
    }
    let weekly = site.ok(&["--lang", "en", "report", "weekly", "--date", "2026-11-18"]);
    assert!(weekly.contains("weekly report 2026-W47"), "{weekly}");

    let monthly = site.ok(&["report", "monthly", "--month", "2026-11", "--format", "csv"]);
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(monthly.as_bytes());
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|x| x.expect("csv").iter().map(String::from).collect())
        .collect();
    assert!(rows[0][0].contains("2026年11月"), "{:?}", rows[0]);
    let at = rows
        .iter()
        .position(|r| r[0] == "投诉数据汇总表 · 按类别")
        .expect("complaint summary");
    assert_eq!(rows[at + 1][0], "项目");
    assert_eq!(rows[at + 1][1], "合计");
    assert_eq!(rows[at + 2][0], "投诉登记");

    // --month is the monthly report's; a bad month is bad input.
    assert_eq!(
        site.run(&["report", "daily", "--month", "2026-11"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        site.run(&["report", "monthly", "--month", "2026-13"])
            .status
            .code(),
        Some(2)
    );
    // A workbook needs a file.
    assert_eq!(
        site.run(&["report", "daily", "--format", "xlsx"])
            .status
            .code(),
        Some(2)
    );
    let json: serde_json::Value =
        serde_json::from_str(&site.ok(&["report", "monthly", "--json"])).expect("json");
    assert!(json.get("complaints").is_some());
    // Instants with the site's offset, as docs/json.md says (the period's
    // bounds too: chrono would print them without one).
    assert_eq!(json["period"]["from"], "2026-11-01T00:00:00+08:00");
    assert_eq!(json["period"]["to"], "2026-12-01T00:00:00+08:00");
    assert_eq!(json["as_of"], "2026-11-23T10:00:00+08:00");
}

#[test]
fn csv_export_round_trips_tricky_chinese_text() {
    let site = demo();
    let tricky = "厨房水龙头漏水，\"很急\"，楼下,已经渗水";
    site.ok(&[
        "--operator",
        "张敏",
        "ticket",
        "new",
        "--unit",
        "3-2-1201",
        "--text",
        tricky,
    ]);
    let out = site.file("t.csv");
    site.ok(&[
        "export",
        "tickets",
        "--from",
        "2026-11-23",
        "--to",
        "2026-11-23",
        "--out",
        out.to_str().unwrap(),
        "--bom",
    ]);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{mode:o}");
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM first");
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let headers = r.headers().unwrap().clone();
    let col = |n: &str| headers.iter().position(|h| h == n).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let mine = rows
        .iter()
        .find(|r| &r[col("description")] == tricky)
        .expect("the ticket, its text unchanged");
    // Phones masked by default.
    assert!(
        mine[col("phone")].contains("****"),
        "{:?}",
        &mine[col("phone")]
    );
    assert!(mine[col("created_at")].starts_with("2026-11-23 10:00"));
}

#[test]
fn xlsx_export_reads_back_typed_and_masked() {
    let site = demo();
    let out = site.file("k.xlsx");
    site.ok(&[
        "export",
        "keys",
        "--format",
        "xlsx",
        "--out",
        out.to_str().unwrap(),
    ]);
    // Residents' names and phones: private to the owner, whatever the umask.
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{mode:o}");
    let mut book: Xlsx<_> = open_workbook(&out).expect("open");
    let range = book.worksheet_range("keys").expect("sheet");
    let rows: Vec<&[Data]> = range.rows().collect();
    let headers: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    let col = |n: &str| headers.iter().position(|h| h == n).unwrap();
    assert!(rows.len() > 3);
    for r in &rows[1..] {
        assert!(matches!(r[col("id")], Data::Float(_)), "{:?}", r[col("id")]);
        assert!(
            matches!(r[col("lent_at")], Data::DateTime(_)),
            "{:?}",
            r[col("lent_at")]
        );
        let phone = r[col("borrower_phone")].to_string();
        assert!(phone.is_empty() || phone.contains('*'), "{phone}");
        let id_no = r[col("borrower_id_no")].to_string();
        assert!(id_no.is_empty() || id_no.contains('*'), "{id_no}");
    }
}

#[test]
fn unmasked_export_is_for_supervisors_and_audited() {
    let site = demo();
    // An operator is refused, and nothing is exported.
    let o = site.run(&["--operator", "张敏", "export", "keys", "--unmasked"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.stdout.is_empty());
    // A supervisor with their PIN gets the numbers in full; the audit says so.
    let text = site.ok(&[
        "--operator",
        "陈静",
        "export",
        "keys",
        "--unmasked",
        "--format",
        "json",
    ]);
    let rows: serde_json::Value = serde_json::from_str(&text).expect("json");
    let full = rows
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["borrower_phone"].as_str())
        .any(|p| p.len() == 11 && !p.contains('*'));
    assert!(full, "{text}");
    let c = rusqlite::Connection::open(site.db()).unwrap();
    let (n, what, rows_logged): (i64, String, i64) = c
        .query_row(
            "SELECT count(*), max(what), max(rows) FROM export_audit",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((n, what.as_str()), (1, "keys"));
    assert_eq!(rows_logged as usize, rows.as_array().unwrap().len());
    // The audit row is chained like the other records: the check is clean.
    site.ok(&["check"]);
}

/// `report range --from D --to D`: the monthly sections for any run of whole
/// days (both included), in every format; instants in JSON carry the site's
/// offset (docs/json.md); a range the wrong way round or half given is bad
/// input, and the other reports refuse --from/--to.
#[test]
fn a_custom_range_in_every_format() {
    let site = demo();
    let range = [
        "report",
        "range",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-15",
    ];
    let text = site.ok(&range);
    assert!(text.contains("统计报表 2026-11-01 至 2026-11-15"), "{text}");
    assert!(text.contains("■ 工单统计"), "{text}");
    for line in text.lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 80, "{line}");
    }
    let md = site.ok(&[&range[..], &["--format", "md"]].concat());
    assert!(md.contains("2026-11-01 至 2026-11-15"), "{md}");
    assert!(md.contains('|'), "{md}");
    let csv = site.ok(&[&range[..], &["--format", "csv"]].concat());
    assert!(csv.contains("2026-11-01 至 2026-11-15"), "{csv}");
    let json: serde_json::Value =
        serde_json::from_str(&site.ok(&[&range[..], &["--json"]].concat())).expect("json");
    assert_eq!(json["period"]["span"], "range");
    assert_eq!(json["period"]["from"], "2026-11-01T00:00:00+08:00");
    // The first instant after the range: midnight after the last day.
    assert_eq!(json["period"]["to"], "2026-11-16T00:00:00+08:00");
    assert_eq!(json["as_of"], "2026-11-23T10:00:00+08:00");
    assert!(json.get("complaints").is_some());
    for item in json["unfinished"].as_array().expect("unfinished") {
        let at = item["created_at"].as_str().expect("created_at");
        assert!(at.ends_with("+08:00") && at.contains('T'), "{at}");
    }
    // The same JSON into a file.
    let out = site.file("range.json");
    site.ok(&[
        &range[..],
        &["--format", "json", "--out", out.to_str().unwrap()],
    ]
    .concat());
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).expect("json file");
    assert_eq!(file["period"]["from"], "2026-11-01T00:00:00+08:00");
    assert_eq!(file["as_of"], json["as_of"]);
    // A workbook.
    let xlsx = site.file("range.xlsx");
    site.ok(&[
        &range[..],
        &["--format", "xlsx", "--out", xlsx.to_str().unwrap()],
    ]
    .concat());
    let mut book: Xlsx<_> = open_workbook(&xlsx).expect("open");
    let names = book.sheet_names();
    assert!(!names.is_empty());
    let first = book.worksheet_range(&names[0]).expect("sheet");
    let cells: Vec<String> = first.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(
        cells.iter().any(|c| c.contains("2026-11-01 至 2026-11-15")),
        "{cells:?}"
    );
    // One day is a range too; the wrong way round, half a range, or
    // --from on another report is bad input.
    site.ok(&[
        "report",
        "range",
        "--from",
        "2026-11-23",
        "--to",
        "2026-11-23",
    ]);
    for bad in [
        &[
            "report",
            "range",
            "--from",
            "2026-11-15",
            "--to",
            "2026-11-01",
        ][..],
        &["report", "range", "--from", "2026-11-01"],
        &["report", "range"],
        &["report", "daily", "--from", "2026-11-01"],
        &[
            "report",
            "range",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-15",
            "--month",
            "2026-11",
        ],
        &["report", "range", "--from", "11月", "--to", "2026-11-15"],
    ] {
        let o = site.run(bad);
        assert_eq!(o.status.code(), Some(2), "{bad:?}");
        assert!(o.stdout.is_empty(), "{bad:?}");
    }
    let o = site.run(&[
        "report",
        "range",
        "--from",
        "2026-11-15",
        "--to",
        "2026-11-01",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("2026-11-15") && err.contains("2026-11-01"),
        "{err}"
    );
    // The other reports are as they were.
    assert!(site.ok(&["report", "weekly"]).contains("周报表"));
}

/// `export --format json`: every stored time is ISO 8601 with the site's
/// offset; free text stays as typed.
#[test]
fn export_json_instants_carry_the_offset() {
    let site = demo();
    let text = site.ok(&["export", "tickets", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&text).expect("json");
    let rows = rows.as_array().expect("rows");
    assert!(!rows.is_empty());
    for r in rows {
        let at = r["created_at"].as_str().expect("created_at");
        assert!(
            at.len() == 25 && at.as_bytes()[10] == b'T' && at.ends_with("+08:00"),
            "{at}"
        );
    }
}
