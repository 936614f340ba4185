//! `wasi:filesystem` through its embedding API: the host traits called
//! from Rust on a real directory (a temporary one, preopened), every
//! `descriptor` method checked against what happened on the host's disk.
//!
//! Half of the file is the sandbox: `..`, absolute paths, symbolic links
//! pointing out (and one swapped in between two operations), hard links
//! and renames out, read-only preopens, and hostile arguments (huge
//! offsets and lengths, bad handles, NUL bytes), each refused with the
//! error code Wasmtime gives, never a host panic and never a byte outside.
//!
//! Every preopen here is `<tmp>/sandbox`; `<tmp>/outside/secret.txt` is
//! what no guest may reach.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use hoist::component::Resource;
use hoist::wasi::bindings::wasi::clocks::wall_clock::Datetime;
use hoist::wasi::bindings::wasi::filesystem::preopens::Host as PreopensHost;
use hoist::wasi::bindings::wasi::filesystem::types::{
    Advice, DescriptorFlags, DescriptorType, DirectoryEntry, ErrorCode, Host as TypesHost,
    HostDescriptor, HostDirectoryEntryStream, NewTimestamp, OpenFlags, PathFlags,
};
use hoist::wasi::bindings::wasi::io::streams::{
    HostInputStream, HostOutputStream, StreamError as WitStreamError,
};
use hoist::wasi::filesystem::{Descriptor, DirPerms, FilePerms, FsError};
use hoist::wasi::io::{IoError, StreamError};
use hoist::wasi::runtime::block_on;
use hoist::wasi::{WasiCtx, WasiState};

/// A temporary tree: `sandbox/` (preopened) and `outside/secret.txt`.
struct World {
    tmp: tempfile::TempDir,
    host: WasiState,
    /// The preopen's descriptor.
    root: Resource<Descriptor>,
}

impl World {
    fn new(dir_perms: DirPerms, file_perms: FilePerms) -> World {
        let tmp = tempfile::tempdir().unwrap();
        fs::create_dir(tmp.path().join("sandbox")).unwrap();
        fs::create_dir(tmp.path().join("outside")).unwrap();
        fs::write(tmp.path().join("outside/secret.txt"), "secret").unwrap();
        let ctx = WasiCtx::builder()
            .preopened_dir(
                tmp.path().join("sandbox"),
                "/sandbox",
                dir_perms,
                file_perms,
            )
            .unwrap()
            .build();
        let mut host = WasiState::new(ctx);
        let dirs = block_on(host.get_directories()).unwrap();
        assert_eq!(dirs.len(), 1);
        assert_eq!(dirs[0].1, "/sandbox");
        let root = dirs[0].0;
        World { tmp, host, root }
    }

    fn writable() -> World {
        World::new(DirPerms::all(), FilePerms::all())
    }

    /// The host path of `rel` inside the sandbox.
    fn sandbox(&self, rel: &str) -> PathBuf {
        self.tmp.path().join("sandbox").join(rel)
    }

    fn outside(&self) -> PathBuf {
        self.tmp.path().join("outside")
    }

    fn open(
        &mut self,
        dir: Resource<Descriptor>,
        path: &str,
        open_flags: OpenFlags,
        flags: DescriptorFlags,
    ) -> Result<Resource<Descriptor>, FsError> {
        block_on(self.host.open_at(
            dir,
            PathFlags::SYMLINK_FOLLOW,
            path.to_owned(),
            open_flags,
            flags,
        ))
    }

    /// Opens `path` beneath the preopen for reading and writing, creating it.
    fn create(&mut self, path: &str) -> Resource<Descriptor> {
        self.open(
            self.root,
            path,
            OpenFlags::CREATE,
            DescriptorFlags::READ | DescriptorFlags::WRITE,
        )
        .unwrap()
    }

    fn read_only(&mut self, path: &str) -> Resource<Descriptor> {
        self.open(self.root, path, OpenFlags::empty(), DescriptorFlags::READ)
            .unwrap()
    }

    fn read(
        &mut self,
        fd: Resource<Descriptor>,
        len: u64,
        offset: u64,
    ) -> Result<(Vec<u8>, bool), FsError> {
        block_on(HostDescriptor::read(&mut self.host, fd, len, offset))
    }

    fn write(
        &mut self,
        fd: Resource<Descriptor>,
        bytes: &[u8],
        offset: u64,
    ) -> Result<u64, FsError> {
        block_on(HostDescriptor::write(
            &mut self.host,
            fd,
            bytes.to_vec(),
            offset,
        ))
    }

    fn stat_at(
        &mut self,
        follow: bool,
        path: &str,
    ) -> Result<hoist::wasi::bindings::wasi::filesystem::types::DescriptorStat, FsError> {
        let flags = if follow {
            PathFlags::SYMLINK_FOLLOW
        } else {
            PathFlags::empty()
        };
        block_on(self.host.stat_at(self.root, flags, path.to_owned()))
    }

    fn list(&mut self, dir: Resource<Descriptor>) -> Vec<DirectoryEntry> {
        let stream = block_on(self.host.read_directory(dir)).unwrap();
        let mut entries = Vec::new();
        while let Some(entry) = block_on(self.host.read_directory_entry(stream)).unwrap() {
            entries.push(entry);
        }
        block_on(HostDirectoryEntryStream::drop(&mut self.host, stream)).unwrap();
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        entries
    }

    /// Asserts the secret outside is untouched and nothing was added there.
    fn assert_outside_untouched(&self) {
        let names: Vec<_> = fs::read_dir(self.outside())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(
            names,
            ["secret.txt"],
            "something appeared outside the sandbox"
        );
        assert_eq!(
            fs::read_to_string(self.outside().join("secret.txt")).unwrap(),
            "secret"
        );
    }
}

/// The error code of a failed call (a trap or a success fails the test).
#[track_caller]
fn code<T: std::fmt::Debug>(result: Result<T, FsError>) -> ErrorCode {
    match result {
        Err(FsError::Code(code)) => code,
        other => panic!("expected an error code, got {other:?}"),
    }
}

/// Whether a call trapped.
fn trapped<T: std::fmt::Debug>(result: Result<T, FsError>) -> bool {
    matches!(result, Err(FsError::Trap(_)))
}

#[cfg(unix)]
fn host_symlink(target: impl AsRef<Path>, link: impl AsRef<Path>) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

// ----- preopens -----

#[test]
fn preopens_are_listed_with_their_guest_paths_and_a_new_descriptor_each_call() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let ctx = WasiCtx::builder()
        .preopened_dir(a.path(), "/a", DirPerms::all(), FilePerms::all())
        .unwrap()
        .preopened_dir(b.path(), "b", DirPerms::READ, FilePerms::READ)
        .unwrap()
        .build();
    let mut host = WasiState::new(ctx);
    let first = block_on(host.get_directories()).unwrap();
    let second = block_on(host.get_directories()).unwrap();
    let names: Vec<_> = first.iter().map(|(_, p)| p.as_str()).collect();
    assert_eq!(names, ["/a", "b"]);
    assert_ne!(
        first[0].0.rep(),
        second[0].0.rep(),
        "each call makes new descriptors"
    );
    assert_eq!(host.table.len(), 4);
    for (fd, _) in &first {
        assert_eq!(
            block_on(host.get_type(*fd)).unwrap(),
            DescriptorType::Directory
        );
    }
    assert_eq!(
        block_on(host.get_flags(first[0].0)).unwrap(),
        DescriptorFlags::READ | DescriptorFlags::MUTATE_DIRECTORY
    );
    assert_eq!(
        block_on(host.get_flags(first[1].0)).unwrap(),
        DescriptorFlags::READ
    );
    assert!(block_on(host.is_same_object(first[0].0, second[0].0)).unwrap());
    assert!(!block_on(host.is_same_object(first[0].0, first[1].0)).unwrap());
    // Dropping one descriptor leaves the preopen and the other descriptors.
    block_on(HostDescriptor::drop(&mut host, first[0].0)).unwrap();
    assert_eq!(
        block_on(host.get_type(second[0].0)).unwrap(),
        DescriptorType::Directory
    );
    assert!(trapped(block_on(host.get_type(first[0].0))));
}

#[test]
fn a_missing_host_directory_cannot_be_preopened() {
    let tmp = tempfile::tempdir().unwrap();
    let err = WasiCtx::builder()
        .preopened_dir(
            tmp.path().join("missing"),
            "/m",
            DirPerms::all(),
            FilePerms::all(),
        )
        .err()
        .expect("opening a missing directory fails");
    assert!(format!("{err:#}").contains("missing"), "{err:#}");
    fs::write(tmp.path().join("file"), "").unwrap();
    assert!(WasiCtx::builder()
        .preopened_dir(
            tmp.path().join("file"),
            "/f",
            DirPerms::all(),
            FilePerms::all()
        )
        .is_err());
}

// ----- files: open, read, write -----

#[test]
fn files_are_created_written_and_read_at_offsets() {
    let mut w = World::writable();
    let fd = w.create("a.txt");
    assert_eq!(w.write(fd, b"hello", 0).unwrap(), 5);
    assert_eq!(fs::read(w.sandbox("a.txt")).unwrap(), b"hello");
    assert_eq!(w.read(fd, 100, 0).unwrap(), (b"hello".to_vec(), false));
    assert_eq!(w.read(fd, 3, 1).unwrap(), (b"ell".to_vec(), false));
    assert_eq!(w.read(fd, 10, 5).unwrap(), (Vec::new(), true), "at the end");
    assert_eq!(w.read(fd, 0, 0).unwrap(), (Vec::new(), false));
    // Writing past the end fills the gap with zeros.
    assert_eq!(w.write(fd, b"!", 8).unwrap(), 1);
    assert_eq!(fs::read(w.sandbox("a.txt")).unwrap(), b"hello\0\0\0!");
    assert_eq!(w.write(fd, b"", 100).unwrap(), 0);
    let stat = block_on(w.host.stat(fd)).unwrap();
    assert_eq!(stat.size, 9);
    assert_eq!(stat.r#type, DescriptorType::RegularFile);
    assert_eq!(stat.link_count, 1);
    assert_eq!(
        block_on(w.host.get_type(fd)).unwrap(),
        DescriptorType::RegularFile
    );
}

#[test]
fn reads_are_capped_and_huge_offsets_are_errors_not_panics() {
    let mut w = World::writable();
    fs::write(w.sandbox("big"), vec![7u8; 3 << 20]).unwrap();
    let fd = w.read_only("big");
    let (bytes, end) = w.read(fd, u64::MAX, 0).unwrap();
    assert_eq!(bytes.len(), 1 << 20, "one read returns at most 1 MiB");
    assert!(!end);
    for offset in [u64::MAX, i64::MAX as u64, 1 << 62] {
        match w.read(fd, u64::MAX, offset) {
            Ok((bytes, end)) => assert!(bytes.is_empty() && end),
            Err(FsError::Code(c)) => assert_eq!(c, ErrorCode::Invalid),
            Err(e) => panic!("{e}"),
        }
    }
    let rw = w.create("small");
    for offset in [u64::MAX, i64::MAX as u64] {
        let c = code(w.write(rw, b"x", offset));
        assert!(
            matches!(c, ErrorCode::Invalid | ErrorCode::FileTooLarge),
            "{c:?}"
        );
    }
    let c = code(block_on(w.host.set_size(rw, u64::MAX)));
    assert!(
        matches!(c, ErrorCode::Invalid | ErrorCode::FileTooLarge),
        "{c:?}"
    );
    // Streams at absurd offsets fail their first read, they do not panic.
    let s = block_on(w.host.read_via_stream(fd, u64::MAX)).unwrap();
    match block_on(HostInputStream::read(&mut w.host, s, u64::MAX)) {
        Err(StreamError::Closed) | Err(StreamError::LastOperationFailed(_)) => {}
        other => panic!("{other:?}"),
    }
    let s = block_on(w.host.write_via_stream(rw, u64::MAX)).unwrap();
    assert!(matches!(
        block_on(HostOutputStream::write(&mut w.host, s, b"x".to_vec())),
        Err(StreamError::LastOperationFailed(_))
    ));
    assert_eq!(fs::metadata(w.sandbox("small")).unwrap().len(), 0);
}

#[test]
fn streams_read_write_and_append_at_their_own_positions() {
    let mut w = World::writable();
    let fd = w.create("s.txt");
    let out = block_on(w.host.write_via_stream(fd, 0)).unwrap();
    block_on(w.host.blocking_write_and_flush(out, b"abcdef".to_vec())).unwrap();
    assert_eq!(
        block_on(HostOutputStream::check_write(&mut w.host, out)).unwrap(),
        1 << 20
    );
    block_on(HostOutputStream::write(&mut w.host, out, b"gh".to_vec())).unwrap();
    assert_eq!(fs::read(w.sandbox("s.txt")).unwrap(), b"abcdefgh");

    // A second write stream from offset 2 overwrites, independently.
    let over = block_on(w.host.write_via_stream(fd, 2)).unwrap();
    block_on(w.host.blocking_write_and_flush(over, b"XY".to_vec())).unwrap();
    assert_eq!(fs::read(w.sandbox("s.txt")).unwrap(), b"abXYefgh");

    // Appends land at the end, wherever it is at each write.
    let app = block_on(w.host.append_via_stream(fd)).unwrap();
    block_on(w.host.blocking_write_and_flush(app, b"12".to_vec())).unwrap();
    let mut outsider = fs::OpenOptions::new()
        .append(true)
        .open(w.sandbox("s.txt"))
        .unwrap();
    std::io::Write::write_all(&mut outsider, b"--").unwrap();
    block_on(w.host.blocking_write_and_flush(app, b"34".to_vec())).unwrap();
    assert_eq!(fs::read(w.sandbox("s.txt")).unwrap(), b"abXYefgh12--34");

    // Reading from offset 3 on, then the end.
    let input = block_on(w.host.read_via_stream(fd, 3)).unwrap();
    let got = block_on(w.host.blocking_read(input, 4)).unwrap();
    assert_eq!(got, b"Yefg");
    assert_eq!(
        block_on(HostInputStream::skip(&mut w.host, input, 3)).unwrap(),
        3
    );
    let rest = block_on(HostInputStream::read(&mut w.host, input, 100)).unwrap();
    assert_eq!(rest, b"--34");
    assert!(matches!(
        block_on(HostInputStream::read(&mut w.host, input, 100)),
        Err(StreamError::Closed)
    ));
    // Streams outlive their descriptor.
    let input2 = block_on(w.host.read_via_stream(fd, 0)).unwrap();
    block_on(HostDescriptor::drop(&mut w.host, fd)).unwrap();
    assert_eq!(block_on(w.host.blocking_read(input2, 2)).unwrap(), b"ab");
    block_on(w.host.blocking_write_and_flush(out, b"!".to_vec())).unwrap();
    assert_eq!(fs::read(w.sandbox("s.txt")).unwrap(), b"abXYefgh!2--34");
}

#[test]
fn a_failed_stream_read_carries_its_filesystem_error_code() {
    let mut w = World::writable();
    fs::write(w.sandbox("f"), "data").unwrap();
    let fd = w.read_only("f");
    // pread at an offset beyond i64::MAX: EINVAL.
    let s = block_on(w.host.read_via_stream(fd, u64::MAX)).unwrap();
    let err = block_on(HostInputStream::read(&mut w.host, s, 10)).unwrap_err();
    let WitStreamError::LastOperationFailed(e) =
        HostInputStream::convert_stream_error(&mut w.host, err).unwrap()
    else {
        panic!("expected last-operation-failed");
    };
    assert_eq!(
        block_on(w.host.filesystem_error_code(e)).unwrap(),
        Some(ErrorCode::Invalid)
    );
    // An error from elsewhere has no filesystem code.
    let other = w
        .host
        .table
        .push(IoError(anyhow::anyhow!("not a file")))
        .unwrap();
    assert_eq!(block_on(w.host.filesystem_error_code(other)).unwrap(), None);
    // A write stream whose write failed is closed afterwards.
    let rw = w.create("g");
    let out = block_on(w.host.write_via_stream(rw, u64::MAX)).unwrap();
    let err = block_on(HostOutputStream::write(&mut w.host, out, b"x".to_vec())).unwrap_err();
    let WitStreamError::LastOperationFailed(e) =
        HostOutputStream::convert_stream_error(&mut w.host, err).unwrap()
    else {
        panic!("expected last-operation-failed");
    };
    let c = block_on(w.host.filesystem_error_code(e)).unwrap();
    assert!(
        matches!(c, Some(ErrorCode::Invalid | ErrorCode::FileTooLarge)),
        "{c:?}"
    );
    assert!(matches!(
        block_on(HostOutputStream::check_write(&mut w.host, out)),
        Err(StreamError::Closed)
    ));
}

#[test]
fn descriptors_remember_their_flags_and_refuse_what_they_were_not_opened_for() {
    let mut w = World::writable();
    fs::write(w.sandbox("f"), "0123456789").unwrap();
    let ro = w.read_only("f");
    assert_eq!(
        block_on(w.host.get_flags(ro)).unwrap(),
        DescriptorFlags::READ
    );
    assert_eq!(code(w.write(ro, b"x", 0)), ErrorCode::BadDescriptor);
    assert_eq!(
        code(block_on(w.host.write_via_stream(ro, 0))),
        ErrorCode::BadDescriptor
    );
    assert_eq!(
        code(block_on(w.host.append_via_stream(ro))),
        ErrorCode::BadDescriptor
    );
    assert_eq!(
        code(block_on(w.host.set_size(ro, 0))),
        ErrorCode::BadDescriptor
    );
    assert_eq!(fs::read_to_string(w.sandbox("f")).unwrap(), "0123456789");

    let wo = w
        .open(w.root, "f", OpenFlags::empty(), DescriptorFlags::WRITE)
        .unwrap();
    assert_eq!(
        block_on(w.host.get_flags(wo)).unwrap(),
        DescriptorFlags::WRITE
    );
    assert_eq!(code(w.read(wo, 1, 0)), ErrorCode::BadDescriptor);
    assert_eq!(
        code(block_on(w.host.read_via_stream(wo, 0))),
        ErrorCode::BadDescriptor
    );
    assert_eq!(w.write(wo, b"ab", 0).unwrap(), 2);
    block_on(w.host.set_size(wo, 4)).unwrap();
    assert_eq!(fs::read_to_string(w.sandbox("f")).unwrap(), "ab23");

    // Neither read nor write asked: read.
    let none = w
        .open(w.root, "f", OpenFlags::empty(), DescriptorFlags::empty())
        .unwrap();
    assert_eq!(
        block_on(w.host.get_flags(none)).unwrap(),
        DescriptorFlags::READ
    );

    // The synchronisation flags are kept and honoured.
    let all_sync = DescriptorFlags::READ
        | DescriptorFlags::WRITE
        | DescriptorFlags::FILE_INTEGRITY_SYNC
        | DescriptorFlags::DATA_INTEGRITY_SYNC
        | DescriptorFlags::REQUESTED_WRITE_SYNC;
    let synced = w.open(w.root, "f", OpenFlags::empty(), all_sync).unwrap();
    assert_eq!(block_on(w.host.get_flags(synced)).unwrap(), all_sync);
    assert_eq!(w.write(synced, b"zz", 2).unwrap(), 2);
    assert_eq!(fs::read_to_string(w.sandbox("f")).unwrap(), "abzz");

    // Directories report what they may do.
    let d = w
        .open(w.root, ".", OpenFlags::DIRECTORY, DescriptorFlags::READ)
        .unwrap();
    assert_eq!(
        block_on(w.host.get_flags(d)).unwrap(),
        DescriptorFlags::READ | DescriptorFlags::MUTATE_DIRECTORY
    );
}

#[test]
fn open_flags_create_exclusive_truncate_and_directory() {
    let mut w = World::writable();
    let rw = DescriptorFlags::READ | DescriptorFlags::WRITE;
    assert_eq!(
        code(w.open(w.root, "nope", OpenFlags::empty(), rw)),
        ErrorCode::NoEntry
    );
    w.open(w.root, "new", OpenFlags::CREATE | OpenFlags::EXCLUSIVE, rw)
        .unwrap();
    assert!(w.sandbox("new").is_file());
    assert_eq!(
        code(w.open(w.root, "new", OpenFlags::CREATE | OpenFlags::EXCLUSIVE, rw)),
        ErrorCode::Exist
    );
    fs::write(w.sandbox("new"), "content").unwrap();
    w.open(w.root, "new", OpenFlags::CREATE, rw).unwrap();
    assert_eq!(
        fs::read_to_string(w.sandbox("new")).unwrap(),
        "content",
        "create alone keeps"
    );
    w.open(w.root, "new", OpenFlags::TRUNCATE, DescriptorFlags::READ)
        .unwrap();
    assert_eq!(
        fs::read_to_string(w.sandbox("new")).unwrap(),
        "",
        "truncate empties"
    );

    assert_eq!(
        code(w.open(w.root, "new", OpenFlags::DIRECTORY, DescriptorFlags::READ)),
        ErrorCode::NotDirectory
    );
    for bad in [OpenFlags::CREATE, OpenFlags::EXCLUSIVE, OpenFlags::TRUNCATE] {
        assert_eq!(
            code(w.open(
                w.root,
                "d",
                OpenFlags::DIRECTORY | bad,
                DescriptorFlags::READ
            )),
            ErrorCode::Invalid
        );
    }
    fs::create_dir(w.sandbox("d")).unwrap();
    let d = w
        .open(w.root, "d", OpenFlags::DIRECTORY, DescriptorFlags::READ)
        .unwrap();
    assert_eq!(
        block_on(w.host.get_type(d)).unwrap(),
        DescriptorType::Directory
    );
    // A directory opened without `directory` is a directory all the same.
    let d2 = w
        .open(w.root, "d", OpenFlags::empty(), DescriptorFlags::READ)
        .unwrap();
    assert_eq!(
        block_on(w.host.get_type(d2)).unwrap(),
        DescriptorType::Directory
    );
    assert_eq!(
        code(w.open(w.root, "d", OpenFlags::empty(), rw)),
        ErrorCode::IsDirectory
    );
    // Paths resolve beneath opened directories.
    let f = w.create("d/inner");
    w.write(f, b"in", 0).unwrap();
    let g = w
        .open(d, "inner", OpenFlags::empty(), DescriptorFlags::READ)
        .unwrap();
    assert_eq!(w.read(g, 10, 0).unwrap().0, b"in");
    // A file is no directory to resolve paths in.
    assert_eq!(
        code(w.open(f, "x", OpenFlags::empty(), rw)),
        ErrorCode::NotDirectory
    );
    // `..` inside the sandbox is fine.
    let h = w.open(d, "../new", OpenFlags::empty(), DescriptorFlags::READ);
    assert_eq!(
        code(h),
        ErrorCode::NotPermitted,
        "beneath `d`, `..` leaves `d`"
    );
    w.open(
        w.root,
        "d/../new",
        OpenFlags::empty(),
        DescriptorFlags::READ,
    )
    .unwrap();
}

#[cfg(unix)]
#[test]
fn open_at_follows_symlinks_only_when_asked() {
    let mut w = World::writable();
    fs::write(w.sandbox("target"), "t").unwrap();
    host_symlink("target", w.sandbox("link"));
    let fd = w.read_only("link");
    assert_eq!(w.read(fd, 5, 0).unwrap().0, b"t");
    let nofollow = block_on(w.host.open_at(
        w.root,
        PathFlags::empty(),
        "link".into(),
        OpenFlags::empty(),
        DescriptorFlags::READ,
    ));
    assert_eq!(code(nofollow), ErrorCode::Loop);
}

// ----- directories -----

#[test]
fn directories_are_created_listed_and_removed() {
    let mut w = World::writable();
    block_on(w.host.create_directory_at(w.root, "sub".into())).unwrap();
    assert!(w.sandbox("sub").is_dir());
    assert_eq!(
        code(block_on(w.host.create_directory_at(w.root, "sub".into()))),
        ErrorCode::Exist
    );
    block_on(w.host.create_directory_at(w.root, "sub/deeper".into())).unwrap();
    fs::write(w.sandbox("file"), "x").unwrap();
    #[cfg(unix)]
    host_symlink("file", w.sandbox("sym"));
    let entries = w.list(w.root);
    let mut expected = vec![
        DirectoryEntry {
            r#type: DescriptorType::RegularFile,
            name: "file".into(),
        },
        DirectoryEntry {
            r#type: DescriptorType::Directory,
            name: "sub".into(),
        },
    ];
    #[cfg(unix)]
    expected.push(DirectoryEntry {
        r#type: DescriptorType::SymbolicLink,
        name: "sym".into(),
    });
    assert_eq!(entries, expected, "no `.` or `..`, each with its type");

    // Each listing starts at the beginning.
    let s1 = block_on(w.host.read_directory(w.root)).unwrap();
    let first = block_on(w.host.read_directory_entry(s1)).unwrap().unwrap();
    let s2 = block_on(w.host.read_directory(w.root)).unwrap();
    assert_eq!(
        block_on(w.host.read_directory_entry(s2)).unwrap().unwrap(),
        first
    );

    assert_eq!(
        code(block_on(w.host.remove_directory_at(w.root, "sub".into()))),
        ErrorCode::NotEmpty
    );
    assert_eq!(
        code(block_on(w.host.unlink_file_at(w.root, "sub".into()))),
        ErrorCode::IsDirectory
    );
    assert_eq!(
        code(block_on(w.host.remove_directory_at(w.root, "file".into()))),
        ErrorCode::NotDirectory
    );
    block_on(w.host.remove_directory_at(w.root, "sub/deeper".into())).unwrap();
    block_on(w.host.remove_directory_at(w.root, "sub".into())).unwrap();
    assert!(!w.sandbox("sub").exists());
    block_on(w.host.unlink_file_at(w.root, "file".into())).unwrap();
    assert!(!w.sandbox("file").exists());
    assert_eq!(
        code(block_on(w.host.unlink_file_at(w.root, "file".into()))),
        ErrorCode::NoEntry
    );
    // Directory methods on a file, file methods on a directory.
    let f = w.create("f");
    assert_eq!(
        code(block_on(w.host.read_directory(f))),
        ErrorCode::NotDirectory
    );
    assert_eq!(
        code(block_on(w.host.create_directory_at(f, "x".into()))),
        ErrorCode::NotDirectory
    );
    assert_eq!(code(w.read(w.root, 1, 0)), ErrorCode::BadDescriptor);
    assert_eq!(code(w.write(w.root, b"x", 0)), ErrorCode::BadDescriptor);
    assert_eq!(
        code(block_on(w.host.read_via_stream(w.root, 0))),
        ErrorCode::BadDescriptor
    );
    assert_eq!(
        code(block_on(w.host.set_size(w.root, 0))),
        ErrorCode::BadDescriptor
    );
    assert_eq!(
        code(block_on(w.host.advise(w.root, 0, 0, Advice::Normal))),
        ErrorCode::BadDescriptor
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_name_that_is_not_unicode_is_an_error_entry_and_the_listing_goes_on() {
    use std::os::unix::ffi::OsStrExt;
    let mut w = World::writable();
    fs::write(w.sandbox("ok"), "").unwrap();
    fs::write(
        w.sandbox("").join(std::ffi::OsStr::from_bytes(b"bad\xff")),
        "",
    )
    .unwrap();
    let stream = block_on(w.host.read_directory(w.root)).unwrap();
    let mut names = Vec::new();
    let mut errors = Vec::new();
    for _ in 0..3 {
        match block_on(w.host.read_directory_entry(stream)) {
            Ok(Some(e)) => names.push(e.name),
            Ok(None) => break,
            Err(e) => errors.push(code::<()>(Err(e))),
        }
    }
    assert_eq!(names, ["ok"]);
    assert_eq!(errors, [ErrorCode::IllegalByteSequence]);
    assert_eq!(block_on(w.host.read_directory_entry(stream)).unwrap(), None);
}

// ----- metadata -----

#[test]
fn stat_reports_types_sizes_links_and_timestamps() {
    let mut w = World::writable();
    fs::write(w.sandbox("f"), "12345").unwrap();
    fs::create_dir(w.sandbox("d")).unwrap();
    let before = SystemTime::now() - Duration::from_secs(5);
    let st = w.stat_at(true, "f").unwrap();
    assert_eq!(st.r#type, DescriptorType::RegularFile);
    assert_eq!(st.size, 5);
    assert_eq!(st.link_count, 1);
    let mtime = st.data_modification_timestamp.expect("mtime");
    assert!(
        mtime.seconds
            >= before
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap()
                .as_secs()
    );
    assert!(mtime.nanoseconds < 1_000_000_000);
    assert!(st.data_access_timestamp.is_some());
    #[cfg(unix)]
    assert!(st.status_change_timestamp.is_some());
    assert_eq!(
        w.stat_at(true, "d").unwrap().r#type,
        DescriptorType::Directory
    );
    assert_eq!(
        block_on(w.host.stat(w.root)).unwrap().r#type,
        DescriptorType::Directory
    );
    assert_eq!(code(w.stat_at(true, "missing")), ErrorCode::NoEntry);
    assert_eq!(code(w.stat_at(true, "f/x")), ErrorCode::NotDirectory);
    #[cfg(unix)]
    {
        host_symlink("f", w.sandbox("l"));
        assert_eq!(
            w.stat_at(true, "l").unwrap().r#type,
            DescriptorType::RegularFile
        );
        let link = w.stat_at(false, "l").unwrap();
        assert_eq!(link.r#type, DescriptorType::SymbolicLink);
        assert_eq!(link.size, 1, "a link's size is its target's length");
        host_symlink("nowhere", w.sandbox("dangling"));
        assert_eq!(code(w.stat_at(true, "dangling")), ErrorCode::NoEntry);
        assert_eq!(
            w.stat_at(false, "dangling").unwrap().r#type,
            DescriptorType::SymbolicLink
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn special_files_have_their_types() {
    let mut w = World::writable();
    let fifo = w.sandbox("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let sock = w.sandbox("sock");
    let _listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
    assert_eq!(
        w.stat_at(false, "fifo").unwrap().r#type,
        DescriptorType::Fifo
    );
    assert_eq!(
        w.stat_at(false, "sock").unwrap().r#type,
        DescriptorType::Socket
    );
    let types: Vec<_> = w
        .list(w.root)
        .into_iter()
        .map(|e| (e.name, e.r#type))
        .collect();
    assert_eq!(
        types,
        [
            ("fifo".to_string(), DescriptorType::Fifo),
            ("sock".to_string(), DescriptorType::Socket)
        ]
    );
    // Opening a FIFO with no writer does not hang the host.
    let fd = w.read_only("fifo");
    assert_eq!(block_on(w.host.get_type(fd)).unwrap(), DescriptorType::Fifo);
}

fn dt(seconds: u64, nanoseconds: u32) -> NewTimestamp {
    NewTimestamp::Timestamp(Datetime {
        seconds,
        nanoseconds,
    })
}

fn mtime_of(path: &Path) -> SystemTime {
    fs::symlink_metadata(path).unwrap().modified().unwrap()
}

fn atime_of(path: &Path) -> SystemTime {
    fs::symlink_metadata(path).unwrap().accessed().unwrap()
}

fn at(seconds: u64, nanos: u32) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::new(seconds, nanos)
}

#[test]
fn timestamps_are_set_left_alone_or_set_to_now() {
    let mut w = World::writable();
    let fd = w.create("f");
    block_on(
        w.host
            .set_times(fd, dt(1_000_000_000, 5_000), dt(1_500_000_000, 123_456_789)),
    )
    .unwrap();
    assert_eq!(atime_of(&w.sandbox("f")), at(1_000_000_000, 5_000));
    assert_eq!(mtime_of(&w.sandbox("f")), at(1_500_000_000, 123_456_789));
    let st = block_on(w.host.stat(fd)).unwrap();
    assert_eq!(
        st.data_modification_timestamp,
        Some(Datetime {
            seconds: 1_500_000_000,
            nanoseconds: 123_456_789
        })
    );
    // No change keeps one, now sets the other near the current time.
    block_on(
        w.host
            .set_times(fd, NewTimestamp::NoChange, NewTimestamp::Now),
    )
    .unwrap();
    assert_eq!(atime_of(&w.sandbox("f")), at(1_000_000_000, 5_000));
    let age = SystemTime::now()
        .duration_since(mtime_of(&w.sandbox("f")))
        .unwrap_or_default();
    assert!(age < Duration::from_secs(60), "{age:?}");

    // Now and now: both near the current time, through the descriptor's stat.
    block_on(
        w.host
            .set_times(fd, dt(2_000_000_000, 0), dt(1_500_000_000, 0)),
    )
    .unwrap();
    block_on(w.host.set_times(fd, NewTimestamp::Now, NewTimestamp::Now)).unwrap();
    let st = block_on(w.host.stat(fd)).unwrap();
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    for t in [st.data_access_timestamp, st.data_modification_timestamp] {
        let t = t.unwrap().seconds;
        assert!(t.abs_diff(now) < 60, "{t} is not now ({now})");
    }

    // Every combination is accepted, on files and directories.
    let all = [
        NewTimestamp::NoChange,
        NewTimestamp::Now,
        dt(1_000_000_002, 7),
    ];
    for a in all {
        for m in all {
            block_on(w.host.set_times(fd, a, m)).unwrap_or_else(|e| panic!("{a:?} {m:?}: {e}"));
            block_on(w.host.set_times(w.root, a, m)).unwrap_or_else(|e| panic!("{a:?} {m:?}: {e}"));
            block_on(
                w.host
                    .set_times_at(w.root, PathFlags::empty(), "f".into(), a, m),
            )
            .unwrap_or_else(|e| panic!("{a:?} {m:?}: {e}"));
        }
    }

    // Through paths, on files and directories.
    fs::create_dir(w.sandbox("d")).unwrap();
    block_on(w.host.set_times_at(
        w.root,
        PathFlags::SYMLINK_FOLLOW,
        "d".into(),
        NewTimestamp::NoChange,
        dt(1_234_567_890, 0),
    ))
    .unwrap();
    assert_eq!(mtime_of(&w.sandbox("d")), at(1_234_567_890, 0));
    let d = w
        .open(w.root, "d", OpenFlags::DIRECTORY, DescriptorFlags::READ)
        .unwrap();
    block_on(
        w.host
            .set_times(d, NewTimestamp::NoChange, dt(1_111_111_111, 0)),
    )
    .unwrap();
    assert_eq!(mtime_of(&w.sandbox("d")), at(1_111_111_111, 0));
    block_on(
        w.host
            .set_times(w.root, dt(1_222_222_222, 0), dt(1_333_333_333, 0)),
    )
    .unwrap();
    assert_eq!(
        mtime_of(&w.sandbox("")),
        at(1_333_333_333, 0),
        "the preopen itself"
    );
    assert_eq!(atime_of(&w.sandbox("")), at(1_222_222_222, 0));
    #[cfg(unix)]
    {
        host_symlink("f", w.sandbox("l"));
        block_on(w.host.set_times_at(
            w.root,
            PathFlags::empty(),
            "l".into(),
            NewTimestamp::NoChange,
            dt(1_000_000_001, 0),
        ))
        .unwrap();
        assert_eq!(
            mtime_of(&w.sandbox("l")),
            at(1_000_000_001, 0),
            "the link itself"
        );
        assert_ne!(mtime_of(&w.sandbox("f")), at(1_000_000_001, 0));
    }

    // Hostile timestamps: errors, no panic, nothing changed.
    let before = mtime_of(&w.sandbox("f"));
    assert_eq!(
        code(block_on(w.host.set_times(
            fd,
            NewTimestamp::NoChange,
            dt(0, 1_000_000_000)
        ))),
        ErrorCode::Invalid
    );
    assert_eq!(
        code(block_on(w.host.set_times(
            fd,
            NewTimestamp::NoChange,
            dt(u64::MAX, 999_999_999)
        ))),
        ErrorCode::Overflow
    );
    assert_eq!(
        code(block_on(w.host.set_times_at(
            w.root,
            PathFlags::empty(),
            "f".into(),
            dt(u64::MAX, u32::MAX),
            NewTimestamp::Now,
        ))),
        ErrorCode::Invalid
    );
    assert_eq!(mtime_of(&w.sandbox("f")), before);
}

#[test]
fn same_object_and_metadata_hashes() {
    let mut w = World::writable();
    fs::write(w.sandbox("a"), "a").unwrap();
    fs::write(w.sandbox("b"), "b").unwrap();
    let a1 = w.read_only("a");
    let a2 = w.read_only("a");
    let b = w.read_only("b");
    assert!(block_on(w.host.is_same_object(a1, a2)).unwrap());
    assert!(!block_on(w.host.is_same_object(a1, b)).unwrap());
    assert!(!block_on(w.host.is_same_object(a1, w.root)).unwrap());
    let ha = block_on(w.host.metadata_hash(a1)).unwrap();
    assert_eq!(block_on(w.host.metadata_hash(a2)).unwrap(), ha);
    assert_ne!(block_on(w.host.metadata_hash(b)).unwrap(), ha);
    assert_ne!(ha.lower, ha.upper);
    assert_eq!(
        block_on(
            w.host
                .metadata_hash_at(w.root, PathFlags::empty(), "a".into())
        )
        .unwrap(),
        ha
    );
    // Modifying a file keeps its hash; another file under its name changes it.
    fs::write(w.sandbox("a"), "changed").unwrap();
    assert_eq!(block_on(w.host.metadata_hash(a1)).unwrap(), ha);
    fs::remove_file(w.sandbox("a")).unwrap();
    fs::rename(w.sandbox("b"), w.sandbox("a")).unwrap();
    assert_ne!(
        block_on(
            w.host
                .metadata_hash_at(w.root, PathFlags::empty(), "a".into())
        )
        .unwrap(),
        ha
    );
    assert_eq!(
        code(block_on(w.host.metadata_hash_at(
            w.root,
            PathFlags::empty(),
            "gone".into()
        ))),
        ErrorCode::NoEntry
    );
}

#[test]
fn sync_advise_and_set_size() {
    let mut w = World::writable();
    let fd = w.create("f");
    w.write(fd, b"0123456789", 0).unwrap();
    block_on(w.host.sync(fd)).unwrap();
    block_on(w.host.sync_data(fd)).unwrap();
    block_on(w.host.sync(w.root)).unwrap();
    block_on(w.host.sync_data(w.root)).unwrap();
    for advice in [
        Advice::Normal,
        Advice::Sequential,
        Advice::Random,
        Advice::WillNeed,
        Advice::DontNeed,
        Advice::NoReuse,
    ] {
        block_on(w.host.advise(fd, 0, 10, advice)).unwrap();
    }
    // Absurd ranges: an error code or nothing, never a trap.
    match block_on(w.host.advise(fd, u64::MAX, u64::MAX, Advice::Normal)) {
        Ok(()) | Err(FsError::Code(_)) => {}
        Err(e) => panic!("{e}"),
    }
    block_on(w.host.set_size(fd, 4)).unwrap();
    assert_eq!(fs::read(w.sandbox("f")).unwrap(), b"0123");
    block_on(w.host.set_size(fd, 6)).unwrap();
    assert_eq!(fs::read(w.sandbox("f")).unwrap(), b"0123\0\0");
}

// ----- links and renames -----

#[test]
fn hard_links_and_renames_inside_the_sandbox() {
    let mut w = World::writable();
    fs::write(w.sandbox("f"), "x").unwrap();
    fs::create_dir(w.sandbox("d")).unwrap();
    let d = w
        .open(w.root, "d", OpenFlags::DIRECTORY, DescriptorFlags::READ)
        .unwrap();
    block_on(
        w.host
            .link_at(w.root, PathFlags::empty(), "f".into(), d, "g".into()),
    )
    .unwrap();
    assert_eq!(fs::read_to_string(w.sandbox("d/g")).unwrap(), "x");
    assert_eq!(w.stat_at(false, "f").unwrap().link_count, 2);
    assert_eq!(
        code(block_on(w.host.link_at(
            w.root,
            PathFlags::empty(),
            "f".into(),
            d,
            "g".into()
        ))),
        ErrorCode::Exist
    );
    assert_eq!(
        code(block_on(w.host.link_at(
            w.root,
            PathFlags::empty(),
            "none".into(),
            d,
            "h".into()
        ))),
        ErrorCode::NoEntry
    );
    let c = code(block_on(w.host.link_at(
        w.root,
        PathFlags::empty(),
        "d".into(),
        w.root,
        "d2".into(),
    )));
    assert!(
        matches!(c, ErrorCode::NotPermitted | ErrorCode::Access),
        "{c:?}"
    );
    // Following a path that is no link changes nothing.
    block_on(w.host.link_at(
        w.root,
        PathFlags::SYMLINK_FOLLOW,
        "f".into(),
        w.root,
        "f2".into(),
    ))
    .unwrap();
    assert_eq!(w.stat_at(false, "f").unwrap().link_count, 3);

    block_on(w.host.rename_at(w.root, "f".into(), d, "moved".into())).unwrap();
    assert!(!w.sandbox("f").exists());
    assert_eq!(fs::read_to_string(w.sandbox("d/moved")).unwrap(), "x");
    block_on(w.host.rename_at(d, "moved".into(), w.root, "back".into())).unwrap();
    assert!(w.sandbox("back").is_file());
    assert_eq!(
        code(block_on(w.host.rename_at(
            w.root,
            "missing".into(),
            w.root,
            "x".into()
        ))),
        ErrorCode::NoEntry
    );
    fs::create_dir(w.sandbox("full")).unwrap();
    fs::write(w.sandbox("full/x"), "").unwrap();
    assert_eq!(
        code(block_on(w.host.rename_at(
            w.root,
            "d".into(),
            w.root,
            "full".into()
        ))),
        ErrorCode::NotEmpty
    );
}

#[cfg(unix)]
#[test]
fn symlinks_are_made_and_read_inside_the_sandbox() {
    let mut w = World::writable();
    fs::create_dir(w.sandbox("d")).unwrap();
    fs::write(w.sandbox("t"), "target").unwrap();
    block_on(w.host.symlink_at(w.root, "t".into(), "l".into())).unwrap();
    assert_eq!(fs::read_link(w.sandbox("l")).unwrap(), Path::new("t"));
    assert_eq!(
        block_on(w.host.readlink_at(w.root, "l".into())).unwrap(),
        "t"
    );
    block_on(w.host.symlink_at(w.root, "../t".into(), "d/up".into())).unwrap();
    assert_eq!(fs::read_to_string(w.sandbox("d/up")).unwrap(), "target");
    block_on(w.host.symlink_at(w.root, "dangling".into(), "dl".into())).unwrap();
    assert_eq!(
        code(block_on(w.host.symlink_at(w.root, "t".into(), "l".into()))),
        ErrorCode::Exist
    );
    assert_eq!(
        code(block_on(w.host.readlink_at(w.root, "t".into()))),
        ErrorCode::Invalid
    );
    // Unlinking a link removes the link, not its target.
    block_on(w.host.unlink_file_at(w.root, "l".into())).unwrap();
    assert!(!w.sandbox("l").exists() && w.sandbox("t").exists());
    // Hard links through a symlink with follow: not supported (no way to
    // resolve it beneath the directory); the link itself is untouched.
    block_on(w.host.symlink_at(w.root, "t".into(), "l2".into())).unwrap();
    assert_eq!(
        code(block_on(w.host.link_at(
            w.root,
            PathFlags::SYMLINK_FOLLOW,
            "l2".into(),
            w.root,
            "h".into()
        ))),
        ErrorCode::Unsupported
    );
    block_on(
        w.host
            .link_at(w.root, PathFlags::empty(), "l2".into(), w.root, "h".into()),
    )
    .unwrap();
    assert!(fs::symlink_metadata(w.sandbox("h"))
        .unwrap()
        .file_type()
        .is_symlink());
}

// ----- the sandbox -----

#[test]
fn dot_dot_cannot_leave_the_preopen() {
    let mut w = World::writable();
    fs::create_dir(w.sandbox("sub")).unwrap();
    let rw = DescriptorFlags::READ | DescriptorFlags::WRITE;
    for path in [
        "..",
        "../outside/secret.txt",
        "sub/../../outside/secret.txt",
        "sub/../..",
        "./../outside",
    ] {
        assert_eq!(
            code(w.open(w.root, path, OpenFlags::empty(), DescriptorFlags::READ)),
            ErrorCode::NotPermitted,
            "open {path}"
        );
        assert_eq!(
            code(w.stat_at(true, path)),
            ErrorCode::NotPermitted,
            "stat {path}"
        );
    }
    assert_eq!(
        code(w.open(w.root, "../outside/new", OpenFlags::CREATE, rw)),
        ErrorCode::NotPermitted
    );
    assert_eq!(
        code(w.open(w.root, "../outside/secret.txt", OpenFlags::TRUNCATE, rw)),
        ErrorCode::NotPermitted
    );
    assert_eq!(
        code(block_on(
            w.host.create_directory_at(w.root, "../outside/evil".into())
        )),
        ErrorCode::NotPermitted
    );
    assert_eq!(
        code(block_on(
            w.host
                .unlink_file_at(w.root, "../outside/secret.txt".into())
        )),
        ErrorCode::NotPermitted
    );
    assert_eq!(
        code(block_on(
            w.host.remove_directory_at(w.root, "../outside".into())
        )),
        ErrorCode::NotPermitted
    );
    assert_eq!(
        code(block_on(w.host.set_times_at(
            w.root,
            PathFlags::SYMLINK_FOLLOW,
            "../outside/secret.txt".into(),
            dt(1, 0),
            dt(1, 0),
        ))),
        ErrorCode::NotPermitted
    );
    assert_eq!(
        code(block_on(w.host.readlink_at(w.root, "../outside".into()))),
        ErrorCode::NotPermitted
    );
    assert_eq!(
        code(block_on(w.host.metadata_hash_at(
            w.root,
            PathFlags::empty(),
            "..".into()
        ))),
        ErrorCode::NotPermitted
    );
    // A subdirectory's descriptor is a sandbox of its own.
    let sub = w
        .open(w.root, "sub", OpenFlags::DIRECTORY, DescriptorFlags::READ)
        .unwrap();
    assert_eq!(
        code(w.open(sub, "..", OpenFlags::empty(), DescriptorFlags::READ)),
        ErrorCode::NotPermitted
    );
    w.assert_outside_untouched();
}

#[test]
fn absolute_paths_are_not_permitted() {
    let mut w = World::writable();
    fs::write(w.sandbox("inside"), "in").unwrap();
    let secret = w.outside().join("secret.txt").to_str().unwrap().to_owned();
    let inside = w.sandbox("inside").to_str().unwrap().to_owned();
    for path in [secret.as_str(), inside.as_str(), "/", "/etc/passwd"] {
        assert_eq!(
            code(w.open(w.root, path, OpenFlags::empty(), DescriptorFlags::READ)),
            ErrorCode::NotPermitted,
            "open {path}"
        );
        assert_eq!(
            code(w.stat_at(false, path)),
            ErrorCode::NotPermitted,
            "stat {path}"
        );
    }
    let new_abs = w.outside().join("new").to_str().unwrap().to_owned();
    assert_eq!(
        code(w.open(
            w.root,
            &new_abs,
            OpenFlags::CREATE,
            DescriptorFlags::READ | DescriptorFlags::WRITE
        )),
        ErrorCode::NotPermitted
    );
    assert_eq!(
        code(block_on(
            w.host.create_directory_at(w.root, new_abs.clone())
        )),
        ErrorCode::NotPermitted
    );
    assert_eq!(
        code(block_on(w.host.unlink_file_at(w.root, secret.clone()))),
        ErrorCode::NotPermitted
    );
    assert_eq!(
        code(block_on(w.host.rename_at(
            w.root,
            "inside".into(),
            w.root,
            new_abs.clone()
        ))),
        ErrorCode::NotPermitted
    );
    assert_eq!(
        code(block_on(w.host.link_at(
            w.root,
            PathFlags::empty(),
            secret.clone(),
            w.root,
            "x".into()
        ))),
        ErrorCode::NotPermitted
    );
    assert_eq!(
        code(block_on(w.host.symlink_at(
            w.root,
            secret.clone(),
            "abs".into()
        ))),
        ErrorCode::NotPermitted
    );
    assert!(
        fs::symlink_metadata(w.sandbox("abs")).is_err(),
        "no link was made"
    );
    assert!(w.sandbox("inside").exists());
    w.assert_outside_untouched();
}

#[cfg(unix)]
#[test]
fn a_symlink_pointing_outside_cannot_be_followed_but_can_be_read() {
    let mut w = World::writable();
    host_symlink("../outside", w.sandbox("escape"));
    host_symlink(w.outside().join("secret.txt"), w.sandbox("abs"));
    let rw = DescriptorFlags::READ | DescriptorFlags::WRITE;
    for path in ["escape", "escape/secret.txt", "abs"] {
        assert_eq!(
            code(w.open(w.root, path, OpenFlags::empty(), DescriptorFlags::READ)),
            ErrorCode::NotPermitted,
            "open {path}"
        );
        assert_eq!(
            code(w.stat_at(true, path)),
            ErrorCode::NotPermitted,
            "stat {path}"
        );
    }
    assert_eq!(
        code(w.open(w.root, "escape/new", OpenFlags::CREATE, rw)),
        ErrorCode::NotPermitted
    );
    assert_eq!(
        code(w.open(w.root, "abs", OpenFlags::TRUNCATE, rw)),
        ErrorCode::NotPermitted
    );
    assert_eq!(
        code(block_on(
            w.host.create_directory_at(w.root, "escape/evil".into())
        )),
        ErrorCode::NotPermitted
    );
    assert_eq!(
        code(block_on(
            w.host.unlink_file_at(w.root, "escape/secret.txt".into())
        )),
        ErrorCode::NotPermitted
    );
    assert_eq!(
        code(block_on(w.host.set_times_at(
            w.root,
            PathFlags::SYMLINK_FOLLOW,
            "abs".into(),
            dt(1, 0),
            dt(1, 0),
        ))),
        ErrorCode::NotPermitted
    );
    assert_eq!(
        code(block_on(w.host.metadata_hash_at(
            w.root,
            PathFlags::SYMLINK_FOLLOW,
            "escape".into()
        ))),
        ErrorCode::NotPermitted
    );
    // The links themselves are inside: stat without following, readlink
    // of the relative one, listing, and removing them are fine.
    assert_eq!(
        w.stat_at(false, "escape").unwrap().r#type,
        DescriptorType::SymbolicLink
    );
    assert_eq!(
        block_on(w.host.readlink_at(w.root, "escape".into())).unwrap(),
        "../outside"
    );
    // An absolute target is not told (it names the host's layout).
    assert_eq!(
        code(block_on(w.host.readlink_at(w.root, "abs".into()))),
        ErrorCode::NotPermitted
    );
    assert_eq!(w.list(w.root).len(), 2);
    block_on(w.host.unlink_file_at(w.root, "abs".into())).unwrap();
    assert!(fs::symlink_metadata(w.sandbox("abs")).is_err());
    w.assert_outside_untouched();
}

#[cfg(unix)]
#[test]
fn a_directory_swapped_for_a_symlink_between_operations_does_not_lead_out() {
    let mut w = World::writable();
    fs::create_dir(w.sandbox("sub")).unwrap();
    fs::write(w.sandbox("sub/secret.txt"), "inside").unwrap();
    let sub = w
        .open(w.root, "sub", OpenFlags::DIRECTORY, DescriptorFlags::READ)
        .unwrap();
    let f = w.read_only("sub/secret.txt");
    assert_eq!(w.read(f, 10, 0).unwrap().0, b"inside");

    // The host (or another process) swaps `sub` for a link to the outside.
    fs::rename(w.sandbox("sub"), w.sandbox("moved")).unwrap();
    host_symlink(w.outside(), w.sandbox("sub"));
    assert_eq!(
        code(w.open(
            w.root,
            "sub/secret.txt",
            OpenFlags::empty(),
            DescriptorFlags::READ
        )),
        ErrorCode::NotPermitted
    );
    assert_eq!(
        code(w.open(
            w.root,
            "sub/new",
            OpenFlags::CREATE,
            DescriptorFlags::READ | DescriptorFlags::WRITE
        )),
        ErrorCode::NotPermitted
    );
    assert_eq!(
        code(w.stat_at(true, "sub/secret.txt")),
        ErrorCode::NotPermitted
    );
    // A relative link to the outside, the same.
    fs::remove_file(w.sandbox("sub")).unwrap();
    host_symlink("../outside", w.sandbox("sub"));
    assert_eq!(
        code(block_on(w.host.rename_at(
            w.root,
            "moved/secret.txt".into(),
            w.root,
            "sub/stolen".into()
        ))),
        ErrorCode::NotPermitted
    );
    // The descriptor opened before the swap still names the moved
    // directory, inside the sandbox.
    let g = w
        .open(sub, "secret.txt", OpenFlags::empty(), DescriptorFlags::READ)
        .unwrap();
    assert_eq!(w.read(g, 10, 0).unwrap().0, b"inside");
    assert_eq!(
        code(w.open(
            sub,
            "../outside/secret.txt",
            OpenFlags::empty(),
            DescriptorFlags::READ
        )),
        ErrorCode::NotPermitted
    );
    w.assert_outside_untouched();
}

#[test]
fn hard_links_and_renames_cannot_reach_outside() {
    let mut w = World::writable();
    fs::write(w.sandbox("mine"), "mine").unwrap();
    #[cfg(unix)]
    host_symlink("../outside", w.sandbox("escape"));
    let attempts: Vec<(&str, &str)> = vec![
        ("../outside/secret.txt", "stolen"),
        ("mine", "../outside/planted"),
        #[cfg(unix)]
        ("escape/secret.txt", "stolen"),
        #[cfg(unix)]
        ("mine", "escape/planted"),
    ];
    for (old, new) in &attempts {
        assert_eq!(
            code(block_on(w.host.link_at(
                w.root,
                PathFlags::empty(),
                old.to_string(),
                w.root,
                new.to_string()
            ))),
            ErrorCode::NotPermitted,
            "link {old} -> {new}"
        );
        assert_eq!(
            code(block_on(w.host.rename_at(
                w.root,
                old.to_string(),
                w.root,
                new.to_string()
            ))),
            ErrorCode::NotPermitted,
            "rename {old} -> {new}"
        );
    }
    assert!(!w.sandbox("stolen").exists());
    assert_eq!(fs::read_to_string(w.sandbox("mine")).unwrap(), "mine");
    w.assert_outside_untouched();
}

#[cfg(unix)]
#[test]
fn symlinks_made_by_the_guest_cannot_point_outside() {
    let mut w = World::writable();
    fs::create_dir(w.sandbox("d")).unwrap();
    let abs = w.outside().join("secret.txt").to_str().unwrap().to_owned();
    for (target, link) in [
        (abs.as_str(), "l1"),
        ("/", "l2"),
        ("..", "l3"),
        ("../outside/secret.txt", "l4"),
        ("d/../../outside", "l5"),
        ("../../outside", "d/l6"),
    ] {
        assert_eq!(
            code(block_on(w.host.symlink_at(
                w.root,
                target.into(),
                link.into()
            ))),
            ErrorCode::NotPermitted,
            "{link} -> {target}"
        );
        assert!(
            fs::symlink_metadata(w.sandbox(link)).is_err(),
            "{link} was made"
        );
    }
    // Beneath a subdirectory's descriptor, its own parent is outside.
    let d = w
        .open(w.root, "d", OpenFlags::DIRECTORY, DescriptorFlags::READ)
        .unwrap();
    assert_eq!(
        code(block_on(w.host.symlink_at(d, "../x".into(), "l".into()))),
        ErrorCode::NotPermitted
    );
    block_on(w.host.symlink_at(d, "x".into(), "l".into())).unwrap();
    w.assert_outside_untouched();
}

#[test]
fn a_read_only_preopen_refuses_every_mutation() {
    let mut w = World::new(DirPerms::READ, FilePerms::READ);
    fs::write(w.sandbox("f"), "original").unwrap();
    fs::create_dir(w.sandbox("d")).unwrap();
    #[cfg(unix)]
    host_symlink("f", w.sandbox("l"));
    let snapshot = |w: &World| {
        let mut names: Vec<_> = fs::read_dir(w.sandbox(""))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        (
            names,
            fs::read_to_string(w.sandbox("f")).unwrap(),
            mtime_of(&w.sandbox("f")),
        )
    };
    let before = snapshot(&w);
    assert_eq!(
        block_on(w.host.get_flags(w.root)).unwrap(),
        DescriptorFlags::READ
    );

    let np = ErrorCode::NotPermitted;
    let rw = DescriptorFlags::READ | DescriptorFlags::WRITE;
    assert_eq!(
        code(w.open(w.root, "new", OpenFlags::CREATE, DescriptorFlags::READ)),
        np
    );
    assert_eq!(code(w.open(w.root, "f", OpenFlags::empty(), rw)), np);
    assert_eq!(
        code(w.open(w.root, "f", OpenFlags::empty(), DescriptorFlags::WRITE)),
        np
    );
    assert_eq!(
        code(w.open(w.root, "f", OpenFlags::TRUNCATE, DescriptorFlags::READ)),
        np
    );
    assert_eq!(
        code(block_on(w.host.create_directory_at(w.root, "nd".into()))),
        np
    );
    assert_eq!(
        code(block_on(w.host.unlink_file_at(w.root, "f".into()))),
        np
    );
    assert_eq!(
        code(block_on(w.host.remove_directory_at(w.root, "d".into()))),
        np
    );
    assert_eq!(
        code(block_on(w.host.rename_at(
            w.root,
            "f".into(),
            w.root,
            "g".into()
        ))),
        np
    );
    assert_eq!(
        code(block_on(w.host.symlink_at(w.root, "f".into(), "s".into()))),
        np
    );
    assert_eq!(
        code(block_on(w.host.link_at(
            w.root,
            PathFlags::empty(),
            "f".into(),
            w.root,
            "h".into()
        ))),
        np
    );
    assert_eq!(
        code(block_on(w.host.set_times_at(
            w.root,
            PathFlags::empty(),
            "f".into(),
            dt(1, 0),
            dt(1, 0)
        ))),
        np
    );
    assert_eq!(
        code(block_on(w.host.set_times(w.root, dt(1, 0), dt(1, 0)))),
        np
    );

    // Files opened for reading: reads work, every write is refused.
    let fd = w.read_only("f");
    assert_eq!(w.read(fd, 100, 0).unwrap().0, b"original");
    assert_eq!(code(w.write(fd, b"x", 0)), np);
    assert_eq!(code(block_on(w.host.set_size(fd, 0))), np);
    assert_eq!(code(block_on(w.host.set_times(fd, dt(1, 0), dt(1, 0)))), np);
    assert_eq!(
        code(block_on(w.host.write_via_stream(fd, 0))),
        ErrorCode::BadDescriptor
    );
    assert_eq!(
        code(block_on(w.host.append_via_stream(fd))),
        ErrorCode::BadDescriptor
    );
    // Subdirectories inherit the permissions.
    let d = w
        .open(w.root, "d", OpenFlags::DIRECTORY, DescriptorFlags::READ)
        .unwrap();
    assert_eq!(
        code(block_on(w.host.create_directory_at(d, "x".into()))),
        np
    );
    assert_eq!(code(w.open(d, "x", OpenFlags::CREATE, rw)), np);
    // Asking a read-only directory for mutate-directory is no error: it
    // is just not granted.
    let d2 = w
        .open(
            w.root,
            "d",
            OpenFlags::DIRECTORY,
            DescriptorFlags::READ | DescriptorFlags::MUTATE_DIRECTORY,
        )
        .unwrap();
    assert_eq!(
        block_on(w.host.get_flags(d2)).unwrap(),
        DescriptorFlags::READ
    );
    // Reading and looking around is allowed.
    assert!(w.stat_at(true, "f").is_ok());
    assert_eq!(w.list(w.root).len(), before.0.len());
    assert_eq!(snapshot(&w), before, "the read-only tree changed");
}

#[test]
fn file_and_directory_permissions_are_separate() {
    // Mutable directory, read-only files: no file is written, created or
    // truncated, but entries may be renamed and removed.
    let mut w = World::new(DirPerms::all(), FilePerms::READ);
    fs::write(w.sandbox("f"), "keep").unwrap();
    let np = ErrorCode::NotPermitted;
    let rw = DescriptorFlags::READ | DescriptorFlags::WRITE;
    assert_eq!(code(w.open(w.root, "f", OpenFlags::empty(), rw)), np);
    assert_eq!(
        code(w.open(w.root, "n", OpenFlags::CREATE, DescriptorFlags::READ)),
        np
    );
    assert_eq!(
        code(w.open(w.root, "f", OpenFlags::TRUNCATE, DescriptorFlags::READ)),
        np
    );
    block_on(w.host.create_directory_at(w.root, "d".into())).unwrap();
    block_on(w.host.rename_at(w.root, "f".into(), w.root, "g".into())).unwrap();
    assert_eq!(fs::read_to_string(w.sandbox("g")).unwrap(), "keep");

    // A directory that may not be read: nothing listed, opened or stated.
    let mut w = World::new(DirPerms::MUTATE, FilePerms::all());
    fs::write(w.sandbox("f"), "x").unwrap();
    assert_eq!(code(block_on(w.host.read_directory(w.root))), np);
    assert_eq!(
        code(w.open(w.root, "f", OpenFlags::empty(), DescriptorFlags::READ)),
        np
    );
    assert_eq!(code(w.stat_at(true, "f")), np);
    assert_eq!(code(block_on(w.host.readlink_at(w.root, "f".into()))), np);
    assert_eq!(
        block_on(w.host.get_flags(w.root)).unwrap(),
        DescriptorFlags::MUTATE_DIRECTORY
    );
    block_on(w.host.create_directory_at(w.root, "d".into())).unwrap();
    assert!(w.sandbox("d").is_dir());
}

#[test]
fn hostile_arguments_are_errors_or_traps_never_panics() {
    let mut w = World::writable();
    fs::write(w.sandbox("f"), "x").unwrap();
    // Paths with NUL bytes, empty paths, very long names.
    assert_eq!(
        code(w.open(w.root, "a\0b", OpenFlags::empty(), DescriptorFlags::READ)),
        ErrorCode::Invalid
    );
    assert_eq!(
        code(block_on(w.host.create_directory_at(w.root, "x\0".into()))),
        ErrorCode::Invalid
    );
    assert_eq!(
        code(w.open(w.root, "", OpenFlags::empty(), DescriptorFlags::READ)),
        ErrorCode::NoEntry
    );
    let long = "n".repeat(10_000);
    assert_eq!(code(w.stat_at(true, &long)), ErrorCode::NameTooLong);
    let deep = "a/".repeat(5_000);
    assert!(w.stat_at(true, &deep).is_err());

    // Handles that name nothing, or something of another type: traps.
    let bogus = Resource::<Descriptor>::new_borrow(10_000);
    assert!(trapped(block_on(w.host.stat(bogus))));
    assert!(trapped(w.read(bogus, 1, 0)));
    assert!(trapped(w.open(
        bogus,
        "f",
        OpenFlags::empty(),
        DescriptorFlags::READ
    )));
    assert!(block_on(w.host.is_same_object(bogus, w.root)).is_err());
    let stream = block_on(w.host.read_directory(w.root)).unwrap();
    let wrong = Resource::<Descriptor>::new_borrow(stream.rep());
    assert!(trapped(block_on(w.host.get_flags(wrong))));
    assert!(trapped(block_on(
        w.host
            .read_directory_entry(Resource::new_borrow(w.root.rep()))
    )));
    assert!(block_on(HostDescriptor::drop(&mut w.host, Resource::new_own(10_000))).is_err());
    assert!(trapped(block_on(w.host.rename_at(
        w.root,
        "f".into(),
        bogus,
        "g".into()
    ))));
    assert!(w.sandbox("f").exists());
    // A dropped descriptor is gone.
    let fd = w.read_only("f");
    block_on(HostDescriptor::drop(&mut w.host, fd)).unwrap();
    assert!(trapped(w.read(fd, 1, 0)));
    // `convert_error_code` turns codes into codes and traps into traps.
    assert_eq!(
        HostDescriptor::convert_error_code(&mut w.host, ErrorCode::Busy.into()).unwrap(),
        ErrorCode::Busy
    );
    assert!(HostDescriptor::convert_error_code(&mut w.host, FsError::trap("boom")).is_err());
}

#[test]
fn host_errors_without_an_errno_map_by_their_kind() {
    use std::io::{Error, ErrorKind};
    // cap-std's sandbox escape is a PermissionDenied without an errno.
    for (kind, expected) in [
        (ErrorKind::PermissionDenied, ErrorCode::NotPermitted),
        (ErrorKind::NotFound, ErrorCode::NoEntry),
        (ErrorKind::AlreadyExists, ErrorCode::Exist),
        (ErrorKind::InvalidInput, ErrorCode::Invalid),
        (ErrorKind::Other, ErrorCode::Io),
    ] {
        assert_eq!(ErrorCode::from(Error::new(kind, "x")), expected, "{kind:?}");
        assert_eq!(code::<()>(Err(Error::new(kind, "x").into())), expected);
    }
    // An errno no code names is an I/O error.
    assert_eq!(
        ErrorCode::from(Error::from_raw_os_error(100_000)),
        ErrorCode::Io
    );
}
