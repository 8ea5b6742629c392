//! Export (inspector → team lead): a consistent single-file snapshot of this laptop's database,
//! carrying a manifest signed with the inspector's key. The snapshot is made with `VACUUM INTO`
//! a temporary name beside the target, stripped of local secrets, checked, synced, and only then
//! renamed: a crash or a full disk never leaves a file under the final name.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use crate::domain::records::RecordKind;
use crate::domain::{Id, Inspector};
use crate::keys::{self, KeyError};
use crate::store::canonical::to_canonical;
use crate::store::{Store, StoreError, audit, schema};

/// Keys of the manifest in the exported file's `local_meta`.
pub const MANIFEST_KEY: &str = "export.manifest";
/// Key of the manifest's signature.
pub const SIGNATURE_KEY: &str = "export.signature";

/// What an exported file says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always `daocha-export`.
    pub format: String,
    /// The format's version.
    pub format_version: u32,
    /// The schema version of the file.
    pub schema_version: i64,
    /// The laptop database.
    pub device_id: String,
    /// The exporting inspector.
    pub inspector_id: String,
    /// Their name.
    pub inspector_name: String,
    /// Their Ed25519 public key, hex.
    pub public_key: String,
    /// When.
    pub exported_at: String,
    /// The head of the audit chain.
    pub audit_head: String,
    /// Versions in the file.
    pub versions: u64,
    /// Current records per kind.
    pub counts: std::collections::BTreeMap<String, u64>,
    /// `plan` for a prepared inspection handed out by the team lead, else `inspector`.
    #[serde(default)]
    pub purpose: String,
}

/// Why an export failed. Nothing is left under the target name.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// No inspector is set as the author of this laptop's work.
    #[error("请先选择本机的检查人员（导出文件要由检查人员签名）。")]
    NoInspector,
    /// Key problems.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// The store.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The file system (full disk, no permission …).
    #[error("无法写入导出文件“{path}”：{reason}。原有文件未被改动。")]
    Io {
        /// The target.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The copy did not pass SQLite's check.
    #[error("导出文件自检未通过：{0}")]
    Check(String),
}

impl From<rusqlite::Error> for ExportError {
    fn from(e: rusqlite::Error) -> Self {
        ExportError::Store(StoreError::Sqlite(e))
    }
}

/// Exports the store to `out`, signing the manifest as `inspector` with `pin`.
pub fn export(
    store: &mut Store,
    out: &Path,
    inspector: Option<Id<Inspector>>,
    pin: &str,
    purpose: &str,
) -> Result<Manifest, ExportError> {
    let inspector = inspector.or(store.current_inspector()).ok_or(ExportError::NoInspector)?;
    let person = store.require(inspector)?;
    let public = keys::public_key(store, inspector)?.ok_or(KeyError::NoKey)?;
    let io = |e: std::io::Error| ExportError::Io { path: out.to_path_buf(), reason: crate::io_text::reason(&e) };
    let file_name = out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "export.daocha".into());
    let dir = out.parent().filter(|p| !p.as_os_str().is_empty()).map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let temp = dir.join(format!(".{file_name}.tmp-{}", std::process::id()));
    let _ = std::fs::remove_file(&temp);
    let result = (|| -> Result<Manifest, ExportError> {
        store
            .conn()
            .execute("VACUUM INTO ?1", [temp.to_string_lossy().as_ref()])
            .map_err(|e| ExportError::Io { path: out.to_path_buf(), reason: e.to_string() })?;
        let conn = Connection::open(&temp)?;
        conn.execute_batch(
            "PRAGMA journal_mode = DELETE;
             PRAGMA secure_delete = ON;
             DELETE FROM local_keys;
             DELETE FROM merge_log;
             DELETE FROM local_meta WHERE key NOT IN ('device_id', 'created_at');",
        )?;
        let mut counts = std::collections::BTreeMap::new();
        for kind in RecordKind::ALL {
            let n: i64 =
                conn.query_row("SELECT count(*) FROM current WHERE kind = ?1 AND deleted = 0", [kind.as_str()], |r| {
                    r.get(0)
                })?;
            if n > 0 {
                counts.insert(kind.as_str().to_string(), u64::try_from(n).unwrap_or(0));
            }
        }
        let versions: i64 = conn.query_row("SELECT count(*) FROM versions", [], |r| r.get(0))?;
        let manifest = Manifest {
            format: "daocha-export".into(),
            format_version: 1,
            schema_version: i64::try_from(schema::MIGRATIONS.len()).unwrap_or(0),
            device_id: store.device_id().to_string(),
            inspector_id: inspector.to_string(),
            inspector_name: person.value.name.clone(),
            public_key: public.hex.clone(),
            exported_at: store.now().to_rfc3339(),
            audit_head: audit::head(&conn)?.unwrap_or_else(|| audit::GENESIS.to_string()),
            versions: u64::try_from(versions).unwrap_or(0),
            counts,
            purpose: purpose.to_string(),
        };
        let text = to_canonical(&manifest).map_err(StoreError::from)?;
        let (_, signature) = keys::sign(store, inspector, pin, text.as_bytes())?;
        conn.execute(
            "INSERT INTO local_meta (key, value) VALUES (?1, ?2), (?3, ?4)",
            params![MANIFEST_KEY, text, SIGNATURE_KEY, signature],
        )?;
        conn.execute_batch("VACUUM;")?;
        let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(ExportError::Check(check));
        }
        drop(conn);
        // Opened for writing: Windows flushes a file (FlushFileBuffers) only through a handle with
        // write access; a read-only handle fails with "access denied".
        std::fs::OpenOptions::new().write(true).open(&temp).and_then(|f| f.sync_all()).map_err(io)?;
        std::fs::rename(&temp, out).map_err(io)?;
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(manifest)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}
