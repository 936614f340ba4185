//! [`WasmStr`]: a string lifted without copying, read from guest memory when
//! asked (and then validated in its encoding).
//!
//! Lifting checks only where the string is (alignment, bounds, length);
//! [`WasmStr::to_str`] checks its contents. Owned strings (`String`) are in
//! `strings.rs`.

use super::context::{pointer_pair, LiftContext};
use super::strings::{lift_pair, typecheck_string};
use super::traits::{wrong_type, ComponentType, Lift};
use crate::component::abi::strings::{decode_string, string_bytes};
use crate::component::abi::AbiOptions;
use crate::component::store::memory_bytes;
use crate::component::types::Type;
use crate::store::AsContext;
use crate::{Memory, ValRaw};
use anyhow::{anyhow, Result};
use std::borrow::Cow;

/// A `string` still in guest memory: where it is and how it is encoded.
///
/// It is read from the memory of the store it was lifted in, when asked,
/// and is meant to be read while the guest keeps it there: for the
/// parameters of a typed host function, during the call. As a result of a
/// [`TypedFunc`](super::TypedFunc) it is allowed, as in Wasmtime, but the
/// call has already run the guest's `post-return` by the time it is read
/// (see [`TypedFunc::call`](super::TypedFunc::call)), which may have freed
/// or overwritten the bytes: reading is always sound (the range and the
/// encoding are checked on every read, against the memory as it is then),
/// but gives what the guest left there. A guest that keeps its results (no
/// `post-return`, or one that frees nothing) can be read from without a
/// copy; otherwise lift a `String`.
///
/// ```
/// # fn main() -> anyhow::Result<()> {
/// use hoist_runtime::{Engine, Store};
/// use hoist_runtime::component::{Component, Linker, WasmStr};
/// let engine = Engine::default();
/// let component = Component::new(&engine, r#"(component
///     (core module $m
///         (memory (export "mem") 1)
///         (data (i32.const 16) "\18\00\00\00\05\00\00\00hello")
///         (func (export "greet") (result i32) i32.const 16))
///     (core instance $i (instantiate $m))
///     (func (export "greet") (result string)
///         (canon lift (core func $i "greet") (memory (core memory $i "mem")))))"#)?;
/// let mut store = Store::new(&engine, ());
/// let instance = Linker::new(&engine).instantiate(&mut store, &component)?;
/// let greet = instance.get_typed_func::<(), (WasmStr,)>(&mut store, "greet")?;
/// let (text,) = greet.call(&mut store, ())?;
/// assert_eq!(text.to_str(&store)?, "hello");
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct WasmStr {
    ptr: u32,
    /// The length in code units, tagged for the UTF-16 form of `latin1+utf16`.
    len: u32,
    opts: AbiOptions,
    memory: Option<Memory>,
}

impl WasmStr {
    /// Checks where the string is (a trap if misaligned, out of bounds or
    /// too long) and remembers it.
    fn new(cx: &LiftContext<'_>, ptr: u32, len: u32) -> Result<WasmStr> {
        string_bytes(cx.memory(), cx.string_encoding(), ptr, len)?;
        Ok(WasmStr {
            ptr,
            len,
            opts: *cx.options(),
            memory: cx.handle(),
        })
    }

    /// The string, read from the memory of `store` and validated in its
    /// encoding (a trap error if invalid). UTF-8, and Latin-1 that is all
    /// ASCII, is borrowed from guest memory; other encodings are decoded
    /// into an owned string.
    ///
    /// # Panics
    ///
    /// If `store` is not the store the string was lifted in.
    pub fn to_str<'a, S: AsContext + ?Sized>(&self, store: &'a S) -> Result<Cow<'a, str>> {
        let inner = store.as_context().inner;
        let memory = self.memory.ok_or_else(|| {
            anyhow!("this string was lifted without a store memory; use `to_str_from_memory`")
        })?;
        inner.opaque.check(memory.store, "memory");
        self.to_str_from_memory(memory_bytes(&inner.opaque, Some(memory)))
    }

    /// The string, read from `memory` (the bytes of the memory it was lifted
    /// from, for strings lifted through a [`LiftContext`] made by hand).
    pub fn to_str_from_memory<'a>(&self, memory: &'a [u8]) -> Result<Cow<'a, str>> {
        let (bytes, source) = string_bytes(memory, self.opts.string_encoding, self.ptr, self.len)?;
        decode_string(bytes, source)
    }

    /// The guest address of the string's contents.
    pub fn ptr(&self) -> u32 {
        self.ptr
    }

    /// The length as the guest passed it: in code units of its encoding,
    /// with the top bit set for the UTF-16 form of `latin1+utf16`.
    pub fn tagged_len(&self) -> u32 {
        self.len
    }
}

impl ComponentType for WasmStr {
    fn typecheck(ty: &Type) -> Result<()> {
        typecheck_string::<Self>(ty)
    }
}

impl Lift for WasmStr {
    fn lift(cx: &LiftContext<'_>, ty: &Type, src: &[ValRaw]) -> Result<Self> {
        if !matches!(ty, Type::String) {
            return Err(wrong_type::<Self>(ty));
        }
        let (ptr, len) = lift_pair(ty, src)?;
        WasmStr::new(cx, ptr, len)
    }

    fn load(cx: &LiftContext<'_>, ty: &Type, bytes: &[u8]) -> Result<Self> {
        if !matches!(ty, Type::String) {
            return Err(wrong_type::<Self>(ty));
        }
        let (ptr, len) = pointer_pair(bytes)?;
        WasmStr::new(cx, ptr, len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::component::abi::StringEncoding;
    use crate::Trap;

    #[test]
    fn contents_are_checked_when_read() -> Result<()> {
        let opts = AbiOptions::default();
        let mut mem = *b"okay\xff\xfe\0\0";
        let cx = LiftContext::new(&mem, &opts);
        let s = WasmStr::lift(&cx, &Type::String, &[ValRaw::i32(0), ValRaw::i32(6)])?;
        let err = s.to_str_from_memory(&mem).unwrap_err();
        assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::InvalidUtf8));
        mem[4] = b'!';
        mem[5] = b'!';
        assert!(matches!(
            s.to_str_from_memory(&mem)?,
            Cow::Borrowed("okay!!")
        ));
        Ok(())
    }

    #[test]
    fn range_is_checked_when_lifted() {
        let opts = AbiOptions::new(StringEncoding::Utf16);
        let mem = [0u8; 8];
        let cx = LiftContext::new(&mem, &opts);
        let err = WasmStr::lift(&cx, &Type::String, &[ValRaw::i32(1), ValRaw::i32(1)]).unwrap_err();
        assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::UnalignedPointer));
        assert_eq!(err.to_string(), "string: pointer 0x1 is not aligned to 2");
        let err = WasmStr::lift(&cx, &Type::String, &[ValRaw::i32(4), ValRaw::i32(3)]).unwrap_err();
        assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::PointerOutOfBounds));
        assert_eq!(
            err.to_string(),
            "string: 6 bytes at 0x4 exceed memory size 8"
        );
    }

    #[test]
    fn latin1_ascii_is_borrowed() -> Result<()> {
        let opts = AbiOptions::new(StringEncoding::CompactUtf16);
        let mem = *b"ab\xe9\0";
        let cx = LiftContext::new(&mem, &opts);
        let ascii = WasmStr::lift(&cx, &Type::String, &[ValRaw::i32(0), ValRaw::i32(2)])?;
        assert!(matches!(
            ascii.to_str_from_memory(&mem)?,
            Cow::Borrowed("ab")
        ));
        let latin1 = WasmStr::lift(&cx, &Type::String, &[ValRaw::i32(0), ValRaw::i32(3)])?;
        assert_eq!(latin1.to_str_from_memory(&mem)?, "abé");
        Ok(())
    }
}
