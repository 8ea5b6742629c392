//! The lead's registers of the campaign around the visits: each unit's phase-1 deliverables
//! (自查自纠报告), public complaints (监督举报) and the observers' visits (现场看). Kept in the team
//! database, not per inspection; each is a register page of the 组长 section.

use chrono::{Datelike, NaiveDate};

use crate::domain::{Complaint, Id, Inspection, ObserverVisit, SelfReport, Unit};
use crate::inspection::Lookups;
use crate::ui::editable::{
    ColumnSpec, Editable, FieldKind, FieldSpec, FormField, SortKey, TableColumn, date_text, opt_date, put, set,
};

use super::people::domain_choices;
use super::work::{parse_yes_no, yes_no, yes_no_choices};

/// Every unit of the district, by id.
pub(super) fn unit_choices(lookups: &Lookups) -> Vec<(String, String)> {
    lookups.units.iter().map(|u| (u.id.to_string(), u.value.name.clone())).collect()
}

/// The units, with 未指明 first (a complaint or a visit may name none).
fn optional_unit_choices(lookups: &Lookups) -> Vec<(String, String)> {
    std::iter::once((String::new(), "（未指明）".to_string())).chain(unit_choices(lookups)).collect()
}

/// A unit's name, or empty.
fn unit_text(unit: Option<Id<Unit>>, lookups: &Lookups) -> String {
    unit.map(|id| lookups.unit_name(id)).unwrap_or_default()
}

/// The chosen unit, or none.
fn opt_unit(text: &str) -> Result<Option<Id<Unit>>, String> {
    let text = text.trim();
    if text.is_empty() {
        Ok(None)
    } else {
        text.parse().map(Some).map_err(|_| "请从列表中选择单位".to_string())
    }
}

/// A whole number of things, empty is 0.
fn count(text: &str) -> Result<u32, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(0);
    }
    text.parse().map_err(|_| format!("“{text}”不是个数（应为 0 或正整数）"))
}

/// A date that must be there.
pub(super) fn date(text: &str) -> Result<NaiveDate, String> {
    opt_date(text)?.ok_or_else(|| "不能为空".to_string())
}

/// Today, as the form's first guess.
pub(super) fn today(lookups: &Lookups) -> String {
    lookups.today.format("%Y-%m-%d").to_string()
}

fn timeliness_order(t: crate::domain::Timeliness) -> i64 {
    match t {
        crate::domain::Timeliness::Missing => 0,
        crate::domain::Timeliness::Late => 1,
        crate::domain::Timeliness::OnTime => 2,
    }
}

/// The form field of the problems of the plan's category `I` (0 to 4, the plan's 一 to 五).
const fn category_field<const I: usize>(label: &'static str) -> FormField<SelfReport> {
    FormField::new(
        FieldSpec::text(label).hint("个"),
        |r, _| r.problems.get(I).map(ToString::to_string).unwrap_or_default(),
        |r, t, _| match r.problems.get_mut(I) {
            Some(slot) => set(slot, count(t)),
            None => Ok(()),
        },
    )
}

impl Editable for SelfReport {
    const SCOPED: bool = false;
    const NOUN: &'static str = "自查自纠报告";
    const EXPLANATION: &'static str = "第一阶段各执法单位的工作部署文件（7月1日前）和自查自纠书面材料（8月20日前）、第三阶段的单位总结报告（12月31日前）：是否按时报送，自查案卷数和按五类问题统计的发现问题数。问题少或零报告的，第二阶段重点抽查。";

    const COLUMNS: &'static [TableColumn<Self>] = &[
        TableColumn::new(ColumnSpec::wide("单位", 190.0), |r, l| l.unit_name(r.unit_id)),
        TableColumn::new(ColumnSpec::text("年度", 60.0), |r, _| r.year.to_string()),
        TableColumn::sorted(
            ColumnSpec::text("工作部署", 150.0),
            |r, _| match r.deployment_received {
                Some(day) => format!("{} {}", r.deployment_timeliness().label(), date_text(Some(day))),
                None => r.deployment_timeliness().label().to_string(),
            },
            |r, _| SortKey::Number(timeliness_order(r.deployment_timeliness())),
        ),
        TableColumn::sorted(
            ColumnSpec::text("自查报告", 150.0),
            |r, _| match r.report_received {
                Some(day) => format!("{} {}", r.report_timeliness().label(), date_text(Some(day))),
                None => r.report_timeliness().label().to_string(),
            },
            |r, _| SortKey::Number(timeliness_order(r.report_timeliness())),
        ),
        TableColumn::sorted(
            ColumnSpec { title: "自查案卷", numeric: true, width: 80.0, grows: false },
            |r, _| r.cases_reviewed.to_string(),
            |r, _| SortKey::Number(i64::from(r.cases_reviewed)),
        ),
        TableColumn::sorted(
            ColumnSpec { title: "发现问题", numeric: true, width: 80.0, grows: false },
            |r, _| r.total_problems().to_string(),
            |r, _| SortKey::Number(i64::from(r.total_problems())),
        ),
        TableColumn::sorted(
            ColumnSpec { title: "立行立改", numeric: true, width: 80.0, grows: false },
            |r, _| r.fixed_at_once.to_string(),
            |r, _| SortKey::Number(i64::from(r.fixed_at_once)),
        ),
        TableColumn::sorted(
            ColumnSpec { title: "移送线索", numeric: true, width: 80.0, grows: false },
            |r, _| r.clues_transferred.to_string(),
            |r, _| SortKey::Number(i64::from(r.clues_transferred)),
        ),
        TableColumn::sorted(
            ColumnSpec::text("总结报告", 150.0),
            |r, _| match r.summary_received {
                Some(day) => format!("{} {}", r.summary_timeliness().label(), date_text(Some(day))),
                None => r.summary_timeliness().label().to_string(),
            },
            |r, _| SortKey::Number(timeliness_order(r.summary_timeliness())),
        ),
        TableColumn::new(ColumnSpec::wide("备注", 160.0), |r, _| r.notes.clone()),
    ];

    const FIELDS: &'static [FormField<Self>] = &[
        FormField::new(
            FieldSpec::new("单位", |l| FieldKind::Choice(unit_choices(l))).required(),
            |r, _| if r.unit_id.uuid().is_nil() { String::new() } else { r.unit_id.to_string() },
            |r, t, _| match opt_unit(t)? {
                Some(id) => {
                    r.unit_id = id;
                    Ok(())
                }
                None => Err("不能为空".into()),
            },
        ),
        FormField::new(
            FieldSpec::text("年度").required().hint("2017").blank(|l| l.today.year().to_string()),
            |r, _| r.year.to_string(),
            |r, t, _| set(&mut r.year, t.trim().parse().map_err(|_| format!("“{}”不是年份", t.trim()))),
        ),
        FormField::new(
            FieldSpec::date("工作部署文件收到日期").hint("未收到的留空；7月1日前为按时"),
            |r, _| date_text(r.deployment_received),
            |r, t, _| set(&mut r.deployment_received, opt_date(t)),
        ),
        FormField::new(
            FieldSpec::date("自查自纠材料收到日期").hint("未收到的留空；8月20日前为按时"),
            |r, _| date_text(r.report_received),
            |r, t, _| set(&mut r.report_received, opt_date(t)),
        ),
        FormField::new(
            FieldSpec::text("自查案卷数").hint("卷"),
            |r, _| r.cases_reviewed.to_string(),
            |r, t, _| set(&mut r.cases_reviewed, count(t)),
        ),
        category_field::<0>("一、执法不严格"),
        category_field::<1>("二、执法不公正"),
        category_field::<2>("三、执法不规范"),
        category_field::<3>("四、执法不廉洁"),
        category_field::<4>("五、执法不文明"),
        FormField::new(
            FieldSpec::text("立行立改").hint("个"),
            |r, _| r.fixed_at_once.to_string(),
            |r, t, _| set(&mut r.fixed_at_once, count(t)),
        ),
        FormField::new(
            FieldSpec::text("列出时间表整改").hint("个"),
            |r, _| r.with_timetable.to_string(),
            |r, t, _| set(&mut r.with_timetable, count(t)),
        ),
        FormField::new(
            FieldSpec::text("移送纪检、检察线索").hint("条"),
            |r, _| r.clues_transferred.to_string(),
            |r, t, _| set(&mut r.clues_transferred, count(t)),
        ),
        FormField::new(FieldSpec::multiline("备注"), |r, _| r.notes.clone(), |r, t, _| put(&mut r.notes, t)),
        FormField::new(
            FieldSpec::date("总结报告收到日期").hint("第三阶段单位总结报告；未收到的留空；12月31日前为按时"),
            |r, _| date_text(r.summary_received),
            |r, t, _| set(&mut r.summary_received, opt_date(t)),
        ),
    ];

    fn empty(_: Id<Inspection>) -> Self {
        SelfReport {
            unit_id: Id::from_uuid(uuid::Uuid::nil()),
            year: 0,
            deployment_received: None,
            report_received: None,
            cases_reviewed: 0,
            problems: [0; 5],
            fixed_at_once: 0,
            with_timetable: 0,
            clues_transferred: 0,
            notes: String::new(),
            summary_received: None,
        }
    }

    fn describe(&self) -> String {
        format!("{} 年自查自纠报告", self.year)
    }
}

impl Editable for Complaint {
    const SCOPED: bool = false;
    const NOUN: &'static str = "监督举报";
    const EXPLANATION: &'static str = "通过公布的监督举报电话和邮箱、来信来访及12345转办收到的举报：反映哪个单位、哪个执法领域，由谁办理，结果如何。反映强烈的执法领域重点抽查。";

    const COLUMNS: &'static [TableColumn<Self>] = &[
        TableColumn::sorted(
            ColumnSpec::date("收到日期"),
            |r, _| date_text(Some(r.received_on)),
            |r, _| SortKey::Date(Some(r.received_on)),
        ),
        TableColumn::new(ColumnSpec::text("来源", 80.0), |r, _| r.channel.clone()),
        TableColumn::new(ColumnSpec::wide("被反映单位", 180.0), |r, l| unit_text(r.unit_id, l)),
        TableColumn::new(ColumnSpec::text("执法领域", 90.0), |r, l| {
            if r.domain.is_empty() {
                r.unit_id.and_then(|id| l.unit(id)).map(|u| u.domain.clone()).unwrap_or_default()
            } else {
                r.domain.clone()
            }
        }),
        TableColumn::new(ColumnSpec::wide("反映内容", 240.0), |r, _| r.content.clone()),
        TableColumn::new(ColumnSpec::text("承办人", 80.0), |r, _| r.handler.clone()),
        TableColumn::new(ColumnSpec::text("办结", 50.0), |r, _| {
            if r.closed { "已办结".into() } else { "办理中".into() }
        }),
    ];

    const FIELDS: &'static [FormField<Self>] = &[
        FormField::new(
            FieldSpec::date("收到日期").required().blank(today),
            |r, _| date_text(Some(r.received_on)),
            |r, t, _| set(&mut r.received_on, date(t)),
        ),
        FormField::new(
            FieldSpec::new("来源", |_| FieldKind::Choice(channel_choices())).required().blank(|_| "电话".into()),
            |r, _| r.channel.clone(),
            |r, t, _| put(&mut r.channel, t),
        ),
        FormField::new(
            FieldSpec::new("被反映单位", |l| FieldKind::Choice(optional_unit_choices(l))),
            |r, _| r.unit_id.map(|id| id.to_string()).unwrap_or_default(),
            |r, t, _| set(&mut r.unit_id, opt_unit(t)),
        ),
        FormField::new(
            FieldSpec::new("执法领域", |_| {
                FieldKind::Choice(
                    std::iter::once((String::new(), "（同被反映单位）".to_string())).chain(domain_choices()).collect(),
                )
            }),
            |r, _| r.domain.clone(),
            |r, t, _| put(&mut r.domain, t),
        ),
        FormField::new(
            FieldSpec::text("反映人").hint("可为匿名"),
            |r, _| r.complainant.clone(),
            |r, t, _| put(&mut r.complainant, t),
        ),
        FormField::new(
            FieldSpec::multiline("反映内容").required(),
            |r, _| r.content.clone(),
            |r, t, _| put(&mut r.content, t),
        ),
        FormField::new(FieldSpec::text("承办人"), |r, _| r.handler.clone(), |r, t, _| put(&mut r.handler, t)),
        FormField::new(FieldSpec::multiline("处理结果"), |r, _| r.result.clone(), |r, t, _| put(&mut r.result, t)),
        FormField::new(
            FieldSpec::new("是否办结", |_| FieldKind::Choice(yes_no_choices())).blank(|_| "no".into()),
            |r, _| yes_no(Some(r.closed)),
            |r, t, _| set(&mut r.closed, Ok(parse_yes_no(t) == Some(true))),
        ),
    ];

    fn empty(_: Id<Inspection>) -> Self {
        Complaint {
            received_on: NaiveDate::MIN,
            channel: String::new(),
            unit_id: None,
            domain: String::new(),
            complainant: String::new(),
            content: String::new(),
            handler: String::new(),
            result: String::new(),
            closed: false,
        }
    }

    fn describe(&self) -> String {
        let content: String = self.content.chars().take(12).collect();
        format!("举报“{content}”")
    }
}

/// The channels of [`Complaint::CHANNELS`] as the form's choice.
fn channel_choices() -> Vec<(String, String)> {
    Complaint::CHANNELS.iter().map(|c| ((*c).to_string(), (*c).to_string())).collect()
}

impl Editable for ObserverVisit {
    const SCOPED: bool = false;
    const NOUN: &'static str = "现场看";
    const EXPLANATION: &'static str = "邀请“两代表一委员”和特邀软环境监督员现场查看执法人员持证上岗、履行程序和文明执法的情况，记录所见和意见，以及问卷调查表的收回和满意情况。";

    const COLUMNS: &'static [TableColumn<Self>] = &[
        TableColumn::sorted(
            ColumnSpec::date("日期"),
            |r, _| date_text(Some(r.date)),
            |r, _| SortKey::Date(Some(r.date)),
        ),
        TableColumn::new(ColumnSpec::wide("单位", 180.0), |r, l| unit_text(r.unit_id, l)),
        TableColumn::new(ColumnSpec::wide("观察人员", 200.0), |r, _| r.observers.clone()),
        TableColumn::new(ColumnSpec::text("持证上岗", 70.0), |r, _| seen(r.certificates_shown)),
        TableColumn::new(ColumnSpec::text("履行程序", 70.0), |r, _| seen(r.procedure_followed)),
        TableColumn::new(ColumnSpec::text("文明执法", 70.0), |r, _| seen(r.civil_conduct)),
        TableColumn::new(ColumnSpec::text("问卷（满意/收回）", 120.0), |r, _| {
            format!("{}/{}", r.satisfied, r.questionnaires)
        }),
        TableColumn::new(ColumnSpec::wide("意见", 200.0), |r, _| r.remarks.clone()),
    ];

    const FIELDS: &'static [FormField<Self>] = &[
        FormField::new(
            FieldSpec::date("日期").required().blank(today),
            |r, _| date_text(Some(r.date)),
            |r, t, _| set(&mut r.date, date(t)),
        ),
        FormField::new(
            FieldSpec::new("单位", |l| FieldKind::Choice(optional_unit_choices(l))),
            |r, _| r.unit_id.map(|id| id.to_string()).unwrap_or_default(),
            |r, t, _| set(&mut r.unit_id, opt_unit(t)),
        ),
        FormField::new(
            FieldSpec::text("观察人员").required().hint("区人大代表 张某某、特邀软环境监督员 李某"),
            |r, _| r.observers.clone(),
            |r, t, _| put(&mut r.observers, t),
        ),
        FormField::new(
            FieldSpec::new("持证上岗", |_| FieldKind::Choice(yes_no_choices())),
            |r, _| yes_no(r.certificates_shown),
            |r, t, _| set(&mut r.certificates_shown, Ok(parse_yes_no(t))),
        ),
        FormField::new(
            FieldSpec::new("履行程序", |_| FieldKind::Choice(yes_no_choices())),
            |r, _| yes_no(r.procedure_followed),
            |r, t, _| set(&mut r.procedure_followed, Ok(parse_yes_no(t))),
        ),
        FormField::new(
            FieldSpec::new("文明执法", |_| FieldKind::Choice(yes_no_choices())),
            |r, _| yes_no(r.civil_conduct),
            |r, t, _| set(&mut r.civil_conduct, Ok(parse_yes_no(t))),
        ),
        FormField::new(FieldSpec::multiline("意见"), |r, _| r.remarks.clone(), |r, t, _| put(&mut r.remarks, t)),
        FormField::new(
            FieldSpec::text("收回问卷").hint("份"),
            |r, _| r.questionnaires.to_string(),
            |r, t, _| set(&mut r.questionnaires, count(t)),
        ),
        FormField::new(
            FieldSpec::text("其中满意").hint("份"),
            |r, _| r.satisfied.to_string(),
            |r, t, _| set(&mut r.satisfied, count(t)),
        ),
    ];

    fn empty(_: Id<Inspection>) -> Self {
        ObserverVisit {
            date: NaiveDate::MIN,
            unit_id: None,
            observers: String::new(),
            certificates_shown: None,
            procedure_followed: None,
            civil_conduct: None,
            remarks: String::new(),
            questionnaires: 0,
            satisfied: 0,
        }
    }

    fn describe(&self) -> String {
        format!("现场看（{}）", date_text(Some(self.date)))
    }
}

/// 是 / 否 / 未看, as a table cell.
fn seen(value: Option<bool>) -> String {
    match value {
        Some(true) => "是".into(),
        Some(false) => "否".into(),
        None => "—".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::taxonomy::CATEGORIES;

    #[test]
    fn the_five_problem_fields_are_the_plans_five_categories_in_order() {
        let labels: Vec<&str> = SelfReport::FIELDS.iter().map(|f| f.spec.label).collect();
        let first = labels.iter().position(|l| l.contains(CATEGORIES[0].name)).expect("the first category");
        for (i, category) in CATEGORIES.iter().enumerate() {
            assert!(labels[first + i].ends_with(category.name), "{} at {}", category.name, labels[first + i]);
        }
        // Each writes its own category.
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::Store::open(&dir.path().join("t.db")).unwrap();
        let lookups = Lookups::load(&store).unwrap();
        let mut report = SelfReport::empty(Id::from_uuid(uuid::Uuid::nil()));
        for i in 0..5 {
            (SelfReport::FIELDS[first + i].write)(&mut report, &(i + 1).to_string(), &lookups).unwrap();
        }
        assert_eq!(report.problems, [1, 2, 3, 4, 5]);
        assert_eq!(report.total_problems(), 15);
    }

    #[test]
    fn a_count_is_a_whole_number_and_empty_is_none() {
        assert_eq!(count(""), Ok(0));
        assert_eq!(count(" 12 "), Ok(12));
        assert!(count("-1").unwrap_err().contains("不是个数"));
        assert!(count("三").is_err());
    }
}
