//! `daocha sample …` (draw, plan, verify, evaluate, export a sample) and `daocha reviewers …`
//! (draw the reviewers of 背靠背评查). The flags and JSON keys are a contract (issue 17):
//!
//! - a second draw of a population without `--reason`: exit 2;
//! - `--plan attribute --confidence 95 --tolerable 5 --expected 0 --json` → `{"size": 59}`;
//!   `--plan mus --confidence 95 --tolerable-fen T --population-fen B [--expected-fen E] --json`
//!   → `{"size": n}`; with `--db … --seed …` the planned size is drawn and the plan recorded;
//! - `--strata year|amount|officer`, `--bands`, `--take-all-above-fen`: a stratified draw;
//! - `--verify`: exit 0 the same, 1 different; `--evaluate --json`: the latest sample's result
//!   (exit 1 when it exceeds the tolerable figure); `--export FILE`: the population and the
//!   recorded draw as JSON for `tools/redraw.py`.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::json;

use crate::domain::{Fen, Population, SampleMethod, SamplePlan, SeedSource};
use crate::inspection::reviewers::{self, Declared, ReviewerFailure, ReviewerRequest};
use crate::inspection::{self, MaterialSet, Provenance, SampleFailure};
use crate::sampling::plan::{self, PlanError};
use crate::sampling::{self, Rate, Request, StrataBy, StrataSpec};
use crate::store::Store;

use super::work::inspection_id;
use super::{EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, MethodArg, PopulationArg};

/// How the size is planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PlanArg {
    /// 属性抽样：按可信度、可容忍偏差率和预计偏差率（二项分布精确计算）
    Attribute,
    /// 金额单位抽样：按总体金额、可容忍错报和预计错报（泊松可信系数）
    Mus,
}

/// What strata are cut by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StrataArg {
    /// 按年度
    Year,
    /// 按金额区间（用 --bands 给出分界）
    Amount,
    /// 按经办执法人员（案卷上列在第一位的执法人员）
    Officer,
}

/// `daocha sample …`
#[derive(Debug, clap::Args)]
pub struct SampleArgs {
    /// 数据库文件（只计算样本量时可省略）
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// 检查编号（见 daocha inspection list）
    #[arg(long, value_name = "ID")]
    pub inspection: Option<String>,
    /// 抽样总体
    #[arg(long, value_enum)]
    pub population: Option<PopulationArg>,
    /// 抽样方法：srs 简单随机，mus 金额单位（按金额概率比例）
    #[arg(long, value_enum)]
    pub method: Option<MethodArg>,
    /// 样本量（用 --plan 计算时可省略）
    #[arg(long, value_name = "N")]
    pub size: Option<u32>,
    /// 随机种子（例如当场掷骰子得到的数字）
    #[arg(long, value_name = "TEXT")]
    pub seed: Option<String>,
    /// 随机种子是当场掷骰子得到的（只能是 1 到 6 的数字）
    #[arg(long, conflicts_with = "seed_from")]
    pub dice: bool,
    /// 随机种子取自公开来源：写明来源，例如“福彩3D 2017年9月12日第2017249期开奖号码”
    #[arg(long, value_name = "来源")]
    pub seed_from: Option<String>,
    /// 只从该年度抽取
    #[arg(long, value_name = "YYYY")]
    pub year: Option<i32>,
    /// 再次抽取同一总体的理由（第二次及以后的抽取必须写明；每一次抽取都保留）
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// 计算样本量：attribute 属性抽样，mus 金额单位抽样（给出 --seed 和 --db 时按算得的样本量抽取并记录参数）
    #[arg(long, value_enum)]
    pub plan: Option<PlanArg>,
    /// 可信度（百分数，如 95）
    #[arg(long, value_name = "百分数", default_value = "95")]
    pub confidence: String,
    /// 可容忍偏差率（百分数，属性抽样）
    #[arg(long, value_name = "百分数")]
    pub tolerable: Option<String>,
    /// 预计偏差率（百分数，属性抽样；默认 0）
    #[arg(long, value_name = "百分数")]
    pub expected: Option<String>,
    /// 可容忍错报（分，金额单位抽样）
    #[arg(long, value_name = "分")]
    pub tolerable_fen: Option<i64>,
    /// 预计错报（分，金额单位抽样；默认 0）
    #[arg(long, value_name = "分")]
    pub expected_fen: Option<i64>,
    /// 总体金额（分，金额单位抽样；给出数据库时默认按总体计算）
    #[arg(long, value_name = "分")]
    pub population_fen: Option<i64>,
    /// 分层抽样：year 按年度，amount 按金额区间，officer 按执法人员
    #[arg(long, value_enum)]
    pub strata: Option<StrataArg>,
    /// 金额区间的分界（元，从小到大，逗号分隔，如 1000,5000）
    #[arg(long, value_name = "元,元…")]
    pub bands: Option<String>,
    /// 金额超过此数（分）的项目全部抽取（关键项目全查）
    #[arg(long, value_name = "分")]
    pub take_all_above_fen: Option<i64>,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
    /// 重新抽取并与已记录的抽样比对（省略的参数取最近一次记录）
    #[arg(long, conflicts_with_all = ["evaluate", "export"])]
    pub verify: bool,
    /// 评价最近一次抽样：偏差率上限，或金额单位抽样的推断错报和错报上限（超过可容忍时退出码为 1）
    #[arg(long, conflicts_with = "export")]
    pub evaluate: bool,
    /// 把总体和抽样记录导出为 JSON，供 tools/redraw.py 独立复核
    #[arg(long, value_name = "FILE")]
    pub export: Option<PathBuf>,
}

fn sample_json(sample: &crate::domain::Sample, id: &str) -> serde_json::Value {
    json!({
        "id": id,
        "population": sample.population,
        "method": sample.method,
        "algorithm": sample.algorithm,
        "algorithm_version": sample.algorithm_version,
        "seed": sample.seed,
        "seed_source": sample.seed_source,
        "size": sample.size,
        "year": sample.year,
        "population_size": sample.population_size,
        "population_sha256": sample.population_sha256,
        "interval_fen": sample.interval.map(|f| f.0),
        "selected": sample.selected,
        "reason": sample.reason,
        "plan": sample.plan,
        "strata": sample.strata,
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
    match &sample.seed_source {
        Some(source) => writeln!(out, "随机种子：{}（{}）", sample.seed, source.label())?,
        None => writeln!(out, "随机种子：{}", sample.seed)?,
    }
    if !sample.reason.is_empty() {
        writeln!(out, "重新抽取的理由：{}", sample.reason)?;
    }
    if let Some(plan) = &sample.plan {
        writeln!(out, "{}", plan::describe(plan))?;
    }
    writeln!(out, "总体哈希（SHA-256）：{}", sample.population_sha256)?;
    if let Some(strata) = &sample.strata {
        writeln!(out, "分层：")?;
        for s in &strata.strata {
            writeln!(
                out,
                "  {}：总体 {} 项，抽取 {} 项{}（子种子 {}）",
                s.label,
                s.population_size,
                s.selected.len(),
                s.interval.map(|i| format!("，间隔 {} 元", i.to_grouped())).unwrap_or_default(),
                s.sub_seed
            )?;
        }
    }
    writeln!(out, "抽中 {} 项：", sample.selected.len())?;
    for (i, key) in sample.selected.iter().enumerate() {
        writeln!(out, "  {:>3}. {key}", i + 1)?;
    }
    Ok(())
}

fn rate_arg(name: &str, text: &str) -> anyhow::Result<Rate> {
    Rate::parse(text)
        .ok_or_else(|| anyhow::anyhow!("{name}“{text}”不是百分数：应为 0 到 100 的数，最多两位小数（如 95、5、1.5）"))
}

fn seed_source(dice: bool, seed_from: Option<&str>) -> Option<SeedSource> {
    match (dice, seed_from) {
        (true, _) => Some(SeedSource::Dice),
        (false, Some(name)) => Some(SeedSource::Public { name: name.trim().to_string() }),
        (false, None) => None,
    }
}

/// The plan from the arguments (`book` for monetary-unit planning when not given).
fn planned(args: &SampleArgs, book: Option<Fen>) -> anyhow::Result<Result<SamplePlan, PlanError>> {
    let Some(kind) = args.plan else { anyhow::bail!("缺少 --plan") };
    let confidence = rate_arg("--confidence", &args.confidence)?;
    Ok(match kind {
        PlanArg::Attribute => {
            let Some(tolerable) = &args.tolerable else {
                anyhow::bail!("属性抽样计算样本量需要 --tolerable（可容忍偏差率，百分数）")
            };
            let tolerable = rate_arg("--tolerable", tolerable)?;
            let expected = rate_arg("--expected", args.expected.as_deref().unwrap_or("0"))?;
            plan::attribute_size(confidence, tolerable, expected).map(|p| SamplePlan::Attribute {
                confidence_bp: confidence.0,
                tolerable_bp: tolerable.0,
                expected_bp: expected.0,
                size: p.size,
                expected_deviations: p.expected_deviations,
            })
        }
        PlanArg::Mus => {
            let Some(tolerable) = args.tolerable_fen else {
                anyhow::bail!("金额单位抽样计算样本量需要 --tolerable-fen（可容忍错报，分）")
            };
            let Some(book) = args.population_fen.map(Fen).or(book) else {
                anyhow::bail!(
                    "金额单位抽样计算样本量需要 --population-fen（总体金额，分），或给出 --db、--inspection 和 --population 按总体计算"
                )
            };
            let expected = Fen(args.expected_fen.unwrap_or(0));
            plan::mus_size(confidence, book, Fen(tolerable), expected).map(|p| SamplePlan::Mus {
                confidence_bp: confidence.0,
                book_value: book,
                tolerable: Fen(tolerable),
                expected,
                reliability_factor: p.reliability_factor,
                expansion_factor: p.expansion_factor,
                size: p.size,
            })
        }
    })
}

fn strata_spec(args: &SampleArgs) -> anyhow::Result<Option<StrataSpec>> {
    let by = args.strata.map(|s| match s {
        StrataArg::Year => StrataBy::Year,
        StrataArg::Amount => StrataBy::Amount,
        StrataArg::Officer => StrataBy::Officer,
    });
    let mut bands = Vec::new();
    if let Some(text) = &args.bands {
        for part in text.split([',', '，', '、']).map(str::trim).filter(|p| !p.is_empty()) {
            bands.push(Fen::parse(part).map_err(|e| anyhow::anyhow!("--bands：“{part}”不是金额（{e}）"))?);
        }
    }
    let spec = StrataSpec { by, bands, take_all_above: args.take_all_above_fen.map(Fen) };
    Ok(spec.is_active().then_some(spec))
}

/// `daocha sample`.
pub fn sample(args: &SampleArgs) -> anyhow::Result<u8> {
    let mut out = std::io::stdout().lock();
    // Planning alone needs no database.
    if args.plan.is_some() && args.seed.is_none() && !args.verify && !args.evaluate && args.export.is_none() {
        let book = match (args.plan, &args.db, &args.inspection, args.population, args.population_fen) {
            (Some(PlanArg::Mus), Some(db), Some(id), Some(population), None) => {
                let store = Store::open_existing(db)?;
                Some(book_value(&store, &inspection_id(id)?, population.into(), args.year)?)
            }
            _ => None,
        };
        let plan = match planned(args, book)? {
            Ok(plan) => plan,
            Err(e) => {
                eprintln!("无法计算样本量：{e}");
                return Ok(EXIT_USAGE);
            }
        };
        if args.json {
            writeln!(out, "{}", serde_json::to_string_pretty(&json!({ "size": plan.size() }))?)?;
        } else {
            writeln!(out, "样本量：{}", plan.size())?;
            writeln!(out, "{}", plan::describe(&plan))?;
        }
        return Ok(EXIT_OK);
    }
    let (Some(db), Some(inspection), Some(population)) = (&args.db, &args.inspection, args.population) else {
        eprintln!("抽样需要 --db、--inspection 和 --population（只计算样本量时用 --plan）。");
        return Ok(EXIT_USAGE);
    };
    let inspection = inspection_id(inspection)?;
    let population: Population = population.into();
    let mut store = Store::open_existing(db)?;
    if args.evaluate {
        return evaluate(&store, inspection, population, args.json);
    }
    if args.verify || args.export.is_some() {
        let recorded = inspection::samples(&store, inspection, population)?;
        let wanted = recorded.iter().rev().find(|s| {
            args.method.is_none_or(|m| SampleMethod::from(m) == s.value.method)
                && args.size.is_none_or(|n| n == s.value.size)
                && args.seed.as_deref().is_none_or(|seed| seed.trim() == s.value.seed)
                && (args.year.is_none() || args.year == s.value.year)
        });
        let Some(recorded) = wanted else {
            eprintln!("没有找到与参数相符的抽样记录（总体：{}）。", sampling::population_label(population));
            return Ok(EXIT_USAGE);
        };
        if let Some(path) = &args.export {
            return export(&store, recorded, path);
        }
        return verify(&store, recorded, args.json);
    }
    let book = match args.plan {
        Some(PlanArg::Mus) if args.population_fen.is_none() => {
            Some(book_value(&store, &inspection, population, args.year)?)
        }
        _ => None,
    };
    let plan = match args.plan.map(|_| planned(args, book)).transpose()? {
        None => None,
        Some(Ok(plan)) => Some(plan),
        Some(Err(e)) => {
            eprintln!("无法计算样本量：{e}");
            return Ok(EXIT_USAGE);
        }
    };
    let method = args.method.map(SampleMethod::from).or(match args.plan {
        Some(PlanArg::Attribute) => Some(SampleMethod::Srs),
        Some(PlanArg::Mus) => Some(SampleMethod::Mus),
        None => None,
    });
    let size = args.size.or(plan.as_ref().map(SamplePlan::size));
    let (Some(method), Some(size), Some(seed)) = (method, size, args.seed.as_deref()) else {
        eprintln!("抽样需要 --method、--size（或 --plan 计算）和 --seed（核验已有抽样时用 --verify）。");
        return Ok(EXIT_USAGE);
    };
    let request = Request { method, size, seed: seed.to_string(), year: args.year, strata: strata_spec(args)? };
    let provenance = Provenance {
        seed_source: seed_source(args.dice, args.seed_from.as_deref()),
        reason: args.reason.clone().unwrap_or_default(),
        plan,
    };
    let sample = match inspection::draw_sample_with(&mut store, inspection, population, &request, &provenance) {
        Ok(sample) => sample,
        Err(SampleFailure::Sample(e)) => {
            eprintln!("无法抽样：{e}");
            return Ok(EXIT_USAGE);
        }
        Err(
            e @ (SampleFailure::StageClosed { .. } | SampleFailure::ReasonRequired { .. } | SampleFailure::Invalid(_)),
        ) => {
            eprintln!("{e}");
            return Ok(EXIT_USAGE);
        }
        Err(SampleFailure::Store(e)) => return Err(e.into()),
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

/// The population's total amount after the year filter.
fn book_value(
    store: &Store,
    inspection: &crate::domain::Id<crate::domain::Inspection>,
    population: Population,
    year: Option<i32>,
) -> anyhow::Result<Fen> {
    let set = MaterialSet::load(store, *inspection)?;
    let items = sampling::canonical(&set.plain().items(population), year);
    Ok(Fen(items.iter().map(|i| i.amount.0.max(0)).sum()))
}

fn verify(store: &Store, recorded: &crate::store::Stored<crate::domain::Sample>, as_json: bool) -> anyhow::Result<u8> {
    let mut out = std::io::stdout().lock();
    let redraw = inspection::redraw(store, &recorded.value)?;
    if as_json {
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
    Ok(if redraw.matches { EXIT_OK } else { EXIT_PROBLEMS })
}

fn export(store: &Store, recorded: &crate::store::Stored<crate::domain::Sample>, path: &Path) -> anyhow::Result<u8> {
    let value = inspection::export_population(store, &recorded.value)?;
    let text = serde_json::to_string_pretty(&value)?;
    std::fs::write(path, text + "\n")
        .map_err(|e| anyhow::anyhow!("无法写入“{}”：{}", path.display(), crate::io_text::reason(&e)))?;
    say!(
        "已导出总体（{} 项）和抽样记录到 {}。独立复核：python3 tools/redraw.py {}",
        recorded.value.population_size,
        path.display(),
        path.display()
    );
    Ok(EXIT_OK)
}

fn evaluate(
    store: &Store,
    inspection: crate::domain::Id<crate::domain::Inspection>,
    population: Population,
    as_json: bool,
) -> anyhow::Result<u8> {
    let Some(evaluation) = inspection::evaluation::load(store, inspection, population)? else {
        eprintln!(
            "“{}”还没有可评价的抽样（只评价第 1—3 步罚没款收据、处罚台账、处罚案卷的最近一次抽样）。",
            sampling::population_label(population)
        );
        return Ok(EXIT_USAGE);
    };
    if as_json {
        say!("{}", serde_json::to_string_pretty(&evaluation.json())?);
    } else {
        say!("{}", evaluation.text());
    }
    Ok(if evaluation.within == Some(false) { EXIT_PROBLEMS } else { EXIT_OK })
}

/// `daocha reviewers …`
#[derive(Debug, clap::Args)]
pub struct ReviewersArgs {
    /// 数据库文件（有团队名册的数据库）
    #[arg(long, value_name = "PATH")]
    pub db: PathBuf,
    /// 检查编号
    #[arg(long, value_name = "ID")]
    pub inspection: String,
    /// 随机种子
    #[arg(long, value_name = "TEXT", required_unless_present = "verify")]
    pub seed: Option<String>,
    /// 随机种子是当场掷骰子得到的
    #[arg(long, conflicts_with = "seed_from")]
    pub dice: bool,
    /// 随机种子取自公开来源（写明来源）
    #[arg(long, value_name = "来源")]
    pub seed_from: Option<String>,
    /// 需要评查的案卷（决定书文号，可重复；默认第 3 步“处罚案卷”的全部案卷）
    #[arg(long = "case", value_name = "决定书文号")]
    pub cases: Vec<String>,
    /// 回避：“姓名:决定书文号:理由”，决定书文号留空表示回避整个受检单位（如“王喆::曾在该单位工作”）
    #[arg(long = "conflict", value_name = "姓名:文号:理由")]
    pub conflicts: Vec<String>,
    /// 再次抽取的理由
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
    /// 用记录中的种子和名册重新抽取最近一次的评查人员并比对（一致 0，不一致 1）
    #[arg(long)]
    pub verify: bool,
}

fn parse_conflict(text: &str) -> anyhow::Result<Declared> {
    let parts: Vec<&str> = text.splitn(3, [':', '：']).collect();
    match parts.as_slice() {
        [name, case, reason] if !name.trim().is_empty() => Ok(Declared {
            name: name.trim().to_string(),
            case: Some(case.trim().to_string()).filter(|c| !c.is_empty()),
            reason: reason.trim().to_string(),
        }),
        _ => anyhow::bail!("--conflict“{text}”格式不对：应为“姓名:决定书文号:理由”（整个单位回避时文号留空）"),
    }
}

fn reviewers_json(d: &crate::store::Stored<crate::domain::ReviewerDraw>) -> serde_json::Value {
    let v = &d.value;
    json!({
        "id": d.id.to_string(),
        "algorithm": v.algorithm,
        "algorithm_version": v.algorithm_version,
        "seed": v.seed,
        "seed_source": v.seed_source,
        "input_sha256": v.input_sha256,
        "candidates": v.candidates.iter().map(|c| json!({"name": c.name, "public_key": c.public_key})).collect::<Vec<_>>(),
        "conflicts": v.conflicts.iter().map(|c| json!({"name": c.name, "case": c.case, "reason": c.reason})).collect::<Vec<_>>(),
        "assignments": v.assignments.iter().map(|a| json!({"case": a.case, "reviewers": a.names})).collect::<Vec<_>>(),
        "reason": v.reason,
        "drawn_at": v.drawn_at.to_rfc3339(),
    })
}

/// `daocha reviewers`.
pub fn reviewers(args: &ReviewersArgs) -> anyhow::Result<u8> {
    let inspection = inspection_id(&args.inspection)?;
    let mut store = Store::open_existing(&args.db)?;
    let mut out = std::io::stdout().lock();
    if args.verify {
        let Some(latest) = reviewers::draws(&store, inspection)?.pop() else {
            eprintln!("本次检查还没有抽取过评查人员。");
            return Ok(EXIT_USAGE);
        };
        let same = reviewers::verify(&latest.value)?;
        if args.json {
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&json!({"recorded": reviewers_json(&latest), "matches": same}))?
            )?;
        } else if same {
            writeln!(out, "核验一致：用记录中的种子、名册、案卷和回避重新抽取，得到相同的评查人员。")?;
        } else {
            writeln!(out, "核验不一致：记录中的评查人员不能由其种子和名册重新得到。")?;
        }
        return Ok(if same { EXIT_OK } else { EXIT_PROBLEMS });
    }
    let mut conflicts = Vec::new();
    for text in &args.conflicts {
        conflicts.push(parse_conflict(text)?);
    }
    let request = ReviewerRequest {
        seed: args.seed.clone().unwrap_or_default(),
        seed_source: seed_source(args.dice, args.seed_from.as_deref()),
        cases: (!args.cases.is_empty()).then(|| args.cases.clone()),
        conflicts,
        reason: args.reason.clone().unwrap_or_default(),
    };
    let drawn = match reviewers::draw(&mut store, inspection, &request) {
        Ok(drawn) => drawn,
        Err(ReviewerFailure::Store(e)) => return Err(e.into()),
        Err(e) => {
            eprintln!("无法抽取评查人员：{e}");
            return Ok(EXIT_USAGE);
        }
    };
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&reviewers_json(&drawn))?)?;
    } else {
        writeln!(out, "已抽取评查人员并记录（编号 {}，种子 {}）：", drawn.id, drawn.value.seed)?;
        for a in &drawn.value.assignments {
            writeln!(out, "  {}：{}", a.case, a.names.join("、"))?;
        }
        for c in &drawn.value.conflicts {
            writeln!(out, "  回避：{}（{}）：{}", c.name, c.case.as_deref().unwrap_or("整个受检单位"), c.reason)?;
        }
    }
    Ok(EXIT_OK)
}
