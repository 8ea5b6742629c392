//! The command-line contract of issue 17, run against the built binary: a second draw needs a
//! reason and both draws reach the sheet; sizes planned (attribute and monetary units); stratified
//! draws that verify; the evaluation as JSON; the reviewers of 背靠背评查.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/cli.rs"]
mod cli;
use cli::daocha;

use std::path::Path;

use serde_json::Value;

fn ok(args: &[&str]) -> String {
    let (code, out, err) = daocha(args);
    assert_eq!(code, 0, "{args:?}\n{out}\n{err}");
    out
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&ok(args)).unwrap()
}

/// A demo database (`--finished` or not) and its inspection id.
fn demo(dir: &Path, finished: bool) -> (String, String) {
    let db = dir.join(if finished { "finished.db" } else { "morning.db" });
    let db = db.to_str().unwrap().to_string();
    let mut args = vec!["demo", "--db", &db];
    if finished {
        args.push("--finished");
    }
    ok(&args);
    let list = json(&["inspection", "list", "--db", &db, "--json"]);
    let id = list["inspections"][0]["id"].as_str().unwrap().to_string();
    (db, id)
}

#[test]
fn sizes_are_planned_without_a_database() {
    // The issue's four (AICPA Audit Guide "Audit Sampling", table A-1) and two more.
    for (tolerable, expected, size) in
        [("5", "0", 59), ("5", "1", 93), ("10", "0", 29), ("10", "1", 46), ("4", "1", 156)]
    {
        let out = json(&[
            "sample",
            "--plan",
            "attribute",
            "--confidence",
            "95",
            "--tolerable",
            tolerable,
            "--expected",
            expected,
            "--json",
        ]);
        assert_eq!(out, serde_json::json!({ "size": size }), "{tolerable}/{expected}");
    }
    let out = json(&["sample", "--plan", "attribute", "--confidence", "90", "--tolerable", "5", "--json"]);
    assert_eq!(out["size"], 45);
    // Monetary units: ⌈3.0 × B / T⌉ at 95% with nothing expected; with expected misstatement the
    // expansion factor 1.6: ⌈3.0 × 1,000,000 / (50,000 − 10,000 × 1.6)⌉ = ⌈88.2⌉.
    let base = ["sample", "--plan", "mus", "--confidence", "95", "--tolerable-fen", "5000000", "--population-fen"];
    let out = json(&[&base[..], &["100000000", "--json"]].concat());
    assert_eq!(out, serde_json::json!({ "size": 60 }));
    let out = json(&[&base[..], &["100000001", "--json"]].concat());
    assert_eq!(out["size"], 61);
    let out = json(&[&base[..], &["100000000", "--expected-fen", "1000000", "--json"]].concat());
    assert_eq!(out["size"], 89);
    // Text for people, and refusals with exit 2.
    let text = ok(&["sample", "--plan", "attribute", "--tolerable", "5"]);
    assert!(text.contains("样本量：59") && text.contains("二项分布"), "{text}");
    let (code, _, err) = daocha(&["sample", "--plan", "attribute", "--tolerable", "5", "--expected", "6"]);
    assert_eq!(code, 2);
    assert!(err.contains("预计偏差率（6%）应小于可容忍偏差率（5%）"), "{err}");
    let (code, _, err) = daocha(&["sample", "--plan", "mus", "--tolerable-fen", "100"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn a_second_draw_needs_a_reason_and_the_sheet_lists_both() {
    let dir = tempfile::tempdir().unwrap();
    let (db, id) = demo(dir.path(), false);
    let draw = |extra: &[&str]| {
        let mut args = vec!["sample", "--db", &db, "--inspection", &id, "--population", "receipts"];
        args.extend_from_slice(extra);
        daocha(&args)
    };
    let (code, out, err) = draw(&["--method", "srs", "--size", "5", "--seed", "3-5-2-6", "--dice"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("随机种子：3-5-2-6（当场掷骰子）"), "{out}");
    // Again, without a reason: refused, nothing recorded.
    let (code, _, err) = draw(&["--method", "srs", "--size", "5", "--seed", "4-1-6-2", "--dice"]);
    assert_eq!(code, 2);
    assert!(err.contains("已经抽取过 1 次") && err.contains("--reason"), "{err}");
    // Dice throws are digits 1 to 6.
    let (code, _, err) = draw(&["--method", "srs", "--size", "5", "--seed", "7-8-9", "--dice", "--reason", "重掷"]);
    assert_eq!(code, 2);
    assert!(err.contains("1 到 6"), "{err}");
    // With a reason, and a public source named.
    let source = "福彩3D 2017年9月12日第2017249期开奖号码";
    let (code, out, err) = draw(&[
        "--method",
        "mus",
        "--size",
        "6",
        "--seed",
        "529",
        "--seed-from",
        source,
        "--reason",
        "第一次的骰子滚落桌下，双方同意改用公开号码",
        "--json",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let second: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(second["seed_source"]["kind"], "public");
    assert_eq!(second["reason"], "第一次的骰子滚落桌下，双方同意改用公开号码");
    // Both draws are kept, and the draft sheet lists both with seeds and the reason.
    let pdf = dir.path().join("draft.pdf");
    ok(&["sheet", "--db", &db, "--inspection", &id, "--out", pdf.to_str().unwrap(), "--draft"]);
    let pages = daocha::sheet::extract_text(&std::fs::read(&pdf).unwrap()).unwrap().concat();
    let flat: String = pages.split_whitespace().collect();
    for expected in ["3-5-2-6", "529", "第2次抽取", "已重抽", "第一次的骰子滚落桌下", "当场掷骰子", "福彩3D"]
    {
        assert!(flat.contains(expected), "the sheet shows {expected}:\n{pages}");
    }
    // --verify redraws the latest (and an earlier one when its seed is given).
    ok(&["sample", "--db", &db, "--inspection", &id, "--population", "receipts", "--verify"]);
    ok(&["sample", "--db", &db, "--inspection", &id, "--population", "receipts", "--verify", "--seed", "3-5-2-6"]);
}

#[test]
fn stratified_draws_record_their_strata_and_verify() {
    let dir = tempfile::tempdir().unwrap();
    let (db, id) = demo(dir.path(), false);
    let base = ["sample", "--db", &db, "--inspection", &id, "--population", "receipts"];
    let (code, _, err) =
        daocha(&[&base[..], &["--method", "srs", "--size", "8", "--seed", "1-2", "--strata", "amount"]].concat());
    assert_eq!(code, 2);
    assert!(err.contains("金额区间"), "{err}");
    let out = json(
        &[
            &base[..],
            &[
                "--plan",
                "attribute",
                "--tolerable",
                "10",
                "--seed",
                "3-5-2-6",
                "--dice",
                "--strata",
                "year",
                "--take-all-above-fen",
                "500000",
                "--json",
            ],
        ]
        .concat(),
    );
    // The planned size (29 at 95% / 10% / 0%) is drawn and the plan recorded.
    assert_eq!(out["size"], 29);
    assert_eq!(out["plan"]["kind"], "attribute");
    let strata = out["strata"]["strata"].as_array().unwrap();
    assert!(strata.len() >= 2, "{out}");
    assert!(strata.iter().all(|s| s["sub_seed"].as_str().unwrap().starts_with("3-5-2-6/")));
    let key = strata.iter().find(|s| s["id"] == "key");
    let drawn: usize =
        strata.iter().filter(|s| s["id"] != "key").map(|s| s["selected"].as_array().unwrap().len()).sum();
    assert_eq!(drawn, 29);
    if let Some(key) = key {
        assert_eq!(key["selected"].as_array().unwrap().len() as u64, key["population_size"].as_u64().unwrap());
    }
    ok(&[&base[..], &["--verify"]].concat());
    // An export that tools/redraw.py can redraw.
    let export = dir.path().join("receipts.json");
    ok(&[&base[..], &["--export", export.to_str().unwrap()]].concat());
    let exported: Value = serde_json::from_str(&std::fs::read_to_string(&export).unwrap()).unwrap();
    assert_eq!(exported["format"], "daocha-population");
    assert_eq!(exported["sample"]["selected"], out["selected"]);
}

#[test]
fn the_evaluation_of_a_checked_stage() {
    let dir = tempfile::tempdir().unwrap();
    let (db, id) = demo(dir.path(), true);
    let base = ["sample", "--db", &db, "--inspection", &id, "--evaluate", "--json"];
    let receipts = json(&[&base[..], &["--population", "receipts"]].concat());
    assert_eq!(receipts["method"], "mus");
    assert_eq!(receipts["complete"], true, "{receipts}");
    assert_eq!(receipts["confidence_percent"], 95.0);
    let upper = receipts["upper_misstatement_limit_fen"].as_i64().unwrap();
    let basic = receipts["basic_precision_fen"].as_i64().unwrap();
    let projected = receipts["projected_misstatement_fen"].as_i64().unwrap();
    assert!(upper >= basic + projected && basic > 0, "{receipts}");
    assert!(receipts["text"].as_str().unwrap().contains("错报上限"), "{receipts}");
    let ledger = json(&[&base[..], &["--population", "ledger"]].concat());
    assert_eq!(ledger["method"], "srs");
    assert_eq!(ledger["complete"], true);
    let rate = ledger["upper_deviation_rate"].as_f64().unwrap();
    assert!(rate > 0.0 && rate < 1.0, "{ledger}");
    assert_eq!(ledger["within_tolerable"], Value::Null, "no plan, no judgement");
    // Return visits are not a stage: nothing to evaluate.
    let (code, _, err) =
        daocha(&["sample", "--db", &db, "--inspection", &id, "--evaluate", "--population", "subjects"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn reviewers_are_drawn_from_the_roster_with_recusals() {
    let dir = tempfile::tempdir().unwrap();
    let (db, id) = demo(dir.path(), true);
    let base = ["reviewers", "--db", &db, "--inspection", &id];
    // The finished demo drew its reviewers already (seed 4-2-6-1): a second draw needs a reason.
    ok(&[&base[..], &["--verify"]].concat());
    let (code, _, err) = daocha(&[&base[..], &["--seed", "2-6-1-3", "--dice"]].concat());
    assert_eq!(code, 2);
    assert!(err.contains("须写明理由"), "{err}");
    let first =
        json(&[&base[..], &["--seed", "2-6-1-3", "--dice", "--reason", "陈昇另有任务，重新抽取", "--json"]].concat());
    let assignments = first["assignments"].as_array().unwrap();
    assert!(!assignments.is_empty());
    for a in assignments {
        let names = a["reviewers"].as_array().unwrap();
        assert_eq!(names.len(), 2);
        assert_ne!(names[0], names[1]);
    }
    let second = json(
        &[
            &base[..],
            &["--seed", "3-3-1", "--conflict", "赵彧::曾在区综合执法局工作", "--reason", "组长申请回避", "--json"],
        ]
        .concat(),
    );
    for a in second["assignments"].as_array().unwrap() {
        assert!(!a["reviewers"].as_array().unwrap().contains(&Value::String("赵彧".into())), "{second}");
    }
    assert_eq!(second["conflicts"][0]["reason"], "曾在区综合执法局工作");
    ok(&[&base[..], &["--verify"]].concat());
    let (code, _, err) = daocha(&[&base[..], &["--seed", "1", "--conflict", "无名氏::x", "--reason", "r"]].concat());
    assert_eq!(code, 2);
    assert!(err.contains("无名氏"), "{err}");
}
