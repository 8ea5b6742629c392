//! `daocha dump`: every record's current state and every version id, in a canonical order, so
//! that two databases can be compared with `diff` (merge order must not matter).

use serde_json::{Value, json};

use crate::store::{Store, StoreError};

/// The canonical dump of a store.
pub fn dump(store: &Store) -> Result<Value, StoreError> {
    let mut records = Vec::new();
    for record in store.dump_records()? {
        records.push(json!({
            "record_id": record.record_id.to_string(),
            "kind": record.kind.as_str(),
            "scope_id": record.scope_id.map(|s| s.to_string()),
            "shown_version": record.shown_version.to_string(),
            "deleted": record.deleted,
            "heads": record.heads.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "content": record.content.map(|c| serde_json::from_str::<Value>(&c)).transpose()?,
        }));
    }
    let versions: Vec<Value> =
        store.version_hashes()?.into_iter().map(|(version, sha)| json!([version.to_string(), sha])).collect();
    let blobs = store.blob_hashes()?;
    Ok(json!({ "records": records, "versions": versions, "blobs": blobs }))
}
