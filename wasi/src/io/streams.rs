//! `wasi:io/streams`: the host-side stream traits and the WASI functions
//! over them.
//!
//! A stream is non-blocking at heart: `read` returns what is there (maybe
//! nothing), `check_write` says how much may be written now, and
//! readiness is a [`Subscribe`] future. The blocking WASI functions are
//! loops over those, awaiting readiness between tries, so each stream
//! implements the non-blocking half only.

use anyhow::Result;
use hoist_runtime::component::Resource;

use crate::bindings::wasi::io::streams::{self as wit, Host, HostInputStream, HostOutputStream};
use crate::io::{IoError, Pollable, Subscribe};
use crate::runtime::{in_tokio, BoxFuture};
use crate::WasiView;

/// Why a stream operation did not happen.
#[derive(Debug)]
pub enum StreamError {
    /// The stream is closed: no more bytes will come (or may be written).
    Closed,
    /// The last operation failed; the stream is closed from now on. The
    /// guest gets the error as a `wasi:io/error.error`.
    LastOperationFailed(anyhow::Error),
    /// Something the guest must not survive (a bad handle, a write beyond
    /// what `check-write` allowed): the call traps.
    Trap(anyhow::Error),
}

impl StreamError {
    /// A trap with `message`.
    pub fn trap(message: impl std::fmt::Display) -> StreamError {
        StreamError::Trap(anyhow::anyhow!("{message}"))
    }
}

impl std::fmt::Display for StreamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StreamError::Closed => write!(f, "the stream is closed"),
            StreamError::LastOperationFailed(e) => write!(f, "the last operation failed: {e:#}"),
            StreamError::Trap(e) => write!(f, "{e:#}"),
        }
    }
}

impl std::error::Error for StreamError {}

impl From<anyhow::Error> for StreamError {
    fn from(e: anyhow::Error) -> StreamError {
        StreamError::Trap(e)
    }
}

/// The host side of a `wasi:io/streams.input-stream`.
pub trait InputStream: Subscribe {
    /// Up to `size` bytes that are available now; none when nothing is
    /// (yet). `Err(Closed)` at the end.
    fn read(&mut self, size: usize) -> Result<Vec<u8>, StreamError>;

    /// Consumes up to `size` available bytes, returning how many.
    fn skip(&mut self, size: usize) -> Result<usize, StreamError> {
        Ok(self.read(size)?.len())
    }
}

/// The host side of a `wasi:io/streams.output-stream`.
pub trait OutputStream: Subscribe {
    /// Accepts `bytes`, at most what [`check_write`](Self::check_write)
    /// last allowed (the caller checks that).
    fn write(&mut self, bytes: &[u8]) -> Result<(), StreamError>;

    /// Starts flushing what was written; readiness tells when it is done.
    fn flush(&mut self) -> Result<(), StreamError>;

    /// How many bytes may be written now (0: wait for readiness).
    fn check_write(&mut self) -> Result<usize, StreamError>;

    /// Writes `len` zero bytes, within what `check_write` allowed.
    fn write_zeroes(&mut self, len: usize) -> Result<(), StreamError> {
        self.write(&vec![0; len])
    }
}

/// The host value behind a guest's `input-stream` handle.
pub type DynInputStream = Box<dyn InputStream>;
/// The host value behind a guest's `output-stream` handle.
pub type DynOutputStream = Box<dyn OutputStream>;

impl Subscribe for DynInputStream {
    fn ready(&mut self) -> BoxFuture<'static, ()> {
        (**self).ready()
    }
}

impl Subscribe for DynOutputStream {
    fn ready(&mut self) -> BoxFuture<'static, ()> {
        (**self).ready()
    }
}

/// What one write or read may move at most: a guest asking for more gets
/// less (reads) or is told so by `check-write` (writes).
const MAX_CHUNK: usize = 1 << 20;

fn clamp(len: u64) -> usize {
    usize::try_from(len).unwrap_or(usize::MAX).min(MAX_CHUNK)
}

/// Blocks until `stream` (at slot `s`) is ready.
async fn wait<T: WasiView, S>(host: &mut T, s: &Resource<S>) -> Result<(), StreamError>
where
    S: Subscribe,
{
    let future = host.ctx().table.get_mut(s)?.ready();
    in_tokio(future).await;
    Ok(())
}

/// Turns a host [`StreamError`] into the guest's `stream-error`, or a trap.
fn to_wit<T: WasiView>(host: &mut T, err: StreamError) -> Result<wit::StreamError> {
    match err {
        StreamError::Closed => Ok(wit::StreamError::Closed),
        StreamError::LastOperationFailed(e) => {
            let e = host.ctx().table.push(IoError(e))?;
            Ok(wit::StreamError::LastOperationFailed(e))
        }
        StreamError::Trap(e) => Err(e),
    }
}

impl<T: WasiView> HostInputStream for T {
    async fn read(
        &mut self,
        s: Resource<DynInputStream>,
        len: u64,
    ) -> Result<Vec<u8>, StreamError> {
        self.ctx().table.get_mut(&s)?.read(clamp(len))
    }

    async fn blocking_read(
        &mut self,
        s: Resource<DynInputStream>,
        len: u64,
    ) -> Result<Vec<u8>, StreamError> {
        if len == 0 {
            return Ok(Vec::new());
        }
        loop {
            let bytes = self.ctx().table.get_mut(&s)?.read(clamp(len))?;
            if !bytes.is_empty() {
                return Ok(bytes);
            }
            wait(self, &s).await?;
        }
    }

    async fn skip(&mut self, s: Resource<DynInputStream>, len: u64) -> Result<u64, StreamError> {
        Ok(self.ctx().table.get_mut(&s)?.skip(clamp(len))? as u64)
    }

    async fn blocking_skip(
        &mut self,
        s: Resource<DynInputStream>,
        len: u64,
    ) -> Result<u64, StreamError> {
        if len == 0 {
            return Ok(0);
        }
        loop {
            let n = self.ctx().table.get_mut(&s)?.skip(clamp(len))?;
            if n > 0 {
                return Ok(n as u64);
            }
            wait(self, &s).await?;
        }
    }

    async fn subscribe(&mut self, s: Resource<DynInputStream>) -> Result<Resource<Pollable>> {
        crate::io::subscribe(self.ctx().table, &s)
    }

    async fn drop(&mut self, s: Resource<DynInputStream>) -> Result<()> {
        self.ctx().table.delete(s)?;
        Ok(())
    }

    fn convert_stream_error(&mut self, err: StreamError) -> Result<wit::StreamError> {
        to_wit(self, err)
    }
}

/// Writes `bytes` to the stream at `s`, within `check_write`'s permit
/// (more is a trap, as the spec says).
fn write_checked<T: WasiView>(
    host: &mut T,
    s: &Resource<DynOutputStream>,
    bytes: &[u8],
) -> Result<(), StreamError> {
    let stream = host.ctx().table.get_mut(s)?;
    let permit = stream.check_write()?;
    if bytes.len() > permit {
        return Err(StreamError::trap(format!(
            "wasi:io/streams.output-stream.write: {} bytes written, but check-write allowed {permit}",
            bytes.len()
        )));
    }
    stream.write(bytes)
}

/// Waits until the stream at `s` has flushed everything written.
async fn flush_and_wait<T: WasiView>(
    host: &mut T,
    s: &Resource<DynOutputStream>,
) -> Result<(), StreamError> {
    host.ctx().table.get_mut(s)?.flush()?;
    wait(host, s).await?;
    // Ready after a flush means flushed, or failed: check_write says which.
    host.ctx().table.get_mut(s)?.check_write()?;
    Ok(())
}

/// Writes all of `bytes` (at most 4096, as the spec allows) waiting for
/// room as needed, then flushes.
async fn blocking_write<T: WasiView>(
    host: &mut T,
    s: &Resource<DynOutputStream>,
    mut bytes: &[u8],
    zeroes: bool,
) -> Result<(), StreamError> {
    if bytes.len() > 4096 {
        return Err(StreamError::trap(format!(
            "wasi:io/streams.output-stream.blocking-write-and-flush: {} bytes, more than the 4096 allowed",
            bytes.len()
        )));
    }
    while !bytes.is_empty() {
        let permit = host.ctx().table.get_mut(s)?.check_write()?;
        if permit == 0 {
            wait(host, s).await?;
            continue;
        }
        let n = permit.min(bytes.len());
        let stream = host.ctx().table.get_mut(s)?;
        if zeroes {
            stream.write_zeroes(n)?;
        } else {
            stream.write(&bytes[..n])?;
        }
        bytes = &bytes[n..];
    }
    flush_and_wait(host, s).await
}

impl<T: WasiView> HostOutputStream for T {
    async fn check_write(&mut self, s: Resource<DynOutputStream>) -> Result<u64, StreamError> {
        Ok(self.ctx().table.get_mut(&s)?.check_write()? as u64)
    }

    async fn write(
        &mut self,
        s: Resource<DynOutputStream>,
        contents: Vec<u8>,
    ) -> Result<(), StreamError> {
        write_checked(self, &s, &contents)
    }

    async fn blocking_write_and_flush(
        &mut self,
        s: Resource<DynOutputStream>,
        contents: Vec<u8>,
    ) -> Result<(), StreamError> {
        blocking_write(self, &s, &contents, false).await
    }

    async fn flush(&mut self, s: Resource<DynOutputStream>) -> Result<(), StreamError> {
        self.ctx().table.get_mut(&s)?.flush()
    }

    async fn blocking_flush(&mut self, s: Resource<DynOutputStream>) -> Result<(), StreamError> {
        flush_and_wait(self, &s).await
    }

    async fn subscribe(&mut self, s: Resource<DynOutputStream>) -> Result<Resource<Pollable>> {
        crate::io::subscribe(self.ctx().table, &s)
    }

    async fn write_zeroes(
        &mut self,
        s: Resource<DynOutputStream>,
        len: u64,
    ) -> Result<(), StreamError> {
        let stream = self.ctx().table.get_mut(&s)?;
        let permit = stream.check_write()?;
        let len = usize::try_from(len).unwrap_or(usize::MAX);
        if len > permit {
            return Err(StreamError::trap(format!(
                "wasi:io/streams.output-stream.write-zeroes: {len} bytes, but check-write allowed {permit}"
            )));
        }
        stream.write_zeroes(len)
    }

    async fn blocking_write_zeroes_and_flush(
        &mut self,
        s: Resource<DynOutputStream>,
        len: u64,
    ) -> Result<(), StreamError> {
        let len = usize::try_from(len).unwrap_or(usize::MAX);
        if len > 4096 {
            return Err(StreamError::trap(format!(
                "wasi:io/streams.output-stream.blocking-write-zeroes-and-flush: {len} bytes, more than the 4096 allowed"
            )));
        }
        blocking_write(self, &s, &vec![0; len], true).await
    }

    async fn splice(
        &mut self,
        dst: Resource<DynOutputStream>,
        src: Resource<DynInputStream>,
        len: u64,
    ) -> Result<u64, StreamError> {
        let permit = self.ctx().table.get_mut(&dst)?.check_write()?;
        let n = clamp(len).min(permit);
        if n == 0 {
            return Ok(0);
        }
        let bytes = self.ctx().table.get_mut(&src)?.read(n)?;
        self.ctx().table.get_mut(&dst)?.write(&bytes)?;
        Ok(bytes.len() as u64)
    }

    async fn blocking_splice(
        &mut self,
        dst: Resource<DynOutputStream>,
        src: Resource<DynInputStream>,
        len: u64,
    ) -> Result<u64, StreamError> {
        if len == 0 {
            return Ok(0);
        }
        loop {
            let permit = self.ctx().table.get_mut(&dst)?.check_write()?;
            if permit == 0 {
                wait(self, &dst).await?;
                continue;
            }
            let bytes = self
                .ctx()
                .table
                .get_mut(&src)?
                .read(clamp(len).min(permit))?;
            if bytes.is_empty() {
                wait(self, &src).await?;
                continue;
            }
            self.ctx().table.get_mut(&dst)?.write(&bytes)?;
            flush_and_wait(self, &dst).await?;
            return Ok(bytes.len() as u64);
        }
    }

    async fn drop(&mut self, s: Resource<DynOutputStream>) -> Result<()> {
        let mut stream = self.ctx().table.delete(s)?;
        // What was written reaches its destination before the handle goes.
        let _ = stream.flush();
        Ok(())
    }

    fn convert_stream_error(&mut self, err: StreamError) -> Result<wit::StreamError> {
        to_wit(self, err)
    }
}

impl<T: WasiView> Host for T {}
