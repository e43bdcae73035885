//! End to end: an urgent complaint registered at the desk goes to the top of
//! the live board (nothing else is overdue or closer to its deadline).

mod common;

use common::pty::{keys, Pty};
use common::*;
use frontdesk::domain::ticket::Urgency;
use frontdesk::domain::{Action, Channel, Kind, StepInput};
use frontdesk::store::tickets::NewTicket;

const NOW: &str = "2026-11-23 10:00";

/// A quiet morning: a repair being worked on and a non-urgent complaint.
fn quiet_desk() -> Db {
    let mut db = site_db();
    let op = db.staff("李娜");
    let repair = NewTicket {
        kind: Some(Kind::Repair),
        unit: Some("6-1-1502".into()),
        channel: Some(Channel::Phone),
        reporter: "周先生".into(),
        description: "卫生间下水慢".into(),
        ..Default::default()
    };
    let t = db
        .store
        .create_ticket(&repair, &op, at("2026-11-23 09:00"))
        .unwrap();
    let d = StepInput {
        department: Some("engineering".into()),
        ..Default::default()
    };
    let t = db
        .store
        .transition(
            t.id,
            t.version,
            Action::Dispatch,
            &d,
            &op,
            at("2026-11-23 09:05"),
        )
        .unwrap();
    db.store
        .transition(
            t.id,
            t.version,
            Action::Accept,
            &StepInput::default(),
            &op,
            at("2026-11-23 09:08"),
        )
        .unwrap();
    let complaint = NewTicket {
        kind: Some(Kind::Complaint),
        unit: Some("2-1-302".into()),
        channel: Some(Channel::Visit),
        reporter: "钱女士".into(),
        description: "绿化带杂草多".into(),
        urgency: Some(Urgency::NotUrgent),
        ..Default::default()
    };
    let t = db
        .store
        .create_ticket(&complaint, &op, at("2026-11-23 09:30"))
        .unwrap();
    let d = StepInput {
        department: Some("landscaping".into()),
        ..Default::default()
    };
    db.store
        .transition(
            t.id,
            t.version,
            Action::Dispatch,
            &d,
            &op,
            at("2026-11-23 09:35"),
        )
        .unwrap();
    db
}

#[test]
fn urgent_complaint_goes_to_the_top_of_the_board() {
    let db = quiet_desk();
    let path = db.path();
    let mut p = Pty::spawn(&["--db", path.to_str().unwrap(), "--operator", "张敏"], NOW);
    p.sign_in("1234");
    p.wait_for("张敏（前台）已登录");
    p.send(keys::F2);
    p.wait_for("新工单登记");
    // Focus starts on the unit; back up to the kind and choose 投诉.
    p.send("\x1b[Z");
    p.send("\x1b[C");
    p.wait_for("紧急程度");
    p.send(keys::TAB);
    p.type_text("3-2-1201");
    p.wait_for("✓ 3栋2单元1201室");
    // unit → location → channel → reporter → phone → category → urgency
    for _ in 0..6 {
        p.send(keys::TAB);
    }
    // 待分类 → 严重且紧急 → 紧急
    p.send("\x1b[C");
    p.send("\x1b[C");
    // urgency → developer defect → asked-for deadline → description
    for _ in 0..3 {
        p.send(keys::TAB);
    }
    p.type_text("楼下商铺油烟直排入户，老人咳嗽");
    p.send(keys::CTRL_S);
    let screen = p.wait_for("已登记 #");
    assert!(screen.contains("投诉"), "{screen}");
    assert!(screen.contains("已分类"), "classified at intake: {screen}");
    let id: String = screen
        .split("已登记 #")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .unwrap()
        .to_string();

    p.send(keys::F3);
    let board = p.wait_for("按时限");
    let rows: Vec<&str> = board
        .lines()
        .skip_while(|l| !l.starts_with("单号"))
        .skip(1)
        .collect();
    assert!(
        rows[0].starts_with(&format!("#{id} ")),
        "not on top:\n{board}"
    );
    assert!(
        rows[0].contains("诉") && rows[0].contains("!剩0:"),
        "{}",
        rows[0]
    );
    // The detail shows its reply deadline two hours from registration.
    assert!(board.contains("答复 12:00"), "{board}");
    p.send(keys::CTRL_Q);
}
