//! Case-file review scores as the sheet and the report read them: a veto (marked, or named by a
//! finding confirmed on the case) fails the file whatever its points; an unfinished review has no
//! grade; a 简易程序 case is scored by its own items and vetoes; an old score keeps its version.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use daocha::domain::{
    CaseFile, DecisionNo, Finding, Id, Inspection, OfficerRef, Procedure, Score, ScoreItem, ScoreOutcome, Severity,
};
use daocha::scoring::{CaseContext, Standard, Standards, VetoBy, evaluate_case};
use daocha::store::Stored;

fn standard() -> Standard {
    Standard::default_standard().unwrap()
}

fn outcome(id: &str, outcome: ScoreOutcome) -> ScoreItem {
    ScoreItem { item_id: id.into(), outcome }
}

fn pass_all(s: &Standard, procedure: Procedure) -> Vec<ScoreItem> {
    s.items_for(procedure).map(|i| outcome(&i.id, ScoreOutcome::Pass)).collect()
}

fn deduct(id: &str, points: u32) -> ScoreItem {
    outcome(id, ScoreOutcome::Deduct { points, reason: "原因".into() })
}

fn case(procedure: Procedure) -> CaseFile {
    let day = chrono::NaiveDate::from_ymd_opt(2017, 6, 2);
    CaseFile {
        inspection_id: Id::from_uuid(uuid::Uuid::nil()),
        decision_no: DecisionNo::parse("鲅综执罚〔2017〕130号").unwrap(),
        filing_date: None,
        notice_date: None,
        hearing: String::new(),
        decision_date: day,
        service_date: day,
        execution_date: day,
        closing_date: day,
        officers: vec![OfficerRef { name: "刘海涛".into(), cert_no: "21080160101".into() }].into(),
        as_written: Default::default(),
        procedure,
    }
}

/// A finding on `case`, confirmed on site, from an automatic problem of `kind` (or by hand).
fn finding(case_id: Id<CaseFile>, item: &str, source: Option<String>) -> Finding {
    Finding {
        inspection_id: Id::from_uuid(uuid::Uuid::nil()),
        case_file_id: Some(case_id),
        decision_no: None,
        category: item[..1].parse().unwrap(),
        item: item.into(),
        facts: "现场确认的事实".into(),
        legal_basis: String::new(),
        severity: Severity::Minor,
        confirmed_on_site: true,
        confirmed_by: "孙立堃".into(),
        suggestion: String::new(),
        attachment_ids: vec![],
        source,
        typical: false,
        recorded_at: None,
    }
}

#[test]
fn the_demo_case_with_a_confirmed_expired_certificate_fails_whatever_its_points() {
    let dir = tempfile::tempdir().unwrap();
    let (store, summary) = daocha::demo::create_demo(&dir.path().join("d.db")).unwrap();
    let cases: Vec<Stored<CaseFile>> = store.list_in(summary.inspection_id).unwrap();
    let case80 = cases.iter().find(|c| c.value.decision_no.as_str() == "鲅综执罚〔2017〕80号").unwrap();
    let scores: Vec<Stored<Score>> = store.list_in(summary.inspection_id).unwrap();
    let score = scores.iter().find(|s| s.value.case_file_id == case80.id).unwrap();
    let findings: Vec<Stored<Finding>> = store.list_in(summary.inspection_id).unwrap();
    let standards = Standards::shipped().unwrap();

    // Its points alone: 95.0 with 1 item scored — no grade yet.
    let alone = standards.evaluate_score(&score.value, &CaseContext::default());
    assert_eq!((alone.score_text().as_str(), alone.grade_name()), ("95.0", None));
    let total = standards.current().items_for(Procedure::General).count();
    assert_eq!(alone.summary(), format!("未评完：已评 1/{total} 项"));

    // With the finding confirmed on the case (3.1, expired certificate): 不合格, 0 points.
    let context = CaseContext::of(case80.id, &case80.value, findings.iter().map(|f| &f.value));
    assert!(!context.findings.is_empty(), "the demo confirmed a finding on this case");
    let e = standards.evaluate_score(&score.value, &context);
    assert_eq!((e.score_text().as_str(), e.grade_name(), e.failed()), ("0.0", Some("不合格"), Some(true)));
    assert_eq!(e.incomplete(), None, "a failed veto is final");
    let veto = e.veto().unwrap();
    assert_eq!(veto.veto_id, "veto.qualification");
    assert_eq!(veto.by, VetoBy::Finding { item: "3.1".into() });
    assert!(veto.describe().contains("执法证已过期"), "{}", veto.describe());
    assert!(e.summary().starts_with("不合格（一票否决：执法人员不具备执法资格"), "{}", e.summary());

    // Another case of the demo is not touched by that finding.
    let other = cases.iter().find(|c| c.value.decision_no.as_str() == "鲅综执罚〔2017〕15号").unwrap();
    let context = CaseContext::of(other.id, &other.value, findings.iter().map(|f| &f.value));
    assert!(context.findings.is_empty());
}

#[test]
fn only_confirmed_findings_fail_a_veto_and_only_the_vetoes_they_name() {
    let s = standard();
    let c = case(Procedure::General);
    let id = Id::from_uuid(uuid::Uuid::max());
    let complete = pass_all(&s, Procedure::General);
    let eval = |findings: &[Finding]| evaluate_case(&s, &complete, &CaseContext::of(id, &c, findings.iter()));
    assert_eq!(eval(&[]).grade_name(), Some("优秀"));
    // By hand, item 3.1 (处罚主体不适格): 处罚主体不合法.
    let by_hand = finding(id, "3.1", None);
    assert_eq!(eval(std::slice::from_ref(&by_hand)).veto().unwrap().veto_id, "veto.body");
    // Not confirmed on site: not yet.
    let unconfirmed = Finding { confirmed_on_site: false, ..by_hand.clone() };
    assert_eq!(eval(&[unconfirmed]).grade_name(), Some("优秀"));
    // From a problem whose confirmation is not by itself a veto (a name not on the roster may be a
    // clerical slip), although its plan item is 3.1: the reviewer decides.
    let roster = finding(id, "3.1", Some("officer_not_on_roster:鲅综执罚〔2017〕130号".into()));
    assert_eq!(eval(&[roster]).grade_name(), Some("优秀"));
    // From a problem the standard names: single officer → 执法人员少于两人.
    let single = finding(id, "3.2", Some("single_officer:鲅综执罚〔2017〕130号".into()));
    assert_eq!(eval(std::slice::from_ref(&single)).veto().unwrap().veto_id, "veto.two_officers");
    // A deduction turned into a finding is not a veto; a veto of a review is.
    let deduction = finding(id, "3.2", Some(format!("score:{id}:evidence.officers")));
    assert_eq!(eval(&[deduction]).grade_name(), Some("优秀"));
    let vetoed = finding(id, "3.3", Some(format!("score:{id}:veto.characterization")));
    assert_eq!(eval(&[vetoed]).veto().unwrap().veto_id, "veto.characterization");
    // A finding on another case does not count.
    let elsewhere = Finding { case_file_id: Some(Id::from_uuid(uuid::Uuid::nil())), ..single };
    assert!(CaseContext::of(id, &c, [&elsewhere]).findings.is_empty());
}

#[test]
fn an_unfinished_review_has_no_grade_on_paper() {
    let s = standard();
    let c = case(Procedure::General);
    let id = Id::from_uuid(uuid::Uuid::max());
    let mut items = pass_all(&s, Procedure::General);
    let last = items.pop().unwrap();
    items.push(deduct("filing.approval", 1));
    let e = evaluate_case(&s, &items, &CaseContext::of(id, &c, []));
    let total = s.items_for(Procedure::General).count();
    assert_eq!((e.grade(), e.failed()), (None, None));
    let progress = e.incomplete().unwrap();
    assert_eq!(progress.to_string(), format!("未评完：已评 {}/{total} 项", total - 1));
    assert_eq!(progress.short(), format!("已评 {}/{total} 项", total - 1));
    assert_eq!(e.score_text(), "99.0", "the running score is kept");
    // The last item scored: a grade with the standard's name.
    items.push(last);
    let e = evaluate_case(&s, &items, &CaseContext::of(id, &c, []));
    assert_eq!((e.grade_name(), e.incomplete()), (Some("优秀"), None));
    assert_eq!(e.summary(), "99.0 分，优秀");
    // Even a failing score is not 不合格 until the review is finished — unless a veto fails.
    let mut poor: Vec<ScoreItem> = s.items_for(Procedure::General).map(|i| deduct(&i.id, i.points)).collect();
    poor.pop();
    let e = evaluate_case(&s, &poor, &CaseContext::of(id, &c, []));
    assert_eq!(e.grade_name(), None);
    poor.push(outcome("veto.facts", ScoreOutcome::VetoFailed { reason: "违法事实与证据不符".into() }));
    let e = evaluate_case(&s, &poor, &CaseContext::of(id, &c, []));
    assert_eq!(e.grade_name(), Some("不合格"));
    assert_eq!(e.veto().unwrap().describe(), "一票否决：违法事实不清，或主要事实认定错误（违法事实与证据不符）");
}

#[test]
fn a_simple_procedure_case_is_scored_by_its_own_rules() {
    let s = standard();
    let c = case(Procedure::Simple);
    let id = Id::from_uuid(uuid::Uuid::max());
    let simple: Vec<&str> = s.items_for(Procedure::Simple).map(|i| i.id.as_str()).collect();
    // Its own items, and those of both procedures; none of 立案, 告知书, 听证 or the 卷面 of a full file.
    for own in ["simple.conditions", "simple.certificate", "simple.notice", "simple.form", "simple.delivery"] {
        assert!(simple.contains(&own), "{own}");
    }
    for shared in ["decision.discretion", "document.basis", "execution.separation", "execution.payment"] {
        assert!(simple.contains(&shared), "{shared}");
    }
    for general in ["filing.approval", "evidence.officers", "notice.content", "notice.hearing", "archive.one_case"] {
        assert!(!simple.contains(&general), "{general}");
    }
    let total = simple.len();
    let e = evaluate_case(&s, &pass_all(&s, Procedure::Simple), &CaseContext::of(id, &c, []));
    assert_eq!((e.total, e.scored, e.grade_name()), (total, total, Some("优秀")));
    assert_eq!(e.applicable, s.total_points(Procedure::Simple));
    // Scaled to 100 over its own points: 5 of 45 off is 88.9.
    let mut items = pass_all(&s, Procedure::Simple);
    items.push(deduct("simple.form", 5));
    let e = evaluate_case(&s, &items, &CaseContext::of(id, &c, []));
    assert_eq!(s.total_points(Procedure::Simple), 45);
    assert_eq!((e.score_text().as_str(), e.grade_name()), ("88.9", Some("合格")));
    // One officer on the spot is lawful: neither a confirmed single-officer finding nor a stale
    // mark on the two-officer veto fails it, and general items recorded on it do not count.
    let single = finding(id, "3.2", Some("single_officer:鲅综执罚〔2017〕130号".into()));
    let mut items = pass_all(&s, Procedure::Simple);
    items.push(outcome("veto.two_officers", ScoreOutcome::VetoFailed { reason: "仅一人".into() }));
    items.push(deduct("filing.approval", 2));
    let e = evaluate_case(&s, &items, &CaseContext::of(id, &c, [&single]));
    assert_eq!((e.score_text().as_str(), e.grade_name(), e.ignored), ("100.0", Some("优秀"), 2));
    // The same under 一般程序 fails.
    let general = case(Procedure::General);
    let e = evaluate_case(&s, &pass_all(&s, Procedure::General), &CaseContext::of(id, &general, [&single]));
    assert_eq!(e.grade_name(), Some("不合格"));
    // Simple procedure used above its limit is a veto of its own.
    let over = finding(id, "3.2", Some("simple_procedure_over_limit:鲅综执罚〔2017〕130号".into()));
    let e = evaluate_case(&s, &pass_all(&s, Procedure::Simple), &CaseContext::of(id, &c, [&over]));
    assert_eq!(e.veto().unwrap().veto_id, "veto.procedure");
    // Unfinished: no grade, counted over its own items.
    let e = evaluate_case(&s, &[deduct("simple.notice", 2)], &CaseContext::of(id, &c, []));
    assert_eq!(e.summary(), format!("未评完：已评 1/{total} 项"));
}

#[test]
fn a_score_made_with_the_previous_version_keeps_it() {
    let standards = Standards::shipped().unwrap();
    let score = Score {
        inspection_id: Id::<Inspection>::from_uuid(uuid::Uuid::nil()),
        case_file_id: Id::from_uuid(uuid::Uuid::nil()),
        standard_id: "daocha-default".into(),
        standard_version: "2017.1".into(),
        // 2017.1's 26 points off: 74.0, under its own pass mark of 75 — 不合格 there, 合格 under
        // 2017.2's 60.
        items: {
            let old = standards.find("daocha-default", "2017.1").unwrap();
            let mut items: Vec<ScoreItem> =
                old.items().map(|i| ScoreItem { item_id: i.id.clone(), outcome: ScoreOutcome::Pass }).collect();
            let mut left = 26;
            for item in old.items() {
                let take = item.points.min(left);
                if take == 0 {
                    break;
                }
                items.push(deduct(&item.id, take));
                left -= take;
            }
            items
        },
        by: None,
    };
    let e = standards.evaluate_score(&score, &CaseContext::default());
    assert_eq!((e.standard_version.as_str(), e.score_text().as_str()), ("2017.1", "74.0"));
    assert_eq!(e.grade_name(), Some("不合格"));
    assert_eq!(e.note, None);
}

/// The hearing threshold is checked only under the local rule the team chose for the inspection
/// (or named on the command line); an unknown rule is refused, never silently off.
#[test]
fn the_hearing_rule_is_the_inspections_choice_and_an_unknown_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let (mut store, demo) = daocha::demo::create_first_morning(&db).unwrap();
    let inspection = demo.inspection_id;
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_daocha")).args(args).output().unwrap();
        (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
    };
    let id = inspection.to_string();
    let base = ["check", "--db", db.to_str().unwrap(), "--inspection", id.as_str()];
    let hearing = |out: &str| out.lines().filter(|l| l.starts_with("[hearing_not_offered]")).count();
    drop(store);
    let (_, out, _) = run(&base);
    assert_eq!(hearing(&out), 0, "no rule chosen: the check is left out");
    let (code, out, _) = run(&[&base[..], &["--hearing-rule", "shenyang-city-admin"]].concat());
    assert_eq!(code, 1);
    assert!(hearing(&out) > 0, "the demo's fines over 1,000 yuan say 不适用 for the hearing");
    assert!(out.contains("《沈阳市相对集中城市管理行政处罚权规定》第十六条"), "the rule is named");
    let (code, _, err) = run(&[&base[..], &["--hearing-rule", "营口"]].concat());
    assert_eq!(code, 2);
    assert!(err.contains("没有名为“营口”的听证标准（可选：shenyang-city-admin、beijing）"), "{err}");

    // Chosen for the inspection (its form), the rule applies without the flag; none turns it off.
    store = daocha::store::Store::open_existing(&db).unwrap();
    let mut record = store.get(inspection).unwrap().unwrap();
    record.value.hearing_rule = "beijing".into();
    store
        .write("inspection.update", "选定听证标准", |w| w.update(record.id, record.version_id, &record.value))
        .unwrap();
    drop(store);
    let (_, out, _) = run(&base);
    assert!(hearing(&out) > 0);
    assert!(out.contains("北京市行政处罚听证程序实施办法"));
    let (_, out, _) = run(&[&base[..], &["--hearing-rule", "none"]].concat());
    assert_eq!(hearing(&out), 0);
}
