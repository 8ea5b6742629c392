//! The command line speaks Chinese: `--help` of every command and the argument errors, with
//! none of clap's English headings or messages, and the usual exit statuses (0 help, 2 usage).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/cli.rs"]
mod cli;
use cli::daocha;

use daocha::cli::{EXIT_OK, EXIT_USAGE};

/// Fails if `text` has any of clap's English words (or colour codes).
fn assert_no_english(text: &str) {
    let lower = text.to_lowercase();
    for word in [
        "usage",
        "options",
        "commands",
        "arguments",
        "error",
        "print help",
        "print version",
        "possible values",
        "default",
        "for more information",
        "tip:",
        "[command]",
        "\u{1b}[",
    ] {
        assert!(!lower.contains(word), "English “{word}” in:\n{text}");
    }
}

/// An argument error: status 2, nothing on stdout, Chinese on stderr; returns stderr.
fn usage_error(args: &[&str]) -> String {
    let (code, out, err) = daocha(args);
    assert_eq!(code, i32::from(EXIT_USAGE), "{args:?}: {err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.starts_with("命令行参数有误："), "{err}");
    assert_no_english(&err);
    err
}

#[test]
fn top_help_is_chinese() {
    let (code, out, err) = daocha(&["--help"]);
    assert_eq!(code, i32::from(EXIT_OK));
    assert!(err.is_empty(), "{err}");
    assert!(out.starts_with("倒查"), "{out}");
    assert!(out.contains("不带子命令时打开图形界面"), "{out}");
    assert!(out.contains("用法：daocha [选项]\n       daocha <子命令>"), "{out}");
    assert!(out.contains("命令：\n"), "{out}");
    assert!(out.contains("选项：\n"), "{out}");
    assert!(out.contains("-h, --help") && out.contains("显示帮助"), "{out}");
    assert!(out.contains("-V, --version") && out.contains("显示版本"), "{out}");
    assert!(!out.contains("on-site inspection"), "{out}");
    assert_no_english(&out);
    let (code, short, _) = daocha(&["-h"]);
    assert_eq!(code, i32::from(EXIT_OK));
    assert_no_english(&short);
    let (code, version, _) = daocha(&["--version"]);
    assert_eq!(code, i32::from(EXIT_OK));
    assert!(version.starts_with("daocha "), "{version}");
}

#[test]
fn import_help_is_chinese() {
    let (code, out, _) = daocha(&["import", "--help"]);
    assert_eq!(code, i32::from(EXIT_OK));
    assert!(out.contains("用法：daocha import [选项] --db <PATH> --inspection <ID> <KIND> <FILE>"), "{out}");
    assert!(out.contains("参数：\n"), "{out}");
    assert!(out.contains("可选值：receipts（罚没款收据）、ledger（处罚台账）"), "{out}");
    assert!(out.contains("--skip-bad"), "{out}");
    assert_no_english(&out);
}

#[test]
fn default_values_are_chinese() {
    let (code, out, _) = daocha(&["check", "--help"]);
    assert_eq!(code, i32::from(EXIT_OK));
    assert!(out.contains("默认：90"), "{out}");
    assert_no_english(&out);
}

/// Every visible subcommand, at every level, with `--help` and `-h`.
#[test]
fn every_help_is_chinese() {
    fn walk(cmd: &clap::Command, path: &mut Vec<String>, seen: &mut usize) {
        for flag in ["--help", "-h"] {
            let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
            args.push(flag);
            let (code, out, err) = daocha(&args);
            assert_eq!(code, i32::from(EXIT_OK), "{args:?}: {err}");
            assert!(out.contains("用法：daocha"), "{args:?}: {out}");
            assert_no_english(&out);
        }
        *seen += 1;
        for sub in cmd.get_subcommands().filter(|sub| !sub.is_hide_set()) {
            path.push(sub.get_name().to_owned());
            walk(sub, path, seen);
            path.pop();
        }
    }
    let mut seen = 0;
    walk(&daocha::cli::command(), &mut Vec::new(), &mut seen);
    assert!(seen > 15, "{seen}");
}

#[test]
fn bad_value_lists_the_choices() {
    let err = usage_error(&["import", "--db", "x.db", "--inspection", "1", "empty.csv", "f.csv"]);
    assert!(err.contains("参数 <KIND> 的值“empty.csv”无效；可选值：receipts、ledger、cases、roster。"), "{err}");
    assert!(err.contains("用法：daocha import "), "{err}");
    assert!(err.contains("运行 daocha import --help 查看说明。"), "{err}");
}

#[test]
fn missing_argument_is_named() {
    let err = usage_error(&["import", "--inspection", "1", "receipts", "f.csv"]);
    assert!(err.contains("缺少必需的参数：--db <PATH>。"), "{err}");
    assert!(err.contains("运行 daocha import --help 查看说明。"), "{err}");
    let err = usage_error(&["inspection"]);
    assert!(err.contains("缺少子命令（可用：create、list）"), "{err}");
    assert!(err.contains("运行 daocha inspection --help 查看说明。"), "{err}");
}

#[test]
fn unknown_argument_suggests_the_right_one() {
    let err = usage_error(&["import", "--dbb", "x.db"]);
    assert!(err.contains("无法识别的参数“--dbb”。您是否想用 --db？"), "{err}");
    let err = usage_error(&["check", "--foo"]);
    assert!(err.contains("无法识别的参数“--foo”。"), "{err}");
    assert!(err.contains("运行 daocha check --help 查看说明。"), "{err}");
}

#[test]
fn unknown_subcommand_suggests_the_right_one() {
    let err = usage_error(&["imprt"]);
    assert!(err.contains("未知的子命令“imprt”。"), "{err}");
    assert!(err.contains("import"), "{err}");
    assert!(err.contains("用法：daocha [选项]\n       daocha <子命令>"), "{err}");
    assert!(err.contains("运行 daocha --help 查看说明。"), "{err}");
}

#[test]
fn other_usage_errors_are_chinese() {
    let err = usage_error(&["report", "--db", "x.db", "--json", "--xlsx", "y.xlsx"]);
    assert!(err.contains("不能与"), "{err}");
    let err =
        usage_error(&["sample", "--db", "x.db", "--inspection", "1", "--population", "receipts", "--size", "abc"]);
    assert!(err.contains("参数 --size <N> 的值“abc”无效。"), "{err}");
    let err = usage_error(&["check", "--db"]);
    assert!(err.contains("参数 --db <PATH> 缺少值。"), "{err}");
}

#[test]
fn db_without_a_subcommand_opens_the_window_on_that_file_and_is_refused_beside_one() {
    use clap::FromArgMatches as _;
    let parse = |args: &[&str]| {
        daocha::cli::command()
            .try_get_matches_from(args)
            .and_then(|mut m| daocha::cli::Cli::from_arg_matches_mut(&mut m))
    };
    let cli = parse(&["daocha", "--db", "检查 1.db"]).unwrap();
    assert!(cli.command.is_none(), "no subcommand: the window");
    assert_eq!(cli.db.as_deref(), Some(std::path::Path::new("检查 1.db")));
    // With a subcommand, --db belongs after it; before it, it is an error, not silently ignored.
    assert!(parse(&["daocha", "--db", "a.db", "audit", "verify", "--db", "b.db"]).is_err());
    let (code, _, err) = daocha(&["--db", "a.db", "audit", "verify", "--db", "b.db"]);
    assert_eq!(code, i32::from(EXIT_USAGE));
    assert_no_english(&err);
    assert!(err.contains("只用于打开图形界面"), "{err}");
    let cli = parse(&["daocha", "audit", "verify", "--db", "b.db"]).unwrap();
    assert!(cli.db.is_none() && cli.command.is_some());
}

/// Output piped into a reader that stops early (`daocha dump | head`) ends the command quietly:
/// no 错误 line about a broken pipe.
#[test]
fn a_reader_that_stops_early_gets_no_error_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let (code, _, err) = daocha(&["demo", "--db", db.to_str().unwrap()]);
    assert_eq!(code, i32::from(EXIT_OK), "{err}");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_daocha"))
        .args(["dump", "--db", db.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reader reads a little and goes away; the dump is far larger than a pipe's buffer.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.is_empty(), "{err}");
    assert_eq!(output.status.code(), Some(i32::from(EXIT_OK)));
}
