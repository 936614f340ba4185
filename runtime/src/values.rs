//! Runtime values: [`Val`] (typed, for the dynamic API), [`V128`] and
//! [`ExternRef`]. The untyped slot `ValRaw` is plain data of the
//! compile-time crate (`hoist_environ::ValRaw`).
//!
//! Converting a `Val` to and from raw form needs the store (references are
//! store-relative); those conversions live in `store`.

use crate::{Func, StoreId};
use hoist_environ::types::ValType;
pub use hoist_environ::ValRaw;

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
