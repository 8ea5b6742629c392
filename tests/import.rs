//! Import from real files: xlsx written here with rust_xlsxwriter (typed number and date cells),
//! a tiny .xls made by `tests/data/make_receipts_xls.py`, CSV in UTF-8, UTF-8 with BOM and GBK,
//! and the `daocha import` command line with its exit statuses and messages.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

#[path = "common/cli.rs"]
mod cli;
use cli::daocha;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;
use daocha::domain::taxonomy::UnitKind;
use daocha::domain::{Fen, Id, Inspection, LedgerEntry, Receipt};
use daocha::import::{
    self, Field, ImportError, ImportKind, ParsedRecord, RawTable, SourceFormat, find_header, no_progress, parse,
    read_table, recognise,
};
use daocha::inspection::{NewInspection, create};
use daocha::store::Store;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn new_db(dir: &Path) -> (PathBuf, Id<Inspection>) {
    let path = dir.join("daocha.db");
    let mut store = Store::open(&path).unwrap();
    let inspection = create(
        &mut store,
        &NewInspection {
            unit_name: "区市场监督管理局".into(),
            domain: "市场监管".into(),
            unit_kind: UnitKind::District,
            date: ymd(2017, 9, 20),
            place: "局机关".into(),
            inspectors: vec!["赵彧".into(), "王喆".into()],
            recording_no: String::new(),
        },
    )
    .unwrap();
    (path, inspection)
}

fn counts(db: &Path) -> (i64, i64) {
    let store = Store::open_existing(db).unwrap();
    let versions = i64::try_from(store.version_count().unwrap()).unwrap();
    let audit = i64::try_from(store.audit_count().unwrap()).unwrap();
    (versions, audit)
}

fn parse_table(table: &RawTable, kind: ImportKind, inspection: Id<Inspection>) -> import::Parsed {
    let header = find_header(kind, table, None);
    let mapping = recognise(kind, &header, None).unwrap();
    parse(table, &mapping, inspection, &no_progress, &AtomicBool::new(false)).unwrap()
}

fn receipts(parsed: &import::Parsed) -> Vec<Receipt> {
    parsed
        .rows
        .iter()
        .map(|r| match &r.record {
            ParsedRecord::Receipt(receipt) => receipt.clone(),
            other => panic!("not a receipt: {other:?}"),
        })
        .collect()
}

/// A cell of a fixture row: text, a number, or a real Excel date cell.
enum Cell {
    T(&'static str),
    N(f64),
    D(u16, u8, u8),
}

fn write_xlsx(path: &Path, sheets: &[(&str, bool, Vec<Vec<Cell>>)]) {
    let mut workbook = Workbook::new();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    for (index, (name, hidden, rows)) in sheets.iter().enumerate() {
        let sheet = workbook.add_worksheet();
        sheet.set_name(*name).unwrap();
        sheet.set_hidden(*hidden);
        if index + 1 == sheets.len() {
            // The workbook opens on its last sheet (else rust_xlsxwriter unhides the first).
            sheet.set_active(true);
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (u32::try_from(r).unwrap(), u16::try_from(c).unwrap());
                match cell {
                    Cell::T("") => {}
                    Cell::T(text) => {
                        sheet.write_string(r, c, *text).unwrap();
                    }
                    Cell::N(n) => {
                        sheet.write_number(r, c, *n).unwrap();
                    }
                    Cell::D(y, m, d) => {
                        let date = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                        sheet.write_datetime_with_format(r, c, date, &date_format).unwrap();
                    }
                }
            }
        }
    }
    workbook.save(path).unwrap();
}

#[test]
fn xlsx_cells_of_every_type() {
    use Cell::{D, N, T};
    let dir = tempfile::tempdir().unwrap();
    let (_db, inspection) = new_db(dir.path());
    let path = dir.path().join("收据.xlsx");
    let data = vec![
        vec![T("2017年罚没款收据登记表")],
        vec![T("序号"), T("收据号"), T("开票日期"), T("交款人"), T("金额(元)"), T("决定书编号"), T("备注")],
        vec![N(1.0), N(12345.0), D(2017, 3, 5), T("甲"), N(1500.0), T("鲅市监罚〔2017〕12号"), T("")],
        vec![N(2.0), T("0012346"), N(42_799.0), T("乙"), N(1500.5), T("鲅市监罚[2017]12号"), T("")],
        vec![N(3.0), T("0012347"), N(20_170_305.0), T("丙"), T("1,500.00"), T("鲅市监罚[2017]第12号"), T("")],
        vec![N(4.0), T("0012348"), T("2017-03-05"), T("丁"), T("1500"), T("鲅市监罚（2017）12号"), T("")],
        vec![N(5.0), T("0012349"), T("2017/3/5"), T("戊"), T("1500元"), T("鲅市监罚(2017)012号"), T("")],
        vec![N(6.0), T("0012350"), T("2017.03.05"), T("己"), T("￥1,500.00"), T("鲅市监罚【2017】12号"), T("")],
        vec![N(7.0), T("0012351"), T("2017年3月5日"), T("庚"), T("¥1500"), T("鲅市监罚﹝2017﹞12号"), T("")],
        vec![N(8.0), T("0012352"), T("20170305"), T("辛"), T("壹仟伍佰元整"), T("鲅市监罚 〔2017〕 第 12 号"), T("")],
        vec![N(9.0), T("0012353"), T("2017-3-5"), T("壬"), T("1500.5"), T("鲅市监罚［２０１７］第１２号"), T("")],
    ];
    // A hidden sheet and a visible notes sheet come first; the data sheet is found by its header.
    let hidden = vec![vec![T("收据编号"), T("金额")], vec![T("X"), T("1")]];
    let notes = vec![vec![T("填表说明：金额以元为单位。")]];
    write_xlsx(&path, &[("隐藏", true, hidden), ("说明", false, notes), ("收据", false, data)]);

    let table = read_table(&path, ImportKind::Receipts).unwrap();
    assert_eq!(table.sheet.as_deref(), Some("收据"));
    assert_eq!(table.format, SourceFormat::Xlsx);
    let parsed = parse_table(&table, ImportKind::Receipts, inspection);
    assert!(parsed.is_clean(), "{:?}", parsed.bad);
    assert_eq!(parsed.rows.first().map(|r| r.row), Some(3));
    let list = receipts(&parsed);
    assert_eq!(list.len(), 9);
    assert_eq!(list[0].receipt_no, "12345", "a number cell as a receipt number loses the .0");
    for (i, receipt) in list.iter().enumerate() {
        assert_eq!(receipt.date, Some(ymd(2017, 3, 5)), "row {}", i + 3);
        assert_eq!(receipt.decision_no.as_ref().unwrap().as_str(), "鲅市监罚〔2017〕12号", "row {}", i + 3);
        let expected = if i == 1 || i == 8 { Fen(150_050) } else { Fen(150_000) };
        assert_eq!(receipt.amount, expected, "row {}", i + 3);
    }
}

#[test]
fn xlsb_is_read_cell_by_cell() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, inspection) = new_db(dir.path());
    let path = dir.path().join("收据.xlsb");
    let mut cells = vec![(0, 0, "2017年罚没款收据登记表")];
    for (c, h) in ["收据编号", "缴款日期", "缴款人", "金额", "决定书文号"].iter().enumerate() {
        cells.push((2, c as u32, h));
    }
    for (c, v) in ["0012345", "2017-03-05", "甲", "1,500.00", "鲅市监罚〔2017〕12号"].iter().enumerate() {
        cells.push((3, c as u32, v));
    }
    common::write_xlsb(&path, "收据", &cells);
    let table = read_table(&path, ImportKind::Receipts).unwrap();
    assert_eq!(table.format, SourceFormat::Xlsb);
    assert_eq!(table.sheet.as_deref(), Some("收据"));
    let parsed = parse_table(&table, ImportKind::Receipts, inspection);
    assert!(parsed.is_clean(), "{:?}", parsed.bad);
    let list = receipts(&parsed);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].receipt_no, "0012345");
    assert_eq!(list[0].amount, Fen(150_000));
    assert_eq!(list[0].date, Some(ymd(2017, 3, 5)));
    assert_eq!(parsed.rows[0].row, 4, "row numbers are the sheet's");
}

#[test]
fn xls_from_excel_97() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, inspection) = new_db(dir.path());
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/receipts.xls");
    let table = read_table(&path, ImportKind::Receipts).unwrap();
    assert_eq!(table.format, SourceFormat::Xls);
    let parsed = parse_table(&table, ImportKind::Receipts, inspection);
    assert!(parsed.is_clean(), "{:?}", parsed.bad);
    let list = receipts(&parsed);
    assert_eq!(list.len(), 3);
    assert_eq!(list[0].receipt_no, "12345");
    assert_eq!(list[0].payee, "区市场监督管理局");
    assert_eq!(list[1].receipt_no, "0012346");
    for receipt in &list {
        assert_eq!(receipt.date, Some(ymd(2017, 3, 5)));
    }
    assert_eq!(list.iter().map(|r| r.amount.0).collect::<Vec<_>>(), vec![150_000, 150_000, 150_050]);
    assert_eq!(list[1].decision_no.as_ref().unwrap().as_str(), "鲅市监罚〔2017〕12号");
    assert_eq!(list[2].decision_no, None);
}

const LEDGER_CSV: &str = "\
区市场监督管理局行政处罚台账（2017年）
案件编号,决定书文号,当事人,违法行为,立案日期,决定日期,罚款金额（元）,没收金额,执行情况,备注
2017-001,鲅市监罚[2017]第1号,鲅鱼圈区某某商贸有限公司,\"销售过期食品，未建立进货台账\",2017/1/3,2017年2月1日,\"5,000.00\",无,已缴纳,
2017-002,鲅市监罚（2017）2号,堃彧喆昇,无照经营,20170105,2017.02.03,伍仟元整,200,未缴纳,

合计,,,,,,\"5,000.00\",,,
";

#[test]
fn csv_in_utf8_with_bom_and_gbk() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, inspection) = new_db(dir.path());
    let utf8 = dir.path().join("台账.csv");
    std::fs::write(&utf8, LEDGER_CSV).unwrap();
    let bom = dir.path().join("台账-bom.csv");
    std::fs::write(&bom, [b"\xEF\xBB\xBF".as_slice(), LEDGER_CSV.as_bytes()].concat()).unwrap();
    let gbk = dir.path().join("台账-gbk.csv");
    // As Excel on Windows saves it: GBK with CRLF. 堃彧喆昇 are outside GB2312 but inside GBK.
    let windows = LEDGER_CSV.replace('\n', "\r\n");
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&windows);
    assert!(!unmappable);
    std::fs::write(&gbk, &bytes).unwrap();

    let mut results = Vec::new();
    for (path, encoding) in [(&utf8, "UTF-8"), (&bom, "UTF-8"), (&gbk, "GB18030")] {
        let table = read_table(path, ImportKind::Ledger).unwrap();
        assert_eq!(table.format, SourceFormat::Csv { encoding }, "{}", path.display());
        let parsed = parse_table(&table, ImportKind::Ledger, inspection);
        assert!(parsed.is_clean(), "{:?}", parsed.bad);
        assert_eq!(parsed.ignored.iter().map(|i| i.row).collect::<Vec<_>>(), vec![6], "the total row");
        assert_eq!(parsed.rows.iter().map(|r| r.row).collect::<Vec<_>>(), vec![3, 4]);
        let entries: Vec<LedgerEntry> = parsed
            .rows
            .iter()
            .map(|r| match &r.record {
                ParsedRecord::LedgerEntry(e) => e.clone(),
                other => panic!("{other:?}"),
            })
            .collect();
        results.push(entries);
    }
    assert_eq!(results[0], results[1]);
    assert_eq!(results[0], results[2]);
    let entries = &results[0];
    assert_eq!(entries[0].decision_no.as_str(), "鲅市监罚〔2017〕1号");
    assert_eq!(entries[0].violation, "销售过期食品，未建立进货台账");
    assert_eq!(entries[0].filing_date, Some(ymd(2017, 1, 3)));
    assert_eq!(entries[0].decision_date, Some(ymd(2017, 2, 1)));
    assert_eq!(entries[0].fine, Fen(500_000));
    assert_eq!(entries[0].confiscation, Fen::ZERO);
    assert_eq!(entries[1].party, "堃彧喆昇");
    assert_eq!(entries[1].fine, Fen(500_000));
    assert_eq!(entries[1].confiscation, Fen(20_000));
    assert_eq!(entries[1].filing_date, Some(ymd(2017, 1, 5)));
    assert_eq!(entries[1].decision_date, Some(ymd(2017, 2, 3)));
}

#[test]
fn unreadable_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("空.csv");
    std::fs::write(&empty, b"").unwrap();
    assert!(matches!(read_table(&empty, ImportKind::Receipts), Err(ImportError::EmptyFile(_))));
    let blank = dir.path().join("空白.csv");
    std::fs::write(&blank, b",,\n\n ,\n").unwrap();
    assert!(matches!(read_table(&blank, ImportKind::Receipts), Err(ImportError::NoData(_))));
    let html = dir.path().join("导出.xls");
    std::fs::write(&html, "<html><body><table><tr><td>收据编号</td></tr></table></body></html>").unwrap();
    let err = read_table(&html, ImportKind::Receipts).unwrap_err();
    assert!(matches!(err, ImportError::HtmlDisguised(_)), "{err:?}");
    assert!(err.to_string().contains("另存为 .xlsx"));
    let missing = dir.path().join("没有.xlsx");
    assert!(matches!(read_table(&missing, ImportKind::Receipts), Err(ImportError::Io { .. })));
}

fn import_cli(db: &Path, inspection: &str, kind: &str, file: &Path, skip_bad: bool) -> (i32, String, String) {
    let mut args =
        vec!["import", "--db", db.to_str().unwrap(), "--inspection", inspection, kind, file.to_str().unwrap()];
    if skip_bad {
        args.push("--skip-bad");
    }
    daocha(&args)
}

const RECEIPTS_WITH_BAD_ROW: &str = "\
收据编号,缴款日期,缴款人,金额,决定书文号
0001,2017-03-05,王某,1500,鲅市监罚〔2017〕1号
0002,2017-03-06,李某,abc,鲅市监罚〔2017〕2号
0003,2017-03-07,张某,￥300.00,
";

#[test]
fn cli_refuses_bad_rows_then_skips_them_when_told() {
    let dir = tempfile::tempdir().unwrap();
    let (db, inspection) = new_db(dir.path());
    let file = dir.path().join("收据.csv");
    std::fs::write(&file, RECEIPTS_WITH_BAD_ROW).unwrap();
    let before = counts(&db);

    let (code, stdout, stderr) = import_cli(&db, &inspection.to_string(), "receipts", &file, false);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stderr.contains("第 3 行 · 金额 · “abc”：无法识别的金额"), "{stderr}");
    assert!(stderr.contains("未导入任何数据") && stderr.contains("--skip-bad"), "{stderr}");
    assert_eq!(counts(&db), before, "nothing written");

    // The short id shown in the GUI works too.
    let short = &inspection.to_string()[..8];
    let (code, stdout, stderr) = import_cli(&db, short, "receipts", &file, true);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("已导入 2 条罚没款收据"), "{stdout}");
    assert!(stdout.contains("跳过了 1 行") && stdout.contains("第 3 行 · 金额 · “abc”"), "{stdout}");
    assert_eq!(counts(&db), (before.0 + 2, before.1 + 1), "two records, one audit entry");
    let store = Store::open_existing(&db).unwrap();
    let stored = store.list_in::<Receipt, _>(inspection).unwrap();
    assert_eq!(stored.iter().map(|s| s.value.receipt_no.as_str()).collect::<Vec<_>>(), vec!["0001", "0003"]);
    assert_eq!(stored[1].value.amount, Fen(30_000));
    let (code, stdout, _) = daocha(&["audit", "verify", "--db", db.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}");

    // The same file again: written (new records), and the rows the inspection had are named.
    let (code, stdout, stderr) = import_cli(&db, short, "receipts", &file, true);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("注意：其中 2 行该检查此前已有（同一编号），现在重复了：第 2、4 行。"), "{stdout}");
    assert_eq!(counts(&db), (before.0 + 4, before.1 + 2));
}

#[test]
fn cli_names_missing_columns_and_unreadable_files() {
    let dir = tempfile::tempdir().unwrap();
    let (db, inspection) = new_db(dir.path());
    let id = inspection.to_string();
    let before = counts(&db);

    let no_amount = dir.path().join("缺列.csv");
    std::fs::write(&no_amount, "收据编号,缴款日期,缴款人,决定书文号,备注\n0001,2017-03-05,王某,,\n").unwrap();
    let (code, _, stderr) = import_cli(&db, &id, "receipts", &no_amount, false);
    assert_eq!(code, 2);
    assert!(stderr.contains("缺少必需的列——金额（可用表头：金额、罚没金额"), "{stderr}");
    assert!(stderr.contains("表头为：收据编号、缴款日期、缴款人、决定书文号、备注"), "{stderr}");

    // A real xlsx cut in half.
    let whole = dir.path().join("完整.xlsx");
    let rows = vec![vec![Cell::T("姓名"), Cell::T("执法证号"), Cell::T("有效期至"), Cell::T("人员类别")]];
    write_xlsx(&whole, &[("名册", false, rows)]);
    let bytes = std::fs::read(&whole).unwrap();
    let truncated = dir.path().join("截断.xlsx");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let (code, _, stderr) = import_cli(&db, &id, "roster", &truncated, false);
    assert_eq!(code, 2);
    assert!(stderr.contains("无法读取") && stderr.contains("截断.xlsx"), "{stderr}");

    let not_a_sheet = dir.path().join("照片.xlsx");
    std::fs::write(&not_a_sheet, [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]).unwrap();
    let (code, _, stderr) = import_cli(&db, &id, "roster", &not_a_sheet, false);
    assert_eq!(code, 2);
    assert!(stderr.contains("无法读取") && stderr.contains("不是电子表格"), "{stderr}");

    let empty = dir.path().join("空.csv");
    std::fs::write(&empty, b"").unwrap();
    let (code, _, stderr) = import_cli(&db, &id, "roster", &empty, false);
    assert_eq!(code, 2);
    assert!(stderr.contains("是空的"), "{stderr}");

    // The whole xlsx has a header and no rows.
    let (code, _, stderr) = import_cli(&db, &id, "roster", &whole, false);
    assert_eq!(code, 2);
    assert!(stderr.contains("只有表头（第 1 行）"), "{stderr}");

    let (code, _, stderr) = import_cli(&db, "00000000-0000-0000-0000-000000000000", "roster", &whole, false);
    assert_eq!(code, 2);
    assert!(stderr.contains("找不到检查"), "{stderr}");

    let (code, _, stderr) = import_cli(&db, &id, "payments", &whole, false);
    assert_eq!(code, 2, "{stderr}");

    assert_eq!(counts(&db), before, "the database is untouched by every failure");
}

#[test]
fn cli_uses_the_mapping_saved_for_the_unit() {
    let dir = tempfile::tempdir().unwrap();
    let (db, inspection) = new_db(dir.path());
    let file = dir.path().join("名册.csv");
    std::fs::write(&file, "名字,证号,有效日期,身份\n刘海涛,21080001,2019-12-31,执法人员\n孙小明,,,辅助人员\n").unwrap();
    let (code, _, stderr) = import_cli(&db, &inspection.to_string(), "roster", &file, false);
    assert_eq!(code, 2);
    assert!(stderr.contains("没有找到表头"), "{stderr}");

    // The user maps the columns once in the GUI; the mapping is kept for the unit.
    {
        let store = Store::open_existing(&db).unwrap();
        let unit = import::unit_of(&store, inspection).unwrap();
        let table = read_table(&file, ImportKind::Roster).unwrap();
        let header = find_header(ImportKind::Roster, &table, None);
        let mut mapping = recognise(ImportKind::Roster, &header, None).unwrap_err().mapping;
        for (field, col) in [(Field::Name, 0), (Field::CertNo, 1), (Field::ValidUntil, 2), (Field::Category, 3)] {
            mapping.set(field, Some(col));
        }
        import::remember_mapping(&store, unit, &mapping).unwrap();
    }
    let (code, stdout, stderr) = import_cli(&db, &inspection.to_string(), "roster", &file, false);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("已导入 2 条执法人员名册"), "{stdout}");
    assert!(!stdout.contains("此前已有"), "{stdout}");
    let (code, stdout, _) = import_cli(&db, &inspection.to_string(), "roster", &file, false);
    assert_eq!(code, 0);
    assert!(stdout.contains("其中 2 行该检查此前已有"), "a second import is flagged: {stdout}");
}

/// Times a generated 100 000-row ledger: calamine alone reading the sheet, then daocha reading,
/// parsing and committing it. Run with
/// `cargo test --test import big_ledger -- --ignored --nocapture` (and `--release` to compare);
/// `DAOCHA_PERF_ROWS` changes the size.
#[test]
#[ignore = "timing, not a check: run by hand"]
fn big_ledger_timing() {
    use calamine::Reader;
    use std::time::Instant;

    let rows: u32 = std::env::var("DAOCHA_PERF_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let (db, inspection) = new_db(dir.path());
    let path = dir.path().join("台账.xlsx");
    let started = Instant::now();
    {
        let mut workbook = Workbook::new();
        let date_format = Format::new().set_num_format("yyyy-mm-dd");
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "2017年行政处罚台账").unwrap();
        let headers = [
            "案件编号",
            "决定书文号",
            "当事人",
            "违法行为",
            "立案日期",
            "决定日期",
            "罚款金额（元）",
            "没收金额",
            "执行情况",
        ];
        for (c, h) in headers.iter().enumerate() {
            sheet.write_string(1, u16::try_from(c).unwrap(), *h).unwrap();
        }
        for i in 0..rows {
            let r = i + 2;
            let day = u8::try_from(i % 28).unwrap() + 1;
            let month = u8::try_from(i % 12).unwrap() + 1;
            sheet.write_string(r, 0, format!("2017-{i:06}")).unwrap();
            sheet.write_string(r, 1, format!("鲅市监罚[2017]第{i}号")).unwrap();
            sheet.write_string(r, 2, format!("鲅鱼圈区某某商贸有限公司{i}")).unwrap();
            sheet.write_string(r, 3, "销售过期食品").unwrap();
            let filed = ExcelDateTime::from_ymd(2017, month, day).unwrap();
            sheet.write_datetime_with_format(r, 4, filed, &date_format).unwrap();
            let decided = ExcelDateTime::from_ymd(2018, month, day).unwrap();
            sheet.write_datetime_with_format(r, 5, decided, &date_format).unwrap();
            sheet.write_number(r, 6, f64::from(i % 5000) + 0.5).unwrap();
            sheet.write_number(r, 7, 0.0).unwrap();
            sheet.write_string(r, 8, "已执行").unwrap();
        }
        workbook.save(&path).unwrap();
    }
    let size = std::fs::metadata(&path).unwrap().len();
    eprintln!("wrote {rows} rows ({size} bytes) in {:?}", started.elapsed());

    let started = Instant::now();
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let range = workbook.worksheet_range_at(0).unwrap().unwrap();
    let calamine_only = started.elapsed();
    assert_eq!(range.height(), usize::try_from(rows).unwrap() + 2);
    drop(range);

    let started = Instant::now();
    let table = read_table(&path, ImportKind::Ledger).unwrap();
    let read = started.elapsed();
    let started = Instant::now();
    let header = find_header(ImportKind::Ledger, &table, None);
    let mapping = recognise(ImportKind::Ledger, &header, None).unwrap();
    let parsed = parse(&table, &mapping, inspection, &no_progress, &AtomicBool::new(false)).unwrap();
    let parse_time = started.elapsed();
    assert!(parsed.is_clean(), "{:?}", &parsed.bad[..parsed.bad.len().min(5)]);
    assert_eq!(parsed.rows.len(), usize::try_from(rows).unwrap());
    let mut store = Store::open_existing(&db).unwrap();
    let started = Instant::now();
    let report = import::commit(&mut store, &parsed, false, &no_progress, &AtomicBool::new(false)).unwrap();
    let commit_time = started.elapsed();
    assert_eq!(report.imported, usize::try_from(rows).unwrap());
    let total = read + parse_time + commit_time;
    eprintln!(
        "calamine alone {calamine_only:?}; daocha read {read:?}, parse {parse_time:?}, commit {commit_time:?}; \
         total {total:?} = {:.2}× calamine",
        total.as_secs_f64() / calamine_only.as_secs_f64()
    );
    assert_eq!(store.count_in(daocha::domain::RecordKind::LedgerEntry, inspection).unwrap(), u64::from(rows));
}

/// Writes the benchmark's 100 000-row ledger (`benches/import.rs`: the demo's data at that size)
/// to `DAOCHA_BIG_LEDGER` (default `/tmp/台账-100k.xlsx`), to time whole `daocha import` commands
/// of two builds against each other. `DAOCHA_PERF_ROWS` changes the size.
#[test]
#[ignore = "writes a file for timing by hand"]
fn write_big_ledger() {
    let rows: usize = std::env::var("DAOCHA_PERF_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let path = std::env::var("DAOCHA_BIG_LEDGER").unwrap_or_else(|_| "/tmp/台账-100k.xlsx".into());
    let data = daocha::demo::DemoData::generate_sized(
        u32::try_from(rows / 2).unwrap(),
        u32::try_from(rows - rows / 2).unwrap(),
    );
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let headers = [
        "案件编号",
        "决定书文号",
        "当事人",
        "违法行为",
        "立案日期",
        "决定日期",
        "罚款金额（元）",
        "没收金额",
        "执行情况",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write(0, u16::try_from(c).unwrap(), *h).unwrap();
    }
    for (r, e) in data.ledger.iter().take(rows).enumerate() {
        let r = u32::try_from(r + 1).unwrap();
        sheet.write(r, 0, e.case_no.as_str()).unwrap();
        sheet.write(r, 1, e.decision_no.as_str()).unwrap();
        sheet.write(r, 2, e.party.as_str()).unwrap();
        sheet.write(r, 3, e.violation.as_str()).unwrap();
        sheet.write(r, 4, e.filing_date.map(|d| d.to_string()).unwrap_or_default()).unwrap();
        sheet.write(r, 5, e.decision_date.map(|d| d.to_string()).unwrap_or_default()).unwrap();
        #[allow(clippy::cast_precision_loss)]
        sheet.write(r, 6, e.fine.0 as f64 / 100.0).unwrap();
        sheet.write(r, 7, 0.0).unwrap();
        sheet.write(r, 8, e.execution.as_str()).unwrap();
    }
    book.save(&path).unwrap();
    eprintln!("{path}: {} bytes", std::fs::metadata(&path).unwrap().len());
}

/// A case-file index whose 执法人员 and 执法证号 headers are each merged over two columns, one
/// officer a column, as units lay them out: both officers are read (only the first was, and
/// `check` then reported 执法人员不足二人). Read whole (the window) and by `daocha import` (a sheet
/// too small to stream, and one large enough to stream, which is read whole again once its merges
/// are known) alike.
#[test]
fn a_header_merged_over_one_column_per_officer_names_them_all() {
    let dir = tempfile::tempdir().unwrap();
    for rows in [3u32, 600] {
        let home = dir.path().join(format!("db{rows}"));
        std::fs::create_dir_all(&home).unwrap();
        let (db, inspection) = new_db(&home);
        let path = dir.path().join(format!("案卷{rows}.xlsx"));
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        let bold = Format::new().set_bold();
        sheet.merge_range(0, 0, 0, 5, "2017年行政处罚案卷目录", &bold).unwrap();
        for (c, text) in ["序号", "决定书文号", "立案日期"].iter().enumerate() {
            sheet.write_string(1, u16::try_from(c).unwrap(), *text).unwrap();
        }
        sheet.merge_range(1, 3, 1, 4, "执法人员", &bold).unwrap();
        sheet.merge_range(1, 5, 1, 6, "执法证号", &bold).unwrap();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        for i in 0..rows {
            let r = 2 + i;
            sheet.write_number(r, 0, f64::from(i + 1)).unwrap();
            sheet.write_string(r, 1, format!("鲅市监罚〔2017〕{}号", i + 1)).unwrap();
            sheet.write_datetime_with_format(r, 2, ExcelDateTime::from_ymd(2017, 3, 5).unwrap(), &date).unwrap();
            sheet.write_string(r, 3, "李堃").unwrap();
            // The last row has one officer: the second column empty.
            if i + 1 < rows {
                sheet.write_string(r, 4, "宋金堃").unwrap();
                sheet.write_string(r, 6, "21080160102").unwrap();
            }
            sheet.write_string(r, 5, "21080160101").unwrap();
        }
        book.save(&path).unwrap();

        let table = read_table(&path, ImportKind::Cases).unwrap();
        let parsed = parse_table(&table, ImportKind::Cases, inspection);
        assert!(parsed.bad.is_empty(), "{:?}", parsed.bad);
        let officers: Vec<Vec<(String, String)>> = parsed
            .rows
            .iter()
            .map(|r| match &r.record {
                ParsedRecord::CaseFile(case) => {
                    case.officers.iter().map(|o| (o.name.clone(), o.cert_no.clone())).collect()
                }
                other => panic!("not a case file: {other:?}"),
            })
            .collect();
        let both =
            vec![("李堃".to_string(), "21080160101".to_string()), ("宋金堃".to_string(), "21080160102".to_string())];
        assert_eq!(officers.len(), rows as usize);
        assert_eq!(officers[0], both, "{rows} rows, read whole");
        assert_eq!(officers.last().unwrap(), &both[..1].to_vec());

        let (code, stdout, stderr) = import_cli(&db, &inspection.to_string(), "cases", &path, false);
        assert_eq!(code, 0, "{stdout}{stderr}");
        let (code, dump, stderr) = daocha(&["dump", "--db", db.to_str().unwrap(), "--json"]);
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(dump.matches("\"宋金堃\"").count(), rows as usize - 1, "{rows} rows, by the command line");
    }
}
