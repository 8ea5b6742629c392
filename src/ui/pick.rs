//! File dialogs, and a way around their absence. On a Linux laptop without the desktop portal
//! (or on a bare X server) rfd opens nothing and answers as if the user had cancelled; a button
//! that does nothing and says nothing is worse than no button. A dialog that "closed" faster than
//! anyone can cancel one is taken as missing: the page then says so, names drag-and-drop, and
//! offers a field to type the path. `DAOCHA_NO_FILE_DIALOG=1` makes every dialog missing (tests,
//! and machines where the portal hangs).

use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What a dialog gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picked<T> {
    /// The user chose.
    Chosen(T),
    /// The user closed the dialog.
    Cancelled,
    /// No dialog could be shown.
    Unavailable,
}

/// Shorter than anyone takes to see a dialog and cancel it.
const NO_DIALOG: Duration = Duration::from_millis(400);

/// What the page says when there is no dialog.
pub const UNAVAILABLE: &str = "这台电脑上打不开文件选择窗口（Linux 上需要桌面门户 xdg-desktop-portal）。\
    请把文件拖到倒查窗口中，或在下面输入文件的完整路径。";

fn forced_off() -> bool {
    std::env::var_os("DAOCHA_NO_FILE_DIALOG").is_some_and(|v| !v.is_empty() && v != "0")
}

fn timed<T>(show: impl FnOnce() -> Option<T>) -> Picked<T> {
    if forced_off() {
        return Picked::Unavailable;
    }
    let started = Instant::now();
    match show() {
        Some(chosen) => Picked::Chosen(chosen),
        None if started.elapsed() < NO_DIALOG => Picked::Unavailable,
        None => Picked::Cancelled,
    }
}

/// One file to open.
pub fn open(dialog: rfd::FileDialog) -> Picked<PathBuf> {
    timed(|| dialog.pick_file())
}

/// Files to open.
pub fn open_many(dialog: rfd::FileDialog) -> Picked<Vec<PathBuf>> {
    timed(|| dialog.pick_files())
}

/// Where to save.
pub fn save(dialog: rfd::FileDialog) -> Picked<PathBuf> {
    timed(|| dialog.save_file())
}

/// Asks for a typed path at `id` (after [`Picked::Unavailable`]).
pub fn offer_typing(ctx: &egui::Context, id: egui::Id) {
    ctx.data_mut(|d| {
        d.insert_temp(id, String::new());
        // The field takes the keyboard when it first shows: the user was about to pick a file.
        d.insert_temp(id.with("focus"), true);
    });
}

/// The typed-path field at `id`, when one was offered: the missing dialog explained, the path
/// typed, 打开 once the file exists. Returns the path confirmed.
pub fn typed_path(ui: &mut egui::Ui, id: egui::Id) -> Option<PathBuf> {
    let mut typed: String = ui.data(|d| d.get_temp(id))?;
    let mut chosen = None;
    let mut close = false;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(egui::RichText::new(UNAVAILABLE).color(ui.visuals().warn_fg_color));
        ui.horizontal(|ui| {
            let label = ui.label("文件路径");
            let field = ui
                .add(egui::TextEdit::singleline(&mut typed).hint_text("如 /home/检查/收据.xlsx").desired_width(420.0))
                .labelled_by(label.id);
            if ui.data_mut(|d| d.remove_temp::<bool>(id.with("focus"))).is_some() {
                field.request_focus();
            }
            let path = PathBuf::from(typed.trim().trim_matches('"'));
            let exists = !typed.trim().is_empty() && path.is_file();
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.add_enabled(exists, egui::Button::new("打开")).clicked() || (enter && exists) {
                chosen = Some(path);
            }
            if ui.button("取消").clicked() {
                close = true;
            }
            if !typed.trim().is_empty() && !exists {
                ui.colored_label(ui.visuals().error_fg_color, "找不到这个文件");
            }
        });
    });
    if close || chosen.is_some() {
        ui.data_mut(|d| d.remove::<String>(id));
    } else {
        ui.data_mut(|d| d.insert_temp(id, typed));
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dialog_that_answers_at_once_is_missing_and_one_that_waited_was_cancelled() {
        assert_eq!(timed(|| None::<PathBuf>), Picked::Unavailable);
        assert_eq!(
            timed(|| {
                std::thread::sleep(NO_DIALOG + Duration::from_millis(50));
                None::<PathBuf>
            }),
            Picked::Cancelled
        );
        assert_eq!(timed(|| Some(1)), Picked::Chosen(1));
    }
}
