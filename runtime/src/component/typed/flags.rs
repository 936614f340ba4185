//! Helpers for `flags` types with Rust types, for the `flags!` macro of a
//! later issue: the type check, and lowering and lifting the bits.
//!
//! A `flags` type has 1 to 32 flags (the spec's limit, enforced by
//! [`Type::flags`]), so its value is one `u32` bit word: flag `i` is bit
//! `i`. It is one flat `i32`, and 1, 2 or 4 bytes in memory (by the flag
//! count). Lifting ignores bits beyond the defined flags, as the spec's
//! `unpack_flags_from_int` does.

use super::context::{array, LowerContext};
use super::traits::{mismatch, rust_type_name, wrong_slots};
use crate::component::types::{Flags, Type};
use crate::ValRaw;
use anyhow::{anyhow, Result};

/// Checks that `ty` is a `flags` type with exactly the flags `names`, in
/// bit order. `T` is the Rust type, named in errors.
///
/// A `flags` type has 1 to 32 flags, so a value of it is one `u32` bit
/// word, flag `i` (in this order) being bit `i`: what [`lower_flags`],
/// [`store_flags`], [`lift_flags`] and [`load_flags`] take and give.
///
/// ```
/// use hoist_runtime::ValRaw;
/// use hoist_runtime::component::__internal::{lift_flags, lower_flags, typecheck_flags};
/// use hoist_runtime::component::Type;
/// let ty = Type::flags(["read", "write"])?;
/// typecheck_flags::<u32>(&ty, &["read", "write"])?;
/// let mut slot = [ValRaw::default()];
/// lower_flags(&ty, 0b10, &mut slot)?;
/// assert_eq!(lift_flags(&ty, &slot)?, 0b10);
/// assert_eq!(lift_flags(&ty, &[ValRaw::i32(-1)])?, 0b11);
/// # Ok::<(), anyhow::Error>(())
/// ```
pub fn typecheck_flags<T: ?Sized>(ty: &Type, names: &[&str]) -> Result<()> {
    let Type::Flags(flags) = ty else {
        return Err(mismatch::<T>(ty));
    };
    if flags.len() != names.len() || flags.names().zip(names).any(|(a, b)| a != *b) {
        return Err(anyhow!(
            "expected `{ty}`, found Rust type `{}` with flags {}",
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

fn flags_of(ty: &Type) -> Result<&Flags> {
    match ty {
        Type::Flags(f) => Ok(f),
        _ => Err(anyhow!("`{ty}` is not a flags type")),
    }
}

/// The bits of the defined flags of `flags`.
fn defined_bits(flags: &Flags) -> u32 {
    match flags.len() {
        n @ 0..32 => (1u32 << n) - 1,
        _ => u32::MAX,
    }
}

/// Lowers the bit word `bits` of the flags type `ty` into its one flat slot.
pub fn lower_flags(ty: &Type, bits: u32, dst: &mut [ValRaw]) -> Result<()> {
    let flags = flags_of(ty)?;
    let n = dst.len();
    match dst {
        [slot] => {
            *slot = ValRaw::i32((bits & defined_bits(flags)) as i32);
            Ok(())
        }
        _ => Err(wrong_slots(ty, n)),
    }
}

/// Stores the bit word `bits` of the flags type `ty` at `offset`, in as
/// many bytes as the type takes (1, 2 or 4).
pub fn store_flags(cx: &mut LowerContext<'_>, ty: &Type, bits: u32, offset: u32) -> Result<()> {
    let flags = flags_of(ty)?;
    let bits = bits & defined_bits(flags);
    match flags.size() {
        1 => cx.write(offset, [bits as u8]),
        2 => cx.write(offset, (bits as u16).to_le_bytes()),
        _ => cx.write(offset, bits.to_le_bytes()),
    }
}

/// Lifts the bit word of the flags type `ty` from its one flat value,
/// without the bits beyond its flags.
pub fn lift_flags(ty: &Type, src: &[ValRaw]) -> Result<u32> {
    let flags = flags_of(ty)?;
    match src {
        [v] => Ok(v.get_i32() as u32 & defined_bits(flags)),
        _ => Err(wrong_slots(ty, src.len())),
    }
}

/// Loads the bit word of the flags type `ty` from its bytes (exactly
/// `ty.size()` of them), without the bits beyond its flags.
pub fn load_flags(ty: &Type, bytes: &[u8]) -> Result<u32> {
    let flags = flags_of(ty)?;
    let bits = match flags.size() {
        1 => u32::from(array::<1>(bytes)?[0]),
        2 => u32::from(u16::from_le_bytes(array(bytes)?)),
        _ => u32::from_le_bytes(array(bytes)?),
    };
    Ok(bits & defined_bits(flags))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::component::abi::memory::VecMemory;
    use crate::component::abi::AbiOptions;

    #[test]
    fn sizes_follow_the_flag_count() -> Result<()> {
        let opts = AbiOptions::default();
        for (count, size) in [(3usize, 1usize), (12, 2), (32, 4)] {
            let ty = Type::flags((0..count).map(|i| format!("f{i}")))?;
            let mut mem = VecMemory::new(16);
            mem.data.fill(0xaa);
            store_flags(&mut LowerContext::new(&mut mem, &opts), &ty, u32::MAX, 4)?;
            assert_eq!(mem.data[4 + size], 0xaa, "{count} flags take {size} bytes");
            let bits = load_flags(&ty, &mem.data[4..4 + size])?;
            assert_eq!(bits.count_ones() as usize, count);
        }
        Ok(())
    }

    #[test]
    fn typecheck_compares_names_in_order() {
        let ty = Type::flags(["a", "b"]).unwrap();
        assert!(typecheck_flags::<u8>(&ty, &["a", "b"]).is_ok());
        let err = typecheck_flags::<u8>(&ty, &["b", "a"]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected `flags { a, b }`, found Rust type `u8` with flags `b`, `a`"
        );
        assert!(typecheck_flags::<u8>(&Type::U8, &["a"]).is_err());
    }
}
