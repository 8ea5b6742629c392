//! Which columns of an .xlsx workbook's worksheets are hidden (`<col min max hidden="1">` before
//! the sheet's data), which calamine 0.38 does not say. A unit's file may keep an old or helper
//! column hidden beside the one shown with the same header (two 金额); the import prefers the
//! column shown and says which it read. Best effort: a part that cannot be read hides nothing.
//! Also the regions a worksheet merges ([`merged_regions`]), found without reading it as XML.

use std::collections::HashMap;
use std::io::{BufReader, Read, Seek};

use quick_xml::Reader;
use quick_xml::events::Event;

use super::ods_scan::attribute;

/// The widest column index of a worksheet (XFD).
const MAX_COLUMN: usize = 16_384;

/// The elements named `local` of a small XML part, as their attributes' values asked for.
fn elements<R: Read>(part: R, local: &str, names: &[&str]) -> Vec<Vec<Option<String>>> {
    let mut xml = Reader::from_reader(BufReader::new(part));
    let mut buf = Vec::new();
    let mut out = Vec::new();
    loop {
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == local => {
                out.push(names.iter().map(|n| attribute(&e, n)).collect());
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

/// Each worksheet's name and the zip part that holds it.
fn sheet_parts<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Vec<(String, String)> {
    let sheets = match zip.by_name("xl/workbook.xml") {
        Ok(part) => elements(part, "sheet", &["name", "id"]),
        Err(_) => return Vec::new(),
    };
    let targets: HashMap<String, String> = match zip.by_name("xl/_rels/workbook.xml.rels") {
        Ok(part) => elements(part, "Relationship", &["Id", "Target"])
            .into_iter()
            .filter_map(|mut v| Some((v[0].take()?, v[1].take()?)))
            .collect(),
        Err(_) => return Vec::new(),
    };
    sheets
        .into_iter()
        .filter_map(|mut sheet| {
            let (name, id) = (sheet[0].take()?, sheet[1].take()?);
            let target = targets.get(&id)?;
            let part = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("xl/{target}"),
            };
            Some((name, part))
        })
        .collect()
}

/// Worksheet name → the (0-based, absolute) indices of its hidden columns, for the worksheets
/// that have any.
pub(crate) fn hidden_columns<R: Read + Seek>(reader: R) -> HashMap<String, Vec<usize>> {
    let mut found = HashMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(reader) else { return found };
    for (name, part) in sheet_parts(&mut zip) {
        let Ok(entry) = zip.by_name(&part) else { continue };
        let hidden = sheet_hidden_columns(entry);
        if !hidden.is_empty() {
            found.insert(name, hidden);
        }
    }
    found
}

/// The merged regions of worksheet `sheet` (positions in the sheet, 0-based), found by searching
/// its part's bytes for `mergeCell` elements rather than reading it as XML: they come after every
/// cell, and the import reads the cells another way, so this pass only unpacks the part and looks
/// (about a third of calamine's `merge_cells_by_sheet_name`). `None` if the part cannot be read.
pub(crate) fn merged_regions<R: Read + Seek>(reader: R, sheet: &str) -> Option<Vec<calamine::Dimensions>> {
    let mut zip = zip::ZipArchive::new(reader).ok()?;
    let (_, part) = sheet_parts(&mut zip).into_iter().find(|(name, _)| name == sheet)?;
    let mut entry = zip.by_name(&part).ok()?;
    let finder = memchr::memmem::Finder::new(b"mergeCell ");
    let mut regions = Vec::new();
    // A chunk, after the end of the one before it that a match could still start in.
    const KEEP: usize = 256;
    let mut buf = vec![0u8; 1 << 16];
    let mut kept = 0;
    loop {
        let read = entry.read(&mut buf[kept..]).ok()?;
        let filled = kept + read;
        let chunk = &buf[..filled];
        let mut next = 0;
        for at in finder.find_iter(chunk) {
            // `<mergeCell ref="B5:B7"/>` (or `<x:mergeCell …`), wholly in this chunk.
            let Some(end) = memchr::memchr(b'>', &chunk[at..]).map(|e| at + e) else {
                break;
            };
            let opened = at > 0 && matches!(chunk[at - 1], b'<' | b':');
            if opened && let Some(region) = region_of(&chunk[at..end]) {
                regions.push(region);
            }
            next = end;
        }
        if read == 0 {
            break;
        }
        // Keep the tail a match may have been cut in, unless a match already ended there.
        let tail = filled.saturating_sub(KEEP).max(next);
        buf.copy_within(tail..filled, 0);
        kept = filled - tail;
    }
    Some(regions)
}

/// The region of a `mergeCell` element's `ref="B5:B7"`.
fn region_of(element: &[u8]) -> Option<calamine::Dimensions> {
    let at = memchr::memmem::find(element, b"ref=")?;
    let value = &element[at + 4..];
    let quote = *value.first()?;
    let value = &value[1..];
    let value = &value[..memchr::memchr(quote, value)?];
    let text = std::str::from_utf8(value).ok()?;
    let (start, end) = text.split_once(':').unwrap_or((text, text));
    Some(calamine::Dimensions { start: cell_position(start)?, end: cell_position(end)? })
}

/// `B5` as (row, column) from 0: (4, 1).
fn cell_position(reference: &str) -> Option<(u32, u32)> {
    let reference = reference.trim().replace('$', "");
    let digits = reference.find(|c: char| c.is_ascii_digit())?;
    let (letters, number) = reference.split_at(digits);
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let col = letters.chars().try_fold(0u32, |n, c| {
        c.is_ascii_alphabetic().then(|| n * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1))
    })?;
    let row: u32 = number.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

/// The hidden columns of one worksheet part: its `<cols>`, read up to `<sheetData>`.
fn sheet_hidden_columns<R: Read>(part: R) -> Vec<usize> {
    let mut xml = Reader::from_reader(BufReader::new(part));
    let mut buf = Vec::new();
    let mut hidden = Vec::new();
    loop {
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                "sheetData" => break,
                "col" => {
                    let on = attribute(&e, "hidden").is_some_and(|v| v == "1" || v == "true");
                    let number = |n: &str| attribute(&e, n).and_then(|v| v.parse::<usize>().ok());
                    if let (true, Some(min), Some(max)) = (on, number("min"), number("max")) {
                        let (min, max) = (min.max(1), max.min(MAX_COLUMN));
                        hidden.extend((min..=max).map(|c| c - 1));
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    hidden
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use calamine::Xlsx;

    /// The regions found in the part's bytes are calamine's, in order — with enough of them that
    /// the list runs over many of the search's chunks (and so is cut at their ends), on sheets
    /// with a title, cells merged down, across and both, past column Z.
    #[test]
    fn merged_regions_found_in_the_bytes_are_calamines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("合并.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let format = rust_xlsxwriter::Format::new();
        for sheet_no in 0..2u32 {
            let sheet = book.add_worksheet();
            sheet.set_name(format!("表{sheet_no}")).unwrap();
            sheet.merge_range(0, 0, 0, 8, "标题", &format).unwrap();
            for i in 0..6_000u32 {
                let row = 2 + i * 3 + sheet_no;
                let col = u16::try_from(i % 40).unwrap();
                match i % 3 {
                    0 => sheet.merge_range(row, col, row + 1, col, "下", &format),
                    1 => sheet.merge_range(row, col, row, col + 2, "右", &format),
                    _ => sheet.merge_range(row, col, row + 2, col + 1, "块", &format),
                }
                .unwrap();
            }
        }
        book.save(&path).unwrap();
        let mut xlsx: Xlsx<_> = calamine::open_workbook(&path).unwrap();
        for name in ["表0", "表1"] {
            let theirs = xlsx.merge_cells_by_sheet_name(name).unwrap();
            let ours = super::merged_regions(std::fs::File::open(&path).unwrap(), name).unwrap();
            assert_eq!(theirs.len(), 6_001);
            assert_eq!(ours, theirs, "{name}");
        }
        assert!(super::merged_regions(std::fs::File::open(&path).unwrap(), "没有这张表").is_none());
    }

    #[test]
    fn cell_references_are_read_as_calamine_reads_them() {
        assert_eq!(super::cell_position("A1"), Some((0, 0)));
        assert_eq!(super::cell_position("B5"), Some((4, 1)));
        assert_eq!(super::cell_position("$AA$10"), Some((9, 26)));
        assert_eq!(super::cell_position("XFD1048576"), Some((1_048_575, 16_383)));
        for bad in ["", "A", "5", "A0", "ABCD1", "Ａ1"] {
            assert_eq!(super::cell_position(bad), None, "{bad}");
        }
    }
}
