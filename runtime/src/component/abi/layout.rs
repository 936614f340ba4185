//! Canonical ABI sizes, alignments, flat types and discriminants: computed
//! at compile time by `hoist_environ::component::layout`, read here by
//! lifting and lowering.

pub use hoist_environ::component::layout::*;
