//! Streams over memory, for embedders and tests: a guest's stdin from a
//! byte string, its stdout captured where the host can read it back, and
//! the closed and discarding ends.

use std::sync::{Arc, Mutex};

use crate::cli::{StdinStream, StdoutStream};
use crate::io::{InputStream, OutputStream, StreamError, Subscribe};
use crate::runtime::BoxFuture;

/// An input stream over fixed bytes: each stream made from one pipe (or
/// from its clones) reads on from where the last stopped, then is closed.
///
/// ```
/// use hoist::wasi::{pipe::MemoryInputPipe, WasiCtx};
/// let ctx = WasiCtx::builder().stdin(MemoryInputPipe::new("line one\nline two\n")).build();
/// # drop(ctx);
/// ```
#[derive(Clone, Debug)]
pub struct MemoryInputPipe {
    state: Arc<Mutex<(Vec<u8>, usize)>>,
}

impl MemoryInputPipe {
    /// A pipe that gives `bytes`, then end of stream.
    pub fn new(bytes: impl Into<Vec<u8>>) -> MemoryInputPipe {
        MemoryInputPipe {
            state: Arc::new(Mutex::new((bytes.into(), 0))),
        }
    }
}

impl Subscribe for MemoryInputPipe {
    fn ready(&mut self) -> BoxFuture<'static, ()> {
        Box::pin(async {})
    }
}

impl InputStream for MemoryInputPipe {
    fn read(&mut self, size: usize) -> Result<Vec<u8>, StreamError> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (bytes, at) = &mut *state;
        if *at >= bytes.len() {
            return Err(StreamError::Closed);
        }
        let end = at.saturating_add(size).min(bytes.len());
        let out = bytes[*at..end].to_vec();
        *at = end;
        Ok(out)
    }
}

impl StdinStream for MemoryInputPipe {
    fn stream(&self) -> Box<dyn InputStream> {
        Box::new(self.clone())
    }
}

/// An output stream that keeps what is written, for the host to read back
/// with [`contents`](MemoryOutputPipe::contents). Clones share the bytes.
///
/// ```
/// use hoist::wasi::{pipe::MemoryOutputPipe, WasiCtx};
/// let stdout = MemoryOutputPipe::new(1 << 20);
/// let ctx = WasiCtx::builder().stdout(stdout.clone()).build();
/// // ... run a guest with `ctx`, then:
/// assert!(stdout.contents().is_empty());
/// # drop(ctx);
/// ```
#[derive(Clone, Debug)]
pub struct MemoryOutputPipe {
    capacity: usize,
    buffer: Arc<Mutex<Vec<u8>>>,
}

impl MemoryOutputPipe {
    /// A pipe holding at most `capacity` bytes: a write beyond that fails
    /// (the guest sees `last-operation-failed`).
    pub fn new(capacity: usize) -> MemoryOutputPipe {
        MemoryOutputPipe {
            capacity,
            buffer: Arc::default(),
        }
    }

    /// Everything written so far.
    pub fn contents(&self) -> Vec<u8> {
        self.buffer
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Takes everything written so far, leaving the pipe empty.
    pub fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.buffer.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

impl Subscribe for MemoryOutputPipe {
    fn ready(&mut self) -> BoxFuture<'static, ()> {
        Box::pin(async {})
    }
}

impl OutputStream for MemoryOutputPipe {
    fn write(&mut self, bytes: &[u8]) -> Result<(), StreamError> {
        let mut buffer = self.buffer.lock().unwrap_or_else(|e| e.into_inner());
        if buffer.len().saturating_add(bytes.len()) > self.capacity {
            return Err(StreamError::LastOperationFailed(anyhow::anyhow!(
                "the memory pipe holds at most {} bytes; {} more were written to its {}",
                self.capacity,
                bytes.len(),
                buffer.len()
            )));
        }
        buffer.extend_from_slice(bytes);
        Ok(())
    }

    fn flush(&mut self) -> Result<(), StreamError> {
        Ok(())
    }

    fn check_write(&mut self) -> Result<usize, StreamError> {
        let used = self.buffer.lock().unwrap_or_else(|e| e.into_inner()).len();
        // Room left, but never 0 while writes would fail: the failure tells
        // the guest more than an endless wait would.
        Ok(self.capacity.saturating_sub(used).clamp(1, 1 << 20))
    }
}

impl StdoutStream for MemoryOutputPipe {
    fn stream(&self) -> Box<dyn OutputStream> {
        Box::new(self.clone())
    }
}

/// An input stream at its end from the start.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClosedInputStream;

impl Subscribe for ClosedInputStream {
    fn ready(&mut self) -> BoxFuture<'static, ()> {
        Box::pin(async {})
    }
}

impl InputStream for ClosedInputStream {
    fn read(&mut self, _size: usize) -> Result<Vec<u8>, StreamError> {
        Err(StreamError::Closed)
    }
}

impl StdinStream for ClosedInputStream {
    fn stream(&self) -> Box<dyn InputStream> {
        Box::new(*self)
    }
}

/// An output stream that accepts everything and keeps nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct SinkOutputStream;

impl Subscribe for SinkOutputStream {
    fn ready(&mut self) -> BoxFuture<'static, ()> {
        Box::pin(async {})
    }
}

impl OutputStream for SinkOutputStream {
    fn write(&mut self, _bytes: &[u8]) -> Result<(), StreamError> {
        Ok(())
    }

    fn flush(&mut self) -> Result<(), StreamError> {
        Ok(())
    }

    fn check_write(&mut self) -> Result<usize, StreamError> {
        Ok(1 << 20)
    }
}

impl StdoutStream for SinkOutputStream {
    fn stream(&self) -> Box<dyn OutputStream> {
        Box::new(*self)
    }
}
