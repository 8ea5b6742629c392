//! Small pieces drawn by more than one page, which know nothing of the pages or their commands:
//! a form label that marks a required field.

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
