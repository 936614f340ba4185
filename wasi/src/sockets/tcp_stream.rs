//! The byte streams of a connected TCP socket: its `input-stream` and
//! `output-stream`, over one Tokio `TcpStream` they share with the socket.
//!
//! Reads are non-blocking (`try_read`); readiness waits for the stream to
//! be readable. Writes go to the kernel at once (`try_write`) as far as it
//! takes them; the rest waits in a bounded buffer of the stream's, which a
//! Tokio task writes on (`writable()`, then `try_write`) whether or not the
//! guest waits, so that bytes written always go. The output stream is
//! ready when its buffer is empty: everything written has reached the
//! kernel, which is what `flush` promises. The readiness futures hold an
//! `Arc` of the connection, so they are `'static`. Dropping the output
//! stream (or `shutdown(send)`) sends the peer a FIN once the buffer is
//! written.

use std::future::poll_fn;
use std::io;
use std::net::Shutdown;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::Poll;

use tokio::sync::Notify;

use crate::io::{InputStream, OutputStream, StreamError, Subscribe};
use crate::runtime::BoxFuture;

/// How many bytes one read returns at most.
const READ_CHUNK: usize = 64 * 1024;

/// How many written bytes the stream holds while the kernel's buffer is
/// full (what `check-write` allows at most).
const WRITE_BUFFER: usize = 64 * 1024;

/// A connection: the socket's stream and the state of its two directions.
pub(crate) struct Connection {
    pub(crate) stream: tokio::net::TcpStream,
    /// The input stream is closed (`shutdown(receive)`).
    read_closed: AtomicBool,
    write: Mutex<WriteState>,
    /// Wakes the output stream's readiness when the buffer is written.
    drained: Notify,
}

#[derive(Default)]
struct WriteState {
    /// Written by the guest, not yet taken by the kernel.
    pending: Vec<u8>,
    /// Why the last write failed, until the guest is told.
    error: Option<io::Error>,
    /// No more writes: the guest was told of an error, or shut the
    /// sending side down, or dropped the stream.
    closed: bool,
    /// A FIN is to be sent once `pending` is written.
    shutdown: bool,
    /// The FIN was sent.
    fin_sent: bool,
    /// A task is writing the buffer.
    flushing: bool,
}

impl Connection {
    /// A connection over `stream`, which must be registered with Tokio.
    pub(crate) fn new(stream: tokio::net::TcpStream) -> Arc<Connection> {
        Arc::new(Connection {
            stream,
            read_closed: AtomicBool::new(false),
            write: Mutex::default(),
            drained: Notify::new(),
        })
    }

    /// The input and output streams of the connection.
    pub(crate) fn streams(self: &Arc<Self>) -> (TcpInputStream, TcpOutputStream) {
        (
            TcpInputStream { conn: self.clone() },
            TcpOutputStream { conn: self.clone() },
        )
    }

    fn lock(&self) -> MutexGuard<'_, WriteState> {
        self.write.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Closes the receiving side: reads end, and the system discards what
    /// arrives.
    pub(crate) fn shutdown_receive(&self) {
        if !self.read_closed.swap(true, Ordering::SeqCst) {
            let _ = rustix::net::shutdown(&self.stream, rustix::net::Shutdown::Read);
        }
    }

    /// Closes the sending side: no more writes; the peer gets a FIN once
    /// what was written reached the kernel.
    pub(crate) fn shutdown_send(self: &Arc<Self>) {
        let mut state = self.lock();
        if state.shutdown {
            return;
        }
        state.closed = true;
        state.shutdown = true;
        self.write_or_flush_later(&mut state);
    }

    /// Writes what is pending as far as the kernel takes it now, and
    /// starts a task writing the rest if there is any; sends the FIN of a
    /// shutdown once nothing is left.
    fn write_or_flush_later(self: &Arc<Self>, state: &mut WriteState) {
        if self.write_pending(state) {
            self.finish(state);
            return;
        }
        if state.flushing {
            return;
        }
        state.flushing = true;
        let conn = self.clone();
        crate::runtime::handle().spawn(async move { conn.flush_task().await });
    }

    /// Writes the buffer as the kernel takes it, until it is empty or
    /// writing fails.
    async fn flush_task(&self) {
        loop {
            {
                let mut state = self.lock();
                if self.write_pending(&mut state) {
                    self.finish(&mut state);
                    state.flushing = false;
                    drop(state);
                    self.drained.notify_waiters();
                    return;
                }
            }
            if let Err(e) = self.stream.writable().await {
                let mut state = self.lock();
                state.error = Some(e);
                state.pending.clear();
                self.finish(&mut state);
                state.flushing = false;
                drop(state);
                self.drained.notify_waiters();
                return;
            }
        }
    }

    /// Sends the FIN of a shutdown (once); what could not be written is lost.
    fn finish(&self, state: &mut WriteState) {
        if state.shutdown && !state.fin_sent {
            state.pending = Vec::new();
            state.fin_sent = true;
            let _ = rustix::net::shutdown(&self.stream, rustix::net::Shutdown::Write);
        }
    }

    /// Writes what is pending as far as the kernel takes it now; true when
    /// nothing is left (or writing failed).
    fn write_pending(&self, state: &mut WriteState) -> bool {
        while !state.pending.is_empty() {
            match self.stream.try_write(&state.pending) {
                Ok(0) => {
                    state.error = Some(io::ErrorKind::WriteZero.into());
                    state.pending.clear();
                }
                Ok(n) => {
                    state.pending.drain(..n);
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return false,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    state.error = Some(e);
                    state.pending.clear();
                }
            }
        }
        true
    }
}

/// The guest's error for a failed write: a peer that went away closes the
/// stream; other failures are reported once, then the stream is closed.
fn write_failure(state: &mut WriteState) -> Result<(), StreamError> {
    if let Some(e) = state.error.take() {
        state.closed = true;
        state.pending.clear();
        if e.kind() == io::ErrorKind::BrokenPipe {
            return Err(StreamError::Closed);
        }
        return Err(StreamError::LastOperationFailed(e.into()));
    }
    if state.closed {
        return Err(StreamError::Closed);
    }
    Ok(())
}

/// The `input-stream` of a TCP connection.
pub(crate) struct TcpInputStream {
    conn: Arc<Connection>,
}

impl Subscribe for TcpInputStream {
    fn ready(&mut self) -> BoxFuture<'static, ()> {
        let conn = self.conn.clone();
        Box::pin(poll_fn(move |cx| {
            if conn.read_closed.load(Ordering::SeqCst) {
                return Poll::Ready(());
            }
            // An error is readiness too: the next read reports it.
            conn.stream.poll_read_ready(cx).map(|_| ())
        }))
    }
}

impl InputStream for TcpInputStream {
    fn read(&mut self, size: usize) -> Result<Vec<u8>, StreamError> {
        if self.conn.read_closed.load(Ordering::SeqCst) {
            return Err(StreamError::Closed);
        }
        if size == 0 {
            return Ok(Vec::new());
        }
        let mut buf = vec![0; size.min(READ_CHUNK)];
        loop {
            return match self.conn.stream.try_read(&mut buf) {
                Ok(0) => {
                    self.conn.read_closed.store(true, Ordering::SeqCst);
                    Err(StreamError::Closed)
                }
                Ok(n) => {
                    buf.truncate(n);
                    Ok(buf)
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => Ok(Vec::new()),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.conn.read_closed.store(true, Ordering::SeqCst);
                    Err(StreamError::LastOperationFailed(e.into()))
                }
            };
        }
    }
}

impl Drop for TcpInputStream {
    fn drop(&mut self) {
        self.conn.shutdown_receive();
    }
}

/// The `output-stream` of a TCP connection.
pub(crate) struct TcpOutputStream {
    conn: Arc<Connection>,
}

impl Subscribe for TcpOutputStream {
    fn ready(&mut self) -> BoxFuture<'static, ()> {
        let conn = self.conn.clone();
        Box::pin(async move {
            loop {
                let drained = conn.drained.notified();
                {
                    let state = conn.lock();
                    // Failed writes clear the buffer: empty covers them.
                    if state.pending.is_empty() {
                        return;
                    }
                }
                drained.await;
            }
        })
    }
}

impl OutputStream for TcpOutputStream {
    fn write(&mut self, bytes: &[u8]) -> Result<(), StreamError> {
        let conn = &self.conn;
        let mut state = conn.lock();
        write_failure(&mut state)?;
        if state.pending.len().saturating_add(bytes.len()) > WRITE_BUFFER {
            return Err(StreamError::trap(format!(
                "wasi:io/streams.output-stream.write: {} bytes written to a TCP stream, more than check-write allowed",
                bytes.len()
            )));
        }
        state.pending.extend_from_slice(bytes);
        conn.write_or_flush_later(&mut state);
        write_failure(&mut state)
    }

    fn flush(&mut self) -> Result<(), StreamError> {
        let conn = &self.conn;
        let mut state = conn.lock();
        write_failure(&mut state)?;
        conn.write_or_flush_later(&mut state);
        write_failure(&mut state)
    }

    fn check_write(&mut self) -> Result<usize, StreamError> {
        let conn = &self.conn;
        let mut state = conn.lock();
        write_failure(&mut state)?;
        conn.write_or_flush_later(&mut state);
        write_failure(&mut state)?;
        Ok(WRITE_BUFFER - state.pending.len())
    }
}

impl Drop for TcpOutputStream {
    fn drop(&mut self) {
        // What was written still goes, then the FIN.
        self.conn.shutdown_send();
    }
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("local", &self.stream.local_addr().ok())
            .field("peer", &self.stream.peer_addr().ok())
            .finish_non_exhaustive()
    }
}

/// What `shutdown` closes, in `std`'s terms.
pub(crate) fn shutdown(conn: &Arc<Connection>, how: Shutdown) {
    if matches!(how, Shutdown::Read | Shutdown::Both) {
        conn.shutdown_receive();
    }
    if matches!(how, Shutdown::Write | Shutdown::Both) {
        conn.shutdown_send();
    }
}
