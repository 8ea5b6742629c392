//! The district's summary report (总结报告) through the binary, on the finished demo inspection
//! (findings, a rectification past its deadline, a clue) and on the campaign demo (self-inspection
//! reports, complaints, 现场看, supervisions, its three inspections and their look-back, 三项制度): the
//! PDF's text (pdftotext when it
//! is installed, else daocha's own reader) states the figures this test counts itself from the
//! records — findings per category, rectifications done and overdue, units, reports on time, late
//! and missing, complaints, supervisions — and every page is numbered `— N —`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/cli.rs"]
mod cli;
use cli::{compact, daocha, docx_text, is_folio, pdf_text};

use std::collections::BTreeSet;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use daocha::domain::taxonomy::CATEGORIES;
use daocha::domain::{
    Clue, ClueOutcome, Complaint, Finding, Inspection, ObserverVisit, Rectification, SelfReport, ShownStatus,
    Supervision, SupervisionState, Timeliness, Unit,
};
use daocha::store::Store;

/// Writes the summary of `db` as PDF and as .docx (dated [`AS_OF`]) and gives the text of each.
fn summary_texts(db: &Path, dir: &Path, name: &str) -> (String, String) {
    let mut texts = Vec::new();
    for ext in ["pdf", "docx"] {
        let out = dir.join(format!("{name}.{ext}"));
        let (code, said, err) =
            daocha(&["summary", "--db", db.to_str().unwrap(), "--out", out.to_str().unwrap(), "--date", AS_OF]);
        assert_eq!(code, 0, "{said}{err}");
        assert!(said.contains("已生成总结报告"), "{said}");
        keep(&out, &format!("{name}.{ext}"));
        texts.push(if ext == "pdf" { pdf_text(&out) } else { docx_text(&out) });
    }
    let docx = texts.pop().unwrap();
    (texts.pop().unwrap(), docx)
}

/// Both copies say `expected` (spaces and page numbers aside).
fn assert_both(pdf: &str, docx: &str, expected: &str) {
    let want = compact(expected);
    assert!(compact(pdf).contains(&want), "“{expected}” not in the PDF:\n{pdf}");
    assert!(compact(docx).contains(&want), "“{expected}” not in the .docx:\n{docx}");
}

/// A chart as both copies read: the title, then each label with its value.
fn chart(title: &str, rows: &[(String, usize)]) -> String {
    let mut text = title.to_string();
    for (label, n) in rows {
        text.push_str(&format!("{label}{n}"));
    }
    text
}

/// Every page numbered `— N —`, in order.
fn assert_folios(text: &str) {
    let folios: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| is_folio(l))
        .map(|l| l.chars().filter(|c| !c.is_whitespace()).collect())
        .collect();
    assert!(!folios.is_empty(), "no page numbers:\n{text}");
    let expected: Vec<String> = (1..=folios.len()).map(|n| format!("—{n}—")).collect();
    assert_eq!(folios, expected);
}

fn keep(out: &Path, name: &str) {
    if let Some(keep) = std::env::var_os("DAOCHA_KEEP_OUTPUT") {
        // To look at the pages: DAOCHA_KEEP_OUTPUT=/tmp/x cargo test --test summary
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::copy(out, Path::new(&keep).join(name)).unwrap();
    }
}

const AS_OF: &str = "2017-12-20";

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2017, 12, 20).unwrap()
}

#[test]
fn the_summary_of_an_inspection_states_its_findings_and_rectifications() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    let db_s = db.to_str().unwrap();
    assert_eq!(daocha(&["demo", "--finished", "--db", db_s]).0, 0);

    // Counted here from the records.
    let store = Store::open(&db).unwrap();
    let units = store.list::<Unit>().unwrap();
    let inspections: Vec<Inspection> = store.list::<Inspection>().unwrap().into_iter().map(|i| i.value).collect();
    let findings: Vec<Finding> = store.list::<Finding>().unwrap().into_iter().map(|f| f.value).collect();
    let rects: Vec<Rectification> = store.list::<Rectification>().unwrap().into_iter().map(|r| r.value).collect();
    let clues = store.list::<Clue>().unwrap().len();
    let outcomes: BTreeSet<_> = store.list::<ClueOutcome>().unwrap().into_iter().map(|o| o.value.clue_id).collect();
    drop(store);
    assert!(!findings.is_empty() && !rects.is_empty(), "the demo has findings and rectifications");
    let year = inspections.iter().map(|i| i.date.year()).max().unwrap();
    let inspected: BTreeSet<&str> = inspections
        .iter()
        .map(|i| units.iter().find(|u| u.id == i.unit_id).map_or("", |u| u.value.name.as_str()))
        .collect();
    let done = rects.iter().filter(|r| r.shown_status(as_of()) == ShownStatus::Done).count();
    let overdue = rects.iter().filter(|r| r.shown_status(as_of()) == ShownStatus::Overdue).count();

    let (text, docx) = summary_texts(&db, dir.path(), "总结报告-检查");
    assert_folios(&text);
    assert_both(&text, &docx, &format!("关于{year}年规范行政处罚行为专项治理工作的总结报告"));
    for heading in
        ["一、基本情况", "二、发现的主要问题", "三、整改落实情况", "四、典型案例和问题线索", "五、下一步工作"]
    {
        assert_both(&text, &docx, heading);
    }
    assert_both(&text, &docx, &format!("重点抽查共发现问题{}个", findings.len()));
    for category in &CATEGORIES {
        let n = findings.iter().filter(|f| f.category == category.number).count();
        assert_both(&text, &docx, &format!("{}{n}个", category.name));
    }
    for unit in &inspected {
        assert!(!unit.is_empty());
        assert_both(&text, &docx, &format!("对{unit}等{}个单位开展了现场检查", inspected.len()));
    }
    assert_both(&text, &docx, &format!("共检查{}次", inspections.len()));
    assert_both(&text, &docx, &format!("受检单位提出整改措施{}项", rects.len()));
    assert_both(&text, &docx, &format!("已整改{done}项"));
    assert_both(&text, &docx, &format!("逾期未整改{overdue}项"));
    assert!(overdue > 0, "the demo's rectification is past its deadline on {AS_OF}");
    assert!(clues > 0, "the demo has a sealed clue");
    assert_both(&text, &docx, &format!("违纪违法线索{clues}条"));
    assert_both(&text, &docx, &format!("其中已记录处理结果的{}条", outcomes.len()));
    // Counted, never opened: the clue's words and its case are in neither copy.
    for secret in [daocha::demo::DEMO_CLUE, "购物卡"] {
        assert!(!compact(&text).contains(&compact(secret)) && !compact(&docx).contains(&compact(secret)), "{secret}");
    }
    let rows: Vec<(String, usize)> = CATEGORIES
        .iter()
        .map(|c| (c.name.to_string(), findings.iter().filter(|f| f.category == c.number).count()))
        .collect();
    assert_both(&text, &docx, &chart("图1　抽查发现问题按类别分布（个）", &rows));
    assert_both(&text, &docx, "图2　抽查发现问题按执法领域分布（个）");
    let domain = &units.iter().find(|u| u.id == inspections[0].unit_id).unwrap().value.domain;
    assert_both(&text, &docx, &format!("按执法领域分：{domain}{}个", findings.len()));
    assert_both(&text, &docx, &chart("图2　抽查发现问题按执法领域分布（个）", &[(domain.clone(), findings.len())]));
    assert_both(&text, &docx, "2017年12月20日");
    // Nothing from the campaign: it says 0.
    assert_both(&text, &docx, "共受理监督举报0件");
}

#[test]
fn the_summary_of_the_campaign_states_its_reports_complaints_and_supervisions() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    let db_s = db.to_str().unwrap();
    assert_eq!(daocha(&["demo", "--campaign", "--db", db_s]).0, 0);

    // Two units' summary reports come in: one by 12月31日, one after.
    let mut store = Store::open(&db).unwrap();
    let reports = store.list::<SelfReport>().unwrap();
    for (record, day) in reports.iter().take(2).zip([(2017, 12, 28), (2018, 1, 5)]) {
        let mut report = record.value.clone();
        report.summary_received = NaiveDate::from_ymd_opt(day.0, day.1, day.2);
        store.write("test", "总结报告收到", |w| w.update(record.id, record.version_id, &report)).unwrap();
    }
    // Two units' 三项制度 looked at in the 回头看: the first unit twice (the later check counts).
    let units = store.list::<Unit>().unwrap();
    {
        use daocha::domain::{SystemStatus, SystemsCheck};
        let check = |unit: usize, day: u32, systems: [SystemStatus; 3]| SystemsCheck {
            unit_id: units[unit].id,
            checked_on: NaiveDate::from_ymd_opt(2017, 12, day).unwrap(),
            evidence: systems
                .map(|s| if s == SystemStatus::Built { "制度文件（存档）".to_string() } else { String::new() }),
            systems,
            commitments: [None; 6],
            checked_by: "赵彧".into(),
            notes: String::new(),
        };
        use SystemStatus::{Building, Built, NotBuilt};
        let checks = [
            check(0, 5, [Built, NotBuilt, Building]),
            check(0, 20, [Built, Built, Built]),
            check(1, 10, [Built, Building, NotBuilt]),
        ];
        store.write("test", "三项制度", |w| checks.iter().try_for_each(|c| w.create(c).map(|_| ()))).unwrap();
    }
    let reports: Vec<SelfReport> = store.list::<SelfReport>().unwrap().into_iter().map(|r| r.value).collect();
    let year = reports.iter().map(|r| r.year).max().unwrap();
    let (mut on_time, mut late, mut missing, mut summaries) = (0, 0, 0, [0; 3]);
    let mut problems = [0u32; 5];
    for unit in &units {
        let report =
            reports.iter().filter(|r| r.year == year && r.unit_id == unit.id).max_by_key(|r| r.report_received);
        match report.map_or(Timeliness::Missing, SelfReport::report_timeliness) {
            Timeliness::OnTime => on_time += 1,
            Timeliness::Late => late += 1,
            Timeliness::Missing => missing += 1,
        }
        summaries[match report.map_or(Timeliness::Missing, SelfReport::summary_timeliness) {
            Timeliness::OnTime => 0,
            Timeliness::Late => 1,
            Timeliness::Missing => 2,
        }] += 1;
        if let Some(r) = report.filter(|r| r.report_received.is_some()) {
            for (sum, n) in problems.iter_mut().zip(r.problems) {
                *sum += n;
            }
        }
    }
    assert_eq!(summaries[..2], [1, 1]);
    let complaints: Vec<Complaint> = store.list::<Complaint>().unwrap().into_iter().map(|c| c.value).collect();
    let closed = complaints.iter().filter(|c| c.closed).count();
    let visits = store.list::<ObserverVisit>().unwrap().len();
    let supervisions: Vec<Supervision> = store.list::<Supervision>().unwrap().into_iter().map(|s| s.value).collect();
    let state = |s: SupervisionState| supervisions.iter().filter(|v| v.state(as_of()) == s).count();
    assert!(!complaints.is_empty() && !supervisions.is_empty() && visits > 0);
    let inspections = store.list::<Inspection>().unwrap().len();
    let findings: Vec<Finding> = store.list::<Finding>().unwrap().into_iter().map(|f| f.value).collect();
    let rects: Vec<Rectification> = store.list::<Rectification>().unwrap().into_iter().map(|r| r.value).collect();
    let done = rects.iter().filter(|r| r.shown_status(as_of()) == ShownStatus::Done).count();
    let overdue = rects.iter().filter(|r| r.shown_status(as_of()) == ShownStatus::Overdue).count();
    // 三项制度: each unit's latest checklist counts (the demo's and the two units' added above).
    let mut latest: std::collections::BTreeMap<_, daocha::domain::SystemsCheck> = std::collections::BTreeMap::new();
    for c in store.list::<daocha::domain::SystemsCheck>().unwrap() {
        let c = c.value;
        if latest.get(&c.unit_id).is_none_or(|l| l.checked_on <= c.checked_on) {
            latest.insert(c.unit_id, c);
        }
    }
    let built = |k: usize| latest.values().filter(|c| c.systems[k] == daocha::domain::SystemStatus::Built).count();
    let all_three = latest.values().filter(|c| c.built() == 3).count();
    drop(store);
    assert!(inspections > 0 && !findings.is_empty() && overdue > 0 && done > 0, "the demo's phases 2 and 3");

    let (text, docx) = summary_texts(&db, dir.path(), "总结报告-专项治理");
    assert_folios(&text);
    assert_both(&text, &docx, &format!("关于{year}年规范行政处罚行为专项治理工作的总结报告"));
    assert_both(&text, &docx, &format!("全区纳入专项治理的执法单位{}个", units.len()));
    assert_both(&text, &docx, &format!("按时报送自查自纠报告的{on_time}个，逾期报送{late}个，未报送{missing}个"));
    let total: u32 = problems.iter().sum();
    assert!(total > 0);
    let parts: Vec<String> = CATEGORIES.iter().zip(problems).map(|(c, n)| format!("{}{n}个", c.name)).collect();
    assert_both(&text, &docx, &format!("各单位自查发现的{total}个问题中，{}", parts.join("，")));
    assert_both(&text, &docx, &format!("共受理监督举报{}件，已办结{closed}件", complaints.len()));
    assert_both(&text, &docx, &format!("开展行政处罚“现场看”活动{visits}次"));
    assert_both(
        &text,
        &docx,
        &format!(
            "挂牌督办{}件，已销号{}件，督办中{}件，逾期未办结{}件",
            supervisions.len(),
            state(SupervisionState::Closed),
            state(SupervisionState::Open),
            state(SupervisionState::Overdue)
        ),
    );
    // On 12月20日 neither report is in yet (12月28日, 1月5日) and none is due (12月31日).
    assert_eq!(AS_OF, "2017-12-20");
    assert_both(&text, &docx, &format!("截至2017年12月20日已报送0个，其余{}个尚未到报送期限", units.len()));
    // After the deadline: on time, late, missing.
    let out = dir.path().join("总结报告-次年.pdf");
    let (code, said, err) = daocha(&["summary", "--db", db_s, "--out", out.to_str().unwrap(), "--date", "2018-01-10"]);
    assert_eq!(code, 0, "{said}{err}");
    let later = pdf_text(&out);
    let want = format!("按时报送{}个，逾期报送{}个，未报送{}个", summaries[0], summaries[1], summaries[2]);
    assert!(compact(&later).contains(&compact(&want)), "“{want}” not in:\n{later}");
    assert_both(
        &text,
        &docx,
        &format!(
            "回头看核查了{}个单位的三项制度，{all_three}个单位三项均已建立；已建立行政执法公示制度的{}个、现场执法记录制度的{}个、法制审核制度的{}个",
            latest.len(),
            built(0),
            built(1),
            built(2)
        ),
    );
    // The demo's inspections: counted, charted before the units' own problems.
    assert_both(&text, &docx, &format!("共检查{inspections}次"));
    assert_both(&text, &docx, &format!("重点抽查共发现问题{}个", findings.len()));
    assert_both(&text, &docx, &format!("受检单位提出整改措施{}项", rects.len()));
    assert_both(&text, &docx, &format!("已整改{done}项"));
    assert_both(&text, &docx, &format!("逾期未整改{overdue}项"));
    let found: Vec<(String, usize)> = CATEGORIES
        .iter()
        .map(|c| (c.name.to_string(), findings.iter().filter(|f| f.category == c.number).count()))
        .collect();
    assert_both(&text, &docx, &chart("图1　抽查发现问题按类别分布（个）", &found));
    let rows: Vec<(String, usize)> =
        CATEGORIES.iter().zip(problems).map(|(c, n)| (c.name.to_string(), n as usize)).collect();
    assert_both(&text, &docx, &chart("图2　单位自查发现问题按类别分布（个）", &rows));
}

#[test]
fn a_summary_needs_a_pdf_or_docx_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    let db_s = db.to_str().unwrap();
    assert_eq!(daocha(&["demo", "--finished", "--db", db_s]).0, 0);
    let txt = dir.path().join("总结报告.txt");
    let (code, _, err) = daocha(&["summary", "--db", db_s, "--out", txt.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains(".pdf 或 .docx"), "{err}");
    assert!(!txt.exists());
    let (code, _, err) =
        daocha(&["summary", "--db", db_s, "--out", dir.path().join("x.pdf").to_str().unwrap(), "--date", "明天"]);
    assert_eq!(code, 2);
    assert!(err.contains("成文日期“明天”无法识别"), "{err}");
}

#[test]
fn an_empty_database_gives_a_report_of_zeros() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    drop(Store::open(&db).unwrap());
    let (text, docx) = summary_texts(&db, dir.path(), "空");
    assert_folios(&text);
    assert_both(&text, &docx, "关于2017年规范行政处罚行为专项治理工作的总结报告");
    assert_both(&text, &docx, "全区纳入专项治理的执法单位0个");
    assert_both(&text, &docx, "重点抽查共发现问题0个");
    assert_both(&text, &docx, "受检单位提出整改措施0项");
    assert_both(&text, &docx, "违纪违法线索0条");
    assert!(!compact(&text).contains("图1"), "no chart of nothing:\n{text}");
}
