//! [`LowerContext`] and [`LiftContext`]: what [`Lower`](super::Lower) and
//! [`Lift`](super::Lift) implementations work in (the guest's memory, its
//! `realloc`, and the canonical options), with the bounds-checked accesses
//! they need.
//!
//! Nothing here hands out a raw pointer: every access is a checked slice of
//! the memory, and a bad address is a trap. The contexts are made by the
//! typed call paths (`func.rs`, `host.rs`); tests can make them over any
//! [`GuestMemory`].

use crate::component::abi::lift::{list_bytes, LiftHandles};
use crate::component::abi::memory::{checked_realloc, slice_mut, AllocPurpose, GuestMemory};
use crate::component::abi::strings::{
    decode_string, decode_string_owned, store_string_into_range, string_bytes, SourceEncoding,
};
use crate::component::abi::{trap, AbiOptions, StringEncoding};
use crate::component::types::Type;
use crate::{Memory, Trap};
use anyhow::Result;
use std::borrow::Cow;

/// Where values are lowered to: the destination's memory and `realloc`, and
/// its canonical options.
pub struct LowerContext<'a> {
    mem: &'a mut dyn GuestMemory,
    opts: AbiOptions,
}

impl<'a> LowerContext<'a> {
    /// A context lowering into `mem` with options `opts`.
    pub fn new(mem: &'a mut dyn GuestMemory, opts: &AbiOptions) -> LowerContext<'a> {
        LowerContext { mem, opts: *opts }
    }

    /// Moves the host's handle `r` into the guest's table as an `own`
    /// (`own` true) or a `borrow` of resource type `ty`; the guest's index.
    pub(crate) fn lower_handle(
        &mut self,
        r: &crate::component::ResourceAny,
        ty: crate::component::ResourceIndex,
        own: bool,
    ) -> Result<u32> {
        self.mem.lower_handle(r, ty, own)
    }

    /// The canonical options.
    pub fn options(&self) -> &AbiOptions {
        &self.opts
    }

    /// The memory lowered into.
    pub fn memory(&mut self) -> &mut dyn GuestMemory {
        &mut *self.mem
    }

    /// Allocates `size` bytes aligned to `align` with the guest's `realloc`,
    /// checking the result as the spec says (aligned, within memory). The
    /// call runs guest code, which may grow the memory.
    pub fn realloc(&mut self, align: u32, size: u32) -> Result<u32> {
        checked_realloc(self.mem, 0, 0, align, size, AllocPurpose::Other)
    }

    /// The `len` writable bytes at `offset`: one bounds check for the whole
    /// range (a trap if it is outside memory).
    #[inline]
    pub fn bytes_mut(&mut self, offset: u32, len: usize) -> Result<&mut [u8]> {
        slice_mut(self.mem.bytes_mut(), offset, len)
    }

    /// Writes `bytes` at `offset` (a trap if outside memory).
    #[inline]
    pub fn write<const N: usize>(&mut self, offset: u32, bytes: [u8; N]) -> Result<()> {
        self.bytes_mut(offset, N)?.copy_from_slice(&bytes);
        Ok(())
    }

    /// Copies the host string `text` into newly allocated guest memory in
    /// the options' string encoding (transcoding as needed), returning the
    /// pointer and the (possibly tagged) length to pass on.
    pub fn store_string(&mut self, text: &str) -> Result<(u32, u32)> {
        store_string_into_range(
            self.mem,
            self.opts.string_encoding,
            text,
            SourceEncoding::Utf8,
        )
    }
}

/// Where values are lifted from: the source's memory (read only) and its
/// canonical options.
#[derive(Clone, Copy)]
pub struct LiftContext<'a> {
    mem: &'a [u8],
    opts: AbiOptions,
    handle: Option<Memory>,
    /// The guest's handle table, when lifting from a store.
    handles: Option<&'a std::cell::RefCell<&'a mut dyn LiftHandles>>,
}

impl<'a> LiftContext<'a> {
    /// A context lifting from the bytes `mem` with options `opts`.
    ///
    /// Values that keep pointing into memory ([`WasmStr`](super::WasmStr),
    /// [`WasmList`](super::WasmList)) lifted through such a context cannot
    /// be read through a store later; the typed call paths make contexts
    /// that know their store's memory.
    pub fn new(mem: &'a [u8], opts: &AbiOptions) -> LiftContext<'a> {
        LiftContext {
            mem,
            opts: *opts,
            handle: None,
            handles: None,
        }
    }

    /// A context for the store memory `handle`, whose bytes are `mem`.
    pub(crate) fn with_handle(
        mem: &'a [u8],
        opts: &AbiOptions,
        handle: Option<Memory>,
    ) -> LiftContext<'a> {
        LiftContext {
            mem,
            opts: *opts,
            handle,
            handles: None,
        }
    }

    /// This context, lifting handles out of `handles`.
    pub(crate) fn with_handles(
        mut self,
        handles: &'a std::cell::RefCell<&'a mut dyn LiftHandles>,
    ) -> LiftContext<'a> {
        self.handles = Some(handles);
        self
    }

    /// Ends host handle `r`, returning its representation.
    pub(crate) fn take_host_handle(&self, r: &crate::component::ResourceAny) -> Result<u32> {
        let Some(h) = self.handles else {
            anyhow::bail!(
                "resource handles can only be lifted from a component instance in a store"
            );
        };
        h.borrow_mut().take_host(r)
    }

    /// Lifts handle `index` of resource type `ty`, owned or borrowed, out of
    /// the guest's table.
    pub(crate) fn lift_handle(
        &self,
        index: u32,
        ty: crate::component::ResourceIndex,
        own: bool,
    ) -> Result<crate::component::ResourceAny> {
        let Some(h) = self.handles else {
            anyhow::bail!(
                "resource handles can only be lifted from a component instance in a store"
            );
        };
        let mut h = h.borrow_mut();
        if own {
            h.lift_own(index, ty)
        } else {
            h.lift_borrow(index, ty)
        }
    }

    /// The canonical options.
    pub fn options(&self) -> &AbiOptions {
        &self.opts
    }

    /// The string encoding of the options.
    pub fn string_encoding(&self) -> StringEncoding {
        self.opts.string_encoding
    }

    /// The whole memory.
    pub fn memory(&self) -> &'a [u8] {
        self.mem
    }

    /// The store memory this context reads, if it reads one.
    pub(crate) fn handle(&self) -> Option<Memory> {
        self.handle
    }

    /// The `len` bytes at `ptr`: one bounds check (a trap if outside memory).
    pub fn bytes(&self, ptr: u32, len: usize) -> Result<&'a [u8]> {
        crate::component::abi::memory::read_slice(self.mem, ptr, len)
    }

    /// The whole block of a list of `len` elements of type `elem` at `ptr`,
    /// checked once as the spec's `load_list_from_range` does: the byte
    /// length within the maximum, `ptr` aligned for `elem`, and the block
    /// within memory (each a trap otherwise).
    pub fn list_bytes(&self, elem: &Type, ptr: u32, len: u32) -> Result<&'a [u8]> {
        list_bytes(self.mem, elem, ptr, len)
    }

    /// The string at `ptr` with (possibly tagged) length `len`, checked and
    /// decoded as the spec's `load_string_from_range` does. UTF-8 (and
    /// all-ASCII Latin-1) contents are borrowed from memory.
    pub fn string(&self, ptr: u32, len: u32) -> Result<Cow<'a, str>> {
        let (bytes, source) = string_bytes(self.mem, self.opts.string_encoding, ptr, len)?;
        decode_string(bytes, source)
    }

    /// [`LiftContext::string`] into a new `String`, reading guest memory
    /// once.
    pub fn string_owned(&self, ptr: u32, len: u32) -> Result<String> {
        let (bytes, source) = string_bytes(self.mem, self.opts.string_encoding, ptr, len)?;
        decode_string_owned(bytes, source)
    }
}

/// The `[u8; N]` at the start of `bytes` (the caller passes a value's exact
/// bytes, so this only fails if the type and the bytes disagree).
pub(crate) fn array<const N: usize>(bytes: &[u8]) -> Result<[u8; N]> {
    bytes
        .get(..N)
        .and_then(|b| <[u8; N]>::try_from(b).ok())
        .ok_or_else(|| {
            trap(
                Trap::PointerOutOfBounds,
                format!("memory access: {N} bytes needed, {} given", bytes.len()),
            )
        })
}

/// The `(pointer, length)` pair at the start of `bytes`.
pub(crate) fn pointer_pair(bytes: &[u8]) -> Result<(u32, u32)> {
    let pair: [u8; 8] = array(bytes)?;
    let [a, b, c, d, e, f, g, h] = pair;
    Ok((
        u32::from_le_bytes([a, b, c, d]),
        u32::from_le_bytes([e, f, g, h]),
    ))
}
