//! The process-wide registry of JIT code ranges and their trap tables, read by
//! the signal handler to decide whether a fault is a wasm trap.
//!
//! Only lookups happen in the handler, and they use `try_read`, so a handler
//! never waits for a lock.

use crate::Trap;
use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

/// The trap sites of one code region: `(offset from start, trap)`, sorted.
pub type TrapTable = Arc<[(u32, Trap)]>;

struct Region {
    start: usize,
    traps: TrapTable,
}

/// Regions keyed by their end address.
static REGISTRY: RwLock<BTreeMap<usize, Region>> = RwLock::new(BTreeMap::new());

/// Keeps a region registered while it lives.
#[derive(Debug)]
pub struct Registration {
    end: usize,
}

/// Registers `range` with its trap table.
pub fn register(range: std::ops::Range<usize>, traps: TrapTable) -> Registration {
    let mut map = REGISTRY.write().unwrap_or_else(|e| e.into_inner());
    map.insert(
        range.end,
        Region {
            start: range.start,
            traps,
        },
    );
    Registration { end: range.end }
}

impl Drop for Registration {
    fn drop(&mut self) {
        let mut map = REGISTRY.write().unwrap_or_else(|e| e.into_inner());
        map.remove(&self.end);
    }
}

/// The trap at `pc`, if `pc` is a trap site in registered code. Callable from
/// a signal handler: it never blocks and never allocates.
pub fn lookup_trap(pc: usize) -> Option<Trap> {
    let map = REGISTRY.try_read().ok()?;
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

/// Whether `pc` lies in any registered code region.
pub fn is_wasm_pc(pc: usize) -> bool {
    let Ok(map) = REGISTRY.try_read() else {
        return false;
    };
    map.range(pc + 1..)
        .next()
        .is_some_and(|(_, r)| pc >= r.start)
}
