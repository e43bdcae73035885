//! Nothing lost, nothing forged, nothing confusing: the command line through
//! the real binary on a copy of one demo database. Privacy (masked phones,
//! ID numbers never in argv), bad input refused with exit 2 and a clear
//! message (never a panic), and answers in the operator's language.
//!
//! Writes pass the operator's PIN as the first line of stdin, as they will
//! once authentication lands (the demo PIN is 1234).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

/// Monday: the demo is built at this time and the tests run at it unless
/// they say otherwise.
const NOW: &str = "2026-11-23 10:00";
/// The operator's PIN line for a write.
const PIN: &str = "1234\n";

struct Site {
    dir: tempfile::TempDir,
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_frontdesk")
}

fn base(dir: &std::path::Path, now: &str) -> Command {
    let mut c = Command::new(bin());
    c.env("FRONTDESK_NOW", now)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("FRONTDESK_DB")
        .env_remove("FRONTDESK_CONFIG")
        .env_remove("RUST_BACKTRACE");
    c
}

/// One demo database per test binary; each test works on its own copy.
fn template() -> &'static PathBuf {
    static T: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, p) = T.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("demo.db");
        let o = base(dir.path(), NOW)
            .arg("--db")
            .arg(&db)
            .args(["init", "--demo"])
            .output()
            .expect("init");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        (dir, db)
    });
    p
}

fn site() -> Site {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(template(), dir.path().join("t.db")).expect("copy");
    Site { dir }
}

impl Site {
    fn db(&self) -> PathBuf {
        self.dir.path().join("t.db")
    }

    fn cmd_at(&self, now: &str, args: &[&str]) -> Command {
        let mut c = base(self.dir.path(), now);
        c.arg("--db").arg(self.db()).args(args);
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_at(NOW, args)
    }

    fn run_at(&self, now: &str, args: &[&str]) -> Output {
        self.input_at(now, args, "")
    }

    /// A write as 张敏 with her PIN on stdin.
    fn write(&self, args: &[&str]) -> Output {
        self.write_at(NOW, args)
    }

    fn write_at(&self, now: &str, args: &[&str]) -> Output {
        let mut all = vec!["--operator", "张敏"];
        all.extend_from_slice(args);
        self.input_at(now, &all, PIN)
    }

    fn input_at(&self, now: &str, args: &[&str], input: &str) -> Output {
        let mut child = self
            .cmd_at(now, args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut stdin = child.stdin.take().expect("stdin");
        // The program may exit before reading it all.
        let _ = stdin.write_all(input.as_bytes());
        drop(stdin);
        child.wait_with_output().expect("wait")
    }
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", out(o), err(o)))
}

fn ok(o: &Output) {
    assert!(o.status.success(), "exit {:?}: {}", o.status.code(), err(o));
}

/// Bad input: exit 2 with a message, never a panic.
fn usage(o: &Output) -> String {
    let e = err(o);
    assert_eq!(o.status.code(), Some(2), "stdout {} stderr {e}", out(o));
    assert!(!e.contains("panicked"), "{e}");
    e
}

// ---------------------------------------------------------------------------
// Output into a closed pipe
// ---------------------------------------------------------------------------

/// `frontdesk … | head -1`: the reader has gone. The program stops quietly
/// with exit 0, as other Unix tools do, instead of panicking.
#[test]
fn a_closed_pipe_ends_quietly() {
    let s = site();
    let cmds: &[&[&str]] = &[
        &["ticket", "list"],
        &["ticket", "list", "--json"],
        &["ticket", "show", "1"],
        &["lookup", "3-2-1201"],
        &["keys"],
        &["keys", "show", "A-01"],
        &["callbacks"],
        &["handover", "pending"],
        &["log", "promises"],
    ];
    for args in cmds {
        let mut child = s
            .cmd_at(NOW, args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        // Close the reading end before the program writes anything.
        drop(child.stdout.take());
        let o = child.wait_with_output().expect("wait");
        let e = err(&o);
        assert!(!e.contains("panicked"), "{args:?}: {e}");
        assert_eq!(o.status.code(), Some(0), "{args:?}: {e}");
    }
}

// ---------------------------------------------------------------------------
// Privacy
// ---------------------------------------------------------------------------

/// No output path of the command line shows a reporter's full phone: not
/// `ticket new`, `move` or `show`, in text or JSON, nor `list` or `lookup`.
/// (The operator dials from the intake form, the board and the callback
/// screen, which show it.)
#[test]
fn reporter_phones_are_masked_in_every_cli_output() {
    let s = site();
    let full = "13912345678";
    let masked = "139****5678";
    let new = |json: bool| {
        let mut args = vec![
            "ticket",
            "new",
            "--kind",
            "repair",
            "--unit",
            "3-2-1201",
            "--text",
            "厨房水龙头漏水",
            "--reporter",
            "王先生",
            "--phone",
            full,
        ];
        if json {
            args.push("--json");
        }
        s.write(&args)
    };
    let o = new(true);
    ok(&o);
    assert!(!out(&o).contains(full), "{}", out(&o));
    let t = json(&o);
    assert_eq!(t["phone"], masked);
    let id = t["id"].as_i64().unwrap().to_string();
    let o = new(false);
    ok(&o);
    assert!(!out(&o).contains(full), "{}", out(&o));
    assert!(out(&o).contains(masked), "{}", out(&o));

    let o = s.write(&[
        "ticket",
        "move",
        &id,
        "--to",
        "dispatched",
        "--dept",
        "engineering",
        "--json",
    ]);
    ok(&o);
    assert_eq!(json(&o)["phone"], masked);
    let o = s.write(&["ticket", "move", &id, "--to", "accepted"]);
    ok(&o);
    assert!(!out(&o).contains(full), "{}", out(&o));

    for args in [
        vec!["ticket", "show", id.as_str()],
        vec!["ticket", "show", id.as_str(), "--json"],
        vec!["ticket", "list"],
        vec!["ticket", "list", "--json"],
        vec!["lookup", "3-2-1201"],
        vec!["lookup", "3-2-1201", "--json"],
    ] {
        let o = s.run(&args);
        ok(&o);
        assert!(!out(&o).contains(full), "{args:?}: {}", out(&o));
    }
    let o = s.run(&["ticket", "show", &id, "--json"]);
    assert_eq!(json(&o)["ticket"]["phone"], masked);
    let o = s.run(&["ticket", "show", &id]);
    assert!(out(&o).contains(masked), "{}", out(&o));
}

/// What `keys lend` reads from stdin, one per line: the operator's PIN (once
/// authentication asks for it: [`PIN`]), the approver's PIN when there is an
/// approver, then the borrower's ID number.
fn lend_input(approver_pin: Option<&str>, id_no: &str) -> String {
    // The operator's own PIN comes first (the sign-in), then the approver's.
    let mut s = String::from(PIN);
    if let Some(p) = approver_pin {
        s.push_str(p);
        s.push('\n');
    }
    s.push_str(id_no);
    s.push('\n');
    s
}

/// A borrower's ID number never goes into argv (`ps`, shell history): it
/// is read from stdin after the PINs, and `--id-no` is refused saying so.
#[test]
fn keys_lend_reads_the_id_number_from_stdin_not_argv() {
    let s = site();
    let id_no = "110101199003071234";
    let lend = |extra: &[&str], input: &str| {
        let mut args = vec![
            "--operator",
            "张敏",
            "keys",
            "lend",
            "--key",
            "A-05",
            "--type",
            "contractor",
            "--name",
            "钱师傅",
            "--phone",
            "13812340000",
            "--reason",
            "检修水管",
            "--approver",
            "陈静",
            "--signed",
            "--json",
        ];
        args.extend_from_slice(extra);
        s.input_at(NOW, &args, input)
    };
    // In argv: refused, saying how, and nothing lent.
    let o = lend(&["--id-no", id_no], &lend_input(Some("1234"), ""));
    let e = usage(&o);
    assert!(e.contains("--id-no") && e.contains("--help"), "{e}");
    let o = s.run(&["keys", "--out", "--json"]);
    assert!(!out(&o).contains("钱师傅"));
    // From stdin after the approver's PIN: lent, the number stored (masked
    // in the answer).
    let o = lend(&[], &lend_input(Some("1234"), id_no));
    ok(&o);
    let loan = json(&o);
    assert_eq!(loan["borrower_name"], "钱师傅");
    assert_eq!(loan["borrower_id_no"], "110***********1234");
    // The help says what is read, in which order.
    let o = s.run(&["keys", "lend", "--help"]);
    let help = out(&o);
    assert!(
        help.contains("stdin") && help.contains("ID number"),
        "{help}"
    );
    assert!(!help.contains("--id-no"), "{help}");
}

// ---------------------------------------------------------------------------
// Bad input: a clear refusal (exit 2), never a panic or a silent accept
// ---------------------------------------------------------------------------

impl Site {
    /// Run with a config file holding `toml`.
    fn with_config(&self, toml: &str, args: &[&str]) -> Output {
        let path = self.dir.path().join("site.toml");
        std::fs::write(&path, toml).expect("config");
        let p = path.to_string_lossy().into_owned();
        let mut all = vec!["--config", p.as_str(), "--operator", "张敏"];
        all.extend_from_slice(args);
        self.input_at(NOW, &all, PIN)
    }
}

/// Every number of the config is checked when it is read, for every
/// command, with a message naming the key and the allowed range: out of
/// range it used to panic a write (exit 101) or spin for seconds first.
#[test]
fn config_numbers_out_of_range_are_refused_at_load() {
    let s = site();
    let complaint = [
        "ticket",
        "new",
        "--kind",
        "complaint",
        "--unit",
        "3-2-1201",
        "--reporter",
        "王先生",
        "--text",
        "噪音",
        "--urgency",
        "not_urgent",
    ];
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "[deadlines]\ndispatch_minutes = 9999999999999\n",
            "dispatch_minutes",
            &complaint,
        ),
        (
            "[deadlines]\nreply_not_urgent_working_days = 1000000000\n",
            "reply_not_urgent_working_days",
            &complaint,
        ),
        (
            "[deadlines]\ncollect_minutes = -3\n",
            "collect_minutes",
            &["lookup", "3-2-1201"],
        ),
        (
            "[deadlines]\ndue_soon_minutes = 99999999999\n",
            "due_soon_minutes",
            &["ticket", "list"],
        ),
        (
            "[callbacks]\nretry_after_hours = 4000000000\n",
            "retry_after_hours",
            &["callbacks"],
        ),
        (
            "[callbacks]\nmax_attempts = 100000\n",
            "max_attempts",
            &["callbacks"],
        ),
        (
            "[shifts]\nhandover_grace_minutes = -5\n",
            "handover_grace_minutes",
            &["lookup", "3-2-1201"],
        ),
        // A shift start that is no time: refused for every command, not only `log`.
        (
            "[[shifts.shift]]\ncode = \"day\"\nname = \"白班\"\nstart = \"99:00\"\n",
            "99:00",
            &["lookup", "3-2-1201"],
        ),
        (
            "[[shifts.shift]]\ncode = \"day\"\nname = \"白班\"\nstart = \"99:00\"\n",
            "99:00",
            &complaint,
        ),
    ];
    for (toml, key, args) in cases {
        let o = s.with_config(toml, args);
        let e = usage(&o);
        assert!(e.contains(key), "{toml}: {e}");
    }
    // The range is named.
    let o = s.with_config(
        "[deadlines]\ndispatch_minutes = 0\n",
        &["lookup", "3-2-1201"],
    );
    let e = usage(&o);
    assert!(e.contains("1") && e.contains("1440"), "{e}");
    // The shipped example passes.
    let example =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config.example.toml"))
            .expect("example");
    ok(&s.with_config(&example, &["lookup", "3-2-1201"]));
}

/// Every time argument goes through the one time parser and its limits: a
/// deadline already past or absurdly far is refused (the board used to show
/// "超740317天"), a consent date still to come too.
#[test]
fn due_times_in_the_past_or_absurdly_far_are_refused() {
    let s = site();
    let new = |due: &str| {
        s.write(&[
            "ticket",
            "new",
            "--unit",
            "3-2-1201",
            "--reporter",
            "王先生",
            "--text",
            "门锁坏了",
            "--due",
            due,
            "--json",
        ])
    };
    for due in [
        "0000-01-01 00:00",
        "9999-12-31 23:59",
        "2020-01-01 10:00",
        "2028-01-01 10:00",
    ] {
        let e = usage(&new(due));
        assert!(e.contains("--due"), "{due}: {e}");
    }
    let o = new("明天 12:00");
    ok(&o);
    assert_eq!(json(&o)["requested_due_at"], "2026-11-24T12:00:00+08:00");
    // Nothing was registered by the refusals.
    let o = s.run(&["ticket", "list", "--json"]);
    let n = json(&o)
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["description"] == "门锁坏了")
        .count();
    assert_eq!(n, 1);

    let lend = |due: &str| {
        s.input_at(
            NOW,
            &[
                "--operator",
                "张敏",
                "keys",
                "lend",
                "--key",
                "A-05",
                "--type",
                "owner",
                "--name",
                "王先生",
                "--reason",
                "取物",
                "--signed",
                "--due",
                due,
            ],
            &lend_input(None, "110101199003071234"),
        )
    };
    for due in ["2099-01-01 10:00", "2020-01-01 10:00", "0000-01-01 00:00"] {
        let e = usage(&lend(due));
        assert!(e.contains("--due"), "{due}: {e}");
    }
    let add = |at: &str| {
        s.write(&[
            "keys",
            "add",
            "--unit",
            "3-2-1201",
            "--kind",
            "storage",
            "--consent-by",
            "王建国",
            "--purpose",
            "整改",
            "--consent-at",
            at,
        ])
    };
    for at in ["2099-01-01", "明天"] {
        let e = usage(&add(at));
        assert!(e.contains("--consent-at"), "{at}: {e}");
    }
    ok(&add("昨天"));
}

/// Names, places and phones are checked in one place the screens, the
/// command line and the store share: too long, or a phone that is no phone,
/// is refused naming the field; a phone typed in full-width digits or with
/// separators is stored in one form.
#[test]
fn reporter_location_and_phone_are_checked_and_phones_normalised() {
    let s = site();
    let new = |extra: &[&str]| {
        let mut args = vec!["ticket", "new", "--text", "漏水", "--json"];
        args.extend_from_slice(extra);
        s.write(&args)
    };
    // 90 KB: one argument may hold at most 128 KB.
    let long = "王".repeat(30_000);
    let e = usage(&new(&["--unit", "3-2-1201", "--reporter", &long]));
    assert!(
        e.contains("报事人") && e.contains("30"),
        "{}",
        &e[..e.len().min(300)]
    );
    let e = usage(&new(&["--location", &long, "--reporter", "王先生"]));
    assert!(
        e.contains("位置") && e.contains("60"),
        "{}",
        &e[..e.len().min(300)]
    );
    for bad in ["((((12345))))", "12345", "138abc45678"] {
        let e = usage(&new(&[
            "--unit",
            "3-2-1201",
            "--reporter",
            "王先生",
            "--phone",
            bad,
        ]));
        assert!(e.contains("电话"), "{bad}: {e}");
    }
    for (typed, shown) in [
        ("１３８１２３４５６７８", "138****5678"),
        ("138-1234-5678", "138****5678"),
        ("+86 138 1234 5678", "138****5678"),
        ("（０２１）６２３４５６７８", "021*****5678"),
    ] {
        let o = new(&[
            "--unit",
            "3-2-1201",
            "--reporter",
            "王先生",
            "--phone",
            typed,
        ]);
        ok(&o);
        assert_eq!(json(&o)["phone"], shown, "{typed}");
    }
}

/// A filter code nobody knows is bad input (exit 2) naming the valid
/// ones, not an empty list with exit 0.
#[test]
fn unknown_filter_codes_are_refused_listing_the_valid_ones() {
    let s = site();
    let e = usage(&s.run(&["ticket", "list", "--dept", "bogus"]));
    assert!(e.contains("bogus") && e.contains("engineering"), "{e}");
    for args in [
        ["ticket", "list", "--state", "bogus"],
        ["ticket", "list", "--kind", "bogus"],
    ] {
        let e = usage(&s.run(&args));
        assert!(
            e.contains("bogus") && e.contains("repair") || e.contains("registered"),
            "{e}"
        );
    }
    // A department by its code or its name.
    ok(&s.run(&["ticket", "list", "--dept", "engineering"]));
    ok(&s.run(&["ticket", "list", "--dept", "工程部"]));
}

/// Text is stored as typed and shown inert: an escape sequence in a
/// description prints as `␛[2J`, it cannot clear the operator's screen or
/// retitle the terminal; a line break or tab inside a field cannot break a
/// list's columns.
#[test]
fn control_characters_in_stored_text_are_shown_inert() {
    let s = site();
    let text = "水管爆了\x1b[2J\x1b]0;pwned\x07\t快来\n二楼也漏";
    let o = s.write(&[
        "ticket",
        "new",
        "--unit",
        "3-2-1201",
        "--reporter",
        "王先生",
        "--text",
        text,
        "--json",
    ]);
    ok(&o);
    let t = json(&o);
    // Stored as typed.
    assert_eq!(t["description"], text);
    let id = t["id"].as_i64().unwrap().to_string();
    for args in [
        vec!["ticket", "show", id.as_str()],
        vec!["ticket", "list"],
        vec!["lookup", "3-2-1201"],
    ] {
        let o = s.run(&args);
        ok(&o);
        let shown = out(&o);
        assert!(
            !shown.contains('\x1b') && !shown.contains('\x07'),
            "{args:?}: {shown:?}"
        );
        assert!(shown.contains("␛[2J"), "{args:?}: {shown}");
    }
    // A list row stays one row of the same columns.
    let o = s.run(&["ticket", "list"]);
    let row = out(&o)
        .lines()
        .find(|l| l.starts_with(&format!("#{id}\t")))
        .map(str::to_string)
        .unwrap();
    let first = out(&o).lines().next().unwrap().to_string();
    assert_eq!(
        row.matches('\t').count(),
        first.matches('\t').count(),
        "{row}"
    );
}

// ---------------------------------------------------------------------------
// Wrong or confusing answers
// ---------------------------------------------------------------------------

/// A pending deadline already past is "overdue" in `ticket show`, text and
/// JSON, as the board and `ticket list --overdue` say, not "pending".
#[test]
fn ticket_show_calls_a_past_pending_deadline_overdue() {
    let s = site();
    let later = "2026-11-23 12:00";
    let o = s.run_at(later, &["ticket", "list", "--overdue", "--json"]);
    ok(&o);
    let overdue = json(&o);
    let id = overdue[0]["id"].as_i64().unwrap().to_string();
    let o = s.run_at(later, &["ticket", "show", &id, "--json"]);
    ok(&o);
    let v = json(&o);
    let ds = v["deadlines"].as_array().unwrap();
    assert!(ds.iter().any(|d| d["status"] == "overdue"), "{ds:?}");
    assert!(!ds.iter().any(|d| d["status"] == "pending"
        && d["due_at"].as_str().unwrap() < "2026-11-23 12:00"), "{ds:?}");
    let o = s.run_at(later, &["ticket", "show", &id]);
    let text = out(&o);
    assert!(text.contains("已超时"), "{text}");
    assert!(!text.contains("pending"), "{text}");
    // Before it falls due it is pending (待办).
    let o = s.write(&[
        "ticket",
        "new",
        "--unit",
        "3-2-1201",
        "--reporter",
        "王先生",
        "--text",
        "门铃坏了",
        "--json",
    ]);
    let id = json(&o)["id"].as_i64().unwrap().to_string();
    let o = s.run(&["ticket", "show", &id, "--json"]);
    assert_eq!(json(&o)["deadlines"][0]["status"], "pending");
    let o = s.run(&["ticket", "show", &id]);
    assert!(out(&o).contains("未到期"), "{}", out(&o));
}

impl Site {
    /// An emergency at 5-2-601 taken on scene and recorded; its number.
    fn recorded_emergency(&self) -> String {
        let o = self.write(&[
            "ticket",
            "new",
            "--kind",
            "emergency",
            "--unit",
            "5-2-601",
            "--reporter",
            "刘女士",
            "--text",
            "厨房水管爆裂",
            "--notify",
            "engineering",
            "--json",
        ]);
        ok(&o);
        let id = json(&o)["id"].as_i64().unwrap().to_string();
        ok(&self.write(&["ticket", "move", &id, "--to", "on_scene"]));
        ok(&self.write(&[
            "ticket",
            "move",
            &id,
            "--to",
            "recorded",
            "--what",
            "厨房进水总阀后水管爆裂",
            "--where",
            "5-2-601 厨房",
            "--severity",
            "serious",
            "--responders",
            "赵建军、陈静",
            "--losses",
            "楼下 5-2-501 吊顶受潮",
            "--photos",
            "--cause",
            "水管老化",
            "--measures",
            "更换水管，三日后回访楼下",
        ]));
        id
    }
}

/// The emergency record (紧急情况处理登记表) written at the scene is read
/// back: `ticket show` prints it, in text and JSON.
#[test]
fn ticket_show_prints_the_emergency_record() {
    let s = site();
    let id = s.recorded_emergency();
    let o = s.run(&["ticket", "show", &id]);
    ok(&o);
    let text = out(&o);
    for part in [
        "事件经过",
        "厨房进水总阀后水管爆裂",
        "严重程度",
        "严重",
        "到场人员",
        "赵建军、陈静",
        "楼下 5-2-501 吊顶受潮",
        "已拍照",
        "水管老化",
        "后续措施",
        "更换水管，三日后回访楼下",
    ] {
        assert!(text.contains(part), "{part}: {text}");
    }
    let o = s.run(&["ticket", "show", &id, "--json"]);
    let r = &json(&o)["emergency_record"];
    assert_eq!(r["what"], "厨房进水总阀后水管爆裂");
    assert_eq!(r["severity"], "serious");
    assert_eq!(r["photos_taken"], true);
    assert_eq!(r["recorded_by"], "张敏");
    assert!(r["signed_off_by"].is_null());
}

/// With both copies of a key out, the key list and lookup name each
/// borrower, not only the first.
#[test]
fn both_borrowers_of_a_key_are_named() {
    let s = site();
    // A-01 (3-2-1201) has two copies; the demo has one out with 赵建军.
    let o = s.input_at(
        NOW,
        &[
            "--operator",
            "张敏",
            "keys",
            "lend",
            "--key",
            "A-01",
            "--type",
            "owner",
            "--name",
            "王建国",
            "--reason",
            "业主取用",
            "--signed",
            "--due",
            "18:00",
        ],
        &lend_input(None, "110101199003071234"),
    );
    ok(&o);
    let o = s.run(&["keys"]);
    let line = out(&o)
        .lines()
        .find(|l| l.contains("A-01"))
        .unwrap()
        .to_string();
    assert!(line.contains("赵建军") && line.contains("王建国"), "{line}");
    let o = s.run(&["lookup", "3-2-1201"]);
    let text = out(&o);
    let line = text.lines().find(|l| l.contains("A-01")).unwrap();
    assert!(line.contains("赵建军") && line.contains("王建国"), "{text}");
    let o = s.run(&["lookup", "3-2-1201", "--json"]);
    let v = json(&o);
    let key = v["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["hook"] == "A-01")
        .unwrap();
    let names: Vec<&str> = key["out"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["borrower"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{key}");
    assert!(
        names.contains(&"赵建军") && names.contains(&"王建国"),
        "{key}"
    );
}

/// Codes a script reads in `--json`; the text an operator reads says them
/// in words. Parenthesised codes after a word (派工(dispatch)) are hints for
/// `--to` and allowed.
fn raw_codes(text: &str) -> Vec<String> {
    use frontdesk::domain::deadline::{DeadlineStatus, What};
    use frontdesk::domain::keys::KeyEventAction;
    use frontdesk::domain::{Action, Kind, State};
    let mut codes: Vec<&str> = Vec::new();
    codes.extend(Kind::ALL.iter().map(|k| k.code()));
    codes.extend(State::ALL.iter().map(|s| s.code()));
    codes.extend(Action::ALL.iter().map(|a| a.code()));
    codes.extend(What::ALL.iter().map(|w| w.code()));
    codes.extend(DeadlineStatus::ALL.iter().map(|s| s.code()));
    codes.extend(KeyEventAction::ALL.iter().map(|a| a.code()));
    codes.extend([
        "create",
        "callback",
        "engineering",
        "security",
        "cleaning",
        "loan",
        "good",
    ]);
    // Drop the hints in parentheses.
    let mut plain = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let words: Vec<&str> = plain
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    codes
        .into_iter()
        .filter(|c| words.contains(c))
        .map(str::to_string)
        .collect()
}

/// The Chinese command line speaks Chinese: kinds, states, steps, deadline
/// names and statuses, key events, in words, not codes.
#[test]
fn chinese_cli_output_has_no_raw_codes() {
    let s = site();
    let o = s.write(&[
        "ticket",
        "new",
        "--kind",
        "complaint",
        "--unit",
        "3-2-1201",
        "--reporter",
        "王先生",
        "--text",
        "楼上噪音",
        "--urgency",
        "not_urgent",
    ]);
    ok(&o);
    let text = out(&o);
    assert!(
        raw_codes(&text).is_empty(),
        "{:?}\n{text}",
        raw_codes(&text)
    );
    assert!(text.contains("投诉") && text.contains("已分类"), "{text}");
    let id = text
        .trim_start_matches('#')
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .to_string();
    let o = s.write(&[
        "ticket",
        "move",
        &id,
        "--to",
        "dispatched",
        "--dept",
        "security",
    ]);
    ok(&o);
    assert!(raw_codes(&out(&o)).is_empty(), "{}", out(&o));
    for args in [
        vec!["ticket", "show", id.as_str()],
        vec!["ticket", "list"],
        vec!["keys", "show", "A-01"],
        vec!["keys"],
        vec!["keys", "--out"],
        vec!["lookup", "3-2-1201"],
    ] {
        let o = s.run(&args);
        ok(&o);
        let text = out(&o);
        assert!(
            raw_codes(&text).is_empty(),
            "{args:?}: {:?}\n{text}",
            raw_codes(&text)
        );
    }
    // Messages too.
    for (args, words) in [
        (
            vec![
                "keys", "lend", "--key", "A-05", "--type", "owner", "--name", "王", "--reason",
                "x", "--ticket", "abc",
            ],
            "工单",
        ),
        (vec!["callbacks", "samples", "--month", "2026-13"], "月份"),
    ] {
        let o = s.write(&args);
        let e = err(&o);
        assert!(e.contains(words), "{args:?}: {e}");
    }
    let o = s.run(&["--config", "/nonexistent/site.toml", "lookup", "3-2-1201"]);
    let e = usage(&o);
    assert!(
        e.contains("配置") && e.contains("/nonexistent/site.toml"),
        "{e}"
    );
}

/// `ticket new` for a unit with a household on file takes the reporter and
/// phone from it (the primary contact, as the intake screen does) instead
/// of demanding `--reporter`.
#[test]
fn ticket_new_fills_the_reporter_from_the_household() {
    let s = site();
    let o = s.write(&[
        "ticket",
        "new",
        "--unit",
        "3-2-1201",
        "--text",
        "门铃坏了",
        "--json",
    ]);
    ok(&o);
    let t = json(&o);
    assert_eq!(t["reporter"], "王建国");
    assert_eq!(t["phone"], "138****5678");
    // A reporter given is kept, with no phone guessed for them.
    let o = s.write(&[
        "ticket",
        "new",
        "--unit",
        "3-2-1201",
        "--text",
        "门铃坏了",
        "--reporter",
        "快递员",
        "--json",
    ]);
    ok(&o);
    let t = json(&o);
    assert_eq!(t["reporter"], "快递员");
    assert_eq!(t["phone"], "");
    // A given phone is kept with the household's name.
    let o = s.write(&[
        "ticket",
        "new",
        "--unit",
        "3-2-1201",
        "--text",
        "门铃坏了",
        "--phone",
        "13912345678",
        "--json",
    ]);
    ok(&o);
    let t = json(&o);
    assert_eq!(
        (t["reporter"].as_str(), t["phone"].as_str()),
        (Some("王建国"), Some("139****5678"))
    );
    // A public place has no household: the reporter is still asked for.
    let e = usage(&s.write(&["ticket", "new", "--location", "3栋大堂", "--text", "灯不亮"]));
    assert!(e.contains("报事人"), "{e}");
}

/// A stale edit on the command line says what changed, by whom and when,
/// that nothing was saved, and how to retry — the CLI reloads nothing, so
/// it does not say it did.
#[test]
fn a_stale_cli_edit_says_what_changed_and_how_to_retry() {
    let s = site();
    let o = s.write(&[
        "ticket",
        "new",
        "--unit",
        "3-2-1201",
        "--text",
        "门铃坏了",
        "--json",
    ]);
    let id = json(&o)["id"].as_i64().unwrap().to_string();
    // 李娜 dispatches it meanwhile.
    let o = s.input_at(
        "2026-11-23 10:05",
        &[
            "--operator",
            "李娜",
            "ticket",
            "move",
            &id,
            "--to",
            "dispatched",
            "--dept",
            "engineering",
        ],
        PIN,
    );
    ok(&o);
    // 张敏 still had version 1.
    let o = s.write_at(
        "2026-11-23 10:06",
        &[
            "ticket",
            "move",
            &id,
            "--to",
            "cancelled",
            "--reason",
            "重复登记",
            "--expect-version",
            "1",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let e = err(&o);
    assert!(!e.contains("刷新"), "{e}");
    for part in ["李娜", "10:05", "已派工", "--expect-version 2", "没有保存"] {
        assert!(e.contains(part), "{part}: {e}");
    }
    // Nothing was written.
    let o = s.run(&["ticket", "show", &id, "--json"]);
    assert_eq!(json(&o)["ticket"]["state"], "dispatched");
    // A callback recorded on a version it no longer has: the same.
    let o = s.run(&["callbacks", "--json"]);
    let task = &json(&o)["callbacks"][0];
    let (cb, version) = (
        task["id"].as_i64().unwrap(),
        task["version"].as_i64().unwrap(),
    );
    let o = s.write(&[
        "callbacks",
        "record",
        &cb.to_string(),
        "--result",
        "unreached",
        "--note",
        "无人接听",
        "--expect-version",
        &(version + 5).to_string(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let e = err(&o);
    assert!(
        !e.contains("刷新") && e.contains(&format!("--expect-version {version}")),
        "{e}"
    );
}
