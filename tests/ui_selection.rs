//! 单位抽取 in the GUI: the ranking with its figures, a draw recorded from the page (the same one
//! the command line makes for the same seed and data), and the teams drawn for the chosen units.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use daocha::domain::taxonomy::UnitKind;
use daocha::domain::{Inspection, SelfReport, TeamDraw, TeamSwap, Unit, UnitDraw};
use daocha::ui::page::Page;
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};

fn type_into(harness: &mut common::H, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.run();
    harness.get_by_label(label).type_text(text);
    harness.run();
}

#[test]
fn the_lead_ranks_draws_units_and_their_teams_from_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = common::demo(&dir, 1200.0);
    {
        let ws = harness.state_mut().workspace.as_mut().unwrap();
        let store = &mut ws.doc.store;
        let day = |m, d| NaiveDate::from_ymd_opt(2017, m, d).unwrap();
        for (name, domain, problems) in
            [("区畜牧局", "畜牧", None), ("区旅游局", "旅游", Some(0)), ("区水利局", "水利", Some(10))]
        {
            let unit = Unit { name: name.into(), domain: domain.into(), kind: UnitKind::District, ..Unit::default() };
            let id = store.write("test", "单位", |w| w.create(&unit)).unwrap();
            if let Some(problems) = problems {
                let report = SelfReport {
                    unit_id: id,
                    year: 2017,
                    deployment_received: Some(day(6, 28)),
                    report_received: Some(day(8, 15)),
                    cases_reviewed: 100,
                    problems: [problems, 0, 0, 0, 0],
                    fixed_at_once: 0,
                    with_timetable: 0,
                    clues_transferred: 0,
                    notes: String::new(),
                    summary_received: None,
                };
                store.write("test", "自查自纠报告", |w| w.create(&report)).unwrap();
            }
        }
        ws.doc.changed().unwrap();
        ws.navigate(Page::Selection);
    }
    harness.run();
    // The ranking, before any draw: the unit that sent no report first, with its figures.
    harness.get_by_label("排名（2017 年度自查自纠报告；尚未抽取）");
    harness.get_by_label("区畜牧局");
    assert!(harness.query_all_by_label("未报送").count() >= 1);

    type_into(&mut harness, "随机抽取", "1");
    type_into(&mut harness, "种子", "3-5-2");
    harness.get_by_label("抽取受检单位（记录）").click();
    harness.run();
    harness.run();
    let message = harness.state().message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert!(message.contains("已记录第 1 次抽取受检单位"), "{message}");
    let draws = harness.state().workspace.as_ref().unwrap().doc.store.list::<UnitDraw>().unwrap();
    assert_eq!(draws.len(), 1);
    assert_eq!(draws[0].value.seed, "3-5-2");
    assert_eq!(draws[0].value.drawn.len(), 1);
    assert!(
        harness.query_all_by_label_contains("第 1 次抽取受检单位（2017 年度").count() == 1,
        "the heading names the draw"
    );
    assert_eq!(harness.query_all_by_label("随机抽中").count(), 1, "the drawn unit is marked in the ranking");

    // The same seed again: no second record, said so.
    harness.get_by_label("抽取受检单位（记录）").click();
    harness.run();
    harness.run();
    let message = harness.state().message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert!(message.contains("已有记录"), "{message}");
    assert_eq!(harness.state().workspace.as_ref().unwrap().doc.store.list::<UnitDraw>().unwrap().len(), 1);

    // The team of the drawn unit, from the roster, two people.
    type_into(&mut harness, "检查组种子", "4-1");
    harness.get_by_label("抽取检查组（记录）").click();
    harness.run();
    harness.run();
    let teams = harness.state().workspace.as_ref().unwrap().doc.store.list::<TeamDraw>().unwrap();
    assert_eq!(teams.len(), 1, "{:?}", harness.state().message);
    assert_eq!(teams[0].value.teams.len(), 1);
    assert_eq!(teams[0].value.teams[0].members.len(), 2);
    assert!(harness.query_all_by_label_contains("第 1 次抽取检查组（种子").count() == 1, "the teams are shown");
}

fn message(harness: &common::H) -> String {
    harness.state().message.as_ref().map(|m| m.text.clone()).unwrap_or_default()
}

/// The lead swaps a member of the drawn team from the page — only an eligible member of the
/// roster is offered, a reason is required — then makes the inspections with the swapped team.
#[test]
fn the_lead_swaps_a_member_and_makes_the_inspections_from_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = common::demo(&dir, 1200.0);
    let (unit, before) = {
        let ws = harness.state_mut().workspace.as_mut().unwrap();
        let store = &mut ws.doc.store;
        let unit =
            Unit { name: "区畜牧局".into(), domain: "畜牧".into(), kind: UnitKind::District, ..Unit::default() };
        store.write("test", "单位", |w| w.create(&unit)).unwrap();
        daocha::campaign::select::select(store, 1, "3-5-2", Some(2017)).unwrap();
        let teams = daocha::campaign::select::teams(store, "4-1", 2).unwrap();
        ws.doc.changed().unwrap();
        ws.navigate(Page::Selection);
        let team = teams.draw.value.teams[0].clone();
        (team.unit_name.clone(), team.names.clone())
    };
    harness.run();
    let outsider = ["赵彧", "王喆", "陈昇"].into_iter().find(|n| !before.iter().any(|b| b == n)).unwrap();
    harness.get_by_label_contains(&format!("{unit}（随机抽中）：{}", before.join("、")));

    harness.get_all_by_label("调换").find(|n| n.accesskit_node().role() == Role::Button).unwrap().click();
    harness.run();
    harness.get_by_role_and_label(Role::ComboBox, "调出").click();
    harness.run();
    harness.get_by_label(&before[0]).click();
    harness.run();
    harness.get_by_role_and_label(Role::ComboBox, "调入").click();
    harness.run();
    // Only who may join is offered: the one not on the team, not the other member.
    assert!(harness.query_by_label(&before[1]).is_none(), "a member of the team is offered to join it");
    harness.get_by_label(outsider).click();
    harness.run();
    // No reason: said under the form, nothing recorded.
    common::click_button(&mut harness, "确定");
    harness.run();
    harness.get_by_label("请填写调换理由：调换检查人员须记录理由");
    let swaps = |h: &common::H| h.state().workspace.as_ref().unwrap().doc.store.list::<TeamSwap>().unwrap();
    assert!(swaps(&harness).is_empty());
    type_into(&mut harness, "调换理由", "原定人员出差");
    common::click_button(&mut harness, "确定");
    harness.run();
    let recorded = swaps(&harness);
    assert_eq!(recorded.len(), 1, "{}", message(&harness));
    assert_eq!(
        (recorded[0].value.out_name.as_str(), recorded[0].value.in_name.as_str()),
        (before[0].as_str(), outsider)
    );
    assert_eq!(recorded[0].value.reason, "原定人员出差");
    assert!(
        message(&harness).contains(&format!("已调换：{unit}检查组 {} 调出，{outsider} 调入", before[0])),
        "{}",
        message(&harness)
    );
    let now = vec![outsider.to_string(), before[1].clone()];
    harness.get_by_label_contains(&format!("{unit}（随机抽中）：{}", now.join("、")));
    harness.get_by_label(&format!("{unit}：{} 调出，{outsider} 调入（理由：原定人员出差）", before[0]));
    assert!(harness.query_by_role_and_label(Role::ComboBox, "调出").is_none(), "the form closed");

    // 建立检查 on the day shown (today by default): one inspection, with the swapped team, leader first.
    assert_eq!(harness.get_by_role_and_label(Role::TextInput, "检查日期").value().as_deref(), Some("2017-09-12"));
    common::click_button(&mut harness, "建立检查");
    harness.run();
    assert!(message(&harness).contains(&format!("新建检查 1 个（{unit}）")), "{}", message(&harness));
    let ws = harness.state().workspace.as_ref().unwrap();
    let made: Vec<_> =
        ws.doc.store.list::<Inspection>().unwrap().into_iter().filter(|i| i.value.team_draw_id.is_some()).collect();
    assert_eq!(made.len(), 1);
    assert_eq!(made[0].value.date, NaiveDate::from_ymd_opt(2017, 9, 12).unwrap());
    let names: Vec<String> = made[0].value.inspector_ids.iter().map(|id| ws.doc.lookups.inspector_name(*id)).collect();
    assert_eq!(names, now);
    harness.get_by_label_contains("已建立检查 2017-09-12");
}
