//! The evidence of the selected finding: thumbnails of its photos and scans, and adding one (a
//! file dialog, or dropping the file onto the window).

use std::collections::HashMap;

use crate::domain::{Attachment, Finding};
use crate::inspection::evidence;
use crate::store::Stored;

use super::command::Command;
use super::workspace::Workspace;

/// Decoded thumbnails, by SHA-256.
#[derive(Default)]
pub struct Thumbnails {
    textures: HashMap<String, Option<egui::TextureHandle>>,
}

impl Thumbnails {
    fn get(
        &mut self,
        ctx: &egui::Context,
        ws_store: &crate::store::Store,
        attachment: &Attachment,
    ) -> Option<egui::TextureHandle> {
        self.textures
            .entry(attachment.sha256.clone())
            .or_insert_with(|| {
                let bytes = evidence::bytes(ws_store, &attachment.sha256).ok().flatten()?;
                let image = image::load_from_memory(&bytes).ok()?.thumbnail(200, 200).to_rgba8();
                let size = [image.width() as usize, image.height() as usize];
                let color = egui::ColorImage::from_rgba_unmultiplied(size, image.as_raw());
                Some(ctx.load_texture(format!("evidence-{}", attachment.sha256), color, egui::TextureOptions::LINEAR))
            })
            .clone()
    }
}

/// Draws the evidence of `finding`.
pub fn evidence_ui(ui: &mut egui::Ui, ws: &mut Workspace, finding: &Stored<Finding>, out: &mut Vec<Command>) {
    ui.separator();
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(format!("证据（{}）", finding.value.attachment_ids.len())).strong());
        if ui.button("添加照片或扫描件…").on_hover_text("JPEG、PNG 或 PDF；也可以把文件拖到窗口中").clicked()
            && let Some(path) =
                rfd::FileDialog::new().add_filter("照片或扫描件", &["jpg", "jpeg", "png", "pdf"]).pick_file()
        {
            out.push(Command::AttachEvidence { finding: Box::new(finding.clone()), path });
        }
        ui.label(
            egui::RichText::new(format!("所选问题：{}", finding.value.facts.chars().take(40).collect::<String>()))
                .weak(),
        );
    });
    let attachments: Vec<Stored<Attachment>> =
        finding.value.attachment_ids.iter().filter_map(|id| ws.store.get(*id).ok().flatten()).collect();
    ui.horizontal_wrapped(|ui| {
        for a in &attachments {
            ui.vertical(|ui| {
                match ws.thumbnails.get(ui.ctx(), &ws.store, &a.value) {
                    Some(texture) => {
                        ui.add(egui::Image::new(&texture).max_size(egui::vec2(200.0, 200.0)));
                    }
                    None => {
                        let kind = if a.value.media_type == "application/pdf" {
                            "PDF 扫描件"
                        } else {
                            "（无法预览）"
                        };
                        ui.add_sized([120.0, 80.0], egui::Label::new(egui::RichText::new(kind).strong()));
                    }
                }
                ui.label(egui::RichText::new(&a.value.file_name).small());
                ui.label(egui::RichText::new(format!("SHA-256 {}…", &a.value.sha256[..16])).small().weak().monospace());
            });
        }
    });
}
