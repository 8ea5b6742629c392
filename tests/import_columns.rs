//! Column recognition on real .xlsx files: what the import says about a workbook's hidden
//! worksheets and about two columns that name one field.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/cli.rs"]
mod cli;
use cli::daocha;

use std::path::Path;

use rust_xlsxwriter::Workbook;

/// Writes a workbook of text sheets: (name, hidden, rows).
fn write_xlsx(path: &Path, sheets: &[(&str, bool, &[&[&str]])]) {
    let mut workbook = Workbook::new();
    for (index, (name, hidden, rows)) in sheets.iter().enumerate() {
        let sheet = workbook.add_worksheet();
        sheet.set_name(*name).unwrap();
        if index == 0 {
            sheet.set_active(true);
        }
        sheet.set_hidden(*hidden);
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                if !text.is_empty() {
                    sheet.write_string(u32::try_from(r).unwrap(), u16::try_from(c).unwrap(), *text).unwrap();
                }
            }
        }
    }
    workbook.save(path).unwrap();
}

fn import(dir: &Path, file: &Path) -> (i32, String, String) {
    let db = dir.join("daocha.db");
    let db = db.to_str().unwrap();
    let (code, id, err) = daocha(&[
        "inspection",
        "create",
        "--db",
        db,
        "--unit",
        "测试局",
        "--domain",
        "市场监管",
        "--date",
        "2017-10-10",
        "--inspector",
        "张三",
    ]);
    assert_eq!(code, 0, "{err}");
    daocha(&["import", "--db", db, "--inspection", id.trim(), "receipts", file.to_str().unwrap()])
}

#[test]
fn a_hidden_worksheet_is_named_as_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("收据.xlsx");
    let header: &[&str] = &["收据编号", "缴款日期", "缴款人", "金额", "决定书文号"];
    write_xlsx(
        &file,
        &[
            ("2017年", false, &[header, &["0017001", "2017-05-01", "李四", "200", "鲅市监罚〔2017〕1号"]]),
            ("2016年", true, &[header, &["0016001", "2016-05-01", "张三", "100", "鲅市监罚〔2016〕1号"]]),
        ],
    );
    let (code, out, err) = import(dir.path(), &file);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("已导入 1 条罚没款收据"), "{out}");
    assert!(err.contains("工作表“2016年”是隐藏的工作表，未读取"), "{err}");
}

#[test]
fn two_amount_columns_are_said_with_the_one_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("收据.xlsx");
    write_xlsx(
        &file,
        &[(
            "Sheet1",
            false,
            &[&["收据编号", "金额", "缴款日期", "缴款人", "金额"], &["0001", "999", "2017-03-05", "张三", "1000"]],
        )],
    );
    let (code, out, err) = import(dir.path(), &file);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("有 2 列都可作为“金额”：B 列“金额”、E 列“金额”，读取的是 B 列"), "{err}");
}

#[test]
fn of_two_amount_columns_the_one_shown_is_read_not_the_hidden_one() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("收据.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, text) in ["收据编号", "金额", "缴款日期", "缴款人", "金额"].iter().enumerate() {
        sheet.write_string(0, u16::try_from(c).unwrap(), *text).unwrap();
    }
    sheet.write_string(1, 0, "0001").unwrap();
    sheet.write_number(1, 1, 999).unwrap();
    sheet.write_string(1, 2, "2017-03-05").unwrap();
    sheet.write_string(1, 3, "张三").unwrap();
    sheet.write_number(1, 4, 1000).unwrap();
    sheet.set_column_hidden(1).unwrap();
    workbook.save(&file).unwrap();
    let (code, out, err) = import(dir.path(), &file);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("有 2 列都可作为“金额”：E 列“金额”、B 列（隐藏）“金额”，读取的是 E 列"), "{err}");
    let db = dir.path().join("daocha.db");
    let (code, dump, err) = daocha(&["dump", "--db", db.to_str().unwrap(), "--json"]);
    assert_eq!(code, 0, "{err}");
    assert!(dump.contains("\"amount\": 100000") || dump.contains("\"amount\":100000"), "{dump}");
    assert!(!dump.contains("99900"), "{dump}");
}

#[test]
fn an_unclear_unit_refuses_a_long_sheet_too() {
    // Long enough to be written while it is read: the refusal must not depend on the length.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("台账.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "罚款1万元以上案件台账").unwrap();
    for (c, text) in ["决定书文号", "当事人", "罚款金额"].iter().enumerate() {
        sheet.write_string(1, u16::try_from(c).unwrap(), *text).unwrap();
    }
    for r in 0..200u32 {
        sheet.write_string(r + 2, 0, format!("鲅市监罚〔2017〕{}号", r + 1)).unwrap();
        sheet.write_string(r + 2, 1, "甲").unwrap();
        sheet.write_number(r + 2, 2, 0.5).unwrap();
    }
    workbook.save(&file).unwrap();
    let db = dir.path().join("daocha.db");
    let db = db.to_str().unwrap();
    let (_, id, _) = daocha(&[
        "inspection",
        "create",
        "--db",
        db,
        "--unit",
        "测试局",
        "--domain",
        "市场监管",
        "--date",
        "2017-10-10",
        "--inspector",
        "张三",
    ]);
    let (code, out, err) = daocha(&["import", "--db", db, "--inspection", id.trim(), "ledger", file.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("第 1 行“罚款1万元以上案件台账”提到了“万元”"), "{err}");
    assert!(!out.contains("已导入"), "{out}");
}
