//! `daocha dump`: every record's current state and every version id, in a canonical order, so
//! that two databases can be compared with `diff` (merge order must not matter).

use serde_json::{Value, json};

use crate::store::{Store, StoreError};

/// The canonical dump of a store.
pub fn dump(store: &Store) -> Result<Value, StoreError> {
    let conn = store.conn();
    let mut stmt = conn.prepare(
        "SELECT c.record_id, c.kind, c.scope_id, c.version_id, c.deleted, v.content,
                (SELECT json_group_array(version_id) FROM (SELECT version_id FROM heads h WHERE h.record_id = c.record_id ORDER BY version_id))
         FROM current c JOIN versions v ON v.version_id = c.version_id
         ORDER BY c.record_id",
    )?;
    let mut rows = stmt.query([])?;
    let mut records = Vec::new();
    while let Some(row) = rows.next()? {
        let content: Option<String> = row.get(5)?;
        let heads: String = row.get(6)?;
        records.push(json!({
            "record_id": row.get::<_, String>(0)?,
            "kind": row.get::<_, String>(1)?,
            "scope_id": row.get::<_, Option<String>>(2)?,
            "shown_version": row.get::<_, String>(3)?,
            "deleted": row.get::<_, bool>(4)?,
            "heads": serde_json::from_str::<Value>(&heads)?,
            "content": content.map(|c| serde_json::from_str::<Value>(&c)).transpose()?,
        }));
    }
    let mut stmt = conn.prepare("SELECT version_id, content_sha256 FROM versions ORDER BY version_id")?;
    let versions: Vec<Value> = stmt
        .query_map([], |r| Ok(json!([r.get::<_, String>(0)?, r.get::<_, String>(1)?])))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare("SELECT sha256 FROM blobs ORDER BY sha256")?;
    let blobs: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(json!({ "records": records, "versions": versions, "blobs": blobs }))
}
