//! Signing in: how many wrong PINs lock a person out and for how long, and
//! the events the sign-in audit records. Pure: the time is passed in.

use super::ticket::coded_enum;
use chrono::{Duration, NaiveDateTime};

coded_enum!(
    /// What the sign-in audit (`signins`) records: `locked` when a wrong
    /// PIN reached the limit, `refused_locked` for an attempt while locked
    /// (the PIN is then not checked), `screen_locked` by the idle lock,
    /// `switched` when the operator handed the terminal to someone else,
    /// `authorised` when a supervisor at the desk typed their PIN into the
    /// signed-in operator's form for one step (they did not sign in).
    SignInEvent {
        SignedIn => "signed_in",
        WrongPin => "wrong_pin",
        Locked => "locked",
        RefusedLocked => "refused_locked",
        ScreenLocked => "screen_locked",
        Unlocked => "unlocked",
        Switched => "switched",
        Authorised => "authorised",
    }
);

coded_enum!(
    /// Where a person signed in.
    Via {
        Tui => "tui",
        Cli => "cli",
    }
);

/// Who may change staff and departments: managers.
pub fn can_manage_staff(role: super::Role) -> bool {
    role.covers(super::Role::Manager)
}

/// Whether a role signs in at the desk (and so has a PIN).
pub fn is_desk(role: super::Role) -> bool {
    role.covers(super::Role::Operator)
}

/// Whether a person signs in at the gate (to mark a goods release pass used):
/// desk staff, or a member of the security department 安保部 with a PIN.
pub fn may_sign_in_at_gate(role: super::Role, department: Option<&str>) -> bool {
    is_desk(role) || department == Some(super::ticket::dept::SECURITY)
}

/// Changes to staff and departments the rules refuse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StaffError {
    #[error("only a manager may change staff and departments ({0} is not one)")]
    NeedsManager(String),
    #[error("another person's PIN is set by a manager")]
    OthersPin,
    #[error("{0} already exists")]
    NameTaken(String),
    #[error("Unix account {0} is already bound to {1}")]
    LoginTaken(String, String),
    #[error("department {0} already exists")]
    DeptTaken(String),
    #[error("a technician belongs to a department (--dept)")]
    TechnicianNeedsDept,
    #[error("{0} works at the desk and needs a PIN")]
    DeskNeedsPin(String),
    #[error("technicians do not sign in and have no PIN")]
    TechnicianPin,
    #[error("the site already has desk staff: add people as a manager (staff add)")]
    AlreadySetUp,
    #[error("{0:?} is not a Unix account name")]
    BadLogin(String),
    #[error("a name is needed")]
    NoName,
    #[error("no one disables themselves")]
    SelfDisable,
    #[error(
        "only a supervisor or manager may export phones and ID numbers in full ({0} is not one)"
    )]
    NeedsSupervisor(String),
}

impl StaffError {
    /// Bad input (exit 2) rather than a refusal by the rules (exit 1).
    pub fn is_input(&self) -> bool {
        !matches!(
            self,
            StaffError::NeedsManager(_)
                | StaffError::OthersPin
                | StaffError::AlreadySetUp
                | StaffError::SelfDisable
                | StaffError::NeedsSupervisor(_)
        )
    }
}

/// A Unix account name as `useradd` accepts it: letters, digits, `_`, `-`,
/// `.`, not starting with `-`, at most 32 characters.
pub fn valid_login(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 32
        && !s.starts_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

/// `[security]`: wrong PINs before a lock, and how long it lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lockout {
    pub attempts: u32,
    pub minutes: u32,
}

impl Default for Lockout {
    fn default() -> Self {
        Lockout {
            attempts: 5,
            minutes: 5,
        }
    }
}

/// What a wrong PIN does to the person's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterWrong {
    /// Counted: `failed` wrong PINs in a row, `left` before the lock.
    Counted { failed: u32, left: u32 },
    /// The limit was reached: locked until then (the count starts afresh).
    Locked { until: NaiveDateTime },
}

impl Lockout {
    pub const MAX_ATTEMPTS: u32 = 100;
    pub const MAX_MINUTES: u32 = 24 * 60;

    pub fn validate(&self) -> Result<(), String> {
        if !(1..=Self::MAX_ATTEMPTS).contains(&self.attempts) {
            return Err(format!(
                "[security] lockout_attempts must be 1 to {}",
                Self::MAX_ATTEMPTS
            ));
        }
        if !(1..=Self::MAX_MINUTES).contains(&self.minutes) {
            return Err(format!(
                "[security] lockout_minutes must be 1 to {}",
                Self::MAX_MINUTES
            ));
        }
        Ok(())
    }

    /// A wrong PIN after `failed` wrong ones in a row.
    pub fn after_wrong(&self, failed: u32, now: NaiveDateTime) -> AfterWrong {
        let failed = failed.saturating_add(1);
        if failed >= self.attempts {
            AfterWrong::Locked {
                until: now + Duration::minutes(i64::from(self.minutes)),
            }
        } else {
            AfterWrong::Counted {
                failed,
                left: self.attempts - failed,
            }
        }
    }
}

/// Whether a lock ending at `until` still holds at `now` (it ends at
/// `until` exactly).
pub fn is_locked(until: Option<NaiveDateTime>, now: NaiveDateTime) -> bool {
    until.is_some_and(|u| now < u)
}

/// Whole minutes until `until`, rounded up (a lock with 10 s left is "1").
pub fn minutes_left(until: NaiveDateTime, now: NaiveDateTime) -> i64 {
    let secs = (until - now).num_seconds().max(0);
    (secs + 59) / 60
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn five_wrong_lock_for_five_minutes() {
        let l = Lockout::default();
        let now = t("2026-11-23 10:00:00");
        assert_eq!(
            l.after_wrong(0, now),
            AfterWrong::Counted { failed: 1, left: 4 }
        );
        assert_eq!(
            l.after_wrong(3, now),
            AfterWrong::Counted { failed: 4, left: 1 }
        );
        assert_eq!(
            l.after_wrong(4, now),
            AfterWrong::Locked {
                until: t("2026-11-23 10:05:00")
            }
        );
        let one = Lockout {
            attempts: 1,
            minutes: 30,
        };
        assert!(matches!(one.after_wrong(0, now), AfterWrong::Locked { .. }));
    }

    #[test]
    fn a_lock_ends_at_its_time() {
        let until = Some(t("2026-11-23 10:05:00"));
        assert!(is_locked(until, t("2026-11-23 10:04:59")));
        assert!(!is_locked(until, t("2026-11-23 10:05:00")));
        assert!(!is_locked(None, t("2026-11-23 10:00:00")));
        assert_eq!(
            minutes_left(t("2026-11-23 10:05:00"), t("2026-11-23 10:04:50")),
            1
        );
        assert_eq!(
            minutes_left(t("2026-11-23 10:05:00"), t("2026-11-23 10:00:00")),
            5
        );
    }

    #[test]
    fn logins() {
        assert!(valid_login("zhangmin"));
        assert!(valid_login("desk_01.a-b"));
        assert!(!valid_login(""));
        assert!(!valid_login("-x"));
        assert!(!valid_login("张敏"));
        assert!(!valid_login("a b"));
    }

    #[test]
    fn limits_are_checked() {
        assert!(Lockout::default().validate().is_ok());
        let zero = Lockout {
            attempts: 0,
            minutes: 5,
        };
        assert!(zero.validate().unwrap_err().contains("lockout_attempts"));
        let long = Lockout {
            attempts: 5,
            minutes: 99_999,
        };
        assert!(long.validate().unwrap_err().contains("lockout_minutes"));
        assert_eq!(
            "wrong_pin".parse::<SignInEvent>().ok(),
            Some(SignInEvent::WrongPin)
        );
    }
}
