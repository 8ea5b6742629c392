//! The local tables beside the versions: inspectors' sealed signing keys (`local_keys`, never
//! exported) and attachments kept under their SHA-256 (`blobs`, exported and merged with the
//! records that name them). Typed doors, so the modules that own keys and evidence never write
//! SQL.

use rusqlite::{OptionalExtension, params};

use super::{Result, Store, Writer};
use crate::domain::{Id, Inspector};

impl Store {
    /// The public key (hex) of `inspector`'s key pair on this laptop, if there is one.
    pub fn local_public_key(&self, inspector: Id<Inspector>) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT public_key FROM local_keys WHERE inspector_id = ?1")?
            .query_row([inspector], |r| r.get(0))
            .optional()?)
    }

    /// The sealed secret of `inspector`'s key on this laptop, as stored.
    pub fn sealed_secret(&self, inspector: Id<Inspector>) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .prepare_cached("SELECT sealed_secret FROM local_keys WHERE inspector_id = ?1")?
            .query_row([inspector], |r| r.get(0))
            .optional()?)
    }

    /// Replaces the seal of `inspector`'s key (the same secret sealed again at a higher cost).
    pub fn reseal_secret(&self, inspector: Id<Inspector>, sealed: &[u8]) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE local_keys SET sealed_secret = ?2 WHERE inspector_id = ?1")?
            .execute(params![inspector, sealed])?;
        Ok(())
    }

    /// The bytes stored under `sha256` (lower-case hex), as stored: the caller checks them.
    pub fn blob(&self, sha256: &str) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .prepare_cached("SELECT data FROM blobs WHERE sha256 = ?1")?
            .query_row([sha256], |r| r.get(0))
            .optional()?)
    }

    /// Whether bytes are stored under `sha256`.
    pub fn has_blob(&self, sha256: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM blobs WHERE sha256 = ?1")?
            .query_row([sha256], |_| Ok(()))
            .optional()?
            .is_some())
    }
}

impl Writer<'_> {
    /// Keeps `inspector`'s new key pair on this laptop: the public key (hex) and the sealed secret.
    pub fn add_local_key(
        &mut self,
        inspector: Id<Inspector>,
        public_key: &str,
        sealed_secret: &[u8],
        created_at: &str,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO local_keys (inspector_id, public_key, sealed_secret, created_at) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![inspector, public_key, sealed_secret, created_at])?;
        Ok(())
    }

    /// Stores `data` under its SHA-256 `sha256` (the caller has hashed it); bytes already stored
    /// under that hash are kept as they are.
    pub fn put_blob(&mut self, sha256: &str, data: &[u8]) -> Result<()> {
        self.tx
            .prepare_cached("INSERT OR IGNORE INTO blobs (sha256, data) VALUES (?1, ?2)")?
            .execute(params![sha256, data])?;
        Ok(())
    }
}
