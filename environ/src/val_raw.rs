//! [`ValRaw`]: the 16-byte untyped value slot that compiled code,
//! trampolines, globals and constant expressions read and write.
//!
//! Plain data: what a slot means (which type, which store a reference
//! belongs to) is known to whoever holds it, not to the slot.

use std::fmt;

/// An untyped value slot, as stored in argument arrays and globals.
///
/// Integers and floats sit in the low bytes, little-endian; references are
/// pointer-sized.
#[repr(C, align(16))]
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct ValRaw {
    bits: [u8; 16],
}

impl fmt::Debug for ValRaw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ValRaw({:#x})", self.get_u64())
    }
}

impl ValRaw {
    /// A slot holding an `i32`.
    #[inline]
    pub fn i32(v: i32) -> ValRaw {
        ValRaw::u64(v as u32 as u64)
    }
    /// A slot holding an `i64`.
    #[inline]
    pub fn i64(v: i64) -> ValRaw {
        ValRaw::u64(v as u64)
    }
    /// A slot holding a `u64` (the raw 64 low bits).
    #[inline]
    pub fn u64(v: u64) -> ValRaw {
        let mut bits = [0; 16];
        bits[..8].copy_from_slice(&v.to_le_bytes());
        ValRaw { bits }
    }
    /// A slot holding an `f32` given by its bits.
    #[inline]
    pub fn f32(bits: u32) -> ValRaw {
        ValRaw::u64(u64::from(bits))
    }
    /// A slot holding an `f64` given by its bits.
    #[inline]
    pub fn f64(bits: u64) -> ValRaw {
        ValRaw::u64(bits)
    }
    /// A slot holding a raw reference.
    #[inline]
    pub fn reference(r: usize) -> ValRaw {
        ValRaw::u64(r as u64)
    }
    /// A slot holding a `v128`, lane 0 in the lowest bits.
    #[inline]
    pub fn v128(v: u128) -> ValRaw {
        ValRaw {
            bits: v.to_le_bytes(),
        }
    }
    /// The whole 128 bits, as a `v128`.
    #[inline]
    pub fn get_v128(&self) -> u128 {
        u128::from_le_bytes(self.bits)
    }
    /// The low 64 bits.
    #[inline]
    pub fn get_u64(&self) -> u64 {
        u64::from_le_bytes(self.bits[..8].try_into().expect("8 bytes"))
    }
    /// The value as `i32`.
    #[inline]
    pub fn get_i32(&self) -> i32 {
        self.get_u64() as u32 as i32
    }
    /// The value as `i64`.
    #[inline]
    pub fn get_i64(&self) -> i64 {
        self.get_u64() as i64
    }
    /// The bits of an `f32`.
    #[inline]
    pub fn get_f32(&self) -> u32 {
        self.get_u64() as u32
    }
    /// The bits of an `f64`.
    #[inline]
    pub fn get_f64(&self) -> u64 {
        self.get_u64()
    }
    /// The raw reference.
    #[inline]
    pub fn get_ref(&self) -> usize {
        self.get_u64() as usize
    }
}
