//! The printed sheet of formats 1 and 2 (renderer `daocha-sheet-renderer-1`), kept exactly as
//! those sheets were laid out so that every sheet ever signed in them is drawn again byte for
//! byte by `daocha verify`. Do not change what it lays out: a new layout is a new renderer (`doc.rs`).

use crate::domain::Fen;
use crate::domain::dates::{format_chinese, parse_date};
use crate::domain::taxonomy::CATEGORIES;
use crate::sheet::{Align, Block, Footer, SheetDoc, SignatureBox};

use super::content::SheetContent;
use super::{SignedBy, fingerprint};

const CHINESE_NUMBERS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

fn chinese_date(iso: &str) -> String {
    parse_date(iso).map(format_chinese).unwrap_or_else(|_| iso.to_string())
}

fn money(amount: Fen) -> String {
    format!("{} 元（{}）", amount.to_grouped(), amount.to_capital())
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

    heading(&mut blocks, "随机抽样情况");
    samples(content, &mut blocks);

    heading(&mut blocks, "发现的问题");
    findings(content, &mut blocks);

    heading(&mut blocks, "案卷评查结果");
    scores(content, &mut blocks);

    heading(&mut blocks, "建议意见");
    suggestions(content, &mut blocks);

    heading(&mut blocks, "受检单位整改措施");
    promises(content, &mut blocks);
    blocks.push(Block::RightAligned(vec!["区规范行政处罚行为专项治理抽查小组".into(), chinese_date(&content.date)]));

    let signatures_boxes = signature_boxes(content, signatures);
    let footer = footer(content, digest, signatures, draft);
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
        style: crate::sheet::Style::V1,
        page_mark: None,
        closing: Vec::new(),
        appendix: Vec::new(),
        created: None,
        masthead: None,
    }
}

/// 检查基本情况: the unit, the date and place, the team, the unit's contact, the recordings.
fn basic_facts(content: &SheetContent) -> Vec<(String, String)> {
    let team: Vec<String> = content
        .inspectors
        .iter()
        .enumerate()
        .map(|(i, p)| if i == 0 { format!("{}（组长）", p.name) } else { p.name.clone() })
        .collect();
    let mut facts = vec![
        ("受检单位".to_string(), content.unit.clone()),
        ("执法领域".to_string(), format!("{}（{}）", content.domain, content.unit_kind)),
        ("检查日期".to_string(), chinese_date(&content.date)),
        ("检查地点".to_string(), content.place.clone()),
        ("检查人员".to_string(), team.join("、")),
        ("单位负责人".to_string(), content.unit_contact.clone()),
        (
            "录音录像".to_string(),
            if content.recordings.is_empty() { "无".into() } else { content.recordings.join("；") },
        ),
    ];
    if let Some(case) = &content.case {
        facts.insert(1, ("检查案卷".to_string(), case.clone()));
    }
    facts
}

/// 随机抽样情况: every sample with its method, seed and population hash, and the items drawn.
fn samples(content: &SheetContent, blocks: &mut Vec<Block>) {
    blocks.push(Block::Paragraph(
        "依照专项治理方案“先抽查罚没款收据、再抽查处罚台账、后抽查处罚案卷”的倒查机制随机抽取。任何人可用相同数据和随机种子重新抽取核验。".into(),
    ));
    if content.samples.is_empty() {
        blocks.push(Block::Paragraph("本次检查未进行随机抽样。".into()));
    } else {
        blocks.push(Block::Table {
            headers: vec![
                "抽样总体".into(),
                "方法".into(),
                "随机种子".into(),
                "总体数量".into(),
                "抽中".into(),
                "总体哈希（SHA-256）".into(),
            ],
            widths: vec![2.2, 3.0, 1.8, 1.5, 1.2, 5.0],
            rows: content
                .samples
                .iter()
                .map(|s| {
                    vec![
                        match s.year {
                            Some(y) => format!("{}（{y}年）", s.population),
                            None => s.population.clone(),
                        },
                        format!("{}，{}", s.method, s.algorithm),
                        s.seed.clone(),
                        s.population_size.to_string(),
                        s.selected.len().to_string(),
                        s.population_sha256.clone(),
                    ]
                })
                .collect(),
            align: vec![Align::Left, Align::Left, Align::Left, Align::Right, Align::Right, Align::Left],
        });
        for s in &content.samples {
            let mut line = format!("抽中的{}：{}。", s.population, s.selected.join("、"));
            if let Some(amount) = s.amount {
                line.push_str(&format!("金额合计 {}。", money(amount)));
            }
            blocks.push(Block::Paragraph(line));
        }
    }
}

/// 发现的问题: each category's problems as a table.
fn findings(content: &SheetContent, blocks: &mut Vec<Block>) {
    if content.findings.is_empty() {
        blocks.push(Block::Paragraph("经现场检查，未发现问题。".into()));
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
        blocks.push(Block::Table {
            headers: vec!["序号".into(), "案件".into(), "问题".into(), "事实".into(), "现场确认".into()],
            widths: vec![0.9, 3.2, 2.8, 6.0, 1.8],
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    vec![
                        (i + 1).to_string(),
                        f.case.clone(),
                        f.item.clone(),
                        f.facts_and_recording(),
                        f.confirmed_by.clone(),
                    ]
                })
                .collect(),
            align: vec![Align::Center],
        });
    }
}

/// 案卷评查结果: each case's score, grade, veto and standard; provisional scores noted.
fn scores(content: &SheetContent, blocks: &mut Vec<Block>) {
    if content.scores.is_empty() {
        blocks.push(Block::Paragraph("本次检查未对案卷评分。".into()));
    } else {
        blocks.push(Block::Table {
            headers: vec!["案卷".into(), "得分".into(), "等次".into(), "一票否决".into(), "评查标准".into()],
            widths: vec![3.5, 1.3, 1.3, 3.5, 3.0],
            rows: content
                .scores
                .iter()
                .map(|s| {
                    vec![
                        s.case.clone(),
                        s.score.clone(),
                        s.grade.clone(),
                        s.veto.clone().unwrap_or_default(),
                        s.standard.clone(),
                    ]
                })
                .collect(),
            align: vec![Align::Left, Align::Right, Align::Center],
        });
        for s in content.scores.iter().filter(|s| !s.incomplete.is_empty()) {
            blocks
                .push(Block::Paragraph(format!("注：案卷{}{}，未评项目按符合计，得分为暂计。", s.case, s.incomplete)));
        }
    }
}

/// 建议意见: each suggestion numbered, or the general request when there is none.
fn suggestions(content: &SheetContent, blocks: &mut Vec<Block>) {
    let mut suggestions: Vec<String> =
        content.findings.iter().map(|f| f.suggestion.trim().to_string()).filter(|s| !s.is_empty()).collect();
    suggestions.dedup();
    if suggestions.is_empty() {
        blocks.push(Block::Paragraph(
            "请受检单位对上述问题逐项核实，立行立改；一时难以整改的，列出时间表，逐步整改到位。".into(),
        ));
    }
    for (i, s) in suggestions.iter().enumerate() {
        blocks.push(Block::Paragraph(format!("{}. {s}", i + 1)));
    }
}

/// 受检单位整改措施: the unit's promises as a table.
fn promises(content: &SheetContent, blocks: &mut Vec<Block>) {
    if content.promises.is_empty() {
        blocks.push(Block::Paragraph("（受检单位尚未提出整改措施。）".into()));
    } else {
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
}

/// A box for each signer, with their strokes, key fingerprint and time when they signed.
fn signature_boxes(content: &SheetContent, signatures: &[SignedBy]) -> Vec<SignatureBox> {
    content
        .signers
        .iter()
        .map(|line| {
            let signed = signatures.iter().find(|s| s.role == line.role && s.name == line.name);
            SignatureBox {
                role: line.role.clone(),
                name: line.name.clone(),
                strokes: signed
                    .map(|s| {
                        s.strokes.iter().map(|st| st.iter().map(|p| [p[0] as f32, p[1] as f32]).collect()).collect()
                    })
                    .unwrap_or_default(),
                note: signed.map(|s| match &s.public_key {
                    Some(key) => format!("公钥指纹 {} · {}", fingerprint(key), s.signed_at),
                    None => format!("签署于 {}", s.signed_at),
                }),
            }
        })
        .collect()
}

/// The footer: the digest, the QR code and the version of a signed sheet; a draft's note.
fn footer(content: &SheetContent, digest: Option<&str>, signatures: &[SignedBy], draft: bool) -> Footer {
    match digest {
        Some(digest) if !draft => Footer {
            digest: Some(digest.to_string()),
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
                "核验：daocha verify 本文件.pdf（校验签名、签署内容与页面文字）".into(),
            ],
        },
        _ => {
            Footer { digest: None, qr_payload: None, lines: vec!["本稿未经签署，仅供现场核对。".into()] }
        }
    }
}
