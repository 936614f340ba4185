//! Filesystem errors: [`FsError`] (a WASI `error-code` or a trap), the
//! mapping of host I/O errors (`errno`s, `std::io::ErrorKind`s) to
//! `error-code`s, and `filesystem-error-code`, which finds the code of a
//! failed file stream's `wasi:io/error.error`.
//!
//! Which operation refuses what (permissions, bad descriptors) is decided
//! where the operation is, in `descriptor`.

use std::io;

use anyhow::Result;
use hoist_runtime::component::Resource;

use crate::bindings::wasi::filesystem::types::{ErrorCode, Host};
use crate::io::IoError;
use crate::WasiView;

/// A filesystem operation's failure: an `error-code` the guest receives,
/// or a trap (a bad handle, a full resource table) that ends its call.
#[derive(Debug)]
pub enum FsError {
    /// The error the guest receives.
    Code(ErrorCode),
    /// The error the guest's call traps with.
    Trap(anyhow::Error),
}

impl FsError {
    /// A trap with `message`.
    pub fn trap(message: impl std::fmt::Display) -> FsError {
        FsError::Trap(anyhow::anyhow!("{message}"))
    }

    /// The error code, if this is not a trap.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            FsError::Code(code) => Some(*code),
            FsError::Trap(_) => None,
        }
    }
}

impl std::fmt::Display for FsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FsError::Code(code) => write!(f, "filesystem error: {code:?}"),
            FsError::Trap(e) => write!(f, "{e:#}"),
        }
    }
}

impl std::error::Error for FsError {}

impl From<ErrorCode> for FsError {
    fn from(code: ErrorCode) -> FsError {
        FsError::Code(code)
    }
}

impl From<io::Error> for FsError {
    fn from(e: io::Error) -> FsError {
        FsError::Code(ErrorCode::from(&e))
    }
}

impl From<anyhow::Error> for FsError {
    fn from(e: anyhow::Error) -> FsError {
        FsError::Trap(e)
    }
}

/// Turns an [`FsError`] into what the guest receives (`Ok`) or a trap.
pub(crate) fn convert_error_code(err: FsError) -> Result<ErrorCode> {
    match err {
        FsError::Code(code) => Ok(code),
        FsError::Trap(e) => Err(e),
    }
}

impl From<io::Error> for ErrorCode {
    fn from(e: io::Error) -> ErrorCode {
        ErrorCode::from(&e)
    }
}

impl From<&io::Error> for ErrorCode {
    /// The code naming the error's `errno` when it has one, else the code
    /// closest to its kind. `cap-std` reports an attempt to leave the
    /// sandbox as `PermissionDenied` without an `errno`: `not-permitted`,
    /// as the WASI path-resolution rules say.
    fn from(e: &io::Error) -> ErrorCode {
        e.raw_os_error()
            .and_then(from_errno)
            .unwrap_or_else(|| from_kind(e.kind()))
    }
}

/// The code of a raw OS error number, when one names it.
#[cfg(unix)]
fn from_errno(errno: i32) -> Option<ErrorCode> {
    use rustix::io::Errno;
    // A table rather than a `match`: some names are the same number on
    // some systems (EAGAIN and EWOULDBLOCK, ENOTSUP and EOPNOTSUPP). The
    // raw numbers are compared, as `Errno::from_raw_os_error` asserts its
    // argument is in range.
    let table = [
        (Errno::ACCESS, ErrorCode::Access),
        (Errno::AGAIN, ErrorCode::WouldBlock),
        (Errno::WOULDBLOCK, ErrorCode::WouldBlock),
        (Errno::ALREADY, ErrorCode::Already),
        (Errno::BADF, ErrorCode::BadDescriptor),
        (Errno::BUSY, ErrorCode::Busy),
        (Errno::DEADLK, ErrorCode::Deadlock),
        (Errno::DQUOT, ErrorCode::Quota),
        (Errno::EXIST, ErrorCode::Exist),
        (Errno::FBIG, ErrorCode::FileTooLarge),
        (Errno::ILSEQ, ErrorCode::IllegalByteSequence),
        (Errno::INPROGRESS, ErrorCode::InProgress),
        (Errno::INTR, ErrorCode::Interrupted),
        (Errno::INVAL, ErrorCode::Invalid),
        (Errno::IO, ErrorCode::Io),
        (Errno::ISDIR, ErrorCode::IsDirectory),
        (Errno::LOOP, ErrorCode::Loop),
        (Errno::MLINK, ErrorCode::TooManyLinks),
        (Errno::MSGSIZE, ErrorCode::MessageSize),
        (Errno::NAMETOOLONG, ErrorCode::NameTooLong),
        (Errno::NODEV, ErrorCode::NoDevice),
        (Errno::NOENT, ErrorCode::NoEntry),
        (Errno::NOLCK, ErrorCode::NoLock),
        (Errno::NOMEM, ErrorCode::InsufficientMemory),
        (Errno::NOSPC, ErrorCode::InsufficientSpace),
        (Errno::NOTDIR, ErrorCode::NotDirectory),
        (Errno::NOTEMPTY, ErrorCode::NotEmpty),
        (Errno::NOTRECOVERABLE, ErrorCode::NotRecoverable),
        (Errno::NOTSUP, ErrorCode::Unsupported),
        (Errno::OPNOTSUPP, ErrorCode::Unsupported),
        (Errno::NOSYS, ErrorCode::Unsupported),
        (Errno::NOTTY, ErrorCode::NoTty),
        (Errno::NXIO, ErrorCode::NoSuchDevice),
        (Errno::OVERFLOW, ErrorCode::Overflow),
        (Errno::PERM, ErrorCode::NotPermitted),
        (Errno::PIPE, ErrorCode::Pipe),
        (Errno::ROFS, ErrorCode::ReadOnly),
        (Errno::SPIPE, ErrorCode::InvalidSeek),
        (Errno::TXTBSY, ErrorCode::TextFileBusy),
        (Errno::XDEV, ErrorCode::CrossDevice),
    ];
    table
        .iter()
        .find(|(e, _)| e.raw_os_error() == errno)
        .map(|(_, code)| *code)
}

/// Elsewhere, the kind of the error says it.
#[cfg(not(unix))]
fn from_errno(_errno: i32) -> Option<ErrorCode> {
    None
}

/// The code closest to an error kind, for errors without an `errno`.
fn from_kind(kind: io::ErrorKind) -> ErrorCode {
    use io::ErrorKind as K;
    match kind {
        K::NotFound => ErrorCode::NoEntry,
        K::PermissionDenied => ErrorCode::NotPermitted,
        K::AlreadyExists => ErrorCode::Exist,
        K::WouldBlock => ErrorCode::WouldBlock,
        K::InvalidInput => ErrorCode::Invalid,
        K::InvalidData => ErrorCode::IllegalByteSequence,
        K::Interrupted => ErrorCode::Interrupted,
        K::Unsupported => ErrorCode::Unsupported,
        K::OutOfMemory => ErrorCode::InsufficientMemory,
        K::BrokenPipe => ErrorCode::Pipe,
        K::IsADirectory => ErrorCode::IsDirectory,
        K::NotADirectory => ErrorCode::NotDirectory,
        K::DirectoryNotEmpty => ErrorCode::NotEmpty,
        K::ReadOnlyFilesystem => ErrorCode::ReadOnly,
        K::FileTooLarge => ErrorCode::FileTooLarge,
        K::StorageFull => ErrorCode::InsufficientSpace,
        K::QuotaExceeded => ErrorCode::Quota,
        K::TooManyLinks => ErrorCode::TooManyLinks,
        K::InvalidFilename => ErrorCode::Invalid,
        K::CrossesDevices => ErrorCode::CrossDevice,
        K::Deadlock => ErrorCode::Deadlock,
        K::ResourceBusy => ErrorCode::Busy,
        K::ExecutableFileBusy => ErrorCode::TextFileBusy,
        K::NotSeekable => ErrorCode::InvalidSeek,
        _ => ErrorCode::Io,
    }
}

impl<T: WasiView> Host for T {
    async fn filesystem_error_code(&mut self, err: Resource<IoError>) -> Result<Option<ErrorCode>> {
        let err = &self.ctx().table.get(&err)?.0;
        // File streams keep the `std::io::Error` they failed with.
        Ok(err.downcast_ref::<io::Error>().map(ErrorCode::from))
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn every_errno_an_error_code_names_maps_to_it() {
        for (errno, expected) in [
            (libc::EACCES, ErrorCode::Access),
            (libc::EAGAIN, ErrorCode::WouldBlock),
            (libc::EALREADY, ErrorCode::Already),
            (libc::EBADF, ErrorCode::BadDescriptor),
            (libc::EBUSY, ErrorCode::Busy),
            (libc::EDEADLK, ErrorCode::Deadlock),
            (libc::EDQUOT, ErrorCode::Quota),
            (libc::EEXIST, ErrorCode::Exist),
            (libc::EFBIG, ErrorCode::FileTooLarge),
            (libc::EILSEQ, ErrorCode::IllegalByteSequence),
            (libc::EINPROGRESS, ErrorCode::InProgress),
            (libc::EINTR, ErrorCode::Interrupted),
            (libc::EINVAL, ErrorCode::Invalid),
            (libc::EIO, ErrorCode::Io),
            (libc::EISDIR, ErrorCode::IsDirectory),
            (libc::ELOOP, ErrorCode::Loop),
            (libc::EMLINK, ErrorCode::TooManyLinks),
            (libc::EMSGSIZE, ErrorCode::MessageSize),
            (libc::ENAMETOOLONG, ErrorCode::NameTooLong),
            (libc::ENODEV, ErrorCode::NoDevice),
            (libc::ENOENT, ErrorCode::NoEntry),
            (libc::ENOLCK, ErrorCode::NoLock),
            (libc::ENOMEM, ErrorCode::InsufficientMemory),
            (libc::ENOSPC, ErrorCode::InsufficientSpace),
            (libc::ENOTDIR, ErrorCode::NotDirectory),
            (libc::ENOTEMPTY, ErrorCode::NotEmpty),
            (libc::ENOTRECOVERABLE, ErrorCode::NotRecoverable),
            (libc::ENOTSUP, ErrorCode::Unsupported),
            (libc::EOPNOTSUPP, ErrorCode::Unsupported),
            (libc::ENOSYS, ErrorCode::Unsupported),
            (libc::ENOTTY, ErrorCode::NoTty),
            (libc::ENXIO, ErrorCode::NoSuchDevice),
            (libc::EOVERFLOW, ErrorCode::Overflow),
            (libc::EPERM, ErrorCode::NotPermitted),
            (libc::EPIPE, ErrorCode::Pipe),
            (libc::EROFS, ErrorCode::ReadOnly),
            (libc::ESPIPE, ErrorCode::InvalidSeek),
            (libc::ETXTBSY, ErrorCode::TextFileBusy),
            (libc::EXDEV, ErrorCode::CrossDevice),
        ] {
            let e = io::Error::from_raw_os_error(errno);
            assert_eq!(ErrorCode::from(&e), expected, "errno {errno}");
            assert_eq!(FsError::from(e).code(), Some(expected), "errno {errno}");
        }
        assert_eq!(
            ErrorCode::from(io::Error::from_raw_os_error(100_000)),
            ErrorCode::Io
        );
        assert!(convert_error_code(FsError::trap("boom")).is_err());
        assert_eq!(
            convert_error_code(ErrorCode::Busy.into()).unwrap(),
            ErrorCode::Busy
        );
    }
}
