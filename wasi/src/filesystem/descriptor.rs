//! The methods of `descriptor` (`HostDescriptor`): each checks the
//! embedder's permissions and the descriptor's flags, then asks `cap-std`,
//! which resolves every path beneath the descriptor's directory.
//!
//! The permission policy follows Wasmtime's: what a directory's
//! [`DirPerms`] do not allow fails with `not-permitted`, as does what a
//! file's [`FilePerms`] do not allow; a write through a descriptor opened
//! for reading only fails with `bad-descriptor`, as the OS would say.
//!
//! What lives elsewhere: the streams these methods make (`streams`), the
//! directory listing (`readdir`), metadata conversions (`stat`), the
//! error mapping (`errors`).

use std::path::{Component, Path};
use std::sync::Arc;

use anyhow::Result;
use cap_fs_ext::{
    DirExt, FollowSymlinks, OpenOptionsFollowExt, OpenOptionsMaybeDirExt, OpenOptionsSyncExt,
};
use hoist_runtime::component::Resource;
use system_interface::fs::FileIoExt;

use crate::bindings::wasi::filesystem::types::{
    Advice, DescriptorFlags, DescriptorStat, DescriptorType, ErrorCode, HostDescriptor,
    MetadataHashValue, NewTimestamp, OpenFlags, PathFlags,
};
use crate::filesystem::errors::convert_error_code;
use crate::filesystem::stat::{
    cap_time_spec, descriptor_stat, descriptor_type, identity, metadata_hash, time_spec,
};
use crate::filesystem::streams::{FileInputStream, FileOutputStream};
use crate::filesystem::{
    Descriptor, DirPerms, FilePerms, FsError, Kind, OpenDir, OpenFile, ReaddirIterator,
};
use crate::io::{DynInputStream, DynOutputStream};
use crate::WasiView;

/// The most one `read` returns: a guest asking for more gets less.
const MAX_READ: u64 = 1 << 20;

/// The flags that ask for synchronised I/O.
const SYNC_FLAGS: [DescriptorFlags; 3] = [
    DescriptorFlags::FILE_INTEGRITY_SYNC,
    DescriptorFlags::DATA_INTEGRITY_SYNC,
    DescriptorFlags::REQUESTED_WRITE_SYNC,
];

fn follows(flags: PathFlags) -> bool {
    flags.contains(PathFlags::SYMLINK_FOLLOW)
}

impl OpenFile {
    /// `Ok` when this descriptor may do what `perm` names: `not-permitted`
    /// when its directory does not allow it for files, `bad-descriptor`
    /// when it was not opened for it.
    fn require(&self, perm: FilePerms) -> Result<(), ErrorCode> {
        if !self.allowed.contains(perm) {
            Err(ErrorCode::NotPermitted)
        } else if !self.perms.contains(perm) {
            Err(ErrorCode::BadDescriptor)
        } else {
            Ok(())
        }
    }

    /// A stream needs the descriptor opened for it: `bad-descriptor`.
    fn require_for_stream(&self, perm: FilePerms) -> Result<(), ErrorCode> {
        if self.perms.contains(perm) {
            Ok(())
        } else {
            Err(ErrorCode::BadDescriptor)
        }
    }
}

/// Whether the target of a symbolic link at `link` (both relative to the
/// same directory) is absolute or climbs above that directory, read
/// lexically. This is a courtesy to other programs that might follow the
/// link, not the sandbox: `cap-std` refuses to follow such a link however
/// it was made.
fn target_escapes(link: &str, target: &str) -> bool {
    let parent = Path::new(link).parent().unwrap_or(Path::new(""));
    let mut depth: usize = 0;
    // The link's directory, then the target from there.
    for component in parent.components().chain(Path::new(target).components()) {
        match component {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return true,
            },
            Component::RootDir | Component::Prefix(_) => return true,
        }
    }
    false
}

/// The directory of the descriptor `fd`, checked for `perms`.
fn dir_with<'a, T: WasiView>(
    host: &'a mut T,
    fd: &Resource<Descriptor>,
    perms: DirPerms,
) -> Result<&'a OpenDir, FsError> {
    let d = host.ctx().table.get(fd)?.as_dir()?;
    d.require(perms)?;
    Ok(d)
}

/// Clears `O_NONBLOCK`, which files are opened with so that opening a
/// FIFO does not wait for its other end: their reads and writes block.
#[cfg(unix)]
fn make_blocking(file: &cap_std::fs::File) -> std::io::Result<()> {
    use rustix::fs::{fcntl_getfl, fcntl_setfl, OFlags};
    let flags = fcntl_getfl(file)?;
    if flags.contains(OFlags::NONBLOCK) {
        fcntl_setfl(file, flags - OFlags::NONBLOCK)?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn make_blocking(_file: &cap_std::fs::File) -> std::io::Result<()> {
    Ok(())
}

impl<T: WasiView> HostDescriptor for T {
    async fn read_via_stream(
        &mut self,
        fd: Resource<Descriptor>,
        offset: u64,
    ) -> Result<Resource<DynInputStream>, FsError> {
        let view = self.ctx();
        let f = view.table.get(&fd)?.as_file()?;
        f.require_for_stream(FilePerms::READ)?;
        let stream: DynInputStream = Box::new(FileInputStream::new(f.file.clone(), offset));
        Ok(view.table.push(stream)?)
    }

    async fn write_via_stream(
        &mut self,
        fd: Resource<Descriptor>,
        offset: u64,
    ) -> Result<Resource<DynOutputStream>, FsError> {
        let view = self.ctx();
        let f = view.table.get(&fd)?.as_file()?;
        f.require_for_stream(FilePerms::WRITE)?;
        let stream: DynOutputStream = Box::new(FileOutputStream::at(f.file.clone(), offset));
        Ok(view.table.push(stream)?)
    }

    async fn append_via_stream(
        &mut self,
        fd: Resource<Descriptor>,
    ) -> Result<Resource<DynOutputStream>, FsError> {
        let view = self.ctx();
        let f = view.table.get(&fd)?.as_file()?;
        f.require_for_stream(FilePerms::WRITE)?;
        let stream: DynOutputStream = Box::new(FileOutputStream::append(f.file.clone()));
        Ok(view.table.push(stream)?)
    }

    async fn advise(
        &mut self,
        fd: Resource<Descriptor>,
        offset: u64,
        length: u64,
        advice: Advice,
    ) -> Result<(), FsError> {
        use system_interface::fs::Advice as A;
        let f = self.ctx().table.get(&fd)?.as_file()?;
        let advice = match advice {
            Advice::Normal => A::Normal,
            Advice::Sequential => A::Sequential,
            Advice::Random => A::Random,
            Advice::WillNeed => A::WillNeed,
            Advice::DontNeed => A::DontNeed,
            Advice::NoReuse => A::NoReuse,
        };
        f.file.advise(offset, length, advice)?;
        Ok(())
    }

    async fn sync_data(&mut self, fd: Resource<Descriptor>) -> Result<(), FsError> {
        match &self.ctx().table.get(&fd)?.0 {
            Kind::File(f) => f.file.sync_data()?,
            Kind::Dir(d) => sync_dir(&d.dir, true)?,
        }
        Ok(())
    }

    async fn get_flags(&mut self, fd: Resource<Descriptor>) -> Result<DescriptorFlags, FsError> {
        Ok(match &self.ctx().table.get(&fd)?.0 {
            Kind::File(f) => f.flags,
            Kind::Dir(d) => d.flags,
        })
    }

    async fn get_type(&mut self, fd: Resource<Descriptor>) -> Result<DescriptorType, FsError> {
        match &self.ctx().table.get(&fd)?.0 {
            Kind::File(f) => Ok(descriptor_type(f.file.metadata()?.file_type())),
            Kind::Dir(_) => Ok(DescriptorType::Directory),
        }
    }

    async fn set_size(&mut self, fd: Resource<Descriptor>, size: u64) -> Result<(), FsError> {
        let f = self.ctx().table.get(&fd)?.as_file()?;
        f.require(FilePerms::WRITE)?;
        f.file.set_len(size)?;
        Ok(())
    }

    async fn set_times(
        &mut self,
        fd: Resource<Descriptor>,
        data_access_timestamp: NewTimestamp,
        data_modification_timestamp: NewTimestamp,
    ) -> Result<(), FsError> {
        use fs_set_times::SetTimes;
        let atime = time_spec(data_access_timestamp)?;
        let mtime = time_spec(data_modification_timestamp)?;
        match &self.ctx().table.get(&fd)?.0 {
            Kind::File(f) => {
                // Timestamps are metadata: the open mode does not matter,
                // what the directory allows for its files does.
                if !f.allowed.contains(FilePerms::WRITE) {
                    return Err(ErrorCode::NotPermitted.into());
                }
                SetTimes::set_times(&*f.file, atime, mtime)?;
            }
            Kind::Dir(d) => {
                d.require(DirPerms::MUTATE)?;
                // Through the path `.`: `cap-std` may hold directories as
                // `O_PATH` handles, whose times `futimens` cannot set.
                DirExt::set_times(
                    &*d.dir,
                    Component::CurDir,
                    cap_time_spec(atime),
                    cap_time_spec(mtime),
                )?;
            }
        }
        Ok(())
    }

    async fn read(
        &mut self,
        fd: Resource<Descriptor>,
        length: u64,
        offset: u64,
    ) -> Result<(Vec<u8>, bool), FsError> {
        let f = self.ctx().table.get(&fd)?.as_file()?;
        f.require(FilePerms::READ)?;
        let length = length.min(MAX_READ);
        if length == 0 {
            return Ok((Vec::new(), false));
        }
        // `length` is at most MAX_READ, which any usize holds.
        let mut buf = vec![0; length as usize];
        let n = loop {
            match f.file.read_at(&mut buf, offset) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                other => break other?,
            }
        };
        buf.truncate(n);
        Ok((buf, n == 0))
    }

    async fn write(
        &mut self,
        fd: Resource<Descriptor>,
        buffer: Vec<u8>,
        offset: u64,
    ) -> Result<u64, FsError> {
        let f = self.ctx().table.get(&fd)?.as_file()?;
        f.require(FilePerms::WRITE)?;
        if buffer.is_empty() {
            return Ok(0);
        }
        let n = f.file.write_at(&buffer, offset)?;
        Ok(n as u64)
    }

    async fn read_directory(
        &mut self,
        fd: Resource<Descriptor>,
    ) -> Result<Resource<ReaddirIterator>, FsError> {
        let entries = dir_with(self, &fd, DirPerms::READ)?.dir.entries()?;
        Ok(self.ctx().table.push(ReaddirIterator::new(entries))?)
    }

    async fn sync(&mut self, fd: Resource<Descriptor>) -> Result<(), FsError> {
        match &self.ctx().table.get(&fd)?.0 {
            Kind::File(f) => f.file.sync_all()?,
            Kind::Dir(d) => sync_dir(&d.dir, false)?,
        }
        Ok(())
    }

    async fn create_directory_at(
        &mut self,
        fd: Resource<Descriptor>,
        path: String,
    ) -> Result<(), FsError> {
        dir_with(self, &fd, DirPerms::MUTATE)?
            .dir
            .create_dir(&path)?;
        Ok(())
    }

    async fn stat(&mut self, fd: Resource<Descriptor>) -> Result<DescriptorStat, FsError> {
        let meta = match &self.ctx().table.get(&fd)?.0 {
            Kind::File(f) => f.file.metadata()?,
            Kind::Dir(d) => d.dir.dir_metadata()?,
        };
        Ok(descriptor_stat(&meta))
    }

    async fn stat_at(
        &mut self,
        fd: Resource<Descriptor>,
        path_flags: PathFlags,
        path: String,
    ) -> Result<DescriptorStat, FsError> {
        let d = dir_with(self, &fd, DirPerms::READ)?;
        let meta = if follows(path_flags) {
            d.dir.metadata(&path)?
        } else {
            d.dir.symlink_metadata(&path)?
        };
        Ok(descriptor_stat(&meta))
    }

    async fn set_times_at(
        &mut self,
        fd: Resource<Descriptor>,
        path_flags: PathFlags,
        path: String,
        data_access_timestamp: NewTimestamp,
        data_modification_timestamp: NewTimestamp,
    ) -> Result<(), FsError> {
        let atime = cap_time_spec(time_spec(data_access_timestamp)?);
        let mtime = cap_time_spec(time_spec(data_modification_timestamp)?);
        let d = dir_with(self, &fd, DirPerms::MUTATE)?;
        if follows(path_flags) {
            DirExt::set_times(&*d.dir, &path, atime, mtime)?;
        } else {
            d.dir.set_symlink_times(&path, atime, mtime)?;
        }
        Ok(())
    }

    async fn link_at(
        &mut self,
        fd: Resource<Descriptor>,
        old_path_flags: PathFlags,
        old_path: String,
        new_descriptor: Resource<Descriptor>,
        new_path: String,
    ) -> Result<(), FsError> {
        let old = dir_with(self, &fd, DirPerms::MUTATE)?.dir.clone();
        let new = dir_with(self, &new_descriptor, DirPerms::MUTATE)?
            .dir
            .clone();
        // Following a link to its target needs `linkat(AT_SYMLINK_FOLLOW)`
        // on a path the host resolves, which `cap-std` does not offer;
        // following a path that is no link changes nothing.
        if follows(old_path_flags) && old.symlink_metadata(&old_path)?.is_symlink() {
            return Err(ErrorCode::Unsupported.into());
        }
        old.hard_link(&old_path, &new, &new_path)?;
        Ok(())
    }

    async fn open_at(
        &mut self,
        fd: Resource<Descriptor>,
        path_flags: PathFlags,
        path: String,
        open_flags: OpenFlags,
        flags: DescriptorFlags,
    ) -> Result<Resource<Descriptor>, FsError> {
        let d = dir_with(self, &fd, DirPerms::READ)?;
        let (dir, dir_perms, file_perms) = (d.dir.clone(), d.perms, d.file_perms);

        let create = open_flags.contains(OpenFlags::CREATE);
        let truncate = open_flags.contains(OpenFlags::TRUNCATE);
        let exclusive = open_flags.contains(OpenFlags::EXCLUSIVE);
        let directory = open_flags.contains(OpenFlags::DIRECTORY);
        let write = flags.contains(DescriptorFlags::WRITE);

        if directory && (create || exclusive || truncate) {
            return Err(ErrorCode::Invalid.into());
        }
        // Creating, truncating and opening for writing change the tree:
        // refused in a directory that may not be changed, and when its
        // files may not be written.
        if (create || truncate || write)
            && !(dir_perms.contains(DirPerms::MUTATE) && file_perms.contains(FilePerms::WRITE))
        {
            return Err(ErrorCode::NotPermitted.into());
        }

        let mut opts = cap_std::fs::OpenOptions::new();
        opts.maybe_dir(true);
        opts.nonblock(true);
        // A terminal in the tree does not become the host's.
        #[cfg(unix)]
        cap_std::fs::OpenOptionsExt::custom_flags(
            &mut opts,
            rustix::fs::OFlags::NOCTTY.bits() as i32,
        );
        opts.follow(if follows(path_flags) {
            FollowSymlinks::Yes
        } else {
            FollowSymlinks::No
        });
        // The open mode: what the descriptor may do with the file.
        let mut mode = FilePerms::empty();
        if create {
            if exclusive {
                opts.create_new(true);
            } else {
                opts.create(true);
            }
            opts.write(true);
            mode |= FilePerms::WRITE;
        }
        if truncate {
            opts.truncate(true).write(true);
        }
        if write {
            opts.write(true);
            mode |= FilePerms::WRITE;
        }
        // Without `write`, a file is opened for reading, asked or not.
        if flags.contains(DescriptorFlags::READ) || !write {
            opts.read(true);
            mode |= FilePerms::READ;
        }
        let mut sync = DescriptorFlags::empty();
        for flag in SYNC_FLAGS {
            if flags.contains(flag) {
                sync |= flag;
            }
        }
        opts.sync(flags.contains(DescriptorFlags::FILE_INTEGRITY_SYNC));
        opts.dsync(flags.contains(DescriptorFlags::DATA_INTEGRITY_SYNC));
        opts.rsync(flags.contains(DescriptorFlags::REQUESTED_WRITE_SYNC));

        let file = dir.open_with(&path, &opts)?;
        let descriptor = if file.metadata()?.is_dir() {
            let dir = cap_std::fs::Dir::from_std_file(file.into_std());
            Descriptor::dir(Arc::new(dir), dir_perms, file_perms, sync)
        } else if directory {
            return Err(ErrorCode::NotDirectory.into());
        } else {
            make_blocking(&file)?;
            let perms = file_perms & mode;
            let mut flags = sync;
            if perms.contains(FilePerms::READ) {
                flags |= DescriptorFlags::READ;
            }
            if perms.contains(FilePerms::WRITE) {
                flags |= DescriptorFlags::WRITE;
            }
            Descriptor(Kind::File(OpenFile {
                file: Arc::new(file),
                allowed: file_perms,
                perms,
                flags,
            }))
        };
        Ok(self.ctx().table.push(descriptor)?)
    }

    async fn readlink_at(
        &mut self,
        fd: Resource<Descriptor>,
        path: String,
    ) -> Result<String, FsError> {
        // `read_link` refuses an absolute target: `not-permitted`.
        let target = dir_with(self, &fd, DirPerms::READ)?.dir.read_link(&path)?;
        target
            .into_os_string()
            .into_string()
            .map_err(|_| ErrorCode::IllegalByteSequence.into())
    }

    async fn remove_directory_at(
        &mut self,
        fd: Resource<Descriptor>,
        path: String,
    ) -> Result<(), FsError> {
        dir_with(self, &fd, DirPerms::MUTATE)?
            .dir
            .remove_dir(&path)?;
        Ok(())
    }

    async fn rename_at(
        &mut self,
        fd: Resource<Descriptor>,
        old_path: String,
        new_descriptor: Resource<Descriptor>,
        new_path: String,
    ) -> Result<(), FsError> {
        let old = dir_with(self, &fd, DirPerms::MUTATE)?.dir.clone();
        let new = dir_with(self, &new_descriptor, DirPerms::MUTATE)?
            .dir
            .clone();
        old.rename(&old_path, &new, &new_path)?;
        Ok(())
    }

    async fn symlink_at(
        &mut self,
        fd: Resource<Descriptor>,
        old_path: String,
        new_path: String,
    ) -> Result<(), FsError> {
        let d = dir_with(self, &fd, DirPerms::MUTATE)?;
        if target_escapes(&new_path, &old_path) {
            return Err(ErrorCode::NotPermitted.into());
        }
        d.dir.symlink(&old_path, &new_path)?;
        Ok(())
    }

    async fn unlink_file_at(
        &mut self,
        fd: Resource<Descriptor>,
        path: String,
    ) -> Result<(), FsError> {
        dir_with(self, &fd, DirPerms::MUTATE)?
            .dir
            .remove_file_or_symlink(&path)?;
        Ok(())
    }

    async fn is_same_object(
        &mut self,
        fd: Resource<Descriptor>,
        other: Resource<Descriptor>,
    ) -> Result<bool> {
        let table = &*self.ctx().table;
        let a = descriptor_metadata(table.get(&fd)?)?;
        let b = descriptor_metadata(table.get(&other)?)?;
        Ok(identity(&a) == identity(&b))
    }

    async fn metadata_hash(
        &mut self,
        fd: Resource<Descriptor>,
    ) -> Result<MetadataHashValue, FsError> {
        let meta = descriptor_metadata(self.ctx().table.get(&fd)?)?;
        Ok(metadata_hash(&meta))
    }

    async fn metadata_hash_at(
        &mut self,
        fd: Resource<Descriptor>,
        path_flags: PathFlags,
        path: String,
    ) -> Result<MetadataHashValue, FsError> {
        let d = dir_with(self, &fd, DirPerms::READ)?;
        let meta = if follows(path_flags) {
            d.dir.metadata(&path)?
        } else {
            d.dir.symlink_metadata(&path)?
        };
        Ok(metadata_hash(&meta))
    }

    async fn drop(&mut self, fd: Resource<Descriptor>) -> Result<()> {
        self.ctx().table.delete(fd)?;
        Ok(())
    }

    fn convert_error_code(&mut self, err: FsError) -> Result<ErrorCode> {
        convert_error_code(err)
    }
}

/// The metadata of what a descriptor refers to.
fn descriptor_metadata(descriptor: &Descriptor) -> std::io::Result<cap_std::fs::Metadata> {
    match &descriptor.0 {
        Kind::File(f) => f.file.metadata(),
        Kind::Dir(d) => d.dir.dir_metadata(),
    }
}

/// `fsync` (or `fdatasync`) on an open directory, through a new handle
/// to it: `cap-std` may hold directories as `O_PATH` handles, which
/// cannot be synced.
fn sync_dir(dir: &cap_std::fs::Dir, data_only: bool) -> std::io::Result<()> {
    let mut opts = cap_std::fs::OpenOptions::new();
    opts.read(true).maybe_dir(true);
    let this = dir.open_with(Component::CurDir, &opts)?;
    if data_only {
        this.sync_data()
    } else {
        this.sync_all()
    }
}

#[cfg(test)]
mod tests {
    use super::target_escapes;

    #[test]
    fn symlink_targets_that_climb_above_the_directory_escape() {
        assert!(target_escapes("link", "/etc/passwd"));
        assert!(target_escapes("link", ".."));
        assert!(target_escapes("link", "../x"));
        assert!(target_escapes("a/link", "../../x"));
        assert!(target_escapes("a/link", "b/../../../x"));
        assert!(target_escapes("../link", "x"));
        assert!(!target_escapes("link", "x"));
        assert!(!target_escapes("a/link", "../x"));
        assert!(!target_escapes("a/b/link", "../../x"));
        assert!(!target_escapes("link", "./x/../y"));
        assert!(!target_escapes("a/./link", "../x"));
    }
}
