//! What the site is (tickets, open ones, a unit with a history) and what
//! its database takes per ticket.

use super::table::Table;
use super::Res;
use std::path::Path;

pub struct Site {
    pub tickets: i64,
    pub open: i64,
    pub unit: String,
}

pub fn site(db: &Path) -> Res<Site> {
    let c = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let tickets: i64 = c.query_row("SELECT count(*) FROM tickets", [], |r| r.get(0))?;
    let open: i64 = c.query_row(
        "SELECT count(*) FROM tickets WHERE closed_at IS NULL",
        [],
        |r| r.get(0),
    )?;
    // A unit with a history: the unit of a ticket in the middle.
    let unit: String = c
        .query_row(
            "SELECT u.code FROM tickets t JOIN units u ON u.id = t.unit_id
             WHERE t.id >= (SELECT max(id) / 2 FROM tickets) AND t.unit_id IS NOT NULL
             ORDER BY t.id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .or_else(|_| {
            c.query_row("SELECT code FROM units ORDER BY id LIMIT 1", [], |r| {
                r.get(0)
            })
        })?;
    Ok(Site {
        tickets,
        open,
        unit,
    })
}

/// What the database takes per ticket: the file, and per table from dbstat.
pub fn size(db: &Path, tickets: i64, t: &mut Table, details: &mut Vec<String>) -> Res<()> {
    let c = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let page: i64 = c.query_row("PRAGMA page_size", [], |r| r.get(0))?;
    let pages: i64 = c.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    let free: i64 = c.query_row("PRAGMA freelist_count", [], |r| r.get(0))?;
    let bytes = (page * (pages - free)) as f64;
    let per = bytes / tickets.max(1) as f64;
    t.add("DB bytes per ticket (all tables)", Some(per), "B", "< 1024");
    // What the tickets themselves take: their tables and indexes, and the
    // record links of their audit rows, calls and sampling decisions.
    let ticket_bytes = (|| -> rusqlite::Result<f64> {
        let own: i64 = c.query_row(
            "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN (
                SELECT name FROM sqlite_master WHERE tbl_name IN ('tickets', 'ticket_events', 'ticket_data', 'ticket_codes',
                  'ticket_deadlines', 'ticket_holds', 'callbacks', 'callback_attempts',
                  'callback_samples', 'emergency_notifications', 'emergency_records', 'wo_counters'))",
            [],
            |r| r.get(0),
        )?;
        let links: i64 = c.query_row(
            "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name = 'chain_links'",
            [],
            |r| r.get(0),
        )?;
        let (mine, all): (i64, i64) = c.query_row(
            "SELECT count(*) FILTER (WHERE chain IN (1, 2, 7, 8)), count(*) FROM chain_links",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(own as f64 + links as f64 * mine as f64 / all.max(1) as f64)
    })();
    match ticket_bytes {
        Ok(b) => t.add(
            "DB bytes per ticket (ticket data + links)",
            Some(b / tickets.max(1) as f64),
            "B",
            "< 1024",
        ),
        Err(e) => details.push(format!("ticket data: dbstat unavailable ({e})")),
    }
    let stat = (|| -> rusqlite::Result<Vec<(String, i64)>> {
        let mut st = c.prepare(
            "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY sum(pgsize) DESC LIMIT 14",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect()
    })();
    match stat {
        Ok(rows) => {
            for (name, b) in rows {
                details.push(format!(
                    "{name:<34} {:>8.1} B/ticket",
                    b as f64 / tickets.max(1) as f64
                ));
            }
        }
        Err(e) => details.push(format!("per table: dbstat unavailable ({e})")),
    }
    Ok(())
}
