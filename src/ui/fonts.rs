//! The CJK font daocha carries: Noto Sans CJK SC (SIL OFL 1.1, see `assets/fonts/OFL.txt`),
//! cut down to the CJK, Latin and punctuation blocks, embedded in the binary so the window reads
//! the same on a fresh machine with no fonts installed.

use std::sync::Arc;

/// Noto Sans CJK SC Regular, subset (all of CJK Unified Ideographs through U+9FEF and Extension A).
pub static SANS: &[u8] = crate::sheet::fonts::SANS_OTF;

/// Puts the CJK font first in both families, keeping egui's own fonts behind it for symbols.
pub fn install(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert("noto_sans_sc".to_owned(), Arc::new(egui::FontData::from_static(SANS)));
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts.families.entry(family).or_default().insert(0, "noto_sans_sc".to_owned());
    }
    ctx.set_fonts(fonts);
}

/// Text sizes for reading in daylight: 16 px body, larger headings.
pub fn install_style(ctx: &egui::Context, dark: bool) {
    use egui::{FontFamily, FontId, TextStyle};
    ctx.set_theme(if dark { egui::Theme::Dark } else { egui::Theme::Light });
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (TextStyle::Heading, FontId::new(22.0, FontFamily::Proportional)),
            (TextStyle::Body, FontId::new(16.0, FontFamily::Proportional)),
            (TextStyle::Button, FontId::new(16.0, FontFamily::Proportional)),
            (TextStyle::Small, FontId::new(13.0, FontFamily::Proportional)),
            (TextStyle::Monospace, FontId::new(15.0, FontFamily::Monospace)),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(10.0, 4.0);
        style.spacing.interact_size.y = 26.0;
        // Fields, check boxes and radio buttons get an outline at rest: egui's light theme draws
        // them as a white box on an almost white panel, which reads as no field at all.
        let outline =
            if style.visuals.dark_mode { egui::Color32::from_gray(90) } else { egui::Color32::from_gray(175) };
        style.visuals.widgets.inactive.bg_stroke = egui::Stroke::new(1.0, outline);
    });
}
