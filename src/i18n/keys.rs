//! Key-register wording: borrower types, conditions, views and the refusals
//! of `domain::keys`, from the `keys` table of each language.

use super::{fill, Lang};
use crate::domain::keys::{BorrowerType, Condition, KeyError, KeyKind, KeyStatus, LoanField, Mark};

impl Lang {
    pub fn borrower_type(self, b: BorrowerType) -> &'static str {
        let t = &self.t().keys;
        match b {
            BorrowerType::Owner => t.bt_owner,
            BorrowerType::Sales => t.bt_sales,
            BorrowerType::Contractor => t.bt_contractor,
            BorrowerType::Engineering => t.bt_engineering,
            BorrowerType::Other => t.bt_other,
        }
    }

    pub fn condition(self, c: Condition) -> &'static str {
        let t = &self.t().keys;
        match c {
            Condition::Good => t.cond_good,
            Condition::Damaged => t.cond_damaged,
            Condition::Lost => t.cond_lost,
        }
    }

    pub fn mark(self, m: Mark) -> &'static str {
        match m {
            Mark::Lost => self.condition(Condition::Lost),
            Mark::Damaged => self.condition(Condition::Damaged),
        }
    }

    pub fn key_kind_of(self, k: KeyKind) -> &'static str {
        // The stored-code table covers every kind.
        match self {
            Lang::Zh => super::zh::key_kind(k.code()),
            Lang::En => super::en::key_kind(k.code()),
        }
    }

    pub fn key_status_of(self, s: KeyStatus) -> &'static str {
        match self {
            Lang::Zh => super::zh::key_status(s.code()),
            Lang::En => super::en::key_status(s.code()),
        }
    }

    pub fn loan_field(self, f: LoanField) -> &'static str {
        let t = &self.t().keys;
        match f {
            LoanField::Name => t.f_name,
            LoanField::IdNumber => t.f_id_no,
            LoanField::Reason => t.f_reason,
            LoanField::Approver => t.f_approver,
            LoanField::Pin => t.f_pin,
            LoanField::ReturnedTo => t.f_handed_to,
            LoanField::Copy => t.f_copy,
        }
    }

    pub fn key_error(self, e: &KeyError) -> String {
        let t = &self.t().keys;
        match e {
            KeyError::NotHeld(s) => fill(t.e_not_held, &[&self.key_status_of(*s)]),
            KeyError::CopyOut { copy, borrower } => fill(t.e_copy_out, &[copy, borrower]),
            KeyError::CopyMarked { copy, mark } => {
                fill(t.e_copy_marked, &[copy, &self.mark(*mark)])
            }
            KeyError::NoSuchCopy { copy, copies } => fill(t.e_no_such_copy, &[copy, copies]),
            KeyError::NoFreeCopy => t.e_no_free.to_string(),
            KeyError::NotOut => t.e_not_out.to_string(),
            KeyError::StillOut => t.e_still_out.to_string(),
            KeyError::NeedsApproval(b) => fill(t.e_needs_approval, &[&self.borrower_type(*b)]),
            KeyError::ApproverRole { name } => fill(t.e_approver_role, &[name]),
            KeyError::WrongPin { name } => fill(t.e_wrong_pin, &[name]),
            KeyError::Missing(f) => fill(t.e_missing, &[&self.loan_field(*f)]),
            KeyError::NotSigned => t.e_not_signed.to_string(),
            KeyError::DueNotAfter => t.e_due.to_string(),
            KeyError::TicketClosed(id) => fill(t.e_ticket_closed, &[id]),
            KeyError::TicketOtherUnit(id) => fill(t.e_ticket_other_unit, &[id]),
            KeyError::NoPlace => t.e_no_place.to_string(),
            KeyError::NoConsent => t.e_no_consent.to_string(),
            KeyError::BadCopies { max } => fill(t.e_bad_copies, &[max]),
            KeyError::HookTaken(h) => fill(t.e_hook_taken, &[h]),
            KeyError::NotDeskStaff { name } => fill(t.e_not_desk, &[name]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_read_in_both_languages() {
        let e = KeyError::NeedsApproval(BorrowerType::Contractor);
        assert!(Lang::Zh.key_error(&e).contains("施工单位"));
        assert!(Lang::En.key_error(&e).contains("contractor"));
        let e = KeyError::WrongPin {
            name: "陈静".into(),
        };
        assert!(Lang::Zh.key_error(&e).contains("陈静"));
        for &b in BorrowerType::ALL {
            assert!(!Lang::En.borrower_type(b).is_empty());
        }
        for &k in KeyKind::ALL {
            assert_ne!(Lang::Zh.key_kind_of(k), k.code());
        }
    }
}
