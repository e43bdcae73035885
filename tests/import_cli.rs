//! `frontdesk import units|households` through the real binary on a database
//! made by `frontdesk init`: summaries, problems by row and column in both
//! languages with exit 2 and nothing written, the dry run, re-import, the
//! older-then-newer list, JSON, and the exit codes around them.

use frontdesk::domain::Role;
use frontdesk::store::Store;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Site {
    dir: tempfile::TempDir,
}

const NOW: &str = "2025-03-01 10:00";

impl Site {
    /// `frontdesk init`, then the desk staff (as an administrator would add them).
    fn new() -> Site {
        let site = Site {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        // The first manager, as `init` asks for one: a name, then a PIN.
        let out = site.run_with(&["init"], "刘强\n8642\n");
        assert!(out.status.success(), "{}", stderr(&out));
        let mut store = Store::open(&site.db(), frontdesk::domain::time::DEFAULT_ZONE).unwrap();
        store
            .add_staff("张敏", Role::Operator, None, Some("1234"))
            .unwrap();
        store
            .add_department("engineering", "工程部", "Engineering")
            .unwrap();
        store
            .add_staff("赵建军", Role::Technician, Some("engineering"), None)
            .unwrap();
        site
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("site.db")
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_with(args, "")
    }

    /// Run with `stdin` (a PIN, as the CLI reads it when not at a terminal).
    fn run_with(&self, args: &[&str], stdin: &str) -> Output {
        use std::io::Write;
        let mut child = Command::new(env!("CARGO_BIN_EXE_frontdesk"))
            .env("FRONTDESK_NOW", NOW)
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("FRONTDESK_DB")
            .env_remove("FRONTDESK_CONFIG")
            .arg("--db")
            .arg(self.db())
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run frontdesk");
        if let Some(mut i) = child.stdin.take() {
            // A command that needs no stdin may end before reading it.
            let _ = i.write_all(stdin.as_bytes());
        }
        child.wait_with_output().expect("frontdesk output")
    }

    /// `import …` as 张敏.
    fn import(&self, args: &[&str]) -> Output {
        let mut all = vec!["--operator", "张敏", "import"];
        all.extend_from_slice(args);
        self.run_with(&all, "1234\n")
    }

    fn count(&self, table: &str) -> i64 {
        Connection::open(self.db())
            .unwrap()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    fn counts(&self) -> Vec<i64> {
        [
            "buildings",
            "units",
            "households",
            "household_members",
            "household_events",
        ]
        .iter()
        .map(|t| self.count(t))
        .collect()
    }
}

fn sample(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/import")
        .join(name)
        .display()
        .to_string()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}

#[test]
fn a_site_goes_live_from_its_lists() {
    let site = Site::new();
    let out = site.import(&["units", &sample("units.xlsx")]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("楼栋：新增 3，变更 0，不变 0"), "{text}");
    assert!(text.contains("房屋：新增 20，变更 0，不变 0"), "{text}");
    assert!(text.contains("已写入数据库"), "{text}");
    // No progress or anything else on stderr when it is not a terminal.
    assert_eq!(stderr(&out), "");

    let out = site.import(&["households", &sample("households.csv")]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("住户：新增 8 户，变更 0 户，换户 0 户，不变 0 户；表格共 12 人"));
    assert_eq!(stderr(&out), "");
    assert_eq!(site.counts(), vec![3, 20, 8, 12, 20]);

    // The desk sees it at once, masked.
    let out = site.run(&["lookup", "3-2-1201", "--json"]);
    assert_eq!(code(&out), 0);
    let v = json(&out);
    assert_eq!(v["households"][0]["name"], "王建国");
    assert_eq!(v["households"][0]["members"][0]["phone"], "138****5678");
    assert!(!stdout(&out).contains("13812345678"));

    // The same lists again (the other format): nothing to do, nothing written.
    let before = site.counts();
    let out = site.import(&["units", &sample("units.csv")]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("与系统中的数据一致，无需改动"));
    assert!(!stdout(&out).contains("已写入"));
    let out = site.import(&["--lang", "en", "households", &sample("households.xlsx")]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("the site already matches the file: nothing to change"),
        "{}",
        stdout(&out)
    );
    assert_eq!(site.counts(), before);
}

#[test]
fn problems_are_listed_by_row_and_column_and_nothing_is_written() {
    let site = Site::new();
    assert_eq!(code(&site.import(&["units", &sample("units.csv")])), 0);
    let before = site.counts();

    let out = site.import(&["households", &sample("households_bad.csv")]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    for line in [
        "第 3 行「房号」：系统中没有此房号（请先导入房屋清单）",
        "第 6 行「身份证号」：身份证号校验位不符，请核对",
        "第 9 行「姓名」：不能为空",
        "第 12 行「缴费状态」：应为“已缴”或“欠费”",
        "frontdesk: 发现 11 处问题，未写入任何数据；请修改表格后重新导入",
    ] {
        assert!(err.contains(line), "{line} not in:\n{err}");
    }
    assert_eq!(stdout(&out), "");
    assert_eq!(site.counts(), before);

    let out = site.import(&["--lang", "en", "households", &sample("households_bad.csv")]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    for line in [
        "row 4, column \"房号\": ambiguous unit number: 2 units match",
        "row 5, column \"手机\": invalid phone number",
        "row 10, column \"姓名\": the same person twice in one household (already on row 2)",
        "frontdesk: 11 problems found; nothing was written",
    ] {
        assert!(err.contains(line), "{line} not in:\n{err}");
    }
    assert!(!err.contains("330106198506060021"), "no ID number quoted");

    let out = site.import(&[
        "--lang",
        "en",
        "households",
        &sample("households_bad.csv"),
        "--json",
    ]);
    assert_eq!(code(&out), 2);
    let v = json(&out);
    assert_eq!(v["ok"], false);
    assert_eq!(v["problems"].as_array().unwrap().len(), 11);
    assert_eq!(v["problems"][0]["row"], 3);
    assert_eq!(v["problems"][0]["column"], "房号");
    assert_eq!(
        v["problems"][0]["reason"],
        "no such unit on the site (import the units list first)"
    );
    assert_eq!(site.counts(), before);

    // Households before units: every row names an unknown unit.
    let empty = Site::new();
    let out = empty.import(&["households", &sample("households.xlsx")]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("第 2 行「房号」：系统中没有此房号"));
    assert_eq!(empty.counts(), vec![0, 0, 0, 0, 0]);
}

#[test]
fn a_dry_run_counts_and_lists_but_writes_nothing() {
    let site = Site::new();
    let out = site.import(&["units", &sample("units.csv"), "--dry-run"]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert!(text.starts_with("试运行：未写入任何数据\n"), "{text}");
    assert!(text.contains("房屋：新增 20"), "{text}");
    assert_eq!(site.counts(), vec![0, 0, 0, 0, 0]);

    assert_eq!(code(&site.import(&["units", &sample("units.csv")])), 0);
    let out = site.import(&[
        "households",
        &sample("households_old.csv"),
        "--date",
        "2024-01-01",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let before = site.counts();

    let out = site.import(&["households", &sample("households.csv"), "--dry-run"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    for line in [
        "试运行：未写入任何数据",
        "住户：新增 0 户，变更 1 户，换户 1 户，不变 6 户；表格共 12 人",
        "人员：迁入 0 人，迁出 1 人（记日期，不删除）",
        "  1-2-301 业主：周海涛 于 2024-09-01 迁出，孙志强 迁入",
    ] {
        assert!(text.contains(line), "{line} not in:\n{text}");
    }
    let out = site.import(&[
        "households",
        &sample("households.csv"),
        "--dry-run",
        "--json",
    ]);
    let v = json(&out);
    assert_eq!(v["dry_run"], true);
    assert_eq!(v["counts"]["replaced"], 1);
    assert_eq!(v["counts"]["changed"], 1);
    assert_eq!(v["members_removed"], 1);
    assert_eq!(v["replaced"][0]["unit"], "1-2-301");
    assert_eq!(v["replaced"][0]["old"], "周海涛");
    assert_eq!(v["replaced"][0]["move_out"], "2024-09-01");
    assert_eq!(site.counts(), before, "the dry runs wrote nothing");

    // Now for real: the old owner is dated out, the one who left too.
    let out = site.import(&[
        "--lang",
        "en",
        "households",
        &sample("households.csv"),
        "--json",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["dry_run"], false);
    assert_eq!(v["counts"]["replaced"], 1);
    let c = Connection::open(site.db()).unwrap();
    let out_date: String = c
        .query_row(
            "SELECT move_out FROM households WHERE name = '周海涛'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(out_date, "2024-09-01");
    let until: String = c
        .query_row(
            "SELECT until FROM household_members WHERE name = '王小明'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(until, "2025-03-01", "the import date (FRONTDESK_NOW)");
    let out = site.run(&["lookup", "1-2-301", "--json"]);
    let v = json(&out);
    assert_eq!(v["households"][0]["name"], "孙志强");
    assert_eq!(v["households"][1]["name"], "周海涛");
    assert_eq!(v["households"][1]["move_out"], "2024-09-01");
}

#[test]
fn exit_codes_around_an_import() {
    let site = Site::new();
    // No operator for a write: bad input.
    let out = site.run(&["import", "units", &sample("units.csv")]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--operator"));
    // A technician does not work the desk: refused by the rules (a
    // technician cannot even sign in to write).
    let out = site.run_with(
        &[
            "--operator",
            "赵建军",
            "import",
            "units",
            &sample("units.csv"),
        ],
        "1234\n",
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("赵建军"), "{}", stderr(&out));
    // Unreadable input.
    let missing = site.dir.path().join("nope.csv").display().to_string();
    assert_eq!(code(&site.import(&["units", &missing])), 2);
    let odd = site.dir.path().join("list.pdf");
    std::fs::write(&odd, "x").unwrap();
    let out = site.import(&["--lang", "en", "units", &odd.display().to_string()]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("unsupported file type \"pdf\""));
    let out = site.import(&["units", &sample("units.xlsx"), "--sheet", "Sheet9"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("Sheet9"));
    let out = site.import(&[
        "households",
        &sample("households.csv"),
        "--date",
        "2025-13-01",
    ]);
    assert_eq!(code(&out), 2);
    assert_eq!(site.counts(), vec![0, 0, 0, 0, 0]);
}
