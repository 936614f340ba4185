//! The typed path of the component API: Rust types in place of dynamic
//! [`Val`](super::Val)s, for component functions called from the host
//! ([`TypedFunc`]) and host functions called from components
//! ([`LinkerInstance::func_wrap`](super::LinkerInstance::func_wrap)).
//!
//! A Rust type takes part through three traits: [`ComponentType`] (which
//! component types it stands for, checked once when a typed function is
//! made), [`Lower`] and [`Lift`] (to and from flat core values and guest
//! memory, following the canonical ABI with the layouts cached in the
//! checked [`Type`](super::Type)). They are implemented for
//!
//! | Rust | component type |
//! | --- | --- |
//! | `bool`, `i8`..`i64`, `u8`..`u64`, `f32`, `f64`, `char` | `bool`, `s8`..`s64`, `u8`..`u64`, `f32`, `f64`, `char` |
//! | `String` (and `&str`, `Box<str>` to lower), [`WasmStr`] (to lift) | `string` |
//! | `Vec<T>` (and `&[T]`, `Box<[T]>` to lower), [`WasmList<T>`] (to lift) | `list<T>` |
//! | `Option<T>` | `option<T>` |
//! | `Result<T, E>`, `()` for an absent side | `result<T, E>`, `result<_, E>`, `result<T>`, `result` |
//! | `(A,)` .. 16 elements | `tuple<...>` |
//! | `Box<T>`, `&T` (to lower) | as `T` |
//!
//! and, through the helpers meant for derive macros, for user records
//! ([`typecheck_record`], [`Fields`]), variants and enums
//! ([`typecheck_variant`], [`typecheck_enum`], [`lower_case`],
//! [`store_case`], [`lift_case`], [`load_case`]) and flags
//! ([`typecheck_flags`], [`lower_flags`], [`store_flags`], [`lift_flags`],
//! [`load_flags`]).
//!
//! Parameter and result lists are tuples too ([`ComponentNamedList`],
//! [`LowerNamedList`], [`LiftNamedList`]): `()` for none, `(R,)` for one.
//!
//! # Files
//!
//! - `traits`: the three traits; `context`: [`LowerContext`] and
//!   [`LiftContext`], what they work in;
//! - `primitives`, `strings`, `lists`, `option_result`, `tuples`, `pointers`:
//!   the impls for Rust's types; `wasm_str`, `wasm_list`: the lazily read
//!   [`WasmStr`] and [`WasmList`];
//! - `record`, `variant`, `flags`: the helpers derived impls delegate to;
//! - `params`: parameter and result lists, and the whole-list conversions;
//! - `func`: [`TypedFunc`]; `host`: typed host functions.
//!
//! The dynamic path (`Val`, `Func::call`, `func_new`) and the canonical ABI
//! on dynamic values (`abi/`) are not here.
//!
//! # Speed
//!
//! Scalars are written to and read from the core value slots directly; a
//! string or a list of scalars is one bounds check and one copy (or one
//! bulk conversion) per buffer; a call whose parameters and results are all
//! flat scalars allocates nothing on the host, in either direction.

mod context;
mod flags;
mod func;
pub(crate) mod host;
mod lists;
mod option_result;
mod params;
mod pointers;
mod primitives;
mod record;
mod resources;
mod strings;
mod traits;
mod tuples;
mod variant;
mod wasm_list;
mod wasm_str;

#[cfg(test)]
pub(crate) mod tests;

pub use context::{LiftContext, LowerContext};
pub use flags::{lift_flags, load_flags, lower_flags, store_flags, typecheck_flags};
pub use func::TypedFunc;
pub use params::{ComponentNamedList, LiftNamedList, LowerNamedList};
pub use record::{typecheck_record, Fields};
pub use traits::{ComponentType, Lift, Lower, TypeCheck};
pub use variant::{
    lift_case, load_case, lower_case, store_case, typecheck_enum, typecheck_variant, Case,
};
pub use wasm_list::WasmList;
pub use wasm_str::WasmStr;
