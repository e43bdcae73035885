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
    let cmd = Cli::command();
    let mut missing = Vec::new();
    walk(&cmd, "frontdesk", &mut missing);
    assert!(
        missing.is_empty(),
        "without a description:\n{}",
        missing.join("\n")
    );
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

#[test]
fn lookup_reads_a_unit_in_few_statements_without_a_full_scan() {
    let mut db = demo_db();
    let p = plans(&mut db.store, |s| {
        // As `frontdesk lookup 3-2-1201` reads it (a unit with a key out).
        let q = frontdesk::domain::unit::parse_unit("3-2-1201").expect("parse");
        let frontdesk::store::site::Found::One(unit) = s.find_unit(&q).expect("find") else {
            panic!("3-2-1201 is one unit");
        };
        let file = s.unit_file(unit).expect("file");
        assert!(!file.households.is_empty());
    });
    // The unit, its households, all their current members at once, its
    // keys (the loans only when a copy is out), its tickets.
    assert!(p.len() <= 7, "{} statements: {p:#?}", p.len());
    assert!(full_scans(&p).is_empty(), "{}", full_scans(&p).join("\n"));
}
