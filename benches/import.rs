#![allow(clippy::expect_used)]

//! Import of a generated 100k-row xlsx ledger, beside calamine reading the same file alone
//! (target: within 1.5×), and beside the floor of any import that keeps every row in SQLite:
//! inserting the very rows daocha writes, already rendered, with plain prepared statements.

use std::sync::atomic::AtomicBool;

use calamine::{Data, Reader, open_workbook_auto};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use daocha::demo::DemoData;
use daocha::import::{self, ImportKind};
use daocha::store::Store;

fn write_ledger(path: &std::path::Path, rows: usize) {
    let data =
        DemoData::generate_sized(u32::try_from(rows / 2).expect("rows"), u32::try_from(rows - rows / 2).expect("rows"));
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in [
        "案件编号",
        "决定书文号",
        "当事人",
        "违法行为",
        "立案日期",
        "决定日期",
        "罚款金额（元）",
        "没收金额",
        "执行情况",
    ]
    .iter()
    .enumerate()
    {
        sheet.write(0, u16::try_from(c).expect("col"), *h).expect("header");
    }
    for (r, e) in data.ledger.iter().take(rows).enumerate() {
        let r = u32::try_from(r + 1).expect("row");
        sheet.write(r, 0, e.case_no.as_str()).expect("cell");
        sheet.write(r, 1, e.decision_no.as_str()).expect("cell");
        sheet.write(r, 2, e.party.as_str()).expect("cell");
        sheet.write(r, 3, e.violation.as_str()).expect("cell");
        sheet.write(r, 4, e.filing_date.map(|d| d.to_string()).unwrap_or_default()).expect("cell");
        sheet.write(r, 5, e.decision_date.map(|d| d.to_string()).unwrap_or_default()).expect("cell");
        sheet.write(r, 6, e.fine.0 as f64 / 100.0).expect("cell");
        sheet.write(r, 7, 0.0).expect("cell");
        sheet.write(r, 8, e.execution.as_str()).expect("cell");
    }
    book.save(path).expect("save");
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("ledger.xlsx");
    write_ledger(&file, 100_000);
    let mut group = c.benchmark_group("import_100k_xlsx");
    group.sample_size(10);
    group.bench_function("calamine_read_only", |b| {
        b.iter(|| {
            let mut book = open_workbook_auto(&file).expect("open");
            let name = book.sheet_names()[0].clone();
            let range = book.worksheet_range(&name).expect("range");
            range.rows().map(|row| row.iter().filter(|c| !matches!(c, Data::Empty)).count()).sum::<usize>()
        })
    });
    // Until the import returns (the GUI's store stays open; the WAL is copied into the database
    // file by a background thread), and until the database is closed as well (the command line,
    // which exits afterwards: closing copies what is left of the WAL).
    for (name, close) in [("daocha_import", false), ("daocha_import_and_close", true)] {
        group.bench_function(name, |b| {
            b.iter_batched(
                || {
                    let db = dir.path().join(format!("import-{}.db", uuid::Uuid::now_v7()));
                    let mut store = Store::open(&db).expect("store");
                    let id = daocha::inspection::create(
                        &mut store,
                        &daocha::inspection::NewInspection {
                            unit_name: "区综合执法局".into(),
                            domain: "城管".into(),
                            unit_kind: daocha::domain::taxonomy::UnitKind::District,
                            date: chrono::NaiveDate::from_ymd_opt(2017, 9, 12).expect("date"),
                            place: String::new(),
                            inspectors: vec!["赵彧".into()],
                            recording_no: String::new(),
                        },
                    )
                    .expect("inspection");
                    (store, id)
                },
                |(mut store, id)| {
                    let cancel = AtomicBool::new(false);
                    // As the command line and the window import: every sheet read, the table
                    // found (header, left-out rows, units), then the rows.
                    let tables = import::read_sheets(&file).expect("read");
                    let found = import::Found::find(ImportKind::Ledger, tables, None, &import::FindOptions::default())
                        .expect("find");
                    let parsed = found.parse(id, &import::no_progress, &cancel).expect("parse");
                    let n = import::commit(&mut store, &parsed, true, &import::no_progress, &cancel).expect("commit");
                    // Criterion drops what the routine returns outside the measurement.
                    if close {
                        drop(store);
                        (None, n.imported)
                    } else {
                        (Some(store), n.imported)
                    }
                },
                BatchSize::PerIteration,
            )
        });
    }
    // As the command line imports now: rows written while the rest are read, then closed.
    group.bench_function("daocha_import_streamed_and_close", |b| {
        b.iter_batched(
            || {
                let db = dir.path().join(format!("import-{}.db", uuid::Uuid::now_v7()));
                let mut store = Store::open(&db).expect("store");
                let id = daocha::demo::populate_with(&mut store, &DemoData::generate_sized(1, 1))
                    .expect("demo")
                    .inspection_id;
                (store, id)
            },
            |(mut store, id)| {
                let cancel = AtomicBool::new(false);
                let tables = import::read_sheets(&file).expect("read");
                let found = import::Found::find(ImportKind::Ledger, tables, None, &import::FindOptions::default())
                    .expect("find");
                let outcome = import::import_streamed(&mut store, &found, id, true, &cancel).expect("import");
                drop(store);
                matches!(outcome, import::Streamed::Imported { .. })
            },
            BatchSize::PerIteration,
        )
    });
    // The floor: the rows one import wrote (versions, heads, current), inserted again into an
    // empty database of the same schema in one transaction, nothing computed.
    let source = dir.path().join("floor-source.db");
    {
        let mut store = Store::open(&source).expect("store");
        let id = daocha::demo::populate_with(&mut store, &DemoData::generate_sized(1, 1)).expect("demo").inspection_id;
        let cancel = AtomicBool::new(false);
        let table = import::read_table(&file, ImportKind::Ledger).expect("read");
        let header = import::find_header(ImportKind::Ledger, &table, None);
        let mapping = import::recognise(ImportKind::Ledger, &header, None).expect("columns");
        let parsed = import::parse(&table, &mapping, id, &import::no_progress, &cancel).expect("parse");
        import::commit(&mut store, &parsed, true, &import::no_progress, &cancel).expect("commit");
    }
    let rows = |sql: &str| -> Vec<Vec<rusqlite::types::Value>> {
        let conn = rusqlite::Connection::open(&source).expect("open");
        let mut stmt = conn.prepare(sql).expect("select");
        let n = stmt.column_count();
        stmt.query_map([], |r| (0..n).map(|i| r.get(i)).collect()).expect("rows").map(|r| r.expect("row")).collect()
    };
    let kind = format!("kind = {}", daocha::domain::RecordKind::LedgerEntry.code());
    let versions = rows(&format!("SELECT * FROM versions WHERE {kind}"));
    let heads = rows(&format!("SELECT h.* FROM heads h JOIN current c USING (record_id) WHERE c.{kind}"));
    let current = rows(&format!("SELECT * FROM current WHERE {kind}"));
    group.bench_function("sqlite_floor_same_rows", |b| {
        b.iter_batched(
            || {
                let db = dir.path().join(format!("floor-{}.db", uuid::Uuid::now_v7()));
                let conn = rusqlite::Connection::open(&db).expect("open");
                conn.execute_batch(
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = 0;",
                )
                .expect("pragmas");
                for sql in daocha::store::schema::MIGRATIONS {
                    conn.execute_batch(sql).expect("schema");
                }
                conn
            },
            |mut conn| {
                let tx = conn.transaction().expect("begin");
                for (table, data) in [("versions", &versions), ("heads", &heads), ("current", &current)] {
                    let marks = vec!["?"; data[0].len()].join(",");
                    let mut insert = tx.prepare(&format!("INSERT INTO {table} VALUES ({marks})")).expect("insert");
                    for row in data.iter() {
                        insert.execute(rusqlite::params_from_iter(row)).expect("row");
                    }
                }
                tx.commit().expect("commit");
                conn
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
