//! Exported inspector files for the merge benchmark and `examples/merge_phases.rs`: `n` laptops
//! each holding the demo's shape at 2,500 receipts and 2,500 ledger entries (5,000 cases), each
//! exported and signed as an inspector would.

use std::path::{Path, PathBuf};

use daocha::demo::{DemoData, populate_with};
use daocha::store::Store;

/// Writes `n` exported files under `dir`; returns their paths and the data each holds.
#[allow(clippy::expect_used)]
pub fn exported_files(dir: &Path, n: usize) -> (Vec<PathBuf>, DemoData) {
    let data = DemoData::generate_sized(2_500, 2_500);
    let mut files = Vec::new();
    for i in 0..n {
        let mut store = Store::open(&dir.join(format!("laptop{i}.db"))).expect("store");
        populate_with(&mut store, &data).expect("populate");
        let me = store.current_inspector().expect("inspector");
        daocha::keys::create(&mut store, me, "739251").expect("key");
        let out = dir.join(format!("laptop{i}.daocha"));
        daocha::merge::export::export(&mut store, &out, None, "739251", "inspector").expect("export");
        files.push(out);
    }
    (files, data)
}
