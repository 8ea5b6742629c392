//! The lead's campaign tables from files shaped like real ones — an .xlsx with a title row and a
//! merged two-row header, a GBK CSV as Excel on Windows saves it, an .ods — read field by field
//! through `daocha campaign import`; a bad row refused with its row number and nothing written; the
//! self-report template written, filled by code and read back; and `daocha demo --campaign`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/cli.rs"]
mod cli;
use cli::daocha;

use std::path::Path;

use calamine::{Data, Reader};
use chrono::NaiveDate;
use daocha::domain::taxonomy::UnitKind;
use daocha::domain::{Complaint, Id, ObserverVisit, SelfReport, Timeliness, Unit};
use daocha::store::Store;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn import(db: &Path, kind: &str, file: &Path, skip_bad: bool) -> (i32, String, String) {
    let mut args = vec!["campaign", "import", "--db", db.to_str().unwrap(), kind, file.to_str().unwrap()];
    if skip_bad {
        args.push("--skip-bad");
    }
    daocha(&args)
}

fn new_db(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("team.db");
    Store::open(&path).unwrap();
    path
}

fn units_by_name(db: &Path) -> Vec<(Id<Unit>, Unit)> {
    let store = Store::open_existing(db).unwrap();
    let mut units: Vec<(Id<Unit>, Unit)> = store.list::<Unit>().unwrap().into_iter().map(|s| (s.id, s.value)).collect();
    units.sort_by(|a, b| a.1.name.cmp(&b.1.name));
    units
}

fn unit_id(db: &Path, name: &str) -> Id<Unit> {
    units_by_name(db).into_iter().find(|(_, u)| u.name == name).unwrap().0
}

fn counts(db: &Path) -> (u64, u64) {
    let store = Store::open_existing(db).unwrap();
    (store.version_count().unwrap(), store.audit_count().unwrap())
}

/// The district's unit list as a lead keeps it: a title row, a note, then a header whose
/// 联络员信息 is a merged cell over 联络员 and 联系电话, the others merged down; a 合计 line under it.
fn write_units_xlsx(path: &Path, phone_of_first: &str) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let bold = Format::new().set_bold();
    sheet.merge_range(0, 0, 0, 5, "鲅鱼圈区规范行政处罚行为专项治理受检单位名单", &bold).unwrap();
    sheet.write_string(1, 0, "填报：区软环境办公室").unwrap();
    for (col, text) in [(0, "单位名称"), (1, "执法领域"), (2, "单位类别"), (5, "地址")] {
        sheet.merge_range(2, col, 3, col, text, &bold).unwrap();
    }
    sheet.merge_range(2, 3, 2, 4, "联络员信息", &bold).unwrap();
    sheet.write_string(3, 3, "联络员").unwrap();
    sheet.write_string(3, 4, "联系电话").unwrap();
    let rows = [
        ["区综合执法局", "城管", "区本级", "刘振毅", phone_of_first, "鲅鱼圈区平安路1号"],
        ["区地税局", "地税", "驻区", "马声利", "0417-6100002", "鲅鱼圈区青岛路8号"],
        ["区动物卫生监督所", "畜牧", "授权委托", "王立军", "", ""],
        ["区市场监督管理局", "市场监管", "", "申守怡", "0417-6100004", ""],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                sheet.write_string(4 + u32::try_from(r).unwrap(), u16::try_from(c).unwrap(), *text).unwrap();
            }
        }
    }
    sheet.write_string(8, 0, "合计：4 个单位").unwrap();
    book.save(path).unwrap();
}

#[test]
fn units_from_an_xlsx_with_a_title_and_a_merged_header_and_again_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_db(dir.path());
    let file = dir.path().join("单位名单.xlsx");
    write_units_xlsx(&file, "0417-6100001");
    let (code, out, err) = import(&db, "units", &file, false);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("新增 4 条，更新 0 条"), "{out}");
    assert!(out.contains("第 9 行") && out.contains("合计"), "the total is left out and said: {out}");
    assert!(err.contains("两行表头"), "{err}");
    let units = units_by_name(&db);
    assert_eq!(units.len(), 4);
    let find = |name: &str| units.iter().find(|(_, u)| u.name == name).unwrap().1.clone();
    assert_eq!(
        find("区综合执法局"),
        Unit {
            name: "区综合执法局".into(),
            domain: "城管".into(),
            kind: UnitKind::District,
            contact: "刘振毅".into(),
            phone: "0417-6100001".into(),
            address: "鲅鱼圈区平安路1号".into(),
        }
    );
    assert_eq!(find("区地税局").kind, UnitKind::Stationed);
    assert_eq!(find("区地税局").phone, "0417-6100002");
    assert_eq!(find("区动物卫生监督所").kind, UnitKind::Delegated);
    assert_eq!(find("区动物卫生监督所").domain, "畜牧");
    assert_eq!(find("区市场监督管理局").kind, UnitKind::District);
    let first_id = unit_id(&db, "区综合执法局");

    // Next month's list: the same units, a new phone number. Updated, not duplicated.
    write_units_xlsx(&file, "0417-6199999");
    let (code, out, err) = import(&db, "units", &file, false);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("新增 0 条，更新 4 条"), "{out}");
    let units = units_by_name(&db);
    assert_eq!(units.len(), 4);
    let (id, unit) = units.iter().find(|(_, u)| u.name == "区综合执法局").unwrap();
    assert_eq!(*id, first_id);
    assert_eq!(unit.phone, "0417-6199999");
}

/// Units for the reports and complaints, imported as a lead would.
fn district(dir: &Path) -> std::path::PathBuf {
    let db = new_db(dir);
    let file = dir.join("units.xlsx");
    write_units_xlsx(&file, "0417-6100001");
    assert_eq!(import(&db, "units", &file, false).0, 0);
    db
}

#[test]
fn self_reports_from_a_gbk_csv_field_by_field_and_reimport_updates() {
    let dir = tempfile::tempdir().unwrap();
    let db = district(dir.path());
    // As Excel on Windows saves it: GBK, CRLF, dates as people type them, a 合计 row.
    let text = "2017年自查自纠情况汇总\r\n\
单位名称,年度,工作部署收到日期,自查自纠材料收到日期,自查案卷数,执法不严格,执法不公正,执法不规范,执法不廉洁,执法不文明,立行立改,列出时间表,移送线索,备注\r\n\
区综合执法局,2017,2017/6/28,2017年8月18日,120,2,1,3,0,0,4,2,0,整改措施已报\r\n\
区地税局,2017年,2017-07-03,,60,0,0,0,0,0,0,0,0,书面报告未交\r\n\
区市场监督管理局,2017,2017.6.30,2017-08-25,150,3,2,5,1,1,7,4,1,\r\n\
合计,,,,330,5,3,8,1,1,11,6,1,\r\n";
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    let file = dir.path().join("自查自纠.csv");
    std::fs::write(&file, &bytes).unwrap();
    let (code, out, err) = import(&db, "selfreports", &file, false);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("新增 3 条"), "{out}");

    let store = Store::open_existing(&db).unwrap();
    let reports: Vec<SelfReport> = store.list::<SelfReport>().unwrap().into_iter().map(|s| s.value).collect();
    assert_eq!(reports.len(), 3);
    let of = |name: &str| {
        let id = unit_id(&db, name);
        reports.iter().find(|r| r.unit_id == id).unwrap().clone()
    };
    assert_eq!(
        of("区综合执法局"),
        SelfReport {
            unit_id: unit_id(&db, "区综合执法局"),
            year: 2017,
            deployment_received: Some(ymd(2017, 6, 28)),
            report_received: Some(ymd(2017, 8, 18)),
            cases_reviewed: 120,
            problems: [2, 1, 3, 0, 0],
            fixed_at_once: 4,
            with_timetable: 2,
            clues_transferred: 0,
            notes: "整改措施已报".into(),
            summary_received: None,
        }
    );
    let tax = of("区地税局");
    assert_eq!(tax.deployment_timeliness(), Timeliness::Late);
    assert_eq!(tax.report_timeliness(), Timeliness::Missing);
    assert_eq!(tax.total_problems(), 0);
    let market = of("区市场监督管理局");
    assert_eq!(market.deployment_received, Some(ymd(2017, 6, 30)));
    assert_eq!(market.report_timeliness(), Timeliness::Late);
    assert_eq!(market.problems, [3, 2, 5, 1, 1]);
    assert_eq!((market.fixed_at_once, market.with_timetable, market.clues_transferred), (7, 4, 1));
    drop(store);
    // In December the market office's summary report (总结报告) is recorded in the register.
    {
        let mut store = Store::open_existing(&db).unwrap();
        let id = unit_id(&db, "区市场监督管理局");
        let stored = store.list::<SelfReport>().unwrap().into_iter().find(|s| s.value.unit_id == id).unwrap();
        let mut report = stored.value.clone();
        report.summary_received = Some(ymd(2017, 12, 27));
        store.write("test", "总结报告收到", |w| w.update(stored.id, stored.version_id, &report)).unwrap();
    }

    // The tax office's report arrives: the same file again, one line changed. One report per
    // unit and year; the summary report's date, which the table does not carry, is kept.
    let text = text.replace("2017-07-03,,60", "2017-07-03,2017-08-19,60");
    std::fs::write(&file, encoding_rs::GBK.encode(&text).0).unwrap();
    let (code, out, err) = import(&db, "selfreports", &file, false);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("新增 0 条，更新 3 条"), "{out}");
    let store = Store::open_existing(&db).unwrap();
    let reports: Vec<SelfReport> = store.list::<SelfReport>().unwrap().into_iter().map(|s| s.value).collect();
    assert_eq!(reports.len(), 3);
    let id = unit_id(&db, "区地税局");
    let tax = reports.iter().find(|r| r.unit_id == id).unwrap();
    assert_eq!(tax.report_received, Some(ymd(2017, 8, 19)));
    let id = unit_id(&db, "区市场监督管理局");
    let market = reports.iter().find(|r| r.unit_id == id).unwrap();
    assert_eq!(market.summary_received, Some(ymd(2017, 12, 27)));
    assert_eq!(market.summary_timeliness(), Timeliness::OnTime);
}

/// An .ods file with one sheet of string cells (as LibreOffice saves a typed-in list).
fn write_ods(path: &Path, rows: &[Vec<&str>]) {
    use std::io::Write as _;
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut ods = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    ods.start_file("mimetype", stored).unwrap();
    ods.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    ods.start_file("META-INF/manifest.xml", stored).unwrap();
    ods.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    ods.start_file("content.xml", stored).unwrap();
    let cell = |v: &str| {
        if v.is_empty() {
            "<table:table-cell/>".to_string()
        } else {
            format!(r#"<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>"#)
        }
    };
    let body: String = rows
        .iter()
        .map(|row| format!("<table:table-row>{}</table:table-row>", row.iter().map(|v| cell(v)).collect::<String>()))
        .collect();
    write!(
        ods,
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="举报登记">{body}</table:table></office:spreadsheet></office:body></office:document-content>"#
    )
    .unwrap();
    ods.finish().unwrap();
}

const COMPLAINT_HEADER: [&str; 9] =
    ["收到日期", "来源", "被反映单位", "执法领域", "反映人", "反映内容", "承办人", "处理结果", "是否办结"];

#[test]
fn complaints_from_an_ods_field_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let db = district(dir.path());
    let file = dir.path().join("举报.ods");
    write_ods(
        &file,
        &[
            vec!["2017年监督举报登记表"],
            COMPLAINT_HEADER.to_vec(),
            vec![
                "2017-07-03",
                "举报电话",
                "区综合执法局",
                "",
                "匿名",
                "执法人员未出示证件",
                "张程程",
                "已责令整改",
                "是",
            ],
            vec!["2017年7月9日", "12345", "", "环保", "王某", "夜间施工噪音无人处理", "李雪华", "", "否"],
            vec!["2017/7/12", "来信", "区地税局", "地税", "", "重复检查", "", "", ""],
        ],
    );
    let (code, out, err) = import(&db, "complaints", &file, false);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("新增 3 条"), "{out}");
    let store = Store::open_existing(&db).unwrap();
    let mut complaints: Vec<Complaint> = store.list::<Complaint>().unwrap().into_iter().map(|s| s.value).collect();
    complaints.sort_by_key(|c| c.received_on);
    assert_eq!(
        complaints[0],
        Complaint {
            received_on: ymd(2017, 7, 3),
            channel: "电话".into(),
            unit_id: Some(unit_id(&db, "区综合执法局")),
            domain: "城管".into(),
            complainant: "匿名".into(),
            content: "执法人员未出示证件".into(),
            handler: "张程程".into(),
            result: "已责令整改".into(),
            closed: true,
        }
    );
    assert_eq!(complaints[1].channel, "12345转办");
    assert_eq!(complaints[1].unit_id, None);
    assert_eq!(complaints[1].domain, "环保");
    assert!(!complaints[1].closed);
    assert_eq!(complaints[2].received_on, ymd(2017, 7, 12));
    assert_eq!(complaints[2].unit_id, Some(unit_id(&db, "区地税局")));
}

#[test]
fn a_bad_row_is_refused_with_its_row_and_column_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = district(dir.path());
    let file = dir.path().join("举报.csv");
    let text = format!(
        "{}\n2017-07-03,电话,区综合执法局,,匿名,未出示证件,张程程,,否\n2017-07-04,电话,区宇航局,,匿名,乱罚款,张程程,,否\n2017-07-05,微博,,城管,,态度粗暴,,,否\n",
        COMPLAINT_HEADER.join(",")
    );
    std::fs::write(&file, text).unwrap();
    let before = counts(&db);
    let (code, out, err) = import(&db, "complaints", &file, false);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("第 3 行 · 被反映单位 · “区宇航局”"), "{err}");
    assert!(err.contains("没有名为“区宇航局”的受检单位"), "{err}");
    assert!(err.contains("第 4 行 · 来源 · “微博”"), "{err}");
    assert!(err.contains("未导入任何数据"), "{err}");
    assert_eq!(counts(&db), before, "nothing written");

    let (code, out, err) = import(&db, "complaints", &file, true);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("新增 1 条") && out.contains("跳过了 2 行"), "{out}");
    let store = Store::open_existing(&db).unwrap();
    assert_eq!(store.list::<Complaint>().unwrap().len(), 1);
    assert_eq!(counts(&db).1, before.1 + 1, "one command, one audit entry");

    // A self-report naming a unit not on the list.
    let file = dir.path().join("自查.csv");
    std::fs::write(&file, "单位名称,年度,自查案卷数,执法不规范\n区综合执法局,2017,10,1\n区宇航局,2017,3,0\n").unwrap();
    let (code, _, err) = import(&db, "selfreports", &file, false);
    assert_eq!(code, 2);
    assert!(err.contains("第 3 行 · 单位名称 · “区宇航局”"), "{err}");
}

#[test]
fn broken_files_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let db = district(dir.path());
    let empty = dir.path().join("空.csv");
    std::fs::write(&empty, "").unwrap();
    let (code, _, err) = import(&db, "units", &empty, false);
    assert_eq!(code, 2);
    assert!(err.contains("是空的"), "{err}");
    let wrong = dir.path().join("错表头.csv");
    std::fs::write(&wrong, "姓名,年龄\n张三,30\n").unwrap();
    let (code, _, err) = import(&db, "selfreports", &wrong, false);
    assert_eq!(code, 2);
    assert!(err.contains("缺少必需的列 单位名称") && err.contains("campaign template"), "{err}");
    let word = dir.path().join("名单.docx");
    {
        use std::io::Write as _;
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&word).unwrap());
        zip.start_file("[Content_Types].xml", zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(b"<Types/>").unwrap();
        zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(b"<w:document/>").unwrap();
        zip.finish().unwrap();
    }
    let (code, _, err) = import(&db, "units", &word, false);
    assert_eq!(code, 2);
    assert!(err.contains("不是表格"), "{err}");
}

/// The template's cells, read back as a lead's colleague would open it.
fn read_xlsx(path: &Path) -> Vec<Vec<Data>> {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

#[test]
fn the_template_is_filled_by_code_and_reads_back_field_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let db = district(dir.path());
    let template = dir.path().join("模板.xlsx");
    let (code, out, err) = daocha(&[
        "campaign",
        "template",
        "--db",
        db.to_str().unwrap(),
        "selfreports",
        "--out",
        template.to_str().unwrap(),
        "--year",
        "2017",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("4 个受检单位"), "{out}");
    let rows = read_xlsx(&template);
    let title = rows[0][0].to_string();
    assert!(title.contains("7月1日") && title.contains("8月20日"), "{title}");
    let names: Vec<String> = rows[3..].iter().map(|r| r[0].to_string()).collect();
    // Sent back as it went out: nothing to import, and said so.
    let (code, _, err) = import(&db, "selfreports", &template, false);
    assert_eq!(code, 2);
    assert!(err.contains("4 行都没有作为记录导入") && err.contains("尚未填写"), "{err}");
    assert_eq!(names, ["区综合执法局", "区地税局", "区动物卫生监督所", "区市场监督管理局"], "in the list's order");

    // Filled in: every cell copied, the figures typed (dates as date cells and as text), the
    // last unit's row left as sent.
    let filled = dir.path().join("已填写.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (u32::try_from(r).unwrap(), u16::try_from(c).unwrap());
            match cell {
                Data::String(s) => {
                    sheet.write_string(r, c, s).unwrap();
                }
                Data::Float(f) => {
                    sheet.write_number(r, c, *f).unwrap();
                }
                Data::Int(i) => {
                    sheet.write_number(r, c, f64::from(i32::try_from(*i).unwrap())).unwrap();
                }
                _ => {}
            }
        }
    }
    let mut expected = Vec::new();
    for i in 0..3u32 {
        let r = 3 + i;
        let problems = [i, 0, i + 2, 0, i % 2];
        let total: u32 = problems.iter().sum();
        let deployment = ymd(2017, 6, 26 + i);
        let report = ymd(2017, 8, 19 + i);
        if i % 2 == 0 {
            let d = ExcelDateTime::from_ymd(2017, 6, u8::try_from(26 + i).unwrap()).unwrap();
            sheet.write_datetime_with_format(r, 2, d, &date_format).unwrap();
        } else {
            sheet.write_string(r, 2, format!("2017年6月{}日", 26 + i)).unwrap();
        }
        sheet.write_string(r, 3, format!("2017-08-{}", 19 + i)).unwrap();
        sheet.write_number(r, 4, f64::from(10 + i * 7)).unwrap();
        for (k, n) in problems.iter().enumerate() {
            sheet.write_number(r, 5 + u16::try_from(k).unwrap(), f64::from(*n)).unwrap();
        }
        sheet.write_number(r, 10, f64::from(total / 2)).unwrap();
        sheet.write_number(r, 11, f64::from(total - total / 2)).unwrap();
        sheet.write_number(r, 12, f64::from(i / 2)).unwrap();
        sheet.write_string(r, 13, format!("备注{i}")).unwrap();
        expected.push((
            names[i as usize].clone(),
            SelfReport {
                unit_id: unit_id(&db, &names[i as usize]),
                year: 2017,
                deployment_received: Some(deployment),
                report_received: Some(report),
                cases_reviewed: 10 + i * 7,
                problems,
                fixed_at_once: total / 2,
                with_timetable: total - total / 2,
                clues_transferred: i / 2,
                notes: format!("备注{i}"),
                summary_received: None,
            },
        ));
    }
    book.save(&filled).unwrap();

    let (code, out, err) = import(&db, "selfreports", &filled, false);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("新增 3 条"), "{out}");
    assert!(out.contains("区市场监督管理局") && out.contains("尚未填写"), "the unfilled row is said: {out}");
    let store = Store::open_existing(&db).unwrap();
    let reports: Vec<SelfReport> = store.list::<SelfReport>().unwrap().into_iter().map(|s| s.value).collect();
    assert_eq!(reports.len(), 3);
    for (name, want) in expected {
        let got = reports.iter().find(|r| r.unit_id == want.unit_id).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(*got, want, "{name}");
    }
    assert_eq!(reports.iter().filter(|r| r.report_timeliness() == Timeliness::Late).count(), 1);
}

/// The demo's content without ids: units, and reports, complaints and visits by unit name.
fn demo_content(db: &Path) -> Vec<String> {
    let store = Store::open_existing(db).unwrap();
    let units: Vec<(Id<Unit>, Unit)> = store.list::<Unit>().unwrap().into_iter().map(|s| (s.id, s.value)).collect();
    let name = |id: Option<Id<Unit>>| {
        id.and_then(|id| units.iter().find(|(u, _)| *u == id)).map_or(String::new(), |(_, u)| u.name.clone())
    };
    let mut lines: Vec<String> = units.iter().map(|(_, u)| format!("{u:?}")).collect();
    for r in store.list::<SelfReport>().unwrap() {
        let mut value = r.value.clone();
        value.unit_id = Id::from_uuid(uuid::Uuid::nil());
        lines.push(format!("{} {value:?}", name(Some(r.value.unit_id))));
    }
    for c in store.list::<Complaint>().unwrap() {
        let mut value = c.value.clone();
        value.unit_id = None;
        lines.push(format!("{} {value:?}", name(c.value.unit_id)));
    }
    for v in store.list::<ObserverVisit>().unwrap() {
        let mut value = v.value.clone();
        value.unit_id = None;
        lines.push(format!("{} {value:?}", name(v.value.unit_id)));
    }
    lines.sort();
    lines
}

#[test]
fn demo_campaign_is_a_district_worth_ranking_and_the_same_every_run() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("campaign.db");
    let (code, out, err) = daocha(&["demo", "--campaign", "--db", db.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("受检单位 26 个") && out.contains("监督举报 42 件"), "{out}");

    assert!(out.contains("团队名册检查人员 6 名"), "{out}");
    // The team is on the roster, so the teams of a draw can be drawn on the demo.
    assert_eq!(daocha::team::roster(&Store::open_existing(&db).unwrap()).unwrap().by_key.len(), 6);
    let db_text = db.to_str().unwrap();
    let (code, out, err) = daocha(&["campaign", "select", "--db", db_text, "--count", "5", "--seed", "3-5-2"]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = daocha(&["campaign", "teams", "--db", db_text, "--seed", "4-1"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out.lines().filter(|l| l.contains("（随机抽中）：")).count(), 5, "{out}");

    let store = Store::open_existing(&db).unwrap();
    let units = store.list::<Unit>().unwrap();
    assert_eq!(units.len(), 26);
    assert!(units.iter().any(|u| u.value.name == "区综合执法局" && u.value.domain == "城管"));
    assert!(units.iter().any(|u| u.value.kind == UnitKind::Stationed));
    assert!(units.iter().any(|u| u.value.kind == UnitKind::Delegated));
    let reports: Vec<SelfReport> = store.list::<SelfReport>().unwrap().into_iter().map(|s| s.value).collect();
    assert_eq!(reports.len(), 26);
    assert!(reports.iter().all(|r| r.year == 2017));
    let late = reports.iter().filter(|r| r.report_timeliness() == Timeliness::Late).count();
    let missing = reports.iter().filter(|r| r.report_timeliness() == Timeliness::Missing).count();
    let zero = reports.iter().filter(|r| r.report_received.is_some() && r.total_problems() == 0).count();
    assert!(late >= 3 && missing >= 2 && zero >= 4, "late {late}, missing {missing}, zero {zero}");
    // Problems per case reviewed vary: the ranking has something to order.
    let mut rates: Vec<u32> =
        reports.iter().filter(|r| r.cases_reviewed > 0).map(|r| r.total_problems() * 1000 / r.cases_reviewed).collect();
    rates.sort_unstable();
    rates.dedup();
    assert!(rates.len() >= 10, "{rates:?}");

    let complaints: Vec<Complaint> = store.list::<Complaint>().unwrap().into_iter().map(|s| s.value).collect();
    assert_eq!(complaints.len(), 42);
    let mut per_unit: std::collections::HashMap<Option<Id<Unit>>, usize> = std::collections::HashMap::new();
    for c in &complaints {
        *per_unit.entry(c.unit_id).or_default() += 1;
    }
    let most = per_unit.iter().filter(|(u, _)| u.is_some()).map(|(_, n)| *n).max().unwrap();
    assert!(most >= 8, "a few units draw many complaints: {most}");
    assert!(units.len() - per_unit.keys().filter(|u| u.is_some()).count() >= 10, "many draw none");
    assert!(complaints.iter().any(|c| c.closed) && complaints.iter().any(|c| !c.closed));
    assert_eq!(store.list::<ObserverVisit>().unwrap().len(), 2);
    drop(store);

    // The same content on another run, ids and times apart.
    let again = dir.path().join("again.db");
    assert_eq!(daocha(&["demo", "--campaign", "--db", again.to_str().unwrap()]).0, 0);
    assert_eq!(demo_content(&db), demo_content(&again));
    // And it refuses to write over data.
    let (code, _, err) = daocha(&["demo", "--campaign", "--db", db.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("已有数据"), "{err}");
}
