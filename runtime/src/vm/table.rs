//! [`Table`]: a table of pointer-sized references.
//!
//! A `funcref` element is a `*const VMFuncRef` (null for `ref.null`), an
//! `externref` element an index+1 into the store's externref slab (0 for null).
//! The element array may move when the table grows; compiled code always
//! reloads the base.

use super::limiter::{self, StoreLimiter};
use super::vmctx::VMTableDefinition;
use crate::Trap;
use anyhow::{anyhow, bail, Result};
use hoist_environ::types::TableType;

/// The most elements a table may grow to, whatever its declared maximum.
pub const MAX_TABLE_ELEMENTS: u64 = 10_000_000;

/// A table. `def` comes first so that a pointer to the definition is a pointer
/// to the table.
#[repr(C)]
#[derive(Debug)]
pub struct Table {
    def: VMTableDefinition,
    elements: Vec<usize>,
    ty: TableType,
}

// SAFETY: the table owns its elements; raw references in it point at data the
// same store owns, and the store serialises access.
unsafe impl Send for Table {}
// SAFETY: as above.
unsafe impl Sync for Table {}

impl Table {
    /// A table of type `ty` with every element set to `init`. Fails when the
    /// minimum exceeds [`MAX_TABLE_ELEMENTS`] or cannot be allocated.
    pub fn new(ty: TableType, init: usize) -> Result<Box<Table>> {
        let min = u64::from(ty.minimum());
        if min > MAX_TABLE_ELEMENTS {
            bail!("a table of {min} elements exceeds the limit of {MAX_TABLE_ELEMENTS} elements");
        }
        let mut elements = Vec::new();
        elements
            .try_reserve_exact(min as usize)
            .map_err(|_| anyhow!("failed to allocate a table of {min} elements"))?;
        elements.resize(min as usize, init);
        let mut t = Box::new(Table {
            def: VMTableDefinition {
                base: std::ptr::null_mut(),
                current_elements: 0,
            },
            elements,
            ty,
        });
        t.sync();
        Ok(t)
    }

    fn sync(&mut self) {
        self.def.base = self.elements.as_mut_ptr();
        self.def.current_elements = self.elements.len();
    }

    /// The definition that compiled code reads.
    pub fn definition(&mut self) -> *mut VMTableDefinition {
        &mut self.def
    }

    /// The table's type.
    pub fn ty(&self) -> TableType {
        self.ty
    }

    /// Number of elements.
    pub fn size(&self) -> u32 {
        self.elements.len() as u32
    }

    /// Element `i`.
    pub fn get(&self, i: u32) -> Result<usize, Trap> {
        self.elements
            .get(i as usize)
            .copied()
            .ok_or(Trap::TableOutOfBounds)
    }

    /// Sets element `i`.
    pub fn set(&mut self, i: u32, v: usize) -> Result<(), Trap> {
        *self
            .elements
            .get_mut(i as usize)
            .ok_or(Trap::TableOutOfBounds)? = v;
        Ok(())
    }

    /// Grows by `delta` elements set to `init`; the old size, or why not
    /// (past the maximum, or out of memory). A failed grow changes nothing.
    pub fn grow(&mut self, delta: u32, init: usize) -> Result<u32> {
        let old = self.elements.len() as u64;
        let new = old + u64::from(delta);
        let max = self
            .ty
            .maximum()
            .map_or(u64::from(u32::MAX), u64::from)
            .min(MAX_TABLE_ELEMENTS);
        if new > max {
            bail!("table maximum size exceeded: growing {old} elements by {delta} passes the maximum of {max}");
        }
        self.elements
            .try_reserve_exact(delta as usize)
            .map_err(|_| anyhow!("failed to allocate {delta} more table elements"))?;
        self.elements.resize(new as usize, init);
        self.sync();
        Ok(old as u32)
    }

    /// Grows by `delta` elements set to `init` if `limiter` (the store's,
    /// if it has one) allows it: the old size, `None` for a refused or
    /// failed grow (which changes nothing), `Err` for an error that must
    /// trap (see [`limiter::ask_table`]).
    pub fn grow_limited(
        &mut self,
        delta: u32,
        init: usize,
        limiter: Option<&mut StoreLimiter>,
    ) -> Result<Option<u32>> {
        let current = self.elements.len();
        if delta == 0 {
            return Ok(Some(current as u32));
        }
        let desired = current.checked_add(delta as usize);
        let maximum = self.ty.maximum().map(|m| m as usize);
        limiter::ask_table(limiter, current, desired, maximum, || {
            self.grow(delta, init)
        })
    }

    /// Sets `len` elements from `dst` to `v`.
    pub fn fill(&mut self, dst: u32, v: usize, len: u32) -> Result<(), Trap> {
        let range = checked_range(dst, len, self.elements.len())?;
        self.elements[range].fill(v);
        Ok(())
    }

    /// The elements `start..start+len`, bounds-checked.
    pub fn slice(&self, start: u32, len: u32) -> Result<&[usize], Trap> {
        Ok(&self.elements[checked_range(start, len, self.elements.len())?])
    }

    /// The elements `start..start+len`, mutably, bounds-checked.
    pub fn slice_mut(&mut self, start: u32, len: u32) -> Result<&mut [usize], Trap> {
        let r = checked_range(start, len, self.elements.len())?;
        Ok(&mut self.elements[r])
    }

    /// Copies within this table, as `table.copy` does with overlapping ranges.
    pub fn copy_within(&mut self, dst: u32, src: u32, len: u32) -> Result<(), Trap> {
        let s = checked_range(src, len, self.elements.len())?;
        checked_range(dst, len, self.elements.len())?;
        self.elements.copy_within(s, dst as usize);
        Ok(())
    }
}

/// `start..start+len` if it lies within `0..bound`.
pub fn checked_range(start: u32, len: u32, bound: usize) -> Result<std::ops::Range<usize>, Trap> {
    let end = u64::from(start) + u64::from(len);
    if end > bound as u64 {
        return Err(Trap::TableOutOfBounds);
    }
    Ok(start as usize..end as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use hoist_environ::types::ValType;

    #[test]
    fn a_minimum_above_the_limit_is_an_error_not_an_abort() {
        let huge = TableType::new(ValType::FuncRef, u32::MAX, None);
        assert!(Table::new(huge, 0).is_err());
        let ok = TableType::new(ValType::FuncRef, 3, None);
        assert_eq!(Table::new(ok, 0).unwrap().size(), 3);
    }
}
