//! Sending a request: [`HttpClient`], and [`default_send_request`]
//! (a process-wide default client). One connection per request: TCP,
//! then TLS for `https` (rustls, with the `ring` provider), then HTTP/1.1
//! or HTTP/2 with `hyper`, with the connect, first-byte and between-bytes
//! timeouts of the request's [`OutgoingRequestConfig`].
//!
//! Over TLS the client offers HTTP/2 and HTTP/1.1 by ALPN and speaks what
//! the server picks (HTTP/1.1 when it picks nothing); over plain TCP it
//! speaks HTTP/1.1, or HTTP/2 with prior knowledge (h2c) when configured
//! to ([`HttpClient::http2_prior_knowledge`]).

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use http_body_util::BodyExt;
use hyper_util::rt::{TokioExecutor, TokioIo};
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{ClientConfig, RootCertStore};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio::time::{timeout, timeout_at, Instant, Sleep};
use tokio_rustls::TlsConnector;

use crate::error::{connect_error, dns_error, hyper_error};
use crate::{
    ErrorCode, HyperIncomingBody, HyperOutgoingBody, OutgoingRequestConfig, SendRequestFuture,
    WasiHttpHooks,
};

/// The ALPN protocol names the client offers over TLS, the one it
/// prefers first.
const ALPN_H2: &[u8] = b"h2";
const ALPN_HTTP1: &[u8] = b"http/1.1";

/// How outgoing requests are sent: the roots of trust for `https`, and
/// whether plain `http` requests use HTTP/2 with prior knowledge.
///
/// Each request gets a connection of its own: over TLS (for `https`, or
/// when [`OutgoingRequestConfig::use_tls`] says so; port 443 unless the
/// authority names one) the server's certificate is checked against the
/// client's roots for the URI's host (a name or an IP address), HTTP/2
/// and HTTP/1.1 are offered by ALPN and the server's pick is used; over
/// plain TCP (port 80 by default) requests use HTTP/1.1, or HTTP/2 when
/// [`http2_prior_knowledge`](HttpClient::http2_prior_knowledge) is set.
/// TLS is rustls with its `ring` crypto provider.
///
/// A client is cheap to clone (its TLS configuration is shared), and is
/// [`WasiHttpHooks`] itself (sending every request, with the default
/// forbidden headers), so that a context can use it as it is:
///
/// ```no_run
/// use hoist::wasi::http::{HttpClient, WasiHttpCtx};
///
/// # fn main() -> anyhow::Result<()> {
/// // The web's roots, and a private CA's certificate (DER).
/// let private_ca = std::fs::read("private-ca.der")?;
/// let client = HttpClient::new().with_root_certificate(&private_ca)?;
/// let ctx = WasiHttpCtx::new().with_hooks(client);
/// # drop(ctx); Ok(()) }
/// ```
///
/// Hooks of the embedder's own call [`send`](HttpClient::send) for the
/// requests they let through.
#[derive(Clone)]
pub struct HttpClient {
    /// The roots `tls` was built with, kept to build it again with more.
    roots: Arc<RootCertStore>,
    tls: Arc<ClientConfig>,
    http2_prior_knowledge: bool,
}

impl HttpClient {
    /// A client trusting the web's usual certificate authorities (Mozilla's
    /// roots, from `webpki-roots`), sending plain `http` requests over
    /// HTTP/1.1.
    pub fn new() -> HttpClient {
        HttpClient::with_roots(webpki_roots::TLS_SERVER_ROOTS.iter().cloned().collect())
    }

    /// A client trusting no certificate authority until some are added
    /// with [`with_root_certificate`](HttpClient::with_root_certificate):
    /// for hosts that may reach only servers of a private CA.
    pub fn without_default_roots() -> HttpClient {
        HttpClient::with_roots(RootCertStore::empty())
    }

    fn with_roots(roots: RootCertStore) -> HttpClient {
        let roots = Arc::new(roots);
        HttpClient {
            tls: Arc::new(tls_config(roots.clone())),
            roots,
            http2_prior_knowledge: false,
        }
    }

    /// This client also trusting the certificate authority whose
    /// certificate (X.509, DER-encoded) is `der`: a private CA, or a
    /// test's self-signed certificate. Fails when `der` is not a
    /// certificate that can be a root.
    pub fn with_root_certificate(mut self, der: impl AsRef<[u8]>) -> anyhow::Result<HttpClient> {
        let mut roots = RootCertStore::clone(&self.roots);
        roots
            .add(CertificateDer::from(der.as_ref()))
            .map_err(|e| anyhow::anyhow!("not a usable root certificate: {e}"))?;
        let roots = Arc::new(roots);
        self.tls = Arc::new(tls_config(roots.clone()));
        self.roots = roots;
        Ok(self)
    }

    /// This client sending plain `http` requests over HTTP/2 without
    /// asking first (`true`: "prior knowledge", h2c; the servers must
    /// speak it) or over HTTP/1.1 (`false`, the default). `https`
    /// requests use what ALPN settles either way.
    pub fn http2_prior_knowledge(mut self, enabled: bool) -> HttpClient {
        self.http2_prior_knowledge = enabled;
        self
    }

    /// Sends `request` (whose URI is absolute) on a new connection, as
    /// `config` says.
    ///
    /// Checks what it can at once (`Err`: the URI has no authority, or a
    /// host that is no server name); the future connects (name lookup,
    /// TCP, TLS: all within the connect timeout), sends, and resolves to
    /// the response once its head arrived. The connection lives as long
    /// as the response's body. The future must run inside a Tokio runtime
    /// with time and I/O enabled (as hoist-wasi's is).
    pub fn send(
        &self,
        mut request: http::Request<HyperOutgoingBody>,
        config: OutgoingRequestConfig,
    ) -> Result<SendRequestFuture, ErrorCode> {
        let uri = request.uri();
        let use_tls = config.use_tls || uri.scheme() == Some(&http::uri::Scheme::HTTPS);
        let authority = uri.authority().ok_or(ErrorCode::HttpRequestUriInvalid)?;
        let host = authority.host();
        let port = authority
            .port_u16()
            .unwrap_or(if use_tls { 443 } else { 80 });
        // An IPv6 host keeps its brackets here, as `lookup_host` wants.
        let address = format!("{host}:{port}");
        let tls = if use_tls {
            let name = host
                .strip_prefix('[')
                .and_then(|h| h.strip_suffix(']'))
                .unwrap_or(host);
            let name = ServerName::try_from(name.to_owned())
                .map_err(|_| ErrorCode::HttpRequestUriInvalid)?;
            Some((TlsConnector::from(self.tls.clone()), name))
        } else {
            None
        };
        if request.uri().scheme().is_none() {
            // HTTP/2 sends the scheme: the URI is to have one.
            let mut uri = std::mem::take(request.uri_mut()).into_parts();
            uri.scheme = Some(if use_tls {
                http::uri::Scheme::HTTPS
            } else {
                http::uri::Scheme::HTTP
            });
            if uri.path_and_query.is_none() {
                uri.path_and_query = Some(http::uri::PathAndQuery::from_static("/"));
            }
            *request.uri_mut() =
                http::Uri::from_parts(uri).map_err(|_| ErrorCode::HttpRequestUriInvalid)?;
        }
        let h2c = self.http2_prior_knowledge;
        Ok(Box::pin(async move {
            let deadline = Instant::now() + config.connect_timeout;
            let stream = connect(&address, deadline).await?;
            match tls {
                None => exchange(stream, h2c, request, &config, deadline).await,
                Some((connector, name)) => {
                    let stream = timeout_at(deadline, connector.connect(name, stream))
                        .await
                        .map_err(|_| ErrorCode::ConnectionTimeout)?
                        .map_err(|e| connect_error(&e))?;
                    let http2 = stream.get_ref().1.alpn_protocol() == Some(ALPN_H2);
                    exchange(stream, http2, request, &config, deadline).await
                }
            }
        }))
    }
}

impl Default for HttpClient {
    fn default() -> HttpClient {
        HttpClient::new()
    }
}

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClient")
            .field("roots", &self.roots.len())
            .field("http2_prior_knowledge", &self.http2_prior_knowledge)
            .finish_non_exhaustive()
    }
}

/// Sends every request with [`HttpClient::send`].
impl WasiHttpHooks for HttpClient {
    fn send_request(
        &mut self,
        request: http::Request<HyperOutgoingBody>,
        config: OutgoingRequestConfig,
    ) -> Result<SendRequestFuture, ErrorCode> {
        self.send(request, config)
    }
}

/// The TLS configuration of a client trusting `roots`: the `ring`
/// provider (whatever the process default is), its safe protocol
/// versions, no client certificate, HTTP/2 and HTTP/1.1 offered.
fn tls_config(roots: Arc<RootCertStore>) -> ClientConfig {
    // rustls deprecates ring's provider for its want of post-quantum key
    // exchange (its X25519, P-256 and P-384 remain); the alternative,
    // aws-lc-rs, needs a C toolchain this crate does not ask for. Named
    // here rather than taken from the process's default, which may be
    // unset or ambiguous.
    #[allow(deprecated)]
    let provider = rustls::crypto::ring::default_provider();
    let mut config = ClientConfig::builder_with_provider(Arc::new(provider))
        .with_safe_default_protocol_versions()
        .expect("the ring provider supports TLS 1.2 and 1.3")
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![ALPN_H2.to_vec(), ALPN_HTTP1.to_vec()];
    config
}

/// Sends `request` with the process-wide default [`HttpClient`]
/// ([`HttpClient::new`]: the web's roots of trust, HTTP/1.1 over plain
/// TCP, HTTP/2 or HTTP/1.1 over TLS as the server picks): what
/// [`WasiHttpHooks::send_request`] does unless the embedder's hooks say
/// otherwise. See [`HttpClient::send`].
pub fn default_send_request(
    request: http::Request<HyperOutgoingBody>,
    config: OutgoingRequestConfig,
) -> Result<SendRequestFuture, ErrorCode> {
    static DEFAULT: OnceLock<HttpClient> = OnceLock::new();
    DEFAULT.get_or_init(HttpClient::new).send(request, config)
}

/// Connects to `address` (`host:port`), trying each of its addresses
/// until `deadline`.
async fn connect(address: &str, deadline: Instant) -> Result<TcpStream, ErrorCode> {
    let addresses = timeout_at(deadline, tokio::net::lookup_host(address))
        .await
        .map_err(|_| ErrorCode::DnsTimeout)?
        .map_err(|_| dns_error())?;
    let mut last = None;
    for addr in addresses {
        match timeout_at(deadline, TcpStream::connect(addr)).await {
            Err(_) => return Err(ErrorCode::ConnectionTimeout),
            Ok(Ok(stream)) => return Ok(stream),
            Ok(Err(e)) => last = Some(connect_error(&e)),
        }
    }
    Err(last.unwrap_or_else(dns_error))
}

/// Sends `request` on `stream` (connected, and through TLS if it is to
/// be) over HTTP/2 (`http2`) or HTTP/1.1: the HTTP handshake within
/// `deadline`, the response's head within the first-byte timeout.
async fn exchange<S>(
    stream: S,
    http2: bool,
    request: http::Request<HyperOutgoingBody>,
    config: &OutgoingRequestConfig,
    deadline: Instant,
) -> Result<http::Response<HyperIncomingBody>, ErrorCode>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let io = TokioIo::new(stream);
    let (mut parts, body) = request.into_parts();
    let failure = Arc::new(OnceLock::new());
    let body = WatchedBody {
        body,
        failure: failure.clone(),
    };
    let handshake_timeout = |_| ErrorCode::ConnectionTimeout;
    let (response, connection) = if http2 {
        // HTTP/2 sends the scheme and authority as pseudo-headers: the URI
        // stays absolute (`send` made sure of both).
        let (mut sender, connection) = timeout_at(
            deadline,
            hyper::client::conn::http2::handshake(TokioExecutor::new(), io),
        )
        .await
        .map_err(handshake_timeout)?
        .map_err(|e| hyper_error(&e))?;
        let connection = ConnectionTask::spawn(connection);
        let request = http::Request::from_parts(parts, body);
        let response = timeout(config.first_byte_timeout, sender.send_request(request)).await;
        (response, connection)
    } else {
        // The request line has the origin form (the path): the absolute
        // form is for proxies.
        let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
        parts.uri = http::Uri::builder()
            .path_and_query(path)
            .build()
            .map_err(|_| ErrorCode::HttpRequestUriInvalid)?;
        let (mut sender, connection) =
            timeout_at(deadline, hyper::client::conn::http1::handshake(io))
                .await
                .map_err(handshake_timeout)?
                .map_err(|e| hyper_error(&e))?;
        let connection = ConnectionTask::spawn(connection);
        let request = http::Request::from_parts(parts, body);
        let response = timeout(config.first_byte_timeout, sender.send_request(request)).await;
        (response, connection)
    };
    let response = response
        .map_err(|_| ErrorCode::ConnectionReadTimeout)?
        // The request's body failing fails the request; HTTP/2 resets
        // the stream then, whose error says nothing of why.
        .map_err(|e| failure.get().cloned().unwrap_or_else(|| hyper_error(&e)))?;
    Ok(response.map(|incoming| {
        TimedBody {
            incoming,
            between_bytes: config.between_bytes_timeout,
            sleep: None,
            _connection: connection,
        }
        .boxed_unsync()
    }))
}

/// A request's body, keeping the first error it fails with.
struct WatchedBody {
    body: HyperOutgoingBody,
    failure: Arc<OnceLock<ErrorCode>>,
}

impl Body for WatchedBody {
    type Data = Bytes;
    type Error = ErrorCode;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, ErrorCode>>> {
        let frame = Pin::new(&mut self.body).poll_frame(cx);
        if let Poll::Ready(Some(Err(code))) = &frame {
            let _ = self.failure.set(code.clone());
        }
        frame
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// The task driving a connection (for HTTP/2, the task dispatching its
/// requests; hyper drives the connection itself on a task of its own,
/// which ends once nothing uses the connection), aborted when dropped.
struct ConnectionTask(tokio::task::AbortHandle);

impl ConnectionTask {
    fn spawn<F>(connection: F) -> ConnectionTask
    where
        F: Future + Send + 'static,
    {
        ConnectionTask(
            tokio::spawn(async move {
                let _ = connection.await;
            })
            .abort_handle(),
        )
    }
}

impl Drop for ConnectionTask {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// A response's body, failing with `connection-read-timeout` when it
/// pauses longer than the between-bytes timeout, and holding the
/// connection.
struct TimedBody {
    incoming: hyper::body::Incoming,
    between_bytes: Duration,
    /// Armed while waiting for a frame.
    sleep: Option<Pin<Box<Sleep>>>,
    _connection: ConnectionTask,
}

impl Body for TimedBody {
    type Data = Bytes;
    type Error = ErrorCode;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, ErrorCode>>> {
        let this = self.get_mut();
        match Pin::new(&mut this.incoming).poll_frame(cx) {
            Poll::Ready(frame) => {
                this.sleep = None;
                Poll::Ready(frame.map(|f| f.map_err(|e| hyper_error(&e))))
            }
            Poll::Pending => {
                let between_bytes = this.between_bytes;
                let sleep = this
                    .sleep
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(between_bytes)));
                match sleep.as_mut().poll(cx) {
                    Poll::Ready(()) => {
                        this.sleep = None;
                        Poll::Ready(Some(Err(ErrorCode::ConnectionReadTimeout)))
                    }
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.incoming.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.incoming.size_hint()
    }
}
