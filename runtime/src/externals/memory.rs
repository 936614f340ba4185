//! [`Memory`]: a linear memory in a store, and its embedding API (size,
//! growth, reads and writes, views of its bytes).

use crate::store::{AsContext, AsContextMut, StoreOpaque};
use crate::vm::memory::LinearMemory;
use crate::StoreId;
use anyhow::{bail, Context, Result};
use hoist_environ::types::MemoryType;

/// A linear memory in a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Memory {
    pub(crate) store: StoreId,
    pub(crate) index: u32,
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

    pub(super) fn get<'a>(&self, s: &'a StoreOpaque) -> &'a LinearMemory {
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
