//! `daocha key`, `daocha export`, `daocha merge`, `daocha dump`: moving work between laptops.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use serde_json::json;

use crate::domain::{Id, Inspector};
use crate::merge::{self, Status};
use crate::store::Store;

use super::{EXIT_OK, EXIT_USAGE};

/// The PIN: from `--pin`, else `DAOCHA_PIN`, else asked on the terminal.
pub fn pin(given: Option<&str>) -> anyhow::Result<String> {
    if let Some(pin) = given {
        return Ok(pin.to_string());
    }
    if let Ok(pin) = std::env::var("DAOCHA_PIN") {
        return Ok(pin);
    }
    eprint!("请输入签名 PIN：");
    std::io::stderr().flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim().to_string())
}

/// The inspector named `name`, or the laptop's current inspector.
pub fn inspector(store: &Store, name: Option<&str>) -> anyhow::Result<Id<Inspector>> {
    match name {
        Some(name) => store
            .list::<Inspector>()?
            .into_iter()
            .find(|i| i.value.name == name.trim())
            .map(|i| i.id)
            .ok_or_else(|| anyhow::anyhow!("数据库中没有名为“{name}”的检查人员")),
        None => store
            .current_inspector()
            .ok_or_else(|| anyhow::anyhow!("请用 --inspector 指定检查人员（本机尚未设定当前检查人员）")),
    }
}

/// `daocha key create`.
pub fn key_create(db: &Path, name: Option<&str>, pin_arg: Option<&str>) -> anyhow::Result<u8> {
    let mut store = Store::open_existing(db)?;
    let id = inspector(&store, name)?;
    let pin = pin(pin_arg)?;
    let public = crate::keys::create(&mut store, id, &pin)?;
    if store.current_inspector().is_none() {
        store.set_current_inspector(Some(id))?;
    }
    say!("已创建签名密钥。公钥指纹：{}\n公钥：{}", public.fingerprint(), public.hex);
    Ok(EXIT_OK)
}

/// `daocha export`.
pub fn export(db: &Path, out: &Path, name: Option<&str>, pin_arg: Option<&str>, plan: bool) -> anyhow::Result<u8> {
    let mut store = Store::open_existing(db)?;
    let id = inspector(&store, name)?;
    let pin = pin(pin_arg)?;
    let manifest = merge::export::export(&mut store, out, Some(id), &pin, if plan { "plan" } else { "inspector" })?;
    say!(
        "已导出：{}\n检查人员：{}（公钥指纹 {}）\n版本数：{}；审计链头：{}",
        out.display(),
        manifest.inspector_name,
        crate::keys::fingerprint(&manifest.public_key),
        manifest.versions,
        manifest.audit_head
    );
    Ok(EXIT_OK)
}

/// `daocha merge`.
pub fn merge(db: &Path, files: &[PathBuf], as_json: bool) -> anyhow::Result<u8> {
    let mut store = Store::open(db)?;
    let reports = merge::merge_files(&mut store, files, |_, _| true)?;
    let rejected = reports.iter().any(|r| r.status == Status::Rejected);
    let mut out = std::io::stdout().lock();
    if as_json {
        writeln!(out, "{}", serde_json::to_string_pretty(&json!({ "files": reports }))?)?;
    } else {
        for r in &reports {
            let status = match r.status {
                Status::Merged => "已合并",
                Status::Duplicate => "重复（无变化）",
                Status::Rejected => "已拒绝",
            };
            writeln!(out, "{}：{status}。{}", r.path, r.reason)?;
        }
        let conflicts: u64 = reports.iter().map(|r| r.conflicts).sum();
        if conflicts > 0 {
            writeln!(out, "共有 {conflicts} 条记录存在冲突，请在图形界面“合并”页逐条处理。")?;
        }
    }
    Ok(if rejected { EXIT_USAGE } else { EXIT_OK })
}

/// `daocha dump`.
pub fn dump(db: &Path) -> anyhow::Result<u8> {
    let store = Store::open_existing(db)?;
    let value = merge::dump::dump(&store)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    Ok(EXIT_OK)
}

/// `daocha report`.
pub fn report(db: &Path, as_json: bool, xlsx: Option<&Path>, as_of: Option<&str>) -> anyhow::Result<u8> {
    let store = Store::open_existing(db)?;
    let today = match as_of {
        Some(text) => crate::domain::dates::parse_date(text).map_err(|e| anyhow::anyhow!("--as-of：{e}"))?,
        None => store.today(),
    };
    let standard = crate::scoring::Standard::default_standard()?;
    let report = crate::report::build(&store, today, &standard)?;
    if let Some(path) = xlsx {
        crate::report::write_xlsx(&report, path).map_err(|e| anyhow::anyhow!("无法写入 {}：{e}", path.display()))?;
        say!("已写入 {}", path.display());
    }
    if as_json || xlsx.is_none() {
        say!("{}", serde_json::to_string_pretty(&report)?);
    }
    Ok(EXIT_OK)
}
