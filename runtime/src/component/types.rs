//! The component value type model ([`Type`] and its compound types), built
//! at compile time by `hoist_environ::component::types` and shared with the
//! runtime as it is.

pub(crate) use hoist_environ::component::types::{flags_from_bits, flags_to_bits};
pub use hoist_environ::component::types::{
    Enum, Flags, List, OptionType, Record, ResourceIndex, ResultType, Tuple, Type, Variant,
};
