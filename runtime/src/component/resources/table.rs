//! The handle table of each component instance (the spec's `handles`
//! table of `ResourceHandle`s): [`Handle`]s with their borrow and lend
//! counts, and the checks that make misused handles a trap.

use super::*;
use crate::Trap;
use anyhow::Result;

/// The most handles one table holds (the spec's `Table.MAX_LENGTH`).
const MAX_HANDLES: usize = (1 << 28) - 1;

/// A handle in a component instance's table.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Handle {
    pub ty: ResourceType,
    pub rep: u32,
    pub own: bool,
    /// For a borrow: the call (an index into `ComponentStore::tasks`) whose
    /// borrow count it holds.
    pub task: Option<usize>,
    /// How many calls this handle is lent to right now.
    pub lends: u32,
}

/// One component instance's handles (the spec's `Table`): index 0 is never
/// used, freed indices are reused last-in first-out.
#[derive(Default, Debug)]
pub(crate) struct HandleTable {
    pub(super) slots: Vec<Option<Handle>>,
    pub(super) free: Vec<u32>,
}

impl HandleTable {
    pub(super) fn get_mut(&mut self, index: u32) -> Result<&mut Handle> {
        match self.slots.get_mut(index as usize) {
            Some(Some(h)) => Ok(h),
            _ => Err(bad(format!("unknown handle index {index}"))),
        }
    }

    pub(super) fn add(&mut self, h: Handle) -> Result<u32> {
        if self.slots.is_empty() {
            self.slots.push(None);
        }
        if let Some(i) = self.free.pop() {
            self.slots[i as usize] = Some(h);
            return Ok(i);
        }
        let i = self.slots.len();
        if i > MAX_HANDLES {
            return Err(crate::component::abi::trap(
                Trap::InvalidCanonicalValue,
                "the handle table is full",
            ));
        }
        self.slots.push(Some(h));
        Ok(i as u32)
    }

    pub(super) fn remove(&mut self, index: u32) -> Result<Handle> {
        let h = *self.get_mut(index)?;
        self.slots[index as usize] = None;
        self.free.push(index);
        Ok(h)
    }
}

/// A trap for a misused handle ([`Trap::InvalidHandle`]), with what was
/// wrong.
pub(crate) fn bad(why: String) -> anyhow::Error {
    crate::component::abi::trap(Trap::InvalidHandle, why)
}
