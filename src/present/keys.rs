//! Key-register records in words.

use crate::i18n::{fill, Lang};
use crate::store::keys::{KeyRecord, KeyView};

pub trait KeyText {
    fn key_view(self, v: KeyView) -> &'static str;
    /// Who consented to the desk holding a unit's key, when and what for; a
    /// public-area key has no consent.
    fn key_consent(self, k: &KeyRecord) -> String;
}

impl KeyText for Lang {
    fn key_view(self, v: KeyView) -> &'static str {
        let t = &self.t().keys;
        match v {
            KeyView::All => t.view_all,
            KeyView::Out => t.view_out,
            KeyView::Overdue => t.view_overdue,
            KeyView::In => t.view_in,
            KeyView::Off => t.view_off,
        }
    }

    /// Who consented to the desk holding a unit's key, when and what for; a
    /// public-area key has no consent.
    fn key_consent(self, k: &KeyRecord) -> String {
        let t = &self.t().keys;
        if k.consent_by.is_empty() {
            return t.no_consent.to_string();
        }
        let day = k
            .consent_at
            .map_or_else(|| "-".to_string(), |t| t.format("%Y-%m-%d").to_string());
        fill(t.consent, &[&k.consent_by, &day, &k.consent_purpose])
    }
}
