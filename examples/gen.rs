//! A large, realistic site for measuring: buildings and households, tickets
//! of every kind in every state with their audit trail, deadlines and
//! callbacks, key loans, the duty log and sealed handovers — deterministic
//! for a given seed.
//!
//! ```sh
//! cargo run --release --example gen -- --db /tmp/site.db --units 20000 --tickets 1000000 \
//!     [--open 50000] [--seed N] [--years 3] [--handover-days 30] [--force]
//! ```
//!
//! Everything goes through the store's own calls (`create_ticket`,
//! `transition`, `record_callback`, `lend`, `add_log_entry`,
//! `submit_handover` …), so the rules, deadlines, callback tasks, work-order
//! numbers and the hash chains are exactly what a desk would have written;
//! `frontdesk check` accepts the result. Speed comes from `Store::batch`
//! (thousands of writes per commit, all or nothing), and, on gen's own
//! new file, `synchronous=OFF` and no journal while generating (WAL again
//! at the end).
//!
//! `--profile` times every statement of the tickets' phase and counts the
//! statements of each store call (stderr, at the end of that phase): where
//! a step's time goes, without a profiler.

use chrono::{Duration, NaiveDateTime};
use frontdesk::demo::{self, mobile, name, Rng, DEMO_PIN};
use frontdesk::domain::callback::{CallResult, Outcome, Status as TaskStatus};
use frontdesk::domain::category::Category as C;
use frontdesk::domain::dutylog::Category as LogCat;
use frontdesk::domain::household::{HouseholdKind, PaymentStatus};
use frontdesk::domain::keys::{BorrowerType, Condition, KeyKind};
use frontdesk::domain::shift::ShiftPlan;
use frontdesk::domain::ticket::{dept, EscalateTo, NotifyTarget, ReplyVia, Severity, Urgency};
use frontdesk::domain::time::DEFAULT_ZONE;
use frontdesk::domain::transitions::EmergencyRecord;
use frontdesk::domain::{Action, Channel, Kind, State, StepInput, UnitNo};
use frontdesk::i18n::Lang;
use frontdesk::present::HandoverText;
use frontdesk::store::dutylog::NewLogEntry;
use frontdesk::store::keys::{Approval, LoanRef, NewKey, NewLoan};
use frontdesk::store::site_batch::{HouseholdRow, MemberRow};
use frontdesk::store::tickets::NewTicket;
use frontdesk::store::{Actor, Store};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

type Res<T> = std::result::Result<T, Box<dyn std::error::Error>>;

struct Args {
    db: PathBuf,
    units: u64,
    tickets: u64,
    open: u64,
    seed: u64,
    years: u64,
    handover_days: u64,
    force: bool,
    quiet: bool,
    /// Time every statement of the tickets' phase and count them per store
    /// call (`--profile`): printed to stderr at the end of that phase.
    profile: bool,
    now: NaiveDateTime,
}

fn usage() -> String {
    "usage: gen --db PATH [--units N] [--tickets N] [--open N] [--seed N] [--years N] \
     [--handover-days N] [--now 'YYYY-MM-DD HH:MM'] [--force] [--quiet] [--profile]"
        .into()
}

fn parse_args() -> Res<Args> {
    let mut a = Args {
        db: PathBuf::new(),
        units: 20_000,
        tickets: 1_000_000,
        open: 0,
        seed: 1,
        years: 3,
        handover_days: 30,
        force: false,
        quiet: false,
        profile: false,
        now: frontdesk::clock::parse("2026-11-23 10:00").ok_or("clock")?,
    };
    let mut open = None;
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let mut val = |k: &str| {
            it.next()
                .ok_or_else(|| format!("{k} needs a value\n{}", usage()))
        };
        let num = |v: String, k: &str| -> Res<u64> {
            v.replace('_', "")
                .parse::<u64>()
                .map_err(|_| format!("{k}: not a number: {v}").into())
        };
        match k.as_str() {
            "--db" => a.db = PathBuf::from(val(&k)?),
            "--units" => a.units = num(val(&k)?, &k)?,
            "--tickets" => a.tickets = num(val(&k)?, &k)?,
            "--open" => open = Some(num(val(&k)?, &k)?),
            "--seed" => a.seed = num(val(&k)?, &k)?,
            "--years" => a.years = num(val(&k)?, &k)?.max(1),
            "--handover-days" => a.handover_days = num(val(&k)?, &k)?,
            "--now" => {
                let v = val(&k)?;
                a.now = frontdesk::clock::parse(&v).ok_or_else(|| format!("--now: {v}?"))?
            }
            "--force" => a.force = true,
            "--quiet" => a.quiet = true,
            "--profile" => a.profile = true,
            "-h" | "--help" => {
                println!("{}", usage());
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other}\n{}", usage()).into()),
        }
    }
    if a.db.as_os_str().is_empty() {
        return Err(usage().into());
    }
    if a.units < 10 {
        return Err("--units: at least 10".into());
    }
    // Default: 5% of the tickets open, as a busy site has them.
    a.open = open.unwrap_or(a.tickets / 20).min(a.tickets);
    Ok(a)
}

const REPAIRS: &[(C, &str)] = &[
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
const PUBLIC: &[(C, &str, &str)] = &[
    (C::PublicArea, "楼道 5-7层感应灯不亮", "楼道"),
    (C::PublicArea, "电梯按钮失灵", "电梯厅"),
    (C::PublicArea, "单元门禁刷卡无反应", "单元门"),
    (C::PublicArea, "地下车库积水", "地下车库"),
];
const PAID: &[(C, &str)] = &[
    (C::Housekeeping, "家政保洁：全屋擦窗"),
    (C::Housekeeping, "家政保洁：油烟机清洗"),
    (C::Repair, "更换卫生间花洒（业主自购配件）"),
    (C::Copying, "复印房产证及身份证各两份"),
    (C::ExtraAcHours, "周六加班空调 4 小时"),
];
const COMPLAINTS: &[(C, &str, &str)] = &[
    (C::Noise, "楼上夜间装修噪音，影响休息", dept::SECURITY),
    (C::Cleanliness, "楼道垃圾两天没人清理", dept::CLEANING),
    (C::Attitude, "门岗保安态度生硬", dept::SECURITY),
    (C::Safety, "地库出入口陌生人尾随进入", dept::SECURITY),
    (C::Fees, "物业费账单金额有误", dept::FINANCE),
    (
        C::Cleanliness,
        "小区绿化带修剪后枝叶未清",
        dept::LANDSCAPING,
    ),
];
const EMERGENCIES: &[(C, &str)] = &[
    (C::WaterLeak, "楼上水管爆裂，水从吊顶往下流"),
    (C::FireAlarm, "烟感报警，楼道有焦味"),
    (C::PowerCut, "整栋楼停电"),
    (C::LiftEntrapment, "电梯困人，2人被困"),
    (C::Injury, "老人在大堂滑倒受伤"),
];
const ENQUIRIES: &[(C, &str, &str)] = &[
    (
        C::PropertyFee,
        "咨询物业费缴纳方式",
        "可在物业APP或前台缴纳，支持微信支付宝",
    ),
    (
        C::Renovation,
        "咨询装修申请手续",
        "需提交装修申请表及施工方资质，押金3000元",
    ),
    (
        C::Parking,
        "咨询月租车位",
        "目前地库B区有空余车位，月租300元",
    ),
    (C::Permits, "咨询搬家出入证", "提前一天到前台登记，凭证出入"),
];
const HOLD_REASONS: &[&str] = &[
    "缺配件，已向厂家订货，预计3天到",
    "需业主在家时上门，约周末",
];
const RETURN_REASONS: &[&str] = &["配件未到，明日继续", "业主不在家，约明早上门"];
const LOG_TEXTS: &[(LogCat, &str)] = &[
    (LogCat::Patrol, "巡查楼道、消防通道，正常"),
    (LogCat::Call, "业主来电询问停水通知，已告知时间"),
    (LogCat::Visitor, "访客登记：快递员送件，已联系业主"),
    (LogCat::Note, "地下车库B区照明已恢复"),
    (LogCat::Incident, "3号门禁故障，已通知工程部"),
];

/// One resident who calls: unit code, name, phone.
type Resident = (String, String, String);

/// `--profile`: the statements run so far; per SQL text how often and how
/// long (triggers included); per store call how often and how many
/// statements.
#[derive(Default)]
struct Prof {
    total: u64,
    by_sql: HashMap<String, (u64, std::time::Duration)>,
    calls: HashMap<String, (u64, u64)>,
}
type SharedProf = Arc<Mutex<Prof>>;

impl Prof {
    /// Statements and time per ticket made, the calls, and the statements
    /// that took the most time, to stderr.
    fn print(&self, tickets: u64) {
        let t = tickets.max(1) as f64;
        let all: std::time::Duration = self.by_sql.values().map(|v| v.1).sum();
        eprintln!(
            "profile: {} statements ({:.1}/ticket), {:.1} s in SQLite ({:.0} µs/ticket)",
            self.total,
            self.total as f64 / t,
            all.as_secs_f64(),
            all.as_secs_f64() * 1e6 / t
        );
        let mut calls: Vec<_> = self.calls.iter().collect();
        calls.sort_by(|a, b| b.1 .1.cmp(&a.1 .1).then(a.0.cmp(b.0)));
        eprintln!("  per store call: calls, statements each, statements per ticket");
        for (k, (n, st)) in calls {
            eprintln!(
                "  {k:<32} {n:>9} {:>6.1} {:>6.2}",
                *st as f64 / (*n).max(1) as f64,
                *st as f64 / t
            );
        }
        let mut sql: Vec<_> = self.by_sql.iter().collect();
        sql.sort_by(|a, b| b.1 .1.cmp(&a.1 .1).then(a.0.cmp(b.0)));
        eprintln!("  statements by time: share, runs per ticket, µs each, SQL");
        for (q, (n, d)) in sql.into_iter().take(25) {
            let one: String = q.split_whitespace().collect::<Vec<_>>().join(" ");
            let one: String = one.chars().take(110).collect();
            eprintln!(
                "  {:>5.1}% {:>6.2} {:>7.1}  {one}",
                100.0 * d.as_secs_f64() / all.as_secs_f64().max(1e-9),
                *n as f64 / t,
                d.as_secs_f64() * 1e6 / (*n).max(1) as f64
            );
        }
    }
}

struct Gen<'a> {
    store: &'a mut Store,
    rng: Rng,
    now: NaiveDateTime,
    ops: Vec<Actor>,
    sups: Vec<Actor>,
    eng: Vec<&'static str>,
    residents: Vec<Resident>,
    events: u64,
    made: u64,
    /// The ticket last written: (id, version, state), so a step need not
    /// read it back first.
    cur: Option<(i64, i64, State)>,
    prof: Option<SharedProf>,
}

fn minutes(m: u64) -> Duration {
    Duration::minutes(m as i64)
}

impl Gen<'_> {
    /// Statements run so far (`--profile`), to count a call's.
    fn mark(&self) -> u64 {
        self.prof
            .as_ref()
            .and_then(|p| p.lock().ok().map(|p| p.total))
            .unwrap_or(0)
    }
    /// One store call and the statements it ran since `mark`.
    fn tally(&self, call: &str, mark: u64) {
        if let Some(Ok(mut p)) = self.prof.as_ref().map(|p| p.lock()) {
            let n = p.total - mark;
            let e = p.calls.entry(call.to_string()).or_default();
            e.0 += 1;
            e.1 += n;
        }
    }

    fn op(&mut self) -> Actor {
        let i = self.rng.below(self.ops.len() as u64) as usize;
        self.ops[i].clone()
    }
    fn sup(&mut self) -> Actor {
        let i = self.rng.below(self.sups.len() as u64) as usize;
        self.sups[i].clone()
    }

    /// One step at `at` (never after now), by an operator unless `who`.
    fn step(&mut self, id: i64, action: Action, input: StepInput, at: NaiveDateTime) -> Res<()> {
        let who = self.op();
        self.step_by(id, action, input, at, &who)
    }

    fn step_by(
        &mut self,
        id: i64,
        action: Action,
        input: StepInput,
        at: NaiveDateTime,
        who: &Actor,
    ) -> Res<()> {
        let v = match self.cur {
            Some((c, v, _)) if c == id => v,
            _ => {
                let m = self.mark();
                let v = self.store.ticket(id)?.version;
                self.tally("ticket (read)", m);
                v
            }
        };
        let m = self.mark();
        let t = self
            .store
            .transition(id, v, action, &input, who, at.min(self.now))
            .map_err(|e| format!("ticket {id}: {action:?}: {e}"))?;
        if self.prof.is_some() {
            self.tally(&format!("transition {action:?}"), m);
        }
        self.cur = Some((id, t.version, t.state));
        self.events += 1;
        Ok(())
    }

    fn state(&mut self, id: i64) -> Res<State> {
        if let Some((c, _, st)) = self.cur {
            if c == id {
                return Ok(st);
            }
        }
        let m = self.mark();
        let t = self.store.ticket(id)?;
        self.tally("ticket (read)", m);
        self.cur = Some((id, t.version, t.state));
        Ok(t.state)
    }

    /// The pending callback task of a ticket, called back at `at`.
    fn call_back(&mut self, id: i64, at: NaiveDateTime, result: CallResult) -> Res<bool> {
        let m = self.mark();
        let tasks = self.store.callbacks_of_ticket(id)?;
        self.tally("callbacks_of_ticket", m);
        let Some(task) = tasks.iter().find(|t| t.status == TaskStatus::Pending) else {
            return Ok(false);
        };
        let words = match result {
            CallResult::Satisfied => "满意，谢谢",
            CallResult::Basic => "基本满意，希望下次快一点",
            CallResult::Unsatisfied => "不满意，问题没有解决",
            CallResult::Unreached => "电话无人接听",
        };
        let at = at.max(task.not_before.unwrap_or(at)).min(self.now);
        let who = self.op();
        let outcome = Outcome::simple(at, result, words);
        let m = self.mark();
        let rec = self
            .store
            .record_callback(task.id, Some(task.version), &outcome, &who, at)
            .map_err(|e| format!("callback of {id}: {e}"))?;
        self.tally("record_callback", m);
        // The call may have moved the ticket: as it is now (a rework ticket
        // it registered is another id, read when stepped).
        self.cur = Some((rec.ticket.id, rec.ticket.version, rec.ticket.state));
        self.events += 1;
        Ok(true)
    }

    fn resident(&mut self) -> Resident {
        let i = self.rng.below(self.residents.len() as u64) as usize;
        self.residents[i].clone()
    }

    /// Register one ticket at `at` and take it to a final state (`open` =
    /// false) or leave it somewhere along its way.
    fn ticket(&mut self, at: NaiveDateTime, open: bool) -> Res<()> {
        let roll = self.rng.below(100);
        let kind = match roll {
            0..=51 => Kind::Repair,
            52..=63 => Kind::Complaint,
            64..=65 => Kind::Emergency,
            66..=87 => Kind::Enquiry,
            _ => Kind::PaidService,
        };
        let (unit, reporter, phone) = self.resident();
        let channel = *self.rng.pick(&[
            Channel::Phone,
            Channel::Phone,
            Channel::Phone,
            Channel::Visit,
        ]);
        let mut new = NewTicket {
            kind: Some(kind),
            unit: Some(unit),
            channel: Some(channel),
            reporter,
            phone,
            ..Default::default()
        };
        match kind {
            Kind::Repair => {
                if self.rng.chance(10) {
                    let (c, text, loc) = *self.rng.pick(PUBLIC);
                    new.unit = None;
                    new.location = format!("{}栋 {loc}", 1 + self.rng.below(20));
                    new.channel = Some(Channel::Patrol);
                    new.category = c.into();
                    new.description = text.into();
                } else {
                    let (c, text) = *self.rng.pick(REPAIRS);
                    new.category = c.into();
                    new.description = text.into();
                    new.preferred_time = if self.rng.chance(40) {
                        "工作日下午".into()
                    } else {
                        String::new()
                    };
                }
            }
            Kind::PaidService => {
                let (c, text) = *self.rng.pick(PAID);
                new.category = c.into();
                new.description = text.into();
            }
            Kind::Complaint => {
                let (c, text, _) = *self.rng.pick(COMPLAINTS);
                new.category = c.into();
                new.description = text.into();
            }
            Kind::Emergency => {
                let (c, text) = *self.rng.pick(EMERGENCIES);
                new.category = c.into();
                new.description = text.into();
                new.notify = vec![NotifyTarget::Engineering, NotifyTarget::Supervisor];
                if self.rng.chance(50) {
                    new.notify.push(NotifyTarget::Security);
                }
            }
            Kind::Enquiry => {
                let (c, text, answer) = *self.rng.pick(ENQUIRIES);
                new.category = c.into();
                new.description = text.into();
                // Most are answered on the spot.
                if !open && !self.rng.chance(8) {
                    new.answer = Some(answer.into());
                }
            }
        }
        let who = self.op();
        let m = self.mark();
        let t = self
            .store
            .create_ticket(&new, &who, at)
            .map_err(|e| format!("create at {at}: {e}"))?;
        self.tally("create_ticket", m);
        self.made += 1;
        self.events += 1 + new.notify.len() as u64 + u64::from(new.answer.is_some());
        let id = t.id;
        self.cur = Some((id, t.version, t.state));
        match kind {
            Kind::Repair | Kind::PaidService => self.repair(id, kind, at, open),
            Kind::Complaint => self.complaint(id, at, open),
            Kind::Emergency => self.emergency(id, at, open),
            Kind::Enquiry => {
                if !open && t.state == State::Registered {
                    // Turned into a repair: the follow-up is worked too.
                    let conv = StepInput {
                        convert_to: Some(Kind::Repair),
                        note: Some("需上门查看，转报修".into()),
                        ..Default::default()
                    };
                    self.step(id, Action::Convert, conv, at + minutes(5))?;
                    let child = self.last_child(id)?;
                    self.made += 1;
                    self.events += 1;
                    self.repair(child, Kind::Repair, at + minutes(6), false)?;
                }
                Ok(())
            }
        }
    }

    fn last_child(&self, id: i64) -> Res<i64> {
        let m = self.mark();
        let child = self.store.conn().query_row(
            "SELECT max(id) FROM tickets WHERE parent_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        self.tally("last_child", m);
        Ok(child)
    }

    fn repair(&mut self, id: i64, kind: Kind, start: NaiveDateTime, open: bool) -> Res<()> {
        let paid = kind == Kind::PaidService;
        // Where an open one stops: 0 registered … 4 done (5 paid).
        let stop = if open {
            *self.rng.pick(&[0u8, 1, 1, 2, 2, 2, 3, 4])
        } else {
            9
        };
        let mut at = start;
        if !open {
            let r = self.rng.below(100);
            if r < 4 {
                let c = StepInput {
                    reason: Some("业主已自行修好，来电撤单".into()),
                    ..Default::default()
                };
                return self.step(id, Action::Cancel, c, at + minutes(15));
            }
            if r < 7 {
                let e = StepInput {
                    explanation: Some("属业主自行添置的设备，已解释并介绍有偿服务".into()),
                    ..Default::default()
                };
                return self.step(id, Action::OutOfScope, e, at + minutes(10));
            }
        }
        if stop == 0 {
            return Ok(());
        }
        let department = if paid && self.rng.chance(40) {
            dept::CLEANING
        } else {
            dept::ENGINEERING
        };
        let tech = if department == dept::ENGINEERING {
            Some(self.rng.pick(&self.eng).to_string())
        } else {
            Some("吴桂英".to_string())
        };
        let fee = 3000 + 500 * self.rng.below(20) as i64;
        at += minutes(3 + self.rng.below(30));
        let d = StepInput {
            department: Some(department.into()),
            technician: tech,
            quoted_fee_cents: paid.then_some(fee),
            ..Default::default()
        };
        self.step(id, Action::Dispatch, d, at)?;
        if self.rng.chance(4) && department == dept::ENGINEERING {
            at += minutes(10);
            let r = StepInput {
                department: Some(dept::ENGINEERING.into()),
                technician: Some(self.rng.pick(&self.eng).to_string()),
                note: Some("原师傅休假，改派".into()),
                ..Default::default()
            };
            self.step(id, Action::Reassign, r, at)?;
        }
        if stop == 1 {
            return Ok(());
        }
        at += minutes(5 + self.rng.below(60));
        self.step(id, Action::Accept, StepInput::default(), at)?;
        if self.rng.chance(6) {
            at += minutes(60 + self.rng.below(300));
            let r = StepInput {
                reason: Some((*self.rng.pick(RETURN_REASONS)).into()),
                ..Default::default()
            };
            self.step(id, Action::ReturnUnfinished, r, at)?;
        }
        if stop == 3 || self.rng.chance(8) {
            at += minutes(30 + self.rng.below(120));
            let h = StepInput {
                reason: Some((*self.rng.pick(HOLD_REASONS)).into()),
                resident_informed: Some(true),
                ..Default::default()
            };
            self.step(id, Action::Hold, h, at)?;
            if stop == 3 {
                return Ok(());
            }
            at += Duration::hours(24 + self.rng.below(72) as i64);
            self.step(id, Action::Resume, StepInput::default(), at)?;
        }
        if stop == 2 {
            return Ok(());
        }
        at = self.complete(id, paid, fee, at)?;
        if stop == 4 {
            return Ok(());
        }
        // The callback (if this one was sampled): mostly satisfied; an
        // unsatisfied one puts the order back to work.
        at += Duration::hours(20 + self.rng.below(60) as i64);
        let unhappy = self.rng.chance(3);
        let result = if unhappy {
            CallResult::Unsatisfied
        } else if self.rng.chance(3) {
            CallResult::Unreached
        } else if self.rng.chance(10) {
            CallResult::Basic
        } else {
            CallResult::Satisfied
        };
        let called = self.call_back(id, at, result)?;
        if called && unhappy && self.state(id)? == State::Dispatched {
            at += minutes(30);
            self.step(id, Action::Accept, StepInput::default(), at)?;
            at = self.complete(id, paid, fee, at)?;
            at += Duration::hours(24);
            self.call_back(id, at, CallResult::Satisfied)?;
        }
        let st = self.state(id)?;
        if paid && st == State::Done {
            at += minutes(30);
            self.step(id, Action::ConfirmPayment, StepInput::default(), at)?;
        }
        if matches!(self.state(id)?, State::Done | State::Paid) {
            at += minutes(10);
            self.step(id, Action::Close, StepInput::default(), at)?;
        }
        Ok(())
    }

    fn complete(&mut self, id: i64, paid: bool, fee: i64, at: NaiveDateTime) -> Res<NaiveDateTime> {
        let at = at + minutes(40 + self.rng.below(240));
        let chargeable = paid || self.rng.chance(12);
        let c = StepInput {
            resident_signed: Some(true),
            fee_cents: chargeable.then_some(fee),
            ..Default::default()
        };
        self.step(id, Action::Complete, c, at)?;
        Ok(at)
    }

    fn complaint(&mut self, id: i64, start: NaiveDateTime, open: bool) -> Res<()> {
        let stop = if open {
            *self.rng.pick(&[0u8, 1, 2, 2, 2, 3, 4])
        } else {
            9
        };
        let mut at = start + minutes(5 + self.rng.below(15));
        if stop == 0 {
            return Ok(());
        }
        if !open && self.rng.chance(4) {
            let c = StepInput {
                reason: Some("业主撤回投诉".into()),
                ..Default::default()
            };
            return self.step(id, Action::Cancel, c, at);
        }
        if !open && self.rng.chance(8) {
            // Invalid: explained within a working day, then closed.
            let sup = self.sup();
            self.step_by(id, Action::ClassifyInvalid, StepInput::default(), at, &sup)?;
            at += Duration::hours(3);
            let e = StepInput {
                explanation: Some("不属物业服务范围，已向业主解释".into()),
                reply_via: Some(ReplyVia::Phone),
                ..Default::default()
            };
            self.step(id, Action::Explain, e, at)?;
            at += Duration::hours(48);
            if !self.call_back(id, at, CallResult::Satisfied)? || !self.state(id)?.is_final() {
                let sup = self.sup();
                self.step_by(id, Action::Close, StepInput::default(), at, &sup)?;
            }
            return Ok(());
        }
        let urgency = *self.rng.pick(&[
            Urgency::NotUrgent,
            Urgency::NotUrgent,
            Urgency::Urgent,
            Urgency::SevereUrgent,
        ]);
        let cv = StepInput {
            urgency: Some(urgency),
            developer_defect: Some(false),
            ..Default::default()
        };
        self.step(id, Action::ClassifyValid, cv, at)?;
        if stop == 1 {
            return Ok(());
        }
        let to = COMPLAINTS
            .iter()
            .map(|c| c.2)
            .nth(self.rng.below(COMPLAINTS.len() as u64) as usize)
            .unwrap_or(dept::SECURITY);
        at += minutes(5 + self.rng.below(15));
        let d = StepInput {
            department: Some(to.into()),
            ..Default::default()
        };
        self.step(id, Action::Dispatch, d, at)?;
        if self.rng.chance(5) {
            at += Duration::hours(2);
            let e = StepInput {
                escalate_to: Some(EscalateTo::DutyManager),
                note: Some("多部门协调".into()),
                ..Default::default()
            };
            self.step(id, Action::Escalate, e, at)?;
        }
        if self.rng.chance(10) {
            at += Duration::days(2);
            let c = StepInput {
                note: Some("每周联系业主，告知处理进度".into()),
                reply_via: Some(ReplyVia::Phone),
                ..Default::default()
            };
            self.step(id, Action::Contact, c, at)?;
        }
        if stop == 2 {
            return Ok(());
        }
        at += Duration::hours(2 + self.rng.below(30) as i64);
        let h = StepInput {
            note: Some("责任部门已处理并反馈前台".into()),
            ..Default::default()
        };
        self.step(id, Action::Handle, h, at)?;
        if stop == 3 {
            return Ok(());
        }
        at += minutes(30);
        let r = StepInput {
            reply_via: Some(ReplyVia::Phone),
            explanation: Some("已电话告知业户处理结果".into()),
            ..Default::default()
        };
        self.step(id, Action::Reply, r, at)?;
        if stop == 4 {
            return Ok(());
        }
        at += Duration::hours(24 + self.rng.below(48) as i64);
        let unhappy = self.rng.chance(3);
        let result = if unhappy {
            CallResult::Unsatisfied
        } else {
            CallResult::Satisfied
        };
        self.call_back(id, at, result)?;
        if unhappy && self.state(id)? == State::Dispatched {
            at += Duration::hours(4);
            let h = StepInput {
                note: Some("再次处理，已解决".into()),
                ..Default::default()
            };
            self.step(id, Action::Handle, h, at)?;
            at += minutes(30);
            let r = StepInput {
                reply_via: Some(ReplyVia::Visit),
                explanation: Some("上门说明处理结果".into()),
                ..Default::default()
            };
            self.step(id, Action::Reply, r, at)?;
            at += Duration::hours(24);
            self.call_back(id, at, CallResult::Satisfied)?;
        }
        if !self.state(id)?.is_final() {
            let sup = self.sup();
            self.step_by(
                id,
                Action::Close,
                StepInput::default(),
                at + minutes(5),
                &sup,
            )?;
        }
        Ok(())
    }

    fn emergency(&mut self, id: i64, start: NaiveDateTime, open: bool) -> Res<()> {
        let stop = if open {
            *self.rng.pick(&[0u8, 1, 2])
        } else {
            9
        };
        if stop == 0 {
            return Ok(());
        }
        let mut at = start + minutes(2 + self.rng.below(4));
        self.step(id, Action::ArriveOnScene, StepInput::default(), at)?;
        if self.rng.chance(30) {
            at += minutes(20);
            let l = StepInput {
                note: Some("现场处置后需维修".into()),
                ..Default::default()
            };
            self.step(id, Action::LinkRepair, l, at)?;
            let child = self.last_child(id)?;
            self.made += 1;
            self.events += 1;
            // The follow-up repair, worked like any other.
            self.repair(child, Kind::Repair, at + minutes(1), open)?;
        }
        if stop == 1 {
            return Ok(());
        }
        at += Duration::hours(1 + self.rng.below(4) as i64);
        let rec = StepInput {
            record: Some(EmergencyRecord {
                what: "管道破裂漏水".into(),
                location: "现场".into(),
                severity: Some(*self.rng.pick(&[Severity::Minor, Severity::Serious])),
                responders: "工程部 2人，安保 1人".into(),
                losses: "吊顶受损".into(),
                photos_taken: true,
                cause: "管道老化".into(),
                measures: "关阀止水，更换管段".into(),
            }),
            ..Default::default()
        };
        self.step(id, Action::Record, rec, at)?;
        if stop == 2 {
            return Ok(());
        }
        at += Duration::hours(6);
        let sup = self.sup();
        self.step_by(id, Action::SignOff, StepInput::default(), at, &sup)
    }
}

fn main() {
    if let Err(e) = run() {
        eprintln!("gen: {e}");
        std::process::exit(1);
    }
}

fn run() -> Res<()> {
    let a = parse_args()?;
    let t0 = Instant::now();
    let say = |m: String| {
        if !a.quiet {
            eprintln!("[{:7.1} s] {m}", t0.elapsed().as_secs_f64());
        }
    };
    if a.db.exists() && !a.force {
        return Err(format!("{} exists (--force replaces it)", a.db.display()).into());
    }
    // Made, then opened again: statements prepared on the connection that
    // ran the migrations are prepared again at every use (SQLite keeps a
    // schema-changed mark on it), which made generating 3× slower.
    drop(Store::create(&a.db, a.force, DEFAULT_ZONE)?);
    let mut store = Store::open(&a.db, DEFAULT_ZONE)?;
    store.set_bulk_mode(true)?;
    // gen's own new file, nobody else reading it: no rollback journal while
    // it is written (each page once into the file instead of WAL and then
    // the file); WAL again at the end. A failed batch stops gen anyway.
    store
        .conn()
        .execute_batch("PRAGMA cache_size=-262144; PRAGMA journal_mode=OFF;")?;
    demo::seed_staff(&mut store)?;
    let mut rng = Rng::new(a.seed);

    // --- The site: buildings of 2 entrances × 30 floors × 4 rooms. ---
    let per_building = 240u64;
    let buildings = a.units.div_ceil(per_building);
    let mut residents: Vec<Resident> = Vec::new();
    let mut owners: Vec<(String, String)> = Vec::new();
    let since = |rng: &mut Rng| {
        format!(
            "{}-{:02}-{:02}",
            2012 + rng.below(13),
            1 + rng.below(12),
            1 + rng.below(28)
        )
    };
    store.site_batch(|b| {
        let mut made = 0;
        for no in 1..=buildings {
            let bid = b.add_building(no as u16, &format!("{no}栋"), "residential", 2, 30)?;
            for e in 1..=2u16 {
                for floor in 1..=30u32 {
                    for n in 1..=4u32 {
                        if made >= a.units {
                            continue;
                        }
                        made += 1;
                        let u = UnitNo::new(no as u16, e, floor * 100 + n);
                        let uid = b.add_unit(bid, u, floor, Some(89.0 + n as f64 * 21.5))?;
                        if !rng.chance(92) {
                            continue;
                        }
                        let move_in = since(&mut rng);
                        let owner = name(&mut rng);
                        let hid = b.add_household(&HouseholdRow {
                            unit_id: uid,
                            kind: HouseholdKind::Owner,
                            name: &owner,
                            move_in: &move_in,
                            move_out: None,
                            payment: if rng.chance(8) {
                                PaymentStatus::Arrears
                            } else {
                                PaymentStatus::Paid
                            },
                            notes: "",
                        })?;
                        let phone = mobile(&mut rng);
                        b.add_member(&MemberRow {
                            household_id: hid,
                            name: &owner,
                            relation: "业主",
                            phone: &phone,
                            id_number: &format!("3101041970{:08}", rng.below(100_000_000)),
                            primary: true,
                        })?;
                        if rng.chance(60) {
                            let spouse = name(&mut rng);
                            let p2 = mobile(&mut rng);
                            b.add_member(&MemberRow {
                                household_id: hid,
                                name: &spouse,
                                relation: "配偶",
                                phone: &p2,
                                id_number: "",
                                primary: false,
                            })?;
                        }
                        let mut who = (owner.clone(), phone.clone());
                        if rng.chance(15) {
                            let tenant = name(&mut rng);
                            let tphone = mobile(&mut rng);
                            let tid = b.add_household(&HouseholdRow {
                                unit_id: uid,
                                kind: HouseholdKind::Tenant,
                                name: &tenant,
                                move_in: &since(&mut rng),
                                move_out: None,
                                payment: PaymentStatus::Paid,
                                notes: "租期一年",
                            })?;
                            b.add_member(&MemberRow {
                                household_id: tid,
                                name: &tenant,
                                relation: "租户",
                                phone: &tphone,
                                id_number: "",
                                primary: true,
                            })?;
                            who = (tenant, tphone);
                        }
                        residents.push((u.code(), who.0, who.1));
                        owners.push((u.code(), owner));
                    }
                }
            }
        }
        Ok(())
    })?;
    say(format!(
        "site: {} units in {buildings} buildings, {} households",
        a.units,
        residents.len()
    ));

    let person =
        |store: &Store, n: &str| -> Res<Actor> { Ok(Actor::assume(store.staff_by_name(n)?)) };
    let ops = ["张敏", "李娜", "王芳", "赵丽"]
        .iter()
        .map(|n| person(&store, n))
        .collect::<Res<Vec<_>>>()?;
    let sups = ["陈静", "周磊"]
        .iter()
        .map(|n| person(&store, n))
        .collect::<Res<Vec<_>>>()?;
    let start = a.now - Duration::days(365 * a.years as i64);
    let span = (a.now - start).num_seconds().max(1) as u64;

    // --- Tickets, oldest first; the open ones among the most recent. ---
    let prof: Option<SharedProf> = a.profile.then(Default::default);
    if let Some(p) = &prof {
        let sink = Arc::clone(p);
        store.profile_statements(Some(Box::new(move |sql, d| {
            if let Ok(mut p) = sink.lock() {
                p.total += 1;
                let e = p.by_sql.entry(sql.to_string()).or_default();
                e.0 += 1;
                e.1 += d;
            }
        })))?;
    }
    let window = a.tickets.min(a.open.saturating_mul(3)).max(a.open);
    let first_open_zone = a.tickets - window;
    let mut g = Gen {
        store: &mut store,
        rng: Rng::new(a.seed ^ 0x5eed),
        now: a.now,
        ops: ops.clone(),
        sups: sups.clone(),
        eng: vec!["赵建军", "孙志刚", "周海涛"],
        residents,
        events: 0,
        made: 0,
        cur: None,
        prof: prof.clone(),
    };
    let mut open_left = a.open;
    let chunk = 5_000u64;
    let mut i = 0u64;
    let mut last_report = Instant::now();
    while g.made < a.tickets {
        g.store.batch(|s| {
            let mut inner = Gen {
                store: s,
                rng: Rng::new(g.rng.next_u64()),
                now: g.now,
                ops: g.ops.clone(),
                sups: g.sups.clone(),
                eng: g.eng.clone(),
                residents: std::mem::take(&mut g.residents),
                events: 0,
                made: g.made,
                cur: None,
                prof: g.prof.clone(),
            };
            let end = (g.made + chunk).min(a.tickets);
            let r = (|| -> Res<()> {
                while inner.made < end {
                    let idx = inner.made;
                    let in_zone = idx >= first_open_zone;
                    let open = in_zone && {
                        let left_in_zone = a.tickets - idx;
                        open_left > 0 && inner.rng.below(left_in_zone) < open_left
                    };
                    if open {
                        open_left -= 1;
                    }
                    // Spread over the years; a little jitter within the slot.
                    let off = span * idx / a.tickets.max(1);
                    let at = start + Duration::seconds(off as i64 + inner.rng.below(60) as i64);
                    // A closed one never has children near the end (they
                    // would not fit before the open zone's count).
                    inner.ticket(at.min(a.now), open)?;
                    i += 1;
                }
                Ok(())
            })();
            g.residents = std::mem::take(&mut inner.residents);
            g.events += inner.events;
            g.made = inner.made;
            r.map_err(|e| {
                frontdesk::store::StoreError::Sql(rusqlite::Error::UserFunctionError(
                    e.to_string().into(),
                ))
            })
        })?;
        if last_report.elapsed().as_secs() >= 5 {
            last_report = Instant::now();
            say(format!("tickets: {} of {}", g.made, a.tickets));
        }
    }
    let (events_n, made) = (g.events, g.made);
    let residents = std::mem::take(&mut g.residents);
    drop(g);
    if let Some(p) = &prof {
        store.profile_statements(None)?;
        if let Ok(p) = p.lock() {
            p.print(made);
        }
    }
    say(format!(
        "tickets: {made} ({} open), ~{events_n} steps",
        a.open
    ));

    // --- Keys: about one unit in 30 leaves a key; loans over the years. ---
    let mut keys: Vec<(i64, String)> = Vec::new();
    let n_keys = (owners.len() / 30).max(2);
    let mut loans_made = 0u64;
    let chen = Approval {
        approver: "陈静".into(),
        pin: DEMO_PIN.into(),
    };
    {
        let mut krng = Rng::new(a.seed ^ 0xbeef);
        store.batch(|s| {
            for k in 0..n_keys {
                let (code, owner) = owners[(k * 29 + 7) % owners.len()].clone();
                let at = start + Duration::days(krng.below(200) as i64);
                let r = s.add_key(
                    &NewKey {
                        unit: Some(code),
                        area: String::new(),
                        kind: if k % 7 == 0 {
                            KeyKind::Storage
                        } else {
                            KeyKind::UnitDoor
                        },
                        copies: 1 + (k % 4 == 0) as i64,
                        hook: format!("{}-{:03}", ["A", "B", "C", "D"][k % 4], k / 4 + 1),
                        consent_by: owner.clone(),
                        consent_at: Some(at),
                        consent_purpose: "交房验收后整改维修".into(),
                        notes: String::new(),
                    },
                    &ops[k % ops.len()],
                    at,
                )?;
                keys.push((r.id, owner));
            }
            Ok(())
        })?;
        // Loans: owners and sales staff (no approval), now and then a
        // contractor approved by a supervisor (a PIN check each: kept few).
        let per_key = (a.years * 4) as usize;
        let loans_total = keys.len() * per_key;
        let lent_span = (a.now - start - Duration::days(2)).num_seconds().max(1) as u64;
        let mut jobs: Vec<(u64, usize)> = (0..loans_total)
            .map(|j| (lent_span * j as u64 / loans_total as u64, j % keys.len()))
            .collect();
        jobs.sort_unstable();
        let mut approvals = 0;
        let mut plain: Vec<(NewLoan, NaiveDateTime, usize, bool)> = Vec::new();
        for (n, (off, k)) in jobs.into_iter().enumerate() {
            let (key_id, owner) = keys[k].clone();
            let lent = start + Duration::seconds(off as i64);
            let contractor = n % 40 == 0 && approvals < 60;
            let (bt, who) = if contractor {
                approvals += 1;
                (BorrowerType::Contractor, name(&mut krng))
            } else if krng.chance(70) {
                (BorrowerType::Owner, owner)
            } else {
                (BorrowerType::Sales, name(&mut krng))
            };
            let last = lent > a.now - Duration::days(10);
            let l = NewLoan {
                key_id,
                copy: None,
                borrower_type: bt,
                name: who,
                id_number: format!("3101041980{:08}", krng.below(100_000_000)),
                phone: mobile(&mut krng),
                reason: "入户查看维修情况".into(),
                ticket_id: None,
                due_at: lent + Duration::hours(4),
                signed: true,
            };
            // Returns are in order of lending: each key's loans follow one
            // another (a key is lent again only after it came back).
            plain.push((l, lent, n, last && krng.chance(30)));
        }
        // Per key: skip a loan that would overlap the key's copy still out.
        let mut out_until: std::collections::HashMap<i64, NaiveDateTime> = Default::default();
        store.batch(|s| {
            for (l, lent, n, stays_out) in &plain {
                if out_until.get(&l.key_id).is_some_and(|u| u >= lent) {
                    continue;
                }
                let needs = frontdesk::domain::keys::needs_approval(l.borrower_type);
                if needs {
                    continue; // with approval: done outside the batch below
                }
                let loan = s.lend(l, None, &ops[n % ops.len()], *lent)?;
                loans_made += 1;
                if *stays_out {
                    out_until.insert(l.key_id, a.now + Duration::days(3650));
                } else {
                    let back = *lent + Duration::hours(2);
                    s.return_key(
                        LoanRef::Loan(loan.id),
                        Condition::Good,
                        "",
                        &ops[(n + 1) % ops.len()],
                        back,
                    )?;
                    out_until.insert(l.key_id, back);
                }
            }
            Ok(())
        })?;
        // Approved loans: the approver's PIN is checked before each write,
        // so they are not inside one batch; returned at once.
        let mut done_approved = 0;
        for (l, lent, n, _) in &plain {
            if !frontdesk::domain::keys::needs_approval(l.borrower_type) || done_approved >= 20 {
                continue;
            }
            let mut l = l.clone();
            l.due_at = a.now + Duration::hours(4);
            let at = a.now - Duration::hours(30) + Duration::minutes(done_approved * 10);
            l.due_at = at + Duration::hours(4);
            if out_until.get(&l.key_id).is_some_and(|u| *u >= at) {
                continue;
            }
            let _ = lent;
            let loan = store.lend(&l, Some(&chen), &ops[n % ops.len()], at)?;
            store.return_key(
                LoanRef::Loan(loan.id),
                Condition::Good,
                "",
                &ops[0],
                at + Duration::hours(1),
            )?;
            out_until.insert(l.key_id, at + Duration::hours(1));
            loans_made += 1;
            done_approved += 1;
        }
    }
    say(format!("keys: {} keys, {loans_made} loans", keys.len()));

    // --- The duty log: a few entries a shift, every shift of the years. ---
    let plan = ShiftPlan::default();
    let mut shift = plan.at(start + Duration::days(1));
    let mut lrng = Rng::new(a.seed ^ 0x10c);
    let mut entries = 0u64;
    store.batch(|s| {
        while shift.end <= a.now {
            let n = 2 + lrng.below(3);
            for k in 0..n {
                let (cat, text) = *lrng.pick(LOG_TEXTS);
                let at = shift.start + (shift.end - shift.start) * (k as i32 + 1) / (n as i32 + 2);
                let e = NewLogEntry {
                    category: Some(cat),
                    text: text.into(),
                    unit: (cat == LogCat::Call).then(|| {
                        residents[(entries as usize * 13) % residents.len()]
                            .0
                            .clone()
                    }),
                    ..Default::default()
                };
                s.add_log_entry(&e, &ops[(entries as usize) % ops.len()], &shift, at)?;
                entries += 1;
            }
            shift = plan.next(&shift);
        }
        Ok(())
    })?;
    say(format!("duty log: {entries} entries"));

    // --- Sealed handovers: the last days' shifts, signed and some reviewed. ---
    let render = |r: &frontdesk::domain::handover::Report| Lang::Zh.handover_text(r);
    let mut sealed = 0u64;
    if a.handover_days > 0 {
        let mut shift = plan.at(a.now - Duration::days(a.handover_days as i64));
        while plan.next(&shift).end <= a.now {
            let next = plan.next(&shift);
            let from = &ops[sealed as usize % ops.len()];
            let to = &ops[(sealed as usize + 1) % ops.len()];
            let h = store.submit_handover(
                &shift,
                &next,
                "未完工单见报告；钥匙外借已核对。",
                from,
                shift.end - Duration::minutes(10),
                &render,
            )?;
            store.acknowledge_handover(
                h.id,
                to,
                DEMO_PIN,
                "已阅，收到。",
                shift.end + Duration::minutes(3),
            )?;
            if sealed.is_multiple_of(3) {
                store.review_handover(h.id, &sups[0], "已阅。", shift.end + Duration::hours(2))?;
            }
            sealed += 1;
            shift = next;
        }
    }
    say(format!("handovers: {sealed} sealed"));
    store.set_bulk_mode(false)?;
    // No ANALYZE: frontdesk never runs it, so a site's file has no
    // statistics, and the benchmark measures what a site would. (With
    // them, SQLite reads and sorts sqlite_stat4's samples at every open:
    // 8.6 M instructions, a third of a whole `lookup`, which the sqlite3
    // shell built without STAT4 never pays.)
    // Back to WAL on a connection of its own: the store's connection
    // holds statements that keep the journal mode from changing.
    drop(store);
    let store = rusqlite::Connection::open(&a.db)?;
    let _wal: String = store.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    store.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    let bytes = std::fs::metadata(&a.db)?.len();
    let open_now: i64 = store.query_row(
        "SELECT count(*) FROM tickets WHERE closed_at IS NULL",
        [],
        |r| r.get(0),
    )?;
    let events: i64 = store.query_row("SELECT count(*) FROM ticket_events", [], |r| r.get(0))?;
    let deadlines: i64 =
        store.query_row("SELECT count(*) FROM ticket_deadlines", [], |r| r.get(0))?;
    println!(
        "gen: {} units, {made} tickets ({open_now} open), {events} audit events ({:.2}/ticket), {deadlines} deadlines ({:.2}/ticket), {} keys, {loans_made} loans, {entries} log entries, {sealed} handovers; {bytes} bytes ({:.0} B/ticket) in {:.1} s",
        a.units,
        events as f64 / made.max(1) as f64,
        deadlines as f64 / made.max(1) as f64,
        keys.len(),
        bytes as f64 / made.max(1) as f64,
        t0.elapsed().as_secs_f64()
    );
    let _ = i;
    Ok(())
}
