//! Every user-facing string, one table per language (`zh.rs`, `en.rs`).
//! A missing string in either language is a compile error.

pub mod auth;
mod callbacks;
mod checks;
pub mod doctor;
mod en;
mod handover;
pub mod household;
mod import;
mod keys;
pub mod kit;
pub mod paper;
pub mod registers;
mod registers_names;
pub mod reports;
mod safety;
mod show;
mod texts;
pub mod today;
mod when;
mod zh;

pub use checks::ChecksTx;
pub use show::ShowTx;
pub use texts::*;

use crate::domain::category::{Category, TicketCategory};
use crate::domain::deadline::What;
use crate::domain::household::HouseholdKind;
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

impl Lang {
    /// The language the locale names, POSIX order: the first of `LC_ALL`,
    /// `LC_MESSAGES`, `LANG` that is set and not empty decides; `en…` is
    /// English, `zh…` Chinese, anything else (`C`, `fr_FR` …) None, so the
    /// default (Chinese) applies. `get` reads a variable (the environment).
    pub fn from_locale(get: impl Fn(&str) -> Option<String>) -> Option<Lang> {
        let value = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| get(k))
            .find(|v| !v.trim().is_empty())?;
        let v = value.trim().to_ascii_lowercase();
        if v.starts_with("en") {
            Some(Lang::En)
        } else if v.starts_with("zh") {
            Some(Lang::Zh)
        } else {
            None
        }
    }
}

/// The category of `kind` that `text` names: its code, or its label in
/// either language (English case-insensitively).
pub fn category_from_text(kind: Kind, text: &str) -> Option<Category> {
    let t = text.trim();
    let list = Category::of_kind(kind);
    list.iter().copied().find(|c| {
        c.code().eq_ignore_ascii_case(t)
            || zh::category(*c) == t
            || en::category(*c).eq_ignore_ascii_case(t)
    })
}

/// Fill a template. `{}` takes the next argument in order; `{0}`, `{1}` …
/// take the argument by position, so a language may order them differently
/// (`"{1} 的 {0}"`). A placeholder without an argument is left as written.
pub fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    let mut next = 0;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let close = after.find('}');
        let index = match close {
            Some(0) => {
                next += 1;
                Some(next - 1)
            }
            Some(c) => after[..c].parse::<usize>().ok(),
            None => None,
        };
        match (index, close) {
            (Some(n), Some(c)) => {
                match args.get(n) {
                    Some(a) => out.push_str(&a.to_string()),
                    None => out.push_str(&rest[i..i + c + 2]),
                }
                rest = &after[c + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The argument positions a template uses, in order of position: `{}` counts
/// on from the previous `{}`. Two languages must use the same ones.
pub fn placeholders(template: &str) -> Vec<usize> {
    let mut used = Vec::new();
    let mut next = 0;
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        match after.find('}') {
            Some(0) => {
                used.push(next);
                next += 1;
                rest = &after[1..];
            }
            Some(c) => {
                if let Ok(n) = after[..c].parse::<usize>() {
                    used.push(n);
                }
                rest = &after[c + 1..];
            }
            None => break,
        }
    }
    used.sort_unstable();
    used
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
        household_kind(HouseholdKind),
        category(Category),
    );

    /// A ticket's category for display: its label, old text as stored, or
    /// empty.
    pub fn ticket_category(self, c: &TicketCategory) -> String {
        match c {
            TicketCategory::None => String::new(),
            TicketCategory::Code(c) => self.category(*c).to_string(),
            TicketCategory::Text(t) => t.clone(),
        }
    }

    // Codes stored as text (departments, key kinds…): known ones translated,
    // anything else shown as stored.
    delegate_code!(department, key_kind, key_status, context);

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
        let c = self.checks();
        match p {
            Problem::NoPlace => t.no_place.to_string(),
            Problem::Required => t.required.to_string(),
            Problem::Phone(e) => self.phone_error(e).to_string(),
            Problem::TooLong(max) => fill(c.too_long, &[&max]),
            Problem::NoLetters => c.no_letters.to_string(),
            Problem::ControlChar => c.control_char.to_string(),
            Problem::When(e) => self.when_error(e).to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn the_locale_names_the_language_in_posix_order() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            Lang::from_locale(env(&[("LANG", "en_US.UTF-8")])),
            Some(Lang::En)
        );
        assert_eq!(
            Lang::from_locale(env(&[("LANG", "zh_CN.UTF-8")])),
            Some(Lang::Zh)
        );
        assert_eq!(Lang::from_locale(env(&[("LANG", "C.UTF-8")])), None);
        assert_eq!(Lang::from_locale(env(&[("LANG", "fr_FR.UTF-8")])), None);
        assert_eq!(Lang::from_locale(env(&[])), None);
        // LC_ALL before LC_MESSAGES before LANG; an empty one is skipped.
        assert_eq!(
            Lang::from_locale(env(&[("LC_ALL", "zh_TW"), ("LANG", "en_GB")])),
            Some(Lang::Zh)
        );
        assert_eq!(
            Lang::from_locale(env(&[
                ("LC_ALL", ""),
                ("LC_MESSAGES", "en_US"),
                ("LANG", "zh_CN")
            ])),
            Some(Lang::En)
        );
    }

    use super::*;

    #[test]
    fn fill_placeholders() {
        assert_eq!(fill("{} 与 {}", &[&1, &"b"]), "1 与 b");
        assert_eq!(fill("{} {}", &[&1]), "1 {}");
        assert_eq!(fill("无", &[&1]), "无");
        // By position, so a language can turn the order round.
        assert_eq!(
            fill("{1} 的 {0}", &[&"钥匙", &"3-2-1201"]),
            "3-2-1201 的 钥匙"
        );
        assert_eq!(fill("{0}/{0}", &[&7]), "7/7");
        // Braces that are not placeholders stay.
        assert_eq!(fill("{a} {", &[&1]), "{a} {");
        assert_eq!(placeholders("{} x {}"), vec![0, 1]);
        assert_eq!(placeholders("{1} x {0}"), vec![0, 1]);
    }

    /// Every template of every language: walk both tables side by side and
    /// compare the placeholders each string uses.
    #[test]
    fn both_languages_fill_the_same_placeholders() {
        fn walk(
            path: String,
            zh: &serde_json::Value,
            en: &serde_json::Value,
            bad: &mut Vec<String>,
        ) {
            use serde_json::Value::*;
            match (zh, en) {
                (String(a), String(b)) => {
                    if placeholders(a) != placeholders(b) {
                        bad.push(format!("{path}: {a:?} vs {b:?}"));
                    }
                }
                (Object(a), Object(b)) => {
                    for (k, v) in a {
                        match b.get(k) {
                            Some(w) => walk(format!("{path}.{k}"), v, w, bad),
                            None => bad.push(format!("{path}.{k}: missing in en")),
                        }
                    }
                }
                // Lists (e.g. categories) may differ in length; their items
                // are labels without placeholders.
                (Array(_), Array(_)) => {}
                _ => bad.push(format!("{path}: different shapes")),
            }
        }
        let zh = serde_json::to_value(Lang::Zh.t()).expect("zh table");
        let en = serde_json::to_value(Lang::En.t()).expect("en table");
        let mut bad = Vec::new();
        walk("t".into(), &zh, &en, &mut bad);
        assert!(bad.is_empty(), "placeholders differ:\n{}", bad.join("\n"));
        // The walk really reaches the strings.
        assert!(zh["common"]["stale"]
            .as_str()
            .is_some_and(|s| s.contains("{}")));
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
    fn categories_by_code_or_label() {
        use crate::domain::category::Category as C;
        assert_eq!(
            category_from_text(Kind::Repair, "水电"),
            Some(C::PlumbingElectric)
        );
        assert_eq!(
            category_from_text(Kind::Repair, "plumbing/ELECTRIC"),
            Some(C::PlumbingElectric)
        );
        assert_eq!(category_from_text(Kind::Repair, "hvac"), Some(C::Hvac));
        // The same English label in two lists: the kind decides.
        assert_eq!(category_from_text(Kind::Complaint, "Fees"), Some(C::Fees));
        assert_eq!(
            category_from_text(Kind::Enquiry, "Fees"),
            Some(C::PropertyFee)
        );
        // Not in the kind's list.
        assert_eq!(category_from_text(Kind::Repair, "noise"), None);
        assert_eq!(category_from_text(Kind::Repair, "快递"), None);
        for &k in Kind::ALL {
            for &c in C::of_kind(k) {
                for lang in [Lang::Zh, Lang::En] {
                    assert_eq!(category_from_text(k, lang.category(c)), Some(c), "{k} {c}");
                }
            }
        }
        assert_eq!(
            Lang::Zh.ticket_category(&TicketCategory::Text("快递代收".into())),
            "快递代收"
        );
    }

    #[test]
    fn unit_errors_read_well() {
        let e = crate::domain::parse_unit("3--1201").unwrap_err();
        assert!(Lang::Zh.unit_error(&e).contains("空"));
        let e = crate::domain::parse_unit("abc").unwrap_err();
        assert!(Lang::En.unit_error(&e).contains("'a'"));
    }
}
