//! The 违纪违法线索 register, sealed.
//!
//! A clue's content — the case and what was found — is sealed before it is written, once for each
//! person who may read it: the team lead (the team's anchor key) and the inspector who recorded it.
//! Each copy is an anonymous sealed box (libsodium's `crypto_box_seal`: X25519 and
//! XSalsa20-Poly1305, from the `crypto_box` crate) to the X25519 form of the person's Ed25519 key
//! (the birational map libsodium's `crypto_sign_ed25519_pk_to_curve25519` and age's `ssh-ed25519`
//! recipients use), so no second key needs registering. The plain text exists only in memory: in no
//! database, WAL, export or merged team database. Opening needs the PIN and writes an audit entry
//! naming who opened which clues and when. Plan files carry no clues at all (`merge::export`).

use std::collections::BTreeMap;

use crypto_box::aead::OsRng;
use ed25519_dalek::{SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::domain::{Clue, DecisionNo, Id, Inspection, Inspector, RecordId, SealedBox};
use crate::keys::{self, KeyError};
use crate::store::canonical::{hex, to_canonical, unhex};
use crate::store::{Store, StoreError, Stored};

/// What a clue says, once opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClueText {
    /// The case, if any.
    pub decision_no: Option<DecisionNo>,
    /// What was found.
    pub what: String,
}

/// Why a clue could not be sealed or opened.
#[derive(Debug, thiserror::Error)]
pub enum ClueError {
    /// The author has no key to seal to.
    #[error("{0} 在本机还没有签名密钥：线索以您的和组长的密钥加密保存。请先在“我的密钥”页创建密钥。")]
    NoKey(String),
    /// Nobody is chosen as the author.
    #[error("请先选择本机检查人员（线索以登记人和组长的密钥加密保存）。")]
    NoAuthor,
    /// A key problem.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// A store problem.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Sealing failed.
    #[error("线索加密失败：{0}")]
    Seal(String),
    /// Not the lead's database.
    #[error("只有组长可以登记线索的处理结果（执纪问责）：请由组长在团队数据库中操作。")]
    NotLead,
}

/// The X25519 public key of an Ed25519 public key (hex).
fn box_public(public_key_hex: &str) -> Option<crypto_box::PublicKey> {
    let bytes: [u8; 32] = unhex(public_key_hex)?.try_into().ok()?;
    let verifying = VerifyingKey::from_bytes(&bytes).ok()?;
    Some(crypto_box::PublicKey::from(verifying.to_montgomery().to_bytes()))
}

/// The X25519 secret key of an Ed25519 signing key.
fn box_secret(key: &SigningKey) -> crypto_box::SecretKey {
    crypto_box::SecretKey::from(key.to_scalar_bytes())
}

/// Who a clue recorded by `author` is sealed to: the author and the team's lead (once if the same).
pub fn recipients(store: &Store, author: Id<Inspector>) -> Result<Vec<String>, ClueError> {
    let name = || store.get(author).ok().flatten().map_or_else(|| author.to_string(), |i| i.value.name);
    let own = keys::public_key(store, author)?.ok_or_else(|| ClueError::NoKey(name()))?;
    let mut to = vec![own.hex];
    if let Some(lead) = crate::team::anchor(store)?
        && !to.contains(&lead)
    {
        to.push(lead);
    }
    Ok(to)
}

/// Seals `text` to each of `recipients` (Ed25519 public keys, hex), with the system's randomness.
pub fn seal(text: &ClueText, recipients: &[String]) -> Result<Vec<SealedBox>, ClueError> {
    seal_with(text, recipients, &mut OsRng)
}

fn seal_with(
    text: &ClueText,
    recipients: &[String],
    rng: &mut impl crypto_box::aead::rand_core::CryptoRngCore,
) -> Result<Vec<SealedBox>, ClueError> {
    let plain = to_canonical(text).map_err(|e| ClueError::Seal(e.to_string()))?;
    recipients
        .iter()
        .map(|to| {
            let public = box_public(to).ok_or_else(|| ClueError::Seal(format!("公钥无效：{to}")))?;
            let sealed = public.seal(rng, plain.as_bytes()).map_err(|e| ClueError::Seal(e.to_string()))?;
            Ok(SealedBox { to: to.clone(), sealed: hex(&sealed) })
        })
        .collect()
}

/// The randomness of the demo's sealed clue, so that the demo is the same database every time:
/// SHA-256 of a counter and a seed. Never for real clues (the demo's keys are public anyway).
struct DemoRandomness {
    seed: [u8; 32],
    counter: u64,
}

impl crypto_box::aead::rand_core::RngCore for DemoRandomness {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0; 4];
        self.fill_bytes(&mut b);
        u32::from_le_bytes(b)
    }
    fn next_u64(&mut self) -> u64 {
        let mut b = [0; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        use sha2::Digest;
        for chunk in dest.chunks_mut(32) {
            let block: [u8; 32] =
                sha2::Sha256::new().chain_update(self.seed).chain_update(self.counter.to_le_bytes()).finalize().into();
            self.counter += 1;
            chunk.copy_from_slice(&block[..chunk.len()]);
        }
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), crypto_box::aead::rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl crypto_box::aead::rand_core::CryptoRng for DemoRandomness {}

/// Opens the copy of `clue` sealed for `key`, if there is one.
pub fn open_with(key: &SigningKey, clue: &Clue) -> Option<ClueText> {
    if clue.sealed.is_empty() && !clue.what.is_empty() {
        // Recorded by a build before clues were sealed.
        return Some(ClueText { decision_no: clue.decision_no.clone(), what: clue.what.clone() });
    }
    let mine = hex(key.verifying_key().as_bytes());
    let sealed = clue.sealed.iter().find(|b| b.to == mine)?;
    let plain = box_secret(key).unseal(&unhex(&sealed.sealed)?).ok()?;
    serde_json::from_slice(&plain).ok()
}

/// The form's JSON of a clue (plain `what` and `decision_no`, as typed) turned into the record to
/// write: the content sealed to the recorder and the lead, the plain fields emptied.
pub fn sealed_json(store: &Store, content: &serde_json::Value) -> Result<serde_json::Value, ClueError> {
    let mut clue: Clue = serde_json::from_value(content.clone()).map_err(StoreError::from)?;
    let author = clue.recorded_by.or(store.current_inspector()).ok_or(ClueError::NoAuthor)?;
    clue.recorded_by = Some(author);
    let text = ClueText { decision_no: clue.decision_no.take(), what: std::mem::take(&mut clue.what) };
    if text.what.trim().is_empty() {
        return Err(StoreError::Invalid(vec![crate::domain::FieldError::new("线索内容", "不能为空")]).into());
    }
    clue.sealed = seal(&text, &recipients(store, author)?)?;
    Ok(serde_json::to_value(&clue).map_err(StoreError::from)?)
}

/// Records a clue (sealed) in one command; returns its id.
pub fn record(
    store: &mut Store,
    inspection: Id<Inspection>,
    text: &ClueText,
    reported_to: Vec<crate::domain::ClueRecipient>,
    reported_at: Option<chrono::NaiveDateTime>,
) -> Result<Id<Clue>, ClueError> {
    record_sealed(store, inspection, text, reported_to, reported_at, None)
}

/// [`record`] for the demo: sealed with randomness derived from `seed`, the same every time.
pub(crate) fn record_demo(
    store: &mut Store,
    inspection: Id<Inspection>,
    text: &ClueText,
    reported_to: Vec<crate::domain::ClueRecipient>,
    reported_at: Option<chrono::NaiveDateTime>,
    seed: [u8; 32],
) -> Result<Id<Clue>, ClueError> {
    record_sealed(store, inspection, text, reported_to, reported_at, Some(seed))
}

fn record_sealed(
    store: &mut Store,
    inspection: Id<Inspection>,
    text: &ClueText,
    reported_to: Vec<crate::domain::ClueRecipient>,
    reported_at: Option<chrono::NaiveDateTime>,
    demo_seed: Option<[u8; 32]>,
) -> Result<Id<Clue>, ClueError> {
    let author = store.current_inspector().ok_or(ClueError::NoAuthor)?;
    let to = recipients(store, author)?;
    let sealed = match demo_seed {
        Some(seed) => seal_with(text, &to, &mut DemoRandomness { seed, counter: 0 })?,
        None => seal(text, &to)?,
    };
    let clue = Clue {
        inspection_id: inspection,
        decision_no: None,
        what: String::new(),
        sealed,
        recorded_by: Some(author),
        reported_to,
        reported_at,
    };
    Ok(store.write("clue.create", "登记违纪违法线索（内容已加密）", |w| w.create(&clue))?)
}

/// Opens, with `inspector`'s key (PIN), every clue this key may open — of `inspection`, or all —
/// and writes an audit entry naming who opened which. Clues sealed for others are left closed.
pub fn open(
    store: &mut Store,
    inspector: Id<Inspector>,
    pin: &str,
    inspection: Option<Id<Inspection>>,
) -> Result<BTreeMap<RecordId, (Stored<Clue>, ClueText)>, ClueError> {
    let key = keys::signing_key(store, inspector, pin)?;
    let clues = match inspection {
        Some(id) => store.list_in::<Clue, _>(id)?,
        None => store.list::<Clue>()?,
    };
    let opened: BTreeMap<RecordId, (Stored<Clue>, ClueText)> = clues
        .into_iter()
        .filter_map(|c| {
            let text = open_with(&key, &c.value)?;
            Some((c.id.untyped(), (c, text)))
        })
        .collect();
    let who = store.get(inspector)?.map_or_else(|| inspector.to_string(), |i| i.value.name);
    let ids: Vec<String> = opened.keys().map(ToString::to_string).collect();
    let summary = format!(
        "{who} 打开违纪违法线索 {} 条{}",
        ids.len(),
        if ids.is_empty() { String::new() } else { format!("：{}", ids.join("、")) }
    );
    store.write("clue.open", &summary, |_| Ok(()))?;
    Ok(opened)
}

/// What became of a transferred clue (执纪问责), once opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeText {
    /// Who received it (纪检监察机关, 检察机关 and the person who signed for it).
    pub received_by: String,
    /// When it was received.
    pub received_on: Option<chrono::NaiveDate>,
    /// The result (立案, 党纪处分, 诫勉谈话, 不予追究 …) or where it stands.
    pub result: String,
}

/// Records what became of `clue`, sealed for the team lead alone (in a database of no team, for
/// the inspector at the keyboard). Only the lead may: the outcome of a discipline case is the
/// lead's to know.
pub fn record_outcome(
    store: &mut Store,
    clue: Id<Clue>,
    text: &OutcomeText,
) -> Result<Id<crate::domain::ClueOutcome>, ClueError> {
    if !crate::campaign::lead::may_decide(store)? {
        return Err(ClueError::NotLead);
    }
    if text.received_by.trim().is_empty() || text.result.trim().is_empty() {
        return Err(StoreError::Invalid(vec![crate::domain::FieldError::new(
            "处理结果",
            "请写明接收单位（人）和处理结果",
        )])
        .into());
    }
    let clue = store.require(clue)?;
    let author = store.current_inspector().ok_or(ClueError::NoAuthor)?;
    let to = match crate::team::anchor(store)? {
        Some(lead) => lead,
        None => keys::public_key(store, author)?.ok_or_else(|| ClueError::NoKey(author.to_string()))?.hex,
    };
    let plain = to_canonical(text).map_err(|e| ClueError::Seal(e.to_string()))?;
    let public = box_public(&to).ok_or_else(|| ClueError::Seal(format!("公钥无效：{to}")))?;
    let sealed = public.seal(&mut OsRng, plain.as_bytes()).map_err(|e| ClueError::Seal(e.to_string()))?;
    let outcome = crate::domain::ClueOutcome {
        inspection_id: clue.value.inspection_id,
        clue_id: clue.id,
        sealed: vec![SealedBox { to, sealed: hex(&sealed) }],
        recorded_by: Some(author),
        recorded_at: store.now(),
    };
    Ok(store.write("clue.outcome", "登记线索处理结果（内容已加密，仅组长可见）", |w| {
        w.create(&outcome)
    })?)
}

/// Opens, with `inspector`'s key (PIN), every clue outcome sealed for it, and writes an audit entry
/// naming who opened them. Outcomes sealed for another key stay closed (none is opened for a member).
pub fn open_outcomes(
    store: &mut Store,
    inspector: Id<Inspector>,
    pin: &str,
) -> Result<Vec<(Stored<crate::domain::ClueOutcome>, OutcomeText)>, ClueError> {
    let key = keys::signing_key(store, inspector, pin)?;
    let mine = hex(key.verifying_key().as_bytes());
    let secret = box_secret(&key);
    let opened: Vec<(Stored<crate::domain::ClueOutcome>, OutcomeText)> = store
        .list::<crate::domain::ClueOutcome>()?
        .into_iter()
        .filter_map(|o| {
            let sealed = o.value.sealed.iter().find(|b| b.to == mine)?;
            let plain = secret.unseal(&unhex(&sealed.sealed)?).ok()?;
            let text = serde_json::from_slice(&plain).ok()?;
            Some((o, text))
        })
        .collect();
    let who = store.get(inspector)?.map_or_else(|| inspector.to_string(), |i| i.value.name);
    let summary = format!("{who} 打开线索处理结果 {} 条", opened.len());
    store.write("clue.outcome.open", &summary, |_| Ok(()))?;
    Ok(opened)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clue_opens_for_its_recipients_only() {
        let lead = SigningKey::from_bytes(&[1; 32]);
        let author = SigningKey::from_bytes(&[2; 32]);
        let other = SigningKey::from_bytes(&[3; 32]);
        let text = ClueText { decision_no: None, what: "收受购物卡".into() };
        let to = [hex(lead.verifying_key().as_bytes()), hex(author.verifying_key().as_bytes())];
        let sealed = seal(&text, &to).unwrap();
        assert_eq!(sealed.len(), 2);
        for b in &sealed {
            assert!(!b.sealed.contains(&hex("购物卡".as_bytes())), "no plain text in the box");
        }
        let clue = Clue {
            inspection_id: Id::from_uuid(uuid::Uuid::nil()),
            decision_no: None,
            what: String::new(),
            sealed,
            recorded_by: None,
            reported_to: vec![],
            reported_at: None,
        };
        assert_eq!(open_with(&lead, &clue), Some(text.clone()));
        assert_eq!(open_with(&author, &clue), Some(text));
        assert_eq!(open_with(&other, &clue), None);
        // A box moved to another recipient's slot does not open.
        let mut swapped = clue.clone();
        swapped.sealed[0].to = hex(other.verifying_key().as_bytes());
        assert_eq!(open_with(&other, &swapped), None);
    }
}
