//! `--json` written straight from the command's rows: a serde serializer
//! that hands everything to serde_json's own and only rewrites the instants
//! on the way (ISO 8601 with the site's offset, free-text fields left as
//! typed — the rule of [`super::output::json`]).
//!
//! Why not `serde_json::to_value` and a walk over the tree: that built a map
//! of owned strings for every row (`ticket list --overdue --json` at 50,000
//! open: 30,000 rows, 12 MB) and then serialized the tree again — several
//! times the work of the `sqlite3` shell printing the same rows (issue 15).
//! Keys come out in the order the types declare them instead of sorted;
//! docs/json.md promises no order.

use crate::domain::time::Tz;
use serde::ser::{self, Serialize, Serializer};

/// Serialize `v` into `inner`, instants rewritten (see the module).
pub fn serialize<T: Serialize + ?Sized, S: Serializer>(
    v: &T,
    inner: S,
    zone: Tz,
) -> Result<S::Ok, S::Error> {
    v.serialize(Instants {
        inner,
        key: "",
        zone,
    })
}

/// A value with the name of the field it sits in (an array's items sit in
/// the array's field, as in the tree walk this replaces).
struct Keyed<'a, T: ?Sized> {
    v: &'a T,
    key: &'a str,
    zone: Tz,
}

impl<T: Serialize + ?Sized> Serialize for Keyed<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.v.serialize(Instants {
            inner: s,
            key: self.key,
            zone: self.zone,
        })
    }
}

/// Up to 64 bytes of text on the stack; writing more fails (the caller
/// then takes a String).
struct Short {
    bytes: [u8; 64],
    len: usize,
}

impl Default for Short {
    fn default() -> Self {
        Short {
            bytes: [0; 64],
            len: 0,
        }
    }
}

impl std::fmt::Write for Short {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        let dest = self.bytes.get_mut(self.len..end).ok_or(std::fmt::Error)?;
        dest.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

struct Instants<'k, S> {
    inner: S,
    key: &'k str,
    zone: Tz,
}

impl<'k, S: Serializer> Instants<'k, S> {
    fn keyed<'a, T: ?Sized>(&self, v: &'a T, key: &'a str) -> Keyed<'a, T> {
        Keyed {
            v,
            key,
            zone: self.zone,
        }
    }
}

/// Forward the plain values unchanged.
macro_rules! forward {
    ($($f:ident($t:ty)),* $(,)?) => {
        $(fn $f(self, v: $t) -> Result<S::Ok, S::Error> {
            self.inner.$f(v)
        })*
    };
}

impl<'k, S: Serializer> Serializer for Instants<'k, S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Seq<'k, S::SerializeSeq>;
    type SerializeTuple = Seq<'k, S::SerializeTuple>;
    type SerializeTupleStruct = Seq<'k, S::SerializeTupleStruct>;
    type SerializeTupleVariant = Seq<'static, S::SerializeTupleVariant>;
    type SerializeMap = Map<S::SerializeMap>;
    type SerializeStruct = Fields<S::SerializeStruct>;
    type SerializeStructVariant = Fields<S::SerializeStructVariant>;

    forward!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_i128(i128),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_u128(u128),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_bytes(&[u8]),
        serialize_unit_struct(&'static str),
    );

    fn serialize_str(self, v: &str) -> Result<S::Ok, S::Error> {
        // Whether it is a time first: most strings are not, and that is a
        // length check, where the free-text list is a walk of 60 names.
        if let Some(iso) = super::instants::iso_instant(v, self.zone) {
            if !super::instants::FREE_TEXT.contains(&self.key) {
                return self.inner.serialize_str(&iso);
            }
        }
        self.inner.serialize_str(v)
    }

    /// Instants are written with `collect_str`: through `serialize_str`,
    /// or serde_json would write them as they are. Written into a buffer
    /// on the stack when short (a time is 19 bytes), not a new String.
    fn collect_str<T: std::fmt::Display + ?Sized>(self, v: &T) -> Result<S::Ok, S::Error> {
        let mut buf = Short::default();
        if std::fmt::Write::write_fmt(&mut buf, format_args!("{v}")).is_ok() {
            if let Ok(s) = std::str::from_utf8(&buf.bytes[..buf.len]) {
                return self.serialize_str(s);
            }
        }
        self.serialize_str(&v.to_string())
    }

    fn serialize_none(self) -> Result<S::Ok, S::Error> {
        self.inner.serialize_none()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<S::Ok, S::Error> {
        let k = self.keyed(v, self.key);
        self.inner.serialize_some(&k)
    }

    fn serialize_unit(self) -> Result<S::Ok, S::Error> {
        self.inner.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
    ) -> Result<S::Ok, S::Error> {
        self.inner.serialize_unit_variant(name, index, variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        v: &T,
    ) -> Result<S::Ok, S::Error> {
        let k = self.keyed(v, self.key);
        self.inner.serialize_newtype_struct(name, &k)
    }

    /// `{"variant": value}`: the value sits in the variant's field.
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<S::Ok, S::Error> {
        let k = self.keyed(v, variant);
        self.inner
            .serialize_newtype_variant(name, index, variant, &k)
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        Ok(Seq {
            inner: self.inner.serialize_seq(len)?,
            key: self.key,
            zone: self.zone,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, S::Error> {
        Ok(Seq {
            inner: self.inner.serialize_tuple(len)?,
            key: self.key,
            zone: self.zone,
        })
    }

    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        Ok(Seq {
            inner: self.inner.serialize_tuple_struct(name, len)?,
            key: self.key,
            zone: self.zone,
        })
    }

    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        Ok(Seq {
            inner: self
                .inner
                .serialize_tuple_variant(name, index, variant, len)?,
            key: variant,
            zone: self.zone,
        })
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        Ok(Map {
            inner: self.inner.serialize_map(len)?,
            key: String::new(),
            zone: self.zone,
        })
    }

    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        Ok(Fields {
            inner: self.inner.serialize_struct(name, len)?,
            zone: self.zone,
        })
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        Ok(Fields {
            inner: self
                .inner
                .serialize_struct_variant(name, index, variant, len)?,
            zone: self.zone,
        })
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// An array's items, each in the array's field.
struct Seq<'k, C> {
    inner: C,
    key: &'k str,
    zone: Tz,
}

macro_rules! seq_impl {
    ($tr:ident, $f:ident) => {
        impl<C: ser::$tr> ser::$tr for Seq<'_, C> {
            type Ok = C::Ok;
            type Error = C::Error;
            fn $f<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), C::Error> {
                self.inner.$f(&Keyed {
                    v,
                    key: self.key,
                    zone: self.zone,
                })
            }
            fn end(self) -> Result<C::Ok, C::Error> {
                self.inner.end()
            }
        }
    };
}
seq_impl!(SerializeSeq, serialize_element);
seq_impl!(SerializeTuple, serialize_element);
seq_impl!(SerializeTupleStruct, serialize_field);
seq_impl!(SerializeTupleVariant, serialize_field);

/// A map's values, each in its key's field (`#[serde(flatten)]` comes
/// through here too).
struct Map<C> {
    inner: C,
    key: String,
    zone: Tz,
}

impl<C: ser::SerializeMap> ser::SerializeMap for Map<C> {
    type Ok = C::Ok;
    type Error = C::Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), C::Error> {
        // The key's name, read without building a value (a
        // `#[serde(flatten)]` row has all its fields come through here);
        // a key that is not a string (a number) counts as no field's name.
        self.key.clear();
        let _ = k.serialize(KeyName(&mut self.key));
        self.inner.serialize_key(k)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), C::Error> {
        self.inner.serialize_value(&Keyed {
            v,
            key: &self.key,
            zone: self.zone,
        })
    }

    fn end(self) -> Result<C::Ok, C::Error> {
        self.inner.end()
    }
}

/// A map key's text into a string; anything but a string is refused.
struct KeyName<'a>(&'a mut String);

#[derive(Debug)]
struct NotText;

impl std::fmt::Display for NotText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a string key")
    }
}

impl std::error::Error for NotText {}

impl ser::Error for NotText {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        NotText
    }
}

/// Refuse every kind of value but a string.
macro_rules! refuse {
    ($($f:ident($($a:ty),*)),* $(,)?) => {
        $(fn $f(self, $(_: $a),*) -> Result<(), NotText> {
            Err(NotText)
        })*
    };
}

impl Serializer for KeyName<'_> {
    type Ok = ();
    type Error = NotText;
    type SerializeSeq = ser::Impossible<(), NotText>;
    type SerializeTuple = ser::Impossible<(), NotText>;
    type SerializeTupleStruct = ser::Impossible<(), NotText>;
    type SerializeTupleVariant = ser::Impossible<(), NotText>;
    type SerializeMap = ser::Impossible<(), NotText>;
    type SerializeStruct = ser::Impossible<(), NotText>;
    type SerializeStructVariant = ser::Impossible<(), NotText>;

    fn serialize_str(self, v: &str) -> Result<(), NotText> {
        self.0.push_str(v);
        Ok(())
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), NotText> {
        self.0.push_str(variant);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), NotText> {
        v.serialize(self)
    }

    refuse!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
    );

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), NotText> {
        Err(NotText)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), NotText> {
        Err(NotText)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotText> {
        Err(NotText)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, NotText> {
        Err(NotText)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, NotText> {
        Err(NotText)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, NotText> {
        Err(NotText)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotText> {
        Err(NotText)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, NotText> {
        Err(NotText)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, NotText> {
        Err(NotText)
    }
}

/// A struct's fields, each value in its own field.
struct Fields<C> {
    inner: C,
    zone: Tz,
}

macro_rules! fields_impl {
    ($tr:ident) => {
        impl<C: ser::$tr> ser::$tr for Fields<C> {
            type Ok = C::Ok;
            type Error = C::Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                v: &T,
            ) -> Result<(), C::Error> {
                self.inner.serialize_field(
                    key,
                    &Keyed {
                        v,
                        key,
                        zone: self.zone,
                    },
                )
            }
            fn skip_field(&mut self, key: &'static str) -> Result<(), C::Error> {
                self.inner.skip_field(key)
            }
            fn end(self) -> Result<C::Ok, C::Error> {
                self.inner.end()
            }
        }
    };
}
fields_impl!(SerializeStruct);
fields_impl!(SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(serde::Serialize)]
    struct Row {
        #[serde(with = "crate::domain::time")]
        created_at: chrono::NaiveDateTime,
        note: String,
        due: Vec<String>,
        #[serde(with = "crate::domain::time::opt")]
        closed_at: Option<chrono::NaiveDateTime>,
        extra: BTreeMap<String, String>,
    }

    #[derive(serde::Serialize)]
    struct Flat<'a> {
        #[serde(flatten)]
        row: &'a Row,
        section: &'static str,
    }

    fn row() -> Row {
        let at = crate::domain::time::parse("2026-11-23 10:00:00").unwrap();
        Row {
            created_at: at,
            note: "2026-11-23 10:00:00".into(),
            due: vec!["2026-11-24 18:00:00".into()],
            closed_at: Some(at),
            extra: BTreeMap::from([
                ("at".to_string(), "2026-11-23 10:00:00".to_string()),
                ("text".to_string(), "2026-11-23 10:00:00".to_string()),
            ]),
        }
    }

    /// The same text as the tree walk it replaces, keys apart.
    fn both<T: Serialize>(v: &T) -> (serde_json::Value, serde_json::Value) {
        let zone = crate::domain::time::DEFAULT_ZONE;
        let mut buf = Vec::new();
        serialize(v, &mut serde_json::Serializer::new(&mut buf), zone).unwrap();
        let streamed: serde_json::Value = serde_json::from_slice(&buf).unwrap();
        let mut walked = serde_json::to_value(v).unwrap();
        crate::cli::output::with_offsets(&mut walked);
        (streamed, walked)
    }

    #[test]
    fn instants_get_the_offset_and_free_text_stays_as_typed() {
        let (s, w) = both(&vec![row()]);
        assert_eq!(s, w);
        assert_eq!(s[0]["created_at"], "2026-11-23T10:00:00+08:00");
        assert_eq!(s[0]["closed_at"], "2026-11-23T10:00:00+08:00");
        assert_eq!(s[0]["due"][0], "2026-11-24T18:00:00+08:00");
        assert_eq!(s[0]["note"], "2026-11-23 10:00:00");
        assert_eq!(s[0]["extra"]["at"], "2026-11-23T10:00:00+08:00");
        assert_eq!(s[0]["extra"]["text"], "2026-11-23 10:00:00");
    }

    #[test]
    fn flattened_fields_keep_their_names() {
        let r = row();
        let (s, w) = both(&Flat {
            row: &r,
            section: "today",
        });
        assert_eq!(s, w);
        assert_eq!(s["created_at"], "2026-11-23T10:00:00+08:00");
        assert_eq!(s["note"], "2026-11-23 10:00:00");
        assert_eq!(s["section"], "today");
    }
}
