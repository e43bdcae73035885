//! The site's settings that rules depend on, gathered from the config file and
//! handed to the store (which applies them inside its transactions).

use super::auth::Lockout;
use super::calendar::WorkCalendar;
use super::callback::CallbackRules;
use super::deadline::DeadlineRules;
use super::registers::RegisterRules;

#[derive(Debug, Clone)]
pub struct Rules {
    pub calendar: WorkCalendar,
    pub deadlines: DeadlineRules,
    // --- settings of later features ---
    pub callbacks: CallbackRules,
    pub registers: RegisterRules,
    /// Wrong PINs before a person is locked out, and for how long.
    pub lockout: Lockout,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            calendar: WorkCalendar::cn_default(),
            deadlines: DeadlineRules::default(),
            callbacks: CallbackRules::default(),
            registers: RegisterRules::default(),
            lockout: Lockout::default(),
        }
    }
}
