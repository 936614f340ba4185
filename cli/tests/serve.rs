//! `hoist serve`, end to end: the `hoist` binary serving the test proxy
//! component (`wasi-http/tests/guests/proxy.wat`, made a component by
//! `wasi-http/tests/support/guest.rs`) on 127.0.0.1 with a port of its
//! choosing, read from what it prints on stderr, and a `hyper` client:
//!
//! - 200 echo requests, 16 at a time, every response checked;
//! - a trap, no response and an `error-code` between good requests:
//!   500, 500, 504, and the requests after them served;
//! - a 10 MB body streamed through the guest and back;
//! - Ctrl-C (SIGINT) with a request in flight: it finishes, new
//!   connections are refused, the process exits 0;
//! - `hoist run -S http` giving a guest `wasi:http`, which it uses to
//!   fetch from `hoist serve` (`wasi-http/tests/guests/fetcher.wat`);
//! - the command line's errors.
//!
//! Each test fails after 30 seconds.

#[path = "../../wasi-http/tests/support/serving.rs"]
mod serving;

use std::convert::Infallible;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;

use hoist::wasi::http::bytes::Bytes;
use hoist::wasi::http::http;
use hoist::wasi::http::http_body::{Body, Frame};
use hoist::wasi::http::http_body_util::{combinators::UnsyncBoxBody, BodyExt, Full};
use hyper_util::rt::TokioIo;
use serving::{bounded, Counting};

/// The proxy component, written once per test run.
fn component() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-proxy.wasm");
        std::fs::write(&path, serving::proxy_component()).unwrap();
        path
    })
}

/// A running `hoist serve`, killed when dropped.
struct Served {
    child: Child,
    addr: SocketAddr,
    /// What it printed on stderr after the address.
    log: Arc<Mutex<String>>,
}

impl Served {
    /// `hoist serve --addr 127.0.0.1:0 COMPONENT`, once it listens.
    fn start() -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hoist"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .arg(component())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("running hoist serve");
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        stderr.read_line(&mut line).unwrap();
        let addr = line
            .trim()
            .strip_prefix("Serving HTTP on http://")
            .and_then(|rest| rest.strip_suffix('/'))
            .unwrap_or_else(|| panic!("expected `Serving HTTP on http://ADDR/`, found {line:?}"))
            .parse()
            .unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in stderr.lines() {
                let Ok(line) = line else { break };
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        Served { child, addr, log }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
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
    let served = Served::start();
    let addr = served.addr;
    const TOTAL: usize = 200;
    let next = Arc::new(AtomicUsize::new(0));
    let answered = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..16)
        .map(|_| {
            let (next, answered) = (next.clone(), answered.clone());
            tokio::spawn(async move {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= TOTAL {
                        break;
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
    let served = Served::start();
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
    let log = served.log();
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
async fn a_10_mb_body_streams_through_the_guest() {
    let served = Served::start();
    let total = 10 * 1000 * 1000;
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
    let mut served = Served::start();
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

#[test]
fn run_with_s_http_sends_requests() {
    let served = Served::start();
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
