//! The site's settings that rules depend on, gathered from the config file and
//! handed to the store (which applies them inside its transactions).

use super::calendar::WorkCalendar;
use super::callback::CallbackRules;

#[derive(Debug, Clone)]
pub struct Rules {
    pub calendar: WorkCalendar,
    // --- settings of later features ---
    pub callbacks: CallbackRules,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            calendar: WorkCalendar::cn_default(),
            callbacks: CallbackRules::default(),
        }
    }
}
