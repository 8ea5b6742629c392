//! 单位抽取 in the GUI: the ranking with its figures, a draw recorded from the page (the same one
//! the command line makes for the same seed and data), and the teams drawn for the chosen units.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use daocha::domain::taxonomy::UnitKind;
use daocha::domain::{SelfReport, TeamDraw, Unit, UnitDraw};
use daocha::ui::page::Page;
use egui_kittest::kittest::Queryable;

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
