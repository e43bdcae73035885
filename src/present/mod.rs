//! Words for the store's records and errors, shared by the TUI and the CLI.
//! `i18n` translates the domain's vocabulary and stays a leaf; what needs a
//! store type (an error, a key record, a stored handover) is said here.
//! Each part is an extension trait on `Lang`, so callers keep writing
//! `lang.store_error(&e)`.

pub mod auth;
pub mod callbacks;
pub mod emergency;
pub mod errors;
pub mod handover;
pub mod keys;
mod lines;
pub mod paper;
pub mod registers;
pub mod report;

pub use auth::AuthText;
pub use callbacks::CallbackText;
pub use emergency::EmergencyText;
pub use errors::ErrorText;
pub use handover::HandoverText;
pub use keys::KeyText;
