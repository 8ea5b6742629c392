#![allow(clippy::expect_used)]

//! The demo's signed feedback sheet as a PDF: time and size (target: under 100 ms and under
//! 100 KB for one page). The size is printed once.

use criterion::{Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("dir");
    let (store, demo) = daocha::demo::create_demo(&dir.path().join("d.db")).expect("demo");
    let standard = daocha::scoring::Standard::default_standard().expect("standard");
    daocha::sheet::preload_fonts().expect("fonts");
    let (pdf, _) = daocha::feedback::pdf(&store, demo.inspection_id, None, &standard, false).expect("pdf");
    let pages = daocha::sheet::extract_text(&pdf).expect("text").len();
    eprintln!("demo sheet: {} bytes, {pages} pages", pdf.len());
    let one_page = daocha::feedback::pdf(&store, demo.inspection_id, Some("鲅综执罚〔2017〕80号"), &standard, true)
        .expect("pdf")
        .0;
    eprintln!(
        "one-case sheet: {} bytes, {} page(s)",
        one_page.len(),
        daocha::sheet::extract_text(&one_page).expect("text").len()
    );
    let mut group = c.benchmark_group("sheet");
    group.bench_function("demo_signed_sheet_pdf", |b| {
        b.iter(|| daocha::feedback::pdf(&store, demo.inspection_id, None, &standard, false).expect("pdf").0.len())
    });
    group.bench_function("one_case_sheet_pdf", |b| {
        b.iter(|| {
            daocha::feedback::pdf(&store, demo.inspection_id, Some("鲅综执罚〔2017〕80号"), &standard, true)
                .expect("pdf")
                .0
                .len()
        })
    });
    group.bench_function("verify_demo_sheet", |b| b.iter(|| daocha::feedback::verify(&pdf)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
