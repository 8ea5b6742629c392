//! Inspectors' signing keys (Ed25519). Each inspector's key pair is created on first use and kept
//! in this laptop's database (`local_keys`, never merged or exported); the secret half is sealed
//! with the inspector's PIN: Argon2id stretches the PIN into a key, ChaCha20-Poly1305 encrypts the
//! secret under it, so a wrong PIN cannot sign and a copied database does not give the key away.
//! The public key is written to the inspector's record, so that the team sees it after merging.

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use ed25519_dalek::{Signature as EdSignature, Signer, SigningKey, VerifyingKey};
use rusqlite::{OptionalExtension, params};

use crate::domain::{Id, Inspector};
use crate::store::canonical::{hex, sha256_hex, unhex};
use crate::store::{Store, StoreError};

/// Why a key operation failed.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The PIN does not open the key.
    #[error("PIN 不正确，无法使用签名密钥。请重新输入。")]
    WrongPin,
    /// The PIN is too short.
    #[error("PIN 至少需要 6 位。")]
    WeakPin,
    /// No key yet.
    #[error("该检查人员尚未创建签名密钥。")]
    NoKey,
    /// A key already exists.
    #[error("该检查人员已有签名密钥（指纹 {0}）。")]
    Exists(String),
    /// The operating system gave no randomness.
    #[error("无法取得随机数（{0}）。")]
    Random(String),
    /// Stored key material is damaged.
    #[error("签名密钥数据损坏：{0}")]
    Damaged(String),
    /// A store error.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for KeyError {
    fn from(e: rusqlite::Error) -> Self {
        KeyError::Store(StoreError::Sqlite(e))
    }
}

const SEAL_VERSION: u8 = 1;
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 12;

/// A public key, with the short fingerprint people compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    /// 32 bytes, hex.
    pub hex: String,
}

impl PublicKey {
    /// `ab12 cd34 ef56 7890`: the first 8 bytes of SHA-256 of the key, in groups of four.
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.hex)
    }

    /// The key for verifying.
    pub fn verifying_key(&self) -> Result<VerifyingKey, KeyError> {
        let bytes: [u8; 32] = unhex(&self.hex)
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| KeyError::Damaged("公钥不是 32 字节的十六进制".into()))?;
        VerifyingKey::from_bytes(&bytes).map_err(|e| KeyError::Damaged(e.to_string()))
    }
}

/// The fingerprint of a hex public key.
pub fn fingerprint(public_key_hex: &str) -> String {
    let digest = sha256_hex(&unhex(public_key_hex).unwrap_or_default());
    digest.as_bytes()[..16].chunks(4).map(|c| String::from_utf8_lossy(c).to_string()).collect::<Vec<_>>().join(" ")
}

fn random<const N: usize>() -> Result<[u8; N], KeyError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| KeyError::Random(e.to_string()))?;
    Ok(bytes)
}

fn stretch(pin: &str, salt: &[u8]) -> Result<[u8; 32], KeyError> {
    let params = Params::new(Params::DEFAULT_M_COST, Params::DEFAULT_T_COST, Params::DEFAULT_P_COST, Some(32))
        .map_err(|e| KeyError::Damaged(e.to_string()))?;
    let mut key = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(pin.as_bytes(), salt, &mut key)
        .map_err(|e| KeyError::Damaged(e.to_string()))?;
    Ok(key)
}

fn seal(secret: &[u8; 32], pin: &str, inspector: Id<Inspector>) -> Result<Vec<u8>, KeyError> {
    seal_with(secret, pin, inspector, random()?, random()?)
}

fn seal_with(
    secret: &[u8; 32],
    pin: &str,
    inspector: Id<Inspector>,
    salt: [u8; SALT_LEN],
    nonce: [u8; NONCE_LEN],
) -> Result<Vec<u8>, KeyError> {
    let key = stretch(pin, &salt)?;
    let cipher = ChaCha20Poly1305::new(&Key::from(key));
    let aad = inspector.to_string();
    let sealed = cipher
        .encrypt(&Nonce::from(nonce), Payload { msg: secret, aad: aad.as_bytes() })
        .map_err(|_| KeyError::Damaged("加密失败".into()))?;
    let mut out = vec![SEAL_VERSION];
    out.extend_from_slice(&salt);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    Ok(out)
}

fn unseal(blob: &[u8], pin: &str, inspector: Id<Inspector>) -> Result<SigningKey, KeyError> {
    if blob.len() != 1 + SALT_LEN + NONCE_LEN + 48 || blob[0] != SEAL_VERSION {
        return Err(KeyError::Damaged("密钥封装格式不符".into()));
    }
    let salt = &blob[1..1 + SALT_LEN];
    let nonce: [u8; NONCE_LEN] =
        blob[1 + SALT_LEN..1 + SALT_LEN + NONCE_LEN].try_into().map_err(|_| KeyError::Damaged("随机数长度".into()))?;
    let key = stretch(pin, salt)?;
    let cipher = ChaCha20Poly1305::new(&Key::from(key));
    let aad = inspector.to_string();
    let secret = cipher
        .decrypt(&Nonce::from(nonce), Payload { msg: &blob[1 + SALT_LEN + NONCE_LEN..], aad: aad.as_bytes() })
        .map_err(|_| KeyError::WrongPin)?;
    let secret: [u8; 32] = secret.try_into().map_err(|_| KeyError::Damaged("私钥长度".into()))?;
    Ok(SigningKey::from_bytes(&secret))
}

/// The inspector's public key on this laptop, if a key pair exists here.
pub fn public_key(store: &Store, inspector: Id<Inspector>) -> Result<Option<PublicKey>, KeyError> {
    let hex: Option<String> = store
        .conn()
        .prepare_cached("SELECT public_key FROM local_keys WHERE inspector_id = ?1")?
        .query_row([inspector.to_string()], |r| r.get(0))
        .optional()?;
    Ok(hex.map(|hex| PublicKey { hex }))
}

/// Creates the inspector's key pair, sealed with `pin`, and records the public key on the
/// inspector's record (a new version, so it travels with merges).
pub fn create(store: &mut Store, inspector: Id<Inspector>, pin: &str) -> Result<PublicKey, KeyError> {
    let secret: [u8; 32] = random()?;
    let sealed = seal(&secret, pin, inspector)?;
    install(store, inspector, pin, &secret, sealed)
}

/// Like [`create`], with the secret and the sealing salt and nonce drawn from `seed`: for the
/// demo data, which must be the same on every run. Never for real inspectors.
pub fn create_deterministic(
    store: &mut Store,
    inspector: Id<Inspector>,
    pin: &str,
    seed: &[u8],
) -> Result<PublicKey, KeyError> {
    let digest = |label: &str| -> [u8; 32] {
        use sha2::Digest;
        let mut h = sha2::Sha256::new();
        h.update(label.as_bytes());
        h.update(seed);
        h.finalize().into()
    };
    let secret = digest("secret");
    let salt: [u8; SALT_LEN] = digest("salt")[..SALT_LEN].try_into().map_err(|_| KeyError::Damaged("salt".into()))?;
    let nonce: [u8; NONCE_LEN] =
        digest("nonce")[..NONCE_LEN].try_into().map_err(|_| KeyError::Damaged("nonce".into()))?;
    let sealed = seal_with(&secret, pin, inspector, salt, nonce)?;
    install(store, inspector, pin, &secret, sealed)
}

fn install(
    store: &mut Store,
    inspector: Id<Inspector>,
    pin: &str,
    secret: &[u8; 32],
    sealed: Vec<u8>,
) -> Result<PublicKey, KeyError> {
    if pin.chars().count() < 6 {
        return Err(KeyError::WeakPin);
    }
    if let Some(existing) = public_key(store, inspector)? {
        return Err(KeyError::Exists(existing.fingerprint()));
    }
    let record = store.require(inspector)?;
    let signing = SigningKey::from_bytes(secret);
    let public = PublicKey { hex: hex(signing.verifying_key().as_bytes()) };
    let now = store.now().to_rfc3339();
    let mut updated = record.value.clone();
    updated.public_key = Some(public.hex.clone());
    let summary = format!("为检查人员 {} 创建签名密钥（指纹 {}）", record.value.name, public.fingerprint());
    store.write("key.create", &summary, |w| {
        w.tx()
            .prepare_cached(
                "INSERT INTO local_keys (inspector_id, public_key, sealed_secret, created_at) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![inspector.to_string(), public.hex, sealed, now])?;
        w.update(inspector, record.version_id, &updated)?;
        Ok(())
    })?;
    Ok(public)
}

/// Signs `message` with the inspector's key, opened with `pin`.
pub fn sign(
    store: &Store,
    inspector: Id<Inspector>,
    pin: &str,
    message: &[u8],
) -> Result<(PublicKey, String), KeyError> {
    let blob: Option<Vec<u8>> = store
        .conn()
        .prepare_cached("SELECT sealed_secret FROM local_keys WHERE inspector_id = ?1")?
        .query_row([inspector.to_string()], |r| r.get(0))
        .optional()?;
    let blob = blob.ok_or(KeyError::NoKey)?;
    let signing = unseal(&blob, pin, inspector)?;
    let signature: EdSignature = signing.sign(message);
    Ok((PublicKey { hex: hex(signing.verifying_key().as_bytes()) }, hex(&signature.to_bytes())))
}

/// Checks an Ed25519 signature (hex) of `message` by `public_key_hex`.
pub fn verify(public_key_hex: &str, message: &[u8], signature_hex: &str) -> bool {
    let Ok(key) = (PublicKey { hex: public_key_hex.to_string() }).verifying_key() else { return false };
    let Some(bytes) = unhex(signature_hex).and_then(|b| <[u8; 64]>::try_from(b).ok()) else { return false };
    key.verify_strict(message, &EdSignature::from_bytes(&bytes)).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_signs_with_the_right_pin_only() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("k.db")).unwrap();
        let id =
            store.write("i", "i", |w| w.create(&Inspector { name: "赵彧".into(), ..Inspector::default() })).unwrap();
        assert!(matches!(create(&mut store, id, "123"), Err(KeyError::WeakPin)));
        let public = create(&mut store, id, "246810").unwrap();
        assert_eq!(public.fingerprint().len(), 19);
        assert_eq!(store.require(id).unwrap().value.public_key.as_deref(), Some(public.hex.as_str()));
        assert!(matches!(create(&mut store, id, "246810"), Err(KeyError::Exists(_))));
        let (signer, signature) = sign(&store, id, "246810", b"sheet digest").unwrap();
        assert_eq!(signer, public);
        assert!(verify(&public.hex, b"sheet digest", &signature));
        assert!(!verify(&public.hex, b"another digest", &signature));
        assert!(matches!(sign(&store, id, "000000", b"sheet digest"), Err(KeyError::WrongPin)));
        // The secret is not stored in the clear.
        let blob: Vec<u8> = store.conn().query_row("SELECT sealed_secret FROM local_keys", [], |r| r.get(0)).unwrap();
        assert_eq!(blob.len(), 1 + SALT_LEN + NONCE_LEN + 48);
        assert!(crate::store::audit::verify(store.conn()).unwrap().first_break.is_none());
    }
}
