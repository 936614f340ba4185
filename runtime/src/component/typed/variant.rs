//! Helpers for variant-like types with Rust types (`variant`, `enum`, and
//! `option` and `result`, which the spec treats as variants): the type
//! checks of derived variants and enums, and the case-by-case lowering and
//! lifting that their [`Lower`] and [`Lift`] impls (and `Option` / `Result`)
//! delegate to.
//!
//! The discriminant is written and read here (its size from the type's
//! layout; one out of range traps), and a case's payload goes into the
//! variant's joined flat slots: the payload's own slots first, then zeros.
//! `ValRaw` is untyped and 32-bit values are zero-extended, which is exactly
//! the spec's coercion into and out of joined slots, so the payload's own
//! `lower` / `lift` works on them unchanged.

use super::context::{array, LiftContext, LowerContext};
use super::traits::{mismatch, rust_type_name, wrong_slots, Lift, Lower, TypeCheck};
use crate::component::abi::layout::VariantLayout;
use crate::component::abi::lift::{check_discriminant, variant_case};
use crate::component::abi::memory::offset_ptr;
use crate::component::types::Type;
use crate::ValRaw;
use anyhow::{anyhow, Result};

/// Checks that `ty` is a `variant` whose cases are `cases`, in order: each
/// with its name and, if it has a payload, the payload's type check (for a
/// derive: `Some(<Payload as ComponentType>::typecheck)`). `T` is the Rust
/// type, named in errors.
///
/// # The shape of a derived variant
///
/// ```
/// use anyhow::Result;
/// use hoist_runtime::ValRaw;
/// use hoist_runtime::component::__internal::{
///     lift_case, load_case, lower_case, store_case, typecheck_variant, LiftContext, LowerContext,
/// };
/// use hoist_runtime::component::{ComponentType, Lift, Lower, Type};
///
/// /// `variant { none, some-u8(u8) }`
/// #[derive(Debug, PartialEq)]
/// enum Maybe {
///     None,
///     SomeU8(u8),
/// }
///
/// impl ComponentType for Maybe {
///     fn typecheck(ty: &Type) -> Result<()> {
///         typecheck_variant::<Self>(ty, &[("none", None), ("some-u8", Some(u8::typecheck))])
///     }
/// }
///
/// impl Lower for Maybe {
///     fn lower(&self, cx: &mut LowerContext<'_>, ty: &Type, dst: &mut [ValRaw]) -> Result<()> {
///         match self {
///             Maybe::None => lower_case::<()>(cx, ty, 0, None, dst),
///             Maybe::SomeU8(x) => lower_case(cx, ty, 1, Some(x), dst),
///         }
///     }
///     fn store(&self, cx: &mut LowerContext<'_>, ty: &Type, offset: u32) -> Result<()> {
///         match self {
///             Maybe::None => store_case::<()>(cx, ty, 0, None, offset),
///             Maybe::SomeU8(x) => store_case(cx, ty, 1, Some(x), offset),
///         }
///     }
/// }
///
/// impl Lift for Maybe {
///     fn lift(cx: &LiftContext<'_>, ty: &Type, src: &[ValRaw]) -> Result<Self> {
///         let case = lift_case(ty, src)?;
///         Ok(match case.index() {
///             0 => Maybe::None,
///             _ => Maybe::SomeU8(case.payload(cx)?),
///         })
///     }
///     fn load(cx: &LiftContext<'_>, ty: &Type, bytes: &[u8]) -> Result<Self> {
///         let case = load_case(ty, bytes)?;
///         Ok(match case.index() {
///             0 => Maybe::None,
///             _ => Maybe::SomeU8(case.payload(cx)?),
///         })
///     }
/// }
///
/// let ty = Type::variant([("none", None), ("some-u8", Some(Type::U8))])?;
/// Maybe::typecheck(&ty)?;
/// let opts = Default::default();
/// let mut mem = hoist_runtime::component::__internal::NoMemory;
/// let mut slots = [ValRaw::default(); 2];
/// Maybe::SomeU8(7).lower(&mut LowerContext::new(&mut mem, &opts), &ty, &mut slots)?;
/// assert_eq!((slots[0].get_i32(), slots[1].get_i32()), (1, 7));
/// let back = Maybe::lift(&LiftContext::new(&[], &opts), &ty, &slots)?;
/// assert_eq!(back, Maybe::SomeU8(7));
/// # Ok::<(), anyhow::Error>(())
/// ```
pub fn typecheck_variant<T: ?Sized>(ty: &Type, cases: &[(&str, Option<TypeCheck>)]) -> Result<()> {
    let Type::Variant(variant) = ty else {
        return Err(mismatch::<T>(ty));
    };
    if variant.cases().len() != cases.len() {
        return Err(anyhow!(
            "expected `{ty}` ({} cases), found Rust type `{}` with {} cases",
            variant.cases().len(),
            rust_type_name::<T>(),
            cases.len()
        ));
    }
    for ((name, payload), (want, check)) in variant.cases().zip(cases) {
        if name != *want {
            return Err(anyhow!(
                "expected case `{name}` of `{ty}`, found case `{want}` in Rust type `{}`",
                rust_type_name::<T>()
            ));
        }
        match (payload, check) {
            (None, None) => {}
            (Some(p), Some(check)) => check(p).map_err(|e| anyhow!("case `{name}`: {e}"))?,
            (Some(p), None) => {
                return Err(anyhow!(
                    "case `{name}`: expected a payload of type `{p}`, found none in Rust type `{}`",
                    rust_type_name::<T>()
                ))
            }
            (None, Some(_)) => {
                return Err(anyhow!(
                    "case `{name}`: expected no payload, found one in Rust type `{}`",
                    rust_type_name::<T>()
                ))
            }
        }
    }
    Ok(())
}

/// Checks that `ty` is an `enum` whose cases are `names`, in order. `T` is
/// the Rust type, named in errors. An enum's values are lowered and lifted
/// with the case functions of this module, without payloads
/// (`lower_case::<()>(cx, ty, index, None, dst)`, `lift_case(ty, src)?.index()`).
pub fn typecheck_enum<T: ?Sized>(ty: &Type, names: &[&str]) -> Result<()> {
    let Type::Enum(e) = ty else {
        return Err(mismatch::<T>(ty));
    };
    if e.names().len() != names.len() || e.names().zip(names).any(|(a, b)| a != *b) {
        return Err(anyhow!(
            "expected `{ty}`, found Rust type `{}` with cases {}",
            rust_type_name::<T>(),
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(())
}

/// The layout of a variant-like type.
fn layout(ty: &Type) -> Result<&VariantLayout> {
    ty.variant_layout()
        .ok_or_else(|| anyhow!("`{ty}` is not a variant type"))
}

/// The payload type of case `index` (`None`: it has no payload), checking
/// that the case exists.
fn case_type<'t>(ty: &'t Type, layout: &VariantLayout, index: u32) -> Result<Option<&'t Type>> {
    if index >= layout.cases {
        return Err(anyhow!("`{ty}` has no case {index}"));
    }
    variant_case(ty, index)
}

/// How many flat slots a payload of type `ty` takes.
fn flat_count(ty: Option<&Type>) -> Result<usize> {
    match ty {
        None => Ok(0),
        Some(t) => t
            .layout()
            .flat_count()
            .ok_or_else(|| anyhow!("`{t}` has too many flat values to pass flat")),
    }
}

/// Lowers case `index` of the variant-like `ty` into its flat slots `dst`:
/// the discriminant, then `payload` (`None` for a case without one) into
/// the joined payload slots, then zeros for the slots the case leaves
/// unused.
///
/// `payload` must be given exactly when the case has a payload type (for
/// `result<_, E>`'s absent `ok`, `Some(&())` is accepted too).
pub fn lower_case<P: Lower + ?Sized>(
    cx: &mut LowerContext<'_>,
    ty: &Type,
    index: u32,
    payload: Option<&P>,
    dst: &mut [ValRaw],
) -> Result<()> {
    let layout = layout(ty)?;
    let payload_ty = case_type(ty, layout, index)?;
    let n = dst.len();
    let Some((disc, rest)) = dst.split_first_mut() else {
        return Err(wrong_slots(ty, n));
    };
    *disc = ValRaw::i32(index as i32);
    let used = flat_count(payload_ty)?;
    let Some((own, padding)) = rest.split_at_mut_checked(used) else {
        return Err(wrong_slots(ty, n));
    };
    match payload {
        Some(p) => p.lower_payload(cx, payload_ty, own)?,
        None if payload_ty.is_some() => return Err(missing_payload(ty, index)),
        None => {}
    }
    padding.fill(ValRaw::default());
    Ok(())
}

/// Stores case `index` of the variant-like `ty` at `offset`: the
/// discriminant (in as many bytes as the type's layout says), then
/// `payload` at the payload offset. The same contract as [`lower_case`].
pub fn store_case<P: Lower + ?Sized>(
    cx: &mut LowerContext<'_>,
    ty: &Type,
    index: u32,
    payload: Option<&P>,
    offset: u32,
) -> Result<()> {
    let layout = layout(ty)?;
    let payload_ty = case_type(ty, layout, index)?;
    match layout.discriminant_size {
        1 => cx.write(offset, [index as u8])?,
        2 => cx.write(offset, (index as u16).to_le_bytes())?,
        _ => cx.write(offset, index.to_le_bytes())?,
    }
    let at = offset_ptr(offset, layout.payload_offset)?;
    match payload {
        Some(p) => p.store_payload(cx, payload_ty, at),
        None if payload_ty.is_some() => Err(missing_payload(ty, index)),
        None => Ok(()),
    }
}

fn missing_payload(ty: &Type, index: u32) -> anyhow::Error {
    anyhow!("case {index} of `{ty}` needs a payload, but none was given")
}

/// A case of a variant-like value being lifted: which case it is, and where
/// its payload is. Made by [`lift_case`] or [`load_case`].
#[derive(Clone, Copy, Debug)]
pub struct Case<'t, 's> {
    index: u32,
    ty: Option<&'t Type>,
    payload: Payload<'s>,
}

#[derive(Clone, Copy, Debug)]
enum Payload<'s> {
    Flat(&'s [ValRaw]),
    Memory(&'s [u8]),
}

impl<'t> Case<'t, '_> {
    /// The case's index (its discriminant), already checked to be one of
    /// the type's cases.
    pub fn index(&self) -> u32 {
        self.index
    }

    /// The case's payload type (`None`: it has no payload).
    pub fn payload_type(&self) -> Option<&'t Type> {
        self.ty
    }

    /// Lifts the case's payload as a `P` (`()` for a case without one).
    pub fn payload<P: Lift>(&self, cx: &LiftContext<'_>) -> Result<P> {
        match self.payload {
            Payload::Flat(src) => P::lift_payload(cx, self.ty, src),
            Payload::Memory(bytes) => P::load_payload(cx, self.ty, bytes),
        }
    }
}

/// Reads the case of a value of the variant-like `ty` from its flat values
/// `src`: the discriminant (a trap if it is not a case of `ty`) and the
/// slots the case's payload occupies.
pub fn lift_case<'t, 's>(ty: &'t Type, src: &'s [ValRaw]) -> Result<Case<'t, 's>> {
    let layout = layout(ty)?;
    let Some((disc, rest)) = src.split_first() else {
        return Err(wrong_slots(ty, 0));
    };
    let index = check_discriminant(disc.get_i32() as u32, layout.cases)?;
    let payload_ty = case_type(ty, layout, index)?;
    let own = rest
        .get(..flat_count(payload_ty)?)
        .ok_or_else(|| wrong_slots(ty, src.len()))?;
    Ok(Case {
        index,
        ty: payload_ty,
        payload: Payload::Flat(own),
    })
}

/// Reads the case of a value of the variant-like `ty` from its bytes in
/// memory (exactly `ty.size()` bytes): the discriminant (a trap if it is
/// not a case of `ty`) and the bytes of the case's payload.
pub fn load_case<'t, 's>(ty: &'t Type, bytes: &'s [u8]) -> Result<Case<'t, 's>> {
    let layout = layout(ty)?;
    let disc = match layout.discriminant_size {
        1 => u32::from(array::<1>(bytes)?[0]),
        2 => u32::from(u16::from_le_bytes(array(bytes)?)),
        _ => u32::from_le_bytes(array(bytes)?),
    };
    let index = check_discriminant(disc, layout.cases)?;
    let payload_ty = case_type(ty, layout, index)?;
    let start = layout.payload_offset as usize;
    let size = payload_ty.map_or(0, |t| t.size() as usize);
    let own = bytes
        .get(start..start.saturating_add(size))
        .ok_or_else(|| anyhow!("{} bytes are too few for a value of `{ty}`", bytes.len()))?;
    Ok(Case {
        index,
        ty: payload_ty,
        payload: Payload::Memory(own),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::component::abi::memory::VecMemory;
    use crate::component::abi::AbiOptions;
    use crate::component::typed::ComponentType;
    use crate::Trap;

    #[test]
    fn payload_goes_into_joined_slots_and_padding_is_zero() -> Result<()> {
        // variant { a(f32), b(u64), c }: flat [i32, i64]
        let ty = Type::variant([
            ("a", Some(Type::Float32)),
            ("b", Some(Type::U64)),
            ("c", None),
        ])?;
        let opts = AbiOptions::default();
        let mut mem = VecMemory::new(0);
        let mut cx = LowerContext::new(&mut mem, &opts);
        let mut dst = [ValRaw::i64(-1); 2];
        lower_case(&mut cx, &ty, 0, Some(&1.5f32), &mut dst)?;
        assert_eq!(dst[0].get_i32(), 0);
        assert_eq!(dst[1].get_u64(), u64::from(1.5f32.to_bits()));
        let mut dst = [ValRaw::i64(-1); 2];
        lower_case::<()>(&mut cx, &ty, 2, None, &mut dst)?;
        assert_eq!((dst[0].get_i32(), dst[1].get_u64()), (2, 0));
        let err = lower_case::<()>(&mut cx, &ty, 1, None, &mut dst).unwrap_err();
        assert_eq!(
            err.to_string(),
            "case 1 of `variant { a(f32), b(u64), c }` needs a payload, but none was given"
        );
        let src = [ValRaw::i32(1), ValRaw::i64(7)];
        let lifted = lift_case(&ty, &src)?;
        let cx = LiftContext::new(&[], &opts);
        assert_eq!((lifted.index(), lifted.payload::<u64>(&cx)?), (1, 7));
        Ok(())
    }

    #[test]
    fn bad_discriminants_trap() {
        let ty = Type::enumeration(["x", "y"]).unwrap();
        let err = lift_case(&ty, &[ValRaw::i32(2)]).unwrap_err();
        assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::InvalidDiscriminant));
        assert_eq!(err.to_string(), "discriminant 2 out of range [0..2)");
        let err = load_case(&ty, &[9]).unwrap_err();
        assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::InvalidDiscriminant));
        assert_eq!(err.to_string(), "discriminant 9 out of range [0..2)");
    }

    #[test]
    fn store_and_load_use_the_layout() -> Result<()> {
        let ty = Type::result(Some(Type::U8), Some(Type::U64))?;
        let opts = AbiOptions::default();
        let mut mem = VecMemory::new(32);
        store_case(
            &mut LowerContext::new(&mut mem, &opts),
            &ty,
            1,
            Some(&9u64),
            8,
        )?;
        assert_eq!(mem.data[8], 1);
        assert_eq!(mem.data[16], 9);
        let case = load_case(&ty, &mem.data[8..24])?;
        let cx = LiftContext::new(&mem.data, &opts);
        assert_eq!((case.index(), case.payload::<u64>(&cx)?), (1, 9));
        Ok(())
    }

    #[test]
    fn typecheck_messages() {
        let ty = Type::variant([("a", Some(Type::U8)), ("b", None)]).unwrap();
        let ok: &[(&str, Option<TypeCheck>)] = &[("a", Some(u8::typecheck)), ("b", None)];
        assert!(typecheck_variant::<()>(&ty, ok).is_ok());
        let err =
            typecheck_variant::<u8>(&ty, &[("a", Some(u16::typecheck)), ("b", None)]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "case `a`: expected `u8`, found Rust type `u16`"
        );
        let err = typecheck_variant::<u8>(&ty, &[("a", None), ("b", None)]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "case `a`: expected a payload of type `u8`, found none in Rust type `u8`"
        );
        let err =
            typecheck_variant::<u8>(&ty, &[("a", Some(u8::typecheck)), ("c", None)]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected case `b` of `variant { a(u8), b }`, found case `c` in Rust type `u8`"
        );
        let e = Type::enumeration(["x", "y"]).unwrap();
        assert!(typecheck_enum::<u8>(&e, &["x", "y"]).is_ok());
        let err = typecheck_enum::<u8>(&e, &["y", "x"]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected `enum { x, y }`, found Rust type `u8` with cases `y`, `x`"
        );
    }
}
