//! The settings that change what the compiler produces: the optimisation
//! level ([`OptLevel`]) and how memory accesses are bounds-checked
//! ([`BoundsChecks`]). The runtime's `Config` holds them with the settings
//! that only matter at run time.

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
    /// Where the runtime's `Config::memory_reservation` and `Config::memory_guard_size`
    /// together no longer cover the 4 GiB index space plus an access's
    /// offset, that access gets an explicit check instead, whatever this
    /// says: the engine picks it per access when it compiles.
    #[default]
    GuardPages,
    /// Compare every access against the memory's current length.
    Explicit,
}
