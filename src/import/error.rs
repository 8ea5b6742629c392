//! What can go wrong with an import, in words the user can act on. Problems of single rows are not
//! errors but [`super::BadRow`]s; these are the reasons a whole file cannot be imported.

use std::path::PathBuf;

use super::columns::MissingColumns;
use crate::store::StoreError;

/// An import that cannot go ahead. Nothing has been written when one of these is returned.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read from disk.
    #[error("无法读取文件“{}”：{reason}。请确认文件存在、没有被其他程序占用。", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The system's reason.
        reason: String,
    },
    /// One of the campaign's tables given to an inspection's import.
    #[error("“{0}”属于专项治理的组长数据库，不属于某次检查。请用 daocha campaign import 导入。")]
    CampaignTable(&'static str),
    /// Zero bytes.
    #[error("文件“{}”是空的，没有可导入的内容。请确认选择了正确的文件。", .0.display())]
    EmptyFile(PathBuf),
    /// Not a spreadsheet or CSV file.
    #[error("不支持导入“{}”这种文件。请在 Excel 或 WPS 中另存为 .xlsx、.xls 或 .csv 后再导入。", .0.display())]
    Unsupported(PathBuf),
    /// A web page (or SpreadsheetML 2003 XML) saved with an .xls name, as some case systems
    /// export.
    #[error(
        "“{}”实际是网页（HTML）或 XML 格式，不是真正的 Excel 表格（业务系统导出的 .xls 常见这种情况）。请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。",
        .0.display()
    )]
    HtmlDisguised(PathBuf),
    /// The spreadsheet reader gave up: truncated, damaged, encrypted or not a spreadsheet.
    #[error(
        "无法读取“{}”：文件已损坏、不完整、加了密码或不是电子表格（{detail}）。请用 Excel 或 WPS 打开确认，另存为 .xlsx 后再导入。",
        .path.display()
    )]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// The reader's reason (technical, for support).
        detail: String,
    },
    /// A worksheet whose cells span far more than any list (a stray entry far away): reading
    /// it whole would take gigabytes.
    #[error("{}", too_large(path, sheet.as_deref(), span.as_deref(), *cells))]
    SheetTooLarge {
        /// The file.
        path: PathBuf,
        /// The worksheet, when the reader says which (.ods files are refused before that).
        sheet: Option<String>,
        /// The span, e.g. `A1:XFD1048576`, when the reader knows it (not for .ods).
        span: Option<String>,
        /// Cells in the span.
        cells: u64,
    },
    /// A document (Word, WPS 文字, PDF, a presentation) handed over instead of a table.
    #[error(
        "“{}”是{}{what}，不是表格，无法导入。请索要 Excel 或 WPS 表格格式（.xlsx、.xls 或 .et）的同一份材料；如果只有文档，请把其中的表格复制到 Excel 或 WPS 表格中，另存为 .xlsx 后再导入。",
        .path.display(), if what.starts_with(|c: char| c.is_ascii_alphabetic()) { " " } else { "" }
    )]
    NotATable {
        /// The file.
        path: PathBuf,
        /// What it is, e.g. `Word 或 WPS 文字文档`.
        what: &'static str,
    },
    /// A file larger than any list of its format, refused before it is read.
    #[error(
        "“{}”有 {}，超过此类文件的上限（{}），不像是一份台账或清单。请确认选择了正确的文件；如确是数据，请按年度拆分成几个文件后分别导入。",
        .path.display(), size_text(*bytes), size_text(*limit)
    )]
    FileTooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        bytes: u64,
        /// The limit for its format.
        limit: u64,
    },
    /// A part of a zipped workbook that unpacks to far more than any sheet (a "zip bomb", or a
    /// damaged file).
    #[error(
        "“{}”中的“{part}”解压后过大（超过 2 GB 或元素过多），不是正常的表格文件，可能已损坏或被特意构造。请用 Excel 或 WPS 打开检查，把数据复制到新工作簿，另存为 .xlsx 后再导入。",
        .path.display()
    )]
    Unpacked {
        /// The file.
        path: PathBuf,
        /// The zip entry, e.g. `xl/worksheets/sheet1.xml`.
        part: String,
    },
    /// A cell (or a piece of the file's XML) over [`super::limits::MAX_CELL_BYTES`].
    #[error(
        "“{}”中有一个单元格的内容超过 1 MB（位置：{part}）。正常表格的一格不会这么长（Excel 一格最多 32767 个字），文件可能已损坏，或某格误粘贴了大量内容。请用 Excel 或 WPS 打开，找到并删除该内容，保存后再导入。",
        .path.display()
    )]
    CellTooLarge {
        /// The file.
        path: PathBuf,
        /// Where: a zip entry, or `第 12 行` of a CSV file.
        part: String,
    },
    /// A sheet with more cells than [`super::limits::MAX_CELLS`].
    #[error(
        "“{}”{}的单元格超过 3355 万个（相当于 Excel 最大行数 1048576 行 × 32 列），超出一份台账可能的大小。请确认选择了正确的文件；如确是数据，请按年度拆分后分别导入。",
        .path.display(), where_text(sheet.as_deref(), part.as_deref())
    )]
    TooManyCells {
        /// The file.
        path: PathBuf,
        /// The worksheet, if known.
        sheet: Option<String>,
        /// The zip entry, if the sheet is not known yet.
        part: Option<String>,
    },
    /// A CSV file with more rows than Excel can hold.
    #[error(
        "“{}”超过 1048576 行（Excel 一个工作表的行数上限），超出一份台账可能的大小。请确认选择了正确的文件；如确是数据，请按年度拆分后分别导入。",
        .0.display()
    )]
    TooManyRows(PathBuf),
    /// A text file in an encoding that is neither UTF-8 nor GBK/GB18030.
    #[error(
        "无法识别“{}”的文字编码（既不是 UTF-8，也不是 GBK/GB18030）。请在 Excel 或 WPS 中另存为“CSV UTF-8”或 .xlsx 后再导入。",
        .0.display()
    )]
    Encoding(PathBuf),
    /// No cell has a value.
    #[error("“{}”中没有任何数据（所有工作表都是空的）。请确认选择了正确的文件。", .0.display())]
    NoData(PathBuf),
    /// Required columns were not recognised.
    #[error("{0}")]
    MissingColumns(Box<MissingColumns>),
    /// A worksheet named on the command line that the file does not have.
    #[error("文件中没有名为“{sheet}”的工作表。有数据的工作表为：{sheets}。")]
    NoSuchSheet {
        /// The name given.
        sheet: String,
        /// The sheets the file has.
        sheets: String,
    },
    /// A line above the table mentions 万元 without saying the amounts are in it, and neither the
    /// header nor the user says the unit: reading them in 元 would be a guess.
    #[error(
        "{sheet}第 {row} 行“{text}”提到了“万元”，但没有写明金额的单位，无法确定“{column}”是元还是万元，未导入任何数据。请在表头注明单位（如“{column}（万元）”或“{column}（元）”），或在表格上方写明“金额单位：万元”（或“金额单位：元”）；也可以在图形界面的导入窗口中指定单位。"
    )]
    UnclearUnit {
        /// `工作表“2017年”` or empty.
        sheet: String,
        /// The row that mentions 万元.
        row: u32,
        /// Its text, shortened.
        text: String,
        /// The money column's header.
        column: String,
    },
    /// A header but no rows below it.
    #[error("表格只有表头（第 {header_row} 行），下面没有数据行。请确认选择了正确的文件或工作表。")]
    NoDataRows {
        /// The header's row number in the spreadsheet.
        header_row: u32,
    },
    /// Bad rows, and the user did not choose to skip them.
    #[error(
        "有 {rows} 行数据有误（共 {problems} 处），未导入任何数据。请修改文件后重新导入；或选择跳过有误的行，只导入其余 {good} 行。"
    )]
    BadRows {
        /// Rows with problems.
        rows: usize,
        /// Problems in all.
        problems: usize,
        /// Rows without problems.
        good: usize,
    },
    /// Every row is bad.
    #[error("所有数据行都有误，没有可导入的数据。请修改文件后重新导入。")]
    NothingToImport,
    /// The inspection named does not exist.
    #[error("找不到检查“{0}”。请确认检查编号（图形界面的检查信息中可以查看和复制）。")]
    InspectionNotFound(String),
    /// More than one inspection starts with the short id given.
    #[error("检查编号“{0}”不唯一（有多次检查以它开头）。请输入更长的编号。")]
    AmbiguousInspection(String),
    /// The parsed rows were made for another kind or inspection than the one committed to.
    #[error("导入数据与所选的检查或类别不一致。请重新选择文件导入。")]
    Mismatch,
    /// The user cancelled.
    #[error("导入已取消，未写入任何数据。")]
    Cancelled,
    /// The database refused.
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for ImportError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Cancelled => ImportError::Cancelled,
            other => ImportError::Store(other),
        }
    }
}

/// A count the Chinese way: 1 234 万, 171.8 亿.
fn too_large(path: &std::path::Path, sheet: Option<&str>, span: Option<&str>, cells: u64) -> String {
    format!(
        "“{}”{}中的内容分布在{}约 {}个单元格的范围内，范围过大，通常是远处的单元格里误输入了内容。请在 Excel 或 WPS 中按 Ctrl+End 找到并删除多余的行和列，或把数据复制到新工作表，保存后再导入。",
        path.display(),
        sheet.map_or_else(String::new, |s| format!("的工作表“{s}”")),
        span.map_or_else(String::new, |s| format!(" {s}，")),
        in_wan(cells)
    )
}

/// `1.5 GB`, `300 MB`, `12 KB`.
fn size_text(bytes: u64) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    let b = bytes as f64;
    if b >= 1024.0 * MB {
        format!("{:.1} GB", b / (1024.0 * MB))
    } else if b >= MB {
        format!("{:.0} MB", b / MB)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// `的工作表“2017年”` or `中的“xl/worksheets/sheet1.xml”`.
fn where_text(sheet: Option<&str>, part: Option<&str>) -> String {
    match (sheet, part) {
        (Some(sheet), _) => format!("的工作表“{sheet}”"),
        (None, Some(part)) => format!("中的“{part}”"),
        (None, None) => String::new(),
    }
}

fn in_wan(n: u64) -> String {
    if n >= 100_000_000 { format!("{:.1} 亿", n as f64 / 1e8) } else { format!("{} 万", n.div_ceil(10_000)) }
}
