//! The canonical ABI: how component values ([`Val`](super::values::Val)) of
//! component types ([`Type`](super::types::Type)) are passed as core
//! WebAssembly values and stored in linear memory, following the component
//! model's `CanonicalABI.md` and its executable `definitions.py`
//! (synchronous calls; no resources, futures, streams or error contexts).
//!
//! - [`layout`]: sizes, alignments, flat types and discriminants.
//! - [`memory`]: the [`GuestMemory`] a lift or lower reads, writes and
//!   allocates in.
//! - [`options`]: the canonical options that matter here ([`AbiOptions`]).
//! - [`lift`] / [`lower`]: one value from or to flat values or memory.
//! - [`strings`]: string decoding, encoding and transcoding.
//! - [`call`]: whole parameter and result lists, and core signatures.
//!
//! # Errors and traps
//!
//! Where the spec traps (a guest handed over an invalid value or a bad
//! pointer), the error downcasts to [`Trap::InvalidCanonicalValue`] and its
//! message (`to_string()`) says what was wrong, for example
//! `string pointer not aligned to 2 (pointer 0x3)`. Errors from the guest's
//! `realloc` are passed on unchanged. A host value that does not match its
//! type is an ordinary error, not a trap.

use crate::Trap;
use std::fmt::Display;

pub mod call;
pub mod layout;
pub mod lift;
pub mod lower;
pub mod memory;
pub mod options;
pub mod strings;

#[cfg(test)]
mod tests;

pub use call::{
    core_signature, lift_params, lift_results, lower_params, lower_results, AbiContext, FuncAbi,
};
pub use layout::{FlatType, MAX_FLAT_PARAMS, MAX_FLAT_RESULTS};
pub use lift::{lift_flat, load};
pub use lower::{lower_flat, store};
pub use memory::{GuestMemory, NoMemory};
pub use options::{AbiOptions, StringEncoding};
pub use strings::{SourceEncoding, MAX_STRING_BYTE_LENGTH, UTF16_TAG};

/// A canonical-ABI trap: an error that downcasts to
/// [`Trap::InvalidCanonicalValue`] and whose message is `msg`.
pub fn trap(msg: impl Display + Send + Sync + 'static) -> anyhow::Error {
    anyhow::Error::new(Trap::InvalidCanonicalValue).context(msg)
}
