//! Forging a signed feedback sheet, as a unit with its copy of the PDF and time would try it: each
//! forgery is made by code and must not verify; a plain re-save by other software must be told
//! apart from a change; and the sheet's bytes must not depend on the computer's time zone.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

use daocha::feedback::{self, Anchor, Payload, Verdict, content::SheetContent};
use daocha::sheet::{Embedded, render};
use lopdf::{Document, Object};

const BIN: &str = env!("CARGO_BIN_EXE_daocha");

struct Demo {
    dir: tempfile::TempDir,
    store: daocha::store::Store,
    id: daocha::domain::Id<daocha::domain::Inspection>,
}

fn demo() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let (store, summary) = daocha::demo::create_demo(&dir.path().join("demo.db")).unwrap();
    Demo { dir, store, id: summary.inspection_id }
}

impl Demo {
    fn signed(&self) -> (Vec<u8>, Payload) {
        let standard = daocha::scoring::Standard::default_standard().unwrap();
        let (pdf, exported) = feedback::pdf(&self.store, self.id, None, &standard, false).unwrap();
        assert!(exported.signed);
        let payload: Payload = serde_json::from_str(&daocha::sheet::read_embedded(&pdf).unwrap().unwrap()).unwrap();
        (pdf, payload)
    }

    fn team(&self) -> Anchor {
        Anchor::Team(daocha::team::roster(&self.store).unwrap())
    }
}

/// Appends `ops` to the first page's drawing (what a forger with a PDF editor adds), optionally
/// blanking the payload's `renderer` field (which is outside what is signed).
fn tampered(pdf: &[u8], ops: &str, blank_renderer: bool) -> Vec<u8> {
    let mut doc = Document::load_mem(pdf).unwrap();
    let page = *doc.get_pages().values().next().unwrap();
    let mut content = doc.get_page_content(page);
    content.extend_from_slice(ops.as_bytes());
    doc.change_page_content(page, content).unwrap();
    if blank_renderer {
        let text = daocha::sheet::read_embedded(pdf).unwrap().unwrap();
        let mut payload: Payload = serde_json::from_str(&text).unwrap();
        payload.renderer = String::new();
        let new = serde_json::to_string(&payload).unwrap();
        for (_, object) in doc.objects.iter_mut() {
            if let Object::Stream(stream) = object
                && stream.dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"EmbeddedFile".as_slice())
            {
                stream.dict.remove(b"Filter");
                stream.set_plain_content(new.clone().into_bytes());
            }
        }
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn is_altered(verdict: &Verdict) -> bool {
    matches!(verdict, Verdict::Invalid(reason) if reason.contains("改动"))
}

#[test]
fn drawing_over_the_signed_page_never_verifies_whatever_the_payload_says() {
    let demo = demo();
    let (pdf, _) = demo.signed();
    assert!(matches!(feedback::verify_anchored(&pdf, &demo.team()), Verdict::Valid { .. }));
    let forgeries = [
        // An amount's digit hidden in text render mode 3 (invisible), another drawn over it.
        ("invisible text", "\nq BT /DCSONG 12 Tf 3 Tr 150 600 Td <0011> Tj ET Q\n"),
        // A '9' drawn as a path where a '2' was.
        ("a path over a digit", "\nq 0 0 0 rg 150 600 m 156 612 l 160 600 l 150 600 l f Q\n"),
        // A white box over a finding.
        ("a white box", "\nq 1 1 1 rg 80 400 450 60 re f Q\n"),
    ];
    for (what, ops) in forgeries {
        for blank in [false, true] {
            let forged = tampered(&pdf, ops, blank);
            let verdict = feedback::verify_anchored(&forged, &demo.team());
            assert!(is_altered(&verdict), "{what} (renderer blanked: {blank}) was not caught: {verdict:?}");
        }
    }
}

#[test]
fn a_plain_resave_by_other_software_is_told_apart_from_a_change() {
    let demo = demo();
    let (pdf, _) = demo.signed();
    // Loaded and saved again with its streams uncompressed and its objects renumbered, as a PDF
    // tool does: other bytes, the same drawing.
    let mut doc = Document::load_mem(&pdf).unwrap();
    doc.decompress();
    doc.renumber_objects();
    let mut resaved = Vec::new();
    doc.save_to(&mut resaved).unwrap();
    assert_ne!(resaved, pdf);
    match feedback::verify_anchored(&resaved, &demo.team()) {
        Verdict::Valid { notes, .. } => assert!(notes.iter().any(|n| n.contains("重新保存")), "{notes:?}"),
        other => panic!("a re-save was called {other:?}"),
    }
}

#[test]
fn a_sheet_resigned_with_strangers_keys_and_lifted_strokes_is_not_confirmed() {
    let demo = demo();
    let (_, payload) = demo.signed();
    // A stranger's database with keys of its own, for the same names.
    let mut stranger = daocha::store::Store::open(&demo.dir.path().join("stranger.db")).unwrap();
    let mut content: SheetContent = serde_json::from_str(&payload.content).unwrap();
    content.promises[0].deadline = Some("2017-12-31".into());
    content.findings[0].facts = content.findings[0].facts.replace("2,000.00", "9,000.00");
    let mut signatures = payload.signatures.clone();
    for (line, sig) in content.signers.iter_mut().zip(signatures.iter_mut()) {
        if line.public_key.is_none() {
            continue; // the representative's strokes, lifted as they are
        }
        let me = stranger
            .write("i", "i", |w| w.create(&daocha::domain::Inspector { name: line.name.clone(), ..Default::default() }))
            .unwrap();
        let key = daocha::keys::create(&mut stranger, me, "731904").unwrap();
        line.public_key = Some(key.hex.clone());
        sig.public_key = Some(key.hex);
    }
    let text = daocha::store::canonical::to_canonical(&content).unwrap();
    let digest = daocha::store::canonical::sha256_hex(text.as_bytes());
    for (line, sig) in content.signers.iter().zip(signatures.iter_mut()) {
        if line.public_key.is_none() {
            continue;
        }
        let me = stranger
            .list::<daocha::domain::Inspector>()
            .unwrap()
            .into_iter()
            .find(|i| i.value.name == line.name)
            .unwrap();
        sig.signature = Some(daocha::keys::sign(&stranger, me.id, "731904", &feedback::message(&digest)).unwrap().1);
    }
    let forged_payload = Payload { content: text, digest: digest.clone(), signatures, ..payload };
    let doc = feedback::document(&content, Some(&digest), &forged_payload.signatures, false).unwrap();
    let forged = render(&doc, &Embedded::payload(serde_json::to_string(&forged_payload).unwrap())).unwrap();
    // Intact as a file, signed as it is — by keys the team never registered.
    let verdict = feedback::verify_anchored(&forged, &demo.team());
    assert!(
        matches!(verdict, Verdict::Unconfirmed { ref reason, .. } if reason.contains("不在该团队数据库的名册中")),
        "{verdict:?}"
    );
    let lead = daocha::team::anchor(&demo.store).unwrap().unwrap();
    let verdict = feedback::verify_anchored(&forged, &Anchor::LeadKey(lead));
    assert!(matches!(verdict, Verdict::Unconfirmed { .. }), "{verdict:?}");
    // Without an anchor it is never called valid.
    assert!(matches!(feedback::verify(&forged), Verdict::Unconfirmed { .. }));
}

#[test]
fn the_lead_key_alone_confirms_the_signers_by_the_roster_entries_the_sheet_carries() {
    let demo = demo();
    let (pdf, payload) = demo.signed();
    let lead = daocha::team::anchor(&demo.store).unwrap().unwrap();
    match feedback::verify_anchored(&pdf, &Anchor::LeadKey(lead.clone())) {
        Verdict::Valid { signers, .. } => {
            assert!(signers.iter().any(|s| s.contains("王喆") && s.contains("21080020170031")), "{signers:?}");
        }
        other => panic!("{other:?}"),
    }
    // Another lead's key confirms nothing.
    let other = daocha::store::Store::open(&demo.dir.path().join("other.db")).unwrap();
    drop(other);
    let wrong = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    assert!(matches!(feedback::verify_anchored(&pdf, &Anchor::LeadKey(wrong.into())), Verdict::Unconfirmed { .. }));
    // The roster entries are part of what the inspectors signed.
    let content: SheetContent = serde_json::from_str(&payload.content).unwrap();
    assert_eq!(content.roster.len(), 3);
    assert!(content.roster.iter().all(|p| daocha::team::check_proof(p, &lead).is_ok()));
}

#[test]
fn every_page_names_its_version_and_check_code_and_a_page_of_another_version_does_not_pass() {
    let mut demo = demo();
    let (v1, p1) = demo.signed();
    // A change, and version 2 signed.
    let standard = daocha::scoring::Standard::default_standard().unwrap();
    let rect: Vec<daocha::store::Stored<daocha::domain::Rectification>> = demo.store.list_in(demo.id).unwrap();
    let mut later = rect[0].value.clone();
    later.deadline = chrono::NaiveDate::from_ymd_opt(2017, 12, 31);
    demo.store.write("r", "改", |w| w.update(rect[0].id, rect[0].version_id, &later)).unwrap();
    let team = demo.store.require(demo.id).unwrap().value.inspector_ids.clone();
    let mut signers = Vec::new();
    for id in &team {
        let name = demo.store.require(*id).unwrap().value.name;
        signers.push(feedback::SignerInput {
            role: daocha::domain::SignerRole::Inspector,
            strokes: daocha::demo::demo_strokes(&name),
            name,
            inspector: Some(*id),
            pin: daocha::demo::DEMO_PIN.into(),
            position: String::new(),
        });
    }
    feedback::sign(&mut demo.store, demo.id, None, &signers, &standard).unwrap();
    let (v2, p2) = demo.signed();
    let code = |p: &Payload| p.digest[..8].to_uppercase();
    let pages1 = daocha::sheet::extract_text(&v1).unwrap();
    let pages2 = daocha::sheet::extract_text(&v2).unwrap();
    for page in &pages1 {
        assert!(page.contains(&format!("第 1 版 · 校验码 {}", code(&p1))), "{page}");
    }
    for page in &pages2 {
        assert!(page.contains(&format!("第 2 版 · 校验码 {}", code(&p2))), "{page}");
    }
    // The last page of version 1 put into version 2's file.
    let mut doc = Document::load_mem(&v2).unwrap();
    let from = Document::load_mem(&v1).unwrap();
    let last1 = *from.get_pages().values().last().unwrap();
    let last2 = *doc.get_pages().values().last().unwrap();
    doc.change_page_content(last2, from.get_page_content(last1)).unwrap();
    let mut spliced = Vec::new();
    doc.save_to(&mut spliced).unwrap();
    assert!(is_altered(&feedback::verify_anchored(&spliced, &demo.team())));
}

fn run(args: &[&str], tz: &str) -> std::process::Output {
    Command::new(BIN).env("TZ", tz).args(args).output().unwrap()
}

#[test]
fn the_sheet_does_not_depend_on_the_time_zone_and_refuses_what_it_cannot_print() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let db = db.to_str().unwrap();
    assert!(run(&["demo", "--finished", "--db", db], "UTC").status.success());
    let listed = run(&["inspection", "list", "--json", "--db", db], "UTC");
    let id = serde_json::from_slice::<serde_json::Value>(&listed.stdout).unwrap()["inspections"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let (utc, la) = (out("utc.pdf"), out("la.pdf"));
    assert!(run(&["sheet", "--db", db, "--inspection", &id, "--out", &utc], "UTC").status.success());
    assert!(run(&["sheet", "--db", db, "--inspection", &id, "--out", &la], "America/Los_Angeles").status.success());
    assert_eq!(std::fs::read(&utc).unwrap(), std::fs::read(&la).unwrap());
    let text: String = daocha::sheet::extract_text(&std::fs::read(&utc).unwrap())
        .unwrap()
        .concat()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(text.contains("2017年9月12日14:30（北京时间）"), "the signing time in Beijing time");
    // verify: 0 with the team database, 1 without it.
    assert_eq!(run(&["verify", &utc, "--team", db], "UTC").status.code(), Some(0));
    assert_eq!(run(&["verify", &utc], "UTC").status.code(), Some(1));
    // A case the inspection does not have, and a sheet that was never signed.
    let missing = run(
        &["sheet", "--db", db, "--inspection", &id, "--case", "鲅综执罚〔2099〕1号", "--out", &out("x.pdf")],
        "UTC",
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("没有决定书文号"));
    let created = run(
        &[
            "inspection",
            "create",
            "--db",
            db,
            "--unit",
            "区市场监管局",
            "--domain",
            "市场监管",
            "--date",
            "2017-09-13",
            "--inspector",
            "王喆",
        ],
        "UTC",
    );
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    let new_id = String::from_utf8_lossy(&created.stdout)
        .lines()
        .find_map(|l| l.split_whitespace().find(|w| w.len() == 36).map(str::to_string))
        .unwrap_or_default();
    let unsigned = run(&["sheet", "--db", db, "--inspection", &new_id, "--out", &out("u.pdf")], "UTC");
    assert_eq!(unsigned.status.code(), Some(2), "{}", String::from_utf8_lossy(&unsigned.stderr));
    assert!(String::from_utf8_lossy(&unsigned.stderr).contains("--draft"));
    let draft = run(&["sheet", "--db", db, "--inspection", &new_id, "--draft", "--out", &out("d.pdf")], "UTC");
    assert!(draft.status.success());
    let text: String = daocha::sheet::extract_text(&std::fs::read(out("d.pdf")).unwrap())
        .unwrap()
        .concat()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(
        text.contains("没有可供抽查的材料") && !text.contains("未发现问题"),
        "an empty inspection does not claim a clean result: {text}"
    );
    assert!(Path::new(&out("d.pdf")).exists());
}
