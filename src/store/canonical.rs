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

/// Whether `text` is exactly [`value_to_canonical`] of `value`: the canonical text is compared
/// with `text` as it is written, and not kept (a merge asks this of every version it checks).
pub fn is_canonical_text(value: &Value, text: &str) -> bool {
    /// Takes what is written only while it is the next part of `rest`.
    struct Matching<'t> {
        rest: &'t [u8],
    }
    impl std::io::Write for Matching<'_> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            match self.rest.strip_prefix(buf) {
                Some(rest) => {
                    self.rest = rest;
                    Ok(buf.len())
                }
                None => Err(std::io::Error::other("不同")),
            }
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut matching = Matching { rest: text.as_bytes() };
    write_value(value, &mut matching).is_ok() && matching.rest.is_empty()
}

fn write_value<W: std::io::Write>(value: &Value, out: &mut W) -> Result<(), serde_json::Error> {
    let put = |out: &mut W, bytes: &[u8]| out.write_all(bytes).map_err(serde_json::Error::io);
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            put(out, b"{")?;
            for (i, (key, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    put(out, b",")?;
                }
                serde_json::to_writer(&mut *out, key)?;
                put(out, b":")?;
                write_value(v, out)?;
            }
            put(out, b"}")?;
        }
        Value::Array(items) => {
            put(out, b"[")?;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    put(out, b",")?;
                }
                write_value(item, out)?;
            }
            put(out, b"]")?;
        }
        other => serde_json::to_writer(&mut *out, other)?,
    }
    Ok(())
}

/// SHA-256 of `bytes`, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Whether `text` is [`sha256_hex`] of `bytes` (the same test as comparing with it, without
/// making the text: a merge makes this test once per version it checks).
pub fn is_sha256_of(text: &str, bytes: &[u8]) -> bool {
    is_hex_of(text, &Sha256::digest(bytes))
}

/// Whether `text` is [`hex`] of `bytes`: lower-case digits only, two a byte.
fn is_hex_of(text: &str, bytes: &[u8]) -> bool {
    let digits = text.as_bytes();
    digits.len() == bytes.len() * 2
        && bytes.iter().zip(digits.chunks_exact(2)).all(|(byte, pair)| {
            pair[0] == HEX_DIGITS[usize::from(byte >> 4)] && pair[1] == HEX_DIGITS[usize::from(byte & 0x0f)]
        })
}

/// The digits of [`hex`].
const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    // Two digits a byte into a string of the right size (`hex::encode` goes through an iterator
    // per char): a merge makes one of these per version it checks.
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(HEX_DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(HEX_DIGITS[usize::from(byte & 0x0f)]));
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
    fn a_hash_is_recognised_exactly_as_comparing_with_its_hex() {
        let hash = sha256_hex(b"abc");
        let altered = |i: usize, c: char| {
            let mut t: Vec<char> = hash.chars().collect();
            t[i] = c;
            t.into_iter().collect::<String>()
        };
        for text in [
            hash.clone(),
            hash.to_uppercase(),
            hash[..63].to_string(),
            format!("{hash}0"),
            String::new(),
            altered(0, 'B'),
            altered(63, 'g'),
            altered(10, '文'),
            sha256_hex(b"abd"),
        ] {
            assert_eq!(is_sha256_of(&text, b"abc"), text == sha256_hex(b"abc"), "{text}");
        }
        // Every digit of every place, against the one right there.
        for i in 0..64 {
            for c in "0123456789abcdefABCDEFg ".chars() {
                let text = altered(i, c);
                assert_eq!(is_sha256_of(&text, b"abc"), text == hash, "{text}");
            }
        }
    }

    #[test]
    fn a_text_is_canonical_exactly_when_it_is_the_canonical_text() {
        let value = json!({"b": 1, "a": {"d": [3, {"z": null, "y": "文\"\n"}], "c": true}, "e": -7});
        let canonical = value_to_canonical(&value).unwrap();
        assert!(is_canonical_text(&value, &canonical));
        for text in [
            String::new(),
            canonical[..canonical.len() - 1].to_string(),
            format!("{canonical} "),
            format!(" {canonical}"),
            canonical.replace(':', ": "),
            canonical.replace("\\n", "\\u000a"),
            serde_json::to_string_pretty(&value).unwrap(),
            r#"{"b":1,"a":{"c":true,"d":[3,{"y":"文\"\n","z":null}]},"e":-7}"#.to_string(),
        ] {
            assert_eq!(is_canonical_text(&value, &text), text == canonical, "{text}");
        }
        for scalar in [json!(null), json!("x"), json!(12), json!([]), json!({})] {
            let canonical = value_to_canonical(&scalar).unwrap();
            assert!(is_canonical_text(&scalar, &canonical));
            assert!(!is_canonical_text(&scalar, &format!("{canonical}0")));
        }
    }

    #[test]
    fn hashes_and_hex() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(unhex("00ff10"), Some(vec![0, 255, 16]));
        assert_eq!(unhex("0"), None);
        assert_eq!(unhex("zz"), None);
    }
}
