//! hoist-only workloads (`c2c_*`): calls from one component instance into
//! another, which the shared set has no workload for. The component is
//! `benches/workloads/c2c.wat`, kept in this repository; there is no
//! Wasmtime figure to compare with, so `compare.sh` does not run these.

use crate::measure::{time_units, Bench};
use crate::Ctx;
use anyhow::{ensure, Context, Result};
use hoist::component::{Component, Linker, TypedFunc};
use hoist::Store;
use std::hint::black_box;

/// The component both workloads call into.
const WAT: &str = include_str!("../workloads/c2c.wat");
/// Calls per timed `run-*` call.
const CALLS: u32 = 10_000;

/// A `run-*` export: `func(n: u32) -> u32`, making `n` calls.
type Run = TypedFunc<(u32,), (u32,)>;

/// Instantiates `c2c.wat` and returns its export `name`, a
/// `func(n: u32) -> u32` making `n` component-to-component calls.
fn run_func(cx: &Ctx, name: &str) -> Result<(Store<()>, Run)> {
    let component = Component::new(&cx.engine, WAT).context("compiling c2c.wat")?;
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
        |n| n * (16 + u32::from(b'h')),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The set-up checks each workload's answers; the timed part is not run.
    #[test]
    fn c2c_workloads_give_their_known_answers() -> Result<()> {
        let cx = Ctx {
            engine: hoist::Engine::default(),
            dir: std::path::PathBuf::new(),
        };
        c2c_add(&cx)?;
        c2c_string_echo_16b(&cx)?;
        Ok(())
    }
}
