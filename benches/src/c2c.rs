//! The component-to-component workloads (`c2c_*`) of the shared set:
//! calls from one component instance into another, through `canon lower`
//! of the other's lifted export (`c2c.wat` in the workloads folder, which
//! `../shared/bench/compare.sh` runs on Wasmtime too).

use crate::measure::{time_units, Bench};
use crate::Ctx;
use anyhow::{ensure, Context, Result};
use hoist::component::{Component, Linker, TypedFunc};
use hoist::Store;
use std::hint::black_box;

/// Calls per timed `run-*` call.
const CALLS: u32 = 10_000;

/// A `run-*` export: `func(n: u32) -> u32`, making `n` calls.
type Run = TypedFunc<(u32,), (u32,)>;

/// Instantiates `c2c.wat` and returns its export `name`, a
/// `func(n: u32) -> u32` making `n` component-to-component calls.
fn run_func(cx: &Ctx, name: &str) -> Result<(Store<()>, Run)> {
    let path = cx.dir.join("c2c.wat");
    let component = Component::from_file(&cx.engine, &path)
        .with_context(|| format!("compiling {}", path.display()))?;
    let mut store = Store::new(&cx.engine, ());
    let instance = Linker::<()>::new(&cx.engine).instantiate(&mut store, &component)?;
    let f = instance.get_typed_func::<(u32,), (u32,)>(&mut store, name)?;
    Ok((store, f))
}

/// Checks `run(n)` against `want(n)` for a few `n`, then times `run(CALLS)`.
fn workload(
    cx: &Ctx,
    name: &'static str,
    export: &str,
    op: &'static str,
    want: fn(u32) -> u32,
) -> Result<Bench> {
    let (mut store, f) = run_func(cx, export)?;
    for n in [0, 1, 7, CALLS] {
        let (got,) = f.call(&mut store, (n,))?;
        ensure!(
            got == want(n),
            "{name}: {export}({n}) returned {got}, expected {}",
            want(n)
        );
    }
    Ok(Bench::new(name, op, u64::from(CALLS), move |units| {
        time_units(units, || {
            black_box(f.call(&mut store, (black_box(CALLS),))?);
            Ok(())
        })
    }))
}

/// `c2c_add`: one call of another instance's `add: func(u32, u32) -> u32`
/// (the fused scalar path).
pub fn c2c_add(cx: &Ctx) -> Result<Bench> {
    workload(
        cx,
        "c2c_add",
        "run-add",
        "one component-to-component add(u32, u32) call (run-add(10000) / 10000)",
        |n| (1..=n).fold(0u32, u32::wrapping_add),
    )
}

/// `c2c_string_echo_16b`: one call of another instance's
/// `echo: func(string) -> string` with 16 bytes (the general path).
pub fn c2c_string_echo_16b(cx: &Ctx) -> Result<Bench> {
    workload(
        cx,
        "c2c_string_echo_16b",
        "run-echo",
        "one component-to-component echo(16-byte string) call (run-echo(10000) / 10000)",
        |n| n * (16 + u32::from(b'0')),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The set-up checks each workload's answers; the timed part is not run.
    /// The workloads are the shared set's: without them (a machine without
    /// `../shared`) this says so and passes, unless CI runs it.
    #[test]
    fn c2c_workloads_give_their_known_answers() -> Result<()> {
        let dir = crate::default_dir();
        if !dir.join("c2c.wat").is_file() {
            let ci =
                std::env::var_os("CI").is_some() || std::env::var_os("HOIST_TESTSUITE").is_some();
            assert!(
                !ci,
                "CI is set but the shared workloads are missing at {}",
                dir.display()
            );
            eprintln!("SKIPPED: no shared workloads at {}", dir.display());
            return Ok(());
        }
        let cx = Ctx {
            engine: hoist::Engine::default(),
            dir,
        };
        c2c_add(&cx)?;
        c2c_string_echo_16b(&cx)?;
        Ok(())
    }
}
