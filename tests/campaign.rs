//! `daocha campaign select` and `teams` against the built binary, on a small district made by
//! code beside the demo's team: the ranking in the order the plan's rule gives by hand, the
//! decided unit marked as such, the same output for the same seed (text and JSON), a redraw
//! numbered and kept, 回避 of the inspector's own unit and of a declared relation, and a refusal
//! that names the unit when too few remain.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use chrono::NaiveDate;
use daocha::domain::taxonomy::UnitKind;
use daocha::domain::{Complaint, Id, Inspector, SelfReport, Unit, UnitDecision, UnitDraw, UnitRecusal};
use daocha::store::Store;
use serde_json::Value;

fn daocha(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_daocha")).args(args).output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn ok(args: &[&str]) -> String {
    let (code, out, err) = daocha(args);
    assert_eq!(code, 0, "{args:?}\n{out}\n{err}");
    out
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&ok(args)).unwrap()
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2017, m, d).unwrap()
}

/// The demo's team database (three on the roster: 赵彧 and 王喆 of 法制办, 陈昇 of
/// 区市场监督管理局法制科) with six more units, their reports and complaints, and 区市场监督管理局
/// chosen by decision.
fn district(dir: &std::path::Path) -> String {
    let db = dir.join("team.db");
    let db = db.to_str().unwrap().to_string();
    ok(&["demo", "--db", &db, "--finished"]);
    let mut store = Store::open_existing(std::path::Path::new(&db)).unwrap();
    let mut unit = |name: &str, domain: &str| -> Id<Unit> {
        let u = Unit { name: name.into(), domain: domain.into(), kind: UnitKind::District, ..Unit::default() };
        store.write("test", "单位", |w| w.create(&u)).unwrap()
    };
    let xumu = unit("区畜牧局", "畜牧");
    let chengguan = unit("区城管局", "城管");
    let lvyou = unit("区旅游局", "旅游");
    let wenhua = unit("区文化局", "文化");
    let shuili = unit("区水利局", "水利");
    let shichang = unit("区市场监督管理局", "市场监管");
    let report = |unit_id, received, cases, problems| SelfReport {
        unit_id,
        year: 2017,
        deployment_received: Some(day(6, 28)),
        report_received: Some(received),
        cases_reviewed: cases,
        problems: [problems, 0, 0, 0, 0],
        fixed_at_once: 0,
        with_timetable: 0,
        clues_transferred: 0,
        notes: String::new(),
    };
    let reports = vec![
        report(chengguan, day(8, 18), 100, 30),
        report(lvyou, day(8, 28), 40, 0),
        report(wenhua, day(8, 15), 100, 1),
        report(shuili, day(8, 15), 100, 10),
        report(shichang, day(8, 15), 100, 20),
    ];
    let complaint = |closed: bool| Complaint {
        received_on: day(7, 3),
        channel: "12345转办".into(),
        unit_id: Some(chengguan),
        domain: String::new(),
        complainant: "匿名".into(),
        content: "占道经营处罚随意".into(),
        handler: "信息材料组".into(),
        result: if closed { "已转办并回复".into() } else { String::new() },
        closed,
    };
    let complaints = vec![complaint(false), complaint(false), complaint(true)];
    let decision = UnitDecision {
        unit_id: shichang,
        ground: "挂牌督办".into(),
        reason: "区政府挂牌督办的食品安全案件".into(),
        decided_by: "赵彧".into(),
        decided_on: day(9, 1),
    };
    store
        .write("test", "自查、举报、决定", |w| {
            for r in &reports {
                w.create(r)?;
            }
            for c in &complaints {
                w.create(c)?;
            }
            w.create(&decision)?;
            Ok(())
        })
        .unwrap();
    let _ = xumu;
    db
}

#[test]
fn select_ranks_by_the_plans_rule_and_draws_reproducibly() {
    let dir = tempfile::tempdir().unwrap();
    let db = district(dir.path());
    let args = ["campaign", "select", "--db", &db, "--count", "2", "--seed", "3-5-2", "--json"];
    let first = json(&args);
    let units = first["units"].as_array().unwrap();
    let names: Vec<&str> = units.iter().map(|u| u["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["区畜牧局", "区综合执法局", "区城管局", "区旅游局", "区文化局", "区市场监督管理局", "区水利局"],
        "{first:#}"
    );
    let scores: Vec<u64> = units.iter().map(|u| u["score"].as_u64().unwrap()).collect();
    assert_eq!(scores, [6, 6, 5, 4, 2, 0, 0]);
    assert_eq!(units[0]["report"], "missing");
    assert_eq!(units[2]["complaints_open"], 2);
    assert_eq!(units[2]["complaint_points"], 5);
    assert_eq!(units[3]["report"], "late");
    assert_eq!(units[4]["problems_per_mille"], 10);
    assert_eq!(units[5]["chosen"], "decided");
    assert_eq!(units[5]["decision"]["ground"], "挂牌督办");
    assert_eq!(first["pool_size"], 4);
    let drawn: Vec<&Value> = units.iter().filter(|u| u["chosen"] == "drawn").collect();
    assert_eq!(drawn.len(), 2);
    assert!(drawn.iter().all(|u| u["in_pool"] == true && u["place"].as_u64().unwrap() <= 4));
    assert_eq!(first["draw_number"], 1);

    // The same seed on the same data: the same output, text and JSON, and no second record.
    assert_eq!(json(&args), first);
    let text_args = &args[..args.len() - 1];
    let text = ok(text_args);
    assert_eq!(ok(text_args), text);
    assert!(text.starts_with("抽取受检单位（第 1 次抽取，种子“3-5-2”，2017 年度自查自纠报告）"), "{text}");
    assert!(text.contains("1\t区畜牧局\t畜牧\t未报送\t0\t0\t—\t3\t0/0/0\t0\t6\t"), "{text}");
    assert!(text.contains("\t区市场监督管理局\t市场监管\t按时\t100\t20\t200\t0\t0/0/0\t0\t0\t决定抽查"), "{text}");
    assert!(
        text.contains("决定抽查（非随机）：\n  区市场监督管理局（挂牌督办，区政府挂牌督办的食品安全案件，赵彧决定）"),
        "{text}"
    );
    assert!(text.contains(&format!("输入摘要 SHA-256：{}", first["input_sha256"].as_str().unwrap())), "{text}");
    let store = Store::open_existing(std::path::Path::new(&db)).unwrap();
    assert_eq!(store.list::<UnitDraw>().unwrap().len(), 1);
    drop(store);

    // Another seed is a redraw: numbered, and both are kept.
    let other = json(&["campaign", "select", "--db", &db, "--count", "2", "--seed", "9-9-1", "--json"]);
    assert_eq!(other["draw_number"], 2);
    assert_eq!(other["input_sha256"], first["input_sha256"], "the same inputs");
    let store = Store::open_existing(std::path::Path::new(&db)).unwrap();
    assert_eq!(store.list::<UnitDraw>().unwrap().len(), 2);

    // The latest draw redraws from what it recorded; a record changed afterwards does not.
    drop(store);
    assert_eq!(json(&["campaign", "select", "--db", &db, "--verify", "--json"])["matches"], true);
    let store = Store::open_existing(std::path::Path::new(&db)).unwrap();
    let mut latest = daocha::campaign::select::unit_draws(&store).unwrap().pop().unwrap().value;
    assert!(daocha::campaign::select::verify_unit_draw(&latest).unwrap());
    let outside = latest.ranking.iter().position(|r| !r.in_pool && !r.decided).unwrap();
    latest.drawn[0] = latest.ranking[outside].unit_id;
    assert!(!daocha::campaign::select::verify_unit_draw(&latest).unwrap());

    let (code, _, err) = daocha(&["campaign", "select", "--db", &db, "--count", "0", "--seed", "1"]);
    assert_eq!(code, 2);
    assert!(err.contains("抽取数量须至少为 1"), "{err}");
}

#[test]
fn teams_keep_recusal_and_refuse_naming_the_unit() {
    let dir = tempfile::tempdir().unwrap();
    let db = district(dir.path());
    let (code, _, err) = daocha(&["campaign", "teams", "--db", &db, "--seed", "1"]);
    assert_eq!(code, 0, "the decided unit is enough to form a team: {err}");
    ok(&["campaign", "select", "--db", &db, "--count", "2", "--seed", "3-5-2"]);
    let args = ["campaign", "teams", "--db", &db, "--seed", "4-1", "--json"];
    let teams = json(&args);
    assert_eq!(json(&args), teams, "the same seed gives the same teams");
    assert_eq!(teams["unit_draw_number"], 1);
    let list = teams["teams"].as_array().unwrap();
    assert_eq!(list.len(), 3, "{teams:#}");
    for team in list {
        assert_eq!(team["members"].as_array().unwrap().len(), 2);
    }
    // 陈昇 works in 区市场监督管理局法制科: never on its team.
    let market = list.iter().find(|t| t["unit"] == "区市场监督管理局").unwrap();
    assert_eq!(market["chosen"], "decided");
    let names: Vec<&str> = market["members"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert!(!names.contains(&"陈昇"), "{teams:#}");
    let excluded = teams["exclusions"].as_array().unwrap();
    assert!(excluded.iter().any(|x| x["name"] == "陈昇" && x["reason"] == "本单位人员"), "{teams:#}");
    let text = ok(&args[..args.len() - 1]);
    assert!(text.contains("区市场监督管理局（决定抽查）："), "{text}");
    assert!(text.contains("陈昇 — 区市场监督管理局（本单位人员）"), "{text}");
    assert!(text.contains("工作量："), "{text}");
    assert!(ok(&["campaign", "teams", "--db", &db, "--verify"]).starts_with("核验一致"));

    // 王喆 declares a relation to the unit: one inspector is left, and the draw is refused.
    let mut store = Store::open_existing(std::path::Path::new(&db)).unwrap();
    let wang: Id<Inspector> = store.list::<Inspector>().unwrap().iter().find(|i| i.value.name == "王喆").unwrap().id;
    let market_id: Id<Unit> = market["unit_id"].as_str().unwrap().parse().unwrap();
    let recusal = UnitRecusal { inspector_id: wang, unit_id: market_id, reason: "配偶在该局工作".into() };
    store.write("test", "回避", |w| w.create(&recusal)).unwrap();
    drop(store);
    let (code, _, err) = daocha(&["campaign", "teams", "--db", &db, "--seed", "4-2"]);
    assert_eq!(code, 2);
    assert!(err.contains("受检单位“区市场监督管理局”回避之后只有 1 名检查人员可以参加"), "{err}");
}
