//! Signed feedback sheets (反馈意见书). The content is gathered from the current records
//! (`content`), frozen as canonical JSON, hashed, and signed by each signing inspector with
//! their Ed25519 key; the handwritten strokes of every signer (inspectors and the unit's
//! representative) are hashed into the content before it is signed. The signed sheet is a record
//! that never changes: a correction is a new sheet that names the one it replaces. The PDF
//! (`doc` lays it out, `crate::sheet` draws it) carries the signed content and the signatures,
//! so `verify` can check a PDF on its own.

pub mod content;
pub mod doc;
pub mod doc_v1;

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::domain::{Id, Inspection, Inspector, Sheet, Signature, SignerRole};
use crate::keys::{self, KeyError};
use crate::scoring::Standard;
use crate::sheet::{self, Embedded, SheetError};
use crate::store::canonical::{sha256_hex, to_canonical};
use crate::store::{Store, StoreError, Stored};

use content::{SheetContent, SignerLine, gather};

/// The message an inspector signs: a fixed prefix and the digest of the content.
pub fn message(digest: &str) -> Vec<u8> {
    format!("daocha-sheet-v1\n{digest}").into_bytes()
}

/// The QR code's text: the digest and each signer's key fingerprint.
pub fn qr_payload(digest: &str, signatures: &[SignedBy]) -> String {
    let keys: Vec<String> = signatures
        .iter()
        .filter_map(|s| s.public_key.as_ref().map(|k| format!("{}={}", s.name, fingerprint(k))))
        .collect();
    format!("daocha-sheet:{digest};{}", keys.join(";"))
}

/// A key's short fingerprint.
pub fn fingerprint(public_key: &str) -> String {
    keys::fingerprint(public_key)
}

/// SHA-256 of strokes' canonical JSON.
pub fn strokes_sha256(strokes: &[Vec<[i32; 2]>]) -> String {
    sha256_hex(to_canonical(strokes).unwrap_or_default().as_bytes())
}

/// One signature as carried in the PDF.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedBy {
    /// 检查人员 / 受检单位负责人.
    pub role: String,
    /// Name.
    pub name: String,
    /// Ed25519 public key (inspectors).
    pub public_key: Option<String>,
    /// Ed25519 signature of [`message`] (inspectors).
    pub signature: Option<String>,
    /// The strokes.
    pub strokes: Vec<Vec<[i32; 2]>>,
    /// When (local time, `2017-09-12 16:30`).
    pub signed_at: String,
}

/// The layout and drawing code's version. Bump it when the printed output changes: a PDF made by
/// the same version is checked byte for byte against a fresh rendering of its signed content.
pub const RENDERER: &str = "daocha-sheet-renderer-1";

/// What a PDF carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payload {
    /// `daocha-sheet-pdf`.
    pub format: String,
    /// [`RENDERER`] of the program that made the PDF.
    #[serde(default)]
    pub renderer: String,
    /// The signed content, exactly as hashed (canonical JSON text).
    pub content: String,
    /// SHA-256 of `content`.
    pub digest: String,
    /// The signatures.
    pub signatures: Vec<SignedBy>,
}

/// Who signs, and how.
#[derive(Debug, Clone)]
pub struct SignerInput {
    /// Inspector or the unit's representative.
    pub role: SignerRole,
    /// Printed name.
    pub name: String,
    /// The inspector (for inspectors).
    pub inspector: Option<Id<Inspector>>,
    /// Their PIN (for inspectors).
    pub pin: String,
    /// Handwriting in the 1000 × 400 box.
    pub strokes: Vec<Vec<[i32; 2]>>,
}

/// Why signing or exporting failed.
#[derive(Debug, thiserror::Error)]
pub enum SheetFailure {
    /// A signer's key.
    #[error("{name}：{error}")]
    Key {
        /// Who.
        name: String,
        /// What.
        error: KeyError,
    },
    /// Missing input.
    #[error("{0}")]
    Incomplete(String),
    /// The store.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The PDF.
    #[error(transparent)]
    Pdf(#[from] SheetError),
    /// Writing the file.
    #[error("无法写入“{path}”：{reason}")]
    Io {
        /// Where.
        path: String,
        /// Why.
        reason: String,
    },
}

fn role_label(role: SignerRole) -> &'static str {
    match role {
        SignerRole::Inspector => "检查人员",
        SignerRole::UnitRepresentative => "受检单位负责人",
    }
}

/// The sheets of an inspection (or of one case), oldest first.
pub fn sheets(store: &Store, inspection: Id<Inspection>, case: Option<&str>) -> Result<Vec<Stored<Sheet>>, StoreError> {
    let mut all: Vec<Stored<Sheet>> = store.list_in(inspection)?;
    all.retain(|s| {
        serde_json::from_str::<SheetContent>(&s.value.content).map(|c| c.case.as_deref() == case).unwrap_or(false)
    });
    all.sort_by_key(|s| (s.value.number, s.id));
    Ok(all)
}

/// The signatures of a sheet, in the order of the sheet's signers.
pub fn signatures_of(store: &Store, sheet: &Stored<Sheet>) -> Result<Vec<SignedBy>, StoreError> {
    let content: SheetContent = serde_json::from_str(&sheet.value.content)?;
    let all: Vec<Stored<Signature>> = store.list_in(sheet.value.inspection_id)?;
    let mut out = Vec::new();
    for line in &content.signers {
        if let Some(s) = all.iter().find(|s| {
            s.value.sheet_id == sheet.id && s.value.signer_name == line.name && role_label(s.value.role) == line.role
        }) {
            out.push(SignedBy {
                role: line.role.clone(),
                name: line.name.clone(),
                public_key: s.value.public_key.clone(),
                signature: s.value.signature.clone(),
                strokes: s.value.strokes.clone(),
                signed_at: s.value.signed_at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string(),
            });
        }
    }
    Ok(out)
}

/// The content a new sheet would have now (a draft), numbered after the existing sheets.
pub fn draft(
    store: &Store,
    inspection: Id<Inspection>,
    case: Option<&str>,
    standard: &Standard,
) -> Result<SheetContent, StoreError> {
    let mut content = gather(store, inspection, case, standard)?;
    let existing = sheets(store, inspection, case)?;
    if let Some(last) = existing.last() {
        content.number = last.value.number + 1;
        content.replaces = Some(last.id);
    }
    Ok(content)
}

/// Freezes and signs a new sheet version: gathers the content, adds every signer's strokes hash,
/// hashes the canonical content, signs it with each inspector's key (their PIN), and writes the
/// sheet and its signatures in one command. A wrong PIN writes nothing.
pub fn sign(
    store: &mut Store,
    inspection: Id<Inspection>,
    case: Option<&str>,
    signers: &[SignerInput],
    standard: &Standard,
) -> Result<Id<Sheet>, SheetFailure> {
    if !signers.iter().any(|s| s.role == SignerRole::Inspector) {
        return Err(SheetFailure::Incomplete("至少需要一名检查人员签名".into()));
    }
    for s in signers {
        if s.strokes.iter().all(Vec::is_empty) {
            return Err(SheetFailure::Incomplete(format!("{} 尚未手写签名", s.name)));
        }
    }
    let mut content = draft(store, inspection, case, standard)?;
    content.signers = signers
        .iter()
        .map(|s| SignerLine {
            role: role_label(s.role).to_string(),
            name: s.name.clone(),
            public_key: s.inspector.and_then(|id| keys::public_key(store, id).ok().flatten()).map(|k| k.hex),
            strokes_sha256: strokes_sha256(&s.strokes),
        })
        .collect();
    let text = to_canonical(&content).map_err(StoreError::from)?;
    let digest = sha256_hex(text.as_bytes());
    let message = message(&digest);
    let mut signed = Vec::new();
    for s in signers {
        let (public_key, signature) = match (s.role, s.inspector) {
            (SignerRole::Inspector, Some(id)) => {
                let (key, signature) = keys::sign(store, id, &s.pin, &message)
                    .map_err(|error| SheetFailure::Key { name: s.name.clone(), error })?;
                (Some(key.hex), Some(signature))
            }
            (SignerRole::Inspector, None) => {
                return Err(SheetFailure::Incomplete(format!("{} 不是本检查的检查人员", s.name)));
            }
            (SignerRole::UnitRepresentative, _) => (None, None),
        };
        signed.push((s, public_key, signature));
    }
    let now = store.now();
    let number = content.number;
    let sheet = Sheet {
        inspection_id: inspection,
        case_file_id: None,
        number,
        replaces: content.replaces,
        content: text,
        digest: digest.clone(),
        frozen_at: now,
    };
    let summary = format!("签署反馈意见书第 {number} 版（摘要 {}）", &digest[..16]);
    let id = store.write("sheet.sign", &summary, |w| {
        let sheet_id = w.create(&sheet)?;
        for (s, public_key, signature) in &signed {
            w.create(&Signature {
                inspection_id: inspection,
                sheet_id,
                role: s.role,
                signer_name: s.name.clone(),
                inspector_id: s.inspector,
                strokes: s.strokes.clone(),
                strokes_sha256: strokes_sha256(&s.strokes),
                public_key: public_key.clone(),
                signature: signature.clone(),
                signed_at: now,
            })?;
        }
        Ok(sheet_id)
    })?;
    Ok(id)
}

/// What was written by [`export_pdf`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    /// The sheet's version number.
    pub number: u32,
    /// Signed, or a draft.
    pub signed: bool,
    /// Bytes written.
    pub bytes: usize,
}

/// The PDF of the latest signed sheet, or of the draft when none is signed (or `force_draft`).
pub fn pdf(
    store: &Store,
    inspection: Id<Inspection>,
    case: Option<&str>,
    standard: &Standard,
    force_draft: bool,
) -> Result<(Vec<u8>, Exported), SheetFailure> {
    let latest = sheets(store, inspection, case)?.pop();
    match latest {
        Some(sheet) if !force_draft => {
            let content: SheetContent = serde_json::from_str(&sheet.value.content).map_err(StoreError::from)?;
            let signatures = signatures_of(store, &sheet)?;
            let doc = doc::build(&content, Some(&sheet.value.digest), &signatures, false);
            let payload = Payload {
                format: "daocha-sheet-pdf".into(),
                renderer: RENDERER.into(),
                content: sheet.value.content.clone(),
                digest: sheet.value.digest.clone(),
                signatures,
            };
            let payload = serde_json::to_string(&payload).map_err(StoreError::from)?;
            let bytes = sheet::render(&doc, &Embedded::payload(payload))?;
            let len = bytes.len();
            Ok((bytes, Exported { number: content.number, signed: true, bytes: len }))
        }
        _ => {
            let content = draft(store, inspection, case, standard)?;
            let doc = doc::build(&content, None, &[], true);
            let payload = Payload {
                format: "daocha-sheet-pdf".into(),
                renderer: RENDERER.into(),
                content: to_canonical(&content).map_err(StoreError::from)?,
                digest: String::new(),
                signatures: Vec::new(),
            };
            let payload = serde_json::to_string(&payload).map_err(StoreError::from)?;
            let bytes = sheet::render(&doc, &Embedded::payload(payload))?;
            let len = bytes.len();
            Ok((bytes, Exported { number: content.number, signed: false, bytes: len }))
        }
    }
}

/// Writes the PDF atomically (temporary name, then rename).
pub fn export_pdf(
    store: &Store,
    inspection: Id<Inspection>,
    case: Option<&str>,
    standard: &Standard,
    force_draft: bool,
    out: &Path,
) -> Result<Exported, SheetFailure> {
    let (bytes, exported) = pdf(store, inspection, case, standard, force_draft)?;
    let io =
        |e: std::io::Error| SheetFailure::Io { path: out.display().to_string(), reason: crate::io_text::reason(&e) };
    let temp = out.with_extension("pdf.tmp");
    std::fs::write(&temp, &bytes).map_err(io)?;
    if let Err(e) = std::fs::rename(&temp, out) {
        // A viewer holding the old PDF open (Windows) refuses the rename: leave nothing behind.
        let _ = std::fs::remove_file(&temp);
        return Err(io(e));
    }
    Ok(exported)
}

/// The verdict on a PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every signature checks, the content is intact and the pages show it.
    Valid {
        /// Who signed, and when.
        signers: Vec<String>,
        /// The sheet's version.
        number: u32,
    },
    /// A daocha sheet, but not valid: unsigned, tampered, or a signature fails.
    Invalid(String),
    /// Not a daocha sheet.
    NotASheet(String),
}

/// Checks a PDF on its own: embedded signatures against the embedded content, the strokes
/// against their hashes in the content, and the visible text against the content.
pub fn verify(pdf_bytes: &[u8]) -> Verdict {
    let text = match sheet::read_embedded(pdf_bytes) {
        Ok(Some(text)) => text,
        Ok(None) => return Verdict::NotASheet("文件中没有倒查反馈意见书的签署数据".into()),
        Err(e) => return Verdict::NotASheet(format!("无法读取：{e}")),
    };
    let Ok(payload) = serde_json::from_str::<Payload>(&text) else {
        return Verdict::NotASheet("签署数据格式不符".into());
    };
    if payload.format != "daocha-sheet-pdf" {
        return Verdict::NotASheet("签署数据格式不符".into());
    }
    let Ok(content) = serde_json::from_str::<SheetContent>(&payload.content) else {
        return Verdict::Invalid("签署内容无法解析（被改动）".into());
    };
    if payload.signatures.is_empty() || payload.digest.is_empty() {
        return Verdict::Invalid("未签署：这是草稿（未签署）".into());
    }
    if sha256_hex(payload.content.as_bytes()) != payload.digest {
        return Verdict::Invalid("签署内容与其摘要不符：内容被改动".into());
    }
    let message = message(&payload.digest);
    let mut signers = Vec::new();
    for line in &content.signers {
        let Some(s) = payload.signatures.iter().find(|s| s.role == line.role && s.name == line.name) else {
            return Verdict::Invalid(format!("缺少 {} 的签名", line.name));
        };
        if strokes_sha256(&s.strokes) != line.strokes_sha256 {
            return Verdict::Invalid(format!("{} 的手写签名与签署内容不符（笔迹被改动）", line.name));
        }
        if line.role == "检查人员" {
            let (Some(key), Some(signature)) = (&s.public_key, &s.signature) else {
                return Verdict::Invalid(format!("{} 没有电子签名", line.name));
            };
            if line.public_key.as_deref() != Some(key.as_str()) {
                return Verdict::Invalid(format!("{} 的公钥与签署内容不符", line.name));
            }
            if !keys::verify(key, &message, signature) {
                return Verdict::Invalid(format!("{} 的电子签名无效", line.name));
            }
            signers.push(format!("{}（检查人员，公钥指纹 {}）于 {} 签署", line.name, fingerprint(key), s.signed_at));
        } else {
            signers.push(format!("{}（{}）于 {} 手写签名", line.name, line.role, s.signed_at));
        }
    }
    // Signed as it is. A later format may carry what this program cannot read or show, so it is
    // not judged further here (calling an intact sheet altered would be worse). A sheet altered
    // after signing never gets this far, whatever format it claims.
    if content.format_version > content::FORMAT_VERSION {
        return Verdict::Invalid(format!(
            "签名有效，但该反馈意见书由较新版本的倒查生成（签署格式第 {} 版，本程序只认得到第 {} 版），页面无法在此核对：请用新版本的倒查核验。",
            content.format_version,
            content::FORMAT_VERSION
        ));
    }
    if to_canonical(&content).ok().as_deref() != Some(payload.content.as_str()) {
        return Verdict::Invalid("签署内容不是规范格式：内容被改动".into());
    }
    // The pages must show the signed content.
    let doc = doc::build(&content, Some(&payload.digest), &payload.signatures, false);
    let expected = match sheet::page_texts(&doc) {
        Ok(t) => t,
        Err(e) => return Verdict::Invalid(format!("无法重排签署内容：{e}")),
    };
    let shown = match sheet::extract_text(pdf_bytes) {
        Ok(t) => t,
        Err(e) => return Verdict::Invalid(format!("无法读取页面文字：{e}")),
    };
    let normalise = |pages: &[String]| -> Vec<String> {
        pages.iter().map(|p| p.chars().filter(|c| !c.is_whitespace()).collect()).collect()
    };
    if normalise(&expected) != normalise(&shown) {
        return Verdict::Invalid("页面显示的文字与签署内容不符（页面被改动）".into());
    }
    // Made by this renderer: the whole file must be what the signed content renders to (this
    // also covers the handwriting, the QR code and the glyph outlines).
    if payload.renderer == RENDERER {
        match sheet::render(&doc, &Embedded::payload(text.clone())) {
            Ok(again) if again == pdf_bytes => {}
            Ok(_) => {
                return Verdict::Invalid("文件与签署内容重新生成的结果不一致（页面图形、笔迹或二维码被改动）".into());
            }
            Err(e) => return Verdict::Invalid(format!("无法重新生成：{e}")),
        }
    }
    Verdict::Valid { signers, number: content.number }
}
