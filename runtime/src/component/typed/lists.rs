//! Lists with Rust types: `Vec<T>` (lift and lower) and `[T]` (lower only,
//! so `&[T]` and `Box<[T]>` lower through the pointer impls).
//!
//! Lowering allocates the list's block with the guest's `realloc` and hands
//! it to [`Lower::store_list`]; lifting checks the whole block once and hands
//! it to [`Lift::load_list`], so lists of scalars are one bounds check and one
//! bulk conversion. [`WasmList`](super::WasmList), the lazily read list, is in
//! `wasm_list.rs`.

use super::context::{pointer_pair, LiftContext, LowerContext};
use super::strings::{lift_pair, lower_pair, store_pair};
use super::traits::{mismatch, wrong_type, ComponentType, Lift, Lower};
use crate::component::abi::lift::list_byte_length;
use crate::component::types::Type;
use crate::ValRaw;
use anyhow::{anyhow, Result};

/// Checks that `ty` is `list<E>` with `E` accepted by `T`, for the list-like
/// Rust type `L`.
pub(crate) fn typecheck_list<L: ?Sized, T: ComponentType + ?Sized>(ty: &Type) -> Result<()> {
    match ty {
        Type::List(list) => T::typecheck(list.ty()).map_err(|e| anyhow!("list element: {e}")),
        _ => Err(mismatch::<L>(ty)),
    }
}

/// The element type of `list<E>`, for the list-like Rust type `L`.
pub(crate) fn element_type<L: ?Sized>(ty: &Type) -> Result<&Type> {
    match ty {
        Type::List(list) => Ok(list.ty()),
        _ => Err(wrong_type::<L>(ty)),
    }
}

/// Allocates a list block for `items` in the guest (even when empty, as the
/// spec does) and stores them into it; returns the pointer and length.
pub(crate) fn store_items<T: Lower>(
    cx: &mut LowerContext<'_>,
    elem: &Type,
    items: &[T],
) -> Result<(u32, u32)> {
    let count = u64::try_from(items.len()).unwrap_or(u64::MAX);
    let byte_length = list_byte_length(count, elem.size())?;
    let ptr = cx.realloc(elem.align(), byte_length)?;
    T::store_list(cx, elem, items, ptr)?;
    let len = u32::try_from(items.len()).map_err(|_| anyhow!("list too long"))?;
    Ok((ptr, len))
}

/// Lifts the list at `ptr` with `len` elements of type `elem`.
fn load_items<T: Lift>(cx: &LiftContext<'_>, elem: &Type, ptr: u32, len: u32) -> Result<Vec<T>> {
    let bytes = cx.list_bytes(elem, ptr, len)?;
    let len = usize::try_from(len).map_err(|_| anyhow!("list too long"))?;
    T::load_list(cx, elem, bytes, len)
}

impl<T: ComponentType> ComponentType for [T] {
    fn typecheck(ty: &Type) -> Result<()> {
        typecheck_list::<Self, T>(ty)
    }
}

impl<T: Lower> Lower for [T] {
    fn lower(&self, cx: &mut LowerContext<'_>, ty: &Type, dst: &mut [ValRaw]) -> Result<()> {
        let pair = store_items(cx, element_type::<Self>(ty)?, self)?;
        lower_pair(ty, pair, dst)
    }

    fn store(&self, cx: &mut LowerContext<'_>, ty: &Type, offset: u32) -> Result<()> {
        let pair = store_items(cx, element_type::<Self>(ty)?, self)?;
        store_pair(cx, pair, offset)
    }
}

impl<T: ComponentType> ComponentType for Vec<T> {
    fn typecheck(ty: &Type) -> Result<()> {
        typecheck_list::<Self, T>(ty)
    }
}

impl<T: Lower> Lower for Vec<T> {
    fn lower(&self, cx: &mut LowerContext<'_>, ty: &Type, dst: &mut [ValRaw]) -> Result<()> {
        self.as_slice().lower(cx, ty, dst)
    }

    fn store(&self, cx: &mut LowerContext<'_>, ty: &Type, offset: u32) -> Result<()> {
        self.as_slice().store(cx, ty, offset)
    }
}

impl<T: Lift> Lift for Vec<T> {
    fn lift(cx: &LiftContext<'_>, ty: &Type, src: &[ValRaw]) -> Result<Self> {
        let elem = element_type::<Self>(ty)?;
        let (ptr, len) = lift_pair(ty, src)?;
        load_items(cx, elem, ptr, len)
    }

    fn load(cx: &LiftContext<'_>, ty: &Type, bytes: &[u8]) -> Result<Self> {
        let elem = element_type::<Self>(ty)?;
        let (ptr, len) = pointer_pair(bytes)?;
        load_items(cx, elem, ptr, len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::component::abi::memory::{Step, VecMemory};
    use crate::component::abi::AbiOptions;
    use crate::Trap;

    #[test]
    fn nested_lists_round_trip() -> Result<()> {
        let ty = Type::list(Type::list(Type::String)?)?;
        let value = vec![
            vec!["a".to_string(), "bc".to_string()],
            vec![],
            vec!["déf".to_string()],
        ];
        let opts = AbiOptions::default();
        let mut mem = VecMemory::new(8);
        let mut slots = [ValRaw::default(); 2];
        value.lower(&mut LowerContext::new(&mut mem, &opts), &ty, &mut slots)?;
        let back = <Vec<Vec<String>>>::lift(&LiftContext::new(&mem.data, &opts), &ty, &slots)?;
        assert_eq!(back, value);
        Ok(())
    }

    #[test]
    fn empty_list_still_allocates() -> Result<()> {
        let ty = Type::list(Type::U64)?;
        let opts = AbiOptions::default();
        let mut mem = VecMemory::new(8);
        let mut slots = [ValRaw::default(); 2];
        let empty: &[u64] = &[];
        empty.lower(&mut LowerContext::new(&mut mem, &opts), &ty, &mut slots)?;
        assert_eq!(mem.calls.len(), 1);
        assert_eq!(mem.calls[0].0, (0, 0, 8, 0));
        Ok(())
    }

    #[test]
    fn bad_realloc_result_traps() {
        let ty = Type::list(Type::U32).unwrap();
        let opts = AbiOptions::default();
        let mut mem = VecMemory::with_script(8, &[Step::Misalign]);
        let mut slots = [ValRaw::default(); 2];
        let err = vec![1u32, 2]
            .lower(&mut LowerContext::new(&mut mem, &opts), &ty, &mut slots)
            .unwrap_err();
        assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::UnalignedPointer));
        assert!(
            err.to_string().starts_with("realloc result: pointer"),
            "{err}"
        );
    }

    #[test]
    fn out_of_bounds_and_unaligned_lists_trap() {
        let ty = Type::list(Type::U32).unwrap();
        let opts = AbiOptions::default();
        let mem = [0u8; 32];
        let cx = LiftContext::new(&mem, &opts);
        let err = <Vec<u32>>::lift(&cx, &ty, &[ValRaw::i32(16), ValRaw::i32(5)]).unwrap_err();
        assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::PointerOutOfBounds));
        assert_eq!(
            err.to_string(),
            "list: 20 bytes at 0x10 exceed memory size 32"
        );
        let err = <Vec<u32>>::lift(&cx, &ty, &[ValRaw::i32(2), ValRaw::i32(1)]).unwrap_err();
        assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::UnalignedPointer));
        assert_eq!(err.to_string(), "list: pointer 0x2 is not aligned to 4");
    }

    #[test]
    fn typecheck_names_the_element() {
        let ty = Type::list(Type::S32).unwrap();
        let err = <Vec<u32>>::typecheck(&ty).unwrap_err();
        assert_eq!(
            err.to_string(),
            "list element: expected `s32`, found Rust type `u32`"
        );
        let err = <&[u8]>::typecheck(&Type::String).unwrap_err();
        assert_eq!(err.to_string(), "expected `string`, found Rust type `[u8]`");
    }
}
