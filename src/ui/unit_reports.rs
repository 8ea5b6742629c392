//! 单位整改报告 on the 整改措施 page: what each unit reported in its filled-in return pack, read only,
//! beside the team's record of the same rectification, with where the two part flagged (the
//! comparison is `campaign::returns::differences`, the one the import's message says). Nothing
//! here writes: a unit's report never changes the team's record.

use crate::campaign::returns::ReportLine;
use crate::inspection::Lookups;

/// The widest a column of the list may be before its text wraps, in points.
const COLUMN_WIDTH: f32 = 170.0;
/// How tall the list may grow before it scrolls, in points.
const LIST_HEIGHT: f32 = 200.0;

/// The units' reports, folded under one heading that counts them and those that differ; at most
/// [`LIST_HEIGHT`] tall (then it scrolls). The unit is a column only when the reports come from
/// more than one (the lead's database, no inspection chosen); else it is in the heading.
pub fn unit_reports_ui(ui: &mut egui::Ui, lines: &[ReportLine], lookups: &Lookups) {
    if lines.is_empty() {
        return;
    }
    let differing = lines.iter().filter(|l| !l.differences.flags().is_empty()).count();
    let one_unit = lines.iter().all(|l| l.unit == lines[0].unit) && !lines[0].unit.is_empty();
    let from = if one_unit { format!("{}的", lines[0].unit) } else { String::new() };
    let heading = if differing > 0 {
        format!("{from}单位整改报告（{} 份，其中 {differing} 份与检查组记录有出入）", lines.len())
    } else {
        format!("{from}单位整改报告（{} 份，与检查组记录一致）", lines.len())
    };
    egui::CollapsingHeader::new(heading).id_salt("unit_reports").default_open(true).show(ui, |ui| {
        ui.label(
            egui::RichText::new("单位填回的整改情况反馈表，只读；单位的报告不改动检查组的记录，核实后请在下表中更新。")
                .weak(),
        );
        // Kept within the page's width (a wide list scrolls sideways), so the table below is laid
        // out to the window and not to the list.
        egui::ScrollArea::both()
            .id_salt("unit_reports_scroll")
            .max_height(LIST_HEIGHT)
            .max_width(ui.available_width())
            .auto_shrink([false, true])
            .show(ui, |ui| {
                egui::Grid::new("unit_reports_grid")
                    .striped(true)
                    .max_col_width(COLUMN_WIDTH)
                    .spacing([12.0, 4.0])
                    .show(ui, |ui| {
                        let headers =
                            ["整改事项", "受检单位", "检查组记录", "单位报告", "已采取的措施", "出入", "来源"];
                        for header in headers.into_iter().filter(|h| !one_unit || *h != "受检单位") {
                            ui.label(egui::RichText::new(header).strong());
                        }
                        ui.end_row();
                        for line in lines {
                            line_ui(ui, line, lookups, !one_unit);
                            ui.end_row();
                        }
                    });
            });
    });
    ui.add_space(4.0);
}

/// One report: a row of the grid.
fn line_ui(ui: &mut egui::Ui, line: &ReportLine, lookups: &Lookups, with_unit: bool) {
    let report = &line.report.value;
    let wrapped = |ui: &mut egui::Ui, text: String| ui.add(egui::Label::new(text).wrap());
    wrapped(ui, line.item.clone()).on_hover_text(format!("整改编号 {}", report.rectification_id));
    if with_unit {
        wrapped(ui, if line.unit.is_empty() { "（未知单位）".to_string() } else { line.unit.clone() });
    }
    let team = match &line.rectification {
        Some(r) => {
            let deadline = r.value.deadline.map(|d| format!("，期限 {}", d.format("%Y-%m-%d"))).unwrap_or_default();
            format!("{}{deadline}", r.value.shown_status(lookups.today).label())
        }
        None => "（已删除）".to_string(),
    };
    wrapped(ui, team);
    let done = report.completed_on.map(|d| format!("，完成 {}", d.format("%Y-%m-%d"))).unwrap_or_default();
    wrapped(ui, format!("{}{done}", report.status.label()));
    let taken = report.measure_taken.trim();
    wrapped(ui, if taken.is_empty() { "—".to_string() } else { taken.to_string() });
    let flags = line.differences.flags();
    if flags.is_empty() {
        ui.label(egui::RichText::new("无").weak());
    } else {
        ui.add(egui::Label::new(egui::RichText::new(flags.join("；")).color(ui.visuals().warn_fg_color)).wrap());
    }
    let prefix: String = report.source_sha256.chars().take(12).collect();
    let received = report.received_at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M");
    wrapped(ui, format!("{} 第 {} 行\nSHA-256 {prefix}…\n收到于 {received}", report.source, report.row))
        .on_hover_text(format!("SHA-256 {}", report.source_sha256));
}
