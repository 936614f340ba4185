//! The core-module workloads (`core_*`), run on hoist.
//!
//! Every set-up function loads its module from the workloads folder,
//! instantiates it, checks the results the shared contract lists (the same
//! inputs and answers as the Wasmtime peer) and only then returns a
//! [`Bench`] whose body is the timed operation. A wrong answer is an error,
//! never a panic, so the harness can report it and carry on.

use crate::measure::{time_units, Bench};
use crate::Ctx;
use anyhow::{ensure, Context, Result};
use hoist::{Config, Engine, Instance, Linker, Module, Store, TypedFunc};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// The argument of `fib` that `core_fib` times.
pub const FIB_N: i32 = 27;
/// `fib(FIB_N)`.
pub const FIB_EXPECTED: i32 = 196_418;
/// The argument of `sieve` that `core_sieve` times.
pub const SIEVE_N: i32 = 4_000_000;
/// The number of primes below [`SIEVE_N`].
pub const SIEVE_EXPECTED: i32 = 283_146;
/// The largest `n` the sieve's 1 MiB bit table covers (one bit per number).
pub const SIEVE_MAX: i32 = 1 << 23;
/// The `(n, primes below n)` pairs both sieves are checked against, in order.
pub const SIEVE_CASES: [(i32, i32); 8] = [
    (0, 0),
    (2, 0),
    (3, 1),
    (100, 25),
    (1_000_000, 78_498),
    (SIEVE_N, SIEVE_EXPECTED),
    (SIEVE_MAX, 564_163),
    // Again after the largest run: each call must clear its own table.
    (1_000_000, 78_498),
];
/// The loop count of `core_host_call`'s `run` (one import call per step).
const LOOP_N: u32 = 1_000_000;
/// `sum(0..LOOP_N) mod 2^32`, what `run(LOOP_N)` returns.
const LOOP_EXPECTED: u32 = 1_783_293_664;

/// The size of `core_compile.wasm`, in bytes.
const COMPILE_LEN: usize = 538_634;
/// The FNV-1a-64 hash of `core_compile.wasm`.
const COMPILE_FNV: u64 = 0x9ebc_b4a8_35e2_4dba;
/// What the generated module's `run(12345, 200)` returns.
const COMPILE_EXPECTED: i32 = 1_544_354_501;

/// Loads and instantiates the workload module `name` (no imports) in a
/// fresh store.
fn instantiate(cx: &Ctx, name: &str) -> Result<(Store<()>, Instance)> {
    let module = cx.module(name)?;
    let mut store = Store::new(&cx.engine, ());
    let instance =
        Instance::new(&mut store, &module, &[]).with_context(|| format!("instantiating {name}"))?;
    Ok((store, instance))
}

/// Checks `f(n) == want` for every pair, naming the workload on failure.
fn check_cases(
    name: &str,
    func: &str,
    store: &mut Store<()>,
    f: TypedFunc<i32, i32>,
    cases: &[(i32, i32)],
) -> Result<()> {
    for &(n, want) in cases {
        let got = f
            .call(&mut *store, n)
            .with_context(|| format!("{name}: {func}({n}) failed"))?;
        ensure!(
            got == want,
            "{name}: {func}({n}) returned {got}, expected {want}"
        );
    }
    Ok(())
}

/// `core_nop`: one call of the empty export `nop()`, i.e. only the cost of
/// entering and leaving wasm through the typed call path.
pub fn core_nop(cx: &Ctx) -> Result<Bench> {
    let (mut store, instance) = instantiate(cx, "core_nop")?;
    let nop = instance.get_typed_func::<(), ()>(&mut store, "nop")?;
    nop.call(&mut store, ()).context("core_nop: nop() failed")?;
    Ok(Bench::new("core_nop", "call nop()", 1, move |units| {
        time_units(units, || nop.call(&mut store, ()))
    }))
}

/// `core_fib`: one call of the naive recursive `fib(27)` (calls, branches,
/// i32 arithmetic inside JIT code).
pub fn core_fib(cx: &Ctx) -> Result<Bench> {
    let (mut store, instance) = instantiate(cx, "core_fib")?;
    let fib = instance.get_typed_func::<i32, i32>(&mut store, "fib")?;
    let cases = [(0, 0), (1, 1), (10, 55), (FIB_N, FIB_EXPECTED)];
    check_cases("core_fib", "fib", &mut store, fib, &cases)?;
    Ok(Bench::new("core_fib", "call fib(27)", 1, move |units| {
        time_units(units, || {
            black_box(fib.call(&mut store, black_box(FIB_N))?);
            Ok(())
        })
    }))
}

/// `core_sieve`: one call of `sieve(4000000)` over a bit table in a 1 MiB
/// linear memory (loads, read-modify-write stores, tight loops).
pub fn core_sieve(cx: &Ctx) -> Result<Bench> {
    let (mut store, instance) = instantiate(cx, "core_sieve")?;
    let sieve = instance.get_typed_func::<i32, i32>(&mut store, "sieve")?;
    check_cases("core_sieve", "sieve", &mut store, sieve, &SIEVE_CASES)?;
    ensure!(
        sieve.call(&mut store, SIEVE_MAX + 1).is_err(),
        "core_sieve: sieve(2^23 + 1) returned instead of trapping out of bounds"
    );
    Ok(Bench::new(
        "core_sieve",
        "call sieve(4000000)",
        1,
        move |units| {
            time_units(units, || {
                black_box(sieve.call(&mut store, black_box(SIEVE_N))?);
                Ok(())
            })
        },
    ))
}

/// `core_host_call`: one `host.add(i32, i32) -> i32` import call, measured
/// as one `run(1000000)` (a wasm loop of 10⁶ import calls) divided by 10⁶.
pub fn core_host_call(cx: &Ctx) -> Result<Bench> {
    let module = cx.module("core_host_call")?;
    let mut linker = Linker::<()>::new(&cx.engine);
    linker.func_wrap("host", "add", |a: i32, b: i32| a.wrapping_add(b))?;
    let mut store = Store::new(&cx.engine, ());
    let instance = linker
        .instantiate(&mut store, &module)
        .context("instantiating core_host_call")?;
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;
    let cases = [(0, 0), (5, 10), (LOOP_N as i32, LOOP_EXPECTED as i32)];
    check_cases("core_host_call", "run", &mut store, run, &cases)?;
    Ok(Bench::new(
        "core_host_call",
        "one host.add import call (run(1000000) / 1000000)",
        u64::from(LOOP_N),
        move |units| {
            time_units(units, || {
                black_box(run.call(&mut store, black_box(LOOP_N as i32))?);
                Ok(())
            })
        },
    ))
}

/// The 64-bit FNV-1a hash, with which the contract identifies
/// `core_compile.wasm`.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Reads `core_compile.wasm` and checks that it is exactly the module the
/// contract describes.
fn compile_input(cx: &Ctx) -> Result<Vec<u8>> {
    let path = cx.dir.join("core_compile.wasm");
    let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
    let hash = fnv1a64(&bytes);
    ensure!(
        bytes.len() == COMPILE_LEN && hash == COMPILE_FNV,
        "{} is {} bytes with fnv1a64 {hash:016x}, expected {COMPILE_LEN} bytes with {COMPILE_FNV:016x}",
        path.display(),
        bytes.len()
    );
    Ok(bytes)
}

/// Compiles `bytes` once, then instantiates it twice in fresh stores and
/// checks that `run(12345, 200)` gives the known answer both times.
fn check_compiled(name: &str, engine: &Engine, bytes: &[u8]) -> Result<()> {
    let module = Module::new(engine, bytes).with_context(|| format!("{name}: compiling"))?;
    for round in 0..2 {
        let mut store = Store::new(engine, ());
        let instance = Instance::new(&mut store, &module, &[])
            .with_context(|| format!("{name}: instantiating"))?;
        let run = instance.get_typed_func::<(i32, i32), i32>(&mut store, "run")?;
        let got = run
            .call(&mut store, (12345, 200))
            .with_context(|| format!("{name}: run(12345, 200) failed"))?;
        ensure!(
            got == COMPILE_EXPECTED,
            "{name}: run(12345, 200) returned {got} on instance {round}, expected {COMPILE_EXPECTED}"
        );
    }
    Ok(())
}

/// A compile workload: `Module::new` of the 2000-function module on
/// `engine`. Dropping each module stays outside the timed region.
fn compile_bench(cx: &Ctx, name: &'static str, engine: Engine) -> Result<Bench> {
    let bytes = compile_input(cx)?;
    check_compiled(name, &engine, &bytes)?;
    Ok(Bench::new(
        name,
        "Module::new on the generated 2000-function module",
        1,
        move |units| {
            let mut total = Duration::ZERO;
            for _ in 0..units {
                let start = Instant::now();
                let module = Module::new(&engine, &bytes)?;
                total += start.elapsed();
                drop(black_box(module));
            }
            Ok(total)
        },
    ))
}

/// `core_compile`: `Module::new` with the default configuration, which
/// compiles functions in parallel.
pub fn core_compile(cx: &Ctx) -> Result<Bench> {
    compile_bench(cx, "core_compile", cx.engine.clone())
}

/// `core_compile_serial`: the same with `parallel_compilation(false)`, so a
/// single compiler thread.
pub fn core_compile_serial(cx: &Ctx) -> Result<Bench> {
    let mut config = Config::new();
    config.parallel_compilation(false);
    let engine = Engine::new(&config)?;
    compile_bench(cx, "core_compile_serial", engine)
}

#[cfg(test)]
mod tests {
    use super::fnv1a64;

    #[test]
    fn fnv1a64_known_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
