//! The local store: one SQLite file per laptop, holding every version of every record.
//!
//! [`Store`] owns the connection. All writes go through [`Store::write`], the one door: it opens
//! an immediate transaction, lets the caller create, update or delete records through a
//! [`Writer`], then appends one entry to the audit hash chain and commits — all or nothing.
//! Nothing is updated in place: an edit is a new version that supersedes the one it was based on,
//! a deletion is a tombstone version, and the record's head version(s) are tracked in `current`
//! (and, for a record in conflict, `heads`) in the same transaction.

pub mod attest;
pub mod audit;
pub mod canonical;
mod checkpoint;
mod error;
pub mod foreign;
mod local;
pub mod merging;
pub mod peek;
mod read;
pub mod schema;
pub mod snapshot;
mod sql;
mod undo;
pub mod write;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use crate::domain::clock::{Minter, SystemMinter};
use crate::domain::{DeviceId, Id, Inspector, RecordId};

pub use error::StoreError;
pub use read::{BadVersion, Head, Stored, StoredVersion, VersionInfo};
pub use write::{Writer, Written};

/// The `local_meta` key under which an export in progress notes its temporary file, so that a
/// crash leaves nothing of it behind for longer than until the next start.
pub const PENDING_EXPORT_KEY: &str = "export.pending_temp";

/// The `local_meta` key of a demo database's own "today" (the day of the demo inspection), which
/// overdue deadlines are judged against instead of the computer's date.
pub const DEMO_TODAY_KEY: &str = "demo.today";

/// Drafts are local rows under this prefix (see [`Store::save_draft`]).
const DRAFT_PREFIX: &str = "draft:";
/// The first key after every draft key (`;` follows `:`).
const DRAFT_END: &str = "draft;";

/// Convenience alias.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The daocha database: one SQLite connection and the identity of this installation.
pub struct Store {
    /// Declared first so it is dropped (its thread stopped) before the connection closes.
    checkpointer: Option<checkpoint::Checkpointer>,
    conn: Connection,
    path: PathBuf,
    device_id: DeviceId,
    author: Option<Id<Inspector>>,
    minter: Box<dyn Minter>,
    /// When this process last committed a write, for the status line.
    last_write: Option<chrono::DateTime<chrono::Utc>>,
    /// A fixed "today" for tests.
    today_override: Option<chrono::NaiveDate>,
    /// The signing key opened for this working session, if any (see [`attest`]).
    session: Option<Session>,
}

/// An inspector's signing key, opened with their PIN for the rest of a working session: every
/// command they commit is signed as it commits. Kept in memory only (the key zeroes itself when
/// dropped).
pub(crate) struct Session {
    pub(crate) inspector: Id<Inspector>,
    pub(crate) key: ed25519_dalek::SigningKey,
}

/// How [`Store::open_with`] treats a missing file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Create a new database if the file does not exist.
    CreateIfMissing,
    /// Refuse a missing file.
    MustExist,
}

impl Store {
    /// Opens (or creates) the database at `path` with the system clock.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, OpenMode::CreateIfMissing, Box::new(SystemMinter))
    }

    /// Opens an existing database; a missing file is an error.
    pub fn open_existing(path: &Path) -> Result<Store> {
        Store::open_with(path, OpenMode::MustExist, Box::new(SystemMinter))
    }

    /// Opens with an injected clock and id source.
    pub fn open_with(path: &Path, mode: OpenMode, mut minter: Box<dyn Minter>) -> Result<Store> {
        if mode == OpenMode::MustExist && !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        if path.is_dir() {
            return Err(StoreError::NotDaocha(path.to_path_buf()));
        }
        if let Some(parent) = path.parent()
            && !parent.as_os_str().is_empty()
            && !parent.exists()
        {
            std::fs::create_dir_all(parent)
                .map_err(|e| StoreError::Io { path: parent.to_path_buf(), reason: crate::io_text::reason(&e) })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags).map_err(|e| StoreError::open(path, e))?;
        conn.busy_timeout(Duration::from_secs(5))?;
        if check_identity(&conn, path)? {
            // A new database: its page size is fixed by its first write, which WAL mode makes.
            conn.execute_batch(&format!("PRAGMA page_size = {};", schema::PAGE_SIZE))?;
        }
        configure(&conn)?;
        migrate(&mut conn, minter.as_mut())?;
        let device_id = read_meta(&conn, "device_id")?
            .and_then(|text| text.parse().ok())
            .ok_or_else(|| StoreError::Corrupt("缺少设备标识（local_meta.device_id）".into()))?;
        let author = read_meta(&conn, "current_inspector")?.and_then(|text| text.parse().ok());
        remove_stale_export(&conn)?;
        let today_override = read_meta(&conn, DEMO_TODAY_KEY)?.and_then(|d| d.parse::<chrono::NaiveDate>().ok());
        let checkpointer = conn.path().map(PathBuf::from).and_then(|file| checkpoint::Checkpointer::start(&file));
        if checkpointer.is_some() {
            // A reset WAL is cut back to the threshold, so its size keeps telling when to checkpoint.
            conn.execute_batch(&format!(
                "PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = {};",
                checkpoint::THRESHOLD
            ))?;
        }
        Ok(Store {
            checkpointer,
            conn,
            path: path.to_path_buf(),
            device_id,
            author,
            minter,
            last_write: None,
            today_override,
            session: None,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// This installation's device id.
    pub fn device_id(&self) -> DeviceId {
        self.device_id
    }

    /// The inspector who authors new versions on this laptop.
    pub fn current_inspector(&self) -> Option<Id<Inspector>> {
        self.author
    }

    /// Chooses who authors new versions (a local setting, not a versioned record).
    pub fn set_current_inspector(&mut self, inspector: Option<Id<Inspector>>) -> Result<()> {
        match inspector {
            Some(id) => write_meta(&self.conn, "current_inspector", &id.to_string())?,
            None => {
                self.conn.execute("DELETE FROM local_meta WHERE key = 'current_inspector'", [])?;
            }
        }
        self.author = inspector;
        if self.session.as_ref().is_some_and(|s| Some(s.inspector) != inspector) {
            self.session = None;
        }
        Ok(())
    }

    /// Keeps `key` open as `inspector`'s for this session, and signs what they (or nobody) wrote
    /// unsigned before. Returns how many earlier commands were signed now.
    pub(crate) fn open_session(&mut self, inspector: Id<Inspector>, key: ed25519_dalek::SigningKey) -> Result<usize> {
        let signed = self.sign_pending(inspector, &key)?;
        self.session = Some(Session { inspector, key });
        Ok(signed)
    }

    /// Signs, with `inspector`'s key, the statements still unsigned that they may vouch for.
    pub(crate) fn sign_pending(&mut self, inspector: Id<Inspector>, key: &ed25519_dalek::SigningKey) -> Result<usize> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let n = attest::sign_pending(&tx, key, inspector.untyped())?;
        tx.commit()?;
        Ok(n)
    }

    /// Whose key is open for this session.
    pub fn session_inspector(&self) -> Option<Id<Inspector>> {
        self.session.as_ref().map(|s| s.inspector)
    }

    /// Closes the session's key (locking the laptop, changing who is at the keyboard).
    pub fn close_session(&mut self) {
        self.session = None;
    }

    /// When this process last committed a change.
    pub fn last_write(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.last_write
    }

    /// The current time by the store's clock.
    pub fn now(&mut self) -> chrono::DateTime<chrono::Utc> {
        self.minter.now()
    }

    /// The current time in Beijing (UTC+8, no daylight saving), by the store's clock: the time
    /// inspectors write, and recordings' start times are written in.
    pub fn beijing_now(&mut self) -> chrono::NaiveDateTime {
        let now = self.now();
        chrono::FixedOffset::east_opt(8 * 3600)
            .map_or(now.naive_utc(), |beijing| now.with_timezone(&beijing).naive_local())
    }

    /// Today (local date) by the store's clock. Does not advance a deterministic clock.
    pub fn today(&self) -> chrono::NaiveDate {
        self.today_override.unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// Fixes "today" (tests, and the demo's inspection day).
    pub fn set_today(&mut self, today: Option<chrono::NaiveDate>) {
        self.today_override = today;
    }

    /// Replaces the clock and id source (tests move time forward with this).
    pub fn set_minter(&mut self, minter: Box<dyn Minter>) {
        self.minter = minter;
    }

    /// The raw connection, for unit tests that look at the tables themselves. Nothing outside
    /// `store/` speaks SQL: every other module calls the store's typed methods.
    #[cfg(test)]
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The database file's page size in bytes: [`schema::PAGE_SIZE`] for a database made by this
    /// version, 4096 for one made before (both are read and written alike).
    pub fn page_size(&self) -> Result<u32> {
        Ok(self.conn.query_row("PRAGMA page_size", [], |r| r.get(0))?)
    }

    /// Runs SQLite's `integrity_check`; returns its messages (just `ok` when healthy).
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |row| row.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// A local key/value setting (not versioned, not merged).
    pub fn local_setting(&self, key: &str) -> Result<Option<String>> {
        read_meta(&self.conn, key)
    }

    /// Stores a local setting.
    pub fn set_local_setting(&self, key: &str, value: &str) -> Result<()> {
        write_meta(&self.conn, key, value)
    }

    /// Keeps a draft of something typed but not yet committed (a form, a note), under `key`: a
    /// local row, never exported or merged, replaced by each newer draft of the same key.
    pub fn save_draft(&self, key: &str, value: &str) -> Result<()> {
        write_meta(&self.conn, &format!("{DRAFT_PREFIX}{key}"), value)
    }

    /// Forgets a draft (once committed, or discarded on purpose).
    pub fn clear_draft(&self, key: &str) -> Result<()> {
        self.clear_local_setting(&format!("{DRAFT_PREFIX}{key}"))
    }

    /// Every draft kept, by key.
    pub fn drafts(&self) -> Result<Vec<(String, String)>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT key, value FROM local_meta WHERE key >= ?1 AND key < ?2 ORDER BY key")?;
        let rows =
            stmt.query_map([DRAFT_PREFIX, DRAFT_END], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (key, value) = row?;
            out.push((key[DRAFT_PREFIX.len()..].to_string(), value));
        }
        Ok(out)
    }

    /// Removes a local setting.
    pub fn clear_local_setting(&self, key: &str) -> Result<()> {
        self.conn.prepare_cached("DELETE FROM local_meta WHERE key = ?1")?.execute([key])?;
        Ok(())
    }

    /// Record id of the untyped record, if it exists (even deleted).
    pub fn exists(&self, record_id: RecordId) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM current WHERE record_id = ?1")?
            .query_row([record_id], |_| Ok(()))
            .optional()?
            .is_some())
    }
}

/// Refuses files that are not daocha databases or come from a newer daocha. Returns whether the
/// file is new (empty: nothing written yet).
fn check_identity(conn: &Connection, path: &Path) -> Result<bool> {
    let probe = |conn: &Connection| -> rusqlite::Result<(i32, i64, i64)> {
        let app: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        Ok((app, version, tables))
    };
    let (app, version, tables) = probe(conn).map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotDaocha(path.to_path_buf()),
        _ => StoreError::open(path, e),
    })?;
    let fresh = app == 0 && tables == 0 && version == 0;
    if !fresh && app != schema::APPLICATION_ID {
        return Err(StoreError::NotDaocha(path.to_path_buf()));
    }
    let supported = i64::try_from(schema::MIGRATIONS.len()).unwrap_or(i64::MAX);
    if version > supported {
        return Err(StoreError::TooNew { found: version, supported });
    }
    Ok(fresh)
}

/// Connection settings, set on every connection, outside any transaction.
fn configure(conn: &Connection) -> Result<()> {
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Corrupt(format!("无法启用 WAL 日志模式（当前：{mode}）")));
    }
    conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
    Ok(())
}

/// Runs the migrations not yet applied, in one transaction, and gives `kinds` the rows of kinds
/// added since (see [`sync_kinds`]).
fn migrate(conn: &mut Connection, minter: &mut dyn Minter) -> Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let start = usize::try_from(version).unwrap_or(usize::MAX);
    if start >= schema::MIGRATIONS.len() {
        if !kinds_in_step(conn)? {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            sync_kinds(&tx)?;
            tx.commit()?;
        }
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    for (index, sql) in schema::MIGRATIONS.iter().enumerate().skip(start) {
        tx.execute_batch(sql).map_err(|e| {
            StoreError::Refused(format!(
                "无法把数据库升级到第 {} 版（{}）。数据库未作任何改动，仍可用原来版本的倒查打开。",
                index + 1,
                StoreError::Sqlite(e)
            ))
        })?;
        if index == 0 {
            tx.execute_batch(&format!("PRAGMA application_id = {};", schema::APPLICATION_ID))?;
            let device = DeviceId(minter.uuid());
            tx.execute(
                "INSERT INTO local_meta (key, value) VALUES ('device_id', ?1), ('created_at', ?2)",
                params![device.to_string(), minter.now().to_rfc3339()],
            )?;
        }
        tx.execute_batch(&format!("PRAGMA user_version = {};", index + 1))?;
    }
    sync_kinds(&tx)?;
    tx.commit()?;
    if start < schema::KIND_CODES {
        // Migrations 6 and 7 rebuilt the big tables, which left the old ones' pages free inside
        // the file: give them back once. Best effort: a file that cannot be compacted now (another
        // connection reading it) is as sound, only larger, and its free pages are reused.
        let _ = conn.execute_batch("VACUUM;");
    }
    Ok(())
}

/// Whether `kinds` has exactly this build's row for every kind it knows (rows of codes it does
/// not know, written by a newer build, aside).
fn kinds_in_step(conn: &Connection) -> Result<bool> {
    let known: Vec<schema::KindRow> = schema::kinds_of(conn)?
        .into_iter()
        .filter(|(code, _, _)| crate::domain::RecordKind::from_code(*code).is_some())
        .collect();
    Ok(known == schema::kind_rows())
}

/// Gives `kinds` a row for each kind added since schema 7 (a new kind needs no migration: its
/// code is new, and its row is written here, the first time a build that knows it opens the
/// database) and this build's labels. Refuses a database whose `kinds` names another kind for a
/// code than this build does: its versions would be read as the wrong kind.
fn sync_kinds(conn: &Connection) -> Result<()> {
    for (code, name, _) in schema::kinds_of(conn)? {
        if let Some(kind) = crate::domain::RecordKind::from_code(code)
            && kind.as_str() != name
        {
            return Err(StoreError::Corrupt(format!(
                "记录类型代码 {code} 在数据库中是 {name}，在本程序中是 {}：数据库可能由不兼容的程序写入",
                kind.as_str()
            )));
        }
    }
    schema::add_kinds(conn)?;
    Ok(())
}

/// Removes the temporary file of an export that did not finish (a crash, a power cut): only ever a
/// file the export named (".NAME.tmp-PID").
fn remove_stale_export(conn: &Connection) -> Result<()> {
    if let Some(temp) = read_meta(conn, PENDING_EXPORT_KEY)? {
        let temp = PathBuf::from(temp);
        let ours = temp
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .is_some_and(|n| n.starts_with('.') && n.contains(".tmp-"));
        if ours {
            // With whatever SQLite kept beside it.
            for suffix in ["", "-journal", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", temp.display()));
            }
        }
        conn.prepare_cached("DELETE FROM local_meta WHERE key = ?1")?.execute([PENDING_EXPORT_KEY])?;
    }
    Ok(())
}

fn read_meta(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn.prepare_cached("SELECT value FROM local_meta WHERE key = ?1")?.query_row([key], |r| r.get(0)).optional()?)
}

fn write_meta(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO local_meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute([key, value])?;
    Ok(())
}

/// The default database file: `daocha.db` in the platform's local data directory —
/// `~/.local/share/daocha` on Linux, `%LOCALAPPDATA%\daocha` on Windows. Not the roaming profile
/// (`%APPDATA%`): on a domain PC that is copied to the server at every logon and logoff, evidence
/// photos and all.
pub fn default_db_path() -> PathBuf {
    directories::BaseDirs::new()
        .map(|dirs| dirs.data_local_dir().join("daocha").join("daocha.db"))
        .unwrap_or_else(|| PathBuf::from("daocha.db"))
}

/// Where the GUI keeps the demo database.
pub fn default_demo_path() -> PathBuf {
    default_db_path().with_file_name("demo.db")
}

#[cfg(test)]
mod tests;
