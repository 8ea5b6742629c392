//! The files units really hand over, made here: Excel/WPS-style templates with titles, 填报单位
//! lines, merged two-row headers, block headings, totals and signed footers; one sheet per year;
//! receipt numbers typed as numbers shown with leading zeros; CSV in GBK as Excel saves it; the
//! national 双公示 layouts of 2016 and 2019; a 非税收入 receipt-system export; a 行政执法公示
//! roster; and a Word document where a table was asked for. Each function writes one file and
//! returns its path; [`all`] lists them with the kind and the records each should give.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::io::Write as _;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet};

/// A cell to write.
pub enum C {
    /// Text.
    T(&'static str),
    /// Owned text.
    S(String),
    /// A number.
    N(f64),
    /// A number shown with a format (e.g. `00000000`).
    F(f64, &'static str),
    /// A date cell.
    D(u16, u8, u8),
    /// Nothing.
    E,
}

pub fn write_rows(sheet: &mut Worksheet, first_row: u32, rows: &[Vec<C>]) {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in rows.iter().enumerate() {
        let r = first_row + u32::try_from(r).unwrap();
        for (c, cell) in row.iter().enumerate() {
            let c = u16::try_from(c).unwrap();
            match cell {
                C::T(t) => {
                    sheet.write_string(r, c, *t).unwrap();
                }
                C::S(t) => {
                    sheet.write_string(r, c, t.as_str()).unwrap();
                }
                C::N(n) => {
                    sheet.write_number(r, c, *n).unwrap();
                }
                C::F(n, format) => {
                    sheet.write_number_with_format(r, c, *n, &Format::new().set_num_format(*format)).unwrap();
                }
                C::D(y, m, d) => {
                    sheet
                        .write_datetime_with_format(r, c, ExcelDateTime::from_ymd(*y, *m, *d).unwrap(), &date)
                        .unwrap();
                }
                C::E => {}
            }
        }
    }
}

fn title(sheet: &mut Worksheet, row: u32, last_col: u16, text: &str) {
    let bold = Format::new().set_bold().set_align(FormatAlign::Center);
    sheet.merge_range(row, 0, row, last_col, text, &bold).unwrap();
}

/// The receipts of a 罚没款收据登记表, receipt numbers typed as numbers and shown `00000000`.
pub const ZERO_RECEIPTS: [(u32, &str, &str, f64, &str); 8] = [
    (3217, "2017-03-05", "李堃", 1500.0, "鲅市监罚〔2017〕12号"),
    (3218, "2017-03-06", "赵彧", 800.0, "鲅市监罚[2017]第013號"),
    (3219, "2017-03-07", "王喆", 2000.0, "决定书：鲅市监罚（2017）14号"),
    (3220, "2017-03-08", "陈昇", 500.0, "(鲅)罚字第03号"),
    (3221, "2017-03-09", "鲅鱼圈区某某商贸有限公司", 5000.0, "鲅市监罚【2017】第0016号"),
    (3222, "2017-03-10", "刘海涛", 300.0, "鲅市监罚〔2017〕17号"),
    (3223, "2017-03-11", "周建华", 1200.5, "鲅市监罚〔2017〕18号"),
    (3224, "2017-03-12", "孙立堃", 100.0, ""),
];

/// 收据-前导零.xlsx: a title, a 填报单位 line, the list, a total with a formula, a signed footer.
pub fn receipts_zeros_xlsx(dir: &Path) -> PathBuf {
    let path = dir.join("收据-前导零.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("罚没款收据").unwrap();
    title(sheet, 0, 5, "2017年罚没款收据登记表");
    write_rows(sheet, 1, &[vec![C::T("填报单位：区市场监督管理局"), C::E, C::E, C::E, C::T("单位：元")]]);
    write_rows(
        sheet,
        2,
        &[vec![
            C::T("序号"),
            C::T("收据编号"),
            C::T("缴款日期"),
            C::T("缴款人"),
            C::T("金额（元）"),
            C::T("决定书文号"),
        ]],
    );
    let rows: Vec<Vec<C>> = ZERO_RECEIPTS
        .iter()
        .enumerate()
        .map(|(i, (no, date, payer, amount, decision))| {
            let (y, m, d) = (2017, 3, 5 + u8::try_from(i).unwrap());
            let _ = date;
            vec![
                C::N(i as f64 + 1.0),
                C::F(f64::from(*no), "00000000"),
                C::D(y, m, d),
                C::T(payer),
                C::N(*amount),
                if decision.is_empty() { C::E } else { C::T(decision) },
            ]
        })
        .collect();
    write_rows(sheet, 3, &rows);
    sheet.write_string(11, 0, "合计").unwrap();
    sheet.write_formula(11, 4, rust_xlsxwriter::Formula::new("=SUM(E4:E11)").set_result("11400.5")).unwrap();
    write_rows(
        sheet,
        13,
        &[vec![C::T("制表人：张三"), C::E, C::T("审核人：李四"), C::E, C::T("制表日期：2017年9月8日")]],
    );
    book.save(&path).unwrap();
    path
}

/// 收据-前导零.csv: the same list as Excel saves it as “CSV（逗号分隔）”: GBK, CRLF, the numbers
/// with their zeros, the total's value.
pub fn receipts_zeros_csv(dir: &Path) -> PathBuf {
    let path = dir.join("收据-前导零.csv");
    let mut text = String::from(
        "2017年罚没款收据登记表,,,,,\r\n填报单位：区市场监督管理局,,,,单位：元,\r\n序号,收据编号,缴款日期,缴款人,金额（元）,决定书文号\r\n",
    );
    for (i, (no, date, payer, amount, decision)) in ZERO_RECEIPTS.iter().enumerate() {
        text.push_str(&format!("{},{no:08},{},{payer},{amount},{decision}\r\n", i + 1, date.replace('-', "/")));
    }
    text.push_str("合计,,,,11400.5,\r\n,,,,,\r\n制表人：张三,,审核人：李四,,制表日期：2017年9月8日,\r\n");
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    std::fs::write(&path, &bytes).unwrap();
    path
}

/// The ledger rows of one year's sheet: (case number, decision number, party, violation, filed,
/// decided, fine).
pub type LedgerRow = (&'static str, &'static str, &'static str, &'static str, (u16, u8, u8), (u16, u8, u8), f64);

pub const LEDGER_2016: [LedgerRow; 3] = [
    ("2016-001", "鲅市监罚〔2016〕1号", "鲅鱼圈区某某商贸有限公司", "销售过期食品", (2016, 1, 4), (2016, 2, 1), 5000.0),
    ("2016-002", "鲅市监罚〔2016〕2号", "李堃", "无照经营", (2016, 3, 1), (2016, 3, 20), 2000.0),
    ("2016-003", "鲅市监罚〔2016〕3号", "赵彧", "虚假宣传", (2016, 5, 6), (2016, 6, 1), 10000.0),
];

pub const LEDGER_2017: [LedgerRow; 4] = [
    ("2017-001", "鲅市监罚〔2017〕12号", "李堃", "无照经营", (2017, 1, 3), (2017, 2, 1), 1500.0),
    ("2017-002", "鲅市监罚〔2017〕13号", "赵彧", "销售过期食品", (2017, 1, 5), (2017, 2, 3), 800.0),
    ("2017-003", "鲅市监罚〔2017〕14号", "王喆", "虚假宣传", (2017, 2, 1), (2017, 3, 1), 2000.0),
    ("2017-004", "（鲅）罚字第3号", "陈昇", "无照经营", (2017, 2, 6), (2017, 3, 2), 500.0),
];

fn ledger_sheet(sheet: &mut Worksheet, year: u16, rows: &[LedgerRow]) {
    title(sheet, 0, 7, &format!("{year}年行政处罚台账"));
    let header = ["案件编号", "决定书文号", "当事人", "违法行为", "立案日期", "决定日期", "罚款金额（元）", "执行情况"];
    write_rows(sheet, 1, &[header.iter().map(|h| C::T(h)).collect()]);
    let data: Vec<Vec<C>> = rows
        .iter()
        .map(|(case, no, party, violation, f, d, fine)| {
            vec![
                C::T(case),
                C::T(no),
                C::T(party),
                C::T(violation),
                C::D(f.0, f.1, f.2),
                C::D(d.0, d.1, d.2),
                C::N(*fine),
                C::T("已缴清"),
            ]
        })
        .collect();
    write_rows(sheet, 2, &data);
}

/// 台账-分年度.xlsx: a notes sheet, then one sheet per year.
pub fn ledger_by_year(dir: &Path) -> PathBuf {
    let path = dir.join("台账-分年度.xlsx");
    let mut book = Workbook::new();
    let notes = book.add_worksheet().set_name("填表说明").unwrap();
    write_rows(notes, 0, &[vec![C::T("1. 金额以元为单位。")], vec![C::T("2. 每年一张工作表。")]]);
    ledger_sheet(book.add_worksheet().set_name("2016年").unwrap(), 2016, &LEDGER_2016);
    ledger_sheet(book.add_worksheet().set_name("2017年").unwrap(), 2017, &LEDGER_2017);
    book.save(&path).unwrap();
    path
}

/// Case files with officers in every spelling: (decision number, officers, certificates).
pub const CASE_OFFICERS: [(&str, &str, &str); 6] = [
    ("鲅市监罚〔2017〕12号", "李堃/赵彧", "21080160101/21080160102"),
    ("鲅市监罚〔2017〕13号", "王喆、陈昇", "21080160103、21080160104"),
    ("鲅市监罚〔2017〕14号", "刘海涛，周建华", "21080160105，21080160106"),
    ("鲅市监罚〔2017〕15号", "宋金堃；林磊", "21080160107；21080160108"),
    ("鲅市监罚〔2017〕16号", "孙立堃 赵彧", "21080160109 21080160102"),
    ("鲅市监罚〔2017〕17号", "李堃,王喆", "21080160101,21080160103"),
];

/// 案卷-执法人员.xlsx: a case-file index with 执法人员姓名 and 执法证件号码 as lists.
pub fn cases_officers(dir: &Path) -> PathBuf {
    let path = dir.join("案卷-执法人员.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("案卷目录").unwrap();
    let header = [
        "决定书文号",
        "立案日期",
        "事先告知书送达日期",
        "处罚决定时间",
        "决定书送达时间",
        "结案时间",
        "执法人员姓名",
        "执法证件号码",
    ];
    write_rows(sheet, 0, &[header.iter().map(|h| C::T(h)).collect()]);
    let rows: Vec<Vec<C>> = CASE_OFFICERS
        .iter()
        .map(|(no, names, certs)| {
            vec![
                C::T(no),
                C::D(2017, 1, 3),
                C::D(2017, 1, 20),
                C::D(2017, 2, 1),
                C::D(2017, 2, 3),
                C::D(2017, 3, 1),
                C::T(names),
                C::T(certs),
            ]
        })
        .collect();
    write_rows(sheet, 1, &rows);
    book.save(&path).unwrap();
    path
}

/// 台账-万元.xlsx: fines in 万元 named in the header.
pub fn ledger_wan_header(dir: &Path) -> PathBuf {
    let path = dir.join("台账-万元.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let header = ["决定书文号", "当事人", "违法行为", "处罚决定日期", "罚款金额（万元）", "没收金额（万元）"];
    write_rows(sheet, 0, &[header.iter().map(|h| C::T(h)).collect()]);
    write_rows(
        sheet,
        1,
        &[
            vec![C::T("鲅市监罚〔2017〕21号"), C::T("李堃"), C::T("无照经营"), C::D(2017, 4, 1), C::N(0.5), C::N(0.0)],
            vec![C::T("鲅市监罚〔2017〕22号"), C::T("赵彧"), C::T("虚假宣传"), C::D(2017, 4, 2), C::N(1.2), C::N(0.12)],
            vec![C::T("鲅市监罚〔2017〕23号"), C::T("王喆"), C::T("无照经营"), C::D(2017, 4, 3), C::T("0.05"), C::E],
        ],
    );
    book.save(&path).unwrap();
    path
}

/// 台账-金额单位万元.xlsx: the unit given once on a line above the table (`金额单位：万元`).
pub fn ledger_wan_line(dir: &Path) -> PathBuf {
    let path = dir.join("台账-金额单位万元.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    title(sheet, 0, 4, "行政处罚台账");
    write_rows(sheet, 1, &[vec![C::T("填报单位：区市场监督管理局"), C::E, C::E, C::T("金额单位：万元")]]);
    let header = ["决定书文号", "当事人", "违法行为", "处罚决定日期", "罚款金额"];
    write_rows(sheet, 2, &[header.iter().map(|h| C::T(h)).collect()]);
    write_rows(
        sheet,
        3,
        &[
            vec![C::T("鲅市监罚〔2017〕21号"), C::T("李堃"), C::T("无照经营"), C::D(2017, 4, 1), C::N(0.5)],
            vec![C::T("鲅市监罚〔2017〕22号"), C::T("赵彧"), C::T("虚假宣传"), C::D(2017, 4, 2), C::N(1.2)],
        ],
    );
    book.save(&path).unwrap();
    path
}

/// 台账-表尾.xlsx: a WPS-style template — title, 填报单位 line, a blank row, the header, block
/// headings with subtotals, the header repeated for the printed second page, a grand total, a
/// signed footer.
pub fn ledger_template(dir: &Path) -> PathBuf {
    let path = dir.join("台账-表尾.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Sheet1").unwrap();
    title(sheet, 0, 7, "区市场监督管理局行政处罚案件登记台账");
    write_rows(
        sheet,
        1,
        &[vec![C::T("填报单位（盖章）：区市场监督管理局"), C::E, C::E, C::E, C::E, C::T("填报日期：2017年9月8日")]],
    );
    let header = ["序号", "案件编号", "决定书文号", "当事人", "违法行为", "立案日期", "决定日期", "罚款金额"];
    let header_row: Vec<C> = header.iter().map(|h| C::T(h)).collect();
    write_rows(sheet, 3, &[header_row]);
    title(sheet, 4, 7, "一、一般程序案件");
    write_rows(
        sheet,
        5,
        &[
            vec![
                C::N(1.0),
                C::T("2017-001"),
                C::T("鲅市监罚〔2017〕12号"),
                C::T("李堃"),
                C::T("无照经营"),
                C::D(2017, 1, 3),
                C::D(2017, 2, 1),
                C::N(1500.0),
            ],
            vec![
                C::N(2.0),
                C::T("2017-002"),
                C::T("鲅市监罚〔2017〕13号"),
                C::T("赵彧"),
                C::T("销售过期食品"),
                C::D(2017, 1, 5),
                C::D(2017, 2, 3),
                C::N(800.0),
            ],
            vec![C::E, C::T("小计"), C::E, C::E, C::E, C::E, C::E, C::N(2300.0)],
        ],
    );
    title(sheet, 8, 7, "二、简易程序案件");
    write_rows(
        sheet,
        9,
        &[vec![
            C::N(3.0),
            C::T("2017-003"),
            C::T("鲅市监罚〔2017〕14号"),
            C::T("王喆"),
            C::T("虚假宣传"),
            C::D(2017, 2, 1),
            C::D(2017, 3, 1),
            C::N(2000.0),
        ]],
    );
    // The header again at the top of the printed second page.
    let again: Vec<C> = header.iter().map(|h| C::T(h)).collect();
    write_rows(sheet, 10, &[again]);
    write_rows(
        sheet,
        11,
        &[
            vec![
                C::N(4.0),
                C::T("2017-004"),
                C::T("鲅市监罚〔2017〕15号"),
                C::T("陈昇"),
                C::T("无照经营"),
                C::D(2017, 2, 6),
                C::D(2017, 3, 2),
                C::N(500.0),
            ],
            vec![C::E, C::T("小计"), C::E, C::E, C::E, C::E, C::E, C::N(2500.0)],
            vec![C::T("合计"), C::E, C::E, C::E, C::E, C::E, C::E, C::N(4800.0)],
            vec![],
            vec![C::T("制表人：张三"), C::E, C::T("审核人：李四"), C::E, C::E, C::T("制表日期：2017年9月8日")],
            vec![C::T("注：本表由法制科每月汇总。")],
        ],
    );
    book.save(&path).unwrap();
    path
}

/// 台账-两行表头.xlsx: 日期 over 立案日期 | 决定日期, 处罚金额（元） over 罚款 | 没收违法所得, the
/// other headers merged down over both rows.
pub fn ledger_two_row_header(dir: &Path) -> PathBuf {
    let path = dir.join("台账-两行表头.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let f = Format::new().set_bold().set_align(FormatAlign::Center);
    title(sheet, 0, 8, "2017年行政处罚台账");
    for (c, h) in ["案件编号", "决定书文号", "当事人", "违法行为"].iter().enumerate() {
        let c = u16::try_from(c).unwrap();
        sheet.merge_range(1, c, 2, c, h, &f).unwrap();
    }
    sheet.merge_range(1, 4, 1, 5, "日期", &f).unwrap();
    sheet.write_string(2, 4, "立案日期").unwrap();
    sheet.write_string(2, 5, "决定日期").unwrap();
    sheet.merge_range(1, 6, 1, 7, "处罚金额（元）", &f).unwrap();
    sheet.write_string(2, 6, "罚款").unwrap();
    sheet.write_string(2, 7, "没收违法所得").unwrap();
    sheet.merge_range(1, 8, 2, 8, "执行情况", &f).unwrap();
    write_rows(
        sheet,
        3,
        &[
            vec![
                C::T("2017-001"),
                C::T("鲅市监罚〔2017〕12号"),
                C::T("李堃"),
                C::T("无照经营"),
                C::D(2017, 1, 3),
                C::D(2017, 2, 1),
                C::N(1500.0),
                C::N(0.0),
                C::T("已缴清"),
            ],
            vec![
                C::T("2017-002"),
                C::T("鲅市监罚〔2017〕13号"),
                C::T("赵彧"),
                C::T("销售过期食品"),
                C::D(2017, 1, 5),
                C::D(2017, 2, 3),
                C::N(800.0),
                C::N(1200.0),
                C::T("已缴清"),
            ],
        ],
    );
    book.save(&path).unwrap();
    path
}

/// 案卷-中文日期.csv (GBK): dates as the 决定书 writes them, with dots, and as bare Excel serials.
pub fn cases_chinese_dates_csv(dir: &Path) -> PathBuf {
    let path = dir.join("案卷-中文日期.csv");
    let text = "决定书文号,立案日期,告知日期,决定日期,送达日期,结案日期,执法人员,执法证号\r\n\
                鲅市监罚〔2017〕12号,二〇一七年一月三日,2017.1.20,二〇一七年二月一日,2017.2.3,二〇一七年三月十五日,李堃、赵彧,21080160101、21080160102\r\n\
                鲅市监罚〔2017〕13号,42738,42753,42767,42769,42800,王喆、陈昇,21080160103、21080160104\r\n";
    let (bytes, _, _) = encoding_rs::GBK.encode(text);
    std::fs::write(&path, &bytes).unwrap();
    path
}

/// 台账-合并金额.xlsx: the penalty as one sentence, and a fine column in 0.5万元 style.
pub fn ledger_combined_texts(dir: &Path) -> PathBuf {
    let path = dir.join("台账-合并金额.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let header = ["决定书文号", "当事人", "违法行为", "决定日期", "罚没金额"];
    write_rows(sheet, 0, &[header.iter().map(|h| C::T(h)).collect()]);
    write_rows(
        sheet,
        1,
        &[
            vec![
                C::T("鲅市监罚〔2017〕31号"),
                C::T("李堃"),
                C::T("无照经营"),
                C::D(2017, 5, 1),
                C::T("罚款5000元，没收违法所得1200元"),
            ],
            vec![C::T("鲅市监罚〔2017〕32号"), C::T("赵彧"), C::T("虚假宣传"), C::D(2017, 5, 2), C::T("0.5万元")],
            vec![
                C::T("鲅市监罚〔2017〕33号"),
                C::T("王喆"),
                C::T("销售过期食品"),
                C::D(2017, 5, 3),
                C::T("罚款人民币伍仟元整"),
            ],
            vec![C::T("鲅市监罚〔2017〕34号"), C::T("陈昇"), C::T("无照经营"), C::D(2017, 5, 4), C::N(3000.0)],
        ],
    );
    book.save(&path).unwrap();
    path
}

/// 双公示-2016.xlsx: the 2016 national 行政处罚 publication layout.
pub fn shuang_gongshi_2016(dir: &Path) -> PathBuf {
    let path = dir.join("双公示-2016.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("行政处罚").unwrap();
    let header = [
        "行政处罚决定书文号",
        "处罚名称",
        "处罚类别1",
        "处罚类别2",
        "处罚事由",
        "处罚依据",
        "行政相对人名称",
        "行政相对人代码_1(统一社会信用代码)",
        "行政相对人代码_2(组织机构代码)",
        "行政相对人代码_3(工商登记码)",
        "行政相对人代码_4(税务登记号)",
        "行政相对人代码_5(居民身份证号)",
        "法定代表人姓名",
        "处罚结果",
        "处罚决定日期",
        "处罚机关",
        "当前状态",
        "地方编码",
        "数据更新时间戳",
        "备注",
    ];
    write_rows(sheet, 0, &[header.iter().map(|h| C::T(h)).collect()]);
    let row = |no: &'static str,
               name: &'static str,
               reason: &'static str,
               party: &'static str,
               result: &'static str,
               d: u8| {
        vec![
            C::T(no),
            C::T(name),
            C::T("罚款"),
            C::E,
            C::T(reason),
            C::T("《中华人民共和国食品安全法》第一百二十四条"),
            C::T(party),
            C::T("91210800MA0XXXXX1X"),
            C::E,
            C::E,
            C::E,
            C::E,
            C::T("王某"),
            C::T(result),
            C::S(format!("2017/6/{d}")),
            C::T("区市场监督管理局"),
            C::T("0"),
            C::T("210804"),
            C::T("2017-06-30 10:00:00"),
            C::E,
        ]
    };
    write_rows(
        sheet,
        1,
        &[
            row(
                "鲅市监罚〔2017〕41号",
                "某某商贸有限公司销售过期食品案",
                "销售过期食品",
                "鲅鱼圈区某某商贸有限公司",
                "罚款5000元，没收违法所得1200元",
                1,
            ),
            row("鲅市监罚〔2017〕42号", "李堃无照经营案", "无照经营", "李堃", "警告", 2),
            row("鲅市监罚〔2017〕43号", "赵彧虚假宣传案", "虚假宣传", "赵彧", "罚款0.5万元", 3),
        ],
    );
    book.save(&path).unwrap();
    path
}

/// 双公示-2019.xlsx: the 2019 layout, amounts in 万元.
pub fn shuang_gongshi_2019(dir: &Path) -> PathBuf {
    let path = dir.join("双公示-2019.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("行政处罚").unwrap();
    let header = [
        "行政相对人名称",
        "行政相对人类别",
        "行政相对人代码_1（统一社会信用代码）",
        "法定代表人",
        "证件类型",
        "证件号码",
        "行政处罚决定书文号",
        "违法行为类型",
        "违法事实",
        "处罚依据",
        "处罚类别",
        "处罚内容",
        "罚款金额（万元）",
        "没收违法所得、没收非法财物的金额（万元）",
        "暂扣或吊销证照名称及编号",
        "处罚决定日期",
        "处罚有效期",
        "公示截止期",
        "处罚机关",
        "处罚机关统一社会信用代码",
        "数据来源单位",
        "数据来源单位统一社会信用代码",
        "备注",
    ];
    write_rows(sheet, 0, &[header.iter().map(|h| C::T(h)).collect()]);
    let row = |party: &'static str,
               no: &'static str,
               kind: &'static str,
               facts: &'static str,
               fine: f64,
               conf: f64,
               d: u8| {
        vec![
            C::T(party),
            C::T("法人及非法人组织"),
            C::T("91210800MA0XXXXX1X"),
            C::T("王某"),
            C::E,
            C::E,
            C::T(no),
            C::T(kind),
            C::T(facts),
            C::T("《中华人民共和国广告法》第五十五条"),
            C::T("罚款"),
            C::T("罚款"),
            C::N(fine),
            C::N(conf),
            C::E,
            C::D(2019, 7, d),
            C::D(2022, 7, d),
            C::D(2020, 7, d),
            C::T("区市场监督管理局"),
            C::T("11210800XXXXXXXX2X"),
            C::T("区市场监督管理局"),
            C::T("11210800XXXXXXXX2X"),
            C::E,
        ]
    };
    write_rows(
        sheet,
        1,
        &[
            row("鲅鱼圈区某某商贸有限公司", "鲅市监罚〔2019〕51号", "虚假宣传", "在网店发布虚假广告", 0.5, 0.12, 1),
            row("鲅鱼圈区某某食品店", "鲅市监罚〔2019〕52号", "销售过期食品", "销售超过保质期的食品", 1.0, 0.0, 2),
        ],
    );
    book.save(&path).unwrap();
    path
}

/// 非税收入票据.xlsx: a receipt-system export; the decision number only in 备注; one voided.
pub fn feishui_receipts(dir: &Path) -> PathBuf {
    let path = dir.join("非税收入票据.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("票据查询结果").unwrap();
    let header = [
        "序号",
        "票据代码",
        "票据号码",
        "开票日期",
        "缴款人（单位）",
        "执收单位名称",
        "收费项目",
        "金额",
        "票据状态",
        "备注",
    ];
    write_rows(sheet, 0, &[header.iter().map(|h| C::T(h)).collect()]);
    let row =
        |i: f64, no: &'static str, d: u8, payer: &'static str, amount: f64, state: &'static str, note: &'static str| {
            vec![
                C::N(i),
                C::T("21060117"),
                C::T(no),
                C::D(2017, 4, d),
                C::T(payer),
                C::T("区市场监督管理局"),
                C::T("罚没收入"),
                C::N(amount),
                C::T(state),
                if note.is_empty() { C::E } else { C::T(note) },
            ]
        };
    write_rows(
        sheet,
        1,
        &[
            row(1.0, "0000101", 1, "李堃", 1500.0, "正常", "决定书：鲅市监罚〔2017〕12号"),
            row(2.0, "0000102", 2, "赵彧", 800.0, "作废", "填写错误"),
            row(3.0, "0000103", 2, "赵彧", 800.0, "正常", "决定书：鲅市监罚[2017]第13号"),
            row(4.0, "0000104", 3, "鲅鱼圈区某某商贸有限公司", 2000.0, "正常", "处罚决定书鲅市监罚（2017）14號"),
        ],
    );
    book.save(&path).unwrap();
    path
}

/// 执法人员公示.xlsx: the 行政执法公示 roster layout.
pub fn gongshi_roster(dir: &Path) -> PathBuf {
    let path = dir.join("执法人员公示.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    title(sheet, 0, 7, "区市场监督管理局行政执法人员公示");
    let header = ["序号", "姓名", "性别", "执法类别", "执法证件号码", "有效期", "人员性质", "所在科室"];
    write_rows(sheet, 1, &[header.iter().map(|h| C::T(h)).collect()]);
    write_rows(
        sheet,
        2,
        &[
            vec![
                C::N(1.0),
                C::T("李堃"),
                C::T("男"),
                C::T("市场监管"),
                C::T("21080160101"),
                C::T("2015.06.01-2018.05.31"),
                C::T("在编"),
                C::T("稽查科"),
            ],
            vec![
                C::N(2.0),
                C::T("赵彧"),
                C::T("女"),
                C::T("市场监管"),
                C::T("21080160102"),
                C::T("2016年1月1日至2019年12月31日"),
                C::T("在编"),
                C::T("稽查科"),
            ],
            vec![C::N(3.0), C::T("宋金堃"), C::T("男"), C::T("市场监管"), C::E, C::E, C::T("协管"), C::T("稽查科")],
            vec![
                C::N(4.0),
                C::T("林磊"),
                C::T("男"),
                C::T("市场监管"),
                C::T("21080160107"),
                C::T("2014-03-01-2017-02-28"),
                C::T("在编"),
                C::T("法制科"),
            ],
        ],
    );
    book.save(&path).unwrap();
    path
}

/// 台账.docx: a Word document (WPS 文字 saves the same) with a table, where a spreadsheet was asked for.
pub fn word_docx(dir: &Path) -> PathBuf {
    let path = dir.join("台账.docx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all("<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>决定书文号</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>".as_bytes()).unwrap();
    zip.finish().unwrap();
    path
}

/// 台账.doc: a Word 97 (or WPS 文字) document: a compound file with a `WordDocument` stream.
pub fn word_doc(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let mut file = cfb::create(&path).unwrap();
    let mut stream = file.create_stream("/WordDocument").unwrap();
    stream.write_all(&[0xEC, 0xA5, 0xC1, 0x00]).unwrap();
    drop(stream);
    file.create_stream("/1Table").unwrap().write_all(&[0; 16]).unwrap();
    file.flush().unwrap();
    path
}

/// What a realistic file should give: the file, the kind, the records.
pub struct Expected {
    pub path: PathBuf,
    pub kind: &'static str,
    /// Records it should import; `None` if it must be refused (a document).
    pub records: Option<usize>,
}

/// Every realistic file made by code, in `dir`, with the fixtures kept in `tests/data/realfiles`.
pub fn all(dir: &Path) -> Vec<Expected> {
    let e = |path: PathBuf, kind: &'static str, records: Option<usize>| Expected { path, kind, records };
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/realfiles");
    let et = dir.join("收据-WPS.et");
    std::fs::copy(data.join("receipts-zeros.xls"), &et).unwrap();
    vec![
        e(receipts_zeros_xlsx(dir), "receipts", Some(8)),
        e(receipts_zeros_csv(dir), "receipts", Some(8)),
        e(data.join("receipts-zeros.xls"), "receipts", Some(8)),
        e(data.join("receipts-zeros.ods"), "receipts", Some(8)),
        e(et, "receipts", Some(8)),
        e(ledger_by_year(dir), "ledger", Some(7)),
        e(cases_officers(dir), "cases", Some(6)),
        e(ledger_wan_header(dir), "ledger", Some(3)),
        e(ledger_wan_line(dir), "ledger", Some(2)),
        e(ledger_template(dir), "ledger", Some(4)),
        e(ledger_two_row_header(dir), "ledger", Some(2)),
        e(cases_chinese_dates_csv(dir), "cases", Some(2)),
        e(ledger_combined_texts(dir), "ledger", Some(4)),
        e(shuang_gongshi_2016(dir), "ledger", Some(3)),
        e(shuang_gongshi_2019(dir), "ledger", Some(2)),
        e(feishui_receipts(dir), "receipts", Some(3)),
        e(gongshi_roster(dir), "roster", Some(4)),
        e(word_docx(dir), "ledger", None),
        e(word_doc(dir, "台账.doc"), "ledger", None),
        e(word_doc(dir, "台账.wps"), "ledger", None),
    ]
}
