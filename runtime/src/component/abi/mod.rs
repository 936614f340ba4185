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
//! pointer), the error downcasts to the [`Trap`] of that check
//! ([`Trap::UnalignedPointer`], [`Trap::PointerOutOfBounds`],
//! [`Trap::InvalidUtf8`], [`Trap::InvalidUtf16`],
//! [`Trap::InvalidDiscriminant`], [`Trap::InvalidChar`], or
//! [`Trap::InvalidCanonicalValue`] for the rest) and its message
//! (`to_string()`) says which value was wrong and how, for example
//! `string: pointer 0x3 is not aligned to 2`. Errors from the guest's `realloc`
//! are passed on unchanged. A host value that does not match its type is an
//! ordinary error, not a trap.

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

pub(crate) use call::FuncAbiExt;
pub use call::{AbiContext, FuncAbi};
pub use layout::MAX_FLAT_PARAMS;
#[cfg(test)]
pub use lift::lift_flat;
#[cfg(test)]
pub use lower::{lower_flat, store};
pub use memory::{GuestMemory, NoMemory};
pub use options::{AbiOptions, StringEncoding};
pub use strings::SourceEncoding;

/// A canonical-ABI trap: an error that downcasts to `kind` and whose
/// message is `msg`, which says which value was wrong and how (the kind's
/// own wording is `kind`'s, shown by `{:#}` after the message).
pub fn trap(kind: Trap, msg: impl Display + Send + Sync + 'static) -> anyhow::Error {
    anyhow::Error::new(kind).context(msg)
}

/// [`Trap::UnalignedPointer`]: the pointer `ptr` to `what` is not aligned
/// to `align`. The one wording of this check, wherever it is made.
pub(crate) fn unaligned(what: impl Display, ptr: u32, align: u32) -> anyhow::Error {
    trap(
        Trap::UnalignedPointer,
        format!("{what}: pointer {ptr:#x} is not aligned to {align}"),
    )
}

/// [`Trap::PointerOutOfBounds`]: the `len` bytes of `what` at `ptr` do not
/// fit in a memory of `mem_len` bytes. The one wording of this check,
/// wherever it is made.
pub(crate) fn out_of_bounds(
    what: impl Display,
    ptr: u32,
    len: u64,
    mem_len: usize,
) -> anyhow::Error {
    trap(
        Trap::PointerOutOfBounds,
        format!("{what}: {len} bytes at {ptr:#x} exceed memory size {mem_len}"),
    )
}

/// [`Trap::PointerOutOfBounds`]: `what`, of `len` bytes, is longer than
/// the canonical ABI's maximum `max`.
pub(crate) fn too_long(what: impl Display, len: u64, max: u32) -> anyhow::Error {
    trap(
        Trap::PointerOutOfBounds,
        format!("{what}: byte length {len} exceeds the maximum of {max}"),
    )
}
