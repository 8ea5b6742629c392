//! A signature pad: pointer or pen strokes in a 1000 × 400 box (y down), drawn as they are made.
//! 清除 wipes the pad, 撤销一笔 takes the last stroke back. The strokes are vectors; they are
//! hashed into the signed content and drawn into the PDF as paths.

/// The box strokes are stored in.
pub const BOX: [f32; 2] = [1000.0, 400.0];

/// One pad's strokes, and the stroke being drawn.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pad {
    /// Finished strokes.
    pub strokes: Vec<Vec<[i32; 2]>>,
    /// The stroke under the pointer.
    current: Vec<[i32; 2]>,
}

impl Pad {
    /// A pad holding `strokes`.
    pub fn with(strokes: Vec<Vec<[i32; 2]>>) -> Pad {
        Pad { strokes, current: Vec::new() }
    }

    /// Whether nothing is written.
    pub fn is_empty(&self) -> bool {
        self.strokes.iter().all(Vec::is_empty) && self.current.is_empty()
    }

    /// Draws the pad `width` wide; returns true when a stroke was finished, cleared or undone
    /// (the caller saves the strokes then).
    pub fn ui(&mut self, ui: &mut egui::Ui, id: &str, width: f32) -> bool {
        let size = egui::vec2(width, width * BOX[1] / BOX[0]);
        let (response, painter) = ui.allocate_painter(size, egui::Sense::drag());
        // An accessible name, so that tests (and screen readers) find the pad.
        let label = format!("{id}手写签名区");
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, label.clone()));
        let rect = response.rect;
        painter.rect_filled(rect, 4.0, egui::Color32::WHITE);
        painter.rect_stroke(rect, 4.0, egui::Stroke::new(1.0, egui::Color32::GRAY), egui::StrokeKind::Inside);
        painter.line_segment(
            [
                egui::pos2(rect.left() + 16.0, rect.bottom() - 24.0),
                egui::pos2(rect.right() - 16.0, rect.bottom() - 24.0),
            ],
            egui::Stroke::new(0.5, egui::Color32::LIGHT_GRAY),
        );
        let to_box = |p: egui::Pos2| -> [i32; 2] {
            let x = ((p.x - rect.left()) / rect.width() * BOX[0]).clamp(0.0, BOX[0]);
            let y = ((p.y - rect.top()) / rect.height() * BOX[1]).clamp(0.0, BOX[1]);
            // Rounded into the box, so the cast is exact.
            #[allow(clippy::cast_possible_truncation)]
            [x.round() as i32, y.round() as i32]
        };
        let to_screen = |p: &[i32; 2]| {
            egui::pos2(
                rect.left() + p[0] as f32 / BOX[0] * rect.width(),
                rect.top() + p[1] as f32 / BOX[1] * rect.height(),
            )
        };
        let mut finished = false;
        if let Some(pos) = response.interact_pointer_pos()
            && (response.drag_started() || response.dragged())
        {
            let point = to_box(pos);
            if self.current.last() != Some(&point) {
                self.current.push(point);
            }
        }
        if response.drag_stopped() && !self.current.is_empty() {
            self.strokes.push(std::mem::take(&mut self.current));
            finished = true;
        }
        let ink = egui::Stroke::new(2.5, egui::Color32::from_rgb(0x10, 0x20, 0x60));
        for stroke in self.strokes.iter().chain(std::iter::once(&self.current)) {
            let points: Vec<egui::Pos2> = stroke.iter().map(to_screen).collect();
            if points.len() == 1 {
                painter.circle_filled(points[0], 1.5, ink.color);
            } else if points.len() > 1 {
                painter.add(egui::Shape::line(points, ink));
            }
        }
        if self.is_empty() {
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                "在此手写签名",
                egui::FontId::proportional(16.0),
                egui::Color32::GRAY,
            );
        }
        ui.horizontal(|ui| {
            if ui.add_enabled(!self.is_empty(), egui::Button::new("清除").small()).clicked() {
                self.strokes.clear();
                self.current.clear();
                finished = true;
            }
            if ui.add_enabled(!self.strokes.is_empty(), egui::Button::new("撤销一笔").small()).clicked() {
                self.strokes.pop();
                finished = true;
            }
            ui.label(egui::RichText::new(format!("{} 笔", self.strokes.len())).small().weak());
        });
        finished
    }
}
