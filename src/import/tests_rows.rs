//! Rows as units really write them (shaped like the files an outsider brought): total rows with
//! text in the key column, padded names, statuses, roster categories and sections.

use std::sync::atomic::AtomicBool;

use super::*;
use crate::domain::{Id, Inspection, LedgerEntry, OfficerCategory, Receipt};

fn table(rows: &[&[&str]]) -> RawTable {
    let rows: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    RawTable::from_rows("测试.xlsx", &rows)
}

fn parse_all(kind: ImportKind, table: &RawTable) -> Parsed {
    let header = find_header(kind, table, None);
    let mapping = recognise(kind, &header, None).unwrap();
    parse(table, &mapping, Id::<Inspection>::from_uuid(uuid::Uuid::nil()), &no_progress, &AtomicBool::new(false))
        .unwrap()
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

fn ledger(parsed: &Parsed) -> Vec<&LedgerEntry> {
    parsed
        .rows
        .iter()
        .map(|r| match &r.record {
            ParsedRecord::LedgerEntry(entry) => entry,
            other => panic!("not a ledger entry: {other:?}"),
        })
        .collect()
}

fn left_out_rows(parsed: &Parsed, kind: LeftOut) -> Vec<u32> {
    parsed.ignored.iter().filter(|r| r.kind == kind).map(|r| r.row).collect()
}

#[test]
fn total_rows_with_text_in_the_key_column_are_left_out() {
    // ledger_total_in_key.xlsx
    let parsed = parse_all(
        ImportKind::Ledger,
        &table(&[
            &["序号", "决定书文号", "当事人", "罚款金额", "没收金额"],
            &["1", "鲅市监罚〔2017〕1号", "甲", "5000", "0"],
            &["2", "鲅市监罚〔2017〕2号", "乙", "3000", "0"],
            &["", "合计：2件", "", "8000", "0"],
            &["本月合计", "", "", "8000", "0"],
        ]),
    );
    assert!(parsed.is_clean(), "{:?}", parsed.bad);
    assert_eq!(ledger(&parsed).len(), 2);
    assert_eq!(left_out_rows(&parsed, LeftOut::Total), vec![4, 5]);
    // receipts_total_in_key.xlsx
    let parsed = parse_all(
        ImportKind::Receipts,
        &table(&[
            &["序号", "收据编号", "缴款人", "金额"],
            &["1", "0001", "甲", "5000"],
            &["2", "0002", "乙", "3000"],
            &["", "合计：2张", "", "8000"],
            &["", "共2张", "合计", "8000"],
        ]),
    );
    assert!(parsed.is_clean(), "{:?}", parsed.bad);
    assert_eq!(receipts(&parsed).iter().map(|r| r.receipt_no.as_str()).collect::<Vec<_>>(), ["0001", "0002"]);
    assert_eq!(left_out_rows(&parsed, LeftOut::Total), vec![4, 5]);
    // receipts_merged_totals.xlsx
    let parsed = parse_all(
        ImportKind::Receipts,
        &table(&[
            &["序号", "收据编号", "缴款日期", "缴款人", "金额", "决定书文号"],
            &["1", "0001", "2017-03-05", "张三", "1000", "鲅市监罚〔2017〕1号"],
            &["2", "0002", "2017-03-05", "张三", "500", "鲅市监罚〔2017〕1号"],
            &["3", "0003", "2017-03-06", "李四", "800", "鲅市监罚〔2017〕2号"],
            &["本月合计", "", "", "", "2300", ""],
            &["合计（元）", "", "", "", "2300", ""],
            &["合计", "0001-0003", "", "", "2300", ""],
            &["2017年合计", "", "", "", "2300", ""],
        ]),
    );
    assert!(parsed.is_clean(), "{:?}", parsed.bad);
    assert_eq!(receipts(&parsed).len(), 3);
    assert_eq!(left_out_rows(&parsed, LeftOut::Total), vec![5, 6, 7, 8]);
    assert!(parsed.ignored[0].reason.contains("本月合计"), "{}", parsed.ignored[0].reason);
}

#[test]
fn a_receipt_whose_number_is_not_a_total_stays_a_record() {
    // A real number beside a 合计 word elsewhere, and a range that does not count up, are records.
    let parsed = parse_all(
        ImportKind::Receipts,
        &table(&[
            &["收据编号", "缴款人", "金额", "备注"],
            &["0001", "甲", "5000", "合计"],
            &["2017-0003", "乙", "3000", "小计"],
        ]),
    );
    assert!(parsed.is_clean(), "{:?}", parsed.bad);
    assert_eq!(receipts(&parsed).len(), 2);
    // A count in a text column of a row without its key is no total: the row is refused.
    let parsed = parse_all(
        ImportKind::Ledger,
        &table(&[
            &["决定书文号", "当事人", "违法行为", "罚款金额"],
            &["鲅市监罚〔2017〕1号", "甲", "累计3次", "5000"],
            &["", "乙", "累计3次", "3000"],
        ]),
    );
    assert_eq!(ledger(&parsed).len(), 1);
    assert_eq!(parsed.bad_row_numbers(), vec![3]);
}

#[test]
fn a_decision_number_must_look_like_one() {
    let parsed = parse_all(
        ImportKind::Receipts,
        &table(&[
            &["收据编号", "缴款人", "金额", "决定书文号"],
            &["0001", "甲", "1", "500.00"],
            &["0002", "乙", "2", "3"],
            &["0003", "丙", "3", "鲅市监罚〔2017〕3号"],
            &["0004", "丁", "4", "罚字第12号"],
        ]),
    );
    assert_eq!(receipts(&parsed).len(), 2);
    assert_eq!(parsed.bad_row_numbers(), vec![2, 3]);
    assert!(parsed.bad[0].reason.contains("不像决定书文号"), "{}", parsed.bad[0].reason);
}

fn case_officers(parsed: &Parsed) -> Vec<Vec<(String, String)>> {
    parsed
        .rows
        .iter()
        .map(|r| match &r.record {
            ParsedRecord::CaseFile(case) => case.officers.iter().map(|o| (o.name.clone(), o.cert_no.clone())).collect(),
            other => panic!("not a case file: {other:?}"),
        })
        .collect()
}

fn officers(parsed: &Parsed) -> Vec<&crate::domain::Officer> {
    parsed
        .rows
        .iter()
        .map(|r| match &r.record {
            ParsedRecord::Officer(officer) => officer,
            other => panic!("not an officer: {other:?}"),
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(n, c)| (n.to_string(), c.to_string())).collect()
}

#[test]
fn names_padded_to_align_are_one_name() {
    // roster_padded.xlsx
    let parsed = parse_all(
        ImportKind::Roster,
        &table(&[
            &["姓名", "执法证号", "有效期至", "人员类别"],
            &["王\u{3000}芳", "2108 0160102", "2019-12-31", "执法人员"],
            &["李\u{3000}明", "21080160103", "2019-12-31", "执法人员"],
        ]),
    );
    assert!(parsed.is_clean(), "{:?}", parsed.bad);
    let roster = officers(&parsed);
    assert_eq!((roster[0].name.as_str(), roster[0].cert_no.as_str()), ("王芳", "21080160102"));
    assert_eq!(roster[1].name, "李明");
    // cases_padded_names.xlsx
    let parsed = parse_all(
        ImportKind::Cases,
        &table(&[
            &["决定书文号", "立案日期", "决定日期", "执法人员", "执法证号"],
            &["鲅市监罚〔2017〕1号", "2017-03-01", "2017-03-05", "王\u{3000}芳、李明", ""],
            &["鲅市监罚〔2017〕2号", "2017-03-01", "2017-03-05", "王 芳、李  明", ""],
            &["鲅市监罚〔2017〕3号", "2017-03-01", "2017-03-05", "王\u{3000}芳、李明", "21080160102、21080160103"],
            &["鲅市监罚〔2017〕4号", "2017-03-01", "2017-03-05", "王\u{3000}芳 李明", ""],
        ]),
    );
    assert!(parsed.is_clean(), "{:?}", parsed.bad);
    let cases = case_officers(&parsed);
    assert_eq!(cases[0], pairs(&[("王芳", ""), ("李明", "")]));
    assert_eq!(cases[1], pairs(&[("王芳", ""), ("李明", "")]));
    assert_eq!(cases[2], pairs(&[("王芳", "21080160102"), ("李明", "21080160103")]));
    assert_eq!(cases[3], pairs(&[("王芳", ""), ("李明", "")]));
}

#[test]
fn officer_lists_as_units_write_them() {
    // cases_officer_forms.xlsx
    let parsed = parse_all(
        ImportKind::Cases,
        &table(&[
            &["决定书文号", "决定日期", "执法人员", "执法证号"],
            &["鲅市监罚〔2017〕1号", "2017-03-05", "李堃（21080160101）、赵彧（21080160102）", ""],
            &["鲅市监罚〔2017〕2号", "2017-03-05", "李堃和赵彧", ""],
            &["鲅市监罚〔2017〕3号", "2017-03-05", "李堃 赵彧", "21080160101 21080160102"],
            &["鲅市监罚〔2017〕4号", "2017-03-05", "李堃、赵彧", "2108 0160101、2108 0160102"],
            &["鲅市监罚〔2017〕5号", "2017-03-05", "主办：李堃 协办：赵彧", ""],
            &["鲅市监罚〔2017〕6号", "2017-03-05", "张和平、李堃(主办)", ""],
        ]),
    );
    assert!(parsed.is_clean(), "{:?}", parsed.bad);
    let cases = case_officers(&parsed);
    assert_eq!(cases[0], pairs(&[("李堃", "21080160101"), ("赵彧", "21080160102")]));
    for case in &cases[1..5] {
        let names: Vec<&str> = case.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["李堃", "赵彧"]);
    }
    assert_eq!(cases[3][0].1, "21080160101");
    assert_eq!(cases[3][1].1, "21080160102");
    assert_eq!(cases[5], pairs(&[("张和平", ""), ("李堃", "")]));
}

#[test]
fn officer_lists_that_cannot_be_told_apart_are_refused() {
    let parsed = parse_all(
        ImportKind::Cases,
        &table(&[
            &["决定书文号", "决定日期", "执法人员", "执法证号"],
            // One character alone beside a name: 王 李明 or 王李 明?
            &["鲅市监罚〔2017〕1号", "2017-03-05", "王 李明", ""],
            // The certificate in brackets and in its column disagree.
            &["鲅市监罚〔2017〕2号", "2017-03-05", "李堃（21080160101）", "21080160109"],
        ]),
    );
    assert_eq!(parsed.bad_row_numbers(), vec![2, 3]);
    assert!(parsed.bad[0].reason.contains("姓名"), "{}", parsed.bad[0].reason);
}

#[test]
fn receipt_statuses_are_read_for_what_they_say() {
    // receipts_status.xlsx, and the statuses units write.
    let parsed = parse_all(
        ImportKind::Receipts,
        &table(&[
            &["收据编号", "缴款人", "金额", "票据状态"],
            &["0001", "张三", "100", "正常"],
            &["0002", "李四", "200", "未作废"],
            &["0003", "王五", "300", "作废后重开"],
            &["0004", "赵六", "400", "已作废"],
            &["0005", "钱七", "500", "红冲"],
            &["0006", "孙八", "600", "有效"],
            &["0007", "周九", "700", "（作废）"],
            &["0008", "吴十", "800", ""],
        ]),
    );
    assert!(parsed.is_clean(), "{:?}", parsed.bad);
    let kept: Vec<&str> = receipts(&parsed).iter().map(|r| r.receipt_no.as_str()).collect();
    assert_eq!(kept, ["0001", "0002", "0003", "0006", "0008"]);
    assert_eq!(left_out_rows(&parsed, LeftOut::Void), vec![5, 6, 8]);
    // A status that is neither: kept, and the inspector told to look.
    assert_eq!(parsed.notes.len(), 1, "{:?}", parsed.notes);
    assert_eq!(parsed.notes[0].row, 4);
    assert!(parsed.notes[0].reason.contains("票据状态"), "{}", parsed.notes[0].reason);
}

#[test]
fn roster_categories_that_deny_are_not_officers() {
    // roster_categories.xlsx
    let parsed = parse_all(
        ImportKind::Roster,
        &table(&[
            &["执法人员名册"],
            &["序号", "姓名", "执法证号", "有效期至", "人员类别"],
            &["1", "刘海涛", "21080160101", "2019-12-31", "在编"],
            &["2", "王芳", "21080160102", "2019-12-31", "非在编"],
            &["3", "李明", "21080160103", "2019-12-31", "非执法人员"],
            &["4", "赵强", "", "", "非公务员"],
            &["5", "孙丽", "21080160105", "2019-12-31", "不在编"],
        ]),
    );
    let roster = officers(&parsed);
    let categories: Vec<(&str, OfficerCategory)> = roster.iter().map(|o| (o.name.as_str(), o.category)).collect();
    assert_eq!(
        categories,
        [
            ("刘海涛", OfficerCategory::Officer),
            ("王芳", OfficerCategory::Auxiliary),
            ("李明", OfficerCategory::Auxiliary),
            ("孙丽", OfficerCategory::Auxiliary),
        ]
    );
    // 非公务员 may still be an officer (事业编制): asked, not guessed.
    assert_eq!(parsed.bad_row_numbers(), vec![6]);
    assert_eq!(parsed.bad[0].column, "人员类别");
}

#[test]
fn roster_sections_give_the_category_of_the_people_under_them() {
    // roster_sections.xlsx
    let parsed = parse_all(
        ImportKind::Roster,
        &table(&[
            &["姓名", "执法证号", "有效期至"],
            &["一、执法人员"],
            &["刘海涛", "21080160101", "2019-12-31"],
            &["何静", "21080160108", "2019-12-31"],
            &["二、辅助人员"],
            &["王小二"],
            &["协管员"],
            &["李大壮"],
        ]),
    );
    assert!(parsed.is_clean(), "{:?}", parsed.bad);
    let roster = officers(&parsed);
    let categories: Vec<(&str, OfficerCategory)> = roster.iter().map(|o| (o.name.as_str(), o.category)).collect();
    assert_eq!(
        categories,
        [
            ("刘海涛", OfficerCategory::Officer),
            ("何静", OfficerCategory::Officer),
            ("王小二", OfficerCategory::Auxiliary),
            ("李大壮", OfficerCategory::Auxiliary),
        ]
    );
    assert_eq!(left_out_rows(&parsed, LeftOut::Heading), vec![2, 5, 7]);
}

#[test]
fn a_csv_row_with_more_fields_than_the_header_is_refused() {
    // receipts_unquoted_comma.csv: 1,500.00 unquoted shifts 文号 into the next field.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("收据.csv");
    std::fs::write(
        &path,
        "收据编号,缴款日期,缴款人,金额,决定书文号\n\
         0001,2017-03-05,张三,1,500.00,鲅市监罚〔2017〕1号\n\
         0002,2017-03-06,李四,800,鲅市监罚〔2017〕2号\n\
         0003,2017-03-07,营口鑫源商贸有限公司,分公司,900,鲅市监罚〔2017〕3号\n\
         0004,2017-03-08,王五,700\n",
    )
    .unwrap();
    let table = read_table(&path, ImportKind::Receipts).unwrap();
    let parsed = parse_all(ImportKind::Receipts, &table);
    assert_eq!(receipts(&parsed).iter().map(|r| r.receipt_no.as_str()).collect::<Vec<_>>(), ["0002", "0004"]);
    assert_eq!(parsed.bad_row_numbers(), vec![2, 4]);
    let first: Vec<&BadRow> = parsed.bad.iter().filter(|b| b.row == 2).collect();
    assert_eq!(first.len(), 1, "one reason for the row, not the shifted cells': {first:?}");
    assert!(first[0].reason.contains("逗号"), "{}", first[0].reason);
    assert!(first[0].reason.contains("引号"), "{}", first[0].reason);
}

#[test]
fn two_decision_numbers_in_one_cell_are_refused() {
    // ledger_two_numbers.xlsx
    let parsed = parse_all(
        ImportKind::Ledger,
        &table(&[
            &["决定书文号", "当事人", "罚款金额"],
            &["鲅市监罚〔2017〕1号、2号", "甲", "100"],
            &["鲅市监罚〔2017〕3号\n鲅市监罚〔2017〕4号", "乙", "200"],
            &["鲅市监罚〔2017〕3号鲅市监罚（2017）4号", "丙", "300"],
            &["决定书文号：鲅市监罚〔2017〕5号", "丁", "400"],
            &["（鲅）罚字第6号", "戊", "500"],
            &["鲅市监罚〔2017〕7号、8", "己", "600"],
        ]),
    );
    assert_eq!(parsed.bad_row_numbers(), vec![2, 3, 4, 7]);
    for bad in &parsed.bad {
        assert!(bad.reason.contains("两个"), "{}", bad.reason);
    }
    let kept: Vec<&str> = ledger(&parsed).iter().map(|e| e.decision_no.as_str()).collect();
    assert_eq!(kept, ["鲅市监罚〔2017〕5号", "（鲅）罚字第6号"]);
}

#[test]
fn a_year_where_a_validity_date_belongs_is_refused_saying_so() {
    // roster_year_only.xlsx: numbers typed into the 有效期至 cells.
    let mut table = table(&[
        &["姓名", "执法证号", "有效期至"],
        &["刘海涛", "21080160101", ""],
        &["何静", "21080160108", ""],
        &["王喆", "21080160109", "2019.12"],
        &["孙丽", "21080160105", ""],
        &["周杰", "21080160106", "2019-12-31"],
    ]);
    table.set_cell(1, 2, calamine::Data::Float(2019.0));
    table.set_cell(2, 2, calamine::Data::Float(2019.12));
    table.set_cell(4, 2, calamine::Data::Float(201_912.0));
    let parsed = parse_all(ImportKind::Roster, &table);
    assert_eq!(parsed.bad_row_numbers(), vec![2, 3, 4, 5]);
    for bad in &parsed.bad {
        assert!(bad.reason.contains("像是年份"), "{bad}");
        assert!(!bad.reason.contains("1905"), "{bad}");
    }
    assert_eq!(officers(&parsed).len(), 1);
}

#[test]
fn a_row_numbering_the_columns_under_the_header_is_no_record() {
    // receipts_lanci_row.xlsx: 栏次 甲|乙|1|2|3 under the header, as statistical forms have.
    let mut grid = table(&[
        &["序号", "收据编号", "缴款人", "金额", "决定书文号"],
        &["甲", "乙", "", "", ""],
        &["1", "0001", "张三", "100", "鲅市监罚〔2017〕1号"],
        &["2", "0002", "李四", "200", "鲅市监罚〔2017〕2号"],
    ]);
    for col in 2..5 {
        grid.set_cell(1, col, calamine::Data::Float((col - 1) as f64));
    }
    // Taken into the header (columns.rs), so not a record.
    let parsed = parse_all(ImportKind::Receipts, &grid);
    assert!(parsed.is_clean(), "{:?}", parsed.bad);
    assert_eq!(receipts(&parsed).iter().map(|r| r.receipt_no.as_str()).collect::<Vec<_>>(), ["0001", "0002"]);
    // A record whose cells happen to be small numbers is not such a row.
    let parsed = parse_all(ImportKind::Receipts, &table(&[&["收据编号", "缴款人", "金额"], &["1", "张三", "3"]]));
    assert_eq!(receipts(&parsed).len(), 1);
}

#[test]
fn excel_text_formulas_in_a_csv_are_their_text() {
    // receipts_excel_eq.csv: ="0017001" keeps the leading zeros when Excel opens the file.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("收据.csv");
    std::fs::write(
        &path,
        "\u{FEFF}收据编号,缴款日期,缴款人,金额,决定书文号\n\
         =\"0017001\",=\"2017-03-05\",张三,=\"1500.00\",鲅市监罚〔2017〕1号\n\
         \t0017002,\t2017-03-06,李四,\t800,鲅市监罚〔2017〕2号\n",
    )
    .unwrap();
    let table = read_table(&path, ImportKind::Receipts).unwrap();
    let parsed = parse_all(ImportKind::Receipts, &table);
    assert!(parsed.is_clean(), "{:?}", parsed.bad);
    let list = receipts(&parsed);
    assert_eq!(list[0].receipt_no, "0017001");
    assert_eq!(list[0].amount, crate::domain::Fen(150_000));
    assert_eq!(list[0].date, chrono::NaiveDate::from_ymd_opt(2017, 3, 5));
    assert_eq!(list[1].receipt_no, "0017002");
}
