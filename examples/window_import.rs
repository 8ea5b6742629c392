#![allow(clippy::expect_used)]

//! The window's import as one process, step for step as `ui::import` runs it (the file read
//! whole and its table found; every row read for the review, its records compared with what the
//! inspection has and let go; the rows read again from the table and written as they are read),
//! for its time and peak memory beside `daocha import`, which also streams the sheet itself:
//! `window_import FILE DB INSPECTION` (make the files with `examples/big_ledger`).

use std::sync::atomic::AtomicBool;

use daocha::import::{self, FindOptions, Found, ImportKind};

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: window_import FILE DB INSPECTION";
    let (file, db, inspection) = (args.next().expect(usage), args.next().expect(usage), args.next().expect(usage));
    let inspection = inspection.parse().expect("inspection id");
    let cancel = AtomicBool::new(false);
    let tables = import::read_sheets(file.as_ref()).expect("read");
    memory("read");
    let found = Found::find(ImportKind::Ledger, tables, None, &FindOptions::default()).expect("find");
    memory("found");
    let mut store = daocha::store::Store::open_existing(db.as_ref()).expect("open");
    // The rows read for the review: their problems and the rows the inspection has already,
    // without their records.
    let reviewed = import::review(&store, &found, inspection, &|_| {}, &cancel).expect("review");
    memory("reviewed");
    // The inspector imports all good rows: read again from the table, written as they are read.
    let skip_bad = !reviewed.parsed.is_clean();
    let written =
        import::import_reviewed(&mut store, &found, inspection, skip_bad, &[], &|_| {}, &cancel).expect("write");
    let import::Streamed::Imported { report, .. } = written else { panic!("refused") };
    let already = reviewed.already;
    memory("written");
    println!("{} imported, {} already there", report.imported, already.len());
}

/// Prints the process's resident memory now and at its peak so far (Linux), after `step`.
fn memory(step: &str) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status.lines().find_map(|l| l.strip_prefix(name)).map(|v| v.trim().to_string()).unwrap_or_default()
    };
    eprintln!("{step}: resident {}, peak {}", field("VmRSS:"), field("VmHWM:"));
}
