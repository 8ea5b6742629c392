#![allow(clippy::expect_used)]

//! Writes a ledger of N rows (the demo's shape, nine columns) as CSV and, with `--xlsx`, as an
//! .xlsx sheet, beside a database holding one inspection to import it into — for measuring a
//! whole `daocha import` of a large file (issue 18: a million rows):
//! `cargo run --release --example big_ledger -- 1000000 /tmp/big [--xlsx]`, then
//! `daocha import --db /tmp/big/big.db --inspection ID ledger /tmp/big/ledger.csv`.

use std::io::Write as _;

fn main() {
    let mut args = std::env::args().skip(1);
    let rows: u32 = args.next().and_then(|n| n.parse().ok()).expect("usage: big_ledger ROWS DIR [--xlsx]");
    let dir = std::path::PathBuf::from(args.next().expect("usage: big_ledger ROWS DIR [--xlsx]"));
    let xlsx = args.any(|a| a == "--xlsx");
    std::fs::create_dir_all(&dir).expect("dir");
    let data = daocha::demo::DemoData::generate_sized(rows / 2, rows - rows / 2);
    let header =
        ["案件编号", "决定书文号", "当事人", "违法行为", "立案日期", "决定日期", "罚款金额", "没收金额", "执行情况"];
    let line = |e: &daocha::domain::LedgerEntry| -> [String; 9] {
        [
            e.case_no.to_string(),
            e.decision_no.to_string(),
            e.party.to_string(),
            e.violation.to_string(),
            e.filing_date.map(|d| d.to_string()).unwrap_or_default(),
            e.decision_date.map(|d| d.to_string()).unwrap_or_default(),
            (e.fine.0 / 100).to_string(),
            "0".into(),
            e.execution.to_string(),
        ]
    };
    let file = std::fs::File::create(dir.join("ledger.csv")).expect("csv");
    let mut csv = std::io::BufWriter::new(file);
    writeln!(csv, "{}", header.join(",")).expect("write");
    for e in &data.ledger {
        writeln!(csv, "{}", line(e).join(",")).expect("write");
    }
    csv.flush().expect("flush");
    if xlsx {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (c, h) in header.iter().enumerate() {
            sheet.write_string(0, c as u16, *h).expect("cell");
        }
        for (r, e) in data.ledger.iter().enumerate() {
            for (c, text) in line(e).iter().enumerate() {
                let row = r as u32 + 1;
                if c == 6 || c == 7 {
                    sheet.write_number(row, c as u16, text.parse::<f64>().expect("number")).expect("cell");
                } else if !text.is_empty() {
                    sheet.write_string(row, c as u16, text).expect("cell");
                }
            }
        }
        book.save(dir.join("ledger.xlsx")).expect("xlsx");
    }
    let db = dir.join("big.db");
    let _ = std::fs::remove_file(&db);
    let mut store = daocha::store::Store::open(&db).expect("store");
    let id = daocha::demo::populate_with(&mut store, &daocha::demo::DemoData::generate_sized(1, 1))
        .expect("demo")
        .inspection_id;
    println!("{} rows; inspection {id}", data.ledger.len());
}
