//! Units, inspectors and inspections.

use crate::domain::dates::format_iso;
use crate::domain::taxonomy::{self, UnitKind};
use crate::domain::{Id, Inspection, Inspector, Unit};
use crate::inspection::Lookups;
use crate::inspection::split_names;
use crate::ui::editable::{ColumnSpec, Editable, Field, FieldKind, FormErrors, SortKey};

fn unit_kind_choices() -> Vec<(String, String)> {
    UnitKind::ALL.iter().map(|k| (format!("{k:?}"), k.label().to_string())).collect()
}

fn domain_choices() -> Vec<(String, String)> {
    taxonomy::DOMAINS.iter().map(|d| ((*d).to_string(), (*d).to_string())).collect()
}

impl Editable for Unit {
    const SCOPED: bool = false;
    const NOUN: &'static str = "受检单位";

    fn columns() -> &'static [ColumnSpec] {
        const COLUMNS: [ColumnSpec; 5] = [
            ColumnSpec::wide("单位名称", 200.0),
            ColumnSpec::text("执法领域", 100.0),
            ColumnSpec::text("类别", 80.0),
            ColumnSpec::text("负责人/联络员", 160.0),
            ColumnSpec::text("电话", 120.0),
        ];
        &COLUMNS
    }

    fn cell(&self, column: usize, _: &Lookups) -> String {
        match column {
            0 => self.name.clone(),
            1 => self.domain.clone(),
            2 => self.kind.label().to_string(),
            3 => self.contact.clone(),
            _ => self.phone.clone(),
        }
    }

    fn fields(_: &Lookups) -> Vec<Field> {
        vec![
            Field::new("单位名称", FieldKind::Text, true, "区综合执法局"),
            Field::new("执法领域", FieldKind::Choice(domain_choices()), true, ""),
            Field::new("单位类别", FieldKind::Choice(unit_kind_choices()), true, ""),
            Field::new("负责人/联络员", FieldKind::Text, false, ""),
            Field::new("电话", FieldKind::Text, false, ""),
            Field::new("地址", FieldKind::Text, false, ""),
        ]
    }

    fn values(&self, _: &Lookups) -> Vec<String> {
        vec![
            self.name.clone(),
            self.domain.clone(),
            format!("{:?}", self.kind),
            self.contact.clone(),
            self.phone.clone(),
            self.address.clone(),
        ]
    }

    fn blank(_: &Lookups) -> Vec<String> {
        vec![
            String::new(),
            "城管".into(),
            format!("{:?}", UnitKind::District),
            String::new(),
            String::new(),
            String::new(),
        ]
    }

    fn from_values(values: &[String], _: Option<Id<Inspection>>, _: &Lookups) -> Result<Self, Vec<(usize, String)>> {
        let mut e = FormErrors::default();
        let name = e.text(values, 0, true);
        let domain = e.text(values, 1, true);
        let kind_text = e.text(values, 2, true);
        let kind = UnitKind::ALL.into_iter().find(|k| format!("{k:?}") == kind_text).unwrap_or_default();
        let unit = Unit {
            name,
            domain,
            kind,
            contact: e.text(values, 3, false),
            phone: e.text(values, 4, false),
            address: e.text(values, 5, false),
        };
        e.finish(unit)
    }

    fn describe(&self) -> String {
        format!("受检单位“{}”", self.name)
    }
}

impl Editable for Inspector {
    const SCOPED: bool = false;
    const NOUN: &'static str = "检查人员";

    fn columns() -> &'static [ColumnSpec] {
        const COLUMNS: [ColumnSpec; 4] = [
            ColumnSpec::text("姓名", 100.0),
            ColumnSpec::wide("所在单位", 220.0),
            ColumnSpec::text("电话", 130.0),
            ColumnSpec::text("签名密钥", 160.0),
        ];
        &COLUMNS
    }

    fn cell(&self, column: usize, _: &Lookups) -> String {
        match column {
            0 => self.name.clone(),
            1 => self.organisation.clone(),
            2 => self.phone.clone(),
            _ => if self.public_key.is_some() { "已创建" } else { "未创建" }.to_string(),
        }
    }

    fn fields(_: &Lookups) -> Vec<Field> {
        vec![
            Field::new("姓名", FieldKind::Text, true, ""),
            Field::new("所在单位", FieldKind::Text, false, "区政府办公室（法制办）"),
            Field::new("电话", FieldKind::Text, false, ""),
        ]
    }

    fn values(&self, _: &Lookups) -> Vec<String> {
        vec![self.name.clone(), self.organisation.clone(), self.phone.clone()]
    }

    fn from_values(values: &[String], _: Option<Id<Inspection>>, _: &Lookups) -> Result<Self, Vec<(usize, String)>> {
        let mut e = FormErrors::default();
        let inspector = Inspector {
            name: e.text(values, 0, true),
            organisation: e.text(values, 1, false),
            phone: e.text(values, 2, false),
            public_key: None,
        };
        e.finish(inspector)
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

    fn columns() -> &'static [ColumnSpec] {
        const COLUMNS: [ColumnSpec; 5] = [
            ColumnSpec::date("检查日期"),
            ColumnSpec::text("受检单位", 180.0),
            ColumnSpec::text("执法领域", 90.0),
            ColumnSpec::wide("检查组", 240.0),
            ColumnSpec::text("录音录像编号", 150.0),
        ];
        &COLUMNS
    }

    fn cell(&self, column: usize, lookups: &Lookups) -> String {
        match column {
            0 => format_iso(self.date),
            1 => lookups.unit_name(self.unit_id),
            2 => lookups.unit(self.unit_id).map(|u| u.domain.clone()).unwrap_or_default(),
            3 => lookups.team(&self.inspector_ids),
            _ => self.recording_no.clone(),
        }
    }

    fn sort_key(&self, column: usize, lookups: &Lookups) -> SortKey {
        match column {
            0 => SortKey::Date(Some(self.date)),
            _ => SortKey::Text(self.cell(column, lookups)),
        }
    }

    fn fields(lookups: &Lookups) -> Vec<Field> {
        let units = lookups
            .units
            .iter()
            .map(|u| (u.id.to_string(), format!("{}（{}）", u.value.name, u.value.domain)))
            .collect();
        let inspectors = lookups.inspectors.iter().map(|i| (i.id.to_string(), i.value.name.clone())).collect();
        vec![
            Field::new("受检单位", FieldKind::Choice(units), true, ""),
            Field::new("检查日期", FieldKind::Date, true, "2017-09-12"),
            Field::new("检查地点", FieldKind::Text, false, ""),
            Field::new("检查人员", FieldKind::MultiChoice(inspectors), true, ""),
            Field::new("录音录像编号", FieldKind::Text, false, "LY-20170912-01"),
            Field::new("备注", FieldKind::Multiline, false, ""),
            Field::new("听证较大数额标准", FieldKind::Choice(hearing_rules()), false, ""),
        ]
    }

    fn values(&self, _: &Lookups) -> Vec<String> {
        vec![
            self.unit_id.to_string(),
            format_iso(self.date),
            self.place.clone(),
            self.inspector_ids.iter().map(ToString::to_string).collect::<Vec<_>>().join(","),
            self.recording_no.clone(),
            self.notes.clone(),
            self.hearing_rule.clone(),
        ]
    }

    fn from_values(values: &[String], _: Option<Id<Inspection>>, _: &Lookups) -> Result<Self, Vec<(usize, String)>> {
        let mut e = FormErrors::default();
        let unit = e.text(values, 0, true).parse().ok();
        if unit.is_none() {
            e.push(0, "请选择受检单位");
        }
        let date = e.date(values, 1, true);
        let place = e.text(values, 2, false);
        let inspector_ids: Vec<Id<Inspector>> =
            split_names(&e.text(values, 3, true)).iter().filter_map(|s| s.parse().ok()).collect();
        if inspector_ids.is_empty() {
            e.push(3, "至少选择一名检查人员");
        }
        let recording_no = e.text(values, 4, false);
        let notes = e.text(values, 5, false);
        let hearing_rule = e.text(values, 6, false);
        match (unit, date) {
            (Some(unit_id), Some(date)) => {
                e.finish(Inspection { unit_id, date, place, inspector_ids, recording_no, notes, hearing_rule })
            }
            _ => Err(e.0),
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
