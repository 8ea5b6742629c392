//! The lead's registers after the visits: problems under supervision (挂牌督办, closed by the lead
//! only: `crate::campaign::lead`) and the leading group's approval of each inspection's agreed
//! problem list (问题清单审批, which lets its typical cases into the 全区通报); in phase 3, the
//! look-backs at each rectification (回头看: 已落实 / 部分落实 / 未落实, recorded by anyone; the
//! rectification's 销号 stays the lead's) and each unit's 三项制度 checklist.

use chrono::NaiveDate;

use crate::domain::{
    Approval, Id, Inspection, LookBack, LookBackOutcome, Rectification, Supervision, SupervisionState, SystemStatus,
    SystemsCheck,
};
use crate::inspection::Lookups;
use crate::ui::editable::{
    ColumnSpec, Editable, FieldKind, FieldSpec, FormField, SortKey, TableColumn, Typed, date_text, opt_date, put, set,
};

use super::campaign::{date, today, unit_choices};
use super::selection::id_text;
use super::work::{finding_choices, follow_ups_text, parse_follow_ups, parse_yes_no, yes_no};

const CLOSED_ON: &str = "销号日期";
const CLOSED_REASON: &str = "销号理由";

fn nil<T>() -> Id<T> {
    Id::from_uuid(uuid::Uuid::nil())
}

/// The findings, with none first (a unit may be supervised as a whole).
fn optional_finding_choices(lookups: &Lookups) -> Vec<(String, String)> {
    std::iter::once((String::new(), "（单位整体）".to_string())).chain(finding_choices(lookups)).collect()
}

fn state_order(state: SupervisionState) -> i64 {
    match state {
        SupervisionState::Overdue => 0,
        SupervisionState::Open => 1,
        SupervisionState::Closed => 2,
    }
}

/// `逾期 12 天` for an overdue one, else its state.
fn state_text(r: &Supervision, today: NaiveDate) -> String {
    match r.state(today) {
        SupervisionState::Overdue => format!("逾期 {} 天", (today - r.deadline).num_days()),
        other => other.label().to_string(),
    }
}

impl Editable for Supervision {
    const SCOPED: bool = false;
    const NOUN: &'static str = "挂牌督办";
    const EXPLANATION: &'static str = "对性质严重、影响恶劣的问题实行挂牌督办：写明督办事由、责任领导和办结期限，逐条记录督办措施及进展和佐证材料；逾期未办结的排在最前，应提请领导小组；销号只能由组长填写销号日期和理由。";

    const COLUMNS: &'static [TableColumn<Self>] = &[
        TableColumn::sorted(
            ColumnSpec::text("状态", 80.0),
            |r, l| state_text(r, l.today),
            |r, l| SortKey::Number(state_order(r.state(l.today))),
        ),
        TableColumn::new(ColumnSpec::wide("单位", 150.0), |r, l| l.unit_name(r.unit_id)),
        TableColumn::new(ColumnSpec::text("责任领导", 80.0), |r, _| r.responsible_leader.clone()),
        TableColumn::sorted(
            ColumnSpec::date("办结期限"),
            |r, _| date_text(Some(r.deadline)),
            |r, _| SortKey::Date(Some(r.deadline)),
        ),
        TableColumn::new(ColumnSpec::text("进展", 50.0), |r, _| format!("{} 条", r.steps.len())),
        TableColumn::sorted(
            ColumnSpec::date(CLOSED_ON),
            |r, _| date_text(r.closed_on),
            |r, _| SortKey::Date(r.closed_on),
        ),
        TableColumn::new(ColumnSpec::wide("督办事由", 200.0), |r, _| r.reason.clone()),
    ];

    const FIELDS: &'static [FormField<Self>] = &[
        FormField::new(
            FieldSpec::new("单位", |l| FieldKind::Choice(unit_choices(l))).required(),
            |r, _| id_text(r.unit_id),
            |r, t, _| set(&mut r.unit_id, t.trim().parse().map_err(|_| "请从列表中选择单位".to_string())),
        ),
        FormField::new(
            FieldSpec::new("问题", |l| FieldKind::Choice(optional_finding_choices(l))),
            |r, _| r.finding_id.map(|id| id.to_string()).unwrap_or_default(),
            |r, t, _| {
                let t = t.trim();
                set(
                    &mut r.finding_id,
                    if t.is_empty() {
                        Ok(None)
                    } else {
                        t.parse().map(Some).map_err(|_| "请从列表中选择问题".to_string())
                    },
                )
            },
        ),
        FormField::new(
            FieldSpec::multiline("督办事由").required(),
            |r, _| r.reason.clone(),
            |r, t, _| put(&mut r.reason, t),
        ),
        FormField::new(
            FieldSpec::text("责任领导").hint("被督办单位的责任领导，如 局长 张某"),
            |r, _| r.responsible_leader.clone(),
            |r, t, _| put(&mut r.responsible_leader, t),
        ),
        FormField::new(
            FieldSpec::date("挂牌日期").required().blank(today),
            |r, _| date_text(Some(r.started_on)),
            |r, t, _| set(&mut r.started_on, date(t)),
        ),
        FormField::new(
            FieldSpec::date("办结期限").required(),
            |r, _| date_text(Some(r.deadline)),
            |r, t, _| set(&mut r.deadline, date(t)),
        ),
        FormField::new(
            FieldSpec::multiline("督办措施及进展").hint("每行一条：2017-10-05 约谈单位负责人"),
            |r, _| follow_ups_text(&r.steps),
            |r, t, _| set(&mut r.steps, parse_follow_ups(t)),
        ),
        FormField::new(
            FieldSpec::multiline("佐证材料").hint("材料名称及存放处，如 缴库凭证复印件（督办档案第3卷）"),
            |r, _| r.evidence.clone(),
            |r, t, _| put(&mut r.evidence, t),
        ),
        FormField::new(
            FieldSpec::date(CLOSED_ON).hint("仅组长填写：办结并核实后销号"),
            |r, _| date_text(r.closed_on),
            |r, t, _| set(&mut r.closed_on, opt_date(t)),
        ),
        FormField::new(
            FieldSpec::multiline(CLOSED_REASON).hint("销号时必填：办结情况和核实方式"),
            |r, _| r.closed_reason.clone(),
            |r, t, _| put(&mut r.closed_reason, t),
        ),
    ];

    fn empty(_: Id<Inspection>) -> Self {
        Supervision {
            unit_id: nil(),
            finding_id: None,
            reason: String::new(),
            responsible_leader: String::new(),
            started_on: NaiveDate::MIN,
            deadline: NaiveDate::MIN,
            steps: Vec::new(),
            evidence: String::new(),
            closed_on: None,
            closed_reason: String::new(),
        }
    }

    /// 销号 needs its reason, and the deadline cannot come before the start.
    fn finish(&mut self, _: &Typed<'_, Self>) -> Vec<(&'static str, String)> {
        let mut problems = Vec::new();
        if self.closed_on.is_some() && self.closed_reason.trim().is_empty() {
            problems.push((CLOSED_REASON, "销号时须写明理由".to_string()));
        }
        if self.deadline < self.started_on {
            problems.push(("办结期限", "不能早于挂牌日期".to_string()));
        }
        problems
    }

    fn describe(&self) -> String {
        format!("挂牌督办（{}）", self.reason.chars().take(20).collect::<String>())
    }
}

/// The inspections, newest first, as `2017-09-12 区综合执法局`.
fn inspection_choices(lookups: &Lookups) -> Vec<(String, String)> {
    let mut all: Vec<_> = lookups.inspections.iter().collect();
    all.sort_by_key(|i| std::cmp::Reverse(i.value.date));
    all.iter()
        .map(|i| {
            (i.id.to_string(), format!("{} {}", i.value.date.format("%Y-%m-%d"), lookups.unit_name(i.value.unit_id)))
        })
        .collect()
}

impl Editable for Approval {
    const SCOPED: bool = false;
    const NOUN: &'static str = "问题清单审批";
    const EXPLANATION: &'static str = "抽查小组对一次检查查摆出的问题及整改措施达成一致意见后，呈请专项治理领导小组同意；记录审批人、日期和批件文号后，其中标为典型案例的问题才能列入全区通报。问题清单为选定检查时的全部问题。只有组长可以记录审批。";

    const COLUMNS: &'static [TableColumn<Self>] = &[
        TableColumn::new(ColumnSpec::wide("检查", 220.0), |r, l| {
            l.inspections
                .iter()
                .find(|i| i.id == r.inspection_id)
                .map(|i| format!("{} {}", i.value.date.format("%Y-%m-%d"), l.unit_name(i.value.unit_id)))
                .unwrap_or_else(|| "（检查已删除）".into())
        }),
        TableColumn::new(ColumnSpec::text("问题", 60.0), |r, _| format!("{} 项", r.finding_ids.len())),
        TableColumn::sorted(
            ColumnSpec::date("达成一致"),
            |r, _| date_text(Some(r.agreed_on)),
            |r, _| SortKey::Date(Some(r.agreed_on)),
        ),
        TableColumn::new(ColumnSpec::text("背靠背", 60.0), |r, _| {
            if r.back_to_back { "是" } else { "" }.to_string()
        }),
        TableColumn::new(ColumnSpec::text("审批人", 80.0), |r, _| r.approved_by.clone()),
        TableColumn::sorted(
            ColumnSpec::date("审批日期"),
            |r, _| date_text(r.approved_on),
            |r, _| SortKey::Date(r.approved_on),
        ),
        TableColumn::new(ColumnSpec::wide("批件文号", 160.0), |r, _| r.document_no.clone()),
    ];

    const FIELDS: &'static [FormField<Self>] = &[
        FormField::new(
            FieldSpec::new("检查", |l| FieldKind::Choice(inspection_choices(l))).required(),
            |r, _| id_text(r.inspection_id),
            |r, t, lookups| {
                let inspection: Id<Inspection> = match t.trim().parse() {
                    Ok(id) => id,
                    Err(_) => return Err("请从列表中选择检查".to_string()),
                };
                // The agreed list is the inspection's findings when it is chosen; kept as agreed after.
                if inspection != r.inspection_id || r.finding_ids.is_empty() {
                    r.finding_ids =
                        lookups.findings.iter().filter(|f| f.value.inspection_id == inspection).map(|f| f.id).collect();
                    r.finding_ids.sort();
                }
                r.inspection_id = inspection;
                if r.finding_ids.is_empty() {
                    return Err("这次检查还没有记录问题，没有可呈报审批的问题清单".to_string());
                }
                Ok(())
            },
        ),
        FormField::new(
            FieldSpec::date("达成一致日期").required().blank(today),
            |r, _| date_text(Some(r.agreed_on)),
            |r, t, _| set(&mut r.agreed_on, date(t)),
        ),
        FormField::new(
            FieldSpec::new("背靠背评查", |_| {
                FieldKind::Choice(vec![("no".into(), "否".into()), ("yes".into(), "是".into())])
            })
            .blank(|_| "no".into()),
            |r, _| yes_no(Some(r.back_to_back)),
            |r, t, _| {
                r.back_to_back = parse_yes_no(t.trim()) == Some(true);
                Ok(())
            },
        ),
        FormField::new(
            FieldSpec::text("审批人").hint("领导小组审批人；未审批时留空"),
            |r, _| r.approved_by.clone(),
            |r, t, _| put(&mut r.approved_by, t),
        ),
        FormField::new(
            FieldSpec::date("审批日期").hint("领导小组同意的日期；未审批时留空"),
            |r, _| date_text(r.approved_on),
            |r, t, _| set(&mut r.approved_on, opt_date(t)),
        ),
        FormField::new(
            FieldSpec::text("批件文号").hint("如 鲅专治组批〔2017〕2号"),
            |r, _| r.document_no.clone(),
            |r, t, _| put(&mut r.document_no, t),
        ),
    ];

    fn empty(_: Id<Inspection>) -> Self {
        Approval {
            inspection_id: nil(),
            finding_ids: Vec::new(),
            agreed_on: NaiveDate::MIN,
            back_to_back: false,
            approved_by: String::new(),
            approved_on: None,
            document_no: String::new(),
        }
    }

    /// Approved needs who approved; not before the agreement.
    fn finish(&mut self, _: &Typed<'_, Self>) -> Vec<(&'static str, String)> {
        let mut problems = Vec::new();
        if let Some(on) = self.approved_on {
            if self.approved_by.trim().is_empty() {
                problems.push(("审批人", "填写审批日期时须写明审批人".to_string()));
            }
            if on < self.agreed_on {
                problems.push(("审批日期", "不能早于达成一致日期".to_string()));
            }
        }
        problems
    }

    fn describe(&self) -> String {
        if self.approved() {
            "问题清单审批（已同意）".to_string()
        } else {
            "问题清单审批（待批）".to_string()
        }
    }
}

/// A rectification as a choice reads: `区综合执法局：补缴罚没款（期限 2017-11-30）`.
fn rectification_text(id: Id<Rectification>, lookups: &Lookups) -> String {
    let Some(r) = lookups.rectifications.iter().find(|r| r.id == id) else {
        return "（整改措施已删除）".to_string();
    };
    let unit = lookups
        .inspections
        .iter()
        .find(|i| i.id == r.value.inspection_id)
        .map(|i| lookups.unit_name(i.value.unit_id))
        .unwrap_or_default();
    let measure: String = r.value.measure.chars().take(24).collect();
    match r.value.deadline {
        Some(deadline) => format!("{unit}：{measure}（期限 {}）", deadline.format("%Y-%m-%d")),
        None => format!("{unit}：{measure}"),
    }
}

/// Every rectification of the database.
fn rectification_choices(lookups: &Lookups) -> Vec<(String, String)> {
    lookups.rectifications.iter().map(|r| (r.id.to_string(), rectification_text(r.id, lookups))).collect()
}

const OUTCOME: &str = "结果";
const LOOK_BACK_NOTE: &str = "情况说明";

impl Editable for LookBack {
    const SCOPED: bool = true;
    const NOUN: &'static str = "回头看";
    const EXPLANATION: &'static str = "第三阶段“回头看”：逐项核实受检单位承诺的整改措施是否落实，记录日期、人员和结果（已落实、部分落实、未落实）。检查人员都可以记录；整改措施的销号（标为“已整改”）只能由组长在整改措施中操作。";

    const COLUMNS: &'static [TableColumn<Self>] = &[
        TableColumn::new(ColumnSpec::wide("整改措施", 260.0), |r, l| rectification_text(r.rectification_id, l)),
        TableColumn::sorted(
            ColumnSpec::date("日期"),
            |r, _| date_text(Some(r.date)),
            |r, _| SortKey::Date(Some(r.date)),
        ),
        TableColumn::new(ColumnSpec::text("回头看人员", 110.0), |r, _| r.by.clone()),
        TableColumn::sorted(
            ColumnSpec::text(OUTCOME, 70.0),
            |r, _| r.outcome.label().to_string(),
            // 未落实 first.
            |r, _| {
                SortKey::Number(match r.outcome {
                    LookBackOutcome::NotKept => 0,
                    LookBackOutcome::Partly => 1,
                    LookBackOutcome::Kept => 2,
                })
            },
        ),
        TableColumn::new(ColumnSpec::text("整改状态", 70.0), |r, l| {
            l.rectifications
                .iter()
                .find(|x| x.id == r.rectification_id)
                .map(|x| x.value.shown_status(l.today).label().to_string())
                .unwrap_or_default()
        }),
        TableColumn::new(ColumnSpec::wide(LOOK_BACK_NOTE, 220.0), |r, _| r.note.clone()),
    ];

    const FIELDS: &'static [FormField<Self>] = &[
        FormField::new(
            FieldSpec::new("整改措施", |l| FieldKind::Choice(rectification_choices(l))).required(),
            |r, _| id_text(r.rectification_id),
            |r, t, lookups| {
                let id: Id<Rectification> = t.trim().parse().map_err(|_| "请从列表中选择整改措施".to_string())?;
                // A look-back belongs to the inspection of the rectification it looks at.
                if let Some(rectification) = lookups.rectifications.iter().find(|x| x.id == id) {
                    r.inspection_id = rectification.value.inspection_id;
                }
                r.rectification_id = id;
                Ok(())
            },
        ),
        FormField::new(
            FieldSpec::date("日期").required().blank(today),
            |r, _| date_text(Some(r.date)),
            |r, t, _| set(&mut r.date, date(t)),
        ),
        FormField::new(
            FieldSpec::text("回头看人员").required().hint("姓名，多人用顿号分开"),
            |r, _| r.by.clone(),
            |r, t, _| put(&mut r.by, t),
        ),
        FormField::new(
            FieldSpec::new(OUTCOME, |_| {
                FieldKind::Choice(
                    LookBackOutcome::ALL.iter().map(|o| (format!("{o:?}"), o.label().to_string())).collect(),
                )
            })
            .required()
            .blank(|_| format!("{:?}", LookBackOutcome::Kept)),
            |r, _| format!("{:?}", r.outcome),
            |r, t, _| {
                r.outcome = LookBackOutcome::ALL.into_iter().find(|o| format!("{o:?}") == t.trim()).unwrap_or_default();
                Ok(())
            },
        ),
        FormField::new(
            FieldSpec::multiline(LOOK_BACK_NOTE).hint("部分落实、未落实时必填：看到了什么，还差什么"),
            |r, _| r.note.clone(),
            |r, t, _| put(&mut r.note, t),
        ),
    ];

    fn empty(inspection_id: Id<Inspection>) -> Self {
        LookBack {
            inspection_id,
            rectification_id: nil(),
            date: NaiveDate::MIN,
            by: String::new(),
            outcome: LookBackOutcome::Kept,
            note: String::new(),
        }
    }

    /// 部分落实 and 未落实 say what is missing.
    fn finish(&mut self, _: &Typed<'_, Self>) -> Vec<(&'static str, String)> {
        if self.outcome != LookBackOutcome::Kept && self.note.trim().is_empty() {
            vec![(LOOK_BACK_NOTE, "部分落实或未落实时须写明情况".to_string())]
        } else {
            Vec::new()
        }
    }

    fn describe(&self) -> String {
        format!("回头看（{} {}）", date_text(Some(self.date)), self.outcome.label())
    }
}

/// The evidence fields' labels, in the order of [`SystemsCheck::SYSTEMS`] (the record's
/// validation names the same).
const EVIDENCE: [&str; 3] = ["公示制度佐证", "记录制度佐证", "审核制度佐证"];

/// 已建立 / 建立中 / 未建立 of system `I`.
fn system_text(r: &SystemsCheck, i: usize) -> String {
    r.systems.get(i).map(|s| s.label().to_string()).unwrap_or_default()
}

/// The status field of system `I` (0 to 2).
const fn system_field<const I: usize>() -> FormField<SystemsCheck> {
    FormField::new(
        FieldSpec::new(SystemsCheck::SYSTEMS[I], |_| {
            FieldKind::Choice(SystemStatus::ALL.iter().map(|s| (format!("{s:?}"), s.label().to_string())).collect())
        })
        .required()
        .blank(|_| format!("{:?}", SystemStatus::NotBuilt)),
        |r, _| r.systems.get(I).map(|s| format!("{s:?}")).unwrap_or_default(),
        |r, t, _| {
            if let Some(slot) = r.systems.get_mut(I) {
                *slot = SystemStatus::ALL.into_iter().find(|s| format!("{s:?}") == t.trim()).unwrap_or_default();
            }
            Ok(())
        },
    )
}

/// The evidence field of system `I`.
const fn evidence_field<const I: usize>() -> FormField<SystemsCheck> {
    FormField::new(
        FieldSpec::multiline(EVIDENCE[I]).hint("已建立时必填：制度文件名称、文号及存放处"),
        |r, _| r.evidence.get(I).cloned().unwrap_or_default(),
        |r, t, _| match r.evidence.get_mut(I) {
            Some(slot) => put(slot, t),
            None => Ok(()),
        },
    )
}

fn seen_choices() -> Vec<(String, String)> {
    vec![("".into(), "未查".into()), ("yes".into(), "是".into()), ("no".into(), "否".into())]
}

/// The field of 做到 `I` (0 to 5).
const fn commitment_field<const I: usize>() -> FormField<SystemsCheck> {
    FormField::new(
        FieldSpec::new(SystemsCheck::COMMITMENTS[I], |_| FieldKind::Choice(seen_choices())),
        |r, _| yes_no(r.commitments.get(I).copied().flatten()),
        |r, t, _| {
            if let Some(slot) = r.commitments.get_mut(I) {
                *slot = parse_yes_no(t.trim());
            }
            Ok(())
        },
    )
}

fn system_order(r: &SystemsCheck, i: usize) -> SortKey {
    SortKey::Number(r.systems.get(i).map_or(0, |s| *s as i64))
}

impl Editable for SystemsCheck {
    const SCOPED: bool = false;
    const NOUN: &'static str = "三项制度";
    const EXPLANATION: &'static str = "第三阶段建章立制：“回头看”时逐个单位核查行政执法公示制度、现场执法记录制度和法制审核制度的建立情况（已建立的须有佐证材料），以及方案要求的六个“做到”。";

    const COLUMNS: &'static [TableColumn<Self>] = &[
        TableColumn::new(ColumnSpec::wide("单位", 140.0), |r, l| l.unit_name(r.unit_id)),
        TableColumn::sorted(
            ColumnSpec::date("检查日期"),
            |r, _| date_text(Some(r.checked_on)),
            |r, _| SortKey::Date(Some(r.checked_on)),
        ),
        TableColumn::sorted(ColumnSpec::text("公示制度", 70.0), |r, _| system_text(r, 0), |r, _| system_order(r, 0)),
        TableColumn::sorted(
            ColumnSpec::text("执法记录制度", 105.0),
            |r, _| system_text(r, 1),
            |r, _| system_order(r, 1),
        ),
        TableColumn::sorted(
            ColumnSpec::text("法制审核制度", 105.0),
            |r, _| system_text(r, 2),
            |r, _| system_order(r, 2),
        ),
        TableColumn::sorted(
            ColumnSpec::text("已建立", 60.0),
            |r, _| format!("{}/3", r.built()),
            |r, _| SortKey::Number(r.built() as i64),
        ),
        TableColumn::new(ColumnSpec::text("六个做到（是/已查）", 150.0), |r, _| {
            let yes = r.commitments.iter().filter(|c| **c == Some(true)).count();
            let checked = r.commitments.iter().filter(|c| c.is_some()).count();
            format!("{yes}/{checked}")
        }),
        TableColumn::new(ColumnSpec::text("检查人员", 100.0), |r, _| r.checked_by.clone()),
    ];

    const FIELDS: &'static [FormField<Self>] = &[
        FormField::new(
            FieldSpec::new("单位", |l| FieldKind::Choice(unit_choices(l))).required(),
            |r, _| id_text(r.unit_id),
            |r, t, _| set(&mut r.unit_id, t.trim().parse().map_err(|_| "请从列表中选择单位".to_string())),
        ),
        FormField::new(
            FieldSpec::date("检查日期").required().blank(today),
            |r, _| date_text(Some(r.checked_on)),
            |r, t, _| set(&mut r.checked_on, date(t)),
        ),
        system_field::<0>(),
        evidence_field::<0>(),
        system_field::<1>(),
        evidence_field::<1>(),
        system_field::<2>(),
        evidence_field::<2>(),
        commitment_field::<0>(),
        commitment_field::<1>(),
        commitment_field::<2>(),
        commitment_field::<3>(),
        commitment_field::<4>(),
        commitment_field::<5>(),
        FormField::new(
            FieldSpec::text("检查人员").required().hint("姓名，多人用顿号分开"),
            |r, _| r.checked_by.clone(),
            |r, t, _| put(&mut r.checked_by, t),
        ),
        FormField::new(FieldSpec::multiline("备注"), |r, _| r.notes.clone(), |r, t, _| put(&mut r.notes, t)),
    ];

    fn empty(_: Id<Inspection>) -> Self {
        SystemsCheck {
            unit_id: nil(),
            checked_on: NaiveDate::MIN,
            systems: [SystemStatus::NotBuilt; 3],
            evidence: Default::default(),
            commitments: [None; 6],
            checked_by: String::new(),
            notes: String::new(),
        }
    }

    /// A system 已建立 shows its evidence.
    fn finish(&mut self, _: &Typed<'_, Self>) -> Vec<(&'static str, String)> {
        self.systems
            .iter()
            .zip(&self.evidence)
            .zip(EVIDENCE)
            .filter(|((status, evidence), _)| **status == SystemStatus::Built && evidence.trim().is_empty())
            .map(|(_, field)| (field, "已建立的制度须写明佐证材料".to_string()))
            .collect()
    }

    fn describe(&self) -> String {
        format!("三项制度（{} 已建立 {}/3）", date_text(Some(self.checked_on)), self.built())
    }
}
