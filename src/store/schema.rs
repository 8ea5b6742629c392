//! The schema, as an append-only list of migrations keyed by `PRAGMA user_version`. Never edit a
//! migration that has shipped: add a new one.
//!
//! `versions` is the truth: append-only, one row per immutable version. `current` and `heads` are
//! derived from it in the same transaction (and can be rebuilt from it): for each record the
//! version shown, with how many heads it has (`n_heads` > 1 marks a conflict), and — for records in
//! conflict only, since schema 6 — every head. `audit_log` is a hash chain; triggers refuse UPDATE
//! and DELETE on it and on `versions`. Since schema 6, ids are stored as their 16 bytes and content
//! hashes as their 32, since schema 7 kinds as their codes, named in `kinds` (`sql.rs`).

use crate::domain::records::RecordKind;

/// `PRAGMA application_id` of a daocha database: "DAOC".
pub const APPLICATION_ID: i32 = 0x4441_4F43;

/// The page size of a database daocha creates (16 KiB: a 100k-row import writes a quarter as
/// many pages as with SQLite's default 4 KiB, and is that much faster). Set before the first
/// write, it is the file's for good; databases made with 4 KiB pages before keep them, and files
/// of either size merge into each other.
pub const PAGE_SIZE: u32 = 16_384;

/// The migration that rebuilt the big tables with ids as bytes and `heads` for conflicts only.
pub const LEAN: usize = 6;

/// The migration that rebuilt them again with kinds as codes: a database of an earlier version is
/// compacted once after it.
pub const KIND_CODES: usize = 7;

/// The earliest schema an export may have and still be merged (migrated in memory first): the
/// one before [`LEAN`]. Older files lack signed statements and are refused.
pub const EARLIEST_MERGED: usize = LEAN - 1;

/// The migrations, in order. Index `i` brings `user_version` from `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: the versioned store.
    r#"
CREATE TABLE local_meta (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE versions (
    version_id TEXT PRIMARY KEY NOT NULL,
    record_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    scope_id TEXT,
    supersedes TEXT NOT NULL,
    author_id TEXT,
    device_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    content TEXT,
    content_sha256 TEXT NOT NULL,
    audit_seq INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX versions_by_record ON versions (record_id);
CREATE INDEX versions_by_audit ON versions (audit_seq);

CREATE TABLE heads (
    record_id TEXT NOT NULL,
    version_id TEXT NOT NULL REFERENCES versions (version_id),
    PRIMARY KEY (record_id, version_id)
) WITHOUT ROWID;

CREATE TABLE current (
    record_id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    scope_id TEXT,
    version_id TEXT NOT NULL REFERENCES versions (version_id),
    deleted INTEGER NOT NULL,
    n_heads INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX current_by_kind_scope ON current (kind, scope_id);

CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY NOT NULL,
    at TEXT NOT NULL,
    device_id TEXT NOT NULL,
    inspector_id TEXT,
    action TEXT NOT NULL,
    summary TEXT NOT NULL,
    n_versions INTEGER NOT NULL,
    versions_sha256 TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    entry_hash TEXT NOT NULL
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER versions_no_update BEFORE UPDATE ON versions
BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
CREATE TRIGGER versions_no_delete BEFORE DELETE ON versions
BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;

CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY NOT NULL,
    data BLOB NOT NULL
);

CREATE TABLE local_keys (
    inspector_id TEXT PRIMARY KEY NOT NULL,
    public_key TEXT NOT NULL,
    sealed_secret BLOB NOT NULL,
    created_at TEXT NOT NULL
) WITHOUT ROWID;
"#,
    // 2: provenance of merged files (the team lead's database).
    r#"
CREATE TABLE merge_log (
    seq INTEGER PRIMARY KEY NOT NULL,
    merged_at TEXT NOT NULL,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL,
    inspector_name TEXT,
    device_id TEXT,
    exported_at TEXT,
    versions_in_file INTEGER NOT NULL,
    new_versions INTEGER NOT NULL,
    conflicts INTEGER NOT NULL
);
"#,
    // 3: the audit check reads every version anyway; an index by audit entry only slowed writes.
    r#"
DROP INDEX versions_by_audit;
"#,
    // 4: counts per kind and inspection (the side panel) answered from the index alone.
    r#"
DROP INDEX current_by_kind_scope;
CREATE INDEX current_by_kind_scope ON current (kind, scope_id, deleted);
"#,
    // 5: attestations. Each command's own versions are vouched for by one statement (who, where,
    // which audit entry, the digest of exactly those versions), signed by the author's key; every
    // version names its statement, and both travel with merges, so a version can be checked
    // against the team's roster wherever it goes. A statement is written unsigned when the
    // author's key is locked and signed once, later (at the latest on export): the trigger lets a
    // signature be added to an unsigned statement and nothing else. Versions written before this
    // migration on this laptop are given the statement of the audit entry that wrote them.
    r#"
ALTER TABLE versions ADD COLUMN attestation_id TEXT;

CREATE TABLE attestations (
    attestation_id TEXT PRIMARY KEY NOT NULL,
    statement TEXT NOT NULL,
    public_key TEXT,
    signature TEXT
) WITHOUT ROWID;

CREATE TRIGGER attestations_no_delete BEFORE DELETE ON attestations
BEGIN SELECT RAISE(ABORT, 'attestations are kept'); END;
CREATE TRIGGER attestations_signed_once BEFORE UPDATE ON attestations
WHEN OLD.signature IS NOT NULL OR NEW.attestation_id IS NOT OLD.attestation_id OR NEW.statement IS NOT OLD.statement
BEGIN SELECT RAISE(ABORT, 'a signed attestation is final'); END;

DROP TRIGGER versions_no_update;
UPDATE versions SET attestation_id = device_id || ':' || audit_seq
WHERE device_id = (SELECT value FROM local_meta WHERE key = 'device_id');
CREATE TRIGGER versions_no_update BEFORE UPDATE ON versions
BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
"#,
    // 6: the lean store. Ids are stored as their 16 bytes and content hashes as their 32 (text
    // only at the edges: JSON, digest lines, statements, the screen), and `heads` keeps rows only
    // for records with more than one head (a conflict): a record with one head has it in
    // `current.version_id` alone. The tables are rebuilt: the old ones are renamed away (which
    // points `heads` and `current` at the renamed `versions`), the new ones made and filled, the
    // old dropped children first. DROP TABLE fires no row triggers.
    r#"
DROP INDEX versions_by_record;
DROP INDEX current_by_kind_scope;
DROP TRIGGER versions_no_update;
DROP TRIGGER versions_no_delete;
DROP TRIGGER audit_log_no_update;
DROP TRIGGER audit_log_no_delete;
ALTER TABLE versions RENAME TO versions_5;
ALTER TABLE heads RENAME TO heads_5;
ALTER TABLE current RENAME TO current_5;
ALTER TABLE audit_log RENAME TO audit_log_5;
ALTER TABLE local_keys RENAME TO local_keys_5;

CREATE TABLE versions (
    version_id BLOB PRIMARY KEY NOT NULL,
    record_id BLOB NOT NULL,
    kind TEXT NOT NULL,
    scope_id BLOB,
    supersedes TEXT NOT NULL,
    author_id BLOB,
    device_id BLOB NOT NULL,
    created_at TEXT NOT NULL,
    content TEXT,
    content_sha256 BLOB NOT NULL,
    audit_seq INTEGER NOT NULL,
    attestation_id TEXT
) WITHOUT ROWID;
INSERT INTO versions
    SELECT unhex(replace(version_id, '-', '')), unhex(replace(record_id, '-', '')), kind,
           unhex(replace(scope_id, '-', '')), supersedes, unhex(replace(author_id, '-', '')),
           unhex(replace(device_id, '-', '')), created_at, content, unhex(content_sha256), audit_seq, attestation_id
    FROM versions_5;
CREATE INDEX versions_by_record ON versions (record_id);

CREATE TABLE heads (
    record_id BLOB NOT NULL,
    version_id BLOB NOT NULL REFERENCES versions (version_id),
    PRIMARY KEY (record_id, version_id)
) WITHOUT ROWID;
INSERT INTO heads
    SELECT unhex(replace(h.record_id, '-', '')), unhex(replace(h.version_id, '-', ''))
    FROM heads_5 h JOIN current_5 c ON c.record_id = h.record_id WHERE c.n_heads > 1;

CREATE TABLE current (
    record_id BLOB PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    scope_id BLOB,
    version_id BLOB NOT NULL REFERENCES versions (version_id),
    deleted INTEGER NOT NULL,
    n_heads INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO current
    SELECT unhex(replace(record_id, '-', '')), kind, unhex(replace(scope_id, '-', '')),
           unhex(replace(version_id, '-', '')), deleted, n_heads
    FROM current_5;
CREATE INDEX current_by_kind_scope ON current (kind, scope_id, deleted);

CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY NOT NULL,
    at TEXT NOT NULL,
    device_id BLOB NOT NULL,
    inspector_id BLOB,
    action TEXT NOT NULL,
    summary TEXT NOT NULL,
    n_versions INTEGER NOT NULL,
    versions_sha256 TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    entry_hash TEXT NOT NULL
);
INSERT INTO audit_log
    SELECT seq, at, unhex(replace(device_id, '-', '')), unhex(replace(inspector_id, '-', '')), action, summary,
           n_versions, versions_sha256, prev_hash, entry_hash
    FROM audit_log_5;

CREATE TABLE local_keys (
    inspector_id BLOB PRIMARY KEY NOT NULL,
    public_key TEXT NOT NULL,
    sealed_secret BLOB NOT NULL,
    created_at TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO local_keys
    SELECT unhex(replace(inspector_id, '-', '')), public_key, sealed_secret, created_at FROM local_keys_5;

DROP TABLE heads_5;
DROP TABLE current_5;
DROP TABLE versions_5;
DROP TABLE audit_log_5;
DROP TABLE local_keys_5;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER versions_no_update BEFORE UPDATE ON versions
BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
CREATE TRIGGER versions_no_delete BEFORE DELETE ON versions
BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
"#,
    // 7: kinds as codes. `versions.kind` and `current.kind` (and the index over it) hold each
    // kind's code (`RecordKind::code`), a byte or two, instead of its name three times per record;
    // `kinds` pairs each code with its name and label for whoever reads the file in the sqlite3
    // shell. These are the kinds of schema 7; a kind added later gets its row from the store when
    // it opens a database (`schema::add_kinds`), with no new migration. The two tables are rebuilt
    // as in migration 6; a version of a kind `kinds` does not name fails the migration (NOT NULL).
    r#"
CREATE TABLE kinds (
    code INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL
);
INSERT INTO kinds (code, name, label) VALUES
    (1, 'unit', '受检单位'),
    (2, 'inspector', '检查人员'),
    (3, 'inspection', '检查'),
    (4, 'receipt', '罚没款收据'),
    (5, 'ledger_entry', '处罚台账记录'),
    (6, 'case_file', '处罚案卷'),
    (7, 'officer', '执法人员名册'),
    (8, 'sample', '抽样'),
    (9, 'trace_mark', '核查标记'),
    (10, 'stage_override', '阶段放行'),
    (11, 'problem_review', '问题确认'),
    (12, 'finding', '问题'),
    (13, 'rectification', '整改措施'),
    (14, 'return_visit', '回访'),
    (15, 'clue', '违纪违法线索'),
    (16, 'clue_outcome', '线索处理结果'),
    (17, 'recording', '录音录像'),
    (18, 'attachment', '附件'),
    (19, 'score', '案卷评查'),
    (20, 'sheet', '反馈意见书'),
    (21, 'signature', '签名'),
    (22, 'duplicate_link', '重复记录处理'),
    (23, 'team_member', '团队成员'),
    (24, 'reviewer_draw', '评查人员抽取'),
    (25, 'self_report', '自查自纠报告'),
    (26, 'complaint', '监督举报'),
    (27, 'observer_visit', '现场看'),
    (28, 'rectification_report', '单位整改报告'),
    (29, 'approval', '问题清单审批'),
    (30, 'supervision', '挂牌督办'),
    (31, 'look_back', '回头看'),
    (32, 'systems_check', '三项制度'),
    (33, 'unit_decision', '决定抽查'),
    (34, 'unit_recusal', '回避声明'),
    (35, 'unit_draw', '抽取受检单位'),
    (36, 'team_draw', '抽取检查组'),
    (37, 'team_swap', '调换检查人员');

DROP INDEX versions_by_record;
DROP INDEX current_by_kind_scope;
DROP TRIGGER versions_no_update;
DROP TRIGGER versions_no_delete;
ALTER TABLE versions RENAME TO versions_6;
ALTER TABLE heads RENAME TO heads_6;
ALTER TABLE current RENAME TO current_6;

CREATE TABLE versions (
    version_id BLOB PRIMARY KEY NOT NULL,
    record_id BLOB NOT NULL,
    kind INTEGER NOT NULL,
    scope_id BLOB,
    supersedes TEXT NOT NULL,
    author_id BLOB,
    device_id BLOB NOT NULL,
    created_at TEXT NOT NULL,
    content TEXT,
    content_sha256 BLOB NOT NULL,
    audit_seq INTEGER NOT NULL,
    attestation_id TEXT
) WITHOUT ROWID;
INSERT INTO versions
    SELECT version_id, record_id, (SELECT code FROM kinds WHERE name = v.kind), scope_id, supersedes, author_id,
           device_id, created_at, content, content_sha256, audit_seq, attestation_id
    FROM versions_6 v;
CREATE INDEX versions_by_record ON versions (record_id);

CREATE TABLE heads (
    record_id BLOB NOT NULL,
    version_id BLOB NOT NULL REFERENCES versions (version_id),
    PRIMARY KEY (record_id, version_id)
) WITHOUT ROWID;
INSERT INTO heads SELECT record_id, version_id FROM heads_6;

CREATE TABLE current (
    record_id BLOB PRIMARY KEY NOT NULL,
    kind INTEGER NOT NULL,
    scope_id BLOB,
    version_id BLOB NOT NULL REFERENCES versions (version_id),
    deleted INTEGER NOT NULL,
    n_heads INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO current
    SELECT record_id, (SELECT code FROM kinds WHERE name = c.kind), scope_id, version_id, deleted, n_heads
    FROM current_6 c;
CREATE INDEX current_by_kind_scope ON current (kind, scope_id, deleted);

DROP TABLE heads_6;
DROP TABLE current_6;
DROP TABLE versions_6;

CREATE TRIGGER versions_no_update BEFORE UPDATE ON versions
BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
CREATE TRIGGER versions_no_delete BEFORE DELETE ON versions
BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
"#,
];

/// Gives an empty database daocha's schema at the current version, with no identity: what an
/// export fills with a laptop's shared tables.
pub fn create_fresh(conn: &mut rusqlite::Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    for sql in MIGRATIONS {
        tx.execute_batch(sql)?;
    }
    add_kinds(&tx)?;
    tx.execute_batch(&format!(
        "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {};",
        MIGRATIONS.len()
    ))?;
    tx.commit()
}

/// One row of `kinds`: code, name, label.
pub type KindRow = (i64, String, String);

/// The rows `kinds` has for every kind this build knows, in code order.
pub fn kind_rows() -> Vec<KindRow> {
    let mut rows: Vec<KindRow> =
        RecordKind::ALL.iter().map(|k| (i64::from(k.code()), k.as_str().to_string(), k.label().to_string())).collect();
    rows.sort();
    rows
}

/// The rows of a database's `kinds` table, in code order.
pub fn kinds_of(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<KindRow>> {
    let mut stmt = conn.prepare("SELECT code, name, label FROM kinds ORDER BY code")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    rows.collect()
}

/// Gives `kinds` a row for every kind of this build it lacks (a kind added after schema 7) and
/// this build's label for every one it has; a row of a code this build does not know (written by
/// a newer build) is kept. A row's name is never changed: the caller has checked they agree.
pub fn add_kinds(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare(
        "INSERT INTO kinds (code, name, label) VALUES (?1, ?2, ?3)
         ON CONFLICT (code) DO UPDATE SET label = excluded.label WHERE label IS NOT excluded.label",
    )?;
    for (code, name, label) in kind_rows() {
        stmt.execute(rusqlite::params![code, name, label])?;
    }
    Ok(())
}

/// One row of `sqlite_schema`: type, name, table, SQL.
pub type SchemaRow = (String, String, String, Option<String>);

/// The schema a daocha database of this version has, as `(type, name, table, sql)` rows of
/// `sqlite_schema` in name order: what an incoming file must match exactly.
pub fn expected_schema() -> rusqlite::Result<Vec<SchemaRow>> {
    expected_schema_at(MIGRATIONS.len())
}

/// The schema a daocha database of version `version` has (`version` ≤ the current one).
pub fn expected_schema_at(version: usize) -> rusqlite::Result<Vec<SchemaRow>> {
    let conn = rusqlite::Connection::open_in_memory()?;
    for sql in &MIGRATIONS[..version.min(MIGRATIONS.len())] {
        conn.execute_batch(sql)?;
    }
    schema_of(&conn)
}

/// The `sqlite_schema` rows of a connection, in name order.
pub fn schema_of(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<SchemaRow>> {
    let mut stmt = conn.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    rows.collect()
}
