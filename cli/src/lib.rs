//! Developer tools for hoist. Today that is the `.wast` script runner
//! ([`wast`]), shared by the `hoist wast` command and the conformance tests;
//! the command-line parsing itself lives in the `hoist` binary (`main.rs`).

#![warn(missing_docs)]

pub mod wast;
