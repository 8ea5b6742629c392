//! The lead's two registers for choosing the units and teams of phase 2: units chosen by decision
//! (决定抽查: 挂牌督办 or serious complaints, outside the random draw) and declared conflicts between
//! an inspector and a unit (回避声明). `daocha campaign select` and `teams` read them; both are
//! register pages of the 组长 section.

use crate::domain::{Id, Inspection, Inspector, Unit, UnitDecision, UnitRecusal};
use crate::ui::editable::{
    ColumnSpec, Editable, FieldKind, FieldSpec, FormField, SortKey, TableColumn, date_text, put, set,
};

use super::campaign::{date, today, unit_choices};
use super::work::inspector_choices;

/// The grounds of a decision, as the plan names them.
pub const GROUNDS: [&str; 3] = ["挂牌督办", "严重举报", "其他"];

fn ground_choices() -> Vec<(String, String)> {
    GROUNDS.iter().map(|g| ((*g).to_string(), (*g).to_string())).collect()
}

fn unit_id(text: &str) -> Result<Id<Unit>, String> {
    text.trim().parse().map_err(|_| "请从列表中选择单位".to_string())
}

fn inspector_id(text: &str) -> Result<Id<Inspector>, String> {
    text.trim().parse().map_err(|_| "请从列表中选择检查人员".to_string())
}

pub(super) fn id_text<T>(id: Id<T>) -> String {
    if id.uuid().is_nil() { String::new() } else { id.to_string() }
}

impl Editable for UnitDecision {
    const SCOPED: bool = false;
    const NOUN: &'static str = "决定抽查";
    const EXPLANATION: &'static str =
        "组长决定必须抽查的单位（挂牌督办、严重举报等），不参加随机抽取，在抽取结果中标明“决定抽查”。";

    const COLUMNS: &'static [TableColumn<Self>] = &[
        TableColumn::new(ColumnSpec::wide("单位", 190.0), |r, l| l.unit_name(r.unit_id)),
        TableColumn::new(ColumnSpec::text("依据", 90.0), |r, _| r.ground.clone()),
        TableColumn::new(ColumnSpec::wide("理由", 240.0), |r, _| r.reason.clone()),
        TableColumn::new(ColumnSpec::text("决定人", 80.0), |r, _| r.decided_by.clone()),
        TableColumn::sorted(
            ColumnSpec::date("决定日期"),
            |r, _| date_text(Some(r.decided_on)),
            |r, _| SortKey::Date(Some(r.decided_on)),
        ),
    ];

    const FIELDS: &'static [FormField<Self>] = &[
        FormField::new(
            FieldSpec::new("单位", |l| FieldKind::Choice(unit_choices(l))).required(),
            |r, _| id_text(r.unit_id),
            |r, t, _| set(&mut r.unit_id, unit_id(t)),
        ),
        FormField::new(
            FieldSpec::new("依据", |_| FieldKind::Choice(ground_choices())).required().blank(|_| "挂牌督办".into()),
            |r, _| r.ground.clone(),
            |r, t, _| put(&mut r.ground, t),
        ),
        FormField::new(
            FieldSpec::multiline("理由").required(),
            |r, _| r.reason.clone(),
            |r, t, _| put(&mut r.reason, t),
        ),
        FormField::new(
            FieldSpec::text("决定人").required(),
            |r, _| r.decided_by.clone(),
            |r, t, _| put(&mut r.decided_by, t),
        ),
        FormField::new(
            FieldSpec::date("决定日期").required().blank(today),
            |r, _| date_text(Some(r.decided_on)),
            |r, t, _| set(&mut r.decided_on, date(t)),
        ),
    ];

    fn empty(_: Id<Inspection>) -> Self {
        UnitDecision {
            unit_id: Id::from_uuid(uuid::Uuid::nil()),
            ground: String::new(),
            reason: String::new(),
            decided_by: String::new(),
            decided_on: chrono::NaiveDate::MIN,
        }
    }

    fn describe(&self) -> String {
        format!("决定抽查（{}）", self.ground)
    }
}

impl Editable for UnitRecusal {
    const SCOPED: bool = false;
    const NOUN: &'static str = "回避声明";
    const EXPLANATION: &'static str = "检查人员声明与某受检单位有利害关系（曾在该单位工作、亲属在该单位等），抽取检查组时不会分到该单位。本单位人员不需声明，自动回避。";

    const COLUMNS: &'static [TableColumn<Self>] = &[
        TableColumn::new(ColumnSpec::text("检查人员", 90.0), |r, l| l.inspector_name(r.inspector_id)),
        TableColumn::new(ColumnSpec::wide("受检单位", 190.0), |r, l| l.unit_name(r.unit_id)),
        TableColumn::new(ColumnSpec::wide("回避理由", 240.0), |r, _| r.reason.clone()),
    ];

    const FIELDS: &'static [FormField<Self>] = &[
        FormField::new(
            FieldSpec::new("检查人员", |l| FieldKind::Choice(inspector_choices(l))).required(),
            |r, _| id_text(r.inspector_id),
            |r, t, _| set(&mut r.inspector_id, inspector_id(t)),
        ),
        FormField::new(
            FieldSpec::new("受检单位", |l| FieldKind::Choice(unit_choices(l))).required(),
            |r, _| id_text(r.unit_id),
            |r, t, _| set(&mut r.unit_id, unit_id(t)),
        ),
        FormField::new(
            FieldSpec::multiline("回避理由").required(),
            |r, _| r.reason.clone(),
            |r, t, _| put(&mut r.reason, t),
        ),
    ];

    fn empty(_: Id<Inspection>) -> Self {
        UnitRecusal {
            inspector_id: Id::from_uuid(uuid::Uuid::nil()),
            unit_id: Id::from_uuid(uuid::Uuid::nil()),
            reason: String::new(),
        }
    }

    fn describe(&self) -> String {
        "回避声明".to_string()
    }
}
