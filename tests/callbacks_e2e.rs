//! End to end: the real binary in a PTY. A repair is finished from the CLI
//! (sampled at 100% by the site's config), the operator opens 回访 with F5,
//! records an unsatisfied call and finds the repair back on the dispatch
//! board (F3); the CLI then sees it dispatched with its reopen count raised.

mod common;

use common::pty::{self, keys, Pty};
use std::path::PathBuf;

const NOW: &str = "2026-11-23 10:00";

struct Site {
    _dir: tempfile::TempDir,
    db: PathBuf,
    config: PathBuf,
}

impl Site {
    /// `--db DB --config CONFIG` followed by `args`.
    fn args<'a>(&'a self, args: &[&'a str]) -> Vec<&'a str> {
        let db = self.db.to_str().expect("db path");
        let config = self.config.to_str().expect("config path");
        let mut all = vec!["--db", db, "--config", config];
        all.extend_from_slice(args);
        all
    }
}

/// A command with the demo PIN on stdin (a write with `--operator` reads it).
fn cli(site: &Site, args: &[&str]) -> (i32, String, String) {
    pty::cli(&site.args(args), NOW, Some("1234\n"))
}

fn cli_json(site: &Site, args: &[&str]) -> serde_json::Value {
    let (code, out, err) = cli(site, args);
    assert_eq!(code, 0, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"))
}

fn site() -> Site {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("site.db");
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[site]\nname = \"阳光花园\"\n[callbacks]\nsample_percent = 100\n",
    )
    .expect("config");
    let s = Site {
        _dir: dir,
        db,
        config,
    };
    let (code, _, err) = cli(&s, &["init", "--demo"]);
    assert_eq!(code, 0, "{err}");
    s
}

fn finish_repair(s: &Site) -> i64 {
    let t = cli_json(
        s,
        &[
            "--operator",
            "张敏",
            "ticket",
            "new",
            "--kind",
            "repair",
            "--unit",
            "3-2-1201",
            "--text",
            "主卧空调不制冷",
            "--reporter",
            "王建国",
            "--phone",
            "13812345678",
            "--json",
        ],
    );
    let id = t["id"].as_i64().expect("id");
    let sid = id.to_string();
    for step in [
        vec![
            "--to",
            "dispatched",
            "--dept",
            "engineering",
            "--tech",
            "赵建军",
        ],
        vec!["--to", "accepted"],
        vec!["--to", "done", "--signed", "yes"],
    ] {
        let mut args = vec!["--operator", "张敏", "ticket", "move", sid.as_str()];
        args.extend(step);
        args.push("--json");
        cli_json(s, &args);
    }
    id
}

#[test]
fn unsatisfied_callback_puts_the_repair_back_on_the_dispatch_board() {
    let s = site();
    let id = finish_repair(&s);
    // The queue (same order as the screen) has its callback.
    let q = cli_json(&s, &["callbacks", "--json"]);
    let list = q["callbacks"].as_array().expect("list");
    let index = list
        .iter()
        .position(|c| c["ticket_id"].as_i64() == Some(id))
        .expect("the finished repair is on the queue");
    assert_eq!(list[index]["reason"], "sample");
    assert_eq!(list[index]["phone"], "138****5678");

    let mut term = Pty::spawn(&s.args(&["--operator", "张敏"]), NOW);
    term.sign_in("1234");
    term.wait_for("受理");
    term.send(keys::F5);
    term.wait_for("回访户");
    for _ in 0..index {
        term.send(keys::DOWN);
    }
    term.wait_for(&format!("#{id} "));
    term.send(keys::ENTER);
    // The form shows the number to dial in full (the queue masks it).
    term.wait_for("记录回访");
    term.wait_for("13812345678");
    // Verdict: (choose) → satisfied → basic → unsatisfied; then to the words.
    for _ in 0..3 {
        term.send(keys::RIGHT);
    }
    for _ in 0..4 {
        term.send(keys::TAB);
    }
    term.send("还是不制冷，师傅没加氟");
    term.send(keys::CTRL_S);
    let screen = term.wait_for(&format!("回访已记录：#{id} 不满意"));
    assert!(screen.contains("已返工"), "{screen}");
    term.send(keys::F3);
    let board = term.wait_for("未完成");
    assert!(
        board.contains(&format!("#{id}")),
        "the reworked repair is on the dispatch board:\n{board}"
    );
    drop(term);

    let t = cli_json(&s, &["ticket", "show", &id.to_string(), "--json"]);
    assert_eq!(t["ticket"]["state"], "dispatched");
    assert_eq!(t["ticket"]["reopen_count"], 1);
    let events = t["events"].as_array().expect("events");
    let n = events.len();
    assert_eq!(events[n - 2]["action"], "callback");
    assert_eq!(events[n - 1]["action"], "rework");
    assert_eq!(events[n - 1]["note"], "还是不制冷，师傅没加氟");
}

#[test]
fn cli_records_and_refuses_through_the_same_rules() {
    let s = site();
    let id = finish_repair(&s);
    let q = cli_json(&s, &["callbacks", "--json"]);
    let cb = q["callbacks"]
        .as_array()
        .and_then(|l| l.iter().find(|c| c["ticket_id"].as_i64() == Some(id)))
        .expect("callback")["id"]
        .as_i64()
        .expect("id");
    let cbs = cb.to_string();
    // A write needs an operator (2); unsatisfied needs the words (2).
    let (code, _, _) = cli(&s, &["callbacks", "record", &cbs, "--result", "satisfied"]);
    assert_eq!(code, 2);
    let (code, _, err) = cli(
        &s,
        &[
            "--operator",
            "张敏",
            "callbacks",
            "record",
            &cbs,
            "--result",
            "unsatisfied",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("业户原话"), "{err}");
    // A missed call: still pending, next attempt later.
    let (code, out, err) = cli(
        &s,
        &[
            "--operator",
            "张敏",
            "callbacks",
            "record",
            &cbs,
            "--result",
            "unreached",
            "--note",
            "无人接听",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("未接通（第 1 次）"), "{out}");
    // Reached and satisfied: the repair closes.
    let r = cli_json(
        &s,
        &[
            "--operator",
            "李娜",
            "callbacks",
            "record",
            &cbs,
            "--result",
            "satisfied",
            "--note",
            "修好了",
            "--workmanship",
            "good",
            "--json",
        ],
    );
    assert_eq!(r["callback"]["status"], "done");
    assert_eq!(r["callback"]["attempts"], 2);
    assert_eq!(r["ticket"]["state"], "closed");
    assert_eq!(r["ticket"]["phone"], "138****5678");
    // Done: recording again is refused by the rules (1).
    let (code, _, err) = cli(
        &s,
        &[
            "--operator",
            "张敏",
            "callbacks",
            "record",
            &cbs,
            "--result",
            "basic",
        ],
    );
    assert_eq!(code, 1, "{err}");
    // The list filters and the audit.
    let (code, out, _) = cli(&s, &["callbacks", "--overdue"]);
    assert_eq!(code, 0);
    // The quick look is the queue only: the month's figures come with the
    // whole queue (`callbacks`) or `callbacks figures`.
    assert!(!out.contains("回访户"), "{out}");
    assert!(out.lines().all(|l| l.contains("逾期")), "{out}");
    let (code, out, _) = cli(&s, &["callbacks"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("11月 回访户"), "{out}");
    let samples = cli_json(&s, &["callbacks", "samples", "--json"]);
    let mine = samples
        .as_array()
        .and_then(|l| l.iter().find(|x| x["ticket_id"].as_i64() == Some(id)))
        .expect("the decision is recorded");
    assert_eq!(mine["selected"], true);
    assert_eq!(mine["rate_percent"], 100);
    let (code, out, _) = cli(&s, &["callbacks", "show", &cbs]);
    assert_eq!(code, 0);
    assert!(out.contains("无人接听") && out.contains("修好了"), "{out}");
}
