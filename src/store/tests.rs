use super::*;
use crate::domain::clock::SeededMinter;
use crate::domain::taxonomy::UnitKind;
use crate::domain::{Fen, RecordKind, Unit};
use chrono::{Duration, TimeZone, Utc};

fn minter() -> Box<SeededMinter> {
    Box::new(SeededMinter::new(Utc.with_ymd_and_hms(2017, 9, 12, 1, 0, 0).unwrap(), Duration::seconds(1), 1))
}

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_with(&dir.path().join("t.db"), OpenMode::CreateIfMissing, minter()).unwrap();
    (dir, store)
}

fn unit(name: &str) -> Unit {
    Unit { name: name.into(), domain: "城管".into(), kind: UnitKind::District, ..Unit::default() }
}

#[test]
fn migrations_run_twice_on_a_fresh_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.db");
    let first = Store::open(&path).unwrap();
    let device = first.device_id();
    drop(first);
    let mut second = Store::open(&path).unwrap();
    assert_eq!(second.device_id(), device, "reopening keeps the device id");
    let version: i64 = second.conn().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, schema::MIGRATIONS.len() as i64);
    let app: i32 = second.conn().query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
    assert_eq!(app, schema::APPLICATION_ID);
    // Running the migration step again directly is a no-op.
    migrate(&mut second.conn, &mut SystemMinter).unwrap();
    let journal: String = second.conn().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(journal, "wal");
    let sync: i64 = second.conn().query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
    assert_eq!(sync, 2, "synchronous=FULL");
    let fk: i64 = second.conn().query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
    assert_eq!(fk, 1);
}

#[test]
fn new_databases_have_16_kib_pages_and_old_ones_keep_4_kib() {
    let dir = tempfile::tempdir().unwrap();
    let new = Store::open(&dir.path().join("new.db")).unwrap();
    assert_eq!(new.page_size().unwrap(), schema::PAGE_SIZE);
    let journal: String = new.conn().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(journal, "wal", "WAL is set after the page size, and both hold");
    drop(new);
    let header = std::fs::read(dir.path().join("new.db")).unwrap();
    assert_eq!(u16::from_be_bytes([header[16], header[17]]), 16_384, "the file header says so");

    // A database an earlier daocha made (SQLite's default 4 KiB pages) is read and written as before.
    let old_path = dir.path().join("old.db");
    let conn = rusqlite::Connection::open(&old_path).unwrap();
    conn.execute_batch("PRAGMA page_size = 4096; PRAGMA journal_mode = WAL;").unwrap();
    drop(conn);
    let mut old = Store::open(&old_path).unwrap();
    let id = old.write("unit.create", "新建", |w| w.create(&unit("区综合执法局"))).unwrap();
    drop(old);
    let old = Store::open(&old_path).unwrap();
    assert_eq!(old.page_size().unwrap(), 4096);
    assert_eq!(old.require(id).unwrap().value.name, "区综合执法局");
    assert_eq!(old.integrity_check().unwrap(), vec!["ok".to_string()]);
}

#[test]
fn refuses_files_that_are_not_daocha() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.db");
    std::fs::write(&text, "这不是数据库，只是一段文字。".repeat(100)).unwrap();
    assert!(matches!(Store::open(&text), Err(StoreError::NotDaocha(_))));
    assert_eq!(std::fs::read_to_string(&text).unwrap(), "这不是数据库，只是一段文字。".repeat(100));

    let other = dir.path().join("other.db");
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
    drop(conn);
    let err = Store::open(&other).err().unwrap();
    assert!(matches!(err, StoreError::NotDaocha(_)));
    assert!(err.to_string().contains("不是倒查数据库"));

    assert!(matches!(Store::open_existing(&dir.path().join("missing.db")), Err(StoreError::Missing(_))));
    assert!(!dir.path().join("missing.db").exists());
}

#[test]
fn refuses_a_newer_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("PRAGMA user_version = 999;").unwrap();
    drop(conn);
    let err = Store::open(&path).err().unwrap();
    assert!(matches!(err, StoreError::TooNew { found: 999, .. }), "{err}");
    assert!(err.to_string().contains("更新版本"));
}

#[test]
fn every_command_writes_versions_and_one_audit_entry_together() {
    let (_dir, mut store) = temp_store();
    let id = store.write("unit.create", "新建受检单位", |w| w.create(&unit("区综合执法局"))).unwrap();
    assert_eq!(store.version_count().unwrap(), 1);
    assert_eq!(store.audit_count().unwrap(), 1);
    let seq: i64 =
        store.conn().query_row("SELECT audit_seq FROM versions WHERE record_id = ?1", [id], |r| r.get(0)).unwrap();
    assert_eq!(seq, 1);

    // A command that fails half-way leaves nothing behind: neither versions nor audit entry.
    let result: Result<()> = store.write("unit.create", "新建两个单位", |w| {
        w.create(&unit("区市场监督管理局"))?;
        w.create(&unit(""))?; // invalid: empty name
        Ok(())
    });
    assert!(matches!(result, Err(StoreError::Invalid(_))));
    assert_eq!(store.version_count().unwrap(), 1);
    assert_eq!(store.audit_count().unwrap(), 1);
    assert_eq!(store.list::<Unit>().unwrap().len(), 1);
    assert!(audit::verify(store.conn()).unwrap().first_break.is_none());
}

#[test]
fn editing_keeps_the_old_version_and_moves_the_head() {
    let (_dir, mut store) = temp_store();
    let id = store.write("unit.create", "新建", |w| w.create(&unit("区综合执法局"))).unwrap();
    let first = store.require(id).unwrap();
    let mut changed = first.value.clone();
    changed.contact = "王喆".into();
    let v2 = store.write("unit.update", "修改", |w| w.update(id, first.version_id, &changed)).unwrap();
    let now = store.require(id).unwrap();
    assert_eq!(now.version_id, v2);
    assert_eq!(now.value.contact, "王喆");
    assert_eq!(now.n_heads, 1);
    let history = store.history(id.untyped()).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].supersedes, vec![first.version_id]);
    assert!(!history[0].is_head && history[1].is_head);
    assert!(history[0].content.as_deref().unwrap().contains("区综合执法局"));
    // An edit based on the old version is refused: it would fork silently.
    let stale = store.write("unit.update", "修改", |w| w.update(id, first.version_id, &changed));
    assert!(matches!(stale, Err(StoreError::Stale)));
    // The versions table refuses in-place changes.
    assert!(store.conn().execute("UPDATE versions SET content = 'x'", []).is_err());
    assert!(store.conn().execute("DELETE FROM versions", []).is_err());
}

#[test]
fn a_tombstone_hides_the_record_but_keeps_its_history() {
    let (_dir, mut store) = temp_store();
    let id = store.write("unit.create", "新建", |w| w.create(&unit("区综合执法局"))).unwrap();
    let v1 = store.require(id).unwrap().version_id;
    let tomb = store.write("unit.delete", "删除", |w| w.delete(id, v1)).unwrap();
    assert!(store.get(id).unwrap().is_none());
    assert!(store.list::<Unit>().unwrap().is_empty());
    let history = store.history(id.untyped()).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].content, None);
    // Undo of a delete: a new version over the tombstone brings it back.
    let content = serde_json::to_value(unit("区综合执法局")).unwrap();
    store.write("unit.restore", "恢复", |w| w.resolve(id.untyped(), RecordKind::Unit, Some(&content))).unwrap();
    assert_eq!(store.require(id).unwrap().value.name, "区综合执法局");
    assert_eq!(store.history(id.untyped()).unwrap()[2].supersedes, vec![tomb]);
}

#[test]
fn audit_verify_passes_clean_and_names_an_altered_entry() {
    let (_dir, mut store) = temp_store();
    for name in ["甲局", "乙局", "丙局"] {
        store.write("unit.create", &format!("新建{name}"), |w| w.create(&unit(name))).unwrap();
    }
    let clean = audit::verify(store.conn()).unwrap();
    assert_eq!(clean.entries, 3);
    assert_eq!(clean.versions, 3);
    assert!(clean.first_break.is_none());
    // The trigger refuses the edit …
    assert!(store.conn().execute("UPDATE audit_log SET summary = '改' WHERE seq = 2", []).is_err());
    // … so an attacker drops it first; verify still names entry 2.
    store
        .conn()
        .execute_batch("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET summary = '改' WHERE seq = 2;")
        .unwrap();
    let broken = audit::verify(store.conn()).unwrap();
    assert_eq!(broken.first_break.map(|b| b.seq), Some(2));
}

#[test]
fn audit_verify_notices_an_altered_version() {
    let (_dir, mut store) = temp_store();
    store.write("unit.create", "甲", |w| w.create(&unit("甲局"))).unwrap();
    let id = store.write("unit.create", "乙", |w| w.create(&unit("乙局"))).unwrap();
    store
        .conn()
        .execute_batch(&format!(
            "DROP TRIGGER versions_no_update; UPDATE versions SET content = replace(content, '乙局', '丁局') WHERE record_id = x'{}';",
            id.uuid().simple()
        ))
        .unwrap();
    let broken = audit::verify(store.conn()).unwrap();
    assert_eq!(broken.first_break.map(|b| b.seq), Some(2));
}

#[test]
fn money_is_stored_as_integer_fen() {
    use crate::domain::{Inspection, Inspector, Receipt};
    let (_dir, mut store) = temp_store();
    let receipt_id = store
        .write("demo", "建", |w| {
            let unit_id = w.create(&unit("区综合执法局"))?;
            let inspector = w.create(&Inspector { name: "李彧".into(), ..Inspector::default() })?;
            let inspection_id = w.create(&Inspection {
                unit_id,
                date: chrono::NaiveDate::from_ymd_opt(2017, 9, 12).unwrap(),
                place: String::new(),
                inspector_ids: vec![inspector],
                recording_no: String::new(),
                notes: String::new(),
                hearing_rule: String::new(),
                team_draw_id: None,
            })?;
            w.create(&Receipt {
                inspection_id,
                receipt_no: "0012345".into(),
                date: None,
                payer: "张三".into(),
                amount: Fen(150_050),
                decision_no: None,
                payee: String::new(),
                as_written: Default::default(),
            })
        })
        .unwrap();
    let content: String = store
        .conn()
        .query_row("SELECT content FROM versions WHERE record_id = ?1", [receipt_id], |r| r.get(0))
        .unwrap();
    assert!(content.contains("\"amount\":150050"), "{content}");
    assert_eq!(store.require(receipt_id).unwrap().value.amount, Fen(150_050));
}

/// Every row of the store's tables, as text, for comparing two stores.
fn dump_rows(store: &Store) -> Vec<String> {
    let mut out = Vec::new();
    for (table, order) in
        [("versions", "version_id"), ("heads", "record_id, version_id"), ("current", "record_id"), ("audit_log", "seq")]
    {
        let mut stmt = store.conn().prepare(&format!("SELECT * FROM {table} ORDER BY {order}")).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..n)
                    .map(|i| match r.get_ref(i).unwrap() {
                        rusqlite::types::ValueRef::Null => "NULL".to_string(),
                        rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                        rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).to_string(),
                        other => format!("{other:?}"),
                    })
                    .collect();
                Ok(format!("{table}: {}", cells.join(" | ")))
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

#[test]
fn a_batch_of_creates_writes_exactly_what_creating_one_by_one_writes() {
    let units: Vec<Unit> = (0..2_500).map(|i| unit(&format!("单位{i}"))).collect();
    let (_a, mut one_by_one) = temp_store();
    let (_b, mut batch) = temp_store();
    let ids_one: Vec<RecordId> = one_by_one
        .write("unit.create", "建单位", |w| units.iter().map(|u| w.create(u).map(|id| id.untyped())).collect())
        .unwrap();
    let mut ticks = Vec::new();
    let (ids_batch, written) = batch
        .write_tracked("unit.create", "建单位", |w| {
            w.create_all::<Unit, _>(&units, |done| {
                ticks.push(done);
                Ok(())
            })
        })
        .unwrap();
    assert_eq!(ids_batch, ids_one, "same ids, in the order of the values");
    assert_eq!(dump_rows(&batch), dump_rows(&one_by_one), "same versions, heads, current and audit entry");
    assert_eq!(ticks, vec![1000, 2000, 2500], "progress after each batch");
    assert_eq!(written.len(), 2_500);
    assert!(written.iter().zip(&ids_batch).all(|(w, id)| w.record_id == *id && w.base.is_none()));
    assert!(audit::verify(batch.conn()).unwrap().first_break.is_none());
}

#[test]
fn a_stream_of_batches_writes_what_creating_the_shown_values_one_by_one_writes() {
    // Uneven batches, an empty one, and values the view passes over (`None`).
    let values: Vec<Option<Unit>> =
        (0..1_600).map(|i| if i % 7 == 3 { None } else { Some(unit(&format!("单位{i}"))) }).collect();
    let batches: Vec<Vec<Option<Unit>>> = [0..3, 3..3, 3..1_503, 1_503..1_600].map(|r| values[r].to_vec()).into();
    let shown: Vec<&Unit> = values.iter().flatten().collect();
    let (_a, mut one_by_one) = temp_store();
    let (_b, mut streamed) = temp_store();
    let ids_one: Vec<RecordId> = one_by_one
        .write("unit.create", "建单位", |w| shown.iter().map(|u| w.create(*u).map(|id| id.untyped())).collect())
        .unwrap();
    let mut ticks = Vec::new();
    let ids_streamed = streamed
        .write("unit.create", "建单位", |w| {
            w.create_stream(batches.into_iter(), Option::as_ref, |done| {
                ticks.push(done);
                Ok(())
            })
        })
        .unwrap();
    assert_eq!(ids_streamed, ids_one, "same ids, in the order of the shown values");
    assert_eq!(dump_rows(&streamed), dump_rows(&one_by_one), "same versions, heads, current and audit entry");
    let in_batches = |r: std::ops::Range<usize>| values[r].iter().flatten().count();
    let (a, b, c) = (in_batches(0..3), in_batches(3..1_503), in_batches(1_503..1_600));
    assert_eq!(ticks, vec![a, a, a + b, a + b + c], "progress after each batch, an empty one too");
    assert!(audit::verify(streamed.conn()).unwrap().first_break.is_none());
}

#[test]
fn a_bad_value_or_a_cancel_in_a_batch_writes_nothing() {
    let (_dir, mut store) = temp_store();
    let before = dump_rows(&store);
    let mut units: Vec<Unit> = (0..3_000).map(|i| unit(&format!("单位{i}"))).collect();
    units[2_345].name.clear();
    let err = store.write("unit.create", "建单位", |w| w.create_all::<Unit, _>(&units, |_| Ok(()))).unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    assert_eq!(dump_rows(&store), before);

    units[2_345].name = "补上的名称".into();
    let err = store
        .write("unit.create", "建单位", |w| {
            w.create_all::<Unit, _>(&units, |done| if done >= 2_000 { Err(StoreError::Cancelled) } else { Ok(()) })
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Cancelled), "{err:?}");
    assert_eq!(dump_rows(&store), before);
    let ids = store.write("unit.create", "建单位", |w| w.create_all::<Unit, _>(&units, |_| Ok(()))).unwrap();
    assert_eq!(ids.len(), 3_000);
}

/// Writes 3,000 units with long addresses into the store at `open` (whose file is `db`) and waits
/// for the background thread to copy the WAL into `db`.
fn large_write_is_checkpointed(open: &std::path::Path, db: &std::path::Path) {
    let mut store = Store::open_with(open, OpenMode::CreateIfMissing, minter()).unwrap();
    let auto: i64 = store.conn().query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0)).unwrap();
    assert_eq!(auto, 0, "the writer's connection never checkpoints inside a commit");
    let before = std::fs::metadata(db).unwrap().len();
    let long = "很长的备注。".repeat(200);
    let units: Vec<Unit> = (0..3_000).map(|i| Unit { address: long.clone(), ..unit(&format!("单位{i}")) }).collect();
    store.write("unit.create", "建单位", |w| w.create_all::<Unit, _>(&units, |_| Ok(()))).unwrap();
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    let wal = std::fs::metadata(&wal).unwrap().len();
    assert!(wal > checkpoint::THRESHOLD, "the write filled the WAL ({wal} bytes)");
    // The thread copies the pages into the database file soon after; wait for it (generously).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::fs::metadata(db).unwrap().len() <= before + 3_000_000 {
        assert!(std::time::Instant::now() < deadline, "no checkpoint within a minute");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    drop(store);
    let reopened = Store::open(open).unwrap();
    let n: i64 = reopened
        .conn()
        .query_row("SELECT count(*) FROM current WHERE kind = (SELECT code FROM kinds WHERE name = 'unit')", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(n, 3_000);
    assert_eq!(reopened.integrity_check().unwrap(), ["ok"]);
}

#[test]
fn a_large_write_is_checkpointed_by_the_background_thread_not_the_writer() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    large_write_is_checkpointed(&db, &db);
}

#[cfg(unix)]
#[test]
fn a_database_opened_through_a_symbolic_link_is_checkpointed_too() {
    // SQLite keeps the WAL beside the file the link points to (a USB stick, say).
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("stick")).unwrap();
    let db = dir.path().join("stick").join("t.db");
    Store::open(&db).unwrap();
    let link = dir.path().join("daocha.db");
    std::os::unix::fs::symlink(&db, &link).unwrap();
    large_write_is_checkpointed(&link, &db);
}

#[test]
fn a_small_edit_reaches_the_database_file_itself_once_the_store_is_quiet() {
    // Someone copies only daocha.db off the laptop while the program runs (or after it was
    // killed): the edit must be in that file, not only in daocha.db-wal.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let mut store = Store::open_with(&db, OpenMode::CreateIfMissing, minter()).unwrap();
    store.write("unit.create", "建单位", |w| w.create(&unit("只有一条"))).unwrap();
    let copy = dir.path().join("copy.db");
    let count_in_copy = || -> Option<i64> {
        std::fs::copy(&db, &copy).ok()?;
        let conn = rusqlite::Connection::open(&copy).ok()?;
        conn.query_row(
            "SELECT count(*) FROM current WHERE kind = (SELECT code FROM kinds WHERE name = 'unit')",
            [],
            |r| r.get(0),
        )
        .ok()
    };
    let deadline = std::time::Instant::now() + checkpoint::QUIET + std::time::Duration::from_secs(30);
    while count_in_copy() != Some(1) {
        assert!(std::time::Instant::now() < deadline, "the edit never reached the database file");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    drop(store);
}

// Moved from tests/trust.rs: it needs the store's own connection (the page limit is per connection).
#[test]
fn sqlite_reasons_are_told_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("full.db")).unwrap();
    let pages: i64 = store.conn().query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
    store.conn().execute_batch(&format!("PRAGMA max_page_count = {pages};")).unwrap();
    let big = Unit { name: "区综合执法局".repeat(2000), domain: "城管".into(), ..Unit::default() };
    let error = store.write("u", "u", |w| w.create(&big)).unwrap_err();
    assert!(error.to_string().contains("磁盘已满"), "{error}");
    assert!(!error.to_string().contains("database or disk is full"), "{error}");
}

#[test]
fn the_versions_digest_is_the_hash_of_the_sorted_lines_joined() {
    let lines = ["{\"b\":2}", "{\"a\":1}", "{\"c\":\"三\"}"];
    let joined = "{\"a\":1}\n{\"b\":2}\n{\"c\":\"三\"}\n";
    assert_eq!(audit::versions_digest(&lines), canonical::sha256_hex(joined.as_bytes()));
    assert_eq!(audit::versions_digest(&[] as &[&str]), canonical::sha256_hex(b""));
}

#[test]
fn a_command_digest_of_equal_contents_and_mixed_writes_verifies() {
    // Equal values have equal content hashes: their digest lines are then ordered by the rest of
    // the line, which the compact digest must do as sorting whole lines would.
    let units: Vec<Unit> = (0..1_500).map(|i| unit(&format!("单位{}", i % 7))).collect();
    let (_dir, mut store) = temp_store();
    store
        .write("unit.create", "建单位", |w| {
            let first = w.create(&units[0])?;
            w.create_all::<Unit, _>(&units, |_| Ok(()))?;
            let base = w.heads(first.untyped())?[0];
            w.update(first, base, &unit("单位3"))?;
            w.create(&units[1])
        })
        .unwrap();
    assert!(audit::verify(store.conn()).unwrap().first_break.is_none());
    let entry = store.last_audit_entry().unwrap().unwrap();
    assert_eq!(entry.n_versions, 1_503);
    let lines: Vec<String> = {
        let mut stmt = store.conn().prepare("SELECT version_id FROM versions").unwrap();
        let ids: Vec<crate::domain::VersionId> =
            stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
        ids.into_iter().map(|id| store.version_row(id).unwrap().unwrap().envelope.digest_line().unwrap()).collect()
    };
    assert_eq!(entry.versions_sha256, audit::versions_digest(lines.iter()), "the digest of the lines sorted whole");
    let statements = store.unsigned_statements().unwrap();
    let statement = statements.iter().find(|a| a.statement.seq == entry.seq).expect("the command's statement");
    assert_eq!(statement.statement.versions_sha256, entry.versions_sha256);
}

#[test]
fn the_kinds_table_names_every_kind_by_its_code() {
    let (_dir, mut store) = temp_store();
    // Exactly one row per kind this build knows, with its code, name and label: a kind added to
    // `record_kinds!` gets its row when the store opens a database.
    assert_eq!(schema::kinds_of(store.conn()).unwrap(), schema::kind_rows());
    assert_eq!(schema::kind_rows().len(), RecordKind::ALL.len());
    // Migration 7 names the kinds of schema 7 as the table does (a row it lists is never wrong).
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    for sql in &schema::MIGRATIONS[..schema::KIND_CODES] {
        conn.execute_batch(sql).unwrap();
    }
    let at_7 = schema::kinds_of(&conn).unwrap();
    assert_eq!(at_7.len(), 37);
    assert!(at_7.iter().all(|row| schema::kind_rows().contains(row)), "{at_7:?}");

    // The columns hold codes, and the sqlite3 shell can name them.
    let id = store.write("unit.create", "新建", |w| w.create(&unit("区综合执法局"))).unwrap();
    let (kind, named): (i64, String) = store
        .conn()
        .query_row(
            "SELECT c.kind, k.name FROM current c JOIN versions v USING (version_id) JOIN kinds k ON k.code = v.kind
             WHERE c.record_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((kind, named.as_str()), (i64::from(RecordKind::Unit.code()), "unit"));
    assert_eq!(store.count_of(RecordKind::Unit).unwrap(), 1);

    // A database whose table lacks a kind (one added after it was made) or has an old label gets
    // this build's rows when it is opened; a row of a code this build does not know is kept.
    let path = store.path().to_path_buf();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DELETE FROM kinds WHERE name = 'team_swap';
         UPDATE kinds SET label = '旧名称' WHERE name = 'unit';
         INSERT INTO kinds VALUES (9999, 'from_a_newer_build', '较新的类型');",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    let mut expected = schema::kind_rows();
    expected.push((9999, "from_a_newer_build".into(), "较新的类型".into()));
    assert_eq!(schema::kinds_of(store.conn()).unwrap(), expected);
    drop(store);

    // A code that names another kind there than here would misread every version of it: refused.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("UPDATE kinds SET name = 'no_such_kind' WHERE name = 'unit';").unwrap();
    drop(conn);
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::Corrupt(_)), "{err}");
    assert!(err.to_string().contains("记录类型代码 1 在数据库中是 no_such_kind"), "{err}");
}
