//! The library behind the `hoist` command-line tool: `hoist run` ([`run`]),
//! `hoist serve` ([`serve`]), `hoist wit` ([`wit`]), `hoist bindgen`
//! ([`bindgen`]) and the `.wast` script runner ([`wast`]),
//! which the conformance tests share. Dispatching the command line to them lives in the binary
//! (`main.rs`).

pub mod bindgen;
pub mod run;
pub mod serve;
pub mod wast;
pub mod wit;
