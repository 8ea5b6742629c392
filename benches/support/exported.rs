//! Exported inspector files for the merge benchmark and `examples/merge_phases.rs`: `n` laptops
//! each holding the demo's shape at 2,500 receipts and 2,500 ledger entries (5,000 cases), each
//! exported and signed as an inspector would.

use std::path::{Path, PathBuf};

use daocha::demo::{DemoData, populate_with};
use daocha::store::Store;

/// The PIN of every key made here.
const PIN: &str = "739251";

/// Writes `n` exported files under `dir`; returns their paths and the data each holds, and a team
/// database (`dir/team.db`, the lead's) with every laptop's key on its roster, to merge them into
/// (a copy of it for each run: a merge is refused by a database that is not a team's).
#[allow(clippy::expect_used)]
pub fn exported_files(dir: &Path, n: usize) -> (Vec<PathBuf>, DemoData) {
    let data = DemoData::generate_sized(2_500, 2_500);
    let mut lead = Store::open(&dir.join("team.db")).expect("team");
    daocha::team::init(&mut lead, "组长", "", PIN).expect("team init");
    let mut files = Vec::new();
    for i in 0..n {
        let mut store = Store::open(&dir.join(format!("laptop{i}.db"))).expect("store");
        populate_with(&mut store, &data).expect("populate");
        let me = store.current_inspector().expect("inspector");
        // Each laptop's inspector under a name of their own, as the roster has them.
        let name = format!("检查员{i}");
        let stored = store.require(me).expect("inspector record");
        let renamed = daocha::domain::Inspector { name: name.clone(), ..stored.value };
        store.write("inspector.update", "改名", |w| w.update(me, stored.version_id, &renamed)).expect("rename");
        let key = daocha::keys::create(&mut store, me, PIN).expect("key");
        daocha::team::add_for(&mut lead, Some(me), &name, &key.hex, "", PIN).expect("team add");
        let out = dir.join(format!("laptop{i}.daocha"));
        daocha::merge::export::export(&mut store, &out, None, PIN, "inspector").expect("export");
        files.push(out);
    }
    (files, data)
}

/// A fresh copy of the team database [`exported_files`] made in `dir`, named `name`.
#[allow(clippy::expect_used, dead_code)]
pub fn team_copy(dir: &Path, name: &str) -> Store {
    let copy = dir.join(name);
    std::fs::copy(dir.join("team.db"), &copy).expect("copy team");
    Store::open(&copy).expect("team")
}
