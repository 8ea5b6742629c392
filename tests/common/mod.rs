//! What the GUI tests share: the app on the demo data in a headless harness, and pressing and
//! typing the way a user does (by the labels they read).

#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use daocha::ui::{AppOptions, DaochaApp, Prefs};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

/// The harness the GUI tests drive.
pub type H = Harness<'static, DaochaApp>;

/// The app in a 1400 × `height` window, with databases under `dir` and 2017-09-12 as today,
/// after a click on 打开已完成的示例 (the demo at the end of its day).
pub fn demo(dir: &tempfile::TempDir, height: f32) -> H {
    let options = AppOptions {
        db: None,
        default_db: dir.path().join("daocha.db"),
        demo_db: dir.path().join("demo.db"),
        page: None,
        today: NaiveDate::from_ymd_opt(2017, 9, 12).unwrap(),
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, height))
        .with_context_setup(|ctx| daocha::ui::setup_context(ctx, false))
        .build_ui_state(|ui, app: &mut DaochaApp| app.show(ui), DaochaApp::new(options, Prefs::default()));
    harness.run();
    harness.get_by_label("打开已完成的示例").click();
    harness.run();
    harness
}

/// The app as [`demo`] makes it, but on the demo's first morning (a click on 打开演示数据):
/// nothing sampled, nothing found, nothing signed.
pub fn first_morning(dir: &tempfile::TempDir, height: f32) -> H {
    let options = AppOptions {
        db: None,
        default_db: dir.path().join("daocha.db"),
        demo_db: dir.path().join("demo.db"),
        page: None,
        today: NaiveDate::from_ymd_opt(2017, 9, 12).unwrap(),
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, height))
        .with_context_setup(|ctx| daocha::ui::setup_context(ctx, false))
        .build_ui_state(|ui, app: &mut DaochaApp| app.show(ui), DaochaApp::new(options, Prefs::default()));
    harness.run();
    harness.get_by_label("打开演示数据").click();
    harness.run();
    harness
}

/// Clicks the button whose label contains `name` (a step in the side panel, an item in a list)
/// and runs the frames that follow.
pub fn click_button(harness: &mut H, name: &str) {
    harness
        .get_all_by_label_contains(name)
        .find(|n| n.accesskit_node().role() == Role::Button)
        .unwrap_or_else(|| panic!("no button {name}"))
        .click();
    harness.run();
}

/// Types `text` into the text field labelled `label`.
pub fn type_into(harness: &mut H, label: &str, text: &str) {
    let node = harness
        .get_all_by_label(label)
        .find(|n| matches!(n.accesskit_node().role(), Role::TextInput | Role::MultilineTextInput))
        .unwrap_or_else(|| panic!("no text field {label}"));
    node.focus();
    node.type_text(text);
    harness.run();
}

/// Writes a minimal .xlsb workbook (Excel's binary format; no Rust crate writes it) with one
/// visible sheet named `sheet` holding `cells` as `(row, column, text)`, 0-based. Only what
/// calamine reads: the sheet list (workbook.bin and its relationships) and the sheet's records.
pub fn write_xlsb(path: &std::path::Path, sheet: &str, cells: &[(u32, u32, &str)]) {
    use std::io::Write as _;
    fn record(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
        if typ < 0x80 {
            out.push(typ as u8);
        } else {
            out.extend([(typ & 0x7F) as u8 | 0x80, (typ >> 7) as u8]);
        }
        let mut len = data.len();
        loop {
            let byte = (len & 0x7F) as u8;
            len >>= 7;
            out.push(if len > 0 { byte | 0x80 } else { byte });
            if len == 0 {
                break;
            }
        }
        out.extend_from_slice(data);
    }
    fn wide(text: &str) -> Vec<u8> {
        let units: Vec<u16> = text.encode_utf16().collect();
        let mut out = (units.len() as u32).to_le_bytes().to_vec();
        out.extend(units.iter().flat_map(|u| u.to_le_bytes()));
        out
    }
    let mut workbook = Vec::new();
    let mut bundle = [0u32.to_le_bytes(), 1u32.to_le_bytes()].concat();
    bundle.extend(wide("rId1"));
    bundle.extend(wide(sheet));
    record(&mut workbook, 0x009C, &bundle); // BrtBundleSh
    record(&mut workbook, 0x0090, &[]); // BrtEndBundleShs
    record(&mut workbook, 0x009D, &[]); // BrtCalcProp: the sheet list is over
    let mut data = Vec::new();
    let (rows, cols) = (cells.iter().map(|c| c.0), cells.iter().map(|c| c.1));
    let dim = [rows.clone().min(), rows.max(), cols.clone().min(), cols.max()].map(|v| v.unwrap_or(0));
    record(&mut data, 0x0094, &dim.iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<u8>>()); // BrtWsDim
    record(&mut data, 0x0091, &[]); // BrtBeginSheetData
    let mut sorted = cells.to_vec();
    sorted.sort();
    let mut row = None;
    for (r, c, text) in sorted {
        if row != Some(r) {
            record(&mut data, 0x0000, &[r.to_le_bytes(), 0u32.to_le_bytes()].concat()); // BrtRowHdr
            row = Some(r);
        }
        let mut cell = [c.to_le_bytes(), 0u32.to_le_bytes()].concat();
        cell.extend(wide(text));
        record(&mut data, 0x0006, &cell); // BrtCellSt
    }
    record(&mut data, 0x0092, &[]); // BrtEndSheetData
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    zip.start_file("xl/_rels/workbook.bin.rels", options).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.bin"/></Relationships>"#).unwrap();
    zip.start_file("xl/workbook.bin", options).unwrap();
    zip.write_all(&workbook).unwrap();
    zip.start_file("xl/worksheets/sheet1.bin", options).unwrap();
    zip.write_all(&data).unwrap();
    zip.finish().unwrap();
}

/// A file dropped onto the window.
#[derive(Debug)]
pub struct Dropped(pub PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// Drops `path` onto the window and runs the frames that follow (as many as settle it: work on
/// a worker thread, a photo decoded, may want more than `Harness::run` allows).
pub fn drop_file(harness: &mut H, path: &Path) {
    harness.input_mut().dropped_files.push(Arc::new(Dropped(path.to_path_buf())));
    let _ = harness.run_ok();
}

/// Clicks at `pos` as a mouse does: hover, press, release (a table row takes the click on the
/// text of a cell this way).
pub fn click_at(harness: &mut H, pos: egui::Pos2) {
    harness.hover_at(pos);
    let _ = harness.run_ok();
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Default::default(),
        });
        let _ = harness.run_ok();
    }
}

/// Runs frames until no label contains `text` (work on a worker thread finishing), for at most
/// a minute of wall time.
pub fn wait_while_shown(harness: &mut H, text: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while harness.query_by_label_contains(text).is_some() {
        assert!(std::time::Instant::now() < deadline, "still showing {text} after a minute");
        std::thread::sleep(std::time::Duration::from_millis(10));
        let _ = harness.run_ok();
    }
}
