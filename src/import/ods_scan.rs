//! An .ods file's `content.xml` walked once before calamine reads it. calamine expands an
//! OpenDocument sheet into a dense grid, repeated cells included (`number-columns-repeated` can
//! repeat one cell 16,384 times over a million repeated rows), so each sheet's filled cells are
//! counted and their bounding box measured here, and the sheet refused before any grid exists.
//! The walk also keeps the text a number cell shows when it shows leading zeros (LibreOffice keeps
//! `00003217` as the number 3217 with a format of eight digits).

use std::collections::HashMap;
use std::io::{BufReader, Read, Seek};
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::error::ImportError;
use super::limits::{MAX_CELLS, too_sparse};

/// What the walk found: per sheet, the number cells shown with leading zeros and their text.
#[derive(Debug, Default)]
pub(crate) struct OdsInfo {
    /// Sheet → (row, column) → the text shown.
    pub padded: HashMap<String, HashMap<(u32, u32), String>>,
}

/// The value of `element`'s attribute named `local` (any prefix), entities resolved.
pub(crate) fn attribute(element: &BytesStart<'_>, local: &str) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

fn repeated(element: &BytesStart<'_>, local: &str) -> u64 {
    attribute(element, local).and_then(|v| v.parse::<u64>().ok()).unwrap_or(1).max(1)
}

/// Walks `content.xml` of the .ods read by `reader`.
pub(crate) fn scan<R: Read + Seek>(path: &Path, reader: R) -> Result<OdsInfo, ImportError> {
    let unreadable = |detail: String| ImportError::Unreadable { path: path.to_path_buf(), detail };
    let mut zip = zip::ZipArchive::new(reader).map_err(|e| unreadable(e.to_string()))?;
    let content = zip.by_name("content.xml").map_err(|e| unreadable(e.to_string()))?;
    let mut xml = Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    let mut info = OdsInfo::default();
    // The sheet being read, and where in it.
    let mut sheet = String::new();
    let (mut row, mut col): (u64, u64) = (0, 0);
    let mut rows_repeated: u64 = 1;
    // The cell being read: repeats, whether it holds a number, its text.
    let mut cell: Option<(u64, bool)> = None;
    let mut text = String::new();
    let mut filled: u64 = 0;
    let mut extent: Option<(u64, u64, u64, u64)> = None;
    let finish_sheet = |sheet: &str, extent: Option<(u64, u64, u64, u64)>, filled: u64| {
        if let Some((top, left, bottom, right)) = extent {
            let span = (bottom - top + 1).saturating_mul(right - left + 1);
            if too_sparse(span, filled) {
                return Err(ImportError::SheetTooLarge {
                    path: path.to_path_buf(),
                    sheet: Some(sheet.to_string()),
                    span: None,
                    cells: span,
                });
            }
        }
        Ok(())
    };
    loop {
        buf.clear();
        let event = xml.read_event_into(&mut buf).map_err(|e| unreadable(e.to_string()))?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e.clone().into_owned()), false),
            Event::Empty(e) => (Some(e.clone().into_owned()), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            match e.local_name().as_ref() {
                "table" => {
                    finish_sheet(&sheet, extent.take(), filled)?;
                    sheet = attribute(&e, "name").unwrap_or_default();
                    (row, col, filled) = (0, 0, 0);
                }
                "table-row" => {
                    rows_repeated = repeated(&e, "number-rows-repeated");
                    col = 0;
                    if empty {
                        row = row.saturating_add(rows_repeated);
                    }
                }
                "table-cell" | "covered-table-cell" => {
                    let cols = repeated(&e, "number-columns-repeated");
                    let value_type = attribute(&e, "value-type");
                    let number = matches!(value_type.as_deref(), Some("float" | "currency" | "percentage"));
                    if empty {
                        if value_type.is_some() {
                            count(&mut filled, &mut extent, row, col, rows_repeated, cols, path, &sheet)?;
                        }
                        col = col.saturating_add(cols);
                    } else {
                        cell = Some((cols, number));
                        text.clear();
                        // A value type alone makes the cell filled, text or not.
                        if value_type.is_some() {
                            text.push('\u{0}');
                        }
                    }
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Text(t) if cell.is_some() && text.len() < 64 => text.push_str(&t.xml10_content()),
            Event::End(e) => match e.local_name().as_ref() {
                "table-cell" | "covered-table-cell" => {
                    if let Some((cols, number)) = cell.take() {
                        let shown = text.trim_start_matches('\u{0}');
                        if !text.is_empty() {
                            count(&mut filled, &mut extent, row, col, rows_repeated, cols, path, &sheet)?;
                        }
                        let padded =
                            shown.len() > 1 && shown.starts_with('0') && shown.bytes().all(|b| b.is_ascii_digit());
                        if number
                            && padded
                            && let (Ok(r), Ok(c)) = (u32::try_from(row), u32::try_from(col))
                        {
                            info.padded.entry(sheet.clone()).or_default().insert((r, c), shown.to_string());
                        }
                        col = col.saturating_add(cols);
                    }
                }
                "table-row" => {
                    row = row.saturating_add(rows_repeated);
                    rows_repeated = 1;
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    finish_sheet(&sheet, extent, filled)?;
    Ok(info)
}

/// Adds a filled (possibly repeated) cell to the sheet's count and extent.
#[allow(clippy::too_many_arguments)]
fn count(
    filled: &mut u64,
    extent: &mut Option<(u64, u64, u64, u64)>,
    row: u64,
    col: u64,
    rows: u64,
    cols: u64,
    path: &Path,
    sheet: &str,
) -> Result<(), ImportError> {
    *filled = filled.saturating_add(rows.saturating_mul(cols));
    if *filled > MAX_CELLS {
        return Err(ImportError::TooManyCells { path: path.to_path_buf(), sheet: Some(sheet.to_string()), part: None });
    }
    let (bottom, right) = (row.saturating_add(rows - 1), col.saturating_add(cols - 1));
    *extent = Some(match *extent {
        None => (row, col, bottom, right),
        Some((t, l, b, r)) => (t.min(row), l.min(col), b.max(bottom), r.max(right)),
    });
    Ok(())
}
