//! Demo callbacks: placeholder, filled in below.
use super::{Result, Store};
use chrono::NaiveDateTime;

pub fn seed(_store: &mut Store, _now: NaiveDateTime) -> Result<()> {
    Ok(())
}
