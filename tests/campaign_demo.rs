//! The campaign demo's phases 2 and 3 through the binary: `daocha demo --campaign` prints what it
//! holds (counted here from the records), writes the lead's decisions (approvals, 销号) signed by
//! the lead and each inspection's findings by its team's leader, and gives the same database twice;
//! `daocha notice` writes the 全区通报 (PDF and .docx) of the typical cases on approved lists — their
//! unit, facts and approval — and leaves out the one still waiting; `daocha summary` states the
//! inspections, findings, rectification rate, overdue and 三项制度 the records hold; `daocha
//! assessment` flags the zero report the team found problems in (弄虚作假) and counts the 回头看.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/cli.rs"]
mod cli;
use cli::{compact, daocha, docx_text, pdf_text};

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use calamine::{Data, Reader};
use chrono::NaiveDate;
use daocha::domain::taxonomy::CATEGORIES;
use daocha::domain::{
    Approval, Finding, Id, Inspection, Inspector, LookBack, LookBackOutcome, Record, RecordKind, Rectification,
    RectificationReport, RectificationStatus, SelfReport, ShownStatus, Supervision, SystemStatus, SystemsCheck, Unit,
};
use daocha::store::Store;

fn keep(out: &Path) {
    if let Some(keep) = std::env::var_os("DAOCHA_KEEP_OUTPUT") {
        // To look at the pages: DAOCHA_KEEP_OUTPUT=/tmp/x cargo test --test campaign_demo
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::copy(out, Path::new(&keep).join(out.file_name().unwrap())).unwrap();
    }
}

fn demo(dir: &Path, name: &str) -> (std::path::PathBuf, String) {
    let db = dir.join(name);
    let (code, out, err) = daocha(&["demo", "--campaign", "--db", db.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    (db, out)
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2017, m, d).unwrap()
}

#[test]
fn the_demo_says_what_it_holds_signed_by_who_wrote_it_and_the_same_twice() {
    let dir = tempfile::tempdir().unwrap();
    let (db, said) = demo(dir.path(), "a.db");
    let store = Store::open_existing(&db).unwrap();
    let today = store.today();
    assert_eq!(today, day(12, 20), "the demo's today is the end of the look-back");
    let inspections = store.list::<Inspection>().unwrap();
    let findings = store.list::<Finding>().unwrap();
    let rects: Vec<Rectification> = store.list::<Rectification>().unwrap().into_iter().map(|r| r.value).collect();
    let approvals: Vec<Approval> = store.list::<Approval>().unwrap().into_iter().map(|a| a.value).collect();
    let look_backs = store.list::<LookBack>().unwrap().len();
    let checks = store
        .list::<SystemsCheck>()
        .unwrap()
        .into_iter()
        .map(|c| c.value.unit_id)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let reports = store.list::<RectificationReport>().unwrap().len();
    let supervisions = store.list::<Supervision>().unwrap();
    let typical = findings.iter().filter(|f| f.value.typical).count();
    let done = rects.iter().filter(|r| r.status == RectificationStatus::Done).count();
    let overdue = rects.iter().filter(|r| r.shown_status(today) == ShownStatus::Overdue).count();
    let approved = approvals.iter().filter(|a| a.approved()).count();
    assert!(inspections.len() >= 2 && typical >= 2 && approved >= 1 && look_backs > 0 && checks > 0 && reports > 0);
    assert!(overdue > 0 && done > 0 && done < rects.len(), "some done, some overdue");
    let line = format!(
        "重点抽查 {} 个单位，发现问题 {} 个（典型案例 {typical} 个）；问题清单经领导小组同意 {approved} 份、待审批 {} 份；整改措施 {} 项，已整改 {done} 项、逾期 {overdue} 项；挂牌督办 {} 件（已销号 {} 件）；回头看 {look_backs} 次，三项制度核查 {checks} 个单位，整改情况反馈 {reports} 行。",
        inspections.len(),
        findings.len(),
        approvals.len() - approved,
        rects.len(),
        supervisions.len(),
        supervisions.iter().filter(|s| s.value.closed_on.is_some()).count(),
    );
    assert!(said.contains(&line), "{line}\n{said}");
    // Every finding is in the plan's taxonomy; each supervision is tied to a finding of its unit.
    for f in &findings {
        f.value.validate().unwrap();
    }
    for s in &supervisions {
        let finding = findings.iter().find(|f| Some(f.id) == s.value.finding_id).expect("tied to a finding");
        let of = inspections.iter().find(|i| i.id == finding.value.inspection_id).unwrap();
        assert_eq!(of.value.unit_id, s.value.unit_id);
    }

    // Who wrote what: the lead's decisions in the lead's name, an inspection's findings in its
    // team leader's, every statement signed.
    let lead = store.current_inspector().expect("the lead's database");
    let lead_name = store.get::<Inspector>(lead).unwrap().unwrap().value.name;
    assert_eq!(lead_name, "赵彧");
    let author = |kind: RecordKind| -> HashMap<_, _> {
        store.heads_of_kind(kind).unwrap().into_iter().map(|h| (h.record_id, h.author_id)).collect()
    };
    for kind in [RecordKind::Approval, RecordKind::Supervision] {
        let by = author(kind);
        assert!(!by.is_empty());
        assert!(by.values().all(|a| *a == Some(lead.untyped())), "{kind:?} written by the lead");
    }
    let rect_authors = author(RecordKind::Rectification);
    for r in store.list::<Rectification>().unwrap() {
        // A measure recorded earlier and now 已整改 was closed (销号) by the lead.
        if r.value.status == RectificationStatus::Done && r.value.mode == daocha::domain::RectificationMode::Deadline {
            assert_eq!(rect_authors[&r.id.untyped()], Some(lead.untyped()));
        }
    }
    let finding_authors = author(RecordKind::Finding);
    let mut leaders = Vec::new();
    for f in &findings {
        let of = inspections.iter().find(|i| i.id == f.value.inspection_id).unwrap();
        let leader = of.value.inspector_ids[0];
        assert_eq!(finding_authors[&f.id.untyped()], Some(leader.untyped()));
        leaders.push(leader);
    }
    assert!(leaders.iter().any(|l| *l != lead), "not all written by the lead");
    for kind in [RecordKind::Finding, RecordKind::Approval, RecordKind::Supervision, RecordKind::LookBack] {
        for head in store.heads_of_kind(kind).unwrap() {
            let statement = store.attestation_of_current(head.record_id).unwrap().expect("a statement");
            let statement = store.attestation(&statement).unwrap().unwrap();
            assert!(statement.signature.is_some(), "{kind:?} signed at once");
        }
    }
    // The window of the lead's laptop opens on the lead's own inspection.
    let doc = daocha::ui::document::Document::new(store).unwrap();
    let opens = inspections.iter().find(|i| Some(i.id) == doc.inspection).unwrap();
    assert!(opens.value.inspector_ids.contains(&lead));
    drop(doc);

    let (code, audit, err) = daocha(&["audit", "verify", "--db", db.to_str().unwrap()]);
    assert_eq!(code, 0, "{audit}{err}");
    let (other, _) = demo(dir.path(), "b.db");
    let (_, again, _) = daocha(&["audit", "verify", "--db", other.to_str().unwrap()]);
    let head = |text: &str| text.lines().find(|l| l.starts_with("链头")).unwrap().to_string();
    assert_eq!(head(&audit), head(&again), "the same chain, every run");
    let dump = |db: &Path| {
        let (code, out, err) = daocha(&["dump", "--db", db.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        out
    };
    let first = dump(&db);
    assert!(first.contains("鲅专治组批〔2017〕3号"), "the dump holds the records");
    assert_eq!(first, dump(&other), "the same records and versions, every run");
}

#[test]
fn the_notice_of_the_campaign_demo_tells_its_approved_typical_cases() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = demo(dir.path(), "team.db");
    let store = Store::open_existing(&db).unwrap();
    let units: HashMap<Id<Unit>, String> =
        store.list::<Unit>().unwrap().into_iter().map(|u| (u.id, u.value.name)).collect();
    let inspections: HashMap<Id<Inspection>, Inspection> =
        store.list::<Inspection>().unwrap().into_iter().map(|i| (i.id, i.value)).collect();
    let approvals: Vec<Approval> = store.list::<Approval>().unwrap().into_iter().map(|a| a.value).collect();
    let typical: Vec<_> = store.list::<Finding>().unwrap().into_iter().filter(|f| f.value.typical).collect();
    drop(store);
    let approval_of = |id| approvals.iter().find(|a| a.approved() && a.finding_ids.contains(&id));
    let notified: Vec<_> = typical.iter().filter(|f| approval_of(f.id).is_some()).collect();
    let waiting: Vec<_> = typical.iter().filter(|f| approval_of(f.id).is_none()).collect();
    assert!(!notified.is_empty() && !waiting.is_empty(), "the demo has both");
    assert!(approvals.iter().any(|a| a.approved() && !a.document_no.is_empty()), "one approval with a 文号");

    for ext in ["pdf", "docx"] {
        let out = dir.path().join(format!("通报-专项治理.{ext}"));
        let (code, said, err) = daocha(&["notice", "--db", db.to_str().unwrap(), "--out", out.to_str().unwrap()]);
        assert_eq!(code, 0, "{said}{err}");
        assert!(said.contains(&format!("典型案例 {} 个", notified.len())), "{said}");
        assert!(said.contains(&format!("另有 {} 个典型案例", waiting.len())), "{said}");
        keep(&out);
        let text = compact(&if ext == "pdf" { pdf_text(&out) } else { docx_text(&out) });
        assert!(text.contains(&format!("现将{}个单位的{}个典型案例", notified.len(), notified.len())), "{text}");
        for f in &notified {
            let unit = &units[&inspections[&f.value.inspection_id].unit_id];
            let item = daocha::domain::taxonomy::item(&f.value.item).unwrap().1.name;
            assert!(text.contains(&compact(&format!("{unit}：{item}"))), "{unit} {item} not in the {ext}:\n{text}");
            assert!(text.contains(&compact(&f.value.facts)), "what was found, in the {ext}");
            let approval = approval_of(f.id).unwrap();
            let said = if approval.document_no.is_empty() {
                format!(
                    "{}于{}同意",
                    approval.approved_by,
                    daocha::domain::dates::format_chinese(approval.approved_on.unwrap())
                )
            } else {
                approval.document_no.clone()
            };
            assert!(text.contains(&compact(&format!("（领导小组审批：{said}）"))), "{said} not in the {ext}:\n{text}");
        }
        for f in &waiting {
            assert!(!text.contains(&compact(&f.value.facts)), "a case not approved is not notified");
        }
    }
}

fn cell(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        other => other.to_string(),
    }
}

#[test]
fn the_summary_and_the_assessment_state_what_the_demo_holds() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = demo(dir.path(), "team.db");
    let store = Store::open_existing(&db).unwrap();
    let today = store.today();
    let units = store.list::<Unit>().unwrap();
    let inspections = store.list::<Inspection>().unwrap();
    let findings: Vec<Finding> = store.list::<Finding>().unwrap().into_iter().map(|f| f.value).collect();
    let rects = store.list::<Rectification>().unwrap();
    let look_backs: Vec<LookBack> = store.list::<LookBack>().unwrap().into_iter().map(|l| l.value).collect();
    let reports: Vec<SelfReport> = store.list::<SelfReport>().unwrap().into_iter().map(|r| r.value).collect();
    let mut latest: BTreeMap<Id<Unit>, SystemsCheck> = BTreeMap::new();
    for c in store.list::<SystemsCheck>().unwrap() {
        if latest.get(&c.value.unit_id).is_none_or(|l| l.checked_on <= c.value.checked_on) {
            latest.insert(c.value.unit_id, c.value);
        }
    }
    drop(store);
    let done = rects.iter().filter(|r| r.value.shown_status(today) == ShownStatus::Done).count();
    let overdue = rects.iter().filter(|r| r.value.shown_status(today) == ShownStatus::Overdue).count();
    let in_progress = rects.iter().filter(|r| r.value.shown_status(today) == ShownStatus::InProgress).count();
    let rate = format!("{:.1}%", 100.0 * done as f64 / rects.len() as f64);
    let built = |k: usize| latest.values().filter(|c| c.systems[k] == SystemStatus::Built).count();
    let all_three = latest.values().filter(|c| c.built() == 3).count();

    // The summary, as of the demo's today (no --date).
    let out = dir.path().join("总结报告-专项治理演示.pdf");
    let (code, said, err) = daocha(&["summary", "--db", db.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{said}{err}");
    keep(&out);
    assert!(
        said.contains(&format!(
            "检查 {} 次，发现问题 {} 个，整改措施 {} 项、已整改 {done} 项、逾期 {overdue} 项",
            inspections.len(),
            findings.len(),
            rects.len()
        )),
        "{said}"
    );
    let text = compact(&pdf_text(&out));
    let expect = |s: &str| assert!(text.contains(&compact(s)), "“{s}” not in the summary:\n{text}");
    expect("数据截至2017年12月20日");
    expect(&format!("共检查{}次", inspections.len()));
    expect(&format!("重点抽查共发现问题{}个", findings.len()));
    let parts: Vec<String> = CATEGORIES
        .iter()
        .map(|c| format!("{}{}个", c.name, findings.iter().filter(|f| f.category == c.number).count()))
        .collect();
    expect(&format!("按方案所列治理重点分：{}", parts.join("，")));
    expect(&format!("已整改{done}项，整改率{rate}，正在整改{in_progress}项"));
    expect(&format!("逾期未整改{overdue}项"));
    // 回头看: each rectification by its latest look-back.
    let mut by_latest: BTreeMap<Id<Rectification>, &LookBack> = BTreeMap::new();
    for l in look_backs.iter().filter(|l| l.date <= today) {
        if by_latest.get(&l.rectification_id).is_none_or(|kept| kept.date <= l.date) {
            by_latest.insert(l.rectification_id, l);
        }
    }
    let outcome = |o: LookBackOutcome| by_latest.values().filter(|l| l.outcome == o).count();
    expect(&format!(
        "开展“回头看”{}次，核查整改措施{}项，按最近一次回头看，已落实{}项，部分落实{}项，未落实{}项",
        look_backs.iter().filter(|l| l.date <= today).count(),
        by_latest.len(),
        outcome(LookBackOutcome::Kept),
        outcome(LookBackOutcome::Partly),
        outcome(LookBackOutcome::NotKept)
    ));
    expect(&format!(
        "回头看核查了{}个单位的三项制度，{all_three}个单位三项均已建立；已建立行政执法公示制度的{}个、现场执法记录制度的{}个、法制审核制度的{}个",
        latest.len(),
        built(0),
        built(1),
        built(2)
    ));

    // The 考核 table: the zero report the team found problems in, and the look-backs.
    let out = dir.path().join("考核.xlsx");
    let (code, said, err) = daocha(&["assessment", "--db", db.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{said}{err}");
    let mut book = calamine::open_workbook_auto(&out).unwrap();
    let grid: Vec<Vec<String>> =
        book.worksheet_range("考核").unwrap().rows().map(|r| r.iter().map(cell).collect()).collect();
    let col: HashMap<&str, usize> = grid[1].iter().enumerate().map(|(i, h)| (h.as_str(), i)).collect();
    let at = |row: &Vec<String>, name: &str| row[col[name]].clone();
    let mut falsified = 0;
    let mut looked = 0;
    for unit in &units {
        let row = grid.iter().find(|r| r.get(1) == Some(&unit.value.name)).unwrap();
        let ours: Vec<_> = inspections.iter().filter(|i| i.value.unit_id == unit.id).map(|i| i.id).collect();
        let found = findings.iter().filter(|f| ours.contains(&f.inspection_id)).count();
        let zero = reports
            .iter()
            .any(|r| r.unit_id == unit.id && r.report_received.is_some() && r.problems.iter().sum::<u32>() == 0);
        let flag = format!("弄虚作假：自查零报告但抽查发现问题 {found} 个");
        assert_eq!(at(row, "否优情形").contains(&flag), zero && found > 0, "{}", unit.value.name);
        falsified += usize::from(zero && found > 0);
        let theirs: Vec<Id<Rectification>> =
            rects.iter().filter(|r| ours.contains(&r.value.inspection_id)).map(|r| r.id).collect();
        let n: usize = theirs.iter().filter(|r| look_backs.iter().any(|l| l.rectification_id == **r)).count();
        if !ours.is_empty() {
            assert_eq!(at(row, "已回头看"), n.to_string(), "{}", unit.value.name);
        }
        looked += n;
    }
    assert!(falsified >= 1, "the demo has a zero report the team found problems in");
    assert!(looked > 0);
}
