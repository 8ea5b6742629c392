//! Writes the sample feedback sheet (and its draft) as PDF and prints how long each step took:
//! `cargo run --example sheet_sample -- [OUT_DIR]` (default: the system's temp folder).

use std::path::PathBuf;
use std::time::Instant;

use daocha::sheet::{Embedded, SheetDoc, extract_text, preload_fonts, read_embedded, render, sample_doc};

fn main() -> anyhow::Result<()> {
    let dir = std::env::args().nth(1).map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
    let start = Instant::now();
    preload_fonts()?;
    println!("字体解析：{:?}", start.elapsed());

    let signed = sample_doc();
    let mut draft = sample_doc();
    draft.draft = true;
    let mut one_page: SheetDoc = sample_doc();
    one_page.blocks.truncate(4);
    one_page.signatures.truncate(2);
    let payload = Embedded::payload(r#"{"content":{"unit":"区综合执法局"},"signatures":[]}"#);

    for (name, doc) in
        [("sheet-sample.pdf", &signed), ("sheet-sample-draft.pdf", &draft), ("sheet-one-page.pdf", &one_page)]
    {
        let start = Instant::now();
        let pdf = render(doc, &payload)?;
        let elapsed = start.elapsed();
        let start = Instant::now();
        let pages = extract_text(&pdf)?.len();
        let attached = read_embedded(&pdf)?.is_some();
        let read_back = start.elapsed();
        let path = dir.join(name);
        std::fs::write(&path, &pdf)?;
        println!(
            "{}：{} 页，{} 字节，生成用时 {:?}；读回文字与附件（{}）用时 {:?}",
            path.display(),
            pages,
            pdf.len(),
            elapsed,
            if attached { "有附件" } else { "无附件" },
            read_back
        );
    }
    Ok(())
}
