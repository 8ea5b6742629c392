#![allow(clippy::expect_used)]

//! `check` over 100k receipts, 100k ledger entries and 100k case files (target: well under a
//! second), both the checks alone and reading the inspection from the database first.

use criterion::{Criterion, criterion_group, criterion_main};
use daocha::demo::{DemoData, populate_with};
use daocha::inspection::MaterialSet;
use daocha::reconcile::{CheckConfig, Material, check, refs};
use daocha::store::Store;

fn bench(c: &mut Criterion) {
    let data = DemoData::generate_sized(50_000, 50_000);
    eprintln!("receipts {}, ledger {}, cases {}", data.receipts.len(), data.ledger.len(), data.cases.len());
    let (receipts, ledger, cases, officers) =
        (refs(&data.receipts), refs(&data.ledger), refs(&data.cases), refs(&data.officers));
    let material = Material { receipts: &receipts, ledger: &ledger, cases: &cases, officers: &officers };
    let mut group = c.benchmark_group("check_100k");
    group.sample_size(10);
    group.bench_function("checks_only", |b| b.iter(|| check(material, &CheckConfig::default()).len()));

    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("big.db")).expect("store");
    let summary = populate_with(&mut store, &data).expect("populate");
    group.bench_function("load_and_check", |b| {
        b.iter(|| {
            let material = MaterialSet::load(&store, summary.inspection_id).expect("load");
            material.plain().check(&CheckConfig::default()).len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
