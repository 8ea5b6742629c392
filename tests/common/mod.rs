//! What the GUI tests share: the app on the demo data in a headless harness, and pressing and
//! typing the way a user does (by the labels they read).

#![allow(dead_code, clippy::unwrap_used)]

use chrono::NaiveDate;
use daocha::ui::{AppOptions, DaochaApp, Prefs};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

/// The harness the GUI tests drive.
pub type H = Harness<'static, DaochaApp>;

/// The app in a 1400 × `height` window, with databases under `dir` and 2017-09-12 as today,
/// after a click on 打开演示数据.
pub fn demo(dir: &tempfile::TempDir, height: f32) -> H {
    let options = AppOptions {
        db: None,
        default_db: dir.path().join("daocha.db"),
        demo_db: dir.path().join("demo.db"),
        page: None,
        today: NaiveDate::from_ymd_opt(2017, 9, 12).unwrap(),
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, height))
        .with_context_setup(|ctx| daocha::ui::setup_context(ctx, false))
        .build_ui_state(|ui, app: &mut DaochaApp| app.show(ui), DaochaApp::new(options, Prefs::default()));
    harness.run();
    harness.get_by_label("打开演示数据").click();
    harness.run();
    harness
}

/// Clicks the button whose label contains `name` (a step in the side panel, an item in a list)
/// and runs the frames that follow.
pub fn click_button(harness: &mut H, name: &str) {
    harness
        .get_all_by_label_contains(name)
        .find(|n| n.accesskit_node().role() == Role::Button)
        .unwrap_or_else(|| panic!("no button {name}"))
        .click();
    harness.run();
}

/// Types `text` into the text field labelled `label`.
pub fn type_into(harness: &mut H, label: &str, text: &str) {
    let node = harness
        .get_all_by_label(label)
        .find(|n| matches!(n.accesskit_node().role(), Role::TextInput | Role::MultilineTextInput))
        .unwrap_or_else(|| panic!("no text field {label}"));
    node.focus();
    node.type_text(text);
    harness.run();
}
