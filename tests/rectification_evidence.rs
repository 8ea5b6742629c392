//! A rectification's evidence (佐证): a rectification written before it existed keeps its
//! canonical bytes (so its hash, and the statements that signed it, do not change), and
//! `daocha rectification attach` adds a photo or scan as the window does, refusing in Chinese a
//! missing file, a file of the wrong type, one too big and an unknown 整改编号 with nothing written.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/cli.rs"]
mod cli;
use cli::daocha;

use std::path::Path;

use daocha::domain::records::RecordKind;
use daocha::domain::{
    Attachment, Finding, FollowUp, Id, Inspection, Rectification, RectificationMode, RectificationStatus,
};
use daocha::store::Store;
use daocha::store::canonical::{sha256_hex, to_canonical, value_to_canonical};
use serde_json::json;

/// `Rectification` as it was before `attachment_ids`.
#[derive(serde::Serialize)]
struct OldRectification {
    inspection_id: Id<Inspection>,
    finding_id: Id<Finding>,
    measure: String,
    responsible: String,
    mode: RectificationMode,
    deadline: Option<chrono::NaiveDate>,
    status: RectificationStatus,
    follow_ups: Vec<FollowUp>,
}

#[test]
fn a_rectification_written_before_evidence_keeps_its_canonical_bytes() {
    // A rectification as daocha wrote it before it had evidence: the struct as it was then.
    let old = serde_json::to_value(OldRectification {
        inspection_id: "0190a1b2-0000-7000-8000-000000000001".parse().unwrap(),
        finding_id: "0190a1b2-0000-7000-8000-000000000002".parse().unwrap(),
        measure: "向当事人送达催告书".into(),
        responsible: "孙立堃".into(),
        mode: RectificationMode::Deadline,
        deadline: chrono::NaiveDate::from_ymd_opt(2017, 10, 31),
        status: RectificationStatus::InProgress,
        follow_ups: vec![FollowUp {
            date: chrono::NaiveDate::from_ymd_opt(2017, 11, 2).unwrap(),
            note: "已送达".into(),
        }],
    })
    .unwrap();
    let old_bytes = value_to_canonical(&old).unwrap();
    let read: Rectification = serde_json::from_value(old.clone()).unwrap();
    assert!(read.attachment_ids.is_empty());
    let again = to_canonical(&read).unwrap();
    assert_eq!(again, old_bytes, "written again, the same bytes");
    assert_eq!(sha256_hex(again.as_bytes()), sha256_hex(old_bytes.as_bytes()));
    // Through the generic door that undo and the merge use, too.
    let normalised = daocha::domain::records::normalise_json(RecordKind::Rectification, &old).unwrap();
    assert_eq!(value_to_canonical(&normalised).unwrap(), old_bytes);
    // With evidence, the list is in the JSON and read back.
    let mut with = read.clone();
    with.attachment_ids.push("0190a1b2-0000-7000-8000-000000000003".parse().unwrap());
    let value = serde_json::to_value(&with).unwrap();
    assert_eq!(value["attachment_ids"], json!(["0190a1b2-0000-7000-8000-000000000003"]));
    assert_eq!(serde_json::from_value::<Rectification>(value).unwrap(), with);
}

fn png(path: &Path) -> Vec<u8> {
    image::RgbImage::from_pixel(8, 6, image::Rgb([20, 120, 200])).save(path).unwrap();
    std::fs::read(path).unwrap()
}

/// What a refusal must leave as it was: the rectifications, the attachments, the audit.
fn state(db: &Path) -> String {
    let store = Store::open(db).unwrap();
    format!(
        "{:?}{:?}{}",
        store.list::<Rectification>().unwrap(),
        store.list::<Attachment>().unwrap(),
        store.audit_head().unwrap().unwrap_or_default()
    )
}

#[test]
fn the_command_line_attaches_evidence_to_a_rectification() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let db_s = db.to_str().unwrap();
    assert_eq!(daocha(&["demo", "--finished", "--db", db_s]).0, 0);
    let id = Store::open(&db).unwrap().list::<Rectification>().unwrap()[0].id.to_string();
    let photo = dir.path().join("缴款凭证.png");
    let bytes = png(&photo);
    let sha = sha256_hex(&bytes);

    let (code, out, err) =
        daocha(&["rectification", "attach", "--db", db_s, "--rectification", &id, photo.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let store = Store::open(&db).unwrap();
    let stored = store.list::<Rectification>().unwrap().into_iter().find(|r| r.id.to_string() == id).unwrap();
    assert_eq!(stored.value.attachment_ids.len(), 1);
    let attachment = store.require(stored.value.attachment_ids[0]).unwrap();
    assert_eq!(attachment.value.sha256, sha);
    assert_eq!(attachment.value.file_name, "缴款凭证.png");
    assert_eq!(daocha::inspection::evidence::bytes(&store, &sha).unwrap(), Some(bytes));
    assert!(out.contains(&attachment.id.to_string()), "the attachment's id is said: {out}");
    assert!(out.contains(&sha), "and its SHA-256: {out}");
    assert!(out.contains("佐证 1 份"), "{out}");
    drop(store);

    let scan = dir.path().join("整改报告.pdf");
    std::fs::write(&scan, b"%PDF-1.4\n% a scan of the unit's report\n").unwrap();
    let (code, out, err) =
        daocha(&["rectification", "attach", "--db", db_s, "--rectification", &id, scan.to_str().unwrap(), "--json"]);
    assert_eq!(code, 0, "{out}{err}");
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["sha256"], sha256_hex(&std::fs::read(&scan).unwrap()).as_str());
    assert_eq!(value["media_type"], "application/pdf");
    assert_eq!(value["rectification_id"], id.as_str());
    assert_eq!(value["attachments"], 2);
    let store = Store::open(&db).unwrap();
    let stored = store.list::<Rectification>().unwrap().into_iter().find(|r| r.id.to_string() == id).unwrap();
    assert_eq!(stored.value.attachment_ids.last().unwrap().to_string(), value["attachment_id"].as_str().unwrap());
    drop(store);

    // Refusals: each says what is wrong in Chinese, exits 2 and writes nothing.
    let text = dir.path().join("说明.png");
    std::fs::write(&text, "这不是图片").unwrap();
    let big = dir.path().join("大图.png");
    let mut huge = bytes_of_png_header();
    huge.resize(daocha::inspection::evidence::MAX_BYTES + 1, 0);
    std::fs::write(&big, &huge).unwrap();
    let missing = dir.path().join("没有这个文件.jpg");
    let unknown = "0190a1b2-0000-7000-8000-00000000ffff";
    let before = state(&db);
    for (rectification, file, expected) in [
        (id.as_str(), missing.to_str().unwrap(), "无法读取"),
        (id.as_str(), text.to_str().unwrap(), "只接受 JPEG、PNG 照片或 PDF 扫描件"),
        (id.as_str(), big.to_str().unwrap(), "文件过大"),
        (unknown, photo.to_str().unwrap(), "没有整改编号为"),
        ("第三项", photo.to_str().unwrap(), "不是整改编号"),
        (id.as_str(), photo.to_str().unwrap(), "这份文件已是此整改措施的证据（缴款凭证.png）"),
    ] {
        let (code, out, err) =
            daocha(&["rectification", "attach", "--db", db_s, "--rectification", rectification, file]);
        assert_eq!(code, 2, "{file}: {out}{err}");
        assert!(err.contains(expected), "{file}: {err}");
        assert!(out.is_empty(), "{out}");
        assert_eq!(state(&db), before, "{file} wrote something");
    }
}

fn bytes_of_png_header() -> Vec<u8> {
    b"\x89PNG\r\n\x1a\n".to_vec()
}
