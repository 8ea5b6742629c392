//! Bounds on what a file may make us allocate, checked before the spreadsheet library sees it.
//!
//! calamine reads a workbook's shared strings and each cell it is asked for into memory as they
//! are: a 4 MB .xlsx holding four 1 GiB cells made it ask for 6 GB, and a compressed sheet of
//! millions of tiny cells makes gigabytes of cells. So each part of an .xlsx or .ods is checked
//! before calamine opens the file:
//!
//! - its size as the zip declares it must not pass [`MAX_ENTRY_BYTES`]; the zip reader refuses to
//!   unpack more than a part declares, so that bounds what calamine can inflate from it;
//! - an XML part larger than a few tens of megabytes ([`scan_threshold`]: more than could make
//!   calamine allocate 200 MB) is streamed through a 64 KB buffer (never held whole) and refused
//!   when it holds a run of text or one tag longer than [`MAX_CELL_BYTES`] (no cell of a real
//!   list is anywhere near that; Excel itself stops at 32,767 characters), a worksheet more than
//!   [`MAX_CELLS`] cells or the shared strings more strings, or more than [`MAX_ELEMENTS`]
//!   elements in all. Smaller parts cannot hold enough to matter, and are not unpacked twice:
//!   a 100,000-row ledger (a 33 MB sheet) is read once, as before these bounds.
//!
//! A genuine 1,048,576-row ledger (Excel's own limit) of up to 32 filled columns passes; the
//! memory it then takes is that of its cells.

use std::io::{Read, Seek};
use std::path::Path;

use super::error::ImportError;

/// The longest text run or tag in a spreadsheet's XML, and the longest CSV field, in bytes.
pub const MAX_CELL_BYTES: u64 = 1024 * 1024;

/// The most an XML part of an .xlsx or .ods may unpack to.
pub const MAX_ENTRY_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// The most cells one worksheet may have: Excel's 1,048,576 rows of 32 columns.
pub const MAX_CELLS: u64 = 1_048_576 * 32;

/// The most rows a CSV file may have: Excel's own limit, so a file Excel can open passes.
pub const MAX_ROWS: u64 = 1_048_576;

/// The most XML elements in all the parts of one workbook.
pub const MAX_ELEMENTS: u64 = 8 * MAX_CELLS;

/// The largest .xls (or .et) file read: Excel 97 sheets have at most 65,536 rows, so a real one is
/// far smaller; calamine holds the whole file in memory.
pub const MAX_XLS_BYTES: u64 = 128 * 1024 * 1024;

/// The largest CSV file read (a million rows of a wide ledger is a few hundred MB).
pub const MAX_CSV_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// A sheet whose cells spread over more than this many grid cells must fill at least a
/// [`MIN_FILL`]th of them: a stray entry far away (XFD1048576) would otherwise make a grid of
/// billions of empty cells.
pub const MAX_SPARSE_SPAN: u64 = 5_000_000;

/// See [`MAX_SPARSE_SPAN`].
pub const MIN_FILL: u64 = 8;

/// Whether a bounding box of `span` grid cells holding `filled` cells is too sparse to build.
pub fn too_sparse(span: u64, filled: u64) -> bool {
    span > MAX_SPARSE_SPAN && span > filled.saturating_mul(MIN_FILL)
}

/// The box around a sheet's cells and how many of them are filled: what [`too_sparse`] weighs.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Extent {
    pub(crate) top: u32,
    pub(crate) left: u32,
    pub(crate) bottom: u32,
    pub(crate) right: u32,
    pub(crate) filled: u64,
    any: bool,
}

impl Extent {
    /// The box of `positions`, every one a filled cell.
    pub(crate) fn of(positions: impl IntoIterator<Item = (u32, u32)>) -> Extent {
        let mut extent = Extent::default();
        for (row, col) in positions {
            extent.add(row, col, true);
        }
        extent
    }

    /// Takes a cell (`filled` or only present) into the box.
    pub(crate) fn add(&mut self, row: u32, col: u32, filled: bool) {
        if self.any {
            (self.top, self.left) = (self.top.min(row), self.left.min(col));
            (self.bottom, self.right) = (self.bottom.max(row), self.right.max(col));
        } else {
            (self.top, self.left, self.bottom, self.right, self.any) = (row, col, row, col, true);
        }
        self.filled += u64::from(filled);
    }

    /// Whether no cell was taken.
    pub(crate) fn is_empty(&self) -> bool {
        !self.any
    }

    /// How many grid cells the box holds.
    pub(crate) fn span(&self) -> u64 {
        if !self.any {
            return 0;
        }
        (u64::from(self.bottom - self.top) + 1) * (u64::from(self.right - self.left) + 1)
    }

    /// The refusal of a sheet (`None` for a CSV file) whose cells spread too far to lay out as a
    /// grid, naming the box as people read it (`A1:D9`).
    pub(crate) fn refusal(&self, path: &Path, sheet: Option<&str>) -> Option<ImportError> {
        too_sparse(self.span(), self.filled).then(|| ImportError::SheetTooLarge {
            path: path.to_path_buf(),
            sheet: sheet.map(str::to_string),
            span: Some(format!(
                "{}{}:{}{}",
                super::cells::column_letter(self.left as usize),
                self.top + 1,
                super::cells::column_letter(self.right as usize),
                self.bottom + 1
            )),
            cells: self.span(),
        })
    }
}

/// The size above which an XML part of `kind` is streamed through the scan before calamine reads
/// it: what calamine makes of a part this size stays well under 200 MB (a worksheet's cells take
/// about five times their XML, shared strings about three times).
pub const fn scan_threshold(kind: PartKind) -> u64 {
    match kind {
        PartKind::XlsxSheet => 48 * 1024 * 1024,
        PartKind::SharedStrings => 32 * 1024 * 1024,
        PartKind::Other => 16 * 1024 * 1024,
    }
}

/// What the scan of one XML part found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PartStats {
    /// Whether it was streamed through the scan (else only its declared size is known).
    pub scanned: bool,
    /// Bytes it unpacked to (declared, when not scanned).
    pub bytes: u64,
    /// `<c>` elements (cells of an .xlsx sheet), `<si>` (shared strings) or `<table:table-cell>`.
    pub cells: u64,
    /// Any `<f>` element: the sheet has formulas.
    pub formulas: bool,
}

/// Which elements a part's cells are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// An .xlsx worksheet: `<c>` cells, `<f>` formulas.
    XlsxSheet,
    /// The shared strings: `<si>`.
    SharedStrings,
    /// Any other XML part (workbook, styles, relationships; .ods content counts its cells by
    /// itself).
    Other,
}

/// Streams every XML part of a zip-based workbook through the scan, refusing the file at the
/// first bound crossed; returns what was found per part name. Binary parts (pictures, an
/// .xlsb's records) are only measured.
pub fn scan_zip<R: Read + Seek>(path: &Path, reader: R) -> Result<Vec<(String, PartStats)>, ImportError> {
    let unreadable = |detail: String| ImportError::Unreadable { path: path.to_path_buf(), detail };
    let mut zip = zip::ZipArchive::new(reader).map_err(|e| unreadable(e.to_string()))?;
    let mut found = Vec::new();
    let mut elements = 0u64;
    for index in 0..zip.len() {
        let mut entry = zip.by_index(index).map_err(|e| unreadable(e.to_string()))?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_else(|_| format!("#{index}"));
        let lower = name.to_lowercase();
        let xml = lower.ends_with(".xml") || lower.ends_with(".rels");
        let kind = if lower.contains("worksheets/") && xml {
            PartKind::XlsxSheet
        } else if lower.ends_with("sharedstrings.xml") {
            PartKind::SharedStrings
        } else {
            PartKind::Other
        };
        let declared = entry.size();
        if declared > MAX_ENTRY_BYTES {
            return Err(ImportError::Unpacked { path: path.to_path_buf(), part: name });
        }
        let stats = if xml && declared > scan_threshold(kind) {
            PartStats { scanned: true, ..scan_part(path, &name, &mut entry, xml, kind, &mut elements)? }
        } else {
            PartStats { scanned: false, bytes: declared, cells: 0, formulas: false }
        };
        found.push((name, stats));
    }
    Ok(found)
}

/// Streams one part. `xml` parts are checked for long runs and counted; others only measured.
fn scan_part(
    path: &Path,
    name: &str,
    reader: &mut impl Read,
    xml: bool,
    kind: PartKind,
    elements: &mut u64,
) -> Result<PartStats, ImportError> {
    let mut stats = PartStats::default();
    let mut buffer = vec![0u8; 64 * 1024];
    // Bytes since the last `<` (a text run, or a tag's inside), and the tag name being read.
    let mut run: u64 = 0;
    let mut in_tag = false;
    let mut name_buf: Vec<u8> = Vec::with_capacity(32);
    let mut reading_name = false;
    let mut first_in_tag = false;
    loop {
        let n = match reader.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(ImportError::Unreadable { path: path.to_path_buf(), detail: format!("{name}：{e}") });
            }
        };
        stats.bytes += n as u64;
        if stats.bytes > MAX_ENTRY_BYTES {
            return Err(ImportError::Unpacked { path: path.to_path_buf(), part: name.to_string() });
        }
        if !xml {
            continue;
        }
        for &b in &buffer[..n] {
            if b == b'<' {
                run = 0;
                in_tag = true;
                reading_name = true;
                first_in_tag = true;
                name_buf.clear();
                continue;
            }
            run += 1;
            if run > MAX_CELL_BYTES {
                return Err(ImportError::CellTooLarge { path: path.to_path_buf(), part: name.to_string() });
            }
            if !in_tag {
                continue;
            }
            if first_in_tag {
                first_in_tag = false;
                // Closing tags, declarations and comments are no elements.
                if matches!(b, b'/' | b'?' | b'!') {
                    reading_name = false;
                    continue;
                }
            }
            if b == b'>' {
                if reading_name {
                    count_element(&name_buf, kind, &mut stats, elements, path, name)?;
                }
                in_tag = false;
                reading_name = false;
                run = 0;
                continue;
            }
            if reading_name {
                if b.is_ascii_whitespace() || b == b'/' {
                    reading_name = false;
                    count_element(&name_buf, kind, &mut stats, elements, path, name)?;
                } else if name_buf.len() < 32 {
                    name_buf.push(b);
                }
            }
        }
    }
    Ok(stats)
}

/// Counts one element by its (possibly prefixed) name.
fn count_element(
    raw: &[u8],
    kind: PartKind,
    stats: &mut PartStats,
    elements: &mut u64,
    path: &Path,
    part: &str,
) -> Result<(), ImportError> {
    *elements += 1;
    if *elements > MAX_ELEMENTS {
        return Err(ImportError::Unpacked { path: path.to_path_buf(), part: part.to_string() });
    }
    let local = raw.iter().rposition(|&b| b == b':').map_or(raw, |i| &raw[i + 1..]);
    match (kind, local) {
        (PartKind::XlsxSheet, b"c") | (PartKind::SharedStrings, b"si") => {
            stats.cells += 1;
            if stats.cells > MAX_CELLS {
                return Err(ImportError::TooManyCells {
                    path: path.to_path_buf(),
                    sheet: None,
                    part: Some(part.to_string()),
                });
            }
        }
        (PartKind::XlsxSheet, b"f") => stats.formulas = true,
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(xml: &str, kind: PartKind) -> Result<PartStats, ImportError> {
        let mut elements = 0;
        scan_part(Path::new("t.xlsx"), "part.xml", &mut xml.as_bytes(), true, kind, &mut elements)
    }

    #[test]
    fn cells_and_formulas_are_counted() {
        let sheet = r#"<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><f>SUM(A1)</f><v>1</v></c><c r="C1"/></row><cols/><x:c r="D1"/></sheetData></worksheet>"#;
        let stats = scan(sheet, PartKind::XlsxSheet).unwrap();
        assert_eq!(stats.cells, 4);
        assert!(stats.formulas);
        let strings = "<sst><si><t>a</t></si><si><t>b</t></si><?pi x?></sst>";
        assert_eq!(scan(strings, PartKind::SharedStrings).unwrap().cells, 2);
        assert!(!scan("<sst><si><t>f</t></si></sst>", PartKind::XlsxSheet).unwrap().formulas);
    }

    #[test]
    fn a_run_over_a_megabyte_is_refused_without_holding_it() {
        let long = format!("<sst><si><t>{}</t></si></sst>", "堃".repeat(400_000));
        assert!(matches!(scan(&long, PartKind::SharedStrings), Err(ImportError::CellTooLarge { .. })));
        let fits = format!("<sst><si><t>{}</t></si></sst>", "堃".repeat(300_000));
        assert!(scan(&fits, PartKind::SharedStrings).is_ok());
        let attribute = format!("<sst><si a=\"{}\"/></sst>", "x".repeat(1_100_000));
        assert!(matches!(scan(&attribute, PartKind::SharedStrings), Err(ImportError::CellTooLarge { .. })));
    }

    #[test]
    fn sparse_spans_are_told_from_dense_ones() {
        assert!(!too_sparse(4_000_000, 1));
        assert!(too_sparse(17_179_869_184, 9));
        // A genuine million-row ledger of 12 columns, a fifth of its cells empty.
        assert!(!too_sparse(12_000_000, 9_600_000));
    }
}
