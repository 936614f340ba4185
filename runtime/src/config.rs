//! [`Config`]: the settings an [`Engine`](crate::Engine) is built from.
//!
//! Only plain settings live here, named as Wasmtime's so that configuration
//! code ported from Wasmtime compiles: the proposals hoist implements can be
//! turned on and off; those it does not (relaxed SIMD, threads, tail calls,
//! GC, function references, memory64, exceptions) can be turned off, and
//! turned on they make [`Engine::new`](crate::Engine::new) fail with an error
//! naming the setting ([`Config::check_supported`]). Turning the settings
//! into a Cranelift ISA happens in `hoist_environ::compile::build_isa_at`.

use hoist_environ::memory_layout::MemoryLayout;
pub use hoist_environ::{BoundsChecks, OptLevel};

/// Settings for an [`Engine`](crate::Engine).
///
/// ```
/// use hoist_runtime::{BoundsChecks, Config, Engine, OptLevel};
/// let mut config = Config::new();
/// config.cranelift_opt_level(OptLevel::Speed).bounds_checks(BoundsChecks::Explicit);
/// let engine = Engine::new(&config).unwrap();
/// # drop(engine);
/// ```
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) opt_level: OptLevel,
    pub(crate) bounds_checks: BoundsChecks,
    pub(crate) memory_reservation: u64,
    pub(crate) memory_guard_size: u64,
    pub(crate) memory_may_move: bool,
    pub(crate) max_wasm_stack: usize,
    pub(crate) parallel_compilation: bool,
    pub(crate) consume_fuel: bool,
    pub(crate) epoch_interruption: bool,
    pub(crate) features: Features,
}

/// The WebAssembly proposals an engine accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Features {
    pub multi_value: bool,
    pub bulk_memory: bool,
    pub reference_types: bool,
    pub sign_extension: bool,
    pub saturating_float_to_int: bool,
    pub mutable_global: bool,
    pub multi_memory: bool,
    pub simd: bool,
    pub extended_const: bool,
    pub component_model: bool,
    /// The proposals hoist does not implement: only `false` is valid.
    pub relaxed_simd: bool,
    pub threads: bool,
    pub tail_call: bool,
    pub gc: bool,
    pub function_references: bool,
    pub memory64: bool,
    pub exceptions: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            opt_level: OptLevel::Speed,
            bounds_checks: BoundsChecks::GuardPages,
            memory_reservation: 4 << 30,
            memory_guard_size: hoist_environ::memory_layout::GUARD_SIZE,
            memory_may_move: true,
            max_wasm_stack: 512 * 1024,
            parallel_compilation: true,
            consume_fuel: false,
            epoch_interruption: false,
            features: Features {
                multi_value: true,
                bulk_memory: true,
                reference_types: true,
                sign_extension: true,
                saturating_float_to_int: true,
                mutable_global: true,
                multi_memory: true,
                simd: true,
                extended_const: true,
                component_model: true,
                relaxed_simd: false,
                threads: false,
                tail_call: false,
                gc: false,
                function_references: false,
                memory64: false,
                exceptions: false,
            },
        }
    }
}

impl Config {
    /// The default configuration.
    pub fn new() -> Config {
        Config::default()
    }

    /// Sets Cranelift's optimisation level.
    pub fn cranelift_opt_level(&mut self, level: OptLevel) -> &mut Self {
        self.opt_level = level;
        self
    }

    /// Selects how linear-memory accesses are bounds-checked.
    pub fn bounds_checks(&mut self, strategy: BoundsChecks) -> &mut Self {
        self.bounds_checks = strategy;
        self
    }

    /// The address space each linear memory reserves, in bytes, rounded up
    /// to whole 64 KiB pages (default 4 GiB: a 32-bit memory never moves and,
    /// with the guard, needs no bounds checks). A memory whose minimum is
    /// larger reserves its minimum.
    ///
    /// Every memory takes `reservation + guard` bytes of address space, so
    /// the defaults cap a process at about 21 000 live memories (128 TiB of
    /// user address space on x86-64). With 1 MiB and a 64 KiB guard a
    /// process holds millions. The costs: accesses that the reservation and
    /// guard no longer cover get explicit bounds checks (see
    /// [`BoundsChecks`]), and a memory that grows past its reservation moves
    /// to a larger one, its contents copied (or, with
    /// [`Config::memory_may_move`]`(false)`, the grow fails: `memory.grow`
    /// returns -1). Code reloads the base of a memory that may move at each
    /// access.
    ///
    /// ```
    /// # fn main() -> anyhow::Result<()> {
    /// use hoist_runtime::{Config, Engine, Instance, Module, Store};
    /// let mut config = Config::new();
    /// config.memory_reservation(1 << 20).memory_guard_size(64 << 10);
    /// let engine = Engine::new(&config)?;
    /// let module = Module::new(&engine, r#"(module (memory (export "m") 1)
    ///     (func (export "grow") (param i32) (result i32) local.get 0 memory.grow))"#)?;
    /// let mut store = Store::new(&engine, ());
    /// let instance = Instance::new(&mut store, &module, &[])?;
    /// let grow = instance.get_typed_func::<i32, i32>(&mut store, "grow")?;
    /// assert_eq!(grow.call(&mut store, 100)?, 1); // past 1 MiB: the memory moves
    /// assert_eq!(instance.get_memory(&mut store, "m").unwrap().size(&store), 101);
    /// # Ok(()) }
    /// ```
    pub fn memory_reservation(&mut self, bytes: u64) -> &mut Self {
        self.memory_reservation = bytes;
        self
    }

    /// The inaccessible region after each memory's reservation, in bytes
    /// (default 2 GiB). An access past the end of the reservation that
    /// lands in it faults and traps; compiled code relies on it to skip
    /// bounds checks only where reservation and guard together cover the
    /// whole 32-bit index space plus the access's offset (see
    /// [`Config::memory_reservation`]).
    pub fn memory_guard_size(&mut self, bytes: u64) -> &mut Self {
        self.memory_guard_size = bytes;
        self
    }

    /// Whether a memory that grows past its reservation
    /// ([`Config::memory_reservation`]) may move to a larger one, its
    /// contents copied (default on). Off, such a grow fails instead
    /// (`memory.grow` returns -1, [`Memory::grow`](crate::Memory::grow)
    /// errs), and the base of every memory stays where it is for its life.
    /// With the default 4 GiB reservation no memory ever moves.
    pub fn memory_may_move(&mut self, enable: bool) -> &mut Self {
        self.memory_may_move = enable;
        self
    }

    /// The most native stack that WebAssembly frames may use, in bytes
    /// (default 512 KiB). Deeper recursion traps with
    /// [`Trap::StackOverflow`](crate::Trap::StackOverflow).
    ///
    /// On a stack with less room than this (a small thread, or a large
    /// limit on the main thread), wasm gets what the stack really has
    /// left, less a reserve for the host functions it calls (a quarter of
    /// the stack, between 16 and 128 KiB), so recursion still traps instead
    /// of overflowing the native stack. Where the stack's bounds cannot be
    /// read (other than Linux), only this limit applies.
    pub fn max_wasm_stack(&mut self, bytes: usize) -> &mut Self {
        self.max_wasm_stack = bytes;
        self
    }

    /// Whether the functions of a module compile on several threads (default on).
    pub fn parallel_compilation(&mut self, enable: bool) -> &mut Self {
        self.parallel_compilation = enable;
        self
    }

    /// Whether compiled code consumes fuel (default off): one unit per
    /// operator, roughly. A store starts with none; give it some with
    /// [`Store::set_fuel`](crate::Store::set_fuel). Once none is left, code
    /// traps with [`Trap::OutOfFuel`](crate::Trap::OutOfFuel) at the next
    /// function entry or loop iteration. Counting costs time: enable it only to bound
    /// how long guests run deterministically.
    pub fn consume_fuel(&mut self, enable: bool) -> &mut Self {
        self.consume_fuel = enable;
        self
    }

    /// Whether compiled code checks the engine's epoch (default off): at each
    /// function entry and loop iteration it compares
    /// [`Engine::increment_epoch`](crate::Engine::increment_epoch)'s counter
    /// with the store's deadline ([`Store::set_epoch_deadline`](crate::Store::set_epoch_deadline))
    /// and traps with [`Trap::Interrupt`](crate::Trap::Interrupt) once it is
    /// reached. This is the cheap way to stop a runaway guest from another
    /// thread. A store's deadline starts at 0, so set one before calling.
    pub fn epoch_interruption(&mut self, enable: bool) -> &mut Self {
        self.epoch_interruption = enable;
        self
    }

    /// Enables or disables the multi-value proposal.
    pub fn wasm_multi_value(&mut self, enable: bool) -> &mut Self {
        self.features.multi_value = enable;
        self
    }

    /// Enables or disables the bulk-memory proposal.
    pub fn wasm_bulk_memory(&mut self, enable: bool) -> &mut Self {
        self.features.bulk_memory = enable;
        self
    }

    /// Enables or disables the reference-types proposal.
    pub fn wasm_reference_types(&mut self, enable: bool) -> &mut Self {
        self.features.reference_types = enable;
        self
    }

    /// Enables or disables the sign-extension operators.
    pub fn wasm_sign_extension(&mut self, enable: bool) -> &mut Self {
        self.features.sign_extension = enable;
        self
    }

    /// Enables or disables the non-trapping float-to-int conversions.
    pub fn wasm_saturating_float_to_int(&mut self, enable: bool) -> &mut Self {
        self.features.saturating_float_to_int = enable;
        self
    }

    /// Enables or disables importing and exporting mutable globals.
    pub fn wasm_mutable_global(&mut self, enable: bool) -> &mut Self {
        self.features.mutable_global = enable;
        self
    }

    /// Enables or disables fixed-width SIMD (the `v128` type and its
    /// operators; default on). The host CPU must have SSE4.1 on x86-64.
    pub fn wasm_simd(&mut self, enable: bool) -> &mut Self {
        self.features.simd = enable;
        self
    }

    /// Enables or disables the multi-memory proposal.
    pub fn wasm_multi_memory(&mut self, enable: bool) -> &mut Self {
        self.features.multi_memory = enable;
        self
    }

    /// Enables or disables the extended-constant-expressions proposal
    /// (default on, as in WebAssembly 3.0): `i32.add`, `i32.sub`,
    /// `i32.mul` and their `i64` forms in constant expressions (global
    /// initialisers, segment offsets, element items), as in
    /// `global.get $base i32.const 16 i32.add`. Toolchains that build
    /// position-independent code emit them. Off, a module that uses them
    /// fails validation ("constant expression required").
    pub fn wasm_extended_const(&mut self, enable: bool) -> &mut Self {
        self.features.extended_const = enable;
        self
    }

    /// Enables or disables the component model (default on): off,
    /// [`Component::new`](crate::component::Component::new) refuses every
    /// component with an error naming this setting. Core modules are not
    /// affected.
    pub fn wasm_component_model(&mut self, enable: bool) -> &mut Self {
        self.features.component_model = enable;
        self
    }

    /// The relaxed-SIMD proposal. hoist does not implement it: `false` (the
    /// default) is accepted, and `true` makes [`Engine::new`](crate::Engine::new)
    /// fail with an error naming this setting.
    pub fn wasm_relaxed_simd(&mut self, enable: bool) -> &mut Self {
        self.features.relaxed_simd = enable;
        self
    }

    /// The threads proposal (shared memories and atomics). hoist does not
    /// implement it: `false` (the default) is accepted, and `true` makes
    /// [`Engine::new`](crate::Engine::new) fail with an error naming this
    /// setting. (Host threads sharing an engine need no setting.)
    pub fn wasm_threads(&mut self, enable: bool) -> &mut Self {
        self.features.threads = enable;
        self
    }

    /// The tail-call proposal (`return_call`). hoist does not implement it:
    /// `false` (the default) is accepted, and `true` makes
    /// [`Engine::new`](crate::Engine::new) fail with an error naming this
    /// setting.
    pub fn wasm_tail_call(&mut self, enable: bool) -> &mut Self {
        self.features.tail_call = enable;
        self
    }

    /// The garbage-collection proposal. hoist does not implement it: `false`
    /// (the default) is accepted, and `true` makes
    /// [`Engine::new`](crate::Engine::new) fail with an error naming this
    /// setting.
    pub fn wasm_gc(&mut self, enable: bool) -> &mut Self {
        self.features.gc = enable;
        self
    }

    /// The typed-function-references proposal. hoist does not implement it:
    /// `false` (the default) is accepted, and `true` makes
    /// [`Engine::new`](crate::Engine::new) fail with an error naming this
    /// setting.
    pub fn wasm_function_references(&mut self, enable: bool) -> &mut Self {
        self.features.function_references = enable;
        self
    }

    /// The memory64 proposal (64-bit memories). hoist does not implement it:
    /// `false` (the default) is accepted, and `true` makes
    /// [`Engine::new`](crate::Engine::new) fail with an error naming this
    /// setting.
    pub fn wasm_memory64(&mut self, enable: bool) -> &mut Self {
        self.features.memory64 = enable;
        self
    }

    /// The exception-handling proposal. hoist does not implement it: `false`
    /// (the default) is accepted, and `true` makes
    /// [`Engine::new`](crate::Engine::new) fail with an error naming this
    /// setting.
    pub fn wasm_exceptions(&mut self, enable: bool) -> &mut Self {
        self.features.exceptions = enable;
        self
    }

    /// Accepted for Wasmtime compatibility, and has no effect: hoist's async
    /// API (`call_async`, `instantiate_async`, `func_wrap_async`) works
    /// whatever this says, and so do the synchronous calls. (Wasmtime
    /// requires it on for the async API and off for the synchronous one.)
    pub fn async_support(&mut self, enable: bool) -> &mut Self {
        let _ = enable;
        self
    }

    /// Accepted for Wasmtime compatibility, and has no effect yet: hoist
    /// emits no DWARF for compiled code, whatever this says.
    pub fn debug_info(&mut self, enable: bool) -> &mut Self {
        let _ = enable;
        self
    }

    /// Fails, naming the first setting that turns on a proposal hoist does
    /// not implement; called by [`Engine::new`](crate::Engine::new).
    pub(crate) fn check_supported(&self) -> anyhow::Result<()> {
        let f = &self.features;
        let unsupported = [
            (f.relaxed_simd, "wasm_relaxed_simd", "relaxed SIMD"),
            (f.threads, "wasm_threads", "threads"),
            (f.tail_call, "wasm_tail_call", "tail calls"),
            (f.gc, "wasm_gc", "garbage collection"),
            (
                f.function_references,
                "wasm_function_references",
                "typed function references",
            ),
            (f.memory64, "wasm_memory64", "memory64"),
            (f.exceptions, "wasm_exceptions", "exception handling"),
        ];
        match unsupported.into_iter().find(|(on, ..)| *on) {
            Some((_, setting, proposal)) => Err(anyhow::anyhow!(
                "`Config::{setting}(true)`: hoist does not support the {proposal} proposal"
            )),
            None => Ok(()),
        }
    }

    /// `message`, a validator error, with the `Config` setting behind it
    /// named: the validator names the proposal ("SIMD support is not
    /// enabled"), a porter looks for the switch. `None` when no switch that
    /// is off explains it.
    pub(crate) fn explain_refusal(&self, message: &str) -> Option<String> {
        let f = &self.features;
        // (setting on, validator's words, setting, implemented by hoist);
        // longer descriptions first: "relaxed SIMD" before "SIMD".
        let wording = [
            (
                f.relaxed_simd,
                "relaxed SIMD support",
                "wasm_relaxed_simd",
                false,
            ),
            (f.simd, "SIMD support", "wasm_simd", true),
            (
                f.bulk_memory,
                "bulk memory support",
                "wasm_bulk_memory",
                true,
            ),
            (
                f.reference_types,
                "reference types support",
                "wasm_reference_types",
                true,
            ),
            (f.multi_value, "multi-value", "wasm_multi_value", true),
            (
                f.sign_extension,
                "sign extension operations support",
                "wasm_sign_extension",
                true,
            ),
            (
                f.saturating_float_to_int,
                "saturating float to int conversions support",
                "wasm_saturating_float_to_int",
                true,
            ),
            (
                f.mutable_global,
                "mutable global support",
                "wasm_mutable_global",
                true,
            ),
            (f.threads, "threads support", "wasm_threads", false),
            (f.threads, "threads must be enabled", "wasm_threads", false),
            (f.tail_call, "tail calls support", "wasm_tail_call", false),
            (
                f.exceptions,
                "exceptions proposal",
                "wasm_exceptions",
                false,
            ),
            (
                f.memory64,
                "memory64 must be enabled",
                "wasm_memory64",
                false,
            ),
        ];
        match wording
            .into_iter()
            .find(|(_, words, ..)| message.contains(words))
        {
            Some((false, _, setting, true)) => Some(format!(
                "{message} (turned off by `Config::{setting}(false)`)"
            )),
            Some((false, _, setting, false)) => Some(format!(
                "{message} (hoist does not support it: `Config::{setting}`)"
            )),
            _ => None,
        }
    }

    /// How this configuration lays memories out in the address space,
    /// which compiled code and `vm::memory` both follow.
    pub(crate) fn memory_layout(&self) -> MemoryLayout {
        MemoryLayout::new(
            self.memory_reservation,
            self.memory_guard_size,
            self.memory_may_move,
        )
    }

    /// The `wasmparser` feature set this configuration validates against.
    pub(crate) fn wasm_features(&self) -> wasmparser::WasmFeatures {
        use wasmparser::WasmFeatures as F;
        let f = &self.features;
        let mut out = F::FLOATS | F::GC_TYPES;
        out.set(F::MULTI_VALUE, f.multi_value);
        out.set(F::BULK_MEMORY, f.bulk_memory);
        out.set(F::REFERENCE_TYPES, f.reference_types);
        out.set(F::SIGN_EXTENSION, f.sign_extension);
        out.set(F::SATURATING_FLOAT_TO_INT, f.saturating_float_to_int);
        out.set(F::MUTABLE_GLOBAL, f.mutable_global);
        out.set(F::MULTI_MEMORY, f.multi_memory);
        out.set(F::SIMD, f.simd);
        out.set(F::EXTENDED_CONST, f.extended_const);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memories_reserve_4_gib_and_2_gib_of_guard_by_default() {
        let layout = Config::new().memory_layout();
        assert_eq!((layout.reservation, layout.guard), (4 << 30, 2 << 30));
        assert!(!layout.base_may_move(None));
        let mut config = Config::new();
        config.memory_reservation(1).memory_may_move(false);
        let layout = config.memory_layout();
        assert_eq!(layout.reservation, 65536);
        assert!(!layout.base_may_move(None));
    }
}
