//! `hoist::wasi::http`: `wasi:http/types` and `wasi:http/outgoing-handler`,
//! called through the generated host traits the way a guest's calls reach
//! them, against a `hyper` server on 127.0.0.1 started by each test:
//!
//! - A request with headers, a streamed body and trailers; the response's
//!   status, headers (forbidden ones removed), body and trailers.
//! - Bodies larger than every buffer, both ways.
//! - `fields`: name and value syntax, forbidden names, immutability of the
//!   fields a request holds, `clone`, `content-length` rules.
//! - The request's accessors and their validation; `request-options`.
//! - The serving side's resources (`incoming-request`, `outgoing-response`,
//!   `response-outparam`), made and read by the host directly.
//! - Errors: a refused connection, a request the hooks deny (and one they
//!   rewrite), the first-byte and between-bytes timeouts (the latter seen
//!   through `http-error-code` and `future-trailers`), a request without
//!   an authority, a body of the wrong size.
//! - HTTPS (a test CA and its certificates made at start, with `rcgen`;
//!   the servers are `tokio-rustls` ones): HTTP/1.1 and HTTP/2 as the
//!   server's ALPN picks, with bodies and trailers; HTTP/2 with prior
//!   knowledge over TCP; the TLS errors (an untrusted certificate, one
//!   for another name, a server without TLS, a server's alert, a
//!   handshake past the connect timeout).
//! - A guest (a component in the text format) importing
//!   `wasi:http/types@0.2.0` and `wasi:http/outgoing-handler@0.2.0`,
//!   linked by `add_to_linker_sync` (versions matched by semver), sending
//!   a request; the same through `add_to_linker_async` on a Tokio
//!   runtime.
//!
//! Each test runs on a thread of its own and fails after a minute.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use hoist::component::{Resource, ResourceTable};
use hoist::wasi::bindings::wasi::io::poll::HostPollable;
use hoist::wasi::bindings::wasi::io::streams::{HostInputStream, HostOutputStream};
use hoist::wasi::http::bindings::wasi::http::outgoing_handler::Host as _;
use hoist::wasi::http::bindings::wasi::http::types::{
    self as wit, HostFields, HostFutureIncomingResponse, HostFutureTrailers, HostIncomingBody,
    HostIncomingRequest, HostIncomingResponse, HostOutgoingBody, HostOutgoingRequest,
    HostOutgoingResponse, HostRequestOptions, HostResponseOutparam, Method, Scheme,
};
use hoist::wasi::http::bytes::Bytes;
use hoist::wasi::http::http_body::{Body, Frame};
use hoist::wasi::http::http_body_util::{combinators::UnsyncBoxBody, BodyExt, Full};
use hoist::wasi::http::{
    default_send_request, http, ErrorCode, Fields, FutureIncomingResponse, HeaderError, HttpClient,
    HttpError, HyperOutgoingBody, IncomingRequest, IncomingResponse, OutgoingRequest,
    OutgoingRequestConfig, ResponseOutparam, SendRequestFuture, WasiHttpCtx, WasiHttpHooks,
    WasiHttpView, DEFAULT_FORBIDDEN_HEADERS,
};
use hoist::wasi::io::StreamError;
use hoist::wasi::runtime::block_on;
use hoist::wasi::{WasiCtx, WasiCtxView, WasiView};
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::ServerConfig;

use crate::support::wasi::{borrow as b, bounded, read_all, write_all};

struct Host {
    wasi: WasiCtx,
    http: WasiHttpCtx,
    table: ResourceTable,
}

impl WasiView for Host {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl WasiHttpView for Host {
    fn http_ctx(&mut self) -> &mut WasiHttpCtx {
        &mut self.http
    }
}

fn host_with(http: WasiHttpCtx) -> Host {
    Host {
        wasi: WasiCtx::builder().build(),
        http,
        table: ResourceTable::new(),
    }
}

fn host() -> Host {
    host_with(WasiHttpCtx::new())
}

// ---------------------------------------------------------------------
// The server.

type ServerBody = UnsyncBoxBody<Bytes, Infallible>;

/// A body that sends `partial`, then nothing, forever.
struct Stall {
    sent: bool,
}

impl Body for Stall {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        if self.sent {
            return Poll::Pending;
        }
        self.sent = true;
        Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(b"partial")))))
    }
}

/// A body of `data` then `trailers`, of no announced size (so that it is
/// sent chunked, which trailers need).
struct Chunked {
    data: Option<Bytes>,
    trailers: Option<http::HeaderMap>,
}

impl Body for Chunked {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        if let Some(data) = self.data.take() {
            return Poll::Ready(Some(Ok(Frame::data(data))));
        }
        Poll::Ready(self.trailers.take().map(|t| Ok(Frame::trailers(t))))
    }
}

/// The byte at `i` of `/big`'s body.
fn pattern(i: usize) -> u8 {
    (i % 251) as u8
}

const BIG: usize = 1 << 20;

/// The server's routes:
///
/// - `/echo`: 201 with the request's body; headers `x-echo-method`,
///   `x-echo-path`, `x-echo-host`, `x-echo-version` (the request's HTTP
///   version: `HTTP/1.1`, `HTTP/2.0`), one `x-echo-custom` per `x-custom`,
///   `x-echo-hooked` for `x-hooked`, `x-echo-trailer-NAME` per request
///   trailer, `x-echo-length`; a forbidden `keep-alive`; with `te:
///   trailers`, the trailer `x-resp-trailer: done`.
/// - `/big`: 200 with `BIG` bytes of `pattern`.
/// - `/slow`: 200 after ten seconds.
/// - `/stall`: 200 whose body stalls after its first bytes.
/// - `/guest`: 201 if `x-guest: hoist`, else 400.
async fn serve(
    request: http::Request<hyper::body::Incoming>,
) -> Result<http::Response<ServerBody>, Infallible> {
    let (parts, body) = request.into_parts();
    let header = |name: &str| {
        parts
            .headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let response = http::Response::builder();
    let response = match parts.uri.path() {
        "/echo" => {
            let collected = body.collect().await.unwrap();
            let trailers = collected.trailers().cloned();
            let bytes = collected.to_bytes();
            let mut response = response
                .status(201)
                .header("x-echo-method", parts.method.as_str())
                .header("x-echo-path", parts.uri.path_and_query().unwrap().as_str())
                .header("x-echo-host", header("host").unwrap_or_default())
                .header("x-echo-version", format!("{:?}", parts.version))
                .header("x-echo-length", bytes.len().to_string())
                .header("keep-alive", "timeout=5");
            for value in parts.headers.get_all("x-custom") {
                response = response.header("x-echo-custom", value);
            }
            if let Some(hooked) = header("x-hooked") {
                response = response.header("x-echo-hooked", hooked);
            }
            for (name, value) in trailers.iter().flatten() {
                response = response.header(format!("x-echo-trailer-{name}"), value);
            }
            if header("te").as_deref() == Some("trailers") {
                let mut trailers = http::HeaderMap::new();
                trailers.insert("x-resp-trailer", "done".parse().unwrap());
                response.header("trailer", "x-resp-trailer").body(
                    Chunked {
                        data: Some(bytes),
                        trailers: Some(trailers),
                    }
                    .boxed_unsync(),
                )
            } else {
                response.body(Full::new(bytes).boxed_unsync())
            }
        }
        "/big" => {
            let bytes: Vec<u8> = (0..BIG).map(pattern).collect();
            response
                .status(200)
                .body(Full::new(Bytes::from(bytes)).boxed_unsync())
        }
        "/slow" => {
            tokio::time::sleep(Duration::from_secs(10)).await;
            response
                .status(200)
                .body(Full::new(Bytes::new()).boxed_unsync())
        }
        "/stall" => response
            .status(200)
            .body(Stall { sent: false }.boxed_unsync()),
        "/guest" => {
            let status = if header("x-guest").as_deref() == Some("hoist") {
                201
            } else {
                400
            };
            response
                .status(status)
                .body(Full::new(Bytes::new()).boxed_unsync())
        }
        _ => response
            .status(404)
            .body(Full::new(Bytes::new()).boxed_unsync()),
    };
    Ok(response.unwrap())
}

/// How a test server speaks.
#[derive(Clone)]
enum Protocol {
    /// HTTP/1.1 over TCP.
    Http1,
    /// HTTP/2 over TCP, with prior knowledge (h2c).
    H2c,
    /// TLS as `config` says (its certificate, its ALPN protocols), then
    /// HTTP/2 if ALPN settled on `h2`, else HTTP/1.1.
    Tls(Arc<ServerConfig>),
}

/// Serves each connection `listener` accepts.
async fn accept(listener: tokio::net::TcpListener, protocol: Protocol) {
    while let Ok((stream, _)) = listener.accept().await {
        let protocol = protocol.clone();
        tokio::spawn(async move {
            match protocol {
                Protocol::Http1 => serve_http1(stream).await,
                Protocol::H2c => serve_http2(stream).await,
                Protocol::Tls(config) => {
                    // A failed handshake is the client's to report.
                    let Ok(stream) = tokio_rustls::TlsAcceptor::from(config).accept(stream).await
                    else {
                        return;
                    };
                    if stream.get_ref().1.alpn_protocol() == Some(b"h2") {
                        serve_http2(stream).await
                    } else {
                        serve_http1(stream).await
                    }
                }
            }
        });
    }
}

async fn serve_http1(stream: impl AsyncRead + AsyncWrite + Unpin + Send + 'static) {
    let _ = hyper::server::conn::http1::Builder::new()
        .serve_connection(TokioIo::new(stream), hyper::service::service_fn(serve))
        .await;
}

async fn serve_http2(stream: impl AsyncRead + AsyncWrite + Unpin + Send + 'static) {
    let _ = hyper::server::conn::http2::Builder::new(TokioExecutor::new())
        .serve_connection(TokioIo::new(stream), hyper::service::service_fn(serve))
        .await;
}

/// A server on 127.0.0.1, running until dropped.
struct Server {
    addr: SocketAddr,
    _runtime: tokio::runtime::Runtime,
}

impl Server {
    /// An HTTP/1.1 server.
    fn start() -> Server {
        Server::start_with(Protocol::Http1)
    }

    fn start_with(protocol: Protocol) -> Server {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        runtime.spawn(accept(listener, protocol));
        Server {
            addr,
            _runtime: runtime,
        }
    }

    fn authority(&self) -> String {
        self.addr.to_string()
    }
}

// ---------------------------------------------------------------------
// The test CA, and the TLS servers' configurations.

/// A certificate and its key (PKCS #8), both DER.
struct Issued {
    cert: Vec<u8>,
    key: Vec<u8>,
}

/// A CA made for the tests, and what it issued.
struct TestPki {
    /// The CA's certificate (self-signed), DER.
    ca: Vec<u8>,
    /// For `localhost` and 127.0.0.1.
    localhost: Issued,
    /// For `elsewhere.example` only.
    elsewhere: Issued,
}

/// The tests' CA, made once.
fn pki() -> &'static TestPki {
    static PKI: OnceLock<TestPki> = OnceLock::new();
    PKI.get_or_init(|| {
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "hoist test CA");
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params.key_usages = vec![
            rcgen::KeyUsagePurpose::KeyCertSign,
            rcgen::KeyUsagePurpose::CrlSign,
        ];
        let ca = rcgen::CertifiedIssuer::self_signed(params, rcgen::KeyPair::generate().unwrap())
            .unwrap();
        let issue = |names: &[&str]| {
            let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
            let mut params = rcgen::CertificateParams::new(names).unwrap();
            params
                .distinguished_name
                .push(rcgen::DnType::CommonName, "hoist test server");
            let key = rcgen::KeyPair::generate().unwrap();
            let cert = params.signed_by(&key, &ca).unwrap();
            Issued {
                cert: cert.der().to_vec(),
                key: key.serialize_der(),
            }
        };
        TestPki {
            localhost: issue(&["localhost", "127.0.0.1"]),
            elsewhere: issue(&["elsewhere.example"]),
            ca: ca.der().to_vec(),
        }
    })
}

/// A TLS server's configuration: `issued` (and the CA's certificate) as
/// its chain, `alpn` its protocols.
fn tls_server(issued: &Issued, alpn: &[&[u8]]) -> Protocol {
    // The provider the client uses (see hoist-wasi-http's client.rs).
    #[allow(deprecated)]
    let provider = tokio_rustls::rustls::crypto::ring::default_provider();
    let chain = vec![
        CertificateDer::from(issued.cert.clone()),
        CertificateDer::from(pki().ca.clone()),
    ];
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(issued.key.clone()));
    let mut config = ServerConfig::builder_with_provider(Arc::new(provider))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .unwrap();
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    Protocol::Tls(Arc::new(config))
}

/// A client trusting the test CA (and the web's CAs).
fn trusting_client() -> HttpClient {
    HttpClient::new().with_root_certificate(&pki().ca).unwrap()
}

// ---------------------------------------------------------------------
// The guest's calls.

fn fields(h: &mut Host, entries: &[(&str, &[u8])]) -> Resource<Fields> {
    let entries = entries
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_vec()))
        .collect();
    match block_on(HostFields::from_list(h, entries)) {
        Ok(f) => f,
        Err(e) => panic!("from-list failed: {e}"),
    }
}

/// A request: `method` to http://`authority``path` with `headers`.
fn request(
    h: &mut Host,
    method: Method,
    authority: &str,
    path: &str,
    headers: &[(&str, &[u8])],
) -> Resource<OutgoingRequest> {
    let headers = fields(h, headers);
    let r = block_on(HostOutgoingRequest::new(h, headers)).unwrap();
    block_on(HostOutgoingRequest::set_method(h, b(r), method))
        .unwrap()
        .unwrap();
    block_on(HostOutgoingRequest::set_scheme(h, b(r), Some(Scheme::Http)))
        .unwrap()
        .unwrap();
    block_on(HostOutgoingRequest::set_authority(
        h,
        b(r),
        Some(authority.to_owned()),
    ))
    .unwrap()
    .unwrap();
    block_on(HostOutgoingRequest::set_path_with_query(
        h,
        b(r),
        Some(path.to_owned()),
    ))
    .unwrap()
    .unwrap();
    r
}

/// The error code of a call that must fail with one.
fn code<T: std::fmt::Debug>(result: Result<T, HttpError>) -> ErrorCode {
    match result {
        Err(HttpError::Code(code)) => code,
        Err(HttpError::Trap(e)) => panic!("expected an error code, got a trap: {e:#}"),
        Ok(v) => panic!("expected an error code, got Ok({v:?})"),
    }
}

fn send(
    h: &mut Host,
    r: Resource<OutgoingRequest>,
    options: Option<Resource<hoist::wasi::http::RequestOptions>>,
) -> Result<Resource<FutureIncomingResponse>, HttpError> {
    block_on(h.handle(r, options))
}

/// Waits for the response of `future` (through its pollable, as a guest
/// does) and takes it.
fn response(
    h: &mut Host,
    future: Resource<FutureIncomingResponse>,
) -> Result<Resource<IncomingResponse>, ErrorCode> {
    let p = block_on(HostFutureIncomingResponse::subscribe(h, b(future))).unwrap();
    block_on(HostPollable::block(h, b(p))).unwrap();
    block_on(HostPollable::drop(h, p)).unwrap();
    let outcome = block_on(HostFutureIncomingResponse::get(h, b(future)))
        .unwrap()
        .expect("ready after its pollable")
        .expect("taken once");
    // A second get: the response was taken.
    assert_eq!(
        block_on(HostFutureIncomingResponse::get(h, b(future)))
            .unwrap()
            .map(|r| r.is_err()),
        Some(true)
    );
    block_on(HostFutureIncomingResponse::drop(h, future)).unwrap();
    outcome
}

/// The status, header entries, body and trailers of a response.
struct Received {
    status: u16,
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
    trailers: Option<Vec<(String, Vec<u8>)>>,
}

impl Received {
    fn header(&self, name: &str) -> Vec<String> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| String::from_utf8(v.clone()).unwrap())
            .collect()
    }
}

/// Reads all of `response`.
fn receive(h: &mut Host, response: Resource<IncomingResponse>) -> Received {
    let status = block_on(HostIncomingResponse::status(h, b(response))).unwrap();
    let headers = block_on(HostIncomingResponse::headers(h, b(response))).unwrap();
    let entries = block_on(HostFields::entries(h, b(headers))).unwrap();
    block_on(HostFields::drop(h, headers)).unwrap();
    let body = block_on(HostIncomingResponse::consume(h, b(response)))
        .unwrap()
        .unwrap();
    // Once only.
    assert!(block_on(HostIncomingResponse::consume(h, b(response)))
        .unwrap()
        .is_err());
    let stream = block_on(HostIncomingBody::stream(h, b(body)))
        .unwrap()
        .unwrap();
    assert!(block_on(HostIncomingBody::stream(h, b(body)))
        .unwrap()
        .is_err());
    let (bytes, error) = read_all(h, stream);
    if let Some(e) = error {
        panic!(
            "the body failed: {:?}",
            block_on(wit::Host::http_error_code(h, b(e))).unwrap()
        );
    }
    block_on(HostInputStream::drop(h, stream)).unwrap();
    let trailers = finish(h, body).expect("no error after the body");
    let trailers = trailers.map(|t| {
        let entries = block_on(HostFields::entries(h, b(t))).unwrap();
        block_on(HostFields::drop(h, t)).unwrap();
        entries
    });
    block_on(HostIncomingResponse::drop(h, response)).unwrap();
    Received {
        status,
        headers: entries,
        body: bytes,
        trailers,
    }
}

/// Finishes `body` and waits for its trailers.
fn finish(
    h: &mut Host,
    body: Resource<hoist::wasi::http::IncomingBody>,
) -> Result<Option<Resource<Fields>>, ErrorCode> {
    let future = block_on(HostIncomingBody::finish(h, body)).unwrap();
    let p = block_on(HostFutureTrailers::subscribe(h, b(future))).unwrap();
    block_on(HostPollable::block(h, b(p))).unwrap();
    block_on(HostPollable::drop(h, p)).unwrap();
    let trailers = block_on(HostFutureTrailers::get(h, b(future)))
        .unwrap()
        .expect("ready after its pollable")
        .expect("taken once");
    assert_eq!(
        block_on(HostFutureTrailers::get(h, b(future)))
            .unwrap()
            .map(|r| r.is_err()),
        Some(true)
    );
    block_on(HostFutureTrailers::drop(h, future)).unwrap();
    trailers
}

/// Sends a bodiless GET of `path` and reads the response.
fn get(h: &mut Host, server: &Server, path: &str) -> Received {
    let r = request(h, Method::Get, &server.authority(), path, &[]);
    let future = send(h, r, None).unwrap();
    let response = response(h, future).unwrap();
    receive(h, response)
}

// ---------------------------------------------------------------------
// The tests.

#[test]
fn a_request_with_headers_body_and_trailers() {
    bounded(|| {
        let server = Server::start();
        let mut h = host();
        let h = &mut h;
        let r = request(
            h,
            Method::Post,
            &server.authority(),
            "/echo?q=1",
            &[
                ("X-Custom", b"one"),
                ("x-custom", b"two"),
                ("te", b"trailers"),
                ("trailer", b"x-req-trailer"),
            ],
        );
        let body = block_on(HostOutgoingRequest::body(h, b(r)))
            .unwrap()
            .unwrap();
        // One body per request.
        assert!(block_on(HostOutgoingRequest::body(h, b(r)))
            .unwrap()
            .is_err());
        let stream = block_on(HostOutgoingBody::write(h, b(body)))
            .unwrap()
            .unwrap();
        assert!(block_on(HostOutgoingBody::write(h, b(body)))
            .unwrap()
            .is_err());
        // Sent before the body is written: the body streams.
        let future = send(h, r, None).unwrap();
        write_all(h, stream, b"hello ");
        write_all(h, stream, b"world");
        block_on(HostOutputStream::drop(h, stream)).unwrap();
        let trailers = fields(h, &[("x-req-trailer", b"yes")]);
        block_on(HostOutgoingBody::finish(h, body, Some(trailers))).unwrap();

        let resp = response(h, future).unwrap();
        let got = receive(h, resp);
        assert_eq!(got.status, 201);
        assert_eq!(got.header("x-echo-method"), ["POST"]);
        assert_eq!(got.header("x-echo-path"), ["/echo?q=1"]);
        assert_eq!(got.header("x-echo-host"), [server.authority()]);
        assert_eq!(got.header("x-echo-custom"), ["one", "two"]);
        assert_eq!(got.header("x-echo-trailer-x-req-trailer"), ["yes"]);
        assert_eq!(got.header("x-echo-length"), ["11"]);
        // Forbidden fields never reach the guest.
        assert!(got.header("keep-alive").is_empty());
        assert!(got.header("transfer-encoding").is_empty());
        assert_eq!(got.body, b"hello world");
        assert_eq!(
            got.trailers,
            Some(vec![("x-resp-trailer".to_owned(), b"done".to_vec())])
        );
        // Everything was dropped.
        assert!(h.table.is_empty(), "left in the table: {:?}", h.table);
    });
}

#[test]
fn a_response_without_trailers_and_an_empty_request_body() {
    bounded(|| {
        let server = Server::start();
        let mut h = host();
        let h = &mut h;
        // A body taken and finished with nothing written.
        let r = request(h, Method::Put, &server.authority(), "/echo", &[]);
        let body = block_on(HostOutgoingRequest::body(h, b(r)))
            .unwrap()
            .unwrap();
        block_on(HostOutgoingBody::finish(h, body, None)).unwrap();
        let future = send(h, r, None).unwrap();
        let resp = response(h, future).unwrap();
        let got = receive(h, resp);
        assert_eq!(got.status, 201);
        assert_eq!(got.header("x-echo-method"), ["PUT"]);
        assert_eq!(got.header("x-echo-length"), ["0"]);
        assert!(got.body.is_empty());
        assert_eq!(got.trailers, None);
        // No path: `/`, which the server does not know.
        let r = request(h, Method::Get, &server.authority(), "", &[]);
        block_on(HostOutgoingRequest::set_path_with_query(h, b(r), None))
            .unwrap()
            .unwrap();
        let future = send(h, r, None).unwrap();
        let resp = response(h, future).unwrap();
        assert_eq!(receive(h, resp).status, 404);
        assert!(h.table.is_empty(), "left in the table: {:?}", h.table);
    });
}

#[test]
fn bodies_larger_than_the_buffers_both_ways() {
    bounded(|| {
        let server = Server::start();
        let mut h = host();
        let h = &mut h;
        let got = get(h, &server, "/big");
        assert_eq!(got.status, 200);
        assert_eq!(got.body.len(), BIG);
        assert!(got.body.iter().enumerate().all(|(i, &b)| b == pattern(i)));

        // 512 KiB up and back, with a content-length.
        let sent: Vec<u8> = (0..512 * 1024).map(|i| (i % 7) as u8).collect();
        let length = sent.len().to_string();
        let r = request(
            h,
            Method::Post,
            &server.authority(),
            "/echo",
            &[("content-length", length.as_bytes())],
        );
        let body = block_on(HostOutgoingRequest::body(h, b(r)))
            .unwrap()
            .unwrap();
        let stream = block_on(HostOutgoingBody::write(h, b(body)))
            .unwrap()
            .unwrap();
        let future = send(h, r, None).unwrap();
        write_all(h, stream, &sent);
        block_on(HostOutputStream::drop(h, stream)).unwrap();
        block_on(HostOutgoingBody::finish(h, body, None)).unwrap();
        let resp = response(h, future).unwrap();
        let got = receive(h, resp);
        assert_eq!(got.header("x-echo-length"), [length]);
        assert!(got.body == sent);
        assert!(h.table.is_empty(), "left in the table: {:?}", h.table);
    });
}

/// The `header-error` of a call that must fail with one.
fn header_error<T: std::fmt::Debug>(result: Result<T, HeaderError>) -> wit::HeaderError {
    match result {
        Err(HeaderError::Code(code)) => code,
        Err(HeaderError::Trap(e)) => panic!("expected a header-error, got a trap: {e:#}"),
        Ok(v) => panic!("expected a header-error, got Ok({v:?})"),
    }
}

#[test]
fn fields_validate_forbid_and_freeze() {
    bounded(|| {
        let mut h = host();
        let h = &mut h;
        let from_list = |h: &mut Host, name: &str, value: &[u8]| {
            block_on(HostFields::from_list(
                h,
                vec![(name.to_owned(), value.to_vec())],
            ))
        };
        // Names are tokens.
        for name in ["", "bad name", "x:y", "é", "a\nb", "(x)"] {
            assert_eq!(
                header_error(from_list(h, name, b"v")),
                wit::HeaderError::InvalidSyntax,
                "{name:?}"
            );
        }
        // Values hold no CR, LF, NUL nor other controls but tab.
        for value in [&b"a\r\nb"[..], b"a\nb", b"\0", b"a\x01", b"\x7f"] {
            assert_eq!(
                header_error(from_list(h, "x", value)),
                wit::HeaderError::InvalidSyntax,
                "{value:?}"
            );
        }
        // Forbidden names, in any case.
        for name in [
            "Connection",
            "host",
            "Transfer-Encoding",
            "upgrade",
            "keep-alive",
            "proxy-connection",
        ] {
            assert_eq!(
                header_error(from_list(h, name, b"v")),
                wit::HeaderError::Forbidden,
                "{name}"
            );
        }
        // Valid: tab, obs-text, empty values, every token character.
        let f = fields(
            h,
            &[
                ("Accept", b"text/plain"),
                ("x-odd!#$%&'*+-.^_`|~09", b"a\tb \xff"),
                ("x-empty", b""),
                ("accept", b"text/html"),
            ],
        );
        let entries = block_on(HostFields::entries(h, b(f))).unwrap();
        // Original case and order.
        assert_eq!(entries[0], ("Accept".to_owned(), b"text/plain".to_vec()));
        assert_eq!(entries[3], ("accept".to_owned(), b"text/html".to_vec()));
        assert_eq!(
            block_on(HostFields::get(h, b(f), "ACCEPT".into())).unwrap(),
            [b"text/plain".to_vec(), b"text/html".to_vec()]
        );
        assert_eq!(
            block_on(HostFields::get(h, b(f), "x-empty".into())).unwrap(),
            [Vec::<u8>::new()]
        );
        assert!(block_on(HostFields::get(h, b(f), "bad name".into()))
            .unwrap()
            .is_empty());
        assert!(block_on(HostFields::has(h, b(f), "x-EMPTY".into())).unwrap());
        assert!(!block_on(HostFields::has(h, b(f), "x-none".into())).unwrap());
        // set replaces, append adds, delete removes; with the same checks.
        block_on(HostFields::set(
            h,
            b(f),
            "accept".into(),
            vec![b"*/*".to_vec()],
        ))
        .unwrap();
        assert_eq!(
            block_on(HostFields::get(h, b(f), "accept".into())).unwrap(),
            [b"*/*".to_vec()]
        );
        block_on(HostFields::append(
            h,
            b(f),
            "accept".into(),
            b"a/b".to_vec(),
        ))
        .unwrap();
        assert_eq!(
            block_on(HostFields::get(h, b(f), "accept".into()))
                .unwrap()
                .len(),
            2
        );
        block_on(HostFields::delete(h, b(f), "Accept".into())).unwrap();
        assert!(!block_on(HostFields::has(h, b(f), "accept".into())).unwrap());
        assert_eq!(
            header_error(block_on(HostFields::set(
                h,
                b(f),
                "host".into(),
                vec![b"x".to_vec()]
            ))),
            wit::HeaderError::Forbidden
        );
        assert_eq!(
            header_error(block_on(HostFields::append(
                h,
                b(f),
                "x".into(),
                b"\r".to_vec()
            ))),
            wit::HeaderError::InvalidSyntax
        );
        assert_eq!(
            header_error(block_on(HostFields::delete(h, b(f), "a b".into()))),
            wit::HeaderError::InvalidSyntax
        );
        // One content-length, digits only.
        assert_eq!(
            header_error(from_list(h, "content-length", b"+5")),
            wit::HeaderError::InvalidSyntax
        );
        block_on(HostFields::append(
            h,
            b(f),
            "content-length".into(),
            b"5".to_vec(),
        ))
        .unwrap();
        assert_eq!(
            header_error(block_on(HostFields::append(
                h,
                b(f),
                "Content-Length".into(),
                b"5".to_vec()
            ))),
            wit::HeaderError::InvalidSyntax
        );
        assert_eq!(
            header_error(block_on(HostFields::set(
                h,
                b(f),
                "content-length".into(),
                vec![b"1".to_vec(), b"1".to_vec()]
            ))),
            wit::HeaderError::InvalidSyntax
        );
        block_on(HostFields::delete(h, b(f), "content-length".into())).unwrap();

        // The fields a request holds are immutable, and so are those it
        // hands out; a clone is mutable.
        let r = block_on(HostOutgoingRequest::new(h, f)).unwrap();
        let held = block_on(HostOutgoingRequest::headers(h, b(r))).unwrap();
        assert_eq!(
            header_error(block_on(HostFields::set(h, b(held), "x".into(), vec![]))),
            wit::HeaderError::Immutable
        );
        assert_eq!(
            header_error(block_on(HostFields::append(
                h,
                b(held),
                "x".into(),
                b"y".to_vec()
            ))),
            wit::HeaderError::Immutable
        );
        assert_eq!(
            header_error(block_on(HostFields::delete(h, b(held), "x-empty".into()))),
            wit::HeaderError::Immutable
        );
        assert!(block_on(HostFields::has(h, b(held), "x-empty".into())).unwrap());
        let copy = block_on(HostFields::clone(h, b(held))).unwrap();
        block_on(HostFields::append(h, b(copy), "x".into(), b"y".to_vec())).unwrap();
        // The request's fields did not change.
        let again = block_on(HostOutgoingRequest::headers(h, b(r))).unwrap();
        assert!(!block_on(HostFields::has(h, b(again), "x".into())).unwrap());
        for f in [held, copy, again] {
            block_on(HostFields::drop(h, f)).unwrap();
        }
        block_on(HostOutgoingRequest::drop(h, r)).unwrap();

        // Growing past the host's limit traps.
        let mut h = host_with(WasiHttpCtx::new().with_field_size_limit(1000));
        let f = block_on(HostFields::new(&mut h)).unwrap();
        let result = block_on(HostFields::append(
            &mut h,
            b(f),
            "x".into(),
            vec![b'a'; 2000],
        ));
        assert!(matches!(result, Err(HeaderError::Trap(_))), "{result:?}");
    });
}

#[test]
fn request_accessors_validate_and_options_keep_timeouts() {
    bounded(|| {
        let mut h = host();
        let h = &mut h;
        let headers = fields(h, &[]);
        let r = block_on(HostOutgoingRequest::new(h, headers)).unwrap();
        // The defaults.
        assert_eq!(
            block_on(HostOutgoingRequest::method(h, b(r))).unwrap(),
            Method::Get
        );
        assert_eq!(
            block_on(HostOutgoingRequest::scheme(h, b(r))).unwrap(),
            None
        );
        assert_eq!(
            block_on(HostOutgoingRequest::authority(h, b(r))).unwrap(),
            None
        );
        assert_eq!(
            block_on(HostOutgoingRequest::path_with_query(h, b(r))).unwrap(),
            None
        );
        // Valid values are kept; invalid ones refused.
        let ok = |x: anyhow::Result<Result<(), ()>>| x.unwrap().is_ok();
        assert!(ok(block_on(HostOutgoingRequest::set_method(
            h,
            b(r),
            Method::Other("PURGE".into())
        ))));
        assert!(!ok(block_on(HostOutgoingRequest::set_method(
            h,
            b(r),
            Method::Other("BAD METHOD".into())
        ))));
        assert_eq!(
            block_on(HostOutgoingRequest::method(h, b(r))).unwrap(),
            Method::Other("PURGE".into())
        );
        assert!(ok(block_on(HostOutgoingRequest::set_scheme(
            h,
            b(r),
            Some(Scheme::Https)
        ))));
        assert!(!ok(block_on(HostOutgoingRequest::set_scheme(
            h,
            b(r),
            Some(Scheme::Other("no scheme".into()))
        ))));
        assert_eq!(
            block_on(HostOutgoingRequest::scheme(h, b(r))).unwrap(),
            Some(Scheme::Https)
        );
        assert!(ok(block_on(HostOutgoingRequest::set_authority(
            h,
            b(r),
            Some("example.com:8080".into())
        ))));
        assert!(!ok(block_on(HostOutgoingRequest::set_authority(
            h,
            b(r),
            Some("bad authority".into())
        ))));
        assert_eq!(
            block_on(HostOutgoingRequest::authority(h, b(r)))
                .unwrap()
                .as_deref(),
            Some("example.com:8080")
        );
        assert!(ok(block_on(HostOutgoingRequest::set_path_with_query(
            h,
            b(r),
            Some("/a/b?c=d".into())
        ))));
        assert!(!ok(block_on(HostOutgoingRequest::set_path_with_query(
            h,
            b(r),
            Some("relative".into())
        ))));
        assert!(!ok(block_on(HostOutgoingRequest::set_path_with_query(
            h,
            b(r),
            Some("/a b".into())
        ))));
        assert_eq!(
            block_on(HostOutgoingRequest::path_with_query(h, b(r)))
                .unwrap()
                .as_deref(),
            Some("/a/b?c=d")
        );
        block_on(HostOutgoingRequest::drop(h, r)).unwrap();

        let o = block_on(HostRequestOptions::new(h)).unwrap();
        assert_eq!(
            block_on(HostRequestOptions::connect_timeout(h, b(o))).unwrap(),
            None
        );
        block_on(HostRequestOptions::set_connect_timeout(
            h,
            b(o),
            Some(1_000),
        ))
        .unwrap()
        .unwrap();
        block_on(HostRequestOptions::set_first_byte_timeout(
            h,
            b(o),
            Some(2_000),
        ))
        .unwrap()
        .unwrap();
        block_on(HostRequestOptions::set_between_bytes_timeout(
            h,
            b(o),
            Some(3_000),
        ))
        .unwrap()
        .unwrap();
        assert_eq!(
            block_on(HostRequestOptions::connect_timeout(h, b(o))).unwrap(),
            Some(1_000)
        );
        assert_eq!(
            block_on(HostRequestOptions::first_byte_timeout(h, b(o))).unwrap(),
            Some(2_000)
        );
        assert_eq!(
            block_on(HostRequestOptions::between_bytes_timeout(h, b(o))).unwrap(),
            Some(3_000)
        );
        block_on(HostRequestOptions::set_connect_timeout(h, b(o), None))
            .unwrap()
            .unwrap();
        assert_eq!(
            block_on(HostRequestOptions::connect_timeout(h, b(o))).unwrap(),
            None
        );
        block_on(HostRequestOptions::drop(h, o)).unwrap();
        assert!(h.table.is_empty());
    });
}

#[test]
fn a_refused_connection() {
    bounded(|| {
        // A port nothing listens on: bound, then closed.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut h = host();
        let r = request(&mut h, Method::Get, &format!("127.0.0.1:{port}"), "/", &[]);
        let future = send(&mut h, r, None).unwrap();
        assert_eq!(
            response(&mut h, future).unwrap_err(),
            ErrorCode::ConnectionRefused
        );
    });
}

/// Hooks that deny every host but 127.0.0.1 and mark what they let
/// through.
struct Gatekeeper;

impl WasiHttpHooks for Gatekeeper {
    fn send_request(
        &mut self,
        mut request: http::Request<HyperOutgoingBody>,
        config: OutgoingRequestConfig,
    ) -> Result<SendRequestFuture, ErrorCode> {
        if request.uri().host() != Some("127.0.0.1") {
            return Err(ErrorCode::HttpRequestDenied);
        }
        assert_eq!(request.uri().scheme_str(), Some("http"));
        assert!(!config.use_tls);
        assert_eq!(
            config.connect_timeout,
            OutgoingRequestConfig::DEFAULT_TIMEOUT
        );
        request
            .headers_mut()
            .insert("x-hooked", http::HeaderValue::from_static("yes"));
        default_send_request(request, config)
    }
}

#[test]
fn hooks_deny_and_rewrite_requests() {
    bounded(|| {
        let server = Server::start();
        let mut h = host_with(WasiHttpCtx::new().with_hooks(Gatekeeper));
        let h = &mut h;
        let r = request(
            h,
            Method::Get,
            &format!("localhost:{}", server.addr.port()),
            "/echo",
            &[],
        );
        assert_eq!(code(send(h, r, None)), ErrorCode::HttpRequestDenied);
        let got = get(h, &server, "/echo");
        assert_eq!(got.status, 201);
        assert_eq!(got.header("x-echo-hooked"), ["yes"]);
        assert!(h.table.is_empty(), "left in the table: {:?}", h.table);
    });
}

#[test]
fn the_first_byte_timeout() {
    bounded(|| {
        let server = Server::start();
        let mut h = host();
        let h = &mut h;
        let r = request(h, Method::Get, &server.authority(), "/slow", &[]);
        let o = block_on(HostRequestOptions::new(h)).unwrap();
        block_on(HostRequestOptions::set_first_byte_timeout(
            h,
            b(o),
            Some(200_000_000),
        ))
        .unwrap()
        .unwrap();
        let start = Instant::now();
        let future = send(h, r, Some(o)).unwrap();
        assert_eq!(
            response(h, future).unwrap_err(),
            ErrorCode::ConnectionReadTimeout
        );
        let waited = start.elapsed();
        assert!(
            waited >= Duration::from_millis(200) && waited < Duration::from_secs(5),
            "{waited:?}"
        );
        assert!(h.table.is_empty(), "left in the table: {:?}", h.table);
    });
}

#[test]
fn the_between_bytes_timeout_through_http_error_code_and_trailers() {
    bounded(|| {
        let server = Server::start();
        let mut h = host();
        let h = &mut h;
        let r = request(h, Method::Get, &server.authority(), "/stall", &[]);
        let o = block_on(HostRequestOptions::new(h)).unwrap();
        block_on(HostRequestOptions::set_between_bytes_timeout(
            h,
            b(o),
            Some(300_000_000),
        ))
        .unwrap()
        .unwrap();
        let future = send(h, r, Some(o)).unwrap();
        let response = response(h, future).unwrap();
        assert_eq!(
            block_on(HostIncomingResponse::status(h, b(response))).unwrap(),
            200
        );
        let body = block_on(HostIncomingResponse::consume(h, b(response)))
            .unwrap()
            .unwrap();
        let stream = block_on(HostIncomingBody::stream(h, b(body)))
            .unwrap()
            .unwrap();
        let (bytes, error) = read_all(h, stream);
        assert_eq!(bytes, b"partial");
        let error = error.expect("the stalled body fails");
        assert_eq!(
            block_on(wit::Host::http_error_code(h, b(error))).unwrap(),
            Some(ErrorCode::ConnectionReadTimeout)
        );
        block_on(hoist::wasi::bindings::wasi::io::error::HostError::drop(
            h, error,
        ))
        .unwrap();
        // After its error the stream is closed.
        assert!(matches!(
            block_on(HostInputStream::read(h, b(stream), 10)),
            Err(StreamError::Closed)
        ));
        // Finishing the body while its stream lives traps.
        assert!(block_on(HostIncomingBody::finish(h, body)).is_err());
        block_on(HostInputStream::drop(h, stream)).unwrap();
        assert_eq!(
            finish(h, body).unwrap_err(),
            ErrorCode::ConnectionReadTimeout
        );
        block_on(HostIncomingResponse::drop(h, response)).unwrap();
        assert!(h.table.is_empty(), "left in the table: {:?}", h.table);
    });
}

#[test]
fn a_request_without_an_authority() {
    bounded(|| {
        let mut h = host();
        let h = &mut h;
        let headers = fields(h, &[]);
        let r = block_on(HostOutgoingRequest::new(h, headers)).unwrap();
        block_on(HostOutgoingRequest::set_scheme(h, b(r), Some(Scheme::Http)))
            .unwrap()
            .unwrap();
        assert_eq!(code(send(h, r, None)), ErrorCode::HttpRequestUriInvalid);
        assert!(h.table.is_empty(), "left in the table: {:?}", h.table);
    });
}

// ---------------------------------------------------------------------
// HTTPS and HTTP/2.

/// Sets the scheme of `r`.
fn set_scheme(h: &mut Host, r: Resource<OutgoingRequest>, scheme: Option<Scheme>) {
    block_on(HostOutgoingRequest::set_scheme(h, b(r), scheme))
        .unwrap()
        .unwrap();
}

/// Sends a POST of `/echo?q=1` to `scheme`://`authority` with a body and
/// trailers, asking for the response's trailers, and checks what comes
/// back but the HTTP version (`x-echo-version`), which it returns.
fn echo_with_trailers(h: &mut Host, scheme: Scheme, authority: &str) -> String {
    let r = request(
        h,
        Method::Post,
        authority,
        "/echo?q=1",
        &[("te", b"trailers"), ("trailer", b"x-req-trailer")],
    );
    set_scheme(h, r, Some(scheme));
    let body = block_on(HostOutgoingRequest::body(h, b(r)))
        .unwrap()
        .unwrap();
    let stream = block_on(HostOutgoingBody::write(h, b(body)))
        .unwrap()
        .unwrap();
    let future = send(h, r, None).unwrap();
    write_all(h, stream, b"hello ");
    write_all(h, stream, b"world");
    block_on(HostOutputStream::drop(h, stream)).unwrap();
    let trailers = fields(h, &[("x-req-trailer", b"yes")]);
    block_on(HostOutgoingBody::finish(h, body, Some(trailers))).unwrap();
    let resp = response(h, future).unwrap();
    let got = receive(h, resp);
    assert_eq!(got.status, 201);
    assert_eq!(got.header("x-echo-method"), ["POST"]);
    assert_eq!(got.header("x-echo-path"), ["/echo?q=1"]);
    assert_eq!(got.header("x-echo-host"), [authority]);
    assert_eq!(got.header("x-echo-trailer-x-req-trailer"), ["yes"]);
    assert_eq!(got.header("x-echo-length"), ["11"]);
    assert!(got.header("keep-alive").is_empty());
    assert_eq!(got.body, b"hello world");
    assert_eq!(
        got.trailers,
        Some(vec![("x-resp-trailer".to_owned(), b"done".to_vec())])
    );
    assert!(h.table.is_empty(), "left in the table: {:?}", h.table);
    let version = got.header("x-echo-version");
    assert_eq!(version.len(), 1, "{version:?}");
    version[0].clone()
}

#[test]
fn https_over_http1_with_a_body_and_trailers() {
    bounded(|| {
        // The server's ALPN has HTTP/1.1 only.
        let server = Server::start_with(tls_server(&pki().localhost, &[b"http/1.1"]));
        let mut h = host_with(WasiHttpCtx::new().with_hooks(trusting_client()));
        let h = &mut h;
        // The server name is a DNS name.
        let authority = format!("localhost:{}", server.addr.port());
        assert_eq!(echo_with_trailers(h, Scheme::Https, &authority), "HTTP/1.1");
        // A server without ALPN: HTTP/1.1 too.
        let server = Server::start_with(tls_server(&pki().localhost, &[]));
        let authority = format!("localhost:{}", server.addr.port());
        assert_eq!(echo_with_trailers(h, Scheme::Https, &authority), "HTTP/1.1");
    });
}

#[test]
fn https_negotiated_to_http2_with_bodies_and_trailers() {
    bounded(|| {
        let server = Server::start_with(tls_server(&pki().localhost, &[b"h2", b"http/1.1"]));
        let mut h = host_with(WasiHttpCtx::new().with_hooks(trusting_client()));
        let h = &mut h;
        // The server name is an IP address.
        let authority = server.authority();
        assert_eq!(echo_with_trailers(h, Scheme::Https, &authority), "HTTP/2.0");

        // Bodies larger than HTTP/2's initial flow-control windows, both
        // ways.
        let r = request(h, Method::Get, &authority, "/big", &[]);
        set_scheme(h, r, Some(Scheme::Https));
        let future = send(h, r, None).unwrap();
        let resp = response(h, future).unwrap();
        let got = receive(h, resp);
        assert_eq!(got.status, 200);
        assert_eq!(got.body.len(), BIG);
        assert!(got.body.iter().enumerate().all(|(i, &b)| b == pattern(i)));
        let sent: Vec<u8> = (0..512 * 1024).map(|i| (i % 7) as u8).collect();
        let r = request(h, Method::Put, &authority, "/echo", &[]);
        set_scheme(h, r, Some(Scheme::Https));
        let body = block_on(HostOutgoingRequest::body(h, b(r)))
            .unwrap()
            .unwrap();
        let stream = block_on(HostOutgoingBody::write(h, b(body)))
            .unwrap()
            .unwrap();
        let future = send(h, r, None).unwrap();
        write_all(h, stream, &sent);
        block_on(HostOutputStream::drop(h, stream)).unwrap();
        block_on(HostOutgoingBody::finish(h, body, None)).unwrap();
        let resp = response(h, future).unwrap();
        let got = receive(h, resp);
        assert_eq!(got.header("x-echo-version"), ["HTTP/2.0"]);
        assert!(got.body == sent);
        assert!(h.table.is_empty(), "left in the table: {:?}", h.table);
    });
}

#[test]
fn http2_with_prior_knowledge() {
    bounded(|| {
        let server = Server::start_with(Protocol::H2c);
        let client = HttpClient::new().http2_prior_knowledge(true);
        let mut h = host_with(WasiHttpCtx::new().with_hooks(client));
        let h = &mut h;
        assert_eq!(
            echo_with_trailers(h, Scheme::Http, &server.authority()),
            "HTTP/2.0"
        );

        // A body of the wrong size fails the request with the body's
        // error (HTTP/2 resets the stream, which says nothing of why).
        let r = request(
            h,
            Method::Post,
            &server.authority(),
            "/echo",
            &[("content-length", b"5")],
        );
        let body = block_on(HostOutgoingRequest::body(h, b(r)))
            .unwrap()
            .unwrap();
        let stream = block_on(HostOutgoingBody::write(h, b(body)))
            .unwrap()
            .unwrap();
        let future = send(h, r, None).unwrap();
        write_all(h, stream, b"abc");
        block_on(HostOutputStream::drop(h, stream)).unwrap();
        assert_eq!(
            code(block_on(HostOutgoingBody::finish(h, body, None))),
            ErrorCode::HttpRequestBodySize(Some(3))
        );
        assert_eq!(
            response(h, future).unwrap_err(),
            ErrorCode::HttpRequestBodySize(Some(3))
        );
        assert!(h.table.is_empty(), "left in the table: {:?}", h.table);
    });
}

#[test]
fn http2_with_prior_knowledge_against_http1() {
    bounded(|| {
        let client = HttpClient::new().http2_prior_knowledge(true);
        let mut h = host_with(WasiHttpCtx::new().with_hooks(client));
        let h = &mut h;
        // A peer answering the HTTP/2 preface in HTTP/1.1 and staying
        // connected: its bytes are no HTTP/2 frame (the first "frame" is
        // too long), a protocol error.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let authority = listener.local_addr().unwrap().to_string();
        let peer = std::thread::spawn(move || {
            use std::io::{Read, Write};
            let (mut stream, _) = listener.accept().unwrap();
            stream
                .write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")
                .unwrap();
            // Until the client hangs up.
            let _ = stream.read_to_end(&mut Vec::new());
        });
        assert_eq!(
            failure(h, Some(Scheme::Http), &authority),
            ErrorCode::HttpProtocolError
        );
        peer.join().unwrap();
        // hyper's HTTP/1.1 server hangs up on the preface.
        let server = Server::start();
        assert_eq!(
            failure(h, Some(Scheme::Http), &server.authority()),
            ErrorCode::ConnectionTerminated
        );
    });
}

/// What sending a GET of `/echo` to `scheme`://`authority` fails with.
fn failure(h: &mut Host, scheme: Option<Scheme>, authority: &str) -> ErrorCode {
    let r = request(h, Method::Get, authority, "/echo", &[]);
    set_scheme(h, r, scheme);
    let future = send(h, r, None).unwrap();
    let outcome = response(h, future).unwrap_err();
    assert!(h.table.is_empty(), "left in the table: {:?}", h.table);
    outcome
}

#[test]
fn an_untrusted_certificate() {
    bounded(|| {
        let server = Server::start_with(tls_server(&pki().localhost, &[b"h2", b"http/1.1"]));
        // The default client trusts the web's CAs, not the test CA.
        let mut h = host();
        let h = &mut h;
        assert_eq!(
            failure(h, Some(Scheme::Https), &server.authority()),
            ErrorCode::TlsCertificateError
        );
        // No scheme is `https`.
        assert_eq!(
            failure(h, None, &server.authority()),
            ErrorCode::TlsCertificateError
        );
        // A client trusting nothing but what it is given.
        let client = HttpClient::without_default_roots();
        let mut h = host_with(WasiHttpCtx::new().with_hooks(client.clone()));
        assert_eq!(
            failure(&mut h, Some(Scheme::Https), &server.authority()),
            ErrorCode::TlsCertificateError
        );
        let client = client.with_root_certificate(&pki().ca).unwrap();
        let mut h = host_with(WasiHttpCtx::new().with_hooks(client));
        let h = &mut h;
        let r = request(h, Method::Get, &server.authority(), "/echo", &[]);
        set_scheme(h, r, Some(Scheme::Https));
        let future = send(h, r, None).unwrap();
        let resp = response(h, future).unwrap();
        assert_eq!(receive(h, resp).status, 201);
        // What is not a certificate is no root.
        assert!(HttpClient::new()
            .with_root_certificate(b"nonsense")
            .is_err());
    });
}

#[test]
fn a_certificate_for_another_name() {
    bounded(|| {
        let server = Server::start_with(tls_server(&pki().elsewhere, &[b"h2", b"http/1.1"]));
        let mut h = host_with(WasiHttpCtx::new().with_hooks(trusting_client()));
        let h = &mut h;
        // Neither an IP address nor a DNS name it is not for.
        assert_eq!(
            failure(h, Some(Scheme::Https), &server.authority()),
            ErrorCode::TlsCertificateError
        );
        assert_eq!(
            failure(
                h,
                Some(Scheme::Https),
                &format!("localhost:{}", server.addr.port())
            ),
            ErrorCode::TlsCertificateError
        );
    });
}

#[test]
fn a_server_without_tls() {
    bounded(|| {
        // An HTTP/1.1 server answers the client's hello with an HTTP error
        // response, which is no TLS record.
        let server = Server::start();
        let mut h = host_with(WasiHttpCtx::new().with_hooks(trusting_client()));
        assert_eq!(
            failure(&mut h, Some(Scheme::Https), &server.authority()),
            ErrorCode::TlsProtocolError
        );
    });
}

#[test]
fn a_tls_alert_from_the_server() {
    bounded(|| {
        // The server speaks no protocol the client offers: it ends the
        // handshake with the alert `no_application_protocol` (120).
        let server = Server::start_with(tls_server(&pki().localhost, &[b"hoist-test/1"]));
        let mut h = host_with(WasiHttpCtx::new().with_hooks(trusting_client()));
        assert_eq!(
            failure(&mut h, Some(Scheme::Https), &server.authority()),
            ErrorCode::TlsAlertReceived(wit::TlsAlertReceivedPayload {
                alert_id: Some(120),
                alert_message: Some("NoApplicationProtocol".to_owned()),
            })
        );
    });
}

#[test]
fn the_tls_handshake_counts_against_the_connect_timeout() {
    bounded(|| {
        // A listener that never accepts: the kernel completes the TCP
        // handshake, and nothing answers the client's hello.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let authority = listener.local_addr().unwrap().to_string();
        let mut h = host_with(WasiHttpCtx::new().with_hooks(trusting_client()));
        let h = &mut h;
        let r = request(h, Method::Get, &authority, "/", &[]);
        set_scheme(h, r, Some(Scheme::Https));
        let o = block_on(HostRequestOptions::new(h)).unwrap();
        block_on(HostRequestOptions::set_connect_timeout(
            h,
            b(o),
            Some(300_000_000),
        ))
        .unwrap()
        .unwrap();
        let start = Instant::now();
        let future = send(h, r, Some(o)).unwrap();
        assert_eq!(
            response(h, future).unwrap_err(),
            ErrorCode::ConnectionTimeout
        );
        let waited = start.elapsed();
        assert!(
            waited >= Duration::from_millis(300) && waited < Duration::from_secs(5),
            "{waited:?}"
        );
        assert!(h.table.is_empty(), "left in the table: {:?}", h.table);
        drop(listener);
    });
}

#[test]
fn a_body_holds_128_kib_for_hyper_and_writes_past_check_write_trap() {
    bounded(|| {
        let server = Server::start();
        let mut h = host();
        let h = &mut h;
        let r = request(h, Method::Post, &server.authority(), "/echo", &[]);
        let body = block_on(HostOutgoingRequest::body(h, b(r)))
            .unwrap()
            .unwrap();
        let stream = block_on(HostOutgoingBody::write(h, b(body)))
            .unwrap()
            .unwrap();
        // Not sent yet: nobody takes what is written. Two 64 KiB writes
        // fit, then check-write says wait.
        for _ in 0..2 {
            assert_eq!(
                block_on(HostOutputStream::check_write(h, b(stream))).unwrap(),
                64 * 1024
            );
            block_on(HostOutputStream::write(h, b(stream), vec![7; 64 * 1024])).unwrap();
        }
        assert_eq!(
            block_on(HostOutputStream::check_write(h, b(stream))).unwrap(),
            0
        );
        // A write past it traps, naming the rule.
        match block_on(HostOutputStream::write(h, b(stream), vec![7; 10])) {
            Err(StreamError::Trap(e)) => {
                assert!(format!("{e:#}").contains("check-write allowed 0"), "{e:#}")
            }
            other => panic!("expected a trap, got {other:?}"),
        }
        // Sent, the queue drains and the stream takes writes again.
        let future = send(h, r, None).unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while block_on(HostOutputStream::check_write(h, b(stream))).unwrap() == 0 {
            assert!(
                std::time::Instant::now() < deadline,
                "the queue did not drain"
            );
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        block_on(HostOutputStream::write(h, b(stream), vec![7; 100])).unwrap();
        block_on(HostOutputStream::drop(h, stream)).unwrap();
        block_on(HostOutgoingBody::finish(h, body, None)).unwrap();
        let got = response(h, future).unwrap();
        let got = receive(h, got);
        assert_eq!(got.status, 201);
        assert_eq!(got.body.len(), 128 * 1024 + 100);
        assert!(got.body.iter().all(|&x| x == 7));
    });
}

#[test]
fn a_body_of_the_wrong_size() {
    bounded(|| {
        let server = Server::start();
        let mut h = host();
        let h = &mut h;
        // Fewer bytes than the content-length: finish fails, and so does
        // the request.
        let r = request(
            h,
            Method::Post,
            &server.authority(),
            "/echo",
            &[("content-length", b"5")],
        );
        let body = block_on(HostOutgoingRequest::body(h, b(r)))
            .unwrap()
            .unwrap();
        let stream = block_on(HostOutgoingBody::write(h, b(body)))
            .unwrap()
            .unwrap();
        let future = send(h, r, None).unwrap();
        write_all(h, stream, b"abc");
        // Finishing while the stream lives traps.
        let result = block_on(HostOutgoingBody::finish(h, body, None));
        assert!(matches!(result, Err(HttpError::Trap(_))), "{result:?}");
        block_on(HostOutputStream::drop(h, stream)).unwrap();
        assert_eq!(
            code(block_on(HostOutgoingBody::finish(h, body, None))),
            ErrorCode::HttpRequestBodySize(Some(3))
        );
        assert!(response(h, future).is_err());

        // More: the write fails, with the code inside its error.
        let r = request(
            h,
            Method::Post,
            &server.authority(),
            "/echo",
            &[("content-length", b"5")],
        );
        let body = block_on(HostOutgoingRequest::body(h, b(r)))
            .unwrap()
            .unwrap();
        let stream = block_on(HostOutgoingBody::write(h, b(body)))
            .unwrap()
            .unwrap();
        let future = send(h, r, None).unwrap();
        let error = match block_on(HostOutputStream::write(h, b(stream), b"abcdef".to_vec())) {
            Err(e @ StreamError::LastOperationFailed(_)) => {
                HostOutputStream::convert_stream_error(h, e).unwrap()
            }
            other => panic!("expected a failed write, got {other:?}"),
        };
        let hoist::wasi::bindings::wasi::io::streams::StreamError::LastOperationFailed(error) =
            error
        else {
            panic!("a failed write is last-operation-failed")
        };
        assert_eq!(
            block_on(wit::Host::http_error_code(h, b(error))).unwrap(),
            Some(ErrorCode::HttpRequestBodySize(Some(6)))
        );
        block_on(hoist::wasi::bindings::wasi::io::error::HostError::drop(
            h, error,
        ))
        .unwrap();
        block_on(HostOutputStream::drop(h, stream)).unwrap();
        // Dropped unfinished: the request fails.
        block_on(HostOutgoingBody::drop(h, body)).unwrap();
        assert!(response(h, future).is_err());

        // A content-length and no body at all.
        let r = request(
            h,
            Method::Post,
            &server.authority(),
            "/echo",
            &[("content-length", b"5")],
        );
        assert_eq!(
            code(send(h, r, None)),
            ErrorCode::HttpRequestBodySize(Some(0))
        );
        assert!(h.table.is_empty(), "left in the table: {:?}", h.table);
    });
}

#[test]
fn the_serving_side_resources() {
    bounded(|| {
        let mut h = host();
        let h = &mut h;
        // An incoming request, as the (future) incoming handler makes it.
        let request = http::Request::builder()
            .method("PATCH")
            .uri("http://example.com:8080/items/1?x=y")
            .header("x-in", "1")
            .header("connection", "close")
            .body(
                Full::new(Bytes::from_static(b"ping"))
                    .map_err(|never| match never {})
                    .boxed_unsync(),
            )
            .unwrap();
        let request = IncomingRequest::new(Scheme::Http, request, |name| {
            DEFAULT_FORBIDDEN_HEADERS.contains(name)
        })
        .unwrap();
        let r = h.table.push(request).unwrap();
        assert_eq!(
            block_on(HostIncomingRequest::method(h, b(r))).unwrap(),
            Method::Patch
        );
        assert_eq!(
            block_on(HostIncomingRequest::path_with_query(h, b(r)))
                .unwrap()
                .as_deref(),
            Some("/items/1?x=y")
        );
        assert_eq!(
            block_on(HostIncomingRequest::authority(h, b(r)))
                .unwrap()
                .as_deref(),
            Some("example.com:8080")
        );
        assert_eq!(
            block_on(HostIncomingRequest::scheme(h, b(r))).unwrap(),
            Some(Scheme::Http)
        );
        let headers = block_on(HostIncomingRequest::headers(h, b(r))).unwrap();
        assert_eq!(
            block_on(HostFields::entries(h, b(headers))).unwrap(),
            [("x-in".to_owned(), b"1".to_vec())]
        );
        assert_eq!(
            header_error(block_on(HostFields::append(
                h,
                b(headers),
                "x".into(),
                b"y".to_vec()
            ))),
            wit::HeaderError::Immutable
        );
        block_on(HostFields::drop(h, headers)).unwrap();
        let body = block_on(HostIncomingRequest::consume(h, b(r)))
            .unwrap()
            .unwrap();
        assert!(block_on(HostIncomingRequest::consume(h, b(r)))
            .unwrap()
            .is_err());
        let stream = block_on(HostIncomingBody::stream(h, b(body)))
            .unwrap()
            .unwrap();
        assert_eq!(read_all(h, stream).0, b"ping");
        block_on(HostInputStream::drop(h, stream)).unwrap();
        assert_eq!(finish(h, body), Ok(None));
        block_on(HostIncomingRequest::drop(h, r)).unwrap();

        // A response, through its outparam.
        let (sender, receiver) = tokio::sync::oneshot::channel();
        let param = h.table.push(ResponseOutparam::new(sender)).unwrap();
        let headers = fields(h, &[("x-out", b"2")]);
        let response = block_on(HostOutgoingResponse::new(h, headers)).unwrap();
        assert_eq!(
            block_on(HostOutgoingResponse::status_code(h, b(response))).unwrap(),
            200
        );
        assert!(
            block_on(HostOutgoingResponse::set_status_code(h, b(response), 1000))
                .unwrap()
                .is_err()
        );
        block_on(HostOutgoingResponse::set_status_code(h, b(response), 418))
            .unwrap()
            .unwrap();
        let body = block_on(HostOutgoingResponse::body(h, b(response)))
            .unwrap()
            .unwrap();
        assert!(block_on(HostOutgoingResponse::body(h, b(response)))
            .unwrap()
            .is_err());
        let stream = block_on(HostOutgoingBody::write(h, b(body)))
            .unwrap()
            .unwrap();
        write_all(h, stream, b"pong");
        block_on(HostOutputStream::drop(h, stream)).unwrap();
        block_on(HostOutgoingBody::finish(h, body, None)).unwrap();
        block_on(HostResponseOutparam::set(h, param, Ok(response))).unwrap();
        let sent = receiver.blocking_recv().unwrap().unwrap();
        assert_eq!(sent.status(), 418);
        assert_eq!(sent.headers()["x-out"], "2");
        let bytes = block_on(sent.into_body().collect()).unwrap().to_bytes();
        assert_eq!(&bytes[..], b"pong");
        assert!(h.table.is_empty(), "left in the table: {:?}", h.table);
    });
}

// ---------------------------------------------------------------------
// A guest.

/// A component importing `wasi:http/types` and `wasi:http/outgoing-handler`
/// 0.2.0, exporting `fetch(authority) -> u32` (see the file).
const FETCHER: &str = include_str!("../../wasi-http/tests/guests/fetcher.wat");

/// What `FETCHER` returns for `authority` in a store with `http`.
fn guest_fetch(http: WasiHttpCtx, authority: &str) -> u32 {
    let engine = hoist::Engine::default();
    let component = hoist::component::Component::new(&engine, FETCHER).unwrap();
    let mut linker = hoist::component::Linker::<Host>::new(&engine);
    hoist::wasi::http::add_to_linker_sync(&mut linker).unwrap();
    let mut store = hoist::Store::new(&engine, host_with(http));
    let instance = linker.instantiate(&mut store, &component).unwrap();
    let fetch = instance
        .get_typed_func::<(&str,), (u32,)>(&mut store, "fetch")
        .unwrap();
    fetch.call(&mut store, (authority,)).unwrap().0
}

#[test]
fn a_guest_sends_a_request_through_the_linker() {
    bounded(|| {
        let server = Server::start();
        assert_eq!(guest_fetch(WasiHttpCtx::new(), &server.authority()), 201);
        // connection-refused is case 6.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        assert_eq!(
            guest_fetch(WasiHttpCtx::new(), &format!("127.0.0.1:{port}")),
            1000 + 6
        );
        // HTTP-request-denied is case 15.
        assert_eq!(
            guest_fetch(
                WasiHttpCtx::new().with_hooks(Gatekeeper),
                &format!("localhost:{}", server.addr.port())
            ),
            1000 + 15
        );
    });
}

/// `FETCHER` through `add_to_linker_async` and the async API, on a
/// multi-threaded Tokio runtime (which the requests' tasks then run on),
/// with the server on the same runtime.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_guest_sends_a_request_on_an_async_embedding() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let authority = listener.local_addr().unwrap().to_string();
    let server = tokio::spawn(accept(listener, Protocol::Http1));
    let engine = hoist::Engine::default();
    let component = hoist::component::Component::new(&engine, FETCHER).unwrap();
    let mut linker = hoist::component::Linker::<Host>::new(&engine);
    hoist::wasi::http::add_to_linker_async(&mut linker).unwrap();
    let mut store = hoist::Store::new(&engine, host());
    let instance = linker
        .instantiate_async(&mut store, &component)
        .await
        .unwrap();
    let fetch = instance
        .get_typed_func::<(&str,), (u32,)>(&mut store, "fetch")
        .unwrap();
    let status = tokio::time::timeout(
        Duration::from_secs(60),
        fetch.call_async(&mut store, (authority.as_str(),)),
    )
    .await
    .expect("the guest did not finish within a minute")
    .unwrap()
    .0;
    assert_eq!(status, 201);
    server.abort();
}

#[test]
fn the_facade_names_the_crate() {
    // `hoist::wasi` keeps everything of hoist-wasi beside `http`.
    let _ = hoist::wasi::WasiCtx::builder();
    let _: fn(&mut hoist::component::Linker<Host>) -> anyhow::Result<()> =
        hoist::wasi::http::add_only_http_to_linker::<Host>;
    assert_eq!(hoist::wasi::http::DEFAULT_FORBIDDEN_HEADERS.len(), 9);
}
