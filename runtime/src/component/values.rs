//! Dynamic component values ([`Val`]) and checking them against a [`Type`].
//!
//! A `Val` carries no type of its own beyond its shape: records, variants,
//! enums and flags name their fields, cases and flags, and
//! [`Val::typecheck`] compares those names and shapes with a type before the
//! value is lowered.

use super::types::Type;
use anyhow::{anyhow, Result};
use std::fmt;

/// A component value, as the dynamic API passes it.
///
/// Equality compares floats by value except that all NaNs are equal (the
/// component model has a single NaN; lifting canonicalizes it).
#[derive(Clone, Debug)]
pub enum Val {
    /// A `bool`.
    Bool(bool),
    /// An `s8`.
    S8(i8),
    /// A `u8`.
    U8(u8),
    /// An `s16`.
    S16(i16),
    /// A `u16`.
    U16(u16),
    /// An `s32`.
    S32(i32),
    /// A `u32`.
    U32(u32),
    /// An `s64`.
    S64(i64),
    /// A `u64`.
    U64(u64),
    /// An `f32`.
    Float32(f32),
    /// An `f64`.
    Float64(f64),
    /// A `char`.
    Char(char),
    /// A `string`.
    String(String),
    /// A `list<T>`.
    List(Vec<Val>),
    /// A `record`: every field, in the type's order, with its name.
    Record(Vec<(String, Val)>),
    /// A `tuple`.
    Tuple(Vec<Val>),
    /// A `variant`: the case name and its payload, if the case has one.
    Variant(String, Option<Box<Val>>),
    /// An `enum`: the case name.
    Enum(String),
    /// An `option<T>`.
    Option(Option<Box<Val>>),
    /// A `result<T, E>`, each side with its payload if the type has one.
    Result(Result<Option<Box<Val>>, Option<Box<Val>>>),
    /// A `flags`: the names of the flags that are set.
    Flags(Vec<String>),
    /// An `own<R>` or `borrow<R>` handle, as the host holds it.
    Resource(super::ResourceAny),
}

impl Val {
    /// What kind of value this is, for messages: the name of its type
    /// constructor (`u32`, `string`, `record`, ...).
    pub fn kind(&self) -> &'static str {
        match self {
            Val::Bool(_) => "bool",
            Val::S8(_) => "s8",
            Val::U8(_) => "u8",
            Val::S16(_) => "s16",
            Val::U16(_) => "u16",
            Val::S32(_) => "s32",
            Val::U32(_) => "u32",
            Val::S64(_) => "s64",
            Val::U64(_) => "u64",
            Val::Float32(_) => "f32",
            Val::Float64(_) => "f64",
            Val::Char(_) => "char",
            Val::String(_) => "string",
            Val::List(_) => "list",
            Val::Record(_) => "record",
            Val::Tuple(_) => "tuple",
            Val::Variant(..) => "variant",
            Val::Enum(_) => "enum",
            Val::Option(_) => "option",
            Val::Result(_) => "result",
            Val::Flags(_) => "flags",
            Val::Resource(_) => "resource",
        }
    }

    /// Checks that this value is a value of `ty`.
    ///
    /// The error names what does not match and where, for example
    /// ``expected record field `x`, found `y` (in list element 3)``.
    pub fn typecheck(&self, ty: &Type) -> Result<()> {
        let mut path = Vec::new();
        self.check(ty, &mut path)
    }

    fn check(&self, ty: &Type, path: &mut Vec<PathItem>) -> Result<()> {
        match (self, ty) {
            (Val::Bool(_), Type::Bool)
            | (Val::S8(_), Type::S8)
            | (Val::U8(_), Type::U8)
            | (Val::S16(_), Type::S16)
            | (Val::U16(_), Type::U16)
            | (Val::S32(_), Type::S32)
            | (Val::U32(_), Type::U32)
            | (Val::S64(_), Type::S64)
            | (Val::U64(_), Type::U64)
            | (Val::Float32(_), Type::Float32)
            | (Val::Float64(_), Type::Float64)
            | (Val::Char(_), Type::Char)
            | (Val::String(_), Type::String) => Ok(()),
            (Val::List(vals), Type::List(list)) => {
                for (i, v) in vals.iter().enumerate() {
                    path.push(PathItem::Element(i));
                    v.check(list.ty(), path)?;
                    path.pop();
                }
                Ok(())
            }
            (Val::Record(fields), Type::Record(record)) => {
                let mut given = fields.iter();
                for (name, fty) in record.fields() {
                    let Some((found, v)) = given.next() else {
                        return Err(fail(path, format!("missing record field `{name}`")));
                    };
                    if found != name {
                        return Err(fail(
                            path,
                            format!("expected record field `{name}`, found `{found}`"),
                        ));
                    }
                    path.push(PathItem::Field(name.to_string()));
                    v.check(fty, path)?;
                    path.pop();
                }
                match given.next() {
                    Some((extra, _)) => {
                        Err(fail(path, format!("unexpected record field `{extra}`")))
                    }
                    None => Ok(()),
                }
            }
            (Val::Tuple(vals), Type::Tuple(tuple)) => {
                if vals.len() != tuple.types().len() {
                    return Err(fail(
                        path,
                        format!(
                            "expected a tuple of {} values for `{ty}`, found {}",
                            tuple.types().len(),
                            vals.len()
                        ),
                    ));
                }
                for (i, (v, t)) in vals.iter().zip(tuple.types()).enumerate() {
                    path.push(PathItem::Element(i));
                    v.check(t, path)?;
                    path.pop();
                }
                Ok(())
            }
            (Val::Variant(case, payload), Type::Variant(variant)) => {
                let Some((_, case_ty)) = variant.case_index(case).and_then(|i| variant.case(i))
                else {
                    return Err(fail(path, format!("unknown case `{case}` for `{ty}`")));
                };
                check_payload(payload.as_deref(), case_ty, &format!("case `{case}`"), path)
            }
            (Val::Enum(case), Type::Enum(e)) => match e.case_index(case) {
                Some(_) => Ok(()),
                None => Err(fail(path, format!("unknown case `{case}` for `{ty}`"))),
            },
            (Val::Option(payload), Type::Option(opt)) => match payload {
                None => Ok(()),
                Some(v) => {
                    path.push(PathItem::Payload("some"));
                    v.check(opt.ty(), path)?;
                    path.pop();
                    Ok(())
                }
            },
            (Val::Result(r), Type::Result(res)) => match r {
                Ok(v) => check_payload(v.as_deref(), res.ok(), "case `ok`", path),
                Err(v) => check_payload(v.as_deref(), res.err(), "case `error`", path),
            },
            (Val::Resource(r), Type::Own(_)) if !r.owned() => Err(fail(
                path,
                "expected an owned resource handle, found a borrowed one".to_string(),
            )),
            (Val::Resource(_), Type::Own(_) | Type::Borrow(_)) => Ok(()),
            (Val::Flags(names), Type::Flags(flags)) => {
                match names.iter().find(|n| flags.index(n).is_none()) {
                    Some(unknown) => {
                        Err(fail(path, format!("unknown flag `{unknown}` for `{ty}`")))
                    }
                    None => Ok(()),
                }
            }
            _ => Err(fail(
                path,
                format!(
                    "type mismatch: expected `{ty}`, found a `{}` value",
                    self.kind()
                ),
            )),
        }
    }
}

/// Checks a variant case's payload against the case's payload type.
fn check_payload(
    payload: Option<&Val>,
    ty: Option<&Type>,
    case: &str,
    path: &mut Vec<PathItem>,
) -> Result<()> {
    match (payload, ty) {
        (None, None) => Ok(()),
        (Some(v), Some(t)) => {
            path.push(PathItem::Case(case.to_string()));
            v.check(t, path)?;
            path.pop();
            Ok(())
        }
        (None, Some(t)) => Err(fail(
            path,
            format!("{case} needs a payload of type `{t}`, found none"),
        )),
        (Some(v), None) => Err(fail(
            path,
            format!("{case} has no payload, found a `{}` value", v.kind()),
        )),
    }
}

/// One step into a value, for locating a type error.
enum PathItem {
    Field(String),
    Element(usize),
    Case(String),
    Payload(&'static str),
}

impl fmt::Display for PathItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathItem::Field(n) => write!(f, "record field `{n}`"),
            PathItem::Element(i) => write!(f, "element {i}"),
            PathItem::Case(c) => write!(f, "payload of {c}"),
            PathItem::Payload(c) => write!(f, "payload of `{c}`"),
        }
    }
}

/// An error with `msg`, followed by where in the value it was found.
fn fail(path: &[PathItem], msg: String) -> anyhow::Error {
    if path.is_empty() {
        return anyhow!(msg);
    }
    let at = path
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" / ");
    anyhow!("{msg} (in {at})")
}

fn f32_eq(a: f32, b: f32) -> bool {
    a == b || (a.is_nan() && b.is_nan())
}

fn f64_eq(a: f64, b: f64) -> bool {
    a == b || (a.is_nan() && b.is_nan())
}

impl PartialEq for Val {
    fn eq(&self, other: &Val) -> bool {
        match (self, other) {
            (Val::Bool(a), Val::Bool(b)) => a == b,
            (Val::S8(a), Val::S8(b)) => a == b,
            (Val::U8(a), Val::U8(b)) => a == b,
            (Val::S16(a), Val::S16(b)) => a == b,
            (Val::U16(a), Val::U16(b)) => a == b,
            (Val::S32(a), Val::S32(b)) => a == b,
            (Val::U32(a), Val::U32(b)) => a == b,
            (Val::S64(a), Val::S64(b)) => a == b,
            (Val::U64(a), Val::U64(b)) => a == b,
            (Val::Float32(a), Val::Float32(b)) => f32_eq(*a, *b),
            (Val::Float64(a), Val::Float64(b)) => f64_eq(*a, *b),
            (Val::Char(a), Val::Char(b)) => a == b,
            (Val::String(a), Val::String(b)) => a == b,
            (Val::List(a), Val::List(b)) | (Val::Tuple(a), Val::Tuple(b)) => a == b,
            (Val::Record(a), Val::Record(b)) => a == b,
            (Val::Variant(c, p), Val::Variant(d, q)) => c == d && p == q,
            (Val::Enum(a), Val::Enum(b)) => a == b,
            (Val::Option(a), Val::Option(b)) => a == b,
            (Val::Result(a), Val::Result(b)) => a == b,
            (Val::Flags(a), Val::Flags(b)) => a == b,
            (Val::Resource(a), Val::Resource(b)) => a == b,
            _ => false,
        }
    }
}

macro_rules! from_scalar {
    ($($rust:ty => $case:ident),* $(,)?) => {$(
        impl From<$rust> for Val {
            fn from(v: $rust) -> Val {
                Val::$case(v)
            }
        }
    )*};
}

from_scalar! {
    bool => Bool, i8 => S8, u8 => U8, i16 => S16, u16 => U16, i32 => S32, u32 => U32,
    i64 => S64, u64 => U64, f32 => Float32, f64 => Float64, char => Char, String => String,
}

impl From<&str> for Val {
    fn from(v: &str) -> Val {
        Val::String(v.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typecheck_accepts_matching_values() -> Result<()> {
        let ty = Type::record([
            ("a", Type::U32),
            ("b", Type::list(Type::option(Type::String)?)?),
            ("c", Type::result(None, Some(Type::Char))?),
            ("d", Type::flags(["x", "y"])?),
            (
                "e",
                Type::variant([("p", Some(Type::Float32)), ("q", None)])?,
            ),
        ])?;
        let val = Val::Record(vec![
            ("a".into(), Val::U32(1)),
            (
                "b".into(),
                Val::List(vec![
                    Val::Option(None),
                    Val::Option(Some(Box::new("s".into()))),
                ]),
            ),
            ("c".into(), Val::Result(Err(Some(Box::new(Val::Char('z')))))),
            ("d".into(), Val::Flags(vec!["y".into()])),
            ("e".into(), Val::Variant("q".into(), None)),
        ]);
        val.typecheck(&ty)
    }

    #[test]
    fn typecheck_messages_name_the_problem() -> Result<()> {
        let rec = Type::record([("x", Type::U8)])?;
        let err = Val::Record(vec![("y".into(), Val::U8(0))])
            .typecheck(&rec)
            .unwrap_err();
        assert_eq!(err.to_string(), "expected record field `x`, found `y`");

        let list = Type::list(rec.clone())?;
        let bad = Val::List(vec![
            Val::Record(vec![("x".into(), Val::U8(0))]),
            Val::Record(vec![("x".into(), Val::String("no".into()))]),
        ]);
        let err = bad.typecheck(&list).unwrap_err();
        assert_eq!(
            err.to_string(),
            "type mismatch: expected `u8`, found a `string` value (in element 1 / record field `x`)"
        );

        let err = Val::Record(vec![]).typecheck(&rec).unwrap_err();
        assert_eq!(err.to_string(), "missing record field `x`");

        let v = Type::variant([("a", Some(Type::U32)), ("b", None)])?;
        let err = Val::Variant("c".into(), None).typecheck(&v).unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown case `c` for `variant { a(u32), b }`"
        );
        let err = Val::Variant("a".into(), None).typecheck(&v).unwrap_err();
        assert_eq!(
            err.to_string(),
            "case `a` needs a payload of type `u32`, found none"
        );
        let err = Val::Variant("b".into(), Some(Box::new(Val::U32(1))))
            .typecheck(&v)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "case `b` has no payload, found a `u32` value"
        );

        let f = Type::flags(["r"])?;
        let err = Val::Flags(vec!["w".into()]).typecheck(&f).unwrap_err();
        assert_eq!(err.to_string(), "unknown flag `w` for `flags { r }`");

        let err = Val::U32(1).typecheck(&Type::S32).unwrap_err();
        assert_eq!(
            err.to_string(),
            "type mismatch: expected `s32`, found a `u32` value"
        );

        let t = Type::tuple([Type::U8, Type::U8])?;
        let err = Val::Tuple(vec![Val::U8(1)]).typecheck(&t).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected a tuple of 2 values for `tuple<u8, u8>`, found 1"
        );
        Ok(())
    }

    #[test]
    fn nan_equals_nan() {
        assert_eq!(Val::Float32(f32::NAN), Val::Float32(-f32::NAN));
        assert_eq!(Val::Float64(f64::NAN), Val::Float64(f64::NAN));
        assert_ne!(Val::Float64(1.0), Val::Float64(f64::NAN));
    }
}
