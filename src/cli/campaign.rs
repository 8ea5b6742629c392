//! `daocha campaign …`: the team lead's campaign work in the team database (no inspection) —
//! `import` of the district's units, the units' self-reports and the public's complaints (all or
//! nothing like `daocha import`: bad rows listed on stderr, exit 2, nothing written unless
//! `--skip-bad`), and `template`, the self-report spreadsheet sent out to the units. Also
//! `daocha demo --campaign`, whose printed lines live here beside the commands they show.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::Datelike;

use crate::campaign::import::{self as campaign_import, CampaignError};
use crate::campaign::template;
use crate::import::ImportKind;
use crate::store::Store;

use super::{EXIT_OK, EXIT_USAGE};

/// `daocha campaign …`
#[derive(Debug, clap::Subcommand)]
pub enum CampaignCommand {
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

/// Runs a `campaign` subcommand; returns the exit status.
pub fn run(command: CampaignCommand) -> anyhow::Result<u8> {
    match command {
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
        let mut err = std::io::stderr().lock();
        writeln!(err, "发现 {} 行数据有误（共 {} 处）：", parsed.bad_rows, parsed.bad.len())?;
        for bad in &parsed.bad {
            writeln!(err, "{bad}")?;
        }
        writeln!(
            err,
            "未导入任何数据。请修改文件后重新导入；或加 --skip-bad 只导入其余 {} 行，并记下跳过的行。",
            parsed.rows.len()
        )?;
        return Ok(EXIT_USAGE);
    }
    let report = match campaign_import::commit(&mut store, &parsed, skip_bad) {
        Ok(report) => report,
        Err(CampaignError::BadRows(_)) => return Ok(EXIT_USAGE),
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
    if !parsed.left_out.is_empty() {
        writeln!(out, "未作为记录导入的 {} 行：", parsed.left_out.len())?;
        for line in &parsed.left_out {
            writeln!(out, "{line}")?;
        }
    }
    if report.skipped_rows > 0 {
        writeln!(out, "跳过了 {} 行有误的数据（未导入，请修改后另行导入）：", report.skipped_rows)?;
        for bad in &parsed.bad {
            writeln!(out, "{bad}")?;
        }
    }
    Ok(EXIT_OK)
}

/// `daocha demo --campaign --db PATH`.
pub fn demo(db: &Path) -> anyhow::Result<u8> {
    let (_store, s) = crate::campaign::demo::create_campaign_demo(db)?;
    say!(
        "已生成专项治理演示数据（组长的团队数据库）：{}\n全区受检单位 {} 个（区本级、驻区、授权委托，各有执法领域）；2017年度自查自纠报告 {} 份，其中逾期报送 {} 份、未报送 {} 份、零报告 {} 份；监督举报 {} 件（集中在少数单位）；现场看 {} 次。\n可用 daocha campaign template --db {} selfreports --out 模板.xlsx 生成自查自纠报表模板。",
        crate::paths::shown(db),
        s.units,
        s.self_reports,
        s.late,
        s.missing,
        s.zero,
        s.complaints,
        s.visits,
        crate::paths::shown(db)
    );
    Ok(EXIT_OK)
}
