//! [`CodeMemory`]: an mmap'd region that holds machine code.
//!
//! It is writable while it is filled and then read+execute only, never both.
//! Registering the region for trap lookup is `vm::registry`'s job.

use anyhow::{bail, Result};

/// Executable memory holding a copy of some machine code.
#[derive(Debug)]
pub struct CodeMemory {
    ptr: *mut u8,
    len: usize,
}

// SAFETY: the mapping is immutable (read+execute) after construction and owned
// by this value; sharing its address across threads is sound.
unsafe impl Send for CodeMemory {}
// SAFETY: as above; no method mutates the mapping.
unsafe impl Sync for CodeMemory {}

impl CodeMemory {
    /// Maps a fresh region, copies `code` in and makes it read+execute.
    pub fn new(code: &[u8]) -> Result<CodeMemory> {
        let page = super::page_size();
        let len = code.len().max(1).next_multiple_of(page);
        // SAFETY: an anonymous private mapping with no address hint; the result
        // is checked before use.
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            bail!(
                "failed to map {len} bytes for code: {}",
                std::io::Error::last_os_error()
            );
        }
        let ptr = ptr.cast::<u8>();
        // SAFETY: the mapping is `len >= code.len()` bytes, writable, and does
        // not overlap `code`.
        unsafe { std::ptr::copy_nonoverlapping(code.as_ptr(), ptr, code.len()) };
        // SAFETY: `ptr..ptr+len` is exactly the mapping made above.
        let rc = unsafe { libc::mprotect(ptr.cast(), len, libc::PROT_READ | libc::PROT_EXEC) };
        if rc != 0 {
            let err = std::io::Error::last_os_error();
            // SAFETY: unmapping the region mapped above, which nothing else uses.
            unsafe { libc::munmap(ptr.cast(), len) };
            bail!("failed to make code executable: {err}");
        }
        Ok(CodeMemory { ptr, len })
    }

    /// The start of the code.
    pub fn as_ptr(&self) -> *const u8 {
        self.ptr
    }

    /// The address range of the mapping.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.ptr as usize..self.ptr as usize + self.len
    }
}

impl Drop for CodeMemory {
    fn drop(&mut self) {
        // SAFETY: the region was mapped in `new` and is no longer referenced:
        // every owner of code pointers into it holds an `Arc` to its module.
        unsafe { libc::munmap(self.ptr.cast(), self.len) };
    }
}
