//! Why someone was not let in, in the operator's language.

use super::ErrorText;
use crate::i18n::{fill, Lang};
use crate::store::AuthError;

pub trait AuthText {
    fn auth_error(self, e: &AuthError) -> String;
}

impl AuthText for Lang {
    fn auth_error(self, e: &AuthError) -> String {
        let t = &self.t().auth;
        match e {
            AuthError::Unknown(n) => fill(t.unknown, &[n]),
            AuthError::NotDesk(n) => fill(t.not_desk, &[n]),
            AuthError::NoPin(n) => fill(t.no_pin, &[n]),
            AuthError::WrongPin { left, .. } => fill(t.wrong_pin, &[left]),
            AuthError::Locked {
                name,
                minutes_left,
                now: true,
                ..
            } => fill(t.locked_now, &[name, minutes_left]),
            AuthError::Locked {
                name, minutes_left, ..
            } => fill(t.locked, &[name, minutes_left]),
            AuthError::NoLogin(l) => fill(t.no_login, &[l]),
            AuthError::Store(s) => self.store_error(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_said_in_both_languages_without_the_pin() {
        let until = chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
            .and_then(|d| d.and_hms_opt(10, 5, 0))
            .unwrap_or_default();
        let samples = [
            AuthError::Unknown("王五".into()),
            AuthError::NotDesk("赵建军".into()),
            AuthError::NoPin("张敏".into()),
            AuthError::WrongPin {
                name: "张敏".into(),
                left: 3,
            },
            AuthError::Locked {
                name: "张敏".into(),
                until,
                minutes_left: 5,
                now: true,
            },
            AuthError::Locked {
                name: "张敏".into(),
                until,
                minutes_left: 4,
                now: false,
            },
            AuthError::NoLogin("zhangmin".into()),
        ];
        for e in &samples {
            let zh = Lang::Zh.auth_error(e);
            let en = Lang::En.auth_error(e);
            assert_ne!(zh, en);
            assert!(!zh.contains('{') && !en.contains('{'), "{zh} / {en}");
        }
        let wrong = Lang::En.auth_error(&samples[3]);
        assert!(wrong.contains('3'), "{wrong}");
        assert!(Lang::Zh.auth_error(&samples[4]).contains('5'));
    }
}
