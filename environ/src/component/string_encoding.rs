//! [`StringEncoding`]: the `string-encoding=` canonical option, which the
//! translation reads from `canon lift` and `canon lower` and the runtime's
//! lifting, lowering and transcoding follow.

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
    /// length has the tag bit `1 << 31` set, UTF-16 code units.
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
