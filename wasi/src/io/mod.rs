//! `wasi:io`: errors, pollables and byte streams.
//!
//! The host-side traits a stream implements ([`InputStream`],
//! [`OutputStream`]) and the readiness of anything a guest can wait for
//! ([`Subscribe`]) are here, with the WASI functions over them. Concrete
//! streams live with what they read or write: in-memory pipes in
//! [`pipe`], files in `filesystem`, sockets in `sockets`, the process's
//! stdio in `cli`.

mod error;
pub mod pipe;
pub(crate) mod poll;
mod streams;

pub use error::IoError;
pub use poll::{subscribe, Pollable, Subscribe};
pub use streams::{DynInputStream, DynOutputStream, InputStream, OutputStream, StreamError};
