//! Findings, rectifications, return visits, discipline clues and recording references: what the
//! inspectors record on site.

use crate::domain::dates::{format_datetime, format_iso, parse_datetime};
use crate::domain::taxonomy::{self, CATEGORIES};
use crate::domain::{
    Clue, ClueRecipient, Finding, Id, Inspection, Questionnaire, Recording, Rectification, RectificationMode,
    RectificationStatus, ReturnVisit, Severity,
};
use crate::inspection::Lookups;
use crate::ui::editable::{ColumnSpec, Editable, Field, FieldKind, FormErrors, SortKey, date_text};

fn scope(inspection: Option<Id<Inspection>>, e: &mut FormErrors) -> Id<Inspection> {
    inspection.unwrap_or_else(|| {
        e.push(0, "请先选择一次检查");
        Id::from_uuid(uuid::Uuid::nil())
    })
}

/// `3.4 处罚决定执行不到位` for every item of the plan.
pub fn item_choices() -> Vec<(String, String)> {
    CATEGORIES
        .iter()
        .flat_map(|c| c.items.iter().map(move |i| (i.code.to_string(), format!("{} {}（{}）", i.code, i.name, c.name))))
        .collect()
}

fn yes_no_choices() -> Vec<(String, String)> {
    vec![("".into(), "未答".into()), ("yes".into(), "是".into()), ("no".into(), "否".into())]
}

fn yes_no(value: Option<bool>) -> String {
    match value {
        None => String::new(),
        Some(true) => "yes".into(),
        Some(false) => "no".into(),
    }
}

fn parse_yes_no(text: &str) -> Option<bool> {
    match text {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

fn severity_choices() -> Vec<(String, String)> {
    Severity::ALL.iter().map(|s| (format!("{s:?}"), s.label().to_string())).collect()
}

impl Editable for Finding {
    const SCOPED: bool = true;
    const NOUN: &'static str = "问题";

    fn columns() -> &'static [ColumnSpec] {
        const COLUMNS: [ColumnSpec; 7] = [
            ColumnSpec::text("类别", 100.0),
            ColumnSpec::text("具体问题", 180.0),
            ColumnSpec::text("决定书文号", 190.0),
            ColumnSpec::wide("事实", 200.0),
            ColumnSpec::text("程度", 50.0),
            ColumnSpec::text("现场确认", 110.0),
            ColumnSpec::wide("录音录像位置", 200.0),
        ];
        &COLUMNS
    }

    fn cell(&self, column: usize, lookups: &Lookups) -> String {
        match column {
            0 => taxonomy::category(self.category).map(|c| format!("{} {}", c.number, c.name)).unwrap_or_default(),
            1 => taxonomy::item(&self.item).map(|(_, i)| format!("{} {}", i.code, i.name)).unwrap_or_default(),
            2 => self.decision_no.as_ref().map_or_else(|| "（单位整体）".to_string(), ToString::to_string),
            3 => self.facts.clone(),
            4 => self.severity.label().to_string(),
            6 => match Recording::locate(lookups.recordings.iter().map(|r| &r.value), self) {
                Some((recording, seconds)) => recording.position(seconds),
                None if self.recorded_at.is_some() => crate::feedback::content::NO_RECORDING.to_string(),
                None => String::new(),
            },
            _ => {
                if self.confirmed_on_site {
                    format!("已确认 {}", self.confirmed_by)
                } else {
                    "未确认".to_string()
                }
            }
        }
    }

    fn sort_key(&self, column: usize, lookups: &Lookups) -> SortKey {
        match column {
            0 | 1 => SortKey::Text(format!("{:02}{:>6}", self.category, self.item)),
            4 => SortKey::Number(self.severity as i64),
            _ => SortKey::Text(self.cell(column, lookups)),
        }
    }

    fn fields(_: &Lookups) -> Vec<Field> {
        vec![
            Field::new("具体问题", FieldKind::Choice(item_choices()), true, ""),
            Field::new("决定书文号", FieldKind::DecisionNo, false, "留空表示单位整体的问题"),
            Field::new("事实", FieldKind::Multiline, true, ""),
            Field::new("依据", FieldKind::Multiline, false, "违反的法律、法规、规章条款"),
            Field::new("严重程度", FieldKind::Choice(severity_choices()), true, ""),
            Field::new("现场确认", FieldKind::Choice(yes_no_choices()), false, ""),
            Field::new("确认人", FieldKind::Text, false, "受检单位负责人或联络员"),
            Field::new("建议意见", FieldKind::Multiline, false, ""),
            Field::new("典型案例（全区通报）", FieldKind::Choice(yes_no_choices()), false, ""),
            Field::new(
                "录音录像时点",
                FieldKind::Text,
                false,
                "2017-09-12 10:05（北京时间）；据此在录音录像中定位，现场确认时自动填写",
            ),
        ]
    }

    fn values(&self, _: &Lookups) -> Vec<String> {
        vec![
            self.item.clone(),
            self.decision_no.as_ref().map(ToString::to_string).unwrap_or_default(),
            self.facts.clone(),
            self.legal_basis.clone(),
            format!("{:?}", self.severity),
            yes_no(Some(self.confirmed_on_site)),
            self.confirmed_by.clone(),
            self.suggestion.clone(),
            yes_no(Some(self.typical)),
            self.recorded_at.map(format_datetime).unwrap_or_default(),
        ]
    }

    fn blank(_: &Lookups) -> Vec<String> {
        vec![
            // No item chosen for the inspector: a default would file a problem under the wrong
            // category whenever it is saved unchanged.
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            format!("{:?}", Severity::Minor),
            "yes".into(),
            String::new(),
            String::new(),
            "no".into(),
            String::new(),
        ]
    }

    fn from_values(
        values: &[String],
        inspection: Option<Id<Inspection>>,
        _: &Lookups,
    ) -> Result<Self, Vec<(usize, String)>> {
        let mut e = FormErrors::default();
        let inspection_id = scope(inspection, &mut e);
        let item = e.text(values, 0, true);
        let category = taxonomy::item(&item).map_or(0, |(c, _)| c.number);
        let severity_text = e.text(values, 4, true);
        let when = e.text(values, 9, false);
        let recorded_at =
            if when.is_empty() { None } else { parse_datetime(&when).map_err(|err| e.push(9, err.to_string())).ok() };
        let finding = Finding {
            inspection_id,
            case_file_id: None,
            decision_no: e.decision(values, 1, false),
            category,
            item,
            facts: e.text(values, 2, true),
            legal_basis: e.text(values, 3, false),
            severity: Severity::ALL.into_iter().find(|s| format!("{s:?}") == severity_text).unwrap_or_default(),
            confirmed_on_site: parse_yes_no(values.get(5).map(String::as_str).unwrap_or_default()) == Some(true),
            confirmed_by: e.text(values, 6, false),
            suggestion: e.text(values, 7, false),
            attachment_ids: Vec::new(),
            source: None,
            typical: parse_yes_no(values.get(8).map(String::as_str).unwrap_or_default()) == Some(true),
            recorded_at,
        };
        e.finish(finding)
    }

    fn describe(&self) -> String {
        let name = taxonomy::item(&self.item).map_or("", |(_, i)| i.name);
        format!("问题“{name}”")
    }

    fn preserved_fields() -> &'static [&'static str] {
        &["case_file_id", "attachment_ids", "source"]
    }

    fn kept_while_unchanged() -> &'static [(usize, &'static str)] {
        // 记录时间 is shown to the minute; the seconds place the finding in the recording.
        &[(9, "recorded_at")]
    }
}

fn finding_choices(lookups: &Lookups) -> Vec<(String, String)> {
    lookups
        .findings
        .iter()
        .map(|f| {
            let name = taxonomy::item(&f.value.item).map_or("", |(_, i)| i.name);
            let case = f.value.decision_no.as_ref().map_or_else(|| "单位整体".to_string(), ToString::to_string);
            (f.id.to_string(), format!("{name}（{case}）"))
        })
        .collect()
}

impl Editable for Rectification {
    const SCOPED: bool = true;
    const NOUN: &'static str = "整改措施";

    fn columns() -> &'static [ColumnSpec] {
        const COLUMNS: [ColumnSpec; 6] = [
            ColumnSpec::wide("问题", 220.0),
            ColumnSpec::wide("整改措施", 260.0),
            ColumnSpec::text("责任人", 90.0),
            ColumnSpec::text("方式", 80.0),
            ColumnSpec::date("期限"),
            ColumnSpec::text("状态", 70.0),
        ];
        &COLUMNS
    }

    fn cell(&self, column: usize, lookups: &Lookups) -> String {
        match column {
            0 => lookups
                .findings
                .iter()
                .find(|f| f.id == self.finding_id)
                .map(|f| f.value.describe())
                .unwrap_or_else(|| "（问题已删除）".into()),
            1 => self.measure.clone(),
            2 => self.responsible.clone(),
            3 => self.mode.label().to_string(),
            4 => date_text(self.deadline),
            _ => self.shown_status(lookups.today).label().to_string(),
        }
    }

    fn sort_key(&self, column: usize, lookups: &Lookups) -> SortKey {
        match column {
            4 => SortKey::Date(self.deadline),
            // Overdue first.
            5 => SortKey::Number(match self.shown_status(lookups.today) {
                crate::domain::ShownStatus::Overdue => 0,
                crate::domain::ShownStatus::Promised => 1,
                crate::domain::ShownStatus::InProgress => 2,
                crate::domain::ShownStatus::Done => 3,
            }),
            _ => SortKey::Text(self.cell(column, lookups)),
        }
    }

    fn fields(lookups: &Lookups) -> Vec<Field> {
        let modes = [RectificationMode::Immediate, RectificationMode::Deadline]
            .iter()
            .map(|m| (format!("{m:?}"), m.label().to_string()))
            .collect();
        let statuses = [RectificationStatus::Promised, RectificationStatus::InProgress, RectificationStatus::Done]
            .iter()
            .map(|s| (format!("{s:?}"), s.label().to_string()))
            .collect();
        vec![
            Field::new("问题", FieldKind::Choice(finding_choices(lookups)), true, ""),
            Field::new("整改措施", FieldKind::Multiline, true, ""),
            Field::new("责任人", FieldKind::Text, false, ""),
            Field::new("整改方式", FieldKind::Choice(modes), true, ""),
            Field::new("整改期限", FieldKind::Date, false, "限期整改时必填"),
            Field::new("状态", FieldKind::Choice(statuses), true, ""),
            Field::new("回头看记录", FieldKind::Multiline, false, "每行一条：2017-12-20 已补缴"),
        ]
    }

    fn values(&self, _: &Lookups) -> Vec<String> {
        vec![
            self.finding_id.to_string(),
            self.measure.clone(),
            self.responsible.clone(),
            format!("{:?}", self.mode),
            date_text(self.deadline),
            format!("{:?}", self.status),
            self.follow_ups.iter().map(|f| format!("{} {}", format_iso(f.date), f.note)).collect::<Vec<_>>().join("\n"),
        ]
    }

    fn blank(lookups: &Lookups) -> Vec<String> {
        vec![
            lookups.findings.last().map(|f| f.id.to_string()).unwrap_or_default(),
            String::new(),
            String::new(),
            format!("{:?}", RectificationMode::Immediate),
            String::new(),
            format!("{:?}", RectificationStatus::Promised),
            String::new(),
        ]
    }

    fn from_values(
        values: &[String],
        inspection: Option<Id<Inspection>>,
        _: &Lookups,
    ) -> Result<Self, Vec<(usize, String)>> {
        let mut e = FormErrors::default();
        let inspection_id = scope(inspection, &mut e);
        let finding_id = e.text(values, 0, true).parse().ok();
        if finding_id.is_none() {
            e.push(0, "请选择对应的问题");
        }
        let measure = e.text(values, 1, true);
        let responsible = e.text(values, 2, false);
        let mode = if e.text(values, 3, true) == format!("{:?}", RectificationMode::Deadline) {
            RectificationMode::Deadline
        } else {
            RectificationMode::Immediate
        };
        let deadline = e.date(values, 4, mode == RectificationMode::Deadline);
        let status_text = e.text(values, 5, true);
        let status = [RectificationStatus::Promised, RectificationStatus::InProgress, RectificationStatus::Done]
            .into_iter()
            .find(|s| format!("{s:?}") == status_text)
            .unwrap_or_default();
        let mut follow_ups = Vec::new();
        for line in e.text(values, 6, false).lines().map(str::trim).filter(|l| !l.is_empty()) {
            let (date, note) = line.split_once([' ', '\u{3000}']).unwrap_or((line, ""));
            match crate::domain::dates::parse_date(date) {
                Ok(date) => follow_ups.push(crate::domain::FollowUp { date, note: note.trim().to_string() }),
                Err(_) => e.push(6, format!("“{line}”应以日期开头，例如 2017-12-20 已补缴")),
            }
        }
        match finding_id {
            Some(finding_id) => e.finish(Rectification {
                inspection_id,
                finding_id,
                measure,
                responsible,
                mode,
                deadline,
                status,
                follow_ups,
            }),
            None => Err(e.0),
        }
    }

    fn describe(&self) -> String {
        format!("整改措施“{}”", self.measure.chars().take(16).collect::<String>())
    }
}

impl Editable for ReturnVisit {
    const SCOPED: bool = true;
    const NOUN: &'static str = "回访";

    fn columns() -> &'static [ColumnSpec] {
        const COLUMNS: [ColumnSpec; 6] = [
            ColumnSpec::wide("回访对象", 190.0),
            ColumnSpec::text("决定书文号", 180.0),
            ColumnSpec::text("方式", 70.0),
            ColumnSpec::text("时间", 140.0),
            ColumnSpec::text("满意度", 70.0),
            ColumnSpec::wide("意见", 260.0),
        ];
        &COLUMNS
    }

    fn cell(&self, column: usize, _: &Lookups) -> String {
        match column {
            0 => self.subject.clone(),
            1 => self.decision_no.as_ref().map(ToString::to_string).unwrap_or_default(),
            2 => self.contact_method.clone(),
            3 => self.visited_at.map(format_datetime).unwrap_or_default(),
            4 => self.answers.satisfaction.map(|s| format!("{s} 分")).unwrap_or_else(|| "未答".into()),
            _ => self.notes.clone(),
        }
    }

    fn fields(lookups: &Lookups) -> Vec<Field> {
        let methods = ["电话", "上门", "座谈", "书面"].iter().map(|m| ((*m).to_string(), (*m).to_string())).collect();
        let satisfaction = std::iter::once(("".to_string(), "未答".to_string()))
            .chain(
                [(5, "很满意"), (4, "满意"), (3, "一般"), (2, "不满意"), (1, "很不满意")]
                    .iter()
                    .map(|(n, l)| (n.to_string(), format!("{n} {l}"))),
            )
            .collect();
        let inspectors = lookups.inspectors.iter().map(|i| (i.id.to_string(), i.value.name.clone())).collect();
        vec![
            Field::new("回访对象", FieldKind::Text, true, "当事人姓名或单位"),
            Field::new("决定书文号", FieldKind::DecisionNo, false, ""),
            Field::new("回访方式", FieldKind::Choice(methods), true, ""),
            Field::new("回访时间", FieldKind::Text, false, "年-月-日 时:分"),
            Field::new("回访人", FieldKind::MultiChoice(inspectors), false, ""),
            Field::new("执法人员是否说明来意、出示证件", FieldKind::Choice(yes_no_choices()), false, ""),
            Field::new("是否告知处罚理由和权利", FieldKind::Choice(yes_no_choices()), false, ""),
            Field::new("是否有索要或收受财物", FieldKind::Choice(yes_no_choices()), false, ""),
            Field::new("满意度", FieldKind::Choice(satisfaction), false, ""),
            Field::new("处罚对象的意见", FieldKind::Multiline, false, ""),
        ]
    }

    fn values(&self, _: &Lookups) -> Vec<String> {
        vec![
            self.subject.clone(),
            self.decision_no.as_ref().map(ToString::to_string).unwrap_or_default(),
            self.contact_method.clone(),
            self.visited_at.map(format_datetime).unwrap_or_default(),
            self.by.iter().map(ToString::to_string).collect::<Vec<_>>().join(","),
            yes_no(self.answers.purpose_and_certificate_shown),
            yes_no(self.answers.penalty_explained),
            yes_no(self.answers.money_or_gifts_requested),
            self.answers.satisfaction.map(|s| s.to_string()).unwrap_or_default(),
            self.notes.clone(),
        ]
    }

    fn blank(lookups: &Lookups) -> Vec<String> {
        let mut values = vec![String::new(); 10];
        values[2] = "电话".into();
        // Now, on the inspection's day: a visit is recorded as it is made.
        values[3] = format!("{} {}", lookups.today.format("%Y-%m-%d"), chrono::Local::now().format("%H:%M"));
        values
    }

    fn from_values(
        values: &[String],
        inspection: Option<Id<Inspection>>,
        _: &Lookups,
    ) -> Result<Self, Vec<(usize, String)>> {
        let mut e = FormErrors::default();
        let inspection_id = scope(inspection, &mut e);
        let subject = e.text(values, 0, true);
        let decision_no = e.decision(values, 1, false);
        let contact_method = e.text(values, 2, true);
        let when = e.text(values, 3, false);
        let visited_at = if when.is_empty() {
            None
        } else {
            match parse_datetime(&when) {
                Ok(at) => Some(at),
                Err(err) => {
                    e.push(3, err.to_string());
                    None
                }
            }
        };
        let by = e.text(values, 4, false).split(',').filter_map(|s| s.parse().ok()).collect();
        let answer = |i: usize| parse_yes_no(values.get(i).map(String::as_str).unwrap_or_default());
        let answers = Questionnaire {
            purpose_and_certificate_shown: answer(5),
            penalty_explained: answer(6),
            money_or_gifts_requested: answer(7),
            satisfaction: values.get(8).and_then(|s| s.parse().ok()),
        };
        let notes = e.text(values, 9, false);
        e.finish(ReturnVisit { inspection_id, subject, decision_no, contact_method, visited_at, by, answers, notes })
    }

    fn describe(&self) -> String {
        format!("对 {} 的回访", self.subject)
    }

    fn kept_while_unchanged() -> &'static [(usize, &'static str)] {
        // 回访时间 is shown to the minute.
        &[(3, "visited_at")]
    }
}

impl Editable for Clue {
    const SCOPED: bool = true;
    const NOUN: &'static str = "线索";

    fn columns() -> &'static [ColumnSpec] {
        const COLUMNS: [ColumnSpec; 5] = [
            ColumnSpec::text("决定书文号", 180.0),
            ColumnSpec::wide("线索内容", 320.0),
            ColumnSpec::text("登记人", 80.0),
            ColumnSpec::wide("报告/移交", 200.0),
            ColumnSpec::text("时间", 140.0),
        ];
        &COLUMNS
    }

    fn cell(&self, column: usize, lookups: &Lookups) -> String {
        match column {
            0 => self.decision_no.as_ref().map(ToString::to_string).unwrap_or_default(),
            1 => self.what.clone(),
            2 => self.recorded_by.map(|id| lookups.inspector_name(id)).unwrap_or_default(),
            3 => self.reported_to.iter().map(|r| r.label()).collect::<Vec<_>>().join("、"),
            _ => self.reported_at.map(format_datetime).unwrap_or_default(),
        }
    }

    fn fields(lookups: &Lookups) -> Vec<Field> {
        let recipients = ClueRecipient::ALL.iter().map(|r| (format!("{r:?}"), r.label().to_string())).collect();
        let inspectors = std::iter::once((String::new(), "（未指定）".to_string()))
            .chain(lookups.inspectors.iter().map(|i| (i.id.to_string(), i.value.name.clone())))
            .collect();
        vec![
            Field::new("决定书文号", FieldKind::DecisionNo, false, ""),
            Field::new("线索内容", FieldKind::Multiline, true, ""),
            Field::new("登记人", FieldKind::Choice(inspectors), false, ""),
            Field::new("报告/移交对象", FieldKind::MultiChoice(recipients), false, ""),
            Field::new("报告时间", FieldKind::Text, false, "2017-09-12 16:00"),
        ]
    }

    fn values(&self, _: &Lookups) -> Vec<String> {
        vec![
            self.decision_no.as_ref().map(ToString::to_string).unwrap_or_default(),
            self.what.clone(),
            self.recorded_by.map(|i| i.to_string()).unwrap_or_default(),
            self.reported_to.iter().map(|r| format!("{r:?}")).collect::<Vec<_>>().join(","),
            self.reported_at.map(format_datetime).unwrap_or_default(),
        ]
    }

    fn from_values(
        values: &[String],
        inspection: Option<Id<Inspection>>,
        _: &Lookups,
    ) -> Result<Self, Vec<(usize, String)>> {
        let mut e = FormErrors::default();
        let inspection_id = scope(inspection, &mut e);
        let decision_no = e.decision(values, 0, false);
        let what = e.text(values, 1, true);
        let recorded_by = e.text(values, 2, false).parse().ok();
        let chosen = e.text(values, 3, false);
        let reported_to =
            ClueRecipient::ALL.into_iter().filter(|r| chosen.split(',').any(|c| c == format!("{r:?}"))).collect();
        let when = e.text(values, 4, false);
        let reported_at =
            if when.is_empty() { None } else { parse_datetime(&when).map_err(|err| e.push(4, err.to_string())).ok() };
        // The plain fields are sealed before anything is written (`inspection::clues`).
        e.finish(Clue { inspection_id, decision_no, what, sealed: Vec::new(), recorded_by, reported_to, reported_at })
    }

    fn describe(&self) -> String {
        "违纪违法线索".to_string()
    }
}

impl Editable for Recording {
    const SCOPED: bool = true;
    const NOUN: &'static str = "录音录像";

    fn columns() -> &'static [ColumnSpec] {
        const COLUMNS: [ColumnSpec; 5] = [
            ColumnSpec::text("设备", 120.0),
            ColumnSpec::wide("文件名", 200.0),
            ColumnSpec::text("开始时间", 140.0),
            ColumnSpec::text("决定书文号", 180.0),
            ColumnSpec::wide("内容", 260.0),
        ];
        &COLUMNS
    }

    fn cell(&self, column: usize, _: &Lookups) -> String {
        match column {
            0 => self.device.clone(),
            1 => self.file_name.clone(),
            2 => self.started_at.map(format_datetime).unwrap_or_default(),
            3 => self.decision_no.as_ref().map(ToString::to_string).unwrap_or_default(),
            _ => self.covers.clone(),
        }
    }

    fn fields(_: &Lookups) -> Vec<Field> {
        vec![
            Field::new("设备", FieldKind::Text, false, "执法记录仪 1 号"),
            Field::new("文件名", FieldKind::Text, true, "LY20170912_0930.mp4"),
            Field::new("开始时间", FieldKind::Text, false, "2017-09-12 09:30"),
            Field::new("决定书文号", FieldKind::DecisionNo, false, "所涉案件；留空表示整个检查"),
            Field::new("内容", FieldKind::Multiline, false, "例如：抽查收据及台账核对过程"),
        ]
    }

    fn values(&self, _: &Lookups) -> Vec<String> {
        vec![
            self.device.clone(),
            self.file_name.clone(),
            self.started_at.map(format_datetime).unwrap_or_default(),
            self.decision_no.as_ref().map(ToString::to_string).unwrap_or_default(),
            self.covers.clone(),
        ]
    }

    fn from_values(
        values: &[String],
        inspection: Option<Id<Inspection>>,
        _: &Lookups,
    ) -> Result<Self, Vec<(usize, String)>> {
        let mut e = FormErrors::default();
        let inspection_id = scope(inspection, &mut e);
        let device = e.text(values, 0, false);
        let file_name = e.text(values, 1, true);
        let when = e.text(values, 2, false);
        let started_at =
            if when.is_empty() { None } else { parse_datetime(&when).map_err(|err| e.push(2, err.to_string())).ok() };
        let decision_no = e.decision(values, 3, false);
        let covers = e.text(values, 4, false);
        e.finish(Recording { inspection_id, case_file_id: None, decision_no, device, file_name, started_at, covers })
    }

    fn describe(&self) -> String {
        format!("录音录像 {}", self.file_name)
    }

    fn preserved_fields() -> &'static [&'static str] {
        &["case_file_id"]
    }

    fn kept_while_unchanged() -> &'static [(usize, &'static str)] {
        // 开始时间 is shown to the minute; findings are placed in the recording by the second.
        &[(2, "started_at")]
    }
}
