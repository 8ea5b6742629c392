//! Which columns of an .xlsx workbook's worksheets are hidden (`<col min max hidden="1">` before
//! the sheet's data), which calamine 0.38 does not say. A unit's file may keep an old or helper
//! column hidden beside the one shown with the same header (two 金额); the import prefers the
//! column shown and says which it read. Best effort: a part that cannot be read hides nothing.

use std::collections::HashMap;
use std::io::{BufReader, Read, Seek};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// The widest column index of a worksheet (XFD).
const MAX_COLUMN: usize = 16_384;

fn attribute(element: &BytesStart<'_>, local: &str) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

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

/// Worksheet name → the (0-based, absolute) indices of its hidden columns, for the worksheets
/// that have any.
pub(crate) fn hidden_columns<R: Read + Seek>(reader: R) -> HashMap<String, Vec<usize>> {
    let mut found = HashMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(reader) else { return found };
    let sheets = match zip.by_name("xl/workbook.xml") {
        Ok(part) => elements(part, "sheet", &["name", "id"]),
        Err(_) => return found,
    };
    let targets: HashMap<String, String> = match zip.by_name("xl/_rels/workbook.xml.rels") {
        Ok(part) => elements(part, "Relationship", &["Id", "Target"])
            .into_iter()
            .filter_map(|mut v| Some((v[0].take()?, v[1].take()?)))
            .collect(),
        Err(_) => return found,
    };
    for sheet in sheets {
        let (Some(name), Some(id)) = (&sheet[0], &sheet[1]) else { continue };
        let Some(target) = targets.get(id) else { continue };
        let part = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("xl/{target}"),
        };
        let Ok(entry) = zip.by_name(&part) else { continue };
        let hidden = sheet_hidden_columns(entry);
        if !hidden.is_empty() {
            found.insert(name.clone(), hidden);
        }
    }
    found
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
