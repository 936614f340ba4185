//! Entering and leaving WebAssembly: [`catch_traps`] and [`raise`].
//!
//! Every call into wasm goes through `catch_traps`, which pushes an
//! [`Activation`] onto a thread-local chain (so host → wasm → host → wasm
//! nests) and runs the body under `sigsetjmp` (see `helpers.c`). A trap, a host
//! error or a host panic records its [`UnwindReason`] in the innermost
//! activation and `siglongjmp`s back. The frames skipped are wasm frames, the
//! C frame and shims that own nothing with a destructor by then.
//!
//! The signal handler that turns faults into traps is in `vm::signals`.

use super::vmctx::VMStoreContext;
use crate::Trap;
use std::any::Any;
use std::cell::{Cell, UnsafeCell};
use std::ffi::c_void;
use std::sync::atomic::Ordering::Relaxed;

/// Why a wasm activation ended early.
pub enum UnwindReason {
    /// A wasm trap.
    Trap(Trap),
    /// A host function returned an error.
    Host(anyhow::Error),
    /// A host function panicked; the payload resumes in the caller.
    Panic(Box<dyn Any + Send>),
}

/// One entry into wasm on this thread.
pub struct Activation {
    jmp_buf: UnsafeCell<*mut c_void>,
    prev: *const Activation,
    reason: UnsafeCell<Option<UnwindReason>>,
}

thread_local! {
    static CURRENT: Cell<*const Activation> = const { Cell::new(std::ptr::null()) };
}

/// The innermost activation of this thread, or null.
#[inline]
pub(crate) fn current() -> *const Activation {
    CURRENT.with(|c| c.get())
}

/// Makes `chain` this thread's chain of activations and returns the one it
/// replaces. Fibers (`vm::fiber`) keep their own chain: swapped in while
/// they run and out while they are suspended.
pub(crate) fn swap_current(chain: *const Activation) -> *const Activation {
    super::tls::fresh(&CURRENT, |c| c.replace(chain))
}

unsafe extern "C" {
    fn hoist_catch(slot: *mut *mut c_void, body: extern "C" fn(*mut u8), data: *mut u8) -> i32;
    fn hoist_unwind(buf: *mut c_void) -> !;
}

extern "C" fn call_body<F: FnOnce()>(data: *mut u8) {
    // SAFETY: `data` is the `Option<F>` that `catch_traps` passes, alive for
    // the whole call.
    let slot = unsafe { &mut *data.cast::<Option<F>>() };
    if let Some(f) = slot.take() {
        f();
    }
}

/// Runs `body`, which calls into wasm, catching traps.
///
/// `body` must own nothing with a destructor that matters: a trap skips its
/// frame. Sets the store's stack limit on the outermost entry (and on an
/// entry on another stack), from `max_wasm_stack` and the bounds of the
/// stack it runs on (`vm::stack::wasm_stack_limit`).
#[inline]
pub fn catch_traps<F: FnOnce()>(
    store_ctx: &VMStoreContext,
    max_wasm_stack: usize,
    body: F,
) -> Result<(), UnwindReason> {
    super::signals::ensure_installed();
    let act = Activation {
        jmp_buf: UnsafeCell::new(std::ptr::null_mut()),
        prev: current(),
        reason: UnsafeCell::new(None),
    };
    // The outermost entry sets the store's stack limit (see `vm::stack`);
    // nested entries (host → wasm) keep it, unless they run on another
    // stack than the one it was computed for (a fiber started by a host
    // function), which gets a limit of its own until it returns.
    let here = &act as *const Activation as usize;
    let prev_limit = store_ctx.stack_limit.load(Relaxed);
    let own_limit =
        prev_limit == usize::MAX || !super::stack::limit_is_for_this_stack(prev_limit, here);
    if own_limit {
        store_ctx.stack_limit.store(
            super::stack::wasm_stack_limit(here, max_wasm_stack),
            Relaxed,
        );
    }
    CURRENT.with(|c| c.set(&act));
    let mut slot = Some(body);
    // SAFETY: `hoist_catch` calls `call_body::<F>` with a pointer to `slot`,
    // which outlives the call; `jmp_buf` is written before any wasm runs.
    let ok = unsafe {
        hoist_catch(
            act.jmp_buf.get(),
            call_body::<F>,
            (&mut slot as *mut Option<F>).cast(),
        )
    };
    // The body may have suspended on a fiber and come back on another
    // thread: this thread's chain, read afresh.
    super::tls::fresh(&CURRENT, |c| c.set(act.prev));
    if own_limit {
        store_ctx.stack_limit.store(prev_limit, Relaxed);
    }
    if ok == 1 {
        return Ok(());
    }
    // SAFETY: the jump came back here; nothing else refers to `act` now.
    let reason = unsafe { (*act.reason.get()).take() };
    Err(reason.unwrap_or(UnwindReason::Trap(Trap::Unreachable)))
}

/// Records `reason` in the innermost activation and jumps back to its
/// `catch_traps`.
///
/// # Safety
/// Must be called on a thread inside `catch_traps` (wasm is on the stack), from
/// a frame whose callers up to that `catch_traps` own nothing with a destructor.
pub unsafe fn raise(reason: UnwindReason) -> ! {
    let act = current();
    assert!(!act.is_null(), "raise outside of wasm");
    // SAFETY: `act` is the live innermost activation of this thread (caller's contract).
    unsafe {
        *(*act).reason.get() = Some(reason);
        hoist_unwind(*(*act).jmp_buf.get())
    }
}

/// Records a trap found by the signal handler and jumps back.
///
/// # Safety
/// Called from the signal handler with `act` the live innermost activation.
pub(crate) unsafe fn raise_from_signal(act: *const Activation, trap: Trap) -> ! {
    // SAFETY: per the contract; the previous reason is `None`, so the write
    // neither drops nor allocates anything.
    unsafe {
        std::ptr::write((*act).reason.get(), Some(UnwindReason::Trap(trap)));
        hoist_unwind(*(*act).jmp_buf.get())
    }
}

/// Turns an unwind reason into the error the embedder sees; panics resume.
pub fn into_error(reason: UnwindReason) -> anyhow::Error {
    match reason {
        UnwindReason::Trap(t) => anyhow::Error::new(t),
        UnwindReason::Host(e) => e,
        UnwindReason::Panic(p) => std::panic::resume_unwind(p),
    }
}
