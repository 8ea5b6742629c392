//! Canonical JSON: object keys sorted, no whitespace, numbers as integers (the data model has no
//! floats). The same value gives the same bytes on every machine and every daocha version, which
//! is what content hashes, merge and signatures need.

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Serialises `value` canonically.
pub fn to_canonical<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    value_to_canonical(&serde_json::to_value(value)?)
}

/// Re-serialises a JSON value canonically.
pub fn value_to_canonical(value: &Value) -> Result<String, serde_json::Error> {
    let mut out = Vec::with_capacity(256);
    write_value(value, &mut out)?;
    // serde_json writes valid UTF-8 only; should that ever change, say so rather than guess.
    String::from_utf8(out).map_err(|e| <serde_json::Error as serde::ser::Error>::custom(e.to_string()))
}

fn write_value(value: &Value, out: &mut Vec<u8>) -> Result<(), serde_json::Error> {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            out.push(b'{');
            for (i, (key, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                serde_json::to_writer(&mut *out, key)?;
                out.push(b':');
                write_value(v, out)?;
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_value(item, out)?;
            }
            out.push(b']');
        }
        other => serde_json::to_writer(&mut *out, other)?,
    }
    Ok(())
}

/// SHA-256 of `bytes`, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    // Two digits a byte into a string of the right size (`hex::encode` goes through an iterator
    // per char): a merge makes one of these per version it checks.
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    out
}

/// Bytes of lower- or upper-case hex, or `None`.
pub fn unhex(text: &str) -> Option<Vec<u8>> {
    hex::decode(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_sorted_at_every_depth() {
        let value = json!({"b": 1, "a": {"d": [3, {"z": null, "y": "文"}], "c": true}});
        assert_eq!(value_to_canonical(&value).unwrap(), r#"{"a":{"c":true,"d":[3,{"y":"文","z":null}]},"b":1}"#);
    }

    #[test]
    fn hashes_and_hex() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(unhex("00ff10"), Some(vec![0, 255, 16]));
        assert_eq!(unhex("0"), None);
        assert_eq!(unhex("zz"), None);
    }
}
