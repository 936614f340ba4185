//! Lowering: turning a component [`Val`] into flat core values (the spec's
//! `lower_flat`) or storing it into guest memory at a pointer (`store`).
//!
//! Strings and lists are copied into memory the guest's `realloc` allocates,
//! in the spec's order (a list's block first, then each element in turn), and
//! every `realloc` result is checked. Memory is re-borrowed after each
//! `realloc`, which may grow it. Floats are lowered with NaNs canonicalized
//! (the spec's deterministic profile).
//!
//! The public entry points type-check the value first, so an ill-typed value
//! is an ordinary error (not a trap) and no guest code has run when it is
//! reported.

use super::layout::{is_aligned, VariantLayout};
use super::lift::{list_byte_length, CANONICAL_FLOAT32_NAN, CANONICAL_FLOAT64_NAN};
use super::memory::{
    checked_realloc, element_ptr, in_bounds, offset_ptr, write_bytes, write_u32, AllocPurpose,
    GuestMemory,
};
use super::options::AbiOptions;
use super::strings::{store_string_into_range, SourceEncoding};
use super::{out_of_bounds, unaligned};
use crate::component::types::{flags_to_bits, Type};
use crate::component::values::Val;
use crate::ValRaw;
use anyhow::{anyhow, Result};

#[cfg(test)]
/// Lowers `val`, a value of `ty`, to its flat core values, appending them to
/// `out`. Strings and lists are stored in memory allocated with `realloc`.
pub fn lower_flat(
    mem: &mut dyn GuestMemory,
    opts: &AbiOptions,
    ty: &Type,
    val: &Val,
    out: &mut Vec<ValRaw>,
) -> Result<()> {
    val.typecheck(ty)?;
    Lowerer::new(mem, opts).lower_flat(ty, val, out)
}

#[cfg(test)]
/// Stores `val`, a value of `ty`, into guest memory at `ptr`, trapping if
/// `ptr` is not aligned for `ty` or the value would not lie within memory.
pub fn store(
    mem: &mut dyn GuestMemory,
    opts: &AbiOptions,
    ty: &Type,
    val: &Val,
    ptr: u32,
) -> Result<()> {
    val.typecheck(ty)?;
    let what = ty.to_string();
    check_destination(mem, ptr, ty.align(), ty.size(), &what)?;
    Lowerer::new(mem, opts).store(ty, val, ptr)
}

/// Traps unless `[ptr, ptr + size)` is aligned to `align` and within memory.
pub(crate) fn check_destination(
    mem: &dyn GuestMemory,
    ptr: u32,
    align: u32,
    size: u32,
    what: &str,
) -> Result<()> {
    if !is_aligned(ptr, align) {
        return Err(unaligned(what, ptr, align));
    }
    let mem_len = mem.bytes().len();
    if !in_bounds(mem_len, ptr, u64::from(size)) {
        return Err(out_of_bounds(what, ptr, u64::from(size), mem_len));
    }
    Ok(())
}

fn mismatch(ty: &Type, val: &Val) -> anyhow::Error {
    anyhow!(
        "type mismatch: expected `{ty}`, found a `{}` value",
        val.kind()
    )
}

/// The bits an `f32` is lowered as.
pub(crate) fn f32_bits(f: f32) -> u32 {
    if f.is_nan() {
        CANONICAL_FLOAT32_NAN
    } else {
        f.to_bits()
    }
}

/// The bits an `f64` is lowered as.
pub(crate) fn f64_bits(f: f64) -> u64 {
    if f.is_nan() {
        CANONICAL_FLOAT64_NAN
    } else {
        f.to_bits()
    }
}

/// The case index of a variant-like value, and its payload with the payload's type.
fn variant_case<'v, 't>(ty: &'t Type, val: &'v Val) -> Result<(u32, Option<(&'t Type, &'v Val)>)> {
    let (index, payload_ty, payload) = match (ty, val) {
        (Type::Variant(v), Val::Variant(name, payload)) => {
            let index = v
                .case_index(name)
                .ok_or_else(|| anyhow!("unknown case `{name}` for `{ty}`"))?;
            let (_, payload_ty) = v.case(index).ok_or_else(|| mismatch(ty, val))?;
            (index, payload_ty, payload.as_deref())
        }
        (Type::Enum(e), Val::Enum(name)) => {
            let index = e
                .case_index(name)
                .ok_or_else(|| anyhow!("unknown case `{name}` for `{ty}`"))?;
            (index, None, None)
        }
        (Type::Option(_), Val::Option(None)) => (0, None, None),
        (Type::Option(o), Val::Option(Some(v))) => (1, Some(o.ty()), Some(&**v)),
        (Type::Result(r), Val::Result(Ok(v))) => (0, r.ok(), v.as_deref()),
        (Type::Result(r), Val::Result(Err(v))) => (1, r.err(), v.as_deref()),
        _ => return Err(mismatch(ty, val)),
    };
    match (payload_ty, payload) {
        (Some(t), Some(v)) => Ok((index, Some((t, v)))),
        (None, None) => Ok((index, None)),
        _ => Err(mismatch(ty, val)),
    }
}

/// Lowers values into one memory with one set of options.
pub(crate) struct Lowerer<'m> {
    mem: &'m mut dyn GuestMemory,
    opts: AbiOptions,
    /// Where each string to store came from, in storing order; strings
    /// beyond these (and all host strings) are UTF-8.
    sources: std::vec::IntoIter<SourceEncoding>,
}

impl<'m> Lowerer<'m> {
    pub(crate) fn new(mem: &'m mut dyn GuestMemory, opts: &AbiOptions) -> Lowerer<'m> {
        Lowerer {
            mem,
            opts: *opts,
            sources: Vec::new().into_iter(),
        }
    }

    /// Stores strings as coming from `sources` (in order), as a
    /// component-to-component call must for the spec's transcoding.
    pub(crate) fn with_sources(mut self, sources: Vec<SourceEncoding>) -> Lowerer<'m> {
        self.sources = sources.into_iter();
        self
    }

    /// The memory being lowered into.
    pub(crate) fn memory(&mut self) -> &mut dyn GuestMemory {
        &mut *self.mem
    }

    /// The spec's `lower_flat`, for a value already type-checked (a mismatch
    /// is still an error, never a panic).
    pub(crate) fn lower_flat(&mut self, ty: &Type, val: &Val, out: &mut Vec<ValRaw>) -> Result<()> {
        match (ty, val) {
            (Type::Bool, Val::Bool(b)) => out.push(ValRaw::i32(i32::from(*b))),
            (Type::S8, Val::S8(v)) => out.push(ValRaw::i32(i32::from(*v))),
            (Type::U8, Val::U8(v)) => out.push(ValRaw::i32(i32::from(*v))),
            (Type::S16, Val::S16(v)) => out.push(ValRaw::i32(i32::from(*v))),
            (Type::U16, Val::U16(v)) => out.push(ValRaw::i32(i32::from(*v))),
            (Type::S32, Val::S32(v)) => out.push(ValRaw::i32(*v)),
            (Type::U32, Val::U32(v)) => out.push(ValRaw::i32(*v as i32)),
            (Type::S64, Val::S64(v)) => out.push(ValRaw::i64(*v)),
            (Type::U64, Val::U64(v)) => out.push(ValRaw::i64(*v as i64)),
            (Type::Float32, Val::Float32(f)) => out.push(ValRaw::f32(f32_bits(*f))),
            (Type::Float64, Val::Float64(f)) => out.push(ValRaw::f64(f64_bits(*f))),
            (Type::Char, Val::Char(c)) => out.push(ValRaw::i32(u32::from(*c) as i32)),
            (Type::String, Val::String(s)) => {
                let (ptr, len) = self.string(s)?;
                out.push(ValRaw::i32(ptr as i32));
                out.push(ValRaw::i32(len as i32));
            }
            (Type::List(list), Val::List(vals)) => {
                let (ptr, len) = self.list(list.ty(), vals)?;
                out.push(ValRaw::i32(ptr as i32));
                out.push(ValRaw::i32(len as i32));
            }
            (Type::Record(record), Val::Record(fields)) => {
                if fields.len() != record.fields().len() {
                    return Err(mismatch(ty, val));
                }
                for ((name, fty), (given, v)) in record.fields().zip(fields) {
                    if name != given {
                        return Err(anyhow!("expected record field `{name}`, found `{given}`"));
                    }
                    self.lower_flat(fty, v, out)?;
                }
            }
            (Type::Tuple(tuple), Val::Tuple(vals)) => {
                if vals.len() != tuple.types().len() {
                    return Err(mismatch(ty, val));
                }
                for (t, v) in tuple.types().zip(vals) {
                    self.lower_flat(t, v, out)?;
                }
            }
            (Type::Variant(_) | Type::Enum(_) | Type::Option(_) | Type::Result(_), _) => {
                let layout = variant_layout_of(ty)?;
                let slots = layout
                    .layout
                    .flat
                    .map(|f| f.len().saturating_sub(1))
                    .ok_or_else(|| anyhow!("`{ty}` has too many flat values to lower flat"))?;
                let (index, payload) = variant_case(ty, val)?;
                out.push(ValRaw::i32(index as i32));
                let start = out.len();
                if let Some((pty, pval)) = payload {
                    // `ValRaw` is untyped and 32-bit values are zero-extended,
                    // which is exactly the spec's coercion into joined slots.
                    self.lower_flat(pty, pval, out)?;
                }
                let used = out.len() - start;
                let padding = slots
                    .checked_sub(used)
                    .ok_or_else(|| anyhow!("case payload wider than `{ty}`"))?;
                out.extend(std::iter::repeat_n(ValRaw::i64(0), padding));
            }
            (Type::Flags(flags), Val::Flags(names)) => {
                out.push(ValRaw::i32(flags_to_bits(flags, names)? as i32));
            }
            (Type::Own(r), Val::Resource(h)) => {
                out.push(ValRaw::i32(self.mem.lower_handle(h, *r, true)? as i32));
            }
            (Type::Borrow(r), Val::Resource(h)) => {
                out.push(ValRaw::i32(self.mem.lower_handle(h, *r, false)? as i32));
            }
            _ => return Err(mismatch(ty, val)),
        }
        Ok(())
    }

    /// The spec's `store`, for a destination already checked for alignment
    /// and bounds.
    pub(crate) fn store(&mut self, ty: &Type, val: &Val, ptr: u32) -> Result<()> {
        match (ty, val) {
            (Type::Bool, Val::Bool(b)) => write_bytes(self.mem, ptr, &[u8::from(*b)]),
            (Type::S8, Val::S8(v)) => write_bytes(self.mem, ptr, &v.to_le_bytes()),
            (Type::U8, Val::U8(v)) => write_bytes(self.mem, ptr, &v.to_le_bytes()),
            (Type::S16, Val::S16(v)) => write_bytes(self.mem, ptr, &v.to_le_bytes()),
            (Type::U16, Val::U16(v)) => write_bytes(self.mem, ptr, &v.to_le_bytes()),
            (Type::S32, Val::S32(v)) => write_bytes(self.mem, ptr, &v.to_le_bytes()),
            (Type::U32, Val::U32(v)) => write_bytes(self.mem, ptr, &v.to_le_bytes()),
            (Type::S64, Val::S64(v)) => write_bytes(self.mem, ptr, &v.to_le_bytes()),
            (Type::U64, Val::U64(v)) => write_bytes(self.mem, ptr, &v.to_le_bytes()),
            (Type::Float32, Val::Float32(f)) => {
                write_bytes(self.mem, ptr, &f32_bits(*f).to_le_bytes())
            }
            (Type::Float64, Val::Float64(f)) => {
                write_bytes(self.mem, ptr, &f64_bits(*f).to_le_bytes())
            }
            (Type::Char, Val::Char(c)) => write_u32(self.mem, ptr, u32::from(*c)),
            (Type::String, Val::String(s)) => {
                let (begin, len) = self.string(s)?;
                write_u32(self.mem, ptr, begin)?;
                write_u32(self.mem, offset_ptr(ptr, 4)?, len)
            }
            (Type::List(list), Val::List(vals)) => {
                let (begin, len) = self.list(list.ty(), vals)?;
                write_u32(self.mem, ptr, begin)?;
                write_u32(self.mem, offset_ptr(ptr, 4)?, len)
            }
            (Type::Record(record), Val::Record(fields)) => {
                if fields.len() != record.fields().len() {
                    return Err(mismatch(ty, val));
                }
                let fields_and_offsets = record.fields().zip(record.field_offsets());
                for (((name, fty), off), (given, v)) in fields_and_offsets.zip(fields) {
                    if name != given {
                        return Err(anyhow!("expected record field `{name}`, found `{given}`"));
                    }
                    self.store(fty, v, offset_ptr(ptr, *off)?)?;
                }
                Ok(())
            }
            (Type::Tuple(tuple), Val::Tuple(vals)) => {
                if vals.len() != tuple.types().len() {
                    return Err(mismatch(ty, val));
                }
                for ((t, off), v) in tuple.types().zip(tuple.offsets()).zip(vals) {
                    self.store(t, v, offset_ptr(ptr, *off)?)?;
                }
                Ok(())
            }
            (Type::Variant(_) | Type::Enum(_) | Type::Option(_) | Type::Result(_), _) => {
                let layout = variant_layout_of(ty)?;
                let (index, payload) = variant_case(ty, val)?;
                let disc = index.to_le_bytes();
                let disc = disc
                    .get(..layout.discriminant_size as usize)
                    .ok_or_else(|| anyhow!("bad discriminant size"))?;
                write_bytes(self.mem, ptr, disc)?;
                if let Some((pty, pval)) = payload {
                    self.store(pty, pval, offset_ptr(ptr, layout.payload_offset)?)?;
                }
                Ok(())
            }
            (Type::Flags(flags), Val::Flags(names)) => {
                let bits = flags_to_bits(flags, names)?.to_le_bytes();
                let bytes = bits
                    .get(..flags.size() as usize)
                    .ok_or_else(|| anyhow!("bad flags size"))?;
                write_bytes(self.mem, ptr, bytes)
            }
            (Type::Own(r), Val::Resource(h)) => {
                let i = self.mem.lower_handle(h, *r, true)?;
                write_bytes(self.mem, ptr, &i.to_le_bytes())
            }
            (Type::Borrow(r), Val::Resource(h)) => {
                let i = self.mem.lower_handle(h, *r, false)?;
                write_bytes(self.mem, ptr, &i.to_le_bytes())
            }
            _ => Err(mismatch(ty, val)),
        }
    }

    /// Stores a host string (UTF-8) in newly allocated memory.
    fn string(&mut self, s: &str) -> Result<(u32, u32)> {
        let source = self.sources.next().unwrap_or(SourceEncoding::Utf8);
        store_string_into_range(self.mem, self.opts.string_encoding, s, source)
    }

    /// The spec's `store_list_into_range`: allocates the list's block (even
    /// when empty), checks it, then stores each element in order.
    fn list(&mut self, elem: &Type, vals: &[Val]) -> Result<(u32, u32)> {
        let size = elem.size();
        let align = elem.align();
        let byte_length = list_byte_length(u64::try_from(vals.len()).unwrap_or(u64::MAX), size)?;
        let ptr = checked_realloc(self.mem, 0, 0, align, byte_length, AllocPurpose::Other)?;
        for (i, v) in vals.iter().enumerate() {
            self.store(elem, v, element_ptr(ptr, i, size)?)?;
        }
        let len = u32::try_from(vals.len()).map_err(|_| anyhow!("list too long"))?;
        Ok((ptr, len))
    }
}

/// The variant layout of a variant-like type.
fn variant_layout_of(ty: &Type) -> Result<&VariantLayout> {
    ty.variant_layout()
        .ok_or_else(|| anyhow!("`{ty}` is not a variant type"))
}
