//! Fibers: a closure running on a stack of its own, which can suspend itself
//! back to whoever resumed it, and be resumed later, possibly on another
//! thread. The async API runs guest calls on fibers so that a host future
//! that is not ready suspends the whole guest call instead of blocking the
//! thread (see `component/async_api.rs`).
//!
//! What is here: the stack ([`FiberStack`], an `mmap` with a guard page,
//! recycled through a small pool), the register switch (x86-64 assembly,
//! `switch`), and [`Fiber`], which also keeps the thread-local chain of
//! wasm activations (`vm::traps`) consistent across switches: each fiber
//! has its own chain, swapped in on resume and out on suspend, and so are
//! the bounds of the stack code runs on (`vm::stack`). What is not
//! here: futures, wakers and cancellation (the async API's business).
//!
//! Only x86-64 is supported; [`SUPPORTED`] says so, and callers fall back
//! to running on the caller's stack elsewhere.

use std::any::Any;
use std::cell::Cell;
use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};

use super::stack::{self, Known, StackBounds};
use super::tls;
use super::traps::{self, Activation};

/// Whether fibers work on this target.
pub const SUPPORTED: bool = cfg!(all(target_arch = "x86_64", unix));

#[cfg(all(target_arch = "x86_64", unix))]
std::arch::global_asm!(
    // hoist_fiber_switch(save: *mut *mut u8 [rdi], to: *mut u8 [rsi])
    // Pushes the callee-saved registers, stores the stack pointer in
    // `*save`, switches to `to` and pops the registers saved there.
    ".text",
    ".global hoist_fiber_switch",
    ".type hoist_fiber_switch,@function",
    ".p2align 4",
    "hoist_fiber_switch:",
    ".cfi_startproc",
    "push rbp",
    "push rbx",
    "push r12",
    "push r13",
    "push r14",
    "push r15",
    "mov [rdi], rsp",
    "mov rsp, rsi",
    "pop r15",
    "pop r14",
    "pop r13",
    "pop r12",
    "pop rbx",
    "pop rbp",
    "ret",
    ".cfi_endproc",
    ".size hoist_fiber_switch, .-hoist_fiber_switch",
    // The first switch to a new fiber "returns" here, with the entry
    // function in r12 and its argument in r13 (see `Fiber::new`). The entry
    // never returns; unwinders stop here (the return address is undefined).
    ".global hoist_fiber_start",
    ".type hoist_fiber_start,@function",
    ".p2align 4",
    "hoist_fiber_start:",
    ".cfi_startproc",
    ".cfi_undefined rip",
    "mov rdi, r13",
    "call r12",
    "ud2",
    ".cfi_endproc",
    ".size hoist_fiber_start, .-hoist_fiber_start",
);

#[cfg(all(target_arch = "x86_64", unix))]
unsafe extern "C" {
    fn hoist_fiber_switch(save: *mut *mut u8, to: *mut u8);
    fn hoist_fiber_start();
}

/// Saves the current registers and stack pointer into `*save` and resumes
/// the context saved at `to`.
///
/// # Safety
/// `to` must be a stack pointer saved by this function (or prepared by
/// `Fiber::new`) whose stack is still alive and not running.
#[cfg(all(target_arch = "x86_64", unix))]
unsafe fn switch(save: *mut *mut u8, to: *mut u8) {
    // SAFETY: per the contract; the assembly saves every callee-saved
    // general register. MXCSR and the x87 control word are callee-saved as
    // well, and Rust and compiled wasm leave them at their defaults.
    unsafe { hoist_fiber_switch(save, to) }
}

#[cfg(not(all(target_arch = "x86_64", unix)))]
unsafe fn switch(_save: *mut *mut u8, _to: *mut u8) {
    unreachable!("fibers are not supported on this target")
}

/// A fiber's stack: `size` usable bytes above one inaccessible guard page.
pub struct FiberStack {
    /// Lowest address of the mapping (the guard page).
    base: *mut u8,
    /// Bytes mapped, guard included.
    len: usize,
}

// SAFETY: the stack is plain memory owned by this value; it is used by at
// most one fiber at a time.
unsafe impl Send for FiberStack {}

/// Released stacks, for the next fibers. Stack contents are host data only
/// (guests cannot read native stacks), so they are not cleared.
static STACKS: Mutex<Vec<FiberStack>> = Mutex::new(Vec::new());
const STACK_POOL_CAPACITY: usize = 8;

impl FiberStack {
    /// A stack with at least `size` usable bytes, from the pool or new.
    pub fn new(size: usize) -> anyhow::Result<FiberStack> {
        let page = super::page_size();
        let usable = size.div_ceil(page) * page;
        let len = usable + page;
        {
            let mut pool = STACKS.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(i) = pool.iter().position(|s| s.len == len) {
                return Ok(pool.swap_remove(i));
            }
        }
        // SAFETY: a fresh private anonymous mapping; checked below.
        let base = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        if base == libc::MAP_FAILED {
            anyhow::bail!(
                "failed to map a {len}-byte fiber stack: {}",
                std::io::Error::last_os_error()
            );
        }
        let stack = FiberStack {
            base: base.cast(),
            len,
        };
        // SAFETY: the lowest page of the mapping made above.
        if unsafe { libc::mprotect(base, page, libc::PROT_NONE) } != 0 {
            anyhow::bail!(
                "failed to protect the guard page of a fiber stack: {}",
                std::io::Error::last_os_error()
            );
        }
        Ok(stack)
    }

    /// One past the highest usable byte (stacks grow down), 16-aligned.
    fn top(&self) -> *mut u8 {
        // SAFETY: one past the end of the mapping.
        unsafe { self.base.add(self.len) }
    }

    /// The usable part: everything above the guard page.
    fn bounds(&self) -> StackBounds {
        StackBounds {
            low: self.base as usize + super::page_size(),
            high: self.base as usize + self.len,
        }
    }
}

impl Drop for FiberStack {
    fn drop(&mut self) {
        let mut pool = STACKS.lock().unwrap_or_else(|e| e.into_inner());
        if pool.len() < STACK_POOL_CAPACITY {
            pool.push(FiberStack {
                base: std::mem::replace(&mut self.base, std::ptr::null_mut()),
                len: self.len,
            });
            return;
        }
        drop(pool);
        if !self.base.is_null() {
            // SAFETY: the mapping made in `new`; no fiber runs on it any more.
            unsafe { libc::munmap(self.base.cast(), self.len) };
        }
    }
}

/// How a fiber's closure ended.
pub enum Outcome<R> {
    /// It returned this value.
    Returned(R),
    /// It panicked; the payload is for `resume_unwind`.
    Panicked(Box<dyn Any + Send>),
}

/// The two saved stack pointers of a fiber: what [`Suspender::suspend`]
/// needs. First field of `Shared`, so that a pointer to one is a pointer to
/// the other.
#[repr(C)]
struct Link {
    /// The fiber's saved stack pointer while it is not running.
    fiber_sp: *mut u8,
    /// The resumer's saved stack pointer while the fiber runs.
    parent_sp: *mut u8,
}

/// What the entry function on the fiber's stack and the resumer share. It
/// lives in a `Box` so that its address does not move with the `Fiber`.
#[repr(C)]
struct Shared<F, R> {
    link: Link,
    /// The closure, taken when the fiber starts.
    func: Option<F>,
    /// Its outcome, set when it ends.
    outcome: Option<Outcome<R>>,
    /// The fiber's chain of wasm activations while it is suspended.
    activations: *const Activation,
    /// The fiber's stack, for the wasm stack limit (`vm::stack`).
    bounds: StackBounds,
}

thread_local! {
    /// The fiber running on this thread (the innermost, when a fiber
    /// resumes another), or null.
    static CURRENT_FIBER: Cell<*mut Link> = const { Cell::new(std::ptr::null_mut()) };
}

/// Suspends the fiber the caller runs on.
pub struct Suspender(());

impl Suspender {
    /// Whether the caller runs on a fiber, so that [`Suspender::suspend`]
    /// may be called.
    pub fn on_fiber() -> bool {
        !tls::fresh(&CURRENT_FIBER, |c| c.get()).is_null()
    }

    /// Suspends the running fiber: control goes back to whoever called
    /// [`Fiber::resume`], and this returns when the fiber is resumed (maybe
    /// on another thread). Panics when not on a fiber.
    pub fn suspend() {
        let link = tls::fresh(&CURRENT_FIBER, |c| c.get());
        assert!(!link.is_null(), "suspend called outside of a fiber");
        // SAFETY: `link` is the running fiber's, set by `Fiber::resume`,
        // which waits in `switch` with its stack pointer in `parent_sp`.
        // `resume` moves this thread's activation chain and current fiber
        // back and forth around the switch.
        unsafe { switch(&raw mut (*link).fiber_sp, (*link).parent_sp) };
    }
}

/// A closure on a stack of its own. Created suspended; [`Fiber::resume`]
/// runs it until it suspends or ends. Dropping a fiber that has started
/// but not ended leaks what its stack frames own; callers drive their
/// fibers to the end (the async API cancels and resumes them).
pub struct Fiber<F, R> {
    shared: Box<Shared<F, R>>,
    /// Where the closure runs; kept alive (and then pooled) by the fiber.
    _stack: FiberStack,
}

// SAFETY: a fiber's stack and state move with it; it runs only inside
// `resume`, on the resuming thread, and the activations it left are kept in
// `Shared`, not in the thread-locals of the thread it suspended on. The
// closure and its result must be `Send` for that.
unsafe impl<F: Send, R: Send> Send for Fiber<F, R> {}

/// The entry point on a new fiber's stack.
extern "C" fn fiber_entry<F: FnOnce() -> R, R>(shared: *mut u8) {
    let shared = shared.cast::<Shared<F, R>>();
    // SAFETY: `shared` is the boxed state of the fiber being started,
    // alive while it runs; the resumer does not touch `func` meanwhile.
    let func = unsafe { (*shared).func.take() };
    let outcome = match panic::catch_unwind(AssertUnwindSafe(move || func.map(|f| f()))) {
        Ok(Some(r)) => Outcome::Returned(r),
        Ok(None) => Outcome::Panicked(Box::new("fiber started without a closure")),
        Err(payload) => Outcome::Panicked(payload),
    };
    // SAFETY: as above. The last switch: `resume` sees the outcome and
    // never switches to this stack again, so nothing here is left to drop.
    unsafe {
        (*shared).outcome = Some(outcome);
        let mut dead: *mut u8 = std::ptr::null_mut();
        switch(&mut dead, (*shared).link.parent_sp);
    }
    unreachable!("a finished fiber was resumed");
}

impl<F: FnOnce() -> R, R> Fiber<F, R> {
    /// A fiber that will run `func` on `stack`.
    pub fn new(stack: FiberStack, func: F) -> Fiber<F, R> {
        let mut shared = Box::new(Shared {
            link: Link {
                fiber_sp: std::ptr::null_mut(),
                parent_sp: std::ptr::null_mut(),
            },
            func: Some(func),
            outcome: None,
            activations: std::ptr::null(),
            bounds: stack.bounds(),
        });
        let top = stack.top() as usize & !15;
        // The frame `switch` pops on the first resume: r15, r14, r13, r12,
        // rbx, rbp, then the return address. 72 bytes below a 16-aligned
        // top, so that `hoist_fiber_start` calls the entry with the stack
        // aligned as the ABI wants.
        let sp = (top - 72) as *mut usize;
        #[cfg(all(target_arch = "x86_64", unix))]
        {
            let words: [usize; 7] = [
                0,
                0,
                (&mut *shared as *mut Shared<F, R>) as usize, // r13: the argument
                fiber_entry::<F, R> as *const () as usize,    // r12: the entry
                0,
                0,
                hoist_fiber_start as *const () as usize, // the return address
            ];
            for (i, w) in words.iter().enumerate() {
                // SAFETY: the seven words from `sp` lie inside the usable
                // stack, just below its top; nothing runs on it yet.
                unsafe { sp.add(i).write(*w) };
            }
        }
        shared.link.fiber_sp = sp.cast();
        Fiber {
            shared,
            _stack: stack,
        }
    }

    /// Whether the closure has ended (its outcome was returned by
    /// [`Fiber::resume`]).
    pub fn ended(&self) -> bool {
        self.shared.link.fiber_sp.is_null()
    }

    /// Whether the fiber started running.
    pub fn started(&self) -> bool {
        self.shared.func.is_none()
    }

    /// Runs the fiber until it suspends (`None`) or ends (its outcome).
    /// Panics if it has ended already.
    pub fn resume(&mut self) -> Option<Outcome<R>> {
        assert!(!self.ended(), "resumed a fiber that has ended");
        super::signals::ensure_installed();
        let shared: *mut Shared<F, R> = &mut *self.shared;
        // SAFETY: `shared` is ours and alive; the fiber reads and writes it
        // only while it runs, inside the `switch` below. `fiber_sp` was
        // saved by the fiber's last suspend (or prepared by `new`) and its
        // stack is ours.
        unsafe {
            // This thread's activations, current fiber and stack bounds
            // make way for the fiber's while it runs, and come back once it
            // stops.
            let ours = traps::swap_current((*shared).activations);
            let outer = tls::fresh(&CURRENT_FIBER, |c| c.replace(&raw mut (*shared).link));
            let our_stack = stack::swap_current(Known::Bounds((*shared).bounds));
            let fiber_sp = std::mem::replace(&mut (*shared).link.fiber_sp, std::ptr::null_mut());
            switch(&raw mut (*shared).link.parent_sp, fiber_sp);
            stack::swap_current(our_stack);
            tls::fresh(&CURRENT_FIBER, |c| c.set(outer));
            (*shared).activations = traps::swap_current(ours);
            // A fiber that ended switched away with a throwaway save slot,
            // so `fiber_sp` stays null: `ended` holds from now on.
            (*shared).outcome.take()
        }
    }
}

// ---------------------------------------------------------------------------
// Futures on fibers
// ---------------------------------------------------------------------------

thread_local! {
    /// The context of the `poll` that resumed the innermost fiber on this
    /// thread, or null: none, or the fiber is being cancelled.
    static POLL_CX: Cell<*mut Context<'static>> = const { Cell::new(std::ptr::null_mut()) };
}

/// A closure running on a fiber, as a future: each poll resumes the fiber,
/// and a host future inside it that is not ready ([`block_on_fiber`])
/// suspends it, so the poll returns `Pending`.
///
/// Dropping the future before it is ready cancels the closure: the fiber
/// is resumed until it ends, with every [`block_on_fiber`] in it returning
/// [`Cancelled`] at once.
pub struct FiberFuture<'a, R> {
    fiber: Option<Fiber<Box<dyn FnOnce() -> R + Send + 'a>, R>>,
}

impl<'a, R: Send> FiberFuture<'a, R> {
    /// A future running `func` on a new fiber with `stack_size` usable
    /// bytes of stack.
    pub fn new(
        stack_size: usize,
        func: impl FnOnce() -> R + Send + 'a,
    ) -> anyhow::Result<FiberFuture<'a, R>> {
        let stack = FiberStack::new(stack_size)?;
        let func: Box<dyn FnOnce() -> R + Send + 'a> = Box::new(func);
        Ok(FiberFuture {
            fiber: Some(Fiber::new(stack, func)),
        })
    }
}

impl<R> Future for FiberFuture<'_, R> {
    type Output = R;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<R> {
        let this = self.get_mut();
        let fiber = this
            .fiber
            .as_mut()
            .expect("a fiber future was polled after it completed");
        let cx: *mut Context<'_> = cx;
        // The lifetime is erased for the thread-local; `block_on_fiber`
        // uses the context only while this poll waits in `resume`.
        let prev = tls::fresh(&POLL_CX, |c| c.replace(cx.cast()));
        let outcome = fiber.resume();
        tls::fresh(&POLL_CX, |c| c.set(prev));
        match outcome {
            None => Poll::Pending,
            Some(outcome) => {
                this.fiber = None;
                match outcome {
                    Outcome::Returned(r) => Poll::Ready(r),
                    Outcome::Panicked(payload) => panic::resume_unwind(payload),
                }
            }
        }
    }
}

impl<R> Drop for FiberFuture<'_, R> {
    fn drop(&mut self) {
        let Some(fiber) = self.fiber.as_mut() else {
            return;
        };
        if !fiber.started() || fiber.ended() {
            return;
        }
        // Cancel: run the fiber to its end with no poll context, so every
        // host future in it gives up at once. Its frames borrow what this
        // future borrows, so it must end before the borrow does.
        let prev = tls::fresh(&POLL_CX, |c| c.replace(std::ptr::null_mut()));
        while fiber.resume().is_none() {}
        tls::fresh(&POLL_CX, |c| c.set(prev));
    }
}

/// What [`block_on_fiber`] returns when the future driving the fiber was
/// dropped: the host future should give up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cancelled;

/// Drives `future` from code running on a fiber of a [`FiberFuture`]: polls
/// it with the context of the outer poll, and suspends the fiber while it
/// is pending. `Err(Cancelled)` when the outer future was dropped.
///
/// Must be called on such a fiber ([`Suspender::on_fiber`]); panics
/// otherwise.
pub fn block_on_fiber<T>(
    mut future: Pin<&mut (dyn Future<Output = T> + '_)>,
) -> Result<T, Cancelled> {
    loop {
        // Read afresh: the last suspend may have moved the fiber to another
        // thread, whose poll context is the one to use.
        let cx = tls::fresh(&POLL_CX, |c| c.get());
        if cx.is_null() {
            return Err(Cancelled);
        }
        // SAFETY: `cx` was set by `FiberFuture::poll`, which is waiting in
        // `resume` for the fiber this code runs on, so the context it was
        // given is alive; nothing else uses it meanwhile.
        let cx = unsafe { &mut *cx };
        if let Poll::Ready(v) = future.as_mut().poll(cx) {
            return Ok(v);
        }
        Suspender::suspend();
    }
}
