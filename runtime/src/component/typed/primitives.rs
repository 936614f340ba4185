//! [`ComponentType`], [`Lower`] and [`Lift`] for the scalar types: `bool`,
//! `i8`..`i64` / `u8`..`u64` (`s8`..`s64` / `u8`..`u64`), `f32`, `f64` and
//! `char`.
//!
//! Each one is one flat slot, written or read directly; lists of them are
//! converted in bulk over one bounds-checked slice of the block. Floats have
//! NaNs canonicalized both ways (the spec's deterministic profile), a `char`
//! that is not a Unicode scalar value traps, and a `bool` is true for any
//! non-zero value. Strings, lists and compound types are elsewhere.

use super::context::{array, LiftContext, LowerContext};
use super::traits::{mismatch, wrong_slots, ComponentType, Lift, Lower};
use crate::component::abi::lift::{canonicalize_nan32, canonicalize_nan64, char_from_bits};
use crate::component::abi::lower::{f32_bits, f64_bits};
use crate::component::types::Type;
use crate::ValRaw;
use anyhow::{anyhow, Result};

/// The one slot of a scalar's flat values.
fn one_slot<'s>(ty: &Type, dst: &'s mut [ValRaw]) -> Result<&'s mut ValRaw> {
    let n = dst.len();
    match dst {
        [slot] => Ok(slot),
        _ => Err(wrong_slots(ty, n)),
    }
}

/// The one value of a scalar's flat values.
fn one_value(ty: &Type, src: &[ValRaw]) -> Result<ValRaw> {
    match src {
        [v] => Ok(*v),
        _ => Err(wrong_slots(ty, src.len())),
    }
}

/// Checks that a list block has exactly `len` chunks of `N` bytes.
fn whole_chunks<const N: usize>(bytes: &[u8], len: usize) -> Result<&[[u8; N]]> {
    let (chunks, rest) = bytes.as_chunks::<N>();
    if chunks.len() == len && rest.is_empty() {
        Ok(chunks)
    } else {
        Err(anyhow!(
            "list block of {} bytes does not hold {len} elements of {N} bytes",
            bytes.len()
        ))
    }
}

/// The writable block of `count` elements of `N` bytes at `offset`.
fn block_mut<'c, const N: usize>(
    cx: &'c mut LowerContext<'_>,
    offset: u32,
    count: usize,
) -> Result<&'c mut [[u8; N]]> {
    let len = count
        .checked_mul(N)
        .ok_or_else(|| anyhow!("list of {count} elements is too long"))?;
    Ok(cx.bytes_mut(offset, len)?.as_chunks_mut::<N>().0)
}

/// Scalars stored as their little-endian bytes: integers and floats.
macro_rules! scalars {
    ($($rust:ty => $case:ident, $size:literal,
        lower: |$lv:ident| $to_raw:expr, lift: |$rv:ident| $from_raw:expr,
        to_bytes: |$bv:ident| $to_bytes:expr, from_bytes: |$fb:ident| $from_bytes:expr;)*) => {$(
        impl ComponentType for $rust {
            fn typecheck(ty: &Type) -> Result<()> {
                match ty {
                    Type::$case => Ok(()),
                    _ => Err(mismatch::<Self>(ty)),
                }
            }
        }

        impl Lower for $rust {
            fn lower(&self, _: &mut LowerContext<'_>, ty: &Type, dst: &mut [ValRaw]) -> Result<()> {
                let $lv = *self;
                *one_slot(ty, dst)? = $to_raw;
                Ok(())
            }

            #[inline]
            fn store(&self, cx: &mut LowerContext<'_>, _: &Type, offset: u32) -> Result<()> {
                let $bv = *self;
                cx.write::<$size>(offset, $to_bytes)
            }

            fn store_list(
                cx: &mut LowerContext<'_>,
                _: &Type,
                items: &[Self],
                offset: u32,
            ) -> Result<()> {
                let block = block_mut::<$size>(cx, offset, items.len())?;
                for (slot, &$bv) in block.iter_mut().zip(items) {
                    *slot = $to_bytes;
                }
                Ok(())
            }
        }

        impl Lift for $rust {
            fn lift(_: &LiftContext<'_>, ty: &Type, src: &[ValRaw]) -> Result<Self> {
                let $rv = one_value(ty, src)?;
                Ok($from_raw)
            }

            fn load(_: &LiftContext<'_>, _: &Type, bytes: &[u8]) -> Result<Self> {
                let $fb: [u8; $size] = array(bytes)?;
                Ok($from_bytes)
            }

            fn load_list(
                _: &LiftContext<'_>,
                _: &Type,
                bytes: &[u8],
                len: usize,
            ) -> Result<Vec<Self>> {
                Ok(whole_chunks::<$size>(bytes, len)?
                    .iter()
                    .map(|&$fb| $from_bytes)
                    .collect())
            }
        }
    )*};
}

scalars! {
    u8 => U8, 1,
        lower: |v| ValRaw::i32(i32::from(v)), lift: |r| r.get_i32() as u8,
        to_bytes: |v| v.to_le_bytes(), from_bytes: |b| u8::from_le_bytes(b);
    i8 => S8, 1,
        lower: |v| ValRaw::i32(i32::from(v)), lift: |r| r.get_i32() as u8 as i8,
        to_bytes: |v| v.to_le_bytes(), from_bytes: |b| i8::from_le_bytes(b);
    u16 => U16, 2,
        lower: |v| ValRaw::i32(i32::from(v)), lift: |r| r.get_i32() as u16,
        to_bytes: |v| v.to_le_bytes(), from_bytes: |b| u16::from_le_bytes(b);
    i16 => S16, 2,
        lower: |v| ValRaw::i32(i32::from(v)), lift: |r| r.get_i32() as u16 as i16,
        to_bytes: |v| v.to_le_bytes(), from_bytes: |b| i16::from_le_bytes(b);
    u32 => U32, 4,
        lower: |v| ValRaw::i32(v as i32), lift: |r| r.get_i32() as u32,
        to_bytes: |v| v.to_le_bytes(), from_bytes: |b| u32::from_le_bytes(b);
    i32 => S32, 4,
        lower: |v| ValRaw::i32(v), lift: |r| r.get_i32(),
        to_bytes: |v| v.to_le_bytes(), from_bytes: |b| i32::from_le_bytes(b);
    u64 => U64, 8,
        lower: |v| ValRaw::i64(v as i64), lift: |r| r.get_u64(),
        to_bytes: |v| v.to_le_bytes(), from_bytes: |b| u64::from_le_bytes(b);
    i64 => S64, 8,
        lower: |v| ValRaw::i64(v), lift: |r| r.get_i64(),
        to_bytes: |v| v.to_le_bytes(), from_bytes: |b| i64::from_le_bytes(b);
    f32 => Float32, 4,
        lower: |v| ValRaw::f32(f32_bits(v)), lift: |r| canonicalize_nan32(r.get_f32()),
        to_bytes: |v| f32_bits(v).to_le_bytes(),
        from_bytes: |b| canonicalize_nan32(u32::from_le_bytes(b));
    f64 => Float64, 8,
        lower: |v| ValRaw::f64(f64_bits(v)), lift: |r| canonicalize_nan64(r.get_f64()),
        to_bytes: |v| f64_bits(v).to_le_bytes(),
        from_bytes: |b| canonicalize_nan64(u64::from_le_bytes(b));
}

impl ComponentType for bool {
    fn typecheck(ty: &Type) -> Result<()> {
        match ty {
            Type::Bool => Ok(()),
            _ => Err(mismatch::<Self>(ty)),
        }
    }
}

impl Lower for bool {
    fn lower(&self, _: &mut LowerContext<'_>, ty: &Type, dst: &mut [ValRaw]) -> Result<()> {
        *one_slot(ty, dst)? = ValRaw::i32(i32::from(*self));
        Ok(())
    }

    fn store(&self, cx: &mut LowerContext<'_>, _: &Type, offset: u32) -> Result<()> {
        cx.write(offset, [u8::from(*self)])
    }

    fn store_list(cx: &mut LowerContext<'_>, _: &Type, items: &[Self], offset: u32) -> Result<()> {
        let block = block_mut::<1>(cx, offset, items.len())?;
        for (slot, b) in block.iter_mut().zip(items) {
            *slot = [u8::from(*b)];
        }
        Ok(())
    }
}

impl Lift for bool {
    fn lift(_: &LiftContext<'_>, ty: &Type, src: &[ValRaw]) -> Result<Self> {
        Ok(one_value(ty, src)?.get_i32() != 0)
    }

    fn load(_: &LiftContext<'_>, _: &Type, bytes: &[u8]) -> Result<Self> {
        Ok(array::<1>(bytes)?[0] != 0)
    }

    fn load_list(_: &LiftContext<'_>, _: &Type, bytes: &[u8], len: usize) -> Result<Vec<Self>> {
        Ok(whole_chunks::<1>(bytes, len)?
            .iter()
            .map(|[b]| *b != 0)
            .collect())
    }
}

impl ComponentType for char {
    fn typecheck(ty: &Type) -> Result<()> {
        match ty {
            Type::Char => Ok(()),
            _ => Err(mismatch::<Self>(ty)),
        }
    }
}

impl Lower for char {
    fn lower(&self, _: &mut LowerContext<'_>, ty: &Type, dst: &mut [ValRaw]) -> Result<()> {
        *one_slot(ty, dst)? = ValRaw::i32(u32::from(*self) as i32);
        Ok(())
    }

    fn store(&self, cx: &mut LowerContext<'_>, _: &Type, offset: u32) -> Result<()> {
        cx.write(offset, u32::from(*self).to_le_bytes())
    }

    fn store_list(cx: &mut LowerContext<'_>, _: &Type, items: &[Self], offset: u32) -> Result<()> {
        let block = block_mut::<4>(cx, offset, items.len())?;
        for (slot, c) in block.iter_mut().zip(items) {
            *slot = u32::from(*c).to_le_bytes();
        }
        Ok(())
    }
}

impl Lift for char {
    fn lift(_: &LiftContext<'_>, ty: &Type, src: &[ValRaw]) -> Result<Self> {
        char_from_bits(one_value(ty, src)?.get_i32() as u32)
    }

    fn load(_: &LiftContext<'_>, _: &Type, bytes: &[u8]) -> Result<Self> {
        char_from_bits(u32::from_le_bytes(array(bytes)?))
    }

    fn load_list(_: &LiftContext<'_>, _: &Type, bytes: &[u8], len: usize) -> Result<Vec<Self>> {
        whole_chunks::<4>(bytes, len)?
            .iter()
            .map(|b| char_from_bits(u32::from_le_bytes(*b)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::component::abi::memory::VecMemory;
    use crate::component::abi::AbiOptions;
    use crate::Trap;

    fn round_trip_flat<T: Lower + Lift>(ty: &Type, v: T) -> Result<T> {
        let opts = AbiOptions::default();
        let mut mem = VecMemory::new(64);
        let mut slot = [ValRaw::default()];
        v.lower(&mut LowerContext::new(&mut mem, &opts), ty, &mut slot)?;
        T::lift(&LiftContext::new(&mem.data, &opts), ty, &slot)
    }

    fn round_trip_memory<T: Lower + Lift>(ty: &Type, v: T) -> Result<T> {
        let opts = AbiOptions::default();
        let mut mem = VecMemory::new(64);
        v.store(&mut LowerContext::new(&mut mem, &opts), ty, 8)?;
        let size = ty.size() as usize;
        T::load(
            &LiftContext::new(&mem.data, &opts),
            ty,
            &mem.data[8..8 + size],
        )
    }

    #[test]
    fn scalars_round_trip_flat_and_in_memory() -> Result<()> {
        assert_eq!(round_trip_flat(&Type::S8, -5i8)?, -5);
        assert_eq!(round_trip_memory(&Type::S8, -5i8)?, -5);
        assert_eq!(round_trip_flat(&Type::U16, 0xbeefu16)?, 0xbeef);
        assert_eq!(round_trip_memory(&Type::S16, -2i16)?, -2);
        assert_eq!(round_trip_flat(&Type::U32, u32::MAX)?, u32::MAX);
        assert_eq!(round_trip_memory(&Type::S64, i64::MIN)?, i64::MIN);
        assert_eq!(round_trip_flat(&Type::U64, u64::MAX)?, u64::MAX);
        assert!(round_trip_flat(&Type::Bool, true)?);
        assert_eq!(round_trip_memory(&Type::Char, '∂')?, '∂');
        assert_eq!(round_trip_flat(&Type::Float64, 1.5f64)?, 1.5);
        Ok(())
    }

    #[test]
    fn lifting_follows_the_spec() -> Result<()> {
        let opts = AbiOptions::default();
        let cx = LiftContext::new(&[], &opts);
        // Integers keep their low bits; bool is any non-zero value.
        assert_eq!(u8::lift(&cx, &Type::U8, &[ValRaw::i32(0x1ff)])?, 0xff);
        assert_eq!(i16::lift(&cx, &Type::S16, &[ValRaw::i32(0xffff)])?, -1);
        assert!(bool::lift(&cx, &Type::Bool, &[ValRaw::i32(2)])?);
        // NaNs are canonicalized.
        let nan = f32::lift(&cx, &Type::Float32, &[ValRaw::f32(0x7fa0_0001)])?;
        assert_eq!(nan.to_bits(), 0x7fc0_0000);
        let nan = f64::load(&cx, &Type::Float64, &0xfff0_0000_0000_0001u64.to_le_bytes())?;
        assert_eq!(nan.to_bits(), 0x7ff8_0000_0000_0000);
        // Surrogates are not chars.
        let err = char::lift(&cx, &Type::Char, &[ValRaw::i32(0xd800)]).unwrap_err();
        assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::InvalidChar));
        assert_eq!(
            err.to_string(),
            "`char` bit pattern 0xd800 is not a Unicode scalar value"
        );
        Ok(())
    }

    #[test]
    fn slot_count_mismatch_is_an_error() {
        let opts = AbiOptions::default();
        let cx = LiftContext::new(&[], &opts);
        let err = u32::lift(&cx, &Type::U32, &[]).unwrap_err();
        assert_eq!(err.to_string(), "`u32` needs 1 flat core values, 0 given");
    }

    #[test]
    fn typecheck_names_both_types() {
        assert!(u64::typecheck(&Type::U64).is_ok());
        let err = i32::typecheck(&Type::U32).unwrap_err();
        assert_eq!(err.to_string(), "expected `u32`, found Rust type `i32`");
        assert!(char::typecheck(&Type::U32).is_err());
        assert!(f32::typecheck(&Type::Float64).is_err());
    }

    #[test]
    fn scalar_lists_convert_in_bulk() -> Result<()> {
        let opts = AbiOptions::default();
        let mut mem = VecMemory::new(64);
        let items = [1u32, 2, 0xdead_beef];
        u32::store_list(
            &mut LowerContext::new(&mut mem, &opts),
            &Type::U32,
            &items,
            4,
        )?;
        let cx = LiftContext::new(&mem.data, &opts);
        let back = u32::load_list(&cx, &Type::U32, &mem.data[4..16], 3)?;
        assert_eq!(back, items);
        assert!(u32::load_list(&cx, &Type::U32, &mem.data[4..15], 3).is_err());
        let err = u32::store_list(
            &mut LowerContext::new(&mut mem, &opts),
            &Type::U32,
            &items,
            60,
        )
        .unwrap_err();
        assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::PointerOutOfBounds));
        Ok(())
    }
}
