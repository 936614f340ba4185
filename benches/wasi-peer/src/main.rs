//! `wasi-peer`: times Wasmtime 48 with `wasmtime-wasi` on hoist's WASI
//! workloads (`benches/workloads/wasi`), the same way `hoist-bench` times
//! hoist on them (`benches/src/wasi.rs`), with the same output contract:
//! one stdout line per workload, `name median_ns_per_op iterations`.
//!
//! The workloads are preview1 modules built from C with wasi-libc,
//! adapted into command components here with the same encoder
//! (`wit-component` 0.263) and adapter (`wasi-preview1-component-adapter-provider`
//! 50) as `hoist::wasi::preview1::adapt`, once, outside the timed region;
//! each harness prints the adapted component's size and FNV-1a-64 on
//! stderr, so one can see that both run the same bytes.
//!
//! One op is a whole command run: a fresh `WasiCtx` and `Store`,
//! instantiation from a `CommandPre`, `wasi:cli/run`, and dropping the
//! store.
//!
//! - `wasi_hello`: `hello.c` prints "hello, world\n" into a
//!   `MemoryOutputPipe`, which every op checks.
//! - `wasi_copy_64m`: `copy.c` copies the 64 MiB file `in` to `out` in
//!   64 KiB `read`/`write` calls, in a temporary directory preopened as
//!   `/data` (read-write).
//! - `wasi_stdout_64m`: `stdout.c` writes 64 MiB to stdout in 4 KiB
//!   writes; stdout is Wasmtime's `OutputFile` over the write end of an OS
//!   pipe (`std::io::pipe`) whose read end a thread drains.
//!
//! By default the engine has `concurrency_support(false)`, as in
//! `shared/bench/compare.sh` (hoist's calls are synchronous);
//! `--concurrency` uses `Config::default()`. `--allow-blocking` sets
//! `WasiCtxBuilder::allow_blocking_current_thread(true)`, so that file I/O
//! runs on the calling thread rather than on Tokio's blocking pool.

#[path = "../../src/measure.rs"]
#[allow(dead_code)]
mod measure;

use anyhow::{bail, ensure, Context, Result};
use measure::{measure, time_units, Bench};
use std::io::{Read, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use wasmtime::component::{Component, Linker, ResourceTable};
use wasmtime::{Config, Engine, Store};
use wasmtime_wasi::cli::OutputFile;
use wasmtime_wasi::p2::bindings::sync::CommandPre;
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{FsPerms, WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

/// `--allow-blocking`: `WasiCtxBuilder::allow_blocking_current_thread(true)`
/// for every run (file I/O on the calling thread instead of Tokio's
/// blocking pool).
static ALLOW_BLOCKING: AtomicBool = AtomicBool::new(false);

/// A context builder with the options of the command line.
fn builder() -> WasiCtxBuilder {
    let mut b = WasiCtxBuilder::new();
    b.allow_blocking_current_thread(ALLOW_BLOCKING.load(Ordering::Relaxed));
    b
}

/// The preview1 module printing "hello, world\n".
const HELLO: &[u8] = include_bytes!("../../workloads/wasi/hello.wasm");
/// The preview1 module copying `/data/in` to `/data/out`.
const COPY: &[u8] = include_bytes!("../../workloads/wasi/copy.wasm");
/// The preview1 module writing 64 MiB to stdout.
const STDOUT: &[u8] = include_bytes!("../../workloads/wasi/stdout.wasm");

/// What `hello.c` prints.
const HELLO_OUTPUT: &[u8] = b"hello, world\n";
/// The size of the file `copy.c` copies, and of what `stdout.c` writes.
const SIZE_64M: usize = 64 << 20;
/// The size of `stdout.c`'s writes: its output repeats a pattern of this
/// length.
const STDOUT_CHUNK: usize = 4096;

/// The store data of one run.
struct State {
    ctx: WasiCtx,
    table: ResourceTable,
}

impl WasiView for State {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.ctx,
            table: &mut self.table,
        }
    }
}

/// FNV-1a-64 of `bytes`.
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Adapts `module` into a command component exactly as
/// `hoist::wasi::preview1::adapt(module, AdapterKind::Command)` does.
fn adapt(module: &[u8]) -> Result<Vec<u8>> {
    wit_component::ComponentEncoder::default()
        .module(module)?
        .adapter(
            "wasi_snapshot_preview1",
            wasi_preview1_component_adapter_provider::WASI_SNAPSHOT_PREVIEW1_COMMAND_ADAPTER,
        )?
        .validate(true)
        .encode()
}

/// Adapts, compiles and pre-links one workload.
fn prepare(engine: &Engine, name: &str, module: &[u8]) -> Result<CommandPre<State>> {
    let bytes = adapt(module).with_context(|| format!("{name}: adapting the preview1 module"))?;
    eprintln!(
        "{name}: component of {} bytes, FNV-1a-64 {:016x}",
        bytes.len(),
        fnv1a64(&bytes)
    );
    if let Some(dir) = std::env::var_os("WASI_BENCH_COMPONENTS") {
        let path = Path::new(&dir).join(format!("{name}.wasm"));
        std::fs::write(&path, &bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    let component = Component::new(engine, &bytes)
        .map_err(anyhow::Error::from)
        .with_context(|| format!("{name}: compiling"))?;
    let mut linker = Linker::<State>::new(engine);
    wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
    let pre = linker
        .instantiate_pre(&component)
        .and_then(CommandPre::new)
        .map_err(anyhow::Error::from)
        .with_context(|| format!("{name}: linking"))?;
    Ok(pre)
}

/// Runs the command once with `ctx`. Fails unless the guest succeeds.
fn run(engine: &Engine, pre: &CommandPre<State>, ctx: WasiCtx) -> Result<()> {
    let mut store = Store::new(
        engine,
        State {
            ctx,
            table: ResourceTable::new(),
        },
    );
    let command = pre.instantiate(&mut store)?;
    match command.wasi_cli_run().call_run(&mut store)? {
        Ok(()) => Ok(()),
        Err(()) => bail!("the guest's wasi:cli/run returned an error"),
    }
}

fn wasi_hello(engine: &Engine) -> Result<Bench> {
    let pre = prepare(engine, "wasi_hello", HELLO)?;
    let engine = engine.clone();
    let mut once = move || -> Result<()> {
        let stdout = MemoryOutputPipe::new(4096);
        let ctx = builder()
            .args(&["hello.wasm"])
            .stdout(stdout.clone())
            .build();
        run(&engine, &pre, ctx)?;
        let out = stdout.contents();
        ensure!(
            &out[..] == HELLO_OUTPUT,
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
    fn new(tag: &str) -> Result<TempDir> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let path =
            std::env::temp_dir().join(format!("wasi-peer-{tag}-{}-{nanos}", std::process::id()));
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

/// The same 64 MiB as hoist-bench's `copy_input`.
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

fn wasi_copy_64m(engine: &Engine) -> Result<Bench> {
    let pre = prepare(engine, "wasi_copy_64m", COPY)?;
    let engine = engine.clone();
    let dir = TempDir::new("wasi-copy")?;
    let input = copy_input();
    std::fs::write(dir.path().join("in"), &input).context("writing the input file")?;
    let host = dir.path().to_path_buf();
    let mut once = move || -> Result<()> {
        let ctx = builder()
            .args(&["copy.wasm"])
            .preopened_dir(&host, "/data", FsPerms::ReadWrite)?
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
            let _keep = &dir;
            time_units(units, &mut once)
        },
    ))
}

/// The reading end's state, shared with the thread draining it.
struct Drain {
    read: AtomicU64,
    verify: AtomicBool,
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

fn wasi_stdout_64m(engine: &Engine) -> Result<Bench> {
    let pre = prepare(engine, "wasi_stdout_64m", STDOUT)?;
    let engine = engine.clone();
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
    let stdout = OutputFile::new(std::fs::File::from(std::os::fd::OwnedFd::from(writer)));
    let mut expected = 0u64;
    let mut once = move || -> Result<()> {
        let ctx = builder()
            .args(&["stdout.wasm"])
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

/// Sets a workload up (and checks it) on an engine.
type Setup = fn(&Engine) -> Result<Bench>;

/// Every workload, in hoist-bench's order.
const WORKLOADS: &[(&str, Setup)] = &[
    ("wasi_hello", wasi_hello),
    ("wasi_copy_64m", wasi_copy_64m),
    ("wasi_stdout_64m", wasi_stdout_64m),
];

const USAGE: &str = "usage: wasi-peer [--filter NAME|PREFIX*[,..]] [--min-time SECS] \
[--concurrency] [--allow-blocking] [--check] [--list]";

/// A filter is an exact workload name, or a prefix followed by `*`.
fn filter_matches(filter: &str, name: &str) -> bool {
    match filter.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => name == filter,
    }
}

fn main() -> Result<()> {
    let mut filters: Vec<String> = Vec::new();
    let mut min_time = Duration::from_millis(500);
    let mut check_only = false;
    let mut concurrency = false;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .with_context(|| format!("{a} needs a value\n{USAGE}"))
        };
        match a.as_str() {
            "--filter" => filters.extend(
                value()?
                    .split(',')
                    .filter(|f| !f.is_empty())
                    .map(str::to_string),
            ),
            "--min-time" => {
                let v = value()?;
                let secs: f64 = v
                    .parse()
                    .with_context(|| format!("--min-time: bad number {v:?}"))?;
                ensure!(secs > 0.0, "--min-time must be positive, got {secs}");
                min_time = Duration::from_secs_f64(secs);
            }
            "--check" => check_only = true,
            "--concurrency" => concurrency = true,
            "--allow-blocking" => ALLOW_BLOCKING.store(true, Ordering::Relaxed),
            "--list" => {
                for (name, _) in WORKLOADS {
                    println!("{name}");
                }
                return Ok(());
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => bail!("unknown argument {other:?}\n{USAGE}"),
        }
    }
    for f in &filters {
        ensure!(
            WORKLOADS.iter().any(|(n, _)| filter_matches(f, n)),
            "--filter {f:?} matches no workload (see --list)"
        );
    }
    let mut config = Config::new();
    config.concurrency_support(concurrency);
    let engine = Engine::new(&config)?;
    eprintln!(
        "wasmtime 48 + wasmtime-wasi | concurrency_support({concurrency}) | \
         allow_blocking_current_thread({}) | min time {min_time:?} per workload",
        ALLOW_BLOCKING.load(Ordering::Relaxed)
    );
    let mut failed = false;
    for (name, setup) in WORKLOADS {
        if !filters.is_empty() && !filters.iter().any(|f| filter_matches(f, name)) {
            continue;
        }
        let result = setup(&engine).and_then(|mut bench| {
            if check_only {
                return Ok(None);
            }
            measure(&mut bench, min_time).map(Some)
        });
        match result {
            Ok(None) => eprintln!("{name}: ok"),
            Ok(Some(r)) => {
                println!("{} {:.2} {}", r.name, r.median_ns, r.iterations);
                let _ = std::io::stdout().flush();
            }
            Err(e) => {
                eprintln!("{name}: FAILED: {e:#}");
                failed = true;
            }
        }
    }
    if failed {
        std::process::exit(1);
    }
    Ok(())
}
