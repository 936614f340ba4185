//! The canonical options that change how values are lifted and lowered:
//! for this runtime, only the string encoding (memory and `realloc` are
//! reached through [`GuestMemory`](super::GuestMemory)).

pub use hoist_environ::component::StringEncoding;

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
