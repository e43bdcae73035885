//! The unit field's meaning: what the typed unit number resolves to, parsed
//! as you type. One unit shows its household; several (`1201` in a site with
//! many buildings) are offered in place with their owners, picked with ↑↓
//! and Enter. The text itself lives in the form; this keeps the resolution.

use super::form::Note;
use crate::domain::unit::{parse_unit, UnitNo};
use crate::i18n::{fill, Lang};
use crate::present::ErrorText;
use crate::store::site::{Contact, Found, Unit};
use crate::store::Store;
use crate::tui::action::Action;
use crate::tui::keymap::{Context, Keymap};

/// A unit among several candidates, with the head of its household.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub unit: UnitNo,
    pub head: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub enum Resolved {
    #[default]
    Empty,
    /// Not a unit number, or the store failed: the message says why.
    Bad(String),
    NotFound,
    Several {
        candidates: Vec<Candidate>,
        pick: usize,
    },
    One {
        unit: Box<Unit>,
        /// The current households' people, the one to ask for first first.
        contacts: Vec<Contact>,
    },
}

#[derive(Debug, Clone, Default)]
pub struct UnitField {
    pub resolved: Resolved,
}

impl UnitField {
    /// Resolve `text` against the site.
    pub fn resolve(&mut self, text: &str, store: &Store, lang: Lang) {
        self.resolved = if text.trim().is_empty() {
            Resolved::Empty
        } else {
            match parse_unit(text) {
                Err(e) => Resolved::Bad(lang.unit_error(&e)),
                Ok(q) => match store.find_unit(&q) {
                    Err(e) => Resolved::Bad(lang.store_error(&e)),
                    Ok(Found::None(_)) => Resolved::NotFound,
                    Ok(Found::Several(list)) => match store.unit_heads(&list) {
                        Ok(heads) => Resolved::Several {
                            candidates: heads
                                .into_iter()
                                .map(|(unit, head)| Candidate { unit, head })
                                .collect(),
                            pick: 0,
                        },
                        Err(e) => Resolved::Bad(lang.store_error(&e)),
                    },
                    Ok(Found::One(u)) => {
                        let contacts = store.unit_contacts(u.id).unwrap_or_default();
                        Resolved::One {
                            unit: Box::new(u),
                            contacts,
                        }
                    }
                },
            }
        };
    }

    pub fn clear(&mut self) {
        self.resolved = Resolved::Empty;
    }

    /// The unit found, if exactly one.
    pub fn unit(&self) -> Option<&Unit> {
        match &self.resolved {
            Resolved::One { unit, .. } => Some(unit),
            _ => None,
        }
    }

    pub fn code(&self) -> Option<String> {
        self.unit().map(|u| u.code.clone())
    }

    /// The people of the unit's current households (empty when vacant).
    pub fn contacts(&self) -> &[Contact] {
        match &self.resolved {
            Resolved::One { contacts, .. } => contacts,
            _ => &[],
        }
    }

    /// Several candidates are on offer: ↑↓ and Enter pick one.
    pub fn picking(&self) -> bool {
        matches!(self.resolved, Resolved::Several { .. })
    }

    /// Typed text that does not lead to one unit.
    pub fn is_unresolved(&self) -> bool {
        !matches!(self.resolved, Resolved::Empty | Resolved::One { .. })
    }

    /// A picker action; returns the picked unit's code on Enter.
    pub fn pick(&mut self, action: Action) -> Option<String> {
        let Resolved::Several { candidates, pick } = &mut self.resolved else {
            return None;
        };
        let n = candidates.len().max(1);
        match action {
            Action::Up => *pick = (*pick + n - 1) % n,
            Action::Down => *pick = (*pick + 1) % n,
            Action::Select => return candidates.get(*pick).map(|c| c.unit.code()),
            _ => {}
        }
        None
    }

    /// What to show beside the field (key names from the key table).
    pub fn note(&self, lang: Lang, keymap: &Keymap) -> Option<Note> {
        let t = &lang.t().intake;
        match &self.resolved {
            Resolved::Empty => None,
            Resolved::Bad(msg) => Some(Note::error(msg.clone())),
            Resolved::NotFound => Some(Note::error(t.unit_not_found)),
            Resolved::Several { candidates, pick } => {
                let c = candidates.get(*pick)?;
                let head = c.head.as_deref().unwrap_or(t.vacant);
                let keys = |a| keymap.keys_for(Context::Picker, a).unwrap_or_default();
                Some(Note::warn(fill(
                    t.unit_pick,
                    &[
                        &format!("{}{}", keys(Action::Up), keys(Action::Down)),
                        &(pick + 1),
                        &candidates.len(),
                        &c.unit.code(),
                        &head,
                        &keys(Action::Select),
                    ],
                )))
            }
            Resolved::One { unit, contacts } => {
                let who = contacts
                    .first()
                    .map(|c| c.name.as_str())
                    .unwrap_or(t.vacant);
                Some(Note::ok(format!("✓ {} {who}", lang_unit(lang, unit.no))))
            }
        }
    }
}

/// A unit written out in the reader's language: 3栋2单元1201室 / 3-2-1201.
pub fn lang_unit(lang: Lang, no: UnitNo) -> String {
    match lang {
        Lang::Zh => no.zh(),
        Lang::En => no.code(),
    }
}
