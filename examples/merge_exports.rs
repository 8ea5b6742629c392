#![allow(clippy::expect_used)]

//! Writes the merge benchmark's exported files and its team database into a directory that is
//! kept, to merge them with whole `daocha merge` processes (and compare two builds' results):
//! `cargo run --release --example merge_exports -- DIR` (`DAOCHA_MERGE_FILES`, default 20).
//! DIR gets `laptop0.daocha` … and `team.db` (copy it before each merge: a merge changes it).

#[path = "../benches/support/exported.rs"]
mod support;

fn main() {
    let n: usize = std::env::var("DAOCHA_MERGE_FILES").ok().and_then(|v| v.parse().ok()).unwrap_or(20);
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("usage: merge_exports DIR"));
    std::fs::create_dir_all(&dir).expect("dir");
    let (files, _) = support::exported_files(&dir, n);
    // Only the exports and the team database are wanted: the laptops' own databases go.
    for i in 0..n {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(dir.join(format!("laptop{i}.db{suffix}")));
        }
    }
    for f in &files {
        println!("{}", f.display());
    }
}
