//! The command line: the same binary as the GUI, for the team lead's batch work and scripts.
//! Messages to people are Chinese; `--json` output uses English keys. Exit status: 0 success,
//! 1 a check found problems, 2 bad usage or input.

/// Prints a line to stdout. Unlike `println!`, a closed pipe (`daocha … | head`) is not a panic:
/// the line is dropped.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

mod assessment;
mod campaign;
mod import;
mod notice;
mod rectification;
mod sample;
mod share;
mod sheet;
mod summary;
mod team;
mod work;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use crate::domain::taxonomy::UnitKind;
use crate::domain::{Population, SampleMethod};
use crate::reconcile::CheckConfig;
use crate::store::Store;

pub use import::ImportArgs;

/// Exit status: success.
pub const EXIT_OK: u8 = 0;
/// Exit status: a check found problems.
pub const EXIT_PROBLEMS: u8 = 1;
/// Exit status: bad usage or input.
pub const EXIT_USAGE: u8 = 2;

/// 倒查 —— 行政处罚现场检查工具（离线桌面程序）。不带子命令时打开图形界面。
// The doc comment above is the `about` of `daocha --help`. Parse with `command()`, which makes
// the rest of the help Chinese, rather than `Cli::parse()`.
#[derive(Debug, Parser)]
#[command(
    name = "daocha",
    bin_name = "daocha",
    version,
    long_about = None,
    disable_help_subcommand = true,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// 子命令
    #[command(subcommand)]
    pub command: Option<Command>,
    /// 在图形界面中打开这个数据库文件（同 daocha gui --db）
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 打开图形界面
    Gui {
        /// 数据库文件（默认：系统数据目录下的 daocha.db）
        #[arg(long, value_name = "PATH")]
        db: Option<PathBuf>,
        /// 打开后直接显示的页面（如 receipts、review、findings，或中文页名）
        #[arg(long, value_name = "PAGE", requires = "db")]
        page: Option<String>,
    },
    /// 生成演示数据：一次检查的第一天上午（单位的四份清单已导入，尚未抽样）；--finished 为当天结束时（已抽样、核查、确认问题并签署）；--campaign 为组长的专项治理数据库（全区受检单位、自查自纠报告、监督举报、现场看，以及 3 个单位的重点抽查、问题清单审批、整改、挂牌督办、回头看和三项制度）
    Demo {
        /// 新数据库文件的路径
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// 生成已完成的示例（当天结束、反馈意见书已签署）
        #[arg(long)]
        finished: bool,
        /// 生成专项治理的组长数据库（26 个受检单位、2017年度自查自纠报告、监督举报、现场看；3 个单位的检查、问题、审批、整改、挂牌督办、回头看、三项制度；演示日期 2017-12-20）
        #[arg(long, conflicts_with = "finished")]
        campaign: bool,
    },
    /// 检查：新建、列出
    Inspection {
        /// 操作
        #[command(subcommand)]
        action: InspectionCommand,
    },
    /// 随机抽样（可复核：相同数据和种子得到相同样本）；计算样本量（--plan）、分层（--strata）、核验（--verify）、评价（--evaluate）
    Sample(sample::SampleArgs),
    /// 为背靠背评查抽取评查人员：从团队名册中每卷随机抽两人，回避者除外；种子与抽样一样记录
    Reviewers(sample::ReviewersArgs),
    /// 自动检查收据、台账、案卷和执法人员，列出问题（有问题时退出码为 1）
    Check {
        /// 数据库文件
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// 检查编号
        #[arg(long, value_name = "ID")]
        inspection: String,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
        /// 立案至决定超过多少天为超时限
        #[arg(long, value_name = "N", default_value_t = 90)]
        overdue_days: i64,
        /// 同一当事人在时限内被处罚多少次视为重复处罚
        #[arg(long, value_name = "N", default_value_t = 3)]
        repeat_count: usize,
        /// 重复处罚的时限（天）
        #[arg(long, value_name = "N", default_value_t = 365)]
        repeat_window_days: i64,
        /// 同一违法行为罚款相差超过几倍视为同案异罚
        #[arg(long, value_name = "N", default_value_t = 3)]
        unequal_ratio: i64,
        /// 决定后超过多少天送达为送达超期
        #[arg(long, value_name = "N", default_value_t = 7)]
        late_service_days: i64,
        /// 听证较大数额标准（如 shenyang-city-admin；none 为不检查）；默认用检查中选定的标准
        #[arg(long, value_name = "ID")]
        hearing_rule: Option<String>,
    },
    /// 签名密钥
    Key {
        /// 操作
        #[command(subcommand)]
        action: KeyCommand,
    },
    /// 执纪问责：登记移送线索的处理结果（接收单位、结果），以组长密钥加密，仅组长可查看（daocha clues）
    ClueOutcome {
        /// 组长的团队数据库
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// 线索编号（daocha clues --json 的 clue_id）
        #[arg(long, value_name = "ID")]
        clue: String,
        /// 接收单位和接收人，如 区纪委 王某
        #[arg(long, value_name = "TEXT")]
        received_by: String,
        /// 接收日期（YYYY-MM-DD）
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// 处理结果或进展，如 已立案调查
        #[arg(long, value_name = "TEXT")]
        result: String,
    },
    /// 打开本人密钥能打开的违纪违法线索（需 PIN；每次打开记入审计日志）；组长同时看到线索的处理结果
    Clues {
        /// 数据库文件
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// 打开线索的检查人员（默认：本机当前检查人员）
        #[arg(long, value_name = "NAME")]
        inspector: Option<String>,
        /// PIN（也可用环境变量 DAOCHA_PIN，或在提示时输入）
        #[arg(long)]
        pin: Option<String>,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
    /// 专项治理（组长的团队数据库）：导入受检单位名单、自查自纠报告、监督举报（import），生成自查自纠报表模板（template），第二阶段受检单位的排名与抽取（select）、检查组的抽取（teams）
    Campaign {
        /// 操作
        #[command(subcommand)]
        action: campaign::CampaignCommand,
    },
    /// 记录专项治理领导小组对一次检查的问题清单的审批（抽查小组达成一致意见后呈请同意）；经同意的典型案例才能全区通报
    Approve(notice::ApproveArgs),
    /// 生成全区通报（经领导小组同意的典型案例），PDF 版式文件或可编辑的 .docx
    Notice(notice::NoticeArgs),
    /// 生成专项治理考核表（.xlsx，每个受检单位一行：报送情况、自查与抽查发现的问题、整改和回头看、三项制度、举报、挂牌督办、一票否优）
    Assessment(assessment::AssessmentArgs),
    /// 生成专项治理总结报告（第三阶段）：基本情况、发现的主要问题（分类、分领域的表和图）、整改落实、典型案例和线索数量、下一步工作；PDF 版式文件或可编辑的 .docx
    Summary(summary::SummaryArgs),
    /// 回头看的整改情况反馈表：生成发给受检单位的表（pack），导入单位填回的表（import），记录为单位整改报告；为整改措施添加佐证（attach）
    Rectification {
        /// 操作
        #[command(subcommand)]
        action: rectification::RectificationCommand,
    },
    /// 团队：建立团队数据库、登记和撤销成员的密钥、检查人员的电脑加入团队
    Team {
        /// 操作
        #[command(subcommand)]
        action: TeamCommand,
    },
    /// 导出本机数据库，供组长合并（清单由检查人员签名）
    Export {
        /// 数据库文件
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// 导出文件（.daocha）
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// 签名的检查人员（默认：本机当前检查人员）
        #[arg(long, value_name = "NAME")]
        inspector: Option<String>,
        /// 签名 PIN（也可用环境变量 DAOCHA_PIN，或在提示时输入）
        #[arg(long)]
        pin: Option<String>,
        /// 组长下发的检查计划（供检查人员合并到各自电脑）
        #[arg(long)]
        plan: bool,
    },
    /// 合并检查人员的导出文件到团队数据库（逐个校验，逐个原子合并）
    Merge {
        /// 团队数据库
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// 导出文件
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
        /// 以 JSON 输出报告（默认）
        #[arg(long, conflicts_with = "text")]
        json: bool,
        /// 输出中文说明而非 JSON
        #[arg(long)]
        text: bool,
    },
    /// 按规范顺序输出全部记录的当前状态和版本号，便于用 diff 比较两个数据库
    Dump {
        /// 数据库文件
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// 以 JSON 输出（唯一格式）
        #[arg(long)]
        json: bool,
    },
    /// 团队汇总报告：按单位、领域、类别统计问题，评查得分，整改情况（逾期在前），线索数，典型案例
    Report {
        /// 数据库文件（通常为团队数据库）
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// 以 JSON 输出
        #[arg(long, conflicts_with = "xlsx")]
        json: bool,
        /// 写入 Excel 文件（.xlsx）
        #[arg(long, value_name = "FILE")]
        xlsx: Option<PathBuf>,
        /// 统计整改状态所用的日期（默认今天）
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
    },
    /// （测试用）连续做小的修改，每提交一次打印一行；用于断电、崩溃测试
    #[command(hide = true)]
    StressEdits {
        /// 数据库文件
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// 修改次数
        #[arg(long, value_name = "N", default_value_t = 1000)]
        count: u32,
    },
    /// （测试用）像图形界面那样连续保存草稿，每保存一次打印一行；用于崩溃测试
    #[command(hide = true)]
    StressDrafts {
        /// 数据库文件
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// 次数
        #[arg(long, value_name = "N", default_value_t = 1000)]
        count: u32,
    },
    /// 导入受检单位提供的罚没款收据、处罚台账、处罚案卷索引或执法人员名册（.xlsx/.xls/.csv）
    Import(ImportArgs),
    /// 导出反馈意见书 PDF：最新的已签署版本；尚未签署时导出草稿
    Sheet {
        /// 数据库文件
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// 检查编号
        #[arg(long, value_name = "ID")]
        inspection: String,
        /// 只针对一个案卷（决定书文号）
        #[arg(long, value_name = "DECISION_NO")]
        case: Option<String>,
        /// 输出文件（.pdf）
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// 按当前记录导出草稿（即使已有签署版本）
        #[arg(long)]
        draft: bool,
    },
    /// 核验反馈意见书 PDF：签名、签署内容与页面文字（有效 0；无效或未签署 1；不是反馈意见书 2）
    Verify {
        /// PDF 文件
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// 用该团队数据库的名册确认签名人（组长的数据库，或已加入团队的检查人员电脑）
        #[arg(long, value_name = "TEAM.db", conflicts_with = "lead_key")]
        team: Option<PathBuf>,
        /// 用组长公钥（64 位十六进制）确认签名人：意见书中须有该组长签发的名册证明
        #[arg(long, value_name = "HEX")]
        lead_key: Option<String>,
    },
    /// 审计日志
    Audit {
        /// 审计操作
        #[command(subcommand)]
        action: AuditCommand,
    },
}

/// `daocha inspection …`
#[derive(Debug, Subcommand)]
pub enum InspectionCommand {
    /// 新建检查，输出检查编号
    Create {
        /// 数据库文件（不存在时新建）
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// 受检单位名称
        #[arg(long)]
        unit: String,
        /// 执法领域（方案所列，如 城管、市场监管）
        #[arg(long)]
        domain: String,
        /// 检查日期 YYYY-MM-DD
        #[arg(long)]
        date: String,
        /// 检查人员（组长在前；可重复，或用“、”分隔）
        #[arg(long = "inspector", value_name = "NAME", num_args = 1.., required = true)]
        inspectors: Vec<String>,
        /// 单位类别
        #[arg(long, value_enum, default_value_t = UnitKindArg::District)]
        unit_kind: UnitKindArg,
        /// 检查地点
        #[arg(long, default_value = "")]
        place: String,
        /// 录音录像编号
        #[arg(long, default_value = "")]
        recording: String,
    },
    /// 列出检查
    List {
        /// 数据库文件
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
}

/// 抽样总体
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PopulationArg {
    /// 罚没款收据
    Receipts,
    /// 处罚台账
    Ledger,
    /// 处罚案卷
    Cases,
    /// 处罚对象，供回访
    Subjects,
}

impl From<PopulationArg> for Population {
    fn from(p: PopulationArg) -> Self {
        match p {
            PopulationArg::Receipts => Population::Receipts,
            PopulationArg::Ledger => Population::Ledger,
            PopulationArg::Cases => Population::Cases,
            PopulationArg::Subjects => Population::Subjects,
        }
    }
}

/// 抽样方法
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MethodArg {
    /// 简单随机抽样
    Srs,
    /// 金额单位抽样
    Mus,
}

impl From<MethodArg> for SampleMethod {
    fn from(m: MethodArg) -> Self {
        match m {
            MethodArg::Srs => SampleMethod::Srs,
            MethodArg::Mus => SampleMethod::Mus,
        }
    }
}

/// 单位类别
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum UnitKindArg {
    /// 区本级执法部门
    District,
    /// 驻区执法单位
    Stationed,
    /// 授权、委托执法机构
    Delegated,
}

impl From<UnitKindArg> for UnitKind {
    fn from(k: UnitKindArg) -> Self {
        match k {
            UnitKindArg::District => UnitKind::District,
            UnitKindArg::Stationed => UnitKind::Stationed,
            UnitKindArg::Delegated => UnitKind::Delegated,
        }
    }
}

/// `daocha key …`
#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// 为检查人员创建签名密钥（私钥以 PIN 加密保存在本机）
    Create {
        /// 数据库文件
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// 检查人员姓名（默认：本机当前检查人员）
        #[arg(long, value_name = "NAME")]
        inspector: Option<String>,
        /// PIN（至少 6 位；也可用环境变量 DAOCHA_PIN）
        #[arg(long)]
        pin: Option<String>,
    },
    /// 显示检查人员的公钥和指纹（供组长登记时核对）
    Show {
        /// 数据库文件
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// 检查人员姓名（默认：本机当前检查人员）
        #[arg(long, value_name = "NAME")]
        inspector: Option<String>,
        /// 以 JSON 输出（inspector、inspector_id、public_key、fingerprint）
        #[arg(long)]
        json: bool,
    },
}

/// `daocha team …`
#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// 把组长的数据库设为团队数据库：创建（或打开）组长的签名密钥，登记组长，输出其公钥指纹
    Init {
        /// 团队数据库文件（不存在时新建）
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// 组长姓名
        #[arg(long, value_name = "NAME")]
        lead: String,
        /// 组长的执法证号
        #[arg(long, value_name = "执法证号", default_value = "")]
        cert: String,
        /// 组长的 PIN（也可用环境变量 DAOCHA_PIN，或在提示时输入）
        #[arg(long)]
        pin: Option<String>,
    },
    /// 登记检查人员的公钥（由组长的密钥签名）；请先与该检查人员当面核对公钥指纹
    Add {
        /// 团队数据库文件
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// 检查人员姓名
        #[arg(long, value_name = "NAME")]
        inspector: String,
        /// 检查人员的公钥（64 位十六进制，见其电脑上的 daocha key show 或“我的密钥”页）
        #[arg(long, value_name = "HEX")]
        public_key: String,
        /// 检查人员在其电脑上的记录编号（daocha key show 给出）；不给时按姓名对应团队数据库中的记录
        #[arg(long, value_name = "ID")]
        inspector_id: Option<String>,
        /// 执法证号
        #[arg(long, value_name = "执法证号", default_value = "")]
        cert: String,
        /// 组长的 PIN
        #[arg(long)]
        pin: Option<String>,
    },
    /// 列出团队名册：姓名、执法证号、公钥指纹、是否已撤销
    List {
        /// 数据库文件
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
    /// 撤销成员的密钥（丢失电脑、离开团队）：此后由该密钥签名的文件不再被合并
    Revoke {
        /// 团队数据库文件
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// 成员姓名或公钥指纹
        #[arg(long, value_name = "NAME")]
        inspector: String,
        /// 撤销原因
        #[arg(long, value_name = "TEXT")]
        reason: String,
        /// 组长的 PIN
        #[arg(long)]
        pin: Option<String>,
    },
    /// 检查人员的电脑加入团队：以组长公钥为信任起点（请先与组长屏幕上的指纹核对）
    Join {
        /// 本机数据库文件
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// 组长的公钥（64 位十六进制）
        #[arg(long, value_name = "HEX")]
        lead_key: String,
    },
}

/// `daocha audit …`
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// 校验审计哈希链：逐条核对，发现改动时指出第一处
    Verify {
        /// 数据库文件
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
    },
}

/// Parses the arguments and runs the command; returns the process exit status.
pub fn run() -> ExitCode {
    use clap::FromArgMatches as _;
    use clap::error::ErrorKind;
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // A `.daocha` file as the only argument is an export double-clicked (or opened with 倒查):
    // the window opens on the lead's 合并 page with the file waiting.
    if let [_, file] = args.as_slice()
        && std::path::Path::new(file).extension().is_some_and(|e| e.eq_ignore_ascii_case("daocha"))
    {
        return match crate::ui::run_native_merge(vec![PathBuf::from(file)]) {
            Ok(code) => ExitCode::from(code),
            Err(error) => {
                eprintln!("错误：{error:#}");
                ExitCode::from(EXIT_USAGE)
            }
        };
    }
    match command().try_get_matches_from(&args).and_then(|mut matches| Cli::from_arg_matches_mut(&mut matches)) {
        Ok(cli) => ExitCode::from(dispatch(cli)),
        Err(error) if matches!(error.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            say!("{}", chinese_usage(error.render().to_string().trim_end()));
            ExitCode::from(EXIT_OK)
        }
        Err(error) => {
            eprint!("{}", usage_error(&error, &args));
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// The command-line parser, with the help in Chinese: clap's own headings ("Usage:",
/// "Options:"…), `--help`/`--version` texts and "[possible values: …]"/"[default: …]" notes are
/// English, so they are replaced here, for the command and every subcommand.
pub fn command() -> clap::Command {
    localize(Cli::command(), true)
}

fn localize(cmd: clap::Command, top: bool) -> clap::Command {
    use clap::{Arg, ArgAction};
    let mut cmd = cmd
        .mut_args(localize_arg)
        .disable_help_flag(true)
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help("显示帮助"))
        .subcommand_value_name("子命令");
    if top {
        cmd = cmd
            .disable_version_flag(true)
            .arg(Arg::new("version").short('V').long("version").action(ArgAction::Version).help("显示版本"));
    }
    let mut template = String::from("{about-with-newline}\n用法：{usage}");
    if cmd.has_subcommands() {
        template.push_str("\n\n命令：\n{subcommands}");
    }
    if cmd.get_positionals().any(|arg| !arg.is_hide_set()) {
        template.push_str("\n\n参数：\n{positionals}");
    }
    template.push_str("\n\n选项：\n{options}");
    cmd.help_template(template).mut_subcommands(|sub| localize(sub, false))
}

/// Moves the possible and default values of an argument from clap's English notes into its help.
fn localize_arg(arg: clap::Arg) -> clap::Arg {
    if !arg.get_action().takes_values() {
        return arg;
    }
    let mut help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    let values: Vec<_> = arg.get_possible_values().into_iter().filter(|value| !value.is_hide_set()).collect();
    // A help text that already names every value (`srs 简单随机，mus …`) is not repeated.
    if !values.is_empty() && !values.iter().all(|value| help.contains(value.get_name())) {
        let listed: Vec<String> = values
            .iter()
            .map(|value| match value.get_help() {
                Some(text) => format!("{}（{text}）", value.get_name()),
                None => value.get_name().to_owned(),
            })
            .collect();
        help.push_str(&format!("。可选值：{}", listed.join("、")));
    }
    let defaults: Vec<_> = arg.get_default_values().iter().map(|value| value.to_string_lossy()).collect();
    if !defaults.iter().all(|value| value.is_empty()) {
        help.push_str(&format!("。默认：{}", defaults.join("、")));
    }
    arg.help(help).hide_possible_values(true).hide_default_value(true)
}

/// clap's usage line in Chinese: the one English word in it is `[OPTIONS]`.
fn chinese_usage(text: &str) -> String {
    text.replace("[OPTIONS]", "[选项]")
}

/// A command-line error in Chinese: what is wrong, the usage of the (sub)command that was being
/// parsed and where to read more. Kinds without a sentence here fall back to clap's own text,
/// without colour.
fn usage_error(error: &clap::Error, args: &[std::ffi::OsString]) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let text = |kind| match error.get(kind) {
        Some(ContextValue::String(value)) => Some(value.clone()),
        Some(ContextValue::Strings(values)) => Some(values.join("、")),
        Some(ContextValue::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let or_empty = |kind| text(kind).unwrap_or_default();
    let arg = or_empty(ContextKind::InvalidArg);
    let value = or_empty(ContextKind::InvalidValue);
    // The subcommand being parsed: the leading arguments that name one, as `daocha inspection create`.
    let mut top = command();
    top.build();
    let mut cmd = &top;
    let mut path = vec!["daocha"];
    for name in args.iter().skip(1).map_while(|arg| arg.to_str()) {
        let Some(sub) = cmd.find_subcommand(name) else { break };
        path.push(name);
        cmd = sub;
    }
    let path = path.join(" ");
    let problem = match error.kind() {
        ErrorKind::InvalidValue if value.is_empty() => format!("参数 {arg} 缺少值。"),
        ErrorKind::InvalidValue => match text(ContextKind::ValidValue) {
            Some(valid) => format!("参数 {arg} 的值“{value}”无效；可选值：{valid}。"),
            None => format!("参数 {arg} 的值“{value}”无效。"),
        },
        ErrorKind::ValueValidation => format!("参数 {arg} 的值“{value}”无效。"),
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}。"),
        ErrorKind::UnknownArgument => format!("无法识别的参数“{arg}”。"),
        ErrorKind::InvalidSubcommand => {
            format!("未知的子命令“{}”。", or_empty(ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let names: Vec<&str> =
                cmd.get_subcommands().filter(|sub| !sub.is_hide_set()).map(|sub| sub.get_name()).collect();
            format!("缺少子命令（可用：{}）。", names.join("、"))
        }
        ErrorKind::ArgumentConflict => match text(ContextKind::PriorArg) {
            // `daocha --db X sample …`: the top-level --db is for the window only.
            Some(prior) if arg.is_empty() => {
                format!("{prior} 只用于打开图形界面；子命令的参数写在子命令之后，如 daocha audit verify --db 文件。")
            }
            Some(prior) if prior != arg => format!("参数 {arg} 不能与 {prior} 同时使用。"),
            _ => format!("参数 {arg} 只能使用一次。"),
        },
        ErrorKind::NoEquals => format!("参数 {arg} 的值须用等号给出。"),
        ErrorKind::TooManyValues => format!("参数 {arg} 多出了值“{value}”。"),
        ErrorKind::TooFewValues => format!(
            "参数 {arg} 至少需要 {} 个值，只给出了 {} 个。",
            or_empty(ContextKind::MinValues),
            or_empty(ContextKind::ActualNumValues)
        ),
        ErrorKind::WrongNumberOfValues => format!(
            "参数 {arg} 需要 {} 个值，给出了 {} 个。",
            or_empty(ContextKind::ExpectedNumValues),
            or_empty(ContextKind::ActualNumValues)
        ),
        ErrorKind::InvalidUtf8 => "参数中有无法识别的字符（不是有效的 UTF-8 文字）。".to_owned(),
        _ => return format!("命令行参数有误（运行 daocha --help 查看用法）：\n{}\n", error.render()),
    };
    let mut message = format!("命令行参数有误：{problem}");
    for kind in [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg, ContextKind::SuggestedValue] {
        if let Some(suggested) = text(kind) {
            message.push_str(&format!("您是否想用 {suggested}？"));
        }
    }
    let usage = cmd.clone().render_usage().to_string();
    let usage = chinese_usage(usage.trim().trim_start_matches("Usage:").trim());
    message.push_str(&format!("\n用法：{usage}\n运行 {path} --help 查看说明。\n"));
    message
}

/// Runs a parsed command line.
pub fn dispatch(cli: Cli) -> u8 {
    let result = match cli.command {
        None => crate::ui::run_native(cli.db, None),
        Some(Command::Gui { db, page }) => match page.as_deref().map(|p| (p, crate::ui::page::Page::parse(p))) {
            Some((name, None)) => {
                let known: Vec<&str> = crate::ui::page::Page::ALL.iter().map(|p| p.slug()).collect();
                eprintln!("没有名为“{name}”的页面。可用：{}", known.join("、"));
                Ok(EXIT_USAGE)
            }
            other => crate::ui::run_native(db, other.and_then(|(_, p)| p)),
        },
        Some(Command::Demo { db, finished: _, campaign: true }) => campaign::demo(&db),
        Some(Command::Demo { db, finished, campaign: false }) => demo(&db, finished),
        Some(Command::Import(args)) => import::run(&args),
        Some(Command::Campaign { action }) => campaign::run(action),
        Some(Command::Rectification { action }) => rectification::run(action),
        Some(Command::Approve(args)) => notice::approve(&args),
        Some(Command::Notice(args)) => notice::notice(&args),
        Some(Command::Assessment(args)) => assessment::run(&args),
        Some(Command::Summary(args)) => summary::summary(&args),
        Some(Command::Sheet { db, inspection, case, out, draft }) => {
            sheet::sheet(&db, &inspection, case.as_deref(), &out, draft)
        }
        Some(Command::Verify { file, team, lead_key }) => sheet::verify(&file, team.as_deref(), lead_key.as_deref()),
        Some(Command::Audit { action: AuditCommand::Verify { db } }) => audit_verify(&db),
        Some(Command::Inspection {
            action: InspectionCommand::Create { db, unit, domain, date, inspectors, unit_kind, place, recording },
        }) => work::create(
            &db,
            &work::CreateArgs {
                unit: &unit,
                domain: &domain,
                kind: unit_kind.into(),
                date: &date,
                inspectors: &inspectors,
                place: &place,
                recording: &recording,
            },
        ),
        Some(Command::Inspection { action: InspectionCommand::List { db, json } }) => work::list(&db, json),
        Some(Command::Key { action: KeyCommand::Create { db, inspector, pin } }) => {
            share::key_create(&db, inspector.as_deref(), pin.as_deref())
        }
        Some(Command::Key { action: KeyCommand::Show { db, inspector, json } }) => {
            team::key_show(&db, inspector.as_deref(), json)
        }
        Some(Command::Team { action }) => team::run(action),
        Some(Command::ClueOutcome { db, clue, received_by, date, result }) => {
            team::clue_outcome(&db, &clue, &received_by, date.as_deref(), &result)
        }
        Some(Command::Clues { db, inspector, pin, json }) => {
            team::clues(&db, inspector.as_deref(), pin.as_deref(), json)
        }
        Some(Command::Export { db, out, inspector, pin, plan }) => {
            share::export(&db, &out, inspector.as_deref(), pin.as_deref(), plan)
        }
        Some(Command::Merge { db, files, json: _, text }) => share::merge(&db, &files, !text),
        Some(Command::Dump { db, json: _ }) => share::dump(&db),
        Some(Command::StressEdits { db, count }) => stress_edits(&db, count),
        Some(Command::StressDrafts { db, count }) => stress_drafts(&db, count),
        Some(Command::Report { db, json, xlsx, as_of }) => share::report(&db, json, xlsx.as_deref(), as_of.as_deref()),
        Some(Command::Sample(args)) => sample::sample(&args),
        Some(Command::Reviewers(args)) => sample::reviewers(&args),
        Some(Command::Check {
            db,
            inspection,
            json,
            overdue_days,
            repeat_count,
            repeat_window_days,
            unequal_ratio,
            late_service_days,
            hearing_rule,
        }) => {
            let config = CheckConfig {
                overdue_days,
                repeat_count,
                repeat_window_days,
                unequal_ratio,
                late_service_days,
                ..CheckConfig::default()
            };
            work::check(&db, &inspection, &config, hearing_rule.as_deref(), json)
        }
    };
    match result {
        Ok(code) => code,
        // The reader of the output went away (`daocha dump | head`): nothing is wrong to report.
        Err(error) if is_broken_pipe(&error) => EXIT_OK,
        Err(error) => {
            eprintln!("错误：{error:#}");
            EXIT_USAGE
        }
    }
}

/// Whether `error` is writing to a pipe whose reader has closed it.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .any(|cause| cause.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe))
}

fn demo(db: &std::path::Path, finished: bool) -> anyhow::Result<u8> {
    let (_store, summary) =
        if finished { crate::demo::create_demo(db)? } else { crate::demo::create_first_morning(db)? };
    say!(
        "已生成演示数据：{}\n受检单位：区综合执法局（城管）；收据 {} 张，台账 {} 条，案卷 {} 卷，执法人员 {} 名。\n检查编号：{}\n{}",
        db.display(),
        summary.receipts,
        summary.ledger_entries,
        summary.case_files,
        summary.officers,
        summary.inspection_id,
        if finished {
            "这是检查当天结束时的样子：三个阶段已抽样核查，问题已现场确认，反馈意见书已签署（PIN 123456）。"
        } else {
            "这是检查第一天上午：单位的四份清单已导入，下一步是抽取罚没款收据样本（先收据、再台账、后案卷）。签名 PIN 为 123456。"
        }
    );
    Ok(EXIT_OK)
}

/// Small edits through the one door, as the GUI makes them: each a receipt created or changed,
/// each reported on stdout only after its transaction has committed.
fn stress_edits(db: &std::path::Path, count: u32) -> anyhow::Result<u8> {
    use crate::domain::{Fen, Receipt};
    let mut store = Store::open_existing(db)?;
    let inspection = crate::inspection::Lookups::load(&store)?
        .inspections
        .first()
        .map(|i| i.id)
        .ok_or_else(|| anyhow::anyhow!("数据库中没有检查"))?;
    let mut out = std::io::stdout().lock();
    for n in 0..count {
        let receipt_no = format!("S{n:07}");
        let receipt = Receipt {
            inspection_id: inspection,
            receipt_no: receipt_no.clone(),
            date: None,
            payer: "压力测试".into(),
            amount: Fen(i64::from(n)),
            decision_no: None,
            payee: String::new(),
            as_written: Default::default(),
        };
        let id = store.write("receipt.create", "新增收据", |w| w.create(&receipt))?;
        if n % 3 == 0 {
            let stored = store.require(id)?;
            let mut changed = stored.value.clone();
            changed.amount = Fen(i64::from(n) + 1);
            store.write("receipt.update", "修改收据", |w| w.update(id, stored.version_id, &changed))?;
            writeln!(out, "committed {receipt_no} {}", i64::from(n) + 1)?;
        } else {
            writeln!(out, "committed {receipt_no} {n}")?;
        }
        out.flush()?;
    }
    Ok(EXIT_OK)
}

/// Drafts saved as the GUI saves them (one form's typed text growing), each reported on stdout only
/// after it is written.
fn stress_drafts(db: &std::path::Path, count: u32) -> anyhow::Result<u8> {
    let store = Store::open_existing(db)?;
    let mut out = std::io::stdout().lock();
    let mut typed = String::new();
    for n in 0..count {
        typed.push_str(&format!("第{n}字"));
        store.save_draft("form:return_visit:new:stress", &typed)?;
        writeln!(out, "drafted {n}")?;
        out.flush()?;
    }
    Ok(EXIT_OK)
}

fn audit_verify(db: &std::path::Path) -> anyhow::Result<u8> {
    let store = Store::open_existing(db)?;
    let report = store.verify_audit()?;
    let mut out = std::io::stdout().lock();
    match report.first_break {
        None => {
            writeln!(
                out,
                "审计链完整：{} 条审计记录，覆盖 {} 个数据版本。\n链头：{}",
                report.entries,
                report.versions,
                report.head.as_deref().unwrap_or("（空）")
            )?;
            Ok(EXIT_OK)
        }
        Some(broken) => {
            writeln!(out, "审计链断裂：第 {} 条审计记录——{}。", broken.seq, broken.reason)?;
            writeln!(out, "该条及其后的记录不可信；请保留此文件作为证据，并从最近的导出文件恢复。")?;
            Ok(EXIT_PROBLEMS)
        }
    }
}
