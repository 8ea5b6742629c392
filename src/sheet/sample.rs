//! A realistic sheet for tests, previews and the look of the layout: names outside GB2312
//! (李堃 赵彧 王喆 陈昇), decision numbers with 六角括号, amounts in figures and capitals, a
//! problems table long enough to run over a page, handwriting, and a QR code.

use chrono::NaiveDate;

use super::model::{Align, Block, Footer, SheetDoc, SignatureBox};
use crate::domain::Fen;
use crate::domain::dates::format_chinese;

/// The sample sheet (signed, not a draft).
pub fn sample_doc() -> SheetDoc {
    let date = NaiveDate::from_ymd_opt(2017, 9, 12).map(format_chinese).unwrap_or_default();
    let sign = |role: &str, name: &str, seed: u32, fingerprint: &str| SignatureBox {
        role: role.into(),
        name: name.into(),
        strokes: handwriting(seed),
        note: Some(format!("公钥指纹：{fingerprint}\n签署时间：{date} 16:4{seed}")),
    };
    SheetDoc {
        title: "区综合执法局行政处罚案卷抽查反馈意见".into(),
        subtitle: Some("鲅倒查反馈〔2017〕3号".into()),
        blocks: sample_blocks(&date),
        signatures: vec![
            sign("检查人员（组长）", "赵彧", 1, "ed25519:7f3a 91c2 5be0 d417"),
            sign("检查人员", "李堃", 2, "ed25519:0c6e 2d8f a913 44b7"),
            sign("检查人员", "王喆", 3, "ed25519:b25d 7e01 c3a8 9f62"),
            sign("受检单位负责人", "陈昇", 4, "ed25519:5a90 e2c4 18fd 6b03"),
        ],
        footer: Footer {
            digest: Some("SHA-256 3b7e0f5c9d2a41e8b6f0c7d35a9e12f4c8b0d6a27e3f95c1b4d8a0e6f2c7913d".into()),
            qr_payload: Some(
                "daocha:sheet:v1;sha256=3b7e0f5c9d2a41e8b6f0c7d35a9e12f4c8b0d6a27e3f95c1b4d8a0e6f2c7913d;keys=7f3a91c25be0d417,0c6e2d8fa91344b7,b25d7e01c3a89f62,5a90e2c418fd6b03"
                    .into(),
            ),
            lines: vec![
                "核验：用倒查打开本文件，或扫描二维码核对摘要；签署内容与签名以附件形式嵌入本文件。".into(),
                "本反馈意见一式两份，检查组与受检单位各执一份。".into(),
            ],
        },
        draft: false,
        style: crate::sheet::Style::V1,
        page_mark: None,
        closing: Vec::new(),
        appendix: Vec::new(),
        created: None,
        masthead: None,
    }
}

/// An amount in yuan, in figures and in capitals.
fn amount(yuan: i64) -> String {
    let fen = Fen::from_yuan(yuan);
    format!("{}（{}）", fen.to_grouped(), fen.to_capital())
}

/// Texts as owned strings.
fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect::<Vec<_>>()
}

/// The problems found: category, case, what, and the amount involved in yuan.
fn sample_problems() -> Vec<(&'static str, String, String, i64)> {
    vec![
        (
            "执法不规范",
            "鲅综执罚〔2017〕12号".into(),
            format!("罚款收据金额与处罚决定书不一致：决定书载明罚款{}元，收据金额为{}元", amount(1_500), amount(800)),
            1_500,
        ),
        (
            "执法不规范",
            "鲅综执罚〔2017〕15号".into(),
            "处罚决定书未载明当事人享有的陈述、申辩权利，违反法定程序".into(),
            800,
        ),
        (
            "执法不严格",
            "鲅综执罚〔2017〕21号".into(),
            "自立案之日起超过九十日未作出处罚决定，办理案件超时限，且无延期审批记录".into(),
            2_000,
        ),
        (
            "执法不规范",
            "鲅综执罚〔2016〕88号".into(),
            "适用依据不准确：引用《城市市容和环境卫生管理条例》条款有误".into(),
            500,
        ),
        (
            "执法不廉洁",
            "收据 No.0032117".into(),
            "罚没款收据在处罚台账中无对应记录，存在截留风险，已移交综合督查组核实".into(),
            3_000,
        ),
        (
            "执法不规范",
            "鲅综执罚〔2017〕30号".into(),
            "处罚决定执行不到位：罚款仅收缴一部分，余款未见催缴或强制执行手续".into(),
            5_000,
        ),
        (
            "执法不公正",
            "鲅综执罚〔2017〕33号".into(),
            "与同期同类违法行为相比罚款明显偏高（同案异罚），未说明自由裁量理由".into(),
            10_000,
        ),
        ("执法不规范", "鲅综执罚〔2017〕41号".into(), "执法文书由辅助人员签名，执法人员未出示执法证件".into(), 200),
        (
            "执法不严格",
            "鲅综执罚〔2017〕47号".into(),
            "收据日期（2017年3月2日）早于处罚决定日期（2017年3月5日），先收款后决定".into(),
            1_200,
        ),
    ]
}

/// The problems table's rows: each problem per case as found by two pairs of reviewers
/// (背靠背评查), enough rows to run over a page.
fn problem_rows(problems: &[(&str, String, String, i64)]) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (round, reviewers) in ["李堃、王喆", "赵彧、李堃"].iter().enumerate() {
        for (i, (category, case, what, yuan)) in problems.iter().enumerate() {
            let n = round * problems.len() + i + 1;
            rows.push(vec![
                n.to_string(),
                category.to_string(),
                case.clone(),
                format!("{what}。（评查人：{reviewers}）"),
                Fen::from_yuan(*yuan).to_grouped(),
            ]);
        }
    }
    rows
}

/// The sheet's text, dated `date`: the facts, the six sections and the closing.
fn sample_blocks(date: &str) -> Vec<Block> {
    let kv = |k: &str, v: &str| (k.to_string(), v.to_string());
    let s = strings;
    let problems = sample_problems();
    let rows = problem_rows(&problems);
    vec![
        Block::KeyValues(vec![
            kv("受检单位", "区综合执法局（区本级执法部门）"),
            kv("执法领域", "城管"),
            kv("检查日期", date),
            kv("检查地点", "区综合执法局三楼会议室"),
            kv("检查人员", "赵彧（组长）、李堃、王喆"),
            kv("受检单位负责人", "陈昇（副局长）"),
            kv("同步录音录像", "DC-20170912-01、DC-20170912-02（共2段，3小时12分）"),
        ]),
        Block::Heading("一、检查基本情况".into()),
        Block::Paragraph(format!(
            "根据《区行政处罚专项整治工作方案》（鲅政办发〔2017〕37号）要求，区行政处罚专项整治抽查小组于{date}对区综合执法局2016年以来作出的行政处罚进行了重点抽查。抽查按照“先抽查罚没款收据、再抽查处罚台账、后抽查处罚案卷”的倒查机制进行，做到一案一查、一案一议、一案一纠、一查到底，全程同步录音录像。"
        )),
        Block::Heading("二、抽样情况".into()),
        Block::KeyValues(vec![
            kv("抽样方法", "简单随机抽样（不放回），ChaCha20 伪随机数，先收据、后台账、再案卷"),
            kv("随机种子", "20170912-7d3f9a61c04b"),
            kv("总体数量", "罚没款收据326张，处罚台账298条，处罚案卷291卷"),
            kv("样本数量", "收据30张，台账20条，案卷12卷"),
            kv("总体摘要", "SHA-256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
        ]),
        Block::Heading("三、发现的问题".into()),
        Block::Paragraph(format!(
            "经倒查核对，共发现问题{}个，涉及案卷8卷、收据1张，其中执法不规范5个、执法不严格2个、执法不公正1个、执法不廉洁1个。涉及罚没款合计人民币{}。问题均已现场确认，具体如下：",
            problems.len(),
            amount(problems.iter().map(|p| p.3).sum())
        )),
        Block::Table {
            headers: s(&["序号", "类别", "案卷", "问题", "金额（元）"]),
            widths: vec![1.2, 2.5, 3.4, 7.6, 2.2],
            rows,
            align: vec![Align::Center, Align::Center, Align::Left, Align::Left, Align::Right],
        },
        Block::Heading("四、案卷评查得分".into()),
        Block::Table {
            headers: s(&["案卷", "评查人", "得分", "等次"]),
            widths: vec![4.0, 3.0, 1.5, 1.5],
            rows: vec![
                s(&["鲅综执罚〔2017〕12号", "李堃、王喆", "72", "合格"]),
                s(&["鲅综执罚〔2017〕15号", "李堃、王喆", "65", "基本合格"]),
                s(&["鲅综执罚〔2017〕21号", "赵彧、李堃", "58", "不合格"]),
                s(&["鲅综执罚〔2016〕88号", "赵彧、王喆", "81", "良好"]),
                s(&["鲅综执罚〔2017〕30号", "李堃、王喆", "69", "基本合格"]),
                s(&["鲅综执罚〔2017〕33号", "赵彧、李堃", "63", "基本合格"]),
            ],
            align: vec![Align::Left, Align::Center, Align::Right, Align::Center],
        },
        Block::Heading("五、意见和建议".into()),
        Block::Paragraph("（一）建立罚没款收据、处罚台账、处罚案卷三者对应的登记制度，每月核对一次，做到票、账、卷一致。".into()),
        Block::Paragraph("（二）严格执行行政处罚自由裁量基准，同类违法行为的处罚幅度应当一致；确需从重或从轻的，在案卷中写明理由。".into()),
        Block::Paragraph("（三）规范执法文书制作，辅助人员不得以执法人员名义签署法律文书；落实行政执法公示、现场执法记录和法制审核三项制度。".into()),
        Block::Heading("六、整改承诺".into()),
        Block::Table {
            headers: s(&["序号", "整改措施", "责任人", "整改时限"]),
            widths: vec![1.2, 8.0, 2.0, 3.2],
            rows: vec![
                s(&["1", "对收据No.0032117所涉款项逐笔核查，查明去向并书面报告", "陈昇", "立行立改"]),
                s(&["2", "对鲅综执罚〔2017〕30号案余款依法催缴，逾期申请法院强制执行", "陈昇", "2017年10月31日"]),
                s(&["3", "修订自由裁量基准，组织全体执法人员培训", "陈昇", "2017年11月30日"]),
                s(&["4", "清理辅助人员签署的执法文书，建立法制审核台账", "陈昇", "2017年12月31日"]),
            ],
            align: vec![Align::Center, Align::Left, Align::Center, Align::Center],
        },
        Block::Paragraph("受检单位对上述问题无异议，承诺按期整改到位，并于整改期满后十日内将整改情况书面报区行政处罚专项整治抽查小组。".into()),
        Block::RightAligned(vec!["区行政处罚专项整治抽查小组".into(), date.to_string()]),
    ]
}

/// Deterministic pen strokes that look like a quick signature: a few loops and a flourish.
fn handwriting(seed: u32) -> Vec<Vec<[f32; 2]>> {
    let s = seed as f32;
    let mut strokes = Vec::new();
    // Three loopy letters, each a short curve.
    for letter in 0..3 {
        let x0 = 80.0 + letter as f32 * 230.0 + s * 7.0;
        let points: Vec<[f32; 2]> = (0..=40)
            .map(|i| {
                let t = i as f32 / 40.0 * std::f32::consts::TAU * 1.25;
                let wobble = ((t * (1.7 + 0.2 * s)) + s).sin() * 18.0;
                [x0 + t * 30.0 + (t * 1.0).sin() * 60.0, 200.0 - (t * 1.0).cos() * 110.0 + wobble]
            })
            .collect();
        strokes.push(points);
    }
    // The flourish underneath.
    strokes.push(
        (0..=30)
            .map(|i| {
                let t = i as f32 / 30.0;
                [60.0 + t * 820.0, 330.0 - (t * std::f32::consts::PI).sin() * 40.0 + s * 3.0]
            })
            .collect(),
    );
    strokes
}
