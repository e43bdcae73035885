//! `check`'s replays: every ticket's state from its audit trail, every
//! register record's from its register events, through the transition
//! tables.

use super::{Found, Problem};
use crate::domain::{transitions, Action, Kind, State};
use crate::store::Result;

/// Replay each ticket's audit trail through its kind's transition table.
pub(super) fn trails(conn: &rusqlite::Connection, found: &mut Found) -> Result<()> {
    let mut tickets = conn.prepare("SELECT id, kind, state FROM tickets ORDER BY id")?;
    let mut events = conn.prepare(
        // The words through `ticket_codes` (migration 0011); a number that
        // names no word (written by hand) reads as `#n`, which no table allows.
        "SELECT e.id, coalesce(a.code, '#' || e.action), f.code,
                coalesce(t.code, '#' || e.to_state)
         FROM ticket_events e
         LEFT JOIN ticket_codes a ON a.id = e.action
         LEFT JOIN ticket_codes f ON f.id = e.from_state
         LEFT JOIN ticket_codes t ON t.id = e.to_state
         WHERE e.ticket_id = ?1 ORDER BY e.id",
    )?;
    let mut rows = tickets.query([])?;
    while let Some(t) = rows.next()? {
        let (id, kind, state): (i64, String, String) = (t.get(0)?, t.get(1)?, t.get(2)?);
        let trail: Vec<(i64, String, Option<String>, String)> = events
            .query_map([id], |e| Ok((e.get(0)?, e.get(1)?, e.get(2)?, e.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let kind: Option<Kind> = kind.parse().ok();
        let mut steps = trail.iter();
        let mut at = match steps.next() {
            Some((_, action, None, to)) if action == "create" && to == State::Registered.code() => {
                to.clone()
            }
            _ => {
                found.add("tickets", Some(id), Problem::TrailStart);
                continue;
            }
        };
        for (event, action, from, to) in steps {
            let legal = from.as_deref() == Some(at.as_str())
                && match (kind, at.parse::<State>(), action.parse::<Action>()) {
                    // A recorded call changes nothing by itself.
                    _ if action == "callback" => to == &at,
                    (Some(kind), Ok(before), Ok(step)) => transitions::find(kind, before, step)
                        .is_some_and(|rule| rule.target(before).code() == to),
                    _ => false,
                };
            if !legal {
                found.add(
                    "tickets",
                    Some(id),
                    Problem::TrailStep {
                        event: *event,
                        action: action.clone(),
                        from: from.clone().unwrap_or_default(),
                    },
                );
            }
            at = to.clone();
        }
        if at != state {
            found.add(
                "tickets",
                Some(id),
                Problem::TrailEnd {
                    state,
                    replayed: at,
                },
            );
        }
    }
    Ok(())
}

/// Every register record's state, replayed from its `register_events`
/// through its register's table: the first step from "new", each step one
/// the table allows from the state before, the last where the record is.
pub(super) fn register_trails(conn: &rusqlite::Connection, found: &mut Found) -> Result<()> {
    use crate::domain::registers::{machine, RAction, RState, Register};
    // (table, how its rows name their register)
    let tables = [
        ("visitors", "'visitor'"),
        ("parcels", "'parcel'"),
        ("goods_passes", "'pass'"),
        ("renovations", "'renovation'"),
        (
            "moves",
            "CASE direction WHEN 'in' THEN 'move_in' ELSE 'move_out' END",
        ),
    ];
    let mut events = conn.prepare(
        "SELECT id, action, from_state, to_state FROM register_events
         WHERE register = ?1 AND record_id = ?2 ORDER BY id",
    )?;
    for (table, register) in tables {
        let mut records = conn.prepare(&format!(
            "SELECT id, {register}, state FROM {table} ORDER BY id"
        ))?;
        let mut rows = records.query([])?;
        while let Some(r) = rows.next()? {
            let (id, reg, state): (i64, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let trail: Vec<(i64, String, String, String)> = events
                .query_map(rusqlite::params![reg, id], |e| {
                    Ok((e.get(0)?, e.get(1)?, e.get(2)?, e.get(3)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let table_of = reg.parse::<Register>().ok().map(machine);
            let mut at = RState::New.code().to_string();
            if trail.first().map(|e| e.2.as_str()) != Some(at.as_str()) {
                found.add(table, Some(id), Problem::TrailStart);
                continue;
            }
            for (event, action, from, to) in &trail {
                let legal = from == &at
                    && match (&table_of, at.parse::<RState>(), action.parse::<RAction>()) {
                        (Some(m), Ok(before), Ok(step)) => m
                            .find(before, step)
                            .is_some_and(|row| row.target(before).code() == to),
                        _ => false,
                    };
                if !legal {
                    found.add(
                        table,
                        Some(id),
                        Problem::TrailStep {
                            event: *event,
                            action: action.clone(),
                            from: from.clone(),
                        },
                    );
                }
                at = to.clone();
            }
            if at != state {
                found.add(
                    table,
                    Some(id),
                    Problem::TrailEnd {
                        state,
                        replayed: at,
                    },
                );
            }
        }
    }
    Ok(())
}
