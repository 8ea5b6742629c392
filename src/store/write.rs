//! The one door for writes. [`Store::write`] runs a closure against a [`Writer`] inside one
//! immediate transaction; every version the closure writes is recorded, and when it returns `Ok`
//! one audit entry covering exactly those versions is appended to the hash chain before commit.
//! If the closure fails, nothing of it is kept.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use serde_json::Value;

use super::audit::{self, AuditEntry};
use super::canonical::{sha256_hex, to_canonical, to_canonical_with_str, value_to_canonical};
use super::sql::Sha256;
use super::{Result, Store, StoreError};
use crate::domain::clock::Minter;
use crate::domain::records::{Record, RecordKind, normalise_json};
use crate::domain::{DeviceId, Id, Inspector, RecordId, VersionId};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hand_written_digest_line_is_the_canonical_json() {
        let id = || RecordId(uuid::Uuid::now_v7());
        let version = || VersionId(uuid::Uuid::now_v7());
        for (author, scope, supersedes) in [
            (Some(id()), Some(id()), vec![version(), version()]),
            (None, None, vec![]),
            (Some(id()), None, vec![version()]),
        ] {
            let envelope = Envelope {
                version_id: version(),
                record_id: id(),
                kind: RecordKind::LedgerEntry,
                scope_id: scope,
                supersedes,
                author_id: author,
                device_id: DeviceId(uuid::Uuid::now_v7()),
                created_at: "2017-09-12T06:30:00.000Z".into(),
                content_sha256: sha256_hex(b"x"),
            };
            assert_eq!(envelope.digest_line().unwrap(), to_canonical(&envelope).unwrap());
        }
    }
}

/// How many records [`Writer::create_all`] prepares at a time.
pub const BATCH: usize = 1000;

/// Formats a time the way versions and audit entries store it (RFC 3339, UTC, milliseconds).
pub fn stamp(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The immutable metadata of one version; its canonical JSON is what the audit chain hashes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Envelope {
    /// This version.
    pub version_id: VersionId,
    /// The record it is a version of.
    pub record_id: RecordId,
    /// The record's kind.
    pub kind: RecordKind,
    /// The inspection the record belongs to, if any.
    pub scope_id: Option<RecordId>,
    /// The versions it replaces, sorted.
    pub supersedes: Vec<VersionId>,
    /// Who wrote it.
    pub author_id: Option<RecordId>,
    /// Where it was written.
    pub device_id: DeviceId,
    /// When (RFC 3339, UTC, milliseconds).
    pub created_at: String,
    /// SHA-256 of the canonical content (of `null` for a tombstone).
    pub content_sha256: String,
}

impl Envelope {
    /// The line the audit entry's digest covers: the envelope's canonical JSON. Written out by
    /// hand (every field is an id, a hash, a time or a kind name: nothing to escape) because it
    /// runs once per version and an import writes 100k of them; a test keeps it equal to
    /// [`to_canonical`].
    pub fn digest_line(&self) -> Result<String> {
        if self.content_sha256.contains(['"', '\\']) || self.created_at.contains(['"', '\\']) {
            // Never produced by daocha; keep the general path for anything odd from elsewhere.
            return Ok(to_canonical(self)?);
        }
        // Pushed piece by piece, each id written by `uuid` into a buffer on the stack: a merge
        // makes one of these per version it checks, and `format!` would cost more than the line.
        let mut line =
            String::with_capacity(330 + self.content_sha256.len() + self.created_at.len() + 39 * self.supersedes.len());
        let mut buffer = uuid::Uuid::encode_buffer();
        let mut id = |line: &mut String, uuid: &uuid::Uuid| {
            line.push('"');
            line.push_str(uuid.hyphenated().encode_lower(&mut buffer));
            line.push('"');
        };
        let opt = |line: &mut String, value: Option<RecordId>, id: &mut dyn FnMut(&mut String, &uuid::Uuid)| match value
        {
            Some(value) => id(line, &value.0),
            None => line.push_str("null"),
        };
        line.push_str("{\"author_id\":");
        opt(&mut line, self.author_id, &mut id);
        line.push_str(",\"content_sha256\":\"");
        line.push_str(&self.content_sha256);
        line.push_str("\",\"created_at\":\"");
        line.push_str(&self.created_at);
        line.push_str("\",\"device_id\":");
        id(&mut line, &self.device_id.0);
        line.push_str(",\"kind\":\"");
        line.push_str(self.kind.as_str());
        line.push_str("\",\"record_id\":");
        id(&mut line, &self.record_id.0);
        line.push_str(",\"scope_id\":");
        opt(&mut line, self.scope_id, &mut id);
        line.push_str(",\"supersedes\":[");
        for (i, v) in self.supersedes.iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            id(&mut line, &v.0);
        }
        line.push_str("],\"version_id\":");
        id(&mut line, &self.version_id.0);
        line.push('}');
        Ok(line)
    }
}

/// One version written by a command, with what it was based on: enough to undo it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// The record.
    pub record_id: RecordId,
    /// Its kind.
    pub kind: RecordKind,
    /// The version written.
    pub version_id: VersionId,
    /// The version it replaced (`None` when the record was created).
    pub base: Option<VersionId>,
}

/// A version a command wrote itself, kept as compact as its digest line allows: the line (about
/// 420 bytes of text) is made again when the command's digest is, so a million-row import holds
/// about a hundred megabytes of these instead of four hundred of lines. The author and device are
/// the command's, the same for all of them.
#[derive(Debug, Clone)]
struct OwnVersion {
    content_sha256: [u8; 32],
    version_id: VersionId,
    record_id: RecordId,
    scope_id: Option<RecordId>,
    created_at: DateTime<Utc>,
    supersedes: Box<[VersionId]>,
    kind: RecordKind,
}

impl OwnVersion {
    /// The compact form of `envelope`, written at `created_at` (what its `created_at` text stamps).
    fn of(envelope: &Envelope, created_at: DateTime<Utc>) -> Result<OwnVersion> {
        let content_sha256 = super::sql::sha256_bytes(&envelope.content_sha256)
            .map_err(|_| StoreError::Corrupt(format!("内容散列不是 SHA-256：{}", envelope.content_sha256)))?;
        debug_assert_eq!(stamp(created_at), envelope.created_at);
        Ok(OwnVersion {
            content_sha256,
            version_id: envelope.version_id,
            record_id: envelope.record_id,
            scope_id: envelope.scope_id,
            created_at,
            supersedes: envelope.supersedes.clone().into_boxed_slice(),
            kind: envelope.kind,
        })
    }

    /// Its digest line, as [`Envelope::digest_line`] made it when it was written.
    fn line(&self, author_id: Option<RecordId>, device_id: DeviceId) -> Result<String> {
        Envelope {
            version_id: self.version_id,
            record_id: self.record_id,
            kind: self.kind,
            scope_id: self.scope_id,
            supersedes: self.supersedes.to_vec(),
            author_id,
            device_id,
            created_at: stamp(self.created_at),
            content_sha256: super::canonical::hex(&self.content_sha256),
        }
        .digest_line()
    }

    /// The digest of `own` ([`audit::versions_digest`] of their lines), the lines made one at a
    /// time in their sorted order. Every line starts with the same author and then the content's
    /// hash in hex, whose order is that of the raw bytes: sorting by the hash sorts the lines, and
    /// only versions of equal content need their lines compared.
    fn digest(own: &mut [OwnVersion], author_id: Option<RecordId>, device_id: DeviceId) -> Result<String> {
        own.sort_unstable_by(|a, b| {
            a.content_sha256.cmp(&b.content_sha256).then_with(|| {
                let line = |v: &OwnVersion| v.line(author_id, device_id).unwrap_or_default();
                line(a).cmp(&line(b))
            })
        });
        let lines = own.iter().map(|v| v.line(author_id, device_id));
        audit::sorted_lines_digest(lines)
    }
}

/// Builds the version rows of one command. Obtained only from [`Store::write`].
pub struct Writer<'s> {
    pub(super) tx: Transaction<'s>,
    minter: &'s mut dyn Minter,
    device_id: DeviceId,
    author: Option<Id<Inspector>>,
    audit_seq: i64,
    /// The statement this command's own versions are vouched for by (`device:seq`).
    attestation_id: String,
    /// The versions this command wrote itself, compact: their digest lines are made again when the
    /// command's digest is (see [`OwnVersion`]).
    own: Vec<OwnVersion>,
    /// Digest lines of versions made elsewhere that it added (merge): covered by the audit entry,
    /// vouched for by their own statements.
    imported_lines: Vec<String>,
    written: Vec<Written>,
    /// Whether `written` is kept (see [`Store::write_tracked`]).
    track: bool,
}

impl Store {
    /// The one door for writes: runs `body` in one transaction and appends one audit entry with
    /// `action` (a stable code such as `receipt.update`) and `summary` (Chinese, for people).
    pub fn write<R>(
        &mut self,
        action: &str,
        summary: &str,
        body: impl FnOnce(&mut Writer<'_>) -> Result<R>,
    ) -> Result<R> {
        self.run(action, false, |w| body(w).map(|result| (result, summary.to_string()))).map(|(result, _)| result)
    }

    /// Like [`Store::write`], and also returns every version the command wrote (for undo).
    pub fn write_tracked<R>(
        &mut self,
        action: &str,
        summary: &str,
        body: impl FnOnce(&mut Writer<'_>) -> Result<R>,
    ) -> Result<(R, Vec<Written>)> {
        self.run(action, true, |w| body(w).map(|result| (result, summary.to_string())))
    }

    /// Like [`Store::write`], for a command that can say what it did only once it has done it (an
    /// import that reads and writes its rows in one pass): `body` returns the summary.
    pub fn write_summarised<R>(
        &mut self,
        action: &str,
        body: impl FnOnce(&mut Writer<'_>) -> Result<(R, String)>,
    ) -> Result<R> {
        self.run(action, false, body).map(|(result, _)| result)
    }

    /// The one door's work; `track` keeps the list of versions written (a million-row import
    /// needs none, and it would be 56 MB).
    fn run<R>(
        &mut self,
        action: &str,
        track: bool,
        body: impl FnOnce(&mut Writer<'_>) -> Result<(R, String)>,
    ) -> Result<(R, Vec<Written>)> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let audit_seq: i64 = tx.query_row("SELECT coalesce(max(seq), 0) + 1 FROM audit_log", [], |r| r.get(0))?;
        let mut writer = Writer {
            tx,
            minter: self.minter.as_mut(),
            device_id: self.device_id,
            author: self.author,
            audit_seq,
            attestation_id: super::attest::id_of(self.device_id, audit_seq),
            own: Vec::new(),
            imported_lines: Vec::new(),
            written: Vec::new(),
            track,
        };
        let (result, summary) = body(&mut writer)?;
        let Writer { tx, minter, device_id, author, attestation_id, mut own, imported_lines, written, .. } = writer;
        let at = minter.now();
        let author_id = author.map(|id| id.untyped());
        let own_digest = OwnVersion::digest(&mut own, author_id, device_id)?;
        if !own.is_empty() {
            let statement = super::attest::Statement {
                attestation_id,
                author_id: author.map(|id| id.untyped()),
                device_id,
                seq: audit_seq,
                at: stamp(at),
                n_versions: i64::try_from(own.len()).unwrap_or(i64::MAX),
                versions_sha256: own_digest.clone(),
            };
            // Signed now if the author's key is open for this session, else when they export.
            let key = self.session.as_ref().filter(|s| author.is_none_or(|a| a == s.inspector)).map(|s| &s.key);
            super::attest::insert(&tx, &statement, key)?;
        }
        let n_versions = own.len() + imported_lines.len();
        let versions_sha256 = if imported_lines.is_empty() {
            own_digest
        } else {
            // A merge: its own versions (few) are sorted in among the ones it brought in.
            let own_lines = own.iter().map(|v| v.line(author_id, device_id)).collect::<Result<Vec<_>>>()?;
            audit::versions_digest(own_lines.iter().chain(imported_lines.iter()))
        };
        let entry = AuditEntry {
            seq: audit_seq,
            at: stamp(at),
            device_id,
            inspector_id: author.map(|id| id.untyped()),
            action: action.to_string(),
            summary,
            n_versions: i64::try_from(n_versions).unwrap_or(i64::MAX),
            versions_sha256,
            prev_hash: String::new(),
            entry_hash: String::new(),
        };
        audit::append(&tx, entry)?;
        tx.commit()?;
        if let Some(checkpointer) = &self.checkpointer {
            checkpointer.committed();
        }
        self.last_write = Some(at);
        Ok((result, written))
    }
}

impl Writer<'_> {
    /// Creates a new record and returns its id.
    pub fn create<T: Record>(&mut self, value: &T) -> Result<Id<T>> {
        validate(value)?;
        let record_id = RecordId(self.minter.uuid());
        let content = serde_json::to_value(value)?;
        self.put_version(record_id, T::KIND, Vec::new(), Some(&content), true)?;
        Ok(record_id.typed())
    }

    /// Writes a new version of `id` that supersedes `base` (the version the user edited).
    pub fn update<T: Record>(&mut self, id: Id<T>, base: VersionId, value: &T) -> Result<VersionId> {
        validate(value)?;
        self.require_head(id.untyped(), T::KIND, base)?;
        let content = serde_json::to_value(value)?;
        self.put_version(id.untyped(), T::KIND, vec![base], Some(&content), false)
    }

    /// Writes a tombstone over `base`: the record disappears from lists, its history stays.
    pub fn delete<T: Record>(&mut self, id: Id<T>, base: VersionId) -> Result<VersionId> {
        self.require_head(id.untyped(), T::KIND, base)?;
        self.put_version(id.untyped(), T::KIND, vec![base], None, false)
    }

    /// Creates a record from JSON content (checked as its kind requires).
    pub fn create_json(&mut self, kind: RecordKind, content: &Value) -> Result<(RecordId, VersionId)> {
        let content = normalise_json(kind, content).map_err(StoreError::Invalid)?;
        let record_id = RecordId(self.minter.uuid());
        let version_id = self.put_version(record_id, kind, Vec::new(), Some(&content), true)?;
        Ok((record_id, version_id))
    }

    /// Writes a version of a record over `base` from JSON content, or a tombstone for `None`.
    /// The generic form of [`Writer::update`] and [`Writer::delete`], used by undo.
    pub fn update_json(
        &mut self,
        record_id: RecordId,
        kind: RecordKind,
        base: VersionId,
        content: Option<&Value>,
    ) -> Result<VersionId> {
        let content = content.map(|c| normalise_json(kind, c).map_err(StoreError::Invalid)).transpose()?;
        self.require_head(record_id, kind, base)?;
        self.put_version(record_id, kind, vec![base], content.as_ref(), false)
    }

    /// Writes a version that supersedes every current head of the record: how a conflict is
    /// resolved (by choosing or combining) and how the undo of a delete brings a record back.
    pub fn resolve(&mut self, record_id: RecordId, kind: RecordKind, content: Option<&Value>) -> Result<VersionId> {
        let content = content.map(|c| normalise_json(kind, c).map_err(StoreError::Invalid)).transpose()?;
        let content = content.as_ref();
        let heads = self.heads(record_id)?;
        if heads.is_empty() {
            return Err(StoreError::NotFound(record_id.to_string()));
        }
        self.put_version(record_id, kind, heads, content, false)
    }

    /// Adds a version made elsewhere (merge). Returns `Ok(false)` if the store already has it,
    /// and an error if it has a version with the same id but different content.
    pub fn import_version(&mut self, row: &VersionRow) -> Result<bool> {
        let envelope = &row.envelope;
        let existing: Option<(RecordId, RecordKind, Sha256, String)> = self
            .tx
            .prepare_cached("SELECT record_id, kind, content_sha256, created_at FROM versions WHERE version_id = ?1")?
            .query_row([envelope.version_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        if let Some((record, kind, sha, created)) = existing {
            let same = record == envelope.record_id
                && kind == envelope.kind
                && sha.0 == envelope.content_sha256
                && created == envelope.created_at;
            if same {
                return Ok(false);
            }
            return Err(StoreError::Corrupt(format!(
                "完整性警报：版本 {} 在两处内容不同（记录 {}）",
                envelope.version_id, envelope.record_id
            )));
        }
        insert_version(&self.tx, row, self.audit_seq)?;
        self.imported_lines.push(row.digest_line.clone());
        Ok(true)
    }

    /// Adds a statement made elsewhere (merge), or the signature of one of ours signed on a copy.
    pub fn import_attestation(&mut self, attestation: &super::attest::Attestation) -> Result<bool> {
        super::attest::import(&self.tx, attestation)
    }

    /// Adds versions made elsewhere that the caller knows are new, of a record that has no
    /// versions here yet: heads and current are worked out from these versions alone (those no
    /// other of them supersedes; shown: the latest by time, then id — as [`set_heads`]).
    /// Returns how many heads it has (more than one: a conflict).
    pub fn import_new_record(&mut self, versions: &[&VersionRow]) -> Result<usize> {
        Ok(self.import_new_records([versions])?.pop().unwrap_or(0))
    }

    /// [`Writer::import_new_record`] for each of `records` (the versions of one record each), in
    /// order, with the statements prepared once for all of them (a merged file brings thousands):
    /// how many heads each has.
    pub fn import_new_records<'r>(
        &mut self,
        records: impl IntoIterator<Item = &'r [&'r VersionRow]>,
    ) -> Result<Vec<usize>> {
        let Writer { tx, imported_lines, audit_seq, .. } = self;
        let audit_seq = *audit_seq;
        let mut insert_version = tx.prepare_cached(INSERT_VERSION)?;
        let mut insert_current = tx.prepare_cached(INSERT_CURRENT)?;
        let mut out = Vec::new();
        for versions in records {
            let Some(first) = versions.first() else {
                out.push(0);
                continue;
            };
            if let [only] = versions
                && only.envelope.supersedes.is_empty()
            {
                // The common case: a record with one version is its own only head.
                bind_version(&mut insert_version, only, audit_seq)?;
                imported_lines.push(only.digest_line.clone());
                bind_current(&mut insert_current, only, 1)?;
                out.push(1);
                continue;
            }
            let record = first.envelope.record_id;
            let superseded: std::collections::HashSet<VersionId> =
                versions.iter().flat_map(|row| row.envelope.supersedes.iter().copied()).collect();
            for row in versions {
                bind_version(&mut insert_version, row, audit_seq)?;
                imported_lines.push(row.digest_line.clone());
            }
            let heads: Vec<&&VersionRow> =
                versions.iter().filter(|row| !superseded.contains(&row.envelope.version_id)).collect();
            let Some(winner) = heads.iter().max_by(|a, b| {
                (&a.envelope.created_at, a.envelope.version_id).cmp(&(&b.envelope.created_at, b.envelope.version_id))
            }) else {
                return Err(StoreError::Corrupt(format!("记录 {record} 的版本互相取代，没有当前版本")));
            };
            if heads.len() > 1 {
                let mut insert_head = tx.prepare_cached("INSERT INTO heads (record_id, version_id) VALUES (?1, ?2)")?;
                for row in &heads {
                    insert_head.execute(params![record, row.envelope.version_id])?;
                }
            }
            bind_current(&mut insert_current, winner, heads.len())?;
            out.push(heads.len());
        }
        Ok(out)
    }

    /// Creates one record of each value, as [`Writer::create`] would one by one, with the same
    /// ids, times and rows (see [`Writer::create_stream`]). `tick` is called with the number
    /// written so far every [`BATCH`] records; an error from it (a cancel) stops the batch.
    /// The values may be owned or borrowed (`&[T]` or `&[&T]`), so a caller holding them
    /// elsewhere need not copy them.
    pub fn create_all<T: Record, V: std::borrow::Borrow<T> + Sync>(
        &mut self,
        values: &[V],
        tick: impl FnMut(usize) -> Result<()>,
    ) -> Result<Vec<RecordId>> {
        self.create_stream(values.chunks(BATCH), |value: &V| Some(value.borrow()), tick)
    }

    /// Creates one record of each value of each batch (those `view` shows a record in; others are
    /// passed over), as [`Writer::create`] would one by one, in order. The batches are taken from
    /// `batches` on a second thread, which mints each record's ids and time, validates,
    /// serialises and hashes it, and frees each batch there, while this one inserts: an import
    /// hands over the batches as its file is read, so a file's rows are read, prepared and
    /// written at once. `tick` is called after each batch with the number written so far; an
    /// error from it (a cancel) or from a value stops the writing (the command then rolls back).
    pub fn create_stream<T, V, B, I>(
        &mut self,
        batches: I,
        view: impl Fn(&V) -> Option<&T> + Send,
        mut tick: impl FnMut(usize) -> Result<()>,
    ) -> Result<Vec<RecordId>>
    where
        T: Record,
        B: AsRef<[V]> + Send,
        I: Iterator<Item = B> + Send,
    {
        let (author_id, device_id) = (self.author.map(|id| id.untyped()), self.device_id);
        let Writer { tx, minter, audit_seq, attestation_id, own, written, track, .. } = self;
        let (minter, attestation_id, audit_seq, track) = (&mut **minter, attestation_id.as_str(), *audit_seq, *track);
        let prepare = |value: &T, record_id: RecordId, version_id: VersionId, created_at: DateTime<Utc>| {
            validate(value)?;
            // The canonical text straight from the record, its scope read on the way (no JSON
            // tree of it made): the same bytes and scope as from its `serde_json::Value`.
            let (text, inspection_id) = to_canonical_with_str(value, SCOPE_FIELD)?;
            let envelope = Envelope {
                version_id,
                record_id,
                kind: T::KIND,
                scope_id: scope_from(T::KIND, record_id, inspection_id.as_deref()),
                supersedes: Vec::new(),
                author_id,
                device_id,
                created_at: stamp(created_at),
                content_sha256: sha256_hex(text.as_bytes()),
            };
            let compact = OwnVersion::of(&envelope, created_at)?;
            Ok((VersionRow::unlined(envelope, Some(text))?.attested_by(attestation_id), compact))
        };
        let (send, receive) = std::sync::mpsc::sync_channel::<Result<Prepared>>(4);
        // Written batches go back to the thread that made them, to be freed there: freeing another
        // thread's allocations costs this one the time and the allocator's locks.
        let (give_back, given_back) = std::sync::mpsc::channel::<Vec<VersionRow>>();
        std::thread::scope(|scope| {
            scope.spawn(move || {
                // Owned by this thread, so the channel closes when it is done.
                let send = send;
                for batch in batches {
                    while let Ok(written) = given_back.try_recv() {
                        drop(written);
                    }
                    let values = batch.as_ref();
                    let mut prepared =
                        Prepared { rows: Vec::with_capacity(values.len()), own: Vec::with_capacity(values.len()) };
                    let mut failed = None;
                    for value in values.iter().filter_map(&view) {
                        let record_id = RecordId(minter.uuid());
                        let version_id = VersionId(minter.uuid());
                        match prepare(value, record_id, version_id, minter.now()) {
                            Ok((row, compact)) => {
                                prepared.rows.push(row);
                                prepared.own.push(compact);
                            }
                            Err(e) => {
                                failed = Some(e);
                                break;
                            }
                        }
                    }
                    drop(batch);
                    // A closed channel means the writer stopped (an error or a cancel): stop too.
                    let stop = failed.is_some();
                    if send.send(failed.map_or(Ok(prepared), Err)).is_err() || stop {
                        break;
                    }
                }
                drop(send);
                // Until the writer is done with the last batch (and drops its sender).
                for written in given_back {
                    drop(written);
                }
            });
            let give_back = give_back;
            let mut created = Vec::new();
            for prepared in receive {
                let Prepared { rows, own: compact } = prepared?;
                for row in &rows {
                    insert_version(tx, row, audit_seq)?;
                    insert_current(tx, row, 1)?;
                    let envelope = &row.envelope;
                    if track {
                        written.push(Written {
                            record_id: envelope.record_id,
                            kind: envelope.kind,
                            version_id: envelope.version_id,
                            base: None,
                        });
                    }
                    created.push(envelope.record_id);
                }
                own.extend(compact);
                // The other thread may be gone already (it stops at a failed row): then free here.
                let _ = give_back.send(rows);
                tick(created.len())?;
            }
            Ok(created)
        })
    }

    /// Recomputes a record's heads from all its versions (those no other version supersedes) and
    /// its current row. Independent of the order versions arrived in.
    pub fn recompute_heads(&mut self, record_id: RecordId, kind: RecordKind) -> Result<()> {
        let heads = self
            .tx
            .prepare_cached(
                "SELECT v.version_id FROM versions v
                 WHERE v.record_id = ?1 AND NOT EXISTS (
                     SELECT 1 FROM versions w, json_each(w.supersedes) s
                     WHERE w.record_id = ?1 AND unhex(replace(s.value, '-', '')) = v.version_id)
                 ORDER BY v.version_id",
            )?
            .query_map([record_id], |r| r.get::<_, VersionId>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        set_heads(&self.tx, record_id, kind, &heads)
    }

    /// The current head versions of a record, in id order.
    pub fn heads(&self, record_id: RecordId) -> Result<Vec<VersionId>> {
        heads_of(&self.tx, record_id)
    }

    /// How many heads a record has now (more than one: a conflict), as this command leaves it.
    pub fn n_heads(&self, record_id: RecordId) -> Result<i64> {
        Ok(self
            .tx
            .prepare_cached("SELECT n_heads FROM current WHERE record_id = ?1")?
            .query_row([record_id], |r| r.get(0))
            .optional()?
            .unwrap_or(0))
    }

    /// The content hash of a version (`None` if there is no such version), as this command sees it.
    pub fn content_sha256(&self, version_id: VersionId) -> Result<Option<String>> {
        Ok(self
            .tx
            .prepare_cached("SELECT content_sha256 FROM versions WHERE version_id = ?1")?
            .query_row([version_id], |r| r.get::<_, Sha256>(0))
            .optional()?
            .map(|sha| sha.0))
    }

    /// The current time by the store's clock.
    pub fn now(&mut self) -> DateTime<Utc> {
        self.minter.now()
    }

    fn require_head(&self, record_id: RecordId, kind: RecordKind, base: VersionId) -> Result<()> {
        let stored_kind: Option<RecordKind> = self
            .tx
            .prepare_cached("SELECT kind FROM current WHERE record_id = ?1")?
            .query_row([record_id], |r| r.get(0))
            .optional()?;
        match stored_kind {
            None => return Err(StoreError::NotFound(record_id.to_string())),
            Some(k) if k != kind => {
                return Err(StoreError::Corrupt(format!("记录 {record_id} 的类型是 {k}，不是 {}", kind.as_str())));
            }
            Some(_) => {}
        }
        if self.heads(record_id)?.contains(&base) { Ok(()) } else { Err(StoreError::Stale) }
    }

    /// Appends one version and brings `heads` and `current` up to date. `fresh` marks a record
    /// id minted by this call, which can skip looking for other heads.
    fn put_version(
        &mut self,
        record_id: RecordId,
        kind: RecordKind,
        mut supersedes: Vec<VersionId>,
        content: Option<&Value>,
        fresh: bool,
    ) -> Result<VersionId> {
        supersedes.sort();
        supersedes.dedup();
        if kind.is_final() && !supersedes.is_empty() {
            return Err(StoreError::Refused(format!(
                "已签署的{}不能修改、删除或撤销；如需更正，请签署新版本的反馈意见书。",
                kind.label()
            )));
        }
        let version_id = VersionId(self.minter.uuid());
        let now = self.minter.now();
        let created_at = stamp(now);
        let content_text = content.map(value_to_canonical).transpose()?;
        let content_sha256 = sha256_hex(content_text.as_deref().unwrap_or("null").as_bytes());
        let scope_id = match content {
            Some(value) => scope_of(kind, record_id, value),
            None => self.previous_scope(record_id)?,
        };
        let envelope = Envelope {
            version_id,
            record_id,
            kind,
            scope_id,
            supersedes,
            author_id: self.author.map(|id| id.untyped()),
            device_id: self.device_id,
            created_at,
            content_sha256,
        };
        let row = VersionRow::new(envelope, content_text)?.attested_by(&self.attestation_id);
        insert_version(&self.tx, &row, self.audit_seq)?;
        if fresh {
            insert_current(&self.tx, &row, 1)?;
        } else {
            refresh_heads(&self.tx, &row.envelope)?;
        }
        if self.track {
            self.written.push(Written { record_id, kind, version_id, base: row.envelope.supersedes.first().copied() });
        }
        self.own.push(OwnVersion::of(&row.envelope, now)?);
        Ok(version_id)
    }

    fn previous_scope(&self, record_id: RecordId) -> Result<Option<RecordId>> {
        let scope: Option<Option<RecordId>> = self
            .tx
            .prepare_cached("SELECT scope_id FROM current WHERE record_id = ?1")?
            .query_row([record_id], |r| r.get(0))
            .optional()?;
        Ok(scope.flatten())
    }
}

fn validate<T: Record>(value: &T) -> Result<()> {
    value.validate().map_err(StoreError::Invalid)
}

/// The inspection a record belongs to: its `inspection_id` field, or itself for an inspection.
pub(crate) fn scope_of(kind: RecordKind, record_id: RecordId, content: &Value) -> Option<RecordId> {
    scope_from(kind, record_id, content.get(SCOPE_FIELD).and_then(Value::as_str))
}

/// The field a record's scope is read from.
const SCOPE_FIELD: &str = "inspection_id";

/// [`scope_of`] a record whose `inspection_id` field, if a string, is `inspection_id`.
fn scope_from(kind: RecordKind, record_id: RecordId, inspection_id: Option<&str>) -> Option<RecordId> {
    if kind == RecordKind::Inspection {
        return Some(record_id);
    }
    inspection_id.and_then(|s| s.parse().ok())
}

/// A version ready to insert: the envelope, its content, its `supersedes` column, and the line the
/// audit digest covers. Built off the writing thread where it can be (a batch of
/// creates, a checked incoming file), so the thread that holds the transaction only binds values.
#[derive(Debug, Clone)]
pub struct VersionRow {
    /// The version's metadata.
    pub envelope: Envelope,
    /// Its canonical content (`None` for a tombstone).
    pub content: Option<String>,
    supersedes: String,
    digest_line: String,
    /// The statement that vouches for it (`None` only for versions written before attestations).
    pub attestation_id: Option<String>,
}

impl VersionRow {
    /// Renders the columns and the digest line of `envelope` with `content`.
    pub fn new(envelope: Envelope, content: Option<String>) -> Result<VersionRow> {
        Ok(VersionRow {
            supersedes: serde_json::to_string(&envelope.supersedes)?,
            digest_line: envelope.digest_line()?,
            envelope,
            content,
            attestation_id: None,
        })
    }

    /// A row of a command's own version, without its digest line: the command's digest makes its
    /// line from the compact [`OwnVersion`] (so [`VersionRow::digest_line`] of it is empty).
    fn unlined(envelope: Envelope, content: Option<String>) -> Result<VersionRow> {
        Ok(VersionRow {
            supersedes: serde_json::to_string(&envelope.supersedes)?,
            digest_line: String::new(),
            envelope,
            content,
            attestation_id: None,
        })
    }

    /// The same row, vouched for by statement `attestation_id` (taken as it is when owned).
    pub fn attested_by(mut self, attestation_id: impl Into<String>) -> VersionRow {
        self.attestation_id = Some(attestation_id.into());
        self
    }

    /// The line the audit entry's digest covers for this version (empty for a row of the
    /// command's own, see [`VersionRow::unlined`]).
    pub fn digest_line(&self) -> &str {
        &self.digest_line
    }
}

/// One batch of [`Writer::create_stream`], ready to insert: the rows and their compact forms.
struct Prepared {
    rows: Vec<VersionRow>,
    own: Vec<OwnVersion>,
}

/// The statement that inserts a version row (see [`bind_version`]).
const INSERT_VERSION: &str = "INSERT INTO versions (version_id, record_id, kind, scope_id, supersedes, author_id, device_id, created_at, content, content_sha256, audit_seq, attestation_id)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

/// The statement that inserts a record's `current` row (see [`bind_current`]).
const INSERT_CURRENT: &str =
    "INSERT INTO current (record_id, kind, scope_id, version_id, deleted, n_heads) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

/// Inserts the version row.
fn insert_version(tx: &Transaction<'_>, row: &VersionRow, audit_seq: i64) -> Result<()> {
    bind_version(&mut *tx.prepare_cached(INSERT_VERSION)?, row, audit_seq)
}

/// Runs [`INSERT_VERSION`] (prepared once by the caller, who may keep it for many rows) for `row`.
/// Every value is bound where it is: the content hash as its 32 bytes from a buffer on the stack.
fn bind_version(stmt: &mut rusqlite::Statement<'_>, row: &VersionRow, audit_seq: i64) -> Result<()> {
    let sha = super::sql::sha256_bytes(&row.envelope.content_sha256)?;
    stmt.execute(params![
        row.envelope.version_id,
        row.envelope.record_id,
        row.envelope.kind,
        row.envelope.scope_id,
        row.supersedes,
        row.envelope.author_id,
        row.envelope.device_id,
        row.envelope.created_at,
        row.content,
        &sha[..],
        audit_seq,
        row.attestation_id,
    ])?;
    Ok(())
}

/// The current row of a record whose only new version is `winner`, shown, among `n_heads` heads
/// (their `heads` rows, for more than one, are the caller's).
fn insert_current(tx: &Transaction<'_>, winner: &VersionRow, n_heads: usize) -> Result<()> {
    bind_current(&mut *tx.prepare_cached(INSERT_CURRENT)?, winner, n_heads)
}

/// Runs [`INSERT_CURRENT`] (prepared by the caller) for `winner` among `n_heads` heads.
fn bind_current(stmt: &mut rusqlite::Statement<'_>, winner: &VersionRow, n_heads: usize) -> Result<()> {
    let envelope = &winner.envelope;
    stmt.execute(params![
        envelope.record_id,
        envelope.kind,
        envelope.scope_id,
        envelope.version_id,
        winner.content.is_none(),
        i64::try_from(n_heads).unwrap_or(i64::MAX),
    ])?;
    Ok(())
}

/// The head versions of a record, in id order: its `heads` rows when it has more than one, else
/// the version its `current` row shows (none for an unknown record).
pub(crate) fn heads_of(tx: &rusqlite::Connection, record_id: RecordId) -> Result<Vec<VersionId>> {
    let shown: Option<(VersionId, i64)> = tx
        .prepare_cached("SELECT version_id, n_heads FROM current WHERE record_id = ?1")?
        .query_row([record_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match shown {
        None => Ok(Vec::new()),
        Some((version_id, 1)) => Ok(vec![version_id]),
        Some(_) => {
            let mut stmt =
                tx.prepare_cached("SELECT version_id FROM heads WHERE record_id = ?1 ORDER BY version_id")?;
            let rows = stmt.query_map([record_id], |r| r.get::<_, VersionId>(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        }
    }
}

/// After inserting `envelope`, removes the heads it supersedes, adds it as a head unless a
/// version already in the store supersedes it (possible when merging out of order), and
/// recomputes the record's `current` row.
pub(crate) fn refresh_heads(tx: &Transaction<'_>, envelope: &Envelope) -> Result<()> {
    let record = envelope.record_id;
    let mut heads = heads_of(tx, record)?;
    heads.retain(|head| !envelope.supersedes.contains(head));
    let superseded_already: bool = tx
        .prepare_cached(
            "SELECT 1 FROM versions v, json_each(v.supersedes) s WHERE v.record_id = ?1 AND s.value = ?2 LIMIT 1",
        )?
        .query_row(params![record, envelope.version_id.to_string()], |_| Ok(()))
        .optional()?
        .is_some();
    if !superseded_already && !heads.contains(&envelope.version_id) {
        heads.push(envelope.version_id);
    }
    heads.sort();
    set_heads(tx, record, envelope.kind, &heads)
}

/// Makes `heads` the record's heads: its `heads` rows (kept only for more than one) and its
/// `current` row. With several heads (a conflict) the one shown is the latest by time, then by
/// version id — the same on every machine.
fn set_heads(tx: &Transaction<'_>, record_id: RecordId, kind: RecordKind, heads: &[VersionId]) -> Result<()> {
    let record = record_id;
    let mut winner: Option<(String, VersionId, Option<RecordId>, bool)> = None;
    let mut read =
        tx.prepare_cached("SELECT created_at, scope_id, content IS NULL FROM versions WHERE version_id = ?1")?;
    for head in heads {
        let (created_at, scope_id, deleted): (String, Option<RecordId>, bool) =
            read.query_row([head], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        if winner.as_ref().is_none_or(|(at, id, _, _)| (&created_at, head) > (at, id)) {
            winner = Some((created_at, *head, scope_id, deleted));
        }
    }
    let Some((_, version_id, scope_id, deleted)) = winner else {
        return Err(StoreError::Corrupt(format!("记录 {record} 没有当前版本")));
    };
    tx.prepare_cached("DELETE FROM heads WHERE record_id = ?1")?.execute([record])?;
    if heads.len() > 1 {
        let mut insert = tx.prepare_cached("INSERT INTO heads (record_id, version_id) VALUES (?1, ?2)")?;
        for head in heads {
            insert.execute(params![record, head])?;
        }
    }
    let n_heads = i64::try_from(heads.len()).unwrap_or(i64::MAX);
    tx.prepare_cached(
        "INSERT INTO current (record_id, kind, scope_id, version_id, deleted, n_heads) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (record_id) DO UPDATE SET kind = excluded.kind, scope_id = excluded.scope_id,
             version_id = excluded.version_id, deleted = excluded.deleted, n_heads = excluded.n_heads",
    )?
    .execute(params![record, kind, scope_id, version_id, deleted, n_heads])?;
    Ok(())
}
