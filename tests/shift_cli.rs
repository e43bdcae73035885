//! `frontdesk handover …` and `frontdesk log …` through the real binary on a
//! temp demo database: text output exactly as signed, JSON with a hash that
//! checks, the PIN read from stdin (wrong one refused), exit codes. Writes
//! name the operator with `--operator` and give the PIN on stdin.

use frontdesk::domain::handover::content_hash;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn db(&self) -> PathBuf {
        self.dir.path().join("t.db")
    }

    fn cmd(&self, now: &str, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_frontdesk"));
        c.env("FRONTDESK_NOW", now)
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
            .args(args);
        c
    }

    /// Run with the demo PIN on stdin: a write with `--operator` reads it.
    fn run(&self, now: &str, args: &[&str]) -> Output {
        self.run_stdin(now, args, "1234\n")
    }

    fn run_stdin(&self, now: &str, args: &[&str], input: &str) -> Output {
        let mut child = self
            .cmd(now, args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        // A command that needs no stdin may end before reading it: a
        // broken pipe here is not the test's concern.
        let _ = child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes());
        child.wait_with_output().expect("wait")
    }
}

fn demo(now: &str) -> Site {
    let site = Site {
        dir: tempfile::tempdir().expect("tempdir"),
    };
    let out = site.run(now, &["init", "--demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    site
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

#[test]
fn a_shift_change_from_the_command_line() {
    let now = "2026-11-23 16:40";
    let site = demo(now);

    // The duty log: write, list.
    let o = site.run(
        now,
        &[
            "--operator",
            "张敏",
            "log",
            "add",
            "--category",
            "promise",
            "--text",
            "答应 5-1-101 明早回电",
            "--unit",
            "5-1-101",
            "--due",
            "+2h",
            "--json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let e = json(&o);
    assert_eq!(e[0]["category"], "promise");
    assert_eq!(e[0]["due_at"], "2026-11-23T18:40:00+08:00");
    // A promise without a due time is bad input (2); no operator is 2 too.
    let o = site.run(
        now,
        &[
            "--operator",
            "张敏",
            "log",
            "add",
            "--category",
            "promise",
            "--text",
            "x",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = site.run(now, &["log", "add", "--text", "x"]);
    assert_eq!(o.status.code(), Some(2));

    // What the handover would contain now: the day shift, our promise in it.
    let o = site.run(now, &["handover", "pending", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let pending = json(&o);
    assert_eq!(pending["shift"]["code"], "day");
    assert!(pending["promises"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["entry"]["text"] == "答应 5-1-101 明早回电"));
    let o = site.run(now, &["handover", "pending"]);
    assert!(stdout(&o).starts_with("交接班报告 · 2026-11-23 白班 09:00–17:00\n"));

    // Hand over.
    let o = site.run(
        "2026-11-23 16:55",
        &[
            "--operator",
            "张敏",
            "handover",
            "submit",
            "--note",
            "5-1-101 明早回电",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("等待签收"));
    // Twice is refused by the rules (exit 1).
    let o = site.run(
        "2026-11-23 16:56",
        &["--operator", "张敏", "handover", "submit"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("已交班"));

    // JSON: the stored text hashes to the stored hash.
    let o = site.run(now, &["handover", "show", "latest", "--format", "json"]);
    let h = json(&o);
    let content = h["content"].as_str().unwrap().to_string();
    assert_eq!(h["content_hash"], content_hash(&content));
    assert_eq!(h["hash_ok"], true);
    assert_eq!(h["from_operator"], "张敏");
    assert_eq!(h["report"]["note"], "5-1-101 明早回电");
    assert!(h["acknowledged"].is_null());
    let id = h["id"].as_i64().unwrap().to_string();

    // Acknowledge: wrong PIN on stdin is refused (1), nothing signed.
    let o = site.run_stdin(
        "2026-11-23 17:02",
        &[
            "--operator",
            "李娜",
            "handover",
            "ack",
            "latest",
            "--remarks",
            "收到",
        ],
        "0000\n",
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("PIN 不正确"));
    // The outgoing operator cannot sign their own.
    let o = site.run_stdin(
        "2026-11-23 17:02",
        &["--operator", "张敏", "handover", "ack", &id],
        "1234\n",
    );
    assert_eq!(o.status.code(), Some(1));
    let o = site.run_stdin(
        "2026-11-23 17:03",
        &[
            "--operator",
            "李娜",
            "handover",
            "ack",
            "latest",
            "--remarks",
            "收到",
        ],
        "1234\n",
    );
    assert!(o.status.success(), "{}", stderr(&o));

    // Text: exactly the stored content, then the signature block.
    let o = site.run(now, &["handover", "show", &id]);
    let text = stdout(&o);
    assert!(
        text.starts_with(&content),
        "show must print the content as signed"
    );
    let sig = &text[content.len()..];
    assert!(sig.contains("【签收】李娜 于 2026-11-23 17:03 以本人 PIN 签收"));
    assert!(sig.contains("接班备注：收到"));
    assert!(sig.contains(&format!("SHA-256 {}", content_hash(&content))));
    assert!(sig.contains("内容与交班时一致"));

    // Review: an operator is refused (1), a supervisor may.
    let o = site.run(
        "2026-11-24 09:00",
        &[
            "--operator",
            "李娜",
            "handover",
            "review",
            &id,
            "--comment",
            "阅",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let o = site.run(
        "2026-11-24 09:05",
        &[
            "--operator",
            "陈静",
            "handover",
            "review",
            &id,
            "--comment",
            "已阅",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = site.run(
        "2026-11-24 09:10",
        &[
            "--operator",
            "张敏",
            "handover",
            "addendum",
            &id,
            "--text",
            "补：钥匙已还",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));

    // Still exactly as signed; the addendum and review follow.
    let o = site.run(now, &["handover", "show", &id]);
    let text = stdout(&o);
    assert!(text.starts_with(&content));
    assert!(text.contains("【补充说明】"));
    assert!(text.contains("张敏：补：钥匙已还"));
    assert!(text.contains("【主管审阅】陈静 于 2026-11-24 09:05：已阅"));
    // Markdown renders the same report.
    let o = site.run(now, &["handover", "show", &id, "--format", "md"]);
    let md = stdout(&o);
    assert!(md.starts_with("# 交接班报告 · 2026-11-23 白班 09:00–17:00"));
    assert!(md.contains("## 交班说明"));
    assert!(md.contains("> 5-1-101 明早回电"));

    // The list: the new one first, then the demo's two.
    let o = site.run(now, &["handover", "list", "--json"]);
    let list = json(&o);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(list[0]["id"].to_string(), id);
    assert_eq!(list[0]["to_operator"], "李娜");
    assert_eq!(list[0]["reviewed"], true);
    assert_eq!(list[0]["addenda"], 1);
    let o = site.run(
        now,
        &[
            "handover",
            "list",
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-23",
        ],
    );
    assert_eq!(stdout(&o).lines().count(), 2, "{}", stdout(&o));

    // Exit codes: not found 1, bad input 2.
    assert_eq!(
        site.run(now, &["handover", "show", "999"]).status.code(),
        Some(1)
    );
    assert_eq!(
        site.run(now, &["handover", "show", "abc"]).status.code(),
        Some(2)
    );
    assert_eq!(
        site.run(now, &["handover", "show", "--format", "pdf"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        site.run(now, &["handover", "list", "--from", "23/11"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        site.run(now, &["handover", "pending", "--shift", "2026-11-23/late"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn log_corrections_and_kept_promises_from_the_command_line() {
    let now = "2026-11-23 10:00";
    let site = demo(now);
    let add = site.run(
        now,
        &[
            "--operator",
            "李娜",
            "log",
            "add",
            "--category",
            "call",
            "--text",
            "3-2-1202 来电",
            "--json",
        ],
    );
    assert!(add.status.success(), "{}", stderr(&add));
    let id = json(&add)[0]["id"].as_i64().unwrap().to_string();
    let o = site.run(
        "2026-11-23 10:05",
        &[
            "--operator",
            "李娜",
            "log",
            "correct",
            &id,
            "--text",
            "3-2-1201 来电",
            "--json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(json(&o)[0]["refers_to"].to_string(), id);
    let o = site.run(now, &["log", "list", "--json"]);
    let list = json(&o);
    let original = list
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id.parse::<i64>().unwrap_or(-1))
        .unwrap();
    assert!(original["corrected_by"].is_i64());
    // The demo's open promise is kept.
    let o = site.run(now, &["log", "promises", "--json"]);
    let p = json(&o)[0]["id"].as_i64().unwrap().to_string();
    let o = site.run(
        now,
        &["--operator", "李娜", "log", "kept", &p, "--text", "已回电"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = site.run(now, &["--operator", "李娜", "log", "kept", &p]);
    assert_eq!(o.status.code(), Some(1));
    let o = site.run(now, &["log", "promises"]);
    assert!(stdout(&o).trim().is_empty());
}
