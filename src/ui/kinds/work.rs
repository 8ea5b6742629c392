//! Findings, rectifications, return visits, discipline clues and recording references: what the
//! inspectors record on site.

use crate::domain::dates::format_iso;
use crate::domain::taxonomy::{self, CATEGORIES};
use crate::domain::{
    Clue, ClueRecipient, Finding, FollowUp, Id, Inspection, Questionnaire, Recording, Rectification, RectificationMode,
    RectificationStatus, ReturnVisit, Severity, ShownStatus,
};
use crate::inspection::Lookups;
use crate::ui::editable::{
    ColumnSpec, Editable, FieldKind, FieldSpec, FormField, SortKey, TableColumn, Typed, date_text, datetime_text,
    decision_text, opt_date, opt_datetime, opt_decision_no, put, set,
};

/// `3.4 处罚决定执行不到位` for every item of the plan.
pub fn item_choices() -> Vec<(String, String)> {
    CATEGORIES
        .iter()
        .flat_map(|c| c.items.iter().map(move |i| (i.code.to_string(), format!("{} {}（{}）", i.code, i.name, c.name))))
        .collect()
}

pub(super) fn yes_no_choices() -> Vec<(String, String)> {
    vec![("".into(), "未答".into()), ("yes".into(), "是".into()), ("no".into(), "否".into())]
}

pub(super) fn yes_no(value: Option<bool>) -> String {
    match value {
        None => String::new(),
        Some(true) => "yes".into(),
        Some(false) => "no".into(),
    }
}

pub(super) fn parse_yes_no(text: &str) -> Option<bool> {
    match text {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

fn severity_choices() -> Vec<(String, String)> {
    Severity::ALL.iter().map(|s| (format!("{s:?}"), s.label().to_string())).collect()
}

/// A finding's category and item sort together, in the plan's order.
fn finding_order(finding: &Finding, _: &Lookups) -> SortKey {
    SortKey::Text(format!("{:02}{:>6}", finding.category, finding.item))
}

impl Editable for Finding {
    const SCOPED: bool = true;
    const NOUN: &'static str = "问题";

    const COLUMNS: &'static [TableColumn<Self>] = &[
        TableColumn::sorted(
            ColumnSpec::text("类别", 100.0),
            |r, _| taxonomy::category(r.category).map(|c| format!("{} {}", c.number, c.name)).unwrap_or_default(),
            finding_order,
        ),
        TableColumn::sorted(
            ColumnSpec::text("具体问题", 180.0),
            |r, _| taxonomy::item(&r.item).map(|(_, i)| format!("{} {}", i.code, i.name)).unwrap_or_default(),
            finding_order,
        ),
        TableColumn::new(ColumnSpec::text("决定书文号", 190.0), |r, _| {
            r.decision_no.as_ref().map_or_else(|| "（单位整体）".to_string(), ToString::to_string)
        }),
        TableColumn::new(ColumnSpec::wide("事实", 200.0), |r, _| r.facts.clone()),
        TableColumn::sorted(
            ColumnSpec::text("程度", 50.0),
            |r, _| r.severity.label().to_string(),
            |r, _| SortKey::Number(r.severity as i64),
        ),
        TableColumn::new(ColumnSpec::text("现场确认", 110.0), |r, _| {
            if r.confirmed_on_site { format!("已确认 {}", r.confirmed_by) } else { "未确认".to_string() }
        }),
        TableColumn::new(ColumnSpec::wide("录音录像位置", 200.0), |r, lookups| {
            match Recording::locate(lookups.recordings.iter().map(|r| &r.value), r) {
                Some((recording, seconds)) => recording.position(seconds),
                None if r.recorded_at.is_some() => crate::feedback::content::NO_RECORDING.to_string(),
                None => String::new(),
            }
        }),
    ];

    const FIELDS: &'static [FormField<Self>] = &[
        // No item chosen for the inspector: a default would file a problem under the wrong
        // category whenever it is saved unchanged.
        FormField::new(
            FieldSpec::new("具体问题", |_| FieldKind::Choice(item_choices())).required(),
            |r, _| r.item.clone(),
            |r, t, _| put(&mut r.item, t),
        ),
        FormField::new(
            FieldSpec::decision_no("决定书文号").hint("留空表示单位整体的问题"),
            |r, _| decision_text(r.decision_no.as_ref()),
            |r, t, _| set(&mut r.decision_no, opt_decision_no(t)),
        ),
        FormField::new(FieldSpec::multiline("事实").required(), |r, _| r.facts.clone(), |r, t, _| put(&mut r.facts, t)),
        FormField::new(
            FieldSpec::multiline("依据").hint("违反的法律、法规、规章条款"),
            |r, _| r.legal_basis.clone(),
            |r, t, _| put(&mut r.legal_basis, t),
        ),
        FormField::new(
            FieldSpec::new("严重程度", |_| FieldKind::Choice(severity_choices()))
                .required()
                .blank(|_| format!("{:?}", Severity::Minor)),
            |r, _| format!("{:?}", r.severity),
            |r, t, _| {
                r.severity = Severity::ALL.into_iter().find(|s| format!("{s:?}") == t.trim()).unwrap_or_default();
                Ok(())
            },
        ),
        FormField::new(
            FieldSpec::new("现场确认", |_| FieldKind::Choice(yes_no_choices())).blank(|_| "yes".into()),
            |r, _| yes_no(Some(r.confirmed_on_site)),
            |r, t, _| set(&mut r.confirmed_on_site, Ok(parse_yes_no(t) == Some(true))),
        ),
        FormField::new(
            FieldSpec::text("确认人").hint("受检单位负责人或联络员"),
            |r, _| r.confirmed_by.clone(),
            |r, t, _| put(&mut r.confirmed_by, t),
        ),
        FormField::new(
            FieldSpec::multiline("建议意见"),
            |r, _| r.suggestion.clone(),
            |r, t, _| put(&mut r.suggestion, t),
        ),
        FormField::new(
            FieldSpec::new("典型案例（全区通报）", |_| FieldKind::Choice(yes_no_choices())).blank(|_| "no".into()),
            |r, _| yes_no(Some(r.typical)),
            |r, t, _| set(&mut r.typical, Ok(parse_yes_no(t) == Some(true))),
        ),
        // Shown to the minute; the seconds place the finding in the recording.
        FormField::new(
            FieldSpec::text("录音录像时点")
                .hint("2017-09-12 10:05（北京时间）；据此在录音录像中定位，现场确认时自动填写")
                .kept_while_unchanged("recorded_at"),
            |r, _| datetime_text(r.recorded_at),
            |r, t, _| set(&mut r.recorded_at, opt_datetime(t)),
        ),
    ];

    fn empty(inspection_id: Id<Inspection>) -> Self {
        Finding {
            inspection_id,
            case_file_id: None,
            decision_no: None,
            category: 0,
            item: String::new(),
            facts: String::new(),
            legal_basis: String::new(),
            severity: Severity::default(),
            confirmed_on_site: false,
            confirmed_by: String::new(),
            suggestion: String::new(),
            attachment_ids: Vec::new(),
            source: None,
            typical: false,
            recorded_at: None,
        }
    }

    /// The category is the item's.
    fn finish(&mut self, _: &Typed<'_, Self>) -> Vec<(&'static str, String)> {
        self.category = taxonomy::item(&self.item).map_or(0, |(c, _)| c.number);
        Vec::new()
    }

    fn describe(&self) -> String {
        let name = taxonomy::item(&self.item).map_or("", |(_, i)| i.name);
        format!("问题“{name}”")
    }

    fn preserved_fields() -> &'static [&'static str] {
        &["case_file_id", "attachment_ids", "source"]
    }
}

pub(super) fn finding_choices(lookups: &Lookups) -> Vec<(String, String)> {
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

const MODES: [RectificationMode; 2] = [RectificationMode::Immediate, RectificationMode::Deadline];
const STATUSES: [RectificationStatus; 3] =
    [RectificationStatus::Promised, RectificationStatus::InProgress, RectificationStatus::Done];

/// The label of a rectification's deadline, which `finish` requires of 限期整改.
const DEADLINE: &str = "整改期限";

/// `2017-12-20 已补缴`, one follow-up a line.
pub(super) fn follow_ups_text(follow_ups: &[FollowUp]) -> String {
    follow_ups.iter().map(|f| format!("{} {}", format_iso(f.date), f.note)).collect::<Vec<_>>().join("\n")
}

/// The follow-ups typed one a line, each beginning with its date; the form shows one message, for
/// the last line that does not.
pub(super) fn parse_follow_ups(text: &str) -> Result<Vec<FollowUp>, String> {
    let mut follow_ups = Vec::new();
    let mut error = None;
    for line in text.trim().lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (date, note) = line.split_once([' ', '\u{3000}']).unwrap_or((line, ""));
        match crate::domain::dates::parse_date(date) {
            Ok(date) => follow_ups.push(FollowUp { date, note: note.trim().to_string() }),
            Err(_) => error = Some(format!("“{line}”应以日期开头，例如 2017-12-20 已补缴")),
        }
    }
    error.map_or(Ok(follow_ups), Err)
}

impl Editable for Rectification {
    const SCOPED: bool = true;
    const NOUN: &'static str = "整改措施";

    const COLUMNS: &'static [TableColumn<Self>] = &[
        TableColumn::new(ColumnSpec::wide("问题", 220.0), |r, lookups| {
            lookups
                .findings
                .iter()
                .find(|f| f.id == r.finding_id)
                .map(|f| f.value.describe())
                .unwrap_or_else(|| "（问题已删除）".into())
        }),
        TableColumn::new(ColumnSpec::wide("整改措施", 260.0), |r, _| r.measure.clone()),
        TableColumn::new(ColumnSpec::text("责任人", 90.0), |r, _| r.responsible.clone()),
        TableColumn::new(ColumnSpec::text("方式", 80.0), |r, _| r.mode.label().to_string()),
        TableColumn::sorted(ColumnSpec::date("期限"), |r, _| date_text(r.deadline), |r, _| SortKey::Date(r.deadline)),
        TableColumn::sorted(
            ColumnSpec::text("状态", 70.0),
            |r, lookups| r.shown_status(lookups.today).label().to_string(),
            // Overdue first.
            |r, lookups| {
                SortKey::Number(match r.shown_status(lookups.today) {
                    ShownStatus::Overdue => 0,
                    ShownStatus::Promised => 1,
                    ShownStatus::InProgress => 2,
                    ShownStatus::Done => 3,
                })
            },
        ),
        TableColumn::sorted(
            ColumnSpec::text("佐证", 60.0),
            |r, _| if r.attachment_ids.is_empty() { String::new() } else { format!("{} 份", r.attachment_ids.len()) },
            |r, _| SortKey::Number(r.attachment_ids.len() as i64),
        ),
    ];

    const FIELDS: &'static [FormField<Self>] = &[
        FormField::new(
            FieldSpec::new("问题", |lookups| FieldKind::Choice(finding_choices(lookups)))
                .required()
                .blank(|lookups| lookups.findings.last().map(|f| f.id.to_string()).unwrap_or_default()),
            |r, _| r.finding_id.to_string(),
            |r, t, _| set(&mut r.finding_id, t.trim().parse().map_err(|_| "请选择对应的问题".to_string())),
        ),
        FormField::new(
            FieldSpec::multiline("整改措施").required(),
            |r, _| r.measure.clone(),
            |r, t, _| put(&mut r.measure, t),
        ),
        FormField::new(FieldSpec::text("责任人"), |r, _| r.responsible.clone(), |r, t, _| put(&mut r.responsible, t)),
        FormField::new(
            FieldSpec::new("整改方式", |_| {
                FieldKind::Choice(MODES.iter().map(|m| (format!("{m:?}"), m.label().to_string())).collect())
            })
            .required()
            .blank(|_| format!("{:?}", RectificationMode::Immediate)),
            |r, _| format!("{:?}", r.mode),
            |r, t, _| {
                r.mode = if t.trim() == format!("{:?}", RectificationMode::Deadline) {
                    RectificationMode::Deadline
                } else {
                    RectificationMode::Immediate
                };
                Ok(())
            },
        ),
        FormField::new(
            FieldSpec::date(DEADLINE).hint("限期整改时必填"),
            |r, _| date_text(r.deadline),
            |r, t, _| set(&mut r.deadline, opt_date(t)),
        ),
        FormField::new(
            FieldSpec::new("状态", |_| {
                FieldKind::Choice(STATUSES.iter().map(|s| (format!("{s:?}"), s.label().to_string())).collect())
            })
            .required()
            .hint("现场立行立改的可直接记为“已整改”；事后改为“已整改”即销号，团队数据库中只有组长可以销号或撤销")
            .blank(|_| format!("{:?}", RectificationStatus::Promised)),
            |r, _| format!("{:?}", r.status),
            |r, t, _| {
                r.status = STATUSES.into_iter().find(|s| format!("{s:?}") == t.trim()).unwrap_or_default();
                Ok(())
            },
        ),
        FormField::new(
            FieldSpec::multiline("回头看记录").hint("每行一条：2017-12-20 已补缴"),
            |r, _| follow_ups_text(&r.follow_ups),
            |r, t, _| set(&mut r.follow_ups, parse_follow_ups(t)),
        ),
    ];

    fn empty(inspection_id: Id<Inspection>) -> Self {
        Rectification {
            inspection_id,
            finding_id: Id::from_uuid(uuid::Uuid::nil()),
            measure: String::new(),
            responsible: String::new(),
            mode: RectificationMode::Immediate,
            deadline: None,
            status: RectificationStatus::default(),
            follow_ups: Vec::new(),
            attachment_ids: Vec::new(),
        }
    }

    /// 限期整改 needs its deadline.
    fn finish(&mut self, _: &Typed<'_, Self>) -> Vec<(&'static str, String)> {
        if self.mode == RectificationMode::Deadline && self.deadline.is_none() {
            vec![(DEADLINE, "不能为空".to_string())]
        } else {
            Vec::new()
        }
    }

    fn describe(&self) -> String {
        format!("整改措施“{}”", self.measure.chars().take(16).collect::<String>())
    }

    fn preserved_fields() -> &'static [&'static str] {
        &["attachment_ids"]
    }
}

fn visit_methods() -> Vec<(String, String)> {
    ["电话", "上门", "座谈", "书面"].iter().map(|m| ((*m).to_string(), (*m).to_string())).collect()
}

fn satisfaction_choices() -> Vec<(String, String)> {
    std::iter::once(("".to_string(), "未答".to_string()))
        .chain(
            [(5, "很满意"), (4, "满意"), (3, "一般"), (2, "不满意"), (1, "很不满意")]
                .iter()
                .map(|(n, l)| (n.to_string(), format!("{n} {l}"))),
        )
        .collect()
}

pub(super) fn inspector_choices(lookups: &Lookups) -> Vec<(String, String)> {
    lookups.inspectors.iter().map(|i| (i.id.to_string(), i.value.name.clone())).collect()
}

impl Editable for ReturnVisit {
    const SCOPED: bool = true;
    const NOUN: &'static str = "回访";

    const COLUMNS: &'static [TableColumn<Self>] = &[
        TableColumn::new(ColumnSpec::wide("回访对象", 190.0), |r, _| r.subject.clone()),
        TableColumn::new(ColumnSpec::text("决定书文号", 180.0), |r, _| decision_text(r.decision_no.as_ref())),
        TableColumn::new(ColumnSpec::text("方式", 70.0), |r, _| r.contact_method.clone()),
        TableColumn::new(ColumnSpec::text("时间", 140.0), |r, _| datetime_text(r.visited_at)),
        TableColumn::new(ColumnSpec::text("满意度", 70.0), |r, _| {
            r.answers.satisfaction.map(|s| format!("{s} 分")).unwrap_or_else(|| "未答".into())
        }),
        TableColumn::new(ColumnSpec::wide("意见", 260.0), |r, _| r.notes.clone()),
    ];

    const FIELDS: &'static [FormField<Self>] = &[
        FormField::new(
            FieldSpec::text("回访对象").required().hint("当事人姓名或单位"),
            |r, _| r.subject.clone(),
            |r, t, _| put(&mut r.subject, t),
        ),
        FormField::new(
            FieldSpec::decision_no("决定书文号"),
            |r, _| decision_text(r.decision_no.as_ref()),
            |r, t, _| set(&mut r.decision_no, opt_decision_no(t)),
        ),
        FormField::new(
            FieldSpec::new("回访方式", |_| FieldKind::Choice(visit_methods())).required().blank(|_| "电话".into()),
            |r, _| r.contact_method.clone(),
            |r, t, _| put(&mut r.contact_method, t),
        ),
        // Now, on the inspection's day: a visit is recorded as it is made. Shown to the minute.
        FormField::new(
            FieldSpec::text("回访时间")
                .hint("年-月-日 时:分")
                .blank(|lookups| {
                    format!("{} {}", lookups.today.format("%Y-%m-%d"), chrono::Local::now().format("%H:%M"))
                })
                .kept_while_unchanged("visited_at"),
            |r, _| datetime_text(r.visited_at),
            |r, t, _| set(&mut r.visited_at, opt_datetime(t)),
        ),
        FormField::new(
            FieldSpec::new("回访人", |lookups| FieldKind::MultiChoice(inspector_choices(lookups))),
            |r, _| r.by.iter().map(ToString::to_string).collect::<Vec<_>>().join(","),
            |r, t, _| set(&mut r.by, Ok(t.trim().split(',').filter_map(|s| s.parse().ok()).collect())),
        ),
        FormField::new(
            FieldSpec::new("执法人员是否说明来意、出示证件", |_| FieldKind::Choice(yes_no_choices())),
            |r, _| yes_no(r.answers.purpose_and_certificate_shown),
            |r, t, _| set(&mut r.answers.purpose_and_certificate_shown, Ok(parse_yes_no(t))),
        ),
        FormField::new(
            FieldSpec::new("是否告知处罚理由和权利", |_| FieldKind::Choice(yes_no_choices())),
            |r, _| yes_no(r.answers.penalty_explained),
            |r, t, _| set(&mut r.answers.penalty_explained, Ok(parse_yes_no(t))),
        ),
        FormField::new(
            FieldSpec::new("是否有索要或收受财物", |_| FieldKind::Choice(yes_no_choices())),
            |r, _| yes_no(r.answers.money_or_gifts_requested),
            |r, t, _| set(&mut r.answers.money_or_gifts_requested, Ok(parse_yes_no(t))),
        ),
        FormField::new(
            FieldSpec::new("满意度", |_| FieldKind::Choice(satisfaction_choices())),
            |r, _| r.answers.satisfaction.map(|s| s.to_string()).unwrap_or_default(),
            |r, t, _| set(&mut r.answers.satisfaction, Ok(t.parse().ok())),
        ),
        FormField::new(FieldSpec::multiline("处罚对象的意见"), |r, _| r.notes.clone(), |r, t, _| put(&mut r.notes, t)),
    ];

    fn empty(inspection_id: Id<Inspection>) -> Self {
        ReturnVisit {
            inspection_id,
            subject: String::new(),
            decision_no: None,
            contact_method: String::new(),
            visited_at: None,
            by: Vec::new(),
            answers: Questionnaire::default(),
            notes: String::new(),
        }
    }

    fn describe(&self) -> String {
        format!("对 {} 的回访", self.subject)
    }
}

impl Editable for Clue {
    const SCOPED: bool = true;
    const NOUN: &'static str = "线索";

    const COLUMNS: &'static [TableColumn<Self>] = &[
        TableColumn::new(ColumnSpec::text("决定书文号", 180.0), |r, _| decision_text(r.decision_no.as_ref())),
        TableColumn::new(ColumnSpec::wide("线索内容", 320.0), |r, _| r.what.clone()),
        TableColumn::new(ColumnSpec::text("登记人", 80.0), |r, lookups| {
            r.recorded_by.map(|id| lookups.inspector_name(id)).unwrap_or_default()
        }),
        TableColumn::new(ColumnSpec::wide("报告/移交", 200.0), |r, _| {
            r.reported_to.iter().map(|r| r.label()).collect::<Vec<_>>().join("、")
        }),
        TableColumn::new(ColumnSpec::text("时间", 140.0), |r, _| datetime_text(r.reported_at)),
    ];

    const FIELDS: &'static [FormField<Self>] = &[
        FormField::new(
            FieldSpec::decision_no("决定书文号"),
            |r, _| decision_text(r.decision_no.as_ref()),
            |r, t, _| set(&mut r.decision_no, opt_decision_no(t)),
        ),
        FormField::new(
            FieldSpec::multiline("线索内容").required(),
            |r, _| r.what.clone(),
            |r, t, _| put(&mut r.what, t),
        ),
        FormField::new(
            FieldSpec::new("登记人", |lookups| {
                FieldKind::Choice(
                    std::iter::once((String::new(), "（未指定）".to_string()))
                        .chain(inspector_choices(lookups))
                        .collect(),
                )
            }),
            |r, _| r.recorded_by.map(|i| i.to_string()).unwrap_or_default(),
            |r, t, _| set(&mut r.recorded_by, Ok(t.trim().parse().ok())),
        ),
        FormField::new(
            FieldSpec::new("报告/移交对象", |_| {
                FieldKind::MultiChoice(
                    ClueRecipient::ALL.iter().map(|r| (format!("{r:?}"), r.label().to_string())).collect(),
                )
            }),
            |r, _| r.reported_to.iter().map(|r| format!("{r:?}")).collect::<Vec<_>>().join(","),
            |r, t, _| {
                let chosen = t.trim();
                r.reported_to = ClueRecipient::ALL
                    .into_iter()
                    .filter(|r| chosen.split(',').any(|c| c == format!("{r:?}")))
                    .collect();
                Ok(())
            },
        ),
        FormField::new(
            FieldSpec::text("报告时间").hint("2017-09-12 16:00"),
            |r, _| datetime_text(r.reported_at),
            |r, t, _| set(&mut r.reported_at, opt_datetime(t)),
        ),
    ];

    /// The plain fields are sealed before anything is written (`inspection::clues`).
    fn empty(inspection_id: Id<Inspection>) -> Self {
        Clue {
            inspection_id,
            decision_no: None,
            what: String::new(),
            sealed: Vec::new(),
            recorded_by: None,
            reported_to: Vec::new(),
            reported_at: None,
        }
    }

    fn describe(&self) -> String {
        "违纪违法线索".to_string()
    }
}

impl Editable for Recording {
    const SCOPED: bool = true;
    const NOUN: &'static str = "录音录像";

    const COLUMNS: &'static [TableColumn<Self>] = &[
        TableColumn::new(ColumnSpec::text("设备", 120.0), |r, _| r.device.clone()),
        TableColumn::new(ColumnSpec::wide("文件名", 200.0), |r, _| r.file_name.clone()),
        TableColumn::new(ColumnSpec::text("开始时间", 140.0), |r, _| datetime_text(r.started_at)),
        TableColumn::new(ColumnSpec::text("决定书文号", 180.0), |r, _| decision_text(r.decision_no.as_ref())),
        TableColumn::new(ColumnSpec::wide("内容", 260.0), |r, _| r.covers.clone()),
    ];

    const FIELDS: &'static [FormField<Self>] = &[
        FormField::new(
            FieldSpec::text("设备").hint("执法记录仪 1 号"),
            |r, _| r.device.clone(),
            |r, t, _| put(&mut r.device, t),
        ),
        FormField::new(
            FieldSpec::text("文件名").required().hint("LY20170912_0930.mp4"),
            |r, _| r.file_name.clone(),
            |r, t, _| put(&mut r.file_name, t),
        ),
        // Shown to the minute; findings are placed in the recording by the second.
        FormField::new(
            FieldSpec::text("开始时间").hint("2017-09-12 09:30").kept_while_unchanged("started_at"),
            |r, _| datetime_text(r.started_at),
            |r, t, _| set(&mut r.started_at, opt_datetime(t)),
        ),
        FormField::new(
            FieldSpec::decision_no("决定书文号").hint("所涉案件；留空表示整个检查"),
            |r, _| decision_text(r.decision_no.as_ref()),
            |r, t, _| set(&mut r.decision_no, opt_decision_no(t)),
        ),
        FormField::new(
            FieldSpec::multiline("内容").hint("例如：抽查收据及台账核对过程"),
            |r, _| r.covers.clone(),
            |r, t, _| put(&mut r.covers, t),
        ),
    ];

    fn empty(inspection_id: Id<Inspection>) -> Self {
        Recording {
            inspection_id,
            case_file_id: None,
            decision_no: None,
            device: String::new(),
            file_name: String::new(),
            started_at: None,
            covers: String::new(),
        }
    }

    fn describe(&self) -> String {
        format!("录音录像 {}", self.file_name)
    }

    fn preserved_fields() -> &'static [&'static str] {
        &["case_file_id"]
    }
}
