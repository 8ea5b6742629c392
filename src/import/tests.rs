//! The import pipeline over in-memory tables and a real store: recognition, parsing, bad rows,
//! the all-or-nothing commit, cancel, saved mappings.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDate;

use super::*;
use crate::domain::taxonomy::UnitKind;
use crate::domain::{CaseFile, Fen, Id, Inspection, LedgerEntry, Officer, OfficerCategory, OfficerRef, Receipt};
use crate::inspection::{NewInspection, create};
use crate::store::Store;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn table(rows: &[&[&str]]) -> RawTable {
    let rows: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    RawTable::from_rows("测试.xlsx", &rows)
}

fn store() -> (tempfile::TempDir, Store, Id<Inspection>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let inspection = create(
        &mut store,
        &NewInspection {
            unit_name: "区市场监督管理局".into(),
            domain: "市场监管".into(),
            unit_kind: UnitKind::District,
            date: ymd(2017, 9, 20),
            place: "局机关".into(),
            inspectors: vec!["赵彧".into()],
            recording_no: String::new(),
        },
    )
    .unwrap();
    (dir, store, inspection)
}

fn counts(store: &Store) -> (i64, i64) {
    let versions = store.conn().query_row("SELECT count(*) FROM versions", [], |r| r.get(0)).unwrap();
    let audit = store.conn().query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).unwrap();
    (versions, audit)
}

fn never() -> AtomicBool {
    AtomicBool::new(false)
}

fn parse_all(kind: ImportKind, table: &RawTable, inspection: Id<Inspection>) -> Parsed {
    let header = find_header(kind, table, None);
    let mapping = recognise(kind, &header, None).unwrap();
    parse(table, &mapping, inspection, &no_progress, &never()).unwrap()
}

fn receipts(parsed: &Parsed) -> Vec<&Receipt> {
    parsed
        .rows
        .iter()
        .map(|r| match &r.record {
            ParsedRecord::Receipt(receipt) => receipt,
            other => panic!("not a receipt: {other:?}"),
        })
        .collect()
}

#[test]
fn receipts_in_any_order_below_a_title_with_extra_columns() {
    let (_dir, _store, inspection) = store();
    let table = table(&[
        &["2017年罚没款收据登记表"],
        &[],
        &["序号", "金额（元）", "备注", "决定书文号", "缴款人", "收款日期", "票据号"],
        &["1", "1,500.00", "", "鲅市监罚[2017]第012号", "王某", "2017/3/5", "0012345"],
        &["2", "壹仟伍佰元整", "现金", "鲅市监罚（2017）12号", "李某", "2017年3月5日", "0012346"],
        &[],
        &["3", "￥1500.5", "", "", "某公司", "20170305", "0012347"],
        &["4", "1500元", "", "鲅市监罚 【2017】 012 号", "", "2017.03.05", "0012348"],
    ]);
    let header = find_header(ImportKind::Receipts, &table, None);
    assert_eq!(header.row_number, 3);
    let parsed = parse_all(ImportKind::Receipts, &table, inspection);
    assert!(parsed.is_clean(), "{:?}", parsed.bad);
    assert_eq!(parsed.rows.iter().map(|r| r.row).collect::<Vec<_>>(), vec![4, 5, 7, 8]);
    let list = receipts(&parsed);
    assert_eq!(list[0].receipt_no, "0012345");
    assert_eq!(list[0].amount, Fen(150_000));
    assert_eq!(list[1].amount, Fen(150_000));
    assert_eq!(list[2].amount, Fen(150_050));
    assert_eq!(list[3].amount, Fen(150_000));
    for receipt in &list {
        assert_eq!(receipt.date, Some(ymd(2017, 3, 5)));
        assert_eq!(receipt.inspection_id, inspection);
    }
    let official = |r: &Receipt| r.decision_no.as_ref().map(|d| d.as_str().to_string());
    assert_eq!(official(list[0]).as_deref(), Some("鲅市监罚〔2017〕12号"));
    assert_eq!(official(list[1]).as_deref(), Some("鲅市监罚〔2017〕12号"));
    assert_eq!(official(list[2]), None);
    assert_eq!(official(list[3]).as_deref(), Some("鲅市监罚〔2017〕12号"));
    assert_eq!(list[0].payer, "王某");
    assert_eq!(list[3].payer, "");
}

#[test]
fn bad_rows_are_listed_and_nothing_is_written_without_skip() {
    let (_dir, mut store, inspection) = store();
    let table = table(&[
        &["收据编号", "缴款日期", "缴款人", "金额", "决定书文号"],
        &["A1", "2017-03-05", "王某", "1500", "鲅市监罚〔2017〕1号"],
        &["A2", "2017-02-30", "李某", "abc", "鲅市监罚〔2017〕2号"],
        &["A3", "2017-03-07", "张某", "-200", ""],
        &["", "2017-03-08", "赵某", "300", ""],
        &["A5", "2017-03-09", "钱某", "12.345", ""],
        &["A6", "2017-03-10", "孙某", "600", ""],
    ]);
    let parsed = parse_all(ImportKind::Receipts, &table, inspection);
    assert_eq!(parsed.rows.len(), 2);
    assert_eq!(parsed.bad_rows, 4);
    assert_eq!(parsed.bad_row_numbers(), vec![3, 4, 5, 6]);
    // Row 3 has two problems, both listed.
    let row3: Vec<&BadRow> = parsed.bad.iter().filter(|b| b.row == 3).collect();
    assert_eq!(row3.len(), 2);
    assert_eq!(row3[0].column, "缴款日期");
    assert_eq!(row3[0].value, "2017-02-30");
    assert!(row3[0].reason.contains("不存在"), "{}", row3[0].reason);
    assert_eq!(row3[1].column, "金额");
    assert_eq!(row3[1].to_string(), format!("第 3 行 · 金额 · “abc”：{}", row3[1].reason));
    assert!(row3[1].reason.contains("无法识别的金额"));
    let row4 = parsed.bad.iter().find(|b| b.row == 4).unwrap();
    assert!(row4.reason.contains("不能为负数"), "{}", row4.reason);
    let row5 = parsed.bad.iter().find(|b| b.row == 5).unwrap();
    assert_eq!(row5.column, "收据编号");
    assert!(row5.reason.contains("为空"));
    let row6 = parsed.bad.iter().find(|b| b.row == 6).unwrap();
    assert!(row6.reason.contains("两位小数"), "{}", row6.reason);

    let before = counts(&store);
    let refused = commit(&mut store, &parsed, false, &no_progress, &never()).unwrap_err();
    assert!(matches!(refused, ImportError::BadRows { rows: 4, problems: 5, good: 2 }), "{refused:?}");
    assert!(refused.to_string().contains("未导入任何数据"));
    assert_eq!(counts(&store), before);
    assert!(store.list_in::<Receipt, _>(inspection).unwrap().is_empty());

    let report = commit(&mut store, &parsed, true, &no_progress, &never()).unwrap();
    assert_eq!(report.imported, 2);
    assert_eq!(report.skipped_rows, 4);
    assert_eq!(report.skipped.len(), 5);
    assert_eq!(report.created.len(), 2);
    let after = counts(&store);
    assert_eq!(after, (before.0 + 2, before.1 + 1), "two versions, one audit entry");
    let (action, summary, n): (String, String, i64) = store
        .conn()
        .query_row("SELECT action, summary, n_versions FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(action, "import.receipts");
    assert_eq!(n, 2);
    assert!(summary.contains("罚没款收据 2 条") && summary.contains("跳过有误的行 4 行"), "{summary}");
    let stored: Vec<String> =
        store.list_in::<Receipt, _>(inspection).unwrap().into_iter().map(|s| s.value.receipt_no).collect();
    assert_eq!(stored, vec!["A1", "A6"]);
    assert!(crate::store::audit::verify(store.conn()).unwrap().first_break.is_none());
}

#[test]
fn a_clean_file_is_one_command() {
    let (_dir, mut store, inspection) = store();
    let table = table(&[
        &["案号", "决定书文号", "被处罚人", "案由", "立案日期", "作出决定日期", "罚款（元）", "没收金额", "执行情况"],
        &["2017-001", "鲅市监罚[2017]1号", "甲公司", "无照经营", "2017-01-03", "2017-02-01", "5000", "无", "已执行"],
        &["2017-002", "鲅市监罚[2017]2号", "乙公司", "虚假宣传", "2017-01-05", "2017-02-03", "0", "", "未执行"],
        &["合计", "", "", "", "", "", "5000", "", ""],
        &[],
        &["", "", "", "", "", "", "", "", "", "制表人：张三"],
    ]);
    let parsed = parse_all(ImportKind::Ledger, &table, inspection);
    assert!(parsed.is_clean(), "{:?}", parsed.bad);
    assert_eq!(parsed.ignored.iter().map(|i| i.row).collect::<Vec<_>>(), vec![4, 6]);
    assert!(parsed.ignored[0].reason.contains("合计"));
    let before = counts(&store);
    let report = commit(&mut store, &parsed, false, &no_progress, &never()).unwrap();
    assert_eq!(report.imported, 2);
    assert_eq!(counts(&store), (before.0 + 2, before.1 + 1));
    let entries = store.list_in::<LedgerEntry, _>(inspection).unwrap();
    assert_eq!(entries[0].value.decision_no.as_str(), "鲅市监罚〔2017〕1号");
    assert_eq!(entries[0].value.fine, Fen(500_000));
    assert_eq!(entries[0].value.confiscation, Fen::ZERO);
    assert_eq!(entries[0].value.decision_date, Some(ymd(2017, 2, 1)));
    assert_eq!(entries[0].value.execution, "已执行");
    assert_eq!(entries[1].value.party, "乙公司");
}

#[test]
fn ledger_rows_need_a_decision_number_and_a_fine() {
    let (_dir, _store, inspection) = store();
    let table = table(&[
        &["案件编号", "决定书文号", "当事人", "违法行为", "立案日期", "决定日期", "罚款金额"],
        &["1", "", "甲", "x", "2017-01-03", "2017-02-01", "100"],
        &["2", "鲅市监罚〔2017〕2号", "乙", "x", "2017-01-03", "2017-02-01", ""],
        &["3", "鲅市监罚〔2017〕3号", "丙", "x", "2017-01-03", "2017-02-01", "—"],
    ]);
    let parsed = parse_all(ImportKind::Ledger, &table, inspection);
    assert_eq!(parsed.rows.len(), 1);
    assert_eq!(parsed.bad[0].row, 2);
    assert_eq!(parsed.bad[0].column, "决定书文号");
    assert_eq!(parsed.bad[1].row, 3);
    assert!(parsed.bad[1].reason.contains("没有罚款请填 0"), "{}", parsed.bad[1].reason);
}

#[test]
fn a_ledgers_amount_columns_are_weighed_against_its_penalty_text() {
    let (_dir, _store, inspection) = store();
    let table = table(&[
        &["决定书文号", "当事人", "罚款金额", "没收金额", "处罚结果"],
        // Agreeing: imported.
        &["鲅市监罚〔2017〕1号", "甲", "5000", "1200", "罚款5000元，没收违法所得1200元"],
        // The fine column says 5000, the text 3000: a problem, not the column's word taken.
        &["鲅市监罚〔2017〕2号", "乙", "5000", "0", "罚款3000元"],
        // 没收金额 0 beside a text that confiscates 1200: the text's amount (0 is a placeholder).
        &["鲅市监罚〔2017〕3号", "丙", "5000", "0", "罚款5000元，没收违法所得1200元"],
        // The columns hold both amounts; a text they do not need and that cannot be read is no problem.
        &["鲅市监罚〔2017〕4号", "丁", "5000", "0", "罚款5000元，并处没收违法所得"],
        // A confiscation column that disagrees with the text.
        &["鲅市监罚〔2017〕5号", "戊", "5000", "800", "罚款5000元，没收违法所得1200元"],
    ]);
    let parsed = parse_all(ImportKind::Ledger, &table, inspection);
    let rows: Vec<u32> = parsed.bad.iter().map(|b| b.row).collect();
    assert_eq!(rows, vec![3, 6], "{:?}", parsed.bad);
    assert_eq!(parsed.bad[0].column, "罚款金额");
    assert!(parsed.bad[0].reason.contains("罚款 3,000.00 元"), "{}", parsed.bad[0].reason);
    assert_eq!(parsed.bad[1].column, "没收金额");
    assert!(parsed.bad[1].reason.contains("处罚结果的文字（没收 1,200.00 元）"), "{}", parsed.bad[1].reason);
    let entries: Vec<_> = parsed
        .rows
        .iter()
        .filter_map(|r| match &r.record {
            ParsedRecord::LedgerEntry(e) => Some((e.decision_no.to_string(), e.fine, e.confiscation)),
            _ => None,
        })
        .collect();
    assert!(entries.contains(&("鲅市监罚〔2017〕3号".to_string(), Fen(500_000), Fen(120_000))), "{entries:?}");
    assert!(entries.contains(&("鲅市监罚〔2017〕4号".to_string(), Fen(500_000), Fen::ZERO)), "{entries:?}");
}

#[test]
fn case_file_officers_keep_their_certificates_in_order() {
    let (_dir, mut store, inspection) = store();
    let table = table(&[
        &[
            "决定书文号",
            "立案日期",
            "告知日期",
            "听证",
            "决定日期",
            "送达日期",
            "执行日期",
            "结案日期",
            "执法人员",
            "执法证号",
        ],
        &[
            "鲅市监罚〔2017〕12号",
            "2017-03-01",
            "2017-03-10",
            "已告知未申请",
            "2017-03-20",
            "2017-03-22",
            "2017-04-01",
            "2017-04-05",
            "刘海涛、周建华",
            "21080001、21080002",
        ],
        &["鲅市监罚〔2017〕13号", "", "", "", "", "", "", "", "刘海涛，周建华；王强", "21080001,21080002"],
        &["鲅市监罚〔2017〕14号", "", "", "", "", "", "", "", "王强", ""],
    ]);
    let parsed = parse_all(ImportKind::Cases, &table, inspection);
    assert_eq!(parsed.rows.len(), 2);
    assert_eq!(parsed.bad.len(), 1);
    assert_eq!(parsed.bad[0].row, 3);
    assert_eq!(parsed.bad[0].column, "执法证号");
    assert!(parsed.bad[0].reason.contains("执法人员 3 名，执法证号 2 个"), "{}", parsed.bad[0].reason);
    commit(&mut store, &parsed, true, &no_progress, &never()).unwrap();
    let cases = store.list_in::<CaseFile, _>(inspection).unwrap();
    let first = &cases[0].value;
    assert_eq!(
        first.officers,
        vec![
            OfficerRef { name: "刘海涛".into(), cert_no: "21080001".into() },
            OfficerRef { name: "周建华".into(), cert_no: "21080002".into() },
        ]
    );
    assert_eq!(first.hearing, "已告知未申请");
    assert_eq!(first.notice_date, Some(ymd(2017, 3, 10)));
    assert_eq!(first.closing_date, Some(ymd(2017, 4, 5)));
    let second = &cases[1].value;
    assert_eq!(second.officers, vec![OfficerRef { name: "王强".into(), cert_no: String::new() }]);
    assert_eq!(second.filing_date, None);
}

#[test]
fn roster_categories_and_open_ended_certificates() {
    let (_dir, _store, inspection) = store();
    let table = table(&[
        &["姓名", "证件编号", "有效期限", "人员类别"],
        &["刘海涛", "21080001", "2019-12-31", "执法人员"],
        &["周建华", "21080002", "长期", "行政执法人员"],
        &["孙小明", "", "", "辅助人员"],
        &["钱多多", "", "", "临时工"],
    ]);
    let parsed = parse_all(ImportKind::Roster, &table, inspection);
    let officers: Vec<&Officer> = parsed
        .rows
        .iter()
        .map(|r| match &r.record {
            ParsedRecord::Officer(o) => o,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(officers.len(), 3);
    assert_eq!(officers[0].valid_until, Some(ymd(2019, 12, 31)));
    assert_eq!(officers[1].valid_until, None);
    assert_eq!(officers[1].category, OfficerCategory::Officer);
    assert_eq!(officers[2].category, OfficerCategory::Auxiliary);
    assert_eq!(parsed.bad[0].row, 5);
    assert!(parsed.bad[0].reason.contains("“执法人员”或“辅助人员”"));
}

#[test]
fn a_header_without_rows_is_refused() {
    let (_dir, _store, inspection) = store();
    let table = table(&[&["标题"], &["姓名", "执法证号", "有效期至", "人员类别"], &[], &[]]);
    let header = find_header(ImportKind::Roster, &table, None);
    let mapping = recognise(ImportKind::Roster, &header, None).unwrap();
    let err = parse(&table, &mapping, inspection, &no_progress, &never()).unwrap_err();
    assert!(matches!(err, ImportError::NoDataRows { header_row: 2 }), "{err:?}");
    assert!(err.to_string().contains("只有表头"));
}

#[test]
fn an_unknown_inspection_is_refused() {
    let (_dir, mut store, inspection) = store();
    let table = table(&[&["姓名", "执法证号", "有效期至", "人员类别"], &["刘海涛", "1", "", "执法人员"]]);
    let other: Id<Inspection> = Id::from_uuid(uuid::Uuid::nil());
    let parsed = parse_all(ImportKind::Roster, &table, other);
    let before = counts(&store);
    let err = commit(&mut store, &parsed, false, &no_progress, &never()).unwrap_err();
    assert!(matches!(err, ImportError::InspectionNotFound(_)), "{err:?}");
    assert!(err.to_string().contains("找不到检查"));
    assert_eq!(counts(&store), before);
    assert!(matches!(unit_of(&store, other), Err(ImportError::InspectionNotFound(_))));
    assert!(unit_of(&store, inspection).is_ok());
}

fn big_roster(n: usize) -> RawTable {
    let mut rows = vec![vec!["姓名".to_string(), "执法证号".into(), "有效期至".into(), "人员类别".into()]];
    for i in 0..n {
        rows.push(vec![format!("人员{i}"), format!("{i:08}"), "2020-01-01".into(), "执法人员".into()]);
    }
    RawTable::from_rows("名册.csv", &rows)
}

#[test]
fn progress_is_reported_and_cancel_rolls_back() {
    let (_dir, mut store, inspection) = store();
    let table = big_roster(2_500);
    let header = find_header(ImportKind::Roster, &table, None);
    let mapping = recognise(ImportKind::Roster, &header, None).unwrap();
    let reports = std::cell::RefCell::new(Vec::new());
    let parsed = parse(&table, &mapping, inspection, &|p| reports.borrow_mut().push(p), &never()).unwrap();
    assert_eq!(parsed.rows.len(), 2_500);
    let seen = reports.borrow().clone();
    assert_eq!(seen.first().map(|p| (p.done, p.total)), Some((0, 2_500)));
    assert!(seen.iter().any(|p| p.done == 1_000 && p.phase == Phase::Parsing));
    assert_eq!(seen.last().map(|p| p.fraction()), Some(1.0));

    // Cancelled before it starts.
    let cancel = AtomicBool::new(true);
    assert!(matches!(parse(&table, &mapping, inspection, &no_progress, &cancel), Err(ImportError::Cancelled)));

    // Cancelled half-way through writing: nothing is kept.
    let before = counts(&store);
    let cancel = AtomicBool::new(false);
    let writes = Cell::new(0);
    let on_progress = |p: Progress| {
        if p.phase == Phase::Writing && p.done >= 1_000 {
            writes.set(p.done);
            cancel.store(true, Ordering::Relaxed);
        }
    };
    let err = commit(&mut store, &parsed, false, &on_progress, &cancel).unwrap_err();
    assert!(matches!(err, ImportError::Cancelled), "{err:?}");
    assert_eq!(writes.get(), 1_000);
    assert_eq!(counts(&store), before);
    assert!(store.list_in::<Officer, _>(inspection).unwrap().is_empty());

    // And the same data goes in when not cancelled.
    let report = commit(&mut store, &parsed, false, &no_progress, &never()).unwrap();
    assert_eq!(report.imported, 2_500);
    assert_eq!(counts(&store), (before.0 + 2_500, before.1 + 1));
}

#[test]
fn a_mapping_made_by_hand_is_remembered_for_the_unit() {
    let (_dir, store, inspection) = store();
    let unit = unit_of(&store, inspection).unwrap();
    // (票号 and 文号 name their columns since issue 13; 凭证号 and 依据 still name none.)
    let file = table(&[
        &["凭证号", "交费时间", "缴款人", "数额", "依据"],
        &["A1", "2017-03-05", "王某", "1500", "鲅市监罚〔2017〕1号"],
    ]);
    assert_eq!(saved_mapping(&store, unit, ImportKind::Receipts).unwrap(), None);
    let header = find_header(ImportKind::Receipts, &file, None);
    // Only 缴款人 is recognised: no header row by the rule, so the first row is offered.
    assert!(!header.recognised);
    let missing = recognise(ImportKind::Receipts, &header, None).unwrap_err();
    // Only what a receipt cannot be made without is required.
    assert_eq!(missing.missing, vec![Field::ReceiptNo, Field::Amount]);
    let mut mapping = missing.mapping;
    mapping.set(Field::ReceiptNo, Some(0));
    mapping.set(Field::PaymentDate, Some(1));
    mapping.set(Field::Amount, Some(3));
    mapping.set(Field::DecisionNo, Some(4));
    remember_mapping(&store, unit, &mapping).unwrap();

    // Next year's file: a title row, the columns moved.
    let next = table(&[
        &["2018年收据"],
        &["数额", "依据", "凭证号", "缴款人", "交费时间"],
        &["2000", "鲅市监罚〔2018〕1号", "B1", "周某", "2018-01-02"],
    ]);
    let saved = saved_mapping(&store, unit, ImportKind::Receipts).unwrap().unwrap();
    let header = find_header(ImportKind::Receipts, &next, Some(&saved));
    assert!(header.recognised);
    assert_eq!(header.row_number, 2);
    let mapping = recognise(ImportKind::Receipts, &header, Some(&saved)).unwrap();
    let parsed = parse(&next, &mapping, inspection, &no_progress, &never()).unwrap();
    let list = receipts(&parsed);
    assert_eq!(list[0].receipt_no, "B1");
    assert_eq!(list[0].amount, Fen(200_000));
    assert_eq!(list[0].date, Some(ymd(2018, 1, 2)));
    // Another kind is not affected.
    assert_eq!(saved_mapping(&store, unit, ImportKind::Ledger).unwrap(), None);
}

#[test]
fn everything_a_worker_hands_back_is_send() {
    fn send<T: Send + 'static>() {}
    send::<RawTable>();
    send::<Header>();
    send::<ColumnMapping>();
    send::<MissingColumns>();
    send::<Parsed>();
    send::<ImportReport>();
    send::<ImportError>();
    send::<Progress>();
}

#[test]
fn a_csv_grid_is_the_box_of_its_filled_cells_from_a1() {
    // Blank lines and columns before the table keep the file's row and column numbers; fields of
    // spaces (an ideographic one too) after it do not widen or lengthen the grid.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账.csv");
    std::fs::write(&path, "\n,,\n,区,台账,  \n,1,2,\u{3000}\n  ,  ,\n").unwrap();
    let table = read_table(&path, ImportKind::Ledger).unwrap();
    assert_eq!((table.height(), table.width()), (4, 3));
    assert_eq!(table.text(2, 1), "区");
    assert_eq!(table.text(3, 2), "2");
    assert_eq!(table.text(3, 0), "");
    assert_eq!(table.row_number(2), 3);
}

#[test]
fn a_csv_whose_cells_lie_far_apart_is_refused_before_its_grid_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账.csv");
    std::fs::write(&path, format!("a\n{},,,,,,,,,x\n", "\n".repeat(600_000))).unwrap();
    let error = read_table(&path, ImportKind::Ledger).unwrap_err();
    assert!(matches!(&error, ImportError::SheetTooLarge { cells: 6_000_020, .. }), "{error:?}");
    assert!(error.to_string().contains("A1:J600002"), "{error}");
}

/// A receipts list of `n` rows, row `bad` (0-based data row) with an impossible amount.
fn receipts_table(n: usize, bad: Option<usize>) -> RawTable {
    let mut rows = vec![vec!["收据编号".to_string(), "缴款日期".into(), "缴款人".into(), "金额".into()]];
    for i in 0..n {
        let amount = if Some(i) == bad { "abc".to_string() } else { format!("{}", 100 + i) };
        rows.push(vec![format!("B{i:05}"), "2017-03-05".into(), format!("缴款人{}", i % 13), amount]);
    }
    RawTable::from_rows("收据.csv", &rows)
}

fn found(table: RawTable) -> Found {
    Found::find(ImportKind::Receipts, vec![table], None, &FindOptions::default()).unwrap()
}

#[test]
fn a_streamed_import_writes_what_parse_and_commit_write() {
    let (_a, mut one, inspection_one) = store();
    let parsed = parse_all(ImportKind::Receipts, &receipts_table(2_500, Some(1_800)), inspection_one);
    let committed = commit(&mut one, &parsed, true, &no_progress, &never()).unwrap();
    let (_b, mut two, inspection_two) = store();
    let Streamed::Imported { report, parsed: read, repeated } =
        import_streamed(&mut two, &found(receipts_table(2_500, Some(1_800))), inspection_two, true, &never()).unwrap()
    else {
        panic!("refused")
    };
    assert_eq!((report.imported, report.skipped_rows, report.skipped.clone()), (2_499, 1, committed.skipped.clone()));
    assert!(read.rows.is_empty(), "the records were written and freed as they were read");
    assert!(repeated.is_empty());
    let values = |store: &Store, inspection| -> Vec<Receipt> {
        let mut list: Vec<Receipt> = store
            .list_in::<Receipt, _>(inspection)
            .unwrap()
            .into_iter()
            .map(|r| Receipt { inspection_id: Id::from_uuid(uuid::Uuid::nil()), ..r.value })
            .collect();
        list.sort_by(|a, b| a.receipt_no.cmp(&b.receipt_no));
        list
    };
    assert_eq!(values(&two, inspection_two), values(&one, inspection_one));
    let entry = two.last_audit_entry().unwrap().unwrap();
    assert_eq!(entry.summary, one.last_audit_entry().unwrap().unwrap().summary);
    assert_eq!(entry.n_versions, 2_499);
    assert!(crate::store::audit::verify(two.conn()).unwrap().first_break.is_none());

    // The same file again: every row is named as one the inspection has already.
    let Streamed::Imported { repeated, .. } =
        import_streamed(&mut two, &found(receipts_table(2_500, Some(1_800))), inspection_two, true, &never()).unwrap()
    else {
        panic!("refused")
    };
    assert_eq!(repeated.len(), 2_499);
    assert_eq!(repeated[0], (None, 2));
}

#[test]
fn a_streamed_import_with_a_bad_row_after_written_batches_writes_nothing() {
    let (_dir, mut store, inspection) = store();
    let before = counts(&store);
    // Two batches of rows are written before row 2,502 turns out bad: all of it is rolled back.
    let outcome = import_streamed(&mut store, &found(receipts_table(3_000, Some(2_500))), inspection, false, &never());
    let Ok(Streamed::Refused { parsed, good }) = outcome else { panic!("{outcome:?}") };
    assert_eq!((parsed.bad_rows, good), (1, 2_999));
    assert_eq!(parsed.bad[0].row, 2_502);
    assert_eq!(counts(&store), before);
    // A cancel, too.
    let cancel = AtomicBool::new(true);
    let outcome = import_streamed(&mut store, &found(receipts_table(3_000, None)), inspection, false, &cancel);
    assert!(matches!(outcome, Err(ImportError::Cancelled)), "{outcome:?}");
    assert_eq!(counts(&store), before);
}
