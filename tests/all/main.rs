//! hoist's integration tests, in one test binary (as Wasmtime's
//! `tests/all`), so that a build links them once: each module below was a
//! test binary of its own, and [`support`] holds what several of them share.
//!
//! A module's tests are named after it, so a filter picks one out:
//! `cargo test --test all -- component_async::` runs the async component
//! tests, `cargo test --test all -- spec_core::` the core spec suite (its
//! summary printed past the capture). Fixtures stay where they were:
//! `tests/guests/`, `tests/wasi/`, `tests/wast/`, `tests/ui/`.
//!
//! `component_typed_alloc` installs the binary's global allocator: the
//! system allocator, counting allocations only on a thread that asks it to.

mod support;

mod api;
mod bindgen_async;
mod bindgen_errors;
mod bindgen_everything;
mod bindgen_options;
mod bindgen_resources;
mod bindgen_tracing;
mod component_adapters;
mod component_api;
mod component_async;
mod component_host_helpers;
mod component_hostile;
mod component_introspection;
mod component_reexport;
mod component_resources;
mod component_semver;
mod component_typed_alloc;
mod component_wave;
mod config;
mod derive;
mod differential;
mod extended_const;
mod flags;
mod guests_load;
mod host_calls;
mod hostile_components;
mod hostile_modules;
mod interrupt;
mod limits;
mod macros_ui;
mod simd;
mod spec_component;
mod spec_core;
mod stack_limits;
mod threads;
mod traps;
mod wasi_filesystem;
mod wasi_host;
#[cfg(feature = "wasi-http")]
mod wasi_http;
mod wasi_programs;
mod wasi_sockets;
