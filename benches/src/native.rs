//! Native Rust baselines (`native_*`): the algorithms of `core_fib.wat` and
//! `core_sieve.wat`, written in Rust and compiled by rustc/LLVM.
//!
//! They are timed and printed exactly like the wasm workloads, so
//! `core_fib / native_fib` and `core_sieve / native_sieve` read off what
//! running through wasm and hoist's JIT costs over native code. Inputs go
//! through [`black_box`] and results come out through it, so the optimiser
//! cannot fold a call into a constant; what it may do to the function body
//! itself (as it would for any Rust program) is part of the baseline.
//!
//! The sieve keeps the wasm version's layout: a 1 MiB table of `u32` words,
//! one bit per number, allocated once like the wasm linear memory and
//! cleared by each call. Where wasm traps (n beyond the table) the Rust
//! version returns `None`. Indexing stays bounds-checked (safe Rust).

use crate::core::{FIB_EXPECTED, FIB_N, SIEVE_CASES, SIEVE_MAX, SIEVE_N};
use crate::measure::{time_units, Bench};
use crate::Ctx;
use anyhow::{ensure, Result};
use std::hint::black_box;

/// Naive doubly recursive Fibonacci, as in `core_fib.wat` (i32 wrapping add,
/// unsigned `n < 2` test).
#[inline(never)]
pub fn fib(n: i32) -> i32 {
    if (n as u32) < 2 {
        n
    } else {
        fib(n.wrapping_sub(1)).wrapping_add(fib(n.wrapping_sub(2)))
    }
}

/// The word of `table` that holds bit `k`, and the mask of that bit.
#[inline(always)]
fn bit(k: u32) -> (usize, u32) {
    ((k >> 5) as usize, 1u32 << (k & 31))
}

/// The number of primes `p` with `2 <= p < n`, by the sieve of Eratosthenes
/// on the bit table `table`, step for step as `core_sieve.wat` does it.
/// `None` when `n` does not fit in the table (where wasm traps).
#[inline(never)]
pub fn sieve(table: &mut [u32], n: u32) -> Option<u32> {
    let words = (n.wrapping_add(31) >> 5) as usize;
    if words > table.len() {
        return None;
    }
    table[..words].fill(0);
    let mut i: u32 = 2;
    while i.wrapping_mul(i) < n {
        let (w, mask) = bit(i);
        if table[w] & mask == 0 {
            let mut j = i.wrapping_mul(i);
            while j < n {
                let (w, mask) = bit(j);
                table[w] |= mask;
                j = j.wrapping_add(i);
            }
        }
        i += 1;
    }
    let mut count = 0u32;
    for k in 2..n {
        let (w, mask) = bit(k);
        count += u32::from(table[w] & mask == 0);
    }
    Some(count)
}

/// `native_fib`: one `fib(27)` in native Rust.
pub fn native_fib(_: &Ctx) -> Result<Bench> {
    for (n, want) in [(0, 0), (1, 1), (10, 55), (FIB_N, FIB_EXPECTED)] {
        let got = fib(black_box(n));
        ensure!(
            got == want,
            "native_fib: fib({n}) returned {got}, expected {want}"
        );
    }
    Ok(Bench::new("native_fib", "fib(27) in Rust", 1, |units| {
        time_units(units, || {
            black_box(fib(black_box(FIB_N)));
            Ok(())
        })
    }))
}

/// `native_sieve`: one `sieve(4000000)` in native Rust, on a 1 MiB table.
pub fn native_sieve(_: &Ctx) -> Result<Bench> {
    let mut table = vec![0u32; (SIEVE_MAX as usize) / 32];
    for (n, want) in SIEVE_CASES {
        let got = sieve(&mut table, black_box(n as u32));
        ensure!(
            got == Some(want as u32),
            "native_sieve: sieve({n}) returned {got:?}, expected {want}"
        );
    }
    ensure!(
        sieve(&mut table, SIEVE_MAX as u32 + 1).is_none(),
        "native_sieve: sieve(2^23 + 1) did not refuse a table overflow"
    );
    Ok(Bench::new(
        "native_sieve",
        "sieve(4000000) in Rust",
        1,
        move |units| {
            time_units(units, || {
                black_box(sieve(black_box(&mut table), black_box(SIEVE_N as u32)));
                Ok(())
            })
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fib_small() {
        let got: Vec<i32> = (0..10).map(fib).collect();
        assert_eq!(got, [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]);
    }

    #[test]
    fn sieve_small_and_edges() {
        let mut table = vec![0u32; 4];
        assert_eq!(sieve(&mut table, 0), Some(0));
        assert_eq!(sieve(&mut table, 30), Some(10));
        assert_eq!(sieve(&mut table, 128), Some(31));
        assert_eq!(sieve(&mut table, 129), None);
        // Earlier runs must not leak into later ones.
        assert_eq!(sieve(&mut table, 10), Some(4));
    }
}
