//! Only the team writes into the team's records (THREATS.md): each hostile file below is made by
//! code the way an attacker with a USB stick, a lost laptop or a colleague's laptop would make it,
//! and each must be refused with the team database's dump unchanged. What a registered colleague
//! may do openly (edit another's record) is merged but listed for the lead.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use daocha::domain::clock::SeededMinter;
use daocha::domain::{Finding, Id, Inspector, RecordId, RecordKind, Recording, Sheet, TeamMember, Unit, VersionId};
use daocha::merge::{self, Status, dump::dump};
use daocha::store::attest::{self, Statement};
use daocha::store::write::{Envelope, VersionRow, stamp};
use daocha::store::{Store, audit};
use ed25519_dalek::SigningKey;

const PIN: &str = "123456";
const BIN: &str = env!("CARGO_BIN_EXE_daocha");

/// The demo's secret for `name` (its keys are derived from a published seed: see `keys.rs`).
fn demo_secret(name: &str) -> SigningKey {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    h.update(b"secret");
    h.update(name.as_bytes());
    SigningKey::from_bytes(&h.finalize().into())
}

struct World {
    dir: tempfile::TempDir,
    /// The lead's laptop: the team database (the demo).
    team: Store,
    plan: PathBuf,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let (mut team, _) = daocha::demo::create_demo(&dir.path().join("team.db")).unwrap();
        let plan = dir.path().join("plan.daocha");
        merge::export::export(&mut team, &plan, None, PIN, "plan").unwrap();
        World { dir, team, plan }
    }

    fn lead_key(&self) -> String {
        daocha::team::anchor(&self.team).unwrap().unwrap()
    }

    fn inspector(&self, name: &str) -> Id<Inspector> {
        self.team.list::<Inspector>().unwrap().into_iter().find(|i| i.value.name == name).unwrap().id
    }

    /// A registered colleague's laptop: joined the team, took the plan, holds their own key
    /// (the one the lead registered) and works as them.
    fn colleague(&self, name: &str) -> Store {
        let mut laptop = Store::open(&self.dir.path().join(format!("{name}-{}.db", uuid::Uuid::now_v7()))).unwrap();
        daocha::team::join(&mut laptop, &self.lead_key()).unwrap();
        assert_eq!(merge::merge_file(&mut laptop, &self.plan).unwrap().status, Status::Merged);
        let me = self.inspector(name);
        laptop.set_current_inspector(Some(me)).unwrap();
        daocha::keys::create_deterministic(&mut laptop, me, PIN, name.as_bytes()).unwrap();
        laptop
    }

    fn export(&self, laptop: &mut Store, name: &str) -> PathBuf {
        let out = self.dir.path().join(name);
        merge::export::export(laptop, &out, None, PIN, "inspector").unwrap();
        out
    }

    /// Merges `file` into the team database, expecting a rejection that says `why`, and checks the
    /// team database did not change.
    fn refused(&mut self, file: &Path, why: &str) -> merge::FileReport {
        let before = dump(&self.team).unwrap();
        let report = merge::merge_file(&mut self.team, file).unwrap();
        assert_eq!(report.status, Status::Rejected, "{} was admitted: {}", file.display(), report.reason);
        assert!(report.reason.contains(why), "{}: {}", file.display(), report.reason);
        assert_eq!(dump(&self.team).unwrap(), before, "{} changed the team database", file.display());
        report
    }
}

/// Writes `rows` into `laptop` in one command, as a modified program could: straight into the
/// versions table, past the checks of the one door. Their statement is signed with `key` when
/// given (an attacker holds their own key), else left out.
fn craft(
    laptop: &mut Store,
    rows: Vec<(RecordId, RecordKind, Vec<VersionId>, Option<String>)>,
    key: Option<&SigningKey>,
) {
    let device = laptop.device_id();
    let author = laptop.current_inspector().map(|i| i.untyped());
    let seq = i64::try_from(laptop.audit_count().unwrap()).unwrap() + 1;
    let attestation_id = attest::id_of(device, seq);
    let at = stamp(Utc::now());
    let rows: Vec<VersionRow> = rows
        .into_iter()
        .map(|(record_id, kind, supersedes, content)| {
            let sha = daocha::store::canonical::sha256_hex(content.as_deref().unwrap_or("null").as_bytes());
            let scope_id = content
                .as_deref()
                .and_then(|c| serde_json::from_str::<serde_json::Value>(c).ok())
                .and_then(|v| v.get("inspection_id")?.as_str()?.parse().ok());
            let envelope = Envelope {
                version_id: VersionId(uuid::Uuid::now_v7()),
                record_id,
                kind,
                scope_id,
                supersedes,
                author_id: author,
                device_id: device,
                created_at: at.clone(),
                content_sha256: sha,
            };
            VersionRow::new(envelope, content).unwrap().attested_by(&attestation_id)
        })
        .collect();
    laptop
        .write("crafted", "改造过的程序写入", |w| {
            for row in &rows {
                w.import_version(row)?;
                w.recompute_heads(row.envelope.record_id, row.envelope.kind)?;
            }
            Ok(())
        })
        .unwrap();
    if let Some(key) = key {
        let statement = Statement {
            attestation_id,
            author_id: author,
            device_id: device,
            seq,
            at,
            n_versions: rows.len() as i64,
            versions_sha256: audit::versions_digest(rows.iter().map(|r| r.digest_line())),
        };
        sign_statement(laptop, &statement, key);
    }
}

fn sign_statement(laptop: &Store, statement: &Statement, key: &SigningKey) {
    let text = statement.text().unwrap();
    let (public, signature) = attest::sign(key, &text);
    rusqlite::Connection::open(laptop.path())
        .unwrap()
        .execute(
            "INSERT INTO attestations (attestation_id, statement, public_key, signature) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (attestation_id) DO UPDATE SET public_key = excluded.public_key, signature = excluded.signature",
            rusqlite::params![statement.attestation_id, text, public, signature],
        )
        .unwrap();
}

fn first<T: daocha::domain::Record>(store: &Store) -> daocha::store::Stored<T> {
    store.list::<T>().unwrap().into_iter().next().unwrap()
}

#[test]
fn a_strangers_file_is_refused_naming_the_key_and_how_to_register_it() {
    let mut world = World::new();
    // A fresh database, a brand-new key, calling itself 赵彧.
    let mut stranger = Store::open(&world.dir.path().join("stranger.db")).unwrap();
    let me =
        stranger.write("i", "i", |w| w.create(&Inspector { name: "赵彧".into(), ..Inspector::default() })).unwrap();
    stranger.set_current_inspector(Some(me)).unwrap();
    daocha::keys::create(&mut stranger, me, "731904").unwrap();
    let out = world.dir.path().join("stranger.daocha");
    merge::export::export(&mut stranger, &out, None, "731904", "inspector").unwrap();
    let report = world.refused(&out, "不在团队名册中");
    let key = report.unregistered_key.expect("the key to register is named");
    assert_eq!(key.inspector, "赵彧");
    assert!(report.reason.contains(&key.fingerprint) && report.reason.contains("daocha team add"), "{}", report.reason);

    // The same stranger takes the plan (so he has 赵彧's real record) and writes his own key into it.
    let mut stranger = Store::open(&world.dir.path().join("stranger2.db")).unwrap();
    daocha::team::join(&mut stranger, &world.lead_key()).unwrap();
    merge::merge_file(&mut stranger, &world.plan).unwrap();
    let zhao = world.inspector("赵彧");
    stranger.set_current_inspector(Some(zhao)).unwrap();
    daocha::keys::create(&mut stranger, zhao, "731904").unwrap();
    assert!(stranger.require(zhao).unwrap().value.public_key.is_some(), "his key is on 赵彧's record");
    let out = world.dir.path().join("stranger2.daocha");
    merge::export::export(&mut stranger, &out, None, "731904", "inspector").unwrap();
    world.refused(&out, "不在团队名册中");
}

#[test]
fn a_registered_colleague_may_edit_your_finding_openly_but_never_in_your_name() {
    let mut world = World::new();
    let zhao = world.inspector("赵彧");
    let mut chen = world.colleague("陈昇");
    let finding: daocha::store::Stored<Finding> = first(&chen);
    let mut rewritten = finding.value.clone();
    rewritten.category = 1;
    rewritten.item = "1.1".into();
    rewritten.facts = "经核实无问题".into();

    // In his own name: merged, and listed for the lead with who changed whose record.
    let mut open = world.colleague("陈昇");
    let f: daocha::store::Stored<Finding> = first(&open);
    open.write("finding.update", "改", |w| w.update(f.id, f.version_id, &rewritten)).unwrap();
    let file = world.export(&mut open, "open.daocha");
    let report = merge::merge_file(&mut world.team, &file).unwrap();
    assert_eq!(report.status, Status::Merged, "{}", report.reason);
    assert_eq!(report.foreign_edits.len(), 1, "{report:?}");
    let edit = &report.foreign_edits[0];
    assert_eq!((edit.by.as_str(), edit.of.as_str()), ("陈昇", "赵彧"));
    assert!(edit.record.starts_with("问题"), "{}", edit.record);
    assert!(report.reason.contains("修改了其他检查人员的记录"), "{}", report.reason);

    // In 赵彧's name: the export refuses to sign for 赵彧 …
    chen.set_current_inspector(Some(zhao)).unwrap();
    chen.write("finding.update", "改", |w| w.update(finding.id, finding.version_id, &rewritten)).unwrap();
    let out = world.dir.path().join("forged.daocha");
    let me = world.inspector("陈昇");
    let refused = merge::export::export(&mut chen, &out, Some(me), PIN, "inspector").unwrap_err();
    assert!(refused.to_string().contains("尚未签名") && refused.to_string().contains("赵彧"), "{refused}");
    // … so he signs the statement with his own key by hand: the merge sees the mismatch.
    for pending in chen.unsigned_statements().unwrap() {
        sign_statement(&chen, &pending.statement, &demo_secret("陈昇"));
    }
    merge::export::export(&mut chen, &out, Some(me), PIN, "inspector").unwrap();
    world.refused(&out, "冒用他人名义");
}

#[test]
fn a_signed_sheet_cannot_be_deleted_here_or_by_a_crafted_file() {
    let mut world = World::new();
    let mut chen = world.colleague("陈昇");
    let sheet: daocha::store::Stored<Sheet> = first(&chen);
    // The one door refuses it (and so does undo, which goes through it).
    let refused = chen.write("sheet.delete", "删", |w| w.delete(sheet.id, sheet.version_id)).unwrap_err();
    assert!(refused.to_string().contains("已签署"), "{refused}");
    // A modified program writes the tombstones anyway, signed with his own key.
    let signatures: Vec<_> = chen.list::<daocha::domain::Signature>().unwrap();
    let mut rows = vec![(sheet.id.untyped(), RecordKind::Sheet, vec![sheet.version_id], None)];
    rows.push((signatures[0].id.untyped(), RecordKind::Signature, vec![signatures[0].version_id], None));
    craft(&mut chen, rows, Some(&demo_secret("陈昇")));
    let file = world.export(&mut chen, "tombstones.daocha");
    world.refused(&file, "已签署的反馈意见书");
    assert!(world.team.get(sheet.id).unwrap().is_some(), "the team still holds the signed sheet");
}

#[test]
fn a_record_keeps_its_kind() {
    let mut world = World::new();
    let mut chen = world.colleague("陈昇");
    // In the same file as the unit's own versions: the file contradicts itself.
    let unit: daocha::store::Stored<Unit> = first(&chen);
    let receipt = format!(
        r#"{{"amount":100,"date":null,"decision_no":null,"inspection_id":"{}","payee":"","payer":"x","receipt_no":"9"}}"#,
        first::<daocha::domain::Inspection>(&chen).id
    );
    craft(
        &mut chen,
        vec![(unit.id.untyped(), RecordKind::Receipt, vec![unit.version_id], Some(receipt.clone()))],
        Some(&demo_secret("陈昇")),
    );
    let file = world.export(&mut chen, "kind.daocha");
    world.refused(&file, "类型不一致");

    // Against a record only the team database has: a recording the lead added after the plan.
    let inspection_id = first::<daocha::domain::Inspection>(&world.team).id;
    let recording = world
        .team
        .write("recording.create", "登记", |w| {
            w.create(&Recording {
                inspection_id,
                case_file_id: None,
                decision_no: None,
                device: String::new(),
                file_name: "LY2.mp4".into(),
                started_at: None,
                covers: String::new(),
            })
        })
        .unwrap();
    let mut chen = world.colleague("陈昇");
    craft(
        &mut chen,
        vec![(recording.untyped(), RecordKind::Receipt, vec![], Some(receipt))],
        Some(&demo_secret("陈昇")),
    );
    let file = world.export(&mut chen, "kind2.daocha");
    world.refused(&file, "记录类型不能改变");
    assert!(world.team.get(recording).unwrap().is_some(), "the recording is still a recording");
}

#[test]
fn merged_content_passes_the_same_validation_as_a_local_write() {
    let mut world = World::new();
    let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    let inspection = {
        let chen = world.colleague("陈昇");
        first::<daocha::domain::Inspection>(&chen).id
    };
    let cases: Vec<(&str, RecordKind, String, &str)> = vec![
        ("unit", RecordKind::Unit, r#"{"receipt_no":5}"#.into(), "不符合受检单位的格式"),
        (
            "nameless",
            RecordKind::Inspector,
            r#"{"name":"","organisation":"","phone":"","public_key":null}"#.into(),
            "不能为空",
        ),
        (
            "year9999",
            RecordKind::Recording,
            format!(
                r#"{{"case_file_id":null,"covers":"","decision_no":null,"device":"","file_name":"a.mp4","inspection_id":"{inspection}","started_at":"9999-01-01T00:00:00"}}"#
            ),
            "年份超出范围",
        ),
        ("deep", RecordKind::Unit, format!(r#"{{"name":{deep}}}"#), "嵌套过深"),
    ];
    for (name, kind, content, why) in cases {
        let mut chen = world.colleague("陈昇");
        craft(
            &mut chen,
            vec![(RecordId(uuid::Uuid::now_v7()), kind, vec![], Some(content))],
            Some(&demo_secret("陈昇")),
        );
        let file = world.export(&mut chen, &format!("{name}.daocha"));
        world.refused(&file, why);
    }
    // A version dated in the year 9999 would win every "latest" after a merge.
    let mut chen = world.colleague("陈昇");
    let file = world.export(&mut chen, "future.daocha");
    let tampered = world.dir.path().join("future-t.daocha");
    std::fs::copy(&file, &tampered).unwrap();
    let conn = rusqlite::Connection::open(&tampered).unwrap();
    let trigger: String =
        conn.query_row("SELECT sql FROM sqlite_schema WHERE name = 'versions_no_update'", [], |r| r.get(0)).unwrap();
    conn.execute_batch(&format!(
        "DROP TRIGGER versions_no_update;
         UPDATE versions SET created_at = '9999-12-31T00:00:00.000Z' WHERE version_id = (SELECT max(version_id) FROM versions);
         {trigger};"
    ))
    .unwrap();
    drop(conn);
    world.refused(&tampered, "不可信");
}

#[test]
fn a_blob_no_record_uses_is_not_stored_and_a_disguised_program_is_refused() {
    let mut world = World::new();
    let mut chen = world.colleague("陈昇");
    let orphan = vec![0x42u8; 3 << 20];
    let orphan_sha = daocha::store::canonical::sha256_hex(&orphan);
    rusqlite::Connection::open(chen.path())
        .unwrap()
        .execute("INSERT INTO blobs (sha256, data) VALUES (?1, ?2)", rusqlite::params![orphan_sha, orphan])
        .unwrap();
    let file = world.export(&mut chen, "orphan.daocha");
    let report = merge::merge_file(&mut world.team, &file).unwrap();
    assert_ne!(report.status, Status::Rejected, "{}", report.reason);
    assert_eq!(
        daocha::inspection::evidence::bytes(&world.team, &orphan_sha).unwrap(),
        None,
        "the orphan blob was stored"
    );

    // An attachment named to land on the desktop, a program dressed as a photo.
    let mut chen = world.colleague("王喆");
    let program = b"MZ\x90\x00 this program cannot be run in DOS mode".to_vec();
    let sha = daocha::store::canonical::sha256_hex(&program);
    rusqlite::Connection::open(chen.path())
        .unwrap()
        .execute("INSERT INTO blobs (sha256, data) VALUES (?1, ?2)", rusqlite::params![sha, program])
        .unwrap();
    let name = "..\\..\\..\\Users\\Public\\Desktop\\整改报告\u{202e}gpj.exe";
    let attachment = serde_json::json!({
        "file_name": name, "inspection_id": first::<daocha::domain::Inspection>(&chen).id.to_string(),
        "media_type": "image/jpeg", "sha256": sha, "size_bytes": program.len(),
    });
    craft(
        &mut chen,
        vec![(
            RecordId(uuid::Uuid::now_v7()),
            RecordKind::Attachment,
            vec![],
            Some(daocha::store::canonical::to_canonical(&attachment).unwrap()),
        )],
        Some(&demo_secret("王喆")),
    );
    let file = world.export(&mut chen, "program.daocha");
    world.refused(&file, "文件名");
    // Saved anyway (say from an older database), the name offered is harmless.
    assert_eq!(daocha::domain::records::clean_file_name(name, ""), "整改报告gpj.exe.bin");
    assert_eq!(daocha::domain::records::clean_file_name("收据存根.JPG", "image/jpeg"), "收据存根.JPG");
    assert_eq!(daocha::domain::records::clean_file_name("a/b/照片", "image/png"), "照片.png");
}

#[test]
fn roster_entries_count_only_when_the_lead_signed_them() {
    let mut world = World::new();
    let mut chen = world.colleague("陈昇");
    // 陈昇 registers a stranger himself: a roster record signed by him, not by the lead.
    let stranger = demo_secret("outsider");
    let hex: String = stranger.verifying_key().as_bytes().iter().map(|b| format!("{b:02x}")).collect();
    chen.write("team.add", "登记", |w| {
        w.create(&TeamMember {
            inspector_id: world.inspector("陈昇"),
            name: "外人".into(),
            cert_no: String::new(),
            public_key: hex.clone(),
            role: daocha::domain::TeamRole::Member,
            revoked: false,
            revoked_reason: String::new(),
        })
    })
    .unwrap();
    assert!(daocha::team::roster(&chen).unwrap().admitted(&hex).is_none(), "not counted on his own laptop");
    let file = world.export(&mut chen, "roster.daocha");
    let report = merge::merge_file(&mut world.team, &file).unwrap();
    assert_eq!(report.status, Status::Merged, "{}", report.reason);
    assert!(report.reason.contains("不计入本队名册") && report.reason.contains("外人"), "{}", report.reason);
    assert!(!daocha::team::roster(&world.team).unwrap().by_key.contains_key(&hex), "not counted by the team either");
    // So a file the stranger signs is still refused.
    let mut stranger = Store::open(&world.dir.path().join("outsider.db")).unwrap();
    let me =
        stranger.write("i", "i", |w| w.create(&Inspector { name: "外人".into(), ..Inspector::default() })).unwrap();
    stranger.set_current_inspector(Some(me)).unwrap();
    daocha::keys::create_deterministic(&mut stranger, me, PIN, b"outsider").unwrap();
    assert_eq!(daocha::keys::public_key(&stranger, me).unwrap().unwrap().hex, hex);
    let out = world.dir.path().join("outsider.daocha");
    merge::export::export(&mut stranger, &out, None, PIN, "inspector").unwrap();
    world.refused(&out, "不在团队名册中");
}

#[test]
fn a_revoked_key_is_refused() {
    let mut world = World::new();
    let mut wang = world.colleague("王喆");
    let file = world.export(&mut wang, "wang.daocha");
    daocha::team::revoke(&mut world.team, "王喆", "笔记本电脑丢失", PIN).unwrap();
    world.refused(&file, "已被撤销");
    let listed = daocha::team::roster(&world.team).unwrap();
    assert!(listed.by_key.values().any(|m| m.inspector == "王喆" && m.revoked));
}

#[test]
fn merging_needs_a_team_database_and_sizes_a_file_before_reading_it() {
    let world = World::new();
    let mut plain = Store::open(&world.dir.path().join("plain.db")).unwrap();
    let refused = merge::merge_file(&mut plain, &world.plan).unwrap_err();
    assert!(refused.to_string().contains("还不是团队数据库") && refused.to_string().contains("team init"), "{refused}");

    let mut world = world;
    let huge = world.dir.path().join("huge.daocha");
    std::fs::File::create(&huge).unwrap().set_len(3 << 30).unwrap();
    world.refused(&huge, "文件未被读取");
}

#[test]
fn the_merge_history_is_written_with_the_merge_by_the_stores_clock() {
    let mut world = World::new();
    let mut wang = world.colleague("王喆");
    let r: daocha::store::Stored<Recording> = first(&wang);
    let mut v = r.value.clone();
    v.covers = "上午".into();
    wang.write("recording.update", "改", |w| w.update(r.id, r.version_id, &v)).unwrap();
    let file = world.export(&mut wang, "wang.daocha");
    let at = Utc.with_ymd_and_hms(2017, 9, 13, 1, 0, 0).unwrap();
    world.team.set_minter(Box::new(SeededMinter::new(at, chrono::Duration::milliseconds(1), 5)));
    let report = merge::merge_file(&mut world.team, &file).unwrap();
    assert_eq!(report.status, Status::Merged, "{}", report.reason);
    let history = merge::history(&world.team).unwrap();
    assert!(history[0].merged_at.starts_with("2017-09-13T01:00:00"), "{}", history[0].merged_at);
}

#[test]
fn the_command_line_refuses_a_stranger_and_leaves_the_dump_as_it_was() {
    let world = World::new();
    let team_db = world.dir.path().join("team.db");
    drop(world.team);
    let mut stranger = Store::open(&world.dir.path().join("s.db")).unwrap();
    let me =
        stranger.write("i", "i", |w| w.create(&Inspector { name: "赵彧".into(), ..Inspector::default() })).unwrap();
    stranger.set_current_inspector(Some(me)).unwrap();
    daocha::keys::create_deterministic(&mut stranger, me, PIN, b"stranger").unwrap();
    let out = world.dir.path().join("s.daocha");
    merge::export::export(&mut stranger, &out, None, PIN, "inspector").unwrap();
    let dump =
        || std::process::Command::new(BIN).args(["dump", "--json", "--db"]).arg(&team_db).output().unwrap().stdout;
    let before = dump();
    let merged = std::process::Command::new(BIN).args(["merge", "--db"]).arg(&team_db).arg(&out).output().unwrap();
    assert_eq!(merged.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&merged.stdout).unwrap();
    assert_eq!(report["files"][0]["status"], "rejected");
    assert!(report["files"][0]["unregistered_key"]["fingerprint"].is_string());
    assert_eq!(dump(), before);

    // A database that is not a team database: exit 2 with the how-to.
    let plain = world.dir.path().join("plain.db");
    drop(Store::open(&plain).unwrap());
    let refused = std::process::Command::new(BIN).args(["merge", "--db"]).arg(&plain).arg(&out).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("team init"));

    // The key ceremony from the command line: show, add, list.
    let shown = std::process::Command::new(BIN)
        .args(["key", "show", "--json", "--db"])
        .arg(world.dir.path().join("s.db"))
        .output()
        .unwrap();
    assert!(shown.status.success(), "{}", String::from_utf8_lossy(&shown.stderr));
    let shown: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    let key = shown["public_key"].as_str().unwrap().to_string();
    assert_eq!(shown["inspector"], "赵彧");
    let added = std::process::Command::new(BIN)
        .args([
            "team",
            "add",
            "--pin",
            PIN,
            "--inspector",
            "赵彧二",
            "--cert",
            "21080020179999",
            "--public-key",
            &key,
            "--db",
        ])
        .arg(&team_db)
        .output()
        .unwrap();
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let listed =
        std::process::Command::new(BIN).args(["team", "list", "--json", "--db"]).arg(&team_db).output().unwrap();
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let names: Vec<&str> =
        listed["members"].as_array().unwrap().iter().map(|m| m["inspector"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["赵彧", "王喆", "赵彧二", "陈昇"]);
    // A trivial PIN is refused for a real key.
    let weak = std::process::Command::new(BIN)
        .args(["team", "init", "--lead", "李堃", "--pin", "111111", "--db"])
        .arg(world.dir.path().join("new-team.db"))
        .output()
        .unwrap();
    assert_eq!(weak.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&weak.stderr).contains("太容易被猜中"));
}

/// Every file the text could land in: a database with its WAL, an export.
fn holds(path: &Path, text: &str) -> bool {
    let needle = text.as_bytes();
    [path.to_path_buf(), PathBuf::from(format!("{}-wal", path.display()))]
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .any(|bytes| bytes.windows(needle.len()).any(|w| w == needle))
}

#[test]
fn the_clue_register_is_sealed_everywhere_and_each_opening_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo.db");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(BIN).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let db = demo.to_str().unwrap();
    run(&["demo", "--finished", "--db", db]);
    let secret = "购物卡";
    assert!(daocha::demo::DEMO_CLUE.contains(secret));
    assert!(!holds(&demo, secret), "the demo database holds the clue in plain text");
    // The lead (who recorded it) opens it with the PIN; the opening is audited.
    let opened: serde_json::Value =
        serde_json::from_slice(&run(&["clues", "--db", db, "--pin", PIN, "--json"])).unwrap();
    assert_eq!(opened["clues"][0]["what"], daocha::demo::DEMO_CLUE);
    assert_eq!(opened["clues"][0]["decision_no"], "鲅综执罚〔2017〕80号");
    let store = Store::open_existing(&demo).unwrap();
    let entry = store.last_audit_entry().unwrap().unwrap();
    let (action, summary) = (entry.action, entry.summary);
    assert_eq!(action, "clue.open");
    assert!(summary.contains("赵彧") && !summary.contains(secret), "{summary}");
    drop(store);
    // A colleague's key opens nothing (the clue is sealed to its recorder and the lead); a wrong PIN fails.
    let colleague = std::process::Command::new(BIN)
        .args(["clues", "--db", db, "--inspector", "王喆", "--pin", PIN, "--json"])
        .output()
        .unwrap();
    let none: serde_json::Value = serde_json::from_slice(&colleague.stdout).unwrap();
    assert_eq!(none["clues"].as_array().unwrap().len(), 0);
    let wrong = std::process::Command::new(BIN).args(["clues", "--db", db, "--pin", "999999"]).output().unwrap();
    assert_eq!(wrong.status.code(), Some(2));
    // Nor does it show in a dump.
    assert!(!String::from_utf8_lossy(&run(&["dump", "--json", "--db", db])).contains(secret));

    // The export carries it sealed; the plan does not carry it at all.
    let export = dir.path().join("lead.daocha");
    run(&["export", "--db", db, "--pin", PIN, "--out", export.to_str().unwrap()]);
    assert!(!holds(&export, secret));
    let plan = dir.path().join("plan.daocha");
    run(&["export", "--plan", "--db", db, "--pin", PIN, "--out", plan.to_str().unwrap()]);
    assert!(!holds(&plan, secret));
    let in_plan: i64 = rusqlite::Connection::open(&plan)
        .unwrap()
        .query_row("SELECT count(*) FROM versions WHERE kind = (SELECT code FROM kinds WHERE name = 'clue')", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(in_plan, 0, "a plan file carries no clues");

    // A team database it is merged into: sealed there too, and the lead opens it there.
    let team = dir.path().join("team.db");
    let lead_key = daocha::team::anchor(&Store::open_existing(&demo).unwrap()).unwrap().unwrap();
    daocha::team::join(&mut Store::open(&team).unwrap(), &lead_key).unwrap();
    let merged =
        std::process::Command::new(BIN).args(["merge", "--db", team.to_str().unwrap()]).arg(&export).output().unwrap();
    assert!(merged.status.success(), "{}", String::from_utf8_lossy(&merged.stdout));
    assert!(!holds(&team, secret), "the team database holds the clue in plain text");
    // A laptop that took the plan can merge it (the plan's own chain checks out).
    let laptop = dir.path().join("laptop.db");
    daocha::team::join(&mut Store::open(&laptop).unwrap(), &lead_key).unwrap();
    let took =
        std::process::Command::new(BIN).args(["merge", "--db", laptop.to_str().unwrap()]).arg(&plan).output().unwrap();
    assert!(took.status.success(), "{}", String::from_utf8_lossy(&took.stdout));
}

/// The key ceremony done from the command line before any file came: the lead registers the
/// inspector's key by name (a record of that name is made in the team database), the inspector's
/// file is refused as coming from another record of that name, with the command that rebinds
/// it; registered again with the id `key show` prints, the file merges. Another name stays refused.
#[test]
fn a_key_registered_by_name_before_the_file_came_is_rebound_to_the_laptops_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let run = |args: &[&str]| std::process::Command::new(BIN).args(args).env("DAOCHA_PIN", "246810").output().unwrap();
    let ok = |args: &[&str]| {
        let out = run(args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let (team, laptop, file) = (path("team.db"), path("laptop.db"), path("zhao.daocha"));
    ok(&["team", "init", "--db", &team, "--lead", "李堃"]);
    ok(&[
        "inspection",
        "create",
        "--db",
        &laptop,
        "--unit",
        "区市场监督管理局",
        "--domain",
        "市场监管",
        "--date",
        "2017-09-12",
        "--inspector",
        "赵彧",
    ]);
    ok(&["key", "create", "--db", &laptop, "--inspector", "赵彧"]);
    let shown: serde_json::Value = serde_json::from_slice(&ok(&["key", "show", "--json", "--db", &laptop])).unwrap();
    let (key, id) = (shown["public_key"].as_str().unwrap(), shown["inspector_id"].as_str().unwrap());
    ok(&["export", "--db", &laptop, "--out", &file]);

    ok(&["team", "add", "--db", &team, "--inspector", "赵彧", "--public-key", key]);
    let refused = run(&["merge", "--db", &team, &file]);
    assert_eq!(refused.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&refused.stdout).unwrap();
    let reason = report["files"][0]["reason"].as_str().unwrap();
    assert!(reason.contains("另一条“赵彧”记录") && reason.contains(&format!("--inspector-id {id}")), "{reason}");

    // Bound to another name, the key is not rebound (that would be taking someone's name).
    let other = run(&["team", "add", "--db", &team, "--inspector", "陈昇", "--inspector-id", id, "--public-key", key]);
    assert_eq!(other.status.code(), Some(2), "{}", String::from_utf8_lossy(&other.stdout));
    ok(&["team", "add", "--db", &team, "--inspector", "赵彧", "--inspector-id", id, "--public-key", key]);
    let merged: serde_json::Value = serde_json::from_slice(&ok(&["merge", "--db", &team, &file])).unwrap();
    assert_eq!(merged["files"][0]["status"], "merged");
    let bad = run(&["team", "add", "--db", &team, "--inspector", "赵彧", "--inspector-id", "x", "--public-key", key]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("不是记录编号"));
}

/// A plan goes to every inspector's laptop, and the laptops go to the inspected units: it carries
/// no public complaint (who complained about which unit), while the lead's own export does.
#[test]
fn a_plan_carries_no_complaint_about_a_unit() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo.db");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(BIN).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let db = demo.to_str().unwrap();
    run(&["demo", "--finished", "--db", db]);
    let complainant = "举报人甲乙丙";
    {
        let mut store = Store::open_existing(&demo).unwrap();
        let unit = store.list::<daocha::domain::Unit>().unwrap().remove(0).id;
        let complaint = daocha::domain::Complaint {
            received_on: chrono::NaiveDate::from_ymd_opt(2017, 7, 3).unwrap(),
            channel: "电话".into(),
            unit_id: Some(unit),
            domain: String::new(),
            complainant: complainant.into(),
            content: "执法人员未出示证件".into(),
            handler: String::new(),
            result: String::new(),
            closed: false,
        };
        store.write("complaint.create", "新增监督举报", |w| w.create(&complaint)).unwrap();
    }
    let count = |path: &Path| -> i64 {
        rusqlite::Connection::open(path)
            .unwrap()
            .query_row(
                "SELECT count(*) FROM versions WHERE kind = (SELECT code FROM kinds WHERE name = 'complaint')",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    let export = dir.path().join("lead.daocha");
    run(&["export", "--db", db, "--pin", PIN, "--out", export.to_str().unwrap()]);
    assert_eq!(count(&export), 1, "the lead's own export keeps it");
    let plan = dir.path().join("plan.daocha");
    run(&["export", "--plan", "--db", db, "--pin", PIN, "--out", plan.to_str().unwrap()]);
    assert_eq!(count(&plan), 0, "a plan carries no complaint");
    assert!(!holds(&plan, complainant));
    // And a laptop takes the plan as before.
    let lead_key = daocha::team::anchor(&Store::open_existing(&demo).unwrap()).unwrap().unwrap();
    let laptop = dir.path().join("laptop.db");
    daocha::team::join(&mut Store::open(&laptop).unwrap(), &lead_key).unwrap();
    let took =
        std::process::Command::new(BIN).args(["merge", "--db", laptop.to_str().unwrap()]).arg(&plan).output().unwrap();
    assert!(took.status.success(), "{}", String::from_utf8_lossy(&took.stdout));
}

/// 执纪问责: what became of a clue is sealed for the lead alone — no plain text in the database or
/// its WAL, none for the recorder of the clue, none in a plan — and only the lead records it;
/// opening it is audited.
#[test]
fn a_clues_outcome_is_the_leads_alone() {
    use daocha::inspection::clues::{self, OutcomeText};
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo.db");
    let db = demo.to_str().unwrap();
    assert!(std::process::Command::new(BIN).args(["demo", "--finished", "--db", db]).status().unwrap().success());
    let result = "已立案调查并给予党内警告处分";
    let clue = {
        let mut store = Store::open_existing(&demo).unwrap();
        let clue = store.list::<daocha::domain::Clue>().unwrap().remove(0);
        let text = OutcomeText {
            received_by: "区纪委 王某".into(),
            received_on: chrono::NaiveDate::from_ymd_opt(2017, 10, 9),
            result: result.into(),
        };
        clues::record_outcome(&mut store, clue.id, &text).unwrap();
        clue
    };
    assert!(!holds(&demo, result), "the outcome is sealed, never in plain text");
    // The lead opens it, and the opening is audited.
    let out = std::process::Command::new(BIN).args(["clues", "--db", db, "--pin", PIN]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(result), "{text}");
    let store = Store::open_existing(&demo).unwrap();
    let audited: i64 = rusqlite::Connection::open(&demo)
        .unwrap()
        .query_row("SELECT count(*) FROM audit_log WHERE action = 'clue.outcome.open'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(audited, 1);
    // The clue's recorder, were it someone else, could not: only the lead's key opens it.
    let outcome = store.list::<daocha::domain::ClueOutcome>().unwrap().remove(0);
    let lead_key = daocha::team::anchor(&store).unwrap().unwrap();
    assert_eq!(outcome.value.sealed.iter().map(|b| b.to.clone()).collect::<Vec<_>>(), vec![lead_key]);
    assert_eq!(outcome.value.clue_id, clue.id);
    drop(store);
    // No plan carries it.
    let plan = dir.path().join("plan.daocha");
    let exported = std::process::Command::new(BIN)
        .args(["export", "--plan", "--db", db, "--pin", PIN, "--out", plan.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(exported.success());
    let in_plan: i64 = rusqlite::Connection::open(&plan)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM versions WHERE kind = (SELECT code FROM kinds WHERE name = 'clue_outcome')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(in_plan, 0);
    // A member's laptop may not record one.
    let store = Store::open_existing(&demo).unwrap();
    store.set_local_setting(daocha::team::ROLE_KEY, "member").unwrap();
    let out = std::process::Command::new(BIN)
        .args(["clue-outcome", "--db", db, "--clue", &clue.id.to_string(), "--received-by", "区纪委", "--result", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("只有组长可以"));
}
