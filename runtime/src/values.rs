//! Runtime values: [`Val`] (typed, for the dynamic API), [`ValRaw`] (the
//! 16-byte untyped slot that trampolines read and write) and [`ExternRef`].
//!
//! Converting a `Val` to and from raw form needs the store (references are
//! store-relative); those conversions live in `store`.

use crate::types::ValType;
use crate::{Func, StoreId};
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
    pub fn i32(v: i32) -> ValRaw {
        ValRaw::u64(v as u32 as u64)
    }
    /// A slot holding an `i64`.
    pub fn i64(v: i64) -> ValRaw {
        ValRaw::u64(v as u64)
    }
    /// A slot holding a `u64` (the raw 64 low bits).
    pub fn u64(v: u64) -> ValRaw {
        let mut bits = [0; 16];
        bits[..8].copy_from_slice(&v.to_le_bytes());
        ValRaw { bits }
    }
    /// A slot holding an `f32` given by its bits.
    pub fn f32(bits: u32) -> ValRaw {
        ValRaw::u64(u64::from(bits))
    }
    /// A slot holding an `f64` given by its bits.
    pub fn f64(bits: u64) -> ValRaw {
        ValRaw::u64(bits)
    }
    /// A slot holding a raw reference.
    pub fn reference(r: usize) -> ValRaw {
        ValRaw::u64(r as u64)
    }
    /// A slot holding a `v128`, lane 0 in the lowest bits.
    pub fn v128(v: u128) -> ValRaw {
        ValRaw {
            bits: v.to_le_bytes(),
        }
    }
    /// The whole 128 bits, as a `v128`.
    pub fn get_v128(&self) -> u128 {
        u128::from_le_bytes(self.bits)
    }
    /// The low 64 bits.
    pub fn get_u64(&self) -> u64 {
        u64::from_le_bytes(self.bits[..8].try_into().expect("8 bytes"))
    }
    /// The value as `i32`.
    pub fn get_i32(&self) -> i32 {
        self.get_u64() as u32 as i32
    }
    /// The value as `i64`.
    pub fn get_i64(&self) -> i64 {
        self.get_u64() as i64
    }
    /// The bits of an `f32`.
    pub fn get_f32(&self) -> u32 {
        self.get_u64() as u32
    }
    /// The bits of an `f64`.
    pub fn get_f64(&self) -> u64 {
        self.get_u64()
    }
    /// The raw reference.
    pub fn get_ref(&self) -> usize {
        self.get_u64() as usize
    }
}

/// A `v128` as typed calls take and return it: its 128 bits, lane 0 in the
/// lowest bits (the order of the bytes in memory, little-endian).
///
/// ```
/// # use hoist_runtime::V128;
/// let v = V128::from(0x0f0e_0d0c_0b0a_0908_0706_0504_0302_0100u128);
/// assert_eq!(v.as_u128().to_le_bytes()[1], 1, "byte lane 1");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct V128(u128);

impl V128 {
    /// The vector with these bits.
    pub const fn new(bits: u128) -> V128 {
        V128(bits)
    }

    /// The vector's bits.
    pub const fn as_u128(self) -> u128 {
        self.0
    }
}

impl From<u128> for V128 {
    fn from(bits: u128) -> V128 {
        V128(bits)
    }
}

impl From<V128> for u128 {
    fn from(v: V128) -> u128 {
        v.0
    }
}

impl From<V128> for Val {
    fn from(v: V128) -> Val {
        Val::V128(v.0)
    }
}

/// A reference to a host value that wasm can hold as an `externref`.
///
/// It belongs to the store it was created in and lives as long as that store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ExternRef {
    pub(crate) store: StoreId,
    pub(crate) index: u32,
}

/// A typed WebAssembly value.
#[derive(Clone, Debug)]
pub enum Val {
    /// An `i32`.
    I32(i32),
    /// An `i64`.
    I64(i64),
    /// An `f32`, as its bits (so NaN payloads survive).
    F32(u32),
    /// An `f64`, as its bits.
    F64(u64),
    /// A `v128`, as its 128 bits (lane 0 in the lowest bits, as in memory).
    V128(u128),
    /// A `funcref`, or null.
    FuncRef(Option<Func>),
    /// An `externref`, or null.
    ExternRef(Option<ExternRef>),
}

impl Val {
    /// The type of this value.
    pub fn ty(&self) -> ValType {
        match self {
            Val::I32(_) => ValType::I32,
            Val::I64(_) => ValType::I64,
            Val::F32(_) => ValType::F32,
            Val::F64(_) => ValType::F64,
            Val::V128(_) => ValType::V128,
            Val::FuncRef(_) => ValType::FuncRef,
            Val::ExternRef(_) => ValType::ExternRef,
        }
    }

    /// The zero value (or null) of `ty`.
    pub fn default_for(ty: ValType) -> Val {
        match ty {
            ValType::I32 => Val::I32(0),
            ValType::I64 => Val::I64(0),
            ValType::F32 => Val::F32(0),
            ValType::F64 => Val::F64(0),
            ValType::V128 => Val::V128(0),
            ValType::FuncRef => Val::FuncRef(None),
            ValType::ExternRef => Val::ExternRef(None),
        }
    }

    /// The `i32`, if this is one.
    pub fn i32(&self) -> Option<i32> {
        if let Val::I32(v) = self {
            Some(*v)
        } else {
            None
        }
    }
    /// The `i64`, if this is one.
    pub fn i64(&self) -> Option<i64> {
        if let Val::I64(v) = self {
            Some(*v)
        } else {
            None
        }
    }
    /// The `f32`, if this is one.
    pub fn f32(&self) -> Option<f32> {
        if let Val::F32(v) = self {
            Some(f32::from_bits(*v))
        } else {
            None
        }
    }
    /// The `f64`, if this is one.
    pub fn f64(&self) -> Option<f64> {
        if let Val::F64(v) = self {
            Some(f64::from_bits(*v))
        } else {
            None
        }
    }
    /// The `v128` bits, if this is one (lane 0 in the lowest bits).
    pub fn v128(&self) -> Option<u128> {
        if let Val::V128(v) = self {
            Some(*v)
        } else {
            None
        }
    }
}

impl From<i32> for Val {
    fn from(v: i32) -> Val {
        Val::I32(v)
    }
}
impl From<i64> for Val {
    fn from(v: i64) -> Val {
        Val::I64(v)
    }
}
impl From<f32> for Val {
    fn from(v: f32) -> Val {
        Val::F32(v.to_bits())
    }
}
impl From<f64> for Val {
    fn from(v: f64) -> Val {
        Val::F64(v.to_bits())
    }
}
