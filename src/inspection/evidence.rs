//! Evidence for a finding, and for the unit's rectification of it: photos and scans kept in the
//! database under their SHA-256 (the `blobs` table, merged like everything else and checked
//! against its hash on merge), each an `Attachment` record the owning record points to.
//!
//! What owns evidence is said once, by [`HasEvidence`] (a finding, a rectification); attaching and
//! taking off are written once over it, and [`Owner`] names either for the window's commands.

use crate::domain::{Attachment, FieldError, Finding, Id, InspectionId, Record, Rectification};
use crate::store::canonical::sha256_hex;
use crate::store::{Store, StoreError, Stored, Written};

/// The largest file accepted as evidence.
pub const MAX_BYTES: usize = 20 << 20;

/// What kind of file the bytes are, from their first bytes.
pub fn media_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

/// A kind of record that keeps evidence: its inspection and the list of its attachments.
pub trait HasEvidence: Record {
    /// What it is called in the audit's summaries (问题, 整改措施).
    const NOUN: &'static str;
    /// The inspection its attachments belong to.
    fn inspection(&self) -> InspectionId;
    /// Its attachments, in the order added.
    fn attachments(&self) -> &[Id<Attachment>];
    /// Its attachments, to add to or take from.
    fn attachments_mut(&mut self) -> &mut Vec<Id<Attachment>>;
}

/// `HasEvidence` for a record with `inspection_id` and `attachment_ids`, called `noun`.
macro_rules! has_evidence {
    ($($ty:ty => $noun:literal),+ $(,)?) => {$(
        impl HasEvidence for $ty {
            const NOUN: &'static str = $noun;
            fn inspection(&self) -> InspectionId {
                self.inspection_id
            }
            fn attachments(&self) -> &[Id<Attachment>] {
                &self.attachment_ids
            }
            fn attachments_mut(&mut self) -> &mut Vec<Id<Attachment>> {
                &mut self.attachment_ids
            }
        }
    )+};
}

has_evidence!(Finding => "问题", Rectification => "整改措施");

/// Why a file is not accepted as evidence (too big, or not a photo or a scan), checked before
/// anything is written; `None` when it is.
pub fn refusal(bytes: &[u8]) -> Option<String> {
    if bytes.len() > MAX_BYTES {
        return Some(format!("文件过大（{} MB），请压缩到 20 MB 以内", bytes.len() >> 20));
    }
    media_type(bytes).is_none().then(|| "只接受 JPEG、PNG 照片或 PDF 扫描件".to_string())
}

/// Attaches `bytes` (a photo or a scan) to `owner` (a finding, a rectification), in one command.
pub fn attach<R: HasEvidence>(
    store: &mut Store,
    owner: &Stored<R>,
    file_name: &str,
    bytes: &[u8],
) -> Result<Id<Attachment>, StoreError> {
    attach_tracked(store, owner, file_name, bytes).map(|(id, _)| id)
}

/// [`attach`], also returning the versions written (for undo: the attachment record is deleted
/// again and the owner goes back to its earlier version; the bytes stay under their hash).
pub fn attach_tracked<R: HasEvidence>(
    store: &mut Store,
    owner: &Stored<R>,
    file_name: &str,
    bytes: &[u8],
) -> Result<(Id<Attachment>, Vec<Written>), StoreError> {
    if let Some(refused) = refusal(bytes) {
        return Err(StoreError::Invalid(vec![FieldError::new("证据", refused)]));
    }
    let media = media_type(bytes).unwrap_or_default();
    let sha = sha256_hex(bytes);
    for id in owner.value.attachments() {
        if let Some(earlier) = store.get(*id)?.filter(|a: &Stored<Attachment>| a.value.sha256 == sha) {
            let refused = format!("这份文件已是此{}的证据（{}），未重复添加", R::NOUN, earlier.value.file_name);
            return Err(StoreError::Invalid(vec![FieldError::new("证据", refused)]));
        }
    }
    let file_name = crate::domain::records::clean_file_name(file_name, media);
    let attachment = Attachment {
        inspection_id: owner.value.inspection(),
        file_name: file_name.clone(),
        media_type: media.to_string(),
        sha256: sha.clone(),
        size_bytes: bytes.len() as u64,
    };
    let mut updated = owner.value.clone();
    let summary = format!("为{}添加证据：{file_name}（SHA-256 {}…）", R::NOUN, &sha[..16]);
    store.write_tracked("evidence.attach", &summary, |w| {
        w.put_blob(&sha, bytes)?;
        let id = w.create(&attachment)?;
        updated.attachments_mut().push(id);
        w.update(owner.id, owner.version_id, &updated)?;
        Ok(id)
    })
}

/// Takes `attachment` off `owner` (a new version of it). The attachment record and the bytes
/// stay in the database and in the owner's history; Ctrl+Z puts it back.
pub fn detach_tracked<R: HasEvidence>(
    store: &mut Store,
    owner: &Stored<R>,
    attachment: Id<Attachment>,
    file_name: &str,
) -> Result<Vec<Written>, StoreError> {
    let mut updated = owner.value.clone();
    updated.attachments_mut().retain(|a| *a != attachment);
    let summary = format!("将证据移出{}：{file_name}", R::NOUN);
    let (_, written) =
        store.write_tracked("evidence.detach", &summary, |w| w.update(owner.id, owner.version_id, &updated))?;
    Ok(written)
}

/// A record that owns evidence, as the window's commands name it.
#[derive(Debug, Clone)]
pub enum Owner {
    /// A finding (问题清单).
    Finding(Stored<Finding>),
    /// A rectification (整改措施).
    Rectification(Stored<Rectification>),
}

impl Owner {
    /// Its attachments.
    pub fn attachments(&self) -> &[Id<Attachment>] {
        match self {
            Owner::Finding(f) => f.value.attachments(),
            Owner::Rectification(r) => r.value.attachments(),
        }
    }

    /// The version shown (what the list of its attachments was read for).
    pub fn version_id(&self) -> crate::domain::VersionId {
        match self {
            Owner::Finding(f) => f.version_id,
            Owner::Rectification(r) => r.version_id,
        }
    }

    /// The record.
    pub fn record_id(&self) -> crate::domain::RecordId {
        match self {
            Owner::Finding(f) => f.id.untyped(),
            Owner::Rectification(r) => r.id.untyped(),
        }
    }

    /// What it is called (问题, 整改措施).
    pub fn noun(&self) -> &'static str {
        match self {
            Owner::Finding(_) => Finding::NOUN,
            Owner::Rectification(_) => Rectification::NOUN,
        }
    }

    /// [`attach_tracked`] to whichever it is.
    pub fn attach_tracked(
        &self,
        store: &mut Store,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<(Id<Attachment>, Vec<Written>), StoreError> {
        match self {
            Owner::Finding(f) => attach_tracked(store, f, file_name, bytes),
            Owner::Rectification(r) => attach_tracked(store, r, file_name, bytes),
        }
    }

    /// [`detach_tracked`] from whichever it is.
    pub fn detach_tracked(
        &self,
        store: &mut Store,
        attachment: Id<Attachment>,
        file_name: &str,
    ) -> Result<Vec<Written>, StoreError> {
        match self {
            Owner::Finding(f) => detach_tracked(store, f, attachment, file_name),
            Owner::Rectification(r) => detach_tracked(store, r, attachment, file_name),
        }
    }
}

/// The bytes stored under `sha256`, checked against it.
pub fn bytes(store: &Store, sha256: &str) -> Result<Option<Vec<u8>>, StoreError> {
    match store.blob(sha256)? {
        Some(d) if sha256_hex(&d) != sha256 => Err(StoreError::Corrupt(format!("证据文件 {sha256} 与其哈希不符"))),
        other => Ok(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Finding, Severity};

    #[test]
    fn a_photo_is_kept_under_its_hash_and_the_finding_points_to_it() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, demo) = crate::demo::create_demo(&dir.path().join("d.db")).unwrap();
        let finding = store
            .write("f", "问题", |w| {
                w.create(&Finding {
                    inspection_id: demo.inspection_id,
                    case_file_id: None,
                    decision_no: None,
                    category: 3,
                    item: "3.5".into(),
                    facts: "文书涂改".into(),
                    legal_basis: String::new(),
                    severity: Severity::Minor,
                    confirmed_on_site: true,
                    confirmed_by: String::new(),
                    suggestion: String::new(),
                    attachment_ids: vec![],
                    source: None,
                    typical: false,
                    recorded_at: None,
                })
            })
            .unwrap();
        let mut png = Vec::new();
        image::RgbImage::from_pixel(4, 3, image::Rgb([200, 30, 30]))
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let stored = store.require(finding).unwrap();
        let id = attach(&mut store, &stored, "现场照片.png", &png).unwrap();
        let attachment = store.require(id).unwrap().value;
        assert_eq!(attachment.media_type, "image/png");
        assert_eq!(attachment.sha256, sha256_hex(&png));
        assert_eq!(store.require(finding).unwrap().value.attachment_ids, vec![id]);
        assert_eq!(bytes(&store, &attachment.sha256).unwrap().unwrap(), png);
        let again = store.require(finding).unwrap();
        assert!(attach(&mut store, &again, "x.txt", b"hello").is_err());
        assert!(store.verify_audit().unwrap().first_break.is_none());
    }
}
