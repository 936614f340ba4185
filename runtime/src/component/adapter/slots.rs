//! [`SlotOp`]: how one scalar, as a flat core value, is lifted from one
//! guest and lowered into another, in a single step.
//!
//! Both adapters use it: the scalar adapter (`scalar.rs`) for every
//! parameter and result, the general one (`transfer.rs`) for the scalars
//! inside larger values. Values in memory are converted by `transfer.rs`
//! with the same rules.

use crate::component::abi::lift::{
    canonicalize_nan32, canonicalize_nan64, char_from_bits, check_discriminant,
};
use crate::component::types::Type;
use crate::ValRaw;
use anyhow::Result;

/// How one flat value is lifted from one side and lowered into the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SlotOp {
    /// `bool`: any non-zero value is true, lowered as 1.
    Bool,
    /// `u8`: the low 8 bits, zero-extended.
    U8,
    /// `s8`: the low 8 bits, sign-extended.
    S8,
    /// `u16`: the low 16 bits, zero-extended.
    U16,
    /// `s16`: the low 16 bits, sign-extended.
    S16,
    /// `s32`, `u32`: the low 32 bits.
    I32,
    /// `s64`, `u64`: unchanged.
    I64,
    /// `f32`: NaNs canonicalized.
    F32,
    /// `f64`: NaNs canonicalized.
    F64,
    /// `char`: traps unless a Unicode scalar value.
    Char,
    /// `enum` with this many cases: traps on a discriminant out of range.
    Enum(u32),
    /// `flags`: the bits of the defined flags (the spec ignores the others).
    Flags(u32),
}

impl SlotOp {
    /// The conversion of scalar type `ty`, or `None` if `ty` is not a scalar
    /// (records and tuples of scalars are several slots: see [`push_ops`]).
    pub(crate) fn of(ty: &Type) -> Option<SlotOp> {
        Some(match ty {
            Type::Bool => SlotOp::Bool,
            Type::U8 => SlotOp::U8,
            Type::S8 => SlotOp::S8,
            Type::U16 => SlotOp::U16,
            Type::S16 => SlotOp::S16,
            Type::S32 | Type::U32 => SlotOp::I32,
            Type::S64 | Type::U64 => SlotOp::I64,
            Type::Float32 => SlotOp::F32,
            Type::Float64 => SlotOp::F64,
            Type::Char => SlotOp::Char,
            Type::Enum(e) => SlotOp::Enum(u32::try_from(e.names().len()).ok()?),
            // Flags take one `i32` up to the spec's limit of 32; wider ones (if
            // a type ever has them) go the general way.
            Type::Flags(f) if (1..=32).contains(&f.len()) => {
                SlotOp::Flags(u32::MAX >> (32 - f.len()))
            }
            _ => return None,
        })
    }

    /// Lifts `v` and lowers it again. A 32-bit value is read from the low
    /// bits of its slot (the spec's coercion out of a joined `i64` slot) and
    /// written zero-extended (its coercion into one).
    #[inline]
    pub(crate) fn apply(self, v: ValRaw) -> Result<ValRaw> {
        let bits = v.get_i32() as u32;
        Ok(match self {
            SlotOp::Bool => ValRaw::i32(i32::from(bits != 0)),
            SlotOp::U8 => ValRaw::i32(i32::from(bits as u8)),
            SlotOp::S8 => ValRaw::i32(i32::from(bits as u8 as i8)),
            SlotOp::U16 => ValRaw::i32(i32::from(bits as u16)),
            SlotOp::S16 => ValRaw::i32(i32::from(bits as u16 as i16)),
            SlotOp::I32 => ValRaw::i32(bits as i32),
            SlotOp::I64 => ValRaw::u64(v.get_u64()),
            SlotOp::F32 => ValRaw::f32(canonicalize_nan32(v.get_f32()).to_bits()),
            SlotOp::F64 => ValRaw::f64(canonicalize_nan64(v.get_f64()).to_bits()),
            SlotOp::Char => ValRaw::i32(char_from_bits(bits)? as i32),
            SlotOp::Enum(cases) => ValRaw::i32(check_discriminant(bits, cases)? as i32),
            SlotOp::Flags(mask) => ValRaw::i32((bits & mask) as i32),
        })
    }
}

/// Appends the conversions of `ty`'s flat values to `ops`, or returns
/// `None` if `ty` is not made of scalars only (records and tuples of them
/// count).
pub(crate) fn push_ops(ty: &Type, ops: &mut Vec<SlotOp>) -> Option<()> {
    match ty {
        Type::Record(r) => r.field_types().iter().try_for_each(|t| push_ops(t, ops)),
        Type::Tuple(t) => t.type_slice().iter().try_for_each(|t| push_ops(t, ops)),
        _ => {
            ops.push(SlotOp::of(ty)?);
            Some(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_integers_bools_and_flags_are_normalized() -> Result<()> {
        let all = |v: i32, op: SlotOp| op.apply(ValRaw::i32(v)).map(|r| r.get_i32());
        assert_eq!(all(0x1ff, SlotOp::U8)?, 0xff);
        assert_eq!(all(0x180, SlotOp::S8)?, -128);
        assert_eq!(all(0x1_8000, SlotOp::U16)?, 0x8000);
        assert_eq!(all(0x1_8000, SlotOp::S16)?, -32768);
        assert_eq!(all(42, SlotOp::Bool)?, 1);
        assert_eq!(all(0, SlotOp::Bool)?, 0);
        assert_eq!(all(-1, SlotOp::Flags(0b101))?, 0b101);
        assert_eq!(all(-7, SlotOp::I32)?, -7);
        Ok(())
    }

    #[test]
    fn thirty_two_bit_values_leave_the_high_bits_of_a_joined_slot_behind() -> Result<()> {
        let joined = ValRaw::u64(0xdead_beef_0000_0007);
        assert_eq!(SlotOp::I32.apply(joined)?.get_u64(), 7);
        assert_eq!(SlotOp::F32.apply(joined)?.get_u64(), 7);
        assert_eq!(SlotOp::I64.apply(joined)?.get_u64(), 0xdead_beef_0000_0007);
        Ok(())
    }

    #[test]
    fn bad_chars_and_discriminants_trap() {
        let op = |v: u32, op: SlotOp| op.apply(ValRaw::i32(v as i32));
        let kind = |r: Result<ValRaw>| r.unwrap_err().downcast_ref::<crate::Trap>().copied();
        assert_eq!(
            kind(op(0xd800, SlotOp::Char)),
            Some(crate::Trap::InvalidChar)
        );
        assert_eq!(
            kind(op(0x11_0000, SlotOp::Char)),
            Some(crate::Trap::InvalidChar)
        );
        assert_eq!(op(0x1f600, SlotOp::Char).unwrap().get_i32(), 0x1f600);
        assert_eq!(
            kind(op(3, SlotOp::Enum(3))),
            Some(crate::Trap::InvalidDiscriminant)
        );
        assert_eq!(op(2, SlotOp::Enum(3)).unwrap().get_i32(), 2);
    }

    #[test]
    fn nans_are_canonicalized() -> Result<()> {
        let odd_nan = 0x7fc0_1234u32;
        let r = SlotOp::F32.apply(ValRaw::f32(odd_nan))?.get_f32();
        assert_eq!(r, canonicalize_nan32(odd_nan).to_bits());
        assert_ne!(r, odd_nan);
        let r = SlotOp::F64
            .apply(ValRaw::f64(0x7ff8_0000_0000_1234))?
            .get_f64();
        assert_eq!(r, canonicalize_nan64(0x7ff8_0000_0000_1234).to_bits());
        let one_and_a_half = 1.5f64.to_bits();
        assert_eq!(
            SlotOp::F64.apply(ValRaw::f64(one_and_a_half))?.get_f64(),
            one_and_a_half
        );
        Ok(())
    }
}
