//! The audit rows' details, each stored once in `ticket_data` (migration
//! 0014), found again by a short key instead of a unique index on the text
//! (migration 0016).
//!
//! Most details repeat ({}, who was dispatched, "the resident signed"), but
//! every callback's result names its callback, so a site keeps about one
//! detail for every two tickets, 51 bytes of text on average: a unique
//! index on the text held all of it a second time (31 B a ticket on the
//! 1,000,000-ticket site). The key is 32 bits of the text's SHA-256; keys
//! collide now and then (a few dozen pairs in half a million details), so
//! a lookup compares the text as well, and the key's index is not unique.
//! What the record chain hashes is still the text (`Chain::coded`).

use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use sha2::{Digest, Sha256};

/// A detail's key: the first 4 bytes of its SHA-256, signed, so SQLite
/// stores it in 4 bytes. Stored in every row: never change it.
pub(crate) fn key(text: &str) -> i64 {
    let d = Sha256::digest(text.as_bytes());
    i64::from(i32::from_be_bytes([d[0], d[1], d[2], d[3]]))
}

/// `fd_data_key(text)` on a connection: what migration 0016 keys the
/// details already stored with.
pub(crate) fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "fd_data_key",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| match ctx.get_raw(0) {
            ValueRef::Text(t) => Ok(key(&String::from_utf8_lossy(t))),
            _ => Err(rusqlite::Error::UserFunctionError(
                "fd_data_key: not a text".into(),
            )),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_fixed_and_fits_four_bytes() {
        // SHA-256("{}") begins 44 13 6f a3: a changed key function would
        // lose every detail stored before it.
        assert_eq!(key("{}"), 0x4413_6fa3);
        for t in [
            "",
            "{}",
            r#"{"attempt":1,"callback":92713,"result":"satisfied"}"#,
        ] {
            let k = key(t);
            assert!(i64::from(i32::MIN) <= k && k <= i64::from(i32::MAX), "{t}");
        }
        assert_ne!(key(r#"{"a":1}"#), key(r#"{"a":2}"#));
    }
}
