//! The streams over an open file (`read-via-stream`, `write-via-stream`,
//! `append-via-stream`): positioned reads and writes on the shared file,
//! so several streams on one file do not disturb each other.
//!
//! File I/O is synchronous: a stream is always ready, and a read or write
//! happens when it is asked for. A failure is kept as the
//! `std::io::Error` it was, so that `filesystem-error-code` (in `errors`)
//! finds its code. Whether a descriptor may have a stream at all is
//! checked where the stream is made, in `descriptor`.

use std::io;
use std::sync::Arc;

use system_interface::fs::FileIoExt;

use crate::io::{InputStream, OutputStream, StreamError, Subscribe};
use crate::runtime::BoxFuture;

/// The most one read returns, and the room `check-write` reports.
const CHUNK: usize = 1 << 20;

/// An input stream reading a file from an offset on.
pub(crate) struct FileInputStream {
    file: Arc<cap_std::fs::File>,
    position: u64,
}

impl FileInputStream {
    pub(crate) fn new(file: Arc<cap_std::fs::File>, position: u64) -> FileInputStream {
        FileInputStream { file, position }
    }
}

impl std::fmt::Debug for FileInputStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileInputStream")
            .field("position", &self.position)
            .finish_non_exhaustive()
    }
}

/// The stream error for a failed file operation, keeping the error.
fn failed(e: io::Error) -> StreamError {
    StreamError::LastOperationFailed(anyhow::Error::from(e))
}

impl Subscribe for FileInputStream {
    fn ready(&mut self) -> BoxFuture<'static, ()> {
        Box::pin(async {})
    }
}

impl InputStream for FileInputStream {
    fn read(&mut self, size: usize) -> Result<Vec<u8>, StreamError> {
        if size == 0 {
            return Ok(Vec::new());
        }
        let mut buf = vec![0; size.min(CHUNK)];
        loop {
            match self.file.read_at(&mut buf, self.position) {
                Ok(0) => return Err(StreamError::Closed),
                Ok(n) => {
                    buf.truncate(n);
                    self.position = self.position.saturating_add(n as u64);
                    return Ok(buf);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(failed(e)),
            }
        }
    }
}

/// Where an output stream writes.
#[derive(Clone, Copy, Debug)]
enum Mode {
    /// At this offset, moving on with each write.
    At(u64),
    /// At the end of the file, wherever that is at each write.
    Append,
}

/// An output stream writing a file from an offset on, or at its end.
pub(crate) struct FileOutputStream {
    file: Arc<cap_std::fs::File>,
    mode: Mode,
    /// A write failed: the stream is closed.
    closed: bool,
}

impl FileOutputStream {
    /// A stream writing from `position` on.
    pub(crate) fn at(file: Arc<cap_std::fs::File>, position: u64) -> FileOutputStream {
        FileOutputStream {
            file,
            mode: Mode::At(position),
            closed: false,
        }
    }

    /// A stream appending each write at the end of the file.
    pub(crate) fn append(file: Arc<cap_std::fs::File>) -> FileOutputStream {
        FileOutputStream {
            file,
            mode: Mode::Append,
            closed: false,
        }
    }

    fn write_all(&mut self, mut bytes: &[u8]) -> io::Result<()> {
        while !bytes.is_empty() {
            let written = match self.mode {
                Mode::At(position) => self.file.write_at(bytes, position),
                Mode::Append => self.file.append(bytes),
            };
            match written {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => {
                    if let Mode::At(position) = &mut self.mode {
                        *position = position.saturating_add(n as u64);
                    }
                    bytes = &bytes[n.min(bytes.len())..];
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

impl std::fmt::Debug for FileOutputStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileOutputStream")
            .field("mode", &self.mode)
            .field("closed", &self.closed)
            .finish_non_exhaustive()
    }
}

impl Subscribe for FileOutputStream {
    fn ready(&mut self) -> BoxFuture<'static, ()> {
        Box::pin(async {})
    }
}

impl OutputStream for FileOutputStream {
    fn write(&mut self, bytes: &[u8]) -> Result<(), StreamError> {
        if self.closed {
            return Err(StreamError::Closed);
        }
        self.write_all(bytes).map_err(|e| {
            self.closed = true;
            failed(e)
        })
    }

    fn flush(&mut self) -> Result<(), StreamError> {
        // Every write has reached the file already.
        if self.closed {
            return Err(StreamError::Closed);
        }
        Ok(())
    }

    fn check_write(&mut self) -> Result<usize, StreamError> {
        if self.closed {
            return Err(StreamError::Closed);
        }
        Ok(CHUNK)
    }
}
