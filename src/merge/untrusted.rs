//! Every incoming file is untrusted. It is read into memory and opened there, read-only, with
//! SQLite's hardening for untrusted files (defensive mode, untrusted schema, no triggers or views,
//! cell-size checks, limits), and checked before anything of it reaches the team database:
//! SQLite's own checks, the application id and schema version, a schema exactly daocha's, the
//! signed manifest, the audit chain, and every value of every version.

use std::path::Path;

use rusqlite::config::DbConfig;
use rusqlite::limits::Limit;
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::export::{MANIFEST_KEY, Manifest, SIGNATURE_KEY};
use crate::domain::records::{RecordKind, check_shape};
use crate::keys;
use crate::store::canonical::{sha256_hex, to_canonical};
use crate::store::write::{Envelope, VersionRow};
use crate::store::{audit, schema};

/// The largest content of one version accepted (bytes).
pub const MAX_CONTENT: usize = 1 << 20;
/// The largest attachment accepted (bytes).
pub const MAX_BLOB: usize = 64 << 20;

/// A checked incoming file.
#[derive(Debug)]
pub struct Incoming {
    /// SHA-256 of the file's bytes.
    pub file_sha256: String,
    /// Its manifest (signature verified).
    pub manifest: Manifest,
    /// Its versions, checked, ready to insert.
    pub versions: Vec<VersionRow>,
    /// Its attachments, checked against their hashes.
    pub blobs: Vec<(String, Vec<u8>)>,
}

/// Why a file was rejected (Chinese, for the team lead).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Rejection(pub String);

fn reject<T>(reason: impl Into<String>) -> Result<T, Rejection> {
    Err(Rejection(reason.into()))
}

/// Reads and checks the file at `path`. The file is read once into memory and SQLite works on
/// that copy (an in-memory database, read-only): the original is never opened by SQLite, and
/// no temporary file is written.
pub fn read_untrusted(path: &Path) -> Result<Incoming, Rejection> {
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
    let conn = open_hardened(&bytes).map_err(|e| Rejection(format!("无法以只读方式打开：{e}")))?;
    drop(bytes);
    let incoming = check(&conn, file_sha256);
    drop(conn);
    incoming
}

fn open_hardened(bytes: &[u8]) -> rusqlite::Result<Connection> {
    let mut conn =
        Connection::open_in_memory_with_flags(OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW, false)?;
    conn.set_limit(Limit::SQLITE_LIMIT_LENGTH, i32::try_from(MAX_BLOB + 1024).unwrap_or(i32::MAX))?;
    conn.set_limit(Limit::SQLITE_LIMIT_SQL_LENGTH, 100_000)?;
    conn.set_limit(Limit::SQLITE_LIMIT_COLUMN, 100)?;
    conn.set_limit(Limit::SQLITE_LIMIT_EXPR_DEPTH, 100)?;
    conn.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 0)?;
    conn.deserialize_read_exact(rusqlite::MAIN_DB, bytes, bytes.len(), true)?;
    conn.execute_batch("PRAGMA cell_size_check = ON;")?;
    Ok(conn)
}

fn check(conn: &Connection, file_sha256: String) -> Result<Incoming, Rejection> {
    let sql = |e: rusqlite::Error| Rejection(format!("文件损坏或不可读（{e}）"));
    let app: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(sql)?;
    if app != schema::APPLICATION_ID {
        return reject("不是倒查数据库（application_id 不符）");
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(sql)?;
    let ours = i64::try_from(schema::MIGRATIONS.len()).unwrap_or(0);
    if version != ours {
        return reject(format!(
            "数据库版本不同（文件为第 {version} 版，本程序为第 {ours} 版），请双方使用同一版本的倒查后重新导出"
        ));
    }
    let quick: Vec<String> = {
        let mut stmt = conn.prepare("PRAGMA quick_check").map_err(sql)?;
        stmt.query_map([], |r| r.get(0)).map_err(sql)?.collect::<rusqlite::Result<_>>().map_err(sql)?
    };
    if quick != ["ok"] {
        return reject(format!("SQLite 完整性检查未通过：{}", quick.join("；")));
    }
    let schema_rows = schema::schema_of(conn).map_err(sql)?;
    let expected = schema::expected_schema().map_err(sql)?;
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
    let fk: Option<String> = conn.query_row("PRAGMA foreign_key_check", [], |r| r.get(0)).optional().map_err(sql)?;
    if let Some(table) = fk {
        return reject(format!("外键检查未通过（表 {table}）"));
    }
    let manifest = manifest(conn)?;
    // Every version's own checks first (they name the version), then the chain over them all.
    let versions = versions(conn)?;
    // The versions were read, hashed and rendered just now: the chain check reuses their lines.
    let digests = audit::digests_of(versions.iter().map(|(seq, row)| (*seq, row.digest_line())));
    let versions: Vec<VersionRow> = versions.into_iter().map(|(_, row)| row).collect();
    let chain = audit::verify_with(conn, &digests).map_err(|e| Rejection(format!("审计链无法校验：{e}")))?;
    if let Some(broken) = chain.first_break {
        return reject(format!("审计链在第 {} 条断裂：{}", broken.seq, broken.reason));
    }
    if chain.head.unwrap_or_else(|| audit::GENESIS.to_string()) != manifest.audit_head {
        return reject("清单中的审计链头与文件内容不符");
    }
    if versions.len() as u64 != manifest.versions {
        return reject("清单中的版本数与文件内容不符");
    }
    inspector_key_matches(&versions, &manifest)?;
    let blobs = blobs(conn)?;
    Ok(Incoming { file_sha256, manifest, versions, blobs })
}

fn manifest(conn: &Connection) -> Result<Manifest, Rejection> {
    let get = |key: &str| -> Result<String, Rejection> {
        conn.query_row("SELECT value FROM local_meta WHERE key = ?1", [key], |r| r.get::<_, String>(0))
            .optional()
            .map_err(|e| Rejection(format!("无法读取清单（{e}）")))?
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

/// Every version with the audit entry that wrote it, checked and ready to insert.
fn versions(conn: &Connection) -> Result<Vec<(i64, VersionRow)>, Rejection> {
    let mut stmt = conn
        .prepare(
            "SELECT version_id, record_id, kind, scope_id, supersedes, author_id, device_id, created_at, content, content_sha256, audit_seq
             FROM versions ORDER BY version_id",
        )
        .map_err(|e| Rejection(e.to_string()))?;
    let mut rows = stmt.query([]).map_err(|e| Rejection(e.to_string()))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(|e| Rejection(format!("读取版本失败（{e}）")))? {
        let text = |i: usize| -> Result<String, Rejection> {
            row.get::<_, String>(i).map_err(|_| Rejection(format!("版本数据第 {} 列不是文本", i + 1)))
        };
        let opt = |i: usize| -> Result<Option<String>, Rejection> {
            row.get::<_, Option<String>>(i).map_err(|_| Rejection(format!("版本数据第 {} 列不是文本", i + 1)))
        };
        let version = text(0)?;
        let bad = |what: &str| Rejection(format!("版本 {version} 的{what}无效"));
        let content = opt(8)?;
        if content.as_ref().is_some_and(|c| c.len() > MAX_CONTENT) {
            return Err(bad("内容过长"));
        }
        let envelope = Envelope {
            version_id: version.parse().map_err(|_| bad("版本号"))?,
            record_id: text(1)?.parse().map_err(|_| bad("记录号"))?,
            kind: RecordKind::parse(&text(2)?).ok_or_else(|| bad("记录类型"))?,
            scope_id: opt(3)?.map(|s| s.parse()).transpose().map_err(|_| bad("所属检查"))?,
            supersedes: serde_json::from_str(&text(4)?).map_err(|_| bad("前序版本"))?,
            author_id: opt(5)?.map(|s| s.parse()).transpose().map_err(|_| bad("作者"))?,
            device_id: text(6)?.parse().map_err(|_| bad("设备号"))?,
            created_at: text(7)?,
            content_sha256: text(9)?,
        };
        if chrono::DateTime::parse_from_rfc3339(&envelope.created_at).is_err() {
            return Err(bad("时间"));
        }
        if sha256_hex(content.as_deref().unwrap_or("null").as_bytes()) != envelope.content_sha256 {
            return Err(Rejection(format!("版本 {version} 的内容与其哈希不符（内容被改动）")));
        }
        if let Some(text) = &content {
            check_shape(envelope.kind, text)
                .map_err(|e| Rejection(format!("版本 {version} 的内容不符合{}的格式（{e}）", envelope.kind.label())))?;
        }
        let seq: i64 = row.get(10).map_err(|_| bad("审计序号"))?;
        out.push((
            seq,
            VersionRow::new(envelope, content).map_err(|e| Rejection(format!("版本 {version} 无法读取（{e}）")))?,
        ));
    }
    Ok(out)
}

/// The manifest's key must be the one the file's own inspector record carries.
fn inspector_key_matches(versions: &[VersionRow], manifest: &Manifest) -> Result<(), Rejection> {
    let declared = versions
        .iter()
        .filter(|row| {
            row.envelope.kind == RecordKind::Inspector && row.envelope.record_id.to_string() == manifest.inspector_id
        })
        .filter_map(|row| row.content.as_deref())
        .filter_map(|c| serde_json::from_str::<serde_json::Value>(c).ok())
        .any(|v| v.get("public_key").and_then(|k| k.as_str()) == Some(manifest.public_key.as_str()));
    if declared { Ok(()) } else { reject("清单中的公钥与文件中该检查人员登记的公钥不符") }
}

fn blobs(conn: &Connection) -> Result<Vec<(String, Vec<u8>)>, Rejection> {
    let mut stmt =
        conn.prepare("SELECT sha256, data FROM blobs ORDER BY sha256").map_err(|e| Rejection(e.to_string()))?;
    let mut rows = stmt.query([]).map_err(|e| Rejection(e.to_string()))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(|e| Rejection(e.to_string()))? {
        let sha: String = row.get(0).map_err(|_| Rejection("附件哈希不是文本".into()))?;
        let data: Vec<u8> = row.get(1).map_err(|_| Rejection("附件内容不是二进制".into()))?;
        if data.len() > MAX_BLOB {
            return reject(format!("附件 {sha} 过大"));
        }
        if sha256_hex(&data) != sha {
            return reject(format!("附件 {sha} 的内容与其哈希不符"));
        }
        out.push((sha, data));
    }
    Ok(out)
}
