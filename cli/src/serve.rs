//! `hoist serve`: serves a component of the `wasi:http/proxy` world over
//! HTTP/1.1 and HTTP/2 (cleartext, with prior knowledge). The component
//! is compiled and linked once (WASI and `wasi:http`, async); each
//! request gets a fresh store and instance ([`ProxyPre::handle`]) on a
//! multi-threaded Tokio runtime, with `hyper` serving the connections. A
//! request the guest does not answer (a trap, no response, an
//! `error-code`, its time up) gets the status [`HandleError::status`]
//! says and is logged on stderr; the server serves on. Ctrl-C stops
//! accepting and lets the requests in flight finish.
//!
//! The limits, each with a defined answer ([`Limits`]):
//! - a guest runs at most `--timeout` per request, waiting or computing
//!   (an epoch deadline stops a guest that loops): no response by then
//!   is a 504, a body not finished by then is cut short;
//! - a request's body may be at most `--max-body-size` bytes: a larger
//!   `content-length` is a 413 before any guest runs, a longer body
//!   fails the guest's stream with `HTTP-request-body-size`;
//! - a request's head may be at most `--max-header-size` bytes (431, by
//!   `hyper`) and must arrive within `--header-timeout` (the connection
//!   is closed: a slow client holds no guest);
//! - a request `hyper` cannot parse is a 400, and its connection closed.
//!
//! Parsing the command line is [`ServeOptions::parse`]; serving is
//! [`serve`]. The options shared with `hoist run` (`--dir`, `--env`) are
//! parsed by `run`'s helpers.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context as TaskContext, Poll};
use std::time::Duration;

use anyhow::{bail, Context, Result};
use hoist::component::Linker;
use hoist::wasi::http::bytes::Bytes;
use hoist::wasi::http::http_body::{Body, Frame, SizeHint};
use hoist::wasi::http::{http, ErrorCode, HandleError, HyperOutgoingBody, ProxyPre, WasiHttpState};
use hoist::{Config, Engine, Store};
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::run::{grant_option, load_component, option_value, split_flag, wasi_builder};

/// The usage line of `hoist serve`.
pub const USAGE: &str = "usage: hoist serve [--addr HOST:PORT] [--dir HOST[::GUEST]]... \
[--env NAME[=VALUE]]... [LIMITS] FILE

  --addr HOST:PORT     the address to listen on (default: 0.0.0.0:8080; port 0: any free one)
  --dir HOST[::GUEST]  give the guest the host directory HOST, as GUEST (default: HOST)
  --env NAME[=VALUE]   set an environment variable (no VALUE: the host's own)
LIMITS (a DURATION is a number with ms, s or m; a SIZE a number of bytes with K, M or G):
  --timeout DURATION        the longest a guest may run for one request: no response by
                            then is a 504, a body not finished then is cut short (default: 60s)
  --max-body-size SIZE      the largest request body: a larger one is a 413, or fails the
                            guest's stream (default: no limit)
  --max-header-size SIZE    the largest request head: a larger one is a 431 (default: 64K)
  --header-timeout DURATION how long a client may take to send a request's head (default: 30s)
FILE is a component exporting wasi:http/incoming-handler (the wasi:http/proxy world),
binary or text. HTTP/1.1 and cleartext HTTP/2 (prior knowledge) are served. Once
listening, `Serving HTTP on http://ADDR/` is printed on stderr. Ctrl-C stops the
server after the requests in flight.";

/// The address `hoist serve` listens on by default, as `wasmtime serve`.
pub const DEFAULT_ADDR: &str = "0.0.0.0:8080";

/// What `hoist serve` was asked to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServeOptions {
    /// The address to listen on, `HOST:PORT`.
    pub addr: String,
    /// Preopened directories: host path and guest path.
    pub dirs: Vec<(PathBuf, String)>,
    /// Environment variables.
    pub env: Vec<(String, String)>,
    /// The component to serve.
    pub file: PathBuf,
    /// What one request may take.
    pub limits: Limits,
}

/// What one request may take, and what answers it when it takes more.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The longest a guest may run for one request, from its
    /// instantiation to the end of its response's body.
    pub timeout: Duration,
    /// The largest request body, in bytes, if any.
    pub max_body_size: Option<u64>,
    /// The largest request head (request line and header fields), in
    /// bytes.
    pub max_header_size: usize,
    /// How long a client may take to send a request's head.
    pub header_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            timeout: Duration::from_secs(60),
            max_body_size: None,
            max_header_size: 64 * 1024,
            header_timeout: Duration::from_secs(30),
        }
    }
}

/// How often the epoch ticks: the granularity of `--timeout` for a guest
/// that computes without waiting.
const EPOCH_TICK: Duration = Duration::from_millis(10);

/// The smallest head limit `hyper` takes (its read buffer's minimum).
const MIN_HEADER_SIZE: usize = 8192;

/// Parses a duration: a number followed by `ms`, `s` or `m` (seconds if
/// there is no unit).
fn parse_duration(flag: &str, text: &str) -> Result<Duration> {
    let (number, scale) = if let Some(n) = text.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('m') {
        (n, 60.0)
    } else {
        (text, 1.0)
    };
    match number.parse::<f64>() {
        Ok(n) if n.is_finite() && n > 0.0 && n * scale < 1e9 => Ok(Duration::from_secs_f64(n * scale)),
        _ => bail!("expected a positive duration such as `500ms`, `30s` or `2m` after `{flag}`, found `{text}`"),
    }
}

/// Parses a size in bytes: a number, optionally followed by `K`, `M` or
/// `G` (binary multiples).
fn parse_size(flag: &str, text: &str) -> Result<u64> {
    let (number, scale) = match text.char_indices().last() {
        Some((i, 'K' | 'k')) => (&text[..i], 1u64 << 10),
        Some((i, 'M' | 'm')) => (&text[..i], 1 << 20),
        Some((i, 'G' | 'g')) => (&text[..i], 1 << 30),
        _ => (text, 1),
    };
    number
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .ok_or_else(|| {
            anyhow::anyhow!(
                "expected a size in bytes such as `65536`, `64K` or `100M` after `{flag}`, found `{text}`"
            )
        })
}

impl ServeOptions {
    /// Parses the arguments after `serve`.
    pub fn parse(args: &[String]) -> Result<ServeOptions> {
        let mut opts = ServeOptions {
            addr: DEFAULT_ADDR.to_owned(),
            dirs: Vec::new(),
            env: Vec::new(),
            file: PathBuf::new(),
            limits: Limits::default(),
        };
        let mut file = None;
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let (flag, inline) = split_flag(arg);
            match flag {
                "--addr" => opts.addr = option_value(inline, &mut it, flag)?,
                "--timeout" => {
                    opts.limits.timeout =
                        parse_duration(flag, &option_value(inline, &mut it, flag)?)?
                }
                "--header-timeout" => {
                    opts.limits.header_timeout =
                        parse_duration(flag, &option_value(inline, &mut it, flag)?)?
                }
                "--max-body-size" => {
                    opts.limits.max_body_size =
                        Some(parse_size(flag, &option_value(inline, &mut it, flag)?)?)
                }
                "--max-header-size" => {
                    let size = parse_size(flag, &option_value(inline, &mut it, flag)?)?;
                    opts.limits.max_header_size = match usize::try_from(size) {
                        Ok(size) if size >= MIN_HEADER_SIZE => size,
                        _ => bail!(
                            "expected at least {MIN_HEADER_SIZE} bytes after `{flag}` (the \
                             smallest head limit hyper takes), found `{size}`"
                        ),
                    };
                }
                "--dir" | "--env" => {
                    grant_option(flag, inline, &mut it, &mut opts.dirs, &mut opts.env)?
                }
                s if s.starts_with('-') && s.len() > 1 => bail!("unknown option `{arg}`"),
                _ if file.is_some() => {
                    bail!("expected one FILE, found a second argument `{arg}`")
                }
                _ => file = Some(PathBuf::from(arg)),
            }
        }
        opts.file = file.context("expected a FILE to serve")?;
        Ok(opts)
    }
}

/// What every request's handling shares.
struct Server {
    engine: Engine,
    proxy: ProxyPre<WasiHttpState>,
    dirs: Vec<(PathBuf, String)>,
    env: Vec<(String, String)>,
    limits: Limits,
}

impl Server {
    /// A fresh store for one request: the directories and environment
    /// asked for, the server's stdout and stderr.
    fn store(&self) -> Result<Store<WasiHttpState>> {
        let mut builder = wasi_builder(&self.dirs, &self.env)?;
        builder.inherit_stdout().inherit_stderr();
        let mut store = Store::new(&self.engine, WasiHttpState::new(builder.build()));
        // A guest computing without waiting traps at its time (the
        // timeout of `ProxyPre` stops one that waits).
        let ticks = self.limits.timeout.as_nanos() / EPOCH_TICK.as_nanos() + 1;
        store.set_epoch_deadline(u64::try_from(ticks).unwrap_or(u64::MAX));
        Ok(store)
    }

    /// The response to `request`: the guest's, or the status of what
    /// went wrong (logged).
    async fn respond(
        &self,
        request: hyper::Request<Incoming>,
    ) -> http::Response<HyperOutgoingBody> {
        let what = format!("{} {}", request.method(), request.uri());
        if let Some(limit) = self.limits.max_body_size {
            if let Some(length) = content_length(&request).filter(|&n| n > limit) {
                eprintln!(
                    "hoist serve: {what}: the body's content-length {length} is over the \
                     limit of {limit} bytes (answered 413)"
                );
                return plain_response(http::StatusCode::PAYLOAD_TOO_LARGE);
            }
        }
        let request = request.map(|body| LimitedBody {
            body,
            seen: 0,
            limit: self.limits.max_body_size,
        });
        let outcome = match self.store() {
            Ok(store) => self.proxy.handle(store, request).await,
            Err(e) => Err(HandleError::Failed(e.context("making the request's store"))),
        };
        outcome.unwrap_or_else(|e| {
            eprintln!("hoist serve: {what}: {e} (answered {})", e.status());
            e.to_response()
        })
    }
}

/// The request's `content-length`, if it has a valid one.
fn content_length<B>(request: &http::Request<B>) -> Option<u64> {
    request
        .headers()
        .get(http::header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

/// A response of `status` with its reason phrase as a plain-text body.
fn plain_response(status: http::StatusCode) -> http::Response<HyperOutgoingBody> {
    use hoist::wasi::http::http_body_util::{BodyExt, Full};
    let text = format!("{}\n", status.canonical_reason().unwrap_or("Error"));
    let mut response = http::Response::new(
        Full::new(Bytes::from(text))
            .map_err(|never| match never {})
            .boxed_unsync(),
    );
    *response.status_mut() = status;
    response
}

/// A request's body, failing with `HTTP-request-body-size` once it has
/// given more than `limit` bytes.
struct LimitedBody {
    body: Incoming,
    seen: u64,
    limit: Option<u64>,
}

impl Body for LimitedBody {
    type Data = Bytes;
    type Error = ErrorCode;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut TaskContext<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, ErrorCode>>> {
        let this = self.get_mut();
        let frame = match std::task::ready!(Pin::new(&mut this.body).poll_frame(cx)) {
            Some(Ok(frame)) => frame,
            Some(Err(e)) => return Poll::Ready(Some(Err(ErrorCode::from(e)))),
            None => return Poll::Ready(None),
        };
        if let Some(data) = frame.data_ref() {
            this.seen = this.seen.saturating_add(data.len() as u64);
            if this.limit.is_some_and(|limit| this.seen > limit) {
                return Poll::Ready(Some(Err(ErrorCode::HttpRequestBodySize(Some(this.seen)))));
            }
        }
        Poll::Ready(Some(Ok(frame)))
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// Serves what `opts` says until Ctrl-C. Errors are those before serving
/// starts (a file that cannot be read or compiled, a component that is
/// not a proxy, an address that cannot be bound).
pub fn serve(opts: &ServeOptions) -> Result<()> {
    let mut config = Config::new();
    config.epoch_interruption(true);
    let engine = Engine::new(&config)?;
    let component = load_component(&engine, &opts.file)?;
    let mut linker = Linker::<WasiHttpState>::new(&engine);
    hoist::wasi::http::add_to_linker_async(&mut linker)?;
    let pre = linker
        .instantiate_pre(&component)
        .with_context(|| format!("linking `{}`", opts.file.display()))?;
    let proxy = ProxyPre::new(pre)
        .with_context(|| format!("serving `{}`", opts.file.display()))?
        .with_timeout(opts.limits.timeout);
    // Checked once here, so that a bad directory is not every request's
    // failure.
    wasi_builder(&opts.dirs, &opts.env)?;
    let server = Arc::new(Server {
        engine,
        proxy,
        dirs: opts.dirs.clone(),
        env: opts.env.clone(),
        limits: opts.limits.clone(),
    });
    // The epoch's clock, for as long as the process serves.
    let ticking = server.engine.clone();
    std::thread::Builder::new()
        .name("hoist-serve-epoch".to_owned())
        .spawn(move || loop {
            std::thread::sleep(EPOCH_TICK);
            ticking.increment_epoch();
        })
        .context("starting the epoch thread")?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("hoist-serve")
        .build()
        .context("starting the Tokio runtime")?;
    runtime.block_on(async {
        let listener = TcpListener::bind(&opts.addr)
            .await
            .with_context(|| format!("cannot listen on `{}`", opts.addr))?;
        let addr = listener.local_addr()?;
        eprintln!("Serving HTTP on http://{addr}/");
        let shutdown = async {
            if let Err(e) = tokio::signal::ctrl_c().await {
                eprintln!("hoist serve: cannot wait for Ctrl-C ({e}); serving until killed");
                std::future::pending::<()>().await;
            }
        };
        accept(listener, server, shutdown).await;
        Ok(())
    })
}

/// Accepts connections on `listener` until `shutdown` is ready, then
/// waits for the connections to finish their requests in flight.
async fn accept(
    listener: TcpListener,
    server: Arc<Server>,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let (stop, stopping) = watch::channel(false);
    let mut connections = JoinSet::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    // Responses go out as they are written: without this,
                    // Nagle's algorithm holds a body's last small segment
                    // for the client's delayed ACK (40 ms on Linux).
                    if let Err(e) = stream.set_nodelay(true) {
                        eprintln!("hoist serve: connection from {peer}: TCP_NODELAY: {e}");
                    }
                    connections.spawn(connection(stream, peer, server.clone(), stopping.clone()));
                }
                Err(e) => {
                    // Out of file descriptors, say: wait, and accept again.
                    eprintln!("hoist serve: accepting a connection: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
            },
            // Reaps finished connections.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    eprintln!(
        "hoist serve: shutting down after the requests in flight ({} connections open)",
        connections.len()
    );
    let _ = stop.send(true);
    while connections.join_next().await.is_some() {}
}

/// Serves the requests of one connection; once `stopping` turns true,
/// finishes the request in flight (if any) and closes.
async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    server: Arc<Server>,
    mut stopping: watch::Receiver<bool>,
) {
    let limits = server.limits.clone();
    let service = hyper::service::service_fn(move |request| {
        let server = server.clone();
        async move { Ok::<_, Infallible>(server.respond(request).await) }
    });
    let mut builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_buf_size(limits.max_header_size);
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_header_list_size(u32::try_from(limits.max_header_size).unwrap_or(u32::MAX));
    let connection = builder.serve_connection(TokioIo::new(stream), service);
    let mut connection = std::pin::pin!(connection);
    let result = tokio::select! {
        result = connection.as_mut() => result,
        () = async {
            // The guard `wait_for` gives must not live across an await.
            let _ = stopping.wait_for(|stop| *stop).await;
        } => {
            connection.as_mut().graceful_shutdown();
            connection.await
        }
    };
    if let Err(e) = result {
        match e.source() {
            Some(cause) => eprintln!("hoist serve: connection from {peer}: {e}: {cause}"),
            None => eprintln!("hoist serve: connection from {peer}: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_sizes_parse_or_say_what_they_expected() {
        assert_eq!(
            parse_duration("--t", "500ms").unwrap(),
            Duration::from_millis(500)
        );
        assert_eq!(parse_duration("--t", "2s").unwrap(), Duration::from_secs(2));
        assert_eq!(
            parse_duration("--t", "1.5m").unwrap(),
            Duration::from_secs(90)
        );
        assert_eq!(parse_duration("--t", "3").unwrap(), Duration::from_secs(3));
        for bad in ["", "0s", "-1s", "fast", "1h", "inf", "1e300s"] {
            let e = parse_duration("--timeout", bad).unwrap_err().to_string();
            assert!(
                e.contains("after `--timeout`") && e.contains(&format!("`{bad}`")),
                "{e}"
            );
        }
        assert_eq!(parse_size("--s", "65536").unwrap(), 65536);
        assert_eq!(parse_size("--s", "64K").unwrap(), 64 << 10);
        assert_eq!(parse_size("--s", "100M").unwrap(), 100 << 20);
        assert_eq!(parse_size("--s", "2g").unwrap(), 2 << 30);
        for bad in ["", "K", "1.5M", "-1", "99999999999G"] {
            let e = parse_size("--max-body-size", bad).unwrap_err().to_string();
            assert!(e.contains("after `--max-body-size`"), "{e}");
        }
    }

    #[test]
    fn limits_are_options() {
        let args: Vec<String> = [
            "--timeout=5s",
            "--max-body-size",
            "1M",
            "--max-header-size=16K",
            "--header-timeout",
            "250ms",
            "p.wasm",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let opts = ServeOptions::parse(&args).unwrap();
        assert_eq!(
            opts.limits,
            Limits {
                timeout: Duration::from_secs(5),
                max_body_size: Some(1 << 20),
                max_header_size: 16 << 10,
                header_timeout: Duration::from_millis(250),
            }
        );
        let small: Vec<String> = ["--max-header-size", "100", "p.wasm"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let e = ServeOptions::parse(&small).unwrap_err().to_string();
        assert!(e.contains("expected at least 8192 bytes"), "{e}");
    }
}
