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
    let standard = crate::ui::review::standard_in_use(&store);
    let exported = feedback::export_pdf(&store, inspection, case.as_deref(), &standard, draft, out)?;
    if exported.signed {
        say!("已导出已签署的反馈意见书第 {} 版：{}（{} KB）", exported.number, out.display(), exported.bytes / 1024);
    } else if draft {
        say!("已按当前记录导出草稿（第 {} 版，每页标注“草稿（未签署）”）：{}", exported.number, out.display());
    } else {
        say!("尚无已签署的版本，已导出草稿（第 {} 版，每页标注“草稿（未签署）”）：{}", exported.number, out.display());
    }
    Ok(EXIT_OK)
}

/// `daocha verify`.
pub fn verify(file: &Path) -> anyhow::Result<u8> {
    let bytes = std::fs::read(file)
        .map_err(|e| anyhow::anyhow!("无法读取 {}：{}", file.display(), crate::io_text::reason(&e)))?;
    match feedback::verify(&bytes) {
        Verdict::Valid { signers, number } => {
            say!("有效：反馈意见书第 {number} 版的签名、签署内容和页面文字一致。");
            for s in signers {
                say!("  {s}");
            }
            Ok(EXIT_OK)
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
