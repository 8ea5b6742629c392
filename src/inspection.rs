//! Starting an inspection: the unit, the team and the inspection record, written in one command.
//! The GUI's 新建检查 and `daocha inspection create` both come here, so they behave the same:
//! a unit with the same name and domain, or an inspector with the same name, is reused.

use chrono::NaiveDate;

use crate::domain::taxonomy::{self, UnitKind};
use crate::domain::{FieldError, Id, Inspection, Inspector, Unit};
use crate::store::{Store, StoreError};

/// What a user types to start an inspection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInspection {
    /// 受检单位名称.
    pub unit_name: String,
    /// 执法领域 (one of the plan's).
    pub domain: String,
    /// 单位类别.
    pub unit_kind: UnitKind,
    /// 检查日期.
    pub date: NaiveDate,
    /// 检查地点.
    pub place: String,
    /// 检查人员, leader first.
    pub inspectors: Vec<String>,
    /// 录音录像编号.
    pub recording_no: String,
}

/// Splits a list of names typed as `赵彧、王喆，陈昇` (or with `,;；` or spaces).
pub fn split_names(text: &str) -> Vec<String> {
    text.split(['、', '，', ',', '；', ';', ' ', '\u{3000}', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Creates the inspection (and the unit and inspectors it needs) in one command.
pub fn create(store: &mut Store, new: &NewInspection) -> Result<Id<Inspection>, StoreError> {
    let Some(domain) = taxonomy::canonical_domain(&new.domain) else {
        return Err(StoreError::Invalid(vec![FieldError::new(
            "执法领域",
            format!("“{}”不是方案所列的执法领域（可选：{}）", new.domain, taxonomy::DOMAINS.join("、")),
        )]));
    };
    if new.inspectors.is_empty() {
        return Err(StoreError::Invalid(vec![FieldError::new("检查人员", "至少需要一名检查人员")]));
    }
    let units = store.list::<Unit>()?;
    let inspectors = store.list::<Inspector>()?;
    let summary = format!("新建检查：{} {}", new.unit_name.trim(), new.date);
    store.write("inspection.create", &summary, |w| {
        let unit_id = match units.iter().find(|u| u.value.name == new.unit_name.trim() && u.value.domain == domain) {
            Some(unit) => unit.id,
            None => w.create(&Unit {
                name: new.unit_name.trim().to_string(),
                domain: domain.to_string(),
                kind: new.unit_kind,
                ..Unit::default()
            })?,
        };
        let mut team = Vec::new();
        for name in &new.inspectors {
            let id = match inspectors.iter().find(|i| &i.value.name == name) {
                Some(existing) => existing.id,
                None => w.create(&Inspector { name: name.clone(), ..Inspector::default() })?,
            };
            if !team.contains(&id) {
                team.push(id);
            }
        }
        w.create(&Inspection {
            unit_id,
            date: new.date,
            place: new.place.trim().to_string(),
            inspector_ids: team,
            recording_no: new.recording_no.trim().to_string(),
            notes: String::new(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_names_however_typed() {
        assert_eq!(split_names("赵彧、王喆，陈昇"), vec!["赵彧", "王喆", "陈昇"]);
        assert_eq!(split_names(" 赵彧 , 王喆;陈昇；"), vec!["赵彧", "王喆", "陈昇"]);
        assert!(split_names(" 、 ").is_empty());
    }

    #[test]
    fn reuses_units_and_inspectors() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("i.db")).unwrap();
        let new = NewInspection {
            unit_name: "区市场监督管理局".into(),
            domain: "市场监管".into(),
            unit_kind: UnitKind::District,
            date: NaiveDate::from_ymd_opt(2017, 9, 20).unwrap(),
            place: "局机关".into(),
            inspectors: vec!["赵彧".into(), "王喆".into()],
            recording_no: "LY-01".into(),
        };
        let first = create(&mut store, &new).unwrap();
        let second =
            create(&mut store, &NewInspection { date: NaiveDate::from_ymd_opt(2017, 9, 21).unwrap(), ..new.clone() })
                .unwrap();
        assert_ne!(first, second);
        assert_eq!(store.list::<Unit>().unwrap().len(), 1);
        assert_eq!(store.list::<Inspector>().unwrap().len(), 2);
        assert_eq!(store.require(second).unwrap().value.inspector_ids.len(), 2);
        let bad = create(&mut store, &NewInspection { domain: "宇航".into(), ..new.clone() });
        assert!(bad.unwrap_err().to_string().contains("执法领域"));
        let nobody = create(&mut store, &NewInspection { inspectors: vec![], ..new });
        assert!(nobody.unwrap_err().to_string().contains("检查人员"));
    }
}
