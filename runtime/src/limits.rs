//! Resource limits: the [`ResourceLimiter`] trait a store consults before
//! any memory or table grows and before each instantiation, and
//! [`StoreLimits`], the ready-made limiter built with
//! [`StoreLimitsBuilder`]. Shaped as Wasmtime's, so that a limiter written
//! for Wasmtime compiles here.
//!
//! A store gets a limiter with [`Store::limiter`](crate::Store::limiter).
//! It is asked:
//! - before every memory grows: wasm's `memory.grow`,
//!   [`Memory::grow`](crate::Memory::grow), and the initial size of every
//!   memory created, by instantiation or [`Memory::new`](crate::Memory::new)
//!   (`memory_growing(0, minimum, maximum)`);
//! - the same for tables (`table.grow`, [`Table::grow`](crate::Table::grow),
//!   initial sizes);
//! - for its counts ([`ResourceLimiter::instances`],
//!   [`memories`](ResourceLimiter::memories),
//!   [`tables`](ResourceLimiter::tables)) at every core instantiation,
//!   those a component makes included, and when the host creates a memory
//!   or table.
//!
//! A refused grow is a failed grow: `memory.grow` and `table.grow` return
//! -1 to the guest, the host's `grow` returns an error, and a refused
//! initial size fails the instantiation. An `Err` from the limiter (or from
//! `memory_grow_failed`/`table_grow_failed`) is a trap instead: it ends the
//! wasm call and reaches the embedder as the call's error.
//!
//! Unlike Wasmtime, a store without a limiter counts but does not limit
//! its instances, memories and tables (Wasmtime applies the 10 000 defaults
//! to every store).

use crate::store::StoreOpaque;
use crate::vm::memory::WASM_PAGE;
use anyhow::{bail, Result};
use hoist_environ::types::{MemoryType, TableType};

/// The default most instances a store's limiter allows
/// ([`ResourceLimiter::instances`]).
pub const DEFAULT_INSTANCE_LIMIT: usize = 10_000;
/// The default most tables a store's limiter allows
/// ([`ResourceLimiter::tables`]).
pub const DEFAULT_TABLE_LIMIT: usize = 10_000;
/// The default most linear memories a store's limiter allows
/// ([`ResourceLimiter::memories`]).
pub const DEFAULT_MEMORY_LIMIT: usize = 10_000;

/// Decides whether a store's memories and tables may grow and how many
/// instances, memories and tables it may hold. Install one with
/// [`Store::limiter`](crate::Store::limiter).
///
/// ```
/// # fn main() -> anyhow::Result<()> {
/// use hoist_runtime::{Engine, Instance, Module, ResourceLimiter, Store};
/// /// Lets memories grow to 4 pages, and remembers what was asked.
/// struct Log(Vec<(usize, usize)>);
/// impl ResourceLimiter for Log {
///     fn memory_growing(&mut self, current: usize, desired: usize, _max: Option<usize>)
///         -> anyhow::Result<bool> {
///         self.0.push((current, desired));
///         Ok(desired <= 4 * 65536)
///     }
///     fn table_growing(&mut self, _current: usize, _desired: usize, _max: Option<usize>)
///         -> anyhow::Result<bool> {
///         Ok(true)
///     }
/// }
/// let engine = Engine::default();
/// let module = Module::new(&engine, r#"(module (memory 1)
///     (func (export "grow") (param i32) (result i32) local.get 0 memory.grow))"#)?;
/// let mut store = Store::new(&engine, Log(Vec::new()));
/// store.limiter(|log| log);
/// let grow = Instance::new(&mut store, &module, &[])?
///     .get_typed_func::<i32, i32>(&mut store, "grow")?;
/// assert_eq!(grow.call(&mut store, 3)?, 1);
/// assert_eq!(grow.call(&mut store, 1)?, -1);
/// assert_eq!(store.data().0, [(0, 65536), (65536, 4 * 65536), (4 * 65536, 5 * 65536)]);
/// # Ok(()) }
/// ```
pub trait ResourceLimiter {
    /// Whether a linear memory of `current` bytes may grow to `desired`
    /// bytes; `maximum` is its declared maximum in bytes (`None` when it
    /// declares none). `current` is 0 for a memory being created.
    ///
    /// `Ok(false)` fails the grow (`memory.grow` returns -1; a memory being
    /// created fails its instantiation). `Err` traps: the error ends the
    /// wasm call, or the host call, and reaches the embedder. Called even
    /// when `desired` exceeds `maximum` (the grow then fails anyway), never
    /// for a grow by 0.
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool>;

    /// Called when a memory grow this limiter allowed fails anyway (above
    /// the memory's maximum, or the system refused the pages). `Ok` lets
    /// the grow fail quietly (-1); `Err` traps. The default returns `Ok`.
    fn memory_grow_failed(&mut self, error: anyhow::Error) -> Result<()> {
        let _ = error;
        Ok(())
    }

    /// Whether a table of `current` elements may grow to `desired`
    /// elements; `maximum` is its declared maximum (`None` when it declares
    /// none). `current` is 0 for a table being created. The answer means
    /// what [`memory_growing`](ResourceLimiter::memory_growing)'s does.
    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool>;

    /// Called when a table grow this limiter allowed fails anyway. `Ok`
    /// lets the grow fail quietly (-1); `Err` traps. The default returns
    /// `Ok`.
    fn table_grow_failed(&mut self, error: anyhow::Error) -> Result<()> {
        let _ = error;
        Ok(())
    }

    /// The most core instances the store may hold (default
    /// [`DEFAULT_INSTANCE_LIMIT`]); one more fails instantiation. The core
    /// instances a component instantiates count one each.
    fn instances(&self) -> usize {
        DEFAULT_INSTANCE_LIMIT
    }

    /// The most tables the store may hold, those instances define and those
    /// the host creates (default [`DEFAULT_TABLE_LIMIT`]).
    fn tables(&self) -> usize {
        DEFAULT_TABLE_LIMIT
    }

    /// The most linear memories the store may hold, those instances define
    /// and those the host creates (default [`DEFAULT_MEMORY_LIMIT`]).
    fn memories(&self) -> usize {
        DEFAULT_MEMORY_LIMIT
    }
}

/// A [`ResourceLimiter`] with fixed limits, made by [`StoreLimitsBuilder`].
///
/// ```
/// # fn main() -> anyhow::Result<()> {
/// use hoist_runtime::{Engine, Instance, Module, Store, StoreLimits, StoreLimitsBuilder};
/// let engine = Engine::default();
/// let module = Module::new(&engine, r#"(module (memory 1)
///     (func (export "grow") (param i32) (result i32) local.get 0 memory.grow))"#)?;
/// let limits = StoreLimitsBuilder::new().memory_size(2 << 16).build();
/// let mut store = Store::new(&engine, limits);
/// store.limiter(|limits: &mut StoreLimits| limits);
/// let grow = Instance::new(&mut store, &module, &[])?
///     .get_typed_func::<i32, i32>(&mut store, "grow")?;
/// assert_eq!(grow.call(&mut store, 1)?, 1);
/// assert_eq!(grow.call(&mut store, 1)?, -1); // 3 pages > 128 KiB
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct StoreLimits {
    memory_size: Option<usize>,
    table_elements: Option<usize>,
    instances: usize,
    tables: usize,
    memories: usize,
    trap_on_grow_failure: bool,
}

impl Default for StoreLimits {
    fn default() -> StoreLimits {
        StoreLimits {
            memory_size: None,
            table_elements: None,
            instances: DEFAULT_INSTANCE_LIMIT,
            tables: DEFAULT_TABLE_LIMIT,
            memories: DEFAULT_MEMORY_LIMIT,
            trap_on_grow_failure: false,
        }
    }
}

impl ResourceLimiter for StoreLimits {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool> {
        let allow = self.memory_size.is_none_or(|limit| desired <= limit)
            && maximum.is_none_or(|max| desired <= max);
        if !allow && self.trap_on_grow_failure {
            bail!("forcing trap when growing memory to {desired} bytes");
        }
        Ok(allow)
    }

    fn memory_grow_failed(&mut self, error: anyhow::Error) -> Result<()> {
        if self.trap_on_grow_failure {
            return Err(error.context("forcing a memory growth failure to be a trap"));
        }
        Ok(())
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool> {
        let allow = self.table_elements.is_none_or(|limit| desired <= limit)
            && maximum.is_none_or(|max| desired <= max);
        if !allow && self.trap_on_grow_failure {
            bail!("forcing trap when growing table to {desired} elements");
        }
        Ok(allow)
    }

    fn table_grow_failed(&mut self, error: anyhow::Error) -> Result<()> {
        if self.trap_on_grow_failure {
            return Err(error.context("forcing a table growth failure to be a trap"));
        }
        Ok(())
    }

    fn instances(&self) -> usize {
        self.instances
    }

    fn tables(&self) -> usize {
        self.tables
    }

    fn memories(&self) -> usize {
        self.memories
    }
}

/// Builds a [`StoreLimits`]. Every limit starts unset (sizes) or at its
/// default (counts: 10 000 each), and grows are refused quietly.
#[derive(Clone, Debug, Default)]
pub struct StoreLimitsBuilder(StoreLimits);

impl StoreLimitsBuilder {
    /// A builder with no size limits and the default counts.
    pub fn new() -> StoreLimitsBuilder {
        StoreLimitsBuilder::default()
    }

    /// The most bytes any one linear memory may have. A memory whose
    /// initial size is larger fails to be created (and its instantiation
    /// with it); a grow past it fails.
    pub fn memory_size(mut self, limit: usize) -> StoreLimitsBuilder {
        self.0.memory_size = Some(limit);
        self
    }

    /// The most elements any one table may have, as
    /// [`memory_size`](StoreLimitsBuilder::memory_size) for memories.
    pub fn table_elements(mut self, limit: usize) -> StoreLimitsBuilder {
        self.0.table_elements = Some(limit);
        self
    }

    /// The most core instances the store may hold.
    pub fn instances(mut self, limit: usize) -> StoreLimitsBuilder {
        self.0.instances = limit;
        self
    }

    /// The most tables the store may hold.
    pub fn tables(mut self, limit: usize) -> StoreLimitsBuilder {
        self.0.tables = limit;
        self
    }

    /// The most linear memories the store may hold.
    pub fn memories(mut self, limit: usize) -> StoreLimitsBuilder {
        self.0.memories = limit;
        self
    }

    /// Whether a failed grow traps instead of returning -1 (default off):
    /// the grow's error ends the wasm call and reaches the embedder.
    pub fn trap_on_grow_failure(mut self, trap: bool) -> StoreLimitsBuilder {
        self.0.trap_on_grow_failure = trap;
        self
    }

    /// The limits.
    pub fn build(self) -> StoreLimits {
        self.0
    }
}

impl StoreOpaque {
    /// Fails when `instances` more core instances, `memories` more memories
    /// and `tables` more tables would pass the counts the store's limiter
    /// allows (nothing to check without one).
    pub(crate) fn check_counts(
        &mut self,
        instances: usize,
        memories: usize,
        tables: usize,
    ) -> Result<()> {
        let Some(limiter) = self.limiter.as_deref_mut() else {
            return Ok(());
        };
        let limits = limiter.with(|l| [l.instances(), l.memories(), l.tables()]);
        let counts = [
            (self.instances.len(), instances, "instance"),
            (self.memories.len(), memories, "memory"),
            (self.tables.len(), tables, "table"),
        ];
        for ((have, more, what), limit) in counts.into_iter().zip(limits) {
            let new = have.saturating_add(more);
            if more > 0 && new > limit {
                bail!(
                    "resource limit exceeded: {what} count too high at {new} (the store's limiter allows {limit})"
                );
            }
        }
        Ok(())
    }

    /// Fails unless the store's limiter (if any) lets `what`, a memory of
    /// type `ty` being created, have its minimum size.
    pub(crate) fn allow_new_memory(&mut self, ty: &MemoryType, what: &str) -> Result<()> {
        let Some(limiter) = self.limiter.as_deref_mut() else {
            return Ok(());
        };
        let pages = ty.minimum();
        let bytes = usize::try_from(pages.saturating_mul(WASM_PAGE)).unwrap_or(usize::MAX);
        let maximum = ty
            .maximum()
            .and_then(|m| usize::try_from(m.saturating_mul(WASM_PAGE)).ok());
        if !limiter.with(|l| l.memory_growing(0, bytes, maximum))? {
            bail!(
                "{what}'s minimum size of {pages} pages ({bytes} bytes) exceeds the store's memory limit: its ResourceLimiter refused `memory_growing(0, {bytes}, {maximum:?})`"
            );
        }
        Ok(())
    }

    /// As [`allow_new_memory`](StoreOpaque::allow_new_memory), for a table.
    pub(crate) fn allow_new_table(&mut self, ty: &TableType, what: &str) -> Result<()> {
        let Some(limiter) = self.limiter.as_deref_mut() else {
            return Ok(());
        };
        let elements = ty.minimum() as usize;
        let maximum = ty.maximum().map(|m| m as usize);
        if !limiter.with(|l| l.table_growing(0, elements, maximum))? {
            bail!(
                "{what}'s minimum size of {elements} elements exceeds the store's table limit: its ResourceLimiter refused `table_growing(0, {elements}, {maximum:?})`"
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_limits_refuse_past_the_limit_or_the_maximum() -> Result<()> {
        let mut l = StoreLimitsBuilder::new()
            .memory_size(100)
            .table_elements(10)
            .build();
        assert!(l.memory_growing(0, 100, None)?);
        assert!(!l.memory_growing(0, 101, None)?);
        assert!(!l.memory_growing(0, 50, Some(40))?);
        assert!(l.table_growing(5, 10, Some(10))?);
        assert!(!l.table_growing(5, 11, None)?);
        l.memory_grow_failed(anyhow::anyhow!("quiet"))?;
        assert_eq!(l.instances(), DEFAULT_INSTANCE_LIMIT);
        Ok(())
    }

    #[test]
    fn trap_on_grow_failure_turns_refusals_into_errors() {
        let mut l = StoreLimitsBuilder::new()
            .memory_size(100)
            .table_elements(1)
            .trap_on_grow_failure(true)
            .build();
        let e = l.memory_growing(0, 101, None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "forcing trap when growing memory to 101 bytes"
        );
        assert!(l.table_growing(0, 2, None).is_err());
        assert!(l.table_grow_failed(anyhow::anyhow!("no")).is_err());
    }
}
