//! 单位抽取: the phase-2 ranking of the district's units by the plan's rule (self-inspection that
//! found few problems or none, complaints), the recorded draw of the units to inspect among the
//! first of the ranking with the units chosen by decision beside them, and the team drawn for each
//! (with 回避). The same as `daocha campaign select` and `teams`; every draw is recorded and kept.

use crate::campaign::ranking::report_label;
use crate::campaign::select;
use crate::domain::{RankedUnit, TeamDraw, UnitDraw};
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
}

/// The page's facts.
struct Read {
    /// The year whose reports count.
    year: i32,
    /// The ranking now (what a draw would be made from).
    ranking: Vec<RankedUnit>,
    /// The latest unit draw and its number.
    unit_draw: Option<(usize, Stored<UnitDraw>)>,
    /// The latest team draw and its number.
    team_draw: Option<(usize, Stored<TeamDraw>)>,
    /// Units chosen by decision, with the reason.
    decisions: Vec<(String, String)>,
}

fn read(doc: &Document) -> Result<Read, String> {
    let store = &doc.store;
    let text = |e: crate::store::StoreError| e.to_string();
    let draws = select::unit_draws(store).map_err(text)?;
    let teams = select::team_draws(store).map_err(text)?;
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
        team_draw: teams.last().cloned().map(|d| (teams.len(), d)),
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
        teams_ui(ui, facts.team_draw.as_ref());
        draw_teams_ui(ui, &mut state.team_seed, &mut state.team_size, out);
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

/// The latest team draw.
fn teams_ui(ui: &mut egui::Ui, latest: Option<&(usize, Stored<TeamDraw>)>) {
    let Some((number, draw)) = latest else {
        ui.label(egui::RichText::new("检查组：尚未抽取").strong());
        return;
    };
    ui.label(
        egui::RichText::new(format!(
            "第 {number} 次抽取检查组（种子“{}”，每组 {} 人）",
            draw.value.seed, draw.value.team_size
        ))
        .strong(),
    );
    for team in &draw.value.teams {
        let how = if team.decided { "决定抽查" } else { "随机抽中" };
        ui.label(format!("{}（{how}）：{}", team.unit_name, team.names.join("、")));
    }
    for e in &draw.value.exclusions {
        let name =
            draw.value.candidates.iter().find(|c| c.inspector_id == e.inspector_id).map_or("", |c| c.name.as_str());
        let unit = draw.value.teams.iter().find(|t| t.unit_id == e.unit_id).map_or("", |t| t.unit_name.as_str());
        ui.label(egui::RichText::new(format!("回避：{name} — {unit}（{}）", e.reason)).weak());
    }
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
