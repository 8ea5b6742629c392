#![allow(clippy::expect_used)]

//! Merging 20 exported files of 5k cases each into a team database that has the laptops' keys on
//! its roster, beside SQLite doing a plain `ATTACH` + `INSERT OR IGNORE … SELECT` of the same
//! versions (target: within 2× while validating everything), and of every table a merge fills
//! (issue 18: within 1.5×).

#[path = "support/exported.rs"]
mod support;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("dir");
    let (files, data) = support::exported_files(dir.path(), 20);
    let versions: i64 = rusqlite::Connection::open(&files[0])
        .expect("open")
        .query_row("SELECT count(*) FROM versions", [], |r| r.get(0))
        .expect("count");
    eprintln!("20 files of {versions} versions each ({} cases each)", data.cases.len());
    let mut group = c.benchmark_group("merge_20_files_5k_cases");
    group.sample_size(10);
    group.bench_function("daocha_merge_validating", |b| {
        b.iter_batched(
            || support::team_copy(dir.path(), &format!("team-{}.db", uuid::Uuid::now_v7())),
            |mut team| {
                // As `daocha merge` does: the next file is checked while this one is written.
                let reports = daocha::merge::merge_files(&mut team, &files, |_, _| true).expect("merge");
                for report in reports {
                    assert_eq!(report.status, daocha::merge::Status::Merged, "{}", report.reason);
                }
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("sqlite_attach_insert_or_ignore", |b| {
        b.iter_batched(
            || anchor_db(dir.path(), "plain", SQLITE_DEFAULT_PAGE_SIZE),
            |conn| {
                for f in &files {
                    conn.execute("ATTACH ?1 AS f", [f.to_string_lossy().as_ref()]).expect("attach");
                    conn.execute_batch(
                        "BEGIN; INSERT OR IGNORE INTO versions SELECT * FROM f.versions; COMMIT; DETACH f;",
                    )
                    .expect("insert");
                }
            },
            BatchSize::PerIteration,
        )
    });
    // The anchor of issue 18's target: the tables a merge fills (attestations, versions, heads,
    // current, blobs), copied with plain SQL into a database made as daocha makes one.
    group.bench_function("sqlite_attach_insert_or_ignore_same_tables", |b| {
        b.iter_batched(
            || anchor_db(dir.path(), "tables", daocha::store::schema::PAGE_SIZE),
            |conn| {
                for f in &files {
                    copy_same_tables(&conn, f);
                }
            },
            BatchSize::PerIteration,
        )
    });
    // A floor, as an experiment: the same-tables anchor plus the least an honest merge of files
    // from strangers must add to it: the SHA-256 of every file and of every version's content
    // (compared with the hash the version names), and every signature checked (the manifest's and
    // each statement's). No decoding, no validation of contents, no audit chain, no heads: what a
    // merge costs beyond this is the price of those.
    group.bench_function("floor_same_tables_plus_hashes_and_signatures", |b| {
        b.iter_batched(
            || anchor_db(dir.path(), "floor", daocha::store::schema::PAGE_SIZE),
            |conn| {
                for f in &files {
                    floor_checks(f);
                    copy_same_tables(&conn, f);
                }
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

/// The same-tables anchor's copy of one exported file: the tables a merge fills, with plain SQL.
fn copy_same_tables(conn: &rusqlite::Connection, file: &std::path::Path) {
    conn.execute("ATTACH ?1 AS f", [file.to_string_lossy().as_ref()]).expect("attach");
    conn.execute_batch(
        "BEGIN;
         INSERT OR IGNORE INTO attestations SELECT * FROM f.attestations;
         INSERT OR IGNORE INTO versions SELECT * FROM f.versions;
         INSERT OR IGNORE INTO heads SELECT * FROM f.heads;
         INSERT OR IGNORE INTO current SELECT * FROM f.current;
         INSERT OR IGNORE INTO blobs SELECT * FROM f.blobs;
         COMMIT; DETACH f;",
    )
    .expect("insert");
}

/// The floor's checks of one exported file: its SHA-256, every version's content hashed and
/// compared with the hash it names, the manifest's signature and every statement's.
fn floor_checks(path: &std::path::Path) {
    use daocha::merge::export::{MANIFEST_KEY, SIGNATURE_KEY};
    let bytes = std::fs::read(path).expect("read");
    std::hint::black_box(daocha::store::canonical::sha256_hex(&bytes));
    let conn = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open");
    let meta = |key: &str| -> String {
        conn.query_row("SELECT value FROM local_meta WHERE key = ?1", [key], |r| r.get(0)).expect("meta")
    };
    let (manifest, signature) = (meta(MANIFEST_KEY), meta(SIGNATURE_KEY));
    let manifest_value: serde_json::Value = serde_json::from_str(&manifest).expect("manifest");
    let key = manifest_value["public_key"].as_str().expect("key");
    assert!(daocha::keys::verify(key, manifest.as_bytes(), &signature), "manifest signature");
    let mut stmt = conn.prepare("SELECT content, content_sha256 FROM versions").expect("versions");
    let mut rows = stmt.query([]).expect("query");
    while let Some(row) = rows.next().expect("row") {
        let content: Option<String> = row.get(0).expect("content");
        let sha: Vec<u8> = row.get(1).expect("sha");
        let actual = <sha2::Sha256 as sha2::Digest>::digest(content.as_deref().unwrap_or("null").as_bytes());
        assert_eq!(actual.as_slice(), sha.as_slice(), "content hash");
    }
    let mut stmt = conn.prepare("SELECT statement, public_key, signature FROM attestations").expect("statements");
    let mut rows = stmt.query([]).expect("query");
    while let Some(row) = rows.next().expect("row") {
        let (text, key, signature): (String, String, String) =
            (row.get(0).expect("text"), row.get(1).expect("key"), row.get(2).expect("signature"));
        assert!(daocha::keys::verify(&key, &daocha::store::attest::message(&text), &signature), "statement");
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);

/// SQLite's page size when none is set: the versions-only anchor's database, as first measured.
const SQLITE_DEFAULT_PAGE_SIZE: u32 = 4096;

/// A new database in `dir` for an anchor: pages of `page_size`, WAL, `synchronous = FULL`, and
/// daocha's schema made by its migrations.
fn anchor_db(dir: &std::path::Path, prefix: &str, page_size: u32) -> rusqlite::Connection {
    let path = dir.join(format!("{prefix}-{}.db", uuid::Uuid::now_v7()));
    let conn = rusqlite::Connection::open(&path).expect("open");
    conn.execute_batch(&format!(
        "PRAGMA page_size = {page_size}; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
    ))
    .expect("pragmas");
    for sql in daocha::store::schema::MIGRATIONS {
        conn.execute_batch(sql).expect("schema");
    }
    conn
}
