//! Every user-facing string, one table per language (`zh.rs`, `en.rs`).
//! A missing string in either language is a compile error.

mod callbacks;
mod en;
mod handover;
mod import;
mod keys;
mod texts;
mod zh;

pub use texts::*;

use crate::domain::deadline::What;
use crate::domain::intake::Problem;
use crate::domain::ticket::{EscalateTo, NotifyTarget, ReplyVia, Severity, Urgency};
use crate::domain::transitions::{Field, StepError};
use crate::domain::unit::{Part, UnitError, MAX_BUILDING, MAX_ENTRANCE, MAX_ROOM};
use crate::domain::{Action, Channel, Kind, Role, State};
use std::fmt::Display;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Deserialize,
    serde::Serialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// Replace each `{}` in `template` with the next argument.
pub fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    let mut args = args.iter();
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        match args.next() {
            Some(a) => out.push_str(&a.to_string()),
            None => out.push_str("{}"),
        }
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

macro_rules! delegate {
    ($($name:ident($ty:ty)),+ $(,)?) => {
        $(pub fn $name(self, v: $ty) -> &'static str {
            match self { Lang::Zh => zh::$name(v), Lang::En => en::$name(v) }
        })+
    };
}

macro_rules! delegate_code {
    ($($name:ident),+ $(,)?) => {
        $(pub fn $name(self, code: &str) -> &str {
            match self { Lang::Zh => zh::$name(code), Lang::En => en::$name(code) }
        })+
    };
}

impl Lang {
    /// The one of two stored names (e.g. a department's) in this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn t(self) -> &'static Texts {
        match self {
            Lang::Zh => &zh::TEXTS,
            Lang::En => &en::TEXTS,
        }
    }

    delegate!(
        kind(Kind),
        kind_short(Kind),
        state(State),
        action(Action),
        role(Role),
        channel(Channel),
        field(Field),
        urgency(Urgency),
        reply_via(ReplyVia),
        escalate_to(EscalateTo),
        notify_target(NotifyTarget),
        severity(Severity),
        deadline(What),
    );

    // Codes stored as text (departments, key kinds…): known ones translated,
    // anything else shown as stored.
    delegate_code!(department, household_kind, key_kind, key_status, context);

    pub fn unit_error(self, e: &UnitError) -> String {
        let t = &self.t().errors;
        match e {
            UnitError::Empty => t.unit_empty.to_string(),
            UnitError::BadChar(c) => fill(t.unit_bad_char, &[c]),
            UnitError::EmptyPart => t.unit_empty_part.to_string(),
            UnitError::TooManyParts => t.unit_too_many.to_string(),
            UnitError::TooLong => t.unit_too_long.to_string(),
            UnitError::OutOfRange { part, .. } => {
                let (name, max) = match part {
                    Part::Building => (t.part_building, MAX_BUILDING),
                    Part::Entrance => (t.part_entrance, MAX_ENTRANCE),
                    Part::Room => (t.part_room, MAX_ROOM),
                };
                fill(t.unit_out_of_range, &[&name, &max])
            }
            UnitError::MissingRoom => t.unit_missing_room.to_string(),
            UnitError::Order => t.unit_order.to_string(),
        }
    }

    pub fn step_error(self, e: &StepError) -> String {
        let t = &self.t().errors;
        let actions = |v: &[Action]| {
            if v.is_empty() {
                t.none.to_string()
            } else {
                v.iter()
                    .map(|a| format!("{}({})", self.action(*a), a.code()))
                    .collect::<Vec<_>>()
                    .join("、")
            }
        };
        match e {
            StepError::NotAllowed {
                kind,
                state,
                action,
                allowed,
            } => fill(
                t.not_allowed,
                &[
                    &self.action(*action),
                    &self.state(*state),
                    &self.kind(*kind),
                    &actions(allowed),
                ],
            ),
            StepError::Role { action, need } => {
                fill(t.role, &[&self.action(*action), &self.role(*need)])
            }
            StepError::Missing { action, missing } => fill(
                t.missing,
                &[
                    &self.action(*action),
                    &missing
                        .iter()
                        .map(|f| format!("{}({})", self.field(*f), f.code()))
                        .collect::<Vec<_>>()
                        .join("、"),
                ],
            ),
            StepError::CallbackOnly { action } => fill(t.callback_only, &[&self.action(*action)]),
            StepError::Escalated => t.escalated.to_string(),
            StepError::NegativeFee => t.negative_fee.to_string(),
        }
    }

    pub fn intake_problem(self, p: Problem) -> String {
        let t = &self.t().errors;
        match p {
            Problem::NoPlace => t.no_place,
            Problem::Required => t.required,
            Problem::BadPhone => t.bad_phone,
            Problem::TooLong => t.too_long,
        }
        .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_placeholders() {
        assert_eq!(fill("{} 与 {}", &[&1, &"b"]), "1 与 b");
        assert_eq!(fill("{} {}", &[&1]), "1 {}");
        assert_eq!(fill("无", &[&1]), "无");
    }

    #[test]
    fn both_languages_name_every_state_and_action() {
        for lang in [Lang::Zh, Lang::En] {
            for &s in State::ALL {
                assert!(!lang.state(s).is_empty());
            }
            for &a in Action::ALL {
                assert!(!lang.action(a).is_empty());
            }
        }
        assert_eq!(Lang::Zh.state(State::Dispatched), "已派工");
        assert_eq!(Lang::En.state(State::Dispatched), "dispatched");
    }

    #[test]
    fn unit_errors_read_well() {
        let e = crate::domain::parse_unit("3--1201").unwrap_err();
        assert!(Lang::Zh.unit_error(&e).contains("空"));
        let e = crate::domain::parse_unit("abc").unwrap_err();
        assert!(Lang::En.unit_error(&e).contains("'a'"));
    }
}
