//! [`MemoryImage`]: the initial contents of a defined linear memory, kept in
//! an in-memory file (`memfd`) and mapped copy-on-write into each new
//! instance's memory, instead of copying the data segments in.
//!
//! An image is built once per module and memory (lazily, on the first
//! instantiation; see `CompiledModule::memory_images`), and only for
//! modules whose active data segments cannot trap: every one has a static
//! offset (an expression that reads no global, though it may compute) and
//! lies inside the initial size of a memory the module defines. Then applying
//! all segments at once is what applying them one by one would do. Mapping
//! an image costs one `mmap`; the pages are shared with the file until the
//! guest writes them, so an instance that never touches its data pages never
//! copies them.
//!
//! What is not here: the memory itself and how its pages are reset when it
//! is recycled (`vm::memory`).

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::sync::Arc;

use hoist_environ::module_info::{DataKind, ModuleInfo};

use super::memory::WASM_PAGE;

/// A memory's initial contents in a file: `len` bytes, a multiple of the
/// host page size.
#[derive(Debug)]
pub struct MemoryImage {
    fd: OwnedFd,
    len: usize,
}

impl MemoryImage {
    /// Writes `segments` (offset, bytes) into a new in-memory file as long
    /// as the last segment's end, rounded up to the host page size. `None`
    /// when the kernel cannot make one (the caller copies the segments
    /// instead).
    fn new(segments: &[(usize, &[u8])]) -> Option<MemoryImage> {
        let end = segments.iter().map(|(o, b)| o + b.len()).max()?;
        let page = super::page_size();
        let len = end.div_ceil(page) * page;
        if len == 0 {
            return None;
        }
        // SAFETY: `memfd_create` with a NUL-terminated name; the result is
        // checked and owned below.
        let raw = unsafe { libc::memfd_create(c"hoist-memory-image".as_ptr(), libc::MFD_CLOEXEC) };
        if raw < 0 {
            return None;
        }
        // SAFETY: `raw` is a fresh descriptor nothing else owns.
        let fd = unsafe { OwnedFd::from_raw_fd(raw) };
        // SAFETY: plain syscalls on our descriptor; each `pwrite` reads
        // `bytes` for its length.
        unsafe {
            if libc::ftruncate(fd.as_raw_fd(), len as libc::off_t) != 0 {
                return None;
            }
            for (offset, bytes) in segments {
                let mut done = 0;
                while done < bytes.len() {
                    let n = libc::pwrite(
                        fd.as_raw_fd(),
                        bytes[done..].as_ptr().cast(),
                        bytes.len() - done,
                        (offset + done) as libc::off_t,
                    );
                    if n <= 0 {
                        return None;
                    }
                    done += n as usize;
                }
            }
        }
        Some(MemoryImage { fd, len })
    }

    /// The image's length in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// The file holding the image.
    pub(super) fn fd(&self) -> &OwnedFd {
        &self.fd
    }
}

/// The images of the memories `info` defines (one entry per defined
/// memory, `None` for one without data), or an empty list when the module
/// does not qualify (see the module documentation) and its segments must be
/// copied one by one.
pub fn images_for(info: &ModuleInfo) -> Vec<Option<Arc<MemoryImage>>> {
    images(info).unwrap_or_default()
}

fn images(info: &ModuleInfo) -> Option<Vec<Option<Arc<MemoryImage>>>> {
    let imported = info.num_imported_memories as usize;
    let defined = info.memories.len() - imported;
    let mut segments: Vec<Vec<(usize, &[u8])>> = vec![Vec::new(); defined];
    for d in &info.data {
        let DataKind::Active { memory, offset } = &d.kind else {
            continue;
        };
        // An offset that reads a global (an import's value) is only known
        // per instance: such a module copies its segments.
        let offset = offset.static_i32()?;
        let index = (*memory as usize).checked_sub(imported)?;
        let initial = info.memories[*memory as usize].minimum() * WASM_PAGE;
        let end = u64::from(offset as u32) + d.bytes.len() as u64;
        if end > initial {
            return None;
        }
        if !d.bytes.is_empty() {
            segments[index].push((offset as u32 as usize, &d.bytes));
        }
    }
    if segments.iter().all(|s| s.is_empty()) {
        return None;
    }
    let mut images = Vec::with_capacity(defined);
    for s in &segments {
        if s.is_empty() {
            images.push(None);
        } else {
            // Without an image for one memory, every segment is copied.
            images.push(Some(Arc::new(MemoryImage::new(s)?)));
        }
    }
    Some(images)
}
