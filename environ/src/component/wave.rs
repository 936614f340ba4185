//! The `wasm-wave` traits for the component type model (feature `wave`):
//! [`WasmType`] for [`Type`] and [`WasmFunc`] for [`FuncSig`], so that
//! WAVE text can be typed against them. Values (`WasmValue`) are the
//! runtime's.
//!
//! Resource handles have no WAVE kind (`WasmTypeKind::Unsupported`).

use super::translate::FuncSig;
use super::types::Type;
use std::borrow::Cow;
use wasm_wave::wasm::{WasmFunc, WasmType, WasmTypeKind};

impl WasmType for Type {
    fn kind(&self) -> WasmTypeKind {
        match self {
            Type::Bool => WasmTypeKind::Bool,
            Type::S8 => WasmTypeKind::S8,
            Type::U8 => WasmTypeKind::U8,
            Type::S16 => WasmTypeKind::S16,
            Type::U16 => WasmTypeKind::U16,
            Type::S32 => WasmTypeKind::S32,
            Type::U32 => WasmTypeKind::U32,
            Type::S64 => WasmTypeKind::S64,
            Type::U64 => WasmTypeKind::U64,
            Type::Float32 => WasmTypeKind::F32,
            Type::Float64 => WasmTypeKind::F64,
            Type::Char => WasmTypeKind::Char,
            Type::String => WasmTypeKind::String,
            Type::List(_) => WasmTypeKind::List,
            Type::Record(_) => WasmTypeKind::Record,
            Type::Tuple(_) => WasmTypeKind::Tuple,
            Type::Variant(_) => WasmTypeKind::Variant,
            Type::Enum(_) => WasmTypeKind::Enum,
            Type::Option(_) => WasmTypeKind::Option,
            Type::Result(_) => WasmTypeKind::Result,
            Type::Flags(_) => WasmTypeKind::Flags,
            Type::Own(_) | Type::Borrow(_) => WasmTypeKind::Unsupported,
        }
    }

    fn list_element_type(&self) -> Option<Self> {
        match self {
            Type::List(l) => Some(l.ty().clone()),
            _ => None,
        }
    }

    fn record_fields(&self) -> Box<dyn Iterator<Item = (Cow<'_, str>, Self)> + '_> {
        match self {
            Type::Record(r) => Box::new(r.fields().map(|(n, t)| (n.into(), t.clone()))),
            _ => Box::new(std::iter::empty()),
        }
    }

    fn tuple_element_types(&self) -> Box<dyn Iterator<Item = Self> + '_> {
        match self {
            Type::Tuple(t) => Box::new(t.types().cloned()),
            _ => Box::new(std::iter::empty()),
        }
    }

    fn variant_cases(&self) -> Box<dyn Iterator<Item = (Cow<'_, str>, Option<Self>)> + '_> {
        match self {
            Type::Variant(v) => Box::new(v.cases().map(|(n, t)| (n.into(), t.cloned()))),
            _ => Box::new(std::iter::empty()),
        }
    }

    fn enum_cases(&self) -> Box<dyn Iterator<Item = Cow<'_, str>> + '_> {
        match self {
            Type::Enum(e) => Box::new(e.names().map(Cow::Borrowed)),
            _ => Box::new(std::iter::empty()),
        }
    }

    fn option_some_type(&self) -> Option<Self> {
        match self {
            Type::Option(o) => Some(o.ty().clone()),
            _ => None,
        }
    }

    fn result_types(&self) -> Option<(Option<Self>, Option<Self>)> {
        match self {
            Type::Result(r) => Some((r.ok().cloned(), r.err().cloned())),
            _ => None,
        }
    }

    fn flags_names(&self) -> Box<dyn Iterator<Item = Cow<'_, str>> + '_> {
        match self {
            Type::Flags(f) => Box::new(f.names().map(Cow::Borrowed)),
            _ => Box::new(std::iter::empty()),
        }
    }

    fn map_key_value_types(&self) -> Option<(Self, Self)> {
        None
    }
}

impl WasmFunc for FuncSig {
    type Type = Type;

    fn params(&self) -> Box<dyn Iterator<Item = Type> + '_> {
        Box::new(self.params.iter().map(|(_, t)| t.clone()))
    }

    fn param_names(&self) -> Box<dyn Iterator<Item = Cow<'_, str>> + '_> {
        Box::new(self.params.iter().map(|(n, _)| Cow::Borrowed(n.as_str())))
    }

    fn results(&self) -> Box<dyn Iterator<Item = Type> + '_> {
        Box::new(self.results.iter().cloned())
    }
}
