//! Pure domain rules: no SQL, no terminal, no clock reads (time is passed in).

pub mod auth;
pub mod authority;
pub mod calendar;
pub mod callback;
pub mod category;
pub mod deadline;
pub mod dutylog;
pub mod figures;
pub mod handover;
pub mod household;
pub mod import;
pub mod intake;
pub mod keys;
pub mod machine;
pub mod mask;
pub mod registers;
pub mod rules;
pub mod search;
pub mod shift;
pub mod ticket;
pub mod time;
pub mod transitions;
pub mod unit;
pub mod validate;
pub mod when;
pub mod workorder;

pub use ticket::{Action, Channel, Kind, Role, State};
pub use transitions::{Field, StepError, StepInput};
pub use unit::{parse_unit, Resolution, UnitError, UnitNo, UnitQuery};
