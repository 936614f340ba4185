//! Thread-locals read afresh: [`fresh`] runs a closure on a thread-local
//! the way a plain `with` does, but the compiler can neither inline it nor
//! reuse an earlier result of it.
//!
//! Code on a fiber (`vm::fiber`) may suspend on one thread and resume on
//! another inside a call that looks ordinary to the compiler (the register
//! switch). A function that touched a thread-local before such a call may
//! keep that thread-local's *address* in a register and use it after: the
//! first thread's variable. Every thread-local access that can follow a
//! suspension in the same function goes through [`fresh`] instead. Nothing
//! else lives here.

use std::thread::LocalKey;

/// Runs `f` on this thread's `key`, with the thread-local's address
/// computed here and now.
#[inline(never)]
pub(crate) fn fresh<T: 'static, R>(key: &'static LocalKey<T>, f: impl FnOnce(&T) -> R) -> R {
    // SAFETY: an empty assembly block: it does nothing, but the compiler
    // must assume it reads and writes memory, so this function has effects
    // and a call to it is never merged with an earlier one.
    unsafe { std::arch::asm!("", options(nostack, preserves_flags)) };
    key.with(f)
}
