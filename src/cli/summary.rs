//! `daocha summary`: the district's summary report of the campaign (总结报告) drafted from the team
//! database — PDF (the sheet renderer's GB/T 9704 style, with bar charts) or .docx for editing.
//! It works on any database, saying 0 where there is nothing yet.

use std::path::PathBuf;

use clap::Args;

use super::{EXIT_OK, EXIT_USAGE};
use crate::domain::dates::parse_date;
use crate::report::summary;
use crate::store::Store;

/// Arguments of `daocha summary`.
#[derive(Debug, Args)]
pub struct SummaryArgs {
    /// 组长的团队数据库
    #[arg(long, value_name = "PATH")]
    pub db: PathBuf,
    /// 输出文件：.pdf（版式文件）或 .docx（可在 WPS、Word 中编辑）
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// 成文日期，也是统计截止日（YYYY-MM-DD，默认今天；整改、挂牌督办是否逾期按此日计）
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
}

/// `daocha summary`.
pub fn summary(args: &SummaryArgs) -> anyhow::Result<u8> {
    if let Err(e) = crate::sheet::is_docx(&args.out) {
        eprintln!("{e}");
        return Ok(EXIT_USAGE);
    }
    let store = Store::open_existing(&args.db)?;
    let date = match &args.date {
        Some(text) => match parse_date(text) {
            Ok(date) => date,
            Err(e) => {
                eprintln!("成文日期“{text}”无法识别：{e}。请写成 2017-12-31。");
                return Ok(EXIT_USAGE);
            }
        },
        None => store.today(),
    };
    let standard = crate::inspection::review::standard_in_use(&store);
    let said = summary::write_summary(&store, date, &standard, &args.out).map_err(|e| anyhow::anyhow!(e))?;
    say!("{said}");
    Ok(EXIT_OK)
}
