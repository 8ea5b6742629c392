//! Evidence for a finding: photos and scans kept in the database under their SHA-256 (the
//! `blobs` table, merged like everything else and checked against its hash on merge), each an
//! `Attachment` record the finding points to.

use crate::domain::{Attachment, FieldError, Finding, Id};
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

/// Attaches `bytes` (a photo or a scan) to `finding`, in one command.
pub fn attach(
    store: &mut Store,
    finding: &Stored<Finding>,
    file_name: &str,
    bytes: &[u8],
) -> Result<Id<Attachment>, StoreError> {
    attach_tracked(store, finding, file_name, bytes).map(|(id, _)| id)
}

/// [`attach`], also returning the versions written (for undo: the attachment record is deleted
/// again and the finding goes back to its earlier version; the bytes stay under their hash).
pub fn attach_tracked(
    store: &mut Store,
    finding: &Stored<Finding>,
    file_name: &str,
    bytes: &[u8],
) -> Result<(Id<Attachment>, Vec<Written>), StoreError> {
    let invalid = |m: String| StoreError::Invalid(vec![FieldError::new("证据", m)]);
    if bytes.len() > MAX_BYTES {
        return Err(invalid(format!("文件过大（{} MB），请压缩到 20 MB 以内", bytes.len() >> 20)));
    }
    let media = media_type(bytes).ok_or_else(|| invalid("只接受 JPEG、PNG 照片或 PDF 扫描件".into()))?;
    let sha = sha256_hex(bytes);
    let file_name = crate::domain::records::clean_file_name(file_name, media);
    let attachment = Attachment {
        inspection_id: finding.value.inspection_id,
        file_name: file_name.clone(),
        media_type: media.to_string(),
        sha256: sha.clone(),
        size_bytes: bytes.len() as u64,
    };
    let mut updated = finding.value.clone();
    let summary = format!("为问题添加证据：{file_name}（SHA-256 {}…）", &sha[..16]);
    store.write_tracked("evidence.attach", &summary, |w| {
        w.tx()
            .prepare_cached("INSERT OR IGNORE INTO blobs (sha256, data) VALUES (?1, ?2)")?
            .execute(rusqlite::params![sha, bytes])?;
        let id = w.create(&attachment)?;
        updated.attachment_ids.push(id);
        w.update(finding.id, finding.version_id, &updated)?;
        Ok(id)
    })
}

/// Takes `attachment` off `finding` (a new version of the finding). The attachment record and the
/// bytes stay in the database and in the finding's history; Ctrl+Z puts it back.
pub fn detach_tracked(
    store: &mut Store,
    finding: &Stored<Finding>,
    attachment: Id<Attachment>,
    file_name: &str,
) -> Result<Vec<Written>, StoreError> {
    let mut updated = finding.value.clone();
    updated.attachment_ids.retain(|a| *a != attachment);
    let summary = format!("将证据移出问题：{file_name}");
    let (_, written) =
        store.write_tracked("evidence.detach", &summary, |w| w.update(finding.id, finding.version_id, &updated))?;
    Ok(written)
}

/// The bytes stored under `sha256`, checked against it.
pub fn bytes(store: &Store, sha256: &str) -> Result<Option<Vec<u8>>, StoreError> {
    use rusqlite::OptionalExtension;
    let data: Option<Vec<u8>> = store
        .conn()
        .prepare_cached("SELECT data FROM blobs WHERE sha256 = ?1")?
        .query_row([sha256], |r| r.get(0))
        .optional()?;
    match data {
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
        assert!(crate::store::audit::verify(store.conn()).unwrap().first_break.is_none());
    }
}
