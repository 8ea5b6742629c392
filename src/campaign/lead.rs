//! What only the team lead may write: the leading group's approval of a problem list
//! ([`Approval`]), the 销号 of a supervised problem ([`Supervision`]: closing it, changing the
//! closure, reopening it), and the 销号 of a rectification ([`Rectification`]: its status set to
//! 已整改 after it was recorded, or taken back from it — a look-back that found it 已落实 may be
//! recorded by anyone, the lead then closes it; one recorded as done on site, 立行立改, is the
//! recorder's), and what became of a clue ([`crate::domain::ClueOutcome`]). In a team's database any other laptop is refused — in the window and on
//! the command line alike; a database that belongs to no team (one inspector working alone) has
//! nobody else to ask. Every version still names its author, so a closure that arrives by merge
//! from another laptop shows who made it.

use serde_json::Value;

use crate::domain::{Approval, RecordKind, Rectification, RectificationStatus, Supervision};
use crate::store::{Store, StoreError};

/// The kinds some of whose writes only the lead may make.
pub const DECISION_KINDS: [RecordKind; 3] = [RecordKind::Approval, RecordKind::Supervision, RecordKind::ClueOutcome];

/// Whether this database may write what only the lead may: the lead's own, or one of no team.
pub fn may_decide(store: &Store) -> Result<bool, StoreError> {
    Ok(crate::team::anchor(store)?.is_none() || crate::team::is_lead(store)?)
}

/// Whether writing `new` over `old` (`None`: a record being created; `new` `None`: deleted) is a
/// decision only the lead may make.
pub fn needs_lead(kind: RecordKind, old: Option<&Value>, new: Option<&Value>) -> bool {
    match kind {
        RecordKind::Approval => {
            let approved = |v: Option<&Value>| {
                v.and_then(|v| serde_json::from_value::<Approval>(v.clone()).ok())
                    .map(|a| (a.approved_by, a.approved_on, a.document_no))
                    .filter(|(_, on, _)| on.is_some())
            };
            approved(old) != approved(new)
        }
        RecordKind::Supervision => {
            let closure = |v: Option<&Value>| {
                v.and_then(|v| serde_json::from_value::<Supervision>(v.clone()).ok())
                    .and_then(|s| s.closed_on.map(|on| (on, s.closed_reason)))
            };
            closure(old) != closure(new)
        }
        // What became of a clue: the lead's alone, whatever is written.
        RecordKind::ClueOutcome => old != new,
        // A rectification recorded as done when it is recorded (立行立改 seen on site) is the
        // recorder's to write; closing one recorded before, or reopening or deleting a closed one,
        // is the 销号.
        RecordKind::Rectification => {
            let done = |v: Option<&Value>| {
                v.and_then(|v| serde_json::from_value::<Rectification>(v.clone()).ok())
                    .is_some_and(|r| r.status == RectificationStatus::Done)
            };
            old.is_some() && done(old) != done(new)
        }
        _ => false,
    }
}

/// Refuses the write when it needs the lead and this is not the lead's database.
pub fn check(store: &Store, kind: RecordKind, old: Option<&Value>, new: Option<&Value>) -> Result<(), StoreError> {
    if needs_lead(kind, old, new) && !may_decide(store)? {
        let what = match kind {
            RecordKind::Approval => "记录或修改专项治理领导小组的审批",
            RecordKind::ClueOutcome => "登记线索的处理结果",
            RecordKind::Rectification => "为整改措施销号（标为“已整改”或撤销）",
            _ => "挂牌督办事项的销号（或撤销销号）",
        };
        return Err(StoreError::Refused(format!("只有组长可以{what}：请由组长在团队数据库中操作。")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use serde_json::json;

    use super::*;
    use crate::domain::Id;

    fn supervision(closed: Option<(u32, &str)>) -> Value {
        let day = |d| NaiveDate::from_ymd_opt(2017, 10, d).unwrap();
        json!(Supervision {
            unit_id: Id::from_uuid(uuid::Uuid::nil()),
            finding_id: None,
            reason: "罚没款长期未缴库".into(),
            responsible_leader: "局长".into(),
            started_on: day(1),
            deadline: day(31),
            steps: Vec::new(),
            evidence: String::new(),
            closed_on: closed.map(|(d, _)| day(d)),
            closed_reason: closed.map(|(_, r)| r.to_string()).unwrap_or_default(),
        })
    }

    #[test]
    fn closing_changing_or_reopening_needs_the_lead_a_step_does_not() {
        let open = supervision(None);
        let closed = supervision(Some((20, "已全部缴库，回头看核实")));
        let kind = RecordKind::Supervision;
        assert!(!needs_lead(kind, None, Some(&open)));
        assert!(needs_lead(kind, None, Some(&closed)));
        assert!(needs_lead(kind, Some(&open), Some(&closed)));
        assert!(needs_lead(kind, Some(&closed), Some(&open)), "reopening");
        assert!(needs_lead(kind, Some(&closed), Some(&supervision(Some((21, "已全部缴库，回头看核实"))))));
        assert!(needs_lead(kind, Some(&closed), None), "deleting a closed one");
        let mut with_step = open.clone();
        with_step["steps"] = json!([{"date": "2017-10-05", "note": "约谈单位负责人"}]);
        assert!(!needs_lead(kind, Some(&open), Some(&with_step)));
        assert!(!needs_lead(RecordKind::Finding, None, Some(&closed)));
    }

    fn rectification(status: RectificationStatus) -> Value {
        json!(Rectification {
            inspection_id: Id::from_uuid(uuid::Uuid::nil()),
            finding_id: Id::from_uuid(uuid::Uuid::nil()),
            measure: "补缴罚没款".into(),
            responsible: "张伟".into(),
            mode: crate::domain::RectificationMode::Deadline,
            deadline: NaiveDate::from_ymd_opt(2017, 11, 30),
            status,
            follow_ups: Vec::new(),
            attachment_ids: Vec::new(),
        })
    }

    #[test]
    fn a_rectification_is_closed_by_the_lead_only_in_a_team_database() {
        use RectificationStatus::{Done, InProgress, Promised};
        let kind = RecordKind::Rectification;
        assert!(!needs_lead(kind, None, Some(&rectification(Promised))));
        assert!(!needs_lead(kind, Some(&rectification(Promised)), Some(&rectification(InProgress))));
        assert!(needs_lead(kind, Some(&rectification(InProgress)), Some(&rectification(Done))));
        assert!(!needs_lead(kind, None, Some(&rectification(Done))), "recorded as done on site (立行立改)");
        assert!(needs_lead(kind, Some(&rectification(Done)), Some(&rectification(InProgress))), "undone");
        assert!(needs_lead(kind, Some(&rectification(Done)), None), "deleting a closed one");
        let mut reworded = rectification(Done);
        reworded["measure"] = json!("补缴罚没款并约谈经办人");
        assert!(!needs_lead(kind, Some(&rectification(Done)), Some(&reworded)), "still closed");

        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("m.db")).unwrap();
        let (open, done) = (rectification(InProgress), rectification(Done));
        assert!(check(&store, kind, Some(&open), Some(&done)).is_ok(), "alone");
        store.set_local_setting(crate::team::ANCHOR_KEY, "00").unwrap();
        store.set_local_setting(crate::team::ROLE_KEY, "member").unwrap();
        let refused = check(&store, kind, Some(&open), Some(&done)).unwrap_err();
        assert!(refused.to_string().contains("只有组长可以为整改措施销号"), "{refused}");
        assert!(check(&store, kind, Some(&done), Some(&open)).is_err(), "nor undo it");
        assert!(check(&store, kind, None, Some(&open)).is_ok(), "a member records the measure");
        // The look-back that found it kept is anyone's to record.
        let look_back = json!(crate::domain::LookBack {
            inspection_id: Id::from_uuid(uuid::Uuid::nil()),
            rectification_id: Id::from_uuid(uuid::Uuid::nil()),
            date: NaiveDate::from_ymd_opt(2017, 12, 20).unwrap(),
            by: "王喆、李娜".into(),
            outcome: crate::domain::LookBackOutcome::Kept,
            note: String::new(),
        });
        assert!(check(&store, RecordKind::LookBack, None, Some(&look_back)).is_ok());
        store.set_local_setting(crate::team::ROLE_KEY, "lead").unwrap();
        assert!(check(&store, kind, Some(&open), Some(&done)).is_ok());
    }

    #[test]
    fn a_members_laptop_is_refused_the_leads_and_a_lone_one_may() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("m.db")).unwrap();
        let closed = supervision(Some((20, "已全部缴库")));
        let open = supervision(None);
        // Alone: nobody else to ask.
        assert!(check(&store, RecordKind::Supervision, Some(&open), Some(&closed)).is_ok());
        store.set_local_setting(crate::team::ANCHOR_KEY, "00").unwrap();
        store.set_local_setting(crate::team::ROLE_KEY, "member").unwrap();
        let refused = check(&store, RecordKind::Supervision, Some(&open), Some(&closed)).unwrap_err();
        assert!(refused.to_string().contains("只有组长可以"), "{refused}");
        assert!(check(&store, RecordKind::Supervision, None, Some(&open)).is_ok(), "a member may put one on record");
        store.set_local_setting(crate::team::ROLE_KEY, "lead").unwrap();
        assert!(check(&store, RecordKind::Supervision, Some(&open), Some(&closed)).is_ok());
    }
}
