//! Sending a request: [`default_send_request`], HTTP/1.1 over a plain
//! TCP connection with `hyper`, one connection per request, with the
//! connect, first-byte and between-bytes timeouts of the request's
//! [`OutgoingRequestConfig`].
//!
//! TLS (`https://`) is not supported yet: such a request fails with
//! `internal-error`, saying so.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use http_body_util::BodyExt;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tokio::time::{timeout, Instant, Sleep};

use crate::error::{connect_error, dns_error, hyper_error, internal_error};
use crate::{ErrorCode, HyperOutgoingBody, OutgoingRequestConfig, SendRequestFuture};

/// Sends `request` (whose URI is absolute) over HTTP/1.1 on a new TCP
/// connection: what [`WasiHttpHooks::send_request`] does unless the
/// embedder's hooks say otherwise.
///
/// Checks what it can at once (`Err`: the URI has no authority; the
/// scheme is `https`, not supported yet); the future connects, sends,
/// and resolves to the response once its head arrived. The connection
/// lives as long as the response's body. The future must run inside a
/// Tokio runtime with time and I/O enabled (as hoist-wasi's is).
///
/// [`WasiHttpHooks::send_request`]: crate::WasiHttpHooks::send_request
pub fn default_send_request(
    mut request: http::Request<HyperOutgoingBody>,
    config: OutgoingRequestConfig,
) -> Result<SendRequestFuture, ErrorCode> {
    if config.use_tls || request.uri().scheme() == Some(&http::uri::Scheme::HTTPS) {
        return Err(internal_error(
            "https is not supported yet: hoist-wasi-http sends plain http:// requests only",
        ));
    }
    let authority = request
        .uri()
        .authority()
        .ok_or(ErrorCode::HttpRequestUriInvalid)?
        .clone();
    let address = match authority.port_u16() {
        Some(_) => authority.as_str().to_owned(),
        None => format!("{}:80", authority.host()),
    };
    // The request line has the origin form (the path): the absolute form
    // is for proxies.
    let path = request
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_owned();
    *request.uri_mut() = http::Uri::builder()
        .path_and_query(path)
        .build()
        .map_err(|_| ErrorCode::HttpRequestUriInvalid)?;
    Ok(Box::pin(async move {
        let deadline = Instant::now() + config.connect_timeout;
        let stream = connect(&address, deadline).await?;
        let (mut sender, connection) = tokio::time::timeout_at(
            deadline,
            hyper::client::conn::http1::handshake(TokioIo::new(stream)),
        )
        .await
        .map_err(|_| ErrorCode::ConnectionTimeout)?
        .map_err(|e| hyper_error(&e))?;
        // The connection runs as a task of its own, which the response's
        // body ends when it goes.
        let connection = ConnectionTask(
            tokio::spawn(async move {
                let _ = connection.await;
            })
            .abort_handle(),
        );
        let response = timeout(config.first_byte_timeout, sender.send_request(request))
            .await
            .map_err(|_| ErrorCode::ConnectionReadTimeout)?
            .map_err(|e| hyper_error(&e))?;
        Ok(response.map(|incoming| {
            TimedBody {
                incoming,
                between_bytes: config.between_bytes_timeout,
                sleep: None,
                _connection: connection,
            }
            .boxed_unsync()
        }))
    }))
}

/// Connects to `address` (`host:port`), trying each of its addresses
/// until `deadline`.
async fn connect(address: &str, deadline: Instant) -> Result<TcpStream, ErrorCode> {
    let addresses = tokio::time::timeout_at(deadline, tokio::net::lookup_host(address))
        .await
        .map_err(|_| ErrorCode::DnsTimeout)?
        .map_err(|_| dns_error())?;
    let mut last = None;
    for addr in addresses {
        match tokio::time::timeout_at(deadline, TcpStream::connect(addr)).await {
            Err(_) => return Err(ErrorCode::ConnectionTimeout),
            Ok(Ok(stream)) => return Ok(stream),
            Ok(Err(e)) => last = Some(connect_error(&e)),
        }
    }
    Err(last.unwrap_or_else(dns_error))
}

/// Aborts the connection's task when dropped.
struct ConnectionTask(tokio::task::AbortHandle);

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
