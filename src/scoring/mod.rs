//! Case-file review (评查) against a scoring standard. The standard is data
//! (`assets/standards/default.toml`, its sources named in its header); this module parses it
//! (`standard.rs`) and scores reviews with it (`evaluation.rs`), in integers (tenths of a point).
//!
//! How a file is judged:
//! - **一票否决**: a veto fails when the reviewer marks it, or when a finding on the case,
//!   confirmed on site, names it (a confirmed `certificate_expired` problem fails
//!   `veto.qualification`). The file is then 0 points and the standard's failing grade, whatever
//!   its points and however far the review has come.
//! - **Items**: points per item, deductions capped at the item (扣完为止), per instance
//!   (每处扣 n 分) or in a range (扣 a—b 分) where the standard says so; 不适用 items are left out
//!   and the score is scaled to 100 over the rest.
//! - **Procedure**: a 简易程序 case is scored over the items and vetoes of its own procedure
//!   (no 立案, no written 告知书, one officer may decide on the spot), scaled to 100 likewise.
//! - **Grades** carry the standard's own names (优秀 / 合格 / 不合格 …). A review with unscored
//!   items and no failed veto has **no grade**: it is 未评完：已评 n/m 项.
//! - **Versions**: a score records the standard id and version it was made with; [`Standards`]
//!   keeps every shipped version and evaluates a score with its own. A score made with a version
//!   that is not available is evaluated with the current one and says so ([`Evaluation::note`]).
//!
//! The API for those who print or list scores (the feedback sheet, the team report):
//!
//! ```ignore
//! let standards = Standards::with_current(inspection::review::standard_in_use(&store));
//! let case = CaseContext::of(case_id, &case_file, findings.iter().map(|f| &f.value));
//! let e = standards.evaluate_score(&score, &case);
//! match (e.grade_name(), e.incomplete()) {
//!     (Some(grade), _) => /* e.score_text() 分，grade; e.veto() says why a vetoed file failed */,
//!     (None, Some(progress)) => /* progress.to_string() == "未评完：已评 1/41 项" */,
//!     (None, None) => unreachable!(),
//! }
//! // Or in one line: e.summary() — "95.0 分，优秀" / "不合格（一票否决：…）" / "未评完：已评 1/41 项".
//! ```

mod evaluation;
mod standard;

pub use evaluation::{
    CaseContext, Evaluation, Progress, VetoBy, VetoHit, concerns, evaluate, evaluate_case, finding_fails,
};
pub use standard::{
    DEFAULT_STANDARD, Deduction, Grade, SHIPPED_STANDARDS, Section, Standard, StandardError, StandardItem, Veto,
};

use crate::domain::{Score, ScoreItem};

/// The standard in use and every shipped version, so that a score is evaluated with the version
/// it was made with.
#[derive(Debug, Clone)]
pub struct Standards {
    current: Standard,
    others: Vec<Standard>,
}

impl Standards {
    /// The shipped versions, the newest in use.
    pub fn shipped() -> Result<Standards, StandardError> {
        Ok(Standards::with_current(Standard::default_standard()?))
    }

    /// `current` in use, with the shipped versions for scores made with them. (The shipped files
    /// are checked by the tests; one that failed to parse would only be missing here.)
    pub fn with_current(current: Standard) -> Standards {
        let others = SHIPPED_STANDARDS
            .iter()
            .filter_map(|text| Standard::parse(text).ok())
            .filter(|s| (s.id.as_str(), s.version.as_str()) != (current.id.as_str(), current.version.as_str()))
            .collect();
        Standards { current, others }
    }

    /// The standard new reviews are made with.
    pub fn current(&self) -> &Standard {
        &self.current
    }

    /// The standard with this id and version.
    pub fn find(&self, id: &str, version: &str) -> Option<&Standard> {
        std::iter::once(&self.current).chain(&self.others).find(|s| s.id == id && s.version == version)
    }

    /// Evaluates `items` recorded as made with standard `id` `version`, with that version when
    /// available, else with the current one and a note saying so.
    pub fn evaluate(&self, id: &str, version: &str, items: &[ScoreItem], case: &CaseContext<'_>) -> Evaluation {
        match self.find(id, version) {
            Some(standard) => evaluate_case(standard, items, case),
            None => {
                let mut e = evaluate_case(&self.current, items, case);
                e.note = Some(format!(
                    "本案卷按评查标准 {id} {version} 版评查，该版本不可用，现按 {} 版计分{}",
                    self.current.version,
                    if e.ignored > 0 {
                        format!("（其中 {} 项在该版中没有，未计）", e.ignored)
                    } else {
                        String::new()
                    }
                ));
                e
            }
        }
    }

    /// Evaluates a stored score with the version it was made with.
    pub fn evaluate_score(&self, score: &Score, case: &CaseContext<'_>) -> Evaluation {
        self.evaluate(&score.standard_id, &score.standard_version, &score.items, case)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Procedure, ScoreOutcome};

    fn standard() -> Standard {
        Standard::default_standard().unwrap()
    }

    fn deduct(id: &str, points: u32) -> ScoreItem {
        ScoreItem { item_id: id.into(), outcome: ScoreOutcome::Deduct { points, reason: "原因".into() } }
    }

    fn pass_all(s: &Standard, procedure: Procedure) -> Vec<ScoreItem> {
        s.items_for(procedure).map(|i| ScoreItem { item_id: i.id.clone(), outcome: ScoreOutcome::Pass }).collect()
    }

    #[test]
    fn the_shipped_standards_load_with_their_versions() {
        let s = standard();
        assert_eq!((s.id.as_str(), s.version.as_str()), ("daocha-default", "2017.2"));
        assert_eq!(s.total_points(Procedure::General), 100, "一般程序：内容 80 分，卷面 20 分");
        let archive: u32 =
            s.sections.iter().filter(|x| x.id == "archive").flat_map(|x| &x.items).map(|i| i.points).sum();
        assert_eq!(archive, 20);
        assert!(s.total_points(Procedure::Simple) > 0);
        let names: Vec<&str> = s.grades.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["优秀", "合格", "不合格"]);
        for id in ["veto.characterization", "veto.party", "veto.authority", "veto.jurisdiction", "veto.notice"] {
            assert!(s.veto(id).is_some(), "{id}");
        }
        assert!(!s.veto("veto.two_officers").unwrap().applies_to(Procedure::Simple));
        for id in [
            "evidence.report",
            "notice.review",
            "evidence.seizure",
            "evidence.preservation",
            "execution.confiscated",
            "execution.separation",
            "execution.deferral",
            "closing.report",
            "service.address",
            "service.manner",
            "document.basis",
            "document.remedy",
            "archive.one_case",
            "archive.cover",
            "archive.catalogue",
            "archive.pages",
            "archive.order",
            "archive.note",
        ] {
            assert!(s.item(id).is_some_and(|i| i.applies_to(Procedure::General)), "{id}");
        }
        // Every shipped version parses, and the registry finds each.
        let all = Standards::shipped().unwrap();
        for text in SHIPPED_STANDARDS {
            let v = Standard::parse(text).unwrap();
            assert!(all.find(&v.id, &v.version).is_some(), "{}", v.version);
        }
        let old = all.find("daocha-default", "2017.1").unwrap();
        assert_eq!(old.total_points(Procedure::General), 100);
        assert_eq!(old.grades[1], Grade { name: "合格".into(), min: 75 }, "2017.1 keeps its own thresholds");
    }

    #[test]
    fn a_complete_clean_file_has_the_top_grade_and_an_incomplete_one_none() {
        let s = standard();
        let e = evaluate(&s, &pass_all(&s, Procedure::General));
        assert_eq!((e.score_text(), e.grade_name()), ("100.0".to_string(), Some("优秀")));
        assert_eq!(e.incomplete(), None);
        assert_eq!(e.summary(), "100.0 分，优秀");
        let e = evaluate(&s, &[]);
        assert_eq!(e.grade(), None, "nothing scored: no grade");
        let total = s.items_for(Procedure::General).count();
        assert_eq!(e.incomplete().unwrap().to_string(), format!("未评完：已评 0/{total} 项"));
        let e = evaluate(&s, &[deduct("filing.order", 2)]);
        assert_eq!((e.score_text(), e.grade_name()), ("98.0".to_string(), None));
        assert_eq!(e.summary(), format!("未评完：已评 1/{total} 项"));
    }

    #[test]
    fn deductions_stop_at_zero_per_item_and_follow_the_items_rule() {
        let s = standard();
        let e = evaluate(&s, &[deduct("filing.order", 2)]);
        assert_eq!(e.earned, 98);
        let e = evaluate(&s, &[deduct("filing.order", 50)]);
        assert_eq!(e.earned, 98, "a 2-point item cannot lose more than 2");
        let per = s.item("archive.catalogue").unwrap();
        assert_eq!(per.deduct_text(), "每处扣 1 分，扣完为止");
        assert_eq!(per.per_instance(1), Some(1));
        assert_eq!(per.per_instance(5), Some(2), "capped at the item's points");
        let form = s.item("form.complete").unwrap();
        assert_eq!(form.per_instance(3), Some(3));
        let ranged = s.item("notice.review").unwrap();
        assert_eq!(ranged.deduct_text(), "扣 1—3 分");
        assert_eq!(ranged.per_instance(2), None);
        assert_eq!(ranged.deduction_error(2), None);
        assert!(ranged.deduction_error(4).is_some());
        assert!(ranged.deduction_error(0).is_some());
        let plain = s.item("decision.approval").unwrap();
        assert_eq!(plain.deduct_text(), "酌情扣 1—2 分");
    }

    #[test]
    fn not_applicable_items_are_left_out_and_the_score_scaled() {
        let s = standard();
        let mut items = pass_all(&s, Procedure::General);
        items.push(ScoreItem { item_id: "evidence.seizure".into(), outcome: ScoreOutcome::NotApplicable });
        items.push(deduct("notice.review", 3));
        let e = evaluate(&s, &items);
        assert_eq!((e.earned, e.applicable), (94, 97));
        assert_eq!(e.score_tenths, 969, "94/97 = 96.91 → 96.9");
        assert_eq!(e.grade_name(), Some("优秀"));
    }

    #[test]
    fn a_veto_marked_by_the_reviewer_fails_the_file_however_far_the_review_has_come() {
        let s = standard();
        let veto = ScoreItem {
            item_id: "veto.two_officers".into(),
            outcome: ScoreOutcome::VetoFailed { reason: "仅一人".into() },
        };
        let e = evaluate(&s, std::slice::from_ref(&veto));
        assert_eq!((e.score_tenths, e.grade_name(), e.failed()), (0, Some("不合格"), Some(true)));
        assert_eq!(e.incomplete(), None, "0 points after a veto is final");
        assert_eq!(e.veto().unwrap().describe(), "一票否决：执法人员少于两人（一般程序的调查、检查）（仅一人）");
        assert!(e.summary().starts_with("不合格（一票否决：执法人员少于两人"));
        // A veto marked 未发现 does nothing.
        let mut items = pass_all(&s, Procedure::General);
        items.push(ScoreItem { item_id: "veto.two_officers".into(), outcome: ScoreOutcome::Pass });
        assert_eq!(evaluate(&s, &items).score_tenths, 1000);
    }

    #[test]
    fn grades_at_the_thresholds_use_the_standards_names() {
        let s = standard();
        // 10 points off → 90.0: still 优秀; 11 off → 89.0: 合格; 40 off → 60.0 合格; 41 off → 不合格.
        let off = |n: u32| {
            let mut items = pass_all(&s, Procedure::General);
            let mut left = n;
            for item in s.items_for(Procedure::General) {
                if left == 0 {
                    break;
                }
                let take = left.min(item.points);
                items.push(deduct(&item.id, take));
                left -= take;
            }
            evaluate(&s, &items)
        };
        assert_eq!(off(10).grade_name(), Some("优秀"));
        assert_eq!(off(11).grade_name(), Some("合格"));
        assert_eq!(off(40).grade_name(), Some("合格"));
        assert_eq!((off(41).grade_name(), off(41).failed()), (Some("不合格"), Some(true)));
        assert_eq!(off(41).score_text(), "59.0");
        assert_eq!(off(41).veto(), None, "failed on points, not by a veto");
    }

    #[test]
    fn a_score_of_another_version_is_evaluated_with_its_own_or_says_it_cannot_be() {
        let all = Standards::shipped().unwrap();
        // 2017.1: evidence.officers was 5 of 100 and the pass mark 75.
        let items = [deduct("evidence.officers", 5), deduct("filing.approval", 4)];
        let e = all.evaluate("daocha-default", "2017.1", &items, &CaseContext::default());
        assert_eq!((e.standard_version.as_str(), e.score_text(), e.note.as_deref()), ("2017.1", "91.0".into(), None));
        assert_eq!(e.total, 24);
        let e = all.evaluate("daocha-default", "2016.9", &items, &CaseContext::default());
        assert_eq!(e.standard_version, "2017.2");
        assert!(e.note.as_deref().unwrap().contains("2016.9 版"), "{:?}", e.note);
        // The old filing.approval (4 points) is capped at the new item's 2.
        assert_eq!(e.earned, 93);
    }

    #[test]
    fn bad_standards_are_refused_with_reasons() {
        assert!(matches!(Standard::parse("not toml ["), Err(StandardError::Format(_))));
        let duplicate = DEFAULT_STANDARD.replace("id = \"filing.timely\"", "id = \"filing.approval\"");
        assert!(Standard::parse(&duplicate).unwrap_err().to_string().contains("重复"));
        let bad_item = DEFAULT_STANDARD.replace("problem = \"1.3\"", "problem = \"9.9\"");
        assert!(Standard::parse(&bad_item).unwrap_err().to_string().contains("9.9"));
        let grades = DEFAULT_STANDARD.replace("min = 60", "min = 95");
        assert!(Standard::parse(&grades).unwrap_err().to_string().contains("等次"));
        let last = DEFAULT_STANDARD.replace("name = \"不合格\"\nmin = 0", "name = \"不合格\"\nmin = 10");
        assert!(Standard::parse(&last).is_err());
        let kind = DEFAULT_STANDARD.replace("confirmed = [\"single_officer\"]", "confirmed = [\"one_officer\"]");
        assert!(Standard::parse(&kind).unwrap_err().to_string().contains("one_officer"));
        let range = DEFAULT_STANDARD.replace("deduct = { min = 1, max = 3 }", "deduct = { min = 2, max = 9 }");
        assert!(Standard::parse(&range).unwrap_err().to_string().contains("扣分方式"));
        let typo = DEFAULT_STANDARD.replace("deduct = { per = 1 }", "deduct = { each = 1 }");
        assert!(matches!(Standard::parse(&typo), Err(StandardError::Format(_))));
    }
}
