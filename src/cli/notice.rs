//! `daocha approve` and `daocha notice`: the leading group's approval of an inspection's agreed
//! problem list, and the district-wide notice (全区通报) of the approved typical cases as an
//! official document — PDF (the sheet renderer's GB/T 9704 style) or .docx for editing in WPS or
//! Word. With no approved typical case the notice is refused (exit 2) with the reason.

use std::path::PathBuf;

use clap::Args;

use super::{EXIT_OK, EXIT_USAGE};
use crate::campaign::notice::{self, NoticeError, NoticeOptions};
use crate::domain::dates::parse_date;
use crate::store::Store;

/// Arguments of `daocha approve`.
#[derive(Debug, Args)]
pub struct ApproveArgs {
    /// 组长的团队数据库
    #[arg(long, value_name = "PATH")]
    pub db: PathBuf,
    /// 检查编号（daocha inspection list 可查）
    #[arg(long, value_name = "ID")]
    pub inspection: String,
    /// 审批人（专项治理领导小组的审批人）；不填则只记录抽查小组已达成一致意见、呈报待批
    #[arg(long, value_name = "NAME", requires = "date")]
    pub by: Option<String>,
    /// 审批日期（YYYY-MM-DD）
    #[arg(long, value_name = "DATE", requires = "by")]
    pub date: Option<String>,
    /// 批件文号
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub doc_no: String,
    /// 抽查小组达成一致意见的日期（默认：审批日期，未审批则为今天）
    #[arg(long, value_name = "DATE")]
    pub agreed: Option<String>,
    /// 问题清单经过“背靠背”评查
    #[arg(long)]
    pub back_to_back: bool,
}

/// Arguments of `daocha notice`.
#[derive(Debug, Args)]
pub struct NoticeArgs {
    /// 组长的团队数据库
    #[arg(long, value_name = "PATH")]
    pub db: PathBuf,
    /// 输出文件：.pdf（版式文件）或 .docx（可在 WPS、Word 中编辑）
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// 发文字号（默认：鲅政办发〔年份〕　号，序号留空待填）
    #[arg(long, value_name = "TEXT")]
    pub number: Option<String>,
    /// 发文机关标志（默认：营口市鲅鱼圈区人民政府办公室文件）
    #[arg(long, value_name = "TEXT")]
    pub issuer: Option<String>,
    /// 成文日期（YYYY-MM-DD，默认今天）
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
}

fn date_arg(text: &str, what: &str) -> anyhow::Result<chrono::NaiveDate> {
    parse_date(text).map_err(|e| anyhow::anyhow!("{what}“{text}”无法识别：{e}。请写成 2017-09-30。"))
}

/// `daocha approve`.
pub fn approve(args: &ApproveArgs) -> anyhow::Result<u8> {
    let mut store = Store::open_existing(&args.db)?;
    let Ok(inspection) = args.inspection.trim().parse() else {
        eprintln!("“{}”不是检查编号：请用 daocha inspection list --db … 查看检查编号。", args.inspection);
        return Ok(EXIT_USAGE);
    };
    let approved = match (&args.by, &args.date) {
        (Some(by), Some(date)) => Some((by.clone(), date_arg(date, "审批日期")?, args.doc_no.clone())),
        _ => None,
    };
    let agreed = match &args.agreed {
        Some(text) => date_arg(text, "达成一致意见的日期")?,
        None => approved.as_ref().map_or_else(|| store.today(), |(_, date, _)| *date),
    };
    match notice::approve(&mut store, inspection, agreed, args.back_to_back, approved) {
        Ok(id) => {
            let record = store.require(id)?.value;
            match record.approved_on {
                Some(on) => say!(
                    "已记录：问题清单 {} 项经专项治理领导小组同意（审批人 {}，{}{}）。其中标为典型案例的问题可以全区通报（daocha notice）。",
                    record.finding_ids.len(),
                    record.approved_by,
                    on,
                    if record.document_no.is_empty() { String::new() } else { format!("，{}", record.document_no) }
                ),
                None => say!(
                    "已记录：抽查小组对问题清单 {} 项达成一致意见（{}），待专项治理领导小组审批。",
                    record.finding_ids.len(),
                    record.agreed_on
                ),
            }
            Ok(EXIT_OK)
        }
        Err(NoticeError::Store(e)) => Err(e.into()),
        Err(refused) => {
            eprintln!("{refused}");
            Ok(EXIT_USAGE)
        }
    }
}

/// `daocha notice`.
pub fn notice(args: &NoticeArgs) -> anyhow::Result<u8> {
    let store = Store::open_existing(&args.db)?;
    let date = match &args.date {
        Some(text) => date_arg(text, "成文日期")?,
        None => store.today(),
    };
    let mut options = NoticeOptions::defaults(date);
    if let Some(number) = &args.number {
        options.number = number.clone();
    }
    if let Some(issuer) = &args.issuer {
        options.issuer = issuer.clone();
    }
    match notice::write_notice(&store, &options, &args.out) {
        Ok(written) => {
            say!("{}", written.said(&args.out));
            Ok(EXIT_OK)
        }
        Err(NoticeError::Store(e)) => Err(e.into()),
        Err(NoticeError::Document(
            e @ (crate::sheet::WriteError::Render(_) | crate::sheet::WriteError::Write { .. }),
        )) => Err(e.into()),
        Err(refused) => {
            eprintln!("{refused}");
            Ok(EXIT_USAGE)
        }
    }
}
