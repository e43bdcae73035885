//! Pure domain rules: no SQL, no terminal, no clock reads (time is passed in).

pub mod calendar;
pub mod callback;
pub mod deadline;
pub mod dutylog;
pub mod handover;
pub mod import;
pub mod intake;
pub mod keys;
pub mod mask;
pub mod rules;
pub mod shift;
pub mod ticket;
pub mod transitions;
pub mod unit;
pub mod workorder;

pub use ticket::{Action, Channel, Kind, Role, State};
pub use transitions::{Field, StepError, StepInput};
pub use unit::{parse_unit, Resolution, UnitError, UnitNo, UnitQuery};
