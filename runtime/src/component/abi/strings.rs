//! Strings in guest memory: decoding them when lifting (the spec's
//! `load_string_from_range`) and encoding or transcoding them when lowering
//! (`store_string_into_range` and its helpers), in all three encodings.
//!
//! The spec's string value remembers the encoding it was lifted from, and the
//! lowering algorithm (and so the sizes passed to `realloc`) depends on it.
//! [`SourceEncoding`] is that memory: a string the host made is
//! [`SourceEncoding::Utf8`]; a string lifted from a guest has the source
//! returned by [`load_string_from_range`], which a caller passing strings
//! between two guests can hand on to [`store_string_into_range`].
//!
//! Two deliberate departures from `definitions.py`, both to match the
//! conformance test suite (`big-strings.wast`, `strings.wast`):
//! - [`MAX_STRING_BYTE_LENGTH`] is `(1 << 31) - 1` rather than `(1 << 28) - 1`,
//!   and since worst-case sizes can then exceed 32 bits, every allocation
//!   size is checked against it too (a trap, as for an over-long source).
//! - when a `latin1+utf16` string in its UTF-16 form is stored as Latin-1,
//!   the shrinking `realloc` is asked for (and checked for) alignment 2, which
//!   every `latin1+utf16` string pointer must have, instead of 1.

use super::memory::{checked_realloc, read_slice, slice_mut, AllocPurpose, GuestMemory};
use super::options::StringEncoding;
use super::{layout::is_aligned, out_of_bounds, too_long, trap, unaligned};
use crate::Trap;
use anyhow::{anyhow, Result};
use std::borrow::Cow;

/// The bit of a `latin1+utf16` string length that marks the UTF-16 form.
pub const UTF16_TAG: u32 = 1 << 31;

/// The largest byte length of a string in guest memory; longer strings, and
/// allocations for longer transcoded strings, trap.
pub const MAX_STRING_BYTE_LENGTH: u32 = (1 << 31) - 1;

/// Where a string being lowered came from: the encoding of the memory it was
/// lifted from, and for `latin1+utf16` which form it had. This picks the
/// spec's transcoding algorithm and its allocation sizes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SourceEncoding {
    /// UTF-8 (a `utf8` guest, or the host); code units are bytes.
    #[default]
    Utf8,
    /// A `utf16` guest; code units are UTF-16 code units.
    Utf16,
    /// A `latin1+utf16` guest's Latin-1 form; code units are characters, all
    /// below U+0100.
    CompactLatin1,
    /// A `latin1+utf16` guest's UTF-16 form.
    CompactUtf16,
}

impl SourceEncoding {
    /// The source's length in its own code units (the spec's `src_code_units`).
    fn code_units(self, text: &str) -> u64 {
        let n = match self {
            SourceEncoding::Utf8 => text.len(),
            SourceEncoding::Utf16 | SourceEncoding::CompactUtf16 => text.encode_utf16().count(),
            SourceEncoding::CompactLatin1 => text.chars().count(),
        };
        u64::try_from(n).unwrap_or(u64::MAX)
    }
}

/// Decodes the string at `ptr` whose (possibly tagged) length in code units
/// is `tagged_code_units`, as the spec's `load_string_from_range` does.
///
/// Traps: byte length above [`MAX_STRING_BYTE_LENGTH`], a pointer not aligned
/// for the encoding (even for an empty string), contents past the end of
/// memory (even for an empty string), or an invalid encoding.
pub fn load_string_from_range(
    mem: &[u8],
    encoding: StringEncoding,
    ptr: u32,
    tagged_code_units: u32,
) -> Result<(String, SourceEncoding)> {
    let (bytes, source) = string_bytes(mem, encoding, ptr, tagged_code_units)?;
    Ok((decode_string(bytes, source)?.into_owned(), source))
}

/// The bytes of the string at `ptr` with (possibly tagged) length
/// `tagged_code_units`, and which form they are in: the range checks of
/// [`load_string_from_range`] (length, alignment, bounds), without decoding.
pub(crate) fn string_bytes(
    mem: &[u8],
    encoding: StringEncoding,
    ptr: u32,
    tagged_code_units: u32,
) -> Result<(&[u8], SourceEncoding)> {
    let units = u64::from(tagged_code_units);
    let (align, byte_length, source) = match encoding {
        StringEncoding::Utf8 => (1, units, SourceEncoding::Utf8),
        StringEncoding::Utf16 => (2, 2 * units, SourceEncoding::Utf16),
        StringEncoding::CompactUtf16 if tagged_code_units & UTF16_TAG != 0 => (
            2,
            2 * u64::from(tagged_code_units ^ UTF16_TAG),
            SourceEncoding::CompactUtf16,
        ),
        StringEncoding::CompactUtf16 => (2, units, SourceEncoding::CompactLatin1),
    };
    if byte_length > u64::from(MAX_STRING_BYTE_LENGTH) {
        return Err(too_long("string", byte_length, MAX_STRING_BYTE_LENGTH));
    }
    if !is_aligned(ptr, align) {
        return Err(unaligned("string", ptr, align));
    }
    let bytes = usize::try_from(byte_length)
        .ok()
        .and_then(|n| read_slice(mem, ptr, n).ok())
        .ok_or_else(|| out_of_bounds("string", ptr, byte_length, mem.len()))?;
    Ok((bytes, source))
}

/// Decodes string contents found by [`string_bytes`], trapping on an invalid
/// encoding. UTF-8, and Latin-1 that is all ASCII, are borrowed, not copied.
pub(crate) fn decode_string(bytes: &[u8], source: SourceEncoding) -> Result<Cow<'_, str>> {
    Ok(match source {
        SourceEncoding::Utf8 => Cow::Borrowed(
            std::str::from_utf8(bytes)
                .map_err(|e| trap(Trap::InvalidUtf8, format!("string: {e}")))?,
        ),
        SourceEncoding::Utf16 | SourceEncoding::CompactUtf16 => {
            let units = bytes
                .chunks_exact(2)
                .map(|pair| u16::from_le_bytes([pair[0], pair[1]]));
            Cow::Owned(
                char::decode_utf16(units)
                    .collect::<Result<String, _>>()
                    .map_err(|e| {
                        trap(
                            Trap::InvalidUtf16,
                            format!("string: unpaired surrogate {:#06x}", e.unpaired_surrogate()),
                        )
                    })?,
            )
        }
        SourceEncoding::CompactLatin1 => {
            // ASCII is the same in Latin-1 and UTF-8.
            match bytes.is_ascii().then(|| std::str::from_utf8(bytes).ok()) {
                Some(Some(ascii)) => Cow::Borrowed(ascii),
                _ => Cow::Owned(bytes.iter().map(|b| char::from(*b)).collect()),
            }
        }
    })
}

/// Like [`decode_string`], but always into a new `String`. UTF-8 is
/// validated and copied a chunk at a time, so that each byte is read from
/// guest memory once (the copy reads the chunk the validation just brought
/// into the cache), instead of validating the whole string and then copying
/// it.
pub(crate) fn decode_string_owned(bytes: &[u8], source: SourceEncoding) -> Result<String> {
    /// Small enough to stay in the L1 cache between the two passes.
    const CHUNK: usize = 8 * 1024;
    if source != SourceEncoding::Utf8 {
        return decode_string(bytes, source).map(Cow::into_owned);
    }
    // The same message `decode_string` gives, with the index in the string.
    let invalid = |e: std::str::Utf8Error, at: usize| {
        let index = at + e.valid_up_to();
        let msg = match e.error_len() {
            Some(n) => format!("string: invalid utf-8 sequence of {n} bytes from index {index}"),
            None => format!("string: incomplete utf-8 byte sequence from index {index}"),
        };
        trap(Trap::InvalidUtf8, msg)
    };
    let mut out = String::with_capacity(bytes.len());
    let mut done = 0;
    while done < bytes.len() {
        let end = bytes.len().min(done + CHUNK);
        match std::str::from_utf8(&bytes[done..end]) {
            Ok(text) => {
                out.push_str(text);
                done = end;
            }
            // A character cut by the chunk's end: stop the chunk before it.
            Err(e) if e.error_len().is_none() && end < bytes.len() && e.valid_up_to() > 0 => {
                let valid = done + e.valid_up_to();
                let text =
                    std::str::from_utf8(&bytes[done..valid]).map_err(|e| invalid(e, done))?;
                out.push_str(text);
                done = valid;
            }
            Err(e) if e.error_len().is_none() && end < bytes.len() => {
                // Fewer than 4 bytes before the end of the chunk began a
                // character: validate it with the next chunk.
                let end = bytes.len().min(done + CHUNK + 4);
                let text = std::str::from_utf8(&bytes[done..end]).map_err(|e| invalid(e, done))?;
                out.push_str(text);
                done = end;
            }
            Err(e) => return Err(invalid(e, done)),
        }
    }
    Ok(out)
}

/// Encodes `text`, which came from `source`, into newly allocated guest
/// memory in `encoding`, as the spec's `store_string_into_range` does.
/// Returns the pointer and the (possibly tagged) length in code units.
///
/// Every `realloc` result is checked (alignment, bounds) and traps if bad; a
/// string too long for the destination traps as well.
pub fn store_string_into_range(
    mem: &mut dyn GuestMemory,
    encoding: StringEncoding,
    text: &str,
    source: SourceEncoding,
) -> Result<(u32, u32)> {
    if source == SourceEncoding::CompactLatin1 && text.chars().any(|c| u32::from(c) > 0xff) {
        return Err(anyhow!(
            "a string said to come from Latin-1 has characters above U+00FF"
        ));
    }
    let units = source.code_units(text);
    let store = Store { mem, text, units };
    match (encoding, source) {
        (StringEncoding::Utf8, SourceEncoding::Utf8) => store.copy(1, 1, Unit::Utf8),
        (StringEncoding::Utf8, SourceEncoding::Utf16 | SourceEncoding::CompactUtf16) => {
            store.transcode_to_utf8(3)
        }
        (StringEncoding::Utf8, SourceEncoding::CompactLatin1) => store.transcode_to_utf8(2),
        (StringEncoding::Utf16, SourceEncoding::Utf8) => store.utf8_to_utf16(),
        (StringEncoding::Utf16, _) => store.copy(2, 2, Unit::Utf16),
        (StringEncoding::CompactUtf16, SourceEncoding::Utf8 | SourceEncoding::Utf16) => {
            store.transcode_to_latin1_or_utf16()
        }
        (StringEncoding::CompactUtf16, SourceEncoding::CompactLatin1) => {
            store.copy(1, 2, Unit::Latin1)
        }
        (StringEncoding::CompactUtf16, SourceEncoding::CompactUtf16) => {
            store.probably_utf16_to_latin1_or_utf16()
        }
    }
}

/// The code units a plain copy writes.
#[derive(Clone, Copy)]
enum Unit {
    Utf8,
    Utf16,
    Latin1,
}

/// One string being stored.
struct Store<'m, 't> {
    mem: &'m mut dyn GuestMemory,
    text: &'t str,
    /// The length in the source's code units.
    units: u64,
}

/// `size` as an allocation size, trapping above [`MAX_STRING_BYTE_LENGTH`].
fn alloc_size(size: u64) -> Result<u32> {
    u32::try_from(size)
        .ok()
        .filter(|s| *s <= MAX_STRING_BYTE_LENGTH)
        .ok_or_else(|| too_long("string", size, MAX_STRING_BYTE_LENGTH))
}

/// Writes `units` as little-endian UTF-16 into `dst`; returns how many were written.
fn write_utf16(dst: &mut [u8], units: impl Iterator<Item = u16>) -> usize {
    dst.chunks_exact_mut(2)
        .zip(units)
        .map(|(d, u)| d.copy_from_slice(&u.to_le_bytes()))
        .count()
}

fn internal(what: &str) -> anyhow::Error {
    anyhow!("internal error in string lowering: {what}")
}

impl Store<'_, '_> {
    fn realloc(&mut self, old_ptr: u32, old_size: u32, align: u32, new_size: u32) -> Result<u32> {
        checked_realloc(
            self.mem,
            old_ptr,
            old_size,
            align,
            new_size,
            AllocPurpose::String,
        )
    }

    fn utf16_len(&self) -> usize {
        self.text.encode_utf16().count()
    }

    /// The spec's `store_string_copy`: the destination size is known up front.
    fn copy(mut self, unit_size: u64, align: u32, unit: Unit) -> Result<(u32, u32)> {
        let byte_length = alloc_size(unit_size.saturating_mul(self.units))?;
        let ptr = self.realloc(0, 0, align, byte_length)?;
        let len = usize::try_from(byte_length).map_err(|_| internal("length"))?;
        let dst = slice_mut(self.mem.bytes_mut(), ptr, len)?;
        let written = match unit {
            Unit::Utf8 => {
                let src = self.text.as_bytes();
                if src.len() != dst.len() {
                    return Err(internal("utf-8 length"));
                }
                dst.copy_from_slice(src);
                src.len()
            }
            Unit::Utf16 => 2 * write_utf16(dst, self.text.encode_utf16()),
            Unit::Latin1 => dst
                .iter_mut()
                .zip(self.text.chars())
                .map(|(d, c)| *d = u8::try_from(c).unwrap_or(b'?'))
                .count(),
        };
        if written != len {
            return Err(internal("copy length"));
        }
        let units = u32::try_from(self.units).map_err(|_| internal("units"))?;
        Ok((ptr, units))
    }

    /// The spec's `store_string_to_utf8` (from UTF-16 or Latin-1): optimistic
    /// one byte per code unit, then a worst-case `realloc` at the first
    /// non-ASCII character, then a shrinking one.
    fn transcode_to_utf8(mut self, worst_per_unit: u64) -> Result<(u32, u32)> {
        let units = alloc_size(self.units)?;
        let ptr = self.realloc(0, 0, 1, units)?;
        let ascii = self.text.bytes().take_while(u8::is_ascii).count();
        slice_mut(self.mem.bytes_mut(), ptr, ascii)?
            .copy_from_slice(self.text.as_bytes().get(..ascii).unwrap_or(&[]));
        if ascii == self.text.len() {
            return Ok((ptr, units));
        }
        let worst = alloc_size(worst_per_unit.saturating_mul(self.units))?;
        let ptr = self.realloc(ptr, units, 1, worst)?;
        let encoded = self.text.as_bytes();
        let rest = encoded.get(ascii..).unwrap_or(&[]);
        let at = u32::try_from(ascii).map_err(|_| internal("offset"))?;
        if encoded.len() > worst as usize {
            return Err(internal("utf-8 longer than worst case"));
        }
        let at = ptr.checked_add(at).ok_or_else(|| internal("offset"))?;
        slice_mut(self.mem.bytes_mut(), at, rest.len())?.copy_from_slice(rest);
        let len = u32::try_from(encoded.len()).map_err(|_| internal("length"))?;
        let ptr = if worst > len {
            self.realloc(ptr, worst, 1, len)?
        } else {
            ptr
        };
        Ok((ptr, len))
    }

    /// The spec's `store_utf8_to_utf16`: worst-case allocation, then shrink.
    fn utf8_to_utf16(mut self) -> Result<(u32, u32)> {
        let worst = alloc_size(2u64.saturating_mul(self.units))?;
        let ptr = self.realloc(0, 0, 2, worst)?;
        let len = 2 * self.utf16_len();
        let dst = slice_mut(self.mem.bytes_mut(), ptr, len)?;
        write_utf16(dst, self.text.encode_utf16());
        let len = u32::try_from(len).map_err(|_| internal("length"))?;
        let ptr = if len < worst {
            self.realloc(ptr, worst, 2, len)?
        } else {
            ptr
        };
        Ok((ptr, len / 2))
    }

    /// The spec's `store_string_to_latin1_or_utf16` (from UTF-8 or UTF-16):
    /// optimistic Latin-1, inflated in place to UTF-16 at the first character
    /// above U+00FF.
    fn transcode_to_latin1_or_utf16(mut self) -> Result<(u32, u32)> {
        let units = alloc_size(self.units)?;
        let ptr = self.realloc(0, 0, 2, units)?;
        let latin1: Vec<u8> = self
            .text
            .chars()
            .map_while(|c| u8::try_from(c).ok())
            .collect();
        let dst_len = latin1.len();
        slice_mut(self.mem.bytes_mut(), ptr, dst_len)?.copy_from_slice(&latin1);
        let dst_len32 = u32::try_from(dst_len).map_err(|_| internal("length"))?;
        if self.text.chars().nth(dst_len).is_none() {
            let ptr = if dst_len32 < units {
                self.realloc(ptr, units, 2, dst_len32)?
            } else {
                ptr
            };
            return Ok((ptr, dst_len32));
        }
        let worst = alloc_size(2u64.saturating_mul(self.units))?;
        let ptr = self.realloc(ptr, units, 2, worst)?;
        {
            // Inflate the Latin-1 prefix to UTF-16, back to front, in place.
            let buf = slice_mut(self.mem.bytes_mut(), ptr, 2 * dst_len)?;
            for j in (0..dst_len).rev() {
                let b = buf.get(j).copied().unwrap_or(0);
                if let Some(pair) = buf.get_mut(2 * j..2 * j + 2) {
                    pair.copy_from_slice(&[b, 0]);
                }
            }
        }
        let total = self.utf16_len();
        let rest = total
            .checked_sub(dst_len)
            .ok_or_else(|| internal("utf-16 length"))?;
        let at = ptr
            .checked_add(2 * dst_len32)
            .ok_or_else(|| internal("offset"))?;
        let dst = slice_mut(self.mem.bytes_mut(), at, 2 * rest)?;
        write_utf16(dst, self.text.encode_utf16().skip(dst_len));
        let len = u32::try_from(2 * total).map_err(|_| internal("length"))?;
        let ptr = if worst > len {
            self.realloc(ptr, worst, 2, len)?
        } else {
            ptr
        };
        Ok((ptr, (len / 2) | UTF16_TAG))
    }

    /// The spec's `store_probably_utf16_to_latin1_or_utf16` (from the UTF-16
    /// form of `latin1+utf16`): copy as UTF-16, then deflate to Latin-1 in
    /// place if every character fits.
    fn probably_utf16_to_latin1_or_utf16(mut self) -> Result<(u32, u32)> {
        let byte_length = alloc_size(2u64.saturating_mul(self.units))?;
        let ptr = self.realloc(0, 0, 2, byte_length)?;
        let len = usize::try_from(byte_length).map_err(|_| internal("length"))?;
        let dst = slice_mut(self.mem.bytes_mut(), ptr, len)?;
        write_utf16(dst, self.text.encode_utf16());
        let code_units = byte_length / 2;
        if self.text.chars().any(|c| u32::from(c) > 0xff) {
            return Ok((ptr, code_units | UTF16_TAG));
        }
        {
            let buf = slice_mut(self.mem.bytes_mut(), ptr, len)?;
            for i in 0..len / 2 {
                let b = buf.get(2 * i).copied().unwrap_or(0);
                if let Some(d) = buf.get_mut(i) {
                    *d = b;
                }
            }
        }
        let ptr = self.realloc(ptr, byte_length, 2, code_units)?;
        Ok((ptr, code_units))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What `decode_string_owned` must agree with: std's validation of the
    /// whole string at once.
    fn reference(bytes: &[u8]) -> Result<String, String> {
        std::str::from_utf8(bytes)
            .map(str::to_owned)
            .map_err(|e| format!("{:#}", trap(Trap::InvalidUtf8, format!("string: {e}"))))
    }

    fn owned(bytes: &[u8]) -> Result<String, String> {
        decode_string_owned(bytes, SourceEncoding::Utf8).map_err(|e| format!("{e:#}"))
    }

    #[test]
    fn characters_cut_by_every_chunk_boundary() {
        // Multi-byte characters of every width, placed so that one of them
        // straddles the first chunk boundary at each possible split.
        for width_char in ['é', '€', '😀'] {
            let w = width_char.len_utf8();
            for shift in 0..w {
                let mut text = "a".repeat(8 * 1024 - shift);
                for _ in 0..3000 {
                    text.push(width_char);
                }
                assert_eq!(
                    owned(text.as_bytes()),
                    Ok(text.clone()),
                    "{width_char} shift {shift}"
                );
            }
        }
    }

    #[test]
    fn invalid_bytes_anywhere_give_std_s_message_with_the_string_index() {
        let mut bytes = "x".repeat(20_000).into_bytes();
        for at in [0, 5, 8191, 8192, 8193, 16_383, 19_999] {
            let mut b = bytes.clone();
            b[at] = 0xff;
            assert_eq!(owned(&b), reference(&b), "0xff at {at}");
            let err = owned(&b).unwrap_err();
            assert!(err.contains(&format!("from index {at}")), "{err}");
        }
        // Truncated at the very end, and a lone lead byte before a boundary.
        bytes.extend_from_slice(&[0xe2, 0x82]);
        assert_eq!(owned(&bytes), reference(&bytes));
        let mut b = "y".repeat(8 * 1024 - 1).into_bytes();
        b.push(0xe2);
        b.extend_from_slice(b"zzzz");
        assert_eq!(owned(&b), reference(&b));
    }

    proptest! {
        #[test]
        fn agrees_with_std_on_any_bytes(
            text in "(.|\\n){0,3000}",
            noise in proptest::collection::vec((0usize..40_000, any::<u8>()), 0..3),
            repeat in 1usize..12,
        ) {
            let mut bytes = text.repeat(repeat).into_bytes();
            for (at, byte) in noise {
                if !bytes.is_empty() {
                    let i = at % bytes.len();
                    bytes[i] = byte;
                }
            }
            prop_assert_eq!(owned(&bytes), reference(&bytes));
        }
    }
}
