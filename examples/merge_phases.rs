#![allow(clippy::expect_used)]

//! Times the phases of merging exported files (checking an untrusted file, writing its versions)
//! against SQLite's plain ATTACH + INSERT OR IGNORE, to find where a merge spends its time:
//! `cargo run --release --example merge_phases` (`DAOCHA_MERGE_FILES`, default 20).

#[path = "../benches/support/exported.rs"]
mod support;

use std::time::{Duration, Instant};

fn main() {
    let n: usize = std::env::var("DAOCHA_MERGE_FILES").ok().and_then(|v| v.parse().ok()).unwrap_or(20);
    let dir = tempfile::tempdir().expect("dir");
    let (files, _) = support::exported_files(dir.path(), n);
    let mut team = support::team_copy(dir.path(), "team1.db");
    let (mut check, mut write) = (Duration::ZERO, Duration::ZERO);
    let all = Instant::now();
    for f in &files {
        let t = Instant::now();
        let incoming = daocha::merge::read_untrusted(f).expect("valid");
        check += t.elapsed();
        let t = Instant::now();
        let report = daocha::merge::merge_incoming(&mut team, f, &incoming).expect("merge");
        write += t.elapsed();
        assert_eq!(report.status, daocha::merge::Status::Merged);
    }
    let total = all.elapsed();
    // Closing waits for the checkpoint thread and copies what is left of the WAL into the file:
    // work the merge caused, counted separately so the baseline below runs on a quiet disk.
    let t = Instant::now();
    drop(team);
    let close = t.elapsed();
    // The same files into a second team database, checking the next file while writing this one.
    let mut piped = support::team_copy(dir.path(), "team2.db");
    let (t, cpu) = (Instant::now(), cpu_time());
    let reports = daocha::merge::merge_files(&mut piped, &files, |_, _| true).expect("merge");
    let pipelined = t.elapsed();
    let piped_cpu = cpu_time().saturating_sub(cpu);
    assert!(reports.iter().all(|r| r.status == daocha::merge::Status::Merged));
    let t = Instant::now();
    drop(piped);
    let piped_close = t.elapsed();
    // The baseline: SQLite copying the files' rows with no checks at all — the versions alone,
    // and the versions with the derived tables a database needs to be read (heads, current).
    let baseline = |name: &str, copy: &str| {
        let plain = dir.path().join(format!("{name}.db"));
        let conn = rusqlite::Connection::open(&plain).expect("open");
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;").expect("pragmas");
        for sql in daocha::store::schema::MIGRATIONS {
            conn.execute_batch(sql).expect("schema");
        }
        let (t, cpu) = (Instant::now(), cpu_time());
        for f in &files {
            conn.execute("ATTACH ?1 AS f", [f.to_string_lossy().as_ref()]).expect("attach");
            conn.execute_batch(&format!("BEGIN; {copy} COMMIT; DETACH f;")).expect("insert");
        }
        drop(conn);
        let elapsed = t.elapsed();
        println!("  ({name}: CPU {:.2?})", cpu_time().saturating_sub(cpu));
        elapsed
    };
    let versions_only = baseline("plain", "INSERT OR IGNORE INTO versions SELECT * FROM f.versions;");
    let all_tables = baseline(
        "plain_all",
        "INSERT OR IGNORE INTO versions SELECT * FROM f.versions;
         INSERT OR IGNORE INTO heads SELECT * FROM f.heads;
         INSERT OR IGNORE INTO current SELECT * FROM f.current;
         INSERT OR IGNORE INTO blobs SELECT * FROM f.blobs;",
    );
    println!(
        "{n} files: check (read_untrusted) {check:.2?}, write (merge_incoming) {write:.2?}, total {total:.2?} (closing after: {close:.2?})"
    );
    println!(
        "merge_files (check next while writing): {pipelined:.2?}, CPU {piped_cpu:.2?} (closing after: {piped_close:.2?})"
    );
    for (name, attach) in [("versions", versions_only), ("versions, heads, current, blobs", all_tables)] {
        println!(
            "ATTACH + INSERT OR IGNORE of {name} (closing included): {attach:.2?} → ratio {:.2} one by one, {:.2} pipelined, {:.2} pipelined with closing",
            total.as_secs_f64() / attach.as_secs_f64(),
            pipelined.as_secs_f64() / attach.as_secs_f64(),
            (pipelined + piped_close).as_secs_f64() / attach.as_secs_f64(),
        );
    }
}

/// The CPU time (user and system) of this process so far, all threads, from `/proc/self/stat`
/// (Linux; zero elsewhere).
fn cpu_time() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return Duration::ZERO };
    // The fields after the command's name (which is in parentheses and may hold spaces).
    let Some(rest) = stat.rsplit_once(')').map(|(_, rest)| rest) else { return Duration::ZERO };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name.
    let ticks: u64 = [11, 12].iter().filter_map(|i| fields.get(*i)?.parse::<u64>().ok()).sum();
    Duration::from_millis(ticks * 10)
}
