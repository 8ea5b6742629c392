//! `docs/sampling.md` is a specification others can implement: its test vectors are checked here
//! against daocha's own code, and, when `python3` is on this machine, against the independent
//! re-implementation in `tools/redraw.py` (which must also re-draw a sample exported from a real
//! database, and refuse a doctored one).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use daocha::domain::{Fen, Population, SampleMethod, StrataBy};
use daocha::sampling::{self, Item, Request, StrataSpec, reviewers, strata};
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The JSON block after `<!-- test-vectors -->` in docs/sampling.md.
fn vectors() -> Value {
    let text = std::fs::read_to_string(root().join("docs/sampling.md")).unwrap();
    let after = text.split_once("<!-- test-vectors -->").unwrap().1;
    let body = after.split_once("```json").unwrap().1.split_once("```").unwrap().0;
    serde_json::from_str(body).unwrap()
}

fn hex32(text: &str) -> [u8; 32] {
    let bytes: Vec<u8> = (0..32).map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16).unwrap()).collect();
    bytes.try_into().unwrap()
}

fn items(value: &Value) -> Vec<Item> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|row| Item {
            key: row[0].as_str().unwrap().to_string(),
            amount: Fen(row[1].as_i64().unwrap()),
            year: row[2].as_i64().map(|y| i32::try_from(y).unwrap()),
            officer: row[3].as_str().map(str::to_string),
        })
        .collect()
}

fn spec(value: Option<&Value>) -> Option<StrataSpec> {
    let value = value?;
    let by = match value.get("by").and_then(Value::as_str) {
        Some("year") => Some(StrataBy::Year),
        Some("amount") => Some(StrataBy::Amount),
        Some("officer") => Some(StrataBy::Officer),
        _ => None,
    };
    let bands = value
        .get("bands_fen")
        .and_then(Value::as_array)
        .map(|b| b.iter().map(|x| Fen(x.as_i64().unwrap())).collect())
        .unwrap_or_default();
    Some(StrataSpec { by, bands, take_all_above: value.get("take_all_above_fen").and_then(Value::as_i64).map(Fen) })
}

#[test]
fn the_generator_is_chacha20_as_specified() {
    for v in vectors()["stream"].as_array().unwrap() {
        let mut rng = ChaCha20Rng::from_seed(hex32(v["key"].as_str().unwrap()));
        for expected in v["first_u64"].as_array().unwrap() {
            assert_eq!(format!("{:016x}", rng.next_u64()), expected.as_str().unwrap(), "{}", v["name"]);
        }
    }
}

#[test]
fn every_sample_vector_is_what_daocha_draws() {
    for v in vectors()["samples"].as_array().unwrap() {
        let name = v["name"].as_str().unwrap();
        let population = items(&v["items"]);
        let request = Request {
            method: if v["method"] == "mus" { SampleMethod::Mus } else { SampleMethod::Srs },
            size: u32::try_from(v["size"].as_u64().unwrap()).unwrap(),
            seed: v["seed"].as_str().unwrap().to_string(),
            year: v.get("year").and_then(Value::as_i64).map(|y| i32::try_from(y).unwrap()),
            strata: spec(v.get("strata")),
        };
        let drawn = sampling::draw(&population, &request).unwrap();
        assert_eq!(drawn.population_sha256, v["population_sha256"].as_str().unwrap(), "{name}");
        let selected: Vec<&str> = v["selected"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
        assert_eq!(drawn.selected, selected, "{name}");
        if let Some(interval) = v.get("interval_fen") {
            assert_eq!(drawn.interval.map(|i| i.0), interval.as_i64(), "{name}");
        }
        if let Some(indices) = v.get("selected_indices") {
            let canonical = sampling::canonical(&population, request.year);
            let positions: Vec<u64> =
                drawn.selected.iter().map(|k| canonical.iter().position(|i| &i.key == k).unwrap() as u64).collect();
            let expected: Vec<u64> = indices.as_array().unwrap().iter().map(|i| i.as_u64().unwrap()).collect();
            assert_eq!(positions, expected, "{name}");
        }
        if let Some(sub_seeds) = v.get("sub_seeds") {
            let ours: Vec<&str> = drawn.strata.iter().map(|s| s.sub_seed.as_str()).collect();
            let expected: Vec<&str> = sub_seeds.as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
            assert_eq!(ours, expected, "{name}");
        }
    }
}

#[test]
fn reviewer_and_allocation_vectors() {
    let all = vectors();
    for v in all["reviewers"].as_array().unwrap() {
        let candidates: Vec<reviewers::Candidate> = v["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| reviewers::Candidate {
                id: c["id"].as_str().unwrap().to_string(),
                name: c["name"].as_str().unwrap().to_string(),
            })
            .collect();
        let cases: Vec<String> =
            v["cases"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect();
        let conflicts: Vec<reviewers::Conflict> = v["conflicts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| reviewers::Conflict {
                candidate: c["candidate"].as_str().unwrap().to_string(),
                case: c["case"].as_str().map(str::to_string),
            })
            .collect();
        let drawn = reviewers::draw(&candidates, &cases, &conflicts, v["seed"].as_str().unwrap()).unwrap();
        assert_eq!(drawn.input_sha256, v["input_sha256"].as_str().unwrap());
        let expected: Vec<(String, Vec<String>)> = v["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["case"].as_str().unwrap().to_string(),
                    a["reviewers"].as_array().unwrap().iter().map(|r| r.as_str().unwrap().to_string()).collect(),
                )
            })
            .collect();
        let ours: Vec<(String, Vec<String>)> = drawn.assignments.into_iter().map(|a| (a.case, a.reviewers)).collect();
        assert_eq!(ours, expected);
    }
    for v in all["allocations"].as_array().unwrap() {
        let weights: Vec<u128> =
            v["weights"].as_array().unwrap().iter().map(|w| u128::from(w.as_u64().unwrap())).collect();
        let caps: Vec<u64> = v["caps"].as_array().unwrap().iter().map(|c| c.as_u64().unwrap()).collect();
        let sizes: Vec<u64> = v["sizes"].as_array().unwrap().iter().map(|c| c.as_u64().unwrap()).collect();
        assert_eq!(strata::allocate(v["n"].as_u64().unwrap(), &weights, &caps), sizes, "{v}");
    }
}

/// `python3 tools/redraw.py ARGS`, or `None` (with a message) when there is no python3.
fn python(args: &[&str]) -> Option<(i32, String)> {
    let found = Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("python3 not found: the independent re-draw with tools/redraw.py is skipped");
        return None;
    }
    let output = Command::new("python3").arg(root().join("tools/redraw.py")).args(args).output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    Some((output.status.code().unwrap_or(-1), text))
}

#[test]
fn the_python_script_agrees_on_every_vector() {
    let spec = root().join("docs/sampling.md");
    if let Some((code, text)) = python(&["--vectors", spec.to_str().unwrap()]) {
        assert_eq!(code, 0, "{text}");
        assert!(text.contains("test vectors agree"), "{text}");
    }
}

fn export(store: &daocha::store::Store, sample: &daocha::domain::Sample, path: &Path) {
    let value = daocha::inspection::export_population(store, sample).unwrap();
    std::fs::write(path, serde_json::to_string_pretty(&value).unwrap()).unwrap();
}

#[test]
fn the_python_script_redraws_samples_exported_from_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, demo) = daocha::demo::create_first_morning(&dir.path().join("d.db")).unwrap();
    // A stratified monetary-unit sample of receipts: by amount, the largest taken whole.
    let request = Request {
        method: SampleMethod::Mus,
        size: 12,
        seed: "3-5-2-6".into(),
        year: None,
        strata: Some(StrataSpec {
            by: Some(StrataBy::Amount),
            bands: vec![Fen(50_000), Fen(200_000)],
            take_all_above: Some(Fen(1_000_000)),
        }),
    };
    let stratified =
        daocha::inspection::draw_sample(&mut store, demo.inspection_id, Population::Receipts, &request).unwrap();
    assert!(stratified.value.strata.as_ref().is_some_and(|s| s.strata.len() >= 3));
    let path = dir.path().join("receipts.json");
    export(&store, &stratified.value, &path);
    let Some((code, text)) = python(&[path.to_str().unwrap()]) else { return };
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("核验一致"), "{text}");
    // A doctored record (another seed than the one drawn with) does not pass.
    let mut doctored: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    doctored["sample"]["seed"] = Value::String("3-5-2-5".into());
    std::fs::write(&path, doctored.to_string()).unwrap();
    let (code, text) = python(&[path.to_str().unwrap()]).unwrap();
    assert_eq!(code, 1, "{text}");
    // A plain simple random sample of 2017's ledger, after the lead opens stage 2.
    daocha::inspection::review::override_stage(&mut store, demo.inspection_id, daocha::domain::Stage::Ledger, "测试")
        .unwrap();
    let request = Request { method: SampleMethod::Srs, size: 7, seed: "6-1-4".into(), year: Some(2017), strata: None };
    let ledger = daocha::inspection::draw_sample(&mut store, demo.inspection_id, Population::Ledger, &request).unwrap();
    export(&store, &ledger.value, &path);
    let (code, text) = python(&[path.to_str().unwrap()]).unwrap();
    assert_eq!(code, 0, "{text}");
}
