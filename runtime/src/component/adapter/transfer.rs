//! [`Transfer`]: moves one value of a component type from one guest to
//! another in a single walk, reading the source's flat values or memory and
//! writing the destination's, without building a dynamic value.
//!
//! Each step does what lifting with the source's options and then lowering
//! with the destination's would do (`abi/lift.rs`, `abi/lower.rs`): the same
//! checks and traps, the same `realloc` calls in the same order (a list's
//! block, then its elements; a string's allocation as the spec's transcoding
//! asks for it), the same bytes written. Strings keep their source encoding
//! for the spec's transcoding; a UTF-8 string going to a UTF-8 guest, and a
//! list of integers, are copied from memory to memory directly.
//!
//! A [`Transfer`] in checking mode ([`Transfer::check`]) only reads the
//! source and traps where lifting would; it writes and allocates nothing.
//! The fused adapter runs it over the arguments before it enters the callee,
//! so that a bad argument traps before any callee code runs, as in the spec.
//!
//! Not here: resource handles (an adapter is only made for types without
//! them), and which memories are read and written ([`Sides`]).

use super::slots::SlotOp;
use crate::component::abi::layout::VariantLayout;
use crate::component::abi::lift::{check_discriminant, list_bytes, variant_case, FlatReader};
use crate::component::abi::memory::{
    checked_realloc, element_ptr, offset_ptr, read_array, read_u32, write_bytes, write_u32,
    AllocPurpose, GuestMemory,
};
use crate::component::abi::strings::{decode_string, store_string_into_range, string_bytes};
use crate::component::abi::{AbiOptions, SourceEncoding, StringEncoding};
use crate::component::types::Type;
use crate::ValRaw;
use anyhow::{anyhow, bail, Result};

/// The two memories of a transfer: the source, read only, and the
/// destination with its `realloc`.
pub(crate) trait Sides {
    /// The source memory's current bytes.
    fn src(&self) -> &[u8];

    /// The destination memory (and `realloc`).
    fn dst(&mut self) -> &mut dyn GuestMemory;

    /// Copies `len` bytes at `src_ptr` in the source to `dst_ptr` in the
    /// destination; an error if either range is out of bounds.
    fn copy(&mut self, src_ptr: u32, dst_ptr: u32, len: u32) -> Result<()>;
}

/// Flat values written by a transfer: at most [`MAX_FLAT_PARAMS`] of them,
/// kept inline.
///
/// [`MAX_FLAT_PARAMS`]: crate::component::abi::MAX_FLAT_PARAMS
#[derive(Debug, Default)]
pub(crate) struct FlatOut {
    vals: [ValRaw; 16],
    len: usize,
}

impl FlatOut {
    /// Appends `v`; an error past 16 values.
    pub(crate) fn push(&mut self, v: ValRaw) -> Result<()> {
        let slot = self
            .vals
            .get_mut(self.len)
            .ok_or_else(|| anyhow!("more flat values than the canonical ABI passes flat"))?;
        *slot = v;
        self.len += 1;
        Ok(())
    }

    /// The values written so far.
    pub(crate) fn as_slice(&self) -> &[ValRaw] {
        &self.vals[..self.len]
    }

    /// All the slots, for a core call that needs room beyond the values.
    pub(crate) fn slots_mut(&mut self) -> &mut [ValRaw; 16] {
        &mut self.vals
    }
}

/// One transfer between two guests (or, in checking mode, a check of the
/// source).
pub(crate) struct Transfer<'s, S: Sides> {
    sides: &'s mut S,
    src: AbiOptions,
    dst: AbiOptions,
    /// Checking mode: read and check the source, write nothing.
    check_only: bool,
    /// The source has been checked already: its strings need no new
    /// validation where they are copied unchanged.
    prechecked: bool,
}

/// Whether a list of `elem` is the same bytes on both sides: integers only,
/// which need no check, no conversion and have no padding (padding is not
/// copied, so that one guest's stale bytes never reach the other).
fn same_bytes(elem: &Type) -> bool {
    matches!(
        elem,
        Type::U8 | Type::S8 | Type::U16 | Type::S16 | Type::U32 | Type::S32 | Type::U64 | Type::S64
    )
}

fn variant_layout(ty: &Type) -> Result<&VariantLayout> {
    ty.variant_layout()
        .ok_or_else(|| anyhow!("`{ty}` is not a variant type"))
}

fn handles_unsupported(ty: &Type) -> anyhow::Error {
    anyhow!("internal error: `{ty}` holds a resource handle, which the fused adapter does not move")
}

/// Reads a little-endian integer of `size` (1, 2 or 4) bytes.
fn read_sized(mem: &[u8], ptr: u32, size: u32) -> Result<u32> {
    Ok(match size {
        1 => u32::from(read_array::<1>(mem, ptr)?[0]),
        2 => u32::from(u16::from_le_bytes(read_array(mem, ptr)?)),
        _ => read_u32(mem, ptr)?,
    })
}

impl<'s, S: Sides> Transfer<'s, S> {
    /// A transfer from a guest with options `src` to one with options `dst`.
    /// `prechecked` says that the source values were checked by
    /// [`Transfer::check`] first.
    pub(crate) fn new(
        sides: &'s mut S,
        src: AbiOptions,
        dst: AbiOptions,
        prechecked: bool,
    ) -> Transfer<'s, S> {
        Transfer {
            sides,
            src,
            dst,
            check_only: false,
            prechecked,
        }
    }

    /// A check of values in a guest with options `src`: traps where lifting
    /// them would, writes nothing.
    pub(crate) fn check(sides: &'s mut S, src: AbiOptions) -> Transfer<'s, S> {
        Transfer {
            sides,
            src,
            dst: src,
            check_only: true,
            prechecked: false,
        }
    }

    /// The source memory's current bytes.
    pub(crate) fn src_bytes(&self) -> &[u8] {
        self.sides.src()
    }

    /// The destination memory.
    pub(crate) fn dst(&mut self) -> &mut dyn GuestMemory {
        self.sides.dst()
    }

    /// Moves a value of `ty` from the flat values `src` to `out`.
    pub(crate) fn flat(
        &mut self,
        ty: &Type,
        src: &mut FlatReader<'_>,
        out: &mut FlatOut,
    ) -> Result<()> {
        if let Some(op) = SlotOp::of(ty) {
            return out.push(op.apply(ValRaw::u64(src.next_u64()?))?);
        }
        match ty {
            Type::String | Type::List(_) => {
                let ptr = src.next_u32()?;
                let len = src.next_u32()?;
                let (ptr, len) = match ty {
                    Type::List(list) => self.list(list.ty(), ptr, len)?,
                    _ => self.string(ptr, len)?,
                };
                out.push(ValRaw::i32(ptr as i32))?;
                out.push(ValRaw::i32(len as i32))
            }
            Type::Record(r) => r
                .field_types()
                .iter()
                .try_for_each(|t| self.flat(t, src, out)),
            Type::Tuple(t) => t
                .type_slice()
                .iter()
                .try_for_each(|t| self.flat(t, src, out)),
            Type::Variant(_) | Type::Option(_) | Type::Result(_) => {
                let layout = variant_layout(ty)?;
                let slots = layout
                    .layout
                    .flat
                    .as_ref()
                    .map(|f| f.len().saturating_sub(1))
                    .ok_or_else(|| anyhow!("`{ty}` has too many flat values to pass flat"))?;
                let index = check_discriminant(src.next_u32()?, layout.cases)?;
                out.push(ValRaw::i32(index as i32))?;
                let start = out.len;
                let payload = variant_case(ty, index)?;
                if let Some(p) = payload {
                    self.flat(p, src, out)?;
                }
                let used = out.len - start;
                let padding = slots
                    .checked_sub(used)
                    .ok_or_else(|| anyhow!("case payload wider than `{ty}`"))?;
                src.skip(padding)?;
                (0..padding).try_for_each(|_| out.push(ValRaw::i64(0)))
            }
            Type::Own(_) | Type::Borrow(_) => Err(handles_unsupported(ty)),
            // Scalars were handled above; a flags type too wide for one
            // slot would be a type the translation never makes.
            _ => bail!("`{ty}` cannot be passed flat by the fused adapter"),
        }
    }

    /// Moves a value of `ty` at `src_ptr` in the source memory to `dst_ptr`
    /// in the destination memory. Both pointers were checked for the type's
    /// alignment and size; every access is bounds-checked again anyway.
    pub(crate) fn mem(&mut self, ty: &Type, src_ptr: u32, dst_ptr: u32) -> Result<()> {
        let size = ty.size();
        match ty {
            Type::String | Type::List(_) => {
                let mem = self.sides.src();
                let ptr = read_u32(mem, src_ptr)?;
                let len = read_u32(mem, offset_ptr(src_ptr, 4)?)?;
                let (ptr, len) = match ty {
                    Type::List(list) => self.list(list.ty(), ptr, len)?,
                    _ => self.string(ptr, len)?,
                };
                self.write_u32(dst_ptr, ptr)?;
                self.write_u32(offset_ptr(dst_ptr, 4)?, len)
            }
            Type::Record(r) => {
                r.field_types()
                    .iter()
                    .zip(r.field_offsets())
                    .try_for_each(|(t, off)| {
                        self.mem(t, offset_ptr(src_ptr, *off)?, offset_ptr(dst_ptr, *off)?)
                    })
            }
            Type::Tuple(t) => t
                .type_slice()
                .iter()
                .zip(t.offsets())
                .try_for_each(|(t, off)| {
                    self.mem(t, offset_ptr(src_ptr, *off)?, offset_ptr(dst_ptr, *off)?)
                }),
            Type::Variant(_) | Type::Enum(_) | Type::Option(_) | Type::Result(_) => {
                let layout = variant_layout(ty)?;
                let disc_size = layout.discriminant_size;
                let disc = read_sized(self.sides.src(), src_ptr, disc_size)?;
                let index = check_discriminant(disc, layout.cases)?;
                let bytes = index.to_le_bytes();
                let bytes = bytes
                    .get(..disc_size as usize)
                    .ok_or_else(|| anyhow!("bad discriminant size {disc_size}"))?;
                self.write(dst_ptr, bytes)?;
                match variant_case(ty, index)? {
                    Some(p) => self.mem(
                        p,
                        offset_ptr(src_ptr, layout.payload_offset)?,
                        offset_ptr(dst_ptr, layout.payload_offset)?,
                    ),
                    None => Ok(()),
                }
            }
            Type::Flags(f) => {
                let bits = read_sized(self.sides.src(), src_ptr, size)?;
                // A flags type has 1 to 32 flags.
                let mask = u32::MAX >> (32 - f.len().clamp(1, 32));
                let bytes = (bits & mask).to_le_bytes();
                self.write(dst_ptr, bytes.get(..size as usize).unwrap_or(&bytes))
            }
            Type::Own(_) | Type::Borrow(_) => Err(handles_unsupported(ty)),
            _ => {
                let op = SlotOp::of(ty).ok_or_else(|| anyhow!("`{ty}` is not a scalar"))?;
                let mem = self.sides.src();
                let raw = match size {
                    1 => u64::from(read_array::<1>(mem, src_ptr)?[0]),
                    2 => u64::from(u16::from_le_bytes(read_array(mem, src_ptr)?)),
                    4 => u64::from(read_u32(mem, src_ptr)?),
                    _ => u64::from_le_bytes(read_array(mem, src_ptr)?),
                };
                // In memory a `bool` is one byte and an `s8` is stored as
                // itself: the slot conversion gives the same low bytes.
                let v = op.apply(ValRaw::u64(raw))?.get_u64().to_le_bytes();
                self.write(dst_ptr, &v[..size as usize])
            }
        }
    }

    fn write(&mut self, ptr: u32, bytes: &[u8]) -> Result<()> {
        if self.check_only {
            return Ok(());
        }
        write_bytes(self.sides.dst(), ptr, bytes)
    }

    fn write_u32(&mut self, ptr: u32, v: u32) -> Result<()> {
        if self.check_only {
            return Ok(());
        }
        write_u32(self.sides.dst(), ptr, v)
    }

    /// The spec's `load_string_from_range` on the source, then
    /// `store_string_into_range` on the destination.
    fn string(&mut self, ptr: u32, tagged_len: u32) -> Result<(u32, u32)> {
        let (bytes, source) =
            string_bytes(self.sides.src(), self.src.string_encoding, ptr, tagged_len)?;
        if self.check_only {
            decode_string(bytes, source)?;
            return Ok((0, 0));
        }
        if source == SourceEncoding::Utf8 && self.dst.string_encoding == StringEncoding::Utf8 {
            // The spec's `store_string_copy` with one-byte units: one
            // allocation of the same length, then the bytes unchanged.
            if !self.prechecked {
                decode_string(bytes, source)?;
            }
            let len = tagged_len;
            let dst = checked_realloc(self.sides.dst(), 0, 0, 1, len, AllocPurpose::String)?;
            self.sides.copy(ptr, dst, len)?;
            return Ok((dst, len));
        }
        let text = decode_string(bytes, source)?.into_owned();
        store_string_into_range(self.sides.dst(), self.dst.string_encoding, &text, source)
    }

    /// The spec's `load_list_from_range` on the source, then
    /// `store_list_into_range` on the destination: the block is allocated
    /// first, then each element moved in order.
    fn list(&mut self, elem: &Type, ptr: u32, len: u32) -> Result<(u32, u32)> {
        let byte_length = u32::try_from(list_bytes(self.sides.src(), elem, ptr, len)?.len())
            .map_err(|_| anyhow!("list too long"))?;
        let size = elem.size();
        let count = usize::try_from(len).map_err(|_| anyhow!("list too long"))?;
        if self.check_only {
            if !same_bytes(elem) {
                for i in 0..count {
                    self.mem(elem, element_ptr(ptr, i, size)?, 0)?;
                }
            }
            return Ok((0, 0));
        }
        let dst = checked_realloc(
            self.sides.dst(),
            0,
            0,
            elem.align(),
            byte_length,
            AllocPurpose::Other,
        )?;
        if same_bytes(elem) {
            self.sides.copy(ptr, dst, byte_length)?;
        } else {
            for i in 0..count {
                self.mem(elem, element_ptr(ptr, i, size)?, element_ptr(dst, i, size)?)?;
            }
        }
        Ok((dst, len))
    }
}
