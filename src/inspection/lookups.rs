//! Names and lists a table or a message needs beside a record: the units, inspectors,
//! inspections, findings, rectifications and recordings of the database, and today by its clock. Read once per
//! change (GUI) or once per command (CLI).

use chrono::NaiveDate;

use crate::domain::{Finding, Id, Inspection, Inspector, Recording, Rectification, Unit};
use crate::store::{Store, StoreError, Stored};

/// Names of the small, shared records that other records point at.
#[derive(Debug, Clone)]
pub struct Lookups {
    /// All units.
    pub units: Vec<Stored<Unit>>,
    /// All inspectors.
    pub inspectors: Vec<Stored<Inspector>>,
    /// All inspections.
    pub inspections: Vec<Stored<Inspection>>,
    /// All findings (for choosing the finding a rectification answers).
    pub findings: Vec<Stored<Finding>>,
    /// All recording references (for a finding's place in the recordings).
    pub recordings: Vec<Stored<Recording>>,
    /// All rectifications (for choosing the one a look-back is about).
    pub rectifications: Vec<Stored<Rectification>>,
    /// Today, by the store's clock (rectifications become 逾期 after their deadline).
    pub today: NaiveDate,
}

impl Lookups {
    /// Reads them from the store.
    pub fn load(store: &Store) -> Result<Lookups, StoreError> {
        Ok(Lookups {
            units: store.list()?,
            inspectors: store.list()?,
            inspections: store.list()?,
            findings: store.list()?,
            recordings: store.list()?,
            rectifications: store.list()?,
            today: store.today(),
        })
    }

    /// The unit's name, or a marker if it is gone.
    pub fn unit_name(&self, id: Id<Unit>) -> String {
        self.units.iter().find(|u| u.id == id).map_or_else(|| "（已删除的单位）".to_string(), |u| u.value.name.clone())
    }

    /// The unit.
    pub fn unit(&self, id: Id<Unit>) -> Option<&Unit> {
        self.units.iter().find(|u| u.id == id).map(|u| &u.value)
    }

    /// The inspector's name.
    pub fn inspector_name(&self, id: Id<Inspector>) -> String {
        self.inspectors.iter().find(|i| i.id == id).map_or_else(|| "（已删除）".to_string(), |i| i.value.name.clone())
    }

    /// The team, leader first, as `赵彧（组长）、王喆`.
    pub fn team(&self, ids: &[Id<Inspector>]) -> String {
        ids.iter()
            .enumerate()
            .map(
                |(i, id)| {
                    if i == 0 { format!("{}（组长）", self.inspector_name(*id)) } else { self.inspector_name(*id) }
                },
            )
            .collect::<Vec<_>>()
            .join("、")
    }

    /// The inspection.
    pub fn inspection(&self, id: Id<Inspection>) -> Option<&Stored<Inspection>> {
        self.inspections.iter().find(|i| i.id == id)
    }

    /// e.g. `区综合执法局 · 2017-09-12`.
    pub fn inspection_title(&self, id: Id<Inspection>) -> String {
        self.inspection(id).map_or_else(
            || "（已删除的检查）".to_string(),
            |i| format!("{} · {}", self.unit_name(i.value.unit_id), i.value.date),
        )
    }
}
