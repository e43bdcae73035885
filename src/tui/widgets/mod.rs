//! Shared pieces of the screens.

pub mod form;
pub mod line_input;
pub mod list;
