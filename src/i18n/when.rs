//! Why a typed time was refused (`domain::when`), in both languages.

use super::Lang;
use crate::domain::when::WhenError;

#[derive(serde::Serialize)]
pub struct WhenTx {
    pub empty: &'static str,
    pub unrecognised: &'static str,
    pub no_such_date: &'static str,
    pub no_such_time: &'static str,
    pub ambiguous: &'static str,
    pub out_of_range: &'static str,
    pub in_past: &'static str,
    pub too_far: &'static str,
    pub not_yet: &'static str,
    pub too_long_ago: &'static str,
}

pub const ZH: WhenTx = WhenTx {
    empty: "请填写时间",
    unrecognised: "看不懂这个时间：可写 17:30、明天 9:00、11-24 12:00、+2小时",
    no_such_date: "没有这一天",
    no_such_time: "没有这个钟点",
    ambiguous: "有两种理解（今晚还是明早？），请写明日期",
    out_of_range: "时间超出范围",
    in_past: "时间已过",
    too_far: "时间太远了",
    not_yet: "时间还没到",
    too_long_ago: "时间太久远",
};

pub const EN: WhenTx = WhenTx {
    empty: "give a time",
    unrecognised: "not a time I can read: try 17:30, tomorrow 9:00, 11-24 12:00, +2h",
    no_such_date: "no such date",
    no_such_time: "no such time of day",
    ambiguous: "could mean tonight or tomorrow: give the date",
    out_of_range: "time out of range",
    in_past: "that time has passed",
    too_far: "too far ahead",
    not_yet: "that time has not come yet",
    too_long_ago: "too long ago",
};

impl Lang {
    pub fn when_error(self, e: WhenError) -> &'static str {
        let t = &self.t().when;
        match e {
            WhenError::Empty => t.empty,
            WhenError::Unrecognised => t.unrecognised,
            WhenError::NoSuchDate => t.no_such_date,
            WhenError::NoSuchTime => t.no_such_time,
            WhenError::Ambiguous => t.ambiguous,
            WhenError::OutOfRange => t.out_of_range,
            WhenError::InPast => t.in_past,
            WhenError::TooFar => t.too_far,
            WhenError::NotYet => t.not_yet,
            WhenError::TooLongAgo => t.too_long_ago,
        }
    }
}
