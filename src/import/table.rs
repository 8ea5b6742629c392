//! Reading a file into a grid of typed cells. The format is decided by the bytes, not only by the
//! name: units rename files, and some case systems save web pages as `.xls`. Spreadsheets go
//! through calamine and keep their cell types (numbers, dates); CSV text is decoded first
//! (UTF-8 with or without BOM, UTF-16 with BOM, else GB18030, which covers GBK) and every field
//! becomes a text cell.

use std::borrow::Cow;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Ods, Range, Reader, SheetType, SheetVisible, Sheets, Xls, Xlsb, Xlsx, open_workbook_from_rs};

use super::ImportKind;
use super::cells::{display_text, is_blank};
use super::columns::find_header;
use super::error::ImportError;

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
}

impl RawTable {
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
            range: grid(cells),
            source: source.to_string(),
            sheet: None,
            format: SourceFormat::Memory,
            formulas: Default::default(),
        }
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

fn column_letter(mut col: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(char::from(b'A' + (col % 26) as u8));
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.iter().rev().collect()
}

/// Reads the file at `path` for an import of `kind`. For a workbook, the first visible worksheet
/// whose header is recognised for `kind` is taken, else the first visible worksheet with data.
pub fn read_table(path: &Path, kind: ImportKind) -> Result<RawTable, ImportError> {
    let bytes = std::fs::read(path)
        .map_err(|e| ImportError::Io { path: path.to_path_buf(), reason: crate::io_text::reason_at(&e, path) })?;
    read_table_bytes(path, &bytes, kind)
}

/// Reads `bytes`, the content of the file at `path` (which names it in messages and gives its
/// extension), for an import of `kind`; see [`read_table`].
pub fn read_table_bytes(path: &Path, bytes: &[u8], kind: ImportKind) -> Result<RawTable, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::EmptyFile(path.to_path_buf()));
    }
    let source = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let table = match sniff(bytes, &extension) {
        Sniffed::Zip => {
            let format = match extension.as_str() {
                "ods" => SourceFormat::Ods,
                "xlsb" => SourceFormat::Xlsb,
                _ => SourceFormat::Xlsx,
            };
            read_workbook_safely(path, bytes, format, kind)?
        }
        Sniffed::Ole => {
            check_compound_file(path, bytes)?;
            read_workbook_safely(path, bytes, SourceFormat::Xls, kind)?
        }
        Sniffed::Html => return Err(ImportError::HtmlDisguised(path.to_path_buf())),
        Sniffed::Text => read_csv(path, bytes, &extension)?,
        Sniffed::NotSpreadsheet => return Err(unreadable(path, "文件内容不是 Excel、WPS 或 OpenDocument 表格格式")),
        Sniffed::Other => return Err(ImportError::Unsupported(path.to_path_buf())),
    };
    if table.is_empty() {
        return Err(ImportError::NoData(path.to_path_buf()));
    }
    Ok(RawTable { source, ..table })
}

enum Sniffed {
    Zip,
    Ole,
    Html,
    Text,
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
    if lower.starts_with("<?xml") && matches!(extension, "xls" | "xlsx") {
        // SpreadsheetML 2003 or an HTML export: neither is a workbook calamine reads.
        return Sniffed::Html;
    }
    match extension {
        "csv" | "txt" | "tsv" => Sniffed::Text,
        "xls" | "xlsx" | "xlsm" | "xlsb" | "ods" | "et" => Sniffed::NotSpreadsheet,
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

/// Checks the structure of an .xls file (an OLE compound file) with the `cfb` crate before
/// calamine reads it: sector tables, directory and every stream's chain must be sound and no
/// stream larger than the file. calamine follows a looping chain until memory runs out.
fn check_compound_file(path: &Path, bytes: &[u8]) -> Result<(), ImportError> {
    let damaged = |detail: String| unreadable(path, format!("复合文档结构错误：{detail}"));
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| damaged(e.to_string()))?;
    let streams: Vec<(std::path::PathBuf, u64)> =
        file.walk().filter(|e| e.is_stream()).map(|e| (e.path().to_path_buf(), e.len())).collect();
    for (stream, len) in streams {
        if len > bytes.len() as u64 {
            return Err(damaged(format!("{} 声称长 {len} 字节，超过文件本身", stream.display())));
        }
        let mut reader = file.open_stream(&stream).map_err(|e| damaged(e.to_string()))?;
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut reader, &mut data).map_err(|e| damaged(e.to_string()))?;
        if stream.file_name().is_some_and(|n| n == "Workbook" || n == "Book") {
            check_biff_cells(&data).map_err(|e| unreadable(path, format!("工作簿内容错误：{e}")))?;
        }
    }
    Ok(())
}

/// Every cell record of an Excel 97 workbook stream must lie on the sheet (256 columns; rows
/// are 16-bit already): calamine makes a grid as large as the farthest cell, and a damaged
/// column number asked it for 96 GB (found by fuzzing).
fn check_biff_cells(stream: &[u8]) -> Result<(), String> {
    let u16_at = |b: &[u8], i: usize| b.get(i..i + 2).map(|x| u16::from_le_bytes([x[0], x[1]]));
    let mut at = 0;
    while let (Some(kind), Some(len)) = (u16_at(stream, at), u16_at(stream, at + 2)) {
        let Some(body) = stream.get(at + 4..at + 4 + len as usize) else { break };
        // FORMULA, LABELSST, NUMBER, RK, BLANK, BOOLERR, LABEL, RSTRING; MULRK and MULBLANK
        // also name their last column in their last two bytes.
        if matches!(kind, 0x0006 | 0x00FD | 0x0203 | 0x027E | 0x0201 | 0x0205 | 0x0204 | 0x00D6 | 0x00BD | 0x00BE) {
            let first = u16_at(body, 2).unwrap_or(0);
            let last = if matches!(kind, 0x00BD | 0x00BE) {
                body.len().checked_sub(2).and_then(|i| u16_at(body, i)).unwrap_or(first)
            } else {
                first
            };
            if first.max(last) >= 256 || last < first {
                return Err(format!("单元格的列号 {} 超出 Excel 97 工作表的 256 列", first.max(last)));
            }
        }
        at += 4 + len as usize;
    }
    Ok(())
}

fn unreadable(path: &Path, detail: impl std::fmt::Display) -> ImportError {
    ImportError::Unreadable { path: path.to_path_buf(), detail: detail.to_string() }
}

thread_local! {
    /// Set while a spreadsheet is read under [`read_workbook_safely`]: its panics are caught and
    /// reported as a damaged file, so they are not printed as crashes.
    static QUIET_PANICS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Reads a workbook; a panic inside the spreadsheet library (seen on damaged .xls files) is a
/// damaged file, not a crash.
fn read_workbook_safely(
    path: &Path,
    bytes: &[u8],
    format: SourceFormat,
    kind: ImportKind,
) -> Result<RawTable, ImportError> {
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
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_workbook(path, bytes, format, kind)));
    QUIET_PANICS.with(|q| q.set(false));
    result.unwrap_or_else(|_| Err(unreadable(path, "文件已损坏，读取时出错")))
}

fn read_workbook(path: &Path, bytes: &[u8], format: SourceFormat, kind: ImportKind) -> Result<RawTable, ImportError> {
    // A borrowed cursor: cheap to clone for a second attempt, and cells come out owned.
    let cursor = Cursor::new(bytes);
    let mut workbook: Sheets<Cursor<&[u8]>> = match format {
        SourceFormat::Xls => Sheets::Xls(open_workbook_from_rs::<Xls<_>, _>(cursor).map_err(|e| unreadable(path, e))?),
        SourceFormat::Xlsb => {
            Sheets::Xlsb(open_workbook_from_rs::<Xlsb<_>, _>(cursor).map_err(|e| unreadable(path, e))?)
        }
        SourceFormat::Ods => Sheets::Ods(open_workbook_from_rs::<Ods<_>, _>(cursor).map_err(|e| match e {
            // calamine's own limit for .ods (100 million cells), said in our words.
            calamine::OdsError::CellLimitExceeded { requested, .. } => ImportError::SheetTooLarge {
                path: path.to_path_buf(),
                sheet: None,
                span: None,
                cells: requested as u64,
            },
            e => unreadable(path, e),
        })?),
        _ => match open_workbook_from_rs::<Xlsx<_>, _>(cursor.clone()) {
            Ok(xlsx) => Sheets::Xlsx(xlsx),
            // A zip that is not xlsx may be an .ods with the wrong name.
            Err(xlsx_error) => match open_workbook_from_rs::<Ods<_>, _>(cursor) {
                Ok(ods) => Sheets::Ods(ods),
                Err(_) => return Err(unreadable(path, xlsx_error)),
            },
        },
    };
    let format = match workbook {
        Sheets::Xls(_) => SourceFormat::Xls,
        Sheets::Xlsx(_) => SourceFormat::Xlsx,
        Sheets::Xlsb(_) => SourceFormat::Xlsb,
        Sheets::Ods(_) => SourceFormat::Ods,
    };
    let sheets: Vec<String> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    let mut first_with_data: Option<RawTable> = None;
    for name in sheets {
        // An .xlsx or .xlsb sheet is read cell by cell, so a stray entry at XFD1048576 is refused
        // with a message instead of calamine filling a grid of 17 billion cells.
        let table = match &mut workbook {
            Sheets::Xlsx(xlsx) => xlsx_table(path, xlsx, &name)?,
            Sheets::Xlsb(xlsb) => xlsb_table(path, xlsb, &name)?,
            other => grid_table(path, other, name, format)?,
        };
        if table.is_empty() {
            continue;
        }
        if find_header(kind, &table, None).recognised {
            return Ok(table);
        }
        if first_with_data.is_none() {
            first_with_data = Some(table);
        }
    }
    first_with_data.ok_or_else(|| ImportError::NoData(path.to_path_buf()))
}

/// Reads a worksheet of the other formats through calamine's grid: values and formulas.
fn grid_table(
    path: &Path,
    workbook: &mut Sheets<Cursor<&[u8]>>,
    name: String,
    format: SourceFormat,
) -> Result<RawTable, ImportError> {
    let range = workbook.worksheet_range(&name).map_err(|e| unreadable(path, e))?;
    let mut formulas = std::collections::HashMap::new();
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
    Ok(RawTable { range, source: String::new(), sheet: Some(name), format, formulas })
}

/// The most cells a worksheet may span (rows × columns of the box around its cells): 100k rows
/// of 50 columns. The grid takes about 32 bytes a cell.
const MAX_GRID_CELLS: u64 = 5_000_000;

/// Reads an .xlsx worksheet cell by cell: its values and formulas, refusing a sheet whose cells
/// span more than [`MAX_GRID_CELLS`] before any grid is made.
fn xlsx_table(path: &Path, xlsx: &mut Xlsx<Cursor<&[u8]>>, name: &str) -> Result<RawTable, ImportError> {
    // One pass over the sheet's XML for values and formulas alike.
    let mut cells: Vec<calamine::Cell<Data>> = Vec::new();
    let mut formula_cells: Formulas = Vec::new();
    let mut reader = xlsx.worksheet_cells_reader(name).map_err(|e| unreadable(path, e))?;
    while let Some(cell) = reader.next_cell_with_formula().map_err(|e| unreadable(path, e))? {
        if !matches!(cell.value, calamine::DataRef::Empty) {
            cells.push(calamine::Cell::new(cell.pos, Data::from(cell.value)));
        }
        if let Some(formula) = cell.formula.filter(|f| !f.is_empty()) {
            formula_cells.push((cell.pos, formula));
        }
    }
    sparse_table(path, name, SourceFormat::Xlsx, cells, formula_cells)
}

/// Reads an .xlsb worksheet cell by cell (values, then formulas), as [`xlsx_table`].
fn xlsb_table(path: &Path, xlsb: &mut Xlsb<Cursor<&[u8]>>, name: &str) -> Result<RawTable, ImportError> {
    let mut cells: Vec<calamine::Cell<Data>> = Vec::new();
    let mut reader = xlsb.worksheet_cells_reader(name).map_err(|e| unreadable(path, e))?;
    while let Some(cell) = reader.next_cell().map_err(|e| unreadable(path, e))? {
        if !matches!(cell.get_value(), calamine::DataRef::Empty) {
            cells.push(calamine::Cell::new(cell.get_position(), Data::from(cell.get_value().clone())));
        }
    }
    drop(reader);
    // Formulas only add warnings; calamine cannot decode every .xlsb formula, and a sheet whose
    // formulas it cannot read is read for its values, as calamine's grid did.
    let formula_cells = xlsb_formulas(xlsb, name).unwrap_or_default();
    sparse_table(path, name, SourceFormat::Xlsb, cells, formula_cells)
}

/// Formulas by their position in the sheet.
type Formulas = Vec<((u32, u32), String)>;

fn xlsb_formulas(xlsb: &mut Xlsb<Cursor<&[u8]>>, name: &str) -> Result<Formulas, calamine::XlsbError> {
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
/// they span more than [`MAX_GRID_CELLS`].
fn sparse_table(
    path: &Path,
    name: &str,
    format: SourceFormat,
    cells: Vec<calamine::Cell<Data>>,
    formula_cells: Formulas,
) -> Result<RawTable, ImportError> {
    let positions = cells.iter().map(calamine::Cell::get_position).chain(formula_cells.iter().map(|(p, _)| *p));
    let (mut top, mut left, mut bottom, mut right) = (u32::MAX, u32::MAX, 0, 0);
    for (r, c) in positions {
        (top, left, bottom, right) = (top.min(r), left.min(c), bottom.max(r), right.max(c));
    }
    if !cells.is_empty() || !formula_cells.is_empty() {
        let span = (u64::from(bottom - top) + 1) * (u64::from(right - left) + 1);
        if span > MAX_GRID_CELLS {
            return Err(ImportError::SheetTooLarge {
                path: path.to_path_buf(),
                sheet: Some(name.to_string()),
                span: Some(format!(
                    "{}{}:{}{}",
                    column_letter(left as usize),
                    top + 1,
                    column_letter(right as usize),
                    bottom + 1
                )),
                cells: span,
            });
        }
    }
    let range = Range::from_sparse(cells);
    let mut formulas = std::collections::HashMap::new();
    if let Some((top, left)) = range.start() {
        for ((row, col), formula) in formula_cells {
            if row >= top && col >= left {
                formulas.insert(((row - top) as usize, (col - left) as usize), formula);
            }
        }
    }
    Ok(RawTable { range, source: String::new(), sheet: Some(name.to_string()), format, formulas })
}

/// Decodes CSV bytes: a BOM decides; else valid UTF-8 is UTF-8; else GB18030 (a superset of GBK
/// and GB2312), and if that fails too the encoding is refused rather than guessed.
fn decode(path: &Path, bytes: &[u8]) -> Result<(Cow<'static, str>, &'static str), ImportError> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(ImportError::Encoding(path.to_path_buf()));
        }
        return Ok((Cow::Owned(text.into_owned()), encoding.name()));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((Cow::Owned(text.to_string()), "UTF-8"));
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(ImportError::Encoding(path.to_path_buf()));
    }
    Ok((Cow::Owned(text.into_owned()), "GB18030"))
}

fn read_csv(path: &Path, bytes: &[u8], extension: &str) -> Result<RawTable, ImportError> {
    let (text, encoding) = decode(path, bytes)?;
    let delimiter = if extension == "tsv" { b'\t' } else { guess_delimiter(&text) };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut cells = Vec::new();
    let mut record = csv::StringRecord::new();
    // Grid row of the next record.
    let mut row: u32 = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(unreadable(path, e)),
        }
        // The reader skips blank lines, but a spreadsheet opening the file shows them as empty
        // rows: count them, so row numbers match what the user sees. A record's position is
        // where the reader started looking for it, before the blank lines it skipped. (A line
        // break inside a quoted field stays within one row, as in Excel.)
        let start = record.position().map_or(usize::MAX, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        let mut blank_lines = text
            .get(start..)
            .map_or(0, |rest| rest.bytes().take_while(|b| matches!(b, b'\n' | b'\r')).filter(|b| *b == b'\n').count());
        // After `\r\n` the reader stops between the two: that `\n` ends the previous line.
        let bytes = text.as_bytes();
        if start > 0 && bytes.get(start - 1) == Some(&b'\r') && bytes.get(start) == Some(&b'\n') {
            blank_lines = blank_lines.saturating_sub(1);
        }
        row = row.saturating_add(to_u32(blank_lines));
        for (col, field) in record.iter().enumerate() {
            let field = field.trim();
            if !field.is_empty() {
                cells.push(calamine::Cell::new((row, to_u32(col)), Data::String(field.to_string())));
            }
        }
        row = row.saturating_add(1);
    }
    let range = grid(cells);
    Ok(RawTable {
        range,
        source: String::new(),
        sheet: None,
        format: SourceFormat::Csv { encoding },
        formulas: Default::default(),
    })
}

/// Comma, unless the first lines have more tabs (Excel's 文本文件(制表符分隔)) or semicolons.
fn guess_delimiter(text: &str) -> u8 {
    let head: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(10).collect();
    let count = |c: char| head.iter().map(|line| line.chars().filter(|&x| x == c).count()).sum::<usize>();
    let (commas, tabs, semicolons) = (count(','), count('\t'), count(';'));
    if tabs > commas && tabs >= semicolons {
        b'\t'
    } else if semicolons > commas && semicolons > tabs {
        b';'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn delimiters() {
        assert_eq!(guess_delimiter("a,b,c\n1,2,3"), b',');
        assert_eq!(guess_delimiter("\n\na\tb\tc\n"), b'\t');
        assert_eq!(guess_delimiter("a;b;c"), b';');
    }

    #[test]
    fn decodes_every_encoding() {
        let path = Path::new("x.csv");
        let text = "收据编号,金额\n鲅0001,1500\n";
        assert_eq!(decode(path, text.as_bytes()).unwrap(), (Cow::Owned(text.to_string()), "UTF-8"));
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(decode(path, &bom).unwrap().0, text);
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(decode(path, &gbk).unwrap(), (Cow::Owned(text.to_string()), "GB18030"));
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(decode(path, &utf16).unwrap(), (Cow::Owned(text.to_string()), "UTF-16LE"));
        // Not UTF-8 and not valid GB18030 either.
        assert!(matches!(decode(path, &[0x81, 0x20, 0xFF, 0x30]), Err(ImportError::Encoding(_))));
    }

    #[test]
    fn sniffs_by_content() {
        assert!(matches!(sniff(b"PK\x03\x04rest", "csv"), Sniffed::Zip));
        assert!(matches!(sniff(b"  <html><table>", "xls"), Sniffed::Html));
        assert!(matches!(sniff(b"a,b\n1,2", "csv"), Sniffed::Text));
        assert!(matches!(sniff(b"a,b\n1,2", ""), Sniffed::Text));
        assert!(matches!(sniff(b"not a workbook", "xlsx"), Sniffed::NotSpreadsheet));
        assert!(matches!(sniff(&[0x00, 0x01, 0x02], "bin"), Sniffed::Other));
    }

    #[test]
    fn csv_row_numbers_count_blank_lines_as_a_spreadsheet_does() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, "\n标题\r\n\r\n收据编号,金额\n\"A\n1\",1\n\n\nA2,2\n").unwrap();
        let table = read_csv(&path, &std::fs::read(&path).unwrap(), "csv").unwrap();
        let found: Vec<(u32, String)> = (0..table.height())
            .filter(|&r| !table.is_empty_row(r))
            .map(|r| (table.row_number(r), table.text(r, 0)))
            .collect();
        let expected = [(2, "标题"), (4, "收据编号"), (5, "A\n1"), (8, "A2")];
        assert_eq!(found, expected.map(|(r, t)| (r, t.to_string())));
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
