//! Canonical-ABI layout: how big a value of a component type is in linear
//! memory, how it is aligned, and which core values it flattens to.
//!
//! These are the spec's `alignment`, `elem_size`, `flatten_type`, `join`,
//! `discriminant_type` and the flags sizing rules, restated over already
//! computed child layouts so that every compound [`Type`](crate::component::types::Type)
//! can compute its [`Layout`] once, at construction, from its children's.
//!
//! Flat types are only tracked up to [`MAX_FLAT_PARAMS`]: a type that flattens
//! to more core values than that can never be passed flat (a function whose
//! parameters or results contain it always goes through memory), so its exact
//! flat shape is never needed and is recorded as `None` instead.

use std::fmt;

/// The most core parameters a function may take before its parameters are
/// passed through memory instead (the spec's `MAX_FLAT_PARAMS`).
pub const MAX_FLAT_PARAMS: usize = 16;

/// The most core results a function may return before its results are passed
/// through memory instead (the spec's `MAX_FLAT_RESULTS`).
pub const MAX_FLAT_RESULTS: usize = 1;

/// The deepest nesting of component types this runtime accepts; the same
/// limit (and the same way of counting) as the validator's, so every type of
/// a valid component fits. Bounding the depth bounds the recursion of
/// lifting, lowering and type-checking.
pub const MAX_TYPE_DEPTH: u32 = 100;

/// A core WebAssembly value type that component values flatten to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FlatType {
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
}

impl FlatType {
    /// The type a variant's flat slot takes when two cases put `self` and
    /// `other` there (the spec's `join`).
    #[inline]
    pub fn join(self, other: FlatType) -> FlatType {
        match (self, other) {
            (a, b) if a == b => a,
            (FlatType::I32, FlatType::F32) | (FlatType::F32, FlatType::I32) => FlatType::I32,
            _ => FlatType::I64,
        }
    }

    /// The core value type of the runtime's embedding API for this flat type.
    #[inline]
    pub fn to_val_type(self) -> crate::ValType {
        match self {
            FlatType::I32 => crate::ValType::I32,
            FlatType::I64 => crate::ValType::I64,
            FlatType::F32 => crate::ValType::F32,
            FlatType::F64 => crate::ValType::F64,
        }
    }

    /// Whether values of this type are 32 bits wide.
    #[inline]
    pub fn is_32_bit(self) -> bool {
        matches!(self, FlatType::I32 | FlatType::F32)
    }
}

impl fmt::Display for FlatType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FlatType::I32 => "i32",
            FlatType::I64 => "i64",
            FlatType::F32 => "f32",
            FlatType::F64 => "f64",
        })
    }
}

/// At most [`MAX_FLAT_PARAMS`] flat types, stored inline.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct FlatTypes {
    len: u8,
    tys: [FlatType; MAX_FLAT_PARAMS],
}

impl FlatTypes {
    /// No flat types.
    pub const EMPTY: FlatTypes = FlatTypes {
        len: 0,
        tys: [FlatType::I32; MAX_FLAT_PARAMS],
    };

    /// Exactly one flat type.
    #[inline]
    pub const fn one(ty: FlatType) -> FlatTypes {
        let mut tys = [FlatType::I32; MAX_FLAT_PARAMS];
        tys[0] = ty;
        FlatTypes { len: 1, tys }
    }

    /// Exactly two flat types.
    #[inline]
    pub const fn two(a: FlatType, b: FlatType) -> FlatTypes {
        let mut tys = [FlatType::I32; MAX_FLAT_PARAMS];
        tys[0] = a;
        tys[1] = b;
        FlatTypes { len: 2, tys }
    }

    /// The flat types, in order.
    #[inline]
    pub fn as_slice(&self) -> &[FlatType] {
        self.tys.get(..usize::from(self.len)).unwrap_or(&[])
    }

    /// How many flat types there are.
    #[inline]
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    /// Whether there are none.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Appends `ty`; `false` (and no change) if already full.
    #[inline]
    pub fn push(&mut self, ty: FlatType) -> bool {
        match self.tys.get_mut(usize::from(self.len)) {
            Some(slot) => {
                *slot = ty;
                self.len += 1;
                true
            }
            None => false,
        }
    }

    /// Appends all of `tys`; `false` if they do not all fit (the contents are
    /// then unspecified).
    #[inline]
    pub fn extend(&mut self, tys: &[FlatType]) -> bool {
        tys.iter().all(|t| self.push(*t))
    }
}

impl fmt::Debug for FlatTypes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

/// The canonical-ABI layout of one component type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Byte size in linear memory (the spec's `elem_size`); never zero.
    pub size: u32,
    /// Byte alignment in linear memory (1, 2, 4 or 8).
    pub align: u32,
    /// The flat core types, or `None` if there are more than
    /// [`MAX_FLAT_PARAMS`] of them.
    pub flat: Option<FlatTypes>,
}

impl Layout {
    /// A scalar stored in `size` bytes at alignment `size`, flattening to `flat`.
    #[inline]
    pub const fn scalar(size: u32, flat: FlatType) -> Layout {
        Layout {
            size,
            align: size,
            flat: Some(FlatTypes::one(flat)),
        }
    }

    /// The number of flat core values, or `None` if more than [`MAX_FLAT_PARAMS`].
    #[inline]
    pub fn flat_count(&self) -> Option<usize> {
        self.flat.as_ref().map(FlatTypes::len)
    }
}

/// Layout of `bool`, `s8` and `u8`.
pub const BYTE: Layout = Layout::scalar(1, FlatType::I32);
/// Layout of `s16` and `u16`.
pub const HALF: Layout = Layout::scalar(2, FlatType::I32);
/// Layout of `s32`, `u32` and `char`.
pub const WORD: Layout = Layout::scalar(4, FlatType::I32);
/// Layout of `s64` and `u64`.
pub const DOUBLE_WORD: Layout = Layout::scalar(8, FlatType::I64);
/// Layout of `f32`.
pub const FLOAT32: Layout = Layout::scalar(4, FlatType::F32);
/// Layout of `f64`.
pub const FLOAT64: Layout = Layout::scalar(8, FlatType::F64);
/// Layout of `string` and `list<T>`: a 32-bit pointer and a 32-bit length.
pub const POINTER_PAIR: Layout = Layout {
    size: 8,
    align: 4,
    flat: Some(FlatTypes::two(FlatType::I32, FlatType::I32)),
};

/// Rounds `offset` up to a multiple of `align` (a power of two); `None` on
/// overflow of `u32`.
#[inline]
pub fn align_to(offset: u32, align: u32) -> Option<u32> {
    let mask = align.checked_sub(1)?;
    offset.checked_add(mask).map(|v| v & !mask)
}

/// Whether `ptr` is a multiple of `align` (a power of two).
#[inline]
pub fn is_aligned(ptr: u32, align: u32) -> bool {
    align != 0 && ptr & (align - 1) == 0
}

/// Byte size of the discriminant of a variant with `cases` cases (the size of
/// the spec's `discriminant_type`: `u8`, `u16` or `u32`); `None` for zero cases
/// or more than `u32::MAX` of them.
#[inline]
pub fn discriminant_size(cases: usize) -> Option<u32> {
    match u64::try_from(cases).ok()? {
        0 => None,
        1..=0x100 => Some(1),
        0x101..=0x1_0000 => Some(2),
        0x1_0001..=0xffff_ffff => Some(4),
        _ => None,
    }
}

/// Byte size (and alignment) of a `flags` type with `count` flags: 1, 2 or 4;
/// `None` for zero flags or more than 32 (the spec's limit).
#[inline]
pub fn flags_size(count: usize) -> Option<u32> {
    match count {
        1..=8 => Some(1),
        9..=16 => Some(2),
        17..=32 => Some(4),
        _ => None,
    }
}

/// The layout of a sequence of values stored one after the other (a record,
/// a tuple, or a function's parameter or result list), with each element's
/// offset from the start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SequenceLayout {
    /// The layout of the whole sequence. An empty sequence has size 0, which
    /// no component type has, but which a parameter list may.
    pub layout: Layout,
    /// The byte offset of each element.
    pub offsets: Box<[u32]>,
}

/// Lays out `elems` one after the other as the spec's `elem_size_record` and
/// `alignment_record` do; `None` if the size overflows `u32`.
#[inline]
pub fn sequence_layout<'a>(elems: impl IntoIterator<Item = &'a Layout>) -> Option<SequenceLayout> {
    let mut offsets = Vec::new();
    let mut size = 0u32;
    let mut align = 1u32;
    let mut flat = Some(FlatTypes::EMPTY);
    for elem in elems {
        size = align_to(size, elem.align)?;
        offsets.push(size);
        size = size.checked_add(elem.size)?;
        align = align.max(elem.align);
        flat = match (flat, elem.flat) {
            (Some(mut acc), Some(more)) => acc.extend(more.as_slice()).then_some(acc),
            _ => None,
        };
    }
    Some(SequenceLayout {
        layout: Layout {
            size: align_to(size, align)?,
            align,
            flat,
        },
        offsets: offsets.into_boxed_slice(),
    })
}

/// The layout of a variant (and of `enum`, `option` and `result`, which the
/// spec despecializes to variants): the discriminant, then the payload area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VariantLayout {
    /// The layout of the whole variant.
    pub layout: Layout,
    /// The number of cases.
    pub cases: u32,
    /// Byte size of the discriminant (1, 2 or 4).
    pub discriminant_size: u32,
    /// Byte offset of the payload (the discriminant size rounded up to the
    /// largest payload alignment).
    pub payload_offset: u32,
}

/// Lays out a variant whose cases have the given payloads (`None` for a case
/// without one), as the spec's `elem_size_variant`, `alignment_variant` and
/// `flatten_variant` do; `None` for zero cases or if the size overflows `u32`.
#[inline]
pub fn variant_layout<'a, I>(payloads: I) -> Option<VariantLayout>
where
    I: IntoIterator<Item = Option<&'a Layout>>,
{
    let mut cases = 0usize;
    let mut max_align = 1u32;
    let mut max_size = 0u32;
    // The joined payload slots; `None` once some payload is too wide.
    let mut joined = Some(FlatTypes::EMPTY);
    for payload in payloads {
        cases += 1;
        let Some(payload) = payload else { continue };
        max_align = max_align.max(payload.align);
        max_size = max_size.max(payload.size);
        joined = match (joined, payload.flat) {
            (Some(mut acc), Some(tys)) => {
                let mut fits = true;
                for (i, ty) in tys.as_slice().iter().enumerate() {
                    if i < acc.len() {
                        if let Some(slot) = acc.tys.get_mut(i) {
                            *slot = slot.join(*ty);
                        }
                    } else {
                        fits &= acc.push(*ty);
                    }
                }
                fits.then_some(acc)
            }
            _ => None,
        };
    }
    let discriminant_size = discriminant_size(cases)?;
    let payload_offset = align_to(discriminant_size, max_align)?;
    let align = discriminant_size.max(max_align);
    let size = align_to(payload_offset.checked_add(max_size)?, align)?;
    let flat = joined.and_then(|payload| {
        let mut flat = FlatTypes::one(FlatType::I32);
        flat.extend(payload.as_slice()).then_some(flat)
    });
    Some(VariantLayout {
        layout: Layout { size, align, flat },
        cases: u32::try_from(cases).ok()?,
        discriminant_size,
        payload_offset,
    })
}

/// The layout of a `flags` type with `count` flags; `None` for zero flags or
/// more than 32.
#[inline]
pub fn flags_layout(count: usize) -> Option<Layout> {
    let size = flags_size(count)?;
    Some(Layout {
        size,
        align: size,
        flat: Some(FlatTypes::one(FlatType::I32)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use FlatType::*;

    #[test]
    fn join_follows_the_spec() {
        assert_eq!(I32.join(I32), I32);
        assert_eq!(I32.join(F32), I32);
        assert_eq!(F32.join(I32), I32);
        assert_eq!(F32.join(F32), F32);
        assert_eq!(I32.join(I64), I64);
        assert_eq!(F32.join(F64), I64);
        assert_eq!(F64.join(F64), F64);
        assert_eq!(I64.join(F64), I64);
    }

    #[test]
    fn discriminant_sizes() {
        assert_eq!(discriminant_size(0), None);
        assert_eq!(discriminant_size(1), Some(1));
        assert_eq!(discriminant_size(256), Some(1));
        assert_eq!(discriminant_size(257), Some(2));
        assert_eq!(discriminant_size(65536), Some(2));
        assert_eq!(discriminant_size(65537), Some(4));
    }

    #[test]
    fn flags_sizes() {
        assert_eq!(flags_size(0), None);
        assert_eq!(flags_size(1), Some(1));
        assert_eq!(flags_size(8), Some(1));
        assert_eq!(flags_size(9), Some(2));
        assert_eq!(flags_size(16), Some(2));
        assert_eq!(flags_size(17), Some(4));
        assert_eq!(flags_size(32), Some(4));
        assert_eq!(flags_size(33), None);
    }

    #[test]
    fn alignment_helpers() {
        assert_eq!(align_to(0, 4), Some(0));
        assert_eq!(align_to(1, 4), Some(4));
        assert_eq!(align_to(8, 8), Some(8));
        assert_eq!(align_to(u32::MAX, 2), None);
        assert!(is_aligned(6, 2));
        assert!(!is_aligned(6, 4));
    }

    #[test]
    fn record_layout_pads_fields() {
        // record { a: u8, b: u32, c: u16 } => offsets 0, 4, 8; size 12, align 4
        let seq = sequence_layout([&BYTE, &WORD, &HALF]).unwrap();
        assert_eq!(&*seq.offsets, &[0, 4, 8]);
        assert_eq!(seq.layout.size, 12);
        assert_eq!(seq.layout.align, 4);
        assert_eq!(seq.layout.flat.unwrap().as_slice(), &[I32, I32, I32]);
    }

    #[test]
    fn variant_layout_joins_payloads() {
        // variant { a(f32), b(u64), c } => disc u8, payload at 8, size 16, flat [i32, i64]
        let v = variant_layout([Some(&FLOAT32), Some(&DOUBLE_WORD), None]).unwrap();
        assert_eq!(v.discriminant_size, 1);
        assert_eq!(v.payload_offset, 8);
        assert_eq!(v.layout.size, 16);
        assert_eq!(v.layout.align, 8);
        assert_eq!(v.layout.flat.unwrap().as_slice(), &[I32, I64]);
        // variant { a(f32), b(u32) } joins to i32
        let v = variant_layout([Some(&FLOAT32), Some(&WORD)]).unwrap();
        assert_eq!(v.layout.flat.unwrap().as_slice(), &[I32, I32]);
        // enum-like: only the discriminant
        let v = variant_layout([None, None, None]).unwrap();
        assert_eq!((v.layout.size, v.layout.align), (1, 1));
        assert_eq!(v.layout.flat.unwrap().as_slice(), &[I32]);
    }

    #[test]
    fn too_many_flat_types_is_none() {
        let fields = [WORD; 17];
        let seq = sequence_layout(fields.iter()).unwrap();
        assert_eq!(seq.layout.flat, None);
        let fields16 = [WORD; 16];
        let seq16 = sequence_layout(fields16.iter()).unwrap();
        assert_eq!(seq16.layout.flat_count(), Some(16));
        // A variant whose payload has 16 flat values needs 17 with the discriminant.
        let v = variant_layout([Some(&seq16.layout)]).unwrap();
        assert_eq!(v.layout.flat, None);
    }
}
