//! Canonical JSON: object keys sorted, no whitespace, numbers as integers (the data model has no
//! floats). The same value gives the same bytes on every machine and every daocha version, which
//! is what content hashes, merge and signatures need.

use std::borrow::Cow;

use serde::Serialize;
use serde::ser::{Impossible, SerializeMap as _};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Serialises `value` canonically: the same bytes as [`value_to_canonical`] of its
/// `serde_json::Value`, written without making the `Value`.
pub fn to_canonical<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let canon = canonical(value, None)?;
    utf8(canon.out)
}

/// [`to_canonical`] of `value`, and the string its top-level object has under `field`, as
/// `serde_json::to_value(value)?.get(field).and_then(Value::as_str)` would give it (`None` when
/// the value is not an object, has no such field, or the field is not a string). A record's
/// scope is read this way, from its `inspection_id`, while it is serialised.
pub fn to_canonical_with_str<T: Serialize + ?Sized>(
    value: &T,
    field: &'static str,
) -> Result<(String, Option<String>), serde_json::Error> {
    let canon = canonical(value, Some(field))?;
    let found = canon
        .found
        .and_then(|range| canon.out.get(range))
        .filter(|json| json.first() == Some(&b'"'))
        .map(serde_json::from_slice::<String>)
        .transpose()?;
    Ok((utf8(canon.out)?, found))
}

fn canonical<T: Serialize + ?Sized>(value: &T, find: Option<&'static str>) -> Result<Canon, serde_json::Error> {
    let mut canon = Canon::new(find);
    value.serialize(&mut canon)?;
    Ok(canon)
}

fn utf8(out: Vec<u8>) -> Result<String, serde_json::Error> {
    // serde_json writes valid UTF-8 only; should that ever change, say so rather than guess.
    String::from_utf8(out).map_err(|e| <serde_json::Error as serde::ser::Error>::custom(e.to_string()))
}

/// Re-serialises a JSON value canonically.
pub fn value_to_canonical(value: &Value) -> Result<String, serde_json::Error> {
    let mut out = Vec::with_capacity(256);
    write_value(value, &mut out)?;
    utf8(out)
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

/// Canonical JSON straight from a [`Serialize`] value, byte for byte what
/// `value_to_canonical(&serde_json::to_value(value)?)` gives, without the `Value` in between.
///
/// Everything is written into one buffer as it comes. An object's entries are written as
/// `"key":value` in the order they are given; when it ends, unless the keys already came in order,
/// its entries are copied out and written back sorted by the bytes of their keys, as
/// [`write_value`] sorts them (a key given twice keeps its last value, as a `Value`'s map does).
/// Strings, integers and booleans are written by serde_json itself, as `Value` writes them; the
/// rare things a `Value` changes on the way (floats, 128-bit integers, map keys that are not
/// strings) are passed through serde_json's `Value` one at a time, so they come out the same,
/// errors included.
struct Canon {
    out: Vec<u8>,
    /// The entries of the objects not yet ended, the innermost last.
    entries: Vec<Entry>,
    /// Where an ending object's entries are copied while they are written back in order.
    scratch: Vec<u8>,
    /// The top-level object's entry whose value to find, and where its value ended up in `out`.
    find: Option<&'static str>,
    found: Option<std::ops::Range<usize>>,
}

/// One `"key":value` of an object being written: where it starts in `out`, where the value starts
/// and where it ends.
struct Entry {
    key: Cow<'static, str>,
    start: usize,
    value: usize,
    end: usize,
}

type Error = serde_json::Error;

impl Canon {
    fn new(find: Option<&'static str>) -> Canon {
        Canon { out: Vec::with_capacity(512), entries: Vec::new(), scratch: Vec::new(), find, found: None }
    }

    fn put_str(&mut self, text: &str) -> Result<(), Error> {
        serde_json::to_writer(&mut self.out, text)
    }

    /// A value written as its `serde_json::Value` is: for what the `Value` may change.
    fn put_as_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let value = serde_json::to_value(value)?;
        serde_json::to_writer(&mut self.out, &value)
    }

    fn begin_object(&mut self) -> Object {
        let object = Object { start: self.out.len(), base: self.entries.len(), key: None };
        self.out.push(b'{');
        object
    }

    fn entry<V: Serialize + ?Sized>(&mut self, key: Cow<'static, str>, value: &V) -> Result<(), Error> {
        let start = self.out.len();
        self.put_str(&key)?;
        self.out.push(b':');
        let value_start = self.out.len();
        value.serialize(&mut *self)?;
        self.entries.push(Entry { key, start, value: value_start, end: self.out.len() });
        Ok(())
    }

    fn end_object(&mut self, object: Object) {
        let Object { start, base, .. } = object;
        let entries = &mut self.entries[base..];
        let in_order = entries.windows(2).all(|pair| pair[0].key.as_bytes() < pair[1].key.as_bytes());
        let top = start == 0;
        if in_order {
            // Written as they came, a comma between: already canonical.
            if top && let Some(find) = self.find {
                self.found = entries.iter().find(|e| e.key == find).map(|e| e.value..e.end);
            }
        } else {
            // Stable: of a key given twice, the one given last comes last and is kept.
            entries.sort_by(|a, b| a.key.as_bytes().cmp(b.key.as_bytes()));
            let body = start + 1;
            self.scratch.clear();
            self.scratch.extend_from_slice(&self.out[body..]);
            self.out.truncate(body);
            for (i, entry) in entries.iter().enumerate() {
                if entries.get(i + 1).is_some_and(|next| next.key == entry.key) {
                    continue;
                }
                if self.out.len() > body {
                    self.out.push(b',');
                }
                let at = self.out.len();
                self.out.extend_from_slice(&self.scratch[entry.start - body..entry.end - body]);
                if top && self.find.is_some_and(|find| entry.key == find) {
                    self.found = Some(at + (entry.value - entry.start)..self.out.len());
                }
            }
        }
        self.entries.truncate(base);
        self.out.push(b'}');
    }

    /// Before each entry of an object but the first.
    fn comma(&mut self, object: &Object) {
        if self.entries.len() > object.base {
            self.out.push(b',');
        }
    }
}

/// An object being written: where its `{` is and where its entries start in [`Canon::entries`];
/// `key`, a map's key given and its value not yet.
struct Object {
    start: usize,
    base: usize,
    key: Option<Cow<'static, str>>,
}

/// A map key as serde_json's `Value` makes it: a string as it is; anything else the way `Value`
/// does it (numbers and the like made text, the rest refused), by asking `Value` itself.
fn map_key<K: Serialize + ?Sized>(key: &K) -> Result<Cow<'static, str>, Error> {
    if let Ok(text) = key.serialize(PlainKey) {
        return Ok(Cow::Owned(text));
    }
    struct OneKey<'k, K: ?Sized>(&'k K);
    impl<K: Serialize + ?Sized> Serialize for OneKey<'_, K> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = serializer.serialize_map(Some(1))?;
            map.serialize_entry(self.0, &())?;
            map.end()
        }
    }
    match serde_json::to_value(OneKey(key))? {
        Value::Object(map) => map.into_iter().next().map(|(key, _)| Cow::Owned(key)),
        _ => None,
    }
    .ok_or_else(|| <Error as serde::ser::Error>::custom("map key"))
}

/// Takes a key that is a string (or a newtype of one) and nothing else.
struct PlainKey;

#[derive(Debug)]
struct NotPlain;

impl std::fmt::Display for NotPlain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a plain key")
    }
}

impl std::error::Error for NotPlain {}

impl serde::ser::Error for NotPlain {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        NotPlain
    }
}

impl serde::Serializer for PlainKey {
    type Ok = String;
    type Error = NotPlain;
    type SerializeSeq = Impossible<String, NotPlain>;
    type SerializeTuple = Impossible<String, NotPlain>;
    type SerializeTupleStruct = Impossible<String, NotPlain>;
    type SerializeTupleVariant = Impossible<String, NotPlain>;
    type SerializeMap = Impossible<String, NotPlain>;
    type SerializeStruct = Impossible<String, NotPlain>;
    type SerializeStructVariant = Impossible<String, NotPlain>;

    fn serialize_str(self, v: &str) -> Result<String, NotPlain> {
        Ok(v.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<String, NotPlain> {
        value.serialize(self)
    }
    fn serialize_bool(self, _: bool) -> Result<String, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_i8(self, _: i8) -> Result<String, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_i16(self, _: i16) -> Result<String, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_i32(self, _: i32) -> Result<String, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_i64(self, _: i64) -> Result<String, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_u8(self, _: u8) -> Result<String, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_u16(self, _: u16) -> Result<String, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_u32(self, _: u32) -> Result<String, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_u64(self, _: u64) -> Result<String, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_f32(self, _: f32) -> Result<String, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_f64(self, _: f64) -> Result<String, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_char(self, _: char) -> Result<String, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<String, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_none(self) -> Result<String, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<String, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_unit(self) -> Result<String, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<String, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<String, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, NotPlain> {
        Err(NotPlain)
    }
}

/// An array being written: whether an element has been.
struct Array<'c> {
    canon: &'c mut Canon,
    any: bool,
}

impl Array<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        if self.any {
            self.canon.out.push(b',');
        }
        self.any = true;
        value.serialize(&mut *self.canon)
    }
}

/// An object being written, with what it is written into.
struct Compound<'c> {
    canon: &'c mut Canon,
    object: Object,
}

/// A variant with content, `{"variant":content}`: the outer object, and the content being written.
struct Variant<'c> {
    canon: &'c mut Canon,
    outer: Object,
    variant: &'static str,
    start: usize,
    value: usize,
    inner: Option<Object>,
    any: bool,
}

impl<'c> Variant<'c> {
    /// `{"variant":` written, then the content's own opening.
    fn begin(canon: &'c mut Canon, variant: &'static str, object: bool) -> Result<Variant<'c>, Error> {
        let outer = canon.begin_object();
        let start = canon.out.len();
        canon.put_str(variant)?;
        canon.out.push(b':');
        let value = canon.out.len();
        let inner = if object {
            Some(canon.begin_object())
        } else {
            canon.out.push(b'[');
            None
        };
        Ok(Variant { canon, outer, variant, start, value, inner, any: false })
    }

    fn end(self) -> Result<(), Error> {
        let Variant { canon, outer, variant, start, value, inner, .. } = self;
        match inner {
            Some(inner) => canon.end_object(inner),
            None => canon.out.push(b']'),
        }
        canon.entries.push(Entry { key: Cow::Borrowed(variant), start, value, end: canon.out.len() });
        canon.end_object(outer);
        Ok(())
    }
}

impl<'c> serde::Serializer for &'c mut Canon {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Array<'c>;
    type SerializeTuple = Array<'c>;
    type SerializeTupleStruct = Array<'c>;
    type SerializeTupleVariant = Variant<'c>;
    type SerializeMap = Compound<'c>;
    type SerializeStruct = Compound<'c>;
    type SerializeStructVariant = Variant<'c>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        serde_json::to_writer(&mut self.out, &v)
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.put_as_value(&v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        serde_json::to_writer(&mut self.out, &v)
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.put_as_value(&v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.put_as_value(&v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.put_as_value(&v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.put_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.put_str(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut array = Array { canon: self, any: false };
        array.canon.out.push(b'[');
        for byte in v {
            array.element(byte)?;
        }
        array.canon.out.push(b']');
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), Error> {
        self.put_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let object = self.begin_object();
        self.entry(Cow::Borrowed(variant), value)?;
        self.end_object(object);
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Array<'c>, Error> {
        self.out.push(b'[');
        Ok(Array { canon: self, any: false })
    }
    fn serialize_tuple(self, len: usize) -> Result<Array<'c>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Array<'c>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Variant<'c>, Error> {
        Variant::begin(self, variant, false)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'c>, Error> {
        let object = self.begin_object();
        Ok(Compound { canon: self, object })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'c>, Error> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Variant<'c>, Error> {
        Variant::begin(self, variant, true)
    }
}

impl serde::ser::SerializeSeq for Array<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.canon.out.push(b']');
        Ok(())
    }
}

impl serde::ser::SerializeTuple for Array<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        serde::ser::SerializeSeq::end(self)
    }
}

impl serde::ser::SerializeTupleStruct for Array<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        serde::ser::SerializeSeq::end(self)
    }
}

impl serde::ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.object.key = Some(map_key(key)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self.object.key.take().ok_or_else(|| <Error as serde::ser::Error>::custom("值前没有键"))?;
        self.canon.comma(&self.object);
        self.canon.entry(key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.canon.end_object(self.object);
        Ok(())
    }
}

impl serde::ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.canon.comma(&self.object);
        self.canon.entry(Cow::Borrowed(key), value)
    }
    fn end(self) -> Result<(), Error> {
        self.canon.end_object(self.object);
        Ok(())
    }
}

impl serde::ser::SerializeTupleVariant for Variant<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        if self.any {
            self.canon.out.push(b',');
        }
        self.any = true;
        value.serialize(&mut *self.canon)
    }
    fn end(self) -> Result<(), Error> {
        Variant::end(self)
    }
}

impl serde::ser::SerializeStructVariant for Variant<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        if let Some(inner) = &self.inner {
            self.canon.comma(inner);
        }
        self.canon.entry(Cow::Borrowed(key), value)
    }
    fn end(self) -> Result<(), Error> {
        Variant::end(self)
    }
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

    /// The way before: through a `serde_json::Value`.
    fn through_value<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
        value_to_canonical(&serde_json::to_value(value)?)
    }

    /// `value` written straight is byte for byte what it is written through a `Value`, or both
    /// refuse it; and the `inspection_id` read on the way is what the `Value` has there.
    fn same<T: Serialize + ?Sized + std::fmt::Debug>(value: &T) -> Option<String> {
        let before = through_value(value);
        let now = to_canonical(value);
        match (&before, &now) {
            (Ok(before), Ok(now)) => assert_eq!(now, before, "{value:?}"),
            (Err(_), Err(_)) => return None,
            _ => panic!("{value:?}: before {before:?}, now {now:?}"),
        }
        let (text, found) = to_canonical_with_str(value, "inspection_id").unwrap();
        let tree = serde_json::to_value(value).unwrap();
        assert_eq!(found.as_deref(), tree.get("inspection_id").and_then(Value::as_str), "{value:?}");
        assert_eq!(Some(&text), now.as_ref().ok());
        now.ok()
    }

    const AWKWARD: &[&str] = &[
        "",
        "\"\\/",
        "\u{0}\u{1}\u{8}\t\n\u{b}\u{c}\r\u{1f}\u{7f}",
        "\u{2028}\u{2029}\u{feff}",
        "😀👨‍👩‍👧‍👦",
        "倒查 处罚决定书〔2017〕",
        "𠀀\u{10ffff}",
        "e\u{301}",
        "Z",
        "a",
        "é",
        "ａ",
    ];

    #[test]
    fn straight_to_text_is_the_text_through_a_value_for_every_shape_serde_makes() {
        use std::collections::{BTreeMap, HashMap};
        #[derive(Debug, Serialize)]
        struct Inner {
            z: u8,
            a: Option<&'static str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            skipped: Option<u8>,
        }
        #[derive(Debug, Serialize)]
        #[serde(rename_all = "snake_case")]
        enum External {
            Unit,
            Newtype(i64),
            Tuple(u8, &'static str),
            Struct { y: bool, b: Vec<Inner> },
        }
        #[derive(Debug, Serialize)]
        #[serde(tag = "kind", rename_all = "snake_case")]
        enum Internal {
            Unit,
            Struct { b: u8, a: u8 },
            Newtype(Inner),
        }
        #[derive(Debug, Serialize)]
        #[serde(tag = "t", content = "c")]
        enum Adjacent {
            B(u8),
            A { x: i8 },
        }
        #[derive(Debug, Serialize)]
        #[serde(untagged)]
        enum Untagged {
            Number(u32),
            Text(String),
            Inner(Inner),
        }
        #[derive(Debug, Serialize)]
        struct Flattened {
            inspection_id: &'static str,
            b: u8,
            #[serde(flatten)]
            inner: Inner,
            #[serde(flatten)]
            extra: BTreeMap<String, i32>,
        }
        #[derive(Debug, Serialize)]
        struct Twice {
            inspection_id: u8,
            #[serde(flatten)]
            again: BTreeMap<&'static str, &'static str>,
        }
        #[derive(Debug, Serialize)]
        struct Newtype(Inner);
        #[derive(Debug, Serialize)]
        struct Unit;
        #[derive(Debug, Serialize)]
        struct Pair(u8, &'static str);
        #[derive(Debug)]
        struct Bytes(&'static [u8]);
        impl Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_bytes(self.0)
            }
        }
        #[derive(Debug, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
        enum Key {
            B,
            A,
        }
        let inner = |z| Inner { z, a: Some("文\n"), skipped: None };

        let mut n = 0;
        let mut check = |text: Option<String>| {
            n += 1;
            text
        };
        // Scalars, at the top and inside.
        check(same(&()));
        check(same(&true));
        check(same(&Unit));
        check(same(&None::<u8>));
        for v in [i64::MIN, -1, 0, 1, i64::MAX] {
            check(same(&v));
            check(same(&[v]));
        }
        for v in [0, u64::MAX] {
            check(same(&v));
        }
        for v in [i8::MIN, i8::MAX] {
            check(same(&v));
        }
        for v in [0u128, u128::from(u64::MAX), u128::MAX, u128::from(u64::MAX) + 1] {
            check(same(&v));
        }
        for v in [i128::MIN, i128::from(i64::MIN), -1, i128::from(u64::MAX), i128::MAX] {
            check(same(&v));
        }
        for v in [0.0f64, -0.0, 0.1, 1e300, f64::NAN, f64::INFINITY, f64::MIN_POSITIVE, 1.0, 123456789.0] {
            check(same(&v));
            check(same(&BTreeMap::from([("f", v)])));
        }
        for v in [0.1f32, f32::MAX, f32::NAN, 1.5] {
            check(same(&v));
        }
        for c in ['a', '"', '\\', '\u{0}', '\u{1f}', '文', '😀'] {
            check(same(&c));
            check(same(&BTreeMap::from([(c, c)])));
        }
        for s in AWKWARD {
            check(same(s));
            check(same(&vec![*s, *s]));
            check(same(&BTreeMap::from([(*s, *s)])));
        }
        // Keys that sort by their bytes, not as they are written escaped or by character.
        let keys: HashMap<&str, usize> = AWKWARD.iter().enumerate().map(|(i, k)| (*k, i)).collect();
        assert!(check(same(&keys)).is_some());
        let value: Value = serde_json::to_value(&keys).unwrap();
        check(same(&value));
        check(same(&vec![value.clone(), value]));
        check(same(&Bytes(b"\x00\xff abc")));
        check(same(&Bytes(b"")));
        // Maps whose keys are not strings: made text as `Value` makes them, or refused by both.
        check(same(&BTreeMap::from([(2, "b"), (10, "a"), (-1, "c")])));
        check(same(&BTreeMap::from([(u64::MAX, 1)])));
        check(same(&BTreeMap::from([(true, 1), (false, 2)])));
        check(same(&BTreeMap::from([(Key::B, 1), (Key::A, 2)])));
        check(same(&HashMap::from([(1.5f64.to_bits(), 1)])));
        assert!(check(same(&BTreeMap::from([((1, 2), 1)]))).is_none(), "a tuple key is refused");
        assert!(check(same(&BTreeMap::from([(vec![1], 1)]))).is_none(), "a list key is refused");
        assert!(check(same(&BTreeMap::from([(Some(1), 1)]))).is_none(), "an option key is refused");
        assert!(check(same(&vec![BTreeMap::from([(None::<u8>, 1)])])).is_none(), "nested, too");
        // Structs, newtypes, enums of every tagging, flattening, nesting in arrays.
        check(same(&inner(1)));
        check(same(&Inner { z: 0, a: None, skipped: Some(3) }));
        check(same(&Newtype(inner(2))));
        check(same(&Pair(1, "x")));
        for e in [
            External::Unit,
            External::Newtype(-5),
            External::Tuple(1, "\""),
            External::Struct { y: false, b: vec![inner(1), inner(2)] },
            External::Struct { y: true, b: vec![] },
        ] {
            check(same(&e));
            check(same(&vec![BTreeMap::from([("e", e)])]));
        }
        for e in [Internal::Unit, Internal::Struct { b: 1, a: 2 }, Internal::Newtype(inner(3))] {
            check(same(&e));
            check(same(&[e]));
        }
        for e in [Adjacent::B(1), Adjacent::A { x: -1 }] {
            check(same(&e));
        }
        for e in [Untagged::Number(1), Untagged::Text("t".into()), Untagged::Inner(inner(4))] {
            check(same(&e));
        }
        let extra = BTreeMap::from([("a".to_string(), 1), ("zz".to_string(), 2), ("inspection_id".to_string(), 3)]);
        // A key given twice (flattened over a field): the last value is kept, as `Value` keeps it.
        let twice = Flattened { inspection_id: "x", b: 1, inner: inner(5), extra };
        assert!(check(same(&twice)).is_some_and(|t| t.contains(r#""inspection_id":3"#)));
        let twice = Twice { inspection_id: 1, again: BTreeMap::from([("inspection_id", "\"quoted\"\n")]) };
        assert!(check(same(&twice)).is_some());
        assert_eq!(
            to_canonical_with_str(&twice, "inspection_id").unwrap().1.as_deref(),
            Some("\"quoted\"\n"),
            "the string read on the way is the one kept, unescaped"
        );
        let fields = Flattened {
            inspection_id: "01a251b7-ea37-72a4-96ab-a4bd94bcdd5e",
            b: 2,
            inner: inner(6),
            extra: BTreeMap::new(),
        };
        check(same(&fields));
        check(same(&Some(fields)));
        // `inspection_id` only at the top, and only a string.
        check(same(&serde_json::json!({"a": {"inspection_id": "inner"}})));
        check(same(&serde_json::json!({"inspection_id": null})));
        check(same(&serde_json::json!({"inspection_id": ["x"]})));
        check(same(&serde_json::json!({"inspection_id": {"inspection_id": "x"}, "b": 1})));
        check(same(&serde_json::json!([{"inspection_id": "x"}])));
        check(same(&serde_json::json!("inspection_id")));
        assert_eq!(
            to_canonical_with_str(&serde_json::json!({"b": 1, "inspection_id": "id"}), "inspection_id").unwrap(),
            (r#"{"b":1,"inspection_id":"id"}"#.to_string(), Some("id".to_string()))
        );
        // Times and ids as the data model writes them.
        let at = chrono::DateTime::<chrono::Utc>::from_timestamp(1_505_197_800, 123_456_789).unwrap();
        check(same(&(at, at.naive_utc(), at.date_naive(), uuid::Uuid::from_u128(u128::MAX / 3))));
        check(same(&BTreeMap::from([(uuid::Uuid::from_u128(7), at)])));
        assert!(n >= 150, "{n}");
    }

    #[test]
    fn hashes_and_hex() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(unhex("00ff10"), Some(vec![0, 255, 16]));
        assert_eq!(unhex("0"), None);
        assert_eq!(unhex("zz"), None);
    }
}
