//! The Word copy of an official document (`sheet::to_docx`): the package is opened again and its
//! XML checked — the 版头, the title, every paragraph's text in order, sizes, the red mark and rule,
//! the page set-up and grid, the odd and even folios — and, where LibreOffice is installed, the
//! file is converted to PDF and its text read back.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Cursor, Read};
use std::path::Path;
use std::process::Command;

use daocha::sheet::{Align, Block, Masthead, SheetDoc, Style, to_docx};

const ISSUER: &str = "营口市鲅鱼圈区人民政府办公室文件";
const NUMBER: &str = "鲅政办发〔2017〕45号";
const TITLE: &str = "关于行政处罚案卷专项抽查发现典型问题的通报";

/// A 全区通报 long enough for three pages.
fn notice() -> SheetDoc {
    let case = |n: usize| {
        format!(
            "区综合执法局鲅综执罚〔2017〕{n}号案，罚款收据金额与处罚决定书不一致：决定书载明罚款1,500.00元（壹仟伍佰元整），\
             收据为1,000.00元，差额未作说明。违反《中华人民共和国行政处罚法》第六十七条、第七十条的规定。\
             检查组已当场指出，该局已于2017年9月20日前补正并说明情况。"
        )
    };
    let mut blocks = vec![
        Block::Unindented("各镇、办事处，驻区执法单位，区本级执法部门及所属执法机构：".into()),
        Block::Paragraph(
            "根据《鲅鱼圈区行政处罚专项整治工作方案》，区行政处罚专项整治抽查小组于2017年9月对全区执法单位的行政处罚案卷进行了抽查。现将抽查中发现的典型问题通报如下。"
                .into(),
        ),
        Block::Heading("一、基本情况".into()),
        Block::KeyValues(vec![
            ("抽查单位".into(), "12个".into()),
            ("抽查案卷：".into(), "96卷".into()),
        ]),
        Block::Table {
            headers: vec!["序号".into(), "单位".into(), "问题数".into()],
            widths: vec![1.0, 4.0, 1.5],
            rows: vec![
                vec!["1".into(), "区综合执法局".into(), "5".into()],
                vec!["2".into(), "区市场监督管理局 & 所属<分局>".into(), "3".into()],
            ],
            align: vec![Align::Center, Align::Left, Align::Right],
        },
        Block::Bars {
            title: "图1　问题数".into(),
            labels: vec!["区综合执法局".into(), "区市场监督管理局".into()],
            values: vec![5],
        },
        Block::Heading("二、典型问题".into()),
    ];
    for n in 1..=6 {
        blocks.push(Block::Paragraph(case(n)));
    }
    blocks.push(Block::Paragraph("请各单位对照检查。\n附：问题清单".into()));
    SheetDoc {
        title: TITLE.into(),
        subtitle: None,
        blocks,
        signatures: Vec::new(),
        footer: Default::default(),
        draft: false,
        style: Style::Document,
        page_mark: None,
        closing: vec![Block::RightAligned(vec!["营口市鲅鱼圈区人民政府办公室".into(), "2017年9月12日".into()])],
        appendix: vec![Block::Unindented("（此件公开发布）".into())],
        created: Some("2017-09-12T06:30:00Z".into()),
        masthead: Some(Masthead { issuer: ISSUER.into(), number: NUMBER.into() }),
    }
}

/// The parts of a .docx, by name.
fn parts(bytes: &[u8]) -> std::collections::BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = std::collections::BTreeMap::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        if file.is_dir() {
            continue;
        }
        let mut text = String::new();
        file.read_to_string(&mut text).unwrap();
        out.insert(file.name().unwrap().to_string(), text);
    }
    out
}

/// One `<w:p>` of a part: its XML and its text (`<w:br/>` as `\n`).
struct Para {
    xml: String,
    text: String,
}

/// The paragraphs of a part, in order (table cells' included), with their text read by an XML
/// parser (so the part must be well-formed and entities are decoded).
fn paragraphs(xml: &str) -> Vec<Para> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut start = None;
    let mut text = String::new();
    let mut in_t = false;
    loop {
        let before = reader.buffer_position() as usize;
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == "w:p" => {
                start = Some(before);
                text.clear();
            }
            Event::Start(e) if e.name().as_ref() == "w:t" => in_t = true,
            Event::End(e) if e.name().as_ref() == "w:t" => in_t = false,
            Event::Empty(e) if e.name().as_ref() == "w:br" => text.push('\n'),
            Event::Text(t) if in_t => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_t => match r.resolve_char_ref().unwrap() {
                Some(c) => text.push(c),
                None => text.push_str(quick_xml::escape::resolve_xml_entity(&r).unwrap()),
            },
            Event::End(e) if e.name().as_ref() == "w:p" => {
                let end = reader.buffer_position() as usize;
                out.push(Para { xml: xml[start.take().unwrap()..end].to_string(), text: std::mem::take(&mut text) });
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Every `w:sz` value in `xml`.
fn sizes(xml: &str) -> Vec<u32> {
    xml.match_indices("<w:sz w:val=\"")
        .map(|(i, m)| xml[i + m.len()..].split('"').next().unwrap().parse().unwrap())
        .collect()
}

/// Every run of `xml` is `sz` half-points.
fn assert_sizes(xml: &str, sz: u32) {
    let found = sizes(xml);
    assert!(!found.is_empty() && found.iter().all(|s| *s == sz), "{found:?} in {xml}");
}

fn find<'a>(paras: &'a [Para], text: &str) -> &'a Para {
    paras.iter().find(|p| p.text == text).unwrap_or_else(|| panic!("no paragraph {text:?}"))
}

#[test]
fn the_document_holds_the_masthead_title_and_every_paragraph_in_order() {
    let doc = notice();
    let parts = parts(&to_docx(&doc).unwrap());
    let document = &parts["word/document.xml"];
    let paras = paragraphs(document);
    let texts: Vec<&str> = paras.iter().map(|p| p.text.as_str()).collect();

    // The title (21 characters of 22 pt, too long for 156 mm) in two even lines, as the PDF sets it.
    let title_lines = "关于行政处罚案卷专项抽\n查发现典型问题的通报";
    assert_eq!(title_lines.replace('\n', ""), TITLE);
    let mut expected: Vec<String> = vec![ISSUER.into(), NUMBER.into(), title_lines.into()];
    for block in doc.blocks.iter().chain(&doc.closing).chain(&doc.appendix) {
        match block {
            Block::Heading(t) | Block::Paragraph(t) | Block::Unindented(t) => expected.push(t.clone()),
            Block::KeyValues(pairs) => {
                expected.extend(pairs.iter().map(|(k, v)| format!("{}：{v}", k.trim_end_matches('：'))))
            }
            Block::Table { headers, rows, .. } => {
                expected.extend(headers.iter().cloned());
                expected.extend(rows.iter().flatten().cloned());
            }
            Block::RightAligned(lines) => expected.extend(lines.iter().cloned()),
            // A chart: its title, then label and value (a missing value is 0), then a short
            // empty line.
            Block::Bars { title, labels, values } => {
                expected.push(title.clone());
                for (i, label) in labels.iter().enumerate() {
                    expected.extend([label.clone(), values.get(i).copied().unwrap_or(0).to_string()]);
                }
                expected.push(String::new());
            }
        }
    }
    assert_eq!(texts, expected);
    assert!(texts.contains(&"区市场监督管理局 & 所属<分局>"), "escaped text comes back as written");
    assert!(texts.contains(&"抽查案卷：96卷"), "a label's own colon is not doubled");

    // 版头: the mark in red, as large as fits 156 mm (16 characters: 27.6 pt → 55 half-points), 35 mm
    // (1984 twips) under the top of the text block.
    let issuer = find(&paras, ISSUER);
    assert!(issuer.xml.contains(r#"<w:color w:val="C00000" />"#), "{}", issuer.xml);
    assert_sizes(&issuer.xml, 55);
    assert!(issuer.xml.contains(r#"w:eastAsia="方正小标宋简体""#));
    assert!(issuer.xml.contains(r#"w:ascii="Times New Roman""#));
    assert!(issuer.xml.contains(r#"<w:jc w:val="center" />"#));
    assert!(issuer.xml.contains(r#"w:before="1984""#), "{}", issuer.xml);
    // The number two lines under it, with the red rule as its bottom border 4 mm under it.
    let number = find(&paras, NUMBER);
    assert!(number.xml.contains("<w:pBdr>"), "{}", number.xml);
    let rule = number.xml.split("<w:pBdr>").nth(1).unwrap().split("</w:pBdr>").next().unwrap();
    assert!(rule.starts_with("<w:bottom ") && rule.matches("<w:").count() == 1, "only a bottom border: {rule}");
    for attr in [r#"w:val="single""#, r#"w:sz="10""#, r#"w:space="11""#, r#"w:color="C00000""#] {
        assert!(rule.contains(attr), "{attr} in {rule}");
    }
    assert!(number.xml.contains(r#"w:before="1158""#));
    assert!(number.xml.contains(r#"w:eastAsia="仿宋_GB2312""#));
    assert_sizes(&number.xml, 32);
    // The title: 二号 小标宋, centred, two lines under the rule.
    let title = find(&paras, title_lines);
    assert_sizes(&title.xml, 44);
    assert!(title.xml.contains(r#"w:eastAsia="方正小标宋简体""#));
    assert!(title.xml.contains(r#"<w:jc w:val="center" />"#));
    assert!(title.xml.contains(r#"w:before="1158""#));
    // Only the mark is red.
    assert_eq!(document.matches("C00000").count(), 2, "the mark's colour and the rule");

    // Body: 三号 仿宋, justified, first line two characters in; 主送机关 flush left; headings 黑体.
    let body = find(&paras, &doc_paragraph(&doc, 1));
    assert!(body.xml.contains(r#"<w:ind w:left="0" w:right="0" w:firstLine="640" />"#), "{}", body.xml);
    assert!(body.xml.contains(r#"<w:jc w:val="both" />"#));
    assert!(body.xml.contains(r#"w:eastAsia="仿宋_GB2312""#));
    assert_sizes(&body.xml, 32);
    let unindented = find(&paras, "各镇、办事处，驻区执法单位，区本级执法部门及所属执法机构：");
    assert!(!unindented.xml.contains("w:firstLine"));
    let heading = find(&paras, "一、基本情况");
    assert!(heading.xml.contains(r#"w:eastAsia="黑体""#));
    assert!(heading.xml.contains(r#"w:firstLine="640""#));
    assert!(heading.xml.contains("<w:keepNext />"));
    assert_sizes(&heading.xml, 32);
    // A `\n` is a line break inside the paragraph.
    assert!(find(&paras, "请各单位对照检查。\n附：问题清单").xml.contains("<w:br w:type=\"textWrapping\" />"));

    // The table: header row bold 黑体, cells 五号, the column's alignment.
    assert!(document.contains("<w:tbl>"));
    let header = find(&paras, "单位");
    assert!(header.xml.contains("<w:b />") && header.xml.contains(r#"w:eastAsia="黑体""#), "{}", header.xml);
    assert_sizes(&header.xml, 21);
    assert!(find(&paras, "区综合执法局").xml.contains(r#"<w:jc w:val="left" />"#));
    assert!(find(&paras, "5").xml.contains(r#"<w:jc w:val="right" />"#));

    // 落款: right-aligned, one line under the text; the name two characters in from the right
    // (640 twips), the date starting two characters right of the name's start: it ends
    // 2 + 14 − 2 − 6.5 = 7.5 characters in from the right, counting a figure as half a character
    // (figures are measured with the PDF's face, a little wider: 7.2 characters).
    let name = find(&paras, "营口市鲅鱼圈区人民政府办公室");
    assert!(name.xml.contains(r#"<w:jc w:val="right" />"#));
    assert!(name.xml.contains(r#"w:right="640""#), "{}", name.xml);
    assert!(name.xml.contains(r#"w:before="579""#));
    let date = find(&paras, "2017年9月12日");
    assert!(date.xml.contains(r#"<w:jc w:val="right" />"#));
    let right: i32 = date.xml.split("w:right=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
    assert!((2240..=2400).contains(&right), "{}", date.xml);

    // The page: A4, 37/28/26/35 mm, 22 lines.
    assert!(document.contains(r#"<w:pgSz w:w="11906" w:h="16838" />"#), "{document}");
    assert!(document.contains(r#"w:top="2098" w:right="1474" w:bottom="1984" w:left="1588""#), "{document}");
    assert!(document.contains(r#"<w:docGrid w:type="lines" w:linePitch="579" />"#));
}

/// The `n`th `Block::Paragraph` of `doc`.
fn doc_paragraph(doc: &SheetDoc, n: usize) -> String {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(t) => Some(t.clone()),
            _ => None,
        })
        .nth(n - 1)
        .unwrap()
}

#[test]
fn page_numbers_are_dashed_odd_pages_right_even_pages_left() {
    let parts = parts(&to_docx(&notice()).unwrap());
    assert!(parts["word/settings.xml"].contains("<w:evenAndOddHeaders"), "{}", parts["word/settings.xml"]);
    let document = &parts["word/document.xml"];
    let rels = &parts["word/_rels/document.xml.rels"];
    // The default footer (odd pages) and the even one, each a part of its own.
    let footer_part = |kind: &str| {
        let at = document
            .find(&format!(r#"<w:footerReference w:type="{kind}" r:id=""#))
            .unwrap_or_else(|| panic!("{document}"));
        let id = document[at..].split("r:id=\"").nth(1).unwrap().split('"').next().unwrap();
        let at = rels.find(&format!(r#"Id="{id}""#)).unwrap();
        let target = rels[at..].split("Target=\"").nth(1).unwrap().split('"').next().unwrap();
        parts[&format!("word/{target}")].clone()
    };
    for (kind, jc, indent) in [("default", "right", r#"w:right="280""#), ("even", "left", r#"w:left="280""#)] {
        let footer = footer_part(kind);
        let paras = paragraphs(&footer);
        assert_eq!(paras.len(), 1, "{footer}");
        assert_eq!(paras[0].text, "— 1 —", "the PAGE field's last result between the dashes");
        assert!(footer.contains("<w:instrText>PAGE</w:instrText>"), "{footer}");
        assert!(footer.contains(r#"w:fldCharType="begin""#) && footer.contains(r#"w:fldCharType="end""#));
        assert!(footer.contains(&format!(r#"<w:jc w:val="{jc}" />"#)), "{kind}: {footer}");
        assert!(footer.contains(indent), "{kind}: {footer}");
        assert!(footer.contains(r#"w:eastAsia="宋体""#));
        assert_sizes(&footer, 28); // 四号 throughout, the number too
    }
}

#[test]
fn the_same_document_gives_the_same_bytes_dated_by_its_created_field() {
    let doc = notice();
    let a = to_docx(&doc).unwrap();
    // Other code on this thread making docx-rs paragraphs in between changes nothing.
    let _ = docx_rs::Paragraph::new();
    let b = to_docx(&doc).unwrap();
    assert!(a == b, "two runs on one thread differ");
    // On another thread too (docx-rs numbers paragraphs per thread).
    let c = std::thread::spawn(move || to_docx(&doc).unwrap()).join().unwrap();
    assert!(a == c, "a run on another thread differs");
    let core = &parts(&a)["docProps/core.xml"];
    assert!(core.contains("2017-09-12T06:30:00Z"), "{core}");
    // Without a date, a fixed one: nothing depends on the clock.
    let mut undated = notice();
    undated.created = None;
    let core = parts(&to_docx(&undated).unwrap())["docProps/core.xml"].clone();
    assert!(core.contains("1970-01-01T00:00:00Z") && !core.contains("2017-"), "{core}");
}

#[test]
fn hostile_text_still_makes_a_well_formed_document() {
    let mut doc = notice();
    doc.masthead = None;
    doc.subtitle = Some("第二版\u{0}\u{1b}".into());
    doc.title = "标题\u{7}含\u{feff}控制符\u{ffff}".into();
    doc.blocks = vec![
        Block::Paragraph("a\u{0}b\tc\r\nd\u{200b}e\u{1}".into()),
        Block::Table {
            headers: vec![],
            widths: vec![-1.0, f32::NAN],
            rows: vec![vec![], vec!["x".into()]],
            align: vec![],
        },
        Block::Table { headers: vec![], widths: vec![], rows: vec![], align: vec![] },
        Block::RightAligned(vec!["  ".into()]),
        Block::KeyValues(vec![]),
    ];
    let parts = parts(&to_docx(&doc).unwrap());
    // XML 1.0 cannot carry control characters (a parser that checks refuses the file).
    let bad: Vec<char> =
        parts["word/document.xml"].chars().filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')).collect();
    assert!(bad.is_empty(), "{bad:?}");
    let paras = paragraphs(&parts["word/document.xml"]);
    let texts: Vec<&str> = paras.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(&texts[..5], ["标题含控制符", "第二版", "ab c\nde", "", "x"]);
    // The subtitle: centred 三号 仿宋.
    assert!(paras[1].xml.contains(r#"<w:jc w:val="center" />"#), "{}", paras[1].xml);
    assert!(paras[1].xml.contains(r#"w:eastAsia="仿宋_GB2312""#));
    assert_sizes(&paras[1].xml, 32);
    // No masthead: the title starts the page, and nothing is red.
    assert!(!parts["word/document.xml"].contains("C00000"));
    assert!(!paras[0].xml.contains("w:before=\"1158\""));
}

/// Converts the notice with LibreOffice when it is installed and reads the PDF's text back. Set
/// `DAOCHA_DOCX_OUT` to a folder to keep the .docx and LibreOffice's PDF there, beside the PDF
/// daocha's own renderer makes of the same document (`notice-sheet.pdf`), to compare them.
#[test]
fn libreoffice_opens_it_when_installed() {
    let office = ["soffice", "libreoffice"]
        .into_iter()
        .find(|name| Command::new(name).arg("--version").output().map(|o| o.status.success()).unwrap_or(false));
    let Some(office) = office else {
        println!("skipped: neither soffice nor libreoffice is on PATH, the .docx is not converted");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let keep = std::env::var_os("DAOCHA_DOCX_OUT");
    let out: &Path = keep.as_deref().map(Path::new).unwrap_or(dir.path());
    std::fs::create_dir_all(out).unwrap();
    if keep.is_some() {
        let pdf = daocha::sheet::render(&notice(), &daocha::sheet::Embedded::none()).unwrap();
        std::fs::write(out.join("notice-sheet.pdf"), pdf).unwrap();
    }
    let docx = out.join("notice.docx");
    std::fs::write(&docx, to_docx(&notice()).unwrap()).unwrap();
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("profile").display());
    let mut child = Command::new(office)
        .args([&profile, "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(out)
        .arg(&docx)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // A conversion takes a few seconds; one that hangs must not hold the test run.
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(180) {
            child.kill().unwrap();
            panic!("{office} did not convert the .docx within 3 minutes");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert!(status.success(), "{office} failed: {status}");
    let pdf = out.join("notice.pdf");
    assert!(pdf.exists(), "{office} wrote no PDF");
    let Ok(text) = Command::new("pdftotext").args(["-layout"]).arg(&pdf).arg("-").output() else {
        println!("converted, but pdftotext is not on PATH: the text is not checked");
        return;
    };
    // Compared without white space: a long title wraps, and pdftotext puts spaces between figures
    // and ideographs.
    let text = String::from_utf8_lossy(&text.stdout);
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for needle in [TITLE, NUMBER, ISSUER, "—1—", "—2—", "—3—", "2017年9月12日", "区市场监督管理局&所属<分局>"]
    {
        assert!(squeezed.contains(needle), "{needle:?} not in the PDF's text:\n{text}");
    }
}

/// The 全区通报 as `campaign::notice` lays it out opens as a Word document with the same text: the
/// number's blank serial (an ideographic space) kept for the clerk to fill in.
#[test]
fn the_district_notice_makes_a_word_copy() {
    use daocha::campaign::notice::{NoticeCase, NoticeOptions, notice_doc};
    let case = NoticeCase {
        unit: "区综合执法局".into(),
        item: "罚没款未按规定缴库".into(),
        decision_no: Some("鲅综执罚〔2017〕12号".into()),
        facts: "罚款3000元收缴后60日未缴入国库".into(),
        legal_basis: "《罚款决定与罚款收缴分离实施办法》第十条".into(),
        handling: "整改措施：全部缴库（立行立改，已整改）。".into(),
        approval: "鲅专治组批〔2017〕2号".into(),
    };
    let options = NoticeOptions::defaults(chrono::NaiveDate::from_ymd_opt(2017, 10, 9).unwrap());
    let doc = notice_doc(&[case], &options);
    let bytes = to_docx(&doc).unwrap();
    let paras = paragraphs(&parts(&bytes)["word/document.xml"]);
    let texts: Vec<&str> = paras.iter().map(|p| p.text.as_str()).collect();
    // The title broken where the PDF breaks it (page 1's lines: mark, number, then the title's).
    let pdf = daocha::sheet::page_texts(&doc).unwrap();
    let pdf_title: Vec<&str> = pdf[0].lines().skip(2).take(2).collect();
    assert_eq!(pdf_title.concat(), doc.title, "{pdf:?}");
    assert_eq!(texts[..3], ["营口市鲅鱼圈区人民政府办公室文件", "鲅政办发〔2017〕　号", &pdf_title.join("\n")]);
    assert!(texts.contains(&"一、区综合执法局：罚没款未按规定缴库"), "{texts:?}");
    assert_eq!(texts[texts.len() - 2..], ["营口市鲅鱼圈区人民政府办公室", "2017年10月9日"]);
    if let Some(dir) = std::env::var_os("DAOCHA_DOCX_OUT") {
        std::fs::write(Path::new(&dir).join("district-notice.docx"), &bytes).unwrap();
    }
}
