#![allow(clippy::expect_used, clippy::unwrap_used)]

//! The floor under issue 18's import target, as a whole process: the least an import of an .xlsx
//! ledger into daocha's tables can cost on this machine. Three threads as in daocha's pipeline,
//! but with none of its checks and with the sheet streamed: calamine reads the first sheet cell
//! by cell and hands rows on as they come (1,000 at a time); a second thread makes each row a
//! record (a JSON object of header → cell, keys sorted, as big as daocha's ledger content), its
//! SHA-256 and two UUIDv7 ids; this thread inserts them into `versions` and `current` of a copy
//! of a daocha database (schema, page size, WAL and `synchronous=FULL` as daocha keeps them), in
//! one transaction, with one audit row, and closes it (the checkpoint included).
//!
//! Not done, on purpose (each is work daocha must do): finding the header, parsing dates, money
//! and decision numbers, validating, the duplicate check, the audit digest of the versions, the
//! attestation. What remains is reading the file and writing its rows durably.
//!
//! `import_floor FILE.xlsx DB` (DB: a copy of a daocha database; it is written). Compare with
//! `read_xlsx FILE.xlsx` (calamine alone) and `daocha import`. `FLOOR_JOURNAL`, `FLOOR_SYNC` and
//! `FLOOR_CACHE` set the journal mode, `synchronous` and the page cache (default WAL, FULL and
//! SQLite's 2,000 KiB, as daocha).

use std::sync::mpsc::sync_channel;

use calamine::{Data, Reader, Xlsx, open_workbook};
use rusqlite::params;
use sha2::Digest as _;

type Row = Vec<(u32, Data)>;

/// One record ready to insert: version id, record id, content, its SHA-256.
type Prepared = ([u8; 16], [u8; 16], String, [u8; 32]);

fn main() {
    let mut args = std::env::args().skip(1);
    let (file, db) = (args.next().expect("usage: import_floor FILE.xlsx DB"), args.next().expect("DB"));
    let (rows_tx, rows_rx) = sync_channel::<Vec<Row>>(2);
    let (prep_tx, prep_rx) = sync_channel::<Vec<Prepared>>(2);
    let inserted = std::thread::scope(|scope| {
        // Reads the sheet, a row at a time, in the order of its XML.
        scope.spawn(move || {
            let mut book: Xlsx<_> = open_workbook(&file).expect("open");
            let name = book.sheet_names()[0].clone();
            let mut reader = book.worksheet_cells_reader(&name).expect("sheet");
            let (mut batch, mut row, mut at): (Vec<Row>, Row, u32) = (Vec::with_capacity(1000), Vec::new(), 0);
            while let Some(cell) = reader.next_cell().expect("cell") {
                let (r, c) = cell.get_position();
                if r != at && !row.is_empty() {
                    batch.push(std::mem::take(&mut row));
                    if batch.len() == 1000 {
                        rows_tx.send(std::mem::replace(&mut batch, Vec::with_capacity(1000))).unwrap();
                    }
                }
                at = r;
                if !matches!(cell.get_value(), calamine::DataRef::Empty) {
                    row.push((c, Data::from(cell.get_value().clone())));
                }
            }
            batch.push(row);
            rows_tx.send(batch).unwrap();
        });
        // Makes records of the rows: the first row names the fields.
        scope.spawn(move || {
            let mut header: Vec<String> = Vec::new();
            for batch in rows_rx {
                let mut out = Vec::with_capacity(batch.len());
                for row in batch {
                    if header.is_empty() {
                        header = row.iter().map(|(_, v)| v.to_string()).collect();
                        continue;
                    }
                    let mut record = std::collections::BTreeMap::new();
                    for (c, value) in row {
                        let key = header.get(c as usize).cloned().unwrap_or_default();
                        let value = match value {
                            Data::Int(i) => serde_json::Value::from(i * 100),
                            #[allow(clippy::cast_possible_truncation)]
                            Data::Float(f) => serde_json::Value::from((f * 100.0).round() as i64),
                            other => serde_json::Value::from(other.to_string()),
                        };
                        record.insert(key, value);
                    }
                    record.insert("inspection_id".into(), "01a24ff9-7eba-7093-8bfb-e8549a48451b".into());
                    let content = serde_json::to_string(&record).unwrap();
                    let sha: [u8; 32] = sha2::Sha256::digest(content.as_bytes()).into();
                    out.push((*uuid::Uuid::now_v7().as_bytes(), *uuid::Uuid::now_v7().as_bytes(), content, sha));
                }
                prep_tx.send(out).unwrap();
            }
        });
        // Writes them, as daocha's writer does, in one transaction.
        let mut conn = rusqlite::Connection::open(&db).expect("db");
        // The experiments beside the floor: `FLOOR_JOURNAL=DELETE` (a rollback journal: new pages
        // written once, not to the WAL and then to the file), `FLOOR_SYNC=OFF` (no fsync).
        let journal = std::env::var("FLOOR_JOURNAL").unwrap_or_else(|_| "WAL".into());
        let sync = std::env::var("FLOOR_SYNC").unwrap_or_else(|_| "FULL".into());
        conn.pragma_update(None, "journal_mode", &journal).unwrap();
        conn.pragma_update(None, "synchronous", &sync).unwrap();
        // `FLOOR_CACHE=KIB`: a page cache of that many KiB (SQLite's default is 2,000), so fewer
        // pages are spilled to the WAL and written there again before the commit.
        if let Ok(kib) = std::env::var("FLOOR_CACHE") {
            conn.pragma_update(None, "cache_size", format!("-{kib}")).unwrap();
        }
        let tx = conn.transaction().unwrap();
        let device = [7u8; 16];
        let seq: i64 = tx.query_row("SELECT coalesce(max(seq), 0) + 1 FROM audit_log", [], |r| r.get(0)).unwrap();
        let mut n = 0usize;
        {
            let mut version = tx
                .prepare(
                    "INSERT INTO versions (version_id, record_id, kind, scope_id, supersedes, author_id, device_id, created_at, content, content_sha256, audit_seq, attestation_id)
                     VALUES (?1, ?2, 5, ?3, '[]', NULL, ?4, ?5, ?6, ?7, ?8, ?9)",
                )
                .unwrap();
            let mut current = tx
                .prepare("INSERT INTO current (record_id, kind, scope_id, version_id, deleted, n_heads) VALUES (?1, 5, ?2, ?3, 0, 1)")
                .unwrap();
            let scope_id = *uuid::Uuid::now_v7().as_bytes();
            let attestation = format!("{}:{seq}", uuid::Uuid::from_bytes(device));
            for batch in prep_rx {
                for (version_id, record_id, content, sha) in batch {
                    let at = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
                    version
                        .execute(params![version_id, record_id, scope_id, device, at, content, sha, seq, attestation])
                        .unwrap();
                    current.execute(params![record_id, scope_id, version_id]).unwrap();
                    n += 1;
                }
            }
        }
        tx.execute(
            "INSERT INTO audit_log (seq, at, device_id, inspector_id, action, summary, n_versions, versions_sha256, prev_hash, entry_hash)
             VALUES (?1, '2026-12-07T00:00:00Z', ?2, NULL, 'import.ledger', 'floor', ?3, '', '', '')",
            params![seq, device, i64::try_from(n).unwrap()],
        )
        .unwrap();
        tx.commit().unwrap();
        n
    });
    println!("{inserted}");
}
