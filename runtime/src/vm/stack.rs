//! The native stack that wasm runs on, and how much of it wasm may use.
//!
//! `Config::max_wasm_stack` says how deep guest frames may go below the
//! point where the host called in, but the stack the call runs on may be
//! smaller than that: a thread spawned with 64 KiB, or a 64 MiB limit on an
//! 8 MiB main thread. Without a bound from the stack itself, guest recursion
//! would run past the stack's guard page and kill the process instead of
//! trapping. So [`wasm_stack_limit`] also keeps the limit a reserve above
//! the lowest usable address of the stack, and the prologue check of every
//! wasm function (`Function::stack_limit`, see `hoist_environ::translate`) traps
//! with `Trap::StackOverflow` first, leaving room for the host functions
//! and libcalls that the deepest wasm frame calls.
//!
//! The bounds of a thread's own stack are read once per thread (on Linux
//! with `pthread_getattr_np`, which reports the `RLIMIT_STACK`-based size
//! for the main thread) and cached in a thread-local. A fiber (`vm::fiber`)
//! swaps its own stack's bounds in while it runs, as it does the chain of
//! activations. Where the bounds are unknown, or the caller runs on a stack
//! they do not describe (some other stack-switching library), the limit is
//! the configured one alone, as before.
//!
//! What is not here: the signal handler and the alternate signal stack it
//! runs on (`vm::signals`), and storing the limit for compiled code
//! (`vm::traps::catch_traps`).

use std::cell::Cell;

/// The usable part of a native stack: `low..high`, growing down from `high`
/// (the guard page, if any, lies just below `low`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StackBounds {
    /// The lowest usable address.
    pub low: usize,
    /// One past the highest usable address.
    pub high: usize,
}

impl StackBounds {
    /// Whether `sp` lies on this stack.
    pub fn contains(&self, sp: usize) -> bool {
        self.low < sp && sp <= self.high
    }

    /// The usable size in bytes.
    pub fn size(&self) -> usize {
        self.high - self.low
    }
}

/// What this thread knows about the stack it runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Known {
    /// Not asked yet: the thread's own stack, read on first use.
    NotYet,
    /// The OS could not say.
    Unknown,
    /// These bounds.
    Bounds(StackBounds),
}

thread_local! {
    /// The stack code on this thread runs on now: the thread's own, or the
    /// running fiber's while a fiber runs.
    static CURRENT: Cell<Known> = const { Cell::new(Known::NotYet) };
}

/// The smallest and the largest stack space kept free below the wasm limit
/// for host code (host functions, libcalls, the trap path), and the share of
/// the whole stack it is otherwise: a quarter, so that a thread of 64 KiB
/// still lets wasm use some of its stack, while a large stack keeps room
/// for deep host calls (debug builds have large frames).
const MIN_HOST_RESERVE: usize = 16 * 1024;
const MAX_HOST_RESERVE: usize = 128 * 1024;

/// The stack space kept free below the wasm limit on a stack of `size` bytes.
pub fn host_reserve(size: usize) -> usize {
    (size / 4).clamp(MIN_HOST_RESERVE, MAX_HOST_RESERVE)
}

/// The bounds of the stack the caller runs on, if they are known.
pub fn current() -> Option<StackBounds> {
    let known = super::tls::fresh(&CURRENT, |c| c.get());
    match known {
        Known::Bounds(b) => Some(b),
        Known::Unknown => None,
        Known::NotYet => {
            let queried = query_thread_stack();
            let known = queried.map_or(Known::Unknown, Known::Bounds);
            super::tls::fresh(&CURRENT, |c| c.set(known));
            queried
        }
    }
}

/// Makes `known` what this thread knows about its current stack and
/// returns what it replaces: fibers swap their bounds in around a resume.
pub(crate) fn swap_current(known: Known) -> Known {
    super::tls::fresh(&CURRENT, |c| c.replace(known))
}

/// The lowest stack address that wasm frames entered at `sp` may use: at
/// most `max_wasm_stack` below `sp`, and never closer to the end of the
/// current stack than [`host_reserve`]. May lie above `sp` when the stack
/// is nearly used up; then the first wasm function traps at once.
pub fn wasm_stack_limit(sp: usize, max_wasm_stack: usize) -> usize {
    let configured = sp.saturating_sub(max_wasm_stack);
    match current() {
        Some(b) if b.contains(sp) => configured.max(b.low + host_reserve(b.size())),
        _ => configured,
    }
}

/// Whether `limit` was computed for the stack that `sp` lies on: it lies
/// within that stack. A nested entry into wasm on another stack (a fiber
/// started from a host function) needs a limit of its own; one on the same
/// stack keeps the outer limit, even when the host function that makes it
/// runs below that limit (in the reserve).
pub fn limit_is_for_this_stack(limit: usize, sp: usize) -> bool {
    match current() {
        Some(b) if b.contains(sp) => b.low <= limit && limit < b.high,
        // Nothing to compare with: keep the limit, as before.
        _ => true,
    }
}

/// Asks the OS for the bounds of this thread's stack.
#[cfg(target_os = "linux")]
fn query_thread_stack() -> Option<StackBounds> {
    let mut addr: *mut libc::c_void = std::ptr::null_mut();
    let mut size: libc::size_t = 0;
    // SAFETY: `pthread_getattr_np` initialises `attr` for the calling thread
    // (on success only, after which we destroy it); `pthread_attr_getstack`
    // writes the two out-pointers, which are valid locals.
    let ok = unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) != 0 {
            return None;
        }
        let ok = libc::pthread_attr_getstack(&attr, &mut addr, &mut size) == 0;
        libc::pthread_attr_destroy(&mut attr);
        ok
    };
    if !ok || addr.is_null() || size == 0 {
        return None;
    }
    let mut low = addr as usize;
    let high = low.checked_add(size)?;
    if is_main_thread() && stack_rlimit_is_infinite() {
        // With no `RLIMIT_STACK`, glibc reports the stack as reaching down
        // to the next mapping, but the kernel keeps `stack_guard_gap`
        // (1 MiB by default) free above that mapping.
        low = low.saturating_add(MAIN_STACK_GUARD_GAP).min(high);
    }
    Some(StackBounds { low, high })
}

/// The kernel's default gap below a growing main-thread stack.
#[cfg(target_os = "linux")]
const MAIN_STACK_GUARD_GAP: usize = 1 << 20;

/// Whether the caller runs on the process's initial thread.
#[cfg(target_os = "linux")]
fn is_main_thread() -> bool {
    // SAFETY: `getpid` and the `gettid` system call have no preconditions.
    unsafe { libc::syscall(libc::SYS_gettid) == libc::getpid() as libc::c_long }
}

/// Whether `RLIMIT_STACK` is unlimited.
#[cfg(target_os = "linux")]
fn stack_rlimit_is_infinite() -> bool {
    // SAFETY: `getrlimit` writes the valid out-pointer.
    unsafe {
        let mut rl: libc::rlimit = std::mem::zeroed();
        libc::getrlimit(libc::RLIMIT_STACK, &mut rl) == 0 && rl.rlim_cur == libc::RLIM_INFINITY
    }
}

/// Elsewhere the bounds are unknown and only `max_wasm_stack` limits wasm.
#[cfg(not(target_os = "linux"))]
fn query_thread_stack() -> Option<StackBounds> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sp() -> usize {
        let here = 0u8;
        &here as *const u8 as usize
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_spawned_thread_knows_its_stack() {
        for size in [64 << 10, 256 << 10, 2 << 20] {
            std::thread::Builder::new()
                .stack_size(size)
                .spawn(move || {
                    let b = current().expect("bounds");
                    assert!(b.contains(sp()), "{b:x?}");
                    // glibc keeps the thread's TLS at the top of the stack
                    // it was asked for, so the usable part is a bit less.
                    assert!(b.size() <= size + (64 << 10), "{b:x?} for {size}");
                    assert!(b.size() >= size - (32 << 10), "{b:x?} for {size}");
                    assert_eq!(current(), Some(b), "cached");
                })
                .unwrap()
                .join()
                .unwrap();
        }
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn the_limit_keeps_a_reserve_above_the_stack_end() {
        std::thread::Builder::new()
            .stack_size(256 << 10)
            .spawn(|| {
                let b = current().unwrap();
                let here = sp();
                let limit = wasm_stack_limit(here, 64 << 20);
                assert_eq!(limit, b.low + host_reserve(b.size()));
                assert!(limit < here);
                // A small max_wasm_stack is the limit as configured.
                assert_eq!(wasm_stack_limit(here, 4096), here - 4096);
                assert!(limit_is_for_this_stack(limit, here));
                assert!(limit_is_for_this_stack(here + 64, here));
                assert!(!limit_is_for_this_stack(b.high + 4096, here));
            })
            .unwrap()
            .join()
            .unwrap();
    }

    #[test]
    fn a_foreign_stack_keeps_the_configured_limit() {
        // An `sp` outside the thread's stack: nothing to clamp against.
        let sp = 0x1000_0000;
        assert_eq!(wasm_stack_limit(sp, 0x10_0000), sp - 0x10_0000);
        assert!(limit_is_for_this_stack(0, sp));
    }

    #[test]
    fn swapped_bounds_are_the_current_ones() {
        std::thread::spawn(|| {
            let fake = StackBounds {
                low: 0x10_0000,
                high: 0x20_0000,
            };
            let ours = swap_current(Known::Bounds(fake));
            assert_eq!(current(), Some(fake));
            assert_eq!(
                wasm_stack_limit(0x1f_0000, 0x80_0000),
                0x10_0000 + host_reserve(0x10_0000)
            );
            swap_current(ours);
            assert_ne!(current(), Some(fake));
        })
        .join()
        .unwrap();
    }

    #[test]
    fn the_reserve_scales_with_the_stack() {
        assert_eq!(host_reserve(64 << 10), 16 << 10);
        assert_eq!(host_reserve(256 << 10), 64 << 10);
        assert_eq!(host_reserve(8 << 20), 128 << 10);
    }
}
