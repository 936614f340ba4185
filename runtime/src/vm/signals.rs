//! The signal handler that turns faults in JIT code into traps.
//!
//! Installed once per process for SIGSEGV, SIGBUS, SIGILL and SIGFPE with
//! `SA_SIGINFO | SA_ONSTACK | SA_NODEFER`. A fault with no wasm activation on
//! the thread, or at a PC that is not a trap site of registered code, goes to
//! the handler that was installed before ours. Each thread that enters wasm
//! gets an alternate signal stack.

use super::registry;
use super::traps;
use std::cell::Cell;
use std::mem::MaybeUninit;
use std::sync::Once;

const SIGNALS: [libc::c_int; 4] = [libc::SIGSEGV, libc::SIGBUS, libc::SIGILL, libc::SIGFPE];

/// The handlers that were installed before ours, by position in `SIGNALS`.
static mut PREVIOUS: [MaybeUninit<libc::sigaction>; 4] = [MaybeUninit::uninit(); 4];
static INSTALL: Once = Once::new();

/// Installs the handlers (once per process) and this thread's alternate stack.
#[inline]
pub fn ensure_installed() {
    if INSTALL.is_completed() && ALT_STACK_READY.with(|r| r.get()) {
        return;
    }
    install();
}

#[cold]
fn install() {
    INSTALL.call_once(|| {
        for (i, sig) in SIGNALS.iter().enumerate() {
            // SAFETY: a zeroed sigaction is a valid starting value; we fill the
            // handler and flags, and `PREVIOUS` is written only here, inside
            // `call_once`, before any handler of ours can run.
            unsafe {
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = handler as *const () as usize;
                action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK | libc::SA_NODEFER;
                libc::sigemptyset(&mut action.sa_mask);
                let prev = (&raw mut PREVIOUS[i]).cast::<libc::sigaction>();
                if libc::sigaction(*sig, &action, prev) != 0 {
                    panic!(
                        "failed to install the handler for signal {sig}: {}",
                        std::io::Error::last_os_error()
                    );
                }
            }
        }
    });
    ensure_alt_stack();
}

/// An alternate signal stack owned by one thread.
struct AltStack {
    base: *mut libc::c_void,
    len: usize,
}

impl Drop for AltStack {
    fn drop(&mut self) {
        if self.base.is_null() {
            return;
        }
        // SAFETY: disable the alternate stack before unmapping it; the mapping
        // was made in `ensure_alt_stack` and is used by nothing else.
        unsafe {
            let disable = libc::stack_t {
                ss_sp: std::ptr::null_mut(),
                ss_flags: libc::SS_DISABLE,
                ss_size: 0,
            };
            libc::sigaltstack(&disable, std::ptr::null_mut());
            libc::munmap(self.base, self.len);
        }
    }
}

thread_local! {
    static ALT_STACK_READY: Cell<bool> = const { Cell::new(false) };
    static ALT_STACK: std::cell::RefCell<Option<AltStack>> = const { std::cell::RefCell::new(None) };
}

const ALT_STACK_SIZE: usize = 64 * 1024;

fn ensure_alt_stack() {
    if ALT_STACK_READY.with(|r| r.get()) {
        return;
    }
    ALT_STACK_READY.with(|r| r.set(true));
    // SAFETY: query the current alternate stack; the out-pointer is valid.
    let existing = unsafe {
        let mut old: libc::stack_t = std::mem::zeroed();
        libc::sigaltstack(std::ptr::null(), &mut old);
        old.ss_flags & libc::SS_DISABLE == 0 && old.ss_size >= ALT_STACK_SIZE
    };
    if existing {
        return;
    }
    let page = super::page_size();
    let len = ALT_STACK_SIZE + page;
    // SAFETY: a fresh anonymous mapping; the first page becomes a guard page
    // and the rest is handed to the kernel as this thread's signal stack.
    unsafe {
        let base = libc::mmap(
            std::ptr::null_mut(),
            len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        );
        if base == libc::MAP_FAILED {
            return;
        }
        libc::mprotect(base, page, libc::PROT_NONE);
        let stack = libc::stack_t {
            ss_sp: base.cast::<u8>().add(page).cast(),
            ss_flags: 0,
            ss_size: ALT_STACK_SIZE,
        };
        if libc::sigaltstack(&stack, std::ptr::null_mut()) != 0 {
            libc::munmap(base, len);
            return;
        }
        ALT_STACK.with(|s| *s.borrow_mut() = Some(AltStack { base, len }));
    }
}

#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
fn fault_pc(ctx: *mut libc::c_void) -> usize {
    // SAFETY: the kernel passes a valid `ucontext_t` to an SA_SIGINFO handler.
    unsafe { (*ctx.cast::<libc::ucontext_t>()).uc_mcontext.gregs[libc::REG_RIP as usize] as usize }
}

#[cfg(all(target_os = "linux", target_arch = "aarch64"))]
fn fault_pc(ctx: *mut libc::c_void) -> usize {
    // SAFETY: the kernel passes a valid `ucontext_t` to an SA_SIGINFO handler.
    unsafe { (*ctx.cast::<libc::ucontext_t>()).uc_mcontext.pc as usize }
}

extern "C" fn handler(sig: libc::c_int, info: *mut libc::siginfo_t, ctx: *mut libc::c_void) {
    let act = traps::current();
    if !act.is_null() {
        let pc = fault_pc(ctx);
        if let Some(trap) = registry::lookup_trap(pc) {
            // SAFETY: `act` is this thread's live activation and `pc` is a trap
            // site of JIT code that it entered; jumping back skips only wasm frames.
            unsafe { traps::raise_from_signal(act, trap) }
        }
    }
    chain(sig, info, ctx);
}

/// Hands a signal that is not ours to the previously installed handler.
fn chain(sig: libc::c_int, info: *mut libc::siginfo_t, ctx: *mut libc::c_void) {
    let Some(i) = SIGNALS.iter().position(|s| *s == sig) else {
        return;
    };
    // SAFETY: `PREVIOUS[i]` was initialised before our handler was installed and
    // is never written again.
    let prev = unsafe { (&raw const PREVIOUS[i]).cast::<libc::sigaction>().as_ref() };
    let Some(prev) = prev else { return };
    if prev.sa_flags & libc::SA_SIGINFO != 0 {
        // SAFETY: the previous handler expects exactly these arguments.
        let f: extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) =
            unsafe { std::mem::transmute(prev.sa_sigaction) };
        f(sig, info, ctx);
    } else if prev.sa_sigaction == libc::SIG_DFL || prev.sa_sigaction == libc::SIG_IGN {
        // Restore the previous disposition; returning re-runs the faulting
        // instruction, which then takes the default action.
        // SAFETY: `prev` is a valid sigaction.
        unsafe { libc::sigaction(sig, prev, std::ptr::null_mut()) };
    } else {
        // SAFETY: a plain handler takes the signal number only.
        let f: extern "C" fn(libc::c_int) = unsafe { std::mem::transmute(prev.sa_sigaction) };
        f(sig);
    }
}
