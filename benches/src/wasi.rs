//! The WASI workloads (`wasi_*`): C programs built with wasi-libc
//! (`benches/workloads/wasi/*.c`, rebuilt by `build.sh` there), adapted
//! from preview1 modules into components with the preview1 adapter once,
//! outside the timed region, and run as `wasi:cli/run` commands on
//! `hoist::wasi`. The same workloads run on Wasmtime 48 with
//! `wasmtime-wasi` in `benches/wasi-peer`, and `benches/wasi-compare.sh`
//! puts the two side by side.
//!
//! One op is a whole command run: a fresh `WasiCtx` and `Store`,
//! instantiation from an `InstancePre`, `wasi:cli/run`, and dropping the
//! store. The modules are in this repository and compiled into the
//! binary, like `c2c.wat`; `--workloads` does not apply to them.
//!
//! - `wasi_hello`: `hello.c` prints "hello, world\n" into a
//!   `MemoryOutputPipe`, which every op checks.
//! - `wasi_copy_64m`: `copy.c` copies the 64 MiB file `in` to `out` in
//!   64 KiB `read`/`write` calls, in a temporary directory preopened as
//!   `/data` (wasi:filesystem descriptors and their streams).
//! - `wasi_stdout_64m`: `stdout.c` writes 64 MiB to stdout in 4 KiB
//!   writes; stdout is the write end of an OS pipe (`std::io::pipe`) whose
//!   read end a thread drains, through [`PipeStdout`], which writes each
//!   chunk straight to the pipe as Wasmtime's `OutputFile` does.

use crate::measure::{time_units, Bench};
use crate::Ctx;
use anyhow::{bail, ensure, Context, Result};
use hoist::component::{Component, InstancePre, Linker};
use hoist::wasi::filesystem::{DirPerms, FilePerms};
use hoist::wasi::io::{OutputStream, StreamError, Subscribe};
use hoist::wasi::pipe::MemoryOutputPipe;
use hoist::wasi::preview1::{self, AdapterKind};
use hoist::wasi::runtime::BoxFuture;
use hoist::wasi::{cli::StdoutStream, sync::Command, WasiCtx, WasiCtxBuilder, WasiState};
use hoist::{Engine, Store};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

/// The preview1 module printing "hello, world\n".
const HELLO: &[u8] = include_bytes!("../workloads/wasi/hello.wasm");
/// The preview1 module copying `/data/in` to `/data/out`.
const COPY: &[u8] = include_bytes!("../workloads/wasi/copy.wasm");
/// The preview1 module writing 64 MiB to stdout.
const STDOUT: &[u8] = include_bytes!("../workloads/wasi/stdout.wasm");

/// What `hello.c` prints.
const HELLO_OUTPUT: &[u8] = b"hello, world\n";
/// The size of the file `copy.c` copies, and of what `stdout.c` writes.
const SIZE_64M: usize = 64 << 20;
/// The size of `stdout.c`'s writes: its output repeats a pattern of this
/// length.
const STDOUT_CHUNK: usize = 4096;

/// FNV-1a-64 of `bytes`, shown on stderr with the component's size.
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Adapts the preview1 `module` into a command component, compiles it
/// and links it against `hoist::wasi`. With `WASI_BENCH_COMPONENTS=DIR` in
/// the environment the component is also written to `DIR/{name}.wasm`.
fn prepare(cx: &Ctx, name: &str, module: &[u8]) -> Result<InstancePre<WasiState>> {
    let bytes = preview1::adapt(module, AdapterKind::Command)
        .with_context(|| format!("{name}: adapting the preview1 module"))?;
    eprintln!(
        "{name}: component of {} bytes, FNV-1a-64 {:016x}",
        bytes.len(),
        fnv1a64(&bytes)
    );
    if let Some(dir) = std::env::var_os("WASI_BENCH_COMPONENTS") {
        let path = Path::new(&dir).join(format!("{name}.wasm"));
        std::fs::write(&path, &bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    let component =
        Component::new(&cx.engine, &bytes).with_context(|| format!("{name}: compiling"))?;
    let mut linker = Linker::<WasiState>::new(&cx.engine);
    hoist::wasi::add_to_linker_sync(&mut linker)?;
    linker
        .instantiate_pre(&component)
        .with_context(|| format!("{name}: linking"))
}

/// Runs the command once with `ctx`: a fresh store, instantiation,
/// `wasi:cli/run`. Fails unless the guest returns success.
fn run(engine: &Engine, pre: &InstancePre<WasiState>, ctx: WasiCtx) -> Result<()> {
    let mut store = Store::new(engine, WasiState::new(ctx));
    let (command, _) = Command::instantiate_pre(&mut store, pre)?;
    match command.wasi_cli_run().call_run(&mut store)? {
        Ok(()) => Ok(()),
        Err(()) => bail!("the guest's wasi:cli/run returned an error"),
    }
}

/// `wasi_hello`: instantiate and run `hello.c` with stdout captured in
/// memory, checking what it printed.
pub fn wasi_hello(cx: &Ctx) -> Result<Bench> {
    let pre = prepare(cx, "wasi_hello", HELLO)?;
    let engine = cx.engine.clone();
    let mut once = move || -> Result<()> {
        let stdout = MemoryOutputPipe::new(4096);
        let ctx = WasiCtxBuilder::new()
            .args(["hello.wasm"])
            .stdout(stdout.clone())
            .build();
        run(&engine, &pre, ctx)?;
        let out = stdout.contents();
        ensure!(
            out == HELLO_OUTPUT,
            "wasi_hello: printed {:?}, expected {:?}",
            String::from_utf8_lossy(&out),
            String::from_utf8_lossy(HELLO_OUTPUT)
        );
        Ok(())
    };
    once()?;
    Ok(Bench::new(
        "wasi_hello",
        "instantiate + run hello.c (stdout to a MemoryOutputPipe)",
        1,
        move |units| time_units(units, &mut once),
    ))
}

/// A temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    /// A new empty directory under the system's temporary directory.
    fn new(tag: &str) -> Result<TempDir> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let path =
            std::env::temp_dir().join(format!("hoist-bench-{tag}-{}-{nanos}", std::process::id()));
        std::fs::create_dir(&path).with_context(|| format!("creating {}", path.display()))?;
        Ok(TempDir(path))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// 64 MiB of bytes that differ from block to block (an xorshift stream),
/// so that a copy that drops, repeats or swaps chunks shows.
fn copy_input() -> Vec<u8> {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut out = Vec::with_capacity(SIZE_64M);
    while out.len() < SIZE_64M {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.extend_from_slice(&state.to_le_bytes());
    }
    out
}

/// `wasi_copy_64m`: run `copy.c` on a 64 MiB file in a preopened
/// temporary directory; the copy is checked after the first run.
pub fn wasi_copy_64m(cx: &Ctx) -> Result<Bench> {
    let pre = prepare(cx, "wasi_copy_64m", COPY)?;
    let engine = cx.engine.clone();
    let dir = TempDir::new("wasi-copy")?;
    let input = copy_input();
    std::fs::write(dir.path().join("in"), &input).context("writing the input file")?;
    let host = dir.path().to_path_buf();
    let mut once = move || -> Result<()> {
        let ctx = WasiCtxBuilder::new()
            .args(["copy.wasm"])
            .preopened_dir(&host, "/data", DirPerms::all(), FilePerms::all())?
            .build();
        run(&engine, &pre, ctx)
    };
    once()?;
    let output = std::fs::read(dir.path().join("out")).context("reading the copy")?;
    ensure!(
        output.len() == input.len(),
        "wasi_copy_64m: the copy has {} bytes, expected {}",
        output.len(),
        input.len()
    );
    ensure!(
        output == input,
        "wasi_copy_64m: the copy differs from the input"
    );
    drop((input, output));
    Ok(Bench::new(
        "wasi_copy_64m",
        "instantiate + run copy.c on a 64 MiB file (64 KiB reads and writes)",
        1,
        move |units| {
            // The directory lives as long as the bench.
            let _keep = &dir;
            time_units(units, &mut once)
        },
    ))
}

/// A guest stdout writing straight to the write end of an OS pipe (each
/// write blocks until the pipe took all of it), as Wasmtime's
/// `OutputFile` does.
#[derive(Clone)]
struct PipeStdout(Arc<std::io::PipeWriter>);

impl Subscribe for PipeStdout {
    fn ready(&mut self) -> BoxFuture<'static, ()> {
        Box::pin(async {})
    }
}

impl OutputStream for PipeStdout {
    fn write(&mut self, bytes: &[u8]) -> Result<(), StreamError> {
        (&*self.0)
            .write_all(bytes)
            .map_err(|e| StreamError::LastOperationFailed(e.into()))
    }

    fn flush(&mut self) -> Result<(), StreamError> {
        Ok(())
    }

    fn check_write(&mut self) -> Result<usize, StreamError> {
        Ok(64 * 1024)
    }
}

impl StdoutStream for PipeStdout {
    fn stream(&self) -> Box<dyn OutputStream> {
        Box::new(self.clone())
    }
}

/// The reading end's state, shared with the thread draining it.
struct Drain {
    /// Bytes read so far.
    read: AtomicU64,
    /// Whether to check each byte against `stdout.c`'s pattern.
    verify: AtomicBool,
    /// Set by the thread if a byte was wrong or reading failed.
    failed: AtomicBool,
}

/// Drains `reader` until end of stream, counting (and, while asked,
/// checking) the bytes.
fn drain(mut reader: std::io::PipeReader, state: &Drain) {
    let mut buf = vec![0u8; 64 * 1024];
    let mut offset = 0u64;
    loop {
        match reader.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => {
                if state.verify.load(Ordering::Relaxed) {
                    let ok = buf[..n].iter().enumerate().all(|(i, &b)| {
                        let k = (offset + i as u64) as usize % STDOUT_CHUNK;
                        b == b'a' + (k % 26) as u8
                    });
                    if !ok {
                        state.failed.store(true, Ordering::Relaxed);
                    }
                }
                offset += n as u64;
                state.read.store(offset, Ordering::Release);
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => {
                state.failed.store(true, Ordering::Relaxed);
                return;
            }
        }
    }
}

/// `wasi_stdout_64m`: run `stdout.c`, whose 64 MiB go through 4 KiB writes
/// into an OS pipe drained by a thread. An op ends when the thread has
/// read all of it; the first run's bytes are checked.
pub fn wasi_stdout_64m(cx: &Ctx) -> Result<Bench> {
    let pre = prepare(cx, "wasi_stdout_64m", STDOUT)?;
    let engine = cx.engine.clone();
    let (reader, writer) = std::io::pipe().context("creating a pipe")?;
    let state = Arc::new(Drain {
        read: AtomicU64::new(0),
        verify: AtomicBool::new(true),
        failed: AtomicBool::new(false),
    });
    let thread_state = state.clone();
    std::thread::Builder::new()
        .name("wasi-stdout-drain".into())
        .spawn(move || drain(reader, &thread_state))
        .context("starting the draining thread")?;
    // The thread ends when the bench, holding the only write end, is dropped.
    let stdout = PipeStdout(Arc::new(writer));
    let mut expected = 0u64;
    let mut once = move || -> Result<()> {
        let ctx = WasiCtxBuilder::new()
            .args(["stdout.wasm"])
            .stdout(stdout.clone())
            .build();
        run(&engine, &pre, ctx)?;
        expected += SIZE_64M as u64;
        while state.read.load(Ordering::Acquire) < expected {
            ensure!(
                !state.failed.load(Ordering::Relaxed),
                "wasi_stdout_64m: reading the pipe failed"
            );
            std::thread::yield_now();
        }
        ensure!(
            state.read.load(Ordering::Acquire) == expected,
            "wasi_stdout_64m: more than 64 MiB arrived"
        );
        ensure!(
            !state.failed.load(Ordering::Relaxed),
            "wasi_stdout_64m: the output differs from stdout.c's pattern"
        );
        state.verify.store(false, Ordering::Relaxed);
        Ok(())
    };
    once()?;
    Ok(Bench::new(
        "wasi_stdout_64m",
        "instantiate + run stdout.c: 64 MiB in 4 KiB writes to an OS pipe drained by a thread",
        1,
        move |units| time_units(units, &mut once),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_input_is_not_periodic_in_64k() {
        let input = copy_input();
        assert_eq!(input.len(), SIZE_64M);
        assert_ne!(input[..65536], input[65536..131072]);
    }

    /// Each set-up runs its workload once and checks the result.
    #[test]
    fn wasi_workloads_give_their_known_answers() -> Result<()> {
        let cx = Ctx {
            engine: hoist::Engine::default(),
            dir: PathBuf::new(),
        };
        wasi_hello(&cx)?;
        wasi_copy_64m(&cx)?;
        wasi_stdout_64m(&cx)?;
        Ok(())
    }
}
