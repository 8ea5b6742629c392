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
    /// When, as printed by renderer 1 (Beijing time, `2017-09-12 14:30`). Renderer 2 prints the
    /// signing time from the signed content instead.
    pub signed_at: String,
}

/// The renderer that draws new sheets (named in their signed content). Every renderer that ever
/// drew a signed sheet is kept: `verify` checks every sheet byte for byte against a fresh
/// rendering of its signed content by the renderer its format names, and refuses one it does not
/// know.
pub const RENDERER: &str = content::RENDERER_2;

/// What a PDF carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payload {
    /// `daocha-sheet-pdf`.
    pub format: String,
    /// [`RENDERER`] of the program that made the PDF. Informative only: outside the signed
    /// content, so never used to decide how a sheet is checked.
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
    /// 职务 of the unit's representative, as typed (printed under the name).
    pub position: String,
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
                signed_at: beijing(s.value.signed_at).format("%Y-%m-%d %H:%M").to_string(),
            });
        }
    }
    Ok(out)
}

/// A time in Beijing (UTC+8, no daylight saving): the time zone a sheet is printed in, whatever the
/// computer's is.
pub fn beijing(time: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::FixedOffset> {
    match chrono::FixedOffset::east_opt(8 * 3600) {
        Some(zone) => time.with_timezone(&zone),
        None => time.fixed_offset(),
    }
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
    let roster = crate::team::roster(store)?;
    let now = store.now();
    content.signed_at = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    content.signers = signers
        .iter()
        .map(|s| {
            let public_key = s.inspector.and_then(|id| keys::public_key(store, id).ok().flatten()).map(|k| k.hex);
            let cert_no =
                public_key.as_deref().and_then(|k| roster.by_key.get(k)).map(|m| m.cert_no.clone()).unwrap_or_default();
            SignerLine {
                role: role_label(s.role).to_string(),
                name: s.name.clone(),
                public_key,
                strokes_sha256: strokes_sha256(&s.strokes),
                position: if s.role == SignerRole::UnitRepresentative {
                    s.position.trim().to_string()
                } else {
                    String::new()
                },
                cert_no,
            }
        })
        .collect();
    // What anyone holding only the lead's public key needs to confirm who signed.
    for line in &content.signers {
        if let Some(key) = &line.public_key
            && let Some(proof) = crate::team::proof_of(store, &roster, key)?
        {
            content.roster.push(proof);
        }
    }
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

/// The document a sheet's content is drawn as, by the renderer its format names: formats 1 and 2
/// by renderer 1, format 3 by the renderer named inside its signed content. A renderer this program
/// does not have is an error, never a fallback.
pub fn document(
    content: &SheetContent,
    digest: Option<&str>,
    signatures: &[SignedBy],
    draft: bool,
) -> Result<sheet::SheetDoc, String> {
    match content.format_version {
        1 | 2 => Ok(doc_v1::build(content, digest, signatures, draft)),
        3 if content.renderer == content::RENDERER_2 => Ok(doc::build(content, digest, signatures, draft)),
        3 => Err(format!("签署内容指定的排版程序“{}”本程序没有：无法核对页面", content.renderer)),
        v => Err(format!(
            "该反馈意见书由较新版本的倒查生成（签署格式第 {v} 版，本程序只认得到第 {} 版），页面无法在此核对：请用新版本的倒查核验",
            content::FORMAT_VERSION
        )),
    }
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
            let doc =
                document(&content, Some(&sheet.value.digest), &signatures, false).map_err(SheetFailure::Incomplete)?;
            let payload = Payload {
                format: "daocha-sheet-pdf".into(),
                renderer: content.renderer.clone(),
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
            let doc = document(&content, None, &[], true).map_err(SheetFailure::Incomplete)?;
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
    crate::paths::write_atomically(out, &bytes).map_err(io)?;
    Ok(exported)
}

/// Whom `verify` trusts to say who the signers are.
#[derive(Debug, Clone, Default)]
pub enum Anchor {
    /// Nobody: the content can be checked, the signers only named.
    #[default]
    None,
    /// The roster of a team database.
    Team(crate::team::Roster),
    /// The team lead's public key (hex): the sheet's own roster entries must be signed by it.
    LeadKey(String),
}

/// The verdict on a PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every signature checks, the content is intact, the pages are exactly what the content
    /// draws, and every inspector who signed is a registered member of the team.
    Valid {
        /// Who signed, and when.
        signers: Vec<String>,
        /// The sheet's version.
        number: u32,
        /// What else to know (a re-save by other software, an earlier format's limits).
        notes: Vec<String>,
    },
    /// Intact, but the signers could not be confirmed as the team's (no roster or lead key given,
    /// or a key not on it).
    Unconfirmed {
        /// Who signed, as the sheet says.
        signers: Vec<String>,
        /// The sheet's version.
        number: u32,
        /// Why, and how to confirm.
        reason: String,
    },
    /// A daocha sheet, but not valid: unsigned, altered, or a signature fails.
    Invalid(String),
    /// Not a daocha sheet.
    NotASheet(String),
}

/// [`verify_anchored`] with no roster: at best [`Verdict::Unconfirmed`].
pub fn verify(pdf_bytes: &[u8]) -> Verdict {
    verify_anchored(pdf_bytes, &Anchor::None)
}

/// Checks a PDF: the embedded signatures against the embedded content, the strokes against their
/// hashes in the content, the whole file byte for byte against what the signed content draws (by
/// the renderer its format names; a file re-saved by other software must still draw exactly the
/// same), and the inspectors' keys against `anchor`.
pub fn verify_anchored(pdf_bytes: &[u8], anchor: &Anchor) -> Verdict {
    let text = match sheet::read_embedded(pdf_bytes) {
        Ok(Some(text)) => text,
        Ok(None) => return Verdict::NotASheet("文件中没有倒查反馈意见书的签署数据".into()),
        Err(e) => return Verdict::NotASheet(e.to_string()),
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
    let mut inspector_keys = Vec::new();
    for line in &content.signers {
        let Some(s) = payload.signatures.iter().find(|s| s.role == line.role && s.name == line.name) else {
            return Verdict::Invalid(format!("缺少 {} 的签名", line.name));
        };
        if strokes_sha256(&s.strokes) != line.strokes_sha256 {
            return Verdict::Invalid(format!("{} 的手写签名与签署内容不符（笔迹被改动）", line.name));
        }
        let when = match content.signed_at.as_str() {
            "" => s.signed_at.clone(),
            at => chrono::DateTime::parse_from_rfc3339(at)
                .map(|t| beijing(t.with_timezone(&chrono::Utc)).format("%Y-%m-%d %H:%M（北京时间）").to_string())
                .unwrap_or_else(|_| at.to_string()),
        };
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
            inspector_keys.push((line.name.clone(), key.clone()));
            signers.push(format!("{}（检查人员，公钥指纹 {}）于 {when} 签署", line.name, fingerprint(key)));
        } else {
            let position = if line.position.is_empty() { String::new() } else { format!("，{}", line.position) };
            signers.push(format!(
                "{}（{}{position}）于 {when} 手写签名，笔迹与签署内容一同由检查人员签名",
                line.name, line.role
            ));
        }
    }
    // Signed as it is, but drawn by a renderer this program does not have: not judged further
    // (calling an intact sheet altered would be worse). A sheet altered after signing never gets
    // this far, whatever it claims.
    let doc = match document(&content, Some(&payload.digest), &payload.signatures, false) {
        Ok(doc) => doc,
        Err(why) => return Verdict::Invalid(format!("签名有效，但{why}。")),
    };
    if to_canonical(&content).ok().as_deref() != Some(payload.content.as_str()) {
        return Verdict::Invalid("签署内容不是规范格式：内容被改动".into());
    }
    let mut notes = Vec::new();
    // The whole file must be what the signed content draws: text, handwriting, QR code, glyph
    // outlines, and nothing else (no hidden text, no drawing over a figure).
    match sheet::render(&doc, &Embedded::payload(text.clone())) {
        Ok(again) if again == pdf_bytes => {}
        Ok(again) => match sheet::same_drawing(&again, pdf_bytes) {
            Ok(true) => notes.push(
                "该文件被其他软件重新保存过（文件字节与倒查生成的不同），但每一页画出的内容、字体和签署数据与签署内容完全一致。"
                    .to_string(),
            ),
            Ok(false) | Err(_) => {
                return Verdict::Invalid(
                    "页面与签署内容重新生成的结果不一致：页面文字、图形、笔迹或二维码被改动（或添加了隐藏内容）".into(),
                );
            }
        },
        Err(e) => return Verdict::Invalid(format!("无法重新生成页面：{e}")),
    }
    if content.format_version < 3 {
        notes.push(format!(
            "该意见书为第 {} 版签署格式：签署时间未纳入签名，文件中也没有组长签发的名册证明，只能用 --team 团队数据库确认签名人。",
            content.format_version
        ));
    }
    match confirm_signers(&content, &inspector_keys, anchor) {
        Ok(confirmed) => {
            for (line, who) in signers.iter_mut().zip(content.signers.iter()) {
                if let Some(c) = confirmed.iter().find(|(name, _)| *name == who.name) {
                    line.push_str(&format!("；{}", c.1));
                }
            }
            Verdict::Valid { signers, number: content.number, notes }
        }
        Err(reason) => Verdict::Unconfirmed { signers, number: content.number, reason },
    }
}

/// Each signing inspector's key must be on the team's roster (by the team database, or by the
/// sheet's own roster entries signed with the lead key given). Returns, per inspector, how they
/// were confirmed.
fn confirm_signers(
    content: &SheetContent,
    inspector_keys: &[(String, String)],
    anchor: &Anchor,
) -> Result<Vec<(String, String)>, String> {
    const HOW: &str = "请用 daocha verify 文件.pdf --team 团队数据库，或 --lead-key 组长公钥 核验（组长公钥见组长电脑“团队成员”页或 daocha key show）。";
    let mut out = Vec::new();
    match anchor {
        Anchor::None => return Err(format!("签署内容完整、签名有效，但未能确认签名人是团队登记的检查人员。{HOW}")),
        Anchor::Team(roster) => {
            for (name, key) in inspector_keys {
                match roster.by_key.get(key) {
                    Some(m) if m.revoked => {
                        return Err(format!(
                            "{name} 的密钥（指纹 {}）在团队名册中已被撤销（{}）：请向组长核实签署时该密钥是否有效。",
                            fingerprint(key),
                            m.revoked_reason
                        ));
                    }
                    Some(m) => out.push((
                        name.clone(),
                        format!(
                            "团队名册登记为 {}{}",
                            m.inspector,
                            if m.cert_no.is_empty() {
                                String::new()
                            } else {
                                format!("（执法证号 {}）", m.cert_no)
                            }
                        ),
                    )),
                    None => {
                        return Err(format!(
                            "{name} 的密钥（指纹 {}）不在该团队数据库的名册中：签名人不能确认为团队成员。",
                            fingerprint(key)
                        ));
                    }
                }
            }
        }
        Anchor::LeadKey(lead) => {
            let lead = lead.trim().to_ascii_lowercase();
            if content.roster.is_empty() {
                return Err(format!(
                    "该意见书没有组长签发的名册证明（第 {} 版签署格式）。{HOW}",
                    content.format_version
                ));
            }
            for (name, key) in inspector_keys {
                let proven = content.roster.iter().find_map(|p| {
                    crate::team::check_proof(p, &lead).ok().filter(|m| m.public_key == *key && !m.revoked)
                });
                match proven {
                    Some(m) => out.push((
                        name.clone(),
                        format!(
                            "组长（指纹 {}）登记为 {}{}",
                            fingerprint(&lead),
                            m.name,
                            if m.cert_no.is_empty() {
                                String::new()
                            } else {
                                format!("（执法证号 {}）", m.cert_no)
                            }
                        ),
                    )),
                    None => {
                        return Err(format!(
                            "{name} 的密钥（指纹 {}）没有由该组长公钥（指纹 {}）签发的名册证明：签名人不能确认为该团队成员。",
                            fingerprint(key),
                            fingerprint(&lead)
                        ));
                    }
                }
            }
        }
    }
    Ok(out)
}
