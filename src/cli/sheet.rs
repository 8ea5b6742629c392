//! `daocha sheet` and `daocha verify`: the feedback sheet as a PDF, and checking one.

use std::path::Path;

use crate::feedback::{self, Verdict};
use crate::store::Store;

use super::{EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE};

/// `daocha sheet`.
pub fn sheet(db: &Path, inspection: &str, case: Option<&str>, out: &Path, draft: bool) -> anyhow::Result<u8> {
    let inspection = super::work::inspection_id(inspection)?;
    let store = Store::open_existing(db)?;
    let case = case.map(|c| crate::domain::DecisionNo::parse(c).map(|d| d.to_string())).transpose()?;
    if let Some(no) = &case {
        let cases: Vec<crate::store::Stored<crate::domain::CaseFile>> = store.list_in(inspection)?;
        let entries: Vec<crate::store::Stored<crate::domain::LedgerEntry>> = store.list_in(inspection)?;
        let findings: Vec<crate::store::Stored<crate::domain::Finding>> = store.list_in(inspection)?;
        let known = cases.iter().any(|c| c.value.decision_no.as_str() == no)
            || entries.iter().any(|e| e.value.decision_no.as_str() == no)
            || findings.iter().any(|f| f.value.decision_no.as_ref().is_some_and(|d| d.as_str() == no));
        if !known {
            eprintln!(
                "本次检查中没有决定书文号为“{no}”的案卷、台账记录或问题：请核对文号（可用 daocha check 查看本次检查的案卷）。"
            );
            return Ok(EXIT_USAGE);
        }
    }
    if !draft && feedback::sheets(&store, inspection, case.as_deref())?.is_empty() {
        eprintln!(
            "该检查{}尚无已签署的反馈意见书。要导出按当前记录生成的草稿，请加 --draft。",
            case.as_deref().map(|c| format!("（案卷 {c}）")).unwrap_or_default()
        );
        return Ok(EXIT_USAGE);
    }
    let standard = crate::inspection::review::standard_in_use(&store);
    let exported = feedback::export_pdf(&store, inspection, case.as_deref(), &standard, draft, out)?;
    if exported.signed {
        say!("已导出已签署的反馈意见书第 {} 版：{}（{} KB）", exported.number, out.display(), exported.bytes / 1024);
    } else {
        say!("已按当前记录导出草稿（第 {} 版，每页标注“草稿（未签署）”）：{}", exported.number, out.display());
    }
    Ok(EXIT_OK)
}

/// `daocha verify`: 0 only if the sheet is intact and every signer is confirmed; 1 if altered,
/// unsigned or the signers could not be confirmed; 2 if it is not a daocha sheet.
pub fn verify(file: &Path, team: Option<&Path>, lead_key: Option<&str>) -> anyhow::Result<u8> {
    let bytes = std::fs::read(file)
        .map_err(|e| anyhow::anyhow!("无法读取 {}：{}", file.display(), crate::io_text::reason(&e)))?;
    let anchor = match (team, lead_key) {
        (Some(db), _) => {
            let store = Store::open_existing(db)?;
            let roster = crate::team::roster(&store)?;
            if roster.anchor.is_none() {
                anyhow::bail!("“{}”不是团队数据库（没有组长公钥和团队名册）", db.display());
            }
            feedback::Anchor::Team(roster)
        }
        (None, Some(key)) => {
            let key = key.trim().to_ascii_lowercase();
            if (crate::keys::PublicKey { hex: key.clone() }).verifying_key().is_err() || key.len() != 64 {
                anyhow::bail!("--lead-key 应为 64 位十六进制的公钥（见组长电脑的 daocha key show）");
            }
            feedback::Anchor::LeadKey(key)
        }
        (None, None) => feedback::Anchor::None,
    };
    match feedback::verify_anchored(&bytes, &anchor) {
        Verdict::Valid { signers, number, notes } => {
            say!("有效：反馈意见书第 {number} 版的签名、签署内容和页面完全一致，签名人均为团队登记的成员。");
            for s in signers {
                say!("  {s}");
            }
            for n in notes {
                say!("注意：{n}");
            }
            Ok(EXIT_OK)
        }
        Verdict::Unconfirmed { signers, number, reason } => {
            say!("内容完整，但签名人未确认：反馈意见书第 {number} 版。{reason}");
            for s in signers {
                say!("  {s}");
            }
            Ok(EXIT_PROBLEMS)
        }
        Verdict::Invalid(reason) => {
            say!("无效：{reason}");
            Ok(EXIT_PROBLEMS)
        }
        Verdict::NotASheet(reason) => {
            eprintln!("不是倒查反馈意见书：{reason}");
            Ok(EXIT_USAGE)
        }
    }
}
