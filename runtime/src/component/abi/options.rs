//! The canonical options that change how values are lifted and lowered:
//! for this runtime, only the string encoding (memory and `realloc` are
//! reached through [`GuestMemory`](super::GuestMemory)).

use std::fmt;

/// The `string-encoding=` canonical option.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum StringEncoding {
    /// `utf8` (the default): bytes of UTF-8, the length counts bytes.
    #[default]
    Utf8,
    /// `utf16`: little-endian UTF-16 at 2-byte alignment, the length counts
    /// code units.
    Utf16,
    /// `latin1+utf16`: at 2-byte alignment, either Latin-1 bytes or, when the
    /// length has [`UTF16_TAG`](super::strings::UTF16_TAG) set, UTF-16 code units.
    CompactUtf16,
}

impl fmt::Display for StringEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StringEncoding::Utf8 => "utf8",
            StringEncoding::Utf16 => "utf16",
            StringEncoding::CompactUtf16 => "latin1+utf16",
        })
    }
}

/// The canonical options of one `canon lift` or `canon lower`, as far as the
/// value conversions need them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct AbiOptions {
    /// How strings are encoded in the guest's memory.
    pub string_encoding: StringEncoding,
}

impl AbiOptions {
    /// Options with the given string encoding.
    pub fn new(string_encoding: StringEncoding) -> AbiOptions {
        AbiOptions { string_encoding }
    }
}
