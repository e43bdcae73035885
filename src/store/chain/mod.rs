//! Tamper evidence: every row of the append-only records (the ticket audit,
//! key events and loans, callback calls and sampling decisions, the duty
//! log, handovers with their acknowledgement and review, addenda, emergency
//! notifications, the registers' events, passes as issued and their items,
//! renovation fees and passes) is linked into a hash chain of its own in `chain_links`:
//!
//! ```text
//! link n = SHA-256("frontdesk chain v1\n", link n-1, chain name, row id, row content)
//! ```
//!
//! The link is written by a TEMP trigger this program creates on each of its
//! connections, in the same statement (so in the same short write
//! transaction) as the row. A row written by anything else (the sqlite3
//! shell, a script) has no link; a row changed afterwards no longer matches
//! its link; a row deleted leaves a link pointing at nothing. `frontdesk
//! check` verifies every chain (`verify`), and its heads, recorded off-site
//! (`check --head`), show a chain rewritten as a whole. See
//! `docs/tamper-evidence.md`.
//!
//! Links are stored compactly (migration 0010): the chain as its number
//! (`Chain::id`, named in `chain_names`), the hash as its 32 bytes. What is
//! hashed did not change: the chain's name and the previous link as 64 hex
//! digits, so heads recorded before the change still hold. Likewise the
//! audit trail's words are stored as numbers (migration 0011, `Chain::coded`)
//! and hashed as the words they name.
//!
//! Short links (migration 0013): `chain_links.hash` keeps the first
//! `SHORT` bytes of a link, and the whole link only every `CHECKPOINT`th;
//! the last link of every chain is whole in `chain_heads`, where the
//! trigger writing the next link reads it. `check` recomputes every link
//! from the first, so a stored prefix is enough to name the row that no
//! longer matches; what guards against a chain rewritten as a whole are the
//! heads recorded elsewhere, as before. The links' values (what is hashed)
//! did not change, so heads recorded before still hold.
//!
//! The content of each chain (its columns) is fixed: a column added to a
//! chained table later is not covered until a new chain version says so.

mod list;
mod verify;

pub use list::CHAINS;
pub(crate) use verify::{heads, verify, whole_links};

use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use sha2::{Digest, Sha256};

/// Bytes of a link `chain_links` keeps (the rest is recomputed by `check`).
/// Eight: a change to a row goes unnamed with a chance of 2⁻⁶⁴.
pub const SHORT: usize = 8;

/// Every link whose `seq` is a multiple of this is stored whole: after a
/// changed row, `check` can check the rows again from the next one (a link
/// is hashed with the whole previous link, which a prefix does not give).
pub const CHECKPOINT: i64 = 16;

/// One chain: the rows of `table` (those where `when` holds, for a chain
/// linked by an update) and the columns their content is.
#[derive(Debug, Clone, Copy)]
pub struct Chain {
    /// Its number in `chain_links.chain` (`chain_names` says which is which).
    pub id: i64,
    pub name: &'static str,
    pub table: &'static str,
    pub cols: &'static [&'static str],
    /// Content columns stored as a number naming a word in a code table
    /// (`(column, table)`; the table has `id` and `code`): the word is what
    /// is hashed, as when the column held it (migration 0011), so storing a
    /// word as a number changes no link.
    pub coded: &'static [(&'static str, &'static str)],
    /// Content columns stored packed (`store::pack`, migration 0013): the
    /// text they inflate to is what is hashed, as when the column held it.
    pub packed: &'static [&'static str],
    /// `None`: every row, linked when inserted. `Some((column, condition))`:
    /// the rows where `condition` holds, linked by the UPDATE of `column`
    /// that makes it hold (an acknowledgement, a review, a return).
    pub when: Option<(&'static str, &'static str)>,
}

const DOMAIN: &[u8] = b"frontdesk chain v1\n";

/// Append one value to the hashed bytes, typed and length-prefixed so no two
/// different rows give the same bytes.
fn feed(h: &mut Sha256, v: ValueRef) {
    match v {
        ValueRef::Null => h.update(b"N"),
        ValueRef::Integer(i) => {
            h.update(b"I");
            h.update(i.to_be_bytes());
        }
        ValueRef::Real(f) => {
            h.update(b"R");
            h.update(f.to_bits().to_be_bytes());
        }
        ValueRef::Text(t) => {
            h.update(b"T");
            h.update((t.len() as u64).to_be_bytes());
            h.update(t);
        }
        ValueRef::Blob(b) => {
            h.update(b"B");
            h.update((b.len() as u64).to_be_bytes());
            h.update(b);
        }
    }
}

/// The link of a row: `prev` is the chain's previous link ("" for the first),
/// `values` the row id then its content columns in the chain's order.
pub fn link_hash(prev: &str, chain: &str, values: &[ValueRef]) -> String {
    hex(&link_bytes(prev, chain, values))
}

/// `link_hash` as the 32 bytes `chain_links.hash` stores.
pub fn link_bytes(prev: &str, chain: &str, values: &[ValueRef]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(DOMAIN);
    h.update((prev.len() as u64).to_be_bytes());
    h.update(prev.as_bytes());
    h.update((chain.len() as u64).to_be_bytes());
    h.update(chain.as_bytes());
    for v in values {
        feed(&mut h, *v);
    }
    h.finalize().into()
}

/// A link as the 64 lower-case hex digits it is hashed into the next link
/// as, and shown as in heads.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// `fd_chain(prev, chain, id, col…)` on a connection: what migration 0007
/// links an upgraded site's rows with (links as hex text, as stored then;
/// migration 0010 turns them into bytes). The triggers call `fd_link`.
pub(crate) fn register(conn: &Connection) -> rusqlite::Result<()> {
    // Packed columns are hashed as what they inflate to.
    crate::store::pack::register(conn)?;
    conn.create_scalar_function(
        "fd_chain",
        -1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            if ctx.len() < 3 {
                return Err(rusqlite::Error::UserFunctionError(
                    "fd_chain(prev, chain, id, …)".into(),
                ));
            }
            let prev = match ctx.get_raw(0) {
                ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                _ => String::new(),
            };
            let chain = match ctx.get_raw(1) {
                ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                _ => String::new(),
            };
            let values: Vec<ValueRef> = (2..ctx.len()).map(|i| ctx.get_raw(i)).collect();
            Ok(link_hash(&prev, &chain, &values))
        },
    )?;
    // `fd_link(prev, chain, id, col…)`: the same link from the stored
    // previous link (32 bytes, NULL for the first), as 32 bytes.
    conn.create_scalar_function(
        "fd_link",
        -1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            if ctx.len() < 3 {
                return Err(rusqlite::Error::UserFunctionError(
                    "fd_link(prev, chain, id, …)".into(),
                ));
            }
            let prev = match ctx.get_raw(0) {
                ValueRef::Blob(b) => hex(b),
                ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                _ => String::new(),
            };
            let chain = match ctx.get_raw(1) {
                ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                _ => String::new(),
            };
            let values: Vec<ValueRef> = (2..ctx.len()).map(|i| ctx.get_raw(i)).collect();
            Ok(link_bytes(&prev, &chain, &values).to_vec())
        },
    )
}

/// A content column as it enters the hash, read through `row` (`NEW.` in a
/// trigger, the table's alias in `verify`): the column itself, or for a
/// coded column the word its number names (NULL stays NULL).
fn content_expr(c: &Chain, row: &str, col: &str) -> String {
    match c.coded.iter().find(|(k, _)| *k == col) {
        Some((_, table)) => format!("(SELECT w.code FROM {table} w WHERE w.id = {row}{col})"),
        None if c.packed.contains(&col) => format!("fd_inflate({row}{col})"),
        None => format!("{row}{col}"),
    }
}

fn content_cols(c: &Chain, row: &str) -> String {
    c.cols
        .iter()
        .map(|col| content_expr(c, row, col))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The TEMP trigger that links `c`'s rows as they are written.
fn trigger_sql(c: &Chain) -> String {
    let event = match c.when {
        None => format!("AFTER INSERT ON main.{}", c.table),
        Some((col, cond)) => format!(
            "AFTER UPDATE OF {col} ON main.{table} WHEN NOT (OLD.{cond_old}) AND (NEW.{cond_new})",
            table = c.table,
            cond_old = cond,
            cond_new = cond,
        ),
    };
    // The whole previous link is the chain's head (`chain_heads`): the
    // next link is hashed from it, becomes the head, and is kept in
    // `chain_links` whole at a checkpoint, else its first SHORT bytes. A
    // chain without a head row would leave its rows unlinked: refused.
    format!(
        "CREATE TEMP TRIGGER IF NOT EXISTS fd_link_{name} {event}
         BEGIN
           SELECT RAISE(ABORT, 'chain_heads has no row for the chain {name}')
           WHERE NOT EXISTS (SELECT 1 FROM chain_heads WHERE chain = {id});
           UPDATE chain_heads SET seq = seq + 1,
             hash = fd_link(hash, '{name}', NEW.id, {cols})
           WHERE chain = {id};
           INSERT INTO chain_links (chain, seq, row_id, hash)
           SELECT chain, seq, NEW.id,
             CASE WHEN seq % {CHECKPOINT} = 0 THEN hash ELSE substr(hash, 1, {SHORT}) END
           FROM chain_heads WHERE chain = {id};
         END;",
        id = c.id,
        name = c.name,
        cols = content_cols(c, "NEW."),
    )
}

/// Create the link triggers on this connection (after the migrations: they
/// live in the connection's temp schema, not in the file).
pub(crate) fn install(conn: &Connection) -> rusqlite::Result<()> {
    for c in CHAINS {
        conn.execute_batch(&trigger_sql(c))?;
    }
    Ok(())
}

/// What is wrong with a chain.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Flaw {
    /// A row with no link: written by something other than frontdesk.
    Unlinked { row: i64 },
    /// A row that no longer matches its link: changed after it was written
    /// (or its link was).
    Changed { row: i64 },
    /// A link whose row is gone: deleted.
    Missing { row: i64 },
    /// Links missing from the sequence.
    Gap { seq: i64 },
    /// A link out of the order rows were written in.
    Order { row: i64 },
    /// A row that could not be checked: an earlier row of the chain no
    /// longer matches, and its link is kept short, so the whole link this
    /// row was hashed with is not known until the next checkpoint.
    Unverified { row: i64 },
    /// The chain's head (`chain_heads`) is not its last link: changed by
    /// hand, or links were written by something that does not keep it.
    Head { seq: i64 },
}

/// The last link of a chain: record it elsewhere to notice a rewrite.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Head {
    pub chain: String,
    pub seq: i64,
    pub hash: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_depends_on_every_part() {
        let base = link_hash("", "c", &[ValueRef::Integer(1), ValueRef::Text(b"ab")]);
        assert_eq!(base.len(), 64);
        for other in [
            link_hash("x", "c", &[ValueRef::Integer(1), ValueRef::Text(b"ab")]),
            link_hash("", "d", &[ValueRef::Integer(1), ValueRef::Text(b"ab")]),
            link_hash("", "c", &[ValueRef::Integer(2), ValueRef::Text(b"ab")]),
            link_hash("", "c", &[ValueRef::Integer(1), ValueRef::Text(b"ab ")]),
            link_hash("", "c", &[ValueRef::Integer(1), ValueRef::Null]),
            // Moving a byte between fields is a different row.
            link_hash(
                "",
                "c",
                &[
                    ValueRef::Integer(1),
                    ValueRef::Text(b"a"),
                    ValueRef::Text(b"b"),
                ],
            ),
        ] {
            assert_ne!(base, other);
        }
    }

    #[test]
    fn chains_are_numbered_one_by_one_and_hex_is_lower_case() {
        for (i, c) in CHAINS.iter().enumerate() {
            assert_eq!(c.id, i as i64 + 1, "{}", c.name);
        }
        let bytes = link_bytes("", "c", &[ValueRef::Integer(1)]);
        assert_eq!(hex(&bytes), link_hash("", "c", &[ValueRef::Integer(1)]));
        assert_eq!(hex(&[0x0f, 0xa0]), "0fa0");
    }

    #[test]
    fn chains_have_unique_names_and_safe_identifiers() {
        let mut names: Vec<&str> = CHAINS.iter().map(|c| c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), CHAINS.len());
        let ident = |s: &str| s.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        for c in CHAINS {
            assert!(ident(c.name) && ident(c.table));
            assert!(c.cols.iter().all(|col| ident(col)));
            for (col, table) in c.coded {
                assert!(ident(table), "{}", c.name);
                assert!(c.cols.contains(col), "{}: {col} is not hashed", c.name);
            }
            for col in c.packed {
                assert!(c.cols.contains(col), "{}: {col} is not hashed", c.name);
            }
        }
    }
}
