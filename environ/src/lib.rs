//! # hoist-environ
//!
//! hoist's compile time: everything that runs once per module or component
//! and produces plain data, apart from the runtime that runs it (as
//! Wasmtime's `wasmtime-environ` stands apart from `wasmtime`). It depends
//! on Cranelift and wasmparser, and on nothing of the runtime: no store, no
//! instance, no executable memory.
//!
//! - Core modules: [`module_info`] reads a binary (its constant expressions
//!   with [`const_expr`]); [`offsets`] lays out an instance's vmctx;
//!   [`memory_layout`] says what code may assume of linear memories;
//!   [`translate`] turns function bodies into CLIF; [`trampolines`] builds
//!   the entry and host trampolines; [`compile`] turns CLIF into laid-out
//!   machine code ([`compile::CompiledCode`]), with the host [`libcalls`]
//!   it calls named by index.
//! - Components: [`component`] holds the component type model and its
//!   builder, canonical ABI layouts and core signatures, and the
//!   translation of a component binary into a flat list of initializers.
//! - Shared vocabulary: the core [`types`], [`Trap`] kinds, the untyped
//!   value slot [`ValRaw`] and the code-affecting settings in [`tunables`].
//!
//! The `hoist` facade re-exports what users see of these (types, traps,
//! settings); the rest is the runtime's business.

pub mod compile;
pub mod component;
pub mod const_expr;
pub mod libcalls;
pub mod memory_layout;
pub mod module_info;
pub mod offsets;
pub mod trampolines;
pub mod translate;
pub mod trap;
pub mod tunables;
pub mod types;
pub mod val_raw;

pub use trap::Trap;
pub use tunables::{BoundsChecks, OptLevel};
pub use types::{
    ExportType, ExternType, FuncType, GlobalType, ImportType, MemoryType, Mutability, TableType,
    ValType,
};
pub use val_raw::ValRaw;
