//! [`Store`]: the owner of all runtime state — instances, memories, tables,
//! globals, functions and externrefs — plus the embedder's data `T`.
//!
//! Most of it lives in the non-generic [`StoreOpaque`] so that little code is
//! monomorphised per `T`. Handles (`Func`, `Memory`, …) are `(store id, index)`
//! pairs; using one with another store panics with a clear message.

use crate::engine::Engine;
use crate::values::{ExternRef, Val, ValRaw};
use crate::vm::host::VMHostFuncContext;
use crate::vm::instance::Instance as VmInstance;
use crate::vm::limiter::StoreLimiter;
use crate::vm::memory::LinearMemory;
use crate::vm::table::Table as VmTable;
use crate::vm::vmctx::{VMFuncRef, VMGlobalDefinition, VMStoreContext};
use crate::{Func, ResourceLimiter};
use anyhow::{bail, Result};
use hoist_environ::types::{FuncType, GlobalType, ValType};
use rustc_hash::FxHashMap;
use std::any::Any;
use std::sync::atomic::{AtomicU64, Ordering};

/// Identifies a store; handles carry it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StoreId(u64);

impl StoreId {
    fn fresh() -> StoreId {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        StoreId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// A function known to a store.
pub(crate) struct FuncEntry {
    pub funcref: *const VMFuncRef,
    pub ty: FuncType,
    /// Cached address of the entry trampoline for dynamic calls.
    pub entry: std::sync::atomic::AtomicUsize,
}

/// A global known to a store.
pub(crate) struct GlobalEntry {
    pub def: *mut VMGlobalDefinition,
    pub ty: GlobalType,
}

/// The part of a store that does not depend on `T`.
// Boxes keep each item at a stable address: compiled code and vmctx blocks
// hold raw pointers to them while the vectors grow.
#[allow(clippy::vec_box)]
pub struct StoreOpaque {
    pub(crate) id: StoreId,
    pub(crate) engine: Engine,
    pub(crate) ctx: Box<VMStoreContext>,
    pub(crate) instances: Vec<Box<VmInstance>>,
    pub(crate) instance_memories: Vec<Vec<u32>>,
    pub(crate) instance_tables: Vec<Vec<u32>>,
    pub(crate) global_by_ptr: FxHashMap<usize, u32>,
    pub(crate) memories: Vec<Box<LinearMemory>>,
    pub(crate) tables: Vec<Box<VmTable>>,
    pub(crate) globals: Vec<GlobalEntry>,
    pub(crate) host_globals: Vec<Box<VMGlobalDefinition>>,
    pub(crate) funcs: Vec<FuncEntry>,
    pub(crate) func_by_ref: FxHashMap<usize, u32>,
    pub(crate) host_funcs: Vec<Box<VMHostFuncContext>>,
    pub(crate) externrefs: Vec<Box<dyn Any + Send + Sync>>,
    pub(crate) components: crate::component::store::ComponentStore,
    /// The embedder's resource limiter (`Store::limiter`); `ctx.limiter`
    /// points at it.
    pub(crate) limiter: Option<Box<StoreLimiter>>,
}

// SAFETY: every raw pointer in the store points at data the store itself owns
// (boxes, vmctx blocks, mappings) or at immutable code; moving the store to
// another thread moves all of it together.
unsafe impl Send for StoreOpaque {}
// SAFETY: shared access only reads, or writes through atomics (the cached
// entry trampolines, the stack limit).
unsafe impl Sync for StoreOpaque {}

/// Everything a store holds.
pub struct StoreInner<T> {
    pub(crate) opaque: StoreOpaque,
    pub(crate) data: T,
}

/// A collection of instances and the state they use, plus host data `T`.
///
/// ```
/// use hoist_runtime::{Engine, Store};
/// let engine = Engine::default();
/// let mut store = Store::new(&engine, 42u32);
/// *store.data_mut() += 1;
/// assert_eq!(*store.data(), 43);
/// ```
pub struct Store<T> {
    pub(crate) inner: Box<StoreInner<T>>,
}

impl<T> Store<T> {
    /// A new store for `engine` holding `data`.
    pub fn new(engine: &Engine, data: T) -> Store<T> {
        Store {
            inner: Box::new(StoreInner {
                opaque: StoreOpaque {
                    id: StoreId::fresh(),
                    engine: engine.clone(),
                    ctx: Box::new(VMStoreContext {
                        epoch: engine.epoch(),
                        ..VMStoreContext::default()
                    }),
                    instances: Vec::new(),
                    instance_memories: Vec::new(),
                    instance_tables: Vec::new(),
                    global_by_ptr: FxHashMap::default(),
                    memories: Vec::new(),
                    tables: Vec::new(),
                    globals: Vec::new(),
                    host_globals: Vec::new(),
                    funcs: Vec::new(),
                    func_by_ref: FxHashMap::default(),
                    host_funcs: Vec::new(),
                    externrefs: Vec::new(),
                    components: Default::default(),
                    limiter: None,
                },
                data,
            }),
        }
    }

    /// The host data.
    pub fn data(&self) -> &T {
        &self.inner.data
    }

    /// The host data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        &mut self.inner.data
    }

    /// Consumes the store, returning the host data.
    pub fn into_data(self) -> T {
        let inner = *self.inner;
        inner.data
    }

    /// The engine this store belongs to.
    pub fn engine(&self) -> &Engine {
        &self.inner.opaque.engine
    }

    /// Gives the store `fuel` units of fuel, replacing what it had left.
    /// Fails unless the engine was made with
    /// [`Config::consume_fuel`](crate::Config::consume_fuel).
    ///
    /// ```
    /// # fn main() -> anyhow::Result<()> {
    /// use hoist_runtime::{Config, Engine, Instance, Module, Store, Trap};
    /// let mut config = Config::new();
    /// config.consume_fuel(true);
    /// let engine = Engine::new(&config)?;
    /// let module = Module::new(&engine, r#"(module (func (export "spin") (loop br 0)))"#)?;
    /// let mut store = Store::new(&engine, ());
    /// store.set_fuel(10_000)?;
    /// let spin = Instance::new(&mut store, &module, &[])?
    ///     .get_typed_func::<(), ()>(&mut store, "spin")?;
    /// let e = spin.call(&mut store, ()).unwrap_err();
    /// assert_eq!(e.downcast_ref::<Trap>(), Some(&Trap::OutOfFuel));
    /// assert_eq!(store.get_fuel()?, 0);
    /// # Ok(()) }
    /// ```
    pub fn set_fuel(&mut self, fuel: u64) -> Result<()> {
        self.inner.opaque.set_fuel(fuel)
    }

    /// The fuel the store has left. Fails unless the engine consumes fuel.
    pub fn get_fuel(&self) -> Result<u64> {
        self.inner.opaque.get_fuel()
    }

    /// Installs a resource limiter: `limiter` maps the store's data to a
    /// [`ResourceLimiter`], which the store then asks before any memory or
    /// table grows and before every instantiation (see
    /// [`ResourceLimiter`] for when, and what its answers do). It replaces
    /// any limiter installed before.
    ///
    /// ```
    /// # fn main() -> anyhow::Result<()> {
    /// use hoist_runtime::{Engine, Module, Instance, Store, StoreLimits, StoreLimitsBuilder};
    /// struct Host { limits: StoreLimits }
    /// let engine = Engine::default();
    /// let mut store = Store::new(&engine, Host {
    ///     limits: StoreLimitsBuilder::new().memory_size(1 << 20).instances(1).build(),
    /// });
    /// store.limiter(|host| &mut host.limits);
    /// let module = Module::new(&engine, "(module (memory 17))")?; // 17 pages > 1 MiB
    /// let e = Instance::new(&mut store, &module, &[]).unwrap_err();
    /// assert!(format!("{e:#}").contains("memory 0"));
    /// # Ok(()) }
    /// ```
    pub fn limiter(
        &mut self,
        limiter: impl (FnMut(&mut T) -> &mut dyn ResourceLimiter) + Send + Sync + 'static,
    ) where
        T: 'static,
    {
        let inner = &mut *self.inner;
        let mut hook = Box::new(StoreLimiter::new(&mut inner.data, limiter));
        inner.opaque.ctx.limiter = &mut *hook;
        inner.opaque.limiter = Some(hook);
    }

    /// Sets the epoch deadline to `ticks` epochs after the engine's current
    /// one: code compiled with
    /// [`Config::epoch_interruption`](crate::Config::epoch_interruption)
    /// traps with [`Trap::Interrupt`](crate::Trap::Interrupt) once
    /// [`Engine::increment_epoch`] has been called `ticks` more times.
    pub fn set_epoch_deadline(&mut self, ticks: u64) {
        self.inner.opaque.set_epoch_deadline(ticks)
    }
}

impl StoreOpaque {
    pub(crate) fn set_fuel(&mut self, fuel: u64) -> Result<()> {
        if !self.engine.config().consume_fuel {
            bail!("fuel is not enabled: the engine was made without `Config::consume_fuel`");
        }
        let fuel = i64::try_from(fuel).unwrap_or(i64::MAX);
        self.ctx.fuel.store(-fuel, Ordering::Relaxed);
        Ok(())
    }

    pub(crate) fn get_fuel(&self) -> Result<u64> {
        if !self.engine.config().consume_fuel {
            bail!("fuel is not enabled: the engine was made without `Config::consume_fuel`");
        }
        let used = self.ctx.fuel.load(Ordering::Relaxed);
        Ok(u64::try_from(used.saturating_neg()).unwrap_or(0))
    }

    pub(crate) fn set_epoch_deadline(&mut self, ticks: u64) {
        let now = self.engine.epoch().load(Ordering::Acquire);
        self.ctx
            .epoch_deadline
            .store(now.saturating_add(ticks), Ordering::Relaxed);
    }

    /// This store's id.
    pub fn id(&self) -> StoreId {
        self.id
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub(crate) fn check(&self, id: StoreId, what: &str) {
        assert_eq!(
            self.id, id,
            "a {what} handle was used with a store it does not belong to"
        );
    }

    /// Registers a function reference, returning its index (deduplicated).
    pub(crate) fn push_func(&mut self, funcref: *const VMFuncRef) -> u32 {
        if let Some(i) = self.func_by_ref.get(&(funcref as usize)) {
            return *i;
        }
        // SAFETY: `funcref` points into a vmctx or host context this store owns.
        let type_id = unsafe { (*funcref).type_id };
        let ty = self.engine.type_of(type_id);
        self.push_new_func(funcref, ty)
    }

    /// Registers a function reference the store has not seen (a new host
    /// function's), of type `ty`, returning its index.
    pub(crate) fn push_new_func(&mut self, funcref: *const VMFuncRef, ty: FuncType) -> u32 {
        debug_assert!(!self.func_by_ref.contains_key(&(funcref as usize)));
        let i = self.funcs.len() as u32;
        self.funcs.push(FuncEntry {
            funcref,
            ty,
            entry: std::sync::atomic::AtomicUsize::new(0),
        });
        self.func_by_ref.insert(funcref as usize, i);
        i
    }

    /// The `Func` for a raw funcref (null → `None`).
    pub(crate) fn func_from_raw(&mut self, raw: usize) -> Option<Func> {
        if raw == 0 {
            return None;
        }
        let index = self.push_func(raw as *const VMFuncRef);
        Some(Func {
            store: self.id,
            index,
        })
    }

    /// Converts a value to raw form, checking its type and store.
    pub(crate) fn val_to_raw(
        &mut self,
        v: &Val,
        ty: ValType,
        what: &dyn Fn() -> String,
    ) -> Result<ValRaw> {
        if v.ty() != ty {
            bail!(
                "type mismatch for {}: expected {}, found {}",
                what(),
                ty,
                v.ty()
            );
        }
        Ok(match v {
            Val::I32(x) => ValRaw::i32(*x),
            Val::I64(x) => ValRaw::i64(*x),
            Val::F32(x) => ValRaw::f32(*x),
            Val::F64(x) => ValRaw::f64(*x),
            Val::V128(x) => ValRaw::v128(*x),
            Val::FuncRef(None) | Val::ExternRef(None) => ValRaw::reference(0),
            Val::FuncRef(Some(f)) => {
                if f.store != self.id {
                    bail!("{}: the function belongs to another store", what());
                }
                ValRaw::reference(self.funcs[f.index as usize].funcref as usize)
            }
            Val::ExternRef(Some(r)) => {
                if r.store != self.id {
                    bail!("{}: the externref belongs to another store", what());
                }
                ValRaw::reference(r.index as usize + 1)
            }
        })
    }

    /// Converts a raw value of type `ty` to a `Val`.
    pub(crate) fn val_from_raw(&mut self, raw: ValRaw, ty: ValType) -> Val {
        match ty {
            ValType::I32 => Val::I32(raw.get_i32()),
            ValType::I64 => Val::I64(raw.get_i64()),
            ValType::F32 => Val::F32(raw.get_f32()),
            ValType::F64 => Val::F64(raw.get_f64()),
            ValType::V128 => Val::V128(raw.get_v128()),
            ValType::FuncRef => Val::FuncRef(self.func_from_raw(raw.get_ref())),
            ValType::ExternRef => Val::ExternRef(match raw.get_ref() {
                0 => None,
                n => Some(ExternRef {
                    store: self.id,
                    index: (n - 1) as u32,
                }),
            }),
        }
    }
}

/// A shared borrow of a store, as taken by read-only APIs.
pub struct StoreContext<'a, T> {
    pub(crate) inner: &'a StoreInner<T>,
}

/// An exclusive borrow of a store, as taken by APIs that run wasm or change state.
pub struct StoreContextMut<'a, T> {
    pub(crate) inner: &'a mut StoreInner<T>,
}

impl<T> StoreContext<'_, T> {
    /// The host data.
    pub fn data(&self) -> &T {
        &self.inner.data
    }
}

impl<T> StoreContextMut<'_, T> {
    /// The host data.
    pub fn data(&self) -> &T {
        &self.inner.data
    }
    /// The host data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        &mut self.inner.data
    }
    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.inner.opaque.engine
    }
    /// As [`Store::set_fuel`].
    pub fn set_fuel(&mut self, fuel: u64) -> Result<()> {
        self.inner.opaque.set_fuel(fuel)
    }
    /// As [`Store::get_fuel`].
    pub fn get_fuel(&self) -> Result<u64> {
        self.inner.opaque.get_fuel()
    }
    /// As [`Store::set_epoch_deadline`].
    pub fn set_epoch_deadline(&mut self, ticks: u64) {
        self.inner.opaque.set_epoch_deadline(ticks)
    }
}

/// Types that give shared access to a store.
pub trait AsContext {
    /// The host data type.
    type Data;
    /// Borrows the store.
    fn as_context(&self) -> StoreContext<'_, Self::Data>;
}

/// Types that give exclusive access to a store.
pub trait AsContextMut: AsContext {
    /// Borrows the store mutably.
    fn as_context_mut(&mut self) -> StoreContextMut<'_, Self::Data>;
}

impl<T> AsContext for Store<T> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        StoreContext { inner: &self.inner }
    }
}
impl<T> AsContextMut for Store<T> {
    fn as_context_mut(&mut self) -> StoreContextMut<'_, T> {
        StoreContextMut {
            inner: &mut self.inner,
        }
    }
}
impl<T> AsContext for StoreContext<'_, T> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        StoreContext { inner: self.inner }
    }
}
impl<T> AsContext for StoreContextMut<'_, T> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        StoreContext { inner: self.inner }
    }
}
impl<T> AsContextMut for StoreContextMut<'_, T> {
    fn as_context_mut(&mut self) -> StoreContextMut<'_, T> {
        StoreContextMut { inner: self.inner }
    }
}
impl<C: AsContext + ?Sized> AsContext for &C {
    type Data = C::Data;
    fn as_context(&self) -> StoreContext<'_, C::Data> {
        (**self).as_context()
    }
}
impl<C: AsContext + ?Sized> AsContext for &mut C {
    type Data = C::Data;
    fn as_context(&self) -> StoreContext<'_, C::Data> {
        (**self).as_context()
    }
}
impl<C: AsContextMut + ?Sized> AsContextMut for &mut C {
    fn as_context_mut(&mut self) -> StoreContextMut<'_, C::Data> {
        (**self).as_context_mut()
    }
}

impl ExternRef {
    /// Wraps `value` as an externref owned by `store`.
    pub fn new<T: Any + Send + Sync>(mut store: impl AsContextMut, value: T) -> ExternRef {
        let s = &mut store.as_context_mut().inner.opaque;
        s.externrefs.push(Box::new(value));
        ExternRef {
            store: s.id,
            index: s.externrefs.len() as u32 - 1,
        }
    }

    /// The wrapped host value.
    pub fn data<'a, T: 'a>(
        &self,
        store: impl Into<StoreContext<'a, T>>,
    ) -> &'a (dyn Any + Send + Sync) {
        let s: StoreContext<'a, T> = store.into();
        s.inner.opaque.check(self.store, "externref");
        &*s.inner.opaque.externrefs[self.index as usize]
    }
}

impl<'a, T> From<&'a Store<T>> for StoreContext<'a, T> {
    fn from(s: &'a Store<T>) -> Self {
        StoreContext { inner: &s.inner }
    }
}
impl<'a, T> From<&'a mut Store<T>> for StoreContext<'a, T> {
    fn from(s: &'a mut Store<T>) -> Self {
        StoreContext { inner: &s.inner }
    }
}

impl<'a, T> From<&'a mut crate::Store<T>> for crate::StoreContextMut<'a, T> {
    fn from(s: &'a mut crate::Store<T>) -> Self {
        crate::StoreContextMut {
            inner: &mut s.inner,
        }
    }
}
impl<'a, T> From<&'a mut crate::Caller<'_, T>> for crate::StoreContextMut<'a, T> {
    fn from(c: &'a mut crate::Caller<'_, T>) -> Self {
        crate::StoreContextMut {
            inner: c.store.inner,
        }
    }
}
impl<'a, T> From<&'a crate::Caller<'_, T>> for crate::StoreContext<'a, T> {
    fn from(c: &'a crate::Caller<'_, T>) -> Self {
        crate::StoreContext {
            inner: c.store.inner,
        }
    }
}
impl<'a, T> From<crate::StoreContextMut<'a, T>> for crate::StoreContext<'a, T> {
    fn from(c: crate::StoreContextMut<'a, T>) -> Self {
        crate::StoreContext { inner: c.inner }
    }
}
impl<'a, 'b, T> From<&'a mut crate::StoreContextMut<'b, T>> for crate::StoreContextMut<'a, T> {
    fn from(c: &'a mut crate::StoreContextMut<'b, T>) -> Self {
        crate::StoreContextMut { inner: c.inner }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    fn assert_send<T: Send>() {}
    #[test]
    fn store_is_send_when_data_is() {
        assert_send::<Store<u32>>();
    }
}
