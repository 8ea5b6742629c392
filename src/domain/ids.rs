//! Record ids are UUID v7, typed by the record they name, so a receipt id cannot be passed where
//! a case-file id is expected. Version ids and device ids are plain UUID v7 newtypes.
//!
//! UUID v7 sorts by creation time, which keeps SQLite's B-trees append-mostly. Ids are minted by
//! the store's [`crate::domain::clock::Minter`], so tests and the demo can make them deterministic.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

/// The id of one record of kind `T` (a unit, a receipt, a finding …): stable across all its versions.
pub struct Id<T> {
    uuid: Uuid,
    _kind: PhantomData<fn() -> T>,
}

impl<T> Id<T> {
    /// Wraps a UUID minted elsewhere.
    pub const fn from_uuid(uuid: Uuid) -> Self {
        Self { uuid, _kind: PhantomData }
    }

    /// The underlying UUID.
    pub const fn uuid(&self) -> Uuid {
        self.uuid
    }

    /// Forgets the kind: the store handles records generically.
    pub const fn untyped(&self) -> RecordId {
        RecordId(self.uuid)
    }

    /// Short form for people: the first 8 hex digits.
    pub fn short(&self) -> String {
        self.uuid.simple().to_string()[..8].to_string()
    }
}

impl<T> Clone for Id<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Id<T> {}
impl<T> PartialEq for Id<T> {
    fn eq(&self, other: &Self) -> bool {
        self.uuid == other.uuid
    }
}
impl<T> Eq for Id<T> {}
impl<T> PartialOrd for Id<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<T> Ord for Id<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.uuid.cmp(&other.uuid)
    }
}
impl<T> Hash for Id<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.uuid.hash(state);
    }
}
impl<T> fmt::Debug for Id<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({})", self.uuid)
    }
}
impl<T> fmt::Display for Id<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.uuid.fmt(f)
    }
}
impl<T> FromStr for Id<T> {
    type Err = uuid::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s.trim()).map(Self::from_uuid)
    }
}
impl<T> Serialize for Id<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.uuid.serialize(serializer)
    }
}
impl<'de, T> Deserialize<'de> for Id<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Uuid::deserialize(deserializer).map(Self::from_uuid)
    }
}

macro_rules! uuid_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s.trim()).map(Self)
            }
        }
    };
}

uuid_newtype!(
    /// A record id whose kind is known only at run time (the store, merge and dump work with these).
    RecordId
);
uuid_newtype!(
    /// The id of one immutable version of a record.
    VersionId
);
uuid_newtype!(
    /// The id of the database installation that wrote a version (one per laptop database).
    DeviceId
);

impl RecordId {
    /// Gives the record id its kind back.
    pub const fn typed<T>(self) -> Id<T> {
        Id::from_uuid(self.0)
    }
}

impl<T> From<Id<T>> for RecordId {
    fn from(id: Id<T>) -> Self {
        id.untyped()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Marker;

    #[test]
    fn typed_id_round_trips_through_text_and_json() {
        let id: Id<Marker> = Id::from_uuid(Uuid::now_v7());
        let text = id.to_string();
        assert_eq!(text.parse::<Id<Marker>>().unwrap(), id);
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, format!("\"{text}\""));
        assert_eq!(serde_json::from_str::<Id<Marker>>(&json).unwrap(), id);
        assert_eq!(id.untyped().typed::<Marker>(), id);
    }

    #[test]
    fn rejects_garbage() {
        assert!("not-a-uuid".parse::<RecordId>().is_err());
    }
}
