#![allow(clippy::expect_used)]

//! Writes a database of the demo's shape at benchmark size for timing `daocha check` as a whole
//! command and against the SQL anchor (`benches/support/check_anchor.sh`):
//! `cargo run --release --example check_db -- big.db [N2016 N2017]` (default 50,000 each: 100k
//! receipts, 100k ledger entries, 100k case files). Prints the inspection's id.

fn main() {
    let mut args = std::env::args().skip(1);
    let path = std::path::PathBuf::from(args.next().expect("usage: check_db PATH [N2016 N2017]"));
    let n2016: u32 = args.next().map_or(50_000, |a| a.parse().expect("N2016"));
    let n2017: u32 = args.next().map_or(50_000, |a| a.parse().expect("N2017"));
    let data = daocha::demo::DemoData::generate_sized(n2016, n2017);
    let mut store = daocha::store::Store::open(&path).expect("store");
    let summary = daocha::demo::populate_with(&mut store, &data).expect("populate");
    eprintln!("receipts {}, ledger {}, cases {}", summary.receipts, summary.ledger_entries, summary.case_files);
    println!("{}", summary.inspection_id);
}
