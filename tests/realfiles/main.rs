//! The files law-enforcement units really hand over (made in `files.rs`, one per case of issue
//! 13), each imported and its records checked field by field: nothing refused that a person reads
//! at a glance, nothing misread.
//!
//! `DAOCHA_REALFILES_OUT=/tmp/real cargo test --test realfiles -- --ignored write_all` writes
//! them all with a list (`manifest.tsv`: file, kind, records) to measure a build against.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod files;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;
use daocha::domain::taxonomy::UnitKind;
use daocha::domain::{CaseFile, Fen, Id, Inspection, LedgerEntry, Officer, OfficerCategory, Receipt};
use daocha::import::{self, FindOptions, Found, ImportError, ImportKind, LeftOut, Parsed, ParsedRecord};
use daocha::inspection::{NewInspection, create};
use daocha::store::Store;

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

fn found(path: &Path, kind: ImportKind) -> Found {
    Found::find(kind, import::read_sheets(path).unwrap(), None, &FindOptions::default()).unwrap()
}

fn parse(path: &Path, kind: ImportKind) -> Parsed {
    let inspection = Id::from_uuid(uuid::Uuid::nil());
    found(path, kind).parse(inspection, &import::no_progress, &AtomicBool::new(false)).unwrap()
}

fn records<T>(parsed: &Parsed, of: impl Fn(&ParsedRecord) -> Option<&T>) -> Vec<T>
where
    T: Clone,
{
    parsed.rows.iter().map(|r| of(&r.record).unwrap_or_else(|| panic!("wrong kind: {:?}", r.record)).clone()).collect()
}

fn receipts(parsed: &Parsed) -> Vec<Receipt> {
    records(parsed, |r| if let ParsedRecord::Receipt(x) = r { Some(x) } else { None })
}

fn ledger(parsed: &Parsed) -> Vec<LedgerEntry> {
    records(parsed, |r| if let ParsedRecord::LedgerEntry(x) = r { Some(x) } else { None })
}

fn cases(parsed: &Parsed) -> Vec<CaseFile> {
    records(parsed, |r| if let ParsedRecord::CaseFile(x) = r { Some(x) } else { None })
}

fn officers(parsed: &Parsed) -> Vec<Officer> {
    records(parsed, |r| if let ParsedRecord::Officer(x) = r { Some(x) } else { None })
}

fn clean(parsed: &Parsed) {
    assert!(parsed.is_clean(), "{}", parsed.bad.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"));
}

fn daocha(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_daocha")).args(args).output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn import_cli(db: &Path, inspection: Id<Inspection>, kind: &str, file: &Path) -> (i32, String, String) {
    daocha(&[
        "import",
        "--db",
        db.to_str().unwrap(),
        "--inspection",
        &inspection.to_string(),
        kind,
        file.to_str().unwrap(),
    ])
}

fn decision(text: &str) -> daocha::domain::DecisionNo {
    daocha::domain::DecisionNo::parse(text).unwrap()
}

/// The receipts every version of the zero-padded list must give.
fn check_zero_receipts(list: &[Receipt], what: &str) {
    assert_eq!(list.len(), 8, "{what}");
    for (receipt, (no, date, payer, amount, written)) in list.iter().zip(files::ZERO_RECEIPTS) {
        assert_eq!(receipt.receipt_no, format!("{no:08}"), "{what}: the zeros of the number format stay");
        assert_eq!(receipt.date, Some(NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap()), "{what}");
        assert_eq!(receipt.payer, payer, "{what}");
        assert_eq!(receipt.amount, Fen::from_yuan_f64(amount).unwrap(), "{what}");
        let expected = if written.is_empty() { None } else { Some(decision(written)) };
        assert_eq!(receipt.decision_no, expected, "{what}");
        assert_eq!(receipt.as_written.absent_columns, vec!["payee"], "{what}: the list has no 收款单位");
    }
    // Spellings of one number meet; what was written is kept beside the key.
    assert_eq!(list[1].decision_no.as_ref().unwrap().as_str(), "鲅市监罚〔2017〕13号");
    assert_eq!(list[1].as_written.decision_no, "鲅市监罚[2017]第013號");
    assert_eq!(list[2].decision_no.as_ref().unwrap().as_str(), "鲅市监罚〔2017〕14号");
    assert_eq!(list[3].decision_no.as_ref().unwrap().as_str(), "（鲅）罚字第3号");
    assert_eq!(list[4].decision_no.as_ref().unwrap().as_str(), "鲅市监罚〔2017〕16号");
    assert_eq!(list[0].as_written.decision_no, "", "written as normalised: nothing extra kept");
}

#[test]
fn receipt_numbers_shown_with_zeros_read_alike_in_xlsx_xls_ods_et_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/realfiles");
    let et = dir.path().join("收据.et");
    std::fs::copy(data.join("receipts-zeros.xls"), &et).unwrap();
    for path in [
        files::receipts_zeros_xlsx(dir.path()),
        files::receipts_zeros_csv(dir.path()),
        data.join("receipts-zeros.xls"),
        data.join("receipts-zeros.ods"),
        et,
    ] {
        let parsed = parse(&path, ImportKind::Receipts);
        clean(&parsed);
        let what = path.file_name().unwrap().to_string_lossy().to_string();
        check_zero_receipts(&receipts(&parsed), &what);
        // Title, 填报单位 line, the total (a formula in the workbooks) and the signed footer are
        // left out and listed, not reported as errors.
        let above: Vec<u32> = parsed.above_header.iter().map(|r| r.row).collect();
        assert_eq!(above, vec![1, 2], "{what}");
        let kinds: Vec<(u32, LeftOut)> = parsed.ignored.iter().map(|r| (r.row, r.kind)).collect();
        assert_eq!(kinds, vec![(12, LeftOut::Total), (14, LeftOut::Footer)], "{what}");
    }
}

#[test]
fn the_xlsx_and_the_csv_of_one_list_are_one_list() {
    let dir = tempfile::tempdir().unwrap();
    let (db, inspection) = new_db(dir.path());
    let (code, stdout, stderr) = import_cli(&db, inspection, "receipts", &files::receipts_zeros_xlsx(dir.path()));
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("已导入 8 条罚没款收据"), "{stdout}");
    let (code, stdout, stderr) = import_cli(&db, inspection, "receipts", &files::receipts_zeros_csv(dir.path()));
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("其中 8 行该检查此前已有"), "the second import is flagged: {stdout}");
}

#[test]
fn every_sheet_holding_the_table_is_imported_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = files::ledger_by_year(dir.path());
    let found = found(&path, ImportKind::Ledger);
    let included: Vec<&str> = found.included().map(import::FoundSheet::name).collect();
    assert_eq!(included, vec!["2016年", "2017年"]);
    let summary = found.summary().join("\n");
    assert!(summary.contains("工作表“2016年”：表头在第 2 行，导入"), "{summary}");
    assert!(summary.contains("工作表“填表说明”：没有找到所需的表头，不导入"), "{summary}");
    let parsed = parse(&path, ImportKind::Ledger);
    clean(&parsed);
    assert_eq!(parsed.sheets, vec![("2016年".to_string(), 3), ("2017年".to_string(), 4)]);
    assert!(parsed.source.contains("2016年、2017年"), "{}", parsed.source);
    let entries = ledger(&parsed);
    let expected: Vec<files::LedgerRow> = files::LEDGER_2016.into_iter().chain(files::LEDGER_2017).collect();
    assert_eq!(entries.len(), expected.len());
    for (entry, (case, no, party, violation, f, d, fine)) in entries.iter().zip(expected) {
        assert_eq!(entry.case_no, case);
        assert_eq!(entry.decision_no, decision(no));
        assert_eq!(entry.party, party);
        assert_eq!(entry.violation, violation);
        assert_eq!(entry.filing_date, Some(ymd(i32::from(f.0), u32::from(f.1), u32::from(f.2))));
        assert_eq!(entry.decision_date, Some(ymd(i32::from(d.0), u32::from(d.1), u32::from(d.2))));
        assert_eq!(entry.fine, Fen::from_yuan_f64(fine).unwrap());
        assert_eq!(entry.confiscation, Fen::ZERO);
        assert_eq!(entry.execution, "已缴清");
    }
    assert_eq!(parsed.rows[3].sheet.as_deref(), Some("2017年"), "rows name their sheet");
    // The command line says which sheets it read, and can be told to read one.
    let (db, inspection) = new_db(dir.path());
    let (code, stdout, _) = import_cli(&db, inspection, "ledger", &path);
    assert_eq!(code, 0);
    assert!(stdout.contains("已导入 7 条处罚台账") && stdout.contains("“2016年” 3 条，“2017年” 4 条"), "{stdout}");
    let out = daocha(&[
        "import",
        "--db",
        db.to_str().unwrap(),
        "--inspection",
        &inspection.to_string(),
        "ledger",
        path.to_str().unwrap(),
        "--sheet",
        "2016年",
    ]);
    assert_eq!(out.0, 0, "{}{}", out.1, out.2);
    assert!(out.1.contains("已导入 3 条"), "{}", out.1);
}

#[test]
fn officers_are_split_on_every_separator_and_paired_with_their_certificates() {
    let dir = tempfile::tempdir().unwrap();
    let parsed = parse(&files::cases_officers(dir.path()), ImportKind::Cases);
    clean(&parsed);
    let list = cases(&parsed);
    assert_eq!(list.len(), files::CASE_OFFICERS.len());
    for (case, (no, names, certs)) in list.iter().zip(files::CASE_OFFICERS) {
        assert_eq!(case.decision_no, decision(no));
        let split = |t: &str| t.split(['/', '、', '，', '；', ' ', ',']).map(str::to_string).collect::<Vec<_>>();
        let got: Vec<(String, String)> = case.officers.iter().map(|o| (o.name.clone(), o.cert_no.clone())).collect();
        let want: Vec<(String, String)> = split(names).into_iter().zip(split(certs)).collect();
        assert_eq!(got, want, "{names}");
        assert_eq!(case.filing_date, Some(ymd(2017, 1, 3)));
        assert_eq!(case.notice_date, Some(ymd(2017, 1, 20)), "事先告知书送达日期");
        assert_eq!(case.decision_date, Some(ymd(2017, 2, 1)), "处罚决定时间");
        assert_eq!(case.service_date, Some(ymd(2017, 2, 3)), "决定书送达时间");
        assert_eq!(case.closing_date, Some(ymd(2017, 3, 1)), "结案时间");
        assert_eq!(case.execution_date, None);
    }
}

#[test]
fn amounts_in_wan_are_converted_and_the_unit_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let path = files::ledger_wan_header(dir.path());
    let found = found(&path, ImportKind::Ledger);
    let summary = found.summary().join("\n");
    assert!(summary.contains("“罚款金额（万元）”的单位：万元（表头注明）"), "{summary}");
    let parsed = parse(&path, ImportKind::Ledger);
    clean(&parsed);
    let entries = ledger(&parsed);
    let fines: Vec<(i64, i64)> = entries.iter().map(|e| (e.fine.0, e.confiscation.0)).collect();
    assert_eq!(fines, vec![(500_000, 0), (1_200_000, 120_000), (50_000, 0)]);
    assert_eq!(entries[0].decision_date, Some(ymd(2017, 4, 1)), "处罚决定日期");
    assert_eq!(entries[0].filing_date, None);
    assert_eq!(entries[0].as_written.absent_columns, vec!["case_no", "filing_date", "execution"]);

    // The unit on a line above the table.
    let path = files::ledger_wan_line(dir.path());
    let found = self::found(&path, ImportKind::Ledger);
    assert!(found.summary().join("\n").contains("万元（第 2 行注明）"), "{:?}", found.summary());
    let entries = ledger(&parse(&path, ImportKind::Ledger));
    assert_eq!(entries.iter().map(|e| e.fine.0).collect::<Vec<_>>(), vec![500_000, 1_200_000]);

    // A unit chosen by the inspector for a column whose header says nothing, remembered.
    let plain = dir.path().join("台账-未注明.csv");
    std::fs::write(&plain, "决定书文号,当事人,罚款金额\n鲅市监罚〔2017〕21号,李堃,0.5\n").unwrap();
    let mut found = self::found(&plain, ImportKind::Ledger);
    let primary = found.primary().unwrap();
    assert!(found.summary().join("\n").contains("元（未注明，按元）"), "{:?}", found.summary());
    found.sheets[primary].mapping.set_unit(import::Field::Fine, daocha::domain::money::MoneyUnit::Wan);
    let choices = found.choices(None);
    let again =
        Found::find(ImportKind::Ledger, import::read_sheets(&plain).unwrap(), Some(&choices), &FindOptions::default())
            .unwrap();
    assert!(again.summary().join("\n").contains("万元（已指定）"), "{:?}", again.summary());
    let parsed = again.parse(Id::from_uuid(uuid::Uuid::nil()), &import::no_progress, &AtomicBool::new(false)).unwrap();
    assert_eq!(ledger(&parsed)[0].fine, Fen(500_000));
}

#[test]
fn a_template_with_title_blocks_totals_and_a_signed_footer() {
    let dir = tempfile::tempdir().unwrap();
    let parsed = parse(&files::ledger_template(dir.path()), ImportKind::Ledger);
    clean(&parsed);
    let entries = ledger(&parsed);
    let numbers: Vec<&str> = entries.iter().map(|e| e.decision_no.as_str()).collect();
    assert_eq!(
        numbers,
        vec!["鲅市监罚〔2017〕12号", "鲅市监罚〔2017〕13号", "鲅市监罚〔2017〕14号", "鲅市监罚〔2017〕15号"]
    );
    assert_eq!(entries.iter().map(|e| e.fine.0).collect::<Vec<_>>(), vec![150_000, 80_000, 200_000, 50_000]);
    assert_eq!(entries[3].party, "陈昇");
    assert_eq!(entries[3].filing_date, Some(ymd(2017, 2, 6)));
    assert_eq!(parsed.rows.iter().map(|r| r.row).collect::<Vec<_>>(), vec![6, 7, 10, 12]);
    let left: Vec<(u32, LeftOut)> = parsed.left_out().map(|r| (r.row, r.kind)).collect();
    assert_eq!(
        left,
        vec![
            (1, LeftOut::AboveHeader),
            (2, LeftOut::AboveHeader),
            (5, LeftOut::Heading),
            (8, LeftOut::Total),
            (9, LeftOut::Heading),
            (11, LeftOut::RepeatedHeader),
            (13, LeftOut::Total),
            (14, LeftOut::Total),
            (16, LeftOut::Footer),
            (17, LeftOut::Footer),
            (15, LeftOut::Blank),
        ]
    );
    let heading = parsed.ignored.iter().find(|r| r.row == 5).unwrap();
    assert!(heading.reason.contains("一、一般程序案件"), "{}", heading.reason);
}

#[test]
fn a_two_row_header_with_merged_cells() {
    let dir = tempfile::tempdir().unwrap();
    let path = files::ledger_two_row_header(dir.path());
    let found = found(&path, ImportKind::Ledger);
    let sheet = &found.sheets[0];
    assert_eq!((sheet.header.first_row_number(), sheet.header.row_number), (2, 3));
    assert!(found.summary().join("\n").contains("表头在第 2—3 行（两行表头）"), "{:?}", found.summary());
    assert_eq!(sheet.mapping.unit(import::Field::Fine), daocha::domain::money::MoneyUnit::Yuan);
    let parsed = parse(&path, ImportKind::Ledger);
    clean(&parsed);
    let entries = ledger(&parsed);
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[1].case_no, "2017-002");
    assert_eq!(entries[1].party, "赵彧");
    assert_eq!(entries[1].violation, "销售过期食品");
    assert_eq!(entries[1].filing_date, Some(ymd(2017, 1, 5)), "立案日期 under 日期");
    assert_eq!(entries[1].decision_date, Some(ymd(2017, 2, 3)), "决定日期 under 日期");
    assert_eq!(entries[1].fine, Fen(80_000), "罚款 under 处罚金额（元）");
    assert_eq!(entries[1].confiscation, Fen(120_000), "没收违法所得 under 处罚金额（元）");
    assert_eq!(entries[1].execution, "已缴清");
    assert!(entries[1].as_written.absent_columns.is_empty(), "{:?}", entries[1].as_written);
}

#[test]
fn dates_in_chinese_numerals_dots_and_bare_serials_in_a_gbk_csv() {
    let dir = tempfile::tempdir().unwrap();
    let parsed = parse(&files::cases_chinese_dates_csv(dir.path()), ImportKind::Cases);
    clean(&parsed);
    let list = cases(&parsed);
    assert_eq!(list[0].filing_date, Some(ymd(2017, 1, 3)), "二〇一七年一月三日");
    assert_eq!(list[0].notice_date, Some(ymd(2017, 1, 20)), "2017.1.20");
    assert_eq!(list[0].decision_date, Some(ymd(2017, 2, 1)));
    assert_eq!(list[0].closing_date, Some(ymd(2017, 3, 15)), "二〇一七年三月十五日");
    // The same dates as serials, the column's other dates the evidence.
    assert_eq!(list[1].filing_date, Some(ymd(2017, 1, 3)), "42738");
    assert_eq!(list[1].notice_date, Some(ymd(2017, 1, 18)), "42753");
    assert_eq!(list[1].decision_date, Some(ymd(2017, 2, 1)), "42767");
    assert_eq!(list[1].service_date, Some(ymd(2017, 2, 3)), "42769");
    assert_eq!(list[1].closing_date, Some(ymd(2017, 3, 6)), "42800");
    assert_eq!(list[1].officers[1].name, "陈昇");
    assert_eq!(list[1].officers[1].cert_no, "21080160104");
}

#[test]
fn amounts_in_wan_and_penalties_written_as_sentences() {
    let dir = tempfile::tempdir().unwrap();
    let parsed = parse(&files::ledger_combined_texts(dir.path()), ImportKind::Ledger);
    clean(&parsed);
    let amounts: Vec<(i64, i64)> = ledger(&parsed).iter().map(|e| (e.fine.0, e.confiscation.0)).collect();
    assert_eq!(amounts, vec![(500_000, 120_000), (500_000, 0), (500_000, 0), (300_000, 0)]);
}

#[test]
fn the_2016_shuang_gongshi_layout_is_a_ledger_without_filing_dates() {
    let dir = tempfile::tempdir().unwrap();
    let path = files::shuang_gongshi_2016(dir.path());
    let parsed = parse(&path, ImportKind::Ledger);
    clean(&parsed);
    let entries = ledger(&parsed);
    assert_eq!(entries.len(), 3);
    let first = &entries[0];
    assert_eq!(first.decision_no, decision("鲅市监罚〔2017〕41号"));
    assert_eq!(first.party, "鲅鱼圈区某某商贸有限公司", "行政相对人名称");
    assert_eq!(first.violation, "销售过期食品", "处罚事由 before 处罚名称");
    assert_eq!(first.decision_date, Some(ymd(2017, 6, 1)));
    assert_eq!((first.fine, first.confiscation), (Fen(500_000), Fen(120_000)), "处罚结果 split");
    assert_eq!((entries[1].fine, entries[1].confiscation), (Fen::ZERO, Fen::ZERO), "警告");
    assert_eq!(entries[2].fine, Fen(500_000), "罚款0.5万元");
    assert_eq!(first.case_no, "");
    assert_eq!(first.filing_date, None);
    assert_eq!(first.as_written.absent_columns, vec!["case_no", "filing_date", "execution"]);
    assert!(!parsed.not_provided.is_empty());

    // Imported by the command line, the checks that need 立案日期 say they could not run.
    let (db, inspection) = new_db(dir.path());
    let (code, stdout, stderr) = import_cli(&db, inspection, "ledger", &path);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stderr.contains("文件中没有这些列：立案日期；需要它们的检查将注明无法进行"), "{stderr}");
    assert!(stderr.contains("文件中也没有：案件编号、执行情况（导入后为空）"), "{stderr}");
    let (_, json, _) =
        daocha(&["check", "--db", db.to_str().unwrap(), "--inspection", &inspection.to_string(), "--json"]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let not_run = value["not_run"].as_array().unwrap();
    let messages: Vec<&str> = not_run.iter().filter_map(|n| n["message"].as_str()).collect();
    assert!(messages.iter().any(|m| m.starts_with("处罚台账未提供立案日期")), "{messages:?}");
    let problems = value["problems"].as_array().unwrap();
    assert!(
        !problems.iter().any(|p| p["kind"] == "decision_before_filing" || p["kind"] == "overdue_case"),
        "{problems:?}"
    );
}

#[test]
fn the_2019_shuang_gongshi_layout_in_wan() {
    let dir = tempfile::tempdir().unwrap();
    let parsed = parse(&files::shuang_gongshi_2019(dir.path()), ImportKind::Ledger);
    clean(&parsed);
    let entries = ledger(&parsed);
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].decision_no, decision("鲅市监罚〔2019〕51号"));
    assert_eq!(entries[0].party, "鲅鱼圈区某某商贸有限公司");
    assert_eq!(entries[0].violation, "虚假宣传", "违法行为类型 before 违法事实");
    assert_eq!(entries[0].fine, Fen(500_000), "0.5 万元");
    assert_eq!(entries[0].confiscation, Fen(120_000), "0.12 万元");
    assert_eq!(entries[0].decision_date, Some(ymd(2019, 7, 1)));
    assert_eq!(entries[1].fine, Fen(1_000_000));
    assert_eq!(entries[1].filing_date, None);
}

#[test]
fn a_feishui_export_finds_the_decision_in_remarks_and_leaves_void_receipts_out() {
    let dir = tempfile::tempdir().unwrap();
    let parsed = parse(&files::feishui_receipts(dir.path()), ImportKind::Receipts);
    clean(&parsed);
    let list = receipts(&parsed);
    let numbers: Vec<&str> = list.iter().map(|r| r.receipt_no.as_str()).collect();
    assert_eq!(numbers, vec!["0000101", "0000103", "0000104"], "票据号码; the voided 0000102 is left out");
    assert_eq!(list[0].decision_no, Some(decision("鲅市监罚〔2017〕12号")), "决定书： removed");
    assert_eq!(list[0].as_written.decision_no, "鲅市监罚〔2017〕12号");
    assert_eq!(list[1].decision_no, Some(decision("鲅市监罚〔2017〕13号")));
    assert_eq!(list[2].decision_no, Some(decision("鲅市监罚〔2017〕14号")));
    assert_eq!(list[2].as_written.decision_no, "鲅市监罚（2017）14號");
    assert_eq!(list[0].payer, "李堃", "缴款人（单位）");
    assert_eq!(list[0].payee, "区市场监督管理局", "执收单位名称");
    assert_eq!(list[0].amount, Fen(150_000));
    assert_eq!(list[0].date, Some(ymd(2017, 4, 1)));
    let void = parsed.ignored.iter().find(|r| r.kind == LeftOut::Void).unwrap();
    assert_eq!(void.row, 3);
    assert!(void.reason.contains("0000102") && void.reason.contains("不计入金额"), "{}", void.reason);
}

#[test]
fn the_gongshi_roster_reads_standing_and_validity_ranges() {
    let dir = tempfile::tempdir().unwrap();
    let parsed = parse(&files::gongshi_roster(dir.path()), ImportKind::Roster);
    clean(&parsed);
    let list = officers(&parsed);
    let got: Vec<(&str, &str, Option<NaiveDate>, OfficerCategory)> =
        list.iter().map(|o| (o.name.as_str(), o.cert_no.as_str(), o.valid_until, o.category)).collect();
    assert_eq!(
        got,
        vec![
            ("李堃", "21080160101", Some(ymd(2018, 5, 31)), OfficerCategory::Officer),
            ("赵彧", "21080160102", Some(ymd(2019, 12, 31)), OfficerCategory::Officer),
            ("宋金堃", "", None, OfficerCategory::Auxiliary),
            ("林磊", "21080160107", Some(ymd(2017, 2, 28)), OfficerCategory::Officer),
        ]
    );
    // 执法类别 is the field of enforcement, not the person's standing.
    let found = found(&files::gongshi_roster(dir.path()), ImportKind::Roster);
    let mapping = &found.sheets[0].mapping;
    assert_eq!(mapping.headers[mapping.column(import::Field::Category).unwrap()], "人员性质");
}

#[test]
fn a_word_document_is_named_as_one_with_advice() {
    let dir = tempfile::tempdir().unwrap();
    for path in
        [files::word_docx(dir.path()), files::word_doc(dir.path(), "台账.doc"), files::word_doc(dir.path(), "台账.wps")]
    {
        let err = import::read_sheets(&path).unwrap_err();
        assert!(matches!(err, ImportError::NotATable { .. }), "{}: {err:?}", path.display());
        let text = err.to_string();
        assert!(text.contains("文字文档") && text.contains("不是表格") && text.contains("Excel 或 WPS 表格"), "{text}");
        assert!(!text.contains("Cfb") && !text.contains("Workbook"), "{text}");
    }
}

#[test]
fn every_header_name_of_the_issue_is_recognised() {
    use import::Field as F;
    let names: &[(ImportKind, &[(&str, F)])] = &[
        (
            ImportKind::Receipts,
            &[
                ("编号", F::ReceiptNo),
                ("票号", F::ReceiptNo),
                ("票据号码", F::ReceiptNo),
                ("票据代码", F::ReceiptCode),
                ("缴款人（单位）", F::Payer),
                ("交款人（单位）", F::Payer),
                ("缴款人名称", F::Payer),
                ("付款人", F::Payer),
                ("被处罚人", F::Payer),
                ("处罚决定书号码", F::DecisionNo),
                ("决定书号码", F::DecisionNo),
                ("处罚决定书号", F::DecisionNo),
                ("文号", F::DecisionNo),
                ("填制日期", F::PaymentDate),
                ("缴款时间", F::PaymentDate),
                ("开票时间", F::PaymentDate),
                ("罚款金额", F::Amount),
                ("合计金额", F::Amount),
                ("金额合计", F::Amount),
                ("执收单位名称", F::Payee),
                ("票据状态", F::Status),
                ("备注", F::Remarks),
            ],
        ),
        (
            ImportKind::Ledger,
            &[
                ("行政相对人名称", F::Party),
                ("当事人名称", F::Party),
                ("当事人姓名或名称", F::Party),
                ("相对人名称", F::Party),
                ("企业名称或自然人姓名", F::Party),
                ("处罚事由", F::Violation),
                ("违法事实", F::Violation),
                ("主要违法事实", F::Violation),
                ("违法行为类型", F::Violation),
                ("违法行为名称", F::Violation),
                ("案件名称", F::Violation),
                ("处罚名称", F::Violation),
                ("行政处罚决定文书号", F::DecisionNo),
                ("处罚文书号", F::DecisionNo),
                ("处罚日期", F::DecisionDate),
                ("处罚决定时间", F::DecisionDate),
                ("作出处罚决定日期", F::DecisionDate),
                ("受案日期", F::FilingDate),
                ("立案审批日期", F::FilingDate),
                ("罚没金额", F::Fine),
                ("处罚结果", F::PenaltyText),
                ("处罚内容", F::PenaltyText),
                ("罚款金额（万元）", F::Fine),
                ("没收违法所得、没收非法财物的金额（万元）", F::Confiscation),
                ("立案编号", F::CaseNo),
                ("案卷号", F::CaseNo),
            ],
        ),
        (
            ImportKind::Cases,
            &[
                ("事先告知书送达日期", F::NoticeDate),
                ("告知书送达日期", F::NoticeDate),
                ("告知时间", F::NoticeDate),
                ("处罚决定时间", F::DecisionDate),
                ("决定书送达时间", F::ServiceDate),
                ("送达时间", F::ServiceDate),
                ("结案时间", F::ClosingDate),
                ("结案审批日期", F::ClosingDate),
                ("执法人员姓名", F::Officers),
                ("办案人", F::Officers),
                ("执法证件号码", F::OfficerCerts),
                ("执法证号码", F::OfficerCerts),
                ("证号", F::OfficerCerts),
            ],
        ),
        (
            ImportKind::Roster,
            &[
                ("执法证件号码", F::CertNo),
                ("证件号码", F::CertNo),
                ("有效截止日期", F::ValidUntil),
                ("有效期截止", F::ValidUntil),
                ("人员性质", F::Category),
                ("身份类别", F::Category),
                ("人员身份", F::Category),
            ],
        ),
    ];
    for (kind, headers) in names {
        for (header, field) in *headers {
            assert_eq!(kind.field_for(&import::normalise_header(header)), Some(*field), "{kind:?} {header}");
        }
    }
    assert_eq!(ImportKind::Roster.field_for(&import::normalise_header("执法类别")), None);
}

/// Writes the source of the .xls and .ods fixtures in `tests/data/realfiles` (converted once by
/// LibreOffice, see the README there).
#[test]
#[ignore = "writes the fixtures' source; run by hand"]
fn write_fixture_sources() {
    let out = PathBuf::from(std::env::var("DAOCHA_REALFILES_OUT").unwrap_or_else(|_| "/tmp/daocha-realfiles".into()));
    std::fs::create_dir_all(&out).unwrap();
    let path = files::receipts_zeros_xlsx(&out);
    std::fs::copy(&path, out.join("receipts-zeros.xlsx")).unwrap();
}

/// Writes every realistic file with `manifest.tsv` (file, kind, records or `refused`) into
/// `DAOCHA_REALFILES_OUT`, to import with any build.
#[test]
#[ignore = "writes files to measure builds with; run by hand"]
fn write_all() {
    let out = PathBuf::from(std::env::var("DAOCHA_REALFILES_OUT").unwrap_or_else(|_| "/tmp/daocha-realfiles".into()));
    std::fs::create_dir_all(&out).unwrap();
    let mut manifest = String::new();
    for expected in files::all(&out) {
        let target = out.join(expected.path.file_name().unwrap());
        if expected.path != target {
            std::fs::copy(&expected.path, &target).unwrap();
        }
        let records = expected.records.map_or_else(|| "refused".to_string(), |n| n.to_string());
        manifest.push_str(&format!("{}\t{}\t{records}\n", target.display(), expected.kind));
    }
    std::fs::write(out.join("manifest.tsv"), manifest).unwrap();
}

#[test]
fn a_header_row_given_is_taken_and_a_remembered_one_only_where_it_fits() {
    let dir = tempfile::tempdir().unwrap();
    let path = files::ledger_template(dir.path());
    let (db, inspection) = new_db(dir.path());
    // The header printed again on row 11, named on the command line: only what follows it.
    let out = daocha(&[
        "import",
        "--db",
        db.to_str().unwrap(),
        "--inspection",
        &inspection.to_string(),
        "ledger",
        path.to_str().unwrap(),
        "--header-row",
        "11",
    ]);
    assert_eq!(out.0, 0, "{}{}", out.1, out.2);
    assert!(out.2.contains("表头在第 11 行"), "{}", out.2);
    assert!(out.1.contains("已导入 1 条处罚台账"), "{}", out.1);
    // Remembered from an earlier file, row 11 is no header of this one: the finder's is taken.
    let remembered = import::SavedMapping {
        header_row: Some(import::ChosenHeader { row_number: 3, rows: 1, forced: false }),
        ..Default::default()
    };
    let other = files::ledger_two_row_header(dir.path());
    let found = Found::find(
        ImportKind::Ledger,
        import::read_sheets(&other).unwrap(),
        Some(&remembered),
        &FindOptions::default(),
    )
    .unwrap();
    assert_eq!(found.sheets[0].header.row_number, 3);
    assert_eq!(found.sheets[0].header.height(), 2, "the two-row header found, not row 3 alone");
    let forced = FindOptions {
        header_row: Some(import::ChosenHeader { row_number: 3, rows: 1, forced: true }),
        ..Default::default()
    };
    let found = Found::find(ImportKind::Ledger, import::read_sheets(&other).unwrap(), None, &forced).unwrap();
    assert_eq!(found.sheets[0].header.height(), 1, "given on the command line: taken as given");
}
