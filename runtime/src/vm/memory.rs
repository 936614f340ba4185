//! [`LinearMemory`]: a 32-bit linear memory backed by one reservation.
//!
//! Every memory reserves its whole 4 GiB index space plus a guard region, so
//! its base never moves; the accessible prefix is read-write and the rest is
//! `PROT_NONE`. Growing changes protection only. Whether compiled code relies
//! on the guard or checks bounds explicitly is the translator's choice.
//!
//! Reservations are recycled through a small process-wide pool: a dropped
//! memory gives its pages back to the kernel (`MADV_DONTNEED`, so the next
//! user reads zeros) but keeps its address range and protection, and the
//! next memory takes it over, changing the protection only of the pages
//! whose accessibility differs. Mapping and unmapping 6 GiB of address space
//! costs more than the rest of a small instantiation.

use super::memory_image::MemoryImage;
use super::vmctx::VMMemoryDefinition;
use crate::compile::GUARD_SIZE;
use crate::types::MemoryType;
use anyhow::{bail, Result};
use std::os::fd::AsRawFd;
use std::sync::Mutex;

/// Size of a wasm page.
pub const WASM_PAGE: u64 = 65536;
/// Most pages a 32-bit memory can have.
pub const MAX_PAGES: u64 = 65536;
const RESERVATION: usize = (4 << 30) + GUARD_SIZE as usize;

/// How many released reservations the pool keeps.
const POOL_CAPACITY: usize = 16;

/// A released reservation: its base address and how many bytes from the
/// base are read-write (all of them zero-filled on demand).
struct Released {
    base: usize,
    accessible: usize,
}

/// Released reservations waiting for a new memory.
static POOL: Mutex<Vec<Released>> = Mutex::new(Vec::new());

/// Takes a reservation from the pool, or maps a new one: its base and its
/// read-write length.
fn acquire() -> Result<(*mut u8, usize)> {
    let pooled = POOL.lock().unwrap_or_else(|e| e.into_inner()).pop();
    if let Some(r) = pooled {
        return Ok((r.base as *mut u8, r.accessible));
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
    Ok((base.cast(), 0))
}

/// Returns a reservation that no memory uses any more to the pool, with its
/// pages released, or unmaps it. The first `image_len` bytes are mapped
/// from a memory image (a file), whose pages would come back on the next
/// read if merely discarded: they are replaced by fresh anonymous memory.
fn release(base: *mut u8, accessible: usize, image_len: usize) {
    let cleared = if accessible == 0 {
        true
    } else if image_len > 0 {
        // SAFETY: `base..base+accessible` is this reservation's read-write
        // prefix, referenced by nothing any more; `MAP_FIXED` replaces it
        // with zero-filled anonymous pages of the same protection.
        let mapped = unsafe {
            libc::mmap(
                base.cast(),
                accessible,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        mapped != libc::MAP_FAILED
    } else {
        // SAFETY: `base..base+accessible` is a private anonymous read-write
        // mapping that nothing references any more; `MADV_DONTNEED` frees
        // its pages, and later reads see zeros.
        unsafe { libc::madvise(base.cast(), accessible, libc::MADV_DONTNEED) == 0 }
    };
    if cleared {
        let mut pool = POOL.lock().unwrap_or_else(|e| e.into_inner());
        if pool.len() < POOL_CAPACITY {
            pool.push(Released {
                base: base as usize,
                accessible,
            });
            return;
        }
    }
    // SAFETY: the reservation was mapped by `acquire` with this size, and
    // nothing references it any more.
    unsafe { libc::munmap(base.cast(), RESERVATION) };
}

/// Sets the protection of `base+from..base+to`, a range inside the
/// reservation at `base`; whether it worked.
fn protect(base: *mut u8, from: usize, to: usize, prot: libc::c_int) -> bool {
    // SAFETY: callers pass offsets of at most 4 GiB, inside the reservation
    // at `base`, which the caller owns; only protection changes.
    unsafe { libc::mprotect(base.add(from).cast(), to - from, prot) == 0 }
}

/// A linear memory. `def` comes first so that a pointer to the definition is a
/// pointer to the memory.
#[repr(C)]
#[derive(Debug)]
pub struct LinearMemory {
    def: VMMemoryDefinition,
    ty: MemoryType,
    max_pages: u64,
    /// Bytes from the base mapped from a `MemoryImage` (file-backed pages,
    /// which `release` must replace rather than discard).
    image_len: usize,
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
        let (base, accessible) = acquire()?;
        let initial = (ty.minimum() * WASM_PAGE) as usize;
        let ok = match accessible.cmp(&initial) {
            std::cmp::Ordering::Less => protect(
                base,
                accessible,
                initial,
                libc::PROT_READ | libc::PROT_WRITE,
            ),
            std::cmp::Ordering::Greater => protect(base, initial, accessible, libc::PROT_NONE),
            std::cmp::Ordering::Equal => true,
        };
        if !ok {
            let error = std::io::Error::last_os_error();
            release(base, accessible, 0);
            bail!(
                "failed to commit the initial {} pages of a linear memory: {error}",
                ty.minimum()
            );
        }
        let mem = Box::new(LinearMemory {
            def: VMMemoryDefinition {
                base,
                current_length: initial,
            },
            ty,
            max_pages: ty.maximum().unwrap_or(MAX_PAGES).min(MAX_PAGES),
            image_len: 0,
        });
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
        // `old_len..new_len` lies inside the reservation (new ≤ 4 GiB).
        if !protect(
            self.def.base,
            old_len,
            new_len,
            libc::PROT_READ | libc::PROT_WRITE,
        ) {
            return None;
        }
        self.def.current_length = new_len;
        Some(old)
    }

    /// Maps `image` copy-on-write over the start of the memory, replacing
    /// what is there; whether it worked (if not, nothing changed). The
    /// image must fit in the current size.
    pub fn map_image(&mut self, image: &MemoryImage) -> bool {
        if image.len() > self.def.current_length {
            return false;
        }
        // SAFETY: `base..base+len` lies inside this memory's accessible
        // region, which it owns; the file is at least `len` bytes long.
        // `MAP_FIXED` replaces the pages there atomically: on failure the
        // old mapping stays.
        let mapped = unsafe {
            libc::mmap(
                self.def.base.cast(),
                image.len(),
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_FIXED,
                image.fd().as_raw_fd(),
                0,
            )
        };
        if mapped == libc::MAP_FAILED {
            return false;
        }
        self.image_len = self.image_len.max(image.len());
        true
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
        // Instances using the memory are dropped with the store, before or
        // with it, so nothing references the reservation any more.
        release(self.def.base, self.def.current_length, self.image_len);
    }
}
