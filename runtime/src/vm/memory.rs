//! [`LinearMemory`]: a 32-bit linear memory backed by one reservation.
//!
//! Every memory reserves `MemoryLayout::reservation` bytes (by default its
//! whole 4 GiB index space; more if its minimum is larger) plus a guard
//! region; the accessible prefix is read-write and the rest is `PROT_NONE`.
//! Growing inside the reservation changes protection only, so the base
//! stays. Growing past it (possible only with a reservation below 4 GiB)
//! maps a larger reservation, copies the contents and moves the base, or
//! fails when `MemoryLayout::may_move` is off. Whether compiled code relies
//! on the guard or checks bounds explicitly, and whether it reloads the
//! base, is the translator's choice from the same `MemoryLayout`.
//!
//! Reservations are recycled through a small process-wide pool: a dropped
//! memory gives its pages back to the kernel (`MADV_DONTNEED`, so the next
//! user reads zeros) but keeps its address range and protection, and the
//! next memory of the same reservation size takes it over, changing the
//! protection only of the pages whose accessibility differs. Mapping and
//! unmapping 6 GiB of address space costs more than the rest of a small
//! instantiation.
//!
//! A memory that had a `MemoryImage` mapped keeps it in the pool:
//! `MADV_DONTNEED` drops the private copies of the image's pages that the
//! guest wrote, so the mapping reads as the image again, and zeros past it.
//! The next memory made for that same image ([`LinearMemory::for_image`])
//! takes such a reservation first and need not map the image again; any
//! other memory that takes it first replaces the image's pages with
//! anonymous ones, so that no memory ever sees another's image.

use super::limiter::{self, StoreLimiter};
use super::memory_image::MemoryImage;
use super::vmctx::VMMemoryDefinition;
use anyhow::{anyhow, bail, Result};
use hoist_environ::memory_layout::MemoryLayout;
use hoist_environ::types::MemoryType;
use std::os::fd::AsRawFd;
use std::sync::{Arc, Mutex};

/// Size of a wasm page.
pub const WASM_PAGE: u64 = 65536;
/// Most pages a 32-bit memory can have.
pub const MAX_PAGES: u64 = 65536;

/// How many released reservations the pool keeps.
const POOL_CAPACITY: usize = 16;

/// A released reservation: its base address, its size (guard included),
/// and how many bytes from the base are read-write: zero-filled on demand,
/// except for the first `image.len()` bytes if `image` is mapped there
/// (copy-on-write, unwritten since the `MADV_DONTNEED`).
struct Released {
    base: usize,
    size: usize,
    accessible: usize,
    image: Option<Arc<MemoryImage>>,
}

/// Released reservations waiting for a new memory.
static POOL: Mutex<Vec<Released>> = Mutex::new(Vec::new());

/// Replaces `base..base+len`, read-write pages of a reservation that
/// nothing references, with zero-filled anonymous ones; whether it worked.
fn replace_with_anonymous(base: *mut u8, len: usize) -> bool {
    // SAFETY: the caller owns `base..base+len` and nothing references it;
    // `MAP_FIXED` replaces it with zero-filled anonymous pages of the same
    // protection.
    let mapped = unsafe {
        libc::mmap(
            base.cast(),
            len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED | libc::MAP_NORESERVE,
            -1,
            0,
        )
    };
    mapped != libc::MAP_FAILED
}

/// Takes a reservation of `size` bytes from the pool, or maps a new one:
/// its base, its read-write length, and the image mapped at its base,
/// which is `image` or none: a pooled reservation with `image` mapped
/// first, else one without an image, else one whose other image is
/// replaced by anonymous pages first.
fn acquire(
    size: usize,
    image: Option<&Arc<MemoryImage>>,
) -> Result<(*mut u8, usize, Option<Arc<MemoryImage>>)> {
    let pooled = {
        let mut pool = POOL.lock().unwrap_or_else(|e| e.into_inner());
        let find = |mapped: &dyn Fn(Option<&Arc<MemoryImage>>) -> bool| {
            pool.iter()
                .rposition(|r| r.size == size && mapped(r.image.as_ref()))
        };
        let found = image
            .and_then(|want| find(&|m| m.is_some_and(|m| Arc::ptr_eq(m, want))))
            .or_else(|| find(&|m| m.is_none()))
            .or_else(|| find(&|_| true));
        found.map(|i| pool.swap_remove(i))
    };
    if let Some(r) = pooled {
        let base = r.base as *mut u8;
        match r.image {
            Some(old) if !image.is_some_and(|want| Arc::ptr_eq(&old, want)) => {
                if replace_with_anonymous(base, old.len()) {
                    return Ok((base, r.accessible, None));
                }
                // SAFETY: the reservation was mapped by `acquire` with
                // this size, and nothing references it.
                unsafe { libc::munmap(base.cast(), size) };
            }
            kept => return Ok((base, r.accessible, kept)),
        }
    }
    // SAFETY: an anonymous reservation with no access; checked below.
    let base = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            size,
            libc::PROT_NONE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
            -1,
            0,
        )
    };
    if base == libc::MAP_FAILED {
        bail!(
            "failed to reserve {size} bytes of address space for a linear memory: {}",
            std::io::Error::last_os_error()
        );
    }
    Ok((base.cast(), 0, None))
}

/// Returns a reservation of `size` bytes that no memory uses any more to
/// the pool, with its pages released, or unmaps it. `image`, if any, is
/// mapped over its first `image.len()` bytes (at most `accessible`); it
/// stays, reading as the image again (see the module documentation).
fn release(base: *mut u8, size: usize, accessible: usize, image: Option<Arc<MemoryImage>>) {
    // SAFETY: `base..base+accessible` is this reservation's read-write
    // prefix, private mappings (anonymous, and the image's file) that
    // nothing references any more; `MADV_DONTNEED` frees their pages, and
    // later reads see zeros, or the file's contents where it is mapped.
    let cleared = accessible == 0
        || unsafe { libc::madvise(base.cast(), accessible, libc::MADV_DONTNEED) == 0 };
    if cleared {
        let mut pool = POOL.lock().unwrap_or_else(|e| e.into_inner());
        if pool.len() < POOL_CAPACITY {
            pool.push(Released {
                base: base as usize,
                size,
                accessible,
                image,
            });
            return;
        }
    }
    // SAFETY: the reservation was mapped by `acquire` with this size, and
    // nothing references it any more.
    unsafe { libc::munmap(base.cast(), size) };
}

/// Sets the protection of `base+from..base+to`, a range inside the
/// reservation at `base`; whether it worked.
fn protect(base: *mut u8, from: usize, to: usize, prot: libc::c_int) -> bool {
    // SAFETY: callers pass offsets inside the reservation at `base`
    // (at most its capacity), which the caller owns; only protection
    // changes.
    unsafe { libc::mprotect(base.add(from).cast(), to - from, prot) == 0 }
}

/// Makes exactly the first `len` bytes of a reservation whose first
/// `accessible` bytes are read-write accessible; whether it worked.
fn make_accessible(base: *mut u8, accessible: usize, len: usize) -> bool {
    match accessible.cmp(&len) {
        std::cmp::Ordering::Less => {
            protect(base, accessible, len, libc::PROT_READ | libc::PROT_WRITE)
        }
        std::cmp::Ordering::Greater => protect(base, len, accessible, libc::PROT_NONE),
        std::cmp::Ordering::Equal => true,
    }
}

/// A reservation of `capacity` bytes plus `guard`: the size to map, whole
/// host pages and never empty.
fn mapping_size(capacity: usize, guard: u64) -> Result<usize> {
    let page = super::page_size();
    usize::try_from(guard)
        .ok()
        .and_then(|g| capacity.checked_add(g))
        .and_then(|n| n.checked_next_multiple_of(page))
        .map(|n| n.max(page))
        .ok_or_else(|| anyhow!("a memory of {capacity} bytes plus a {guard}-byte guard does not fit in the address space"))
}

/// A linear memory. `def` comes first so that a pointer to the definition is a
/// pointer to the memory.
#[repr(C)]
#[derive(Debug)]
pub struct LinearMemory {
    def: VMMemoryDefinition,
    ty: MemoryType,
    max_pages: u64,
    /// The image mapped at the base, if any (file-backed pages).
    image: Option<Arc<MemoryImage>>,
    /// Bytes from the base that may become accessible without moving.
    capacity: usize,
    /// Bytes mapped from the base: the capacity, the guard, rounding.
    mapped: usize,
    /// The layout it was made with (guard size, whether it may move).
    layout: MemoryLayout,
}

// SAFETY: the memory owns its mapping; access is serialised by the store that
// owns the memory (`&mut` for writes).
unsafe impl Send for LinearMemory {}
// SAFETY: as above; shared references only read.
unsafe impl Sync for LinearMemory {}

impl LinearMemory {
    /// Reserves and maps a memory of type `ty` at its minimum size, laid
    /// out as `layout` says.
    pub fn new(ty: MemoryType, layout: &MemoryLayout) -> Result<Box<LinearMemory>> {
        LinearMemory::for_image(ty, layout, None)
    }

    /// [`LinearMemory::new`] for a memory that [`LinearMemory::map_image`]
    /// will give `image`: a pooled reservation that has it mapped already
    /// is taken first. Until then, the memory may hold the image's
    /// contents or zeros.
    pub fn for_image(
        ty: MemoryType,
        layout: &MemoryLayout,
        image: Option<&Arc<MemoryImage>>,
    ) -> Result<Box<LinearMemory>> {
        if ty.minimum() > MAX_PAGES {
            bail!(
                "memory minimum of {} pages exceeds the 32-bit limit of {MAX_PAGES}",
                ty.minimum()
            );
        }
        let initial = (ty.minimum() * WASM_PAGE) as usize;
        // Never less than the layout's reservation: compiled code counts on
        // it (with the guard) where it skips bounds checks.
        let reservation = usize::try_from(layout.reservation).unwrap_or(usize::MAX);
        let capacity = reservation.max(initial);
        let mapped = mapping_size(capacity, layout.guard)?;
        // An image only ever fits its module's initial size.
        let image = image.filter(|i| i.len() <= initial);
        let (base, accessible, kept) = acquire(mapped, image)?;
        if !make_accessible(base, accessible, initial) {
            let error = std::io::Error::last_os_error();
            release(base, mapped, accessible, kept);
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
            image: kept,
            capacity,
            mapped,
            layout: *layout,
        });
        Ok(mem)
    }

    /// Grows by `delta` pages; returns the old size in pages, or why it
    /// could not: the maximum would be exceeded, the memory would have to
    /// move and may not, or the system refused the pages. A failed grow
    /// changes nothing.
    pub fn grow(&mut self, delta: u64) -> Result<u64> {
        let old = self.pages();
        let new = old.saturating_add(delta);
        if new > self.max_pages {
            bail!(
                "memory maximum size exceeded: growing {old} pages by {delta} passes the maximum of {} pages",
                self.max_pages
            );
        }
        if delta == 0 {
            return Ok(old);
        }
        let old_len = self.def.current_length;
        let new_len = (new * WASM_PAGE) as usize;
        if new_len > self.capacity {
            self.relocate(new_len)?;
        } else if !protect(
            self.def.base,
            old_len,
            new_len,
            libc::PROT_READ | libc::PROT_WRITE,
        ) {
            bail!(
                "failed to commit {delta} more pages of a linear memory: {}",
                std::io::Error::last_os_error()
            );
        }
        self.def.current_length = new_len;
        Ok(old)
    }

    /// Grows by `delta` pages if `limiter` (the store's, if it has one)
    /// allows it: the old size in pages, `None` for a refused or failed
    /// grow (which changes nothing), `Err` for an error that must trap
    /// (see [`limiter::ask_memory`]).
    pub fn grow_limited(
        &mut self,
        delta: u64,
        limiter: Option<&mut StoreLimiter>,
    ) -> Result<Option<u64>> {
        let old = self.pages();
        if delta == 0 {
            return Ok(Some(old));
        }
        let desired = old
            .checked_add(delta)
            .and_then(|p| p.checked_mul(WASM_PAGE))
            .and_then(|b| usize::try_from(b).ok());
        let maximum = self.ty.maximum().map(|m| (m * WASM_PAGE) as usize);
        let current = self.def.current_length;
        limiter::ask_memory(limiter, current, desired, maximum, || self.grow(delta))
    }

    /// Moves the memory into a new reservation with room for `new_len`
    /// accessible bytes (of which the first `new_len` are made accessible),
    /// copying its contents. The capacity at least doubles, up to the
    /// maximum, so that a memory growing a page at a time is copied a
    /// logarithmic number of times.
    fn relocate(&mut self, new_len: usize) -> Result<()> {
        if !self.layout.may_move {
            bail!(
                "growing the memory to {new_len} bytes passes its reservation of {} bytes, and `Config::memory_may_move` is off",
                self.capacity
            );
        }
        let max_len = (self.max_pages * WASM_PAGE) as usize;
        let capacity = self
            .capacity
            .saturating_mul(2)
            .clamp(new_len, max_len.max(new_len));
        let mapped = mapping_size(capacity, self.layout.guard)?;
        let (base, accessible, _) = acquire(mapped, None)?;
        if !make_accessible(base, accessible, new_len) {
            let error = std::io::Error::last_os_error();
            release(base, mapped, accessible, None);
            bail!("failed to commit {new_len} bytes for a linear memory that moves: {error}");
        }
        let old_len = self.def.current_length;
        // SAFETY: the old memory's first `old_len` bytes are readable, the
        // new one's first `new_len ≥ old_len` writable, and the two
        // reservations are distinct mappings.
        unsafe { std::ptr::copy_nonoverlapping(self.def.base, base, old_len) };
        release(self.def.base, self.mapped, old_len, self.image.take());
        self.def.base = base;
        self.capacity = capacity;
        self.mapped = mapped;
        Ok(())
    }

    /// Maps `image` copy-on-write over the start of the memory, replacing
    /// what is there; whether it worked (if not, nothing changed). The
    /// image must fit in the current size. A memory made by
    /// [`LinearMemory::for_image`] may have it mapped already, untouched.
    pub fn map_image(&mut self, image: &Arc<MemoryImage>) -> bool {
        if image.len() > self.def.current_length {
            return false;
        }
        if self.image.as_ref().is_some_and(|i| Arc::ptr_eq(i, image)) {
            return true;
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
        // A memory maps at most one image, over pages that were
        // anonymous.
        debug_assert!(self.image.is_none());
        self.image = Some(image.clone());
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
        release(
            self.def.base,
            self.mapped,
            self.def.current_length,
            self.image.take(),
        );
    }
}
