//! The emergency record in words: in full for `ticket show`, in one compact
//! line for the board's detail pane.

use crate::i18n::{fill, Lang};
use crate::store::emergency::EmergencyRecord;

pub trait EmergencyText {
    /// The heading and one `label: value` line per field of the form, then
    /// the sign-off.
    fn emergency_lines(self, r: &EmergencyRecord) -> (String, Vec<String>);
    /// `登记表：严重 · 到场人员 赵建军 · 损失情况 … · 已拍照 · 待主管签认`.
    fn emergency_line(self, r: &EmergencyRecord) -> String;
}

fn when(t: &chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

impl EmergencyText for Lang {
    fn emergency_lines(self, r: &EmergencyRecord) -> (String, Vec<String>) {
        let l = &self.t().emergency_record;
        let s = self.show();
        let head = fill(s.record_title, &[&r.recorded_by, &when(&r.recorded_at)]);
        let mut lines = vec![
            format!("{}: {}", l.what, r.what),
            format!("{}: {}", l.location, r.location),
        ];
        if let Some(sev) = r.severity {
            lines.push(format!("{}: {}", l.severity, self.severity(sev)));
        }
        lines.push(format!("{}: {}", l.responders, r.responders));
        if !r.losses.is_empty() {
            lines.push(format!("{}: {}", l.losses, r.losses));
        }
        lines.push(
            if r.photos_taken {
                l.photos
            } else {
                s.photos_none
            }
            .to_string(),
        );
        lines.push(format!("{}: {}", l.cause, r.cause));
        lines.push(format!("{}: {}", l.measures, r.measures));
        lines.push(signature(self, r));
        (head, lines)
    }

    fn emergency_line(self, r: &EmergencyRecord) -> String {
        let l = &self.t().emergency_record;
        let s = self.show();
        let mut parts: Vec<String> = Vec::new();
        if let Some(sev) = r.severity {
            parts.push(self.severity(sev).to_string());
        }
        parts.push(format!("{} {}", l.responders, r.responders));
        if !r.losses.is_empty() {
            parts.push(format!("{} {}", l.losses, r.losses));
        }
        parts.push(
            if r.photos_taken {
                l.photos
            } else {
                s.photos_none
            }
            .to_string(),
        );
        parts.push(format!("{} {}", l.cause, r.cause));
        parts.push(format!("{} {}", l.measures, r.measures));
        parts.push(signature(self, r));
        format!("{}: {}", s.record_short, parts.join(" · "))
    }
}

fn signature(lang: Lang, r: &EmergencyRecord) -> String {
    let s = lang.show();
    match (&r.signed_off_by, &r.signed_off_at) {
        (Some(who), Some(at)) => fill(s.signed_off, &[who, &when(at)]),
        _ => s.not_signed_off.to_string(),
    }
}
