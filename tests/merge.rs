//! The team lead's merge: set union of versions, the same in any order and grouping, idempotent,
//! nothing lost, conflicts as a reference computation says; and every kind of bad file refused
//! with the team database left byte-identical.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use daocha::domain::taxonomy::UnitKind;
use daocha::domain::{Fen, Id, Inspection, Inspector, Receipt, Unit};
use daocha::merge::{self, Status, dump::dump};
use daocha::store::Store;
use proptest::prelude::*;

const PIN: &str = "123456";

struct Laptop {
    dir: tempfile::TempDir,
    store: Store,
}

impl Laptop {
    /// A laptop database with its inspector and their key (deterministic, sealed cheaply: the
    /// demo's kind of key; real keys are tested in `keys.rs`); made by a daocha before 16 KiB
    /// pages when `old` (SQLite's 4 KiB pages).
    fn with_pages(name: &str, old: bool) -> Laptop {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("laptop.db");
        if old {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch("PRAGMA page_size = 4096; PRAGMA journal_mode = WAL;").unwrap();
        }
        let mut store = Store::open(&path).unwrap();
        let me = store
            .write("inspector.create", "新建", |w| w.create(&Inspector { name: name.into(), ..Inspector::default() }))
            .unwrap();
        store.set_current_inspector(Some(me)).unwrap();
        daocha::keys::create_deterministic(&mut store, me, PIN, name.as_bytes()).unwrap();
        Laptop { dir, store }
    }

    fn me(&self) -> Id<Inspector> {
        self.store.current_inspector().unwrap()
    }

    fn key(&self) -> String {
        daocha::keys::public_key(&self.store, self.me()).unwrap().unwrap().hex
    }

    fn export(&mut self, name: &str) -> PathBuf {
        let out = self.dir.path().join(name);
        merge::export::export(&mut self.store, &out, None, PIN, "inspector").unwrap();
        out
    }

    fn merge(&mut self, file: &Path) -> merge::FileReport {
        merge::merge_file(&mut self.store, file).unwrap()
    }
}

/// The team: the lead's laptop, the plan file it handed out and the inspection in it.
struct Plan {
    lead: Laptop,
    file: PathBuf,
    inspection: Id<Inspection>,
}

impl Plan {
    /// A laptop (or another team database) that joined the team: it trusts the lead's key.
    fn joined(&self, name: &str) -> Laptop {
        self.joined_with_pages(name, false)
    }

    /// [`Plan::joined`], on a database with 4 KiB pages when `old`.
    fn joined_with_pages(&self, name: &str, old: bool) -> Laptop {
        let mut laptop = Laptop::with_pages(name, old);
        daocha::team::join(&mut laptop.store, &self.lead.key()).unwrap();
        laptop
    }

    /// A team database with `files` merged, each admitted.
    fn team(&self, files: &[&Path]) -> Laptop {
        let mut team = self.joined("综合督查组");
        for f in files {
            let report = team.merge(f);
            assert_ne!(report.status, Status::Rejected, "{}", report.reason);
        }
        team
    }
}

/// The team lead's plan: one inspection with `n` receipts, handed out as a file, with the keys of
/// `inspectors` (laptops made here, which then join the team and take the plan) on the roster.
fn plan(n: usize, inspectors: &[&str]) -> (Plan, Vec<Laptop>) {
    plan_with_old(n, inspectors, &[])
}

/// [`plan`], with the laptops named in `old` (the lead is 组长) on databases with 4 KiB pages.
fn plan_with_old(n: usize, inspectors: &[&str], old: &[&str]) -> (Plan, Vec<Laptop>) {
    let mut lead = Laptop::with_pages("组长", old.contains(&"组长"));
    daocha::team::init(&mut lead.store, "组长", "", PIN).unwrap();
    let mut laptops: Vec<Laptop> = inspectors.iter().map(|name| Laptop::with_pages(name, old.contains(name))).collect();
    for l in &laptops {
        let name = l.store.require(l.me()).unwrap().value.name;
        daocha::team::add_for(&mut lead.store, Some(l.me()), &name, &l.key(), "", PIN).unwrap();
    }
    let me = lead.me();
    let inspection = lead
        .store
        .write("plan", "计划", |w| {
            let unit = w.create(&Unit {
                name: "区综合执法局".into(),
                domain: "城管".into(),
                kind: UnitKind::District,
                ..Unit::default()
            })?;
            let inspection = w.create(&Inspection {
                unit_id: unit,
                date: NaiveDate::from_ymd_opt(2017, 9, 12).unwrap(),
                place: String::new(),
                inspector_ids: vec![me],
                recording_no: String::new(),
                notes: String::new(),
                hearing_rule: String::new(),
                team_draw_id: None,
            })?;
            for i in 0..n {
                w.create(&receipt(inspection, i, 100))?;
            }
            Ok(inspection)
        })
        .unwrap();
    let file = lead.export("plan.daocha");
    let plan = Plan { lead, file, inspection };
    for l in &mut laptops {
        daocha::team::join(&mut l.store, &plan.lead.key()).unwrap();
        let report = l.merge(&plan.file);
        assert_eq!(report.status, Status::Merged, "{}", report.reason);
    }
    (plan, laptops)
}

fn receipt(inspection: Id<Inspection>, i: usize, yuan: i64) -> Receipt {
    Receipt {
        inspection_id: inspection,
        receipt_no: format!("{:07}", 16_000 + i),
        date: None,
        payer: format!("缴款人{i}"),
        amount: Fen::from_yuan(yuan),
        decision_no: None,
        payee: String::new(),
        as_written: Default::default(),
    }
}

#[derive(Debug, Clone)]
enum Op {
    Add(i64),
    Edit(usize, i64),
    Delete(usize),
}

fn apply(laptop: &mut Laptop, inspection: Id<Inspection>, ops: &[Op]) {
    for op in ops {
        let receipts: Vec<_> = laptop.store.list_in::<Receipt, _>(inspection).unwrap();
        match op {
            Op::Add(yuan) => {
                let n = receipts.len() + 100;
                laptop.store.write("add", "增", |w| w.create(&receipt(inspection, n, *yuan))).unwrap();
            }
            Op::Edit(i, yuan) if !receipts.is_empty() => {
                let r = &receipts[i % receipts.len()];
                let mut v = r.value.clone();
                v.amount = Fen::from_yuan(*yuan);
                laptop.store.write("edit", "改", |w| w.update(r.id, r.version_id, &v)).unwrap();
            }
            Op::Delete(i) if !receipts.is_empty() => {
                let r = &receipts[i % receipts.len()];
                laptop.store.write("del", "删", |w| w.delete(r.id, r.version_id)).unwrap();
            }
            _ => {}
        }
    }
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    proptest::collection::vec(
        prop_oneof![
            (1i64..5000).prop_map(Op::Add),
            (0usize..6, 1i64..5000).prop_map(|(i, a)| Op::Edit(i, a)),
            (0usize..6).prop_map(Op::Delete),
        ],
        0..5,
    )
}

/// The database file of `store`, opened beside it to look at its tables.
fn tables(store: &Store) -> rusqlite::Connection {
    rusqlite::Connection::open(store.path()).unwrap()
}

/// The records with more than one head, computed from scratch from a set of versions.
fn reference_conflicts(store: &Store) -> BTreeSet<String> {
    let conn = tables(store);
    let mut stmt = conn.prepare("SELECT record_id, version_id, supersedes FROM versions").unwrap();
    let rows: Vec<(String, String, String)> =
        stmt.query_map([], |r| Ok((text_id(r, 0)?, text_id(r, 1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect();
    let superseded: BTreeSet<String> =
        rows.iter().flat_map(|(_, _, s)| serde_json::from_str::<Vec<String>>(s).unwrap()).collect();
    let mut heads: BTreeMap<String, usize> = BTreeMap::new();
    for (record, version, _) in &rows {
        if !superseded.contains(version) {
            *heads.entry(record.clone()).or_default() += 1;
        }
    }
    heads.into_iter().filter(|(_, n)| *n > 1).map(|(r, _)| r).collect()
}

fn conflicts(store: &Store) -> BTreeSet<String> {
    let conn = tables(store);
    let mut stmt = conn.prepare("SELECT record_id FROM current WHERE n_heads > 1").unwrap();
    stmt.query_map([], |r| text_id(r, 0)).unwrap().map(Result::unwrap).collect()
}

fn version_ids(store: &Store) -> BTreeSet<String> {
    let conn = tables(store);
    let mut stmt = conn.prepare("SELECT version_id FROM versions").unwrap();
    stmt.query_map([], |r| text_id(r, 0)).unwrap().map(Result::unwrap).collect()
}

/// An id column (16 bytes) as the hyphenated text JSON and the dump show.
fn text_id(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<String> {
    Ok(row.get::<_, daocha::domain::RecordId>(i)?.to_string())
}

/// Dumps without the merging laptop's own inspector (each team database has its own lead).
fn shared_dump(team: &Laptop, others: &[&Laptop]) -> serde_json::Value {
    let mut value = dump(&team.store).unwrap();
    let own = team.store.current_inspector().unwrap().to_string();
    let keep: BTreeSet<String> = others.iter().flat_map(|l| version_ids(&l.store)).collect();
    value["records"].as_array_mut().unwrap().retain(|r| r["record_id"] != own.as_str());
    value["versions"].as_array_mut().unwrap().retain(|v| keep.contains(v[0].as_str().unwrap()));
    value
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn merge_is_a_set_union_in_any_order_and_grouping(a_ops in ops(), b_ops in ops(), c_ops in ops()) {
        let (plan, mut laptops) = plan(4, &["赵彧", "王喆", "陈昇"]);
        let inspection = plan.inspection;
        for (laptop, ops) in laptops.iter_mut().zip([&a_ops, &b_ops, &c_ops]) {
            apply(laptop, inspection, ops);
        }
        let team = |files: &[&Path]| plan.team(files);
        let files: Vec<PathBuf> = laptops.iter_mut().enumerate().map(|(i, l)| l.export(&format!("{i}.daocha"))).collect();
        let (a, b, c) = (&files[0], &files[1], &files[2]);
        let all: Vec<&Laptop> = laptops.iter().collect();

        // Commutative.
        let ab = team(&[a, b]);
        let ba = team(&[b, a]);
        prop_assert_eq!(shared_dump(&ab, &all), shared_dump(&ba, &all));

        // Idempotent: the same file again changes nothing and says so.
        let mut aa = team(&[a]);
        let before = dump(&aa.store).unwrap();
        prop_assert_eq!(aa.merge(a).status, Status::Duplicate);
        prop_assert_eq!(dump(&aa.store).unwrap(), before);

        // Associative: ((A,B),C) equals (A,(B,C)), where (B,C) is B's laptop after merging C.
        let abc = team(&[a, b, c]);
        let mut bc = laptops.remove(1);
        let report = bc.merge(c);
        prop_assert_ne!(report.status, Status::Rejected);
        let bc_file = bc.export("bc.daocha");
        let a_bc = team(&[a, &bc_file]);
        laptops.insert(1, bc);
        let all: Vec<&Laptop> = laptops.iter().collect();
        prop_assert_eq!(shared_dump(&abc, &all), shared_dump(&a_bc, &all));

        // Nothing lost, and conflicts are exactly the records with several heads.
        let merged = version_ids(&abc.store);
        for laptop in &laptops {
            for v in version_ids(&laptop.store) {
                prop_assert!(merged.contains(&v), "version {} lost", v);
            }
        }
        prop_assert_eq!(conflicts(&abc.store), reference_conflicts(&abc.store));
        prop_assert!(abc.store.verify_audit().unwrap().first_break.is_none());
    }
}

#[test]
fn concurrent_edits_are_a_conflict_not_a_silent_choice() {
    let (plan, mut laptops) = plan(1, &["赵彧", "王喆"]);
    let inspection = plan.inspection;
    let (mut a, mut b) = (laptops.remove(0), laptops.remove(0));
    apply(&mut a, inspection, &[Op::Edit(0, 150)]);
    apply(&mut b, inspection, &[Op::Edit(0, 200)]);
    let (fa, fb) = (a.export("a.daocha"), b.export("b.daocha"));
    let mut t = plan.joined("综合督查组");
    assert_eq!(t.merge(&fa).conflicts, 0);
    let report = t.merge(&fb);
    assert_eq!(report.conflicts, 1);
    let shown = t.store.list_in::<Receipt, _>(inspection).unwrap();
    assert_eq!(shown[0].n_heads, 2, "both heads kept");
    assert_eq!(conflicts(&t.store).len(), 1);

    // The lead sees both sides field by field, with who made each, and combines them.
    let listed = merge::review::conflicts(&t.store).unwrap();
    assert_eq!(listed.len(), 1);
    let conflict = &listed[0];
    let authors: BTreeSet<&str> = conflict.sides.iter().map(|s| s.author.as_str()).collect();
    assert_eq!(authors, BTreeSet::from(["赵彧", "王喆"]));
    assert_eq!(conflict.differing_fields(), vec!["amount".to_string()]);
    let b_side = conflict.sides.iter().position(|s| s.author == "王喆").unwrap();
    let combined = conflict.combine(&BTreeMap::from([("amount".to_string(), b_side)])).unwrap();
    merge::review::resolve(&mut t.store, conflict, Some(&combined)).unwrap();
    let now = t.store.list_in::<Receipt, _>(inspection).unwrap();
    assert_eq!((now[0].n_heads, now[0].value.amount), (1, Fen::from_yuan(200)));
    assert!(merge::review::conflicts(&t.store).unwrap().is_empty());
    assert_eq!(t.store.history(now[0].id.untyped()).unwrap().len(), 4, "plan, two edits, the resolution");
}

#[test]
fn probable_duplicates_are_listed_and_the_leads_decision_travels() {
    let (plan, mut laptops) = plan(0, &["赵彧", "王喆", "陈昇"]);
    let inspection = plan.inspection;
    let (mut a, mut b, mut c) = (laptops.remove(0), laptops.remove(0), laptops.remove(0));
    // Both inspectors enter the same receipt from the unit's list, each on their own laptop.
    apply(&mut a, inspection, &[Op::Add(100)]);
    apply(&mut b, inspection, &[Op::Add(100)]);
    let (fa, fb) = (a.export("a.daocha"), b.export("b.daocha"));
    let other = plan.joined("复核");
    let Plan { lead: mut t, .. } = plan;
    t.merge(&fa);
    t.merge(&fb);
    let listed = merge::review::probable_duplicates(&t.store).unwrap();
    let receipts: Vec<_> = listed.iter().filter(|d| d.kind == daocha::domain::RecordKind::Receipt).collect();
    assert_eq!(receipts.len(), 1, "{listed:?}");
    let duplicate = receipts[0].clone();
    assert_eq!(duplicate.records.len(), 2);
    assert!(duplicate.what.contains("0016100") && duplicate.what.contains("区综合执法局"), "{}", duplicate.what);
    assert_eq!(duplicate.decision, None);

    // The lead links them: both records stay, the decision is a record of its own.
    let before = t.store.list::<Receipt>().unwrap().len();
    merge::review::decide_duplicate(&mut t.store, &duplicate, true, "同一张收据").unwrap();
    assert_eq!(t.store.list::<Receipt>().unwrap().len(), before, "nothing deleted");
    let again = merge::review::probable_duplicates(&t.store).unwrap();
    let decided = again.iter().find(|d| d.records == duplicate.records).unwrap();
    let link = decided.decision.as_ref().expect("decided");
    assert!(link.same);
    assert_eq!(link.kept(), Some(duplicate.records[0]));

    // The decision merges like any record: a second team database gets it from the lead's file.
    let lead_file = t.export("team.daocha");
    let mut other = other;
    other.merge(&fa);
    other.merge(&fb);
    let report = other.merge(&lead_file);
    assert_eq!(report.status, Status::Merged, "{report:?}");
    let there = merge::review::probable_duplicates(&other.store).unwrap();
    assert!(there.iter().find(|d| d.records.len() == 2 && d.kind == duplicate.kind).unwrap().decision.is_some());

    // A third copy arriving later is asked about again.
    apply(&mut c, inspection, &[Op::Add(100)]);
    let fc = c.export("c.daocha");
    t.merge(&fc);
    let third = merge::review::probable_duplicates(&t.store).unwrap();
    let grown = third.iter().find(|d| d.kind == duplicate.kind).unwrap();
    assert_eq!((grown.records.len(), grown.decision.clone()), (3, None));
}

#[test]
fn merging_many_files_checks_the_next_while_writing_and_reports_as_one_by_one() {
    let (plan, mut laptops) = plan(2, &["赵彧", "王喆", "陈昇"]);
    let inspection = plan.inspection;
    let mut files = vec![plan.file.clone()];
    for (i, l) in laptops.iter_mut().enumerate() {
        apply(l, inspection, &[Op::Add(100 + i as i64), Op::Edit(0, 300 + i as i64)]);
        files.push(l.export("x.daocha"));
    }
    let junk = laptops[0].dir.path().join("junk.daocha");
    std::fs::write(&junk, b"SQLite format 3\0 but not really").unwrap();
    files.insert(2, junk);
    files.push(files[1].clone());

    let mut one_by_one = plan.joined("组长甲");
    let expected: Vec<merge::FileReport> = files.iter().map(|f| one_by_one.merge(f)).collect();
    let mut piped = plan.joined("组长乙");
    let mut seen = Vec::new();
    let reports = merge::merge_files(&mut piped.store, &files, |i, r| {
        seen.push((i, r.status.clone()));
        true
    })
    .unwrap();
    let strip = |r: &merge::FileReport| {
        (r.path.clone(), r.sha256.clone(), r.status.clone(), r.reason.clone(), r.new_versions, r.conflicts)
    };
    assert_eq!(reports.iter().map(strip).collect::<Vec<_>>(), expected.iter().map(strip).collect::<Vec<_>>());
    assert_eq!(reports[2].status, Status::Rejected);
    assert_eq!(reports.last().unwrap().status, Status::Duplicate);
    assert_eq!(seen.len(), files.len());
    assert_eq!(shared_dump(&piped, &[]), shared_dump(&one_by_one, &[]));

    // Stopping after the second file leaves the rest unmerged.
    let mut stopped = plan.joined("组长丙");
    let reports = merge::merge_files(&mut stopped.store, &files, |i, _| i < 1).unwrap();
    assert_eq!(reports.len(), 2);
}

/// Bytes of the team database (main file and WAL) for the byte-identical checks.
/// The page size of a database file (an export, a team database).
fn page_size_of(path: &Path) -> u32 {
    rusqlite::Connection::open(path).unwrap().query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap()
}

#[test]
fn databases_with_4_and_16_kib_pages_merge_into_each_other() {
    // The lead and 赵彧 on laptops a daocha before 16 KiB pages made, 王喆 on a new one.
    let (plan, mut laptops) = plan_with_old(2, &["赵彧", "王喆"], &["组长", "赵彧"]);
    let inspection = plan.inspection;
    let (mut old, mut new) = (laptops.remove(0), laptops.remove(0));
    assert_eq!(plan.lead.store.page_size().unwrap(), 4096);
    assert_eq!((old.store.page_size().unwrap(), new.store.page_size().unwrap()), (4096, 16_384));
    assert_eq!(page_size_of(&plan.file), 4096, "an old laptop's file keeps its pages");
    apply(&mut old, inspection, &[Op::Edit(0, 150), Op::Add(7)]);
    apply(&mut new, inspection, &[Op::Delete(0), Op::Edit(0, 200)]);
    let (old_file, new_file) = (old.export("old.daocha"), new.export("new.daocha"));
    assert_eq!((page_size_of(&old_file), page_size_of(&new_file)), (4096, 16_384));

    // Both files into a new team database and into an old one, in either order: the same records.
    let new_team = plan.team(&[&old_file, &new_file]);
    let mut old_team = plan.joined_with_pages("综合督查组", true);
    for f in [&new_file, &old_file] {
        let report = old_team.merge(f);
        assert_eq!(report.status, Status::Merged, "{}", report.reason);
    }
    assert_eq!((new_team.store.page_size().unwrap(), old_team.store.page_size().unwrap()), (16_384, 4096));
    let all = [&old, &new];
    assert_eq!(shared_dump(&new_team, &all), shared_dump(&old_team, &all));
    assert_eq!(conflicts(&new_team.store).len(), 1, "the receipt one edited and the other deleted");
    assert_eq!(conflicts(&new_team.store), reference_conflicts(&new_team.store));

    // And back: each laptop takes the other's file.
    assert_eq!(old.merge(&new_file).status, Status::Merged);
    assert_eq!(new.merge(&old_file).status, Status::Merged);
    assert_eq!(version_ids(&old.store), version_ids(&new.store));
    assert_eq!(conflicts(&old.store), conflicts(&new.store));
    for laptop in [&old, &new, &new_team, &old_team] {
        assert_eq!(laptop.store.integrity_check().unwrap(), vec!["ok".to_string()]);
        assert!(laptop.store.verify_audit().unwrap().first_break.is_none());
    }
}

fn bytes_of(store: &Store) -> (Vec<u8>, Vec<u8>) {
    let path = store.path().to_path_buf();
    let wal = std::fs::read(format!("{}-wal", path.display())).unwrap_or_default();
    (std::fs::read(&path).unwrap(), wal)
}

fn tamper(valid: &Path, dir: &Path, name: &str, sql: &str) -> PathBuf {
    let out = dir.join(name);
    std::fs::copy(valid, &out).unwrap();
    let conn = rusqlite::Connection::open(&out).unwrap();
    conn.execute_batch(sql).unwrap();
    drop(conn);
    out
}

#[test]
fn bad_files_are_refused_and_the_team_database_is_untouched() {
    let (plan, mut laptops) = plan(3, &["赵彧"]);
    let mut inspector = laptops.remove(0);
    apply(&mut inspector, plan.inspection, &[Op::Edit(0, 999)]);
    let valid = inspector.export("valid.daocha");
    let mut team = plan.joined("综合督查组");
    team.merge(&plan.file);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bytes = std::fs::read(&valid).unwrap();
    let trigger_sql: String = rusqlite::Connection::open(&valid)
        .unwrap()
        .query_row("SELECT sql FROM sqlite_schema WHERE name = 'versions_no_update'", [], |r| r.get(0))
        .unwrap();
    let audit_trigger_sql: String = rusqlite::Connection::open(&valid)
        .unwrap()
        .query_row("SELECT sql FROM sqlite_schema WHERE name = 'audit_log_no_update'", [], |r| r.get(0))
        .unwrap();
    let mut flipped = bytes.clone();
    for i in (4096..flipped.len()).step_by(997) {
        flipped[i] ^= 0x5a;
    }
    let cases: Vec<(PathBuf, &str)> = vec![
        ({ let p = d.join("truncated.daocha"); std::fs::write(&p, &bytes[..bytes.len() / 2]).unwrap(); p }, ""),
        ({ let p = d.join("flipped.daocha"); std::fs::write(&p, &flipped).unwrap(); p }, ""),
        ({ let p = d.join("empty.daocha"); std::fs::write(&p, b"").unwrap(); p }, "文件为空"),
        ({ let p = d.join("text.daocha"); std::fs::write(&p, "收据编号,金额\n0016001,1500\n").unwrap(); p }, "不是 SQLite"),
        (tamper(&valid, d, "appid.daocha", "PRAGMA application_id = 1;"), "application_id"),
        (tamper(&valid, d, "newer.daocha", "PRAGMA user_version = 99;"), "版本不同"),
        (tamper(&valid, d, "table.daocha", "CREATE TABLE extra (x);"), "结构"),
        (tamper(&valid, d, "trigger.daocha", "CREATE TRIGGER evil AFTER INSERT ON blobs BEGIN SELECT 1; END;"), "结构"),
        (tamper(&valid, d, "view.daocha", "CREATE VIEW evil AS SELECT * FROM versions;"), "结构"),
        (
            tamper(
                &valid,
                d,
                "default.daocha",
                "PRAGMA writable_schema = ON;
                 UPDATE sqlite_schema SET sql = replace(sql, 'value TEXT NOT NULL', 'value TEXT NOT NULL DEFAULT (hex(randomblob(8)))') WHERE name = 'local_meta';",
            ),
            "结构",
        ),
        (
            tamper(&valid, d, "forged.daocha", "UPDATE local_meta SET value = replace(value, '赵彧', '王喆') WHERE key = 'export.manifest';"),
            "签名无效",
        ),
        (
            tamper(
                &valid,
                d,
                "lying.daocha",
                &format!(
                    "DROP TRIGGER versions_no_update;
                     UPDATE versions SET content = replace(content, '99900', '1') WHERE kind = (SELECT code FROM kinds WHERE name = 'receipt');
                     {trigger_sql};"
                ),
            ),
            "哈希不符",
        ),
        (
            tamper(
                &valid,
                d,
                "huge.daocha",
                &format!(
                    "DROP TRIGGER versions_no_update;
                     UPDATE versions SET content = '{{\"x\":\"' || hex(zeroblob(1100000)) || '\"}}' WHERE version_id = (SELECT min(version_id) FROM versions WHERE kind = (SELECT code FROM kinds WHERE name = 'receipt'));
                     {trigger_sql};"
                ),
            ),
            "过长",
        ),
        (
            // Every version intact, but one claims another command wrote it.
            tamper(
                &valid,
                d,
                "moved.daocha",
                &format!(
                    "DROP TRIGGER versions_no_update;
                     UPDATE versions SET audit_seq = audit_seq - 1 WHERE version_id = (SELECT max(version_id) FROM versions);
                     {trigger_sql};"
                ),
            ),
            "审计链",
        ),
        (
            tamper(
                &valid,
                d,
                "rewritten.daocha",
                &format!(
                    "DROP TRIGGER audit_log_no_update;
                     UPDATE audit_log SET summary = '无事发生' WHERE seq = 2;
                     {audit_trigger_sql};"
                ),
            ),
            "审计链",
        ),
    ];
    for (file, expected) in &cases {
        let before = bytes_of(&team.store);
        let report = team.merge(file);
        assert_eq!(report.status, Status::Rejected, "{} was not rejected", file.display());
        assert!(report.reason.contains(expected), "{}: {}", file.display(), report.reason);
        assert_eq!(bytes_of(&team.store), before, "{} changed the team database", file.display());
    }
    // The valid file still merges.
    assert_eq!(team.merge(&valid).status, Status::Merged);
}

/// A laptop (the demo) whose first record of kind `R` has `photo` attached, exported: the file,
/// the record and the attachment.
fn exported_with_evidence<R: daocha::inspection::evidence::HasEvidence>(
    dir: &Path,
    photo: &[u8],
) -> (PathBuf, Id<R>, Id<daocha::domain::Attachment>) {
    let (mut laptop, _) = daocha::demo::create_demo(&dir.join("laptop.db")).unwrap();
    let owner = laptop.list::<R>().unwrap()[0].clone();
    let attachment = daocha::inspection::evidence::attach(&mut laptop, &owner, "收据存根.jpg", photo).unwrap();
    let file = dir.join("laptop.daocha");
    merge::export::export(&mut laptop, &file, None, PIN, "inspector").unwrap();
    (file, owner.id, attachment)
}

#[test]
fn evidence_travels_with_the_merge_and_a_swapped_photo_is_refused() {
    use daocha::domain::{Attachment, Finding};
    let dir = tempfile::tempdir().unwrap();
    let photo = b"\xFF\xD8\xFF\xE0 a photo of the receipt book".to_vec();
    let (valid, finding, attachment) = exported_with_evidence::<Finding>(dir.path(), &photo);

    let (mut team, _) = daocha::demo::create_demo(&dir.path().join("team.db")).unwrap();
    let swapped = tamper(&valid, dir.path(), "swapped.daocha", "UPDATE blobs SET data = x'FFD8FF00';");
    let before = bytes_of(&team);
    let report = merge::merge_file(&mut team, &swapped).unwrap();
    assert_eq!(report.status, Status::Rejected);
    assert!(report.reason.contains("哈希"), "{}", report.reason);
    assert_eq!(bytes_of(&team), before, "a refused file leaves the team database untouched");

    let report = merge::merge_file(&mut team, &valid).unwrap();
    assert_eq!(report.status, Status::Merged, "{}", report.reason);
    let merged = team.get::<Attachment>(attachment).unwrap().expect("the attachment record arrived");
    assert_eq!(daocha::inspection::evidence::bytes(&team, &merged.value.sha256).unwrap(), Some(photo));
    let finding = team.get::<Finding>(finding).unwrap().unwrap();
    assert_eq!(finding.value.attachment_ids, vec![attachment]);
}

/// A rectification's evidence (佐证) reaches the lead's database with its bytes, from a laptop
/// whose rectification the lead's database already holds in its earlier version.
#[test]
fn a_rectifications_evidence_arrives_in_the_leads_database() {
    use daocha::domain::{Attachment, Rectification};
    let dir = tempfile::tempdir().unwrap();
    let mut photo = Vec::new();
    image::RgbImage::from_pixel(5, 4, image::Rgb([10, 200, 60]))
        .write_to(&mut std::io::Cursor::new(&mut photo), image::ImageFormat::Png)
        .unwrap();
    let (file, rectification, attachment) = exported_with_evidence::<Rectification>(dir.path(), &photo);
    let (mut team, _) = daocha::demo::create_demo(&dir.path().join("team.db")).unwrap();
    assert!(team.get::<Attachment>(attachment).unwrap().is_none());
    let report = merge::merge_file(&mut team, &file).unwrap();
    assert_eq!(report.status, Status::Merged, "{}", report.reason);
    let merged = team.get::<Rectification>(rectification).unwrap().expect("the rectification is there");
    assert_eq!(merged.value.attachment_ids, vec![attachment]);
    let record = team.require(attachment).unwrap().value;
    assert_eq!(record.media_type, "image/png");
    assert_eq!(daocha::inspection::evidence::bytes(&team, &record.sha256).unwrap(), Some(photo));
    // Merged again: nothing new.
    let again = merge::merge_file(&mut team, &file).unwrap();
    assert_ne!(again.status, Status::Rejected, "{}", again.reason);
    assert_eq!(team.get::<Rectification>(rectification).unwrap().unwrap().value.attachment_ids, vec![attachment]);
}

/// The campaign's kinds (自查自纠报告, 监督举报, 现场看, 决定抽查, 回避声明, 抽取受检单位, 抽取检查组, 挂牌督办) travel like every kind: in
/// any order, once, nothing lost.
#[test]
fn campaign_records_merge_in_any_order_and_once() {
    use daocha::domain::{Complaint, ObserverVisit, SelfReport, TeamDraw, UnitDecision, UnitDraw, UnitRecusal};
    let (plan, mut laptops) = plan(0, &["王喆", "陈昇"]);
    let unit = laptops[0].store.list::<Unit>().unwrap()[0].id;
    let me = laptops[0].me();
    laptops[0]
        .store
        .write("test", "决定与回避", |w| {
            w.create(&UnitDecision {
                unit_id: unit,
                ground: "挂牌督办".into(),
                reason: "区政府挂牌督办".into(),
                decided_by: "王喆".into(),
                decided_on: NaiveDate::from_ymd_opt(2017, 9, 1).unwrap(),
            })?;
            w.create(&UnitRecusal { inspector_id: me, unit_id: unit, reason: "曾在该单位工作".into() })
        })
        .unwrap();
    let day = |m, d| NaiveDate::from_ymd_opt(2017, m, d).unwrap();
    laptops[0]
        .store
        .write("test", "自查自纠与现场看", |w| {
            w.create(&SelfReport {
                unit_id: unit,
                year: 2017,
                deployment_received: Some(day(6, 28)),
                report_received: Some(day(8, 25)),
                cases_reviewed: 40,
                problems: [1, 0, 2, 0, 0],
                fixed_at_once: 2,
                with_timetable: 1,
                clues_transferred: 0,
                notes: String::new(),
                summary_received: None,
            })?;
            w.create(&ObserverVisit {
                date: day(9, 3),
                unit_id: Some(unit),
                observers: "人大代表 李某".into(),
                certificates_shown: Some(true),
                procedure_followed: Some(false),
                civil_conduct: None,
                remarks: "未出示告知书".into(),
                questionnaires: 12,
                satisfied: 10,
            })
        })
        .unwrap();
    for (i, laptop) in laptops.iter_mut().enumerate() {
        laptop
            .store
            .write("test", "监督举报", |w| {
                w.create(&Complaint {
                    received_on: day(7, 10 + i as u32),
                    channel: Complaint::CHANNELS[i].into(),
                    unit_id: Some(unit),
                    domain: "市场监管".into(),
                    complainant: format!("群众{i}"),
                    content: "罚款未开票据".into(),
                    handler: "王喆".into(),
                    result: if i == 0 { "已责令开具票据".into() } else { String::new() },
                    closed: i == 0,
                })
            })
            .unwrap();
    }
    laptops[1]
        .store
        .write("test", "挂牌督办", |w| {
            w.create(&daocha::domain::Supervision {
                unit_id: unit,
                finding_id: None,
                reason: "罚没款长期未缴库".into(),
                responsible_leader: "局长".into(),
                started_on: day(9, 20),
                deadline: day(11, 30),
                steps: vec![daocha::domain::FollowUp { date: day(9, 25), note: "下达督办通知书".into() }],
                evidence: String::new(),
                closed_on: None,
                closed_reason: String::new(),
            })
        })
        .unwrap();
    let drawn = daocha::campaign::select::select(&mut laptops[1].store, 1, "5-5", Some(2017)).unwrap();
    assert!(drawn.new);
    let teams = daocha::campaign::select::teams(&mut laptops[1].store, "6-1", 2).unwrap();
    assert_eq!(teams.draw.value.teams.len(), 1);
    // A swap (调换检查人员) and the inspection made from the team as swapped travel too.
    let team = teams.draw.value.teams[0].clone();
    let incoming = daocha::campaign::assign::eligible_in(&laptops[1].store, team.unit_id).unwrap();
    let incoming = incoming.first().expect("someone may join the team").inspector_id;
    let (_, swapped) =
        daocha::campaign::assign::swap(&mut laptops[1].store, team.unit_id, team.members[1], incoming, "出差").unwrap();
    // The inspections need every member's inspector record: a laptop that lacks a colleague's
    // (it came only in the colleague's own file) says so and makes none.
    let day = NaiveDate::from_ymd_opt(2017, 9, 20).unwrap();
    match daocha::campaign::assign::inspections(&mut laptops[1].store, day) {
        Ok(_) => {}
        Err(daocha::campaign::select::CampaignError::Inspections(
            daocha::campaign::assign::InspectionsError::NoInspector { name, .. },
        )) => {
            assert!(laptops[1].store.list::<Inspector>().unwrap().iter().all(|i| i.value.name != name), "{name}");
            assert!(laptops[1].store.list::<Inspection>().unwrap().iter().all(|i| i.value.team_draw_id.is_none()));
        }
        Err(e) => panic!("{e}"),
    }
    let files: Vec<PathBuf> = laptops.iter_mut().enumerate().map(|(i, l)| l.export(&format!("{i}.daocha"))).collect();
    let all: Vec<&Laptop> = laptops.iter().collect();
    let mut ab = plan.team(&[&files[0], &files[1]]);
    let mut ba = plan.team(&[&files[1], &files[0]]);
    assert_eq!(shared_dump(&ab, &all), shared_dump(&ba, &all));
    let before = dump(&ba.store).unwrap();
    assert_eq!(ba.merge(&files[0]).status, Status::Duplicate);
    assert_eq!(dump(&ba.store).unwrap(), before);
    assert_eq!(ab.store.list::<UnitDecision>().unwrap().len(), 1);
    assert_eq!(ab.store.list::<UnitRecusal>().unwrap().len(), 1);
    assert_eq!(ab.store.list::<UnitDraw>().unwrap().len(), 1);
    assert_eq!(ab.store.list::<TeamDraw>().unwrap().len(), 1);
    assert_eq!(ab.store.list::<daocha::domain::TeamSwap>().unwrap().len(), 1);
    let effective = daocha::campaign::assign::effective(&ab.store).unwrap().unwrap();
    assert_eq!(effective.teams, vec![swapped.clone()], "the team as swapped, in the team database");
    // In the team database every member's record is there: one inspection, the team as swapped.
    daocha::campaign::assign::inspections(&mut ab.store, day).unwrap();
    let made: Vec<_> =
        ab.store.list::<Inspection>().unwrap().into_iter().filter(|i| i.value.team_draw_id.is_some()).collect();
    assert_eq!(made.len(), 1);
    assert_eq!(made[0].value.inspector_ids, swapped.members);
    assert_eq!(ab.store.list::<SelfReport>().unwrap().len(), 1);
    assert_eq!(ab.store.list::<ObserverVisit>().unwrap().len(), 1);
    let supervised = ab.store.list::<daocha::domain::Supervision>().unwrap();
    assert_eq!(supervised.len(), 1);
    assert_eq!(supervised[0].value.steps.len(), 1);
    let mut channels: Vec<String> =
        ab.store.list::<Complaint>().unwrap().into_iter().map(|c| c.value.channel).collect();
    channels.sort();
    let mut expected: Vec<String> = Complaint::CHANNELS[..2].iter().map(|c| c.to_string()).collect();
    expected.sort();
    assert_eq!(channels, expected, "both laptops' complaints arrive, once each");
}

/// The records of the campaign after the visits — a 回头看, a 三项制度 checklist, the leading
/// group's approval, a unit's 整改报告 and a clue's sealed outcome — written on three databases
/// merge into the team's in any order, once each; merging a file again changes nothing.
#[test]
fn after_visit_records_merge_in_any_order_and_once() {
    use daocha::domain::{
        Approval, Clue, ClueOutcome, ClueRecipient, Finding, LookBack, LookBackOutcome, Rectification,
        RectificationMode, RectificationReport, RectificationStatus, SystemStatus, SystemsCheck,
    };
    use daocha::inspection::clues::{self, ClueText, OutcomeText};
    let (mut plan, mut laptops) = plan(0, &["王喆", "陈昇"]);
    let inspection = plan.inspection;
    let unit = laptops[0].store.list::<Unit>().unwrap()[0].id;
    let day = |m, d| NaiveDate::from_ymd_opt(2017, m, d).unwrap();
    // 王喆: a finding, its rectification and a clue.
    let (finding, rectification) = laptops[0]
        .store
        .write("test", "问题与整改", |w| {
            let finding = w.create(&Finding {
                inspection_id: inspection,
                case_file_id: None,
                decision_no: None,
                category: 3,
                item: "3.4".into(),
                facts: "罚没款未按期缴入国库".into(),
                legal_basis: String::new(),
                severity: Default::default(),
                confirmed_on_site: true,
                confirmed_by: "单位负责人".into(),
                suggestion: String::new(),
                attachment_ids: Vec::new(),
                source: None,
                typical: true,
                recorded_at: None,
            })?;
            let rectification = w.create(&Rectification {
                inspection_id: inspection,
                finding_id: finding,
                measure: "限期缴库并追究经办人责任".into(),
                responsible: "财务科长".into(),
                mode: RectificationMode::Deadline,
                deadline: Some(day(10, 31)),
                status: RectificationStatus::Promised,
                follow_ups: Vec::new(),
                attachment_ids: Vec::new(),
            })?;
            Ok((finding, rectification))
        })
        .unwrap();
    let clue = clues::record(
        &mut laptops[0].store,
        inspection,
        &ClueText { decision_no: None, what: "经办人截留罚没款".into() },
        vec![ClueRecipient::DisciplineInspection],
        None,
    )
    .unwrap();
    let f0 = laptops[0].export("0.daocha");
    // 陈昇 takes 王喆's file and goes back (回头看); checks the three systems.
    assert_eq!(laptops[1].merge(&f0).status, Status::Merged);
    laptops[1]
        .store
        .write("test", "回头看与三项制度", |w| {
            w.create(&LookBack {
                inspection_id: inspection,
                rectification_id: rectification,
                date: day(11, 20),
                by: "陈昇".into(),
                outcome: LookBackOutcome::Partly,
                note: "已缴库 2 笔，尚余 1 笔".into(),
            })?;
            w.create(&SystemsCheck {
                unit_id: unit,
                checked_on: day(11, 20),
                systems: [SystemStatus::Built, SystemStatus::Building, SystemStatus::NotBuilt],
                evidence: ["鲅政发〔2017〕3号".into(), String::new(), String::new()],
                commitments: [Some(true), Some(false), None, None, Some(true), None],
                checked_by: "陈昇".into(),
                notes: String::new(),
            })
        })
        .unwrap();
    let f1 = laptops[1].export("1.daocha");
    // The lead: the approval, the unit's report, the clue's outcome.
    assert_eq!(plan.lead.merge(&f0).status, Status::Merged);
    plan.lead
        .store
        .write("test", "审批与整改报告", |w| {
            w.create(&Approval {
                inspection_id: inspection,
                finding_ids: vec![finding],
                agreed_on: day(10, 10),
                back_to_back: true,
                approved_by: "专项治理领导小组".into(),
                approved_on: Some(day(10, 20)),
                document_no: "鲅政办批〔2017〕12号".into(),
            })?;
            w.create(&RectificationReport {
                rectification_id: rectification,
                unit_id: unit,
                measure_taken: "已缴库两笔".into(),
                completed_on: None,
                status: RectificationStatus::InProgress,
                note: String::new(),
                source: "整改情况反馈表.xlsx".into(),
                source_sha256: "ab".repeat(32),
                row: 2,
                received_at: chrono::Utc::now(),
            })
        })
        .unwrap();
    clues::record_outcome(
        &mut plan.lead.store,
        clue,
        &OutcomeText {
            received_by: "区纪委 李某".into(), received_on: Some(day(11, 2)), result: "已立案".into()
        },
    )
    .unwrap();
    let fl = plan.lead.export("lead.daocha");

    let files = [&f0, &f1, &fl];
    let mut all: Vec<&Laptop> = laptops.iter().collect();
    all.push(&plan.lead);
    let orders = [[0, 1, 2], [2, 1, 0], [1, 2, 0]];
    let teams: Vec<Laptop> =
        orders.iter().map(|o| plan.team(&o.iter().map(|&i| files[i].as_path()).collect::<Vec<_>>())).collect();
    let first = shared_dump(&teams[0], &all);
    for team in &teams[1..] {
        assert_eq!(shared_dump(team, &all), first, "the same records whatever the order");
    }
    let mut team = teams.into_iter().next().unwrap();
    let before = dump(&team.store).unwrap();
    for file in files {
        assert_eq!(team.merge(file).status, Status::Duplicate);
    }
    assert_eq!(dump(&team.store).unwrap(), before, "merging again changes nothing");
    assert_eq!(team.store.list::<LookBack>().unwrap().len(), 1);
    assert_eq!(team.store.list::<SystemsCheck>().unwrap().len(), 1);
    assert_eq!(team.store.list::<RectificationReport>().unwrap().len(), 1);
    assert_eq!(team.store.list::<Clue>().unwrap().len(), 1);
    let outcomes = team.store.list::<ClueOutcome>().unwrap();
    assert_eq!(outcomes.len(), 1);
    assert_eq!(outcomes[0].value.sealed[0].to, plan.lead.key(), "sealed for the lead alone");
    let approvals = team.store.list::<Approval>().unwrap();
    assert_eq!(approvals.len(), 1);
    assert!(approvals[0].value.approved());
    assert_eq!(approvals[0].value.finding_ids, vec![finding]);
    let kept = team.store.require(rectification).unwrap();
    assert_eq!(kept.value.status, RectificationStatus::Promised, "the unit's report never changes the team's record");
}

/// An approval and a clue outcome are the lead's to record: signed by a member's key (a build that
/// skipped the check, or a hand-edited database) the file is refused whole; a list submitted but not
/// yet approved is anyone's.
#[test]
fn an_approval_or_a_clue_outcome_from_a_member_is_refused() {
    use daocha::domain::{Approval, ClueOutcome, SealedBox};
    let day = |m, d| NaiveDate::from_ymd_opt(2017, m, d).unwrap();
    let approval = |inspection, approved: bool| Approval {
        inspection_id: inspection,
        // The list as agreed (a finding of the inspection; whether it exists is not the merge's concern).
        finding_ids: vec![Id::from_uuid(uuid::Uuid::now_v7())],
        agreed_on: day(10, 10),
        back_to_back: false,
        approved_by: if approved { "专项治理领导小组".into() } else { String::new() },
        approved_on: approved.then(|| day(10, 20)),
        document_no: String::new(),
    };
    let (plan, mut laptops) = plan(0, &["王喆"]);
    let inspection = plan.inspection;
    laptops[0].store.write("test", "提交审批", |w| w.create(&approval(inspection, false))).unwrap();
    let submitted = laptops[0].export("submitted.daocha");
    let mut team = plan.team(&[]);
    assert_eq!(team.merge(&submitted).status, Status::Merged, "a member may submit the agreed list");

    type Forge<'a> = Box<dyn Fn(&mut Laptop) + 'a>;
    let forgeries: [(&str, Forge); 2] = [
        (
            "问题清单审批",
            Box::new(move |l: &mut Laptop| {
                l.store.write("test", "审批", |w| w.create(&approval(inspection, true))).unwrap();
            }),
        ),
        (
            "线索处理结果",
            Box::new(move |l: &mut Laptop| {
                let clue = daocha::inspection::clues::record(
                    &mut l.store,
                    inspection,
                    &daocha::inspection::clues::ClueText { decision_no: None, what: "截留罚没款".into() },
                    vec![daocha::domain::ClueRecipient::DisciplineInspection],
                    None,
                )
                .unwrap();
                let at = l.store.now();
                l.store
                    .write("test", "处理结果", |w| {
                        w.create(&ClueOutcome {
                            inspection_id: inspection,
                            clue_id: clue,
                            sealed: vec![SealedBox { to: "00".repeat(32), sealed: "00".into() }],
                            recorded_by: None,
                            recorded_at: at,
                        })
                    })
                    .unwrap();
            }),
        ),
    ];
    for (label, forge) in forgeries {
        let (plan, mut laptops) = self::plan(0, &["王喆"]);
        forge(&mut laptops[0]);
        let file = laptops[0].export("forged.daocha");
        let mut team = plan.team(&[]);
        let before = dump(&team.store).unwrap();
        let report = team.merge(&file);
        assert_eq!(report.status, Status::Rejected, "{label}");
        assert!(report.reason.contains("只有组长可以作出的决定") && report.reason.contains(label), "{}", report.reason);
        assert_eq!(dump(&team.store).unwrap(), before, "{label}: the team database is untouched");
    }
}

/// The decisions only the lead may make — here the 销号 of a 挂牌督办 — are refused at the merge when a
/// member's key signed them (a build that skipped the window's check, or a hand-edited database):
/// the whole file is rejected and the team database untouched. The same closure signed by the lead
/// merges, and a member's open supervision merges as before.
#[test]
fn a_closure_only_the_lead_may_make_is_refused_from_a_member() {
    use daocha::domain::Supervision;
    let (plan, mut laptops) = plan(0, &["王喆"]);
    let unit = laptops[0].store.list::<Unit>().unwrap()[0].id;
    let day = |m, d| NaiveDate::from_ymd_opt(2017, m, d).unwrap();
    let supervision = |closed: bool| Supervision {
        unit_id: unit,
        finding_id: None,
        reason: "罚没款长期未缴库".into(),
        responsible_leader: String::new(),
        started_on: day(9, 20),
        deadline: day(11, 30),
        steps: Vec::new(),
        evidence: String::new(),
        closed_on: closed.then(|| day(11, 20)),
        closed_reason: if closed { "已缴库".into() } else { String::new() },
    };
    laptops[0].store.write("test", "挂牌督办", |w| w.create(&supervision(true))).unwrap();
    let forged = laptops[0].export("member.daocha");
    let mut team = plan.team(&[]);
    let before = dump(&team.store).unwrap();
    let report = team.merge(&forged);
    assert_eq!(report.status, Status::Rejected);
    assert!(
        report.reason.contains("只有组长可以作出的决定") && report.reason.contains("挂牌督办"),
        "{}",
        report.reason
    );
    assert_eq!(dump(&team.store).unwrap(), before, "the team database is untouched");

    let (plan, mut laptops) = self::plan(0, &["王喆"]);
    let unit_open = laptops[0].store.list::<Unit>().unwrap()[0].id;
    let mut open = supervision(false);
    open.unit_id = unit_open;
    laptops[0].store.write("test", "挂牌督办", |w| w.create(&open)).unwrap();
    let member = laptops[0].export("member-open.daocha");
    let mut team = plan.team(&[]);
    let mut lead = plan.lead;
    let mut closed = supervision(true);
    closed.unit_id = unit_open;
    lead.store.write("test", "挂牌督办销号", |w| w.create(&closed)).unwrap();
    let by_lead = lead.export("lead.daocha");
    assert_eq!(team.merge(&member).status, Status::Merged, "a member may put a problem under supervision");
    let report = team.merge(&by_lead);
    assert_eq!(report.status, Status::Merged, "{}", report.reason);
}

/// The database at `from` (this build's schema) written out at `to` as a daocha of schema 5 wrote
/// it: the tables of migrations 1–5, ids as hyphenated text, content hashes as hex, kinds as
/// names, and a `heads` row for every head of every record. The fixture of a laptop not yet
/// updated, made by code.
fn written_by_schema_5(from: &Path, to: &Path) {
    let conn = rusqlite::Connection::open(to).unwrap();
    for sql in &daocha::store::schema::MIGRATIONS[..5] {
        conn.execute_batch(sql).unwrap();
    }
    conn.execute_batch(&format!(
        "PRAGMA application_id = {}; PRAGMA user_version = 5;",
        daocha::store::schema::APPLICATION_ID
    ))
    .unwrap();
    conn.execute("ATTACH DATABASE ?1 AS src", [from.to_string_lossy().as_ref()]).unwrap();
    let t = |c: &str| {
        format!(
            "CASE WHEN {c} IS NULL THEN NULL ELSE lower(substr(hex({c}), 1, 8) || '-' || substr(hex({c}), 9, 4) || '-' || \
             substr(hex({c}), 13, 4) || '-' || substr(hex({c}), 17, 4) || '-' || substr(hex({c}), 21, 12)) END"
        )
    };
    conn.execute_batch(&format!(
        "BEGIN;
         INSERT INTO local_meta SELECT * FROM src.local_meta;
         INSERT INTO versions SELECT {}, {}, (SELECT name FROM src.kinds k WHERE k.code = v.kind), {}, supersedes, {}, {},
             created_at, content, lower(hex(content_sha256)), audit_seq, attestation_id FROM src.versions v;
         INSERT INTO heads SELECT {}, {} FROM src.current WHERE n_heads = 1;
         INSERT INTO heads SELECT {}, {} FROM src.heads;
         INSERT INTO current SELECT {}, (SELECT name FROM src.kinds k WHERE k.code = c.kind), {}, {}, deleted, n_heads
             FROM src.current c;
         INSERT INTO audit_log SELECT seq, at, {}, {}, action, summary, n_versions, versions_sha256, prev_hash, entry_hash
             FROM src.audit_log;
         INSERT INTO local_keys SELECT {}, public_key, sealed_secret, created_at FROM src.local_keys;
         INSERT INTO attestations SELECT * FROM src.attestations;
         INSERT INTO blobs SELECT * FROM src.blobs;
         INSERT INTO merge_log SELECT * FROM src.merge_log;
         COMMIT;",
        t("version_id"),
        t("record_id"),
        t("scope_id"),
        t("author_id"),
        t("device_id"),
        t("record_id"),
        t("version_id"),
        t("record_id"),
        t("version_id"),
        t("record_id"),
        t("scope_id"),
        t("version_id"),
        t("device_id"),
        t("inspector_id"),
        t("inspector_id"),
    ))
    .unwrap();
    conn.execute_batch("DETACH DATABASE src;").unwrap();
    let schema = daocha::store::schema::schema_of(&conn).unwrap();
    assert_eq!(schema, daocha::store::schema::expected_schema_at(5).unwrap(), "exactly schema 5");
    let text_ids: i64 = conn
        .query_row(
            "SELECT count(*) FROM versions WHERE typeof(version_id) = 'text' AND length(version_id) = 36",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(text_ids > 0);
}

/// The database at `from` (this build's schema) written out at `to` as a daocha of schema 6 wrote
/// it: the tables of migrations 1–6, kinds as their names in `versions.kind` and `current.kind`,
/// no `kinds` table. The fixture of a laptop not yet updated, made by code.
fn written_by_schema_6(from: &Path, to: &Path) {
    let conn = rusqlite::Connection::open(to).unwrap();
    for sql in &daocha::store::schema::MIGRATIONS[..6] {
        conn.execute_batch(sql).unwrap();
    }
    conn.execute_batch(&format!(
        "PRAGMA application_id = {}; PRAGMA user_version = 6;",
        daocha::store::schema::APPLICATION_ID
    ))
    .unwrap();
    conn.execute("ATTACH DATABASE ?1 AS src", [from.to_string_lossy().as_ref()]).unwrap();
    conn.execute_batch(
        "BEGIN;
         INSERT INTO local_meta SELECT * FROM src.local_meta;
         INSERT INTO versions SELECT version_id, record_id, (SELECT name FROM src.kinds k WHERE k.code = v.kind), scope_id,
             supersedes, author_id, device_id, created_at, content, content_sha256, audit_seq, attestation_id
             FROM src.versions v;
         INSERT INTO heads SELECT * FROM src.heads;
         INSERT INTO current SELECT record_id, (SELECT name FROM src.kinds k WHERE k.code = c.kind), scope_id, version_id,
             deleted, n_heads FROM src.current c;
         INSERT INTO audit_log SELECT * FROM src.audit_log;
         INSERT INTO local_keys SELECT * FROM src.local_keys;
         INSERT INTO attestations SELECT * FROM src.attestations;
         INSERT INTO blobs SELECT * FROM src.blobs;
         INSERT INTO merge_log SELECT * FROM src.merge_log;
         COMMIT;
         DETACH DATABASE src;",
    )
    .unwrap();
    let schema = daocha::store::schema::schema_of(&conn).unwrap();
    assert_eq!(schema, daocha::store::schema::expected_schema_at(6).unwrap(), "exactly schema 6");
    let (names, kinds): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM versions WHERE typeof(kind) = 'text'), (SELECT count(DISTINCT kind) FROM current)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let versions: i64 = conn.query_row("SELECT count(*) FROM versions", [], |r| r.get(0)).unwrap();
    assert_eq!(names, versions, "every kind a name");
    assert!(kinds >= 4, "records of several kinds ({kinds})");
}

/// Every record's history, heads and the conflicts, as the store answers them.
fn answers(store: &Store) -> (serde_json::Value, Vec<String>, Option<String>) {
    let mut histories = Vec::new();
    for record in store.dump_records().unwrap() {
        histories.push(format!("{:?}", store.history(record.record_id).unwrap()));
    }
    histories.push(format!("{:?}", store.conflict_heads().unwrap()));
    histories.push(format!("{:?}", store.heads_of_kind(daocha::domain::RecordKind::Receipt).unwrap()));
    (dump(store).unwrap(), histories, store.audit_head().unwrap())
}

/// A team database that merged two laptops' exports (edits, a delete, an add, and one conflict);
/// with the plan, the two laptops and the second's export.
fn team_with_a_conflict() -> (Plan, Laptop, Laptop, Laptop, PathBuf) {
    let (plan, mut laptops) = plan(3, &["赵彧", "王喆"]);
    let inspection = plan.inspection;
    let (mut a, mut b) = (laptops.remove(0), laptops.remove(0));
    apply(&mut a, inspection, &[Op::Edit(0, 150), Op::Delete(1), Op::Add(7)]);
    apply(&mut b, inspection, &[Op::Edit(0, 200), Op::Edit(2, 300)]);
    let (fa, fb) = (a.export("a.daocha"), b.export("b.daocha"));
    let mut t = plan.joined("综合督查组");
    t.merge(&fa);
    assert_eq!(t.merge(&fb).conflicts, 1);
    (plan, t, a, b, fb)
}

#[test]
fn a_database_of_schema_5_is_migrated_on_open_and_keeps_everything() {
    let (plan, t, a, b, fb) = team_with_a_conflict();
    let inspection = plan.inspection;
    let before = answers(&t.store);
    let key = t.key();

    let old = t.dir.path().join("old.db");
    written_by_schema_5(t.store.path(), &old);
    let heads_5: i64 =
        rusqlite::Connection::open(&old).unwrap().query_row("SELECT count(*) FROM heads", [], |r| r.get(0)).unwrap();
    let records = before.0["records"].as_array().unwrap().len() as i64;
    assert_eq!(heads_5, records + 1, "schema 5 keeps a row for every head");

    let mut migrated = Store::open(&old).unwrap();
    let conn = rusqlite::Connection::open(&old).unwrap();
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, daocha::store::schema::MIGRATIONS.len() as i64);
    let (heads_6, text_ids): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM heads), (SELECT count(*) FROM versions WHERE typeof(version_id) != 'blob')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((heads_6, text_ids), (2, 0), "only the conflict's two heads have rows; every id is 16 bytes");
    assert_eq!(answers(&migrated), before, "every record, history, head and the audit chain's head");
    assert!(migrated.verify_audit().unwrap().first_break.is_none());
    assert_eq!(daocha::keys::public_key(&migrated, migrated.current_inspector().unwrap()).unwrap().unwrap().hex, key);

    // An inspector's laptop migrated too: its statements and signatures still check, so its export
    // merges into a team database as the export made before did.
    let old_a = a.dir.path().join("old.db");
    written_by_schema_5(a.store.path(), &old_a);
    let mut migrated_a = Store::open(&old_a).unwrap();
    let out = a.dir.path().join("migrated.daocha");
    merge::export::export(&mut migrated_a, &out, None, PIN, "inspector").unwrap();
    let mut other = plan.joined("复核");
    let report = other.merge(&out);
    assert_eq!(report.status, Status::Merged, "{}", report.reason);
    assert_eq!(other.merge(&fb).conflicts, 1);
    assert_eq!(shared_dump(&other, &[&a, &b]), shared_dump(&t, &[&a, &b]));

    // The conflict still shows and resolves in the migrated database.
    let listed = merge::review::conflicts(&migrated).unwrap();
    assert_eq!(listed.len(), 1);
    merge::review::resolve(&mut migrated, &listed[0], None).unwrap();
    assert!(merge::review::conflicts(&migrated).unwrap().is_empty());
    let shown = migrated.list_in::<Receipt, _>(inspection).unwrap();
    assert!(shown.iter().all(|r| r.n_heads == 1));
    assert!(migrated.verify_audit().unwrap().first_break.is_none());
}

/// Laptop a (two edits, a delete, an add) and b (an edit of the same record) export; a's export is
/// also rewritten as a build of schema `version` would have written it (`rewrite`). Two team
/// databases merge a's current or old file, then b's: the same records, one conflict, an intact
/// audit chain, and the old file left as it was. Returns the plan, a and a's old file.
fn an_old_export_merges_as_the_current_one(version: u32, rewrite: fn(&Path, &Path)) -> (Plan, Laptop, PathBuf) {
    let (plan, mut laptops) = plan(3, &["赵彧", "王喆"]);
    let inspection = plan.inspection;
    let (mut a, mut b) = (laptops.remove(0), laptops.remove(0));
    apply(&mut a, inspection, &[Op::Edit(0, 150), Op::Delete(1), Op::Add(7)]);
    apply(&mut b, inspection, &[Op::Edit(0, 200)]);
    let (fa, fb) = (a.export("a.daocha"), b.export("b.daocha"));
    let fa_old = a.dir.path().join(format!("a{version}.daocha"));
    rewrite(&fa, &fa_old);

    let mut new = plan.joined("综合督查组");
    let mut old = plan.joined("综合督查组");
    for (team, file) in [(&mut new, &fa), (&mut old, &fa_old)] {
        let report = team.merge(file);
        assert_eq!(report.status, Status::Merged, "{}", report.reason);
        assert_eq!(team.merge(&fb).conflicts, 1);
    }
    let all = [&a, &b];
    assert_eq!(shared_dump(&old, &all), shared_dump(&new, &all));
    assert_eq!(conflicts(&old.store).len(), 1);
    assert!(old.store.verify_audit().unwrap().first_break.is_none());
    let file = std::fs::read(&fa_old).unwrap();
    assert_eq!(file[60..64], version.to_be_bytes(), "the file itself is left as it was");
    (plan, a, fa_old)
}

#[test]
fn an_export_of_schema_5_merges_as_its_current_export_does() {
    let (plan, a, fa5) = an_old_export_merges_as_the_current_one(5, written_by_schema_5);

    // A file of schema 5 is held to exactly schema 5 before it is migrated.
    let tampered = tamper(&fa5, a.dir.path(), "a5-index.daocha", "CREATE INDEX evil ON versions (kind);");
    let mut team = plan.joined("综合督查组");
    let report = team.merge(&tampered);
    assert_eq!(report.status, Status::Rejected);
    assert!(report.reason.contains("结构"), "{}", report.reason);
}

#[test]
fn a_database_of_schema_6_is_migrated_on_open_and_keeps_everything() {
    let (plan, t, _, _, _) = team_with_a_conflict();
    let inspection = plan.inspection;
    let before = answers(&t.store);
    let counts: Vec<u64> = daocha::domain::RecordKind::ALL.iter().map(|k| t.store.count_of(*k).unwrap()).collect();
    let key = t.key();

    let old = t.dir.path().join("old6.db");
    written_by_schema_6(t.store.path(), &old);
    let size_6 = std::fs::metadata(&old).unwrap().len();
    // The start screen's peek (no migration) reads a file of schema 6 as one of schema 7.
    let peeked = daocha::store::peek::summary(t.store.path());
    assert!(peeked.is_some());
    assert_eq!(daocha::store::peek::summary(&old), peeked);
    let mut migrated = Store::open(&old).unwrap();
    let conn = rusqlite::Connection::open(&old).unwrap();
    let (version, names): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version),
                    (SELECT count(*) FROM versions WHERE typeof(kind) != 'integer')
                    + (SELECT count(*) FROM current WHERE typeof(kind) != 'integer')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((version, names), (7, 0), "schema 7: every kind a code");
    assert_eq!(daocha::store::schema::schema_of(&conn).unwrap(), daocha::store::schema::expected_schema().unwrap());
    assert_eq!(daocha::store::schema::kinds_of(&conn).unwrap(), daocha::store::schema::kind_rows());
    assert!(std::fs::metadata(&old).unwrap().len() <= size_6, "compacted after the rebuild");
    assert_eq!(answers(&migrated), before, "every record, history, head and the audit chain's head");
    let counts_after: Vec<u64> =
        daocha::domain::RecordKind::ALL.iter().map(|k| migrated.count_of(*k).unwrap()).collect();
    assert_eq!(counts_after, counts, "as many records of each kind");
    assert!(migrated.verify_audit().unwrap().first_break.is_none());
    assert_eq!(daocha::keys::public_key(&migrated, migrated.current_inspector().unwrap()).unwrap().unwrap().hex, key);
    let listed = merge::review::conflicts(&migrated).unwrap();
    assert_eq!(listed.len(), 1);
    merge::review::resolve(&mut migrated, &listed[0], None).unwrap();
    assert!(migrated.list_in::<Receipt, _>(inspection).unwrap().iter().all(|r| r.n_heads == 1));
    assert!(migrated.verify_audit().unwrap().first_break.is_none());
    drop(migrated);

    // A version of a kind migration 7 does not know fails it, and the database stays as it was.
    let bad = t.dir.path().join("bad6.db");
    written_by_schema_6(t.store.path(), &bad);
    let conn = rusqlite::Connection::open(&bad).unwrap();
    conn.execute_batch(
        "UPDATE current SET kind = 'no_such_kind' WHERE record_id = (SELECT min(record_id) FROM current);",
    )
    .unwrap();
    drop(conn);
    let before_bytes = std::fs::read(&bad).unwrap();
    let error = Store::open(&bad).err().expect("refused");
    assert!(error.to_string().contains("无法把数据库升级到第 7 版"), "{error}");
    let version: i64 =
        rusqlite::Connection::open(&bad).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 6);
    let kinds_table: i64 = rusqlite::Connection::open(&bad)
        .unwrap()
        .query_row("SELECT count(*) FROM sqlite_schema WHERE name = 'kinds'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kinds_table, 0, "nothing of migration 7 is left");
    assert_eq!(std::fs::read(&bad).unwrap().len(), before_bytes.len());
}

#[test]
fn an_export_of_schema_6_merges_as_its_current_export_does() {
    let (plan, a, fa6) = an_old_export_merges_as_the_current_one(6, written_by_schema_6);

    // A file of schema 6 is held to exactly schema 6 before it is migrated: one that already has
    // schema 7's `kinds` table is refused, as is one whose version names a kind that is none.
    let tampered = tamper(&fa6, a.dir.path(), "a6-kinds.daocha", "CREATE TABLE kinds (code INTEGER PRIMARY KEY);");
    let mut team = plan.joined("综合督查组");
    let untouched = dump(&team.store).unwrap();
    let report = team.merge(&tampered);
    assert_eq!(report.status, Status::Rejected);
    assert!(report.reason.contains("结构") && report.reason.contains("kinds"), "{}", report.reason);
    let tampered = tamper(
        &fa6,
        a.dir.path(),
        "a6-kind.daocha",
        "DROP TRIGGER versions_no_update;
         UPDATE versions SET kind = 'no_such_kind' WHERE version_id = (SELECT min(version_id) FROM versions);
         CREATE TRIGGER versions_no_update BEFORE UPDATE ON versions\nBEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;",
    );
    let report = team.merge(&tampered);
    assert_eq!(report.status, Status::Rejected);
    assert!(report.reason.contains("无法升级"), "{}", report.reason);
    assert_eq!(dump(&team.store).unwrap(), untouched, "the team database is untouched");
}

#[test]
fn a_migration_that_fails_leaves_the_database_of_schema_5_as_it_was() {
    let (plan, _) = plan(2, &[]);
    let old = plan.lead.dir.path().join("old.db");
    written_by_schema_5(plan.lead.store.path(), &old);
    // A key row whose id is no UUID: the rebuilt table refuses it, after every other table is done.
    rusqlite::Connection::open(&old)
        .unwrap()
        .execute_batch("INSERT INTO local_keys VALUES ('不是编号', 'ab', x'00', '2017-09-12');")
        .unwrap();
    let rows = |path: &Path| -> String {
        rusqlite::Connection::open(path)
            .unwrap()
            .query_row(
                "SELECT (SELECT group_concat(quote(version_id) || quote(content) || quote(content_sha256), ',') FROM versions)
                     || (SELECT group_concat(quote(entry_hash), ',') FROM audit_log)",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    let before = rows(&old);
    let error = Store::open(&old).err().expect("refused");
    assert!(error.to_string().contains("无法把数据库升级到第 6 版"), "{error}");
    let conn = rusqlite::Connection::open(&old).unwrap();
    let (version, heads): (i64, i64) = conn
        .query_row("SELECT (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM heads)", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(version, 5);
    assert_eq!(heads, plan.lead.store.dump_records().unwrap().len() as i64);
    drop(conn);
    assert_eq!(rows(&old), before, "its versions and audit chain as they were");
}
