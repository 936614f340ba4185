//! The component value type model ([`Type`] and its compound types), built
//! at compile time by `hoist_environ::component::types` and shared with the
//! runtime as it is.

pub use hoist_environ::component::types::*;
