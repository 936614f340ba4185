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
//! Layout: compile time (everything that runs once per module and produces
//! plain data) is the `hoist_environ` crate; `compiled` loads its output into
//! executable memory, `vm/` is the unsafe core that compiled code runs
//! against, and the other files at this level are the public API.

mod compiled;
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
mod values;
mod vm;

pub use config::{BoundsChecks, Config, OptLevel};
pub use engine::Engine;
pub use externals::{Extern, Global, Memory, Table};
pub use func::{Caller, Func, IntoFunc, TypedFunc, WasmParams, WasmResults, WasmRet, WasmTy};
pub use hoist_environ::types::{
    ExportType, ExternType, FuncType, GlobalType, ImportType, MemoryType, Mutability, TableType,
    ValType,
};
/// Why WebAssembly code trapped.
///
/// Every trap that guest code raises is returned to the caller as an
/// `anyhow::Error` that downcasts to this type:
///
/// ```
/// # fn main() -> anyhow::Result<()> {
/// use hoist_runtime::{Engine, Instance, Module, Store, Trap};
/// let engine = Engine::default();
/// let module = Module::new(&engine, r#"(module (func (export "f") unreachable))"#)?;
/// let mut store = Store::new(&engine, ());
/// let instance = Instance::new(&mut store, &module, &[])?;
/// let f = instance.get_typed_func::<(), ()>(&mut store, "f")?;
/// let err = f.call(&mut store, ()).unwrap_err();
/// assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::Unreachable));
/// # Ok(()) }
/// ```
///
/// A trap of the canonical ABI (an invalid value or handle handed between
/// a component and its caller, callee or host) has one kind per check:
/// [`UnalignedPointer`](Trap::UnalignedPointer),
/// [`PointerOutOfBounds`](Trap::PointerOutOfBounds),
/// [`InvalidUtf8`](Trap::InvalidUtf8), [`InvalidUtf16`](Trap::InvalidUtf16),
/// [`InvalidDiscriminant`](Trap::InvalidDiscriminant),
/// [`InvalidChar`](Trap::InvalidChar), [`InvalidHandle`](Trap::InvalidHandle),
/// and [`InvalidCanonicalValue`](Trap::InvalidCanonicalValue) for the rest,
/// the same whether the host lifts or lowers the value, through dynamic or
/// typed values, or two components call each other directly. The error
/// carries a context message saying which value was wrong and how (its
/// `to_string()`, for example `string: pointer 0x41 is not aligned to 2`); the
/// kind's own wording follows in the alternate form (`{:#}`):
///
/// ```
/// # fn main() -> anyhow::Result<()> {
/// use hoist_runtime::component::{Component, Linker};
/// use hoist_runtime::{Engine, Store, Trap};
/// let engine = Engine::default();
/// // A guest whose `f` returns a surrogate as a `char`.
/// let component = Component::new(&engine, r#"(component
///   (core module $m (func (export "f") (result i32) i32.const 0xd800))
///   (core instance $i (instantiate $m))
///   (func (export "f") (result char) (canon lift (core func $i "f"))))"#)?;
/// let mut store = Store::new(&engine, ());
/// let instance = Linker::new(&engine).instantiate(&mut store, &component)?;
/// let f = instance.get_typed_func::<(), (char,)>(&mut store, "f")?;
/// let err = f.call(&mut store, ()).unwrap_err();
/// assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::InvalidChar));
/// assert_eq!(
///     format!("{err:#}"),
///     "`char` bit pattern 0xd800 is not a Unicode scalar value: \
///      wasm trap: invalid `char` value in the canonical ABI"
/// );
/// # Ok(()) }
/// ```
pub use hoist_environ::Trap;
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
pub use values::{ExternRef, Val, ValRaw, V128};
