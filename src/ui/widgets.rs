//! Small pieces drawn by more than one page, which know nothing of the pages or their commands:
//! a form label that marks a required field; a list of complaint counts.

/// A form label; a trailing `*` marks a required field and is drawn apart, in red, so that the
/// accessible name of the input is the plain label.
pub fn field_label(ui: &mut egui::Ui, text: &str) -> egui::Response {
    let (text, required) = match text.strip_suffix('*') {
        Some(t) => (t, true),
        None => (text, false),
    };
    ui.horizontal(|ui| {
        let label = ui.label(text);
        if required {
            ui.label(egui::RichText::new("*").color(ui.visuals().error_fg_color));
        }
        label
    })
    .inner
}

/// One list of complaint counts (a unit, domain or channel per row: 件数, 未办结, 已办结), scrolled
/// within a few rows' height; 监督举报's page and the report draw it.
pub fn complaint_counts_grid(
    ui: &mut egui::Ui,
    id: &str,
    what: &str,
    rows: &[crate::campaign::complaints::ComplaintCount],
) {
    ui.vertical(|ui| {
        egui::ScrollArea::vertical().id_salt(id).max_height(COUNTS_HEIGHT).show(ui, |ui| {
            // Room on the right for the scroll bar, which floats over what is under it.
            let margin = egui::Margin { right: 14, ..egui::Margin::ZERO };
            egui::Frame::NONE.inner_margin(margin).show(ui, |ui| {
                egui::Grid::new(id).striped(true).num_columns(4).min_col_width(40.0).spacing([16.0, 4.0]).show(
                    ui,
                    |ui| {
                        for h in [what, "件数", "未办结", "已办结"] {
                            ui.label(egui::RichText::new(h).strong());
                        }
                        ui.end_row();
                        for row in rows {
                            ui.label(&row.name);
                            ui.label(row.total.to_string());
                            let open = egui::RichText::new(row.open.to_string());
                            ui.label(if row.open > 0 { open.color(ui.visuals().warn_fg_color) } else { open });
                            ui.label(row.closed.to_string());
                            ui.end_row();
                        }
                    },
                );
            });
        });
    });
}

/// The height of the complaint counts' lists (about six rows).
const COUNTS_HEIGHT: f32 = 150.0;
