//! The team lead's merge: a set union of versions. Each incoming file is checked on its own
//! (`untrusted`) and merged in one transaction or not at all. Merging is idempotent, commutative
//! and associative because versions are immutable and heads are recomputed from all versions of
//! a record, whatever order they arrived in. A record left with several heads is a conflict for
//! the lead to resolve; nothing is resolved silently and nothing is deleted.

pub mod dump;
pub mod export;
pub mod review;
pub mod untrusted;

use std::collections::BTreeSet;
use std::path::Path;

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use crate::store::write::VersionRow;
use crate::store::{Store, StoreError};

pub use untrusted::{Incoming, Rejection, read_untrusted};

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// New versions were merged.
    Merged,
    /// Everything in it was already here.
    Duplicate,
    /// Refused; the team database is untouched.
    Rejected,
}

/// The report of one file (the JSON shape is a contract).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileReport {
    /// As given.
    pub path: String,
    /// SHA-256 of the file.
    pub sha256: String,
    /// merged / duplicate / rejected.
    pub status: Status,
    /// Why (rejections), or a summary.
    pub reason: String,
    /// Versions added.
    pub new_versions: u64,
    /// Records touched by this file that now have more than one head.
    pub conflicts: u64,
}

/// Merges one file into `store`.
pub fn merge_file(store: &mut Store, path: &Path) -> Result<FileReport, StoreError> {
    merge_checked(store, path, read_untrusted(path))
}

/// Merges `paths` in order, checking the next file on a second thread while the current one is
/// written (checking is read-only and independent of the team database). `each` is told of
/// every file as it is done and may stop the rest by returning false. The same reports, in the
/// same order, as calling [`merge_file`] on each.
pub fn merge_files(
    store: &mut Store,
    paths: &[std::path::PathBuf],
    mut each: impl FnMut(usize, &FileReport) -> bool,
) -> Result<Vec<FileReport>, StoreError> {
    let crashed = || Err(Rejection("校验文件时程序出错，文件未合并".into()));
    let check = move |path: &Path| std::panic::catch_unwind(|| read_untrusted(path)).unwrap_or_else(|_| crashed());
    std::thread::scope(|scope| {
        let mut reports = Vec::with_capacity(paths.len());
        let mut next = paths.first().map(|p| scope.spawn(move || check(p)));
        for (i, path) in paths.iter().enumerate() {
            let Some(handle) = next.take() else { break };
            let checked = handle.join().unwrap_or_else(|_| crashed());
            next = paths.get(i + 1).map(|p| scope.spawn(move || check(p)));
            let report = merge_checked(store, path, checked)?;
            let go_on = each(i, &report);
            reports.push(report);
            if !go_on {
                break;
            }
        }
        Ok(reports)
    })
}

/// Merges a file whose check gave `checked`: a rejection is reported (and nothing stored).
fn merge_checked(
    store: &mut Store,
    path: &Path,
    checked: Result<Incoming, Rejection>,
) -> Result<FileReport, StoreError> {
    let shown = path.display().to_string();
    let incoming = match checked {
        Ok(incoming) => incoming,
        Err(rejection) => {
            let sha = std::fs::read(path).map(|b| crate::store::canonical::sha256_hex(&b)).unwrap_or_default();
            let report = FileReport {
                path: shown,
                sha256: sha,
                status: Status::Rejected,
                reason: rejection.0,
                new_versions: 0,
                conflicts: 0,
            };
            // A rejected file is reported, not stored: the team database stays byte-identical.
            return Ok(report);
        }
    };
    let report = merge_incoming(store, path, &incoming)?;
    log(store, path, &report, Some(&incoming))?;
    Ok(report)
}

/// Merges a checked file.
pub fn merge_incoming(store: &mut Store, path: &Path, incoming: &Incoming) -> Result<FileReport, StoreError> {
    let shown = path.display().to_string();
    let base = |status, reason: String, new_versions, conflicts| FileReport {
        path: shown.clone(),
        sha256: incoming.file_sha256.clone(),
        status,
        reason,
        new_versions,
        conflicts,
    };
    // Which versions and records are new? (Checked before writing, so a repeated file leaves
    // no trace in the data.) Asked in chunks rather than one query per version.
    let ids: Vec<String> = incoming.versions.iter().map(|row| row.envelope.version_id.to_string()).collect();
    let records: Vec<String> = {
        let mut r: Vec<String> = incoming.versions.iter().map(|row| row.envelope.record_id.to_string()).collect();
        r.sort_unstable();
        r.dedup();
        r
    };
    let existing_versions = present(store, "SELECT version_id FROM versions WHERE version_id IN", &ids)?;
    let existing_records = present(store, "SELECT record_id FROM current WHERE record_id IN", &records)?;
    let new_count = ids.iter().filter(|id| !existing_versions.contains(*id)).count() as u64;
    let new_blobs = {
        let mut stmt = store.conn().prepare_cached("SELECT 1 FROM blobs WHERE sha256 = ?1")?;
        let mut n = 0;
        for (sha, _) in &incoming.blobs {
            if stmt.query_row([sha], |_| Ok(())).optional()?.is_none() {
                n += 1;
            }
        }
        n
    };
    if new_count == 0 && new_blobs == 0 {
        return Ok(base(Status::Duplicate, "文件中的全部内容已在团队数据库中，无变化".into(), 0, 0));
    }
    let summary = format!(
        "合并 {} 的导出文件（{}，{} 个新版本）",
        incoming.manifest.inspector_name,
        path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default(),
        new_count
    );
    let result = store.write("merge", &summary, |w| {
        let mut touched = BTreeSet::new();
        let mut added = 0u64;
        // Records new to this database: all their versions at once, heads worked out in memory.
        let mut fresh: std::collections::BTreeMap<String, Vec<&VersionRow>> = Default::default();
        for row in &incoming.versions {
            let envelope = &row.envelope;
            let record = envelope.record_id.to_string();
            if existing_records.contains(&record) {
                if w.import_version(row)? {
                    added += 1;
                    touched.insert((envelope.record_id, envelope.kind));
                }
            } else {
                fresh.entry(record).or_default().push(row);
            }
        }
        for (record_id, kind) in &touched {
            w.recompute_heads(*record_id, *kind)?;
        }
        // Conflicts: records new here know their heads already; the others are asked.
        let mut conflicts = 0u64;
        for versions in fresh.values() {
            if w.import_new_record(versions)? > 1 {
                conflicts += 1;
            }
            added += versions.len() as u64;
        }
        for (sha, data) in &incoming.blobs {
            w.tx()
                .prepare_cached("INSERT OR IGNORE INTO blobs (sha256, data) VALUES (?1, ?2)")?
                .execute(params![sha, data])?;
        }
        for (record_id, _) in &touched {
            let heads: i64 = w
                .tx()
                .prepare_cached("SELECT n_heads FROM current WHERE record_id = ?1")?
                .query_row([record_id.to_string()], |r| r.get(0))?;
            if heads > 1 {
                conflicts += 1;
            }
        }
        Ok((added, conflicts))
    });
    match result {
        Ok((added, conflicts)) => Ok(base(
            Status::Merged,
            format!(
                "已合并 {added} 个新版本{}",
                if conflicts > 0 { format!("，{conflicts} 条记录存在冲突待处理") } else { String::new() }
            ),
            added,
            conflicts,
        )),
        // The same version id with different content: an integrity alert, the file is refused.
        Err(StoreError::Corrupt(reason)) => Ok(base(Status::Rejected, reason, 0, 0)),
        Err(other) => Err(other),
    }
}

/// Which of `keys` the query (`… WHERE column IN`) finds, asked 500 at a time.
fn present(store: &Store, query: &str, keys: &[String]) -> Result<std::collections::HashSet<String>, StoreError> {
    let mut found = std::collections::HashSet::new();
    for chunk in keys.chunks(500) {
        let placeholders = vec!["?"; chunk.len()].join(",");
        let mut stmt = store.conn().prepare(&format!("{query} ({placeholders})"))?;
        let rows = stmt.query_map(rusqlite::params_from_iter(chunk.iter()), |r| r.get::<_, String>(0))?;
        for row in rows {
            found.insert(row?);
        }
    }
    Ok(found)
}

/// Records a merged or duplicate file in the merge history (provenance).
fn log(store: &Store, path: &Path, report: &FileReport, incoming: Option<&Incoming>) -> Result<(), StoreError> {
    let status = match report.status {
        Status::Merged => "merged",
        Status::Duplicate => "duplicate",
        Status::Rejected => "rejected",
    };
    let manifest = incoming.map(|i| &i.manifest);
    store.conn().execute(
        "INSERT INTO merge_log (merged_at, file_name, file_sha256, status, reason, inspector_name, device_id, exported_at, versions_in_file, new_versions, conflicts)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            chrono::Utc::now().to_rfc3339(),
            path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default(),
            report.sha256,
            status,
            report.reason,
            manifest.map(|m| m.inspector_name.clone()),
            manifest.map(|m| m.device_id.clone()),
            manifest.map(|m| m.exported_at.clone()),
            incoming.map_or(0, |i| i.versions.len() as i64),
            i64::try_from(report.new_versions).unwrap_or(i64::MAX),
            i64::try_from(report.conflicts).unwrap_or(i64::MAX),
        ],
    )?;
    Ok(())
}

/// One row of the merge history.
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

/// The merge history, newest first.
pub fn history(store: &Store) -> Result<Vec<LogEntry>, StoreError> {
    let mut stmt = store.conn().prepare(
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
