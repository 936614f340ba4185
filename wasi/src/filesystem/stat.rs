//! Metadata as WASI sees it: `descriptor-type` from a file type,
//! `descriptor-stat` from metadata, `datetime` to and from `SystemTime`,
//! `new-timestamp` to what the host sets, and `metadata-hash`.
//!
//! Fetching the metadata (through which handle, following links or not)
//! is the caller's, in `descriptor` and `readdir`.

use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use cap_fs_ext::FileTypeExt;

use crate::bindings::wasi::clocks::wall_clock::Datetime;
use crate::bindings::wasi::filesystem::types::{
    DescriptorStat, DescriptorType, ErrorCode, MetadataHashValue, NewTimestamp,
};

/// The WASI type of a file type.
pub(crate) fn descriptor_type(ty: cap_std::fs::FileType) -> DescriptorType {
    if ty.is_dir() {
        DescriptorType::Directory
    } else if ty.is_symlink() {
        DescriptorType::SymbolicLink
    } else if ty.is_file() {
        DescriptorType::RegularFile
    } else if ty.is_block_device() {
        DescriptorType::BlockDevice
    } else if ty.is_char_device() {
        DescriptorType::CharacterDevice
    } else if ty.is_fifo() {
        DescriptorType::Fifo
    } else if ty.is_socket() {
        DescriptorType::Socket
    } else {
        DescriptorType::Unknown
    }
}

/// A point in time as a WASI `datetime`; `None` before the Unix epoch
/// (a `datetime` cannot say it).
pub(crate) fn datetime(time: SystemTime) -> Option<Datetime> {
    let since = time.duration_since(SystemTime::UNIX_EPOCH).ok()?;
    Some(Datetime {
        seconds: since.as_secs(),
        nanoseconds: since.subsec_nanos(),
    })
}

/// The point in time a guest's `datetime` names: `invalid` for
/// nanoseconds beyond a second, `overflow` beyond what the host's clock
/// represents.
pub(crate) fn system_time(dt: Datetime) -> Result<SystemTime, ErrorCode> {
    if dt.nanoseconds >= 1_000_000_000 {
        return Err(ErrorCode::Invalid);
    }
    SystemTime::UNIX_EPOCH
        .checked_add(Duration::new(dt.seconds, dt.nanoseconds))
        .ok_or(ErrorCode::Overflow)
}

/// What a `new-timestamp` sets: nothing, the time of the setting, or a
/// given time.
pub(crate) fn time_spec(
    ts: NewTimestamp,
) -> Result<Option<fs_set_times::SystemTimeSpec>, ErrorCode> {
    Ok(match ts {
        NewTimestamp::NoChange => None,
        NewTimestamp::Now => Some(fs_set_times::SystemTimeSpec::SymbolicNow),
        NewTimestamp::Timestamp(dt) => {
            Some(fs_set_times::SystemTimeSpec::Absolute(system_time(dt)?))
        }
    })
}

/// The same, for `cap-fs-ext`'s path-based setters.
pub(crate) fn cap_time_spec(
    spec: Option<fs_set_times::SystemTimeSpec>,
) -> Option<cap_fs_ext::SystemTimeSpec> {
    spec.map(cap_fs_ext::SystemTimeSpec::from_std)
}

/// The WASI attributes of a file.
pub(crate) fn descriptor_stat(meta: &cap_std::fs::Metadata) -> DescriptorStat {
    DescriptorStat {
        r#type: descriptor_type(meta.file_type()),
        link_count: link_count(meta),
        size: meta.len(),
        data_access_timestamp: meta.accessed().ok().and_then(|t| datetime(t.into_std())),
        data_modification_timestamp: meta.modified().ok().and_then(|t| datetime(t.into_std())),
        status_change_timestamp: status_change(meta),
    }
}

#[cfg(unix)]
fn link_count(meta: &cap_std::fs::Metadata) -> u64 {
    cap_std::fs::MetadataExt::nlink(meta)
}

#[cfg(not(unix))]
fn link_count(meta: &cap_std::fs::Metadata) -> u64 {
    cap_fs_ext::MetadataExt::nlink(meta)
}

/// The inode's last change (`st_ctime`): only Unix keeps it.
#[cfg(unix)]
fn status_change(meta: &cap_std::fs::Metadata) -> Option<Datetime> {
    use cap_std::fs::MetadataExt;
    let seconds = u64::try_from(meta.ctime()).ok()?;
    let nanoseconds = u32::try_from(meta.ctime_nsec()).ok()?;
    (nanoseconds < 1_000_000_000).then_some(Datetime {
        seconds,
        nanoseconds,
    })
}

#[cfg(not(unix))]
fn status_change(_meta: &cap_std::fs::Metadata) -> Option<Datetime> {
    None
}

/// The identity of the object: device and inode.
pub(crate) fn identity(meta: &cap_std::fs::Metadata) -> (u64, u64) {
    (
        cap_fs_ext::MetadataExt::dev(meta),
        cap_fs_ext::MetadataExt::ino(meta),
    )
}

/// `metadata-hash`: a keyed hash of the object's device and inode, with a
/// key secret to this process. Like Wasmtime's, it stays the same while
/// the file is modified (the preview1 adapter reports it as the inode
/// number); it changes when the path names another object.
pub(crate) fn metadata_hash(meta: &cap_std::fs::Metadata) -> MetadataHashValue {
    static KEYS: OnceLock<(std::hash::RandomState, std::hash::RandomState)> = OnceLock::new();
    let (k1, k2) = KEYS.get_or_init(Default::default);
    let (dev, ino) = identity(meta);
    let half = |key: &std::hash::RandomState| {
        let mut h = key.build_hasher();
        h.write_u64(dev);
        h.write_u64(ino);
        h.finish()
    };
    MetadataHashValue {
        lower: half(k1),
        upper: half(k2),
    }
}
