//! Component value types ([`Type`]) as the canonical ABI and the dynamic API
//! see them (futures, streams and error contexts are not covered). `own` and
//! `borrow` name their resource type by its index among the component's
//! ([`ResourceIndex`]); what that is at run time is the instance's business.
//!
//! Compound types are cheap-to-clone handles around an `Arc`. Each one computes
//! its canonical-ABI [`Layout`] (size, alignment, flat types, discriminant size,
//! field offsets) once, when it is constructed, from its children's layouts;
//! lifting and lowering only read those cached numbers.
//!
//! Constructors validate what the spec requires of a type (a record has at
//! least one field, names are unique, a `flags` has 1 to 32 flags, nesting is
//! at most [`MAX_TYPE_DEPTH`] deep, the size fits in `u32`) and return an error
//! otherwise. [`Type::from_wasmparser`] converts the validator's resolved types.

use super::layout::{
    self, flags_layout, sequence_layout, variant_layout, FlatType, Layout, SequenceLayout,
    VariantLayout, MAX_TYPE_DEPTH,
};
use anyhow::{anyhow, bail, Result};

mod builder;
mod display;

pub use builder::{ResourceKeys, TypeConverter};
use std::collections::HashMap;
use std::sync::Arc;

/// A component value type.
#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    /// `bool`.
    Bool,
    /// `s8`.
    S8,
    /// `u8`.
    U8,
    /// `s16`.
    S16,
    /// `u16`.
    U16,
    /// `s32`.
    S32,
    /// `u32`.
    U32,
    /// `s64`.
    S64,
    /// `u64`.
    U64,
    /// `f32`.
    Float32,
    /// `f64`.
    Float64,
    /// `char`: a Unicode scalar value.
    Char,
    /// `string`.
    String,
    /// `list<T>`.
    List(List),
    /// `record { ... }`.
    Record(Record),
    /// `tuple<...>`.
    Tuple(Tuple),
    /// `variant { ... }`.
    Variant(Variant),
    /// `enum { ... }`.
    Enum(Enum),
    /// `option<T>`.
    Option(OptionType),
    /// `result<T, E>`.
    Result(ResultType),
    /// `flags { ... }`.
    Flags(Flags),
    /// `own<R>`: a handle that owns a resource of type `R`.
    Own(ResourceIndex),
    /// `borrow<R>`: a handle that borrows a resource of type `R` for the
    /// duration of a call.
    Borrow(ResourceIndex),
}

/// A resource type of a component, by its index among the resource types
/// that the component imports or defines (each instantiation makes the
/// defined ones anew; the runtime's `Instance::resource_type` gives the
/// run-time `ResourceType` behind an index).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ResourceIndex(u32);

impl ResourceIndex {
    /// The index `index` (as the translation numbers resource types).
    #[doc(hidden)]
    #[inline]
    pub fn new(index: u32) -> ResourceIndex {
        ResourceIndex(index)
    }

    /// The index.
    #[inline]
    pub fn index(self) -> u32 {
        self.0
    }
}

impl Type {
    /// The canonical-ABI layout of this type (computed when it was built).
    #[inline]
    pub fn layout(&self) -> &Layout {
        match self {
            Type::Bool | Type::S8 | Type::U8 => &layout::BYTE,
            Type::S16 | Type::U16 => &layout::HALF,
            Type::S32 | Type::U32 | Type::Char | Type::Own(_) | Type::Borrow(_) => &layout::WORD,
            Type::S64 | Type::U64 => &layout::DOUBLE_WORD,
            Type::Float32 => &layout::FLOAT32,
            Type::Float64 => &layout::FLOAT64,
            Type::String | Type::List(_) => &layout::POINTER_PAIR,
            Type::Record(r) => &r.0.seq.layout,
            Type::Tuple(t) => &t.0.seq.layout,
            Type::Variant(v) => &v.0.variant.layout,
            Type::Enum(e) => &e.0.variant.layout,
            Type::Option(o) => &o.0.variant.layout,
            Type::Result(r) => &r.0.variant.layout,
            Type::Flags(f) => &f.0.layout,
        }
    }

    /// Byte size in linear memory (the spec's `elem_size`).
    #[inline]
    pub fn size(&self) -> u32 {
        self.layout().size
    }

    /// Byte alignment in linear memory (the spec's `alignment`).
    #[inline]
    pub fn align(&self) -> u32 {
        self.layout().align
    }

    /// The flat core types (the spec's `flatten_type`), or `None` when there
    /// are more than [`MAX_FLAT_PARAMS`](super::layout::MAX_FLAT_PARAMS).
    #[inline]
    pub fn flat_types(&self) -> Option<&[FlatType]> {
        self.layout().flat.as_ref().map(|f| f.as_slice())
    }

    /// The variant layout, for the types the spec despecializes to variants.
    #[inline]
    pub fn variant_layout(&self) -> Option<&VariantLayout> {
        match self {
            Type::Variant(v) => Some(&v.0.variant),
            Type::Enum(e) => Some(&e.0.variant),
            Type::Option(o) => Some(&o.0.variant),
            Type::Result(r) => Some(&r.0.variant),
            _ => None,
        }
    }

    /// Nesting depth: 1 for a type without children, else one more than the
    /// deepest child (the validator's way of counting).
    #[inline]
    pub fn depth(&self) -> u32 {
        match self {
            Type::List(l) => l.0.depth,
            Type::Record(r) => r.0.depth,
            Type::Tuple(t) => t.0.depth,
            Type::Variant(v) => v.0.depth,
            Type::Option(o) => o.0.depth,
            Type::Result(r) => r.0.depth,
            _ => 1,
        }
    }

    /// Whether an `own` or `borrow` handle type occurs in this type.
    #[inline]
    pub fn has_handles(&self) -> bool {
        match self {
            Type::Own(_) | Type::Borrow(_) => true,
            Type::List(l) => l.ty().has_handles(),
            Type::Record(r) => r.field_types().iter().any(Type::has_handles),
            Type::Tuple(t) => t.type_slice().iter().any(Type::has_handles),
            Type::Variant(v) => v.cases().any(|(_, t)| t.is_some_and(Type::has_handles)),
            Type::Option(o) => o.ty().has_handles(),
            Type::Result(r) => {
                r.ok().is_some_and(Type::has_handles) || r.err().is_some_and(Type::has_handles)
            }
            _ => false,
        }
    }

    /// This type with the resource index of every handle type replaced by
    /// `f` of it (translation renumbers the validator's resources into the
    /// component's).
    #[doc(hidden)]
    #[inline]
    pub fn map_resources(&self, f: &mut dyn FnMut(u32) -> Result<u32>) -> Result<Type> {
        if !self.has_handles() {
            return Ok(self.clone());
        }
        Ok(match self {
            Type::Own(r) => Type::Own(ResourceIndex(f(r.0)?)),
            Type::Borrow(r) => Type::Borrow(ResourceIndex(f(r.0)?)),
            Type::List(l) => Type::list(l.ty().map_resources(f)?)?,
            Type::Record(r) => Type::record(
                r.fields()
                    .map(|(n, t)| Ok((n.to_string(), t.map_resources(f)?)))
                    .collect::<Result<Vec<_>>>()?,
            )?,
            Type::Tuple(t) => Type::tuple(
                t.types()
                    .map(|t| t.map_resources(f))
                    .collect::<Result<Vec<_>>>()?,
            )?,
            Type::Variant(v) => Type::variant(
                v.cases()
                    .map(|(n, t)| Ok((n.to_string(), t.map(|t| t.map_resources(f)).transpose()?)))
                    .collect::<Result<Vec<_>>>()?,
            )?,
            Type::Option(o) => Type::option(o.ty().map_resources(f)?)?,
            Type::Result(r) => Type::result(
                r.ok().map(|t| t.map_resources(f)).transpose()?,
                r.err().map(|t| t.map_resources(f)).transpose()?,
            )?,
            other => other.clone(),
        })
    }

    /// `list<elem>`.
    #[inline]
    pub fn list(elem: Type) -> Result<Type> {
        List::new(elem).map(Type::List)
    }

    /// `record { name: ty, ... }`.
    #[inline]
    pub fn record<N: Into<String>>(fields: impl IntoIterator<Item = (N, Type)>) -> Result<Type> {
        Record::new(fields).map(Type::Record)
    }

    /// `tuple<ty, ...>`.
    #[inline]
    pub fn tuple(types: impl IntoIterator<Item = Type>) -> Result<Type> {
        Tuple::new(types).map(Type::Tuple)
    }

    /// `variant { name(ty), name, ... }`.
    #[inline]
    pub fn variant<N: Into<String>>(
        cases: impl IntoIterator<Item = (N, Option<Type>)>,
    ) -> Result<Type> {
        Variant::new(cases).map(Type::Variant)
    }

    /// `enum { name, ... }`.
    #[inline]
    pub fn enumeration<N: Into<String>>(names: impl IntoIterator<Item = N>) -> Result<Type> {
        Enum::new(names).map(Type::Enum)
    }

    /// `option<ty>`.
    #[inline]
    pub fn option(ty: Type) -> Result<Type> {
        OptionType::new(ty).map(Type::Option)
    }

    /// `result<ok, err>` (either may be absent).
    #[inline]
    pub fn result(ok: Option<Type>, err: Option<Type>) -> Result<Type> {
        ResultType::new(ok, err).map(Type::Result)
    }

    /// `flags { name, ... }`.
    #[inline]
    pub fn flags<N: Into<String>>(names: impl IntoIterator<Item = N>) -> Result<Type> {
        Flags::new(names).map(Type::Flags)
    }
}
fn child_depth<'a>(children: impl IntoIterator<Item = &'a Type>, what: &str) -> Result<u32> {
    let deepest = children.into_iter().map(Type::depth).max().unwrap_or(0);
    let depth = deepest.saturating_add(1);
    if depth > MAX_TYPE_DEPTH {
        bail!("{what} type nests deeper than the maximum of {MAX_TYPE_DEPTH}");
    }
    Ok(depth)
}

/// Names of record fields, cases or flags, with a lookup from name to index.
struct Names {
    names: Box<[Box<str>]>,
    index: HashMap<Box<str>, u32>,
}

impl Names {
    fn new(names: Vec<String>, what: &str) -> Result<Names> {
        let mut index = HashMap::with_capacity(names.len());
        let names: Box<[Box<str>]> = names.into_iter().map(String::into_boxed_str).collect();
        for (i, name) in names.iter().enumerate() {
            let i = u32::try_from(i).map_err(|_| anyhow!("too many {what}s"))?;
            if index.insert(name.clone(), i).is_some() {
                bail!("duplicate {what} `{name}`");
            }
        }
        Ok(Names { names, index })
    }

    fn find(&self, name: &str) -> Option<u32> {
        self.index.get(name).copied()
    }

    fn len(&self) -> usize {
        self.names.len()
    }

    fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.names.iter().map(|n| &**n)
    }
}

impl PartialEq for Names {
    fn eq(&self, other: &Names) -> bool {
        self.names == other.names
    }
}

/// `list<T>`.
#[derive(Clone)]
pub struct List(Arc<ListInner>);

struct ListInner {
    elem: Type,
    depth: u32,
}

impl List {
    /// `list<elem>`; an error only if nesting is too deep.
    #[inline]
    pub fn new(elem: Type) -> Result<List> {
        let depth = child_depth([&elem], "list")?;
        Ok(List(Arc::new(ListInner { elem, depth })))
    }

    /// The element type.
    #[inline]
    pub fn ty(&self) -> &Type {
        &self.0.elem
    }
}

/// `record { name: T, ... }`.
#[derive(Clone)]
pub struct Record(Arc<RecordInner>);

struct RecordInner {
    names: Names,
    types: Box<[Type]>,
    seq: SequenceLayout,
    depth: u32,
}

impl Record {
    /// A record with the given fields, in order. Errors: no fields, duplicate
    /// names, too deep, or too big.
    #[inline]
    pub fn new<N: Into<String>>(fields: impl IntoIterator<Item = (N, Type)>) -> Result<Record> {
        let (names, types): (Vec<String>, Vec<Type>) =
            fields.into_iter().map(|(n, t)| (n.into(), t)).unzip();
        if types.is_empty() {
            bail!("a record type must have at least one field");
        }
        let names = Names::new(names, "record field")?;
        let depth = child_depth(&types, "record")?;
        let seq = sequence_layout(types.iter().map(Type::layout))
            .ok_or_else(|| anyhow!("record type is too large for the canonical ABI"))?;
        Ok(Record(Arc::new(RecordInner {
            names,
            types: types.into_boxed_slice(),
            seq,
            depth,
        })))
    }

    /// The fields, in order, as `(name, type)`.
    #[inline]
    pub fn fields(&self) -> impl ExactSizeIterator<Item = (&str, &Type)> + '_ {
        self.0.names.iter().zip(self.0.types.iter())
    }

    /// The byte offset of each field within the record.
    #[inline]
    pub fn field_offsets(&self) -> &[u32] {
        &self.0.seq.offsets
    }

    /// The field types, in order (what [`Record::fields`] pairs with names).
    #[inline]
    pub fn field_types(&self) -> &[Type] {
        &self.0.types
    }
}

/// `tuple<T, ...>`.
#[derive(Clone)]
pub struct Tuple(Arc<TupleInner>);

struct TupleInner {
    types: Box<[Type]>,
    seq: SequenceLayout,
    depth: u32,
}

impl Tuple {
    /// A tuple of the given types. Errors: no types, too deep, or too big.
    #[inline]
    pub fn new(types: impl IntoIterator<Item = Type>) -> Result<Tuple> {
        let types: Box<[Type]> = types.into_iter().collect();
        if types.is_empty() {
            bail!("a tuple type must have at least one element");
        }
        let depth = child_depth(types.iter(), "tuple")?;
        let seq = sequence_layout(types.iter().map(Type::layout))
            .ok_or_else(|| anyhow!("tuple type is too large for the canonical ABI"))?;
        Ok(Tuple(Arc::new(TupleInner { types, seq, depth })))
    }

    /// The element types, in order.
    #[inline]
    pub fn types(&self) -> impl ExactSizeIterator<Item = &Type> + '_ {
        self.0.types.iter()
    }

    /// The byte offset of each element within the tuple.
    #[inline]
    pub fn offsets(&self) -> &[u32] {
        &self.0.seq.offsets
    }

    /// The element types, in order, as a slice.
    #[inline]
    pub fn type_slice(&self) -> &[Type] {
        &self.0.types
    }
}

/// `variant { name(T), name, ... }`.
#[derive(Clone)]
pub struct Variant(Arc<VariantInner>);

struct VariantInner {
    names: Names,
    payloads: Box<[Option<Type>]>,
    variant: VariantLayout,
    depth: u32,
}

impl Variant {
    /// A variant with the given cases, in order, each with an optional payload.
    /// Errors: no cases, duplicate names, too deep, or too big.
    #[inline]
    pub fn new<N: Into<String>>(
        cases: impl IntoIterator<Item = (N, Option<Type>)>,
    ) -> Result<Variant> {
        let (names, payloads): (Vec<String>, Vec<Option<Type>>) =
            cases.into_iter().map(|(n, t)| (n.into(), t)).unzip();
        if payloads.is_empty() {
            bail!("a variant type must have at least one case");
        }
        let names = Names::new(names, "variant case")?;
        let depth = child_depth(payloads.iter().flatten(), "variant")?;
        let variant = variant_layout(payloads.iter().map(|p| p.as_ref().map(Type::layout)))
            .ok_or_else(|| anyhow!("variant type is too large for the canonical ABI"))?;
        Ok(Variant(Arc::new(VariantInner {
            names,
            payloads: payloads.into_boxed_slice(),
            variant,
            depth,
        })))
    }

    /// The cases, in order, as `(name, payload type)`.
    #[inline]
    pub fn cases(&self) -> impl ExactSizeIterator<Item = (&str, Option<&Type>)> + '_ {
        self.0
            .names
            .iter()
            .zip(self.0.payloads.iter().map(Option::as_ref))
    }

    /// The index of the case called `name`.
    #[inline]
    pub fn case_index(&self, name: &str) -> Option<u32> {
        self.0.names.find(name)
    }

    /// The name and payload type of case `index`.
    #[inline]
    pub fn case(&self, index: u32) -> Option<(&str, Option<&Type>)> {
        let i = usize::try_from(index).ok()?;
        let name = self.0.names.names.get(i)?;
        let payload = self.0.payloads.get(i)?;
        Some((&**name, payload.as_ref()))
    }

    /// The canonical-ABI layout (discriminant size, payload offset, ...).
    #[inline]
    pub fn layout(&self) -> &VariantLayout {
        &self.0.variant
    }
}

/// `enum { name, ... }`.
#[derive(Clone)]
pub struct Enum(Arc<EnumInner>);

struct EnumInner {
    names: Names,
    variant: VariantLayout,
}

impl Enum {
    /// An enum with the given case names, in order. Errors: no names or
    /// duplicate names.
    #[inline]
    pub fn new<N: Into<String>>(names: impl IntoIterator<Item = N>) -> Result<Enum> {
        let names: Vec<String> = names.into_iter().map(Into::into).collect();
        if names.is_empty() {
            bail!("an enum type must have at least one case");
        }
        let variant = variant_layout(names.iter().map(|_| None))
            .ok_or_else(|| anyhow!("enum type has too many cases"))?;
        let names = Names::new(names, "enum case")?;
        Ok(Enum(Arc::new(EnumInner { names, variant })))
    }

    /// The case names, in order.
    #[inline]
    pub fn names(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.0.names.iter()
    }

    /// The index of the case called `name`.
    #[inline]
    pub fn case_index(&self, name: &str) -> Option<u32> {
        self.0.names.find(name)
    }

    /// The name of case `index`.
    #[inline]
    pub fn name(&self, index: u32) -> Option<&str> {
        let name = self.0.names.names.get(usize::try_from(index).ok()?)?;
        Some(name)
    }

    /// The canonical-ABI layout.
    #[inline]
    pub fn layout(&self) -> &VariantLayout {
        &self.0.variant
    }
}

/// `option<T>`.
#[derive(Clone)]
pub struct OptionType(Arc<OptionInner>);

struct OptionInner {
    ty: Type,
    variant: VariantLayout,
    depth: u32,
}

impl OptionType {
    /// `option<ty>`. Errors: too deep or too big.
    #[inline]
    pub fn new(ty: Type) -> Result<OptionType> {
        let depth = child_depth([&ty], "option")?;
        let variant = variant_layout([None, Some(ty.layout())])
            .ok_or_else(|| anyhow!("option type is too large for the canonical ABI"))?;
        Ok(OptionType(Arc::new(OptionInner { ty, variant, depth })))
    }

    /// The payload type of `some`.
    #[inline]
    pub fn ty(&self) -> &Type {
        &self.0.ty
    }

    /// The canonical-ABI layout (a variant `none | some(T)`).
    #[inline]
    pub fn layout(&self) -> &VariantLayout {
        &self.0.variant
    }
}

/// `result<T, E>`.
#[derive(Clone)]
pub struct ResultType(Arc<ResultInner>);

struct ResultInner {
    ok: Option<Type>,
    err: Option<Type>,
    variant: VariantLayout,
    depth: u32,
}

impl ResultType {
    /// `result<ok, err>`, either payload optional. Errors: too deep or too big.
    #[inline]
    pub fn new(ok: Option<Type>, err: Option<Type>) -> Result<ResultType> {
        let depth = child_depth(ok.iter().chain(err.iter()), "result")?;
        let variant = variant_layout([
            ok.as_ref().map(Type::layout),
            err.as_ref().map(Type::layout),
        ])
        .ok_or_else(|| anyhow!("result type is too large for the canonical ABI"))?;
        Ok(ResultType(Arc::new(ResultInner {
            ok,
            err,
            variant,
            depth,
        })))
    }

    /// The payload type of `ok`, if any.
    #[inline]
    pub fn ok(&self) -> Option<&Type> {
        self.0.ok.as_ref()
    }

    /// The payload type of `error`, if any.
    #[inline]
    pub fn err(&self) -> Option<&Type> {
        self.0.err.as_ref()
    }

    /// The canonical-ABI layout (a variant `ok(T) | error(E)`).
    #[inline]
    pub fn layout(&self) -> &VariantLayout {
        &self.0.variant
    }
}

/// `flags { name, ... }`.
#[derive(Clone)]
pub struct Flags(Arc<FlagsInner>);

struct FlagsInner {
    names: Names,
    layout: Layout,
}

impl Flags {
    /// Flags with the given names, in bit order. Errors: none, more than 32,
    /// or duplicate names.
    #[inline]
    pub fn new<N: Into<String>>(names: impl IntoIterator<Item = N>) -> Result<Flags> {
        let names: Vec<String> = names.into_iter().map(Into::into).collect();
        let layout = flags_layout(names.len()).ok_or_else(|| {
            anyhow!(
                "a flags type must have between 1 and 32 flags, found {}",
                names.len()
            )
        })?;
        let names = Names::new(names, "flag")?;
        Ok(Flags(Arc::new(FlagsInner { names, layout })))
    }

    /// The flag names, in bit order (the first is bit 0).
    #[inline]
    pub fn names(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.0.names.iter()
    }

    /// The bit index of the flag called `name`.
    #[inline]
    pub fn index(&self, name: &str) -> Option<u32> {
        self.0.names.find(name)
    }

    /// How many flags there are (1 to 32).
    #[inline]
    pub fn len(&self) -> usize {
        self.0.names.len()
    }

    /// Always `false`: a flags type has at least one flag.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.0.names.len() == 0
    }

    /// Byte size (and alignment) in memory: 1, 2 or 4.
    #[inline]
    pub fn size(&self) -> u32 {
        self.0.layout.size
    }
}

macro_rules! structural_eq {
    ($ty:ident, |$a:ident, $b:ident| $body:expr) => {
        impl PartialEq for $ty {
            fn eq(&self, other: &$ty) -> bool {
                let ($a, $b) = (&*self.0, &*other.0);
                Arc::ptr_eq(&self.0, &other.0) || $body
            }
        }
    };
}

structural_eq!(List, |a, b| a.elem == b.elem);
structural_eq!(Record, |a, b| a.names == b.names && a.types == b.types);
structural_eq!(Tuple, |a, b| a.types == b.types);
structural_eq!(Variant, |a, b| a.names == b.names
    && a.payloads == b.payloads);
structural_eq!(Enum, |a, b| a.names == b.names);
structural_eq!(OptionType, |a, b| a.ty == b.ty);
structural_eq!(ResultType, |a, b| a.ok == b.ok && a.err == b.err);
structural_eq!(Flags, |a, b| a.names == b.names);

/// The flag names of `flags` that `bits` sets; bits beyond the defined flags
/// are ignored, as the spec's `unpack_flags_from_int` does.
#[doc(hidden)]
#[inline]
pub fn flags_from_bits(flags: &Flags, bits: u32) -> Vec<String> {
    flags
        .names()
        .enumerate()
        .filter(|(i, _)| u32::try_from(*i).is_ok_and(|i| i < 32 && bits & (1 << i) != 0))
        .map(|(_, n)| n.to_string())
        .collect()
}

/// The bit pattern of the set flags `names` (each must be a flag of `flags`).
#[doc(hidden)]
#[inline]
pub fn flags_to_bits(flags: &Flags, names: &[String]) -> Result<u32> {
    let mut bits = 0u32;
    for name in names {
        let i = flags
            .index(name)
            .ok_or_else(|| anyhow!("flags type `{flags}` has no flag `{name}`"))?;
        bits |= 1u32.checked_shl(i).unwrap_or(0);
    }
    Ok(bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_wit() -> Result<()> {
        let rec = Type::record([("a", Type::U32), ("b", Type::list(Type::String)?)])?;
        assert_eq!(rec.to_string(), "record { a: u32, b: list<string> }");
        assert_eq!(
            Type::result(Some(Type::String), Some(Type::U8))?.to_string(),
            "result<string, u8>"
        );
        assert_eq!(
            Type::result(None, Some(Type::U8))?.to_string(),
            "result<_, u8>"
        );
        assert_eq!(
            Type::result(Some(Type::U8), None)?.to_string(),
            "result<u8>"
        );
        assert_eq!(Type::result(None, None)?.to_string(), "result");
        assert_eq!(
            Type::variant([("a", Some(Type::Float32)), ("b", None)])?.to_string(),
            "variant { a(f32), b }"
        );
        assert_eq!(Type::enumeration(["x", "y"])?.to_string(), "enum { x, y }");
        assert_eq!(Type::flags(["r", "w"])?.to_string(), "flags { r, w }");
        assert_eq!(
            Type::tuple([Type::Char, Type::Float64])?.to_string(),
            "tuple<char, f64>"
        );
        assert_eq!(Type::option(Type::S64)?.to_string(), "option<s64>");
        Ok(())
    }

    #[test]
    fn equality_is_structural() -> Result<()> {
        let a = Type::record([("a", Type::U32)])?;
        let b = Type::record([("a", Type::U32)])?;
        let c = Type::record([("b", Type::U32)])?;
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(Type::list(Type::U8)?, Type::list(Type::S8)?);
        assert_eq!(Type::flags(["a"])?, Type::flags(["a"])?);
        assert_ne!(Type::flags(["a"])?, Type::enumeration(["a"])?);
        Ok(())
    }

    #[test]
    fn invalid_types_are_rejected() {
        let none: [(&str, Type); 0] = [];
        assert!(Type::record(none).is_err());
        assert!(Type::tuple([]).is_err());
        let no_cases: [(&str, Option<Type>); 0] = [];
        assert!(Type::variant(no_cases).is_err());
        let no_names: [&str; 0] = [];
        assert!(Type::enumeration(no_names).is_err());
        assert!(Type::flags(no_names).is_err());
        let many: Vec<String> = (0..33).map(|i| format!("f{i}")).collect();
        let err = Type::flags(many).unwrap_err();
        assert!(err.to_string().contains("between 1 and 32"), "{err}");
        let err = Type::record([("a", Type::U8), ("a", Type::U8)]).unwrap_err();
        assert_eq!(err.to_string(), "duplicate record field `a`");
        assert!(Type::enumeration(["x", "x"]).is_err());
    }

    #[test]
    fn nesting_depth_is_limited() -> Result<()> {
        let mut t = Type::U8;
        for _ in 1..MAX_TYPE_DEPTH {
            t = Type::list(t)?;
        }
        assert_eq!(t.depth(), MAX_TYPE_DEPTH);
        let err = Type::option(t).unwrap_err();
        assert!(err.to_string().contains("nests deeper"), "{err}");
        Ok(())
    }

    #[test]
    fn abi_info_is_cached_at_construction() -> Result<()> {
        let rec = Type::record([("a", Type::U8), ("b", Type::U64), ("c", Type::String)])?;
        assert_eq!(rec.size(), 24);
        assert_eq!(rec.align(), 8);
        let Type::Record(r) = &rec else {
            unreachable!()
        };
        assert_eq!(r.field_offsets(), &[0, 8, 16]);
        assert_eq!(
            rec.flat_types(),
            Some(&[FlatType::I32, FlatType::I64, FlatType::I32, FlatType::I32][..])
        );
        let res = Type::result(Some(Type::Float32), Some(Type::U64))?;
        let v = res.variant_layout().unwrap();
        assert_eq!((v.discriminant_size, v.payload_offset), (1, 8));
        assert_eq!(res.flat_types(), Some(&[FlatType::I32, FlatType::I64][..]));
        let e = Type::enumeration((0..300).map(|i| format!("c{i}")))?;
        assert_eq!(e.variant_layout().unwrap().discriminant_size, 2);
        assert_eq!(e.size(), 2);
        Ok(())
    }
}
