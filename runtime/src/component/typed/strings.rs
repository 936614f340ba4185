//! Strings with Rust types: `String` (lift and lower) and `str` (lower only,
//! so `&str` and `Box<str>` lower through the pointer impls).
//!
//! A string is lowered by one allocation in the guest and one copy (or
//! transcoding pass) into it, and lifted by one bounds check and one
//! validation of its bytes; the encoding work itself is `abi/strings.rs`.
//! [`WasmStr`](super::WasmStr), the lazily read string, is in `wasm_str.rs`.

use super::context::{pointer_pair, LiftContext, LowerContext};
use super::traits::{mismatch, wrong_slots, wrong_type, ComponentType, Lift, Lower};
use crate::component::abi::memory::offset_ptr;
use crate::component::types::Type;
use crate::ValRaw;
use anyhow::Result;

/// Checks that `ty` is `string`, for the string-like Rust type `T`.
pub(crate) fn typecheck_string<T: ?Sized>(ty: &Type) -> Result<()> {
    match ty {
        Type::String => Ok(()),
        _ => Err(mismatch::<T>(ty)),
    }
}

/// Writes a `(pointer, length)` pair to two flat slots.
pub(crate) fn lower_pair(ty: &Type, (ptr, len): (u32, u32), dst: &mut [ValRaw]) -> Result<()> {
    let n = dst.len();
    match dst {
        [p, l] => {
            *p = ValRaw::i32(ptr as i32);
            *l = ValRaw::i32(len as i32);
            Ok(())
        }
        _ => Err(wrong_slots(ty, n)),
    }
}

/// Stores a `(pointer, length)` pair at `offset`.
pub(crate) fn store_pair(
    cx: &mut LowerContext<'_>,
    (ptr, len): (u32, u32),
    offset: u32,
) -> Result<()> {
    cx.write(offset, ptr.to_le_bytes())?;
    cx.write(offset_ptr(offset, 4)?, len.to_le_bytes())
}

/// Reads a `(pointer, length)` pair from two flat slots.
pub(crate) fn lift_pair(ty: &Type, src: &[ValRaw]) -> Result<(u32, u32)> {
    match src {
        [p, l] => Ok((p.get_i32() as u32, l.get_i32() as u32)),
        _ => Err(wrong_slots(ty, src.len())),
    }
}

impl ComponentType for str {
    fn typecheck(ty: &Type) -> Result<()> {
        typecheck_string::<Self>(ty)
    }
}

impl Lower for str {
    fn lower(&self, cx: &mut LowerContext<'_>, ty: &Type, dst: &mut [ValRaw]) -> Result<()> {
        if !matches!(ty, Type::String) {
            return Err(wrong_type::<Self>(ty));
        }
        let pair = cx.store_string(self)?;
        lower_pair(ty, pair, dst)
    }

    fn store(&self, cx: &mut LowerContext<'_>, ty: &Type, offset: u32) -> Result<()> {
        if !matches!(ty, Type::String) {
            return Err(wrong_type::<Self>(ty));
        }
        let pair = cx.store_string(self)?;
        store_pair(cx, pair, offset)
    }
}

impl ComponentType for String {
    fn typecheck(ty: &Type) -> Result<()> {
        typecheck_string::<Self>(ty)
    }
}

impl Lower for String {
    fn lower(&self, cx: &mut LowerContext<'_>, ty: &Type, dst: &mut [ValRaw]) -> Result<()> {
        self.as_str().lower(cx, ty, dst)
    }

    fn store(&self, cx: &mut LowerContext<'_>, ty: &Type, offset: u32) -> Result<()> {
        self.as_str().store(cx, ty, offset)
    }
}

impl Lift for String {
    fn lift(cx: &LiftContext<'_>, ty: &Type, src: &[ValRaw]) -> Result<Self> {
        if !matches!(ty, Type::String) {
            return Err(wrong_type::<Self>(ty));
        }
        let (ptr, len) = lift_pair(ty, src)?;
        cx.string_owned(ptr, len)
    }

    fn load(cx: &LiftContext<'_>, ty: &Type, bytes: &[u8]) -> Result<Self> {
        if !matches!(ty, Type::String) {
            return Err(wrong_type::<Self>(ty));
        }
        let (ptr, len) = pointer_pair(bytes)?;
        cx.string_owned(ptr, len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::component::abi::memory::VecMemory;
    use crate::component::abi::{AbiOptions, StringEncoding};
    use crate::Trap;

    #[test]
    fn strings_round_trip_in_every_encoding() -> Result<()> {
        for enc in [
            StringEncoding::Utf8,
            StringEncoding::Utf16,
            StringEncoding::CompactUtf16,
        ] {
            let opts = AbiOptions::new(enc);
            for text in ["", "plain", "café", "∂x/∂t 🦀"] {
                let mut mem = VecMemory::new(16);
                let mut slots = [ValRaw::default(); 2];
                text.lower(
                    &mut LowerContext::new(&mut mem, &opts),
                    &Type::String,
                    &mut slots,
                )?;
                let back =
                    String::lift(&LiftContext::new(&mem.data, &opts), &Type::String, &slots)?;
                assert_eq!(back, text, "{enc}");
                text.to_string().store(
                    &mut LowerContext::new(&mut mem, &opts),
                    &Type::String,
                    8,
                )?;
                let back = String::load(
                    &LiftContext::new(&mem.data, &opts),
                    &Type::String,
                    &mem.data[8..16],
                )?;
                assert_eq!(back, text, "{enc}");
            }
        }
        Ok(())
    }

    #[test]
    fn invalid_utf8_traps() {
        let opts = AbiOptions::default();
        let mem = [0xffu8, 0xfe, 0, 0];
        let err = String::lift(
            &LiftContext::new(&mem, &opts),
            &Type::String,
            &[ValRaw::i32(0), ValRaw::i32(2)],
        )
        .unwrap_err();
        assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::InvalidUtf8));
        assert_eq!(
            err.to_string(),
            "string: invalid utf-8 sequence of 1 bytes from index 0"
        );
    }

    #[test]
    fn typecheck_accepts_only_string() {
        assert!(String::typecheck(&Type::String).is_ok());
        assert!(<&str>::typecheck(&Type::String).is_ok());
        let err = String::typecheck(&Type::Char).unwrap_err();
        assert_eq!(err.to_string(), "expected `char`, found Rust type `String`");
    }
}
