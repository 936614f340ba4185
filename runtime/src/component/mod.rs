//! The component model: components compiled and instantiated on top of the
//! core runtime, and the canonical ABI between them and the host.
//!
//! - `types`, `values`: component value types and dynamic values;
//! - `item`: [`ComponentItem`], the types of a component's imports and
//!   exports;
//! - `resources`: resource types, handle tables and the host's handles;
//! - `resource_table`: [`ResourceTable`], where a host keeps the values
//!   behind its resources;
//! - `abi/`: the canonical ABI (layout, lifting, lowering, strings);
//! - compile time (a component binary to a flat list of initializers, the
//!   type model's builder, ABI layouts) is `hoist_environ::component`;
//! - `async_api`: async host functions and the `*_async` calls;
//! - `lowered`, `adapter`: `canon lower` at run time, calls from a guest into
//!   the host or into another component instance (`adapter`: the fused path
//!   for function types without handles);
//! - `linker`, `versions`: the [`Linker`], and the semver matching of
//!   versioned import names it looks definitions up by;
//! - `typed/`: the typed API ([`TypedFunc`], [`ComponentType`], [`Lift`],
//!   [`Lower`], [`WasmStr`], [`WasmList`], and typed host functions);
//! - `wave`: values to and from WAVE text ([`Val::to_wave`],
//!   [`Val::from_wave`], [`wave::FuncCall`]; feature `wave`).
//!
//! # Async calls
//!
//! Each `*_async` call that may run guest code (instantiation runs start
//! functions; calls) runs it on a fiber, a stack of its own
//! (`vm::fiber`). When the guest calls an async host function whose future
//! is not ready, the fiber suspends and the `*_async` future returns
//! `Pending` to the executor; the host future's waker wakes the task, and
//! the next poll resumes the guest where it stopped. So a guest waiting on
//! host I/O blocks no thread, and the future can move between threads
//! (when the store's data is `Send`).
//!
//! Dropping a `*_async` future before it completes cancels the call: the
//! pending host function fails with an error, which traps the guest (and,
//! as every host error during a call does, leaves the instance unusable).
//!
//! An async host function reached from a synchronous call (`call`,
//! `instantiate`) has no executor to return to: its future is run to
//! completion on the calling thread by [`block_on`], which parks the thread
//! until the future's waker runs.
//!
//! The fiber stack holds `Config::max_wasm_stack` for the guest plus 1 MiB
//! for host code. Fibers exist on x86-64 only; elsewhere the `*_async` calls
//! run on the caller's stack, as synchronous calls do.
//!
//! # Resources
//!
//! A component's resource types are imported (the host supplies them with
//! [`LinkerInstance::resource`]) or defined by the component, anew for each
//! instantiation ([`ResourceType`] tells them apart at run time). Each
//! component instance has a table of handles (the spec's `handles`), which
//! `resource.new`, `resource.rep` and `resource.drop` and the lifting and
//! lowering of `own<R>` and `borrow<R>` work on.
//!
//! The host holds handles as [`ResourceAny`] (any type; `Val::Resource`) or
//! [`Resource<T>`] (a host type `T`, with the host's own `u32`
//! representation; a [`ResourceTable`] keeps the values behind those
//! representations). Passing an owned handle to a guest moves it: copies the
//! host kept are dead afterwards. A borrow the host receives ends when the
//! host function returns. A guest handed a borrow must drop it before its
//! export returns, else the call traps; a handle lent to a call cannot be
//! dropped or passed on as owned until the call returns. Misused handles
//! (unknown index, wrong type, borrowed where owned is expected) trap with
//! [`Trap::InvalidHandle`](crate::Trap::InvalidHandle) or fail with an
//! error that says which.
//!
//! A guest's destructor runs when the last owned handle is dropped, by the
//! guest (`resource.drop`) or by the host ([`ResourceAny::resource_drop`]),
//! entering the defining component instance as a call from the dropper
//! would (so a drop that would reenter a running instance traps).

pub(crate) mod abi;
pub(crate) mod typed;
pub mod types;
mod values;
#[cfg(feature = "wave")]
pub mod wave;

mod adapter;
mod async_api;
mod compiled;
mod func;
mod instance;
mod item;
mod linker;
mod lowered;
mod plan;
mod resource_table;
mod resources;
pub(crate) mod store;
mod versions;

/// The compile-time translation of a component binary, under the name the
/// run-time modules use.
use hoist_environ::component::translate;

pub use async_api::{block_on, HostFuture};
pub use compiled::Component;
pub use func::Func;
pub use hoist_environ::component::FuncSig;
pub use instance::{ComponentExportIndex, Export, Instance, InstanceExportLookup};
pub use item::ComponentItem;
pub use linker::{InstancePre, Linker, LinkerInstance};
pub use resource_table::ResourceTable;
pub use resources::{Resource, ResourceAny, ResourceType};
pub use typed::{
    ComponentNamedList, ComponentType, Lift, LiftNamedList, Lower, LowerNamedList, TypedFunc,
    WasmList, WasmStr,
};
pub use types::{ResourceIndex, Type};
pub use values::Val;
/// The `wasm-wave` crate, whose traits [`Val`], [`Type`] and [`FuncSig`]
/// implement (feature `wave`).
#[cfg(feature = "wave")]
pub use wasm_wave;

/// What the code generated by the derives, `flags!` and `bindgen!` names,
/// at one path (`::hoist::component::__internal`) that does not depend on
/// how the rest of the API is laid out. Not a public API.
#[doc(hidden)]
pub mod __internal {
    pub use super::abi::{AbiOptions, GuestMemory, NoMemory, StringEncoding};
    pub use super::typed::{
        lift_case, lift_flags, load_case, load_flags, lower_case, lower_flags, store_case,
        store_flags, typecheck_enum, typecheck_flags, typecheck_record, typecheck_variant, Case,
        Fields, LiftContext, LowerContext, TypeCheck,
    };
    pub use super::{ComponentType, Lift, Lower, Type};
    pub use crate::ValRaw;
    pub use anyhow::{self, Result};
}
