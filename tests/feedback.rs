//! The signed sheet's proofs: the canonical content is stable; `verify` accepts the exported PDF
//! and rejects it after any change to the signed content, a signature, the strokes or the page
//! text; a draft is unsigned; a PDF that is not a sheet is told apart.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use daocha::feedback::{self, Payload, Verdict, content::SheetContent};
use daocha::sheet::{Embedded, render};
use daocha::store::canonical::to_canonical;

fn demo() -> (tempfile::TempDir, daocha::store::Store, daocha::domain::Id<daocha::domain::Inspection>) {
    let dir = tempfile::tempdir().unwrap();
    let (store, summary) = daocha::demo::create_demo(&dir.path().join("d.db")).unwrap();
    (dir, store, summary.inspection_id)
}

/// The demo's signed PDF and what it carries.
fn signed(store: &daocha::store::Store, id: daocha::domain::Id<daocha::domain::Inspection>) -> (Vec<u8>, Payload) {
    let standard = daocha::scoring::Standard::default_standard().unwrap();
    let (pdf, exported) = feedback::pdf(store, id, None, &standard, false).unwrap();
    assert!(exported.signed);
    let payload: Payload = serde_json::from_str(&daocha::sheet::read_embedded(&pdf).unwrap().unwrap()).unwrap();
    (pdf, payload)
}

/// A PDF drawn from `payload` the way daocha draws it (so only what we changed differs).
fn redraw(payload: &Payload) -> Vec<u8> {
    let content: SheetContent = serde_json::from_str(&payload.content).unwrap();
    // A format this build does not know (a test of what `verify` says of one) is drawn as the
    // current format would be.
    let doc = feedback::document(&content, Some(&payload.digest), &payload.signatures, false)
        .unwrap_or_else(|_| feedback::doc::build(&content, Some(&payload.digest), &payload.signatures, false));
    render(&doc, &Embedded::payload(serde_json::to_string(payload).unwrap())).unwrap()
}

/// The demo team's roster (the demo database is the lead's).
fn team(store: &daocha::store::Store) -> feedback::Anchor {
    feedback::Anchor::Team(daocha::team::roster(store).unwrap())
}

#[test]
fn the_canonical_content_is_stable() {
    let (_dir, store, id) = demo();
    let standard = daocha::scoring::Standard::default_standard().unwrap();
    let a = feedback::draft(&store, id, None, &standard).unwrap();
    let b = feedback::draft(&store, id, None, &standard).unwrap();
    assert_eq!(to_canonical(&a).unwrap(), to_canonical(&b).unwrap());
    // Parsing and serialising again gives the same bytes, whatever the field order in a file.
    let text = to_canonical(&a).unwrap();
    let reparsed: SheetContent = serde_json::from_str(&text).unwrap();
    assert_eq!(to_canonical(&reparsed).unwrap(), text);
    let pretty = serde_json::to_string_pretty(&a).unwrap();
    let from_pretty: SheetContent = serde_json::from_str(&pretty).unwrap();
    assert_eq!(to_canonical(&from_pretty).unwrap(), text);
    // Two demos made apart sign the same content (deterministic data, keys and strokes).
    let (_dir2, store2, id2) = demo();
    assert_eq!(signed(&store, id).1, signed(&store2, id2).1);
}

#[test]
fn verify_accepts_the_sheet_and_rejects_every_change() {
    let (_dir, store, id) = demo();
    let (pdf, payload) = signed(&store, id);
    assert!(
        matches!(feedback::verify_anchored(&pdf, &team(&store)), Verdict::Valid { number: 1, ref signers, .. } if signers.len() == 4)
    );
    assert_eq!(redraw(&payload), pdf, "the renderer is deterministic");

    // The signed content changed (a finding's facts).
    let mut p = payload.clone();
    p.content = p.content.replace("未见任何缴款收据", "已全额缴纳");
    assert!(matches!(feedback::verify(&redraw(&p)), Verdict::Invalid(r) if r.contains("摘要不符")));
    // … with the digest recomputed to match: the signatures no longer do.
    p.digest = daocha::store::canonical::sha256_hex(p.content.as_bytes());
    assert!(matches!(feedback::verify(&redraw(&p)), Verdict::Invalid(r) if r.contains("签名无效")));

    // A signature changed.
    let mut p = payload.clone();
    let sig = p.signatures[1].signature.clone().unwrap();
    let (first, rest) = sig.split_at(1);
    let flipped = format!("{}{rest}", if first == "0" { "1" } else { "0" });
    p.signatures[1].signature = Some(flipped);
    assert!(matches!(feedback::verify(&redraw(&p)), Verdict::Invalid(r) if r.contains("电子签名无效")));

    // The strokes changed (even the unit's, which carry no key).
    let mut p = payload.clone();
    let unit = p.signatures.iter_mut().find(|s| s.role == "受检单位负责人").unwrap();
    unit.strokes[0][0][0] += 5;
    assert!(matches!(feedback::verify(&redraw(&p)), Verdict::Invalid(r) if r.contains("笔迹被改动")));

    // The page text changed while the payload stays intact.
    let content: SheetContent = serde_json::from_str(&payload.content).unwrap();
    let mut doc = feedback::document(&content, Some(&payload.digest), &payload.signatures, false).unwrap();
    doc.title = doc.title.replace("反馈意见书", "检查结论（无问题）");
    let forged = render(&doc, &Embedded::payload(serde_json::to_string(&payload).unwrap())).unwrap();
    assert!(matches!(feedback::verify(&forged), Verdict::Invalid(r) if r.contains("页面")));

    // Bytes flipped in the file.
    let mut broken = pdf.clone();
    let middle = broken.len() / 2;
    broken[middle] ^= 0x20;
    assert!(!matches!(feedback::verify(&broken), Verdict::Valid { .. }));
}

#[test]
fn drafts_are_unsigned_and_other_files_are_not_sheets() {
    let (_dir, store, id) = demo();
    let standard = daocha::scoring::Standard::default_standard().unwrap();
    let (draft, exported) = feedback::pdf(&store, id, None, &standard, true).unwrap();
    assert!(!exported.signed);
    assert!(matches!(feedback::verify(&draft), Verdict::Invalid(r) if r.contains("未签署")));
    let pages = daocha::sheet::extract_text(&draft).unwrap();
    assert!(pages.iter().all(|p| p.contains("草稿（未签署）")), "every page of a draft says so");
    assert!(matches!(feedback::verify(b"not a pdf at all"), Verdict::NotASheet(_)));
    let foreign = render(&daocha::sheet::sample_doc(), &Embedded::none()).unwrap();
    assert!(matches!(feedback::verify(&foreign), Verdict::NotASheet(_)));
    assert!(matches!(feedback::verify(&[]), Verdict::NotASheet(_)));
}

#[test]
fn a_wrong_pin_cannot_sign_and_nothing_is_written() {
    let (_dir, mut store, id) = demo();
    let standard = daocha::scoring::Standard::default_standard().unwrap();
    let team = store.require(id).unwrap().value.inspector_ids.clone();
    let versions = store.version_count().unwrap();
    let signer = feedback::SignerInput {
        role: daocha::domain::SignerRole::Inspector,
        name: "赵彧".into(),
        inspector: Some(team[0]),
        pin: "000000".into(),
        strokes: daocha::demo::demo_strokes("赵彧"),
        position: String::new(),
    };
    let result = feedback::sign(&mut store, id, None, &[signer], &standard);
    assert!(matches!(result, Err(feedback::SheetFailure::Key { .. })));
    assert_eq!(store.version_count().unwrap(), versions);
    assert_eq!(feedback::sheets(&store, id, None).unwrap().len(), 1);
}

#[test]
fn a_per_case_sheet_shows_only_that_case() {
    let (_dir, store, id) = demo();
    let standard = daocha::scoring::Standard::default_standard().unwrap();
    let content = feedback::draft(&store, id, Some("鲅综执罚〔2017〕80号"), &standard).unwrap();
    assert_eq!(content.findings.len(), 1);
    assert!(content.findings.iter().all(|f| f.case == "鲅综执罚〔2017〕80号"));
    assert_eq!(content.scores.len(), 1);
    // The recording its finding is placed in is listed on the case's sheet too.
    for f in content.findings.iter().filter(|f| !f.recording.is_empty()) {
        let file = f.recording.split_whitespace().last().unwrap();
        assert!(content.recordings.iter().any(|r| r.contains(file)), "{file} in {:?}", content.recordings);
    }
    assert!(content.findings.iter().any(|f| !f.recording.is_empty()));
    let (pdf, exported) = feedback::pdf(&store, id, Some("鲅综执罚〔2017〕80号"), &standard, false).unwrap();
    assert!(!exported.signed, "no per-case sheet was signed: it is a draft");
    assert!(daocha::sheet::extract_text(&pdf).unwrap()[0].contains("案卷检查反馈意见书"));
}

#[test]
fn the_sheet_says_where_each_finding_is_in_the_recordings() {
    let (_dir, store, id) = demo();
    let (pdf, payload) = signed(&store, id);
    let content: SheetContent = serde_json::from_str(&payload.content).unwrap();
    assert_eq!(content.format_version, feedback::content::FORMAT_VERSION);
    let recordings: Vec<daocha::store::Stored<daocha::domain::Recording>> = store.list_in(id).unwrap();
    let findings: Vec<daocha::store::Stored<daocha::domain::Finding>> = store.list_in(id).unwrap();
    let pages: String =
        daocha::sheet::extract_text(&pdf).unwrap().concat().chars().filter(|c| !c.is_whitespace()).collect();
    let mut located = 0;
    for line in &content.findings {
        let finding = findings.iter().find(|f| f.value.facts == line.facts).expect("a finding of the store");
        let expected = match daocha::domain::Recording::locate(recordings.iter().map(|r| &r.value), &finding.value) {
            Some((recording, seconds)) => {
                located += 1;
                let stored = recordings.iter().find(|r| r.value == *recording).unwrap();
                assert_eq!(content.record_versions.get(&stored.id.untyped()), Some(&stored.version_id));
                recording.position(seconds)
            }
            None => String::new(),
        };
        assert_eq!(line.recording, expected);
        if !expected.is_empty() {
            let shown: String = format!("（录音录像{expected}）").chars().filter(|c| !c.is_whitespace()).collect();
            assert!(pages.contains(&shown), "the page shows {expected}");
        }
    }
    assert!(located > 0, "the demo's findings were raised while a recording ran");

    // A finding with a time that no recording covers says so.
    let mut finding = findings[0].value.clone();
    finding.recorded_at = Some(chrono::NaiveDate::from_ymd_opt(2016, 1, 1).unwrap().and_hms_opt(8, 0, 0).unwrap());
    let mut store = store;
    store
        .write("finding.update", "改时点", |w| {
            w.update(findings[0].id, findings[0].version_id, &finding).map(|_| ())
        })
        .unwrap();
    let standard = daocha::scoring::Standard::default_standard().unwrap();
    let draft = feedback::draft(&store, id, None, &standard).unwrap();
    let line = draft.findings.iter().find(|f| f.facts == finding.facts).unwrap();
    assert_eq!(line.recording, feedback::content::NO_RECORDING);
}

#[test]
fn a_sheet_signed_in_the_first_format_still_verifies() {
    // Signed and exported by daocha before sheets said where findings are in the recordings.
    let pdf = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/sheet-format-1.pdf")).unwrap();
    let payload: Payload = serde_json::from_str(&daocha::sheet::read_embedded(&pdf).unwrap().unwrap()).unwrap();
    let content: SheetContent = serde_json::from_str(&payload.content).unwrap();
    assert_eq!(content.format_version, 1);
    assert!(content.findings.iter().all(|f| f.recording.is_empty()));
    let (_dir, store, _) = demo();
    let verdict = feedback::verify_anchored(&pdf, &team(&store));
    assert!(
        matches!(verdict, Verdict::Valid { number: 1, ref signers, ref notes } if signers.len() == 4 && notes.iter().any(|n| n.contains("第 1 版签署格式"))),
        "{verdict:?}"
    );
    // Without a roster its signers cannot be confirmed (and with only the lead key neither: it
    // carries no roster entries).
    assert!(matches!(feedback::verify(&pdf), Verdict::Unconfirmed { .. }));
    let lead = daocha::team::anchor(&store).unwrap().unwrap();
    assert!(
        matches!(feedback::verify_anchored(&pdf, &feedback::Anchor::LeadKey(lead)), Verdict::Unconfirmed { ref reason, .. } if reason.contains("名册证明"))
    );
    // Drawn again by this program, it is the same file byte for byte.
    assert_eq!(redraw(&payload), pdf);
}

#[test]
fn a_sheet_signed_in_the_second_format_still_verifies_and_redraws_byte_for_byte() {
    // Signed and exported by daocha before sheets carried their renderer and signing time.
    let pdf = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/sheet-format-2.pdf")).unwrap();
    let payload: Payload = serde_json::from_str(&daocha::sheet::read_embedded(&pdf).unwrap().unwrap()).unwrap();
    let content: SheetContent = serde_json::from_str(&payload.content).unwrap();
    assert_eq!(content.format_version, 2);
    assert!(content.findings.iter().any(|f| !f.recording.is_empty()));
    let (_dir, store, _) = demo();
    assert!(
        matches!(feedback::verify_anchored(&pdf, &team(&store)), Verdict::Valid { number: 1, ref signers, .. } if signers.len() == 4)
    );
    // Its renderer is chosen by its format, not by the payload's unsigned `renderer` field: a
    // blank one changes nothing of how it is checked.
    let mut blank = payload.clone();
    blank.renderer = String::new();
    assert!(matches!(feedback::verify_anchored(&redraw(&blank), &team(&store)), Verdict::Valid { .. }));
    assert_eq!(redraw(&payload), pdf);
}

#[test]
fn a_sheet_of_a_later_format_is_not_called_altered_but_an_altered_one_is() {
    let (_dir, store, id) = demo();
    let (_, payload) = signed(&store, id);
    let this = format!("\"format_version\":{}", feedback::content::FORMAT_VERSION);
    assert!(payload.content.contains(&this));
    let mut later = payload.clone();
    later.content = later.content.replace(&this, "\"format_version\":99");
    // Changed after signing: altered, whatever format it claims.
    let verdict = feedback::verify(&redraw(&later));
    assert!(matches!(verdict, Verdict::Invalid(ref r) if r.contains("摘要不符")), "{verdict:?}");
    // Signed as it is by a later program (here: signed again with the demo's keys).
    later.digest = daocha::store::canonical::sha256_hex(later.content.as_bytes());
    let inspectors = store.list::<daocha::domain::Inspector>().unwrap();
    for s in later.signatures.iter_mut().filter(|s| s.signature.is_some()) {
        let who = inspectors.iter().find(|i| i.value.name == s.name).unwrap();
        let (_, signature) = daocha::keys::sign(&store, who.id, "123456", &feedback::message(&later.digest)).unwrap();
        s.signature = Some(signature);
    }
    let verdict = feedback::verify(&redraw(&later));
    assert!(
        matches!(verdict, Verdict::Invalid(ref r) if r.starts_with("签名有效") && r.contains("较新版本") && r.contains("第 99 版")),
        "{verdict:?}"
    );
}

#[test]
fn a_veto_finding_fails_a_case_and_a_partly_scored_one_has_no_grade() {
    let (_dir, mut store, id) = demo();
    let (pdf, payload) = signed(&store, id);
    let content: SheetContent = serde_json::from_str(&payload.content).unwrap();
    let standard = daocha::scoring::Standard::default_standard().unwrap();
    // The demo's reviewed case has a confirmed finding that is a veto item (an expired
    // certificate): 不合格 whatever its points, although only one item was scored.
    let line = &content.scores[0];
    let scores: Vec<daocha::store::Stored<daocha::domain::Score>> = store.list_in(id).unwrap();
    let e = daocha::scoring::evaluate(&standard, &scores[0].value.items);
    assert!(e.unanswered() > 0 && e.veto().is_none(), "the demo's score leaves items unscored");
    assert_eq!((line.grade.as_str(), line.score.as_str()), ("不合格", "0.0"));
    assert!(line.veto.as_deref().is_some_and(|v| v.contains("现场确认")), "{line:?}");
    let pages: String =
        daocha::sheet::extract_text(&pdf).unwrap().concat().chars().filter(|c| !c.is_whitespace()).collect();
    assert!(pages.contains("不合格") && pages.contains("一票否决"), "the sheet says why");

    // A case scored on one item, with no finding: 未评完, no grade on paper.
    let case = store
        .list_in::<daocha::domain::CaseFile, _>(id)
        .unwrap()
        .into_iter()
        .find(|c| c.value.decision_no.as_str() != line.case)
        .unwrap();
    store
        .write("score.save", "评查", |w| {
            w.create(&daocha::domain::Score {
                inspection_id: id,
                case_file_id: case.id,
                standard_id: standard.id.clone(),
                standard_version: standard.version.clone(),
                items: vec![daocha::domain::ScoreItem {
                    item_id: "filing.approval".into(),
                    outcome: daocha::domain::ScoreOutcome::Pass,
                }],
                by: None,
            })
        })
        .unwrap();
    let draft = feedback::draft(&store, id, None, &standard).unwrap();
    let partial = draft.scores.iter().find(|s| s.case == case.value.decision_no.as_str()).unwrap();
    let total = standard.items_for(daocha::domain::Procedure::General).count();
    assert_eq!((partial.grade.as_str(), partial.incomplete.clone()), ("未评完", format!("已评 1/{total} 项")));
    let doc = feedback::document(&draft, None, &[], true).unwrap();
    let text: String =
        daocha::sheet::page_texts(&doc).unwrap().concat().chars().filter(|c| !c.is_whitespace()).collect();
    assert!(text.contains(&format!("未评完：已评1/{total}项")), "{text}");
}

#[test]
fn same_text_ignores_numbering_and_signers_but_not_what_is_printed() {
    let (_dir, store, id) = demo();
    let standard = daocha::scoring::Standard::default_standard().unwrap();
    let draft = feedback::draft(&store, id, None, &standard).unwrap();
    let (_, payload) = signed(&store, id);
    let signed: SheetContent = serde_json::from_str(&payload.content).unwrap();
    assert!(signed.same_records_as(&draft) && signed.same_text_as(&draft), "nothing changed since signing");
    // As a sheet of the first format would differ: the same records, without recording positions.
    let mut older = signed.clone();
    for f in &mut older.findings {
        f.recording.clear();
    }
    assert!(older.same_records_as(&draft));
    assert!(!older.same_text_as(&draft), "the text differs although the records do not");
}
