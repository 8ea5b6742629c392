//! What the team lead's merge asks of the team database and writes into it besides versions:
//! which of a file's versions, records and statements are known here already, who wrote the
//! versions a file replaces, the records in conflict, the merge history (`merge_log`), and the
//! canonical listing `daocha dump` prints. The merge itself (what to admit, in which order) is
//! `crate::merge`'s; it speaks to the database only through these.

use std::collections::{HashMap, HashSet};

use rusqlite::ToSql;
use rusqlite::types::FromSql;
use serde::Serialize;

use super::{Result, Store, Writer};
use crate::domain::records::RecordKind;
use crate::domain::{RecordId, VersionId};

/// Keys asked for at a time in one `IN (…)` list.
const CHUNK: usize = 500;

/// One row of the merge history (the team lead's provenance of every file merged).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogEntry {
    /// When merged.
    pub merged_at: String,
    /// File name.
    pub file_name: String,
    /// SHA-256.
    pub file_sha256: String,
    /// merged / duplicate / rejected.
    pub status: String,
    /// Why.
    pub reason: String,
    /// The exporting inspector.
    pub inspector_name: Option<String>,
    /// Their device.
    pub device_id: Option<String>,
    /// When exported.
    pub exported_at: Option<String>,
    /// Versions in the file.
    pub versions_in_file: i64,
    /// Versions added.
    pub new_versions: i64,
    /// Conflicts left.
    pub conflicts: i64,
}

/// A head version of a record in conflict (one of its several heads).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictHead {
    /// The record.
    pub record_id: RecordId,
    /// Its kind.
    pub kind: RecordKind,
    /// The head version.
    pub version_id: VersionId,
    /// Who wrote it.
    pub author_id: Option<RecordId>,
    /// When (RFC 3339).
    pub created_at: String,
    /// Its content (`None`: a deletion).
    pub content: Option<String>,
}

/// A record as `daocha dump` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DumpRecord {
    /// The record.
    pub record_id: RecordId,
    /// Its kind.
    pub kind: RecordKind,
    /// Its inspection.
    pub scope_id: Option<RecordId>,
    /// The version shown.
    pub shown_version: VersionId,
    /// Deleted (a tombstone shown).
    pub deleted: bool,
    /// Every head, in id order.
    pub heads: Vec<VersionId>,
    /// The content shown.
    pub content: Option<String>,
}

const LOG_INSERT: &str = "INSERT INTO merge_log (merged_at, file_name, file_sha256, status, reason, inspector_name, device_id, exported_at, versions_in_file, new_versions, conflicts)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

fn log_params(entry: &LogEntry) -> [&dyn ToSql; 11] {
    [
        &entry.merged_at,
        &entry.file_name,
        &entry.file_sha256,
        &entry.status,
        &entry.reason,
        &entry.inspector_name,
        &entry.device_id,
        &entry.exported_at,
        &entry.versions_in_file,
        &entry.new_versions,
        &entry.conflicts,
    ]
}

impl Store {
    /// `query` (`SELECT key, value … WHERE column IN`) for every key, asked [`CHUNK`] at a time.
    fn lookup<K: ToSql, A: FromSql + Eq + std::hash::Hash, B: FromSql>(
        &self,
        query: &str,
        keys: &[K],
    ) -> Result<HashMap<A, B>> {
        let mut found = HashMap::new();
        for chunk in keys.chunks(CHUNK) {
            let placeholders = vec!["?"; chunk.len()].join(",");
            let mut stmt = self.conn.prepare_cached(&format!("{query} ({placeholders})"))?;
            let rows = stmt.query_map(rusqlite::params_from_iter(chunk.iter()), |r| Ok((r.get(0)?, r.get(1)?)))?;
            for row in rows {
                let (key, value) = row?;
                found.insert(key, value);
            }
        }
        Ok(found)
    }

    /// Which of `versions` this database holds.
    pub fn known_versions(&self, versions: &[VersionId]) -> Result<HashSet<VersionId>> {
        let found: HashMap<VersionId, i64> =
            self.lookup("SELECT version_id, 1 FROM versions WHERE version_id IN", versions)?;
        Ok(found.into_keys().collect())
    }

    /// The kind of each of `records` this database holds.
    pub fn kinds_of(&self, records: &[RecordId]) -> Result<HashMap<RecordId, RecordKind>> {
        self.lookup("SELECT record_id, kind FROM current WHERE record_id IN", records)
    }

    /// The signature (hex; `None` while unsigned) of each of the statements `attestation_ids`
    /// this database holds.
    pub fn signatures_of(&self, attestation_ids: &[String]) -> Result<HashMap<String, Option<String>>> {
        self.lookup("SELECT attestation_id, signature FROM attestations WHERE attestation_id IN", attestation_ids)
    }

    /// The author of each of `versions` this database holds.
    pub fn authors_of(&self, versions: &[VersionId]) -> Result<HashMap<VersionId, Option<RecordId>>> {
        self.lookup("SELECT version_id, author_id FROM versions WHERE version_id IN", versions)
    }

    /// The heads of every record with more than one, by record, then time and version.
    pub fn conflict_heads(&self) -> Result<Vec<ConflictHead>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.record_id, c.kind, v.version_id, v.author_id, v.created_at, v.content
             FROM current c JOIN heads h ON h.record_id = c.record_id JOIN versions v ON v.version_id = h.version_id
             WHERE c.n_heads > 1 ORDER BY c.record_id, v.created_at, v.version_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ConflictHead {
                record_id: r.get(0)?,
                kind: r.get(1)?,
                version_id: r.get(2)?,
                author_id: r.get(3)?,
                created_at: r.get(4)?,
                content: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every record with the version it shows and its heads, in record id order.
    pub fn dump_records(&self) -> Result<Vec<DumpRecord>> {
        let mut stmt = self.conn.prepare(
            "SELECT c.record_id, c.kind, c.scope_id, c.version_id, c.deleted, v.content, c.n_heads
             FROM current c JOIN versions v ON v.version_id = c.version_id
             ORDER BY c.record_id",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let record_id: RecordId = row.get(0)?;
            let shown_version: VersionId = row.get(3)?;
            let n_heads: i64 = row.get(6)?;
            let heads = if n_heads > 1 { super::write::heads_of(&self.conn, record_id)? } else { vec![shown_version] };
            out.push(DumpRecord {
                record_id,
                kind: row.get(1)?,
                scope_id: row.get(2)?,
                shown_version,
                deleted: row.get(4)?,
                heads,
                content: row.get(5)?,
            });
        }
        Ok(out)
    }

    /// Every version id with its content hash, in id order.
    pub fn version_hashes(&self) -> Result<Vec<(VersionId, String)>> {
        let mut stmt = self.conn.prepare("SELECT version_id, content_sha256 FROM versions ORDER BY version_id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, super::sql::Sha256>(1)?.0)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The hashes of every attachment stored, in order.
    pub fn blob_hashes(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("SELECT sha256 FROM blobs ORDER BY sha256")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Adds a line to the merge history on its own (a file that brought nothing new).
    pub fn log_merge(&self, entry: &LogEntry) -> Result<()> {
        self.conn.prepare_cached(LOG_INSERT)?.execute(log_params(entry).as_slice())?;
        Ok(())
    }

    /// The merge history, newest first.
    pub fn merge_history(&self) -> Result<Vec<LogEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT merged_at, file_name, file_sha256, status, reason, inspector_name, device_id, exported_at, versions_in_file, new_versions, conflicts
             FROM merge_log ORDER BY seq DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(LogEntry {
                merged_at: r.get(0)?,
                file_name: r.get(1)?,
                file_sha256: r.get(2)?,
                status: r.get(3)?,
                reason: r.get(4)?,
                inspector_name: r.get(5)?,
                device_id: r.get(6)?,
                exported_at: r.get(7)?,
                versions_in_file: r.get(8)?,
                new_versions: r.get(9)?,
                conflicts: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Writer<'_> {
    /// Adds a line to the merge history inside the merge's own transaction: both are kept, or
    /// neither.
    pub fn log_merge(&mut self, entry: &LogEntry) -> Result<()> {
        self.tx.prepare_cached(LOG_INSERT)?.execute(log_params(entry).as_slice())?;
        Ok(())
    }
}
