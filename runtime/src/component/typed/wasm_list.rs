//! [`WasmList`]: a list lifted without copying, its elements read from guest
//! memory one at a time when asked, or, for integer elements, borrowed all at
//! once ([`WasmList::as_le_slice`], the one `unsafe` of the typed API).
//!
//! Lifting checks the list's block once (alignment, bounds, length); each
//! element is then lifted from its slice of that block. Owned lists
//! (`Vec<T>`) are in `lists.rs`.

use super::context::{pointer_pair, LiftContext};
use super::lists::{element_type, typecheck_list};
use super::strings::lift_pair;
use super::traits::{ComponentType, Lift};
use crate::component::abi::{trap, AbiOptions};
use crate::component::store::memory_bytes;
use crate::component::types::Type;
use crate::store::{AsContext, AsContextMut, StoreOpaque};
use crate::{Memory, Trap, ValRaw};
use anyhow::{anyhow, Result};
use std::fmt;
use std::marker::PhantomData;

/// A `list<T>` still in guest memory: where it is, how long, and its element
/// type.
///
/// Like [`WasmStr`](super::WasmStr), it is read from the memory of the store
/// it was lifted in, when asked, and is meant to be read while the guest
/// keeps it there (during the call for a host function's parameters). As a
/// result of a [`TypedFunc`](super::TypedFunc) it is read after the guest's
/// `post-return` has run, which may have freed or overwritten the block:
/// reads stay sound (bounds and element values are checked on every read)
/// but give what the guest left there; lift a `Vec<T>` for an owned copy.
///
/// ```
/// # fn main() -> anyhow::Result<()> {
/// use hoist_runtime::{Engine, Store};
/// use hoist_runtime::component::{Component, Linker, WasmList};
/// let engine = Engine::default();
/// let component = Component::new(&engine, r#"(component
///     (core module $m
///         (memory (export "mem") 1)
///         (data (i32.const 16) "\20\00\00\00\03\00\00\00")
///         (data (i32.const 32) "\01\00\02\00\03\00")
///         (func (export "list") (result i32) i32.const 16))
///     (core instance $i (instantiate $m))
///     (func (export "list") (result (list u16))
///         (canon lift (core func $i "list") (memory (core memory $i "mem")))))"#)?;
/// let mut store = Store::new(&engine, ());
/// let instance = Linker::new(&engine).instantiate(&mut store, &component)?;
/// let list = instance.get_typed_func::<(), (WasmList<u16>,)>(&mut store, "list")?;
/// let (items,) = list.call(&mut store, ())?;
/// assert_eq!(items.len(), 3);
/// assert_eq!(items.get(&mut store, 1).transpose()?, Some(2));
/// assert_eq!(items.iter(&mut store).collect::<anyhow::Result<Vec<_>>>()?, [1, 2, 3]);
/// assert_eq!(items.as_le_slice(&store), &[1, 2, 3]);
/// # Ok(()) }
/// ```
pub struct WasmList<T> {
    ptr: u32,
    len: usize,
    elem: Type,
    opts: AbiOptions,
    memory: Option<Memory>,
    _marker: PhantomData<fn() -> T>,
}

impl<T> Clone for WasmList<T> {
    fn clone(&self) -> Self {
        WasmList {
            ptr: self.ptr,
            len: self.len,
            elem: self.elem.clone(),
            opts: self.opts,
            memory: self.memory,
            _marker: PhantomData,
        }
    }
}

impl<T> fmt::Debug for WasmList<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WasmList")
            .field("ptr", &self.ptr)
            .field("len", &self.len)
            .field("elem", &self.elem)
            .finish()
    }
}

impl<T> WasmList<T> {
    /// The number of elements.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the list has no elements.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The guest address of the list's block.
    pub fn ptr(&self) -> u32 {
        self.ptr
    }

    /// The bytes of the list's block in `store` (checked when the list was
    /// lifted; memory only grows, so it is still there).
    fn block<'a>(&self, s: &'a StoreOpaque) -> Result<&'a [u8]> {
        let memory = self.memory.ok_or_else(|| {
            anyhow!("this list was lifted without a store memory; use `get_from_memory`")
        })?;
        s.check(memory.store, "memory");
        self.block_in(memory_bytes(s, Some(memory)))
    }

    /// The bytes of the list's block in `memory`.
    fn block_in<'a>(&self, memory: &'a [u8]) -> Result<&'a [u8]> {
        let len = u32::try_from(self.len).map_err(|_| anyhow!("list too long"))?;
        crate::component::abi::lift::list_bytes(memory, &self.elem, self.ptr, len)
    }
}

impl<T: Lift> WasmList<T> {
    /// Lifts element `index` from the memory of `store`; `None` past the
    /// end. A bad element (an invalid `char`, a bad discriminant, an
    /// out-of-bounds string) is a trap error.
    ///
    /// # Panics
    ///
    /// If `store` is not the store the list was lifted in.
    pub fn get(&self, store: impl AsContextMut, index: usize) -> Option<Result<T>> {
        let ctx = store.as_context();
        let s = &ctx.inner.opaque;
        if index >= self.len {
            return None;
        }
        Some(
            self.block(s)
                .and_then(|block| self.element(block, memory_bytes(s, self.memory), index)),
        )
    }

    /// Lifts element `index` from `memory` (the bytes of the memory the
    /// list was lifted from, for lists lifted through a [`LiftContext`] made
    /// by hand); `None` past the end.
    pub fn get_from_memory(&self, memory: &[u8], index: usize) -> Option<Result<T>> {
        if index >= self.len {
            return None;
        }
        Some(
            self.block_in(memory)
                .and_then(|block| self.element(block, memory, index)),
        )
    }

    /// Each element in turn, lifted from the memory of `store` as
    /// [`get`](WasmList::get) does.
    pub fn iter<'a, S: AsContextMut + ?Sized>(
        &'a self,
        store: &'a mut S,
    ) -> impl ExactSizeIterator<Item = Result<T>> + 'a {
        (0..self.len).map(move |i| {
            self.get(&mut *store, i)
                .unwrap_or_else(|| Err(anyhow!("list index {i} out of range")))
        })
    }

    /// Lifts element `index` from the list's `block` in `memory`.
    fn element(&self, block: &[u8], memory: &[u8], index: usize) -> Result<T> {
        let size = self.elem.size() as usize;
        let start = index.saturating_mul(size);
        let bytes = block
            .get(start..start.saturating_add(size))
            .ok_or_else(|| {
                trap(
                    Trap::PointerOutOfBounds,
                    format!("list element {index} lies outside the list"),
                )
            })?;
        let cx = LiftContext::with_handle(memory, &self.opts, self.memory);
        T::load(&cx, &self.elem, bytes)
    }
}

/// Integer types whose every bit pattern is a value: what
/// [`WasmList::as_le_slice`] may view guest memory as.
trait Pod: Copy {}

macro_rules! le_slices {
    ($($ty:ty)*) => {$(
        impl Pod for $ty {}

        impl WasmList<$ty> {
            /// The whole list, borrowed from the memory of `store` without
            /// copying: the elements as they are stored, little-endian (so
            /// only on little-endian hosts). Only integer elements can be
            /// viewed so: floats would skip NaN canonicalization, and not
            /// every bit pattern is a `bool` or `char`.
            ///
            /// The block was checked when the list was lifted, and memories
            /// only grow, so it is always there; were it not, the slice
            /// would be empty.
            ///
            /// # Panics
            ///
            /// If `store` is not the store the list was lifted in.
            #[cfg(target_endian = "little")]
            pub fn as_le_slice<'a, S: AsContext + ?Sized>(&self, store: &'a S) -> &'a [$ty] {
                let inner = store.as_context().inner;
                match self.block(&inner.opaque) {
                    Ok(block) => cast_slice(block),
                    Err(_) => &[],
                }
            }
        }
    )*};
}

le_slices!(u8 i8 u16 i16 u32 i32 u64 i64);

/// `bytes` viewed as `T`s (empty unless `bytes` is aligned for `T` and a
/// whole number of them, which a checked list block always is).
fn cast_slice<T: Pod>(bytes: &[u8]) -> &[T] {
    // SAFETY: `T` is one of the primitive integer types (the private `Pod`
    // is implemented for nothing else): it has no padding and every bit
    // pattern is a valid value, so any aligned, in-bounds bytes are `T`s.
    // `align_to` returns only the aligned middle part, within `bytes`, and
    // keeps its borrow.
    let (head, body, tail) = unsafe { bytes.align_to::<T>() };
    if head.is_empty() && tail.is_empty() {
        body
    } else {
        &[]
    }
}

impl<T: Lift> ComponentType for WasmList<T> {
    fn typecheck(ty: &Type) -> Result<()> {
        typecheck_list::<Self, T>(ty)
    }
}

impl<T: Lift> WasmList<T> {
    /// Checks the list's block (a trap if misaligned, out of bounds or too
    /// long) and remembers where it is.
    fn new(cx: &LiftContext<'_>, ty: &Type, ptr: u32, len: u32) -> Result<WasmList<T>> {
        let elem = element_type::<Self>(ty)?;
        cx.list_bytes(elem, ptr, len)?;
        Ok(WasmList {
            ptr,
            len: usize::try_from(len).map_err(|_| anyhow!("list too long"))?,
            elem: elem.clone(),
            opts: *cx.options(),
            memory: cx.handle(),
            _marker: PhantomData,
        })
    }
}

impl<T: Lift> Lift for WasmList<T> {
    fn lift(cx: &LiftContext<'_>, ty: &Type, src: &[ValRaw]) -> Result<Self> {
        let (ptr, len) = lift_pair(ty, src)?;
        WasmList::new(cx, ty, ptr, len)
    }

    fn load(cx: &LiftContext<'_>, ty: &Type, bytes: &[u8]) -> Result<Self> {
        let (ptr, len) = pointer_pair(bytes)?;
        WasmList::new(cx, ty, ptr, len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Trap;

    #[test]
    fn elements_are_lifted_one_at_a_time() -> Result<()> {
        let opts = AbiOptions::default();
        let mut mem = vec![0u8; 16];
        mem[4..8].copy_from_slice(&u32::from('x').to_le_bytes());
        mem[8..12].copy_from_slice(&0xd800u32.to_le_bytes());
        let ty = Type::list(Type::Char)?;
        let cx = LiftContext::new(&mem, &opts);
        let list = <WasmList<char>>::lift(&cx, &ty, &[ValRaw::i32(4), ValRaw::i32(2)])?;
        assert_eq!(list.len(), 2);
        assert_eq!(list.get_from_memory(&mem, 0).transpose()?, Some('x'));
        let err = list.get_from_memory(&mem, 1).transpose().unwrap_err();
        assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::InvalidChar));
        assert!(list.get_from_memory(&mem, 2).is_none());
        Ok(())
    }

    #[test]
    fn block_is_checked_when_lifted() {
        let opts = AbiOptions::default();
        let mem = [0u8; 16];
        let ty = Type::list(Type::U64).unwrap();
        let cx = LiftContext::new(&mem, &opts);
        let err = <WasmList<u64>>::lift(&cx, &ty, &[ValRaw::i32(8), ValRaw::i32(2)]).unwrap_err();
        assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::PointerOutOfBounds));
        assert_eq!(
            err.to_string(),
            "list: 16 bytes at 0x8 exceed memory size 16"
        );
    }

    #[test]
    fn casting_needs_alignment() {
        let words = [1u32, 2, 3];
        let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
        let aligned: &[u32] = cast_slice(&bytes);
        if aligned.is_empty() {
            // A `Vec<u8>` need not be 4-aligned; check the rule, not the allocator.
            assert_ne!(bytes.as_ptr() as usize % 4, 0);
        } else {
            assert_eq!(aligned, words);
        }
        let odd: &[u32] = cast_slice(&bytes[..5]);
        assert!(odd.is_empty());
    }
}
