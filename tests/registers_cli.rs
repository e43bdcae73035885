//! The registers' commands through the real binary on a temp demo database:
//! the operator's PIN first on stdin ("1234\n"), then a supervisor's PIN,
//! then an ID number — never from arguments; the same rules as the screen;
//! exit codes 0 done, 1 refused, 2 bad input; `--json`; `lookup --json`
//! with the unit's open register items.

mod common;

use common::pty;
use std::path::Path;

const NOW: &str = "2026-11-23 10:00";
const ID: &str = "110101199003071233";

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
    /// Run as `who` with `stdin`: (code, stdout, stderr).
    fn run(&self, who: &str, now: &str, args: &[&str], stdin: &str) -> (i32, String, String) {
        let db = self.db();
        let mut all = vec!["--db", &db, "--operator", who];
        all.extend_from_slice(args);
        pty::cli_in(self.home(), &all, now, Some(stdin))
    }
    fn json(&self, who: &str, args: &[&str], stdin: &str) -> serde_json::Value {
        let (code, out, err) = self.run(who, NOW, args, stdin);
        assert_eq!(code, 0, "{args:?}: {err}");
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
    }
}

fn issue_args() -> Vec<&'static str> {
    vec![
        "pass",
        "issue",
        "--unit",
        "3-2-1201",
        "--name",
        "王五",
        "--item",
        "冰箱=1",
        "--item",
        "纸箱=3",
        "--vehicle",
        "沪A12345",
        "--json",
    ]
}

#[test]
fn a_pass_issued_after_the_owners_confirmation_is_used_at_the_gate() {
    let site = Site::new();
    // No confirmation and no override: refused, exit 1.
    let (code, _, err) = site.run("张敏", NOW, &issue_args(), &format!("1234\n{ID}\n"));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("业主"), "{err}");
    // The operator's PIN comes first; a wrong one is refused.
    let mut args = issue_args();
    args.extend(["--confirmed-by", "王建国", "--confirmed-via", "phone"]);
    let (code, _, err) = site.run("张敏", NOW, &args, &format!("0000\n{ID}\n"));
    assert_eq!(code, 1, "{err}");
    // The demo issued two this year.
    let p = site.json("张敏", &args, &format!("1234\n{ID}\n"));
    assert_eq!(p["no"], "FX2026-000003");
    assert_eq!(p["state"], "issued");
    assert_eq!(p["id_number"], "110***********1233");
    assert_eq!(p["items"][1]["quantity"], 3);
    assert!(!p.to_string().contains(ID));
    // Printed as a plain form.
    let (code, form, _) = site.run("张敏", NOW, &["pass", "print", "FX2026-000003"], "");
    assert_eq!(code, 0);
    assert!(form.contains("物 品 放 行 条"), "{form}");
    assert!(
        form.lines().all(|l| frontdesk::text::width(l) <= 80),
        "{form}"
    );
    // The security guard marks it used at the gate, by its short number.
    let used = site.json("郑勇", &["pass", "use", "3", "--json"], "1234\n");
    assert_eq!(used["state"], "used");
    // Twice is refused, listing what is allowed (nothing).
    let (code, _, err) = site.run("郑勇", NOW, &["pass", "use", "3"], "1234\n");
    assert_eq!(code, 1, "{err}");
    let list = site.json(
        "张敏",
        &["pass", "list", "--find", "3-2-1201", "--json"],
        "",
    );
    assert_eq!(list.as_array().map(|a| a.len()), Some(1));
}

#[test]
fn a_supervisor_overrides_with_their_pin_and_a_reason() {
    let site = Site::new();
    let mut args = issue_args();
    args.extend(["--approver", "陈静", "--reason", "业主出差，联系不上"]);
    let (code, _, err) = site.run("张敏", NOW, &args, &format!("1234\n9999\n{ID}\n"));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("PIN"), "{err}");
    let p = site.json("张敏", &args, &format!("1234\n1234\n{ID}\n"));
    assert_eq!(p["override_by"], "陈静");
    // The number refused above was not used up (the demo has two).
    assert_eq!(p["no"], "FX2026-000003");
    // An ID number is never an argument.
    let (code, _, _) = site.run("张敏", NOW, &["pass", "issue", "--id-no", ID], "");
    assert_eq!(code, 2);
}

#[test]
fn visitors_parcels_and_the_units_file() {
    let site = Site::new();
    let v = site.json(
        "李娜",
        &[
            "visitor",
            "in",
            "--unit",
            "3-2-1201",
            "--name",
            "王五",
            "--purpose",
            "探望",
            "--people",
            "2",
            "--json",
        ],
        "1234\n",
    );
    assert_eq!(v["state"], "inside");
    let id = v["id"].as_i64().unwrap().to_string();
    let inside = site.json(
        "李娜",
        &["visitor", "list", "--inside", "--find", "王五", "--json"],
        "",
    );
    assert_eq!(inside.as_array().map(|a| a.len()), Some(1));
    for (carrier, kind) in [("顺丰", "parcel"), ("邮政", "registered")] {
        site.json(
            "李娜",
            &[
                "parcel",
                "receive",
                "--unit",
                "3-2-1201",
                "--kind",
                kind,
                "--carrier",
                carrier,
                "--json",
            ],
            "1234\n",
        );
    }
    let waiting = site.json(
        "李娜",
        &[
            "parcel",
            "list",
            "--waiting",
            "--find",
            "3-2-1201",
            "--json",
        ],
        "",
    );
    assert_eq!(waiting.as_array().map(|a| a.len()), Some(2));
    // Registered post without a signature: refused.
    let reg = waiting
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "registered")
        .unwrap();
    let reg_id = reg["id"].as_i64().unwrap().to_string();
    let (code, _, err) = site.run(
        "李娜",
        NOW,
        &["parcel", "pickup", &reg_id, "--by", "王建国"],
        "1234\n",
    );
    assert_eq!(code, 1, "{err}");
    // lookup --json: the unit's open items.
    let file = site.json("李娜", &["lookup", "3-2-1201", "--json"], "");
    let r = &file["registers"];
    assert_eq!(r["visitors_inside"].as_array().map(|a| a.len()), Some(1));
    assert_eq!(r["parcels_waiting"].as_array().map(|a| a.len()), Some(2));
    let (code, text, _) = site.run("李娜", NOW, &["lookup", "3-2-1201"], "");
    assert_eq!(code, 0);
    assert!(text.contains("登记事项"), "{text}");
    let out = site.json("李娜", &["visitor", "out", &id, "--json"], "1234\n");
    assert_eq!(out["state"], "left");
    let file = site.json("李娜", &["lookup", "3-2-1201", "--json"], "");
    assert_eq!(
        file["registers"]["visitors_inside"]
            .as_array()
            .map(|a| a.len()),
        Some(0)
    );
}

#[test]
fn a_renovation_through_the_cli() {
    let site = Site::new();
    let r = site.json(
        "张敏",
        &[
            "renovation",
            "new",
            "--unit",
            "3-2-1201",
            "--applicant",
            "王建国",
            "--contractor",
            "美家装饰",
            "--responsible",
            "钱工",
            "--phone",
            "13800001111",
            "--licence-checked",
            "--scope",
            "厨卫改造",
            "--start",
            "2026-11-25",
            "--end",
            "2027-01-20",
            "--papers-complete",
            "--json",
        ],
        "1234\n",
    );
    assert_eq!(r["state"], "applied");
    // Due within 3 working days: Thu 26 Nov.
    assert_eq!(r["approval_due_at"], "2026-11-26 23:59:59");
    let id = r["id"].as_i64().unwrap().to_string();
    // An operator cannot approve; a supervisor can (by step or target state).
    let (code, _, err) = site.run(
        "张敏",
        NOW,
        &["renovation", "move", &id, "--to", "approve"],
        "1234\n",
    );
    assert_eq!(code, 1, "{err}");
    let a = site.json(
        "陈静",
        &["renovation", "move", &id, "--to", "approved", "--json"],
        "1234\n",
    );
    assert_eq!(a["state"], "approved");
    // An illegal step lists the allowed ones.
    let (code, _, err) = site.run(
        "张敏",
        NOW,
        &["renovation", "move", &id, "--to", "close"],
        "1234\n",
    );
    assert_eq!(code, 1);
    assert!(err.contains("start"), "{err}");
    site.json(
        "张敏",
        &[
            "renovation",
            "move",
            &id,
            "--to",
            "pay",
            "--item",
            "deposit",
            "--amount",
            "3000",
            "--receipt",
            "R-1",
            "--json",
        ],
        "1234\n",
    );
    site.json(
        "张敏",
        &["renovation", "move", &id, "--to", "start", "--json"],
        "1234\n",
    );
    let w = site.json(
        "张敏",
        &[
            "renovation",
            "move",
            &id,
            "--to",
            "worker_pass",
            "--kind",
            "worker",
            "--name",
            "孙师傅",
            "--valid-until",
            "2026-12-31",
            "--json",
        ],
        &format!("1234\n{ID}\n"),
    );
    // The demo's renovation has the year's first.
    assert_eq!(w["passes"][0]["no"], "SG2026-0002");
    let shown = site.json("张敏", &["renovation", "show", &id, "--json"], "");
    assert_eq!(shown["history"].as_array().map(|a| a.len()), Some(5));
}

#[test]
fn move_in_and_move_out_through_the_cli() {
    let site = Site::new();
    let store = frontdesk::store::Store::open(Path::new(&site.db()), common::ZONE).unwrap();
    let unit: String = store
        .conn()
        .query_row(
            "SELECT u.code FROM units u WHERE NOT EXISTS (SELECT 1 FROM households h
             WHERE h.unit_id = u.id AND h.move_out IS NULL) ORDER BY u.id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(store);
    // Not the whole checklist: refused, nothing written.
    let (code, _, err) = site.run(
        "王芳",
        NOW,
        &[
            "move-in", "--unit", &unit, "--kind", "tenant", "--name", "赵六", "--papers",
        ],
        "1234\n",
    );
    assert_eq!(code, 1, "{err}");
    let m = site.json(
        "王芳",
        &[
            "move-in",
            "--unit",
            &unit,
            "--kind",
            "tenant",
            "--name",
            "赵六",
            "--phone",
            "13900002222",
            "--id",
            "--papers",
            "--id-copy",
            "--inspected",
            "--keys",
            "2",
            "--key-receipt",
            "K-1",
            "--meters",
            "水 12 电 345",
            "--json",
        ],
        &format!("1234\n{ID}\n"),
    );
    assert_eq!(m["state"], "done");
    assert_eq!(m["id_number"], "110***********1233");
    let file = site.json("王芳", &["lookup", &unit, "--json"], "");
    assert!(file.to_string().contains("赵六"), "{file}");
    let out = site.json(
        "王芳",
        &[
            "move-out",
            "--unit",
            &unit,
            "--kind",
            "tenant",
            "--keys-returned",
            "--meters",
            "水 20",
            "--json",
        ],
        "1234\n",
    );
    assert_eq!(out["state"], "done");
    assert_eq!(out["date"], "2026-11-23");
}

/// A plain SQLite connection, as someone with the sqlite3 shell has.
fn raw(site: &Site) -> rusqlite::Connection {
    rusqlite::Connection::open(site.db()).expect("open raw")
}

#[test]
fn check_finds_a_register_event_changed_or_forged_by_hand() {
    let site = Site::new();
    let mut args = issue_args();
    args.extend(["--confirmed-by", "王建国", "--confirmed-via", "phone"]);
    let p = site.json("张敏", &args, &format!("1234\n{ID}\n"));
    let id = p["id"].as_i64().expect("id");
    // Clean after the demo and a pass issued through frontdesk.
    let (code, out, err) = site.run("张敏", NOW, &["check"], "");
    assert_eq!(code, 0, "{out}{err}");
    let (event, forged) = {
        let c = raw(&site);
        let event: i64 = c
            .query_row(
                "SELECT id FROM register_events WHERE register = 'pass' AND record_id = ?1",
                [id],
                |r| r.get(0),
            )
            .expect("the issue's event");
        // Who issued it, rewritten after dropping the append-only trigger.
        c.execute_batch("DROP TRIGGER register_events_no_update;")
            .expect("drop trigger");
        c.execute(
            "UPDATE register_events SET actor_id = (SELECT id FROM staff WHERE name = '李娜')
             WHERE id = ?1",
            [event],
        )
        .expect("tamper");
        // And a step that never happened, inserted by hand.
        c.execute(
            "INSERT INTO register_events (register, record_id, at, actor_id, action, from_state,
                 to_state, note, data)
             SELECT 'pass', ?1, 1795399200, id, 'use', 'issued', 'used', '', '{}'
             FROM staff WHERE name = '郑勇'",
            [id],
        )
        .expect("forge");
        (event, c.last_insert_rowid())
    };
    let (code, out, err) = site.run("张敏", NOW, &["check"], "");
    assert_eq!(code, 1, "{out}{err}");
    let all = format!("{out}{err}");
    assert!(
        all.contains(&format!("register_events 行 #{event}")),
        "{all}"
    );
    assert!(all.contains("写入后被改动过"), "{all}");
    assert!(
        all.contains(&format!("register_events 行 #{forged}")),
        "{all}"
    );
    assert!(all.contains("不是本程序写入的"), "{all}");
    // The pass's items are chained too: one changed is found.
    {
        let c = raw(&site);
        c.execute_batch(
            "DROP TRIGGER goods_pass_items_no_update;
             UPDATE goods_pass_items SET quantity = 30 WHERE line = 2;",
        )
        .expect("tamper items");
    }
    let (code, out, err) = site.run("张敏", NOW, &["check", "--json"], "");
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let tables: Vec<&str> = v["breaches"]
        .as_array()
        .expect("breaches")
        .iter()
        .filter_map(|b| b["table"].as_str())
        .collect();
    assert!(tables.contains(&"goods_pass_items"), "{v}");
}

#[test]
fn check_replays_each_register_record_from_its_steps() {
    let site = Site::new();
    // The demo's records, each made through the registers' steps: clean.
    let (code, out, err) = site.run("张敏", NOW, &["check", "--json"], "");
    assert_eq!(code, 0, "{out}{err}");
    // A pass marked used with the sqlite3 shell, not at the gate.
    let id: i64 = {
        let c = raw(&site);
        let id: i64 = c
            .query_row(
                "SELECT id FROM goods_passes WHERE state = 'issued'",
                [],
                |r| r.get(0),
            )
            .expect("an open pass");
        c.execute(
            "UPDATE goods_passes SET state = 'used', used_at = issued_at + 60 WHERE id = ?1",
            [id],
        )
        .expect("set by hand");
        id
    };
    let (code, out, err) = site.run("张敏", NOW, &["check", "--lang", "en"], "");
    assert_eq!(code, 1, "{out}{err}");
    let all = format!("{out}{err}");
    assert!(all.contains(&format!("goods_passes row #{id}")), "{all}");
    assert!(
        all.contains("does not follow from the audit trail"),
        "{all}"
    );
}
