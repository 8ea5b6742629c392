//! What the inspector does in a stage, each one command through the store's door: mark an item
//! checked (with notes), open a stage early (team lead, logged), and confirm an automatic problem
//! into a finding (现场确认) or dismiss it with a reason. Both decisions are kept.

use crate::domain::taxonomy;
use crate::domain::{
    CaseFile, Finding, Id, Inspection, ProblemDecision, ProblemReview, RecordId, Severity, Stage, StageOverride,
    TraceMark, Unit,
};
use crate::reconcile::{Problem, Reference};
use crate::store::{Store, StoreError, Stored, Written};

/// The scoring standard in use on this laptop: the one loaded for it (local setting
/// `scoring_standard`), or the one daocha ships with.
pub fn standard_in_use(store: &Store) -> crate::scoring::Standard {
    crate::scoring::Standard::in_use(store.local_setting("scoring_standard").ok().flatten().as_deref())
}

/// Marks `target` checked (or not) in `stage` with `note`: updates the existing mark or creates one.
pub fn mark(
    store: &mut Store,
    inspection: Id<Inspection>,
    stage: Stage,
    target: RecordId,
    existing: Option<&Stored<TraceMark>>,
    checked: bool,
    note: &str,
) -> Result<Vec<Written>, StoreError> {
    let value = TraceMark {
        inspection_id: inspection,
        stage,
        target,
        checked,
        note: note.trim().to_string(),
        by: store.current_inspector(),
    };
    let summary = format!("{}：{}", stage.label(), if checked { "标记已核查" } else { "取消已核查" });
    let ((), written) = store.write_tracked("trace.mark", &summary, |w| {
        match existing {
            Some(mark) => {
                w.update(mark.id, mark.version_id, &value)?;
            }
            None => {
                w.create(&value)?;
            }
        }
        Ok(())
    })?;
    Ok(written)
}

/// A team lead opens `stage` before the one before it is complete. The reason is required and
/// the override is a record of its own (and an audit entry).
pub fn override_stage(
    store: &mut Store,
    inspection: Id<Inspection>,
    stage: Stage,
    reason: &str,
) -> Result<Vec<Written>, StoreError> {
    let value = StageOverride {
        inspection_id: inspection,
        stage,
        reason: reason.trim().to_string(),
        by: store.current_inspector(),
    };
    let summary = format!("组长放行：提前开放 {}（理由：{}）", stage.label(), reason.trim());
    let (_, written) = store.write_tracked("stage.override", &summary, |w| w.create(&value))?;
    Ok(written)
}

/// The finding an automatic problem suggests, pre-filled.
pub fn finding_from(
    inspection: Id<Inspection>,
    problem: &Problem,
    case_file_id: Option<Id<CaseFile>>,
    unit: Option<&Unit>,
) -> Finding {
    let decision_no = match &problem.reference {
        Reference::DecisionNo(no) => Some(no.clone()),
        _ => None,
    };
    let item = problem.kind.item_code();
    Finding {
        inspection_id: inspection,
        case_file_id,
        decision_no,
        category: taxonomy::item(item).map_or(0, |(c, _)| c.number),
        item: item.to_string(),
        facts: problem.message.clone(),
        legal_basis: String::new(),
        severity: Severity::Minor,
        confirmed_on_site: true,
        confirmed_by: unit.map(|u| u.contact.clone()).unwrap_or_default(),
        suggestion: String::new(),
        attachment_ids: Vec::new(),
        source: Some(problem.key()),
        typical: false,
        recorded_at: None,
    }
}

/// Confirms a problem on site: a finding and the review that points to it, in one command.
pub fn confirm(
    store: &mut Store,
    inspection: Id<Inspection>,
    problem: &Problem,
    case_file_id: Option<Id<CaseFile>>,
) -> Result<(Id<Finding>, Vec<Written>), StoreError> {
    already_reviewed(store, inspection, problem)?;
    // Confirmed in its own stage, once that stage is open (先收据、再台账、后案卷).
    let stage = super::stages::stage_of(problem.kind);
    if stage != crate::domain::Stage::Receipts && !super::stages::load_overview(store, inspection)?.stage(stage).open {
        return Err(StoreError::Refused(format!(
            "该问题属于“{}”阶段，该阶段尚未开放，不能现场确认：请先完成前一阶段的核查（或由组长提前放行）。",
            stage.label()
        )));
    }
    let unit = store.require(inspection).and_then(|i| store.require(i.value.unit_id)).ok().map(|u| u.value);
    let mut finding = finding_from(inspection, problem, case_file_id, unit.as_ref());
    finding.recorded_at = Some(store.beijing_now());
    let by = store.current_inspector();
    let summary = format!("现场确认问题：{}", problem.message);
    store.write_tracked("problem.confirm", &summary, |w| {
        let finding_id = w.create(&finding)?;
        w.create(&ProblemReview {
            inspection_id: inspection,
            problem_key: problem.key(),
            decision: ProblemDecision::Confirmed { finding_id },
            by,
        })?;
        Ok(finding_id)
    })
}

/// Dismisses a problem with a reason (kept, like a confirmation).
pub fn dismiss(
    store: &mut Store,
    inspection: Id<Inspection>,
    problem: &Problem,
    reason: &str,
) -> Result<Vec<Written>, StoreError> {
    if reason.trim().is_empty() {
        return Err(StoreError::Invalid(vec![crate::domain::FieldError::new("排除理由", "请写明排除的理由")]));
    }
    already_reviewed(store, inspection, problem)?;
    let review = ProblemReview {
        inspection_id: inspection,
        problem_key: problem.key(),
        decision: ProblemDecision::Dismissed { reason: reason.trim().to_string() },
        by: store.current_inspector(),
    };
    let summary = format!("排除问题：{}（理由：{}）", problem.message, reason.trim());
    let (_, written) = store.write_tracked("problem.dismiss", &summary, |w| w.create(&review))?;
    Ok(written)
}

/// A problem is confirmed or dismissed once; to change the decision, undo it first.
fn already_reviewed(store: &Store, inspection: Id<Inspection>, problem: &Problem) -> Result<(), StoreError> {
    if reviews(store, inspection)?.contains_key(&problem.key()) {
        return Err(StoreError::Invalid(vec![crate::domain::FieldError::new(
            "问题",
            format!("“{}”已确认或排除过；如需改变，请先撤销原来的处理", problem.kind.label()),
        )]));
    }
    Ok(())
}

/// The review of each problem key (the latest by id, if several were merged).
pub fn reviews(
    store: &Store,
    inspection: Id<Inspection>,
) -> Result<std::collections::HashMap<String, Stored<ProblemReview>>, StoreError> {
    let mut all: Vec<Stored<ProblemReview>> = store.list_in(inspection)?;
    all.sort_by_key(|r| r.id);
    Ok(all.into_iter().map(|r| (r.value.problem_key.clone(), r)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Population, SampleMethod};
    use crate::inspection::stages::overview;
    use crate::inspection::{MaterialSet, draw_sample, samples};
    use crate::sampling::Request;

    /// The demo's inspection without its on-site work.
    fn demo() -> (tempfile::TempDir, Store, Id<Inspection>) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("d.db")).unwrap();
        let summary = crate::demo::populate(&mut store).unwrap();
        (dir, store, summary.inspection_id)
    }

    fn view(store: &Store, id: Id<Inspection>) -> crate::inspection::stages::Overview {
        let material = MaterialSet::load(store, id).unwrap();
        let mut all = samples(store, id, Population::Receipts).unwrap();
        all.extend(samples(store, id, Population::Ledger).unwrap());
        all.extend(samples(store, id, Population::Cases).unwrap());
        overview(&material, &all, &store.list_in(id).unwrap(), &store.list_in(id).unwrap())
    }

    #[test]
    fn stages_open_in_order_and_the_gate_can_be_overridden() {
        let (_dir, mut store, id) = demo();
        let o = view(&store, id);
        assert!(o.stage(Stage::Receipts).open);
        assert!(!o.stage(Stage::Ledger).open, "no receipts sampled yet");
        let request = Request { method: SampleMethod::Srs, size: 3, seed: "6-1-4".into(), year: None, strata: None };
        draw_sample(&mut store, id, Population::Receipts, &request).unwrap();
        let o = view(&store, id);
        let items = o.stage(Stage::Receipts).items.clone();
        assert_eq!(items.len(), 3);
        assert!(!o.stage(Stage::Ledger).open);
        // Stage 2 already lists the ledger entries the receipts trace to.
        assert!(o.stage(Stage::Ledger).items.iter().all(|i| i.origin == crate::inspection::stages::Origin::Traced));
        for (n, item) in items.iter().enumerate() {
            mark(&mut store, id, Stage::Receipts, item.target, None, true, "已核对原件").unwrap();
            let o = view(&store, id);
            assert_eq!(o.stage(Stage::Ledger).open, n == 2, "stage 2 opens only when all are checked");
        }
        // Un-checking one closes the gate again.
        let o = view(&store, id);
        let first = o.stage(Stage::Receipts).items[0].clone();
        mark(&mut store, id, Stage::Receipts, first.target, first.mark.as_ref(), false, "").unwrap();
        let o = view(&store, id);
        assert!(!o.stage(Stage::Ledger).open);
        assert!(!o.stage(Stage::Cases).open);
        // The lead opens stage 3 early: logged with a reason.
        assert!(override_stage(&mut store, id, Stage::Cases, "  ").is_err());
        let audits = store.audit_count().unwrap();
        override_stage(&mut store, id, Stage::Cases, "单位负责人需提前离开，先查案卷").unwrap();
        assert_eq!(store.audit_count().unwrap(), audits + 1);
        let o = view(&store, id);
        assert!(o.stage(Stage::Cases).open && o.stage(Stage::Cases).opened_by_override.is_some());
        assert!(!o.stage(Stage::Ledger).open);
    }

    #[test]
    fn a_problem_is_confirmed_into_a_finding_or_dismissed_and_both_are_kept() {
        let (_dir, mut store, id) = demo();
        let problems = MaterialSet::load(&store, id).unwrap().plain().check(&Default::default());
        let unpaid = problems.iter().find(|p| p.kind == crate::reconcile::ProblemKind::Unpaid).unwrap();
        // A ledger problem is confirmed once stage 2 is open: closed, it is refused.
        let refused = confirm(&mut store, id, unpaid, None).unwrap_err();
        assert!(refused.to_string().contains("尚未开放"), "{refused}");
        override_stage(&mut store, id, Stage::Ledger, "测试：先查台账").unwrap();
        let gap = problems.iter().find(|p| p.kind == crate::reconcile::ProblemKind::ReceiptNoGap).unwrap();
        let (finding_id, written) = confirm(&mut store, id, unpaid, None).unwrap();
        assert_eq!(written.len(), 2);
        let finding = store.require(finding_id).unwrap().value;
        assert_eq!((finding.category, finding.item.as_str()), (3, "3.4"));
        assert!(finding.confirmed_on_site);
        assert_eq!(finding.confirmed_by, "孙立堃（法制科科长）");
        assert_eq!(finding.source.as_deref(), Some(unpaid.key().as_str()));
        assert!(dismiss(&mut store, id, gap, "").is_err());
        dismiss(&mut store, id, gap, "收据作废，原件在存根中").unwrap();
        // Each problem is decided once.
        assert!(confirm(&mut store, id, unpaid, None).is_err());
        assert!(dismiss(&mut store, id, unpaid, "再次").is_err());
        let reviews = reviews(&store, id).unwrap();
        assert!(
            matches!(reviews[&unpaid.key()].value.decision, ProblemDecision::Confirmed { finding_id: f } if f == finding_id)
        );
        assert!(
            matches!(&reviews[&gap.key()].value.decision, ProblemDecision::Dismissed { reason } if reason.contains("作废"))
        );
    }
}
