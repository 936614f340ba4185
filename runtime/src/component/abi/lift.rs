//! Lifting: reading a component [`Val`] out of flat core values (the spec's
//! `lift_flat`) or out of guest memory at a pointer (`load`).
//!
//! Lifting only reads memory, so it works on the `&[u8]` of
//! [`GuestMemory::bytes`](super::GuestMemory::bytes). Every guest-controlled
//! number is checked as the spec says, and a violation is a trap of the
//! check's kind (see [`trap`]):
//! - `bool` is true for any non-zero value; integers keep only their low bits;
//! - a `char` that is a surrogate or above U+10FFFF traps;
//! - a variant discriminant out of range traps;
//! - flag bits beyond the defined flags are ignored (as `definitions.py`'s
//!   `unpack_flags_from_int` does);
//! - list and string pointers must be aligned and in bounds, also when the
//!   length is zero, and the byte length must not exceed the maximum;
//! - floats have NaNs canonicalized.

use super::layout::{is_aligned, VariantLayout};
use super::memory::{element_ptr, in_bounds, offset_ptr, read_array, read_u32};
use super::options::AbiOptions;
use super::strings::load_string_from_range;
use super::{out_of_bounds, too_long, trap, unaligned};
use crate::component::types::{flags_from_bits, ResourceIndex, Type};
use crate::component::values::Val;
use crate::component::ResourceAny;
use crate::{Trap, ValRaw};
use anyhow::{anyhow, Result};

/// The largest byte length of a list in guest memory (the spec's
/// `MAX_LIST_BYTE_LENGTH`); a longer list traps.
pub const MAX_LIST_BYTE_LENGTH: u32 = (1 << 28) - 1;

/// The bits of the canonical `f32` NaN.
pub const CANONICAL_FLOAT32_NAN: u32 = 0x7fc0_0000;

/// The bits of the canonical `f64` NaN.
pub const CANONICAL_FLOAT64_NAN: u64 = 0x7ff8_0000_0000_0000;

/// The `f32` with these bits, any NaN replaced by the canonical one (the
/// spec's `canonicalize_nan32`).
pub fn canonicalize_nan32(bits: u32) -> f32 {
    let f = f32::from_bits(bits);
    if f.is_nan() {
        f32::from_bits(CANONICAL_FLOAT32_NAN)
    } else {
        f
    }
}

/// The `f64` with these bits, any NaN replaced by the canonical one (the
/// spec's `canonicalize_nan64`).
pub fn canonicalize_nan64(bits: u64) -> f64 {
    let f = f64::from_bits(bits);
    if f.is_nan() {
        f64::from_bits(CANONICAL_FLOAT64_NAN)
    } else {
        f
    }
}

#[cfg(test)]
/// Lifts a value of `ty` from exactly its flat core values (`flat` must hold
/// as many values as `ty` flattens to, in order).
pub fn lift_flat(mem: &[u8], opts: &AbiOptions, ty: &Type, flat: &[ValRaw]) -> Result<Val> {
    let mut src = FlatReader::new(flat);
    let val = Lifter::new(mem, opts).lift_flat(ty, &mut src)?;
    src.finish()?;
    Ok(val)
}

#[cfg(test)]
/// Loads a value of `ty` from guest memory at `ptr`, trapping if `ptr` is not
/// aligned for `ty` or the value does not lie within memory.
pub fn load(mem: &[u8], opts: &AbiOptions, ty: &Type, ptr: u32) -> Result<Val> {
    check_pointer(mem, ptr, ty.align(), ty.size(), &ty.to_string())?;
    Lifter::new(mem, opts).load(ty, ptr)
}

/// Traps unless `[ptr, ptr + size)` is aligned to `align` and within `mem`.
pub(crate) fn check_pointer(mem: &[u8], ptr: u32, align: u32, size: u32, what: &str) -> Result<()> {
    if !is_aligned(ptr, align) {
        return Err(unaligned(what, ptr, align));
    }
    if !in_bounds(mem.len(), ptr, u64::from(size)) {
        return Err(out_of_bounds(what, ptr, u64::from(size), mem.len()));
    }
    Ok(())
}

/// A cursor over flat core values.
///
/// `ValRaw` is untyped, so the spec's coercions for joined variant slots
/// (`i64` to `i32` by wrapping, `i32`/`i64` to `f32`/`f64` by reinterpreting
/// the low bits) are exactly "read the slot at the wanted width".
pub(crate) struct FlatReader<'a> {
    vals: &'a [ValRaw],
    pos: usize,
}

impl<'a> FlatReader<'a> {
    pub(crate) fn new(vals: &'a [ValRaw]) -> FlatReader<'a> {
        FlatReader { vals, pos: 0 }
    }

    fn next(&mut self) -> Result<ValRaw> {
        let v = self.vals.get(self.pos).copied().ok_or_else(|| {
            anyhow!(
                "too few core values for the canonical ABI: only {} given",
                self.vals.len()
            )
        })?;
        self.pos += 1;
        Ok(v)
    }

    /// The next value as a 32-bit pattern (`i32` or `f32`).
    pub(crate) fn next_u32(&mut self) -> Result<u32> {
        Ok(self.next()?.get_i32() as u32)
    }

    /// The next value as a 64-bit pattern (`i64` or `f64`).
    pub(crate) fn next_u64(&mut self) -> Result<u64> {
        Ok(self.next()?.get_u64())
    }

    pub(crate) fn skip(&mut self, n: usize) -> Result<()> {
        for _ in 0..n {
            self.next()?;
        }
        Ok(())
    }

    /// Errors unless every value was read.
    pub(crate) fn finish(&self) -> Result<()> {
        if self.pos == self.vals.len() {
            Ok(())
        } else {
            Err(anyhow!(
                "too many core values for the canonical ABI: {} given, {} used",
                self.vals.len(),
                self.pos
            ))
        }
    }
}

/// Traps unless `disc` is a case of a variant with `cases` cases.
pub(crate) fn check_discriminant(disc: u32, cases: u32) -> Result<u32> {
    if disc < cases {
        Ok(disc)
    } else {
        Err(trap(
            Trap::InvalidDiscriminant,
            format!("discriminant {disc} out of range [0..{cases})"),
        ))
    }
}

/// A `char` from its bits, trapping on surrogates and values above U+10FFFF.
pub(crate) fn char_from_bits(bits: u32) -> Result<char> {
    char::from_u32(bits).ok_or_else(|| {
        trap(
            Trap::InvalidChar,
            format!("`char` bit pattern {bits:#x} is not a Unicode scalar value"),
        )
    })
}

/// The payload type of case `index` of a variant-like type (`None` when the
/// case has no payload).
pub(crate) fn variant_case(ty: &Type, index: u32) -> Result<Option<&Type>> {
    Ok(match ty {
        Type::Variant(v) => {
            v.case(index)
                .ok_or_else(|| anyhow!("no case {index} in `{ty}`"))?
                .1
        }
        Type::Enum(_) => None,
        Type::Option(o) => (index == 1).then_some(o.ty()),
        Type::Result(r) if index == 0 => r.ok(),
        Type::Result(r) => r.err(),
        _ => return Err(anyhow!("`{ty}` is not a variant type")),
    })
}

/// Builds the value of case `index` of a variant-like type.
fn variant_value(ty: &Type, index: u32, payload: Option<Val>) -> Result<Val> {
    let payload = payload.map(Box::new);
    Ok(match ty {
        Type::Variant(v) => {
            let (name, _) = v
                .case(index)
                .ok_or_else(|| anyhow!("no case {index} in `{ty}`"))?;
            Val::Variant(name.to_string(), payload)
        }
        Type::Enum(e) => Val::Enum(
            e.name(index)
                .ok_or_else(|| anyhow!("no case {index} in `{ty}`"))?
                .to_string(),
        ),
        Type::Option(_) => Val::Option(payload),
        Type::Result(_) if index == 0 => Val::Result(Ok(payload)),
        Type::Result(_) => Val::Result(Err(payload)),
        _ => return Err(anyhow!("`{ty}` is not a variant type")),
    })
}

/// Takes handles out of a guest's table as they are lifted (the spec's
/// `lift_own` and `lift_borrow`): the store side of lifting.
pub(crate) trait LiftHandles {
    /// An `own` handle `index` of resource type `ty`, moved to the host.
    fn lift_own(&mut self, index: u32, ty: ResourceIndex) -> Result<ResourceAny>;
    /// A `borrow` of handle `index` of resource type `ty` for the call.
    fn lift_borrow(&mut self, index: u32, ty: ResourceIndex) -> Result<ResourceAny>;
    /// Ends host handle `r` (just lifted), returning its representation.
    fn take_host(&mut self, r: &ResourceAny) -> Result<u32>;
}

/// Lifts values from one memory with one set of options.
pub(crate) struct Lifter<'a> {
    mem: &'a [u8],
    /// The guest's handle table, when lifting from a store.
    handles: Option<std::cell::RefCell<&'a mut dyn LiftHandles>>,
    opts: AbiOptions,
    /// The encoding each lifted string came from, in lifting order (see
    /// `strings::SourceEncoding`): a component-to-component call hands them
    /// to the `Lowerer` of the other side.
    sources: std::cell::RefCell<Vec<super::strings::SourceEncoding>>,
}

impl<'a> Lifter<'a> {
    pub(crate) fn new(mem: &'a [u8], opts: &AbiOptions) -> Lifter<'a> {
        Lifter {
            mem,
            handles: None,
            opts: *opts,
            sources: Default::default(),
        }
    }

    /// Lifts handles out of `handles`.
    pub(crate) fn with_handles(mut self, handles: Option<&'a mut dyn LiftHandles>) -> Lifter<'a> {
        self.handles = handles.map(std::cell::RefCell::new);
        self
    }

    /// Lifts handle `index` of resource type `ty`, owned or borrowed.
    fn handle(&self, index: u32, ty: ResourceIndex, own: bool) -> Result<Val> {
        let Some(h) = &self.handles else {
            return Err(anyhow!(
                "resource handles can only be lifted from a component instance in a store"
            ));
        };
        let mut h = h.borrow_mut();
        Ok(Val::Resource(if own {
            h.lift_own(index, ty)?
        } else {
            h.lift_borrow(index, ty)?
        }))
    }

    /// The source encodings of the strings lifted so far, in order.
    pub(crate) fn take_sources(&self) -> Vec<super::strings::SourceEncoding> {
        std::mem::take(&mut *self.sources.borrow_mut())
    }

    /// The spec's `lift_flat`.
    pub(crate) fn lift_flat(&self, ty: &Type, src: &mut FlatReader<'_>) -> Result<Val> {
        Ok(match ty {
            Type::Bool => Val::Bool(src.next_u32()? != 0),
            Type::S8 => Val::S8(src.next_u32()? as u8 as i8),
            Type::U8 => Val::U8(src.next_u32()? as u8),
            Type::S16 => Val::S16(src.next_u32()? as u16 as i16),
            Type::U16 => Val::U16(src.next_u32()? as u16),
            Type::S32 => Val::S32(src.next_u32()? as i32),
            Type::U32 => Val::U32(src.next_u32()?),
            Type::S64 => Val::S64(src.next_u64()? as i64),
            Type::U64 => Val::U64(src.next_u64()?),
            Type::Float32 => Val::Float32(canonicalize_nan32(src.next_u32()?)),
            Type::Float64 => Val::Float64(canonicalize_nan64(src.next_u64()?)),
            Type::Char => Val::Char(char_from_bits(src.next_u32()?)?),
            Type::String => {
                let ptr = src.next_u32()?;
                let len = src.next_u32()?;
                self.string(ptr, len)?
            }
            Type::List(list) => {
                let ptr = src.next_u32()?;
                let len = src.next_u32()?;
                Val::List(self.list(list.ty(), ptr, len)?)
            }
            Type::Record(record) => Val::Record(
                record
                    .fields()
                    .map(|(name, fty)| Ok((name.to_string(), self.lift_flat(fty, src)?)))
                    .collect::<Result<_>>()?,
            ),
            Type::Tuple(tuple) => Val::Tuple(
                tuple
                    .types()
                    .map(|t| self.lift_flat(t, src))
                    .collect::<Result<_>>()?,
            ),
            Type::Variant(_) | Type::Enum(_) | Type::Option(_) | Type::Result(_) => {
                let layout = variant_layout_of(ty)?;
                let slots = layout
                    .layout
                    .flat
                    .map(|f| f.len().saturating_sub(1))
                    .ok_or_else(|| anyhow!("`{ty}` has too many flat values to lift flat"))?;
                let index = check_discriminant(src.next_u32()?, layout.cases)?;
                let payload_ty = variant_case(ty, index)?;
                let used = match payload_ty {
                    Some(t) => t.layout().flat_count().unwrap_or(usize::MAX),
                    None => 0,
                };
                let padding = slots
                    .checked_sub(used)
                    .ok_or_else(|| anyhow!("case payload wider than `{ty}`"))?;
                let payload = payload_ty.map(|t| self.lift_flat(t, src)).transpose()?;
                src.skip(padding)?;
                variant_value(ty, index, payload)?
            }
            Type::Flags(flags) => Val::Flags(flags_from_bits(flags, src.next_u32()?)),
            Type::Own(r) => self.handle(src.next_u32()?, *r, true)?,
            Type::Borrow(r) => self.handle(src.next_u32()?, *r, false)?,
        })
    }

    /// The spec's `load`, for a pointer already checked for alignment and bounds.
    pub(crate) fn load(&self, ty: &Type, ptr: u32) -> Result<Val> {
        let mem = self.mem;
        Ok(match ty {
            Type::Bool => Val::Bool(read_array::<1>(mem, ptr)?[0] != 0),
            Type::S8 => Val::S8(i8::from_le_bytes(read_array(mem, ptr)?)),
            Type::U8 => Val::U8(u8::from_le_bytes(read_array(mem, ptr)?)),
            Type::S16 => Val::S16(i16::from_le_bytes(read_array(mem, ptr)?)),
            Type::U16 => Val::U16(u16::from_le_bytes(read_array(mem, ptr)?)),
            Type::S32 => Val::S32(i32::from_le_bytes(read_array(mem, ptr)?)),
            Type::U32 => Val::U32(read_u32(mem, ptr)?),
            Type::S64 => Val::S64(i64::from_le_bytes(read_array(mem, ptr)?)),
            Type::U64 => Val::U64(u64::from_le_bytes(read_array(mem, ptr)?)),
            Type::Float32 => Val::Float32(canonicalize_nan32(read_u32(mem, ptr)?)),
            Type::Float64 => Val::Float64(canonicalize_nan64(u64::from_le_bytes(read_array(
                mem, ptr,
            )?))),
            Type::Char => Val::Char(char_from_bits(read_u32(mem, ptr)?)?),
            Type::String => {
                let begin = read_u32(mem, ptr)?;
                let len = read_u32(mem, offset_ptr(ptr, 4)?)?;
                self.string(begin, len)?
            }
            Type::List(list) => {
                let begin = read_u32(mem, ptr)?;
                let len = read_u32(mem, offset_ptr(ptr, 4)?)?;
                Val::List(self.list(list.ty(), begin, len)?)
            }
            Type::Record(record) => Val::Record(
                record
                    .fields()
                    .zip(record.field_offsets())
                    .map(|((name, fty), off)| {
                        Ok((name.to_string(), self.load(fty, offset_ptr(ptr, *off)?)?))
                    })
                    .collect::<Result<_>>()?,
            ),
            Type::Tuple(tuple) => Val::Tuple(
                tuple
                    .types()
                    .zip(tuple.offsets())
                    .map(|(t, off)| self.load(t, offset_ptr(ptr, *off)?))
                    .collect::<Result<_>>()?,
            ),
            Type::Variant(_) | Type::Enum(_) | Type::Option(_) | Type::Result(_) => {
                let layout = variant_layout_of(ty)?;
                let disc = match layout.discriminant_size {
                    1 => u32::from(read_array::<1>(mem, ptr)?[0]),
                    2 => u32::from(u16::from_le_bytes(read_array(mem, ptr)?)),
                    _ => read_u32(mem, ptr)?,
                };
                let index = check_discriminant(disc, layout.cases)?;
                let payload = match variant_case(ty, index)? {
                    Some(t) => Some(self.load(t, offset_ptr(ptr, layout.payload_offset)?)?),
                    None => None,
                };
                variant_value(ty, index, payload)?
            }
            Type::Flags(flags) => {
                let bits = match flags.size() {
                    1 => u32::from(read_array::<1>(mem, ptr)?[0]),
                    2 => u32::from(u16::from_le_bytes(read_array(mem, ptr)?)),
                    _ => read_u32(mem, ptr)?,
                };
                Val::Flags(flags_from_bits(flags, bits))
            }
            Type::Own(r) => self.handle(read_u32(mem, ptr)?, *r, true)?,
            Type::Borrow(r) => {
                let index = read_u32(mem, ptr)?;
                self.handle(index, *r, false)?
            }
        })
    }

    fn string(&self, ptr: u32, tagged_len: u32) -> Result<Val> {
        let (text, source) =
            load_string_from_range(self.mem, self.opts.string_encoding, ptr, tagged_len)?;
        self.sources.borrow_mut().push(source);
        Ok(Val::String(text))
    }

    /// The spec's `load_list_from_range`.
    fn list(&self, elem: &Type, ptr: u32, len: u32) -> Result<Vec<Val>> {
        let size = elem.size();
        list_bytes(self.mem, elem, ptr, len)?;
        let len = usize::try_from(len).map_err(|_| anyhow!("list too long"))?;
        let mut out = Vec::with_capacity(len);
        for i in 0..len {
            out.push(self.load(elem, element_ptr(ptr, i, size)?)?);
        }
        Ok(out)
    }
}

/// The byte length of a list of `count` elements of `elem_size` bytes, or
/// the trap of a list longer than [`MAX_LIST_BYTE_LENGTH`] bytes: the one
/// statement of that rule, for lifting and for lowering (dynamic and typed).
pub(crate) fn list_byte_length(count: u64, elem_size: u32) -> Result<u32> {
    let byte_length = count.saturating_mul(u64::from(elem_size));
    u32::try_from(byte_length)
        .ok()
        .filter(|n| *n <= MAX_LIST_BYTE_LENGTH)
        .ok_or_else(|| too_long("list", byte_length, MAX_LIST_BYTE_LENGTH))
}

/// The bytes of the list of `len` elements of type `elem` at `ptr`, checked
/// as the spec's `load_list_from_range` does (byte length at most
/// [`MAX_LIST_BYTE_LENGTH`], pointer aligned for `elem`, all within memory):
/// one check for the whole list.
pub(crate) fn list_bytes<'m>(mem: &'m [u8], elem: &Type, ptr: u32, len: u32) -> Result<&'m [u8]> {
    let align = elem.align();
    let byte_length = u64::from(list_byte_length(u64::from(len), elem.size())?);
    if !is_aligned(ptr, align) {
        return Err(unaligned("list", ptr, align));
    }
    let out_of_bounds = || out_of_bounds("list", ptr, byte_length, mem.len());
    if !in_bounds(mem.len(), ptr, byte_length) {
        return Err(out_of_bounds());
    }
    let start = usize::try_from(ptr).map_err(|_| out_of_bounds())?;
    let end = usize::try_from(byte_length)
        .ok()
        .and_then(|n| start.checked_add(n))
        .ok_or_else(out_of_bounds)?;
    mem.get(start..end).ok_or_else(out_of_bounds)
}

/// The variant layout of a variant-like type.
fn variant_layout_of(ty: &Type) -> Result<&VariantLayout> {
    ty.variant_layout()
        .ok_or_else(|| anyhow!("`{ty}` is not a variant type"))
}
