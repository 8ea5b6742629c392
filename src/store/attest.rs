//! Attestations: who vouches for which versions, in a form that travels.
//!
//! The audit chain proves the order and integrity of one database's commands, but it stays on
//! the laptop: a merge writes one audit entry of its own for everything it brings. So each
//! command's *own* versions (not the ones it merged from elsewhere) are also covered by a
//! statement — its attestation: the author, the device and audit entry, the time, and the digest
//! of exactly those versions (the same digest line per version as the audit chain's). The
//! statement is signed with the author's Ed25519 key, each version names its statement
//! (`versions.attestation_id`), and both are copied by export and merge. Whoever holds the
//! versions can therefore check, against the team's roster, that a registered person wrote them
//! and that nothing was added, removed or changed since — and a laptop can pass a colleague's
//! versions on without being able to forge them.
//!
//! A statement is written when its command commits. It is signed at once if the author's key is
//! unlocked for the session, else it waits (unsigned) and is signed at the latest when the author
//! exports, with the PIN the export asks for anyway. The schema lets a signature be added to an
//! unsigned statement, and nothing else.

use ed25519_dalek::{Signer, SigningKey};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::canonical::{hex, to_canonical};
use super::{Result, StoreError};
use crate::domain::{DeviceId, RecordId};

/// What a signature over a statement covers: this prefix, then the statement's canonical JSON.
/// The prefix keeps an attestation signature from being taken for any other daocha signature.
pub const CONTEXT: &str = "daocha attestation v1\n";

/// The signed statement of one command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// `device:seq`, unique per device's audit chain.
    pub attestation_id: String,
    /// The inspector at the keyboard (the versions' author), if one was chosen.
    pub author_id: Option<RecordId>,
    /// The laptop database.
    pub device_id: DeviceId,
    /// The audit entry on that laptop.
    pub seq: i64,
    /// When the command committed (RFC 3339, UTC).
    pub at: String,
    /// How many versions it vouches for.
    pub n_versions: i64,
    /// The digest of those versions' envelope lines (as the audit chain computes it).
    pub versions_sha256: String,
}

impl Statement {
    /// Its canonical JSON (what is stored and signed).
    pub fn text(&self) -> Result<String> {
        Ok(to_canonical(self)?)
    }
}

/// A statement as stored, with its signature once signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attestation {
    /// The statement.
    pub statement: Statement,
    /// Its canonical JSON, as stored.
    pub text: String,
    /// The signer's Ed25519 public key, hex.
    pub public_key: Option<String>,
    /// The signature, hex.
    pub signature: Option<String>,
}

/// The attestation id of audit entry `seq` on `device`.
pub fn id_of(device: DeviceId, seq: i64) -> String {
    format!("{device}:{seq}")
}

/// The bytes a signature covers.
pub fn message(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(CONTEXT.len() + text.len());
    out.extend_from_slice(CONTEXT.as_bytes());
    out.extend_from_slice(text.as_bytes());
    out
}

/// Signs a statement's text: `(public key hex, signature hex)`.
pub fn sign(key: &SigningKey, text: &str) -> (String, String) {
    let signature = key.sign(&message(text));
    (hex(key.verifying_key().as_bytes()), hex(&signature.to_bytes()))
}

/// Writes a statement, signed or not.
pub(crate) fn insert(conn: &Connection, statement: &Statement, key: Option<&SigningKey>) -> Result<()> {
    let text = statement.text()?;
    let (public_key, signature) = match key.map(|k| sign(k, &text)) {
        Some((p, s)) => (Some(p), Some(s)),
        None => (None, None),
    };
    conn.prepare_cached(
        "INSERT INTO attestations (attestation_id, statement, public_key, signature) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![statement.attestation_id, text, public_key, signature])?;
    Ok(())
}

/// Copies an attestation made elsewhere (merge). An attestation already here must be the same;
/// one that differs is an integrity alert.
pub(crate) fn import(conn: &Connection, attestation: &Attestation) -> Result<bool> {
    let existing: Option<(String, Option<String>, Option<String>)> = conn
        .prepare_cached("SELECT statement, public_key, signature FROM attestations WHERE attestation_id = ?1")?
        .query_row([&attestation.statement.attestation_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    match existing {
        None => {
            conn.prepare_cached(
                "INSERT INTO attestations (attestation_id, statement, public_key, signature) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![
                attestation.statement.attestation_id,
                attestation.text,
                attestation.public_key,
                attestation.signature
            ])?;
            Ok(true)
        }
        Some((text, _, None)) if text == attestation.text => {
            // Ours, still unsigned here, signed since on a copy: take the signature.
            conn.prepare_cached("UPDATE attestations SET public_key = ?2, signature = ?3 WHERE attestation_id = ?1")?
                .execute(params![attestation.statement.attestation_id, attestation.public_key, attestation.signature])?;
            Ok(true)
        }
        Some((text, public_key, signature))
            if text == attestation.text
                && public_key == attestation.public_key
                && signature == attestation.signature =>
        {
            Ok(false)
        }
        Some(_) => Err(StoreError::Corrupt(format!(
            "完整性警报：签名声明 {} 在两处内容不同",
            attestation.statement.attestation_id
        ))),
    }
}

/// Statements not yet signed.
pub fn pending(conn: &Connection) -> Result<Vec<Attestation>> {
    read(conn, "WHERE signature IS NULL")
}

/// Every statement, in id order.
pub fn all(conn: &Connection) -> Result<Vec<Attestation>> {
    read(conn, "")
}

fn read(conn: &Connection, filter: &str) -> Result<Vec<Attestation>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT statement, public_key, signature FROM attestations {filter} ORDER BY attestation_id"
    ))?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (text, public_key, signature) = row?;
        let statement: Statement =
            serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(format!("签名声明格式不符（{e}）")))?;
        out.push(Attestation { statement, text, public_key, signature });
    }
    Ok(out)
}

/// Signs the unsigned statements `key` may vouch for: those of `author`, and those written with
/// no author chosen. Returns how many were signed.
pub(crate) fn sign_pending(conn: &Connection, key: &SigningKey, author: RecordId) -> Result<usize> {
    let mut signed = 0;
    for attestation in pending(conn)? {
        if attestation.statement.author_id.is_some_and(|a| a != author) {
            continue;
        }
        let (public_key, signature) = sign(key, &attestation.text);
        conn.prepare_cached("UPDATE attestations SET public_key = ?2, signature = ?3 WHERE attestation_id = ?1")?
            .execute(params![attestation.statement.attestation_id, public_key, signature])?;
        signed += 1;
    }
    Ok(signed)
}
