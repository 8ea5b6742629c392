//! Bad input never panics and never changes the database. Parsers of money, dates and decision
//! numbers take any string (property tests); the spreadsheet and CSV reader takes any bytes; and
//! the corpus in `tests/data/bad/` — truncated xlsx, wrong encoding, empty file, header only,
//! formulas without values, merged header cells, data only on a hidden sheet, dates before 1900,
//! negative amounts, an .xls whose sector table loops and one with a cell in column 49 083 (kept
//! as the fuzzer found them, not regenerated), plus a 10 MB cell and a stray entry at XFD1048576
//! in an .xlsx, an .ods and an .xlsb made at run time — is each answered by `daocha import` with a clear Chinese message, exit
//! status 2, and the database byte-identical.
//!
//! `cargo test --test bad_input -- --ignored regenerate` rewrites the corpus.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use daocha::domain::DecisionNo;
use daocha::domain::Fen;
use daocha::domain::dates::{parse_date, parse_datetime};
use daocha::import::{ImportKind, read_table};
use proptest::prelude::*;

const BIN: &str = env!("CARGO_BIN_EXE_daocha");

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bad")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn text_parsers_never_panic(text in any::<String>()) {
        let _ = Fen::parse(&text);
        let _ = parse_date(&text);
        let _ = parse_datetime(&text);
        let _ = DecisionNo::parse(&text);
    }

    #[test]
    fn text_parsers_never_panic_on_likely_text(text in "[0-9０-９,.¥￥元整壹贰叁肆伍陆柒捌玖拾佰仟万亿角分年月日号/\\-〔〕\\[\\]（）() 第]{0,24}") {
        let _ = Fen::parse(&text);
        let _ = parse_date(&text);
        let _ = DecisionNo::parse(&text);
    }
}

/// How a unit writes a decision number: brackets around the year and around a group in the
/// prefix, a 第, zeros, 號 or 号 or nothing, a label in front, spaces, full-width digits.
#[derive(Clone, Copy)]
struct Spelling {
    brackets: (char, char),
    inner: (char, char),
    di: bool,
    zeros: usize,
    suffix: &'static str,
    label: &'static str,
    space: bool,
    full_width: bool,
}

impl Spelling {
    /// The official form: `鲅市监罚〔2017〕12号`.
    const OFFICIAL: Spelling = Spelling {
        brackets: ('〔', '〕'),
        inner: ('（', '）'),
        di: false,
        zeros: 0,
        suffix: "号",
        label: "",
        space: false,
        full_width: false,
    };

    fn write(self, prefix: &str, year: u32, number: u32) -> String {
        // A bracketed group inside the prefix, as in （鲅）市监罚.
        let prefix = prefix.replace('（', &self.inner.0.to_string()).replace('）', &self.inner.1.to_string());
        let digits = |n: String| {
            if self.full_width {
                n.chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)).collect()
            } else {
                n
            }
        };
        let gap = if self.space { " " } else { "" };
        format!(
            "{}{prefix}{gap}{}{}{}{gap}{}{}{gap}{}",
            self.label,
            self.brackets.0,
            digits(year.to_string()),
            self.brackets.1,
            if self.di { "第" } else { "" },
            digits(format!("{}{number}", "0".repeat(self.zeros))),
            self.suffix,
        )
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn every_spelling_of_a_decision_number_is_one_key(
        prefix in prop::sample::select(vec!["鲅市监罚", "鲅综执罚", "（鲅）市监罚", "营鲅公（治）行罚决字", "鲅环罚字"]),
        year in 2016u32..2030,
        number in 1u32..10_000,
        brackets in prop::sample::select(vec![('〔', '〕'), ('[', ']'), ('（', '）'), ('(', ')'), ('【', '】'), ('［', '］'), ('﹝', '﹞')]),
        inner in prop::sample::select(vec![('（', '）'), ('(', ')'), ('【', '】'), ('[', ']')]),
        di: bool,
        zeros in 0usize..4,
        suffix in prop::sample::select(vec!["号", "號", ""]),
        label in prop::sample::select(vec!["", "决定书：", "处罚决定书文号:", "文号："]),
        space: bool,
        full_width: bool,
    ) {
        let official = Spelling::OFFICIAL.write(prefix, year, number);
        let spelling = Spelling { brackets, inner, di, zeros, suffix, label, space, full_width };
        let written = spelling.write(prefix, year, number);
        let key = DecisionNo::parse(&official).unwrap();
        prop_assert_eq!(key.as_str(), official.as_str(), "the official form is its own key");
        prop_assert_eq!(DecisionNo::parse(&written).unwrap(), key.clone(), "{}", written);
        // Found in a free-text cell too (a receipt's 备注), when the label is one.
        let in_note = Spelling { label: "决定书：", space: false, full_width: false, ..spelling };
        let note = format!("{}，已缴清", in_note.write(prefix, year, number));
        prop_assert_eq!(DecisionNo::find_in(&note).map(|(n, _)| n), Some(key));
    }

    #[test]
    fn numbers_without_a_year_meet_as_well(
        prefix in prop::sample::select(vec!["罚字", "（鲅）罚字", "鲅工商罚字"]),
        inner in prop::sample::select(vec![('（', '）'), ('(', ')'), ('【', '】')]),
        number in 1u32..10_000,
        zeros in 0usize..4,
        suffix in prop::sample::select(vec!["号", "號"]),
    ) {
        let prefix_written = prefix.replace('（', &inner.0.to_string()).replace('）', &inner.1.to_string());
        let official = DecisionNo::parse(&format!("{prefix}第{number}号")).unwrap();
        let written = format!("{prefix_written}第{}{number}{suffix}", "0".repeat(zeros));
        prop_assert_eq!(DecisionNo::parse(&written).unwrap(), official);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn the_reader_never_panics_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..4096), ext in "(csv|xlsx|xls|ods|txt)") {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("input.{ext}"));
        std::fs::write(&path, &bytes).unwrap();
        for kind in ImportKind::ALL {
            let _ = read_table(&path, kind);
        }
    }

    #[test]
    fn the_reader_never_panics_on_damaged_xlsx(cut in 0usize..6000, flip in 0usize..6000) {
        let good = std::fs::read(corpus().join("../receipts.xls")).unwrap_or_default();
        let xlsx = std::fs::read(corpus().join("formulas.xlsx")).unwrap();
        for base in [xlsx, good] {
            let mut bytes = base.clone();
            if !bytes.is_empty() {
                let i = flip % bytes.len();
                bytes[i] ^= 0xa5;
                bytes.truncate(cut.max(1).min(bytes.len()));
            }
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("damaged.xlsx");
            std::fs::write(&path, &bytes).unwrap();
            let _ = read_table(&path, ImportKind::Receipts);
        }
    }
}

fn db_bytes(db: &Path) -> (Vec<u8>, Vec<u8>) {
    (std::fs::read(db).unwrap(), std::fs::read(format!("{}-wal", db.display())).unwrap_or_default())
}

#[test]
fn every_broken_file_gets_a_clear_message_and_leaves_the_database_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let (store, demo) = daocha::demo::create_demo(&db).unwrap();
    drop(store);
    let inspection = demo.inspection_id.to_string();
    let mut files: Vec<(PathBuf, &str)> = vec![
        (corpus().join("truncated.xlsx"), "receipts"),
        (corpus().join("wrong-encoding.csv"), "receipts"),
        (corpus().join("empty.csv"), "receipts"),
        (corpus().join("header-only.xlsx"), "ledger"),
        (corpus().join("formulas.xlsx"), "receipts"),
        (corpus().join("merged-cells.xlsx"), "ledger"),
        (corpus().join("hidden-sheet.xlsx"), "receipts"),
        (corpus().join("dates-before-1900.xlsx"), "cases"),
        (corpus().join("negative-amounts.csv"), "receipts"),
        // Found by fuzzing: 5.7 KB whose sector table loops; calamine alone asked for 8 GB.
        (corpus().join("looping-sectors.xls"), "receipts"),
        // Also found by fuzzing: a cell in column 49 083 of an .xls; calamine asked for 96 GB.
        (corpus().join("far-column.xls"), "receipts"),
    ];
    // A 10 MB cell (made here: too big to keep in the repository).
    let huge = dir.path().join("huge-cell.csv");
    let mut text = String::from("收据编号,缴款日期,缴款人,金额,决定书文号\n0099001,2017-09-01,");
    text.push_str(&"堃".repeat(10 * 1024 * 1024 / 3));
    text.push_str(",100,\n");
    std::fs::write(&huge, text).unwrap();
    files.push((huge, "receipts"));
    // One stray entry at XFD1048576 below a good list: calamine alone would make a grid of 17
    // billion cells (it asked for 512 GB).
    let far = dir.path().join("stray-far-cell.xlsx");
    {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (i, h) in ["收据编号", "缴款日期", "缴款人", "金额", "决定书文号"].iter().enumerate() {
            ws.write_string(0, i as u16, *h).unwrap();
        }
        for (i, v) in ["0099001", "2017-09-01", "赵彧", "100"].iter().enumerate() {
            ws.write_string(1, i as u16, *v).unwrap();
        }
        ws.write_string(1_048_575, 16_383, "x").unwrap();
        wb.save(&far).unwrap();
    }
    files.push((far.clone(), "receipts"));
    // The same in an .ods: calamine refuses it with its own (English) reason, said in ours.
    let far_ods = dir.path().join("stray-far-cell.ods");
    {
        use std::io::Write as _;
        let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        let mut ods = zip::ZipWriter::new(std::fs::File::create(&far_ods).unwrap());
        ods.start_file("mimetype", stored).unwrap();
        ods.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
        ods.start_file("META-INF/manifest.xml", stored).unwrap();
        ods.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
        ods.start_file("content.xml", stored).unwrap();
        let cell = |v: &str| {
            format!(r#"<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>"#)
        };
        let header: String = ["收据编号", "缴款日期", "缴款人", "金额", "决定书文号"].iter().map(|h| cell(h)).collect();
        let row: String = ["0099001", "2017-09-01", "赵彧", "100"].iter().map(|v| cell(v)).collect();
        write!(
            ods,
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="收据"><table:table-row>{header}</table:table-row><table:table-row>{row}</table:table-row><table:table-row table:number-rows-repeated="1048572"><table:table-cell table:number-columns-repeated="16384"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16383"/>{}</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#,
            cell("x")
        )
        .unwrap();
        ods.finish().unwrap();
    }
    files.push((far_ods.clone(), "receipts"));
    // And in an .xlsb.
    let far_xlsb = dir.path().join("stray-far-cell.xlsb");
    let mut cells: Vec<(u32, u32, &str)> = ["收据编号", "缴款日期", "缴款人", "金额", "决定书文号"]
        .iter()
        .enumerate()
        .map(|(c, h)| (0, c as u32, *h))
        .collect();
    cells.extend(["0099001", "2017-09-01", "赵彧", "100"].iter().enumerate().map(|(c, v)| (1, c as u32, *v)));
    cells.push((1_048_575, 16_383, "x"));
    common::write_xlsb(&far_xlsb, "收据", &cells);
    files.push((far_xlsb.clone(), "receipts"));
    for (file, kind) in &files {
        assert!(file.exists(), "missing corpus file {}", file.display());
        let before = db_bytes(&db);
        let out = Command::new(BIN)
            .args(["import", "--db"])
            .arg(&db)
            .args(["--inspection", &inspection, kind])
            .arg(file)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{}: {stderr}", file.display());
        assert!(!stderr.contains("panicked"), "{}: {stderr}", file.display());
        assert!(
            stderr.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{}: message not in Chinese: {stderr}",
            file.display()
        );
        assert_eq!(db_bytes(&db), before, "{} changed the database", file.display());
        if *file == far || *file == far_xlsb {
            assert!(stderr.contains("A1:XFD1048576") && stderr.contains("Ctrl+End"), "{stderr}");
        }
        if *file == far_ods {
            assert!(stderr.contains("范围过大") && stderr.contains("Ctrl+End"), "{stderr}");
            assert!(!stderr.contains("Cell limit"), "calamine's English reason leaked: {stderr}");
        }
    }
}

/// Writes the corpus (run by hand when it needs to change).
#[test]
#[ignore]
fn regenerate() {
    use rust_xlsxwriter::{Format, Workbook};
    let dir = corpus();
    std::fs::create_dir_all(&dir).unwrap();
    // A valid receipts workbook, cut in half.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["收据编号", "缴款日期", "缴款人", "金额", "决定书文号"].iter().enumerate() {
        sheet.write(0, c as u16, *h).unwrap();
    }
    for r in 1..40u32 {
        sheet.write(r, 0, format!("{:07}", 16_000 + r)).unwrap();
        sheet.write(r, 1, "2017-03-05").unwrap();
        sheet.write(r, 2, "李堃").unwrap();
        sheet.write(r, 3, 1500.0).unwrap();
        sheet.write(r, 4, "鲅综执罚〔2017〕12号").unwrap();
    }
    let bytes = book.save_to_buffer().unwrap();
    std::fs::write(dir.join("truncated.xlsx"), &bytes[..bytes.len() / 2]).unwrap();
    // Big5 bytes where GBK or UTF-8 is expected.
    let (big5, _, _) = encoding_rs::BIG5
        .encode("收據編號,繳款日期,繳款人,金額,決定書文號\n0016001,2017-03-05,李堃,1500,鲅綜執罰〔2017〕12號\n");
    std::fs::write(dir.join("wrong-encoding.csv"), &big5).unwrap();
    std::fs::write(dir.join("empty.csv"), b"").unwrap();
    // Header only.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in
        ["案件编号", "决定书文号", "当事人", "违法行为", "立案日期", "决定日期", "罚款金额"].iter().enumerate()
    {
        sheet.write(0, c as u16, *h).unwrap();
    }
    book.save(dir.join("header-only.xlsx")).unwrap();
    // Amounts as formulas with no computed values saved.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["收据编号", "缴款日期", "缴款人", "金额", "决定书文号"].iter().enumerate() {
        sheet.write(0, c as u16, *h).unwrap();
    }
    for r in 1..4u32 {
        sheet.write(r, 0, format!("{:07}", 16_000 + r)).unwrap();
        sheet.write(r, 1, "2017-03-05").unwrap();
        sheet.write(r, 2, "王喆").unwrap();
        sheet.write_formula(r, 3, rust_xlsxwriter::Formula::new("=SUM(F2:F9)").set_result("")).unwrap();
        sheet.write(r, 4, "鲅综执罚〔2017〕12号").unwrap();
    }
    book.save(dir.join("formulas.xlsx")).unwrap();
    // A two-row header with merged cells: 日期 spans 立案/决定, so neither date column is named.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let bold = Format::new().set_bold();
    sheet.merge_range(0, 0, 0, 3, "区综合执法局处罚台账", &bold).unwrap();
    sheet.merge_range(1, 4, 1, 5, "日期", &bold).unwrap();
    for (c, h) in ["案件编号", "决定书文号", "当事人", "违法行为"].iter().enumerate() {
        sheet.write(1, c as u16, *h).unwrap();
    }
    sheet.write(1, 6, "罚款金额").unwrap();
    sheet.write(2, 4, "立案").unwrap();
    sheet.write(2, 5, "决定").unwrap();
    sheet.write(3, 0, "2017-1").unwrap();
    sheet.write(3, 1, "鲅综执罚〔2017〕1号").unwrap();
    book.save(dir.join("merged-cells.xlsx")).unwrap();
    // The data only on a hidden sheet; the visible one is blank.
    let mut book = Workbook::new();
    book.add_worksheet().set_name("说明").unwrap();
    let hidden = book.add_worksheet().set_name("收据").unwrap();
    for (c, h) in ["收据编号", "缴款日期", "缴款人", "金额", "决定书文号"].iter().enumerate() {
        hidden.write(0, c as u16, *h).unwrap();
    }
    hidden.write(1, 0, "0016001").unwrap();
    hidden.set_hidden(true);
    book.save(dir.join("hidden-sheet.xlsx")).unwrap();
    // Dates before 1900 in a case-file index.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["决定书文号", "立案日期", "告知日期", "决定日期", "送达日期", "结案日期", "执法人员", "执法证号"]
        .iter()
        .enumerate()
    {
        sheet.write(0, c as u16, *h).unwrap();
    }
    sheet.write(1, 0, "鲅综执罚〔2017〕12号").unwrap();
    for c in 1..6u16 {
        sheet.write(1, c, "1899-12-31").unwrap();
    }
    sheet.write(1, 6, "刘海涛、周建华").unwrap();
    sheet.write(1, 7, "21080160101、21080160102").unwrap();
    book.save(dir.join("dates-before-1900.xlsx")).unwrap();
    std::fs::write(
        dir.join("negative-amounts.csv"),
        "收据编号,缴款日期,缴款人,金额,决定书文号\n0016001,2017-03-05,李堃,-1500,鲅综执罚〔2017〕12号\n0016002,2017-03-06,王喆,-1,\n",
    )
    .unwrap();
}
