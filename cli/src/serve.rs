//! `hoist serve`: serves a component of the `wasi:http/proxy` world over
//! HTTP/1.1. The component is compiled and linked once (WASI and
//! `wasi:http`, async); each request gets a fresh store and instance
//! ([`ProxyPre::handle`]) on a multi-threaded Tokio runtime, with
//! `hyper` serving the connections. A request the guest does not answer
//! (a trap, no response, an `error-code`) gets the status
//! [`HandleError::status`] says and is logged on stderr; the server
//! serves on. Ctrl-C stops accepting and lets the requests in flight
//! finish.
//!
//! Parsing the command line is [`ServeOptions::parse`]; serving is
//! [`serve`]. The options shared with `hoist run` (`--dir`, `--env`) are
//! parsed by `run`'s helpers.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use hoist::component::Linker;
use hoist::wasi::http::{http, HandleError, HyperOutgoingBody, ProxyPre, WasiHttpState};
use hoist::{Engine, Store};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::run::{grant_option, load_component, option_value, split_flag, wasi_builder};

/// The usage line of `hoist serve`.
pub const USAGE: &str = "usage: hoist serve [--addr HOST:PORT] [--dir HOST[::GUEST]]... \
[--env NAME[=VALUE]]... FILE

  --addr HOST:PORT     the address to listen on (default: 0.0.0.0:8080; port 0: any free one)
  --dir HOST[::GUEST]  give the guest the host directory HOST, as GUEST (default: HOST)
  --env NAME[=VALUE]   set an environment variable (no VALUE: the host's own)
FILE is a component exporting wasi:http/incoming-handler (the wasi:http/proxy world),
binary or text. Once listening, `Serving HTTP on http://ADDR/` is printed on stderr.
Ctrl-C stops the server after the requests in flight.";

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
}

impl ServeOptions {
    /// Parses the arguments after `serve`.
    pub fn parse(args: &[String]) -> Result<ServeOptions> {
        let mut opts = ServeOptions {
            addr: DEFAULT_ADDR.to_owned(),
            dirs: Vec::new(),
            env: Vec::new(),
            file: PathBuf::new(),
        };
        let mut file = None;
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let (flag, inline) = split_flag(arg);
            match flag {
                "--addr" => opts.addr = option_value(inline, &mut it, flag)?,
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
}

impl Server {
    /// A fresh store for one request: the directories and environment
    /// asked for, the server's stdout and stderr.
    fn store(&self) -> Result<Store<WasiHttpState>> {
        let mut builder = wasi_builder(&self.dirs, &self.env)?;
        builder.inherit_stdout().inherit_stderr();
        Ok(Store::new(
            &self.engine,
            WasiHttpState::new(builder.build()),
        ))
    }

    /// The response to `request`: the guest's, or the status of what
    /// went wrong (logged).
    async fn respond(
        &self,
        request: hyper::Request<Incoming>,
    ) -> http::Response<HyperOutgoingBody> {
        let what = format!("{} {}", request.method(), request.uri());
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

/// Serves what `opts` says until Ctrl-C. Errors are those before serving
/// starts (a file that cannot be read or compiled, a component that is
/// not a proxy, an address that cannot be bound).
pub fn serve(opts: &ServeOptions) -> Result<()> {
    let engine = Engine::default();
    let component = load_component(&engine, &opts.file)?;
    let mut linker = Linker::<WasiHttpState>::new(&engine);
    hoist::wasi::http::add_to_linker_async(&mut linker)?;
    let pre = linker
        .instantiate_pre(&component)
        .with_context(|| format!("linking `{}`", opts.file.display()))?;
    let proxy = ProxyPre::new(pre).with_context(|| format!("serving `{}`", opts.file.display()))?;
    // Checked once here, so that a bad directory is not every request's
    // failure.
    wasi_builder(&opts.dirs, &opts.env)?;
    let server = Arc::new(Server {
        engine,
        proxy,
        dirs: opts.dirs.clone(),
        env: opts.env.clone(),
    });
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
    let service = hyper::service::service_fn(move |request| {
        let server = server.clone();
        async move { Ok::<_, Infallible>(server.respond(request).await) }
    });
    let connection =
        hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service);
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
        match std::error::Error::source(&e) {
            Some(cause) => eprintln!("hoist serve: connection from {peer}: {e}: {cause}"),
            None => eprintln!("hoist serve: connection from {peer}: {e}"),
        }
    }
}
