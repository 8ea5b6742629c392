//! `daocha campaign select` and `teams` against the built binary, on a small district made by
//! code beside the demo's team: the ranking in the order the plan's rule gives by hand, the
//! decided unit marked as such, the same output for the same seed (text and JSON), a redraw
//! numbered and kept, 回避 of the inspector's own unit and of a declared relation, and a refusal
//! that names the unit when too few remain.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/cli.rs"]
mod cli;
use cli::daocha;

use chrono::NaiveDate;
use daocha::domain::taxonomy::UnitKind;
use daocha::domain::{Complaint, Id, Inspection, Inspector, SelfReport, Unit, UnitDecision, UnitDraw, UnitRecusal};
use daocha::store::Store;
use serde_json::Value;

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
        summary_received: None,
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

/// The names of a team in `campaign teams --json`.
fn member_names(team: &Value) -> Vec<String> {
    team["members"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap().to_string()).collect()
}

#[test]
fn a_swap_needs_a_reason_keeps_recusal_and_shows_in_the_teams() {
    let dir = tempfile::tempdir().unwrap();
    let db = district(dir.path());
    ok(&["campaign", "select", "--db", &db, "--count", "2", "--seed", "3-5-2"]);
    let teams_args = ["campaign", "teams", "--db", &db, "--seed", "4-1", "--json"];
    let teams = json(&teams_args);
    let list = teams["teams"].as_array().unwrap();
    let market = list.iter().find(|t| t["unit"] == "区市场监督管理局").unwrap();
    assert_eq!(member_names(market).len(), 2);
    let refuse = |args: &[&str], says: &str| {
        let (code, out, err) = daocha(args);
        assert_eq!(code, 2, "{args:?}\n{out}\n{err}");
        assert!(err.contains(says), "{args:?}: {err}");
    };
    let swap = |unit: &str, out: &str, inn: &str, reason: &str| -> Vec<String> {
        ["campaign", "swap", "--db", &db, "--unit", unit, "--out", out, "--in", inn, "--reason", reason]
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    let run_refused = |v: Vec<String>, says: &str| refuse(&v.iter().map(String::as_str).collect::<Vec<_>>(), says);
    let on_market = member_names(market);
    // 陈昇 works in the unit: refused, saying why and what to do.
    run_refused(
        swap("区市场监督管理局", &on_market[0], "陈昇", "出差"),
        "“陈昇”须回避“区市场监督管理局”（本单位人员）",
    );
    // Already on the team; not on it; not on the roster; no reason; no such unit.
    run_refused(swap("区市场监督管理局", &on_market[0], &on_market[1], "出差"), "已在“区市场监督管理局”的检查组中");
    run_refused(swap("区市场监督管理局", "陈昇", "王喆", "出差"), "“陈昇”不在“区市场监督管理局”的检查组中");
    run_refused(swap("区市场监督管理局", &on_market[0], "张三", "出差"), "“张三”不在团队名册中");
    run_refused(swap("区市场监督管理局", &on_market[0], "王喆", "  "), "请填写调换理由");
    run_refused(swap("区不存在局", "赵彧", "王喆", "出差"), "没有受检单位“区不存在局”");
    let store = Store::open_existing(std::path::Path::new(&db)).unwrap();
    assert!(store.list::<daocha::domain::TeamSwap>().unwrap().is_empty(), "nothing recorded by a refusal");
    drop(store);

    // A drawn unit whose team lacks one of the three: swap them in.
    let drawn = list.iter().find(|t| {
        t["chosen"] == "drawn" && t["unit"] != "区市场监督管理局" && !member_names(t).contains(&"陈昇".to_string())
    });
    let drawn = drawn.or_else(|| list.iter().find(|t| t["chosen"] == "drawn")).unwrap();
    let unit = drawn["unit"].as_str().unwrap().to_string();
    let before = member_names(drawn);
    let outsider = ["赵彧", "王喆", "陈昇"].into_iter().find(|n| !before.contains(&n.to_string())).unwrap();
    // A declared relation is refused like the draw refuses it …
    let mut store = Store::open_existing(std::path::Path::new(&db)).unwrap();
    let who: Id<Inspector> = store.list::<Inspector>().unwrap().iter().find(|i| i.value.name == outsider).unwrap().id;
    let unit_id: Id<Unit> = drawn["unit_id"].as_str().unwrap().parse().unwrap();
    let recusal = UnitRecusal { inspector_id: who, unit_id, reason: "曾在该单位工作".into() };
    let recusal_id = store.write("test", "回避", |w| w.create(&recusal)).unwrap();
    drop(store);
    run_refused(swap(&unit, &before[0], outsider, "出差"), &format!("“{outsider}”须回避“{unit}”（曾在该单位工作）"));
    let mut store = Store::open_existing(std::path::Path::new(&db)).unwrap();
    let stored = store.require(recusal_id).unwrap();
    store.write("test", "撤回回避", |w| w.delete(recusal_id, stored.version_id)).unwrap();
    drop(store);
    // … and without it the swap is recorded.
    let args = swap(&unit, &before[0], outsider, "原定人员出差");
    let done = ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(
        done.contains(&format!("已调换：{unit}检查组 {} 调出，{outsider} 调入（理由：原定人员出差）", before[0])),
        "{done}"
    );
    let mut expected = before.clone();
    expected[0] = outsider.to_string();

    // `campaign teams` with the same seed: the same draw, its team as swapped, and the swap listed.
    let after = json(&teams_args);
    assert_eq!(after["draw_number"], 1, "a swap is not a redraw");
    let team = after["teams"].as_array().unwrap().iter().find(|t| t["unit"] == unit.as_str()).unwrap();
    assert_eq!(member_names(team), expected);
    let drawn_names: Vec<&str> =
        team["drawn_members"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(drawn_names, before.iter().map(String::as_str).collect::<Vec<_>>());
    let swaps = after["swaps"].as_array().unwrap();
    assert_eq!(swaps.len(), 1);
    assert_eq!((swaps[0]["out"].as_str(), swaps[0]["in"].as_str()), (Some(before[0].as_str()), Some(outsider)));
    assert_eq!(swaps[0]["reason"], "原定人员出差");
    let text = ok(&teams_args[..teams_args.len() - 1]);
    assert!(
        text.contains(&format!(
            "{unit}（随机抽中）：{}（调换后；抽取时为 {}）",
            expected.join("、"),
            before.join("、")
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("调换检查人员：\n  {unit}：{} 调出，{outsider} 调入（理由：原定人员出差）", before[0])),
        "{text}"
    );
    let loads: Vec<(String, u64)> = after["load"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["name"].as_str().unwrap().to_string(), l["teams"].as_u64().unwrap()))
        .collect();
    let load_of = |v: &Value, who: &str| {
        v["load"].as_array().unwrap().iter().find(|l| l["name"] == who).unwrap()["teams"].as_u64().unwrap()
    };
    assert_eq!(load_of(&after, outsider), load_of(&teams, outsider) + 1, "the load after the swap: {loads:?}");
    assert_eq!(load_of(&after, &before[0]), load_of(&teams, &before[0]) - 1, "{loads:?}");
    assert!(text.contains("工作量（调换后）："), "{text}");
    assert!(
        ok(&["campaign", "teams", "--db", &db, "--verify"]).starts_with("核验一致"),
        "the draw itself still redraws"
    );

    // A revoked key is off the roster: its holder cannot be swapped back in.
    ok(&[
        "team",
        "revoke",
        "--db",
        &db,
        "--inspector",
        &before[0],
        "--reason",
        "离开团队",
        "--pin",
        daocha::demo::DEMO_PIN,
    ]);
    run_refused(
        swap(&unit, outsider, &before[0], "出差结束"),
        &format!("“{}”不在团队名册中（或其密钥已撤销）", before[0]),
    );
}

/// From the lead's database to an inspector's laptop: the demo district, the draws, a swap, the
/// inspections (again: nothing new; after another swap: that unit's team updated), the plan, and
/// the laptop that takes it holds each unit's inspection with its team, opens on its own
/// inspector's, and holds no complaint and no clue.
#[test]
fn the_plan_carries_each_units_inspection_with_its_team() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lead.db").to_str().unwrap().to_string();
    ok(&["demo", "--campaign", "--db", &db]);
    // The demo's own inspections of phase 2, made before any draw: kept beside the draw's.
    let demo_inspections = Store::open_existing(std::path::Path::new(&db)).unwrap().list::<Inspection>().unwrap().len();
    assert!(demo_inspections > 0);
    let of_draw = |all: Vec<daocha::store::Stored<Inspection>>| -> Vec<daocha::store::Stored<Inspection>> {
        all.into_iter().filter(|i| i.value.team_draw_id.is_some()).collect()
    };
    ok(&["campaign", "select", "--db", &db, "--count", "3", "--seed", "3-5-2"]);
    let teams = json(&["campaign", "teams", "--db", &db, "--seed", "4-1", "--json"]);
    let list = teams["teams"].as_array().unwrap().clone();
    assert!(list.len() >= 3, "{teams:#}");
    let (code, _, err) = daocha(&["campaign", "inspections", "--db", &db, "--date", "9月12日"]);
    assert_eq!(code, 2, "a date that is not a date: {err}");

    // Swap one member of the first team for someone the page would offer.
    let first = &list[0];
    let unit = first["unit"].as_str().unwrap().to_string();
    let unit_id: Id<Unit> = first["unit_id"].as_str().unwrap().parse().unwrap();
    let before = member_names(first);
    let store = Store::open_existing(std::path::Path::new(&db)).unwrap();
    let eligible = daocha::campaign::assign::eligible_in(&store, unit_id).unwrap();
    drop(store);
    let incoming = eligible.first().expect("someone may join").name.clone();
    assert!(!before.contains(&incoming));
    ok(&[
        "campaign",
        "swap",
        "--db",
        &db,
        "--unit",
        &unit,
        "--out",
        &before[1],
        "--in",
        &incoming,
        "--reason",
        "回避亲属",
    ]);
    let team_now = vec![before[0].clone(), incoming.clone()];

    let made = json(&["campaign", "inspections", "--db", &db, "--date", "2017-09-12", "--json"]);
    let units = made["units"].as_array().unwrap();
    assert_eq!(units.len(), list.len());
    assert!(units.iter().all(|u| u["made"] == "created"), "{made:#}");
    let mine = units.iter().find(|u| u["unit"] == unit.as_str()).unwrap();
    assert_eq!(mine["members"], serde_json::json!(team_now));
    // Again: nothing new.
    let text = ok(&["campaign", "inspections", "--db", &db, "--date", "2017-09-13"]);
    assert!(
        text.contains(&format!("  {unit}：已有检查（2017-09-12），检查组未变；检查组 {}", team_now.join("、"))),
        "{text}"
    );
    assert!(text.contains(&format!("新建 0 个，更新 0 个，未变 {} 个", list.len())), "{text}");
    let store = Store::open_existing(std::path::Path::new(&db)).unwrap();
    assert_eq!(store.list::<Inspection>().unwrap().len(), demo_inspections + list.len());
    assert_eq!(of_draw(store.list::<Inspection>().unwrap()).len(), list.len());
    drop(store);
    // Swapped again: that unit's inspection gets a new version with the new team, no second one.
    ok(&[
        "campaign",
        "swap",
        "--db",
        &db,
        "--unit",
        &unit,
        "--out",
        &incoming,
        "--in",
        &before[1],
        "--reason",
        "亲属已调离",
    ]);
    let again = json(&["campaign", "inspections", "--db", &db, "--date", "2017-09-12", "--json"]);
    let changed: Vec<&Value> = again["units"].as_array().unwrap().iter().filter(|u| u["made"] != "unchanged").collect();
    assert_eq!(changed.len(), 1, "{again:#}");
    assert_eq!(changed[0]["made"], "updated");
    assert_eq!(changed[0]["members"], serde_json::json!(before));
    assert_eq!(changed[0]["members_before"], serde_json::json!(team_now));
    // Back to the first swap's team for the plan.
    ok(&[
        "campaign",
        "swap",
        "--db",
        &db,
        "--unit",
        &unit,
        "--out",
        &before[1],
        "--in",
        &incoming,
        "--reason",
        "仍由其前往",
    ]);
    ok(&["campaign", "inspections", "--db", &db, "--date", "2017-09-12"]);

    let store = Store::open_existing(std::path::Path::new(&db)).unwrap();
    assert_eq!(store.list::<Inspection>().unwrap().len(), demo_inspections + list.len());
    let inspections = of_draw(store.list::<Inspection>().unwrap());
    assert_eq!(inspections.len(), list.len());
    let name_of = |id| store.get::<Inspector>(id).unwrap().unwrap().value.name;
    let of_unit = inspections.iter().find(|i| i.value.unit_id == unit_id).unwrap();
    assert_eq!(of_unit.value.inspector_ids.iter().map(|id| name_of(*id)).collect::<Vec<_>>(), team_now);
    let lead_key = daocha::team::anchor(&store).unwrap().unwrap();
    assert!(!store.list::<Complaint>().unwrap().is_empty(), "the lead's database has complaints");
    drop(store);

    let plan = dir.path().join("plan.daocha").to_str().unwrap().to_string();
    ok(&["export", "--plan", "--db", &db, "--pin", daocha::demo::DEMO_PIN, "--out", &plan]);
    let laptop = dir.path().join("laptop.db").to_str().unwrap().to_string();
    // A new laptop takes the lead's key as its anchor, as `trust.rs` does.
    daocha::team::join(&mut Store::open(std::path::Path::new(&laptop)).unwrap(), &lead_key).unwrap();
    ok(&["merge", "--db", &laptop, &plan]);
    let mut store = Store::open_existing(std::path::Path::new(&laptop)).unwrap();
    assert!(store.list::<Complaint>().unwrap().is_empty(), "a plan carries no complaint");
    assert!(store.list::<daocha::domain::Clue>().unwrap().is_empty(), "nor a clue");
    assert_eq!(store.list::<Inspection>().unwrap().len(), demo_inspections + list.len(), "the plan carries all");
    let carried = of_draw(store.list::<Inspection>().unwrap());
    assert_eq!(carried.len(), list.len());
    let there = carried.iter().find(|i| i.value.unit_id == unit_id).unwrap();
    let names: Vec<String> =
        there.value.inspector_ids.iter().map(|id| store.get::<Inspector>(*id).unwrap().unwrap().value.name).collect();
    assert_eq!(names, team_now, "the team as swapped, leader first");
    assert_eq!(store.get::<Unit>(unit_id).unwrap().unwrap().value.name, unit);
    assert_eq!(daocha::team::roster(&store).unwrap().by_key.len(), 6, "the roster came with it");

    // The incoming inspector at this laptop: the window opens on their unit's inspection, not on
    // whichever was made last.
    let me = there.value.inspector_ids[1];
    store.set_current_inspector(Some(me)).unwrap();
    let doc = daocha::ui::document::Document::new(store).unwrap();
    let opened = doc.inspection.unwrap();
    let opened = doc.store.get(opened).unwrap().unwrap();
    assert!(opened.value.inspector_ids.contains(&me), "opens on an inspection of someone else's team");

    // The same laptop new, its window open while the plan is merged: it then works on its
    // inspector's inspection, without being opened again.
    let fresh = dir.path().join("fresh.db");
    let mut store = Store::open(&fresh).unwrap();
    daocha::team::join(&mut store, &lead_key).unwrap();
    store.set_current_inspector(Some(me)).unwrap();
    let mut doc = daocha::ui::document::Document::new(store).unwrap();
    assert_eq!(doc.inspection, None);
    let report = daocha::merge::merge_file(&mut doc.store, std::path::Path::new(&plan)).unwrap();
    assert_eq!(report.status, daocha::merge::Status::Merged, "{}", report.reason);
    doc.changed().unwrap();
    let opened = doc.inspection.expect("an inspection to work on once the plan is in");
    let opened = doc.store.get(opened).unwrap().unwrap();
    assert!(opened.value.inspector_ids.contains(&me), "an inspection of a unit the inspector goes to");
}
