//! 单位抽取: the phase-2 ranking of the district's units by the plan's rule (self-inspection that
//! found few problems or none, complaints), the recorded draw of the units to inspect among the
//! first of the ranking with the units chosen by decision beside them, and the team drawn for each
//! (with 回避). The same as `daocha campaign select` and `teams`; every draw is recorded and kept.
//! Each team row has 调换 (the lead swaps a member for an eligible one, with a reason: `campaign
//! swap`), and 建立检查 makes the units' inspections with their teams (`campaign inspections`),
//! which a plan file then carries to the laptops.

use std::collections::BTreeMap;

use crate::campaign::assign::{self, Effective, SwapError};
use crate::campaign::ranking::report_label;
use crate::campaign::select;
use crate::domain::{Id, Inspector, RankedUnit, TeamCandidate, Unit, UnitDraw};
use crate::store::Stored;

use super::command::Command;
use super::document::Document;

/// What the page read of the store (once per change) and what is typed on it.
#[derive(Default)]
pub struct SelectionUi {
    /// For which generation `read` was made.
    read_at: Option<u64>,
    /// The latest draws and the ranking, or why they could not be read.
    read: Option<Result<Read, String>>,
    /// Units to draw.
    pub count: String,
    /// The seed of the unit draw.
    pub seed: String,
    /// The seed of the team draw.
    pub team_seed: String,
    /// Inspectors per team.
    pub team_size: String,
    /// The swap form open on a team, if any.
    pub swap: Option<SwapForm>,
    /// The day of the inspections 建立检查 makes, as typed (today by default).
    pub inspection_date: String,
}

/// The inline form of 调换 on one unit's team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwapForm {
    /// The unit whose team it is.
    pub unit_id: Id<Unit>,
    /// Who leaves (a member of the team).
    pub out: Option<Id<Inspector>>,
    /// Who joins (an eligible member of the roster).
    pub inn: Option<Id<Inspector>>,
    /// Why.
    pub reason: String,
    /// What is missing, said when 确定 is pressed.
    pub error: Option<String>,
}

/// The page's facts.
struct Read {
    /// The year whose reports count.
    year: i32,
    /// The ranking now (what a draw would be made from).
    ranking: Vec<RankedUnit>,
    /// The latest unit draw and its number.
    unit_draw: Option<(usize, Stored<UnitDraw>)>,
    /// The latest team draw with its swaps and effective teams.
    teams: Option<Effective>,
    /// Per unit of the latest team draw: who may be swapped in.
    eligible: BTreeMap<Id<Unit>, Vec<TeamCandidate>>,
    /// Per unit: the day of its inspection of the latest team draw, and whether its team is the
    /// effective one.
    inspections: BTreeMap<Id<Unit>, (chrono::NaiveDate, bool)>,
    /// Units chosen by decision, with the reason.
    decisions: Vec<(String, String)>,
}

fn read(doc: &Document) -> Result<Read, String> {
    let store = &doc.store;
    let text = |e: crate::store::StoreError| e.to_string();
    let draws = select::unit_draws(store).map_err(text)?;
    let teams = assign::effective(store).map_err(text)?;
    let mut eligible = BTreeMap::new();
    let mut inspections = BTreeMap::new();
    if let Some(effective) = &teams {
        for team in &effective.teams {
            eligible.insert(team.unit_id, assign::eligible_in(store, team.unit_id).map_err(text)?);
        }
        for i in store.list::<crate::domain::Inspection>().map_err(text)? {
            if i.value.team_draw_id == Some(effective.draw.id)
                && let Some(team) = effective.teams.iter().find(|t| t.unit_id == i.value.unit_id)
            {
                inspections.insert(i.value.unit_id, (i.value.date, i.value.inspector_ids == team.members));
            }
        }
    }
    let year = match (draws.last(), store.list::<crate::domain::SelfReport>().map_err(text)?) {
        (_, reports) if !reports.is_empty() => reports.iter().map(|r| r.value.year).max().unwrap_or_default(),
        (Some(latest), _) => latest.value.year,
        (None, _) => chrono::Datelike::year(&doc.lookups.today),
    };
    let decisions = select::decisions(store)
        .map_err(text)?
        .iter()
        .map(|d| (doc.lookups.unit_name(d.value.unit_id), d.value.reason.clone()))
        .collect();
    Ok(Read {
        year,
        ranking: select::ranking(store, year).map_err(text)?,
        unit_draw: draws.last().cloned().map(|d| (draws.len(), d)),
        teams,
        eligible,
        inspections,
        decisions,
    })
}

/// Draws the page.
pub fn selection_ui(ui: &mut egui::Ui, doc: &Document, state: &mut SelectionUi, out: &mut Vec<Command>) {
    if state.read_at != Some(doc.generation) {
        state.read = Some(read(doc));
        state.read_at = Some(doc.generation);
    }
    if state.team_size.is_empty() {
        state.team_size = "2".into();
    }
    if state.inspection_date.is_empty() {
        state.inspection_date = doc.lookups.today.format("%Y-%m-%d").to_string();
    }
    let facts = match &state.read {
        Some(Ok(facts)) => facts,
        Some(Err(e)) => {
            ui.colored_label(ui.visuals().error_fg_color, format!("未能读取受检单位、自查自纠报告和举报：{e}"));
            return;
        }
        None => return,
    };
    if facts.ranking.is_empty() {
        ui.label(
            "数据库中还没有受检单位。请先在“受检单位”页登记，或用 daocha campaign import units 导入全区的受检单位。",
        );
        return;
    }
    egui::ScrollArea::both().id_salt("selection_page").show(ui, |ui| {
        // The latest draw's ranking (what it was made from), else the ranking as it stands.
        let (ranking, heading) = match &facts.unit_draw {
            Some((number, draw)) => (
                &draw.value.ranking,
                format!(
                    "第 {number} 次抽取受检单位（{} 年度自查自纠报告，种子“{}”，随机抽取 {} 个）",
                    draw.value.year, draw.value.seed, draw.value.count
                ),
            ),
            None => (&facts.ranking, format!("排名（{} 年度自查自纠报告；尚未抽取）", facts.year)),
        };
        ui.label(egui::RichText::new(heading).strong());
        ui.label(
            egui::RichText::new(
                "得分 = 2 × 自查分 + 举报分。自查分：未报送 3，零报告 2，每千卷问题数低于全区中位数 1；举报分：未办结 2、已办结 1、只反映执法领域 1（每件）。随机抽取在排名前 2N 位中进行，决定抽查的单位另行标明。",
            )
            .weak()
            .small(),
        );
        ranking_table(ui, ranking, facts.unit_draw.is_some());
        if let Some((_, draw)) = &facts.unit_draw
            && facts.ranking.iter().map(|r| (r.unit_id, r.score)).ne(draw.value.ranking.iter().map(|r| (r.unit_id, r.score)))
        {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "抽取之后自查自纠报告、举报或受检单位有变化：现在的排名与抽取时不同。重新抽取会记为新的一次抽取，此前的抽取都保留。",
            );
        }
        if !facts.decisions.is_empty() {
            ui.add_space(4.0);
            ui.label(egui::RichText::new("决定抽查（非随机）").strong());
            for (unit, reason) in &facts.decisions {
                ui.label(format!("{unit}：{reason}"));
            }
        }
        ui.add_space(6.0);
        draw_units_ui(ui, &mut state.count, &mut state.seed, out);
        ui.separator();
        teams_ui(ui, facts, &mut state.swap, out);
        draw_teams_ui(ui, &mut state.team_seed, &mut state.team_size, out);
        if facts.teams.is_some() {
            ui.separator();
            inspections_ui(ui, &mut state.inspection_date, out);
        }
    });
}

/// The ranking with the figures behind each place and, after a draw, what became of each unit.
fn ranking_table(ui: &mut egui::Ui, ranking: &[RankedUnit], drawn: bool) {
    egui::Grid::new("selection_ranking").striped(true).spacing([14.0, 4.0]).show(ui, |ui| {
        for title in [
            "名次",
            "单位",
            "执法领域",
            "自查报告",
            "自查案卷",
            "发现问题",
            "每千卷",
            "自查分",
            "举报（未结/已结/领域）",
            "举报分",
            "得分",
            "结果",
        ] {
            ui.label(egui::RichText::new(title).strong());
        }
        ui.end_row();
        for r in ranking {
            ui.label(r.place.to_string());
            ui.label(&r.name);
            ui.label(&r.domain);
            ui.label(report_label(&r.report));
            ui.label(r.cases_reviewed.to_string());
            ui.label(r.problems.to_string());
            ui.label(r.problems_per_mille.map_or_else(|| "—".to_string(), |p| p.to_string()));
            ui.label(r.self_points.to_string());
            ui.label(format!("{}/{}/{}", r.complaints_open, r.complaints_closed, r.complaints_domain));
            ui.label(r.complaint_points.to_string());
            ui.label(egui::RichText::new(r.score.to_string()).strong());
            let result = if r.decided {
                egui::RichText::new("决定抽查").color(ui.visuals().warn_fg_color)
            } else if r.drawn {
                egui::RichText::new("随机抽中").strong()
            } else if drawn && r.in_pool {
                egui::RichText::new("候选未抽中").weak()
            } else {
                egui::RichText::new("—").weak()
            };
            ui.label(result);
            ui.end_row();
        }
    });
}

/// 抽取数 and 种子, and the button that records a draw.
fn draw_units_ui(ui: &mut egui::Ui, count: &mut String, seed: &mut String, out: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let label = ui.label("随机抽取");
        ui.add(egui::TextEdit::singleline(count).desired_width(40.0).hint_text("N")).labelled_by(label.id);
        ui.label("个单位，");
        let seed_label = ui.label("种子");
        ui.add(egui::TextEdit::singleline(seed).desired_width(160.0).hint_text("例如当场掷骰 3-5-2"))
            .labelled_by(seed_label.id);
        let n = count.trim().parse::<u32>().ok().filter(|n| *n > 0);
        let ready = n.is_some() && !seed.trim().is_empty();
        if ui.add_enabled(ready, egui::Button::new("抽取受检单位（记录）")).clicked()
            && let Some(n) = n
        {
            out.push(Command::DrawUnits { count: n, seed: seed.trim().to_string() });
        }
    });
}

/// The latest team draw: each unit's team as swapped, with 调换 and its inline form, the swaps,
/// the exclusions.
fn teams_ui(ui: &mut egui::Ui, facts: &Read, swap: &mut Option<SwapForm>, out: &mut Vec<Command>) {
    let Some(effective) = &facts.teams else {
        ui.label(egui::RichText::new("检查组：尚未抽取").strong());
        return;
    };
    let draw = &effective.draw;
    ui.label(
        egui::RichText::new(format!(
            "第 {} 次抽取检查组（种子“{}”，每组 {} 人）",
            effective.number, draw.value.seed, draw.value.team_size
        ))
        .strong(),
    );
    for (team, drawn) in effective.teams.iter().zip(&draw.value.teams) {
        ui.horizontal(|ui| {
            // The button first, so that the buttons of all rows line up.
            let open = swap.as_ref().is_some_and(|f| f.unit_id == team.unit_id);
            if ui
                .add_enabled(!open, egui::Button::new("调换"))
                .on_hover_text(format!("调换{}检查组的一名检查人员", team.unit_name))
                .clicked()
            {
                *swap =
                    Some(SwapForm { unit_id: team.unit_id, out: None, inn: None, reason: String::new(), error: None });
            }
            let how = if team.decided { "决定抽查" } else { "随机抽中" };
            ui.label(format!("{}（{how}）：{}", team.unit_name, team.names.join("、")));
            if team.members != drawn.members {
                ui.label(egui::RichText::new(format!("（抽取时为 {}）", drawn.names.join("、"))).weak());
            }
            match facts.inspections.get(&team.unit_id) {
                Some((date, true)) => _ = ui.label(egui::RichText::new(format!("已建立检查 {date}")).weak()),
                Some((date, false)) => {
                    _ = ui.colored_label(
                        ui.visuals().warn_fg_color,
                        format!("检查（{date}）的检查组未更新：请再点“建立检查”"),
                    )
                }
                None => {}
            }
        });
        if let Some(form) = swap.as_mut().filter(|f| f.unit_id == team.unit_id) {
            let eligible = facts.eligible.get(&team.unit_id).map_or(&[][..], Vec::as_slice);
            if swap_form_ui(ui, form, team, eligible, out) {
                *swap = None;
            }
        }
    }
    if !effective.swaps.is_empty() {
        ui.label(egui::RichText::new("调换检查人员").strong());
        for s in &effective.swaps {
            let unit =
                draw.value.teams.iter().find(|t| t.unit_id == s.value.unit_id).map_or("", |t| t.unit_name.as_str());
            ui.label(format!(
                "{unit}：{} 调出，{} 调入（理由：{}）",
                s.value.out_name, s.value.in_name, s.value.reason
            ));
        }
    }
    for e in &draw.value.exclusions {
        let name =
            draw.value.candidates.iter().find(|c| c.inspector_id == e.inspector_id).map_or("", |c| c.name.as_str());
        let unit = draw.value.teams.iter().find(|t| t.unit_id == e.unit_id).map_or("", |t| t.unit_name.as_str());
        ui.label(egui::RichText::new(format!("回避：{name} — {unit}（{}）", e.reason)).weak());
    }
}

/// The inline form of 调换: who leaves (the team), who joins (only those who may: on the roster,
/// not on the team, not to recuse themselves), the reason, 确定 and 取消. Returns whether it closes.
fn swap_form_ui(
    ui: &mut egui::Ui,
    form: &mut SwapForm,
    team: &crate::domain::UnitTeam,
    eligible: &[TeamCandidate],
    out: &mut Vec<Command>,
) -> bool {
    let mut close = false;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal(|ui| {
            let out_label = ui.label("调出");
            let shown = |id: Option<Id<Inspector>>, names: &dyn Fn(Id<Inspector>) -> Option<String>| {
                id.and_then(names).unwrap_or_else(|| "（请选择）".to_string())
            };
            let member_name =
                |id: Id<Inspector>| team.members.iter().position(|m| *m == id).and_then(|i| team.names.get(i).cloned());
            egui::ComboBox::from_id_salt(("swap_out", team.unit_id))
                .selected_text(shown(form.out, &member_name))
                .width(110.0)
                .show_ui(ui, |ui| {
                    for (id, name) in team.members.iter().zip(&team.names) {
                        ui.selectable_value(&mut form.out, Some(*id), name);
                    }
                })
                .response
                .labelled_by(out_label.id);
            let in_label = ui.label("调入");
            let candidate_name =
                |id: Id<Inspector>| eligible.iter().find(|c| c.inspector_id == id).map(|c| c.name.clone());
            egui::ComboBox::from_id_salt(("swap_in", team.unit_id))
                .selected_text(shown(form.inn, &candidate_name))
                .width(110.0)
                .show_ui(ui, |ui| {
                    for c in eligible {
                        ui.selectable_value(&mut form.inn, Some(c.inspector_id), &c.name);
                    }
                })
                .response
                .labelled_by(in_label.id);
            let reason_label = ui.label("调换理由");
            ui.add(
                egui::TextEdit::singleline(&mut form.reason).desired_width(220.0).hint_text("例如：出差、亲属在该单位"),
            )
            .labelled_by(reason_label.id);
            if ui.button("确定").clicked() {
                form.error = if form.out.is_none() {
                    Some("请选择调出的检查人员".to_string())
                } else if form.inn.is_none() {
                    Some(if eligible.is_empty() {
                        "名册中没有可以调入的检查人员（其余人员都在组内或须回避）".to_string()
                    } else {
                        "请选择调入的检查人员".to_string()
                    })
                } else if form.reason.trim().is_empty() {
                    Some(SwapError::BlankReason.to_string())
                } else {
                    None
                };
                if form.error.is_none()
                    && let (Some(o), Some(i)) = (form.out, form.inn)
                {
                    out.push(Command::SwapTeamMember {
                        unit_id: form.unit_id,
                        out: o,
                        inn: i,
                        reason: form.reason.trim().to_string(),
                    });
                    close = true;
                }
            }
            if ui.button("取消").clicked() {
                close = true;
            }
        });
        if eligible.is_empty() {
            ui.label(egui::RichText::new("名册中没有可以调入的检查人员：其余人员都在组内或须回避。").weak());
        }
        if let Some(error) = &form.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
    });
    close
}

/// 检查日期 and the button that makes the units' inspections with their teams.
fn inspections_ui(ui: &mut egui::Ui, date: &mut String, out: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let label = ui.label("检查日期");
        ui.add(egui::TextEdit::singleline(date).desired_width(100.0)).labelled_by(label.id);
        let parsed = crate::domain::dates::parse_date(date.trim());
        if ui
            .add_enabled(parsed.is_ok(), egui::Button::new("建立检查"))
            .on_hover_text("为每个受检单位建立一次检查，检查组按调换后的人员；已建立的只更新检查组")
            .clicked()
            && let Ok(day) = parsed
        {
            out.push(Command::CreateInspections { date: day });
        }
        match parsed {
            Err(e) => _ = ui.colored_label(ui.visuals().error_fg_color, format!("检查日期：{e}")),
            Ok(_) => {
                _ = ui.label(
                    egui::RichText::new("建立后可在“导出”页作为检查计划下发，计划文件带有受检单位、检查组和团队名册。")
                        .weak(),
                )
            }
        }
    });
}

/// 种子 and 每组人数, and the button that records a team draw.
fn draw_teams_ui(ui: &mut egui::Ui, seed: &mut String, size: &mut String, out: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let label = ui.label("检查组种子");
        ui.add(egui::TextEdit::singleline(seed).desired_width(160.0)).labelled_by(label.id);
        let size_label = ui.label("每组人数");
        ui.add(egui::TextEdit::singleline(size).desired_width(40.0)).labelled_by(size_label.id);
        let n = size.trim().parse::<usize>().ok().filter(|n| *n >= 2);
        let ready = n.is_some() && !seed.trim().is_empty();
        if ui.add_enabled(ready, egui::Button::new("抽取检查组（记录）")).clicked()
            && let Some(n) = n
        {
            out.push(Command::DrawTeams { seed: seed.trim().to_string(), size: n });
        }
    });
}
