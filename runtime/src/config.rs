//! [`Config`]: the settings an [`Engine`](crate::Engine) is built from.
//!
//! Only plain settings live here; turning them into a Cranelift ISA happens in
//! `compile::isa`.

/// How much Cranelift optimises generated code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum OptLevel {
    /// No optimisation: fastest compilation.
    None,
    /// Optimise for speed (the default).
    #[default]
    Speed,
    /// Optimise for speed and code size.
    SpeedAndSize,
}

/// How loads and stores into linear memory are kept inside the sandbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum BoundsChecks {
    /// Reserve the whole 4 GiB of a 32-bit memory plus a guard region, and let
    /// an out-of-bounds access fault into a trap. No check is compiled for
    /// accesses whose static offset fits in the guard (the default).
    ///
    /// Where [`Config::memory_reservation`] and [`Config::memory_guard_size`]
    /// together no longer cover the 4 GiB index space plus an access's
    /// offset, that access gets an explicit check instead, whatever this
    /// says: the engine picks it per access when it compiles.
    #[default]
    GuardPages,
    /// Compare every access against the memory's current length.
    Explicit,
}

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
}

impl Default for Config {
    fn default() -> Config {
        Config {
            opt_level: OptLevel::Speed,
            bounds_checks: BoundsChecks::GuardPages,
            memory_reservation: 4 << 30,
            memory_guard_size: crate::compile::GUARD_SIZE,
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
