//! End to end: a step only a supervisor may take, authorised on the spot at
//! the board. The operator signed in is offered the step marked as needing a
//! supervisor; the supervisor standing by is chosen in the form and types
//! their PIN. A wrong PIN is refused (whose, and that nothing was done) with
//! the form kept and nothing written to the ticket; the right one takes the
//! step, and the audit names both people.

mod common;

use common::pty::{self, keys, Pty};
use common::*;
use frontdesk::domain::{Channel, Kind, State};
use frontdesk::store::tickets::NewTicket;
use std::time::Duration;

const NOW: &str = "2026-11-23 10:00";

/// A complaint just registered, not yet classified: judging it invalid is
/// a supervisor's step (003).
fn registered_complaint(db: &mut Db) -> i64 {
    let op = db.staff("李娜");
    let new = NewTicket {
        kind: Some(Kind::Complaint),
        unit: Some("3-2-1201".into()),
        channel: Some(Channel::Phone),
        reporter: "王建国".into(),
        description: "要求物业赔偿自家装修损坏的地板".into(),
        ..Default::default()
    };
    let t = db
        .store
        .create_ticket(&new, &op, at("2026-11-23 09:40"))
        .unwrap();
    assert_eq!(t.state, State::Registered);
    t.id
}

/// The number the step picker gives the line holding `label`.
fn step_number(screen: &str, label: &str) -> String {
    let line = screen
        .lines()
        .find(|l| l.contains(label))
        .unwrap_or_else(|| panic!("no step {label:?} offered:\n{screen}"));
    let before = &line[..line.find(label).unwrap()];
    before
        .split_whitespace()
        .rev()
        .find(|w| w.chars().all(|c| c.is_ascii_digit()))
        .unwrap_or_else(|| panic!("no number before {label:?}: {line}"))
        .to_string()
}

#[test]
fn supervisor_authorises_a_step_at_the_board() {
    let mut db = site_db();
    let id = registered_complaint(&mut db);
    let path = db.path();
    let db_s = path.to_str().unwrap();
    let events_before = db.store.events(id).unwrap().len();

    let mut p = Pty::spawn(&["--db", db_s, "--operator", "张敏"], NOW);
    p.sign_in("1234");
    p.wait_for("张敏（前台）已登录");
    p.send(keys::F3);
    p.wait_for("未完成");
    p.send("/");
    p.type_text(&format!("#{id}"));
    p.send(keys::ENTER);
    p.wait_for(&format!("#{id} "));
    // The steps: the one beyond an operator is offered, marked.
    p.send(keys::ENTER);
    let picker = p.wait_for("（需主管授权）");
    let marked = "判为无效（需主管授权）";
    let n = step_number(&picker, marked);
    assert!(
        !picker.contains("判为有效（需"),
        "an operator's own step is not marked:\n{picker}"
    );
    p.send(&n);
    let form = p.wait_for("授权主管*");
    assert!(form.contains("主管 PIN*"), "{form}");
    assert!(
        form.contains("陈静 主管"),
        "the first supervisor offered:\n{form}"
    );
    // 备注 → the supervisor: the second one, 周磊 → the PIN, a wrong one.
    p.type_text("非物业服务范围，已向业主解释");
    p.send(keys::TAB);
    p.send(keys::RIGHT);
    p.wait_for("周磊 主管");
    p.send(keys::TAB);
    p.type_text("9999");
    p.send(keys::CTRL_S);

    let refused = p.wait_for("周磊 未能授权");
    assert!(refused.contains("PIN 不正确"), "{refused}");
    assert!(refused.contains("这一步没有执行"), "{refused}");
    assert!(
        !refused.contains("9999"),
        "the PIN is never shown:\n{refused}"
    );
    // The form stays open with what was typed and the supervisor chosen.
    assert!(refused.contains("授权主管*"), "{refused}");
    assert!(refused.contains("非物业服务范围"), "{refused}");
    assert!(refused.contains("周磊 主管"), "{refused}");
    // Nothing written to the ticket.
    let store = db.reopen();
    let t = store.ticket(id).unwrap();
    assert_eq!(t.state, State::Registered);
    assert_eq!(store.events(id).unwrap().len(), events_before);

    // The right PIN (the PIN field is focused and empty again).
    p.type_text("1234");
    p.send(keys::CTRL_S);
    let done = p.wait_for(&format!("#{id} 判为无效，现为「无效」"));
    assert!(!done.contains("授权主管*"), "the form closed:\n{done}");
    p.send(keys::CTRL_Q);
    assert_eq!(
        p.wait_exit(Duration::from_secs(10)),
        Some(0),
        "quit cleanly"
    );

    // The CLI shows the step taken, on 周磊's authority, typed by 张敏.
    let (code, out, err) = pty::cli(
        &["--db", db_s, "ticket", "show", &id.to_string(), "--json"],
        NOW,
        None,
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ticket"]["state"], "invalid", "{out}");
    let events = v["events"].as_array().unwrap();
    assert_eq!(events.len(), events_before + 1, "{out}");
    let last = events.last().unwrap();
    assert_eq!(last["action"], "classify_invalid", "{last}");
    assert_eq!(last["actor"], "周磊", "{last}");
    assert_eq!(last["data"]["entered_by"], "张敏", "{last}");
    assert_eq!(last["note"], "非物业服务范围，已向业主解释", "{last}");
    // The chains still verify.
    let (code, out, err) = pty::cli(&["--db", db_s, "check"], NOW, None);
    assert_eq!(code, 0, "{out}{err}");
}
