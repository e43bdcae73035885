//! The desk's figures 统计 for a day, a week, a month or any range: what the
//! daily statistics sheet 日工作统计表, the weekly report 周报表 / 周未完成情况
//! 汇总表 (001 前台接待) and the monthly complaint summary 投诉数据汇总表 with
//! its 及时率 and 合格率 (004 篇1 2.1, 3.5.5; 篇5 4.6) are made of.
//!
//! Pure: the store reads one row per ticket, deadline, callback, sampling
//! decision, key loan and emergency into the structs of [`facts`] (codes, not
//! labels; site-local `NaiveDateTime`), and these functions count. Nothing here
//! reads a clock: `as_of` is the moment the facts were read.
//!
//! ## Definitions where the seeds leave room
//!
//! - **Which deadlines count in a period** ([`timeliness`]): those whose
//!   *nominal* due time — the stored due time less the time spent on hold —
//!   falls in the period. Each promise belongs to exactly one period, and a
//!   hold never moves it to another one. It counts once it is decided: met
//!   (the stored result), missed (the stored result, or still pending and
//!   already past due at `as_of`: it can no longer be met), or lapsed (the
//!   ticket ended before it fell due: not counted). A deadline on hold at
//!   `as_of` whose clock stopped before it fell due is *paused* and one not
//!   yet due is *running*: neither counts yet, both are shown. Counting by
//!   resolution time instead would hide a missed promise until someone acted
//!   on the ticket.
//! - **合格率 pass rate** ([`callbacks`], 004 篇1 2.1, 3.5.4): of the callbacks
//!   that reached the resident in the period (one per handled ticket and
//!   round), the share judged satisfied or basically satisfied — the handling
//!   passed its check. Also per complaint / work order and per department.
//! - **满意率 satisfaction rate** (004 篇2 §4, target 96%): the seed counts
//!   households ("不得少于20户回访…满意率为96%以上"), so it is per household: of
//!   the units reached in the period, the share where the last verdict of
//!   every ticket called back in the period is satisfied or basic (a
//!   resident first unsatisfied and satisfied after the rework counts as
//!   satisfied: 篇2 §2 "由不满转化为满意").
//! - **满意度 satisfaction index** (004 篇2 §4, target 75%): points per answer
//!   — satisfied / good 100, basic / fair 60 (a pass mark), unsatisfied /
//!   poor 0 — over every answer given in the period's reached calls: the
//!   verdict and each of timeliness, attitude and workmanship the resident
//!   rated (003 §7.8 3). Points are site settings ([`IndexPoints`]).
//! - **Complaint callback coverage** (004 篇2 §4, 100%): complaint callbacks
//!   created in the period that are due by `as_of` or finished, reached ÷
//!   owed (as `domain::callback` counted it; unreachable counts as owed).
//! - **Repeat problems** ([`repeats`], 004 篇5 4.6.2, 篇2 4(4)): tickets of one
//!   unit and category at most 30 days apart; one category from at least 3
//!   units of a building within 7 days (a lobby notice is due within the
//!   week). A ticket with a parent (conversion, linked repair, follow-up after
//!   an unsatisfied callback) carries its parent's report on and is not a new
//!   one; cancelled tickets (mostly double registrations) are not reports.
//! - **Emergency follow-up** ([`emergencies`], 004 篇1 3.3.1): a visit by the end
//!   of the 20th calendar day after the emergency record was completed (the
//!   handling finished), for every emergency not cancelled. The store
//!   schedules it as a callback task of reason `emergency_visit` when the
//!   record is first completed; a reached visit is a callback like any other
//!   (households, 合格率, 满意度), counted apart from complaints and work
//!   orders (`pass_visits`).
//! - **投诉数据汇总表** ([`complaints`], 004 篇5 4.6): the complaints registered
//!   in the month, each followed to `as_of`, by category and by department.
//!
//! Rates are exact ([`Rate`]: part / whole, per-mille rounded half up for
//! display), so a target check never depends on float rounding.

pub mod callbacks;
pub mod complaints;
pub mod counts;
pub mod emergencies;
pub mod facts;
pub mod keys;
pub mod period;
pub mod repeats;
pub mod reports;
pub mod timeliness;

pub use facts::{
    scope, CallbackFact, DeadlineFact, DeadlineStatus, EmergencyFact, LoanFact, SampleFact, Scope,
    TicketFact, Validity,
};
pub use period::{Period, Span};
pub use reports::{daily, monthly, weekly, DailySheet, Facts, MonthlyReport, WeeklyReport};

use crate::domain::callback::CallbackRules;

/// `part` out of `whole`, never more than all of it. Serialized with its
/// per-mille value so the CLI prints without recomputing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Rate {
    part: u32,
    whole: u32,
}

impl Rate {
    /// `part` is capped at `whole`: a rate is within 0..=100% by construction.
    pub fn new(part: u32, whole: u32) -> Rate {
        Rate {
            part: part.min(whole),
            whole,
        }
    }
    pub fn part(self) -> u32 {
        self.part
    }
    pub fn whole(self) -> u32 {
        self.whole
    }
    /// ‰ rounded half up; `None` when there was nothing to count.
    pub fn per_mille(self) -> Option<u32> {
        (self.whole > 0).then(|| {
            let (p, w) = (self.part as u64, self.whole as u64);
            ((2000 * p + w) / (2 * w)) as u32
        })
    }
    /// Whether the rate reaches `percent` exactly (no rounding); `None` when
    /// there was nothing to count.
    pub fn reaches(self, percent: u32) -> Option<bool> {
        (self.whole > 0).then(|| 100 * self.part as u64 >= percent as u64 * self.whole as u64)
    }
    /// The two counts together (sums of rows).
    pub fn plus(self, other: Rate) -> Rate {
        Rate::new(self.part + other.part, self.whole + other.whole)
    }
}

impl serde::Serialize for Rate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Rate", 3)?;
        st.serialize_field("part", &self.part)?;
        st.serialize_field("whole", &self.whole)?;
        st.serialize_field("per_mille", &self.per_mille())?;
        st.end()
    }
}

/// Points per answer for the satisfaction index 满意度.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexPoints {
    /// Satisfied / good.
    pub top: u32,
    /// Basically satisfied / fair.
    pub middle: u32,
    /// Unsatisfied / poor.
    pub bottom: u32,
}

impl Default for IndexPoints {
    fn default() -> Self {
        IndexPoints {
            top: 100,
            middle: 60,
            bottom: 0,
        }
    }
}

/// The site's settings the figures depend on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureRules {
    /// Same unit and category within this many days is a repeat (30).
    pub repeat_days: i64,
    /// Same category from many units of one building within this many days (7).
    pub building_days: i64,
    /// ... from at least this many units (3).
    pub building_units: usize,
    /// A lobby notice is due this many days after that (004 篇2 4(4): 一周内).
    pub notice_days: i64,
    /// Emergency follow-up visit within this many days (004 篇1 3.3.1: 20).
    pub follow_up_days: i64,
    pub index: IndexPoints,
    /// Monthly households called back (004 篇2 §4: 20).
    pub households_target: u32,
    /// 满意率 target, percent (004 篇2 §4: 96).
    pub satisfaction_percent: u32,
    /// 满意度 target, percent (004 篇2 §4: 75).
    pub index_percent: u32,
    /// Share of finished work orders called back, percent (004 篇1 3.5.1: 60).
    pub sample_percent: u32,
}

impl Default for FigureRules {
    fn default() -> Self {
        FigureRules::from_callbacks(&CallbackRules::default())
    }
}

impl FigureRules {
    /// Defaults, with the targets the site already set for callbacks.
    pub fn from_callbacks(c: &CallbackRules) -> FigureRules {
        FigureRules {
            repeat_days: 30,
            building_days: 7,
            building_units: 3,
            notice_days: 7,
            follow_up_days: c.emergency_visit_days as i64,
            index: IndexPoints::default(),
            households_target: c.monthly_households,
            satisfaction_percent: c.satisfaction_percent,
            index_percent: 75,
            sample_percent: c.sample_percent,
        }
    }
}

#[cfg(test)]
mod tests;
