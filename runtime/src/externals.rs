//! The store-owned definitions other than functions: [`Memory`], [`Global`],
//! [`Table`], and [`Extern`], the sum of all four kinds with functions.
//!
//! Each handle is a `(store id, index)` pair into the store's lists; the data
//! itself is in `vm::memory`, `vm::table` and `vm::vmctx`.

use crate::store::{AsContext, AsContextMut, StoreOpaque};
use crate::values::Val;
use crate::vm::memory::LinearMemory;
use crate::vm::table::Table as VmTable;
use crate::vm::vmctx::VMGlobalDefinition;
use crate::{Func, StoreId};
use anyhow::{bail, Context, Result};
use hoist_environ::types::{ExternType, GlobalType, MemoryType, Mutability, TableType};

/// A linear memory in a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Memory {
    pub(crate) store: StoreId,
    pub(crate) index: u32,
}

/// A global in a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Global {
    pub(crate) store: StoreId,
    pub(crate) index: u32,
}

/// A table in a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Table {
    pub(crate) store: StoreId,
    pub(crate) index: u32,
}

/// Anything that can be imported or exported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Extern {
    /// A function.
    Func(Func),
    /// A global.
    Global(Global),
    /// A table.
    Table(Table),
    /// A memory.
    Memory(Memory),
}

impl Extern {
    /// The function, if this is one.
    pub fn into_func(self) -> Option<Func> {
        if let Extern::Func(f) = self {
            Some(f)
        } else {
            None
        }
    }
    /// The memory, if this is one.
    pub fn into_memory(self) -> Option<Memory> {
        if let Extern::Memory(m) = self {
            Some(m)
        } else {
            None
        }
    }
    /// The global, if this is one.
    pub fn into_global(self) -> Option<Global> {
        if let Extern::Global(g) = self {
            Some(g)
        } else {
            None
        }
    }
    /// The table, if this is one.
    pub fn into_table(self) -> Option<Table> {
        if let Extern::Table(t) = self {
            Some(t)
        } else {
            None
        }
    }
    /// The type of the definition.
    pub fn ty(&self, store: impl AsContext) -> ExternType {
        self.ty_in(&store.as_context().inner.opaque)
    }

    pub(crate) fn ty_in(&self, s: &StoreOpaque) -> ExternType {
        match self {
            Extern::Func(f) => {
                s.check(f.store, "function");
                ExternType::Func(s.funcs[f.index as usize].ty.clone())
            }
            Extern::Global(g) => {
                s.check(g.store, "global");
                ExternType::Global(s.globals[g.index as usize].ty)
            }
            Extern::Table(t) => {
                let vm = t.get_vm(s);
                ExternType::Table(TableType::new(
                    vm.ty().element(),
                    vm.size(),
                    vm.ty().maximum(),
                ))
            }
            Extern::Memory(m) => {
                let vm = m.get(s);
                ExternType::Memory(MemoryType::from_limits(vm.pages(), vm.ty().maximum()))
            }
        }
    }
}

impl From<Func> for Extern {
    fn from(f: Func) -> Extern {
        Extern::Func(f)
    }
}
impl From<Memory> for Extern {
    fn from(m: Memory) -> Extern {
        Extern::Memory(m)
    }
}
impl From<Global> for Extern {
    fn from(g: Global) -> Extern {
        Extern::Global(g)
    }
}
impl From<Table> for Extern {
    fn from(t: Table) -> Extern {
        Extern::Table(t)
    }
}

impl Memory {
    /// A new memory of type `ty` in `store`. Fails when the store's
    /// [`ResourceLimiter`](crate::ResourceLimiter) refuses one more memory
    /// or its minimum size.
    pub fn new(mut store: impl AsContextMut, ty: MemoryType) -> Result<Memory> {
        let s = &mut store.as_context_mut().inner.opaque;
        s.check_counts(0, 1, 0)?;
        s.allow_new_memory(&ty, "the new memory")?;
        let mem = LinearMemory::new(ty, &s.engine.config().memory_layout())?;
        s.memories.push(mem);
        Ok(Memory {
            store: s.id,
            index: s.memories.len() as u32 - 1,
        })
    }

    fn get<'a>(&self, s: &'a StoreOpaque) -> &'a LinearMemory {
        s.check(self.store, "memory");
        &s.memories[self.index as usize]
    }

    /// The memory's type (its minimum is the current size).
    pub fn ty(&self, store: impl AsContext) -> MemoryType {
        let m = self.get(&store.as_context().inner.opaque);
        let t = m.ty();
        MemoryType::from_limits(m.pages(), t.maximum())
    }

    /// The memory's bytes.
    pub fn data<'a, T: 'a>(&self, store: impl Into<crate::StoreContext<'a, T>>) -> &'a [u8] {
        let s = store.into();
        let m: &'a LinearMemory = self.get(&s.inner.opaque);
        m.data()
    }

    /// The memory's bytes, mutably.
    pub fn data_mut<'a, T: 'a>(
        &self,
        store: impl Into<crate::StoreContextMut<'a, T>>,
    ) -> &'a mut [u8] {
        let s: crate::StoreContextMut<'a, T> = store.into();
        let opaque = &mut s.inner.opaque;
        opaque.check(self.store, "memory");
        opaque.memories[self.index as usize].data_mut()
    }

    /// Current size in 64 KiB pages.
    pub fn size(&self, store: impl AsContext) -> u64 {
        self.get(&store.as_context().inner.opaque).pages()
    }

    /// Current size in bytes.
    pub fn data_size(&self, store: impl AsContext) -> usize {
        self.get(&store.as_context().inner.opaque).data().len()
    }

    /// Grows by `delta` pages, returning the old size in pages. Fails
    /// when the maximum would be exceeded, the store's
    /// [`ResourceLimiter`](crate::ResourceLimiter) refuses, or the system
    /// cannot provide the pages; the memory is unchanged then.
    pub fn grow(&self, mut store: impl AsContextMut, delta: u64) -> Result<u64> {
        let s = &mut store.as_context_mut().inner.opaque;
        s.check(self.store, "memory");
        let m = &mut s.memories[self.index as usize];
        let pages = m.pages();
        m.grow_limited(delta, s.limiter.as_deref_mut())?
            .with_context(|| format!("failed to grow memory of {pages} pages by {delta} pages"))
    }

    /// Copies `buf.len()` bytes from `offset` into `buf`.
    pub fn read(&self, store: impl AsContext, offset: usize, buf: &mut [u8]) -> Result<()> {
        let s = store.as_context();
        let data = self.get(&s.inner.opaque).data();
        let end = offset.checked_add(buf.len()).filter(|e| *e <= data.len());
        let Some(end) = end else {
            bail!(
                "out of bounds memory read: {} bytes at offset {offset} of a {}-byte memory",
                buf.len(),
                data.len()
            );
        };
        buf.copy_from_slice(&data[offset..end]);
        Ok(())
    }

    /// Copies `buf` into the memory at `offset`.
    pub fn write(&self, mut store: impl AsContextMut, offset: usize, buf: &[u8]) -> Result<()> {
        let s = &mut store.as_context_mut().inner.opaque;
        s.check(self.store, "memory");
        let data = s.memories[self.index as usize].data_mut();
        let len = data.len();
        let end = offset.checked_add(buf.len()).filter(|e| *e <= len);
        let Some(end) = end else {
            bail!(
                "out of bounds memory write: {} bytes at offset {offset} of a {len}-byte memory",
                buf.len()
            );
        };
        data[offset..end].copy_from_slice(buf);
        Ok(())
    }

    pub(crate) fn vm(&self, s: &mut StoreOpaque) -> *mut LinearMemory {
        s.check(self.store, "memory");
        &mut *s.memories[self.index as usize]
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

impl Global {
    /// A new global of type `ty` holding `value`.
    pub fn new(mut store: impl AsContextMut, ty: GlobalType, value: Val) -> Result<Global> {
        let s = &mut store.as_context_mut().inner.opaque;
        let raw = s.val_to_raw(&value, ty.content(), &|| {
            "the initial value of a global".to_string()
        })?;
        let mut def = Box::new(VMGlobalDefinition { value: raw });
        let ptr: *mut VMGlobalDefinition = &mut *def;
        s.host_globals.push(def);
        Ok(s.push_global(ptr, ty))
    }

    /// The global's type.
    pub fn ty(&self, store: impl AsContext) -> GlobalType {
        let s = store.as_context();
        s.inner.opaque.check(self.store, "global");
        s.inner.opaque.globals[self.index as usize].ty
    }

    /// The current value.
    pub fn get(&self, mut store: impl AsContextMut) -> Val {
        let s = &mut store.as_context_mut().inner.opaque;
        s.check(self.store, "global");
        let g = &s.globals[self.index as usize];
        let (ty, def) = (g.ty, g.def);
        // SAFETY: `def` points at a global definition this store owns.
        let raw = unsafe { (*def).value };
        s.val_from_raw(raw, ty.content())
    }

    /// Sets the value; fails for immutable globals and mistyped values.
    pub fn set(&self, mut store: impl AsContextMut, value: Val) -> Result<()> {
        let s = &mut store.as_context_mut().inner.opaque;
        s.check(self.store, "global");
        let g = &s.globals[self.index as usize];
        let (ty, def) = (g.ty, g.def);
        if ty.mutability() == Mutability::Const {
            bail!("cannot set an immutable global of type `{ty}`");
        }
        let raw = s.val_to_raw(&value, ty.content(), &|| {
            "the new value of a global".to_string()
        })?;
        // SAFETY: as in `get`.
        unsafe { (*def).value = raw };
        Ok(())
    }

    pub(crate) fn vm(&self, s: &StoreOpaque) -> *mut VMGlobalDefinition {
        s.check(self.store, "global");
        s.globals[self.index as usize].def
    }
}

impl StoreOpaque {
    pub(crate) fn push_global(&mut self, def: *mut VMGlobalDefinition, ty: GlobalType) -> Global {
        self.globals.push(crate::store::GlobalEntry { def, ty });
        Global {
            store: self.id,
            index: self.globals.len() as u32 - 1,
        }
    }
}

impl Table {
    /// A new table of type `ty` with every element set to `init`. Fails
    /// when the store's [`ResourceLimiter`](crate::ResourceLimiter) refuses
    /// one more table or its minimum size.
    pub fn new(mut store: impl AsContextMut, ty: TableType, init: Val) -> Result<Table> {
        let s = &mut store.as_context_mut().inner.opaque;
        let raw = s.val_to_raw(&init, ty.element(), &|| {
            "the initial element of a table".to_string()
        })?;
        s.check_counts(0, 0, 1)?;
        s.allow_new_table(&ty, "the new table")?;
        s.tables.push(VmTable::new(ty, raw.get_ref())?);
        Ok(Table {
            store: s.id,
            index: s.tables.len() as u32 - 1,
        })
    }

    fn get_vm<'a>(&self, s: &'a StoreOpaque) -> &'a VmTable {
        s.check(self.store, "table");
        &s.tables[self.index as usize]
    }

    /// The table's type (its minimum is the current size).
    pub fn ty(&self, store: impl AsContext) -> TableType {
        let t = self.get_vm(&store.as_context().inner.opaque);
        TableType::new(t.ty().element(), t.size(), t.ty().maximum())
    }

    /// Number of elements.
    pub fn size(&self, store: impl AsContext) -> u32 {
        self.get_vm(&store.as_context().inner.opaque).size()
    }

    /// Element `index`, or `None` when out of bounds.
    pub fn get(&self, mut store: impl AsContextMut, index: u32) -> Option<Val> {
        let s = &mut store.as_context_mut().inner.opaque;
        let t = self.get_vm(s);
        let elem = t.ty().element();
        let raw = t.get(index).ok()?;
        Some(s.val_from_raw(crate::values::ValRaw::reference(raw), elem))
    }

    /// Sets element `index`.
    pub fn set(&self, mut store: impl AsContextMut, index: u32, value: Val) -> Result<()> {
        let s = &mut store.as_context_mut().inner.opaque;
        let elem = self.get_vm(s).ty().element();
        let raw = s.val_to_raw(&value, elem, &|| "a table element".to_string())?;
        let size = s.tables[self.index as usize].size();
        s.tables[self.index as usize]
            .set(index, raw.get_ref())
            .map_err(|_| {
                anyhow::anyhow!(
                    "table index {index} is out of bounds for a table of {size} elements"
                )
            })
    }

    /// Grows by `delta` elements set to `init`, returning the old size.
    /// Fails when the maximum would be exceeded or the store's
    /// [`ResourceLimiter`](crate::ResourceLimiter) refuses; the table is
    /// unchanged then.
    pub fn grow(&self, mut store: impl AsContextMut, delta: u32, init: Val) -> Result<u32> {
        let s = &mut store.as_context_mut().inner.opaque;
        let elem = self.get_vm(s).ty().element();
        let raw = s.val_to_raw(&init, elem, &|| "a table element".to_string())?;
        let t = &mut s.tables[self.index as usize];
        let size = t.size();
        t.grow_limited(delta, raw.get_ref(), s.limiter.as_deref_mut())?
            .with_context(|| format!("failed to grow table of {size} elements by {delta}"))
    }

    pub(crate) fn vm(&self, s: &mut StoreOpaque) -> *mut VmTable {
        s.check(self.store, "table");
        &mut *s.tables[self.index as usize]
    }
}
