//! What the team lead reviews after merging: conflicts (records with several heads, shown field
//! by field with who made each side), probable duplicates (the same real thing created on two
//! laptops), and back-to-back reviews (two inspectors' scores of the same case).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::domain::records::RecordKind;
use crate::domain::{
    CaseFile, DuplicateLink, Id, Inspector, LedgerEntry, Receipt, RecordId, Score, ScoreItem, Unit, VersionId,
};
use crate::store::{Store, StoreError, Stored, Written};

/// One side of a conflict.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    /// The head version.
    pub version_id: VersionId,
    /// Who wrote it.
    pub author: String,
    /// When (RFC 3339).
    pub created_at: String,
    /// Its content (`None`: deleted on that side).
    pub content: Option<Value>,
}

/// A record with more than one head.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// The record.
    pub record_id: RecordId,
    /// Its kind.
    pub kind: RecordKind,
    /// The heads, oldest first.
    pub sides: Vec<Side>,
}

impl Conflict {
    /// The top-level fields whose values differ between the sides, in name order.
    pub fn differing_fields(&self) -> Vec<String> {
        let mut keys: Vec<String> = self
            .sides
            .iter()
            .filter_map(|s| s.content.as_ref().and_then(Value::as_object))
            .flat_map(|o| o.keys().cloned())
            .collect();
        keys.sort();
        keys.dedup();
        keys.into_iter()
            .filter(|k| {
                let values: Vec<Option<&Value>> =
                    self.sides.iter().map(|s| s.content.as_ref().and_then(|c| c.get(k))).collect();
                values.windows(2).any(|w| w[0] != w[1])
            })
            .collect()
    }

    /// The content made by taking each field from the side chosen for it (`choice[field]` is a
    /// side index; fields not listed come from side 0).
    pub fn combine(&self, choice: &BTreeMap<String, usize>) -> Option<Value> {
        let mut base = self.sides.first()?.content.clone()?;
        let object = base.as_object_mut()?;
        for (field, side) in choice {
            match self.sides.get(*side).and_then(|s| s.content.as_ref()).and_then(|c| c.get(field)) {
                Some(value) => {
                    object.insert(field.clone(), value.clone());
                }
                None => {
                    object.remove(field);
                }
            }
        }
        Some(base)
    }
}

/// Every record with more than one head.
pub fn conflicts(store: &Store) -> Result<Vec<Conflict>, StoreError> {
    let inspectors: BTreeMap<String, String> =
        store.list::<Inspector>()?.into_iter().map(|i| (i.id.to_string(), i.value.name)).collect();
    let mut stmt = store.conn().prepare(
        "SELECT c.record_id, c.kind, v.version_id, v.author_id, v.created_at, v.content
         FROM current c JOIN heads h ON h.record_id = c.record_id JOIN versions v ON v.version_id = h.version_id
         WHERE c.n_heads > 1 ORDER BY c.record_id, v.created_at, v.version_id",
    )?;
    let mut rows = stmt.query([])?;
    let mut out: Vec<Conflict> = Vec::new();
    while let Some(row) = rows.next()? {
        let record: String = row.get(0)?;
        let kind: String = row.get(1)?;
        let version: String = row.get(2)?;
        let author: Option<String> = row.get(3)?;
        let content: Option<String> = row.get(5)?;
        let record_id: RecordId = record.parse().map_err(|_| StoreError::Corrupt(format!("记录号 {record}")))?;
        let side = Side {
            version_id: version.parse().map_err(|_| StoreError::Corrupt(format!("版本号 {version}")))?,
            author: author.and_then(|a| inspectors.get(&a).cloned()).unwrap_or_else(|| "（未知）".into()),
            created_at: row.get(4)?,
            content: content.map(|c| serde_json::from_str(&c)).transpose()?,
        };
        match out.last_mut() {
            Some(last) if last.record_id == record_id => last.sides.push(side),
            _ => out.push(Conflict {
                record_id,
                kind: RecordKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("类型 {kind}")))?,
                sides: vec![side],
            }),
        }
    }
    Ok(out)
}

/// Resolves a conflict with `content` (chosen or combined): a new version over every head.
pub fn resolve(store: &mut Store, conflict: &Conflict, content: Option<&Value>) -> Result<VersionId, StoreError> {
    let summary = format!("处理冲突：{} {}", conflict.kind.label(), conflict.record_id);
    store.write("conflict.resolve", &summary, |w| w.resolve(conflict.record_id, conflict.kind, content))
}

/// Records that probably stand for the same real thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// What they share, e.g. 收据编号 0016001（区综合执法局）.
    pub what: String,
    /// The kind.
    pub kind: RecordKind,
    /// The records.
    pub records: Vec<RecordId>,
    /// The lead's decision, if made (for these records, or for more that include them).
    pub decision: Option<DuplicateLink>,
    /// The unit itself used one receipt number for different payments (amounts, payers or
    /// dates differ): not a leftover of two inspectors' entries but a sign of 弄虚作假 (2.10),
    /// to be dealt with as a problem of the receipts stage, not linked away here.
    pub reused_number: bool,
}

/// Records the lead's decision on `duplicate`: the same real thing (`same`; the first record is
/// the one to keep) or different things. A new record; nothing else changes. Returns what was
/// written and its summary (确认为同一记录：…).
pub fn decide_duplicate(
    store: &mut Store,
    duplicate: &Duplicate,
    same: bool,
    note: &str,
) -> Result<(Vec<Written>, String), StoreError> {
    let link =
        DuplicateLink { kind: duplicate.kind, records: duplicate.records.clone(), same, note: note.trim().into() };
    let summary = format!("{}：{}", if same { "确认为同一记录" } else { "确认不是重复" }, duplicate.what);
    let (_, written) = store.write_tracked("duplicate.decide", &summary, |w| w.create(&link))?;
    Ok((written, summary))
}

/// Units with the same name and domain; decision numbers or receipt numbers repeated within a
/// unit (across its inspections).
pub fn probable_duplicates(store: &Store) -> Result<Vec<Duplicate>, StoreError> {
    let mut out = Vec::new();
    let units: Vec<Stored<Unit>> = store.list()?;
    let mut by_name: BTreeMap<(String, String), Vec<RecordId>> = BTreeMap::new();
    for u in &units {
        by_name.entry((u.value.name.trim().to_string(), u.value.domain.clone())).or_default().push(u.id.untyped());
    }
    for ((name, domain), ids) in by_name {
        if ids.len() > 1 {
            out.push(Duplicate {
                what: format!("受检单位 {name}（{domain}）"),
                kind: RecordKind::Unit,
                records: ids,
                decision: None,
                reused_number: false,
            });
        }
    }
    let unit_of: BTreeMap<RecordId, String> = store
        .list::<crate::domain::Inspection>()?
        .into_iter()
        .map(|i| {
            (
                i.id.untyped(),
                units.iter().find(|u| u.id == i.value.unit_id).map(|u| u.value.name.clone()).unwrap_or_default(),
            )
        })
        .collect();
    let mut group = |kind: RecordKind, label: &str, items: Vec<(RecordId, RecordId, String)>| {
        let mut map: BTreeMap<(String, String), Vec<RecordId>> = BTreeMap::new();
        for (id, inspection, key) in items {
            let unit = unit_of.get(&inspection).cloned().unwrap_or_default();
            map.entry((unit, key)).or_default().push(id);
        }
        for ((unit, key), ids) in map {
            if ids.len() > 1 {
                out.push(Duplicate {
                    what: format!("{label} {key}（{unit}）"),
                    kind,
                    records: ids,
                    decision: None,
                    reused_number: false,
                });
            }
        }
    };
    let ledger: Vec<Stored<LedgerEntry>> = store.list()?;
    group(
        RecordKind::LedgerEntry,
        "台账决定书文号",
        ledger
            .iter()
            .map(|e| (e.id.untyped(), e.value.inspection_id.untyped(), e.value.decision_no.to_string()))
            .collect(),
    );
    let cases: Vec<Stored<CaseFile>> = store.list()?;
    group(
        RecordKind::CaseFile,
        "案卷决定书文号",
        cases
            .iter()
            .map(|c| (c.id.untyped(), c.value.inspection_id.untyped(), c.value.decision_no.to_string()))
            .collect(),
    );
    let receipts: Vec<Stored<Receipt>> = store.list()?;
    group(
        RecordKind::Receipt,
        "收据编号",
        receipts.iter().map(|r| (r.id.untyped(), r.value.inspection_id.untyped(), r.value.key())).collect(),
    );
    // One number on different payments is the unit's doing, whatever the inspectors did.
    let payment = |r: &Receipt| (r.amount, r.date, r.payer.trim().to_string(), r.decision_no.clone());
    let receipt_by_id: BTreeMap<RecordId, &Receipt> = receipts.iter().map(|r| (r.id.untyped(), &r.value)).collect();
    for d in out.iter_mut().filter(|d| d.kind == RecordKind::Receipt) {
        let mut payments = d.records.iter().filter_map(|id| receipt_by_id.get(id)).map(|r| payment(r));
        let first = payments.next();
        d.reused_number = payments.any(|p| Some(&p) != first.as_ref());
    }
    // A decision covers a group when it names every record of it (a later merge that brings a
    // third copy asks again). The latest decision counts.
    let mut links: Vec<Stored<DuplicateLink>> = store.list()?;
    links.sort_by_key(|l| l.version_id);
    for d in &mut out {
        d.decision = links
            .iter()
            .rev()
            .find(|l| l.value.kind == d.kind && d.records.iter().all(|r| l.value.records.contains(r)))
            .map(|l| l.value.clone());
    }
    Ok(out)
}

/// Two or more inspectors' reviews of the same case file (背靠背评查).
#[derive(Debug, Clone, PartialEq)]
pub struct BackToBack {
    /// The case.
    pub case_file_id: Id<CaseFile>,
    /// Its decision number.
    pub decision_no: String,
    /// Each reviewer's name and items.
    pub reviews: Vec<(String, Vec<ScoreItem>)>,
    /// The item ids where the reviewers differ.
    pub differing_items: Vec<String>,
}

/// Cases scored by more than one inspector.
pub fn back_to_back(store: &Store) -> Result<Vec<BackToBack>, StoreError> {
    let inspectors: BTreeMap<Id<Inspector>, String> =
        store.list::<Inspector>()?.into_iter().map(|i| (i.id, i.value.name)).collect();
    let cases: BTreeMap<Id<CaseFile>, String> =
        store.list::<CaseFile>()?.into_iter().map(|c| (c.id, c.value.decision_no.to_string())).collect();
    let mut by_case: BTreeMap<Id<CaseFile>, Vec<Score>> = BTreeMap::new();
    for s in store.list::<Score>()? {
        by_case.entry(s.value.case_file_id).or_default().push(s.value);
    }
    let mut out = Vec::new();
    for (case, scores) in by_case {
        let mut reviewers: Vec<Option<Id<Inspector>>> = scores.iter().map(|s| s.by).collect();
        reviewers.sort();
        reviewers.dedup();
        if reviewers.len() < 2 {
            continue;
        }
        let mut ids: Vec<String> = scores.iter().flat_map(|s| s.items.iter().map(|i| i.item_id.clone())).collect();
        ids.sort();
        ids.dedup();
        let differing_items = ids
            .into_iter()
            .filter(|id| {
                let outcomes: Vec<_> =
                    scores.iter().map(|s| s.items.iter().find(|i| &i.item_id == id).map(|i| &i.outcome)).collect();
                outcomes.windows(2).any(|w| w[0] != w[1])
            })
            .collect();
        out.push(BackToBack {
            case_file_id: case,
            decision_no: cases.get(&case).cloned().unwrap_or_default(),
            reviews: scores
                .iter()
                .map(|s| {
                    (
                        s.by.and_then(|b| inspectors.get(&b).cloned()).unwrap_or_else(|| "（未知）".into()),
                        s.items.clone(),
                    )
                })
                .collect(),
            differing_items,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receipt_number_typed_with_spaces_is_the_same_receipt_for_import_and_merge() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = crate::demo::create_demo(&dir.path().join("d.db")).unwrap();
        let original: Stored<Receipt> = store.list().unwrap().remove(0);
        let padded = Receipt { receipt_no: format!(" {} ", original.value.receipt_no), ..original.value.clone() };
        assert_eq!(padded.key(), original.value.key());
        let copy = store.write("receipt.create", "再录一遍", |w| w.create(&padded)).unwrap();
        let listed = probable_duplicates(&store).unwrap();
        let group = listed.iter().find(|d| d.records.contains(&copy.untyped())).expect("the copy is listed");
        assert_eq!(group.kind, RecordKind::Receipt);
        assert_eq!(group.records, vec![original.id.untyped(), copy.untyped()], "{listed:?}");
        assert!(!group.reused_number, "the same payment entered twice is a leftover, not the unit's doing");
    }

    #[test]
    fn one_receipt_number_on_two_payments_is_the_units_doing_not_a_duplicate_entry() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = crate::demo::create_demo(&dir.path().join("d.db")).unwrap();
        let receipts: Vec<Stored<Receipt>> = store.list().unwrap();
        let listed = probable_duplicates(&store).unwrap();
        let reused: Vec<_> = listed.iter().filter(|d| d.reused_number).collect();
        assert_eq!(reused.len(), 1, "the demo unit reuses one number: {listed:?}");
        let numbers: Vec<&str> = reused[0]
            .records
            .iter()
            .map(|id| receipts.iter().find(|r| r.id.untyped() == *id).unwrap().value.receipt_no.as_str())
            .collect();
        assert_eq!(numbers.len(), 2);
        assert_eq!(numbers[0], numbers[1]);
    }
}
