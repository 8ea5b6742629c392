//! The printed sheet of format 3 (renderer `daocha-sheet-renderer-2`), laid out from the signed
//! content and the signatures alone: a pure function, so that `daocha verify` can rebuild it from
//! what a PDF carries and compare it with what the PDF shows. Sheets of formats 1 and 2 are drawn
//! by `doc_v1` (renderer 1), which never changes.
//!
//! What a unit's director reads, in plain words: who inspected (with 执法证号), what was there to
//! examine and how the samples were drawn, in the order of the method (收据 → 台账 → 案卷); the
//! five categories of the plan with their counts, zero included; every problem with its suggestion
//! and the unit's rectification (or 未提出); the scores; then, on the page of the signatures, the
//! date, the unit's opinion and the place for its seal. Hashes, fingerprints and algorithm names
//! are in an appendix, 核验信息, with one line on how anyone re-checks. Every page carries the
//! version and a short check code.

use crate::domain::Fen;
use crate::domain::dates::{format_chinese, parse_date};
use crate::domain::taxonomy::CATEGORIES;
use crate::sheet::{Align, Block, Footer, SheetDoc, SignatureBox, Style};

use super::content::{FindingLine, SampleLine, SheetContent};
use super::{SignedBy, fingerprint};

const CHINESE_NUMBERS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

fn chinese_date(iso: &str) -> String {
    parse_date(iso).map(format_chinese).unwrap_or_else(|_| iso.to_string())
}

/// ISO dates inside free text (`2017-05-17`, as checks write them) in the Chinese form paper uses.
fn chinese_dates_in(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let candidate: String = chars[i..chars.len().min(i + 10)].iter().collect();
        let boundary_before = i == 0 || !chars[i - 1].is_ascii_digit();
        let boundary_after = chars.get(i + 10).is_none_or(|c| !c.is_ascii_digit());
        if candidate.len() == 10 && boundary_before && boundary_after {
            let shaped = candidate
                .chars()
                .enumerate()
                .all(|(k, c)| if k == 4 || k == 7 { c == '-' } else { c.is_ascii_digit() });
            if shaped && let Ok(date) = parse_date(&candidate) {
                out.push_str(&format_chinese(date));
                i += 10;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

fn money(amount: Fen) -> String {
    format!("{} 元（{}）", amount.to_grouped(), amount.to_capital())
}

/// The first eight hex digits of a digest, in capitals: the check code printed on every page.
pub fn check_code(digest: &str) -> String {
    digest.chars().take(8).collect::<String>().to_uppercase()
}

/// The signing time (RFC 3339, UTC) in Beijing time, as printed.
fn signing_time(signed_at: &str) -> Option<String> {
    let utc = chrono::DateTime::parse_from_rfc3339(signed_at).ok()?.with_timezone(&chrono::Utc);
    let local = super::beijing(utc);
    Some(format!("{}（北京时间）", local.format("%Y年%-m月%-d日 %H:%M")))
}

/// Lays out the sheet. `signatures` empty and `draft` true for a draft.
pub fn build(content: &SheetContent, digest: Option<&str>, signatures: &[SignedBy], draft: bool) -> SheetDoc {
    let mut blocks = Vec::new();
    let mut section = 0usize;
    let mut heading = |blocks: &mut Vec<Block>, text: &str| {
        blocks.push(Block::Heading(format!("{}、{text}", CHINESE_NUMBERS[section.min(9)])));
        section += 1;
    };

    heading(&mut blocks, "检查基本情况");
    blocks.push(Block::KeyValues(basic_facts(content)));

    heading(&mut blocks, "检查的材料和随机抽样");
    let examined_anything = content.examined.as_ref().is_some_and(|e| e.receipts + e.ledger_entries + e.case_files > 0);
    material_and_samples(content, examined_anything, &mut blocks);

    heading(&mut blocks, "发现的问题");
    findings(content, examined_anything, &mut blocks);

    heading(&mut blocks, "案卷评查结果");
    scores(content, &mut blocks);

    heading(&mut blocks, "建议意见");
    suggestions(content, &mut blocks);

    heading(&mut blocks, "受检单位整改措施");
    promises(content, &mut blocks);

    let closing = closing(content);
    let signatures_boxes = signature_boxes(content, signatures);
    let Verification { footer, page_mark, appendix } = verification(content, digest, signatures, draft);
    let case_title = if content.case.is_some() { "案卷" } else { "" };
    SheetDoc {
        title: format!("{}行政处罚{case_title}检查反馈意见书", content.unit),
        subtitle: Some(if draft {
            format!("第 {} 版（草稿）", content.number)
        } else {
            format!("第 {} 版", content.number)
        }),
        blocks,
        signatures: signatures_boxes,
        footer,
        draft,
        style: Style::V2,
        page_mark,
        closing,
        appendix,
        created: (!content.signed_at.is_empty()).then(|| content.signed_at.clone()),
        masthead: None,
    }
}

/// 检查基本情况: the unit, the date and place, the team with their 执法证号, the unit's
/// representative and the recordings.
fn basic_facts(content: &SheetContent) -> Vec<(String, String)> {
    let team: Vec<String> = content
        .inspectors
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut notes = Vec::new();
            if i == 0 {
                notes.push("组长".to_string());
            }
            if !p.cert_no.is_empty() {
                notes.push(format!("执法证号 {}", p.cert_no));
            }
            if notes.is_empty() { p.name.clone() } else { format!("{}（{}）", p.name, notes.join("，")) }
        })
        .collect();
    let representative = content.signers.iter().find(|s| s.role == "受检单位负责人");
    let contact = match representative {
        Some(r) if !r.position.is_empty() => format!("{}（{}）", r.name, r.position),
        Some(r) => r.name.clone(),
        None => content.unit_contact.clone(),
    };
    let mut facts = vec![
        ("受检单位".to_string(), content.unit.clone()),
        ("执法领域".to_string(), format!("{}（{}）", content.domain, content.unit_kind)),
        ("检查日期".to_string(), chinese_date(&content.date)),
        ("检查地点".to_string(), content.place.clone()),
        ("检查人员".to_string(), team.join("、")),
        ("受检单位负责人".to_string(), contact),
        (
            "录音录像".to_string(),
            if content.recordings.is_empty() {
                "无".into()
            } else {
                content.recordings.iter().map(|r| chinese_dates_in(r)).collect::<Vec<_>>().join("；")
            },
        ),
    ];
    if let Some(case) = &content.case {
        facts.insert(1, ("检查案卷".to_string(), case.clone()));
    }
    facts
}

/// 检查的材料和随机抽样: what the unit handed over, then every draw with its method and seed,
/// what the table cannot hold, the items drawn and what the checked samples say.
fn material_and_samples(content: &SheetContent, examined_anything: bool, blocks: &mut Vec<Block>) {
    if let Some(e) = &content.examined {
        blocks.push(Block::Paragraph(if examined_anything {
            format!(
                "受检单位提供罚没款收据 {} 张、处罚台账 {} 条、处罚案卷 {} 卷、执法人员名册 {} 人。",
                e.receipts, e.ledger_entries, e.case_files, e.officers
            )
        } else {
            "受检单位尚未提供罚没款收据、处罚台账和处罚案卷，本次检查没有可供抽查的材料。".to_string()
        }));
    }
    if content.samples.is_empty() {
        blocks.push(Block::Paragraph("本次检查未进行随机抽样。".into()));
        return;
    }
    blocks.push(Block::Paragraph(
        "依照专项治理方案“先抽查罚没款收据、再抽查处罚台账、后抽查处罚案卷”的倒查机制，按下列方法和随机种子抽取；每一次抽取都列在下表（重抽的不删除）。任何人可用相同的材料和随机种子重新抽取核对（见附录“核验信息”）。".into(),
    ));
    blocks.push(samples_table(&content.samples));
    // What the table cannot hold: why a population was drawn again, a public source, how the
    // size was computed, the strata.
    for s in &content.samples {
        sample_notes(s, blocks);
    }
    for s in content.samples.iter().filter(|s| !s.redrawn) {
        let mut line = format!("抽中的{}：{}。", s.population, s.selected.join("、"));
        if let Some(amount) = s.amount {
            line.push_str(&format!("金额合计 {}。", money(amount)));
        }
        blocks.push(Block::Paragraph(line));
    }
    let conclusions: Vec<&SampleLine> =
        content.samples.iter().filter(|s| !s.redrawn && !s.evaluation.is_empty()).collect();
    if !conclusions.is_empty() {
        blocks.push(Block::Paragraph("抽样结论：".into()));
        for s in conclusions {
            blocks.push(Block::Paragraph(format!("{}：{}", s.population, s.evaluation)));
        }
    }
}

/// The table of every draw: population (and which draw), method, seed, population and sample size.
fn samples_table(samples: &[SampleLine]) -> Block {
    Block::Table {
        headers: vec!["抽样对象".into(), "抽样方法".into(), "随机种子".into(), "总体".into(), "样本".into()],
        widths: vec![2.6, 4.4, 2.4, 1.6, 1.4],
        rows: samples
            .iter()
            .map(|s| {
                let mut who = match s.year {
                    Some(y) => format!("{}（{y}年）", s.population),
                    None => s.population.clone(),
                };
                if s.draw > 1 {
                    who.push_str(&format!("\n第 {} 次抽取", s.draw));
                }
                if s.redrawn {
                    who.push_str("\n（已重抽）");
                }
                let mut method = match s.interval {
                    Some(interval) => format!("{}，抽样间隔 {} 元", s.method, interval.to_grouped()),
                    None => s.method.clone(),
                };
                if !s.strata.is_empty() {
                    method.push_str("，分层抽取");
                }
                let seed = match s.seed_source.as_str() {
                    "" => s.seed.clone(),
                    source if source.starts_with("公开来源") => format!("{}\n（公开来源）", s.seed),
                    source => format!("{}\n（{source}）", s.seed),
                };
                vec![who, method, seed, s.population_size.to_string(), s.selected.len().to_string()]
            })
            .collect(),
        align: vec![Align::Left, Align::Left, Align::Left, Align::Right, Align::Right],
    }
}

/// One draw's notes below the table: the reason for a redraw, a public seed source, the size
/// plan, and its strata as a table of their own.
fn sample_notes(s: &SampleLine, blocks: &mut Vec<Block>) {
    let title = if s.draw > 1 { format!("{}第 {} 次抽取", s.population, s.draw) } else { s.population.clone() };
    let mut notes = Vec::new();
    if !s.reason.is_empty() {
        notes.push(format!("重新抽取的理由：{}。", s.reason.trim_end_matches('。')));
    }
    if s.seed_source.starts_with("公开来源") {
        notes.push(format!("随机种子取自{}。", s.seed_source.trim_end_matches('。')));
    }
    if !s.plan.is_empty() {
        notes.push(s.plan.clone());
    }
    if !notes.is_empty() {
        blocks.push(Block::Paragraph(format!("{title}：{}", notes.concat())));
    }
    if !s.strata.is_empty() {
        blocks.push(Block::Paragraph(format!("{title}分层抽取，各层的总体和抽取数如下（关键项目全部抽取）：")));
        blocks.push(Block::Table {
            headers: vec!["层".into(), "总体".into(), "抽取".into()],
            widths: vec![8.0, 2.0, 2.0],
            rows: s
                .strata
                .iter()
                .map(|st| vec![st.label.clone(), st.population_size.to_string(), st.drawn.to_string()])
                .collect(),
            align: vec![Align::Left, Align::Right, Align::Right],
        });
    }
}

/// 发现的问题: the count in each of the plan's five categories (zero included), then each
/// category's problems with their facts, basis, suggestion and rectification.
fn findings(content: &SheetContent, examined_anything: bool, blocks: &mut Vec<Block>) {
    let counts: Vec<String> = CATEGORIES
        .iter()
        .map(|c| format!("{} {} 个", c.name, content.findings.iter().filter(|f| f.category == c.number).count()))
        .collect();
    blocks.push(Block::Paragraph(format!("按专项治理方案的五类问题：{}。", counts.join("，"))));
    if content.findings.is_empty() {
        blocks.push(Block::Paragraph(if examined_anything || !content.samples.is_empty() {
            "经现场检查，在上述材料中未发现问题。".into()
        } else {
            "本次检查未抽查材料，未作问题认定。".into()
        }));
    }
    let mut sub = 0usize;
    for category in &CATEGORIES {
        let rows: Vec<_> = content.findings.iter().filter(|f| f.category == category.number).collect();
        if rows.is_empty() {
            continue;
        }
        blocks.push(Block::Paragraph(format!(
            "（{}）{}（{} 个）",
            CHINESE_NUMBERS[sub.min(9)],
            category.name,
            rows.len()
        )));
        sub += 1;
        for (i, f) in rows.iter().enumerate() {
            blocks.push(Block::Paragraph(format!("{}．{}：{}。", i + 1, f.case, f.item)));
            blocks.push(Block::KeyValues(finding_facts(f)));
        }
    }
}

/// One finding's facts (with where it is in the recordings), legal basis, suggestion,
/// rectification (未提出 when there is none) and who confirmed it on site.
fn finding_facts(f: &FindingLine) -> Vec<(String, String)> {
    let mut pairs = vec![("事实".to_string(), chinese_dates_in(&f.facts_and_recording()))];
    if !f.legal_basis.trim().is_empty() {
        pairs.push(("依据".to_string(), f.legal_basis.clone()));
    }
    pairs.push((
        "建议".to_string(),
        if f.suggestion.trim().is_empty() { "未提出".to_string() } else { f.suggestion.clone() },
    ));
    pairs.push((
        "整改措施".to_string(),
        if f.rectification.trim().is_empty() { "未提出".to_string() } else { f.rectification.clone() },
    ));
    if !f.confirmed_by.trim().is_empty() {
        pairs.push(("现场确认".to_string(), f.confirmed_by.clone()));
    }
    pairs
}

/// 案卷评查结果: each case's score and grade (a provisional score noted), and the standard used.
fn scores(content: &SheetContent, blocks: &mut Vec<Block>) {
    if content.scores.is_empty() {
        blocks.push(Block::Paragraph("本次检查未对案卷评分。".into()));
        return;
    }
    blocks.push(Block::Table {
        headers: vec!["案卷".into(), "得分".into(), "等次".into(), "说明".into()],
        widths: vec![3.6, 1.3, 1.4, 6.0],
        rows: content
            .scores
            .iter()
            .map(|s| {
                let mut notes = Vec::new();
                if let Some(veto) = &s.veto {
                    notes.push(format!("一票否决：{veto}"));
                } else if !s.incomplete.is_empty() {
                    notes.push(format!("未评完：{}，得分为暂计，不定等次", s.incomplete));
                }
                let score = if s.grade == "未评完" { format!("{}（暂计）", s.score) } else { s.score.clone() };
                let grade = if s.grade == "未评完" { "—".to_string() } else { s.grade.clone() };
                vec![s.case.clone(), score, grade, notes.join("；")]
            })
            .collect(),
        align: vec![Align::Left, Align::Right, Align::Center, Align::Left],
    });
    if let Some(standard) = content.scores.first().map(|s| s.standard.clone()) {
        blocks.push(Block::Paragraph(format!("评查标准：{standard}。")));
    }
}

/// 建议意见: the general request, then each distinct suggestion numbered.
fn suggestions(content: &SheetContent, blocks: &mut Vec<Block>) {
    let mut suggestions: Vec<String> =
        content.findings.iter().map(|f| f.suggestion.trim().to_string()).filter(|s| !s.is_empty()).collect();
    suggestions.dedup();
    blocks.push(Block::Paragraph(
        "请受检单位对上述问题逐项核实，立行立改；一时难以整改的，列出时间表，逐步整改到位。".into(),
    ));
    for (i, s) in suggestions.iter().enumerate() {
        blocks.push(Block::Paragraph(format!("{}. {s}", i + 1)));
    }
}

/// 受检单位整改措施: the unit's promises as a table.
fn promises(content: &SheetContent, blocks: &mut Vec<Block>) {
    if content.promises.is_empty() {
        blocks.push(Block::Paragraph("受检单位尚未提出整改措施。".into()));
        return;
    }
    blocks.push(Block::Table {
        headers: vec!["问题".into(), "整改措施".into(), "责任人".into(), "方式".into(), "整改期限".into()],
        widths: vec![4.0, 5.0, 1.6, 1.8, 2.6],
        rows: content
            .promises
            .iter()
            .map(|p| {
                vec![
                    p.problem.clone(),
                    p.measure.clone(),
                    p.responsible.clone(),
                    p.mode.clone(),
                    p.deadline.as_deref().map(chinese_date).unwrap_or_else(|| "—".into()),
                ]
            })
            .collect(),
        align: vec![],
    });
}

/// The end of the text, on the page of the signatures: the unit's opinion, the team and date,
/// the signing time, the place for the seal.
fn closing(content: &SheetContent) -> Vec<Block> {
    let mut closing = vec![
        Block::Paragraph("受检单位意见：□ 无异议　　□ 有异议（请写明，可另附页）：".into()),
        Block::Paragraph("\n\n".into()),
        Block::RightAligned(vec!["区规范行政处罚行为专项治理抽查小组".into(), chinese_date(&content.date)]),
    ];
    if let Some(when) = signing_time(&content.signed_at) {
        closing.push(Block::Paragraph(format!("签署时间：{when}。")));
    }
    closing.push(Block::KeyValues(vec![
        ("受检单位（盖章）".to_string(), "　".to_string()),
        ("签收日期".to_string(), "　　　　年　　月　　日".to_string()),
    ]));
    closing
}

/// A box for each signer, with their strokes when they signed, and their position or 执法证号.
fn signature_boxes(content: &SheetContent, signatures: &[SignedBy]) -> Vec<SignatureBox> {
    content
        .signers
        .iter()
        .map(|line| {
            let signed = signatures.iter().find(|s| s.role == line.role && s.name == line.name);
            let note = if line.role == "受检单位负责人" {
                (!line.position.is_empty()).then(|| line.position.clone())
            } else {
                (!line.cert_no.is_empty()).then(|| format!("执法证号 {}", line.cert_no))
            };
            SignatureBox {
                role: line.role.clone(),
                name: line.name.clone(),
                strokes: signed
                    .map(|s| {
                        s.strokes.iter().map(|st| st.iter().map(|p| [p[0] as f32, p[1] as f32]).collect()).collect()
                    })
                    .unwrap_or_default(),
                note,
            }
        })
        .collect()
}

/// What makes a sheet checkable, kept out of the text a director reads.
struct Verification {
    footer: Footer,
    page_mark: Option<String>,
    appendix: Vec<Block>,
}

/// The footer, the mark on every page and the appendix 核验信息 of a signed sheet; of a draft,
/// the draft's footer and mark and no appendix.
fn verification(content: &SheetContent, digest: Option<&str>, signatures: &[SignedBy], draft: bool) -> Verification {
    match digest {
        Some(digest) if !draft => Verification {
            page_mark: Some(format!("第 {} 版 · 校验码 {}", content.number, check_code(digest))),
            appendix: appendix(content, digest),
            footer: Footer {
                digest: None,
                qr_payload: Some(super::qr_payload(digest, signatures)),
                lines: vec![
                    format!(
                        "第 {} 版{}",
                        content.number,
                        content
                            .replaces
                            .map(|_| format!("，取代第 {} 版", content.number.saturating_sub(1)))
                            .unwrap_or_default()
                    ),
                    "二维码内容：签署内容摘要和签名人的公钥指纹。".into(),
                ],
            },
        },
        _ => Verification {
            page_mark: Some(format!("第 {} 版草稿（未签署）", content.number)),
            appendix: Vec::new(),
            footer: Footer {
                digest: None, qr_payload: None, lines: vec!["本稿未经签署，仅供现场核对。".into()]
            },
        },
    }
}

/// 核验信息: how anyone re-checks the sheet, the digest, the keys' fingerprints and each draw's
/// algorithm and population hash.
fn appendix(content: &SheetContent, digest: &str) -> Vec<Block> {
    let mut pairs = vec![("签署内容摘要".to_string(), digest.to_string())];
    if !content.lead_key.is_empty() {
        pairs.push(("组长公钥指纹".to_string(), fingerprint(&content.lead_key)));
    }
    for line in content.signers.iter().filter(|l| l.public_key.is_some()) {
        if let Some(key) = &line.public_key {
            pairs.push((format!("{}的公钥指纹", line.name), fingerprint(key)));
        }
    }
    for s in &content.samples {
        pairs.push((
            format!("{}第 {} 次抽样", s.population, s.draw.max(1)),
            format!("算法 {}；总体 SHA-256 {}", s.algorithm, s.population_sha256),
        ));
    }
    vec![
        Block::Heading("附：核验信息".into()),
        Block::Paragraph(
            "本意见书的签署内容和电子签名附在 PDF 文件中。核验方法：用倒查运行 daocha verify 本文件.pdf --team 团队数据库（或 --lead-key 组长公钥），程序会逐字节重新生成并核对签名；纸面上每页页脚的校验码应与下列签署内容摘要的前 8 位一致。".into(),
        ),
        Block::KeyValues(pairs),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_in_text_read_as_chinese_dates() {
        assert_eq!(
            chinese_dates_in("决定日期2017-05-17，缴款日期2017-06-01。"),
            "决定日期2017年5月17日，缴款日期2017年6月1日。"
        );
        assert_eq!(chinese_dates_in("编号12017-05-171不是日期"), "编号12017-05-171不是日期");
        assert_eq!(chinese_dates_in("2017-13-40"), "2017-13-40");
    }

    #[test]
    fn the_check_code_is_the_digests_first_eight_digits() {
        assert_eq!(check_code("9763f26e0011"), "9763F26E");
    }
}
