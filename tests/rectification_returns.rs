//! The look-back's return pack through the binary, as the lead and a unit use it: `daocha
//! rectification pack` writes the unit's open rectifications; the unit's filled-in file — resaved
//! the way WPS or Excel saves it, with the team's columns tampered with, or as a GBK CSV with its
//! own headers — is read back by `daocha rectification import`, which says what the unit reports
//! against the record and keeps it as the unit's reports without changing a finding or a
//! rectification; a file read twice, and a row whose 整改编号 was made up, are refused with nothing
//! written.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/cli.rs"]
mod cli;
use cli::daocha;

use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use chrono::NaiveDate;
use daocha::domain::{
    Finding, Id, Inspection, Rectification, RectificationMode, RectificationReport, RectificationStatus,
};
use daocha::store::Store;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const UNIT: &str = "区综合执法局";

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2017, m, d).unwrap()
}

/// The finished demo with one more finding whose rectification has a deadline (2017-10-31).
fn team_db(dir: &Path) -> (PathBuf, Id<Rectification>) {
    let db = dir.join("team.db");
    assert_eq!(daocha(&["demo", "--finished", "--db", db.to_str().unwrap()]).0, 0);
    let mut store = Store::open(&db).unwrap();
    let inspection = store.list::<Inspection>().unwrap()[0].id;
    let id = store
        .write("test", "限期整改", |w| {
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
                typical: false,
                recorded_at: None,
            })?;
            w.create(&Rectification {
                inspection_id: inspection,
                finding_id: finding,
                measure: "清理暂存款项并缴入国库".into(),
                responsible: "财务科".into(),
                mode: RectificationMode::Deadline,
                deadline: Some(day(10, 31)),
                status: RectificationStatus::Promised,
                follow_ups: Vec::new(),
                attachment_ids: Vec::new(),
            })
        })
        .unwrap();
    (db, id)
}

/// Findings and rectifications as they are stored: what a unit's file must never change.
fn team_record(db: &Path) -> String {
    let store = Store::open(db).unwrap();
    format!("{:?}{:?}", store.list::<Finding>().unwrap(), store.list::<Rectification>().unwrap())
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// The pack as a grid of texts.
fn read_pack(path: &Path) -> Vec<Vec<String>> {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    (0..range.height())
        .map(|r| (0..range.width()).map(|c| range.get((r, c)).map(cell_text).unwrap_or_default()).collect())
        .collect()
}

/// The unit's file: the pack's cells written again (as WPS or Excel resaves them), with `fill`
/// applied to the row of each rectification and the team's columns of the first row overwritten.
/// What a unit writes for one rectification: its state, the measure taken, the day it was done.
type Filled = Option<(&'static str, &'static str, NaiveDate)>;

fn fill(pack: &[Vec<String>], out: &Path, fill: &dyn Fn(&str) -> Filled) {
    let header = pack.iter().position(|r| r.first().is_some_and(|c| c == "整改编号")).expect("a header row");
    let col = |name: &str| pack[header].iter().position(|h| h == name).unwrap_or_else(|| panic!("{name}"));
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy/m/d");
    for (r, row) in pack.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                sheet.write(r as u32, c as u16, text.as_str()).unwrap();
            }
        }
        if r > header {
            sheet.write(r as u32, col("发现的问题") as u16, "无问题").unwrap();
            sheet.write(r as u32, col("检查组整改要求") as u16, "无需整改").unwrap();
            if let Some((status, measure, done)) = fill(&row[0]) {
                sheet.write(r as u32, col("整改状态") as u16, status).unwrap();
                sheet.write(r as u32, col("已采取的整改措施") as u16, measure).unwrap();
                let excel =
                    ExcelDateTime::from_ymd(done.year_ce().1 as u16, done.month0() as u8 + 1, done.day0() as u8 + 1)
                        .unwrap();
                sheet.write_with_format(r as u32, col("完成日期") as u16, &excel, &date).unwrap();
            }
        }
    }
    book.save(out).unwrap();
}

use chrono::Datelike;

#[test]
fn a_units_filled_pack_is_kept_beside_the_record_and_never_changes_it() {
    let dir = tempfile::tempdir().unwrap();
    let (db, deadline_id) = team_db(dir.path());
    let db_s = db.to_str().unwrap();
    let pack = dir.path().join("整改情况反馈表.xlsx");
    let (code, out, err) =
        daocha(&["rectification", "pack", "--db", db_s, "--unit", UNIT, "--out", pack.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let grid = read_pack(&pack);
    let ids: Vec<&String> = grid.iter().skip(3).map(|r| &r[0]).collect();
    // Every open rectification of the unit, and nothing else.
    let store = Store::open(&db).unwrap();
    let open: Vec<String> = store
        .list::<Rectification>()
        .unwrap()
        .into_iter()
        .filter(|r| r.value.status != RectificationStatus::Done)
        .map(|r| r.id.to_string())
        .collect();
    drop(store);
    let mut listed: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    listed.sort();
    let mut expected = open.clone();
    expected.sort();
    assert_eq!(listed, expected);
    assert!(out.contains(&format!("未完成的整改事项 {} 项", open.len())), "{out}");
    assert!(open.len() >= 2, "the demo's open rectification and the one with a deadline");

    let before = team_record(&db);
    let filled = dir.path().join("单位填回.xlsx");
    let deadline = deadline_id.to_string();
    fill(&grid, &filled, &|id| (id == deadline).then_some(("已整改", "已将暂存款项缴入国库", day(11, 6))));
    let (code, out, err) = daocha(&["rectification", "import", "--db", db_s, filled.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("检查组记录为“承诺”，单位报告“已整改”"), "{out}");
    assert!(out.contains("晚于整改期限 2017-10-31"), "{out}");
    assert!(out.contains("已记录为单位整改报告 1 条"), "{out}");
    assert!(out.contains("尚未填写，未导入"), "the unfilled row is said, not imported: {out}");
    assert_eq!(team_record(&db), before, "the unit's file changed the team's findings or rectifications");
    let store = Store::open(&db).unwrap();
    let reports = store.list::<RectificationReport>().unwrap();
    assert_eq!(reports.len(), 1);
    let report = &reports[0].value;
    assert_eq!(report.rectification_id, deadline_id);
    assert_eq!(report.status, RectificationStatus::Done);
    assert_eq!(report.completed_on, Some(day(11, 6)));
    assert_eq!(report.measure_taken, "已将暂存款项缴入国库");
    assert_eq!(report.source, "单位填回.xlsx");
    assert_eq!(report.source_sha256.len(), 64);
    drop(store);

    // The same file again: refused, nothing written.
    let (code, out, err) = daocha(&["rectification", "import", "--db", db_s, filled.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("已于") && err.contains("导入过"), "{err}");
    assert_eq!(Store::open(&db).unwrap().list::<RectificationReport>().unwrap().len(), 1);
}

#[test]
fn a_made_up_number_or_a_bad_state_is_refused_and_a_gbk_csv_with_its_own_headers_reads() {
    let dir = tempfile::tempdir().unwrap();
    let (db, deadline_id) = team_db(dir.path());
    let db_s = db.to_str().unwrap();
    let before = daocha::store::Store::open(&db).unwrap().list::<RectificationReport>().unwrap().len();
    // A row whose 整改编号 is no rectification of this database, and one with a state nobody wrote.
    let forged = dir.path().join("伪造.csv");
    let text = format!(
        "整改情况反馈表\n整改编号,整改进度,落实情况,整改完成时间,备注\n{},已整改,已缴库,2017-11-06,\n{},差不多了,,,\n",
        "0190f5a2-1c3d-7000-8000-00000000beef", deadline_id
    );
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    std::fs::write(&forged, &gbk).unwrap();
    let (code, out, err) = daocha(&["rectification", "import", "--db", db_s, forged.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("第 3 行") && err.contains("不是本数据库中的整改事项"), "{err}");
    assert!(err.contains("第 4 行") && err.contains("整改状态应填"), "{err}");
    assert_eq!(Store::open(&db).unwrap().list::<RectificationReport>().unwrap().len(), before);

    // The same headers, rows right: read as the unit wrote them.
    let good = dir.path().join("单位填回.csv");
    let text = format!(
        "整改情况反馈表\n整改编号,整改进度,落实情况,整改完成时间,备注\n{deadline_id},正在整改,已清理一半款项,,财务科负责\n"
    );
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    std::fs::write(&good, &gbk).unwrap();
    let (code, out, err) = daocha(&["rectification", "import", "--db", db_s, good.to_str().unwrap(), "--json"]);
    assert_eq!(code, 0, "{out}{err}");
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["recorded"], 1);
    assert!(value["changes"][0]["said"].as_str().unwrap().contains("单位报告“整改中”"), "{out}");
    let store = Store::open(&db).unwrap();
    let report = store.list::<RectificationReport>().unwrap().pop().unwrap().value;
    assert_eq!(report.status, RectificationStatus::InProgress);
    assert_eq!(report.note, "财务科负责");
    assert_eq!(report.completed_on, None);
}

#[test]
fn a_unit_without_open_rectifications_gets_no_pack() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = team_db(dir.path());
    let out = dir.path().join("p.xlsx");
    let (code, _, err) = daocha(&[
        "rectification",
        "pack",
        "--db",
        db.to_str().unwrap(),
        "--unit",
        "区不存在局",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("没有名为“区不存在局”的受检单位"), "{err}");
    assert!(!out.exists());
}
