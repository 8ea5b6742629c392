//! A large .xlsx of one worksheet is written while it is read (`import::import_file`, what
//! `daocha import` runs): the finder looks at its first rows and the rest comes in pieces. Each
//! sheet here, shaped as units' ledgers are (a title, a merged two-row header, a header repeated
//! on every printed page, blank rows, formulas, a total and a footer, a table that starts in
//! column B, a bad row, a header chosen far down, a stray cell far to the right), is imported both
//! ways into copies of one database: the outcome, what the finder says and every record written
//! must be the same as reading the whole sheet first.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;
use daocha::domain::taxonomy::UnitKind;
use daocha::domain::{Id, Inspection, LedgerEntry};
use daocha::import::{self, ChosenHeader, FindOptions, ImportKind, Streamed};
use daocha::inspection::{NewInspection, create};
use daocha::store::Store;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet};

const HEADERS: [&str; 9] =
    ["案件编号", "决定书文号", "当事人", "违法行为", "立案日期", "决定日期", "罚款金额", "没收金额", "执行情况"];

fn base_db(dir: &Path) -> (PathBuf, Id<Inspection>) {
    let path = dir.join("base.db");
    let mut store = Store::open(&path).unwrap();
    let inspection = create(
        &mut store,
        &NewInspection {
            unit_name: "区综合执法局".into(),
            domain: "城管".into(),
            unit_kind: UnitKind::District,
            date: NaiveDate::from_ymd_opt(2017, 9, 20).unwrap(),
            place: "局机关".into(),
            inspectors: vec!["赵彧".into(), "王喆".into()],
            recording_no: String::new(),
        },
    )
    .unwrap();
    (path, inspection)
}

/// The shapes of sheet the test reads, each a variation of one ledger.
#[derive(Clone, Copy, Default)]
struct Shape {
    /// A title and a note above a two-row header (日期 merged over 立案日期 | 决定日期).
    title_and_two_rows: bool,
    /// The table starts in column B (column A holds only formulas whose saved value is empty).
    from_column_b: bool,
    /// The header row is this far down (notes above it): found only when chosen.
    header_at: Option<u32>,
    /// A row with a date that is no date.
    bad_row: bool,
    /// One cell in column XFD, far below the head.
    stray_far_right: bool,
    /// 17,000 empty rows after the 2,000th row (more than a streamed sheet may skip).
    long_gap: bool,
    /// Cells merged down over two rows of data: a decision date (rows 2,500–2,501), a fine (rows
    /// 2,600–2,601) and a decision number (rows 2,700–2,701).
    merged_data: bool,
}

/// Writes `rows` ledger rows shaped as `shape` says; returns the header's last row number.
fn write_ledger(path: &Path, rows: u32, shape: Shape) -> u32 {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("2016年台账").unwrap();
    let left: u16 = u16::from(shape.from_column_b);
    let mut r = 0;
    if let Some(header_at) = shape.header_at {
        for note in 0..header_at - 1 {
            sheet.write_string(note, left, format!("说明第 {} 条：本表按决定日期排列", note + 1)).unwrap();
        }
        r = header_at - 1;
    }
    if shape.title_and_two_rows {
        let bold = Format::new().set_bold();
        sheet.merge_range(r, left, r, left + 8, "区综合执法局行政处罚台账（2016年度）", &bold).unwrap();
        sheet.write_string(r + 1, left, "填报单位：区综合执法局").unwrap();
        for (c, text) in HEADERS.iter().enumerate() {
            let c = left + u16::try_from(c).unwrap();
            if !matches!(*text, "立案日期" | "决定日期") {
                sheet.merge_range(r + 2, c, r + 3, c, text, &bold).unwrap();
            }
        }
        sheet.merge_range(r + 2, left + 4, r + 2, left + 5, "日期", &bold).unwrap();
        sheet.write_string(r + 3, left + 4, "立案日期").unwrap();
        sheet.write_string(r + 3, left + 5, "决定日期").unwrap();
        r += 4;
    } else {
        for (c, text) in HEADERS.iter().enumerate() {
            sheet.write_string(r, left + u16::try_from(c).unwrap(), *text).unwrap();
        }
        r += 1;
    }
    let header_end = r;
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for i in 1..=rows {
        match i {
            // A blank row, and the header repeated where a page would break.
            700 => r += 1,
            1500 => {
                for (c, text) in HEADERS.iter().enumerate() {
                    sheet.write_string(r, left + u16::try_from(c).unwrap(), *text).unwrap();
                }
                r += 1;
            }
            _ => {}
        }
        write_row(sheet, r, left, i, &date);
        if (1045..1070).contains(&i) {
            // A case number worked out by a formula whose saved value is empty (read before the
            // row's first value, where a piece may begin): refused where read.
            sheet.write_formula(r, left, Formula::new("=\"\"")).unwrap();
        }
        if (1100..1140).contains(&i) {
            // A fine worked out by a formula (its saved value may be stale): refused where read.
            sheet.write_formula(r, left + 6, Formula::new("=100*3").set_result("300")).unwrap();
        }
        if (1000..1100).contains(&i) {
            // Formulas whose saved value is empty, in a column not imported, left of the table.
            if left > 0 {
                sheet.write_formula(r, 0, Formula::new("=\"\"")).unwrap();
            }
        }
        if shape.bad_row && i == 2222 {
            sheet.write_string(r, left + 5, "2016年13月45日").unwrap();
        }
        if shape.stray_far_right && i == 2000 {
            sheet.write_string(r, 16_383, "备注").unwrap();
        }
        if shape.long_gap && i == 2000 {
            r += 17_000;
        }
        if shape.merged_data {
            let bold = Format::new().set_bold();
            match i {
                2501 => {
                    sheet.merge_range(r - 1, left + 5, r, left + 5, "", &date).unwrap();
                    let day = ExcelDateTime::from_ymd(2016, 8, 8).unwrap();
                    sheet.write_datetime_with_format(r - 1, left + 5, day, &date).unwrap();
                }
                2601 => {
                    sheet.merge_range(r - 1, left + 6, r, left + 6, "", &bold).unwrap();
                    sheet.write_number(r - 1, left + 6, 6_000.0).unwrap();
                }
                2701 => {
                    sheet.merge_range(r - 1, left + 1, r, left + 1, "鲅综执罚〔2016〕2700号", &bold).unwrap();
                }
                _ => {}
            }
        }
        r += 1;
    }
    sheet.write_string(r, left, "合计").unwrap();
    sheet.write_number(r, left + 6, 12_345.0).unwrap();
    sheet.write_string(r + 2, left, "制表人：刘振毅    审核人：马声利").unwrap();
    book.save(path).unwrap();
    without_empty_results(path);
    header_end
}

/// Takes the saved value off every `=""` formula (rust_xlsxwriter saves 0 for it), as files
/// written by a script and never opened in Excel have them (`<c><f>…</f></c>`): read as a
/// formula with no value.
fn without_empty_results(path: &Path) {
    use std::io::{Read as _, Write as _};
    let mut parts = Vec::new();
    {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            parts.push((entry.name().unwrap().into_owned(), bytes));
        }
    }
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        if name.starts_with("xl/worksheets/") {
            let xml = String::from_utf8(bytes).unwrap().replace(r#"<f>""</f><v>0</v>"#, r#"<f>""</f>"#);
            zip.write_all(xml.as_bytes()).unwrap();
        } else {
            zip.write_all(&bytes).unwrap();
        }
    }
    zip.finish().unwrap();
}

fn write_row(sheet: &mut Worksheet, r: u32, left: u16, i: u32, date: &Format) {
    let day = |n: u32| {
        let (m, d) = (1 + n % 12, 1 + n % 28);
        ExcelDateTime::from_ymd(2016, u8::try_from(m).unwrap(), u8::try_from(d).unwrap()).unwrap()
    };
    sheet.write_string(r, left, format!("鲅综执立〔2016〕{i}号")).unwrap();
    sheet.write_string(r, left + 1, format!("鲅综执罚〔2016〕{i}号")).unwrap();
    sheet.write_string(r, left + 2, format!("营口鑫源商贸有限公司第{i}分公司")).unwrap();
    sheet.write_string(r, left + 3, "损坏市政公用设施").unwrap();
    sheet.write_datetime_with_format(r, left + 4, day(i), date).unwrap();
    sheet.write_datetime_with_format(r, left + 5, day(i + 3), date).unwrap();
    sheet.write_number(r, left + 6, f64::from(i % 500) * 10.0 + 0.5).unwrap();
    sheet.write_number(r, left + 7, 0.0).unwrap();
    sheet.write_string(r, left + 8, if i.is_multiple_of(7) { "未缴" } else { "已缴清" }).unwrap();
}

/// What one way of importing did: the outcome (as text: the records' ids differ), what the
/// finder said, and the ledger written.
#[derive(Debug, PartialEq)]
struct Seen {
    outcome: String,
    summary: Vec<String>,
    entries: Vec<LedgerEntry>,
}

fn outcome_text(outcome: &Result<Streamed, String>) -> String {
    match outcome {
        Ok(Streamed::Imported { report, parsed, repeated }) => format!(
            "imported {} skipped {:?} {} ignored {:?} parsed {parsed:?} repeated {repeated:?}",
            report.imported, report.skipped, report.skipped_rows, report.ignored
        ),
        Ok(Streamed::Refused { parsed, good }) => format!("refused {good} {parsed:?}"),
        Err(e) => format!("error {e}"),
    }
}

fn entries(db: &Path, inspection: Id<Inspection>) -> Vec<LedgerEntry> {
    let store = Store::open_existing(db).unwrap();
    store.list_in::<LedgerEntry, _>(inspection).unwrap().into_iter().map(|s| s.value).collect()
}

/// Imports `file` both ways into copies of `base`: (streamed, whole), and whether the first was
/// written while it was read.
fn both_ways(
    base: &Path,
    inspection: Id<Inspection>,
    file: &Path,
    options: &FindOptions,
    skip_bad: bool,
) -> (Seen, Seen, bool) {
    let dir = base.parent().unwrap();
    let (a, b) = (dir.join("streamed.db"), dir.join("whole.db"));
    for copy in [&a, &b] {
        std::fs::copy(base, copy).unwrap();
    }
    let cancel = AtomicBool::new(false);
    let mut store = Store::open_existing(&a).unwrap();
    let streamed =
        import::import_file(&mut store, file, ImportKind::Ledger, None, options, inspection, skip_bad, &cancel);
    drop(store);
    let (summary, outcome, was_streamed) = match streamed {
        Ok(done) => (done.found.summary(), Ok(done.outcome), done.streamed),
        Err(e) => (Vec::new(), Err(e.to_string()), false),
    };
    let first = Seen { outcome: outcome_text(&outcome), summary, entries: entries(&a, inspection) };

    let mut store = Store::open_existing(&b).unwrap();
    let whole = import::read_sheets(file).and_then(|tables| {
        let found = import::Found::find(ImportKind::Ledger, tables, None, options)?;
        let outcome = import::import_streamed(&mut store, &found, inspection, skip_bad, &cancel)?;
        Ok((found.summary(), outcome))
    });
    drop(store);
    let (summary, outcome) = match whole {
        Ok((summary, outcome)) => (summary, Ok(outcome)),
        Err(e) => (Vec::new(), Err(e.to_string())),
    };
    let second = Seen { outcome: outcome_text(&outcome), summary, entries: entries(&b, inspection) };
    for copy in [&a, &b] {
        std::fs::remove_file(copy).unwrap();
    }
    (first, second, was_streamed)
}

#[test]
fn a_large_sheet_written_while_it_is_read_is_the_sheet_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (base, inspection) = base_db(dir.path());
    let file = dir.path().join("台账.xlsx");
    let plain = FindOptions::default();
    let shapes = [
        ("one header row", Shape::default()),
        ("a title and a merged two-row header", Shape { title_and_two_rows: true, ..Shape::default() }),
        ("from column B", Shape { from_column_b: true, title_and_two_rows: true, ..Shape::default() }),
    ];
    for (what, shape) in shapes {
        write_ledger(&file, 3_000, shape);
        let (streamed, whole, was_streamed) = both_ways(&base, inspection, &file, &plain, true);
        assert!(was_streamed, "{what}: written while read");
        assert!(streamed.outcome.starts_with("imported 2935 "), "{what}: {}", streamed.outcome);
        assert!(
            streamed.outcome.contains("Formula") || streamed.outcome.contains("公式"),
            "{what}: {}",
            streamed.outcome
        );
        assert_eq!(streamed.entries.len(), 2935, "{what}");
        assert_eq!(streamed, whole, "{what}");
    }
}

#[test]
fn bad_rows_refuse_a_streamed_sheet_as_they_refuse_it_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (base, inspection) = base_db(dir.path());
    let file = dir.path().join("台账.xlsx");
    write_ledger(&file, 2_500, Shape { bad_row: true, title_and_two_rows: true, ..Shape::default() });
    let (streamed, whole, was_streamed) = both_ways(&base, inspection, &file, &FindOptions::default(), false);
    assert!(was_streamed);
    assert!(streamed.outcome.starts_with("refused "), "{}", streamed.outcome);
    assert!(streamed.outcome.contains("2016年13月45日"), "{}", streamed.outcome);
    assert!(streamed.entries.is_empty(), "nothing written");
    assert_eq!(streamed, whole);
}

#[test]
fn a_header_chosen_far_down_is_in_the_streamed_head() {
    let dir = tempfile::tempdir().unwrap();
    let (base, inspection) = base_db(dir.path());
    let file = dir.path().join("台账.xlsx");
    let header = write_ledger(&file, 2_000, Shape { header_at: Some(45), ..Shape::default() });
    assert_eq!(header, 45);
    let chosen =
        FindOptions { sheets: Vec::new(), header_row: Some(ChosenHeader { row_number: 45, rows: 1, forced: true }) };
    let (streamed, whole, was_streamed) = both_ways(&base, inspection, &file, &chosen, true);
    assert!(was_streamed);
    assert!(streamed.outcome.starts_with("imported 1935 "), "{}", streamed.outcome);
    assert_eq!(streamed, whole);
    // Not chosen, the header is too far down to be found: the ordinary message.
    let (streamed, whole, _) = both_ways(&base, inspection, &file, &FindOptions::default(), true);
    assert!(streamed.outcome.starts_with("error "), "{}", streamed.outcome);
    assert_eq!(streamed, whole);
}

#[test]
fn a_sheet_that_cannot_be_read_in_pieces_is_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (base, inspection) = base_db(dir.path());
    let file = dir.path().join("台账.xlsx");
    // 17,000 empty rows after pieces were handed on: given up, rolled back, read whole again and
    // imported the ordinary way (the blank rows listed as ever).
    write_ledger(&file, 3_000, Shape { long_gap: true, ..Shape::default() });
    let (streamed, whole, was_streamed) = both_ways(&base, inspection, &file, &FindOptions::default(), true);
    assert!(!was_streamed, "read whole again");
    assert!(streamed.outcome.starts_with("imported 2935 "), "{}", streamed.outcome);
    assert_eq!(streamed, whole);
    // A cell in column XFD after the head (its piece would be 16,384 columns wide): the sheet is
    // too sparse to read either way, and refused with the same message.
    write_ledger(&file, 3_000, Shape { stray_far_right: true, ..Shape::default() });
    let (streamed, whole, _) = both_ways(&base, inspection, &file, &FindOptions::default(), true);
    assert!(streamed.outcome.starts_with("error "), "too sparse to read: {}", streamed.outcome);
    assert_eq!(streamed, whole);
    // A small sheet is read whole at once: nothing to gain.
    write_ledger(&file, 20, Shape::default());
    let (streamed, whole, was_streamed) = both_ways(&base, inspection, &file, &FindOptions::default(), true);
    assert!(!was_streamed);
    assert!(streamed.outcome.starts_with("imported 20 "), "{}", streamed.outcome);
    assert_eq!(streamed, whole);
}

/// Cells merged down over rows of data show their value in every row, as the spreadsheet shows
/// it: a decision date merged over two rows is both rows'; a fine or a decision number (the
/// ledger's key) merged over two rows refuses the second, which cannot be told apart from a
/// continuation of the first. Streamed, the merges are only known at the end (listed after the
/// cells): the sheet is read whole again, with the same outcome. Merged only in the header, it is
/// written while it is read, as before (the other tests).
#[test]
fn cells_merged_down_over_rows_are_read_as_the_sheet_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let (base, inspection) = base_db(dir.path());
    let file = dir.path().join("台账.xlsx");
    write_ledger(&file, 3_000, Shape { merged_data: true, title_and_two_rows: true, ..Shape::default() });
    let (streamed, whole, was_streamed) = both_ways(&base, inspection, &file, &FindOptions::default(), true);
    assert!(!was_streamed, "read whole again");
    assert_eq!(streamed, whole);
    assert!(streamed.outcome.starts_with("imported 2933 "), "{}", streamed.outcome);
    let bad = &streamed.outcome;
    for (row, column, value) in [(2607, "罚款金额", "6000"), (2707, "决定书文号", "鲅综执罚〔2016〕2700号")]
    {
        let named = format!("row: {row}, sheet: None, column: \"{column}\", value: \"{value}\"");
        assert!(bad.contains(&named), "{named}: {bad}");
    }
    assert!(bad.contains("合并"), "{bad}");
    let by_no = |no: &str| streamed.entries.iter().find(|e| e.decision_no.to_string() == no).cloned();
    let august = NaiveDate::from_ymd_opt(2016, 8, 8);
    assert_eq!(by_no("鲅综执罚〔2016〕2500号").unwrap().decision_date, august);
    assert_eq!(
        by_no("鲅综执罚〔2016〕2501号").unwrap().decision_date,
        august,
        "the merged date is the second row's too"
    );
    assert_eq!(by_no("鲅综执罚〔2016〕2600号").unwrap().fine.0, 600_000);
    assert!(by_no("鲅综执罚〔2016〕2601号").is_none(), "the merged fine is not the second row's too");
    assert!(by_no("鲅综执罚〔2016〕2701号").is_none());
    assert_eq!(streamed.entries.iter().filter(|e| e.decision_no.to_string() == "鲅综执罚〔2016〕2700号").count(), 1);
}

/// The window's import: the rows read once for the review (their problems, and the rows the
/// inspection has already, without keeping the records), then read again from the same table as
/// they are written, leaving out those the inspector chose to leave out — against the way it did
/// it before (every record parsed and kept, compared with the inspection's, filtered, committed).
#[test]
fn the_window_reviews_without_records_and_writes_what_it_reviewed() {
    let dir = tempfile::tempdir().unwrap();
    let (base, inspection) = base_db(dir.path());
    let (earlier, file) = (dir.path().join("上次.xlsx"), dir.path().join("台账.xlsx"));
    // The inspection has the first 700 rows already; the file has 2,500 and a bad row.
    write_ledger(&earlier, 700, Shape::default());
    write_ledger(&file, 2_500, Shape { bad_row: true, title_and_two_rows: true, ..Shape::default() });
    let cancel = AtomicBool::new(false);
    let found = |path: &Path| {
        import::Found::find(ImportKind::Ledger, import::read_sheets(path).unwrap(), None, &FindOptions::default())
            .unwrap()
    };
    {
        let mut store = Store::open_existing(&base).unwrap();
        import::import_streamed(&mut store, &found(&earlier), inspection, false, &cancel).unwrap();
    }
    let table = found(&file);
    for leave_already_out in [true, false] {
        let (before, now) = (dir.path().join("before.db"), dir.path().join("now.db"));
        std::fs::copy(&base, &before).unwrap();
        std::fs::copy(&base, &now).unwrap();

        // The way before: every record kept, those with a decision number the inspection has named.
        let has: std::collections::HashSet<String> =
            entries(&before, inspection).iter().map(|e| e.decision_no.to_string()).collect();
        let mut store = Store::open_existing(&before).unwrap();
        let mut parsed = table.parse(inspection, &|_| {}, &cancel).unwrap();
        let already: Vec<(Option<String>, u32)> =
            parsed.rows.iter().filter(|r| has.contains(&r.record.key())).map(|r| (r.sheet.clone(), r.row)).collect();
        let good = parsed.rows.len();
        if leave_already_out {
            parsed.rows.retain(|r| !has.contains(&r.record.key()));
        }
        let report = import::commit(&mut store, &parsed, true, &|_| {}, &cancel).unwrap();
        drop(store);

        let mut store = Store::open_existing(&now).unwrap();
        let reviewed = import::review(&store, &table, inspection, &|_| {}, &cancel).unwrap();
        assert!(reviewed.parsed.rows.is_empty(), "no records kept for the review");
        assert_eq!(reviewed.good, good);
        assert_eq!(reviewed.already.len(), 700);
        assert_eq!(reviewed.already, already);
        assert_eq!(import::rows_named(&reviewed.already), "第 5、6、7、8、9、10、11、12、13、14、15、16 等 行");
        assert_eq!(reviewed.parsed.bad, parsed.bad);
        assert_eq!(reviewed.parsed.bad_rows, parsed.bad_rows);
        let leave_out = if leave_already_out { reviewed.already.clone() } else { Vec::new() };
        let written = import::import_reviewed(&mut store, &table, inspection, true, &leave_out, &|_| {}, &cancel);
        let Ok(Streamed::Imported { report: now_report, .. }) = written else { panic!("{written:?}") };
        drop(store);
        assert_eq!(now_report.imported, report.imported);
        assert_eq!(now_report.imported, if leave_already_out { good - 700 } else { good });
        assert_eq!(now_report.skipped, report.skipped);
        assert_eq!(entries(&now, inspection), entries(&before, inspection));
        for copy in [&before, &now] {
            std::fs::remove_file(copy).unwrap();
        }
    }
}
