//! Export (inspector → team lead): a consistent single-file snapshot of this laptop's database,
//! carrying a manifest signed with the inspector's key. The snapshot is a new database with
//! daocha's schema under a temporary name beside the target, into which the shared tables are
//! copied (never the sealed keys, not even for a moment), checked, synced, and only then renamed:
//! a crash or a full disk never leaves a file under the final name, and the temporary file of a
//! crashed export is removed at the next start.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::domain::{Id, Inspector};
use crate::keys::{self, KeyError};
use crate::store::canonical::to_canonical;
use crate::store::snapshot::{PlanEntry, Snapshot};
use crate::store::{Store, StoreError, audit, schema};

/// Keys of the manifest in the exported file's `local_meta`.
pub const MANIFEST_KEY: &str = "export.manifest";
/// Key of the manifest's signature.
pub const SIGNATURE_KEY: &str = "export.signature";
/// The export format: 2 since versions carry signed statements and merge admits only what the
/// team's roster vouches for. Files of another format are refused with a message.
pub const FORMAT_VERSION: u32 = 2;

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
    /// Work of another inspector on this laptop is not signed yet.
    #[error(
        "本机还有 {commands} 项修改尚未签名（{names}）。请由这些检查人员在本机输入各自的 PIN 签名（“我的密钥”页的“解锁”），然后再导出。"
    )]
    Unsigned {
        /// How many commands.
        commands: usize,
        /// Whose.
        names: String,
    },
}

/// The purpose of a plan handed out by the team lead.
pub const PLAN: &str = "plan";

/// Exports the store to `out`, signing the manifest as `inspector` with `pin`. The inspector's
/// unsigned statements (and those written with nobody chosen) are signed on the way; statements of
/// other inspectors still unsigned stop the export, naming them.
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
    let key = keys::signing_key(store, inspector, pin)?;
    keys::sign_pending_with(store, inspector, &key)?;
    let unsigned = store.unsigned_statements()?;
    if !unsigned.is_empty() {
        let mut names: Vec<String> = unsigned
            .iter()
            .filter_map(|a| a.statement.author_id)
            .map(|id| {
                store.get::<Inspector>(id.typed()).ok().flatten().map_or_else(|| id.to_string(), |p| p.value.name)
            })
            .collect();
        names.sort();
        names.dedup();
        return Err(ExportError::Unsigned { commands: unsigned.len(), names: names.join("、") });
    }
    let io = |e: std::io::Error| ExportError::Io { path: out.to_path_buf(), reason: crate::io_text::reason(&e) };
    let file_name = out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "export.daocha".into());
    let dir = out.parent().filter(|p| !p.as_os_str().is_empty()).map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let temp = dir.join(format!(".{file_name}.tmp-{}", std::process::id()));
    let _ = std::fs::remove_file(&temp);
    store.set_local_setting(crate::store::PENDING_EXPORT_KEY, &temp.to_string_lossy())?;
    let result = (|| -> Result<Manifest, ExportError> {
        // A new database with daocha's schema, filled from this one table by table: the signing
        // keys are never written into it, not even for a moment.
        // With this database's page size: a laptop made before 16 KiB pages hands on 4 KiB files
        // as it always did, and a merge reads either.
        let mut snapshot = Snapshot::create(&temp, store.page_size()?)
            .map_err(|e| ExportError::Io { path: out.to_path_buf(), reason: e.to_string() })?;
        let plan = (purpose == PLAN).then(|| PlanEntry {
            at: crate::store::write::stamp(store.now()),
            device_id: store.device_id(),
            inspector_id: Some(inspector.untyped()),
            action: "plan.export".into(),
            summary: "组长下发的检查计划（不含违纪违法线索）".into(),
        });
        snapshot.fill_from(store, plan.as_ref())?;
        let counts = snapshot.counts()?;
        let versions = snapshot.version_count()?;
        let manifest = Manifest {
            format: "daocha-export".into(),
            format_version: FORMAT_VERSION,
            schema_version: i64::try_from(schema::MIGRATIONS.len()).unwrap_or(0),
            device_id: store.device_id().to_string(),
            inspector_id: inspector.to_string(),
            inspector_name: person.value.name.clone(),
            public_key: public.hex.clone(),
            exported_at: store.now().to_rfc3339(),
            audit_head: snapshot.audit_head()?.unwrap_or_else(|| audit::GENESIS.to_string()),
            versions,
            counts,
            purpose: purpose.to_string(),
        };
        let text = to_canonical(&manifest).map_err(StoreError::from)?;
        let signature = keys::sign_with(&key, text.as_bytes());
        snapshot.add_meta(&[(MANIFEST_KEY, &text), (SIGNATURE_KEY, &signature)])?;
        let check = snapshot.quick_check()?;
        if check != "ok" {
            return Err(ExportError::Check(check));
        }
        drop(snapshot);
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
        for suffix in ["", "-journal"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", temp.display()));
        }
    }
    store.clear_local_setting(crate::store::PENDING_EXPORT_KEY)?;
    result
}
