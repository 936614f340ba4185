//! The `wasm-wave` trait for hoist's values: [`WasmValue`] for [`Val`]
//! (`WasmType` for `Type` and `WasmFunc` for `FuncSig` live with those
//! types, in the compile-time crate). With them,
//! `wasm-wave`'s writer writes hoist values, and its parser (used directly,
//! as `wasm_wave::from_str`) makes them; the `make_*` constructors check
//! what they make against the type.
//!
//! Resource handles have no WAVE kind (`WasmTypeKind::Unsupported`).

use crate::component::types::Type;
use crate::component::values::Val;
use std::borrow::Cow;
use wasm_wave::wasm::{WasmTypeKind, WasmValue, WasmValueError};

/// The component model's one NaN, as `wasm-wave` writes and reads it.
pub(super) fn canonical_f32(v: f32) -> f32 {
    if v.is_nan() {
        f32::from_bits(0x7fc0_0000)
    } else {
        v
    }
}

pub(super) fn canonical_f64(v: f64) -> f64 {
    if v.is_nan() {
        f64::from_bits(0x7ff8_0000_0000_0000)
    } else {
        v
    }
}

/// A value made by `wasm-wave`, checked against its type (as the trait's
/// `make_*` constructors must).
fn checked(val: Val, ty: &Type) -> Result<Val, WasmValueError> {
    val.typecheck(ty)
        .map_err(|e| WasmValueError::Other(e.to_string()))?;
    Ok(val)
}

/// Panics for an `unwrap_*` of the wrong kind of value (the trait's
/// contract: callers check `kind` first).
fn wrong_kind(val: &Val, want: &str) -> ! {
    panic!("`unwrap_{want}` called on a `{}` value", val.kind())
}

macro_rules! scalars {
    ($($make:ident $unwrap:ident $rust:ty => $case:ident),* $(,)?) => {
        $(
            fn $make(val: $rust) -> Self {
                Val::$case(val)
            }
            fn $unwrap(&self) -> $rust {
                match self {
                    Val::$case(v) => *v,
                    other => wrong_kind(other, stringify!($rust)),
                }
            }
        )*
    };
}

impl WasmValue for Val {
    type Type = Type;

    fn kind(&self) -> WasmTypeKind {
        match self {
            Val::Bool(_) => WasmTypeKind::Bool,
            Val::S8(_) => WasmTypeKind::S8,
            Val::U8(_) => WasmTypeKind::U8,
            Val::S16(_) => WasmTypeKind::S16,
            Val::U16(_) => WasmTypeKind::U16,
            Val::S32(_) => WasmTypeKind::S32,
            Val::U32(_) => WasmTypeKind::U32,
            Val::S64(_) => WasmTypeKind::S64,
            Val::U64(_) => WasmTypeKind::U64,
            Val::Float32(_) => WasmTypeKind::F32,
            Val::Float64(_) => WasmTypeKind::F64,
            Val::Char(_) => WasmTypeKind::Char,
            Val::String(_) => WasmTypeKind::String,
            Val::List(_) => WasmTypeKind::List,
            Val::Record(_) => WasmTypeKind::Record,
            Val::Tuple(_) => WasmTypeKind::Tuple,
            Val::Variant(..) => WasmTypeKind::Variant,
            Val::Enum(_) => WasmTypeKind::Enum,
            Val::Option(_) => WasmTypeKind::Option,
            Val::Result(_) => WasmTypeKind::Result,
            Val::Flags(_) => WasmTypeKind::Flags,
            Val::Resource(_) => WasmTypeKind::Unsupported,
        }
    }

    scalars! {
        make_bool unwrap_bool bool => Bool,
        make_s8 unwrap_s8 i8 => S8,
        make_s16 unwrap_s16 i16 => S16,
        make_s32 unwrap_s32 i32 => S32,
        make_s64 unwrap_s64 i64 => S64,
        make_u8 unwrap_u8 u8 => U8,
        make_u16 unwrap_u16 u16 => U16,
        make_u32 unwrap_u32 u32 => U32,
        make_u64 unwrap_u64 u64 => U64,
        make_char unwrap_char char => Char,
    }

    fn make_f32(val: f32) -> Self {
        Val::Float32(canonical_f32(val))
    }

    fn make_f64(val: f64) -> Self {
        Val::Float64(canonical_f64(val))
    }

    fn make_string(val: Cow<str>) -> Self {
        Val::String(val.into_owned())
    }

    fn make_list(ty: &Type, vals: impl IntoIterator<Item = Self>) -> Result<Self, WasmValueError> {
        checked(Val::List(vals.into_iter().collect()), ty)
    }

    fn make_record<'a>(
        ty: &Type,
        fields: impl IntoIterator<Item = (&'a str, Self)>,
    ) -> Result<Self, WasmValueError> {
        let Type::Record(record) = ty else {
            return Err(WasmValueError::WrongTypeKind {
                kind: WasmTypeKind::Record,
                ty: ty.to_string(),
            });
        };
        let mut given: Vec<(&str, Val)> = fields.into_iter().collect();
        let mut ordered = Vec::with_capacity(record.field_types().len());
        for (name, _) in record.fields() {
            let i = given
                .iter()
                .position(|(n, _)| *n == name)
                .ok_or_else(|| WasmValueError::MissingField(name.to_string()))?;
            let (_, v) = given.remove(i);
            ordered.push((name.to_string(), v));
        }
        if let Some((extra, _)) = given.first() {
            return Err(WasmValueError::UnknownField(extra.to_string()));
        }
        checked(Val::Record(ordered), ty)
    }

    fn make_tuple(ty: &Type, vals: impl IntoIterator<Item = Self>) -> Result<Self, WasmValueError> {
        let vals: Vec<Val> = vals.into_iter().collect();
        if let Type::Tuple(t) = ty {
            if t.type_slice().len() != vals.len() {
                return Err(WasmValueError::WrongNumberOfTupleValues {
                    want: t.type_slice().len(),
                    got: vals.len(),
                });
            }
        }
        checked(Val::Tuple(vals), ty)
    }

    fn make_variant(ty: &Type, case: &str, val: Option<Self>) -> Result<Self, WasmValueError> {
        checked(Val::Variant(case.to_string(), val.map(Box::new)), ty)
    }

    fn make_enum(ty: &Type, case: &str) -> Result<Self, WasmValueError> {
        checked(Val::Enum(case.to_string()), ty)
    }

    fn make_option(ty: &Type, val: Option<Self>) -> Result<Self, WasmValueError> {
        checked(Val::Option(val.map(Box::new)), ty)
    }

    fn make_result(
        ty: &Type,
        val: Result<Option<Self>, Option<Self>>,
    ) -> Result<Self, WasmValueError> {
        let val = match val {
            Ok(v) => Ok(v.map(Box::new)),
            Err(v) => Err(v.map(Box::new)),
        };
        checked(Val::Result(val), ty)
    }

    fn make_flags<'a>(
        ty: &Type,
        names: impl IntoIterator<Item = &'a str>,
    ) -> Result<Self, WasmValueError> {
        let Type::Flags(flags) = ty else {
            return Err(WasmValueError::WrongTypeKind {
                kind: WasmTypeKind::Flags,
                ty: ty.to_string(),
            });
        };
        let mut set = vec![false; flags.len()];
        for name in names {
            let i = flags.index(name).ok_or_else(|| {
                WasmValueError::Other(format!("unknown flag `{name}` for `{ty}`"))
            })?;
            set[i as usize] = true;
        }
        Ok(Val::Flags(
            flags
                .names()
                .zip(set)
                .filter(|(_, on)| *on)
                .map(|(n, _)| n.to_string())
                .collect(),
        ))
    }

    fn unwrap_f32(&self) -> f32 {
        match self {
            Val::Float32(v) => canonical_f32(*v),
            other => wrong_kind(other, "f32"),
        }
    }

    fn unwrap_f64(&self) -> f64 {
        match self {
            Val::Float64(v) => canonical_f64(*v),
            other => wrong_kind(other, "f64"),
        }
    }

    fn unwrap_string(&self) -> Cow<'_, str> {
        match self {
            Val::String(s) => Cow::Borrowed(s),
            other => wrong_kind(other, "string"),
        }
    }

    fn unwrap_list(&self) -> Box<dyn Iterator<Item = Cow<'_, Self>> + '_> {
        match self {
            Val::List(vs) => Box::new(vs.iter().map(Cow::Borrowed)),
            other => wrong_kind(other, "list"),
        }
    }

    fn unwrap_record(&self) -> Box<dyn Iterator<Item = (Cow<'_, str>, Cow<'_, Self>)> + '_> {
        match self {
            Val::Record(fields) => Box::new(
                fields
                    .iter()
                    .map(|(n, v)| (Cow::Borrowed(n.as_str()), Cow::Borrowed(v))),
            ),
            other => wrong_kind(other, "record"),
        }
    }

    fn unwrap_tuple(&self) -> Box<dyn Iterator<Item = Cow<'_, Self>> + '_> {
        match self {
            Val::Tuple(vs) => Box::new(vs.iter().map(Cow::Borrowed)),
            other => wrong_kind(other, "tuple"),
        }
    }

    fn unwrap_variant(&self) -> (Cow<'_, str>, Option<Cow<'_, Self>>) {
        match self {
            Val::Variant(case, payload) => (
                Cow::Borrowed(case.as_str()),
                payload.as_deref().map(Cow::Borrowed),
            ),
            other => wrong_kind(other, "variant"),
        }
    }

    fn unwrap_enum(&self) -> Cow<'_, str> {
        match self {
            Val::Enum(case) => Cow::Borrowed(case.as_str()),
            other => wrong_kind(other, "enum"),
        }
    }

    fn unwrap_option(&self) -> Option<Cow<'_, Self>> {
        match self {
            Val::Option(v) => v.as_deref().map(Cow::Borrowed),
            other => wrong_kind(other, "option"),
        }
    }

    fn unwrap_result(&self) -> Result<Option<Cow<'_, Self>>, Option<Cow<'_, Self>>> {
        match self {
            Val::Result(Ok(v)) => Ok(v.as_deref().map(Cow::Borrowed)),
            Val::Result(Err(v)) => Err(v.as_deref().map(Cow::Borrowed)),
            other => wrong_kind(other, "result"),
        }
    }

    fn unwrap_flags(&self) -> Box<dyn Iterator<Item = Cow<'_, str>> + '_> {
        match self {
            Val::Flags(names) => Box::new(names.iter().map(|n| Cow::Borrowed(n.as_str()))),
            other => wrong_kind(other, "flags"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Result;

    #[test]
    fn wasm_wave_parses_into_the_same_values() -> Result<()> {
        let ty = Type::record([
            ("a", Type::list(Type::option(Type::U8)?)?),
            ("b", Type::flags(["x", "y"])?),
            ("c", Type::result(None, Some(Type::Char))?),
            ("d", Type::option(Type::String)?),
        ])?;
        for text in [
            "{a: [1, none, some(3)], b: {y, x}, c: err('z')}",
            "{c: ok, b: {}, a: []}",
        ] {
            let ours = Val::from_wave(&ty, text)?;
            let theirs: Val = wasm_wave::from_str(&ty, text)?;
            assert_eq!(ours, theirs, "{text}");
        }
        Ok(())
    }

    #[test]
    fn make_checks_against_the_type() {
        let e = <Val as WasmValue>::make_enum(&Type::enumeration(["a"]).unwrap(), "b").unwrap_err();
        assert_eq!(e.to_string(), "unknown case `b` for `enum { a }`");
        let rec = Type::record([("x", Type::U8)]).unwrap();
        let e = Val::make_record(&rec, [("y", Val::U8(1))]).unwrap_err();
        assert_eq!(e.to_string(), "missing field \"x\"");
    }
}
