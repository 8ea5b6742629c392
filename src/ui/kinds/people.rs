//! Units, inspectors and inspections.

use chrono::NaiveDate;

use crate::domain::dates::format_iso;
use crate::domain::taxonomy::{self, UnitKind};
use crate::domain::{Id, Inspection, Inspector, Unit};
use crate::inspection::split_names;
use crate::ui::editable::{
    ColumnSpec, Editable, FieldKind, FieldSpec, FormField, SortKey, TableColumn, opt_date, put, set_given,
};

fn unit_kind_choices() -> Vec<(String, String)> {
    UnitKind::ALL.iter().map(|k| (format!("{k:?}"), k.label().to_string())).collect()
}

pub(super) fn domain_choices() -> Vec<(String, String)> {
    taxonomy::DOMAINS.iter().map(|d| ((*d).to_string(), (*d).to_string())).collect()
}

impl Editable for Unit {
    const SCOPED: bool = false;
    const NOUN: &'static str = "受检单位";

    const COLUMNS: &'static [TableColumn<Self>] = &[
        TableColumn::new(ColumnSpec::wide("单位名称", 200.0), |r, _| r.name.clone()),
        TableColumn::new(ColumnSpec::text("执法领域", 100.0), |r, _| r.domain.clone()),
        TableColumn::new(ColumnSpec::text("类别", 80.0), |r, _| r.kind.label().to_string()),
        TableColumn::new(ColumnSpec::text("负责人/联络员", 160.0), |r, _| r.contact.clone()),
        TableColumn::new(ColumnSpec::text("电话", 120.0), |r, _| r.phone.clone()),
    ];

    const FIELDS: &'static [FormField<Self>] = &[
        FormField::new(
            FieldSpec::text("单位名称").required().hint("区综合执法局"),
            |r, _| r.name.clone(),
            |r, t, _| put(&mut r.name, t),
        ),
        FormField::new(
            FieldSpec::new("执法领域", |_| FieldKind::Choice(domain_choices())).required().blank(|_| "城管".into()),
            |r, _| r.domain.clone(),
            |r, t, _| put(&mut r.domain, t),
        ),
        FormField::new(
            FieldSpec::new("单位类别", |_| FieldKind::Choice(unit_kind_choices()))
                .required()
                .blank(|_| format!("{:?}", UnitKind::District)),
            |r, _| format!("{:?}", r.kind),
            |r, t, _| {
                r.kind = UnitKind::ALL.into_iter().find(|k| format!("{k:?}") == t.trim()).unwrap_or_default();
                Ok(())
            },
        ),
        FormField::new(FieldSpec::text("负责人/联络员"), |r, _| r.contact.clone(), |r, t, _| put(&mut r.contact, t)),
        FormField::new(FieldSpec::text("电话"), |r, _| r.phone.clone(), |r, t, _| put(&mut r.phone, t)),
        FormField::new(FieldSpec::text("地址"), |r, _| r.address.clone(), |r, t, _| put(&mut r.address, t)),
    ];

    fn empty(_: Id<Inspection>) -> Self {
        Unit {
            name: String::new(),
            domain: String::new(),
            kind: UnitKind::default(),
            contact: String::new(),
            phone: String::new(),
            address: String::new(),
        }
    }

    fn describe(&self) -> String {
        format!("受检单位“{}”", self.name)
    }
}

impl Editable for Inspector {
    const SCOPED: bool = false;
    const NOUN: &'static str = "检查人员";

    const COLUMNS: &'static [TableColumn<Self>] = &[
        TableColumn::new(ColumnSpec::text("姓名", 100.0), |r, _| r.name.clone()),
        TableColumn::new(ColumnSpec::wide("所在单位", 220.0), |r, _| r.organisation.clone()),
        TableColumn::new(ColumnSpec::text("电话", 130.0), |r, _| r.phone.clone()),
        TableColumn::new(ColumnSpec::text("签名密钥", 160.0), |r, _| {
            if r.public_key.is_some() { "已创建" } else { "未创建" }.to_string()
        }),
    ];

    const FIELDS: &'static [FormField<Self>] = &[
        FormField::new(FieldSpec::text("姓名").required(), |r, _| r.name.clone(), |r, t, _| put(&mut r.name, t)),
        FormField::new(
            FieldSpec::text("所在单位").hint("区政府办公室（法制办）"),
            |r, _| r.organisation.clone(),
            |r, t, _| put(&mut r.organisation, t),
        ),
        FormField::new(FieldSpec::text("电话"), |r, _| r.phone.clone(), |r, t, _| put(&mut r.phone, t)),
    ];

    fn empty(_: Id<Inspection>) -> Self {
        Inspector { name: String::new(), organisation: String::new(), phone: String::new(), public_key: None }
    }

    fn describe(&self) -> String {
        format!("检查人员“{}”", self.name)
    }

    fn preserved_fields() -> &'static [&'static str] {
        &["public_key"]
    }
}

impl Editable for Inspection {
    const SCOPED: bool = false;
    const NOUN: &'static str = "检查";

    const COLUMNS: &'static [TableColumn<Self>] = &[
        TableColumn::sorted(
            ColumnSpec::date("检查日期"),
            |r, _| format_iso(r.date),
            |r, _| SortKey::Date(Some(r.date)),
        ),
        TableColumn::new(ColumnSpec::text("受检单位", 180.0), |r, lookups| lookups.unit_name(r.unit_id)),
        TableColumn::new(ColumnSpec::text("执法领域", 90.0), |r, lookups| {
            lookups.unit(r.unit_id).map(|u| u.domain.clone()).unwrap_or_default()
        }),
        TableColumn::new(ColumnSpec::wide("检查组", 240.0), |r, lookups| lookups.team(&r.inspector_ids)),
        TableColumn::new(ColumnSpec::text("录音录像编号", 150.0), |r, _| r.recording_no.clone()),
    ];

    const FIELDS: &'static [FormField<Self>] = &[
        FormField::new(
            FieldSpec::new("受检单位", |lookups| {
                FieldKind::Choice(
                    lookups
                        .units
                        .iter()
                        .map(|u| (u.id.to_string(), format!("{}（{}）", u.value.name, u.value.domain)))
                        .collect(),
                )
            })
            .required(),
            |r, _| r.unit_id.to_string(),
            |r, t, _| {
                r.unit_id = t.trim().parse().map_err(|_| "请选择受检单位".to_string())?;
                Ok(())
            },
        ),
        FormField::new(
            FieldSpec::date("检查日期").required().hint("2017-09-12"),
            |r, _| format_iso(r.date),
            |r, t, _| set_given(&mut r.date, opt_date(t)),
        ),
        FormField::new(FieldSpec::text("检查地点"), |r, _| r.place.clone(), |r, t, _| put(&mut r.place, t)),
        FormField::new(
            FieldSpec::new("检查人员", |lookups| {
                FieldKind::MultiChoice(
                    lookups.inspectors.iter().map(|i| (i.id.to_string(), i.value.name.clone())).collect(),
                )
            })
            .required(),
            |r, _| r.inspector_ids.iter().map(ToString::to_string).collect::<Vec<_>>().join(","),
            |r, t, _| {
                r.inspector_ids = split_names(t.trim()).iter().filter_map(|s| s.parse().ok()).collect();
                if r.inspector_ids.is_empty() { Err("至少选择一名检查人员".into()) } else { Ok(()) }
            },
        ),
        FormField::new(
            FieldSpec::text("录音录像编号").hint("LY-20170912-01"),
            |r, _| r.recording_no.clone(),
            |r, t, _| put(&mut r.recording_no, t),
        ),
        FormField::new(FieldSpec::multiline("备注"), |r, _| r.notes.clone(), |r, t, _| put(&mut r.notes, t)),
        FormField::new(
            FieldSpec::new("听证较大数额标准", |_| FieldKind::Choice(hearing_rules())),
            |r, _| r.hearing_rule.clone(),
            |r, t, _| put(&mut r.hearing_rule, t),
        ),
    ];

    fn preserved_fields() -> &'static [&'static str] {
        &["team_draw_id"]
    }

    fn empty(_: Id<Inspection>) -> Self {
        Inspection {
            unit_id: Id::from_uuid(uuid::Uuid::nil()),
            date: NaiveDate::default(),
            place: String::new(),
            inspector_ids: Vec::new(),
            recording_no: String::new(),
            notes: String::new(),
            hearing_rule: String::new(),
            team_draw_id: None,
        }
    }

    fn describe(&self) -> String {
        format!("{} 的检查", format_iso(self.date))
    }
}

/// The hearing-threshold rules to choose from: none (the check left out) and each shipped table.
fn hearing_rules() -> Vec<(String, String)> {
    let none = (String::new(), "不检查（尚未选定本地标准）".to_string());
    let tables = crate::reconcile::HearingTables::shipped().map(|t| t.tables).unwrap_or_default();
    std::iter::once(none).chain(tables.into_iter().map(|t| (t.id, t.name))).collect()
}
