//! Access to a guest's linear memory and its `realloc` ([`GuestMemory`]), and
//! the bounds-checked byte reads and writes the rest of the ABI uses on it.
//!
//! A `realloc` call runs guest code, which may grow (and so move) the memory:
//! nothing here holds a slice of the memory across a [`GuestMemory::realloc`]
//! call, and every access goes through `get`/`get_mut`, so a bad address is an
//! error, never a panic.

use super::layout::is_aligned;
use super::{out_of_bounds, trap, unaligned};
use crate::Trap;
use anyhow::{anyhow, Result};

/// A guest instance's linear memory and `realloc` function, as one `canon lift`
/// or `canon lower` sees them.
///
/// Lifting only reads memory (the lift functions take the `&[u8]` of
/// [`bytes`](GuestMemory::bytes)); lowering writes it and allocates in it.
pub trait GuestMemory {
    /// The whole current linear memory.
    fn bytes(&self) -> &[u8];

    /// The whole current linear memory, writable.
    fn bytes_mut(&mut self) -> &mut [u8];

    /// Calls the guest's `realloc(old_ptr, old_size, align, new_size)`.
    ///
    /// The result is returned as the guest produced it; the caller checks it
    /// as the spec says (alignment, and `ptr + size` within the memory). An
    /// error (a trap in the guest, or no `realloc` configured) is passed on
    /// unchanged.
    fn realloc(&mut self, old_ptr: u32, old_size: u32, align: u32, new_size: u32) -> Result<u32>;

    /// Moves the host's handle `r` into the guest's handle table as an
    /// `own` (`own` true) or `borrow` of resource type `ty`, returning the
    /// guest's handle index. Only memories reached through a store have
    /// handle tables.
    fn lower_handle(
        &mut self,
        r: &crate::component::ResourceAny,
        ty: crate::component::ResourceIndex,
        own: bool,
    ) -> Result<u32> {
        let _ = (r, ty, own);
        anyhow::bail!("resource handles can only be passed to a component instance in a store")
    }

    /// A new host-held handle to `rep` of resource type `ty`.
    fn host_handle(
        &mut self,
        ty: crate::component::ResourceType,
        rep: u32,
        own: bool,
    ) -> Result<crate::component::ResourceAny> {
        let _ = (ty, rep, own);
        anyhow::bail!("resource handles exist only in a store")
    }
}

/// The memory of canonical options that name neither `memory` nor `realloc`:
/// empty, and any allocation fails.
///
/// Validation guarantees that such options are only used with types that need
/// no memory, so using this never fails on a valid component.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoMemory;

impl GuestMemory for NoMemory {
    fn bytes(&self) -> &[u8] {
        &[]
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        &mut []
    }

    fn realloc(&mut self, _: u32, _: u32, _: u32, _: u32) -> Result<u32> {
        Err(anyhow!(
            "the canonical ABI needs to allocate in guest memory, but no `realloc` option was given"
        ))
    }
}

/// Whether `[ptr, ptr + len)` lies within a memory of `mem_len` bytes.
pub(crate) fn in_bounds(mem_len: usize, ptr: u32, len: u64) -> bool {
    u64::from(ptr)
        .checked_add(len)
        .is_some_and(|end| u64::try_from(mem_len).is_ok_and(|m| end <= m))
}

/// `base + offset` as a guest address, trapping on overflow.
#[inline]
pub(crate) fn offset_ptr(base: u32, offset: u32) -> Result<u32> {
    base.checked_add(offset).ok_or_else(|| {
        trap(
            Trap::PointerOutOfBounds,
            format!("address: {base:#x} + {offset} overflows"),
        )
    })
}

/// `base + index * size` as a guest address, trapping on overflow.
#[inline]
pub(crate) fn element_ptr(base: u32, index: usize, size: u32) -> Result<u32> {
    u32::try_from(index)
        .ok()
        .and_then(|i| i.checked_mul(size))
        .and_then(|o| base.checked_add(o))
        .ok_or_else(|| {
            trap(
                Trap::PointerOutOfBounds,
                format!("address: element {index} past {base:#x} overflows"),
            )
        })
}

/// A read or write of `len` bytes at `addr` past the end of memory.
fn access_out_of_bounds(addr: u32, len: usize, mem_len: usize) -> anyhow::Error {
    out_of_bounds("memory access", addr, len as u64, mem_len)
}

/// The `N` bytes at `addr`.
pub(crate) fn read_array<const N: usize>(mem: &[u8], addr: u32) -> Result<[u8; N]> {
    let start = usize::try_from(addr).map_err(|_| access_out_of_bounds(addr, N, mem.len()))?;
    start
        .checked_add(N)
        .and_then(|end| mem.get(start..end))
        .and_then(|s| <[u8; N]>::try_from(s).ok())
        .ok_or_else(|| access_out_of_bounds(addr, N, mem.len()))
}

/// The `len` bytes at `addr`.
pub(crate) fn read_slice(mem: &[u8], addr: u32, len: usize) -> Result<&[u8]> {
    let start = usize::try_from(addr).map_err(|_| access_out_of_bounds(addr, len, mem.len()))?;
    start
        .checked_add(len)
        .and_then(|end| mem.get(start..end))
        .ok_or_else(|| access_out_of_bounds(addr, len, mem.len()))
}

/// The `len` writable bytes at `addr`.
#[inline]
pub(crate) fn slice_mut(mem: &mut [u8], addr: u32, len: usize) -> Result<&mut [u8]> {
    let mem_len = mem.len();
    let start = usize::try_from(addr).map_err(|_| access_out_of_bounds(addr, len, mem_len))?;
    start
        .checked_add(len)
        .and_then(|end| mem.get_mut(start..end))
        .ok_or_else(|| access_out_of_bounds(addr, len, mem_len))
}

/// Writes `bytes` at `addr`.
pub(crate) fn write_bytes(mem: &mut dyn GuestMemory, addr: u32, bytes: &[u8]) -> Result<()> {
    slice_mut(mem.bytes_mut(), addr, bytes.len())?.copy_from_slice(bytes);
    Ok(())
}

/// Reads a little-endian `u32` at `addr`.
pub(crate) fn read_u32(mem: &[u8], addr: u32) -> Result<u32> {
    read_array::<4>(mem, addr).map(u32::from_le_bytes)
}

/// Writes a little-endian `u32` at `addr`.
pub(crate) fn write_u32(mem: &mut dyn GuestMemory, addr: u32, v: u32) -> Result<()> {
    write_bytes(mem, addr, &v.to_le_bytes())
}

/// What a `realloc` result is for, which its traps name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AllocPurpose {
    /// String contents.
    String,
    /// List contents, or spilled parameters.
    Other,
}

/// Calls `realloc` and checks its result as the spec does after every call:
/// aligned to `align`, and `ptr + new_size` within memory. (With `align` 1 the
/// alignment check is vacuous, as in the spec's UTF-8 paths that omit it.)
pub(crate) fn checked_realloc(
    mem: &mut dyn GuestMemory,
    old_ptr: u32,
    old_size: u32,
    align: u32,
    new_size: u32,
    purpose: AllocPurpose,
) -> Result<u32> {
    let ptr = mem.realloc(old_ptr, old_size, align, new_size)?;
    let what = match purpose {
        AllocPurpose::String => "realloc result for a string",
        AllocPurpose::Other => "realloc result",
    };
    if !is_aligned(ptr, align) {
        return Err(unaligned(what, ptr, align));
    }
    let mem_len = mem.bytes().len();
    if !in_bounds(mem_len, ptr, u64::from(new_size)) {
        return Err(out_of_bounds(what, ptr, u64::from(new_size), mem_len));
    }
    Ok(ptr)
}

#[cfg(test)]
pub(crate) use test_memory::{Step, VecMemory};

#[cfg(test)]
mod test_memory {
    use super::GuestMemory;
    use anyhow::{anyhow, Result};
    use std::collections::VecDeque;

    /// What one scripted `realloc` call of a [`VecMemory`] does.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub(crate) enum Step {
        /// Behave: a fresh, aligned, in-bounds block with the old contents copied.
        Behave,
        /// Return one byte past the correct (aligned) block.
        Misalign,
        /// Return a pointer past the end of memory.
        OutOfBounds,
        /// Return exactly this pointer (for overlapping blocks), growing the
        /// memory so that the block fits.
        Fixed(u32),
        /// Return exactly this value, with no growth and no copying.
        Raw(u32),
        /// Fail as a trapping guest `realloc` would.
        Fail,
    }

    /// A `Vec<u8>` memory with a bump-allocating `realloc` that can be told to
    /// misbehave call by call, recording every call it gets.
    #[derive(Debug)]
    pub(crate) struct VecMemory {
        /// The memory contents; grows as allocations need.
        pub(crate) data: Vec<u8>,
        /// The next free byte of the bump allocator.
        pub(crate) next: u32,
        /// The memory never grows beyond this many bytes (a failing `realloc`).
        pub(crate) limit: usize,
        /// What the next calls do; once empty, every call behaves.
        pub(crate) script: VecDeque<Step>,
        /// Every call as `(old_ptr, old_size, align, new_size)`, and its result.
        pub(crate) calls: Vec<((u32, u32, u32, u32), u32)>,
    }

    impl VecMemory {
        /// A memory of `size` zero bytes whose allocations start at `size`.
        pub(crate) fn new(size: usize) -> VecMemory {
            VecMemory {
                data: vec![0; size],
                next: u32::try_from(size).unwrap_or(u32::MAX),
                limit: 64 << 20,
                script: VecDeque::new(),
                calls: Vec::new(),
            }
        }

        /// The same, with the given script of `realloc` behaviours.
        pub(crate) fn with_script(size: usize, script: &[Step]) -> VecMemory {
            let mut mem = VecMemory::new(size);
            mem.script = script.iter().copied().collect();
            mem
        }

        fn grow_to(&mut self, end: u64) -> Result<()> {
            let end = usize::try_from(end).map_err(|_| anyhow!("realloc: out of memory"))?;
            if end > self.limit {
                return Err(anyhow!("realloc: out of memory"));
            }
            if end > self.data.len() {
                self.data.resize(end, 0);
            }
            Ok(())
        }

        fn copy_block(&mut self, old_ptr: u32, old_size: u32, new_ptr: u32, new_size: u32) {
            let n = old_size.min(new_size) as usize;
            let src = old_ptr as usize;
            if n > 0 && src + n <= self.data.len() && new_ptr as usize + n <= self.data.len() {
                self.data.copy_within(src..src + n, new_ptr as usize);
            }
        }
    }

    impl GuestMemory for VecMemory {
        fn bytes(&self) -> &[u8] {
            &self.data
        }

        fn bytes_mut(&mut self) -> &mut [u8] {
            &mut self.data
        }

        fn realloc(
            &mut self,
            old_ptr: u32,
            old_size: u32,
            align: u32,
            new_size: u32,
        ) -> Result<u32> {
            let args = (old_ptr, old_size, align, new_size);
            let step = self.script.pop_front().unwrap_or(Step::Behave);
            if !align.is_power_of_two() || align > 8 {
                return Err(anyhow!("realloc: bad alignment {align}"));
            }
            let ptr = match step {
                Step::Fail => return Err(anyhow!("realloc trapped")),
                Step::Raw(p) => p,
                Step::Fixed(p) => {
                    self.grow_to(u64::from(p) + u64::from(new_size))?;
                    self.copy_block(old_ptr, old_size, p, new_size);
                    p
                }
                Step::Behave | Step::Misalign | Step::OutOfBounds => {
                    let p = (u64::from(self.next) + u64::from(align) - 1) & !(u64::from(align) - 1);
                    let end = p + u64::from(new_size);
                    self.grow_to(end)?;
                    let p = u32::try_from(p).map_err(|_| anyhow!("realloc: out of memory"))?;
                    self.copy_block(old_ptr, old_size, p, new_size);
                    self.next =
                        u32::try_from(end).map_err(|_| anyhow!("realloc: out of memory"))?;
                    match step {
                        Step::Misalign => p + 1,
                        Step::OutOfBounds => {
                            u32::try_from(self.data.len()).unwrap_or(u32::MAX - 8) + 8
                        }
                        _ => p,
                    }
                }
            };
            self.calls.push((args, ptr));
            Ok(ptr)
        }
    }
}
