//! Reading a file into grids of typed cells, one per worksheet. The format is decided by the
//! bytes, not only by the name: units rename files, some case systems save web pages as `.xls`,
//! and now and then a Word document arrives where a table was asked for. Spreadsheets go through
//! calamine and keep their cell types (numbers, dates), after the bounds of [`super::limits`]
//! are checked on the file as it is streamed; a number cell whose format shows it with leading
//! zeros is read as the text it shows ([`super::numfmt`]). CSV text is streamed and decoded
//! ([`super::csv_read`]) and every field becomes a text cell.
//!
//! Every visible worksheet with data is read ([`read_sheets`]): a unit's workbook often keeps
//! one sheet per year, and the table finder decides which of them hold the list.

use std::collections::HashMap;
use std::io::{BufReader, Cursor, Read, Seek};
use std::path::Path;

use calamine::{Data, Ods, Range, Reader, SheetType, SheetVisible, Sheets, Xls, Xlsb, Xlsx, open_workbook_from_rs};

use super::ImportKind;
use super::cells::{column_letter, display_text, is_blank};
use super::columns::find_header;
use super::error::ImportError;
use super::limits::{Extent, MAX_CSV_BYTES, MAX_XLS_BYTES};
use super::numfmt::ZeroPad;
use super::{biff, csv_read, limits, ods_scan};

/// The format a table was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    /// Excel 2007+ (.xlsx, .xlsm).
    Xlsx,
    /// Excel binary (.xlsb).
    Xlsb,
    /// Excel 97–2003 (.xls).
    Xls,
    /// OpenDocument (.ods).
    Ods,
    /// Text with separators, in the encoding named.
    Csv {
        /// `UTF-8`, `UTF-16LE`, `GB18030` …
        encoding: &'static str,
    },
    /// Made in memory (tests, pasted data).
    Memory,
}

/// One worksheet (or CSV file) as a grid of cells. Row and column indices are relative to the
/// grid; [`RawTable::row_number`] gives the row number people see in their spreadsheet.
#[derive(Debug, Clone)]
pub struct RawTable {
    range: Range<Data>,
    /// The file name, for messages and the audit summary.
    pub source: String,
    /// The worksheet read, for workbooks.
    pub sheet: Option<String>,
    /// What the file was.
    pub format: SourceFormat,
    /// Cells that hold a formula (grid row, grid column → formula text). Their saved values may
    /// be stale or missing, so they are refused where they would be imported.
    pub formulas: std::collections::HashMap<(usize, usize), String>,
    /// The workbook's hidden worksheets, which are not read: on the first table read from it,
    /// for the import to say so.
    pub hidden_sheets: Vec<String>,
    /// The worksheet's hidden columns (absolute 0-based indices; .xlsx only).
    pub hidden_columns: Vec<usize>,
    /// Regions merged down one column (`B5:B7`), in grid rows and columns: the spreadsheet shows
    /// B5's value in B6 and B7 too. Rows read below the header take it (a date or a decision
    /// number merged over two receipts is each receipt's); an amount or a record's key merged
    /// over rows is refused rather than counted once per row (see [`RawTable::merged_above`]).
    pub merged_down: Vec<MergedDown>,
    /// Regions merged across columns, in grid rows and columns: a header merged over two columns
    /// (执法人员 over one column per officer) names both (see [`RawTable::merged_across_from`]).
    pub merged_across: Vec<MergedAcross>,
}

/// A region merged across columns, in grid rows and columns: rows `top..=bottom`, columns
/// `left..=right`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergedAcross {
    /// Its first row.
    pub top: usize,
    /// Its last row.
    pub bottom: usize,
    /// Its first column, the one that holds the value.
    pub left: usize,
    /// Its last column.
    pub right: usize,
}

/// A region merged down one column, in grid rows and columns: `first..=last` of `col`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergedDown {
    /// Its first row, the one that holds the value.
    pub first: usize,
    /// Its last row.
    pub last: usize,
    /// Its column.
    pub col: usize,
}

impl RawTable {
    /// A table of `range`'s cells, read from `sheet` (a workbook's) in `format`, with the
    /// formulas found in it; nothing hidden or merged noted yet, its source named later.
    fn of(
        range: Range<Data>,
        sheet: Option<String>,
        format: SourceFormat,
        formulas: HashMap<(usize, usize), String>,
    ) -> RawTable {
        RawTable {
            range,
            source: String::new(),
            sheet,
            format,
            formulas,
            hidden_sheets: Vec::new(),
            hidden_columns: Vec::new(),
            merged_down: Vec::new(),
            merged_across: Vec::new(),
        }
    }

    /// A table of text cells (for tests and pasted data). Empty strings are empty cells.
    pub fn from_rows(source: &str, rows: &[Vec<String>]) -> RawTable {
        let mut cells = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                if !text.trim().is_empty() {
                    cells.push(calamine::Cell::new((to_u32(r), to_u32(c)), Data::String(text.clone())));
                }
            }
        }
        RawTable {
            source: source.to_string(),
            ..RawTable::of(grid(cells), None, SourceFormat::Memory, Default::default())
        }
    }

    /// The first row of the region merged down over grid cell (`row`, `col`) from a row above it,
    /// if there is one: the row whose value the spreadsheet shows in that cell.
    pub fn merged_above(&self, row: usize, col: usize) -> Option<usize> {
        self.merged_down.iter().find(|m| m.col == col && m.first < row && row <= m.last).map(|m| m.first)
    }

    /// The last column of the region merged across from grid cell (`row`, `col`), its first
    /// column, if there is one.
    pub fn merged_across_from(&self, row: usize, col: usize) -> Option<usize> {
        self.merged_across.iter().find(|m| m.left == col && (m.top..=m.bottom).contains(&row)).map(|m| m.right)
    }

    /// Sets one cell of the grid (tests: number and date cells as a workbook gives them).
    #[cfg(test)]
    pub(crate) fn set_cell(&mut self, row: usize, col: usize, value: Data) {
        self.range.set_value((to_u32(row), to_u32(col)), value);
    }

    /// Number of rows in the grid.
    pub fn height(&self) -> usize {
        self.range.height()
    }

    /// Number of columns in the grid.
    pub fn width(&self) -> usize {
        self.range.width()
    }

    /// The 1-based row number people see in their spreadsheet for grid row `row`.
    pub fn row_number(&self, row: usize) -> u32 {
        let start = self.range.start().map_or(0, |(r, _)| r);
        start.saturating_add(to_u32(row)).saturating_add(1)
    }

    /// The spreadsheet's column name (A, B, … AA) for grid column `col`.
    pub fn column_letter(&self, col: usize) -> String {
        let start = self.range.start().map_or(0, |(_, c)| c as usize);
        column_letter(start + col)
    }

    /// The cell at grid position (`row`, `col`); empty outside the grid.
    pub(crate) fn cell(&self, row: usize, col: usize) -> &Data {
        self.range.get((row, col)).unwrap_or(&Data::Empty)
    }

    /// One grid row.
    pub(crate) fn row(&self, row: usize) -> &[Data] {
        let width = self.width();
        if width == 0 || row >= self.height() {
            return &[];
        }
        self.range.rows().nth(row).unwrap_or(&[])
    }

    /// The rows of the grid in order.
    pub(crate) fn rows(&self) -> impl Iterator<Item = &[Data]> {
        self.range.rows()
    }

    /// A cell as text, as the spreadsheet would show it (for previews and messages).
    pub fn text(&self, row: usize, col: usize) -> String {
        display_text(self.cell(row, col))
    }

    /// A row as texts.
    pub fn row_texts(&self, row: usize) -> Vec<String> {
        (0..self.width()).map(|col| self.text(row, col)).collect()
    }

    /// The grid row shown as row `row_number` (1-based) in the spreadsheet, if the grid has it.
    pub fn grid_row(&self, row_number: u32) -> Option<usize> {
        let start = self.range.start().map_or(0, |(r, _)| r);
        let row = usize::try_from(row_number.checked_sub(1)?.checked_sub(start)?).ok()?;
        (row < self.height()).then_some(row)
    }

    /// Whether grid column `col` is hidden in the spreadsheet.
    pub fn is_hidden_column(&self, col: usize) -> bool {
        let start = self.range.start().map_or(0, |(_, c)| c as usize);
        self.hidden_columns.contains(&(start + col))
    }

    /// Whether no cell of grid row `row` has a value.
    pub fn is_empty_row(&self, row: usize) -> bool {
        is_empty_row(self.row(row))
    }

    /// Whether the grid has no value at all.
    pub fn is_empty(&self) -> bool {
        self.rows().all(is_empty_row)
    }
}

pub(crate) fn is_empty_row(row: &[Data]) -> bool {
    row.iter().all(is_blank)
}

/// A grid anchored at A1, so that row and column numbers stay true to the file even when the
/// first rows or columns are empty.
fn grid(mut cells: Vec<calamine::Cell<Data>>) -> Range<Data> {
    if cells.is_empty() {
        return Range::empty();
    }
    // `from_sparse` starts the range at the smallest position present; an empty A1 placed first
    // (and overwritten by a real A1 that follows) anchors it.
    cells.insert(0, calamine::Cell::new((0, 0), Data::Empty));
    Range::from_sparse(cells)
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Reads the file at `path` for an import of `kind`: of a workbook, the first visible worksheet
/// whose header is recognised for `kind`, else the first visible worksheet with data. See
/// [`read_sheets`] for all of them.
pub fn read_table(path: &Path, kind: ImportKind) -> Result<RawTable, ImportError> {
    pick(read_sheets(path)?, kind, path)
}

/// Reads `bytes`, the content of the file at `path` (which names it in messages and gives its
/// extension), for an import of `kind`; see [`read_table`].
pub fn read_table_bytes(path: &Path, bytes: &[u8], kind: ImportKind) -> Result<RawTable, ImportError> {
    pick(read_sheets_bytes(path, bytes)?, kind, path)
}

fn pick(tables: Vec<RawTable>, kind: ImportKind, path: &Path) -> Result<RawTable, ImportError> {
    let recognised = tables.iter().position(|t| find_header(kind, t, None).recognised).unwrap_or(0);
    tables.into_iter().nth(recognised).ok_or_else(|| ImportError::NoData(path.to_path_buf()))
}

/// Where the bytes come from: the file itself (read as needed, never whole), or memory.
#[derive(Clone, Copy)]
enum Input<'a> {
    File(&'a Path),
    Bytes(&'a [u8]),
}

/// What calamine reads from.
trait ReadSeek: Read + Seek {}
impl<T: Read + Seek> ReadSeek for T {}

impl<'a> Input<'a> {
    fn open(self, path: &Path) -> Result<Box<dyn ReadSeek + 'a>, ImportError> {
        match self {
            Input::File(file) => {
                let file = std::fs::File::open(file).map_err(|e| io_error(path, &e))?;
                Ok(Box::new(BufReader::with_capacity(64 * 1024, file)))
            }
            Input::Bytes(bytes) => Ok(Box::new(Cursor::new(bytes))),
        }
    }

    fn len(self, path: &Path) -> Result<u64, ImportError> {
        match self {
            Input::File(file) => {
                let meta = std::fs::metadata(file).map_err(|e| io_error(path, &e))?;
                // Windows gives a folder the length 0, which would read as an empty file: say it is a
                // folder (Linux would say so when it is read).
                if meta.is_dir() {
                    return Err(io_error(path, &std::io::Error::from(std::io::ErrorKind::IsADirectory)));
                }
                Ok(meta.len())
            }
            Input::Bytes(bytes) => Ok(bytes.len() as u64),
        }
    }

    /// The first bytes, to tell the format by.
    fn head(self, path: &Path) -> Result<Vec<u8>, ImportError> {
        let mut head = Vec::with_capacity(4096);
        self.open(path)?.take(4096).read_to_end(&mut head).map_err(|e| io_error(path, &e))?;
        Ok(head)
    }

    /// The whole content (for the formats calamine reads whole anyway: .xls).
    fn all(self, path: &Path) -> Result<Vec<u8>, ImportError> {
        match self {
            Input::File(file) => std::fs::read(file).map_err(|e| io_error(path, &e)),
            Input::Bytes(bytes) => Ok(bytes.to_vec()),
        }
    }
}

fn io_error(path: &Path, e: &std::io::Error) -> ImportError {
    ImportError::Io { path: path.to_path_buf(), reason: crate::io_text::reason_at(e, path) }
}

/// Reads every visible worksheet with data of the file at `path` (a CSV file is one table), in
/// the workbook's order. Nothing is allocated for a file before its bounds are checked.
pub fn read_sheets(path: &Path) -> Result<Vec<RawTable>, ImportError> {
    read_input(path, Input::File(path), None)
}

/// [`read_sheets`] for an import that writes rows while the rest are read: a workbook of one
/// visible .xlsx worksheet with more rows than `streamer`'s head is handed to `streamer` in
/// pieces as it is read, and `Ok` of no table is returned (see [`Streamer::state`]); any other
/// file is read whole and returned, nothing handed on.
pub(crate) fn read_streaming(path: &Path, streamer: &mut Streamer<'_>) -> Result<Vec<RawTable>, ImportError> {
    read_input(path, Input::File(path), Some(streamer))
}

/// [`read_sheets`] of `bytes`, the content of the file at `path`.
pub fn read_sheets_bytes(path: &Path, bytes: &[u8]) -> Result<Vec<RawTable>, ImportError> {
    read_input(path, Input::Bytes(bytes), None)
}

fn read_input(
    path: &Path,
    input: Input<'_>,
    mut stream: Option<&mut Streamer<'_>>,
) -> Result<Vec<RawTable>, ImportError> {
    let size = input.len(path)?;
    if size == 0 {
        return Err(ImportError::EmptyFile(path.to_path_buf()));
    }
    let source = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let head = input.head(path)?;
    let tables = match sniff(&head, &extension) {
        Sniffed::Zip => {
            let tables = read_zip(path, input, &extension, source.as_str(), stream.as_deref_mut())?;
            if stream.is_some_and(|s| s.state != StreamState::NotStarted) {
                // Handed on as it was read.
                return Ok(Vec::new());
            }
            tables
        }
        Sniffed::Ole => {
            if size > MAX_XLS_BYTES {
                return Err(ImportError::FileTooLarge { path: path.to_path_buf(), bytes: size, limit: MAX_XLS_BYTES });
            }
            let bytes = input.all(path)?;
            let info = biff::check(path, &bytes)?;
            read_workbook_safely(
                path,
                || Ok(Cursor::new(bytes.as_slice())),
                Format::Xls,
                &info.padded,
                &HashMap::new(),
                None,
            )?
        }
        Sniffed::Html => return Err(ImportError::HtmlDisguised(path.to_path_buf())),
        Sniffed::Document(what) => return Err(ImportError::NotATable { path: path.to_path_buf(), what }),
        Sniffed::Text => {
            if size > MAX_CSV_BYTES {
                return Err(ImportError::FileTooLarge { path: path.to_path_buf(), bytes: size, limit: MAX_CSV_BYTES });
            }
            let open = || -> Result<Box<dyn Read + '_>, ImportError> { Ok(Box::new(input.open(path)?)) };
            let (range, encoding) = csv_read::read_csv(path, &open, &extension)?;
            vec![RawTable::of(range, None, SourceFormat::Csv { encoding }, Default::default())]
        }
        Sniffed::NotSpreadsheet => return Err(unreadable(path, "文件内容不是 Excel、WPS 或 OpenDocument 表格格式")),
        Sniffed::Other => return Err(ImportError::Unsupported(path.to_path_buf())),
    };
    let hidden: Vec<String> = tables.iter().flat_map(|t| t.hidden_sheets.iter().cloned()).collect();
    let mut tables: Vec<RawTable> =
        tables.into_iter().filter(|t| !t.is_empty()).map(|t| RawTable { source: source.clone(), ..t }).collect();
    if let Some(first) = tables.first_mut() {
        first.hidden_sheets = hidden;
    }
    if tables.is_empty() {
        return Err(ImportError::NoData(path.to_path_buf()));
    }
    Ok(tables)
}

/// A zipped file: an .xlsx, .xlsb or .ods — or a .docx, .pptx or .odt where a table was
/// expected. Every part is streamed through the bounds first.
fn read_zip(
    path: &Path,
    input: Input<'_>,
    extension: &str,
    source: &str,
    stream: Option<&mut Streamer<'_>>,
) -> Result<Vec<RawTable>, ImportError> {
    let parts = limits::scan_zip(path, input.open(path)?)?;
    let has = |name: &str| parts.iter().any(|(p, _)| p.eq_ignore_ascii_case(name));
    let has_prefix = |prefix: &str| parts.iter().any(|(p, _)| p.to_lowercase().starts_with(prefix));
    if has_prefix("word/") {
        return Err(ImportError::NotATable { path: path.to_path_buf(), what: "Word 或 WPS 文字文档" });
    }
    if has_prefix("ppt/") {
        return Err(ImportError::NotATable {
            path: path.to_path_buf(), what: "演示文稿（PowerPoint 或 WPS 演示）"
        });
    }
    let mimetype = if has("mimetype") { zip_text(input.open(path)?, "mimetype") } else { String::new() };
    if mimetype.contains("opendocument.text") {
        return Err(ImportError::NotATable { path: path.to_path_buf(), what: "OpenDocument 文字文档（.odt）" });
    }
    if mimetype.contains("opendocument.presentation") {
        return Err(ImportError::NotATable { path: path.to_path_buf(), what: "演示文稿（.odp）" });
    }
    // A sheet not scanned may have formulas: read them (it costs a second pass only for
    // workbooks that also pad numbers with zeros).
    let formulas = parts.iter().any(|(name, stats)| stats.formulas || (!stats.scanned && name.contains("worksheets/")));
    let format = if mimetype.contains("opendocument.spreadsheet") || (has("content.xml") && !has("xl/workbook.xml")) {
        Format::Ods
    } else if has("xl/workbook.bin") || (extension == "xlsb" && !has("xl/workbook.xml")) {
        Format::Xlsb
    } else {
        Format::Xlsx { formulas }
    };
    let ods_padded =
        if format == Format::Ods { ods_scan::scan(path, input.open(path)?)?.padded } else { HashMap::new() };
    let opened = || input.open(path);
    match format {
        Format::Xlsx { .. } => {
            let mut stream = stream;
            if let Some(streamer) = stream.as_deref_mut() {
                streamer.source = source.to_string();
            }
            read_workbook_safely(path, opened, format, &HashMap::new(), &HashMap::new(), stream)
        }
        other => read_workbook_safely(path, opened, other, &HashMap::new(), &ods_padded, None),
    }
}

/// A small text part of a zip (the `mimetype` of an OpenDocument file).
fn zip_text<R: Read + Seek>(reader: R, name: &str) -> String {
    let Ok(mut zip) = zip::ZipArchive::new(reader) else { return String::new() };
    let Ok(entry) = zip.by_name(name) else { return String::new() };
    let mut text = String::new();
    let _ = entry.take(200).read_to_string(&mut text);
    text
}

enum Sniffed {
    Zip,
    Ole,
    Html,
    Text,
    /// A document, not a table (Word in RTF, PDF).
    Document(&'static str),
    /// A spreadsheet's name on other content.
    NotSpreadsheet,
    Other,
}

fn sniff(bytes: &[u8], extension: &str) -> Sniffed {
    if bytes.starts_with(b"PK\x03\x04") {
        return Sniffed::Zip;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Sniffed::Ole;
    }
    if bytes.starts_with(b"{\\rtf") {
        return Sniffed::Document("RTF 格式的文字文档（Word 或 WPS 文字）");
    }
    if bytes.starts_with(b"%PDF") {
        return Sniffed::Document("PDF 文档");
    }
    let head: Vec<u8> = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(bytes)
        .iter()
        .copied()
        .skip_while(u8::is_ascii_whitespace)
        .take(64)
        .collect();
    let lower = String::from_utf8_lossy(&head).to_lowercase();
    if lower.starts_with("<html") || lower.starts_with("<!doctype") || lower.starts_with("<table") {
        return Sniffed::Html;
    }
    if lower.starts_with("<?xml") && matches!(extension, "xls" | "xlsx" | "et") {
        // SpreadsheetML 2003 or an HTML export: neither is a workbook calamine reads.
        return Sniffed::Html;
    }
    match extension {
        "csv" | "txt" | "tsv" => Sniffed::Text,
        "xls" | "xlsx" | "xlsm" | "xlsb" | "ods" | "et" | "ett" => Sniffed::NotSpreadsheet,
        "doc" | "docx" | "wps" | "wpt" | "odt" => Sniffed::Document("文字文档（Word 或 WPS 文字），且已损坏"),
        _ if looks_like_text(bytes) => Sniffed::Text,
        _ => Sniffed::Other,
    }
}

/// No NUL bytes (outside UTF-16) and few control characters: a text file.
fn looks_like_text(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let sample = &bytes[..bytes.len().min(4096)];
    !sample.iter().any(|&b| b == 0 || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')))
}

fn unreadable(path: &Path, detail: impl std::fmt::Display) -> ImportError {
    ImportError::Unreadable { path: path.to_path_buf(), detail: detail.to_string() }
}

thread_local! {
    /// Set while a spreadsheet is read under [`read_workbook_safely`]: its panics are caught and
    /// reported as a damaged file, so they are not printed as crashes.
    static QUIET_PANICS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The workbook formats calamine reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    /// With whether any sheet has formulas (found by the bounds scan).
    Xlsx {
        formulas: bool,
    },
    Xlsb,
    Xls,
    Ods,
}

/// Number cells shown zero-padded: sheet → position → how (.xls) …
type Pads = HashMap<String, HashMap<(u32, u32), ZeroPad>>;
/// … or the text shown (.ods).
type Shown = HashMap<String, HashMap<(u32, u32), String>>;

/// Reads a workbook; a panic inside the spreadsheet library (seen on damaged .xls files) is a
/// damaged file, not a crash.
fn read_workbook_safely<R: Read + Seek>(
    path: &Path,
    open: impl Fn() -> Result<R, ImportError>,
    format: Format,
    pads: &Pads,
    shown: &Shown,
    stream: Option<&mut Streamer<'_>>,
) -> Result<Vec<RawTable>, ImportError> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET_PANICS.with(std::cell::Cell::get) {
                default(info);
            }
        }));
    });
    QUIET_PANICS.with(|q| q.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_workbook(path, &open, format, pads, shown, stream)
    }));
    QUIET_PANICS.with(|q| q.set(false));
    result.unwrap_or_else(|_| Err(unreadable(path, "文件已损坏，读取时出错")))
}

fn read_workbook<R: Read + Seek>(
    path: &Path,
    open: &dyn Fn() -> Result<R, ImportError>,
    format: Format,
    pads: &Pads,
    shown: &Shown,
    stream: Option<&mut Streamer<'_>>,
) -> Result<Vec<RawTable>, ImportError> {
    let mut workbook: Sheets<R> = match format {
        Format::Xls => Sheets::Xls(open_workbook_from_rs::<Xls<_>, _>(open()?).map_err(|e| unreadable(path, e))?),
        Format::Xlsb => Sheets::Xlsb(open_workbook_from_rs::<Xlsb<_>, _>(open()?).map_err(|e| unreadable(path, e))?),
        Format::Ods => Sheets::Ods(open_workbook_from_rs::<Ods<_>, _>(open()?).map_err(|e| match e {
            // calamine's own limit for .ods (100 million cells), said in our words.
            calamine::OdsError::CellLimitExceeded { requested, .. } => ImportError::SheetTooLarge {
                path: path.to_path_buf(),
                sheet: None,
                span: None,
                cells: requested as u64,
            },
            e => unreadable(path, e),
        })?),
        Format::Xlsx { .. } => {
            Sheets::Xlsx(open_workbook_from_rs::<Xlsx<_>, _>(open()?).map_err(|e| unreadable(path, e))?)
        }
    };
    let source_format = match format {
        Format::Xls => SourceFormat::Xls,
        Format::Xlsx { .. } => SourceFormat::Xlsx,
        Format::Xlsb => SourceFormat::Xlsb,
        Format::Ods => SourceFormat::Ods,
    };
    let sheets: Vec<String> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    let hidden: Vec<String> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet && s.visible != SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    let hidden_columns = match format {
        Format::Xlsx { .. } => open().map(super::xlsx_hidden::hidden_columns).unwrap_or_default(),
        _ => HashMap::new(),
    };
    let mut tables = Vec::new();
    // A workbook with hidden sheets or columns is read whole, so that the import can name them.
    if let (Some(streamer), Sheets::Xlsx(xlsx), [name], true) =
        (stream, &mut workbook, sheets.as_slice(), hidden.is_empty() && hidden_columns.is_empty())
    {
        // One worksheet: handed on as it is read, unless it is small or needs reading whole.
        let any_formulas = matches!(format, Format::Xlsx { formulas: true });
        let whole = stream_xlsx_sheet(path, xlsx, name, any_formulas, streamer)?;
        // Merges are listed after the cells: a sheet with cells merged down a column, handed on
        // before they could be filled, is given up and read whole.
        let regions = merged_regions(path, open, &mut workbook, name)?;
        match whole {
            Some(mut table) => {
                note_merged(&mut table, &regions);
                tables.push(table);
            }
            None => streamer.merged = regions,
        }
        return Ok(tables);
    }
    for name in sheets {
        // An .xlsx or .xlsb sheet is read cell by cell, so a stray entry at XFD1048576 is refused
        // with a message instead of calamine filling a grid of 17 billion cells.
        let mut table = match (&mut workbook, format) {
            (Sheets::Xlsx(xlsx), Format::Xlsx { formulas }) => xlsx_table(path, xlsx, &name, formulas, BIG_SHEET)?,
            (Sheets::Xlsb(xlsb), _) => xlsb_table(path, xlsb, &name)?,
            (other, _) => {
                let mut table = grid_table(path, other, name.clone(), source_format)?;
                if let Some(pads) = pads.get(&name) {
                    for (&pos, pad) in pads {
                        // Exact for any number a receipt could carry.
                        #[allow(clippy::cast_precision_loss)]
                        let value = match table.range.get_value(pos) {
                            Some(Data::Float(f)) => Some(*f),
                            Some(Data::Int(i)) => Some(*i as f64),
                            _ => None,
                        };
                        if let Some(text) = value.and_then(|v| pad.show(v)) {
                            table.range.set_value(pos, Data::String(text));
                        }
                    }
                }
                if let Some(texts) = shown.get(&name) {
                    for (&pos, text) in texts {
                        if matches!(table.range.get_value(pos), Some(Data::Float(_) | Data::Int(_))) {
                            table.range.set_value(pos, Data::String(text.clone()));
                        }
                    }
                }
                table
            }
        };
        table.hidden_columns = hidden_columns.get(&name).cloned().unwrap_or_default();
        note_merged(&mut table, &merged_regions(path, open, &mut workbook, &name)?);
        tables.push(table);
    }
    if let Some(first) = tables.first_mut() {
        first.hidden_sheets = hidden;
    }
    Ok(tables)
}

/// The merged regions of a worksheet (positions in the sheet). calamine lists them for .xlsx and
/// .xls; an .ods sheet's covered cells and an .xlsb sheet's merges stay empty.
fn merged_regions<R: Read + Seek>(
    path: &Path,
    open: &dyn Fn() -> Result<R, ImportError>,
    workbook: &mut Sheets<R>,
    name: &str,
) -> Result<Vec<calamine::Dimensions>, ImportError> {
    Ok(match workbook {
        // Searched for in the part's bytes; read as XML by calamine if that could not be done.
        Sheets::Xlsx(xlsx) => match open().ok().and_then(|r| super::xlsx_hidden::merged_regions(r, name)) {
            Some(regions) => regions,
            None => xlsx.merge_cells_by_sheet_name(name).map_err(|e| unreadable(path, e))?,
        },
        Sheets::Xls(xls) => xls.merge_cells_by_sheet_name(name).map_err(|e| unreadable(path, e))?,
        Sheets::Xlsb(_) | Sheets::Ods(_) => Vec::new(),
    })
}

/// Whether a region is merged down one column (`B5:B7`).
fn merged_down(region: &calamine::Dimensions) -> bool {
    region.start.1 == region.end.1 && region.end.0 > region.start.0
}

/// Notes in `table` the regions of `regions` (positions in the sheet) that start within it:
/// those merged down one column, and those merged across columns.
fn note_merged(table: &mut RawTable, regions: &[calamine::Dimensions]) {
    let (Some((top, left)), Some((bottom, right))) = (table.range.start(), table.range.end()) else {
        return;
    };
    let grid = |n: u32, from: u32| usize::try_from(n - from).unwrap_or(usize::MAX);
    let within = |r: &&calamine::Dimensions| (left..=right).contains(&r.start.1) && (top..=bottom).contains(&r.start.0);
    table.merged_down = regions
        .iter()
        .filter(within)
        .filter(|r| merged_down(r))
        .map(|r| MergedDown {
            first: grid(r.start.0, top),
            last: grid(r.end.0.min(bottom), top),
            col: grid(r.start.1, left),
        })
        .collect();
    table.merged_across = regions
        .iter()
        .filter(within)
        .filter(|r| r.end.1 > r.start.1)
        .map(|r| MergedAcross {
            top: grid(r.start.0, top),
            bottom: grid(r.end.0.min(bottom), top),
            left: grid(r.start.1, left),
            right: grid(r.end.1.min(right), left),
        })
        .collect();
}

/// Reads a worksheet of the other formats through calamine's grid: values and formulas.
fn grid_table<R: Read + Seek>(
    path: &Path,
    workbook: &mut Sheets<R>,
    name: String,
    format: SourceFormat,
) -> Result<RawTable, ImportError> {
    let range = workbook.worksheet_range(&name).map_err(|e| unreadable(path, e))?;
    for (row, col, value) in range.used_cells() {
        let (top, left) = range.start().unwrap_or((0, 0));
        too_long(path, &name, (top + to_u32(row), left + to_u32(col)), value)?;
    }
    let mut formulas = HashMap::new();
    if let (Ok(cells), Some((top, left))) = (workbook.worksheet_formula(&name), range.start())
        && let Some((f_top, f_left)) = cells.start()
    {
        for (r, c, formula) in cells.used_cells() {
            let (row, col) = (f_top as usize + r, f_left as usize + c);
            if !formula.is_empty() && row >= top as usize && col >= left as usize {
                formulas.insert((row - top as usize, col - left as usize), formula.clone());
            }
        }
    }
    Ok(RawTable::of(range, Some(name), format, formulas))
}

/// Reads an .xlsx worksheet cell by cell: values, formulas and — when the workbook has a format
/// that shows numbers with leading zeros — each cell's style, in as few passes over the sheet's
/// XML as that allows (one for most files). A sheet whose cells spread far wider than they fill
/// is refused before any grid is made.
fn xlsx_table<R: Read + Seek>(
    path: &Path,
    xlsx: &mut Xlsx<R>,
    name: &str,
    any_formulas: bool,
    big: u64,
) -> Result<RawTable, ImportError> {
    let mut cells = Cells::default();
    let mut formula_cells: Formulas = Vec::new();
    let mut reader = xlsx.worksheet_cells_reader(name).map_err(|e| unreadable(path, e))?;
    let pads: Vec<Option<ZeroPad>> = reader
        .styles()
        .iter()
        .map(|style| style.number_format.as_ref().and_then(|f| ZeroPad::from_format(&f.format_code)))
        .collect();
    if pads.iter().any(Option::is_some) {
        while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(|e| unreadable(path, e))? {
            let pos = cell.get_position();
            let value = match (cell.get_value(), pads.get(style).and_then(Option::as_ref)) {
                (calamine::DataRef::Empty, _) => continue,
                (calamine::DataRef::Float(f), Some(pad)) => pad.show(*f).map_or(Data::Float(*f), Data::String),
                (calamine::DataRef::Int(i), Some(pad)) => {
                    // Counts of receipts are far below f64's exact range.
                    #[allow(clippy::cast_precision_loss)]
                    let f = *i as f64;
                    pad.show(f).map_or(Data::Int(*i), Data::String)
                }
                (value, _) => Data::from(value.clone()),
            };
            too_long(path, name, pos, &value)?;
            cells.push(pos, value);
            too_many(path, name, cells.len())?;
        }
        drop(reader);
        if any_formulas {
            let mut reader = xlsx.worksheet_cells_reader(name).map_err(|e| unreadable(path, e))?;
            while let Some(cell) = reader.next_formula().map_err(|e| unreadable(path, e))? {
                if !cell.get_value().is_empty() {
                    formula_cells.push((cell.get_position(), cell.get_value().clone()));
                }
            }
        }
    } else if reader.dimensions().len() >= big {
        drop(reader);
        return big_xlsx_table(path, xlsx, name);
    } else {
        // One pass over the sheet's XML for values and formulas alike.
        while let Some(cell) = reader.next_cell_with_formula().map_err(|e| unreadable(path, e))? {
            if !matches!(cell.value, calamine::DataRef::Empty) {
                let value = Data::from(cell.value);
                too_long(path, name, cell.pos, &value)?;
                cells.push(cell.pos, value);
                too_many(path, name, cells.len())?;
            }
            if let Some(formula) = cell.formula.filter(|f| !f.is_empty()) {
                formula_cells.push((cell.pos, formula));
            }
        }
    }
    sparse_table(path, name, SourceFormat::Xlsx, cells, formula_cells)
}

/// Where a worksheet read by [`read_streaming`] goes, and how far it got.
pub(crate) struct Streamer<'a> {
    /// The head holds at least this many rows from the first filled one …
    head_rows: usize,
    /// … and at least the rows up to this row number (a header row chosen further down).
    through_row: u32,
    /// Takes each table: the head first, then the pieces. False when the taker stopped.
    send: &'a mut dyn FnMut(RawTable) -> bool,
    /// What became of the sheet.
    pub state: StreamState,
    /// The file's name, for the tables handed on.
    source: String,
    /// Set once a sheet is handed on whole: its merged regions (listed after its cells, so only
    /// known at the end). The pieces could not take them into account: see [`merges_matter`].
    pub merged: Vec<calamine::Dimensions>,
}

impl<'a> Streamer<'a> {
    /// A sheet's first `head_rows` rows (and at least those through row number `through_row`)
    /// handed to `send` as one table, then the rest in pieces.
    pub fn new(head_rows: usize, through_row: u32, send: &'a mut dyn FnMut(RawTable) -> bool) -> Streamer<'a> {
        Streamer {
            head_rows,
            through_row,
            send,
            state: StreamState::NotStarted,
            source: String::new(),
            merged: Vec::new(),
        }
    }
}

/// Whether a streamed sheet's merged regions (`Streamer::merged`) change how it reads below its
/// header (row number `header`): cells merged down into its rows (read whole, rows take the
/// merged values), or a header cell merged across columns (执法人员 over one column per officer
/// names them all). Such a sheet is read whole again.
pub(crate) fn merges_matter(regions: &[calamine::Dimensions], header: u32) -> bool {
    regions.iter().any(|r| {
        let (top, bottom) = (r.start.0 + 1, r.end.0 + 1);
        (merged_down(r) && bottom > header) || (r.end.1 > r.start.1 && (top..=bottom).contains(&header))
    })
}

/// What [`read_streaming`] did with the sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StreamState {
    /// Nothing handed on: the file was read whole (and returned).
    NotStarted,
    /// Handed on whole, the head and every piece: the sheet is read.
    Streamed,
    /// The head (and maybe pieces) handed on, then the sheet turned out not to be readable in
    /// order (rows out of order, a long run of empty rows, a stray cell far to the right), or the
    /// taker stopped: it must be read whole.
    Abandoned,
}

/// Rows of a piece of a streamed sheet (the head apart).
const PIECE_ROWS: u32 = 1024;

/// The longest run of empty rows inside a streamed sheet; past it the sheet is read whole (where
/// its bounds are weighed before any grid is made).
const MAX_GAP_ROWS: u32 = 16 * 1024;

/// Streams the .xlsx worksheet `name` to `streamer`: its head, as soon as it is read, then pieces
/// of [`PIECE_ROWS`] rows, each grid anchored at column A and at its first row (so a column has the
/// same index in every piece). Values and formulas are read, bounded and refused exactly as
/// [`xlsx_table`] reads them; the sheet's extent is weighed at the end. Returns the table read
/// whole instead (nothing handed on) for a sheet whose numbers are shown zero-padded (their
/// styles are read another way), for one out of order before its head is full, and for one that
/// ends within its head.
fn stream_xlsx_sheet<R: Read + Seek>(
    path: &Path,
    xlsx: &mut Xlsx<R>,
    name: &str,
    any_formulas: bool,
    streamer: &mut Streamer<'_>,
) -> Result<Option<RawTable>, ImportError> {
    let mut reader = xlsx.worksheet_cells_reader(name).map_err(|e| unreadable(path, e))?;
    let pads = reader
        .styles()
        .iter()
        .any(|style| style.number_format.as_ref().and_then(|f| ZeroPad::from_format(&f.format_code)).is_some());
    if pads {
        drop(reader);
        return xlsx_table(path, xlsx, name, any_formulas, BIG_SHEET).map(Some);
    }
    let mut extent = Extent::default();
    let mut filled = 0usize;
    let mut piece = Piece::default();
    // The row the head ends before (set by the first value), and the row of the last value.
    let mut head_end: Option<u32> = None;
    let mut last_row = 0u32;
    // Given up before anything was handed on: read whole.
    let mut whole = false;
    while let Some(cell) = reader.next_cell_with_formula().map_err(|e| unreadable(path, e))? {
        let (row, col) = cell.pos;
        let has_value = !matches!(cell.value, calamine::DataRef::Empty);
        let formula = cell.formula.filter(|f| !f.is_empty());
        // The box weighed as `sparse_table` weighs it: values and formulas.
        if has_value {
            extent.add(row, col, true);
        }
        if formula.is_some() {
            extent.add(row, col, true);
        }
        if has_value {
            // Only values make the grid's rows: a piece ends where a value starts the next.
            let limit = match (piece.start, head_end) {
                (_, None) => u32::MAX,
                (Some(_), Some(end)) if streamer.state == StreamState::NotStarted => end,
                (Some(start), Some(_)) => start.saturating_add(PIECE_ROWS),
                (None, Some(_)) => u32::MAX,
            };
            head_end.get_or_insert_with(|| row.saturating_add(to_u32(streamer.head_rows)).max(streamer.through_row));
            let disordered = filled > 0 && row < last_row;
            let too_far = row >= limit && (row - last_row > MAX_GAP_ROWS || piece.span(row) > limits::MAX_SPARSE_SPAN);
            if disordered || too_far {
                if streamer.state == StreamState::NotStarted {
                    whole = true;
                    break;
                }
                streamer.state = StreamState::Abandoned;
                return Ok(None);
            }
            if row >= limit {
                let next = piece.split_at(row);
                let table = std::mem::replace(&mut piece, next).into_table(row, name, &streamer.source);
                streamer.state = StreamState::Streamed;
                if !(streamer.send)(table) {
                    streamer.state = StreamState::Abandoned;
                    return Ok(None);
                }
            }
            last_row = row;
            let value = Data::from(cell.value);
            too_long(path, name, (row, col), &value)?;
            piece.push(row, col, value);
            filled += 1;
            too_many(path, name, filled)?;
        }
        if let Some(formula) = formula {
            piece.formulas.push(((row, col), formula));
        }
    }
    drop(reader);
    if whole {
        // Before anything was handed on: read as if never streamed.
        return xlsx_table(path, xlsx, name, any_formulas, BIG_SHEET).map(Some);
    }
    if let Some(refusal) = extent.refusal(path, Some(name)) {
        return Err(refusal);
    }
    if streamer.state == StreamState::NotStarted {
        // The whole sheet is its head: an ordinary table.
        let Piece { cells, formulas, .. } = piece;
        let mut all = Cells::default();
        for (pos, value) in cells {
            all.push(pos, value);
        }
        return sparse_table(path, name, SourceFormat::Xlsx, all, formulas).map(Some);
    }
    if piece.start.is_some() {
        let table = piece.into_table(last_row + 1, name, &streamer.source);
        if !(streamer.send)(table) {
            streamer.state = StreamState::Abandoned;
        }
    }
    Ok(None)
}

/// The cells of a piece of a streamed sheet as they are read.
#[derive(Default)]
struct Piece {
    /// Its first row (that of its first value).
    start: Option<u32>,
    /// Its rightmost column with a value.
    right: u32,
    cells: Vec<((u32, u32), Data)>,
    formulas: Formulas,
}

impl Piece {
    fn push(&mut self, row: u32, col: u32, value: Data) {
        self.start.get_or_insert(row);
        self.right = self.right.max(col);
        self.cells.push(((row, col), value));
    }

    /// A new piece starting at row `row`, taking the formulas read for that row and after (a
    /// formula-only cell read before the value that starts the row belongs with it).
    fn split_at(&mut self, row: u32) -> Piece {
        let from = self.formulas.partition_point(|((r, _), _)| *r < row);
        Piece { formulas: self.formulas.split_off(from), ..Piece::default() }
    }

    /// The grid cells of the piece ended before row `end`.
    fn span(&self, end: u32) -> u64 {
        let rows = u64::from(end - self.start.unwrap_or(end));
        rows * (u64::from(self.right) + 1)
    }

    /// The piece as a table of the rows up to `end` (not included), anchored at column A.
    fn into_table(self, end: u32, sheet: &str, source: &str) -> RawTable {
        let start = self.start.unwrap_or(0);
        let mut range = Range::new((start, 0), (end.max(start + 1) - 1, self.right));
        for (pos, value) in self.cells {
            range.set_value(pos, value);
        }
        let formulas = relative_formulas(&range, self.formulas);
        RawTable {
            source: source.to_string(),
            ..RawTable::of(range, Some(sheet.to_string()), SourceFormat::Xlsx, formulas)
        }
    }
}

/// The size (in grid cells, by the sheet's own `<dimension>`) from which an .xlsx sheet is read
/// twice by [`big_xlsx_table`]: two million cells would list 80 MB before their grid is made.
const BIG_SHEET: u64 = 1 << 21;

/// A large .xlsx sheet, read twice as a CSV file is: first for the box its cells fill, how many
/// there are and its formulas, then into a grid made at that size. (Listed first and then laid
/// out, a million rows' cells took their size again beside the grid: 360 MB for nine million.)
/// The `<dimension>` that chose this way is only a writer's claim: nothing is sized by it.
fn big_xlsx_table<R: Read + Seek>(path: &Path, xlsx: &mut Xlsx<R>, name: &str) -> Result<RawTable, ImportError> {
    let mut formula_cells: Formulas = Vec::new();
    let mut values = Extent::default();
    let mut reader = xlsx.worksheet_cells_reader(name).map_err(|e| unreadable(path, e))?;
    while let Some(cell) = reader.next_cell_with_formula().map_err(|e| unreadable(path, e))? {
        if !matches!(cell.value, calamine::DataRef::Empty) {
            values.add(cell.pos.0, cell.pos.1, true);
            too_many(path, name, values.filled as usize)?;
        }
        if let Some(formula) = cell.formula.filter(|f| !f.is_empty()) {
            formula_cells.push((cell.pos, formula));
        }
    }
    drop(reader);
    let mut all = values;
    for ((row, col), _) in &formula_cells {
        all.add(*row, *col, true);
    }
    if let Some(refusal) = all.refusal(path, Some(name)) {
        return Err(refusal);
    }
    let mut range = if values.is_empty() {
        Range::empty()
    } else {
        Range::new((values.top, values.left), (values.bottom, values.right))
    };
    let mut reader = xlsx.worksheet_cells_reader(name).map_err(|e| unreadable(path, e))?;
    while let Some(cell) = reader.next_cell().map_err(|e| unreadable(path, e))? {
        if matches!(cell.get_value(), calamine::DataRef::Empty) {
            continue;
        }
        let value = Data::from(cell.get_value().clone());
        too_long(path, name, cell.get_position(), &value)?;
        if range.is_empty() {
            // The file changed between the two readings.
            return Err(unreadable(path, "文件在读取过程中被修改"));
        }
        range.set_value(cell.get_position(), value);
    }
    let formulas = relative_formulas(&range, formula_cells);
    Ok(RawTable::of(range, Some(name.to_string()), SourceFormat::Xlsx, formulas))
}

/// Reads an .xlsb worksheet cell by cell (values, then formulas), as [`xlsx_table`].
fn xlsb_table<R: Read + Seek>(path: &Path, xlsb: &mut Xlsb<R>, name: &str) -> Result<RawTable, ImportError> {
    let mut cells = Cells::default();
    let mut reader = xlsb.worksheet_cells_reader(name).map_err(|e| unreadable(path, e))?;
    while let Some(cell) = reader.next_cell().map_err(|e| unreadable(path, e))? {
        if !matches!(cell.get_value(), calamine::DataRef::Empty) {
            let value = Data::from(cell.get_value().clone());
            too_long(path, name, cell.get_position(), &value)?;
            cells.push(cell.get_position(), value);
        }
        too_many(path, name, cells.len())?;
    }
    drop(reader);
    // Formulas only add warnings; calamine cannot decode every .xlsb formula, and a sheet whose
    // formulas it cannot read is read for its values, as calamine's grid did.
    let formula_cells = xlsb_formulas(xlsb, name).unwrap_or_default();
    sparse_table(path, name, SourceFormat::Xlsb, cells, formula_cells)
}

/// The cells of a sheet as they are read, in blocks: a million rows' cells in one list, grown by
/// doubling, took up to twice their size (670 MB for nine million) before the grid was made.
#[derive(Default)]
struct Cells {
    blocks: Vec<Vec<((u32, u32), Data)>>,
    len: usize,
}

impl Cells {
    const BLOCK: usize = 1 << 16;

    fn push(&mut self, pos: (u32, u32), value: Data) {
        let cell = (pos, value);
        match self.blocks.last_mut() {
            Some(block) if block.len() < Self::BLOCK => block.push(cell),
            _ => {
                let mut block = Vec::with_capacity(Self::BLOCK);
                block.push(cell);
                self.blocks.push(block);
            }
        }
        self.len += 1;
    }

    fn len(&self) -> usize {
        self.len
    }

    fn positions(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.blocks.iter().flatten().map(|(pos, _)| *pos)
    }

    /// The grid over the box of the cells (as [`Range::from_sparse`] makes it), each block freed
    /// once laid out.
    fn into_range(self) -> Range<Data> {
        let extent = Extent::of(self.positions());
        if extent.is_empty() {
            return Range::empty();
        }
        let mut range = Range::new((extent.top, extent.left), (extent.bottom, extent.right));
        for block in self.blocks {
            for (pos, value) in block {
                range.set_value(pos, value);
            }
        }
        range
    }
}

/// Refuses a cell over [`limits::MAX_CELL_BYTES`] (one in a part too small to be scanned first;
/// reading it cost no more than the part's size).
fn too_long(path: &Path, sheet: &str, pos: (u32, u32), value: &Data) -> Result<(), ImportError> {
    if let Data::String(s) = value
        && s.len() as u64 > limits::MAX_CELL_BYTES
    {
        return Err(ImportError::CellTooLarge {
            path: path.to_path_buf(),
            part: format!("工作表“{sheet}”的 {}{}", column_letter(pos.1 as usize), pos.0 + 1),
        });
    }
    Ok(())
}

/// Refuses a sheet past [`limits::MAX_CELLS`] cells (a part small enough not to be scanned
/// cannot get there; this is the bound for the rest).
fn too_many(path: &Path, sheet: &str, cells: usize) -> Result<(), ImportError> {
    if cells as u64 > limits::MAX_CELLS {
        return Err(ImportError::TooManyCells { path: path.to_path_buf(), sheet: Some(sheet.to_string()), part: None });
    }
    Ok(())
}

/// Formulas by their position in the sheet.
type Formulas = Vec<((u32, u32), String)>;

fn xlsb_formulas<R: Read + Seek>(xlsb: &mut Xlsb<R>, name: &str) -> Result<Formulas, calamine::XlsbError> {
    let mut formula_cells = Vec::new();
    let mut reader = xlsb.worksheet_cells_reader(name)?;
    while let Some(cell) = reader.next_formula()? {
        if !cell.get_value().is_empty() {
            formula_cells.push((cell.get_position(), cell.get_value().clone()));
        }
    }
    Ok(formula_cells)
}

/// A sheet's table from its non-empty cells and formulas (positions in the sheet), refused when
/// they spread far wider than they fill ([`too_sparse`]).
fn sparse_table(
    path: &Path,
    name: &str,
    format: SourceFormat,
    cells: Cells,
    formula_cells: Formulas,
) -> Result<RawTable, ImportError> {
    let extent = Extent::of(cells.positions().chain(formula_cells.iter().map(|(p, _)| *p)));
    if let Some(refusal) = extent.refusal(path, Some(name)) {
        return Err(refusal);
    }
    let range = cells.into_range();
    let formulas = relative_formulas(&range, formula_cells);
    Ok(RawTable::of(range, Some(name.to_string()), format, formulas))
}

/// The formulas by their position in `range` (row and column from its start).
fn relative_formulas(range: &Range<Data>, formula_cells: Formulas) -> HashMap<(usize, usize), String> {
    let mut formulas = HashMap::new();
    if let Some((top, left)) = range.start() {
        for ((row, col), formula) in formula_cells {
            if row >= top && col >= left {
                formulas.insert(((row - top) as usize, (col - left) as usize), formula);
            }
        }
    }
    formulas
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_big_sheet_read_twice_is_the_sheet_read_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("台账.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet().set_name("2017年").unwrap();
        sheet.write_string(0, 2, "区综合执法局行政处罚台账").unwrap();
        for (c, h) in ["决定书文号", "当事人", "罚款金额", "决定日期"].iter().enumerate() {
            sheet.write_string(2, 1 + c as u16, *h).unwrap();
        }
        for r in 3..40_u32 {
            sheet.write_string(r, 1, format!("鲅综执罚决〔2017〕{r}号")).unwrap();
            if r % 7 != 0 {
                sheet.write_string(r, 2, format!("当事人{}", r % 5)).unwrap();
            }
            sheet.write_number(r, 3, f64::from(r) * 100.5).unwrap();
            sheet.write_number(r, 4, 42_900.0 + f64::from(r)).unwrap();
        }
        sheet.write_formula(40, 3, "=SUM(D4:D40)").unwrap();
        sheet.write_string(41, 6, "备注在右下").unwrap();
        book.save(&path).unwrap();
        let read = |big: u64| {
            let mut xlsx: Xlsx<_> = calamine::open_workbook(&path).unwrap();
            xlsx_table(&path, &mut xlsx, "2017年", true, big).unwrap()
        };
        let (twice, once) = (read(0), read(u64::MAX));
        assert_eq!((twice.height(), twice.width()), (42, 6));
        assert_eq!(twice.range, once.range);
        assert_eq!(twice.formulas, once.formulas);
        assert_eq!(twice.formulas.len(), 1);
        assert_eq!(twice.text(3, 0), "鲅综执罚决〔2017〕3号");
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    fn one_table(path: &Path, bytes: &[u8]) -> RawTable {
        let mut tables = read_sheets_bytes(path, bytes).unwrap();
        assert_eq!(tables.len(), 1);
        tables.remove(0)
    }

    #[test]
    fn decodes_every_encoding() {
        let path = Path::new("x.csv");
        let text = "收据编号,金额\n鲅0001,1500\n";
        let read = |bytes: &[u8]| {
            let table = one_table(path, bytes);
            (table.text(1, 0), table.format)
        };
        assert_eq!(read(text.as_bytes()), ("鲅0001".to_string(), SourceFormat::Csv { encoding: "UTF-8" }));
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(read(&bom), ("鲅0001".to_string(), SourceFormat::Csv { encoding: "UTF-8" }));
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(read(&gbk), ("鲅0001".to_string(), SourceFormat::Csv { encoding: "GB18030" }));
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(read(&utf16), ("鲅0001".to_string(), SourceFormat::Csv { encoding: "UTF-16LE" }));
        // Not UTF-8 and not valid GB18030 either.
        assert!(matches!(read_sheets_bytes(path, &[0x81, 0x20, 0xFF, 0x30]), Err(ImportError::Encoding(_))));
        // Valid UTF-8 for a long stretch, then GBK: the whole file is GBK.
        let mut mixed = "a,b\n".repeat(40_000).into_bytes();
        mixed.extend_from_slice(&gbk);
        let table = one_table(path, &mixed);
        assert_eq!(table.format, SourceFormat::Csv { encoding: "GB18030" });
        assert_eq!(table.text(40_001, 0), "鲅0001");
    }

    #[test]
    fn sniffs_by_content() {
        assert!(matches!(sniff(b"PK\x03\x04rest", "csv"), Sniffed::Zip));
        assert!(matches!(sniff(b"  <html><table>", "xls"), Sniffed::Html));
        assert!(matches!(sniff(b"a,b\n1,2", "csv"), Sniffed::Text));
        assert!(matches!(sniff(b"a,b\n1,2", ""), Sniffed::Text));
        assert!(matches!(sniff(b"not a workbook", "xlsx"), Sniffed::NotSpreadsheet));
        assert!(matches!(sniff(&[0x00, 0x01, 0x02], "bin"), Sniffed::Other));
        assert!(matches!(sniff(b"{\\rtf1\\ansi", "doc"), Sniffed::Document(_)));
        assert!(matches!(sniff(b"%PDF-1.7", "xlsx"), Sniffed::Document(_)));
        assert!(matches!(sniff(b"garbage", "docx"), Sniffed::Document(_)));
    }

    #[test]
    fn csv_row_numbers_count_blank_lines_as_a_spreadsheet_does() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, "\n标题\r\n\r\n收据编号,金额\n\"A\n1\",1\n\n\nA2,2\n").unwrap();
        let table = read_sheets(&path).unwrap().remove(0);
        let found: Vec<(u32, String)> = (0..table.height())
            .filter(|&r| !table.is_empty_row(r))
            .map(|r| (table.row_number(r), table.text(r, 0)))
            .collect();
        let expected = [(2, "标题"), (4, "收据编号"), (5, "A\n1"), (8, "A2")];
        assert_eq!(found, expected.map(|(r, t)| (r, t.to_string())));
    }

    #[test]
    fn a_folder_is_named_a_folder_not_an_empty_file() {
        // Windows gives a folder the length 0; Linux 4096 and EISDIR on reading.
        let dir = tempfile::tempdir().unwrap();
        let error = read_sheets(dir.path()).unwrap_err();
        assert!(matches!(error, ImportError::Io { .. }), "{error:?}");
        assert!(error.to_string().contains("这是一个文件夹，不是文件"), "{error}");
    }

    #[test]
    fn from_rows_keeps_row_numbers() {
        let rows = vec![vec![String::new()], vec![String::new(), "收据编号".into()]];
        let table = RawTable::from_rows("t", &rows);
        assert_eq!(table.row_number(1), 2);
        assert_eq!(table.text(1, 1), "收据编号");
        assert_eq!(table.column_letter(1), "B");
    }
}
