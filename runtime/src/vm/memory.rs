//! [`LinearMemory`]: a 32-bit linear memory backed by one reservation.
//!
//! Every memory reserves its whole 4 GiB index space plus a guard region, so
//! its base never moves; the accessible prefix is read-write and the rest is
//! `PROT_NONE`. Growing changes protection only. Whether compiled code relies
//! on the guard or checks bounds explicitly is the translator's choice.

use super::vmctx::VMMemoryDefinition;
use crate::compile::GUARD_SIZE;
use crate::types::MemoryType;
use anyhow::{bail, Result};

/// Size of a wasm page.
pub const WASM_PAGE: u64 = 65536;
/// Most pages a 32-bit memory can have.
pub const MAX_PAGES: u64 = 65536;
const RESERVATION: usize = (4 << 30) + GUARD_SIZE as usize;

/// A linear memory. `def` comes first so that a pointer to the definition is a
/// pointer to the memory.
#[repr(C)]
#[derive(Debug)]
pub struct LinearMemory {
    def: VMMemoryDefinition,
    ty: MemoryType,
    max_pages: u64,
}

// SAFETY: the memory owns its mapping; access is serialised by the store that
// owns the memory (`&mut` for writes).
unsafe impl Send for LinearMemory {}
// SAFETY: as above; shared references only read.
unsafe impl Sync for LinearMemory {}

impl LinearMemory {
    /// Reserves and maps a memory of type `ty` at its minimum size.
    pub fn new(ty: MemoryType) -> Result<Box<LinearMemory>> {
        if ty.minimum() > MAX_PAGES {
            bail!(
                "memory minimum of {} pages exceeds the 32-bit limit of {MAX_PAGES}",
                ty.minimum()
            );
        }
        // SAFETY: an anonymous reservation with no access; checked below.
        let base = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                RESERVATION,
                libc::PROT_NONE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        if base == libc::MAP_FAILED {
            bail!(
                "failed to reserve address space for a linear memory: {}",
                std::io::Error::last_os_error()
            );
        }
        let mut mem = Box::new(LinearMemory {
            def: VMMemoryDefinition {
                base: base.cast(),
                current_length: 0,
            },
            ty,
            max_pages: ty.maximum().unwrap_or(MAX_PAGES).min(MAX_PAGES),
        });
        if mem.grow(ty.minimum()).is_none() {
            bail!(
                "failed to commit the initial {} pages of a linear memory",
                ty.minimum()
            );
        }
        Ok(mem)
    }

    /// Grows by `delta` pages; returns the old size in pages, or `None` when
    /// the maximum would be exceeded or the pages cannot be committed.
    pub fn grow(&mut self, delta: u64) -> Option<u64> {
        let old = self.pages();
        let new = old.checked_add(delta)?;
        if new > self.max_pages {
            return None;
        }
        if delta == 0 {
            return Some(old);
        }
        let old_len = self.def.current_length;
        let new_len = (new * WASM_PAGE) as usize;
        // SAFETY: `old_len..new_len` lies inside the reservation (new ≤ 4 GiB).
        let rc = unsafe {
            libc::mprotect(
                self.def.base.add(old_len).cast(),
                new_len - old_len,
                libc::PROT_READ | libc::PROT_WRITE,
            )
        };
        if rc != 0 {
            return None;
        }
        self.def.current_length = new_len;
        Some(old)
    }

    /// Current size in pages.
    pub fn pages(&self) -> u64 {
        self.def.current_length as u64 / WASM_PAGE
    }

    /// The memory's type, with its current minimum.
    pub fn ty(&self) -> MemoryType {
        self.ty
    }

    /// The definition that compiled code reads.
    pub fn definition(&mut self) -> *mut VMMemoryDefinition {
        &mut self.def
    }

    /// The accessible bytes.
    pub fn data(&self) -> &[u8] {
        // SAFETY: `base..base+current_length` is mapped read-write and owned by
        // this memory; the store serialises access.
        unsafe { std::slice::from_raw_parts(self.def.base, self.def.current_length) }
    }

    /// The accessible bytes, mutably.
    pub fn data_mut(&mut self) -> &mut [u8] {
        // SAFETY: as in `data`, and `&mut self` excludes other borrows.
        unsafe { std::slice::from_raw_parts_mut(self.def.base, self.def.current_length) }
    }
}

impl Drop for LinearMemory {
    fn drop(&mut self) {
        // SAFETY: the reservation was mapped in `new`; instances using it are
        // dropped with the store, before or with this memory.
        unsafe { libc::munmap(self.def.base.cast(), RESERVATION) };
    }
}
