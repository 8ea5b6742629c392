//! How the domain's ids and kinds are written into and read out of SQLite columns, so call sites
//! bind an id as it is (`params![record_id, kind]`) and read one back typed (`row.get::<_,
//! RecordId>(0)`) instead of converting to and from text by hand. The one place that knows the
//! column encoding of an id: the 16 raw bytes of the UUID (since schema 6; hyphenated text before,
//! which reading still accepts). A content hash is kept as its 32 bytes ([`Sha256`]), shown as
//! lower-case hex everywhere else.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use uuid::Uuid;

use crate::domain::records::RecordKind;
use crate::domain::{DeviceId, Id, RecordId, VersionId};

/// The column value of a UUID: its 16 bytes (bound where they are, not copied).
fn uuid_to_sql(uuid: &Uuid) -> ToSqlOutput<'_> {
    ToSqlOutput::Borrowed(ValueRef::Blob(uuid.as_bytes()))
}

/// A SHA-256 as a column holds it (32 bytes), read and written as the lower-case hex the rest of
/// daocha uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sha256(pub String);

impl ToSql for Sha256 {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(sha256_bytes(&self.0)?.to_vec()))
    }
}

/// The 32 bytes of a SHA-256 written in hex, as its column holds them: into a fixed array
/// (`hex::decode` goes through an iterator per byte, and a merge binds one of these per version),
/// which a caller binding many rows can bind where it is.
pub(crate) fn sha256_bytes(text: &str) -> rusqlite::Result<[u8; 32]> {
    // Each digit's value from a table, without a branch per digit (the digits of a hash are as
    // likely letters as numbers, so branching on which mispredicted half the time: this took a
    // twentieth of a merge's writing thread): the same texts accepted, 64 digits of either case.
    const NOT_A_DIGIT: u8 = 0xff;
    const VALUES: [u8; 256] = {
        let mut table = [NOT_A_DIGIT; 256];
        let mut c = 0;
        while c < 256 {
            table[c] = match c as u8 {
                d @ b'0'..=b'9' => d - b'0',
                d @ b'a'..=b'f' => d - b'a' + 10,
                d @ b'A'..=b'F' => d - b'A' + 10,
                _ => NOT_A_DIGIT,
            };
            c += 1;
        }
        table
    };
    let mut bytes = [0u8; 32];
    let digits = text.as_bytes();
    // Any byte that is not a digit sets the high bits of `seen`.
    let mut seen = 0u8;
    if digits.len() == 64 {
        for (byte, pair) in bytes.iter_mut().zip(digits.chunks_exact(2)) {
            let (high, low) = (VALUES[usize::from(pair[0])], VALUES[usize::from(pair[1])]);
            seen |= high | low;
            *byte = high << 4 | low;
        }
    }
    if digits.len() != 64 || seen & 0xf0 != 0 {
        return Err(rusqlite::Error::ToSqlConversionFailure(format!("不是 SHA-256：{text}").into()));
    }
    Ok(bytes)
}

impl FromSql for Sha256 {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        match value {
            ValueRef::Blob(bytes) if bytes.len() == 32 => Ok(Sha256(super::canonical::hex(bytes))),
            ValueRef::Blob(bytes) => Err(FromSqlError::InvalidBlobSize { expected_size: 32, blob_size: bytes.len() }),
            _ => Err(FromSqlError::InvalidType),
        }
    }
}

/// A UUID from its column value: hyphenated text, or 16 raw bytes.
fn uuid_from_sql(value: ValueRef<'_>) -> FromSqlResult<Uuid> {
    match value {
        ValueRef::Text(text) => {
            std::str::from_utf8(text).ok().and_then(|t| Uuid::parse_str(t).ok()).ok_or(FromSqlError::InvalidType)
        }
        ValueRef::Blob(bytes) => Uuid::from_slice(bytes)
            .map_err(|_| FromSqlError::InvalidBlobSize { expected_size: 16, blob_size: bytes.len() }),
        _ => Err(FromSqlError::InvalidType),
    }
}

impl<T> ToSql for Id<T> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.uuid().as_bytes().to_vec()))
    }
}

impl<T> FromSql for Id<T> {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        uuid_from_sql(value).map(Id::from_uuid)
    }
}

macro_rules! uuid_column {
    ($($name:ident),*) => {$(
        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(uuid_to_sql(&self.0))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                uuid_from_sql(value).map($name)
            }
        }
    )*};
}

uuid_column!(RecordId, VersionId, DeviceId);

/// A kind is stored as its code (since schema 7; its name before, which migration 7 turned into
/// the code): the name stays at the edges (JSON, digest lines, statements).
impl ToSql for RecordKind {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(i64::from(self.code())))
    }
}

/// A code this build does not know.
#[derive(Debug, thiserror::Error)]
#[error("未知的记录类型代码 {0}（文件可能由较新版本的倒查写入）")]
struct UnknownKindCode(i64);

impl FromSql for RecordKind {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let code = value.as_i64()?;
        RecordKind::from_code(code).ok_or_else(|| FromSqlError::Other(Box::new(UnknownKindCode(code))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    #[test]
    fn a_sha256_is_read_from_hex_as_the_hex_crate_reads_it() {
        let lower = crate::store::canonical::sha256_hex(b"abc");
        for text in [
            lower.clone(),
            lower.to_uppercase(),
            format!("{}aB", &lower[..62]),
            lower[..62].to_string(),
            format!("{lower}00"),
            format!("{}g0", &lower[..62]),
            format!("{}0g", &lower[..62]),
            format!("{}文", &lower[..61]),
            String::new(),
        ]
        .into_iter()
        // Every ASCII character in the first and in the last place.
        .chain((0..128u8).flat_map(|c| {
            let c = char::from(c);
            [format!("{c}{}", &lower[1..]), format!("{}{c}", &lower[..63])]
        })) {
            let mut expected = [0u8; 32];
            let expected = hex::decode_to_slice(&text, &mut expected).ok().map(|()| expected);
            assert_eq!(sha256_bytes(&text).ok(), expected, "{text}");
        }
    }

    #[test]
    fn ids_and_kinds_round_trip_through_columns() {
        let conn = Connection::open_in_memory().unwrap();
        let record = RecordId(Uuid::now_v7());
        let version = VersionId(Uuid::now_v7());
        let typed: Id<crate::domain::Unit> = record.typed();
        let (r, v, t, k): (RecordId, VersionId, Id<crate::domain::Unit>, RecordKind) = conn
            .query_row("SELECT ?1, ?2, ?3, ?4", rusqlite::params![record, version, typed, RecordKind::Receipt], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })
            .unwrap();
        assert_eq!((r, v, t, k), (record, version, typed, RecordKind::Receipt));
        // Stored as the UUID's 16 bytes; text as stored before schema 6 still reads.
        let bytes: Vec<u8> = conn.query_row("SELECT ?1", [record], |row| row.get(0)).unwrap();
        assert_eq!(bytes, record.0.as_bytes());
        let from_text: RecordId = conn.query_row("SELECT ?1", [record.to_string()], |row| row.get(0)).unwrap();
        assert_eq!(from_text, record);
        let hash = Sha256(super::super::canonical::sha256_hex(b"x"));
        let stored: Vec<u8> = conn.query_row("SELECT ?1", [&hash], |row| row.get(0)).unwrap();
        assert_eq!(stored.len(), 32);
        assert_eq!(conn.query_row("SELECT ?1", [&hash], |row| row.get::<_, Sha256>(0)).unwrap(), hash);
        assert!(conn.query_row("SELECT ?1", [Sha256("zz".into())], |row| row.get::<_, Sha256>(0)).is_err());
        assert!(conn.query_row("SELECT ?1", [hash.0.clone()], |row| row.get::<_, Sha256>(0)).is_err());
        assert!(conn.query_row("SELECT 'no uuid'", [], |row| row.get::<_, RecordId>(0)).is_err());
        // A kind is its code; a name, or a code this build does not know, is refused.
        let code: i64 = conn.query_row("SELECT ?1", [RecordKind::LedgerEntry], |row| row.get(0)).unwrap();
        assert_eq!(code, 5);
        assert!(conn.query_row("SELECT 'receipt'", [], |row| row.get::<_, RecordKind>(0)).is_err());
        let unknown = conn.query_row("SELECT 9999", [], |row| row.get::<_, RecordKind>(0)).unwrap_err();
        assert!(unknown.to_string().contains("未知的记录类型代码 9999"), "{unknown}");
    }
}
