//! # hoist
//!
//! A WebAssembly runtime for Rust hosts, with its own Cranelift JIT. This crate
//! is the facade: it re-exports the runtime ([`hoist_runtime`]) so that users
//! depend on one crate.
//!
//! ```
//! # fn main() -> anyhow::Result<()> {
//! use hoist::{Engine, Linker, Module, Store};
//! let engine = Engine::default();
//! let module = Module::new(&engine, r#"(module
//!     (import "host" "add" (func $add (param i32 i32) (result i32)))
//!     (func (export "run") (result i32) i32.const 40 i32.const 2 call $add))"#)?;
//! let mut linker = Linker::<()>::new(&engine);
//! linker.func_wrap("host", "add", |a: i32, b: i32| a + b)?;
//! let mut store = Store::new(&engine, ());
//! let instance = linker.instantiate(&mut store, &module)?;
//! let run = instance.get_typed_func::<(), i32>(&mut store, "run")?;
//! assert_eq!(run.call(&mut store, ())?, 42);
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

pub use anyhow;
pub use hoist_runtime::{
    AsContext, AsContextMut, BoundsChecks, Caller, Config, Engine, Export, ExportType, Extern,
    ExternRef, ExternType, Func, FuncType, Global, GlobalType, ImportType, Instance, InstancePre,
    IntoFunc, Linker, Memory, MemoryType, Module, Mutability, OptLevel, Store, StoreContext,
    StoreContextMut, Table, TableType, Trap, TypedFunc, Val, ValRaw, ValType, WasmParams,
    WasmResults, WasmRet, WasmTy,
};

/// The component model: components, their linker and instances, and the
/// canonical ABI's values and types.
pub use hoist_runtime::component;
