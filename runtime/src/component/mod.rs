//! The component model: components compiled and instantiated on top of the
//! core runtime, and the canonical ABI between them and the host.
//!
//! - `types`, `values`: component value types and dynamic values;
//! - `abi/`: the canonical ABI (layout, lifting, lowering, strings);
//! - `translate/`: compile time, a component binary to a flat list of
//!   initializers;
//! - `async_api`: async host functions and the `*_async` calls;
//! - `typed/`: the typed API ([`TypedFunc`], [`ComponentType`], [`Lift`],
//!   [`Lower`], [`WasmStr`], [`WasmList`], and typed host functions).

pub mod abi;
pub mod translate;
pub mod typed;
pub mod types;
pub mod values;

mod async_api;
mod compiled;
mod func;
mod instance;
mod linker;
mod lower;
pub(crate) mod store;

pub use async_api::{block_on, HostFuture};
pub use compiled::Component;
pub use func::Func;
pub use instance::{ComponentExportIndex, Export, Instance, InstanceExportLookup};
pub use linker::{InstancePre, Linker, LinkerInstance};
pub use typed::{
    ComponentNamedList, ComponentType, Lift, LiftNamedList, Lower, LowerNamedList, TypedFunc,
    WasmList, WasmStr,
};
pub use types::Type;
pub use values::Val;
