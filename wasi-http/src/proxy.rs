//! The serving side: `wasi:http/incoming-handler`. [`Proxy`] (generated
//! from the official world `wasi:http/proxy`), [`ProxyPre`] (a component
//! linked once, one fresh instance per request) and [`ProxyPre::handle`],
//! which gives one `http::Request` to the guest's `handle` and returns
//! the `http::Response` it sets, whose body streams from the guest's
//! `outgoing-body` while the guest runs on.
//!
//! When the guest gives no response, [`HandleError`] says why and which
//! status answers it ([`status_of_error_code`] for an `error-code` the
//! guest set).

use std::future::Future;
use std::time::Duration;

use bytes::Bytes;
use hoist_runtime::component::{InstancePre, Resource};
use hoist_runtime::Store;
use http::StatusCode;
use http_body::Body;
use http_body_util::BodyExt;
use tokio::sync::oneshot;

use crate::bindings::wasi::http::types::Scheme;
use crate::{ErrorCode, HyperOutgoingBody, IncomingRequest, ResponseOutparam, WasiHttpView};

mod generated {
    hoist_macros::bindgen!({
        world: "wasi:http/proxy@0.2.12",
        path: ["../wasi/wit", "wit"],
        async: true,
        with: {
            "wasi:io/error": ::hoist_wasi::bindings::wasi::io::error,
            "wasi:io/poll": ::hoist_wasi::bindings::wasi::io::poll,
            "wasi:io/streams": ::hoist_wasi::bindings::wasi::io::streams,
            "wasi:clocks/monotonic-clock": ::hoist_wasi::bindings::wasi::clocks::monotonic_clock,
            "wasi:clocks/wall-clock": ::hoist_wasi::bindings::wasi::clocks::wall_clock,
            "wasi:random/random": ::hoist_wasi::bindings::wasi::random::random,
            "wasi:cli/stdout": ::hoist_wasi::bindings::wasi::cli::stdout,
            "wasi:cli/stderr": ::hoist_wasi::bindings::wasi::cli::stderr,
            "wasi:cli/stdin": ::hoist_wasi::bindings::wasi::cli::stdin,
            "wasi:http/types": crate::bindings::wasi::http::types,
            "wasi:http/outgoing-handler": crate::bindings::wasi::http::outgoing_handler,
        },
    });
}

pub use generated::{exports, Proxy};

/// The export a component of the proxy world has, less its version.
const HANDLER: &str = "wasi:http/incoming-handler@0.2.";

/// Why a request got no response from the guest, and what answers it
/// ([`HandleError::status`], [`HandleError::to_response`]).
#[derive(Debug)]
pub enum HandleError {
    /// The request cannot be given to a guest (it names no authority, in
    /// its URI or a `host` header): 400.
    BadRequest(anyhow::Error),
    /// The guest set the `error-code`: the status of
    /// [`status_of_error_code`].
    Code(ErrorCode),
    /// Instantiating the component or running `handle` failed (a trap, a
    /// host error) before a response was set: 500.
    Failed(anyhow::Error),
    /// `handle` returned, or dropped the `response-outparam`, without
    /// setting it: 500.
    NoResponse,
    /// The guest set no response within the time it had
    /// ([`ProxyPre::with_timeout`], or an epoch deadline the embedder
    /// set: [`Trap::Interrupt`](hoist_runtime::Trap::Interrupt)): 504.
    Timeout,
}

impl HandleError {
    /// The status that answers the request.
    pub fn status(&self) -> StatusCode {
        match self {
            HandleError::BadRequest(_) => StatusCode::BAD_REQUEST,
            HandleError::Code(code) => status_of_error_code(code),
            HandleError::Timeout => StatusCode::GATEWAY_TIMEOUT,
            HandleError::Failed(_) | HandleError::NoResponse => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The response that answers the request: [`HandleError::status`],
    /// with its reason phrase as a plain-text body (nothing of the guest's
    /// error reaches the client).
    pub fn to_response(&self) -> http::Response<HyperOutgoingBody> {
        let status = self.status();
        let text = format!("{}\n", status.canonical_reason().unwrap_or("Error"));
        let mut response = http::Response::new(
            http_body_util::Full::new(Bytes::from(text))
                .map_err(|never| match never {})
                .boxed_unsync(),
        );
        *response.status_mut() = status;
        response.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        response
    }
}

impl std::fmt::Display for HandleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HandleError::BadRequest(e) => write!(f, "bad request: {e:#}"),
            HandleError::Code(code) => write!(f, "the guest answered with error-code {code}"),
            HandleError::Failed(e) => write!(f, "the guest failed: {e:#}"),
            HandleError::Timeout => {
                write!(f, "the guest set no response within the time it had")
            }
            HandleError::NoResponse => write!(
                f,
                "the guest's handle gave no response (expected response-outparam.set before \
                 handle returns)"
            ),
        }
    }
}

impl std::error::Error for HandleError {}

/// The status answering a request whose guest set `code` instead of a
/// response, as a gateway would answer for its upstream:
///
/// - 504 Gateway Timeout for every timeout (`DNS-timeout`,
///   `connection-timeout`, `connection-read-timeout`,
///   `connection-write-timeout`, `HTTP-response-timeout`);
/// - 403 for `HTTP-request-denied`, 411 for
///   `HTTP-request-length-required`, 413 for `HTTP-request-body-size`,
///   405 for `HTTP-request-method-invalid`, 400 for
///   `HTTP-request-URI-invalid` and the trailer size errors, 414 for
///   `HTTP-request-URI-too-long`, 431 for the header size errors (the
///   request's own faults);
/// - 503 for `connection-limit-reached`, 508 for `loop-detected`, 500 for
///   `configuration-error` and `internal-error`;
/// - 502 Bad Gateway for the rest (the upstream failed: DNS, destination,
///   connection, TLS, and the `HTTP-response-*` errors).
pub fn status_of_error_code(code: &ErrorCode) -> StatusCode {
    use ErrorCode::*;
    match code {
        DnsTimeout
        | ConnectionTimeout
        | ConnectionReadTimeout
        | ConnectionWriteTimeout
        | HttpResponseTimeout => StatusCode::GATEWAY_TIMEOUT,
        HttpRequestDenied => StatusCode::FORBIDDEN,
        HttpRequestLengthRequired => StatusCode::LENGTH_REQUIRED,
        HttpRequestBodySize(_) => StatusCode::PAYLOAD_TOO_LARGE,
        HttpRequestMethodInvalid => StatusCode::METHOD_NOT_ALLOWED,
        HttpRequestUriInvalid | HttpRequestTrailerSectionSize(_) | HttpRequestTrailerSize(_) => {
            StatusCode::BAD_REQUEST
        }
        HttpRequestUriTooLong => StatusCode::URI_TOO_LONG,
        HttpRequestHeaderSectionSize(_) | HttpRequestHeaderSize(_) => {
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE
        }
        ConnectionLimitReached => StatusCode::SERVICE_UNAVAILABLE,
        LoopDetected => StatusCode::LOOP_DETECTED,
        ConfigurationError | InternalError(_) => StatusCode::INTERNAL_SERVER_ERROR,
        DnsError(_)
        | DestinationNotFound
        | DestinationUnavailable
        | DestinationIpProhibited
        | DestinationIpUnroutable
        | ConnectionRefused
        | ConnectionTerminated
        | TlsProtocolError
        | TlsCertificateError
        | TlsAlertReceived(_)
        | HttpResponseIncomplete
        | HttpResponseHeaderSectionSize(_)
        | HttpResponseHeaderSize(_)
        | HttpResponseBodySize(_)
        | HttpResponseTrailerSectionSize(_)
        | HttpResponseTrailerSize(_)
        | HttpResponseTransferCoding(_)
        | HttpResponseContentCoding(_)
        | HttpUpgradeFailed
        | HttpProtocolError => StatusCode::BAD_GATEWAY,
    }
}

/// Aborts a task when dropped, unless disarmed.
struct AbortUnlessDisarmed(Option<tokio::task::AbortHandle>);

impl Drop for AbortUnlessDisarmed {
    fn drop(&mut self) {
        if let Some(task) = self.0.take() {
            task.abort();
        }
    }
}

/// A component of the `wasi:http/proxy` world, compiled and linked once:
/// each request gets a fresh instance in a fresh store
/// ([`ProxyPre::handle`]), so that requests share nothing.
///
/// ```no_run
/// use hoist::component::{Component, Linker};
/// use hoist::wasi::http::{ProxyPre, WasiHttpState};
/// use hoist::wasi::WasiCtx;
/// use hoist::{Engine, Store};
///
/// # async fn serve(request: http::Request<hyper::body::Incoming>) -> anyhow::Result<()> {
/// let engine = Engine::default();
/// let component = Component::from_file(&engine, "proxy.wasm")?;
/// let mut linker = Linker::<WasiHttpState>::new(&engine);
/// hoist::wasi::http::add_to_linker_async(&mut linker)?;
/// let proxy = ProxyPre::new(linker.instantiate_pre(&component)?)?;
/// // For each request (inside a Tokio runtime):
/// let store = Store::new(&engine, WasiHttpState::new(WasiCtx::builder().build()));
/// let response = match proxy.handle(store, request).await {
///     Ok(response) => response,
///     Err(e) => e.to_response(),
/// };
/// # drop(response); Ok(()) }
/// ```
pub struct ProxyPre<T: 'static> {
    pre: InstancePre<T>,
    /// The longest one request's guest may run.
    timeout: Option<Duration>,
}

impl<T: 'static> Clone for ProxyPre<T> {
    fn clone(&self) -> ProxyPre<T> {
        ProxyPre {
            pre: self.pre.clone(),
            timeout: self.timeout,
        }
    }
}

impl<T: 'static> std::fmt::Debug for ProxyPre<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProxyPre")
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// The error a guest's task ends with when its time is up.
#[derive(Debug)]
struct TimedOut(Duration);

impl std::fmt::Display for TimedOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the guest ran longer than its {:?} and was stopped",
            self.0
        )
    }
}

impl std::error::Error for TimedOut {}

impl<T: WasiHttpView + 'static> ProxyPre<T> {
    /// `pre`, checked to export `wasi:http/incoming-handler` (0.2.x).
    pub fn new(pre: InstancePre<T>) -> anyhow::Result<ProxyPre<T>> {
        let exports: Vec<&str> = pre.component().exports().map(|(name, _)| name).collect();
        if !exports.iter().any(|name| name.starts_with(HANDLER)) {
            anyhow::bail!(
                "expected a component exporting `wasi:http/incoming-handler@0.2.x` (the \
                 wasi:http/proxy world), found one exporting {}",
                if exports.is_empty() {
                    "nothing".to_owned()
                } else {
                    format!("`{}`", exports.join("`, `"))
                }
            );
        }
        Ok(ProxyPre { pre, timeout: None })
    }

    /// This `ProxyPre` with each request's guest given at most `limit` to
    /// run, from its instantiation to the end of the body it writes.
    /// When that passes, the guest's task is stopped: before it set the
    /// response, [`ProxyPre::handle`] fails with [`HandleError::Timeout`]
    /// (504); after, the response's body fails, cut short.
    ///
    /// This stops a guest that waits (on a pollable, on the client's
    /// body, on an outgoing request): the task is dropped at its next
    /// wait. A guest that computes without waiting is stopped by an epoch
    /// deadline, which only the embedder can set: an engine with
    /// [`Config::epoch_interruption`](hoist_runtime::Config::epoch_interruption),
    /// a thread calling [`Engine::increment_epoch`](hoist_runtime::Engine::increment_epoch)
    /// on a tick, and [`Store::set_epoch_deadline`] on each request's
    /// store (as `hoist serve` does). Its trap is a [`HandleError::Timeout`]
    /// too.
    pub fn with_timeout(mut self, limit: Duration) -> ProxyPre<T> {
        self.timeout = Some(limit);
        self
    }

    /// The pre-linked component.
    pub fn instance_pre(&self) -> &InstancePre<T> {
        &self.pre
    }

    /// Gives `request` to a fresh instance in `store` and returns the
    /// response the guest sets, once it has set it.
    ///
    /// The guest runs as a task of its own on the Tokio runtime of
    /// hoist-wasi ([`hoist_wasi::runtime::handle`]: the caller's when
    /// there is one), and keeps running after it set the response,
    /// writing the body the response streams: the body ends when the
    /// guest finishes it, and fails when the guest drops it unfinished or
    /// fails (a trap after the response has been set can only cut the
    /// body short). A body the guest neither finished nor dropped by the
    /// time `handle` returned ends there, as if finished without
    /// trailers. Dropping the returned future before it is ready
    /// (a client gone) stops the guest.
    ///
    /// The request's authority is its URI's, else its `host` header's;
    /// its scheme is its URI's, else `http`. Its headers reach the guest
    /// less those the store's hooks forbid.
    pub async fn handle<B>(
        &self,
        mut store: Store<T>,
        request: http::Request<B>,
    ) -> Result<http::Response<HyperOutgoingBody>, HandleError>
    where
        T: Send,
        B: Body<Data = Bytes> + Send + 'static,
        ErrorCode: From<B::Error>,
    {
        let scheme = match request.uri().scheme() {
            Some(s) if *s == http::uri::Scheme::HTTPS => Scheme::Https,
            Some(s) if *s != http::uri::Scheme::HTTP => Scheme::Other(s.as_str().to_owned()),
            _ => Scheme::Http,
        };
        let request = request.map(|body| body.map_err(ErrorCode::from).boxed_unsync());
        let hooks = &store.data_mut().http_ctx().hooks;
        let request = IncomingRequest::new(scheme, request, |name| hooks.is_forbidden_header(name))
            .map_err(HandleError::BadRequest)?;
        let (sender, mut receiver) = oneshot::channel();
        let (request, outparam) =
            push_request(&mut store, request, sender).map_err(HandleError::Failed)?;
        let pre = self.pre.clone();
        let limit = self.timeout;
        let mut task = hoist_wasi::runtime::handle().spawn(async move {
            let run = async {
                let (proxy, _) = Proxy::instantiate_pre_async(&mut store, &pre).await?;
                proxy
                    .wasi_http_incoming_handler()
                    .call_handle(&mut store, request, outparam)
                    .await?;
                store.data_mut().http_ctx().set_handle_returned();
                Ok(())
            };
            match limit {
                None => run.await,
                Some(limit) => match tokio::time::timeout(limit, run).await {
                    Ok(ended) => ended,
                    Err(_) => Err(anyhow::Error::new(TimedOut(limit))),
                },
            }
        });
        let mut guard = AbortUnlessDisarmed(Some(task.abort_handle()));
        let (outcome, guest) = tokio::select! {
            set = &mut receiver => (set.ok(), Guest::Running(task)),
            ended = &mut task => {
                // The guest may have set the response, then returned.
                match receiver.try_recv() {
                    Ok(set) => (Some(set), Guest::Ended(ended)),
                    Err(_) => return Err(unanswered(ended)),
                }
            }
        };
        match outcome {
            Some(Ok(response)) => {
                // The guest writes the body on; if it fails, the body's
                // error says how.
                guard.0 = None;
                Ok(response.map(|body| {
                    GuestBody {
                        body,
                        guest,
                        failed: None,
                        done: false,
                    }
                    .boxed_unsync()
                }))
            }
            Some(Err(code)) => Err(HandleError::Code(code)),
            // The outparam was dropped unset: the guest may still be
            // running, or failing; its outcome says which.
            None => Err(unanswered(match guest {
                Guest::Running(task) => task.await,
                Guest::Ended(ended) => ended,
            })),
        }
    }
}

/// How a guest's task ended, as its `JoinHandle` gives it.
type Ended = Result<anyhow::Result<()>, tokio::task::JoinError>;

/// The guest behind a response's body.
enum Guest {
    /// Its task runs (or ended, not yet asked).
    Running(tokio::task::JoinHandle<anyhow::Result<()>>),
    /// Its task ended so.
    Ended(Ended),
}

/// A response's body as the guest writes it, with the guest's task: when
/// the body fails (the guest dropped it unfinished, or its task ended
/// with the body), the error is the task's, if it failed (a trap after
/// the response was set, the timeout), so that whoever logs the body's
/// error logs why. Dropping it before its end (a client gone) stops the
/// guest; once the body has ended, the guest may run on (work after the
/// response) until it returns or its time is up.
struct GuestBody {
    body: HyperOutgoingBody,
    guest: Guest,
    /// The body's error, while the guest's outcome is awaited.
    failed: Option<ErrorCode>,
    /// The body has ended, complete or failed.
    done: bool,
}

impl Drop for GuestBody {
    fn drop(&mut self) {
        if let (false, Guest::Running(task)) = (self.done, &self.guest) {
            task.abort();
        }
    }
}

impl Body for GuestBody {
    type Data = Bytes;
    type Error = ErrorCode;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, ErrorCode>>> {
        use std::task::Poll;
        let this = self.get_mut();
        if this.done {
            return Poll::Ready(None);
        }
        if this.failed.is_none() {
            match std::pin::Pin::new(&mut this.body).poll_frame(cx) {
                Poll::Ready(Some(Err(code))) => this.failed = Some(code),
                Poll::Ready(None) => {
                    this.done = true;
                    return Poll::Ready(None);
                }
                other => return other,
            }
        }
        // The body failed: if the guest's task failed, its error is the
        // better account, once the task has ended (which it does, having
        // dropped the body).
        if let Guest::Running(task) = &mut this.guest {
            let ended = std::task::ready!(std::pin::Pin::new(task).poll(cx));
            this.guest = Guest::Ended(ended);
        }
        this.done = true;
        let code = this.failed.take().unwrap_or(ErrorCode::InternalError(None));
        Poll::Ready(Some(Err(match &this.guest {
            Guest::Ended(Ok(Err(e))) => ErrorCode::InternalError(Some(format!(
                "the guest failed after setting the response: {e:#}"
            ))),
            _ => code,
        })))
    }

    fn is_end_stream(&self) -> bool {
        self.done
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

/// Why a guest whose task ended as `ended` set no response.
fn unanswered(ended: Ended) -> HandleError {
    match ended {
        Ok(Ok(())) => HandleError::NoResponse,
        Ok(Err(e)) if is_timeout(&e) => HandleError::Timeout,
        Ok(Err(e)) => HandleError::Failed(e),
        Err(e) => HandleError::Failed(anyhow::anyhow!("the guest's task ended abnormally: {e}")),
    }
}

/// Whether `e` says the guest's time was up: [`TimedOut`], or the trap of
/// an epoch deadline.
fn is_timeout(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause.is::<TimedOut>()
            || cause.downcast_ref::<hoist_runtime::Trap>() == Some(&hoist_runtime::Trap::Interrupt)
    })
}

/// Pushes `request` and an outparam answering to `sender` into the
/// store's table: the handles `handle` takes.
fn push_request<T: WasiHttpView>(
    store: &mut Store<T>,
    request: IncomingRequest,
    sender: oneshot::Sender<Result<http::Response<HyperOutgoingBody>, ErrorCode>>,
) -> anyhow::Result<(Resource<IncomingRequest>, Resource<ResponseOutparam>)> {
    let table = store.data_mut().ctx().table;
    let request = table.push(request)?;
    let outparam = table.push(ResponseOutparam::new(sender))?;
    Ok((request, outparam))
}
