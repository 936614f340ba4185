//! The `#[repr(C)]` structures that compiled code reads and writes.
//!
//! Their field offsets are fixed in `hoist_environ::offsets` (the one owner of the
//! layout); a test below checks that the two agree. The vmctx block itself is
//! allocated and filled in `vm::instance`.

use crate::values::ValRaw;

/// A function as compiled code sees it: where to call, with which vmctx, and
/// its engine-wide type id (compared by `call_indirect`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct VMFuncRef {
    /// Native entry point with the signature `(callee_vmctx, caller_vmctx, params…) -> results…`.
    pub native_call: *const u8,
    /// The callee's vmctx (a core instance's vmctx, or a host function's context).
    pub vmctx: *mut u8,
    /// Engine-wide type id.
    pub type_id: u32,
    /// Padding to the 24-byte size that compiled code assumes.
    pub _pad: u32,
}

/// The part of a linear memory that compiled code reads.
#[repr(C)]
#[derive(Debug)]
pub struct VMMemoryDefinition {
    /// Start of the memory. It moves only when the memory grows past a
    /// reservation smaller than its maximum (see
    /// `hoist_environ::memory_layout`); compiled code reloads it then.
    pub base: *mut u8,
    /// Accessible length in bytes.
    pub current_length: usize,
}

/// The part of a table that compiled code reads.
#[repr(C)]
#[derive(Debug)]
pub struct VMTableDefinition {
    /// Start of the element array (each element a pointer-sized reference).
    pub base: *mut usize,
    /// Number of elements.
    pub current_elements: usize,
}

/// A global's storage: 16 bytes, holding the value at offset 0.
#[repr(C, align(16))]
#[derive(Clone, Copy, Debug, Default)]
pub struct VMGlobalDefinition {
    /// The raw value.
    pub value: ValRaw,
}

/// Per-store state that every instance of the store points to.
///
/// Compiled code reads it through a raw pointer while the store is borrowed
/// by the call into wasm, so the runtime updates its fields through a shared
/// reference. They are atomics (same layout as the plain integers that
/// compiled code loads; `Relaxed` costs a plain `mov`) so that the store
/// stays `Sync` without a data race even in principle.
#[repr(C)]
#[derive(Debug)]
pub struct VMStoreContext {
    /// The lowest stack address wasm frames may use; `usize::MAX` while no wasm runs.
    pub stack_limit: std::sync::atomic::AtomicUsize,
    /// Fuel used minus fuel given: code that consumes fuel runs while it is
    /// at most zero (`Config::consume_fuel`).
    pub fuel: std::sync::atomic::AtomicI64,
    /// The epoch at which code that checks epochs traps
    /// (`Config::epoch_interruption`).
    pub epoch_deadline: std::sync::atomic::AtomicU64,
    /// The engine's epoch counter, which outlives the store (the store
    /// holds the engine).
    pub epoch: *const std::sync::atomic::AtomicU64,
    /// The store's resource limiter, or null. Not read by compiled code:
    /// libcalls that grow memories and tables find it here.
    pub limiter: *mut super::limiter::StoreLimiter,
}

impl Default for VMStoreContext {
    fn default() -> Self {
        VMStoreContext {
            stack_limit: std::sync::atomic::AtomicUsize::new(usize::MAX),
            fuel: std::sync::atomic::AtomicI64::new(0),
            epoch_deadline: std::sync::atomic::AtomicU64::new(0),
            epoch: std::ptr::null(),
            limiter: std::ptr::null_mut(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hoist_environ::offsets as off;
    use std::mem::{offset_of, size_of};

    #[test]
    fn layouts_match_the_offsets_the_compiler_uses() {
        assert_eq!(size_of::<VMFuncRef>() as u32, off::FUNCREF_SIZE);
        assert_eq!(
            offset_of!(VMFuncRef, native_call) as u32,
            off::FUNCREF_NATIVE_CALL
        );
        assert_eq!(offset_of!(VMFuncRef, vmctx) as u32, off::FUNCREF_VMCTX);
        assert_eq!(offset_of!(VMFuncRef, type_id) as u32, off::FUNCREF_TYPE_ID);
        assert_eq!(
            offset_of!(VMMemoryDefinition, base) as u32,
            off::MEMORY_BASE
        );
        assert_eq!(
            offset_of!(VMMemoryDefinition, current_length) as u32,
            off::MEMORY_LENGTH
        );
        assert_eq!(offset_of!(VMTableDefinition, base) as u32, off::TABLE_BASE);
        assert_eq!(
            offset_of!(VMTableDefinition, current_elements) as u32,
            off::TABLE_LENGTH
        );
        assert_eq!(
            offset_of!(VMStoreContext, stack_limit) as u32,
            off::STORE_CONTEXT_STACK_LIMIT
        );
        assert_eq!(
            offset_of!(VMStoreContext, fuel) as u32,
            off::STORE_CONTEXT_FUEL
        );
        assert_eq!(
            offset_of!(VMStoreContext, epoch_deadline) as u32,
            off::STORE_CONTEXT_EPOCH_DEADLINE
        );
        assert_eq!(
            offset_of!(VMStoreContext, epoch) as u32,
            off::STORE_CONTEXT_EPOCH_PTR
        );
        assert_eq!(size_of::<VMGlobalDefinition>(), 16);
    }
}
