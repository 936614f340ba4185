//! `hoist serve`, end to end, serving the JavaScript handler of
//! `examples/http-js/` (built with componentize-js: StarlingMonkey, a
//! SpiderMonkey build, answering `fetch` events):
//!
//! - the echo: method, path, an `x-echo` header, and a body of about
//!   1 MB streamed through the guest and back;
//! - `/fetch?url=...`: the guest's `fetch()` (through
//!   `wasi:http/outgoing-handler`) of a local hyper server the test runs;
//! - `/trap`: an exception in the handler is a 500, and the server serves
//!   on;
//! - response trailers, from `trailers.js` (a handler of its own: the
//!   `fetch` event has no trailers).
//!
//! And `hoist run` refusing a proxy component, saying to serve it (with
//! the WAT test proxy of `wasi-http/tests/guests/`, always).
//!
//! The components are built by `examples/http-js/build.sh` (Node and npm),
//! not by cargo: the test serves `$HOIST_JS_GUEST` if set, else
//! `examples/http-js/handler.wasm`, and `examples/http-js/trailers.wasm`.
//! Without them it says so loudly on stderr and passes, unless `CI` or
//! `HOIST_TESTSUITE` (which `.ci/run` sets) is set: then it fails.

#[path = "support/served.rs"]
mod served;
#[path = "../../wasi-http/tests/support/serving.rs"]
mod serving;

use std::convert::Infallible;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use hoist::wasi::http::bytes::Bytes;
use hoist::wasi::http::http;
use hoist::wasi::http::http_body_util::{combinators::UnsyncBoxBody, BodyExt, Full};
use hyper_util::rt::TokioIo;
use served::Served;
use serving::{bounded, Counting};

/// How long `hoist serve` may take to compile the component (13 MB, most
/// of it SpiderMonkey) and listen: a few seconds optimised, more in a
/// debug build on a busy machine.
const STARTUP: Duration = Duration::from_secs(300);

/// The built component `examples/http-js/{name}` (or what `env` names, if
/// set), or `None` (after saying so) when there is none.
fn guest(name: &str, env: Option<&str>) -> Option<PathBuf> {
    if let Some(path) = env.and_then(std::env::var_os) {
        let path = PathBuf::from(path);
        assert!(
            path.is_file(),
            "{} names {}, which is not a file",
            env.unwrap(),
            path.display()
        );
        return Some(path);
    }
    let built = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/http-js")
        .join(name);
    if built.is_file() {
        return Some(built);
    }
    let how = "build it with `sh examples/http-js/build.sh` (needs Node >= 18 and npm)";
    // `.ci/run` sets HOIST_TESTSUITE (and builds the components).
    if std::env::var_os("CI").is_some() || std::env::var_os("HOIST_TESTSUITE").is_some() {
        panic!("CI (or HOIST_TESTSUITE) is set but examples/http-js/{name} is missing: {how}");
    }
    // Straight to the process's stderr: the test harness captures
    // `eprintln!` of a test that passes.
    let _ = writeln!(
        std::io::stderr(),
        "\n\
         ********************************************************************\n\
         SKIPPED: cli/tests/serve_js.rs: no examples/http-js/{name};\n\
         {how}.\n\
         ********************************************************************\n"
    );
    None
}

/// `hoist serve COMPONENT`, once it listens.
fn serve(component: &Path) -> Served {
    let started = Instant::now();
    let served = Served::start(component, &[], STARTUP);
    eprintln!(
        "hoist serve compiled {} and listened in {:.1?}",
        component.display(),
        started.elapsed()
    );
    served
}

type ClientBody = UnsyncBoxBody<Bytes, Infallible>;

/// A response: status, headers, the whole body, its trailers.
struct Answer {
    status: u16,
    headers: http::HeaderMap,
    body: Bytes,
    trailers: Option<http::HeaderMap>,
}

/// Sends a request of `method` and `path` with `x-echo: {tag}` and `body`
/// to `addr` on a new connection; returns the whole response.
async fn fetch(addr: SocketAddr, method: &str, path: &str, tag: &str, body: ClientBody) -> Answer {
    let request = http::Request::builder()
        .method(method)
        .uri(path)
        .header("host", "hoist.test")
        .header("x-echo", tag)
        .header("te", "trailers")
        .body(body)
        .unwrap();
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .unwrap();
    tokio::spawn(connection);
    let response = sender.send_request(request).await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let collected = response
        .into_body()
        .collect()
        .await
        .unwrap_or_else(|e| panic!("{method} {path}: the body failed: {e}"));
    let trailers = collected.trailers().cloned();
    Answer {
        status,
        headers,
        body: collected.to_bytes(),
        trailers,
    }
}

fn full(bytes: &'static [u8]) -> ClientBody {
    Full::new(Bytes::from_static(bytes)).boxed_unsync()
}

/// Checks that `answer` echoes a request of `method`, `path` and `tag`.
#[track_caller]
fn assert_echo_head(answer: &Answer, method: &str, path: &str, tag: &str) {
    assert_eq!(answer.status, 200, "{method} {path}");
    assert_eq!(answer.headers["x-method"], method, "{path}");
    assert_eq!(answer.headers["x-path"], path, "{path}");
    assert_eq!(answer.headers["x-echo"], tag, "{path}");
}

/// A local HTTP server for the guest's `fetch()`: `/missing` is a 404,
/// every other path a 200 whose body names the request.
async fn upstream() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                break;
            };
            tokio::spawn(async move {
                let service = hyper::service::service_fn(
                    |request: http::Request<hyper::body::Incoming>| async move {
                        let path = request.uri().path().to_owned();
                        let status = if path == "/missing" { 404 } else { 200 };
                        let body = format!("upstream saw {} {path}", request.method());
                        Ok::<_, Infallible>(
                            http::Response::builder()
                                .status(status)
                                .body(Full::new(Bytes::from(body)))
                                .unwrap(),
                        )
                    },
                );
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    addr
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hoist_serve_serves_the_javascript_handler() {
    let Some(component) = guest("handler.wasm", Some("HOIST_JS_GUEST")) else {
        return;
    };
    // One server for every check: starting one compiles the component.
    let served = serve(&component);
    let addr = served.addr;

    // The echo, without a body and with one.
    let started = Instant::now();
    let answer = bounded(fetch(addr, "GET", "/hello?x=1", "first", full(b""))).await;
    eprintln!("the first request took {:.1?}", started.elapsed());
    assert_echo_head(&answer, "GET", "/hello?x=1", "first");
    assert_eq!(answer.body, "");
    let answer = bounded(fetch(addr, "POST", "/post", "second", full(b"a body"))).await;
    assert_echo_head(&answer, "POST", "/post", "second");
    assert_eq!(answer.body, "a body");

    // About 1 MB, sent in frames as it is made, streamed back.
    let total = 1024 * 1024 + 7;
    let body = Counting {
        sent: 0,
        total,
        frame: 16 * 1024,
    }
    .boxed_unsync();
    let answer = bounded(fetch(addr, "PUT", "/large", "large", body)).await;
    assert_echo_head(&answer, "PUT", "/large", "large");
    assert_eq!(answer.body.len(), total);
    assert!(answer.body.iter().enumerate().all(|(n, &b)| b == n as u8));

    // fetch() of a local server: its status and body.
    let upstream = upstream().await;
    let path = format!("/fetch?url=http://{upstream}/some/where");
    let answer = bounded(fetch(addr, "GET", &path, "f", full(b""))).await;
    assert_eq!(answer.status, 200, "{}", served.log());
    assert_eq!(answer.headers["x-upstream-status"], "200");
    assert_eq!(answer.body, "upstream saw GET /some/where");
    let path = format!("/fetch?url=http://{upstream}/missing");
    let answer = bounded(fetch(addr, "GET", &path, "f", full(b""))).await;
    assert_eq!(answer.headers["x-upstream-status"], "404");
    assert_eq!(answer.body, "upstream saw GET /missing");

    // An exception is a 500 (StarlingMonkey's, with an empty body), and
    // the server serves on.
    let answer = bounded(fetch(addr, "GET", "/trap", "t", full(b""))).await;
    assert_eq!(answer.status, 500, "{}", served.log());
    let answer = bounded(fetch(addr, "POST", "/after", "after", full(b"still here"))).await;
    assert_echo_head(&answer, "POST", "/after", "after");
    assert_eq!(answer.body, "still here");
    // So is a fetch() that fails (nothing listens on port 1).
    let answer = bounded(fetch(
        addr,
        "GET",
        "/fetch?url=http://127.0.0.1:1/",
        "f",
        full(b""),
    ))
    .await;
    assert_eq!(answer.status, 500, "{}", served.log());

    let log = served.log_with(&["/trap: failing on purpose"]);
    assert!(log.contains("/trap: failing on purpose"), "{log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hoist_serve_sends_the_trailers_of_a_javascript_handler() {
    let Some(component) = guest("trailers.wasm", None) else {
        return;
    };
    let served = serve(&component);
    let answer = bounded(fetch(served.addr, "GET", "/t?x=1", "t", full(b""))).await;
    assert_eq!(answer.status, 200, "{}", served.log());
    assert_eq!(answer.headers["x-path"], "/t?x=1");
    assert_eq!(answer.body, "body, then trailers\n");
    let trailers = answer.trailers.expect("trailers");
    assert_eq!(trailers["x-trailer"], "done");
}

#[test]
fn run_says_to_serve_a_proxy_component() {
    let proxy = Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-js-proxy.wasm");
    std::fs::write(&proxy, serving::proxy_component()).unwrap();
    for flags in [&[][..], &["-S", "http"][..]] {
        let out = Command::new(env!("CARGO_BIN_EXE_hoist"))
            .arg("run")
            .args(flags)
            .arg(&proxy)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains("it is a wasi:http/proxy component, to serve with `hoist serve`"),
            "{stderr}"
        );
    }
}
