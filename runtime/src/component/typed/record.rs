//! Helpers for sequences of values with Rust types: [`Fields`], the walk
//! over a record's fields, a tuple's elements or a function's parameters
//! that derived records (and the tuple impls, and typed calls) delegate to,
//! and [`typecheck_record`].
//!
//! A walk takes each part in order with its type and byte offset (read from
//! the checked [`Type`], where they were computed once), and splits the flat
//! slots among the parts by their flat counts.

use super::context::{LiftContext, LowerContext};
use super::traits::{mismatch, rust_type_name, wrong_type, Lift, Lower, TypeCheck};
use crate::component::abi::memory::offset_ptr;
use crate::component::types::Type;
use crate::ValRaw;
use anyhow::{anyhow, Result};

/// Checks that `ty` is a `record` whose fields are `fields`, in order: each
/// with its name and its type check (for a derive:
/// `<FieldType as ComponentType>::typecheck`). `T` is the Rust type, named
/// in errors.
pub fn typecheck_record<T: ?Sized>(ty: &Type, fields: &[(&str, TypeCheck)]) -> Result<()> {
    let Type::Record(record) = ty else {
        return Err(mismatch::<T>(ty));
    };
    if record.fields().len() != fields.len() {
        return Err(anyhow!(
            "expected `{ty}` ({} fields), found Rust type `{}` with {} fields",
            record.fields().len(),
            rust_type_name::<T>(),
            fields.len()
        ));
    }
    for ((name, fty), (want, check)) in record.fields().zip(fields) {
        if name != *want {
            return Err(anyhow!(
                "expected field `{name}` of `{ty}`, found field `{want}` in Rust type `{}`",
                rust_type_name::<T>()
            ));
        }
        check(fty).map_err(|e| anyhow!("record field `{name}`: {e}"))?;
    }
    Ok(())
}

/// A walk over the parts of a record, tuple or parameter list, in order:
/// each part's type, byte offset and share of the flat slots.
///
/// Each method handles the next part; calling them once per part, in order,
/// is the whole of a derived record's `lower`, `store`, `lift` or `load`
/// (see the example). Running past the last part is an error.
///
/// # The shape of a derived record
///
/// ```
/// use anyhow::Result;
/// use hoist_runtime::ValRaw;
/// use hoist_runtime::component::__internal::{typecheck_record, Fields, LiftContext, LowerContext};
/// use hoist_runtime::component::{ComponentType, Lift, Lower, Type};
///
/// /// `record { id: u32, name: string }`
/// #[derive(Debug, PartialEq)]
/// struct Entry {
///     id: u32,
///     name: String,
/// }
///
/// impl ComponentType for Entry {
///     fn typecheck(ty: &Type) -> Result<()> {
///         typecheck_record::<Self>(ty, &[("id", u32::typecheck), ("name", String::typecheck)])
///     }
/// }
///
/// impl Lower for Entry {
///     fn lower(&self, cx: &mut LowerContext<'_>, ty: &Type, mut dst: &mut [ValRaw]) -> Result<()> {
///         let mut fields = Fields::record(ty)?;
///         fields.lower(cx, &self.id, &mut dst)?;
///         fields.lower(cx, &self.name, &mut dst)
///     }
///     fn store(&self, cx: &mut LowerContext<'_>, ty: &Type, offset: u32) -> Result<()> {
///         let mut fields = Fields::record(ty)?;
///         fields.store(cx, &self.id, offset)?;
///         fields.store(cx, &self.name, offset)
///     }
/// }
///
/// impl Lift for Entry {
///     fn lift(cx: &LiftContext<'_>, ty: &Type, mut src: &[ValRaw]) -> Result<Self> {
///         let mut fields = Fields::record(ty)?;
///         Ok(Entry { id: fields.lift(cx, &mut src)?, name: fields.lift(cx, &mut src)? })
///     }
///     fn load(cx: &LiftContext<'_>, ty: &Type, bytes: &[u8]) -> Result<Self> {
///         let mut fields = Fields::record(ty)?;
///         Ok(Entry { id: fields.load(cx, bytes)?, name: fields.load(cx, bytes)? })
///     }
/// }
///
/// let ty = Type::record([("id", Type::U32), ("name", Type::String)])?;
/// Entry::typecheck(&ty)?;
/// let err = Entry::typecheck(&Type::record([("id", Type::U32), ("nom", Type::String)])?)
///     .unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "expected field `nom` of `record { id: u32, nom: string }`, found field `name` in Rust type `Entry`"
/// );
/// # Ok::<(), anyhow::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Fields<'t> {
    types: &'t [Type],
    offsets: &'t [u32],
    next: usize,
}

impl<'t> Fields<'t> {
    /// The parts with these types and byte offsets (`offsets` may be empty
    /// when only flat values are walked).
    pub fn new(types: &'t [Type], offsets: &'t [u32]) -> Fields<'t> {
        Fields {
            types,
            offsets,
            next: 0,
        }
    }

    /// The fields of the record type `ty` (an error if it is not a record).
    #[inline]
    pub fn record(ty: &'t Type) -> Result<Fields<'t>> {
        match ty {
            Type::Record(r) => Ok(Fields::new(r.field_types(), r.field_offsets())),
            _ => Err(anyhow!("`{ty}` is not a record type")),
        }
    }

    /// The elements of the tuple type `ty` (an error if it is not a tuple).
    #[inline]
    pub fn tuple(ty: &'t Type) -> Result<Fields<'t>> {
        match ty {
            Type::Tuple(t) => Ok(Fields::new(t.type_slice(), t.offsets())),
            _ => Err(anyhow!("`{ty}` is not a tuple type")),
        }
    }

    /// How many parts are left.
    pub fn remaining(&self) -> usize {
        self.types.len().saturating_sub(self.next)
    }

    /// The next part's type and byte offset (0 if no offsets were given).
    #[inline]
    pub fn next_part(&mut self) -> Result<(&'t Type, u32)> {
        let ty = self.types.get(self.next).ok_or_else(|| {
            anyhow!(
                "more Rust values than the {} component types they are matched with",
                self.types.len()
            )
        })?;
        let offset = self.offsets.get(self.next).copied().unwrap_or(0);
        self.next += 1;
        Ok((ty, offset))
    }

    /// Lowers `value` as the next part into the front of `dst`, leaving
    /// `dst` at the slots after it.
    pub fn lower<V: Lower + ?Sized>(
        &mut self,
        cx: &mut LowerContext<'_>,
        value: &V,
        dst: &mut &mut [ValRaw],
    ) -> Result<()> {
        let (ty, _) = self.next_part()?;
        let n = flat_count(ty)?;
        let slots = std::mem::take(dst);
        let available = slots.len();
        let (own, rest) = slots
            .split_at_mut_checked(n)
            .ok_or_else(|| too_few_slots(ty, available))?;
        *dst = rest;
        value.lower(cx, ty, own)
    }

    /// Stores `value` as the next part of the sequence stored at `base`.
    pub fn store<V: Lower + ?Sized>(
        &mut self,
        cx: &mut LowerContext<'_>,
        value: &V,
        base: u32,
    ) -> Result<()> {
        let (ty, offset) = self.next_part()?;
        value.store(cx, ty, offset_ptr(base, offset)?)
    }

    /// Lifts the next part from the front of `src`, leaving `src` at the
    /// values after it.
    pub fn lift<V: Lift>(&mut self, cx: &LiftContext<'_>, src: &mut &[ValRaw]) -> Result<V> {
        let (ty, _) = self.next_part()?;
        let n = flat_count(ty)?;
        let (own, rest) = src
            .split_at_checked(n)
            .ok_or_else(|| too_few_slots(ty, src.len()))?;
        *src = rest;
        V::lift(cx, ty, own)
    }

    /// Loads the next part from `bytes`, the bytes of the whole sequence.
    pub fn load<V: Lift>(&mut self, cx: &LiftContext<'_>, bytes: &[u8]) -> Result<V> {
        let (ty, offset) = self.next_part()?;
        let start = offset as usize;
        let own = bytes
            .get(start..start.saturating_add(ty.size() as usize))
            .ok_or_else(|| {
                anyhow!(
                    "a part of type `{ty}` at offset {offset} lies past the {} bytes of its sequence",
                    bytes.len()
                )
            })?;
        V::load(cx, ty, own)
    }

    /// Errors unless every part was walked (the Rust side had as many
    /// values as there are component types).
    pub fn finish(&self) -> Result<()> {
        match self.remaining() {
            0 => Ok(()),
            n => Err(anyhow!(
                "{n} component values were left without a Rust value"
            )),
        }
    }
}

/// How many flat slots `ty` takes.
pub(crate) fn flat_count(ty: &Type) -> Result<usize> {
    ty.layout()
        .flat_count()
        .ok_or_else(|| anyhow!("`{ty}` has too many flat values to pass flat"))
}

fn too_few_slots(ty: &Type, available: usize) -> anyhow::Error {
    anyhow!("too few flat core values for `{ty}`: {available} left")
}

/// Checks that `ty` is a tuple of as many types as `checks`, each accepted
/// by its check. `T` is the Rust type, named in errors.
pub(crate) fn typecheck_tuple<T: ?Sized>(ty: &Type, checks: &[TypeCheck]) -> Result<()> {
    let Type::Tuple(tuple) = ty else {
        return Err(mismatch::<T>(ty));
    };
    if tuple.types().len() != checks.len() {
        return Err(anyhow!(
            "expected `{ty}`, found Rust type `{}` of {} elements",
            rust_type_name::<T>(),
            checks.len()
        ));
    }
    for (i, (t, check)) in tuple.types().zip(checks).enumerate() {
        check(t).map_err(|e| anyhow!("tuple element {i}: {e}"))?;
    }
    Ok(())
}

/// The walk over a tuple's elements, for the Rust type `T`.
pub(crate) fn tuple_fields<'t, T: ?Sized>(ty: &'t Type) -> Result<Fields<'t>> {
    match ty {
        Type::Tuple(t) => Ok(Fields::new(t.type_slice(), t.offsets())),
        _ => Err(wrong_type::<T>(ty)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::component::typed::ComponentType;

    #[test]
    fn walks_split_slots_and_use_offsets() -> Result<()> {
        let ty = Type::record([("a", Type::U8), ("b", Type::String), ("c", Type::U64)])?;
        let mut f = Fields::record(&ty)?;
        assert_eq!(f.remaining(), 3);
        assert_eq!(f.next_part()?.1, 0);
        assert_eq!(f.next_part()?.1, 4);
        assert_eq!(f.next_part()?.1, 16);
        f.finish()?;
        let err = f.next_part().unwrap_err();
        assert_eq!(
            err.to_string(),
            "more Rust values than the 3 component types they are matched with"
        );
        assert!(Fields::record(&Type::U8).is_err());
        Ok(())
    }

    #[test]
    fn record_typecheck_messages() -> Result<()> {
        let ty = Type::record([("x", Type::U8), ("y", Type::U8)])?;
        let checks: &[(&str, TypeCheck)] = &[("x", u8::typecheck), ("y", u8::typecheck)];
        typecheck_record::<u8>(&ty, checks)?;
        let err = typecheck_record::<u8>(&ty, &[("x", u8::typecheck)]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected `record { x: u8, y: u8 }` (2 fields), found Rust type `u8` with 1 fields"
        );
        let err =
            typecheck_record::<u8>(&ty, &[("x", u8::typecheck), ("y", i8::typecheck)]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "record field `y`: expected `u8`, found Rust type `i8`"
        );
        Ok(())
    }
}
