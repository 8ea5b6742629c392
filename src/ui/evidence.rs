//! The evidence of the selected finding or rectification: thumbnails of its photos and scans,
//! and adding one (a file dialog, or dropping the file onto the window).

use std::collections::HashMap;

use crate::domain::Attachment;
use crate::inspection::evidence::{self, Owner};
use crate::store::Stored;

use super::command::Command;
use super::document::Document;

/// Decoded thumbnails, by SHA-256, and the one picture open at full size. Pictures are decoded
/// on a worker thread, one at a time (a phone photo takes a noticeable moment and, decoded,
/// tens of megabytes): the window stays responsive and shows 正在解码… meanwhile.
#[derive(Default)]
pub struct Thumbnails {
    textures: HashMap<String, Option<egui::TextureHandle>>,
    /// The attachment shown in the viewer, with its full-size texture (none for a PDF, or while
    /// it is being decoded: see `open_pending`).
    pub open: Option<(Stored<Attachment>, Option<egui::TextureHandle>)>,
    /// Whether the viewer's picture is still being decoded.
    open_pending: bool,
    /// The selected owner's attachments, read once per owner version and change.
    listed: Option<(ListedFor, Vec<Stored<Attachment>>)>,
    /// Decodes asked for and not yet back (by key: `thumb:` or `full:` and the SHA-256).
    pending: std::collections::HashSet<String>,
    decoder: Option<Decoder>,
}

/// The owner's version and the workspace's generation an attachment list was read for.
type ListedFor = (crate::domain::VersionId, u64);

/// The longest side of a picture in the viewer, in pixels (a phone photo is 4000 px or more).
const VIEWER_MAX_SIDE: u32 = 2048;
/// The longest side of a thumbnail.
const THUMBNAIL_SIDE: u32 = 200;
/// How many thumbnails may wait for the decoding thread at once.
const THUMBNAILS_QUEUED: usize = 2;

/// The decoding thread: requests in, pictures out (`None`: not a picture it can read).
struct Decoder {
    requests: std::sync::mpsc::Sender<(String, Vec<u8>, u32)>,
    results: std::sync::mpsc::Receiver<(String, Option<egui::ColorImage>)>,
}

impl Decoder {
    fn start(ctx: &egui::Context) -> Option<Decoder> {
        let (requests, asked) = std::sync::mpsc::channel::<(String, Vec<u8>, u32)>();
        let (answer, results) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        std::thread::Builder::new()
            .name("daocha-decode".into())
            .spawn(move || {
                for (key, bytes, max_side) in asked {
                    // A damaged picture that makes the decoder panic is a picture it cannot show.
                    let image = std::panic::catch_unwind(|| decode(&bytes, max_side)).ok().flatten();
                    let _ = answer.send((key, image));
                    ctx.request_repaint();
                }
            })
            .ok()?;
        Some(Decoder { requests, results })
    }
}

/// Decodes a photo, shrunk so its longest side is at most `max_side`.
fn decode(bytes: &[u8], max_side: u32) -> Option<egui::ColorImage> {
    let image = image::load_from_memory(bytes).ok()?;
    let image = if image.width().max(image.height()) > max_side { image.thumbnail(max_side, max_side) } else { image };
    let image = image.to_rgba8();
    let size = [image.width() as usize, image.height() as usize];
    Some(egui::ColorImage::from_rgba_unmultiplied(size, image.as_raw()))
}

/// A thumbnail, as far as it is known.
enum Thumb {
    Decoding,
    Ready(Option<egui::TextureHandle>),
}

impl Thumbnails {
    /// Asks the decoding thread for `sha256` at `max_side` under `key`; decodes here if no thread
    /// could be started.
    fn request(&mut self, ctx: &egui::Context, store: &crate::store::Store, key: String, sha256: &str, max_side: u32) {
        let Some(bytes) = evidence::bytes(store, sha256).ok().flatten() else {
            self.finish(ctx, key, None);
            return;
        };
        if self.decoder.is_none() {
            self.decoder = Decoder::start(ctx);
        }
        let request = (key.clone(), bytes, max_side);
        let unsent = match &self.decoder {
            Some(decoder) => decoder.requests.send(request).err().map(|e| e.0),
            None => Some(request),
        };
        match unsent {
            None => {
                self.pending.insert(key);
            }
            Some((_, bytes, _)) => {
                let decoded = decode(&bytes, max_side);
                self.finish(ctx, key, decoded);
            }
        }
    }

    /// Takes in what the decoding thread has finished.
    fn poll(&mut self, ctx: &egui::Context) {
        let Some(decoder) = &self.decoder else { return };
        let mut done = Vec::new();
        let gone = loop {
            match decoder.results.try_recv() {
                Ok(result) => done.push(result),
                Err(std::sync::mpsc::TryRecvError::Empty) => break false,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => break true,
            }
        };
        for (key, image) in done {
            self.pending.remove(&key);
            self.finish(ctx, key, image);
        }
        if gone {
            // The thread is gone: what it still owed cannot be shown (and is asked for again).
            self.decoder = None;
            for key in std::mem::take(&mut self.pending) {
                if key.starts_with("full:") {
                    self.finish(ctx, key, None);
                }
            }
        }
    }

    fn finish(&mut self, ctx: &egui::Context, key: String, image: Option<egui::ColorImage>) {
        let texture =
            image.map(|image| ctx.load_texture(format!("evidence-{key}"), image, egui::TextureOptions::LINEAR));
        if let Some(sha) = key.strip_prefix("full:") {
            if let Some((open, shown)) = &mut self.open
                && open.value.sha256 == sha
            {
                *shown = texture;
                self.open_pending = false;
            }
        } else if let Some(sha) = key.strip_prefix("thumb:") {
            self.textures.insert(sha.to_string(), texture);
        }
    }

    fn get(&mut self, ctx: &egui::Context, store: &crate::store::Store, attachment: &Attachment) -> Thumb {
        if let Some(texture) = self.textures.get(&attachment.sha256) {
            return Thumb::Ready(texture.clone());
        }
        let key = format!("thumb:{}", attachment.sha256);
        // At most two thumbnails are queued (each request carries the whole file); the others are
        // asked for on a later frame, as the finished ones come back and repaint the window.
        let queued = self.pending.iter().filter(|k| k.starts_with("thumb:")).count();
        if !self.pending.contains(&key) && queued < THUMBNAILS_QUEUED {
            self.request(ctx, store, key, &attachment.sha256, THUMBNAIL_SIDE);
        }
        match self.textures.get(&attachment.sha256) {
            Some(texture) => Thumb::Ready(texture.clone()),
            None => Thumb::Decoding,
        }
    }

    /// Opens `attachment` in the viewer; the picture follows once decoded.
    fn open(&mut self, ctx: &egui::Context, store: &crate::store::Store, attachment: &Stored<Attachment>) {
        self.open = Some((attachment.clone(), None));
        self.open_pending = attachment.value.media_type != "application/pdf";
        if self.open_pending {
            let key = format!("full:{}", attachment.value.sha256);
            self.request(ctx, store, key, &attachment.value.sha256, VIEWER_MAX_SIDE);
        }
    }
}

/// The viewer: the picture as large as the window allows, its hash, and saving the file.
fn viewer_ui(ctx: &egui::Context, doc: &Document, thumbnails: &mut Thumbnails, owner: &Owner, out: &mut Vec<Command>) {
    let Some((attachment, texture)) = &thumbnails.open else { return };
    let decoding = thumbnails.open_pending;
    let mut keep_open = true;
    let mut close = ctx.input(|i| i.key_pressed(egui::Key::Escape));
    let screen = ctx.content_rect();
    egui::Window::new(format!("证据：{}", attachment.value.file_name))
        .open(&mut keep_open)
        .collapsible(false)
        .resizable(false)
        .default_pos(screen.left_top() + egui::vec2(40.0, 40.0))
        .show(ctx, |ui| {
            ui.label(
                egui::RichText::new(format!(
                    "SHA-256 {} · {} KB · {}",
                    attachment.value.sha256,
                    attachment.value.size_bytes.div_ceil(1024),
                    attachment.value.media_type
                ))
                .small()
                .weak()
                .monospace(),
            );
            match texture {
                Some(texture) => {
                    let max = egui::vec2(screen.width() - 120.0, screen.height() - 200.0).max(egui::vec2(200.0, 200.0));
                    ui.add(egui::Image::new(texture).max_size(max).fit_to_original_size(1.0));
                }
                None if decoding => {
                    ui.label(egui::RichText::new("正在解码图片…").weak());
                }
                None if attachment.value.media_type == "application/pdf" => {
                    ui.label("PDF 扫描件不在此预览；可另存后用 PDF 阅读器打开。");
                }
                None => {
                    ui.label("无法显示这张图片（文件可能已损坏）；可另存后用其他程序打开。");
                }
            }
            ui.horizontal(|ui| {
                // The name offered is cleaned again, with the extension of what the bytes really
                // are: a name or a type from another laptop is never trusted to pick a path.
                let stored = evidence::bytes(&doc.store, &attachment.value.sha256);
                let real_type =
                    stored.as_ref().ok().and_then(|b| b.as_deref()).and_then(evidence::media_type).unwrap_or("");
                let offered = crate::domain::records::clean_file_name(&attachment.value.file_name, real_type);
                if ui.button("另存为…").clicked()
                    && let Some(path) = rfd::FileDialog::new().set_file_name(&offered).save_file()
                {
                    let message = match stored {
                        Ok(Some(bytes)) => match std::fs::write(&path, bytes) {
                            Ok(()) => format!("已另存为 {}", path.display()),
                            Err(e) => format!("无法保存到 {}：{e}", path.display()),
                        },
                        Ok(None) => "数据库中没有这个文件（可能来自尚未合并的导出文件）".to_string(),
                        Err(e) => e.to_string(),
                    };
                    out.push(Command::Notify(message));
                }
                if ui
                    .button(format!("移出此{}", owner.noun()))
                    .on_hover_text("文件仍保存在数据库中；Ctrl+Z 撤销")
                    .clicked()
                {
                    out.push(Command::DetachEvidence {
                        owner: Box::new(owner.clone()),
                        attachment: Box::new(attachment.clone()),
                    });
                    close = true;
                }
                if ui.button("关闭").clicked() {
                    close = true;
                }
                ui.label(egui::RichText::new("Esc 关闭").weak());
            });
        });
    if close || !keep_open {
        thumbnails.open = None;
    }
}

/// The largest a thumbnail is drawn in the evidence panel, in points.
const THUMBNAIL_SHOWN: f32 = 140.0;

/// Draws the evidence of `owner` (a finding, a rectification): a header with 添加, then its
/// pictures in one row (scrolling sideways when there are many), so the panel keeps its height.
pub fn evidence_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    thumbnails: &mut Thumbnails,
    owner: &Owner,
    out: &mut Vec<Command>,
) {
    thumbnails.poll(ui.ctx());
    let count = owner.attachments().len();
    let (heading, selected) = match owner {
        Owner::Finding(f) => (format!("证据（{count}）"), format!("所选问题：{}", f.value.facts)),
        Owner::Rectification(r) => (format!("佐证 {count} 份"), format!("所选整改措施：{}", r.value.measure)),
    };
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(heading).strong());
        let typing = egui::Id::unique(("evidence_path", owner.record_id()));
        if ui.button("添加照片或扫描件…").on_hover_text("JPEG、PNG 或 PDF；也可以把文件拖到窗口中").clicked()
        {
            let dialog = rfd::FileDialog::new().add_filter("照片或扫描件", &["jpg", "jpeg", "png", "pdf"]);
            match super::pick::open(dialog) {
                super::pick::Picked::Chosen(path) => {
                    out.push(Command::AttachEvidence { owner: Box::new(owner.clone()), path });
                }
                super::pick::Picked::Cancelled => {}
                super::pick::Picked::Unavailable => super::pick::offer_typing(ui.ctx(), typing),
            }
        }
        ui.label(egui::RichText::new(selected.chars().take(46).collect::<String>()).weak());
    });
    if let Some(path) = super::pick::typed_path(ui, egui::Id::unique(("evidence_path", owner.record_id()))) {
        out.push(Command::AttachEvidence { owner: Box::new(owner.clone()), path });
    }
    let key = (owner.version_id(), doc.generation);
    if thumbnails.listed.as_ref().is_none_or(|(k, _)| *k != key) {
        let read = owner.attachments().iter().filter_map(|id| doc.store.get(*id).ok().flatten()).collect();
        thumbnails.listed = Some((key, read));
    }
    let attachments: Vec<Stored<Attachment>> = thumbnails.listed.as_ref().map(|(_, a)| a.clone()).unwrap_or_default();
    egui::ScrollArea::horizontal().auto_shrink([false, true]).show(ui, |ui| {
        ui.horizontal(|ui| {
            for a in &attachments {
                ui.vertical(|ui| {
                    let clicked = match thumbnails.get(ui.ctx(), &doc.store, &a.value) {
                        Thumb::Ready(Some(texture)) => ui
                            .add(
                                egui::Image::new(&texture)
                                    .max_size(egui::vec2(THUMBNAIL_SHOWN, THUMBNAIL_SHOWN))
                                    .sense(egui::Sense::click()),
                            )
                            .on_hover_text("单击查看原图")
                            .clicked(),
                        thumb => {
                            let kind = if a.value.media_type == "application/pdf" {
                                "PDF 扫描件"
                            } else if matches!(thumb, Thumb::Decoding) {
                                "正在解码…"
                            } else {
                                "（无法预览）"
                            };
                            ui.add_sized([120.0, 80.0], egui::Button::new(egui::RichText::new(kind).strong())).clicked()
                        }
                    };
                    if clicked {
                        thumbnails.open(ui.ctx(), &doc.store, a);
                    }
                    ui.label(egui::RichText::new(&a.value.file_name).small());
                    ui.label(
                        egui::RichText::new(format!("SHA-256 {}…", &a.value.sha256[..16])).small().weak().monospace(),
                    );
                    if ui.small_button("查看").clicked() {
                        thumbnails.open(ui.ctx(), &doc.store, a);
                    }
                });
            }
        })
    });
    viewer_ui(ui.ctx(), doc, thumbnails, owner, out);
}
