//! The libcalls: Rust functions that compiled code calls through the vmctx's
//! libcall table (indices and signatures in `hoist_environ::libcalls`).
//!
//! Each checks its own bounds. A failing one records the trap and unwinds with
//! `traps::raise` after everything it owned is gone (its `Result` holds a
//! `Copy` trap only). `memory.grow` and `table.grow` ask the store's
//! resource limiter first; its error (or panic) unwinds the same way.

use super::instance::{mem_range, Instance};
use super::limiter::StoreLimiter;
use super::traps::{raise, UnwindReason};
use super::vmctx::VMStoreContext;
use crate::Trap;
use hoist_environ::offsets::VMOffsets;
use std::panic::AssertUnwindSafe;

/// The libcall table, in `hoist_environ::libcalls::Libcall::ALL` order.
pub static TABLE: LibcallTable = LibcallTable([
    memory_grow as *const (),
    memory_fill as *const (),
    memory_copy as *const (),
    memory_init as *const (),
    data_drop as *const (),
    table_get as *const (),
    table_set as *const (),
    table_grow as *const (),
    table_fill as *const (),
    table_copy as *const (),
    table_init as *const (),
    elem_drop as *const (),
]);

/// The table of libcall addresses.
#[repr(transparent)]
pub struct LibcallTable(pub [*const (); 12]);

// SAFETY: the table is immutable and holds code addresses only.
unsafe impl Sync for LibcallTable {}

impl LibcallTable {
    /// The address of the first entry.
    pub fn as_ptr(&self) -> *const *const () {
        self.0.as_ptr()
    }
}

/// The instance that owns `vmctx`.
///
/// # Safety
/// `vmctx` must be a live core instance's vmctx.
unsafe fn instance<'a>(vmctx: *mut u8) -> &'a mut Instance {
    // SAFETY: the instance pointer was written at allocation and the instance
    // outlives its vmctx; the store gives wasm (and so us) exclusive access.
    unsafe {
        &mut **vmctx
            .add(VMOffsets::INSTANCE as usize)
            .cast::<*mut Instance>()
    }
}

/// The resource limiter of the store that owns `vmctx`, if it has one.
///
/// # Safety
/// `vmctx` must be a live core instance's vmctx, called into by wasm (so
/// its store is exclusively borrowed by the call).
unsafe fn limiter<'a>(vmctx: *mut u8) -> Option<&'a mut StoreLimiter> {
    // SAFETY: the store context pointer was written at allocation and the
    // store outlives its instances; its `limiter` is null or points at the
    // store's boxed limiter, which nothing else borrows while wasm runs.
    unsafe {
        let ctx = *vmctx
            .add(VMOffsets::STORE_CONTEXT as usize)
            .cast::<*const VMStoreContext>();
        (*ctx).limiter.as_mut()
    }
}

/// The result of a grow that asked the limiter: the old size, -1 when
/// refused or failed; an error or a panic of the limiter unwinds.
fn grow_result(r: std::thread::Result<anyhow::Result<Option<u32>>>) -> u32 {
    let reason = match r {
        Ok(Ok(Some(old))) => return old,
        Ok(Ok(None)) => return u32::MAX,
        Ok(Err(e)) => UnwindReason::Host(e),
        Err(panic) => UnwindReason::Panic(panic),
    };
    // SAFETY: called from a grow libcall, which wasm called inside
    // `catch_traps`; everything else the libcall owned is gone.
    unsafe { raise(reason) }
}

fn check(r: Result<(), Trap>) {
    if let Err(t) = r {
        // SAFETY: called from a libcall, which wasm called inside `catch_traps`;
        // the libcall frame owns nothing with a destructor at this point.
        unsafe { raise(UnwindReason::Trap(t)) }
    }
}

unsafe extern "C" fn memory_grow(vmctx: *mut u8, mem: u32, delta: u32) -> u32 {
    let r = std::panic::catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: compiled code passes its own vmctx and a valid memory
        // index; the memory and the limiter are distinct objects.
        let (m, limiter) = unsafe { (&mut *instance(vmctx).memory(mem), limiter(vmctx)) };
        let old = m.grow_limited(u64::from(delta), limiter)?;
        Ok(old.map(|pages| pages as u32))
    }));
    grow_result(r)
}

unsafe extern "C" fn memory_fill(vmctx: *mut u8, mem: u32, dst: u32, val: u32, len: u32) {
    // SAFETY: as in `memory_grow`.
    let m = unsafe { &mut *instance(vmctx).memory(mem) };
    let r = mem_range(dst, len, m.data().len()).map(|r| m.data_mut()[r].fill(val as u8));
    check(r);
}

unsafe extern "C" fn memory_copy(
    vmctx: *mut u8,
    dst_mem: u32,
    dst: u32,
    src_mem: u32,
    src: u32,
    len: u32,
) {
    // SAFETY: as in `memory_grow`.
    let inst = unsafe { instance(vmctx) };
    let (dm, sm) = (inst.memory(dst_mem), inst.memory(src_mem));
    let r = (|| {
        // SAFETY: both pointers are live memories of this store; the ranges are
        // checked first, and `ptr::copy` allows them to overlap.
        unsafe {
            let s = mem_range(src, len, (*sm).data().len())?;
            let d = mem_range(dst, len, (*dm).data().len())?;
            let from = (*sm).data().as_ptr().add(s.start);
            let to = (*dm).data_mut().as_mut_ptr().add(d.start);
            std::ptr::copy(from, to, len as usize);
        }
        Ok(())
    })();
    check(r);
}

unsafe extern "C" fn memory_init(
    vmctx: *mut u8,
    mem: u32,
    data: u32,
    dst: u32,
    src: u32,
    len: u32,
) {
    // SAFETY: compiled code passes its own vmctx and valid indices.
    let r = unsafe { instance(vmctx) }.memory_init(mem, data, dst, src, len);
    check(r);
}

unsafe extern "C" fn data_drop(vmctx: *mut u8, data: u32) {
    // SAFETY: as in `memory_init`.
    unsafe { instance(vmctx) }.data_drop(data);
}

unsafe extern "C" fn table_get(vmctx: *mut u8, table: u32, index: u32) -> usize {
    // SAFETY: as in `memory_init`.
    let t = unsafe { &*instance(vmctx).table(table) };
    match t.get(index) {
        Ok(v) => v,
        Err(trap) => {
            check(Err(trap));
            0
        }
    }
}

unsafe extern "C" fn table_set(vmctx: *mut u8, table: u32, index: u32, value: usize) {
    // SAFETY: as in `memory_init`.
    let t = unsafe { &mut *instance(vmctx).table(table) };
    check(t.set(index, value));
}

unsafe extern "C" fn table_grow(vmctx: *mut u8, table: u32, delta: u32, init: usize) -> u32 {
    let r = std::panic::catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: as in `memory_grow`.
        let (t, limiter) = unsafe { (&mut *instance(vmctx).table(table), limiter(vmctx)) };
        t.grow_limited(delta, init, limiter)
    }));
    grow_result(r)
}

unsafe extern "C" fn table_fill(vmctx: *mut u8, table: u32, dst: u32, value: usize, len: u32) {
    // SAFETY: as in `memory_init`.
    let t = unsafe { &mut *instance(vmctx).table(table) };
    check(t.fill(dst, value, len));
}

unsafe extern "C" fn table_copy(
    vmctx: *mut u8,
    dst_table: u32,
    src_table: u32,
    dst: u32,
    src: u32,
    len: u32,
) {
    // SAFETY: as in `memory_init`.
    let inst = unsafe { instance(vmctx) };
    let (dt, st) = (inst.table(dst_table), inst.table(src_table));
    let r = if dt == st {
        // SAFETY: a live table of this store.
        unsafe { (*dt).copy_within(dst, src, len) }
    } else {
        // SAFETY: a live table of this store; the elements are copied out
        // before the other table is borrowed.
        let items = unsafe { (*st).slice(src, len).map(|s| s.to_vec()) };
        items.and_then(|items| {
            // SAFETY: a live table of this store, distinct from `st`, and no
            // borrow of `st` is held any more.
            unsafe { (*dt).slice_mut(dst, len) }.map(|d| d.copy_from_slice(&items))
        })
    };
    check(r);
}

unsafe extern "C" fn table_init(
    vmctx: *mut u8,
    table: u32,
    elem: u32,
    dst: u32,
    src: u32,
    len: u32,
) {
    // SAFETY: as in `memory_init`.
    let r = unsafe { instance(vmctx) }.table_init(table, elem, dst, src, len);
    check(r);
}

unsafe extern "C" fn elem_drop(vmctx: *mut u8, elem: u32) {
    // SAFETY: as in `memory_init`.
    unsafe { instance(vmctx) }.elem_drop(elem);
}

#[cfg(test)]
mod tests {
    #[test]
    fn table_has_one_entry_per_libcall() {
        assert_eq!(
            super::TABLE.0.len(),
            hoist_environ::libcalls::Libcall::ALL.len()
        );
    }
}
