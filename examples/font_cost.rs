//! How long egui takes to set up the CJK font and draw a first frame of Chinese text:
//! `cargo run --release --example font_cost`.

use std::time::Instant;

fn main() {
    let text: String = "倒查行政处罚现场检查先收据再台账后案卷罚没款收据处罚台账处罚案卷反馈与签名导出现场记录案卷评查问题清单整改措施回访录音录像违纪违法线索组长合并汇总报告基础资料检查列表受检单位检查人员执法人员名册区综合执法局城管区本级检查日期检查组赵彧组长王喆陈昇录音录像编号地点第一步先抽查罚没款收据核对每张收据能否在处罚台账中找到对应的处罚决定抽样尚未从中简单随机抽样金额单位抽样样本量随机种子如掷骰子年份全部抽取核查清单已核查全部收据自动检查问题待处理数据库每项更改在输入后立即保存无需手动保存已打开".into();
    let t = Instant::now();
    let ctx = egui::Context::default();
    daocha::ui::setup_context(&ctx, false);
    let setup = t.elapsed();
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 800.0))),
        ..Default::default()
    };
    let t2 = Instant::now();
    let _ = ctx.run_ui(input.clone(), |ui| {
        ui.label(&text);
    });
    let first = t2.elapsed();
    let t3 = Instant::now();
    let _ = ctx.run_ui(input, |ui| {
        ui.label(&text);
    });
    let t4 = Instant::now();
    let label = text.clone();
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_context_setup(|ctx| daocha::ui::setup_context(ctx, false))
        .build_ui(move |ui| {
            ui.label(&label);
        });
    let harness = t4.elapsed();
    let t5 = Instant::now();
    h.step();
    println!("kittest harness with the same label: build {harness:?}, next step {:?}", t5.elapsed());
    let dir = std::env::temp_dir().join(format!("font-cost-{}", std::process::id()));
    let options = daocha::ui::AppOptions {
        db: None,
        default_db: dir.join("d.db"),
        demo_db: dir.join("demo.db"),
        page: None,
        today: chrono::NaiveDate::from_ymd_opt(2017, 9, 12).unwrap_or_default(),
    };
    let t6 = Instant::now();
    let app = daocha::ui::DaochaApp::new(options, daocha::ui::Prefs::default());
    let _h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_context_setup(|ctx| daocha::ui::setup_context(ctx, false))
        .build_ui_state(|ui, app: &mut daocha::ui::DaochaApp| app.show(ui), app);
    println!("the app's start screen in a harness: {:?}", t6.elapsed());
    println!(
        "{} distinct characters: set_fonts {:?}, first frame {:?}, second frame {:?}",
        text.chars().collect::<std::collections::BTreeSet<_>>().len(),
        setup,
        first,
        t3.elapsed()
    );
}
