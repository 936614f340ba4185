//! The async runtime under WASI's blocking calls and pollables: Tokio.
//!
//! Host functions that wait (a blocking read, a sleep, a socket) are
//! futures. Under `add_to_linker_async` they run on the embedder's
//! executor; under `add_to_linker_sync` hoist drives them on the calling
//! thread. Either way, Tokio's timers and sockets need a runtime to
//! register with: `in_tokio` polls a future inside the current Tokio
//! runtime when there is one, and otherwise inside a small runtime of this
//! crate's own (one worker thread, started on first use) that drives their
//! I/O and timers, so that a synchronous embedder need not run one.
//!
//! What lives elsewhere: the pollables built on these futures (`io::poll`).

use std::future::Future;
use std::pin::Pin;
use std::sync::LazyLock;
use std::task::{Context, Poll};

use tokio::runtime::{Handle, Runtime};

/// The runtime used when the caller is not inside one.
static RUNTIME: LazyLock<Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("hoist-wasi")
        .enable_all()
        .build()
        .expect("hoist-wasi: cannot start the Tokio runtime for WASI I/O")
});

/// The runtime futures of WASI's I/O register with: the caller's, else
/// this crate's own. Crates hosting more of WASI (hoist-wasi-http) spawn
/// their tasks on it.
pub fn handle() -> Handle {
    Handle::try_current().unwrap_or_else(|_| RUNTIME.handle().clone())
}

/// A boxed future that can move between threads.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// `future`, polled inside a Tokio runtime (see the module documentation).
pub(crate) fn in_tokio<F: Future>(future: F) -> InTokio<F> {
    InTokio {
        handle: handle(),
        future: Box::pin(future),
    }
}

/// The future [`in_tokio`] returns.
pub(crate) struct InTokio<F> {
    handle: Handle,
    future: Pin<Box<F>>,
}

impl<F: Future> Future for InTokio<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let _guard = self.handle.enter();
        self.future.as_mut().poll(cx)
    }
}

/// Runs `future` to completion on the current thread, inside a Tokio
/// runtime: for host code outside any async context (the CLI's own
/// helpers, tests).
pub fn block_on<F: Future>(future: F) -> F::Output {
    hoist_runtime::component::block_on(in_tokio(future))
}
