//! `hoist-codegen`: turns a WIT world into Rust bindings for hoist's
//! component API. It is the library behind hoist's `bindgen!` macro; it
//! returns source text and never touches a compiler.
//!
//! ```no_run
//! let opts = hoist_codegen::Opts {
//!     path: vec!["wit/".into()],
//!     world: Some("my-world".to_string()),
//!     ..Default::default()
//! };
//! let (rust_source, files_read) = hoist_codegen::generate_with_deps(&opts)?;
//! # Ok::<(), anyhow::Error>(())
//! ```
//!
//! # The generated code
//!
//! Every path goes through the `hoist` facade, always written from the
//! extern prelude (`::hoist::component::*`, `::hoist::Store`,
//! `::hoist::AsContextMut`, `::hoist::StoreContextMut`, `::hoist::anyhow`,
//! and `::hoist::tracing` when tracing is on), and generated modules are
//! named from the root with `self::`: a WIT package in namespace `hoist`
//! becomes `mod hoist`, which must not shadow the crate. The layout
//! follows Wasmtime's `bindgen!`:
//!
//! * An imported interface `foo:foo/records` becomes module
//!   `foo::foo::records` with its types, a `Host` trait (one method per
//!   function) and `add_to_linker(linker, get)`, which registers every
//!   function under the instance name `"foo:foo/records"` (with `@version`
//!   when the package has one). When several versions of one package are
//!   loaded, the package module carries the version (`my::dep0_1_0::a`).
//! * An exported interface becomes `exports::foo::foo::records` with its
//!   own copy of the types and a `Guest` struct whose `call_<fn>` methods
//!   call the guest (`TypedFunc::call` runs its `post-return`).
//! * Interfaces written inline in the world, and named imports of a
//!   package interface (`import hot-cache: store;`), get a module named
//!   after the import/export name (`imports`, `exports::the_name`).
//! * Types `use`d from another interface are `pub use`d from that
//!   interface's module, never defined twice in one direction.
//! * The root holds the world's own types, the `<World>Imports` trait for
//!   functions the world imports directly, and `pub struct <World>`.
//!
//! ## Host methods: the return rule
//!
//! Every host method returns `hoist::anyhow::Result<R>` (`R` is `()` when
//! the function returns nothing); returning `Err` traps the calling guest.
//! The one exception is a function whose WIT result is `result<T, E>`
//! where `E` is registered in [`Opts::trappable_error_type`] with a Rust
//! type `MyError`: its method returns `Result<T, MyError>` and the trait
//! gains `fn convert_<e>(&mut self, err: MyError) ->
//! hoist::anyhow::Result<E>`. `add_to_linker` calls it on every `Err`:
//! `Ok(e)` is returned to the guest as the WIT error value, `Err` traps.
//! The conversion lives on each trait that has a method returning that
//! error.
//!
//! With [`Opts::async_`], host methods return `impl Future<Output = ...> +
//! Send` (the traits require `Send`) and are registered with
//! `func_wrap_async`; export calls become `async fn` using `call_async`,
//! and `instantiate`/`instantiate_pre` become
//! `instantiate_async`/`instantiate_pre_async`.
//!
//! ## The world struct
//!
//! `pub struct <World>` keeps the instance and the export index of each
//! exported function (export calls type-check through `get_typed_func` on
//! each call, which is what lets arguments be borrowed), plus one `Guest`
//! per exported interface, reached through an accessor named after the
//! interface (`foo_foo_records()`, or the export name for inline ones).
//! Its associated functions:
//!
//! * `add_to_linker(linker, get)`: registers every import; requires the
//!   host type to implement all the `Host` traits (and `<World>Imports`).
//! * `add_root_to_linker(linker, get)`: only the world's own imported
//!   functions (present when there are any).
//! * `instantiate(store, &component, &linker) -> Result<(Self, Instance)>`
//!   and `instantiate_pre(store, &instance_pre) -> Result<(Self,
//!   Instance)>`: instantiate and look up the exports.
//! * `new(store, &instance) -> Result<Self>`: look up and type-check the
//!   exports of an existing instance.
//! * `call_<fn>(&self, store, args...)` per exported function.
//!
//! ## Types
//!
//! Records and variants derive hoist's `ComponentType`, `Lift` and
//! `Lower` (with `#[component(record)]` / `#[component(variant)]`) plus
//! `Clone, Debug, PartialEq`, and `Copy` / `Eq` when every field allows;
//! enums also get `Copy, Eq, Hash` and a `#[repr]`; flags use
//! `hoist::component::flags!`. Fields and cases whose Rust name differs
//! from the WIT name carry `#[component(name = "...")]`. `string` is
//! `String`, `list<T>` is `Vec<T>`, `option`/`result`/`tuple` are Rust's own
//! (`()` for a missing `result` side). Under
//! [`Ownership::Borrowing`] export arguments take `&str` and `&[T]`.
//!
//! ## What the generated code needs from `hoist`
//!
//! * `hoist::anyhow` (the crate), and `hoist::tracing` (the crate, behind
//!   a feature) when [`Opts::tracing`] is on.
//! * `hoist::AsContextMut` with an associated `Data` type and
//!   `as_context_mut(&mut self) -> StoreContextMut<'_, Self::Data>`;
//!   `StoreContextMut` implementing `AsContextMut` and having
//!   `data_mut(&mut self) -> &mut T` (callers will also want
//!   `impl AsContextMut for &mut S`).
//! * `hoist::component::{Component, Linker, LinkerInstance, Instance,
//!   InstancePre, TypedFunc, ComponentExportIndex}` with the methods
//!   `Linker::{root, instantiate}`, `LinkerInstance::{instance,
//!   func_wrap}`, `Instance::{get_export_index, get_typed_func}` (and
//!   `Instance: Clone`), `InstancePre::instantiate`,
//!   `TypedFunc::call` (which runs the guest's `post-return`); for
//!   [`Opts::async_`] also `func_wrap_async` (closure returning
//!   `Box<dyn Future<Output = Result<R>> + Send + '_>`), `call_async`,
//!   `Linker::instantiate_async` and `InstancePre::instantiate_async`.
//! * The derives `ComponentType`, `Lift`, `Lower` with the attributes
//!   `#[component(record | variant | enum)]` and `#[component(name =
//!   "...")]` (names are always given for cases, and for fields whose Rust
//!   name differs, raw identifiers included), and `flags!` accepting
//!   outer attributes (docs, extra derives) before the type name and
//!   deriving `Clone, Copy, Debug, PartialEq, Eq, Hash` itself.
//! * Tuples up to 16 elements (and `&str`, `&[T]` under borrowing) as
//!   `TypedFunc`/`func_wrap` parameter and result lists.
//!
//! Generic parameters of generated functions are named `T_` and `U_`,
//! which no WIT type name can turn into.
//!
//! ## Resources
//!
//! A resource of an imported interface (or of the world itself) is the
//! host's: it becomes an uninhabited marker type (`pub enum Counter {}`),
//! handles to it are `hoist::component::Resource<Counter>`, and its
//! constructor (`new`), methods (taking `self_: Resource<Counter>`),
//! static functions and `drop` are the methods of a trait `HostCounter`,
//! a supertrait of the interface's `Host`; `add_to_linker` registers the
//! resource type and its destructor. A resource of an exported interface is
//! the guest's: handles to it are `hoist::component::ResourceAny`, and the
//! interface's `Guest` gives a view `GuestCounter` (`guest.counter()`) with
//! `call_constructor` and `call_<method>`, as in Wasmtime's bindings. A
//! `with` key `ns:pkg/iface/counter` gives an imported resource the host's
//! own Rust type instead of a marker: handles are then `Resource<MyType>`.
//!
//! ## Not supported yet
//!
//! `future`, `stream`, `error-context`, async functions, `map` and
//! fixed-length lists: [`generate`] returns an error naming the interface
//! and the item that uses them.

#![warn(missing_docs)]

mod context;
mod errors;
mod functions;
mod interface;
mod keys;
mod linker;
mod module_tree;
pub mod names;
mod opts;
mod source;
mod types;
mod world;

use std::path::PathBuf;

use anyhow::{anyhow, Result};

pub use opts::{Opts, Ownership};

/// Generates the Rust bindings described by `opts`, formatted with
/// `prettyplease`.
///
/// Fails on invalid WIT (the message is `wit-parser`'s, with file and
/// line), an unknown world, an option key that names nothing, or WIT the
/// generator does not support yet (async).
pub fn generate(opts: &Opts) -> Result<String> {
    generate_with_deps(opts).map(|(code, _)| code)
}

/// Like [`generate`], also returning every file read, so that a macro can
/// make the build depend on them (e.g. with `include_bytes!`).
pub fn generate_with_deps(opts: &Opts) -> Result<(String, Vec<PathBuf>)> {
    let loaded = source::load(opts)?;
    errors::check_world(&loaded.resolve, loaded.world)?;
    let mut ctx = context::Ctx::new(&loaded.resolve, opts, loaded.world);
    keys::resolve_keys(&mut ctx)?;
    let tokens = ctx.generate_world();
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| anyhow!("internal error: the generated bindings do not parse: {e}"))?;
    Ok((prettyplease::unparse(&file), loaded.files))
}
