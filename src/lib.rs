//! frontdesk: the front desk (客服前台) of a property-management office.
//!
//! Layers: `domain` (pure rules), `store` (all SQL), `import` (reading
//! lists from files), `tui` (screens), `cli`.

pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod domain;
pub mod i18n;
pub mod import;
pub mod memory;
pub mod pin;
pub mod present;
pub mod private_file;
pub mod store;
pub mod text;
pub mod tui;
