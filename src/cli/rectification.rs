//! `daocha rectification …`: the look-back's return pack. `pack` writes the .xlsx listing one
//! unit's open rectifications for the unit to fill in; `import` reads a filled one back, says row
//! by row what the unit reports against the team's record, and keeps it as the unit's reports
//! (never written into the team's findings or rectifications). Bad rows are refused like every
//! import's (listed on stderr, exit 2, nothing written unless `--skip-bad`). `attach` adds a
//! photo or scan to a rectification as the unit's evidence that it was done (佐证), as the
//! window's 整改措施 page does.

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;
use serde_json::json;

use super::{EXIT_OK, EXIT_USAGE};
use crate::campaign::returns::{self, ReturnError};
use crate::domain::{Id, Rectification};
use crate::inspection::evidence;
use crate::store::Store;

/// The return pack's subcommands.
#[derive(Debug, Subcommand)]
pub enum RectificationCommand {
    /// 生成发给受检单位填写的整改情况反馈表（.xlsx，列出该单位未完成的整改事项）
    Pack {
        /// 组长的团队数据库文件
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// 受检单位名称
        #[arg(long, value_name = "NAME")]
        unit: String,
        /// 输出的 .xlsx 文件
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// 导入单位填回的整改情况反馈表：逐项列出单位报告的情况与检查组记录的不同，记录为单位整改报告（不改动检查组的问题和整改措施）
    Import {
        /// 组长的团队数据库文件
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// 单位填回的文件（.xlsx、.xls、.ods 或 .csv）
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// 跳过有误的行，只导入其余的行（跳过的行会列出）
        #[arg(long)]
        skip_bad: bool,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
    /// 为一项整改措施添加佐证（单位整改到位的照片或扫描件：JPEG、PNG 或 PDF，20 MB 以内），以 SHA-256 存入数据库
    Attach {
        /// 数据库文件
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// 整改编号（整改情况反馈表的“整改编号”列）
        #[arg(long, value_name = "ID")]
        rectification: String,
        /// 照片或扫描件
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
}

/// Runs a `daocha rectification` subcommand.
pub fn run(command: RectificationCommand) -> anyhow::Result<u8> {
    match command {
        RectificationCommand::Pack { db, unit, out } => {
            let store = Store::open_existing(&db)?;
            let pack = returns::write_pack(&store, &unit, &out)?;
            say!(
                "已生成整改情况反馈表：{}（{}，未完成的整改事项 {} 项）。\n请单位在黄色各列填写后交回，再用 daocha rectification import --db {} 文件 导入。",
                crate::paths::shown(&out),
                pack.unit,
                pack.items,
                crate::paths::shown(&db)
            );
            Ok(EXIT_OK)
        }
        RectificationCommand::Import { db, file, skip_bad, json } => import(&db, &file, skip_bad, json),
        RectificationCommand::Attach { db, rectification, file, json } => attach(&db, &rectification, &file, json),
    }
}

fn attach(db: &std::path::Path, rectification: &str, file: &std::path::Path, as_json: bool) -> anyhow::Result<u8> {
    let mut store = Store::open_existing(db)?;
    let id: Id<Rectification> = rectification.trim().parse().map_err(|_| {
        anyhow::anyhow!(
            "“{}”不是整改编号。整改编号是整改情况反馈表“整改编号”列中的 36 位编号（如 0190a1b2-…），请照原样填写。",
            rectification.trim()
        )
    })?;
    let Some(owner) = store.get::<Rectification>(id)? else {
        anyhow::bail!(
            "数据库“{}”中没有整改编号为 {id} 的整改措施。请核对编号，或先合并记录该整改措施的检查组的数据。",
            crate::paths::shown(db)
        );
    };
    let bytes = std::fs::read(file).map_err(|e| {
        anyhow::anyhow!(
            "无法读取“{}”：{}。请核对文件路径。",
            crate::paths::shown(file),
            crate::io_text::reason_at(&e, file)
        )
    })?;
    if let Some(refused) = evidence::refusal(&bytes) {
        anyhow::bail!("“{}”不能作为佐证：{refused}。", crate::paths::shown(file));
    }
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let attachment_id = evidence::attach(&mut store, &owner, &name, &bytes)?;
    let attachment = store.require(attachment_id)?.value;
    let count = owner.value.attachment_ids.len() + 1;
    if as_json {
        let value = json!({
            "attachment_id": attachment_id.to_string(),
            "rectification_id": id.to_string(),
            "sha256": attachment.sha256,
            "file_name": attachment.file_name,
            "media_type": attachment.media_type,
            "size_bytes": attachment.size_bytes,
            "attachments": count,
        });
        say!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        say!(
            "已为整改措施“{}”添加佐证：{}\n附件编号 {attachment_id}\nSHA-256 {}\n该整改措施现有佐证 {count} 份。",
            owner.value.measure.chars().take(24).collect::<String>(),
            attachment.file_name,
            attachment.sha256
        );
    }
    Ok(EXIT_OK)
}

fn import(db: &std::path::Path, file: &std::path::Path, skip_bad: bool, as_json: bool) -> anyhow::Result<u8> {
    let mut store = Store::open_existing(db)?;
    let read = returns::read(&mut store, file)?;
    let parsed = &read.parsed;
    if parsed.bad_rows > 0 && !skip_bad {
        super::import::refuse_bad_rows(parsed.bad_rows, &parsed.bad, parsed.rows.len())?;
        return Ok(EXIT_USAGE);
    }
    let report = match returns::commit(&mut store, &read, skip_bad) {
        Ok(report) => report,
        Err(ReturnError::Import(crate::campaign::import::CampaignImportError::BadRows(_))) => return Ok(EXIT_USAGE),
        Err(other) => return Err(other.into()),
    };
    let mut out = std::io::stdout().lock();
    if as_json {
        let value = json!({
            "recorded": report.created,
            "skipped_rows": report.skipped_rows,
            "changes": read.changes.iter().map(|c| json!({"row": c.row, "item": c.item, "said": c.said})).collect::<Vec<_>>(),
            "left_out": parsed.left_out,
            "bad": parsed.bad,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(EXIT_OK);
    }
    writeln!(out, "单位报告的整改情况（{}）：", parsed.source)?;
    for change in &read.changes {
        writeln!(out, "第 {} 行 {}：{}", change.row, change.item, change.said)?;
    }
    writeln!(
        out,
        "已记录为单位整改报告 {} 条；检查组的问题和整改措施未改动（核实后由检查组在整改措施中更新）。",
        report.created
    )?;
    super::import::say_left_out_and_skipped(&mut out, parsed, report.skipped_rows)?;
    Ok(EXIT_OK)
}
