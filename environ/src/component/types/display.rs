//! How component types print: WIT syntax (`list<string>`,
//! `record { a: u32 }`, …), also in `Debug` for the compound handles.

use super::{Enum, Flags, List, OptionType, Record, ResultType, Tuple, Type, Variant};
use std::fmt;

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Bool => f.write_str("bool"),
            Type::S8 => f.write_str("s8"),
            Type::U8 => f.write_str("u8"),
            Type::S16 => f.write_str("s16"),
            Type::U16 => f.write_str("u16"),
            Type::S32 => f.write_str("s32"),
            Type::U32 => f.write_str("u32"),
            Type::S64 => f.write_str("s64"),
            Type::U64 => f.write_str("u64"),
            Type::Float32 => f.write_str("f32"),
            Type::Float64 => f.write_str("f64"),
            Type::Char => f.write_str("char"),
            Type::String => f.write_str("string"),
            Type::List(t) => t.fmt(f),
            Type::Record(t) => t.fmt(f),
            Type::Tuple(t) => t.fmt(f),
            Type::Variant(t) => t.fmt(f),
            Type::Enum(t) => t.fmt(f),
            Type::Option(t) => t.fmt(f),
            Type::Result(t) => t.fmt(f),
            Type::Flags(t) => t.fmt(f),
            Type::Own(r) => write!(f, "own<resource {}>", r.0),
            Type::Borrow(r) => write!(f, "borrow<resource {}>", r.0),
        }
    }
}

/// Writes `items` separated by `, `.
fn comma_list<T>(
    f: &mut fmt::Formatter<'_>,
    items: impl IntoIterator<Item = T>,
    mut item: impl FnMut(&mut fmt::Formatter<'_>, T) -> fmt::Result,
) -> fmt::Result {
    for (i, x) in items.into_iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        item(f, x)?;
    }
    Ok(())
}

impl fmt::Display for List {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "list<{}>", self.ty())
    }
}

impl fmt::Display for Record {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("record { ")?;
        comma_list(f, self.fields(), |f, (n, t)| write!(f, "{n}: {t}"))?;
        f.write_str(" }")
    }
}

impl fmt::Display for Tuple {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("tuple<")?;
        comma_list(f, self.types(), |f, t| write!(f, "{t}"))?;
        f.write_str(">")
    }
}

impl fmt::Display for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("variant { ")?;
        comma_list(f, self.cases(), |f, (n, t)| match t {
            Some(t) => write!(f, "{n}({t})"),
            None => f.write_str(n),
        })?;
        f.write_str(" }")
    }
}

impl fmt::Display for Enum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("enum { ")?;
        comma_list(f, self.names(), |f, n| f.write_str(n))?;
        f.write_str(" }")
    }
}

impl fmt::Display for OptionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "option<{}>", self.ty())
    }
}

impl fmt::Display for ResultType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.ok(), self.err()) {
            (None, None) => f.write_str("result"),
            (Some(ok), None) => write!(f, "result<{ok}>"),
            (None, Some(err)) => write!(f, "result<_, {err}>"),
            (Some(ok), Some(err)) => write!(f, "result<{ok}, {err}>"),
        }
    }
}

impl fmt::Display for Flags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("flags { ")?;
        comma_list(f, self.names(), |f, n| f.write_str(n))?;
        f.write_str(" }")
    }
}

macro_rules! debug_as_display {
    ($($ty:ident)*) => {$(
        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({self})", stringify!($ty))
            }
        }
    )*};
}

debug_as_display!(List Record Tuple Variant Enum OptionType ResultType Flags);
