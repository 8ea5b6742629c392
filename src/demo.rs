//! The demo dataset: one realistic inspection of 区综合执法局 (城管) with a few hundred receipts,
//! ledger entries and case files from 2016–2017, an officer roster, and one planted example of
//! every problem the reverse check must find. Deterministic: a fixed seed drives every choice,
//! every id and every timestamp, so the same command gives the same database.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

use crate::domain::clock::SeededMinter;
use crate::domain::taxonomy::UnitKind;
use crate::domain::{
    CaseFile, DecisionNo, Fen, Id, Inspection, Inspector, LedgerEntry, Officer, OfficerCategory, OfficerRef, Receipt,
    Unit,
};
use crate::store::{OpenMode, Store, StoreError};

/// The seed of the demo data.
pub const DEMO_SEED: u64 = 20_170_912;

/// What the demo contains, for the message shown after it is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSummary {
    /// The inspection created.
    pub inspection_id: Id<Inspection>,
    /// Counts.
    pub receipts: usize,
    /// Counts.
    pub ledger_entries: usize,
    /// Counts.
    pub case_files: usize,
    /// Counts.
    pub officers: usize,
}

/// Why the demo could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// The target database already holds data.
    #[error("“{0}”已有数据。演示数据只写入新的数据库文件，请换一个路径（例如 demo.db）。")]
    NotEmpty(String),
    /// A store error.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The demo's signed sheet could not be made.
    #[error("无法生成演示用的反馈意见书：{0}")]
    Sheet(String),
}

/// The 执法证号 of the demo's three inspectors (the lead first), as registered on the roster.
const DEMO_CERTS: [&str; 3] = ["21080020170012", "21080020170031", "21080020170045"];

/// The demo clue's text (sealed in the database: a test looks for it in every file).
pub const DEMO_CLUE: &str =
    "当事人反映执法人员林磊在查处烧烤店占道经营时收受购物卡两张（面值各1000元），未开具任何凭证。";

/// The PIN of the demo inspectors' signing keys.
pub const DEMO_PIN: &str = "123456";

/// Handwriting-like strokes for a name, the same every time: a few wavering strokes per
/// character in the 1000 × 400 box.
pub fn demo_strokes(name: &str) -> Vec<Vec<[i32; 2]>> {
    let chars: Vec<char> = name.chars().collect();
    let n = chars.len().max(1) as f64;
    let cell = 880.0 / n;
    let mut dice = Dice(ChaCha20Rng::seed_from_u64(name.chars().map(u64::from).sum::<u64>() + 17));
    let mut unit = || (dice.below(1000) as f64) / 1000.0;
    let mut strokes = Vec::new();
    for i in 0..chars.len() {
        let left = 60.0 + cell * i as f64;
        // A slanted, looping main stroke and one or two short flicks, as a quick signature has.
        let amplitude = 40.0 + 50.0 * unit();
        let phase = unit() * std::f64::consts::TAU;
        let mut main = Vec::new();
        for t in 0..28 {
            let t = f64::from(t) / 27.0;
            let x = left + t * cell * 0.9 + 25.0 * (t * 9.0 + phase).cos();
            let y = 230.0 - t * 60.0 + amplitude * (t * 9.0 + phase).sin();
            main.push([x, y]);
        }
        strokes.push(main);
        let flicks = 1 + usize::from(unit() > 0.5);
        for k in 0..flicks {
            let x0 = left + cell * (0.2 + 0.5 * unit());
            let y0 = 110.0 + 60.0 * k as f64 + 30.0 * unit();
            let mut flick = Vec::new();
            for t in 0..8 {
                let t = f64::from(t) / 7.0;
                flick.push([x0 + t * cell * 0.35, y0 + t * 45.0 + 12.0 * (t * 4.0).sin()]);
            }
            strokes.push(flick);
        }
    }
    // Inside the box by construction; rounded to whole units.
    #[allow(clippy::cast_possible_truncation)]
    strokes
        .into_iter()
        .map(|s| {
            s.into_iter().map(|[x, y]| [(x.round() as i32).clamp(0, 1000), (y.round() as i32).clamp(0, 400)]).collect()
        })
        .collect()
}

/// The team of the demo's inspection on its first morning: each inspector's key (PIN
/// [`DEMO_PIN`]), and this laptop as the lead's (赵彧 组长): the team database, with the three keys
/// on the roster.
fn prepare_team(store: &mut Store, inspection: Id<Inspection>) -> Result<(), Box<dyn std::error::Error>> {
    let team = store.require(inspection)?.value.inspector_ids.clone();
    for id in &team {
        let name = store.require(*id)?.value.name;
        crate::keys::create_deterministic(store, *id, DEMO_PIN, name.as_bytes())?;
    }
    if let Some((lead, members)) = team.split_first() {
        crate::team::init_demo(store, *lead, DEMO_CERTS[0], DEMO_PIN)?;
        for (id, cert_no) in members.iter().zip(&DEMO_CERTS[1..]) {
            let name = store.require(*id)?.value.name;
            let key = crate::keys::public_key(store, *id)?.ok_or(crate::keys::KeyError::NoKey)?;
            crate::team::add_for(store, Some(*id), &name, &key.hex, cert_no, DEMO_PIN)?;
        }
    }
    Ok(())
}

/// The method walked through, stage by stage: a recorded sample of the stage's population, then
/// every item of the stage checked (the traced ones and the sampled ones), which opens the next.
fn walk_stages(store: &mut Store, inspection: Id<Inspection>) -> Result<(), Box<dyn std::error::Error>> {
    use crate::domain::{SampleMethod, Stage};
    use crate::inspection::{review, stages};
    let plan = [
        (Stage::Receipts, SampleMethod::Mus, 8, "20170912-0935"),
        (Stage::Ledger, SampleMethod::Srs, 5, "20170912-1120"),
        (Stage::Cases, SampleMethod::Srs, 5, "20170912-1405"),
    ];
    for (stage, method, size, seed) in plan {
        let request = crate::sampling::Request { method, size, seed: seed.into(), year: None, strata: None };
        crate::inspection::draw_sample(store, inspection, stages::population_of(stage), &request)?;
        let overview = stages::load_overview(store, inspection)?;
        for item in &overview.stage(stage).items {
            review::mark(store, inspection, stage, item.target, item.mark.as_ref(), true, "已与原件核对")?;
        }
    }
    // The reviewers of 背靠背评查 for the case files of stage 3, drawn from the roster with dice
    // thrown in front of the unit.
    let request = crate::inspection::reviewers::ReviewerRequest {
        seed: "4-2-6-1".into(),
        seed_source: Some(crate::domain::SeedSource::Dice),
        ..Default::default()
    };
    crate::inspection::reviewers::draw(store, inspection, &request)?;
    Ok(())
}

/// The rest of the demo's day and its signed sheet: two planted problems confirmed with the unit,
/// a rectification with a deadline, a recording reference, one case reviewed, a clue, and version 1
/// of the feedback sheet signed by the team (PIN [`DEMO_PIN`]) and the unit's representative.
fn add_signed_sheet(store: &mut Store, inspection: Id<Inspection>) -> Result<(), Box<dyn std::error::Error>> {
    use crate::domain::{
        Recording, Rectification, RectificationMode, RectificationStatus, Score, ScoreItem, ScoreOutcome, SignerRole,
    };
    use crate::feedback::{self, SignerInput};
    use crate::inspection::{MaterialSet, review};
    use crate::reconcile::{CheckConfig, ProblemKind};
    let standard = crate::scoring::Standard::default_standard()?;
    let team = store.require(inspection)?.value.inspector_ids.clone();
    // A clue heard on site, sealed to the lead (who recorded it): the demo's one entry of the register.
    crate::inspection::clues::record_demo(
        store,
        inspection,
        &crate::inspection::clues::ClueText {
            decision_no: Some(DecisionNo::parse("鲅综执罚〔2017〕80号")?),
            what: DEMO_CLUE.into(),
        },
        vec![crate::domain::ClueRecipient::DisciplineInspection],
        NaiveDate::from_ymd_opt(2017, 9, 12).and_then(|d| d.and_hms_opt(16, 0, 0)),
        [7; 32],
    )?;
    let material = MaterialSet::load(store, inspection)?;
    let problems = material.plain().check(&CheckConfig::default());
    let case_of = |no: &DecisionNo| material.cases.iter().find(|c| &c.value.decision_no == no).map(|c| c.id);
    let mut confirmed = Vec::new();
    for kind in [ProblemKind::Unpaid, ProblemKind::CertificateExpired] {
        if let Some(p) = problems.iter().find(|p| p.kind == kind) {
            let case = match &p.reference {
                crate::reconcile::Reference::DecisionNo(no) => case_of(no),
                _ => None,
            };
            confirmed.push(review::confirm(store, inspection, p, case)?.0);
        }
    }
    if let Some(first) = confirmed.first() {
        let finding = store.require(*first)?;
        let mut with_suggestion = finding.value.clone();
        with_suggestion.suggestion = "对已作出的处罚决定逐案核对执行情况，未缴纳的依法催缴或申请强制执行。".into();
        with_suggestion.legal_basis = "《中华人民共和国行政处罚法》第四十四条、第五十一条".into();
        store.write("finding.update", "补充建议意见", |w| {
            w.update(finding.id, finding.version_id, &with_suggestion)
        })?;
        store.write("rectification.create", "记录整改措施", |w| {
            w.create(&Rectification {
                inspection_id: inspection,
                finding_id: *first,
                measure: "向当事人送达催告书，逾期不缴纳的申请人民法院强制执行".into(),
                responsible: "孙立堃".into(),
                mode: RectificationMode::Deadline,
                deadline: Some(ymd(2017, 10, 31)),
                status: RectificationStatus::Promised,
                follow_ups: vec![],
                attachment_ids: Vec::new(),
            })
        })?;
    }
    store.write("recording.create", "登记录音录像", |w| {
        w.create(&Recording {
            inspection_id: inspection,
            case_file_id: None,
            decision_no: None,
            device: "执法记录仪 1 号".into(),
            file_name: "LY20170912_0930.mp4".into(),
            started_at: NaiveDate::from_ymd_opt(2017, 9, 12).and_then(|d| d.and_hms_opt(9, 30, 0)),
            covers: "抽查收据、核对台账和案卷全过程".into(),
        })
    })?;
    let expired = DecisionNo::parse("鲅综执罚〔2017〕80号")?;
    if let Some(case) = case_of(&expired) {
        store.write("score.save", "案卷评查", |w| {
            w.create(&Score {
                inspection_id: inspection,
                case_file_id: case,
                standard_id: standard.id.clone(),
                standard_version: standard.version.clone(),
                items: vec![ScoreItem {
                    item_id: "evidence.officers".into(),
                    outcome: ScoreOutcome::Deduct {
                        points: 5,
                        reason: "执法人员林磊的执法证已于2017年3月31日过期".into(),
                    },
                }],
                by: team.first().copied(),
            })
        })?;
    }
    let mut signers = Vec::new();
    for id in &team {
        let name = store.require(*id)?.value.name;
        signers.push(SignerInput {
            role: SignerRole::Inspector,
            strokes: demo_strokes(&name),
            name,
            inspector: Some(*id),
            pin: DEMO_PIN.into(),
            position: String::new(),
        });
    }
    signers.push(SignerInput {
        role: SignerRole::UnitRepresentative,
        name: "孙立堃".into(),
        inspector: None,
        pin: String::new(),
        strokes: demo_strokes("孙立堃"),
        position: "法制科科长".into(),
    });
    feedback::sign(store, inspection, None, &signers, &standard)?;
    Ok(())
}

/// A clock for the demo, from `hour:minute` in Beijing on the day of the visit.
fn demo_clock(hour: u32, minute: u32, seed: u64) -> SeededMinter {
    let start = Utc.with_ymd_and_hms(2017, 9, 12, hour.saturating_sub(8), minute, 0).single().unwrap_or_else(Utc::now);
    SeededMinter::new(start, Duration::milliseconds(7), seed)
}

/// The first morning of the demo inspection at `path` (which must not exist or be empty): the
/// unit, the team with its keys and roster, and the unit's four lists imported — nothing sampled,
/// nothing found, nothing signed, so a newcomer walks the method from its first step. The demo's
/// own day, 2017年9月12日, is its "today" (deadlines are judged against it).
pub fn create_first_morning(path: &std::path::Path) -> Result<(Store, DemoSummary), DemoError> {
    let mut store = Store::open_with(path, OpenMode::CreateIfMissing, Box::new(demo_clock(8, 30, DEMO_SEED)))?;
    if store.version_count()? > 0 {
        return Err(DemoError::NotEmpty(path.display().to_string()));
    }
    let summary = populate(&mut store)?;
    prepare_team(&mut store, summary.inspection_id).map_err(|e| DemoError::Sheet(e.to_string()))?;
    store.set_local_setting(crate::store::DEMO_TODAY_KEY, "2017-09-12")?;
    store.set_today(Some(ymd(2017, 9, 12)));
    // From here on the user works with the real clock.
    store.set_minter(Box::new(crate::domain::clock::SystemMinter));
    Ok((store, summary))
}

/// The demo inspection at the end of its day (at `path`, which must not exist or be empty): the
/// first morning, then the three stages sampled and checked, two problems confirmed with the unit
/// and a rectification promised, a case reviewed, a clue recorded, and the feedback sheet signed.
pub fn create_demo(path: &std::path::Path) -> Result<(Store, DemoSummary), DemoError> {
    let mut store = Store::open_with(path, OpenMode::CreateIfMissing, Box::new(demo_clock(8, 30, DEMO_SEED)))?;
    if store.version_count()? > 0 {
        return Err(DemoError::NotEmpty(path.display().to_string()));
    }
    let summary = populate(&mut store)?;
    let sheet = |e: Box<dyn std::error::Error>| DemoError::Sheet(e.to_string());
    prepare_team(&mut store, summary.inspection_id).map_err(sheet)?;
    store.set_local_setting(crate::store::DEMO_TODAY_KEY, "2017-09-12")?;
    store.set_today(Some(ymd(2017, 9, 12)));
    store.set_minter(Box::new(demo_clock(9, 35, DEMO_SEED + 1)));
    walk_stages(&mut store, summary.inspection_id).map_err(sheet)?;
    // 2017-09-12 14:30 in Beijing: the afternoon of the visit.
    store.set_minter(Box::new(demo_clock(14, 30, DEMO_SEED + 2)));
    add_signed_sheet(&mut store, summary.inspection_id).map_err(sheet)?;
    store.set_minter(Box::new(crate::domain::clock::SystemMinter));
    Ok((store, summary))
}

/// Writes the demo inspection into `store` in one command.
pub fn populate(store: &mut Store) -> Result<DemoSummary, StoreError> {
    populate_with(store, &DemoData::generate())
}

/// Writes an inspection with `data` into `store`: the inspection with its unit and team in one
/// command, then each of the unit's four lists in a command of its own, as importing them does.
pub fn populate_with(store: &mut Store, data: &DemoData) -> Result<DemoSummary, StoreError> {
    let inspection_id = store.write("inspection.create", "新建检查：区综合执法局（城管）", |w| {
        let unit_id = w.create(&data.unit)?;
        let mut inspector_ids = Vec::new();
        for inspector in &data.inspectors {
            inspector_ids.push(w.create(inspector)?);
        }
        w.create(&Inspection {
            unit_id,
            date: ymd(2017, 9, 12),
            place: "区综合执法局三楼会议室".into(),
            inspector_ids: inspector_ids.clone(),
            recording_no: "LY-20170912-01".into(),
            notes: "专项治理第二阶段重点抽查".into(),
            hearing_rule: String::new(),
            team_draw_id: None,
        })
    })?;
    if let Some(first) = store.list::<Inspector>()?.first() {
        store.set_current_inspector(Some(first.id))?;
    }
    let officers: Vec<Officer> = data.officers.iter().map(|o| Officer { inspection_id, ..o.clone() }).collect();
    store.write("import.roster", &format!("导入执法人员名册（{} 行）", officers.len()), |w| {
        w.create_all::<Officer, Officer>(&officers, |_| Ok(()))
    })?;
    let ledger: Vec<LedgerEntry> = data.ledger.iter().map(|e| LedgerEntry { inspection_id, ..e.clone() }).collect();
    store.write("import.ledger", &format!("导入处罚台账（{} 行）", ledger.len()), |w| {
        w.create_all::<LedgerEntry, LedgerEntry>(&ledger, |_| Ok(()))
    })?;
    let cases: Vec<CaseFile> = data.cases.iter().map(|c| CaseFile { inspection_id, ..c.clone() }).collect();
    store.write("import.cases", &format!("导入处罚案卷目录（{} 行）", cases.len()), |w| {
        w.create_all::<CaseFile, CaseFile>(&cases, |_| Ok(()))
    })?;
    let receipts: Vec<Receipt> = data.receipts.iter().map(|r| Receipt { inspection_id, ..r.clone() }).collect();
    store.write("import.receipts", &format!("导入罚没款收据清单（{} 行）", receipts.len()), |w| {
        w.create_all::<Receipt, Receipt>(&receipts, |_| Ok(()))
    })?;
    Ok(DemoSummary {
        inspection_id,
        receipts: data.receipts.len(),
        ledger_entries: data.ledger.len(),
        case_files: data.cases.len(),
        officers: data.officers.len(),
    })
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// A placeholder until the inspection exists; replaced when written.
fn placeholder() -> Id<Inspection> {
    Id::from_uuid(uuid::Uuid::nil())
}

/// The demo's records before they are written.
pub struct DemoData {
    /// 区综合执法局.
    pub unit: Unit,
    /// The three inspectors.
    pub inspectors: Vec<Inspector>,
    /// The roster.
    pub officers: Vec<Officer>,
    /// The ledger.
    pub ledger: Vec<LedgerEntry>,
    /// The case-file index.
    pub cases: Vec<CaseFile>,
    /// The receipts.
    pub receipts: Vec<Receipt>,
}

/// A violation of the 城管 domain with its usual fine band (yuan). Bands stay within 3× so that
/// only the planted case shows 同案异罚.
const VIOLATIONS: [(&str, i64, i64); 8] = [
    ("占道经营", 200, 500),
    ("擅自设置户外广告", 1_000, 3_000),
    ("违法建设", 10_000, 30_000),
    ("随意倾倒建筑垃圾", 2_000, 5_000),
    ("未按规定处置餐厨垃圾", 1_000, 2_000),
    ("运输车辆带泥上路", 500, 1_000),
    ("损坏市政公用设施", 2_000, 5_000),
    ("擅自占用城市道路", 1_000, 3_000),
];

const SURNAMES: [&str; 24] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马",
    "罗", "梁", "宋", "郑", "谢",
];
const GIVEN: [&str; 30] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞",
    "平", "刚", "桂英", "建华", "晓东", "海燕", "玉兰", "志强", "淑珍", "堃", "喆",
];
const COMPANY_WORDS: [&str; 16] = [
    "海港", "鑫源", "恒达", "金滩", "盛世", "华兴", "远航", "隆昌", "宏业", "望海", "红旗", "芦屯", "熊岳", "鲅鱼",
    "北海", "滨海",
];
const COMPANY_KINDS: [&str; 6] =
    ["商贸有限公司", "建筑工程有限公司", "餐饮店", "物流有限公司", "超市", "装饰工程有限公司"];

struct Dice(ChaCha20Rng);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.0.next_u64() % n }
    }
    fn between(&mut self, low: i64, high: i64) -> i64 {
        low + i64::try_from(self.below(u64::try_from(high - low + 1).unwrap_or(1))).unwrap_or(0)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[usize::try_from(self.below(items.len() as u64)).unwrap_or(0)]
    }
}

fn decision(year: i32, n: u32) -> DecisionNo {
    DecisionNo::parse(&format!("鲅综执罚〔{year}〕{n}号")).unwrap_or_else(|_| unreachable_decision())
}

fn unreachable_decision() -> DecisionNo {
    // parse only fails on empty or over-long text, which the format above never produces.
    DecisionNo::parse("鲅综执罚〔0000〕0号").unwrap_or_else(|_| unreachable_decision())
}

impl DemoData {
    /// Generates the demo records (without ids).
    pub fn generate() -> DemoData {
        DemoData::generate_sized(150, 170)
    }

    /// Generates data of the demo's shape with `n2016` and `n2017` decisions (benchmarks use
    /// 50,000 each). Every planted problem is there too.
    pub fn generate_sized(n2016: u32, n2017: u32) -> DemoData {
        let mut dice = Dice(ChaCha20Rng::seed_from_u64(DEMO_SEED));
        let unit = demo_unit();
        let inspectors = demo_inspectors();
        let officers = demo_officers();
        let mut made = Decisions {
            officers: &officers,
            used_parties: std::collections::HashSet::new(),
            ledger: Vec::new(),
            cases: Vec::new(),
            receipts: Vec::new(),
        };
        for (year, count) in [(2016, n2016), (2017, n2017)] {
            for n in 1..=count {
                made.add(&mut dice, year, n, count);
            }
        }
        let Decisions { mut ledger, mut cases, mut receipts, .. } = made;
        plant_problems(&mut ledger, &mut cases, &mut receipts, &officers);
        number_receipts(&mut receipts);
        DemoData { unit, inspectors, officers, ledger, cases, receipts }
    }
}

/// 区综合执法局, the unit inspected.
fn demo_unit() -> Unit {
    Unit {
        name: "区综合执法局".into(),
        domain: "城管".into(),
        kind: UnitKind::District,
        contact: "孙立堃（法制科科长）".into(),
        phone: "0417-6161234".into(),
        address: "鲅鱼圈区平安大街 88 号".into(),
    }
}

/// The three inspectors, the lead first.
fn demo_inspectors() -> Vec<Inspector> {
    vec![
        Inspector {
            name: "赵彧".into(),
            organisation: "区政府办公室（法制办）".into(),
            phone: "13904171001".into(),
            public_key: None,
        },
        Inspector {
            name: "王喆".into(),
            organisation: "区政府办公室（法制办）".into(),
            phone: "13904171002".into(),
            public_key: None,
        },
        Inspector {
            name: "陈昇".into(),
            organisation: "区市场监督管理局法制科".into(),
            phone: "13904171003".into(),
            public_key: None,
        },
    ]
}

/// The roster: ten officers, one with a certificate that expired in spring 2017, and one
/// auxiliary person.
fn demo_officers() -> Vec<Officer> {
    let inspection_id = placeholder();
    let officer_names = ["刘海涛", "周建华", "吴晓东", "郑志强", "马玉兰", "高明", "林磊", "何静", "郭勇", "罗艳"];
    let mut officers: Vec<Officer> = officer_names
        .iter()
        .enumerate()
        .map(|(i, name)| Officer {
            inspection_id,
            name: (*name).into(),
            cert_no: format!("2108{:07}", 160_101 + i),
            valid_until: Some(ymd(2019, 12, 31)),
            category: OfficerCategory::Officer,
            as_written: Default::default(),
        })
        .collect();
    officers[6].valid_until = Some(ymd(2017, 3, 31)); // 林磊: expired.
    officers.push(Officer {
        inspection_id,
        name: "宋金堃".into(),
        cert_no: String::new(),
        valid_until: None,
        category: OfficerCategory::Auxiliary,
        as_written: Default::default(),
    });
    officers
}

/// The officers regular pairs are drawn from: never 林磊 after his certificate lapsed, nor the
/// auxiliary.
const REGULAR: [usize; 9] = [0, 1, 2, 3, 4, 5, 7, 8, 9];

/// The decisions generated so far: each one's ledger entry, case file and receipts.
struct Decisions<'a> {
    /// The roster the case files name their officers from.
    officers: &'a [Officer],
    /// The parties already fined.
    used_parties: std::collections::HashSet<String>,
    ledger: Vec<LedgerEntry>,
    cases: Vec<CaseFile>,
    receipts: Vec<Receipt>,
}

impl Decisions<'_> {
    /// Adds decision `n` of `count` in `year`: a violation with a fine in its usual band, a party,
    /// the dates of its procedure, two officers, and its receipts.
    fn add(&mut self, dice: &mut Dice, year: i32, n: u32, count: u32) {
        let inspection_id = placeholder();
        let (violation, low, high) = *dice.pick(&VIOLATIONS);
        let party = self.party(dice);
        let day_span = if year == 2016 { 330 } else { 200 };
        let filing = ymd(year, 1, 4) + Duration::days(i64::from(n) * day_span / i64::from(count));
        let decision_date = filing + Duration::days(dice.between(12, 55));
        let notice = decision_date - Duration::days(dice.between(3, 8));
        let service = decision_date + Duration::days(dice.between(0, 4));
        let paid = service + Duration::days(dice.between(1, 12));
        let closing = paid + Duration::days(dice.between(1, 10));
        let fine_yuan = (dice.between(low, high) / 50) * 50;
        let decision_no = decision(year, n);
        let pair = {
            let a = *dice.pick(&REGULAR);
            let mut b = *dice.pick(&REGULAR);
            while b == a {
                b = *dice.pick(&REGULAR);
            }
            [a, b]
        };
        self.ledger.push(LedgerEntry {
            inspection_id,
            case_no: format!("鲅综执立〔{year}〕{n}号"),
            decision_no: decision_no.clone(),
            party: party.clone(),
            violation: violation.into(),
            filing_date: Some(filing),
            decision_date: Some(decision_date),
            fine: Fen::from_yuan(fine_yuan),
            confiscation: Fen::ZERO,
            execution: "已缴清".into(),
            as_written: Default::default(),
            party_kind: None,
        });
        self.cases.push(CaseFile {
            inspection_id,
            decision_no: decision_no.clone(),
            filing_date: Some(filing),
            notice_date: Some(notice),
            hearing: if fine_yuan >= 10_000 { "已告知，当事人未申请".into() } else { "不适用".into() },
            decision_date: Some(decision_date),
            service_date: Some(service),
            execution_date: Some(paid),
            closing_date: Some(closing),
            officers: pair.iter().map(|&i| officer_ref(self.officers, i)).collect(),
            as_written: Default::default(),
            procedure: crate::domain::Procedure::General,
        });
        // Large fines are sometimes paid in two instalments.
        let instalments = if fine_yuan >= 10_000 && dice.below(2) == 0 { 2 } else { 1 };
        let first_part = if instalments == 2 { (fine_yuan / 2 / 50) * 50 } else { fine_yuan };
        for (k, amount) in [first_part, fine_yuan - first_part].into_iter().enumerate().take(instalments) {
            self.receipts.push(Receipt {
                inspection_id,
                receipt_no: String::new(),
                date: Some(paid + Duration::days(30 * k as i64)),
                payer: party.clone(),
                amount: Fen::from_yuan(amount),
                decision_no: Some(decision_no.clone()),
                payee: "区综合执法局".into(),
                as_written: Default::default(),
            });
        }
    }

    /// A party not fined before: a company or a person. Parties are distinct in the demo; at
    /// benchmark scale names run out and repeat.
    fn party(&mut self, dice: &mut Dice) -> String {
        let mut attempts = 0;
        loop {
            let candidate = if dice.below(3) == 0 {
                format!("营口{}{}", dice.pick(&COMPANY_WORDS), dice.pick(&COMPANY_KINDS))
            } else {
                format!("{}{}", dice.pick(&SURNAMES), dice.pick(&GIVEN))
            };
            attempts += 1;
            if self.used_parties.insert(candidate.clone()) || attempts > 50 {
                break candidate;
            }
        }
    }
}

/// Officer `i` of the roster as a case file names them.
fn officer_ref(officers: &[Officer], i: usize) -> OfficerRef {
    OfficerRef { name: officers[i].name.clone(), cert_no: officers[i].cert_no.clone() }
}

/// Where decision `n` of `year` is in the ledger.
fn find_entry(ledger: &[LedgerEntry], year: i32, n: u32) -> Option<usize> {
    ledger.iter().position(|e| e.decision_no == decision(year, n))
}

/// Plants one example of every problem the checks look for. Each is described where it is made.
fn plant_problems(
    ledger: &mut [LedgerEntry],
    cases: &mut Vec<CaseFile>,
    receipts: &mut Vec<Receipt>,
    officers: &[Officer],
) {
    plant_money_problems(ledger, receipts);
    plant_index_problems(cases, officers);
    plant_date_problems(ledger, cases, receipts);
    plant_party_problems(ledger, receipts);
    plant_case_file_problems(ledger, cases, receipts, officers);
    ledger.sort_by(|a, b| a.decision_no.cmp(&b.decision_no));
}

/// Money the ledger does not account for: a receipt without a ledger entry, a penalty never paid
/// and one paid short.
fn plant_money_problems(ledger: &mut [LedgerEntry], receipts: &mut Vec<Receipt>) {
    // receipt_without_ledger (乱罚款 risk): money taken under a decision number the ledger lacks.
    receipts.push(Receipt {
        inspection_id: placeholder(),
        receipt_no: String::new(),
        date: Some(ymd(2017, 6, 20)),
        payer: "营口望海烧烤店".into(),
        amount: Fen::from_yuan(800),
        decision_no: Some(decision(2017, 301)),
        payee: "区综合执法局".into(),
        as_written: Default::default(),
    });

    // unpaid (处罚决定执行不到位): 2017-40 has no receipt at all.
    if let Some(i) = find_entry(ledger, 2017, 40) {
        let no = ledger[i].decision_no.clone();
        receipts.retain(|r| r.decision_no.as_ref() != Some(&no));
        ledger[i].execution = "未缴纳".into();
    }

    // amount_mismatch: 2017-55's receipt is 500 yuan short of the ledger fine.
    if let Some(i) = find_entry(ledger, 2017, 55) {
        let no = ledger[i].decision_no.clone();
        if let Some(r) = receipts.iter_mut().find(|r| r.decision_no.as_ref() == Some(&no)) {
            r.amount = r.amount - Fen::from_yuan(500).min(r.amount);
        }
    }
}

/// The ledger and the case-file index disagree: a ledger entry without its case file, a case file
/// without its ledger entry.
fn plant_index_problems(cases: &mut Vec<CaseFile>, officers: &[Officer]) {
    // ledger_without_case: 2017-63's case file is missing from the index.
    cases.retain(|c| c.decision_no != decision(2017, 63));

    // case_without_ledger: a case file whose decision never reached the ledger.
    cases.push(CaseFile {
        inspection_id: placeholder(),
        decision_no: decision(2017, 302),
        filing_date: Some(ymd(2017, 5, 8)),
        notice_date: Some(ymd(2017, 5, 25)),
        hearing: "不适用".into(),
        decision_date: Some(ymd(2017, 6, 2)),
        service_date: Some(ymd(2017, 6, 3)),
        execution_date: None,
        closing_date: None,
        officers: vec![officer_ref(officers, 0), officer_ref(officers, 1)].into(),
        as_written: Default::default(),
        procedure: crate::domain::Procedure::General,
    });
}

/// Dates out of order: paid before the decision, decided before filing, decided too late.
fn plant_date_problems(ledger: &mut [LedgerEntry], cases: &mut [CaseFile], receipts: &mut [Receipt]) {
    // receipt_before_decision: 2017-71 was paid four days before the decision was made.
    if let Some(i) = find_entry(ledger, 2017, 71) {
        let no = ledger[i].decision_no.clone();
        let decided = ledger[i].decision_date.unwrap_or_default();
        for r in receipts.iter_mut().filter(|r| r.decision_no.as_ref() == Some(&no)) {
            r.date = Some(decided - Duration::days(4));
        }
    }

    // decision_before_filing: 2016-88 was decided before it was filed (a back-dated filing).
    {
        let no = decision(2016, 88);
        if let Some(e) = ledger.iter_mut().find(|e| e.decision_no == no) {
            let decided = e.decision_date.unwrap_or_default();
            e.filing_date = Some(decided + Duration::days(6));
        }
        if let Some(c) = cases.iter_mut().find(|c| c.decision_no == no) {
            c.filing_date = Some(c.decision_date.unwrap_or_default() + Duration::days(6));
        }
    }

    // overdue_case (办理案件超时限): 2016-30 took 140 days from filing to decision.
    {
        let no = decision(2016, 30);
        let shift = |d: Option<NaiveDate>| d.map(|d| d + Duration::days(110));
        if let Some(e) = ledger.iter_mut().find(|e| e.decision_no == no) {
            e.decision_date = shift(e.decision_date);
        }
        if let Some(c) = cases.iter_mut().find(|c| c.decision_no == no) {
            c.decision_date = shift(c.decision_date);
            c.notice_date = shift(c.notice_date);
            c.service_date = shift(c.service_date);
            c.execution_date = shift(c.execution_date);
            c.closing_date = shift(c.closing_date);
        }
        for r in receipts.iter_mut().filter(|r| r.decision_no.as_ref() == Some(&no)) {
            r.date = shift(r.date);
        }
    }
}

/// Penalties judged against each other: one party fined again and again, one fine far above the
/// usual band.
fn plant_party_problems(ledger: &mut [LedgerEntry], receipts: &mut Vec<Receipt>) {
    // repeated_party (重复执法): 营口鑫源烧烤店 fined three times in 2017 for 占道经营.
    for (n, party_fine) in [(10u32, 300), (45, 300), (90, 500)] {
        if let Some(e) = ledger.iter_mut().find(|e| e.decision_no == decision(2017, n)) {
            e.party = "营口鑫源烧烤店".into();
            e.violation = "占道经营".into();
            e.fine = Fen::from_yuan(party_fine);
            let no = e.decision_no.clone();
            for r in receipts.iter_mut().filter(|r| r.decision_no.as_ref() == Some(&no)) {
                r.payer = "营口鑫源烧烤店".into();
            }
            keep_one_receipt(receipts, &no, Fen::from_yuan(party_fine));
        }
    }

    // unequal_penalty (同案异罚、畸轻畸重): 2017-130, 占道经营, fined 3,000 where 200–500 is usual.
    if let Some(e) = ledger.iter_mut().find(|e| e.decision_no == decision(2017, 130)) {
        e.violation = "占道经营".into();
        e.fine = Fen::from_yuan(3_000);
        let no = e.decision_no.clone();
        keep_one_receipt(receipts, &no, Fen::from_yuan(3_000));
    }
}

/// Case-file problems, one case each, and two cases decided on the spot (简易程序).
fn plant_case_file_problems(
    ledger: &mut [LedgerEntry],
    cases: &mut [CaseFile],
    receipts: &mut Vec<Receipt>,
    officers: &[Officer],
) {
    let mut edit_case = |year: i32, n: u32, f: &dyn Fn(&mut CaseFile)| {
        if let Some(c) = cases.iter_mut().find(|c| c.decision_no == decision(year, n)) {
            f(c);
        }
    };
    // single_officer: 2017-15 names one officer.
    edit_case(2017, 15, &|c| c.officers.truncate(1));
    // officer_not_on_roster: 2017-22 names 曹国栋, who is not on the roster.
    edit_case(2017, 22, &|c| {
        if let Some(o) = c.officers.get_mut(1) {
            *o = OfficerRef { name: "曹国栋".into(), cert_no: "21080999999".into() };
        }
    });
    // certificate_expired: 林磊's certificate lapsed on 2017-03-31; 2017-80 was decided in summer.
    let expired = officer_ref(officers, 6);
    edit_case(2017, 80, &|c| {
        if let Some(o) = c.officers.get_mut(1) {
            *o = expired.clone();
        }
    });
    // auxiliary_as_officer: 宋金堃 (辅助人员) signed 2017-95 as an officer.
    let auxiliary = OfficerRef { name: officers[10].name.clone(), cert_no: String::new() };
    edit_case(2017, 95, &|c| {
        if let Some(o) = c.officers.get_mut(1) {
            *o = auxiliary.clone();
        }
    });
    // late_service: 2017-101 was served 16 days after the decision.
    edit_case(2017, 101, &|c| c.service_date = c.decision_date.map(|d| d + Duration::days(16)));
    // no_prior_notice: 2017-110 has no 告知 date.
    edit_case(2017, 110, &|c| c.notice_date = None);
    // 简易程序 (当场处罚): 2017-140 fined a citizen 50 yuan on the spot, one officer, no 立案 or
    // written notice — lawful, and raises nothing; simple_procedure_over_limit: 2017-150 fined a
    // citizen 150 yuan on the spot, over the 50-yuan limit of the law then in force. (A violation
    // of their own, so the two fines do not make another case's 同案异罚.)
    for (n, party, yuan) in [(140u32, "张卫东", 50), (150, "李秀英", 150)] {
        let no = decision(2017, n);
        edit_case(2017, n, &|c| {
            c.procedure = crate::domain::Procedure::Simple;
            c.officers.truncate(1);
            c.filing_date = None;
            c.notice_date = None;
            c.service_date = c.decision_date;
            c.hearing = String::new();
        });
        if let Some(e) = ledger.iter_mut().find(|e| e.decision_no == no) {
            e.party = party.into();
            e.fine = Fen::from_yuan(yuan);
            e.violation = "乱扔废弃物".into();
        }
        keep_one_receipt(receipts, &no, Fen::from_yuan(yuan));
        if let Some(r) = receipts.iter_mut().find(|r| r.decision_no.as_ref() == Some(&no)) {
            r.payer = party.into();
        }
    }
}

/// Numbers the receipts in the order they were issued, as a receipt book would, with two planted
/// faults: `duplicate_receipt_no` (2016-103's receipt repeats the number before it) and
/// `receipt_no_gap` (three receipts torn out of the book at the start of July 2017).
fn number_receipts(receipts: &mut [Receipt]) {
    receipts.sort_by(|a, b| (a.date, &a.decision_no).cmp(&(b.date, &b.decision_no)));
    let mut next: u32 = 16_001;
    let mut gap_done = false;
    let duplicate_of = Some(decision(2016, 103));
    let mut duplicated = false;
    for receipt in receipts.iter_mut() {
        if !gap_done && receipt.date.is_some_and(|d| d >= ymd(2017, 7, 1)) {
            next += 3;
            gap_done = true;
        }
        if !duplicated && receipt.decision_no == duplicate_of && next > 16_001 {
            receipt.receipt_no = format!("{:07}", next - 1);
            duplicated = true;
            continue;
        }
        receipt.receipt_no = format!("{next:07}");
        next += 1;
    }
}

/// Leaves one receipt for decision `no` (the first), paying `amount` in full.
fn keep_one_receipt(receipts: &mut Vec<Receipt>, no: &DecisionNo, amount: Fen) {
    let mut first = true;
    receipts.retain(|r| {
        if r.decision_no.as_ref() != Some(no) {
            return true;
        }
        let keep = first;
        first = false;
        keep
    });
    if let Some(r) = receipts.iter_mut().find(|r| r.decision_no.as_ref() == Some(no)) {
        r.amount = amount;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_deterministic() {
        let a = DemoData::generate();
        let b = DemoData::generate();
        assert_eq!(a.receipts, b.receipts);
        assert_eq!(a.ledger, b.ledger);
        assert_eq!(a.cases, b.cases);
        assert!(a.receipts.len() >= 300 && a.ledger.len() >= 300, "a few hundred of each");
    }

    #[test]
    fn the_same_command_gives_the_same_database() {
        let dir = tempfile::tempdir().unwrap();
        let (a, _) = create_demo(&dir.path().join("a.db")).unwrap();
        let (b, _) = create_demo(&dir.path().join("b.db")).unwrap();
        let head = |s: &Store| crate::store::audit::head(s.conn()).unwrap();
        assert!(head(&a).is_some());
        assert_eq!(head(&a), head(&b), "the audit chain head covers every version");
        let versions = |s: &Store| -> Vec<(Vec<u8>, Option<String>)> {
            let mut stmt = s.conn().prepare("SELECT version_id, content FROM versions ORDER BY version_id").unwrap();
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
        };
        assert_eq!(versions(&a), versions(&b));
    }

    #[test]
    fn refuses_a_database_with_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        drop(create_demo(&path).unwrap());
        assert!(matches!(create_demo(&path), Err(DemoError::NotEmpty(_))));
    }
}
