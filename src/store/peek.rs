//! What a database file holds, read without opening it for work: for lists of files (the start
//! screen's recent databases), where a name like `daocha.db` says nothing. Read-only, no
//! migration, no lock kept; any failure is "unknown".

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags};

use crate::domain::{Inspection, RecordId, RecordKind, Unit};

/// The latest inspection in a database file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The inspected unit's name.
    pub unit: String,
    /// The inspection's date.
    pub date: NaiveDate,
    /// How many inspections the file holds.
    pub inspections: usize,
}

impl Summary {
    /// One line for a list: 区综合执法局 · 2017-09-12（共 2 次检查）.
    pub fn line(&self) -> String {
        let more =
            if self.inspections > 1 { format!("（共 {} 次检查）", self.inspections) } else { String::new() };
        format!("{} · {}{more}", self.unit, self.date.format("%Y-%m-%d"))
    }
}

/// The latest inspection of the database at `path`, or `None` when it cannot be read (missing,
/// not a daocha database, no inspection yet).
pub fn summary(path: &Path) -> Option<Summary> {
    if !path.is_file() {
        return None;
    }
    let conn =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX).ok()?;
    // Not migrated: a file of schema 6 or before holds kinds as names, one of schema 7 on as
    // codes (a name never equals an INTEGER column's value, nor a code a TEXT column's).
    let contents = |kind: RecordKind| -> Option<Vec<(RecordId, String)>> {
        let mut statement = conn
            .prepare(
                "SELECT c.record_id, v.content FROM current c JOIN versions v ON v.version_id = c.version_id \
                 WHERE c.kind IN (?1, ?2) AND c.deleted = 0 AND v.content IS NOT NULL",
            )
            .ok()?;
        let rows =
            statement.query_map(rusqlite::params![kind, kind.as_str()], |row| Ok((row.get(0)?, row.get(1)?))).ok()?;
        rows.collect::<Result<Vec<_>, _>>().ok()
    };
    let inspections: Vec<Inspection> = contents(RecordKind::Inspection)?
        .into_iter()
        .filter_map(|(_, json)| serde_json::from_str(&json).ok())
        .collect();
    let latest = inspections.iter().max_by_key(|i| i.date)?;
    let unit = contents(RecordKind::Unit)?
        .into_iter()
        .find(|(id, _)| *id == latest.unit_id.untyped())
        .and_then(|(_, json)| serde_json::from_str::<Unit>(&json).ok())
        .map(|u| u.name)
        .unwrap_or_default();
    Some(Summary { unit, date: latest.date, inspections: inspections.len() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_is_named_by_its_unit_and_date_and_anything_else_is_unknown() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("daocha.db");
        crate::demo::create_first_morning(&path).unwrap();
        let s = summary(&path).expect("the demo reads");
        assert_eq!(s.unit, "区综合执法局");
        assert_eq!(s.inspections, 1);
        assert!(s.line().starts_with("区综合执法局 · 20"), "{}", s.line());
        let text = dir.path().join("text.db");
        std::fs::write(&text, "not a database").unwrap();
        assert_eq!(summary(&text), None);
        assert_eq!(summary(&dir.path().join("missing.db")), None);
        let empty = dir.path().join("empty.db");
        drop(crate::store::Store::open(&empty).unwrap());
        assert_eq!(summary(&empty), None, "no inspection yet");
    }
}
