//! The embedder's side: [`WasiHttpCtx`] (the state of `wasi:http` in a
//! store), [`WasiHttpHooks`] (what the embedder decides: which headers
//! guests may not set, and how, or whether, a request is sent) and
//! [`WasiHttpView`] (how the host functions find both in a store's data).
//!
//! Sending itself is in `client`; the host functions in the modules named
//! after the resources.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use hoist_wasi::runtime::BoxFuture;
use hoist_wasi::WasiView;
use http::HeaderName;
use http_body_util::combinators::UnsyncBoxBody;

use crate::ErrorCode;

/// The body of a request a guest sends, as [`WasiHttpHooks::send_request`]
/// gets it: the bytes the guest writes to the `outgoing-body`'s stream,
/// then its trailers. A guest that drops the body without finishing it
/// (or writes more or less than its `content-length`) makes it fail.
pub type HyperOutgoingBody = UnsyncBoxBody<Bytes, ErrorCode>;

/// The body of a response a guest receives.
pub type HyperIncomingBody = UnsyncBoxBody<Bytes, ErrorCode>;

/// What [`WasiHttpHooks::send_request`] returns: a future of the response
/// (its head; the body comes as it arrives), or the error the guest gets
/// from `future-incoming-response.get`. It runs as a task of its own on
/// the Tokio runtime of hoist-wasi ([`hoist_wasi::runtime::handle`]).
pub type SendRequestFuture =
    BoxFuture<'static, Result<http::Response<HyperIncomingBody>, ErrorCode>>;

/// The header names guests may not set, and that are removed from the
/// fields of responses before a guest sees them: those of the connection
/// (HTTP/1.1's framing and hop-by-hop fields, which the host manages) and
/// of proxies; `host`, which the host sets from the request's authority.
/// Wasmtime's default list.
pub const DEFAULT_FORBIDDEN_HEADERS: [HeaderName; 9] = [
    http::header::CONNECTION,
    HeaderName::from_static("keep-alive"),
    http::header::PROXY_AUTHENTICATE,
    http::header::PROXY_AUTHORIZATION,
    HeaderName::from_static("proxy-connection"),
    http::header::TRANSFER_ENCODING,
    http::header::UPGRADE,
    http::header::HOST,
    HeaderName::from_static("http2-settings"),
];

/// How one outgoing request is to be sent: what the request's scheme and
/// the guest's `request-options` say, with the host's defaults for the
/// timeouts the guest left unset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingRequestConfig {
    /// The scheme is `https`: the connection is to use TLS.
    pub use_tls: bool,
    /// How long connecting (name lookup, TCP, the TLS handshake if any,
    /// and the HTTP handshake) may take.
    pub connect_timeout: Duration,
    /// How long the response's head may take to arrive once connected.
    pub first_byte_timeout: Duration,
    /// How long the response's body may pause between two of its frames.
    pub between_bytes_timeout: Duration,
}

impl OutgoingRequestConfig {
    /// The timeout of each kind when the guest sets none: 600 seconds, as
    /// Wasmtime's.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);
}

/// What the embedder decides about a guest's HTTP: which header names are
/// forbidden, and how each outgoing request is sent, if at all.
///
/// Every method has a default: Wasmtime's forbidden headers
/// ([`DEFAULT_FORBIDDEN_HEADERS`]) and sending with
/// [`default_send_request`](crate::default_send_request) (a default
/// [`HttpClient`](crate::HttpClient): `https` over TLS with the web's
/// roots of trust, `http` over plain TCP). An embedder overrides
/// `send_request` to refuse requests, rewrite them, answer them itself,
/// or send them with an [`HttpClient`](crate::HttpClient) of its own
/// (trusting a private CA, say):
///
/// ```
/// use hoist::wasi::http::{
///     default_send_request, ErrorCode, HyperOutgoingBody, OutgoingRequestConfig,
///     SendRequestFuture, WasiHttpCtx, WasiHttpHooks,
/// };
///
/// /// Only `api.internal` may be reached; every request gets a header.
/// struct OnlyInternal;
///
/// impl WasiHttpHooks for OnlyInternal {
///     fn send_request(
///         &mut self,
///         mut request: http::Request<HyperOutgoingBody>,
///         config: OutgoingRequestConfig,
///     ) -> Result<SendRequestFuture, ErrorCode> {
///         if request.uri().host() != Some("api.internal") {
///             return Err(ErrorCode::HttpRequestDenied);
///         }
///         request.headers_mut().insert("x-sandboxed", "1".parse().unwrap());
///         default_send_request(request, config)
///     }
/// }
///
/// let ctx = WasiHttpCtx::new().with_hooks(OnlyInternal);
/// # drop(ctx);
/// ```
pub trait WasiHttpHooks: Send {
    /// Whether guests may not use the header `name`: setting it fails
    /// with `header-error.forbidden`, and responses' fields lose it.
    fn is_forbidden_header(&self, name: &HeaderName) -> bool {
        DEFAULT_FORBIDDEN_HEADERS.contains(name)
    }

    /// Sends `request` (its URI absolute: scheme, authority, path), or
    /// refuses to: an `Err` is what the guest's
    /// `outgoing-handler.handle` returns (`HTTP-request-denied`, say).
    /// The future's result is what the guest's
    /// `future-incoming-response.get` gives.
    fn send_request(
        &mut self,
        request: http::Request<HyperOutgoingBody>,
        config: OutgoingRequestConfig,
    ) -> Result<SendRequestFuture, ErrorCode> {
        crate::default_send_request(request, config)
    }
}

/// The hooks of [`WasiHttpCtx::new`]: every default.
#[derive(Clone, Copy, Debug, Default)]
struct DefaultHooks;

impl WasiHttpHooks for DefaultHooks {}

/// The state of `wasi:http` in one store: the embedder's
/// [`WasiHttpHooks`] and the limits of what a guest may hold.
///
/// A guest of a linker with `wasi:http` may send requests to any
/// `http://` or `https://` address unless the hooks refuse: `wasi:http` is a capability
/// of its own, apart from `wasi:sockets`' network grants.
pub struct WasiHttpCtx {
    pub(crate) hooks: Box<dyn WasiHttpHooks>,
    pub(crate) field_size_limit: usize,
    /// Set once the guest's `incoming-handler.handle` has returned without
    /// a trap ([`crate::ProxyPre::handle`]): the response bodies it left
    /// unfinished then end as if finished (see `OutgoingBody`'s `Drop`).
    pub(crate) handle_returned: Arc<AtomicBool>,
}

impl WasiHttpCtx {
    /// How many bytes of names and values one `fields` may hold by
    /// default (Wasmtime's limit): 128 KiB.
    pub const DEFAULT_FIELD_SIZE_LIMIT: usize = 128 * 1024;

    /// A context with the default hooks (see [`WasiHttpHooks`]).
    pub fn new() -> WasiHttpCtx {
        WasiHttpCtx {
            hooks: Box::new(DefaultHooks),
            field_size_limit: Self::DEFAULT_FIELD_SIZE_LIMIT,
            handle_returned: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Records that the guest's `handle` returned without a trap.
    pub(crate) fn set_handle_returned(&self) {
        self.handle_returned.store(true, Ordering::SeqCst);
    }

    /// This context with `hooks` deciding instead of the defaults.
    pub fn with_hooks(mut self, hooks: impl WasiHttpHooks + 'static) -> WasiHttpCtx {
        self.hooks = Box::new(hooks);
        self
    }

    /// This context with `limit` bytes of names and values allowed in one
    /// `fields`: a guest growing one past it traps.
    pub fn with_field_size_limit(mut self, limit: usize) -> WasiHttpCtx {
        self.field_size_limit = limit;
        self
    }
}

impl Default for WasiHttpCtx {
    fn default() -> WasiHttpCtx {
        WasiHttpCtx::new()
    }
}

impl std::fmt::Debug for WasiHttpCtx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WasiHttpCtx")
            .field("field_size_limit", &self.field_size_limit)
            .finish_non_exhaustive()
    }
}

/// Store data that hosts `wasi:http`: a [`WasiView`] (whose resource
/// table holds the HTTP resources too, next to the streams and pollables
/// they hand out) with a [`WasiHttpCtx`].
///
/// ```
/// use hoist::component::ResourceTable;
/// use hoist::wasi::http::{WasiHttpCtx, WasiHttpView};
/// use hoist::wasi::{WasiCtx, WasiCtxView, WasiView};
///
/// struct MyState {
///     wasi: WasiCtx,
///     http: WasiHttpCtx,
///     table: ResourceTable,
/// }
///
/// impl WasiView for MyState {
///     fn ctx(&mut self) -> WasiCtxView<'_> {
///         WasiCtxView { ctx: &mut self.wasi, table: &mut self.table }
///     }
/// }
///
/// impl WasiHttpView for MyState {
///     fn http_ctx(&mut self) -> &mut WasiHttpCtx {
///         &mut self.http
///     }
/// }
/// ```
pub trait WasiHttpView: WasiView {
    /// The `wasi:http` state of this store.
    fn http_ctx(&mut self) -> &mut WasiHttpCtx;
}

impl<T: ?Sized + WasiHttpView> WasiHttpView for &mut T {
    fn http_ctx(&mut self) -> &mut WasiHttpCtx {
        T::http_ctx(self)
    }
}

impl<T: ?Sized + WasiHttpView> WasiHttpView for Box<T> {
    fn http_ctx(&mut self) -> &mut WasiHttpCtx {
        T::http_ctx(self)
    }
}

/// The simplest store data that hosts WASI and `wasi:http`: a WASI
/// context, a `wasi:http` context and their one table, for hosts that
/// keep nothing else in the store (`hoist serve`, `hoist run -S http`, a
/// test). Hosts with state of their own implement [`WasiView`] and
/// [`WasiHttpView`] for their type.
///
/// ```
/// use hoist::wasi::http::WasiHttpState;
/// use hoist::wasi::WasiCtx;
/// let state = WasiHttpState::new(WasiCtx::builder().inherit_stdio().build());
/// # drop(state);
/// ```
pub struct WasiHttpState {
    /// The WASI context.
    pub ctx: hoist_wasi::WasiCtx,
    /// The `wasi:http` context.
    pub http: WasiHttpCtx,
    /// The resources guests hold handles to.
    pub table: hoist_runtime::component::ResourceTable,
}

impl WasiHttpState {
    /// The state of `ctx`, with the default [`WasiHttpCtx`] and an empty
    /// table.
    pub fn new(ctx: hoist_wasi::WasiCtx) -> WasiHttpState {
        WasiHttpState {
            ctx,
            http: WasiHttpCtx::new(),
            table: hoist_runtime::component::ResourceTable::new(),
        }
    }
}

impl WasiView for WasiHttpState {
    fn ctx(&mut self) -> hoist_wasi::WasiCtxView<'_> {
        hoist_wasi::WasiCtxView {
            ctx: &mut self.ctx,
            table: &mut self.table,
        }
    }
}

impl WasiHttpView for WasiHttpState {
    fn http_ctx(&mut self) -> &mut WasiHttpCtx {
        &mut self.http
    }
}
