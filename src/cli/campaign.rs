//! `daocha campaign …`: the lead's work around the visits. `select` ranks the district's units by
//! the plan's rule and draws the units of phase 2; `teams` draws the team of each chosen unit.
//! Both print the same text (or `--json`) for the same database and seed: asking again gives
//! the draw already recorded, a redraw is numbered. `import` takes the lead's tables — the
//! district's units, the units' self-reports, the public's complaints — all or nothing like
//! `daocha import` (bad rows listed on stderr, exit 2, nothing written unless `--skip-bad`), and
//! `template` writes the self-report spreadsheet sent out to the units. `daocha demo --campaign`'s
//! printed lines live here too, beside the commands they show.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::Datelike;

use clap::{Args, Subcommand};
use serde_json::{Value, json};

use super::{EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE};
use crate::campaign::assign;
use crate::campaign::import::{self as campaign_import, CampaignImportError};
use crate::campaign::ranking::{self, report_label};
use crate::campaign::select::{self, CampaignError, Numbered};
use crate::campaign::template;
use crate::domain::{TeamDraw, UnitDraw};
use crate::import::ImportKind;
use crate::store::Store;

/// The campaign's subcommands.
#[derive(Debug, Subcommand)]
pub enum CampaignCommand {
    /// 按方案规则为第二阶段重点抽查排名，并从排名靠前的单位中随机抽取受检单位（记录种子和输入摘要；决定抽查的单位另行标明）
    Select(SelectArgs),
    /// 为最近一次抽中的受检单位和决定抽查的单位抽取检查组（回避本单位人员和声明回避者，每组至少两人，工作量均衡）
    Teams(TeamsArgs),
    /// 调换某受检单位检查组中的一名检查人员（须写明理由；调入者须在团队名册中、不在该组、无须回避）
    Swap(SwapArgs),
    /// 为最近一次抽取的检查组的每个受检单位建立检查（检查组按调换后的人员，组长在前）；再次运行只更新检查组有变化的检查
    Inspections {
        /// 团队数据库
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// 检查日期（YYYY-MM-DD）
        #[arg(long, value_name = "DATE")]
        date: String,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
    /// 导入受检单位名单（units）、自查自纠报告（selfreports）或监督举报（complaints）（.xlsx/.xls/.ods/.csv）；有误的行一律不导入，除非加 --skip-bad
    Import {
        /// 组长的团队数据库文件
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// 导入的内容
        #[arg(value_enum, value_name = "KIND")]
        kind: CampaignTable,
        /// 要导入的文件（.xlsx、.xls、.ods 或 .csv）
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// 跳过有误的行，只导入其余的行（跳过的行会列出）
        #[arg(long)]
        skip_bad: bool,
    },
    /// 生成发给各单位填写的自查自纠报表模板（.xlsx，每个受检单位一行），填好后用 campaign import selfreports 导入
    Template {
        /// 组长的团队数据库文件
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// 模板的内容（目前只有 selfreports：自查自纠报告）
        #[arg(value_enum, value_name = "KIND")]
        kind: TemplateKind,
        /// 输出的 .xlsx 文件
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// 年度（默认：数据库中已有报告的最近年度，没有则为今年）
        #[arg(long, value_name = "YEAR")]
        year: Option<i32>,
    },
}

/// Arguments of `daocha campaign select`.
#[derive(Debug, Args)]
pub struct SelectArgs {
    /// 团队数据库
    #[arg(long, value_name = "PATH")]
    pub db: PathBuf,
    /// 随机抽取的单位数 N（从排名前 2N 位中抽取）
    #[arg(long, value_name = "N", required_unless_present = "verify")]
    pub count: Option<u32>,
    /// 随机种子
    #[arg(long, value_name = "TEXT", required_unless_present = "verify")]
    pub seed: Option<String>,
    /// 读取哪一年度的自查自纠报告（默认：报告中最近的年度）
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
    /// 用记录中的排名、数量和种子重新抽取最近一次的受检单位并比对（一致 0，不一致 1）
    #[arg(long, conflicts_with_all = ["count", "seed", "year"])]
    pub verify: bool,
}

/// Arguments of `daocha campaign teams`.
#[derive(Debug, Args)]
pub struct TeamsArgs {
    /// 团队数据库
    #[arg(long, value_name = "PATH")]
    pub db: PathBuf,
    /// 随机种子
    #[arg(long, value_name = "TEXT", required_unless_present = "verify")]
    pub seed: Option<String>,
    /// 每组检查人员数（至少 2）
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub size: usize,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
    /// 用记录中的名册、单位、回避和种子重新抽取最近一次的检查组并比对（一致 0，不一致 1）
    #[arg(long, conflicts_with = "seed")]
    pub verify: bool,
}

/// Runs a campaign subcommand.
pub fn run(command: CampaignCommand) -> anyhow::Result<u8> {
    match command {
        CampaignCommand::Select(args) => select_cmd(&args),
        CampaignCommand::Teams(args) => teams_cmd(&args),
        CampaignCommand::Swap(args) => swap_cmd(&args),
        CampaignCommand::Inspections { db, date, json } => inspections_cmd(&db, &date, json),
        CampaignCommand::Import { db, kind, file, skip_bad } => import(&db, kind.kind(), &file, skip_bad),
        CampaignCommand::Template { db, kind: TemplateKind::Selfreports, out, year } => {
            let store = Store::open_existing(&db)?;
            let year = match year {
                Some(year) => year,
                None => template::default_year(&store, chrono::Local::now().year())?,
            };
            let units = template::write_template(&store, year, &out)?;
            say!(
                "已生成{year}年度自查自纠报表模板：{}（{units} 个受检单位，每单位一行）。\n请各单位填写后交回，再用 daocha campaign import --db {} selfreports 文件 导入。",
                crate::paths::shown(&out),
                crate::paths::shown(&db)
            );
            Ok(EXIT_OK)
        }
    }
}

fn refused(what: &str, error: CampaignError) -> anyhow::Result<u8> {
    match error {
        CampaignError::Store(e) => Err(e.into()),
        e => {
            eprintln!("无法{what}：{e}");
            Ok(EXIT_USAGE)
        }
    }
}

fn select_cmd(args: &SelectArgs) -> anyhow::Result<u8> {
    let mut store = Store::open_existing(&args.db)?;
    if args.verify {
        let Some(latest) = select::unit_draws(&store)?.pop() else {
            eprintln!("还没有抽取过受检单位。");
            return Ok(EXIT_USAGE);
        };
        let same = select::verify_unit_draw(&latest.value)?;
        return verified(args.json, same, "受检单位", "排名、数量和种子", "抽中的单位");
    }
    let (count, seed) = (args.count.unwrap_or(0), args.seed.clone().unwrap_or_default());
    let drawn = match select::select(&mut store, count, &seed, args.year) {
        Ok(drawn) => drawn,
        Err(e) => return refused("抽取受检单位", e),
    };
    let decisions = select::decisions(&store)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&unit_draw_json(&drawn, &decisions))?)?;
    } else {
        write!(out, "{}", unit_draw_text(&drawn, &decisions))?;
    }
    Ok(EXIT_OK)
}

/// Prints the result of `--verify` and returns its exit status.
fn verified(json: bool, same: bool, what: &str, inputs: &str, result: &str) -> anyhow::Result<u8> {
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&json!({ "matches": same }))?)?;
    } else if same {
        writeln!(out, "核验一致：用记录中的{inputs}重新抽取{what}，得到相同的{result}。")?;
    } else {
        writeln!(out, "核验不一致：记录中的{result}不能由其{inputs}重新得到。")?;
    }
    Ok(if same { EXIT_OK } else { EXIT_PROBLEMS })
}

/// What became of a ranked unit: `drawn`, `decided` or none.
fn chosen(r: &crate::domain::RankedUnit) -> Option<&'static str> {
    if r.decided {
        Some("decided")
    } else if r.drawn {
        Some("drawn")
    } else {
        None
    }
}

fn pool_size(d: &UnitDraw) -> usize {
    d.ranking.iter().filter(|r| r.in_pool).count()
}

/// The JSON of a unit draw.
fn unit_draw_json(n: &Numbered<UnitDraw>, decisions: &[crate::store::Stored<crate::domain::UnitDecision>]) -> Value {
    let d = &n.draw.value;
    let units: Vec<Value> = d
        .ranking
        .iter()
        .map(|r| {
            let decision = decisions.iter().find(|x| r.decided && x.value.unit_id == r.unit_id);
            json!({
                "place": r.place,
                "unit_id": r.unit_id.to_string(),
                "name": r.name,
                "domain": r.domain,
                "report": r.report,
                "cases_reviewed": r.cases_reviewed,
                "problems": r.problems,
                "problems_per_mille": r.problems_per_mille,
                "self_points": r.self_points,
                "complaints_open": r.complaints_open,
                "complaints_closed": r.complaints_closed,
                "complaints_domain": r.complaints_domain,
                "complaint_points": r.complaint_points,
                "score": r.score,
                "in_pool": r.in_pool,
                "chosen": chosen(r),
                "decision": decision.map(|x| json!({"ground": x.value.ground, "reason": x.value.reason, "decided_by": x.value.decided_by})),
            })
        })
        .collect();
    json!({
        "draw_id": n.draw.id.to_string(),
        "draw_number": n.number,
        "algorithm": d.algorithm,
        "algorithm_version": d.algorithm_version,
        "seed": d.seed,
        "year": d.year,
        "count": d.count,
        "pool_size": pool_size(d),
        "input_sha256": d.input_sha256,
        "drawn": d.drawn.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "decided": d.decided.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "units": units,
    })
}

/// The text of a unit draw.
fn unit_draw_text(n: &Numbered<UnitDraw>, decisions: &[crate::store::Stored<crate::domain::UnitDecision>]) -> String {
    let d = &n.draw.value;
    let mut t = format!("抽取受检单位（第 {} 次抽取，种子“{}”，{} 年度自查自纠报告）\n", n.number, d.seed, d.year);
    t.push_str(&format!("排名规则：{}\n", ranking::RULE));
    t.push_str("名次\t单位\t执法领域\t自查报告\t自查案卷\t发现问题\t每千卷问题\t自查分\t举报（未办结/已办结/领域）\t举报分\t得分\t结果\n");
    for r in &d.ranking {
        let result = match chosen(r) {
            Some("decided") => "决定抽查",
            Some(_) => "随机抽中",
            None if r.in_pool => "候选未抽中",
            None => "—",
        };
        t.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}/{}/{}\t{}\t{}\t{}\n",
            r.place,
            r.name,
            r.domain,
            report_label(&r.report),
            r.cases_reviewed,
            r.problems,
            r.problems_per_mille.map(|p| p.to_string()).unwrap_or_else(|| "—".into()),
            r.self_points,
            r.complaints_open,
            r.complaints_closed,
            r.complaints_domain,
            r.complaint_points,
            r.score,
            result
        ));
    }
    t.push_str(&format!(
        "抽取方法：从未经决定抽查的单位中排名前 {} 位（与末位同分者一并纳入）共 {} 个单位里等概率随机抽取 {} 个（{} 第 {} 版，种子与输入摘要可复核）\n",
        d.count.saturating_mul(2),
        pool_size(d),
        d.drawn.len(),
        d.algorithm,
        d.algorithm_version
    ));
    t.push_str(&format!("输入摘要 SHA-256：{}\n", d.input_sha256));
    let name = |id: &crate::domain::Id<crate::domain::Unit>| {
        d.ranking.iter().find(|r| r.unit_id == *id).map(|r| r.name.clone()).unwrap_or_else(|| id.to_string())
    };
    let drawn: Vec<String> = d.drawn.iter().map(name).collect();
    t.push_str(&format!("随机抽中：{}\n", if drawn.is_empty() { "无".to_string() } else { drawn.join("、") }));
    if d.decided.is_empty() {
        t.push_str("决定抽查：无\n");
    } else {
        t.push_str("决定抽查（非随机）：\n");
        for id in &d.decided {
            let grounds: Vec<String> = decisions
                .iter()
                .filter(|x| x.value.unit_id == *id)
                .map(|x| format!("{}，{}，{}决定", x.value.ground, x.value.reason, x.value.decided_by))
                .collect();
            t.push_str(&format!("  {}（{}）\n", name(id), grounds.join("；")));
        }
    }
    t
}

fn teams_cmd(args: &TeamsArgs) -> anyhow::Result<u8> {
    let mut store = Store::open_existing(&args.db)?;
    if args.verify {
        let Some(latest) = select::team_draws(&store)?.pop() else {
            eprintln!("还没有抽取过检查组。");
            return Ok(EXIT_USAGE);
        };
        let same = select::verify_team_draw(&latest.value)?;
        return verified(args.json, same, "检查组", "名册、受检单位、回避和种子", "检查组");
    }
    let seed = args.seed.clone().unwrap_or_default();
    let drawn = match select::teams(&mut store, &seed, args.size) {
        Ok(drawn) => drawn,
        Err(e) => return refused("抽取检查组", e),
    };
    let unit_draw_number = match drawn.draw.value.unit_draw_id {
        Some(id) => select::unit_draws(&store)?.iter().position(|d| d.id == id).map(|i| i + 1),
        None => None,
    };
    let effective = assign::effective_of(&store, drawn.draw.clone(), drawn.number)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&team_draw_json(&drawn, unit_draw_number, &effective))?)?;
    } else {
        write!(out, "{}", team_draw_text(&drawn, unit_draw_number, &effective))?;
    }
    Ok(EXIT_OK)
}

/// Teams per inspector, in candidate order, in `teams` (the effective ones: after the swaps).
fn loads(d: &TeamDraw, teams: &[crate::domain::UnitTeam]) -> Vec<(String, usize)> {
    d.candidates
        .iter()
        .map(|c| (c.name.clone(), teams.iter().filter(|t| t.members.contains(&c.inspector_id)).count()))
        .collect()
}

fn team_draw_json(n: &Numbered<TeamDraw>, unit_draw_number: Option<usize>, effective: &assign::Effective) -> Value {
    let d = &n.draw.value;
    let name_of = |id: &crate::domain::Id<crate::domain::Inspector>| {
        d.candidates.iter().find(|c| c.inspector_id == *id).map(|c| c.name.clone()).unwrap_or_default()
    };
    json!({
        "draw_id": n.draw.id.to_string(),
        "draw_number": n.number,
        "unit_draw_id": d.unit_draw_id.map(|id| id.to_string()),
        "unit_draw_number": unit_draw_number,
        "algorithm": d.algorithm,
        "algorithm_version": d.algorithm_version,
        "seed": d.seed,
        "team_size": d.team_size,
        "input_sha256": d.input_sha256,
        "teams": effective.teams.iter().zip(&d.teams).map(|(t, drawn)| json!({
            "unit_id": t.unit_id.to_string(),
            "unit": t.unit_name,
            "chosen": if t.decided { "decided" } else { "drawn" },
            "members": t.members.iter().zip(&t.names).map(|(id, name)| json!({"inspector_id": id.to_string(), "name": name})).collect::<Vec<_>>(),
            "drawn_members": drawn.members.iter().zip(&drawn.names).map(|(id, name)| json!({"inspector_id": id.to_string(), "name": name})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "swaps": effective.swaps.iter().map(|s| json!({
            "swap_id": s.id.to_string(),
            "unit_id": s.value.unit_id.to_string(),
            "unit": d.teams.iter().find(|t| t.unit_id == s.value.unit_id).map(|t| t.unit_name.clone()),
            "out": s.value.out_name,
            "out_id": s.value.out_id.to_string(),
            "in": s.value.in_name,
            "in_id": s.value.in_id.to_string(),
            "reason": s.value.reason,
            "swapped_at": s.value.swapped_at.to_rfc3339(),
        })).collect::<Vec<_>>(),
        "exclusions": d.exclusions.iter().map(|x| json!({
            "inspector_id": x.inspector_id.to_string(),
            "name": name_of(&x.inspector_id),
            "unit_id": x.unit_id.to_string(),
            "reason": x.reason,
        })).collect::<Vec<_>>(),
        "load": loads(d, &effective.teams).into_iter().map(|(name, teams)| json!({"name": name, "teams": teams})).collect::<Vec<_>>(),
    })
}

fn team_draw_text(n: &Numbered<TeamDraw>, unit_draw_number: Option<usize>, effective: &assign::Effective) -> String {
    let d = &n.draw.value;
    let basis = match unit_draw_number {
        Some(k) => format!("依据第 {k} 次抽取受检单位"),
        None => "只有决定抽查的单位".to_string(),
    };
    let mut t = format!("抽取检查组（第 {} 次抽取，种子“{}”，{}，每组 {} 人）\n", n.number, d.seed, basis, d.team_size);
    for (team, drawn) in effective.teams.iter().zip(&d.teams) {
        let how = if team.decided { "决定抽查" } else { "随机抽中" };
        let swapped = if team.members == drawn.members {
            String::new()
        } else {
            format!("（调换后；抽取时为 {}）", drawn.names.join("、"))
        };
        t.push_str(&format!("{}（{}）：{}{swapped}\n", team.unit_name, how, team.names.join("、")));
    }
    if !effective.swaps.is_empty() {
        t.push_str("调换检查人员：\n");
        for s in &effective.swaps {
            let unit = d.teams.iter().find(|u| u.unit_id == s.value.unit_id).map_or("", |u| u.unit_name.as_str());
            t.push_str(&format!(
                "  {unit}：{} 调出，{} 调入（理由：{}）\n",
                s.value.out_name, s.value.in_name, s.value.reason
            ));
        }
    }
    let load: Vec<String> = loads(d, &effective.teams).into_iter().map(|(name, k)| format!("{name} {k} 组")).collect();
    let after = if effective.swaps.is_empty() { "" } else { "（调换后）" };
    t.push_str(&format!("工作量{after}：{}\n", load.join("，")));
    if d.exclusions.is_empty() {
        t.push_str("回避：无\n");
    } else {
        t.push_str("回避：\n");
        for x in &d.exclusions {
            let who = d.candidates.iter().find(|c| c.inspector_id == x.inspector_id).map(|c| c.name.clone());
            let unit = d.teams.iter().find(|u| u.unit_id == x.unit_id).map(|u| u.unit_name.clone());
            t.push_str(&format!(
                "  {} — {}（{}）\n",
                who.unwrap_or_else(|| x.inspector_id.to_string()),
                unit.unwrap_or_else(|| x.unit_id.to_string()),
                x.reason
            ));
        }
    }
    t.push_str(&format!(
        "抽取方法：每个单位在可参加的检查人员中随机排序，再按已分到的组数从少到多取前 {} 人（{} 第 {} 版）\n",
        d.team_size, d.algorithm, d.algorithm_version
    ));
    t.push_str(&format!("输入摘要 SHA-256：{}\n", d.input_sha256));
    t
}

/// Arguments of `daocha campaign swap`.
#[derive(Debug, Args)]
pub struct SwapArgs {
    /// 团队数据库
    #[arg(long, value_name = "PATH")]
    pub db: PathBuf,
    /// 受检单位名称
    #[arg(long, value_name = "NAME")]
    pub unit: String,
    /// 调出的检查人员姓名（须在该单位的检查组中）
    #[arg(long, value_name = "NAME")]
    pub out: String,
    /// 调入的检查人员姓名（须在团队名册中）
    #[arg(long = "in", value_name = "NAME")]
    pub inn: String,
    /// 调换理由
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
}

fn swap_cmd(args: &SwapArgs) -> anyhow::Result<u8> {
    let mut store = Store::open_existing(&args.db)?;
    let (swap, team) = match assign::swap_by_name(&mut store, &args.unit, &args.out, &args.inn, &args.reason) {
        Ok(done) => done,
        Err(e) => return refused("调换检查人员", e),
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        let value = json!({
            "swap_id": swap.id.to_string(),
            "unit_id": team.unit_id.to_string(),
            "unit": team.unit_name,
            "out": swap.value.out_name,
            "in": swap.value.in_name,
            "reason": swap.value.reason,
            "members": team.names,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    } else {
        writeln!(
            out,
            "已调换：{}检查组 {} 调出，{} 调入（理由：{}）。\n现在的检查组：{}",
            team.unit_name,
            swap.value.out_name,
            swap.value.in_name,
            swap.value.reason,
            team.names.join("、")
        )?;
    }
    Ok(EXIT_OK)
}

fn inspections_cmd(db: &Path, date: &str, as_json: bool) -> anyhow::Result<u8> {
    let date = match crate::domain::dates::parse_date(date) {
        Ok(date) => date,
        Err(e) => {
            eprintln!("--date：{e}");
            return Ok(EXIT_USAGE);
        }
    };
    let mut store = Store::open_existing(db)?;
    let (effective, made) = match assign::inspections(&mut store, date) {
        Ok(done) => done,
        Err(e) => return refused("建立检查", e),
    };
    let mut out = std::io::stdout().lock();
    if as_json {
        let units: Vec<Value> = made
            .iter()
            .map(|m| {
                let (what, before) = match &m.made {
                    assign::Made::Created => ("created", None),
                    assign::Made::Updated { before } => ("updated", Some(before.clone())),
                    assign::Made::Unchanged => ("unchanged", None),
                };
                json!({
                    "unit": m.unit,
                    "inspection_id": m.inspection_id.to_string(),
                    "date": m.date.to_string(),
                    "members": m.team,
                    "made": what,
                    "members_before": before,
                })
            })
            .collect();
        let value = json!({"team_draw_id": effective.draw.id.to_string(), "team_draw_number": effective.number, "units": units});
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    } else {
        write!(out, "{}", inspections_text(&effective, &made))?;
    }
    Ok(EXIT_OK)
}

fn inspections_text(effective: &assign::Effective, made: &[assign::UnitInspection]) -> String {
    let mut t = format!("依据第 {} 次抽取检查组建立检查：\n", effective.number);
    for m in made {
        let what = match &m.made {
            assign::Made::Created => format!("已建立检查（{}）", m.date),
            assign::Made::Updated { before } => format!("检查组已更新（原为 {}）", before.join("、")),
            assign::Made::Unchanged => format!("已有检查（{}），检查组未变", m.date),
        };
        t.push_str(&format!("  {}：{}；检查组 {}\n", m.unit, what, m.team.join("、")));
    }
    let created = made.iter().filter(|m| m.made == assign::Made::Created).count();
    let updated = made.iter().filter(|m| matches!(m.made, assign::Made::Updated { .. })).count();
    t.push_str(&format!(
        "新建 {created} 个，更新 {updated} 个，未变 {} 个。可用 daocha export --plan 生成检查计划文件，发给各检查人员。\n",
        made.len() - created - updated
    ));
    t
}

/// What `campaign import` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CampaignTable {
    /// 受检单位名单
    Units,
    /// 自查自纠报告
    Selfreports,
    /// 监督举报
    Complaints,
}

impl CampaignTable {
    /// The import's kind.
    pub const fn kind(self) -> ImportKind {
        match self {
            CampaignTable::Units => ImportKind::Units,
            CampaignTable::Selfreports => ImportKind::SelfReports,
            CampaignTable::Complaints => ImportKind::Complaints,
        }
    }
}

/// What `campaign template` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TemplateKind {
    /// 自查自纠报告
    Selfreports,
}

fn import(db: &Path, kind: ImportKind, file: &Path, skip_bad: bool) -> anyhow::Result<u8> {
    let mut store = Store::open_existing(db)?;
    let found = campaign_import::find(kind, file)?;
    let parsed = campaign_import::parse(&store, &found)?;
    {
        // What the finder understood, before any verdict on the rows.
        let mut err = std::io::stderr().lock();
        for line in found.summary() {
            writeln!(err, "{line}")?;
        }
    }
    if parsed.bad_rows > 0 && !skip_bad {
        super::import::refuse_bad_rows(parsed.bad_rows, &parsed.bad, parsed.rows.len())?;
        return Ok(EXIT_USAGE);
    }
    let report = match campaign_import::commit(&mut store, &parsed, skip_bad) {
        Ok(report) => report,
        Err(CampaignImportError::BadRows(_)) => return Ok(EXIT_USAGE),
        Err(other) => return Err(other.into()),
    };
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "已导入{}：新增 {} 条，更新 {} 条（{}）。",
        kind.label(),
        report.created,
        report.updated,
        parsed.source
    )?;
    super::import::say_left_out_and_skipped(&mut out, &parsed, report.skipped_rows)?;
    Ok(EXIT_OK)
}

/// `daocha demo --campaign --db PATH`.
pub fn demo(db: &Path) -> anyhow::Result<u8> {
    let (_store, s) = crate::campaign::demo::create_campaign_demo(db)?;
    let p = s.phases;
    let db = crate::paths::shown(db);
    say!(
        "已生成专项治理演示数据（组长的团队数据库）：{db}\n全区受检单位 {} 个（区本级、驻区、授权委托，各有执法领域）；2017年度自查自纠报告 {} 份，其中逾期报送 {} 份、未报送 {} 份、零报告 {} 份；监督举报 {} 件（集中在少数单位）；现场看 {} 次；团队名册检查人员 {} 名（签名 PIN 123456，组长赵彧）。\n重点抽查 {} 个单位，发现问题 {} 个（典型案例 {} 个）；问题清单经领导小组同意 {} 份、待审批 {} 份；整改措施 {} 项，已整改 {} 项、逾期 {} 项；挂牌督办 {} 件（已销号 {} 件）；回头看 {} 次，三项制度核查 {} 个单位，整改情况反馈 {} 行。演示日期为2017年12月20日（回头看结束）。\n可用 daocha notice --db {db} --out 通报.pdf 生成全区通报，daocha summary --db {db} --out 总结报告.pdf 生成总结报告，daocha assessment --db {db} --out 考核表.xlsx 生成考核表；可用 daocha campaign select --db {db} --count 5 --seed 3-5-2 按方案规则排名并抽取受检单位，再用 campaign teams 抽取检查组。",
        s.units,
        s.self_reports,
        s.late,
        s.missing,
        s.zero,
        s.complaints,
        s.visits,
        s.team,
        p.inspections,
        p.findings,
        p.typical,
        p.approved,
        p.submitted,
        p.rectifications,
        p.done,
        p.overdue,
        s.supervisions,
        p.supervisions_closed,
        p.look_backs,
        p.systems_checks,
        p.reports
    );
    Ok(EXIT_OK)
}
