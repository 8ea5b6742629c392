use super::*;
use crate::domain::{Id, Inspection, OfficerRef};
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, day)
}

fn no(n: u32) -> DecisionNo {
    DecisionNo::parse(&format!("鲅综执罚〔2017〕{n}号")).unwrap()
}

fn scope() -> Id<Inspection> {
    Id::from_uuid(uuid::Uuid::nil())
}

fn officer(name: &str, cert: &str) -> Officer {
    Officer {
        inspection_id: scope(),
        name: name.into(),
        cert_no: cert.into(),
        valid_until: d(2019, 12, 31),
        category: OfficerCategory::Officer,
        as_written: Default::default(),
    }
}

/// A clean world: decision n, fined 1,000 yuan, paid by one receipt, a proper case file.
struct World {
    receipts: Vec<Receipt>,
    ledger: Vec<LedgerEntry>,
    cases: Vec<CaseFile>,
    officers: Vec<Officer>,
}

impl World {
    fn clean(n: u32) -> World {
        let mut w = World {
            receipts: vec![],
            ledger: vec![],
            cases: vec![],
            officers: vec![officer("刘海涛", "21080160101"), officer("周建华", "21080160102")],
        };
        for i in 1..=n {
            w.ledger.push(LedgerEntry {
                inspection_id: scope(),
                case_no: format!("立{i}"),
                decision_no: no(i),
                party: format!("当事人{i}"),
                violation: "占道经营".into(),
                filing_date: d(2017, 3, 1),
                decision_date: d(2017, 3, 20),
                fine: Fen::from_yuan(1000),
                confiscation: Fen::ZERO,
                execution: "已缴清".into(),
                as_written: Default::default(),
            });
            w.receipts.push(Receipt {
                inspection_id: scope(),
                receipt_no: format!("{:07}", 16_000 + i),
                date: d(2017, 3, 25),
                payer: format!("当事人{i}"),
                amount: Fen::from_yuan(1000),
                decision_no: Some(no(i)),
                payee: String::new(),
                as_written: Default::default(),
            });
            w.cases.push(CaseFile {
                inspection_id: scope(),
                decision_no: no(i),
                filing_date: d(2017, 3, 1),
                notice_date: d(2017, 3, 15),
                hearing: String::new(),
                decision_date: d(2017, 3, 20),
                service_date: d(2017, 3, 21),
                execution_date: d(2017, 3, 25),
                closing_date: d(2017, 3, 30),
                officers: vec![
                    OfficerRef { name: "刘海涛".into(), cert_no: "21080160101".into() },
                    OfficerRef { name: "周建华".into(), cert_no: "21080160102".into() },
                ],
                as_written: Default::default(),
            });
        }
        w
    }

    fn problems(&self) -> Vec<Problem> {
        check(
            Material {
                receipts: &refs(&self.receipts),
                ledger: &refs(&self.ledger),
                cases: &refs(&self.cases),
                officers: &refs(&self.officers),
            },
            &CheckConfig::default(),
        )
    }

    fn kinds(&self) -> Vec<ProblemKind> {
        self.problems().iter().map(|p| p.kind).collect()
    }
}

#[test]
fn a_clean_world_has_no_problems() {
    assert_eq!(World::clean(5).problems(), vec![]);
}

#[test]
fn receipt_without_ledger() {
    let mut w = World::clean(2);
    w.receipts[1].decision_no = Some(no(99));
    w.receipts.push(Receipt { decision_no: None, receipt_no: "0016003".into(), ..w.receipts[0].clone() });
    let p = w.problems();
    let found: Vec<_> = p.iter().filter(|p| p.kind == ProblemKind::ReceiptWithoutLedger).collect();
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].reference, Reference::ReceiptNo("0016002".into()));
    assert!(found[0].message.contains("查无记录"));
    assert_eq!(found[0].category(), 4);
}

#[test]
fn unpaid_and_amount_mismatch() {
    let mut w = World::clean(3);
    w.receipts.retain(|r| r.decision_no != Some(no(1)));
    w.receipts[0].amount = Fen::from_yuan(500); // decision 2
    let p = w.problems();
    assert!(p.iter().any(|p| p.kind == ProblemKind::Unpaid && p.reference == Reference::DecisionNo(no(1))));
    let mismatch = p.iter().find(|p| p.kind == ProblemKind::AmountMismatch).unwrap();
    assert_eq!(mismatch.reference, Reference::DecisionNo(no(2)));
    assert!(mismatch.message.contains("相差 500.00 元"), "{}", mismatch.message);
    // Two instalments that add up are fine; a zero fine with no receipt is fine.
    let mut w = World::clean(1);
    w.receipts[0].amount = Fen::from_yuan(400);
    w.receipts.push(Receipt { receipt_no: "0016002".into(), amount: Fen::from_yuan(600), ..w.receipts[0].clone() });
    assert!(!w.kinds().contains(&ProblemKind::AmountMismatch));
    w.ledger[0].fine = Fen::ZERO;
    w.receipts.clear();
    assert!(!w.kinds().contains(&ProblemKind::Unpaid));
}

#[test]
fn ledger_without_case_and_case_without_ledger() {
    let mut w = World::clean(3);
    w.cases.remove(0);
    w.ledger.remove(2);
    w.receipts.remove(2);
    let p = w.problems();
    assert!(p.iter().any(|p| p.kind == ProblemKind::LedgerWithoutCase && p.reference == Reference::DecisionNo(no(1))));
    assert!(p.iter().any(|p| p.kind == ProblemKind::CaseWithoutLedger && p.reference == Reference::DecisionNo(no(3))));
}

#[test]
fn dates_out_of_order() {
    let mut w = World::clean(2);
    w.receipts[0].date = d(2017, 3, 10); // before the 3-20 decision
    w.ledger[1].filing_date = d(2017, 3, 25); // after the decision
    let p = w.problems();
    assert!(
        p.iter().any(|p| p.kind == ProblemKind::ReceiptBeforeDecision && p.reference == Reference::DecisionNo(no(1)))
    );
    assert!(
        p.iter().any(|p| p.kind == ProblemKind::DecisionBeforeFiling && p.reference == Reference::DecisionNo(no(2)))
    );
    // A receipt on the day of the decision is fine.
    let mut w = World::clean(1);
    w.receipts[0].date = d(2017, 3, 20);
    assert!(!w.kinds().contains(&ProblemKind::ReceiptBeforeDecision));
}

#[test]
fn receipt_numbers_duplicated_and_missing() {
    let mut w = World::clean(6);
    w.receipts[1].receipt_no = w.receipts[0].receipt_no.clone(); // 0016001 twice, so 0016002 missing
    w.receipts.remove(4); // 0016005 missing
    w.ledger.remove(4);
    w.cases.remove(4);
    let p = w.problems();
    let dup: Vec<_> = p.iter().filter(|p| p.kind == ProblemKind::DuplicateReceiptNo).collect();
    assert_eq!(dup.len(), 1);
    assert_eq!(dup[0].reference, Reference::ReceiptNo("0016001".into()));
    let gaps: Vec<_> = p.iter().filter(|p| p.kind == ProblemKind::ReceiptNoGap).collect();
    assert_eq!(gaps.len(), 2);
    assert_eq!(gaps[0].reference, Reference::ReceiptNo("0016002".into()));
    assert_eq!(gaps[1].reference, Reference::ReceiptNo("0016005".into()));
    assert_eq!(gaps[1].last_missing.as_deref(), Some("0016005"));
    let json = serde_json::to_value(gaps[1]).unwrap();
    assert_eq!(json["receipt_no"], "0016005");
    // A wider gap names first and last; prefixed series are handled apart.
    let mut w = World::clean(1);
    for n in ["A0010", "A0014", "B0001", "B0002"] {
        w.receipts.push(Receipt { receipt_no: n.into(), ..w.receipts[0].clone() });
    }
    let gaps: Vec<_> = w.problems().into_iter().filter(|p| p.kind == ProblemKind::ReceiptNoGap).collect();
    assert_eq!(gaps.len(), 1);
    assert_eq!(gaps[0].reference, Reference::ReceiptNo("A0011".into()));
    assert_eq!(gaps[0].last_missing.as_deref(), Some("A0013"));
    assert!(gaps[0].message.contains("共 3 张"));
}

#[test]
fn overdue_case() {
    let mut w = World::clean(2);
    w.ledger[0].filing_date = d(2016, 12, 1); // 109 days before 2017-03-20
    w.ledger[1].filing_date = d(2016, 12, 20); // 90 days: not overdue
    let p: Vec<_> = w.problems().into_iter().filter(|p| p.kind == ProblemKind::OverdueCase).collect();
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].reference, Reference::DecisionNo(no(1)));
}

#[test]
fn repeated_party() {
    let mut w = World::clean(4);
    for (i, date) in [(0, d(2017, 1, 5)), (1, d(2017, 6, 1)), (2, d(2017, 12, 30))] {
        w.ledger[i].party = "营口鑫源烧烤店".into();
        w.ledger[i].decision_date = date;
        w.ledger[i].filing_date = date;
        w.receipts[i].date = date;
    }
    let p: Vec<_> = w.problems().into_iter().filter(|p| p.kind == ProblemKind::RepeatedParty).collect();
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].reference, Reference::Party("营口鑫源烧烤店".into()));
    // Spread over more than a year: not repeated.
    w.ledger[2].decision_date = d(2018, 1, 10);
    assert!(!w.kinds().contains(&ProblemKind::RepeatedParty));
}

#[test]
fn unequal_penalty() {
    let mut w = World::clean(3);
    w.ledger[2].fine = Fen::from_yuan(3000); // exactly 3×: allowed
    w.receipts[2].amount = Fen::from_yuan(3000);
    assert!(!w.kinds().contains(&ProblemKind::UnequalPenalty));
    w.ledger[2].fine = Fen::from_yuan(3001);
    w.receipts[2].amount = Fen::from_yuan(3001);
    let p: Vec<_> = w.problems().into_iter().filter(|p| p.kind == ProblemKind::UnequalPenalty).collect();
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].reference, Reference::Violation("占道经营".into()));
    assert_eq!(p[0].category(), 2);
}

#[test]
fn officers_and_certificates() {
    let mut w = World::clean(5);
    w.officers.push(Officer { category: OfficerCategory::Auxiliary, ..officer("宋金堃", "") });
    w.officers.push(Officer { valid_until: d(2017, 3, 1), ..officer("林磊", "21080160107") });
    w.cases[0].officers.truncate(1);
    w.cases[1].officers[1] = OfficerRef { name: "曹国栋".into(), cert_no: "999".into() };
    w.cases[2].officers[1] = OfficerRef { name: "林磊".into(), cert_no: "21080160107".into() };
    w.cases[3].officers[1] = OfficerRef { name: "宋金堃".into(), cert_no: String::new() };
    w.cases[4].officers[1] = OfficerRef { name: "周建华".into(), cert_no: "wrong".into() };
    let p = w.problems();
    let of = |kind| p.iter().filter(|p| p.kind == kind).map(|p| p.reference.clone()).collect::<Vec<_>>();
    assert_eq!(of(ProblemKind::SingleOfficer), vec![Reference::DecisionNo(no(1))]);
    assert_eq!(of(ProblemKind::OfficerNotOnRoster), vec![Reference::DecisionNo(no(2)), Reference::DecisionNo(no(5))]);
    assert_eq!(of(ProblemKind::CertificateExpired), vec![Reference::DecisionNo(no(3))]);
    assert_eq!(of(ProblemKind::AuxiliaryAsOfficer), vec![Reference::DecisionNo(no(4))]);
}

#[test]
fn service_and_notice() {
    let mut w = World::clean(4);
    w.cases[0].service_date = d(2017, 3, 28); // 8 days
    w.cases[1].service_date = d(2017, 3, 27); // 7 days: fine
    w.cases[2].notice_date = None;
    w.cases[3].notice_date = d(2017, 3, 21);
    let p = w.problems();
    let of = |kind| p.iter().filter(|p| p.kind == kind).map(|p| p.reference.clone()).collect::<Vec<_>>();
    assert_eq!(of(ProblemKind::LateService), vec![Reference::DecisionNo(no(1))]);
    assert_eq!(of(ProblemKind::NoPriorNotice), vec![Reference::DecisionNo(no(3)), Reference::DecisionNo(no(4))]);
}

#[test]
fn every_kind_has_a_plan_item() {
    for kind in ProblemKind::ALL {
        let (category, item) = taxonomy::item(kind.item_code()).unwrap();
        assert!((1..=5).contains(&category.number));
        assert!(!item.name.is_empty());
        assert!(!kind.label().is_empty());
    }
}

#[test]
fn the_demo_shows_every_kind() {
    let demo = crate::demo::DemoData::generate();
    let problems = check(
        Material {
            receipts: &refs(&demo.receipts),
            ledger: &refs(&demo.ledger),
            cases: &refs(&demo.cases),
            officers: &refs(&demo.officers),
        },
        &CheckConfig::default(),
    );
    for kind in ProblemKind::ALL {
        let n = problems.iter().filter(|p| p.kind == kind).count();
        assert!(n >= 1, "the demo lacks {}", kind.as_str());
    }
    // Planted once each, not sprinkled by chance.
    for kind in ProblemKind::ALL {
        let n = problems.iter().filter(|p| p.kind == kind).count();
        assert!(
            n <= 2,
            "{} appears {n} times: {:#?}",
            kind.as_str(),
            problems.iter().filter(|p| p.kind == kind).collect::<Vec<_>>()
        );
    }
}
