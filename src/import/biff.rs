//! An .xls (or WPS .et) file read before calamine sees it. Such a file is an OLE compound file
//! holding a `Workbook` stream of BIFF8 records; its structure is checked with the `cfb` crate (a
//! damaged sector table made calamine follow a chain in a loop until memory ran out), and one walk
//! over the records finds
//!
//! - every cell's position, refusing a column past the sheet's 256 (calamine makes a grid as
//!   large as the farthest cell: a damaged column number asked for 96 GB) and a sheet whose
//!   cells spread far wider than they fill;
//! - the number format of every number cell, so that a receipt number typed as a number and
//!   shown with leading zeros (format `00000000`: `00003217`) is read as it is shown, as the
//!   same list saved as CSV reads.
//!
//! A compound file that holds a Word document instead of a workbook is told apart here too.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

use super::error::ImportError;
use super::limits::Extent;
use super::numfmt::ZeroPad;

/// What the walk found in a workbook: per sheet name, the number cells shown zero-padded.
#[derive(Debug, Default)]
pub(crate) struct XlsInfo {
    /// Sheet → (row, column) → how the number is shown.
    pub padded: HashMap<String, HashMap<(u32, u32), ZeroPad>>,
}

/// Checks the compound file and its workbook stream. A Word or WPS 文字 document (a
/// `WordDocument` stream and no workbook) is said to be one.
pub(crate) fn check(path: &Path, bytes: &[u8]) -> Result<XlsInfo, ImportError> {
    let damaged = |detail: String| unreadable(path, format!("复合文档结构错误：{detail}"));
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| damaged(e.to_string()))?;
    let streams: Vec<(std::path::PathBuf, u64)> =
        file.walk().filter(|e| e.is_stream()).map(|e| (e.path().to_path_buf(), e.len())).collect();
    let named = |wanted: &[&str]| {
        streams.iter().any(|(p, _)| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| wanted.contains(&n)))
    };
    if !named(&["Workbook", "Book", "WORKBOOK", "BOOK"]) {
        if named(&["WordDocument"]) {
            return Err(ImportError::NotATable { path: path.to_path_buf(), what: "Word 或 WPS 文字文档" });
        }
        if named(&["PowerPoint Document"]) {
            return Err(ImportError::NotATable {
                path: path.to_path_buf(),
                what: "演示文稿（PowerPoint 或 WPS 演示）",
            });
        }
    }
    let mut info = XlsInfo::default();
    for (stream, len) in streams {
        if len > bytes.len() as u64 {
            return Err(damaged(format!("{} 声称长 {len} 字节，超过文件本身", stream.display())));
        }
        let mut reader = file.open_stream(&stream).map_err(|e| damaged(e.to_string()))?;
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut reader, &mut data).map_err(|e| damaged(e.to_string()))?;
        if stream.file_name().is_some_and(|n| n == "Workbook" || n == "Book") {
            info = walk(path, &data).map_err(|e| match e {
                Walk::Damaged(detail) => unreadable(path, format!("工作簿内容错误：{detail}")),
                Walk::Refused(error) => error,
            })?;
        }
    }
    Ok(info)
}

fn unreadable(path: &Path, detail: impl std::fmt::Display) -> ImportError {
    ImportError::Unreadable { path: path.to_path_buf(), detail: detail.to_string() }
}

enum Walk {
    Damaged(String),
    Refused(ImportError),
}

/// Walks the records of a BIFF8 workbook stream.
fn walk(path: &Path, stream: &[u8]) -> Result<XlsInfo, Walk> {
    let u16_at = |b: &[u8], i: usize| b.get(i..i + 2).map(|x| u16::from_le_bytes([x[0], x[1]]));
    let u32_at = |b: &[u8], i: usize| b.get(i..i + 4).map(|x| u32::from_le_bytes([x[0], x[1], x[2], x[3]]));
    // Sheet substreams by the offset of their BOF record.
    let mut sheet_at: HashMap<u32, String> = HashMap::new();
    let mut formats: HashMap<u16, String> = HashMap::new();
    let mut xf_formats: Vec<u16> = Vec::new();
    // Number cells by sheet, with their XF index.
    let mut numbers: HashMap<String, Vec<(u32, u32, u16)>> = HashMap::new();
    let mut extents: HashMap<String, Extent> = HashMap::new();
    let mut current: Option<String> = None;
    let mut at = 0;
    while let (Some(kind), Some(len)) = (u16_at(stream, at), u16_at(stream, at + 2)) {
        let Some(body) = stream.get(at + 4..at + 4 + len as usize) else { break };
        match kind {
            // BOF: a sheet's substream starts here (the globals' has no BOUNDSHEET).
            0x0809 => current = u32::try_from(at).ok().and_then(|offset| sheet_at.get(&offset).cloned()),
            // BOUNDSHEET8: where a sheet starts, and its name.
            0x0085 => {
                if let (Some(offset), Some(name)) = (u32_at(body, 0), short_string(body.get(6..).unwrap_or(&[]))) {
                    sheet_at.insert(offset, name);
                }
            }
            // FORMAT: a number format code.
            0x041E => {
                if let (Some(id), Some(code)) = (u16_at(body, 0), long_string(body.get(2..).unwrap_or(&[]))) {
                    formats.insert(id, code);
                }
            }
            // XF: a cell format; its number format is at offset 2.
            0x00E0 => xf_formats.push(u16_at(body, 2).unwrap_or(0)),
            _ => {}
        }
        // FORMULA, LABELSST, NUMBER, RK, BLANK, BOOLERR, LABEL, RSTRING; MULRK and MULBLANK
        // also name their last column in their last two bytes.
        if matches!(kind, 0x0006 | 0x00FD | 0x0203 | 0x027E | 0x0201 | 0x0205 | 0x0204 | 0x00D6 | 0x00BD | 0x00BE) {
            let row = u32::from(u16_at(body, 0).unwrap_or(0));
            let first = u16_at(body, 2).unwrap_or(0);
            let last = if matches!(kind, 0x00BD | 0x00BE) {
                body.len().checked_sub(2).and_then(|i| u16_at(body, i)).unwrap_or(first)
            } else {
                first
            };
            if first.max(last) >= 256 || last < first {
                return Err(Walk::Damaged(format!("单元格的列号 {} 超出 Excel 97 工作表的 256 列", first.max(last))));
            }
            if let Some(sheet) = &current {
                let extent = extents.entry(sheet.clone()).or_default();
                let filled = !matches!(kind, 0x0201 | 0x00BE);
                extent.add(row, u32::from(first), filled);
                extent.add(row, u32::from(last), false);
                if matches!(kind, 0x00BD) {
                    extent.filled += u64::from(last - first);
                }
                let cells = numbers.entry(sheet.clone()).or_default();
                match kind {
                    0x0203 | 0x027E => cells.push((row, u32::from(first), u16_at(body, 4).unwrap_or(0))),
                    0x00BD => {
                        for (i, col) in (first..=last).enumerate() {
                            if let Some(xf) = u16_at(body, 4 + i * 6) {
                                cells.push((row, u32::from(col), xf));
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        at += 4 + len as usize;
    }
    for (sheet, extent) in &extents {
        if let Some(refusal) = extent.refusal(path, Some(sheet)) {
            return Err(Walk::Refused(refusal));
        }
    }
    // Which XF indices show numbers zero-padded.
    let pads: Vec<Option<ZeroPad>> =
        xf_formats.iter().map(|ifmt| formats.get(ifmt).and_then(|code| ZeroPad::from_format(code))).collect();
    let mut info = XlsInfo::default();
    if pads.iter().any(Option::is_some) {
        for (sheet, cells) in numbers {
            let padded: HashMap<(u32, u32), ZeroPad> = cells
                .into_iter()
                .filter_map(|(row, col, xf)| pads.get(xf as usize).cloned().flatten().map(|pad| ((row, col), pad)))
                .collect();
            if !padded.is_empty() {
                info.padded.insert(sheet, padded);
            }
        }
    }
    Ok(info)
}

/// A BIFF8 ShortXLUnicodeString: length (1 byte), flags, characters.
fn short_string(b: &[u8]) -> Option<String> {
    let len = usize::from(*b.first()?);
    chars(b.get(1..)?, len)
}

/// A BIFF8 XLUnicodeString: length (2 bytes), flags, characters.
fn long_string(b: &[u8]) -> Option<String> {
    let len = usize::from(u16::from_le_bytes([*b.first()?, *b.get(1)?]));
    chars(b.get(2..)?, len)
}

/// Flags byte, then `len` characters: one byte each, or UTF-16LE when the flag's bit 0 is set.
fn chars(b: &[u8], len: usize) -> Option<String> {
    let flags = *b.first()?;
    let body = b.get(1..)?;
    if flags & 1 == 0 {
        Some(body.get(..len)?.iter().map(|&c| char::from(c)).collect())
    } else {
        let units: Vec<u16> = body.get(..len * 2)?.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        String::from_utf16(&units).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_of_both_widths() {
        assert_eq!(short_string(&[3, 0, b'a', b'b', b'c']).as_deref(), Some("abc"));
        assert_eq!(long_string(&[2, 0, 1, 0x74, 0x5E, 0xF7, 0x53]).as_deref(), Some("年号"));
        assert_eq!(long_string(&[8, 0, 0, b'0', b'0']), None, "cut short");
    }
}
