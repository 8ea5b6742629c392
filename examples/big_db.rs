//! Writes the demo inspection at any size into a new database, for measuring the window and the
//! command line on a large unit: `cargo run --release --example big_db -- PATH [RECEIPTS]`
//! (default 100000: that many receipts, ledger entries and case files, half 2016 and half 2017).

#![allow(clippy::expect_used)]

use daocha::demo::{DemoData, populate_with};
use daocha::store::Store;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: big_db PATH [RECEIPTS]");
    let n: u32 = args.next().map_or(100_000, |n| n.parse().expect("a number of receipts"));
    let mut store = Store::open(std::path::Path::new(&path)).expect("open");
    assert_eq!(store.version_count().expect("count"), 0, "{path} already holds data");
    let summary = populate_with(&mut store, &DemoData::generate_sized(n / 2, n - n / 2)).expect("populate");
    println!("{path}: {summary:?}");
}
