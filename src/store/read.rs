//! Reading the current state: typed lists and lookups over the `current` table, and the history
//! of one record.

use rusqlite::{OptionalExtension, params};

use super::{Result, Store, StoreError};
use crate::domain::records::{Record, RecordKind};
use crate::domain::{Id, RecordId, VersionId};

/// A record as currently shown: its id, the version shown, how many heads it has (more than one
/// is a conflict waiting for the team lead) and its content.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored<T> {
    /// The record.
    pub id: Id<T>,
    /// The version shown (what an edit must name as its base).
    pub version_id: VersionId,
    /// Number of head versions; 1 unless merged edits conflict.
    pub n_heads: u32,
    /// The content.
    pub value: T,
}

/// A head version of a record, as read for checks of who vouches for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// The record.
    pub record_id: RecordId,
    /// The version.
    pub version_id: VersionId,
    /// Its author.
    pub author_id: Option<RecordId>,
    /// Its content (`None`: a tombstone).
    pub content: Option<String>,
    /// The statement that vouches for it.
    pub attestation_id: Option<String>,
}

/// One version as stored: its envelope, content and the statement that vouches for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredVersion {
    /// The envelope.
    pub envelope: super::write::Envelope,
    /// The content (`None`: a tombstone).
    pub content: Option<String>,
    /// The statement.
    pub attestation_id: Option<String>,
}

/// One version in a record's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionInfo {
    /// The version.
    pub version_id: VersionId,
    /// What it replaced.
    pub supersedes: Vec<VersionId>,
    /// Who wrote it.
    pub author_id: Option<RecordId>,
    /// When.
    pub created_at: String,
    /// Canonical JSON content; `None` for a deletion.
    pub content: Option<String>,
    /// Whether it is a head now.
    pub is_head: bool,
}

/// The columns every read of whole versions selects, in the order [`decode_version`] reads them.
pub(crate) const VERSION_COLUMNS: &str = "version_id, record_id, kind, scope_id, supersedes, author_id, device_id, \
     created_at, content, content_sha256, audit_seq, attestation_id";

/// A `versions` row that does not decode: which version (as far as it could be read) and which
/// field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("版本 {version} 的{field}无效")]
pub struct BadVersion {
    /// The version id, as text (or a placeholder when that column itself is unreadable).
    pub version: String,
    /// The field, in Chinese.
    pub field: &'static str,
}

/// Decodes one row selected as [`VERSION_COLUMNS`]: the version and the audit entry that wrote
/// it. The one decoder of `versions` rows, for this database's reads, the audit check and the
/// check of an incoming file alike. Each column must have its stored type (a number where text
/// belongs is as bad as text that does not parse).
pub(crate) fn decode_version(row: &rusqlite::Row<'_>) -> std::result::Result<(i64, StoredVersion), BadVersion> {
    let version: Option<VersionId> = row.get(0).ok();
    let label = match version {
        Some(v) => v.to_string(),
        None => row.get::<_, String>(0).unwrap_or_else(|_| "（版本号不可读）".to_string()),
    };
    let bad = |field: &'static str| BadVersion { version: label.clone(), field };
    let text = |i: usize, field: &'static str| row.get::<_, String>(i).map_err(|_| bad(field));
    let opt_text = |i: usize, field: &'static str| row.get::<_, Option<String>>(i).map_err(|_| bad(field));
    let envelope = super::write::Envelope {
        version_id: version.ok_or_else(|| bad("版本号"))?,
        record_id: row.get(1).map_err(|_| bad("记录号"))?,
        kind: row.get(2).map_err(|_| bad("记录类型"))?,
        scope_id: row.get(3).map_err(|_| bad("所属检查"))?,
        supersedes: serde_json::from_str(&text(4, "前序版本")?).map_err(|_| bad("前序版本"))?,
        author_id: row.get(5).map_err(|_| bad("作者"))?,
        device_id: row.get(6).map_err(|_| bad("设备号"))?,
        created_at: text(7, "时间")?,
        content_sha256: row.get::<_, super::sql::Sha256>(9).map_err(|_| bad("内容哈希"))?.0,
    };
    let content = opt_text(8, "内容")?;
    let audit_seq: i64 = row.get(10).map_err(|_| bad("审计序号"))?;
    let attestation_id = opt_text(11, "签名声明")?;
    Ok((audit_seq, StoredVersion { envelope, content, attestation_id }))
}

impl Store {
    /// The current, undeleted record `id`, or `None`.
    pub fn get<T: Record>(&self, id: Id<T>) -> Result<Option<Stored<T>>> {
        let row: Option<(VersionId, i64, String)> = self
            .conn
            .prepare_cached(
                "SELECT c.version_id, c.n_heads, v.content FROM current c JOIN versions v ON v.version_id = c.version_id
                 WHERE c.record_id = ?1 AND c.kind = ?2 AND c.deleted = 0",
            )?
            .query_row(params![id, T::KIND], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        row.map(|(version, n_heads, content)| stored(id.untyped(), version, n_heads, &content)).transpose()
    }

    /// Like [`Store::get`], but a missing record is an error.
    pub fn require<T: Record>(&self, id: Id<T>) -> Result<Stored<T>> {
        self.get(id)?.ok_or_else(|| StoreError::NotFound(format!("{} {}", T::KIND.label(), id)))
    }

    /// All current, undeleted records of kind `T`, in id (creation) order.
    pub fn list<T: Record>(&self) -> Result<Vec<Stored<T>>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.record_id, c.version_id, c.n_heads, v.content FROM current c JOIN versions v ON v.version_id = c.version_id
             WHERE c.kind = ?1 AND c.deleted = 0 ORDER BY c.record_id",
        )?;
        collect_stored(stmt.query([T::KIND])?)
    }

    /// The current, undeleted records of kind `T` that belong to inspection `scope`.
    pub fn list_in<T: Record, S>(&self, scope: Id<S>) -> Result<Vec<Stored<T>>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.record_id, c.version_id, c.n_heads, v.content FROM current c JOIN versions v ON v.version_id = c.version_id
             WHERE c.kind = ?1 AND c.scope_id = ?2 AND c.deleted = 0 ORDER BY c.record_id",
        )?;
        collect_stored(stmt.query(params![T::KIND, scope])?)
    }

    /// How many current, undeleted records of `kind` belong to `scope`.
    pub fn count_in<S>(&self, kind: RecordKind, scope: Id<S>) -> Result<u64> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM current WHERE kind = ?1 AND scope_id = ?2 AND deleted = 0")?
            .query_row(params![kind, scope], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// How many live records of `kind` there are, whatever their scope (the campaign's registers,
    /// which belong to no inspection).
    pub fn count_of(&self, kind: RecordKind) -> Result<u64> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM current WHERE kind = ?1 AND deleted = 0")?
            .query_row(params![kind], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Every version of a record, oldest first.
    pub fn history(&self, record_id: RecordId) -> Result<Vec<VersionInfo>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT v.version_id, v.supersedes, v.author_id, v.created_at, v.content,
                    v.version_id = (SELECT c.version_id FROM current c WHERE c.record_id = ?1)
                    OR EXISTS (SELECT 1 FROM heads h WHERE h.record_id = ?1 AND h.version_id = v.version_id)
             FROM versions v WHERE v.record_id = ?1 ORDER BY v.created_at, v.version_id",
        )?;
        let rows = stmt.query_map([record_id], |r| {
            Ok((
                r.get::<_, VersionId>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<RecordId>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, bool>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (version_id, supersedes, author_id, created_at, content, is_head) = row?;
            let supersedes: Vec<VersionId> = serde_json::from_str(&supersedes)?;
            out.push(VersionInfo { version_id, supersedes, author_id, created_at, content, is_head });
        }
        Ok(out)
    }

    /// The content of one version (`None` for a tombstone or an unknown version).
    pub fn version_content(&self, version_id: VersionId) -> Result<Option<serde_json::Value>> {
        let content: Option<Option<String>> = self
            .conn
            .prepare_cached("SELECT content FROM versions WHERE version_id = ?1")?
            .query_row([version_id], |r| r.get(0))
            .optional()?;
        Ok(content.flatten().map(|text| serde_json::from_str(&text)).transpose()?)
    }

    /// Number of versions in the store (all kinds).
    pub fn version_count(&self) -> Result<u64> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM versions", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Every head version of every record of `kind` (deleted or not, several for a conflict),
    /// with the statement that vouches for it: the version each shows, and the other heads of
    /// those in conflict.
    pub fn heads_of_kind(&self, kind: RecordKind) -> Result<Vec<Head>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT v.record_id, v.version_id, v.author_id, v.content, v.attestation_id
             FROM current c JOIN versions v ON v.version_id = c.version_id WHERE c.kind = ?1
             UNION ALL
             SELECT v.record_id, v.version_id, v.author_id, v.content, v.attestation_id
             FROM current c JOIN heads h ON h.record_id = c.record_id AND h.version_id != c.version_id
                 JOIN versions v ON v.version_id = h.version_id
             WHERE c.kind = ?1
             ORDER BY 1, 2",
        )?;
        let rows = stmt.query_map([kind], |r| {
            Ok(Head {
                record_id: r.get(0)?,
                version_id: r.get(1)?,
                author_id: r.get(2)?,
                content: r.get(3)?,
                attestation_id: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One version's envelope, content and statement, if this database has it.
    pub fn version_row(&self, version_id: VersionId) -> Result<Option<StoredVersion>> {
        let mut stmt =
            self.conn.prepare_cached(&format!("SELECT {VERSION_COLUMNS} FROM versions WHERE version_id = ?1"))?;
        let mut rows = stmt.query([version_id])?;
        let Some(row) = rows.next()? else { return Ok(None) };
        let (_, version) = decode_version(row).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok(Some(version))
    }

    /// The statement `attestation_id`, if this database has it.
    pub fn attestation(&self, attestation_id: &str) -> Result<Option<super::attest::Attestation>> {
        let row: Option<(String, Option<String>, Option<String>)> = self
            .conn
            .prepare_cached("SELECT statement, public_key, signature FROM attestations WHERE attestation_id = ?1")?
            .query_row([attestation_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        row.map(|(text, public_key, signature)| {
            let statement = serde_json::from_str(&text)
                .map_err(|e| StoreError::Corrupt(format!("签名声明 {attestation_id} 格式不符（{e}）")))?;
            Ok(super::attest::Attestation { statement, text, public_key, signature })
        })
        .transpose()
    }

    /// The statement of the version a record currently shows.
    pub fn attestation_of_current(&self, record_id: RecordId) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT v.attestation_id FROM current c JOIN versions v ON v.version_id = c.version_id WHERE c.record_id = ?1",
            )?
            .query_row([record_id], |r| r.get::<_, Option<String>>(0))
            .optional()?
            .flatten())
    }

    /// Statements still unsigned on this laptop.
    pub fn unsigned_statements(&self) -> Result<Vec<super::attest::Attestation>> {
        super::attest::pending(&self.conn)
    }

    /// The inspectors whose sealed keys this laptop holds, with their public keys (hex).
    pub fn local_keys(&self) -> Result<Vec<(Id<crate::domain::Inspector>, String)>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT inspector_id, public_key FROM local_keys ORDER BY inspector_id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Number of audit entries.
    pub fn audit_count(&self) -> Result<u64> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}

/// Decodes rows of `record_id, version_id, n_heads, content`, each content parsed where SQLite
/// holds it (no copy of 100k records' JSON into strings of their own first).
fn collect_stored<T: Record>(mut rows: rusqlite::Rows<'_>) -> Result<Vec<Stored<T>>> {
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let record_id: RecordId = row.get(0)?;
        let content = row
            .get_ref(3)?
            .as_str()
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, Box::new(e)))?;
        out.push(stored(record_id, row.get(1)?, row.get(2)?, content)?);
    }
    // A list grows by doubling: 100k records would keep room for 131k (a 100k-row ledger's
    // list held 7.9 MB it never used). Lists are kept as read (the analysis holds the
    // inspection's material while the window is open), so at their length.
    out.shrink_to_fit();
    Ok(out)
}

fn stored<T: Record>(record_id: RecordId, version_id: VersionId, n_heads: i64, content: &str) -> Result<Stored<T>> {
    let value: T = serde_json::from_str(content)
        .map_err(|e| StoreError::Corrupt(format!("{} {} 的内容无法读取（{e}）", T::KIND.label(), record_id)))?;
    Ok(Stored { id: record_id.typed(), version_id, n_heads: u32::try_from(n_heads).unwrap_or(u32::MAX), value })
}
