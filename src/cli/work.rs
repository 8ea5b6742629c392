//! `daocha inspection …`, `daocha sample …` and `daocha check …`: the team lead's scripting door
//! to the reverse check. The output formats are a contract; keep them.

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
use serde_json::json;

use crate::domain::dates::{format_iso, parse_date};
use crate::domain::taxonomy::UnitKind;
use crate::domain::{Id, Inspection, Population, SampleMethod};
use crate::inspection::{self, MaterialSet, NewInspection};
use crate::reconcile::CheckConfig;
use crate::sampling::{self, Request};
use crate::store::Store;
use crate::ui::editable::Lookups;

use super::{EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE};

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

/// Arguments of `daocha sample`.
pub struct SampleArgs<'a> {
    /// Database.
    pub db: &'a Path,
    /// Inspection.
    pub inspection: &'a str,
    /// Population.
    pub population: Population,
    /// Method (required unless verifying).
    pub method: Option<SampleMethod>,
    /// Size (required unless verifying).
    pub size: Option<u32>,
    /// Seed (required unless verifying).
    pub seed: Option<&'a str>,
    /// Year filter.
    pub year: Option<i32>,
    /// JSON output.
    pub json: bool,
    /// Redraw and compare instead of drawing.
    pub verify: bool,
}

fn sample_json(sample: &crate::domain::Sample, id: &str) -> serde_json::Value {
    json!({
        "id": id,
        "population": sample.population,
        "method": sample.method,
        "algorithm": sample.algorithm,
        "algorithm_version": sample.algorithm_version,
        "seed": sample.seed,
        "size": sample.size,
        "year": sample.year,
        "population_size": sample.population_size,
        "population_sha256": sample.population_sha256,
        "interval_fen": sample.interval.map(|f| f.0),
        "selected": sample.selected,
        "drawn_at": sample.drawn_at.to_rfc3339(),
    })
}

fn print_sample(out: &mut impl Write, sample: &crate::domain::Sample) -> std::io::Result<()> {
    writeln!(
        out,
        "总体：{}，共 {} 项；年份：{}",
        sampling::population_label(sample.population),
        sample.population_size,
        sample.year.map_or_else(|| "全部".to_string(), |y| y.to_string())
    )?;
    writeln!(
        out,
        "方法：{}（算法 {} 第 {} 版）",
        sampling::method_label(sample.method),
        sample.algorithm,
        sample.algorithm_version
    )?;
    if let Some(interval) = sample.interval {
        writeln!(out, "抽样间隔：{} 元", interval.to_grouped())?;
    }
    writeln!(out, "随机种子：{}", sample.seed)?;
    writeln!(out, "总体哈希（SHA-256）：{}", sample.population_sha256)?;
    writeln!(out, "抽中 {} 项：", sample.selected.len())?;
    for (i, key) in sample.selected.iter().enumerate() {
        writeln!(out, "  {:>3}. {key}", i + 1)?;
    }
    Ok(())
}

/// `daocha sample`.
pub fn sample(args: &SampleArgs<'_>) -> anyhow::Result<u8> {
    let inspection = inspection_id(args.inspection)?;
    let mut store = Store::open_existing(args.db)?;
    let mut out = std::io::stdout().lock();
    if args.verify {
        let recorded = inspection::samples(&store, inspection, args.population)?;
        let wanted = recorded.iter().rev().find(|s| {
            args.method.is_none_or(|m| m == s.value.method)
                && args.size.is_none_or(|n| n == s.value.size)
                && args.seed.is_none_or(|seed| seed.trim() == s.value.seed)
                && (args.year.is_none() || args.year == s.value.year)
        });
        let Some(recorded) = wanted else {
            eprintln!("没有找到与参数相符的抽样记录（总体：{}）。", sampling::population_label(args.population));
            return Ok(EXIT_USAGE);
        };
        let redraw = inspection::redraw(&store, &recorded.value)?;
        if args.json {
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&json!({
                    "recorded": sample_json(&recorded.value, &recorded.id.to_string()),
                    "redrawn": { "population_sha256": redraw.population_sha256, "population_size": redraw.population_size, "selected": redraw.selected },
                    "matches": redraw.matches,
                }))?
            )?;
        } else if redraw.matches {
            writeln!(out, "核验一致：用相同数据和种子重新抽取，得到完全相同的 {} 项。", redraw.selected.len())?;
            print_sample(&mut out, &recorded.value)?;
        } else {
            writeln!(out, "核验不一致：")?;
            if redraw.population_sha256 != recorded.value.population_sha256 {
                writeln!(
                    out,
                    "  总体已改变：记录时 {} 项，哈希 {}；现在 {} 项，哈希 {}。",
                    recorded.value.population_size,
                    recorded.value.population_sha256,
                    redraw.population_size,
                    redraw.population_sha256
                )?;
            }
            writeln!(out, "  记录的抽样：{}", recorded.value.selected.join("、"))?;
            writeln!(out, "  重新抽取：{}", redraw.selected.join("、"))?;
        }
        return Ok(if redraw.matches { EXIT_OK } else { EXIT_PROBLEMS });
    }
    let (Some(method), Some(size), Some(seed)) = (args.method, args.size, args.seed) else {
        eprintln!("抽样需要 --method、--size 和 --seed（核验已有抽样时用 --verify）。");
        return Ok(EXIT_USAGE);
    };
    let request = Request { method, size, seed: seed.to_string(), year: args.year };
    let sample = match inspection::draw_sample(&mut store, inspection, args.population, &request) {
        Ok(sample) => sample,
        Err(inspection::SampleFailure::Sample(e)) => {
            eprintln!("无法抽样：{e}");
            return Ok(EXIT_USAGE);
        }
        Err(e @ inspection::SampleFailure::StageClosed { .. }) => {
            eprintln!("{e}");
            return Ok(EXIT_USAGE);
        }
        Err(e) => return Err(e.into()),
    };
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&sample_json(&sample.value, &sample.id.to_string()))?)?;
    } else {
        writeln!(out, "已抽样并记录（编号 {}）。", sample.id)?;
        print_sample(&mut out, &sample.value)?;
        writeln!(out, "任何人可用相同数据和种子重新抽取核验：daocha sample … --verify")?;
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
