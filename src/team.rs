//! The team and its roster: which keys may write into the team's records.
//!
//! The team lead's database is the team database (`daocha team init`): it holds the lead's key
//! and names it, in a local setting that never travels, as the team's anchor. The lead registers
//! each inspector's public key in the roster (`daocha team add`): a `team_member` record whose
//! versions are signed by the lead's key (their statements, `store::attest`). A roster entry
//! counts only if the anchor signed it, wherever it is read, so the roster can travel in plan
//! files to the laptops without anyone else being able to add to it.
//!
//! A laptop joins the team by taking the lead's key as its anchor after comparing its
//! fingerprint with the one on the lead's screen (`daocha team join`, or the GUI when a plan is
//! opened); from then on it admits what the roster admits, like the team database.

use std::collections::BTreeMap;

use crate::domain::{Id, Inspector, RecordId, TeamMember, TeamRole};
use crate::keys::{self, KeyError, PublicKey};
use crate::store::{Store, StoreError, attest};

/// The local setting that holds the team lead's public key (the anchor). Never exported.
pub const ANCHOR_KEY: &str = "team.lead_key";
/// The local setting that says whether this is the lead's database or a member's laptop.
pub const ROLE_KEY: &str = "team.role";

/// Why a team operation failed.
#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    /// Not a team database.
    #[error(
        "“{0}”还不是团队数据库。组长请先运行 daocha team init --db {0} --lead 组长姓名（图形界面：“团队成员”页的“建立团队数据库”）；检查人员的电脑请用 daocha team join --db {0} --lead-key 组长公钥，核对组长屏幕上的指纹后加入团队。"
    )]
    NotTeam(String),
    /// Only the lead may do this.
    #[error("只有组长的数据库可以登记或撤销团队成员（本库是检查人员的电脑）。")]
    NotLead,
    /// Already a team database.
    #[error("此数据库已是团队数据库（组长公钥指纹 {0}）。")]
    AlreadyTeam(String),
    /// The key is not a valid key.
    #[error("公钥无效：应为 64 位十六进制的 Ed25519 公钥（见检查人员电脑上的“我的密钥”或 daocha key show）。")]
    BadKey,
    /// The key is registered already.
    #[error("该公钥已登记为 {name}（指纹 {fingerprint}）。")]
    Registered {
        /// To whom.
        name: String,
        /// Its fingerprint.
        fingerprint: String,
    },
    /// No such member.
    #[error("团队名册中没有“{0}”。")]
    NoMember(String),
    /// A key problem.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// A store problem.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// One entry of the roster, as the anchor signed it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Member {
    /// The roster record.
    #[serde(skip)]
    pub record_id: RecordId,
    /// The version of it the anchor signed.
    #[serde(skip)]
    pub version_id: Option<crate::domain::VersionId>,
    /// The inspector.
    pub inspector_id: String,
    /// Name.
    pub inspector: String,
    /// 执法证号.
    pub cert_no: String,
    /// Public key, hex.
    pub public_key: String,
    /// Its fingerprint.
    pub fingerprint: String,
    /// `lead` or `member`.
    pub role: &'static str,
    /// Revoked.
    pub revoked: bool,
    /// Why.
    pub revoked_reason: String,
}

/// The keys a database trusts: the anchor, and the roster entries the anchor signed.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    /// The lead's public key (hex), if this is a team database or a joined laptop.
    pub anchor: Option<String>,
    /// Entries by public key.
    pub by_key: BTreeMap<String, Member>,
}

impl Roster {
    /// The member whose key this is, if registered and not revoked.
    pub fn admitted(&self, public_key: &str) -> Option<&Member> {
        self.by_key.get(public_key).filter(|m| !m.revoked)
    }

    /// Whether `public_key` is the anchor.
    pub fn is_anchor(&self, public_key: &str) -> bool {
        self.anchor.as_deref() == Some(public_key)
    }

    /// Adds the entries of `members` (roster records read elsewhere, e.g. from an incoming file)
    /// whose statement the anchor signed. A revocation wins over a registration of the same key.
    pub fn extend_signed(&mut self, members: impl IntoIterator<Item = (RecordId, TeamMember, Option<String>)>) {
        self.extend_versions(members.into_iter().map(|(r, m, s)| (r, None, m, s)));
    }

    fn extend_versions(
        &mut self,
        members: impl IntoIterator<Item = (RecordId, Option<crate::domain::VersionId>, TeamMember, Option<String>)>,
    ) {
        for (record_id, version_id, member, signer) in members {
            if signer.as_deref().is_none_or(|s| !self.is_anchor(s)) {
                continue;
            }
            let mut entry = to_member(record_id, &member);
            entry.version_id = version_id;
            match self.by_key.get(&entry.public_key) {
                Some(existing) if existing.revoked && !entry.revoked => {}
                _ => {
                    self.by_key.insert(entry.public_key.clone(), entry);
                }
            }
        }
    }
}

fn to_member(record_id: RecordId, m: &TeamMember) -> Member {
    Member {
        record_id,
        version_id: None,
        inspector_id: m.inspector_id.to_string(),
        inspector: m.name.clone(),
        cert_no: m.cert_no.clone(),
        public_key: m.public_key.clone(),
        fingerprint: keys::fingerprint(&m.public_key),
        role: match m.role {
            TeamRole::Lead => "lead",
            TeamRole::Member => "member",
        },
        revoked: m.revoked,
        revoked_reason: m.revoked_reason.clone(),
    }
}

/// The anchor of this database, if it belongs to a team.
pub fn anchor(store: &Store) -> Result<Option<String>, StoreError> {
    store.local_setting(ANCHOR_KEY)
}

/// Whether this is the team lead's database.
pub fn is_lead(store: &Store) -> Result<bool, StoreError> {
    Ok(store.local_setting(ROLE_KEY)?.as_deref() == Some("lead"))
}

/// The roster of this database: every head version of a `team_member` record that the anchor
/// signed (a version whose statement is unsigned or signed by another key does not count).
pub fn roster(store: &Store) -> Result<Roster, StoreError> {
    let mut roster = Roster { anchor: anchor(store)?, by_key: BTreeMap::new() };
    let Some(anchor) = roster.anchor.clone() else { return Ok(roster) };
    let mut entries = Vec::new();
    for head in store.heads_of_kind(crate::domain::RecordKind::TeamMember)? {
        let Some(content) = head.content else { continue };
        let Ok(member) = serde_json::from_str::<TeamMember>(&content) else { continue };
        let signer = match head.attestation_id {
            Some(id) => signed_by(store, &id, &anchor)?,
            None => None,
        };
        entries.push((head.record_id, Some(head.version_id), member, signer));
    }
    roster.extend_versions(entries);
    Ok(roster)
}

/// The roster entry of `public_key` as the lead signed it, in a form anyone holding only the lead's
/// public key can check ([`check_proof`]): carried by a signed feedback sheet for each signer.
pub fn proof_of(
    store: &Store,
    roster: &Roster,
    public_key: &str,
) -> Result<Option<crate::feedback::content::RosterProof>, StoreError> {
    let Some(version_id) = roster.by_key.get(public_key).and_then(|m| m.version_id) else { return Ok(None) };
    let Some(crate::store::StoredVersion { envelope, content: Some(content), attestation_id: Some(attestation_id) }) =
        store.version_row(version_id)?
    else {
        return Ok(None);
    };
    let Some(attestation) = store.attestation(&attestation_id)? else { return Ok(None) };
    let (Some(signed_by), Some(signature)) = (attestation.public_key, attestation.signature) else { return Ok(None) };
    // Only a statement that vouches for this one version proves it on its own.
    if attestation.statement.n_versions != 1 {
        return Ok(None);
    }
    Ok(Some(crate::feedback::content::RosterProof {
        envelope: envelope.digest_line()?,
        content,
        statement: attestation.text,
        signed_by,
        signature,
    }))
}

/// Checks a roster entry's proof against the lead's key `lead_key`: the statement is signed by it
/// and vouches for exactly this one version, whose content is the entry. Returns the entry.
pub fn check_proof(proof: &crate::feedback::content::RosterProof, lead_key: &str) -> Result<TeamMember, String> {
    use crate::store::write::Envelope;
    let envelope: Envelope = serde_json::from_str(&proof.envelope).map_err(|_| "名册证明格式不符".to_string())?;
    if envelope.digest_line().ok().as_deref() != Some(proof.envelope.as_str()) {
        return Err("名册证明不是规范格式（被改动）".into());
    }
    if envelope.kind != crate::domain::RecordKind::TeamMember
        || crate::store::canonical::sha256_hex(proof.content.as_bytes()) != envelope.content_sha256
    {
        return Err("名册证明的内容与其版本不符（被改动）".into());
    }
    let statement: attest::Statement =
        serde_json::from_str(&proof.statement).map_err(|_| "名册证明的签名声明格式不符".to_string())?;
    if statement.n_versions != 1
        || statement.versions_sha256 != crate::store::audit::versions_digest([proof.envelope.as_str()])
    {
        return Err("名册证明的签名声明与版本不符（被改动）".into());
    }
    if proof.signed_by != lead_key || !keys::verify(lead_key, &attest::message(&proof.statement), &proof.signature) {
        return Err("名册证明不是由该组长的密钥签名".into());
    }
    serde_json::from_str(&proof.content).map_err(|_| "名册证明的内容不是团队成员记录".to_string())
}

/// The key that signed statement `attestation_id`, if its signature checks and it is `anchor`.
fn signed_by(store: &Store, attestation_id: &str, anchor: &str) -> Result<Option<String>, StoreError> {
    let Some(attestation) = store.attestation(attestation_id)? else { return Ok(None) };
    let (Some(public_key), Some(signature)) = (&attestation.public_key, &attestation.signature) else {
        return Ok(None);
    };
    if public_key == anchor && keys::verify(public_key, &attest::message(&attestation.text), signature) {
        Ok(Some(public_key.clone()))
    } else {
        Ok(None)
    }
}

/// `daocha team init`: makes `store` the team database with `lead` (found or added by name) as
/// the lead. Creates the lead's key with `pin` if there is none (else opens it with `pin`),
/// anchors the team on it and registers the lead in the roster. Returns the lead's public key.
pub fn init(store: &mut Store, lead: &str, cert_no: &str, pin: &str) -> Result<PublicKey, TeamError> {
    if let Some(existing) = anchor(store)? {
        return Err(TeamError::AlreadyTeam(keys::fingerprint(&existing)));
    }
    let lead_id = inspector_named(store, lead)?;
    store.set_current_inspector(Some(lead_id))?;
    let public = match keys::public_key(store, lead_id)? {
        Some(public) => {
            keys::unlock(store, lead_id, pin)?;
            public
        }
        None => keys::create(store, lead_id, pin)?,
    };
    anchor_on(store, lead_id, &public, cert_no, pin)?;
    Ok(public)
}

/// [`init`] for the demo: the lead's key is the demo's deterministic one, already open.
pub(crate) fn init_demo(
    store: &mut Store,
    lead_id: Id<Inspector>,
    cert_no: &str,
    pin: &str,
) -> Result<PublicKey, TeamError> {
    let public = keys::public_key(store, lead_id)?.ok_or(KeyError::NoKey)?;
    store.set_current_inspector(Some(lead_id))?;
    anchor_on(store, lead_id, &public, cert_no, pin)?;
    Ok(public)
}

fn anchor_on(
    store: &mut Store,
    lead_id: Id<Inspector>,
    public: &PublicKey,
    cert_no: &str,
    pin: &str,
) -> Result<(), TeamError> {
    if store.session_inspector() != Some(lead_id) {
        keys::unlock(store, lead_id, pin)?;
    }
    let person = store.require(lead_id)?.value;
    store.set_local_setting(ANCHOR_KEY, &public.hex)?;
    store.set_local_setting(ROLE_KEY, "lead")?;
    let summary = format!("建立团队数据库，组长 {}（公钥指纹 {}）", person.name, public.fingerprint());
    store.write("team.init", &summary, |w| {
        w.create(&TeamMember {
            inspector_id: lead_id,
            name: person.name.clone(),
            cert_no: cert_no.trim().to_string(),
            public_key: public.hex.clone(),
            role: TeamRole::Lead,
            revoked: false,
            revoked_reason: String::new(),
        })
    })?;
    Ok(())
}

/// `daocha team add`: registers `public_key` as `name`'s (the inspector record of that name, added
/// if there is none), signed with the lead's key opened with `pin`.
pub fn add(store: &mut Store, name: &str, public_key: &str, cert_no: &str, pin: &str) -> Result<Member, TeamError> {
    add_for(store, None, name, public_key, cert_no, pin)
}

/// [`add`] for a given inspector record (registering the key of a rejected file, whose inspector
/// record the file itself will bring, or the id `daocha key show` prints on the inspector's laptop).
/// A key registered already to the same name but another record is rebound to this one.
pub fn add_for(
    store: &mut Store,
    inspector: Option<Id<Inspector>>,
    name: &str,
    public_key: &str,
    cert_no: &str,
    pin: &str,
) -> Result<Member, TeamError> {
    lead_session(store, pin)?;
    let public_key = public_key.trim().to_ascii_lowercase();
    if (PublicKey { hex: public_key.clone() }).verifying_key().is_err() || public_key.len() != 64 {
        return Err(TeamError::BadKey);
    }
    if let Some(existing) = roster(store)?.by_key.get(&public_key) {
        // The same person's key registered by name before any file of theirs came: the team
        // database made a record of that name, while their laptop has its own. Registering it
        // again for the laptop's record (the id their file or `daocha key show` gives) rebinds it.
        if let Some(id) = inspector
            && !existing.revoked
            && existing.inspector == name.trim()
            && existing.inspector_id != id.to_string()
        {
            let stored = store.require::<TeamMember>(existing.record_id.typed())?;
            let mut rebound = stored.value.clone();
            rebound.inspector_id = id;
            let summary = format!(
                "团队成员 {} 的密钥（指纹 {}）改为绑定其电脑上的检查人员记录",
                existing.inspector, existing.fingerprint
            );
            store.write("team.add", &summary, |w| w.update(stored.id, stored.version_id, &rebound))?;
            return Ok(to_member(existing.record_id, &rebound));
        }
        return Err(TeamError::Registered {
            name: existing.inspector.clone(),
            fingerprint: existing.fingerprint.clone(),
        });
    }
    let inspector_id = match inspector {
        Some(id) => id,
        None => inspector_named(store, name)?,
    };
    let member = TeamMember {
        inspector_id,
        name: name.trim().to_string(),
        cert_no: cert_no.trim().to_string(),
        public_key: public_key.clone(),
        role: TeamRole::Member,
        revoked: false,
        revoked_reason: String::new(),
    };
    let summary = format!("登记团队成员 {}（公钥指纹 {}）", member.name, keys::fingerprint(&public_key));
    let record_id = store.write("team.add", &summary, |w| w.create(&member))?;
    Ok(to_member(record_id.untyped(), &member))
}

/// `daocha team revoke`: revokes the roster entry of `who` (a name or a fingerprint) with `reason`.
pub fn revoke(store: &mut Store, who: &str, reason: &str, pin: &str) -> Result<Member, TeamError> {
    lead_session(store, pin)?;
    let wanted = who.trim();
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    let roster = roster(store)?;
    let found = roster
        .by_key
        .values()
        .filter(|m| !m.revoked)
        .find(|m| m.inspector == wanted || squeeze(&m.fingerprint) == squeeze(wanted) || m.public_key == wanted)
        .cloned()
        .ok_or_else(|| TeamError::NoMember(wanted.to_string()))?;
    let stored = store.require::<TeamMember>(found.record_id.typed())?;
    let mut revoked = stored.value.clone();
    revoked.revoked = true;
    revoked.revoked_reason = reason.trim().to_string();
    let summary = format!("撤销团队成员 {} 的密钥（指纹 {}）：{}", found.inspector, found.fingerprint, reason.trim());
    store.write("team.revoke", &summary, |w| w.update(stored.id, stored.version_id, &revoked))?;
    Ok(to_member(found.record_id, &revoked))
}

/// `daocha team join`: a laptop takes `lead_key` as its team's anchor (after the inspector compared
/// its fingerprint with the lead's screen).
pub fn join(store: &mut Store, lead_key: &str) -> Result<PublicKey, TeamError> {
    let lead_key = lead_key.trim().to_ascii_lowercase();
    let public = PublicKey { hex: lead_key };
    if public.verifying_key().is_err() || public.hex.len() != 64 {
        return Err(TeamError::BadKey);
    }
    if let Some(existing) = anchor(store)? {
        if existing == public.hex {
            return Ok(public);
        }
        return Err(TeamError::AlreadyTeam(keys::fingerprint(&existing)));
    }
    store.set_local_setting(ANCHOR_KEY, &public.hex)?;
    store.set_local_setting(ROLE_KEY, "member")?;
    Ok(public)
}

/// Opens the lead's key for this session (checking this is the lead's database).
fn lead_session(store: &mut Store, pin: &str) -> Result<Id<Inspector>, TeamError> {
    let anchor = anchor(store)?.ok_or_else(|| TeamError::NotTeam(store.path().display().to_string()))?;
    if !is_lead(store)? {
        return Err(TeamError::NotLead);
    }
    let lead_id: Id<Inspector> =
        store.local_keys()?.into_iter().find(|(_, key)| *key == anchor).map(|(id, _)| id).ok_or(TeamError::NotLead)?;
    store.set_current_inspector(Some(lead_id))?;
    if store.session_inspector() != Some(lead_id) {
        keys::unlock(store, lead_id, pin)?;
    }
    Ok(lead_id)
}

/// The inspector record named `name`, added if there is none.
fn inspector_named(store: &mut Store, name: &str) -> Result<Id<Inspector>, StoreError> {
    let name = name.trim();
    if let Some(found) = store.list::<Inspector>()?.into_iter().find(|i| i.value.name == name) {
        return Ok(found.id);
    }
    store.write("inspector.create", &format!("新增检查人员 {name}"), |w| {
        w.create(&Inspector { name: name.to_string(), ..Inspector::default() })
    })
}

/// Statement signer of the current version of a record, for the UI's "signed by" column.
pub fn signer_of(store: &Store, record_id: RecordId) -> Result<Option<String>, StoreError> {
    let Some(attestation_id) = store.attestation_of_current(record_id)? else { return Ok(None) };
    Ok(store.attestation(&attestation_id)?.and_then(|a| a.public_key))
}
