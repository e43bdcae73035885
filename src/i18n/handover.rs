//! Shift and duty-log words: shift names, log categories, deadline names and
//! the refusals of the duty log and handover. The report itself is rendered
//! by `present::handover`.

use super::{fill, Lang};
use crate::domain::dutylog::Category;
use crate::domain::shift::{Shift, ShiftRefusal};
use chrono::Timelike;

fn hm(t: chrono::NaiveDateTime) -> String {
    t.format("%H:%M").to_string()
}

impl Lang {
    /// The shift's name in this language.
    pub fn shift_name(self, s: &Shift) -> &str {
        match self {
            Lang::En if !s.name_en.is_empty() => &s.name_en,
            _ => &s.name,
        }
    }

    /// `2026-11-23 白班 09:00–17:00` (midnight as the end reads 24:00).
    pub fn shift_label(self, s: &Shift) -> String {
        let end = if s.end.time().num_seconds_from_midnight() == 0 {
            "24:00".to_string()
        } else {
            hm(s.end)
        };
        format!("{} {} {}–{}", s.date, self.shift_name(s), hm(s.start), end)
    }

    pub fn log_category(self, c: Category) -> &'static str {
        let t = &self.t().shift;
        match c {
            Category::Call => t.cat_call,
            Category::Visitor => t.cat_visitor,
            Category::Patrol => t.cat_patrol,
            Category::Incident => t.cat_incident,
            Category::Promise => t.cat_promise,
            Category::Note => t.cat_note,
            Category::Correction => t.cat_correction,
            Category::Kept => t.cat_kept,
        }
    }

    /// A deadline code of `ticket_deadlines.what`: known ones translated.
    pub fn deadline_what(self, code: &str) -> &str {
        match code.parse::<crate::domain::deadline::What>() {
            Ok(w) => self.deadline(w),
            Err(_) => code,
        }
    }

    pub fn shift_refusal(self, r: &ShiftRefusal) -> String {
        let t = &self.t().shift;
        match r {
            ShiftRefusal::EmptyText => t.r_empty_text.to_string(),
            ShiftRefusal::TextTooLong(n) => fill(t.r_too_long, &[n]),
            ShiftRefusal::PromiseNeedsDue => t.r_promise_due.to_string(),
            ShiftRefusal::BadDue(e) => format!("{}: {}", t.r_promise_due, self.when_error(*e)),
            ShiftRefusal::NotFound(id) => fill(t.r_not_found, &[id]),
            ShiftRefusal::NotAPromise(id) => fill(t.r_not_promise, &[id]),
            ShiftRefusal::AlreadyKept(id, by) => fill(t.r_already_kept, &[id, by]),
            ShiftRefusal::CannotCorrectKept(id) => fill(t.r_cannot_correct_kept, &[id]),
            ShiftRefusal::AlreadyHandedOver(key, id) => fill(t.r_already_handed, &[key, id]),
            ShiftRefusal::AlreadyAcknowledged(id) => fill(t.r_already_ack, &[id]),
            ShiftRefusal::SameOperator => t.r_same_operator.to_string(),
            ShiftRefusal::WrongPin => t.r_wrong_pin.to_string(),
            ShiftRefusal::NoPin(who) => fill(t.r_no_pin, &[who]),
            ShiftRefusal::NotAcknowledged(id) => fill(t.r_not_ack, &[id]),
            ShiftRefusal::AlreadyReviewed(id) => fill(t.r_already_reviewed, &[id]),
            ShiftRefusal::NotReviewer => t.r_not_reviewer.to_string(),
            ShiftRefusal::NotDeskStaff => t.r_not_desk.to_string(),
            ShiftRefusal::Tampered(id) => fill(t.r_tampered, &[id]),
            ShiftRefusal::OutsideShift { at, shift } => {
                fill(t.r_outside_shift, &[&at.format("%Y-%m-%d %H:%M"), shift])
            }
            ShiftRefusal::NotStarted(key) => fill(t.r_not_started, &[key]),
            ShiftRefusal::OwnAction(code) => {
                let name = code
                    .parse::<Category>()
                    .map_or(*code, |c| self.log_category(c));
                fill(t.r_own_action, &[&name])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shift_labels() {
        let p = crate::domain::shift::ShiftPlan::default();
        let t =
            chrono::NaiveDateTime::parse_from_str("2026-11-23 18:00", "%Y-%m-%d %H:%M").unwrap();
        let s = p.at(t);
        assert_eq!(Lang::Zh.shift_label(&s), "2026-11-23 中班 17:00–24:00");
        assert_eq!(Lang::En.shift_label(&s), "2026-11-23 Evening 17:00–24:00");
        assert_eq!(Lang::Zh.deadline_what("reply"), "答复");
        assert_eq!(Lang::Zh.deadline_what("whatever"), "whatever");
    }
}
