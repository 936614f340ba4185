//! The three traits of the typed component API: [`ComponentType`] (which
//! component types a Rust type stands for), [`Lower`] (Rust value → core
//! values or guest memory) and [`Lift`] (the way back), with the contract
//! every implementation keeps.
//!
//! The implementations for Rust's own types live in the sibling files
//! (`primitives`, `strings`, `lists`, `option_result`, `tuples`, `pointers`);
//! the helpers that derived implementations delegate to live in `record`,
//! `variant` and `flags`.

use super::context::{LiftContext, LowerContext};
use crate::component::abi::memory::element_ptr;
use crate::component::types::Type;
use crate::ValRaw;
use anyhow::{anyhow, Result};

/// A Rust type that stands for a component value type.
///
/// [`typecheck`](ComponentType::typecheck) is the only check: it runs once,
/// when a typed function is made ([`Instance::get_typed_func`], or
/// [`LinkerInstance::func_wrap`] at link time), and afterwards [`Lift`] and
/// [`Lower`] trust that the [`Type`] they are handed is one that passed it. A
/// value's layout (size, alignment, flat core types, field offsets,
/// discriminant size) is read from that `Type`, where it was computed once.
///
/// # Implementing
///
/// Implementations for user types are meant to come from derive macros;
/// they delegate to the fields' own implementations through the helpers of
/// the hidden `component::__internal` module: `typecheck_record` with
/// `Fields` for records, `typecheck_variant` / `typecheck_enum` with
/// `lower_case`, `store_case`, `lift_case` and `load_case` for variants and
/// enums, and `typecheck_flags` with the `*_flags` functions
/// for flags. A hand-written record and variant, exactly what a derive would
/// produce, are in this module's tests (`typed/tests/derive_model.rs`).
///
/// [`Instance::get_typed_func`]: crate::component::Instance::get_typed_func
/// [`LinkerInstance::func_wrap`]: crate::component::LinkerInstance::func_wrap
/// [`typecheck_record`]: super::typecheck_record
/// [`Fields`]: super::Fields
/// [`typecheck_variant`]: super::typecheck_variant
/// [`typecheck_enum`]: super::typecheck_enum
/// [`lower_case`]: super::lower_case
/// [`store_case`]: super::store_case
/// [`lift_case`]: super::lift_case
/// [`load_case`]: super::load_case
/// [`typecheck_flags`]: super::typecheck_flags
///
/// ```
/// use hoist_runtime::component::{ComponentType, Type};
/// assert!(u32::typecheck(&Type::U32).is_ok());
/// let err = <Vec<u32>>::typecheck(&Type::list(Type::S32)?).unwrap_err();
/// assert_eq!(err.to_string(), "list element: expected `s32`, found Rust type `u32`");
/// # Ok::<(), anyhow::Error>(())
/// ```
pub trait ComponentType {
    /// Checks that `ty` is a component type this Rust type stands for. The
    /// error says what differs, naming the component type as "expected" and
    /// the Rust type as "found".
    fn typecheck(ty: &Type) -> Result<()>;

    /// Checks a variant case's payload type: `ty` is `None` for a case
    /// without a payload (such as the absent side of `result<_, E>`).
    ///
    /// The default accepts exactly a payload that [`typecheck`] accepts;
    /// only `()`, which stands for "no payload", overrides it. Leave it as
    /// is.
    ///
    /// [`typecheck`]: ComponentType::typecheck
    fn typecheck_payload(ty: Option<&Type>) -> Result<()> {
        match ty {
            Some(ty) => Self::typecheck(ty),
            None => Err(anyhow!(
                "expected no payload, found Rust type `{}`",
                rust_type_name::<Self>()
            )),
        }
    }
}

/// A Rust value that can be passed into a component: lowered to flat core
/// values, or stored into guest memory.
///
/// Every method receives the [`Type`] that
/// [`ComponentType::typecheck`] accepted. Implementations must not panic
/// whatever they are given; a `ty` of the wrong shape (only possible when
/// the methods are called by hand) is an error.
pub trait Lower: ComponentType {
    /// Lowers `self` into `dst`, which has exactly as many slots as `ty`
    /// has flat core types (`ty.flat_types()`), in order. A primitive writes
    /// its one slot; a compound value splits `dst` among its parts.
    fn lower(&self, cx: &mut LowerContext<'_>, ty: &Type, dst: &mut [ValRaw]) -> Result<()>;

    /// Stores `self` at `offset` in guest memory (`ty.size()` bytes,
    /// aligned to `ty.align()`: the caller has checked that). Writes are
    /// bounds-checked by the [`LowerContext`].
    fn store(&self, cx: &mut LowerContext<'_>, ty: &Type, offset: u32) -> Result<()>;

    /// Stores `items` as the elements of a `list<ty>` whose block, of
    /// `items.len() * ty.size()` bytes, starts at `offset`.
    ///
    /// The default stores each element in turn; primitives override it to
    /// write the whole block through one bounds-checked slice.
    fn store_list(cx: &mut LowerContext<'_>, ty: &Type, items: &[Self], offset: u32) -> Result<()>
    where
        Self: Sized,
    {
        let size = ty.size();
        for (i, item) in items.iter().enumerate() {
            item.store(cx, ty, element_ptr(offset, i, size)?)?;
        }
        Ok(())
    }

    /// Lowers `self` as a variant case's payload of type `ty` (`None`: the
    /// case has none). The default lowers with [`lower`](Lower::lower) and
    /// rejects a missing payload type; only `()` overrides it.
    fn lower_payload(
        &self,
        cx: &mut LowerContext<'_>,
        ty: Option<&Type>,
        dst: &mut [ValRaw],
    ) -> Result<()> {
        match ty {
            Some(ty) => self.lower(cx, ty, dst),
            None => Err(no_payload_type::<Self>()),
        }
    }

    /// Stores `self` as a variant case's payload of type `ty` (`None`: the
    /// case has none); the counterpart of [`lower_payload`](Lower::lower_payload).
    fn store_payload(
        &self,
        cx: &mut LowerContext<'_>,
        ty: Option<&Type>,
        offset: u32,
    ) -> Result<()> {
        match ty {
            Some(ty) => self.store(cx, ty, offset),
            None => Err(no_payload_type::<Self>()),
        }
    }
}

/// A Rust value that can be taken out of a component: lifted from flat core
/// values, or loaded from guest memory.
///
/// Every method receives the [`Type`] that [`ComponentType::typecheck`]
/// accepted. Guest-controlled input (a bad `char`, discriminant, pointer,
/// length or encoding) is a trap: an error that downcasts to the
/// [`Trap`](crate::Trap) of that check (such as
/// [`Trap::InvalidChar`](crate::Trap::InvalidChar)), never a panic.
pub trait Lift: ComponentType + Sized {
    /// Lifts a value from `src`, which holds exactly `ty`'s flat core
    /// values, in order.
    fn lift(cx: &LiftContext<'_>, ty: &Type, src: &[ValRaw]) -> Result<Self>;

    /// Loads a value from `bytes`: exactly the `ty.size()` bytes of the
    /// value, already bounds- and alignment-checked by the caller.
    fn load(cx: &LiftContext<'_>, ty: &Type, bytes: &[u8]) -> Result<Self>;

    /// Loads the `len` elements of a `list<ty>` from `bytes`, the whole
    /// list block (`len * ty.size()` bytes, checked once by the caller).
    ///
    /// The default loads each element from its slice of the block;
    /// primitives override it with a bulk conversion.
    fn load_list(cx: &LiftContext<'_>, ty: &Type, bytes: &[u8], len: usize) -> Result<Vec<Self>> {
        let size = usize::try_from(ty.size()).unwrap_or(usize::MAX).max(1);
        if bytes.len() != len.saturating_mul(size) {
            return Err(anyhow!(
                "list block of {} bytes does not hold {len} elements of `{ty}`",
                bytes.len()
            ));
        }
        let mut out = Vec::with_capacity(len);
        for chunk in bytes.chunks_exact(size) {
            out.push(Self::load(cx, ty, chunk)?);
        }
        Ok(out)
    }

    /// Lifts a variant case's payload of type `ty` (`None`: the case has
    /// none). The default lifts with [`lift`](Lift::lift) and rejects a
    /// missing payload type; only `()` overrides it.
    fn lift_payload(cx: &LiftContext<'_>, ty: Option<&Type>, src: &[ValRaw]) -> Result<Self> {
        match ty {
            Some(ty) => Self::lift(cx, ty, src),
            None => Err(no_payload_type::<Self>()),
        }
    }

    /// Loads a variant case's payload of type `ty` (`None`: the case has
    /// none); the counterpart of [`lift_payload`](Lift::lift_payload).
    fn load_payload(cx: &LiftContext<'_>, ty: Option<&Type>, bytes: &[u8]) -> Result<Self> {
        match ty {
            Some(ty) => Self::load(cx, ty, bytes),
            None => Err(no_payload_type::<Self>()),
        }
    }
}

/// A type check, as [`ComponentType::typecheck`] is: what derived impls pass
/// for each field or case payload to [`typecheck_record`] and
/// [`typecheck_variant`] (`<Field as ComponentType>::typecheck`).
///
/// [`typecheck_record`]: super::typecheck_record
/// [`typecheck_variant`]: super::typecheck_variant
pub type TypeCheck = fn(&Type) -> Result<()>;

fn no_payload_type<T: ?Sized>() -> anyhow::Error {
    anyhow!(
        "the variant case has no payload, but Rust type `{}` was given for it",
        rust_type_name::<T>()
    )
}

/// The error of a Rust type `T` checked against a component type `ty` of a
/// different kind: ``expected `ty`, found Rust type `T` ``.
pub(crate) fn mismatch<T: ?Sized>(ty: &Type) -> anyhow::Error {
    anyhow!(
        "expected `{ty}`, found Rust type `{}`",
        rust_type_name::<T>()
    )
}

/// An error for a [`Type`] of the wrong shape handed to `Lift` or `Lower`
/// (a caller that skipped the type check).
pub(crate) fn wrong_type<T: ?Sized>(ty: &Type) -> anyhow::Error {
    anyhow!(
        "Rust type `{}` cannot be lifted or lowered as `{ty}`",
        rust_type_name::<T>()
    )
}

/// An error for a slot count that does not match the type.
pub(crate) fn wrong_slots(ty: &Type, given: usize) -> anyhow::Error {
    anyhow!(
        "`{ty}` needs {} flat core values, {given} given",
        ty.layout()
            .flat_count()
            .map_or("too many".to_string(), |n| n.to_string())
    )
}

/// `std::any::type_name` without module paths, for messages:
/// `Vec<String>` rather than `alloc::vec::Vec<alloc::string::String>`.
pub(crate) fn rust_type_name<T: ?Sized>() -> String {
    let full = std::any::type_name::<T>();
    let mut out = String::with_capacity(full.len());
    // Where the path segment being written started.
    let mut segment = 0;
    let mut chars = full.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            out.truncate(segment);
        } else {
            out.push(c);
            if !(c.is_alphanumeric() || c == '_') {
                segment = out.len();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_type_names_drop_paths() {
        assert_eq!(rust_type_name::<u32>(), "u32");
        assert_eq!(rust_type_name::<Vec<String>>(), "Vec<String>");
        assert_eq!(
            rust_type_name::<(u8, Option<String>)>(),
            "(u8, Option<String>)"
        );
        assert_eq!(rust_type_name::<&str>(), "&str");
        assert_eq!(
            rust_type_name::<Result<(), Box<[u8]>>>(),
            "Result<(), Box<[u8]>>"
        );
    }
}
