//! `hoist serve`, end to end: the `hoist` binary serving the test proxy
//! component (`wasi-http/tests/guests/proxy.wat`, made a component by
//! `wasi-http/tests/support/guest.rs`) on 127.0.0.1 with a port of its
//! choosing, read from what it prints on stderr, and a `hyper` client:
//!
//! - 1 000 requests, 64 at a time, every response checked, traps among
//!   them;
//! - a trap, no response and an `error-code` between good requests:
//!   500, 500, 504, and the requests after them served;
//! - a 100 MB body streamed through the guest and back;
//! - trailers both ways, and HTTP/2 with prior knowledge;
//! - the limits: a guest that loops or waits for ever (504 at
//!   `--timeout`), one that fails after its response (the body cut
//!   short, the failure logged), bodies over `--max-body-size` (413, or
//!   the guest's stream failing), a head over `--max-header-size` (431),
//!   a request that does not parse (400), a client too slow to send its
//!   head (closed at `--header-timeout`), with good requests served
//!   meanwhile;
//! - Ctrl-C (SIGINT) with a request in flight: it finishes, new
//!   connections are refused, the process exits 0;
//! - `hoist run -S http` giving a guest `wasi:http`, which it uses to
//!   fetch from `hoist serve` (`wasi-http/tests/guests/fetcher.wat`);
//! - the command line's errors.
//!
//! Each test fails after 30 seconds.

#[path = "support/served.rs"]
mod served;
#[path = "../../wasi-http/tests/support/serving.rs"]
mod serving;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;

use hoist::wasi::http::bytes::Bytes;
use hoist::wasi::http::http;
use hoist::wasi::http::http_body::{Body, Frame};
use hoist::wasi::http::http_body_util::{combinators::UnsyncBoxBody, BodyExt, Full};
use hyper_util::rt::{TokioExecutor, TokioIo};
use served::Served;
use serving::{bounded, Counting, WithTrailers};

/// The proxy component, written once per test run.
fn component() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-proxy.wasm");
        std::fs::write(&path, serving::proxy_component()).unwrap();
        path
    })
}

/// `hoist serve` of the test proxy with `options`, once it listens.
fn serve_with(options: &[&str]) -> Served {
    Served::start(component(), options, Duration::from_secs(60))
}

/// `hoist serve` of the test proxy, once it listens.
fn serve() -> Served {
    serve_with(&[])
}

type ClientBody = UnsyncBoxBody<Bytes, Infallible>;

/// A response: status, headers, the whole body.
struct Answer {
    status: u16,
    headers: http::HeaderMap,
    body: Bytes,
}

/// Sends `request` to `addr` on a new connection; returns the response's
/// head and its body, still streaming.
async fn send(
    addr: SocketAddr,
    request: http::Request<ClientBody>,
) -> http::Response<hyper::body::Incoming> {
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .unwrap();
    tokio::spawn(connection);
    sender.send_request(request).await.unwrap()
}

/// Sends a request of `method` and `path` with `x-echo: {tag}` and `body`;
/// returns the whole response.
async fn fetch(addr: SocketAddr, method: &str, path: &str, tag: &str, body: Bytes) -> Answer {
    let request = http::Request::builder()
        .method(method)
        .uri(path)
        .header("host", "hoist.test")
        .header("x-echo", tag)
        .body(Full::new(body).boxed_unsync())
        .unwrap();
    let response = send(addr, request).await;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body,
    }
}

/// Checks that `answer` echoes a request of `method`, `path`, `tag` and
/// `body`.
#[track_caller]
fn assert_echo(answer: &Answer, method: &str, path: &str, tag: &str, body: &[u8]) {
    assert_eq!(answer.status, 200, "{path}");
    assert_eq!(answer.headers["x-method"], method, "{path}");
    assert_eq!(answer.headers["x-path"], path);
    assert_eq!(answer.headers["x-echo"], tag, "{path}");
    assert_eq!(answer.body, body, "{path}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_requests_are_each_answered() {
    let served = serve();
    let addr = served.addr;
    const TOTAL: usize = 1000;
    let next = Arc::new(AtomicUsize::new(0));
    let answered = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..64)
        .map(|_| {
            let (next, answered) = (next.clone(), answered.clone());
            tokio::spawn(async move {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= TOTAL {
                        break;
                    }
                    if i % 25 == 7 {
                        // A trap among the good ones: its own 500 only.
                        let trapped = fetch(addr, "GET", "/trap", "t", Bytes::new()).await;
                        assert_eq!(trapped.status, 500);
                        answered.fetch_add(1, Ordering::SeqCst);
                        continue;
                    }
                    let method = ["GET", "POST", "PUT"][i % 3];
                    let path = format!("/request/{i}?q={}", i * 7);
                    let tag = format!("tag-{i}");
                    let body = format!("body of request {i}\n").repeat(i % 50);
                    let answer = fetch(addr, method, &path, &tag, Bytes::from(body.clone())).await;
                    assert_echo(&answer, method, &path, &tag, body.as_bytes());
                    answered.fetch_add(1, Ordering::SeqCst);
                }
            })
        })
        .collect();
    bounded(async {
        for worker in workers {
            worker.await.unwrap();
        }
    })
    .await;
    assert_eq!(answered.load(Ordering::SeqCst), TOTAL);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trap_is_a_500_and_the_server_serves_on() {
    let served = serve();
    let addr = served.addr;
    bounded(async {
        let good = fetch(addr, "GET", "/before", "a", Bytes::from_static(b"1")).await;
        assert_echo(&good, "GET", "/before", "a", b"1");
        let trapped = fetch(addr, "GET", "/trap", "b", Bytes::new()).await;
        assert_eq!(trapped.status, 500);
        assert_eq!(trapped.body, "Internal Server Error\n");
        let good = fetch(addr, "POST", "/between", "c", Bytes::from_static(b"2")).await;
        assert_echo(&good, "POST", "/between", "c", b"2");
        let none = fetch(addr, "GET", "/no-response", "d", Bytes::new()).await;
        assert_eq!(none.status, 500);
        let code = fetch(addr, "GET", "/error", "e", Bytes::new()).await;
        assert_eq!(code.status, 504);
        let good = fetch(addr, "PUT", "/after", "f", Bytes::from_static(b"3")).await;
        assert_echo(&good, "PUT", "/after", "f", b"3");
    })
    .await;
    let log = served.log_with(&[
        "GET /trap: the guest failed",
        "GET /error: the guest answered",
    ]);
    assert!(log.contains("GET /trap: the guest failed"), "{log}");
    assert!(
        log.contains("(answered 500 Internal Server Error)"),
        "{log}"
    );
    assert!(
        log.contains("GET /error: the guest answered with error-code ConnectionTimeout"),
        "{log}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_100_mb_body_streams_through_the_guest() {
    let served = serve();
    let total = 100 * 1000 * 1000;
    let request = http::Request::builder()
        .method("POST")
        .uri("/large")
        .header("host", "hoist.test")
        .header("x-echo", "large")
        .body(
            Counting {
                sent: 0,
                total,
                frame: 64 * 1024,
            }
            .boxed_unsync(),
        )
        .unwrap();
    let (status, received) = bounded(async {
        let response = send(served.addr, request).await;
        let status = response.status();
        // Checked frame by frame, as it arrives.
        let mut body = response.into_body();
        let mut received = 0usize;
        while let Some(frame) = body.frame().await {
            let data = frame.unwrap().into_data().unwrap();
            for (i, &b) in data.iter().enumerate() {
                assert_eq!(b, (received + i) as u8, "byte {}", received + i);
            }
            received += data.len();
        }
        (status, received)
    })
    .await;
    assert_eq!(status, 200);
    assert_eq!(received, total);
}

/// A body sent as the test hands it chunks; it ends when the sender goes.
struct Channel(tokio::sync::mpsc::Receiver<Bytes>);

impl Body for Channel {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.0
            .poll_recv(cx)
            .map(|chunk| chunk.map(|c| Ok(Frame::data(c))))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_lets_the_request_in_flight_finish() {
    let mut served = serve();
    let addr = served.addr;
    let (chunks, receiver) = tokio::sync::mpsc::channel(4);
    let request = http::Request::builder()
        .method("POST")
        .uri("/in-flight")
        .header("host", "hoist.test")
        .header("x-echo", "slow")
        .body(Channel(receiver).boxed_unsync())
        .unwrap();
    chunks.send(Bytes::from_static(b"first ")).await.unwrap();
    // The guest sets the response before it reads the body: the head
    // arriving means the request is in flight.
    let response = bounded(send(addr, request)).await;
    assert_eq!(response.status(), 200);

    let interrupted = Command::new("kill")
        .args(["-INT", &served.child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    bounded(async {
        while !served.log().contains("shutting down") {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
    // No new connection is accepted.
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());

    chunks.send(Bytes::from_static(b"second")).await.unwrap();
    drop(chunks);
    let body = bounded(response.into_body().collect())
        .await
        .unwrap()
        .to_bytes();
    assert_eq!(body, "first second");
    let status = bounded(async {
        loop {
            if let Some(status) = served.child.try_wait().unwrap() {
                break status;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
    assert!(status.success(), "{status:?}\n{}", served.log());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trailers_go_through_the_guest_both_ways() {
    let served = serve();
    let mut trailers = http::HeaderMap::new();
    trailers.insert("x-checksum", "abc123".parse().unwrap());
    // HTTP/1.1 sends trailers only to a client that takes them (`te`), and
    // only those the head names (`trailer`): the client names its own, the
    // guest its response's.
    let request = http::Request::builder()
        .method("POST")
        .uri("/trailers")
        .header("host", "hoist.test")
        .header("x-echo", "t")
        .header("te", "trailers")
        .header("trailer", "x-checksum")
        .body(
            WithTrailers {
                data: Some(Bytes::from_static(b"payload")),
                trailers: Some(trailers),
            }
            .boxed_unsync(),
        )
        .unwrap();
    let (status, head, collected) = bounded(async {
        let response = send(served.addr, request).await;
        let status = response.status();
        let head = response.headers().clone();
        (status, head, response.into_body().collect().await.unwrap())
    })
    .await;
    assert_eq!(status, 200);
    assert_eq!(head["trailer"], "x-checksum");
    assert_eq!(
        collected.trailers().expect("trailers")["x-checksum"],
        "abc123"
    );
    assert_eq!(collected.to_bytes(), "payload");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http2_with_prior_knowledge_is_served() {
    let served = serve();
    bounded(async {
        let stream = tokio::net::TcpStream::connect(served.addr).await.unwrap();
        let (mut sender, connection) =
            hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(stream))
                .await
                .unwrap();
        tokio::spawn(connection);
        // Several requests on the one connection, at once.
        let requests = (0..8).map(|i| {
            let mut trailers = http::HeaderMap::new();
            trailers.insert("x-checksum", format!("sum-{i}").parse().unwrap());
            let request = http::Request::builder()
                .method("POST")
                .uri("http://hoist.test/trailers")
                .header("x-echo", format!("h2-{i}"))
                .body(
                    WithTrailers {
                        data: Some(Bytes::from(format!("body {i}"))),
                        trailers: Some(trailers),
                    }
                    .boxed_unsync(),
                )
                .unwrap();
            let response = sender.send_request(request);
            async move {
                let response = response.await.unwrap();
                assert_eq!(response.version(), http::Version::HTTP_2);
                assert_eq!(response.status(), 200);
                assert_eq!(response.headers()["x-path"], "/trailers");
                assert_eq!(response.headers()["x-echo"], format!("h2-{i}"));
                let collected = response.into_body().collect().await.unwrap();
                // HTTP/2 carries trailers without asking.
                assert_eq!(
                    collected.trailers().expect("trailers")["x-checksum"],
                    format!("sum-{i}")
                );
                assert_eq!(collected.to_bytes(), format!("body {i}"));
            }
        });
        futures_join_all(requests).await;
    })
    .await;
}

/// Runs `futures` to their ends, at once.
async fn futures_join_all(
    futures: impl IntoIterator<Item = impl std::future::Future<Output = ()>>,
) {
    let mut set = Vec::new();
    for future in futures {
        set.push(Box::pin(future));
    }
    for future in set {
        future.await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn guests_that_loop_or_wait_for_ever_are_stopped_at_the_timeout() {
    let served = serve_with(&["--timeout", "1s"]);
    let addr = served.addr;
    bounded(async {
        let started = std::time::Instant::now();
        let (spin, hang, good) = tokio::join!(
            fetch(addr, "GET", "/spin", "s", Bytes::new()),
            fetch(addr, "GET", "/hang", "h", Bytes::new()),
            async {
                // Served meanwhile.
                tokio::time::sleep(Duration::from_millis(100)).await;
                fetch(addr, "GET", "/meanwhile", "m", Bytes::from_static(b"ok")).await
            },
        );
        assert_eq!(spin.status, 504, "{}", String::from_utf8_lossy(&spin.body));
        assert_eq!(hang.status, 504);
        assert_echo(&good, "GET", "/meanwhile", "m", b"ok");
        let took = started.elapsed();
        assert!(took >= Duration::from_secs(1), "{took:?}");
        assert!(took < Duration::from_secs(10), "{took:?}");
        // And the server serves on: the looping guest's thread is free.
        for i in 0..8 {
            let path = format!("/after/{i}");
            let good = fetch(addr, "GET", &path, "a", Bytes::new()).await;
            assert_echo(&good, "GET", &path, "a", b"");
        }
    })
    .await;
    let log = served.log_with(&["GET /spin: the guest", "GET /hang: the guest"]);
    assert!(
        log.contains("GET /spin: the guest set no response within the time it had"),
        "{log}"
    );
    assert!(
        log.contains("GET /hang: the guest set no response within the time it had"),
        "{log}"
    );
    assert!(log.contains("(answered 504 Gateway Timeout)"), "{log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_guest_failing_after_its_response_cuts_the_body_short() {
    let served = serve();
    let addr = served.addr;
    bounded(async {
        for path in ["/late-trap", "/unfinished"] {
            let request = http::Request::builder()
                .uri(path)
                .header("host", "hoist.test")
                .body(Full::new(Bytes::new()).boxed_unsync())
                .unwrap();
            // The body is cut short: the client sees an error, not an end
            // (the head may or may not have gone out before the
            // connection was closed).
            let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
            let (mut sender, connection) =
                hyper::client::conn::http1::handshake(TokioIo::new(stream))
                    .await
                    .unwrap();
            tokio::spawn(connection);
            if let Ok(response) = sender.send_request(request).await {
                assert_eq!(response.status(), 200, "{path}");
                let body = response.into_body().collect().await;
                assert!(body.is_err(), "{path}: the body ended normally");
            }
            let good = fetch(addr, "GET", "/fine", "f", Bytes::from_static(b"x")).await;
            assert_echo(&good, "GET", "/fine", "f", b"x");
        }
    })
    .await;
    let log = served.log_with(&["unreachable", "output-stream is still alive"]);
    assert!(
        log.contains("the guest failed after setting the response"),
        "{log}"
    );
    assert!(log.contains("unreachable"), "{log}");
    assert!(log.contains("output-stream is still alive"), "{log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_over_the_limit_are_refused_or_cut() {
    let served = serve_with(&["--max-body-size", "1000"]);
    let addr = served.addr;
    bounded(async {
        // A content-length over the limit: 413, no guest.
        let big = fetch(addr, "POST", "/big", "b", Bytes::from(vec![7u8; 2000])).await;
        assert_eq!(big.status, 413);
        // At the limit: served.
        let full = fetch(addr, "POST", "/full", "f", Bytes::from(vec![7u8; 1000])).await;
        assert_echo(&full, "POST", "/full", "f", &[7u8; 1000]);
        // A body of no announced length that runs over: the guest's stream
        // fails past the limit (this guest then ends its echo there).
        let request = http::Request::builder()
            .method("POST")
            .uri("/streamed")
            .header("host", "hoist.test")
            .header("x-echo", "s")
            .body(
                Counting {
                    sent: 0,
                    total: 5000,
                    frame: 300,
                }
                .boxed_unsync(),
            )
            .unwrap();
        let response = send(addr, request).await;
        assert_eq!(response.status(), 200);
        let echoed = response.into_body().collect().await.unwrap().to_bytes();
        assert!(echoed.len() <= 1000, "{} bytes echoed", echoed.len());
        assert!(echoed.iter().enumerate().all(|(i, &b)| b == i as u8));
    })
    .await;
    let log = served.log_with(&["content-length 2000"]);
    assert!(
        log.contains("content-length 2000 is over the limit of 1000 bytes"),
        "{log}"
    );
}

/// Sends `bytes` on a new connection to `addr` and returns what comes
/// back until the server closes it.
async fn raw(addr: SocketAddr, bytes: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(bytes).await.unwrap();
    let mut answer = Vec::new();
    // A reset after the answer counts as the end.
    let _ = stream.read_to_end(&mut answer).await;
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_heads_and_slow_clients_get_defined_answers() {
    let served = serve_with(&["--header-timeout", "500ms", "--max-header-size", "16K"]);
    let addr = served.addr;
    bounded(async {
        // Not HTTP.
        let answer = raw(addr, b"THIS IS NOT HTTP\r\n\r\n").await;
        assert!(answer.starts_with("HTTP/1.1 400 Bad Request"), "{answer:?}");
        // A header over the limit.
        let long = format!(
            "GET / HTTP/1.1\r\nhost: hoist.test\r\nx-long: {}\r\n\r\n",
            "a".repeat(32 * 1024)
        );
        let answer = raw(addr, long.as_bytes()).await;
        assert!(answer.starts_with("HTTP/1.1 431"), "{answer:?}");
        // A client that sends half a head and waits: closed at the
        // timeout, while a good request is served meanwhile.
        let started = std::time::Instant::now();
        let (slow, good) = tokio::join!(
            raw(addr, b"GET / HTTP/1.1\r\nhost: hoist.test\r\n"),
            fetch(addr, "GET", "/quick", "q", Bytes::new()),
        );
        assert_echo(&good, "GET", "/quick", "q", b"");
        let took = started.elapsed();
        assert!(!slow.contains("200 OK"), "{slow:?}");
        assert!(took >= Duration::from_millis(400), "{took:?}");
        assert!(took < Duration::from_secs(10), "{took:?}");
        // The server is still there.
        let good = fetch(addr, "GET", "/after", "a", Bytes::new()).await;
        assert_echo(&good, "GET", "/after", "a", b"");
    })
    .await;
}

#[test]
fn run_with_s_http_sends_requests() {
    let served = serve();
    let fetcher =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../wasi-http/tests/guests/fetcher.wat");
    let invoke = format!("fetch(\"{}\")", served.addr);
    let run = |flags: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_hoist"))
            .arg("run")
            .args(flags)
            .args(["--invoke", &invoke])
            .arg(&fetcher)
            .output()
            .unwrap()
    };
    let out = run(&["-S", "http"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    // The echo's status.
    assert_eq!(String::from_utf8_lossy(&out.stdout), "200\n");
    // Without it, the imports are missing.
    let out = run(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("wasi:http/"), "{stderr}");
    let out = run(&["-S", "http=n"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn bad_command_lines_are_refused() {
    let hoist = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_hoist"))
            .arg("serve")
            .args(args)
            .output()
            .unwrap()
    };
    let out = hoist(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("expected a FILE to serve"));
    let out = hoist(&["--port", "1", "x.wasm"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown option `--port`"));
    // A component that is not a proxy.
    let not_proxy = Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-not-proxy.wat");
    std::fs::write(&not_proxy, "(component)").unwrap();
    let out = hoist(&["--addr", "127.0.0.1:0", not_proxy.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("expected a component exporting `wasi:http/incoming-handler@0.2.x`"),
        "{stderr}"
    );
    // An address that cannot be bound.
    let out = hoist(&["--addr", "not-an-address", component().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot listen on `not-an-address`"),
        "{stderr}"
    );
}
