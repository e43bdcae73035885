//! Schemas as text, to compare an upgraded file with what the migrations
//! make on an empty one.

use frontdesk::store::schema;
use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;

/// A schema as (name, sql), ordered.
pub fn schema_of(c: &Connection) -> Vec<(String, String)> {
    let mut st = c
        .prepare("SELECT name, coalesce(sql, '') FROM sqlite_master ORDER BY name")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The schema migrations 1…`version` make (on an empty file the functions
/// the conversions call are only named, but for the key of the one detail
/// every file holds).
pub fn schema_up_to(version: i64) -> Vec<(String, String)> {
    let c = Connection::open_in_memory().unwrap();
    for name in ["site_epoch", "fd_chain", "fd_deflate", "fd_inflate"] {
        c.create_scalar_function(name, -1, FunctionFlags::SQLITE_UTF8, |_| {
            Ok(rusqlite::types::Value::Null)
        })
        .unwrap();
    }
    // 0014 stores the empty detail `{}` in every file, so 0016 keys it.
    c.create_scalar_function("fd_data_key", 1, FunctionFlags::SQLITE_UTF8, |_| Ok(0i64))
        .unwrap();
    for m in schema::MIGRATIONS.iter().filter(|m| m.version <= version) {
        c.execute_batch(m.sql)
            .unwrap_or_else(|e| panic!("{}: {e}", m.name));
    }
    schema_of(&c)
}
