//! A database file from elsewhere (an export brought on a USB stick), opened from memory,
//! read-only, with SQLite's hardening for untrusted files: defensive mode, untrusted schema, no
//! triggers or views, cell-size checks, limits. The SQL that reads it lives here with the rest of
//! daocha's SQL; what to make of what it reads (admit or refuse, and why) is
//! `crate::merge::untrusted`'s. Every read gives back either typed values or the reason the file
//! cannot be read, in Chinese.

use rusqlite::config::DbConfig;
use rusqlite::limits::Limit;
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::audit::{self, Digests, Verification};
use super::read::{BadVersion, StoredVersion, VERSION_COLUMNS, decode_version};
use super::schema::{self, SchemaRow};

/// Why a foreign file cannot be read, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Unreadable(pub String);

/// A statement's row as the file holds it (each column text, or NULL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementRow {
    /// `attestation_id`.
    pub attestation_id: Option<String>,
    /// `statement`: its canonical JSON.
    pub statement: Option<String>,
    /// `public_key`, hex.
    pub public_key: Option<String>,
    /// `signature`, hex.
    pub signature: Option<String>,
}

/// A foreign database, opened from a copy of its bytes in memory.
pub struct ForeignFile {
    conn: Connection,
}

impl ForeignFile {
    /// Opens `bytes` (a whole SQLite file) in memory, read-only and hardened; `max_length` bounds
    /// any one value SQLite will hand out (a blob, a text).
    pub fn open(bytes: &[u8], max_length: usize) -> Result<ForeignFile, Unreadable> {
        Self::open_hardened(bytes, max_length, true).map_err(|e| Unreadable(format!("无法以只读方式打开：{e}")))
    }

    /// Like [`ForeignFile::open`], but the in-memory copy may be written (never the file it was
    /// read from): for a file of an earlier schema, brought up to this one by [`ForeignFile::upgrade`].
    pub fn open_writable(bytes: &[u8], max_length: usize) -> Result<ForeignFile, Unreadable> {
        Self::open_hardened(bytes, max_length, false).map_err(|e| Unreadable(format!("无法在内存中打开：{e}")))
    }

    fn open_hardened(bytes: &[u8], max_length: usize, read_only: bool) -> rusqlite::Result<ForeignFile> {
        let mut conn =
            Connection::open_in_memory_with_flags(OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW, false)?;
        conn.set_limit(Limit::SQLITE_LIMIT_LENGTH, i32::try_from(max_length).unwrap_or(i32::MAX))?;
        conn.set_limit(Limit::SQLITE_LIMIT_SQL_LENGTH, 100_000)?;
        conn.set_limit(Limit::SQLITE_LIMIT_COLUMN, 100)?;
        conn.set_limit(Limit::SQLITE_LIMIT_EXPR_DEPTH, 100)?;
        conn.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 0)?;
        conn.deserialize_read_exact(rusqlite::MAIN_DB, bytes, bytes.len(), read_only)?;
        conn.execute_batch("PRAGMA cell_size_check = ON;")?;
        Ok(ForeignFile { conn })
    }

    fn damaged(e: rusqlite::Error) -> Unreadable {
        Unreadable(format!("文件损坏或不可读（{e}）"))
    }

    /// `PRAGMA application_id`.
    pub fn application_id(&self) -> Result<i32, Unreadable> {
        self.conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(Self::damaged)
    }

    /// `PRAGMA user_version`: the schema version.
    pub fn user_version(&self) -> Result<i64, Unreadable> {
        self.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(Self::damaged)
    }

    /// Runs the migrations from the file's `user_version` on to this build's, in one transaction,
    /// on the in-memory copy (opened with [`ForeignFile::open_writable`]). The caller has checked
    /// that the file's schema is exactly that of its version.
    pub fn upgrade(&mut self) -> Result<(), Unreadable> {
        let failed = |e: rusqlite::Error| Unreadable(format!("无法升级到本程序的数据库版本（{e}）"));
        let version = usize::try_from(self.user_version()?).unwrap_or(usize::MAX);
        let tx = self.conn.transaction().map_err(failed)?;
        for (index, sql) in schema::MIGRATIONS.iter().enumerate().skip(version) {
            tx.execute_batch(sql).map_err(failed)?;
            tx.execute_batch(&format!("PRAGMA user_version = {};", index + 1)).map_err(failed)?;
        }
        tx.commit().map_err(failed)
    }

    /// SQLite's `quick_check` messages (`["ok"]` when sound).
    pub fn quick_check(&self) -> Result<Vec<String>, Unreadable> {
        let mut stmt = self.conn.prepare("PRAGMA quick_check").map_err(Self::damaged)?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(Self::damaged)?;
        rows.collect::<rusqlite::Result<_>>().map_err(Self::damaged)
    }

    /// The file's schema, as [`schema::schema_of`] gives it.
    pub fn schema(&self) -> Result<Vec<SchemaRow>, Unreadable> {
        schema::schema_of(&self.conn).map_err(Self::damaged)
    }

    /// The first table with a foreign key that points nowhere, if any.
    pub fn foreign_key_violation(&self) -> Result<Option<String>, Unreadable> {
        self.conn.query_row("PRAGMA foreign_key_check", [], |r| r.get(0)).optional().map_err(Self::damaged)
    }

    /// The value of `key` in the file's `local_meta`.
    pub fn meta(&self, key: &str) -> Result<Option<String>, Unreadable> {
        self.conn
            .query_row("SELECT value FROM local_meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(|e| Unreadable(format!("无法读取清单（{e}）")))
    }

    /// Every version with the audit entry that wrote it, in version id order, each decoded or
    /// the reason it does not decode.
    #[allow(clippy::type_complexity)]
    pub fn versions(&self) -> Result<Vec<Result<(i64, StoredVersion), BadVersion>>, Unreadable> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {VERSION_COLUMNS} FROM versions ORDER BY version_id"))
            .map_err(|e| Unreadable(e.to_string()))?;
        let mut rows = stmt.query([]).map_err(|e| Unreadable(e.to_string()))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(|e| Unreadable(format!("读取版本失败（{e}）")))? {
            out.push(decode_version(row));
        }
        Ok(out)
    }

    /// Every statement's row, in id order.
    pub fn statements(&self) -> Result<Vec<StatementRow>, Unreadable> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT attestation_id, statement, public_key, signature FROM attestations ORDER BY attestation_id",
            )
            .map_err(|e| Unreadable(e.to_string()))?;
        let mut rows = stmt.query([]).map_err(|e| Unreadable(e.to_string()))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(|e| Unreadable(format!("读取签名声明失败（{e}）")))? {
            let text = |i: usize| -> Result<Option<String>, Unreadable> {
                row.get::<_, Option<String>>(i).map_err(|_| Unreadable(format!("签名声明第 {} 列不是文本", i + 1)))
            };
            out.push(StatementRow {
                attestation_id: text(0)?,
                statement: text(1)?,
                public_key: text(2)?,
                signature: text(3)?,
            });
        }
        Ok(out)
    }

    /// The attachments whose hash `wanted` takes (with it, what it answers), in hash order; the
    /// bytes of the others are not read.
    pub fn blobs<T>(&self, mut wanted: impl FnMut(&str) -> Option<T>) -> Result<Vec<(String, T, Vec<u8>)>, Unreadable> {
        let mut stmt = self
            .conn
            .prepare("SELECT sha256, data FROM blobs ORDER BY sha256")
            .map_err(|e| Unreadable(e.to_string()))?;
        let mut rows = stmt.query([]).map_err(|e| Unreadable(e.to_string()))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(|e| Unreadable(e.to_string()))? {
            let sha: String = row.get(0).map_err(|_| Unreadable("附件哈希不是文本".into()))?;
            let Some(answer) = wanted(&sha) else { continue };
            let data: Vec<u8> = row.get(1).map_err(|_| Unreadable("附件内容不是二进制".into()))?;
            out.push((sha, answer, data));
        }
        Ok(out)
    }

    /// Walks the file's audit chain with its versions' digests already worked out.
    pub fn verify_audit(&self, digests: &Digests) -> Result<Verification, Unreadable> {
        audit::verify_with(&self.conn, digests).map_err(|e| Unreadable(format!("审计链无法校验：{e}")))
    }
}
