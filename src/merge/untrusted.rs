//! Every incoming file is untrusted. It is sized first (a file that cannot be an export is refused
//! without being read), then read into memory and opened there, read-only, with SQLite's
//! hardening for untrusted files (defensive mode, untrusted schema, no triggers or views,
//! cell-size checks, limits), and checked before anything of it reaches the team database:
//! SQLite's own checks, the application id, the export format and schema version, a schema
//! exactly daocha's, the signed manifest, the audit chain, every value of every version (the same
//! validation as a local write, and stricter: no field the record does not have), and the signed
//! statements every version must be vouched for by. What needs the team database — whether the
//! signing keys are on the roster — is checked by the merge (`mod.rs`).
//!
//! A file of a schema before this build's (exported by a laptop not yet updated: schema 5 or 6)
//! is checked to have exactly that schema, migrated on its copy in memory (opened writable for
//! that, the file itself untouched) and then checked as any other.

use std::path::Path;

use super::export::{FORMAT_VERSION, MANIFEST_KEY, Manifest, SIGNATURE_KEY};
use crate::domain::records::{RecordKind, TeamMember, checked_content};
use crate::domain::{RecordId, VersionId};
use crate::keys;
use crate::store::attest::{self, Attestation, Statement};
use crate::store::canonical::{is_sha256_of, sha256_hex, to_canonical};
use crate::store::foreign::ForeignFile;
use crate::store::write::VersionRow;
use crate::store::{StoredVersion, audit, schema};

/// The largest content of one version accepted (bytes).
pub const MAX_CONTENT: usize = 1 << 20;
/// The largest attachment accepted (bytes).
pub const MAX_BLOB: usize = 64 << 20;
/// The largest file accepted (bytes): refused from its size alone, before it is read.
pub const MAX_FILE: u64 = 2 << 30;
/// The earliest year a version may say it was written in.
const FIRST_YEAR: i32 = 2000;

/// A checked incoming file.
#[derive(Debug)]
pub struct Incoming {
    /// SHA-256 of the file's bytes.
    pub file_sha256: String,
    /// Its manifest (signature verified).
    pub manifest: Manifest,
    /// Its versions, checked, ready to insert.
    pub versions: Vec<VersionRow>,
    /// Its attachments, checked against their hashes; only those a record of the file refers to.
    pub blobs: Vec<(String, Vec<u8>)>,
    /// The statements that vouch for its versions, each signature checked.
    pub attestations: Vec<Attestation>,
    /// The roster entries it carries (head versions), with the key that signed each.
    pub members: Vec<(RecordId, TeamMember, Option<String>)>,
}

/// Why a file was rejected (Chinese, for the team lead).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Rejection(pub String);

fn reject<T>(reason: impl Into<String>) -> Result<T, Rejection> {
    Err(Rejection(reason.into()))
}

/// Reads and checks the file at `path`. The file is read once into memory and SQLite works on
/// that copy (an in-memory database, read-only; writable for a file of an earlier schema, which
/// is migrated there): the original is never opened by SQLite, and no temporary file is written.
pub fn read_untrusted(path: &Path) -> Result<Incoming, Rejection> {
    let size =
        std::fs::metadata(path).map_err(|e| Rejection(format!("无法读取文件：{}", crate::io_text::reason(&e))))?.len();
    if size > MAX_FILE {
        return reject(format!(
            "文件过大（{:.1} GB），不可能是倒查导出文件（上限 {} GB）：文件未被读取",
            size as f64 / f64::from(1u32 << 30),
            MAX_FILE >> 30
        ));
    }
    let mut bytes =
        std::fs::read(path).map_err(|e| Rejection(format!("无法读取文件：{}", crate::io_text::reason(&e))))?;
    if bytes.is_empty() {
        return reject("文件为空");
    }
    if !bytes.starts_with(b"SQLite format 3\0") || bytes.len() < 100 {
        return reject("不是倒查导出文件（不是 SQLite 数据库）");
    }
    let file_sha256 = sha256_hex(&bytes);
    // A WAL-mode header (file format 2) cannot be read from memory; the copy says "rollback
    // journal" (1) instead, which changes nothing of the content.
    bytes[18] = 1;
    bytes[19] = 1;
    let version = header_user_version(&bytes);
    let conn = if EARLIER_VERSIONS.contains(&version) {
        let mut conn = ForeignFile::open_writable(&bytes, MAX_BLOB + 1024).map_err(unreadable)?;
        drop(bytes);
        upgrade(&mut conn, version)?;
        conn
    } else {
        let conn = open_hardened(&bytes)?;
        drop(bytes);
        conn
    };
    let incoming = check(&conn, file_sha256);
    drop(conn);
    incoming
}

/// What a file says of itself and who signed it (the manifest, its signature checked), without
/// the rest of the checks: shown to an inspector who compares the lead's fingerprint before their
/// laptop joins the team.
pub fn peek_manifest(path: &Path) -> Result<Manifest, Rejection> {
    let size =
        std::fs::metadata(path).map_err(|e| Rejection(format!("无法读取文件：{}", crate::io_text::reason(&e))))?.len();
    if size > MAX_FILE {
        return reject("文件过大，不可能是倒查导出文件");
    }
    let mut bytes =
        std::fs::read(path).map_err(|e| Rejection(format!("无法读取文件：{}", crate::io_text::reason(&e))))?;
    if !bytes.starts_with(b"SQLite format 3\0") || bytes.len() < 100 {
        return reject("不是倒查导出文件（不是 SQLite 数据库）");
    }
    bytes[18] = 1;
    bytes[19] = 1;
    let conn = open_hardened(&bytes)?;
    format_version(&conn)?;
    manifest(&conn)
}

/// The schema versions before this build's of files exported by laptops not yet updated, merged
/// after migrating a copy in memory. Older ones are refused (their format lacks statements).
const EARLIER_VERSIONS: std::ops::Range<u32> = schema::EARLIEST_MERGED as u32..schema::MIGRATIONS.len() as u32;

/// `PRAGMA user_version` as the file's header holds it (bytes 60–63, big-endian).
fn header_user_version(bytes: &[u8]) -> u32 {
    bytes.get(60..64).map_or(0, |b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

/// Brings a file of one of [`EARLIER_VERSIONS`], `version` (a daocha file, sound, with exactly
/// that version's schema) to this build's schema, on the copy in memory; the checks of [`check`]
/// follow as for any file.
fn upgrade(conn: &mut ForeignFile, version: u32) -> Result<(), Rejection> {
    if conn.application_id().map_err(unreadable)? != schema::APPLICATION_ID {
        return reject("不是倒查数据库（application_id 不符）");
    }
    let quick = conn.quick_check().map_err(unreadable)?;
    if quick != ["ok"] {
        return reject(format!("SQLite 完整性检查未通过：{}", quick.join("；")));
    }
    let expected =
        schema::expected_schema_at(version as usize).map_err(|e| Rejection(format!("文件损坏或不可读（{e}）")))?;
    same_schema(&conn.schema().map_err(unreadable)?, &expected)?;
    conn.upgrade().map_err(unreadable)
}

/// Refuses a schema other than `expected`, naming what differs.
fn same_schema(schema_rows: &[schema::SchemaRow], expected: &[schema::SchemaRow]) -> Result<(), Rejection> {
    if schema_rows != expected {
        let extra: Vec<String> =
            schema_rows.iter().filter(|r| !expected.contains(r)).map(|r| format!("{} {}", r.0, r.1)).collect();
        let missing: Vec<String> =
            expected.iter().filter(|r| !schema_rows.contains(r)).map(|r| format!("{} {}", r.0, r.1)).collect();
        return reject(format!(
            "数据库结构与倒查不符（多出或被改动：{}；缺少：{}）",
            if extra.is_empty() { "无".into() } else { extra.join("、") },
            if missing.is_empty() { "无".into() } else { missing.join("、") }
        ));
    }
    Ok(())
}

fn open_hardened(bytes: &[u8]) -> Result<ForeignFile, Rejection> {
    ForeignFile::open(bytes, MAX_BLOB + 1024).map_err(unreadable)
}

fn unreadable(e: crate::store::foreign::Unreadable) -> Rejection {
    Rejection(e.0)
}

fn check(conn: &ForeignFile, file_sha256: String) -> Result<Incoming, Rejection> {
    if conn.application_id().map_err(unreadable)? != schema::APPLICATION_ID {
        return reject("不是倒查数据库（application_id 不符）");
    }
    format_version(conn)?;
    let version = conn.user_version().map_err(unreadable)?;
    let ours = i64::try_from(schema::MIGRATIONS.len()).unwrap_or(0);
    if version != ours {
        return reject(format!(
            "数据库版本不同（文件为第 {version} 版，本程序为第 {ours} 版），请双方使用同一版本的倒查后重新导出"
        ));
    }
    let quick = conn.quick_check().map_err(unreadable)?;
    if quick != ["ok"] {
        return reject(format!("SQLite 完整性检查未通过：{}", quick.join("；")));
    }
    same_schema(&conn.schema().map_err(unreadable)?, expected_schema()?)?;
    if let Some(table) = conn.foreign_key_violation().map_err(unreadable)? {
        return reject(format!("外键检查未通过（表 {table}）"));
    }
    let manifest = manifest(conn)?;
    // Every version's own checks first (they name the version), then the chain over them all.
    let (seqs, versions) = versions(conn, &manifest)?;
    // The versions were read, hashed and rendered just now: the chain check reuses their lines.
    let digests = audit::digests_of(seqs.iter().zip(&versions).map(|(seq, row)| (*seq, row.digest_line())));
    let chain = conn.verify_audit(&digests).map_err(unreadable)?;
    if let Some(broken) = chain.first_break {
        return reject(format!("审计链在第 {} 条断裂：{}", broken.seq, broken.reason));
    }
    if chain.head.unwrap_or_else(|| audit::GENESIS.to_string()) != manifest.audit_head {
        return reject("清单中的审计链头与文件内容不符");
    }
    if versions.len() as u64 != manifest.versions {
        return reject("清单中的版本数与文件内容不符");
    }
    let attestations = attestations(conn, &versions, &seqs, &digests)?;
    let members = members(&versions, &attestations);
    let blobs = blobs(conn, &versions)?;
    Ok(Incoming { file_sha256, manifest, versions, blobs, attestations, members })
}

/// This build's schema, as every file must have it: worked out once (it is made by running the
/// migrations on an empty database) and kept for every file checked after.
fn expected_schema() -> Result<&'static [schema::SchemaRow], Rejection> {
    static EXPECTED: std::sync::OnceLock<Vec<schema::SchemaRow>> = std::sync::OnceLock::new();
    if let Some(rows) = EXPECTED.get() {
        return Ok(rows);
    }
    let rows = schema::expected_schema().map_err(|e| Rejection(format!("文件损坏或不可读（{e}）")))?;
    Ok(EXPECTED.get_or_init(|| rows))
}

/// The export format, read before anything else so that a file of another build is told apart
/// from a damaged one.
fn format_version(conn: &ForeignFile) -> Result<(), Rejection> {
    let text = conn.meta(MANIFEST_KEY).map_err(unreadable)?;
    let Some(text) = text else { return reject("缺少导出清单：这不是用“导出”功能生成的文件") };
    let version = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("format_version").and_then(serde_json::Value::as_u64));
    match version {
        Some(v) if v == u64::from(FORMAT_VERSION) => Ok(()),
        Some(v) if v < u64::from(FORMAT_VERSION) => reject(format!(
            "文件由较早版本的倒查导出（导出格式第 {v} 版，本程序只接受第 {FORMAT_VERSION} 版：自第 {FORMAT_VERSION} 版起每个版本都带签名声明）。请检查人员安装与组长相同版本的倒查，打开原数据库后重新导出"
        )),
        Some(v) => reject(format!(
            "文件由较新版本的倒查导出（导出格式第 {v} 版，本程序只认识第 {FORMAT_VERSION} 版）。请组长升级倒查后再合并"
        )),
        None => reject("导出清单格式不符（没有格式版本）"),
    }
}

fn manifest(conn: &ForeignFile) -> Result<Manifest, Rejection> {
    let get = |key: &str| -> Result<String, Rejection> {
        conn.meta(key)
            .map_err(unreadable)?
            .ok_or_else(|| Rejection("缺少导出清单：这不是用“导出”功能生成的文件".into()))
    };
    let text = get(MANIFEST_KEY)?;
    let signature = get(SIGNATURE_KEY)?;
    let manifest: Manifest = serde_json::from_str(&text).map_err(|e| Rejection(format!("导出清单格式不符（{e}）")))?;
    if manifest.format != "daocha-export" {
        return reject("导出清单格式不符");
    }
    let canonical = to_canonical(&manifest).map_err(|e| Rejection(e.to_string()))?;
    if canonical != text {
        return reject("导出清单不是规范格式（可能被改动）");
    }
    if !keys::verify(&manifest.public_key, text.as_bytes(), &signature) {
        return reject(format!("导出清单的签名无效（声称由 {} 签名）：文件可能被伪造或改动", manifest.inspector_name));
    }
    Ok(manifest)
}

/// Every version with the audit entry that wrote it, checked and ready to insert. Each version's
/// own checks (its time, hash, content, scope) need nothing of the others and run on two threads;
/// what needs them all (one kind and one first version per record, a statement named) follows in
/// the versions' order, so a file with several faults is refused for the same one as ever.
/// Returns the versions' audit entries and the versions, in the same order (two lists, so the rows
/// are not moved again to be told apart from their entries).
fn versions(conn: &ForeignFile, manifest: &Manifest) -> Result<(Vec<i64>, Vec<VersionRow>), Rejection> {
    let mut rows = conn.versions().map_err(unreadable)?;
    // Versions may not claim to be written after the file was exported (a year 9999 would always
    // win "latest" in a conflict), nor before the program existed.
    let latest = chrono::DateTime::parse_from_rfc3339(&manifest.exported_at)
        .map_err(|_| Rejection("导出清单中的导出时间无效".into()))?
        .with_timezone(&chrono::Utc)
        + chrono::Duration::days(1);
    let second_half = rows.split_off(rows.len() / 2);
    let (first, second) = std::thread::scope(|scope| {
        let second = scope.spawn(move || second_half.into_iter().map(|row| check_version(row, latest)).collect());
        let first: Vec<Checked> = rows.into_iter().map(|row| check_version(row, latest)).collect();
        // A panic on the other thread is the caller's to catch, as one on this thread would be.
        let second: Vec<Checked> = second.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (first, second)
    });
    let mut kinds: std::collections::HashMap<RecordId, RecordKind> = std::collections::HashMap::new();
    let mut roots: std::collections::HashSet<RecordId> = std::collections::HashSet::new();
    let mut seqs = Vec::with_capacity(first.len() + second.len());
    let mut out = Vec::with_capacity(first.len() + second.len());
    for checked in first.into_iter().chain(second) {
        let CheckedVersion { seq, record_id, kind, root, attestation_id, version_id, row } = checked?;
        // One kind per record, and one first version per record.
        if let Some(earlier) = kinds.insert(record_id, kind)
            && earlier != kind
        {
            return Err(Rejection(format!(
                "记录 {} 的版本类型不一致（{} 与 {}）：文件被改动",
                record_id,
                earlier.label(),
                kind.label()
            )));
        }
        if root && !roots.insert(record_id) {
            return Err(Rejection(format!("记录 {record_id} 有两个起始版本：文件被改动")));
        }
        let attestation_id = attestation_id.ok_or_else(|| {
            Rejection(format!("版本 {} 没有签名声明：无法确认由谁写入（请用当前版本的倒查重新导出）", version_id))
        })?;
        let row = row.map_err(|e| Rejection(format!("版本 {version_id} 无法读取（{e}）")))?;
        seqs.push(seq);
        out.push(row.attested_by(attestation_id));
    }
    Ok((seqs, out))
}

/// A version that passed its own checks, with what the checks across versions need of it.
struct CheckedVersion {
    seq: i64,
    record_id: RecordId,
    kind: RecordKind,
    /// A first version (it supersedes nothing).
    root: bool,
    attestation_id: Option<String>,
    /// Its id (written out only in a refusal).
    version_id: VersionId,
    /// Its row, or why the row could not be made.
    row: Result<VersionRow, crate::store::StoreError>,
}

type Checked = Result<CheckedVersion, Rejection>;

/// One version's own checks: its time, its content's size, hash, shape and scope, and that a
/// signed sheet is never edited or deleted.
fn check_version(
    row: Result<(i64, StoredVersion), crate::store::BadVersion>,
    latest: chrono::DateTime<chrono::Utc>,
) -> Checked {
    let (seq, StoredVersion { envelope, content, attestation_id }) = row.map_err(|bad| Rejection(bad.to_string()))?;
    // Written out only when the version is refused: a merge checks 15,000 versions a file.
    let version = envelope.version_id;
    let bad = |what: &str| Rejection(format!("版本 {version} 的{what}无效"));
    if content.as_ref().is_some_and(|c| c.len() > MAX_CONTENT) {
        return Err(bad("内容过长"));
    }
    let created = chrono::DateTime::parse_from_rfc3339(&envelope.created_at).map_err(|_| bad("时间"))?;
    if created > latest || chrono::Datelike::year(&created) < FIRST_YEAR {
        return Err(Rejection(format!(
            "版本 {version} 的时间“{}”不可信（晚于导出时间或早于 {FIRST_YEAR} 年）",
            envelope.created_at
        )));
    }
    if !is_sha256_of(&envelope.content_sha256, content.as_deref().unwrap_or("null").as_bytes()) {
        return Err(Rejection(format!("版本 {version} 的内容与其哈希不符（内容被改动）")));
    }
    if let Some(text) = &content {
        let value = checked_content(envelope.kind, text)
            .map_err(|e| Rejection(format!("版本 {version} 的内容不符合{}的格式（{e}）", envelope.kind.label())))?;
        // The scope a version is listed under is the one its content names.
        if crate::store::write::scope_of(envelope.kind, envelope.record_id, &value) != envelope.scope_id {
            return Err(bad("所属检查（与内容不符）"));
        }
    }
    // Signed sheets and their signatures are final: never edited, never deleted. A correction
    // is a newly signed sheet.
    if envelope.kind.is_final() && (content.is_none() || !envelope.supersedes.is_empty()) {
        return Err(Rejection(format!(
            "版本 {version} 试图修改或删除已签署的{}：已签署的内容不能改动，更正只能签署新版本",
            envelope.kind.label()
        )));
    }
    Ok(CheckedVersion {
        seq,
        record_id: envelope.record_id,
        kind: envelope.kind,
        root: envelope.supersedes.is_empty(),
        attestation_id,
        version_id: version,
        row: VersionRow::new(envelope, content),
    })
}

/// The statements of the file, each signed and its signature checked, each vouching for exactly
/// the versions that name it, written by the author it names on the device it names.
/// `seqs` are the versions' audit entries and `digests` the digests of each entry's versions: a
/// statement vouching for exactly the versions of one entry (as a laptop's own command's does) has
/// their digest already, the same lines hashed in the same order.
fn attestations(
    conn: &ForeignFile,
    versions: &[VersionRow],
    seqs: &[i64],
    digests: &audit::Digests,
) -> Result<Vec<Attestation>, Rejection> {
    let rows = conn.statements().map_err(unreadable)?;
    let mut groups: std::collections::HashMap<&str, Vec<&VersionRow>> = std::collections::HashMap::new();
    // The one audit entry all of a statement's versions were written by, if there is one.
    let mut entry_of: std::collections::HashMap<&str, Option<i64>> = std::collections::HashMap::new();
    for (row, seq) in versions.iter().zip(seqs) {
        if let Some(id) = row.attestation_id.as_deref() {
            groups.entry(id).or_default().push(row);
            let entry = entry_of.entry(id).or_insert(Some(*seq));
            if *entry != Some(*seq) {
                *entry = None;
            }
        }
    }
    let mut out = Vec::new();
    for row in rows {
        let id = row.attestation_id.unwrap_or_default();
        let statement_text = row.statement.unwrap_or_default();
        let bad = |what: &str| Rejection(format!("签名声明 {id} {what}"));
        let statement: Statement = serde_json::from_str(&statement_text).map_err(|_| bad("格式不符"))?;
        if statement.attestation_id != id || to_canonical(&statement).ok().as_deref() != Some(statement_text.as_str()) {
            return Err(bad("与其编号或规范格式不符（被改动）"));
        }
        let (Some(public_key), Some(signature)) = (row.public_key, row.signature) else {
            return Err(bad("尚未签名：导出时应已签名，文件可能被改动"));
        };
        if !keys::verify(&public_key, &attest::message(&statement_text), &signature) {
            return Err(bad("的签名无效：内容被改动或伪造"));
        }
        let group = groups.remove(id.as_str()).unwrap_or_default();
        // The versions of one audit entry, all of them: the same set of lines as that entry's
        // digest covers (a version's line names the version, so no two lines are the same).
        let whole_entry = entry_of
            .get(id.as_str())
            .copied()
            .flatten()
            .and_then(|seq| digests.get(&seq))
            .filter(|(count, _)| usize::try_from(*count).ok() == Some(group.len()));
        let digest = match whole_entry {
            Some((_, digest)) => digest.clone(),
            None => audit::versions_digest(group.iter().map(|r| r.digest_line())),
        };
        if i64::try_from(group.len()).ok() != Some(statement.n_versions) || digest != statement.versions_sha256 {
            return Err(bad("所担保的版本与文件中的不符（版本被增删或改动）"));
        }
        for row in &group {
            if row.envelope.author_id != statement.author_id || row.envelope.device_id != statement.device_id {
                return Err(Rejection(format!(
                    "版本 {} 的作者或设备与其签名声明不符：冒用他人名义写入",
                    row.envelope.version_id
                )));
            }
        }
        out.push(Attestation {
            statement,
            text: statement_text,
            public_key: Some(public_key),
            signature: Some(signature),
        });
    }
    if let Some(id) = groups.keys().next() {
        return reject(format!("文件中缺少签名声明 {id}：无法确认这些版本由谁写入"));
    }
    Ok(out)
}

/// The roster entries the file carries (its head versions of `team_member` records), with the key
/// that signed each: the merge counts those the team's anchor signed.
fn members(versions: &[VersionRow], attestations: &[Attestation]) -> Vec<(RecordId, TeamMember, Option<String>)> {
    let signer: std::collections::HashMap<&str, &str> = attestations
        .iter()
        .filter_map(|a| Some((a.statement.attestation_id.as_str(), a.public_key.as_deref()?)))
        .collect();
    let superseded: std::collections::HashSet<VersionId> =
        versions.iter().flat_map(|r| r.envelope.supersedes.iter().copied()).collect();
    versions
        .iter()
        .filter(|r| r.envelope.kind == RecordKind::TeamMember && !superseded.contains(&r.envelope.version_id))
        .filter_map(|r| {
            let member = serde_json::from_str::<TeamMember>(r.content.as_deref()?).ok()?;
            let key = r.attestation_id.as_deref().and_then(|id| signer.get(id)).map(|k| (*k).to_string());
            Some((r.envelope.record_id, member, key))
        })
        .collect()
}

/// The attachments some version of the file refers to (a blob no record uses is not taken).
fn blobs(conn: &ForeignFile, versions: &[VersionRow]) -> Result<Vec<(String, Vec<u8>)>, Rejection> {
    let referenced: std::collections::HashMap<String, String> = versions
        .iter()
        .filter(|r| r.envelope.kind == RecordKind::Attachment)
        .filter_map(|r| serde_json::from_str::<crate::domain::Attachment>(r.content.as_deref()?).ok())
        .map(|a| (a.sha256, a.media_type))
        .collect();
    let mut out = Vec::new();
    for (sha, declared, data) in conn.blobs(|sha| referenced.get(sha).cloned()).map_err(unreadable)? {
        if data.len() > MAX_BLOB {
            return reject(format!("附件 {sha} 过大"));
        }
        if sha256_hex(&data) != sha {
            return reject(format!("附件 {sha} 的内容与其哈希不符"));
        }
        if crate::inspection::evidence::media_type(&data) != Some(declared.as_str()) {
            return reject(format!("附件 {sha} 的内容不是它声称的类型（{declared}）：可能是伪装的程序文件"));
        }
        out.push((sha, data));
    }
    Ok(out)
}
