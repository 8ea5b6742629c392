//! `daocha import --db DB --inspection ID (receipts|ledger|cases|roster) FILE [--skip-bad]`.
//!
//! Without `--skip-bad` a file with a bad row imports nothing: every bad row is listed on stderr
//! and the exit status is 2. With it, the good rows are imported and the skipped ones listed.
//! The column mapping the unit's inspectors saved in the GUI applies here too, and so do the
//! header row, sheets and units they chose there. What the table finder understood (sheets,
//! header rows, units, columns the file lacks) is said on stderr first; `--sheet` and
//! `--header-row` correct it.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use crate::domain::{Id, Inspection};
use crate::import::{self, ImportError, ImportKind};
use crate::store::Store;

use super::{EXIT_OK, EXIT_USAGE};

/// The command line names what is imported by its stable code, with its Chinese name as help.
impl clap::ValueEnum for ImportKind {
    fn value_variants<'a>() -> &'a [Self] {
        &ImportKind::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.as_str()).help(self.label()))
    }
}

/// `daocha import …`
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// 数据库文件
    #[arg(long, value_name = "PATH")]
    pub db: PathBuf,
    /// 检查编号（完整编号，或能唯一确定检查的开头几位）
    #[arg(long, value_name = "ID")]
    pub inspection: String,
    /// 导入的内容
    #[arg(value_enum, value_name = "KIND")]
    pub kind: ImportKind,
    /// 要导入的文件（.xlsx、.xls、.ods 或 .csv）
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// 跳过有误的行，只导入其余的行（跳过的行会列出）
    #[arg(long)]
    pub skip_bad: bool,
    /// 只导入这个工作表（可重复；默认导入所有含此表格的工作表）
    #[arg(long, value_name = "NAME")]
    pub sheet: Vec<String>,
    /// 表头所在的行号（如 3；两行表头写 3-4），在自动找到的表头不对时使用
    #[arg(long, value_name = "ROW", value_parser = parse_header_row)]
    pub header_row: Option<import::ChosenHeader>,
}

/// `3` or `3-4` (a two-row header ending on row 4).
fn parse_header_row(text: &str) -> Result<import::ChosenHeader, String> {
    let number = |t: &str| t.trim().parse::<u32>().ok().filter(|n| *n >= 1);
    let wrong = || format!("“{text}”不是行号：请写如 3，两行表头写如 3-4");
    match text.split_once(['-', '—', '－']) {
        None => {
            number(text).map(|row_number| import::ChosenHeader { row_number, rows: 1, forced: true }).ok_or_else(wrong)
        }
        Some((a, b)) => match (number(a), number(b)) {
            (Some(a), Some(b)) if b == a + 1 => Ok(import::ChosenHeader { row_number: b, rows: 2, forced: true }),
            (Some(a), Some(b)) if b == a => Ok(import::ChosenHeader { row_number: b, rows: 1, forced: true }),
            _ => Err(wrong()),
        },
    }
}

/// Runs the import; returns the exit status.
pub fn run(args: &ImportArgs) -> anyhow::Result<u8> {
    let mut store = Store::open_existing(&args.db)?;
    let inspection_id = resolve_inspection(&store, &args.inspection)?;
    let unit_id = import::unit_of(&store, inspection_id)?;
    let saved = import::saved_mapping(&store, unit_id, args.kind)?;
    let options = import::FindOptions { sheets: args.sheet.clone(), header_row: args.header_row };
    let cancel = AtomicBool::new(false);
    // Rows are written as they are read (a million-row ledger never has all its records in
    // memory), and a large worksheet while it is still being read.
    let import::FileImport { found, outcome, .. } = import::import_file(
        &mut store,
        &args.file,
        args.kind,
        saved.as_ref(),
        &options,
        inspection_id,
        args.skip_bad,
        &cancel,
    )?;
    {
        // What the finder understood, before any verdict on the rows.
        let mut err = std::io::stderr().lock();
        for line in found.summary() {
            writeln!(err, "{line}")?;
        }
    }
    drop(found);
    let (report, parsed, repeated) = match outcome {
        import::Streamed::Refused { parsed, good } => {
            refuse_bad_rows(parsed.bad_rows, &parsed.bad, good)?;
            return Ok(EXIT_USAGE);
        }
        import::Streamed::Imported { report, parsed, repeated } => (report, parsed, repeated),
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "已导入 {} 条{}（{}）。", report.imported, report.kind.label(), parsed.source)?;
    if parsed.sheets.len() > 1 {
        let per_sheet: Vec<String> = parsed.sheets.iter().map(|(name, n)| format!("“{name}” {n} 条")).collect();
        writeln!(out, "各工作表：{}。", per_sheet.join("，"))?;
    }
    if !repeated.is_empty() {
        writeln!(
            out,
            "注意：其中 {} 行该检查此前已有（同一编号），现在重复了：{}。导入的是新增记录，不替换原有记录；如果同一文件导入了两次，请在表格中删除重复的记录。",
            repeated.len(),
            import::rows_named(&repeated)
        )?;
    }
    let left_out: Vec<&import::IgnoredRow> = parsed.left_out().filter(|r| r.kind != import::LeftOut::Blank).collect();
    if !left_out.is_empty() {
        writeln!(out, "未作为记录导入的 {} 行（标题、合计、表尾、作废等）：", left_out.len())?;
        for ignored in left_out {
            writeln!(out, "{ignored}")?;
        }
    }
    if !parsed.notes.is_empty() {
        writeln!(out, "已导入，但请核对以下 {} 行：", parsed.notes.len())?;
        for note in &parsed.notes {
            writeln!(out, "{note}")?;
        }
    }
    if report.skipped_rows > 0 {
        writeln!(out, "跳过了 {} 行有误的数据（未导入，请修改后另行补录）：", report.skipped_rows)?;
        for bad in &report.skipped {
            writeln!(out, "{bad}")?;
        }
    }
    Ok(EXIT_OK)
}

/// A full inspection id, or the first characters of one that only one inspection has.
fn resolve_inspection(store: &Store, text: &str) -> Result<Id<Inspection>, ImportError> {
    let text = text.trim();
    if let Ok(id) = text.parse::<Id<Inspection>>() {
        return Ok(id);
    }
    let wanted: String = text.chars().filter(|c| *c != '-').collect::<String>().to_lowercase();
    if wanted.is_empty() || !wanted.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(ImportError::InspectionNotFound(text.to_string()));
    }
    let matches: Vec<Id<Inspection>> = store
        .list::<Inspection>()?
        .into_iter()
        .map(|stored| stored.id)
        .filter(|id| id.uuid().simple().to_string().starts_with(&wanted))
        .collect();
    match matches.as_slice() {
        [id] => Ok(*id),
        [] => Err(ImportError::InspectionNotFound(text.to_string())),
        _ => Err(ImportError::AmbiguousInspection(text.to_string())),
    }
}

/// Says on stderr that nothing was imported because of the bad rows, lists them (row, column,
/// reason), and how to go on: fix the file, or import the `good_rows` with `--skip-bad`.
/// After a campaign table or a return pack is written: the rows not taken as records, and the bad
/// rows skipped (`--skip-bad`), each said.
pub(super) fn say_left_out_and_skipped(
    out: &mut impl Write,
    parsed: &crate::campaign::import::CampaignParsed,
    skipped_rows: usize,
) -> std::io::Result<()> {
    if !parsed.left_out.is_empty() {
        writeln!(out, "未作为记录导入的 {} 行：", parsed.left_out.len())?;
        for line in &parsed.left_out {
            writeln!(out, "{line}")?;
        }
    }
    if skipped_rows > 0 {
        writeln!(out, "跳过了 {skipped_rows} 行有误的数据（未导入，请修改后另行导入）：")?;
        for bad in &parsed.bad {
            writeln!(out, "{bad}")?;
        }
    }
    Ok(())
}

pub(super) fn refuse_bad_rows(bad_rows: usize, bad: &[import::BadRow], good_rows: usize) -> std::io::Result<()> {
    let mut err = std::io::stderr().lock();
    writeln!(err, "发现 {bad_rows} 行数据有误（共 {} 处）：", bad.len())?;
    for row in bad {
        writeln!(err, "{row}")?;
    }
    writeln!(err, "未导入任何数据。请修改文件后重新导入；或加 --skip-bad 只导入其余 {good_rows} 行，并记下跳过的行。")
}
