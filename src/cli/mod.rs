//! The command line: the same binary as the GUI, for the team lead's batch work and scripts.
//! Messages to people are Chinese; `--json` output uses English keys. Exit status: 0 success,
//! 1 a check found problems, 2 bad usage or input.

mod import;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::store::{Store, audit};

pub use import::ImportArgs;

/// Exit status: success.
pub const EXIT_OK: u8 = 0;
/// Exit status: a check found problems.
pub const EXIT_PROBLEMS: u8 = 1;
/// Exit status: bad usage or input.
pub const EXIT_USAGE: u8 = 2;

/// 倒查 —— 行政处罚现场检查工具（离线）。不带子命令时打开图形界面。
#[derive(Debug, Parser)]
#[command(name = "daocha", version, about, long_about = None, disable_help_subcommand = true)]
pub struct Cli {
    /// 子命令
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 打开图形界面
    Gui {
        /// 数据库文件（默认：系统数据目录下的 daocha.db）
        #[arg(long, value_name = "PATH")]
        db: Option<PathBuf>,
    },
    /// 生成演示数据（一次完整的检查，含各类典型问题）
    Demo {
        /// 新数据库文件的路径
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
    },
    /// 导入受检单位提供的罚没款收据、处罚台账、处罚案卷索引或执法人员名册（.xlsx/.xls/.csv）
    Import(ImportArgs),
    /// 审计日志
    Audit {
        /// 审计操作
        #[command(subcommand)]
        action: AuditCommand,
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
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            use clap::error::ErrorKind;
            let code = match error.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => EXIT_OK,
                _ => {
                    eprintln!("命令行参数有误（运行 daocha --help 查看用法）：");
                    EXIT_USAGE
                }
            };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    ExitCode::from(dispatch(cli))
}

/// Runs a parsed command line.
pub fn dispatch(cli: Cli) -> u8 {
    let result = match cli.command {
        None => crate::ui::run_native(None),
        Some(Command::Gui { db }) => crate::ui::run_native(db),
        Some(Command::Demo { db }) => demo(&db),
        Some(Command::Import(args)) => import::run(&args),
        Some(Command::Audit { action: AuditCommand::Verify { db } }) => audit_verify(&db),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("错误：{error:#}");
            EXIT_USAGE
        }
    }
}

fn demo(db: &std::path::Path) -> anyhow::Result<u8> {
    let (_store, summary) = crate::demo::create_demo(db)?;
    println!(
        "已生成演示数据：{}\n受检单位：区综合执法局（城管）；收据 {} 张，台账 {} 条，案卷 {} 卷，执法人员 {} 名。\n检查编号：{}",
        db.display(),
        summary.receipts,
        summary.ledger_entries,
        summary.case_files,
        summary.officers,
        summary.inspection_id
    );
    Ok(EXIT_OK)
}

fn audit_verify(db: &std::path::Path) -> anyhow::Result<u8> {
    let store = Store::open_existing(db)?;
    let report = audit::verify(store.conn())?;
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
