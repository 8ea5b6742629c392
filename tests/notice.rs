//! The district-wide notice (全区通报) through the binary: refused while no typical case is marked,
//! refused while the typical case's problem list is not approved, then — once `daocha approve` has
//! recorded the leading group's approval — written as a GB/T 9704 PDF whose text (read back with
//! pdftotext when it is installed, else with daocha's own reader) holds the masthead, the number,
//! the title, the case's unit, facts and rule, the approval, the sender and the date, and page
//! numbers `— 1 —`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/cli.rs"]
mod cli;
use cli::{compact, daocha, docx_text, is_folio, pdf_text};

use std::path::Path;

use daocha::domain::{Finding, Inspection};
use daocha::store::Store;

#[test]
fn only_approved_typical_cases_are_notified() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    let db_s = db.to_str().unwrap();
    assert_eq!(daocha(&["demo", "--finished", "--db", db_s]).0, 0);
    let out = dir.path().join("通报.pdf");
    let out_s = out.to_str().unwrap();

    let (code, _, err) = daocha(&["notice", "--db", db_s, "--out", out_s]);
    assert_eq!(code, 2);
    assert!(err.contains("没有标为典型案例的问题"), "{err}");
    assert!(!out.exists());

    // The lead marks one finding typical.
    let (inspection, finding) = {
        let mut store = Store::open(&db).unwrap();
        let inspection = store.list::<Inspection>().unwrap()[0].clone();
        let finding = store.list::<Finding>().unwrap().into_iter().find(|f| !f.value.facts.is_empty()).unwrap();
        let mut typical = finding.value.clone();
        typical.typical = true;
        store.write("test", "典型案例", |w| w.update(finding.id, finding.version_id, &typical)).unwrap();
        (inspection, typical)
    };
    let (code, _, err) = daocha(&["notice", "--db", db_s, "--out", out_s]);
    assert_eq!(code, 2);
    assert!(err.contains("有 1 个典型案例所在的问题清单尚未经专项治理领导小组同意"), "{err}");

    // Agreed but only submitted: still not notified.
    let id = inspection.id.to_string();
    let (code, out_text, err) =
        daocha(&["approve", "--db", db_s, "--inspection", &id, "--agreed", "2017-09-20", "--back-to-back"]);
    assert_eq!(code, 0, "{out_text}{err}");
    assert!(out_text.contains("待专项治理领导小组审批"), "{out_text}");
    assert_eq!(daocha(&["notice", "--db", db_s, "--out", out_s]).0, 2);

    // A date before the agreement is refused.
    let (code, _, err) = daocha(&[
        "approve",
        "--db",
        db_s,
        "--inspection",
        &id,
        "--agreed",
        "2017-09-20",
        "--by",
        "张玉军",
        "--date",
        "2017-09-19",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("审批日期不能早于"), "{err}");

    let (code, out_text, err) = daocha(&[
        "approve",
        "--db",
        db_s,
        "--inspection",
        &id,
        "--agreed",
        "2017-09-20",
        "--by",
        "张玉军",
        "--date",
        "2017-09-25",
        "--doc-no",
        "鲅专治组批〔2017〕2号",
    ]);
    assert_eq!(code, 0, "{out_text}{err}");
    let (code, out_text, err) =
        daocha(&["notice", "--db", db_s, "--out", out_s, "--number", "鲅政办发〔2017〕45号", "--date", "2017-10-09"]);
    assert_eq!(code, 0, "{out_text}{err}");
    assert!(out_text.contains("典型案例 1 个"), "{out_text}");
    if let Some(keep) = std::env::var_os("DAOCHA_KEEP_OUTPUT") {
        // To look at the pages: DAOCHA_KEEP_OUTPUT=/tmp/x cargo test --test notice
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::copy(&out, Path::new(&keep).join("通报.pdf")).unwrap();
    }
    let text = pdf_text(&out);
    let flat = compact(&text);
    for expected in [
        "营口市鲅鱼圈区人民政府办公室文件",
        "鲅政办发〔2017〕45号",
        "关于2017年行政处罚行为专项治理典型案例的通报",
        "各镇、办事处，驻区执法单位，区本级执法部门及所属执法机构：",
        "一、区综合执法局：",
        "鲅专治组批〔2017〕2号",
        "2017年10月9日",
    ] {
        assert!(flat.contains(&compact(expected)), "{expected} not in:\n{text}");
    }
    assert!(flat.contains(&compact(&finding.facts)), "the facts are told:\n{text}");
    // Every page numbered `— N —`, in order.
    let folios: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| is_folio(l))
        .map(|l| l.chars().filter(|c| !c.is_whitespace()).collect())
        .collect();
    let expected: Vec<String> = (1..=folios.len()).map(|n| format!("—{n}—")).collect();
    assert!(!folios.is_empty(), "no page numbers:\n{text}");
    assert_eq!(folios, expected);
    if !finding.legal_basis.is_empty() {
        assert!(flat.contains(&compact(&finding.legal_basis)), "the rule broken is told:\n{text}");
    }
    // The same notice for editing: the .docx's text holds the same.
    let docx = dir.path().join("通报.docx");
    let (code, out_text, err) = daocha(&[
        "notice",
        "--db",
        db_s,
        "--out",
        docx.to_str().unwrap(),
        "--number",
        "鲅政办发〔2017〕45号",
        "--date",
        "2017-10-09",
    ]);
    assert_eq!(code, 0, "{out_text}{err}");
    assert!(out_text.contains("WPS"), "{out_text}");
    let words = docx_text(&docx);
    for expected in [
        "营口市鲅鱼圈区人民政府办公室文件",
        "鲅政办发〔2017〕45号",
        "一、区综合执法局：",
        "鲅专治组批〔2017〕2号",
        "2017年10月9日",
    ] {
        assert!(words.contains(expected), "{expected} not in the .docx:\n{words}");
    }
    assert!(compact(&words).contains(&compact(&finding.facts)), "{words}");
    // The other findings were not marked typical: their facts are not in the notice.
    let store = Store::open(&db).unwrap();
    for other in store.list::<Finding>().unwrap().into_iter().filter(|f| !f.value.typical && !f.value.facts.is_empty())
    {
        assert!(!flat.contains(&compact(&other.value.facts)), "an untypical finding was notified:\n{text}");
    }
}

#[test]
fn a_notice_needs_a_pdf_or_docx_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    assert_eq!(daocha(&["demo", "--finished", "--db", db.to_str().unwrap()]).0, 0);
    let (code, _, err) =
        daocha(&["notice", "--db", db.to_str().unwrap(), "--out", dir.path().join("通报.txt").to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains(".pdf 或 .docx"), "{err}");
}
