//! The team lead's merge: a set union of versions. Each incoming file is checked on its own
//! (`untrusted`) and merged in one transaction or not at all. Merging is idempotent, commutative
//! and associative because versions are immutable and heads are recomputed from all versions of
//! a record, whatever order they arrived in. A record left with several heads is a conflict for
//! the lead to resolve; nothing is resolved silently and nothing is deleted.

pub mod dump;
pub mod export;
pub mod review;
pub mod untrusted;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use serde::Serialize;

use crate::domain::{RecordId, RecordKind, VersionId};
use crate::store::write::VersionRow;
use crate::store::{Store, StoreError};

pub use crate::store::merging::LogEntry;

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

/// The report of one file (the JSON shape is a contract: these keys stay; new ones may be added).
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
    /// Edits of another inspector's records this file brought (merged, and listed for the lead).
    pub foreign_edits: Vec<ForeignEdit>,
    /// The key of a file rejected because it is not on the roster: what the lead needs to register
    /// it after comparing the fingerprint with the inspector's screen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unregistered_key: Option<UnregisteredKey>,
}

/// A change of one inspector's record made by another: allowed, never silent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ForeignEdit {
    /// The record, in words (kind and what identifies it).
    pub record: String,
    /// The record's id.
    pub record_id: String,
    /// The version that changed it.
    pub version_id: String,
    /// Who changed it.
    pub by: String,
    /// Whose version it replaced.
    pub of: String,
    /// A deletion rather than an edit.
    pub deleted: bool,
}

/// The signing key of a file not (yet) on the roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnregisteredKey {
    /// The inspector the file says signed it.
    pub inspector_id: String,
    /// Their name, as the file states it.
    pub inspector: String,
    /// The public key, hex.
    pub public_key: String,
    /// Its fingerprint, to compare by eye.
    pub fingerprint: String,
}

/// Merges one file into `store` (a team database, or a laptop that joined the team).
pub fn merge_file(store: &mut Store, path: &Path) -> Result<FileReport, StoreError> {
    require_team(store)?;
    match read_untrusted(path) {
        Ok(incoming) => merge_incoming(store, path, &incoming),
        Err(rejection) => Ok(rejected_file(path, rejection)),
    }
}

/// Merges `paths` in order, checking the next file on a second thread while the current one is
/// written (checking is read-only and independent of the team database), and freeing each file's
/// checked data on a third once it is written (some 90,000 allocations a file, made by the
/// checking thread: freed on the writing one they cost it the time and the allocator's locks).
/// `each` is told of every file as it is done and may stop the rest by returning false. The same
/// reports, in the same order, as calling [`merge_file`] on each.
pub fn merge_files(
    store: &mut Store,
    paths: &[std::path::PathBuf],
    mut each: impl FnMut(usize, &FileReport) -> bool,
) -> Result<Vec<FileReport>, StoreError> {
    require_team(store)?;
    let crashed = || Err(Rejection("校验文件时程序出错，文件未合并".into()));
    let check = move |path: &Path| std::panic::catch_unwind(|| read_untrusted(path)).unwrap_or_else(|_| crashed());
    std::thread::scope(|scope| {
        let mut reports = Vec::with_capacity(paths.len());
        let mut next = paths.first().map(|p| scope.spawn(move || check(p)));
        for (i, path) in paths.iter().enumerate() {
            let Some(handle) = next.take() else { break };
            let checked = handle.join().unwrap_or_else(|_| crashed());
            next = paths.get(i + 1).map(|p| scope.spawn(move || check(p)));
            let report = match checked {
                Ok(incoming) => {
                    let report = merge_incoming(store, path, &incoming);
                    scope.spawn(move || drop(incoming));
                    report?
                }
                Err(rejection) => rejected_file(path, rejection),
            };
            let go_on = each(i, &report);
            reports.push(report);
            if !go_on {
                break;
            }
        }
        Ok(reports)
    })
}

/// Only a database that knows the team's keys can tell what to admit.
fn require_team(store: &Store) -> Result<(), StoreError> {
    if crate::team::anchor(store)?.is_none() {
        return Err(StoreError::Refused(
            crate::team::TeamError::NotTeam(store.path().display().to_string()).to_string(),
        ));
    }
    Ok(())
}

fn report(path: &Path, sha256: String, status: Status, reason: String) -> FileReport {
    FileReport {
        path: path.display().to_string(),
        sha256,
        status,
        reason,
        new_versions: 0,
        conflicts: 0,
        foreign_edits: Vec::new(),
        unregistered_key: None,
    }
}

/// The report of a file its check rejected: reported, not stored — the team database stays
/// byte-identical. (Hashed only if it is small enough to have been read at all.)
fn rejected_file(path: &Path, rejection: Rejection) -> FileReport {
    let sha = std::fs::metadata(path)
        .ok()
        .filter(|m| m.len() <= untrusted::MAX_FILE)
        .and_then(|_| std::fs::read(path).ok())
        .map(|b| crate::store::canonical::sha256_hex(&b))
        .unwrap_or_default();
    report(path, sha, Status::Rejected, rejection.0)
}

/// Merges a checked file: admitted only if its signer and the author of every version it brings are
/// on the team's roster, and only as a whole (one transaction, with its line in the merge history).
pub fn merge_incoming(store: &mut Store, path: &Path, incoming: &Incoming) -> Result<FileReport, StoreError> {
    let rejected = |reason: String| Ok(report(path, incoming.file_sha256.clone(), Status::Rejected, reason));
    let mut roster = crate::team::roster(store)?;
    roster.extend_signed(incoming.members.iter().cloned());
    if let Err(rejection) = admit_signer(store, &roster, incoming) {
        let mut r = report(path, incoming.file_sha256.clone(), Status::Rejected, rejection.reason);
        r.unregistered_key = rejection.unregistered;
        return Ok(r);
    }
    // Which versions and records are new? (Checked before writing, so a repeated file leaves
    // no trace in the data.)
    let known = Known::ask(store, incoming)?;
    if let Err(reason) = admit_versions(&roster, incoming, &known.versions, &known.records, &known.attestations) {
        return rejected(reason);
    }
    if let Some(reason) = lead_decisions_by_others(store, incoming, &known.versions)? {
        return rejected(reason);
    }
    let new_count = known.ids.iter().filter(|id| !known.versions.contains(*id)).count() as u64;
    let mut new_blobs = 0;
    for (sha, _) in &incoming.blobs {
        if !store.has_blob(sha)? {
            new_blobs += 1;
        }
    }
    if new_count == 0 && new_blobs == 0 {
        let r = report(
            path,
            incoming.file_sha256.clone(),
            Status::Duplicate,
            "文件中的全部内容已在团队数据库中，无变化".into(),
        );
        let merged_at = crate::store::write::stamp(store.now());
        store.log_merge(&log_entry(merged_at, path, &r, incoming))?;
        return Ok(r);
    }
    let foreign_edits = foreign_edits(store, &roster, incoming, &known.versions)?;
    let mut outsiders = unsigned_roster_entries(&roster, incoming);
    outsiders.sort();
    outsiders.dedup();
    let summary = format!(
        "合并 {} 的导出文件（{}，{} 个新版本）",
        incoming.manifest.inspector_name,
        path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default(),
        new_count
    );
    let result = store.write("merge", &summary, |w| {
        let (added, conflicts) = write_incoming(w, incoming, &known.records)?;
        let mut done = report(
            path,
            incoming.file_sha256.clone(),
            Status::Merged,
            merged_reason(added, conflicts, foreign_edits.len(), &outsiders),
        );
        done.new_versions = added;
        done.conflicts = conflicts;
        done.foreign_edits = foreign_edits.clone();
        // The history line is part of the merge: both are kept, or neither.
        let merged_at = crate::store::write::stamp(w.now());
        w.log_merge(&log_entry(merged_at, path, &done, incoming))?;
        Ok(done)
    });
    match result {
        Ok(done) => Ok(done),
        // The same version id with different content: an integrity alert, the file is refused.
        Err(StoreError::Corrupt(reason)) => rejected(reason),
        Err(other) => Err(other),
    }
}

/// What the team database already holds of an incoming file, asked in chunks rather than one
/// query per version.
struct Known {
    /// The file's versions.
    ids: Vec<VersionId>,
    /// Those of them already here.
    versions: HashSet<VersionId>,
    /// The file's records already here, with their kinds.
    records: HashMap<RecordId, RecordKind>,
    /// The file's statements already here, with their signatures.
    attestations: HashMap<String, Option<String>>,
}

impl Known {
    /// Asks `store` about the versions, records and statements of `incoming`.
    fn ask(store: &Store, incoming: &Incoming) -> Result<Known, StoreError> {
        let ids: Vec<VersionId> = incoming.versions.iter().map(|row| row.envelope.version_id).collect();
        let records: Vec<RecordId> = {
            let mut r: Vec<RecordId> = incoming.versions.iter().map(|row| row.envelope.record_id).collect();
            r.sort_unstable();
            r.dedup();
            r
        };
        let versions = store.known_versions(&ids)?;
        let records = store.kinds_of(&records)?;
        let attestation_ids: Vec<String> =
            incoming.attestations.iter().map(|a| a.statement.attestation_id.clone()).collect();
        let attestations = store.signatures_of(&attestation_ids)?;
        Ok(Known { ids, versions, records, attestations })
    }
}

/// Writes the file's versions, statements and blobs; returns how many versions were new and how
/// many records are left in conflict.
fn write_incoming(
    w: &mut crate::store::write::Writer<'_>,
    incoming: &Incoming,
    existing_records: &HashMap<RecordId, RecordKind>,
) -> Result<(u64, u64), StoreError> {
    let mut touched = BTreeSet::new();
    let mut added = 0u64;
    // Records new to this database: all their versions at once, heads worked out in memory.
    let mut fresh: std::collections::BTreeMap<RecordId, Vec<&VersionRow>> = Default::default();
    for row in &incoming.versions {
        let envelope = &row.envelope;
        let record = envelope.record_id;
        if existing_records.contains_key(&record) {
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
    // All in one go: the statements are prepared once for the whole file.
    let n_heads = w.import_new_records(fresh.values().map(Vec::as_slice))?;
    conflicts += n_heads.iter().filter(|n| **n > 1).count() as u64;
    added += fresh.values().map(|versions| versions.len() as u64).sum::<u64>();
    for attestation in &incoming.attestations {
        w.import_attestation(attestation)?;
    }
    for (sha, data) in &incoming.blobs {
        w.put_blob(sha, data)?;
    }
    for (record_id, _) in &touched {
        if w.n_heads(*record_id)? > 1 {
            conflicts += 1;
        }
    }
    Ok((added, conflicts))
}

/// What a merged file's report says: the new versions, the conflicts, the edits of other
/// inspectors' records and the roster entries the lead did not sign.
fn merged_reason(added: u64, conflicts: u64, foreign_edits: usize, outsiders: &[String]) -> String {
    format!(
        "已合并 {added} 个新版本{}{}{}",
        if conflicts > 0 { format!("，{conflicts} 条记录存在冲突待处理") } else { String::new() },
        if foreign_edits == 0 {
            String::new()
        } else {
            format!("，其中 {foreign_edits} 处修改了其他检查人员的记录（已列出，请组长查看）")
        },
        if outsiders.is_empty() {
            String::new()
        } else {
            format!(
                "；文件中有不是本队组长签名的团队名册记录（{}），已作为普通数据保存，不计入本队名册",
                outsiders.join("、")
            )
        }
    )
}

/// Why a file's signer is not admitted.
struct SignerRejection {
    reason: String,
    unregistered: Option<UnregisteredKey>,
}

/// The file's signing key must be on the roster, not revoked, and registered to the inspector the
/// file says signed it.
fn admit_signer(store: &Store, roster: &crate::team::Roster, incoming: &Incoming) -> Result<(), SignerRejection> {
    let m = &incoming.manifest;
    let fingerprint = crate::keys::fingerprint(&m.public_key);
    match roster.by_key.get(&m.public_key) {
        None => Err(SignerRejection {
            reason: format!(
                "此文件的签名密钥不在团队名册中：自称 {}，公钥指纹 {fingerprint}。团队数据库未作任何改动。请与{}当面核对其电脑“我的密钥”页上的指纹，一致后在“团队成员”页登记，或运行：daocha team add --db {} --inspector {} --inspector-id {} --public-key {}",
                m.inspector_name,
                m.inspector_name,
                store.path().display(),
                m.inspector_name,
                m.inspector_id,
                m.public_key
            ),
            unregistered: Some(UnregisteredKey {
                inspector_id: m.inspector_id.clone(),
                inspector: m.inspector_name.clone(),
                public_key: m.public_key.clone(),
                fingerprint,
            }),
        }),
        Some(member) if member.revoked => Err(SignerRejection {
            reason: format!(
                "此文件的签名密钥（{}，指纹 {fingerprint}）已被撤销：{}。团队数据库未作任何改动。",
                member.inspector, member.revoked_reason
            ),
            unregistered: None,
        }),
        // Registered by name before the laptop's record was known: the same person, another record.
        Some(member) if member.inspector_id != m.inspector_id && member.inspector == m.inspector_name.trim() => {
            Err(SignerRejection {
                reason: format!(
                    "此文件的签名密钥（指纹 {fingerprint}）已登记给 {}，但登记时绑定的是团队数据库中另一条“{}”记录，而不是其电脑上的那条。团队数据库未作任何改动。核对指纹无误后，请在“团队成员”页重新登记，或运行：daocha team add --db {} --inspector {} --inspector-id {} --public-key {}",
                    member.inspector,
                    member.inspector,
                    store.path().display(),
                    m.inspector_name,
                    m.inspector_id,
                    m.public_key
                ),
                unregistered: Some(UnregisteredKey {
                    inspector_id: m.inspector_id.clone(),
                    inspector: m.inspector_name.clone(),
                    public_key: m.public_key.clone(),
                    fingerprint,
                }),
            })
        }
        Some(member) if member.inspector_id != m.inspector_id => Err(SignerRejection {
            reason: format!(
                "此文件自称由 {} 签名，但其密钥（指纹 {fingerprint}）登记在 {} 名下：冒用他人名义，已拒绝。团队数据库未作任何改动。",
                m.inspector_name, member.inspector
            ),
            unregistered: None,
        }),
        Some(_) => Ok(()),
    }
}

/// Every version new to this database must be vouched for by a statement whose key is on the
/// roster and registered to the author the statement names; a record keeps its kind; a record that exists here gets no second first version.
/// The decisions only the lead may make (`crate::campaign::lead`: an approval, a 销号, a clue's
/// outcome) must come signed by the lead's key: a version that makes one, signed by anyone else,
/// rejects the file. The version it replaces is looked up in the file, else in this database.
fn lead_decisions_by_others(
    store: &Store,
    incoming: &Incoming,
    existing_versions: &HashSet<VersionId>,
) -> Result<Option<String>, StoreError> {
    let Some(anchor) = crate::team::anchor(store)? else { return Ok(None) };
    let signer: HashMap<&str, Option<&str>> =
        incoming.attestations.iter().map(|a| (a.statement.attestation_id.as_str(), a.public_key.as_deref())).collect();
    let in_file: HashMap<VersionId, &VersionRow> =
        incoming.versions.iter().map(|r| (r.envelope.version_id, r)).collect();
    for row in &incoming.versions {
        let envelope = &row.envelope;
        if !crate::campaign::lead::DECISION_KINDS.contains(&envelope.kind)
            || existing_versions.contains(&envelope.version_id)
        {
            continue;
        }
        let parse = |text: Option<&str>| text.and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok());
        let old = match envelope.supersedes.first() {
            None => None,
            Some(base) => match in_file.get(base) {
                Some(earlier) => parse(earlier.content.as_deref()),
                None => store.version_content(*base)?,
            },
        };
        let new = parse(row.content.as_deref());
        if !crate::campaign::lead::needs_lead(envelope.kind, old.as_ref(), new.as_ref()) {
            continue;
        }
        let key = row.attestation_id.as_deref().and_then(|id| signer.get(id).copied().flatten());
        if key != Some(anchor.as_str()) {
            return Ok(Some(format!(
                "文件中的版本 {} 作出了只有组长可以作出的决定（{}），却不是由组长的密钥签名：已拒绝。团队数据库未作任何改动。",
                envelope.version_id,
                envelope.kind.label()
            )));
        }
    }
    Ok(None)
}

fn admit_versions(
    roster: &crate::team::Roster,
    incoming: &Incoming,
    existing_versions: &HashSet<VersionId>,
    existing_records: &HashMap<RecordId, RecordKind>,
    known_attestations: &HashMap<String, Option<String>>,
) -> Result<(), String> {
    for attestation in &incoming.attestations {
        let id = &attestation.statement.attestation_id;
        // Statements this database holds signed already were admitted when they came.
        if known_attestations.get(id).is_some_and(|sig| sig.is_some() && *sig == attestation.signature) {
            continue;
        }
        let key = attestation.public_key.as_deref().unwrap_or_default();
        let Some(member) = roster.admitted(key) else {
            return Err(format!(
                "文件中有版本由不在团队名册中（或已撤销）的密钥签名（指纹 {}）：无法确认由团队成员写入。团队数据库未作任何改动。",
                crate::keys::fingerprint(key)
            ));
        };
        if let Some(author) = attestation.statement.author_id
            && author.to_string() != member.inspector_id
        {
            return Err(format!(
                "文件中有版本署名为另一位检查人员，却由 {} 的密钥签名：冒用他人名义写入，已拒绝。团队数据库未作任何改动。",
                member.inspector
            ));
        }
    }
    for row in &incoming.versions {
        let envelope = &row.envelope;
        let version = envelope.version_id;
        if existing_versions.contains(&version) {
            continue;
        }
        let record = envelope.record_id;
        if let Some(kind) = existing_records.get(&record) {
            if *kind != envelope.kind {
                let here = kind.label();
                return Err(format!(
                    "文件中的版本 {version} 把团队数据库中的{here}记录 {record} 写成了{}：记录类型不能改变，已拒绝。团队数据库未作任何改动。",
                    envelope.kind.label()
                ));
            }
            if envelope.supersedes.is_empty() {
                return Err(format!(
                    "文件中的版本 {version} 为团队数据库中已有的记录 {record} 另起了第一个版本：文件被改动，已拒绝。团队数据库未作任何改动。"
                ));
            }
        }
    }
    Ok(())
}

/// Roster entries a file brings that this team's lead did not sign (another team's roster on a
/// laptop used before, or someone registering keys themselves): kept as data, counted by nothing.
fn unsigned_roster_entries(roster: &crate::team::Roster, incoming: &Incoming) -> Vec<String> {
    let by_id: HashMap<&str, &crate::store::attest::Attestation> =
        incoming.attestations.iter().map(|a| (a.statement.attestation_id.as_str(), a)).collect();
    incoming
        .versions
        .iter()
        .filter(|row| row.envelope.kind == crate::domain::RecordKind::TeamMember)
        .filter(|row| {
            let signer =
                row.attestation_id.as_deref().and_then(|id| by_id.get(id)).and_then(|a| a.public_key.as_deref());
            !signer.is_some_and(|k| roster.is_anchor(k))
        })
        .filter_map(|row| serde_json::from_str::<crate::domain::TeamMember>(row.content.as_deref()?).ok())
        .map(|m| m.name)
        .collect()
}

/// The versions a file brings that replace a version by another author.
fn foreign_edits(
    store: &Store,
    roster: &crate::team::Roster,
    incoming: &Incoming,
    existing_versions: &HashSet<VersionId>,
) -> Result<Vec<ForeignEdit>, StoreError> {
    let in_file: HashMap<VersionId, &VersionRow> =
        incoming.versions.iter().map(|r| (r.envelope.version_id, r)).collect();
    let mut wanted: Vec<VersionId> = incoming
        .versions
        .iter()
        .filter(|r| !existing_versions.contains(&r.envelope.version_id))
        .flat_map(|r| r.envelope.supersedes.iter().copied())
        .filter(|v| !in_file.contains_key(v))
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let authors_here = store.authors_of(&wanted)?;
    let names: HashMap<String, String> =
        roster.by_key.values().map(|m| (m.inspector_id.clone(), m.inspector.clone())).collect();
    let name = |id: &str| names.get(id).cloned().unwrap_or_else(|| inspector_name(store, id));
    let mut out = Vec::new();
    for row in &incoming.versions {
        let envelope = &row.envelope;
        if existing_versions.contains(&envelope.version_id) {
            continue;
        }
        let Some(author) = envelope.author_id.map(|a| a.to_string()) else { continue };
        // An inspector's own record (their key, their phone) is theirs to keep up to date.
        if envelope.kind == crate::domain::RecordKind::Inspector && envelope.record_id.to_string() == author {
            continue;
        }
        for old in &envelope.supersedes {
            let previous = match in_file.get(old) {
                Some(r) => r.envelope.author_id.map(|a| a.to_string()),
                None => authors_here.get(old).copied().flatten().map(|a| a.to_string()),
            };
            if let Some(previous) = previous
                && previous != author
            {
                let content = match in_file.get(old) {
                    Some(r) => r.content.clone(),
                    None => store.version_content(*old)?.map(|v| v.to_string()),
                };
                out.push(ForeignEdit {
                    record: describe(envelope.kind, row.content.as_deref().or(content.as_deref())),
                    record_id: envelope.record_id.to_string(),
                    version_id: envelope.version_id.to_string(),
                    by: name(&author),
                    of: name(&previous),
                    deleted: row.content.is_none(),
                });
                break;
            }
        }
    }
    Ok(out)
}

/// A record in words: its kind and what identifies it to people.
pub fn describe(kind: crate::domain::RecordKind, content: Option<&str>) -> String {
    let value = content.and_then(|c| serde_json::from_str::<serde_json::Value>(c).ok());
    let detail = ["decision_no", "receipt_no", "name", "subject", "item", "measure", "file_name"]
        .iter()
        .find_map(|field| value.as_ref()?.get(*field)?.as_str().filter(|s| !s.is_empty()).map(str::to_string));
    match detail {
        Some(detail) => format!("{} {detail}", kind.label()),
        None => kind.label().to_string(),
    }
}

fn inspector_name(store: &Store, id: &str) -> String {
    id.parse::<crate::domain::RecordId>()
        .ok()
        .and_then(|r| store.get::<crate::domain::Inspector>(r.typed()).ok().flatten())
        .map_or_else(|| id.to_string(), |i| i.value.name)
}

/// The merge history line of a merged or duplicate file (provenance), at `merged_at` by the
/// store's clock.
fn log_entry(merged_at: String, path: &Path, report: &FileReport, incoming: &Incoming) -> LogEntry {
    let status = match report.status {
        Status::Merged => "merged",
        Status::Duplicate => "duplicate",
        Status::Rejected => "rejected",
    };
    let manifest = &incoming.manifest;
    LogEntry {
        merged_at,
        file_name: path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default(),
        file_sha256: report.sha256.clone(),
        status: status.to_string(),
        reason: report.reason.clone(),
        inspector_name: Some(manifest.inspector_name.clone()),
        device_id: Some(manifest.device_id.clone()),
        exported_at: Some(manifest.exported_at.clone()),
        versions_in_file: incoming.versions.len() as i64,
        new_versions: i64::try_from(report.new_versions).unwrap_or(i64::MAX),
        conflicts: i64::try_from(report.conflicts).unwrap_or(i64::MAX),
    }
}

/// The merge history, newest first.
pub fn history(store: &Store) -> Result<Vec<LogEntry>, StoreError> {
    store.merge_history()
}
