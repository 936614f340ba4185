//! `wasi:filesystem`: the directories a guest was given (preopens) and
//! the files and directories it opens beneath them.
//!
//! Here are the public types (the resources' host values [`Descriptor`]
//! and [`ReaddirIterator`], the permissions [`DirPerms`] and
//! [`FilePerms`], the error [`FsError`]) and the builder method that
//! grants a directory, [`WasiCtxBuilder::preopened_dir`].
//!
//! Every path a guest names is resolved by `cap-std` relative to a
//! directory handle, never by this crate: `..`, absolute paths, symbolic
//! links and renames racing with the lookup cannot lead outside the
//! directory the embedder granted. The permissions are the embedder's
//! policy on top of that sandbox.
//!
//! What lives elsewhere: the `descriptor` methods in `descriptor`, the
//! error codes in `errors`, file streams in `streams`, directory listings
//! in `readdir`, metadata and timestamps in `stat`, and
//! `preopens.get-directories` in `preopens`.

mod descriptor;
mod errors;
mod preopens;
mod readdir;
mod stat;
mod streams;

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;

use crate::bindings::wasi::filesystem::types::{DescriptorFlags, ErrorCode};
use crate::WasiCtxBuilder;

pub use errors::FsError;
pub use readdir::ReaddirIterator;

/// Defines a small set of permission bits with the operations the
/// permission types need.
macro_rules! perms {
    ($(#[$attr:meta])* $name:ident { $($(#[$fattr:meta])* const $flag:ident = $bit:expr;)* }) => {
        $(#[$attr])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $name(u8);

        impl $name {
            $($(#[$fattr])* pub const $flag: $name = $name($bit);)*

            /// No permission.
            pub const fn empty() -> $name {
                $name(0)
            }

            /// Every permission.
            pub const fn all() -> $name {
                $name(0 $(| $bit)*)
            }

            /// Whether every permission of `other` is in `self`.
            pub const fn contains(self, other: $name) -> bool {
                self.0 & other.0 == other.0
            }

            /// Whether no permission is set.
            pub const fn is_empty(self) -> bool {
                self.0 == 0
            }
        }

        impl std::ops::BitOr for $name {
            type Output = $name;
            fn bitor(self, rhs: $name) -> $name {
                $name(self.0 | rhs.0)
            }
        }

        impl std::ops::BitOrAssign for $name {
            fn bitor_assign(&mut self, rhs: $name) {
                self.0 |= rhs.0;
            }
        }

        impl std::ops::BitAnd for $name {
            type Output = $name;
            fn bitand(self, rhs: $name) -> $name {
                $name(self.0 & rhs.0)
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let mut set = f.debug_set();
                $(if self.contains($name::$flag) {
                    set.entry(&format_args!("{}", stringify!($flag)));
                })*
                set.finish()
            }
        }
    };
}

perms! {
    /// What a guest may do with a preopened directory and the directories
    /// it opens beneath it.
    DirPerms {
        /// List the directory, look up, stat and open what is in it.
        const READ = 0b01;
        /// Create, rename, link and remove entries, and set timestamps.
        const MUTATE = 0b10;
    }
}

perms! {
    /// What a guest may do with the files it opens beneath a preopened
    /// directory (on top of the flags each file is opened with).
    FilePerms {
        /// Read the file's contents.
        const READ = 0b01;
        /// Write, truncate and resize the file, and set its timestamps.
        const WRITE = 0b10;
    }
}

/// The host value behind a `descriptor` handle: an open file or directory.
pub struct Descriptor(pub(crate) Kind);

/// What a [`Descriptor`] holds.
pub(crate) enum Kind {
    File(OpenFile),
    Dir(OpenDir),
}

/// An open file, shared with the streams made from it.
pub(crate) struct OpenFile {
    pub(crate) file: Arc<cap_std::fs::File>,
    /// What the directory it was opened in allows for its files.
    pub(crate) allowed: FilePerms,
    /// What this descriptor may do: `allowed` and the open mode.
    pub(crate) perms: FilePerms,
    /// The flags it was opened with, as `get-flags` returns them.
    pub(crate) flags: DescriptorFlags,
}

/// An open directory: the root of every path resolved through it.
pub(crate) struct OpenDir {
    pub(crate) dir: Arc<cap_std::fs::Dir>,
    pub(crate) perms: DirPerms,
    /// What files opened beneath it may do at most.
    pub(crate) file_perms: FilePerms,
    /// The flags it was opened with, as `get-flags` returns them.
    pub(crate) flags: DescriptorFlags,
}

impl Descriptor {
    /// A descriptor for the directory `dir`, with the flags `perms` grant
    /// (and the synchronisation flags in `sync`).
    pub(crate) fn dir(
        dir: Arc<cap_std::fs::Dir>,
        perms: DirPerms,
        file_perms: FilePerms,
        sync: DescriptorFlags,
    ) -> Descriptor {
        let mut flags = sync;
        if perms.contains(DirPerms::READ) {
            flags |= DescriptorFlags::READ;
        }
        if perms.contains(DirPerms::MUTATE) {
            flags |= DescriptorFlags::MUTATE_DIRECTORY;
        }
        Descriptor(Kind::Dir(OpenDir {
            dir,
            perms,
            file_perms,
            flags,
        }))
    }

    /// The open file, or `bad-descriptor` for a directory.
    pub(crate) fn as_file(&self) -> Result<&OpenFile, ErrorCode> {
        match &self.0 {
            Kind::File(f) => Ok(f),
            Kind::Dir(_) => Err(ErrorCode::BadDescriptor),
        }
    }

    /// The open directory, or `not-directory` for a file.
    pub(crate) fn as_dir(&self) -> Result<&OpenDir, ErrorCode> {
        match &self.0 {
            Kind::Dir(d) => Ok(d),
            Kind::File(_) => Err(ErrorCode::NotDirectory),
        }
    }

    /// Whether this is an open directory.
    pub fn is_dir(&self) -> bool {
        matches!(self.0, Kind::Dir(_))
    }

    /// Whether this is an open file (of any type but directory).
    pub fn is_file(&self) -> bool {
        matches!(self.0, Kind::File(_))
    }
}

impl std::fmt::Debug for Descriptor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Kind::File(file) => f
                .debug_struct("Descriptor::File")
                .field("perms", &file.perms)
                .field("flags", &file.flags)
                .finish_non_exhaustive(),
            Kind::Dir(dir) => f
                .debug_struct("Descriptor::Dir")
                .field("perms", &dir.perms)
                .field("file_perms", &dir.file_perms)
                .field("flags", &dir.flags)
                .finish_non_exhaustive(),
        }
    }
}

impl OpenDir {
    /// `Ok` when this directory has every permission of `perms`, else
    /// `not-permitted` (what Wasmtime answers).
    pub(crate) fn require(&self, perms: DirPerms) -> Result<(), ErrorCode> {
        if self.perms.contains(perms) {
            Ok(())
        } else {
            Err(ErrorCode::NotPermitted)
        }
    }
}

/// One directory granted to the guest.
pub(crate) struct Preopen {
    pub(crate) dir: Arc<cap_std::fs::Dir>,
    pub(crate) perms: DirPerms,
    pub(crate) file_perms: FilePerms,
    pub(crate) guest_path: String,
}

/// The filesystem part of a [`WasiCtx`](crate::WasiCtx): the preopened
/// directories, in the order they were granted.
#[derive(Default)]
pub(crate) struct FsCtx {
    pub(crate) preopens: Vec<Preopen>,
}

impl WasiCtxBuilder {
    /// Grants the guest the host directory `host_path`, which it sees as
    /// `guest_path` (`wasi:filesystem/preopens`), with `dir_perms` on it
    /// and the directories beneath it and at most `file_perms` on the
    /// files beneath it. Nothing outside the directory is reachable
    /// through it, whatever path or symbolic link the guest uses.
    ///
    /// Fails when `host_path` cannot be opened as a directory.
    ///
    /// ```
    /// use hoist::wasi::filesystem::{DirPerms, FilePerms};
    /// use hoist::wasi::WasiCtx;
    /// # fn main() -> anyhow::Result<()> {
    /// let dir = std::env::temp_dir();
    /// let ctx = WasiCtx::builder()
    ///     .preopened_dir(&dir, "/data", DirPerms::READ, FilePerms::READ)?
    ///     .build();
    /// # drop(ctx); Ok(()) }
    /// ```
    pub fn preopened_dir(
        &mut self,
        host_path: impl AsRef<Path>,
        guest_path: impl AsRef<str>,
        dir_perms: DirPerms,
        file_perms: FilePerms,
    ) -> anyhow::Result<&mut Self> {
        let host_path = host_path.as_ref();
        let dir = cap_std::fs::Dir::open_ambient_dir(host_path, cap_std::ambient_authority())
            .with_context(|| format!("cannot open the directory {}", host_path.display()))?;
        self.ctx.fs.preopens.push(Preopen {
            dir: Arc::new(dir),
            perms: dir_perms,
            file_perms,
            guest_path: guest_path.as_ref().to_owned(),
        });
        Ok(self)
    }
}
