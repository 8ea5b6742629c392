//! The district-wide notice of typical cases (全区通报) and what it rests on: the leading group's
//! approval of each inspection's agreed problem list ([`approve`], recorded as an [`Approval`]).
//! A finding the team marked typical goes into the notice only when an approved list holds it;
//! [`cases`] says which are left out and why. [`notice_doc`] lays the notice out as an official
//! document (GB/T 9704-2012: 版头, 文号, title, 主送机关, the cases one by one, the requirements,
//! 落款 and date) for the sheet renderer's [`Style::Document`] (PDF) and its Word copy.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use crate::domain::dates::format_chinese;
use crate::domain::{
    Approval, Finding, Id, Inspection, Rectification, RectificationMode, RectificationStatus, Unit, taxonomy,
};
use crate::sheet::{Block, Footer, Masthead, SheetDoc, Style};
use crate::store::{Store, StoreError};

/// Why the notice or an approval could not be made. Nothing is written when one is returned.
#[derive(Debug, thiserror::Error)]
pub enum NoticeError {
    /// The database.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No finding is marked typical.
    #[error(
        "没有标为典型案例的问题，无法生成全区通报。请先在“问题”页把拟通报的问题标为典型案例，并记录领导小组的审批（daocha approve）。"
    )]
    NoTypical,
    /// Typical findings, none approved.
    #[error(
        "有 {0} 个典型案例所在的问题清单尚未经专项治理领导小组同意，不能通报。请先记录审批：daocha approve --db … --inspection … --by 审批人 --date 日期。"
    )]
    NotApproved(usize),
    /// No such inspection.
    #[error("数据库中没有编号为“{0}”的检查（可用 daocha inspection list 查看）。")]
    NoInspection(String),
    /// The inspection has no findings to agree on.
    #[error("这次检查还没有记录问题，没有可呈报审批的问题清单。")]
    NoFindings,
    /// Not the lead's database.
    #[error("只有组长可以记录专项治理领导小组的审批：请在组长的团队数据库中操作。")]
    NotLead,
    /// The record's own rules.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("；"))]
    Invalid(Vec<crate::domain::FieldError>),
    /// The document could not be written.
    #[error(transparent)]
    Document(#[from] crate::sheet::WriteError),
}

/// What [`write_notice`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Typical cases notified.
    pub cases: usize,
    /// Typical cases left out, their lists not yet approved.
    pub left_out: usize,
    /// Whether it is the Word copy.
    pub docx: bool,
}

/// Writes the notice of the approved typical cases to `path` — PDF or .docx by its extension —
/// whole or not at all. Refuses (writing nothing) when no typical case is marked or none is
/// approved.
pub fn write_notice(store: &Store, options: &NoticeOptions, path: &std::path::Path) -> Result<Written, NoticeError> {
    crate::sheet::is_docx(path)?;
    let (cases, left_out) = cases(store)?;
    if cases.is_empty() {
        return Err(if left_out > 0 { NoticeError::NotApproved(left_out) } else { NoticeError::NoTypical });
    }
    let docx = crate::sheet::write_document(&notice_doc(&cases, options), path)?;
    Ok(Written { cases: cases.len(), left_out, docx })
}

impl Written {
    /// What to tell the user.
    pub fn said(&self, path: &std::path::Path) -> String {
        let mut text = format!(
            "已生成全区通报：{}（典型案例 {} 个，{}）。",
            crate::paths::shown(path),
            self.cases,
            if self.docx { "可在 WPS 或 Word 中修改后印发" } else { "版式文件" }
        );
        if self.left_out > 0 {
            text.push_str(&format!("另有 {} 个典型案例所在的问题清单尚未经领导小组同意，未列入通报。", self.left_out));
        }
        text
    }
}

/// Records that the team agreed the current problem list of `inspection` on `agreed_on` and that
/// the leading group approved it (`approved`: who, when, the document number). In a team's
/// database only the lead may. Returns the record's id.
pub fn approve(
    store: &mut Store,
    inspection: Id<Inspection>,
    agreed_on: NaiveDate,
    back_to_back: bool,
    approved: Option<(String, NaiveDate, String)>,
) -> Result<Id<Approval>, NoticeError> {
    if !super::lead::may_decide(store)? {
        return Err(NoticeError::NotLead);
    }
    if store.get(inspection)?.is_none() {
        return Err(NoticeError::NoInspection(inspection.to_string()));
    }
    let mut finding_ids: Vec<Id<Finding>> =
        store.list_in::<Finding, _>(inspection)?.into_iter().map(|f| f.id).collect();
    finding_ids.sort();
    if finding_ids.is_empty() {
        return Err(NoticeError::NoFindings);
    }
    let (approved_by, approved_on, document_no) = match approved {
        Some((by, on, no)) => (by.trim().to_string(), Some(on), no.trim().to_string()),
        None => (String::new(), None, String::new()),
    };
    let record = Approval {
        inspection_id: inspection,
        finding_ids,
        agreed_on,
        back_to_back,
        approved_by,
        approved_on,
        document_no,
    };
    crate::domain::Record::validate(&record).map_err(NoticeError::Invalid)?;
    let summary = match record.approved_on {
        Some(on) => format!("问题清单 {} 项经领导小组同意（{}，{}）", record.finding_ids.len(), record.approved_by, on),
        None => format!("问题清单 {} 项达成一致意见，呈报领导小组", record.finding_ids.len()),
    };
    Ok(store.write("approval.record", &summary, |w| w.create(&record))?)
}

/// One typical case as the notice tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeCase {
    /// The unit.
    pub unit: String,
    /// The plan's item (`罚没款未按规定缴库`), or the category when the item is unknown.
    pub item: String,
    /// The decision concerned, if any.
    pub decision_no: Option<String>,
    /// What was found.
    pub facts: String,
    /// The rule broken.
    pub legal_basis: String,
    /// How it is handled and rectified.
    pub handling: String,
    /// The approval's document number, or who approved and when.
    pub approval: String,
}

/// The typical cases that may be notified (on an approved list), in the order of the inspections'
/// dates and then of the findings; and how many typical findings are left out for want of an
/// approval.
pub fn cases(store: &Store) -> Result<(Vec<NoticeCase>, usize), StoreError> {
    let inspections: HashMap<Id<Inspection>, Inspection> =
        store.list::<Inspection>()?.into_iter().map(|i| (i.id, i.value)).collect();
    let units: HashMap<Id<Unit>, String> = store.list::<Unit>()?.into_iter().map(|u| (u.id, u.value.name)).collect();
    let mut approved: HashMap<Id<Finding>, &Approval> = HashMap::new();
    let approvals: Vec<Approval> = store.list::<Approval>()?.into_iter().map(|a| a.value).collect();
    for approval in approvals.iter().filter(|a| a.approved()) {
        for id in &approval.finding_ids {
            approved.entry(*id).or_insert(approval);
        }
    }
    let mut rectifications: HashMap<Id<Finding>, Vec<Rectification>> = HashMap::new();
    for r in store.list::<Rectification>()? {
        rectifications.entry(r.value.finding_id).or_default().push(r.value);
    }
    let mut typical: Vec<(NaiveDate, Id<Finding>, Finding)> = store
        .list::<Finding>()?
        .into_iter()
        .filter(|f| f.value.typical)
        .map(|f| (inspections.get(&f.value.inspection_id).map_or(NaiveDate::MIN, |i| i.date), f.id, f.value))
        .collect();
    typical.sort_by_key(|(date, id, _)| (*date, *id));
    let mut out = Vec::new();
    let mut left_out = 0;
    for (_, id, finding) in typical {
        let Some(approval) = approved.get(&id) else {
            left_out += 1;
            continue;
        };
        let unit = inspections
            .get(&finding.inspection_id)
            .and_then(|i| units.get(&i.unit_id))
            .cloned()
            .unwrap_or_else(|| "（单位不详）".to_string());
        let item = match taxonomy::item(&finding.item) {
            Some((_, item)) => item.name.to_string(),
            None => taxonomy::category(finding.category).map(|c| c.name.to_string()).unwrap_or_default(),
        };
        let approval_text = if approval.document_no.trim().is_empty() {
            format!("{}于{}同意", approval.approved_by, approval.approved_on.map(format_chinese).unwrap_or_default())
        } else {
            approval.document_no.clone()
        };
        out.push(NoticeCase {
            unit,
            item,
            decision_no: finding.decision_no.as_ref().map(ToString::to_string),
            facts: finding.facts.trim().to_string(),
            legal_basis: finding.legal_basis.trim().to_string(),
            handling: handling(&finding, rectifications.get(&id).map(Vec::as_slice).unwrap_or_default()),
            approval: approval_text,
        });
    }
    Ok((out, left_out))
}

/// What the team asked for and what the unit does about it.
fn handling(finding: &Finding, rectifications: &[Rectification]) -> String {
    let mut parts = Vec::new();
    if !finding.suggestion.trim().is_empty() {
        parts.push(format!("检查组意见：{}", finding.suggestion.trim().trim_end_matches('。')));
    }
    for r in rectifications {
        let when = match (r.mode, r.deadline) {
            (RectificationMode::Deadline, Some(deadline)) => format!("限{}前整改到位", format_chinese(deadline)),
            _ => "立行立改".to_string(),
        };
        let state = match r.status {
            RectificationStatus::Done => "已整改",
            RectificationStatus::InProgress => "正在整改",
            RectificationStatus::Promised => "已承诺整改",
        };
        parts.push(format!("整改措施：{}（{when}，{state}）", r.measure.trim().trim_end_matches('。')));
    }
    if parts.is_empty() {
        parts.push("已责令该单位整改".to_string());
    }
    format!("{}。", parts.join("；"))
}

/// What the notice says besides its cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeOptions {
    /// 发文机关标志 (`营口市鲅鱼圈区人民政府办公室文件`).
    pub issuer: String,
    /// 发文字号 (`鲅政办发〔2017〕45号`).
    pub number: String,
    /// 成文日期.
    pub date: NaiveDate,
    /// 主送机关.
    pub addressees: String,
}

/// The plan's issuing office (the notice's sender by default).
pub const DEFAULT_OFFICE: &str = "营口市鲅鱼圈区人民政府办公室";

impl NoticeOptions {
    /// The plan's office and addressees, dated `date`, with a number whose serial is left blank
    /// to be filled in (`鲅政办发〔2017〕　号`).
    pub fn defaults(date: NaiveDate) -> NoticeOptions {
        NoticeOptions {
            issuer: format!("{DEFAULT_OFFICE}文件"),
            number: format!("鲅政办发〔{}〕　号", date.year()),
            date,
            addressees: "各镇、办事处，驻区执法单位，区本级执法部门及所属执法机构：".to_string(),
        }
    }
}

/// The notice as an official document.
pub fn notice_doc(cases: &[NoticeCase], options: &NoticeOptions) -> SheetDoc {
    let year = options.date.year();
    let units = {
        let mut names: Vec<&str> = cases.iter().map(|c| c.unit.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        names.len()
    };
    let mut blocks = vec![
        Block::Unindented(options.addressees.clone()),
        Block::Paragraph(format!(
            "按照《优化营商法治环境　规范行政处罚行为专项治理活动方案》（鲅政办发〔2017〕37号）的部署，区专项治理抽查小组对行政处罚案卷开展了重点抽查和“背靠背”评查。查摆出的问题及整改措施经抽查小组达成一致意见，并经专项治理领导小组同意，现将{units}个单位的{}个典型案例通报如下：",
            cases.len()
        )),
    ];
    for (i, case) in cases.iter().enumerate() {
        blocks.push(Block::Heading(format!("{}、{}：{}", ordinal(i + 1), case.unit, case.item)));
        let mut found = String::new();
        if let Some(no) = case.decision_no.as_ref().filter(|no| !case.facts.contains(no.as_str())) {
            found.push_str(&format!("在{no}行政处罚案件中，"));
        }
        found.push_str(if case.facts.is_empty() { "检查发现该问题" } else { &case.facts });
        let found = format!("检查发现：{}", terminated(&found));
        blocks.push(Block::Paragraph(found));
        if !case.legal_basis.is_empty() {
            blocks.push(Block::Paragraph(format!("违反规定：{}", terminated(&case.legal_basis))));
        }
        // The handling's own full stop goes after the bracket: “……。（审批）” reads as two sentences.
        let handling = case.handling.trim_end_matches(['。', '；', '，']);
        blocks.push(Block::Paragraph(format!("处理和整改：{handling}（领导小组审批：{}）。", case.approval)));
    }
    blocks.push(Block::Heading(format!("{}、有关要求", ordinal(cases.len() + 1))));
    blocks.push(Block::Paragraph(
        "各单位要以案为鉴、举一反三，对照上述问题全面检查本单位的行政处罚案卷，发现一般性问题立行立改；一时难以整改的，列出时间表，逐步整改到位。被通报单位要按照反馈意见认真整改，于整改期限届满后五个工作日内将整改情况书面报送区政府办公室（法制办）。区政府办公室（法制办）将适时开展“回头看”，对整改不力的单位予以督办。".to_string(),
    ));
    let office = options.issuer.trim().trim_end_matches("文件").to_string();
    let closing = vec![Block::RightAligned(vec![office, format_chinese(options.date)])];
    SheetDoc {
        title: format!("关于{year}年行政处罚行为专项治理典型案例的通报"),
        subtitle: None,
        blocks,
        signatures: Vec::new(),
        footer: Footer::default(),
        draft: false,
        style: Style::Document,
        page_mark: None,
        closing,
        appendix: Vec::new(),
        // The document's date (成文日期), at midnight Beijing time, as its metadata's creation date.
        created: Some(format!("{}T00:00:00+08:00", options.date.format("%Y-%m-%d"))),
        masthead: Some(Masthead { issuer: options.issuer.clone(), number: options.number.clone() }),
    }
}

/// A sentence ends with 。 (unless it ends with other closing punctuation already).
fn terminated(text: &str) -> String {
    let text = text.trim();
    if text.ends_with(['。', '！', '？', '；']) { text.to_string() } else { format!("{text}。") }
}

/// 一, 二 … 九十九.
fn ordinal(n: usize) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", DIGITS[n % 10]),
        20..=99 if n.is_multiple_of(10) => format!("{}十", DIGITS[n / 10]),
        20..=99 => format!("{}十{}", DIGITS[n / 10], DIGITS[n % 10]),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_read_as_chinese_numbers() {
        let got: Vec<String> = [1, 9, 10, 11, 20, 21, 99].into_iter().map(ordinal).collect();
        assert_eq!(got, ["一", "九", "十", "十一", "二十", "二十一", "九十九"]);
    }

    #[test]
    fn the_notice_tells_each_case_and_is_an_official_document() {
        let case = NoticeCase {
            unit: "区综合执法局".into(),
            item: "罚没款未按规定缴库".into(),
            decision_no: Some("鲅综执罚〔2017〕12号".into()),
            facts: "罚款3000元收缴后60日未缴入国库".into(),
            legal_basis: "《罚款决定与罚款收缴分离实施办法》第十条".into(),
            handling: "整改措施：全部缴库（立行立改，已整改）。".into(),
            approval: "鲅专治组批〔2017〕2号".into(),
        };
        let options = NoticeOptions::defaults(NaiveDate::from_ymd_opt(2017, 10, 9).unwrap());
        let doc = notice_doc(&[case], &options);
        assert_eq!(doc.style, Style::Document);
        assert_eq!(doc.title, "关于2017年行政处罚行为专项治理典型案例的通报");
        assert_eq!(doc.masthead.as_ref().unwrap().number, "鲅政办发〔2017〕　号");
        let text: Vec<String> = doc
            .blocks
            .iter()
            .map(|b| match b {
                Block::Heading(t) | Block::Paragraph(t) | Block::Unindented(t) => t.clone(),
                _ => String::new(),
            })
            .collect();
        assert!(text.iter().any(|t| t == "一、区综合执法局：罚没款未按规定缴库"), "{text:?}");
        assert!(
            text.iter().any(|t| t.starts_with("检查发现：在鲅综执罚〔2017〕12号行政处罚案件中，罚款3000元")),
            "{text:?}"
        );
        assert!(text.iter().any(|t| t.contains("（领导小组审批：鲅专治组批〔2017〕2号）")), "{text:?}");
        assert!(text.iter().any(|t| t.contains("现将1个单位的1个典型案例")), "{text:?}");
        assert_eq!(
            doc.closing,
            vec![Block::RightAligned(vec!["营口市鲅鱼圈区人民政府办公室".into(), "2017年10月9日".into()])]
        );
    }
}
