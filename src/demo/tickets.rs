//! Demo tickets of every kind and state, made through the same store calls the
//! desk uses, with times relative to `now`: a desk in mid-shift, with one
//! request overdue for dispatch, a few due soon, two on hold, a long complaint
//! needing its weekly call, an emergency on scene.

use super::{mobile, name, Rng};
use crate::domain::category::Category;
use crate::domain::category::Category as C;
use crate::domain::ticket::{dept, EscalateTo, NotifyTarget, ReplyVia, Severity, Urgency};
use crate::domain::transitions::EmergencyRecord;
use crate::domain::{Action, Channel, Kind, StepInput};
use crate::store::tickets::NewTicket;
use crate::store::{Actor, Result, Store};
use chrono::{Duration, NaiveDateTime};

/// (category, description) pairs a desk hears every week.
const REPAIRS: &[(Category, &str)] = &[
    (C::PlumbingElectric, "厨房水龙头漏水，关不紧"),
    (C::PlumbingElectric, "卫生间下水堵塞，水排不下去"),
    (C::PlumbingElectric, "客厅吊灯不亮，换灯泡无效"),
    (C::PlumbingElectric, "插座跳闸，厨房一半插座没电"),
    (C::DoorsWindows, "入户门锁芯卡住，钥匙拧不动"),
    (C::DoorsWindows, "阳台推拉窗关不严，漏风"),
    (C::Building, "卧室墙面渗水，墙皮起鼓"),
    (C::Building, "卫生间地砖空鼓开裂"),
    (C::Hvac, "空调冷凝水管滴水到楼下"),
    (C::Hvac, "地暖不热，分水器有异响"),
    (C::PlumbingElectric, "热水器打不着火"),
    (C::DoorsWindows, "可视对讲无图像"),
];

const RETURN_REASONS: &[&str] = &[
    "配件未到，明日继续",
    "业主不在家，约明早上门",
    "需开发商确认防水责任",
];

/// How far a demo repair goes: the steps taken, in order.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    Registered,
    Dispatched,
    Accepted,
    OnHold,
    Done,
    Closed,
    Cancelled,
    OutOfScope,
}

struct Seeder<'a> {
    store: &'a mut Store,
    now: NaiveDateTime,
    rng: Rng,
    ops: Vec<Actor>,
    units: Vec<String>,
}

impl Seeder<'_> {
    fn op(&self, i: usize) -> Actor {
        self.ops[i % self.ops.len()].clone()
    }

    fn step(
        &mut self,
        id: i64,
        action: Action,
        input: StepInput,
        who: &Actor,
        at: NaiveDateTime,
    ) -> Result<()> {
        let v = self.store.ticket(id)?.version;
        self.store
            .transition(id, v, action, &input, who, at.min(self.now))?;
        Ok(())
    }

    fn create(&mut self, new: NewTicket, who: &Actor, at: NaiveDateTime) -> Result<i64> {
        Ok(self.store.create_ticket(&new, who, at)?.id)
    }

    /// Walk a repair to `stage`, starting at `start`; orders still out at
    /// 17:00 came back with a reason, as the desk's day goes.
    fn repair(
        &mut self,
        id: i64,
        stage: Stage,
        start: NaiveDateTime,
        who: &Actor,
        tech: &str,
    ) -> Result<()> {
        let mut at = start;
        match stage {
            Stage::Registered => return Ok(()),
            Stage::Cancelled => {
                let r = StepInput {
                    reason: Some("业主已自行修好，来电撤单".into()),
                    ..Default::default()
                };
                return self.step(id, Action::Cancel, r, who, at + Duration::minutes(15));
            }
            Stage::OutOfScope => {
                let e = StepInput {
                    explanation: Some("属业主自行添置的设备，已解释并介绍有偿服务".into()),
                    ..Default::default()
                };
                return self.step(id, Action::OutOfScope, e, who, at + Duration::minutes(10));
            }
            _ => {}
        }
        at += Duration::minutes(8);
        let dispatch = StepInput {
            department: Some(dept::ENGINEERING.into()),
            technician: Some(tech.into()),
            ..Default::default()
        };
        self.step(id, Action::Dispatch, dispatch, who, at)?;
        if stage == Stage::Dispatched {
            return Ok(());
        }
        at += Duration::minutes(4);
        self.step(id, Action::Accept, StepInput::default(), who, at)?;
        match stage {
            Stage::OnHold => {
                at += Duration::minutes(50);
                let hold = StepInput {
                    reason: Some("缺配件，已向厂家订货，预计3天到".into()),
                    resident_informed: Some(true),
                    ..Default::default()
                };
                self.step(id, Action::Hold, hold, who, at)?;
            }
            Stage::Done | Stage::Closed => {
                at += Duration::minutes(90);
                let fee = (self.rng.below(4) == 0).then_some(3500);
                let done = StepInput {
                    resident_signed: Some(true),
                    fee_cents: fee,
                    ..Default::default()
                };
                self.step(id, Action::Complete, done, who, at)?;
                if stage == Stage::Closed {
                    at += Duration::hours(20);
                    let close = StepInput {
                        note: Some("电话回访，业主满意".into()),
                        ..Default::default()
                    };
                    self.step(id, Action::Close, close, who, at)?;
                }
            }
            _ => {}
        }
        self.return_unfinished(id, who)
    }

    /// Each 17:00 an unfinished order passed, it came back with a reason.
    fn return_unfinished(&mut self, id: i64, who: &Actor) -> Result<()> {
        for _ in 0..30 {
            let pending = self.store.deadlines(id)?.into_iter().find(|d| {
                d.status == crate::domain::deadline::DeadlineStatus::Pending
                    && d.what == crate::domain::deadline::What::Finish
            });
            let Some(due) = pending.map(|d| d.due_at) else {
                return Ok(());
            };
            let t = self.store.ticket(id)?;
            let back = due + Duration::minutes(5);
            if back > self.now || t.state == crate::domain::State::OnHold {
                return Ok(());
            }
            let reason = self.rng.pick(RETURN_REASONS).to_string();
            self.step(
                id,
                Action::ReturnUnfinished,
                StepInput {
                    reason: Some(reason),
                    ..Default::default()
                },
                who,
                back,
            )?;
        }
        Ok(())
    }

    fn seed_repairs(&mut self) -> Result<()> {
        use Stage::*;
        let techs = ["赵建军", "孙志刚", "周海涛"];
        // (stage, minutes ago). Recent ones decide what the board shows now.
        let plan: &[(Stage, i64)] = &[
            (Registered, 8),
            (Registered, 34),
            (Dispatched, 11),
            (Accepted, 95),
            (Accepted, 200),
            (Accepted, 26 * 60),
            (OnHold, 5 * 60),
            (OnHold, 50 * 60),
            (Done, 4 * 60),
            (Done, 30 * 60),
            (Closed, 48 * 60),
            (Closed, 70 * 60),
            (Closed, 100 * 60),
            (Closed, 160 * 60),
            (Closed, 200 * 60),
            (Closed, 300 * 60),
            (Closed, 400 * 60),
            (Closed, 500 * 60),
            (Closed, 600 * 60),
            (Cancelled, 30 * 60),
            (OutOfScope, 300 * 60),
        ];
        for (i, &(stage, minutes)) in plan.iter().enumerate() {
            let who = self.op(i);
            let (category, text) = *self.rng.pick(REPAIRS);
            let unit = self.rng.pick(&self.units).clone();
            let created = self.now - Duration::minutes(minutes);
            let reporter = name(&mut self.rng);
            let phone = mobile(&mut self.rng);
            let channel = *self.rng.pick(&[
                Channel::Phone,
                Channel::Phone,
                Channel::Visit,
                Channel::Letter,
            ]);
            let preferred = self
                .rng
                .pick(&["工作日上午", "今天下午", "周末全天", "晚上6点后", ""])
                .to_string();
            let new = NewTicket {
                kind: Some(Kind::Repair),
                unit: Some(unit),
                channel: Some(channel),
                reporter,
                phone,
                category: category.into(),
                description: text.into(),
                preferred_time: preferred,
                ..Default::default()
            };
            let id = self.create(new, &who, created)?;
            let tech = techs[i % techs.len()];
            self.repair(id, stage, created, &who, tech)?;
        }
        // Public areas, from the patrol.
        let who = self.op(0);
        for (place, text, stage, minutes) in [
            (
                "3栋2单元 电梯厅",
                "电梯按钮失灵，8楼按键无反应",
                Accepted,
                140,
            ),
            ("6栋1单元 楼道", "楼道感应灯不亮（5-7层）", Registered, 5),
            (
                "地下车库B区",
                "车库B区积水，疑似排水泵故障",
                Closed,
                30 * 60,
            ),
        ] {
            let created = self.now - Duration::minutes(minutes);
            let new = NewTicket {
                kind: Some(Kind::Repair),
                location: place.into(),
                channel: Some(Channel::Patrol),
                category: C::PublicArea.into(),
                description: text.into(),
                ..Default::default()
            };
            let id = self.create(new, &who, created)?;
            self.repair(id, stage, created, &who, "周海涛")?;
        }
        Ok(())
    }

    /// 3-2-1201: a closed repair last month and one open today.
    fn seed_known_unit(&mut self) -> Result<()> {
        let who = self.op(0);
        let old = NewTicket {
            kind: Some(Kind::Repair),
            unit: Some("3-2-1201".into()),
            channel: Some(Channel::Phone),
            reporter: "王建国".into(),
            phone: "13812345678".into(),
            category: C::Hvac.into(),
            description: "空调冷凝水管滴水到楼下".into(),
            ..Default::default()
        };
        let start = self.now - Duration::days(26);
        let id = self.create(old, &who, start)?;
        self.repair(id, Stage::Closed, start, &who, "孙志刚")?;
        let open = NewTicket {
            kind: Some(Kind::Repair),
            unit: Some("3-2-1201".into()),
            channel: Some(Channel::Visit),
            reporter: "李秀英".into(),
            phone: "13987654321".into(),
            category: C::PlumbingElectric.into(),
            description: "卫生间热水器打不着火，家中有老人，希望尽快".into(),
            preferred_time: "今天下午两点后".into(),
            ..Default::default()
        };
        let start = self.now - Duration::minutes(75);
        let id = self.create(open, &who, start)?;
        self.repair(id, Stage::Accepted, start, &who, "赵建军")
    }

    fn complaint(
        &mut self,
        unit: &str,
        category: Category,
        text: &str,
        minutes_ago: i64,
        who: &Actor,
    ) -> Result<(i64, NaiveDateTime)> {
        let at = self.now - Duration::minutes(minutes_ago);
        let reporter = name(&mut self.rng);
        let phone = mobile(&mut self.rng);
        let new = NewTicket {
            kind: Some(Kind::Complaint),
            unit: Some(unit.into()),
            channel: Some(Channel::Phone),
            reporter,
            phone,
            category: category.into(),
            description: text.into(),
            ..Default::default()
        };
        Ok((self.create(new, who, at)?, at))
    }

    fn seed_complaints(&mut self) -> Result<()> {
        let op = self.op(1);
        let sup = super::person(self.store, "陈静")?;
        let classify = |u: Urgency, defect: bool| StepInput {
            urgency: Some(u),
            developer_defect: Some(defect),
            ..Default::default()
        };
        let to = |d: &str| StepInput {
            department: Some(d.into()),
            ..Default::default()
        };
        // Urgent: classified and sent to security; the reply is due in 2 hours.
        let (id, at) = self.complaint(
            "6-1-1502",
            C::Noise,
            "楼上深夜装修电钻噪音，已持续三晚",
            40,
            &op,
        )?;
        self.step(
            id,
            Action::ClassifyValid,
            classify(Urgency::Urgent, false),
            &op,
            at + Duration::minutes(3),
        )?;
        self.step(
            id,
            Action::Dispatch,
            to(dept::SECURITY),
            &op,
            at + Duration::minutes(9),
        )?;
        // Not urgent, handled by cleaning, reply due in 2 working days.
        let (id, at) = self.complaint(
            "2-1-302",
            C::Cleanliness,
            "单元门口垃圾桶满溢未及时清运",
            26 * 60,
            &op,
        )?;
        self.step(
            id,
            Action::ClassifyValid,
            classify(Urgency::NotUrgent, false),
            &op,
            at + Duration::minutes(5),
        )?;
        self.step(
            id,
            Action::Dispatch,
            to(dept::CLEANING),
            &op,
            at + Duration::minutes(12),
        )?;
        self.step(
            id,
            Action::Handle,
            StepInput {
                note: Some("已加派清运一次，调整清运时间到早7点".into()),
                ..Default::default()
            },
            &op,
            at + Duration::hours(3),
        )?;
        // A long one: the developer's leak, escalated; called weekly.
        let (id, at) = self.complaint(
            "3-1-1801",
            C::Construction,
            "外墙渗水导致卧室墙面发霉，要求开发商维修",
            9 * 24 * 60,
            &op,
        )?;
        self.step(
            id,
            Action::ClassifyValid,
            classify(Urgency::NotUrgent, true),
            &op,
            at + Duration::minutes(6),
        )?;
        self.step(
            id,
            Action::Dispatch,
            to(dept::DEVELOPER),
            &op,
            at + Duration::minutes(15),
        )?;
        let esc = StepInput {
            escalate_to: Some(EscalateTo::Manager),
            note: Some("业主情绪激动，多部门协调".into()),
            ..Default::default()
        };
        self.step(id, Action::Escalate, esc, &op, at + Duration::hours(2))?;
        let call = StepInput {
            note: Some("告知开发商已安排外墙检测，下周施工".into()),
            reply_via: Some(ReplyVia::Phone),
            ..Default::default()
        };
        self.step(id, Action::Contact, call, &op, at + Duration::days(6))?;
        // Invalid: about a neighbour's parking, outside the management's duty.
        let (id, at) = self.complaint(
            "5-2-401",
            C::Other,
            "邻居私家车占用本人购买车位，要求物业拖车",
            3 * 60,
            &op,
        )?;
        self.step(
            id,
            Action::ClassifyInvalid,
            StepInput {
                note: Some("私人车位纠纷不属物业服务范围".into()),
                ..Default::default()
            },
            &sup,
            at + Duration::minutes(30),
        )?;
        // Replied two days ago: waiting for its callback.
        let (id, at) = self.complaint(
            "1-2-901",
            C::Attitude,
            "保安夜间巡逻时态度生硬",
            2 * 24 * 60 + 120,
            &op,
        )?;
        self.step(
            id,
            Action::ClassifyValid,
            classify(Urgency::NotUrgent, false),
            &op,
            at + Duration::minutes(5),
        )?;
        self.step(
            id,
            Action::Dispatch,
            to(dept::SECURITY),
            &op,
            at + Duration::minutes(11),
        )?;
        self.step(
            id,
            Action::Handle,
            StepInput {
                note: Some("安保部已约谈当班保安并书面检讨".into()),
                ..Default::default()
            },
            &op,
            at + Duration::hours(5),
        )?;
        let reply = StepInput {
            reply_via: Some(ReplyVia::Phone),
            explanation: Some("已电话致歉并告知处理结果".into()),
            ..Default::default()
        };
        self.step(id, Action::Reply, reply, &op, at + Duration::hours(6))?;
        Ok(())
    }

    fn seed_emergencies(&mut self) -> Result<()> {
        let op = self.op(2);
        let sup = super::person(self.store, "陈静")?;
        let notify = vec![
            NotifyTarget::Engineering,
            NotifyTarget::Supervisor,
            NotifyTarget::Security,
        ];
        // Open: a burst pipe, people on scene, record not yet filled in.
        let at = self.now - Duration::minutes(25);
        let new = NewTicket {
            kind: Some(Kind::Emergency),
            unit: Some("5-2-601".into()),
            channel: Some(Channel::Phone),
            reporter: "何平".into(),
            phone: "13671234567".into(),
            category: C::WaterLeak.into(),
            description: "厨房水管爆裂，水流到楼下5-2-501".into(),
            notify: notify.clone(),
            ..Default::default()
        };
        let id = self.create(new, &op, at)?;
        self.step(
            id,
            Action::ArriveOnScene,
            StepInput {
                note: Some("赵建军、郑勇到场，已关闭总阀".into()),
                ..Default::default()
            },
            &op,
            at + Duration::minutes(4),
        )?;
        // Last week's, recorded and signed off by the supervisor.
        let at = self.now - Duration::days(6);
        let new = NewTicket {
            kind: Some(Kind::Emergency),
            location: "8栋1单元 电梯".into(),
            channel: Some(Channel::Patrol),
            category: C::LiftEntrapment.into(),
            description: "8栋1单元电梯停在12-13层之间，困2人".into(),
            notify,
            ..Default::default()
        };
        let id = self.create(new, &op, at)?;
        self.step(
            id,
            Action::ArriveOnScene,
            StepInput::default(),
            &op,
            at + Duration::minutes(3),
        )?;
        let record = EmergencyRecord {
            what: "电梯困人，维保单位远程指导后手动盘车放人".into(),
            location: "8栋1单元电梯 12-13层".into(),
            severity: Some(Severity::Serious),
            responders: "周海涛、郑勇、电梯维保单位".into(),
            losses: "无人员受伤".into(),
            photos_taken: true,
            cause: "门锁回路接触不良".into(),
            measures: "更换门锁触点，本周加做一次全面保养".into(),
        };
        self.step(
            id,
            Action::Record,
            StepInput {
                record: Some(record),
                ..Default::default()
            },
            &op,
            at + Duration::hours(2),
        )?;
        self.step(
            id,
            Action::SignOff,
            StepInput::default(),
            &sup,
            at + Duration::hours(20),
        )
    }

    fn seed_enquiries_and_paid(&mut self) -> Result<()> {
        let op = self.op(0);
        for (minutes, unit, q, a) in [
            (
                50,
                "2-2-1101",
                "物业费可以按季度缴吗？",
                "可以，前台和线上均可按季度缴纳",
            ),
            (
                6 * 60,
                "6-2-301",
                "装修需要办什么手续？",
                "已告知装修申请表、图纸和押金，3个工作日审批",
            ),
        ] {
            let at = self.now - Duration::minutes(minutes);
            let new = NewTicket {
                kind: Some(Kind::Enquiry),
                unit: Some(unit.into()),
                channel: Some(Channel::Phone),
                category: C::Other.into(),
                description: q.into(),
                answer: Some(a.into()),
                ..Default::default()
            };
            self.create(new, &op, at)?;
        }
        // Housekeeping, quoted and under way.
        let at = self.now - Duration::minutes(130);
        let new = NewTicket {
            kind: Some(Kind::PaidService),
            unit: Some("8-1-2201".into()),
            channel: Some(Channel::Visit),
            reporter: "吴女士".into(),
            phone: "13761112222".into(),
            category: C::Housekeeping.into(),
            description: "全屋开荒保洁，约明天上午".into(),
            ..Default::default()
        };
        let id = self.create(new, &op, at)?;
        let d = StepInput {
            department: Some(dept::CLEANING.into()),
            quoted_fee_cents: Some(36000),
            ..Default::default()
        };
        self.step(id, Action::Dispatch, d, &op, at + Duration::minutes(10))?;
        self.step(
            id,
            Action::Accept,
            StepInput::default(),
            &op,
            at + Duration::minutes(14),
        )?;
        self.return_unfinished(id, &op)?;
        Ok(())
    }
}

pub fn seed(store: &mut Store, now: NaiveDateTime) -> Result<()> {
    let ops: Vec<Actor> = ["张敏", "李娜", "王芳"]
        .iter()
        .map(|n| super::person(store, n))
        .collect::<Result<_>>()?;
    let units = store.unit_codes()?;
    let mut s = Seeder {
        store,
        now,
        rng: Rng::new(42),
        ops,
        units,
    };
    s.seed_repairs()?;
    s.seed_known_unit()?;
    s.seed_complaints()?;
    s.seed_emergencies()?;
    s.seed_enquiries_and_paid()
}
