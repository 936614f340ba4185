//! `wasi:cli`: arguments, environment and working directory; `exit`; the
//! standard streams and whether they are terminals.
//!
//! An embedder chooses what the guest's stdio is through [`StdinStream`]
//! and [`StdoutStream`] (the host process's own: [`Stdin`], [`Stdout`],
//! [`Stderr`]; in memory: the `pipe` module). A guest's `exit` reaches
//! the embedder as an [`I32Exit`] error.

use std::io::{IsTerminal, Read, Write};
use std::sync::{Arc, Condvar, Mutex, OnceLock};

use anyhow::Result;
use hoist_runtime::component::Resource;

use crate::bindings::wasi::cli::{
    environment, exit, stderr, stdin, stdout, terminal_input, terminal_output, terminal_stderr,
    terminal_stdin, terminal_stdout,
};
use crate::io::{
    DynInputStream, DynOutputStream, InputStream, OutputStream, StreamError, Subscribe,
};
use crate::runtime::BoxFuture;
use crate::WasiView;

/// The error a guest's `wasi:cli/exit` ends its call with: the process
/// exit code it asked for (0 for success, 1 for `exit(err)`). Embedders
/// find it with `error.downcast_ref::<I32Exit>()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct I32Exit(pub i32);

impl std::fmt::Display for I32Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the guest exited with code {}", self.0)
    }
}

impl std::error::Error for I32Exit {}

/// Where a guest's stdin comes from: each `get-stdin` makes a new stream.
pub trait StdinStream: Send + Sync {
    /// A new stream reading the input.
    fn stream(&self) -> Box<dyn InputStream>;
    /// Whether the input is a terminal.
    fn isatty(&self) -> bool {
        false
    }
}

/// Where a guest's stdout or stderr goes: each `get-stdout` makes a new
/// stream.
pub trait StdoutStream: Send + Sync {
    /// A new stream writing to the output.
    fn stream(&self) -> Box<dyn OutputStream>;
    /// Whether the output is a terminal.
    fn isatty(&self) -> bool {
        false
    }
}

/// The host process's stdin. It is read by a thread of its own, started
/// when a guest first reads or waits on it, one chunk at a time as the
/// guest consumes them.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stdin;

/// What the stdin thread has read and not yet handed out.
#[derive(Default)]
struct StdinState {
    buffer: Vec<u8>,
    eof: bool,
    error: Option<String>,
}

struct StdinShared {
    state: Mutex<StdinState>,
    /// Wakes the reading thread when the buffer is drained.
    drained: Condvar,
    /// Wakes waiting guests when data (or the end) arrives.
    arrived: tokio::sync::Notify,
}

fn stdin_shared() -> &'static Arc<StdinShared> {
    static SHARED: OnceLock<Arc<StdinShared>> = OnceLock::new();
    SHARED.get_or_init(|| {
        let shared = Arc::new(StdinShared {
            state: Mutex::default(),
            drained: Condvar::new(),
            arrived: tokio::sync::Notify::new(),
        });
        let reader = shared.clone();
        let spawned = std::thread::Builder::new()
            .name("hoist-wasi-stdin".into())
            .spawn(move || read_stdin(&reader));
        if let Err(e) = spawned {
            let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
            state.error = Some(format!("cannot start the stdin thread: {e}"));
        }
        shared
    })
}

fn read_stdin(shared: &StdinShared) {
    let mut chunk = vec![0; 64 * 1024];
    loop {
        {
            let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
            while !state.buffer.is_empty() {
                state = shared
                    .drained
                    .wait(state)
                    .unwrap_or_else(|e| e.into_inner());
            }
        }
        let result = std::io::stdin().lock().read(&mut chunk);
        let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        let done = match result {
            Ok(0) => {
                state.eof = true;
                true
            }
            Ok(n) => {
                state.buffer.extend_from_slice(&chunk[..n]);
                false
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => false,
            Err(e) => {
                state.error = Some(e.to_string());
                true
            }
        };
        drop(state);
        shared.arrived.notify_waiters();
        if done {
            return;
        }
    }
}

impl Subscribe for Stdin {
    fn ready(&mut self) -> BoxFuture<'static, ()> {
        let shared = stdin_shared().clone();
        Box::pin(async move {
            loop {
                let notified = shared.arrived.notified();
                {
                    let state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
                    if !state.buffer.is_empty() || state.eof || state.error.is_some() {
                        return;
                    }
                }
                notified.await;
            }
        })
    }
}

impl InputStream for Stdin {
    fn read(&mut self, size: usize) -> Result<Vec<u8>, StreamError> {
        let shared = stdin_shared();
        let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        if !state.buffer.is_empty() {
            let n = size.min(state.buffer.len());
            let out: Vec<u8> = state.buffer.drain(..n).collect();
            if state.buffer.is_empty() {
                shared.drained.notify_one();
            }
            return Ok(out);
        }
        if let Some(e) = &state.error {
            return Err(StreamError::LastOperationFailed(anyhow::anyhow!(
                "reading stdin: {e}"
            )));
        }
        if state.eof {
            return Err(StreamError::Closed);
        }
        Ok(Vec::new())
    }
}

impl StdinStream for Stdin {
    fn stream(&self) -> Box<dyn InputStream> {
        Box::new(Stdin)
    }

    fn isatty(&self) -> bool {
        std::io::stdin().is_terminal()
    }
}

/// The host process's stdout: each write goes straight to it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stdout;

/// The host process's stderr: each write goes straight to it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stderr;

/// An output stream over one of the process's own streams.
struct ProcessOutput {
    stderr: bool,
}

impl Subscribe for ProcessOutput {
    fn ready(&mut self) -> BoxFuture<'static, ()> {
        Box::pin(async {})
    }
}

impl OutputStream for ProcessOutput {
    fn write(&mut self, bytes: &[u8]) -> Result<(), StreamError> {
        let result = if self.stderr {
            let mut out = std::io::stderr().lock();
            out.write_all(bytes).and_then(|()| out.flush())
        } else {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes).and_then(|()| out.flush())
        };
        result.map_err(|e| StreamError::LastOperationFailed(e.into()))
    }

    fn flush(&mut self) -> Result<(), StreamError> {
        // Every write is flushed already.
        Ok(())
    }

    fn check_write(&mut self) -> Result<usize, StreamError> {
        Ok(1 << 20)
    }
}

impl StdoutStream for Stdout {
    fn stream(&self) -> Box<dyn OutputStream> {
        Box::new(ProcessOutput { stderr: false })
    }

    fn isatty(&self) -> bool {
        std::io::stdout().is_terminal()
    }
}

impl StdoutStream for Stderr {
    fn stream(&self) -> Box<dyn OutputStream> {
        Box::new(ProcessOutput { stderr: true })
    }

    fn isatty(&self) -> bool {
        std::io::stderr().is_terminal()
    }
}

/// The host value behind a `terminal-input` handle.
#[derive(Debug)]
pub struct TerminalInput;

/// The host value behind a `terminal-output` handle.
#[derive(Debug)]
pub struct TerminalOutput;

impl<T: WasiView> environment::Host for T {
    async fn get_environment(&mut self) -> Result<Vec<(String, String)>> {
        Ok(self.ctx().ctx.env.clone())
    }

    async fn get_arguments(&mut self) -> Result<Vec<String>> {
        Ok(self.ctx().ctx.args.clone())
    }

    async fn initial_cwd(&mut self) -> Result<Option<String>> {
        Ok(self.ctx().ctx.initial_cwd.clone())
    }
}

impl<T: WasiView> exit::Host for T {
    async fn exit(&mut self, status: Result<(), ()>) -> Result<()> {
        Err(I32Exit(if status.is_ok() { 0 } else { 1 }).into())
    }

    async fn exit_with_code(&mut self, status_code: u8) -> Result<()> {
        Err(I32Exit(i32::from(status_code)).into())
    }
}

impl<T: WasiView> stdin::Host for T {
    async fn get_stdin(&mut self) -> Result<Resource<DynInputStream>> {
        let view = self.ctx();
        let stream = view.ctx.stdin.stream();
        view.table.push(stream)
    }
}

impl<T: WasiView> stdout::Host for T {
    async fn get_stdout(&mut self) -> Result<Resource<DynOutputStream>> {
        let view = self.ctx();
        let stream = view.ctx.stdout.stream();
        view.table.push(stream)
    }
}

impl<T: WasiView> stderr::Host for T {
    async fn get_stderr(&mut self) -> Result<Resource<DynOutputStream>> {
        let view = self.ctx();
        let stream = view.ctx.stderr.stream();
        view.table.push(stream)
    }
}

impl<T: WasiView> terminal_input::HostTerminalInput for T {
    async fn drop(&mut self, r: Resource<TerminalInput>) -> Result<()> {
        self.ctx().table.delete(r)?;
        Ok(())
    }
}

impl<T: WasiView> terminal_input::Host for T {}

impl<T: WasiView> terminal_output::HostTerminalOutput for T {
    async fn drop(&mut self, r: Resource<TerminalOutput>) -> Result<()> {
        self.ctx().table.delete(r)?;
        Ok(())
    }
}

impl<T: WasiView> terminal_output::Host for T {}

impl<T: WasiView> terminal_stdin::Host for T {
    async fn get_terminal_stdin(&mut self) -> Result<Option<Resource<TerminalInput>>> {
        let view = self.ctx();
        if view.ctx.stdin.isatty() {
            Ok(Some(view.table.push(TerminalInput)?))
        } else {
            Ok(None)
        }
    }
}

impl<T: WasiView> terminal_stdout::Host for T {
    async fn get_terminal_stdout(&mut self) -> Result<Option<Resource<TerminalOutput>>> {
        let view = self.ctx();
        if view.ctx.stdout.isatty() {
            Ok(Some(view.table.push(TerminalOutput)?))
        } else {
            Ok(None)
        }
    }
}

impl<T: WasiView> terminal_stderr::Host for T {
    async fn get_terminal_stderr(&mut self) -> Result<Option<Resource<TerminalOutput>>> {
        let view = self.ctx();
        if view.ctx.stderr.isatty() {
            Ok(Some(view.table.push(TerminalOutput)?))
        } else {
            Ok(None)
        }
    }
}
