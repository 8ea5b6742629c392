//! `daocha assessment`: the per-unit 考核 table of the campaign (依法行政考核), as .xlsx, from the
//! lead's team database (`campaign::assessment`). With no unit in the database it is refused
//! (exit 2) with the reason.

use std::path::PathBuf;

use clap::Args;

use super::{EXIT_OK, EXIT_USAGE};
use crate::campaign::assessment::{self, AssessmentError};
use crate::store::Store;

/// Arguments of `daocha assessment`.
#[derive(Debug, Args)]
pub struct AssessmentArgs {
    /// 组长的团队数据库
    #[arg(long, value_name = "PATH")]
    pub db: PathBuf,
    /// 输出的 .xlsx 文件
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// `daocha assessment`.
pub fn run(args: &AssessmentArgs) -> anyhow::Result<u8> {
    let store = Store::open_existing(&args.db)?;
    match assessment::write_assessment(&store, &args.out) {
        Ok(rows) => {
            let vetoed = rows.iter().filter(|r| !r.veto.is_empty()).count();
            say!(
                "已生成考核表：{}（受检单位 {} 个，其中一票否优 {} 个）。",
                crate::paths::shown(&args.out),
                rows.len(),
                vetoed
            );
            for row in rows.iter().filter(|r| !r.veto.is_empty()) {
                say!("  {}：{}", row.unit, row.veto.join("；"));
            }
            Ok(EXIT_OK)
        }
        Err(AssessmentError::Store(e)) => Err(e.into()),
        Err(refused @ AssessmentError::NoUnits) => {
            eprintln!("{refused}");
            Ok(EXIT_USAGE)
        }
        Err(other) => Err(other.into()),
    }
}
