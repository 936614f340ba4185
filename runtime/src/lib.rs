//! # hoist-runtime
//!
//! The runtime under the `hoist` facade: an [`Engine`] that validates and
//! compiles core WebAssembly with Cranelift, [`Store`]s that own instances and
//! their state, and the embedding API ([`Module`], [`Linker`], [`Instance`],
//! [`Func`], [`TypedFunc`], [`Memory`], [`Global`], [`Table`], [`Val`]),
//! shaped like Wasmtime's.
//!
//! ```
//! # fn main() -> anyhow::Result<()> {
//! use hoist_runtime::{Engine, Linker, Module, Store};
//! let engine = Engine::default();
//! let module = Module::new(&engine, r#"(module
//!     (import "host" "log" (func $log (param i32)))
//!     (func (export "run") i32.const 7 call $log))"#)?;
//! let mut linker = Linker::new(&engine);
//! linker.func_wrap("host", "log", |mut caller: hoist_runtime::Caller<'_, Vec<i32>>, x: i32| {
//!     caller.data_mut().push(x)
//! })?;
//! let mut store = Store::new(&engine, Vec::new());
//! let instance = linker.instantiate(&mut store, &module)?;
//! instance.get_typed_func::<(), ()>(&mut store, "run")?.call(&mut store, ())?;
//! assert_eq!(store.data(), &[7]);
//! # Ok(()) }
//! ```
//!
//! Layout: `compile/` runs once per module (no pointers out), `vm/` is the
//! unsafe core that compiled code runs against, and the files at this level
//! are the public API.

#![warn(missing_docs)]

pub mod compile;
pub mod component;
mod config;
mod engine;
mod externals;
mod func;
mod instance;
mod limits;
mod linker;
mod module;
mod store;
mod trap;
mod types;
mod values;
pub mod vm;

pub use config::{BoundsChecks, Config, OptLevel};
pub use engine::Engine;
pub use externals::{Extern, Global, Memory, Table};
pub use func::{Caller, Func, IntoFunc, TypedFunc, WasmParams, WasmResults, WasmRet, WasmTy};
pub use instance::{Export, Instance};
pub use limits::{
    ResourceLimiter, StoreLimits, StoreLimitsBuilder, DEFAULT_INSTANCE_LIMIT, DEFAULT_MEMORY_LIMIT,
    DEFAULT_TABLE_LIMIT,
};
pub use linker::{InstancePre, Linker};
pub use module::Module;
pub use store::{
    AsContext, AsContextMut, Store, StoreContext, StoreContextMut, StoreId, StoreOpaque,
};
pub use trap::Trap;
pub use types::{
    ExportType, ExternType, FuncType, GlobalType, ImportType, MemoryType, Mutability, TableType,
    ValType,
};
pub use values::{ExternRef, Val, ValRaw, V128};
