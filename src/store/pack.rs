//! Large sealed texts stored compressed (migration 0013): a handover's
//! report (JSON) and its text list every open ticket — about 20 MB a
//! handover at 50,000 open — and are read only when someone opens that
//! handover. They are stored as zlib streams; what is sealed and hashed is
//! still the text (the handovers chain hashes what `fd_inflate` gives back,
//! `content_hash` is the SHA-256 of the text), so storing them packed
//! changes no link and no seal.
//!
//! zlib (not raw deflate) for its Adler-32: a damaged stream reads back as
//! nothing rather than as other text.

use flate2::read::ZlibDecoder;
use flate2::write::ZlibEncoder;
use flate2::Compression;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::{Value, ValueRef};
use rusqlite::Connection;
use std::io::{Read, Write};

/// The most a packed text may inflate to: a crafted stream cannot make a
/// reader take more memory than this (a handover at 1,000,000 open tickets
/// is about 400 MB).
pub const MAX_TEXT: u64 = 1 << 30;

/// `text` packed. Level 9: a handover is written once a shift and read
/// rarely; the best level costs a fraction of a second on 20 MB, outside
/// the write lock.
pub fn deflate(text: &str) -> Vec<u8> {
    deflate_bytes(text.as_bytes())
}

fn deflate_bytes(bytes: &[u8]) -> Vec<u8> {
    let mut enc = ZlibEncoder::new(Vec::with_capacity(bytes.len() / 8), Compression::best());
    // Writing to a Vec cannot fail.
    let _ = enc.write_all(bytes);
    enc.finish().unwrap_or_default()
}

/// The bytes a packed text holds; `None` when it is not a whole zlib
/// stream (damaged, or not packed by this program) or is larger than
/// `MAX_TEXT`.
pub fn inflate(packed: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(packed.len().saturating_mul(6));
    let mut dec = ZlibDecoder::new(packed).take(MAX_TEXT + 1);
    dec.read_to_end(&mut out).ok()?;
    if out.len() as u64 > MAX_TEXT {
        return None;
    }
    Some(out)
}

/// `inflate` as text; `None` also when the bytes are not UTF-8.
pub fn inflate_text(packed: &[u8]) -> Option<String> {
    String::from_utf8(inflate(packed)?).ok()
}

/// `fd_inflate(blob)` and `fd_deflate(text)` on a connection: the chain's
/// triggers and `check` hash what `fd_inflate` gives (the text as TEXT);
/// migration 0013 packs the texts already stored with `fd_deflate`.
///
/// `fd_inflate` never fails a statement: a stream that does not inflate
/// gives NULL, one that inflates to bytes that are not UTF-8 gives them as
/// a BLOB — either way a different hashed value, so `check` names the row
/// instead of stopping.
pub(crate) fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "fd_inflate",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            Ok(match ctx.get_raw(0) {
                ValueRef::Blob(b) => match inflate(b) {
                    Some(bytes) => match String::from_utf8(bytes) {
                        Ok(s) => Value::Text(s),
                        Err(e) => Value::Blob(e.into_bytes()),
                    },
                    None => Value::Null,
                },
                ValueRef::Null => Value::Null,
                // Not packed at all (written by hand as text): hashed as a
                // number so it can never equal the text it claims to be.
                _ => Value::Integer(-1),
            })
        },
    )?;
    conn.create_scalar_function(
        "fd_deflate",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            Ok(match ctx.get_raw(0) {
                // The bytes as stored, even if not UTF-8 (written by hand).
                ValueRef::Text(t) => Value::Blob(deflate_bytes(t)),
                ValueRef::Null => Value::Null,
                other => {
                    return Err(rusqlite::Error::UserFunctionError(
                        format!("fd_deflate: text expected, got {:?}", other.data_type()).into(),
                    ))
                }
            })
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_comes_back_byte_for_byte_and_smaller() {
        let text = "交接班 81-1-1004 漏水 待派工\n".repeat(2_000);
        let packed = deflate(&text);
        assert!(packed.len() * 20 < text.len(), "{}", packed.len());
        assert_eq!(inflate_text(&packed).as_deref(), Some(text.as_str()));
        assert_eq!(inflate_text(&deflate("")).as_deref(), Some(""));
    }

    #[test]
    fn damaged_streams_read_as_nothing() {
        let mut packed = deflate("值班记录 the same text");
        assert!(inflate(b"not a stream").is_none());
        assert!(inflate(&packed[..packed.len() - 1]).is_none());
        // A changed byte in the middle: the checksum (or the stream) fails.
        let mid = packed.len() / 2;
        packed[mid] ^= 0x55;
        assert_ne!(
            inflate_text(&packed).as_deref(),
            Some("值班记录 the same text")
        );
    }

    #[test]
    fn the_sql_functions_round_trip_and_never_fail_a_statement() {
        let c = Connection::open_in_memory().unwrap();
        register(&c).unwrap();
        let back: String = c
            .query_row("SELECT fd_inflate(fd_deflate('交接 text'))", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(back, "交接 text");
        let (bad, text, null): (Option<String>, i64, Option<String>) = c
            .query_row(
                "SELECT fd_inflate(x'00ff'), fd_inflate('plain'), fd_inflate(NULL)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!((bad, text, null), (None, -1, None));
    }
}
