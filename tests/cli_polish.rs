//! The command line fits the shell: every subcommand and option described,
//! value lists shown, completions and the man page generated.

use clap::CommandFactory;
use frontdesk::cli::Cli;

fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
    for arg in cmd.get_arguments() {
        let id = arg.get_id().as_str();
        if id == "help" || id == "version" {
            continue;
        }
        if arg.get_help().is_none() && arg.get_long_help().is_none() {
            missing.push(format!("{path} --{id}"));
        }
    }
    for sub in cmd.get_subcommands() {
        let p = format!("{path} {}", sub.get_name());
        if sub.get_name() != "help" && sub.get_about().is_none() && sub.get_long_about().is_none() {
            missing.push(p.clone());
        }
        walk(sub, &p, missing);
    }
}

#[test]
fn every_subcommand_and_option_is_described() {
    let cmd = frontdesk::cli::lazy::whole_tree();
    // The walk reaches the nested subcommands, not only the top ones.
    assert!(leaves(&cmd, vec![]).contains(&vec!["ticket".into(), "list".into()]));
    let mut missing = Vec::new();
    walk(&cmd, "frontdesk", &mut missing);
    assert!(
        missing.is_empty(),
        "without a description:\n{}",
        missing.join("\n")
    );
}

/// Every path to a subcommand without subcommands of its own.
fn leaves(cmd: &clap::Command, path: Vec<String>) -> Vec<Vec<String>> {
    let subs: Vec<_> = cmd
        .get_subcommands()
        .filter(|s| s.get_name() != "help")
        .collect();
    if subs.is_empty() {
        return vec![path];
    }
    let mut out = vec![path.clone()];
    for s in subs {
        let mut p = path.clone();
        p.push(s.get_name().to_string());
        out.extend(leaves(s, p));
    }
    out
}

/// What clap answers for `args`: the parsed command line, or its message.
fn answer(cmd: clap::Command, args: &[&str]) -> String {
    match cmd.try_get_matches_from(args) {
        Ok(m) => match <Cli as clap::FromArgMatches>::from_arg_matches(&m) {
            Ok(cli) => format!("{cli:?}"),
            Err(e) => format!("from matches: {e}"),
        },
        Err(e) => format!("{:?}: {}", e.kind(), e.render()),
    }
}

/// The subcommands' arguments are built only when used (`cli::lazy`):
/// help, errors and parsed values must be what the whole tree gives.
#[test]
fn the_lazily_built_command_line_answers_as_the_whole_tree() {
    let whole = frontdesk::cli::lazy::whole_tree();
    let paths = leaves(&whole, vec![]);
    assert!(paths.len() > 60, "{} paths", paths.len());
    let mut lines: Vec<Vec<String>> = Vec::new();
    for p in &paths {
        for tail in [&["--help"][..], &[][..], &["--bogus"][..]] {
            let mut l = vec!["frontdesk".to_string()];
            l.extend(p.iter().cloned());
            l.extend(tail.iter().map(|s| s.to_string()));
            lines.push(l);
        }
    }
    for l in [
        "frontdesk lookup 3-2-1201 --json",
        "frontdesk --db /tmp/x.db --lang en ticket list --overdue --json",
        "frontdesk ticket list --state dispatched --kind repair",
        "frontdesk callbacks --due --json",
        "frontdesk keys --out",
        "frontdesk report monthly --month 2026-10 --format csv",
        "frontdesk export tickets --format json --from 2026-10-01",
        "frontdesk help ticket list",
        "frontdesk tickt list",
        "frontdesk ticket lst",
        "frontdesk --version",
    ] {
        lines.push(l.split(' ').map(str::to_string).collect());
    }
    for l in &lines {
        let args: Vec<&str> = l.iter().map(String::as_str).collect();
        let lazy = answer(Cli::command(), &args);
        let eager = answer(whole.clone(), &args);
        assert_eq!(lazy, eager, "{}", l.join(" "));
    }
}

// --- issue 15: the CLI's queries cost what they show ---

mod common;
use common::{demo_db, now};
use frontdesk::store::callbacks::Which;
use frontdesk::store::tickets::Filter;
use frontdesk::store::Store;

/// The statements `f` runs on the store, each with SQLite's plan.
fn plans(store: &mut Store, f: impl FnOnce(&Store)) -> Vec<(String, Vec<String>)> {
    let seen = store.record_statements().expect("trace");
    f(store);
    let list: Vec<String> = seen.lock().expect("statements").clone();
    list.into_iter()
        .filter(|s| {
            let s = s.trim_start().to_ascii_uppercase();
            s.starts_with("SELECT") || s.starts_with("WITH")
        })
        .map(|s| {
            let plan = store.query_plan(&s).expect("plan");
            (s, plan)
        })
        .collect()
}

/// Tables that grow with the site's history: never read whole.
const LARGE: &[&str] = &[
    "tickets",
    "visitors",
    "parcels",
    "goods_passes",
    "renovations",
    "moves",
    "v",
    "p",
    "g",
    "r",
    "t",
    "ticket_deadlines",
    "dl",
    "x",
    "callbacks",
    "c",
    "ticket_events",
    "households",
    "h",
    "household_members",
    "m",
];

fn full_scans(plans: &[(String, Vec<String>)]) -> Vec<String> {
    let mut bad = Vec::new();
    for (sql, plan) in plans {
        for step in plan {
            let words: Vec<&str> = step.split_whitespace().collect();
            if words.first() == Some(&"SCAN") && words.get(1).is_some_and(|t| LARGE.contains(t)) {
                bad.push(format!("{step}\n  in: {sql}"));
            }
        }
    }
    bad
}

#[test]
fn ticket_list_overdue_is_one_query_without_a_full_scan() {
    let mut db = demo_db();
    let later = common::at("2026-11-30 12:00");
    let p = plans(&mut db.store, |s| {
        let rows = s
            .list_tickets(&Filter {
                open_only: true,
                overdue_at: Some(later),
                ..Default::default()
            })
            .expect("list");
        assert!(
            !rows.is_empty(),
            "the demo has overdue tickets a week later"
        );
    });
    assert_eq!(p.len(), 1, "one statement: {p:#?}");
    assert!(full_scans(&p).is_empty(), "{}", full_scans(&p).join("\n"));
}

#[test]
fn ticket_list_overdue_agrees_with_the_running_deadlines() {
    let db = demo_db();
    let later = common::at("2026-11-30 12:00");
    let rows = db
        .store
        .list_tickets(&Filter {
            open_only: true,
            overdue_at: Some(later),
            ..Default::default()
        })
        .expect("list");
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut expected = db.store.overdue_ids(later).expect("overdue");
    let open: Vec<i64> = db
        .store
        .list_tickets(&Filter {
            open_only: true,
            ..Default::default()
        })
        .expect("open")
        .iter()
        .map(|r| r.id)
        .collect();
    expected.retain(|id| open.contains(id));
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, expected);
    // Most overdue first.
    let runs = db.store.running_deadlines().expect("runs");
    let dues: Vec<_> = ids.iter().map(|id| runs[id].due_at).collect();
    assert!(dues.windows(2).all(|w| w[0] <= w[1]), "{dues:?}");
}

#[test]
fn callbacks_due_reads_the_queue_only() {
    let mut db = demo_db();
    let p = plans(&mut db.store, |s| {
        s.callback_queue(now(), Which::Due).expect("queue");
    });
    assert_eq!(p.len(), 1, "one statement: {p:#?}");
    assert!(full_scans(&p).is_empty(), "{}", full_scans(&p).join("\n"));
}

/// The statements `frontdesk lookup UNIT` runs to read the unit's file.
fn lookup_plans(
    store: &mut Store,
    unit: &str,
) -> (
    frontdesk::store::unit_file::UnitFile,
    Vec<(String, Vec<String>)>,
) {
    let mut file = None;
    let p = plans(store, |s| {
        let q = frontdesk::domain::unit::parse_unit(unit).expect("parse");
        let frontdesk::store::site::Found::One(u) = s.find_unit(&q).expect("find") else {
            panic!("{unit} is one unit");
        };
        file = Some(s.unit_file(u).expect("file"));
    });
    (file.expect("file"), p)
}

#[test]
fn lookup_reads_a_unit_in_few_statements_without_a_full_scan() {
    let mut db = demo_db();
    // 3-2-1201: a key out, nothing open in the registers. The unit, its
    // households, all their current members at once, its keys (the loans
    // only when a copy is out), its tickets, and one statement saying that
    // no register holds anything of it.
    let (file, p) = lookup_plans(&mut db.store, "3-2-1201");
    assert!(!file.households.is_empty());
    assert!(file.keys.iter().any(|k| !k.out.is_empty()), "a key is out");
    assert!(file.registers.is_empty(), "{:?}", file.registers);
    assert!(p.len() <= 7, "{} statements: {p:#?}", p.len());
    assert!(full_scans(&p).is_empty(), "{}", full_scans(&p).join("\n"));
    // 6-2-602: a goods release pass and a newspaper waiting. The registers
    // holding something are read, the others not: a statement each (a
    // pass's items one more per pass).
    let (file, p) = lookup_plans(&mut db.store, "6-2-602");
    let r = &file.registers;
    assert_eq!(
        (r.parcels_waiting.len(), r.passes_open.len()),
        (1, 1),
        "{r:?}"
    );
    assert!(
        r.visitors_inside.is_empty() && r.renovations_open.is_empty() && r.moves_open.is_empty()
    );
    assert!(p.len() <= 7 + 3, "{} statements: {p:#?}", p.len());
    for table in ["visitors", "renovations", "moves"] {
        assert!(
            !p.iter()
                .any(|(sql, _)| sql.contains(&format!("FROM {table} ")) && !sql.contains("EXISTS")),
            "{table} read with nothing open: {p:#?}"
        );
    }
    assert!(full_scans(&p).is_empty(), "{}", full_scans(&p).join("\n"));
}

// --- the binary, as a shell runs it ---

use std::process::{Command, Output, Stdio};

/// The program with a clean locale and no FRONTDESK_* from the caller.
fn frontdesk(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_frontdesk"));
    c.args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env_remove("FRONTDESK_DB")
        .env_remove("FRONTDESK_CONFIG")
        .env("FRONTDESK_NOW", "2026-11-23 10:00")
        // No config of the machine's user.
        .env(
            "XDG_CONFIG_HOME",
            std::env::temp_dir().join("frontdesk-no-config"),
        )
        .stdin(Stdio::null());
    c
}

fn run(c: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = c.output().expect("run frontdesk");
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

#[test]
fn bash_completions_parse_and_every_shell_has_a_script() {
    let (code, out, err) = run(&mut frontdesk(&["completions", "bash"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ticket") && out.contains("--overdue"), "{out}");
    let dir = tempfile::tempdir().expect("tempdir");
    let script = dir.path().join("frontdesk.bash");
    std::fs::write(&script, &out).expect("write");
    let check = Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .expect("bash");
    assert!(
        check.status.success(),
        "bash -n: {}",
        String::from_utf8_lossy(&check.stderr)
    );
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let (code, out, err) = run(&mut frontdesk(&["completions", shell]));
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(out.contains("frontdesk"), "{shell}");
    }
}

#[test]
fn the_man_page_is_roff_and_names_the_commands() {
    let (code, out, err) = run(&mut frontdesk(&["man"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(".TH frontdesk 1"), "{out}");
    assert!(
        out.contains("doctor") && out.contains("completions"),
        "{out}"
    );
}

#[test]
fn value_lists_are_in_the_help() {
    let (_, out, _) = run(&mut frontdesk(&["ticket", "new", "--help"]));
    assert!(
        out.contains("repair, complaint, emergency, enquiry, paid"),
        "{out}"
    );
    let (_, out, _) = run(&mut frontdesk(&["callbacks", "record", "--help"]));
    assert!(
        out.contains("satisfied") && out.contains("unreached"),
        "{out}"
    );
    // The registers' fixed lists too.
    let (_, out, _) = run(&mut frontdesk(&["parcel", "receive", "--help"]));
    assert!(
        out.contains("letter, registered, parcel, newspaper"),
        "{out}"
    );
    let (_, out, _) = run(&mut frontdesk(&["renovation", "move", "--help"]));
    assert!(
        out.contains("owner_deposit, deposit") && out.contains("request_inspection"),
        "{out}"
    );
    let (_, out, _) = run(&mut frontdesk(&["move-in", "--help"]));
    assert!(out.contains("owner, tenant"), "{out}");
    let (_, out, _) = run(&mut frontdesk(&["--help"]));
    assert!(
        out.contains("FRONTDESK_DB") && out.contains("FRONTDESK_CONFIG"),
        "{out}"
    );
}

#[test]
fn the_language_follows_the_flag_then_the_config_then_the_locale() {
    let db = demo_db();
    let path = db.path();
    let p = path.to_str().expect("path");
    let missing = |c: &mut Command| run(c.args(["--db", p, "lookup", "9-9-9999"])).2;
    // LANG alone: English for en_*, Chinese for zh_* and anything else.
    assert!(missing(frontdesk(&[]).env("LANG", "en_US.UTF-8")).contains("No such unit"));
    assert!(missing(frontdesk(&[]).env("LANG", "zh_CN.UTF-8")).contains("无此房号"));
    assert!(missing(frontdesk(&[]).env("LANG", "C.UTF-8")).contains("无此房号"));
    // LC_ALL before LANG.
    assert!(missing(
        frontdesk(&[])
            .env("LANG", "zh_CN.UTF-8")
            .env("LC_ALL", "en_GB.UTF-8")
    )
    .contains("No such unit"));
    // The config before the locale, the flag before both.
    let cfg = db.dir.path().join("config.toml");
    std::fs::write(&cfg, "lang = \"zh\"\n").expect("config");
    let c = cfg.to_str().expect("cfg");
    assert!(missing(frontdesk(&["--config", c]).env("LANG", "en_US.UTF-8")).contains("无此房号"));
    assert!(
        missing(frontdesk(&["--config", c, "--lang", "en"]).env("LANG", "zh_CN.UTF-8"))
            .contains("No such unit")
    );
}

#[test]
fn environment_variables_name_the_database_and_the_config() {
    let db = demo_db();
    let (code, out, err) = run(frontdesk(&["lookup", "3-2-1201"]).env("FRONTDESK_DB", db.path()));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("3-2-1201"), "{out}");
    // The config's language through FRONTDESK_CONFIG; --db wins over the env.
    let cfg = db.dir.path().join("config.toml");
    std::fs::write(&cfg, "lang = \"en\"\n").expect("config");
    let (code, _, err) =
        run(
            frontdesk(&["--db", db.path().to_str().expect("p"), "lookup", "9-9-9999"])
                .env("FRONTDESK_CONFIG", &cfg)
                .env("FRONTDESK_DB", "/nonexistent/x.db"),
        );
    assert_eq!(code, 1);
    assert!(err.contains("No such unit"), "{err}");
}

#[test]
fn json_errors_have_one_shape_and_the_usual_exit_codes() {
    let db = demo_db();
    let p = db.path();
    let p = p.to_str().expect("path");
    let error = |args: &[&str], want: i32, code: &str| {
        let (exit, out, err) = run(&mut frontdesk(args));
        assert_eq!(exit, want, "{args:?}: {err}");
        assert!(
            out.is_empty() || out.starts_with('{') || out.starts_with('['),
            "{out}"
        );
        let v: serde_json::Value =
            serde_json::from_str(err.trim()).unwrap_or_else(|e| panic!("{err}: {e}"));
        assert_eq!(v["error"]["code"], code, "{err}");
        assert!(v["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()));
    };
    // Refused (1), bad input (2: ours and clap's), other failures keep 3.
    error(&["--db", p, "lookup", "9-9-9999", "--json"], 1, "refused");
    error(&["--db", p, "lookup", "3--1201", "--json"], 2, "bad_input");
    error(
        &["--db", p, "ticket", "list", "--kind", "bogus", "--json"],
        2,
        "bad_input",
    );
    error(
        &["--db", "/nonexistent/x.db", "ticket", "list", "--json"],
        2,
        "bad_input",
    );
    // Without --json the message stays a line of text.
    let (exit, _, err) = run(&mut frontdesk(&["--db", p, "lookup", "9-9-9999"]));
    assert_eq!(exit, 1);
    assert!(err.starts_with("frontdesk: "), "{err}");
}

#[test]
fn json_is_one_compact_line_into_a_pipe_and_indented_with_pretty() {
    let db = demo_db();
    let p = db.path();
    let p = p.to_str().expect("path");
    let (_, out, _) = run(&mut frontdesk(&[
        "--db", p, "ticket", "show", "1", "--json",
    ]));
    assert_eq!(out.lines().count(), 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    // Instants in ISO 8601 with the site's offset.
    let created = v["ticket"]["created_at"].as_str().expect("created_at");
    assert!(
        chrono::DateTime::parse_from_rfc3339(created).is_ok() && created.ends_with("+08:00"),
        "{created}"
    );
    let (_, out, _) = run(&mut frontdesk(&[
        "--db", p, "--pretty", "ticket", "show", "1", "--json",
    ]));
    assert!(out.lines().count() > 10, "{out}");
    // The same names for the same things in a list and in show.
    let (_, list, _) = run(&mut frontdesk(&["--db", p, "ticket", "list", "--json"]));
    let list: serde_json::Value = serde_json::from_str(&list).expect("list");
    let row = &list.as_array().expect("rows")[0];
    assert!(
        row.get("escalated_to").is_some() && row.get("escalated").is_none(),
        "{row}"
    );
}

#[test]
fn doctor_says_what_is_sound_and_fails_on_a_missing_database() {
    let db = demo_db();
    let p = db.path();
    let p = p.to_str().expect("path");
    let (code, out, err) = run(&mut frontdesk(&["--db", p, "--lang", "en", "doctor"]));
    assert_eq!(code, 0, "{out}{err}");
    for word in [
        "schema version",
        "quick check",
        "holiday lists known: 2026",
        "file modes",
    ] {
        assert!(out.contains(word), "{word}: {out}");
    }
    // 2027 has no holiday list in the shipped calendar: said, not failed.
    assert!(out.contains("warn  no holiday list for 2027"), "{out}");
    let (code, out, _) = run(&mut frontdesk(&["--db", p, "doctor", "--json"]));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["ok"], true);
    assert!(v["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .all(|c| c["status"] != "fail"));
    let (code, out, _) = run(&mut frontdesk(&[
        "--db",
        "/nonexistent/x.db",
        "--lang",
        "en",
        "doctor",
    ]));
    assert_eq!(code, 1);
    assert!(
        out.contains("FAIL  database /nonexistent/x.db: no such file"),
        "{out}"
    );
    // An invalid config is a failure the doctor names, not a stop.
    let cfg = db.dir.path().join("bad.toml");
    std::fs::write(&cfg, "langg = \"en\"\n").expect("config");
    let (code, out, _) = run(&mut frontdesk(&[
        "--config",
        cfg.to_str().expect("c"),
        "--db",
        p,
        "doctor",
    ]));
    assert_eq!(code, 1);
    assert!(out.contains("langg"), "{out}");
}

#[test]
fn a_deadline_in_a_year_without_holidays_is_said_on_the_command_line() {
    let db = demo_db();
    let p = db.path();
    let p = p.to_str().expect("path");
    let mut c = frontdesk(&[
        "--db",
        p,
        "--operator",
        "张敏",
        "--lang",
        "en",
        "ticket",
        "new",
        "--kind",
        "complaint",
        "--unit",
        "3-2-1201",
        "--text",
        "noise",
        "--urgency",
        "not_urgent",
    ]);
    c.env("FRONTDESK_NOW", "2027-12-31 16:30")
        .stdin(Stdio::piped());
    let mut child = c
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    use std::io::Write;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"1234\n")
        .expect("pin");
    let o = child.wait_with_output().expect("wait");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("public holidays of 2027"), "{err}");
}
