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
//! The content of each chain (its columns) is fixed: a column added to a
//! chained table later is not covered until a new chain version says so.

use super::{Cx, Result};
use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

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
    /// `None`: every row, linked when inserted. `Some((column, condition))`:
    /// the rows where `condition` holds, linked by the UPDATE of `column`
    /// that makes it hold (an acknowledgement, a review, a return).
    pub when: Option<(&'static str, &'static str)>,
}

/// Every chain. Migration 0007 links the rows of a site upgraded to it with
/// the same columns; migration 0010 numbers them (`chain_names`) with these
/// ids, which never change.
pub const CHAINS: &[Chain] = &[
    Chain {
        id: 1,
        name: "ticket_events",
        table: "ticket_events",
        cols: &[
            "ticket_id",
            "at",
            "actor_id",
            "action",
            "from_state",
            "to_state",
            "note",
            "data",
        ],
        coded: &[
            ("action", "ticket_codes"),
            ("from_state", "ticket_codes"),
            ("to_state", "ticket_codes"),
        ],
        when: None,
    },
    Chain {
        id: 2,
        name: "emergency_notifications",
        table: "emergency_notifications",
        cols: &["ticket_id", "target", "at", "by_id"],
        coded: &[],
        when: None,
    },
    Chain {
        id: 3,
        name: "key_events",
        table: "key_events",
        cols: &["key_id", "at", "actor_id", "action", "loan_id", "note"],
        coded: &[],
        when: None,
    },
    Chain {
        id: 4,
        name: "key_loans",
        table: "key_loans",
        cols: &[
            "key_id",
            "copy_no",
            "borrower_type",
            "borrower_name",
            "borrower_id_no",
            "borrower_phone",
            "reason",
            "ticket_id",
            "lent_at",
            "due_at",
            "lent_by",
            "approved_by",
            "approved_at",
            "signed",
        ],
        coded: &[],
        when: None,
    },
    Chain {
        id: 5,
        name: "key_returns",
        table: "key_loans",
        cols: &[
            "returned_at",
            "returned_to",
            "return_condition",
            "return_note",
        ],
        coded: &[],
        when: Some(("returned_at", "returned_at IS NOT NULL")),
    },
    Chain {
        id: 6,
        name: "key_marks",
        table: "key_marks",
        cols: &[
            "key_id", "copy_no", "mark", "loan_id", "note", "at", "by_id",
        ],
        coded: &[],
        when: None,
    },
    Chain {
        id: 7,
        name: "callback_attempts",
        table: "callback_attempts",
        cols: &[
            "callback_id",
            "no",
            "at",
            "caller_id",
            "recorded_by",
            "recorded_at",
            "method",
            "reached",
            "timeliness",
            "attitude",
            "workmanship",
            "satisfaction",
            "words",
        ],
        coded: &[],
        when: None,
    },
    Chain {
        id: 8,
        name: "callback_samples",
        table: "callback_samples",
        cols: &[
            "ticket_id",
            "decided_at",
            "month",
            "seq",
            "picked_before",
            "score",
            "rate_percent",
            "basis",
            "selected",
            "callback_id",
        ],
        coded: &[],
        when: None,
    },
    Chain {
        id: 9,
        name: "duty_log",
        table: "duty_log",
        cols: &[
            "at",
            "shift_date",
            "shift_code",
            "category",
            "text",
            "operator_id",
            "unit_id",
            "ticket_id",
            "refers_to",
            "promise_due_at",
        ],
        coded: &[],
        when: None,
    },
    Chain {
        id: 10,
        name: "handovers",
        table: "handovers",
        cols: &[
            "shift_date",
            "shift_code",
            "shift_name",
            "shift_start",
            "shift_end",
            "from_operator",
            "created_at",
            "note",
            "report_json",
            "content",
            "content_hash",
        ],
        coded: &[],
        when: None,
    },
    Chain {
        id: 11,
        name: "handover_acks",
        table: "handovers",
        cols: &["to_operator", "acknowledged_at", "remarks"],
        coded: &[],
        when: Some(("acknowledged_at", "acknowledged_at IS NOT NULL")),
    },
    Chain {
        id: 12,
        name: "handover_reviews",
        table: "handovers",
        cols: &["reviewed_by", "reviewed_at", "review_comment"],
        coded: &[],
        when: Some(("reviewed_at", "reviewed_at IS NOT NULL")),
    },
    Chain {
        id: 13,
        name: "handover_addenda",
        table: "handover_addenda",
        cols: &["handover_id", "at", "author_id", "text"],
        coded: &[],
        when: None,
    },
    Chain {
        id: 14,
        name: "household_events",
        table: "household_events",
        cols: &[
            "household_id",
            "member_id",
            "at",
            "actor_id",
            "source",
            "field",
            "old_value",
            "new_value",
        ],
        coded: &[],
        when: None,
    },
    Chain {
        id: 15,
        name: "signins",
        table: "signins",
        cols: &["at", "staff_id", "event", "via", "client", "login"],
        coded: &[],
        when: None,
    },
    Chain {
        id: 16,
        name: "staff_changes",
        table: "staff_changes",
        cols: &[
            "at",
            "by_id",
            "action",
            "staff_id",
            "department_id",
            "detail",
        ],
        coded: &[],
        when: None,
    },
    // Exports with phones and ID numbers in full (migration 9).
    Chain {
        id: 17,
        name: "export_audit",
        table: "export_audit",
        cols: &[
            "at",
            "actor_id",
            "proof",
            "what",
            "format",
            "range_from",
            "range_to",
            "rows",
            "target",
        ],
        coded: &[],
        when: None,
    },
    // The registers (migration 0008_registers; new tables, nothing to link).
    Chain {
        id: 18,
        name: "register_events",
        table: "register_events",
        cols: &[
            "register",
            "record_id",
            "at",
            "actor_id",
            "action",
            "from_state",
            "to_state",
            "note",
            "data",
        ],
        coded: &[],
        when: None,
    },
    Chain {
        // A goods release pass as issued (its later state, use and closing
        // are register_events).
        id: 19,
        name: "goods_passes",
        table: "goods_passes",
        cols: &[
            "no",
            "unit_id",
            "person",
            "id_number",
            "phone",
            "vehicle",
            "confirmed_by",
            "confirmed_via",
            "confirmed_at",
            "override_by",
            "override_reason",
            "note",
            "issued_at",
            "issued_by",
            "valid_until",
        ],
        coded: &[],
        when: None,
    },
    Chain {
        id: 20,
        name: "goods_pass_items",
        table: "goods_pass_items",
        cols: &["pass_id", "line", "item", "quantity"],
        coded: &[],
        when: None,
    },
    Chain {
        id: 21,
        name: "renovation_fees",
        table: "renovation_fees",
        cols: &[
            "renovation_id",
            "item",
            "amount_cents",
            "receipt_no",
            "at",
            "by_id",
        ],
        coded: &[],
        when: None,
    },
    Chain {
        id: 22,
        name: "renovation_passes",
        table: "renovation_passes",
        cols: &[
            "renovation_id",
            "no",
            "kind",
            "holder",
            "id_number",
            "certificate",
            "valid_from",
            "valid_until",
            "approved_by",
            "issued_at",
            "issued_by",
        ],
        coded: &[],
        when: None,
    },
];

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
    format!(
        "CREATE TEMP TRIGGER IF NOT EXISTS fd_link_{name} {event}
         BEGIN
           INSERT INTO chain_links (chain, seq, row_id, hash)
           SELECT {id}, coalesce(max(seq), 0) + 1, NEW.id,
             fd_link((SELECT hash FROM chain_links WHERE chain = {id}
                      ORDER BY seq DESC LIMIT 1),
                     '{name}', NEW.id, {cols})
           FROM chain_links WHERE chain = {id};
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
}

/// The last link of a chain: record it elsewhere to notice a rewrite.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Head {
    pub chain: String,
    pub seq: i64,
    pub hash: String,
}

fn select_row(c: &Chain) -> String {
    let cond = c
        .when
        .map(|(_, w)| format!(" AND r.{w}"))
        .unwrap_or_default();
    format!(
        "SELECT r.id, {} FROM {} r WHERE r.id = ?1{cond}",
        content_cols(c, "r."),
        c.table
    )
}

/// Check one chain link by link.
pub(crate) fn verify(cx: &Cx, c: &Chain) -> Result<Vec<Flaw>> {
    let mut flaws = Vec::new();
    let mut links =
        cx.prepare("SELECT seq, row_id, hash FROM chain_links WHERE chain = ?1 ORDER BY seq")?;
    let mut row = cx.prepare(&select_row(c))?;
    let mut rows = links.query([c.id])?;
    let mut prev = String::new();
    let mut next_seq = 1;
    let mut last_row = 0;
    // A chain linked by an update links each row once.
    let mut seen = std::collections::HashSet::new();
    while let Some(l) = rows.next()? {
        let (seq, row_id): (i64, i64) = (l.get(0)?, l.get(1)?);
        let hash = match l.get_ref(2)? {
            ValueRef::Blob(b) => hex(b),
            _ => String::new(),
        };
        if seq != next_seq {
            flaws.push(Flaw::Gap { seq: next_seq });
        }
        next_seq = seq + 1;
        if c.when.is_none() {
            if row_id <= last_row {
                flaws.push(Flaw::Order { row: row_id });
            }
            last_row = row_id;
        } else if !seen.insert(row_id) {
            flaws.push(Flaw::Order { row: row_id });
        }
        let expected = row
            .query_row([row_id], |r| {
                let values: Vec<ValueRef> = (0..=c.cols.len())
                    .map(|i| r.get_ref(i))
                    .collect::<rusqlite::Result<_>>()?;
                Ok(link_hash(&prev, c.name, &values))
            })
            .optional()?;
        match expected {
            None => flaws.push(Flaw::Missing { row: row_id }),
            Some(e) if e != hash => flaws.push(Flaw::Changed { row: row_id }),
            Some(_) => {}
        }
        prev = hash;
    }
    let cond = c.when.map(|(_, w)| format!(" AND {w}")).unwrap_or_default();
    let mut st = cx.prepare(&format!(
        "SELECT id FROM {t} WHERE id NOT IN (SELECT row_id FROM chain_links WHERE chain = ?1){cond}
         ORDER BY id",
        t = c.table
    ))?;
    let unlinked = st.query_map([c.id], |r| r.get::<_, i64>(0))?;
    for id in unlinked {
        flaws.push(Flaw::Unlinked { row: id? });
    }
    Ok(flaws)
}

/// The last link of every chain (an empty chain has seq 0).
pub(crate) fn heads(cx: &Cx) -> Result<Vec<Head>> {
    let mut st =
        cx.prepare("SELECT seq, hash FROM chain_links WHERE chain = ?1 ORDER BY seq DESC LIMIT 1")?;
    CHAINS
        .iter()
        .map(|c| {
            let last: Option<(i64, Vec<u8>)> = st
                .query_row([c.id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let last = last.map(|(seq, h)| (seq, hex(&h)));
            let (seq, hash) = last.unwrap_or((0, String::new()));
            Ok(Head {
                chain: c.name.to_string(),
                seq,
                hash,
            })
        })
        .collect()
}

/// Whether the chain still holds `head` (the link recorded then): false
/// when the chain was rewritten or cut short since.
pub(crate) fn holds(cx: &Cx, head: &Head) -> Result<bool> {
    if head.seq == 0 {
        return Ok(true);
    }
    let Some(c) = CHAINS.iter().find(|c| c.name == head.chain) else {
        return Ok(false);
    };
    let hash: Option<Vec<u8>> = cx
        .query_row(
            "SELECT hash FROM chain_links WHERE chain = ?1 AND seq = ?2",
            params![c.id, head.seq],
            |r| r.get(0),
        )
        .optional()?;
    Ok(hash.map(|h| hex(&h)).as_deref() == Some(head.hash.as_str()))
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
        }
    }
}
