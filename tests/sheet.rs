//! The feedback sheet PDF end to end, with Rust only (no poppler): render, read the payload and
//! the text back, drafts, page breaks, size, determinism, and hostile input.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use daocha::sheet::{
    Block, Embedded, Footer, SheetDoc, SheetError, SignatureBox, extract_text, page_texts, read_embedded, render,
    sample_doc,
};

fn payload() -> String {
    // What the lead's signing code will attach: canonical JSON with signatures, non-ASCII included.
    r#"{"content":{"unit":"区综合执法局","inspectors":["赵彧","李堃","王喆"],"amount_fen":150000},"signatures":[{"key":"ed25519:7f3a91c2","sig":"q83vEjRWeJA="}]}"#
        .to_string()
}

fn one_page_doc() -> SheetDoc {
    SheetDoc {
        title: "区综合执法局行政处罚案卷抽查反馈意见".into(),
        subtitle: Some("鲅倒查反馈〔2017〕3号".into()),
        blocks: vec![
            Block::KeyValues(vec![
                ("受检单位".into(), "区综合执法局".into()),
                ("检查日期".into(), "2017年9月12日".into()),
                ("检查人员".into(), "赵彧、李堃、王喆".into()),
            ]),
            Block::Heading("一、发现的问题".into()),
            Block::Paragraph(
                "鲅综执罚〔2017〕12号案罚款收据金额与决定书不一致，决定书载明罚款1,500.00元（壹仟伍佰元整）。".into(),
            ),
        ],
        signatures: vec![
            SignatureBox {
                role: "检查人员".into(),
                name: "李堃".into(),
                strokes: vec![vec![[100.0, 100.0], [300.0, 300.0], [500.0, 120.0]]],
                note: Some("公钥指纹：ed25519:0c6e 2d8f".into()),
            },
            SignatureBox { role: "受检单位负责人".into(), name: "陈昇".into(), strokes: vec![], note: None },
        ],
        footer: Footer {
            digest: Some("SHA-256 3b7e0f5c".into()),
            qr_payload: Some("daocha:sheet:v1;sha256=3b7e0f5c".into()),
            lines: vec![],
        },
        draft: false,
        style: Default::default(),
        page_mark: None,
        closing: Vec::new(),
        appendix: Vec::new(),
        created: None,
        masthead: None,
    }
}

#[test]
fn the_sample_renders_and_gives_back_its_payload_and_text() {
    let doc = sample_doc();
    let pdf = render(&doc, &Embedded::payload(payload())).unwrap();
    assert!(pdf.starts_with(b"%PDF-1.7"));
    std::fs::write(std::env::temp_dir().join("sheet-sample.pdf"), &pdf).unwrap();

    assert_eq!(read_embedded(&pdf).unwrap().as_deref(), Some(payload().as_str()));

    let pages = extract_text(&pdf).unwrap();
    assert!(pages.len() >= 2, "the sample runs over a page");
    assert!(pages[0].contains("区综合执法局行政处罚案卷抽查反馈意见"));
    assert!(pages[0].contains("李堃") && pages[0].contains("赵彧"));
    assert!(pages.concat().contains("陈昇") && pages.concat().contains("王喆"));
    assert!(pages.concat().contains("壹仟伍佰元整") && pages.concat().contains("1,500.00"));
    assert!(pages.concat().contains("鲅综执罚〔2017〕12号"));
    assert!(pages[0].contains(&format!("第 1 页 共 {} 页", pages.len())));
    for (i, page) in pages.iter().enumerate() {
        assert!(page.ends_with(&format!("第 {} 页 共 {} 页", i + 1, pages.len())));
        assert!(!page.contains("草稿"), "a signed sheet is no draft");
    }
    // What the PDF draws is exactly what the renderer says it draws for this document.
    assert_eq!(pages, page_texts(&doc).unwrap());
}

#[test]
fn every_page_of_a_draft_says_so() {
    let mut doc = sample_doc();
    doc.draft = true;
    let pdf = render(&doc, &Embedded::none()).unwrap();
    std::fs::write(std::env::temp_dir().join("sheet-sample-draft.pdf"), &pdf).unwrap();
    let pages = extract_text(&pdf).unwrap();
    assert!(pages.len() >= 2);
    for page in &pages {
        // Both the watermark and the header line.
        assert!(page.matches("草稿（未签署）").count() >= 2, "{page}");
    }
    assert_eq!(read_embedded(&pdf).unwrap(), None, "nothing attached to a draft");
}

#[test]
fn a_long_table_runs_over_pages_with_its_header_on_each() {
    let rows: Vec<Vec<String>> =
        (1..=120).map(|i| vec![i.to_string(), format!("鲅综执罚〔2017〕{i}号"), "1,500.00".into()]).collect();
    let doc = SheetDoc {
        title: "抽样清单".into(),
        subtitle: None,
        blocks: vec![Block::Table {
            headers: vec!["序号".into(), "决定书文号".into(), "罚款金额（元）".into()],
            widths: vec![1.0, 4.0, 2.0],
            rows,
            align: vec![],
        }],
        signatures: vec![],
        footer: Footer::default(),
        draft: false,
        style: Default::default(),
        page_mark: None,
        closing: Vec::new(),
        appendix: Vec::new(),
        created: None,
        masthead: None,
    };
    let pdf = render(&doc, &Embedded::none()).unwrap();
    let pages = extract_text(&pdf).unwrap();
    assert!(pages.len() >= 2);
    for page in &pages {
        assert!(page.lines().any(|l| l == "决定书文号"), "header repeated on every page");
    }
    let all = pages.join("\n");
    for i in [1, 60, 120] {
        assert!(all.lines().any(|l| l == format!("鲅综执罚〔2017〕{i}号")));
    }
}

#[test]
fn a_one_page_sheet_is_small_and_quick() {
    let doc = one_page_doc();
    render(&doc, &Embedded::none()).unwrap(); // fonts parsed once, before timing
    let start = Instant::now();
    let pdf = render(&doc, &Embedded::payload(payload())).unwrap();
    let elapsed = start.elapsed();
    std::fs::write(std::env::temp_dir().join("sheet-one-page.pdf"), &pdf).unwrap();
    let pages = extract_text(&pdf).unwrap();
    assert_eq!(pages.len(), 1);
    assert!(pages[0].contains("第 1 页 共 1 页"));
    assert!(pdf.len() < 100 * 1024, "one page weighs {} bytes", pdf.len());
    eprintln!("one page: {} bytes in {elapsed:?}", pdf.len());
}

#[test]
fn the_same_input_renders_to_the_same_bytes() {
    let doc = one_page_doc();
    let a = render(&doc, &Embedded::payload(payload())).unwrap();
    let b = render(&doc, &Embedded::payload(payload())).unwrap();
    assert!(a == b, "rendering is deterministic");
    let c = render(&doc, &Embedded::payload(payload() + " ")).unwrap();
    assert!(a != c);
    let mut draft = sample_doc();
    draft.draft = true;
    assert!(render(&draft, &Embedded::none()).unwrap() == render(&draft, &Embedded::none()).unwrap());
}

#[test]
fn changing_what_a_page_draws_shows_in_the_extracted_text() {
    let doc = one_page_doc();
    let pdf = render(&doc, &Embedded::payload(payload())).unwrap();
    // Tamper with the page the way a forger would: decompress, change what is drawn, keep
    // everything else.
    let mut parsed = lopdf::Document::load_mem(&pdf).unwrap();
    parsed.decompress();
    let page_id = *parsed.get_pages().get(&1).unwrap();
    let content = parsed.get_page_content(page_id);
    let mut new_ops = lopdf::content::Content::decode(&content).unwrap().operations;
    // Swap what two lines draw (using only glyphs the page already has, as a forger must).
    let tj: Vec<usize> = new_ops.iter().enumerate().filter(|(_, o)| o.operator == "TJ").map(|(i, _)| i).collect();
    let (a, b) = (tj[0], tj[1]); // the title and the document number, both in the serif face
    let tmp = new_ops[a].operands.clone();
    new_ops[a].operands = new_ops[b].operands.clone();
    new_ops[b].operands = tmp;
    let encoded = lopdf::content::Content { operations: new_ops }.encode().unwrap();
    let contents = parsed.get_page_contents(page_id);
    let stream = parsed.get_object_mut(contents[0]).unwrap().as_stream_mut().unwrap();
    stream.set_plain_content(encoded);
    let mut forged = Vec::new();
    parsed.save_to(&mut forged).unwrap();

    let original = extract_text(&pdf).unwrap();
    let after = extract_text(&forged).unwrap();
    assert_ne!(original, after, "a changed page reads differently");
    assert_eq!(original, page_texts(&doc).unwrap());
    // The payload is untouched by that, so a verifier comparing the two sees the forgery.
    assert_eq!(read_embedded(&forged).unwrap().as_deref(), Some(payload().as_str()));
}

#[test]
fn garbage_and_truncated_files_give_errors_not_panics() {
    let pdf = render(&one_page_doc(), &Embedded::payload(payload())).unwrap();
    assert!(matches!(read_embedded(b""), Err(SheetError::NotPdf(_))));
    assert!(matches!(extract_text(b"hello"), Err(SheetError::NotPdf(_))));
    assert!(matches!(read_embedded(&[0xFF; 4096]), Err(SheetError::NotPdf(_))));
    // Cut the file anywhere: an error or (if the cut spares what is read) the right answer.
    for cut in (0..pdf.len()).step_by(pdf.len() / 97 + 1).chain([pdf.len() - 1, pdf.len() - 10]) {
        let part = &pdf[..cut];
        if let Ok(Some(p)) = read_embedded(part) {
            assert_eq!(p, payload());
        }
        let _ = extract_text(part);
    }
    // Flip bytes in the middle.
    let mut broken = pdf.clone();
    for i in (1000..broken.len()).step_by(997) {
        broken[i] ^= 0x5A;
    }
    let _ = read_embedded(&broken);
    let _ = extract_text(&broken);
}

#[test]
fn a_pdf_from_elsewhere_is_not_ours() {
    // A minimal valid PDF made by lopdf with a standard font: no attachment, foreign font.
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" });
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let content = b"BT /F1 12 Tf 100 700 Td (Hello) Tj ET".to_vec();
    let content_id = doc.add_object(Stream::new(dictionary! {}, content));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id, "Resources" => resources_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();

    assert_eq!(read_embedded(&bytes).unwrap(), None);
    let err = extract_text(&bytes).unwrap_err();
    assert!(matches!(err, SheetError::NotOurs(_)), "{err}");
    assert!(err.to_string().contains("Helvetica") || err.to_string().contains("F1"));
}
