//! A snapshot of this database's shared tables in a new database file: what an export signs and
//! hands on. The file gets daocha's schema, then the tables are copied into it from this
//! database (never `local_keys`: the sealed signing keys are not written into it, not even for a
//! moment; nor `merge_log`, the lead's own history; of `local_meta` only the identity). A plan
//! (the lead's prepared inspection) leaves the clue register out and starts its own audit chain.
//! The manifest and its signature are the caller's (`crate::merge::export`).

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::{Connection, params};

use super::{Result, Store, audit, schema};
use crate::domain::records::RecordKind;
use crate::domain::{DeviceId, RecordId};

/// The tables a whole snapshot copies.
const COPIED: [&str; 6] = ["versions", "heads", "current", "audit_log", "blobs", "attestations"];

/// Kinds a plan never carries to the inspectors' laptops, which go to the inspected units:
/// discipline clues and what became of them (sealed, and only for their recorder and the lead, or
/// the lead alone) and public complaints
/// (监督举报: who complained about which unit stays in the lead's office — 举报人 must be
/// protected).
pub const LEFT_OUT_OF_PLANS: [RecordKind; 3] = [RecordKind::Clue, RecordKind::ClueOutcome, RecordKind::Complaint];

/// The one audit entry a plan's snapshot starts its chain with.
#[derive(Debug, Clone)]
pub struct PlanEntry {
    /// When (RFC 3339, as entries store it).
    pub at: String,
    /// The lead's device.
    pub device_id: DeviceId,
    /// The lead.
    pub inspector_id: Option<RecordId>,
    /// Stable code.
    pub action: String,
    /// For people.
    pub summary: String,
}

/// A new database file being filled; closed when dropped.
pub struct Snapshot {
    conn: Connection,
}

impl Snapshot {
    /// Creates the file at `path` (a throwaway until the caller renames it: no journal beside it)
    /// with daocha's schema, pages of `page_size` bytes (the exporting database's) and no identity.
    pub fn create(path: &Path, page_size: u32) -> Result<Snapshot> {
        let mut conn = Connection::open(path)?;
        conn.execute_batch(&format!(
            "PRAGMA page_size = {page_size}; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
        ))?;
        schema::create_fresh(&mut conn)?;
        Ok(Snapshot { conn })
    }

    /// Copies `store`'s shared tables into the file: all of them, or for a plan (`Some`) every
    /// record but the clues (with the statements of what it carries, each still vouching for
    /// exactly its versions) under one audit entry `plan`.
    pub fn fill_from(&mut self, store: &Store, plan: Option<&PlanEntry>) -> Result<()> {
        self.conn.execute("ATTACH DATABASE ?1 AS src", [store.path().to_string_lossy().as_ref()])?;
        {
            let tx = self.conn.transaction()?;
            match plan {
                Some(entry) => {
                    let kinds = LEFT_OUT_OF_PLANS.iter().map(|k| k.code().to_string()).collect::<Vec<_>>().join(", ");
                    tx.execute_batch(&format!(
                        "CREATE TEMP TABLE left_out AS
                             SELECT DISTINCT attestation_id FROM src.versions WHERE kind IN ({kinds}) AND attestation_id IS NOT NULL;
                         INSERT INTO main.versions
                             SELECT version_id, record_id, kind, scope_id, supersedes, author_id, device_id, created_at, content,
                                    content_sha256, 1, attestation_id
                             FROM src.versions
                             WHERE kind NOT IN ({kinds}) AND (attestation_id IS NULL OR attestation_id NOT IN (SELECT attestation_id FROM left_out));
                         INSERT INTO main.heads SELECT * FROM src.heads WHERE version_id IN (SELECT version_id FROM main.versions);
                         INSERT INTO main.current SELECT * FROM src.current
                             WHERE record_id IN (SELECT record_id FROM main.versions) AND version_id IN (SELECT version_id FROM main.versions);
                         INSERT INTO main.attestations SELECT * FROM src.attestations
                             WHERE attestation_id IN (SELECT attestation_id FROM main.versions);
                         INSERT INTO main.blobs SELECT * FROM src.blobs;
                         DROP TABLE left_out;"
                    ))?;
                    audit::start_chain(
                        &tx,
                        &entry.at,
                        entry.device_id,
                        entry.inspector_id,
                        &entry.action,
                        &entry.summary,
                    )?;
                }
                None => {
                    for table in COPIED {
                        tx.execute_batch(&format!("INSERT INTO main.{table} SELECT * FROM src.{table};"))?;
                    }
                }
            }
            tx.execute_batch(
                "INSERT INTO main.local_meta (key, value)
                 SELECT key, value FROM src.local_meta WHERE key IN ('device_id', 'created_at');",
            )?;
            tx.commit()?;
        }
        self.conn.execute_batch("DETACH DATABASE src;")?;
        Ok(())
    }

    /// Current, undeleted records per kind (kinds with none left out).
    pub fn counts(&self) -> Result<BTreeMap<String, u64>> {
        let mut counts = BTreeMap::new();
        for kind in RecordKind::ALL {
            let n: i64 =
                self.conn
                    .query_row("SELECT count(*) FROM current WHERE kind = ?1 AND deleted = 0", [kind], |r| r.get(0))?;
            if n > 0 {
                counts.insert(kind.as_str().to_string(), u64::try_from(n).unwrap_or(0));
            }
        }
        Ok(counts)
    }

    /// Versions in the file.
    pub fn version_count(&self) -> Result<u64> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM versions", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The head of the file's audit chain, if it has entries.
    pub fn audit_head(&self) -> Result<Option<String>> {
        audit::head(&self.conn)
    }

    /// Adds `(key, value)` settings to the file's `local_meta` (the manifest and its signature).
    pub fn add_meta(&self, pairs: &[(&str, &str)]) -> Result<()> {
        let mut stmt = self.conn.prepare("INSERT INTO local_meta (key, value) VALUES (?1, ?2)")?;
        for (key, value) in pairs {
            stmt.execute(params![key, value])?;
        }
        Ok(())
    }

    /// SQLite's `quick_check` of the file: `ok` when sound.
    pub fn quick_check(&self) -> Result<String> {
        Ok(self.conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?)
    }
}
