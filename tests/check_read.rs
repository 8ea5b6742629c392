//! `check` over records read back from the database finds what it finds over the same records
//! in memory: reading (the stored dates' own reader, content decoded where SQLite holds it)
//! loses and changes nothing, down to the bytes of `daocha check --json`'s problems.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use daocha::demo::{DemoData, populate_with};
use daocha::domain::{AsWritten, Receipt};
use daocha::inspection::MaterialSet;
use daocha::reconcile::{CheckConfig, Material, check, not_run, refs};
use daocha::store::Store;

/// The demo's shape at a few thousand records, with records the import leaves without some
/// columns and dates no import writes (leap days, far years, none at all).
fn data() -> DemoData {
    let mut data = DemoData::generate_sized(1_500, 1_700);
    for (i, e) in data.ledger.iter_mut().enumerate().filter(|(i, _)| i % 97 == 0) {
        e.filing_date = None;
        e.as_written = AsWritten { decision_no: String::new(), absent_columns: vec!["filing_date".into()] }.into();
        if i % 2 == 0 {
            e.decision_date = chrono::NaiveDate::from_ymd_opt(2016, 2, 29);
        }
    }
    for c in data.cases.iter_mut().step_by(89) {
        c.notice_date = None;
        c.service_date = chrono::NaiveDate::from_ymd_opt(2099, 12, 31);
    }
    for r in data.receipts.iter_mut().step_by(83) {
        r.date = chrono::NaiveDate::from_ymd_opt(1999, 1, 1);
    }
    data
}

fn problems_json(material: Material<'_>) -> String {
    let problems = check(material, &CheckConfig::default());
    serde_json::to_string_pretty(&serde_json::json!({ "problems": problems, "not_run": not_run(material) })).unwrap()
}

#[test]
fn checks_over_the_database_equal_checks_over_memory() {
    let data = data();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("check.db");
    let mut store = Store::open(&db).unwrap();
    let id = populate_with(&mut store, &data).unwrap().inspection_id;

    let loaded = MaterialSet::load(&store, id).unwrap();
    let plain = loaded.plain();
    let from_db = problems_json(plain.material());
    let (receipts, ledger, cases, officers) =
        (refs(&data.receipts), refs(&data.ledger), refs(&data.cases), refs(&data.officers));
    let in_memory =
        problems_json(Material { receipts: &receipts, ledger: &ledger, cases: &cases, officers: &officers });
    assert_eq!(from_db, in_memory);
    assert!(from_db.matches("\"kind\"").count() > 20, "{from_db}");

    // Every record comes back as written (its inspection aside), dates included.
    let mut written: Vec<Receipt> = data.receipts.iter().map(|r| Receipt { inspection_id: id, ..r.clone() }).collect();
    let mut read: Vec<Receipt> = loaded.receipts.iter().map(|r| r.value.clone()).collect();
    written.sort_by(|a, b| a.receipt_no.cmp(&b.receipt_no).then(a.date.cmp(&b.date)));
    read.sort_by(|a, b| a.receipt_no.cmp(&b.receipt_no).then(a.date.cmp(&b.date)));
    assert_eq!(read, written);
    assert_eq!(loaded.ledger.len(), data.ledger.len());
    let dates =
        |l: &MaterialSet| -> Vec<_> { l.ledger.iter().map(|e| (e.value.filing_date, e.value.decision_date)).collect() };
    let mut want: Vec<_> = data.ledger.iter().map(|e| (e.filing_date, e.decision_date)).collect();
    let mut got = dates(&loaded);
    want.sort();
    got.sort();
    assert_eq!(got, want);
    drop(store);

    // The command prints the same problems.
    let output = Command::new(env!("CARGO_BIN_EXE_daocha"))
        .args(["check", "--db", db.to_str().unwrap(), "--inspection", &id.to_string(), "--json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let expected: serde_json::Value = serde_json::from_str(&in_memory).unwrap();
    assert_eq!(printed["problems"], expected["problems"]);
}
