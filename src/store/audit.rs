//! The audit log: one entry per command, chained by SHA-256. Each entry carries the hash of the
//! one before it and a digest of the exact versions its command wrote, so altering an entry, a
//! version, or the order of either breaks the chain at a place [`verify`] can name.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;

use super::canonical::{hex, sha256_hex, to_canonical};
use super::{Result, StoreError};
use crate::domain::{DeviceId, RecordId};

/// The hash the first entry points back to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audit entry as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// When (RFC 3339, UTC, milliseconds).
    pub at: String,
    /// The installation that wrote it.
    pub device_id: DeviceId,
    /// The inspector at the keyboard, if known.
    pub inspector_id: Option<RecordId>,
    /// Stable code, e.g. `receipt.update`.
    pub action: String,
    /// For people, in Chinese.
    pub summary: String,
    /// How many versions the command wrote.
    pub n_versions: i64,
    /// SHA-256 over those versions' envelopes.
    pub versions_sha256: String,
    /// `entry_hash` of the previous entry, or [`GENESIS`].
    pub prev_hash: String,
    /// SHA-256 of this entry's other fields.
    #[serde(skip)]
    pub entry_hash: String,
}

impl AuditEntry {
    fn compute_hash(&self) -> Result<String> {
        Ok(sha256_hex(to_canonical(self)?.as_bytes()))
    }
}

/// The digest of a command's versions, from their envelope lines (in any order: they are sorted).
/// The lines are hashed one by one, each followed by a newline: the SHA-256 of the lines joined,
/// without making the joined text (42 MB for a 100k-row import).
pub fn versions_digest<'a, S: AsRef<str> + ?Sized + 'a>(lines: impl IntoIterator<Item = &'a S>) -> String {
    use sha2::Digest as _;
    let mut sorted: Vec<&str> = lines.into_iter().map(AsRef::as_ref).collect();
    sorted.sort_unstable();
    let mut hasher = sha2::Sha256::new();
    for line in sorted {
        hasher.update(line.as_bytes());
        hasher.update(b"\n");
    }
    hex(&hasher.finalize())
}

/// [`versions_digest`] of lines that come already sorted, made one at a time (none is kept).
pub(crate) fn sorted_lines_digest<E>(lines: impl IntoIterator<Item = Result<String, E>>) -> Result<String, E> {
    use sha2::Digest as _;
    let mut hasher = sha2::Sha256::new();
    for line in lines {
        hasher.update(line?.as_bytes());
        hasher.update(b"\n");
    }
    Ok(hex(&hasher.finalize()))
}

/// Appends `entry`, filling in `prev_hash` and `entry_hash`.
pub(crate) fn append(tx: &Transaction<'_>, mut entry: AuditEntry) -> Result<AuditEntry> {
    entry.prev_hash = head(tx)?.unwrap_or_else(|| GENESIS.to_string());
    entry.entry_hash = entry.compute_hash()?;
    tx.prepare_cached(
        "INSERT INTO audit_log (seq, at, device_id, inspector_id, action, summary, n_versions, versions_sha256, prev_hash, entry_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        entry.seq,
        entry.at,
        entry.device_id,
        entry.inspector_id,
        entry.action,
        entry.summary,
        entry.n_versions,
        entry.versions_sha256,
        entry.prev_hash,
        entry.entry_hash,
    ])?;
    Ok(entry)
}

/// The hash of the newest entry: the head of the chain.
pub(crate) fn head(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?)
}

/// The first place the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    /// The entry's sequence number.
    pub seq: i64,
    /// What is wrong, in Chinese.
    pub reason: String,
}

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// Entries checked.
    pub entries: i64,
    /// Versions checked.
    pub versions: i64,
    /// The head hash, if there are entries.
    pub head: Option<String>,
    /// The first break, if any.
    pub first_break: Option<Break>,
}

/// Walks the chain from the start: recomputes every entry's hash and link, every version's
/// content hash, and every entry's digest of the versions it wrote.
pub(crate) fn verify(conn: &Connection) -> Result<Verification> {
    verify_with(conn, &version_digests(conn)?)
}

/// Per audit entry, the count and digest of the versions it wrote.
pub type Digests = std::collections::HashMap<i64, (i64, String)>;

/// The digests of versions given as `(audit_seq, digest line)`, each line from a version whose
/// content hash the caller has checked (how a merge, which reads every version anyway, avoids
/// reading and hashing them twice).
pub fn digests_of<'a>(lines: impl IntoIterator<Item = (i64, &'a str)>) -> Digests {
    let mut by_seq: std::collections::HashMap<i64, Vec<&str>> = std::collections::HashMap::new();
    for (seq, line) in lines {
        by_seq.entry(seq).or_default().push(line);
    }
    by_seq
        .into_iter()
        .map(|(seq, lines)| (seq, (i64::try_from(lines.len()).unwrap_or(i64::MAX), versions_digest(&lines))))
        .collect()
}

/// [`verify`] with the versions' digests already worked out ([`digests_of`]).
pub(crate) fn verify_with(conn: &Connection, digests: &Digests) -> Result<Verification> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, device_id, inspector_id, action, summary, n_versions, versions_sha256, prev_hash, entry_hash
         FROM audit_log ORDER BY seq",
    )?;
    let mut rows = stmt.query([])?;
    let mut expected_prev = GENESIS.to_string();
    let mut expected_seq = 1i64;
    let mut entries = 0i64;
    let mut first_break = None;
    let mut versions = 0i64;
    while let Some(row) = rows.next()? {
        let entry = AuditEntry {
            seq: row.get(0)?,
            at: row.get(1)?,
            device_id: row.get(2).map_err(|_| StoreError::Corrupt("审计条目设备标识无效".into()))?,
            inspector_id: row.get(3).map_err(|_| StoreError::Corrupt("审计条目检查人员标识无效".into()))?,
            action: row.get(4)?,
            summary: row.get(5)?,
            n_versions: row.get(6)?,
            versions_sha256: row.get(7)?,
            prev_hash: row.get(8)?,
            entry_hash: row.get(9)?,
        };
        entries += 1;
        let (count, digest) = digests.get(&entry.seq).cloned().unwrap_or_else(|| (0, versions_digest(&[] as &[&str])));
        versions += count;
        let reason = if entry.seq != expected_seq {
            Some(format!("序号不连续（应为 {expected_seq}）"))
        } else if entry.prev_hash != expected_prev {
            Some("前一条目的哈希不符（条目被改动、删除或插入）".to_string())
        } else if entry.compute_hash()? != entry.entry_hash {
            Some("条目内容与其哈希不符（条目被改动）".to_string())
        } else if count != entry.n_versions || digest != entry.versions_sha256 {
            Some("该条目记录的数据版本与数据库中的不符（版本被改动、删除或添加）".to_string())
        } else {
            None
        };
        if let Some(reason) = reason {
            first_break = Some(Break { seq: entry.seq, reason });
            break;
        }
        expected_prev = entry.entry_hash.clone();
        expected_seq += 1;
    }
    if first_break.is_none() {
        first_break = orphan_versions(conn, expected_seq - 1)?;
    }
    Ok(Verification { entries, versions, head: head(conn)?, first_break })
}

/// Recomputes, per audit entry, the count and digest of the versions it wrote, checking each
/// version's content hash on the way. A version whose content does not match its hash gets a
/// digest that cannot match.
fn version_digests(conn: &Connection) -> Result<Digests> {
    let mut stmt = conn.prepare(&format!("SELECT {} FROM versions", super::read::VERSION_COLUMNS))?;
    let mut rows = stmt.query([])?;
    let mut lines: std::collections::HashMap<i64, Vec<String>> = std::collections::HashMap::new();
    while let Some(row) = rows.next()? {
        let (seq, version) = match super::read::decode_version(row) {
            Ok(decoded) => decoded,
            Err(bad) => {
                // A field that does not decode was changed: the entry that wrote it cannot match.
                let seq: i64 = row.get(10).map_err(|_| StoreError::Corrupt(format!("版本字段无效：{bad}")))?;
                lines.entry(seq).or_default().push(format!("undecodable:{bad}"));
                continue;
            }
        };
        let mut envelope = version.envelope;
        let actual_hash = sha256_hex(version.content.as_deref().unwrap_or("null").as_bytes());
        if actual_hash != envelope.content_sha256 {
            envelope.content_sha256 = format!("altered:{actual_hash}");
        }
        lines.entry(seq).or_default().push(envelope.digest_line()?);
    }
    Ok(lines
        .into_iter()
        .map(|(seq, lines)| (seq, (i64::try_from(lines.len()).unwrap_or(i64::MAX), versions_digest(&lines))))
        .collect())
}

/// Starts the chain of a database whose versions were all written by one command, `seq` 1 (a plan
/// file, which carries a selection of the lead's records rather than the lead's own history).
pub(crate) fn start_chain(
    tx: &Transaction<'_>,
    at: &str,
    device_id: DeviceId,
    inspector_id: Option<RecordId>,
    action: &str,
    summary: &str,
) -> Result<AuditEntry> {
    let (n_versions, versions_sha256) =
        version_digests(tx)?.remove(&1).unwrap_or_else(|| (0, versions_digest(&[] as &[&str])));
    append(
        tx,
        AuditEntry {
            seq: 1,
            at: at.to_string(),
            device_id,
            inspector_id,
            action: action.to_string(),
            summary: summary.to_string(),
            n_versions,
            versions_sha256,
            prev_hash: String::new(),
            entry_hash: String::new(),
        },
    )
}

/// Versions that claim an audit entry beyond the end of the chain.
fn orphan_versions(conn: &Connection, last_seq: i64) -> Result<Option<Break>> {
    let orphan: Option<i64> = conn
        .query_row("SELECT min(audit_seq) FROM versions WHERE audit_seq > ?1 OR audit_seq < 1", [last_seq], |r| {
            r.get(0)
        })
        .optional()?
        .flatten();
    Ok(orphan.map(|seq| Break { seq, reason: "存在没有审计条目的数据版本".to_string() }))
}

impl super::Store {
    /// The hash of the newest audit entry (the head of the chain), if there is one.
    pub fn audit_head(&self) -> Result<Option<String>> {
        head(&self.conn)
    }

    /// Walks the whole audit chain of this database ([`verify`]): what `daocha audit verify` reports.
    pub fn verify_audit(&self) -> Result<Verification> {
        verify(&self.conn)
    }

    /// The newest audit entry, if there is one.
    pub fn last_audit_entry(&self) -> Result<Option<AuditEntry>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT seq, at, device_id, inspector_id, action, summary, n_versions, versions_sha256, prev_hash, entry_hash
                 FROM audit_log ORDER BY seq DESC LIMIT 1",
            )?
            .query_row([], |row| {
                Ok(AuditEntry {
                    seq: row.get(0)?,
                    at: row.get(1)?,
                    device_id: row.get(2)?,
                    inspector_id: row.get(3)?,
                    action: row.get(4)?,
                    summary: row.get(5)?,
                    n_versions: row.get(6)?,
                    versions_sha256: row.get(7)?,
                    prev_hash: row.get(8)?,
                    entry_hash: row.get(9)?,
                })
            })
            .optional()?)
    }
}
