//! The unsafe core: what compiled code runs against.
//!
//! Code memory, linear memories, tables, the vmctx structures and instance
//! allocation, host-function contexts, libcalls, the store's resource
//! limiter with its type erased, trap handling (signals
//! and unwinding), fibers (stacks for suspendable async calls), the bounds
//! of the native stack that cap the wasm stack limit, and the thread-local
//! accesses that must survive a fiber moving threads. Every
//! `unsafe` block here carries a `// SAFETY:` comment.
//! Public API types live outside `vm`; nothing here knows about `Store<T>`'s `T`.

pub mod code_memory;
pub mod fiber;
pub mod host;
pub mod instance;
pub mod libcalls;
pub mod limiter;
pub mod memory;
pub mod memory_image;
pub mod registry;
pub mod signals;
pub mod stack;
pub mod table;
pub(crate) mod tls;
pub mod traps;
pub mod vmctx;

/// The host's page size.
pub fn page_size() -> usize {
    use std::sync::OnceLock;
    static PAGE: OnceLock<usize> = OnceLock::new();
    // SAFETY: sysconf has no preconditions.
    *PAGE.get_or_init(|| unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as usize)
}
