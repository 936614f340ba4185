//! The builder of the type model: [`TypeConverter`] turns the `wasmparser`
//! validator's component value types into [`Type`]s (numbering resource
//! types with [`ResourceKeys`] during translation). Compile time only: the
//! runtime receives the built types.

use super::{ResourceIndex, Type};
use anyhow::{bail, Result};
use std::collections::HashMap;

impl Type {
    /// Converts one of the component model's primitive value types.
    ///
    /// `error-context` is not supported and is an error.
    pub fn from_wasmparser_primitive(ty: wasmparser::PrimitiveValType) -> Result<Type> {
        use wasmparser::PrimitiveValType as P;
        Ok(match ty {
            P::Bool => Type::Bool,
            P::S8 => Type::S8,
            P::U8 => Type::U8,
            P::S16 => Type::S16,
            P::U16 => Type::U16,
            P::S32 => Type::S32,
            P::U32 => Type::U32,
            P::S64 => Type::S64,
            P::U64 => Type::U64,
            P::F32 => Type::Float32,
            P::F64 => Type::Float64,
            P::Char => Type::Char,
            P::String => Type::String,
            P::ErrorContext => bail!("the `error-context` type is not supported by hoist"),
        })
    }

    /// Converts a value type resolved by the `wasmparser` validator (the
    /// `types` of the component being translated).
    ///
    /// To convert many types of one component, keep one [`TypeConverter`]
    /// instead: it shares the conversion of each defined type.
    pub fn from_wasmparser(
        types: wasmparser::types::TypesRef<'_>,
        ty: &wasmparser::component_types::ComponentValType,
    ) -> Result<Type> {
        TypeConverter::new(types).convert(ty)
    }
}

/// Converts the `wasmparser` validator's component value types into [`Type`]s,
/// converting each defined type once (so shared subtypes share their `Arc`s).
pub struct TypeConverter<'a> {
    types: wasmparser::types::TypesRef<'a>,
    cache: HashMap<wasmparser::component_types::ComponentDefinedTypeId, Type>,
    /// Numbers the validator's resource types, for `own` and `borrow`
    /// (translation only: without it, handle types are an error).
    resources: Option<&'a mut ResourceKeys>,
}

/// Numbers for the validator's resource types, in order of first sight:
/// translation turns them into the component's resource indices.
#[derive(Debug, Default)]
pub struct ResourceKeys(HashMap<wasmparser::component_types::ResourceId, u32>);

impl ResourceKeys {
    /// The number of resource `id`.
    pub fn key(&mut self, id: wasmparser::component_types::ResourceId) -> u32 {
        let next = self.0.len() as u32;
        *self.0.entry(id).or_insert(next)
    }
}

impl<'a> TypeConverter<'a> {
    /// A converter for types of the given validated component.
    pub fn new(types: wasmparser::types::TypesRef<'a>) -> TypeConverter<'a> {
        TypeConverter {
            types,
            cache: HashMap::new(),
            resources: None,
        }
    }

    /// A converter that turns `own<R>` and `borrow<R>` into handle types
    /// with `R`'s number in `keys`.
    pub fn with_resources(
        types: wasmparser::types::TypesRef<'a>,
        keys: &'a mut ResourceKeys,
    ) -> TypeConverter<'a> {
        TypeConverter {
            types,
            cache: HashMap::new(),
            resources: Some(keys),
        }
    }

    /// The number of resource `id`, for converters made
    /// [`with_resources`](TypeConverter::with_resources).
    pub fn resource_key(&mut self, id: wasmparser::component_types::ResourceId) -> Result<u32> {
        match self.resources.as_deref_mut() {
            Some(keys) => Ok(keys.key(id)),
            None => bail!("resource types are not supported here"),
        }
    }

    /// Converts `ty`. Resources, futures, streams, maps, fixed-length lists and
    /// `error-context` are not supported and are errors.
    pub fn convert(&mut self, ty: &wasmparser::component_types::ComponentValType) -> Result<Type> {
        use wasmparser::component_types::{ComponentDefinedType as D, ComponentValType as V};
        let id = match ty {
            V::Primitive(p) => return Type::from_wasmparser_primitive(*p),
            V::Type(id) => *id,
        };
        if let Some(t) = self.cache.get(&id) {
            return Ok(t.clone());
        }
        let types = self.types;
        let converted = match &types[id] {
            D::Primitive(p) => Type::from_wasmparser_primitive(*p)?,
            D::Record(r) => {
                let fields = r
                    .fields
                    .iter()
                    .map(|(name, ty)| Ok((name.as_str().to_string(), self.convert(ty)?)))
                    .collect::<Result<Vec<_>>>()?;
                Type::record(fields)?
            }
            D::Variant(v) => {
                let cases = v
                    .cases
                    .iter()
                    .map(|(name, case)| {
                        let ty = case.ty.as_ref().map(|t| self.convert(t)).transpose()?;
                        Ok((name.as_str().to_string(), ty))
                    })
                    .collect::<Result<Vec<_>>>()?;
                Type::variant(cases)?
            }
            D::List { element, .. } => Type::list(self.convert(element)?)?,
            D::Tuple(t) => {
                let elems = t
                    .types
                    .iter()
                    .map(|t| self.convert(t))
                    .collect::<Result<Vec<_>>>()?;
                Type::tuple(elems)?
            }
            D::Flags(names) => Type::flags(names.iter().map(|n| n.as_str().to_string()))?,
            D::Enum(names) => Type::enumeration(names.iter().map(|n| n.as_str().to_string()))?,
            D::Option { ty, .. } => Type::option(self.convert(ty)?)?,
            D::Result { ok, err, .. } => {
                let ok = ok.as_ref().map(|t| self.convert(t)).transpose()?;
                let err = err.as_ref().map(|t| self.convert(t)).transpose()?;
                Type::result(ok, err)?
            }
            D::Own(r) | D::Borrow(r) => {
                let Some(keys) = self.resources.as_deref_mut() else {
                    bail!("resource handle types are not supported here");
                };
                let index = ResourceIndex::new(keys.key(r.resource()));
                match &types[id] {
                    D::Own(_) => Type::Own(index),
                    _ => Type::Borrow(index),
                }
            }
            D::Future { .. } | D::Stream { .. } => {
                bail!("`future` and `stream` types are not supported by hoist")
            }
            D::Map { .. } => bail!("`map` types are not supported by hoist"),
            D::FixedLengthList { .. } => bail!("fixed-length lists are not supported by hoist"),
        };
        self.cache.insert(id, converted.clone());
        Ok(converted)
    }
}
