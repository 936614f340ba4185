//! Bodies: `outgoing-body` (what a guest sends: bytes written to an
//! `output-stream`, then `finish` with optional trailers),
//! `incoming-body` (what it receives: an `input-stream`, then
//! `future-trailers`).
//!
//! An outgoing body is a channel of chunks bounded in bytes (`Budget`):
//! the guest's stream sends into it, and the receiving end
//! ([`OutgoingBodyReceiver`], an `http_body::Body`) is what `hyper` sends
//! from, the chunks that wait joined into frames of up to 64 KiB (a guest
//! writing 4 KiB at a time makes a few large writes to the socket, not
//! many small ones, and does not wait for `hyper` after every other
//! write); `finish` ends it with the trailers, dropping the body
//! unfinished ends it with an error. A response body the guest neither
//! finished nor dropped when its `incoming-handler.handle` returned ends
//! as if finished without trailers (see [`OutgoingBody`]'s `Drop`).
//! HTTP/1.1 sends trailers only in a chunked body (no `content-length`),
//! and `hyper` only those the request's `trailer` header names (HTTP/2
//! sends them as they are). At most 128 KiB written wait for `hyper`: a
//! guest writing a larger body before `outgoing-handler.handle` waits for
//! ever.
//!
//! An incoming body is read by a task of its own (the pump) into a
//! bounded buffer the guest's stream reads from, so that readiness is a
//! `'static` future (what hoist-wasi's pollables need) and the
//! between-bytes timeout counts only while the buffer has room (a guest
//! reading slowly is no pause of the peer's). Once
//! the guest drops the stream (or finishes the body), the pump reads on,
//! discarding data, to the trailers. The pump ends when the body does, or
//! when the guest has dropped everything that could still read it. The
//! body is polled once where it is made, before the pump task runs (see
//! [`IncomingBody::new`]).

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};

use bytes::Bytes;
use hoist_runtime::component::Resource;
use hoist_wasi::io::{
    DynInputStream, DynOutputStream, InputStream, OutputStream, Pollable, StreamError, Subscribe,
};
use hoist_wasi::runtime::BoxFuture;
use http::HeaderMap;
use http_body::{Body, Frame, SizeHint};
use http_body_util::BodyExt;
use tokio::sync::{mpsc, oneshot, Notify};

use crate::bindings::wasi::http::types::{HostFutureTrailers, HostIncomingBody, HostOutgoingBody};
use crate::error::internal_error;
use crate::{ErrorCode, Fields, HttpError, HyperIncomingBody, WasiHttpView};

/// What one write to an outgoing body's stream may hold at most (what
/// `check-write` allows).
const CHUNK: usize = 64 * 1024;

/// How many written bytes wait for `hyper` at most: a write of a whole
/// [`CHUNK`] is allowed while no more than this less a chunk wait.
const QUEUED_BYTES: usize = 2 * CHUNK;

/// How many received bytes wait for the guest at most.
const INCOMING_BUFFER: usize = 128 * 1024;

/// Whether a body belongs to a request or a response (which `error-code`
/// a wrong size is).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BodyKind {
    Request,
    Response,
}

impl BodyKind {
    fn size_error(self, size: u64) -> ErrorCode {
        match self {
            BodyKind::Request => ErrorCode::HttpRequestBodySize(Some(size)),
            BodyKind::Response => ErrorCode::HttpResponseBodySize(Some(size)),
        }
    }
}

/// How an outgoing body ends.
enum Finish {
    /// Finished, with trailers or not.
    Trailers(Option<HeaderMap>),
    /// Dropped unfinished, or finished with a wrong size.
    Abort(ErrorCode),
}

/// The host value behind a guest's `outgoing-body` handle.
pub struct OutgoingBody {
    /// The stream, until `write` hands it out.
    stream: Option<BodyWriteStream>,
    /// Held by the stream: more than one holder means it is alive.
    stream_alive: Arc<()>,
    finish: Option<oneshot::Sender<Finish>>,
    written: Arc<AtomicU64>,
    content_length: Option<u64>,
    kind: BodyKind,
    /// For a response body: set once the guest's `handle` has returned
    /// without a trap ([`crate::WasiHttpCtx`]'s `handle_returned`).
    handle_returned: Option<Arc<AtomicBool>>,
}

impl std::fmt::Debug for OutgoingBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutgoingBody")
            .field("written", &self.written.load(Ordering::Relaxed))
            .field("content_length", &self.content_length)
            .finish_non_exhaustive()
    }
}

impl OutgoingBody {
    /// A body of a request or response whose `content-length` says
    /// `content_length`, and the receiving end `hyper` sends from.
    pub(crate) fn new(
        kind: BodyKind,
        content_length: Option<u64>,
    ) -> (OutgoingBody, OutgoingBodyReceiver) {
        let (data_tx, data_rx) = mpsc::unbounded_channel();
        let budget = Arc::new(Budget::default());
        let (finish_tx, finish_rx) = oneshot::channel();
        let written = Arc::new(AtomicU64::new(0));
        let stream_alive = Arc::new(());
        let stream = BodyWriteStream {
            tx: data_tx,
            budget: budget.clone(),
            written: written.clone(),
            content_length,
            kind,
            failed: false,
            _alive: stream_alive.clone(),
        };
        let body = OutgoingBody {
            stream: Some(stream),
            stream_alive,
            finish: Some(finish_tx),
            written,
            content_length,
            kind,
            handle_returned: None,
        };
        let receiver = OutgoingBodyReceiver {
            data: data_rx,
            budget,
            pending: None,
            finish: Some(finish_rx),
            content_length,
        };
        (body, receiver)
    }

    /// Whether the stream `write` handed out is still alive (the one not
    /// handed out holds `stream_alive` too).
    fn stream_is_alive(&self) -> bool {
        Arc::strong_count(&self.stream_alive) > 1 + usize::from(self.stream.is_some())
    }

    /// Makes this (response) body end as if finished when it is dropped
    /// once `handle_returned` is set (see `Drop`).
    pub(crate) fn end_when_handle_returns(&mut self, handle_returned: Arc<AtomicBool>) {
        self.handle_returned = Some(handle_returned);
    }

    /// Ends the body: with `trailers`, or with an error when the bytes
    /// written are not the `content-length`.
    fn finish(mut self, trailers: Option<HeaderMap>) -> Result<(), ErrorCode> {
        self.end(trailers)
    }

    /// What `finish` does, once.
    fn end(&mut self, trailers: Option<HeaderMap>) -> Result<(), ErrorCode> {
        self.stream = None;
        let written = self.written.load(Ordering::SeqCst);
        let result = match self.content_length {
            Some(expected) if written != expected => Err(self.kind.size_error(written)),
            _ => Ok(()),
        };
        if let Some(finish) = self.finish.take() {
            let message = match &result {
                Ok(()) => Finish::Trailers(trailers),
                Err(code) => Finish::Abort(code.clone()),
            };
            // The receiver is gone when the request already failed.
            let _ = finish.send(message);
        }
        result
    }
}

impl OutgoingBody {
    /// Ends the body with an error, unless it has ended.
    fn abort(&mut self) {
        if let Some(finish) = self.finish.take() {
            let _ = finish.send(Finish::Abort(internal_error(
                "the guest dropped the outgoing-body without outgoing-body.finish",
            )));
        }
    }
}

/// An unfinished body goes when the guest drops it (`HostOutgoingBody`'s
/// `drop` aborts it first), or with the store's table when the guest has
/// stopped. A guest that trapped stopped midway: its body fails, and the
/// client sees a body cut short. A guest whose `handle` returned left a
/// response body neither finished nor dropped, which nothing can write
/// any more: it ends as `finish` without trailers would end it (failing
/// still if its bytes are not its `content-length`). StarlingMonkey (the
/// engine of componentize-js) answers a JavaScript handler's exception so:
/// a 500 whose empty body it never finishes. Wasmtime ends such a body
/// the same way.
impl Drop for OutgoingBody {
    fn drop(&mut self) {
        if self.finish.is_none() {
            return;
        }
        let returned = self
            .handle_returned
            .as_ref()
            .is_some_and(|returned| returned.load(Ordering::SeqCst));
        if returned {
            let _ = self.end(None);
        } else {
            self.abort();
        }
    }
}

/// The bytes written to an outgoing body that `hyper` has not taken yet,
/// and the signal that it took some (or will take no more).
#[derive(Default)]
struct Budget {
    queued: AtomicUsize,
    room: Notify,
}

impl Budget {
    /// Whether a write of a whole chunk is allowed now.
    fn has_room(&self) -> bool {
        self.queued.load(Ordering::SeqCst) + CHUNK <= QUEUED_BYTES
    }

    /// `n` bytes were taken (or will never be).
    fn taken(&self, n: usize) {
        self.queued.fetch_sub(n, Ordering::SeqCst);
        self.room.notify_waiters();
    }
}

/// The receiving end of an outgoing body: what `hyper` sends.
pub(crate) struct OutgoingBodyReceiver {
    data: mpsc::UnboundedReceiver<Bytes>,
    budget: Arc<Budget>,
    /// A chunk taken from the channel that did not fit the last frame.
    pending: Option<Bytes>,
    finish: Option<oneshot::Receiver<Finish>>,
    content_length: Option<u64>,
}

impl std::fmt::Debug for OutgoingBodyReceiver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutgoingBodyReceiver")
            .field("content_length", &self.content_length)
            .finish_non_exhaustive()
    }
}

impl Body for OutgoingBodyReceiver {
    type Data = Bytes;
    type Error = ErrorCode;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, ErrorCode>>> {
        let this = self.get_mut();
        let first = match this.pending.take() {
            Some(chunk) => Some(chunk),
            None => match this.data.poll_recv(cx) {
                Poll::Ready(chunk) => chunk,
                Poll::Pending => return Poll::Pending,
            },
        };
        if let Some(first) = first {
            return Poll::Ready(Some(Ok(Frame::data(this.join(first)))));
        }
        // Every sender is gone: the stream was dropped; the end is what
        // `finish` (or the body's drop) says.
        let Some(finish) = this.finish.as_mut() else {
            return Poll::Ready(None);
        };
        let end = match Pin::new(finish).poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(end) => end,
        };
        this.finish = None;
        Poll::Ready(match end {
            Ok(Finish::Trailers(None)) => None,
            Ok(Finish::Trailers(Some(trailers))) => Some(Ok(Frame::trailers(trailers))),
            Ok(Finish::Abort(code)) => Some(Err(code)),
            Err(_) => Some(Err(internal_error(
                "the outgoing-body went away unfinished",
            ))),
        })
    }

    fn size_hint(&self) -> SizeHint {
        match self.content_length {
            Some(n) => SizeHint::with_exact(n),
            None => SizeHint::default(),
        }
    }
}

impl OutgoingBodyReceiver {
    /// `first` and the chunks waiting behind it, joined up to [`CHUNK`]
    /// bytes: the next frame. The budget gets their room back.
    fn join(&mut self, first: Bytes) -> Bytes {
        let mut joined: Option<bytes::BytesMut> = None;
        let mut len = first.len();
        while len < CHUNK {
            let Ok(next) = self.data.try_recv() else {
                break;
            };
            if len + next.len() > CHUNK {
                self.pending = Some(next);
                break;
            }
            len += next.len();
            joined
                .get_or_insert_with(|| {
                    let mut buffer = bytes::BytesMut::with_capacity(CHUNK);
                    buffer.extend_from_slice(&first);
                    buffer
                })
                .extend_from_slice(&next);
        }
        self.budget.taken(len);
        joined.map_or(first, bytes::BytesMut::freeze)
    }
}

impl Drop for OutgoingBodyReceiver {
    fn drop(&mut self) {
        // A writer waiting for room learns that nobody reads.
        self.data.close();
        self.budget.room.notify_waiters();
    }
}

/// The `output-stream` of an outgoing body.
struct BodyWriteStream {
    tx: mpsc::UnboundedSender<Bytes>,
    budget: Arc<Budget>,
    written: Arc<AtomicU64>,
    content_length: Option<u64>,
    kind: BodyKind,
    /// A write failed (too many bytes): the stream is closed.
    failed: bool,
    _alive: Arc<()>,
}

impl Subscribe for BodyWriteStream {
    fn ready(&mut self) -> BoxFuture<'static, ()> {
        let tx = self.tx.clone();
        let budget = self.budget.clone();
        // Room for a chunk, or the receiver gone (the next call says so).
        Box::pin(async move {
            loop {
                let room = budget.room.notified();
                if budget.has_room() || tx.is_closed() {
                    return;
                }
                room.await;
            }
        })
    }
}

impl BodyWriteStream {
    /// Whether the stream takes no more writes: a write failed, or the
    /// sending side stopped reading. `hyper` stops once it has sent the
    /// `content-length`, which is no reason to fail a flush.
    fn closed(&self) -> bool {
        let complete = self
            .content_length
            .is_some_and(|n| self.written.load(Ordering::SeqCst) == n);
        self.failed || (self.tx.is_closed() && !complete)
    }
}

impl OutputStream for BodyWriteStream {
    fn write(&mut self, bytes: &[u8]) -> Result<(), StreamError> {
        if self.closed() {
            return Err(StreamError::Closed);
        }
        if bytes.is_empty() {
            return Ok(());
        }
        let total = self
            .written
            .fetch_add(bytes.len() as u64, Ordering::SeqCst)
            .saturating_add(bytes.len() as u64);
        if let Some(expected) = self.content_length {
            if total > expected {
                self.failed = true;
                return Err(StreamError::LastOperationFailed(anyhow::Error::new(
                    self.kind.size_error(total),
                )));
            }
        }
        if !self.budget.has_room() || bytes.len() > CHUNK {
            return Err(StreamError::trap(
                "wasi:io/streams.output-stream.write: an HTTP body's stream was written more than \
                 check-write allowed",
            ));
        }
        self.budget.queued.fetch_add(bytes.len(), Ordering::SeqCst);
        match self.tx.send(Bytes::copy_from_slice(bytes)) {
            Ok(()) => Ok(()),
            Err(_) => {
                self.budget.taken(bytes.len());
                Err(StreamError::Closed)
            }
        }
    }

    fn flush(&mut self) -> Result<(), StreamError> {
        // Chunks go to the sending task as they are written.
        if self.closed() {
            return Err(StreamError::Closed);
        }
        Ok(())
    }

    fn check_write(&mut self) -> Result<usize, StreamError> {
        if self.closed() {
            return Err(StreamError::Closed);
        }
        // Once the whole content-length is written, a write fails on its
        // size, whatever the channel's room.
        Ok(if !self.budget.has_room() && !self.tx.is_closed() {
            0
        } else {
            CHUNK
        })
    }
}

impl<T: WasiHttpView> HostOutgoingBody for T {
    async fn write(
        &mut self,
        body: Resource<OutgoingBody>,
    ) -> anyhow::Result<Result<Resource<DynOutputStream>, ()>> {
        let table = self.ctx().table;
        let Some(stream) = table.get_mut(&body)?.stream.take() else {
            return Ok(Err(()));
        };
        let stream: DynOutputStream = Box::new(stream);
        Ok(Ok(table.push(stream)?))
    }

    async fn finish(
        &mut self,
        body: Resource<OutgoingBody>,
        trailers: Option<Resource<Fields>>,
    ) -> Result<(), HttpError> {
        let table = self.ctx().table;
        if table.get(&body)?.stream_is_alive() {
            return Err(HttpError::trap(
                "wasi:http/types.outgoing-body.finish: the body's output-stream is still alive \
                 (drop it first)",
            ));
        }
        let body = table.delete(body)?;
        let trailers = match trailers {
            Some(t) => {
                let fields = table.delete(t)?;
                let map = fields.to_header_map().map_err(|e| {
                    HttpError::trap(format!("outgoing-body.finish: invalid trailers: {e}"))
                })?;
                Some(map)
            }
            None => None,
        };
        Ok(body.finish(trailers)?)
    }

    async fn drop(&mut self, body: Resource<OutgoingBody>) -> anyhow::Result<()> {
        // Dropping it unfinished makes the body fail.
        self.ctx().table.delete(body)?.abort();
        Ok(())
    }

    fn convert_error_code(&mut self, err: HttpError) -> anyhow::Result<ErrorCode> {
        match err {
            HttpError::Code(code) => Ok(code),
            HttpError::Trap(e) => Err(e),
        }
    }
}

/// Aborts the pump of an incoming body when the last of its readers goes.
struct PumpGuard(tokio::task::AbortHandle);

impl Drop for PumpGuard {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// What the pump and the readers of an incoming body share.
struct Shared {
    state: Mutex<State>,
    /// Data or the end arrived.
    readable: Notify,
    /// The guest took data, or stopped reading.
    consumed: Notify,
}

#[derive(Default)]
struct State {
    chunks: VecDeque<Bytes>,
    buffered: usize,
    /// Nobody reads the data any more: the pump drops it.
    discard: bool,
    /// How the body ended: its trailers, or an error. Taken by
    /// `future-trailers.get`.
    end: Option<Result<Option<HeaderMap>, ErrorCode>>,
    /// `end` was taken.
    end_taken: bool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Stops keeping data for the guest.
    fn discard(&self) {
        let mut state = self.lock();
        state.discard = true;
        state.chunks.clear();
        state.buffered = 0;
        drop(state);
        self.consumed.notify_waiters();
    }

    /// A future ready once `ready` holds of the state.
    fn wait(self: &Arc<Self>, ready: fn(&State) -> bool) -> BoxFuture<'static, ()> {
        let shared = self.clone();
        Box::pin(async move {
            loop {
                let notified = shared.readable.notified();
                if ready(&shared.lock()) {
                    return;
                }
                notified.await;
            }
        })
    }
}

/// What one frame of a body says: the end (with the trailers, or an
/// error), or `None` for data, which goes into `shared`.
fn take_frame(
    shared: &Shared,
    frame: Option<Result<Frame<Bytes>, ErrorCode>>,
) -> Option<Result<Option<HeaderMap>, ErrorCode>> {
    match frame {
        None => Some(Ok(None)),
        Some(Err(code)) => Some(Err(code)),
        Some(Ok(frame)) => match frame.into_data() {
            Ok(data) => {
                let mut state = shared.lock();
                if !state.discard && !data.is_empty() {
                    state.buffered += data.len();
                    state.chunks.push_back(data);
                }
                drop(state);
                shared.readable.notify_waiters();
                None
            }
            Err(frame) => frame
                .into_trailers()
                .ok()
                .map(|trailers| Ok(Some(trailers))),
        },
    }
}

/// Reads `body` into `shared` until it ends; `first` is the frame (or the
/// end) that polling it once gave, if any.
async fn pump(
    shared: Arc<Shared>,
    mut body: HyperIncomingBody,
    first: Option<Option<Result<Frame<Bytes>, ErrorCode>>>,
) {
    let first = first.and_then(|frame| take_frame(&shared, frame));
    let end = match first {
        Some(end) => end,
        None => loop {
            // Wait for room: the guest reads, or stopped reading.
            loop {
                let consumed = shared.consumed.notified();
                {
                    let state = shared.lock();
                    if state.discard || state.buffered < INCOMING_BUFFER {
                        break;
                    }
                }
                consumed.await;
            }
            if let Some(end) = take_frame(&shared, body.frame().await) {
                break end;
            }
        },
    };
    // The connection goes with the body (see `client`).
    drop(body);
    shared.lock().end = Some(end);
    shared.readable.notify_waiters();
}

/// The host value behind a guest's `incoming-body` handle.
pub struct IncomingBody {
    shared: Arc<Shared>,
    pump: Arc<PumpGuard>,
    stream_taken: bool,
    /// Held by the stream: more than one holder means it is alive.
    stream_alive: Arc<()>,
}

impl std::fmt::Debug for IncomingBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IncomingBody")
            .field("stream_taken", &self.stream_taken)
            .finish_non_exhaustive()
    }
}

impl IncomingBody {
    /// A body read from `body` by a task on hoist-wasi's Tokio runtime.
    ///
    /// `body` is polled once here, before that task exists: a request
    /// body of `hyper`'s server asks for its data when first polled, which
    /// is also when `hyper` answers `Expect: 100-continue` with `100
    /// Continue`, unless the response has gone out by then. Left to the
    /// pump task, that first poll lost the race to a guest that sets its
    /// response before it reads the body (the guest's task, spawned last,
    /// runs first): the 100 never came, and a client such as curl waited
    /// a second before sending the body. Polled here, in the connection's
    /// own task, the connection reads (and says 100) before it writes the
    /// response.
    pub fn new(mut body: HyperIncomingBody) -> IncomingBody {
        let shared = Arc::new(Shared {
            state: Mutex::default(),
            readable: Notify::new(),
            consumed: Notify::new(),
        });
        let runtime = hoist_wasi::runtime::handle();
        let first = {
            // Inside the runtime the pump polls in (a body may use its
            // timers); no waker is needed, as the pump polls again.
            let _runtime = runtime.enter();
            let mut cx = Context::from_waker(std::task::Waker::noop());
            match Pin::new(&mut body).poll_frame(&mut cx) {
                Poll::Ready(frame) => Some(frame),
                Poll::Pending => None,
            }
        };
        let task = runtime.spawn(pump(shared.clone(), body, first));
        IncomingBody {
            shared,
            pump: Arc::new(PumpGuard(task.abort_handle())),
            stream_taken: false,
            stream_alive: Arc::new(()),
        }
    }
}

/// The `input-stream` of an incoming body.
struct IncomingBodyStream {
    shared: Arc<Shared>,
    _pump: Arc<PumpGuard>,
    _alive: Arc<()>,
    /// The body's error was reported: the stream is closed.
    failed: bool,
}

impl Subscribe for IncomingBodyStream {
    fn ready(&mut self) -> BoxFuture<'static, ()> {
        self.shared
            .wait(|state| !state.chunks.is_empty() || state.end.is_some())
    }
}

impl InputStream for IncomingBodyStream {
    fn read(&mut self, size: usize) -> Result<Vec<u8>, StreamError> {
        let mut state = self.shared.lock();
        if let Some(front) = state.chunks.front_mut() {
            let n = size.min(front.len());
            let bytes = front.split_to(n);
            if front.is_empty() {
                state.chunks.pop_front();
            }
            state.buffered -= n;
            drop(state);
            self.shared.consumed.notify_waiters();
            return Ok(bytes.to_vec());
        }
        match &state.end {
            None => Ok(Vec::new()),
            Some(Err(code)) if !self.failed => {
                self.failed = true;
                Err(StreamError::LastOperationFailed(anyhow::Error::new(
                    code.clone(),
                )))
            }
            Some(_) => Err(StreamError::Closed),
        }
    }
}

impl Drop for IncomingBodyStream {
    fn drop(&mut self) {
        // The guest reads no more; the trailers may still be wanted.
        self.shared.discard();
    }
}

/// The host value behind a guest's `future-trailers` handle.
pub struct FutureTrailers {
    shared: Arc<Shared>,
    _pump: Arc<PumpGuard>,
}

impl std::fmt::Debug for FutureTrailers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FutureTrailers").finish_non_exhaustive()
    }
}

impl Subscribe for FutureTrailers {
    fn ready(&mut self) -> BoxFuture<'static, ()> {
        self.shared
            .wait(|state| state.end.is_some() || state.end_taken)
    }
}

impl<T: WasiHttpView> HostIncomingBody for T {
    async fn stream(
        &mut self,
        body: Resource<IncomingBody>,
    ) -> anyhow::Result<Result<Resource<DynInputStream>, ()>> {
        let table = self.ctx().table;
        let body = table.get_mut(&body)?;
        if body.stream_taken {
            return Ok(Err(()));
        }
        body.stream_taken = true;
        let stream: DynInputStream = Box::new(IncomingBodyStream {
            shared: body.shared.clone(),
            _pump: body.pump.clone(),
            _alive: body.stream_alive.clone(),
            failed: false,
        });
        Ok(Ok(table.push(stream)?))
    }

    async fn finish(
        &mut self,
        body: Resource<IncomingBody>,
    ) -> anyhow::Result<Resource<FutureTrailers>> {
        let table = self.ctx().table;
        if Arc::strong_count(&table.get(&body)?.stream_alive) > 1 {
            anyhow::bail!(
                "wasi:http/types.incoming-body.finish: the body's input-stream is still alive \
                 (drop it first)"
            );
        }
        let body = table.delete(body)?;
        body.shared.discard();
        table.push(FutureTrailers {
            shared: body.shared.clone(),
            _pump: body.pump.clone(),
        })
    }

    async fn drop(&mut self, body: Resource<IncomingBody>) -> anyhow::Result<()> {
        self.ctx().table.delete(body)?;
        Ok(())
    }
}

impl<T: WasiHttpView> HostFutureTrailers for T {
    async fn subscribe(
        &mut self,
        trailers: Resource<FutureTrailers>,
    ) -> anyhow::Result<Resource<Pollable>> {
        hoist_wasi::io::subscribe(self.ctx().table, &trailers)
    }

    async fn get(
        &mut self,
        trailers: Resource<FutureTrailers>,
    ) -> anyhow::Result<Option<Result<Result<Option<Resource<Fields>>, ErrorCode>, ()>>> {
        let end = {
            let mut state = self.ctx().table.get(&trailers)?.shared.lock();
            if state.end_taken {
                return Ok(Some(Err(())));
            }
            let Some(end) = state.end.take() else {
                return Ok(None);
            };
            state.end_taken = true;
            end
        };
        Ok(Some(Ok(match end {
            Ok(None) => Ok(None),
            Ok(Some(map)) => {
                let hooks = &self.http_ctx().hooks;
                let fields = Fields::from_header_map(&map, |name| hooks.is_forbidden_header(name));
                Ok(Some(self.ctx().table.push(fields)?))
            }
            Err(code) => Err(code),
        })))
    }

    async fn drop(&mut self, trailers: Resource<FutureTrailers>) -> anyhow::Result<()> {
        self.ctx().table.delete(trailers)?;
        Ok(())
    }
}
