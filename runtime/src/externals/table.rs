//! [`Table`]: a table of references in a store, read, written and grown
//! as [`Val`]s.

use crate::store::{AsContext, AsContextMut, StoreOpaque};
use crate::values::Val;
use crate::vm::table::Table as VmTable;
use crate::StoreId;
use anyhow::{Context, Result};
use hoist_environ::types::TableType;

/// A table in a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Table {
    pub(crate) store: StoreId,
    pub(crate) index: u32,
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

    pub(super) fn get_vm<'a>(&self, s: &'a StoreOpaque) -> &'a VmTable {
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
