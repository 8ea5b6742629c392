#![allow(clippy::expect_used)]

//! Times the phases of a 100k-row ledger import (read, map, parse, commit) and of writing 100k
//! records through the store, to find where an import spends its time:
//! `cargo run --release --example import_phases`.

use std::sync::atomic::AtomicBool;
use std::time::Instant;

use daocha::import::{self, ImportKind};

fn main() {
    let dir = tempfile::tempdir().expect("dir");
    let data = daocha::demo::DemoData::generate_sized(50_000, 50_000);
    let file = dir.path().join("ledger.csv");
    let mut csv = String::from("案件编号,决定书文号,当事人,违法行为,立案日期,决定日期,罚款金额,没收金额,执行情况\n");
    for e in &data.ledger {
        csv.push_str(&format!(
            "{},{},{},{},{},{},{},0,{}\n",
            e.case_no,
            e.decision_no,
            e.party,
            e.violation,
            e.filing_date.map(|d| d.to_string()).unwrap_or_default(),
            e.decision_date.map(|d| d.to_string()).unwrap_or_default(),
            e.fine.0 / 100,
            e.execution
        ));
    }
    std::fs::write(&file, csv).expect("write");
    let cancel = AtomicBool::new(false);
    let runs: usize = std::env::var("DAOCHA_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(5);
    let (mut reads, mut parses, mut commits, mut writes) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for run in 0..runs {
        let mut store = daocha::store::Store::open(&dir.path().join(format!("d{run}.db"))).expect("store");
        let id = daocha::demo::populate_with(&mut store, &daocha::demo::DemoData::generate_sized(1, 1))
            .expect("demo")
            .inspection_id;
        let t = Instant::now();
        let table = import::read_table(&file, ImportKind::Ledger).expect("read");
        reads.push(t.elapsed());
        let header = import::find_header(ImportKind::Ledger, &table, None);
        let mapping = import::recognise(ImportKind::Ledger, &header, None).expect("map");
        let t = Instant::now();
        let parsed = import::parse(&table, &mapping, id, &import::no_progress, &cancel).expect("parse");
        parses.push(t.elapsed());
        let t = Instant::now();
        let report = import::commit(&mut store, &parsed, true, &import::no_progress, &cancel).expect("commit");
        commits.push(t.elapsed());
        assert_eq!(report.imported, 100_000);
        drop(store);

        // The store alone, records already built.
        let mut store = daocha::store::Store::open(&dir.path().join(format!("w{run}.db"))).expect("store");
        let entries: Vec<_> =
            data.ledger.iter().map(|e| daocha::domain::LedgerEntry { inspection_id: id, ..e.clone() }).collect();
        let t = Instant::now();
        store
            .write("bench", "bench", |w| {
                for e in &entries {
                    w.create(e)?;
                }
                Ok(())
            })
            .expect("write");
        writes.push(t.elapsed());
    }
    let show = |name: &str, mut v: Vec<std::time::Duration>| {
        v.sort();
        let ms = |d: std::time::Duration| d.as_millis();
        println!("{name}: min {} ms, median {} ms, max {} ms", ms(v[0]), ms(v[v.len() / 2]), ms(v[v.len() - 1]));
    };
    println!("100k ledger rows (CSV), {runs} runs:");
    show("read", reads);
    show("parse", parses);
    show("commit", commits);
    show("store.write of 100k creates", writes);
}
