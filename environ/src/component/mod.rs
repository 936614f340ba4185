//! The compile-time half of the component model.
//!
//! - [`types`]: the component value type model ([`Type`]) and
//!   [`types::TypeConverter`], which builds it from wasmparser's types;
//! - [`layout`]: canonical ABI sizes, alignments, flat types and
//!   discriminants;
//! - [`func_abi`]: a function type's blocks and core signatures
//!   ([`FuncAbi`]);
//! - [`string_encoding`]: the `string-encoding=` option;
//! - [`translate`]: a component binary to a flat list of initializers
//!   (parse, inline, re-export shims);
//! - `wave`: the `wasm-wave` type traits (feature `wave`).

pub mod func_abi;
pub mod layout;
pub mod string_encoding;
pub mod translate;
pub mod types;
#[cfg(feature = "wave")]
mod wave;

pub use func_abi::{AbiContext, FuncAbi};
pub use string_encoding::StringEncoding;
pub use translate::FuncSig;
pub use types::{ResourceIndex, Type};
