//! The values an operator supplies with a register's step, and the checks
//! of their form (lengths, ranges, ID numbers and phones, the item list of a
//! goods release pass). Unused fields stay `None`. `Debug` masks the ID
//! number and phone.

use super::{ConfirmVia, FeeItem, ItemKind, NotifyVia, PassKind, RField, RegisterError};
use crate::domain::household::{check_phone, HouseholdKind};
use crate::domain::mask;
use chrono::{NaiveDate, NaiveDateTime};

/// One line of a goods release pass: what and how many.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PassItem {
    pub item: String,
    pub quantity: i64,
}

#[derive(Clone, Default, PartialEq)]
pub struct RInput {
    /// A unit in any accepted form (the store resolves it).
    pub unit: Option<String>,
    pub name: Option<String>,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub purpose: Option<String>,
    pub people: Option<i64>,
    /// A visitor's badge 临时通行证 number.
    pub badge: Option<String>,
    pub salesperson: Option<bool>,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub item_kind: Option<ItemKind>,
    pub carrier: Option<String>,
    pub count: Option<i64>,
    pub shelf: Option<String>,
    pub tracking: Option<String>,
    pub addressee: Option<String>,
    pub via: Option<NotifyVia>,
    pub picked_by: Option<String>,
    pub signed: Option<bool>,
    pub items: Vec<PassItem>,
    pub vehicle: Option<String>,
    pub confirmed_by: Option<String>,
    pub confirmed_via: Option<ConfirmVia>,
    pub confirmed_at: Option<NaiveDateTime>,
    /// The supervisor approving at the desk (their PIN goes to the store
    /// beside the input, never in it).
    pub approver: Option<String>,
    pub contractor: Option<String>,
    pub responsible: Option<String>,
    pub licence: Option<bool>,
    pub scope: Option<String>,
    pub planned_start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub papers_complete: Option<bool>,
    pub fee_item: Option<FeeItem>,
    pub amount_cents: Option<i64>,
    pub receipt: Option<String>,
    pub pass_kind: Option<PassKind>,
    pub valid_until: Option<NaiveDate>,
    pub certificate: Option<String>,
    pub inspection_at: Option<NaiveDateTime>,
    pub inspector: Option<String>,
    pub deduction_cents: Option<i64>,
    pub passes_returned: Option<bool>,
    pub household_kind: Option<HouseholdKind>,
    pub date: Option<NaiveDate>,
    pub papers: Option<bool>,
    pub id_copy: Option<bool>,
    pub inspected: Option<bool>,
    pub keys: Option<i64>,
    pub key_receipt: Option<String>,
    pub meters: Option<String>,
    pub fees_paid: Option<bool>,
    pub documents: Option<bool>,
    pub replace: Option<bool>,
    pub keys_returned: Option<bool>,
}

impl std::fmt::Debug for RInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RInput")
            .field("unit", &self.unit)
            .field("name", &self.name)
            .field("id_number", &self.id_number.as_deref().map(mask::id_number))
            .field("phone", &self.phone.as_deref().map(mask::phone))
            .field("action_fields", &"…")
            .finish()
    }
}

fn filled(s: &Option<String>) -> bool {
    s.as_deref().is_some_and(|v| !v.trim().is_empty())
}

/// A confirmation counts only when given as yes.
fn yes(b: Option<bool>) -> bool {
    b == Some(true)
}

impl RInput {
    pub fn has(&self, f: RField) -> bool {
        use RField as F;
        match f {
            F::Unit => filled(&self.unit),
            F::Name => filled(&self.name),
            F::IdNumber => filled(&self.id_number),
            F::Phone => filled(&self.phone),
            F::Purpose => filled(&self.purpose),
            F::People => self.people.is_some(),
            F::Badge => filled(&self.badge),
            F::Salesperson => self.salesperson.is_some(),
            F::Reason => filled(&self.reason),
            F::Note => filled(&self.note),
            F::ItemKind => self.item_kind.is_some(),
            F::Carrier => filled(&self.carrier),
            F::Count => self.count.is_some(),
            F::Shelf => filled(&self.shelf),
            F::Tracking => filled(&self.tracking),
            F::Addressee => filled(&self.addressee),
            F::Via => self.via.is_some(),
            F::PickedBy => filled(&self.picked_by),
            F::Signed => yes(self.signed),
            F::Items => !self.items.is_empty(),
            F::Vehicle => filled(&self.vehicle),
            F::ConfirmedBy => filled(&self.confirmed_by),
            F::ConfirmedVia => self.confirmed_via.is_some(),
            F::ConfirmedAt => self.confirmed_at.is_some(),
            F::Approver => filled(&self.approver),
            F::Contractor => filled(&self.contractor),
            F::Responsible => filled(&self.responsible),
            F::Licence => yes(self.licence),
            F::Scope => filled(&self.scope),
            F::PlannedStart => self.planned_start.is_some(),
            F::PlannedEnd => self.planned_end.is_some(),
            F::PapersComplete => yes(self.papers_complete),
            F::FeeItem => self.fee_item.is_some(),
            F::Amount => self.amount_cents.is_some(),
            F::Receipt => filled(&self.receipt),
            F::PassKind => self.pass_kind.is_some(),
            F::ValidUntil => self.valid_until.is_some(),
            F::Certificate => filled(&self.certificate),
            F::InspectionAt => self.inspection_at.is_some(),
            F::Inspector => filled(&self.inspector),
            F::Deduction => self.deduction_cents.is_some(),
            F::PassesReturned => yes(self.passes_returned),
            F::HouseholdKind => self.household_kind.is_some(),
            F::Date => self.date.is_some(),
            F::Papers => yes(self.papers),
            F::IdCopy => yes(self.id_copy),
            F::Inspected => yes(self.inspected),
            F::Keys => self.keys.is_some(),
            F::KeyReceipt => filled(&self.key_receipt),
            F::Meters => filled(&self.meters),
            F::FeesPaid => yes(self.fees_paid),
            F::Documents => yes(self.documents),
            F::Replace => self.replace.is_some(),
            F::KeysReturned => yes(self.keys_returned),
        }
    }

    /// A field's value as text for the audit row and listings (the ID
    /// number and phone masked, money in yuan); `None` when not given.
    pub fn shown(&self, f: RField) -> Option<String> {
        use RField as F;
        let t = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(String::from)
        };
        let b = |v: Option<bool>| v.map(|b| if b { "yes" } else { "no" }.to_string());
        let n = |v: Option<i64>| v.map(|n| n.to_string());
        let dt = |v: Option<NaiveDateTime>| v.map(|t| t.format("%Y-%m-%d %H:%M").to_string());
        let d = |v: Option<NaiveDate>| v.map(|d| d.format("%Y-%m-%d").to_string());
        let yuan = |v: Option<i64>| v.map(|c| format!("{}.{:02}", c / 100, c % 100));
        match f {
            F::Unit => t(&self.unit),
            F::Name => t(&self.name),
            F::IdNumber => t(&self.id_number).map(|s| mask::id_number(&s)),
            F::Phone => t(&self.phone).map(|s| mask::phone(&s)),
            F::Purpose => t(&self.purpose),
            F::People => n(self.people),
            F::Badge => t(&self.badge),
            F::Salesperson => b(self.salesperson),
            F::Reason => t(&self.reason),
            F::Note => t(&self.note),
            F::ItemKind => self.item_kind.map(|k| k.code().to_string()),
            F::Carrier => t(&self.carrier),
            F::Count => n(self.count),
            F::Shelf => t(&self.shelf),
            F::Tracking => t(&self.tracking),
            F::Addressee => t(&self.addressee),
            F::Via => self.via.map(|v| v.code().to_string()),
            F::PickedBy => t(&self.picked_by),
            F::Signed => b(self.signed),
            F::Items => (!self.items.is_empty()).then(|| {
                self.items
                    .iter()
                    .map(|i| format!("{}×{}", i.item, i.quantity))
                    .collect::<Vec<_>>()
                    .join("、")
            }),
            F::Vehicle => t(&self.vehicle),
            F::ConfirmedBy => t(&self.confirmed_by),
            F::ConfirmedVia => self.confirmed_via.map(|v| v.code().to_string()),
            F::ConfirmedAt => dt(self.confirmed_at),
            F::Approver => t(&self.approver),
            F::Contractor => t(&self.contractor),
            F::Responsible => t(&self.responsible),
            F::Licence => b(self.licence),
            F::Scope => t(&self.scope),
            F::PlannedStart => d(self.planned_start),
            F::PlannedEnd => d(self.planned_end),
            F::PapersComplete => b(self.papers_complete),
            F::FeeItem => self.fee_item.map(|v| v.code().to_string()),
            F::Amount => yuan(self.amount_cents),
            F::Receipt => t(&self.receipt),
            F::PassKind => self.pass_kind.map(|v| v.code().to_string()),
            F::ValidUntil => d(self.valid_until),
            F::Certificate => t(&self.certificate),
            F::InspectionAt => dt(self.inspection_at),
            F::Inspector => t(&self.inspector),
            F::Deduction => yuan(self.deduction_cents),
            F::PassesReturned => b(self.passes_returned),
            F::HouseholdKind => self.household_kind.map(|v| v.code().to_string()),
            F::Date => d(self.date),
            F::Papers => b(self.papers),
            F::IdCopy => b(self.id_copy),
            F::Inspected => b(self.inspected),
            F::Keys => n(self.keys),
            F::KeyReceipt => t(&self.key_receipt),
            F::Meters => t(&self.meters),
            F::FeesPaid => b(self.fees_paid),
            F::Documents => b(self.documents),
            F::Replace => b(self.replace),
            F::KeysReturned => b(self.keys_returned),
        }
    }

    /// `self` with the values of `newer` where it has them: a checklist
    /// recorded earlier completed by what is typed now.
    pub fn overlaid(&self, newer: &RInput) -> RInput {
        macro_rules! pick {
            ($($f:ident),+) => {
                RInput {
                    $($f: newer.$f.clone().or_else(|| self.$f.clone()),)+
                    items: if newer.items.is_empty() { self.items.clone() } else { newer.items.clone() },
                }
            };
        }
        pick!(
            unit,
            name,
            id_number,
            phone,
            purpose,
            people,
            badge,
            salesperson,
            reason,
            note,
            item_kind,
            carrier,
            count,
            shelf,
            tracking,
            addressee,
            via,
            picked_by,
            signed,
            vehicle,
            confirmed_by,
            confirmed_via,
            confirmed_at,
            approver,
            contractor,
            responsible,
            licence,
            scope,
            planned_start,
            planned_end,
            papers_complete,
            fee_item,
            amount_cents,
            receipt,
            pass_kind,
            valid_until,
            certificate,
            inspection_at,
            inspector,
            deduction_cents,
            passes_returned,
            household_kind,
            date,
            papers,
            id_copy,
            inspected,
            keys,
            key_receipt,
            meters,
            fees_paid,
            documents,
            replace,
            keys_returned
        )
    }

    /// Check the form of what was given (not the rules): lengths, ranges,
    /// the ID number and phone. Returns the input trimmed and normalised.
    pub fn checked(&self) -> Result<RInput, RegisterError> {
        let mut out = self.clone();
        let text = |v: &mut Option<String>, field: RField, max: usize| {
            if let Some(s) = v.as_mut() {
                let t = s.trim().to_string();
                if t.chars().count() > max {
                    return Err(RegisterError::TooLong { field, max });
                }
                *s = t;
            }
            Ok(())
        };
        use RField as F;
        text(&mut out.unit, F::Unit, 40)?;
        text(&mut out.name, F::Name, 40)?;
        text(&mut out.purpose, F::Purpose, 200)?;
        text(&mut out.badge, F::Badge, 20)?;
        text(&mut out.reason, F::Reason, 500)?;
        text(&mut out.note, F::Note, 500)?;
        text(&mut out.carrier, F::Carrier, 30)?;
        text(&mut out.shelf, F::Shelf, 20)?;
        text(&mut out.tracking, F::Tracking, 40)?;
        text(&mut out.addressee, F::Addressee, 40)?;
        text(&mut out.picked_by, F::PickedBy, 40)?;
        text(&mut out.vehicle, F::Vehicle, 30)?;
        text(&mut out.confirmed_by, F::ConfirmedBy, 40)?;
        text(&mut out.approver, F::Approver, 40)?;
        text(&mut out.contractor, F::Contractor, 60)?;
        text(&mut out.responsible, F::Responsible, 40)?;
        text(&mut out.scope, F::Scope, 500)?;
        text(&mut out.receipt, F::Receipt, 40)?;
        text(&mut out.certificate, F::Certificate, 40)?;
        text(&mut out.inspector, F::Inspector, 40)?;
        text(&mut out.key_receipt, F::KeyReceipt, 40)?;
        text(&mut out.meters, F::Meters, 200)?;
        let range = |v: Option<i64>, field: RField, min: i64, max: i64| match v {
            Some(n) if n < min || n > max => Err(RegisterError::OutOfRange { field, min, max }),
            _ => Ok(()),
        };
        range(out.people, F::People, 1, 99)?;
        range(out.count, F::Count, 1, 999)?;
        range(out.keys, F::Keys, 0, 99)?;
        for (v, field) in [
            (out.amount_cents, F::Amount),
            (out.deduction_cents, F::Deduction),
        ] {
            if v.is_some_and(|n| n < 0) {
                return Err(RegisterError::Negative { field });
            }
        }
        if let Some(id) = out.id_number.as_mut() {
            *id = super::check_id(id)?;
        }
        if let Some(p) = out.phone.as_mut() {
            *p = check_phone(p).map_err(|_| RegisterError::BadPhone)?;
        }
        for (i, it) in out.items.iter_mut().enumerate() {
            it.item = it.item.trim().to_string();
            if it.item.is_empty() || it.item.chars().count() > 60 {
                return Err(RegisterError::BadItems { line: i + 1 });
            }
            if !(1..=9999).contains(&it.quantity) {
                return Err(RegisterError::BadItems { line: i + 1 });
            }
        }
        if out.items.len() > 30 {
            return Err(RegisterError::BadItems { line: 31 });
        }
        if let (Some(s), Some(e)) = (out.planned_start, out.planned_end) {
            if e < s {
                return Err(RegisterError::EndBeforeStart);
            }
        }
        Ok(out)
    }
}

/// The items of a goods release pass as typed, one per line (or separated
/// by `；` `;` `、` `,`): `冰箱 1`, `冰箱×1`, `纸箱 x3`, `旧家具*2`, or just
/// `行李` (one). Blank lines are skipped.
pub fn parse_items(text: &str) -> Result<Vec<PassItem>, RegisterError> {
    let mut out = Vec::new();
    let parts = text.split(['\n', ';', '；', '、', ',', '，']);
    for (i, raw) in parts.enumerate() {
        let s = raw.trim();
        if s.is_empty() {
            continue;
        }
        let line = i + 1;
        // The quantity: digits at the end, after an optional ×/x/*/X.
        let digits_at = s
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_digit() || ('０'..='９').contains(c))
            .last()
            .map(|(i, _)| i);
        let (item, qty) = match digits_at {
            Some(at) if at > 0 => {
                let q: String = s[at..]
                    .chars()
                    .map(|c| match c {
                        '０'..='９' => {
                            char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or('0')
                        }
                        c => c,
                    })
                    .collect();
                let q: i64 = q.parse().map_err(|_| RegisterError::BadItems { line })?;
                let item = s[..at]
                    .trim_end()
                    .trim_end_matches(['×', 'x', 'X', '*', '＊', 'ｘ'])
                    .trim_end();
                (item.to_string(), q)
            }
            _ => (s.to_string(), 1),
        };
        if item.is_empty() || !(1..=9999).contains(&qty) {
            return Err(RegisterError::BadItems { line });
        }
        out.push(PassItem {
            item,
            quantity: qty,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_as_typed() {
        let items = parse_items("冰箱 1\n纸箱×3；旧沙发*2、行李\n\n电视ｘ１").unwrap();
        let got: Vec<(&str, i64)> = items
            .iter()
            .map(|i| (i.item.as_str(), i.quantity))
            .collect();
        assert_eq!(
            got,
            vec![
                ("冰箱", 1),
                ("纸箱", 3),
                ("旧沙发", 2),
                ("行李", 1),
                ("电视", 1)
            ]
        );
        assert_eq!(parse_items("×3"), Err(RegisterError::BadItems { line: 1 }));
        assert_eq!(
            parse_items("柜子 0"),
            Err(RegisterError::BadItems { line: 1 })
        );
        assert!(parse_items("  ").unwrap().is_empty());
        // A model number is part of the name when it is not at the end.
        let one = parse_items("3号箱 2").unwrap();
        assert_eq!(one[0].item, "3号箱");
        assert_eq!(one[0].quantity, 2);
    }

    #[test]
    fn confirmations_count_only_as_yes() {
        let mut i = RInput {
            papers: Some(false),
            ..Default::default()
        };
        assert!(!i.has(RField::Papers));
        i.papers = Some(true);
        assert!(i.has(RField::Papers));
        i.name = Some("  ".into());
        assert!(!i.has(RField::Name));
    }

    #[test]
    fn overlay_keeps_what_was_recorded() {
        let old = RInput {
            papers: Some(true),
            meters: Some("水 12".into()),
            ..Default::default()
        };
        let new = RInput {
            meters: Some("水 13".into()),
            keys: Some(2),
            ..Default::default()
        };
        let m = old.overlaid(&new);
        assert_eq!(m.papers, Some(true));
        assert_eq!(m.meters.as_deref(), Some("水 13"));
        assert_eq!(m.keys, Some(2));
    }

    #[test]
    fn form_checks() {
        let bad = RInput {
            people: Some(0),
            ..Default::default()
        };
        assert!(matches!(
            bad.checked(),
            Err(RegisterError::OutOfRange {
                field: RField::People,
                ..
            })
        ));
        let bad = RInput {
            id_number: Some("123".into()),
            ..Default::default()
        };
        assert!(matches!(bad.checked(), Err(RegisterError::BadIdNumber(_))));
        let ok = RInput {
            name: Some("  王五 ".into()),
            id_number: Some("110101199003071233".into()),
            ..Default::default()
        };
        let c = ok.checked().unwrap();
        assert_eq!(c.name.as_deref(), Some("王五"));
    }
}
