//! `daocha team …` and `daocha key show`: the team's roster and the key ceremony.

use std::io::Write;
use std::path::Path;

use serde_json::json;

use super::share::{inspector, pin};
use super::{EXIT_OK, TeamCommand};
use crate::store::Store;
use crate::team;

/// Runs a `daocha team` subcommand.
pub fn run(action: TeamCommand) -> anyhow::Result<u8> {
    match action {
        TeamCommand::Init { db, lead, cert, pin: given } => {
            let mut store = Store::open(&db)?;
            let pin = pin(given.as_deref())?;
            let public = team::init(&mut store, &lead, &cert, &pin)?;
            say!(
                "已建立团队数据库：{}\n组长：{}\n组长公钥指纹：{}\n组长公钥：{}\n检查人员的电脑加入团队时，请核对此指纹。",
                db.display(),
                lead.trim(),
                public.fingerprint(),
                public.hex
            );
            Ok(EXIT_OK)
        }
        TeamCommand::Add { db, inspector: name, public_key, inspector_id, cert, pin: given } => {
            let inspector_id = match inspector_id.as_deref().map(str::trim) {
                Some(text) => Some(text.parse::<crate::domain::Id<crate::domain::Inspector>>().map_err(|_| {
                    anyhow::anyhow!(
                        "--inspector-id “{text}”不是记录编号：请照抄检查人员电脑上 daocha key show 给出的编号"
                    )
                })?),
                None => None,
            };
            let mut store = Store::open_existing(&db)?;
            let pin = pin(given.as_deref())?;
            let member = team::add_for(&mut store, inspector_id, &name, &public_key, &cert, &pin)?;
            say!(
                "已登记团队成员：{}（执法证号 {}）\n公钥指纹：{}\n请与该检查人员电脑上“我的密钥”页显示的指纹再核对一次。",
                member.inspector,
                if member.cert_no.is_empty() { "未填" } else { &member.cert_no },
                member.fingerprint
            );
            Ok(EXIT_OK)
        }
        TeamCommand::List { db, json } => list(&db, json),
        TeamCommand::Revoke { db, inspector: who, reason, pin: given } => {
            let mut store = Store::open_existing(&db)?;
            let pin = pin(given.as_deref())?;
            let member = team::revoke(&mut store, &who, &reason, &pin)?;
            say!(
                "已撤销 {} 的密钥（指纹 {}）。此后由该密钥签名的文件不再被合并。",
                member.inspector,
                member.fingerprint
            );
            Ok(EXIT_OK)
        }
        TeamCommand::Join { db, lead_key } => {
            let mut store = Store::open_existing(&db)?;
            let public = team::join(&mut store, &lead_key)?;
            say!("本机已加入团队。组长公钥指纹：{}\n今后合并的文件须由团队名册中的密钥签名。", public.fingerprint());
            Ok(EXIT_OK)
        }
    }
}

fn list(db: &Path, as_json: bool) -> anyhow::Result<u8> {
    let store = Store::open_existing(db)?;
    let roster = team::roster(&store)?;
    let mut members: Vec<&team::Member> = roster.by_key.values().collect();
    members.sort_by(|a, b| (b.role == "lead", &a.inspector).cmp(&(a.role == "lead", &b.inspector)));
    let mut out = std::io::stdout().lock();
    if as_json {
        let value = json!({
            "lead_fingerprint": roster.anchor.as_deref().map(crate::keys::fingerprint),
            "members": members,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(EXIT_OK);
    }
    match &roster.anchor {
        None => writeln!(out, "此数据库还不是团队数据库（没有组长公钥）。")?,
        Some(anchor) => writeln!(out, "组长公钥指纹：{}", crate::keys::fingerprint(anchor))?,
    }
    for m in members {
        writeln!(
            out,
            "{}\t{}\t执法证号 {}\t指纹 {}{}",
            m.inspector,
            if m.role == "lead" { "组长" } else { "检查人员" },
            if m.cert_no.is_empty() { "未填" } else { &m.cert_no },
            m.fingerprint,
            if m.revoked { format!("\t已撤销：{}", m.revoked_reason) } else { String::new() }
        )?;
    }
    Ok(EXIT_OK)
}

/// `daocha key show`.
pub fn key_show(db: &Path, name: Option<&str>, as_json: bool) -> anyhow::Result<u8> {
    let store = Store::open_existing(db)?;
    let id = inspector(&store, name)?;
    let person = store.require(id)?.value;
    let public = crate::keys::public_key(&store, id)?.ok_or_else(|| {
        anyhow::anyhow!(
            "{} 在本机还没有签名密钥。请先运行 daocha key create --db {} --inspector {}",
            person.name,
            db.display(),
            person.name
        )
    })?;
    if as_json {
        say!(
            "{}",
            serde_json::to_string_pretty(&json!({
                "inspector": person.name,
                "inspector_id": id.to_string(),
                "public_key": public.hex,
                "fingerprint": public.fingerprint()
            }))?
        );
    } else {
        say!(
            "检查人员：{}\n记录编号：{id}\n公钥指纹：{}\n公钥：{}\n组长当面核对指纹后登记：daocha team add --db 团队数据库 --inspector {} --inspector-id {id} --public-key {}",
            person.name,
            public.fingerprint(),
            public.hex,
            person.name,
            public.hex
        );
    }
    Ok(EXIT_OK)
}

/// `daocha clues`: the clues this key may open, each opening audited.
pub fn clues(db: &Path, name: Option<&str>, given: Option<&str>, as_json: bool) -> anyhow::Result<u8> {
    let mut store = Store::open_existing(db)?;
    let id = inspector(&store, name)?;
    let pin = pin(given)?;
    let opened = crate::inspection::clues::open(&mut store, id, &pin, None)?;
    // What became of them (执纪问责): the lead's alone, opened (and audited) only on the lead's side
    // and only when there are any.
    let outcomes =
        if crate::campaign::lead::may_decide(&store)? && store.count_of(crate::domain::RecordKind::ClueOutcome)? > 0 {
            crate::inspection::clues::open_outcomes(&mut store, id, &pin)?
        } else {
            Vec::new()
        };
    let lookups = crate::inspection::Lookups::load(&store)?;
    let rows: Vec<serde_json::Value> = opened
        .values()
        .map(|(clue, text)| {
            let outcomes: Vec<serde_json::Value> = outcomes
                .iter()
                .filter(|(o, _)| o.value.clue_id == clue.id)
                .map(|(o, t)| {
                    json!({
                        "received_by": t.received_by,
                        "received_on": t.received_on.map(|d| d.to_string()),
                        "result": t.result,
                        "recorded_at": o.value.recorded_at.format("%Y-%m-%d %H:%M").to_string(),
                    })
                })
                .collect();
            json!({
                "outcomes": outcomes,
                "clue_id": clue.id.to_string(),
                "inspection": lookups.inspection_title(clue.value.inspection_id),
                "decision_no": text.decision_no.as_ref().map(ToString::to_string),
                "what": text.what,
                "recorded_by": clue.value.recorded_by.map(|i| lookups.inspector_name(i)),
                "reported_to": clue.value.reported_to.iter().map(|r| r.label()).collect::<Vec<_>>(),
                "reported_at": clue.value.reported_at.map(|t| t.format("%Y-%m-%d %H:%M").to_string()),
            })
        })
        .collect();
    if as_json {
        say!("{}", serde_json::to_string_pretty(&json!({ "clues": rows }))?);
    } else {
        say!("可打开的线索 {} 条（本次打开已记入审计日志）：", rows.len());
        for r in &rows {
            say!(
                "· {}｜{}｜{}\n  {}",
                r["inspection"].as_str().unwrap_or_default(),
                r["decision_no"].as_str().unwrap_or("（无案卷）"),
                r["recorded_by"].as_str().unwrap_or("（未记登记人）"),
                r["what"].as_str().unwrap_or_default()
            );
            for o in r["outcomes"].as_array().into_iter().flatten() {
                say!(
                    "  处理结果：{}（{}接收）：{}",
                    o["received_by"].as_str().unwrap_or_default(),
                    o["received_on"].as_str().unwrap_or("日期不详"),
                    o["result"].as_str().unwrap_or_default()
                );
            }
        }
    }
    Ok(EXIT_OK)
}

/// `daocha clue-outcome`: what became of a transferred clue, sealed for the lead.
pub fn clue_outcome(db: &Path, clue: &str, received_by: &str, date: Option<&str>, result: &str) -> anyhow::Result<u8> {
    let mut store = Store::open_existing(db)?;
    let Ok(clue) = clue.trim().parse() else {
        eprintln!("“{clue}”不是线索编号：请用 daocha clues --db … --json 查看 clue_id。");
        return Ok(super::EXIT_USAGE);
    };
    let received_on = match date {
        Some(text) => Some(
            crate::domain::dates::parse_date(text)
                .map_err(|e| anyhow::anyhow!("接收日期“{text}”无法识别：{e}。请写成 2017-10-09。"))?,
        ),
        None => None,
    };
    let text = crate::inspection::clues::OutcomeText {
        received_by: received_by.trim().to_string(),
        received_on,
        result: result.trim().to_string(),
    };
    match crate::inspection::clues::record_outcome(&mut store, clue, &text) {
        Ok(_) => {
            say!("已登记线索处理结果（内容已加密，仅组长可用 daocha clues 查看，查看记入审计日志）。");
            Ok(EXIT_OK)
        }
        Err(
            e @ (crate::inspection::clues::ClueError::NotLead
            | crate::inspection::clues::ClueError::Store(
                crate::store::StoreError::Invalid(_) | crate::store::StoreError::NotFound(_),
            )),
        ) => {
            eprintln!("{e}");
            Ok(super::EXIT_USAGE)
        }
        Err(e) => Err(e.into()),
    }
}
