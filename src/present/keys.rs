//! Key-register records in words.

use crate::i18n::{fill, Lang};
use crate::store::keys::{KeyRecord, KeyView};
use crate::store::site::KeyOut;

pub trait KeyText {
    fn key_view(self, v: KeyView) -> &'static str;
    /// Who consented to the desk holding a unit's key, when and what for; a
    /// public-area key has no consent.
    fn key_consent(self, k: &KeyRecord) -> String;
    /// The copies of a key out, each borrower named:
    /// `已借出 2/2：赵建军（份1，应还 11-23 15:00）、王建国（份2，应还 …）`.
    fn keys_out(
        self,
        copies: i64,
        out: &[KeyOut],
        due: &dyn Fn(&chrono::NaiveDateTime) -> String,
    ) -> String;
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

    fn keys_out(
        self,
        copies: i64,
        out: &[KeyOut],
        due: &dyn Fn(&chrono::NaiveDateTime) -> String,
    ) -> String {
        let s = self.show();
        let each: Vec<String> = out
            .iter()
            .map(|o| fill(s.key_out_one, &[&o.borrower, &o.copy_no, &due(&o.due_at)]))
            .collect();
        fill(s.keys_out, &[&out.len(), &copies, &each.join(s.list_sep)])
    }
}
