//! Inspectors' signing keys (Ed25519). Each inspector's key pair is created on first use and kept
//! in this laptop's database (`local_keys`, never merged or exported); the secret half is sealed
//! with the inspector's PIN: Argon2id stretches the PIN into a key, ChaCha20-Poly1305 encrypts the
//! secret under it, so a wrong PIN cannot sign and a copied database does not give the key away.
//! The public key is written to the inspector's record, so that the team sees it after merging;
//! what the team *trusts* is only the roster the team lead signs (`team.rs`).
//!
//! The PIN may be a passphrase. Trivial PINs (one digit repeated, a run such as 123456 or 654321)
//! are refused for real keys. Argon2id runs at 64 MiB and enough passes that one guess costs
//! about half a second on a 2-core laptop, so a stolen database does not give a 6-digit PIN away
//! in hours. The cost is stored with each sealed key, so older, cheaper seals still open (and are
//! sealed again at the new cost when they do). The demo's keys are derived from a public seed and
//! sealed cheaply: sealing them strongly would protect nothing.

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
    /// The PIN is too easy to guess.
    #[error("PIN“{0}”太容易被猜中（同一数字重复或连续数字）。请换一个，也可以使用更长的口令。")]
    TrivialPin(String),
    /// The PIN is too long.
    #[error("PIN 或口令最长 128 个字符。")]
    LongPin,
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

/// The first seal format: Argon2id with the crate's defaults (19 MiB, 2 passes), no parameters
/// stored. Still opened; sealed again at [`Cost::Standard`] when it is.
const SEAL_V1: u8 = 1;
/// The seal format with its Argon2id parameters stored: version, m (KiB, u32 LE), t (u32 LE),
/// p (u8), salt, nonce, ciphertext.
const SEAL_V2: u8 = 2;
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 12;
const V2_HEADER: usize = 1 + 4 + 4 + 1;
/// The most memory a stored seal may ask Argon2 for (a damaged or crafted seal must not make the
/// program allocate without bound).
const MAX_M_KIB: u32 = 1 << 20;

/// How hard the PIN is stretched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cost {
    /// Real keys: 64 MiB, 15 passes: about 0.5 s of one core a guess on this kind of laptop
    /// (measured: 0.50 s at 14 passes, release build, 2-core development machine).
    Standard,
    /// The demo's public keys (derived from a published seed) and test fixtures: 8 MiB, 1 pass.
    Demo,
}

impl Cost {
    fn params(self) -> (u32, u32, u8) {
        match self {
            Cost::Standard => (64 * 1024, 15, 1),
            Cost::Demo => (8 * 1024, 1, 1),
        }
    }
}

/// Checks a PIN chosen for a real key: at least 6 characters, at most 128, and not one digit
/// repeated or a run of consecutive digits (123456, 654321). Any characters may be used, so a
/// longer passphrase is welcome.
pub fn check_new_pin(pin: &str) -> Result<(), KeyError> {
    let chars: Vec<char> = pin.chars().collect();
    if chars.len() < 6 {
        return Err(KeyError::WeakPin);
    }
    if chars.len() > 128 {
        return Err(KeyError::LongPin);
    }
    let same = chars.windows(2).all(|w| w[0] == w[1]);
    let digits: Option<Vec<i32>> = chars.iter().map(|c| c.to_digit(10).map(|d| d as i32)).collect();
    let run = digits.is_some_and(|d| {
        let step = |s: i32| d.windows(2).all(|w| (w[1] - w[0]).rem_euclid(10) == s.rem_euclid(10));
        step(1) || step(-1)
    });
    if same || run {
        return Err(KeyError::TrivialPin(pin.to_string()));
    }
    Ok(())
}

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

fn stretch(pin: &str, salt: &[u8], (m, t, p): (u32, u32, u8)) -> Result<[u8; 32], KeyError> {
    if m > MAX_M_KIB {
        return Err(KeyError::Damaged("密钥封装要求的内存过大".into()));
    }
    let params = Params::new(m, t, u32::from(p), Some(32)).map_err(|e| KeyError::Damaged(e.to_string()))?;
    let mut key = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(pin.as_bytes(), salt, &mut key)
        .map_err(|e| KeyError::Damaged(e.to_string()))?;
    Ok(key)
}

fn seal(secret: &[u8; 32], pin: &str, inspector: Id<Inspector>, cost: Cost) -> Result<Vec<u8>, KeyError> {
    seal_with(secret, pin, inspector, cost, random()?, random()?)
}

fn seal_with(
    secret: &[u8; 32],
    pin: &str,
    inspector: Id<Inspector>,
    cost: Cost,
    salt: [u8; SALT_LEN],
    nonce: [u8; NONCE_LEN],
) -> Result<Vec<u8>, KeyError> {
    let (m, t, p) = cost.params();
    let key = stretch(pin, &salt, (m, t, p))?;
    let cipher = ChaCha20Poly1305::new(&Key::from(key));
    let aad = inspector.to_string();
    let sealed = cipher
        .encrypt(&Nonce::from(nonce), Payload { msg: secret, aad: aad.as_bytes() })
        .map_err(|_| KeyError::Damaged("加密失败".into()))?;
    let mut out = vec![SEAL_V2];
    out.extend_from_slice(&m.to_le_bytes());
    out.extend_from_slice(&t.to_le_bytes());
    out.push(p);
    out.extend_from_slice(&salt);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// Opens a seal: the key, and whether the seal is weaker than [`Cost::Standard`] (so worth sealing
/// again).
fn unseal(blob: &[u8], pin: &str, inspector: Id<Inspector>) -> Result<(SigningKey, bool), KeyError> {
    let damaged = || KeyError::Damaged("密钥封装格式不符".into());
    let (params, rest) = match blob.first() {
        Some(&SEAL_V1) if blob.len() == 1 + SALT_LEN + NONCE_LEN + 48 => {
            ((Params::DEFAULT_M_COST, Params::DEFAULT_T_COST, 1u8), &blob[1..])
        }
        Some(&SEAL_V2) if blob.len() == V2_HEADER + SALT_LEN + NONCE_LEN + 48 => {
            let word = |at: usize| -> Result<u32, KeyError> {
                Ok(u32::from_le_bytes(blob[at..at + 4].try_into().map_err(|_| damaged())?))
            };
            ((word(1)?, word(5)?, blob[9]), &blob[V2_HEADER..])
        }
        _ => return Err(damaged()),
    };
    let salt = &rest[..SALT_LEN];
    let nonce: [u8; NONCE_LEN] =
        rest[SALT_LEN..SALT_LEN + NONCE_LEN].try_into().map_err(|_| KeyError::Damaged("随机数长度".into()))?;
    let key = stretch(pin, salt, params)?;
    let cipher = ChaCha20Poly1305::new(&Key::from(key));
    let aad = inspector.to_string();
    let secret = cipher
        .decrypt(&Nonce::from(nonce), Payload { msg: &rest[SALT_LEN + NONCE_LEN..], aad: aad.as_bytes() })
        .map_err(|_| KeyError::WrongPin)?;
    let secret: [u8; 32] = secret.try_into().map_err(|_| KeyError::Damaged("私钥长度".into()))?;
    let weak = blob[0] == SEAL_V1;
    Ok((SigningKey::from_bytes(&secret), weak))
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

/// Creates the inspector's key pair, sealed with `pin` (checked by [`check_new_pin`]), records
/// the public key on the inspector's record (a new version, so it travels with merges) and opens
/// the key for this session.
pub fn create(store: &mut Store, inspector: Id<Inspector>, pin: &str) -> Result<PublicKey, KeyError> {
    check_new_pin(pin)?;
    if let Some(existing) = public_key(store, inspector)? {
        return Err(KeyError::Exists(existing.fingerprint()));
    }
    let secret: [u8; 32] = random()?;
    let sealed = seal(&secret, pin, inspector, Cost::Standard)?;
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
    let sealed = seal_with(&secret, pin, inspector, Cost::Demo, salt, nonce)?;
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
    if pin.chars().count() > 128 {
        return Err(KeyError::LongPin);
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
    if store.current_inspector().is_none_or(|me| me == inspector) {
        store.open_session(inspector, signing)?;
    }
    Ok(public)
}

/// Opens the inspector's key with `pin` and returns it. A seal of the first format is sealed
/// again at today's cost on the way.
fn open(store: &Store, inspector: Id<Inspector>, pin: &str) -> Result<SigningKey, KeyError> {
    let blob: Option<Vec<u8>> = store
        .conn()
        .prepare_cached("SELECT sealed_secret FROM local_keys WHERE inspector_id = ?1")?
        .query_row([inspector.to_string()], |r| r.get(0))
        .optional()?;
    let blob = blob.ok_or(KeyError::NoKey)?;
    let (signing, weak) = unseal(&blob, pin, inspector)?;
    if weak {
        let resealed = seal(&signing.to_bytes(), pin, inspector, Cost::Standard)?;
        store
            .conn()
            .prepare_cached("UPDATE local_keys SET sealed_secret = ?2 WHERE inspector_id = ?1")?
            .execute(params![inspector.to_string(), resealed])?;
    }
    Ok(signing)
}

/// Opens the inspector's key with `pin` for the rest of this working session: what they write
/// from now on is signed as it is committed, and what they wrote unsigned before is signed now.
/// Returns how many earlier commands were signed.
pub fn unlock(store: &mut Store, inspector: Id<Inspector>, pin: &str) -> Result<usize, KeyError> {
    let key = open(store, inspector, pin)?;
    Ok(store.open_session(inspector, key)?)
}

/// The secret key of `inspector`, opened with `pin`, for the modules that sign (export) or open
/// sealed content (clues).
pub(crate) fn signing_key(store: &Store, inspector: Id<Inspector>, pin: &str) -> Result<SigningKey, KeyError> {
    open(store, inspector, pin)
}

/// Signs `message` with the inspector's key, opened with `pin`.
pub fn sign(
    store: &Store,
    inspector: Id<Inspector>,
    pin: &str,
    message: &[u8],
) -> Result<(PublicKey, String), KeyError> {
    let signing = open(store, inspector, pin)?;
    let signature: EdSignature = signing.sign(message);
    Ok((PublicKey { hex: hex(signing.verifying_key().as_bytes()) }, hex(&signature.to_bytes())))
}

/// Signs `message` with an opened key: the signature, hex.
pub(crate) fn sign_with(key: &SigningKey, message: &[u8]) -> String {
    hex(&key.sign(message).to_bytes())
}

/// Signs, with `inspector`'s opened key, the statements still unsigned that they may vouch for
/// (theirs, and those written with nobody chosen). Returns how many.
pub(crate) fn sign_pending_with(
    store: &mut Store,
    inspector: Id<Inspector>,
    key: &SigningKey,
) -> Result<usize, KeyError> {
    Ok(store.sign_pending(inspector, key)?)
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
        // The secret is not stored in the clear, and is sealed at the standard cost.
        let blob: Vec<u8> = store.conn().query_row("SELECT sealed_secret FROM local_keys", [], |r| r.get(0)).unwrap();
        assert_eq!(blob.len(), V2_HEADER + SALT_LEN + NONCE_LEN + 48);
        assert_eq!(blob[0], SEAL_V2);
        assert_eq!(u32::from_le_bytes(blob[1..5].try_into().unwrap()), 64 * 1024, "64 MiB");
        assert_eq!(u32::from_le_bytes(blob[5..9].try_into().unwrap()), Cost::Standard.params().1);
        assert!(crate::store::audit::verify(store.conn()).unwrap().first_break.is_none());
    }

    #[test]
    fn trivial_pins_are_refused_and_passphrases_welcome() {
        for pin in ["111111", "000000", "123456", "234567", "654321", "890123", "aaaaaa", "12345"] {
            assert!(check_new_pin(pin).is_err(), "{pin} accepted");
        }
        for pin in ["246810", "183920", "我的口令是鲅鱼圈", "correct horse battery", "112233"] {
            assert!(check_new_pin(pin).is_ok(), "{pin} refused");
        }
        assert!(matches!(check_new_pin(&"x".repeat(129)), Err(KeyError::LongPin)));
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("k.db")).unwrap();
        let id =
            store.write("i", "i", |w| w.create(&Inspector { name: "王喆".into(), ..Inspector::default() })).unwrap();
        assert!(matches!(create(&mut store, id, "123456"), Err(KeyError::TrivialPin(_))));
        assert!(public_key(&store, id).unwrap().is_none(), "nothing stored for a refused PIN");
    }

    #[test]
    fn a_first_format_seal_still_opens_and_is_sealed_again_at_the_new_cost() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("k.db")).unwrap();
        let id =
            store.write("i", "i", |w| w.create(&Inspector { name: "陈昇".into(), ..Inspector::default() })).unwrap();
        let secret = [7u8; 32];
        // A seal as the first format wrote it: no parameters, the crate's defaults.
        let (salt, nonce) = ([1u8; SALT_LEN], [2u8; NONCE_LEN]);
        let key = stretch("246810", &salt, (Params::DEFAULT_M_COST, Params::DEFAULT_T_COST, 1)).unwrap();
        let sealed = ChaCha20Poly1305::new(&Key::from(key))
            .encrypt(&Nonce::from(nonce), Payload { msg: &secret, aad: id.to_string().as_bytes() })
            .unwrap();
        let mut old = vec![SEAL_V1];
        old.extend_from_slice(&salt);
        old.extend_from_slice(&nonce);
        old.extend_from_slice(&sealed);
        let public = hex(SigningKey::from_bytes(&secret).verifying_key().as_bytes());
        store
            .conn()
            .execute(
                "INSERT INTO local_keys (inspector_id, public_key, sealed_secret, created_at) VALUES (?1, ?2, ?3, '2017-09-01')",
                params![id.to_string(), public, old],
            )
            .unwrap();
        assert!(matches!(sign(&store, id, "000000", b"x"), Err(KeyError::WrongPin)));
        let (signer, signature) = sign(&store, id, "246810", b"x").unwrap();
        assert_eq!(signer.hex, public);
        assert!(verify(&public, b"x", &signature));
        let blob: Vec<u8> = store.conn().query_row("SELECT sealed_secret FROM local_keys", [], |r| r.get(0)).unwrap();
        assert_eq!(blob[0], SEAL_V2, "sealed again at the standard cost");
        assert!(sign(&store, id, "246810", b"x").is_ok());
    }
}
