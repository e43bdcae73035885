//! `check`'s walk along a chain: every link recomputed from the first, from
//! the rows as they are now.

use super::{content_cols, hex, link_bytes, Chain, Flaw, Head, CHAINS};
use crate::store::{Cx, Result};
use rusqlite::types::ValueRef;
use rusqlite::OptionalExtension;
use std::collections::BTreeMap;

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

/// What walking a chain found.
#[derive(Debug, Default)]
pub(crate) struct Verified {
    pub flaws: Vec<Flaw>,
    /// The links at the sequence numbers asked for, as the rows now hash
    /// (from the first link on, whatever is stored): what a head recorded
    /// earlier must still equal. Absent when a row before is gone.
    pub links: BTreeMap<i64, String>,
}

/// The chain's head: its last link whole (`chain_heads`), or none.
fn stored_head(cx: &Cx, c: &Chain) -> Result<Option<(i64, Vec<u8>)>> {
    let head: Option<(i64, Option<Vec<u8>>)> = cx
        .query_row(
            "SELECT seq, hash FROM chain_heads WHERE chain = ?1",
            [c.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(head.map(|(seq, h)| (seq, h.unwrap_or_default())))
}

/// Check one chain link by link, and give the links at `wanted` (the
/// sequence numbers of heads recorded earlier).
///
/// Two values are carried from link to link. `named` is what names rows:
/// the previous link as it was written, known while every row so far
/// matched, and known again at each link stored whole (a checkpoint, or
/// the head) — so a changed row is named, and the rows after it up to the
/// next checkpoint are reported unverified rather than all changed.
/// `genuine` is the chain recomputed from the rows alone, never from
/// anything stored: a recorded head holds only if it equals that.
pub(crate) fn verify(cx: &Cx, c: &Chain, wanted: &[i64]) -> Result<Verified> {
    let mut out = Verified::default();
    let flaws = &mut out.flaws;
    let head = stored_head(cx, c)?;
    let (head_seq, head_hash) = head.clone().unwrap_or((0, Vec::new()));
    let mut links =
        cx.prepare("SELECT seq, row_id, hash FROM chain_links WHERE chain = ?1 ORDER BY seq")?;
    let mut row = cx.prepare(&select_row(c))?;
    let mut rows = links.query([c.id])?;
    let mut named: Option<String> = Some(String::new());
    let mut genuine: Option<String> = Some(String::new());
    let mut next_seq = 1;
    let mut last_row = 0;
    let mut last_seq = 0;
    // A chain linked by an update links each row once.
    let mut seen = std::collections::HashSet::new();
    while let Some(l) = rows.next()? {
        let (seq, row_id): (i64, i64) = (l.get(0)?, l.get(1)?);
        let stored: Vec<u8> = match l.get_ref(2)? {
            ValueRef::Blob(b) => b.to_vec(),
            _ => Vec::new(),
        };
        last_seq = seq;
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
        // The link whole, where it is kept whole.
        let whole: Option<&[u8]> = if stored.len() == 32 {
            Some(&stored)
        } else if seq == head_seq && head_hash.len() == 32 {
            Some(&head_hash)
        } else {
            None
        };
        let same = named == genuine;
        let hashed = row
            .query_row([row_id], |r| {
                let values: Vec<ValueRef> = (0..=c.cols.len())
                    .map(|i| r.get_ref(i))
                    .collect::<rusqlite::Result<_>>()?;
                let n = named.as_deref().map(|p| link_bytes(p, c.name, &values));
                let g = if same {
                    n
                } else {
                    genuine.as_deref().map(|p| link_bytes(p, c.name, &values))
                };
                Ok((n, g))
            })
            .optional()?;
        let (n, g) = hashed.unwrap_or((None, None));
        if hashed.is_none() {
            flaws.push(Flaw::Missing { row: row_id });
        }
        genuine = g.map(|g| hex(&g));
        if wanted.contains(&seq) {
            if let Some(g) = &genuine {
                out.links.insert(seq, g.clone());
            }
        }
        let matched = match (hashed.is_some(), n) {
            (false, _) => false,
            (true, None) => {
                flaws.push(Flaw::Unverified { row: row_id });
                false
            }
            (true, Some(n)) => {
                let prefix_ok =
                    matches!(stored.len(), super::SHORT | 32) && n[..stored.len()] == stored[..];
                if !prefix_ok {
                    flaws.push(Flaw::Changed { row: row_id });
                    false
                } else if whole.is_some_and(|w| w != n) {
                    // The prefix kept in chain_links matches but the head
                    // kept whole does not: the head was changed.
                    flaws.push(Flaw::Head { seq });
                    false
                } else {
                    true
                }
            }
        };
        named = match (whole, matched) {
            (Some(w), _) => Some(hex(w)),
            (None, true) => n.map(|n| hex(&n)),
            (None, false) => None,
        };
    }
    // The head is the last link (or none for an empty chain).
    let head_ok = match &head {
        None => last_seq == 0,
        Some((seq, h)) => *seq == last_seq && (last_seq == 0 || h.len() == 32),
    };
    if !head_ok {
        flaws.push(Flaw::Head { seq: head_seq });
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
    Ok(out)
}

/// The last link of every chain (an empty chain has seq 0), as kept whole
/// in `chain_heads` (`check` compares it with the chain's links).
pub(crate) fn heads(cx: &Cx) -> Result<Vec<Head>> {
    CHAINS
        .iter()
        .map(|c| {
            let (seq, hash) = stored_head(cx, c)?.unwrap_or((0, Vec::new()));
            Ok(Head {
                chain: c.name.to_string(),
                seq,
                hash: hex(&hash),
            })
        })
        .collect()
}

/// Every link of `c` whole, recomputed from the rows as they are now, in
/// order: `(seq, row id, link)`. A row that is gone ends the list (the
/// links after it cannot be computed). For turning a file back into an
/// older version's form (whole links stored) in the upgrade tests.
pub(crate) fn whole_links(cx: &Cx, c: &Chain) -> Result<Vec<(i64, i64, [u8; 32])>> {
    let mut links =
        cx.prepare("SELECT seq, row_id FROM chain_links WHERE chain = ?1 ORDER BY seq")?;
    let mut row = cx.prepare(&select_row(c))?;
    let mut out = Vec::new();
    let mut prev = String::new();
    let ids: Vec<(i64, i64)> = links
        .query_map([c.id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (seq, row_id) in ids {
        let link = row
            .query_row([row_id], |r| {
                let values: Vec<ValueRef> = (0..=c.cols.len())
                    .map(|i| r.get_ref(i))
                    .collect::<rusqlite::Result<_>>()?;
                Ok(link_bytes(&prev, c.name, &values))
            })
            .optional()?;
        let Some(link) = link else { break };
        prev = hex(&link);
        out.push((seq, row_id, link));
    }
    Ok(out)
}
