//! Rows as units really write them (shaped like the files an outsider brought): total rows with
//! text in the key column, padded names, statuses, roster categories and sections.

use std::sync::atomic::AtomicBool;

use super::*;
use crate::domain::{Id, Inspection, LedgerEntry, Receipt};

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
