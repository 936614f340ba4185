//! The process-wide registry of JIT code ranges and their trap tables, read by
//! the signal handler to decide whether a fault is a wasm trap.
//!
//! Only lookups happen in the handler. A lookup waits (spinning, without
//! allocating) while another thread registers or unregisters code: writers hold
//! the lock for one map insertion or removal, never while running JIT code, so
//! the wait is short. Giving up instead would hand a genuine wasm trap to the
//! previous handler and kill the process. A thread that faults while it holds
//! the write lock itself (a genuine crash) does not wait.

use crate::Trap;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::sync::{Arc, RwLock, RwLockReadGuard, TryLockError};

/// The trap sites of one code region: `(offset from start, trap)`, sorted.
pub type TrapTable = Arc<[(u32, Trap)]>;

struct Region {
    start: usize,
    traps: TrapTable,
}

/// Regions keyed by their end address.
static REGISTRY: RwLock<BTreeMap<usize, Region>> = RwLock::new(BTreeMap::new());

thread_local! {
    /// Whether this thread is taking or holding the write lock.
    static WRITING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` on the map under the write lock.
fn with_write<R>(f: impl FnOnce(&mut BTreeMap<usize, Region>) -> R) -> R {
    WRITING.with(|w| w.set(true));
    let r = f(&mut REGISTRY.write().unwrap_or_else(|e| e.into_inner()));
    WRITING.with(|w| w.set(false));
    r
}

/// The map for a reader in the signal handler: waits out concurrent writers
/// (see the module docs); `None` when this very thread is the writer.
fn read_in_handler() -> Option<RwLockReadGuard<'static, BTreeMap<usize, Region>>> {
    if WRITING.with(|w| w.get()) {
        return None;
    }
    let mut spins = 0u32;
    loop {
        match REGISTRY.try_read() {
            Ok(map) => return Some(map),
            Err(TryLockError::Poisoned(e)) => return Some(e.into_inner()),
            Err(TryLockError::WouldBlock) => {
                spins = spins.wrapping_add(1);
                if spins.is_multiple_of(64) {
                    // SAFETY: `sched_yield` has no preconditions and is a plain
                    // system call, fine inside a signal handler.
                    unsafe { libc::sched_yield() };
                } else {
                    std::hint::spin_loop();
                }
            }
        }
    }
}

/// Keeps a region registered while it lives.
#[derive(Debug)]
pub struct Registration {
    end: usize,
}

/// Registers `range` with its trap table.
pub fn register(range: std::ops::Range<usize>, traps: TrapTable) -> Registration {
    let region = Region {
        start: range.start,
        traps,
    };
    with_write(|map| map.insert(range.end, region));
    Registration { end: range.end }
}

impl Drop for Registration {
    fn drop(&mut self) {
        // The removed region (and its trap table) is dropped after the lock.
        let removed = with_write(|map| map.remove(&self.end));
        drop(removed);
    }
}

/// The trap at `pc`, if `pc` is a trap site in registered code. Callable from
/// a signal handler: it never allocates, and waits only for concurrent writers.
pub fn lookup_trap(pc: usize) -> Option<Trap> {
    let map = read_in_handler()?;
    let (_, region) = map.range(pc + 1..).next()?;
    if pc < region.start {
        return None;
    }
    let offset = u32::try_from(pc - region.start).ok()?;
    let i = region
        .traps
        .binary_search_by_key(&offset, |(o, _)| *o)
        .ok()?;
    Some(region.traps[i].1)
}
