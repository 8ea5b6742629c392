//! `daocha inspection …` and `daocha check …`: the team lead's scripting door to the reverse
//! check (`daocha sample …` is in `sample.rs`). The output formats are a contract; keep them.

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
use serde_json::json;

use crate::domain::dates::{format_iso, parse_date};
use crate::domain::taxonomy::UnitKind;
use crate::domain::{Id, Inspection};
use crate::inspection::Lookups;
use crate::inspection::{self, MaterialSet, NewInspection};
use crate::reconcile::CheckConfig;
use crate::store::Store;

use super::{EXIT_OK, EXIT_PROBLEMS};

/// Parses an inspection id given on the command line.
pub fn inspection_id(text: &str) -> anyhow::Result<Id<Inspection>> {
    text.parse().map_err(|_| anyhow::anyhow!("检查编号“{text}”格式不对：应为 `daocha inspection list` 列出的 UUID"))
}

/// Arguments of `daocha inspection create`, as typed.
pub struct CreateArgs<'a> {
    /// 受检单位.
    pub unit: &'a str,
    /// 执法领域.
    pub domain: &'a str,
    /// 单位类别.
    pub kind: UnitKind,
    /// 检查日期.
    pub date: &'a str,
    /// 检查人员.
    pub inspectors: &'a [String],
    /// 检查地点.
    pub place: &'a str,
    /// 录音录像编号.
    pub recording: &'a str,
}

/// `daocha inspection create`.
pub fn create(db: &Path, args: &CreateArgs<'_>) -> anyhow::Result<u8> {
    let date: NaiveDate = parse_date(args.date).map_err(|e| anyhow::anyhow!("--date：{e}"))?;
    let mut store = Store::open(db)?;
    let names: Vec<String> = args.inspectors.iter().flat_map(|n| inspection::split_names(n)).collect();
    let new = NewInspection {
        unit_name: args.unit.to_string(),
        domain: args.domain.to_string(),
        unit_kind: args.kind,
        date,
        place: args.place.to_string(),
        inspectors: names,
        recording_no: args.recording.to_string(),
    };
    let id = inspection::create(&mut store, &new)?;
    say!("{id}");
    Ok(EXIT_OK)
}

/// `daocha inspection list`.
pub fn list(db: &Path, as_json: bool) -> anyhow::Result<u8> {
    let store = Store::open_existing(db)?;
    let lookups = Lookups::load(&store)?;
    let mut inspections = lookups.inspections.clone();
    inspections.sort_by_key(|i| (i.value.date, i.id));
    let mut out = std::io::stdout().lock();
    if as_json {
        let items: Vec<_> = inspections
            .iter()
            .map(|i| {
                let unit = lookups.unit(i.value.unit_id);
                json!({
                    "id": i.id.to_string(),
                    "unit": lookups.unit_name(i.value.unit_id),
                    "domain": unit.map(|u| u.domain.clone()),
                    "date": format_iso(i.value.date),
                    "place": i.value.place,
                    "inspectors": i.value.inspector_ids.iter().map(|id| lookups.inspector_name(*id)).collect::<Vec<_>>(),
                    "recording_no": i.value.recording_no,
                    "receipts": store.count_in(crate::domain::RecordKind::Receipt, i.id).unwrap_or(0),
                    "ledger_entries": store.count_in(crate::domain::RecordKind::LedgerEntry, i.id).unwrap_or(0),
                    "case_files": store.count_in(crate::domain::RecordKind::CaseFile, i.id).unwrap_or(0),
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&json!({ "inspections": items }))?)?;
    } else if inspections.is_empty() {
        writeln!(out, "（没有检查。用 daocha inspection create 新建。）")?;
    } else {
        for i in &inspections {
            writeln!(
                out,
                "{}  {}  {}  检查组：{}",
                i.id,
                format_iso(i.value.date),
                lookups.unit_name(i.value.unit_id),
                lookups.team(&i.value.inspector_ids)
            )?;
        }
    }
    Ok(EXIT_OK)
}

/// `daocha check`.
pub fn check(
    db: &Path,
    inspection: &str,
    config: &CheckConfig,
    hearing_rule: Option<&str>,
    as_json: bool,
) -> anyhow::Result<u8> {
    let inspection = inspection_id(inspection)?;
    let store = Store::open_existing(db)?;
    // The hearing rule: as given, else the one chosen for the inspection (none: left out).
    let mut record = store
        .get(inspection)?
        .ok_or_else(|| anyhow::anyhow!("数据库中没有编号为 {inspection} 的检查（用 daocha inspection list 查看）"))?
        .value;
    if let Some(rule) = hearing_rule {
        record.hearing_rule = if rule == "none" { String::new() } else { rule.to_string() };
    }
    let hearing = crate::inspection::check_config(&record).map_err(|e| anyhow::anyhow!(e))?.hearing;
    let config = CheckConfig { hearing, ..config.clone() };
    let material = MaterialSet::load(&store, inspection)?;
    let plain = material.plain();
    let problems = plain.check(&config);
    // Checks a unit's file lacked a column for (a 双公示 ledger has no 立案日期): said, not guessed.
    let not_run = crate::reconcile::not_run(plain.material());
    let mut out = std::io::stdout().lock();
    if as_json {
        let body = if not_run.is_empty() {
            json!({ "problems": problems })
        } else {
            json!({ "problems": problems, "not_run": not_run })
        };
        writeln!(out, "{}", serde_json::to_string_pretty(&body)?)?;
    } else if problems.is_empty() {
        for skipped in &not_run {
            writeln!(out, "{}", skipped.message)?;
        }
        writeln!(out, "未发现问题。")?;
    } else {
        for p in &problems {
            writeln!(
                out,
                "[{}] {}（{} {}）：{}",
                p.kind.as_str(),
                p.kind.label(),
                p.kind.item_code(),
                p.item_name(),
                p.message
            )?;
        }
        for skipped in &not_run {
            writeln!(out, "{}", skipped.message)?;
        }
        writeln!(out, "共发现 {} 个问题。", problems.len())?;
    }
    Ok(if problems.is_empty() { EXIT_OK } else { EXIT_PROBLEMS })
}
